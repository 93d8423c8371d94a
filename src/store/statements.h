/*
 * statements — every SQL statement relais runs, one table for both back
 * ends, chosen by index.  Parameters are $1…$n (bound, never spliced).
 * An entry may carry a back-end specific text where the dialects differ;
 * otherwise the portable text serves both.
 *
 * To add a statement: add its index here (before ST__COUNT) and its text
 * in statements.c; a unit test checks that every index has a text.
 */
#ifndef RELAIS_STATEMENTS_H
#define RELAIS_STATEMENTS_H

enum stmt {
	/* schema_migrations bookkeeping */
	ST_MIGRATIONS_ENSURE,
	ST_MIGRATIONS_MAX,
	ST_MIGRATION_RECORD,
	ST_MIGRATION_LOCK,

	/* users */
	ST_USER_INSERT,
	ST_USER_BY_LOGIN,
	ST_USER_LIST,
	ST_USER_COUNT_ROLE,
	ST_USER_SET_LOCK,
	ST_LOGIN_FAILURE_INSERT,
	ST_LOGIN_FAILURE_COUNT,
	ST_LOGIN_FAILURE_CLEAR,

	/* sessions */
	ST_SESSION_INSERT,
	ST_SESSION_LOOKUP,
	ST_SESSION_TOUCH,
	ST_SESSION_DELETE,
	ST_SESSION_PURGE,

	/* audit log */
	ST_AUDIT_LOCK,
	ST_AUDIT_LAST,
	ST_AUDIT_INSERT,
	ST_AUDIT_SCAN,
	ST_AUDIT_RECENT,

	ST__COUNT
};

struct stmt_def {
	const char *name;     /* short name for logs and errors */
	const char *sql;      /* portable text, used when no override below */
	const char *sqlite;   /* SQLite-only text, or NULL */
	const char *postgres; /* PostgreSQL-only text, or NULL */
};

/* The table, indexed by enum stmt. */
extern const struct stmt_def stmt_table[ST__COUNT];

#endif
