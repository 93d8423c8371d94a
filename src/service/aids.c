/* aids — see aids.h. */
#include "service/aids.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/aids.h"
#include "domain/date.h"
#include "service/audit.h"
#include "service/cases.h"
#include "service/corrections.h"
#include "service/internal.h"
#include "service/reference.h"
#include "support/buf.h"
#include "support/i18n.h"
#include "support/text.h"

#define AAD_REASON "aids.reason"

/* A code of reference list `list` (a retired one when `keep`: already the
   record's), or SVC_INVALID naming field. */
static int ref_ok(svc *s, const char *list, const char *code, int keep, const char *field,
		  const char *message)
{
	int rc = code ? reference_check(s, list, code, keep) : SVC_INVALID;
	return rc == SVC_INVALID ? svc_fail(s, SVC_INVALID, field, message) : rc;
}

static int opened_on_row(void *ctx, const store_row *row)
{
	const char *t = store_row_text(row, CASE_COL_OPENED_ON);
	snprintf(ctx, DATE_LEN + 1, "%s", t ? t : "");
	return 1;
}

/* The audit entry of a write on aid object_id (inside its transaction). */
static int audited_write(svc *s, const char *action, int64_t object_id)
{
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, object_id);
	return svc_audit(s, action, "aid", object);
}

/* The formats, with the messages of the service's checks and of the rules
   (domain/aids.h), which check the rest: the lists, the dates against the
   case, today and each other, the amount granted against the decision. */
const struct field aids_fields[AID__FIELDS] = {
	[AID_REQUESTED] = {"amount_requested_cents", FIELD_MONEY, FIELD_REQUIRED, 1, AID_AMOUNT_MAX,
			   N_("Le montant demandé est un nombre de centimes, de 1 à "
			      "100 000 000 (un million d'euros)."),
			   FIELD_AT(struct aid_input, amount_requested_cents)},
	[AID_KIND] = {"kind", FIELD_CODE, FIELD_REQUIRED, 0, 0, N_("Type d'aide inconnu."),
		      FIELD_AT(struct aid_input, kind)},
	[AID_FUNDER] = {"funder", FIELD_CODE, FIELD_REQUIRED, 0, 0, N_("Financeur inconnu."),
			FIELD_AT(struct aid_input, funder)},
	[AID_SUBMITTED_ON] = {"submitted_on", FIELD_DATE, FIELD_REQUIRED, 0, 0,
			      N_("La date de la demande doit être une date passée ou aujourd'hui "
				 "(AAAA-MM-JJ)."),
			      FIELD_AT(struct aid_input, submitted_on)},
	[AID_REASON] = {"reason", FIELD_TEXT, 0, 0, AID_REASON_MAX,
			N_("Texte trop long ou non valide."), FIELD_AT(struct aid_input, reason)},
};

const struct field aids_decision_fields[AID_DECISION__FIELDS] = {
	[AID_GRANTED] = {"amount_granted_cents", FIELD_MONEY, 0, 0, AID_AMOUNT_MAX,
			 N_("Le montant accordé est un nombre de centimes positif ou nul."),
			 FIELD_AT(struct aid_decision_input, amount_granted_cents)},
	[AID_DECISION] = {"decision", FIELD_CODE, 0, 0, 0, N_("Décision inconnue."),
			  FIELD_AT(struct aid_decision_input, decision)},
	[AID_DECIDED_ON] = {"decided_on", FIELD_DATE, 0, 0, 0,
			    N_("La date de décision doit être une date passée ou aujourd'hui "
			       "(AAAA-MM-JJ)."),
			    FIELD_AT(struct aid_decision_input, decided_on)},
	[AID_PAID_ON] = {"paid_on", FIELD_DATE, 0, 0, 0,
			 N_("La date de versement doit être une date passée ou aujourd'hui "
			    "(AAAA-MM-JJ)."),
			 FIELD_AT(struct aid_decision_input, paid_on)},
};

/* SVC_OK when in may be a request in a case opened on opened_on, else the
   refusal naming its field.  A correction keeps a retired kind or funder
   the request already has (was_kind, was_funder; NULL when created). */
