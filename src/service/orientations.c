/* orientations — see orientations.h. */
#include "service/orientations.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "domain/orientations.h"
#include "service/audit.h"
#include "service/cases.h"
#include "service/internal.h"
#include "service/partners.h"
#include "support/buf.h"
#include "support/i18n.h"
#include "support/text.h"

#define AAD_REASON "orientations.reason"
#define EXPIRE_BATCH 1000

static void ident(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

/* ---- the no-answer rule ---- */

struct overdue {
	int64_t ids[EXPIRE_BATCH];
	int n;
};

static int overdue_row(void *ctx, const store_row *row)
{
	struct overdue *o = ctx;
	if (o->n < EXPIRE_BATCH)
		o->ids[o->n++] = store_row_int(row, SCALAR_COL_VALUE);
	return 0;
}

/* The no-answer rule's date: an orientation still envoyee that was sent
   before it has gone unanswered too long. */
static void no_answer_cutoff(char cutoff[DATE_LEN + 1])
{
	char today[DATE_LEN + 1];
	date_today(today);
	date_add_days(today, -ORIENTATION_NO_ANSWER_DAYS, cutoff);
}

/* Inside the caller's transaction: every orientation still envoyee more
   than ORIENTATION_NO_ANSWER_DAYS days after it was sent becomes
   sans_reponse, each audited.  0 or -1; *changed counts them. */
static int expire(svc *s, int64_t *changed)
{
	if (s->page)
		return 0; /* the page expired them before its snapshot (orientations_expire_due) */
	char cutoff[DATE_LEN + 1];
	no_answer_cutoff(cutoff);
	store *db = svc_db(s);
	struct overdue *o = malloc(sizeof *o);
	if (!o)
		return -1;
	int rc = 0;
	do {
		o->n = 0;
		store_value p[] = {SV_TEXT(cutoff)};
		if (store_exec(db, ST_ORIENTATIONS_OVERDUE, p, 1, overdue_row, o) != STORE_OK) {
			rc = -1;
			break;
		}
		for (int i = 0; i < o->n && rc == 0; i++) {
			char object[24];
			ident(o->ids[i], object);
			store_value u[] = {SV_INT(o->ids[i]), SV_INT(time(NULL))};
			if (store_exec(db, ST_ORIENTATION_EXPIRE, u, 2, NULL, NULL) != STORE_OK ||
			    svc_audit(s, "orientation.expire", "orientation", object) != 0)
				rc = -1;
			else if (changed)
				(*changed)++;
		}
	} while (rc == 0 && o->n == EXPIRE_BATCH);
	free(o);
	return rc;
}

int orientations_expire(svc *s, int64_t *changed)
{
	if (changed)
		*changed = 0;
	if (svc_tx_begin(s) != STORE_OK || expire(s, changed) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "orientations_expire");
	return SVC_OK;
}

static int any_row(void *ctx, const store_row *row)
{
	(void)row;
	*(int *)ctx = 1;
	return 1;
}

int orientations_expire_due(svc *s)
{
	char cutoff[DATE_LEN + 1];
	no_answer_cutoff(cutoff);
	store *db = svc_db(s);
	int due = 0;
	store_value p[] = {SV_TEXT(cutoff)};
	if (!db || store_exec(db, ST_ORIENTATIONS_OVERDUE, p, 1, any_row, &due) != STORE_OK)
		return svc_abort(s, "orientations_expire_due");
	return due ? orientations_expire(s, NULL) : SVC_OK;
}

/* ---- creation ---- */

static int opened_row(void *ctx, const store_row *row)
{
	svc_row_copy(row, CASE_COL_OPENED_ON, ctx, DATE_LEN + 1);
	return 1;
}

/* The formats, with the messages of the rules (domain/orientations.h) that
   check the rest: the dates against the case and today, the consent. */
const struct field orientations_fields[ORIENTATION__FIELDS] = {
	[ORIENTATION_PARTNER] = {"partner_id", FIELD_ID, FIELD_REQUIRED, 0, 0,
				 N_("Choisissez un partenaire de l'annuaire."),
				 FIELD_AT(struct orientation_input, partner_id)},
	[ORIENTATION_SENT_ON] = {"sent_on", FIELD_DATE, FIELD_REQUIRED, 0, 0,
				 N_("La date d'envoi doit être une date passée ou aujourd'hui "
				    "(AAAA-MM-JJ)."),
				 FIELD_AT(struct orientation_input, sent_on)},
	[ORIENTATION_SHARE_CONSENT_ON] = {"share_consent_on", FIELD_DATE, 0, 0, 0,
					  N_("La date du consentement au partage doit être une "
					     "date passée ou aujourd'hui (AAAA-MM-JJ)."),
					  FIELD_AT(struct orientation_input, share_consent_on)},
	[ORIENTATION_DETAILS_SENT] = {"details_sent", FIELD_BOOL, 0, 0, 0,
				      N_("Vrai ou faux attendu."),
				      FIELD_AT(struct orientation_input, details_sent)},
	[ORIENTATION_REASON] = {"reason", FIELD_TEXT, FIELD_REQUIRED, 0, ORIENTATION_REASON_MAX,
				N_("Indiquez le motif de l'orientation (2 000 caractères au plus)."),
				FIELD_AT(struct orientation_input, reason)},
};

const struct field orientations_update_fields[ORIENTATION_UPDATE__FIELDS] = {
	[ORIENTATION_STATUS] = {"status", FIELD_CODE, FIELD_REQUIRED, 0, 0,
				N_("Statut inconnu : envoyee, acceptee, refusee, sans_reponse ou "
				   "realisee."),
				FIELD_AT(struct orientation_update, status)},
	[ORIENTATION_ANSWERED_ON] = {"answered_on", FIELD_DATE, 0, 0, 0,
				     N_("Indiquez la date de la réponse du partenaire (passée ou "
					"aujourd'hui, AAAA-MM-JJ)."),
				     FIELD_AT(struct orientation_update, answered_on)},
	[ORIENTATION_DONE_ON] = {"done_on", FIELD_DATE, 0, 0, 0,
				 N_("Indiquez la date de réalisation (passée ou aujourd'hui, "
				    "AAAA-MM-JJ)."),
				 FIELD_AT(struct orientation_update, done_on)},
};

/* The consent to share given, or NULL. */
static const char *share_consent(const struct orientation_input *in)
{
	return in->share_consent_on && *in->share_consent_on ? in->share_consent_on : NULL;
}

/* The new orientation's input against its case (opened on opened_on). */
static int create_check(svc *s, const char *opened_on, const struct orientation_input *in)
{
	int rc = in->partner_id > 0 ? partners_lookup(s, in->partner_id) : SVC_NOT_FOUND;
	if (rc == SVC_NOT_FOUND)
		return svc_fail(s, SVC_INVALID, "partner_id",
				N_("Choisissez un partenaire de l'annuaire."));
	if (rc != SVC_OK)
		return rc;
	char today[DATE_LEN + 1];
	date_today(today);
	struct orientation_new n = {in->sent_on, share_consent(in), in->details_sent != 0,
				    opened_on, today};
	if (orientation_check_new(&n, &s->err) != 0)
		return SVC_INVALID;
	if (!in->reason || !*in->reason || !text_is_clean_utf8(in->reason, strlen(in->reason), 1) ||
	    text_utf8_chars(in->reason) > ORIENTATION_REASON_MAX)
		return svc_fail(s, SVC_INVALID, "reason",
				N_("Indiquez le motif de l'orientation (2 000 caractères au plus)."));
	return SVC_OK;
}

int orientations_create(svc *s, int64_t case_id, const struct orientation_input *in,
			int64_t *id)
{
	/* One transaction from the check to the write (interventions_create). */
	int rc = cases_gate_begin(s, case_id, "orientation.create_denied");
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	char opened_on[DATE_LEN + 1] = "";
	store_value c[] = {SV_INT(case_id)};
	if (store_exec(db, ST_CASE_GET, c, 1, opened_row, opened_on) != STORE_OK)
		return svc_abort(s, "orientations_create");
	rc = *opened_on ? create_check(s, opened_on, in) : SVC_NOT_FOUND;
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		return rc;
	}

	const char *const columns[] = {AAD_REASON}, *const texts[] = {in->reason};
	store_value p[] = {SV_INT(case_id),
			   SV_INT(in->partner_id),
			   SV_INT(s->actor.id),
			   SV_TEXT(in->sent_on),
			   SVC_SEAL_PENDING,
			   SV_TEXT(share_consent(in)),
			   SV_INT(in->details_sent != 0),
			   SV_INT(time(NULL))};
	int64_t new_id = 0;
	char object[24];
	if (store_exec(db, ST_ORIENTATION_INSERT, p, 8, svc_row_int, &new_id) != STORE_OK ||
	    svc_seal_write(s, ST_ORIENTATION_SEAL, new_id, 1, columns, texts) != STORE_OK ||
	    (ident(new_id, object), svc_audit(s, "orientation.create", "orientation", object) != 0) ||
	    svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "orientations_create");
	if (rc == SVC_OK && id)
		*id = new_id;
	return rc;
}

