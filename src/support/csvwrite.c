/* csvwrite — see csvwrite.h. */
#include "support/csvwrite.h"

#include <inttypes.h>
#include <string.h>

/* One field, quoted when it must be (it holds sep, a quote, CR or LF);
   neutralise: the formula guard; empty_quoted: "" for an empty text (told
   apart from NULL). */
static void field(buf *b, const char *text, char sep, int neutralise, int empty_quoted)
{
	if (!text)
		return;
	const char specials[] = {sep, '"', '\r', '\n', '\0'};
	int formula = neutralise && strchr("=+-@\t\r", text[0]) != NULL && text[0] != '\0';
	int quote = formula || (empty_quoted && !*text) || strpbrk(text, specials) != NULL;
	if (quote)
		buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
}

void csv_field(buf *b, const char *text)
{
	field(b, text, ',', 1, 0);
}

void csv_field_sep(buf *b, const char *text, char sep)
{
	field(b, text, sep, 1, 0);
}

void csv_field_exact(buf *b, const char *text)
{
	field(b, text, ',', 0, 1);
}

void csv_int(buf *b, int64_t n)
{
	buf_printf(b, "%" PRId64, n);
}

void csv_sep(buf *b)
{
	buf_putc(b, ',');
}

void csv_end(buf *b)
{
	buf_puts(b, "\r\n");
}
