/*
 * orientations — sending the person of a case to a partner of the
 * directory (service/partners.h): when, why (sealed: the reason is
 * personal), whether the person's details were transmitted — only with
 * their dated consent to share (DESIGN §2b, domain/orientation.h) — and
 * the partner's answer: envoyee → acceptee | refusee | sans_reponse →
 * realisee.
 *
 * Secrecy: an orientation has its case's — the référent and live shares
 * only; everyone else gets SVC_NOT_FOUND, and the attempt is audited.
 *
 * The no-answer rule: an orientation still `envoyee` more than 30 days
 * after it was sent is `sans_reponse`.  Every use case that reads
 * orientations applies it first, in its own transaction, each change
 * audited orientation.expire (an automatic change, made during the call
 * of whoever read).
 */
#ifndef RELAIS_ORIENTATIONS_H
#define RELAIS_ORIENTATIONS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/dashboard.h"
#include "service/svc.h"

#define ORIENTATION_REASON_MAX 2000 /* characters */

struct orientation_input {
	int64_t partner_id;           /* a partner of the directory (not merged) */
	const char *sent_on;          /* YYYY-MM-DD: from the case's opening to today */
	const char *reason;           /* required free text, sealed */
	const char *share_consent_on; /* the person's consent to share, or NULL */
	int details_sent;             /* the person's details went to the partner */
};

/* The input of orientations_create, declared once for the form, the JSON
   body and the CSV import (domain/field.h), in the service's order. */
enum { ORIENTATION_PARTNER, ORIENTATION_SENT_ON, ORIENTATION_SHARE_CONSENT_ON,
       ORIENTATION_DETAILS_SENT, ORIENTATION_REASON, ORIENTATION__FIELDS };
extern const struct field orientations_fields[ORIENTATION__FIELDS];

/* A change of status: answered_on for acceptee/refusee, done_on for realisee. */
struct orientation_update {
	int64_t case_id;         /* when not 0, the orientation must belong to it */
	const char *status;      /* the new status code */
	const char *answered_on; /* or NULL */
	const char *done_on;     /* or NULL */
};

/* The input of orientations_update (its case_id comes from the path). */
enum { ORIENTATION_STATUS, ORIENTATION_ANSWERED_ON, ORIENTATION_DONE_ON,
       ORIENTATION_UPDATE__FIELDS };
extern const struct field orientations_update_fields[ORIENTATION_UPDATE__FIELDS];

/* One orientation as shown.  Strings valid during the callback only. */
struct orientation_view {
	int64_t id;
	int64_t case_id;
	int64_t partner_id;
	const char *partner_name;
	const char *partner_kind;
	const char *sent_on;
	const char *reason;           /* decrypted, or NULL */
	const char *share_consent_on; /* or NULL */
	int details_sent;
	const char *status;
	const char *answered_on;      /* or NULL */
	const char *done_on;          /* or NULL */
	const char *author;           /* login */
};

typedef int (*orientation_fn)(void *ctx, const struct orientation_view *v);

/* Records an orientation in case case_id (audited orientation.create).
   SVC_NOT_FOUND without access; SVC_INVALID names the field: partner_id,
   sent_on, reason, share_consent_on, details_sent. */
int orientations_create(svc *s, int64_t case_id, const struct orientation_input *in,
			int64_t *id);

/* The orientations of a case, latest sent first (audited orientation.list). */
int orientations_list(svc *s, int64_t case_id, orientation_fn fn, void *ctx);

/* Changes the status of orientation id (audited orientation.update), then
   hands the orientation to fn (may be NULL).  SVC_INVALID names the field:
   status, answered_on, done_on. */
int orientations_update(svc *s, int64_t id, const struct orientation_update *in,
			orientation_fn fn, void *ctx);

/*
 * Applies the no-answer rule to every orientation of the service, in one
 * transaction (for the bilan or a nightly run); *changed (may be NULL)
 * receives how many became sans_reponse.  No policy: it discloses nothing.
 */
int orientations_expire(svc *s, int64_t *changed);
/* The same before a page's read (svc_page_begin), whose snapshot writes
   nothing: a read, and orientations_expire only when one is due.  Inside
   the page, the loaders leave the expiry to it.  SVC_OK or SVC_ERROR. */
int orientations_expire_due(svc *s);

/*
 * The dashboard's "orientation_waiting" lines: orientations still envoyee
 * more than 10 days after they were sent.  A worker gets one line per
 * orientation of the cases she may open (case, "Nom Prénom", sent on,
 * days; audited orientation.dashboard); the head one count line; other
 * roles nothing.
 */
int orientations_dashboard(svc *s, dashboard_fn fn, void *ctx);

#endif
