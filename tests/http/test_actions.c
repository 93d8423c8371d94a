/*
 * test_actions — collective actions: who records them (head, assigned
 * workers), who sees which (head all, workers their organisations', an
 * employer its own only), every refusal, the page and its form, audit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/harness.h"

static struct fixture fx;
static struct sess w1, w2, head, admin, rh_acme, rh_beta, auditor;

#define PORT fx.srv.port
#define PATH "/api/v1/collective-actions"

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const beta[] = {"organisation", "add", "--code", "beta", "--name",
					   "Beta", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, beta, NULL};
	static const char *const users[] = {"w1:worker",	  "w2:worker",
					    "head1:head",	  "admin1:admin",
					    "rh1:employer:acme", "rh2:employer:beta",
					    "auditor1:auditor",  NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &head, &admin, &rh_acme, &rh_beta, &auditor};
	const char *logins[] = {"w1", "w2", "head1", "admin1", "rh1", "rh2", "auditor1"};
	for (int i = 0; i < 7; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
		    "{\"login\":\"w1\"}", NULL) != 200 ||
	    http_as(PORT, &head, 1, "POST", "/api/v1/organisations/beta/workers",
		    "{\"login\":\"w2\"}", NULL) != 200)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

static void expect(const struct sess *s, const char *method, const char *path, const char *body,
		   int status, const char *field)
{
	expect_api(PORT, s, method, path, body, status, field);
}

/* A body with one member replaced: key "k" gets the JSON text v. */
static const char *body_with(const char *org, const char *key, const char *v)
{
	static char out[512];
	const char *keys[] = {"organisation", "date",	     "topic", "format",
			      "title",	      "participants", "duration_minutes", "partners"};
	char vals[8][80];
	snprintf(vals[0], 80, "\"%s\"", org);
	snprintf(vals[1], 80, "\"2024-03-12\"");
	snprintf(vals[2], 80, "\"handicap\"");
	snprintf(vals[3], 80, "\"atelier\"");
	snprintf(vals[4], 80, "\"Le handicap au travail\"");
	snprintf(vals[5], 80, "18");
	snprintf(vals[6], 80, "90");
	snprintf(vals[7], 80, "[]");
	size_t n = 0;
	n += (size_t)snprintf(out + n, sizeof out - n, "{");
	for (int i = 0; i < 8; i++) {
		const char *val = key && strcmp(key, keys[i]) == 0 ? v : vals[i];
		n += (size_t)snprintf(out + n, sizeof out - n, "%s\"%s\":%s", i ? "," : "", keys[i],
				      val);
	}
	snprintf(out + n, sizeof out - n, "}");
	return out;
}

/* The number of actions s sees at path. */
static size_t count(const struct sess *s, const char *path)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, s, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	size_t n = json_array_size(json_object_get(j, "collective_actions"));
	json_decref(j);
	http_resp_free(&r);
	return n;
}

static void test_create_and_refusals(void **state)
{
	(void)state;
	expect(&w1, "POST", PATH, body_with("acme", "date", "\"2024-13-01\""), 422, "date");
	expect(&w1, "POST", PATH, body_with("acme", "topic", "\"astrologie\""), 422, "topic");
	expect(&w1, "POST", PATH, body_with("acme", "format", "\"karaoke\""), 422, "format");
	expect(&w1, "POST", PATH, body_with("acme", "title", "\"\""), 422, "title");
	expect(&w1, "POST", PATH, body_with("acme", "participants", "-1"), 422, "participants");
	expect(&w1, "POST", PATH, body_with("acme", "participants", "\"12\""), 422, "participants");
	expect(&w1, "POST", PATH, body_with("acme", "duration_minutes", "2000"), 422,
	       "duration_minutes");
	expect(&w1, "POST", PATH, body_with("acme", "partners", "[3]"), 422, "partners");
	expect(&w1, "POST", PATH, body_with("nowhere", NULL, NULL), 422, "organisation");
	/* w1 does not serve Beta. */
	expect(&w1, "POST", PATH, body_with("beta", NULL, NULL), 422, "organisation");
	expect(&rh_acme, "POST", PATH, body_with("acme", NULL, NULL), 403, NULL);
	expect(&admin, "POST", PATH, body_with("acme", NULL, NULL), 403, NULL);
	expect(&auditor, "POST", PATH, body_with("acme", NULL, NULL), 403, NULL);
	expect(&w1, "POST", PATH, body_with("acme", NULL, NULL), 201, NULL);
	expect(&head, "POST", PATH, body_with("beta", "date", "\"2025-01-20\""), 201, NULL);
	expect(&w2, "POST", PATH, body_with("beta", "topic", "\"retraite\""), 201, NULL);
	assert_int_equal(count(&w1, PATH), 1);
}

