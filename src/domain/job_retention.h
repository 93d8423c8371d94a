/*
 * retention — the pure rules of job retention (*maintien dans l'emploi*):
 * the fixed lists (kinds of sick leave, RQTH status), periods with an
 * optional end, their overlap, and when a sick leave needs the worker's
 * attention.  Dates are "YYYY-MM-DD" (domain/date.h).  No I/O.
 */
#ifndef RELAIS_DOMAIN_RETENTION_H
#define RELAIS_DOMAIN_RETENTION_H

#include <stdint.h>

/* A leave is long past this many days; it needs attention when no
   intervention was recorded in the last JOB_RETENTION_CONTACT_DAYS days. */
#define JOB_RETENTION_LONG_LEAVE_DAYS 90
#define JOB_RETENTION_CONTACT_DAYS 30
#define JOB_RETENTION_PERCENT_MIN 1  /* therapeutic part-time: share of the usual time worked */
#define JOB_RETENTION_PERCENT_MAX 99

/* A code with its French label (a gettext msgid). */
struct job_retention_code {
	const char *code;
	const char *label;
};

/* maladie, at_mp, longue_maladie — NULL-terminated. */
extern const struct job_retention_code job_retention_leave_kinds[];
/* aucune, en_cours, reconnue, refusee — NULL-terminated. */
extern const struct job_retention_code job_retention_rqth_statuses[];

/* The label of code in list (NULL-terminated), or NULL when unknown. */
const char *job_retention_label(const struct job_retention_code *list, const char *code);

/* 1 when start is a valid date and end is NULL (open) or a valid date on
   or after start. */
int job_retention_period_ok(const char *start, const char *end);

/* 1 when the periods [s1, e1] and [s2, e2] share a day; an end NULL is
   open (runs on forever).  Dates must be valid. */
int job_retention_periods_overlap(const char *s1, const char *e1, const char *s2, const char *e2);

/* Days the leave has lasted by today (today - start), or -1 when it is
   over (ended before today) or not begun. */
int64_t job_retention_leave_days(const char *start, const char *end, const char *today);

/*
 * Whether a leave needs attention on the dashboard: still running (open,
 * or ending today or later), more than JOB_RETENTION_LONG_LEAVE_DAYS days
 * long by today, and no intervention in the last JOB_RETENTION_CONTACT_DAYS
 * days (last_contact: the latest intervention's date, or NULL).
 */
int job_retention_leave_flagged(const char *start, const char *end, const char *last_contact,
			    const char *today);

#endif
