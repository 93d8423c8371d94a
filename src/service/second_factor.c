/* second_factor — see second_factor.h. */
#include "service/second_factor.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "service/audit.h"
#include "service/internal.h"
#include "support/recovery.h"
#include "support/totp.h"

const struct field employer_totp_fields[EMPLOYER_TOTP__FIELDS] = {
	[EMPLOYER_TOTP_REQUIRED] = {"required", FIELD_BOOL, 0, 0, 0, NULL,
				    FIELD_AT(struct employer_totp_input, required)},
};

struct acct_ctx {
	svc *s;
	struct account_rec *a;
};

static int acct_row(void *ctx, const store_row *row)
{
	struct acct_ctx *c = ctx;
	struct account_rec *a = c->a;
	a->found = 1;
	a->id = store_row_int(row, ACCT_USER_COL_ID);
	svc_row_copy(row, ACCT_USER_COL_LOGIN, a->login, sizeof a->login);
	a->role = role_from_code(store_row_text(row, ACCT_USER_COL_ROLE));
	svc_row_copy(row, ACCT_USER_COL_PASSWORD_HASH, a->hash, sizeof a->hash);
	a->active = (int)store_row_int(row, ACCT_USER_COL_ACTIVE);
	int64_t row_id = store_row_int(row, ACCT_USER_COL_ID);
	char *secret = svc_unseal_col_at(c->s, AAD_USER_SECRET, row_id, row, ACCT_USER_COL_TOTP_SECRET);
	snprintf(a->secret, sizeof a->secret, "%s", secret ? secret : "");
	if (secret) {
		sodium_memzero(secret, strlen(secret));
		free(secret);
	}
	a->last_step = store_row_is_null(row, ACCT_USER_COL_TOTP_LAST_STEP)
			       ? -1
			       : store_row_int(row, ACCT_USER_COL_TOTP_LAST_STEP);
	a->was_reset = (int)store_row_int(row, ACCT_USER_COL_WAS_RESET);
	return 1;
}

int account_load(svc *s, int64_t id, struct account_rec *a)
{
	memset(a, 0, sizeof *a);
	struct acct_ctx c = {s, a};
	store_value p[] = {SV_INT(id)};
	return store_exec(svc_db(s), ST_ACCT_USER_GET, p, 1, acct_row, &c);
}

void account_wipe(struct account_rec *a)
{
	sodium_memzero(a, sizeof *a);
}

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

void svc_set_user_agent(svc *s, const char *user_agent)
{
	snprintf(s->user_agent, sizeof s->user_agent, "%s", user_agent ? user_agent : "");
}

static int text_row(void *ctx, const store_row *row)
{
	svc_row_copy(row, SCALAR_COL_VALUE, ctx, 16);
	return 1;
}

int accounts_employer_totp(svc *s, int *required)
{
	char value[16] = "";
	*required = 0;
	store *db = svc_db(s);
	store_value p[] = {SV_TEXT(ACCOUNT_EMPLOYER_TOTP_SETTING)};
	if (!db || store_exec(db, ST_SETTING_GET, p, 1, text_row, value) != STORE_OK)
		return svc_abort(s, "accounts_employer_totp");
	*required = strcmp(value, "1") == 0;
	return SVC_OK;
}

int accounts_set_employer_totp(svc *s, int required)
{
	if (!svc_may(s, ACT_USERS_CREATE))
		return SVC_FORBIDDEN;
	store *db = svc_db(s);
	store_value p[] = {SV_TEXT(ACCOUNT_EMPLOYER_TOTP_SETTING), SV_TEXT(required ? "1" : "0")};
	if (!db || svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_SETTING_PUT, p, 2, NULL, NULL) != STORE_OK ||
	    svc_audit(s, required ? "setting.employer_totp_on" : "setting.employer_totp_off",
		      "setting", ACCOUNT_EMPLOYER_TOTP_SETTING) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "accounts_set_employer_totp");
	return SVC_OK;
}

int accounts_totp_required(svc *s, enum role role, int *required)
{
	if (role != ROLE_EMPLOYER) {
		*required = 1;
		return SVC_OK;
	}
	return accounts_employer_totp(s, required);
}

/* ---- sign-in ------------------------------------------------------- */

struct recovery_set {
	int n;
	int64_t ids[RECOVERY_COUNT * 2];
	char hashes[RECOVERY_COUNT * 2][SEC_HASH_HEX_LEN + 1];
};