static int request_check(svc *s, const char *opened_on, const struct aid_input *in,
			 const char *was_kind, const char *was_funder)
{
	int rc = ref_ok(s, "aid_kind", in->kind, in->kind && was_kind && !strcmp(in->kind, was_kind),
			"kind", N_("Type d'aide inconnu."));
	if (rc != SVC_OK)
		return rc;
	rc = ref_ok(s, "funder", in->funder,
		    in->funder && was_funder && !strcmp(in->funder, was_funder), "funder",
		    N_("Financeur inconnu."));
	if (rc != SVC_OK)
		return rc;
	char today[DATE_LEN + 1];
	date_today(today);
	struct verr e;
	if (aid_check_request(in->amount_requested_cents, in->submitted_on, opened_on, today, &e) != 0)
		return svc_fail(s, SVC_INVALID, e.field, e.message);
	if (in->reason && (strlen(in->reason) > AID_REASON_MAX ||
			   !text_is_clean_utf8(in->reason, strlen(in->reason), 1)))
		return svc_fail(s, SVC_INVALID, "reason", N_("Texte trop long ou non valide."));
	return SVC_OK;
}

int aids_create(svc *s, int64_t case_id, const struct aid_input *in, int64_t *id)
{
	/* One transaction from the check to the write (interventions_create). */
	int rc = cases_gate_begin(s, case_id, "aid.create_denied");
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	char opened_on[DATE_LEN + 1] = "";
	store_value c[] = {SV_INT(case_id)};
	if (store_exec(db, ST_CASE_GET, c, 1, opened_on_row, opened_on) != STORE_OK)
		return svc_abort(s, "aids_create");
	rc = *opened_on ? request_check(s, opened_on, in, NULL, NULL) : SVC_NOT_FOUND;
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		return rc;
	}

	const char *const columns[] = {AAD_REASON}, *const texts[] = {in->reason};
	store_value p[] = {SV_INT(case_id),
			   SV_INT(s->actor.id),
			   SV_TEXT(in->kind),
			   SV_TEXT(in->funder),
			   SV_INT(in->amount_requested_cents),
			   SV_TEXT(in->submitted_on),
			   SV_NULL,
			   SV_INT(time(NULL))};
	int64_t new_id = 0;
	if (store_exec(db, ST_AID_INSERT, p, 8, svc_row_int, &new_id) != STORE_OK ||
	    svc_seal_write(s, ST_AID_SEAL, new_id, 1, columns, texts) != STORE_OK ||
	    audited_write(s, "aid.create", new_id) != 0 || svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "aids_create");
	if (rc == SVC_OK && id)
		*id = new_id;
	return rc;
}

/* The stored decision part of an aid, copied out of its row. */
struct stored {
	int found;
	int64_t requested;
	char submitted_on[DATE_LEN + 1];
	char decision[64];
	int64_t granted;
	char decided_on[DATE_LEN + 1];
	char paid_on[DATE_LEN + 1];
};

static void copy_text(char *out, size_t n, const char *t)
{
	snprintf(out, n, "%s", t ? t : "");
}

static int stored_row(void *ctx, const store_row *row)
{
	struct stored *st = ctx;
	st->found = 1;
	st->requested = store_row_int(row, AID_COL_AMOUNT_REQUESTED_CENTS);
	copy_text(st->submitted_on, sizeof st->submitted_on,
		  store_row_text(row, AID_COL_SUBMITTED_ON));
	copy_text(st->decision, sizeof st->decision, store_row_text(row, AID_COL_DECISION));
	st->granted = store_row_int(row, AID_COL_AMOUNT_GRANTED_CENTS);
	copy_text(st->decided_on, sizeof st->decided_on, store_row_text(row, AID_COL_DECIDED_ON));
	copy_text(st->paid_on, sizeof st->paid_on, store_row_text(row, AID_COL_PAID_ON));
	return 1;
}

/* A set date as given (NULL or "" clears it), else the stored one. */
static const char *merged_date(int set, const char *given, const char *stored)
{
	const char *d = set ? given : stored;
	return d && *d ? d : NULL;
}

