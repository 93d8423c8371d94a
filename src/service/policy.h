/*
 * policy — which role may do what: one table (action → roles) that the
 * router consults before a handler runs and every use case consults again
 * before touching data.  A test walks every route × role through it.
 */
#ifndef RELAIS_POLICY_H
#define RELAIS_POLICY_H

#include "domain/role.h"

enum action {
	ACT_PUBLIC,       /* anyone, signed in or not */
	ACT_SIGNED_IN,    /* any signed-in user (own session, home page) */
	ACT_USERS_READ,   /* list accounts */
	ACT_USERS_CREATE, /* create accounts */
	ACT_AUDIT_READ,   /* read and verify the access log */
	ACT_REFERENCE_READ, /* read the reference lists */
	ACT_REFERENCE_EDIT, /* add, rename, retire reference entries */
	ACT_ORGS_READ,    /* organisations: all (admin, head) or assigned ones (worker) */
	ACT_ORGS_EDIT,    /* create organisations, record headcounts */
	ACT_ORGS_ASSIGN,  /* assign workers to organisations */
	ACT_CASEWORK,     /* create persons and cases, search and list one's caseload */
	ACT_RECORD,       /* open a person or case by id: the service then lets only the
			     référent and live shares in (everyone else: not found) */
	ACT_CASELOADS,    /* caseload sizes per worker, moving a whole caseload */
	ACT_REPORTS,      /* the bilan: the head any, an employer its own published ones */
	ACT_BILAN_PUBLISH, /* publish the employers' bilans of a closed year (head) */
	ACT_CONVENTIONS_EDIT, /* record an organisation's conventions */
	ACT_HOURS_READ,   /* conventions and hours: staff any, an employer its own */
	ACT_TIME,         /* record one's time for an organisation */
	ACT_PARTNERS_READ, /* the partner directory: search, read (no personal data) */
	ACT_PARTNERS_ADD,  /* add a partner to the directory */
	ACT_PARTNERS_EDIT, /* correct a partner, merge duplicates */
	ACT_COLLECTIVE_READ, /* collective actions: head all, workers their organisations',
				an employer its own */
	ACT_COLLECTIVE_EDIT, /* record collective actions (head; workers in their organisations) */
	ACT_PERMANENCES_EDIT, /* create permanences for a worker (head, admin) */
	ACT_PERMANENCES_READ, /* permanence timetables: staff any, a worker her own,
				 an employer its organisation's */
	ACT_PERMANENCE_EXCEPTIONS, /* cancel one occurrence (head, admin; a worker her own) */
	ACT_APPOINTMENTS,     /* book and follow appointments (a worker her own; the head
				 books first contacts for a worker, without persons; the
				 reception books and moves any worker's, without records) */
	ACT_CALENDAR,         /* one's private iCalendar feed */
	ACT_REQUESTS_SEND,   /* an employer sends a request for intervention (its organisation) */
	ACT_REQUESTS_READ,   /* employer requests: an employer its own, workers their
				organisations', the head all; closing one */
	ACT_REQUESTS_REPLY,  /* answer an employer's request (workers of the organisation, head) */
	ACT_REQUEST_LINKS,   /* create or revoke an organisation's public request link */
	ACT_EMPLOYEE_REQUESTS, /* employees' requests to be contacted: list, convert, dismiss
				  (workers of the organisation only) */
	ACT_PROPOSALS,        /* the two-person rule: one's proposals and what awaits one's
				 confirmation (twoperson.h decides who may confirm) */
	ACT_ERASURES,         /* erasure requests (service/rights.h): a worker lists her own,
				 a head lists, confirms or refuses them */
	ACT_RETENTION,        /* the purge's bordereau and the archives' visas (head) */
	ACT_LETTER_TEMPLATES, /* upload, retire letter templates (head, admin; letters.h) */
	ACT_LETTER_TEMPLATES_READ, /* list and download the letter templates (no personal data) */
	ACT__COUNT
};

struct policy_rule {
	const char *name; /* stable name, for tests and logs */
	unsigned roles;   /* ROLE_BIT() of the roles allowed; ROLE_NONE bit = anonymous */
};

extern const struct policy_rule policy_table[ACT__COUNT];

/* 1 when role may perform action; ROLE_NONE means not signed in. */
int policy_allows(enum role role, enum action action);
/* 1 when the action needs a signed-in user. */
int policy_needs_session(enum action action);
const char *policy_action_name(enum action action);

#endif
