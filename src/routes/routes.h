/*
 * routes — what relais serves: the one route table (method, path, the
 * policy action it needs, flags, handler, the menu label for pages) and the
 * error page, bound together as the site the HTTP server runs.  The router,
 * the menu and the route × role test all read this table.  This folder sits
 * above http/, web/ and api/: it is the only place that names all three.
 */
#ifndef RELAIS_ROUTES_H
#define RELAIS_ROUTES_H

#include "http/http.h"

extern const struct route routes[];
extern const int routes_count;

/* The declared bodies of the API routes (struct route_input, http/http.h),
   described by the OpenAPI document. */
extern const struct route_input route_inputs[];
extern const int route_inputs_count;

/* The table, the French error page and the declared bodies, for http_serve(). */
extern const struct http_site relais_site;

#endif
