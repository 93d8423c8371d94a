/* attachments — see attachments.h. */
#include "service/attachments.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "domain/attachments.h"
#include "service/internal.h"
#include "support/i18n.h"
#include "support/log.h"
#include "support/text.h"

#define COL_NAME "attachments.file_name"
#define COL_TITLE "attachments.title"
#define COL_KEY "attachments.file_key"
#define COL_REASON "attachments.delete_reason"

#define SS_HEADER crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define SS_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define KEY_HEX (2 * crypto_secretstream_xchacha20poly1305_KEYBYTES)

#define TITLE_MESSAGE N_("Le titre compte au plus 200 caractères, sur une ligne.")
#define REASON_MESSAGE N_("Indiquez le motif de la suppression (200 caractères au plus).")

const struct field attachments_fields[ATT__FIELDS] = {
	[ATT_TITLE] = {"title", FIELD_LINE, 0, 0, ATTACHMENT_TITLE_MAX, TITLE_MESSAGE,
		       FIELD_AT(struct attachment_form, title)},
};

const struct field attachments_delete_fields[ATT_DELETE__FIELDS] = {
	[ATT_REASON] = {"reason", FIELD_LINE, FIELD_REQUIRED, 0, ATTACHMENT_REASON_MAX,
			REASON_MESSAGE, FIELD_AT(struct attachment_delete_input, reason)},
};

/* Each message is bound to its attachment and place: a chunk moved to
   another file or another place does not open. */
static void chunk_aad(char out[64], int64_t id, int64_t seq)
{
	snprintf(out, 64, "attachment_chunks#%" PRId64 "/%" PRId64, id, seq);
}

/* ---- writing ---- */

struct writer {
	svc *s;
	int64_t id;
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char *plain;  /* ATTACHMENT_CHUNK bytes waiting */
	size_t have;
	unsigned char *cipher; /* ATTACHMENT_CHUNK + SS_ABYTES */
	int64_t seq;           /* the next chunk's place */
	uint64_t total;        /* bytes received */
	uint64_t expected;     /* bytes announced */
	int failed;            /* a store error */
};

/* Pushes the waiting bytes as chunk seq with tag: 0 or -1. */
static int push(struct writer *w, unsigned char tag)
{
	char aad[64];
	chunk_aad(aad, w->id, w->seq);
	unsigned long long clen = 0;
	crypto_secretstream_xchacha20poly1305_push(&w->st, w->cipher, &clen, w->plain, w->have,
						   (const unsigned char *)aad, strlen(aad), tag);
	w->have = 0;
	store_value p[] = {SV_INT(w->id), SV_INT(w->seq), SV_BLOB(w->cipher, (size_t)clen)};
	w->seq++;
	if (store_exec(svc_db(w->s), ST_ATT_CHUNK_INSERT, p, 3, NULL, NULL) != STORE_OK) {
		w->failed = 1;
		return -1;
	}
	return 0;
}

static int writer_sink(void *ctx, const void *data, size_t n)
{
	struct writer *w = ctx;
	const unsigned char *p = data;
	w->total += n;
	if (w->total > w->expected)
		return -1; /* more than announced */
	while (n > 0) {
		size_t take = ATTACHMENT_CHUNK - w->have;
		if (take > n)
			take = n;
		memcpy(w->plain + w->have, p, take);
		w->have += take;
		p += take;
		n -= take;
		if (w->have == ATTACHMENT_CHUNK &&
		    push(w, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) != 0)
			return -1;
	}
	return 0;
}

/* The input's checks, before anything is written. */
static int check_input(svc *s, const struct attachment_input *in, const char **kind)
{
	const char *name = in->file_name ? in->file_name : "";
	size_t len = strlen(name);
	if (!len || len > ATTACHMENT_NAME_MAX || !text_is_clean_utf8(name, len, 0))
		return svc_fail(s, SVC_INVALID, "file",
				N_("Choisissez un fichier dont le nom compte au plus 255 caractères."));
	if (in->title && (strlen(in->title) > ATTACHMENT_TITLE_MAX ||
			  !text_is_clean_utf8(in->title, strlen(in->title), 0)))
		return svc_fail(s, SVC_INVALID, "title", TITLE_MESSAGE);
	if (in->size == 0)
		return svc_fail(s, SVC_INVALID, "file", N_("Le fichier est vide."));
	if (in->size_max && in->size > in->size_max)
		return svc_fail(s, SVC_INVALID, "file", N_("Le fichier est trop volumineux."));
	*kind = attachment_kind_of(in->head, in->head_len);
	if (!*kind)
		return svc_fail(s, SVC_INVALID, "file",
				N_("Ce type de fichier n'est pas accepté : seuls les PDF, les images "
				   "JPEG et PNG et les documents ODT ou DOCX le sont."));
	if (!attachment_name_fits(name, *kind))
		return svc_fail(s, SVC_INVALID, "file",
				N_("Le contenu du fichier ne correspond pas à l'extension de son "
				   "nom."));
	return SVC_OK;
}

