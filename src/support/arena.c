/* arena — see arena.h.  Chunks of 16 KiB, larger requests get their own. */
#include "support/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/alloc.h"
#include "support/log.h"

#define CHUNK_SIZE 16384

struct chunk {
	struct chunk *next; /* previous chunk in the list */
	size_t used;        /* bytes handed out from data */
	size_t size;        /* bytes in data */
	alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct chunk *head; /* current chunk, NULL before the first allocation */
};

arena *arena_new(void)
{
	arena *a = alloc_fails() ? NULL : calloc(1, sizeof *a);
	if (!a) {
		alloc_failed("arena", sizeof *a);
		log_fatal("out of memory (arena)");
	}
	return a;
}

void arena_free(arena *a)
{
	if (!a)
		return;
	struct chunk *c = a->head;
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	free(a);
}

void *arena_alloc(arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	if (n > SIZE_MAX / 2)
		log_fatal("arena allocation too large (%zu bytes)", n);
	n = (n + align - 1) & ~(align - 1);
	if (n == 0)
		n = align;
	struct chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;
		c = alloc_fails() ? NULL : malloc(sizeof *c + size);
		if (!c) {
			alloc_failed("arena chunk", size);
			log_fatal("out of memory (arena chunk of %zu bytes)", size);
		}
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
