/* alloc — see alloc.h. */
#include "support/alloc.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "support/log.h"

static _Thread_local jmp_buf *catch_point;
static _Thread_local unsigned long catch_serial;

void alloc_catch(jmp_buf *env)
{
	catch_point = env;
	if (env)
		catch_serial++;
}

int alloc_catching(void)
{
	return catch_point != NULL;
}

unsigned long alloc_catch_serial(void)
{
	return catch_serial;
}

void alloc_failed(const char *what, size_t n)
{
	jmp_buf *env = catch_point;
	if (!env)
		return;
	catch_point = NULL; /* what follows the jump may allocate again */
	log_error("out of memory (%s of %zu bytes): the request is given up", what, n);
	longjmp(*env, 1);
}

/*
 * The C library gives memory back to the kernel as soon as more than
 * 128 KiB lie free at the top of a heap, and takes it again page by page
 * at the next allocation.  In the server a caseload view spent a quarter
 * of its time in madvise() and the page faults after it; in one
 * organisation's bilan for its employer, the disclosure control's models
 * (built and freed per group of hidden cells) spent a sixth of the
 * command's time trimming the heap and flushing the TLB after it.  Each
 * heap now keeps what it freed up to HEAP_KEPT (so at most what the
 * largest request or model used), and blocks up to half of that come from
 * the heaps rather than from a mapping of their own.
 */
#define HEAP_KEPT ((size_t)8 << 20)

void alloc_keep_freed(void)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) /* ASan has its own allocator */
	if (mallopt(M_TRIM_THRESHOLD, (int)HEAP_KEPT) != 1 ||
	    mallopt(M_MMAP_THRESHOLD, (int)(HEAP_KEPT / 2)) != 1)
		log_warn("mallopt: the heaps' thresholds are left as they are");
#endif
}

/*
 * A short command that reads much (one organisation's bilan, publishing)
 * takes its memory page by page: SQLite's page cache (2 MiB by default)
 * and the bilan's tables, each page a fault on its first touch — 930 in
 * the largest organisation's bilan on a service of 1M employees, ~6 % of
 * its time on a virtual machine.  One call faults the pages in at once:
 * the block taken, populated and given back lies free at the top of the
 * heap (alloc_keep_freed keeps it there), where the next allocations find
 * it.  Blocks of HEAP_KEPT / 2 or more would be mappings of their own,
 * returned to the kernel on free: the size is capped below.
 */
void alloc_prefault(size_t bytes)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	if (bytes > HEAP_KEPT / 2 - page)
		bytes = HEAP_KEPT / 2 - page;
	char *p = malloc(bytes);
	if (!p)
		return;
	uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t to = ((uintptr_t)p + bytes) & ~(page - 1);
	/* MADV_POPULATE_WRITE (Linux 5.14) does it in one call; an older
	   kernel refuses it and the pages are touched one by one (through a
	   volatile pointer: a plain store before free() may be dropped). */
	if (to > from && madvise((void *)from, to - from, MADV_POPULATE_WRITE) != 0)
		for (uintptr_t at = from; at < to; at += page)
			*(volatile char *)at = 0;
	free(p);
#else
	(void)bytes;
#endif
}
