/* letters — letter templates and the letters of a case over the API
   (service/letters.h).  Documents are sent as attachments under a neutral
   name (no personal data in a header); X-Content-Type-Options: nosniff
   is on every response (http/server.c). */
#include <string.h>

#include "api/api.h"
#include "service/letters.h"
#include "support/arena.h"
#include "support/i18n.h"

static json_t *fields_json(const char *joined)
{
	json_t *a = json_array();
	for (const char *p = joined; p && *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		json_array_append_new(a, json_stringn(p, n));
		p += n + (e ? 1 : 0);
	}
	return a;
}

static json_t *template_json(const struct letter_template_view *v)
{
	return json_pack("{s:I, s:o, s:s, s:s, s:b, s:o, s:I}", "id", (json_int_t)v->id, "code",
			 api_nullable(v->code), "name", v->name ? v->name : "", "category",
			 v->category ? v->category : "", "active", v->active, "fields",
			 fields_json(v->fields), "uploaded_at", (json_int_t)v->uploaded_at);
}

static int template_listed(void *ctx, const struct letter_template_view *v)
{
	json_array_append_new(ctx, template_json(v));
	return 0;
}

void api_letter_templates_list(struct request *req, struct response *resp)
{
	const char *all = req_query(req, "all");
	json_t *list = json_array();
	int rc = letters_templates_list(req->svc, all && strcmp(all, "1") == 0, template_listed, list);
	if (rc == SVC_OK) {
		json_t *known = json_array();
		for (int i = 0; letters_fields[i]; i++)
			json_array_append_new(known, json_string(letters_fields[i]));
		api_send(resp, 200, json_pack("{s:o, s:o}", "templates", list, "fields", known));
		return;
	}
	json_decref(list);
	resp_svc_error(req, resp, rc);
}

void api_letter_templates_create(struct request *req, struct response *resp)
{
	struct letter_template_input in = {NULL, NULL, NULL};
	if (api_fields(req, resp, req->json, letters_template_fields, LTPL__FIELDS, &in) != 0)
		return;
	int64_t id = 0;
	api_send_created(req, resp, letters_template_upload(req->svc, &in, &id), &id);
}

static int template_one(void *ctx, const struct letter_template_view *v)
{
	*(json_t **)ctx = template_json(v);
	return 1;
}

void api_letter_template_get(struct request *req, struct response *resp)
{
	json_t *one = NULL;
	int rc = letters_template_get(req->svc, req->id, template_one, &one, NULL);
	if (rc != SVC_OK || !one) {
		json_decref(one);
		resp_svc_error(req, resp, rc != SVC_OK ? rc : SVC_NOT_FOUND);
		return;
	}
	api_send(resp, 200, one);
}

/* Sends bytes (moved out of b) as an attachment named name. */
static void send_file(struct request *req, struct response *resp, buf *b, const char *type,
		      const char *name, int inline_)
{
	resp->status = 200;
	resp->content_type = type;
	buf_reset(&resp->body);
	buf_add(&resp->body, b->data, b->len);
	resp_header(resp, "Content-Disposition",
		    arena_printf(req->a, "%s; filename=\"%s\"", inline_ ? "inline" : "attachment",
				 name));
	resp_header(resp, "Cache-Control", "no-store");
}

void api_letter_template_odt(struct request *req, struct response *resp)
{
	buf b;
	buf_init(&b, 0);
	int rc = letters_template_get(req->svc, req->id, NULL, NULL, &b);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		send_file(req, resp, &b, letters_media_type(LETTER_ODT),
			  arena_printf(req->a, "modele-%lld.odt", (long long)req->id), 0);
	buf_free(&b);
}

static void set_active(struct request *req, struct response *resp, int active)
{
	int rc = letters_template_set_active(req->svc, req->id, active);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200,
			 json_pack("{s:I, s:b}", "id", (json_int_t)req->id, "active", active));
}

void api_letter_template_retire(struct request *req, struct response *resp)
{
	set_active(req, resp, 0);
}

void api_letter_template_restore(struct request *req, struct response *resp)
{
	set_active(req, resp, 1);
}

void api_letters_create(struct request *req, struct response *resp)
{
	struct letter_input in = {0, 0, 0, 0, NULL};
	if (api_fields(req, resp, req->json, letters_fields_input, LETTER__FIELDS, &in) != 0)
		return;
	int64_t id = 0;
	api_send_created(req, resp, letters_generate(req->svc, req->id, &in, &id), &id);
}

int api_letter_listed(void *ctx, const struct letter_view *v)
{
	json_array_append_new(
		ctx, json_pack("{s:I, s:I, s:I, s:s, s:o, s:o, s:s, s:I, s:s}", "id",
			       (json_int_t)v->id, "case_id", (json_int_t)v->case_id, "template_id",
			       (json_int_t)v->template_id, "template",
			       v->template_name ? v->template_name : "", "partner_id",
			       v->partner_id ? json_integer((json_int_t)v->partner_id) : json_null(),
			       "share_consent_on", api_nullable(v->share_consent_on), "author",
			       v->author ? v->author : "", "created_at", (json_int_t)v->created_at,
			       "title", v->title ? v->title : ""));
	return 0;
}

void api_letters_list(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, letters_list(req->svc, req->id, api_letter_listed, list), "letters",
		      list);
}

static void send_letter(struct request *req, struct response *resp, enum letter_format f)
{
	buf b;
	buf_init(&b, 0);
	int rc = letters_read(req->svc, req->id, f, NULL, NULL, &b);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
	} else {
		const char *inline_ = req_query(req, "inline");
		send_file(req, resp, &b, letters_media_type(f),
			  arena_printf(req->a, "courrier-%lld.%s", (long long)req->id,
				       letters_extension(f)),
			  f != LETTER_ODT && inline_ && strcmp(inline_, "1") == 0);
	}
	if (b.data)
		memset(b.data, 0, b.len);
	buf_free(&b);
}

void api_letter_odt(struct request *req, struct response *resp)
{
	send_letter(req, resp, LETTER_ODT);
}

void api_letter_pdf(struct request *req, struct response *resp)
{
	send_letter(req, resp, LETTER_PDF);
}

void api_letter_text(struct request *req, struct response *resp)
{
	send_letter(req, resp, LETTER_TEXT);
}
