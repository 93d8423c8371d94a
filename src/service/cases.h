/*
 * cases — accompaniments (*accompagnements*, *suivis*): a person, a
 * référent, dates, the referral source, the domains, a diagnosis and an
 * action plan (free text, encrypted at rest), an outcome at closure.
 *
 * Secrecy: a case opens for its référent and for holders of a live share;
 * everyone else gets SVC_NOT_FOUND and the attempt is audited.
 */
#ifndef RELAIS_CASES_H
#define RELAIS_CASES_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

#define CASE_DOMAINS_MAX 20
#define CASE_TEXT_MAX 20000 /* bytes of diagnosis or action plan */

/* What a form or JSON body gives.  For an update a NULL field is kept. */
struct case_input {
	int64_t person_id;          /* creation only */
	const char *opened_on;      /* YYYY-MM-DD */
	const char *referral_source; /* reference list referral_source */
	const char *const *domains; /* domain or theme codes, ndomains of them */
	int ndomains;               /* -1: unchanged (update) */
	const char *diagnosis;      /* free text ("" clears) */
	const char *action_plan;    /* free text ("" clears) */
	const char *closed_on;      /* closing: with outcome */
	const char *outcome;        /* reference list outcome */
	const char *import_ref;     /* the spreadsheet's reference (import only) */
	const char *referent;       /* import only: the référent's login (a worker,
				       assigned to the person's organisation if not yet) */
};

/*
 * The input of cases_create and cases_update, declared once for the form,
 * the JSON body and the CSV import (domain/field.h), in the order the
 * service checked them.  An update reads from CASE_OPENED_ON on; closing a
 * case reads CASE_CLOSED_ON and CASE_OUTCOME.  The domains, a list, are
 * the member or form field CASES_DOMAINS.
 */
enum { CASE_PERSON_ID, CASE_OPENED_ON, CASE_CLOSED_ON, CASE_OUTCOME, CASE_REFERRAL_SOURCE,
       CASE_DIAGNOSIS, CASE_ACTION_PLAN, CASE__FIELDS };
extern const struct field cases_fields[CASE__FIELDS];
#define CASES_DOMAINS "domains"

/* A case as shown.  Strings valid during the callback only. */
struct case_view {
	int64_t id;
	int64_t person_id;
	const char *last_name;   /* the person's */
	const char *first_name;
	const char *referent;    /* login */
	const char *opened_on;
	const char *closed_on;   /* NULL while open */
	const char *referral_source;
	const char *outcome;     /* NULL while open */
	const char *const *domains; /* ndomains codes (NULL in lists) */
	int ndomains;
	const char *diagnosis;   /* decrypted; NULL in lists or when empty */
	const char *action_plan;
	int64_t created_at;
	int64_t updated_at;
};

typedef int (*case_fn)(void *ctx, const struct case_view *c);

/*
 * Opens a case for a person the caller may open (policy casework); the
 * caller becomes its référent.  Refused (SVC_CONFLICT on person_id) while
 * the person has an open case with another référent: she shares it or
 * hands it over instead, so that a share, once ended, leaves nothing.  SVC_INVALID names the field (person_id,
 * opened_on, referral_source, domains, closed_on, outcome).
 */
int cases_create(svc *s, const struct case_input *in, int64_t *id);

/* Reads one case with its decrypted texts (audited case.read). */
int cases_get(svc *s, int64_t id, case_fn fn, void *ctx);

/* Changes domains, texts, dates, or closes the case (audited case.update;
   closing is audited case.close). */
int cases_update(svc *s, int64_t id, const struct case_input *in);

/* The caller's caseload (référent or live share); status "open", "closed"
   or "all" (policy casework; audited case.list). */
int cases_list(svc *s, const char *status, case_fn fn, void *ctx);

/* One page of the caseload (service/paging.h), newest opened first, then
   by id, and its number (audited case.list).  SVC_INVALID ("status",
   "after") for an unknown status or a cursor this list did not write. */
struct page;
int cases_page(svc *s, const char *status, struct page *pg, case_fn fn, void *ctx);

/* The cases of a person the caller may open (for the person's page). */
int cases_of_person(svc *s, int64_t person_id, case_fn fn, void *ctx);

/* Whether the caller may open case id (no audit): 1, 0, or -1 on error. */
int cases_may_access(svc *s, int64_t id);

/* The door of every record attached to a case (interventions,
   orientations…), opening the use case's transaction (svc_gate_begin):
   SVC_OK with it open when the caller may open case_id, the check and the
   read or write seeing one state (and, on SQLite, reading on the writer,
   whose cache stays warm); otherwise the attempt is audited as `denied`
   and the answer is SVC_NOT_FOUND (SVC_FORBIDDEN for a role without
   policy record). */
int cases_gate_begin(svc *s, int64_t case_id, const char *denied);

/* Who carries a case (no policy check: for the use cases of sharing and
   caseloads, which check first). */
struct case_owner {
	int found;               /* 0: no such case */
	int64_t referent_id;
	int64_t person_id;
	int64_t organisation_id;
};
/* Loads o for case_id; 0, or -1 on a store error. */
int cases_owner(svc *s, int64_t case_id, struct case_owner *o);
/* SVC_OK when the caller is the case's référent (o loaded); SVC_FORBIDDEN
   for a share holder; SVC_NOT_FOUND (the attempt audited as denied) for
   anyone else. */
int cases_referent_only(svc *s, int64_t case_id, struct case_owner *o, const char *denied);
/* The same as the first step of a write (svc_gate_begin): SVC_OK with the
   write's transaction open, else none left open. */
int cases_referent_begin(svc *s, int64_t case_id, struct case_owner *o, const char *denied);
/* Its check alone, inside the caller's open transaction (left open on
   SVC_OK only). */
int cases_referent_in_tx(svc *s, int64_t case_id, struct case_owner *o, const char *denied);

#endif
