/*
 * reference_cache — the reference lists kept in memory by each process
 * (issue 15, item 2), for service/ only.
 *
 * The lists change rarely and are read by most pages (a case page three
 * times).  Each process keeps one copy of every entry, tagged with the
 * version it was read under; the version lives in the database (the
 * settings row "reference_version") and every change to a list writes a
 * new one in the change's own transaction.  A reader asks the database
 * for the version (one small indexed read) and uses the copy when it
 * matches, else reads the lists again.  So a change made through one app
 * server is seen at the next request on every other one.
 *
 * The version is a random 63-bit number drawn anew by each change, not a
 * counter: a value never comes back, so neither a change rolled back nor
 * a restored backup can make an old copy look current.  A database
 * without the row (before `relais init` wrote one) is never cached.
 * Changing ref_items by hand, behind relais's back, needs a new version
 * too (any other value in the row).
 */
#ifndef RELAIS_REFERENCE_CACHE_H
#define RELAIS_REFERENCE_CACHE_H

#include "service/reference.h"
#include "store/store.h"

/* The settings row holding the version. */
#define REFERENCE_VERSION_SETTING "reference_version"

/*
 * Calls fn for every entry of every list, in ST_REF_LIST's order (list,
 * position), as the database holds them under the version read first:
 * from the process's copy when its version is the database's, else from
 * a fresh read, which becomes the copy.  fn returning non-zero stops the
 * walk.  Strings are valid during the callback only.  Runs inside the
 * caller's transaction if one is open (then its own uncommitted change is
 * what it reads).  STORE_OK, or the store's rc (nothing rolled back).
 * Thread-safe: readers share a copy, a new one replaces it for later
 * readers and the old one is freed by its last reader.
 */
int reference_cache_each(store *db, reference_fn fn, void *ctx);

/* Writes a new version: inside the transaction of the change it marks.
   STORE_OK or the store's rc. */
int reference_version_bump(store *db);

/* Writes a first version when the database has none (relais init, after
   the migrations): STORE_OK or the store's rc. */
int reference_version_init(store *db);

#endif
