/*
 * agenda — a worker's week: the occurrences of her permanences
 * (service/permanences.h) then her appointments (service/appointments.h),
 * read together for the week view and the private calendar feed
 * (service/calendar.h).  Rules in domain/agenda.h.
 *
 * Who: a worker reads her own agenda, the head any worker's or everyone's
 * (persons never named), the reception too (without motives: persons
 * named only for its own bookings, service/appointments.h).  Every read is
 * audited.
 */
#ifndef RELAIS_SERVICE_AGENDA_H
#define RELAIS_SERVICE_AGENDA_H

#include <stdint.h>

#include "service/appointments.h"
#include "service/permanences.h"
#include "service/svc.h"

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
   them (0: never): no policy check, no audit (service/calendar.c).  Either
   callback may be NULL (that part is not read); an occurrence callback
   returning non-zero stops the read before the appointments.  0, or -1 on
   a store error. */
int agenda_collect(svc *s, int64_t worker_id, int64_t viewer_id, const char *from,
		   const char *to, occurrence_fn occ, appointment_fn appt, void *ctx);

#endif
