/* app — see app.h. */
#include "service/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "domain/audit_chain.h"
#include "service/throttle.h"
#include "service/persons.h"
#include "service/reference_cache.h"
#include "service/sealed.h"
#include "support/box.h"
#include "support/log.h"
#include "support/recovery.h"

/* Subkey ids under the master key: one per purpose, never reused. */
#define KEY_ID_AUDIT 1
#define KEY_ID_TEXT 2
#define KEY_ID_RECORD 3
#define KEY_ID_ANCHOR 4
#define KEY_ID_RECOVERY 5
#define KEY_ID_IDENTITY 6
#define KEY_ID_SEARCH 7
#define KEY_ID_CARRY 8 /* seals the subkeys a key rotation carried over (keys.c) */

/* A known text sealed under the text key at `relais init`: opening it at
   start-up proves the key file belongs to this database. */
#define KEY_CHECK_NAME "key_check"
#define KEY_CHECK_TEXT "relais: this key opens this database"

static void derive_keys(const uint8_t master[SEC_KEY_BYTES], uint8_t audit[SEC_KEY_BYTES],
			uint8_t text[SEC_KEY_BYTES])
{
	sec_key_derive(master, KEY_ID_AUDIT, "relaudit", audit);
	sec_key_derive(master, KEY_ID_TEXT, "reltexts", text);
}

static int check_row(void *ctx, const store_row *row)
{
	const char *v = store_row_text(row, SCALAR_COL_VALUE);
	snprintf(ctx, 256, "%s", v ? v : "");
	return 1;
}

void app_subkeys(const uint8_t master[SEC_KEY_BYTES], struct subkeys *k)
{
	derive_keys(master, k->carried[CARRIED_AUDIT], k->text);
	sec_key_derive(master, KEY_ID_RECORD, "relrecrd", k->carried[CARRIED_RECORD]);
	sec_key_derive(master, KEY_ID_ANCHOR, "relanchr", k->carried[CARRIED_ANCHOR]);
	sec_key_derive(master, KEY_ID_RECOVERY, RECOVERY_KEY_CONTEXT, k->carried[CARRIED_RECOVERY]);
	sec_key_derive(master, KEY_ID_CARRY, "relcarry", k->carry);
}

/* The subkeys a key rotation carried over (internal.h, service/keys.h). */
#define CARRIED_NAME "carried_keys"
#define CARRIED_AAD "settings.carried_keys"
#define CARRIED_BYTES (CARRIED__COUNT * SEC_KEY_BYTES)
#define CARRIED_HEX (2 * (CARRIED_BYTES + BOX_OVERHEAD) + 1)

struct setting_out {
	char *out;
	size_t len;
};

static int setting_row(void *ctx, const store_row *row)
{
	struct setting_out *o = ctx;
	const char *v = store_row_text(row, SCALAR_COL_VALUE);
	snprintf(o->out, o->len, "%s", v ? v : "");
	return 1;
}

int app_setting_get(store *db, const char *name, char *out, size_t len)
{
	struct setting_out o = {out, len};
	out[0] = '\0';
	store_value p[] = {SV_TEXT(name)};
	return store_exec(db, ST_SETTING_GET, p, 1, setting_row, &o);
}

int app_setting_put(store *db, const char *name, const char *value)
{
	store_value p[] = {SV_TEXT(name), SV_TEXT(value)};
	return store_exec(db, ST_SETTING_PUT, p, 2, NULL, NULL);
}

/* Replaces k->carried by the keys db carries, opened with k->carry, when
   it has them; 0, or -1 with err. */
