/*
 * store — dispatch to the back ends, transactions, migrations and the
 * connection pool.  See store.h; the back-end contract is in backend.h.
 */
#include "store/store.h"

#include <pthread.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "store/backend.h"
#include "store/migrations.h"
#include "support/buf.h"
#include "support/log.h"

#define POOL_MAX 256 /* most connections one pool may hold */

static int is_postgres_uri(const char *uri)
{
	return strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0;
}

int store_open(const char *uri, store **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!uri || !*uri) {
		snprintf(err, errlen, "no database given");
		return -1;
	}
	const struct store_backend *be =
		is_postgres_uri(uri) ? &store_postgres_backend : &store_sqlite_backend;
	store *s = NULL;
	if (be->open(uri, &s, err, errlen) != 0)
		return -1;
	s->be = be;
	s->errmsg[0] = '\0';
	s->changes = 0;
	s->tx_failed = 0;
	s->in_callback = 0;
	*out = s;
	return 0;
}

void store_close(store *s)
{
	if (!s)
		return;
	store_rollback(s);
	s->be->close(s);
}

enum store_kind store_uri_kind(const char *uri)
{
	return is_postgres_uri(uri) ? STORE_POSTGRES : STORE_SQLITE;
}

enum store_kind store_kind(const store *s)
{
	return s->be->kind;
}

const char *store_errmsg(const store *s)
{
	return s->errmsg[0] ? s->errmsg : "no error";
}

/*
 * Group commit for a SQLite pool (see backend.h).
 *
 * One transaction at a time runs on the writer connection, as SQLite
 * allows one writer at a time anyway (BEGIN IMMEDIATE held its lock from
 * begin to commit).  What changes is the commit: instead of syncing the
 * log once per transaction while the next ones queue, a finished
 * transaction releases its savepoint and hands the writer to the next
 * one; the last of a run (nobody waiting, or the batch full) commits the
 * batch — one COMMIT, one sync of the WAL under synchronous=FULL — and
 * wakes every transaction of the batch with the outcome.
 *
 * A transaction that fails rolls back to its savepoint and leaves the
 * batch as it was.  When SQLite itself rolls the whole transaction back
 * (an I/O error, a full disk), every transaction released into the batch
 * fails with it: none of them had been answered.
 */
struct job {
	struct job *next;
	pthread_cond_t ended; /* its batch ended (one per job: a batch's end
				 wakes its own transactions, not the next
				 batch's, already waiting) */
	int done;
	int rc;
	int64_t mark; /* store_commit_mark's, 0 for none */
	const char *mark_text;
	char err[STORE_ERRMSG_LEN];
};

struct store_group {
	pthread_mutex_t mu;
	pthread_cond_t turn;  /* the writer is free */
	store *w;             /* the writer connection */
	int busy;             /* a transaction runs on w */
	int waiting;          /* transactions waiting for w */
	int open;             /* the batch's transaction is open on w */
	int njobs;            /* transactions released into the open batch */
	struct job *jobs;     /* them, waiting for its end */
	store_durable_fn durable; /* told the batch's highest mark, or NULL */
	void *durable_ctx;
};

static struct store_group *group_new(store *writer)
{
	struct store_group *g = calloc(1, sizeof *g);
	if (!g)
		log_fatal("out of memory");
	if (pthread_mutex_init(&g->mu, NULL) != 0 || pthread_cond_init(&g->turn, NULL) != 0)
		log_fatal("store: cannot create the group commit locks");
	g->w = writer;
	return g;
}

static void group_free(struct store_group *g)
{
	if (!g)
		return;
	store_close(g->w);
	pthread_cond_destroy(&g->turn);
	pthread_mutex_destroy(&g->mu);
	free(g);
}

static store *group_writer(const struct store_group *g)
{
	return g->w;
}

/* Tells the transactions of a batch its outcome.  Called with g->mu held. */
static void finish(struct store_group *g, struct job *jobs, int rc, const char *err)
{
	(void)g;
	for (struct job *j = jobs, *next; j; j = next) {
		next = j->next; /* j is gone once it sees done */
		j->rc = rc;
		snprintf(j->err, sizeof j->err, "%s", err);
		j->done = 1;
		pthread_cond_signal(&j->ended);
	}
}

/* Takes the open batch's transactions out of g (the next batch may start).
   Called with g->mu held. */
