/* xlsxlib — see xlsxlib.h. */
#define XLSXLIB_TABLE
#include "render/xlsxlib.h"

#include <stddef.h>

#include "lazy/sonames.h"
#include "support/lazylib.h"

struct xlsxlib xlsxlib;

static const char *const sonames[] = {SONAME_XLSXWRITER, NULL};

#define XLSXLIB_ENTRY(f) {#f, offsetof(struct xlsxlib, f)},
static const struct lazylib_fn fns[] = {XLSXLIB_FUNCTIONS(XLSXLIB_ENTRY)};

static struct lazylib lib = LAZYLIB_INIT("XLSX (libxlsxwriter)", sonames, fns, &xlsxlib);

int xlsxlib_load(void)
{
	return lazylib_load(&lib);
}