int app_carried_load(store *db, struct subkeys *k, char *err, size_t errlen)
{
	char hex[CARRIED_HEX];
	unsigned char sealed[CARRIED_BYTES + BOX_OVERHEAD];
	size_t len = 0;
	if (app_setting_get(db, CARRIED_NAME, hex, sizeof hex) != STORE_OK) {
		snprintf(err, errlen, "cannot read the carried keys: %s", store_errmsg(db));
		return -1;
	}
	if (!hex[0])
		return 0;
	if (sodium_hex2bin(sealed, sizeof sealed, hex, strlen(hex), NULL, &len, NULL) != 0 ||
	    len != sizeof sealed || box_open(k->carry, CARRIED_AAD, sealed, len, k->carried) != 0) {
		snprintf(err, errlen, "the carried keys do not open under this master key");
		return -1;
	}
	return 0;
}

/* Writes k->carried sealed under k->carry; a store rc. */
int app_carried_save(store *db, const struct subkeys *k)
{
	unsigned char sealed[CARRIED_BYTES + BOX_OVERHEAD];
	char hex[CARRIED_HEX];
	box_seal(k->carry, CARRIED_AAD, k->carried, CARRIED_BYTES, sealed);
	sodium_bin2hex(hex, sizeof hex, sealed, sizeof sealed);
	return app_setting_put(db, CARRIED_NAME, hex);
}

/* The former anchor subkeys (internal.h). */
#define ANCHOR_OLD_NAME "anchor_old_keys"
#define ANCHOR_OLD_AAD "settings.anchor_old_keys"
#define ANCHOR_OLD_BYTES (APP_ANCHOR_OLD_MAX * SEC_KEY_BYTES)
#define ANCHOR_OLD_HEX (2 * (ANCHOR_OLD_BYTES + BOX_OVERHEAD) + 1)

int app_anchor_old_load(store *db, const uint8_t carry[SEC_KEY_BYTES],
			uint8_t keys[][SEC_KEY_BYTES], size_t *n, char *err, size_t errlen)
{
	char *hex = malloc(ANCHOR_OLD_HEX);
	unsigned char *sealed = malloc(ANCHOR_OLD_BYTES + BOX_OVERHEAD);
	size_t len = 0;
	int rc = -1;
	*n = 0;
	if (!hex || !sealed)
		log_fatal("out of memory");
	if (app_setting_get(db, ANCHOR_OLD_NAME, hex, ANCHOR_OLD_HEX) != STORE_OK) {
		snprintf(err, errlen, "cannot read the former anchor keys: %s", store_errmsg(db));
		goto out;
	}
	rc = 0;
	if (!hex[0])
		goto out;
	rc = -1;
	if (sodium_hex2bin(sealed, ANCHOR_OLD_BYTES + BOX_OVERHEAD, hex, strlen(hex), NULL, &len,
			   NULL) != 0 ||
	    len <= BOX_OVERHEAD || (len - BOX_OVERHEAD) % SEC_KEY_BYTES != 0 ||
	    box_open(carry, ANCHOR_OLD_AAD, sealed, len, keys) != 0) {
		snprintf(err, errlen, "the former anchor keys do not open under this master key");
		goto out;
	}
	*n = (len - BOX_OVERHEAD) / SEC_KEY_BYTES;
	rc = 0;
out:
	free(hex);
	free(sealed);
	return rc;
}

int app_anchor_old_save(store *db, const uint8_t carry[SEC_KEY_BYTES],
			const uint8_t keys[][SEC_KEY_BYTES], size_t n)
{
	if (n > APP_ANCHOR_OLD_MAX)
		return STORE_ERROR;
	char *hex = malloc(ANCHOR_OLD_HEX);
	unsigned char *sealed = malloc(ANCHOR_OLD_BYTES + BOX_OVERHEAD);
	if (!hex || !sealed)
		log_fatal("out of memory");
	size_t len = n * SEC_KEY_BYTES + BOX_OVERHEAD;
	box_seal(carry, ANCHOR_OLD_AAD, keys, n * SEC_KEY_BYTES, sealed);
	sodium_bin2hex(hex, ANCHOR_OLD_HEX, sealed, len);
	int rc = app_setting_put(db, ANCHOR_OLD_NAME, hex);
	free(hex);
	free(sealed);
	return rc;
}

