/*
 * retention — what relais keeps, for how long, and what needs the archives
 * service's visa before it goes (issue 14; DESIGN §2b).  Pure: the kinds of
 * records the purge handles, the public bodies, the cut-off dates.
 *
 * The kinds tied to an organisation (persons, requests) are *archives
 * publiques* when the organisation is a public body (collectivité,
 * établissement public, centre de gestion, CCAS, public research body):
 * destroying or anonymising them needs the visa d'élimination of the
 * archives service, recorded by the head for a bordereau.  The other kinds
 * (sessions, rate-limit rows, calendar salts) are the application's own
 * working data and go at their age.
 */
#ifndef RELAIS_DOMAIN_RETENTION_H
#define RELAIS_DOMAIN_RETENTION_H

#include "domain/date.h"

enum retention_kind {
	RETENTION_PERSONS,           /* persons whose cases are all quiet for `years` */
	RETENTION_UNACCOMPANIED,     /* persons never accompanied (no case) for N months */
	RETENTION_EMPLOYER_REQUESTS, /* employer requests closed a year, or idle `years` */
	RETENTION_EMPLOYEE_REQUESTS, /* employee requests dismissed a year, or pending `years` */
	RETENTION_SESSIONS,          /* expired sessions and sign-in attempts */
	RETENTION_THROTTLE,          /* rate-limit and throttling rows past their window */
	RETENTION_CALENDAR_SALTS,    /* calendar feeds of disabled accounts */
	RETENTION__COUNT
};

struct retention_kind_def {
	const char *code;  /* stable name: CLI output, audit entries, tests */
	const char *label; /* French message id (translate with _()) */
	const char *rule;  /* French message id: the age at which it goes */
	int archives;      /* 1: tied to an organisation, a public body's needs the visa */
};

extern const struct retention_kind_def retention_kinds[RETENTION__COUNT];

/* Settings (service/retention.h) and their defaults. */
#define RETENTION_UNACCOMPANIED_MONTHS 6 /* persons never accompanied */
#define RETENTION_REQUEST_CLOSED_YEARS 1 /* requests closed or dismissed */

/* 1 when an organisation of kind `kind` is a public body (its records are
   archives publiques), 0 otherwise (NULL included). */
int retention_public_kind(const char *kind);
/* The public bodies' kind codes, NULL-terminated (statements.c holds the
   same list in SQL; a unit test compares them). */
extern const char *const retention_public_kinds[];

/* The same day `years` years (or `months` months) before the valid date
   today, the 28th for a day the month lacks, into out. */
void retention_years_before(const char *today, int years, char out[DATE_LEN + 1]);
void retention_months_before(const char *today, int months, char out[DATE_LEN + 1]);
/* Unix time of midnight UTC at the start of a valid date. */
long long retention_date_epoch(const char *date);

#endif
