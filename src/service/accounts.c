/* accounts — see accounts.h. */
#include "service/accounts.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "service/audit.h"
#include "service/internal.h"
#include "service/paging_read.h"
#include "service/twoperson_rule.h"
#include "support/buf.h"
#include "support/i18n.h"

#define AAD_LINK_SECRET "account_links.totp_secret"

const struct field enrolment_fields[ENROL__FIELDS] = {
	[ENROL_PASSWORD] = {"password", FIELD_LINE, FIELD_REQUIRED, 0, ACCOUNT_PASSWORD_MAX, NULL,
			    FIELD_AT(struct enrolment_input, password)},
	[ENROL_PASSWORD_CONFIRM] = {"password_confirm", FIELD_LINE, 0, 0, ACCOUNT_PASSWORD_MAX, NULL,
				    FIELD_AT(struct enrolment_input, password_confirm)},
	[ENROL_CODE] = {"code", FIELD_LINE, 0, 0, RECOVERY_INPUT_MAX, NULL,
			FIELD_AT(struct enrolment_input, code)},
};

const struct field password_fields[PASSWORD__FIELDS] = {
	[PASSWORD_CURRENT] = {"current", FIELD_LINE, FIELD_REQUIRED, 0, ACCOUNT_PASSWORD_MAX, NULL,
			      FIELD_AT(struct password_input, current)},
	[PASSWORD_NEW] = {"password", FIELD_LINE, FIELD_REQUIRED, 0, ACCOUNT_PASSWORD_MAX, NULL,
			  FIELD_AT(struct password_input, password)},
	[PASSWORD_CONFIRM] = {"password_confirm", FIELD_LINE, 0, 0, ACCOUNT_PASSWORD_MAX, NULL,
			      FIELD_AT(struct password_input, password_confirm)},
};

/* One account as the life cycle reads it. */
static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

/* Audits one entry in a transaction of its own (refusals change nothing
   else).  0 or -1. */
static int audit_alone(svc *s, const char *action, const char *type, const char *id)
{
	if (svc_tx_begin(s) != STORE_OK)
		return -1;
	if (svc_audit(s, action, type, id) != 0 || svc_tx_commit(s) != STORE_OK) {
		svc_tx_rollback(s);
		return -1;
	}
	return 0;
}

/* ---- links ---------------------------------------------------------- */

void accounts_link_url(const char *base, const char *token, char *out, size_t len)
{
	size_t n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	snprintf(out, len, "%.*s/inscription/%s", (int)n, base, token);
}

int accounts_link_issue(svc *s, int64_t id, const char *kind, char token[SEC_TOKEN_LEN + 1])
{
	store *db = svc_db(s);
	int64_t now = (int64_t)time(NULL);
	uint8_t secret[TOTP_SECRET_BYTES];
	char b32[TOTP_SECRET_B32_LEN + 1];
	totp_secret_new(secret);
	totp_secret_base32(secret, b32);
	sodium_memzero(secret, sizeof secret);
	char hash[SEC_HASH_HEX_LEN + 1];
	sec_token_new(token);
	sec_token_hash(token, hash);
	char idt[24];
	id_text(id, idt);
	store_value retire[] = {SV_INT(id), SV_INT(now)};
	store_value p[] = {SV_TEXT(hash),
			   SV_INT(id),
			   SV_TEXT(kind),
			   SV_INT(now),
			   SV_INT(now + ACCOUNT_LINK_TTL),
			   SVC_SEAL_PENDING};
	const char *const columns[] = {AAD_LINK_SECRET}, *const texts[] = {b32};
	int64_t link = 0;
	int rc = store_exec(db, ST_ACCT_LINKS_RETIRE, retire, 2, NULL, NULL) == STORE_OK &&
			 store_exec(db, ST_ACCT_LINK_INSERT, p, 6, svc_row_int, &link) == STORE_OK &&
			 svc_seal_write(s, ST_ACCT_LINK_SEAL, link, 1, columns, texts) == STORE_OK &&
			 svc_audit(s, strcmp(kind, "reset") == 0 ? "account_link.reset_issued"
								: "account_link.enrolment_issued",
				   "user", idt) == 0
		 ? 0
		 : -1;
	sodium_memzero(b32, sizeof b32);
	return rc;
}

struct link {
	int found;
	int64_t id, user_id, expires_at;
	int used;
	char kind[16];
	char secret[TOTP_SECRET_B32_LEN + 1];
	char login[ACCOUNT_LOGIN_MAX + 1];
	enum role role;
	int active;
};