/* Puts the subkeys the database carries (if any) in place of a's derived
   ones, and refuses a database whose key rotation is unfinished unless
   a->cfg.key_rotation.  0, or -1 with err. */
static int carried_apply(store *s, const uint8_t master[SEC_KEY_BYTES], app *a, char *err,
			 size_t errlen)
{
	char phase[32];
	if (app_setting_get(s, APP_KEY_ROTATION, phase, sizeof phase) != STORE_OK) {
		snprintf(err, errlen, "cannot read the key rotation's state: %s", store_errmsg(s));
		return -1;
	}
	/* Unfinished until its last phase, which writes the rotation line in
	   the anchor: nothing may be anchored under the new key before it. */
	if (phase[0] && !a->cfg.key_rotation) {
		snprintf(err, errlen,
			 "a key rotation is unfinished: run `relais key rotate` again to finish it "
			 "before starting relais");
		return -1;
	}
	struct subkeys k;
	app_subkeys(master, &k);
	int rc = app_carried_load(s, &k, err, errlen);
	if (rc == 0) {
		memcpy(a->audit_key, k.carried[CARRIED_AUDIT], SEC_KEY_BYTES);
		memcpy(a->record_key, k.carried[CARRIED_RECORD], SEC_KEY_BYTES);
		memcpy(a->anchor_key, k.carried[CARRIED_ANCHOR], SEC_KEY_BYTES);
		memcpy(a->recovery_key, k.carried[CARRIED_RECOVERY], SEC_KEY_BYTES);
		rc = app_anchor_old_load(s, k.carry, a->anchor_old, &a->anchor_old_n, err, errlen);
	}
	sodium_memzero(&k, sizeof k);
	return rc;
}


int app_key_check_write(store *s, const uint8_t text_key[SEC_KEY_BYTES], int replace, char *err,
			size_t errlen)
{
	char have[256] = "";
	store_value name[] = {SV_TEXT(KEY_CHECK_NAME)};
	if (store_exec(s, ST_SETTING_GET, name, 1, check_row, have) != STORE_OK)
		goto fail;
	if (have[0] && !replace)
		return 0;
	unsigned char sealed[sizeof KEY_CHECK_TEXT + BOX_OVERHEAD];
	char hex[2 * sizeof sealed + 1];
	box_seal(text_key, "settings.key_check", KEY_CHECK_TEXT, sizeof KEY_CHECK_TEXT, sealed);
	sodium_bin2hex(hex, sizeof hex, sealed, sizeof sealed);
	store_value p[] = {SV_TEXT(KEY_CHECK_NAME), SV_TEXT(hex)};
	if (store_exec(s, ST_SETTING_PUT, p, 2, NULL, NULL) != STORE_OK)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "cannot write the key check: %s", store_errmsg(s));
	return -1;
}

/* 0 when the key opens the database's check value; -1 with err. */
static int key_check_verify(store *s, const uint8_t text_key[SEC_KEY_BYTES], const char *kp,
			    char *err, size_t errlen)
{
	char have[256] = "";
	store_value name[] = {SV_TEXT(KEY_CHECK_NAME)};
	if (store_exec(s, ST_SETTING_GET, name, 1, check_row, have) != STORE_OK) {
		snprintf(err, errlen, "cannot read the key check: %s", store_errmsg(s));
		return -1;
	}
	unsigned char sealed[128], plain[128];
	size_t len = 0;
	if (!have[0] || sodium_hex2bin(sealed, sizeof sealed, have, strlen(have), NULL, &len, NULL) != 0 ||
	    len <= BOX_OVERHEAD || box_open(text_key, "settings.key_check", sealed, len, plain) != 0) {
		snprintf(err, errlen,
			 "the key file %s does not belong to this database (wrong key): refusing to "
			 "start rather than write data nobody could read",
			 kp);
		return -1;
	}
	return 0;
}