/* The decision read, merged, checked and written in the open transaction. */
static int decide(svc *s, int64_t id, const struct aid_decision_input *in)
{
	int rc;
	store *db = svc_db(s);
	struct stored st;
	memset(&st, 0, sizeof st);
	store_value key[] = {SV_INT(id)};
	if (store_exec(db, ST_AID_GET, key, 1, stored_row, &st) != STORE_OK)
		return svc_abort(s, "aids_decide");
	if (!st.found)
		return SVC_NOT_FOUND;
	struct aid_state a = {
		.requested_cents = st.requested,
		.submitted_on = st.submitted_on,
		.decision = in->decision ? in->decision : st.decision,
		.granted_cents = in->set_granted ? in->amount_granted_cents : st.granted,
		.decided_on = merged_date(in->set_decided_on, in->decided_on, st.decided_on),
		.paid_on = merged_date(in->set_paid_on, in->paid_on, st.paid_on),
	};
	if (in->decision) {
		/* A decision the list has since retired stays valid on its aid. */
		int keep = strcmp(in->decision, st.decision) == 0;
		rc = reference_check(s, "aid_decision", in->decision, keep);
		if (rc == SVC_INVALID)
			return svc_fail(s, SVC_INVALID, "decision", N_("Décision inconnue."));
		if (rc != SVC_OK)
			return rc;
	}
	char today[DATE_LEN + 1];
	date_today(today);
	struct verr e;
	if (aid_check_decision(&a, today, &e) != 0)
		return svc_fail(s, SVC_INVALID, e.field, e.message);
	store_value p[] = {SV_INT(id),		SV_TEXT(a.decision),   SV_INT(a.granted_cents),
			   SV_TEXT(a.decided_on), SV_TEXT(a.paid_on), SV_INT(time(NULL))};
	if (store_exec(db, ST_AID_DECIDE, p, 6, NULL, NULL) != STORE_OK ||
	    audited_write(s, "aid.update", id) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "aids_decide");
	return SVC_OK;
}

int aids_decide(svc *s, int64_t id, const struct aid_decision_input *in)
{
	/* One transaction from the check to the write (interventions_create). */
	int rc = svc_gate_begin(s, ST_AID_ACCESS, "aid", id, "aid.update_denied");
	if (rc != SVC_OK)
		return rc;
	rc = decide(s, id, in);
	if (rc != SVC_OK)
		svc_tx_refused(s);
	return rc;
}

struct relay {
	svc *s;
	aid_fn fn;
	void *ctx;
};

static int view_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	size_t n = 0;
	const void *d = store_row_blob(row, AID_COL_REASON, &n);
	char *reason = svc_unseal_at(r->s, AAD_REASON, store_row_int(row, AID_COL_ID), d, n);
	struct aid_view v = {
		.id = store_row_int(row, AID_COL_ID),
		.case_id = store_row_int(row, AID_COL_CASE_ID),
		.kind = store_row_text(row, AID_COL_KIND),
		.funder = store_row_text(row, AID_COL_FUNDER),
		.amount_requested_cents = store_row_int(row, AID_COL_AMOUNT_REQUESTED_CENTS),
		.submitted_on = store_row_text(row, AID_COL_SUBMITTED_ON),
		.reason = reason,
		.decision = store_row_text(row, AID_COL_DECISION),
		.amount_granted_cents = store_row_int(row, AID_COL_AMOUNT_GRANTED_CENTS),
		.decided_on = store_row_text(row, AID_COL_DECIDED_ON),
		.paid_on = store_row_text(row, AID_COL_PAID_ON),
		.author = store_row_text(row, AID_COL_AUTHOR_LOGIN),
		.created_at = store_row_int(row, AID_COL_CREATED_AT),
		.updated_at = store_row_int(row, AID_COL_UPDATED_AT),
	};
	int stop = r->fn ? r->fn(r->ctx, &v) : 0;
	free(reason);
	return stop;
}

/* Reads aids with statement st keyed by id, audited as action on type. */
static int read_aids(svc *s, enum stmt st, int64_t id, const char *action, const char *type,
		     aid_fn fn, void *ctx)
{
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	struct relay r = {s, fn, ctx};
	store_value p[] = {SV_INT(id)};
	if (svc_audit(s, action, type, object) != 0 ||
	    store_exec(svc_db(s), st, p, 1, view_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, action);
	return SVC_OK;
}

int aids_get(svc *s, int64_t id, aid_fn fn, void *ctx)
{
	int rc = svc_gate_begin(s, ST_AID_ACCESS, "aid", id, "aid.read_denied");
	return rc != SVC_OK ? rc : read_aids(s, ST_AID_GET, id, "aid.read", "aid", fn, ctx);
}

int aids_list(svc *s, int64_t case_id, aid_fn fn, void *ctx)
{
	int rc = cases_gate_begin(s, case_id, "aid.list_denied");
	return rc != SVC_OK ? rc : read_aids(s, ST_AIDS_OF_CASE, case_id, "aid.list", "case", fn, ctx);
}

/* ---- dashboard ---- */

/* The day `days` before today, into out[DATE_LEN + 1]. */
static void days_ago(int days, char out[DATE_LEN + 1])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	tm.tm_mday -= days;
	tm.tm_hour = 12; /* away from any daylight-saving edge */
	tm.tm_isdst = -1;
	mktime(&tm);
	strftime(out, DATE_LEN + 1, "%Y-%m-%d", &tm);
}

