/*
 * Unit tests of the route table and the policy: every route × every role
 * is decided by the table, and the table itself keeps its promises.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/http.h"
#include "routes/routes.h"
#include "service/policy.h"

/* What each role may do, written independently of policy.c (DESIGN §2). */
static const int expected[ACT__COUNT][ROLE__COUNT] = {
	/*                 none admin head worker employer auditor reception */
	[ACT_PUBLIC] = {1, 1, 1, 1, 1, 1, 1},
	[ACT_SIGNED_IN] = {0, 1, 1, 1, 1, 1, 1},
	[ACT_USERS_READ] = {0, 1, 0, 0, 0, 0, 0},
	[ACT_USERS_CREATE] = {0, 1, 0, 0, 0, 0, 0},
	[ACT_AUDIT_READ] = {0, 0, 0, 0, 0, 1, 0},
	[ACT_REFERENCE_READ] = {0, 1, 1, 1, 1, 1, 1},
	[ACT_REFERENCE_EDIT] = {0, 1, 0, 0, 0, 0, 0},
	[ACT_ORGS_READ] = {0, 1, 1, 1, 0, 0, 0},
	[ACT_ORGS_EDIT] = {0, 1, 1, 0, 0, 0, 0},
	[ACT_ORGS_ASSIGN] = {0, 0, 1, 0, 0, 0, 0},
	[ACT_CASEWORK] = {0, 0, 0, 1, 0, 0, 0},
	[ACT_RECORD] = {0, 1, 1, 1, 1, 1, 1},
	[ACT_CASELOADS] = {0, 0, 1, 0, 0, 0, 0},
	[ACT_REPORTS] = {0, 0, 1, 0, 1, 0, 0},
	[ACT_BILAN_PUBLISH] = {0, 0, 1, 0, 0, 0, 0},
	[ACT_CONVENTIONS_EDIT] = {0, 1, 1, 0, 0, 0, 0},
	[ACT_HOURS_READ] = {0, 1, 1, 1, 1, 0, 0},
	[ACT_TIME] = {0, 0, 0, 1, 0, 0, 0},
	[ACT_PARTNERS_READ] = {0, 1, 1, 1, 0, 0, 0},
	[ACT_PARTNERS_ADD] = {0, 1, 1, 1, 0, 0, 0},
	[ACT_PARTNERS_EDIT] = {0, 1, 0, 0, 0, 0, 0},
	[ACT_COLLECTIVE_READ] = {0, 0, 1, 1, 1, 0, 0},
	[ACT_COLLECTIVE_EDIT] = {0, 0, 1, 1, 0, 0, 0},
	/* The reception (secrétariat) books permanences and appointments,
	   reads no case: a record route lets it in, the service answers 404. */
	[ACT_PERMANENCES_EDIT] = {0, 1, 1, 0, 0, 0, 1},
	[ACT_PERMANENCES_READ] = {0, 1, 1, 1, 1, 0, 1},
	[ACT_PERMANENCE_EXCEPTIONS] = {0, 1, 1, 1, 0, 0, 1},
	[ACT_APPOINTMENTS] = {0, 0, 1, 1, 0, 0, 1},
	[ACT_CALENDAR] = {0, 0, 0, 1, 0, 0, 0},
	[ACT_REQUESTS_SEND] = {0, 0, 0, 0, 1, 0, 0},
	[ACT_REQUESTS_READ] = {0, 0, 1, 1, 1, 0, 0},
	[ACT_REQUESTS_REPLY] = {0, 0, 1, 1, 0, 0, 0},
	[ACT_REQUEST_LINKS] = {0, 1, 1, 0, 0, 0, 0},
	[ACT_EMPLOYEE_REQUESTS] = {0, 0, 0, 1, 0, 0, 0},
	[ACT_PROPOSALS] = {0, 1, 1, 1, 0, 0, 0},
	/* Erasure on request: the référent asks, a head decides. */
	[ACT_ERASURES] = {0, 0, 1, 1, 0, 0, 0},
	[ACT_RETENTION] = {0, 0, 1, 0, 0, 0, 0},
	/* Letter templates (issue 16): the head and the admin keep them; the
	   workers read them to write letters. */
	[ACT_LETTER_TEMPLATES] = {0, 1, 1, 0, 0, 0, 0},
	[ACT_LETTER_TEMPLATES_READ] = {0, 1, 1, 1, 0, 0, 0},
};

