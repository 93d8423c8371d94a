/*
 * arena — a memory pool for one request (or one command): many small
 * allocations, one free.  Allocation failure aborts.  Everything returned
 * lives until arena_free().
 */
#ifndef RELAIS_ARENA_H
#define RELAIS_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a); /* accepts NULL */
void *arena_alloc(arena *a, size_t n); /* zeroed, aligned for any type */
char *arena_strdup(arena *a, const char *s); /* NULL gives NULL */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
