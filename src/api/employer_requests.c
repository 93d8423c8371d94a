/*
 * employer_requests — the employers' requests for intervention over the
 * API (service/employer_requests.h).
 */
#include <string.h>

#include "api/api.h"
#include "api/paging.h"
#include "service/employer_requests.h"
#include "service/paging.h"

void api_employer_requests_create(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct employer_request_input in;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, body, employer_requests_fields, EREQ__FIELDS, &in) == 0) {
		int64_t id = 0;
		int rc = employer_requests_create(req->svc, &in, &id);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
						      "open"));
	}
}

static int listed(void *ctx, const struct employer_request_view *v)
{
	json_array_append_new(
		ctx, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:I, s:I, s:[]}", "id",
			       (json_int_t)v->id, "organisation", v->organisation,
			       "organisation_name", v->organisation_name, "author", v->author,
			       "subject", v->subject, "message", v->message, "contact",
			       api_nullable(v->contact), "status", v->status, "created_at",
			       (json_int_t)v->created_at, "updated_at", (json_int_t)v->updated_at,
			       "replies"));
	return 0;
}

/* Replies come after every request: each joins its request by id. */
static int replied(void *ctx, const struct employer_request_reply_view *v)
{
	size_t i;
	json_t *r;
	json_array_foreach((json_t *)ctx, i, r)
	{
		if (json_integer_value(json_object_get(r, "id")) != v->request_id)
			continue;
		json_array_append_new(json_object_get(r, "replies"),
				      json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)v->id,
						"author", v->author, "message", v->message,
						"created_at", (json_int_t)v->created_at));
		break;
	}
	return 0;
}

/* A page of the requests (service/paging.h), newest first. */
void api_employer_requests_list(struct request *req, struct response *resp)
{
	struct page pg;
	if (api_page_query(req, resp, &pg, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX) != 0)
		return;
	json_t *list = json_array();
	api_send_page(req, resp, employer_requests_page(req->svc, &pg, listed, replied, list),
		      "requests", list, &pg);
}

void api_employer_requests_reply(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	json_t *body = req->json;
	struct employer_request_reply_input in = {NULL};
	if (api_fields(req, resp, body, employer_requests_reply_fields, EREQ_REPLY__FIELDS, &in) ==
	    0) {
		int rc = employer_requests_reply(req->svc, id, in.message);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
						      "answered"));
	}
}

void api_employer_requests_close(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	int rc = employer_requests_close(req->svc, id);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "closed"));
}
