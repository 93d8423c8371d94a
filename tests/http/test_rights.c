/*
 * test_rights — the person's rights on request (issue 14, item 4;
 * service/rights.h): erasure asked by the référent with a reason and
 * confirmed or refused by a head, then the person is nobody's (404 for
 * every role, no search finds her, her name gone from the pages and the
 * database); correction with a reason, audited with who, which fields and
 * the reason's reference, never an old value.
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

#include <cmocka.h>

#include "http/harness.h"

static struct fixture fx;
static struct sess w1, w2, head, admin, employer, auditor, reception;

#define PORT fx.srv.port

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker",	 "w2:worker",	     "head1:head",
					    "admin1:admin",	 "rh1:employer:acme", "auditor1:auditor",
					    "accueil1:reception", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &head, &admin, &employer, &auditor, &reception};
	const char *logins[] = {"w1", "w2", "head1", "admin1", "rh1", "auditor1", "accueil1"};
	for (int i = 0; i < 7; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	const char *workers[] = {"w1", "w2"};
	for (int i = 0; i < 2; i++) {
		char body[64];
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", workers[i]);
		if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", body,
			    NULL) != 200)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* w1's new person with a full identity and a case with a note. */
static long long new_person(const char *last, const char *first, const char *phone,
			    const char *email)
{
	char body[512];
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"last_name\":\"%s\",\"first_name\":\"%s\","
		 "\"birth_date\":\"1969-07-21\",\"phone\":\"%s\",\"email\":\"%s\","
		 "\"consent\":{\"accompaniment_on\":\"2024-03-12\"}}",
		 last, first, phone, email);
	struct http_resp r;
	int status = http_as(PORT, &w1, 1, "POST", "/api/v1/persons", body, &r);
	if (status != 201)
		fail_msg("person: %d %s", status, r.body);
	long long id = created_id(&r);
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-03-12\",\"referral_source\":\"agent\","
		 "\"domains\":[\"budget\"]}",
		 id);
	status = http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r);
	if (status != 201)
		fail_msg("case: %d %s", status, r.body);
	long long c = created_id(&r);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", c);
	snprintf(body, sizeof body,
		 "{\"date\":\"2024-03-13\",\"mode\":\"bureau\",\"kind\":\"entretien\","
		 "\"duration_minutes\":30,\"notes\":\"%s parle de ses dettes\"}",
		 first);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", path, body, NULL), 201);
	return id;
}

/* The status of method path as s (body JSON or NULL); *out kept when given. */
static int as(const struct sess *s, const char *method, const char *path, const char *body,
	      struct http_resp *out)
{
	struct http_resp r;
	int status = http_as(PORT, s, 1, method, path, body, out ? out : &r);
	if (!out)
		http_resp_free(&r);
	return status;
}

/* The number of erasure requests s lists. */
static int erasures_listed(const struct sess *s, const char *needle)
{
	struct http_resp r;
	assert_int_equal(as(s, "GET", "/api/v1/erasures", NULL, &r), 200);
	json_t *j = http_json(&r);
	int n = (int)json_array_size(json_object_get(j, "erasures"));
	if (needle && !strstr(r.body, needle))
		fail_msg("the list lacks %s: %s", needle, r.body);
	json_decref(j);
	http_resp_free(&r);
	return n;
}

