/*
 * caseloads — who carries which cases: a case handed over to a colleague
 * (by its référent or the head), and the head's view of every worker's
 * caseload size (never a name) with the transfer of a whole caseload.
 */
#ifndef RELAIS_CASELOADS_H
#define RELAIS_CASELOADS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

/*
 * Hands case case_id over to worker login (the référent or the head may;
 * audited case.handover).  The person follows their case.  The new
 * référent must serve the person's organisation (SVC_INVALID "login").
 */
int caseloads_handover(svc *s, int64_t case_id, const char *login);

/*
 * Under the two-person rule (twoperson.h) caseloads_handover and
 * caseloads_transfer record a proposal and answer SVC_PENDING: the
 * receiving worker accepts.  The _apply functions make the change itself
 * (audited case.handover, caseload.transfer) for twoperson_confirm, or at
 * once when the rule does not apply; no policy check.
 * caseloads_handover_apply checks that the case's référent is still from
 * (SVC_CONFLICT; from 0: anyone) and that to serves the person's
 * organisation (SVC_INVALID "login").
 */
int caseloads_handover_apply(svc *s, int64_t case_id, int64_t from, int64_t to);
int caseloads_transfer_apply(svc *s, int64_t from, int64_t to, int64_t *cases, int64_t *persons);

/* The input of caseloads_handover (domain/field.h). */
struct handover_input {
	const char *login; /* the new référent */
};
enum { HANDOVER_LOGIN, HANDOVER__FIELDS };
extern const struct field caseloads_handover_fields[HANDOVER__FIELDS];

struct caseload_size {
	const char *login;
	const char *name;
	int64_t open_cases;
	int64_t all_cases;
	int64_t persons;
};
typedef int (*caseload_fn)(void *ctx, const struct caseload_size *c);

/* Caseload sizes per worker (policy caseloads: the head). */
int caseloads_sizes(svc *s, caseload_fn fn, void *ctx);
/* Moves every person and case of worker from to worker to, who is
   assigned to their organisations (policy caseloads; audited
   caseload.transfer).  *cases and *persons (may be NULL) get the counts. */
int caseloads_transfer(svc *s, const char *from, const char *to, int64_t *cases,
		      int64_t *persons);

/* The input of caseloads_transfer (domain/field.h), in the order the
   service checks them. */
struct transfer_input {
	const char *from; /* the worker whose caseload moves */
	const char *to;   /* the worker who takes it */
};
enum { TRANSFER_FROM, TRANSFER_TO, TRANSFER__FIELDS };
extern const struct field caseloads_transfer_fields[TRANSFER__FIELDS];

#endif
