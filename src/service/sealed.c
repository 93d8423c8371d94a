/* sealed — see sealed.h. */
#include "service/sealed.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "service/internal.h"
#include "store/whole.h"
#include "support/box.h"
#include "support/log.h"

/* Rows read, then re-sealed, at a time (one query at a time on a
   connection: the rows are copied out of the scan first). */
#define SEALED_BATCH 256

#define SEALED_KEY_LEN 96 /* a row key as text: integers joined by '/' */

struct sealed_row {
	char key[SEALED_KEY_LEN]; /* the row's key (store/whole.h) */
	int64_t next;             /* where the next batch starts after it */
	unsigned char *data;      /* owned */
	size_t n;
};

struct batch {
	struct sealed_row rows[SEALED_BATCH];
	int n;
};

static int batch_row(void *ctx, const store_row *row)
{
	struct batch *b = ctx;
	size_t n = 0;
	const void *d = store_row_blob(row, STORE_SEALED_COL_VALUE, &n);
	struct sealed_row *r = &b->rows[b->n++];
	const char *key = store_row_text(row, STORE_SEALED_COL_KEY);
	snprintf(r->key, sizeof r->key, "%s", key ? key : "");
	r->next = store_row_int(row, STORE_SEALED_COL_NEXT);
	r->n = n;
	r->data = malloc(n ? n : 1);
	if (!r->data)
		log_fatal("out of memory");
	if (n)
		memcpy(r->data, d, n);
	return b->n >= SEALED_BATCH;
}

static void batch_free(struct batch *b)
{
	for (int i = 0; i < b->n; i++)
		free(b->rows[i].data);
	b->n = 0;
}

/* The associated data of t's row key at place p (svc_seal_keyed). */
static const char *place_aad(char out[SVC_AAD_LEN], const struct store_sealed_target *t,
			     const char *key, enum sealed_bind bind)
{
	if (bind == SEALED_BY_COLUMN)
		snprintf(out, SVC_AAD_LEN, "%s.%s", t->table, t->column);
	else
		snprintf(out, SVC_AAD_LEN, "%s.%s#%s", t->table, t->column, key);
	return out;
}

/* 0 when r opens at p (plain gets the text, n - BOX_OVERHEAD bytes). */
static int opens(const struct sealed_row *r, struct sealed_place p,
		 const struct store_sealed_target *t, unsigned char *plain)
{
	char aad[SVC_AAD_LEN];
	place_aad(aad, t, r->key, p.bind);
	return r->n > BOX_OVERHEAD && box_open(p.key, aad, r->data, r->n, plain) == 0 ? 0 : -1;
}

struct walk {
	store *db;
	struct sealed_place from, to;
	const char *task;
	int64_t stop_after;
	sealed_bad_fn bad;
	void *ctx;
	struct sealed_counts n;
	int rc; /* 0, 1 stopped, -1 store error */
};

/* Handles one row: 0, or -1 on a store error. */
static int rebind_row(struct walk *w, const struct store_sealed_target *t,
		      const struct sealed_row *r)
{
	w->n.values++;
	unsigned char *plain = malloc(r->n + 1);
	if (!plain)
		log_fatal("out of memory");
	int rc = 0;
	if (opens(r, w->to, t, plain) == 0) {
		/* Already where it belongs. */
	} else if (w->from.key && opens(r, w->from, t, plain) == 0) {
		size_t len = r->n - BOX_OVERHEAD;
		unsigned char *out = malloc(r->n);
		if (!out)
			log_fatal("out of memory");
		char aad[SVC_AAD_LEN];
		box_seal(w->to.key, place_aad(aad, t, r->key, w->to.bind), plain, len, out);
		rc = store_sealed_put(w->db, t, r->key, out, r->n) == STORE_OK ? 0 : -1;
		free(out);
		w->n.moved += rc == 0;
	} else {
		w->n.bad++;
		log_error("tampering: the sealed %s.%s of row %s does not open", t->table, t->column,
			  r->key);
		if (w->bad)
			w->bad(w->ctx, t->table, t->column, r->key);
	}
	sodium_memzero(plain, r->n + 1);
	free(plain);
	return rc;
}

struct progress {
	int64_t last_id;
	int done;
};

static int progress_row(void *ctx, const store_row *row)
{
	struct progress *p = ctx;
	p->last_id = store_row_int(row, SEAL_PROGRESS_COL_LAST_ID);
	p->done = store_row_int(row, SEAL_PROGRESS_COL_DONE) != 0;
	return 1;
}

