/*
 * test_retention — retention for everything (issue 14, service/retention.h),
 * against the real binary on SQLite or PostgreSQL (RELAIS_TEST_DB):
 * each kind of record goes at its age and nothing younger is touched; the
 * dry run lists every kind with its count, writes the bordereau
 * d'élimination and changes nothing; a public body's records wait for the
 * archives service's visa, recorded by the head on her page, and go once
 * it is; a private body's go at their age unless the setting says they
 * wait too.  Records are aged by writing their dates straight into the
 * database (db_sql), behind the server's back.
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
static struct sess head, w1;
static long long now;
static char today[16];

#define PORT fx.srv.port
#define DAY 86400LL
#define OLD (now - 3 * 365 * DAY) /* older than every retention period */
#define RECENT (now - 100 * DAY)  /* younger than a year */

/* The first value SQL returns, as text, into out ("" when none). */
static void db_text(const char *sql, char *out, size_t len)
{
	char path[600];
	snprintf(path, sizeof path, "%s/value.txt", fx.dir);
	assert_int_equal(fixture_query(&fx, sql, path), 0);
	FILE *p = fopen(path, "r");
	assert_non_null(p);
	out[0] = '\0';
	if (!fgets(out, (int)len, p))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	fclose(p);
}

static long long db_count(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long db_count(const char *fmt, ...)
{
	char sql[2048], out[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	db_text(sql, out, sizeof out);
	return strtoll(out, NULL, 10);
}

static void sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sql(const char *fmt, ...)
{
	char text[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (fixture_sql(&fx, text) != 0)
		fail_msg("SQL failed: %s", text);
}

/* A person of organisation org (code), marked name, created and changed at
   the given times; with a case opened and closed on the given dates when
   opened is not NULL.  The names are sealed (issue 14): the mark goes into
   a coded fact the anonymisation keeps (family_situation). */
static void person(const char *org, const char *name, long long created, long long updated,
		   const char *opened, const char *closed)
{
	sql("INSERT INTO persons (organisation_id, referent_id, family_situation,"
	    " consent_accompaniment_on, created_at, updated_at) SELECT o.id, u.id, '%s',"
	    " '2015-01-01', %lld, %lld FROM organisations o, users u"
	    " WHERE o.code = '%s' AND u.login = 'w1'",
	    name, created, updated, org);
	if (opened)
		sql("INSERT INTO cases (person_id, referent_id, opened_on, closed_on, referral_source,"
		    " created_at, updated_at) SELECT p.id, p.referent_id, '%s', '%s', 'agent', %lld,"
		    " %lld FROM persons p WHERE p.family_situation = '%s'",
		    opened, closed, created, updated, name);
}

/* An employer request marked by its created_on. */
static void employer_request(const char *org, const char *marker, const char *status,
			     long long updated)
{
	sql("INSERT INTO employer_requests (organisation_id, author_id, subject, message, status,"
	    " created_on, created_at, updated_at) SELECT o.id, u.id, '', '', '%s', '%s', %lld, %lld"
	    " FROM organisations o, users u WHERE o.code = '%s' AND u.login = 'w1'",
	    status, marker, updated, updated, org);
}

/* An employee request marked by its created_on. */
static void employee_request(const char *org, const char *marker, const char *status,
			     long long updated)
{
	sql("INSERT INTO employee_requests (organisation_id, last_name, first_name, contact,"
	    " preference, status, created_on, created_at, updated_at) SELECT id, '', '', '',"
	    " 'telephone', '%s', '%s', %lld, %lld FROM organisations WHERE code = '%s'",
	    status, marker, updated, updated, org);
}

static int setup(void **state)
{
	(void)state;
	static const char *const pub[] = {"organisation", "add", "--code", "pub", "--name",
					  "Ville Publique", "--kind", "collectivite", NULL};
	static const char *const priv[] = {"organisation", "add", "--code", "priv", "--name",
					   "Usine Privée", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {pub, priv, NULL};
	static const char *const users[] = {"w1:worker", "head1:head", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	if (api_login(PORT, "head1", TEST_PASSWORD, &head) != 200 ||
	    api_login(PORT, "w1", TEST_PASSWORD, &w1) != 200)
		return -1;
	now = (long long)time(NULL);
	time_t t = (time_t)now;
	strftime(today, sizeof today, "%Y-%m-%d", localtime(&t));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* Runs relais purge with extra arguments; its output (caller frees). */
static char *purge(const char *a1, const char *a2, const char *a3)
{
	const char *args[] = {"purge", "--db", fx.db, "--key-file", fx.key, a1, a2, a3, NULL};
	char *out = NULL;
	assert_int_equal(relais_run(args, NULL, &out), 0);
	assert_non_null(out);
	return out;
}

static void expect_line(const char *out, const char *line)
{
	if (!strstr(out, line))
		fail_msg("missing \"%s\" in:\n%s", line, out);
}

/* The dry run's or the purge's line of one kind: "kind  due …". */
static void expect_kind(const char *out, const char *kind, const char *counts)
{
	char line[256];
	snprintf(line, sizeof line, "%-22s %s\n", kind, counts);
	expect_line(out, line);
}

/* Every table the purge touches, counted: equal before and after a dry run. */
static void fingerprint(char *out, size_t len)
{
	db_text("SELECT (SELECT COUNT(*) FROM persons WHERE anonymised_on IS NULL) || '/' ||"
		" (SELECT COUNT(*) FROM employer_requests) || '/' ||"
		" (SELECT COUNT(*) FROM employer_request_replies) || '/' ||"
		" (SELECT COUNT(*) FROM employee_requests) || '/' || (SELECT COUNT(*) FROM sessions)"
		" || '/' || (SELECT COUNT(*) FROM throttle_logins) || '/' ||"
		" (SELECT COUNT(*) FROM throttle_addresses) || '/' ||"
		" (SELECT COUNT(*) FROM request_link_hits) || '/' ||"
		" (SELECT COUNT(*) FROM device_cookies) || '/' || (SELECT COUNT(*) FROM login_failures)"
		" || '/' || (SELECT COUNT(*) FROM calendar_feeds) || '/' ||"
		" (SELECT COUNT(*) FROM audit_log) || '/' || (SELECT COUNT(*) FROM retention_visas)",
		out, len);
}

static void test_kinds_at_their_age(void **state)
{
	(void)state;
	/* Persons with a case: quiet since 2015, or closed 300 days ago. */
	person("pub", "PubVieux", OLD, OLD, "2015-02-01", "2015-06-01");
	person("priv", "PrivVieux", OLD, OLD, "2015-02-01", "2015-06-01");
	char closed[16];
	time_t t = (time_t)(now - 300 * DAY);
	strftime(closed, sizeof closed, "%Y-%m-%d", localtime(&t));
	person("priv", "PrivJeune", OLD, now - 300 * DAY, "2015-02-01", closed);
	/* A lifting of secrecy on each private case: erased with its person. */
	sql("INSERT INTO secrecy_liftings (case_id, kind, legal_basis, lifted_on, recorded_by,"
	    " recorded_at) SELECT c.id, 'signalement', 'cp_226_14', '2015-03-01', c.referent_id,"
	    " %lld FROM cases c JOIN persons p ON p.id = c.person_id"
	    " WHERE p.family_situation IN ('PrivVieux', 'PrivJeune')",
	    OLD);
	/* A consent change of each: its history goes with the person. */
	sql("INSERT INTO consent_changes (person_id, kind, given, on_date, recorded_at)"
	    " SELECT id, 'statistics', 0, '2015-03-01', %lld FROM persons"
	    " WHERE family_situation IN ('PrivVieux', 'PrivJeune')",
	    OLD);
	/* Never accompanied: old, created a month ago, or old but changed ten
	   days ago. */
	person("pub", "PubSans", OLD, OLD, NULL, NULL);
	person("priv", "PrivSans", OLD, OLD, NULL, NULL);
	person("priv", "PrivSansJeune", now - 30 * DAY, now - 30 * DAY, NULL, NULL);
	person("priv", "PrivSansModif", OLD, now - 10 * DAY, NULL, NULL);
	/* Employer requests: closed long ago (one with a reply), closed 100
	   days ago, open and untouched for three years or for 100 days. */
	employer_request("pub", "2020-01-01", "closed", OLD);
	employer_request("priv", "2020-01-02", "closed", OLD);
	employer_request("priv", "2020-01-03", "open", OLD);
	employer_request("priv", "2020-01-04", "closed", RECENT);
	employer_request("priv", "2020-01-05", "answered", RECENT);
	sql("INSERT INTO employer_request_replies (request_id, author_id, message, created_at)"
	    " SELECT q.id, q.author_id, '', %lld FROM employer_requests q"
	    " WHERE q.created_on = '2020-01-01'",
	    OLD);
	/* Employee requests: dismissed or pending, long ago or 100 days ago. */
	employee_request("pub", "2020-02-01", "dismissed", OLD);
	employee_request("priv", "2020-02-02", "dismissed", OLD);
	employee_request("priv", "2020-02-03", "pending", OLD);
	employee_request("priv", "2020-02-04", "dismissed", RECENT);
	employee_request("priv", "2020-02-05", "pending", RECENT);
	/* Working data: one past its window and one inside it, of each. */
	sql("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)"
	    " SELECT 'old-session', id, 'c', %lld, %lld FROM users WHERE login = 'w1';"
	    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)"
	    " SELECT 'young-session', id, 'c', %lld, %lld FROM users WHERE login = 'w1'",
	    now - 10 * DAY, now - 10 * DAY, now - 3600, now - 60);
	sql("INSERT INTO throttle_logins VALUES ('k-old', '192.0.2.1', 3, %lld),"
	    " ('k-young', '192.0.2.1', 3, %lld);"
	    "INSERT INTO throttle_addresses VALUES ('192.0.2.1', 3, %lld), ('192.0.2.2', 3, %lld);"
	    "INSERT INTO request_link_hits VALUES ('t-old', 'c', %lld), ('t-young', 'c', %lld)",
	    now - 3 * DAY, now - 60, now - 3 * DAY, now - 60, now - 2 * DAY, now - 60);
	sql("INSERT INTO device_cookies SELECT 'dev-old', id, %lld FROM users WHERE login = 'w1';"
	    "INSERT INTO device_cookies SELECT 'dev-young', id, %lld FROM users WHERE login = 'w1';"
	    "INSERT INTO login_failures SELECT id, %lld FROM users WHERE login = 'w1';"
	    "INSERT INTO login_failures SELECT id, %lld FROM users WHERE login = 'w1'",
	    now - 200 * DAY, now - 10 * DAY, now - 3 * DAY, now - 60);
	/* Calendar salts: a disabled account's and an active one's. */
	sql("INSERT INTO users (login, name, role, password_hash, active, created_at)"
	    " VALUES ('parti', 'Parti', 'worker', '', 0, %lld);"
	    "INSERT INTO calendar_feeds SELECT id, 'feed-gone', 's', %lld FROM users"
	    " WHERE login = 'parti';"
	    "INSERT INTO calendar_feeds SELECT id, 'feed-w1', 's', %lld FROM users WHERE login = 'w1'",
	    OLD, OLD, OLD);

	/* The dry run lists every kind and its count, and changes nothing. */
	char before[512], after[512];
	fingerprint(before, sizeof before);
	char *out = purge("--dry-run", NULL, NULL);
	expect_line(out, "dry run: 4 person(s) due");
	expect_kind(out, "persons", "due 2, waiting for the archives' visa 1");
	expect_kind(out, "persons_unaccompanied", "due 2, waiting for the archives' visa 1");
	expect_kind(out, "employer_requests", "due 3, waiting for the archives' visa 1");
	expect_kind(out, "employee_requests", "due 3, waiting for the archives' visa 1");
	expect_kind(out, "sessions", "due 1");
	expect_kind(out, "throttle", "due 5");
	expect_kind(out, "calendar_salts", "due 1");
	expect_line(out, "no visa recorded");
	free(out);
	fingerprint(after, sizeof after);
	assert_string_equal(before, after);

	/* The purge: a private body's records and the working data go; the
	   public body's wait; nothing younger is touched. */
	out = purge(NULL, NULL, NULL);
	expect_kind(out, "persons", "due 2, waiting for the archives' visa 1, removed 1");
	expect_kind(out, "employer_requests", "due 3, waiting for the archives' visa 1, removed 2");
	expect_kind(out, "throttle", "due 5, removed 5");
	free(out);
	assert_int_equal(db_count("SELECT COUNT(*) FROM persons WHERE anonymised_on IS NULL AND family_situation IN ('PrivVieux',"
				  " 'PrivSans')"),
			 0);
	assert_int_equal(db_count("SELECT COUNT(*) FROM persons WHERE family_situation IN"
				  " ('PrivVieux', 'PrivSans') AND anonymised_on IS NOT NULL"),
			 2);
	assert_int_equal(db_count("SELECT COUNT(*) FROM persons WHERE anonymised_on IS NULL AND family_situation IN ('PubVieux',"
				  " 'PubSans', 'PrivJeune', 'PrivSansJeune', 'PrivSansModif')"),
			 5);
	assert_int_equal(db_count("SELECT COUNT(*) FROM secrecy_liftings s JOIN cases c"
				  " ON c.id = s.case_id JOIN persons p ON p.id = c.person_id"
				  " WHERE p.family_situation = 'PrivVieux'"),
			 0);
	assert_int_equal(db_count("SELECT COUNT(*) FROM secrecy_liftings s JOIN cases c"
				  " ON c.id = s.case_id JOIN persons p ON p.id = c.person_id"
				  " WHERE p.family_situation = 'PrivJeune'"),
			 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM consent_changes x JOIN persons p"
				  " ON p.id = x.person_id WHERE p.family_situation = 'PrivVieux'"),
			 0);
	assert_int_equal(db_count("SELECT COUNT(*) FROM consent_changes x JOIN persons p"
				  " ON p.id = x.person_id WHERE p.family_situation = 'PrivJeune'"),
			 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM employer_requests"
				  " WHERE created_on IN ('2020-01-02', '2020-01-03')"),
			 0);
	assert_int_equal(db_count("SELECT COUNT(*) FROM employer_requests"
				  " WHERE created_on IN ('2020-01-01', '2020-01-04', '2020-01-05')"),
			 3);
	assert_int_equal(db_count("SELECT COUNT(*) FROM employer_request_replies"), 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM employee_requests"
				  " WHERE created_on IN ('2020-02-02', '2020-02-03')"),
			 0);
	assert_int_equal(db_count("SELECT COUNT(*) FROM employee_requests"
				  " WHERE created_on IN ('2020-02-01', '2020-02-04', '2020-02-05')"),
			 3);
	assert_int_equal(db_count("SELECT COUNT(*) FROM sessions WHERE token_hash = 'old-session'"),
			 0);
	assert_int_equal(
		db_count("SELECT COUNT(*) FROM sessions WHERE token_hash = 'young-session'"), 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM throttle_logins"), 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM throttle_logins WHERE login_key = 'k-young'"),
			 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM throttle_addresses"), 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM request_link_hits WHERE token_hash ="
				  " 't-young'"),
			 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM request_link_hits"), 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM device_cookies WHERE token_hash ="
				  " 'dev-old'"),
			 0);
	assert_int_equal(db_count("SELECT COUNT(*) FROM device_cookies WHERE token_hash ="
				  " 'dev-young'"),
			 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM login_failures"), 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM calendar_feeds"), 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM calendar_feeds WHERE token_hash ="
				  " 'feed-w1'"),
			 1);
	/* The signed-in accounts keep their sessions. */
	struct http_resp r;
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/conservation", NULL, &r), 200);
	http_resp_free(&r);
}

