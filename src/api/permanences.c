/* permanences — the permanences over the API (service/permanences.h). */
#include <string.h>

#include "api/api.h"
#include "service/permanences.h"
#include "support/i18n.h"

void api_permanences_create(struct request *req, struct response *resp)
{
	json_t *body = api_body(req, resp);
	if (!body)
		return;
	int bad = 0;
	struct permanence_input in;
	memset(&in, 0, sizeof in);
	in.organisation = api_string(body, "organisation", req, resp, &bad);
	in.worker = api_string(body, "worker", req, resp, &bad);
	in.site = api_string(body, "site", req, resp, &bad);
	in.start = api_string(body, "start", req, resp, &bad);
	in.end = api_string(body, "end", req, resp, &bad);
	in.from = api_string(body, "from", req, resp, &bad);
	in.until = api_string(body, "until", req, resp, &bad);
	if (!bad)
		bad = api_int_member(body, "weekday", 1, 7, 0,
				     _("Le jour est un nombre de 1 (lundi) à 7 (dimanche)."), req,
				     resp, &in.weekday) != 0 ||
		      api_int_member(body, "every_weeks", 1, 4, 1,
				     _("La fréquence est de 1, 2 ou 4 semaines."), req, resp,
				     &in.every_weeks) != 0;
	if (!bad) {
		int64_t id = 0;
		api_send_created(req, resp, permanences_create(req->svc, &in, &id), &id);
	}
	json_decref(body);
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
	int64_t id = req_param_id(req, 0);
	if (!id) {
		resp_error(req, resp, 404, "not_found", _("Introuvable."), NULL);
		return;
	}
	json_t *body = api_body(req, resp);
	if (!body)
		return;
	int bad = 0;
	const char *date = api_string(body, "date", req, resp, &bad);
	const char *reason = api_string(body, "reason", req, resp, &bad);
	if (!bad) {
		int rc = permanences_cancel(req->svc, id, date, reason);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I, s:s}", "permanence_id", (json_int_t)id,
						      "date", date));
	}
	json_decref(body);
}
