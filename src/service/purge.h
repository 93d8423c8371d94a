/*
 * purge — the retention rule (DESIGN §2b, CNIL référentiel for social
 * accompaniment): a person whose cases have all been closed, or without
 * contact, for `years` years leaves the active base and is anonymised —
 * identity erased (name, phone, e-mail, job title, exact birth date: the
 * year stays), every free text of their cases erased (diagnoses, action
 * plans, notes, private notes, aid reasons, budget lines, orientation
 * reasons, adjustment descriptions, share reasons), their employee
 * request deleted; the coded facts stay, so past bilans do not change.
 * A quiet case still open is closed at its last contact ("abandon").
 * Command line only (the system service); one transaction; one audit
 * entry per person (person.anonymise) and one for the run (purge.run).
 */
#ifndef RELAIS_PURGE_H
#define RELAIS_PURGE_H

#include <stdint.h>

#include "service/svc.h"

#define PURGE_YEARS_DEFAULT 2

/* Called with each person due (dry run) or anonymised. */
typedef void (*purge_fn)(void *ctx, int64_t person_id);

struct retention_plan;

/*
 * Anonymises every person due on today (YYYY-MM-DD) after `years` years
 * of quiet, and never accompanied for the setting's months, and removes
 * every other kind of record due (service/retention.h) — or, with
 * dry_run, only lists them and writes nothing.  A public body's records
 * go once the head recorded the archives' visa.  *count gets the number of
 * persons, plan (filled; the caller frees it with retention_plan_free)
 * what each kind has due, waiting for a visa and removed.  SVC_OK,
 * SVC_FORBIDDEN (not the system service) or SVC_ERROR (nothing kept).
 */
int purge_run(svc *s, const char *today, int years, int dry_run, purge_fn fn, void *ctx,
	      int64_t *count, struct retention_plan *plan);

/*
 * The anonymisation of one person, as above: identity and free texts
 * erased, coded facts kept (audited person.anonymise).  Inside the
 * caller's open transaction, no policy check (the caller's): the retention
 * purge and the erasure on request (service/rights.h), which have held the
 * person for update (ST_HOLD_PERSON_REVOKE) before any access-log entry of
 * theirs: her shares end and her référent goes.  today is the
 * anonymisation date (YYYY-MM-DD).  0, or -1 (the caller aborts).
 */
int purge_anonymise(svc *s, int64_t id, const char *today);

/* After the commit of an anonymisation: the erased bytes leave the
   database file too (SQLite: VACUUM and a WAL checkpoint; PostgreSQL:
   nothing here).  SVC_OK or SVC_ERROR (logged). */
int purge_compact(svc *s);

#endif
