/*
 * backup — relais backup, restore and check.
 *
 * A backup is one consistent snapshot of the whole database (store/whole.h:
 * SQLite's online backup API, or pg_dump on PostgreSQL) written encrypted
 * (support/bkfile.h) under a backup key of its own, a key file kept apart
 * from the master key.  Without the master key the sealed columns stay
 * sealed in the backup as in the database; without the backup key the
 * backup reads as nothing.  Messages (err, the checks) are in French.
 */
#ifndef RELAIS_BACKUP_H
#define RELAIS_BACKUP_H

#include <stddef.h>

#include "service/app.h"
#include "support/bkfile.h"

/*
 * Writes a backup of the service's database to `to` (refused when it
 * exists; written to a temporary file, synced and renamed, so a failure
 * leaves nothing), encrypted under the key in backup_key_file (refused
 * when it is the master key).  A backup.create audit entry is written
 * first, so the backup holds its own record.  *out (may be NULL) gets the
 * header written.  0, or -1 with err.
 */
int backup_create(app *a, const char *backup_key_file, const char *to, struct bk_header *out,
		  char *err, size_t errlen);

/*
 * Restores the backup `from` into the database db (SQLite path or
 * postgresql:// URI), whose master key is in key_file (NULL: the default
 * beside a SQLite file).  Refused, with db untouched, when the backup does
 * not open with the key in backup_key_file, is cut short or altered, is of
 * the other kind of database or of a newer schema, when the master key
 * does not open it (SQLite: checked before the copy goes in place), or
 * when db already holds data and force is 0.  *out gets the backup's
 * header.  0, or -1 with err.  Run backup_check() and backup_note_restore()
 * after it.
 */
int backup_restore(const char *db, const char *key_file, const char *backup_key_file,
		   const char *from, int force, struct bk_header *out, char *err, size_t errlen);

/* Records, in the restored database of a, that it was restored from the
   backup described by h (audit entry backup.restore).  0, or -1 with err. */
int backup_note_restore(app *a, const struct bk_header *h, char *err, size_t errlen);

/* One check's outcome: what (French), passed or not, and a detail line. */
typedef void (*check_report_fn)(void *ctx, const char *what, int ok, const char *detail);

/*
 * relais check: the database's integrity (store_integrity), its schema
 * version, the master key (it opens the value sealed at init) and the
 * audit chain (audit_verify), each reported to fn.  Returns how many
 * failed (a check that cannot run counts as failed).
 */
int backup_check(const char *db, const char *key_file, const char *anchor, check_report_fn fn,
		 void *ctx);

#endif
