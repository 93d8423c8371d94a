/* svc — see svc.h. */
#include "service/internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "domain/account.h"
#include "domain/date.h"
#include "domain/audit_chain.h"
#include "domain/audit_labels.h"
#include "support/box.h"
#include "support/log.h"
#include "support/text.h"

svc *svc_open(app *a, const char *client_addr)
{
	svc *s = calloc(1, sizeof *s);
	if (!s)
		log_fatal("out of memory");
	s->app = a;
	if (client_addr)
		snprintf(s->client_addr, sizeof s->client_addr, "%s", client_addr);
	return s;
}

svc *svc_open_system(app *a)
{
	svc *s = svc_open(a, NULL);
	s->system = 1;
	return s;
}

/* Appends an entry for each tampered value read since the last commit,
   inside the open transaction; 0 or -1. */
static int tampered_flush(svc *s)
{
	/* A page's are written by its end (svc_page_end's commit), or on
	   their own when it fails (tampered_settle). */
	if (s->page)
		return 0;
	for (int i = 0; i < s->tampered_pending; i++)
		if (svc_audit(s, "sealed.tampered", "sealed", s->tampered_aad[i]) != 0)
			return -1;
	s->tampered_pending = 0;
	return 0;
}

/* The same in a transaction of its own, when the call ends without
   having committed since (its transaction rolled back, or none). */
static void tampered_settle(svc *s)
{
	if (!s->tampered_pending || s->batch || !s->app->pool)
		return;
	if (svc_tx_begin(s) != STORE_OK || tampered_flush(s) != 0 || svc_tx_commit(s) != STORE_OK) {
		log_error("cannot log %d tampered value(s) read", s->tampered_pending);
		svc_tx_rollback(s);
		s->tampered_pending = 0;
	}
}

static void page_entries_clear(svc *s);

void svc_close(svc *s)
{
	if (!s)
		return;
	tampered_settle(s);
	page_entries_clear(s);
	if (s->db)
		store_pool_release(s->app->pool, s->db);
	free(s);
}

void svc_release_db(svc *s)
{
	if (s)
		tampered_settle(s);
	if (s && s->db) {
		store_pool_release(s->app->pool, s->db);
		s->db = NULL;
	}
}

void svc_unwind(svc *s)
{
	if (!s)
		return;
	if (s->db) {
		store_unwind(s->db);
		if (store_rollback(s->db) != STORE_OK)
			log_error("cannot roll back a request given up: %s", store_errmsg(s->db));
	}
	/* Nothing of the unwound call is committed: its state goes with it. */
	s->batch = s->batch_failed = 0;
	s->page = 0;
	page_entries_clear(s);
	s->anchor_seq = 0;
	s->confirmed_action = 0;
	/* tampered_pending stays: the values read that did not open are
	   logged in a transaction of their own (tampered_settle). */
}

store *svc_db(svc *s)
{
	if (!s->db)
		s->db = store_pool_acquire(s->app->pool);
	return s->db;
}

const struct actor *svc_actor(const svc *s)
{
	return s->signed_in ? &s->actor : NULL;
}

const struct verr *svc_error(const svc *s)
{
	return &s->err;
}

void svc_error_clear(svc *s)
{
	memset(&s->err, 0, sizeof s->err);
}

app *svc_app(const svc *s)
{
	return s->app;
}

int svc_fail(svc *s, int rc, const char *field, const char *message)
{
	s->err.field = field;
	s->err.message = message;
	return rc;
}

int svc_may(const svc *s, enum action a)
{
	if (s->system || (s->confirmed_action && a == s->confirmed_action))
		return 1;
	return policy_allows(s->signed_in ? s->actor.role : ROLE_NONE, a);
}

int svc_row_int(void *ctx, const store_row *row)
{
	*(int64_t *)ctx = store_row_int(row, SCALAR_COL_VALUE);
	return 1;
}