struct link_ctx {
	svc *s;
	struct link *l;
};

static int link_row(void *ctx, const store_row *row)
{
	struct link_ctx *c = ctx;
	struct link *l = c->l;
	l->found = 1;
	l->id = store_row_int(row, ACCT_LINK_COL_ID);
	l->user_id = store_row_int(row, ACCT_LINK_COL_USER_ID);
	l->expires_at = store_row_int(row, ACCT_LINK_COL_EXPIRES_AT);
	l->used = !store_row_is_null(row, ACCT_LINK_COL_USED_AT);
	svc_row_copy(row, ACCT_LINK_COL_KIND, l->kind, sizeof l->kind);
	int64_t row_id = store_row_int(row, ACCT_LINK_COL_ID);
	char *secret = svc_unseal_col_at(c->s, AAD_LINK_SECRET, row_id, row, ACCT_LINK_COL_TOTP_SECRET);
	snprintf(l->secret, sizeof l->secret, "%s", secret ? secret : "");
	if (secret) {
		sodium_memzero(secret, strlen(secret));
		free(secret);
	}
	svc_row_copy(row, ACCT_LINK_COL_LOGIN, l->login, sizeof l->login);
	l->role = role_from_code(store_row_text(row, ACCT_LINK_COL_ROLE));
	l->active = (int)store_row_int(row, ACCT_LINK_COL_ACTIVE);
	return 1;
}

/* The live link of token: SVC_OK, SVC_NOT_FOUND (audited), SVC_ERROR. */
static int link_find(svc *s, const char *token, struct link *l)
{
	memset(l, 0, sizeof *l);
	store *db = svc_db(s);
	if (!db)
		return svc_abort(s, "link_find");
	if (auth_token_well_formed(token)) {
		char hash[SEC_HASH_HEX_LEN + 1];
		sec_token_hash(token, hash);
		struct link_ctx c = {s, l};
		store_value p[] = {SV_TEXT(hash)};
		if (store_exec(db, ST_ACCT_LINK_GET, p, 1, link_row, &c) != STORE_OK)
			return svc_abort(s, "link_find");
	}
	int64_t now = (int64_t)time(NULL);
	if (l->found && !l->used && l->expires_at > now && l->active && l->secret[0])
		return SVC_OK;
	const char *why = !l->found		? "account_link.refused_unknown"
			  : l->used		? "account_link.refused_used"
			  : l->expires_at <= now ? "account_link.refused_expired"
						 : "account_link.refused";
	char idt[24];
	id_text(l->user_id, idt);
	int found = l->found;
	sodium_memzero(l, sizeof *l);
	if (audit_alone(s, why, found ? "user" : NULL, found ? idt : NULL) != 0)
		return svc_abort(s, "link_find");
	return svc_fail(s, SVC_NOT_FOUND, NULL,
			N_("Ce lien n'est pas valable : il a expiré, a déjà servi ou n'existe "
			   "pas. Demandez un nouveau lien à l'administrateur du service."));
}

int accounts_enrolment_get(svc *s, const char *token, struct enrolment_info *out)
{
	memset(out, 0, sizeof *out);
	struct link l;
	int rc = link_find(s, token, &l);
	if (rc != SVC_OK)
		return rc;
	/* The link shows the account's second-factor secret: audited. */
	char idt[24];
	id_text(l.user_id, idt);
	if (audit_alone(s, "account_link.opened", "user", idt) != 0) {
		sodium_memzero(&l, sizeof l);
		return svc_abort(s, "accounts_enrolment_get");
	}
	snprintf(out->login, sizeof out->login, "%s", l.login);
	out->role = l.role;
	out->reset = strcmp(l.kind, "reset") == 0;
	if (accounts_totp_required(s, l.role, &out->totp_required) != SVC_OK) {
		sodium_memzero(&l, sizeof l);
		return SVC_ERROR;
	}
	snprintf(out->secret, sizeof out->secret, "%s", l.secret);
	uint8_t secret[TOTP_SECRET_BYTES];
	if (totp_secret_from_base32(l.secret, secret) == 0) {
		buf u;
		buf_init(&u, 256);
		totp_uri(&u, l.login, secret);
		snprintf(out->uri, sizeof out->uri, "%.*s", (int)u.len, u.data);
		buf_free(&u);
	}
	sodium_memzero(secret, sizeof secret);
	sodium_memzero(&l, sizeof l);
	return SVC_OK;
}

