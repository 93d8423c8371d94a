/*
 * migrations — the numbered schema changes, written once in portable SQL.
 *
 * Tokens replaced per back end before running:
 *   @ID@     an auto-increment BIGINT primary key
 *   @BLOB@   a binary column (BLOB / BYTEA)
 * A migration may add back-end specific SQL (triggers, functions) in
 * sqlite_extra / postgres_extra, run after the portable part in the same
 * transaction.  Versions are 1, 2, 3… in order; never edit one that has
 * shipped: add a new one.
 */
#ifndef RELAIS_MIGRATIONS_H
#define RELAIS_MIGRATIONS_H

struct migration {
	int version;                /* 1-based, consecutive */
	const char *name;           /* short description, recorded in schema_migrations */
	const char *sql;            /* portable DDL, several statements separated by ';' */
	const char *sqlite_extra;   /* SQLite-only DDL or NULL */
	const char *postgres_extra; /* PostgreSQL-only DDL or NULL */
	const char *data;           /* portable rows to insert (reference data) or NULL */
};

/* The reference lists shipped with migration 2 (reference_seed.c). */
extern const char migration_reference_seed[];
/* The reference lists added with migration 4 (reference_seed.c). */
extern const char migration_retention_seed[];

extern const struct migration migrations[];
extern const int migrations_count;

#endif
