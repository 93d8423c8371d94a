/* oidc — see oidc.h. */
#include "service/oidc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "service/auth.h"
#include "service/second_factor.h"
#include "service/internal.h"
#include "support/i18n.h"
#include "support/oidc.h"

/* The account a session would open for. */
struct oidc_user {
	int found;
	int64_t id;
	char login[65];
	char name[801];
	enum role role;
	int active;
	int64_t organisation_id;
	int64_t expires_at; /* a pending second factor's deadline */
};

static int user_row(void *ctx, const store_row *row)
{
	struct oidc_user *u = ctx;
	u->found = 1;
	u->id = store_row_int(row, OIDC_USER_COL_ID);
	svc_row_copy(row, OIDC_USER_COL_LOGIN, u->login, sizeof u->login);
	svc_row_copy(row, OIDC_USER_COL_NAME, u->name, sizeof u->name);
	u->role = role_from_code(store_row_text(row, OIDC_USER_COL_ROLE));
	u->active = (int)store_row_int(row, OIDC_USER_COL_ACTIVE);
	u->organisation_id = store_row_int(row, OIDC_USER_COL_ORGANISATION_ID);
	u->expires_at = store_row_int(row, OIDC_USER_COL_EXPIRES_AT);
	return 1;
}

struct attempt {
	int found;
	char browser_hash[SEC_HASH_HEX_LEN + 1];
	char purpose[16];
	int64_t user_id;
	char nonce[SEC_TOKEN_LEN + 1];
	char verifier[SEC_TOKEN_LEN + 1];
	int64_t expires_at;
};

static int attempt_row(void *ctx, const store_row *row)
{
	struct attempt *a = ctx;
	a->found = 1;
	svc_row_copy(row, OIDC_ATTEMPT_COL_BROWSER_HASH, a->browser_hash, sizeof a->browser_hash);
	svc_row_copy(row, OIDC_ATTEMPT_COL_PURPOSE, a->purpose, sizeof a->purpose);
	a->user_id = store_row_int(row, OIDC_ATTEMPT_COL_USER_ID);
	svc_row_copy(row, OIDC_ATTEMPT_COL_NONCE, a->nonce, sizeof a->nonce);
	svc_row_copy(row, OIDC_ATTEMPT_COL_VERIFIER, a->verifier, sizeof a->verifier);
	a->expires_at = store_row_int(row, OIDC_ATTEMPT_COL_EXPIRES_AT);
	return 1;
}

const struct field oidc_code_fields[OIDC_CODE__FIELDS] = {
	[OIDC_CODE_PENDING] = {"pending", FIELD_LINE, FIELD_REQUIRED, 0, 64, NULL,
			       FIELD_AT(struct oidc_code_input, pending)},
	[OIDC_CODE_CODE] = {"code", FIELD_LINE, FIELD_REQUIRED, 0, 64, NULL,
			    FIELD_AT(struct oidc_code_input, code)},
};

static oidc_provider *provider(const svc *s)
{
	return app_config(svc_app(s))->oidc;
}

int oidc_enabled(const svc *s)
{
	return provider(s) != NULL;
}

int local_second_factor_ok(svc *s, int64_t user_id, const char *code)
{
	/* The sign-in's own check (service/second_factor.h): the current TOTP code
	   newer than the stored step, or an unused recovery code; the account's
	   policy decides whether one is needed at all. */
	int rc = accounts_second_factor(s, user_id, code ? code : "", (int64_t)time(NULL));
	return rc == 0 ? 1 : rc == 1 ? 0 : -1;
}

/* A refusal: audited in its own transaction (or the caller's open one
   when in_tx), then SVC_UNAUTHENTICATED. */
static int refuse(svc *s, int in_tx, const char *reason)
{
	if ((!in_tx && svc_tx_begin(s) != STORE_OK) ||
	    svc_audit(s, "oidc.refused", "reason", reason) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "oidc refusal");
	return SVC_UNAUTHENTICATED;
}

