/*
 * whole — the database as a whole rather than one statement at a time:
 * its tables and columns as the catalog lists them (the complete export),
 * an integrity check, whether a restore target already holds data, and the
 * consistent copy behind relais backup / restore.
 *
 * Table and column names come from the catalog and are checked against
 * [a-z_][a-z0-9_]* before they are quoted into a query: no outside text
 * ever reaches the SQL of this module.
 */
#ifndef RELAIS_STORE_WHOLE_H
#define RELAIS_STORE_WHOLE_H

#include <stddef.h>
#include <stdint.h>

#include "support/sec.h"
#include "store/store.h"

#define STORE_NAME_MAX 64    /* a table or column name, NUL included */
#define STORE_COLUMNS_MAX 64 /* columns of one table */

/* One column as the catalog describes it. */
struct store_column {
	char name[STORE_NAME_MAX];
	char type[48];                   /* declared type, lowercase ("bigint", "text"…) */
	int not_null;                    /* NOT NULL */
	int pk;                          /* position in the primary key (1…), 0 when not in it */
	int blob;                        /* BLOB / bytea: a sealed text (support/box.h) */
	char ref[2 * STORE_NAME_MAX + 2]; /* "table(column)" it references, "" when none */
};

/* Calls fn with each table's name, sorted; non-zero from fn stops. */
typedef int (*store_name_fn)(void *ctx, const char *name);
int store_tables(store *s, store_name_fn fn, void *ctx);
/* The columns of table in order, at most max of them into cols (*n set). */
int store_table_columns(store *s, const char *table, struct store_column *cols, int max, int *n);
/* Every row of table, every column in the order of store_table_columns,
   ordered by the primary key (by every column when it has none). */
int store_table_scan(store *s, const char *table, store_row_fn fn, void *ctx);
/* The rows of table. */
int store_table_count(store *s, const char *table, int64_t *n);

/*
 * Sealed values (support/box.h): every BLOB / bytea column holds a sealed
 * text bound to its row, "table.column#key" (service/internal.h), where
 * the key is the row's `id`, or else its primary key's values joined by
 * '/' (budget_lines: "budget_id/position").  Key columns hold integers.
 * For the walkers that re-seal or check them all (service/sealed.h).
 */
#define STORE_KEY_COLUMNS 4
struct store_sealed_target {
	char table[STORE_NAME_MAX];
	char column[STORE_NAME_MAX];          /* the sealed column */
	char keys[STORE_KEY_COLUMNS][STORE_NAME_MAX]; /* the row's key columns */
	int nkeys;
};
/* The key columns of a table described by cols[n]: their indexes into
   idx, how many (0: no usable key). */
int store_row_key_columns(const struct store_column *cols, int n, int idx[STORE_KEY_COLUMNS]);
typedef int (*store_sealed_fn)(void *ctx, const struct store_sealed_target *t);
/* Calls fn with each sealed column of every table, tables sorted, columns
   in order; non-zero from fn stops.  A table with a sealed column and
   neither an `id` column nor a primary key of at most STORE_KEY_COLUMNS
   columns is an error. */
int store_sealed_columns(store *s, store_sealed_fn fn, void *ctx);
/* 0 for a table whose BLOB columns are not sealed values (attachment_chunks:
   each file's secretstream under its own key), else 1. */
int store_blobs_sealed(const char *table);
/* Result columns of store_sealed_scan: the row's key as text, the value,
   and where the next batch starts. */
enum store_sealed_col { STORE_SEALED_COL_KEY, STORE_SEALED_COL_VALUE, STORE_SEALED_COL_NEXT };
/* At most limit rows of t with a non-empty value, in key order, from
   `after`: with one key column the rows whose key is above it (NEXT is
   the key), with several the rows after the first `after` ones (NEXT is
   0: the caller counts). */
int store_sealed_scan(store *s, const struct store_sealed_target *t, int64_t after, int limit,
		      store_row_fn fn, void *ctx);
/* Writes n bytes of v into t's column of the row whose key (as scanned)
   is key; the bytes are our own ciphertext, written as hex digits. */
int store_sealed_put(store *s, const struct store_sealed_target *t, const char *key,
		     const void *v, size_t n);

/*
 * The database's own integrity check: SQLite's integrity_check and
 * foreign_key_check; on PostgreSQL every value of every table read back
 * (detoasted), and no constraint left unvalidated nor index invalid.
 * STORE_OK and *ok = 1 when sound; *ok = 0 with what is wrong in msg.
 */
int store_integrity(store *s, int *ok, char *msg, size_t msglen);

/* The database at uri holds rows of its own (more than `relais init`
   writes): 1; 0 when missing, empty or only initialised; -1 with err. */
int store_holds_data(const char *uri, char *err, size_t errlen);

/* What a backup saw, read in the same snapshot as the data copied. */
struct store_snapshot {
	int64_t audit_seq;                     /* the audit chain's last id (0: none) */
	char audit_hash[SEC_HASH_HEX_LEN + 1]; /* its hash ("" when none) */
	int schema;                            /* schema version */
};
typedef int (*store_snapshot_fn)(void *ctx, const struct store_snapshot *snap);
typedef int (*store_bytes_fn)(void *ctx, const void *data, size_t n);

/*
 * Copies one consistent snapshot of the database at uri while it serves:
 * on SQLite with the online backup API (the whole file image), on
 * PostgreSQL with `pg_dump --format=custom` (from PATH) run as a child
 * process on a snapshot exported by this connection.  on_snapshot gets
 * what the copy holds before the first byte goes to sink; non-zero from
 * either stops.  0, or -1 with err.
 */
int store_backup(const char *uri, store_snapshot_fn on_snapshot, store_bytes_fn sink, void *ctx,
		 char *err, size_t errlen);

/*
 * Puts a copy made by store_backup (the file image, whole, in file) in
 * place of the database at uri.  SQLite: file must sit next to the target
 * (same file system); it is checked (integrity_check), synced and renamed
 * over the target, whose stale -wal/-shm files are removed first: the
 * target is replaced whole or not at all.  PostgreSQL: `pg_restore
 * --clean --if-exists --single-transaction --no-owner --no-privileges`
 * from PATH, all or nothing.  0, or -1 with err.
 */
int store_restore(const char *uri, const char *file, char *err, size_t errlen);

#endif
