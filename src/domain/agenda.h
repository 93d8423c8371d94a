/*
 * agenda — the pure rules of a worker's calendar: times of day "HH:MM",
 * recurring *permanences* (on-site hours on one weekday, every 1, 2 or 4
 * weeks counted from their first day, until an optional last day), their
 * occurrences and overlaps, ISO weeks for the week view.  Dates are
 * "YYYY-MM-DD" (domain/date.h).  No I/O.
 */
#ifndef RELAIS_DOMAIN_AGENDA_H
#define RELAIS_DOMAIN_AGENDA_H

#define AGENDA_TIME_LEN 5      /* "HH:MM" */
#define AGENDA_DATETIME_LEN 16 /* "YYYY-MM-DDTHH:MM" */
#define AGENDA_WEEK_LEN 8      /* "YYYY-Www" */

/* A time of day "HH:MM" (00:00–23:59) as minutes since midnight, or -1. */
int agenda_time_parse(const char *s);
/* "HH:MM" of minutes (0–1439) into out[AGENDA_TIME_LEN + 1]. */
void agenda_time_format(int minutes, char out[AGENDA_TIME_LEN + 1]);

/* "YYYY-MM-DDTHH:MM" (seconds ":00" tolerated) into a valid date and
   minutes since midnight; 0, or -1 when it is not one. */
int agenda_datetime_parse(const char *s, char date[11], int *minutes);

/* The ISO weekday of a valid date: 1 Monday … 7 Sunday. */
int agenda_weekday(const char *date);
/* The Monday of the ISO week of a valid date, into out. */
void agenda_monday(const char *date, char out[11]);
/* The Monday of ISO week "YYYY-Www" (W01–W53, as far as the year has
   weeks); 0, or -1 when spec is not one. */
int agenda_week_parse(const char *spec, char monday[11]);
/* The ISO week "YYYY-Www" containing a valid date. */
void agenda_week_name(const char *date, char out[AGENDA_WEEK_LEN + 1]);

/* A recurring permanence. */
struct agenda_rule {
	int weekday;       /* 1 Monday … 7 Sunday */
	int start, end;    /* minutes since midnight, start < end */
	int every_weeks;   /* 1, 2 or 4 */
	const char *from;  /* first day of the period (valid date) */
	const char *until; /* last day, or NULL: no end */
};

/* 1 when weekday, times, every_weeks and the period are consistent. */
int agenda_rule_ok(const struct agenda_rule *r);
/* The first occurrence on or after r->from into out; 0, or -1 when there
   is none before r->until. */
int agenda_first(const struct agenda_rule *r, char out[11]);
/* 1 when the permanence takes place on date (before any exception). */
int agenda_occurs(const struct agenda_rule *r, const char *date);
/* 1 when [s1, e1) and [s2, e2) (minutes) intersect. */
int agenda_times_overlap(int s1, int e1, int s2, int e2);
/*
 * 1 when two permanences can take place on the same day at intersecting
 * hours: same weekday, intersecting hours, and a common occurrence within
 * both periods (exact: the patterns repeat every 4 weeks at most, so the
 * first 4 weeks of the common period decide).
 */
int agenda_rules_overlap(const struct agenda_rule *a, const struct agenda_rule *b);

#endif