static int begin(svc *s, const char *purpose, int64_t user_id, struct oidc_start *out)
{
	oidc_provider *p = provider(s);
	store *db = svc_db(s);
	if (!db)
		return svc_abort(s, "oidc_begin");
	char state[SEC_TOKEN_LEN + 1], nonce[SEC_TOKEN_LEN + 1], verifier[SEC_TOKEN_LEN + 1];
	char state_hash[SEC_HASH_HEX_LEN + 1], browser_hash[SEC_HASH_HEX_LEN + 1];
	sec_token_new(state);
	sec_token_new(nonce);
	sec_token_new(verifier);
	sec_token_new(out->browser);
	sec_token_hash(state, state_hash);
	sec_token_hash(out->browser, browser_hash);
	/* The provider's URL first: discovery is network, outside the transaction. */
	if (oidc_auth_url(p, state, nonce, verifier, &out->url) != OIDC_OK) {
		if (svc_tx_begin(s) != STORE_OK ||
		    svc_audit(s, "oidc.provider_unavailable", NULL, NULL) != 0 ||
		    svc_tx_commit(s) != STORE_OK)
			return svc_abort(s, "oidc_begin");
		return SVC_ERROR;
	}
	int64_t now = (int64_t)time(NULL);
	store_value purge[] = {SV_INT(now)};
	store_value ins[] = {SV_TEXT(state_hash),
			     SV_TEXT(browser_hash),
			     SV_TEXT(purpose),
			     user_id ? SV_INT(user_id) : SV_NULL,
			     SV_TEXT(nonce),
			     SV_TEXT(verifier),
			     SV_INT(now),
			     SV_INT(now + OIDC_ATTEMPT_TTL)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_OIDC_ATTEMPT_PURGE, purge, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_OIDC_ATTEMPT_INSERT, ins, 8, NULL, NULL) != STORE_OK ||
	    svc_audit(s, strcmp(purpose, "link") == 0 ? "oidc.link_begin" : "oidc.signin_begin",
		      user_id ? "user" : NULL, NULL) != 0 ||
	    svc_tx_commit(s) != STORE_OK) {
		free(out->url);
		out->url = NULL;
		return svc_abort(s, "oidc_begin");
	}
	return SVC_OK;
}

int oidc_signin_begin(svc *s, struct oidc_start *out)
{
	memset(out, 0, sizeof *out);
	if (!oidc_enabled(s))
		return SVC_NOT_FOUND;
	return begin(s, "signin", 0, out);
}

int oidc_link_begin(svc *s, const char *code, struct oidc_start *out)
{
	memset(out, 0, sizeof *out);
	if (!oidc_enabled(s))
		return SVC_NOT_FOUND;
	const struct actor *me = svc_actor(s);
	if (!me)
		return SVC_UNAUTHENTICATED;
	char id[24];
	snprintf(id, sizeof id, "%" PRId64, me->id);
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "oidc_link_begin");
	int ok = local_second_factor_ok(s, me->id, code);
	if (ok < 0)
		return svc_abort(s, "oidc_link_begin");
	if (!ok) {
		if (svc_audit(s, "oidc.link_refused", "user", id) != 0 || svc_tx_commit(s) != STORE_OK)
			return svc_abort(s, "oidc_link_begin");
		return svc_fail(s, SVC_UNAUTHENTICATED, "code",
				N_("Code de second facteur incorrect : le lien n'a pas été créé."));
	}
	/* The accepted step is stored: the same code cannot start another link. */
	if (svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "oidc_link_begin");
	return begin(s, "link", me->id, out);
}

/* Opens a session for u inside the caller's open transaction (as auth_login
   does) and commits. */
static int open_session(svc *s, const struct oidc_user *u, struct session_new *out)
{
	struct actor who = {u->id, "", "", u->role, u->organisation_id};
	snprintf(who.login, sizeof who.login, "%s", u->login);
	snprintf(who.name, sizeof who.name, "%s", u->name);
	return auth_open_session(s, &who, "session.create_oidc", (int64_t)time(NULL), NULL, out);
}

/* Takes the attempt of state out of the table (single use) in the open
   transaction: SVC_OK with *a, else a refusal already audited. */
static int take_attempt(svc *s, const char *state, const char *browser, struct attempt *a,
			const char **message)
{
	store *db = svc_db(s);
	memset(a, 0, sizeof *a);
	if (!auth_token_well_formed(state)) {
		*message = N_("Réponse du fournisseur d'identité invalide : recommencez la connexion.");
		return refuse(s, 1, "state");
	}
	char state_hash[SEC_HASH_HEX_LEN + 1];
	sec_token_hash(state, state_hash);
	store_value p[] = {SV_TEXT(state_hash)};
	if (store_exec(db, ST_OIDC_ATTEMPT_GET, p, 1, attempt_row, a) != STORE_OK ||
	    (a->found && store_exec(db, ST_OIDC_ATTEMPT_DELETE, p, 1, NULL, NULL) != STORE_OK))
		return svc_abort(s, "oidc attempt");
	if (!a->found) {
		*message = N_("Cette tentative de connexion est inconnue ou a déjà servi : "
			     "recommencez la connexion.");
		return refuse(s, 1, "state");
	}
	char browser_hash[SEC_HASH_HEX_LEN + 1] = "";
	if (auth_token_well_formed(browser))
		sec_token_hash(browser, browser_hash);
	if (strcmp(browser_hash, a->browser_hash) != 0) {
		*message = N_("Cette tentative de connexion n'a pas été commencée dans ce navigateur : "
			     "recommencez la connexion.");
		return refuse(s, 1, "browser");
	}
	if (a->expires_at < (int64_t)time(NULL)) {
		*message = N_("Cette tentative de connexion a expiré : recommencez la connexion.");
		return refuse(s, 1, "attempt_expired");
	}
	return SVC_OK;
}

