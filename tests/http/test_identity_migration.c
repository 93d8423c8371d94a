/*
 * test_identity_migration — a database an older relais left (schema 18,
 * names, phone, e-mail, birth date, a share's reason and a reception's
 * contact name in clear) is sealed in place by `relais init` (migration
 * 19 and its step that needs the key): the names read back, the search
 * finds the person, the identity index is filled, and no clear text is
 * left in the database (file and WAL on SQLite, a dump on PostgreSQL).
 * On RELAIS_TEST_DB when set (PostgreSQL), else a SQLite file.
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
#include "store/store.h"

static struct fixture fx;

#define LAST "Mazurier"
#define FIRST "Bérénice"
#define PHONE "0698765432"
#define EMAIL "b.mazurier@exemple.fr"
#define BIRTH "1968-09-14"
#define JOB "Comptable fournisseurs"
#define REASON "Motif Xylophone"
#define CONTACT "Mme Vauquelin"

/* What the older relais wrote, in clear (a worker w0 as its référent). */
static const char *const old_rows[] = {
	"INSERT INTO organisations (code, name, kind, created_at) VALUES ('acme', 'ACME', "
	"'entreprise', 0)",
	"INSERT INTO users (login, name, role, password_hash, created_at) VALUES ('w0', 'W Zero', "
	"'worker', 'x', 0)",
	"INSERT INTO persons (organisation_id, referent_id, last_name, first_name, search_name, "
	"birth_date, phone, email, job_title, consent_accompaniment_on, created_at, updated_at) "
	"VALUES (1, 1, '" LAST "', '" FIRST "', 'mazurier berenice', '" BIRTH "', '" PHONE "', '" EMAIL
	"', '" JOB "', '2020-01-01', 0, 0)",
	"INSERT INTO persons (organisation_id, referent_id, last_name, first_name, search_name, "
	"consent_accompaniment_on, created_at, updated_at) VALUES (1, 1, 'Aubertin', 'Luc', "
	"'aubertin luc', '2020-01-01', 0, 0)",
	"INSERT INTO cases (person_id, referent_id, opened_on, referral_source, created_at, "
	"updated_at) VALUES (1, 1, '2020-01-01', 'rh', 0, 0)",
	"INSERT INTO shares (case_id, user_id, granted_by, until, reason, created_at) VALUES (1, 1, "
	"1, '2020-02-01', '" REASON "', 0)",
	"INSERT INTO appointments (worker_id, start_at, end_at, mode, created_by, created_at, "
	"updated_at, contact_name) VALUES (1, '2030-03-06T10:00', '2030-03-06T10:30', 'bureau', 1, "
	"0, 0, '" CONTACT "')",
};

static const char *const typed[] = {LAST, FIRST, PHONE, EMAIL, BIRTH, JOB, REASON, CONTACT,
				    "mazurier", "Aubertin"};

/* The first line a query prints (sqlite3 or psql), into out. */
static void query(const char *sql, char *out, size_t len)
{
	char path[600];
	snprintf(path, sizeof path, "%s/q.txt", fx.dir);
	assert_int_equal(fixture_query(&fx, sql, path), 0);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	if (!fgets(out, (int)len, f))
		out[0] = '\0';
	fclose(f);
	out[strcspn(out, "\n")] = '\0';
}

