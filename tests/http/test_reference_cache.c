/*
 * test_reference_cache — the reference lists are cached by each server
 * process and invalidated by a version kept in the database (issue 15,
 * item 2): two servers on one database see each other's changes at the
 * next request, and a server serves the lists from its cache until the
 * version changes (a label changed behind its back, without the version,
 * stays unseen — the proof that the cache is used; then the version alone
 * makes it show), and reads them every time from a database without one.
 *
 * Environment: RELAIS_BIN (the binary), RELAIS_TEST_DB (optional: a
 * postgresql:// URI of an empty database; default a fresh SQLite file).
 * Both servers share the fixture's database, SQLite file or PostgreSQL.
 */
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

static struct fixture fx;
static struct server second; /* another relais on the same database */
static struct sess on_first, on_second; /* the administrator, signed in on each */

static int setup(void **state)
{
	(void)state;
	static const char *const users[] = {"admin1:admin", NULL};
	if (fixture_start(&fx, NULL, users) != 0)
		return -1;
	/* Its own anchor file and name, as the README deploys several. */
	static char anchor[600];
	snprintf(anchor, sizeof anchor, "%s/second.anchor", fx.dir);
	const char *extra[] = {"--key-file", fx.key, "--server-id", "second", "--anchor", anchor,
			       NULL};
	if (server_start(&second, fx.db, extra) != 0)
		return -1;
	if (api_login(fx.srv.port, "admin1", TEST_PASSWORD, &on_first) != 200)
		return -1;
	/* One account, two sessions: each server signs in its own. */
	if (api_login(second.port, "admin1", TEST_PASSWORD, &on_second) != 200)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	int rc = server_stop(&second);
	return fixture_stop(&fx) != 0 || rc != 0 ? -1 : 0;
}

/* The label of (list, code) as the server on port lists it now, into out
   ("" when the entry is missing). */
static const char *label_on(int port, const struct sess *s, const char *list, const char *code,
			    char *out, size_t len)
{
	struct http_resp r;
	out[0] = '\0';
	assert_int_equal(http_as(port, s, 0, "GET", "/api/v1/reference", NULL, &r), 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	assert_non_null(j);
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(json_object_get(j, "lists"), list), i, e) {
		if (strcmp(json_string_value(json_object_get(e, "code")), code) == 0)
			snprintf(out, len, "%s", json_string_value(json_object_get(e, "label")));
	}
	json_decref(j);
	return out;
}

/* Both servers list (list, code) with label, each at its next request. */
static void both_list(const char *list, const char *code, const char *label)
{
	char got[256];
	assert_string_equal(label_on(fx.srv.port, &on_first, list, code, got, sizeof got), label);
	assert_string_equal(label_on(second.port, &on_second, list, code, got, sizeof got), label);
}

/* A change made through one server is what the other lists at its next
   request, both ways, although both had the lists cached before. */
static void test_change_seen_by_the_other_server(void **state)
{
	(void)state;
	both_list("mode", "telephone", "Téléphone");
	expect_api(fx.srv.port, &on_first, "PATCH", "/api/v1/reference/mode/telephone",
		   "{\"label\":\"Entretien téléphonique\"}", 200, NULL);
	char label[256];
	assert_string_equal(label_on(second.port, &on_second, "mode", "telephone", label,
				     sizeof label),
			    "Entretien téléphonique");

	expect_api(second.port, &on_second, "POST", "/api/v1/reference/mode",
		   "{\"code\":\"atelier\",\"label\":\"Atelier collectif\"}", 201, NULL);
	assert_string_equal(label_on(fx.srv.port, &on_first, "mode", "atelier", label,
				     sizeof label),
			    "Atelier collectif");
	/* And the page: the administration list on the first server. */
	struct http_resp r;
	assert_int_equal(http_as(fx.srv.port, &on_first, 0, "GET", "/admin/reference?liste=mode",
				 NULL, &r),
			 200);
	expect_in(&r, "Atelier collectif");
	http_resp_free(&r);

	/* A refused change changes nothing anywhere. */
	expect_api(fx.srv.port, &on_first, "PATCH", "/api/v1/reference/mode/telephone",
		   "{\"label\":\"\"}", 422, "label");
	both_list("mode", "telephone", "Entretien téléphonique");
}

/* The lists come from the cache while the version stays: a label written
   behind the servers' back is not seen; once the version in the database
   changes, both servers read the lists again. */
static void test_served_from_the_cache_until_the_version_changes(void **state)
{
	(void)state;
	both_list("outcome", "autre", "Autre");
	assert_int_equal(fixture_sql(&fx, "UPDATE ref_items SET label = 'Changé en douce'"
					  " WHERE list = 'outcome' AND code = 'autre'"),
			 0);
	both_list("outcome", "autre", "Autre");
	assert_int_equal(fixture_sql(&fx, "UPDATE settings SET value = '4242'"
					  " WHERE name = 'reference_version'"),
			 0);
	both_list("outcome", "autre", "Changé en douce");

	/* A database without a version (before relais init wrote one) is
	   read every time. */
	assert_int_equal(fixture_sql(&fx, "DELETE FROM settings WHERE name = 'reference_version'"), 0);
	assert_int_equal(fixture_sql(&fx, "UPDATE ref_items SET label = 'Autre'"
					  " WHERE list = 'outcome' AND code = 'autre'"),
			 0);
	both_list("outcome", "autre", "Autre");
	assert_int_equal(fixture_sql(&fx, "UPDATE ref_items SET label = 'Autre encore'"
					  " WHERE list = 'outcome' AND code = 'autre'"),
			 0);
	both_list("outcome", "autre", "Autre encore");
	/* The next change writes a version again: cached from then on. */
	expect_api(fx.srv.port, &on_first, "PATCH", "/api/v1/reference/outcome/autre",
		   "{\"label\":\"Autre issue\"}", 200, NULL);
	both_list("outcome", "autre", "Autre issue");
	assert_int_equal(fixture_sql(&fx, "UPDATE ref_items SET label = 'Pas vu'"
					  " WHERE list = 'outcome' AND code = 'autre'"),
			 0);
	both_list("outcome", "autre", "Autre issue");
}

/* With --server-id, every response names its server; without, none. */
static void test_server_named_in_a_header(void **state)
{
	(void)state;
	struct http_resp r;
	char v[64];
	assert_int_equal(http_as(second.port, &on_second, 0, "GET", "/api/v1/me", NULL, &r), 200);
	assert_non_null(http_header(&r, "X-Relais-Server", v, sizeof v));
	assert_string_equal(v, "second");
	http_resp_free(&r);
	assert_int_equal(http_as(second.port, NULL, 0, "GET", "/nulle-part", NULL, &r), 404);
	assert_non_null(http_header(&r, "X-Relais-Server", v, sizeof v));
	http_resp_free(&r);
	assert_int_equal(http_as(fx.srv.port, &on_first, 0, "GET", "/api/v1/me", NULL, &r), 200);
	assert_null(http_header(&r, "X-Relais-Server", v, sizeof v));
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_change_seen_by_the_other_server),
		cmocka_unit_test(test_served_from_the_cache_until_the_version_changes),
		cmocka_unit_test(test_server_named_in_a_header),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
