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

	/* settings */
	ST_SETTING_GET,
	ST_SETTING_PUT,

	/* reference lists */
	ST_REF_LIST,
	ST_REF_GET,
	ST_REF_INSERT,
	ST_REF_UPDATE,

	/* organisations, headcounts, assignments */
	ST_ORG_INSERT,
	ST_ORG_LIST,
	ST_ORG_LIST_ASSIGNED,
	ST_ORG_BY_CODE,
	ST_ORG_BY_ID,
	ST_HEADCOUNT_PUT,
	ST_HEADCOUNT_LIST,
	ST_ASSIGN_INSERT,
	ST_ASSIGN_DELETE,
	ST_ASSIGN_LIST,
	ST_ASSIGN_CHECK,

	/* persons */
	ST_PERSON_INSERT,
	ST_PERSON_GET,
	ST_PERSON_ACCESS,
	ST_PERSON_UPDATE,
	ST_PERSON_SEARCH,

	/* cases */
	ST_CASE_INSERT,
	ST_CASE_GET,
	ST_CASE_ACCESS,
	ST_CASE_UPDATE,
	ST_CASE_LIST,
	ST_CASE_DOMAIN_INSERT,
	ST_CASE_DOMAINS_DELETE,
	ST_CASE_DOMAINS,
	ST_CASES_OF_PERSON,

	/* interventions */
	ST_INTERVENTION_INSERT,
	ST_INTERVENTIONS_OF_CASE,

	/* sharing and continuity */
	ST_SHARE_INSERT,
	ST_SHARE_END,
	ST_SHARES_OF_CASE,
	ST_CASE_OWNER,
	ST_CASE_SET_REFERENT,
	ST_PERSON_SET_REFERENT,
	ST_CASELOAD_ASSIGN,
	ST_CASELOAD_MOVE_CASES,
	ST_CASELOAD_MOVE_PERSONS,
	ST_CASELOAD_SIZES,

	/* the dashboard: $1 the worker, $2 today, $3 a limit date (counts: the dates only) */
	ST_DASH_NO_CONTACT,
	ST_DASH_NO_CONTACT_COUNT,
	ST_DASH_SHARES_ENDING,
	ST_DASH_SHARES_ENDING_COUNT,

	/* conventions and hours: $1 organisation id */
	ST_CONVENTION_INSERT,
	ST_CONVENTIONS_OF_ORG,
	ST_CONVENTIONS_IN_PERIOD,
	ST_TIME_INSERT,
	ST_HOURS_SPENT,
	/* financial aid requests */
	ST_AID_INSERT,
	ST_AID_GET,
	ST_AID_ACCESS,
	ST_AID_DECIDE,
	ST_AIDS_OF_CASE,
	ST_AIDS_WAITING,
	ST_AIDS_WAITING_COUNT,

	/* budget diagnoses */
	ST_BUDGET_UPSERT,
	ST_BUDGET_LINES_DELETE,
	ST_BUDGET_LINE_INSERT,
	ST_BUDGET_GET,
	ST_BUDGET_LINES,
	ST_BUDGET_HISTORY,

	/* import */
	ST_PERSON_BY_REF,
	ST_CASE_BY_REF,
	ST_PERSON_ADOPT,
	ST_PERSON_ORG,

	/* the bilan: $1 first day, $2 last day of the period, $3 organisation id or 0 */
	ST_REPORT_FOLLOWED,
	ST_REPORT_DOMAINS,
	ST_REPORT_NEW_CASES,
	ST_REPORT_CLOSED_CASES,
	ST_REPORT_INTERVENTIONS,
	ST_REPORT_HEADCOUNT,
	/* field records: $1, $2, $3 as above; $4 today */
	ST_REPORT_AIDS,
	ST_REPORT_ORIENTATIONS,
	ST_REPORT_ACTIONS,
	ST_REPORT_LONG_LEAVES,
	ST_REPORT_RETENTION,

	/* the partner directory */
	ST_PARTNER_INSERT,
	ST_PARTNER_GET,
	ST_PARTNER_SEARCH,
	ST_PARTNER_UPDATE,
	ST_PARTNER_MERGE,
	ST_PARTNER_REPOINT,

	/* orientations */
	ST_ORIENTATION_INSERT,
	ST_ORIENTATION_GET,
	ST_ORIENTATIONS_OF_CASE,
	ST_ORIENTATION_SET_STATUS,
	ST_ORIENTATIONS_OVERDUE,
	ST_ORIENTATION_EXPIRE,
	ST_ORIENTATIONS_WAITING,
	ST_ORIENTATIONS_WAITING_COUNT,
	ST_ORIENTATIONS_MOVE_PARTNER,
	/* collective actions */
	ST_ACTION_INSERT,
	ST_ACTION_LIST,
	ST_ACTION_PARTNER_INSERT,
	ST_ACTION_PARTNERS_MOVE,
	ST_ACTION_PARTNERS_DROP,

	/* job retention */
	ST_RETENTION_GET,
	ST_RETENTION_PUT,
	ST_LEAVE_INSERT,
	ST_LEAVE_UPDATE,
	ST_LEAVE_DELETE,
	ST_LEAVES_OF_CASE,
	ST_PART_TIME_INSERT,
	ST_PART_TIME_DELETE,
	ST_PART_TIMES_OF_CASE,
	ST_LONG_LEAVES,

	/* employer requests: $1 an organisation id (0: all), $2 a worker (0: any) */
	ST_EREQ_INSERT,
	ST_EREQ_LIST,
	ST_EREQ_REPLIES,
	ST_EREQ_GET,
	ST_EREQ_REPLY_INSERT,
	ST_EREQ_SET_STATUS,
	ST_EREQ_OPEN,
	ST_EREQ_OPEN_COUNT,
	/* public request links and their rate limit */
	ST_LINK_PUT,
	ST_LINK_DELETE,
	ST_LINK_OF_ORG,
	ST_LINK_BY_HASH,
	ST_LINK_HITS_CLIENT,
	ST_LINK_HITS_LINK,
	ST_LINK_HIT_INSERT,
	ST_LINK_HITS_PURGE,
	/* employee requests */
	ST_EMPREQ_INSERT,
	ST_EMPREQ_LIST,
	ST_EMPREQ_GET,
	ST_EMPREQ_SET,
	ST_EMPREQ_PENDING,
	ST_EMPREQ_PENDING_COUNT,

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