void svc_seal(svc *s, const char *aad, const char *text, buf *b)
{
	buf_reset(b);
	if (!text || !*text)
		return;
	size_t n = strlen(text);
	unsigned char *out = malloc(n + BOX_OVERHEAD);
	if (!out)
		log_fatal("out of memory");
	box_seal(s->app->text_key, aad, text, n, out);
	buf_add(b, out, n + BOX_OVERHEAD);
	free(out);
}

store_value svc_sealed_value(const buf *b)
{
	return b->len ? SV_BLOB(b->data, b->len) : SV_NULL;
}

const char *svc_aad(char out[SVC_AAD_LEN], const char *column, int64_t row)
{
	snprintf(out, SVC_AAD_LEN, "%s#%" PRId64, column, row);
	return out;
}

void svc_seal_at(svc *s, const char *column, int64_t row, const char *text, buf *b)
{
	char aad[SVC_AAD_LEN];
	svc_seal(s, svc_aad(aad, column, row), text, b);
}

void svc_seal_keyed(svc *s, const char *column, const char *key, const char *text, buf *b)
{
	char aad[SVC_AAD_LEN];
	snprintf(aad, sizeof aad, "%s#%s", column, key);
	svc_seal(s, aad, text, b);
}

/* Remembers a tampered value for the access log (svc_tx_commit). */
static void tampered_note(svc *s, const char *aad)
{
	s->tampered++;
	if (s->tampered_pending < SVC_TAMPERED_PENDING)
		snprintf(s->tampered_aad[s->tampered_pending++], SVC_AAD_LEN, "%s", aad);
	log_error("tampering: the sealed %s does not open (moved from another row, altered, or "
		  "sealed under another key)",
		  aad);
}

char *svc_unseal_keyed(svc *s, const char *column, const char *key, const void *data, size_t n)
{
	if (!data || n == 0)
		return NULL;
	char aad[SVC_AAD_LEN];
	snprintf(aad, sizeof aad, "%s#%s", column, key);
	char *out = calloc(1, n + 1);
	if (!out)
		log_fatal("out of memory");
	if (n > BOX_OVERHEAD && box_open(s->app->text_key, aad, data, n, out) == 0)
		return out;
	free(out);
	tampered_note(s, aad);
	out = strdup(SVC_TAMPERED_TEXT);
	if (!out)
		log_fatal("out of memory");
	return out;
}

char *svc_unseal_at(svc *s, const char *column, int64_t row, const void *data, size_t n)
{
	char key[24];
	snprintf(key, sizeof key, "%" PRId64, row);
	return svc_unseal_keyed(s, column, key, data, n);
}

int svc_seal_write(svc *s, enum stmt st, int64_t id, int n, const char *const columns[],
		   const char *const texts[])
{
	store_value p[1 + SVC_SEAL_WRITE_MAX];
	buf b[SVC_SEAL_WRITE_MAX];
	if (n < 1 || n > SVC_SEAL_WRITE_MAX)
		return STORE_ERROR;
	p[0] = SV_INT(id);
	for (int i = 0; i < n; i++) {
		buf_init(&b[i], 0);
		svc_seal_at(s, columns[i], id, texts[i], &b[i]);
		p[1 + i] = svc_sealed_value(&b[i]);
	}
	int rc = store_exec(svc_db(s), st, p, 1 + n, NULL, NULL);
	for (int i = 0; i < n; i++)
		buf_free(&b[i]);
	return rc;
}

int svc_is_tampered(const char *text)
{
	return text && strcmp(text, SVC_TAMPERED_TEXT) == 0;
}

char *svc_unseal_col_at(svc *s, const char *column, int64_t rowid, const store_row *row, int col)
{
	size_t n = 0;
	const void *d = store_row_blob(row, col, &n);
	return svc_unseal_at(s, column, rowid, d, n);
}

int svc_abort(svc *s, const char *what)
{
	if (s->db)
		log_error("%s: %s", what, store_errmsg(s->db));
	else
		log_error("%s: no database connection", what);
	svc_tx_rollback(s);
	return SVC_ERROR;
}

/* The access hold (statements.h) of an access check; ST__COUNT for a
   check that has none, which svc_may_open refuses. */
