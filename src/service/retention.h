/*
 * retention — everything relais keeps goes at its age (issue 14; DESIGN
 * §2b), under the purge (service/purge.h, `relais purge`):
 *
 *   kind (domain/retention.h)     age
 *   persons                       cases all closed or quiet for `years` (2): anonymised
 *   persons_unaccompanied         no case, record unchanged for N months (6): anonymised
 *   employer_requests             closed for a year; open or answered and untouched
 *                                 for `years`: deleted with their replies
 *   employee_requests             dismissed for a year; pending and untouched for
 *                                 `years`: deleted (a converted one goes with its person)
 *   sessions                      idle a day or older than a week (past the longest
 *                                 session `relais serve` allows); OIDC attempts expired
 *   throttle                      sign-in counters past their window (a day), public
 *                                 link hits past a day, device cookies past their age,
 *                                 the old per-account failures past a day
 *   calendar_salts                the private calendar feed of a disabled account
 *
 * Public archives: the kinds tied to an organisation, when it is a public
 * body, go only once the head recorded the archives service's visa
 * d'élimination for a bordereau (retention_visa_record); then what was due
 * on the bordereau's day goes.  A private body's go at their age, unless
 * the setting retention_private_auto is "off": then they wait for a visa
 * too.  Nothing here stores generated files: exports and bilans are
 * written where the operator asks and never kept by relais.
 */
#ifndef RELAIS_SERVICE_RETENTION_H
#define RELAIS_SERVICE_RETENTION_H

#include <stddef.h>
#include <stdint.h>

#include "domain/field.h"
#include "domain/retention.h"
#include "service/svc.h"

#define RETENTION_SETTING_MONTHS "retention_unaccompanied_months"
#define RETENTION_SETTING_PRIVATE_AUTO "retention_private_auto"

struct retention_settings {
	int unaccompanied_months; /* 1–120, default RETENTION_UNACCOMPANIED_MONTHS */
	int private_auto;         /* 1: private bodies' records go without a visa (default) */
};

/* One line of the bordereau d'élimination: records of one kind of one
   organisation, for one year, awaiting the visa. */
struct retention_line {
	enum retention_kind kind;
	char organisation[128];
	char year[8];
	int64_t count;
};

/* What a run found (and did). */
struct retention_plan {
	char today[DATE_LEN + 1];          /* the run's day */
	int years;                         /* persons' retention in years */
	struct retention_settings settings;
	char visa_bordereau[DATE_LEN + 1]; /* the latest visa's bordereau day, "" none */
	int64_t due[RETENTION__COUNT];     /* due today, every body */
	int64_t held[RETENTION__COUNT];    /* of which waiting for a visa */
	int64_t done[RETENTION__COUNT];    /* removed or anonymised by the run */
	struct retention_line *lines;      /* the bordereau (heap; retention_plan_free) */
	size_t n_lines;
};

void retention_plan_free(struct retention_plan *p); /* accepts NULL */

/* The settings (defaults when unset).  SVC_OK or SVC_ERROR. */
int retention_settings_get(svc *s, struct retention_settings *out);
/* Changes them (command line only), audited (retention.settings).
   SVC_OK, SVC_FORBIDDEN, SVC_INVALID or SVC_ERROR. */
int retention_settings_set(svc *s, const struct retention_settings *in);

/*
 * Fills p for a run on today after `years` years: settings, latest visa,
 * what is due of each kind, what waits for a visa, the bordereau's lines.
 * In the caller's transaction when one is open (on SVC_ERROR, logged, the
 * caller rolls it back).  SVC_OK or SVC_ERROR.
 */
int retention_plan_make(svc *s, const char *today, int years, struct retention_plan *p);

/*
 * The persons the run anonymises (both person kinds), each passed to fn
 * (a store row callback reading SCALAR_COL_VALUE): with dry_run every
 * person due today, otherwise those that may go (private bodies at their
 * age when the setting allows it, the others as of the visa's bordereau).
 * Sets p->done for the person kinds when !dry_run.  0 or -1.
 */
int retention_persons(svc *s, struct retention_plan *p, int dry_run,
		      int (*fn)(void *ctx, const struct retention_kind_def *k, int64_t id),
		      void *ctx);

/* Deletes the other kinds that may go, in the caller's transaction, with
   one audit entry per kind removed; sets p->done.  0 or -1. */
int retention_delete(svc *s, struct retention_plan *p);

/* retention_plan_make for the head's page: today, the default years
   (purge.h).  Counts only.  SVC_OK, SVC_FORBIDDEN or SVC_ERROR. */
int retention_overview(svc *s, struct retention_plan *p);

/* The visa form's input (the head's page). */
struct retention_visa_input {
	const char *bordereau_on; /* YYYY-MM-DD */
	const char *visa_on;      /* YYYY-MM-DD */
	const char *reference;    /* one line */
};
enum { VISA_BORDEREAU_ON, VISA_VISA_ON, VISA_REFERENCE, VISA__FIELDS };
extern const struct field retention_visa_fields[VISA__FIELDS];

/*
 * The head records the archives service's visa d'élimination for the
 * bordereau drawn on bordereau_on: visa_on (the visa's date, between the
 * bordereau's and today) and its reference (1–100 characters).  Head or
 * command line; audited (retention.visa).  *id gets the visa's number.
 * SVC_OK, SVC_FORBIDDEN, SVC_INVALID (field named) or SVC_ERROR.
 */
int retention_visa_record(svc *s, const char *bordereau_on, const char *visa_on,
			  const char *reference, int64_t *id);

struct retention_visa {
	int64_t id;
	char bordereau_on[DATE_LEN + 1];
	char visa_on[DATE_LEN + 1];
	char reference[128];
	char recorded_by[72]; /* login, "" for the command line */
	int64_t recorded_at;
};
/* The visas recorded, latest bordereau first (at most 50), each passed to
   fn.  Head or command line; SVC_OK, SVC_FORBIDDEN or SVC_ERROR. */
int retention_visas(svc *s, void (*fn)(void *ctx, const struct retention_visa *v), void *ctx);

#endif
