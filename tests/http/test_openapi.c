/*
 * test_openapi — GET /api/v1/openapi.json through the real binary: public,
 * JSON, OpenAPI 3.1; every API route of the route table is in it with its
 * method, path parameters, roles and security; no page is; every declared
 * body (route_inputs) is its operation's requestBody with its fields and
 * its required list.  (Its validity against the OpenAPI 3.1 schema is
 * checked by tests/api/openapi.test.mjs.)
 *
 * Environment: RELAIS_BIN (the binary), RELAIS_TEST_DB (optional: a
 * postgresql:// URI of an empty database; default a fresh SQLite file).
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/harness.h"
#include "http/http.h"
#include "routes/routes.h"

static struct fixture fx;
static json_t *doc; /* the document, fetched once in setup */

static int setup(void **state)
{
	(void)state;
	static const char *const users[] = {"worker1:worker", NULL};
	if (fixture_start(&fx, NULL, users) != 0)
		return -1;
	struct http_resp r;
	if (http_as(fx.srv.port, NULL, 0, "GET", "/api/v1/openapi.json", NULL, &r) != 200)
		return -1;
	doc = http_json(&r);
	http_resp_free(&r);
	return doc ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	json_decref(doc);
	return fixture_stop(&fx);
}

/* The operation of (method, pattern) in the document, or NULL. */
static json_t *operation(enum method m, const char *pattern)
{
	char key[16];
	snprintf(key, sizeof key, "%s", method_name(m));
	for (char *p = key; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return json_object_get(json_object_get(json_object_get(doc, "paths"), pattern), key);
}

static int array_has(json_t *array, const char *s)
{
	for (size_t i = 0; i < json_array_size(array); i++) {
		const char *v = json_string_value(json_array_get(array, i));
		if (v && !strcmp(v, s))
			return 1;
	}
	return 0;
}

/* Anonymous, JSON, OpenAPI 3.1, the binary's title and version. */
static void test_public_document(void **state)
{
	(void)state;
	struct http_resp r;
	char v[128];
	assert_int_equal(http_as(fx.srv.port, NULL, 0, "GET", "/api/v1/openapi.json", NULL, &r),
			 200);
	assert_non_null(http_header(&r, "Content-Type", v, sizeof v));
	assert_non_null(strstr(v, "application/json"));
	http_resp_free(&r);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	json_t *info = json_object_get(doc, "info");
	assert_string_equal(json_string_value(json_object_get(info, "title")), "relais");
	const char *version = json_string_value(json_object_get(info, "version"));
	assert_non_null(version);
	char *out = NULL;
	const char *args[] = {"--version", NULL};
	assert_int_equal(relais_run(args, NULL, &out), 0);
	assert_non_null(strstr(out, version)); /* "relais 0.1.0" */
	free(out);
	/* Relative servers: the document describes whichever host serves it. */
	json_t *server = json_array_get(json_object_get(doc, "servers"), 0);
	assert_string_equal(json_string_value(json_object_get(server, "url")), "/");
	/* Signed in, the same document; writing to it is not a route. */
	struct sess s;
	assert_int_equal(api_login(fx.srv.port, "worker1", TEST_PASSWORD, &s), 200);
	assert_int_equal(http_as(fx.srv.port, &s, 0, "GET", "/api/v1/openapi.json", NULL, NULL),
			 200);
	expect_api(fx.srv.port, &s, "POST", "/api/v1/openapi.json", "{}", 405, NULL);
}

/* Every API route is an operation, with what the route table and the
   policy say of it; operation ids are unique; no page is described. */
static void test_every_api_route(void **state)
{
	(void)state;
	int described = 0;
	for (int i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		json_t *op = operation(rt->method, rt->pattern);
		if (!(rt->flags & ROUTE_API)) {
			if (json_object_get(json_object_get(doc, "paths"), rt->pattern))
				fail_msg("page %s is in the document", rt->pattern);
			continue;
		}
		if (!op)
			fail_msg("%s %s is not in the document", method_name(rt->method), rt->pattern);
		described++;
		/* Unique operation ids. */
		const char *id = json_string_value(json_object_get(op, "operationId"));
		assert_non_null(id);
		for (int j = 0; j < i; j++) {
			json_t *other = operation(routes[j].method, routes[j].pattern);
			if (other && (routes[j].flags & ROUTE_API))
				assert_string_not_equal(
					id, json_string_value(json_object_get(other, "operationId")));
		}
		/* Roles: exactly the signed-in roles the policy allows. */
		assert_string_equal(json_string_value(json_object_get(op, "x-relais-action")),
				    policy_action_name(rt->action));
		json_t *roles = json_object_get(op, "x-relais-roles");
		for (int role = ROLE_ADMIN; role < ROLE__COUNT; role++)
			if (!policy_needs_session(rt->action))
				assert_false(array_has(roles, role_code((enum role)role)));
			else
				assert_int_equal(array_has(roles, role_code((enum role)role)),
						 policy_allows((enum role)role, rt->action));
		/* Security: the cookie unless public; the CSRF header on state-changing
		   calls that check it. */
		json_t *sec = json_array_get(json_object_get(op, "security"), 0);
		assert_non_null(sec);
		int needs_session = policy_needs_session(rt->action);
		int csrf = needs_session && rt->method != M_GET && !(rt->flags & ROUTE_NO_CSRF);
		assert_int_equal(json_object_get(sec, "session") != NULL, needs_session);
		assert_int_equal(json_object_get(sec, "csrf") != NULL, csrf);
		/* Responses: success, and the shared error responses. */
		json_t *responses = json_object_get(op, "responses");
		assert_non_null(json_object_get(responses, "2XX"));
		assert_string_equal(
			json_string_value(json_object_get(json_object_get(responses, "404"), "$ref")),
			"#/components/responses/NotFound");
		if (needs_session)
			assert_non_null(json_object_get(responses, "401"));
		/* Every {name} segment is a path parameter of its path item. */
		json_t *params = json_object_get(
			json_object_get(json_object_get(doc, "paths"), rt->pattern), "parameters");
		for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)strcspn(p + 1, "}"), p + 1);
			int found = 0;
			for (size_t k = 0; k < json_array_size(params); k++) {
				json_t *param = json_array_get(params, k);
				const char *pname = json_string_value(json_object_get(param, "name"));
				found |= pname && !strcmp(pname, name) &&
					 !strcmp(json_string_value(json_object_get(param, "in")), "path");
			}
			if (!found)
				fail_msg("%s: no path parameter %s", rt->pattern, name);
		}
	}
	assert_true(described > 50);
}

