/* auth — see auth.h. */
#include "service/auth.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/account.h"
#include "service/audit.h"
#include "service/internal.h"
#include "service/second_factor.h"
#include "service/throttle.h"

struct user_rec {
	int found;
	int64_t id;
	char login[ACCOUNT_LOGIN_MAX + 1];
	char name[4 * ACCOUNT_NAME_MAX + 1];
	enum role role;
	char hash[SEC_PASSWORD_HASH_MAX];
	int active;
	int64_t locked_until;
	int64_t organisation_id;
};

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static int user_row(void *ctx, const store_row *row)
{
	struct user_rec *u = ctx;
	u->found = 1;
	u->id = store_row_int(row, USER_BY_LOGIN_COL_ID);
	copy(u->login, sizeof u->login, store_row_text(row, USER_BY_LOGIN_COL_LOGIN));
	copy(u->name, sizeof u->name, store_row_text(row, USER_BY_LOGIN_COL_NAME));
	u->role = role_from_code(store_row_text(row, USER_BY_LOGIN_COL_ROLE));
	copy(u->hash, sizeof u->hash, store_row_text(row, USER_BY_LOGIN_COL_PASSWORD_HASH));
	u->active = (int)store_row_int(row, USER_BY_LOGIN_COL_ACTIVE);
	u->locked_until = store_row_int(row, USER_BY_LOGIN_COL_LOCKED_UNTIL);
	u->organisation_id = store_row_int(row, USER_BY_LOGIN_COL_ORGANISATION_ID);
	return 1;
}

static int load_user(store *db, const char *login, struct user_rec *u)
{
	memset(u, 0, sizeof *u);
	store_value p[] = {SV_TEXT(login)};
	return store_exec(db, ST_USER_BY_LOGIN, p, 1, user_row, u);
}

static void set_actor(svc *s, const struct user_rec *u)
{
	s->signed_in = 1;
	s->actor.id = u->id;
	copy(s->actor.login, sizeof s->actor.login, u->login);
	copy(s->actor.name, sizeof s->actor.name, u->name);
	s->actor.role = u->role;
	s->actor.organisation_id = u->organisation_id;
}

const struct field auth_login_fields[LOGIN__FIELDS] = {
	[LOGIN_LOGIN] = {"login", FIELD_CODE, FIELD_REQUIRED, 0, ACCOUNT_LOGIN_MAX, NULL,
			 FIELD_AT(struct login_input, login)},
	[LOGIN_PASSWORD] = {"password", FIELD_LINE, FIELD_REQUIRED, 0, ACCOUNT_PASSWORD_MAX, NULL,
			    FIELD_AT(struct login_input, password)},
	/* The second factor: a TOTP code or a recovery code (service/accounts.h). */
	[LOGIN_CODE] = {"code", FIELD_LINE, 0, 0, RECOVERY_INPUT_MAX, NULL,
			FIELD_AT(struct login_input, code)},
};

int auth_login(svc *s, const char *login, const char *password, const char *code,
	       struct session_new *out)
{
	struct user_rec u;
	memset(&u, 0, sizeof u);
	store *db = svc_db(s);
	if (!db)
		return svc_abort(s, "auth_login");
	int64_t now = (int64_t)time(NULL);
	/* A delay running is answered before the account is looked at. */
	struct throttle_attempt ta;
	int trc = throttle_admit(s, login, now, &ta);
	if (trc != SVC_OK)
		return trc;
	/* Malformed input is just wrong credentials, but costs no database work. */
	int well_formed = account_check_login(login, NULL) == 0 && password &&
			  strlen(password) <= ACCOUNT_PASSWORD_MAX;
	if (well_formed && load_user(db, login, &u) != STORE_OK)
		return svc_abort(s, "auth_login");

	/* The slow hash runs outside the transaction, so it blocks no writer. */
	int password_ok = 0;
	if (throttle_hash_enter(s) != SVC_OK)
		return SVC_BUSY;
	if (u.found && u.active && u.hash[0]) /* '': not enrolled */
		password_ok = sec_password_verify(u.hash, password);
	else
		sec_password_dummy_verify(password ? password : "");
	throttle_hash_leave(s);

	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "auth_login");
	char id[24];
	snprintf(id, sizeof id, "%" PRId64, u.id);
	if (!u.found || !u.active || !password_ok) {
		/* Unknown login: audited without an object, the typed text may be a password. */
		int known = u.found && u.active;
		if (svc_audit(s, "session.create_failed", known ? "user" : NULL, known ? id : NULL) !=
			    0 ||
		    throttle_record(s, &ta, 0, 0, now) != 0 || svc_tx_commit(s) != STORE_OK)
			return svc_abort(s, "auth_login");
		return SVC_UNAUTHENTICATED;
	}
	/* The second factor, once the password matched (service/accounts.h). */
	int factor = accounts_second_factor(s, u.id, code, now);
	if (factor < 0)
		return svc_abort(s, "auth_login");
	if (factor > 0) {
		if (svc_audit(s, "session.create_failed", "user", id) != 0 ||
		    throttle_record(s, &ta, 0, 0, now) != 0 || svc_tx_commit(s) != STORE_OK)
			return svc_abort(s, "auth_login");
		return SVC_UNAUTHENTICATED;
	}

	if (throttle_record(s, &ta, 1, u.id, now) != 0)
		return svc_abort(s, "auth_login");
	struct actor who = {u.id, "", "", u.role, u.organisation_id};
	copy(who.login, sizeof who.login, u.login);
	copy(who.name, sizeof who.name, u.name);
	return auth_open_session(s, &who, "session.create", now, &out->was_reset, out);
}

