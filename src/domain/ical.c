/* ical — see ical.h. */
#include "domain/ical.h"

#include <string.h>

void ical_fold(buf *b, const char *line)
{
	size_t n = strlen(line), i = 0, width = 0;
	while (i < n) {
		/* The length of the UTF-8 character at i (continuation bytes follow). */
		size_t c = 1;
		while (i + c < n && ((unsigned char)line[i + c] & 0xC0) == 0x80)
			c++;
		if (width + c > ICAL_LINE_OCTETS) {
			buf_add(b, "\r\n ", 3);
			width = 1; /* the leading space counts */
		}
		buf_add(b, line + i, c);
		width += c;
		i += c;
	}
	buf_add(b, "\r\n", 2);
}

void ical_line(buf *b, const char *name, const char *value)
{
	buf l;
	buf_init(&l, 0);
	buf_puts(&l, name);
	buf_putc(&l, ':');
	buf_puts(&l, value ? value : "");
	ical_fold(b, buf_cstr(&l));
	buf_free(&l);
}

void ical_text_line(buf *b, const char *name, const char *text)
{
	buf v;
	buf_init(&v, 0);
	for (const char *p = text ? text : ""; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '\\' || ch == ';' || ch == ',') {
			buf_putc(&v, '\\');
			buf_putc(&v, (char)ch);
		} else if (ch == '\n') {
			buf_add(&v, "\\n", 2);
		} else if (ch >= 0x20 && ch != 0x7F) {
			buf_putc(&v, (char)ch);
		}
	}
	ical_line(b, name, buf_cstr(&v));
	buf_free(&v);
}
