/*
 * alloc — the test hook of the allocators (arena, buf).
 *
 * A test program may define alloc_should_fail() (tests/unit/test_alloc.c
 * does): it is asked before each allocation of the arena and the buffer,
 * and a non-zero answer makes that allocation fail as malloc() would.  The
 * product does not define it: the weak reference is NULL and every
 * allocation is tried.
 */
#ifndef RELAIS_ALLOC_H
#define RELAIS_ALLOC_H

int alloc_should_fail(void) __attribute__((weak));

/* Whether the allocation about to be made must fail (tests only). */
static inline int alloc_fails(void)
{
	return alloc_should_fail && alloc_should_fail();
}

#endif
