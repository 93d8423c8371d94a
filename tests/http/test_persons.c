/*
 * test_persons — persons and their consents; above all the secrecy rule:
 * only the référent (and live shares) see a person, every other role gets
 * 404, and every look is audited.
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
static struct sess w1, w2, w3, head, admin, employer, auditor;
static long long dupre_id;

#define PORT fx.srv.port

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const beta[] = {"organisation", "add", "--code", "beta", "--name",
					   "Mairie Bêta", "--kind", "collectivite", NULL};
	static const char *const *const cmds[] = {acme, beta, NULL};
	static const char *const users[] = {"w1:worker", "w2:worker",	       "w3:worker",
					    "head1:head", "admin1:admin", "rh1:employer:acme",
					    "auditor1:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &w3, &head, &admin, &employer, &auditor};
	const char *logins[] = {"w1", "w2", "w3", "head1", "admin1", "rh1", "auditor1"};
	for (int i = 0; i < 7; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	const char *assign[][2] = {{"acme", "w1"}, {"acme", "w2"}, {"beta", "w3"}};
	for (int i = 0; i < 3; i++) {
		char path[128], body[64];
		snprintf(path, sizeof path, "/api/v1/organisations/%s/workers", assign[i][0]);
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", assign[i][1]);
		if (http_as(PORT, &head, 1, "POST", path, body, NULL) != 200)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

#define VALID                                                                                \
	"\"organisation\":\"acme\",\"last_name\":\"Dupré\",\"first_name\":\"Élodie\","        \
	"\"birth_date\":\"1971-03-02\",\"sex\":\"F\",\"status\":\"cdi\",\"category\":\"employe\"," \
	"\"family_situation\":\"monoparental\",\"job_title\":\"Agente d'entretien\","          \
	"\"phone\":\"06 12 34 56 78\",\"email\":\"e.dupre@example.org\""

static void expect_422(const struct sess *s, const char *body, const char *field)
{
	struct http_resp r;
	char v[64];
	int status = http_as(PORT, s, 1, "POST", "/api/v1/persons", body, &r);
	if (status != 422 || strcmp(json_error(&r, "field", v, sizeof v), field) != 0)
		fail_msg("%s: %d %s, expected 422 %s", body, status, r.body, field);
	http_resp_free(&r);
}

/* The valid person with consent, one member replaced (key NULL: as is). */
static const char *with(char *out, size_t len, const char *key, const char *value)
{
	json_t *j = json_loads("{" VALID ",\"consent\":{\"accompaniment_on\":\"2024-03-12\"}}", 0,
			       NULL);
	if (key)
		json_object_set_new(j, key, json_string(value));
	char *text = json_dumps(j, JSON_COMPACT);
	snprintf(out, len, "%s", text);
	free(text);
	json_decref(j);
	return out;
}

static void test_create_and_consent(void **state)
{
	(void)state;
	struct http_resp r;
	/* No consent to be accompanied: refused, whatever else is right. */
	expect_422(&w1, "{" VALID "}", "consent.accompaniment_on");
	expect_422(&w1, "{" VALID ",\"consent\":{\"statistics\":true}}", "consent.accompaniment_on");
	expect_422(&w1, "{" VALID ",\"consent\":{\"accompaniment_on\":\"2999-01-01\"}}",
		   "consent.accompaniment_on");
	expect_422(&w1, "{" VALID ",\"consent\":{\"accompaniment_on\":\"12/03/2024\"}}",
		   "consent.accompaniment_on");
	expect_422(&w1, "{" VALID ",\"consent\":{\"accompaniment_on\":\"2024-03-12\","
			"\"statistics\":\"oui\"}}",
		   "consent.statistics");
	char body[1024];
	static const char *const bad[][2] = {
		{"status", "roi"},	       {"sex", "X"},		      {"category", "Z"},
		{"family_situation", "seul"}, {"email", "not-an-address"}, {"phone", "call me"},
		{"birth_date", "2999-01-01"}, {"birth_date", "1971-02-30"}, {"last_name", ""},
		{"first_name", ""},	       {"organisation", "beta"},    {"organisation", "nowhere"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		/* "beta" exists but is not served by w1: the same refusal as "nowhere". */
		expect_422(&w1, with(body, sizeof body, bad[i][0], bad[i][1]), bad[i][0]);
	}
	/* Other roles never create persons. */
	struct sess *others[] = {&head, &admin, &employer, &auditor};
	for (int i = 0; i < 4; i++)
		assert_int_equal(http_as(PORT, others[i], 1, "POST", "/api/v1/persons", with(body, sizeof body, NULL, NULL), NULL),
				 403);
	/* Nothing was written by the refusals. */
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/api/v1/persons", NULL, &r), 200);
	assert_string_equal(r.body, "{\"persons\":[],\"total\":0,\"next\":null}");
	http_resp_free(&r);

	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/persons", with(body, sizeof body, NULL, NULL), &r), 201);
	json_t *j = http_json(&r);
	dupre_id = json_integer_value(json_object_get(j, "id"));
	assert_true(dupre_id > 0);
	json_decref(j);
	http_resp_free(&r);
	/* A second person with only what is required; statistics consent defaults to yes. */
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
				 "{\"organisation\":\"acme\",\"last_name\":\"Martin\","
				 "\"first_name\":\"Paul\",\"consent\":{\"accompaniment_on\":\"2024-01-05\"}}",
				 NULL),
			 201);
}