/* Audits a refused enrolment and answers SVC_INVALID for field. */
static int enrol_refuse(svc *s, int64_t user_id, const char *action, const char *field,
			const char *message)
{
	char idt[24];
	id_text(user_id, idt);
	if (audit_alone(s, action, "user", idt) != 0)
		return svc_abort(s, "accounts_enrol");
	return svc_fail(s, SVC_INVALID, field, message);
}

int accounts_enrol(svc *s, const char *token, const char *password, const char *confirm,
		   const char *code, char codes[RECOVERY_COUNT][RECOVERY_CODE_LEN + 1], int *ncodes)
{
	*ncodes = 0;
	struct link l;
	int rc = link_find(s, token, &l);
	if (rc != SVC_OK)
		return rc;
	int64_t user_id = l.user_id;
	struct verr e;
	if (account_check_password(password, &e) != 0) {
		sodium_memzero(&l, sizeof l);
		return enrol_refuse(s, user_id, "account_link.refused_password", "password",
				    e.message);
	}
	if (confirm && strcmp(confirm, password) != 0) {
		sodium_memzero(&l, sizeof l);
		return enrol_refuse(s, user_id, "account_link.refused_password", "password_confirm",
				    N_("Les deux mots de passe ne sont pas identiques."));
	}
	int required = 1;
	if (accounts_totp_required(s, l.role, &required) != SVC_OK) {
		sodium_memzero(&l, sizeof l);
		return SVC_ERROR;
	}
	int64_t now = (int64_t)time(NULL);
	int64_t step = -1;
	int install = required || (code && *code);
	if (install) {
		uint8_t secret[TOTP_SECRET_BYTES];
		totp_result tr = TOTP_WRONG;
		if (totp_secret_from_base32(l.secret, secret) == 0)
			tr = totp_verify(secret, now, code ? code : "", -1, &step);
		sodium_memzero(secret, sizeof secret);
		if (tr != TOTP_OK) {
			sodium_memzero(&l, sizeof l);
			return enrol_refuse(
				s, user_id, "account_link.refused_code", "code",
				N_("Code incorrect : saisissez les six chiffres affichés en ce moment "
				   "par votre application d'authentification."));
		}
	}
	/* The slow hash outside the transaction. */
	char hash[SEC_PASSWORD_HASH_MAX];
	if (sec_password_hash(password, hash) != 0) {
		sodium_memzero(&l, sizeof l);
		return svc_abort(s, "accounts_enrol: password hashing");
	}
	buf sealed;
	buf_init(&sealed, 128);
	if (install)
		svc_seal_at(s, AAD_USER_SECRET, user_id, l.secret, &sealed);
	char hashes[RECOVERY_COUNT][SEC_HASH_HEX_LEN + 1];
	if (install)
		recovery_generate(s->app->recovery_key, codes, hashes);
	store *db = svc_db(s);
	char idt[24];
	id_text(user_id, idt);
	int ok = svc_tx_begin(s) == STORE_OK;
	store_value use[] = {SV_INT(l.id), SV_INT(now)};
	ok = ok && store_exec(db, ST_ACCT_LINK_USE, use, 2, NULL, NULL) == STORE_OK;
	int raced = ok && store_changes(db) != 1;
	store_value cred[] = {SV_INT(user_id), SV_TEXT(hash),
			      install ? svc_sealed_value(&sealed) : SV_NULL,
			      install ? SV_INT(step) : SV_NULL};
	store_value uid[] = {SV_INT(user_id)};
	ok = ok && !raced && store_exec(db, ST_ACCT_SET_CREDENTIALS, cred, 4, NULL, NULL) == STORE_OK &&
	     store_exec(db, ST_ACCT_RECOVERY_DELETE, uid, 1, NULL, NULL) == STORE_OK &&
	     store_exec(db, ST_ACCT_SESSIONS_END_ALL, uid, 1, NULL, NULL) == STORE_OK;
	for (int i = 0; ok && install && i < RECOVERY_COUNT; i++) {
		store_value r[] = {SV_INT(user_id), SV_TEXT(hashes[i])};
		ok = store_exec(db, ST_ACCT_RECOVERY_INSERT, r, 2, NULL, NULL) == STORE_OK;
	}
	ok = ok && svc_audit(s, strcmp(l.kind, "reset") == 0 ? "user.reenrol" : "user.enrol", "user",
			     idt) == 0;
	ok = ok && svc_tx_commit(s) == STORE_OK;
	sodium_memzero(hash, sizeof hash);
	sodium_memzero(&l, sizeof l);
	buf_free(&sealed);
	if (raced) {
		svc_tx_rollback(s);
		if (install)
			sodium_memzero(codes, sizeof(char[RECOVERY_COUNT][RECOVERY_CODE_LEN + 1]));
		if (audit_alone(s, "account_link.refused_used", "user", idt) != 0)
			return svc_abort(s, "accounts_enrol");
		return svc_fail(s, SVC_NOT_FOUND, NULL,
				N_("Ce lien n'est pas valable : il a expiré, a déjà servi ou "
				   "n'existe pas. Demandez un nouveau lien à l'administrateur du "
				   "service."));
	}
	if (!ok)
		return svc_abort(s, "accounts_enrol");
	*ncodes = install ? RECOVERY_COUNT : 0;
	return SVC_OK;
}