static struct job *detach(struct store_group *g)
{
	struct job *jobs = g->jobs;
	g->jobs = NULL;
	g->njobs = 0;
	g->open = 0;
	return jobs;
}

/* Ends the batch with rc: every released transaction learns it.  Called
   with g->mu held. */
static void end_batch(struct store_group *g, int rc, const char *err)
{
	finish(g, detach(g), rc, err);
}

/* Waits for the writer; 0 with it held (g->busy), or -1 after
   GROUP_WAIT_SECONDS — as SQLite's busy timeout would give up (a thread
   that already holds the writer through another connection must not wait
   for ever). */
#define GROUP_WAIT_SECONDS 5
static int take(struct store_group *g)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += GROUP_WAIT_SECONDS;
	int rc = 0;
	pthread_mutex_lock(&g->mu);
	g->waiting++;
	while (g->busy && rc == 0)
		if (pthread_cond_timedwait(&g->turn, &g->mu, &until) == ETIMEDOUT)
			rc = g->busy ? -1 : 0;
	g->waiting--;
	if (rc == 0)
		g->busy = 1;
	pthread_mutex_unlock(&g->mu);
	return rc;
}

/* Gives the writer back.  The batch commits first when nobody waits for
   the writer or the batch is full; a batch SQLite already rolled back
   fails at once. */
static void give(struct store_group *g)
{
	store *w = g->w;
	pthread_mutex_lock(&g->mu);
	if (g->open && !w->be->in_tx(w)) {
		end_batch(g, STORE_ERROR, "commit: the shared transaction was rolled back by the "
					  "database (an I/O error?)");
	} else if (g->open && (g->waiting == 0 || g->njobs >= GROUP_BATCH_MAX)) {
		pthread_mutex_unlock(&g->mu);
		int rc = w->be->exec_sql(w, "commit", "COMMIT");
		char err[STORE_ERRMSG_LEN];
		snprintf(err, sizeof err, "%s", w->errmsg);
		if (rc != STORE_OK && w->be->in_tx(w))
			w->be->exec_sql(w, "rollback", "ROLLBACK");
		pthread_mutex_lock(&g->mu);
		struct job *jobs = detach(g);
		const struct job *top = NULL;
		for (const struct job *j = jobs; j; j = j->next)
			if (j->mark > 0 && (!top || j->mark > top->mark))
				top = j;
		if (rc == STORE_OK && top && g->durable) {
			/* The batch is durable: the next one may start on the
			   writer while the hook runs (the anchor's own sync),
			   and the batch's transactions return after it. */
			g->busy = 0;
			pthread_cond_signal(&g->turn);
			pthread_mutex_unlock(&g->mu);
			g->durable(g->durable_ctx, top->mark, top->mark_text);
			pthread_mutex_lock(&g->mu);
			finish(g, jobs, rc, err);
			pthread_mutex_unlock(&g->mu);
			return;
		}
		finish(g, jobs, rc, err);
	}
	g->busy = 0;
	pthread_cond_signal(&g->turn);
	pthread_mutex_unlock(&g->mu);
}

static int group_begin(store *s)
{
	struct store_group *g = s->group;
	store *w = g->w;
	if (take(g) != 0) {
		store_set_error(s, "begin: the writer stayed busy for %d s", GROUP_WAIT_SECONDS);
		return STORE_BUSY;
	}
	int rc = STORE_OK;
	if (!g->open) {
		rc = w->be->exec_sql(w, "begin", w->be->begin_sql);
		g->open = rc == STORE_OK;
	}
	if (rc == STORE_OK)
		rc = w->be->exec_sql(w, "begin", "SAVEPOINT job");
	if (rc != STORE_OK) {
		store_set_error(s, "%s", w->errmsg);
		give(g);
		return rc;
	}
	s->delegated = 1;
	s->tx_failed = 0;
	return STORE_OK;
}

