/*
 * test_bilan_org — one organisation's bilan through its own index path
 * (issue 15, item 6), on the demonstration service (`relais demo`: 14
 * organisations, aids, orientations, sick leaves, retention, actions,
 * conventions, a few persons without consent to statistics):
 *
 * - the plans (SQLite): every ST_REPORT_ORG_* statement (and the hours'
 *   two) reaches the organisation's rows through an index, never by a SCAN
 *   of a table or a whole index (EXPLAIN QUERY PLAN); the service's
 *   statement is the control: it scans, and the check sees it.  Skipped on
 *   PostgreSQL, which chooses by cost: on the demo's few hundred rows,
 *   reading a table whole or starting from the period's rows is rightly
 *   cheaper, so its plan here would say nothing of a large service's.
 * - the figures: each organisation's bilan equals the service's bilan
 *   (the statements with no organisation, unchanged) computed with
 *   everyone outside the organisation left out; then, everything else of
 *   the other organisations removed too, the whole bilan is equal.
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

#include "http/harness.h"
#include "store/backend.h"
#include "store/statements.h"

static struct fixture fx;
static char scratch[128]; /* a directory for the SQL and plans */

#define NORGS 32
static char orgs[NORGS][48]; /* the demo's organisations' codes */
static int norgs;

static int is_pg(void)
{
	return strstr(fx.db, "://") != NULL;
}

/* The whole file at path (caller frees), or NULL. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0, got;
	char *data = malloc(cap);
	while (data && (got = fread(data + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap)
			data = realloc(data, cap *= 2);
	}
	fclose(f);
	if (data)
		data[n] = '\0';
	return data;
}

/* Runs the SQL script text on the fixture's database with the database's
   own shell; its output (rows, one a line, columns separated by '|'), or
   NULL when the shell failed.  Caller frees. */
static char *db_query(const char *text)
{
	char in[256], out[256];
	snprintf(in, sizeof in, "%s/q.sql", scratch);
	snprintf(out, sizeof out, "%s/q.out", scratch);
	FILE *f = fopen(in, "w");
	if (!f)
		return NULL;
	fputs(text, f);
	fclose(f);
	int rc = is_pg() ? shell("psql -X -q -A -t -v ON_ERROR_STOP=1 '%s' -f '%s' >'%s' 2>&1", fx.db,
				 in, out)
			 : shell("sqlite3 -batch -bail '%s' <'%s' >'%s' 2>&1", fx.db, in, out);
	char *res = slurp(out);
	if (rc != 0) {
		fprintf(stderr, "# query failed:\n%s\n# output:\n%s\n", text, res ? res : "");
		free(res);
		return NULL;
	}
	return res;
}

static int setup(void **state)
{
	(void)state;
	snprintf(scratch, sizeof scratch, "/tmp/relais-bilan-org-XXXXXX");
	if (!mkdtemp(scratch))
		return -1;
	/* The reference service, 2006–2009. */
	static const char *const demo[] = {"demo", "--today", "2009-12-31", NULL};
	const char *const *const cmds[] = {demo, NULL};
	if (fixture_start(&fx, cmds, NULL) != 0)
		return -1;
	char *codes = db_query("SELECT code FROM organisations ORDER BY code;\n");
	if (!codes)
		return -1;
	for (char *line = strtok(codes, "\n"); line && norgs < NORGS; line = strtok(NULL, "\n"))
		if (*line)
			snprintf(orgs[norgs++], sizeof orgs[0], "%s", line);
	free(codes);
	return norgs >= 2 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	shell("rm -rf '%s'", scratch);
	return fixture_stop(&fx);
}

/* ---- the plans ---- */

/* A statement of one organisation and the index through which it must
   reach the organisation's rows. */
struct planned {
	enum stmt id;
	const char *index;
};

