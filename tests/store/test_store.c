/*
 * test_store — the store against a real database.
 *
 * RELAIS_TEST_DB names the database: a postgresql:// URI (its public schema
 * is dropped and recreated before each test) or a SQLite file path (removed
 * before each test).  Unset, each test gets a fresh SQLite file in a
 * temporary directory.  The same tests run on both back ends.
 *
 * Statements outside the table (an UPDATE of the audit log, a schema reset)
 * go through sqlite3 / libpq directly on a separate connection.
 */
#include <dirent.h>
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "domain/audit_chain.h"
#include "service/app.h"
#include "service/audit.h"
#include "service/employer_requests.h"
#include "service/internal.h"
#include "service/organisations.h"
#include "service/purge.h"
#include "service/users.h"
#include "store/bulk.h"
#include "store/migrations.h"
#include "store/store.h"
#include "support/log.h"
#include "support/sec.h"

/* The database under test for the whole run. */
static const char *env_db;   /* RELAIS_TEST_DB or NULL */
static char tmp_dir[256];    /* our temporary directory when env_db is unset */
static int test_seq;         /* numbers the SQLite files of the run */

/* One test's database and open connection. */
struct fx {
	char uri[1024]; /* what store_open gets */
	store *s;       /* open, not migrated */
};

static int is_pg(const char *uri)
{
	return strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0;
}

static void pg_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Runs raw SQL on a separate connection; 0, or -1 (message in err). */
static int raw_exec(const char *uri, const char *sql, char *err, size_t errlen)
{
	int rc = -1;
	if (is_pg(uri)) {
		PGconn *c = PQconnectdb(uri);
		if (PQstatus(c) != CONNECTION_OK) {
			snprintf(err, errlen, "%s", PQerrorMessage(c));
			PQfinish(c);
			return -1;
		}
		PQsetNoticeProcessor(c, pg_quiet, NULL);
		PGresult *res = PQexec(c, sql);
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
			rc = 0;
		else
			snprintf(err, errlen, "%s", PQresultErrorMessage(res));
		PQclear(res);
		PQfinish(c);
		return rc;
	}
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", db ? sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 5000);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		rc = 0;
	else
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	sqlite3_close(db);
	return rc;
}