/* The rows of the access log as text (sqlite3 or psql), caller frees. */
static char *audit_rows(void)
{
	char path[600];
	snprintf(path, sizeof path, "%s/audit.txt", fx.dir);
	assert_int_equal(fixture_query(&fx, "SELECT * FROM audit_log", path), 0);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *text = calloc(1, (size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	assert_true(n > 0);
	return text;
}

/* The one value sql selects, read behind the server's back (sqlite3 or
   psql), as an integer. */
static long long sql_value(const char *sql)
{
	char path[600];
	snprintf(path, sizeof path, "%s/value.txt", fx.dir);
	assert_int_equal(fixture_query(&fx, sql, path), 0);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	long long v = -1;
	assert_int_equal(fscanf(f, "%lld", &v), 1);
	fclose(f);
	return v;
}

static void expect_status_all(const char *method, const char *path, const char *body,
			      int status)
{
	struct sess *all[] = {&w1, &w2, &head, &admin, &employer, &auditor, &reception};
	for (int i = 0; i < 7; i++) {
		int got = as(all[i], method, path, body, NULL);
		if (got != status)
			fail_msg("%s %s as #%d: %d, expected %d", method, path, i, got, status);
	}
}

static void test_erasure_refusals(void **state)
{
	(void)state;
	long long id = new_person("Garnier", "Odile", "06 11 22 33 44", "o.garnier@example.org");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/persons/%lld/erasure", id);
	/* A missing or blank reason: 422 in French, nothing written. */
	expect_api(PORT, &w1, "POST", path, "{}", 422, "reason");
	expect_api(PORT, &w1, "POST", path, "{\"reason\":\"   \"}", 422, "reason");
	expect_api(PORT, &w1, "POST", path, "{\"reason\":12}", 422, "reason");
	struct http_resp r;
	assert_int_equal(as(&w1, "POST", path, "{\"reason\":\"\"}", &r), 422);
	expect_in(&r, "motif");
	http_resp_free(&r);
	char form_path[96];
	snprintf(form_path, sizeof form_path, "/persons/%lld/effacement", id);
	assert_int_equal(http_form(PORT, &w1, form_path, "reason=", &r), 422);
	expect_in(&r, "motif de la demande d");
	http_resp_free(&r);
	assert_int_equal(erasures_listed(&w1, NULL), 0);
	assert_int_equal(erasures_listed(&head, NULL), 0);

	/* Anyone but the référent: not found, the same as no such person. */
	struct sess *others[] = {&w2, &head, &admin, &employer, &auditor, &reception};
	for (int i = 0; i < 6; i++) {
		struct http_resp mine, missing;
		int a = as(others[i], "POST", path, "{\"reason\":\"Demande\"}", &mine);
		int b = as(others[i], "POST", "/api/v1/persons/999999999/erasure",
			   "{\"reason\":\"Demande\"}", &missing);
		assert_int_equal(a, 404);
		assert_int_equal(b, 404);
		assert_string_equal(mine.body, missing.body);
		http_resp_free(&mine);
		http_resp_free(&missing);
	}
	assert_int_equal(erasures_listed(&head, NULL), 0);

	/* The request; a second one waits for the first. */
	assert_int_equal(as(&w1, "POST", path, "{\"reason\":\"Courrier du 2 décembre\"}", &r), 202);
	long long req = created_id(&r);
	assert_int_equal(as(&w1, "POST", path, "{\"reason\":\"Encore\"}", NULL), 409);
	assert_int_equal(erasures_listed(&w1, "Courrier du 2 d"), 1);
	assert_int_equal(erasures_listed(&w2, NULL), 0);

	/* Its author cannot confirm it, another worker may not know of it, the
	   other roles may not decide at all. */
	char confirm[96], refuse[96];
	snprintf(confirm, sizeof confirm, "/api/v1/erasures/%lld/confirm", req);
	snprintf(refuse, sizeof refuse, "/api/v1/erasures/%lld/refuse", req);
	assert_int_equal(as(&w1, "POST", confirm, NULL, NULL), 403);
	assert_int_equal(as(&w1, "POST", refuse, NULL, NULL), 403);
	assert_int_equal(as(&w2, "POST", confirm, NULL, NULL), 404);
	assert_int_equal(as(&w2, "POST", "/api/v1/erasures/999999999/confirm", NULL, NULL), 404);
	struct sess *refused[] = {&admin, &employer, &auditor, &reception};
	for (int i = 0; i < 4; i++)
		assert_int_equal(as(refused[i], "POST", confirm, NULL, NULL), 403);

	/* The head refuses: the person stays as she was. */
	assert_int_equal(as(&head, "POST", refuse, NULL, &r), 200);
	expect_in(&r, "\"refused\"");
	http_resp_free(&r);
	assert_int_equal(as(&head, "POST", confirm, NULL, NULL), 409);
	char person[64];
	snprintf(person, sizeof person, "/api/v1/persons/%lld", id);
	assert_int_equal(as(&w1, "GET", person, NULL, &r), 200);
	expect_in(&r, "Garnier");
	expect_in(&r, "06 11 22 33 44");
	http_resp_free(&r);
	assert_int_equal(as(&w1, "GET", "/api/v1/persons?q=garn", NULL, &r), 200);
	expect_in(&r, "Garnier");
	http_resp_free(&r);
	/* Kept, and sealed (never in clear in the database's bytes). */
	assert_int_equal(db_has(&fx, "Garnier"), 0);
}

static void test_erasure_confirmed(void **state)
{
	(void)state;
	long long id = new_person("Vandermeersch", "Ludivine", "06 98 76 54 32",
				  "l.vandermeersch@example.org");
	char person[64], page[64], form_path[96];
	snprintf(person, sizeof person, "/api/v1/persons/%lld", id);
	snprintf(page, sizeof page, "/persons/%lld", id);
	snprintf(form_path, sizeof form_path, "/persons/%lld/effacement", id);
	/* A correction first: its reason may quote the old value. */
	expect_api(PORT, &w1, "PATCH", person,
		   "{\"job_title\":\"Agente\",\"correction_reason\":\"Poste exact\"}", 200, NULL);
	char count[160];
	snprintf(count, sizeof count,
		 "SELECT COUNT(*) FROM person_corrections WHERE person_id = %lld AND reason IS NOT NULL",
		 id);
	assert_int_equal(sql_value(count), 1);
	/* Her consents' history: erased with her. */
	char consents[128];
	snprintf(consents, sizeof consents,
		 "SELECT COUNT(*) FROM consent_changes WHERE person_id = %lld", id);
	assert_int_equal(sql_value(consents), 2);
	/* The form on the person's file, then the request through it. */
	struct http_resp r;
	assert_int_equal(as(&w1, "GET", page, NULL, &r), 200);
	expect_in(&r, "Effacer sur demande de la personne");
	expect_in(&r, "/effacement\"");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, form_path, "reason=Lettre+recommand%C3%A9e+re%C3%A7ue",
				   &r),
			 303);
	http_resp_free(&r);

	/* The head's home page says one waits; her page lists it by number,
	   with its reason, never the name. */
	assert_int_equal(as(&head, "GET", "/", NULL, &r), 200);
	expect_in(&r, "effacements-avis");
	expect_in(&r, "attend la décision d");
	expect_in(&r, "href=\"/effacements\"");
	http_resp_free(&r);
	assert_int_equal(as(&head, "GET", "/effacements", NULL, &r), 200);
	expect_in(&r, "Lettre recommandée reçue");
	expect_in(&r, "/confirmer\"");
	expect_not_in(&r, "Vandermeersch");
	expect_not_in(&r, "Ludivine");
	http_resp_free(&r);
	assert_int_equal(as(&head, "GET", "/api/v1/erasures", NULL, &r), 200);
	json_t *j = http_json(&r);
	json_t *first = json_array_get(json_object_get(j, "erasures"), 0);
	long long req = (long long)json_integer_value(json_object_get(first, "id"));
	assert_int_equal(json_integer_value(json_object_get(first, "person_id")), id);
	assert_true(json_is_true(json_object_get(first, "may_decide")));
	expect_not_in(&r, "Vandermeersch");
	json_decref(j);
	http_resp_free(&r);

	/* Still there until the head confirms. */
	assert_int_equal(as(&w1, "GET", person, NULL, NULL), 200);
	char confirm[96];
	snprintf(confirm, sizeof confirm, "/effacements/%lld/confirmer", req);
	assert_int_equal(http_form(PORT, &head, confirm, "", &r), 200);
	expect_in(&r, "Effacement confirmé");
	http_resp_free(&r);

	assert_int_equal(as(&head, "GET", "/", NULL, &r), 200);
	expect_not_in(&r, "effacements-avis");
	http_resp_free(&r);
	assert_int_equal(sql_value(consents), 0);
	/* Nobody's now: the page and the API answer 404 to every role. */
	expect_status_all("GET", person, NULL, 404);
	expect_status_all("PATCH", person, "{\"job_title\":\"Agente\"}", 404);
	char export[96];
	snprintf(export, sizeof export, "/api/v1/persons/%lld/export", id);
	expect_status_all("GET", export, NULL, 404);
	assert_int_equal(as(&w1, "GET", page, NULL, &r), 404);
	expect_not_in(&r, "Vandermeersch");
	http_resp_free(&r);
	/* No search finds her, no page names her. */
	const char *pages[] = {"/api/v1/persons?q=vander", "/api/v1/persons", "/persons?q=vander",
			       "/persons", "/cases", "/api/v1/cases", "/", "/effacements"};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		assert_int_equal(as(&w1, "GET", pages[i], NULL, &r), 200);
		expect_not_in(&r, "Vandermeersch");
		expect_not_in(&r, "Ludivine");
		expect_not_in(&r, "06 98 76 54 32");
		http_resp_free(&r);
	}
	/* The erasure is in the log, never its content. */
	assert_int_equal(as(&auditor, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	char object[64];
	snprintf(object, sizeof object, "\"%lld;erasure=%lld\"", id, req);
	const char *want[] = {"\"person.erase_request\"", "\"person.erase_confirm\"",
			      "\"person.anonymise\"", "\"person.erase_request_denied\"",
			      "\"person.erase_confirm_denied\"", "\"person.erase_refuse\"", object};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(r.body, want[i]))
			fail_msg("the log lacks %s", want[i]);
	expect_not_in(&r, "Vandermeersch");
	expect_not_in(&r, "Lettre");
	http_resp_free(&r);
	/* Gone from the stored bytes (the reason was never there in clear). */
	assert_int_equal(db_has(&fx, "Vandermeersch"), 0);
	assert_int_equal(db_has(&fx, "Ludivine"), 0);
	assert_int_equal(db_has(&fx, "l.vandermeersch@example.org"), 0);
	assert_int_equal(db_has(&fx, "Lettre recommand"), 0);
	/* Anonymised as by the purge; the correction's reason went with the rest. */
	assert_int_equal(sql_value(count), 0);
	snprintf(count, sizeof count,
		 "SELECT COUNT(*) FROM persons WHERE id = %lld AND anonymised_on IS NOT NULL",
		 id);
	assert_int_equal(sql_value(count), 1);
	/* Decided once. */
	assert_int_equal(http_form(PORT, &head, confirm, "", &r), 409);
	http_resp_free(&r);
}

