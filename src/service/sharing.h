/*
 * sharing — continuity of a case when its référent is away or leaves:
 * a dated share with a colleague (absence, replacement), handing a case
 * over, and the head moving a whole caseload.  The head sees caseload
 * sizes per worker, never a name.
 */
#ifndef RELAIS_SHARING_H
#define RELAIS_SHARING_H

#include <stdint.h>

#include "service/svc.h"

#define SHARE_REASON_MAX 200
#define SHARE_DAYS_MAX 366

struct share_view {
	int64_t id;
	const char *login;      /* the colleague */
	const char *name;
	const char *until;      /* last day of access, YYYY-MM-DD */
	const char *reason;
	const char *granted_by; /* login */
	int live;               /* not ended and not past */
};

typedef int (*share_fn)(void *ctx, const struct share_view *v);

/*
 * Gives colleague login access to case case_id until a date (at most a
 * year ahead) for a reason (audited share.create).  Only the référent may;
 * a colleague holding a share gets SVC_FORBIDDEN, anyone else
 * SVC_NOT_FOUND.  SVC_INVALID names the field (login, until, reason).
 */
int sharing_create(svc *s, int64_t case_id, const char *login, const char *until,
		  const char *reason, int64_t *id);
/* Ends the colleague's live share now (audited share.delete); SVC_NOT_FOUND
   when there is none. */
int sharing_end(svc *s, int64_t case_id, const char *login);
/* The shares of a case, newest first (référent and share holders). */
int sharing_list(svc *s, int64_t case_id, share_fn fn, void *ctx);

/*
 * Hands case case_id over to worker login (the référent or the head may;
 * audited case.handover).  The person follows their case.  The new
 * référent must serve the person's organisation (SVC_INVALID "login").
 */
int cases_handover(svc *s, int64_t case_id, const char *login);

struct caseload_size {
	const char *login;
	const char *name;
	int64_t open_cases;
	int64_t all_cases;
	int64_t persons;
};
typedef int (*caseload_fn)(void *ctx, const struct caseload_size *c);

/* Caseload sizes per worker (policy caseloads: the head). */
int caseload_sizes(svc *s, caseload_fn fn, void *ctx);
/* Moves every person and case of worker from to worker to, who is
   assigned to their organisations (policy caseloads; audited
   caseload.transfer).  *cases and *persons (may be NULL) get the counts. */
int caseload_transfer(svc *s, const char *from, const char *to, int64_t *cases,
		      int64_t *persons);

#endif
