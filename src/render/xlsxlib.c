/* xlsxlib — see xlsxlib.h. */
#define XLSXLIB_TABLE
#include "render/xlsxlib.h"

#include <stddef.h>

#include "lazy/sonames.h"
#include "support/lazylib.h"

#define LAZYLIB_STRUCT struct xlsxlib
LAZYLIB_DEFINE(xlsxlib, XLSXLIB_FUNCTIONS, "XLSX (libxlsxwriter)",
	       SONAME_XLSXWRITER)