static int is_postgres(const char *db)
{
	return strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0;
}

const char *app_default_key_file(const char *db, char *out, size_t outlen)
{
	if (is_postgres(db))
		return NULL;
	if ((size_t)snprintf(out, outlen, "%s.key", db) >= outlen)
		return NULL;
	return out;
}

const char *app_default_anchor_file(const char *db, const char *key_file, char *out,
				   size_t outlen)
{
	/* SQLite: beside the database, in the data directory. */
	const char *base = is_postgres(db) ? key_file : db;
	size_t n = strlen(base);
	if (is_postgres(db) && n > 4 && strcmp(base + n - 4, ".key") == 0)
		n -= 4;
	if ((size_t)snprintf(out, outlen, "%.*s.anchor", (int)n, base) >= outlen)
		return NULL;
	return out;
}

const char *app_anchor_file(const app *a)
{
	return anchor_path(a->anchor);
}

static const char *key_path(const char *db, const char *key_file, char *tmp, size_t tmplen,
			    char *err, size_t errlen)
{
	if (key_file)
		return key_file;
	const char *p = app_default_key_file(db, tmp, tmplen);
	if (!p)
		snprintf(err, errlen, "--key-file is required with PostgreSQL");
	return p;
}

/* Migration 19's sealing of the identity (persons_index.c), through a
   call of the command line on the open store s under the master key's
   subkeys; 0 or -1 with err. */
static int identity_seal(store *s, const uint8_t master[SEC_KEY_BYTES], char *err,
			 size_t errlen)
{
	struct app a;
	memset(&a, 0, sizeof a);
	derive_keys(master, a.audit_key, a.text_key);
	sec_key_derive(master, KEY_ID_IDENTITY, "relident", a.identity_key);
	sec_key_derive(master, KEY_ID_SEARCH, "relsearc", a.search_key);
	struct svc call;
	memset(&call, 0, sizeof call);
	call.app = &a;
	call.db = s;
	call.system = 1;
	int sealed = 0;
	int rc = persons_identity_seal(&call, &sealed, err, errlen);
	if (rc == 0) {
		/* Persons whose identity key is missing (cleared, or written before
		   migration 17): filled from their sealed names. */
		rc = store_begin(s) == STORE_OK && persons_identity_backfill(&call) == 0 &&
				     store_commit(s) == STORE_OK
			     ? 0
			     : -1;
		if (rc != 0) {
			snprintf(err, errlen, "cannot index the persons' identities: %s",
				 store_errmsg(s));
			store_rollback(s);
		}
	}
	if (rc == 0 && sealed)
		log_info("store: sealed the identity of %d person(s)", sealed);
	sodium_memzero(&a, sizeof a);
	return rc;
}

int app_init_database(const char *db, const char *key_file, int *applied, int *key_created,
		      char *err, size_t errlen)
{
	char tmp[4096];
	store *s = NULL;
	int rc = -1;
	if (key_created)
		*key_created = 0;
	const char *kp = key_path(db, key_file, tmp, sizeof tmp, err, errlen);
	if (!kp)
		return -1;
	/* The key first: a database without its key would be unreadable. */
	if (access(kp, F_OK) != 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "cannot access key file %s: %s", kp, strerror(errno));
			return -1;
		}
		if (sec_key_create(kp, err, errlen) != 0)
			return -1;
		if (key_created)
			*key_created = 1;
	}
	uint8_t master[SEC_KEY_BYTES], audit[SEC_KEY_BYTES], text[SEC_KEY_BYTES];
	if (sec_key_load(kp, master, err, errlen) != 0)
		return -1;
	derive_keys(master, audit, text);
	if (store_open(db, &s, err, errlen) != 0)
		goto out;
	if (store_migrate(s, applied) != STORE_OK) {
		snprintf(err, errlen, "migration failed: %s", store_errmsg(s));
		goto out;
	}
	/* An existing database must already match the key; a new one learns it. */
	if (app_key_check_write(s, text, 0, err, errlen) != 0 ||
	    key_check_verify(s, text, kp, err, errlen) != 0 ||
	    sealed_bind_rows(s, text, err, errlen) != 0 ||
	    identity_seal(s, master, err, errlen) != 0)
		goto out;
	/* The reference lists' first version, so servers may cache them. */
	if (reference_version_init(s) != STORE_OK) {
		snprintf(err, errlen, "cannot write the reference lists' version: %s",
			 store_errmsg(s));
		goto out;
	}
	rc = 0;
