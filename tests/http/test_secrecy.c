/*
 * test_secrecy — the legal exceptions to secrecy recorded on a case and
 * the information notice given to a person (issue 17; service/secrecy.h,
 * persons_notice_given): attackers first — another worker, a colleague
 * whose share ended, the head, the administrator, the employer, the
 * auditor and the reception get the "not found" of a case that does not
 * exist, byte for byte, and their attempts are audited; the live share
 * reads but does not record.  Then the référent records, the form
 * showing every refusal at once; recipient and content sealed; never in
 * the bilan or the dashboard (the same bytes before and after); in the
 * person's right-of-access document; the notice's date on the person.
 *
 * Environment: RELAIS_BIN, RELAIS_TEST_DB (optional: a postgresql:// URI).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "http/harness.h"

static struct fixture fx;
static struct sess w1, w2, w3, w4, head, admin, employer, auditor, reception;
static long long person_id, case_id;

#define PORT fx.srv.port
#define MISSING 987654LL
#define RECIPIENT "Parquet de Nanterre, permanence des mineurs"
#define SENT "Note de situation : violences signalées par l'agent le 2 mars."

static const char *path_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *path_of(const char *fmt, ...)
{
	static char path[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	return path;
}

static void day(int offset, char out[11])
{
	snprintf(out, 11, "%s", test_day(offset));
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker",	 "w2:worker",	   "w3:worker",
					    "w4:worker",	 "head1:head",	   "admin1:admin",
					    "rh1:employer:acme", "auditor1:auditor", "acc1:reception",
					    NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &w3, &w4, &head, &admin, &employer, &auditor, &reception};
	const char *logins[] = {"w1",	  "w2",	 "w3",	     "w4",  "head1",
				"admin1", "rh1", "auditor1", "acc1"};
	for (int i = 0; i < 9; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	for (int i = 0; i < 4; i++) {
		char body[64];
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", logins[i]);
		if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", body,
			    NULL) != 200)
			return -1;
	}
	struct http_resp r;
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"Garnier\",\"first_name\":\"Lou\","
		    "\"consent\":{\"accompaniment_on\":\"2024-02-01\",\"statistics\":true}}",
		    &r) != 201)
		return -1;
	person_id = created_id(&r);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"agent\","
		 "\"domains\":[\"budget\"]}",
		 person_id);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r) != 201)
		return -1;
	case_id = created_id(&r);
	/* w2 holds a live share; w3 held one, ended. */
	char until[11];
	day(30, until);
	for (int i = 1; i <= 2; i++) {
		snprintf(body, sizeof body,
			 "{\"login\":\"%s\",\"until\":\"%s\",\"reason\":\"Congé\"}", logins[i], until);
		if (http_as(PORT, &w1, 1, "POST", path_of("/api/v1/cases/%lld/shares", case_id), body,
			    NULL) != 201)
			return -1;
	}
	if (http_as(PORT, &w1, 1, "DELETE", path_of("/api/v1/cases/%lld/shares/w3", case_id), NULL,
		    NULL) != 204)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

static long long sql_count(const char *sql)
{
	char path[600];
	snprintf(path, sizeof path, "%s/rows.txt", fx.dir);
	assert_int_equal(fixture_query(&fx, sql, path), 0);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	long long v = -1;
	assert_int_equal(fscanf(f, "%lld", &v), 1);
	fclose(f);
	return v;
}

static char *answer(const struct sess *s, const char *method, const char *path,
		    const char *body, int status)
{
	struct http_resp r;
	int st = http_as(PORT, s, 1, method, path, body, &r);
	if (st != status)
		fail_msg("%s %s: %d, not %d: %s", method, path, st, status, r.body);
	char *copy = strdup(r.body ? r.body : "");
	http_resp_free(&r);
	return copy;
}

static const char lifting[] = "{\"kind\":\"signalement\",\"lifted_on\":\"2024-03-02\","
			      "\"recipient\":\"" RECIPIENT "\",\"what_sent\":\"" SENT "\"}";

/* Everyone but the référent and the live share: the answers of a case
   that does not exist, byte for byte, on the API and the page's form. */
