/*
 * request — the rules of the two ways a service is asked to intervene:
 *
 *  - an employer's request for intervention (subject, message, how to reach
 *    the contact), answered by the workers of the organisation:
 *        open ──reply──→ answered ──reply──→ answered
 *          └──────close──────┴──→ closed (nothing more)
 *  - an employee's request to be contacted, sent through the
 *    organisation's public link without an account: names, how to reach
 *    them (a phone number or an e-mail address), a preference (at a
 *    permanence or by phone), an optional short message, and the consent
 *    to be contacted.  pending ──→ converted | dismissed.
 *
 * The public link is rate-limited: REQUEST_RATE_PER_CLIENT submissions per
 * client address per hour, REQUEST_RATE_PER_LINK per link per day.
 * Pure functions.
 */
#ifndef RELAIS_REQUEST_H
#define RELAIS_REQUEST_H

#include <stdint.h>

#include "domain/verr.h"

#define REQUEST_SUBJECT_MAX 200   /* characters */
#define REQUEST_MESSAGE_MAX 4000  /* characters, employer's message and replies */
#define REQUEST_CONTACT_MAX 200   /* characters */
#define EMPLOYEE_NAME_MAX 100     /* characters */
#define EMPLOYEE_MESSAGE_MAX 500  /* characters */
#define REQUEST_RATE_PER_CLIENT 5 /* submissions per client address per hour */
#define REQUEST_RATE_PER_LINK 50  /* submissions per link per day */
#define REQUEST_RATE_HOUR 3600
#define REQUEST_RATE_DAY 86400

/* An employer's request: subject (1–200), message (1–4000, several lines),
   contact (optional, 200).  0, or -1 with e naming the field. */
int employer_request_check(const char *subject, const char *message, const char *contact,
			   struct verr *e);
/* A reply (1–4000 characters, several lines).  0 or -1 with e ("message"). */
int request_reply_check(const char *message, struct verr *e);
/* Whether a request in status may still be answered or closed: 1 for
   "open" and "answered", 0 otherwise. */
int employer_request_is_live(const char *status);

/* What an employee types on the public form. */
struct employee_request_fields {
	const char *last_name, *first_name; /* 1–100 characters, one line */
	const char *contact;    /* a phone number or an e-mail address */
	const char *preference; /* "permanence" or "telephone" */
	const char *message;    /* optional, 500 characters at most */
	int consent;            /* 1: agrees to be contacted (required) */
};
/* 0, or -1 with e naming the first refused field. */
int employee_request_check(const struct employee_request_fields *f, struct verr *e);
/* 1 when contact looks like an e-mail address (else a phone number). */
int employee_contact_is_email(const char *contact);

/* Whether one more submission is allowed, given those already recorded
   in the last hour from this client and in the last day on this link. */
int request_rate_allows(int64_t client_last_hour, int64_t link_last_day);

#endif