static int progress_put(store *db, const char *task, const char *table, const char *column,
			int64_t last_id, int done)
{
	store_value p[] = {SV_TEXT(task), SV_TEXT(table), SV_TEXT(column), SV_INT(last_id),
			   SV_INT(done)};
	return store_exec(db, ST_SEAL_PROGRESS_PUT, p, 5, NULL, NULL);
}

/* Walks one column batch by batch (store_sealed_fn). */
static int rebind_column(void *ctx, const struct store_sealed_target *t)
{
	const char *table = t->table, *column = t->column;
	struct walk *w = ctx;
	struct progress pr = {0, 0};
	if (w->task) {
		store_value p[] = {SV_TEXT(w->task), SV_TEXT(table), SV_TEXT(column)};
		if (store_exec(w->db, ST_SEAL_PROGRESS_GET, p, 3, progress_row, &pr) != STORE_OK)
			goto fail;
		if (pr.done)
			return 0;
	}
	struct batch *b = calloc(1, sizeof *b);
	if (!b)
		log_fatal("out of memory");
	for (;;) {
		int limit = SEALED_BATCH;
		if (w->stop_after > 0 && w->n.moved >= w->stop_after) {
			free(b);
			w->rc = 1;
			return 1;
		}
		if (store_sealed_scan(w->db, t, pr.last_id, limit, batch_row, b) != STORE_OK)
			goto fail_batch;
		if (w->task && store_begin(w->db) != STORE_OK)
			goto fail_batch;
		for (int i = 0; i < b->n; i++) {
			if (w->stop_after > 0 && w->n.moved >= w->stop_after)
				break;
			if (rebind_row(w, t, &b->rows[i]) != 0)
				goto fail_batch;
			/* One key column: the key; several: rows counted (whole.h). */
			pr.last_id = t->nkeys == 1 ? b->rows[i].next : pr.last_id + 1;
		}
		int last = b->n < SEALED_BATCH && !(w->stop_after > 0 && w->n.moved >= w->stop_after);
		batch_free(b);
		if (w->task && (progress_put(w->db, w->task, table, column, pr.last_id, last) !=
					STORE_OK ||
				store_commit(w->db) != STORE_OK))
			goto fail_batch;
		if (last)
			break;
	}
	free(b);
	return 0;
fail_batch:
	batch_free(b);
	free(b);
fail:
	log_error("re-sealing %s.%s: %s", table, column, store_errmsg(w->db));
	if (w->task)
		store_rollback(w->db);
	w->rc = -1;
	return 1;
}

int sealed_rebind(store *db, struct sealed_place from, struct sealed_place to, const char *task,
		  int64_t stop_after, sealed_bad_fn bad, void *ctx, struct sealed_counts *n)
{
	struct walk w = {db, from, to, task, stop_after, bad, ctx, {0, 0, 0}, 0};
	int rc = store_sealed_columns(db, rebind_column, &w);
	if (n)
		*n = w.n;
	if (rc != STORE_OK) {
		log_error("sealed values: %s", store_errmsg(db));
		return -1;
	}
	return w.rc;
}

static int setting_row(void *ctx, const store_row *row)
{
	const char *v = store_row_text(row, SCALAR_COL_VALUE);
	snprintf(ctx, 32, "%s", v ? v : "");
	return 1;
}

int sealed_bind_rows(store *db, const uint8_t text_key[SEC_KEY_BYTES], char *err, size_t errlen)
{
	char have[32] = "";
	store_value name[] = {SV_TEXT("sealed_aad")};
	if (store_exec(db, ST_SETTING_GET, name, 1, setting_row, have) != STORE_OK)
		goto fail;
	if (strcmp(have, "column") != 0)
		return 0;
	struct sealed_counts n;
	struct sealed_place from = {text_key, SEALED_BY_COLUMN}, to = {text_key, SEALED_BY_ROW};
	store_value p[] = {SV_TEXT("sealed_aad"), SV_TEXT("row")};
	if (store_begin(db) != STORE_OK || sealed_rebind(db, from, to, NULL, 0, NULL, NULL, &n) != 0 ||
	    store_exec(db, ST_SETTING_PUT, p, 2, NULL, NULL) != STORE_OK ||
	    store_commit(db) != STORE_OK)
		goto fail;
	log_info("sealed values bound to their rows: %" PRId64 " re-sealed, %" PRId64
		 " already bound, %" PRId64 " that do not open",
		 n.moved, n.values - n.moved - n.bad, n.bad);
	return 0;
fail:
	snprintf(err, errlen, "cannot bind the sealed values to their rows: %s", store_errmsg(db));
	store_rollback(db);
	return -1;
}