static void expect_refused(void)
{
	struct sess *attackers[] = {&w4, &w3, &head, &admin, &employer, &auditor, &reception};
	const char *names[] = {"w4", "w3", "head1", "admin1", "rh1", "auditor1", "acc1"};
	const char *mine = path_of("/api/v1/cases/%lld/secrecy-liftings", case_id);
	char path[128];
	snprintf(path, sizeof path, "%s", mine);
	const char *none = path_of("/api/v1/cases/%lld/secrecy-liftings", MISSING);
	char missing[128];
	snprintf(missing, sizeof missing, "%s", none);
	for (int i = 0; i < 7; i++) {
		char *got = answer(attackers[i], "GET", path, NULL, 404);
		char *ref = answer(attackers[i], "GET", missing, NULL, 404);
		if (strcmp(got, ref) != 0)
			fail_msg("%s: the refusal differs from a missing case's", names[i]);
		assert_null(strstr(got, RECIPIENT));
		free(got);
		free(ref);
		got = answer(attackers[i], "POST", path, lifting, 404);
		ref = answer(attackers[i], "POST", missing, lifting, 404);
		if (strcmp(got, ref) != 0)
			fail_msg("%s: the refused POST differs from a missing case's", names[i]);
		free(got);
		free(ref);
		struct http_resp r;
		int st = http_form(PORT, attackers[i], path_of("/cases/%lld/secret", case_id),
				   "kind=signalement&lifted_on=2024-03-02&recipient=X&what_sent=Y", &r);
		if (st != 404)
			fail_msg("%s: the form answered %d", names[i], st);
		http_resp_free(&r);
	}
}

static void test_attackers_first(void **state)
{
	(void)state;
	expect_refused();
	/* The live share reads, but only the référent records. */
	free(answer(&w2, "GET", path_of("/api/v1/cases/%lld/secrecy-liftings", case_id), NULL, 200));
	free(answer(&w2, "POST", path_of("/api/v1/cases/%lld/secrecy-liftings", case_id), lifting,
		    403));
	assert_int_equal(sql_count("SELECT COUNT(*) FROM secrecy_liftings"), 0);
	free(answer(&w1, "POST", path_of("/api/v1/cases/%lld/secrecy-liftings", case_id), lifting,
		    201));
	expect_refused();
	assert_true(sql_count("SELECT COUNT(*) FROM audit_log WHERE action = "
			      "'secrecy.list_denied'") >= 7);
	assert_true(sql_count("SELECT COUNT(*) FROM audit_log WHERE action = "
			      "'secrecy.create_denied'") >= 7);
}

