/*
 * agenda — a worker's calendar: recurring *permanences* (on-site hours in
 * a client organisation, with dated cancellations) and appointments
 * (rendez-vous, with a person or a first contact), the week view, and the
 * appointments on the dashboard.  Rules in domain/agenda.h.
 *
 * Who: the head and the admin create permanences for a worker assigned to
 * the organisation; a worker reads her own, the head and the admin any, an
 * employer its organisation's timetable (site, day, hours, the worker's
 * name — no person, no reason).  A worker books her own appointments; the
 * head books first contacts (no person) for a worker.  An appointment's
 * person is named only to whoever may open the person (référent or live
 * share); anyone but the appointment's worker and the head gets "not
 * found".  Every read and write is audited.  Times are local to the
 * service (TZ, Europe/Paris by default).
 */
#ifndef RELAIS_SERVICE_AGENDA_H
#define RELAIS_SERVICE_AGENDA_H

#include <stdint.h>

#include "service/dashboard.h"
#include "service/svc.h"

#define AGENDA_SITE_MAX 200   /* characters */
#define AGENDA_REASON_MAX 200 /* characters */
#define AGENDA_DASHBOARD_DAYS 7 /* appointments of today and the next 7 days */

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

struct permanence_exception {
	const char *date;
	const char *reason; /* NULL for an employer */
};

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

#define APPOINTMENT_STATUSES 5
/* prevu, honore, excuse, absent, annule: codes and French labels. */
extern const char *const appointment_statuses[APPOINTMENT_STATUSES];
const char *appointment_status_label(const char *code);

struct appointment_input {
	const char *worker;      /* login; NULL: the caller (a worker) */
	int64_t person_id;       /* 0: a first contact */
	const char *start, *end; /* "YYYY-MM-DDTHH:MM", same day */
	const char *mode;        /* reference list mode */
	const char *site;        /* or NULL */
};

/* One appointment as shown.  Strings valid during the callback only. */
struct appointment_view {
	int64_t id;
	const char *worker, *worker_name;
	int has_person;     /* a person is attached (named or not) */
	int64_t person_id;  /* 0 unless the caller may open the person */
	const char *person; /* "Nom Prénom" when the caller may open the person, else NULL */
	int64_t case_id;    /* the person's open case the caller may open, else 0 */
	const char *start, *end;
	const char *mode, *site, *status;
	int64_t intervention_id; /* 0 until it became an intervention */
};
typedef int (*appointment_fn)(void *ctx, const struct appointment_view *v);

/* Books an appointment (audited appointment.create).  An overlap with a
   live (planned or honoured) appointment of the worker is refused on
   "start"; a person the caller may not open is SVC_NOT_FOUND. */
int appointments_create(svc *s, const struct appointment_input *in, int64_t *id);
/* One appointment (audited appointment.read). */
int appointments_get(svc *s, int64_t id, appointment_fn fn, void *ctx);
/* prevu → honore | excuse | absent | annule (audited). */
int appointments_set_status(svc *s, int64_t id, const char *status);
/*
 * The honoured appointment becomes an intervention in the person's open
 * case, in one transaction: mode from the appointment, its date, duration
 * the appointment's length unless duration_minutes >= 0.  Refused (422)
 * without a person ("person_id"), without an open case ("case"), or when
 * not planned ("status").
 */
int appointments_intervention(svc *s, int64_t id, const char *kind, int64_t duration_minutes,
			      const char *notes, int64_t *intervention_id);

/*
 * The agenda of a worker (login; NULL: the caller) from date `from` to
 * before date `to` (at most 62 days): permanence occurrences then
 * appointments, each in time order.  A worker reads her own, the head any
 * worker's or (worker NULL) everyone's (persons never named).  Audited
 * agenda.read.
 */
int agenda_read(svc *s, const char *worker, const char *from, const char *to, occurrence_fn occ,
		appointment_fn appt, void *ctx);

/* The same for user id worker_id, persons named as viewer_id may open
   them (0: never): no policy check, no audit (service/calendar.c). */
int agenda_collect(svc *s, int64_t worker_id, int64_t viewer_id, const char *from,
		   const char *to, occurrence_fn occ, appointment_fn appt, void *ctx);

/* The dashboard's "appointment" lines (service/dashboard.h). */
int appointments_dashboard(svc *s, dashboard_fn fn, void *ctx);

#endif
