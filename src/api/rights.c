/* rights — the person's rights on request over the API (service/rights.h):
   asking to erase a person, the erasure requests, their decisions. */
#include "api/api.h"
#include "service/rights.h"
#include "support/i18n.h"

void api_erasure_request(struct request *req, struct response *resp)
{
	struct erasure_input in = {NULL};
	if (api_fields(req, resp, req->json, rights_erasure_fields, ERASURE__FIELDS, &in) != 0)
		return;
	int64_t id = 0;
	int rc = rights_erasure_request(req->svc, req->id, &in, &id);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 202,
		 json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)id, "person_id",
			   (json_int_t)req->id, "status", "pending", "message",
			   _("Demande enregistrée : une ou un responsable doit la confirmer avant "
			     "l'effacement.")));
}

int api_correction_listed(void *ctx, const struct correction_view *v)
{
	json_array_append_new(
		ctx, json_pack("{s:I, s:I, s:s, s:s, s:o}", "id", (json_int_t)v->id, "corrected_at",
			       (json_int_t)v->corrected_at, "corrected_by",
			       v->corrected_by ? v->corrected_by : "", "fields",
			       v->fields ? v->fields : "", "reason", api_nullable(v->reason)));
	return 0;
}

static int erasure_json(void *ctx, const struct erasure_view *v)
{
	json_t *o = json_pack(
		"{s:I, s:I, s:s, s:o, s:o, s:I, s:o, s:s, s:o, s:o, s:b}", "id", (json_int_t)v->id,
		"person_id", (json_int_t)v->person_id, "requester", v->requester ? v->requester : "",
		"requester_name", api_nullable(v->requester_name), "organisation",
		api_nullable(v->organisation), "requested_at", (json_int_t)v->requested_at, "reason",
		api_nullable(v->reason), "status", v->status ? v->status : "", "decided_by",
		api_nullable(v->decided_by), "decided_at",
		v->decided_at ? json_integer((json_int_t)v->decided_at) : json_null(), "may_decide",
		v->may_decide);
	json_array_append_new(ctx, o);
	return 0;
}

void api_erasures_list(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, rights_erasures_list(req->svc, erasure_json, list), "erasures",
		      list);
}

void api_erasure_confirm(struct request *req, struct response *resp)
{
	int64_t person = 0;
	int rc = rights_erasure_confirm(req->svc, req->id, &person);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)req->id, "status",
					      "erased", "person_id", (json_int_t)person));
}

void api_erasure_refuse(struct request *req, struct response *resp)
{
	int rc = rights_erasure_refuse(req->svc, req->id);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200,
			 json_pack("{s:I, s:s}", "id", (json_int_t)req->id, "status", "refused"));
}
