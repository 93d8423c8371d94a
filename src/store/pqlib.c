/* pqlib — see pqlib.h. */
#define PQLIB_TABLE
#include "store/pqlib.h"

#include <stddef.h>

#include "lazy/sonames.h"
#include "support/lazylib.h"

struct pqlib pqlib;

static const char *const sonames[] = {SONAME_PQ, NULL};

#define PQLIB_ENTRY(f) {#f, offsetof(struct pqlib, f)},
static const struct lazylib_fn fns[] = {PQLIB_FUNCTIONS(PQLIB_ENTRY)};

static struct lazylib lib = LAZYLIB_INIT("PostgreSQL (libpq)", sonames, fns, &pqlib);

int pqlib_load(void)
{
	return lazylib_load(&lib);
}