/* The setting off: a private body's records wait for a visa too. */
static void test_private_wait_when_set(void **state)
{
	(void)state;
	const char *off[] = {"config", "retention", "--db", fx.db, "--key-file", fx.key,
			     "--private-auto", "off", NULL};
	assert_int_equal(relais_run(off, NULL, NULL), 0);
	person("priv", "PrivSansDeux", OLD, OLD, NULL, NULL);
	employer_request("priv", "2020-01-06", "closed", OLD);
	char *out = purge(NULL, NULL, NULL);
	expect_kind(out, "persons_unaccompanied", "due 2, waiting for the archives' visa 2, removed 0");
	expect_kind(out, "employer_requests", "due 2, waiting for the archives' visa 2, removed 0");
	free(out);
	assert_int_equal(db_count("SELECT COUNT(*) FROM persons WHERE anonymised_on IS NULL"
				  " AND family_situation = 'PrivSansDeux'"),
			 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM employer_requests"
				  " WHERE created_on = '2020-01-06'"),
			 1);
}

/* The bordereau: a PDF of counts per organisation, kind and year. */
static void test_bordereau(void **state)
{
	(void)state;
	char path[600];
	snprintf(path, sizeof path, "%s/bordereau.pdf", fx.dir);
	char *out = purge("--dry-run", "--bordereau", path);
	expect_line(out, "bordereau d'élimination written to");
	free(out);
	assert_int_equal(shell("head -c 5 '%s' | grep -q '%%PDF-'", path), 0);
	if (shell("command -v pdftotext >/dev/null") != 0) {
		skip(); /* pdftotext (poppler-utils) is missing: the PDF's text is not read */
		return;
	}
	assert_int_equal(shell("pdftotext '%s' - | grep -q \"Bordereau d.élimination\"", path), 0);
	assert_int_equal(shell("pdftotext '%s' - | grep -q 'Ville Publique'", path), 0);
	assert_int_equal(shell("pdftotext '%s' - | grep -q 'Usine Privée'", path), 0);
	/* Counts, never a name. */
	assert_int_equal(shell("pdftotext '%s' - | grep -q -e PubVieux -e PubSans", path), 1);
}

