/* dlopen_wrap — see dlopen_wrap.h. */
#include "support/dlopen_wrap.h"

#include <stddef.h>
#include <string.h>

void *__wrap_dlopen(const char *file, int mode)
{
	if (file && strcmp(file, DLOPEN_WRAP_LPSOLVE_BLAS) == 0)
		return NULL;
	return __real_dlopen(file, mode);
}
