/*
 * bulk — store_bulk_*() (see bulk.h): COPY FROM STDIN on PostgreSQL, a
 * prepared INSERT per table on SQLite, and ids reserved from each table's
 * sequence.  The SQL is built here from the constant names below.
 */
#include "store/bulk.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"
#include "support/buf.h"
#include "support/log.h"
/* last: it redirects the libraries' functions to their table */
#include "store/pqlib.h"

#define BULK_FLUSH_BYTES ((size_t)8 << 20) /* pending COPY data sent past this */
#define BULK_ID_BLOCK 1000                 /* ids reserved at once */
#define BULK_PIECE ((size_t)1 << 20)       /* bytes handed to PQputCopyData at once */

/* A table: its name and columns (enum bulk_*_col order). */
struct bulk_def {
	const char *table;
	const char *columns; /* comma-separated */
	int ncols;
	int has_id;          /* the caller gives ids (store_bulk_id) */
};

static const struct bulk_def defs[BULK__COUNT] = {
	[BULK_PERSONS] = {"persons",
			  "id, organisation_id, referent_id, birth_year, sex, status, category,"
			  " family_situation, consent_accompaniment_on, consent_statistics,"
			  " consent_statistics_on, import_ref, created_at, updated_at, identity_key,"
			  " active_from, active_to, last_name, first_name, birth_date, job_title, phone, email, address",
			  BULK_PERSON__COUNT, 1},
	[BULK_PERSON_TERMS] = {"person_search_terms", "person_id, term", BULK_TERM__COUNT, 0},
	[BULK_CONSENTS] = {"consent_changes",
			   "person_id, kind, given, on_date, recorded_at, actor_id",
			   BULK_CONSENT__COUNT, 0},
	[BULK_CASES] = {"cases",
			"id, person_id, referent_id, opened_on, closed_on, referral_source, outcome,"
			" import_ref, created_at, updated_at",
			BULK_CASE__COUNT, 1},
	[BULK_CASE_DOMAINS] = {"case_domains", "case_id, code", BULK_DOMAIN__COUNT, 0},
	[BULK_INTERVENTIONS] = {"interventions",
				"case_id, author_id, date, mode, kind, duration_minutes, notes,"
				" private_note, created_at",
				BULK_IV__COUNT, 0},
};

/* Ids reserved for one table, handed out in order. */
struct id_block {
	int64_t ids[BULK_ID_BLOCK];
	int n, next;
};

struct store_bulk {
	store *s;
	int pg;                             /* PostgreSQL, else SQLite */
	int failed;                         /* a call failed: only the end remains */
	buf pending[BULK__COUNT];           /* PostgreSQL: COPY text not yet sent */
	size_t npending;                    /* their total length */
	sqlite3_stmt *insert[BULK__COUNT];  /* SQLite: prepared on first row */
	struct id_block idb[BULK__COUNT];
};

/* Marks the load and the transaction failed; returns rc. */
static int fail(store_bulk *b, int rc)
{
	b->failed = 1;
	b->s->tx_failed = 1;
	return rc;
}

static int bad_state(store_bulk *b, const char *what)
{
	store_set_error(b->s, "bulk %s: an earlier call failed", what);
	return STORE_ERROR;
}

int store_bulk_prepare(store *s, int on)
{
	if (s->be->kind != STORE_SQLITE)
		return STORE_OK;
	if (s->delegated || s->be->in_tx(s)) {
		store_set_error(s, "bulk: the connection's settings change outside a transaction");
		return STORE_ERROR;
	}
	return s->be->exec_sql(s, "bulk", on ? "PRAGMA temp_store=MEMORY" : "PRAGMA temp_store=DEFAULT");
}

int store_bulk_begin(store *s, store_bulk **out)
{
	*out = NULL;
	if (s->delegated || s->group) {
		store_set_error(s, "bulk: not on a grouped connection");
		return STORE_ERROR;
	}
	if (s->in_callback || !s->be->in_tx(s)) {
		store_set_error(s, "bulk: needs an open transaction of the connection");
		return STORE_ERROR;
	}
	store_bulk *b = calloc(1, sizeof *b);
	if (!b)
		log_fatal("out of memory");
	b->s = s;
	b->pg = s->be->kind == STORE_POSTGRES;
	for (int t = 0; t < BULK__COUNT; t++)
		buf_init(&b->pending[t], 0);
	*out = b;
	return STORE_OK;
}

/* ---- PostgreSQL ---- */

static int pg_state_rc(const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	return state && strncmp(state, "23", 2) == 0 ? STORE_CONSTRAINT : STORE_ERROR;
}

static int pg_failed(store_bulk *b, const char *what, PGresult *res)
{
	PGconn *conn = b->s->be->handle(b->s);
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = PQerrorMessage(conn);
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	store_set_error(b->s, "bulk %s: %.*s", what, (int)n, msg);
	int rc = pg_state_rc(res);
	PQclear(res);
	return fail(b, rc);
}

