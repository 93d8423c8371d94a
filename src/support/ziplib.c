/* ziplib — see ziplib.h. */
#define ZIPLIB_TABLE
#include "support/ziplib.h"

#include <stddef.h>

#include "lazy/sonames.h"
#include "support/lazylib.h"

#define LAZYLIB_STRUCT struct ziplib
LAZYLIB_DEFINE(ziplib, ZIPLIB_FUNCTIONS, "ZIP archives (libzip)",
	       SONAME_ZIP)
