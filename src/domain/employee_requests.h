/*
 * employee_requests — the rules of an employee's request to be contacted,
 * sent through the organisation's public link without an account: names,
 * how to reach them (a phone number or an e-mail address), a preference
 * (at a permanence or by phone), an optional short message, and the
 * consent to be contacted.  pending ──→ converted | dismissed.
 *
 * The public link is rate-limited: EMPLOYEE_REQUESTS_RATE_PER_CLIENT
 * submissions per client address per hour, EMPLOYEE_REQUESTS_RATE_PER_LINK
 * per link per day.  Pure functions.
 */
#ifndef RELAIS_DOMAIN_EMPLOYEE_REQUESTS_H
#define RELAIS_DOMAIN_EMPLOYEE_REQUESTS_H

#include <stdint.h>

#include "domain/verr.h"

#define EMPLOYEE_REQUESTS_NAME_MAX 100      /* characters */
#define EMPLOYEE_REQUESTS_MESSAGE_MAX 500   /* characters */
#define EMPLOYEE_REQUESTS_RATE_PER_CLIENT 5 /* submissions per client address per hour */
#define EMPLOYEE_REQUESTS_RATE_PER_LINK 50  /* submissions per link per day */
#define EMPLOYEE_REQUESTS_RATE_HOUR 3600    /* seconds: the client's window */
#define EMPLOYEE_REQUESTS_RATE_DAY 86400    /* seconds: the link's window */

/* What an employee types on the public form. */
struct employee_request_fields {
	const char *last_name, *first_name; /* 1–100 characters, one line */
	const char *contact;    /* a phone number or an e-mail address */
	const char *preference; /* "permanence" or "telephone" */
	const char *message;    /* optional, 500 characters at most */
	int consent;            /* 1: agrees to be contacted (required) */
};
/* 0, or -1 with e naming the first refused field. */
int employee_requests_check(const struct employee_request_fields *f, struct verr *e);
/* 1 when contact looks like an e-mail address (else a phone number). */
int employee_requests_contact_is_email(const char *contact);

/* Whether one more submission is allowed, given those already recorded
   in the last hour from this client and in the last day on this link. */
int employee_requests_rate_allows(int64_t client_last_hour, int64_t link_last_day);

#endif
