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
#ifndef RELAIS_BILAN_H
#define RELAIS_BILAN_H

#include <stddef.h>
#include <stdint.h>

#include "domain/ageband.h"
#include "domain/disclosure.h"
#include "domain/field.h"
#include "service/hours.h"
#include "service/svc.h"

#define BILAN_KEYS_MAX 128
#define BILAN_TRENDS_MAX 64
#define BILAN_YEAR_MIN 1990
#define BILAN_YEAR_MAX 2100

enum bilan_audience { BILAN_SERVICE, BILAN_EMPLOYER };

/* A count that may be hidden from the audience. */
struct bilan_count {
	int64_t value;
	int hidden;
	uint32_t keysum; /* persons counted: sum of their record keys (the perturbation) */
};

/* One breakdown: its cells (keys are reference codes, "unknown", or age
   band keys) with their suppression; hidden when the whole breakdown is. */
struct bilan_breakdown {
	size_t n;
	struct disclosure_cell cells[BILAN_KEYS_MAX];
	int hidden;
};

struct bilan_trend {
	const char *theme;
	struct bilan_count previous, current;
	int emerging; /* at least doubled and reaches 5 (never shown on a hidden count) */
};

struct bilan {
	int year;
	char scope[40];                 /* "service" or the organisation code */
	char scope_name[208];           /* the organisation's name, "" for the service */
	enum bilan_audience audience;
	int64_t organisations;          /* in scope with a headcount for the year */
	int64_t headcount;
	struct bilan_count persons_followed;
	double share_of_headcount;      /* rounded to 4 decimals */
	int share_null;                 /* no headcount, or hidden */
	struct bilan_count new_cases, closed_cases;
	struct bilan_breakdown by_status, by_category, by_family_situation, by_sex, by_age_band;
	struct bilan_breakdown by_domain, by_theme, by_referral_source, by_outcome;
	struct bilan_count interventions;
	double hours;                   /* sum of durations / 60, one decimal */
	int hours_null;
	struct bilan_breakdown by_mode, by_kind;
	/* Field records (issue 5), counted by the date of the aid's request,
	   the orientation's sending, the action; amounts hide with their count. */
	struct bilan_count aids_requests, aids_granted;
	struct bilan_count aids_amount_requested, aids_amount_granted; /* cents */
	struct bilan_breakdown aids_by_funder, aids_by_decision;      /* requests */
	struct bilan_count orientations;
	struct bilan_breakdown orientations_by_partner_kind, orientations_by_status;
	struct bilan_count actions, action_participants;
	struct bilan_breakdown actions_by_topic;
	struct bilan_count persons_on_long_leave; /* a sick leave of 90+ days in the year */
	struct bilan_breakdown job_retention_by_outcome; /* cases closed in the year */
	struct consumption consumption; /* hours bought and spent (conventions, time, interventions) */
	struct bilan_trend trends[BILAN_TRENDS_MAX];
	size_t ntrends;
	size_t cells_suppressed;
	int version;                    /* a published bilan's version, 0 when computed */
	int64_t published_at;           /* when that version was published (Unix time) */
	struct ageband bands;
	char **strings;                 /* owned copies of keys, freed by bilan_free */
	size_t nstrings, capstrings;
};

/*
 * Computes the bilan of year for organisation (code) or the whole service
 * (NULL) for an audience (policy reports: the head, anything; an employer,
 * its own organisation with audience employer only — anything else
 * SVC_NOT_FOUND).  bands NULL: the default age bands.  Audited
 * report.read.  *out is allocated; free it with bilan_free().
 */
int bilan_compute(svc *s, int year, const char *organisation, enum bilan_audience audience,
		   const struct ageband *bands, struct bilan **out);
void bilan_free(struct bilan *r); /* accepts NULL */

/*
 * The service's age bands for every employer's bilan (issue 11: fixed
 * breakdowns, the same for every employer), set by the head; the default
 * (AGEBAND_DEFAULT) until then.  A change applies to the years published
 * afterwards: each snapshot keeps its own bands.
 */
int bilan_bands_get(svc *s, struct ageband *out);
/* Sets them from a list such as "25,35,45,55" (policy bilan.publish, the
   head; audited bilan.bands); SVC_INVALID naming "age_bands". */
int bilan_bands_set(svc *s, const char *list);

/* The version of the renderers a snapshot is drawn with. */
#define BILAN_RENDERER "relais-bilan-1"

/*
 * Publishes the employer bilan of a closed year (before the current one)
 * for organisation (code), or for every organisation when NULL (policy:
 * bilan.publish, the head).  Each organisation's bilan goes through the
 * gate and is stored as an immutable snapshot; a new version is written
 * only when it differs from the latest.  One transaction; audited
 * bilan.publish per new version.  *published (may be NULL) gets the number
 * of new versions.  SVC_INVALID naming "year" for an open year.
 */
int bilan_publish(svc *s, int year, const char *organisation, int *published);

/* What bilan_publish takes. */
struct bilan_publish_input {
	const char *organisation; /* code, or NULL: every organisation */
	int64_t year;
};
/* bilan_publish's input, declared once (domain/field.h); the service keeps
   "a closed year". */
enum { BILAN_PUBLISH_ORGANISATION, BILAN_PUBLISH_YEAR, BILAN_PUBLISH__FIELDS };
extern const struct field bilan_publish_fields[BILAN_PUBLISH__FIELDS];

/*
 * The latest published version of organisation's bilan of year (policy:
 * reports; an employer reads its own organisation only; organisation NULL:
 * the employer's own).  format names the format being read, for the access
 * log (organisation, year, audience, version, format are all recorded).
 * SVC_NOT_FOUND when none is published.  *out as for bilan_compute.
 */
int bilan_read_published(svc *s, int year, const char *organisation, const char *format,
			 struct bilan **out);

/* One published year of an organisation (its latest version). */
struct bilan_publication {
	int year;
	int version;
	int64_t published_at;
};
typedef int (*bilan_publication_fn)(void *ctx, const struct bilan_publication *p);
/* The published years of organisation (NULL: the employer's own), newest
   first (policy: reports). */
int bilan_publications(svc *s, const char *organisation, bilan_publication_fn fn, void *ctx);

#endif
