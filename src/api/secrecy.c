/* secrecy — the legal exceptions to secrecy recorded on a case, over the
   API (see service/secrecy.h). */
#include <string.h>

#include "api/api.h"
#include "service/corrections.h"
#include "service/secrecy.h"

static json_t *secrecy_json(const struct secrecy_view *v)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(v->id));
	json_object_set_new(o, "case_id", json_integer(v->case_id));
	json_object_set_new(o, "kind", api_nullable(v->kind));
	json_object_set_new(o, "legal_basis", api_nullable(v->legal_basis));
	json_object_set_new(o, "basis_detail", api_nullable(v->basis_detail));
	json_object_set_new(o, "lifted_on", api_nullable(v->lifted_on));
	json_object_set_new(o, "recipient", api_nullable(v->recipient));
	json_object_set_new(o, "what_sent", api_nullable(v->what_sent));
	json_object_set_new(o, "recorded_by", api_nullable(v->author));
	return o;
}

int api_secrecy_listed(void *ctx, const struct secrecy_view *v)
{
	json_array_append_new(ctx, secrecy_json(v));
	return 0;
}

void api_secrecy_create(struct request *req, struct response *resp)
{
	int64_t cid = req->id;
	struct secrecy_input in;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, req->json, secrecy_fields, SECRECY__FIELDS, &in) == 0) {
		int64_t id = 0;
		int rc = secrecy_create(req->svc, cid, &in, &id);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	}
}

void api_secrecy_delete(struct request *req, struct response *resp)
{
	struct correction_input in;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, req->json, corrections_fields, CORRECTION_INPUT__FIELDS, &in) != 0)
		return;
	int rc = secrecy_delete(req->svc, req->id, in.reason, NULL);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		resp->status = 204;
}

void api_secrecy_list(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, secrecy_list(req->svc, req->id, api_secrecy_listed, list),
		      "secrecy_liftings", list);
}
