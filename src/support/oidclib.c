/* oidclib — see oidclib.h. */
#define OIDCLIB_TABLE
#include "support/oidclib.h"

#include <stddef.h>

#include "lazy/sonames.h"
#include "support/lazylib.h"

#define LAZYLIB_STRUCT struct oidclib
LAZYLIB_DEFINE(oidclib, OIDCLIB_FUNCTIONS, "OpenID Connect (iddawc, rhonabwy)",
	       SONAME_IDDAWC, SONAME_RHONABWY)