static void test_old_database_sealed(void **state)
{
	(void)state;
	if (!getenv("TZ"))
		setenv("TZ", "Europe/Paris", 1);
	snprintf(fx.dir, sizeof fx.dir, "/tmp/relais-idmig-XXXXXX");
	assert_non_null(mkdtemp(fx.dir));
	const char *pg = getenv("RELAIS_TEST_DB");
	if (pg && *pg)
		snprintf(fx.db, sizeof fx.db, "%s", pg);
	else
		snprintf(fx.db, sizeof fx.db, "%s/t.db", fx.dir);
	snprintf(fx.key, sizeof fx.key, "%s/t.key", fx.dir);

	/* The database as relais left it at schema 18. */
	store *s = NULL;
	char err[256];
	assert_int_equal(store_open(fx.db, &s, err, sizeof err), 0);
	int applied = 0;
	assert_int_equal(store_migrate_to(s, 18, &applied), STORE_OK);
	assert_int_equal(applied, 18);
	store_close(s);
	for (size_t i = 0; i < sizeof old_rows / sizeof old_rows[0]; i++)
		if (db_sql(fx.db, old_rows[i]) != 0)
			fail_msg("cannot write the old row: %s", old_rows[i]);
	/* The check sees clear text before. */
	assert_int_equal(db_has(&fx, LAST), 1);

	/* The upgrade. */
	const char *init[] = {"init", "--db", fx.db, "--key-file", fx.key, NULL};
	char *out = NULL;
	assert_int_equal(relais_run(init, NULL, &out), 0);
	/* Every migration after 18: to the latest. */
	char expect[64], v[128];
	snprintf(expect, sizeof expect, "%d migration(s) applied", store_latest_version() - 18);
	assert_non_null(strstr(out, expect));
	free(out);
	query("SELECT MAX(version) FROM schema_migrations", v, sizeof v);
	snprintf(expect, sizeof expect, "%d", store_latest_version());
	assert_string_equal(v, expect);
	query("SELECT COUNT(*) FROM settings WHERE name = 'identity_seal_pending'", v, sizeof v);
	assert_string_equal(v, "0");
	/* The identity index is filled from the sealed names; the birth year
	   stays in clear. */
	query("SELECT CASE WHEN identity_key IS NULL THEN 0 ELSE 1 END || '|' || birth_year"
	      " FROM persons WHERE id = 1",
	      v, sizeof v);
	assert_string_equal(v, "1|1968");
	/* No clear column left. */
	if (strstr(fx.db, "://"))
		query("SELECT COUNT(*) FROM information_schema.columns WHERE table_name IN "
		      "('persons', 'shares', 'appointments') AND (column_name LIKE '%_clear' OR "
		      "column_name = 'search_name')",
		      v, sizeof v);
	else
		query("SELECT (SELECT COUNT(*) FROM pragma_table_info('persons') WHERE name LIKE "
		      "'%_clear' OR name = 'search_name') + (SELECT COUNT(*) FROM "
		      "pragma_table_info('shares') WHERE name LIKE '%_clear') + (SELECT COUNT(*) FROM "
		      "pragma_table_info('appointments') WHERE name LIKE '%_clear')",
		      v, sizeof v);
	assert_string_equal(v, "0");
	/* No clear byte left: the file and its WAL, or the dump. */
	for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++)
		if (db_has(&fx, typed[i]) != 0)
			fail_msg("«%s» is still in the database after the upgrade", typed[i]);
	assert_int_equal(db_has(&fx, "ACME"), 1);
	/* A second init finds nothing to seal. */
	assert_int_equal(relais_run(init, NULL, &out), 0);
	assert_non_null(strstr(out, "0 migration(s) applied"));
	free(out);

	/* The names read back and the search finds her, for a worker who
	   becomes the référent. */
	const char *extra[] = {"--key-file", fx.key, NULL};
	assert_int_equal(server_start(&fx.srv, fx.db, extra), 0);
	assert_int_equal(user_add_cli(fx.db, fx.key, "w1:worker", &out), 0);
	assert_int_equal(enrol_from_output(fx.srv.port, fx.db, "w1", out, TEST_PASSWORD), 0);
	free(out);
	assert_int_equal(db_sql(fx.db, "UPDATE persons SET referent_id = (SELECT id FROM users WHERE "
				       "login = 'w1')"),
			 0);
	assert_int_equal(db_sql(fx.db, "UPDATE cases SET referent_id = (SELECT id FROM users WHERE "
				       "login = 'w1')"),
			 0);
	struct sess w1;
	assert_int_equal(api_login(fx.srv.port, "w1", TEST_PASSWORD, &w1), 200);
	struct http_resp r;
	assert_int_equal(http_as(fx.srv.port, &w1, 0, "GET", "/api/v1/persons?q=maz", NULL, &r), 200);
	expect_in(&r, LAST);
	expect_in(&r, FIRST);
	expect_not_in(&r, "Aubertin");
	http_resp_free(&r);
	assert_int_equal(http_as(fx.srv.port, &w1, 0, "GET", "/api/v1/persons?q=berenice", NULL, &r),
			 200);
	expect_in(&r, LAST);
	http_resp_free(&r);
	assert_int_equal(http_as(fx.srv.port, &w1, 0, "GET", "/api/v1/persons/1", NULL, &r), 200);
	const char *want[] = {LAST, FIRST, PHONE, EMAIL, BIRTH, JOB};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		expect_in(&r, want[i]);
	expect_not_in(&r, "altéré");
	http_resp_free(&r);
	assert_int_equal(http_as(fx.srv.port, &w1, 0, "GET", "/api/v1/cases/1/shares", NULL, &r), 200);
	expect_in(&r, REASON);
	http_resp_free(&r);
	assert_int_equal(fixture_stop(&fx), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_old_database_sealed),
	};
	return cmocka_run_group_tests_name("identity_migration", tests, NULL, NULL);
}
