/* request — the req_* helpers of http.h. */
#include <string.h>

#include "http/http.h"
#include "service/auth.h"
#include "support/text.h"
/* Last: redirects libmicrohttpd's functions to their table. */
#include "http/mhdlib.h"

const char *req_header(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *req_query(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_cookie(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

struct joined {
	struct request *req;
	const char *name;
	buf out;
	int n;
};

static enum MHD_Result joined_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	(void)kind;
	struct joined *j = cls;
	if (strcmp(key, j->name) != 0)
		return MHD_YES;
	if (j->n++)
		buf_puts(&j->out, ",");
	buf_puts(&j->out, value ? value : "");
	return MHD_YES;
}

const char *req_query_joined(struct request *req, const char *name)
{
	struct joined j = {req, name, {0}, 0};
	buf_init(&j.out, 4096);
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, joined_arg, &j);
	const char *v = j.n ? arena_strndup(req->a, j.out.data ? j.out.data : "", j.out.len) : NULL;
	buf_free(&j.out);
	return v;
}

struct other {
	const char *const *allowed;
	size_t n;
	const char *found;
};

static enum MHD_Result other_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	(void)kind, (void)value;
	struct other *o = cls;
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(key, o->allowed[i]) == 0)
			return MHD_YES;
	o->found = key;
	return MHD_NO;
}

const char *req_query_other(struct request *req, const char *const *allowed, size_t n)
{
	struct other o = {allowed, n, NULL};
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, other_arg, &o);
	return o.found ? arena_strdup(req->a, o.found) : NULL;
}

int64_t req_param_id(struct request *req, int i)
{
	int64_t id;
	if (i >= req->nparams || text_parse_int(req->params[i], 1, INT64_MAX, &id) != 0)
		return 0;
	return id;
}

const char *req_csrf(struct request *req)
{
	return auth_csrf(req->svc);
}

/* Values may arrive in pieces: append each piece to its field. */
static enum MHD_Result form_piece(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *filename, const char *content_type,
				  const char *transfer_encoding, const char *data, uint64_t off,
				  size_t size)
{
	struct request *req = cls;
	(void)kind, (void)filename, (void)content_type, (void)transfer_encoding;
	struct form_field *f = req->form;
	if (off == 0 || !f || strcmp(f->name, key) != 0) {
		f = arena_alloc(req->a, sizeof *f);
		f->name = arena_strdup(req->a, key);
		f->value = arena_strndup(req->a, data, size);
		f->next = req->form;
		req->form = f;
		return MHD_YES;
	}
	size_t had = strlen(f->value);
	char *v = arena_alloc(req->a, had + size + 1);
	memcpy(v, f->value, had);
	memcpy(v + had, data, size);
	v[had + size] = '\0';
	f->value = v;
	return MHD_YES;
}

const char *req_form(struct request *req, const char *name)
{
	if (!req->form_parsed) {
		req->form_parsed = 1;
		const char *ct = req_header(req, "Content-Type");
		if (ct && strncmp(ct, "application/x-www-form-urlencoded", 33) == 0 && req->body_len) {
			struct MHD_PostProcessor *pp =
				MHD_create_post_processor(req->conn, 16384, form_piece, req);
			if (pp) {
				MHD_post_process(pp, req->body, req->body_len);
				MHD_destroy_post_processor(pp);
			}
		}
	}
	/* The first value wins when a name is repeated (list is newest first). */
	const char *found = NULL;
	for (struct form_field *f = req->form; f; f = f->next)
		if (strcmp(f->name, name) == 0)
			found = f->value;
	return found;
}

int req_fields_all(struct request *req, const struct field *fields, size_t n, void *dest,
		   struct verr_list *all)
{
	all->n = 0;
	for (size_t i = 0; i < n; i++) {
		const char *v = req_form(req, fields[i].name);
		char *copy = v ? arena_strdup(req->a, v) : NULL;
		struct verr why;
		if (field_read(&fields[i], copy, dest, &why) != 0) {
			/* Keep reading: the form shows every value typed again, and
			   every refusal next to its field. */
			field_keep_text(&fields[i], copy, dest);
			verr_list_add(all, why);
		}
	}
	return all->n ? -1 : 0;
}

int req_fields(struct request *req, const struct field *fields, size_t n, void *dest,
	       struct verr *e)
{
	struct verr_list all;
	int rc = req_fields_all(req, fields, n, dest, &all);
	if (rc && e)
		*e = all.e[0];
	return rc;
}

const char **req_form_all(struct request *req, const char *name, int *n)
{
	(void)req_form(req, name); /* parses the body once */
	int count = 0;
	for (const struct form_field *p = req->form; p; p = p->next)
		count += strcmp(p->name, name) == 0;
	const char **values = arena_alloc(req->a, sizeof *values * (size_t)(count ? count : 1));
	int i = count;
	for (const struct form_field *p = req->form; p; p = p->next)
		if (strcmp(p->name, name) == 0)
			values[--i] = p->value;
	*n = count;
	return values;
}

const char *req_absolute_url(struct request *req, const char *path)
{
	const char *host = req_header(req, "Host");
	if (!host || !*host || strpbrk(host, " \t\r\n/\\\"<>"))
		return arena_strdup(req->a, path);
	int secure = app_config(svc_app(req->svc))->secure_cookies;
	return arena_printf(req->a, "%s://%s%s", secure ? "https" : "http", host, path);
}