static const struct planned planned[] = {
	{ST_REPORT_ORG_FOLLOWED, "persons_organisation"},
	{ST_REPORT_ORG_DOMAINS, "persons_organisation"},
	{ST_REPORT_ORG_NEW_CASES, "persons_organisation"},
	{ST_REPORT_ORG_CLOSED_CASES, "persons_organisation"},
	{ST_REPORT_ORG_INTERVENTIONS, "persons_organisation"},
	{ST_REPORT_ORG_HEADCOUNT, "headcounts"}, /* its primary key */
	{ST_REPORT_ORG_AIDS, "persons_organisation"},
	{ST_REPORT_ORG_ORIENTATIONS, "persons_organisation"},
	{ST_REPORT_ORG_ACTIONS, "collective_actions_org"},
	{ST_REPORT_ORG_LONG_LEAVES, "persons_organisation"},
	{ST_REPORT_ORG_RETENTION, "persons_organisation"},
	{ST_CONVENTIONS_ORG_IN_PERIOD, "conventions_organisation"},
	{ST_HOURS_ORG_SPENT, "persons_organisation"},
};

/* SQLite's plan of statement id (its parameters unbound: the plan does not
   depend on them), one line per step; caller frees. */
static char *plan_of(enum stmt id)
{
	const char *sql = store_stmt_text(id, STORE_SQLITE);
	assert_non_null(sql);
	size_t len = strlen(sql) + 32;
	char *text = malloc(len);
	snprintf(text, len, "EXPLAIN QUERY PLAN %s;\n", sql);
	char *plan = db_query(text);
	free(text);
	assert_non_null(plan);
	return plan;
}

static void test_plans_use_the_index(void **state)
{
	(void)state;
	if (is_pg()) {
		fprintf(stderr, "# skipped on PostgreSQL: its plans follow the costs of the demo's"
				" few hundred rows, not a large service's\n");
		skip();
	}
	/* The control: the service's statement scans the persons. */
	char *plan = plan_of(ST_REPORT_FOLLOWED);
	if (!strstr(plan, "SCAN "))
		fail_msg("the service's statement was expected to scan:\n%s", plan);
	free(plan);
	for (size_t i = 0; i < sizeof planned / sizeof planned[0]; i++) {
		plan = plan_of(planned[i].id);
		/* SQLite says SCAN where it reads a table, or an index, from end
		   to end, and SEARCH where an index leads it to the rows. */
		if (!strstr(plan, planned[i].index) || strstr(plan, "SCAN "))
			fail_msg("%s: expected a SEARCH through %s and no SCAN, the plan is:\n%s",
				 stmt_table[planned[i].id].name, planned[i].index, plan);
		free(plan);
	}
}

/* ---- the figures ---- */

/* The bilan of year for organisation (NULL: the service), audience
   service, as JSON; fails the test when it cannot be computed. */
static json_t *bilan(const char *organisation, int year)
{
	char y[8];
	snprintf(y, sizeof y, "%d", year);
	const char *args[] = {"report", "--db", fx.db, "--key-file", fx.key, "--year", y,
			      organisation ? "--organisation" : NULL, organisation, NULL};
	char *out = NULL;
	int rc = relais_run(args, NULL, &out);
	json_error_t err;
	json_t *j = rc == 0 && out ? json_loads(out, 0, &err) : NULL;
	if (!j)
		fail_msg("report %s %d: status %d\n%s", organisation ? organisation : "service", year,
			 rc, out ? out : "");
	free(out);
	return j;
}

/* What the bilan says of the persons it counts (every figure drawn from
   the persons with consent to statistics). */
static const char *const of_persons[] = {
	"persons_followed", "new_cases",     "closed_cases",       "by_status",
	"by_category",      "by_family_situation", "by_sex",      "by_age_band",
	"by_domain",        "by_theme",      "by_referral_source", "by_outcome",
	"interventions",    "aids",          "orientations",       "job_retention",
	"trends",
};