static int group_commit(store *s, int64_t mark, const char *mark_text)
{
	struct store_group *g = s->group;
	store *w = g->w;
	s->delegated = 0;
	int rc = w->be->exec_sql(w, "commit", "RELEASE job");
	if (rc != STORE_OK) {
		store_set_error(s, "%s", w->errmsg);
		if (w->be->in_tx(w))
			w->be->exec_sql(w, "rollback", "ROLLBACK TO job; RELEASE job");
		give(g);
		return rc;
	}
	struct job me = {.mark = mark, .mark_text = mark_text};
	if (pthread_cond_init(&me.ended, NULL) != 0)
		log_fatal("store: cannot create a group commit condition");
	pthread_mutex_lock(&g->mu);
	me.next = g->jobs;
	g->jobs = &me;
	g->njobs++;
	pthread_mutex_unlock(&g->mu);
	give(g);
	pthread_mutex_lock(&g->mu);
	while (!me.done)
		pthread_cond_wait(&me.ended, &g->mu);
	pthread_mutex_unlock(&g->mu);
	pthread_cond_destroy(&me.ended);
	if (me.rc != STORE_OK)
		store_set_error(s, "%s", me.err);
	return me.rc;
}

static int group_rollback(store *s)
{
	struct store_group *g = s->group;
	store *w = g->w;
	s->delegated = 0;
	s->tx_failed = 0;
	int rc = STORE_OK;
	if (w->be->in_tx(w))
		rc = w->be->exec_sql(w, "rollback", "ROLLBACK TO job; RELEASE job");
	give(g);
	return rc;
}

/* A transaction is open on s: its own, or its turn on the group's writer. */
static int in_tx(store *s)
{
	return s->delegated || s->be->in_tx(s);
}

/* Where s's statements run: the group's writer during its transaction. */
static store *target(store *s)
{
	return s->delegated ? group_writer(s->group) : s;
}

/* Refuses calls made from inside a row callback of the same connection:
   the back end is in the middle of a statement. */
static int check_not_in_callback(store *s, const char *what)
{
	if (!s->in_callback)
		return 0;
	store_set_error(s, "%s: called from a row callback of the same connection", what);
	return -1;
}

/* The calling thread's counts (store_counts_of_thread). */
static _Thread_local struct store_counts counts;

struct store_counts store_counts_of_thread(void)
{
	return counts;
}

int store_begin(store *s)
{
	counts.transactions++;
	if (check_not_in_callback(s, "begin") != 0)
		return STORE_ERROR;
	if (in_tx(s)) {
		store_set_error(s, "begin: a transaction is already open (nesting is not supported)");
		return STORE_ERROR;
	}
	if (s->group) {
		s->tx_failed = 0;
		return group_begin(s);
	}
	int rc = s->be->exec_sql(s, "begin", s->be->begin_sql);
	s->tx_failed = 0;
	return rc;
}

int store_snapshot_begin(store *s)
{
	counts.snapshots++;
	if (check_not_in_callback(s, "snapshot") != 0)
		return STORE_ERROR;
	if (in_tx(s)) {
		store_set_error(s, "snapshot: a transaction is already open (nesting is not "
				   "supported)");
		return STORE_ERROR;
	}
	int rc = s->be->exec_sql(s, "snapshot", s->be->snapshot_sql);
	s->snapshot = rc == STORE_OK;
	s->tx_failed = 0;
	return rc;
}

int store_snapshot_end(store *s)
{
	if (check_not_in_callback(s, "snapshot end") != 0)
		return STORE_ERROR;
	if (!s->snapshot) {
		store_set_error(s, "snapshot end: no snapshot is open");
		return STORE_ERROR;
	}
	s->snapshot = 0;
	s->tx_failed = 0;
	/* Nothing was written: ending it either way is the same, and a
	   rollback also ends one in which a statement failed. */
	if (!s->be->in_tx(s))
		return STORE_OK;
	return s->be->exec_sql(s, "snapshot end", "ROLLBACK");
}

void store_unwind(store *s)
{
	if (!s)
		return;
	store *t[2] = {s, s->delegated ? group_writer(s->group) : NULL};
	for (int i = 0; i < 2; i++)
		if (t[i]) {
			t[i]->in_callback = 0;
			if (t[i]->be->unwind)
				t[i]->be->unwind(t[i]);
		}
}

int store_rollback(store *s)
{
	if (check_not_in_callback(s, "rollback") != 0)
		return STORE_ERROR;
	s->tx_failed = 0;
	s->snapshot = 0;
	if (s->delegated)
		return group_rollback(s);
	if (!s->be->in_tx(s))
		return STORE_OK;
	return s->be->exec_sql(s, "rollback", "ROLLBACK");
}