static enum stmt hold_of(enum stmt check)
{
	switch (check) {
	case ST_PERSON_ACCESS:
		return ST_HOLD_PERSON;
	case ST_CASE_ACCESS:
		return ST_HOLD_CASE;
	case ST_AID_ACCESS:
		return ST_HOLD_AID;
	case ST_ATT_ACCESS:
		return ST_HOLD_ATT;
	case ST_LETTER_ACCESS:
		return ST_HOLD_LETTER;
	default:
		return ST__COUNT;
	}
}

int svc_may_open(svc *s, enum stmt check, int64_t id)
{
	if (s->system)
		return 1;
	if (!s->signed_in || s->actor.role != ROLE_WORKER)
		return 0;
	if (s->page && check == s->page_check && id == s->page_id)
		return 1; /* the page checked it (svc_page_begin) */
	/* The record's person held until the transaction ends, before the
	   check reads who may open it (store_hold): a revocation waits for
	   what the check allows, or is seen by it. */
	enum stmt hold = hold_of(check);
	if (hold == ST__COUNT || store_hold(svc_db(s), hold, id) != STORE_OK)
		return -1;
	char today[DATE_LEN + 1];
	date_today(today);
	int64_t n = 0;
	store_value p[] = {SV_INT(id), SV_INT(s->actor.id), SV_TEXT(today)};
	if (store_exec(svc_db(s), check, p, 3, svc_row_int, &n) != STORE_OK)
		return -1;
	return n > 0;
}

int svc_refuse_in_tx(svc *s, const char *action, const char *object_type, int64_t id)
{
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	if (svc_audit(s, action, object_type, object) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, action);
	return SVC_NOT_FOUND;
}

int svc_refuse(svc *s, const char *action, const char *object_type, int64_t id)
{
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, action);
	return svc_refuse_in_tx(s, action, object_type, id);
}

int svc_gate_begin(svc *s, enum stmt check, const char *type, int64_t id, const char *denied)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, denied);
	int may = svc_may_open(s, check, id);
	if (may < 0)
		return svc_abort(s, denied);
	return may ? SVC_OK : svc_refuse_in_tx(s, denied, type, id);
}

int svc_tx_begin(svc *s)
{
	store *db = svc_db(s);
	if (!db)
		return STORE_ERROR;
	if (s->reading) {
		log_error("a write inside a page of reads only (svc_read_begin): refused");
		return STORE_ERROR;
	}
	return s->batch ? STORE_OK : store_begin(db);
}

int svc_read_begin(svc *s)
{
	if (s->page || s->batch || s->reading) {
		log_error("svc_read_begin: inside a page, a batch or another read: refused");
		return SVC_ERROR; /* what is open stays open */
	}
	store *db = svc_db(s);
	if (!db || store_snapshot_begin(db) != STORE_OK)
		return svc_abort(s, "svc_read_begin");
	s->reading = 1;
	return SVC_OK;
}

int svc_read_end(svc *s)
{
	if (!s->reading)
		return SVC_OK;
	s->reading = 0;
	if (store_snapshot_end(svc_db(s)) != STORE_OK)
		return svc_abort(s, "svc_read_end");
	return SVC_OK;
}

/* After a commit: the head it appended goes to the anchor (one line a
   committed transaction or batch).  The data is committed whatever
   happens here: a failed anchor write is logged, not reported. */
static void anchor_committed(svc *s)
{
	if (!s->anchor_seq)
		return;
	anchor_append(s->app->anchor, s->app->anchor_key, AUDIT_ANCHOR_HEAD, s->anchor_seq,
		      s->anchor_hash);
	s->anchor_seq = 0;
}

/* Commits, the head the transaction appended (if any) to the anchor: by
   the group commit's hook for the whole batch (app.c), else here. */
static int commit_anchored(svc *s)
{
	int handed;
	int rc = store_commit_mark(svc_db(s), s->anchor_seq, s->anchor_hash, &handed);
	if (rc == STORE_OK && !handed)
		anchor_committed(s);
	s->anchor_seq = 0;
	return rc;
}

