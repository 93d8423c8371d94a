/* app — see app.h. */
#include "service/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "support/log.h"

/* Subkey ids under the master key: one per purpose, never reused. */
#define KEY_ID_AUDIT 1

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
	} else {
		uint8_t key[SEC_KEY_BYTES];
		int ok = sec_key_load(kp, key, err, errlen);
		sodium_memzero(key, sizeof key);
		if (ok != 0)
			return -1;
	}
	if (store_open(db, &s, err, errlen) != 0)
		return -1;
	if (store_migrate(s, applied) != STORE_OK) {
		snprintf(err, errlen, "migration failed: %s", store_errmsg(s));
		goto out;
	}
	rc = 0;
out:
	store_close(s);
	return rc;
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
	sec_key_derive(master, KEY_ID_AUDIT, "relaudit", a->audit_key);
	sodium_memzero(master, sizeof master);

	/* Refuse a database this binary does not know how to read. */
	if (store_open(cfg->db, &s, err, errlen) != 0)
		goto fail;
	int version = store_schema_version(s);
	store_close(s);
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
	if (store_pool_open(cfg->db, a->cfg.connections, &a->pool, err, errlen) != 0)
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
	sodium_memzero(a->audit_key, sizeof a->audit_key);
	free(a->db);
	free(a->key_file);
	free(a);
}

const struct app_config *app_config(const app *a)
{
	return &a->cfg;
}