struct waiting {
	svc *s;
	dashboard_fn fn;
	void *ctx;
	const char *today;
	int stopped;
};

static int waiting_row(void *ctx, const store_row *row)
{
	struct waiting *w = ctx;
	char *person = persons_full_name_of_row(w->s, row, CASE_DUE_COL_PERSON_ID,
						CASE_DUE_COL_LAST_NAME, CASE_DUE_COL_FIRST_NAME);
	const char *submitted = store_row_text(row, CASE_DUE_COL_DATE);
	struct dashboard_item item = {
		.kind = "aid_waiting",
		.case_id = store_row_int(row, CASE_DUE_COL_CASE_ID),
		.person = person,
		.date = submitted,
		.days = submitted && date_valid(submitted) ? date_days_between(submitted, w->today)
							   : 0,
		.count = 1,
	};
	w->stopped = w->fn(w->ctx, &item);
	free(person);
	return w->stopped;
}

int aids_dashboard(svc *s, dashboard_fn fn, void *ctx)
{
	char today[DATE_LEN + 1], cutoff[DATE_LEN + 1];
	date_today(today);
	days_ago(AID_WAITING_DAYS, cutoff);
	if (s->signed_in && svc_may(s, ACT_CASEWORK)) {
		struct waiting w = {s, fn, ctx, today, 0};
		store_value p[] = {SV_INT(s->actor.id), SV_TEXT(today), SV_TEXT(cutoff)};
		if (svc_tx_begin(s) != STORE_OK ||
		    svc_audit(s, "aid.dashboard", NULL, NULL) != 0 ||
		    store_exec(svc_db(s), ST_AIDS_WAITING, p, 3, waiting_row, &w) != STORE_OK ||
		    svc_tx_commit(s) != STORE_OK)
			return svc_abort(s, "aids_dashboard");
		return SVC_OK;
	}
	if (s->signed_in && svc_may(s, ACT_CASELOADS)) {
		int64_t n = 0;
		store_value p[] = {SV_TEXT(cutoff)};
		if (store_exec(svc_db(s), ST_AIDS_WAITING_COUNT, p, 1, svc_row_int, &n) != STORE_OK)
			return svc_abort(s, "aids_dashboard");
		struct dashboard_item item = {.kind = "aid_waiting", .count = n};
		fn(ctx, &item);
	}
	return SVC_OK;
}

/* ---- corrections (service/corrections.h) ---- */

const struct field aids_correction_fields[AID_CORRECTION__FIELDS] = {
	[AID_CORRECTION_REASON] = {"correction_reason", FIELD_TEXT, FIELD_REQUIRED, 0,
				   CORRECTIONS_REASON_MAX, corrections_reason_message,
				   FIELD_AT(struct aid_input, correction_reason)},
};

/* An aid as stored, for its correction or deletion. */
struct correctable {
	svc *s;
	int64_t case_id;
	char author[65];
	char decision[64];
	char kind[64];
	char funder[64];
	int64_t requested;
	char submitted_on[DATE_LEN + 1];
	char *reason; /* unsealed, or NULL: freed by correctable_free */
};

static int correctable_row(void *ctx, const store_row *row)
{
	struct correctable *d = ctx;
	d->case_id = store_row_int(row, AID_COL_CASE_ID);
	copy_text(d->author, sizeof d->author, store_row_text(row, AID_COL_AUTHOR_LOGIN));
	copy_text(d->decision, sizeof d->decision, store_row_text(row, AID_COL_DECISION));
	copy_text(d->kind, sizeof d->kind, store_row_text(row, AID_COL_KIND));
	copy_text(d->funder, sizeof d->funder, store_row_text(row, AID_COL_FUNDER));
	d->requested = store_row_int(row, AID_COL_AMOUNT_REQUESTED_CENTS);
	copy_text(d->submitted_on, sizeof d->submitted_on,
		  store_row_text(row, AID_COL_SUBMITTED_ON));
	size_t n = 0;
	const void *sealed = store_row_blob(row, AID_COL_REASON, &n);
	free(d->reason);
	d->reason = svc_unseal_at(d->s, AAD_REASON, store_row_int(row, AID_COL_ID), sealed, n);
	return 1;
}

static void correctable_free(struct correctable *d)
{
	free(d->reason);
	d->reason = NULL;
}