/* ---- reading ---- */

struct relay {
	svc *s;
	orientation_fn fn;
	void *ctx;
	int rows;
};

static int relay_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	size_t n = 0;
	const void *d = store_row_blob(row, ORIENTATION_COL_REASON, &n);
	char *reason =
		svc_unseal_at(r->s, AAD_REASON, store_row_int(row, ORIENTATION_COL_ID), d, n);
	struct orientation_view v = {
		.id = store_row_int(row, ORIENTATION_COL_ID),
		.case_id = store_row_int(row, ORIENTATION_COL_CASE_ID),
		.partner_id = store_row_int(row, ORIENTATION_COL_PARTNER_ID),
		.partner_name = store_row_text(row, ORIENTATION_COL_PARTNER_NAME),
		.partner_kind = store_row_text(row, ORIENTATION_COL_PARTNER_KIND),
		.sent_on = store_row_text(row, ORIENTATION_COL_SENT_ON),
		.reason = reason,
		.share_consent_on = store_row_text(row, ORIENTATION_COL_SHARE_CONSENT_ON),
		.details_sent = store_row_int(row, ORIENTATION_COL_DETAILS_SENT) != 0,
		.status = store_row_text(row, ORIENTATION_COL_STATUS),
		.answered_on = store_row_text(row, ORIENTATION_COL_ANSWERED_ON),
		.done_on = store_row_text(row, ORIENTATION_COL_DONE_ON),
		.author = store_row_text(row, ORIENTATION_COL_AUTHOR_LOGIN),
	};
	r->rows++;
	int stop = r->fn ? r->fn(r->ctx, &v) : 0;
	free(reason);
	return stop;
}

