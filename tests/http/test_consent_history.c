/*
 * test_consent_history — every change of a person's consents is kept
 * (issue 17; service/persons.h): the statistics consent withdrawn then
 * given back and the accompaniment's date changed each leave a row, in
 * the same transaction as the change (a failed write changes nothing);
 * an update that changes no consent leaves none.  The timeline shows each
 * change in order (API and page), the right-of-access document lists them
 * all (JSON "consent_history", the PDF in French sentences read with
 * pdftotext); another worker gets 404.
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

#include "domain/date.h"
#include "http/harness.h"

static struct fixture fx;
static struct sess w1, w2, head;
static long long person;
static char today[DATE_LEN + 1], today_fr[11];

#define PORT fx.srv.port

static void patch(const char *body, int want)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/persons/%lld", person);
	struct http_resp r;
	int status = http_as(PORT, &w1, 1, "PATCH", path, body, &r);
	if (status != want)
		fail_msg("PATCH %s: %d %s", body, status, r.body ? r.body : "");
	http_resp_free(&r);
}

static long long changes(void)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM consent_changes WHERE person_id = %lld",
		 person);
	return fixture_count(&fx, sql);
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker", "w2:worker", "head1:head", NULL};
	if (fixture_start(&fx, cmds, users) != 0 ||
	    api_login(PORT, "w1", TEST_PASSWORD, &w1) != 200 ||
	    api_login(PORT, "w2", TEST_PASSWORD, &w2) != 200 ||
	    api_login(PORT, "head1", TEST_PASSWORD, &head) != 200)
		return -1;
	const char *workers[] = {"{\"login\":\"w1\"}", "{\"login\":\"w2\"}"};
	for (int i = 0; i < 2; i++)
		if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
			    workers[i], NULL) != 200)
			return -1;
	struct http_resp r;
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"Delaunay\",\"first_name\":"
		    "\"Armelle\",\"consent\":{\"accompaniment_on\":\"2024-03-12\"}}",
		    &r) != 201)
		return -1;
	person = created_id(&r);
	http_resp_free(&r);
	date_today(today);
	date_french(today, today_fr);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* Created: her two consents as given. */
static void test_created(void **state)
{
	(void)state;
	assert_int_equal(changes(), 2);
}

/* Withdrawn, given back, the accompaniment's date changed: a row each;
   the same values again or another field: none. */
static void test_changes(void **state)
{
	(void)state;
	patch("{\"consent\":{\"statistics\":false}}", 200);
	patch("{\"consent\":{\"statistics\":true}}", 200);
	patch("{\"consent\":{\"accompaniment_on\":\"2024-03-05\"}}", 200);
	assert_int_equal(changes(), 5);
	patch("{\"consent\":{\"statistics\":true,\"accompaniment_on\":\"2024-03-05\"}}", 200);
	patch("{\"job_title\":\"Agente d'accueil\"}", 200);
	assert_int_equal(changes(), 5);
}

/* A change whose history cannot be written is not made (one transaction). */
static void test_all_or_nothing(void **state)
{
	(void)state;
	const char *pg = getenv("RELAIS_TEST_DB");
	int on_pg = pg && *pg;
	assert_int_equal(
		fixture_sql(&fx, on_pg ? "CREATE FUNCTION consent_refused() RETURNS trigger"
					 " LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''refused'';"
					 " END;'; CREATE TRIGGER consent_refused BEFORE INSERT ON"
					 " consent_changes FOR EACH ROW EXECUTE FUNCTION"
					 " consent_refused();"
				       : "CREATE TRIGGER consent_refused BEFORE INSERT ON"
					 " consent_changes BEGIN SELECT RAISE(ABORT, 'refused'); END;"),
		0);
	patch("{\"consent\":{\"statistics\":false}}", 500);
	assert_int_equal(fixture_sql(&fx, on_pg ? "DROP TRIGGER consent_refused ON consent_changes;"
						  " DROP FUNCTION consent_refused();"
						: "DROP TRIGGER consent_refused;"),
			 0);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT consent_statistics FROM persons WHERE id = %lld", person);
	assert_int_equal(fixture_count(&fx, sql), 1);
	assert_int_equal(changes(), 5);
}

/* The API's consent events, newest first: "event number date" (number
   "-" when the event has none) joined by ", " into out. */
static void consent_events(char *out, size_t len)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/persons/%lld/timeline?kinds=consent&limit=200",
		 person);
	json_t *j = http_get_json(PORT, &w1, path);
	out[0] = '\0';
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(j, "timeline"), i, v)
	{
		size_t n = strlen(out);
		json_t *num = json_object_get(v, "number");
		snprintf(out + n, len - n, "%s%s %s %s", n ? ", " : "",
			 json_string_value(json_object_get(v, "event")),
			 !num ? "-" : json_integer_value(num) ? "1" : "0",
			 json_string_value(json_object_get(v, "date")));
	}
	json_decref(j);
}

