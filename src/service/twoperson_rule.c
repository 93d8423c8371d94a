/* twoperson_rule — see twoperson_rule.h. */
#include "service/twoperson_rule.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "service/internal.h"
#include "support/i18n.h"

static const char *const kind_codes[PROPOSAL__KINDS] = {
	[PROPOSAL_ACCOUNT_CREATE] = "account_create",
	[PROPOSAL_ACCOUNT_RESET] = "account_reset",
	[PROPOSAL_ACCOUNT_ENABLE] = "account_enable",
	[PROPOSAL_CASELOAD_TRANSFER] = "caseload_transfer",
	[PROPOSAL_CASE_HANDOVER] = "case_handover",
};

const char *proposal_kind_code(enum proposal_kind k)
{
	return k >= 0 && k < PROPOSAL__KINDS ? kind_codes[k] : NULL;
}

enum proposal_kind proposal_kind_parse(const char *code)
{
	for (int k = 0; k < PROPOSAL__KINDS; k++)
		if (code && strcmp(code, kind_codes[k]) == 0)
			return (enum proposal_kind)k;
	return PROPOSAL__KINDS;
}

/* ---- the switch ---- */

static int setting_row(void *ctx, const store_row *row)
{
	svc_row_copy(row, SCALAR_COL_VALUE, ctx, 8);
	return 1;
}

int twoperson_enabled(svc *s, int *on)
{
	char value[8] = "";
	store_value p[] = {SV_TEXT(TWOPERSON_SETTING)};
	*on = 1;
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_SETTING_GET, p, 1, setting_row, value) != STORE_OK)
		return svc_abort(s, "twoperson_enabled");
	*on = strcmp(value, "off") != 0;
	return SVC_OK;
}

int twoperson_set(svc *s, int on)
{
	if (!s->system) {
		/* Never from the web nor the API: record the attempt. */
		if (svc_tx_begin(s) != STORE_OK ||
		    svc_audit(s, "two_person.set_denied", "setting", TWOPERSON_SETTING) != 0 ||
		    svc_tx_commit(s) != STORE_OK)
			return svc_abort(s, "twoperson_set");
		return SVC_FORBIDDEN;
	}
	store_value p[] = {SV_TEXT(TWOPERSON_SETTING), SV_TEXT(on ? "on" : "off")};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_SETTING_PUT, p, 2, NULL, NULL) != STORE_OK ||
	    svc_audit(s, on ? "two_person.on" : "two_person.off", "setting", TWOPERSON_SETTING) !=
		    0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "twoperson_set");
	return SVC_OK;
}

/* ---- proposing ---- */

int twoperson_applies(svc *s, enum role concerned)
{
	if (s->system || s->confirmed_action)
		return 0;
	if (concerned != ROLE_WORKER && concerned != ROLE_HEAD)
		return 0;
	int on = 1;
	if (twoperson_enabled(s, &on) != SVC_OK)
		return -1;
	return on;
}

/* ST_USER_BRIEF's role. */
static int role_row(void *ctx, const store_row *row)
{
	*(enum role *)ctx = role_from_code(store_row_text(row, USER_BRIEF_COL_ROLE));
	return 1;
}

int twoperson_account_change(svc *s, enum proposal_kind kind, int64_t id)
{
	if (s->system || s->confirmed_action)
		return SVC_OK;
	enum role role = ROLE_NONE;
	store_value p[] = {SV_INT(id)};
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_USER_BRIEF, p, 1, role_row, &role) != STORE_OK)
		return svc_abort(s, "twoperson_account_change");
	if (role == ROLE_NONE)
		return svc_fail(s, SVC_NOT_FOUND, NULL, N_("Compte inconnu."));
	int rule = twoperson_applies(s, role);
	if (rule < 0)
		return svc_abort(s, "twoperson_account_change");
	if (!rule)
		return SVC_OK;
	struct proposal_new pn = {kind, id, 0, 0, NULL, NULL, NULL};
	return twoperson_propose(s, &pn);
}

int64_t twoperson_pending_id(const svc *s)
{
	return s->proposal_id;
}

static store_value id_or_null(int64_t id)
{
	return id ? SV_INT(id) : SV_NULL;
}

static store_value text_or_null(const char *t)
{
	return t ? SV_TEXT(t) : SV_NULL;
}

int twoperson_propose(svc *s, const struct proposal_new *p)
{
	s->proposal_id = 0;
	if (!s->signed_in)
		return SVC_FORBIDDEN;
	const char *kind = proposal_kind_code(p->kind);
	if (!kind)
		return svc_abort(s, "twoperson_propose: unknown kind");
	store *db = svc_db(s);
	if (!db || svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "twoperson_propose");
	int64_t same = 0, id = 0;
	/* The same change: the same login, account (a worker's whole caseload
	   included) or case — a référent may propose several of her cases. */
	int64_t same_subject = p->kind == PROPOSAL_CASE_HANDOVER ? 0 : p->subject_id;
	store_value q[] = {SV_TEXT(kind), text_or_null(p->login), id_or_null(same_subject),
			   id_or_null(p->case_id)};
	if (store_exec(db, ST_PROPOSAL_PENDING_SAME, q, 4, svc_row_int, &same) != STORE_OK)
		return svc_abort(s, "twoperson_propose");
	if (same) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_CONFLICT, NULL,
				N_("La même demande attend déjà la confirmation d'une seconde "
				   "personne."));
	}
	store_value v[] = {SV_TEXT(kind),
			   SV_INT(s->actor.id),
			   id_or_null(p->subject_id),
			   id_or_null(p->target_id),
			   id_or_null(p->case_id),
			   text_or_null(p->login),
			   text_or_null(p->name),
			   text_or_null(p->role),
			   SV_INT(time(NULL))};
	if (store_exec(db, ST_PROPOSAL_INSERT, v, 9, svc_row_int, &id) != STORE_OK ||
	    svc_audit_id(s, "proposal.create", "proposal", id) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "twoperson_propose");
	s->proposal_id = id;
	return SVC_PENDING;
}

