/*
 * sealed — the sealed values of the database as a whole, whatever their
 * table: every BLOB / bytea column holds a text sealed under the text key
 * (support/box.h), bound to its row ("table.column#id", svc_aad).  The
 * walkers here re-seal them all (binding the values of an older database
 * to their rows, moving them to a new key) or check that each opens.
 * They work on a store connection and raw keys: app_init_database and
 * relais key rotate run them before the service can be opened.
 */
#ifndef RELAIS_SEALED_H
#define RELAIS_SEALED_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "support/sec.h"

/* What the associated data of a sealed value names. */
enum sealed_bind {
	SEALED_BY_COLUMN, /* "table.column": before migration 20 */
	SEALED_BY_ROW,    /* "table.column#id" */
};

/* One sealed value that does not open: its table, column and row key
   (the id, or the primary key's values joined by '/'). */
typedef void (*sealed_bad_fn)(void *ctx, const char *table, const char *column, const char *key);

struct sealed_counts {
	int64_t values; /* sealed values read */
	int64_t moved;  /* re-sealed */
	int64_t bad;    /* opened under neither place (reported) */
};

/* A key and what its values are bound to. */
struct sealed_place {
	const uint8_t *key; /* text key (SEC_KEY_BYTES) */
	enum sealed_bind bind;
};

/*
 * Re-seals every sealed value of db that opens at `from` into `to`.  A
 * value that already opens at `to` is left (so running it again changes
 * nothing); one that opens at neither is reported to bad (may be NULL),
 * counted and left as it is.  from.key NULL: nothing is re-sealed, every
 * value is checked against `to` (relais check).
 *
 * task NULL: runs inside the caller's transaction (or none for a check).
 * task set: each batch of rows is its own transaction, with how far it
 * went recorded in seal_progress under task; a run resumes where the last
 * one stopped.  stop_after > 0 (a test hook): stops once that many values
 * were re-sealed, returning 1.  0 when done, 1 when stopped, -1 on a store
 * error (rolled back when task is set).  n may be NULL.
 */
int sealed_rebind(store *db, struct sealed_place from, struct sealed_place to, const char *task,
		  int64_t stop_after, sealed_bad_fn bad, void *ctx, struct sealed_counts *n);

/*
 * The step of app_init_database after migration 20: binds the values of a
 * database sealed before it (setting sealed_aad = column) to their rows,
 * in one transaction, then records sealed_aad = row.  Nothing to do on a
 * database already bound.  0, or -1 with err.
 */
int sealed_bind_rows(store *db, const uint8_t text_key[SEC_KEY_BYTES], char *err, size_t errlen);

#endif
