/* pdflib — see pdflib.h. */
#define PDFLIB_TABLE
#include "render/pdflib.h"

#include <stddef.h>

#include "lazy/sonames.h"
#include "support/lazylib.h"

struct pdflib pdflib;

static const char *const sonames[] = {SONAME_PANGOCAIRO, SONAME_PANGO, SONAME_CAIRO, SONAME_GOBJECT, SONAME_GLIB, NULL};

#define PDFLIB_ENTRY(f) {#f, offsetof(struct pdflib, f)},
static const struct lazylib_fn fns[] = {PDFLIB_FUNCTIONS(PDFLIB_ENTRY)};

static struct lazylib lib = LAZYLIB_INIT("PDF (cairo, pango)", sonames, fns, &pdflib);

int pdflib_load(void)
{
	return lazylib_load(&lib);
}
