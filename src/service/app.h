/*
 * app — the running service: configuration, the master key and the pool
 * of database connections.  One per process; owned by main.  Adapters get
 * work done through svc (svc.h), never through the store.
 */
#ifndef RELAIS_APP_H
#define RELAIS_APP_H

#include <stddef.h>

typedef struct app app;

struct app_config {
	const char *db;       /* SQLite file path or postgresql:// URI */
	const char *key_file; /* NULL: the SQLite path + ".key" (required with PostgreSQL) */
	int connections;      /* database connections in the pool (>= 1) */
	int session_idle;     /* seconds of inactivity before a session ends */
	int session_max;      /* seconds after sign-in before a session ends */
	int secure_cookies;   /* served over TLS: absolute links in https */
	int plain_http_cookie; /* cookies without Secure nor the __Host- prefix (plain HTTP
				  from another host); default: Secure and __Host- */
	int report_read_alert; /* report reads a day by one employer account above
				  which the auditor is alerted; < 1: the default, 20 */
	const char *anchor_file; /* the access log's anchor (service/audit.h); NULL:
				    app_default_anchor_file() */
	const char *server_id;   /* names this server in its anchor lines; NULL: the
				    host name */
	int anchor_syslog;       /* also send each anchor line to syslog */
	struct oidc_provider *oidc; /* single sign-on (support/oidc.h), NULL: off; owned by the caller */
	int key_rotation;        /* relais key rotate: open a database whose rotation is
				    unfinished (refused otherwise) */
};

/*
 * Creates the key file if missing and brings the schema up to date.
 * *applied (may be NULL) gets the number of migrations run, *key_created
 * (may be NULL) whether a key file was written.  0 or -1 with err.
 */
int app_init_database(const char *db, const char *key_file, int *applied, int *key_created,
		      char *err, size_t errlen);

/*
 * Opens the service: loads the key, opens the pool, and refuses a schema
 * that is not the one this binary was built for.  0 or -1 with err.
 */
int app_open(const struct app_config *cfg, app **out, char *err, size_t errlen);
void app_close(app *a); /* accepts NULL */

/*
 * The key check alone: 0 when the master key in key_file (NULL: the
 * default beside a SQLite file) opens the known value sealed in db at
 * `relais init`; -1 with err otherwise (wrong key, unreadable key file or
 * database).  For relais check and restore, before a database is used.
 */
int app_key_check(const char *db, const char *key_file, char *err, size_t errlen);
const struct app_config *app_config(const app *a);

/* The key file path for db when none is given (NULL for PostgreSQL). */
const char *app_default_key_file(const char *db, char *out, size_t outlen);

/* The anchor file path when none is given: DB.anchor beside a SQLite
   database (the data directory); with PostgreSQL, the key file's path
   with ".key" replaced by (or followed by) ".anchor". */
const char *app_default_anchor_file(const char *db, const char *key_file, char *out,
				   size_t outlen);
/* The anchor file in use. */
const char *app_anchor_file(const app *a);

#endif