/* Rolls back, keeping the message of the error that led here. */
static void rollback_keep_error(store *s)
{
	char why[STORE_ERRMSG_LEN];
	snprintf(why, sizeof why, "%s", s->errmsg);
	s->tx_failed = 0;
	if (s->be->in_tx(s))
		s->be->exec_sql(s, "rollback", "ROLLBACK");
	snprintf(s->errmsg, sizeof s->errmsg, "%s", why);
}

/*
 * A transaction in which a statement failed is never committed: PostgreSQL
 * would silently turn the COMMIT into a ROLLBACK, and SQLite would keep the
 * writes made before the failure.  Both back ends refuse it the same way.
 */
int store_commit(store *s)
{
	int handed;
	return store_commit_mark(s, 0, NULL, &handed);
}

int store_commit_mark(store *s, int64_t mark, const char *mark_text, int *handed)
{
	*handed = 0;
	if (check_not_in_callback(s, "commit") != 0)
		return STORE_ERROR;
	if (s->snapshot) {
		store_set_error(s, "commit: a read snapshot is open (store_snapshot_end ends it)");
		return STORE_ERROR;
	}
	if (s->tx_failed) {
		char why[STORE_ERRMSG_LEN];
		snprintf(why, sizeof why, "%s", s->errmsg);
		store_rollback(s);
		store_set_error(s, "commit: refused, a statement failed in this transaction (%s)", why);
		return STORE_ERROR;
	}
	if (!in_tx(s)) {
		store_set_error(s, "commit: no transaction is open");
		return STORE_ERROR;
	}
	if (s->delegated) {
		*handed = mark > 0 && s->group->durable;
		return group_commit(s, mark, mark_text);
	}
	int rc = s->be->exec_sql(s, "commit", "COMMIT");
	if (rc != STORE_OK)
		rollback_keep_error(s);
	return rc;
}

/* Checks the arguments every back end relies on (see backend.h). */
static int check_params(store *s, enum stmt id, const store_value *params, int nparams)
{
	const char *name = stmt_table[id].name;
	if (nparams < 0 || nparams > STORE_MAX_PARAMS || (nparams > 0 && !params)) {
		store_set_error(s, "%s: bad parameter count %d", name, nparams);
		return -1;
	}
	for (int i = 0; i < nparams; i++) {
		const store_value *v = &params[i];
		switch (v->type) {
		case STORE_NULL:
		case STORE_INT:
			break;
		case STORE_TEXT:
		case STORE_BLOB:
			if (v->len > 0 && !v->s) {
				store_set_error(s, "%s: parameter $%d has a length but no data", name, i + 1);
				return -1;
			}
			if (v->type == STORE_TEXT && v->len > 0 && memchr(v->s, '\0', v->len)) {
				store_set_error(s, "%s: parameter $%d: text holds a NUL byte", name, i + 1);
				return -1;
			}
			break;
		default:
			store_set_error(s, "%s: parameter $%d has an unknown type", name, i + 1);
			return -1;
		}
	}
	return 0;
}

/* Whether statement id writes rows (INSERT, UPDATE, DELETE), from its
   text; maintenance (VACUUM, PRAGMA) is not a row write and runs on the
   connection itself, outside any transaction. */
static int stmt_writes(enum stmt id, enum store_kind kind)
{
	const char *t = store_stmt_text(id, kind);
	if (!t)
		return 0;
	while (*t == ' ' || *t == '\n' || *t == '\t' || *t == '(')
		t++;
	if (strncasecmp(t, "INSERT", 6) == 0 || strncasecmp(t, "UPDATE", 6) == 0 ||
	    strncasecmp(t, "DELETE", 6) == 0 || strncasecmp(t, "REPLACE", 7) == 0)
		return 1;
	if (strncasecmp(t, "WITH", 4) != 0)
		return 0;
	return strstr(t, "INSERT ") || strstr(t, "UPDATE ") || strstr(t, "DELETE "); /* upper case here */
}

int store_hold(store *s, enum stmt st, int64_t id)
{
	if (s->be->kind != STORE_POSTGRES || s->snapshot || !in_tx(s))
		return STORE_OK;
	store_value p[] = {SV_INT(id)};
	return store_exec(s, st, p, 1, NULL, NULL);
}

