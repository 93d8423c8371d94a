/* retention — see retention.h. */
#include "service/job_retention.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "domain/job_retention.h"
#include "service/audit.h"
#include "service/cases.h"
#include "service/internal.h"
#include "service/reference.h"
#include "support/buf.h"
#include "support/i18n.h"
#include "support/log.h"
#include "support/text.h"

#define AAD_ADJUSTMENT "job_retention.adjustment_description"

/* The retention record's columns (ST_RETENTION_GET), in order. */
enum {
	RC_RQTH, RC_RQTH_REQUESTED, RC_RQTH_DECIDED, RC_RQTH_EXPIRES, RC_VISIT, RC_ADJ_REQUESTED,
	RC_ADJ_DONE, RC_ADJ_TEXT, RC_OUTCOME, RC__COUNT
};

/* ---- access ---- */

struct case_state {
	int found;
	int closed;
};

static int case_state_row(void *ctx, const store_row *row)
{
	struct case_state *c = ctx;
	c->found = 1;
	c->closed = !store_row_is_null(row, CASE_COL_CLOSED_ON);
	return 1;
}

/* Lets in the référent and live shares of case_id and fills *st; anyone
   else gets SVC_NOT_FOUND with "retention.<what>_denied" audited.  As
   svc_gate_begin, the first step of every use case here (a write, or the
   read and its entry): the check and the case read in the transaction it
   opens, left open on SVC_OK only. */
static int gate(svc *s, int64_t case_id, const char *what, struct case_state *st)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "retention");
	int may = cases_may_access(s, case_id);
	if (may < 0)
		return svc_abort(s, "retention");
	if (!may) {
		char action[64];
		snprintf(action, sizeof action, "retention.%s_denied", what);
		return svc_refuse_in_tx(s, action, "case", case_id);
	}
	memset(st, 0, sizeof *st);
	store_value p[] = {SV_INT(case_id)};
	if (store_exec(svc_db(s), ST_CASE_GET, p, 1, case_state_row, st) != STORE_OK)
		return svc_abort(s, "retention");
	if (st->found)
		return SVC_OK;
	svc_tx_refused(s);
	return SVC_NOT_FOUND;
}

/* Ends the transaction gate() opened: rc (not SVC_OK) rolled back. */
static int refused(svc *s, int rc)
{
	svc_tx_refused(s);
	return rc;
}

/* Runs one write with its audit entry in the transaction gate opened, and
   commits it. */
static int write_audited(svc *s, enum stmt st, const store_value *p, int n, int64_t *new_id,
			 int must_change, const char *action, const char *type, int64_t object_id)
{
	char object[24];
	int64_t id = 0;
	if (store_exec(svc_db(s), st, p, n, new_id ? svc_row_int : NULL, new_id ? &id : NULL) !=
	    STORE_OK)
		return svc_abort(s, action);
	if (must_change && store_changes(svc_db(s)) == 0) {
		svc_tx_rollback(s);
		return SVC_NOT_FOUND;
	}
	snprintf(object, sizeof object, "%" PRId64, new_id ? id : object_id);
	if (svc_audit(s, action, type, object) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, action);
	if (new_id)
		*new_id = id;
	return SVC_OK;
}

/* ---- the record ---- */

/* The record read back: owned copies of each column. */
struct record {
	char *col[RC__COUNT];
	svc *s;
	int64_t case_id; /* the row's key (job_retention has no id) */
};

static int record_row(void *ctx, const store_row *row)
{
	/* The record's fields are the first columns of ST_RETENTION_GET, in order. */
	_Static_assert((int)RC_RQTH == (int)RETENTION_COL_RQTH_STATUS &&
			       (int)RC_VISIT == (int)RETENTION_COL_PRE_RETURN_VISIT_ON &&
			       (int)RC_ADJ_TEXT == (int)RETENTION_COL_ADJUSTMENT_DESCRIPTION &&
			       (int)RC_OUTCOME == (int)RETENTION_COL_OUTCOME &&
			       (int)RC__COUNT == (int)RETENTION_COL_UPDATED_AT,
		       "struct record follows enum retention_col");
	struct record *r = ctx;
	for (int k = 0; k < RC__COUNT; k++) {
		if (k == RC_ADJ_TEXT) {
			size_t n = 0;
			const void *d =
				store_row_blob(row, RETENTION_COL_ADJUSTMENT_DESCRIPTION, &n);
			r->col[k] = svc_unseal_at(r->s, AAD_ADJUSTMENT, r->case_id, d, n);
		} else {
			const char *t = store_row_text(row, RETENTION_COL_RQTH_STATUS + k);
			r->col[k] = t ? strdup(t) : NULL;
			if (t && !r->col[k])
				log_fatal("out of memory");
		}
	}
	return 1;
}

