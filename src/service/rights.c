/* rights — see rights.h. */
#include "service/rights.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "service/internal.h"
#include "service/persons.h"
#include "service/purge.h"
#include "support/i18n.h"
#include "support/text.h"

#define ERASURE_REASON_COLUMN "erasure_requests.reason"
#define CORRECTION_REASON_COLUMN "person_corrections.reason"

#define ERASURE_REASON_MESSAGE                                                                     \
	N_("Le motif de la demande d'effacement est obligatoire (500 caractères au plus).")
#define CORRECTION_REASON_MESSAGE                                                                  \
	N_("Le motif de la rectification demandée par la personne est obligatoire (500 "        \
	   "caractères au plus).")

const struct field rights_erasure_fields[ERASURE__FIELDS] = {
	[ERASURE_REASON] = {"reason", FIELD_TEXT, FIELD_REQUIRED, 0, RIGHTS_REASON_MAX,
			    ERASURE_REASON_MESSAGE, FIELD_AT(struct erasure_input, reason)},
};

const struct field rights_correction_fields[CORRECTION__FIELDS] = {
	[CORRECTION_REASON] = {RIGHTS_CORRECTION_REASON, FIELD_TEXT, 0, 0, RIGHTS_REASON_MAX,
			       CORRECTION_REASON_MESSAGE,
			       FIELD_AT(struct person_input, correction_reason)},
};

/* A reason: clean UTF-8 (several lines allowed), not blank, bounded. */
static int reason_ok(const char *t)
{
	if (!t || !text_is_clean_utf8(t, strlen(t), 1) || text_utf8_chars(t) > RIGHTS_REASON_MAX)
		return 0;
	for (const char *c = t; *c; c++)
		if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
			return 1;
	return 0;
}

/* Wipes and frees an opened reason (svc_unseal_col_at); accepts NULL. */
static void reason_free(char *reason)
{
	if (reason) {
		memset(reason, 0, strlen(reason));
		free(reason);
	}
}

/* "42;erasure=7": the access log's object, never a content. */
static void object_of(char *out, size_t n, int64_t person, const char *what, int64_t id)
{
	snprintf(out, n, "%" PRId64 ";%s=%" PRId64, person, what, id);
}

/* Seals text for column at row id and stores it with statement st
   ($1 id, $2 the sealed bytes), in the open transaction.  0 or -1. */
static int seal_into(svc *s, enum stmt st, const char *column, int64_t id, const char *text)
{
	buf b;
	buf_init(&b, 0);
	svc_seal_at(s, column, id, text, &b);
	store_value p[] = {SV_INT(id), svc_sealed_value(&b)};
	int rc = b.len && store_exec(svc_db(s), st, p, 2, NULL, NULL) == STORE_OK ? 0 : -1;
	buf_free(&b);
	return rc;
}

/* ---- erasure: asking ---- */

int rights_erasure_request(svc *s, int64_t person_id, const struct erasure_input *in, int64_t *id)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	/* A request names its référent: the command line has none. */
	if (!s->signed_in)
		return SVC_FORBIDDEN;
	store *db = svc_db(s);
	int64_t may = 0, pending = 0;
	store_value q[] = {SV_INT(person_id), SV_INT(s->actor.id)};
	if (s->actor.role == ROLE_WORKER &&
	    (!db || store_exec(db, ST_ERASURE_MAY_REQUEST, q, 2, svc_row_int, &may) != STORE_OK))
		return svc_abort(s, "rights_erasure_request");
	if (!may)
		return svc_refuse(s, "person.erase_request_denied", "person", person_id);
	if (!in || !reason_ok(in->reason))
		return svc_fail(s, SVC_INVALID, "reason", ERASURE_REASON_MESSAGE);
	store_value p[] = {SV_INT(person_id)};
	if (store_exec(db, ST_ERASURE_PENDING_SAME, p, 1, svc_row_int, &pending) != STORE_OK)
		return svc_abort(s, "rights_erasure_request");
	if (pending)
		return svc_fail(s, SVC_CONFLICT, NULL,
				N_("Une demande d'effacement de cette personne attend déjà la "
				   "décision d'un(e) responsable."));
	int64_t new_id = 0;
	store_value r[] = {SV_INT(person_id), SV_INT(s->actor.id), SV_INT(time(NULL))};
	char object[64];
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_ERASURE_INSERT, r, 3, svc_row_int, &new_id) != STORE_OK || !new_id ||
	    seal_into(s, ST_ERASURE_SEAL, ERASURE_REASON_COLUMN, new_id, in->reason) != 0)
		return svc_abort(s, "rights_erasure_request");
	object_of(object, sizeof object, person_id, "erasure", new_id);
	if (svc_audit(s, "person.erase_request", "person", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "rights_erasure_request");
	if (id)
		*id = new_id;
	return SVC_OK;
}

/* ---- erasure: listing and deciding ---- */

/* Whether the signed-in user may know of a request by requester. */
static int visible(const svc *s, int64_t requester)
{
	return s->signed_in && (s->actor.role == ROLE_HEAD || s->actor.id == requester);
}