/* ---- the administrator's side --------------------------------------- */

static int id_row(void *ctx, const store_row *row)
{
	*(int64_t *)ctx = store_row_int(row, USER_BY_LOGIN_COL_ID);
	return 1;
}

int users_id_by_login(svc *s, const char *login, int64_t *id)
{
	if (!svc_may(s, ACT_USERS_READ))
		return SVC_FORBIDDEN;
	*id = 0;
	store *db = svc_db(s);
	store_value p[] = {SV_TEXT(login)};
	if (!db || store_exec(db, ST_USER_BY_LOGIN, p, 1, id_row, id) != STORE_OK)
		return svc_abort(s, "users_id_by_login");
	return *id ? SVC_OK : svc_fail(s, SVC_NOT_FOUND, "login", N_("Compte inconnu."));
}

/* Opens the transaction of a change to account id: SVC_OK with it open,
   or the answer (nothing open) for a missing account or a failure. */
static int account_change_begin(svc *s, store *db, int64_t id, const char *where)
{
	if (!db || svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, where);
	struct account_rec a;
	if (account_load(s, id, &a) != STORE_OK)
		return svc_abort(s, where);
	int found = a.found;
	account_wipe(&a);
	if (!found) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_NOT_FOUND, NULL, N_("Compte inconnu."));
	}
	return SVC_OK;
}

int users_reset(svc *s, int64_t id, char token[SEC_TOKEN_LEN + 1])
{
	if (!svc_may(s, ACT_USERS_CREATE))
		return SVC_FORBIDDEN;
	/* The two-person rule: a head confirms (twoperson.h). */
	int rule = twoperson_account_change(s, PROPOSAL_ACCOUNT_RESET, id);
	if (rule != SVC_OK)
		return rule;
	store *db = svc_db(s);
	int rc = account_change_begin(s, db, id, "users_reset");
	if (rc != SVC_OK)
		return rc;
	char idt[24];
	id_text(id, idt);
	store_value uid[] = {SV_INT(id)};
	if (store_exec(db, ST_ACCT_RESET, uid, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_ACCT_RECOVERY_DELETE, uid, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_ACCT_SESSIONS_END_ALL, uid, 1, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "user.reset", "user", idt) != 0 ||
	    accounts_link_issue(s, id, "reset", token) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "users_reset");
	return SVC_OK;
}

int users_set_active(svc *s, int64_t id, int active)
{
	if (!svc_may(s, ACT_USERS_CREATE))
		return SVC_FORBIDDEN;
	if (!active && s->signed_in && s->actor.id == id)
		return svc_fail(s, SVC_INVALID, "active",
				N_("Vous ne pouvez pas désactiver votre propre compte."));
	/* The two-person rule: re-enabling needs a head's confirmation (twoperson.h). */
	int rule = active ? twoperson_account_change(s, PROPOSAL_ACCOUNT_ENABLE, id) : SVC_OK;
	if (rule != SVC_OK)
		return rule;
	store *db = svc_db(s);
	int rc = account_change_begin(s, db, id, "users_set_active");
	if (rc != SVC_OK)
		return rc;
	char idt[24];
	id_text(id, idt);
	store_value p[] = {SV_INT(id), SV_INT(active ? 1 : 0)};
	store_value uid[] = {SV_INT(id)};
	if (store_exec(db, ST_ACCT_SET_ACTIVE, p, 2, NULL, NULL) != STORE_OK ||
	    (!active && store_exec(db, ST_ACCT_SESSIONS_END_ALL, uid, 1, NULL, NULL) != STORE_OK) ||
	    svc_audit(s, active ? "user.enable" : "user.disable", "user", idt) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "users_set_active");
	return SVC_OK;
}

