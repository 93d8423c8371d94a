/*
 * keys — relais key rotate: a new master key for the database.
 *
 * Every sealed value is re-sealed under the new master's text key (the
 * generic walker of sealed.h), the persons' identity index recomputed
 * under its identity key (persons_index_rebuild), and the subkeys whose
 * outputs cannot be recomputed — the access log's and the anchor's MACs,
 * the bilan's record keys, the recovery codes' hashes — carried over,
 * sealed under the new master (internal.h, struct subkeys).  The old key
 * file is renamed KEY.old-YYYYMMDD-HHMMSS beside the new one and kept
 * until the operator removes it (older backups need it).
 *
 * Resumable: the new key is written first to KEY.new, the setting
 * key_rotation records the phase and seal_progress how far the values
 * went; running it again after an interruption finishes the work.  While
 * it is unfinished the service refuses to start.  It needs the service
 * stopped and write access to the key file's directory.
 */
#ifndef RELAIS_KEYS_H
#define RELAIS_KEYS_H

#include <stddef.h>
#include <stdint.h>

struct key_rotation_report {
	int64_t values;    /* sealed values read by this run */
	int64_t resealed;  /* moved to the new key by this run */
	int64_t bad;       /* values that opened under neither key (left as they are) */
	char kept[4096];   /* the old key file kept, "" when not renamed by this run */
};

/*
 * Rotates the master key of db (key_file: NULL for the default beside a
 * SQLite file; anchor: the access log's anchor, NULL for the default).
 * stop_after > 0 is a test hook: stop once that many values are re-sealed,
 * as an interruption would.  0 when done, 1 when stopped (run it again),
 * -1 with err.
 */
int key_rotate(const char *db, const char *key_file, const char *anchor, int64_t stop_after,
	       struct key_rotation_report *r, char *err, size_t errlen);

#endif
