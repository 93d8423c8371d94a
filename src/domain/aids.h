/*
 * aid — the rules of a financial aid request (*demande d'aide
 * exceptionnelle*, social loan, salary advance) sent to a funder, and of
 * the commission's decision on it.
 *
 * Decisions (reference list aid_decision): en_attente (no decision yet),
 * accordee, partielle (granted in part), refusee, ajournee.  Only an
 * accorded or partial aid carries an amount granted (more than 0, at most
 * what was requested; less than requested when partial) and may be paid.
 * Dates follow each other: submitted ≤ decided ≤ paid ≤ today; a waiting
 * aid has neither a decision date nor a payment date; any other decision
 * has its date.  Pure functions.
 */
#ifndef RELAIS_AID_H
#define RELAIS_AID_H

#include <stdint.h>

#include "domain/verr.h"

#define AID_AMOUNT_MAX 100000000LL /* cents: one million euros */
#define AID_REASON_MAX 20000       /* bytes of the reason */
#define AID_WAITING "en_attente"
#define AID_WAITING_DAYS 30 /* past this, a waiting aid shows on the dashboard */

/* An aid request with its decision, as it stands or would stand. */
struct aid_state {
	int64_t requested_cents; /* > 0 */
	const char *submitted_on; /* YYYY-MM-DD */
	const char *decision;     /* a code of aid_decision (checked by the caller) */
	int64_t granted_cents;    /* 0 unless granted */
	const char *decided_on;   /* YYYY-MM-DD or NULL */
	const char *paid_on;      /* YYYY-MM-DD or NULL */
};

/* 1 when decision grants money (accordee, partielle). */
int aid_decision_grants(const char *decision);

/* The request: amount (field amount_requested_cents, 1..AID_AMOUNT_MAX) and
   date (submitted_on, valid, from opened_on — the case's opening — to
   today).  0, or -1 with e set. */
int aid_check_request(int64_t requested_cents, const char *submitted_on, const char *opened_on,
		      const char *today, struct verr *e);

/* The decision part of a (valid) request a: amount granted and dates.
   0, or -1 with e naming amount_granted_cents, decided_on or paid_on. */
int aid_check_decision(const struct aid_state *a, const char *today, struct verr *e);

#endif
