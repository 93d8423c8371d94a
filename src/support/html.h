/*
 * html — every byte of a page goes through one of these writers, chosen by
 * context, so each line of a page shows what is markup and what is data
 * (after cgit's html.c).
 */
#ifndef RELAIS_HTML_H
#define RELAIS_HTML_H

#include <stdint.h>

#include "support/buf.h"

/* Literal markup: string literals only, never data (inline: the
   literal's length is counted by the compiler). */
static inline void html(buf *b, const char *markup)
{
	buf_puts(b, markup);
}
/* Text content: escapes & < > " '. */
void html_txt(buf *b, const char *text);
/* An attribute value (write the quotes yourself): same escaping. */
void html_attr(buf *b, const char *value);
/* A query-string argument: percent-encodes all but unreserved characters. */
void html_url_arg(buf *b, const char *value);
/* A whole number as text. */
void html_int(buf *b, int64_t n);

#endif
