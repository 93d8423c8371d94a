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

/* The declared body of an API route (domain/field.h), for its description
   (the OpenAPI document): one entry per route that reads a body through a
   field table. */
struct route_input {
	enum method method;
	const char *pattern;        /* as in routes[] */
	const struct field *fields;
	size_t nfields;
};
extern const struct route_input route_inputs[];
extern const int route_inputs_count;

/* The table and the French error page, for http_serve(). */
extern const struct http_site relais_site;

#endif
