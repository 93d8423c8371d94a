/* upload — see upload.h. */
#include "http/upload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "http/http.h"
#include "http/multipart.h"
#include "service/attachments.h"
#include "support/bkfile.h"
#include "support/buf.h"
#include "support/i18n.h"
#include "support/log.h"

struct upload_state {
	struct upload u;          /* first: upload_free gets the whole back */
	multipart *mp;
	int in_file;              /* the current part is the file */
	buf field;                /* the current plain field's value */
	char field_name[MP_NAME_MAX + 1];
	FILE *spool;              /* unlinked temporary file */
	bk_writer *w;             /* its encrypted stream */
	uint8_t key[SEC_KEY_BYTES]; /* the spool's key, never written anywhere */
	int read;                 /* upload_read ran */
};

static struct upload_state *state_of(struct upload *u)
{
	return (struct upload_state *)(void *)u;
}

static int part_begin(void *ctx, const char *name, const char *filename)
{
	struct upload_state *s = ctx;
	if (filename) {
		if (s->u.has_file) {
			s->u.error = UPLOAD_TWO_FILES;
			return 1;
		}
		s->u.has_file = 1;
		s->in_file = 1;
		snprintf(s->u.filename, sizeof s->u.filename, "%s", filename);
		char err[256];
		struct bk_header h = {.version = BKFILE_VERSION};
		/* bkfile's reader knows only its backup kinds: the spool says one. */
		snprintf(h.kind, sizeof h.kind, "sqlite");
		s->spool = tmpfile();
		if (s->spool)
			s->w = bk_write_open(s->spool, s->key, &h, err, sizeof err);
		if (!s->w) {
			log_error("upload: cannot spool the file: %s", s->spool ? err : "tmpfile");
			s->u.error = UPLOAD_SPOOL;
			return 1;
		}
		return 0;
	}
	s->in_file = 0;
	snprintf(s->field_name, sizeof s->field_name, "%s", name);
	buf_reset(&s->field);
	s->field.overflow = 0;
	return 0;
}

static int part_data(void *ctx, const char *data, size_t n)
{
	struct upload_state *s = ctx;
	if (!s->in_file) {
		buf_add(&s->field, data, n);
		if (s->field.overflow) {
			s->u.error = UPLOAD_FIELD_LONG;
			return 1;
		}
		return 0;
	}
	if (s->u.head_len < UPLOAD_HEAD) {
		size_t take = UPLOAD_HEAD - s->u.head_len;
		if (take > n)
			take = n;
		memcpy(s->u.head + s->u.head_len, data, take);
		s->u.head_len += take;
	}
	s->u.size += n;
	char err[256];
	if (bk_write(s->w, data, n, err, sizeof err) != 0) {
		log_error("upload: cannot spool the file: %s", err);
		s->u.error = UPLOAD_SPOOL;
		return 1;
	}
	return 0;
}

static int part_end(void *ctx)
{
	struct upload_state *s = ctx;
	if (s->in_file) {
		char err[256];
		int rc = bk_write_close(s->w, err, sizeof err);
		s->w = NULL;
		s->in_file = 0;
		if (rc != 0) {
			log_error("upload: cannot spool the file: %s", err);
			s->u.error = UPLOAD_SPOOL;
			return 1;
		}
		return 0;
	}
	struct upload_field *f = calloc(1, sizeof *f);
	char *name = strdup(s->field_name);
	char *value = malloc(s->field.len + 1);
	if (!f || !name || !value)
		log_fatal("out of memory");
	memcpy(value, s->field.data ? s->field.data : "", s->field.len);
	value[s->field.len] = '\0';
	f->name = name;
	f->value = value;
	f->next = s->u.fields;
	s->u.fields = f;
	return 0;
}

static const struct mp_callbacks callbacks = {part_begin, part_data, part_end};

struct upload *upload_new(const char *content_type)
{
	struct upload_state *s = calloc(1, sizeof *s);
	if (!s)
		log_fatal("out of memory");
	s->mp = mp_new(content_type, &callbacks, s);
	if (!s->mp) {
		free(s);
		return NULL;
	}
	buf_init(&s->field, UPLOAD_FIELD_MAX);
	randombytes_buf(s->key, sizeof s->key);
	return &s->u;
}

