/*
 * test_cases — accompaniments: opening with domains, the encrypted
 * diagnosis and action plan (checked on the database's bytes), closing
 * rules, the caseload, and secrecy for every other role.
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
static struct sess w1, w2, head, admin, employer, auditor;
static long long person_id, case_id;

#define PORT fx.srv.port
#define SECRET_DIAGNOSIS "Épuisement après le décès de sa mère ; dettes de loyer.\nSuivi psy."
#define SECRET_PLAN "Orientation CMP, dossier FSL, rendez-vous bailleur."

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker",  "w2:worker", "head1:head", "admin1:admin",
					    "rh1:employer:acme", "auditor1:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &head, &admin, &employer, &auditor};
	const char *logins[] = {"w1", "w2", "head1", "admin1", "rh1", "auditor1"};
	for (int i = 0; i < 6; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", "{\"login\":\"w1\"}",
		    NULL) != 200 ||
	    http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", "{\"login\":\"w2\"}",
		    NULL) != 200)
		return -1;
	struct http_resp r;
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"Lefèvre\",\"first_name\":\"Nadia\","
		    "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		    &r) != 201)
		return -1;
	json_t *j = http_json(&r);
	person_id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_resp_free(&r);
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

static void test_open(void **state)
{
	(void)state;
	char b[512];
#define CASE(pid, opened, source, domains)                                                     \
	(snprintf(b, sizeof b,                                                                   \
		  "{\"person_id\":%lld,\"opened_on\":\"%s\",\"referral_source\":\"%s\","          \
		  "\"domains\":%s}",                                                              \
		  (long long)(pid), opened, source, domains),                                      \
	 b)
	expect(&w1, "POST", "/api/v1/cases", CASE(person_id, "2999-01-01", "medecin", "[\"budget\"]"),
	       422, "opened_on");
	expect(&w1, "POST", "/api/v1/cases", CASE(person_id, "2024-02-30", "medecin", "[\"budget\"]"),
	       422, "opened_on");
	expect(&w1, "POST", "/api/v1/cases", CASE(person_id, "2024-02-03", "voisin", "[\"budget\"]"),
	       422, "referral_source");
	expect(&w1, "POST", "/api/v1/cases", CASE(person_id, "2024-02-03", "medecin", "[]"), 422,
	       "domains");
	expect(&w1, "POST", "/api/v1/cases",
	       CASE(person_id, "2024-02-03", "medecin", "[\"budget\",\"astrologie\"]"), 422, "domains");
	expect(&w1, "POST", "/api/v1/cases", CASE(person_id, "2024-02-03", "medecin", "\"budget\""),
	       422, "domains");
	/* w2 serves the same organisation but does not accompany this person. */
	expect(&w2, "POST", "/api/v1/cases", CASE(person_id, "2024-02-03", "medecin", "[\"budget\"]"),
	       422, "person_id");
	expect(&w1, "POST", "/api/v1/cases", CASE(999999, "2024-02-03", "medecin", "[\"budget\"]"), 422,
	       "person_id");
	expect(&head, "POST", "/api/v1/cases", CASE(person_id, "2024-02-03", "medecin", "[\"budget\"]"),
	       403, NULL);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/cases",
				 CASE(person_id, "2024-02-03", "medecin",
				      "[\"sante.arret\",\"budget\",\"sante.arret\"]"),
				 &r),
			 201);
	json_t *j = http_json(&r);
	case_id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_resp_free(&r);
	assert_true(case_id > 0);
#undef CASE
}

static json_t *get_case(const struct sess *s, int *status)
{
	char path[64];
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/cases/%lld", case_id);
	*status = http_as(PORT, s, 0, "GET", path, NULL, &r);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	json_t *c = json_incref(json_object_get(j, "case"));
	json_decref(j);
	return c;
}

