/*
 * test_audit_search — the access log in French (issue 17, item 4): every
 * entry shown with the French name of its action and object; the DPO
 * searches by person (her number or her page's link), by account, by
 * period and by action, never by a name; the answer exported as a CSV for
 * French spreadsheets and as JSON, each export itself in the log; bad
 * searches refused with a French message; only the auditor reads any of it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "http/harness.h"

static struct fixture fx;
static struct sess w1, w2, head, auditor;
static long long p1, p2, case1;

#define PORT fx.srv.port

static long long post_created(const struct sess *s, const char *path, const char *body)
{
	struct http_resp r;
	int status = http_as(PORT, s, 1, "POST", path, body, &r);
	if (status != 201)
		fail_msg("%s: %d %s", path, status, r.body);
	long long id = created_id(&r);
	return id;
}

static long long new_person(const char *last)
{
	char body[512];
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"last_name\":\"%s\",\"first_name\":\"Anne\","
		 "\"birth_date\":\"1969-07-21\",\"consent\":{\"accompaniment_on\":\"2024-03-12\"}}",
		 last);
	return post_created(&w1, "/api/v1/persons", body);
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker", "w2:worker", "head1:head",
					    "aud:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &head, &auditor};
	const char *logins[] = {"w1", "w2", "head1", "aud"};
	for (int i = 0; i < 4; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
		    "{\"login\":\"w1\"}", NULL) != 200)
		return -1;
	p1 = new_person("Martin");
	p2 = new_person("Durand");
	char body[256], path[64];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-03-12\",\"referral_source\":\"agent\","
		 "\"domains\":[\"budget\"]}",
		 p1);
	case1 = post_created(&w1, "/api/v1/cases", body);
	/* w1 reads her person and the case; w2 tries and is refused. */
	snprintf(path, sizeof path, "/api/v1/persons/%lld", p1);
	if (http_as(PORT, &w1, 0, "GET", path, NULL, NULL) != 200 ||
	    http_as(PORT, &w2, 0, "GET", path, NULL, NULL) != 404)
		return -1;
	snprintf(path, sizeof path, "/api/v1/cases/%lld", case1);
	if (http_as(PORT, &w1, 0, "GET", path, NULL, NULL) != 200)
		return -1;
	snprintf(path, sizeof path, "/api/v1/persons/%lld", p2);
	return http_as(PORT, &w1, 0, "GET", path, NULL, NULL) == 200 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* The JSON export of the search `query` ("" for all); the caller frees. */
static json_t *export_json(const char *query)
{
	char path[512];
	snprintf(path, sizeof path, "/audit/export.json%s%s", query[0] ? "?" : "", query);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	assert_non_null(j);
	return json_object_get(j, "entries") ? j : NULL;
}

/* The entry's object is person p or the case of p. */
static int about(json_t *e, const char *type, long long id)
{
	char want[24];
	snprintf(want, sizeof want, "%lld", id);
	const char *t = json_string_value(json_object_get(e, "object_type"));
	const char *o = json_string_value(json_object_get(e, "object_id"));
	return t && o && strcmp(t, type) == 0 && strcmp(o, want) == 0;
}

static void test_french_labels(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/audit", NULL, &r), 200);
	expect_in(&r, "Connexion <small><code>session.create</code></small>");
	expect_in(&r, "<td>Personne créée <small>");
	expect_in(&r, "<td>Consultation de personne refusée <small>");
	expect_in(&r, "<td>Personne</td>");
	/* The search form: lists to pick from, no name to type. */
	expect_in(&r, "name=\"personne\"");
	expect_in(&r, "<select name=\"compte\"");
	expect_in(&r, ">w2 (");
	expect_in(&r, "<option value=\"person.read\">Fiche de personne consultée</option>");
	expect_in(&r, "name=\"du\"");
	expect_in(&r, "name=\"au\"");
	http_resp_free(&r);
	/* The JSON export names both. */
	json_t *j = export_json("action=session.create");
	json_t *e = json_array_get(json_object_get(j, "entries"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "action_label")), "Connexion");
	assert_string_equal(json_string_value(json_object_get(e, "object_label")), "Compte");
	json_decref(j);
}

/* "Who opened this file?": her number or her page's link, the same answer. */
static void test_by_person(void **state)
{
	(void)state;
	char q[256];
	snprintf(q, sizeof q, "personne=%lld", p1);
	json_t *j = export_json(q);
	json_t *entries = json_object_get(j, "entries");
	size_t i, n = json_array_size(entries);
	int created = 0, denied = 0, case_read = 0;
	json_t *e;
	json_array_foreach(entries, i, e)
	{
		assert_true(about(e, "person", p1) || about(e, "case", case1));
		const char *a = json_string_value(json_object_get(e, "action"));
		const char *who = json_string_value(json_object_get(e, "actor_login"));
		created += strcmp(a, "person.create") == 0;
		denied += strcmp(a, "person.read_denied") == 0 && strcmp(who, "w2") == 0;
		case_read += about(e, "case", case1);
	}
	assert_int_equal(created, 1);
	assert_int_equal(denied, 1);
	assert_true(case_read >= 1);
	json_decref(j);
	/* The page's link pasted, with its address. */
	snprintf(q, sizeof q, "personne=http%%3A%%2F%%2Frelais.example%%2Fpersons%%2F%lld", p1);
	json_t *k = export_json(q);
	assert_int_equal(json_array_size(json_object_get(k, "entries")), n);
	json_decref(k);
	/* On the page. */
	snprintf(q, sizeof q, "/audit?personne=%%2Fpersons%%2F%lld", p2);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", q, NULL, &r), 200);
	expect_in(&r, "Entrées trouvées");
	expect_in(&r, "<td>Fiche de personne consultée <small>");
	expect_not_in(&r, "<td>Consultation de personne refusée <small>");
	expect_in(&r, "/audit/export.csv?personne=");
	http_resp_free(&r);
}

