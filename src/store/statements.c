/*
 * statements — the one table of SQL.  See statements.h.
 *
 * Conventions: ids are BIGINT, times are Unix seconds (BIGINT), booleans
 * are 0/1 integers, hashes and tokens are lowercase hex or base64url text.
 */
#include <stddef.h>

#include "store/statements.h"

#define AUDIT_COLUMNS \
	"id, at, actor_id, actor_login, action, object_type, object_id, client_addr, prev_hash, hash"

const struct stmt_def stmt_table[ST__COUNT] = {
	[ST_MIGRATIONS_ENSURE] = {"migrations_ensure",
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		" version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
		NULL, NULL},
	[ST_MIGRATIONS_MAX] = {"migrations_max",
		"SELECT COALESCE(MAX(version), 0) FROM schema_migrations", NULL, NULL},
	[ST_MIGRATION_RECORD] = {"migration_record",
		"INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
		NULL, NULL},
	/* Serialises concurrent `relais init` runs; SQLite's BEGIN IMMEDIATE already does. */
	[ST_MIGRATION_LOCK] = {"migration_lock", NULL,
		"SELECT 1",
		"SELECT pg_advisory_xact_lock(8243110607183246081)"},

	[ST_USER_INSERT] = {"user_insert",
		"INSERT INTO users (login, name, role, password_hash, created_at)"
		" VALUES ($1, $2, $3, $4, $5) RETURNING id",
		NULL, NULL},
	[ST_USER_BY_LOGIN] = {"user_by_login",
		"SELECT id, login, name, role, password_hash, active, locked_until"
		" FROM users WHERE login = $1",
		NULL, NULL},
	[ST_USER_LIST] = {"user_list",
		"SELECT id, login, name, role, active, locked_until, created_at"
		" FROM users ORDER BY login",
		NULL, NULL},
	[ST_USER_COUNT_ROLE] = {"user_count_role",
		"SELECT COUNT(*) FROM users WHERE role = $1", NULL, NULL},
	[ST_USER_SET_LOCK] = {"user_set_lock",
		"UPDATE users SET locked_until = $2 WHERE id = $1", NULL, NULL},
	[ST_LOGIN_FAILURE_INSERT] = {"login_failure_insert",
		"INSERT INTO login_failures (user_id, at) VALUES ($1, $2)", NULL, NULL},
	[ST_LOGIN_FAILURE_COUNT] = {"login_failure_count",
		"SELECT COUNT(*) FROM login_failures WHERE user_id = $1 AND at > $2", NULL, NULL},
	[ST_LOGIN_FAILURE_CLEAR] = {"login_failure_clear",
		"DELETE FROM login_failures WHERE user_id = $1", NULL, NULL},

	[ST_SESSION_INSERT] = {"session_insert",
		"INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)"
		" VALUES ($1, $2, $3, $4, $4)",
		NULL, NULL},
	[ST_SESSION_LOOKUP] = {"session_lookup",
		"SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at,"
		" u.login, u.name, u.role, u.active"
		" FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
		NULL, NULL},
	[ST_SESSION_TOUCH] = {"session_touch",
		"UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1", NULL, NULL},
	[ST_SESSION_DELETE] = {"session_delete",
		"DELETE FROM sessions WHERE token_hash = $1", NULL, NULL},
	/* $1: oldest last_seen_at still alive, $2: oldest created_at still alive. */
	[ST_SESSION_PURGE] = {"session_purge",
		"DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2", NULL, NULL},

	/* Taken before reading the chain's tail so two writers cannot fork it. */
	[ST_AUDIT_LOCK] = {"audit_lock", NULL,
		"SELECT 1",
		"LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE"},
	[ST_AUDIT_LAST] = {"audit_last",
		"SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", NULL, NULL},
	[ST_AUDIT_INSERT] = {"audit_insert",
		"INSERT INTO audit_log (" AUDIT_COLUMNS ")"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
		NULL, NULL},
	/* $1: last id already seen, $2: page size. */
	[ST_AUDIT_SCAN] = {"audit_scan",
		"SELECT " AUDIT_COLUMNS " FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
		NULL, NULL},
	[ST_AUDIT_RECENT] = {"audit_recent",
		"SELECT " AUDIT_COLUMNS " FROM audit_log ORDER BY id DESC LIMIT $1", NULL, NULL},
};