static void expect_same(json_t *org, json_t *service, const char *key, const char *code, int year)
{
	json_t *a = json_object_get(org, key), *b = json_object_get(service, key);
	if (!a || !b || !json_equal(a, b)) {
		char *sa = a ? json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
		char *sb = b ? json_dumps(b, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
		fail_msg("%s %d, %s: the organisation's path says %s, the service's %s", code, year,
			 key, sa ? sa : "(none)", sb ? sb : "(none)");
	}
}

#define YEAR_FIRST 2008
#define YEAR_LAST 2009
#define NYEARS (YEAR_LAST - YEAR_FIRST + 1)

/* The persons outside organisation code no longer counted (their consent
   withdrawn; the test's own table remembers whose, to give it back). */
static void leave_out_others(const char *code)
{
	char sql[2048];
	snprintf(sql, sizeof sql,
		 "CREATE TABLE test_left_out AS SELECT id FROM persons WHERE consent_statistics = 1"
		 " AND organisation_id <> (SELECT id FROM organisations WHERE code = '%s');"
		 " UPDATE persons SET consent_statistics = 0"
		 " WHERE id IN (SELECT id FROM test_left_out);",
		 code);
	assert_int_equal(fixture_sql(&fx, sql), 0);
}

static void count_others_again(void)
{
	assert_int_equal(fixture_sql(&fx, "UPDATE persons SET consent_statistics = 1"
					  " WHERE id IN (SELECT id FROM test_left_out);"
					  " DROP TABLE test_left_out;"),
			 0);
}

static void test_same_figures(void **state)
{
	(void)state;
	json_t *org_bilans[NORGS][NYEARS];
	for (int o = 0; o < norgs; o++)
		for (int y = 0; y < NYEARS; y++)
			org_bilans[o][y] = bilan(orgs[o], YEAR_FIRST + y);
	/* Something to compare: the demo follows persons in these years. */
	json_t *whole = bilan(NULL, 2008);
	assert_true(json_integer_value(json_object_get(whole, "persons_followed")) > 100);
	json_decref(whole);

	for (int o = 0; o < norgs; o++) {
		leave_out_others(orgs[o]);
		for (int y = 0; y < NYEARS; y++) {
			json_t *service = bilan(NULL, YEAR_FIRST + y);
			for (size_t k = 0; k < sizeof of_persons / sizeof of_persons[0]; k++)
				expect_same(org_bilans[o][y], service, of_persons[k], orgs[o],
					    YEAR_FIRST + y);
			json_decref(service);
		}
		count_others_again();
	}

	/* The last organisation alone: the other organisations' headcounts,
	   actions, time, conventions and interventions (the hours spent count
	   them whatever the consent) removed, the whole bilan is the same. */
	const char *last = orgs[norgs - 1];
	leave_out_others(last);
	char sql[4096];
	snprintf(sql, sizeof sql,
		 "UPDATE appointments SET intervention_id = NULL WHERE intervention_id IN"
		 " (SELECT i.id FROM interventions i JOIN cases c ON c.id = i.case_id"
		 " JOIN persons p ON p.id = c.person_id JOIN organisations o"
		 " ON o.id = p.organisation_id WHERE o.code <> '%s');"
		 " DELETE FROM interventions WHERE case_id IN (SELECT c.id FROM cases c"
		 " JOIN persons p ON p.id = c.person_id JOIN organisations o"
		 " ON o.id = p.organisation_id WHERE o.code <> '%s');"
		 " DELETE FROM collective_action_partners WHERE action_id IN (SELECT a.id"
		 " FROM collective_actions a JOIN organisations o ON o.id = a.organisation_id"
		 " WHERE o.code <> '%s');"
		 " DELETE FROM collective_actions WHERE organisation_id IN"
		 " (SELECT id FROM organisations WHERE code <> '%s');"
		 " DELETE FROM time_entries WHERE organisation_id IN"
		 " (SELECT id FROM organisations WHERE code <> '%s');"
		 " DELETE FROM conventions WHERE organisation_id IN"
		 " (SELECT id FROM organisations WHERE code <> '%s');"
		 " DELETE FROM headcounts WHERE organisation_id IN"
		 " (SELECT id FROM organisations WHERE code <> '%s');",
		 last, last, last, last, last, last, last);
	assert_int_equal(fixture_sql(&fx, sql), 0);
	for (int y = 0; y < NYEARS; y++) {
		json_t *service = bilan(NULL, YEAR_FIRST + y);
		json_t *org = json_deep_copy(org_bilans[norgs - 1][y]);
		json_object_del(org, "scope");
		json_object_del(service, "scope");
		assert_int_equal(json_object_size(org), json_object_size(service));
		const char *key;
		json_t *value;
		json_object_foreach(org, key, value)
			expect_same(org, service, key, last, YEAR_FIRST + y);
		json_decref(org);
		json_decref(service);
	}
	for (int o = 0; o < norgs; o++)
		for (int y = 0; y < NYEARS; y++)
			json_decref(org_bilans[o][y]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plans_use_the_index),
		cmocka_unit_test(test_same_figures),
	};
	return cmocka_run_group_tests_name("bilan_org", tests, setup, teardown);
}