static void test_visibility(void **state)
{
	(void)state;
	assert_int_equal(count(&head, PATH), 3);
	assert_int_equal(count(&head, PATH "?organisation=beta"), 2);
	assert_int_equal(count(&head, PATH "?year=2024"), 2);
	assert_int_equal(count(&head, PATH "?organisation=beta&year=2025"), 1);
	assert_int_equal(count(&w1, PATH), 1);
	assert_int_equal(count(&w1, PATH "?organisation=beta"), 0);
	assert_int_equal(count(&w2, PATH), 2);
	assert_int_equal(count(&rh_acme, PATH), 1);
	assert_int_equal(count(&rh_acme, PATH "?organisation=acme"), 1);
	/* Another organisation, or one that does not exist: the same empty answer. */
	assert_int_equal(count(&rh_acme, PATH "?organisation=beta"), 0);
	assert_int_equal(count(&rh_acme, PATH "?organisation=nowhere"), 0);
	assert_int_equal(count(&rh_beta, PATH), 2);
	expect(&head, "GET", PATH "?year=1800", NULL, 422, "year");
	expect(&head, "GET", PATH "?year=abc", NULL, 422, "year");
	expect(&admin, "GET", PATH, NULL, 403, NULL);
	expect(&auditor, "GET", PATH, NULL, 403, NULL);
	expect(NULL, "GET", PATH, NULL, 401, NULL);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &rh_acme, 0, "GET", PATH, NULL, &r), 200);
	json_t *j = http_json(&r);
	json_t *a = json_array_get(json_object_get(j, "collective_actions"), 0);
	assert_string_equal(json_string_value(json_object_get(a, "organisation")), "acme");
	assert_string_equal(json_string_value(json_object_get(a, "topic")), "handicap");
	assert_int_equal(json_integer_value(json_object_get(a, "participants")), 18);
	assert_int_equal(json_array_size(json_object_get(a, "partners")), 0);
	json_decref(j);
	http_resp_free(&r);
}

/* The partners who took part, from the directory; a merge keeps the links. */
static void test_partners(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/partners",
				 "{\"name\":\"CPAM du Val-de-Marne\",\"kind\":\"cpam\"}", &r),
			 201);
	long long p1 = created_id(&r);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/partners",
				 "{\"name\":\"CPAM 94\",\"kind\":\"cpam\"}", &r),
			 201);
	long long p2 = created_id(&r);
	char list[64];
	snprintf(list, sizeof list, "[%lld,%lld,%lld]", p1, p2, p1);
	const char *body = body_with("acme", "partners", list);
	char copy[512];
	snprintf(copy, sizeof copy, "%s", body);
	/* Another year, so that the counts above stay as they are. */
	char *date = strstr(copy, "2024-03-12");
	memcpy(date, "2023", 4);
	expect(&w1, "POST", PATH, copy, 201, NULL);
	expect(&w1, "POST", PATH, body_with("acme", "partners", "[\"x\"]"), 422, "partners");
	expect(&w1, "POST", PATH, body_with("acme", "partners", "{}"), 422, "partners");
	assert_int_equal(http_as(PORT, &w1, 0, "GET", PATH "?year=2023", NULL, &r), 200);
	char want[64];
	snprintf(want, sizeof want, "\"partners\":[%lld,%lld]", p1, p2);
	expect_in(&r, want);
	http_resp_free(&r);
	/* The page names them. */
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/actions?year=2023", NULL, &r), 200);
	expect_in(&r, "CPAM du Val-de-Marne, CPAM 94");
	expect_in(&r, "<input type=\"checkbox\" name=\"partners\"");
	http_resp_free(&r);
	/* The duplicate merged into the first: one link left. */
	char merge[96];
	snprintf(merge, sizeof merge, "{\"keep\":%lld,\"merge\":%lld}", p1, p2);
	expect(&admin, "POST", "/api/v1/partners/merge", merge, 200, NULL);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", PATH "?year=2023", NULL, &r), 200);
	snprintf(want, sizeof want, "\"partners\":[%lld]", p1);
	expect_in(&r, want);
	http_resp_free(&r);
}

static void test_pages(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/actions", NULL, &r), 200);
	expect_in(&r, "Le handicap au travail");
	expect_in(&r, "Enregistrer l&#39;action");
	http_resp_free(&r);
	/* The employer reads its own, without the form. */
	assert_int_equal(http_as(PORT, &rh_beta, 0, "GET", "/actions", NULL, &r), 200);
	expect_in(&r, "Beta");
	expect_not_in(&r, "ACME");
	expect_not_in(&r, "<form method=\"post\" action=\"/actions\"");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &admin, 0, "GET", "/actions", NULL, &r), 403);
	http_resp_free(&r);
	/* A refused form comes back with the message and the typed title. */
	assert_int_equal(http_form(PORT, &w1, "/actions",
				   "organisation=acme&date=2024-04-02&title=Atelier+budget&"
				   "topic=budget&format=atelier&participants=-3&duration_minutes=60",
				   &r),
			 422);
	expect_in(&r, "err-new-participants");
	expect_in(&r, "Atelier budget");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, "/actions",
				   "organisation=acme&date=2024-04-02&title=Atelier+budget&"
				   "topic=budget&format=atelier&participants=7&duration_minutes=60",
				   &r),
			 303);
	http_resp_free(&r);
	assert_int_equal(count(&rh_acme, PATH "?year=2024"), 2);
	assert_int_equal(http_form(PORT, &rh_acme, "/actions", "organisation=acme", &r), 403);
	http_resp_free(&r);
}

static void test_audit(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	expect_in(&r, "\"collective_action.create\"");
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_and_refusals),
		cmocka_unit_test(test_visibility),
		cmocka_unit_test(test_partners),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_audit),
	};
	return cmocka_run_group_tests_name("actions", tests, setup, teardown);
}
