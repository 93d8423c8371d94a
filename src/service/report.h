/*
 * report — the annual bilan: who the service followed in a year, for one
 * client organisation or the whole service, and what it did.  For the
 * employer audience every count passes disclosure control (domain/
 * disclosure.h): no published count from 1 to 10, secondary suppression,
 * nothing at all under 11 persons followed.
 *
 * Definitions (issue 4): a person is followed in Y when one of their cases
 * is open on at least one day of Y; persons who withdrew their consent to
 * statistics are left out everywhere.
 */
#ifndef RELAIS_REPORT_H
#define RELAIS_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/ageband.h"
#include "domain/disclosure.h"
#include "service/conventions.h"
#include "service/svc.h"

#define REPORT_KEYS_MAX 128
#define REPORT_TRENDS_MAX 64
#define REPORT_YEAR_MIN 1990
#define REPORT_YEAR_MAX 2100

enum report_audience { REPORT_SERVICE, REPORT_EMPLOYER };

/* A count that may be hidden from the audience. */
struct report_count {
	int64_t value;
	int hidden;
};

/* One breakdown: its cells (keys are reference codes, "unknown", or age
   band keys) with their suppression; hidden when the whole breakdown is. */
struct report_breakdown {
	size_t n;
	struct disclosure_cell cells[REPORT_KEYS_MAX];
	int hidden;
};

struct report_trend {
	const char *theme;
	struct report_count previous, current;
	int emerging; /* at least doubled and reaches 5 (never shown on a hidden count) */
};

struct report {
	int year;
	char scope[40];                 /* "service" or the organisation code */
	char scope_name[208];           /* the organisation's name, "" for the service */
	enum report_audience audience;
	int64_t organisations;          /* in scope with a headcount for the year */
	int64_t headcount;
	struct report_count persons_followed;
	double share_of_headcount;      /* rounded to 4 decimals */
	int share_null;                 /* no headcount, or hidden */
	struct report_count new_cases, closed_cases;
	struct report_breakdown by_status, by_category, by_family_situation, by_sex, by_age_band;
	struct report_breakdown by_domain, by_theme, by_referral_source, by_outcome;
	struct report_count interventions;
	double hours;                   /* sum of durations / 60, one decimal */
	int hours_null;
	struct report_breakdown by_mode, by_kind;
	/* Field records (issue 5), counted by the date of the aid's request,
	   the orientation's sending, the action; amounts hide with their count. */
	struct report_count aids_requests, aids_granted;
	struct report_count aids_amount_requested, aids_amount_granted; /* cents */
	struct report_breakdown aids_by_funder, aids_by_decision;      /* requests */
	struct report_count orientations;
	struct report_breakdown orientations_by_partner_kind, orientations_by_status;
	struct report_count actions, action_participants;
	struct report_breakdown actions_by_topic;
	struct report_count persons_on_long_leave; /* a sick leave of 90+ days in the year */
	struct report_breakdown retention_by_outcome; /* cases closed in the year */
	struct consumption consumption; /* hours bought and spent (conventions, time, interventions) */
	struct report_trend trends[REPORT_TRENDS_MAX];
	size_t ntrends;
	size_t cells_suppressed;
	struct ageband bands;
	char **strings;                 /* owned copies of keys, freed by report_free */
	size_t nstrings, capstrings;
};

/*
 * Computes the bilan of year for organisation (code) or the whole service
 * (NULL) for an audience (policy reports: the head, anything; an employer,
 * its own organisation with audience employer only — anything else
 * SVC_NOT_FOUND).  bands NULL: the default age bands.  Audited
 * report.read.  *out is allocated; free it with report_free().
 */
int report_compute(svc *s, int year, const char *organisation, enum report_audience audience,
		   const struct ageband *bands, struct report **out);
void report_free(struct report *r); /* accepts NULL */

#endif
