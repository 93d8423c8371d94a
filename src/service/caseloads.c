/* caseloads — see caseloads.h. */
#include "service/caseloads.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/account.h"
#include "service/cases.h"
#include "service/internal.h"
#include "service/twoperson_rule.h"
#include "support/i18n.h"

#define HANDOVER_MESSAGE                                                                           \
	N_("Le ou la collègue doit être assistant(e) de service social et affecté(e) à "           \
	   "l'organisation de la personne.")
#define FROM_MESSAGE N_("Assistant(e) de départ inconnu(e).")
#define TO_MESSAGE N_("Indiquez un(e) autre assistant(e) de service social.")

const struct field caseloads_handover_fields[HANDOVER__FIELDS] = {
	[HANDOVER_LOGIN] = {"login", FIELD_CODE, 0, 0, ACCOUNT_LOGIN_MAX, HANDOVER_MESSAGE,
			    FIELD_AT(struct handover_input, login)},
};

const struct field caseloads_transfer_fields[TRANSFER__FIELDS] = {
	[TRANSFER_FROM] = {"from", FIELD_CODE, 0, 0, ACCOUNT_LOGIN_MAX, FROM_MESSAGE,
			   FIELD_AT(struct transfer_input, from)},
	[TRANSFER_TO] = {"to", FIELD_CODE, 0, 0, ACCOUNT_LOGIN_MAX, TO_MESSAGE,
			 FIELD_AT(struct transfer_input, to)},
};

/* An account as ST_USER_BRIEF gives it. */
struct brief {
	char login[65];
	char role[16];
	int64_t active;
};

static int brief_row(void *ctx, const store_row *row)
{
	struct brief *u = ctx;
	svc_row_copy(row, USER_BRIEF_COL_LOGIN, u->login, sizeof u->login);
	svc_row_copy(row, USER_BRIEF_COL_ROLE, u->role, sizeof u->role);
	u->active = store_row_int(row, USER_BRIEF_COL_ACTIVE);
	return 1;
}

/* Loads account id into u (zeroed when none); 0 or -1 on a store error. */
static int brief_get(svc *s, int64_t id, struct brief *u)
{
	memset(u, 0, sizeof *u);
	store_value p[] = {SV_INT(id)};
	return store_exec(svc_db(s), ST_USER_BRIEF, p, 1, brief_row, u) == STORE_OK ? 0 : -1;
}

static int is_active_worker(const struct brief *u)
{
	return strcmp(u->role, "worker") == 0 && u->active;
}

int caseloads_handover_apply(svc *s, int64_t case_id, int64_t from, int64_t to)
{
	/* One transaction from the owner read to the change, the person held
	   for update first (store_hold): the old référent's reads in flight
	   end before, the next ones see the new référent. */
	store *db = svc_db(s);
	struct case_owner o;
	if (svc_tx_begin(s) != STORE_OK ||
	    store_hold(db, ST_HOLD_CASE_REVOKE, case_id) != STORE_OK ||
	    cases_owner(s, case_id, &o) != 0)
		return svc_abort(s, "caseloads_handover");
	int rc = SVC_OK;
	struct brief u;
	int64_t assigned = 0;
	if (!o.found)
		rc = SVC_NOT_FOUND;
	else if (from && o.referent_id != from)
		rc = svc_fail(s, SVC_CONFLICT, NULL,
			      N_("Le suivi a changé de référent(e) depuis la proposition."));
	else if (brief_get(s, to, &u) != 0)
		return svc_abort(s, "caseloads_handover");
	else if (is_active_worker(&u)) {
		store_value a[] = {SV_INT(o.organisation_id), SV_INT(to)};
		if (store_exec(db, ST_ASSIGN_CHECK, a, 2, svc_row_int, &assigned) != STORE_OK)
			return svc_abort(s, "caseloads_handover");
	}
	if (rc == SVC_OK && !assigned)
		rc = svc_fail(s, SVC_INVALID, "login", HANDOVER_MESSAGE);
	if (rc != SVC_OK) {
		svc_tx_rollback(s);
		return rc;
	}
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, case_id);
	int64_t now = (int64_t)time(NULL);
	store_value c[] = {SV_INT(case_id), SV_INT(to), SV_INT(now)};
	store_value p[] = {SV_INT(o.person_id), SV_INT(to), SV_INT(now)};
	if (store_exec(db, ST_CASE_SET_REFERENT, c, 3, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_PERSON_SET_REFERENT, p, 3, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "case.handover", "case", object) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "caseloads_handover");
	return SVC_OK;
}

