/*
 * test_timeline — the person's whole timeline (issue 17 item 8, issue 16
 * item 4; service/person_page.h): the secrecy attacks first (a worker with
 * a case of her own, a share that ended, a live share of one case, the
 * head, the employer: nothing of a case they may not open shows, on the
 * file, on the printable page nor on the API), then every kind in its
 * place and order after its action, the filter by kinds (unknown: 400),
 * paging with no entry twice or lost, no free text, and the printable
 * page's one access-log entry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/date.h"
#include "http/harness.h"

static struct fixture fx;
static struct sess w1, w2, w3, w4, head, emp;
static long long person, case_a, case_b;

#define PORT fx.srv.port

/* Free text that must never show on a timeline. */
#define SECRET_NOTE "Note confidentielle Zephyrin"
#define SECRET_REASON "Motif confidentiel Barnabé"
#define SECRET_RECIPIENT "Destinataire confidentiel Eulalie"
/* The partner of case B's orientation: only who may open B sees it. */
#define PARTNER_B "Partenaire du suivi B"

/* The API's events for s, newest first, their codes joined by ' ' into
   out (with kinds, "" for every kind); the total. */
static long long api_events(const struct sess *s, const char *kinds, int limit, char *out,
			    size_t len)
{
	char path[256], next[128] = "";
	long long total = -1;
	out[0] = '\0';
	do {
		snprintf(path, sizeof path, "/api/v1/persons/%lld/timeline?limit=%d%s%s%s%s",
			 person, limit, kinds[0] ? "&kinds=" : "", kinds, next[0] ? "&after=" : "",
			 next);
		struct http_resp r;
		assert_int_equal(http_as(PORT, s, 0, "GET", path, NULL, &r), 200);
		expect_not_in(&r, SECRET_NOTE);
		expect_not_in(&r, SECRET_REASON);
		expect_not_in(&r, SECRET_RECIPIENT);
		json_t *j = http_json(&r);
		assert_non_null(j);
		total = json_integer_value(json_object_get(j, "total"));
		json_t *v;
		size_t i;
		json_array_foreach(json_object_get(j, "timeline"), i, v)
		{
			size_t n = strlen(out);
			snprintf(out + n, len - n, "%s%s", n ? " " : "",
				 json_string_value(json_object_get(v, "event")));
		}
		json_t *nx = json_object_get(j, "next");
		snprintf(next, sizeof next, "%s", json_is_string(nx) ? json_string_value(nx) : "");
		json_decref(j);
		http_resp_free(&r);
	} while (next[0]);
	return total;
}

static void post(const struct sess *s, const char *method, const char *path, const char *body,
		 int status)
{
	assert_int_equal(http_as(PORT, s, 1, method, path, body, NULL), status);
}

