/* persons — the people accompanied, over the API (see service/persons.h). */
#include <string.h>

#include "api/api.h"
#include "service/persons.h"
#include "support/i18n.h"
#include "support/text.h"

static json_t *person_json(const struct person_view *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "organisation", api_nullable(p->organisation));
	json_object_set_new(o, "referent", api_nullable(p->referent));
	json_object_set_new(o, "last_name", api_nullable(p->last_name));
	json_object_set_new(o, "first_name", api_nullable(p->first_name));
	json_object_set_new(o, "birth_date", api_nullable(p->birth_date));
	json_object_set_new(o, "sex", api_nullable(p->sex));
	json_object_set_new(o, "status", api_nullable(p->status));
	json_object_set_new(o, "category", api_nullable(p->category));
	json_object_set_new(o, "family_situation", api_nullable(p->family_situation));
	json_object_set_new(o, "job_title", api_nullable(p->job_title));
	json_object_set_new(o, "phone", api_nullable(p->phone));
	json_object_set_new(o, "email", api_nullable(p->email));
	json_object_set_new(o, "consent",
			    json_pack("{s:o, s:b, s:o}", "accompaniment_on", api_nullable(p->consent_on),
				      "statistics", p->statistics, "statistics_on",
				      api_nullable(p->statistics_on)));
	return o;
}

/* Reads the body into in; 0, or -1 after answering (400/422). */
static int read_input(struct request *req, struct response *resp, json_t *body,
		      struct person_input *in)
{
	int bad = 0;
	memset(in, 0, sizeof *in);
	in->organisation = api_string(body, "organisation", req, resp, &bad);
	in->last_name = api_string(body, "last_name", req, resp, &bad);
	in->first_name = api_string(body, "first_name", req, resp, &bad);
	in->birth_date = api_string(body, "birth_date", req, resp, &bad);
	in->sex = api_string(body, "sex", req, resp, &bad);
	in->status = api_string(body, "status", req, resp, &bad);
	in->category = api_string(body, "category", req, resp, &bad);
	in->family_situation = api_string(body, "family_situation", req, resp, &bad);
	in->job_title = api_string(body, "job_title", req, resp, &bad);
	in->phone = api_string(body, "phone", req, resp, &bad);
	in->email = api_string(body, "email", req, resp, &bad);
	in->statistics = -1;
	if (bad)
		return -1;
	json_t *consent = json_object_get(body, "consent");
	if (consent && !json_is_object(consent)) {
		resp_error(req, resp, 422, "invalid", _("« consent » doit être un objet."), "consent");
		return -1;
	}
	json_t *on = json_object_get(consent, "accompaniment_on");
	if (on && !json_is_null(on)) {
		if (!json_is_string(on)) {
			resp_error(req, resp, 422, "invalid", _("Date attendue (AAAA-MM-JJ)."),
				   "consent.accompaniment_on");
			return -1;
		}
		in->consent_on = json_string_value(on);
	}
	json_t *stats = json_object_get(consent, "statistics");
	if (stats) {
		if (!json_is_boolean(stats)) {
			resp_error(req, resp, 422, "invalid", _("Vrai ou faux attendu."),
				   "consent.statistics");
			return -1;
		}
		in->statistics = json_is_true(stats);
	}
	return 0;
}

void api_persons_create(struct request *req, struct response *resp)
{
	json_t *body = api_body(req, resp);
	if (!body)
		return;
	struct person_input in;
	int64_t id = 0;
	if (read_input(req, resp, body, &in) == 0) {
		if (in.statistics < 0)
			in.statistics = 1;
		int rc = persons_create(req->svc, &in, &id);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	}
	json_decref(body);
}

static int one(void *ctx, const struct person_view *p)
{
	*(json_t **)ctx = person_json(p);
	return 1;
}

void api_person_get(struct request *req, struct response *resp)
{
	json_t *p = NULL;
	int64_t id = req_param_id(req, 0);
	int rc = id ? persons_get(req->svc, id, one, &p) : SVC_NOT_FOUND;
	if (rc != SVC_OK || !p) {
		json_decref(p);
		resp_svc_error(req, resp, rc != SVC_OK ? rc : SVC_NOT_FOUND);
		return;
	}
	api_send(resp, 200, json_pack("{s:o}", "person", p));
}

void api_person_update(struct request *req, struct response *resp)
{
	int64_t id = req_param_id(req, 0);
	if (!id) {
		resp_svc_error(req, resp, SVC_NOT_FOUND);
		return;
	}
	json_t *body = api_body(req, resp);
	if (!body)
		return;
	struct person_input in;
	if (read_input(req, resp, body, &in) == 0) {
		if (in.organisation) {
			resp_error(req, resp, 422, "invalid",
				   _("L'organisation d'une personne ne se change pas."), "organisation");
		} else {
			json_t *p = NULL;
			int rc = persons_update(req->svc, id, &in);
			if (rc == SVC_OK)
				rc = persons_get(req->svc, id, one, &p);
			if (rc != SVC_OK)
				resp_svc_error(req, resp, rc);
			else
				api_send(resp, 200, json_pack("{s:o}", "person", p));
		}
	}
	json_decref(body);
}

int api_person_listed(void *ctx, const struct person_view *p)
{
	json_array_append_new(ctx, person_json(p));
	return 0;
}

void api_persons_search(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, persons_search(req->svc, req_query(req, "q"), api_person_listed, list), "persons", list);
}