int svc_tx_commit(svc *s)
{
	/* The tampered values the transaction read go to the access log with it. */
	if (s->tampered_pending && tampered_flush(s) != 0)
		return STORE_ERROR;
	if (s->batch)
		return s->batch_failed ? STORE_ERROR : STORE_OK;
	return commit_anchored(s);
}

void svc_tx_rollback(svc *s)
{
	if (s->reading)
		return; /* no transaction was begun (svc_tx_begin refuses); the
			   snapshot ends with svc_read_end */
	if (s->batch)
		s->batch_failed = 1;
	else if (s->db)
		store_rollback(s->db);
	if (!s->batch)
		s->anchor_seq = 0;
}

void svc_tx_refused(svc *s)
{
	if (!s->batch)
		svc_tx_rollback(s);
}

int svc_batch_begin(svc *s)
{
	if (s->batch || svc_tx_begin(s) != STORE_OK)
		return SVC_ERROR;
	s->batch = 1;
	s->batch_failed = 0;
	return SVC_OK;
}

/* Forgets the entries a page kept. */
static void page_entries_clear(svc *s)
{
	for (size_t i = 0; i < s->page_nentries; i++) {
		free(s->page_entries[i].action);
		free(s->page_entries[i].object_type);
		free(s->page_entries[i].object_id);
	}
	free(s->page_entries);
	s->page_entries = NULL;
	s->page_nentries = s->page_capentries = 0;
}

static char *dup_or_null(const char *t)
{
	if (!t)
		return NULL;
	char *d = strdup(t);
	if (!d)
		log_fatal("out of memory");
	return d;
}

/* Keeps an entry for the page's end. */
static void page_entry_keep(svc *s, const char *action, const char *object_type,
			    const char *object_id)
{
	if (s->page_nentries == s->page_capentries) {
		s->page_capentries = s->page_capentries ? 2 * s->page_capentries : 8;
		s->page_entries =
			realloc(s->page_entries, s->page_capentries * sizeof *s->page_entries);
		if (!s->page_entries)
			log_fatal("out of memory");
	}
	struct svc_entry *e = &s->page_entries[s->page_nentries++];
	e->action = dup_or_null(action);
	e->object_type = dup_or_null(object_type);
	e->object_id = dup_or_null(object_id);
}

int svc_snapshot_gate(svc *s, enum stmt check, const char *type, int64_t id, const char *denied,
		      const char *what)
{
	store *db = svc_db(s);
	if (!db || store_snapshot_begin(db) != STORE_OK)
		return svc_abort(s, what);
	if (check == ST__COUNT)
		return SVC_OK;
	int may = svc_may_open(s, check, id);
	if (may < 0)
		return svc_abort(s, denied);
	if (!may) {
		/* The refusal is written: the snapshot ends first. */
		if (store_snapshot_end(db) != STORE_OK)
			return svc_abort(s, denied);
		return svc_refuse(s, denied, type, id);
	}
	return SVC_OK;
}

int svc_page_begin(svc *s, enum stmt check, const char *type, int64_t id, const char *denied,
		   const char *operation)
{
	if (s->page || s->batch)
		return svc_abort(s, "svc_page_begin: nested");
	int rc = svc_snapshot_gate(s, check, type, id, denied, operation);
	if (rc != SVC_OK)
		return rc;
	/* Inside the page, a use case's transaction is the page's (begin and
	   commit do nothing, a rollback fails the page): a batch. */
	s->batch = 1;
	s->batch_failed = 0;
	s->page = 1;
	s->page_check = check;
	s->page_id = id;
	snprintf(s->page_type, sizeof s->page_type, "%s", type ? type : "");
	if (type)
		snprintf(s->page_object, sizeof s->page_object, "%" PRId64, id);
	else
		s->page_object[0] = '\0';
	snprintf(s->page_operation, sizeof s->page_operation, "%s", operation);
	return SVC_OK;
}