/* Whether she may decide it: a head, not its requester. */
static int entitled(const svc *s, int64_t requester)
{
	return s->signed_in && s->actor.role == ROLE_HEAD && s->actor.id != requester;
}

struct list_relay {
	svc *s;
	erasure_fn fn;
	void *ctx;
};

static int list_row(void *ctx, const store_row *row)
{
	struct list_relay *l = ctx;
	struct erasure_view v;
	memset(&v, 0, sizeof v);
	v.id = store_row_int(row, ERASURE_COL_ID);
	v.person_id = store_row_int(row, ERASURE_COL_PERSON_ID);
	v.requester = store_row_text(row, ERASURE_COL_REQUESTER_LOGIN);
	v.requester_name = store_row_text(row, ERASURE_COL_REQUESTER_NAME);
	v.organisation = store_row_text(row, ERASURE_COL_ORG_NAME);
	v.requested_at = store_row_int(row, ERASURE_COL_REQUESTED_AT);
	v.status = store_row_text(row, ERASURE_COL_STATUS);
	v.decided_by = store_row_text(row, ERASURE_COL_DECIDED_BY_LOGIN);
	v.decided_at = store_row_int(row, ERASURE_COL_DECIDED_AT);
	int64_t requester = store_row_int(row, ERASURE_COL_REQUESTED_BY);
	v.may_decide = v.status && strcmp(v.status, "pending") == 0 && entitled(l->s, requester);
	char *reason = svc_unseal_col_at(l->s, ERASURE_REASON_COLUMN, v.id, row, ERASURE_COL_REASON);
	v.reason = reason;
	int rc = l->fn(l->ctx, &v);
	reason_free(reason);
	return rc;
}

int rights_erasures_list(svc *s, erasure_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_ERASURES) || !s->signed_in)
		return SVC_FORBIDDEN;
	struct list_relay l = {s, fn, ctx};
	store_value p[] = {SV_INT(s->actor.id), SV_INT(s->actor.role == ROLE_HEAD ? 1 : 0),
			   SV_INT((int64_t)time(NULL) - RIGHTS_RECENT)};
	store *db = svc_db(s);
	/* The reasons are read: the reading is in the log. */
	if (!db || svc_tx_begin(s) != STORE_OK ||
	    svc_audit(s, "person.erase_list", NULL, NULL) != 0 ||
	    store_exec(db, ST_ERASURE_LIST, p, 3, list_row, &l) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "rights_erasures_list");
	return SVC_OK;
}

int rights_erasures_pending(svc *s, int64_t *n)
{
	*n = 0;
	if (!svc_may(s, ACT_ERASURES) || !s->signed_in || s->actor.role != ROLE_HEAD)
		return SVC_FORBIDDEN;
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_ERASURE_PENDING_COUNT, NULL, 0, svc_row_int, n) != STORE_OK)
		return svc_abort(s, "rights_erasures_pending");
	return SVC_OK;
}

/* A request as stored, for a decision. */
struct erasure_row {
	int found;
	int64_t person_id, requester;
	char status[16];
};

static int request_row(void *ctx, const store_row *row)
{
	struct erasure_row *r = ctx;
	r->found = 1;
	r->person_id = store_row_int(row, ERASURE_COL_PERSON_ID);
	r->requester = store_row_int(row, ERASURE_COL_REQUESTED_BY);
	svc_row_copy(row, ERASURE_COL_STATUS, r->status, sizeof r->status);
	return 1;
}

/* Records a refused decision (audited as svc_refuse does) and answers
   SVC_FORBIDDEN: the request's requester knows it exists. */
static int deny(svc *s, const char *action, int64_t id)
{
	int rc = svc_refuse(s, action, "erasure_request", id);
	return rc == SVC_NOT_FOUND ? SVC_FORBIDDEN : rc;
}

static int already_decided(svc *s)
{
	return svc_fail(s, SVC_CONFLICT, NULL,
			N_("Cette demande d'effacement a déjà été confirmée ou refusée."));
}

/* Loads request id for a decision as `status` and checks who decides:
   SVC_OK, or the answer (see rights.h). */
static int decidable(svc *s, int64_t id, struct erasure_row *r, const char *denied)
{
	memset(r, 0, sizeof *r);
	if (!svc_may(s, ACT_ERASURES) || !s->signed_in)
		return SVC_FORBIDDEN;
	store *db = svc_db(s);
	store_value k[] = {SV_INT(id)};
	if (!db || store_exec(db, ST_ERASURE_GET, k, 1, request_row, r) != STORE_OK)
		return svc_abort(s, "rights: reading a request");
	if (!r->found || !visible(s, r->requester))
		return svc_refuse(s, denied, "erasure_request", id);
	if (!entitled(s, r->requester))
		return deny(s, denied, id);
	/* A decision is worth no more than the sign-in behind it. */
	int64_t factor = 0;
	store_value u[] = {SV_INT(s->actor.id)};
	if (store_exec(db, ST_USER_HAS_FACTOR, u, 1, svc_row_int, &factor) != STORE_OK)
		return svc_abort(s, "rights: reading the second factor");
	if (!factor)
		return deny(s, denied, id);
	if (strcmp(r->status, "pending") != 0)
		return already_decided(s);
	return SVC_OK;
}