struct caseload_ctx {
	user_caseload_fn fn;
	void *ctx;
};

static int caseload_row(void *ctx, const store_row *row)
{
	struct caseload_ctx *c = ctx;
	return c->fn(c->ctx, store_row_int(row, ACCT_CASELOAD_COL_ID),
		     store_row_text(row, ACCT_CASELOAD_COL_OPENED_ON));
}

/* The caseload's cursor: the opening date and id of a case. */
static void caseload_cursor(struct page *pg, const store_row *row)
{
	page_cursor_date_id(pg->next, store_row_text(row, ACCT_CASELOAD_COL_OPENED_ON),
			    store_row_int(row, ACCT_CASELOAD_COL_ID));
}

int users_caseload_page(svc *s, int64_t id, struct page *pg, user_caseload_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_USERS_READ))
		return SVC_FORBIDDEN;
	char after_date[11] = "";
	int64_t after_id = 0;
	if (pg->after[0] && page_cursor_date_id_parse(pg->after, after_date, &after_id) != 0)
		return page_refuse_cursor(s);
	store *db = svc_db(s);
	struct caseload_ctx lc = {fn, ctx};
	struct page_read p = {pg, caseload_cursor, caseload_row, &lc};
	page_read_start(pg);
	store_value c[] = {SV_INT(id)};
	store_value q[] = {SV_INT(id), SV_TEXT(after_date), SV_INT(after_id), SV_INT(pg->limit + 1)};
	if (!db || store_exec(db, ST_ACCT_CASELOAD_COUNT, c, 1, svc_row_int, &pg->total) != STORE_OK ||
	    store_exec(db, ST_ACCT_CASELOAD_PAGE, q, 4, page_read, &p) != STORE_OK)
		return svc_abort(s, "users_caseload_page");
	page_read_done(pg);
	return SVC_OK;
}

int users_caseload(svc *s, int64_t id, user_caseload_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_USERS_READ))
		return SVC_FORBIDDEN;
	store *db = svc_db(s);
	struct caseload_ctx c = {fn, ctx};
	store_value p[] = {SV_INT(id)};
	if (!db || store_exec(db, ST_ACCT_CASELOAD, p, 1, caseload_row, &c) != STORE_OK)
		return svc_abort(s, "users_caseload");
	return SVC_OK;
}

/* ---- the person's own account --------------------------------------- */

/* A new session for the actor in the open transaction (rotation). */
static int session_open(svc *s, int64_t now, struct session_new *out)
{
	store *db = svc_db(s);
	char hash[SEC_HASH_HEX_LEN + 1];
	sec_token_new(out->token);
	sec_token_new(out->csrf);
	sec_token_hash(out->token, hash);
	store_value ins[] = {SV_TEXT(hash), SV_INT(s->actor.id), SV_TEXT(out->csrf), SV_INT(now)};
	store_value meta[] = {SV_TEXT(hash), SV_TEXT(s->user_agent[0] ? s->user_agent : NULL),
			      SV_TEXT(s->client_addr[0] ? s->client_addr : NULL)};
	if (store_exec(db, ST_SESSION_INSERT, ins, 4, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_ACCT_SESSION_META, meta, 3, NULL, NULL) != STORE_OK)
		return -1;
	snprintf(s->session_hash, sizeof s->session_hash, "%s", hash);
	snprintf(s->csrf, sizeof s->csrf, "%s", out->csrf);
	return 0;
}

