/*
 * store — persistence behind one interface, with two back ends:
 * SQLite (a file path, WAL mode) and PostgreSQL (a postgresql:// URI).
 *
 * Every statement the product runs is one entry of the table in
 * statements.c, chosen by its index (enum stmt); parameters are always bound,
 * never spliced into SQL.  Results are handed row by row to a callback; a
 * row and the text it returns are valid only during that callback.
 *
 * A struct store is one connection: it is used by one thread at a time.  The
 * pool (store_pool_*) hands connections to server threads.
 */
#ifndef RELAIS_STORE_H
#define RELAIS_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "store/statements.h"

typedef struct store store;
typedef struct store_row store_row;
typedef struct store_pool store_pool;

/* Result codes, threaded through every call. */
enum store_rc {
	STORE_OK = 0,
	STORE_ERROR = -1,      /* anything unexpected; store_errmsg() says what */
	STORE_CONSTRAINT = -2, /* a UNIQUE, CHECK or FOREIGN KEY constraint refused the write */
	STORE_BUSY = -3,       /* the database stayed locked past the busy timeout */
};

enum store_kind { STORE_SQLITE, STORE_POSTGRES };

enum store_type { STORE_NULL, STORE_INT, STORE_TEXT, STORE_BLOB };

/* One bound parameter.  Text and blobs are borrowed for the call only. */
typedef struct store_value {
	enum store_type type; /* which member is meaningful */
	int64_t i;            /* STORE_INT */
	const char *s;        /* STORE_TEXT (UTF-8) or STORE_BLOB (bytes) */
	size_t len;           /* length of s in bytes */
} store_value;

#define SV_NULL ((store_value){.type = STORE_NULL})
#define SV_INT(x) ((store_value){.type = STORE_INT, .i = (int64_t)(x)})
/* A NULL pointer binds SQL NULL. */
#define SV_TEXT(x) store_text(x)
static inline store_value store_text(const char *s)
{
	store_value v = {.type = s ? STORE_TEXT : STORE_NULL, .s = s, .len = s ? strlen(s) : 0};
	return v;
}
#define SV_BLOB(p, n) ((store_value){.type = STORE_BLOB, .s = (const char *)(p), .len = (n)})

/*
 * Called once per result row.  Return 0 to go on, non-zero to stop early
 * (store_exec then still returns STORE_OK).
 */
typedef int (*store_row_fn)(void *ctx, const store_row *row);

/* Column accessors, 0-based.  Valid only inside the row callback. */
int store_row_is_null(const store_row *row, int col);
int64_t store_row_int(const store_row *row, int col);        /* 0 when NULL */
const char *store_row_text(const store_row *row, int col);   /* NULL when NULL; NUL-terminated */
const void *store_row_blob(const store_row *row, int col, size_t *len); /* NULL when NULL */

/*
 * Opens a connection.  uri is "postgresql://…" / "postgres://…" for
 * PostgreSQL, anything else is a SQLite file path (created if missing, put
 * in WAL mode, foreign keys on, busy timeout 5 s).  On failure returns -1
 * and writes a message into err.
 */
int store_open(const char *uri, store **out, char *err, size_t errlen);
/* Closes the connection; accepts NULL.  Rolls back an open transaction. */
void store_close(store *s);
enum store_kind store_kind(const store *s);
/* The kind of database a URI names, without connecting. */
enum store_kind store_uri_kind(const char *uri);
/* Message of the last error on this connection (never NULL). */
const char *store_errmsg(const store *s);

/*
 * Transactions.  store_begin() starts a write transaction (BEGIN IMMEDIATE
 * on SQLite, so writers queue at the start instead of failing at commit).
 * Nesting is not supported: begin while inside a transaction is an error.
 */
int store_begin(store *s);
int store_commit(store *s);
int store_rollback(store *s); /* harmless when no transaction is open */
/* store_commit, carrying a mark (> 0; 0 for none) with its text: where the
   pool's durable hook is set (store_pool_on_durable), the hook receives
   the mark once the transaction is durable, before this returns, and
   *handed is 1; else *handed is 0 and what the mark stands for is the
   caller's to do.  mark_text must live until this returns. */
