/* twoperson — see twoperson.h. */
#include "service/twoperson.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "service/accounts.h"
#include "service/caseloads.h"
#include "service/internal.h"
#include "service/users.h"
#include "support/i18n.h"

/* ---- reading ---- */

static int is_account_kind(enum proposal_kind k)
{
	return k == PROPOSAL_ACCOUNT_CREATE || k == PROPOSAL_ACCOUNT_RESET ||
	       k == PROPOSAL_ACCOUNT_ENABLE;
}


/* A proposal as stored, copied out of its row. */
struct proposal {
	int found;
	int64_t id;
	enum proposal_kind kind;
	char status[16];
	int64_t proposer_id, subject_id, target_id, case_id, created_at;
	char subject_login[65], subject_role[16];
	char login[65], name[801], role[16];
};

static int proposal_row(void *ctx, const store_row *row)
{
	struct proposal *p = ctx;
	char kind[32];
	p->found = 1;
	p->id = store_row_int(row, PROPOSAL_COL_ID);
	svc_row_copy(row, PROPOSAL_COL_KIND, kind, sizeof kind);
	p->kind = proposal_kind_parse(kind);
	svc_row_copy(row, PROPOSAL_COL_STATUS, p->status, sizeof p->status);
	p->proposer_id = store_row_int(row, PROPOSAL_COL_PROPOSER_ID);
	p->subject_id = store_row_int(row, PROPOSAL_COL_SUBJECT_ID);
	p->target_id = store_row_int(row, PROPOSAL_COL_TARGET_ID);
	p->case_id = store_row_int(row, PROPOSAL_COL_CASE_ID);
	p->created_at = store_row_int(row, PROPOSAL_COL_CREATED_AT);
	svc_row_copy(row, PROPOSAL_COL_SUBJECT_LOGIN, p->subject_login, sizeof p->subject_login);
	svc_row_copy(row, PROPOSAL_COL_SUBJECT_ROLE, p->subject_role, sizeof p->subject_role);
	svc_row_copy(row, PROPOSAL_COL_LOGIN, p->login, sizeof p->login);
	svc_row_copy(row, PROPOSAL_COL_NAME, p->name, sizeof p->name);
	svc_row_copy(row, PROPOSAL_COL_ROLE, p->role, sizeof p->role);
	return 1;
}

/* Whether the signed-in user may know of proposal p at all. */
static int visible(const svc *s, int64_t proposer, int64_t subject, int64_t target,
		   enum proposal_kind kind)
{
	int64_t me = s->actor.id;
	return proposer == me || subject == me || target == me ||
	       (is_account_kind(kind) && s->actor.role == ROLE_HEAD);
}

/* Whether the signed-in user may confirm or refuse p (pending or not). */
static int entitled(const svc *s, enum proposal_kind kind, int64_t proposer, int64_t subject,
		    int64_t target)
{
	int64_t me = s->actor.id;
	if (!s->signed_in || me == proposer || me == subject)
		return 0;
	if (is_account_kind(kind))
		return s->actor.role == ROLE_HEAD;
	return s->actor.role == ROLE_WORKER && me == target;
}

struct list_relay {
	svc *s;
	proposal_fn fn;
	void *ctx;
	int64_t now;
};

static int list_row(void *ctx, const store_row *row)
{
	struct list_relay *l = ctx;
	struct proposal_view v;
	memset(&v, 0, sizeof v);
	v.id = store_row_int(row, PROPOSAL_COL_ID);
	v.kind = proposal_kind_parse(store_row_text(row, PROPOSAL_COL_KIND));
	if (v.kind == PROPOSAL__KINDS)
		return 0;
	v.status = store_row_text(row, PROPOSAL_COL_STATUS);
	v.proposer = store_row_text(row, PROPOSAL_COL_PROPOSER_LOGIN);
	v.subject = store_row_text(row, PROPOSAL_COL_SUBJECT_LOGIN);
	v.target = store_row_text(row, PROPOSAL_COL_TARGET_LOGIN);
	v.case_id = store_row_int(row, PROPOSAL_COL_CASE_ID);
	v.organisation = store_row_text(row, PROPOSAL_COL_ORG_NAME);
	v.login = store_row_text(row, PROPOSAL_COL_LOGIN);
	v.name = store_row_text(row, PROPOSAL_COL_NAME);
	v.role = store_row_text(row, PROPOSAL_COL_ROLE);
	v.created_at = store_row_int(row, PROPOSAL_COL_CREATED_AT);
	v.decided_at = store_row_int(row, PROPOSAL_COL_DECIDED_AT);
	v.decided_by = store_row_text(row, PROPOSAL_COL_DECIDED_BY_LOGIN);
	int64_t proposer = store_row_int(row, PROPOSAL_COL_PROPOSER_ID);
	int64_t subject = store_row_int(row, PROPOSAL_COL_SUBJECT_ID);
	int64_t target = store_row_int(row, PROPOSAL_COL_TARGET_ID);
	int pending = v.status && strcmp(v.status, "pending") == 0;
	v.mine = proposer == l->s->actor.id;
	v.about_me = subject == l->s->actor.id;
	v.may_decide = pending && v.created_at + TWOPERSON_TTL > l->now &&
		       entitled(l->s, v.kind, proposer, subject, target);
	return l->fn(l->ctx, &v);
}

