/* mhdlib — see mhdlib.h. */
#define MHDLIB_TABLE
#include "http/mhdlib.h"

#include <stddef.h>

#include "lazy/sonames.h"
#include "support/lazylib.h"

#define LAZYLIB_STRUCT struct mhdlib
LAZYLIB_DEFINE(mhdlib, MHDLIB_FUNCTIONS, "HTTP server (libmicrohttpd)",
	       SONAME_MHD)