static void record_free(struct record *r)
{
	for (int k = 0; k < RC__COUNT; k++)
		free(r->col[k]);
}

static int record_load(svc *s, int64_t case_id, struct record *r)
{
	memset(r, 0, sizeof *r);
	r->s = s;
	r->case_id = case_id;
	store_value p[] = {SV_INT(case_id)};
	return store_exec(svc_db(s), ST_RETENTION_GET, p, 1, record_row, r) == STORE_OK ? 0 : -1;
}

static int period_row(void *ctx, const store_row *row, int leave);

struct relay {
	const struct job_retention_sink *sink;
	char today[DATE_LEN + 1];
};

static int leave_row(void *ctx, const store_row *row)
{
	return period_row(ctx, row, 1);
}

static int part_time_row(void *ctx, const store_row *row)
{
	return period_row(ctx, row, 0);
}

static int period_row(void *ctx, const store_row *row, int leave)
{
	struct relay *r = ctx;
	struct period_view v = {
		.id = store_row_int(row, PERIOD_COL_ID),
		.start = store_row_text(row, PERIOD_COL_START_ON),
		.end = store_row_text(row, PERIOD_COL_END_ON),
		.days = -1,
	};
	if (leave) {
		v.kind = store_row_text(row, LEAVE_COL_KIND);
		v.days = job_retention_leave_days(v.start, v.end, r->today);
		v.long_leave = v.days > JOB_RETENTION_LONG_LEAVE_DAYS;
		return r->sink->leave ? r->sink->leave(r->sink->ctx, &v) : 0;
	}
	v.percent = store_row_int(row, PART_TIME_COL_PERCENT);
	return r->sink->part_time ? r->sink->part_time(r->sink->ctx, &v) : 0;
}

int job_retention_get(svc *s, int64_t case_id, const struct job_retention_sink *sink)
{
	struct case_state st;
	int rc = gate(s, case_id, "read", &st);
	if (rc != SVC_OK)
		return rc;
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, case_id);
	struct record rec;
	struct relay r = {sink, ""};
	date_today(r.today);
	store_value p[] = {SV_INT(case_id)};
	store *db = svc_db(s);
	memset(&rec, 0, sizeof rec);
	if (svc_audit(s, "retention.read", "case", object) != 0 ||
	    record_load(s, case_id, &rec) != 0 ||
	    store_exec(db, ST_LEAVES_OF_CASE, p, 1, leave_row, &r) != STORE_OK ||
	    store_exec(db, ST_PART_TIMES_OF_CASE, p, 1, part_time_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK) {
		record_free(&rec);
		return svc_abort(s, "retention_get");
	}
	if (sink->record) {
		struct job_retention_view v = {
			.rqth_status = rec.col[RC_RQTH] ? rec.col[RC_RQTH] : "aucune",
			.rqth_requested_on = rec.col[RC_RQTH_REQUESTED],
			.rqth_decided_on = rec.col[RC_RQTH_DECIDED],
			.rqth_expires_on = rec.col[RC_RQTH_EXPIRES],
			.pre_return_visit_on = rec.col[RC_VISIT],
			.adjustment_requested_on = rec.col[RC_ADJ_REQUESTED],
			.adjustment_done_on = rec.col[RC_ADJ_DONE],
			.adjustment_description = rec.col[RC_ADJ_TEXT],
			.outcome = rec.col[RC_OUTCOME],
			.case_closed = st.closed,
		};
		sink->record(sink->ctx, &v);
	}
	record_free(&rec);
	return SVC_OK;
}

/* The formats, with the messages of check_record and check_period, which
   check the rest: the dates against today and each other, the lists. */