static void test_record_and_read(void **state)
{
	(void)state;
	const char *p = path_of("/api/v1/cases/%lld/secrecy-liftings", case_id);
	char path[128];
	snprintf(path, sizeof path, "%s", p);
	/* The rules: a réquisition names its article, another obligation its
	   text, and no date after today. */
	expect_api(PORT, &w1, "POST", path,
		   "{\"kind\":\"requisition\",\"lifted_on\":\"2024-04-01\",\"recipient\":\"OPJ\","
		   "\"what_sent\":\"Adresse\"}",
		   422, "legal_basis");
	expect_api(PORT, &w1, "POST", path,
		   "{\"kind\":\"requisition\",\"legal_basis\":\"cp_226_14\",\"lifted_on\":"
		   "\"2024-04-01\",\"recipient\":\"OPJ\",\"what_sent\":\"Adresse\"}",
		   422, "legal_basis");
	expect_api(PORT, &w1, "POST", path,
		   "{\"kind\":\"autre\",\"lifted_on\":\"2024-04-01\",\"recipient\":\"MDPH\","
		   "\"what_sent\":\"Bilan\"}",
		   422, "basis_detail");
	char tomorrow[11], body[512];
	day(1, tomorrow);
	snprintf(body, sizeof body,
		 "{\"kind\":\"signalement\",\"lifted_on\":\"%s\",\"recipient\":\"P\","
		 "\"what_sent\":\"Q\"}",
		 tomorrow);
	expect_api(PORT, &w1, "POST", path, body, 422, "lifted_on");
	free(answer(&w1, "POST", path,
		    "{\"kind\":\"requisition\",\"legal_basis\":\"cpp_77_1_1\",\"lifted_on\":"
		    "\"2024-04-01\",\"recipient\":\"Commissariat de Puteaux\",\"what_sent\":"
		    "\"Adresse et téléphone\"}",
		    201));
	/* The référent and the live share read them, latest first. */
	for (int i = 0; i < 2; i++) {
		struct http_resp r;
		assert_int_equal(http_as(PORT, i ? &w2 : &w1, 0, "GET", path, NULL, &r), 200);
		json_t *j = http_json(&r);
		http_resp_free(&r);
		json_t *list = json_object_get(j, "secrecy_liftings");
		assert_true(json_array_size(list) >= 2);
		json_t *first = json_array_get(list, 0);
		assert_string_equal(json_string_value(json_object_get(first, "legal_basis")),
				    "cpp_77_1_1");
		json_t *last = json_array_get(list, json_array_size(list) - 1);
		assert_string_equal(json_string_value(json_object_get(last, "legal_basis")),
				    "cp_226_14");
		assert_string_equal(json_string_value(json_object_get(last, "recipient")),
				    RECIPIENT);
		assert_string_equal(json_string_value(json_object_get(last, "what_sent")), SENT);
		json_decref(j);
	}
	/* Sealed at rest (the control: a code stored in clear is found). */
	assert_int_equal(db_has(&fx, RECIPIENT), 0);
	assert_int_equal(db_has(&fx, "Commissariat de Puteaux"), 0);
	assert_int_equal(db_has(&fx, "cpp_77_1_1"), 1);
	/* The page: the list for both, the form for the référent only. */
	struct http_resp r;
	const char *action = path_of("action=\"/cases/%lld/secret\"", case_id);
	char form_action[128];
	snprintf(form_action, sizeof form_action, "%s", action);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path_of("/cases/%lld", case_id), NULL, &r),
			 200);
	expect_in(&r, "Levée du secret professionnel");
	expect_in(&r, "Commissariat de Puteaux");
	expect_in(&r, "Code pénal, art. 226-14");
	expect_in(&r, form_action);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", path_of("/cases/%lld", case_id), NULL, &r),
			 200);
	expect_in(&r, RECIPIENT);
	expect_not_in(&r, form_action);
	http_resp_free(&r);
	/* The form: every refusal at once, each next to its field. */
	snprintf(body, sizeof body, "kind=requisition&lifted_on=%s&recipient=&what_sent=", tomorrow);
	assert_int_equal(http_form(PORT, &w1, path_of("/cases/%lld/secret", case_id), body, &r),
			 422);
	expect_in(&r, "Choisissez l&#39;article qui fonde la réquisition.");
	expect_in(&r, "La date doit être une date passée ou aujourd&#39;hui");
	expect_in(&r, "Indiquez le destinataire");
	expect_in(&r, "Indiquez ce qui a été transmis");
	expect_in(&r, "id=\"err-secret-recipient\"");
	http_resp_free(&r);
	/* And a good one: back to the case. */
	assert_int_equal(http_form(PORT, &w1, path_of("/cases/%lld/secret", case_id),
				   "kind=information_preoccupante&lifted_on=2024-05-06&recipient=CRIP+92"
				   "&what_sent=Information+pr%C3%A9occupante",
				   &r),
			 303);
	http_resp_free(&r);
	assert_int_equal(sql_count("SELECT COUNT(*) FROM secrecy_liftings WHERE legal_basis = "
				   "'casf_l226_2_1'"),
			 1);
	assert_true(sql_count("SELECT COUNT(*) FROM audit_log WHERE action = 'secrecy.create'") >=
		    3);
}

/* What the counts show: the bilan as JSON, CSV and for one organisation,
   the dashboards. */