int auth_open_session(svc *s, const struct actor *who, const char *audit_action, int64_t now,
		      int *was_reset, struct session_new *out)
{
	store *db = svc_db(s);
	char token_hash[SEC_HASH_HEX_LEN + 1], id[24];
	snprintf(id, sizeof id, "%" PRId64, who->id);
	sec_token_new(out->token);
	sec_token_new(out->csrf);
	sec_token_hash(out->token, token_hash);
	s->signed_in = 1;
	s->actor = *who;
	store_value ins[] = {SV_TEXT(token_hash), SV_INT(who->id), SV_TEXT(out->csrf), SV_INT(now)};
	const struct app_config *cfg = app_config(s->app);
	store_value purge[] = {SV_INT(now - cfg->session_idle), SV_INT(now - cfg->session_max)};
	if (store_exec(db, ST_SESSION_PURGE, purge, 2, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_SESSION_INSERT, ins, 4, NULL, NULL) != STORE_OK ||
	    accounts_after_login(s, who->id, token_hash, now, was_reset) != 0 ||
	    svc_audit(s, audit_action, "user", id) != 0 || svc_tx_commit(s) != STORE_OK) {
		s->signed_in = 0;
		return svc_abort(s, "auth_open_session");
	}
	copy(s->session_hash, sizeof s->session_hash, token_hash);
	copy(s->csrf, sizeof s->csrf, out->csrf);
	return SVC_OK;
}

struct session_rec {
	int found;
	struct user_rec user;
	char csrf[SEC_TOKEN_LEN + 1];
	int64_t created_at;
	int64_t last_seen_at;
};

static int session_row(void *ctx, const store_row *row)
{
	struct session_rec *r = ctx;
	r->found = 1;
	r->user.id = store_row_int(row, SESSION_COL_USER_ID);
	copy(r->csrf, sizeof r->csrf, store_row_text(row, SESSION_COL_CSRF_TOKEN));
	r->created_at = store_row_int(row, SESSION_COL_CREATED_AT);
	r->last_seen_at = store_row_int(row, SESSION_COL_LAST_SEEN_AT);
	copy(r->user.login, sizeof r->user.login, store_row_text(row, SESSION_COL_LOGIN));
	copy(r->user.name, sizeof r->user.name, store_row_text(row, SESSION_COL_NAME));
	r->user.role = role_from_code(store_row_text(row, SESSION_COL_ROLE));
	r->user.active = (int)store_row_int(row, SESSION_COL_ACTIVE);
	r->user.organisation_id = store_row_int(row, SESSION_COL_ORGANISATION_ID);
	return 1;
}

int auth_token_well_formed(const char *t)
{
	if (!t || strlen(t) != SEC_TOKEN_LEN)
		return 0;
	for (; *t; t++)
		if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
		      (*t >= '0' && *t <= '9') || *t == '-' || *t == '_'))
			return 0;
	return 1;
}

int auth_resume(svc *s, const char *token)
{
	if (!auth_token_well_formed(token))
		return SVC_UNAUTHENTICATED;
	store *db = svc_db(s);
	if (!db)
		return svc_abort(s, "auth_resume");
	char hash[SEC_HASH_HEX_LEN + 1];
	sec_token_hash(token, hash);
	struct session_rec r;
	memset(&r, 0, sizeof r);
	store_value p[] = {SV_TEXT(hash)};
	if (store_exec(db, ST_SESSION_LOOKUP, p, 1, session_row, &r) != STORE_OK)
		return svc_abort(s, "auth_resume");
	if (!r.found)
		return SVC_UNAUTHENTICATED;
	int64_t now = (int64_t)time(NULL);
	const struct app_config *cfg = app_config(s->app);
	if (!r.user.active || r.user.role == ROLE_NONE || now - r.last_seen_at > cfg->session_idle ||
	    now - r.created_at > cfg->session_max) {
		if (store_exec(db, ST_SESSION_DELETE, p, 1, NULL, NULL) != STORE_OK)
			return svc_abort(s, "auth_resume");
		return SVC_UNAUTHENTICATED;
	}
	if (now - r.last_seen_at >= AUTH_TOUCH_EVERY) {
		store_value t[] = {SV_TEXT(hash), SV_INT(now)};
		if (store_exec(db, ST_SESSION_TOUCH, t, 2, NULL, NULL) != STORE_OK)
			return svc_abort(s, "auth_resume");
	}
	set_actor(s, &r.user);
	copy(s->session_hash, sizeof s->session_hash, hash);
	copy(s->csrf, sizeof s->csrf, r.csrf);
	return SVC_OK;
}

const char *auth_csrf(const svc *s)
{
	return s->signed_in ? s->csrf : "";
}

int auth_logout(svc *s)
{
	if (!s->signed_in || !s->session_hash[0])
		return SVC_UNAUTHENTICATED;
	store *db = svc_db(s);
	if (!db)
		return svc_abort(s, "auth_logout");
	char id[24];
	snprintf(id, sizeof id, "%" PRId64, s->actor.id);
	store_value p[] = {SV_TEXT(s->session_hash)};
	if (svc_tx_begin(s) != STORE_OK || store_exec(db, ST_SESSION_DELETE, p, 1, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "session.delete", "user", id) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "auth_logout");
	s->session_hash[0] = '\0';
	s->csrf[0] = '\0';
	s->signed_in = 0;
	return SVC_OK;
}

int auth_form_refused(svc *s)
{
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "auth_form_refused");
	if (svc_audit(s, "session.create_refused_form", NULL, NULL) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "auth_form_refused");
	return SVC_OK;
}