const struct field job_retention_fields[JOB_RETENTION__FIELDS] = {
	[JOB_RETENTION_RQTH_STATUS] = {"rqth_status", FIELD_CODE, FIELD_CLEARS | FIELD_NULL_CLEARS, 0, 0,
				       N_("Statut RQTH inconnu (aucune, en_cours, reconnue ou "
					  "refusee)."),
				       FIELD_AT(struct job_retention_input, rqth_status)},
	[JOB_RETENTION_RQTH_REQUESTED_ON] = {"rqth_requested_on", FIELD_DATE, FIELD_CLEARS | FIELD_NULL_CLEARS, 0, 0,
					     N_("La date de demande doit être une date passée "
						"(AAAA-MM-JJ)."),
					     FIELD_AT(struct job_retention_input,
						      rqth_requested_on)},
	[JOB_RETENTION_RQTH_DECIDED_ON] = {"rqth_decided_on", FIELD_DATE, FIELD_CLEARS | FIELD_NULL_CLEARS, 0, 0,
					   N_("La décision, passée, suit la demande et ne vaut que "
					      "pour une RQTH reconnue ou refusée."),
					   FIELD_AT(struct job_retention_input, rqth_decided_on)},
	[JOB_RETENTION_RQTH_EXPIRES_ON] = {"rqth_expires_on", FIELD_DATE, FIELD_CLEARS | FIELD_NULL_CLEARS, 0, 0,
					   N_("L'échéance suit la décision et ne vaut que pour une "
					      "RQTH reconnue."),
					   FIELD_AT(struct job_retention_input, rqth_expires_on)},
	[JOB_RETENTION_PRE_RETURN_VISIT_ON] = {"pre_return_visit_on", FIELD_DATE, FIELD_CLEARS | FIELD_NULL_CLEARS, 0, 0,
					       N_("Date de visite de pré-reprise non valide "
						  "(AAAA-MM-JJ)."),
					       FIELD_AT(struct job_retention_input,
							pre_return_visit_on)},
	[JOB_RETENTION_ADJUSTMENT_REQUESTED_ON] = {"adjustment_requested_on", FIELD_DATE, FIELD_CLEARS | FIELD_NULL_CLEARS, 0, 0,
						   N_("La date de demande doit être une date passée "
						      "(AAAA-MM-JJ)."),
						   FIELD_AT(struct job_retention_input,
							    adjustment_requested_on)},
	[JOB_RETENTION_ADJUSTMENT_DONE_ON] = {"adjustment_done_on", FIELD_DATE, FIELD_CLEARS | FIELD_NULL_CLEARS, 0, 0,
					      N_("La réalisation, passée, ne peut précéder la "
						 "demande."),
					      FIELD_AT(struct job_retention_input,
						       adjustment_done_on)},
	[JOB_RETENTION_ADJUSTMENT_DESCRIPTION] = {"adjustment_description", FIELD_TEXT, FIELD_CLEARS | FIELD_NULL_CLEARS, 0,
						  JOB_RETENTION_TEXT_MAX,
						  N_("Texte trop long (20 000 caractères) ou non "
						     "valide."),
						  FIELD_AT(struct job_retention_input,
							   adjustment_description)},
	[JOB_RETENTION_OUTCOME] = {"outcome", FIELD_CODE, FIELD_CLEARS | FIELD_NULL_CLEARS, 0, 0,
				   N_("Issue du maintien dans l'emploi inconnue."),
				   FIELD_AT(struct job_retention_input, outcome)},
};

/* A leave and a part-time period share start and end. */
const struct field job_retention_leave_fields[PERIOD__FIELDS] = {
	[PERIOD_START] = {"start", FIELD_DATE, FIELD_CLEARS, 0, 0, N_("Indiquez la date de début (AAAA-MM-JJ)."),
			  FIELD_AT(struct period_input, start)},
	[PERIOD_END] = {"end", FIELD_DATE, FIELD_CLEARS | FIELD_NULL_CLEARS, 0, 0,
			N_("La date de fin (AAAA-MM-JJ) ne peut précéder le début."),
			FIELD_AT(struct period_input, end)},
	[PERIOD_DETAIL] = {"kind", FIELD_CODE, FIELD_CLEARS, 0, 0,
			   N_("Type d'arrêt inconnu (maladie, at_mp ou longue_maladie)."),
			   FIELD_AT(struct period_input, kind)},
};

