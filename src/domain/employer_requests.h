/*
 * employer_requests — the rules of an employer's request for intervention
 * (subject, message, how to reach the contact), answered by the workers of
 * the organisation:
 *
 *     open ──reply──→ answered ──reply──→ answered
 *       └──────close──────┴──→ closed (nothing more)
 *
 * Pure functions.
 */
#ifndef RELAIS_DOMAIN_EMPLOYER_REQUESTS_H
#define RELAIS_DOMAIN_EMPLOYER_REQUESTS_H

#include "domain/verr.h"

#define EMPLOYER_REQUESTS_SUBJECT_MAX 200  /* characters */
#define EMPLOYER_REQUESTS_MESSAGE_MAX 4000 /* characters, the message and each reply */
#define EMPLOYER_REQUESTS_CONTACT_MAX 200  /* characters */

/* An employer's request: subject (1–200), message (1–4000, several lines),
   contact (optional, 200).  0, or -1 with e naming the field. */
int employer_requests_check(const char *subject, const char *message, const char *contact,
			    struct verr *e);
/* A reply (1–4000 characters, several lines).  0 or -1 with e ("message"). */
int employer_requests_reply_check(const char *message, struct verr *e);
/* Whether a request in status may still be answered or closed: 1 for
   "open" and "answered", 0 otherwise. */
int employer_requests_is_live(const char *status);

#endif
