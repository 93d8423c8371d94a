/* pdflib — see pdflib.h. */
#define PDFLIB_TABLE
#include "render/pdflib.h"

#include <stddef.h>

#include "lazy/sonames.h"
#include "support/lazylib.h"

#define LAZYLIB_STRUCT struct pdflib
LAZYLIB_DEFINE(pdflib, PDFLIB_FUNCTIONS, "PDF (cairo, pango)",
	       SONAME_PANGOCAIRO, SONAME_PANGO, SONAME_CAIRO, SONAME_GOBJECT, SONAME_GLIB)
