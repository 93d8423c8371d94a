/*
 * rights — the person's rights on request (DESIGN §2b; RGPD articles 16
 * and 17).
 *
 * Erasure (art. 17).  The référent of a person (the worker who created
 * her, or the référent of one of her cases; a share is not enough) asks to
 * erase her now, with a reason.  A head confirms — always a second,
 * distinct person, whatever the two-person rule's switch — or refuses.
 * Confirming runs the retention purge's anonymisation (purge_anonymise:
 * identity and free texts erased, coded facts kept) at once for that
 * person, in the decision's own transaction; then the database file is
 * compacted as after a purge.  From then on the person is nobody's:
 * every role gets "not found" on her page and in the API, and no search
 * finds her name.  The head sees a request's number, the person's number,
 * the requester, the organisation and the reason — never a name.
 *
 * Correction (art. 16).  persons_update with a correction reason
 * (struct person_input) records who corrected which fields (their names)
 * and why, audited person.correct, never an old or a new value.
 *
 * Each reason is sealed, bound to its row (svc_seal_at); the access log
 * names the person's id and the request or correction's number
 * ("42;erasure=7", "42;correction=3;fields=last_name,phone"), never a
 * content: person.erase_request, person.erase_confirm (then
 * person.anonymise), person.erase_refuse, person.correct, and the refusals
 * (…_denied).
 */
#ifndef RELAIS_RIGHTS_H
#define RELAIS_RIGHTS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"
#include "support/buf.h"

#define RIGHTS_REASON_MAX 500              /* characters of a reason */
#define RIGHTS_RECENT (30 * 24 * 3600)     /* decided requests listed that long */

/* What asking an erasure takes. */
struct erasure_input {
	const char *reason; /* why the person asks (required; sealed) */
};
enum { ERASURE_REASON, ERASURE__FIELDS };
extern const struct field rights_erasure_fields[ERASURE__FIELDS];

/* The form field and JSON member of a correction's reason (the person
   edit's form and PATCH body, beside persons_fields), and the form's
   checkbox saying the person asks for it. */
#define RIGHTS_CORRECTION_REASON "correction_reason"
#define RIGHTS_CORRECTION_FLAG "correction"
/* The reason as a field of struct person_input (service/persons.h),
   declared for the API's description: optional on an update. */
enum { CORRECTION_REASON, CORRECTION__FIELDS };
extern const struct field rights_correction_fields[CORRECTION__FIELDS];

/* One erasure request as listed.  Strings valid during the callback. */
struct erasure_view {
	int64_t id;
	int64_t person_id;
	const char *requester;      /* login */
	const char *requester_name;
	const char *organisation;   /* the person's organisation's name, or NULL */
	int64_t requested_at;
	const char *reason;         /* opened (SVC_TAMPERED_TEXT when it does not open) */
	const char *status;         /* pending, erased, refused */
	const char *decided_by;     /* login, or NULL */
	int64_t decided_at;         /* 0 while pending */
	int may_decide;             /* the viewer may confirm or refuse it now */
};
typedef int (*erasure_fn)(void *ctx, const struct erasure_view *v);

/*
 * The signed-in référent asks to erase person person_id (policy record):
 * SVC_OK and *id the request's number (audited person.erase_request);
 * SVC_NOT_FOUND for anyone but her référent (audited
 * person.erase_request_denied); SVC_INVALID "reason" for a missing or too
 * long reason (nothing written); SVC_CONFLICT when a request for the
 * person already waits.
 */
int rights_erasure_request(svc *s, int64_t person_id, const struct erasure_input *in, int64_t *id);

/* The requests the viewer may know, newest first: a head every pending
   one and those decided in the last RIGHTS_RECENT seconds, a worker her
   own (policy erasures). */
int rights_erasures_list(svc *s, erasure_fn fn, void *ctx);

/* How many requests wait for a head's decision (a head only: a count,
   nothing personal, not audited).  SVC_OK, SVC_FORBIDDEN or SVC_ERROR. */
int rights_erasures_pending(svc *s, int64_t *n);

/*
 * A head confirms request id and the person is anonymised now, in the
 * same transaction (audited person.erase_confirm, then person.anonymise);
 * *person_id (may be NULL) gets her id.  SVC_NOT_FOUND when the viewer
 * may not know the request (a worker but its requester); SVC_FORBIDDEN
 * for its requester, a role other than head, or a head without a second
 * factor (audited person.erase_confirm_denied); SVC_CONFLICT when already
 * decided.
 */
int rights_erasure_confirm(svc *s, int64_t id, int64_t *person_id);
/* A head refuses it: the person stays as she is (audited
   person.erase_refuse); the same answers as confirming. */
int rights_erasure_refuse(svc *s, int64_t id);

/* One correction as listed.  Strings valid during the callback. */
struct correction_view {
	int64_t id;
	int64_t corrected_at;
	const char *corrected_by; /* login */
	const char *fields;       /* names joined by commas */
	const char *reason;       /* opened (SVC_TAMPERED_TEXT when it does not open), NULL once
				     the person was anonymised */
};
typedef int (*correction_fn)(void *ctx, const struct correction_view *v);

/* The corrections of person id, oldest first, for whoever may open her
   (the right of access's export; others: SVC_NOT_FOUND, audited
   person.corrections_denied); audited person.corrections_read. */
int rights_corrections_list(svc *s, int64_t id, correction_fn fn, void *ctx);

/* --- For persons_update (service/persons.c) --- */

/* SVC_OK when reason is a correction's acceptable reason, else
   SVC_INVALID on RIGHTS_CORRECTION_REASON with a French message. */
int rights_correction_check(svc *s, const char *reason);
/* Records the correction of person_id's fields (names joined by commas)
   with its reason (sealed) and audits person.correct, inside the caller's
   open transaction.  0, or -1 (the caller aborts). */
int rights_correction_record(svc *s, int64_t person_id, const char *fields, const char *reason);

#endif
