/*
 * test_dashboard — the home page's "À suivre": a worker sees her own open
 * cases without contact for 60 days and the shares ending this week, each
 * linking to the case; a colleague sees none of it; the head sees counts
 * and never a name; other roles see no dashboard.  Each view is audited.
 * The page's layout (issue 17): requests and what is coming first, a long
 * group folded with its count, an appointment's date and time, the menu
 * in groups, and a worker's label that fits an AS and a CESF alike.
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
static struct sess w1, w2, w3, head, admin;
static long long quiet_case, busy_case, shared_case;

#define PORT fx.srv.port

static long long person(const char *last, const char *first)
{
	char body[256];
	struct http_resp r;
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"last_name\":\"%s\",\"first_name\":\"%s\","
		 "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		 last, first);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/persons", body, &r), 201);
	return created_id(&r);
}

static long long open_case(long long person_id, const char *opened_on)
{
	char body[256];
	struct http_resp r;
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"%s\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 person_id, opened_on);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r), 201);
	return created_id(&r);
}

static void intervention(long long case_id, const char *date)
{
	char path[64], body[256];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_id);
	snprintf(body, sizeof body,
		 "{\"date\":\"%s\",\"mode\":\"bureau\",\"kind\":\"entretien\","
		 "\"duration_minutes\":30}",
		 date);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", path, body, NULL), 201);
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker", "w2:worker", "w3:worker", "head1:head",
					    "admin1:admin", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &w3, &head, &admin};
	const char *logins[] = {"w1", "w2", "w3", "head1", "admin1"};
	for (int i = 0; i < 5; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	for (int i = 0; i < 3; i++) {
		char body[64];
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", logins[i]);
		if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", body,
			    NULL) != 200)
			return -1;
	}
	char today[DATE_LEN + 1], long_ago[DATE_LEN + 1], recent[DATE_LEN + 1],
		soon[DATE_LEN + 1];
	date_today(today);
	date_add_days(today, -100, long_ago);
	date_add_days(today, -10, recent);
	date_add_days(today, 3, soon);
	/* Opened 100 days ago, never met since: flagged. */
	quiet_case = open_case(person("Quiet", "Anne"), long_ago);
	/* Opened 100 days ago, met 10 days ago: not flagged. */
	busy_case = open_case(person("Busy", "Bruno"), long_ago);
	intervention(busy_case, recent);
	/* Met 10 days ago, shared with w2 until in 3 days. */
	shared_case = open_case(person("Shared", "Chloé"), recent);
	char path[64], body[128];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/shares", shared_case);
	snprintf(body, sizeof body, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"Congé\"}",
		 soon);
	if (http_as(PORT, &w1, 1, "POST", path, body, NULL) != 201)
		return -1;
	/* An aid without decision for 40 days on the quiet case. */
	char forty[DATE_LEN + 1];
	date_add_days(today, -40, forty);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/aids", quiet_case);
	snprintf(body, sizeof body,
		 "{\"kind\":\"secours\",\"funder\":\"ccas\",\"amount_requested_cents\":30000,"
		 "\"submitted_on\":\"%s\"}",
		 forty);
	if (http_as(PORT, &w1, 1, "POST", path, body, NULL) != 201)
		return -1;
	/* A closed quiet case is not flagged. */
	long long closed = open_case(person("Closed", "Denis"), long_ago);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", closed);
	snprintf(body, sizeof body, "{\"closed_on\":\"%s\",\"outcome\":\"resolu\"}", recent);
	if (http_as(PORT, &w1, 1, "PATCH", path, body, NULL) != 200)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

static void home(const struct sess *s, struct http_resp *r)
{
	assert_int_equal(http_as(PORT, s, 0, "GET", "/", NULL, r), 200);
}

static void test_worker(void **state)
{
	(void)state;
	struct http_resp r;
	char link[64];
	home(&w1, &r);
	expect_in(&r, "<h2 id=\"a-suivre\">À suivre</h2>");
	expect_in(&r, "<h3>Suivis sans contact depuis plus de 60 jours</h3>");
	snprintf(link, sizeof link, "<a href=\"/cases/%lld\">Quiet Anne</a>", quiet_case);
	expect_in(&r, link);
	expect_in(&r, "(il y a 100 jours)"); /* gettext's plural, not "jour(s)" */
	expect_not_in(&r, "jour(s)");
	expect_not_in(&r, "Busy Bruno");
	expect_not_in(&r, "Closed Denis");
	/* Her colleague's access to one of her cases ends this week. */
	expect_in(&r, "<h3>Partages qui se terminent cette semaine</h3>");
	snprintf(link, sizeof link, "<a href=\"/cases/%lld\">Shared Chloé</a>", shared_case);
	expect_in(&r, link);
	expect_in(&r, "(dans 3 jours)");
	/* The records' own lines: the aid waiting for a decision. */
	expect_in(&r, "<h3>Aides sans décision depuis plus de 30 jours</h3>");
	expect_in(&r, "demandée le");
	expect_in(&r, "(il y a 40 jours)");
	http_resp_free(&r);

	/* The colleague holding the share sees that it ends, nothing else. */
	home(&w2, &r);
	expect_in(&r, "<h3>Partages qui se terminent cette semaine</h3>");
	expect_in(&r, "Shared Chloé");
	expect_not_in(&r, "Quiet Anne");
	http_resp_free(&r);

	/* Another worker: nothing of w1's. */
	home(&w3, &r);
	expect_in(&r, "Rien en attente aujourd&#39;hui.");
	expect_not_in(&r, "Quiet");
	expect_not_in(&r, "Shared");
	http_resp_free(&r);
}