const struct field job_retention_part_time_fields[PERIOD__FIELDS] = {
	[PERIOD_START] = {"start", FIELD_DATE, FIELD_CLEARS, 0, 0, N_("Indiquez la date de début (AAAA-MM-JJ)."),
			  FIELD_AT(struct period_input, start)},
	[PERIOD_END] = {"end", FIELD_DATE, FIELD_CLEARS | FIELD_NULL_CLEARS, 0, 0,
			N_("La date de fin (AAAA-MM-JJ) ne peut précéder le début."),
			FIELD_AT(struct period_input, end)},
	[PERIOD_DETAIL] = {"percent", FIELD_INT, 0, JOB_RETENTION_PERCENT_MIN,
			   JOB_RETENTION_PERCENT_MAX,
			   N_("Le temps travaillé est un pourcentage entre 1 et 99."),
			   FIELD_AT(struct period_input, percent)},
};

static const char *given(const char *in, const char *current)
{
	if (!in)
		return current;
	return *in ? in : NULL;
}

/* A date that is valid (and not after today when past_only); NULL passes. */
static int date_ok(const char *d, int past_only, const char *today)
{
	return !d || (date_valid(d) && (!past_only || date_cmp(d, today) <= 0));
}

/* The merged record v checked; SVC_OK or the refusal. */
static int check_record(svc *s, const char *const v[RC__COUNT], int closed, const char *old_outcome)
{
	char today[DATE_LEN + 1];
	date_today(today);
	const char *status = v[RC_RQTH];
	if (!job_retention_label(job_retention_rqth_statuses, status))
		return svc_fail(s, SVC_INVALID, "rqth_status",
				N_("Statut RQTH inconnu (aucune, en_cours, reconnue ou refusee)."));
	if (!date_ok(v[RC_RQTH_REQUESTED], 1, today))
		return svc_fail(s, SVC_INVALID, "rqth_requested_on",
				N_("La date de demande doit être une date passée (AAAA-MM-JJ)."));
	int decided = strcmp(status, "reconnue") == 0 || strcmp(status, "refusee") == 0;
	if (v[RC_RQTH_DECIDED] &&
	    (!decided || !date_ok(v[RC_RQTH_DECIDED], 1, today) ||
	     (v[RC_RQTH_REQUESTED] && date_cmp(v[RC_RQTH_DECIDED], v[RC_RQTH_REQUESTED]) < 0)))
		return svc_fail(s, SVC_INVALID, "rqth_decided_on",
				N_("La décision, passée, suit la demande et ne vaut que pour une "
				   "RQTH reconnue ou refusée."));
	if (v[RC_RQTH_EXPIRES] &&
	    (strcmp(status, "reconnue") != 0 || !date_ok(v[RC_RQTH_EXPIRES], 0, today) ||
	     (v[RC_RQTH_DECIDED] && date_cmp(v[RC_RQTH_EXPIRES], v[RC_RQTH_DECIDED]) < 0)))
		return svc_fail(s, SVC_INVALID, "rqth_expires_on",
				N_("L'échéance suit la décision et ne vaut que pour une RQTH "
				   "reconnue."));
	if (!date_ok(v[RC_VISIT], 0, today))
		return svc_fail(s, SVC_INVALID, "pre_return_visit_on",
				N_("Date de visite de pré-reprise non valide (AAAA-MM-JJ)."));
	if (!date_ok(v[RC_ADJ_REQUESTED], 1, today))
		return svc_fail(s, SVC_INVALID, "adjustment_requested_on",
				N_("La date de demande doit être une date passée (AAAA-MM-JJ)."));
	if (!date_ok(v[RC_ADJ_DONE], 1, today) ||
	    (v[RC_ADJ_DONE] && v[RC_ADJ_REQUESTED] &&
	     date_cmp(v[RC_ADJ_DONE], v[RC_ADJ_REQUESTED]) < 0))
		return svc_fail(s, SVC_INVALID, "adjustment_done_on",
				N_("La réalisation, passée, ne peut précéder la demande."));
	const char *text = v[RC_ADJ_TEXT];
	if (text && (strlen(text) > JOB_RETENTION_TEXT_MAX || !text_is_clean_utf8(text, strlen(text), 1)))
		return svc_fail(s, SVC_INVALID, "adjustment_description",
				N_("Texte trop long (20 000 caractères) ou non valide."));
	const char *outcome = v[RC_OUTCOME];
	if (outcome && !(old_outcome && strcmp(outcome, old_outcome) == 0)) {
		if (!closed)
			return svc_fail(s, SVC_INVALID, "outcome",
					N_("L'issue du maintien dans l'emploi se renseigne à la "
					   "clôture du suivi."));
		int rc = reference_check(s, "retention_outcome", outcome, 0);
		if (rc == SVC_INVALID)
			return svc_fail(s, SVC_INVALID, "outcome",
					N_("Issue du maintien dans l'emploi inconnue."));
		if (rc != SVC_OK)
			return rc;
	}
	return SVC_OK;
}