/* Sends table t's pending rows in one COPY. */
static int pg_copy(store_bulk *b, enum bulk_table t)
{
	PGconn *conn = b->s->be->handle(b->s);
	buf *p = &b->pending[t];
	char sql[512];
	snprintf(sql, sizeof sql, "COPY %s (%s) FROM STDIN", defs[t].table, defs[t].columns);
	PGresult *res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_COPY_IN)
		return pg_failed(b, defs[t].table, res);
	PQclear(res);
	int ok = 1;
	for (size_t off = 0; off < p->len && ok; off += BULK_PIECE) {
		size_t n = p->len - off < BULK_PIECE ? p->len - off : BULK_PIECE;
		ok = PQputCopyData(conn, p->data + off, (int)n) == 1;
	}
	if (PQputCopyEnd(conn, ok ? NULL : "relais: sending the rows failed") != 1)
		ok = 0;
	int rc = STORE_OK;
	while ((res = PQgetResult(conn)) != NULL) {
		if (rc == STORE_OK && PQresultStatus(res) != PGRES_COMMAND_OK) {
			rc = pg_failed(b, defs[t].table, res);
			continue;
		}
		PQclear(res);
	}
	if (rc == STORE_OK && !ok)
		rc = pg_failed(b, defs[t].table, NULL);
	buf_reset(p);
	return rc;
}

/* Sends every table's pending rows, in table order. */
static int pg_flush(store_bulk *b)
{
	for (int t = 0; t < BULK__COUNT; t++) {
		int rc = b->pending[t].len > 0 ? pg_copy(b, (enum bulk_table)t) : STORE_OK;
		if (rc != STORE_OK)
			return rc;
	}
	b->npending = 0;
	return STORE_OK;
}

/* Text with COPY's escapes for backslash, tab, newline and carriage return. */
static void pg_put_text(buf *p, const char *s, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		const char *esc = NULL;
		switch (s[i]) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		default: continue;
		}
		buf_add(p, s + run, i - run);
		buf_add(p, esc, 2);
		run = i + 1;
	}
	buf_add(p, s + run, len - run);
}

static int pg_row(store_bulk *b, enum bulk_table t, const store_value *v, int n)
{
	static const char hex[] = "0123456789abcdef";
	buf *p = &b->pending[t];
	size_t before = p->len;
	for (int i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(p, '\t');
		switch (v[i].type) {
		case STORE_INT:
			buf_printf(p, "%" PRId64, v[i].i);
			break;
		case STORE_TEXT:
			if (v[i].s)
				pg_put_text(p, v[i].s, v[i].len);
			else
				buf_add(p, "\\N", 2);
			break;
		case STORE_BLOB:
			/* bytea's hex input, its backslash escaped for COPY. */
			buf_add(p, "\\\\x", 3);
			for (size_t k = 0; k < v[i].len; k++) {
				unsigned char c = (unsigned char)v[i].s[k];
				char two[2] = {hex[c >> 4], hex[c & 15]};
				buf_add(p, two, 2);
			}
			break;
		default:
			buf_add(p, "\\N", 2);
			break;
		}
	}
	buf_putc(p, '\n');
	if (p->overflow) {
		store_set_error(b->s, "bulk %s: out of memory", defs[t].table);
		return fail(b, STORE_ERROR);
	}
	b->npending += p->len - before;
	return b->npending >= BULK_FLUSH_BYTES ? pg_flush(b) : STORE_OK;
}

static int pg_reserve(store_bulk *b, enum bulk_table t)
{
	PGconn *conn = b->s->be->handle(b->s);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT nextval(pg_get_serial_sequence('%s', 'id')) FROM generate_series(1, %d)",
		 defs[t].table, BULK_ID_BLOCK);
	PGresult *res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != BULK_ID_BLOCK)
		return pg_failed(b, defs[t].table, res);
	struct id_block *ib = &b->idb[t];
	for (int i = 0; i < BULK_ID_BLOCK; i++)
		ib->ids[i] = strtoll(PQgetvalue(res, i, 0), NULL, 10);
	ib->n = BULK_ID_BLOCK;
	ib->next = 0;
	PQclear(res);
	return STORE_OK;
}

/* ---- SQLite ---- */

static int sq_failed(store_bulk *b, const char *what, int r)
{
	sqlite3 *db = b->s->be->handle(b->s);
	store_set_error(b->s, "bulk %s: %s", what, sqlite3_errmsg(db));
	return fail(b, (r & 0xff) == SQLITE_CONSTRAINT ? STORE_CONSTRAINT : STORE_ERROR);
}