static void test_read(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/persons/%lld", dupre_id);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	json_t *p = json_object_get(j, "person");
	assert_string_equal(json_string_value(json_object_get(p, "last_name")), "Dupré");
	assert_string_equal(json_string_value(json_object_get(p, "referent")), "w1");
	assert_string_equal(json_string_value(json_object_get(p, "organisation")), "acme");
	assert_string_equal(json_string_value(json_object_get(p, "family_situation")), "monoparental");
	json_t *consent = json_object_get(p, "consent");
	assert_string_equal(json_string_value(json_object_get(consent, "accompaniment_on")),
			    "2024-03-12");
	assert_true(json_is_true(json_object_get(consent, "statistics")));
	json_decref(j);
	http_resp_free(&r);
	/* Everyone else: not found — same answer as for an id that does not exist. */
	struct sess *others[] = {&w2, &w3, &head, &admin, &employer, &auditor};
	for (int i = 0; i < 6; i++) {
		assert_int_equal(http_as(PORT, others[i], 0, "GET", path, NULL, &r), 404);
		assert_null(strstr(r.body, "Dupr"));
		http_resp_free(&r);
	}
	assert_int_equal(http_as(PORT, NULL, 0, "GET", path, NULL, NULL), 401);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/api/v1/persons/999999", NULL, NULL), 404);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/api/v1/persons/abc", NULL, NULL), 404);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/api/v1/persons/-1", NULL, NULL), 404);
}

static int count_persons(const struct sess *s, const char *q)
{
	char path[256];
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/persons%s%s", q ? "?q=" : "", q ? q : "");
	if (http_as(PORT, s, 0, "GET", path, NULL, &r) != 200) {
		http_resp_free(&r);
		return -1;
	}
	json_t *j = http_json(&r);
	int n = (int)json_array_size(json_object_get(j, "persons"));
	json_decref(j);
	http_resp_free(&r);
	return n;
}

static void test_search(void **state)
{
	(void)state;
	assert_int_equal(count_persons(&w1, NULL), 2);
	assert_int_equal(count_persons(&w1, "dupre"), 1);        /* accents ignored */
	assert_int_equal(count_persons(&w1, "DUPR%C3%89"), 1);   /* "DUPRÉ": case and accents */
	assert_int_equal(count_persons(&w1, "elodie"), 1);       /* first names too */
	assert_int_equal(count_persons(&w1, "mart"), 1);
	assert_int_equal(count_persons(&w1, "%25"), 0);          /* "%" is literal */
	assert_int_equal(count_persons(&w1, "_"), 0);
	assert_int_equal(count_persons(&w2, "dupre"), 0);        /* not w2's */
	assert_int_equal(count_persons(&w2, NULL), 0);
	assert_int_equal(count_persons(&head, "dupre"), -1);     /* 403 */
	assert_int_equal(count_persons(&admin, NULL), -1);
	assert_int_equal(count_persons(&employer, NULL), -1);
}

static void test_update(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/persons/%lld", dupre_id);
	struct http_resp r;
	char v[64];
	/* Others cannot change it, and learn nothing. */
	assert_int_equal(http_as(PORT, &w2, 1, "PATCH", path, "{\"family_situation\":\"couple\"}", NULL),
			 404);
	assert_int_equal(http_as(PORT, &head, 1, "PATCH", path, "{\"family_situation\":\"couple\"}",
				 NULL),
			 404);
	/* Invalid: refused, nothing changed. */
	assert_int_equal(http_as(PORT, &w1, 1, "PATCH", path,
				 "{\"family_situation\":\"couple\",\"email\":\"bad\"}", &r),
			 422);
	assert_string_equal(json_error(&r, "field", v, sizeof v), "email");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w1, 1, "PATCH", path, "{\"organisation\":\"beta\"}", NULL), 422);
	assert_int_equal(http_as(PORT, &w1, 1, "PATCH", path, "{\"family_situation\":\"couple\"}", NULL),
			 0 + 200);
	/* Withdrawing the statistics consent is dated; clearing a field with "". */
	assert_int_equal(http_as(PORT, &w1, 1, "PATCH", path,
				 "{\"consent\":{\"statistics\":false},\"phone\":\"\"}", &r),
			 200);
	json_t *j = http_json(&r);
	json_t *p = json_object_get(j, "person");
	assert_string_equal(json_string_value(json_object_get(p, "family_situation")), "couple");
	assert_true(json_is_null(json_object_get(p, "phone")));
	assert_string_equal(json_string_value(json_object_get(p, "email")), "e.dupre@example.org");
	json_t *consent = json_object_get(p, "consent");
	assert_true(json_is_false(json_object_get(consent, "statistics")));
	assert_true(json_is_string(json_object_get(consent, "statistics_on")));
	assert_string_equal(json_string_value(json_object_get(consent, "accompaniment_on")),
			    "2024-03-12");
	json_decref(j);
	http_resp_free(&r);
	/* The CSRF token is still required. */
	assert_int_equal(http_as(PORT, &w1, 0, "PATCH", path, "{\"job_title\":\"x\"}", NULL), 403);
}

static void test_audit(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	const char *want[] = {"\"person.create\"",	"\"person.read\"",	   "\"person.update\"",
			      "\"person.search\"",	"\"person.read_denied\"", "\"person.update_denied\""};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(r.body, want[i]))
			fail_msg("audit lacks %s", want[i]);
	/* Never content: no name, no search text. */
	assert_null(strstr(r.body, "Dupr"));
	assert_null(strstr(r.body, "dupre"));
	assert_null(strstr(r.body, "monoparental"));
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_and_consent),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_update),
		cmocka_unit_test(test_audit),
	};
	return cmocka_run_group_tests_name("persons", tests, setup, teardown);
}
