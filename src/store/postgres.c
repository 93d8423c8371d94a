/*
 * postgres — the PostgreSQL back end over libpq (see backend.h).
 *
 * Statements are prepared on first use per connection under the name
 * "s<index>" and run with PQexecPrepared: NULL, integer and text
 * parameters in text format, blobs in binary format; results come back in
 * text format.  BYTEA columns are unescaped when read, and freed after the
 * row callback returns.  A connection found broken outside a transaction
 * is reset once before the next statement (its prepared statements are
 * lost with it).
 */
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"
#include "support/log.h"
/* last: it redirects the libraries' functions to their table */
#include "store/pqlib.h"

#define PG_BYTEA_OID 17

/*
 * The planner settings of relais's sessions (issue 15).  relais reads a
 * few thousand rows at a time through indexes, from a database that stays
 * in memory, on small servers.  PostgreSQL's defaults assume a spinning
 * disk (random_page_cost 4) and start parallel workers for any query above
 * a small cost: on a service of a million employees, one organisation's
 * bilan then read the whole cases table in parallel workers (1.9 s for the
 * largest organisation; 0.6 s with these settings, on a loaded 2-core
 * machine).  Given as the connection's options, before the URI: an
 * "options" parameter in the URI replaces them.
 */
#define PG_SESSION_OPTIONS "-c random_page_cost=1.1 -c max_parallel_workers_per_gather=0"

struct pg {
	struct store base;            /* first member: store * points here */
	PGconn *conn;                 /* the connection */
	unsigned char prepared[ST__COUNT]; /* 1 once statement i is prepared on conn */
	struct pg_row *live;          /* the rows being handed out, NULL between calls */
};

/* The cursor behind a store_row. */
struct pg_row {
	PGresult *res;          /* the whole result */
	int row;                /* current row */
	int ncols;              /* columns in res */
	unsigned char **blobs;  /* unescaped BYTEA per column, NULL until read */
	size_t *bloblens;       /* their lengths */
};

static struct pg *pg_of(store *s)
{
	return (struct pg *)s;
}

static void pg_drop_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Copies a libpq message without its trailing newline. */
static void pg_set_error(store *s, const char *what, const char *msg)
{
	size_t n = msg ? strlen(msg) : 0;
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	store_set_error(s, "%s: %.*s", what, (int)n, msg ? msg : "");
}

/* Maps a failed result (or none) to an enum store_rc, with the message. */
static int pg_fail(struct pg *c, const char *what, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (primary)
		pg_set_error(&c->base, what, primary);
	else
		pg_set_error(&c->base, what, PQerrorMessage(c->conn));
	if (!state)
		return STORE_ERROR;
	if (strncmp(state, "23", 2) == 0)
		return STORE_CONSTRAINT;
	if (strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0)
		return STORE_BUSY;
	return STORE_ERROR;
}