int store_exec(store *s, enum stmt id, const store_value *params, int nparams, store_row_fn fn,
	       void *ctx)
{
	if ((int)id < 0 || id >= ST__COUNT) {
		store_set_error(s, "exec: no statement %d", (int)id);
		return STORE_ERROR;
	}
	if (s->snapshot && stmt_writes(id, s->be->kind)) {
		store_set_error(s, "%s: a write inside a read snapshot", stmt_table[id].name);
		s->changes = 0;
		s->tx_failed = 1;
		return STORE_ERROR;
	}
	store *t = target(s);
	if (check_not_in_callback(t, stmt_table[id].name) != 0) {
		if (t != s)
			store_set_error(s, "%s", t->errmsg);
		return STORE_ERROR;
	}
	/* A write outside a transaction on a grouped connection is a
	   transaction of its own on the writer: on its own connection it
	   would wait for the batch's lock. */
	if (s->group && !s->delegated && stmt_writes(id, s->be->kind)) {
		int rc = store_begin(s);
		if (rc != STORE_OK)
			return rc;
		rc = store_exec(s, id, params, nparams, fn, ctx);
		if (rc == STORE_OK)
			return store_commit(s);
		char why[STORE_ERRMSG_LEN];
		snprintf(why, sizeof why, "%s", s->errmsg);
		store_rollback(s);
		store_set_error(s, "%s", why);
		s->changes = 0;
		return rc;
	}
	int rc = STORE_ERROR;
	counts.statements++;
	if (!in_tx(s))
		counts.alone++;
	if (check_params(s, id, params, nparams) == 0) {
		rc = t->be->exec(t, id, params, nparams, fn, ctx);
		t->in_callback = 0;
		if (t != s) {
			s->changes = t->changes;
			if (rc != STORE_OK)
				store_set_error(s, "%s", t->errmsg);
		}
	}
	if (rc != STORE_OK) {
		s->changes = 0;
		if (in_tx(s))
			s->tx_failed = 1;
	}
	return rc;
}

int store_columns(store *s, enum stmt id, int *ncols)
{
	*ncols = 0;
	if ((int)id < 0 || id >= ST__COUNT) {
		store_set_error(s, "columns: no statement %d", (int)id);
		return STORE_ERROR;
	}
	if (check_not_in_callback(s, stmt_table[id].name) != 0)
		return STORE_ERROR;
	return s->be->columns(s, id, ncols);
}

int64_t store_changes(const store *s)
{
	return s->changes;
}

/* Row accessors: a column outside the row reads as NULL (and is logged:
   it is a bug in the caller). */
static int col_ok(const store_row *row, int col)
{
	if (col >= 0 && col < row->be->row_ncols(row))
		return 1;
	log_error("store: column %d read outside the row", col);
	return 0;
}

int store_row_is_null(const store_row *row, int col)
{
	return col_ok(row, col) ? row->be->row_is_null(row, col) : 1;
}

int64_t store_row_int(const store_row *row, int col)
{
	return col_ok(row, col) ? row->be->row_int(row, col) : 0;
}

const char *store_row_text(const store_row *row, int col)
{
	return col_ok(row, col) ? row->be->row_text(row, col) : NULL;
}

const void *store_row_blob(const store_row *row, int col, size_t *len)
{
	*len = 0;
	return col_ok(row, col) ? row->be->row_blob(row, col, len) : NULL;
}

/* ---- migrations ---- */

int store_latest_version(void)
{
	int v = 0;
	for (int i = 0; i < migrations_count; i++)
		if (migrations[i].version > v)
			v = migrations[i].version;
	return v;
}

static int first_int_row(void *ctx, const store_row *row)
{
	*(int64_t *)ctx = store_row_int(row, SCALAR_COL_VALUE);
	return 1;
}

/*
 * Opens a transaction holding the migration lock, with schema_migrations
 * present, and reads the highest applied version into *version.  On
 * failure the transaction is rolled back.
 */
static int migration_tx_open(store *s, int64_t *version)
{
	int rc;
	*version = -1;
	if ((rc = store_begin(s)) != STORE_OK)
		return rc;
	if ((rc = store_exec(s, ST_MIGRATION_LOCK, NULL, 0, NULL, NULL)) != STORE_OK ||
	    (rc = store_exec(s, ST_MIGRATIONS_ENSURE, NULL, 0, NULL, NULL)) != STORE_OK ||
	    (rc = store_exec(s, ST_MIGRATIONS_MAX, NULL, 0, first_int_row, version)) != STORE_OK)
		goto fail;
	if (*version < 0) {
		store_set_error(s, "schema_migrations holds a negative version");
		rc = STORE_ERROR;
		goto fail;
	}
	return STORE_OK;
fail:
	rollback_keep_error(s);
	return rc;
}

