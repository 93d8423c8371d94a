/* permanences — the permanences over the API (service/permanences.h). */
#include <string.h>

#include "api/api.h"
#include "service/permanences.h"
#include "support/i18n.h"

void api_permanences_create(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct permanence_input in;
	memset(&in, 0, sizeof in);
	in.every_weeks = 1; /* when left out: every week */
	if (api_fields(req, resp, body, permanences_fields, PERMANENCE__FIELDS, &in) == 0) {
		int64_t id = 0;
		api_send_created(req, resp, permanences_create(req->svc, &in, &id), &id);
	}
}

static int permanence_listed(void *ctx, const struct permanence_view *v)
{
	json_t *ex = json_array();
	for (int i = 0; i < v->nexceptions; i++) {
		json_t *e = json_pack("{s:s}", "date", v->exceptions[i].date);
		if (v->exceptions[i].reason)
			json_object_set_new(e, "reason", json_string(v->exceptions[i].reason));
		json_array_append_new(ex, e);
	}
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:i, s:s, s:o, s:o}", "id",
			      (json_int_t)v->id, "organisation", v->organisation,
			      "organisation_name", v->organisation_name, "worker_name",
			      v->worker_name, "site", v->site, "weekday", v->weekday, "start",
			      v->start, "end", v->end, "every_weeks", v->every_weeks, "from",
			      v->from, "until", api_nullable(v->until), "exceptions", ex);
	if (v->worker)
		json_object_set_new(o, "worker", json_string(v->worker));
	json_array_append_new(ctx, o);
	return 0;
}

void api_permanences_list(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp,
		      permanences_list(req->svc, req_query(req, "organisation"),
				       req_query(req, "worker"), permanence_listed, list),
		      "permanences", list);
}

void api_permanences_cancel(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	json_t *body = req->json;
	struct permanence_exception in = {NULL, NULL};
	if (api_fields(req, resp, body, permanence_exceptions_fields, EXCEPTION__FIELDS, &in) ==
	    0) {
		int rc = permanences_cancel(req->svc, id, in.date, in.reason);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I, s:s}", "permanence_id", (json_int_t)id,
						      "date", in.date));
	}
}