static const char *refusal_message(int r)
{
	switch (r) {
	case OIDC_UNAVAILABLE:
		return N_("Le fournisseur d'identité ne répond pas : réessayez plus tard ou connectez-vous "
			 "avec votre identifiant.");
	case OIDC_EXCHANGE:
		return N_("Le fournisseur d'identité a refusé ce code de connexion (déjà utilisé ou "
			 "expiré) : recommencez la connexion.");
	case OIDC_EXPIRED:
		return N_("Le jeton d'identité reçu a expiré : recommencez la connexion.");
	default:
		return N_("Le jeton d'identité reçu n'est pas valable pour ce service : connexion "
			 "refusée.");
	}
}

int oidc_callback(svc *s, const char *state, const char *code, const char *error,
		  const char *browser, struct oidc_result *out)
{
	memset(out, 0, sizeof *out);
	if (!oidc_enabled(s))
		return SVC_NOT_FOUND;
	store *db = svc_db(s);
	if (!db)
		return svc_abort(s, "oidc_callback");
	struct attempt a;
	int rc;
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "oidc_callback");
	if ((rc = take_attempt(s, state, browser, &a, &out->message)) != SVC_OK)
		return rc;
	if (error && *error) {
		out->message = N_("Le fournisseur d'identité a refusé la connexion.");
		return refuse(s, 1, "provider_error");
	}
	if (!code || !*code || strlen(code) > 2048) {
		out->message = N_("Réponse du fournisseur d'identité invalide : recommencez la connexion.");
		return refuse(s, 1, "code_missing");
	}
	/* The attempt is spent whatever comes next. */
	if (svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "oidc_callback");

	struct oidc_identity id;
	int r = oidc_finish(provider(s), code, a.nonce, a.verifier, &id);
	if (r != OIDC_OK) {
		out->message = refusal_message(r);
		return refuse(s, 0, oidc_refusal_name(r));
	}

	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "oidc_callback");
	struct oidc_user u;
	memset(&u, 0, sizeof u);
	store_value link[] = {SV_TEXT(id.issuer), SV_TEXT(id.subject)};
	if (store_exec(db, ST_OIDC_LINK_USER, link, 2, user_row, &u) != STORE_OK)
		return svc_abort(s, "oidc_callback");

	if (strcmp(a.purpose, "link") == 0) {
		/* The session cookie (SameSite=Strict) does not come with the
		   provider's cross-site redirect: the attempt, bound to this browser
		   and started from the account's session after its second factor,
		   names the account.  A session that does come must be that one. */
		const struct actor *me = svc_actor(s);
		if ((me && me->id != a.user_id) || a.user_id <= 0) {
			out->message = N_("Liez votre compte depuis la session où vous l'avez demandé.");
			return refuse(s, 1, "link_session");
		}
		struct oidc_user owner;
		memset(&owner, 0, sizeof owner);
		store_value who[] = {SV_INT(a.user_id)};
		if (store_exec(db, ST_USER_BY_ID_FOR_SESSION, who, 1, user_row, &owner) != STORE_OK)
			return svc_abort(s, "oidc_callback");
		if (!owner.found || !owner.active) {
			out->message = N_("Ce compte est désactivé.");
			return refuse(s, 1, "account_disabled");
		}
		if (u.found && u.id != owner.id) {
			out->message = N_("Cette identité est déjà liée à un autre compte.");
			return refuse(s, 1, "link_taken");
		}
		char uid[24];
		snprintf(uid, sizeof uid, "%" PRId64, owner.id);
		store_value del[] = {SV_TEXT(id.issuer), SV_INT(owner.id)};
		store_value ins[] = {SV_TEXT(id.issuer), SV_TEXT(id.subject), SV_INT(owner.id),
				     SV_INT((int64_t)time(NULL))};
		if (store_exec(db, ST_OIDC_LINK_DELETE, del, 2, NULL, NULL) != STORE_OK ||
		    store_exec(db, ST_OIDC_LINK_INSERT, ins, 4, NULL, NULL) != STORE_OK ||
		    svc_audit(s, "oidc.link", "user", uid) != 0 || svc_tx_commit(s) != STORE_OK)
			return svc_abort(s, "oidc link");
		out->outcome = OIDC_LINKED;
		return SVC_OK;
	}

	if (!u.found) {
		out->message = N_("Aucun compte de ce service n'est lié à cette identité. Connectez-vous "
				 "avec votre identifiant, puis liez votre compte depuis « Mon compte ».");
		return refuse(s, 1, "not_linked");
	}
	if (!u.active || u.role == ROLE_NONE) {
		out->message = N_("Ce compte est désactivé.");
		return refuse(s, 1, "account_disabled");
	}
	if (oidc_provider_config(provider(s))->provider_mfa && id.second_factor) {
		rc = open_session(s, &u, &out->session);
		if (rc == SVC_OK)
			out->outcome = OIDC_SIGNED_IN;
		return rc;
	}
	/* The local second factor next. */
	char token_hash[SEC_HASH_HEX_LEN + 1], uid[24];
	snprintf(uid, sizeof uid, "%" PRId64, u.id);
	sec_token_new(out->pending);
	sec_token_hash(out->pending, token_hash);
	int64_t now = (int64_t)time(NULL);
	store_value purge[] = {SV_INT(now)};
	store_value ins[] = {SV_TEXT(token_hash), SV_INT(u.id), SV_INT(now),
			     SV_INT(now + OIDC_PENDING_TTL)};
	if (store_exec(db, ST_OIDC_PENDING_PURGE, purge, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_OIDC_PENDING_INSERT, ins, 4, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "oidc.second_factor_needed", "user", uid) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "oidc_callback");
	out->outcome = OIDC_NEEDS_CODE;
	return SVC_OK;
}

