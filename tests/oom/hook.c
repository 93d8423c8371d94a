/*
 * hook — the allocators' test hook (support/alloc.h) for a server run by
 * tests/http/test_oom.c: linked with the product into tests/relais-oom.
 *
 * Only allocations made under a catch point count, that is inside a
 * request's handler (http/server.c's dispatch), and the count starts again
 * at each request: when a request begins, the number N is read from the
 * file named by RELAIS_OOM_FILE, and that request's Nth allocation of the
 * arena or a buffer fails as malloc() would (0, or no file: none fails).
 * The test writes N before each request it sends.
 */
#include <stdio.h>
#include <stdlib.h>

#include "support/alloc.h"

int alloc_should_fail(void)
{
	static _Thread_local unsigned long serial;
	static _Thread_local long count, fail_at;
	if (!alloc_catching())
		return 0;
	if (alloc_catch_serial() != serial) {
		serial = alloc_catch_serial();
		count = 0;
		fail_at = 0;
		const char *path = getenv("RELAIS_OOM_FILE");
		FILE *f = path ? fopen(path, "r") : NULL;
		if (f) {
			if (fscanf(f, "%ld", &fail_at) != 1)
				fail_at = 0;
			fclose(f);
		}
	}
	return ++count == fail_at;
}
