/* sharing — a case's shares over the API (service/sharing.h). */
#include "api/api.h"
#include "service/sharing.h"
#include "support/text.h"

void api_sharing_create(struct request *req, struct response *resp)
{
	int64_t cid = req->id;
	json_t *body = req->json;
	struct share_input in = {NULL, NULL, NULL};
	if (api_fields(req, resp, body, sharing_fields, SHARE__FIELDS, &in) == 0) {
		int64_t id = 0;
		int rc = sharing_create(req->svc, cid, in.login, in.until, in.reason, &id);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "login",
						      in.login, "until", in.until));
	}
}

void api_sharing_delete(struct request *req, struct response *resp)
{
	int rc = sharing_end(req->svc, req->id, req->params[1]);
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
	json_t *list = json_array();
	api_send_list(req, resp, sharing_list(req->svc, req->id, api_share_listed, list), "shares",
		      list);
}