static int recovery_row(void *ctx, const store_row *row)
{
	struct recovery_set *r = ctx;
	if (r->n >= (int)(sizeof r->ids / sizeof r->ids[0]))
		return 1;
	r->ids[r->n] = store_row_int(row, ACCT_RECOVERY_COL_ID);
	svc_row_copy(row, ACCT_RECOVERY_COL_HASH, r->hashes[r->n], sizeof r->hashes[r->n]);
	r->n++;
	return 0;
}

int accounts_second_factor(svc *s, int64_t user_id, const char *code, int64_t now)
{
	store *db = svc_db(s);
	struct account_rec a;
	if (account_load(s, user_id, &a) != STORE_OK || !a.found) {
		account_wipe(&a);
		return -1;
	}
	char id[24];
	id_text(user_id, id);
	int required = 0;
	if (accounts_totp_required(s, a.role, &required) != SVC_OK) {
		account_wipe(&a);
		return -1;
	}
	if (!a.secret[0]) {
		/* No factor installed: allowed only where none is required. */
		account_wipe(&a);
		if (!required)
			return 0;
		return svc_audit(s, "session.second_factor_missing", "user", id) != 0 ? -1 : 1;
	}
	uint8_t secret[TOTP_SECRET_BYTES];
	int bad_secret = totp_secret_from_base32(a.secret, secret) != 0;
	int64_t last = a.last_step;
	account_wipe(&a);
	if (bad_secret)
		return svc_audit(s, "session.second_factor_failed", "user", id) != 0 ? -1 : 1;
	int64_t step = -1;
	totp_result tr = totp_verify(secret, now, code ? code : "", last, &step);
	sodium_memzero(secret, sizeof secret);
	if (tr == TOTP_OK) {
		store_value p[] = {SV_INT(user_id), SV_INT(step)};
		return store_exec(db, ST_ACCT_SET_STEP, p, 2, NULL, NULL) == STORE_OK ? 0 : -1;
	}
	if (tr == TOTP_REUSED)
		return svc_audit(s, "session.totp_reused", "user", id) != 0 ? -1 : 1;
	if (tr == TOTP_MALFORMED && code && *code) {
		/* Not six digits: perhaps a recovery code. */
		struct recovery_set r;
		memset(&r, 0, sizeof r);
		store_value p[] = {SV_INT(user_id)};
		if (store_exec(db, ST_ACCT_RECOVERY_LIST, p, 1, recovery_row, &r) != STORE_OK)
			return -1;
		const char *list[RECOVERY_COUNT * 2];
		for (int i = 0; i < r.n; i++)
			list[i] = r.hashes[i];
		int k = recovery_match(s->app->recovery_key, code, list, (size_t)r.n);
		if (k >= 0) {
			store_value u[] = {SV_INT(r.ids[k]), SV_INT(now)};
			if (store_exec(db, ST_ACCT_RECOVERY_USE, u, 2, NULL, NULL) != STORE_OK ||
			    store_changes(db) != 1)
				return -1;
			return svc_audit(s, "session.recovery_code_used", "user", id) != 0 ? -1 : 0;
		}
	}
	return svc_audit(s, "session.second_factor_failed", "user", id) != 0 ? -1 : 1;
}

int accounts_after_login(svc *s, int64_t user_id, const char *token_hash, int64_t now,
			 int *was_reset)
{
	store *db = svc_db(s);
	struct account_rec a;
	if (account_load(s, user_id, &a) != STORE_OK)
		return -1;
	if (was_reset)
		*was_reset = a.was_reset;
	account_wipe(&a);
	store_value meta[] = {SV_TEXT(token_hash), SV_TEXT(s->user_agent[0] ? s->user_agent : NULL),
			      SV_TEXT(s->client_addr[0] ? s->client_addr : NULL)};
	store_value last[] = {SV_INT(user_id), SV_INT(now)};
	/* Rotation: the session the client came with (if any) ends here. */
	store_value old[] = {SV_TEXT(s->session_hash)};
	if (s->session_hash[0] && store_exec(db, ST_SESSION_DELETE, old, 1, NULL, NULL) != STORE_OK)
		return -1;
	if (store_exec(db, ST_ACCT_SESSION_META, meta, 3, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_ACCT_AFTER_LOGIN, last, 2, NULL, NULL) != STORE_OK)
		return -1;
	return 0;
}