static void test_head_counts_only(void **state)
{
	(void)state;
	struct http_resp r;
	home(&head, &r);
	expect_in(&r, "<tr><th scope=\"row\">Suivis sans contact depuis plus de 60 jours</th>"
		      "<td class=\"num\">1</td></tr>");
	expect_in(&r, "<tr><th scope=\"row\">Partages qui se terminent cette semaine</th>"
		      "<td class=\"num\">1</td></tr>");
	expect_in(&r, "<tr><th scope=\"row\">Aides sans décision depuis plus de 30 jours</th>"
		      "<td class=\"num\">1</td></tr>");
	expect_in(&r, "<tr><th scope=\"row\">Orientations sans réponse</th>"
		      "<td class=\"num\">0</td></tr>");
	expect_not_in(&r, "Quiet");
	expect_not_in(&r, "Shared");
	expect_not_in(&r, "/cases/");
	http_resp_free(&r);

	home(&admin, &r);
	expect_not_in(&r, "À suivre");
	http_resp_free(&r);
}

static void test_audited(void **state)
{
	(void)state;
	char *out = NULL;
	const char *args[] = {"audit", "list", "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(args, NULL, &out), 0);
	assert_non_null(strstr(out, "\"dashboard.read\""));
	free(out);
}

/* Where needle first is in the page, or -1. */
static long where_in(const struct http_resp *r, const char *needle)
{
	const char *at = strstr(r->body, needle);
	return at ? (long)(at - r->body) : -1;
}

static void test_layout(void **state)
{
	(void)state;
	char today[DATE_LEN + 1], in2[DATE_LEN + 1], long_ago[DATE_LEN + 1], body[256];
	date_today(today);
	date_add_days(today, 2, in2);
	date_add_days(today, -100, long_ago);
	/* An appointment in two days at 14:30 with the quiet case's person. */
	char start[32], end[32];
	snprintf(start, sizeof start, "%sT14:30", in2);
	snprintf(end, sizeof end, "%sT15:30", in2);
	snprintf(body, sizeof body,
		 "{\"start\":\"%s\",\"end\":\"%s\",\"mode\":\"bureau\"}", start, end);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/appointments", body, NULL), 201);
	/* Five more quiet cases: six lines, folded. */
	static const char *const names[] = {"Un", "Deux", "Trois", "Quatre", "Cinq"};
	for (int i = 0; i < 5; i++)
		open_case(person("Quiet", names[i]), long_ago);

	struct http_resp r;
	home(&w1, &r);
	char fr[11];
	date_french(in2, fr);
	char line[64];
	snprintf(line, sizeof line, "le %s à 14:30 (dans 2 jours)", fr);
	expect_in(&r, line);
	/* Six quiet cases: folded, the count in the summary (ngettext). */
	expect_in(&r, "<details class=\"fold\"><summary><h3>Suivis sans contact depuis plus de 60 "
		      "jours</h3> (6 éléments)</summary>");
	/* One aid: open, "élément" in the singular. */
	expect_in(&r, "<details class=\"fold\" open><summary><h3>Aides sans décision depuis plus "
		      "de 30 jours</h3> (1 élément)</summary>");
	/* What is coming before what is overdue. */
	long appt = where_in(&r, "<h3>Rendez-vous à venir</h3>");
	long aids = where_in(&r, "<h3>Aides sans décision");
	long quiet = where_in(&r, "<h3>Suivis sans contact");
	assert_true(appt >= 0 && appt < aids && aids < quiet);
	/* The menu in groups, a Menu button for narrow screens. */
	expect_in(&r, "<li><details class=\"dropdown\"><summary>Accompagnement</summary>");
	expect_in(&r, "<details class=\"menu-narrow\"><summary>Menu</summary>");
	expect_in(&r, "<a href=\"/persons\">Personnes</a>");
	/* The spaces as cards in a grid that wraps (relais.css .cards). */
	expect_in(&r, "<div class=\"cards\">");
	/* The account holds no profession: a label true of an AS and a CESF. */
	expect_in(&r, "Travailleur social (AS ou CESF)");
	expect_not_in(&r, "Assistant(e) de service social");
	http_resp_free(&r);

	/* The administrator: only her groups, no casework group. */
	home(&admin, &r);
	expect_in(&r, "<summary>Service</summary>");
	expect_not_in(&r, "<summary>Accompagnement</summary>");
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worker),
		cmocka_unit_test(test_head_counts_only),
		cmocka_unit_test(test_audited),
		cmocka_unit_test(test_layout),
	};
	return cmocka_run_group_tests_name("dashboard", tests, setup, teardown);
}