int job_retention_update(svc *s, int64_t case_id, const struct job_retention_input *in)
{
	struct case_state st;
	int rc = gate(s, case_id, "update", &st);
	if (rc != SVC_OK)
		return rc;
	struct record rec;
	if (record_load(s, case_id, &rec) != 0) {
		record_free(&rec);
		return svc_abort(s, "retention_update");
	}
	const char *const typed[RC__COUNT] = {
		in->rqth_status, in->rqth_requested_on, in->rqth_decided_on, in->rqth_expires_on,
		in->pre_return_visit_on, in->adjustment_requested_on, in->adjustment_done_on,
		in->adjustment_description, in->outcome};
	const char *v[RC__COUNT];
	for (int k = 0; k < RC__COUNT; k++)
		v[k] = given(typed[k], rec.col[k]);
	if (!v[RC_RQTH])
		v[RC_RQTH] = "aucune";
	/* An outcome only a closed case may carry: the one it has is kept. */
	rc = check_record(s, v, st.closed, rec.col[RC_OUTCOME]);
	if (rc == SVC_OK && !in->adjustment_description && svc_is_tampered(rec.col[RC_ADJ_TEXT]))
		/* Kept as it was, the marker would be sealed as the text. */
		rc = svc_fail(s, SVC_INVALID, "adjustment_description",
			      N_("Ce texte chiffré est altéré : saisissez-le à nouveau."));
	if (rc != SVC_OK) {
		record_free(&rec);
		return refused(s, rc);
	}
	buf sealed;
	buf_init(&sealed, 0);
	svc_seal_at(s, AAD_ADJUSTMENT, case_id, v[RC_ADJ_TEXT], &sealed);
	store_value p[] = {SV_INT(case_id),
			   SV_TEXT(v[RC_RQTH]),
			   SV_TEXT(v[RC_RQTH_REQUESTED]),
			   SV_TEXT(v[RC_RQTH_DECIDED]),
			   SV_TEXT(v[RC_RQTH_EXPIRES]),
			   SV_TEXT(v[RC_VISIT]),
			   SV_TEXT(v[RC_ADJ_REQUESTED]),
			   SV_TEXT(v[RC_ADJ_DONE]),
			   sealed.len ? SV_BLOB(sealed.data, sealed.len) : SV_NULL,
			   SV_TEXT(v[RC_OUTCOME]),
			   SV_INT(time(NULL))};
	rc = write_audited(s, ST_RETENTION_PUT, p, 11, NULL, 0, "retention.update", "case",
			   case_id);
	buf_free(&sealed);
	record_free(&rec);
	return rc;
}

/* ---- periods ---- */

/* The periods of a case, to check a new one against. */
struct periods {
	int64_t skip;       /* the period being changed, not compared with itself */
	const char *start, *end;
	int overlap;
};

static int overlap_row(void *ctx, const store_row *row)
{
	struct periods *o = ctx;
	if (store_row_int(row, PERIOD_COL_ID) == o->skip)
		return 0;
	if (job_retention_periods_overlap(o->start, o->end,
					  store_row_text(row, PERIOD_COL_START_ON),
					  store_row_text(row, PERIOD_COL_END_ON)))
		o->overlap = 1;
	return o->overlap;
}

