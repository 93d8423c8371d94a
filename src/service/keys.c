/* keys — see keys.h. */
#include "service/keys.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "service/audit.h"
#include "service/internal.h"
#include "service/persons.h"
#include "service/sealed.h"
#include "support/fsync.h"
#include "support/log.h"

#define ROTATION_TASK "rotate"
/* The phases of a rotation in the setting APP_KEY_ROTATION (absent: none):
   APP_ROTATION_VALUES while the values are re-sealed (the service refuses
   to start), then "keys": the database is on the new key; the files, the
   index and the audit entry remain. */
#define PHASE_KEYS "keys"

/* The subkeys in force under master in db: derived, then carried. */
static int subkeys_of(store *db, const char *path, struct subkeys *k, char *err, size_t errlen)
{
	uint8_t master[SEC_KEY_BYTES];
	if (sec_key_load(path, master, err, errlen) != 0)
		return -1;
	app_subkeys(master, k);
	sodium_memzero(master, sizeof master);
	return app_carried_load(db, k, err, errlen);
}

static const char *key_path(const char *db, const char *key_file, char *tmp, size_t len)
{
	return key_file ? key_file : app_default_key_file(db, tmp, len);
}

/* Phase 1: a new key beside the old one, and the database marked. */
static int rotation_start(store *db, const char *kp, const char *newp, char *err, size_t errlen)
{
	/* A KEY.new without the mark is left by a run stopped before it: nothing
	   was sealed under it. */
	if (unlink(newp) != 0 && errno != ENOENT) {
		snprintf(err, errlen, "cannot remove %s: %s", newp, strerror(errno));
		return -1;
	}
	if (sec_key_create(newp, err, errlen) != 0 || fsync_dir_of(newp) != 0)
		return -1;
	if (app_setting_put(db, APP_KEY_ROTATION, APP_ROTATION_VALUES) != STORE_OK) {
		snprintf(err, errlen, "cannot mark the rotation: %s", store_errmsg(db));
		return -1;
	}
	log_info("key rotation: new key %s, old key %s", newp, kp);
	return 0;
}

/* Phase 2: the values, then (one transaction) the check value, the carried
   keys and the mark.  0, 1 when stopped, -1. */