static void remove_sqlite_files(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char p[1100];
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

static int group_setup(void **state)
{
	(void)state;
	env_db = getenv("RELAIS_TEST_DB");
	if (env_db && !*env_db)
		env_db = NULL;
	if (!env_db) {
		snprintf(tmp_dir, sizeof tmp_dir, "/tmp/relais-store-XXXXXX");
		if (!mkdtemp(tmp_dir)) {
			perror("mkdtemp");
			return -1;
		}
	}
	fprintf(stderr, "store tests on %s\n",
		env_db ? (is_pg(env_db) ? "PostgreSQL" : env_db) : "SQLite (temporary files)");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (!tmp_dir[0])
		return 0;
	DIR *d = opendir(tmp_dir);
	if (d) {
		struct dirent *e;
		char p[600];
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof p, "%s/%s", tmp_dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(tmp_dir);
	return 0;
}

/* A clean database and an open connection for each test. */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char err[512];
	if (!f)
		return -1;
	if (!env_db)
		snprintf(f->uri, sizeof f->uri, "%s/t%d.db", tmp_dir, ++test_seq);
	else
		snprintf(f->uri, sizeof f->uri, "%s", env_db);
	if (is_pg(f->uri)) {
		if (raw_exec(f->uri, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;", err,
			     sizeof err) != 0) {
			fprintf(stderr, "schema reset: %s\n", err);
			free(f);
			return -1;
		}
	} else {
		remove_sqlite_files(f->uri);
	}
	if (store_open(f->uri, &f->s, err, sizeof err) != 0) {
		fprintf(stderr, "store_open: %s\n", err);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	free(f);
	return 0;
}

/* ---- helpers ---- */

static void migrate(store *s)
{
	int applied = -1;
	int rc = store_migrate(s, &applied);
	if (rc != STORE_OK)
		fail_msg("migrate: %s", store_errmsg(s));
	assert_int_equal(applied, store_latest_version());
}

static int id_row(void *ctx, const store_row *row)
{
	*(int64_t *)ctx = store_row_int(row, 0);
	return 0;
}

/* Inserts a user; returns the rc, the new id in *id (may be NULL). */
static int add_user(store *s, const char *login, const char *name, const char *role,
		    int64_t *id)
{
	int64_t got = 0;
	store_value p[] = {SV_TEXT(login), SV_TEXT(name), SV_TEXT(role), SV_TEXT("hash"),
			   SV_INT(1700000000), SV_NULL};
	int rc = store_exec(s, ST_USER_INSERT, p, 6, id_row, &got);
	if (id)
		*id = got;
	return rc;
}

static int64_t count_role(store *s, const char *role)
{
	int64_t n = -1;
	store_value p[] = {SV_TEXT(role)};
	assert_int_equal(store_exec(s, ST_USER_COUNT_ROLE, p, 1, id_row, &n), STORE_OK);
	return n;
}

static int64_t count_failures(store *s, int64_t user, int64_t after)
{
	int64_t n = -1;
	store_value p[] = {SV_INT(user), SV_INT(after)};
	assert_int_equal(store_exec(s, ST_LOGIN_FAILURE_COUNT, p, 2, id_row, &n), STORE_OK);
	return n;
}

static int add_failure(store *s, int64_t user, int64_t at)
{
	store_value p[] = {SV_INT(user), SV_INT(at)};
	return store_exec(s, ST_LOGIN_FAILURE_INSERT, p, 2, NULL, NULL);
}

static int audit_insert(store *s, int64_t id, const char *actor_login, const char *action)
{
	store_value p[] = {SV_INT(id),           SV_INT(1700000000 + id), SV_NULL,
			   SV_TEXT(actor_login), SV_TEXT(action),         SV_NULL,
			   SV_NULL,              SV_TEXT("127.0.0.1"),    SV_TEXT("prev"),
			   SV_TEXT("hash")};
	return store_exec(s, ST_AUDIT_INSERT, p, 10, NULL, NULL);
}

/* A second connection to the test database. */
static store *open_other(const struct fx *f)
{
	store *o = NULL;
	char err[512];
	if (store_open(f->uri, &o, err, sizeof err) != 0)
		fail_msg("second connection: %s", err);
	return o;
}

/* ---- migrations ---- */

static void test_migrate_fresh_then_noop(void **state)
{
	struct fx *f = *state;
	assert_true(store_latest_version() >= 1);
	assert_int_equal(store_latest_version(), migrations[migrations_count - 1].version);
	assert_int_equal(store_schema_version(f->s), 0);

	int applied = -1;
	assert_int_equal(store_migrate(f->s, &applied), STORE_OK);
	assert_int_equal(applied, store_latest_version());
	assert_int_equal(store_schema_version(f->s), store_latest_version());

	applied = -1;
	assert_int_equal(store_migrate(f->s, &applied), STORE_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_migrate(f->s, NULL), STORE_OK);
	assert_int_equal(store_schema_version(f->s), store_latest_version());

	/* Another connection sees the same schema and has nothing to do. */
	store *o = open_other(f);
	applied = -1;
	assert_int_equal(store_migrate(o, &applied), STORE_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(o), store_latest_version());
	store_close(o);
}

struct migrate_arg {
	const char *uri; /* database */
	int rc;          /* store_migrate result */
	int applied;     /* how many this thread applied */
};

static void *migrate_thread(void *p)
{
	struct migrate_arg *a = p;
	store *s = NULL;
	char err[256];
	a->rc = STORE_ERROR;
	if (store_open(a->uri, &s, err, sizeof err) != 0)
		return NULL;
	a->rc = store_migrate(s, &a->applied);
	if (a->rc != STORE_OK)
		fprintf(stderr, "concurrent migrate: %s\n", store_errmsg(s));
	store_close(s);
	return NULL;
}

/* Several `relais init` at once: each migration is applied exactly once. */
static void test_migrate_concurrent(void **state)
{
	struct fx *f = *state;
	enum { N = 4 };
	pthread_t t[N];
	struct migrate_arg a[N];
	for (int i = 0; i < N; i++) {
		a[i] = (struct migrate_arg){.uri = f->uri, .rc = STORE_ERROR, .applied = 0};
		assert_int_equal(pthread_create(&t[i], NULL, migrate_thread, &a[i]), 0);
	}
	int total = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(a[i].rc, STORE_OK);
		total += a[i].applied;
	}
	assert_int_equal(total, store_latest_version());
	assert_int_equal(store_schema_version(f->s), store_latest_version());
}

/* A migration that cannot apply is rolled back whole and named. */
static void test_migrate_failure_rolls_back(void **state)
{
	struct fx *f = *state;
	char err[512];
	/* A conflicting table makes migration 1 fail half-way through. */
	assert_int_equal(raw_exec(f->uri, "CREATE TABLE audit_log (x INTEGER)", err, sizeof err), 0);
	int applied = -1;
	assert_int_not_equal(store_migrate(f->s, &applied), STORE_OK);
	assert_int_equal(applied, 0);
	assert_non_null(strstr(store_errmsg(f->s), "migration 1"));
	assert_int_equal(store_schema_version(f->s), 0);
	/* The tables created before the failure are gone with it. */
	assert_int_not_equal(raw_exec(f->uri, "SELECT * FROM users", err, sizeof err), 0);
	assert_int_not_equal(raw_exec(f->uri, "SELECT * FROM sessions", err, sizeof err), 0);
	/* Once the obstacle is removed, the migration applies. */
	assert_int_equal(raw_exec(f->uri, "DROP TABLE audit_log", err, sizeof err), 0);
	assert_int_equal(store_migrate(f->s, &applied), STORE_OK);
	assert_int_equal(applied, store_latest_version());
}

/* Migration 30: each person's consents as they stand become her first
   consent changes; an anonymised person gets none. */
struct consent_seen {
	int n;
	char rows[4][64];
};

static int consent_seen_row(void *ctx, const store_row *row)
{
	struct consent_seen *c = ctx;
	if (c->n < 4)
		snprintf(c->rows[c->n], sizeof c->rows[0], "%s %lld %s %lld %s",
			 store_row_text(row, CONSENT_COL_KIND),
			 (long long)store_row_int(row, CONSENT_COL_GIVEN),
			 store_row_text(row, CONSENT_COL_ON_DATE),
			 (long long)store_row_int(row, CONSENT_COL_RECORDED_AT),
			 store_row_is_null(row, CONSENT_COL_LOGIN) ? "-" : "?");
	c->n++;
	return 0;
}

static void test_migrate_consent_backfill(void **state)
{
	struct fx *f = *state;
	char err[512];
	int applied = 0;
	assert_int_equal(store_migrate_to(f->s, 29, &applied), STORE_OK);
	static const char *const rows[] = {
		"INSERT INTO organisations (code, name, kind, created_at)"
		" VALUES ('acme', 'ACME', 'entreprise', 0)",
		"INSERT INTO persons (organisation_id, last_name_clear, first_name_clear, search_name,"
		" consent_accompaniment_on, consent_statistics, consent_statistics_on, created_at,"
		" updated_at) VALUES (1, 'x', 'x', 'x', '2020-01-02', 1, '2020-01-02', 100, 200)",
		"INSERT INTO persons (organisation_id, last_name_clear, first_name_clear, search_name,"
		" consent_accompaniment_on, consent_statistics, consent_statistics_on, created_at,"
		" updated_at) VALUES (1, 'y', 'y', 'y', '2021-05-06', 0, '2022-07-08', 300, 400)",
		"INSERT INTO persons (organisation_id, last_name_clear, first_name_clear, search_name,"
		" consent_accompaniment_on, consent_statistics, created_at, updated_at)"
		" VALUES (1, 'z', 'z', 'z', '2019-03-04', 1, 500, 600)",
		"INSERT INTO persons (organisation_id, last_name_clear, first_name_clear, search_name,"
		" consent_accompaniment_on, created_at, updated_at, anonymised_on)"
		" VALUES (1, 'a', 'a', 'a', '2010-01-01', 0, 0, '2020-01-01')",
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (raw_exec(f->uri, rows[i], err, sizeof err) != 0)
			fail_msg("%s: %s", rows[i], err);
	assert_int_equal(store_migrate(f->s, &applied), STORE_OK);
	assert_int_equal(store_schema_version(f->s), store_latest_version());
	static const char *const want[3][2] = {
		{"accompaniment 1 2020-01-02 100 -", "statistics 1 2020-01-02 200 -"},
		{"accompaniment 1 2021-05-06 300 -", "statistics 0 2022-07-08 400 -"},
		/* No date of the statistics choice: the accompaniment's. */
		{"accompaniment 1 2019-03-04 500 -", "statistics 1 2019-03-04 600 -"},
	};
	for (int person = 1; person <= 4; person++) {
		struct consent_seen c = {0};
		store_value p[] = {SV_INT(person)};
		assert_int_equal(store_exec(f->s, ST_CONSENTS_OF_PERSON, p, 1, consent_seen_row, &c),
				 STORE_OK);
		if (person == 4) {
			assert_int_equal(c.n, 0);
			continue;
		}
		assert_int_equal(c.n, 2);
		assert_string_equal(c.rows[0], want[person - 1][0]);
		assert_string_equal(c.rows[1], want[person - 1][1]);
	}
	/* Only the two kinds, given or withdrawn. */
	assert_int_not_equal(raw_exec(f->uri,
				      "INSERT INTO consent_changes (person_id, kind, given, on_date,"
				      " recorded_at) VALUES (1, 'other', 1, '2020-01-01', 0)",
				      err, sizeof err),
			     0);
}

/* ---- users: round trip, constraints ---- */

struct user_seen {
	int rows;
	int64_t id, active, locked_until;
	char login[64], name[128], role[16], hash[32];
};

static int user_row(void *ctx, const store_row *row)
{
	struct user_seen *u = ctx;
	u->rows++;
	u->id = store_row_int(row, 0);
	snprintf(u->login, sizeof u->login, "%s", store_row_text(row, 1));
	snprintf(u->name, sizeof u->name, "%s", store_row_text(row, 2));
	snprintf(u->role, sizeof u->role, "%s", store_row_text(row, 3));
	snprintf(u->hash, sizeof u->hash, "%s", store_row_text(row, 4));
	u->active = store_row_int(row, 5);
	u->locked_until = store_row_int(row, 6);
	assert_false(store_row_is_null(row, 6));
	return 0;
}

/* Columns outside the row read as NULL (and are logged as a bug). */
static int out_of_range_row(void *ctx, const store_row *row)
{
	size_t len = 5;
	*(int *)ctx += 1;
	assert_true(store_row_is_null(row, 8));
	assert_null(store_row_text(row, -1));
	assert_int_equal(store_row_int(row, 100), 0);
	assert_null(store_row_blob(row, 8, &len));
	assert_int_equal(len, 0);
	return 0;
}

static void test_user_round_trip(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	const char *name = "Élodie Müller-Ñúñez — ça va ✓";
	int64_t id1 = 0, id2 = 0;
	assert_int_equal(add_user(f->s, "elodie", name, "worker", &id1), STORE_OK);
	assert_true(id1 > 0);
	assert_int_equal(store_changes(f->s), 1);
	assert_int_equal(add_user(f->s, "zoé", "Zoé", "head", &id2), STORE_OK);
	assert_true(id2 > id1);

	struct user_seen u = {0};
	store_value p[] = {SV_TEXT("elodie")};
	assert_int_equal(store_exec(f->s, ST_USER_BY_LOGIN, p, 1, user_row, &u), STORE_OK);
	assert_int_equal(u.rows, 1);
	assert_int_equal(u.id, id1);
	assert_string_equal(u.login, "elodie");
	assert_string_equal(u.name, name);
	assert_string_equal(u.role, "worker");
	assert_string_equal(u.hash, "hash");
	assert_int_equal(u.active, 1);
	assert_int_equal(u.locked_until, 0);

	/* The accented login is found by its exact bytes only. */
	memset(&u, 0, sizeof u);
	store_value p2[] = {SV_TEXT("zoé")};
	assert_int_equal(store_exec(f->s, ST_USER_BY_LOGIN, p2, 1, user_row, &u), STORE_OK);
	assert_int_equal(u.rows, 1);
	assert_int_equal(u.id, id2);
	memset(&u, 0, sizeof u);
	store_value p3[] = {SV_TEXT("zoe")};
	assert_int_equal(store_exec(f->s, ST_USER_BY_LOGIN, p3, 1, user_row, &u), STORE_OK);
	assert_int_equal(u.rows, 0);

	int rows = 0;
	assert_int_equal(store_exec(f->s, ST_USER_BY_LOGIN, p, 1, out_of_range_row, &rows),
			 STORE_OK);
	assert_int_equal(rows, 1);

	/* A NULL callback is allowed. */
	assert_int_equal(store_exec(f->s, ST_USER_BY_LOGIN, p, 1, NULL, NULL), STORE_OK);
}

struct audit_seen {
	int rows;
	int64_t id;
	int actor_id_null, object_type_null;
	int64_t actor_id;
	const char *object_type; /* only compared with NULL */
	char actor_login[64], action[64];
	size_t blob_len;
	char blob[64];
};

static int audit_row(void *ctx, const store_row *row)
{
	struct audit_seen *a = ctx;
	a->rows++;
	a->id = store_row_int(row, 0);
	a->actor_id_null = store_row_is_null(row, 2);
	a->actor_id = store_row_int(row, 2);
	a->object_type_null = store_row_is_null(row, 5);
	a->object_type = store_row_text(row, 5);
	snprintf(a->actor_login, sizeof a->actor_login, "%s", store_row_text(row, 3));
	snprintf(a->action, sizeof a->action, "%s", store_row_text(row, 4));
	size_t len = 99;
	assert_null(store_row_blob(row, 6, &len));
	assert_int_equal(len, 0);
	const void *b = store_row_blob(row, 3, &a->blob_len);
	assert_non_null(b);
	if (a->blob_len < sizeof a->blob)
		memcpy(a->blob, b, a->blob_len);
	return 0;
}

static void test_null_round_trip(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	assert_int_equal(audit_insert(f->s, 1, "élise", "user.create"), STORE_OK);
	struct audit_seen a = {0};
	store_value p[] = {SV_INT(0), SV_INT(10)};
	assert_int_equal(store_exec(f->s, ST_AUDIT_SCAN, p, 2, audit_row, &a), STORE_OK);
	assert_int_equal(a.rows, 1);
	assert_int_equal(a.id, 1);
	assert_true(a.actor_id_null);
	assert_int_equal(a.actor_id, 0);
	assert_true(a.object_type_null);
	assert_null(a.object_type);
	assert_string_equal(a.actor_login, "élise");
	assert_string_equal(a.action, "user.create");
	assert_int_equal(a.blob_len, strlen("élise"));
	assert_memory_equal(a.blob, "élise", a.blob_len);

	/* SV_TEXT(NULL) binds NULL: refused by a NOT NULL column. */
	assert_int_equal(audit_insert(f->s, 2, "x", NULL), STORE_CONSTRAINT);
	assert_int_equal(store_changes(f->s), 0);
}

static void test_constraints(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	int64_t id = 0;
	assert_int_equal(add_user(f->s, "anne", "Anne", "worker", &id), STORE_OK);
	/* CHECK */
	assert_int_equal(add_user(f->s, "bob", "Bob", "boss", NULL), STORE_CONSTRAINT);
	assert_non_null(strstr(store_errmsg(f->s), "user_insert"));
	/* NOT NULL */
	assert_int_equal(add_user(f->s, "carl", NULL, "worker", NULL), STORE_CONSTRAINT);
	/* FOREIGN KEY (SQLite only enforces it with foreign_keys=ON) */
	assert_int_equal(add_failure(f->s, id + 1000, 1), STORE_CONSTRAINT);
	assert_int_equal(count_failures(f->s, id + 1000, 0), 0);
	/* audit ids are primary keys */
	assert_int_equal(audit_insert(f->s, 7, "a", "x"), STORE_OK);
	assert_int_equal(audit_insert(f->s, 7, "a", "y"), STORE_CONSTRAINT);
	assert_int_equal(count_role(f->s, "worker"), 1);
	assert_int_equal(count_role(f->s, "boss"), 0);
}

/* A duplicate login is a constraint error, and the rollback leaves nothing. */
static void test_unique_login(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	assert_int_equal(store_begin(f->s), STORE_OK);
	assert_int_equal(add_user(f->s, "dup", "First", "worker", NULL), STORE_OK);
	assert_int_equal(add_user(f->s, "dup", "Second", "worker", NULL), STORE_CONSTRAINT);
	assert_non_null(strstr(store_errmsg(f->s), "user_insert"));
	assert_int_equal(store_rollback(f->s), STORE_OK);
	assert_int_equal(count_role(f->s, "worker"), 0);

	/* Outside a transaction the first insert stands on its own. */
	assert_int_equal(add_user(f->s, "dup", "First", "worker", NULL), STORE_OK);
	assert_int_equal(add_user(f->s, "dup", "Second", "worker", NULL), STORE_CONSTRAINT);
	assert_int_equal(count_role(f->s, "worker"), 1);
	struct user_seen u = {0};
	store_value p[] = {SV_TEXT("dup")};
	assert_int_equal(store_exec(f->s, ST_USER_BY_LOGIN, p, 1, user_row, &u), STORE_OK);
	assert_string_equal(u.name, "First");
}

/* A transaction in which a statement failed cannot be committed. */
static void test_commit_after_failure_refused(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	assert_int_equal(store_begin(f->s), STORE_OK);
	assert_int_equal(add_user(f->s, "one", "One", "worker", NULL), STORE_OK);
	assert_int_equal(add_user(f->s, "one", "Again", "worker", NULL), STORE_CONSTRAINT);
	assert_int_equal(store_commit(f->s), STORE_ERROR);
	assert_non_null(strstr(store_errmsg(f->s), "commit"));
	/* Nothing was kept and the connection is usable again. */
	assert_int_equal(count_role(f->s, "worker"), 0);
	assert_int_equal(store_begin(f->s), STORE_OK);
	assert_int_equal(add_user(f->s, "one", "One", "worker", NULL), STORE_OK);
	assert_int_equal(store_commit(f->s), STORE_OK);
	assert_int_equal(count_role(f->s, "worker"), 1);
}

/* ---- transactions ---- */

static void test_rollback_and_commit(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	store *o = open_other(f);

	assert_int_equal(store_begin(f->s), STORE_OK);
	assert_int_equal(add_user(f->s, "gone", "Gone", "worker", NULL), STORE_OK);
	assert_int_equal(count_role(f->s, "worker"), 1);
	assert_int_equal(store_rollback(f->s), STORE_OK);
	assert_int_equal(count_role(f->s, "worker"), 0);
	assert_int_equal(count_role(o, "worker"), 0);

	assert_int_equal(store_begin(f->s), STORE_OK);
	assert_int_equal(add_user(f->s, "kept", "Kept", "worker", NULL), STORE_OK);
	/* Not visible elsewhere before the commit. */
	assert_int_equal(count_role(o, "worker"), 0);
	assert_int_equal(store_commit(f->s), STORE_OK);
	assert_int_equal(count_role(f->s, "worker"), 1);
	assert_int_equal(count_role(o, "worker"), 1);

	/* Closing with an open transaction rolls it back. */
	assert_int_equal(store_begin(o), STORE_OK);
	assert_int_equal(add_user(o, "closed", "Closed", "worker", NULL), STORE_OK);
	store_close(o);
	assert_int_equal(count_role(f->s, "worker"), 1);
}

static void test_transaction_misuse(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	/* Commit without begin: an error; rollback without begin: harmless. */
	assert_int_equal(store_commit(f->s), STORE_ERROR);
	assert_int_equal(store_rollback(f->s), STORE_OK);

	assert_int_equal(store_begin(f->s), STORE_OK);
	assert_int_equal(add_user(f->s, "inner", "Inner", "worker", NULL), STORE_OK);
	assert_int_equal(store_begin(f->s), STORE_ERROR);
	assert_non_null(strstr(store_errmsg(f->s), "begin"));
	/* The refused begin did not end the open transaction. */
	assert_int_equal(count_role(f->s, "worker"), 1);
	assert_int_equal(store_rollback(f->s), STORE_OK);
	assert_int_equal(count_role(f->s, "worker"), 0);
	assert_int_equal(store_rollback(f->s), STORE_OK);
}

/* A read snapshot (store_snapshot_begin): one committed state for all its
   reads, whatever commits meanwhile; no write, no begin, no commit inside
   it; its end (or a rollback) shows the new state.  Then the same on a
   pool's connection, with a write transaction committed through the pool
   (SQLite: the group's writer) while the snapshot is open — the reader
   neither waits for it nor sees it. */
static void check_snapshot(store *s, store *writer, const char *tag)
{
	char login[32];
	int64_t before = count_role(s, "worker");
	struct store_counts c0 = store_counts_of_thread();
	assert_int_equal(store_snapshot_begin(s), STORE_OK);
	assert_int_equal(store_counts_of_thread().snapshots, c0.snapshots + 1);
	assert_int_equal(count_role(s, "worker"), before);
	/* Another connection commits meanwhile. */
	snprintf(login, sizeof login, "%s-meanwhile", tag);
	assert_int_equal(store_begin(writer), STORE_OK);
	assert_int_equal(add_user(writer, login, "Meanwhile", "worker", NULL), STORE_OK);
	assert_int_equal(store_commit(writer), STORE_OK);
	assert_int_equal(count_role(writer, "worker"), before + 1);
	assert_int_equal(count_role(s, "worker"), before);
	/* Nothing is written from inside. */
	snprintf(login, sizeof login, "%s-inside", tag);
	assert_int_equal(add_user(s, login, "Inside", "worker", NULL), STORE_ERROR);
	assert_non_null(strstr(store_errmsg(s), "snapshot"));
	assert_int_equal(store_begin(s), STORE_ERROR);
	assert_int_equal(store_commit(s), STORE_ERROR);
	assert_int_equal(store_snapshot_begin(s), STORE_ERROR);
	/* A refused statement does not end it. */
	assert_int_equal(count_role(s, "worker"), before);
	assert_int_equal(store_snapshot_end(s), STORE_OK);
	assert_int_equal(count_role(s, "worker"), before + 1);
	assert_int_equal(store_snapshot_end(s), STORE_ERROR);
	/* A rollback ends one too; writes work again after it. */
	assert_int_equal(store_snapshot_begin(s), STORE_OK);
	assert_int_equal(count_role(s, "worker"), before + 1);
	assert_int_equal(store_rollback(s), STORE_OK);
	assert_int_equal(store_begin(s), STORE_OK);
	assert_int_equal(add_user(s, login, "After", "worker", NULL), STORE_OK);
	assert_int_equal(store_commit(s), STORE_OK);
	assert_int_equal(count_role(writer, "worker"), before + 2);
}

static void test_snapshot(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	store *o = open_other(f);
	check_snapshot(f->s, o, "single");
	store_close(o);
	store_pool *pool = NULL;
	char err[512];
	if (store_pool_open(f->uri, 2, &pool, err, sizeof err) != 0)
		fail_msg("pool: %s", err);
	store *a = store_pool_acquire(pool), *b = store_pool_acquire(pool);
	check_snapshot(a, b, "pool");
	/* Released with a snapshot open: the pool ends it. */
	assert_int_equal(store_snapshot_begin(a), STORE_OK);
	assert_int_equal(count_role(a, "worker"), 4);
	store_pool_release(pool, a);
	a = store_pool_acquire(pool);
	assert_int_equal(store_begin(a), STORE_OK);
	assert_int_equal(store_rollback(a), STORE_OK);
	store_pool_release(pool, a);
	store_pool_release(pool, b);
	store_pool_close(pool);
}

/* ---- audit log is append-only ---- */

struct action_seen {
	int rows;
	char action[64];
};

static int action_row(void *ctx, const store_row *row)
{
	struct action_seen *a = ctx;
	a->rows++;
	snprintf(a->action, sizeof a->action, "%s", store_row_text(row, 4));
	return 0;
}

static void test_audit_append_only(void **state)
{
	struct fx *f = *state;
	char err[512];
	migrate(f->s);
	assert_int_equal(audit_insert(f->s, 1, "admin", "login"), STORE_OK);
	assert_int_equal(audit_insert(f->s, 2, "admin", "logout"), STORE_OK);

	assert_int_not_equal(
		raw_exec(f->uri, "UPDATE audit_log SET action = 'forged' WHERE id = 1", err, sizeof err),
		0);
	assert_non_null(strstr(err, "append-only"));
	assert_int_not_equal(raw_exec(f->uri, "UPDATE audit_log SET hash = 'x'", err, sizeof err), 0);
	assert_int_not_equal(raw_exec(f->uri, "DELETE FROM audit_log WHERE id = 2", err, sizeof err),
			     0);
	assert_non_null(strstr(err, "append-only"));
	assert_int_not_equal(raw_exec(f->uri, "DELETE FROM audit_log", err, sizeof err), 0);

	struct action_seen a = {0};
	store_value p[] = {SV_INT(0), SV_INT(10)};
	assert_int_equal(store_exec(f->s, ST_AUDIT_SCAN, p, 2, action_row, &a), STORE_OK);
	assert_int_equal(a.rows, 2);
	store_value one[] = {SV_INT(1)};
	memset(&a, 0, sizeof a);
	assert_int_equal(store_exec(f->s, ST_AUDIT_RECENT, one, 1, action_row, &a), STORE_OK);
	assert_int_equal(a.rows, 1);
	assert_string_equal(a.action, "logout");
	memset(&a, 0, sizeof a);
	store_value first[] = {SV_INT(0), SV_INT(1)};
	assert_int_equal(store_exec(f->s, ST_AUDIT_SCAN, first, 2, action_row, &a), STORE_OK);
	assert_string_equal(a.action, "login");

	/* The lock statement runs on both back ends, inside a transaction. */
	assert_int_equal(store_begin(f->s), STORE_OK);
	assert_int_equal(store_exec(f->s, ST_AUDIT_LOCK, NULL, 0, NULL, NULL), STORE_OK);
	assert_int_equal(audit_insert(f->s, 3, "admin", "login"), STORE_OK);
	assert_int_equal(store_commit(f->s), STORE_OK);
}

/* ---- row callbacks ---- */

struct stop_ctx {
	int calls;    /* rows seen */
	int stop_at;  /* stop after this many rows (0: never) */
	store *s;     /* the connection, to try re-entering it */
	int inner_rc; /* what a nested store_exec returned */
};

static int stop_row(void *ctx, const store_row *row)
{
	struct stop_ctx *c = ctx;
	(void)row;
	c->calls++;
	if (c->s) {
		store_value p[] = {SV_TEXT("worker")};
		c->inner_rc = store_exec(c->s, ST_USER_COUNT_ROLE, p, 1, NULL, NULL);
	}
	return c->stop_at && c->calls >= c->stop_at;
}

static void test_row_callback_stops_early(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	const char *logins[] = {"a1", "a2", "a3", "a4", "a5"};
	for (int i = 0; i < 5; i++)
		assert_int_equal(add_user(f->s, logins[i], "N", "worker", NULL), STORE_OK);

	struct stop_ctx c = {.stop_at = 2};
	assert_int_equal(store_exec(f->s, ST_USER_LIST, NULL, 0, stop_row, &c), STORE_OK);
	assert_int_equal(c.calls, 2);
	/* The statement was reset: it runs again from the start. */
	c = (struct stop_ctx){.stop_at = 0};
	assert_int_equal(store_exec(f->s, ST_USER_LIST, NULL, 0, stop_row, &c), STORE_OK);
	assert_int_equal(c.calls, 5);

	/* An early stop leaves no transaction behind: another writer gets in. */
	c = (struct stop_ctx){.stop_at = 1};
	assert_int_equal(store_exec(f->s, ST_USER_LIST, NULL, 0, stop_row, &c), STORE_OK);
	store *o = open_other(f);
	assert_int_equal(store_begin(o), STORE_OK);
	assert_int_equal(add_user(o, "a6", "N", "worker", NULL), STORE_OK);
	assert_int_equal(store_commit(o), STORE_OK);
	store_close(o);
	assert_int_equal(store_begin(f->s), STORE_OK);
	assert_int_equal(count_role(f->s, "worker"), 6);
	assert_int_equal(store_commit(f->s), STORE_OK);

	/* INSERT … RETURNING stopped after its row still inserts. */
	store_value p[] = {SV_TEXT("a7"), SV_TEXT("N"), SV_TEXT("worker"), SV_TEXT("h"),
			   SV_INT(1), SV_NULL};
	c = (struct stop_ctx){.stop_at = 1};
	assert_int_equal(store_exec(f->s, ST_USER_INSERT, p, 6, stop_row, &c), STORE_OK);
	assert_int_equal(c.calls, 1);
	assert_int_equal(store_changes(f->s), 1);
	o = open_other(f);
	assert_int_equal(count_role(o, "worker"), 7);
	store_close(o);

	/* The callback may not re-enter its own connection. */
	c = (struct stop_ctx){.stop_at = 0, .s = f->s, .inner_rc = STORE_OK};
	assert_int_equal(store_exec(f->s, ST_USER_LIST, NULL, 0, stop_row, &c), STORE_OK);
	assert_int_equal(c.calls, 7);
	assert_int_equal(c.inner_rc, STORE_ERROR);
	assert_int_equal(count_role(f->s, "worker"), 7);
}

/* ---- changes and 64-bit values ---- */

static void test_changes(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	int64_t id = 0, other = 0;
	assert_int_equal(add_user(f->s, "c", "C", "worker", &id), STORE_OK);
	assert_int_equal(add_user(f->s, "d", "D", "worker", &other), STORE_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(add_failure(f->s, id, 100 + i), STORE_OK);
	assert_int_equal(add_failure(f->s, other, 100), STORE_OK);
	assert_int_equal(store_changes(f->s), 1);

	store_value p[] = {SV_INT(id)};
	assert_int_equal(store_exec(f->s, ST_LOGIN_FAILURE_CLEAR, p, 1, NULL, NULL), STORE_OK);
	assert_int_equal(store_changes(f->s), 3);
	/* A SELECT does not change the count of the last write. */
	assert_int_equal(count_failures(f->s, other, 0), 1);
	assert_int_equal(store_changes(f->s), 3);
	assert_int_equal(store_exec(f->s, ST_LOGIN_FAILURE_CLEAR, p, 1, NULL, NULL), STORE_OK);
	assert_int_equal(store_changes(f->s), 0);

	store_value lock[] = {SV_INT(id + 999), SV_INT(5)};
	assert_int_equal(store_exec(f->s, ST_USER_SET_LOCK, lock, 2, NULL, NULL), STORE_OK);
	assert_int_equal(store_changes(f->s), 0);
	store_value lock2[] = {SV_INT(id), SV_INT(5)};
	assert_int_equal(store_exec(f->s, ST_USER_SET_LOCK, lock2, 2, NULL, NULL), STORE_OK);
	assert_int_equal(store_changes(f->s), 1);
	/* A failed write changed nothing. */
	assert_int_equal(add_failure(f->s, id + 999, 1), STORE_CONSTRAINT);
	assert_int_equal(store_changes(f->s), 0);
}

static void test_int64_values(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	int64_t id = 0;
	assert_int_equal(add_user(f->s, "big", "Big", "worker", &id), STORE_OK);
	const int64_t values[] = {(int64_t)1 << 31, ((int64_t)1 << 40) + 7, 4102444800LL,
				  INT64_MAX, INT64_MIN + 1, -((int64_t)1 << 33)};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		store_value p[] = {SV_INT(id), SV_INT(values[i])};
		assert_int_equal(store_exec(f->s, ST_USER_SET_LOCK, p, 2, NULL, NULL), STORE_OK);
		struct user_seen u = {0};
		store_value l[] = {SV_TEXT("big")};
		assert_int_equal(store_exec(f->s, ST_USER_BY_LOGIN, l, 1, user_row, &u), STORE_OK);
		assert_true(u.locked_until == values[i]);
	}
	/* Comparisons on large values happen in 64 bits. */
	assert_int_equal(add_failure(f->s, id, 3000000000LL), STORE_OK);
	assert_int_equal(add_failure(f->s, id, 3000000002LL), STORE_OK);
	assert_int_equal(count_failures(f->s, id, 2999999999LL), 2);
	assert_int_equal(count_failures(f->s, id, 3000000001LL), 1);
	assert_int_equal(count_failures(f->s, id, INT64_MAX), 0);
	assert_int_equal(audit_insert(f->s, ((int64_t)1 << 35) + 1, "a", "x"), STORE_OK);
	struct audit_seen a = {0};
	store_value scan[] = {SV_INT((int64_t)1 << 35), SV_INT(5)};
	assert_int_equal(store_exec(f->s, ST_AUDIT_SCAN, scan, 2, audit_row, &a), STORE_OK);
	assert_int_equal(a.rows, 1);
	assert_true(a.id == ((int64_t)1 << 35) + 1);
}

/* ---- argument checks and opening ---- */

static void test_bad_arguments(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	store_value one[] = {SV_TEXT("x")};
	/* Too few, too many, none where some are needed. */
	assert_int_equal(store_exec(f->s, ST_USER_INSERT, one, 1, NULL, NULL), STORE_ERROR);
	assert_non_null(strstr(store_errmsg(f->s), "user_insert"));
	store_value three[] = {SV_TEXT("worker"), SV_INT(1), SV_INT(2)};
	assert_int_equal(store_exec(f->s, ST_USER_COUNT_ROLE, three, 3, NULL, NULL), STORE_ERROR);
	assert_int_equal(store_exec(f->s, ST_USER_COUNT_ROLE, NULL, 0, NULL, NULL), STORE_ERROR);
	assert_int_equal(store_exec(f->s, ST_USER_COUNT_ROLE, NULL, 1, NULL, NULL), STORE_ERROR);
	assert_int_equal(store_exec(f->s, ST_USER_COUNT_ROLE, one, -1, NULL, NULL), STORE_ERROR);
	/* No such statement. */
	assert_int_equal(store_exec(f->s, ST__COUNT, NULL, 0, NULL, NULL), STORE_ERROR);
	assert_int_equal(store_exec(f->s, (enum stmt)-1, NULL, 0, NULL, NULL), STORE_ERROR);
	/* Text with a NUL byte inside, a length without data. */
	store_value nul[] = {{.type = STORE_TEXT, .s = "wor\0ker", .len = 7}};
	assert_int_equal(store_exec(f->s, ST_USER_COUNT_ROLE, nul, 1, NULL, NULL), STORE_ERROR);
	store_value nodata[] = {{.type = STORE_TEXT, .s = NULL, .len = 3}};
	assert_int_equal(store_exec(f->s, ST_USER_COUNT_ROLE, nodata, 1, NULL, NULL), STORE_ERROR);
	/* Text given by length, not NUL-terminated at len. */
	assert_int_equal(add_user(f->s, "w", "W", "worker", NULL), STORE_OK);
	store_value part[] = {{.type = STORE_TEXT, .s = "workers", .len = 6}};
	int64_t n = -1;
	assert_int_equal(store_exec(f->s, ST_USER_COUNT_ROLE, part, 1, id_row, &n), STORE_OK);
	assert_int_equal(n, 1);
	/* After all these errors the connection still works. */
	assert_int_equal(count_role(f->s, "worker"), 1);
}

static void test_statements_before_migration(void **state)
{
	struct fx *f = *state;
	/* No tables yet: an error, not a crash, and the next call works. */
	assert_int_equal(add_user(f->s, "early", "E", "worker", NULL), STORE_ERROR);
	assert_true(strlen(store_errmsg(f->s)) > 0);
	migrate(f->s);
	assert_int_equal(add_user(f->s, "early", "E", "worker", NULL), STORE_OK);
}

static void test_open_errors(void **state)
{
	(void)state;
	store *s = (store *)1;
	char err[512] = "";
	assert_int_equal(store_open("/nonexistent-dir/sub/x.db", &s, err, sizeof err), -1);
	assert_null(s);
	assert_true(strlen(err) > 0);
	err[0] = '\0';
	assert_int_equal(store_open("", &s, err, sizeof err), -1);
	assert_true(strlen(err) > 0);
	err[0] = '\0';
	assert_int_equal(store_open("postgresql://nobody@/x?host=/nonexistent-dir&connect_timeout=2",
				    &s, err, sizeof err),
			 -1);
	assert_null(s);
	assert_non_null(strstr(err, "PostgreSQL"));
	store_close(NULL);

	store_pool *p = (store_pool *)1;
	assert_int_equal(store_pool_open("/nonexistent-dir/x.db", 2, &p, err, sizeof err), -1);
	assert_null(p);
	assert_int_equal(store_pool_open("/tmp/never-used.db", 0, &p, err, sizeof err), -1);
	assert_null(p);
	store_pool_close(NULL);
}

/* ---- the pool ---- */

enum { POOL_THREADS = 4, POOL_INSERTS = 50, POOL_SIZE = 3 };

struct pool_arg {
	store_pool *pool; /* shared */
	int64_t user;     /* whose failures are inserted */
	int errors;       /* failed calls */
};

static void *pool_thread(void *p)
{
	struct pool_arg *a = p;
	for (int i = 0; i < POOL_INSERTS; i++) {
		store *s = store_pool_acquire(a->pool);
		if (i % 2 == 0) {
			if (store_begin(s) != STORE_OK || add_failure(s, a->user, 1000 + i) != STORE_OK ||
			    store_commit(s) != STORE_OK) {
				fprintf(stderr, "pool insert: %s\n", store_errmsg(s));
				a->errors++;
			}
		} else if (add_failure(s, a->user, 1000 + i) != STORE_OK) {
			fprintf(stderr, "pool insert: %s\n", store_errmsg(s));
			a->errors++;
		}
		store_pool_release(a->pool, s);
	}
	/* Left open: release must roll it back. */
	store *s = store_pool_acquire(a->pool);
	if (store_begin(s) != STORE_OK || add_failure(s, a->user, 1) != STORE_OK)
		a->errors++;
	store_pool_release(a->pool, s);
	return NULL;
}

static void test_pool_threads(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	int64_t id = 0;
	assert_int_equal(add_user(f->s, "pool", "Pool", "worker", &id), STORE_OK);

	store_pool *pool = NULL;
	char err[512];
	if (store_pool_open(f->uri, POOL_SIZE, &pool, err, sizeof err) != 0)
		fail_msg("pool: %s", err);
	pthread_t t[POOL_THREADS];
	struct pool_arg a[POOL_THREADS];
	for (int i = 0; i < POOL_THREADS; i++) {
		a[i] = (struct pool_arg){.pool = pool, .user = id};
		assert_int_equal(pthread_create(&t[i], NULL, pool_thread, &a[i]), 0);
	}
	for (int i = 0; i < POOL_THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(a[i].errors, 0);
	}
	/* Every pooled connection comes back idle and usable. */
	store *held[POOL_SIZE];
	for (int i = 0; i < POOL_SIZE; i++) {
		held[i] = store_pool_acquire(pool);
		assert_int_equal(count_failures(held[i], id, 0), POOL_THREADS * POOL_INSERTS);
		assert_int_equal(store_begin(held[i]), STORE_OK);
		assert_int_equal(store_rollback(held[i]), STORE_OK);
	}
	for (int i = 0; i < POOL_SIZE; i++)
		store_pool_release(pool, held[i]);
	store_pool_close(pool);
	assert_int_equal(count_failures(f->s, id, 0), POOL_THREADS * POOL_INSERTS);
	assert_int_equal(count_failures(f->s, id, 999), POOL_THREADS * POOL_INSERTS);
}

/* Group commit (store/group.c, SQLite pools): transactions of several
   threads share batches; one that fails leaves the others of its batch
   whole, and reads its own writes meanwhile. */
struct group_arg {
	store_pool *pool;
	int64_t user;
	int committed, refused, errors;
};

static void *group_thread(void *p)
{
	struct group_arg *a = p;
	for (int i = 0; i < 40; i++) {
		store *s = store_pool_acquire(a->pool);
		int bad = i % 5 == 4; /* a row for no user: the foreign key fails */
		int64_t before = count_failures(s, a->user, 0);
		int ok = store_begin(s) == STORE_OK && add_failure(s, a->user, 2000 + i) == STORE_OK;
		/* Its own write is visible inside the transaction. */
		if (ok && count_failures(s, a->user, 0) < before + 1)
			a->errors++;
		if (ok && bad)
			ok = add_failure(s, a->user + 100000, 1) == STORE_OK;
		if (ok && add_failure(s, a->user, 3000 + i) == STORE_OK && store_commit(s) == STORE_OK)
			a->committed++;
		else if (bad && store_commit(s) != STORE_OK)
			a->refused++;
		else
			a->errors++;
		store_pool_release(a->pool, s);
	}
	return NULL;
}

static void test_pool_group_commit(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	int64_t id = 0;
	assert_int_equal(add_user(f->s, "group", "Group", "worker", &id), STORE_OK);
	store_pool *pool = NULL;
	char err[512];
	if (store_pool_open(f->uri, POOL_SIZE, &pool, err, sizeof err) != 0)
		fail_msg("pool: %s", err);
	pthread_t t[POOL_THREADS];
	struct group_arg a[POOL_THREADS];
	for (int i = 0; i < POOL_THREADS; i++) {
		a[i] = (struct group_arg){.pool = pool, .user = id};
		assert_int_equal(pthread_create(&t[i], NULL, group_thread, &a[i]), 0);
	}
	int committed = 0;
	for (int i = 0; i < POOL_THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(a[i].errors, 0);
		assert_int_equal(a[i].committed, 32);
		assert_int_equal(a[i].refused, 8);
		committed += a[i].committed;
	}
	store_pool_close(pool);
	/* Exactly the committed transactions' two rows each, seen from a
	   connection of its own. */
	assert_int_equal(count_failures(f->s, id, 0), 2 * committed);
}

/* The durable hook (store_pool_on_durable): once a batch, with its highest
   mark, before any transaction of the batch returns; a rolled-back
   transaction's mark never reaches it.  The service writes the access
   log's anchor line there. */
enum { MARK_REFUSED = 1000000 };
static struct {
	pthread_mutex_t mu;
	int calls;
	int64_t top;       /* the highest mark handed so far */
	int64_t refused;   /* a mark of a refused transaction that came through */
	int64_t next;      /* marks given out */
} durable = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void durable_hook(void *ctx, int64_t mark, const char *text)
{
	(void)ctx;
	pthread_mutex_lock(&durable.mu);
	durable.calls++;
	if (mark > durable.top)
		durable.top = mark;
	if (mark >= MARK_REFUSED || strcmp(text, "mark") != 0)
		durable.refused = mark;
	pthread_mutex_unlock(&durable.mu);
}

struct durable_arg {
	store_pool *pool;
	int64_t user;
	int committed, late, errors;
};

static void *durable_thread(void *p)
{
	struct durable_arg *a = p;
	for (int i = 0; i < 40; i++) {
		store *s = store_pool_acquire(a->pool);
		int bad = i % 5 == 4;
		pthread_mutex_lock(&durable.mu);
		int64_t mark = ++durable.next;
		pthread_mutex_unlock(&durable.mu);
		int ok = store_begin(s) == STORE_OK && add_failure(s, a->user, 4000 + i) == STORE_OK;
		if (ok && bad) {
			ok = add_failure(s, a->user + 100000, 1) == STORE_OK; /* refused */
			int handed = -1;
			if (ok || store_commit_mark(s, MARK_REFUSED + mark, "refused", &handed) ==
					  STORE_OK)
				a->errors++;
		} else if (ok) {
			int handed = 0;
			if (store_commit_mark(s, mark, "mark", &handed) != STORE_OK || !handed) {
				a->errors++;
			} else {
				a->committed++;
				pthread_mutex_lock(&durable.mu);
				a->late += durable.top < mark; /* returned before its hook */
				pthread_mutex_unlock(&durable.mu);
			}
		} else {
			a->errors++;
		}
		store_pool_release(a->pool, s);
	}
	return NULL;
}

static void test_pool_durable_hook(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	int64_t id = 0;
	assert_int_equal(add_user(f->s, "durable", "Durable", "worker", &id), STORE_OK);
	store_pool *pool = NULL;
	char err[512];
	if (store_pool_open(f->uri, POOL_SIZE, &pool, err, sizeof err) != 0)
		fail_msg("pool: %s", err);
	store_pool_on_durable(pool, durable_hook, NULL);
	if (is_pg(f->uri)) {
		/* No group commit on PostgreSQL: nothing is handed, the caller
		   anchors its own commit. */
		store *s = store_pool_acquire(pool);
		int handed = -1;
		assert_int_equal(store_begin(s), STORE_OK);
		assert_int_equal(add_failure(s, id, 1), STORE_OK);
		assert_int_equal(store_commit_mark(s, 7, "mark", &handed), STORE_OK);
		assert_int_equal(handed, 0);
		store_pool_release(pool, s);
		store_pool_close(pool);
		assert_int_equal(durable.calls, 0);
		return;
	}
	pthread_t t[POOL_THREADS];
	struct durable_arg a[POOL_THREADS];
	for (int i = 0; i < POOL_THREADS; i++) {
		a[i] = (struct durable_arg){.pool = pool, .user = id};
		assert_int_equal(pthread_create(&t[i], NULL, durable_thread, &a[i]), 0);
	}
	int committed = 0;
	for (int i = 0; i < POOL_THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(a[i].errors, 0);
		assert_int_equal(a[i].late, 0);
		assert_int_equal(a[i].committed, 32);
		committed += a[i].committed;
	}
	store_pool_close(pool);
	assert_int_equal(durable.refused, 0);
	/* Once a batch: never more calls than commits, and the last mark
	   committed was handed. */
	assert_true(durable.calls >= 1 && durable.calls <= committed);
	assert_true(durable.top >= committed && durable.top < MARK_REFUSED);
	print_message("# durable hook: %d call(s) for %d commits\n", durable.calls, committed);
	assert_int_equal(count_failures(f->s, id, 0), committed);
}

static void test_kind(void **state)
{
	struct fx *f = *state;
	assert_int_equal(store_kind(f->s), is_pg(f->uri) ? STORE_POSTGRES : STORE_SQLITE);
	assert_non_null(store_errmsg(f->s));
}

/* The first column of each row as text (NULL: ""), and the rows seen. */
struct text_cell {
	char *out;
	size_t len;
	int rows;
};

static int text_cell_row(void *ctx, const store_row *row)
{
	struct text_cell *c = ctx;
	const char *v = store_row_text(row, SCALAR_COL_VALUE);
	snprintf(c->out, c->len, "%s", v ? v : "");
	c->rows++;
	return 0;
}

/* Setting name of connection s as the database applies it, into out. */
static void setting_of(store *s, const char *name, char *out, size_t len)
{
	store_value p[] = {SV_TEXT(name)};
	struct text_cell cell = {out, len, 0};
	out[0] = '\0';
	assert_int_equal(store_exec(s, ST_DB_SETTING, p, 1, text_cell_row, &cell), STORE_OK);
	assert_int_equal(cell.rows, 1);
}

/* The settings every session runs with: on SQLite the durability of each
   commit (synchronous=FULL, the WAL); on PostgreSQL the planner's settings
   for index reads from memory (store/postgres.c), which a URI's own
   "options" replace. */
static void test_session_settings(void **state)
{
	struct fx *f = *state;
	char v[64];
	if (!is_pg(f->uri)) {
		setting_of(f->s, "synchronous", v, sizeof v);
		assert_string_equal(v, "2"); /* FULL */
		setting_of(f->s, "journal_mode", v, sizeof v);
		assert_string_equal(v, "wal");
		/* A pool's readers keep a small page cache (store.c: another
		   connection's commit drops it anyway); a lone connection, like
		   the group's writer, SQLite's default. */
		setting_of(f->s, "cache_size", v, sizeof v);
		assert_string_equal(v, "-2000");
		store_pool *pool = NULL;
		char err[512];
		if (store_pool_open(f->uri, 2, &pool, err, sizeof err) != 0)
			fail_msg("pool: %s", err);
		store *r = store_pool_acquire(pool);
		setting_of(r, "cache_size", v, sizeof v);
		assert_string_equal(v, "-512");
		store_pool_release(pool, r);
		store_pool_close(pool);
		return;
	}
	setting_of(f->s, "random_page_cost", v, sizeof v);
	assert_string_equal(v, "1.1");
	setting_of(f->s, "max_parallel_workers_per_gather", v, sizeof v);
	assert_string_equal(v, "0");
	char uri[1200], err[512];
	snprintf(uri, sizeof uri, "%s%coptions=-c%%20random_page_cost%%3D2", f->uri,
		 strchr(f->uri, '?') ? '&' : '?');
	store *own = NULL;
	if (store_open(uri, &own, err, sizeof err) != 0)
		fail_msg("store_open %s: %s", uri, err);
	setting_of(own, "random_page_cost", v, sizeof v);
	assert_string_equal(v, "2");
	setting_of(own, "max_parallel_workers_per_gather", v, sizeof v);
	assert_string_not_equal(v, "0"); /* the server's default again */
	store_close(own);
}

/*
 * Result columns: how many each statement returns, from its enum in
 * statements.h (0: no rows).  A statement missing here is expected to return
 * no columns, so a new SELECT fails this test until its columns are named.
 */
#define NOT_READ (-1) /* locks and maintenance: the result is never read */
static const int stmt_columns[ST__COUNT] = {
	[ST_MIGRATIONS_MAX] = SCALAR_COL__COUNT,
	[ST_MIGRATION_LOCK] = NOT_READ,
	[ST_USER_INSERT] = SCALAR_COL__COUNT,
	[ST_USER_BY_LOGIN] = USER_BY_LOGIN_COL__COUNT,
	[ST_USER_LIST] = USER_LIST_COL__COUNT,
	[ST_USER_COUNT_ROLE] = SCALAR_COL__COUNT,
	[ST_LOGIN_FAILURE_COUNT] = SCALAR_COL__COUNT,
	[ST_THROTTLE_LOGIN_GET] = THROTTLE_COL__COUNT,
	[ST_THROTTLE_ADDR_GET] = THROTTLE_COL__COUNT,
	[ST_DEVICE_LOGIN] = SCALAR_COL__COUNT,
	[ST_SESSION_LOOKUP] = SESSION_COL__COUNT,
	[ST_OIDC_ATTEMPT_GET] = OIDC_ATTEMPT_COL__COUNT,
	[ST_OIDC_LINK_USER] = OIDC_USER_COL__COUNT,
	[ST_OIDC_LINK_OF_USER] = OIDC_LINK_COL__COUNT,
	[ST_OIDC_PENDING_GET] = OIDC_USER_COL__COUNT,
	[ST_USER_BY_ID_FOR_SESSION] = OIDC_USER_COL__COUNT,
	[ST_ERASURE_MAY_REQUEST] = SCALAR_COL__COUNT,
	[ST_ERASURE_INSERT] = SCALAR_COL__COUNT,
	[ST_ERASURE_PENDING_SAME] = SCALAR_COL__COUNT,
	[ST_ERASURE_GET] = ERASURE_COL__COUNT,
	[ST_ERASURE_LIST] = ERASURE_COL__COUNT,
	[ST_CORRECTION_INSERT] = SCALAR_COL__COUNT,
	[ST_ERASURE_PENDING_COUNT] = SCALAR_COL__COUNT,
	[ST_CORRECTION_LIST] = CORRECTION_COL__COUNT,
	[ST_AUDIT_LOCK] = NOT_READ,
	[ST_AUDIT_LAST] = AUDIT_LAST_COL__COUNT,
	[ST_AUDIT_SCAN] = AUDIT_COL__COUNT,
	[ST_AUDIT_RECENT] = AUDIT_COL__COUNT,
	[ST_AUDIT_EMPLOYER_READS] = EMPLOYER_READ_COL__COUNT,
	[ST_AUDIT_EMPLOYER_READS_BY_ACTOR] = READS_BY_ACTOR_COL__COUNT,
	[ST_AUDIT_HEAD_GET] = AUDIT_LAST_COL__COUNT,
	[ST_AUDIT_HASH_AT] = SCALAR_COL__COUNT,
	[ST_AUDIT_TRIGGERS_MISSING] = SCALAR_COL__COUNT,
	[ST_AUDIT_CHECKPOINT_LAST] = AUDIT_CHECKPOINT_COL__COUNT,
	[ST_AUDIT_PURGE_PREFIX] = SCALAR_COL__COUNT,
	[ST_SETTING_GET] = SCALAR_COL__COUNT,
	[ST_REF_LIST] = REF_LIST_COL__COUNT,
	[ST_REF_GET] = REF_GET_COL__COUNT,
	[ST_ORG_INSERT] = SCALAR_COL__COUNT,
	[ST_ORG_LIST] = ORG_COL__COUNT,
	[ST_ORG_LIST_ASSIGNED] = ORG_COL__COUNT,
	[ST_ORG_BY_CODE] = ORG_COL__COUNT,
	[ST_ORG_BY_ID] = ORG_COL__COUNT,
	[ST_HEADCOUNT_LIST] = HEADCOUNT_COL__COUNT,
	[ST_ASSIGN_LIST] = ASSIGN_COL__COUNT,
	[ST_ASSIGN_CHECK] = SCALAR_COL__COUNT,
	[ST_PERSON_INSERT] = SCALAR_COL__COUNT,
	[ST_PERSON_GET] = PERSON_COL__COUNT,
	[ST_PERSON_ACCESS] = SCALAR_COL__COUNT,
	[ST_PERSON_SEARCH] = PERSON_COL__COUNT,
	[ST_CASE_INSERT] = SCALAR_COL__COUNT,
	[ST_CASE_GET] = CASE_COL__COUNT,
	[ST_CASE_ACCESS] = SCALAR_COL__COUNT,
	[ST_CASE_LIST] = CASE_COL__COUNT,
	[ST_CASE_DOMAINS] = SCALAR_COL__COUNT,
	[ST_CASES_OF_PERSON] = CASE_COL__COUNT,
	[ST_INTERVENTION_INSERT] = SCALAR_COL__COUNT,
	[ST_INTERVENTIONS_OF_CASE] = INTERVENTION_COL__COUNT,
	[ST_INTERVENTIONS_OF_CASE_PAGE] = INTERVENTION_COL__COUNT,
	[ST_INTERVENTIONS_OF_CASE_COUNT] = SCALAR_COL__COUNT,
	[ST_CASE_PAGE] = CASE_COL__COUNT,
	[ST_CASE_COUNT] = SCALAR_COL__COUNT,
	[ST_PERSON_PAGE] = PERSON_PAGE_COL__COUNT,
	[ST_PERSON_COUNT_OWN] = SCALAR_COL__COUNT,
	[ST_PARTNER_PAGE] = PARTNER_COL__COUNT,
	[ST_PARTNER_COUNT] = SCALAR_COL__COUNT,
	[ST_AUDIT_PAGE] = AUDIT_COL__COUNT,
	[ST_AUDIT_COUNT] = SCALAR_COL__COUNT,
	[ST_AUDIT_FIND_PAGE] = AUDIT_COL__COUNT,
	[ST_AUDIT_FIND_COUNT] = SCALAR_COL__COUNT,
	[ST_PERSON_APPOINTMENTS] = PERSON_APPOINTMENTS_COL__COUNT,
	[ST_EREQ_PAGE] = EREQ_COL__COUNT,
	[ST_EREQ_COUNT] = SCALAR_COL__COUNT,
	[ST_EREQ_REPLIES_PAGE] = EREQ_REPLY_COL__COUNT,
	[ST_EMPREQ_PAGE] = EMPREQ_COL__COUNT,
	[ST_EMPREQ_COUNT] = SCALAR_COL__COUNT,
	[ST_ACCT_CASELOAD_PAGE] = ACCT_CASELOAD_COL__COUNT,
	[ST_ACCT_CASELOAD_COUNT] = SCALAR_COL__COUNT,
	[ST_SHARE_INSERT] = SCALAR_COL__COUNT,
	[ST_SHARES_OF_CASE] = SHARE_COL__COUNT,
	[ST_COLLEAGUES] = COLLEAGUE_COL__COUNT,
	[ST_CASE_OWNER] = CASE_OWNER_COL__COUNT,
	[ST_CASELOAD_SIZES] = CASELOAD_COL__COUNT,
	[ST_DASH_NO_CONTACT] = CASE_DUE_COL__COUNT,
	[ST_DASH_NO_CONTACT_COUNT] = SCALAR_COL__COUNT,
	[ST_DASH_SHARES_ENDING] = CASE_DUE_COL__COUNT,
	[ST_DASH_SHARES_ENDING_COUNT] = SCALAR_COL__COUNT,
	[ST_CONVENTION_INSERT] = SCALAR_COL__COUNT,
	[ST_CONVENTIONS_OF_ORG] = CONVENTION_COL__COUNT,
	[ST_CONVENTIONS_IN_PERIOD] = BOUGHT_COL__COUNT,
	[ST_TIME_INSERT] = SCALAR_COL__COUNT,
	[ST_HOURS_SPENT] = SPENT_COL__COUNT,
	[ST_AID_INSERT] = SCALAR_COL__COUNT,
	[ST_AID_GET] = AID_COL__COUNT,
	[ST_AID_ACCESS] = SCALAR_COL__COUNT,
	[ST_AIDS_OF_CASE] = AID_COL__COUNT,
	[ST_AIDS_WAITING] = CASE_DUE_COL__COUNT,
	[ST_AIDS_WAITING_COUNT] = SCALAR_COL__COUNT,
	[ST_BUDGET_UPSERT] = SCALAR_COL__COUNT,
	[ST_BUDGET_GET] = BUDGET_COL__COUNT,
	[ST_BUDGET_LINES] = BUDGET_LINE_COL__COUNT,
	[ST_BUDGET_HISTORY] = BUDGET_COL__COUNT,
	[ST_PURGE_DUE] = SCALAR_COL__COUNT,
	[ST_RET_PERSONS_TALLY] = RET_TALLY_COL__COUNT,
	[ST_RET_UNACCOMPANIED_DUE] = SCALAR_COL__COUNT,
	[ST_RET_UNACCOMPANIED_TALLY] = RET_TALLY_COL__COUNT,
	[ST_RET_EMPLOYER_REQUESTS_TALLY] = RET_TALLY_COL__COUNT,
	[ST_RET_EMPLOYEE_REQUESTS_TALLY] = RET_TALLY_COL__COUNT,
	[ST_RET_SESSIONS_COUNT] = SCALAR_COL__COUNT,
	[ST_RET_SIGNIN_COUNT] = SCALAR_COL__COUNT,
	[ST_RET_THROTTLE_COUNT] = SCALAR_COL__COUNT,
	[ST_RET_CALENDAR_COUNT] = SCALAR_COL__COUNT,
	[ST_RET_VISA_INSERT] = SCALAR_COL__COUNT,
	[ST_RET_VISA_LATEST] = SCALAR_COL__COUNT,
	[ST_RET_VISA_LIST] = RET_VISA_COL__COUNT,
	[ST_PURGE_COMPACT] = NOT_READ,
	[ST_PURGE_CHECKPOINT] = NOT_READ,
	[ST_PERSON_BY_REF] = PERSON_BY_REF_COL__COUNT,
	[ST_CASE_BY_REF] = CASE_BY_REF_COL__COUNT,
	[ST_PERSON_ORG] = SCALAR_COL__COUNT,
	[ST_REPORT_FOLLOWED] = FOLLOWED_COL__COUNT,
	[ST_REPORT_DOMAINS] = REPORT_DOMAIN_COL__COUNT,
	[ST_REPORT_NEW_CASES] = GROUP_COUNT_COL__COUNT,
	[ST_REPORT_CLOSED_CASES] = GROUP_COUNT_COL__COUNT,
	[ST_REPORT_INTERVENTIONS] = REPORT_INTERVENTION_COL__COUNT,
	[ST_REPORT_HEADCOUNT] = REPORT_HEADCOUNT_COL__COUNT,
	[ST_BILAN_PUB_LAST] = PUB_LAST_COL__COUNT,
	[ST_BILAN_PUB_LIST] = PUB_LIST_COL__COUNT,
	[ST_REPORT_AIDS] = REPORT_AID_COL__COUNT,
	[ST_REPORT_ORIENTATIONS] = REPORT_ORIENTATION_COL__COUNT,
	[ST_REPORT_ACTIONS] = REPORT_ACTION_COL__COUNT,
	[ST_REPORT_LONG_LEAVES] = SCALAR_COL__COUNT,
	[ST_REPORT_RETENTION] = GROUP_COUNT_COL__COUNT,
	[ST_REPORT_ORG_FOLLOWED] = FOLLOWED_COL__COUNT,
	[ST_REPORT_ORG_DOMAINS] = REPORT_DOMAIN_COL__COUNT,
	[ST_REPORT_ORG_NEW_CASES] = GROUP_COUNT_COL__COUNT,
	[ST_REPORT_ORG_CLOSED_CASES] = GROUP_COUNT_COL__COUNT,
	[ST_REPORT_ORG_INTERVENTIONS] = REPORT_INTERVENTION_COL__COUNT,
	[ST_REPORT_ORG_HEADCOUNT] = REPORT_HEADCOUNT_COL__COUNT,
	[ST_REPORT_ORG_AIDS] = REPORT_AID_COL__COUNT,
	[ST_REPORT_ORG_ORIENTATIONS] = REPORT_ORIENTATION_COL__COUNT,
	[ST_REPORT_ORG_ACTIONS] = REPORT_ACTION_COL__COUNT,
	[ST_REPORT_ORG_LONG_LEAVES] = SCALAR_COL__COUNT,
	[ST_REPORT_ORG_RETENTION] = GROUP_COUNT_COL__COUNT,
	[ST_CONVENTIONS_ORG_IN_PERIOD] = BOUGHT_COL__COUNT,
	[ST_HOURS_ORG_SPENT] = SPENT_COL__COUNT,
	[ST_PARTNER_INSERT] = SCALAR_COL__COUNT,
	[ST_PARTNER_GET] = PARTNER_COL__COUNT,
	[ST_PARTNER_SEARCH] = PARTNER_COL__COUNT,
	[ST_ORIENTATION_INSERT] = SCALAR_COL__COUNT,
	[ST_SECRECY_INSERT] = SCALAR_COL__COUNT,
	[ST_SECRECY_OF_CASE] = SECRECY_COL__COUNT,
	[ST_SECRECY_CASE_OF] = SCALAR_COL__COUNT,
	[ST_CONSENTS_OF_PERSON] = CONSENT_COL__COUNT,
	[ST_DB_SETTING] = SCALAR_COL__COUNT,
	[ST_PERSON_SPANS_UNCOVERED] = SCALAR_COL__COUNT,
	[ST_HOLD_PERSON] = NOT_READ,
	[ST_HOLD_CASE] = NOT_READ,
	[ST_HOLD_AID] = NOT_READ,
	[ST_HOLD_ATT] = NOT_READ,
	[ST_HOLD_LETTER] = NOT_READ,
	[ST_HOLD_PERSON_REVOKE] = NOT_READ,
	[ST_HOLD_CASE_REVOKE] = NOT_READ,
	[ST_HOLD_CASELOAD_REVOKE] = NOT_READ,
	[ST_ORIENTATION_GET] = ORIENTATION_COL__COUNT,
	[ST_ORIENTATIONS_OF_CASE] = ORIENTATION_COL__COUNT,
	[ST_ORIENTATIONS_OVERDUE] = SCALAR_COL__COUNT,
	[ST_ORIENTATIONS_WAITING] = CASE_DUE_COL__COUNT,
	[ST_ORIENTATIONS_WAITING_COUNT] = SCALAR_COL__COUNT,
	[ST_ACTION_INSERT] = SCALAR_COL__COUNT,
	[ST_ACTION_LIST] = ACTION_COL__COUNT,
	[ST_RETENTION_GET] = RETENTION_COL__COUNT,
	[ST_LEAVE_INSERT] = SCALAR_COL__COUNT,
	[ST_LEAVES_OF_CASE] = LEAVE_COL__COUNT,
	[ST_PART_TIME_INSERT] = SCALAR_COL__COUNT,
	[ST_PART_TIMES_OF_CASE] = PART_TIME_COL__COUNT,
	[ST_LONG_LEAVES] = LONG_LEAVE_COL__COUNT,
	[ST_PERMANENCE_INSERT] = SCALAR_COL__COUNT,
	[ST_PERMANENCE_GET] = PERMANENCE_COL__COUNT,
	[ST_PERMANENCES_OF_WORKER] = PERMANENCE_COL__COUNT,
	[ST_PERMANENCE_LIST] = PERMANENCE_LIST_COL__COUNT,
	[ST_PERMANENCE_EXCEPTION_COUNT] = SCALAR_COL__COUNT,
	[ST_PERMANENCE_EXCEPTIONS] = PERMANENCE_EXCEPTION_COL__COUNT,
	[ST_APPOINTMENT_INSERT] = SCALAR_COL__COUNT,
	[ST_APPOINTMENT_OVERLAPS] = SCALAR_COL__COUNT,
	[ST_APPOINTMENT_GET] = APPOINTMENT_COL__COUNT,
	[ST_APPOINTMENTS_RANGE] = APPOINTMENT_RANGE_COL__COUNT,
	[ST_APPOINTMENTS_COUNT] = SCALAR_COL__COUNT,
	[ST_PERSON_SIMILAR_FOLLOWED] = SCALAR_COL__COUNT,
	[ST_IDENTITY_CHECKS_COUNT] = IDENTITY_CHECKS_COL__COUNT,
	[ST_IDENTITY_CHECKS_MATCHED_SINCE] = SCALAR_COL__COUNT,
	[ST_PERSON_DUPLICATES_OWN] = PERSON_COL__COUNT,
	[ST_CASE_OPEN_ELSEWHERE] = SCALAR_COL__COUNT,
	[ST_SEAL_PROGRESS_GET] = SEAL_PROGRESS_COL__COUNT,
	[ST_OPEN_CASE_OF_PERSON] = OPEN_CASE_COL__COUNT,
	[ST_FEED_GET] = FEED_COL__COUNT,
	[ST_FEED_LOOKUP] = FEED_OWNER_COL__COUNT,
	[ST_EREQ_INSERT] = SCALAR_COL__COUNT,
	[ST_EREQ_GET] = SCALAR_COL__COUNT,
	[ST_EREQ_REPLY_INSERT] = SCALAR_COL__COUNT,
	[ST_ACCT_LINK_INSERT] = SCALAR_COL__COUNT,
	[ST_EREQ_OPEN] = EREQ_OPEN_COL__COUNT,
	[ST_EREQ_OPEN_COUNT] = SCALAR_COL__COUNT,
	[ST_LINK_OF_ORG] = SCALAR_COL__COUNT,
	[ST_LINK_BY_HASH] = LINK_COL__COUNT,
	[ST_LINK_HITS_CLIENT] = SCALAR_COL__COUNT,
	[ST_PROPOSAL_INSERT] = SCALAR_COL__COUNT,
	[ST_PROPOSAL_GET] = PROPOSAL_COL__COUNT,
	[ST_PROPOSAL_LIST] = PROPOSAL_COL__COUNT,
	[ST_PROPOSAL_PENDING_SAME] = SCALAR_COL__COUNT,
	[ST_USER_BRIEF] = USER_BRIEF_COL__COUNT,
	[ST_USER_HAS_FACTOR] = SCALAR_COL__COUNT,
	[ST_LINK_HITS_LINK] = SCALAR_COL__COUNT,
	[ST_EMPREQ_INSERT] = SCALAR_COL__COUNT,
	[ST_EMPREQ_GET] = EMPREQ_GET_COL__COUNT,
	[ST_EMPREQ_PENDING] = EMPREQ_PENDING_COL__COUNT,
	[ST_EMPREQ_PENDING_COUNT] = SCALAR_COL__COUNT,
	[ST_ACCT_USER_GET] = ACCT_USER_COL__COUNT,
	[ST_ACCT_RECOVERY_LIST] = ACCT_RECOVERY_COL__COUNT,
	[ST_ACCT_SESSIONS_OF_USER] = ACCT_SESSION_COL__COUNT,
	[ST_ACCT_LINK_GET] = ACCT_LINK_COL__COUNT,
	[ST_ACCT_CASELOAD] = ACCT_CASELOAD_COL__COUNT,
	[ST_PERSON_LIST_OWN] = PERSON_COL__COUNT,
	[ST_PERSONS_SEALED_NAMES] = IDENTITY_MISSING_COL__COUNT,
	[ST_PERSONS_IDENTITY_MISSING] = IDENTITY_MISSING_COL__COUNT,
	[ST_SEAL_CLEAR_PERSONS] = SEAL_CLEAR_COL__COUNT,
	[ST_SEAL_CLEAR_SHARES] = 2,
	[ST_SEAL_CLEAR_APPOINTMENTS] = 2,
	[ST_SEAL_COMPACT] = NOT_READ,
	[ST_PERSON_TIMELINE_PAGE] = TIMELINE_COL__COUNT,
	[ST_PERSON_TIMELINE_COUNT] = SCALAR_COL__COUNT,
	/* Issue 16: the lists stop before the document (the ODT column). */
	[ST_LTPL_INSERT] = SCALAR_COL__COUNT,
	[ST_LTPL_LIST] = LTPL_COL_ODT,
	[ST_LTPL_GET] = LTPL_COL__COUNT,
	[ST_LTPL_BY_CODE] = SCALAR_COL__COUNT,
	[ST_LETTER_CONTEXT] = LETTER_CTX_COL__COUNT,
	[ST_LETTER_INSERT] = SCALAR_COL__COUNT,
	[ST_LETTERS_OF_CASE] = LETTER_COL_ODT,
	[ST_LETTER_GET] = LETTER_COL__COUNT,
	[ST_LETTER_ACCESS] = SCALAR_COL__COUNT,
	[ST_LETTERS_OF_PERSON] = LETTER_COL_ODT,
	[ST_LETTER_APPOINTMENTS] = LETTER_APPT_COL__COUNT,
	/* Issue 17: corrections; issue 16: attachments. */
	[ST_RECORD_CORRECTION_INSERT] = SCALAR_COL__COUNT,
	[ST_RECORD_CORRECTIONS_OF] = RECORD_CORRECTION_COL__COUNT,
	[ST_INTERVENTION_ROW] = IV_ROW_COL__COUNT,
	[ST_TIME_ROW] = TIME_ROW_COL__COUNT,
	[ST_ACTION_ROW] = ACTION_ROW_COL__COUNT,
	[ST_ACTION_PARTNER_IDS] = SCALAR_COL__COUNT,
	[ST_PERMANENCE_SITE] = SCALAR_COL__COUNT,
	[ST_TIMES_OF_USER] = TIME_ROW_COL__COUNT,
	[ST_ATT_INSERT] = SCALAR_COL__COUNT,
	[ST_ATT_CHUNK_GET] = ATT_CHUNK_COL__COUNT,
	[ST_ATT_ACCESS] = SCALAR_COL__COUNT,
	[ST_ATT_GET] = ATT_COL__COUNT,
	[ST_ATTS_OF_CASE] = ATT_COL__COUNT,
	[ST_ATTS_OF_PERSON] = ATT_COL__COUNT,
	[ST_USER_EMAIL_SET] = SCALAR_COL__COUNT,
	[ST_DIGEST_RECIPIENTS] = DIGEST_RECIPIENT_COL__COUNT,
};

static void test_result_columns(void **state)
{
	struct fx *f = *state;
	migrate(f->s);
	int bad = 0;
	for (int i = 0; i < ST__COUNT; i++) {
		int n = -1;
		if (store_columns(f->s, (enum stmt)i, &n) != STORE_OK) {
			fprintf(stderr, "%s: %s\n", stmt_table[i].name, store_errmsg(f->s));
			bad++;
			continue;
		}
		if (stmt_columns[i] != NOT_READ && n != stmt_columns[i]) {
			fprintf(stderr, "%s returns %d columns, its enum names %d\n",
				stmt_table[i].name, n, stmt_columns[i]);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	/* Outside the table: an error, not a crash. */
	int n = 7;
	assert_int_equal(store_columns(f->s, ST__COUNT, &n), STORE_ERROR);
	assert_int_equal(n, 0);
}


/* ---- the access log's anchor (issue 12), through the service ---- */

/* A service on the test database with its key and anchor in a directory
   of its own. */
struct svcfx {
	char dir[64];
	char key[128];
	char anchor[128];
	int connections; /* 0: one */
	app *a;
};

static void svc_up(struct fx *f, struct svcfx *x)
{
	char err[512];
	if (!x->dir[0]) {
		snprintf(x->dir, sizeof x->dir, "/tmp/relais-anchor-XXXXXX");
		assert_non_null(mkdtemp(x->dir));
		snprintf(x->key, sizeof x->key, "%s/db.key", x->dir);
		snprintf(x->anchor, sizeof x->anchor, "%s/db.anchor", x->dir);
		if (app_init_database(f->uri, x->key, NULL, NULL, err, sizeof err) != 0)
			fail_msg("init: %s", err);
	}
	struct app_config cfg = {.db = f->uri, .key_file = x->key,
				 .connections = x->connections ? x->connections : 1,
				 .session_idle = 1800, .session_max = 43200,
				 .report_read_alert = 20, .anchor_file = x->anchor,
				 .server_id = "test-a"};
	if (app_open(&cfg, &x->a, err, sizeof err) != 0)
		fail_msg("app_open: %s", err);
}

static void svc_down(struct svcfx *x)
{
	app_close(x->a);
	x->a = NULL;
}

static void svc_clean(struct svcfx *x)
{
	svc_down(x);
	char p[200];
	static const char *const names[] = {"db.key", "db.anchor", "other.anchor"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", x->dir, names[i]);
		unlink(p);
	}
	rmdir(x->dir);
}

/* n transactions of one entry each (so n anchor lines). */
static void append(struct svcfx *x, int n)
{
	svc *s = svc_open_system(x->a);
	for (int i = 0; i < n; i++) {
		assert_int_equal(svc_tx_begin(s), STORE_OK);
		assert_int_equal(svc_audit(s, "test.entry", "test", NULL), 0);
		assert_int_equal(svc_tx_commit(s), STORE_OK);
	}
	svc_close(s);
}

static unsigned check(struct svcfx *x, struct audit_check *c)
{
	svc *s = svc_open_system(x->a);
	const char *an = x->anchor;
	assert_int_equal(audit_verify_anchors(s, &an, 1, c), SVC_OK);
	svc_close(s);
	return c->tamper;
}

static int count_lines(const char *path)
{
	FILE *fp = fopen(path, "r");
	int n = 0, ch;
	if (!fp)
		return -1;
	while ((ch = fgetc(fp)) != EOF)
		n += ch == '\n';
	fclose(fp);
	return n;
}

static void raw_ok(const char *uri, const char *sql)
{
	char err[512];
	if (raw_exec(uri, sql, err, sizeof err) != 0)
		fail_msg("%s: %s", sql, err);
}

/* ---- each person's span of activity (migration 33, issue 15) ---- */

/* The first column of sql's first row as an integer, through a connection
   of the test's own. */
static int64_t raw_int(const char *uri, const char *sql)
{
	int64_t v = -1;
	if (is_pg(uri)) {
		PGconn *c = PQconnectdb(uri);
		PGresult *res = PQexec(c, sql);
		if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
			v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		else
			fail_msg("%s: %s", sql, PQresultErrorMessage(res));
		PQclear(res);
		PQfinish(c);
		return v;
	}
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Rows of a statement as sorted lines, to compare two statements. */
struct rows_text {
	int ncols;
	char lines[512][160];
	int n;
};

static int rows_text_row(void *ctx, const store_row *row)
{
	struct rows_text *t = ctx;
	assert_true(t->n < 512);
	char *l = t->lines[t->n++];
	l[0] = '\0';
	for (int i = 0; i < t->ncols; i++) {
		const char *v = store_row_text(row, i);
		snprintf(l + strlen(l), 160 - strlen(l), "%s|", v ? v : "NULL");
	}
	return 0;
}

static int line_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Rows of statement id with p, summed per group as the bilan's callers do
   (the organisation's statements give one row per record: "1" counts). */
static void rows_of(store *db, enum stmt id, const store_value *p, int n, struct rows_text *t)
{
	memset(t, 0, sizeof *t);
	assert_int_equal(store_columns(db, id, &t->ncols), STORE_OK);
	if (store_exec(db, id, p, n, rows_text_row, t) != STORE_OK)
		fail_msg("%s: %s", stmt_table[id].name, store_errmsg(db));
	qsort(t->lines, (size_t)t->n, sizeof t->lines[0], line_cmp);
}

/* Adds up lines "k1|k2|…|count|sum|" that share their keys (nkeys
   columns), into "keys|count|sum|" sorted: the caller's addition. */
static void sum_rows(struct rows_text *t, int nkeys)
{
	struct rows_text out;
	memset(&out, 0, sizeof out);
	for (int i = 0; i < t->n; i++) {
		char key[160] = "", *rest = t->lines[i];
		for (int k = 0; k < nkeys; k++) {
			char *bar = strchr(rest, '|');
			bar++;
			strncat(key, rest, (size_t)(bar - rest));
			rest = bar;
		}
		long long a = 0, b = 0;
		int nv = sscanf(rest, "%lld|%lld|", &a, &b);
		int j = 0;
		while (j < out.n && strncmp(out.lines[j], key, strlen(key)) != 0)
			j++;
		long long a0 = 0, b0 = 0;
		if (j == out.n)
			out.n++;
		else
			sscanf(out.lines[j] + strlen(key), "%lld|%lld|", &a0, &b0);
		int w = nv == 2
			? snprintf(out.lines[j], 160, "%s%lld|%lld|", key, a0 + a, b0 + b)
			: snprintf(out.lines[j], 160, "%s%lld|", key, a0 + a);
		assert_true(w > 0 && w < 160);
	}
	qsort(out.lines, (size_t)out.n, sizeof out.lines[0], line_cmp);
	*t = out;
}

/* One organisation's statements (the persons found by their spans) give
   what the service's statements restricted to it give (every person
   read), for every organisation and year. */
static void spans_agree(store *db, const int64_t *orgs, int norgs)
{
	static const struct {
		enum stmt service, org;
		int nparams, nkeys; /* nkeys > 0: summed per key */
	} pairs[] = {
		{ST_REPORT_FOLLOWED, ST_REPORT_ORG_FOLLOWED, 3, 0},
		{ST_REPORT_DOMAINS, ST_REPORT_ORG_DOMAINS, 3, 0},
		{ST_REPORT_NEW_CASES, ST_REPORT_ORG_NEW_CASES, 3, 0},
		{ST_REPORT_CLOSED_CASES, ST_REPORT_ORG_CLOSED_CASES, 3, 0},
		{ST_REPORT_INTERVENTIONS, ST_REPORT_ORG_INTERVENTIONS, 3, 2},
		{ST_REPORT_AIDS, ST_REPORT_ORG_AIDS, 4, 0},
		{ST_REPORT_ORIENTATIONS, ST_REPORT_ORG_ORIENTATIONS, 4, 0},
		{ST_REPORT_LONG_LEAVES, ST_REPORT_ORG_LONG_LEAVES, 4, 0},
		{ST_REPORT_RETENTION, ST_REPORT_ORG_RETENTION, 4, 0},
		{ST_HOURS_SPENT, ST_HOURS_ORG_SPENT, 3, 2},
	};
	static struct rows_text a, b;
	for (int o = 0; o < norgs; o++)
		for (int y = 2019; y <= 2027; y++) {
			char first[24], last[24];
			snprintf(first, sizeof first, "%d-01-01", y);
			snprintf(last, sizeof last, "%d-12-31", y);
			store_value p[] = {SV_TEXT(first), SV_TEXT(last), SV_INT(orgs[o]),
					   SV_TEXT("2026-06-30")};
			store_value h[] = {SV_INT(orgs[o]), SV_TEXT(first), SV_TEXT(last)};
			for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
				int hours = pairs[i].service == ST_HOURS_SPENT;
				rows_of(db, pairs[i].service, hours ? h : p, pairs[i].nparams, &a);
				rows_of(db, pairs[i].org, hours ? h : p, pairs[i].nparams, &b);
				if (pairs[i].nkeys) {
					sum_rows(&a, pairs[i].nkeys);
					sum_rows(&b, pairs[i].nkeys);
				}
				int same = a.n == b.n;
				for (int k = 0; same && k < a.n; k++)
					same = strcmp(a.lines[k], b.lines[k]) == 0;
				if (!same)
					fail_msg("%s, organisation %" PRId64 ", %d: %d rows against %d (%s / %s)",
						 stmt_table[pairs[i].org].name, orgs[o], y, b.n, a.n,
						 b.n ? b.lines[0] : "-", a.n ? a.lines[0] : "-");
			}
		}
}

/* Migration 34: consent to statistics is 0 or 1.  A value written by hand
   before it counts as consent (as migration 30 read it); after it, no
   insert or update may write another value, on either database. */
static void test_migrate_consent_values(void **state)
{
	struct fx *f = *state;
	char err[512];
	int applied = 0;
	assert_int_equal(store_migrate_to(f->s, 33, &applied), STORE_OK);
	raw_ok(f->uri, "INSERT INTO organisations (code, name, kind, created_at)"
		       " VALUES ('acme', 'ACME', 'entreprise', 0)");
	static const int before[] = {0, 1, 2, -1};
	for (size_t i = 0; i < sizeof before / sizeof before[0]; i++) {
		char sql[512];
		snprintf(sql, sizeof sql,
			 "INSERT INTO persons (organisation_id, last_name_clear, first_name_clear,"
			 " search_name, consent_accompaniment_on, consent_statistics, created_at,"
			 " updated_at) VALUES (1, 'x', 'x', 'x', '2020-01-02', %d, 0, 0)",
			 before[i]);
		raw_ok(f->uri, sql);
	}
	assert_int_equal(store_migrate(f->s, &applied), STORE_OK);
	assert_int_equal(store_schema_version(f->s), store_latest_version());
	assert_int_equal(raw_int(f->uri, "SELECT COUNT(*) FROM persons WHERE consent_statistics = 0"),
			 1);
	assert_int_equal(raw_int(f->uri, "SELECT COUNT(*) FROM persons WHERE consent_statistics = 1"),
			 3);
	assert_int_equal(raw_int(f->uri, "SELECT consent_statistics FROM persons WHERE id = 1"), 0);
	/* Refused: another value, inserted or written over one. */
	assert_int_not_equal(raw_exec(f->uri,
				      "INSERT INTO persons (organisation_id, last_name_clear,"
				      " first_name_clear, search_name, consent_accompaniment_on,"
				      " consent_statistics, created_at, updated_at)"
				      " VALUES (1, 'y', 'y', 'y', '2020-01-02', 2, 0, 0)",
				      err, sizeof err),
			     0);
	assert_non_null(strstr(err, "consent_statistics"));
	assert_int_not_equal(raw_exec(f->uri, "UPDATE persons SET consent_statistics = 5 WHERE id = 2",
				      err, sizeof err),
			     0);
	assert_non_null(strstr(err, "consent_statistics"));
	assert_int_equal(raw_int(f->uri, "SELECT COUNT(*) FROM persons"), 4);
	assert_int_equal(raw_int(f->uri, "SELECT consent_statistics FROM persons WHERE id = 2"), 1);
	/* The two values still pass both ways. */
	raw_ok(f->uri, "UPDATE persons SET consent_statistics = 1 - consent_statistics");
	assert_int_equal(raw_int(f->uri, "SELECT COUNT(*) FROM persons WHERE consent_statistics = 0"),
			 3);
}

static void test_person_spans(void **state)
{
	struct fx *f = *state;
	struct svcfx x = {0};
	svc_up(f, &x);
	svc *s = svc_open_system(x.a);
	char token[SEC_TOKEN_LEN + 1];
	assert_int_equal(organisations_create(s, "org-a", "Org A", "collectivite", NULL, NULL), SVC_OK);
	assert_int_equal(organisations_create(s, "org-b", "Org B", "collectivite", NULL, NULL), SVC_OK);
	assert_int_equal(users_add(s, "w.s", "Worker S", "worker", NULL, NULL, token), SVC_OK);
	const char *u = f->uri;
	int64_t orgs[2] = {raw_int(u, "SELECT id FROM organisations WHERE code = 'org-a'"),
			   raw_int(u, "SELECT id FROM organisations WHERE code = 'org-b'")};
	raw_ok(u, "INSERT INTO partners (name, search_name, kind, created_at, updated_at)"
		  " VALUES ('P', 'p', 'caf', 0, 0)");
	const char *W = "(SELECT id FROM users WHERE login = 'w.s')";
	const char *P = "(SELECT MIN(id) FROM partners)";
	srand(15);
	int persons = 0, cases = 0;
	char sql[1024], d1[40], d2[40];
#define RANDOM_DATE(buf) \
	snprintf(buf, sizeof buf, "%d-%02d-%02d", 2019 + rand() % 9, 1 + rand() % 12, 1 + rand() % 28)
#define CASE_AT(k) "(SELECT id FROM cases ORDER BY id LIMIT 1 OFFSET %d)", k
	for (int op = 0; op < 700; op++) {
		int what = persons < 4 ? 0 : cases < 4 ? 1 : rand() % 16;
		RANDOM_DATE(d1);
		RANDOM_DATE(d2);
		if (strcmp(d1, d2) > 0) {
			char t[40];
			memcpy(t, d1, sizeof t);
			memcpy(d1, d2, sizeof t);
			memcpy(d2, t, sizeof t);
		}
		int c = cases ? rand() % cases : 0, pk = persons ? rand() % persons : 0;
		char cs[96];
		snprintf(cs, sizeof cs, CASE_AT(c));
		switch (what) {
		case 0: /* a person */
			snprintf(sql, sizeof sql,
				 "INSERT INTO persons (organisation_id, last_name, first_name, sex, status,"
				 " consent_accompaniment_on, consent_statistics, created_at, updated_at,"
				 " birth_year) VALUES (%" PRId64 ", 'x', 'y', 'F', 'titulaire',"
				 " '2019-01-01', %d, 0, 0, 1980)",
				 orgs[rand() % 2], rand() % 10 != 0);
			persons++;
			break;
		case 1: case 2: /* a case, open or closed */
			snprintf(sql, sizeof sql,
				 "INSERT INTO cases (person_id, referent_id, opened_on, closed_on,"
				 " referral_source, outcome, created_at, updated_at) VALUES ("
				 "(SELECT id FROM persons ORDER BY id LIMIT 1 OFFSET %d), %s, '%s', %s%s%s,"
				 " 'salarie', %s, 0, 0)",
				 pk, W, d1, what == 1 ? "NULL" : "'", what == 1 ? "" : d2,
				 what == 1 ? "" : "'", what == 1 ? "NULL" : "'reprise'");
			cases++;
			break;
		case 3: case 4: /* an intervention, any date (before the case or after it too) */
			snprintf(sql, sizeof sql,
				 "INSERT INTO interventions (case_id, author_id, date, mode, kind,"
				 " duration_minutes, created_at) VALUES (%s, %s, '%s', 'bureau',"
				 " 'entretien', %d, 0)", cs, W, d1, 15 * (rand() % 5));
			break;
		case 5: /* an aid */
			snprintf(sql, sizeof sql,
				 "INSERT INTO aids (case_id, author_id, kind, funder, amount_requested_cents,"
				 " submitted_on, created_at, updated_at) VALUES (%s, %s, 'secours', 'caf',"
				 " 100, '%s', 0, 0)", cs, W, d1);
			break;
		case 6: /* an orientation */
			snprintf(sql, sizeof sql,
				 "INSERT INTO orientations (case_id, partner_id, author_id, sent_on,"
				 " created_at, updated_at) VALUES (%s, %s, %s, '%s', 0, 0)", cs, P, W, d1);
			break;
		case 7: /* a sick leave, open or not */
			snprintf(sql, sizeof sql,
				 "INSERT INTO sick_leaves (case_id, start_on, end_on, kind, created_at,"
				 " updated_at) VALUES (%s, '%s', %s%s%s, 'maladie', 0, 0)", cs, d1,
				 rand() % 2 ? "NULL" : "'", "", "");
			if (strstr(sql, "', 'maladie'")) /* closed: give its end */
				snprintf(sql, sizeof sql,
					 "INSERT INTO sick_leaves (case_id, start_on, end_on, kind,"
					 " created_at, updated_at) VALUES (%s, '%s', '%s', 'maladie', 0, 0)",
					 cs, d1, d2);
			break;
		case 8: /* a case closed, or reopened */
			if (rand() % 3)
				snprintf(sql, sizeof sql, "UPDATE cases SET closed_on = CASE WHEN opened_on"
					 " <= '%s' THEN '%s' ELSE opened_on END WHERE id = %s", d2, d2, cs);
			else
				snprintf(sql, sizeof sql, "UPDATE cases SET closed_on = NULL WHERE id = %s",
					 cs);
			break;
		case 9: /* a case's opening corrected */
			snprintf(sql, sizeof sql, "UPDATE cases SET opened_on = '%s' WHERE id = %s AND"
				 " (closed_on IS NULL OR closed_on >= '%s')", d1, cs, d1);
			break;
		case 10: /* a case moved to another person */
			snprintf(sql, sizeof sql, "UPDATE cases SET person_id = (SELECT id FROM persons"
				 " ORDER BY id LIMIT 1 OFFSET %d) WHERE id = %s", pk, cs);
			break;
		case 11: /* an intervention's date or case corrected */
			snprintf(sql, sizeof sql, "UPDATE interventions SET date = '%s', case_id = %s"
				 " WHERE id = (SELECT MIN(id) FROM interventions WHERE id >= %d)", d1, cs,
				 rand() % 200);
			break;
		case 12: /* a sick leave ended, an aid's date corrected */
			snprintf(sql, sizeof sql, "UPDATE sick_leaves SET end_on = CASE WHEN start_on <="
				 " '%s' THEN '%s' ELSE start_on END WHERE id = (SELECT MIN(id) FROM"
				 " sick_leaves WHERE id >= %d); UPDATE aids SET submitted_on = '%s' WHERE id"
				 " = (SELECT MIN(id) FROM aids WHERE id >= %d)", d2, d2, rand() % 40, d1,
				 rand() % 40);
			break;
		case 13: /* deletions */
			snprintf(sql, sizeof sql, "DELETE FROM interventions WHERE id = (SELECT MIN(id)"
				 " FROM interventions WHERE id >= %d); DELETE FROM orientations WHERE id ="
				 " (SELECT MIN(id) FROM orientations WHERE id >= %d)", rand() % 200,
				 rand() % 40);
			break;
		case 14: /* a person anonymised (purge, or erasure on request) */
		{
			char q[128];
			snprintf(q, sizeof q, "SELECT id FROM persons ORDER BY id LIMIT 1 OFFSET %d", pk);
			int64_t id = raw_int(u, q);
			assert_int_equal(svc_tx_begin(s), STORE_OK);
			assert_int_equal(purge_anonymise(s, id, "2026-06-30"), 0);
			assert_int_equal(svc_tx_commit(s), STORE_OK);
			sql[0] = '\0';
			break;
		}
		default: /* a consent withdrawn or given again */
			snprintf(sql, sizeof sql, "UPDATE persons SET consent_statistics = 1 -"
				 " consent_statistics WHERE id = (SELECT id FROM persons ORDER BY id"
				 " LIMIT 1 OFFSET %d)", pk);
			break;
		}
		if (sql[0])
			raw_ok(u, sql);
		if (op % 100 == 99) {
			assert_int_equal(raw_int(u, "SELECT COUNT(*) FROM sick_leaves") +
						 raw_int(u, "SELECT COUNT(*) FROM aids") > 0,
					 1);
			store *db = svc_db(s);
			int64_t uncovered = -1;
			struct rows_text t;
			rows_of(db, ST_PERSON_SPANS_UNCOVERED, NULL, 0, &t);
			uncovered = strtoll(t.lines[0], NULL, 10);
			assert_int_equal(uncovered, 0);
			spans_agree(db, orgs, 2);
		}
	}
#undef RANDOM_DATE
#undef CASE_AT
	/* Not vacuous: every kind of row is there, and the spans narrow as
	   cases close (an open case reaches '9999-12-31'). */
	assert_true(raw_int(u, "SELECT COUNT(*) FROM interventions") > 50);
	assert_true(raw_int(u, "SELECT COUNT(*) FROM orientations") > 5);
	assert_true(raw_int(u, "SELECT COUNT(*) FROM sick_leaves") > 5);
	assert_true(raw_int(u, "SELECT COUNT(*) FROM persons WHERE anonymised_on IS NOT NULL") > 0);
	assert_true(raw_int(u, "SELECT COUNT(*) FROM persons WHERE active_to < '9999-12-31'") > 0);
	/* A change behind the triggers' back is found. */
	raw_ok(u, "UPDATE persons SET active_to = '2000-01-01' WHERE id = (SELECT MIN(person_id)"
		  " FROM cases)");
	struct rows_text t;
	rows_of(svc_db(s), ST_PERSON_SPANS_UNCOVERED, NULL, 0, &t);
	assert_string_equal(t.lines[0], "1|");
	svc_close(s);
	svc_clean(&x);
}

static void test_anchor_one_line_a_commit(void **state)
{
	struct fx *f = *state;
	struct svcfx x = {0};
	struct audit_check c;
	svc_up(f, &x);
	append(&x, 5);
	assert_int_equal(count_lines(x.anchor), 5);
	/* A batch of three entries: one line. */
	svc *s = svc_open_system(x.a);
	assert_int_equal(svc_batch_begin(s), SVC_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(svc_audit(s, "test.batch", NULL, NULL), 0);
	assert_int_equal(svc_batch_end(s, 1), SVC_OK);
	/* A rolled-back transaction: none. */
	assert_int_equal(svc_tx_begin(s), STORE_OK);
	assert_int_equal(svc_audit(s, "test.rollback", NULL, NULL), 0);
	svc_tx_rollback(s);
	svc_close(s);
	assert_int_equal(count_lines(x.anchor), 6);
	assert_int_equal(check(&x, &c), 0);
	assert_int_equal(c.first_bad, 0);
	assert_int_equal(c.head, 8);
	assert_int_equal(c.anchored, 8);
	assert_int_equal(c.recorded, 8);
	assert_int_equal(c.anchor_lines, 6);
	svc_clean(&x);
}

/* svc_act_as (the demo's): the command line writes an employer's request
   only acting as an active employer account, for its organisation; not in
   its own name, nor as a worker, nor after giving its name back. */
static void test_act_as_employer(void **state)
{
	struct fx *f = *state;
	struct svcfx x = {0};
	svc_up(f, &x);
	svc *s = svc_open_system(x.a);
	char token[SEC_TOKEN_LEN + 1];
	assert_int_equal(organisations_create(s, "org-a", "Org A", "collectivite", NULL, NULL),
			 SVC_OK);
	assert_int_equal(users_add(s, "rh.a", "RH A", "employer", "org-a", NULL, token), SVC_OK);
	assert_int_equal(users_add(s, "w.a", "Worker A", "worker", NULL, NULL, token), SVC_OK);
	struct employer_request_input in = {"Un sujet", "Un message.", NULL};
	int64_t id = 0;
	assert_int_equal(employer_requests_create(s, &in, &id), SVC_FORBIDDEN);
	assert_int_equal(svc_act_as(s, "w.a"), SVC_OK);
	assert_int_equal(employer_requests_create(s, &in, &id), SVC_FORBIDDEN);
	assert_int_equal(svc_act_as(s, "nobody"), SVC_NOT_FOUND);
	assert_int_equal(employer_requests_create(s, &in, &id), SVC_FORBIDDEN);
	assert_int_equal(svc_act_as(s, "rh.a"), SVC_OK);
	assert_int_equal(employer_requests_create(s, &in, &id), SVC_OK);
	assert_true(id > 0);
	assert_int_equal(svc_act_as(s, NULL), SVC_OK);
	assert_int_equal(employer_requests_create(s, &in, &id), SVC_FORBIDDEN);
	svc_close(s);
	svc_clean(&x);
}

static void test_anchor_deleted_tail(void **state)
{
	struct fx *f = *state;
	struct svcfx x = {0};
	struct audit_check c;
	svc_up(f, &x);
	append(&x, 6);
	raw_ok(f->uri, is_pg(f->uri) ? "DROP TRIGGER audit_log_no_change ON audit_log;"
				       "DELETE FROM audit_log WHERE id > 4"
				     : "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id > 4");
	unsigned t = check(&x, &c);
	assert_true(t & AUDIT_TAIL_DELETED);
	assert_true(t & AUDIT_TRIGGERS_DROPPED);
	assert_false(t & (AUDIT_TABLE_TRUNCATED | AUDIT_OLDER_COPY));
	assert_int_equal(c.head, 4);
	assert_int_equal(c.anchored, 6);
	assert_string_equal(audit_tamper_name(AUDIT_TAIL_DELETED), "fin du journal supprimée");
	svc_clean(&x);
}

static void test_anchor_truncated(void **state)
{
	struct fx *f = *state;
	struct svcfx x = {0};
	struct audit_check c;
	char err[512];
	svc_up(f, &x);
	append(&x, 4);
	if (is_pg(f->uri)) {
		/* TRUNCATE skips row triggers: a statement trigger refuses it. */
		assert_int_not_equal(raw_exec(f->uri, "TRUNCATE audit_log", err, sizeof err), 0);
		assert_non_null(strstr(err, "append-only"));
		raw_ok(f->uri, "ALTER TABLE audit_log DISABLE TRIGGER ALL; TRUNCATE audit_log;"
			       "ALTER TABLE audit_log ENABLE TRIGGER ALL");
	} else {
		raw_ok(f->uri, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log;");
	}
	unsigned t = check(&x, &c);
	assert_true(t & AUDIT_TABLE_TRUNCATED);
	assert_false(t & (AUDIT_TAIL_DELETED | AUDIT_OLDER_COPY));
	assert_int_equal(c.head, 0);
	assert_int_equal(c.anchored, 4);
	/* Gone with the table, its record of the head too: the anchor alone. */
	raw_ok(f->uri, is_pg(f->uri) ? "ALTER TABLE audit_head DISABLE TRIGGER ALL;"
				       "DELETE FROM audit_head"
				     : "DROP TRIGGER audit_head_no_delete; DELETE FROM audit_head");
	t = check(&x, &c);
	assert_true(t & AUDIT_TABLE_TRUNCATED);
	svc_clean(&x);
}

static void test_anchor_triggers_dropped(void **state)
{
	struct fx *f = *state;
	struct svcfx x = {0};
	struct audit_check c;
	svc_up(f, &x);
	append(&x, 3);
	assert_int_equal(check(&x, &c), 0);
	raw_ok(f->uri, is_pg(f->uri) ? "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"
				     : "DROP TRIGGER audit_log_no_update");
	assert_int_equal(check(&x, &c), AUDIT_TRIGGERS_DROPPED);
	assert_int_equal(c.first_bad, 0);
	raw_ok(f->uri, is_pg(f->uri) ? "ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change;"
				       "DROP TRIGGER audit_checkpoints_no_truncate ON audit_checkpoints"
				     : "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
				       " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
				       "DROP TRIGGER audit_head_no_rewind");
	assert_int_equal(check(&x, &c), AUDIT_TRIGGERS_DROPPED);
	svc_clean(&x);
}

/* The database name in a postgresql:// URI of the pg-cluster form
   (postgresql://user@/NAME?host=…), and the same URI for database `other`. */
static void pg_other(const char *uri, const char *other, char *name, size_t namelen, char *out,
		     size_t outlen)
{
	const char *p = strstr(uri, "@/");
	assert_non_null(p);
	p += 2;
	const char *q = strchr(p, '?');
	assert_non_null(q);
	snprintf(name, namelen, "%.*s", (int)(q - p), p);
	snprintf(out, outlen, "%.*s%s%s", (int)(p - uri), uri, other, q);
}

static void reopen(struct fx *f)
{
	char err[512];
	if (store_open(f->uri, &f->s, err, sizeof err) != 0)
		fail_msg("reopen: %s", err);
}

/* Keeps a copy of the whole database (the service closed). */
static void snapshot(struct fx *f, const char *tag)
{
	char sql[1400], name[128], admin[1024], path[1100];
	if (is_pg(f->uri)) {
		store_close(f->s); /* a template must have no session */
		f->s = NULL;
		pg_other(f->uri, "postgres", name, sizeof name, admin, sizeof admin);
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s_%s", name, tag);
		raw_ok(admin, sql);
		snprintf(sql, sizeof sql, "CREATE DATABASE %s_%s TEMPLATE %s", name, tag, name);
		raw_ok(admin, sql);
		reopen(f);
	} else {
		snprintf(path, sizeof path, "%s.%s", f->uri, tag);
		unlink(path);
		snprintf(sql, sizeof sql, "VACUUM INTO '%s'", path);
		raw_ok(f->uri, sql);
	}
}

/* Puts the copy back in place of the database (every connection closed). */
static void put_back(struct fx *f, const char *tag)
{
	char sql[1400], name[128], admin[1024], path[1100];
	store_close(f->s);
	f->s = NULL;
	if (is_pg(f->uri)) {
		pg_other(f->uri, "postgres", name, sizeof name, admin, sizeof admin);
		snprintf(sql, sizeof sql, "DROP DATABASE %s", name);
		raw_ok(admin, sql);
		snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s_%s", name, name, tag);
		raw_ok(admin, sql);
		snprintf(sql, sizeof sql, "DROP DATABASE %s_%s", name, tag);
		raw_ok(admin, sql);
	} else {
		remove_sqlite_files(f->uri);
		snprintf(path, sizeof path, "%s.%s", f->uri, tag);
		assert_int_equal(rename(path, f->uri), 0);
	}
	reopen(f);
}

/* Three entries, a copy, four more, the copy put back: the service open
   on the older database, its anchor 7 entries long. */
static void older_copy_back(struct fx *f, struct svcfx *x)
{
	svc_up(f, x);
	append(x, 3);
	svc_down(x);
	snapshot(f, "old");
	svc_up(f, x);
	append(x, 4);
	svc_down(x);
	put_back(f, "old");
	svc_up(f, x);
}

static void test_anchor_older_copy(void **state)
{
	struct fx *f = *state;
	struct svcfx x = {0};
	struct audit_check c;
	older_copy_back(f, &x);
	unsigned t = check(&x, &c);
	assert_int_equal(t, AUDIT_OLDER_COPY);
	assert_int_equal(c.head, 3);
	assert_int_equal(c.recorded, 3);
	assert_int_equal(c.anchored, 7);
	svc_clean(&x);
}

static void test_anchor_restore_record(void **state)
{
	struct fx *f = *state;
	struct svcfx x = {0};
	struct audit_check c;
	older_copy_back(f, &x);
	/* What `relais restore` calls once the backup is back. */
	svc *s = svc_open_system(x.a);
	int64_t seq = -1;
	assert_int_equal(audit_anchor_restore(s, &seq), SVC_OK);
	svc_close(s);
	assert_int_equal(seq, 3);
	assert_int_equal(check(&x, &c), 0);
	assert_int_equal(c.anchored, 3);
	/* The chain goes on from the restored head: entries 4… again, with
	   other hashes than the abandoned ones. */
	append(&x, 2);
	assert_int_equal(check(&x, &c), 0);
	assert_int_equal(c.head, 5);
	assert_int_equal(c.anchored, 5);
	/* A restore record cannot be made up without the key either. */
	FILE *fp = fopen(x.anchor, "a");
	assert_non_null(fp);
	fprintf(fp, "relais-anchor-v1 restore test-a 1 %s 1 %s\n", AUDIT_GENESIS, AUDIT_GENESIS);
	fclose(fp);
	assert_int_equal(check(&x, &c), AUDIT_ANCHOR_FORGED);
	svc_clean(&x);
}

static void test_anchor_forged_line(void **state)
{
	struct fx *f = *state;
	struct svcfx x = {0};
	struct audit_check c;
	svc_up(f, &x);
	append(&x, 3);
	/* A line claiming entry 9, MACed under another key. */
	uint8_t other[SEC_KEY_BYTES] = {1, 2, 3};
	struct audit_anchor a = {AUDIT_ANCHOR_HEAD, "test-a", 9, AUDIT_GENESIS, 1};
	char line[AUDIT_ANCHOR_LINE_MAX];
	assert_true(audit_anchor_format(other, &a, line, sizeof line) > 0);
	FILE *fp = fopen(x.anchor, "a");
	assert_non_null(fp);
	fputs(line, fp);
	fclose(fp);
	unsigned t = check(&x, &c);
	assert_int_equal(t, AUDIT_ANCHOR_FORGED);
	assert_int_equal(c.forged_line, 4);
	assert_int_equal(c.anchored, 3); /* the forged claim counts for nothing */
	/* Several servers, several anchors: verify takes them all. */
	svc_clean(&x);
}

static void test_anchor_several_servers(void **state)
{
	struct fx *f = *state;
	struct svcfx x = {0}, y = {0};
	struct audit_check c;
	svc_up(f, &x);
	append(&x, 2);
	/* A second server: same database and key, its own anchor. */
	char err[512];
	snprintf(y.anchor, sizeof y.anchor, "%s/other.anchor", x.dir);
	struct app_config cfg = {.db = f->uri, .key_file = x.key, .connections = 1,
				 .session_idle = 1800, .session_max = 43200,
				 .report_read_alert = 20, .anchor_file = y.anchor,
				 .server_id = "test-b"};
	if (app_open(&cfg, &y.a, err, sizeof err) != 0)
		fail_msg("app_open: %s", err);
	append(&y, 3);
	append(&x, 1);
	svc *s = svc_open_system(x.a);
	const char *both[] = {x.anchor, y.anchor};
	assert_int_equal(audit_verify_anchors(s, both, 2, &c), SVC_OK);
	assert_int_equal(c.tamper, 0);
	assert_int_equal(c.anchored, 6);
	assert_int_equal(c.anchor_lines, 6);
	/* Cut the second server's last entries: only its anchor saw them. */
	svc_close(s);
	append(&y, 2);
	raw_ok(f->uri, is_pg(f->uri) ? "DROP TRIGGER audit_log_no_change ON audit_log;"
				       "DROP TRIGGER audit_head_no_rewind ON audit_head;"
				       "DELETE FROM audit_log WHERE id > 6;"
				       "UPDATE audit_head SET seq = 6"
				     : "DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_head_no_rewind;"
				       "DELETE FROM audit_log WHERE id > 6; UPDATE audit_head SET seq = 6");
	assert_int_equal(check(&x, &c) & (AUDIT_TAIL_DELETED | AUDIT_OLDER_COPY), 0);
	s = svc_open_system(x.a);
	assert_int_equal(audit_verify_anchors(s, both, 2, &c), SVC_OK);
	svc_close(s);
	/* The head record rewritten too: it looks like an older copy, still named. */
	assert_true(c.tamper & AUDIT_OLDER_COPY);
	assert_int_equal(c.anchored, 8);
	svc_down(&y);
	unlink(y.anchor);
	svc_clean(&x);
}

static void *append_thread(void *arg)
{
	append(arg, 25);
	return NULL;
}

/* Four threads committing at once: one line each commit, every one synced
   by its own fsync or a neighbour's (group commit), the chain whole. */
static void test_anchor_concurrent(void **state)
{
	struct fx *f = *state;
	struct svcfx x = {.connections = 4};
	struct audit_check c;
	svc_up(f, &x);
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, append_thread, &x), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	/* PostgreSQL: a line a commit.  SQLite's group commit: a line a
	   batch, written with the batch's highest head before any of its
	   transactions returns — so the last head is anchored however the
	   commits were grouped. */
	int lines = count_lines(x.anchor);
	if (is_pg(f->uri))
		assert_int_equal(lines, 100);
	else
		assert_true(lines >= 1 && lines <= 100);
	print_message("# %d anchor line(s) for 100 commits\n", lines);
	assert_int_equal(check(&x, &c), 0);
	assert_int_equal(c.head, 100);
	assert_int_equal(c.anchored, 100);
	svc_clean(&x);
}

static void test_audit_retention(void **state)
{
	struct fx *f = *state;
	struct svcfx x = {0};
	struct audit_check c;
	char err[512];
	svc_up(f, &x);
	append(&x, 6);
	/* Nothing is a year old yet. */
	svc *s = svc_open_system(x.a);
	int64_t purged = -1;
	int64_t now = (int64_t)time(NULL);
	assert_int_equal(audit_retention(s, now, &purged), SVC_OK);
	assert_int_equal(purged, 0);
	/* A checkpoint written outside the purge's transaction does not open
	   the door on PostgreSQL; on both, a recent entry stays. */
	assert_int_not_equal(raw_exec(f->uri, "DELETE FROM audit_log WHERE id = 6", err, sizeof err), 0);
	/* Thirteen months later: everything but the head goes. */
	assert_int_equal(audit_retention(s, now + 400 * 86400, &purged), SVC_OK);
	svc_close(s);
	assert_int_equal(purged, 5);
	assert_int_equal(check(&x, &c), 0);
	assert_int_equal(c.first_bad, 0);
	assert_int_equal(c.from, 5);
	assert_int_equal(c.head, 7); /* the head kept and the purge's own entry */
	assert_int_equal(c.anchored, 7);
	append(&x, 2);
	assert_int_equal(check(&x, &c), 0);
	/* A forged checkpoint (no key) that would let rows go is named. */
	raw_ok(f->uri, "INSERT INTO audit_checkpoints (at, seq, hash, mac) VALUES"
		       " (99999999999, 8, 'x', 'y')");
	if (!is_pg(f->uri)) {
		raw_ok(f->uri, "DELETE FROM audit_log WHERE id <= 8");
		unsigned t = check(&x, &c);
		assert_true(t & AUDIT_CHECKPOINT_FORGED);
		assert_int_equal(c.first_bad, 9);
	} else {
		/* Not the deleting transaction's own checkpoint: refused. */
		assert_int_not_equal(raw_exec(f->uri, "DELETE FROM audit_log WHERE id <= 8", err,
					      sizeof err), 0);
		assert_true(check(&x, &c) & AUDIT_CHECKPOINT_FORGED);
	}
	svc_clean(&x);
}

static void test_audit_incremental(void **state)
{
	struct fx *f = *state;
	struct svcfx x = {0};
	struct audit_check c;
	svc_up(f, &x);
	append(&x, 10);
	svc *s = svc_open_system(x.a);
	assert_int_equal(audit_verify_incremental(s, &c), SVC_OK);
	assert_true(audit_check_ok(&c));
	assert_int_equal(c.from, 0);
	assert_int_equal(c.rows, 10);
	svc_close(s);
	append(&x, 3);
	s = svc_open_system(x.a);
	assert_int_equal(audit_verify_incremental(s, &c), SVC_OK);
	assert_true(audit_check_ok(&c));
	assert_int_equal(c.from, 10); /* from the last verified head */
	assert_int_equal(c.rows, 3);
	assert_int_equal(c.anchored, 13);
	/* A mark forged in the settings is ignored: back to the start. */
	raw_ok(f->uri, "UPDATE settings SET value = '12 x y' WHERE name = 'audit_verified'");
	assert_int_equal(audit_verify_incremental(s, &c), SVC_OK);
	assert_int_equal(c.from, 0);
	assert_int_equal(c.rows, 13);
	/* A cut tail shows at once. */
	raw_ok(f->uri, is_pg(f->uri) ? "DROP TRIGGER audit_log_no_change ON audit_log;"
				       "DELETE FROM audit_log WHERE id > 11"
				     : "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id > 11");
	assert_int_equal(audit_verify_incremental(s, &c), SVC_OK);
	assert_true(c.tamper & AUDIT_TAIL_DELETED);
	assert_true(c.tamper & AUDIT_TRIGGERS_DROPPED);
	svc_close(s);
	svc_clean(&x);
}

/* ---- bulk load (store/bulk.h) ---- */

/* Text that COPY's text format must escape, and what looks like its NULL. */
#define BULK_TRICKY "tab\there\nnew line\\back\\slash\r\\N é ✓"
static const unsigned char bulk_bytes[] = {0, '\\', '\t', '\n', '\r', 0xff, 'N', 0x80, 0};

/* The schema as `relais init` leaves it: migrated, the persons' clear
   identity columns dropped once sealed (persons_identity_seal). */
static void bulk_schema(store *s)
{
	migrate(s);
	static const enum stmt drops[] = {ST_SEAL_DROP_LAST_NAME,  ST_SEAL_DROP_FIRST_NAME,
					  ST_SEAL_DROP_SEARCH_NAME, ST_SEAL_DROP_BIRTH_DATE,
					  ST_SEAL_DROP_JOB_TITLE,  ST_SEAL_DROP_PHONE,
					  ST_SEAL_DROP_EMAIL};
	for (size_t i = 0; i < sizeof drops / sizeof drops[0]; i++)
		if (store_exec(s, drops[i], NULL, 0, NULL, NULL) != STORE_OK)
			fail_msg("%s: %s", stmt_table[drops[i]].name, store_errmsg(s));
}

static int64_t bulk_org(store *s)
{
	int64_t id = 0;
	store_value p[] = {SV_TEXT("c1"), SV_TEXT("Commune"), SV_TEXT("collectivite"),
			   SV_TEXT("FPT"), SV_INT(1700000000)};
	assert_int_equal(store_exec(s, ST_ORG_INSERT, p, 5, id_row, &id), STORE_OK);
	return id;
}

/* A person row with last name sealed as (last, nlast) bytes. */
static int bulk_person(store_bulk *b, int64_t id, int64_t org, int64_t referent,
		       const void *last, size_t nlast)
{
	store_value p[BULK_PERSON__COUNT] = {
		[BULK_PERSON_ID] = SV_INT(id),
		[BULK_PERSON_ORGANISATION_ID] = SV_INT(org),
		[BULK_PERSON_REFERENT_ID] = SV_INT(referent),
		[BULK_PERSON_BIRTH_YEAR] = SV_INT(1980),
		[BULK_PERSON_SEX] = SV_TEXT("F"),
		[BULK_PERSON_STATUS] = SV_TEXT(BULK_TRICKY),
		[BULK_PERSON_CATEGORY] = SV_NULL,
		[BULK_PERSON_FAMILY_SITUATION] = SV_TEXT(""),
		[BULK_PERSON_CONSENT_ACCOMPANIMENT_ON] = SV_TEXT("2024-01-02"),
		[BULK_PERSON_CONSENT_STATISTICS] = SV_INT(1),
		[BULK_PERSON_CONSENT_STATISTICS_ON] = SV_TEXT("2024-01-02"),
		[BULK_PERSON_IMPORT_REF] = SV_NULL,
		[BULK_PERSON_CREATED_AT] = SV_INT(INT64_C(1700000000)),
		[BULK_PERSON_UPDATED_AT] = SV_INT(INT64_C(9007199254740993)),
		[BULK_PERSON_IDENTITY_KEY] = SV_NULL,
		[BULK_PERSON_LAST_NAME] = SV_BLOB(last, nlast),
		[BULK_PERSON_FIRST_NAME] = SV_BLOB("", 0),
		[BULK_PERSON_BIRTH_DATE] = SV_NULL,
		[BULK_PERSON_JOB_TITLE] = SV_NULL,
		[BULK_PERSON_PHONE] = SV_NULL,
		[BULK_PERSON_EMAIL] = SV_NULL,
		[BULK_PERSON_ADDRESS] = SV_NULL,
	};
	return store_bulk_row(b, BULK_PERSONS, p, BULK_PERSON__COUNT);
}

static int bulk_intervention(store_bulk *b, int64_t case_id, int64_t author, const char *mode,
			     const void *notes, size_t nnotes)
{
	store_value p[BULK_IV__COUNT] = {
		[BULK_IV_CASE_ID] = SV_INT(case_id),
		[BULK_IV_AUTHOR_ID] = SV_INT(author),
		[BULK_IV_DATE] = SV_TEXT("2024-02-03"),
		[BULK_IV_MODE] = SV_TEXT(mode),
		[BULK_IV_KIND] = SV_TEXT("\\N"),
		[BULK_IV_DURATION_MINUTES] = SV_INT(45),
		[BULK_IV_NOTES] = notes ? SV_BLOB(notes, nnotes) : SV_NULL,
		[BULK_IV_PRIVATE_NOTE] = SV_NULL,
		[BULK_IV_CREATED_AT] = SV_INT(1700000000),
	};
	return store_bulk_row(b, BULK_INTERVENTIONS, p, BULK_IV__COUNT);
}

struct bulk_seen {
	int rows;
	int64_t id;
	char text[4][128];
	int null[4];
	size_t blob_len;
	unsigned char blob[64];
};

static void seen_text(struct bulk_seen *s, int k, const store_row *row, int col)
{
	s->null[k] = store_row_is_null(row, col);
	snprintf(s->text[k], sizeof s->text[k], "%s", s->null[k] ? "" : store_row_text(row, col));
}

static void seen_blob(struct bulk_seen *s, const store_row *row, int col)
{
	const void *p = store_row_blob(row, col, &s->blob_len);
	if (p && s->blob_len <= sizeof s->blob)
		memcpy(s->blob, p, s->blob_len);
}

static int bulk_person_row(void *ctx, const store_row *row)
{
	struct bulk_seen *s = ctx;
	s->rows++;
	s->id = store_row_int(row, PERSON_COL_ID);
	seen_text(s, 0, row, PERSON_COL_STATUS);
	seen_text(s, 1, row, PERSON_COL_CATEGORY);
	seen_text(s, 2, row, PERSON_COL_FAMILY_SITUATION);
	seen_blob(s, row, PERSON_COL_LAST_NAME);
	size_t n = 9;
	assert_non_null(store_row_blob(row, PERSON_COL_FIRST_NAME, &n));
	assert_int_equal(n, 0);
	assert_null(store_row_blob(row, PERSON_COL_BIRTH_DATE, &n));
	assert_int_equal(store_row_int(row, PERSON_COL_UPDATED_AT), INT64_C(9007199254740993));
	return 0;
}

static int bulk_case_row(void *ctx, const store_row *row)
{
	struct bulk_seen *s = ctx;
	s->rows++;
	s->id = store_row_int(row, CASE_COL_PERSON_ID);
	seen_text(s, 0, row, CASE_COL_REFERRAL_SOURCE);
	seen_text(s, 1, row, CASE_COL_CLOSED_ON);
	seen_text(s, 2, row, CASE_COL_OUTCOME);
	return 0;
}

static int bulk_iv_row(void *ctx, const store_row *row)
{
	struct bulk_seen *s = ctx;
	if (s->rows++ > 0)
		return 0; /* the latest first: the one with notes */
	seen_text(s, 0, row, INTERVENTION_COL_MODE);
	seen_text(s, 1, row, INTERVENTION_COL_KIND);
	s->null[2] = store_row_is_null(row, INTERVENTION_COL_PRIVATE_NOTE);
	seen_blob(s, row, INTERVENTION_COL_NOTES);
	return 0;
}

static int64_t bulk_terms_deleted(store *s, int64_t person)
{
	store_value p[] = {SV_INT(person)};
	assert_int_equal(store_exec(s, ST_PERSON_TERMS_DELETE, p, 1, NULL, NULL), STORE_OK);
	return store_changes(s);
}

/* Values round-trip (ints, NULLs, empty and binary blobs, text holding
   tabs, newlines, backslashes and "\N"), ids come from the sequence and
   are never handed out again, rows of several tables interleave. */
static void test_bulk_round_trip(void **state)
{
	struct fx *f = *state;
	bulk_schema(f->s);
	int64_t user = 0;
	assert_int_equal(add_user(f->s, "as", "AS", "worker", &user), STORE_OK);
	int64_t org = bulk_org(f->s);
	store_bulk *b = NULL;
	/* Outside a transaction: refused. */
	assert_int_equal(store_bulk_begin(f->s, &b), STORE_ERROR);
	assert_null(b);

	assert_int_equal(store_begin(f->s), STORE_OK);
	assert_int_equal(store_bulk_begin(f->s, &b), STORE_OK);
	int64_t p1 = 0, p2 = 0, c1 = 0;
	assert_int_equal(store_bulk_id(b, BULK_PERSONS, &p1), STORE_OK);
	assert_int_equal(store_bulk_id(b, BULK_PERSONS, &p2), STORE_OK);
	assert_int_equal(store_bulk_id(b, BULK_CASES, &c1), STORE_OK);
	assert_true(p1 > 0 && p2 > 0 && p1 != p2 && c1 > 0);
	assert_int_equal(bulk_person(b, p1, org, user, bulk_bytes, sizeof bulk_bytes), STORE_OK);
	store_value t[] = {SV_INT(p1), SV_TEXT("ab\\cd")};
	assert_int_equal(store_bulk_row(b, BULK_PERSON_TERMS, t, BULK_TERM__COUNT), STORE_OK);
	store_value t2[] = {SV_INT(p1), SV_TEXT("ef\tgh")};
	assert_int_equal(store_bulk_row(b, BULK_PERSON_TERMS, t2, BULK_TERM__COUNT), STORE_OK);
	store_value c[BULK_CASE__COUNT] = {
		SV_INT(c1),	SV_INT(p1),	 SV_INT(user),	SV_TEXT("2024-01-02"),
		SV_NULL,	SV_TEXT(BULK_TRICKY), SV_TEXT("\\N"), SV_NULL,
		SV_INT(1700000000), SV_INT(1700000000)};
	assert_int_equal(store_bulk_row(b, BULK_CASES, c, BULK_CASE__COUNT), STORE_OK);
	store_value d[] = {SV_INT(c1), SV_TEXT("logement")};
	assert_int_equal(store_bulk_row(b, BULK_CASE_DOMAINS, d, BULK_DOMAIN__COUNT), STORE_OK);
	assert_int_equal(bulk_intervention(b, c1, user, "a\tb", NULL, 0), STORE_OK);
	/* A person given after rows of later tables. */
	assert_int_equal(bulk_person(b, p2, org, user, "x", 1), STORE_OK);
	/* A wrong number of values fails the load. */
	assert_int_equal(store_bulk_row(b, BULK_CASE_DOMAINS, d, 1), STORE_ERROR);
	assert_int_equal(store_bulk_end(b), STORE_ERROR);
	assert_int_equal(store_commit(f->s), STORE_ERROR);

	/* Again, this time right. */
	assert_int_equal(store_begin(f->s), STORE_OK);
	assert_int_equal(store_bulk_begin(f->s, &b), STORE_OK);
	assert_int_equal(store_bulk_id(b, BULK_PERSONS, &p1), STORE_OK);
	assert_int_equal(store_bulk_id(b, BULK_CASES, &c1), STORE_OK);
	assert_int_equal(bulk_person(b, p1, org, user, bulk_bytes, sizeof bulk_bytes), STORE_OK);
	t[0] = (store_value)SV_INT(p1); /* PostgreSQL's sequence did not roll back */
	t2[0] = (store_value)SV_INT(p1);
	assert_int_equal(store_bulk_row(b, BULK_PERSON_TERMS, t, BULK_TERM__COUNT), STORE_OK);
	assert_int_equal(store_bulk_row(b, BULK_PERSON_TERMS, t2, BULK_TERM__COUNT), STORE_OK);
	c[BULK_CASE_ID] = (store_value)SV_INT(c1);
	c[BULK_CASE_PERSON_ID] = (store_value)SV_INT(p1);
	assert_int_equal(store_bulk_row(b, BULK_CASES, c, BULK_CASE__COUNT), STORE_OK);
	d[0] = (store_value)SV_INT(c1);
	assert_int_equal(store_bulk_row(b, BULK_CASE_DOMAINS, d, BULK_DOMAIN__COUNT), STORE_OK);
	assert_int_equal(bulk_intervention(b, c1, user, "a\tb", NULL, 0), STORE_OK);
	assert_int_equal(store_bulk_id(b, BULK_PERSONS, &p2), STORE_OK);
	assert_int_equal(bulk_person(b, p2, org, user, "x", 1), STORE_OK);
	assert_int_equal(store_bulk_end(b), STORE_OK);
	assert_int_equal(store_commit(f->s), STORE_OK);

	struct bulk_seen s = {0};
	store_value one[] = {SV_INT(p1)};
	assert_int_equal(store_exec(f->s, ST_PERSON_GET, one, 1, bulk_person_row, &s), STORE_OK);
	assert_int_equal(s.rows, 1);
	assert_int_equal(s.id, p1);
	assert_string_equal(s.text[0], BULK_TRICKY);
	assert_true(s.null[1]);
	assert_false(s.null[2]);
	assert_string_equal(s.text[2], "");
	assert_int_equal(s.blob_len, sizeof bulk_bytes);
	assert_memory_equal(s.blob, bulk_bytes, sizeof bulk_bytes);

	memset(&s, 0, sizeof s);
	store_value cone[] = {SV_INT(c1)};
	assert_int_equal(store_exec(f->s, ST_CASE_GET, cone, 1, bulk_case_row, &s), STORE_OK);
	assert_int_equal(s.rows, 1);
	assert_int_equal(s.id, p1);
	assert_string_equal(s.text[0], BULK_TRICKY);
	assert_true(s.null[1]);
	assert_false(s.null[2]);
	assert_string_equal(s.text[2], "\\N");

	memset(&s, 0, sizeof s);
	assert_int_equal(store_exec(f->s, ST_INTERVENTIONS_OF_CASE, cone, 1, bulk_iv_row, &s),
			 STORE_OK);
	assert_int_equal(s.rows, 1);
	assert_string_equal(s.text[0], "a\tb");
	assert_string_equal(s.text[1], "\\N");
	assert_true(s.null[2]);
	assert_int_equal(s.blob_len, 0);
	assert_int_equal(bulk_terms_deleted(f->s, p1), 2);

	/* An insert after the load gets an id no load handed out. */
	int64_t later = 0;
	store_value pi[] = {SV_INT(org), SV_INT(user), SV_NULL, SV_NULL, SV_NULL, SV_NULL, SV_NULL,
			    SV_TEXT("2024-01-02"), SV_INT(1), SV_NULL, SV_NULL, SV_INT(1700000000),
			    SV_NULL, SV_NULL, SV_NULL};
	assert_int_equal(store_exec(f->s, ST_PERSON_INSERT, pi, 15, id_row, &later), STORE_OK);
	assert_true(later > p1 && later > p2);

	/* Notes as binary, through the load. */
	assert_int_equal(store_begin(f->s), STORE_OK);
	assert_int_equal(store_bulk_begin(f->s, &b), STORE_OK);
	assert_int_equal(bulk_intervention(b, c1, user, BULK_TRICKY, bulk_bytes, sizeof bulk_bytes),
			 STORE_OK);
	assert_int_equal(store_bulk_end(b), STORE_OK);
	assert_int_equal(store_commit(f->s), STORE_OK);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_exec(f->s, ST_INTERVENTIONS_OF_CASE, cone, 1, bulk_iv_row, &s),
			 STORE_OK);
	assert_int_equal(s.rows, 2);
	assert_int_equal(s.blob_len, sizeof bulk_bytes);
	assert_memory_equal(s.blob, bulk_bytes, sizeof bulk_bytes);
}

static int bulk_count_row(void *ctx, const store_row *row)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

/* A row refused in the middle of a load, after rows already sent (more
   than the PostgreSQL buffer holds), leaves nothing of the transaction. */
static void test_bulk_failure_rolls_back(void **state)
{
	struct fx *f = *state;
	bulk_schema(f->s);
	int64_t user = 0;
	assert_int_equal(add_user(f->s, "as", "AS", "worker", &user), STORE_OK);
	int64_t org = bulk_org(f->s);
	assert_int_equal(store_begin(f->s), STORE_OK);
	assert_int_equal(add_user(f->s, "inside", "Inside", "head", NULL), STORE_OK);
	store_bulk *b = NULL;
	assert_int_equal(store_bulk_begin(f->s, &b), STORE_OK);
	size_t big = 64 * 1024; /* 128 KiB of COPY text a row: 100 rows go past 8 MiB */
	unsigned char *blob = malloc(big);
	assert_non_null(blob);
	for (size_t i = 0; i < big; i++)
		blob[i] = (unsigned char)(i * 7);
	int64_t first = 0, id = 0, c1 = 0;
	for (int i = 0; i < 100; i++) {
		assert_int_equal(store_bulk_id(b, BULK_PERSONS, &id), STORE_OK);
		if (i == 0)
			first = id;
		assert_int_equal(bulk_person(b, id, org, user, blob, big), STORE_OK);
	}
	free(blob);
	assert_int_equal(store_bulk_id(b, BULK_CASES, &c1), STORE_OK);
	/* No such case: the foreign key refuses it (at once on SQLite, when
	   the rows are sent on PostgreSQL). */
	int row = bulk_intervention(b, c1 + 1000, user, "tel", NULL, 0);
	int end = store_bulk_end(b);
	assert_int_not_equal(end, STORE_OK);
	if (row == STORE_OK)
		assert_int_equal(end, STORE_CONSTRAINT);
	else
		assert_int_equal(row, STORE_CONSTRAINT);
	assert_int_equal(store_commit(f->s), STORE_ERROR);
	int n = 0;
	store_value one[] = {SV_INT(first)};
	assert_int_equal(store_exec(f->s, ST_PERSON_GET, one, 1, bulk_count_row, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(count_role(f->s, "head"), 0);
	assert_int_equal(count_role(f->s, "worker"), 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	log_set_level(LOG_WARN);
	if (sec_init() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		T(test_kind),
		T(test_session_settings),
		T(test_migrate_fresh_then_noop),
		T(test_migrate_concurrent),
		T(test_migrate_failure_rolls_back),
		T(test_migrate_consent_backfill),
		T(test_migrate_consent_values),
		T(test_user_round_trip),
		T(test_null_round_trip),
		T(test_constraints),
		T(test_unique_login),
		T(test_commit_after_failure_refused),
		T(test_rollback_and_commit),
		T(test_transaction_misuse),
		T(test_snapshot),
		T(test_audit_append_only),
		T(test_row_callback_stops_early),
		T(test_changes),
		T(test_int64_values),
		T(test_bad_arguments),
		T(test_statements_before_migration),
		T(test_open_errors),
		T(test_pool_threads),
		T(test_pool_group_commit),
		T(test_pool_durable_hook),
		T(test_result_columns),
		T(test_anchor_one_line_a_commit),
		T(test_act_as_employer),
		T(test_person_spans),
		T(test_anchor_deleted_tail),
		T(test_anchor_truncated),
		T(test_anchor_triggers_dropped),
		T(test_anchor_older_copy),
		T(test_anchor_restore_record),
		T(test_anchor_forged_line),
		T(test_anchor_several_servers),
		T(test_anchor_concurrent),
		T(test_audit_retention),
		T(test_audit_incremental),
		T(test_bulk_round_trip),
		T(test_bulk_failure_rolls_back),
	};
	return cmocka_run_group_tests_name("store", tests, group_setup, group_teardown);
}