/* Checks a period; leave: the kind too.  SVC_OK or the refusal. */
static int check_period(svc *s, int64_t case_id, int64_t skip, const struct period_input *in,
			int leave)
{
	if (!in->start || !date_valid(in->start))
		return svc_fail(s, SVC_INVALID, "start", N_("Indiquez la date de début (AAAA-MM-JJ)."));
	if (!job_retention_period_ok(in->start, in->end))
		return svc_fail(s, SVC_INVALID, "end",
				N_("La date de fin (AAAA-MM-JJ) ne peut précéder le début."));
	if (leave && !job_retention_label(job_retention_leave_kinds, in->kind))
		return svc_fail(s, SVC_INVALID, "kind",
				N_("Type d'arrêt inconnu (maladie, at_mp ou longue_maladie)."));
	if (!leave && (in->percent < JOB_RETENTION_PERCENT_MIN || in->percent > JOB_RETENTION_PERCENT_MAX))
		return svc_fail(s, SVC_INVALID, "percent",
				N_("Le temps travaillé est un pourcentage entre 1 et 99."));
	struct periods o = {skip, in->start, in->end, 0};
	store_value p[] = {SV_INT(case_id)};
	if (store_exec(svc_db(s), leave ? ST_LEAVES_OF_CASE : ST_PART_TIMES_OF_CASE, p, 1,
		       overlap_row, &o) != STORE_OK)
		return svc_abort(s, "retention");
	if (o.overlap)
		return svc_fail(s, SVC_INVALID, "start",
				leave ? N_("Cet arrêt chevauche un autre arrêt du suivi.")
				      : N_("Cette période chevauche un autre temps partiel "
					   "thérapeutique du suivi."));
	return SVC_OK;
}

static const char *open_end(const char *end)
{
	return end && *end ? end : NULL;
}

/* Adds a sick leave (leave) or a part-time period to case_id. */
static int period_create(svc *s, int64_t case_id, const struct period_input *in, int64_t *id,
			 int leave)
{
	struct case_state st;
	int rc = gate(s, case_id, "create", &st);
	if (rc != SVC_OK)
		return rc;
	struct period_input v = *in;
	v.end = open_end(in->end);
	if ((rc = check_period(s, case_id, 0, &v, leave)) != SVC_OK)
		return refused(s, rc);
	store_value p[] = {SV_INT(case_id), SV_TEXT(v.start), SV_TEXT(v.end),
			   leave ? SV_TEXT(v.kind) : SV_INT(v.percent), SV_INT(time(NULL))};
	return write_audited(s, leave ? ST_LEAVE_INSERT : ST_PART_TIME_INSERT, p, 5, id, 0,
			     leave ? "sick_leave.create" : "part_time.create",
			     leave ? "sick_leave" : "part_time", 0);
}

/* Deletes a sick leave (leave) or a part-time period of case_id. */
static int period_delete(svc *s, int64_t case_id, int64_t period_id, int leave)
{
	struct case_state st;
	int rc = gate(s, case_id, "delete", &st);
	if (rc != SVC_OK)
		return rc;
	store_value p[] = {SV_INT(period_id), SV_INT(case_id)};
	return write_audited(s, leave ? ST_LEAVE_DELETE : ST_PART_TIME_DELETE, p, 2, NULL, 1,
			     leave ? "sick_leave.delete" : "part_time.delete",
			     leave ? "sick_leave" : "part_time", period_id);
}

int job_retention_leave_create(svc *s, int64_t case_id, const struct period_input *in, int64_t *id)
{
	return period_create(s, case_id, in, id, 1);
}

struct leave_found {
	int64_t id;
	int found;
	char start[DATE_LEN + 1], end[DATE_LEN + 1], kind[32];
	int open;
};

static int leave_found_row(void *ctx, const store_row *row)
{
	struct leave_found *l = ctx;
	if (store_row_int(row, PERIOD_COL_ID) != l->id)
		return 0;
	l->found = 1;
	snprintf(l->start, sizeof l->start, "%s", store_row_text(row, PERIOD_COL_START_ON));
	l->open = store_row_is_null(row, PERIOD_COL_END_ON);
	snprintf(l->end, sizeof l->end, "%s",
		 l->open ? "" : store_row_text(row, PERIOD_COL_END_ON));
	snprintf(l->kind, sizeof l->kind, "%s", store_row_text(row, LEAVE_COL_KIND));
	return 1;
}

