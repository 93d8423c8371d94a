/*
 * attachments — the JSON API of a case's attachments (service/
 * attachments.h): upload (multipart/form-data, field "file", optional
 * "title"), list, download (the bytes, as a download), delete with a
 * reason ({"reason": "…"}).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "api/api.h"
#include "domain/attachments.h"
#include "http/download.h"
#include "http/upload.h"
#include "service/attachments.h"
#include "support/i18n.h"

int api_attachment_listed(void *ctx, const struct attachment_view *v)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:I, s:I, s:s, s:o, s:s}", "id", (json_int_t)v->id,
			      "case_id", (json_int_t)v->case_id, "kind", v->kind, "size",
			      (json_int_t)v->size, "created_at", (json_int_t)v->created_at,
			      "file_name", v->file_name, "title",
			      api_nullable(v->title[0] ? v->title : NULL), "author", v->author);
	json_object_set_new(o, "deleted", json_boolean(v->deleted_at != 0));
	if (v->deleted_at) {
		json_object_set_new(o, "deleted_at", json_integer(v->deleted_at));
		json_object_set_new(o, "deleted_by", json_string(v->deleted_by));
	} else {
		char path[64];
		snprintf(path, sizeof path, "/api/v1/attachments/%lld", (long long)v->id);
		json_object_set_new(o, "download", json_string(path));
	}
	json_array_append_new(ctx, o);
	return 0;
}

void api_attachments_create(struct request *req, struct response *resp)
{
	if (upload_check(req, resp) != 0)
		return;
	struct verr e = {NULL, NULL};
	int64_t id = 0;
	int rc = upload_attach(req, &e, &id);
	if (e.field)
		resp_error(req, resp, 422, "invalid", _(e.message), e.field);
	else
		api_send_created(req, resp, rc, &id);
}

void api_attachments_list(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, attachments_list(req->svc, req->id, api_attachment_listed, list), "attachments",
		      list);
}

struct described {
	struct request *req;
	struct response *resp;
	int64_t size;
};

static int describe(void *ctx, const struct attachment_view *v)
{
	struct described *d = ctx;
	download_headers(d->req, d->resp, v->file_name, attachment_kind_type(v->kind));
	d->size = v->size;
	return 0;
}

/* The file sent as it is decrypted, a chunk at a time. */
void api_attachment_get(struct request *req, struct response *resp)
{
	struct described d = {req, resp, 0};
	struct attachment_reader *rd = NULL;
	int rc = attachments_open(req->svc, req->id, describe, &d, &rd);
	if (rc != SVC_OK)
		download_fail(req, resp, rc);
	else
		download_stream(resp, (uint64_t)d.size, attachments_reader_read,
				attachments_reader_close, rd);
}

void api_attachment_delete(struct request *req, struct response *resp)
{
	struct attachment_delete_input in = {NULL};
	if (api_fields(req, resp, req->json, attachments_delete_fields, ATT_DELETE__FIELDS, &in) != 0)
		return;
	int rc = attachments_delete(req->svc, req->id, in.reason);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200, json_pack("{s:I, s:b}", "id", (json_int_t)req->id, "deleted", 1));
}