static int pg_ok(const PGresult *res)
{
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

static int pg_open(const char *uri, store **out, char *err, size_t errlen)
{
	if (pqlib_load() != 0) {
		snprintf(err, errlen, "cannot connect to PostgreSQL: libpq cannot be loaded");
		return -1;
	}
	struct pg *c = calloc(1, sizeof *c);
	if (!c)
		log_fatal("out of memory");
	/* PG_SESSION_OPTIONS first: the URI's own "options", if any,
	   replace them (libpq keeps the last value of a repeated key word). */
	const char *const keys[] = {"options", "dbname", NULL};
	const char *const values[] = {PG_SESSION_OPTIONS, uri, NULL};
	c->conn = PQconnectdbParams(keys, values, 1);
	if (!c->conn)
		log_fatal("out of memory");
	if (PQstatus(c->conn) != CONNECTION_OK) {
		const char *m = PQerrorMessage(c->conn);
		size_t n = strlen(m);
		while (n > 0 && m[n - 1] == '\n')
			n--;
		/* The URI may carry a password: it is not repeated here. */
		snprintf(err, errlen, "cannot connect to PostgreSQL: %.*s", (int)n, m);
		goto fail;
	}
	PQsetNoticeProcessor(c->conn, pg_drop_notice, NULL);
	PGresult *res = PQexec(c->conn, "SET client_min_messages = warning");
	if (!pg_ok(res)) {
		snprintf(err, errlen, "cannot set up the PostgreSQL session: %s",
			 PQerrorMessage(c->conn));
		PQclear(res);
		goto fail;
	}
	PQclear(res);
	*out = &c->base;
	return 0;
fail:
	PQfinish(c->conn);
	free(c);
	return -1;
}

static void pg_close(store *s)
{
	struct pg *c = pg_of(s);
	PQfinish(c->conn);
	free(c);
}

static int pg_in_tx(store *s)
{
	PGTransactionStatusType t = PQtransactionStatus(pg_of(s)->conn);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

static int pg_exec_sql(store *s, const char *what, const char *sql)
{
	struct pg *c = pg_of(s);
	/* COMMIT of a failed transaction "succeeds" as a ROLLBACK: refuse it. */
	if (strcmp(sql, "COMMIT") == 0 && PQtransactionStatus(c->conn) == PQTRANS_INERROR) {
		store_set_error(s, "%s: the transaction was aborted by an earlier error", what);
		return STORE_ERROR;
	}
	PGresult *res = PQexec(c->conn, sql);
	int rc = pg_ok(res) ? STORE_OK : pg_fail(c, what, res);
	PQclear(res);
	return rc;
}

/* Resets a broken connection when no transaction depends on it. */
static void pg_revive(struct pg *c)
{
	if (PQstatus(c->conn) != CONNECTION_BAD)
		return;
	PQreset(c->conn);
	memset(c->prepared, 0, sizeof c->prepared);
	if (PQstatus(c->conn) != CONNECTION_OK)
		return;
	PGresult *res = PQexec(c->conn, "SET client_min_messages = warning");
	PQclear(res);
	log_warn("store: PostgreSQL connection was reset");
}

static int pg_prepare(struct pg *c, enum stmt id, const char *sname)
{
	if (c->prepared[id])
		return STORE_OK;
	const char *name = stmt_table[id].name;
	const char *sql = store_stmt_text(id, STORE_POSTGRES);
	if (!sql) {
		store_set_error(&c->base, "%s: no SQL text for PostgreSQL", name);
		return STORE_ERROR;
	}
	PGresult *res = PQprepare(c->conn, sname, sql, 0, NULL);
	int rc = pg_ok(res) ? STORE_OK : pg_fail(c, name, res);
	PQclear(res);
	if (rc == STORE_OK)
		c->prepared[id] = 1;
	return rc;
}

/* Frees the BYTEA columns unescaped for the current row. */
static void pg_row_clear(struct pg_row *r)
{
	for (int i = 0; i < r->ncols; i++) {
		PQfreemem(r->blobs[i]);
		r->blobs[i] = NULL;
		r->bloblens[i] = 0;
	}
}

/* Frees a cursor made by pg_rows and its result. */
static void pg_row_free(struct pg_row *r)
{
	PQclear(r->res);
	free(r->blobs);
	free(r->bloblens);
	free(r);
}

/* Hands each row of res to fn until it asks to stop; res is cleared.
   The cursor lives on the heap, known to the connection while the
   callbacks run, so that pg_unwind can free it (and res) when a callback
   never returns (support/alloc.h). */
static void pg_rows(store *s, PGresult *res, store_row_fn fn, void *ctx)
{
	struct pg_row *r = calloc(1, sizeof *r);
	if (!r)
		log_fatal("out of memory");
	r->res = res;
	r->ncols = PQnfields(res);
	r->blobs = calloc((size_t)r->ncols + 1, sizeof *r->blobs);
	r->bloblens = calloc((size_t)r->ncols + 1, sizeof *r->bloblens);
	if (!r->blobs || !r->bloblens)
		log_fatal("out of memory");
	pg_of(s)->live = r;
	store_row row = {.be = s->be, .impl = r};
	int nrows = PQntuples(res);
	for (r->row = 0; r->row < nrows; r->row++) {
		s->in_callback = 1;
		int stop = fn(ctx, &row);
		s->in_callback = 0;
		pg_row_clear(r);
		if (stop)
			break;
	}
	pg_of(s)->live = NULL;
	pg_row_free(r);
}

/* The connection's caller was unwound in a row callback: frees the rows
   it was handed.  The result was whole before the first callback, so the
   connection itself is in a clean state. */
static void pg_unwind(store *s)
{
	struct pg *c = pg_of(s);
	if (c->live) {
		pg_row_clear(c->live);
		pg_row_free(c->live);
		c->live = NULL;
	}
}

static int pg_query_sql(store *s, const char *what, const char *sql, store_row_fn fn, void *ctx)
{
	struct pg *c = pg_of(s);
	if (PQtransactionStatus(c->conn) != PQTRANS_INTRANS &&
	    PQtransactionStatus(c->conn) != PQTRANS_INERROR)
		pg_revive(c);
	PGresult *res = PQexec(c->conn, sql);
	int rc = STORE_OK;
	if (!pg_ok(res))
		rc = pg_fail(c, what, res);
	else if (fn) {
		pg_rows(s, res, fn, ctx);
		res = NULL;
	}
	PQclear(res);
	return rc;
}

static int pg_exec(store *s, enum stmt id, const store_value *params, int nparams,
		   store_row_fn fn, void *ctx)
{
	struct pg *c = pg_of(s);
	const char *name = stmt_table[id].name;
	char sname[16];
	snprintf(sname, sizeof sname, "s%d", (int)id);
	if (PQtransactionStatus(c->conn) != PQTRANS_INTRANS &&
	    PQtransactionStatus(c->conn) != PQTRANS_INERROR)
		pg_revive(c);
	int rc = pg_prepare(c, id, sname);
	if (rc != STORE_OK)
		return rc;

	const char *values[STORE_MAX_PARAMS];
	int lengths[STORE_MAX_PARAMS];
	int formats[STORE_MAX_PARAMS];
	char ints[STORE_MAX_PARAMS][24];
	char *texts[STORE_MAX_PARAMS] = {0};
	PGresult *res = NULL;
	for (int i = 0; i < nparams; i++) {
		const store_value *v = &params[i];
		lengths[i] = 0;
		formats[i] = 0;
		switch (v->type) {
		case STORE_INT:
			snprintf(ints[i], sizeof ints[i], "%" PRId64, v->i);
			values[i] = ints[i];
			break;
		case STORE_TEXT:
			if (!v->s) {
				values[i] = NULL;
				break;
			}
			/* libpq wants text NUL-terminated; the value may not be. */
			texts[i] = malloc(v->len + 1);
			if (!texts[i])
				log_fatal("out of memory");
			memcpy(texts[i], v->s, v->len);
			texts[i][v->len] = '\0';
			values[i] = texts[i];
			break;
		case STORE_BLOB:
			if (v->len > 0x7fffffff) {
				store_set_error(s, "%s: parameter $%d is too large", name, i + 1);
				rc = STORE_ERROR;
				goto out;
			}
			values[i] = v->len > 0 ? v->s : ""; /* NULL would mean SQL NULL */
			lengths[i] = (int)v->len;
			formats[i] = 1;
			break;
		default:
			values[i] = NULL;
			break;
		}
	}
	res = PQexecPrepared(c->conn, sname, nparams, values, lengths, formats, 0);
	for (int i = 0; i < nparams; i++) {
		free(texts[i]); /* sent: nothing is left to free if a callback never returns */
		texts[i] = NULL;
	}
	if (!pg_ok(res)) {
		rc = pg_fail(c, name, res);
		goto out;
	}
	/* Only writes report changes: PQcmdTuples also counts SELECT rows. */
	const char *cmd = PQcmdStatus(res);
	if (strncmp(cmd, "INSERT", 6) == 0 || strncmp(cmd, "UPDATE", 6) == 0 ||
	    strncmp(cmd, "DELETE", 6) == 0 || strncmp(cmd, "MERGE", 5) == 0)
		s->changes = strtoll(PQcmdTuples(res), NULL, 10);
	if (fn) {
		pg_rows(s, res, fn, ctx);
		res = NULL;
	}
out:
	PQclear(res);
	for (int i = 0; i < nparams; i++)
		free(texts[i]);
	return rc;
}

static int pg_columns(store *s, enum stmt id, int *ncols)
{
	struct pg *c = pg_of(s);
	char sname[16];
	snprintf(sname, sizeof sname, "s%d", (int)id);
	if (PQtransactionStatus(c->conn) != PQTRANS_INTRANS &&
	    PQtransactionStatus(c->conn) != PQTRANS_INERROR)
		pg_revive(c);
	int rc = pg_prepare(c, id, sname);
	if (rc != STORE_OK)
		return rc;
	PGresult *res = PQdescribePrepared(c->conn, sname);
	if (pg_ok(res))
		*ncols = PQnfields(res);
	else
		rc = pg_fail(c, stmt_table[id].name, res);
	PQclear(res);
	return rc;
}

static int pg_row_ncols(const store_row *row)
{
	return ((const struct pg_row *)row->impl)->ncols;
}

static int pg_row_is_null(const store_row *row, int col)
{
	const struct pg_row *r = row->impl;
	return PQgetisnull(r->res, r->row, col);
}

static int64_t pg_row_int(const store_row *row, int col)
{
	const struct pg_row *r = row->impl;
	if (PQgetisnull(r->res, r->row, col))
		return 0;
	return strtoll(PQgetvalue(r->res, r->row, col), NULL, 10);
}

static const char *pg_row_text(const store_row *row, int col)
{
	const struct pg_row *r = row->impl;
	if (PQgetisnull(r->res, r->row, col))
		return NULL;
	return PQgetvalue(r->res, r->row, col);
}

static const void *pg_row_blob(const store_row *row, int col, size_t *len)
{
	struct pg_row *r = row->impl;
	if (PQgetisnull(r->res, r->row, col))
		return NULL;
	const char *v = PQgetvalue(r->res, r->row, col);
	if (PQftype(r->res, col) != PG_BYTEA_OID) {
		*len = (size_t)PQgetlength(r->res, r->row, col);
		return v;
	}
	if (!r->blobs[col]) {
		r->blobs[col] = PQunescapeBytea((const unsigned char *)v, &r->bloblens[col]);
		if (!r->blobs[col])
			log_fatal("out of memory");
	}
	*len = r->bloblens[col];
	return r->blobs[col];
}

static void *pg_handle(store *s)
{
	return pg_of(s)->conn;
}

const struct store_backend store_postgres_backend = {
	.kind = STORE_POSTGRES,
	.id_type = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	.blob_type = "BYTEA",
	.open = pg_open,
	.close = pg_close,
	.exec_sql = pg_exec_sql,
	.query_sql = pg_query_sql,
	.begin_sql = "BEGIN",
	.snapshot_sql = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
	.in_tx = pg_in_tx,
	.exec = pg_exec,
	.columns = pg_columns,
	.row_ncols = pg_row_ncols,
	.row_is_null = pg_row_is_null,
	.row_int = pg_row_int,
	.row_text = pg_row_text,
	.row_blob = pg_row_blob,
	.handle = pg_handle,
	.unwind = pg_unwind,
};