int attachments_add(svc *s, int64_t case_id, const struct attachment_input *in,
		    attachment_source_fn source, void *src, int64_t *id)
{
	/* One transaction from the check to the last chunk written
	   (interventions_create). */
	int rc = svc_gate_begin(s, ST_CASE_ACCESS, "case", case_id, "attachment.create_denied");
	if (rc != SVC_OK)
		return rc;
	const char *kind = NULL;
	rc = check_input(s, in, &kind);
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		return rc;
	}

	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	char key_hex[KEY_HEX + 1];
	crypto_secretstream_xchacha20poly1305_keygen(key);
	sodium_bin2hex(key_hex, sizeof key_hex, key, sizeof key);
	struct writer w = {.s = s, .expected = in->size};
	w.plain = malloc(ATTACHMENT_CHUNK);
	w.cipher = malloc(ATTACHMENT_CHUNK + SS_ABYTES);
	if (!w.plain || !w.cipher)
		log_fatal("out of memory");
	const char *title = in->title && *in->title ? in->title : NULL;
	const char *const columns[] = {COL_NAME, COL_TITLE, COL_KEY};
	const char *const texts[] = {in->file_name, title, key_hex};
	store_value p[] = {SV_INT(case_id), SV_INT(s->actor.id), SV_TEXT(kind),
			   SV_INT((int64_t)in->size), SV_INT(time(NULL))};
	store *db = svc_db(s);
	unsigned char header[SS_HEADER];
	rc = SVC_OK;
	if (store_exec(db, ST_ATT_INSERT, p, 5, svc_row_int, &w.id) != STORE_OK ||
	    svc_seal_write(s, ST_ATT_SEAL, w.id, 3, columns, texts) != STORE_OK) {
		rc = svc_abort(s, "attachments_add");
		goto out;
	}
	crypto_secretstream_xchacha20poly1305_init_push(&w.st, header, key);
	store_value h[] = {SV_INT(w.id), SV_INT(0), SV_BLOB(header, sizeof header)};
	w.seq = 1;
	if (store_exec(db, ST_ATT_CHUNK_INSERT, h, 3, NULL, NULL) != STORE_OK) {
		rc = svc_abort(s, "attachments_add");
		goto out;
	}
	int read = source(src, writer_sink, &w);
	if (w.failed) {
		rc = svc_abort(s, "attachments_add");
		goto out;
	}
	if (read != 0 || w.total != in->size) {
		svc_tx_rollback(s);
		rc = svc_fail(s, SVC_INVALID, "file",
			      N_("Le fichier n'est pas arrivé en entier : envoyez-le à nouveau."));
		goto out;
	}
	if (push(&w, crypto_secretstream_xchacha20poly1305_TAG_FINAL) != 0 ||
	    svc_audit_id(s, "attachment.create", "attachment", w.id) != 0 ||
	    svc_tx_commit(s) != STORE_OK) {
		rc = svc_abort(s, "attachments_add");
		goto out;
	}
	if (id)
		*id = w.id;
out:
	sodium_memzero(key, sizeof key);
	sodium_memzero(key_hex, sizeof key_hex);
	sodium_memzero(&w.st, sizeof w.st);
	sodium_memzero(w.plain, ATTACHMENT_CHUNK);
	free(w.plain);
	free(w.cipher);
	return rc;
}

/* ---- reading ---- */

struct relay {
	svc *s;
	attachment_fn fn;
	void *ctx;
	int rc;                /* the callback's non-zero stops */
	int found;
	int64_t deleted_at;
	char key_hex[KEY_HEX + 1]; /* the file key */
};

static const char *text_or_empty(const char *t)
{
	return t ? t : "";
}