int twoperson_list(svc *s, proposal_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_PROPOSALS) || !s->signed_in)
		return SVC_FORBIDDEN;
	struct list_relay l = {s, fn, ctx, (int64_t)time(NULL)};
	store_value p[] = {SV_INT(s->actor.id), SV_INT(s->actor.role == ROLE_HEAD ? 1 : 0),
			   SV_INT(l.now - TWOPERSON_RECENT)};
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_PROPOSAL_LIST, p, 3, list_row, &l) != STORE_OK)
		return svc_abort(s, "twoperson_list");
	return SVC_OK;
}

/* ---- deciding ---- */

/* Loads proposal id for the signed-in user: SVC_OK, or SVC_NOT_FOUND
   (audited as `denied`) when she may not know of it. */
static int load(svc *s, int64_t id, struct proposal *p, const char *denied)
{
	memset(p, 0, sizeof *p);
	if (!svc_may(s, ACT_PROPOSALS) || !s->signed_in)
		return SVC_FORBIDDEN;
	store_value k[] = {SV_INT(id)};
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_PROPOSAL_GET, k, 1, proposal_row, p) != STORE_OK)
		return svc_abort(s, "twoperson: reading a proposal");
	if (!p->found || p->kind == PROPOSAL__KINDS ||
	    !visible(s, p->proposer_id, p->subject_id, p->target_id, p->kind))
		return svc_refuse(s, denied, "proposal", id);
	return SVC_OK;
}

/* Whether the signed-in user has enrolled her own second factor: 1, 0, or
   -1 on a store error.  A confirmation is worth no more than the sign-in
   behind it. */
static int has_factor(svc *s)
{
	int64_t n = 0;
	store_value p[] = {SV_INT(s->actor.id)};
	if (store_exec(svc_db(s), ST_USER_HAS_FACTOR, p, 1, svc_row_int, &n) != STORE_OK)
		return -1;
	return n > 0;
}

/* Records a refused decision (audited) and answers SVC_FORBIDDEN. */
static int deny(svc *s, const char *action, int64_t id)
{
	if (svc_tx_begin(s) != STORE_OK || svc_audit_id(s, action, "proposal", id) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, action);
	return SVC_FORBIDDEN;
}

static int already_decided(svc *s)
{
	return svc_fail(s, SVC_CONFLICT, NULL,
			N_("Cette demande a déjà été confirmée, refusée ou retirée."));
}

/* Marks p decided as status by the signed-in user and audits action,
   inside the open transaction: 0, 1 when someone decided it first, -1. */
static int decide(svc *s, const struct proposal *p, const char *status, const char *action)
{
	store_value d[] = {SV_INT(p->id), SV_TEXT(status), SV_INT(s->actor.id), SV_INT(time(NULL))};
	if (store_exec(svc_db(s), ST_PROPOSAL_DECIDE, d, 4, NULL, NULL) != STORE_OK)
		return -1;
	if (store_changes(svc_db(s)) != 1)
		return 1;
	return svc_audit_id(s, action, "proposal", p->id) != 0 ? -1 : 0;
}