/* Marks request id decided as status, audited as action naming the
   person, inside the open transaction: 0, 1 when someone decided it
   first, -1. */
static int decide(svc *s, int64_t id, const struct erasure_row *r, const char *status,
		  const char *action)
{
	store_value d[] = {SV_INT(id), SV_TEXT(status), SV_INT(s->actor.id), SV_INT(time(NULL))};
	if (store_exec(svc_db(s), ST_ERASURE_DECIDE, d, 4, NULL, NULL) != STORE_OK)
		return -1;
	if (store_changes(svc_db(s)) != 1)
		return 1;
	char object[64];
	object_of(object, sizeof object, r->person_id, "erasure", id);
	return svc_audit(s, action, "person", object) != 0 ? -1 : 0;
}

int rights_erasure_confirm(svc *s, int64_t id, int64_t *person_id)
{
	struct erasure_row r;
	int rc = decidable(s, id, &r, "person.erase_confirm_denied");
	if (rc != SVC_OK)
		return rc;
	char today[DATE_LEN + 1];
	date_today(today);
	/* The person held for update before the decision's entry (purge.c's
	   hold_all says why). */
	if (svc_tx_begin(s) != STORE_OK ||
	    store_hold(svc_db(s), ST_HOLD_PERSON_REVOKE, r.person_id) != STORE_OK)
		return svc_abort(s, "rights_erasure_confirm");
	int d = decide(s, id, &r, "erased", "person.erase_confirm");
	if (d > 0) {
		svc_tx_rollback(s);
		return already_decided(s);
	}
	if (d < 0 || purge_anonymise(s, r.person_id, today) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "rights_erasure_confirm");
	if (person_id)
		*person_id = r.person_id;
	/* The erased bytes leave the file; the erasure itself is committed. */
	purge_compact(s);
	return SVC_OK;
}

int rights_erasure_refuse(svc *s, int64_t id)
{
	struct erasure_row r;
	int rc = decidable(s, id, &r, "person.erase_refuse_denied");
	if (rc != SVC_OK)
		return rc;
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "rights_erasure_refuse");
	int d = decide(s, id, &r, "refused", "person.erase_refuse");
	if (d > 0) {
		svc_tx_rollback(s);
		return already_decided(s);
	}
	if (d < 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "rights_erasure_refuse");
	return SVC_OK;
}

/* ---- correction ---- */

struct correction_relay {
	svc *s;
	correction_fn fn;
	void *ctx;
};

static int correction_row(void *ctx, const store_row *row)
{
	struct correction_relay *l = ctx;
	struct correction_view v = {
		.id = store_row_int(row, CORRECTION_COL_ID),
		.corrected_at = store_row_int(row, CORRECTION_COL_CORRECTED_AT),
		.corrected_by = store_row_text(row, CORRECTION_COL_LOGIN),
		.fields = store_row_text(row, CORRECTION_COL_FIELDS),
	};
	char *reason =
		svc_unseal_col_at(l->s, CORRECTION_REASON_COLUMN, v.id, row, CORRECTION_COL_REASON);
	v.reason = reason;
	int rc = l->fn(l->ctx, &v);
	reason_free(reason);
	return rc;
}

int rights_corrections_list(svc *s, int64_t id, correction_fn fn, void *ctx)
{
	int rc = svc_gate_begin(s, ST_PERSON_ACCESS, "person", id, "person.corrections_denied");
	if (rc != SVC_OK)
		return rc;
	struct correction_relay l = {s, fn, ctx};
	store_value p[] = {SV_INT(id)};
	if (svc_audit_id(s, "person.corrections_read", "person", id) != 0 ||
	    store_exec(svc_db(s), ST_CORRECTION_LIST, p, 1, correction_row, &l) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "rights_corrections_list");
	return SVC_OK;
}

int rights_correction_check(svc *s, const char *reason)
{
	if (!reason_ok(reason))
		return svc_fail(s, SVC_INVALID, RIGHTS_CORRECTION_REASON, CORRECTION_REASON_MESSAGE);
	return SVC_OK;
}

int rights_correction_record(svc *s, int64_t person_id, const char *fields, const char *reason)
{
	int64_t id = 0;
	store_value p[] = {SV_INT(person_id), SV_INT(s->signed_in ? s->actor.id : 0),
			   SV_INT(time(NULL)), SV_TEXT(fields)};
	if (!s->signed_in ||
	    store_exec(svc_db(s), ST_CORRECTION_INSERT, p, 4, svc_row_int, &id) != STORE_OK || !id ||
	    seal_into(s, ST_CORRECTION_SEAL, CORRECTION_REASON_COLUMN, id, reason) != 0)
		return -1;
	buf object;
	buf_init(&object, 0);
	buf_printf(&object, "%" PRId64 ";correction=%" PRId64 ";fields=%s", person_id, id, fields);
	int rc = svc_audit(s, "person.correct", "person", buf_cstr(&object));
	buf_free(&object);
	return rc;
}
