/* oidclib — see oidclib.h. */
#define OIDCLIB_TABLE
#include "support/oidclib.h"

#include <stddef.h>

#include "lazy/sonames.h"
#include "support/lazylib.h"

struct oidclib oidclib;

static const char *const sonames[] = {SONAME_IDDAWC, SONAME_RHONABWY, NULL};

#define OIDCLIB_ENTRY(f) {#f, offsetof(struct oidclib, f)},
static const struct lazylib_fn fns[] = {OIDCLIB_FUNCTIONS(OIDCLIB_ENTRY)};

static struct lazylib lib = LAZYLIB_INIT("OpenID Connect (iddawc, rhonabwy)", sonames, fns, &oidclib);

int oidclib_load(void)
{
	return lazylib_load(&lib);
}