static int view_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	int64_t id = store_row_int(row, ATT_COL_ID);
	char *name = svc_unseal_col_at(r->s, COL_NAME, id, row, ATT_COL_FILE_NAME);
	char *title = svc_unseal_col_at(r->s, COL_TITLE, id, row, ATT_COL_TITLE);
	struct attachment_view v = {
		.id = id,
		.case_id = store_row_int(row, ATT_COL_CASE_ID),
		.kind = text_or_empty(store_row_text(row, ATT_COL_KIND)),
		.size = store_row_int(row, ATT_COL_SIZE_BYTES),
		.created_at = store_row_int(row, ATT_COL_CREATED_AT),
		.file_name = name ? name : "",
		.title = title ? title : "",
		.author = text_or_empty(store_row_text(row, ATT_COL_AUTHOR_LOGIN)),
		.deleted_at = store_row_int(row, ATT_COL_DELETED_AT),
		.deleted_by = text_or_empty(store_row_text(row, ATT_COL_DELETED_BY_LOGIN)),
	};
	r->found = 1;
	r->deleted_at = v.deleted_at;
	if (r->fn && !r->rc)
		r->rc = r->fn(r->ctx, &v);
	free(name);
	free(title);
	return r->rc != 0;
}

int attachments_list(svc *s, int64_t case_id, attachment_fn fn, void *ctx)
{
	int rc = svc_gate_begin(s, ST_CASE_ACCESS, "case", case_id, "attachment.list_denied");
	if (rc != SVC_OK)
		return rc;
	struct relay r = {.s = s, .fn = fn, .ctx = ctx};
	store_value p[] = {SV_INT(case_id)};
	if (svc_audit_id(s, "attachment.list", "case", case_id) != 0 ||
	    store_exec(svc_db(s), ST_ATTS_OF_CASE, p, 1, view_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "attachments_list");
	return SVC_OK;
}

int attachments_of_person(svc *s, int64_t person_id, attachment_fn fn, void *ctx)
{
	if (!s->system && !(s->signed_in && s->actor.role == ROLE_WORKER))
		return SVC_OK; /* nobody else opens a case */
	char today[16];
	time_t now = time(NULL);
	struct tm tm;
	strftime(today, sizeof today, "%Y-%m-%d", localtime_r(&now, &tm));
	struct relay r = {.s = s, .fn = fn, .ctx = ctx};
	/* A system call (the export, the purge) sees every case: user 0 is
	   nobody, so it reads the person's rows through a share-free path. */
	store_value p[] = {SV_INT(person_id), SV_INT(s->system ? -1 : s->actor.id), SV_TEXT(today)};
	enum stmt st = ST_ATTS_OF_PERSON;
	if (store_exec(svc_db(s), st, p, 3, view_row, &r) != STORE_OK)
		return SVC_ERROR;
	return SVC_OK;
}

struct key_row {
	svc *s;
	char hex[KEY_HEX + 1];
};

static int key_row(void *ctx, const store_row *row)
{
	struct key_row *k = ctx;
	int64_t id = store_row_int(row, ATT_COL_ID);
	char *hex = svc_unseal_col_at(k->s, COL_KEY, id, row, ATT_COL_FILE_KEY);
	snprintf(k->hex, sizeof k->hex, "%s", hex ? hex : "");
	if (hex) {
		sodium_memzero(hex, strlen(hex));
		free(hex);
	}
	return 0;
}

struct chunk {
	unsigned char *data; /* owned */
	size_t n;
	int found;
};

static int chunk_row(void *ctx, const store_row *row)
{
	struct chunk *c = ctx;
	size_t n = 0;
	const void *d = store_row_blob(row, ATT_CHUNK_COL_DATA, &n);
	c->data = malloc(n ? n : 1);
	if (!c->data)
		log_fatal("out of memory");
	if (n)
		memcpy(c->data, d, n);
	c->n = n;
	c->found = 1;
	return 1;
}

/* Reads chunk seq of attachment id into c (c->found 0 when absent). */
static int chunk_get(svc *s, int64_t id, int64_t seq, struct chunk *c)
{
	memset(c, 0, sizeof *c);
	store_value p[] = {SV_INT(id), SV_INT(seq)};
	return store_exec(svc_db(s), ST_ATT_CHUNK_GET, p, 2, chunk_row, c);
}

/* Starts the pull of attachment id's stream from its header (chunk 0):
   0, or -1 (a store error, or tampering, logged). */
static int pull_init(svc *s, int64_t id, const unsigned char *key,
		     crypto_secretstream_xchacha20poly1305_state *st)
{
	struct chunk c;
	if (chunk_get(s, id, 0, &c) != STORE_OK)
		return -1;
	int ok = c.found && c.n == SS_HEADER &&
		 crypto_secretstream_xchacha20poly1305_init_pull(st, c.data, key) == 0;
	free(c.data);
	if (!ok)
		log_error("tampering: attachment %" PRId64 " has no usable stream header", id);
	return ok ? 0 : -1;
}

/* Decrypts chunk seq of attachment id into plain (ATTACHMENT_CHUNK bytes):
   its length in *n, *final set on the last one; 0, or -1 (a store error,
   or tampering, logged). */
static int pull_chunk(svc *s, int64_t id, int64_t seq,
		      crypto_secretstream_xchacha20poly1305_state *st, unsigned char *plain,
		      size_t *n, int *final)
{
	struct chunk c;
	if (chunk_get(s, id, seq, &c) != STORE_OK)
		return -1;
	unsigned long long mlen = 0;
	unsigned char tag = 0;
	char aad[64];
	chunk_aad(aad, id, seq);
	int ok = c.found && c.n >= SS_ABYTES && c.n <= ATTACHMENT_CHUNK + SS_ABYTES &&
		 crypto_secretstream_xchacha20poly1305_pull(st, plain, &mlen, &tag, c.data, c.n,
							    (const unsigned char *)aad,
							    strlen(aad)) == 0;
	free(c.data);
	if (!ok) {
		log_error("tampering: chunk %" PRId64 " of attachment %" PRId64
			  " is missing or does not open",
			  seq, id);
		return -1;
	}
	*n = (size_t)mlen;
	*final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	return 0;
}

/* Decrypts attachment id's chunks to sink: SVC_OK, or SVC_ERROR (a store
   error, a chunk missing or that does not open, the sink stopping). */
static int stream_out(svc *s, int64_t id, const unsigned char *key, attachment_sink_fn sink,
		      void *ctx)
{
	crypto_secretstream_xchacha20poly1305_state st;
	if (pull_init(s, id, key, &st) != 0)
		return SVC_ERROR;
	unsigned char *plain = malloc(ATTACHMENT_CHUNK);
	if (!plain)
		log_fatal("out of memory");
	int rc = SVC_ERROR, final = 0;
	for (int64_t seq = 1; !final; seq++) {
		size_t n = 0;
		if (pull_chunk(s, id, seq, &st, plain, &n, &final) != 0 ||
		    (n && sink(ctx, plain, n) != 0))
			break;
		if (final)
			rc = SVC_OK;
	}
	sodium_memzero(plain, ATTACHMENT_CHUNK);
	free(plain);
	sodium_memzero(&st, sizeof st);
	return rc;
}

/* Opens attachment id's row (r) and file key (key): SVC_OK, SVC_NOT_FOUND for
   a tombstone or no row, SVC_ERROR (a store error: rolled back; or a key
   that does not open). */
static int open_key(svc *s, int64_t id, struct relay *r,
		    unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES])
{
	struct key_row k = {.s = s};
	store_value p[] = {SV_INT(id)};
	store *db = svc_db(s);
	if (store_exec(db, ST_ATT_GET, p, 1, view_row, r) != STORE_OK ||
	    store_exec(db, ST_ATT_GET, p, 1, key_row, &k) != STORE_OK)
		return svc_abort(s, "attachments_open_key");
	size_t klen = 0;
	if (!r->found || r->deleted_at) {
		sodium_memzero(&k, sizeof k);
		return SVC_NOT_FOUND;
	}
	int bad = r->rc || sodium_hex2bin(key, crypto_secretstream_xchacha20poly1305_KEYBYTES,
					  k.hex, strlen(k.hex), NULL, &klen, NULL) != 0 ||
		  klen != crypto_secretstream_xchacha20poly1305_KEYBYTES;
	sodium_memzero(&k, sizeof k);
	if (bad) {
		log_error("tampering: the key of attachment %" PRId64 " does not open", id);
		return SVC_ERROR;
	}
	return SVC_OK;
}

