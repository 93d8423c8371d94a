/*
 * sqlite — the SQLite back end (see backend.h).
 *
 * A connection keeps one prepared statement per enum stmt, prepared on
 * first use and reset after every use (also when the row callback stops
 * early), so a cached statement never holds a read transaction open.
 * Parameters are bound by name ("$1"…): SQLite numbers named parameters in
 * order of first appearance, which need not be $1, $2….
 */
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"
#include "support/log.h"

#define SQ_BUSY_TIMEOUT_MS 5000

struct sq {
	struct store base;            /* first member: store * points here */
	sqlite3 *db;                  /* the connection */
	sqlite3_stmt *stmts[ST__COUNT]; /* prepared statements, NULL until first use */
};

static struct sq *sq_of(store *s)
{
	return (struct sq *)s;
}

/* Maps an SQLite result code (extended or not) to an enum store_rc. */
static int sq_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return STORE_OK;
	case SQLITE_CONSTRAINT:
		return STORE_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_BUSY;
	default:
		return STORE_ERROR;
	}
}

/* Runs a pragma or other setup text on a fresh connection; 0 or -1. */
static int sq_setup(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	snprintf(err, errlen, "%s: %s", sql, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

/* Before SQLite's first use: no memory statistics (they take one global
   mutex on every allocation, shared by every connection's thread). */
static void sq_library_init(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sq_open(const char *uri, store **out, char *err, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sq_library_init);
	struct sq *c = calloc(1, sizeof *c);
	if (!c)
		log_fatal("out of memory");
	/* One thread at a time uses a connection (the pool hands it out, the
	   group's writer is taken under its lock): no per-call mutex. */
	int rc = sqlite3_open_v2(uri, &c->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", uri,
			 c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, SQ_BUSY_TIMEOUT_MS);
	/* WAL lets readers go on while one writer writes; FULL syncs the WAL
	   at every commit so a committed transaction survives a power cut. */
	if (sq_setup(c->db, "PRAGMA journal_mode=WAL", err, errlen) != 0 ||
	    sq_setup(c->db, "PRAGMA synchronous=FULL", err, errlen) != 0 ||
	    sq_setup(c->db, "PRAGMA foreign_keys=ON", err, errlen) != 0)
		goto fail;
	*out = &c->base;
	return 0;
fail:
	sqlite3_close_v2(c->db);
	free(c);
	return -1;
}

static void sq_close(store *s)
{
	struct sq *c = sq_of(s);
	for (int i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(c->stmts[i]);
	if (sqlite3_close_v2(c->db) != SQLITE_OK)
		log_error("store: closing the SQLite database: %s", sqlite3_errmsg(c->db));
	free(c);
}

static int sq_exec_sql(store *s, const char *what, const char *sql)
{
	struct sq *c = sq_of(s);
	char *msg = NULL;
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		store_set_error(s, "%s: %s", what, msg ? msg : sqlite3_errmsg(c->db));
	sqlite3_free(msg);
	return sq_rc(rc);
}

static int sq_query_sql(store *s, const char *what, const char *sql, store_row_fn fn, void *ctx)
{
	struct sq *c = sq_of(s);
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	if (r != SQLITE_OK) {
		store_set_error(s, "%s: %s", what, sqlite3_errmsg(c->db));
		return sq_rc(r) == STORE_OK ? STORE_ERROR : sq_rc(r);
	}
	int rc = STORE_OK;
	store_row row = {.be = s->be, .impl = st};
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (!fn)
			continue;
		s->in_callback = 1;
		int stop = fn(ctx, &row);
		s->in_callback = 0;
		if (stop)
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		store_set_error(s, "%s: %s", what, sqlite3_errmsg(c->db));
		rc = sq_rc(r) == STORE_OK ? STORE_ERROR : sq_rc(r);
	}
	sqlite3_finalize(st);
	return rc;
}

static int sq_in_tx(store *s)
{
	return !sqlite3_get_autocommit(sq_of(s)->db);
}

/* The cached statement for id, prepared on first use; NULL on error. */
static sqlite3_stmt *sq_prepare(struct sq *c, enum stmt id, int *rc)
{
	if (c->stmts[id])
		return c->stmts[id];
	const char *name = stmt_table[id].name;
	const char *sql = store_stmt_text(id, STORE_SQLITE);
	if (!sql) {
		store_set_error(&c->base, "%s: no SQL text for SQLite", name);
		*rc = STORE_ERROR;
		return NULL;
	}
	const char *tail = NULL;
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, &tail);
	if (r != SQLITE_OK) {
		store_set_error(&c->base, "%s: %s", name, sqlite3_errmsg(c->db));
		*rc = sq_rc(r) == STORE_OK ? STORE_ERROR : sq_rc(r);
		return NULL;
	}
	if (!st || (tail && tail[strspn(tail, " \t\r\n;")] != '\0')) {
		store_set_error(&c->base, "%s: the text must hold exactly one statement", name);
		sqlite3_finalize(st);
		*rc = STORE_ERROR;
		return NULL;
	}
	c->stmts[id] = st;
	return st;
}

static int sq_bind(struct sq *c, sqlite3_stmt *st, const char *name, const store_value *params,
		   int nparams)
{
	int want = sqlite3_bind_parameter_count(st);
	if (want != nparams) {
		store_set_error(&c->base, "%s: takes %d parameter(s), %d given", name, want, nparams);
		return -1;
	}
	for (int i = 0; i < nparams; i++) {
		char pname[16];
		snprintf(pname, sizeof pname, "$%d", i + 1);
		int idx = sqlite3_bind_parameter_index(st, pname);
		if (idx == 0) {
			store_set_error(&c->base, "%s: has no parameter %s", name, pname);
			return -1;
		}
		const store_value *v = &params[i];
		int r;
		switch (v->type) {
		case STORE_INT:
			r = sqlite3_bind_int64(st, idx, v->i);
			break;
		case STORE_TEXT:
			r = v->s ? sqlite3_bind_text64(st, idx, v->s, v->len, SQLITE_STATIC, SQLITE_UTF8)
				 : sqlite3_bind_null(st, idx);
			break;
		case STORE_BLOB:
			/* A NULL pointer would bind SQL NULL: an empty blob is a zeroblob. */
			r = v->len == 0 ? sqlite3_bind_zeroblob(st, idx, 0)
					: sqlite3_bind_blob64(st, idx, v->s, v->len, SQLITE_STATIC);
			break;
		default:
			r = sqlite3_bind_null(st, idx);
			break;
		}
		if (r != SQLITE_OK) {
			store_set_error(&c->base, "%s: binding %s: %s", name, pname,
					sqlite3_errmsg(c->db));
			return -1;
		}
	}
	return 0;
}

static int sq_exec(store *s, enum stmt id, const store_value *params, int nparams,
		   store_row_fn fn, void *ctx)
{
	struct sq *c = sq_of(s);
	const char *name = stmt_table[id].name;
	int rc = STORE_ERROR;
	sqlite3_stmt *st = sq_prepare(c, id, &rc);
	if (!st)
		return rc;
	if (sq_bind(c, st, name, params, nparams) != 0) {
		rc = STORE_ERROR;
		goto out;
	}
	store_row row = {.be = s->be, .impl = st};
	for (;;) {
		int r = sqlite3_step(st);
		if (r == SQLITE_DONE)
			break;
		if (r != SQLITE_ROW) {
			store_set_error(s, "%s: %s", name, sqlite3_errmsg(c->db));
			rc = sq_rc(r) == STORE_OK ? STORE_ERROR : sq_rc(r);
			goto out;
		}
		if (fn) {
			s->in_callback = 1;
			int stop = fn(ctx, &row);
			s->in_callback = 0;
			if (stop)
				break;
		}
	}
	rc = STORE_OK;
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == STORE_OK && !sqlite3_stmt_readonly(st))
		s->changes = sqlite3_changes64(c->db);
	return rc;
}