/* Appends sql to b with the back end's @ID@ and @BLOB@ types. */
static void expand_tokens(buf *b, const char *sql, const struct store_backend *be)
{
	static const struct {
		const char *token;
		size_t len;
	} tokens[] = {{"@ID@", 4}, {"@BLOB@", 6}};
	while (*sql) {
		const char *at = strchr(sql, '@');
		if (!at) {
			buf_puts(b, sql);
			return;
		}
		buf_add(b, sql, (size_t)(at - sql));
		size_t k;
		for (k = 0; k < sizeof tokens / sizeof tokens[0]; k++)
			if (strncmp(at, tokens[k].token, tokens[k].len) == 0)
				break;
		if (k == 0) {
			buf_puts(b, be->id_type);
			sql = at + tokens[0].len;
		} else if (k == 1) {
			buf_puts(b, be->blob_type);
			sql = at + tokens[1].len;
		} else {
			buf_putc(b, '@');
			sql = at + 1;
		}
	}
}

/* Runs migration m inside the open migration transaction. */
static int migration_apply(store *s, const struct migration *m)
{
	int rc = STORE_ERROR;
	buf sql;
	buf_init(&sql, 0);
	expand_tokens(&sql, m->sql ? m->sql : "", s->be);
	const char *extra = s->be->kind == STORE_SQLITE ? m->sqlite_extra : m->postgres_extra;
	if (sql.overflow) {
		store_set_error(s, "the migration text is too long");
		goto out;
	}
	if (sql.len > 0 && (rc = s->be->exec_sql(s, "ddl", buf_cstr(&sql))) != STORE_OK)
		goto out;
	if (extra && *extra && (rc = s->be->exec_sql(s, "extra ddl", extra)) != STORE_OK)
		goto out;
	if (m->data && *m->data && (rc = s->be->exec_sql(s, "data", m->data)) != STORE_OK)
		goto out;
	store_value p[] = {SV_INT(m->version), SV_TEXT(m->name), SV_INT(time(NULL))};
	rc = store_exec(s, ST_MIGRATION_RECORD, p, 3, NULL, NULL);
out:
	buf_free(&sql);
	return rc;
}

static const struct migration *migration_find(int64_t version)
{
	for (int i = 0; i < migrations_count; i++)
		if (migrations[i].version == version)
			return &migrations[i];
	return NULL;
}

/*
 * One transaction per migration: lock, re-read the version (another
 * `relais init` may have gone first), apply the next one, record it.
 * The loop ends with a transaction that finds nothing left to do.
 */
int store_migrate(store *s, int *applied)
{
	return store_migrate_to(s, store_latest_version(), applied);
}

int store_migrate_to(store *s, int target, int *applied)
{
	int n = 0, rc;
	if (applied)
		*applied = 0;
	for (;;) {
		int64_t version;
		if ((rc = migration_tx_open(s, &version)) != STORE_OK) {
			char why[STORE_ERRMSG_LEN];
			snprintf(why, sizeof why, "%s", s->errmsg);
			store_set_error(s, "migrate: reading the schema version: %s", why);
			goto out;
		}
		const struct migration *m = version < target ? migration_find(version + 1) : NULL;
		if (!m) {
			if (version > store_latest_version())
				log_warn("store: the schema (version %lld) is newer than this program (%d)",
					 (long long)version, store_latest_version());
			rc = store_commit(s);
			goto out;
		}
		rc = migration_apply(s, m);
		if (rc == STORE_OK)
			rc = store_commit(s);
		if (rc != STORE_OK) {
			char why[STORE_ERRMSG_LEN];
			rollback_keep_error(s);
			snprintf(why, sizeof why, "%s", s->errmsg);
			store_set_error(s, "migration %d (%s) failed, rolled back: %s", m->version,
					m->name, why);
			goto out;
		}
		n++;
		log_info("store: applied migration %d (%s)", m->version, m->name);
	}
out:
	if (applied)
		*applied = n;
	return rc;
}