static void test_policy_matrix(void **state)
{
	(void)state;
	for (int a = 0; a < ACT__COUNT; a++) {
		assert_non_null(policy_table[a].name);
		for (int r = 0; r < ROLE__COUNT; r++)
			if (policy_allows((enum role)r, (enum action)a) != expected[a][r])
				fail_msg("action %s, role %s: got %d", policy_action_name((enum action)a),
					 role_code((enum role)r), !expected[a][r]);
	}
	assert_false(policy_allows(ROLE__COUNT, ACT_PUBLIC));
	assert_false(policy_allows(ROLE_ADMIN, ACT__COUNT));
}

static void test_every_route_every_role(void **state)
{
	(void)state;
	for (int i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		assert_true(r->action >= 0 && r->action < ACT__COUNT);
		assert_non_null(r->fn);
		for (int role = 0; role < ROLE__COUNT; role++) {
			int allowed = policy_allows((enum role)role, r->action);
			assert_int_equal(allowed, expected[r->action][role]);
		}
		/* An anonymous request reaches a handler only on public routes. */
		assert_int_equal(policy_needs_session(r->action), !expected[r->action][ROLE_NONE]);
	}
}

static void test_route_table_shape(void **state)
{
	(void)state;
	for (int i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		int api = strncmp(r->pattern, "/api/", 5) == 0;
		assert_int_equal(api, (r->flags & ROUTE_API) != 0);
		/* Only the sign-in itself skips CSRF, and the employees' public form,
		   which has no session and checks the Origin instead
		   (web/employee_requests.c), and the enrolment link's form, which has
		   no session either: its token is the credential and it opens no
		   session (service/accounts.h); and the code asked after the
		   identity provider (/oidc/code), before any session: its pending
		   token is the credential and the Origin is checked (web/oidc.c). */
		if (r->flags & ROUTE_NO_CSRF)
			assert_true(r->method == M_POST &&
				    (strcmp(r->pattern, "/login") == 0 ||
				     strcmp(r->pattern, "/api/v1/session") == 0 ||
				     strcmp(r->pattern, "/demande/{token}") == 0 ||
				     strcmp(r->pattern, "/oidc/code") == 0 ||
				     (strcmp(r->pattern, "/inscription/{token}") == 0 ||
				      strcmp(r->pattern, "/api/v1/enrolment/{token}") == 0)));
		if ((r->flags & ROUTE_NO_CSRF) && strstr(r->pattern, "{token}") &&
		    strcmp(r->pattern, "/demande/{token}") != 0)
			assert_true(r->flags & ROUTE_NO_SESSION);
		/* Menu entries are pages. */
		if (r->nav)
			assert_true(r->method == M_GET && !api);
		/* No duplicate (method, pattern). */
		for (int j = i + 1; j < routes_count; j++)
			assert_false(r->method == routes[j].method &&
				     strcmp(r->pattern, routes[j].pattern) == 0);
	}
}

/* Whether the first {…} segment of pattern is named name. */
static int first_param_is(const char *pattern, const char *name)
{
	const char *open = strchr(pattern, '{');
	size_t len = strlen(name);
	return open && strncmp(open + 1, name, len) == 0 && open[1 + len] == '}';
}

/* The flags the router acts on before the handler: the id in the path is
   parsed for every route whose first parameter is {id}, and only for those;
   the JSON body only on API routes that take a body, and for every route
   whose body is declared. */
