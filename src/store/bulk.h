/*
 * bulk — loading many rows of a few tables at once (a generated service,
 * service/scale.h), instead of one statement per row.
 *
 * A load runs inside the connection's open transaction.  Rows are given
 * table by table with typed values, in the columns named below; on
 * PostgreSQL they are buffered and sent with COPY … FROM STDIN (text
 * format), every table's pending rows in the order of enum bulk_table
 * (persons before their terms and cases, cases before their domains and
 * interventions, so foreign keys hold), whenever the buffers grow large
 * and at the end; on SQLite each row is one run of a prepared INSERT.
 * Rows given are therefore visible to other statements of the connection
 * only after store_bulk_end().
 *
 * The ids of persons and cases are given by the caller (a row's sealed
 * values are bound to its id): store_bulk_id() hands out ids reserved
 * from the table's own sequence (PostgreSQL's identity sequence, SQLite's
 * AUTOINCREMENT counter), never given to another writer.  Reserved ids
 * left unused leave gaps, as a rolled-back insert does.
 *
 * Any failure (a constraint, a lost connection) marks the transaction
 * failed: every later call fails, store_commit() refuses and nothing of
 * the transaction stays.  Table and column names are constants of this
 * module, never the caller's.
 */
#ifndef RELAIS_STORE_BULK_H
#define RELAIS_STORE_BULK_H

#include <stdint.h>

#include "store/store.h"

enum bulk_table {
	BULK_PERSONS,
	BULK_PERSON_TERMS,
	BULK_CONSENTS,
	BULK_CASES,
	BULK_CASE_DOMAINS,
	BULK_INTERVENTIONS,
	BULK__COUNT
};

/* The columns of each table's rows, in order. */
enum bulk_person_col {
	BULK_PERSON_ID, BULK_PERSON_ORGANISATION_ID, BULK_PERSON_REFERENT_ID,
	BULK_PERSON_BIRTH_YEAR, BULK_PERSON_SEX, BULK_PERSON_STATUS, BULK_PERSON_CATEGORY,
	BULK_PERSON_FAMILY_SITUATION, BULK_PERSON_CONSENT_ACCOMPANIMENT_ON,
	BULK_PERSON_CONSENT_STATISTICS, BULK_PERSON_CONSENT_STATISTICS_ON, BULK_PERSON_IMPORT_REF,
	BULK_PERSON_CREATED_AT, BULK_PERSON_UPDATED_AT, BULK_PERSON_IDENTITY_KEY,
	BULK_PERSON_ACTIVE_FROM, BULK_PERSON_ACTIVE_TO,
	/* sealed (blobs) */
	BULK_PERSON_LAST_NAME, BULK_PERSON_FIRST_NAME, BULK_PERSON_BIRTH_DATE,
	BULK_PERSON_JOB_TITLE, BULK_PERSON_PHONE, BULK_PERSON_EMAIL, BULK_PERSON_ADDRESS,
	BULK_PERSON__COUNT
};
enum bulk_term_col { BULK_TERM_PERSON_ID, BULK_TERM_TERM, BULK_TERM__COUNT };
/* A person's consent change (consent_changes, service/persons.h). */
enum bulk_consent_col {
	BULK_CONSENT_PERSON_ID, BULK_CONSENT_KIND, BULK_CONSENT_GIVEN, BULK_CONSENT_ON_DATE,
	BULK_CONSENT_RECORDED_AT, BULK_CONSENT_ACTOR_ID, BULK_CONSENT__COUNT
};
enum bulk_case_col {
	BULK_CASE_ID, BULK_CASE_PERSON_ID, BULK_CASE_REFERENT_ID, BULK_CASE_OPENED_ON,
	BULK_CASE_CLOSED_ON, BULK_CASE_REFERRAL_SOURCE, BULK_CASE_OUTCOME, BULK_CASE_IMPORT_REF,
	BULK_CASE_CREATED_AT, BULK_CASE_UPDATED_AT, BULK_CASE__COUNT
};
enum bulk_domain_col { BULK_DOMAIN_CASE_ID, BULK_DOMAIN_CODE, BULK_DOMAIN__COUNT };
enum bulk_intervention_col {
	BULK_IV_CASE_ID, BULK_IV_AUTHOR_ID, BULK_IV_DATE, BULK_IV_MODE, BULK_IV_KIND,
	BULK_IV_DURATION_MINUTES, BULK_IV_NOTES, BULK_IV_PRIVATE_NOTE, BULK_IV_CREATED_AT,
	BULK_IV__COUNT
};

/* A load under way (opaque). */
typedef struct store_bulk store_bulk;

/*
 * Readies s for a load (on: 1) or back to its usual settings (0), outside
 * any transaction.  SQLite: the triggers that keep each person's span of
 * activity (migration 33) make every row's INSERT keep a statement
 * journal, which in a load's one large transaction goes to a temporary
 * file row after row; during the load SQLite keeps it in memory
 * (temp_store, decided when a transaction begins).  Not kept after: a
 * VACUUM would build its whole copy there.  PostgreSQL: nothing to do.
 */
int store_bulk_prepare(store *s, int on);

/*
 * Starts a load on s, which must be inside a transaction of its own (not
 * a grouped connection's turn: see store_pool_open).  STORE_OK with *out,
 * or an enum store_rc with store_errmsg(s) saying why.
 */
int store_bulk_begin(store *s, store_bulk **out);
/* A new id for a row of table t (BULK_PERSONS or BULK_CASES) into *id. */
int store_bulk_id(store_bulk *b, enum bulk_table t, int64_t *id);
/* One row of table t: n values, n being the table's column count. */
int store_bulk_row(store_bulk *b, enum bulk_table t, const store_value *v, int n);
/*
 * Sends what is pending and frees b (accepts NULL).  STORE_OK when every
 * row was written; otherwise the transaction is marked failed (commit
 * refused) and store_errmsg() of the connection says why.
 */
int store_bulk_end(store_bulk *b);

#endif
