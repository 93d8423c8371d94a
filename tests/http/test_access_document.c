/*
 * test_access_document — the person's right of access (issue 17, item 4):
 * beside the JSON, a readable French PDF of everything held on her —
 * identity, consents, cases with their interventions, aids, budget lines
 * and orientations, her appointments, and who read her file and when —
 * checked with pdftotext; the JSON holds the same two new lists; others
 * get 404 and the document is audited.
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
#include <jansson.h>

#include "http/harness.h"

static struct fixture fx;
static struct sess w1, w2, head, auditor;
static long long person, case_id;

#define PORT fx.srv.port

static long long created(const struct sess *s, const char *method, const char *path,
			 const char *body, int want)
{
	struct http_resp r;
	int status = http_as(PORT, s, 1, method, path, body, &r);
	if (status != want)
		fail_msg("%s %s: %d %s", method, path, status, r.body);
	long long id = want == 201 ? created_id(&r) : 0;
	http_resp_free(&r);
	return id;
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
	person = created(&w1, "POST", "/api/v1/persons",
			 "{\"organisation\":\"acme\",\"last_name\":\"Lemercier\",\"first_name\":"
			 "\"Sidonie\",\"birth_date\":\"1972-05-09\",\"phone\":\"0611223344\","
			 "\"consent\":{\"accompaniment_on\":\"2024-03-12\"}}",
			 201);
	char body[512], path[96];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-03-12\",\"referral_source\":\"agent\","
		 "\"domains\":[\"budget\"]}",
		 person);
	case_id = created(&w1, "POST", "/api/v1/cases", body, 201);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_id);
	created(&w1, "POST", path,
		"{\"date\":\"2024-03-13\",\"mode\":\"bureau\",\"kind\":\"entretien\","
		"\"duration_minutes\":45,\"notes\":\"Loyer impayé depuis janvier\"}",
		201);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/aids", case_id);
	created(&w1, "POST", path,
		"{\"kind\":\"secours\",\"funder\":\"ccas\",\"amount_requested_cents\":42000,"
		"\"submitted_on\":\"2024-03-14\",\"reason\":\"Facture d'énergie\"}",
		201);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/budget", case_id);
	created(&w1, "PUT", path,
		"{\"month\":\"2024-03\",\"adults\":1,\"children_under_14\":1,\"others_14_plus\":0,"
		"\"incomes\":[{\"label\":\"Salaire de mars\",\"amount_cents\":150000}]}",
		200);
	snprintf(body, sizeof body,
		 "{\"start\":\"2024-03-20T10:00\",\"end\":\"2024-03-20T11:00\",\"mode\":\"bureau\","
		 "\"person_id\":%lld}",
		 person);
	created(&w1, "POST", "/api/v1/appointments", body, 201);
	/* w2 tries to read her: refused, and that attempt is in her document. */
	snprintf(path, sizeof path, "/api/v1/persons/%lld", person);
	return http_as(PORT, &w2, 0, "GET", path, NULL, NULL) == 404 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

static void test_json_has_appointments_and_reads(void **state)
{
	(void)state;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/persons/%lld/export", person);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	json_t *appts = json_object_get(j, "appointments");
	assert_int_equal(json_array_size(appts), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(appts, 0), "start")),
			    "2024-03-20T10:00");
	json_t *reads = json_object_get(j, "reads");
	assert_true(json_array_size(reads) >= 3);
	int refused = 0, created_entry = 0;
	size_t i;
	json_t *e;
	json_array_foreach(reads, i, e)
	{
		const char *a = json_string_value(json_object_get(e, "action"));
		const char *who = json_string_value(json_object_get(e, "account"));
		refused += strcmp(a, "person.read_denied") == 0 && who && strcmp(who, "w2") == 0;
		created_entry += strcmp(a, "person.create") == 0;
	}
	assert_int_equal(refused, 1);
	assert_int_equal(created_entry, 1);
	json_decref(j);
}

static void test_pdf(void **state)
{
	(void)state;
	if (system("command -v pdftotext >/dev/null 2>&1") != 0)
		skip(); /* poppler-utils (scripts/install-deps.sh --test) reads the PDF */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/persons/%lld/export?format=pdf", person);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	char type[128];
	assert_non_null(http_header(&r, "Content-Type", type, sizeof type));
	assert_string_equal(type, "application/pdf");
	assert_true(r.body_len > 1000);
	assert_memory_equal(r.body, "%PDF", 4);
	char pdf[] = "/tmp/relais-access-XXXXXX";
	int fd = mkstemp(pdf);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, r.body, r.body_len), (ssize_t)r.body_len);
	close(fd);
	http_resp_free(&r);
	char txt[64];
	snprintf(txt, sizeof txt, "%s.txt", pdf);
	assert_int_equal(shell("pdftotext -enc UTF-8 %s %s", pdf, txt), 0);
	struct http_resp t = {0};
	FILE *f = fopen(txt, "rb");
	assert_non_null(f);
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = 0;
	for (size_t i = 0; i < n; i++) /* the lines pdftotext wrapped, joined */
		if (text[i] == '\n')
			text[i] = ' ';
	t.body = text;
	t.body_len = n;
	static const char *const want[] = {
		"Vos données détenues par le service social du travail",
		"droit d'accès (RGPD, article 15)",
		"Identité", "Nom : Lemercier", "Prénom : Sidonie", "Date de naissance : 09/05/1972",
		"Consentements", "Accord pour être accompagné(e), donné le : 12/03/2024",
		"Suivis", "Ouvert le : 12/03/2024",
		"Interventions", "Durée (minutes) : 45", "Loyer impayé depuis janvier",
		"Aides financières", "Montant demandé (centimes) : 42000", "Facture d'énergie",
		"Budget", "Salaire de mars",
		"Rendez-vous", "20/03/2024 10:00",
		"Qui a consulté ou modifié le dossier, et quand",
		"Consultation de personne refusée", "w2", "Personne créée",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		expect_in(&t, want[i]);
	unlink(pdf);
	unlink(txt);
}

static void test_others_and_audit(void **state)
{
	(void)state;
	char path[96];
	const struct sess *others[] = {&w2, &head, &auditor};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "/api/v1/persons/%lld/export?format=pdf", person);
		int status = http_as(PORT, others[i], 0, "GET", path, NULL, NULL);
		assert_true(status == 404 || status == 403);
	}
	snprintf(path, sizeof path, "/api/v1/persons/%lld/export?format=docx", person);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, NULL), 400);
	/* Each document is in the log. */
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET",
				 "/audit/export.json?action=person.access_document", NULL, &r),
			 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	assert_true(json_array_size(json_object_get(j, "entries")) >= 2);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_has_appointments_and_reads),
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_others_and_audit),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
