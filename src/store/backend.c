/* backend — the helpers every back end shares; see backend.h. */
#include "store/backend.h"

#include <stdarg.h>
#include <stdio.h>

void store_set_error(store *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
	va_end(ap);
}
