/* csvwrite — see csvwrite.h. */
#include "support/csvwrite.h"

#include <inttypes.h>
#include <string.h>

void csv_field(buf *b, const char *text)
{
	if (!text)
		return;
	int formula = strchr("=+-@\t\r", text[0]) != NULL && text[0] != '\0';
	int quote = formula || strpbrk(text, ",\"\r\n") != NULL;
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