int job_retention_leave_update(svc *s, int64_t case_id, int64_t leave_id, const struct period_input *in)
{
	struct case_state st;
	int rc = gate(s, case_id, "update", &st);
	if (rc != SVC_OK)
		return rc;
	struct leave_found l;
	memset(&l, 0, sizeof l);
	l.id = leave_id;
	store_value c[] = {SV_INT(case_id)};
	if (store_exec(svc_db(s), ST_LEAVES_OF_CASE, c, 1, leave_found_row, &l) != STORE_OK)
		return svc_abort(s, "retention_leave_update");
	if (!l.found)
		return refused(s, SVC_NOT_FOUND);
	struct period_input v = {
		.start = in->start ? in->start : l.start,
		.end = in->end ? open_end(in->end) : (l.open ? NULL : l.end),
		.kind = in->kind ? in->kind : l.kind,
	};
	if ((rc = check_period(s, case_id, leave_id, &v, 1)) != SVC_OK)
		return refused(s, rc);
	store_value p[] = {SV_INT(leave_id), SV_INT(case_id), SV_TEXT(v.start), SV_TEXT(v.end),
			   SV_TEXT(v.kind), SV_INT(time(NULL))};
	return write_audited(s, ST_LEAVE_UPDATE, p, 6, NULL, 1, "sick_leave.update", "sick_leave",
			     leave_id);
}

int job_retention_leave_delete(svc *s, int64_t case_id, int64_t leave_id)
{
	return period_delete(s, case_id, leave_id, 1);
}

int job_retention_part_time_create(svc *s, int64_t case_id, const struct period_input *in, int64_t *id)
{
	return period_create(s, case_id, in, id, 0);
}

int job_retention_part_time_delete(svc *s, int64_t case_id, int64_t part_time_id)
{
	return period_delete(s, case_id, part_time_id, 0);
}

/* ---- dashboard ---- */

struct board {
	svc *s;
	dashboard_fn fn;
	void *ctx;
	const char *today;
	int count_only; /* the head: count, no line */
	int64_t count;
	int stop;
};

static int board_row(void *ctx, const store_row *row)
{
	struct board *b = ctx;
	const char *start = store_row_text(row, LONG_LEAVE_COL_START_ON),
		   *end = store_row_text(row, LONG_LEAVE_COL_END_ON);
	if (!job_retention_leave_flagged(
		    start, end, store_row_text(row, LONG_LEAVE_COL_LAST_INTERVENTION_ON), b->today))
		return 0;
	b->count++;
	if (b->count_only)
		return 0;
	char *person = persons_full_name_of_row(b->s, row, LONG_LEAVE_COL_PERSON_ID,
						LONG_LEAVE_COL_LAST_NAME, LONG_LEAVE_COL_FIRST_NAME);
	struct dashboard_item it = {
		.kind = "long_leave",
		.case_id = store_row_int(row, LONG_LEAVE_COL_CASE_ID),
		.person = person,
		.date = start,
		.days = job_retention_leave_days(start, end, b->today),
		.count = 1,
	};
	b->stop = b->fn ? b->fn(b->ctx, &it) : 0;
	free(person);
	return b->stop;
}

int job_retention_dashboard(svc *s, dashboard_fn fn, void *ctx)
{
	if (s->system || !s->signed_in ||
	    (s->actor.role != ROLE_WORKER && s->actor.role != ROLE_HEAD))
		return SVC_OK;
	char today[DATE_LEN + 1];
	date_today(today);
	int head = s->actor.role == ROLE_HEAD;
	struct board b = {s, fn, ctx, today, head, 0, 0};
	store_value p[] = {SV_INT(head ? 0 : s->actor.id), SV_TEXT(today)};
	if (store_exec(svc_db(s), ST_LONG_LEAVES, p, 2, board_row, &b) != STORE_OK)
		return svc_abort(s, "retention_dashboard");
	if (head && b.count && fn) {
		struct dashboard_item it = {"long_leave", 0, NULL, NULL, 0, b.count, NULL};
		fn(ctx, &it);
	}
	return SVC_OK;
}