int orientations_list(svc *s, int64_t case_id, orientation_fn fn, void *ctx)
{
	int rc = cases_gate_begin(s, case_id, "orientation.list_denied");
	if (rc != SVC_OK)
		return rc;
	char object[24];
	ident(case_id, object);
	struct relay r = {s, fn, ctx, 0};
	store_value p[] = {SV_INT(case_id)};
	if (expire(s, NULL) != 0 || svc_audit(s, "orientation.list", "case", object) != 0 ||
	    store_exec(svc_db(s), ST_ORIENTATIONS_OF_CASE, p, 1, relay_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "orientations_list");
	return SVC_OK;
}

/* ---- status changes ---- */

/* The stored state an update is checked against. */
struct current {
	int found;
	int64_t case_id;
	int status; /* enum orientation_status, -1 when unknown */
	char sent_on[DATE_LEN + 1];
	char answered_on[DATE_LEN + 1]; /* "" when none */
};

static int current_row(void *ctx, const store_row *row)
{
	struct current *c = ctx;
	const char *answered = store_row_text(row, ORIENTATION_COL_ANSWERED_ON);
	c->found = 1;
	c->case_id = store_row_int(row, ORIENTATION_COL_CASE_ID);
	c->status = orientation_status_parse(store_row_text(row, ORIENTATION_COL_STATUS));
	snprintf(c->sent_on, sizeof c->sent_on, "%s", store_row_text(row, ORIENTATION_COL_SENT_ON));
	snprintf(c->answered_on, sizeof c->answered_on, "%s", answered ? answered : "");
	return 1;
}

static int load(svc *s, int64_t id, struct current *c)
{
	memset(c, 0, sizeof *c);
	store_value p[] = {SV_INT(id)};
	return store_exec(svc_db(s), ST_ORIENTATION_GET, p, 1, current_row, c) == STORE_OK ? 0 : -1;
}

int orientations_update(svc *s, int64_t id, const struct orientation_update *in,
			orientation_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	/* One transaction from the check to the write (interventions_create). */
	struct current c;
	if (svc_tx_begin(s) != STORE_OK || load(s, id, &c) != 0)
		return svc_abort(s, "orientations_update");
	/* Unknown, elsewhere, or not the caller's: the same answer. */
	if (!c.found || (in->case_id && in->case_id != c.case_id)) {
		svc_tx_refused(s);
		return SVC_NOT_FOUND;
	}
	int may = cases_may_access(s, c.case_id);
	if (may < 0)
		return svc_abort(s, "orientations_update");
	if (!may)
		return svc_refuse_in_tx(s, "orientation.update_denied", "orientation", id);
	char today[DATE_LEN + 1], object[24];
	date_today(today);
	ident(id, object);
	/* The no-answer rule first: the change is checked against today's status. */
	if (expire(s, NULL) != 0 || load(s, id, &c) != 0)
		return svc_abort(s, "orientations_update");
	const char *answered = in->answered_on && *in->answered_on ? in->answered_on : NULL;
	const char *done = in->done_on && *in->done_on ? in->done_on : NULL;
	struct orientation_change ch = {(enum orientation_status)c.status, in->status, c.sent_on,
					answered, *c.answered_on ? c.answered_on : NULL, done, today};
	if (c.status < 0 || orientation_check_change(&ch, &s->err) != 0) {
		svc_tx_rollback(s);
		if (c.status < 0)
			return svc_fail(s, SVC_INVALID, "status", N_("Statut enregistré inconnu."));
		return SVC_INVALID;
	}
	/* realisee keeps the answer's date. */
	const char *keep_answered = answered ? answered : (*c.answered_on ? c.answered_on : NULL);
	store_value p[] = {SV_INT(id), SV_TEXT(in->status), SV_TEXT(keep_answered), SV_TEXT(done),
			   SV_INT(time(NULL))};
	struct relay r = {s, fn, ctx, 0};
	store_value g[] = {SV_INT(id)};
	if (store_exec(svc_db(s), ST_ORIENTATION_SET_STATUS, p, 5, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "orientation.update", "orientation", object) != 0 ||
	    store_exec(svc_db(s), ST_ORIENTATION_GET, g, 1, relay_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "orientations_update");
	return SVC_OK;
}

/* ---- the dashboard ---- */

struct waiting {
	svc *s;
	dashboard_fn fn;
	void *ctx;
	const char *today;
};

static int waiting_row(void *ctx, const store_row *row)
{
	struct waiting *w = ctx;
	char *person = persons_full_name_of_row(w->s, row, CASE_DUE_COL_PERSON_ID,
						CASE_DUE_COL_LAST_NAME, CASE_DUE_COL_FIRST_NAME);
	const char *sent_on = store_row_text(row, CASE_DUE_COL_DATE);
	struct dashboard_item item = {
		.kind = "orientation_waiting",
		.case_id = store_row_int(row, CASE_DUE_COL_CASE_ID),
		.person = person,
		.date = sent_on,
		.days = orientation_days_waiting(sent_on, w->today),
		.count = 1,
	};
	int stop = w->fn ? w->fn(w->ctx, &item) : 0;
	free(person);
	return stop;
}

int orientations_dashboard(svc *s, dashboard_fn fn, void *ctx)
{
	const struct actor *who = svc_actor(s);
	if (!who || (who->role != ROLE_WORKER && who->role != ROLE_HEAD))
		return SVC_OK;
	char today[DATE_LEN + 1], cutoff[DATE_LEN + 1];
	date_today(today);
	date_add_days(today, -ORIENTATION_WAITING_DAYS, cutoff);
	store *db = svc_db(s);
	if (svc_tx_begin(s) != STORE_OK || expire(s, NULL) != 0)
		return svc_abort(s, "orientations_dashboard");
	if (who->role == ROLE_HEAD) {
		/* A count, never a name. */
		int64_t n = 0;
		store_value p[] = {SV_TEXT(cutoff)};
		if (store_exec(db, ST_ORIENTATIONS_WAITING_COUNT, p, 1, svc_row_int, &n) != STORE_OK ||
		    svc_tx_commit(s) != STORE_OK)
			return svc_abort(s, "orientations_dashboard");
		struct dashboard_item item = {"orientation_waiting", 0, NULL, NULL, 0, n, NULL};
		if (fn)
			fn(ctx, &item);
		return SVC_OK;
	}
	struct waiting w = {s, fn, ctx, today};
	store_value p[] = {SV_INT(who->id), SV_TEXT(today), SV_TEXT(cutoff)};
	if (svc_audit(s, "orientation.dashboard", NULL, NULL) != 0 ||
	    store_exec(db, ST_ORIENTATIONS_WAITING, p, 3, waiting_row, &w) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "orientations_dashboard");
	return SVC_OK;
}