static long long create(const struct sess *s, const char *path, const char *body)
{
	struct http_resp r;
	int status = http_as(PORT, s, 1, "POST", path, body, &r);
	if (status != 201)
		fail_msg("POST %s: %d %s", path, status, r.body ? r.body : "");
	return created_id(&r);
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker::Alice Martin", "w2:worker", "w3:worker",
					    "w4:worker::Damien Roux", "head1:head",
					    "emp1:employer:acme", NULL};
	if (fixture_start(&fx, cmds, users) != 0 ||
	    api_login(PORT, "w1", TEST_PASSWORD, &w1) != 200 ||
	    api_login(PORT, "w2", TEST_PASSWORD, &w2) != 200 ||
	    api_login(PORT, "w3", TEST_PASSWORD, &w3) != 200 ||
	    api_login(PORT, "w4", TEST_PASSWORD, &w4) != 200 ||
	    api_login(PORT, "head1", TEST_PASSWORD, &head) != 200 ||
	    api_login(PORT, "emp1", TEST_PASSWORD, &emp) != 200)
		return -1;
	const char *workers[] = {"w1", "w2", "w3", "w4"};
	char body[512];
	for (int i = 0; i < 4; i++) {
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

/* The person, her case A (w1's, with one of each kind) and her case B
   (w2's: w2 may open the person through it). */
static void test_records(void **state)
{
	(void)state;
	char body[512], path[128], sql[1024];
	person = create(&w1, "/api/v1/persons",
			"{\"organisation\":\"acme\",\"last_name\":\"Chrono\",\"first_name\":\"Line\","
			"\"consent\":{\"accompaniment_on\":\"2024-01-02\"}}");
	snprintf(sql, sizeof sql,
		 "UPDATE persons SET consent_statistics = 0, consent_statistics_on = '2024-01-04'"
		 " WHERE id = %lld;"
		 "UPDATE consent_changes SET given = 0, on_date = '2024-01-04'"
		 " WHERE person_id = %lld AND kind = 'statistics'",
		 person, person);
	assert_int_equal(fixture_sql(&fx, sql), 0);
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-01-03\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 person);
	case_a = create(&w1, "/api/v1/cases", body);
	case_b = create(&w1, "/api/v1/cases", body);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_a);
	create(&w1, path,
	       "{\"date\":\"2024-01-05\",\"mode\":\"bureau\",\"kind\":\"entretien\","
	       "\"duration_minutes\":30,\"notes\":\"" SECRET_NOTE "\"}");
	snprintf(path, sizeof path, "/api/v1/cases/%lld/aids", case_a);
	long long aid = create(&w1, path,
			       "{\"kind\":\"secours\",\"funder\":\"ccas\","
			       "\"amount_requested_cents\":42000,\"submitted_on\":\"2024-01-10\","
			       "\"reason\":\"" SECRET_REASON "\"}");
	snprintf(path, sizeof path, "/api/v1/aids/%lld", aid);
	post(&w1, "PATCH", path,
	     "{\"decision\":\"accordee\",\"decided_on\":\"2024-01-20\","
	     "\"amount_granted_cents\":30000}",
	     200);
	long long partner = create(&w1, "/api/v1/partners",
				   "{\"name\":\"CPAM du Val-de-Marne\",\"kind\":\"cpam\"}");
	snprintf(path, sizeof path, "/api/v1/cases/%lld/orientations", case_a);
	snprintf(body, sizeof body,
		 "{\"partner_id\":%lld,\"sent_on\":\"2024-01-12\",\"reason\":\"" SECRET_REASON
		 "\"}",
		 partner);
	long long orientation = create(&w1, path, body);
	snprintf(path, sizeof path, "/api/v1/orientations/%lld", orientation);
	post(&w1, "PATCH", path, "{\"status\":\"acceptee\",\"answered_on\":\"2024-01-15\"}", 200);
	/* Job retention, an appointment, an attachment and a letter, written
	   as their use cases store them (their clear columns). */
	snprintf(sql, sizeof sql,
		 "INSERT INTO sick_leaves (case_id, start_on, end_on, kind, created_at, updated_at)"
		 " VALUES (%lld, '2024-01-25', '2024-01-31', 'maladie', 0, 0);"
		 "INSERT INTO therapeutic_part_times (case_id, start_on, percent, created_at)"
		 " VALUES (%lld, '2024-02-01', 50, 0);"
		 "INSERT INTO appointments (worker_id, person_id, start_at, end_at, mode,"
		 " created_by, created_at, updated_at) SELECT id, %lld, '2024-02-05T10:00',"
		 " '2024-02-05T10:45', 'bureau', id, 0, 0 FROM users WHERE login = 'w1';"
		 "INSERT INTO attachments (case_id, author_id, kind, size_bytes, created_at)"
		 " SELECT %lld, id, 'pdf', 10, 1707566400 FROM users WHERE login = 'w1';"
		 "INSERT INTO letters (case_id, template_id, created_by, created_at)"
		 " SELECT %lld, (SELECT MIN(id) FROM letter_templates), id, 1707652800"
		 " FROM users WHERE login = 'w1';",
		 case_a, case_a, person, case_a, case_a);
	assert_int_equal(fixture_sql(&fx, sql), 0);
	/* A live share to w4, one to w3 ended. */
	snprintf(path, sizeof path, "/api/v1/cases/%lld/shares", case_a);
	char today[DATE_LEN + 1];
	date_today(today);
	snprintf(body, sizeof body, "{\"login\":\"w4\",\"until\":\"%s\",\"reason\":\"Congé\"}",
		 today);
	create(&w1, path, body);
	body[11] = '3'; /* w3 */
	create(&w1, path, body);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/shares/w3", case_a);
	post(&w1, "DELETE", path, NULL, 204);
	/* A lifting of secrecy: its kind and basis, never its recipient. */
	snprintf(path, sizeof path, "/api/v1/cases/%lld/secrecy-liftings", case_a);
	create(&w1, path,
	       "{\"kind\":\"information_preoccupante\",\"lifted_on\":\"2024-02-12\","
	       "\"recipient\":\"" SECRET_RECIPIENT "\",\"what_sent\":\"" SECRET_NOTE "\"}");
	snprintf(path, sizeof path, "/api/v1/cases/%lld", case_a);
	post(&w1, "PATCH", path, "{\"closed_on\":\"2024-02-20\",\"outcome\":\"resolu\"}", 200);
	/* Case B: w2's, with its own marks. */
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_b);
	create(&w1, path,
	       "{\"date\":\"2024-01-06\",\"mode\":\"telephone\",\"kind\":\"entretien\","
	       "\"duration_minutes\":15}");
	long long partner_b =
		create(&w1, "/api/v1/partners", "{\"name\":\"" PARTNER_B "\",\"kind\":\"cpam\"}");
	snprintf(path, sizeof path, "/api/v1/cases/%lld/orientations", case_b);
	snprintf(body, sizeof body, "{\"partner_id\":%lld,\"sent_on\":\"2024-01-07\",\"reason\":\"Droits\"}", partner_b);
	create(&w1, path, body);
	snprintf(sql, sizeof sql,
		 "UPDATE cases SET referent_id = (SELECT id FROM users WHERE login = 'w2')"
		 " WHERE id = %lld;"
		 "INSERT INTO appointments (worker_id, person_id, start_at, end_at, mode,"
		 " created_by, created_at, updated_at) SELECT id, %lld, '2024-01-08T09:00',"
		 " '2024-01-08T09:30', 'telephone', id, 0, 0 FROM users WHERE login = 'w2';",
		 case_b, person);
	assert_int_equal(fixture_sql(&fx, sql), 0);
}