static void test_read_and_secrecy(void **state)
{
	(void)state;
	int status;
	json_t *c = get_case(&w1, &status);
	assert_int_equal(status, 200);
	assert_string_equal(json_string_value(json_object_get(c, "status")), "open");
	assert_string_equal(json_string_value(json_object_get(c, "referent")), "w1");
	json_t *d = json_object_get(c, "domains");
	assert_int_equal(json_array_size(d), 2); /* the repeated code counts once */
	assert_true(json_is_null(json_object_get(c, "diagnosis")));
	json_decref(c);
	struct sess *others[] = {&w2, &head, &admin, &employer, &auditor};
	for (int i = 0; i < 5; i++) {
		c = get_case(others[i], &status);
		assert_int_equal(status, 404);
		assert_null(c);
	}
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/api/v1/cases/0", NULL, NULL), 404);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/api/v1/cases/x", NULL, NULL), 404);
}

static void test_texts_encrypted(void **state)
{
	(void)state;
	char path[64], body[512];
	snprintf(path, sizeof path, "/api/v1/cases/%lld", case_id);
	json_t *j = json_pack("{s:s, s:s}", "diagnosis", SECRET_DIAGNOSIS, "action_plan", SECRET_PLAN);
	char *text = json_dumps(j, JSON_COMPACT);
	snprintf(body, sizeof body, "%s", text);
	free(text);
	json_decref(j);
	expect(&w2, "PATCH", path, body, 404, NULL);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "PATCH", path, body, &r), 200);
	http_resp_free(&r);
	int status;
	json_t *c = get_case(&w1, &status);
	assert_string_equal(json_string_value(json_object_get(c, "diagnosis")), SECRET_DIAGNOSIS);
	assert_string_equal(json_string_value(json_object_get(c, "action_plan")), SECRET_PLAN);
	json_decref(c);
	/* Domains only: the texts stay. */
	assert_int_equal(http_as(PORT, &w1, 1, "PATCH", path, "{\"domains\":[\"logement.expulsion\"]}",
				 NULL),
			 200);
	c = get_case(&w1, &status);
	assert_string_equal(json_string_value(json_object_get(c, "diagnosis")), SECRET_DIAGNOSIS);
	assert_string_equal(json_string_value(json_array_get(json_object_get(c, "domains"), 0)),
			    "logement.expulsion");
	json_decref(c);
	/* The plaintext is nowhere in what the database stores. */
	assert_int_equal(db_has(&fx, "dettes de loyer"), 0);
	assert_int_equal(db_has(&fx, "dossier FSL"), 0);
	/* The person's name is sealed too (issue 14); the check can see text:
	   the organisation's name is stored in clear. */
	assert_int_equal(db_has(&fx, "Lefèvre"), 0);
	assert_int_equal(db_has(&fx, "ACME"), 1);
}

/* The interventions' number, as w1 lists them (-status when refused). */
static long long interventions_total(void)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_id);
	struct http_resp r;
	int code = http_as(PORT, &w1, 0, "GET", path, NULL, &r);
	json_t *j = http_json(&r);
	long long n = code == 200 ? json_integer_value(json_object_get(j, "total")) : -code;
	json_decref(j);
	http_resp_free(&r);
	return n;
}

/* An intervention is checked and written in one transaction (the check,
   the case's opening date, the reference codes, the row, its entry): a
   colleague without a share gets 404 and the refusal is in the access
   log; bad input gets 422 and leaves nothing; a good one is written once. */
static void test_intervention_write(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_id);
#define IV(date, mode) \
	"{\"date\":\"" date "\",\"mode\":\"" mode "\",\"kind\":\"entretien\"," \
	"\"duration_minutes\":30,\"notes\":\"Point budget.\"}"
	long long before = interventions_total();
	assert_true(before >= 0);
	expect(&w2, "POST", path, IV("2024-03-01", "bureau"), 404, NULL);
	expect(&employer, "POST", path, IV("2024-03-01", "bureau"), 404, NULL);
	expect(&w1, "POST", path, IV("2024-01-01", "bureau"), 422, "date");
	expect(&w1, "POST", path, IV("2024-03-01", "telepathie"), 422, "mode");
	assert_int_equal(interventions_total(), before);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_id + 1000);
	expect(&w1, "POST", path, IV("2024-03-01", "bureau"), 404, NULL);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_id);
	expect(&w1, "POST", path, IV("2024-03-01", "bureau"), 201, NULL);
	assert_int_equal(interventions_total(), before + 1);