int svc_page_end(svc *s, int rc)
{
	if (!s->page)
		return rc == SVC_OK ? svc_abort(s, "svc_page_end: no page") : rc;
	s->page = 0;
	s->batch = 0;
	int failed = s->batch_failed;
	s->batch_failed = 0;
	store *db = svc_db(s);
	if (store_snapshot_end(db) != STORE_OK || failed) {
		page_entries_clear(s);
		return rc == SVC_OK ? svc_abort(s, s->page_operation) : rc;
	}
	if (rc != SVC_OK) {
		page_entries_clear(s);
		return rc;
	}
	/* What was read is shown once its entries are durable. */
	int ok = svc_tx_begin(s) == STORE_OK &&
		 svc_audit(s, s->page_operation, s->page_type[0] ? s->page_type : NULL,
			   s->page_type[0] ? s->page_object : NULL) == 0;
	for (size_t i = 0; ok && i < s->page_nentries; i++)
		ok = svc_audit(s, s->page_entries[i].action, s->page_entries[i].object_type,
			       s->page_entries[i].object_id) == 0;
	page_entries_clear(s);
	if (!ok || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, s->page_operation);
	return SVC_OK;
}

int svc_batch_end(svc *s, int commit)
{
	if (!s->batch)
		return SVC_ERROR;
	s->batch = 0;
	if (commit && !s->batch_failed)
		return commit_anchored(s) == STORE_OK ? SVC_OK : SVC_ERROR;
	store_rollback(svc_db(s));
	s->anchor_seq = 0;
	return commit ? SVC_ERROR : SVC_OK;
}

int svc_audit_tail_row(void *ctx, const store_row *row)
{
	struct audit_tail *t = ctx;
	t->seq = store_row_int(row, AUDIT_LAST_COL_ID);
	svc_row_copy(row, AUDIT_LAST_COL_HASH, t->hash, sizeof t->hash);
	return 1;
}

int svc_audit(svc *s, const char *action, const char *object_type, const char *object_id)
{
	if (s->page && (!object_type || (strcmp(object_type, s->page_type) == 0 && object_id &&
					 strcmp(object_id, s->page_object) == 0)))
		return 0; /* the page's entry names it (svc_page_begin) */
	if (s->page) {
		/* Written at the page's end, after its own (svc_page_end). */
		page_entry_keep(s, action, object_type, object_id);
		return 0;
	}
	/* The log's page and exports name every code in French
	   (domain/audit_labels.c): a code without a name is a bug, logged. */
	if (!audit_action_label(action) || (object_type && !audit_object_label(object_type)))
		log_error("audit code without a French label: %s %s", action,
			  object_type ? object_type : "");
	store *db = svc_db(s);
	struct audit_tail t = {0, AUDIT_GENESIS};
	if (!db || store_exec(db, ST_AUDIT_LOCK, NULL, 0, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_AUDIT_LAST, NULL, 0, svc_audit_tail_row, &t) != STORE_OK)
		return -1;

	struct audit_entry e = {
		.id = t.seq + 1,
		.at = (int64_t)time(NULL),
		.actor_id = s->signed_in ? s->actor.id : 0,
		.actor_login = s->signed_in ? s->actor.login : (s->system ? "cli" : NULL),
		.action = action,
		.object_type = object_type,
		.object_id = object_id,
		.client_addr = s->client_addr[0] ? s->client_addr : NULL,
		.prev_hash = t.hash,
	};
	char hash[SEC_HASH_HEX_LEN + 1];
	audit_entry_hash(s->app->audit_key, &e, hash);
	store_value p[] = {
		SV_INT(e.id),
		SV_INT(e.at),
		e.actor_id ? SV_INT(e.actor_id) : SV_NULL,
		SV_TEXT(e.actor_login),
		SV_TEXT(e.action),
		SV_TEXT(e.object_type),
		SV_TEXT(e.object_id),
		SV_TEXT(e.client_addr),
		SV_TEXT(e.prev_hash),
		SV_TEXT(hash),
	};
	store_value head[] = {SV_INT(e.id), SV_TEXT(hash)};
	if (store_exec(db, ST_AUDIT_INSERT, p, (int)(sizeof p / sizeof p[0]), NULL, NULL) !=
		    STORE_OK ||
	    store_exec(db, ST_AUDIT_HEAD_PUT, head, 2, NULL, NULL) != STORE_OK)
		return -1;
	/* Anchored once the transaction commits. */
	s->anchor_seq = e.id;
	snprintf(s->anchor_hash, sizeof s->anchor_hash, "%s", hash);
	return 0;
}