struct attachment_reader {
	svc *s;                /* its own call: the request's may be gone */
	int64_t id;
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char *plain;  /* the chunk decrypted */
	size_t have, at;       /* its bytes, those already handed */
	int64_t seq;           /* the next chunk's place */
	int final;             /* the last chunk was read */
};

int attachments_open(svc *s, int64_t id, attachment_fn fn, void *ctx,
		     struct attachment_reader **out)
{
	*out = NULL;
	int rc = svc_gate_begin(s, ST_ATT_ACCESS, "attachment", id, "attachment.read_denied");
	if (rc != SVC_OK)
		return rc;
	struct relay r = {.s = s, .fn = fn, .ctx = ctx};
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	rc = open_key(s, id, &r, key);
	struct attachment_reader *rd = NULL;
	if (rc == SVC_OK) {
		rd = calloc(1, sizeof *rd);
		if (!rd)
			log_fatal("out of memory");
		if (pull_init(s, id, key, &rd->st) != 0)
			rc = SVC_ERROR;
	}
	sodium_memzero(key, sizeof key);
	if (rc == SVC_OK && (svc_audit_id(s, "attachment.read", "attachment", id) != 0 ||
			     svc_tx_commit(s) != STORE_OK))
		rc = svc_abort(s, "attachments_open");
	else if (rc != SVC_OK)
		svc_tx_rollback(s);
	if (rc != SVC_OK) {
		if (rd)
			sodium_memzero(&rd->st, sizeof rd->st);
		free(rd);
		return rc;
	}
	rd->s = svc_open(s->app, s->client_addr);
	rd->id = id;
	rd->seq = 1;
	rd->plain = malloc(ATTACHMENT_CHUNK);
	if (!rd->plain)
		log_fatal("out of memory");
	*out = rd;
	return SVC_OK;
}