int oidc_second_factor(svc *s, const char *pending, const char *code, struct session_new *out,
		       const char **message)
{
	*message = NULL;
	if (!oidc_enabled(s))
		return SVC_NOT_FOUND;
	store *db = svc_db(s);
	if (!db)
		return svc_abort(s, "oidc_second_factor");
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "oidc_second_factor");
	if (!auth_token_well_formed(pending)) {
		*message = N_("Cette étape de connexion est inconnue ou a expiré : recommencez la "
			     "connexion.");
		return refuse(s, 1, "pending_unknown");
	}
	char token_hash[SEC_HASH_HEX_LEN + 1];
	sec_token_hash(pending, token_hash);
	struct oidc_user u;
	memset(&u, 0, sizeof u);
	store_value p[] = {SV_TEXT(token_hash)};
	if (store_exec(db, ST_OIDC_PENDING_GET, p, 1, user_row, &u) != STORE_OK ||
	    (u.found && store_exec(db, ST_OIDC_PENDING_DELETE, p, 1, NULL, NULL) != STORE_OK))
		return svc_abort(s, "oidc_second_factor");
	if (!u.found || u.expires_at < (int64_t)time(NULL)) {
		*message = N_("Cette étape de connexion est inconnue ou a expiré : recommencez la "
			     "connexion.");
		return refuse(s, 1, u.found ? "pending_expired" : "pending_unknown");
	}
	if (!u.active || u.role == ROLE_NONE) {
		*message = N_("Ce compte est désactivé.");
		return refuse(s, 1, "account_disabled");
	}
	int ok = local_second_factor_ok(s, u.id, code);
	if (ok < 0)
		return svc_abort(s, "oidc_second_factor");
	if (!ok) {
		*message = N_("Code de second facteur incorrect : recommencez la connexion.");
		return refuse(s, 1, "second_factor");
	}
	return open_session(s, &u, out);
}

static int count_row(void *ctx, const store_row *row)
{
	(void)row;
	++*(int *)ctx;
	return 0;
}

int oidc_linked(svc *s)
{
	const struct actor *me = svc_actor(s);
	store *db = svc_db(s);
	if (!me || !db || !oidc_enabled(s))
		return -1;
	int n = 0;
	store_value p[] = {SV_TEXT(oidc_provider_config(provider(s))->issuer), SV_INT(me->id)};
	if (store_exec(db, ST_OIDC_LINK_OF_USER, p, 2, count_row, &n) != STORE_OK)
		return -1;
	return n ? 1 : 0;
}

int oidc_unlink(svc *s)
{
	const struct actor *me = svc_actor(s);
	store *db = svc_db(s);
	if (!oidc_enabled(s))
		return SVC_NOT_FOUND;
	if (!me)
		return SVC_UNAUTHENTICATED;
	if (!db)
		return svc_abort(s, "oidc_unlink");
	char uid[24];
	snprintf(uid, sizeof uid, "%" PRId64, me->id);
	store_value p[] = {SV_TEXT(oidc_provider_config(provider(s))->issuer), SV_INT(me->id)};
	if (svc_tx_begin(s) != STORE_OK || store_exec(db, ST_OIDC_LINK_DELETE, p, 2, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "oidc.unlink", "user", uid) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "oidc_unlink");
	return SVC_OK;
}
