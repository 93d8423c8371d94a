/* users — see users.h. */
#include "service/users.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/account.h"
#include "service/accounts.h"
#include "service/audit.h"
#include "service/internal.h"
#include "service/organisations.h"
#include "service/twoperson_rule.h"
#include "support/i18n.h"

/* The form reader's bound on a line whose length the account rules judge
   (with their own message). */
#define USERS_LINE_CAP 4096

const struct field users_fields[USER__FIELDS] = {
	[USER_LOGIN] = {"login", FIELD_LINE, 0, 0, USERS_LINE_CAP,
			N_("L'identifiant ne peut contenir que des minuscules sans accent, des "
			   "chiffres, « . », « - » et « _ »."),
			FIELD_AT(struct user_input, login)},
	[USER_NAME] = {"name", FIELD_LINE, 0, 0, USERS_LINE_CAP,
		       N_("Le nom contient des caractères non valides."),
		       FIELD_AT(struct user_input, name)},
	[USER_ROLE] = {"role", FIELD_CODE, 0, 0, 0,
		       N_("Rôle inconnu (admin, head, worker, reception, employer ou auditor)."),
		       FIELD_AT(struct user_input, role)},
	[USER_ORGANISATION] = {"organisation", FIELD_LINE, 0, 0, USERS_LINE_CAP,
			       N_("Un compte employeur est rattaché à une organisation existante : "
				  "indiquez son code."),
			       FIELD_AT(struct user_input, organisation)},
};

/* Records the proposal of account login (twoperson.h): SVC_PENDING, or
   SVC_CONFLICT when the login is taken. */
static int users_propose_create(svc *s, const char *login, const char *name, const char *role)
{
	int64_t taken = 0;
	store_value p[] = {SV_TEXT(login)};
	if (store_exec(svc_db(s), ST_USER_BY_LOGIN, p, 1, svc_row_int, &taken) != STORE_OK)
		return svc_abort(s, "users_add");
	if (taken)
		return svc_fail(s, SVC_CONFLICT, "login", N_("Cet identifiant est déjà utilisé."));
	struct proposal_new pn = {PROPOSAL_ACCOUNT_CREATE, 0, 0, 0, login, name, role};
	return twoperson_propose(s, &pn);
}

int users_add(svc *s, const char *login, const char *name, const char *role,
	      const char *organisation, int64_t *id, char token[SEC_TOKEN_LEN + 1])
{
	struct verr e;
	if (!svc_may(s, ACT_USERS_CREATE))
		return SVC_FORBIDDEN;
	if (account_check_login(login, &e) != 0 || account_check_name(name, &e) != 0 ||
	    account_check_role(role, &e) != 0)
		return svc_fail(s, SVC_INVALID, e.field, e.message);
	int64_t org = 0;
	if (organisation && !*organisation)
		organisation = NULL;
	if (role_from_code(role) == ROLE_EMPLOYER) {
		int rc = organisation ? organisations_lookup_id(s, organisation, &org) : SVC_NOT_FOUND;
		if (rc == SVC_NOT_FOUND)
			return svc_fail(s, SVC_INVALID, "organisation",
					N_("Un compte employeur est rattaché à une organisation "
					   "existante : indiquez son code."));
		if (rc != SVC_OK)
			return rc;
	} else if (organisation) {
		return svc_fail(s, SVC_INVALID, "organisation",
				N_("Seuls les comptes employeur sont rattachés à une organisation."));
	}

	/* The two-person rule: a head confirms a worker's or a head's account. */
	int rule = twoperson_applies(s, role_from_code(role));
	if (rule < 0)
		return svc_abort(s, "users_add");
	if (rule)
		return users_propose_create(s, login, name, role);

	/* No password until the person enrols with her link. */
	store *db = svc_db(s);
	if (!db || svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "users_add");
	int64_t new_id = 0;
	store_value p[] = {SV_TEXT(login), SV_TEXT(name), SV_TEXT(role), SV_TEXT(""),
			   SV_INT(time(NULL)), org ? SV_INT(org) : SV_NULL};
	int rc = store_exec(db, ST_USER_INSERT, p, 6, svc_row_int, &new_id);
	if (rc == STORE_CONSTRAINT) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_CONFLICT, "login", N_("Cet identifiant est déjà utilisé."));
	}
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%" PRId64, new_id);
	if (rc != STORE_OK || svc_audit(s, "user.create", "user", idtext) != 0 ||
	    accounts_link_issue(s, new_id, "enrolment", token) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "users_add");
	if (id)
		*id = new_id;
	return SVC_OK;
}

struct list_ctx {
	user_fn fn;
	void *ctx;
	int64_t now;
};

static int list_row(void *ctx, const store_row *row)
{
	struct list_ctx *l = ctx;
	struct user_info u = {
		.id = store_row_int(row, USER_LIST_COL_ID),
		.login = store_row_text(row, USER_LIST_COL_LOGIN),
		.name = store_row_text(row, USER_LIST_COL_NAME),
		.role = role_from_code(store_row_text(row, USER_LIST_COL_ROLE)),
		.active = (int)store_row_int(row, USER_LIST_COL_ACTIVE),
		.locked = store_row_int(row, USER_LIST_COL_LOCKED_UNTIL) > l->now,
		.created_at = store_row_int(row, USER_LIST_COL_CREATED_AT),
		.organisation = store_row_text(row, USER_LIST_COL_ORG_CODE),
		.last_login_at = store_row_int(row, USER_LIST_COL_LAST_LOGIN_AT),
		.enrolled = (int)store_row_int(row, USER_LIST_COL_ENROLLED),
	};
	int64_t since = u.last_login_at ? u.last_login_at : u.created_at;
	u.unused = u.active && since < l->now - ACCOUNT_UNUSED_AFTER;
	return l->fn(l->ctx, &u);
}

int users_list(svc *s, user_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_USERS_READ))
		return SVC_FORBIDDEN;
	store *db = svc_db(s);
	struct list_ctx l = {fn, ctx, (int64_t)time(NULL)};
	if (!db || store_exec(db, ST_USER_LIST, NULL, 0, list_row, &l) != STORE_OK)
		return svc_abort(s, "users_list");
	return SVC_OK;
}

int users_count_role(svc *s, enum role role, int64_t *count)
{
	if (!svc_may(s, ACT_USERS_READ))
		return SVC_FORBIDDEN;
	store *db = svc_db(s);
	store_value p[] = {SV_TEXT(role_code(role))};
	*count = 0;
	if (!db || store_exec(db, ST_USER_COUNT_ROLE, p, 1, svc_row_int, count) != STORE_OK)
		return svc_abort(s, "users_count_role");
	return SVC_OK;
}
