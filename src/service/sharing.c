/* sharing — see sharing.h. */
#include "service/sharing.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "service/audit.h"
#include "service/cases.h"
#include "service/internal.h"
#include "service/users.h"
#include "support/i18n.h"
#include "support/text.h"

struct owner {
	int found;
	int64_t referent_id;
	int64_t person_id;
	int64_t organisation_id;
};

static int owner_row(void *ctx, const store_row *row)
{
	struct owner *o = ctx;
	o->found = 1;
	o->referent_id = store_row_int(row, 0);
	o->person_id = store_row_int(row, 1);
	o->organisation_id = store_row_int(row, 2);
	return 1;
}

static int load_owner(svc *s, int64_t case_id, struct owner *o)
{
	memset(o, 0, sizeof *o);
	store_value p[] = {SV_INT(case_id)};
	return store_exec(svc_db(s), ST_CASE_OWNER, p, 1, owner_row, o) == STORE_OK ? 0 : -1;
}

static void ident(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

/* SVC_OK when the caller is the case's référent; SVC_FORBIDDEN for a
   share holder; SVC_NOT_FOUND (audited) for anyone else. */
static int referent_only(svc *s, int64_t case_id, struct owner *o, const char *denied)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	int may = cases_may_access(s, case_id);
	if (may < 0 || (may && load_owner(s, case_id, o) != 0))
		return svc_abort(s, denied);
	if (may)
		return o->referent_id == s->actor.id ? SVC_OK : SVC_FORBIDDEN;
	return svc_refuse(s, denied, "case", case_id);
}

int sharing_create(svc *s, int64_t case_id, const char *login, const char *until,
		  const char *reason, int64_t *id)
{
	struct owner o;
	int rc = referent_only(s, case_id, &o, "share.create_denied");
	if (rc != SVC_OK)
		return rc;
	int64_t colleague = svc_worker_id(s, login);
	if (!colleague || colleague == s->actor.id)
		return svc_fail(s, SVC_INVALID, "login",
				N_("Indiquez l'identifiant d'un(e) collègue assistant(e) de service "
				   "social."));
	char today[DATE_LEN + 1];
	date_today(today);
	if (!until || !date_valid(until) || date_cmp(until, today) < 0 ||
	    date_days_between(today, until) > SHARE_DAYS_MAX)
		return svc_fail(s, SVC_INVALID, "until",
				N_("La date de fin doit être entre aujourd'hui et dans un an "
				   "(AAAA-MM-JJ)."));
	if (!reason || !*reason || !text_is_clean_utf8(reason, strlen(reason), 0) ||
	    text_utf8_chars(reason) > SHARE_REASON_MAX)
		return svc_fail(s, SVC_INVALID, "reason",
				N_("Indiquez le motif du partage (absence, remplacement…), 200 "
				   "caractères au plus."));
	store *db = svc_db(s);
	int64_t new_id = 0;
	char object[24];
	ident(case_id, object);
	store_value end[] = {SV_INT(case_id), SV_INT(colleague), SV_INT(time(NULL))};
	store_value p[] = {SV_INT(case_id), SV_INT(colleague), SV_INT(s->actor.id),
			   SV_TEXT(until),   SV_TEXT(reason),	  SV_INT(time(NULL))};
	/* A new share replaces the colleague's current one. */
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_SHARE_END, end, 3, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_SHARE_INSERT, p, 6, svc_row_int, &new_id) != STORE_OK ||
	    svc_audit(s, "share.create", "case", object) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "sharing_create");
	if (id)
		*id = new_id;
	return SVC_OK;
}

int sharing_end(svc *s, int64_t case_id, const char *login)
{
	struct owner o;
	int rc = referent_only(s, case_id, &o, "share.delete_denied");
	if (rc != SVC_OK)
		return rc;
	int64_t colleague = svc_worker_id(s, login);
	if (!colleague)
		return SVC_NOT_FOUND;
	store *db = svc_db(s);
	char object[24];
	ident(case_id, object);
	store_value p[] = {SV_INT(case_id), SV_INT(colleague), SV_INT(time(NULL))};
	if (svc_tx_begin(s) != STORE_OK || store_exec(db, ST_SHARE_END, p, 3, NULL, NULL) != STORE_OK)
		return svc_abort(s, "sharing_end");
	if (store_changes(db) == 0) {
		svc_tx_rollback(s);
		return SVC_NOT_FOUND;
	}
	if (svc_audit(s, "share.delete", "case", object) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "sharing_end");
	return SVC_OK;
}

struct share_relay {
	share_fn fn;
	void *ctx;
	char today[DATE_LEN + 1];
};

