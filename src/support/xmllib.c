/* xmllib — see xmllib.h. */
#define XMLLIB_TABLE
#include "support/xmllib.h"

#include <stddef.h>

#include "lazy/sonames.h"
#include "support/lazylib.h"

#define LAZYLIB_STRUCT struct xmllib
LAZYLIB_DEFINE(xmllib, XMLLIB_FUNCTIONS, "XML (libxml2)",
	       SONAME_XML)