/* The head's page: the counts, the bordereau, the visa form. */
static void test_head_page(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/conservation", NULL, &r), 200);
	expect_in(&r, "Bordereau d&#39;élimination");
	expect_in(&r, "Ville Publique");
	expect_not_in(&r, "PubVieux");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/conservation/bordereau", NULL, &r), 200);
	assert_int_equal(memcmp(r.body, "%PDF-", 5), 0);
	http_resp_free(&r);
	/* The worker has no access to it. */
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/conservation", NULL, &r), 403);
	http_resp_free(&r);
	/* A visa dated before its bordereau, or without a reference: refused,
	   nothing recorded. */
	char form[256];
	snprintf(form, sizeof form, "bordereau_on=%s&visa_on=2001-01-01&reference=AD-1", today);
	assert_int_equal(http_form(PORT, &head, "/conservation/visa", form, &r), 422);
	http_resp_free(&r);
	snprintf(form, sizeof form, "bordereau_on=%s&visa_on=%s&reference=", today, today);
	assert_int_equal(http_form(PORT, &head, "/conservation/visa", form, &r), 422);
	http_resp_free(&r);
	assert_int_equal(db_count("SELECT COUNT(*) FROM retention_visas"), 0);
}

/* Once the head records the visa, the records it covers go. */
static void test_visa_then_purge(void **state)
{
	(void)state;
	struct http_resp r;
	char form[256];
	snprintf(form, sizeof form, "bordereau_on=%s&visa_on=%s&reference=AD+2026-042", today,
		 today);
	assert_int_equal(http_form(PORT, &head, "/conservation/visa", form, &r), 303);
	http_resp_free(&r);
	assert_int_equal(db_count("SELECT COUNT(*) FROM retention_visas WHERE reference ="
				  " 'AD 2026-042' AND recorded_by IS NOT NULL"),
			 1);
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/conservation", NULL, &r), 200);
	expect_in(&r, "AD 2026-042");
	http_resp_free(&r);

	char *out = purge(NULL, NULL, NULL);
	expect_kind(out, "persons", "due 1, waiting for the archives' visa 0, removed 1");
	expect_kind(out, "persons_unaccompanied", "due 2, waiting for the archives' visa 0, removed 2");
	expect_kind(out, "employer_requests", "due 2, waiting for the archives' visa 0, removed 2");
	expect_kind(out, "employee_requests", "due 1, waiting for the archives' visa 0, removed 1");
	free(out);
	assert_int_equal(db_count("SELECT COUNT(*) FROM persons WHERE anonymised_on IS NULL AND family_situation IN ('PubVieux',"
				  " 'PubSans', 'PrivSansDeux')"),
			 0);
	assert_int_equal(db_count("SELECT COUNT(*) FROM persons WHERE anonymised_on IS NULL AND family_situation IN ('PrivJeune',"
				  " 'PrivSansJeune', 'PrivSansModif')"),
			 3);
	assert_int_equal(db_count("SELECT COUNT(*) FROM employer_requests"
				  " WHERE created_on IN ('2020-01-01', '2020-01-06')"),
			 0);
	assert_int_equal(db_count("SELECT COUNT(*) FROM employer_request_replies"), 0);
	assert_int_equal(db_count("SELECT COUNT(*) FROM employer_requests"), 2);
	assert_int_equal(db_count("SELECT COUNT(*) FROM employee_requests"), 2);
	/* Audited: the visa, the kinds removed, each person anonymised. */
	assert_int_equal(db_count("SELECT COUNT(*) FROM audit_log WHERE action = 'retention.visa'"),
			 1);
	assert_int_equal(db_count("SELECT COUNT(*) FROM audit_log"
				  " WHERE action = 'retention.employer_requests'"),
			 2);
	assert_int_equal(db_count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.anonymise'"),
			 5);
	assert_int_equal(db_count("SELECT COUNT(*) FROM audit_log"
				  " WHERE action = 'retention.settings'"),
			 1);
	const char *verify[] = {"audit", "verify", "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(verify, NULL, NULL), 0);
}

/* The command line records a visa too, and refuses a bad one. */
static void test_visa_cli(void **state)
{
	(void)state;
	const char *bad[] = {"purge",	 "visa",	    "--db",	       fx.db,
			     "--key-file", fx.key,	    "--bordereau-date", "2999-01-01",
			     "--visa-date", "2999-01-02", "--reference",     "X",
			     NULL};
	assert_int_equal(relais_run(bad, NULL, NULL), 1);
	const char *good[] = {"purge",	  "visa",	     "--db",		 fx.db,
			      "--key-file", fx.key,	     "--bordereau-date", today,
			      "--visa-date", today,	     "--reference",	 "AD-CLI",
			      NULL};
	assert_int_equal(relais_run(good, NULL, NULL), 0);
	assert_int_equal(db_count("SELECT COUNT(*) FROM retention_visas WHERE reference = 'AD-CLI'"
				  " AND recorded_by IS NULL"),
			 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_at_their_age),
		cmocka_unit_test(test_private_wait_when_set),
		cmocka_unit_test(test_bordereau),
		cmocka_unit_test(test_head_page),
		cmocka_unit_test(test_visa_then_purge),
		cmocka_unit_test(test_visa_cli),
	};
	return cmocka_run_group_tests_name("retention", tests, setup, teardown);
}
