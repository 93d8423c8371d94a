/*
 * relais routes — the pages of the route table, for the browser test:
 * every GET route that answers an HTML page (not the API, not a file —
 * ROUTE_API, ROUTE_FILE), with the roles the policy lets in.  Printed as
 * JSON (one array of {"path", "public", "roles", "menu"}), so that a new
 * page is checked by the test without being listed there.  Reads no
 * database: the table and the policy are data in the binary.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "domain/role.h"
#include "routes/routes.h"
#include "service/policy.h"

static const struct cli_opt opts[] = {{0}};

static int run(const struct cli_values *v)
{
	(void)v;
	json_t *list = json_array();
	for (int i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		if (r->method != M_GET || (r->flags & (ROUTE_API | ROUTE_FILE)))
			continue;
		json_t *roles = json_array();
		for (int role = ROLE_NONE + 1; role < ROLE__COUNT; role++)
			if (policy_allows((enum role)role, r->action))
				json_array_append_new(roles, json_string(role_code((enum role)role)));
		json_array_append_new(
		    list, json_pack("{s:s, s:b, s:o, s:b}", "path", r->pattern, "public",
				    policy_allows(ROLE_NONE, r->action), "roles", roles, "menu",
				    r->nav != NULL));
	}
	char *text = json_dumps(list, JSON_INDENT(1) | JSON_ENSURE_ASCII);
	json_decref(list);
	if (!text)
		return cli_fail("cannot write the route list");
	puts(text);
	free(text);
	return 0;
}

const struct cli_cmd cmd_routes = {
	"routes",
	"Print the HTML pages of the route table (GET, not API, not files) and the roles allowed, "
	"as JSON.",
	opts,
	run,
	NULL,
	0};
