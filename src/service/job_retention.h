/*
 * retention — job retention (*maintien dans l'emploi*, prevention of
 * *désinsertion professionnelle*) on a case: sick-leave periods, the RQTH
 * (*reconnaissance de la qualité de travailleur handicapé*), therapeutic
 * part-time periods (*temps partiel thérapeutique*), the pre-return visit,
 * the workstation adjustment, and the retention outcome once the case is
 * closed.  Rules are in domain/retention.h.
 *
 * Secrecy: the case's.  Only its référent and holders of a live share get
 * in; everyone else SVC_NOT_FOUND, the attempt audited (retention.*_denied).
 * Reads and writes are audited; the adjustment's description is sealed,
 * dates and codes stay in clear for the statistics.
 */
#ifndef RELAIS_RETENTION_H
#define RELAIS_RETENTION_H

#include <stdint.h>

#include "domain/field.h"
#include "service/dashboard.h"
#include "service/svc.h"

#define JOB_RETENTION_TEXT_MAX 20000 /* bytes of the adjustment's description */

/* The case's retention record.  For an update a NULL field is kept and ""
   clears it (rqth_status "" goes back to "aucune"). */
struct job_retention_input {
	const char *rqth_status;        /* aucune, en_cours, reconnue, refusee */
	const char *rqth_requested_on;  /* the MDPH request, not in the future */
	const char *rqth_decided_on;    /* after the request; reconnue or refusee only */
	const char *rqth_expires_on;    /* after the decision; reconnue only */
	const char *pre_return_visit_on; /* visite de pré-reprise (may be ahead) */
	const char *adjustment_requested_on; /* workstation adjustment asked for */
	const char *adjustment_done_on;      /* done: after the request, not in the future */
	const char *adjustment_description;  /* free text, sealed */
	const char *outcome;            /* reference list job_retention_outcome: closed cases only */
};

/* The input of job_retention_update, declared once for the form, the JSON
   body and the CSV import (domain/field.h), in the service's order.  The
   table reads "" as not sent: each adapter passes a value sent empty (or
   null) as "", which clears it. */
enum { JOB_RETENTION_RQTH_STATUS, JOB_RETENTION_RQTH_REQUESTED_ON, JOB_RETENTION_RQTH_DECIDED_ON,
       JOB_RETENTION_RQTH_EXPIRES_ON, JOB_RETENTION_PRE_RETURN_VISIT_ON,
       JOB_RETENTION_ADJUSTMENT_REQUESTED_ON, JOB_RETENTION_ADJUSTMENT_DONE_ON,
       JOB_RETENTION_ADJUSTMENT_DESCRIPTION, JOB_RETENTION_OUTCOME, JOB_RETENTION__FIELDS };
extern const struct field job_retention_fields[JOB_RETENTION__FIELDS];

/* The record as shown (all NULL but rqth_status before any change).
   Strings valid during the callback only. */
struct job_retention_view {
	const char *rqth_status;
	const char *rqth_requested_on;
	const char *rqth_decided_on;
	const char *rqth_expires_on;
	const char *pre_return_visit_on;
	const char *adjustment_requested_on;
	const char *adjustment_done_on;
	const char *adjustment_description; /* decrypted */
	const char *outcome;
	int case_closed;                    /* outcome may be set */
};

/* A period: a sick leave (kind) or a therapeutic part-time (percent). */
struct period_input {
	const char *start;  /* YYYY-MM-DD */
	const char *end;    /* NULL or "" while open (on update: NULL keeps, "" opens) */
	const char *kind;   /* sick leave: maladie, at_mp, longue_maladie */
	int64_t percent;    /* part-time: share of the usual time worked, 1..99 */
};

/* The input of a sick leave and of a part-time period: start, end, then
   the leave's kind or the part-time's percent.  On a leave's update "" (or
   null) ends as the record's: the adapters pass it as "". */
enum { PERIOD_START, PERIOD_END, PERIOD_DETAIL, PERIOD__FIELDS };
extern const struct field job_retention_leave_fields[PERIOD__FIELDS];
extern const struct field job_retention_part_time_fields[PERIOD__FIELDS];

struct period_view {
	int64_t id;
	const char *start;
	const char *end;    /* NULL while open */
	const char *kind;   /* sick leaves */
	int64_t percent;    /* part-times */
	int64_t days;       /* a sick leave's days so far, -1 when over */
	int long_leave;     /* a sick leave running for more than 90 days */
};

typedef int (*job_retention_fn)(void *ctx, const struct job_retention_view *v);
typedef int (*period_fn)(void *ctx, const struct period_view *v);

/* What job_retention_get gives; any callback may be NULL. */
struct job_retention_sink {
	job_retention_fn record;
	period_fn leave;      /* newest first */
	period_fn part_time;  /* newest first */
	void *ctx;
};

/* The retention record of case case_id with its periods (audited
   retention.read). */
int job_retention_get(svc *s, int64_t case_id, const struct job_retention_sink *sink);

/* Changes the record (audited retention.update).  SVC_INVALID names the
   field (rqth_status, rqth_requested_on, rqth_decided_on, rqth_expires_on,
   pre_return_visit_on, adjustment_requested_on, adjustment_done_on,
   adjustment_description, outcome). */
int job_retention_update(svc *s, int64_t case_id, const struct job_retention_input *in);

/* Sick leaves (audited sick_leave.create/update/delete).  SVC_INVALID
   names start, end or kind; a leave overlapping another of the case is
   refused on "start".  Update: NULL keeps a field.  SVC_NOT_FOUND for a
   leave that is not the case's. */
int job_retention_leave_create(svc *s, int64_t case_id, const struct period_input *in, int64_t *id);
int job_retention_leave_update(svc *s, int64_t case_id, int64_t leave_id, const struct period_input *in);
int job_retention_leave_delete(svc *s, int64_t case_id, int64_t leave_id);

/* Therapeutic part-time periods (audited part_time.create/delete):
   start, end, percent; overlapping periods refused on "start". */
int job_retention_part_time_create(svc *s, int64_t case_id, const struct period_input *in, int64_t *id);
int job_retention_part_time_delete(svc *s, int64_t case_id, int64_t part_time_id);

/*
 * The dashboard's "long_leave" lines (service/dashboard.h): sick leaves
 * still running for more than 90 days on open cases without any
 * intervention in the last 30 days.  A worker gets one line per leave on
 * the cases she may open (case, "Nom Prénom", leave start, days so far);
 * the head one count line (no case, no name); other roles nothing.
 * Not audited: the worker's own caseload, the head's count.
 */
int job_retention_dashboard(svc *s, dashboard_fn fn, void *ctx);

#endif
