/* html — see html.h. */
#include "support/html.h"

#include <inttypes.h>
#include <string.h>

void html_txt(buf *b, const char *text)
{
	if (!text)
		return;
	for (;;) {
		size_t run = strcspn(text, "&<>\"'");
		const char *rep;
		buf_add(b, text, run);
		text += run;
		switch (*text) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: return; /* the end of the text */
		}
		buf_puts(b, rep);
		text++;
	}
}

void html_attr(buf *b, const char *value)
{
	html_txt(b, value);
}

void html_url_arg(buf *b, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!value)
		return;
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_putc(b, (char)*p);
		} else {
			char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_add(b, enc, 3);
		}
	}
}

void html_int(buf *b, int64_t n)
{
	char d[24];
	int i = (int)sizeof d;
	uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
	do
		d[--i] = (char)('0' + u % 10);
	while (u /= 10);
	if (n < 0)
		d[--i] = '-';
	buf_add(b, d + i, sizeof d - (size_t)i);
}