static void test_correction(void **state)
{
	(void)state;
	long long id = new_person("Lefebvre", "Gaspard", "01 23 45 67 89", "g.lefebvre@example.org");
	char person[64], page[64];
	snprintf(person, sizeof person, "/api/v1/persons/%lld", id);
	snprintf(page, sizeof page, "/persons/%lld", id);
	/* A reason is required; nothing changes without one. */
	expect_api(PORT, &w1, "PATCH", person,
		   "{\"last_name\":\"Lefèvre\",\"correction_reason\":\"\"}", 422,
		   "correction_reason");
	expect_api(PORT, &w1, "PATCH", person,
		   "{\"last_name\":\"Lefèvre\",\"correction_reason\":false}", 422,
		   "correction_reason");
	/* Nothing to correct. */
	expect_api(PORT, &w1, "PATCH", person,
		   "{\"last_name\":\"Lefebvre\",\"correction_reason\":\"Erreur\"}", 422, NULL);
	struct http_resp r;
	assert_int_equal(as(&w1, "GET", person, NULL, &r), 200);
	expect_in(&r, "Lefebvre");
	http_resp_free(&r);
	/* Other roles: not found. */
	assert_int_equal(as(&w2, "PATCH", person,
			    "{\"last_name\":\"X\",\"correction_reason\":\"Erreur\"}", NULL),
			 404);

	/* The correction: fields changed, the log names them and the
	   correction's number, never a value nor the reason. */
	assert_int_equal(as(&w1, "PATCH", person,
			    "{\"last_name\":\"Lefèvre\",\"phone\":\"07 00 00 00 01\","
			    "\"email\":\"g.lefebvre@example.org\","
			    "\"correction_reason\":\"Nom mal orthographié selon sa pièce d'identité\"}",
			    &r),
		 200);
	expect_in(&r, "Lefèvre");
	expect_in(&r, "07 00 00 00 01");
	http_resp_free(&r);
	/* On the page (the whole form is sent, its statistics box ticked): the
	   box says the person asked, the reason is then required. */
	char form[256];
	snprintf(form, sizeof form, "first_name=Gaspar&statistics=1&correction=1&correction_reason=");
	assert_int_equal(http_form(PORT, &w1, page, form, &r), 422);
	expect_in(&r, "Le motif de la rectification");
	http_resp_free(&r);
	snprintf(form, sizeof form,
		 "first_name=Gaspar&statistics=1&correction=1&"
		 "correction_reason=Pr%%C3%%A9nom+d%%27usage");
	assert_int_equal(http_form(PORT, &w1, page, form, &r), 303);
	http_resp_free(&r);
	assert_int_equal(as(&w1, "GET", person, NULL, &r), 200);
	expect_in(&r, "\"Gaspar\"");
	http_resp_free(&r);

	assert_int_equal(as(&auditor, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	char prefix[64];
	snprintf(prefix, sizeof prefix, "\"%lld;correction=", id);
	expect_in(&r, "\"person.correct\"");
	expect_in(&r, prefix);
	expect_in(&r, ";fields=last_name,phone\"");
	expect_in(&r, ";fields=first_name\"");
	http_resp_free(&r);
	/* The table itself: no old value, no new one, no reason. */
	char *rows = audit_rows();
	assert_non_null(strstr(rows, "person.correct"));
	const char *never[] = {"Lefebvre", "Lefèvre", "01 23 45 67 89", "07 00 00 00 01",
			       "Gaspard",  "orthographi", "usage"};
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
		if (strstr(rows, never[i]))
			fail_msg("the access log holds «%s»", never[i]);
	free(rows);
	/* The person's export (right of access) holds her corrections. */
	char export[96];
	snprintf(export, sizeof export, "/api/v1/persons/%lld/export", id);
	assert_int_equal(as(&w1, "GET", export, NULL, &r), 200);
	expect_in(&r, "\"corrections\":[{");
	expect_in(&r, "\"fields\":\"last_name,phone\"");
	expect_in(&r, "Nom mal orthographié selon sa pièce d'identité");
	http_resp_free(&r);
	/* The reason is sealed. */
	assert_int_equal(db_has(&fx, "pièce d'identité"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_erasure_refusals),
		cmocka_unit_test(test_erasure_confirmed),
		cmocka_unit_test(test_correction),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