/* The connection's caller was unwound in a row callback: the statement
   it was stepping stays busy; reset it (and any other) so the connection
   can roll back and run it again. */
static void sq_unwind(store *s)
{
	sqlite3 *db = sq_of(s)->db;
	for (sqlite3_stmt *st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st))
		if (sqlite3_stmt_busy(st)) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
		}
}

static int sq_columns(store *s, enum stmt id, int *ncols)
{
	int rc = STORE_OK;
	sqlite3_stmt *st = sq_prepare(sq_of(s), id, &rc);
	if (!st)
		return rc;
	*ncols = sqlite3_column_count(st);
	return STORE_OK;
}

static int sq_row_ncols(const store_row *row)
{
	return sqlite3_data_count(row->impl);
}

static int sq_row_is_null(const store_row *row, int col)
{
	return sqlite3_column_type(row->impl, col) == SQLITE_NULL;
}

static int64_t sq_row_int(const store_row *row, int col)
{
	return sqlite3_column_int64(row->impl, col);
}

static const char *sq_row_text(const store_row *row, int col)
{
	return (const char *)sqlite3_column_text(row->impl, col);
}

static const void *sq_row_blob(const store_row *row, int col, size_t *len)
{
	if (sqlite3_column_type(row->impl, col) == SQLITE_NULL)
		return NULL;
	const void *p = sqlite3_column_blob(row->impl, col);
	int n = sqlite3_column_bytes(row->impl, col);
	*len = n > 0 ? (size_t)n : 0;
	/* SQLite gives NULL for an empty blob: it is not SQL NULL. */
	return p ? p : "";
}

static void *sq_handle(store *s)
{
	return sq_of(s)->db;
}

const struct store_backend store_sqlite_backend = {
	.kind = STORE_SQLITE,
	.id_type = "INTEGER PRIMARY KEY AUTOINCREMENT",
	.blob_type = "BLOB",
	.open = sq_open,
	.close = sq_close,
	.exec_sql = sq_exec_sql,
	.query_sql = sq_query_sql,
	.begin_sql = "BEGIN IMMEDIATE",
	/* Deferred: the read transaction starts at the first statement and
	   never waits for the writer (WAL). */
	.snapshot_sql = "BEGIN",
	.in_tx = sq_in_tx,
	.exec = sq_exec,
	.columns = sq_columns,
	.row_ncols = sq_row_ncols,
	.row_is_null = sq_row_is_null,
	.row_int = sq_row_int,
	.row_text = sq_row_text,
	.row_blob = sq_row_blob,
	.handle = sq_handle,
	.unwind = sq_unwind,
};