/* The fields declared for in's route, over every entry naming it (a
   route may read several tables), and how many are required. */
static size_t route_fields(const struct route_input *in, size_t *nrequired)
{
	size_t n = 0;
	*nrequired = 0;
	for (int i = 0; i < route_inputs_count; i++) {
		const struct route_input *other = &route_inputs[i];
		if (other->method != in->method || strcmp(other->pattern, in->pattern))
			continue;
		n += other->nfields;
		for (size_t k = 0; k < other->nfields; k++)
			*nrequired += (other->fields[k].flags & FIELD_REQUIRED) != 0;
	}
	return n;
}

/* Every declared body is its route's requestBody, field by field. */
static void test_every_declared_body(void **state)
{
	(void)state;
	assert_true(route_inputs_count >= 1);
	for (int i = 0; i < route_inputs_count; i++) {
		const struct route_input *in = &route_inputs[i];
		/* The entry names an API route of the table. */
		int routed = 0;
		for (int j = 0; j < routes_count; j++)
			if (routes[j].method == in->method && !strcmp(routes[j].pattern, in->pattern) &&
			    (routes[j].flags & ROUTE_API))
				routed = 1;
		if (!routed)
			fail_msg("route_inputs names %s %s, which is no API route",
				 method_name(in->method), in->pattern);
		json_t *op = operation(in->method, in->pattern);
		json_t *body = json_object_get(op, "requestBody");
		assert_true(json_is_true(json_object_get(body, "required")));
		json_t *schema = json_object_get(
			json_object_get(json_object_get(body, "content"), "application/json"), "schema");
		json_t *props = json_object_get(schema, "properties");
		json_t *required = json_object_get(schema, "required");
		for (size_t k = 0; k < in->nfields; k++) {
			const struct field *f = &in->fields[k];
			json_t *prop = json_object_get(props, f->name);
			if (!prop)
				fail_msg("%s: no member %s", in->pattern, f->name);
			int req = (f->flags & FIELD_REQUIRED) != 0;
			if (array_has(required, f->name) != req)
				fail_msg("%s: %s required %d", in->pattern, f->name, !req);
			/* Numbers are JSON integers with their bounds. */
			json_t *type = json_object_get(prop, "type");
			const char *t = json_is_array(type) ? json_string_value(json_array_get(type, 0))
							    : json_string_value(type);
			assert_non_null(t);
			if (f->type >= FIELD_INT && f->type <= FIELD_ID) {
				int64_t min, max;
				field_bounds(f, &min, &max);
				assert_string_equal(t, "integer");
				assert_int_equal(json_integer_value(json_object_get(prop, "minimum")), min);
			} else if (f->type == FIELD_BOOL) {
				assert_string_equal(t, "boolean");
			} else {
				assert_string_equal(t, "string");
			}
			/* An optional member may be null ("not sent"); a required one may not. */
			assert_int_equal(json_is_array(type), !req);
		}
		size_t nrequired;
		assert_int_equal(json_object_size(props), route_fields(in, &nrequired));
		assert_int_equal(json_array_size(required), nrequired);
	}
}

