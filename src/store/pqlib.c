/* pqlib — see pqlib.h. */
#define PQLIB_TABLE
#include "store/pqlib.h"

#include <stddef.h>

#include "lazy/sonames.h"
#include "support/lazylib.h"

#define LAZYLIB_STRUCT struct pqlib
LAZYLIB_DEFINE(pqlib, PQLIB_FUNCTIONS, "PostgreSQL (libpq)",
	       SONAME_PQ)
