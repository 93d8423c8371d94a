/*
 * alloc — what the allocators (arena, buf) do when memory runs out.
 *
 * Out of a request, running out of memory aborts with a log line (arena)
 * or refuses the text (buf: overflow set).  While a thread has a catch
 * point set (alloc_catch, as the HTTP server does around each request's
 * handler), a failed arena or buffer allocation jumps back to it instead:
 * the server rolls back what the request had begun and answers 503, and
 * nothing ever reads a half-built value.  What the unwound frames had
 * taken with malloc is lost; on a machine short of memory that is the
 * price of staying up.
 *
 * The test hook: a test program may define alloc_should_fail()
 * (tests/unit/test_alloc.c, tests/oom/hook.c do): it is asked before each
 * allocation of the arena and the buffer, and a non-zero answer makes that
 * allocation fail as malloc() would.  The product does not define it: the
 * weak reference is NULL and every allocation is tried.
 */
#ifndef RELAIS_ALLOC_H
#define RELAIS_ALLOC_H

#include <setjmp.h>
#include <stddef.h>

int alloc_should_fail(void) __attribute__((weak));

/* Whether the allocation about to be made must fail (tests only). */
static inline int alloc_fails(void)
{
	return alloc_should_fail && alloc_should_fail();
}

/* Sets this thread's catch point (NULL clears it).  Each setting is a new
   catch: alloc_catch_serial() tells them apart. */
void alloc_catch(jmp_buf *env);
/* Whether this thread has a catch point set. */
int alloc_catching(void);
/* How many catch points this thread has set so far. */
unsigned long alloc_catch_serial(void);
/* Called by an allocator whose allocation of n bytes failed: jumps to the
   thread's catch point (clearing it) when one is set, and returns
   otherwise (the caller then aborts or refuses). */
void alloc_failed(const char *what, size_t n);

/* Makes the C library keep the memory a process freed, up to a few MiB,
   instead of giving it back to the kernel at once (see alloc.c).  Called
   once by main(), before any thread starts. */
void alloc_keep_freed(void);
/* Faults in about bytes of heap (capped below the heap's mapping
   threshold) at once, for the allocations that follow; after
   alloc_keep_freed.  Nothing under ASan or outside glibc. */
void alloc_prefault(size_t bytes);

#endif
