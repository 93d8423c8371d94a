/* sharing — shares, hand-over and caseloads over the API (service/sharing.h). */
#include "api/api.h"
#include "service/sharing.h"
#include "support/text.h"

void api_sharing_create(struct request *req, struct response *resp)
{
	int64_t cid = req_param_id(req, 0);
	if (!cid) {
		resp_svc_error(req, resp, SVC_NOT_FOUND);
		return;
	}
	json_t *body = api_body(req, resp);
	if (!body)
		return;
	int bad = 0;
	const char *login = api_string(body, "login", req, resp, &bad);
	const char *until = api_string(body, "until", req, resp, &bad);
	const char *reason = api_string(body, "reason", req, resp, &bad);
	if (!bad) {
		int64_t id = 0;
		int rc = sharing_create(req->svc, cid, login, until, reason, &id);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "login",
						      login, "until", until));
	}
	json_decref(body);
}

void api_sharing_delete(struct request *req, struct response *resp)
{
	int64_t cid = req_param_id(req, 0);
	int rc = cid ? sharing_end(req->svc, cid, req->params[1]) : SVC_NOT_FOUND;
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	resp->status = 204;
	buf_reset(&resp->body);
}

int api_share_listed(void *ctx, const struct share_view *v)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "login", v->login,
					     "name", v->name, "until", v->until, "reason",
					     v->reason, "granted_by", v->granted_by, "live",
					     v->live));
	return 0;
}

void api_sharing_list(struct request *req, struct response *resp)
{
	int64_t cid = req_param_id(req, 0);
	json_t *list = json_array();
	api_send_list(req, resp, cid ? sharing_list(req->svc, cid, api_share_listed, list) : SVC_NOT_FOUND, "shares", list);
}

void api_case_handover(struct request *req, struct response *resp)
{
	int64_t cid = req_param_id(req, 0);
	if (!cid) {
		resp_svc_error(req, resp, SVC_NOT_FOUND);
		return;
	}
	json_t *body = api_body(req, resp);
	if (!body)
		return;
	int bad = 0;
	const char *login = api_string(body, "login", req, resp, &bad);
	if (!bad) {
		int rc = cases_handover(req->svc, cid, login);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 200, json_pack("{s:I, s:s}", "id", (json_int_t)cid, "referent",
						      login));
	}
	json_decref(body);
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

void api_caseloads(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, caseload_sizes(req->svc, size_json, list), "caseloads", list);
}

void api_caseload_transfer(struct request *req, struct response *resp)
{
	json_t *body = api_body(req, resp);
	if (!body)
		return;
	int bad = 0;
	const char *from = api_string(body, "from", req, resp, &bad);
	const char *to = api_string(body, "to", req, resp, &bad);
	if (!bad) {
		int64_t cases = 0, persons = 0;
		int rc = caseload_transfer(req->svc, from, to, &cases, &persons);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 200, json_pack("{s:s, s:s, s:I, s:I}", "from", from, "to", to,
						      "cases", (json_int_t)cases, "persons",
						      (json_int_t)persons));
	}
	json_decref(body);
}