/* GET path as s: status, and when 200, none of the marks of the case
   `hidden` (its links, its partner) nor free text. */
static void see(const struct sess *s, const char *path, int status, long long hidden,
		const char *partner)
{
	struct http_resp r;
	char mark[64];
	assert_int_equal(http_as(PORT, s, 0, "GET", path, NULL, &r), status);
	expect_not_in(&r, SECRET_NOTE);
	expect_not_in(&r, SECRET_REASON);
	expect_not_in(&r, SECRET_RECIPIENT);
	if (status == 200) {
		snprintf(mark, sizeof mark, "/cases/%lld#", hidden);
		expect_not_in(&r, mark);
		expect_not_in(&r, partner);
	} else {
		expect_not_in(&r, "Chrono");
		expect_not_in(&r, "CPAM");
	}
	http_resp_free(&r);
}

/* The three ways to read the timeline, as s. */
static void see_all(const struct sess *s, int status, long long hidden, const char *partner)
{
	char path[128];
	snprintf(path, sizeof path, "/persons/%lld", person);
	see(s, path, status, hidden, partner);
	snprintf(path, sizeof path, "/persons/%lld/chronologie", person);
	see(s, path, status, hidden, partner);
	snprintf(path, sizeof path, "/api/v1/persons/%lld/timeline?limit=200", person);
	see(s, path, status, hidden, partner);
}

static void test_secrecy(void **state)
{
	(void)state;
	/* w2 opens the person through case B: nothing of case A. */
	see_all(&w2, 200, case_a, "CPAM du Val-de-Marne");
	char events[1024];
	assert_int_equal(api_events(&w2, "", 200, events, sizeof events), 6);
	assert_string_equal(events, "appointment orientation_sent intervention consent_statistics "
				    "case_opened consent_accompaniment");
	/* w4's live share of case A: nothing of case B, nor w2's appointment. */
	see_all(&w4, 200, case_b, PARTNER_B);
	/* w3's share ended, the head, the employer: the person is not found. */
	see_all(&w3, 404, 0, NULL);
	see_all(&head, 404, 0, NULL);
	see_all(&emp, 404, 0, NULL);
	/* The référent of A: nothing of B. */
	see_all(&w1, 200, case_b, PARTNER_B);
}

/* Every kind after its action, newest first, in a day's order. */
static const char w1_events[] =
	"share_ended share_given share_given case_closed secrecy_lifted letter attachment appointment part_time "
	"sick_leave aid_decided orientation_answered orientation_sent aid_submitted intervention "
	"consent_statistics case_opened consent_accompaniment";

static void test_every_kind(void **state)
{
	(void)state;
	char events[2048];
	assert_int_equal(api_events(&w1, "", 200, events, sizeof events), 18);
	assert_string_equal(events, w1_events);
	/* On the file, in words, linked to their place. */
	char path[128], mark[128];
	struct http_resp r;
	snprintf(path, sizeof path, "/persons/%lld/chronologie", person);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, "18 éléments dans les suivis que vous pouvez ouvrir");
	expect_in(&r, "Levée du secret : Information préoccupante");
	expect_in(&r, "Suivi partagé avec Damien Roux");
	expect_in(&r, "Fin du partage avec w3");
	expect_in(&r, "Orientation vers CPAM du Val-de-Marne");
	expect_in(&r, "Document joint · PDF");
	expect_in(&r, "Rendez-vous à 10:00");
	expect_in(&r, "Mi-temps thérapeutique à 50 %");
	expect_in(&r, "Refus des statistiques");
	expect_in(&r, "Accord pour l&#39;accompagnement");
	const char *anchors[] = {"cloture", "secret", "courrier-", "piece-",	 "maintien", "aides",
				 "orientations", "interventions", "resume", "partages"};
	for (size_t i = 0; i < sizeof anchors / sizeof anchors[0]; i++) {
		snprintf(mark, sizeof mark, "/cases/%lld#%s", case_a, anchors[i]);
		expect_in(&r, mark);
	}
	/* The printable page: no filter form nor paging. */
	expect_not_in(&r, "name=\"kinds\"");
	expect_not_in(&r, "rel=\"next\"");
	http_resp_free(&r);
}