static void test_timeline(void **state)
{
	(void)state;
	char events[1024], want[1024];
	consent_events(events, sizeof events);
	snprintf(want, sizeof want,
		 "consent_statistics 1 %s, consent_statistics 0 %s, "
		 "consent_statistics 1 2024-03-12, consent_accompaniment - 2024-03-12, "
		 "consent_accompaniment - 2024-03-05",
		 today, today);
	assert_string_equal(events, want);
	/* The page, in words, newest first: given back, withdrawn, given;
	   the accompaniment's date changed, then given. */
	char path[96];
	snprintf(path, sizeof path, "/persons/%lld/chronologie", person);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	const char *said[] = {"Consentement aux statistiques donné de nouveau",
			      "Consentement aux statistiques retiré",
			      "Accord pour les statistiques",
			      "Accord pour l&#39;accompagnement</",
			      "Accord pour l&#39;accompagnement · date changée, auparavant le 12/03/2024"};
	const char *at = r.body;
	for (size_t i = 0; i < sizeof said / sizeof said[0]; i++) {
		const char *found = strstr(at, said[i]);
		if (!found)
			fail_msg("the timeline lacks, in its place, \"%s\"", said[i]);
		at = found + strlen(said[i]);
	}
	expect_not_in(&r, "Refus des statistiques");
	http_resp_free(&r);
}

static void test_export_json(void **state)
{
	(void)state;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/persons/%lld/export", person);
	json_t *j = http_get_json(PORT, &w1, path);
	json_t *h = json_object_get(j, "consent_history");
	assert_int_equal(json_array_size(h), 5);
	const struct {
		const char *kind;
		int given;
		const char *on, *by;
	} want[] = {
		{"accompaniment", 1, "2024-03-12", "w1"}, {"statistics", 1, "2024-03-12", "w1"},
		{"statistics", 0, today, "w1"},		  {"statistics", 1, today, "w1"},
		{"accompaniment", 1, "2024-03-05", "w1"},
	};
	for (size_t i = 0; i < 5; i++) {
		json_t *c = json_array_get(h, i);
		assert_string_equal(json_string_value(json_object_get(c, "kind")), want[i].kind);
		assert_int_equal(json_is_true(json_object_get(c, "given")), want[i].given);
		assert_string_equal(json_string_value(json_object_get(c, "on")), want[i].on);
		assert_string_equal(json_string_value(json_object_get(c, "recorded_by")), want[i].by);
		assert_true(json_integer_value(json_object_get(c, "recorded_at")) > 0);
	}
	json_decref(j);
}

static void test_export_pdf(void **state)
{
	(void)state;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/persons/%lld/export?format=pdf", person);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	char *text = pdf_text(&r);
	http_resp_free(&r);
	if (!text)
		skip(); /* poppler-utils (scripts/install-deps.sh --test) reads the PDF */
	char withdrawn[128], back[128];
	snprintf(withdrawn, sizeof withdrawn, "Consentement aux statistiques retiré le %s",
		 today_fr);
	snprintf(back, sizeof back, "Consentement aux statistiques donné le %s", today_fr);
	/* In order, oldest first. */
	const char *want[] = {"Historique des consentements",
			      "Consentement à l'accompagnement donné le 12/03/2024",
			      "Consentement aux statistiques donné le 12/03/2024",
			      withdrawn,
			      back,
			      "Consentement à l'accompagnement donné le 05/03/2024"};
	const char *at = text;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const char *found = strstr(at, want[i]);
		if (!found)
			fail_msg("the PDF lacks, in its place, \"%s\"", want[i]);
		at = found + strlen(want[i]);
	}
	assert_non_null(strstr(text, "par w1)"));
	free(text);
}

/* Another worker of the organisation, the head: the person is not found. */
static void test_others(void **state)
{
	(void)state;
	char path[128];
	const struct sess *others[] = {&w2, &head};
	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < 3; k++) {
			snprintf(path, sizeof path, "/api/v1/persons/%lld/export", person);
			if (k == 1)
				snprintf(path, sizeof path, "/api/v1/persons/%lld/timeline", person);
			else if (k == 2)
				snprintf(path, sizeof path, "/persons/%lld/chronologie", person);
			struct http_resp r;
			int status = http_as(PORT, others[i], 0, "GET", path, NULL, &r);
			assert_true(status == 404 || (others[i] == &head && status == 403));
			expect_not_in(&r, "Delaunay");
			expect_not_in(&r, "statistiques");
			http_resp_free(&r);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_created),	      cmocka_unit_test(test_changes),
		cmocka_unit_test(test_all_or_nothing), cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_export_json),   cmocka_unit_test(test_export_pdf),
		cmocka_unit_test(test_others),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