int account_change_password(svc *s, const char *current, const char *password,
			    const char *confirm, struct session_new *out)
{
	if (!s->signed_in)
		return SVC_UNAUTHENTICATED;
	memset(out, 0, sizeof *out);
	struct account_rec a;
	if (!svc_db(s) || account_load(s, s->actor.id, &a) != STORE_OK || !a.found) {
		account_wipe(&a);
		return svc_abort(s, "account_change_password");
	}
	int current_ok = current && strlen(current) <= ACCOUNT_PASSWORD_MAX && a.hash[0] &&
			 sec_password_verify(a.hash, current);
	account_wipe(&a);
	char idt[24];
	id_text(s->actor.id, idt);
	if (!current_ok) {
		if (audit_alone(s, "user.password_change_refused", "user", idt) != 0)
			return svc_abort(s, "account_change_password");
		return svc_fail(s, SVC_INVALID, "current",
				N_("Le mot de passe actuel n'est pas le bon."));
	}
	struct verr e;
	if (account_check_password(password, &e) != 0)
		return svc_fail(s, SVC_INVALID, "password", e.message);
	if (confirm && strcmp(confirm, password) != 0)
		return svc_fail(s, SVC_INVALID, "password_confirm",
				N_("Les deux mots de passe ne sont pas identiques."));
	char hash[SEC_PASSWORD_HASH_MAX];
	if (sec_password_hash(password, hash) != 0)
		return svc_abort(s, "account_change_password: hashing");
	store *db = svc_db(s);
	int64_t now = (int64_t)time(NULL);
	store_value pw[] = {SV_INT(s->actor.id), SV_TEXT(hash)};
	store_value uid[] = {SV_INT(s->actor.id)};
	int ok = svc_tx_begin(s) == STORE_OK &&
		 store_exec(db, ST_ACCT_SET_PASSWORD, pw, 2, NULL, NULL) == STORE_OK &&
		 store_exec(db, ST_ACCT_SESSIONS_END_ALL, uid, 1, NULL, NULL) == STORE_OK &&
		 session_open(s, now, out) == 0 &&
		 svc_audit(s, "user.password_change", "user", idt) == 0 &&
		 svc_tx_commit(s) == STORE_OK;
	sodium_memzero(hash, sizeof hash);
	if (!ok)
		return svc_abort(s, "account_change_password");
	return SVC_OK;
}

struct sessions_ctx {
	session_fn fn;
	void *ctx;
	const char *current;
};

static int sessions_row(void *ctx, const store_row *row)
{
	struct sessions_ctx *c = ctx;
	const char *hash = store_row_text(row, ACCT_SESSION_COL_HASH);
	struct session_info si = {
		.id = hash,
		.created_at = store_row_int(row, ACCT_SESSION_COL_CREATED_AT),
		.last_seen_at = store_row_int(row, ACCT_SESSION_COL_LAST_SEEN_AT),
		.user_agent = store_row_text(row, ACCT_SESSION_COL_USER_AGENT),
		.client_addr = store_row_text(row, ACCT_SESSION_COL_CLIENT_ADDR),
		.current = hash && strcmp(hash, c->current) == 0,
	};
	return c->fn(c->ctx, &si);
}

int account_sessions(svc *s, session_fn fn, void *ctx)
{
	if (!s->signed_in)
		return SVC_UNAUTHENTICATED;
	store *db = svc_db(s);
	struct sessions_ctx c = {fn, ctx, s->session_hash};
	store_value p[] = {SV_INT(s->actor.id)};
	if (!db || store_exec(db, ST_ACCT_SESSIONS_OF_USER, p, 1, sessions_row, &c) != STORE_OK)
		return svc_abort(s, "account_sessions");
	return SVC_OK;
}

int account_session_end(svc *s, const char *id)
{
	if (!s->signed_in)
		return SVC_UNAUTHENTICATED;
	store *db = svc_db(s);
	char idt[24];
	id_text(s->actor.id, idt);
	store_value p[] = {SV_INT(s->actor.id), SV_TEXT(id ? id : "")};
	if (!db || svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_ACCT_SESSION_END, p, 2, NULL, NULL) != STORE_OK)
		return svc_abort(s, "account_session_end");
	if (store_changes(db) != 1) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_NOT_FOUND, NULL, N_("Cette session n'existe plus."));
	}
	if (svc_audit(s, "session.end", "user", idt) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "account_session_end");
	if (id && strcmp(id, s->session_hash) == 0) {
		s->session_hash[0] = '\0';
		s->csrf[0] = '\0';
		s->signed_in = 0;
	}
	return SVC_OK;
}

int account_sessions_end_all(svc *s)
{
	if (!s->signed_in)
		return SVC_UNAUTHENTICATED;
	store *db = svc_db(s);
	char idt[24];
	id_text(s->actor.id, idt);
	store_value p[] = {SV_INT(s->actor.id)};
	if (!db || svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_ACCT_SESSIONS_END_ALL, p, 1, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "session.end_all", "user", idt) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "account_sessions_end_all");
	s->session_hash[0] = '\0';
	s->csrf[0] = '\0';
	s->signed_in = 0;
	return SVC_OK;
}