static int share_row(void *ctx, const store_row *row)
{
	struct share_relay *r = ctx;
	struct share_view v = {
		.id = store_row_int(row, 0),
		.login = store_row_text(row, 1),
		.name = store_row_text(row, 2),
		.until = store_row_text(row, 3),
		.reason = store_row_text(row, 4),
		.granted_by = store_row_text(row, 5),
	};
	v.live = store_row_is_null(row, 7) && v.until && strcmp(v.until, r->today) >= 0;
	return r->fn ? r->fn(r->ctx, &v) : 0;
}

int sharing_list(svc *s, int64_t case_id, share_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	int may = cases_may_access(s, case_id);
	if (may < 0)
		return svc_abort(s, "sharing_list");
	if (!may)
		return SVC_NOT_FOUND;
	struct share_relay r = {fn, ctx, ""};
	date_today(r.today);
	store_value p[] = {SV_INT(case_id)};
	if (store_exec(svc_db(s), ST_SHARES_OF_CASE, p, 1, share_row, &r) != STORE_OK)
		return svc_abort(s, "sharing_list");
	return SVC_OK;
}

int cases_handover(svc *s, int64_t case_id, const char *login)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	struct owner o;
	int head = s->signed_in && s->actor.role == ROLE_HEAD;
	if (head) {
		/* The head reassigns without opening: existence only. */
		if (load_owner(s, case_id, &o) != 0)
			return svc_abort(s, "cases_handover");
		if (!o.found)
			return SVC_NOT_FOUND;
	} else {
		int rc = referent_only(s, case_id, &o, "case.handover_denied");
		if (rc != SVC_OK)
			return rc;
	}
	int64_t to = svc_worker_id(s, login);
	int64_t assigned = 0;
	store_value a[] = {SV_INT(o.organisation_id), SV_INT(to)};
	if (to && store_exec(svc_db(s), ST_ASSIGN_CHECK, a, 2, svc_row_int, &assigned) != STORE_OK)
		return svc_abort(s, "cases_handover");
	if (!to || !assigned)
		return svc_fail(s, SVC_INVALID, "login",
				N_("Le ou la collègue doit être assistant(e) de service social et "
				   "affecté(e) à l'organisation de la personne."));
	store *db = svc_db(s);
	char object[24];
	ident(case_id, object);
	int64_t now = (int64_t)time(NULL);
	store_value c[] = {SV_INT(case_id), SV_INT(to), SV_INT(now)};
	store_value p[] = {SV_INT(o.person_id), SV_INT(to), SV_INT(now)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_CASE_SET_REFERENT, c, 3, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_PERSON_SET_REFERENT, p, 3, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "case.handover", "case", object) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "cases_handover");
	return SVC_OK;
}

struct size_relay {
	caseload_fn fn;
	void *ctx;
};

static int size_row(void *ctx, const store_row *row)
{
	struct size_relay *r = ctx;
	struct caseload_size c = {store_row_text(row, 0), store_row_text(row, 1),
				  store_row_int(row, 2), store_row_int(row, 3),
				  store_row_int(row, 4)};
	return r->fn(r->ctx, &c);
}

int caseload_sizes(svc *s, caseload_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_CASELOADS))
		return SVC_FORBIDDEN;
	struct size_relay r = {fn, ctx};
	if (store_exec(svc_db(s), ST_CASELOAD_SIZES, NULL, 0, size_row, &r) != STORE_OK)
		return svc_abort(s, "caseload_sizes");
	return SVC_OK;
}

int caseload_transfer(svc *s, const char *from, const char *to, int64_t *cases,
		      int64_t *persons)
{
	if (!svc_may(s, ACT_CASELOADS))
		return SVC_FORBIDDEN;
	int64_t a = svc_worker_id(s, from);
	if (!a)
		return svc_fail(s, SVC_INVALID, "from", N_("Assistant(e) de départ inconnu(e)."));
	int64_t b = svc_worker_id(s, to);
	if (!b || b == a)
		return svc_fail(s, SVC_INVALID, "to",
				N_("Indiquez un(e) autre assistant(e) de service social."));
	store *db = svc_db(s);
	int64_t now = (int64_t)time(NULL), nc = 0, np = 0;
	char object[160];
	snprintf(object, sizeof object, "%s>%s", from, to);
	store_value assign[] = {SV_INT(a), SV_INT(b)};
	store_value move[] = {SV_INT(a), SV_INT(b), SV_INT(now)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_CASELOAD_ASSIGN, assign, 2, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_CASELOAD_MOVE_CASES, move, 3, NULL, NULL) != STORE_OK ||
	    ((nc = store_changes(db)), 0) ||
	    store_exec(db, ST_CASELOAD_MOVE_PERSONS, move, 3, NULL, NULL) != STORE_OK ||
	    ((np = store_changes(db)), 0) ||
	    svc_audit(s, "caseload.transfer", "user", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "caseload_transfer");
	if (cases)
		*cases = nc;
	if (persons)
		*persons = np;
	return SVC_OK;
}
