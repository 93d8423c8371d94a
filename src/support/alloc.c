/* alloc — see alloc.h. */
#include "support/alloc.h"

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
