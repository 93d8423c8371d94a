/* partners — the partner directory over the API (see service/partners.h). */
#include <string.h>

#include "api/api.h"
#include "service/partners.h"
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

/* Reads the body's fields into in; 0, or -1 after answering 422. */
static int read_input(struct request *req, struct response *resp, json_t *body,
		      struct partner_input *in)
{
	int bad = 0;
	memset(in, 0, sizeof *in);
	in->name = api_string(body, "name", req, resp, &bad);
	in->kind = api_string(body, "kind", req, resp, &bad);
	in->address = api_string(body, "address", req, resp, &bad);
	in->phone = api_string(body, "phone", req, resp, &bad);
	in->email = api_string(body, "email", req, resp, &bad);
	in->notes = api_string(body, "notes", req, resp, &bad);
	return bad ? -1 : 0;
}

void api_partners_create(struct request *req, struct response *resp)
{
	json_t *body = api_body(req, resp);
	if (!body)
		return;
	struct partner_input in;
	if (read_input(req, resp, body, &in) == 0) {
		int64_t id = 0;
		int rc = partners_create(req->svc, &in, &id);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	}
	json_decref(body);
}

static int listed(void *ctx, const struct partner_view *p)
{
	json_array_append_new(ctx, partner_json(p));
	return 0;
}

void api_partners_search(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp,
		      partners_search(req->svc, req_query(req, "q"), req_query(req, "kind"), listed,
				      list),
		      "partners", list);
}

static int one(void *ctx, const struct partner_view *p)
{
	*(json_t **)ctx = partner_json(p);
	return 1;
}

void api_partner_get(struct request *req, struct response *resp)
{
	json_t *p = NULL;
	int64_t id = req_param_id(req, 0);
	int rc = id ? partners_get(req->svc, id, one, &p) : SVC_NOT_FOUND;
	if (rc != SVC_OK) {
		json_decref(p);
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 200, json_pack("{s:o}", "partner", p));
}

void api_partner_update(struct request *req, struct response *resp)
{
	int64_t id = req_param_id(req, 0);
	if (!id) {
		resp_svc_error(req, resp, SVC_NOT_FOUND);
		return;
	}
	json_t *body = api_body(req, resp);
	if (!body)
		return;
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
	json_decref(body);
}

/* A positive integer member, or 0 after answering 422 naming it. */
static int64_t id_member(json_t *body, const char *key, struct request *req,
			 struct response *resp)
{
	json_t *v = json_object_get(body, key);
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		resp_error(req, resp, 422, "invalid", _("Identifiant de partenaire attendu."), key);
		return 0;
	}
	return json_integer_value(v);
}

void api_partners_merge(struct request *req, struct response *resp)
{
	json_t *body = api_body(req, resp);
	if (!body)
		return;
	int64_t keep = id_member(body, "keep", req, resp);
	int64_t merge = keep ? id_member(body, "merge", req, resp) : 0;
	if (keep && merge) {
		int rc = partners_merge(req->svc, keep, merge);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 200, json_pack("{s:I, s:I}", "kept", (json_int_t)keep, "merged",
						      (json_int_t)merge));
	}
	json_decref(body);
}
