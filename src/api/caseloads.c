/* caseloads — a case handed over, the head's caseload sizes and transfers, as JSON. */
#include "api/api.h"
#include "service/caseloads.h"

void api_caseloads_handover(struct request *req, struct response *resp)
{
	int64_t cid = req->id;
	json_t *body = req->json;
	struct handover_input in = {NULL};
	if (api_fields(req, resp, body, caseloads_handover_fields, HANDOVER__FIELDS, &in) == 0) {
		int rc = caseloads_handover(req->svc, cid, in.login);
		if (rc == SVC_PENDING)
			api_pending(req, resp);
		else if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 200, json_pack("{s:I, s:s}", "id", (json_int_t)cid, "referent",
						      in.login));
	}
}

static int size_json(void *ctx, const struct caseload_size *c)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s, s:I, s:I, s:I}", "login", c->login,
					     "name", c->name, "open_cases",
					     (json_int_t)c->open_cases, "cases",
					     (json_int_t)c->all_cases, "persons",
					     (json_int_t)c->persons));
	return 0;
}

void api_caseloads_list(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, caseloads_sizes(req->svc, size_json, list), "caseloads", list);
}

void api_caseloads_transfer(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct transfer_input in = {NULL, NULL};
	if (api_fields(req, resp, body, caseloads_transfer_fields, TRANSFER__FIELDS, &in) == 0) {
		int64_t cases = 0, persons = 0;
		int rc = caseloads_transfer(req->svc, in.from, in.to, &cases, &persons);
		if (rc == SVC_PENDING)
			api_pending(req, resp);
		else if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 200, json_pack("{s:s, s:s, s:I, s:I}", "from", in.from, "to", in.to,
						      "cases", (json_int_t)cases, "persons",
						      (json_int_t)persons));
	}
}