int store_schema_version(store *s)
{
	int64_t version;
	if (migration_tx_open(s, &version) != STORE_OK)
		return -1;
	if (store_commit(s) != STORE_OK)
		return -1;
	return version > 0x7fffffff ? -1 : (int)version;
}

/* ---- pool ---- */

struct store_pool {
	pthread_mutex_t mu; /* guards everything below */
	pthread_cond_t cv;  /* signalled when a connection comes back */
	int size;           /* connections owned */
	int nfree;          /* how many of them are in idle[] */
	store **all;        /* every connection, size entries */
	store **idle;       /* the free ones, idle[0..nfree) */
	struct store_group *group; /* group commit (SQLite, several connections), else NULL */
};

/* A reader's page cache, in KiB (negative: SQLite's unit for a size). */
#define READER_CACHE_SQL "PRAGMA cache_size=-512"

int store_pool_open(const char *uri, int size, store_pool **out, char *err, size_t errlen)
{
	*out = NULL;
	if (size < 1 || size > POOL_MAX) {
		snprintf(err, errlen, "pool size must be between 1 and %d", POOL_MAX);
		return -1;
	}
	store_pool *p = calloc(1, sizeof *p);
	if (!p)
		log_fatal("out of memory");
	p->all = calloc((size_t)size, sizeof *p->all);
	p->idle = calloc((size_t)size, sizeof *p->idle);
	if (!p->all || !p->idle)
		log_fatal("out of memory");
	for (int i = 0; i < size; i++) {
		if (store_open(uri, &p->all[i], err, errlen) != 0) {
			for (int j = 0; j < i; j++)
				store_close(p->all[j]);
			free(p->all);
			free(p->idle);
			free(p);
			return -1;
		}
		p->idle[i] = p->all[i];
	}
	p->size = p->nfree = size;
	if (pthread_mutex_init(&p->mu, NULL) != 0 || pthread_cond_init(&p->cv, NULL) != 0)
		log_fatal("store: cannot create the pool lock");
	/* SQLite, several connections: their write transactions share
	   commits on one more connection, the writer (group.c). */
	if (size > 1 && p->all[0]->be->kind == STORE_SQLITE) {
		store *w = NULL;
		if (store_open(uri, &w, err, errlen) != 0) {
			store_pool_close(p);
			return -1;
		}
		p->group = group_new(w);
		/* A reader's page cache is dropped whenever another connection
		   commits, so it serves one request at most: a small one keeps
		   the memory of many threads low; the writer keeps the default. */
		for (int i = 0; i < size; i++) {
			p->all[i]->group = p->group;
			if (p->all[i]->be->exec_sql(p->all[i], "cache size", READER_CACHE_SQL) !=
			    STORE_OK)
				log_error("store: %s", store_errmsg(p->all[i]));
		}
	}
	*out = p;
	return 0;
}

void store_pool_on_durable(store_pool *p, store_durable_fn fn, void *ctx)
{
	if (!p->group)
		return;
	p->group->durable = fn;
	p->group->durable_ctx = ctx;
}

/* Every connection must have been released; one still in use is left open
   (and logged) rather than closed under its user. */
void store_pool_close(store_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	if (p->nfree != p->size)
		log_error("store: pool closed with %d connection(s) still in use",
			  p->size - p->nfree);
	for (int i = 0; i < p->nfree; i++)
		store_close(p->idle[i]);
	pthread_mutex_unlock(&p->mu);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	if (p->nfree == p->size) /* else a connection in use still needs it */
		group_free(p->group);
	free(p->all);
	free(p->idle);
	free(p);
}

store *store_pool_acquire(store_pool *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	store *s = p->idle[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return s;
}

void store_pool_release(store_pool *p, store *s)
{
	if (!s)
		return;
	if (store_rollback(s) != STORE_OK)
		log_error("store: rollback on release failed: %s", store_errmsg(s));
	pthread_mutex_lock(&p->mu);
	int owned = 0;
	for (int i = 0; i < p->size; i++)
		owned |= p->all[i] == s;
	for (int i = 0; i < p->nfree; i++)
		if (p->idle[i] == s)
			log_fatal("store: connection released twice to the pool");
	if (!owned)
		log_fatal("store: connection released to a pool that does not own it");
	p->idle[p->nfree++] = s;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}
