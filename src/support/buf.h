/*
 * buf — a growable byte buffer with a hard cap.
 *
 * Appending past the cap drops the data and sets `overflow`; callers that
 * accept input check it (a request body, a rendered page).  Running out of
 * memory does the same (with a log line): the append is refused, never a
 * crash.  The buffer owns `data`; buf_free()
 * releases it and accepts a zeroed buffer.
 */
#ifndef RELAIS_BUF_H
#define RELAIS_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#define BUF_DEFAULT_MAX ((size_t)64 << 20) /* 64 MiB */

typedef struct buf {
	char *data;   /* bytes, always NUL-terminated when non-NULL */
	size_t len;   /* bytes used, not counting the NUL */
	size_t cap;   /* bytes allocated */
	size_t max;   /* hard cap on len (0: BUF_DEFAULT_MAX) */
	int overflow; /* set once an append was refused for the cap */
} buf;

void buf_init(buf *b, size_t max);
void buf_free(buf *b);
void buf_reset(buf *b);
/* Appends n bytes.  A page is written in thousands of small appends:
   the common case, room enough and under the cap, is inline, and
   buf_puts() of a literal costs no strlen() (the compiler counts it). */
void buf_add_grow(buf *b, const void *p, size_t n);
static inline void buf_add(buf *b, const void *p, size_t n)
{
	if (n == 0) /* p may be NULL */
		return;
	if (n < b->cap - b->len && !b->overflow &&
	    n <= (b->max ? b->max : BUF_DEFAULT_MAX) - b->len) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return;
	}
	buf_add_grow(b, p, n);
}

static inline void buf_puts(buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* The contents as a C string ("" when empty); valid until the next append. */
const char *buf_cstr(buf *b);
/* Hands the data over to the caller (free() it) and leaves b empty. */
char *buf_detach(buf *b, size_t *len);

#endif
