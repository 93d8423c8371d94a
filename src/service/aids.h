/*
 * aids — financial aid requests (*demandes d'aide*) made in a case to a
 * funder (CCAS, CAF, employer's social fund…), and the commission's
 * decision on each (domain/aid.h has the rules).  Amounts are integer
 * cents; the reason is free text about the person, sealed at rest.
 *
 * Same secrecy as the case: only its référent and holders of a live share
 * read or write its aids; anyone else gets SVC_NOT_FOUND and the attempt
 * is audited (aid.*_denied).
 */
#ifndef RELAIS_AIDS_H
#define RELAIS_AIDS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/dashboard.h"
#include "service/svc.h"

/* A new request. */
struct aid_input {
	const char *kind;               /* reference list aid_kind */
	const char *funder;             /* reference list funder */
	int64_t amount_requested_cents; /* 1..AID_AMOUNT_MAX */
	const char *submitted_on;       /* YYYY-MM-DD, from the case's opening to today */
	const char *reason;             /* free text or NULL */
	const char *correction_reason;  /* why aids_correct changes it */
};

/* The input of aids_create, declared once for the form, the JSON body and
   the CSV import (domain/field.h), in the service's order.  The form types
   the amount in euros (web/aids.c). */
enum { AID_KIND, AID_FUNDER, AID_REQUESTED, AID_SUBMITTED_ON, AID_REASON, AID__FIELDS };
extern const struct field aids_fields[AID__FIELDS];
/* aids_correct's reason ("correction_reason": "reason" is the request's
   own motive), read into the same struct. */
enum { AID_CORRECTION_REASON, AID_CORRECTION__FIELDS };
extern const struct field aids_correction_fields[AID_CORRECTION__FIELDS];

/* The commission's decision.  A member not `set` keeps the stored value; a
   set date may be NULL (cleared). */
struct aid_decision_input {
	const char *decision; /* reference list aid_decision, or NULL: unchanged */
	int set_granted;
	int64_t amount_granted_cents;
	int set_decided_on;
	const char *decided_on;
	int set_paid_on;
	const char *paid_on;
};

/* The input of aids_decide.  The form sends every member; the API sets
   only what the body names (null clears a date, or the amount). */
enum { AID_DECISION, AID_GRANTED, AID_DECIDED_ON, AID_PAID_ON, AID_DECISION__FIELDS };
extern const struct field aids_decision_fields[AID_DECISION__FIELDS];

/* One aid as shown.  Strings valid during the callback only. */
struct aid_view {
	int64_t id;
	int64_t case_id;
	const char *kind;
	const char *funder;
	int64_t amount_requested_cents;
	const char *submitted_on;
	const char *reason;       /* decrypted, or NULL */
	const char *decision;     /* "en_attente" until the commission decides */
	int64_t amount_granted_cents;
	const char *decided_on;   /* or NULL */
	const char *paid_on;      /* or NULL */
	const char *author;       /* login of who recorded the request */
	int64_t created_at;
	int64_t updated_at;
};

typedef int (*aid_fn)(void *ctx, const struct aid_view *v);

/* Records a request in case case_id (audited aid.create); *id (may be
   NULL) gets its id.  SVC_NOT_FOUND without access; SVC_INVALID names the
   field (kind, funder, amount_requested_cents, submitted_on, reason). */
int aids_create(svc *s, int64_t case_id, const struct aid_input *in, int64_t *id);

/* Records the decision on aid id (audited aid.update).  SVC_INVALID names
   decision, amount_granted_cents, decided_on or paid_on. */
int aids_decide(svc *s, int64_t id, const struct aid_decision_input *in);

/* One aid (audited aid.read). */
int aids_get(svc *s, int64_t id, aid_fn fn, void *ctx);

/* The aids of a case, newest first (audited aid.list). */
int aids_list(svc *s, int64_t case_id, aid_fn fn, void *ctx);

/*
 * The dashboard's "aid_waiting" lines (service/dashboard.h): aids without a
 * decision (en_attente) submitted more than AID_WAITING_DAYS days ago.  A
 * worker gets one line per aid in the cases she may open (audited
 * aid.dashboard); the head one count line; other roles nothing.
 */
int aids_dashboard(svc *s, dashboard_fn fn, void *ctx);

/* Corrects aid id, while it awaits its decision, with in (every field, as
   aids_create takes them) for reason (service/corrections.h: audited
   aid.correct naming the fields changed).  Its case's référent or its
   author may; anyone else gets SVC_NOT_FOUND.  SVC_INVALID names
   "decision" once decided, a field of in, or "reason".  *case_id (may be
   NULL) gets its case. */
int aids_correct(svc *s, int64_t id, const struct aid_input *in, const char *reason,
		 int64_t *case_id);

/* Deletes aid id, while it awaits its decision, for reason: the row goes,
   its tombstone stays (service/corrections.h: audited aid.delete).  Its
   case's référent or its author may; anyone else gets SVC_NOT_FOUND.
   SVC_INVALID names "decision" once decided, or "reason".  *case_id (may
   be NULL) gets its case. */
int aids_delete(svc *s, int64_t id, const char *reason, int64_t *case_id);

#endif
