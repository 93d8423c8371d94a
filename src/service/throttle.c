/* throttle (service) — see throttle.h. */
#include "service/throttle.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/throttle.h"
#include "service/internal.h"
#include "support/hashgate.h"
#include "support/log.h"

void auth_set_device(svc *s, const char *token)
{
	s->device_in[0] = '\0';
	if (token && strlen(token) == SEC_TOKEN_LEN)
		snprintf(s->device_in, sizeof s->device_in, "%s", token);
}

const char *auth_device_issued(const svc *s)
{
	return s->device_new;
}

int64_t auth_retry_after(const svc *s)
{
	return s->retry_after;
}

void throttle_gate_size(unsigned threads, unsigned cores_limit, unsigned *limit,
			unsigned *queue)
{
	if (threads < 1)
		threads = 1;
	unsigned l = cores_limit;
	if (threads > 1 && l > threads - 1)
		l = threads - 1;
	if (l < 1)
		l = 1;
	*limit = l;
	/* Waiting threads are server threads too: one always stays for the pages. */
	*queue = threads > l + 1 ? threads - l - 1 : 0;
}

int throttle_gate_open(app *a, char *err, size_t errlen)
{
	unsigned limit, queue;
	throttle_gate_size(a->cfg.connections > 1 ? (unsigned)a->cfg.connections : 1,
			   hashgate_default_limit(), &limit, &queue);
	a->gate = hashgate_new(limit, queue);
	if (!a->gate) {
		snprintf(err, errlen, "out of memory (hashing gate)");
		return -1;
	}
	return 0;
}

void throttle_gate_close(app *a)
{
	hashgate_free(a->gate);
	a->gate = NULL;
}

static int counter_row(void *ctx, const store_row *row)
{
	throttle_counter *c = ctx;
	int64_t f = store_row_int(row, THROTTLE_COL_FAILURES);
	c->failures = f < 0 ? 0 : f > (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)f;
	c->last_failure = store_row_int(row, THROTTLE_COL_LAST_FAILURE);
	return 1;
}

struct device_login {
	char login[128];
};

static int device_row(void *ctx, const store_row *row)
{
	struct device_login *d = ctx;
	svc_row_copy(row, SCALAR_COL_VALUE, d->login, sizeof d->login);
	return 1;
}

int throttle_admit(svc *s, const char *login, int64_t now, struct throttle_attempt *t)
{
	memset(t, 0, sizeof *t);
	s->retry_after = 0;
	store *db = svc_db(s);
	if (!db)
		return svc_abort(s, "throttle_admit");
	/* Keyed: a login typed in the wrong field may be a password. */
	char keyed[8 + 4 * 64 + 8];
	int n = snprintf(keyed, sizeof keyed, "throttle:%s", login ? login : "");
	if (n < 0 || (size_t)n >= sizeof keyed)
		n = (int)sizeof keyed - 1;
	sec_mac_hex(s->app->text_key, keyed, (size_t)n, t->login_key);

	throttle_counter per_login = {0, 0}, per_addr = {0, 0};
	store_value lp[] = {SV_TEXT(t->login_key), SV_TEXT(s->client_addr)};
	store_value ap[] = {SV_TEXT(s->client_addr)};
	if (store_exec(db, ST_THROTTLE_LOGIN_GET, lp, 2, counter_row, &per_login) != STORE_OK ||
	    store_exec(db, ST_THROTTLE_ADDR_GET, ap, 1, counter_row, &per_addr) != STORE_OK)
		return svc_abort(s, "throttle_admit");
	if (s->device_in[0] && login) {
		char hash[SEC_HASH_HEX_LEN + 1];
		sec_token_hash(s->device_in, hash);
		struct device_login d = {""};
		store_value dp[] = {SV_TEXT(hash), SV_INT(now - THROTTLE_DEVICE_MAX_AGE)};
		if (store_exec(db, ST_DEVICE_LOGIN, dp, 2, device_row, &d) != STORE_OK)
			return svc_abort(s, "throttle_admit");
		t->device_trusted = d.login[0] && strcmp(d.login, login) == 0;
	}
	int64_t wait = throttle_retry_after(
		throttle_next_attempt(&per_login, &per_addr, t->device_trusted), now);
	if (wait <= 0)
		return SVC_OK;
	/* Answered now: the account is not even looked at. */
	if (svc_tx_begin(s) != STORE_OK || svc_audit(s, "session.throttled", NULL, NULL) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "throttle_admit");
	s->retry_after = wait;
	return SVC_LOCKED;
}

int throttle_hash_enter(svc *s)
{
	if (!s->app->gate || hashgate_enter(s->app->gate))
		return SVC_OK;
	s->retry_after = THROTTLE_BUSY_RETRY;
	return SVC_BUSY;
}

void throttle_hash_leave(svc *s)
{
	if (s->app->gate)
		hashgate_leave(s->app->gate);
}

int throttle_record(svc *s, const struct throttle_attempt *t, int ok, int64_t user_id,
		    int64_t now)
{
	store *db = svc_db(s);
	if (!db)
		return -1;
	/* The delay runs from the answer, not from the start of a hash that
	   may have waited for its turn. */
	int64_t after = (int64_t)time(NULL);
	if (after > now)
		now = after;
	store_value lp[] = {SV_TEXT(t->login_key), SV_TEXT(s->client_addr), SV_INT(now),
			    SV_INT(THROTTLE_LOGIN.forget_after)};
	if (!ok) {
		store_value ap[] = {SV_TEXT(s->client_addr), SV_INT(now),
				    SV_INT(THROTTLE_ADDRESS.forget_after)};
		if (store_exec(db, ST_THROTTLE_LOGIN_FAIL, lp, 4, NULL, NULL) != STORE_OK ||
		    store_exec(db, ST_THROTTLE_ADDR_FAIL, ap, 3, NULL, NULL) != STORE_OK)
			return -1;
		return 0;
	}
	/* The session the client held before ends: a new id at each sign-in. */
	if (s->session_hash[0]) {
		store_value old[] = {SV_TEXT(s->session_hash)};
		if (store_exec(db, ST_SESSION_DELETE, old, 1, NULL, NULL) != STORE_OK)
			return -1;
		s->session_hash[0] = '\0';
	}
	char token[SEC_TOKEN_LEN + 1], hash[SEC_HASH_HEX_LEN + 1];
	sec_token_new(token);
	sec_token_hash(token, hash);
	store_value dev[] = {SV_TEXT(hash), SV_INT(user_id), SV_INT(now)};
	store_value purge[] = {SV_INT(now - THROTTLE_DEVICE_MAX_AGE)};
	if (store_exec(db, ST_THROTTLE_LOGIN_CLEAR, lp, 2, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_DEVICE_PURGE, purge, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_DEVICE_INSERT, dev, 3, NULL, NULL) != STORE_OK)
		return -1;
	snprintf(s->device_new, sizeof s->device_new, "%s", token);
	return 0;
}
