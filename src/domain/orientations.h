/*
 * orientation — the rules of an orientation (sending a person to a
 * partner: CAF, MDPH, Cap Emploi…): its statuses, the changes allowed
 * between them, the dates each change needs, and the consent rule for the
 * person's details.  Pure functions.
 *
 *   envoyee ──→ acceptee ──→ realisee
 *      │  └──→ refusee
 *      └─────→ sans_reponse ──→ acceptee | refusee (the partner answers late)
 *
 * An orientation still `envoyee` ORIENTATION_WAITING_DAYS days after it was
 * sent waits for an answer (the worker's dashboard); after
 * ORIENTATION_NO_ANSWER_DAYS days it becomes `sans_reponse` by itself.
 *
 * Consent (DESIGN §2b): the person's details may be recorded as sent to the
 * partner (details_sent) only when the person's consent to share them is
 * dated: a real date, not in the future, not before the case opened, and
 * not after the orientation was sent (consent comes before the details go).
 */
#ifndef RELAIS_ORIENTATION_H
#define RELAIS_ORIENTATION_H

#include <stdint.h>

#include "domain/verr.h"

#define ORIENTATION_WAITING_DAYS 10   /* more than this: on the dashboard */
#define ORIENTATION_NO_ANSWER_DAYS 30 /* more than this: sans_reponse */

enum orientation_status {
	OS_ENVOYEE,
	OS_ACCEPTEE,
	OS_REFUSEE,
	OS_SANS_REPONSE,
	OS_REALISEE,
	OS__COUNT
};

/* The stable code ("envoyee"…) of a status; NULL when out of range. */
const char *orientation_status_code(enum orientation_status st);
/* The status called code; -1 when unknown (code may be NULL). */
int orientation_status_parse(const char *code);
/* 1 when a change from `from` to `to` is allowed (see the diagram). */
int orientation_transition_ok(enum orientation_status from, enum orientation_status to);

/* A new orientation, as checked before it is written.  Dates YYYY-MM-DD. */
struct orientation_new {
	const char *sent_on;          /* required */
	const char *share_consent_on; /* NULL when the person gave no consent to share */
	int details_sent;             /* the person's details went to the partner */
	const char *case_opened_on;   /* the case's opening, a valid date */
	const char *today;
};
/* 0, or -1 with err naming the field: sent_on (not a date, in the future,
   before the case opened), share_consent_on (not a date, in the future,
   before the case opened, after sent_on while details were sent),
   details_sent (no consent date). */
int orientation_check_new(const struct orientation_new *o, struct verr *err);

/* A change of status, as checked before it is written. */
struct orientation_change {
	enum orientation_status from; /* the current status */
	const char *to;               /* the status asked for (a code) */
	const char *sent_on;          /* stored */
	const char *answered_on;      /* given, or NULL: required for acceptee and refusee */
	const char *old_answered_on;  /* stored, or NULL */
	const char *done_on;          /* given, or NULL: required for realisee */
	const char *today;
};
/* 0, or -1 with err naming the field: status (unknown, or a change the
   diagram does not allow), answered_on (missing, not a date, before
   sent_on, in the future, or given for another status), done_on (the
   same, against the answer's date). */
int orientation_check_change(const struct orientation_change *c, struct verr *err);

/* Days an orientation sent on sent_on has waited by today. */
int64_t orientation_days_waiting(const char *sent_on, const char *today);

#endif
