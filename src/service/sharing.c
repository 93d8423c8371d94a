/* sharing — see sharing.h. */
#include "service/sharing.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/account.h"
#include "domain/date.h"
#include "service/audit.h"
#include "service/cases.h"
#include "service/internal.h"
#include "support/buf.h"
#include "service/users.h"
#include "support/i18n.h"
#include "support/text.h"

static void ident(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

#define LOGIN_MESSAGE                                                                              \
	N_("Indiquez l'identifiant d'un(e) collègue assistant(e) de service social.")
#define UNTIL_MESSAGE N_("La date de fin doit être entre aujourd'hui et dans un an (AAAA-MM-JJ).")
#define REASON_MESSAGE                                                                             \
	N_("Indiquez le motif du partage (absence, remplacement…), 200 caractères au plus.")

const struct field sharing_fields[SHARE__FIELDS] = {
	[SHARE_LOGIN] = {"login", FIELD_CODE, 0, 0, ACCOUNT_LOGIN_MAX, LOGIN_MESSAGE,
			 FIELD_AT(struct share_input, login)},
	/* One line, not FIELD_DATE: the colleague is checked first, then the
	   date (a real one, from today to a year ahead), as before. */
	[SHARE_UNTIL] = {"until", FIELD_LINE, 0, 0, DATE_LEN, UNTIL_MESSAGE,
			 FIELD_AT(struct share_input, until)},
	[SHARE_REASON] = {"reason", FIELD_LINE, 0, 0, SHARE_REASON_MAX, REASON_MESSAGE,
			  FIELD_AT(struct share_input, reason)},
};

int sharing_create(svc *s, int64_t case_id, const char *login, const char *until,
		  const char *reason, int64_t *id)
{
	/* One transaction from the check to the write (interventions_create):
	   the case cannot change hands before its référent's share is written. */
	struct case_owner o;
	int rc = cases_referent_begin(s, case_id, &o, "share.create_denied");
	if (rc != SVC_OK)
		return rc;
	int64_t colleague = svc_worker_id(s, login);
	char today[DATE_LEN + 1];
	date_today(today);
	if (!colleague || colleague == s->actor.id)
		rc = svc_fail(s, SVC_INVALID, "login", LOGIN_MESSAGE);
	else if (!until || !date_valid(until) || date_cmp(until, today) < 0 ||
		 date_days_between(today, until) > SHARE_DAYS_MAX)
		rc = svc_fail(s, SVC_INVALID, "until", UNTIL_MESSAGE);
	else if (!reason || !*reason || !text_is_clean_utf8(reason, strlen(reason), 0) ||
		 text_utf8_chars(reason) > SHARE_REASON_MAX)
		rc = svc_fail(s, SVC_INVALID, "reason", REASON_MESSAGE);
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		return rc;
	}
	store *db = svc_db(s);
	int64_t new_id = 0;
	char object[24];
	ident(case_id, object);
	store_value end[] = {SV_INT(case_id), SV_INT(colleague), SV_INT(time(NULL))};
	store_value p[] = {SV_INT(case_id), SV_INT(colleague), SV_INT(s->actor.id),
			   SV_TEXT(until),   SV_NULL,		  SV_INT(time(NULL))};
	/* A new share replaces the colleague's current one; its reason is
	   sealed to its row once the row is written. */
	if (store_exec(db, ST_SHARE_END, end, 3, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_SHARE_INSERT, p, 6, svc_row_int, &new_id) != STORE_OK)
		return svc_abort(s, "sharing_create");
	buf sealed;
	buf_init(&sealed, 0);
	svc_seal_at(s, "shares.reason", new_id, reason, &sealed);
	store_value r[] = {SV_INT(new_id), svc_sealed_value(&sealed)};
	rc = store_exec(db, ST_SHARE_REASON_SEAL, r, 2, NULL, NULL);
	buf_free(&sealed);
	if (rc != STORE_OK || svc_audit(s, "share.create", "case", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "sharing_create");
	if (id)
		*id = new_id;
	return SVC_OK;
}

int sharing_end(svc *s, int64_t case_id, const char *login)
{
	/* One transaction from the check to the write (interventions_create). */
	struct case_owner o;
	int rc = cases_referent_begin(s, case_id, &o, "share.delete_denied");
	if (rc != SVC_OK)
		return rc;
	int64_t colleague = svc_worker_id(s, login);
	if (!colleague) {
		svc_tx_refused(s);
		return SVC_NOT_FOUND;
	}
	store *db = svc_db(s);
	char object[24];
	ident(case_id, object);
	store_value p[] = {SV_INT(case_id), SV_INT(colleague), SV_INT(time(NULL))};
	if (store_exec(db, ST_SHARE_END, p, 3, NULL, NULL) != STORE_OK)
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
	svc *s;
	share_fn fn;
	void *ctx;
	char today[DATE_LEN + 1];
};

static int share_row(void *ctx, const store_row *row)
{
	struct share_relay *r = ctx;
	int64_t id = store_row_int(row, SHARE_COL_ID);
	char *reason = svc_unseal_col_at(r->s, "shares.reason", id, row, SHARE_COL_REASON);
	struct share_view v = {
		.id = id,
		.login = store_row_text(row, SHARE_COL_LOGIN),
		.name = store_row_text(row, SHARE_COL_NAME),
		.until = store_row_text(row, SHARE_COL_UNTIL),
		.reason = reason,
		.granted_by = store_row_text(row, SHARE_COL_GRANTED_BY_LOGIN),
	};
	v.live = store_row_is_null(row, SHARE_COL_ENDED_AT) && v.until &&
		 strcmp(v.until, r->today) >= 0;
	int stop = r->fn ? r->fn(r->ctx, &v) : 0;
	free(reason);
	return stop;
}

int sharing_list(svc *s, int64_t case_id, share_fn fn, void *ctx)
{
	/* The check, the read (the reasons are sealed) and its entry in one
	   transaction, a refusal audited, as every read of a case's records. */
	int rc = cases_gate_begin(s, case_id, "share.list_denied");
	if (rc != SVC_OK)
		return rc;
	struct share_relay r = {s, fn, ctx, ""};
	date_today(r.today);
	store_value p[] = {SV_INT(case_id)};
	if (svc_audit_id(s, "share.list", "case", case_id) != 0 ||
	    store_exec(svc_db(s), ST_SHARES_OF_CASE, p, 1, share_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "sharing_list");
	return SVC_OK;
}

struct colleague_relay {
	colleague_fn fn;
	void *ctx;
};

static int colleague_row(void *ctx, const store_row *row)
{
	struct colleague_relay *r = ctx;
	struct colleague c = {store_row_text(row, COLLEAGUE_COL_LOGIN),
			      store_row_text(row, COLLEAGUE_COL_NAME)};
	return r->fn(r->ctx, &c);
}

int sharing_colleagues(svc *s, colleague_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_CASEWORK))
		return SVC_FORBIDDEN;
	struct colleague_relay r = {fn, ctx};
	store_value p[] = {SV_INT(s->actor.id)};
	if (store_exec(svc_db(s), ST_COLLEAGUES, p, 1, colleague_row, &r) != STORE_OK)
		return svc_abort(s, "sharing_colleagues");
	return SVC_OK;
}