/* A correction on request: its reason is a member of the person's PATCH
   body, beside the person's fields. */
static void test_correction_reason(void **state)
{
	(void)state;
	json_t *body = json_object_get(operation(M_PATCH, "/api/v1/persons/{id}"), "requestBody");
	json_t *props = json_object_get(
		json_object_get(json_object_get(json_object_get(body, "content"), "application/json"),
				"schema"),
		"properties");
	json_t *reason = json_object_get(props, "correction_reason");
	assert_non_null(reason);
	assert_int_equal(json_integer_value(json_object_get(reason, "maxLength")), 500);
	assert_non_null(json_object_get(props, "last_name"));
	assert_non_null(json_object_get(props, "address"));
}

/* The error shape every refusal has, as one shared component. */
static void test_error_component(void **state)
{
	(void)state;
	json_t *error = json_object_get(json_object_get(json_object_get(doc, "components"), "schemas"),
					"Error");
	json_t *inner = json_object_get(json_object_get(error, "properties"), "error");
	json_t *props = json_object_get(inner, "properties");
	assert_non_null(json_object_get(props, "code"));
	assert_non_null(json_object_get(props, "message"));
	assert_non_null(json_object_get(props, "field"));
	json_t *schemes =
		json_object_get(json_object_get(doc, "components"), "securitySchemes");
	json_t *session = json_object_get(schemes, "session");
	assert_string_equal(json_string_value(json_object_get(session, "in")), "cookie");
	assert_string_equal(json_string_value(json_object_get(session, "name")), SESSION_COOKIE);
	json_t *csrf = json_object_get(schemes, "csrf");
	assert_string_equal(json_string_value(json_object_get(csrf, "in")), "header");
	assert_string_equal(json_string_value(json_object_get(csrf, "name")), "X-CSRF-Token");
	/* A real refusal has that shape. */
	struct http_resp r;
	char v[64];
	assert_int_equal(http_as(fx.srv.port, NULL, 0, "GET", "/api/v1/me", NULL, &r), 401);
	assert_true(*json_error(&r, "code", v, sizeof v));
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_public_document),
		cmocka_unit_test(test_every_api_route),
		cmocka_unit_test(test_every_declared_body),
		cmocka_unit_test(test_correction_reason),
		cmocka_unit_test(test_error_component),
	};
	return cmocka_run_group_tests_name("http_openapi", tests, setup, teardown);
}