static char *counts(void)
{
	char year[5];
	time_t now = time(NULL);
	strftime(year, sizeof year, "%Y", localtime(&now));
	static const char *const reads[] = {"/api/v1/reports/bilan?year=2024",
					    "/api/v1/reports/bilan?year=2024&format=csv",
					    "/api/v1/reports/bilan?year=2024&organisation=acme"};
	size_t cap = 1 << 20, len = 0;
	char *all = calloc(1, cap);
	assert_non_null(all);
	for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
		struct http_resp r;
		int st = http_as(PORT, &head, 0, "GET", reads[i], NULL, &r);
		if (st != 200)
			fail_msg("%s: %d %s", reads[i], st, r.body);
		len += (size_t)snprintf(all + len, cap - len, "%s\n", r.body);
		http_resp_free(&r);
	}
	(void)year;
	/* The dashboards of the référent and the head. */
	const struct sess *who[] = {&w1, &head};
	for (int i = 0; i < 2; i++) {
		struct http_resp r;
		assert_int_equal(http_as(PORT, who[i], 0, "GET", "/", NULL, &r), 200);
		len += (size_t)snprintf(all + len, cap - len, "%s\n", r.body);
		http_resp_free(&r);
	}
	return all;
}

/* A lifting recorded by mistake: deleted by the référent with a reason,
   its tombstone kept; refused to everyone else. */
static void test_deleted_with_reason(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "POST",
				 path_of("/api/v1/cases/%lld/secrecy-liftings", case_id),
				 "{\"kind\":\"signalement\",\"lifted_on\":\"2024-07-01\","
				 "\"recipient\":\"Saisie erronée\",\"what_sent\":\"Rien\"}",
				 &r),
			 201);
	long long id = created_id(&r);
	assert_int_equal(http_as(PORT, &w1, 1, "POST",
				 path_of("/api/v1/cases/%lld/secrecy-liftings", case_id),
				 "{\"kind\":\"signalement\",\"lifted_on\":\"2024-07-02\","
				 "\"recipient\":\"Autre erreur\",\"what_sent\":\"Rien\"}",
				 &r),
			 201);
	long long web_id = created_id(&r);
	char one[96];
	snprintf(one, sizeof one, "/api/v1/secrecy-liftings/%lld", id);
	struct sess *others[] = {&w4, &w3, &head, &admin, &employer, &auditor, &reception};
	for (int i = 0; i < 7; i++)
		expect_api(PORT, others[i], "DELETE", one, "{\"reason\":\"Erreur\"}", 404, NULL);
	expect_api(PORT, &w2, "DELETE", one, "{\"reason\":\"Erreur\"}", 403, NULL);
	expect_api(PORT, &w1, "DELETE", one, "{}", 422, "reason");
	expect_api(PORT, &w1, "DELETE", one, "{\"reason\":\"Saisie erronée\"}", 204, NULL);
	expect_api(PORT, &w1, "DELETE", one, "{\"reason\":\"Saisie erronée\"}", 404, NULL);
	/* The page's form, for the référent only. */
	const char *action = path_of("/cases/%lld/secret/%lld/delete", case_id, web_id);
	char web[128];
	snprintf(web, sizeof web, "%s", action);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path_of("/cases/%lld", case_id), NULL, &r),
			 200);
	expect_in(&r, web);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", path_of("/cases/%lld", case_id), NULL, &r),
			 200);
	expect_not_in(&r, web);
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, web, "reason=", &r), 422);
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, web, "reason=Doublon", &r), 303);
	http_resp_free(&r);
	assert_int_equal(sql_count("SELECT COUNT(*) FROM secrecy_liftings WHERE lifted_on IN "
				   "('2024-07-01', '2024-07-02')"),
			 0);
	assert_int_equal(sql_count("SELECT COUNT(*) FROM record_corrections WHERE kind = "
				   "'secrecy_lifting' AND operation = 'delete'"),
			 2);
	assert_int_equal(sql_count("SELECT COUNT(*) FROM audit_log WHERE action = "
				   "'secrecy.delete'"),
			 2);
	assert_true(sql_count("SELECT COUNT(*) FROM audit_log WHERE action = "
			      "'secrecy.delete_denied'") >= 7);
}

