/*
 * permanences — recurring *permanences* (on-site hours a worker holds in a
 * client organisation, on one weekday every 1, 2 or 4 weeks) with dated
 * cancellations.  Rules in domain/agenda.h; the week view that shows them
 * beside the appointments is service/agenda.h.
 *
 * Who: the head and the admin create permanences for a worker assigned to
 * the organisation; a worker reads her own, the head and the admin any, an
 * employer its organisation's timetable (site, day, hours, the worker's
 * name — no person, no reason).  Every read and write is audited.
 */
#ifndef RELAIS_SERVICE_PERMANENCES_H
#define RELAIS_SERVICE_PERMANENCES_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

#define PERMANENCE_SITE_MAX 200   /* characters */
#define PERMANENCE_REASON_MAX 200 /* characters */

struct permanence_input {
	const char *organisation; /* code */
	const char *worker;       /* login of a worker assigned to it */
	const char *site;
	int64_t weekday;          /* 1 Monday … 7 Sunday */
	const char *start, *end;  /* "HH:MM" */
	int64_t every_weeks;      /* 1, 2 or 4 */
	const char *from;         /* first day */
	const char *until;        /* last day or NULL */
};

/* The input of permanences_create, declared once for the form and the
   JSON body (domain/field.h), in the order the service checks it; the
   hours' HH:MM and the reference checks stay the service's.  every_weeks
   may be left out: the caller's default stays. */
enum { PERMANENCE_ORGANISATION, PERMANENCE_WORKER, PERMANENCE_SITE, PERMANENCE_WEEKDAY,
       PERMANENCE_START, PERMANENCE_END, PERMANENCE_EVERY_WEEKS, PERMANENCE_FROM,
       PERMANENCE_UNTIL, PERMANENCE__FIELDS };
extern const struct field permanences_fields[PERMANENCE__FIELDS];

struct permanence_exception {
	const char *date;
	const char *reason; /* NULL for an employer */
};

/* The input of permanences_cancel: a struct permanence_exception. */
enum { EXCEPTION_DATE, EXCEPTION_REASON, EXCEPTION__FIELDS };
extern const struct field permanence_exceptions_fields[EXCEPTION__FIELDS];

/* One permanence as shown.  Strings valid during the callback only. */
struct permanence_view {
	int64_t id;
	const char *organisation, *organisation_name;
	const char *worker;      /* login; NULL for an employer */
	const char *worker_name; /* display name */
	const char *site;
	int weekday;
	const char *start, *end;
	int every_weeks;
	const char *from, *until; /* until NULL: no end */
	const struct permanence_exception *exceptions;
	int nexceptions;
};
typedef int (*permanence_fn)(void *ctx, const struct permanence_view *v);

/* Creates a permanence (audited permanence.create).  SVC_INVALID names the
   field; an overlap with another permanence of the worker is refused on
   "start". */
int permanences_create(svc *s, const struct permanence_input *in, int64_t *id);
/* The permanences the caller may see, filtered by organisation code and
   worker login (either NULL: all), by weekday and hour. */
int permanences_list(svc *s, const char *organisation, const char *worker, permanence_fn fn,
		     void *ctx);
/* Cancels the occurrence of permanence id on date (audited).  The date must
   be an occurrence; twice is SVC_CONFLICT.  A worker: her own only. */
int permanences_cancel(svc *s, int64_t id, const char *date, const char *reason);

/* One occurrence of a permanence (exceptions removed). */
struct occurrence_view {
	int64_t permanence_id;
	const char *date, *start, *end; /* "YYYY-MM-DD", "HH:MM", "HH:MM" */
	const char *site;
	const char *organisation_name;
};
typedef int (*occurrence_fn)(void *ctx, const struct occurrence_view *v);

/*
 * The occurrences of the permanences of user id worker (0: every
 * worker's) on dates [from, to), cancelled days left out: permanence by
 * permanence (by weekday and hour), each day by day.  No policy check, no audit: for the
 * agenda's readers (service/agenda.c), which check and audit.  Returns 0,
 * 1 when fn stopped the walk (returned non-zero), -1 on a store error.
 */
int permanences_occurrences(svc *s, int64_t worker, const char *from, const char *to,
			    occurrence_fn fn, void *ctx);

/* Corrects permanence id with in (every field, as when created) for
   reason, or deletes it with its cancelled dates, for reason
   (service/corrections.h: audited permanence.correct naming the fields
   changed, permanence.delete; the agenda no longer shows it).  Whoever
   may create permanences may; anyone else gets SVC_NOT_FOUND.  SVC_INVALID
   names a field of in (an overlap: "start"), or "reason". */
int permanences_correct(svc *s, int64_t id, const struct permanence_input *in,
			const char *reason);
int permanences_delete(svc *s, int64_t id, const char *reason);

#endif