#undef IV
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	assert_non_null(strstr(r.body, "\"intervention.create_denied\""));
	assert_non_null(strstr(r.body, "\"intervention.create\""));
	http_resp_free(&r);
}

static void test_close(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/cases/%lld", case_id);
	expect(&w1, "PATCH", path, "{\"closed_on\":\"2024-05-02\"}", 422, "outcome");
	expect(&w1, "PATCH", path, "{\"outcome\":\"resolu\"}", 422, "closed_on");
	expect(&w1, "PATCH", path, "{\"closed_on\":\"2024-01-02\",\"outcome\":\"resolu\"}", 422,
	       "closed_on");
	expect(&w1, "PATCH", path, "{\"closed_on\":\"2999-01-02\",\"outcome\":\"resolu\"}", 422,
	       "closed_on");
	expect(&w1, "PATCH", path, "{\"closed_on\":\"2024-05-02\",\"outcome\":\"gagne\"}", 422,
	       "outcome");
	expect(&w1, "PATCH", path, "{\"domains\":[]}", 422, "domains");
	int status;
	json_t *c = get_case(&w1, &status);
	assert_string_equal(json_string_value(json_object_get(c, "status")), "open");
	json_decref(c);
	expect(&w1, "PATCH", path, "{\"closed_on\":\"2024-05-02\",\"outcome\":\"maintien_amenagement\"}",
	       200, NULL);
	c = get_case(&w1, &status);
	assert_string_equal(json_string_value(json_object_get(c, "status")), "closed");
	assert_string_equal(json_string_value(json_object_get(c, "outcome")), "maintien_amenagement");
	json_decref(c);
}

static int caseload(const struct sess *s, const char *status)
{
	char path[64];
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/cases%s%s", status ? "?status=" : "",
		 status ? status : "");
	int code = http_as(PORT, s, 0, "GET", path, NULL, &r);
	json_t *j = http_json(&r);
	int n = code == 200 ? (int)json_array_size(json_object_get(j, "cases")) : -code;
	json_decref(j);
	http_resp_free(&r);
	return n;
}

static void test_caseload(void **state)
{
	(void)state;
	char b[256];
	snprintf(b, sizeof b,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-06-01\",\"referral_source\":\"agent\","
		 "\"domains\":[\"famille\"]}",
		 person_id);
	expect(&w1, "POST", "/api/v1/cases", b, 201, NULL);
	assert_int_equal(caseload(&w1, "open"), 1);
	assert_int_equal(caseload(&w1, "closed"), 1);
	assert_int_equal(caseload(&w1, "all"), 2);
	assert_int_equal(caseload(&w1, NULL), 2);
	assert_int_equal(caseload(&w1, "ouvert"), -422);
	assert_int_equal(caseload(&w2, NULL), 0);
	assert_int_equal(caseload(&head, NULL), -403);
	assert_int_equal(caseload(&admin, "open"), -403);
}

static void test_audit(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	const char *want[] = {"\"case.create\"", "\"case.read\"",	"\"case.update\"",
			      "\"case.close\"",	 "\"case.list\"",	"\"case.read_denied\"",
			      "\"case.update_denied\""};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(r.body, want[i]))
			fail_msg("audit lacks %s", want[i]);
	assert_null(strstr(r.body, "loyer"));
	assert_null(strstr(r.body, "budget"));
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open),	      cmocka_unit_test(test_read_and_secrecy),
		cmocka_unit_test(test_texts_encrypted), cmocka_unit_test(test_intervention_write),
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_caseload),      cmocka_unit_test(test_audit),
	};
	return cmocka_run_group_tests_name("cases", tests, setup, teardown);
}