out:
	/* A key made for a database that turned out to have another: remove it. */
	if (rc != 0 && key_created && *key_created) {
		unlink(kp);
		*key_created = 0;
	}
	sodium_memzero(master, sizeof master);
	sodium_memzero(audit, sizeof audit);
	sodium_memzero(text, sizeof text);
	store_close(s);
	return rc;
}

int app_key_check(const char *db, const char *key_file, char *err, size_t errlen)
{
	char tmp[4096];
	uint8_t master[SEC_KEY_BYTES], audit[SEC_KEY_BYTES], text[SEC_KEY_BYTES];
	store *s = NULL;
	int rc = -1;
	const char *kp = key_path(db, key_file, tmp, sizeof tmp, err, errlen);
	if (!kp || sec_key_load(kp, master, err, errlen) != 0)
		return -1;
	derive_keys(master, audit, text);
	if (store_open(db, &s, err, errlen) == 0 && key_check_verify(s, text, kp, err, errlen) == 0)
		rc = 0;
	store_close(s);
	sodium_memzero(master, sizeof master);
	sodium_memzero(audit, sizeof audit);
	sodium_memzero(text, sizeof text);
	return rc;
}

/* The pool's durable hook: the highest head of a committed batch. */
static void anchor_durable(void *ctx, int64_t seq, const char *hash)
{
	app *a = ctx;
	anchor_append(a->anchor, a->anchor_key, AUDIT_ANCHOR_HEAD, seq, hash);
}

