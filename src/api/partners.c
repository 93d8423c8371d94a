/* partners — the partner directory over the API (see service/partners.h). */
#include <string.h>

#include "api/api.h"
#include "api/paging.h"
#include "service/partners.h"
#include "service/paging.h"
#include "support/i18n.h"
#include "support/text.h"

static json_t *partner_json(const struct partner_view *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "name", api_nullable(p->name));
	json_object_set_new(o, "kind", api_nullable(p->kind));
	json_object_set_new(o, "address", api_nullable(p->address));
	json_object_set_new(o, "phone", api_nullable(p->phone));
	json_object_set_new(o, "email", api_nullable(p->email));
	json_object_set_new(o, "notes", api_nullable(p->notes));
	return o;
}

/*
 * Reads the body's fields into in; 0, or -1 after answering 422.  A member
 * sent as "" reaches the service as "" (FIELD_CLEARS), which says whether
 * it may be cleared.
 */
static int read_input(struct request *req, struct response *resp, json_t *body,
		      struct partner_input *in)
{
	memset(in, 0, sizeof *in);
	return api_fields(req, resp, body, partners_fields, PARTNER__FIELDS, in);
}

void api_partners_create(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct partner_input in;
	if (read_input(req, resp, body, &in) == 0) {
		int64_t id = 0;
		int rc = partners_create(req->svc, &in, &id);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	}
}

static int listed(void *ctx, const struct partner_view *p)
{
	json_array_append_new(ctx, partner_json(p));
	return 0;
}

/* A page of the directory (service/paging.h), by name. */
void api_partners_search(struct request *req, struct response *resp)
{
	struct page pg;
	if (api_page_query(req, resp, &pg, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX) != 0)
		return;
	json_t *list = json_array();
	api_send_page(req, resp,
		      partners_page(req->svc, req_query(req, "q"), req_query(req, "kind"), &pg,
				    listed, list),
		      "partners", list, &pg);
}

static int one(void *ctx, const struct partner_view *p)
{
	*(json_t **)ctx = partner_json(p);
	return 1;
}

void api_partner_get(struct request *req, struct response *resp)
{
	json_t *p = NULL;
	int rc = partners_get(req->svc, req->id, one, &p);
	if (rc != SVC_OK) {
		json_decref(p);
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 200, json_pack("{s:o}", "partner", p));
}

void api_partner_update(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	json_t *body = req->json;
	struct partner_input in;
	if (read_input(req, resp, body, &in) == 0) {
		json_t *p = NULL;
		int rc = partners_update(req->svc, id, &in);
		if (rc == SVC_OK)
			rc = partners_get(req->svc, id, one, &p);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 200, json_pack("{s:o}", "partner", p));
	}
}

void api_partners_merge(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct partner_merge_input m = {0, 0};
	if (api_fields(req, resp, body, partners_merge_fields, PARTNER_MERGE__FIELDS, &m) == 0) {
		int rc = partners_merge(req->svc, m.keep, m.merge);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 200, json_pack("{s:I, s:I}", "kept", (json_int_t)m.keep,
						      "merged", (json_int_t)m.merge));
	}
}