int svc_audit_id(svc *s, const char *action, const char *object_type, int64_t id)
{
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	return svc_audit(s, action, object_type, object);
}

struct worker {
	int64_t id;
	enum role role;
	int active;
	int64_t organisation_id; /* an employer's, else 0 */
};

static int worker_row(void *ctx, const store_row *row)
{
	struct worker *w = ctx;
	w->id = store_row_int(row, USER_BY_LOGIN_COL_ID);
	w->role = role_from_code(store_row_text(row, USER_BY_LOGIN_COL_ROLE));
	w->active = (int)store_row_int(row, USER_BY_LOGIN_COL_ACTIVE);
	w->organisation_id = store_row_int(row, USER_BY_LOGIN_COL_ORGANISATION_ID);
	return 1;
}

int svc_worker_find(svc *s, const char *login, int64_t *id)
{
	struct worker w = {0, ROLE_NONE, 0, 0};
	if (!login || !*login || strlen(login) > ACCOUNT_LOGIN_MAX)
		return 0;
	store_value p[] = {SV_TEXT(login)};
	if (store_exec(svc_db(s), ST_USER_BY_LOGIN, p, 1, worker_row, &w) != STORE_OK)
		return -1;
	if (w.role != ROLE_WORKER || !w.active)
		return 0;
	*id = w.id;
	return 1;
}

int64_t svc_worker_id(svc *s, const char *login)
{
	int64_t id = 0;
	return svc_worker_find(s, login, &id) > 0 ? id : 0;
}

int svc_line_ok(const char *t, size_t max_chars)
{
	return t && *t && text_is_clean_utf8(t, strlen(t), 0) && text_utf8_chars(t) <= max_chars;
}

uint32_t svc_record_key(const svc *s, int64_t person_id)
{
	unsigned char in[8], out[crypto_shorthash_BYTES];
	uint64_t v = (uint64_t)person_id;
	for (int i = 0; i < 8; i++)
		in[i] = (unsigned char)(v >> (8 * i));
	crypto_shorthash(out, in, sizeof in, s->app->record_key);
	return (uint32_t)out[0] | (uint32_t)out[1] << 8 | (uint32_t)out[2] << 16 |
	       (uint32_t)out[3] << 24;
}

/* Login's account when it is an active one of a worker, of the head or
   of an employer (with its organisation), into *w; 1 when so. */
static int actor_find(svc *s, const char *login, struct worker *w)
{
	if (!login || !*login || strlen(login) > ACCOUNT_LOGIN_MAX)
		return 0;
	store_value p[] = {SV_TEXT(login)};
	if (store_exec(svc_db(s), ST_USER_BY_LOGIN, p, 1, worker_row, w) != STORE_OK)
		return 0;
	return w->active && (w->role == ROLE_WORKER || w->role == ROLE_HEAD ||
			     (w->role == ROLE_EMPLOYER && w->organisation_id > 0));
}

int svc_act_as(svc *s, const char *login)
{
	if (!s->system)
		return SVC_FORBIDDEN;
	struct worker w = {0, ROLE_NONE, 0, 0};
	int found = login && actor_find(s, login, &w);
	s->actor.id = found ? w.id : 0;
	s->actor.organisation_id = found && w.role == ROLE_EMPLOYER ? w.organisation_id : 0;
	return !login || found ? SVC_OK : SVC_NOT_FOUND;
}

void svc_row_copy(const store_row *row, int col, char *out, size_t len)
{
	const char *v = store_row_text(row, col);
	snprintf(out, len, "%s", v ? v : "");
}
