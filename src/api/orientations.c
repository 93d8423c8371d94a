/* orientations — orientations of a case to partners, over the API
   (see service/orientations.h). */
#include <string.h>

#include "api/api.h"
#include "service/orientations.h"
#include "support/i18n.h"
#include "support/text.h"

static json_t *orientation_json(const struct orientation_view *v)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(v->id));
	json_object_set_new(o, "case_id", json_integer(v->case_id));
	json_object_set_new(o, "partner", json_pack("{s:I, s:o, s:o}", "id", (json_int_t)v->partner_id,
						    "name", api_nullable(v->partner_name), "kind",
						    api_nullable(v->partner_kind)));
	json_object_set_new(o, "sent_on", api_nullable(v->sent_on));
	json_object_set_new(o, "reason", api_nullable(v->reason));
	json_object_set_new(o, "share_consent_on", api_nullable(v->share_consent_on));
	json_object_set_new(o, "details_sent", json_boolean(v->details_sent));
	json_object_set_new(o, "status", api_nullable(v->status));
	json_object_set_new(o, "answered_on", api_nullable(v->answered_on));
	json_object_set_new(o, "done_on", api_nullable(v->done_on));
	json_object_set_new(o, "author", api_nullable(v->author));
	return o;
}

void api_orientations_create(struct request *req, struct response *resp)
{
	int64_t cid = req->id;
	json_t *body = req->json;
	struct orientation_input in;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, body, orientations_fields, ORIENTATION__FIELDS, &in) == 0) {
		int64_t id = 0;
		int rc = orientations_create(req->svc, cid, &in, &id);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	}
}

int api_orientation_listed(void *ctx, const struct orientation_view *v)
{
	json_array_append_new(ctx, orientation_json(v));
	return 0;
}

void api_orientations_list(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, orientations_list(req->svc, req->id, api_orientation_listed, list),
		      "orientations", list);
}

static int one(void *ctx, const struct orientation_view *v)
{
	*(json_t **)ctx = orientation_json(v);
	return 1;
}

void api_orientation_update(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	json_t *body = req->json;
	struct orientation_update in;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, body, orientations_update_fields, ORIENTATION_UPDATE__FIELDS,
		       &in) == 0) {
		json_t *o = NULL;
		int rc = orientations_update(req->svc, id, &in, one, &o);
		if (rc != SVC_OK) {
			json_decref(o);
			resp_svc_error(req, resp, rc);
		} else {
			api_send(resp, 200, json_pack("{s:o}", "orientation", o));
		}
	}
}
