/* migrations — see migrations.h. */
#include "store/migrations.h"

const struct migration migrations[] = {
	{1, "accounts, sessions and audit log",
		"CREATE TABLE users ("
		" id @ID@,"
		" login TEXT NOT NULL UNIQUE,"
		" name TEXT NOT NULL,"
		" role TEXT NOT NULL CHECK (role IN ('admin','head','worker','employer','auditor')),"
		" password_hash TEXT NOT NULL,"
		" active INTEGER NOT NULL DEFAULT 1,"
		" locked_until BIGINT NOT NULL DEFAULT 0,"
		" created_at BIGINT NOT NULL);"
		"CREATE TABLE login_failures ("
		" user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
		" at BIGINT NOT NULL);"
		"CREATE INDEX login_failures_user_at ON login_failures (user_id, at);"
		"CREATE TABLE sessions ("
		" token_hash TEXT PRIMARY KEY,"
		" user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
		" csrf_token TEXT NOT NULL,"
		" created_at BIGINT NOT NULL,"
		" last_seen_at BIGINT NOT NULL);"
		"CREATE INDEX sessions_user ON sessions (user_id);"
		/* Append-only: ids are given by the writer (last + 1) under a lock. */
		"CREATE TABLE audit_log ("
		" id BIGINT PRIMARY KEY,"
		" at BIGINT NOT NULL,"
		" actor_id BIGINT,"
		" actor_login TEXT,"
		" action TEXT NOT NULL,"
		" object_type TEXT,"
		" object_id TEXT,"
		" client_addr TEXT,"
		" prev_hash TEXT NOT NULL,"
		" hash TEXT NOT NULL);",
		/* SQLite: refuse changes to written audit rows. */
		"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
		" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
		"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
		" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
		/* PostgreSQL: the same with a trigger function. */
		"CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
		" BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$;"
		"CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log"
		" FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();"},
};

const int migrations_count = (int)(sizeof migrations / sizeof migrations[0]);