static void test_by_account_action_period(void **state)
{
	(void)state;
	/* w2's account id, from the log itself. */
	json_t *j = export_json("action=person.read_denied");
	json_t *entries = json_object_get(j, "entries");
	assert_int_equal(json_array_size(entries), 1);
	json_t *e = json_array_get(entries, 0);
	long long w2id = json_integer_value(json_object_get(e, "actor_id"));
	assert_true(w2id > 0);
	json_decref(j);
	char q[128];
	snprintf(q, sizeof q, "compte=%lld", w2id);
	j = export_json(q);
	size_t i;
	json_array_foreach(json_object_get(j, "entries"), i, e)
		assert_string_equal(json_string_value(json_object_get(e, "actor_login")), "w2");
	assert_true(json_array_size(json_object_get(j, "entries")) >= 2);
	json_decref(j);
	/* A period before everything: nothing; one around today: all. */
	j = export_json("du=2001-01-01&au=2001-12-31");
	assert_int_equal(json_array_size(json_object_get(j, "entries")), 0);
	json_decref(j);
	j = export_json("du=2001-01-01&au=2099-12-31&action=person.create");
	assert_int_equal(json_array_size(json_object_get(j, "entries")), 2);
	json_decref(j);
}

/* A search that cannot be read is refused in French; nothing is shown. */
static void test_refused(void **state)
{
	(void)state;
	static const struct {
		const char *query, *message;
	} bad[] = {
		{"personne=Martin", "Donnez le numéro de la personne"},
		{"personne=12abc", "Donnez le numéro de la personne"},
		{"compte=w2", "Choisissez un compte dans la liste."},
		{"action=person.delete_everything", "Choisissez une action dans la liste."},
		{"du=2026-13-01", "La date de début s&#39;écrit AAAA-MM-JJ."},
		{"au=31/12/2026", "La date de fin s&#39;écrit AAAA-MM-JJ."},
		{"du=2026-06-01&au=2026-05-01", "La date de fin précède la date de début."},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char path[256];
		struct http_resp r;
		snprintf(path, sizeof path, "/audit?%s", bad[i].query);
		assert_int_equal(http_as(PORT, &auditor, 0, "GET", path, NULL, &r), 422);
		expect_in(&r, bad[i].message);
		expect_not_in(&r, "Entrées trouvées");
		http_resp_free(&r);
		snprintf(path, sizeof path, "/audit/export.csv?%s", bad[i].query);
		assert_int_equal(http_as(PORT, &auditor, 0, "GET", path, NULL, NULL), 422);
	}
}

/* The CSV for French spreadsheets, and the export in the log. */
static void test_csv_export(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "/audit/export.csv?personne=%lld", p1);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", path, NULL, &r), 200);
	assert_true(r.body_len > 3);
	assert_memory_equal(r.body, "\xEF\xBB\xBF", 3);
	expect_in(&r, "N°;Date et heure;Compte;Action;Code de l'action;Objet;Code de l'objet;"
		      "Identifiant;Adresse\r\n");
	expect_in(&r, ";w1;Personne créée;person.create;Personne;person;");
	expect_in(&r, ";w2;Consultation de personne refusée;person.read_denied;");
	expect_not_in(&r, "Durand");
	http_resp_free(&r);
	json_t *j = export_json("action=audit.export");
	json_t *entries = json_object_get(j, "entries");
	assert_true(json_array_size(entries) >= 1);
	/* The newest export is this JSON one; the CSV's names its filter. */
	int csv = 0;
	size_t i;
	json_t *e;
	char want[64];
	snprintf(want, sizeof want, "csv person=%lld ", p1);
	json_array_foreach(entries, i, e)
		csv += strncmp(json_string_value(json_object_get(e, "object_id")), want,
			       strlen(want)) == 0;
	assert_int_equal(csv, 1);
	json_decref(j);
}

static void test_only_the_auditor(void **state)
{
	(void)state;
	const struct sess *others[] = {&w1, &w2, &head};
	const char *paths[] = {"/audit", "/audit/export.csv", "/audit/export.json"};
	for (size_t i = 0; i < 3; i++)
		for (size_t k = 0; k < 3; k++)
			assert_int_equal(http_as(PORT, others[i], 0, "GET", paths[k], NULL, NULL),
					 403);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_french_labels),
		cmocka_unit_test(test_by_person),
		cmocka_unit_test(test_by_account_action_period),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_csv_export),
		cmocka_unit_test(test_only_the_auditor),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
