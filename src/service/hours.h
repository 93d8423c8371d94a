/*
 * conventions — what a client organisation buys from the service (a
 * membership, regular permanences, or hours on demand: seeds 001, 003,
 * 004) and the hours the service spends for it: the workers' time entries
 * plus, automatically, the interventions in the cases of its employees and
 * the collective actions held there.
 *
 * Who: the head and the admin record conventions; a worker records her
 * time for an organisation she is assigned to; conventions and hours are
 * read by the head and the admin (all), a worker (her organisations) and an
 * employer (its own) — anything else is "not found".  No personal data:
 * only dates, hours and activities.  Writes and reads are audited.
 */
#ifndef RELAIS_HOURS_H
#define RELAIS_HOURS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

#define CONVENTION_HOURS_MAX 100000        /* hours per year */
#define CONVENTION_RATE_MAX 10000000       /* cents per hour */
#define CONVENTION_NOTES_MAX 2000
#define CONVENTION_VACATION_DEFAULT 210    /* minutes: a half-day of 3.5 h */
#define CONVENTION_VACATION_MIN 15         /* minutes: a quarter of an hour */
#define CONVENTION_VACATION_MAX 1440       /* minutes: a day */
#define TIME_MINUTES_MAX 1440              /* one entry: at most a day */
#define HOURS_ACTIVITIES 6

/* The activities time is counted under, in the order shown. */
extern const char *const hours_activities[HOURS_ACTIVITIES];
/* The French label of an activity code (the code itself when unknown). */
const char *hours_activity_label(const char *code);

struct convention_input {
	const char *kind;             /* convention_kind reference code */
	const char *starts_on, *ends_on;
	int64_t hours_per_year;       /* -1: none set (a membership) */
	int64_t hourly_rate_cents;    /* -1: none set */
	const char *notes;            /* may be NULL */
	int64_t vacation_minutes;     /* the billing unit; 0: the default (210) */
};

/*
 * The input of hours_conventions_create as the JSON body gives it, declared
 * once (domain/field.h), the rate in cents last; the vacation unit, a
 * number of hours ("3.5") no field type reads, is read apart
 * (CONVENTION_VACATION_NAME).  The page's form types its amounts the
 * French way: it reads the first CONVENTION_RATE_CENTS of these, and
 * conventions_form_fields for the rate and the vacation unit.
 */
enum { CONVENTION_KIND, CONVENTION_STARTS_ON, CONVENTION_ENDS_ON, CONVENTION_HOURS,
       CONVENTION_NOTES, CONVENTION_RATE_CENTS, CONVENTION__FIELDS };
extern const struct field conventions_fields[CONVENTION__FIELDS];
#define CONVENTION_VACATION_NAME "vacation_hours"

/* What the page's form adds to a convention: amounts typed like "62,50"
   (euros an hour) and "3,5" (hours a vacation). */
struct convention_form_input {
	struct convention_input in;  /* first: conventions_fields read it too */
	int64_t vacation_hundredths; /* hours × 100, 0 when not typed */
};

enum { CONVENTION_FORM_VACATION, CONVENTION_FORM_RATE, CONVENTION_FORM__FIELDS };
extern const struct field conventions_form_fields[CONVENTION_FORM__FIELDS];

struct convention_view {
	int64_t id;
	const char *kind, *starts_on, *ends_on;
	int64_t hours_per_year;    /* -1 when none */
	int64_t hourly_rate_cents; /* -1 when none */
	const char *notes;         /* NULL when none */
	int64_t vacation_minutes;  /* the billing unit, in minutes */
};
typedef int (*convention_fn)(void *ctx, const struct convention_view *v);

int hours_conventions_create(svc *s, const char *organisation, const struct convention_input *in,
		       int64_t *id);
int hours_conventions_list(svc *s, const char *organisation, convention_fn fn, void *ctx);

struct time_input {
	const char *organisation; /* code */
	const char *date;
	int64_t minutes;
	const char *activity; /* one of hours_activities */
};

/* The input of hours_time_record, declared once for the form and the JSON
   body, in the order the service checks it. */
enum { TIME_ORGANISATION, TIME_DATE, TIME_MINUTES, TIME_ACTIVITY, TIME__FIELDS };
extern const struct field times_fields[TIME__FIELDS];

int hours_time_record(svc *s, const struct time_input *in, int64_t *id);

/* One of the caller's time entries as listed.  Strings valid during the
   callback only. */
struct time_view {
	int64_t id;
	const char *date;     /* YYYY-MM-DD */
	int64_t minutes;
	const char *activity; /* one of hours_activities */
};
typedef int (*time_fn)(void *ctx, const struct time_view *v);

/* The caller's own time entries for organisation (code) in year, newest
   first, so that she may correct them (a worker: policy time; audited
   time.list "<code>/<year>").  SVC_NOT_FOUND for an organisation she may
   not see; SVC_INVALID "year" outside 1990-2100. */
int hours_time_list(svc *s, const char *organisation, int year, time_fn fn, void *ctx);

/* Corrects time entry id with in (every field, as when recorded) for
   reason (service/corrections.h: audited time_entry.correct naming the
   fields changed), or deletes it (time_entry.delete): the hours no longer
   count it.  The worker who recorded it may; anyone else gets
   SVC_NOT_FOUND.  SVC_INVALID names a field of in, or "reason". */
int hours_time_correct(svc *s, int64_t id, const struct time_input *in, const char *reason);
int hours_time_delete(svc *s, int64_t id, const char *reason);

/*
 * The year's hours of an organisation, in one of two forms chosen by the
 * service, never by the adapter that draws it:
 *
 * - detailed (head, admin, workers): every month of the year, split by
 *   activity, exact to a tenth of an hour;
 * - an invoice (employer; issue 11): what the organisation is billed for,
 *   one total per closed month (the months before the running one; all
 *   twelve of a past year, none of a future one) of all the service's
 *   activity for it, every person included, rounded up to the vacation
 *   unit of the convention covering the month (the whole hour when none
 *   does), never split by activity, never perturbed.  by_activity and
 *   by_month are then all zero and must not be shown.
 *
 * bought is the same in both; spent, remaining, percent and alert are
 * computed from the month totals of the form given.
 */
struct consumption {
	int year;
	int invoice_only; /* 1: an invoice (see above): month_total only */
	int months;       /* months given, from January: 12, or the closed ones */
	double bought;    /* hours bought for the year (conventions prorated by days) */
	int bought_set;   /* 0: no convention sets hours */
	double spent;     /* hours spent (the sum of month_total), one decimal */
	double by_activity[HOURS_ACTIVITIES];      /* detailed only */
	double by_month[12][HOURS_ACTIVITIES];     /* detailed only */
	double month_total[12]; /* each month's hours (invoiced when invoice_only) */
	double remaining; /* bought - spent (may be negative) when bought_set */
	double percent;   /* spent / bought * 100, one decimal, when bought_set */
	int alert;        /* 0, 80 or 100: the threshold reached */
};

/* The consumption of organisation (code) in year: an invoice for an
   employer, detailed for anyone else; SVC_NOT_FOUND when the caller may
   not see it.  Audited as consumption.read. */
int hours_consumption_get(svc *s, const char *organisation, int year, struct consumption *out);

/*
 * The hours bought and spent in year for an organisation id (0: the whole
 * service), for the bilan: no policy check, no audit (the caller does
 * both).  invoice: 1 for the invoice form (the employer's bilan), 0 for
 * the detail.  Returns 0 or -1 (store error).
 */
int hours_consumption_compute(svc *s, int64_t organisation_id, int year, int invoice,
			      struct consumption *out);

#endif