/* Applies p inside the open batch, as the confirmer. */
static int apply(svc *s, const struct proposal *p, struct proposal_outcome *out)
{
	switch (p->kind) {
	case PROPOSAL_CASELOAD_TRANSFER:
		s->confirmed_action = ACT_CASELOADS;
		return caseloads_transfer_apply(s, p->subject_id, p->target_id, &out->cases,
						&out->persons);
	case PROPOSAL_CASE_HANDOVER:
		s->confirmed_action = ACT_RECORD;
		out->case_id = p->case_id;
		return caseloads_handover_apply(s, p->case_id, p->subject_id, p->target_id);
	case PROPOSAL_ACCOUNT_CREATE:
		/* The enrolment link goes to the confirmer (out->token), never to
		   the proposer. */
		s->confirmed_action = ACT_USERS_CREATE;
		snprintf(out->login, sizeof out->login, "%s", p->login);
		return users_add(s, p->login, p->name, p->role, NULL, NULL, out->token);
	case PROPOSAL_ACCOUNT_RESET:
		s->confirmed_action = ACT_USERS_CREATE;
		snprintf(out->login, sizeof out->login, "%s", p->subject_login);
		return users_reset(s, p->subject_id, out->token);
	case PROPOSAL_ACCOUNT_ENABLE:
		s->confirmed_action = ACT_USERS_CREATE;
		snprintf(out->login, sizeof out->login, "%s", p->subject_login);
		return users_set_active(s, p->subject_id, 1);
	case PROPOSAL__KINDS:
		break;
	}
	return svc_fail(s, SVC_CONFLICT, NULL, N_("Cette demande ne peut pas être appliquée."));
}

int twoperson_confirm(svc *s, int64_t id, struct proposal_outcome *out)
{
	struct proposal_outcome local;
	if (!out)
		out = &local;
	memset(out, 0, sizeof *out);
	struct proposal p;
	int rc = load(s, id, &p, "proposal.confirm_denied");
	if (rc != SVC_OK)
		return rc;
	out->kind = p.kind;
	if (strcmp(p.status, "pending") != 0)
		return already_decided(s);
	if (!entitled(s, p.kind, p.proposer_id, p.subject_id, p.target_id))
		return deny(s, "proposal.confirm_denied", id);
	rc = has_factor(s);
	if (rc < 0)
		return svc_abort(s, "twoperson_confirm");
	if (!rc)
		return deny(s, "proposal.confirm_denied", id);
	if (p.created_at + TWOPERSON_TTL <= (int64_t)time(NULL))
		return svc_fail(s, SVC_CONFLICT, NULL,
				N_("Cette demande a expiré : elle doit être proposée à nouveau."));
	if (svc_batch_begin(s) != SVC_OK)
		return svc_abort(s, "twoperson_confirm");
	rc = apply(s, &p, out);
	s->confirmed_action = 0;
	int d = rc == SVC_OK ? decide(s, &p, "confirmed", "proposal.confirm") : 0;
	if (rc != SVC_OK || d != 0) {
		svc_batch_end(s, 0);
		memset(out->token, 0, sizeof out->token);
		if (d > 0)
			return already_decided(s);
		return d < 0 ? svc_abort(s, "twoperson_confirm") : rc;
	}
	if (svc_batch_end(s, 1) != SVC_OK) {
		memset(out->token, 0, sizeof out->token);
		return svc_abort(s, "twoperson_confirm");
	}
	return SVC_OK;
}

int twoperson_refuse(svc *s, int64_t id)
{
	struct proposal p;
	int rc = load(s, id, &p, "proposal.refuse_denied");
	if (rc != SVC_OK)
		return rc;
	if (strcmp(p.status, "pending") != 0)
		return already_decided(s);
	if (!entitled(s, p.kind, p.proposer_id, p.subject_id, p.target_id))
		return deny(s, "proposal.refuse_denied", id);
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "twoperson_refuse");
	int d = decide(s, &p, "refused", "proposal.refuse");
	if (d > 0) {
		svc_tx_rollback(s);
		return already_decided(s);
	}
	if (d < 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "twoperson_refuse");
	return SVC_OK;
}

int twoperson_withdraw(svc *s, int64_t id)
{
	struct proposal p;
	int rc = load(s, id, &p, "proposal.withdraw_denied");
	if (rc != SVC_OK)
		return rc;
	if (strcmp(p.status, "pending") != 0)
		return already_decided(s);
	if (p.proposer_id != s->actor.id)
		return deny(s, "proposal.withdraw_denied", id);
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "twoperson_withdraw");
	int d = decide(s, &p, "withdrawn", "proposal.withdraw");
	if (d > 0) {
		svc_tx_rollback(s);
		return already_decided(s);
	}
	if (d < 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "twoperson_withdraw");
	return SVC_OK;
}