/*
 * The door of a correction or a deletion of aid id: its case's référent or
 * its author, while it awaits its decision.  Loads d (correctable_free
 * after, whatever the result).  SVC_OK with the write's transaction open
 * (the check and the change in one transaction, as interventions_create);
 * SVC_NOT_FOUND (audited as `denied`) for anyone
 * else; SVC_INVALID naming "decision" with msgid `decided` once decided —
 * none left open.
 */
static int correctable(svc *s, int64_t id, const char *denied, const char *decided,
		       struct correctable *d)
{
	memset(d, 0, sizeof *d);
	d->s = s;
	int rc = svc_gate_begin(s, ST_AID_ACCESS, "aid", id, denied);
	if (rc != SVC_OK)
		return rc;
	struct case_owner o;
	store_value k[] = {SV_INT(id)};
	if (store_exec(svc_db(s), ST_AID_GET, k, 1, correctable_row, d) != STORE_OK ||
	    cases_owner(s, d->case_id, &o) != 0)
		return svc_abort(s, denied);
	if (!d->case_id || !s->signed_in ||
	    (o.referent_id != s->actor.id && strcmp(d->author, s->actor.login) != 0))
		return svc_refuse_in_tx(s, denied, "aid", id);
	if (strcmp(d->decision, "en_attente") != 0) {
		svc_tx_refused(s);
		return svc_fail(s, SVC_INVALID, "decision", decided);
	}
	return SVC_OK;
}

static int same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int aids_correct(svc *s, int64_t id, const struct aid_input *in, const char *reason,
		 int64_t *case_id)
{
	struct correctable d;
	int rc = correctable(s, id, "aid.correct_denied",
			     N_("Une demande d'aide déjà décidée ne se corrige plus : la "
				"décision de la commission porte sur elle."),
			     &d);
	char opened_on[DATE_LEN + 1] = "";
	store_value c[] = {SV_INT(d.case_id)};
	if (rc == SVC_OK &&
	    store_exec(svc_db(s), ST_CASE_GET, c, 1, opened_on_row, opened_on) != STORE_OK)
		rc = svc_abort(s, "aids_correct");
	if (rc == SVC_OK)
		rc = request_check(s, opened_on, in, d.kind, d.funder);
	/* "reason" is the request's own motive: the correction's is named
	   as its input is. */
	if (rc == SVC_OK && corrections_check(s, reason) != SVC_OK)
		rc = svc_fail(s, SVC_INVALID, aids_correction_fields[AID_CORRECTION_REASON].name,
			      corrections_reason_message);
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		correctable_free(&d);
		return rc;
	}
	char fields[160] = "";
	corrections_field(fields, sizeof fields, strcmp(d.kind, in->kind) != 0, "kind");
	corrections_field(fields, sizeof fields, strcmp(d.funder, in->funder) != 0, "funder");
	corrections_field(fields, sizeof fields, d.requested != in->amount_requested_cents,
			  "amount_requested_cents");
	corrections_field(fields, sizeof fields, strcmp(d.submitted_on, in->submitted_on) != 0,
			  "submitted_on");
	corrections_field(fields, sizeof fields, !same_text(d.reason, in->reason), "reason");
	correctable_free(&d);
	const char *const columns[] = {AAD_REASON}, *const texts[] = {in->reason};
	store_value p[] = {SV_INT(id),
			   SV_TEXT(in->kind),
			   SV_TEXT(in->funder),
			   SV_INT(in->amount_requested_cents),
			   SV_TEXT(in->submitted_on),
			   SV_INT(time(NULL))};
	if (store_exec(svc_db(s), ST_AID_UPDATE, p, 6, NULL, NULL) != STORE_OK ||
	    svc_seal_write(s, ST_AID_SEAL, id, 1, columns, texts) != STORE_OK ||
	    corrections_record(s, "aid", id, d.case_id, "edit", fields, reason) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "aids_correct");
	if (case_id)
		*case_id = d.case_id;
	return SVC_OK;
}

int aids_delete(svc *s, int64_t id, const char *reason, int64_t *case_id)
{
	struct correctable d;
	int rc = correctable(s, id, "aid.delete_denied",
			     N_("Une demande d'aide déjà décidée ne se supprime plus : la "
				"décision de la commission fait partie du dossier."),
			     &d);
	correctable_free(&d);
	if (rc != SVC_OK)
		return rc;
	rc = corrections_check(s, reason);
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		return rc;
	}
	static const enum stmt st[] = {ST_AID_DELETE};
	rc = corrections_delete_in_tx(s, "aid", id, d.case_id, st, 1, reason, "aids_delete");
	if (rc != SVC_OK)
		return rc;
	if (case_id)
		*case_id = d.case_id;
	return SVC_OK;
}
