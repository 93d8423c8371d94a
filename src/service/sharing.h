/*
 * sharing — continuity of a case while its référent is away: a dated share
 * with a colleague (absence, replacement).  Handing a case over and moving
 * a whole caseload are caseloads.h.
 */
#ifndef RELAIS_SHARING_H
#define RELAIS_SHARING_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

#define SHARE_REASON_MAX 200
#define SHARE_DAYS_MAX 366

/* What a form or a JSON body gives to share a case (sharing_create). */
struct share_input {
	const char *login;  /* the colleague */
	const char *until;  /* last day of access, YYYY-MM-DD */
	const char *reason; /* absence, replacement…: one line */
};
/* The input of sharing_create, declared once for the form and the JSON
   body (domain/field.h), in the order the service checks them. */
enum { SHARE_LOGIN, SHARE_UNTIL, SHARE_REASON, SHARE__FIELDS };
extern const struct field sharing_fields[SHARE__FIELDS];

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
/* The shares of a case, newest first (référent and share holders; audited
   share.list, a refusal share.list_denied). */
int sharing_list(svc *s, int64_t case_id, share_fn fn, void *ctx);

/* A colleague a case may be shared with or handed over to.  Strings valid
   during the callback only. */
struct colleague {
	const char *login, *name;
};
typedef int (*colleague_fn)(void *ctx, const struct colleague *c);
/*
 * The active social workers other than the caller, by name: the choices of
 * the share and hand-over forms (issue 17, item 9), so that a colleague is
 * picked, not typed.  Staff accounts, nothing of a person: no access-log
 * entry.  SVC_OK; SVC_FORBIDDEN for a role without casework; SVC_ERROR.
 */
int sharing_colleagues(svc *s, colleague_fn fn, void *ctx);

#endif