static int rotation_values(store *db, const char *kp, const char *newp, int64_t stop_after,
			   struct key_rotation_report *r, char *err, size_t errlen)
{
	struct subkeys old, new;
	uint8_t former[APP_ANCHOR_OLD_MAX][SEC_KEY_BYTES];
	int rc = -1;
	if (subkeys_of(db, kp, &old, err, errlen) != 0)
		goto out;
	uint8_t master[SEC_KEY_BYTES];
	if (sec_key_load(newp, master, err, errlen) != 0)
		goto out;
	app_subkeys(master, &new);
	sodium_memzero(master, sizeof master);
	struct sealed_counts n;
	struct sealed_place from = {old.text, SEALED_BY_ROW}, to = {new.text, SEALED_BY_ROW};
	rc = sealed_rebind(db, from, to, ROTATION_TASK, stop_after, NULL, NULL, &n);
	r->values += n.values;
	r->resealed += n.moved;
	r->bad += n.bad;
	if (rc != 0) {
		if (rc < 0)
			snprintf(err, errlen, "re-sealing the values: %s", store_errmsg(db));
		goto out;
	}
	/* What cannot be recomputed goes on under the new master, except the
	   anchor's subkey: the new master's starts a new segment of the anchor
	   (rotation_end), and the old one joins the former ones, kept only to
	   verify the older segments. */
	uint8_t anchor_new[SEC_KEY_BYTES];
	memcpy(anchor_new, new.carried[CARRIED_ANCHOR], SEC_KEY_BYTES);
	memcpy(new.carried, old.carried, sizeof new.carried);
	memcpy(new.carried[CARRIED_ANCHOR], anchor_new, SEC_KEY_BYTES);
	sodium_memzero(anchor_new, sizeof anchor_new);
	size_t nold = 0;
	rc = -1;
	if (app_anchor_old_load(db, old.carry, former, &nold, err, errlen) != 0)
		goto out;
	if (nold >= APP_ANCHOR_OLD_MAX) {
		snprintf(err, errlen, "too many key rotations (%d) for one database",
			 APP_ANCHOR_OLD_MAX);
		goto out;
	}
	memcpy(former[nold++], old.carried[CARRIED_ANCHOR], SEC_KEY_BYTES);
	store_value task[] = {SV_TEXT(ROTATION_TASK)};
	if (store_begin(db) != STORE_OK || app_key_check_write(db, new.text, 1, err, errlen) != 0 ||
	    app_carried_save(db, &new) != STORE_OK ||
	    app_anchor_old_save(db, new.carry, (const uint8_t(*)[SEC_KEY_BYTES])former, nold) !=
		    STORE_OK ||
	    store_exec(db, ST_SEAL_PROGRESS_CLEAR, task, 1, NULL, NULL) != STORE_OK ||
	    app_setting_put(db, APP_KEY_ROTATION, PHASE_KEYS) != STORE_OK ||
	    store_commit(db) != STORE_OK) {
		snprintf(err, errlen, "cannot finish the rotation: %s", store_errmsg(db));
		store_rollback(db);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(&old, sizeof old);
	sodium_memzero(&new, sizeof new);
	sodium_memzero(former, sizeof former);
	return rc;
}

/* Phase 3: the new key file in place of the old one, kept under a dated
   name.  Each rename is durable before the next. */
static int rotation_files(const char *kp, const char *newp, struct key_rotation_report *r,
			  char *err, size_t errlen)
{
	if (access(newp, F_OK) != 0)
		return 0; /* done by a run stopped after it */
	if (access(kp, F_OK) == 0) {
		char stamp[32];
		time_t now = time(NULL);
		struct tm tm;
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", gmtime_r(&now, &tm));
		/* Two rotations within a second: the second keeps its old key
		   under the name with a number. */
		int linked = -1, fits = 1;
		for (int i = 1; i < 100 && linked != 0 && fits; i++) {
			size_t want = i == 1 ? (size_t)snprintf(r->kept, sizeof r->kept, "%s.old-%s",
								kp, stamp)
					     : (size_t)snprintf(r->kept, sizeof r->kept,
								"%s.old-%s-%d", kp, stamp, i);
			fits = want < sizeof r->kept;
			if (fits && (linked = link(kp, r->kept)) != 0 && errno != EEXIST)
				break;
		}
		if (!fits || linked != 0 || fsync_dir_of(r->kept) != 0 || unlink(kp) != 0) {
			snprintf(err, errlen, "cannot keep the old key %s as %s: %s", kp, r->kept,
				 strerror(errno));
			r->kept[0] = '\0';
			return -1;
		}
	}
	if (rename(newp, kp) != 0 || fsync_dir_of(kp) != 0) {
		snprintf(err, errlen, "cannot put the new key %s in place: %s", kp, strerror(errno));
		return -1;
	}
	return 0;
}

/* Phase 4: under the new key, the anchor's rotation line (first: what
   follows is anchored under the new key), the identity index and the
   audit entry; then the mark goes.  Run again after a stop, it writes the
   rotation line again, which verification takes as the same rotation. */
static int rotation_end(const char *db, const char *kp, const char *anchor,
			struct key_rotation_report *r, char *err, size_t errlen)
{
	struct app_config cfg = {.db = db, .key_file = kp, .anchor_file = anchor,
				 .connections = 1, .key_rotation = 1};
	app *a = NULL;
	if (app_open(&cfg, &a, err, errlen) != 0)
		return -1;
	svc *s = svc_open_system(a);
	int rc = -1;
	char object[64];
	snprintf(object, sizeof object, "%" PRId64, r->resealed);
	store_value name[] = {SV_TEXT(APP_KEY_ROTATION)};
	/* The identity and blind indexes under the new key, with the entry
	   closing the rotation, in one transaction. */
	if (audit_anchor_rotation(s) != SVC_OK) {
		snprintf(err, errlen, "cannot write the rotation line in the audit anchor %s",
			 app_anchor_file(a) ? app_anchor_file(a) : "");
	} else if (svc_tx_begin(s) != STORE_OK || persons_index_rebuild(s) != 0) {
		svc_tx_rollback(s);
		snprintf(err, errlen, "cannot rebuild the persons' index under the new key");
	} else if (svc_audit(s, "key.rotate", "sealed_values", object) != 0 ||
		   store_exec(svc_db(s), ST_SETTING_DELETE, name, 1, NULL, NULL) != STORE_OK ||
		   svc_tx_commit(s) != STORE_OK) {
		snprintf(err, errlen, "cannot record the rotation: %s",
			 svc_db(s) ? store_errmsg(svc_db(s)) : "no connection");
		svc_tx_rollback(s);
	} else {
		rc = 0;
	}
	svc_close(s);
	app_close(a);
	return rc;
}

int key_rotate(const char *db, const char *key_file, const char *anchor, int64_t stop_after,
	       struct key_rotation_report *r, char *err, size_t errlen)
{
	char tmp[4096], newp[4096 + 8];
	memset(r, 0, sizeof *r);
	const char *kp = key_path(db, key_file, tmp, sizeof tmp);
	if (!kp) {
		snprintf(err, errlen, "--key-file is required with PostgreSQL");
		return -1;
	}
	snprintf(newp, sizeof newp, "%s.new", kp);
	store *st = NULL;
	char phase[32];
	int rc = -1;
	if (store_open(db, &st, err, errlen) != 0)
		return -1;
	if (store_schema_version(st) != store_latest_version()) {
		snprintf(err, errlen, "the schema is not current: run `relais init --db …` first");
		goto out;
	}
	if (app_setting_get(st, APP_KEY_ROTATION, phase, sizeof phase) != STORE_OK) {
		snprintf(err, errlen, "%s", store_errmsg(st));
		goto out;
	}
	if (!phase[0]) {
		/* Only the key that opens the database may hand it over. */
		if (app_key_check(db, key_file, err, errlen) != 0 ||
		    rotation_start(st, kp, newp, err, errlen) != 0)
			goto out;
		snprintf(phase, sizeof phase, "%s", APP_ROTATION_VALUES);
	}
	if (strcmp(phase, APP_ROTATION_VALUES) == 0) {
		if (access(newp, F_OK) != 0) {
			snprintf(err, errlen,
				 "the rotation is unfinished but its new key %s is missing: restore "
				 "it to finish",
				 newp);
			goto out;
		}
		rc = rotation_values(st, kp, newp, stop_after, r, err, errlen);
		if (rc != 0)
			goto out;
		rc = -1;
		snprintf(phase, sizeof phase, "%s", PHASE_KEYS);
	}
	if (strcmp(phase, PHASE_KEYS) != 0) {
		snprintf(err, errlen, "unknown key rotation state %.32s", phase);
		goto out;
	}
	store_close(st);
	st = NULL;
	if (rotation_files(kp, newp, r, err, errlen) != 0 ||
	    rotation_end(db, kp, anchor, r, err, errlen) != 0)
		goto out;
	rc = 0;
out:
	store_close(st);
	return rc;
}