int caseloads_handover(svc *s, int64_t case_id, const char *login)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	struct case_owner o;
	int head = s->signed_in && s->actor.role == ROLE_HEAD;
	if (head) {
		/* The head reassigns without opening: existence only. */
		if (cases_owner(s, case_id, &o) != 0)
			return svc_abort(s, "caseloads_handover");
		if (!o.found)
			return SVC_NOT_FOUND;
	} else {
		int rc = cases_referent_only(s, case_id, &o, "case.handover_denied");
		if (rc != SVC_OK)
			return rc;
	}
	int64_t to = svc_worker_id(s, login);
	int64_t assigned = 0;
	store_value a[] = {SV_INT(o.organisation_id), SV_INT(to)};
	if (to && store_exec(svc_db(s), ST_ASSIGN_CHECK, a, 2, svc_row_int, &assigned) != STORE_OK)
		return svc_abort(s, "caseloads_handover");
	if (!to || !assigned)
		return svc_fail(s, SVC_INVALID, "login", HANDOVER_MESSAGE);
	/* The two-person rule: the receiving worker accepts (twoperson.h). */
	int rule = twoperson_applies(s, ROLE_WORKER);
	if (rule < 0)
		return svc_abort(s, "caseloads_handover");
	if (rule) {
		if (to == o.referent_id)
			return svc_fail(s, SVC_INVALID, "login", HANDOVER_MESSAGE);
		struct proposal_new pn = {PROPOSAL_CASE_HANDOVER, o.referent_id, to, case_id,
					  NULL, NULL, NULL};
		return twoperson_propose(s, &pn);
	}
	return caseloads_handover_apply(s, case_id, 0, to);
}

struct size_relay {
	caseload_fn fn;
	void *ctx;
};

static int size_row(void *ctx, const store_row *row)
{
	struct size_relay *r = ctx;
	struct caseload_size c = {
		store_row_text(row, CASELOAD_COL_LOGIN), store_row_text(row, CASELOAD_COL_NAME),
		store_row_int(row, CASELOAD_COL_OPEN_CASES), store_row_int(row, CASELOAD_COL_CASES),
		store_row_int(row, CASELOAD_COL_PERSONS)};
	return r->fn(r->ctx, &c);
}

int caseloads_sizes(svc *s, caseload_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_CASELOADS))
		return SVC_FORBIDDEN;
	struct size_relay r = {fn, ctx};
	if (store_exec(svc_db(s), ST_CASELOAD_SIZES, NULL, 0, size_row, &r) != STORE_OK)
		return svc_abort(s, "caseloads_sizes");
	return SVC_OK;
}

int caseloads_transfer_apply(svc *s, int64_t a, int64_t b, int64_t *cases, int64_t *persons)
{
	struct brief ua, ub;
	if (brief_get(s, a, &ua) != 0 || brief_get(s, b, &ub) != 0)
		return svc_abort(s, "caseloads_transfer");
	if (!is_active_worker(&ua))
		return svc_fail(s, SVC_INVALID, "from", FROM_MESSAGE);
	if (!is_active_worker(&ub) || a == b)
		return svc_fail(s, SVC_INVALID, "to", TO_MESSAGE);
	store *db = svc_db(s);
	const char *from = ua.login, *to = ub.login;
	int64_t now = (int64_t)time(NULL), nc = 0, np = 0;
	char object[160];
	snprintf(object, sizeof object, "%s>%s", from, to);
	store_value assign[] = {SV_INT(a), SV_INT(b)};
	store_value move[] = {SV_INT(a), SV_INT(b), SV_INT(now)};
	/* Every person a's access covers held for update first (store_hold). */
	if (svc_tx_begin(s) != STORE_OK ||
	    store_hold(db, ST_HOLD_CASELOAD_REVOKE, a) != STORE_OK ||
	    store_exec(db, ST_CASELOAD_ASSIGN, assign, 2, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_CASELOAD_MOVE_CASES, move, 3, NULL, NULL) != STORE_OK ||
	    ((nc = store_changes(db)), 0) ||
	    store_exec(db, ST_CASELOAD_MOVE_PERSONS, move, 3, NULL, NULL) != STORE_OK ||
	    ((np = store_changes(db)), 0) ||
	    svc_audit(s, "caseload.transfer", "user", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "caseloads_transfer");
	if (cases)
		*cases = nc;
	if (persons)
		*persons = np;
	return SVC_OK;
}

int caseloads_transfer(svc *s, const char *from, const char *to, int64_t *cases,
		      int64_t *persons)
{
	if (!svc_may(s, ACT_CASELOADS))
		return SVC_FORBIDDEN;
	int64_t a = svc_worker_id(s, from);
	if (!a)
		return svc_fail(s, SVC_INVALID, "from", FROM_MESSAGE);
	int64_t b = svc_worker_id(s, to);
	if (!b || b == a)
		return svc_fail(s, SVC_INVALID, "to", TO_MESSAGE);
	/* The two-person rule: the receiving worker accepts (twoperson.h). */
	int rule = twoperson_applies(s, ROLE_WORKER);
	if (rule < 0)
		return svc_abort(s, "caseloads_transfer");
	if (rule) {
		struct proposal_new pn = {PROPOSAL_CASELOAD_TRANSFER, a, b, 0, NULL, NULL, NULL};
		return twoperson_propose(s, &pn);
	}
	return caseloads_transfer_apply(s, a, b, cases, persons);
}