int store_commit_mark(store *s, int64_t mark, const char *mark_text, int *handed);
/*
 * A read snapshot (issue 15: a page's reads, then its access-log entry in
 * a short write transaction): store_snapshot_begin() opens a read-only
 * transaction on s itself, never on a group's writer, so that readers run
 * side by side while one transaction writes.  Every statement until
 * store_snapshot_end() reads the same committed state; a statement that
 * writes is refused, and so are store_begin() and store_commit().  SQLite:
 * a deferred BEGIN (in WAL mode a reader never waits for the writer);
 * PostgreSQL: REPEATABLE READ, READ ONLY.  store_rollback() ends it too.
 */
int store_snapshot_begin(store *s);
int store_snapshot_end(store *s);
/* After a jump out of a call on s (support/alloc.h: a row callback ran
   out of memory): ends the statement left running, on s or on the group's
   writer it was using, so that s can roll back and serve again. */
void store_unwind(store *s);

/*
 * Runs statement id with nparams parameters ($1…$n in the SQL), calling fn
 * for each row (fn may be NULL).  Returns an enum store_rc.
 */
int store_exec(store *s, enum stmt id, const store_value *params, int nparams, store_row_fn fn,
	       void *ctx);
/*
 * Holds, until the open write transaction ends, the rows that access hold
 * st (ST_HOLD_…, statements.h) locks for record id: PostgreSQL runs a
 * write transaction READ COMMITTED, each statement on a snapshot of its
 * own, so an access check and the reads or writes it allows could
 * straddle a revocation committed between them; the hold makes them wait
 * for each other.  Nothing to do (STORE_OK, no statement) on SQLite, where
 * one transaction writes at a time, in a snapshot, which reads one state
 * throughout, and outside a transaction (a statement alone holds nothing
 * beyond itself).  Returns an enum store_rc.
 */
int store_hold(store *s, enum stmt st, int64_t id);
/*
 * How many columns statement id returns, asked of the database after
 * preparing it (it is not run): *ncols gets the count (0 for a statement
 * returning no rows).  For tests that hold each statement's column enum
 * (statements.h) against its SQL.  Returns an enum store_rc.
 */
int store_columns(store *s, enum stmt id, int *ncols);
/* Rows changed by the last INSERT/UPDATE/DELETE run by store_exec. */
int64_t store_changes(const store *s);

/*
 * What the calling thread asked of the store so far (store_exec calls,
 * store_begin calls and store_snapshot_begin calls), on every connection: a page's reads are counted by
 * tests that call its use case on one thread and compare the counts before
 * and after (tests/http/test_page_reads.c).  Never reset; cheap (a thread's
 * own counters).
 */
struct store_counts {
	uint64_t statements;   /* store_exec calls */
	uint64_t transactions; /* store_begin calls */
	uint64_t snapshots;    /* store_snapshot_begin calls */
	uint64_t alone;        /* statements run outside any transaction or
				  snapshot (each its own, seeing its own state) */
};
struct store_counts store_counts_of_thread(void);

/*
 * Applies the migrations not yet recorded in schema_migrations, each in one
 * transaction.  Running it on an up-to-date database changes nothing.
 * *applied (may be NULL) receives how many were applied.
 */
int store_migrate(store *s, int *applied);
/* The same up to version target only (a test's database as an older
   relais left it). */
int store_migrate_to(store *s, int target, int *applied);
/* Highest migration version applied, 0 for an empty database, -1 on error. */
int store_schema_version(store *s);
/* Highest migration version this binary knows. */
int store_latest_version(void);

/*
 * A fixed set of connections shared by server threads.  acquire blocks
 * until one is free; release hands it back (rolling back anything left
 * open).  The pool owns its connections.
 */
int store_pool_open(const char *uri, int size, store_pool **out, char *err, size_t errlen);
void store_pool_close(store_pool *p);
store *store_pool_acquire(store_pool *p);
void store_pool_release(store_pool *p, store *s);
/*
 * Group commit (SQLite pools): fn is called once a batch is durable, with
 * the highest mark its transactions committed with (store_commit_mark),
 * before any of them returns — once per batch, not per transaction — while
 * the next batch may already run.  Without group commit nothing is set and
 * store_commit_mark hands nothing.  Set before the pool serves.
 */
typedef void (*store_durable_fn)(void *ctx, int64_t mark, const char *mark_text);
void store_pool_on_durable(store_pool *p, store_durable_fn fn, void *ctx);

#endif
