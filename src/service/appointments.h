/*
 * appointments — a worker's appointments (*rendez-vous*, with a person or
 * a first contact): booking, status, the honoured appointment turned into
 * an intervention, and the appointments on the dashboard.  The week view
 * that shows them beside the permanences is service/agenda.h.
 *
 * Who: a worker books her own appointments; the head books first contacts
 * (no person) for a worker; the reception (secrétariat) books and moves
 * any worker's appointments without a person record, with the name of the
 * person who called (contact_name).  An appointment's person is named
 * only to whoever may open the person (référent or live share); a name
 * typed by the reception only to that reception account and to the
 * appointment's worker.  The reception sees no case, no intervention and
 * no place but for its own bookings.  Anyone but the appointment's
 * worker, the head and the reception gets "not found".  Every read and
 * write is audited.  Times are local to the service (TZ, Europe/Paris by
 * default).
 */
#ifndef RELAIS_SERVICE_APPOINTMENTS_H
#define RELAIS_SERVICE_APPOINTMENTS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/dashboard.h"
#include "service/svc.h"

#define APPOINTMENT_SITE_MAX 200     /* characters */
#define APPOINTMENT_CONTACT_MAX 200  /* characters of a name typed by the reception */
#define APPOINTMENT_DASHBOARD_DAYS 7 /* appointments of today and the next 7 days */

#define APPOINTMENT_STATUSES 5
/* prevu, honore, excuse, absent, annule: the status codes, in this order. */
extern const char *const appointments_statuses[APPOINTMENT_STATUSES];
/* The French label of a status code (translated); code itself when it is
   not one. */
const char *appointments_status_label(const char *code);

struct appointment_input {
	const char *worker;      /* login; NULL: the caller (a worker) */
	int64_t person_id;       /* 0: a first contact */
	const char *start, *end; /* "YYYY-MM-DDTHH:MM", same day */
	const char *mode;        /* reference list mode */
	const char *site;        /* or NULL */
	const char *contact_name; /* the reception's booking: who called, or NULL */
};

/*
 * The input of appointments_create, declared once for the JSON body and
 * the form (domain/field.h), in the order the service checks it; the
 * service parses start and end (a date and time, "T" or a space between)
 * and checks the worker, the person and the mode.  The page's form types
 * the day apart (appointments_day_fields) and its start and end as HH:MM.
 */
enum { APPOINTMENT_WORKER, APPOINTMENT_PERSON, APPOINTMENT_START, APPOINTMENT_END,
       APPOINTMENT_MODE, APPOINTMENT_SITE, APPOINTMENT_CONTACT_NAME, APPOINTMENT__FIELDS };

/* A new time for a planned appointment (appointments_move): start and end
   as in appointments_fields. */
struct appointment_move {
	const char *start, *end;
};
enum { APPOINTMENT_MOVE_START, APPOINTMENT_MOVE_END, APPOINTMENT_MOVE__FIELDS };
extern const struct field appointments_move_fields[APPOINTMENT_MOVE__FIELDS];
extern const struct field appointments_fields[APPOINTMENT__FIELDS];

/* The day of the page's booking form. */
struct appointment_day {
	const char *date; /* YYYY-MM-DD */
};
enum { APPOINTMENT_DAY, APPOINTMENT_DAY__FIELDS };
extern const struct field appointments_day_fields[APPOINTMENT_DAY__FIELDS];

/* A new status (appointments_set_status); the JSON body of a booking may
   name "prevu" only. */
struct appointment_status {
	const char *status; /* honore, excuse, absent or annule */
};
enum { APPOINTMENT_STATUS, APPOINTMENT_STATUS__FIELDS };
extern const struct field appointments_status_fields[APPOINTMENT_STATUS__FIELDS];

/* What appointments_intervention takes besides the appointment. */
struct appointment_intervention {
	const char *kind;         /* reference list intervention_kind */
	int64_t duration_minutes; /* -1: the appointment's length */
	const char *notes;        /* or NULL */
};
enum { APPOINTMENT_KIND, APPOINTMENT_DURATION, APPOINTMENT_NOTES,
       APPOINTMENT_INTERVENTION__FIELDS };
extern const struct field appointments_intervention_fields[APPOINTMENT_INTERVENTION__FIELDS];

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
/* A planned appointment to another time (the same checks as booking;
   audited appointment.move): its worker, the head or the reception. */
int appointments_move(svc *s, int64_t id, const char *start, const char *end);
/*
 * The honoured appointment becomes an intervention in the person's open
 * case, in one transaction: mode from the appointment, its date, duration
 * the appointment's length unless duration_minutes >= 0.  Refused (422)
 * without a person ("person_id"), without an open case ("case"), or when
 * not planned ("status").
 */
int appointments_intervention(svc *s, int64_t id, const char *kind, int64_t duration_minutes,
			      const char *notes, int64_t *intervention_id);

/* The dashboard's "appointment" lines (service/dashboard.h). */
int appointments_dashboard(svc *s, dashboard_fn fn, void *ctx);

/*
 * The appointments of user id worker (0: every worker's) starting on dates
 * [from, to), in time order; persons named as user id viewer may open
 * them (0: never).  No policy check, no audit: for the agenda's readers
 * (service/agenda.c), which check and audit.  0, or -1 on a store error.
 */
int appointments_collect(svc *s, int64_t worker, int64_t viewer, const char *from,
			 const char *to, appointment_fn fn, void *ctx);
/* The viewer to pass to appointments_collect for the caller: a worker
   sees the persons she may open, the head, the reception (and the
   system) none. */
int64_t appointments_viewer(const svc *s);

/* Deletes appointment id for reason: the row goes, its tombstone stays
   (service/corrections.h: audited appointment.delete); an intervention
   recorded from it stays.  Who may see it (its worker, the head, the
   reception) may; anyone else gets SVC_NOT_FOUND.  SVC_INVALID names
   "reason". */
int appointments_delete(svc *s, int64_t id, const char *reason);

#endif
