/*
 * backend — what store.c needs from each database back end (sqlite.c,
 * postgres.c).  Internal to src/store: nothing else includes this file.
 *
 * Each back end allocates its own connection struct with a struct store as
 * its first member and hands out a pointer to that member; the vtable
 * functions cast it back.  store.c owns the common fields (error message,
 * change count, transaction bookkeeping) and checks arguments before
 * calling a back end, so back ends may assume: id is a valid index,
 * 0 <= nparams <= STORE_MAX_PARAMS, params is non-NULL when nparams > 0,
 * text parameters hold no NUL byte and s is non-NULL for TEXT and BLOB
 * values with len > 0.
 */
#ifndef RELAIS_STORE_BACKEND_H
#define RELAIS_STORE_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define STORE_MAX_PARAMS 32  /* most parameters one statement may take */
#define STORE_ERRMSG_LEN 512 /* room for the last error message */

struct store_backend;

/* The part of a connection common to both back ends. */
struct store {
	const struct store_backend *be; /* the back end serving this connection */
	char errmsg[STORE_ERRMSG_LEN];  /* last error, "" when none yet */
	int64_t changes;                /* rows changed by the last INSERT/UPDATE/DELETE */
	int tx_failed;                  /* a statement failed inside the open transaction */
	int in_callback;                /* a row callback of this connection is running */
	struct store_group *group;      /* group commit (group.c): the pool's, NULL when off */
	int delegated;                  /* a transaction open on the group's connection */
	int snapshot;                   /* a read snapshot is open on the connection itself */
};

/* One result row as handed to a row callback. */
struct store_row {
	const struct store_backend *be; /* the back end that made the row */
	void *impl;                     /* back-end cursor (sqlite3_stmt *, struct pg_row *) */
};

struct store_backend {
	enum store_kind kind;
	const char *id_type;   /* replaces @ID@ in migrations */
	const char *blob_type; /* replaces @BLOB@ in migrations */
	/* Opens a connection; 0, or -1 with a message in err. */
	int (*open)(const char *uri, store **out, char *err, size_t errlen);
	/* Frees everything; the connection is not in a transaction (store.c
	   rolled back) or is broken. */
	void (*close)(store *s);
	/* Runs one or several raw SQL statements without parameters (DDL,
	   BEGIN, COMMIT…); what names them in the error message. */
	int (*exec_sql)(store *s, const char *what, const char *sql);
	/* Runs one read-only query without parameters, built in src/store
	   from identifiers read from the catalog (whole.c), calling fn for
	   each row as exec does; what names it in the error message. */
	int (*query_sql)(store *s, const char *what, const char *sql, store_row_fn fn, void *ctx);
	/* The text store_begin() runs. */
	const char *begin_sql;
	/* The text store_snapshot_begin() runs: a transaction that reads one
	   committed state and takes no write lock. */
	const char *snapshot_sql;
	/* 1 when a transaction is open on the connection (even a failed one). */
	int (*in_tx)(store *s);
	/* store_exec() once arguments are checked; sets s->changes when the
	   statement wrote, and s->errmsg on failure. */
	int (*exec)(store *s, enum stmt id, const store_value *params, int nparams,
		    store_row_fn fn, void *ctx);
	/* How many columns statement id returns, prepared (not run) on the
	   connection; 0, or an enum store_rc with s->errmsg set. */
	int (*columns)(store *s, enum stmt id, int *ncols);
	/* Column accessors; col is within the row (checked by ncols). */
	int (*row_ncols)(const store_row *row);
	int (*row_is_null)(const store_row *row, int col);
	int64_t (*row_int)(const store_row *row, int col);
	const char *(*row_text)(const store_row *row, int col);
	const void *(*row_blob)(const store_row *row, int col, size_t *len);
	/* The library's connection (sqlite3 *, PGconn *), for bulk.c. */
	void *(*handle)(store *s);
	/* After a jump out of a row callback (store_unwind): ends what the
	   back end was in the middle of. */
	void (*unwind)(store *s);
};

extern const struct store_backend store_sqlite_backend;
extern const struct store_backend store_postgres_backend;

/* Sets s->errmsg (truncated to fit). */
void store_set_error(store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Group commit (store.c), for a SQLite pool of several connections.  A
 * write transaction of a pooled connection runs on the group's one writer
 * connection, inside a savepoint of a shared transaction (the batch); the
 * batch commits, with SQLite's own sync, when no other transaction waits
 * for the writer (or it holds GROUP_BATCH_MAX of them), and each
 * transaction's commit returns only then: one sync for the batch, none
 * acknowledged before it is durable, none visible to other connections
 * before that — and a failed commit or sync fails every transaction of
 * the batch, leaving nothing of any.  Outside a transaction a connection
 * reads on its own, concurrently.
 */
#define GROUP_BATCH_MAX 64
struct store_group; /* store.c */

/* The SQL text of statement id for a back end: its override, else the
   portable text; NULL when neither exists. */
const char *store_stmt_text(enum stmt id, enum store_kind kind);

#endif