void upload_feed(struct upload *u, const char *data, size_t n)
{
	struct upload_state *s = state_of(u);
	if (u->error != UPLOAD_OK)
		return;
	enum mp_result r = mp_feed(s->mp, data, n);
	if (r == MP_MALFORMED)
		u->error = UPLOAD_MALFORMED;
	else if (r == MP_STOPPED && u->error == UPLOAD_OK)
		u->error = UPLOAD_MALFORMED;
}

void upload_end(struct upload *u)
{
	struct upload_state *s = state_of(u);
	/* A body without its closing delimiter, or a file part left open. */
	if (u->error == UPLOAD_OK && (!mp_complete(s->mp) || s->w))
		u->error = UPLOAD_MALFORMED;
}

const char *upload_field(const struct upload *u, const char *name)
{
	const char *found = NULL;
	for (const struct upload_field *f = u->fields; f; f = f->next)
		if (strcmp(f->name, name) == 0)
			found = f->value; /* the list is last first: the first sent wins */
	return found;
}

struct relay {
	int (*sink)(void *ctx, const void *data, size_t n);
	void *ctx;
};

static int relay_sink(void *ctx, const void *data, size_t n)
{
	struct relay *r = ctx;
	return r->sink(r->ctx, data, n);
}

int upload_read(struct upload *u, int (*sink)(void *ctx, const void *data, size_t n), void *ctx)
{
	struct upload_state *s = state_of(u);
	if (s->read || !s->spool || s->w || u->error != UPLOAD_OK)
		return -1;
	s->read = 1;
	rewind(s->spool);
	struct bk_header h;
	struct relay r = {sink, ctx};
	char err[256];
	if (bk_read_all(s->spool, s->key, &h, relay_sink, &r, err, sizeof err) != 0) {
		log_error("upload: the spool does not read back: %s", err);
		return -1;
	}
	return 0;
}

void upload_free(struct upload *u)
{
	if (!u)
		return;
	struct upload_state *s = state_of(u);
	bk_write_abort(s->w);
	if (s->spool)
		fclose(s->spool);
	mp_free(s->mp);
	buf_free(&s->field);
	for (struct upload_field *f = u->fields, *next; f; f = next) {
		next = f->next;
		free((char *)f->name);
		free((char *)f->value);
		free(f);
	}
	sodium_memzero(s->key, sizeof s->key);
	free(s);
}

int upload_check(struct request *req, struct response *resp)
{
	struct upload *u = req->upload;
	if (!u) {
		resp_error(req, resp, 415, "unsupported_media_type",
			   _("Le fichier doit être envoyé par un formulaire (multipart/form-data)."),
			   NULL);
		return -1;
	}
	if (u->error != UPLOAD_OK) {
		resp_error(req, resp, 400, "malformed_upload",
			   u->error == UPLOAD_TWO_FILES
				   ? _("Envoyez un seul fichier à la fois.")
				   : _("L'envoi du fichier est incomplet ou mal formé : envoyez-le à "
				       "nouveau."),
			   "file");
		return -1;
	}
	size_t limit = req->upload_max >> 20 << 20;
	if (u->has_file && u->size > limit) {
		resp_error(req, resp, 413, "payload_too_large",
			   arena_printf(req->a, _("Le fichier est trop volumineux (%zu Mio au plus)."),
					req->upload_max >> 20),
			   "file");
		return -1;
	}
	if (!u->has_file) {
		resp_error(req, resp, 422, "invalid", _("Choisissez un fichier à joindre."), "file");
		return -1;
	}
	return 0;
}

int upload_source(void *upload, int (*sink)(void *ctx, const void *data, size_t n), void *ctx)
{
	return upload_read(upload, sink, ctx);
}

int upload_attach(struct request *req, struct verr *e, int64_t *id)
{
	struct upload *u = req->upload;
	struct attachment_form f = {NULL};
	if (req_fields(req, attachments_fields, ATT__FIELDS, &f, e) != 0)
		return SVC_INVALID;
	struct attachment_input in = {
		.file_name = u->filename,
		.title = f.title,
		.size = u->size,
		.size_max = req->upload_max >> 20 << 20,
		.head = u->head,
		.head_len = u->head_len,
	};
	return attachments_add(req->svc, req->id, &in, upload_source, u, id);
}