/* Decrypts the next chunk into r->plain: 0, or -1 (logged). */
static int reader_next(struct attachment_reader *r)
{
	int rc = pull_chunk(r->s, r->id, r->seq, &r->st, r->plain, &r->have, &r->final);
	svc_release_db(r->s); /* no connection held between two chunks */
	r->seq++;
	r->at = 0;
	if (rc != 0)
		r->have = 0;
	return rc;
}

long attachments_reader_read(void *reader, void *out, size_t max)
{
	struct attachment_reader *r = reader;
	while (r->at == r->have) {
		if (r->final)
			return 0;
		if (reader_next(r) != 0)
			return -1;
	}
	size_t n = r->have - r->at < max ? r->have - r->at : max;
	memcpy(out, r->plain + r->at, n);
	r->at += n;
	return (long)n;
}

void attachments_reader_close(void *reader)
{
	struct attachment_reader *r = reader;
	if (!r)
		return;
	svc_close(r->s);
	sodium_memzero(r->plain, ATTACHMENT_CHUNK);
	free(r->plain);
	sodium_memzero(&r->st, sizeof r->st);
	free(r);
}

int attachments_bytes(svc *s, int64_t id, attachment_sink_fn sink, void *ctx)
{
	struct relay r = {.s = s};
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	int rc = open_key(s, id, &r, key);
	if (rc == SVC_OK)
		rc = stream_out(s, id, key, sink, ctx);
	sodium_memzero(key, sizeof key);
	return rc;
}

int attachments_delete(svc *s, int64_t id, const char *reason)
{
	/* One transaction from the check to the write (interventions_create). */
	int rc = svc_gate_begin(s, ST_ATT_ACCESS, "attachment", id, "attachment.delete_denied");
	if (rc != SVC_OK)
		return rc;
	size_t len = reason ? strlen(reason) : 0;
	if (!len || len > ATTACHMENT_REASON_MAX || !text_is_clean_utf8(reason, len, 0)) {
		svc_tx_refused(s);
		return svc_fail(s, SVC_INVALID, "reason", REASON_MESSAGE);
	}
	const char *const columns[] = {COL_REASON};
	const char *const texts[] = {reason};
	int64_t changed = 0;
	store_value p[] = {SV_INT(id), SV_INT(time(NULL)), SV_INT(s->actor.id)};
	store_value c[] = {SV_INT(id)};
	store *db = svc_db(s);
	if (store_exec(db, ST_ATT_DELETE, p, 3, NULL, NULL) != STORE_OK)
		return svc_abort(s, "attachments_delete");
	changed = store_changes(db);
	if (changed == 0) {
		svc_tx_rollback(s);
		return SVC_NOT_FOUND;
	}
	if (svc_seal_write(s, ST_ATT_REASON_SEAL, id, 1, columns, texts) != STORE_OK ||
	    store_exec(db, ST_ATT_CHUNKS_DELETE, c, 1, NULL, NULL) != STORE_OK ||
	    svc_audit_id(s, "attachment.delete", "attachment", id) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "attachments_delete");
	return SVC_OK;
}