int app_open(const struct app_config *cfg, app **out, char *err, size_t errlen)
{
	char tmp[4096];
	uint8_t master[SEC_KEY_BYTES];
	store *s = NULL;
	app *a = calloc(1, sizeof *a);
	if (!a)
		log_fatal("out of memory");
	a->cfg = *cfg;
	if (a->cfg.connections < 1)
		a->cfg.connections = 1;
	if (a->cfg.report_read_alert < 1)
		a->cfg.report_read_alert = 20;
	/* A mistyped path must not become a new empty database. */
	if (!is_postgres(cfg->db) && access(cfg->db, F_OK) != 0) {
		snprintf(err, errlen, "database %s does not exist: create it with `relais init --db %s`",
			 cfg->db, cfg->db);
		goto fail;
	}
	const char *kp = key_path(cfg->db, cfg->key_file, tmp, sizeof tmp, err, errlen);
	if (!kp)
		goto fail;
	a->db = strdup(cfg->db);
	a->key_file = strdup(kp);
	if (!a->db || !a->key_file)
		log_fatal("out of memory");
	a->cfg.db = a->db;
	a->cfg.key_file = a->key_file;
	if (sec_key_load(kp, master, err, errlen) != 0)
		goto fail;
	derive_keys(master, a->audit_key, a->text_key);
	/* The persons' record keys for the bilan's perturbation (svc_record_key). */
	sec_key_derive(master, KEY_ID_RECORD, "relrecrd", a->record_key);
	/* The anchor lines' MAC key (service/audit.h). */
	sec_key_derive(master, KEY_ID_ANCHOR, "relanchr", a->anchor_key);
	/* The recovery codes' hash key (support/recovery.h). */
	sec_key_derive(master, KEY_ID_RECOVERY, RECOVERY_KEY_CONTEXT, a->recovery_key);
	/* The persons' identity index (service/persons.c). */
	sec_key_derive(master, KEY_ID_IDENTITY, "relident", a->identity_key);
	/* The names' blind index (service/persons_index.c). */
	sec_key_derive(master, KEY_ID_SEARCH, "relsearc", a->search_key);

	/* The connections are opened once: the checks below read through one
	   of them (a connection of its own would parse the schema once more,
	   and closing it, the last one, would checkpoint and delete the
	   write-ahead log the pool then creates again). */
	if (store_pool_open(cfg->db, a->cfg.connections, &a->pool, err, errlen) != 0)
		goto fail;
	/* Refuse a database this binary does not know how to read. */
	s = store_pool_acquire(a->pool);
	int version = store_schema_version(s);
	int key_ok = version == store_latest_version()
			     ? key_check_verify(s, a->text_key, kp, err, errlen)
			     : 0;
	/* Migration 19 recorded but its sealing not done (needs `relais init`). */
	char pending[256] = "";
	store_value seal[] = {SV_TEXT("identity_seal_pending")};
	if (key_ok == 0 && version == store_latest_version() &&
	    (store_exec(s, ST_SETTING_GET, seal, 1, check_row, pending) != STORE_OK || pending[0])) {
		snprintf(err, errlen,
			 "the identity of the persons is not sealed yet: run `relais init --db …` "
			 "first");
		key_ok = -1;
	}
	/* The subkeys a key rotation carried over replace the derived ones. */
	if (key_ok == 0 && version == store_latest_version())
		key_ok = carried_apply(s, master, a, err, errlen);
	sodium_memzero(master, sizeof master);
	store_pool_release(a->pool, s);
	if (key_ok != 0)
		goto fail;
	if (version < 0) {
		snprintf(err, errlen, "cannot read the schema version of %s", cfg->db);
		goto fail;
	}
	if (version != store_latest_version()) {
		snprintf(err, errlen,
			 "the database schema is at version %d, this relais needs %d: run `relais "
			 "init --db …` first",
			 version, store_latest_version());
		goto fail;
	}
	/* The access log's anchor, with the data. */
	char anchor_tmp[4096];
	const char *ap = cfg->anchor_file ? cfg->anchor_file
					  : app_default_anchor_file(cfg->db, kp, anchor_tmp,
								   sizeof anchor_tmp);
	if (!ap) {
		snprintf(err, errlen, "the anchor file path is too long: use --anchor");
		goto fail;
	}
	a->anchor = anchor_open(ap, cfg->server_id, cfg->anchor_syslog, err, errlen);
	if (!a->anchor)
		goto fail;
	a->cfg.anchor_file = anchor_path(a->anchor);
	/* Group commit: one anchor line a batch, written and synced before its
	   transactions return (svc.c hands the heads they appended). */
	store_pool_on_durable(a->pool, anchor_durable, a);
	if (throttle_gate_open(a, err, errlen) != 0)
		goto fail;
	*out = a;
	return 0;
fail:
	sodium_memzero(master, sizeof master);
	app_close(a);
	return -1;
}

void app_close(app *a)
{
	if (!a)
		return;
	store_pool_close(a->pool);
	anchor_close(a->anchor);
	throttle_gate_close(a);
	sodium_memzero(a->anchor_key, sizeof a->anchor_key);
	sodium_memzero(a->anchor_old, sizeof a->anchor_old);
	sodium_memzero(a->audit_key, sizeof a->audit_key);
	sodium_memzero(a->text_key, sizeof a->text_key);
	sodium_memzero(a->record_key, sizeof a->record_key);
	sodium_memzero(a->identity_key, sizeof a->identity_key);
	sodium_memzero(a->search_key, sizeof a->search_key);
	free(a->db);
	free(a->key_file);
	free(a);
}

const struct app_config *app_config(const app *a)
{
	return &a->cfg;
}