static int sq_row(store_bulk *b, enum bulk_table t, const store_value *v, int n)
{
	sqlite3 *db = b->s->be->handle(b->s);
	const char *name = defs[t].table;
	if (!b->insert[t]) {
		char sql[1024];
		int len = snprintf(sql, sizeof sql, "INSERT INTO %s (%s) VALUES (", name,
				   defs[t].columns);
		for (int i = 0; i < n && len > 0 && (size_t)len < sizeof sql; i++)
			len += snprintf(sql + len, sizeof sql - (size_t)len, "%s?%d", i ? ", " : "",
					i + 1);
		if (len > 0 && (size_t)len < sizeof sql)
			snprintf(sql + len, sizeof sql - (size_t)len, ")");
		int r = sqlite3_prepare_v2(db, sql, -1, &b->insert[t], NULL);
		if (r != SQLITE_OK)
			return sq_failed(b, name, r);
	}
	sqlite3_stmt *st = b->insert[t];
	int r = SQLITE_OK;
	for (int i = 0; i < n && r == SQLITE_OK; i++) {
		const store_value *x = &v[i];
		switch (x->type) {
		case STORE_INT:
			r = sqlite3_bind_int64(st, i + 1, x->i);
			break;
		case STORE_TEXT:
			r = x->s ? sqlite3_bind_text64(st, i + 1, x->s, x->len, SQLITE_STATIC,
						      SQLITE_UTF8)
				 : sqlite3_bind_null(st, i + 1);
			break;
		case STORE_BLOB:
			r = x->len == 0 ? sqlite3_bind_zeroblob(st, i + 1, 0)
					: sqlite3_bind_blob64(st, i + 1, x->s, x->len, SQLITE_STATIC);
			break;
		default:
			r = sqlite3_bind_null(st, i + 1);
			break;
		}
	}
	if (r == SQLITE_OK)
		r = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return r == SQLITE_DONE ? STORE_OK : sq_failed(b, name, r);
}

/* The next BULK_ID_BLOCK ids of table t, from its AUTOINCREMENT counter
   (created when the table never had a row), in the write transaction. */
static int sq_reserve(store_bulk *b, enum bulk_table t)
{
	sqlite3 *db = b->s->be->handle(b->s);
	const char *name = defs[t].table;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO sqlite_sequence (name, seq) SELECT '%s', 0"
		 " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '%s')",
		 name, name);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		sqlite3_free(msg);
		return sq_failed(b, name, SQLITE_ERROR);
	}
	snprintf(sql, sizeof sql,
		 "UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT COALESCE(MAX(id), 0) FROM %s))"
		 " + %d WHERE name = '%s' RETURNING seq",
		 name, BULK_ID_BLOCK, name);
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (r == SQLITE_OK)
		r = sqlite3_step(st);
	if (r != SQLITE_ROW) {
		int rc = sq_failed(b, name, r);
		sqlite3_finalize(st);
		return rc;
	}
	int64_t last = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	struct id_block *ib = &b->idb[t];
	for (int i = 0; i < BULK_ID_BLOCK; i++)
		ib->ids[i] = last - BULK_ID_BLOCK + 1 + i;
	ib->n = BULK_ID_BLOCK;
	ib->next = 0;
	return STORE_OK;
}

/* ---- both ---- */

int store_bulk_id(store_bulk *b, enum bulk_table t, int64_t *id)
{
	*id = 0;
	if (b->failed)
		return bad_state(b, "id");
	if ((int)t < 0 || t >= BULK__COUNT || !defs[t].has_id) {
		store_set_error(b->s, "bulk id: table %d takes no id", (int)t);
		return fail(b, STORE_ERROR);
	}
	struct id_block *ib = &b->idb[t];
	if (ib->next == ib->n) {
		int rc = b->pg ? pg_reserve(b, t) : sq_reserve(b, t);
		if (rc != STORE_OK)
			return rc;
	}
	*id = ib->ids[ib->next++];
	return STORE_OK;
}

int store_bulk_row(store_bulk *b, enum bulk_table t, const store_value *v, int n)
{
	if (b->failed)
		return bad_state(b, "row");
	if ((int)t < 0 || t >= BULK__COUNT || n != defs[t].ncols || !v) {
		store_set_error(b->s, "bulk row: table %d takes %d values, %d given", (int)t,
				(int)t >= 0 && t < BULK__COUNT ? defs[t].ncols : 0, n);
		return fail(b, STORE_ERROR);
	}
	for (int i = 0; i < n; i++) {
		if ((v[i].type == STORE_TEXT || v[i].type == STORE_BLOB) && v[i].len > 0 && !v[i].s) {
			store_set_error(b->s, "bulk %s: value %d has a length but no data",
					defs[t].table, i + 1);
			return fail(b, STORE_ERROR);
		}
		if (v[i].type == STORE_TEXT && v[i].s && memchr(v[i].s, '\0', v[i].len)) {
			store_set_error(b->s, "bulk %s: value %d: text holds a NUL byte",
					defs[t].table, i + 1);
			return fail(b, STORE_ERROR);
		}
	}
	return b->pg ? pg_row(b, t, v, n) : sq_row(b, t, v, n);
}

int store_bulk_end(store_bulk *b)
{
	if (!b)
		return STORE_OK;
	int rc = b->failed ? STORE_ERROR : STORE_OK; /* the message is the failure's */
	if (rc == STORE_OK && b->pg)
		rc = pg_flush(b);
	for (int t = 0; t < BULK__COUNT; t++) {
		buf_free(&b->pending[t]);
		sqlite3_finalize(b->insert[t]);
	}
	if (rc != STORE_OK)
		b->s->tx_failed = 1;
	free(b);
	return rc;
}