static void test_filter(void **state)
{
	(void)state;
	char events[1024], path[128];
	assert_int_equal(api_events(&w1, "aid,orientation", 200, events, sizeof events), 4);
	assert_string_equal(events,
			    "aid_decided orientation_answered orientation_sent aid_submitted");
	assert_int_equal(api_events(&w1, "consent,,document", 200, events, sizeof events), 4);
	assert_string_equal(events, "letter attachment consent_statistics consent_accompaniment");
	/* The checkboxes of the GET form: the same parameter repeated. */
	struct http_resp r;
	snprintf(path, sizeof path, "/persons/%lld?kinds=aid&kinds=orientation", person);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, "4 éléments dans les suivis que vous pouvez ouvrir");
	expect_in(&r, "value=\"aid\" checked");
	expect_in(&r, "value=\"orientation\" checked");
	expect_not_in(&r, "value=\"case\" checked");
	http_resp_free(&r);
	/* An unknown kind: 400, wherever, before any read. */
	snprintf(path, sizeof path, "/api/v1/persons/%lld/timeline?kinds=aid,notes", person);
	expect_api(PORT, &w1, "GET", path, NULL, 400, "kinds");
	snprintf(path, sizeof path, "/persons/%lld?kinds=notes", person);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 400);
	expect_in(&r, "Type inconnu dans la chronologie");
	http_resp_free(&r);
	snprintf(path, sizeof path, "/persons/%lld/chronologie?kinds=notes", person);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 400);
	http_resp_free(&r);
}

/* Pages of 1, 2, 3 and 5: the same entries in the same order as one page. */
static void test_paging(void **state)
{
	(void)state;
	char events[2048];
	const int limits[] = {1, 2, 3, 5};
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		assert_int_equal(api_events(&w1, "", limits[i], events, sizeof events), 18);
		assert_string_equal(events, w1_events);
	}
	/* The file's pages of ten: its "older" link keeps the filter. */
	char path[128];
	struct http_resp r;
	snprintf(path, sizeof path, "/persons/%lld?kinds=aid", person);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	expect_not_in(&r, "rel=\"next\"");
	http_resp_free(&r);
	snprintf(path, sizeof path, "/persons/%lld", person);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, "?after=2024-01-25.11.");
	http_resp_free(&r);
	/* A cursor of the old form (date.id) is refused. */
	snprintf(path, sizeof path, "/api/v1/persons/%lld/timeline?after=2024-01-20.3", person);
	expect_api(PORT, &w1, "GET", path, NULL, 422, "after");
	/* Nor one whose event is not one (PostgreSQL's integer would overflow). */
	snprintf(path, sizeof path,
		 "/api/v1/persons/%lld/timeline?after=2024-01-20.99999999999.1", person);
	expect_api(PORT, &w1, "GET", path, NULL, 422, "after");
	snprintf(path, sizeof path, "/api/v1/persons/%lld/timeline?after=2024-01-20.18.1", person);
	expect_api(PORT, &w1, "GET", path, NULL, 422, "after");
}

/* The printable page is the person's page: one access-log entry. */
static void test_one_entry(void **state)
{
	(void)state;
	char path[128], sql[256], line[256];
	const char *out = "/tmp/relais-test-timeline-audit.txt";
	assert_int_equal(fixture_query(&fx, "SELECT MAX(id) FROM audit_log", out), 0);
	FILE *f = fopen(out, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	long long before = atoll(line);
	snprintf(path, sizeof path, "/persons/%lld/chronologie?kinds=aid", person);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	http_resp_free(&r);
	snprintf(sql, sizeof sql,
		 "SELECT action, object_type, object_id FROM audit_log WHERE id > %lld ORDER BY id",
		 before);
	assert_int_equal(fixture_query(&fx, sql, out), 0);
	f = fopen(out, "r");
	assert_non_null(f);
	char expected[128];
	snprintf(expected, sizeof expected, "person.page_read|person|%lld\n", person);
	assert_non_null(fgets(line, sizeof line, f));
	assert_string_equal(line, expected);
	assert_null(fgets(line, sizeof line, f));
	fclose(f);
	remove(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),	   cmocka_unit_test(test_secrecy),
		cmocka_unit_test(test_every_kind), cmocka_unit_test(test_filter),
		cmocka_unit_test(test_paging),	   cmocka_unit_test(test_one_entry),
	};
	return cmocka_run_group_tests_name("timeline", tests, setup, teardown);
}