static void test_never_counted(void **state)
{
	(void)state;
	char *before = counts();
	free(answer(&w1, "POST", path_of("/api/v1/cases/%lld/secrecy-liftings", case_id),
		    "{\"kind\":\"autre\",\"basis_detail\":\"Code du travail, art. L4131-1\","
		    "\"lifted_on\":\"2024-06-01\",\"recipient\":\"Inspection\",\"what_sent\":"
		    "\"Alerte\"}",
		    201));
	char *after = counts();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_notice_given(void **state)
{
	(void)state;
	char tomorrow[11], today[11], body[128];
	day(1, tomorrow);
	day(0, today);
	const char *p = path_of("/persons/%lld/notice", person_id);
	char path[96];
	snprintf(path, sizeof path, "%s", p);
	struct http_resp r;
	/* Attackers: nothing recorded, the answer of a missing person. */
	snprintf(body, sizeof body, "notice_given_on=%s", today);
	assert_int_equal(http_form(PORT, &w4, path, body, &r), 404);
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &head, path, body, &r), 404);
	http_resp_free(&r);
	assert_int_equal(sql_count("SELECT COUNT(*) FROM persons WHERE notice_given_on IS NOT NULL"),
			 0);
	/* The page offers the form and the printable notice. */
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path_of("/persons/%lld", person_id), NULL, &r),
			 200);
	expect_in(&r, "href=\"/donnees-personnelles\"");
	expect_in(&r, "name=\"notice_given_on\"");
	http_resp_free(&r);
	snprintf(body, sizeof body, "notice_given_on=%s", tomorrow);
	assert_int_equal(http_form(PORT, &w1, path, body, &r), 422);
	expect_in(&r, "La date de remise doit être une date passée");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, path, "notice_given_on=2024-02-01", &r), 303);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path_of("/persons/%lld", person_id), NULL, &r),
			 200);
	expect_in(&r, "01/02/2024");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path_of("/api/v1/persons/%lld", person_id),
				 NULL, &r),
			 200);
	expect_in(&r, "\"notice_given_on\":\"2024-02-01\"");
	http_resp_free(&r);
	/* The API: the same rule, the same door. */
	snprintf(body, sizeof body, "{\"notice_given_on\":\"%s\"}", tomorrow);
	expect_api(PORT, &w1, "POST", path_of("/api/v1/persons/%lld/notice", person_id), body, 422,
		   "notice_given_on");
	expect_api(PORT, &employer, "POST", path_of("/api/v1/persons/%lld/notice", person_id),
		   "{\"notice_given_on\":\"2024-02-01\"}", 404, NULL);
	expect_api(PORT, &w1, "POST", path_of("/api/v1/persons/%lld/notice", person_id),
		   "{\"notice_given_on\":\"2024-02-01\"}", 204, NULL);
	assert_int_equal(sql_count("SELECT COUNT(*) FROM audit_log WHERE action = "
				   "'person.notice_given'"),
			 2);
	assert_int_equal(sql_count("SELECT COUNT(*) FROM audit_log WHERE action = "
				   "'person.notice_given_denied'"),
			 3);
}

static void test_in_the_export(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET",
				 path_of("/api/v1/persons/%lld/export", person_id), NULL, &r),
			 200);
	json_t *doc = http_json(&r);
	http_resp_free(&r);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "person"),
							      "notice_given_on")),
			    "2024-02-01");
	json_t *c = json_array_get(json_object_get(doc, "cases"), 0);
	json_t *list = json_object_get(c, "secrecy_liftings");
	assert_true(json_array_size(list) >= 4);
	int found = 0;
	size_t i;
	json_t *one;
	json_array_foreach(list, i, one)
	{
		const char *who = json_string_value(json_object_get(one, "recipient"));
		found |= who && strcmp(who, RECIPIENT) == 0;
	}
	assert_true(found);
	json_decref(doc);
	assert_int_equal(http_as(PORT, &w1, 0, "GET",
				 path_of("/api/v1/persons/%lld/export?format=pdf", person_id), NULL,
				 &r),
			 200);
	assert_true(r.body_len > 4 && memcmp(r.body, "%PDF", 4) == 0);
	http_resp_free(&r);
	/* The others get nothing of it. */
	assert_int_equal(http_as(PORT, &w4, 0, "GET",
				 path_of("/api/v1/persons/%lld/export", person_id), NULL, &r),
			 404);
	expect_not_in(&r, RECIPIENT);
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attackers_first),
		cmocka_unit_test(test_record_and_read),
		cmocka_unit_test(test_deleted_with_reason),
		cmocka_unit_test(test_never_counted),
		cmocka_unit_test(test_notice_given),
		cmocka_unit_test(test_in_the_export),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