static void test_route_parse_flags(void **state)
{
	(void)state;
	int ids = 0, bodies = 0;
	for (int i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		int id = first_param_is(r->pattern, "id");
		if (id != ((r->flags & ROUTE_ID) != 0))
			fail_msg("%s %s: ROUTE_ID %s", method_name(r->method), r->pattern,
				 id ? "missing" : "without {id} first");
		ids += id;
		if (!(r->flags & ROUTE_JSON))
			continue;
		bodies++;
		/* A DELETE may carry the reason of a deletion (issue 17:
		   corrections, attachments) as its JSON body. */
		if (!(r->flags & ROUTE_API) || (r->method != M_POST && r->method != M_PUT &&
						r->method != M_PATCH && r->method != M_DELETE))
			fail_msg("%s %s: ROUTE_JSON on a route without a JSON body",
				 method_name(r->method), r->pattern);
	}
	assert_true(ids > 0 && bodies > 0);
	for (int i = 0; i < route_inputs_count; i++) {
		const struct route_input *in = &route_inputs[i];
		int flagged = 0;
		for (int j = 0; j < routes_count; j++)
			if (routes[j].method == in->method && strcmp(routes[j].pattern, in->pattern) == 0)
				flagged = (routes[j].flags & ROUTE_JSON) != 0;
		if (!flagged)
			fail_msg("%s %s: a declared body without ROUTE_JSON", method_name(in->method),
				 in->pattern);
	}
}

static void test_router_match(void **state)
{
	(void)state;
	const char *params[HTTP_PARAMS_MAX];
	int n = 0, known = 0;
	const struct route *r = router_match(&relais_site, M_GET, "/assets/pico.min.css", params, &n, &known);
	assert_non_null(r);
	assert_int_equal(n, 1);
	assert_null(router_match(&relais_site, M_GET, "/assets/", params, &n, &known));
	assert_null(router_match(&relais_site, M_GET, "/assets/a/b", params, &n, &known));
	assert_null(router_match(&relais_site, M_PUT, "/api/v1/session", params, &n, &known));
	assert_true(known);
	assert_null(router_match(&relais_site, M_GET, "/nowhere", params, &n, &known));
	assert_false(known);
	assert_non_null(router_match(&relais_site, M_HEAD, "/healthz", params, &n, &known));
}

/* The reception role: its code round-trips, and it reaches no case work
   nor any list of persons, only the record routes the service then
   answers "not found" (tests/http/test_reception.c). */
static void test_reception_role(void **state)
{
	(void)state;
	assert_int_equal(role_from_code("reception"), ROLE_RECEPTION);
	assert_string_equal(role_code(ROLE_RECEPTION), "reception");
	assert_string_equal(role_label(ROLE_RECEPTION), "Secrétariat / accueil");
	assert_int_equal(role_from_code("secretariat"), ROLE_NONE);
	static const enum action never[] = {ACT_CASEWORK, ACT_CASELOADS, ACT_REPORTS, ACT_CALENDAR,
					    ACT_EMPLOYEE_REQUESTS, ACT_AUDIT_READ, ACT_USERS_READ,
					    ACT_REQUESTS_READ, ACT_TIME, ACT_ORGS_READ};
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
		assert_false(policy_allows(ROLE_RECEPTION, never[i]));
	for (int i = 0; i < routes_count; i++)
		if (strstr(routes[i].pattern, "/persons") || strstr(routes[i].pattern, "/cases"))
			assert_true(!policy_allows(ROLE_RECEPTION, routes[i].action) ||
				    routes[i].action == ACT_RECORD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_matrix),
		cmocka_unit_test(test_reception_role),
		cmocka_unit_test(test_every_route_every_role),
		cmocka_unit_test(test_route_table_shape),
		cmocka_unit_test(test_route_parse_flags),
		cmocka_unit_test(test_router_match),
	};
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
