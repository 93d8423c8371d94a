/* cases — accompaniments over the API (see service/cases.h). */
#include <string.h>

#include "api/api.h"
#include "api/paging.h"
#include "service/cases.h"
#include "service/paging.h"
#include "support/i18n.h"
#include "support/text.h"

static json_t *case_json(const struct case_view *c, int full)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "person_id", json_integer(c->person_id));
	json_object_set_new(o, "person", json_pack("{s:o, s:o}", "last_name", api_nullable(c->last_name),
						   "first_name", api_nullable(c->first_name)));
	json_object_set_new(o, "referent", api_nullable(c->referent));
	json_object_set_new(o, "status", json_string(c->closed_on ? "closed" : "open"));
	json_object_set_new(o, "opened_on", api_nullable(c->opened_on));
	json_object_set_new(o, "closed_on", api_nullable(c->closed_on));
	json_object_set_new(o, "referral_source", api_nullable(c->referral_source));
	json_object_set_new(o, "outcome", api_nullable(c->outcome));
	if (full) {
		json_t *d = json_array();
		for (int i = 0; i < c->ndomains; i++)
			json_array_append_new(d, json_string(c->domains[i]));
		json_object_set_new(o, "domains", d);
		json_object_set_new(o, "diagnosis", api_nullable(c->diagnosis));
		json_object_set_new(o, "action_plan", api_nullable(c->action_plan));
	}
	return o;
}

/* Reads the body into in through cases_fields from first to CASE__FIELDS,
   and the domains (pointing into body); 0, or -1 after answering.  A text
   sent as "" stays "" (FIELD_CLEARS: an update clears it). */
static int read_input(struct request *req, struct response *resp, json_t *body,
		      struct case_input *in, const char **domains, size_t first)
{
	memset(in, 0, sizeof *in);
	in->ndomains = -1;
	if (api_fields(req, resp, body, cases_fields + first, CASE__FIELDS - first, in) != 0)
		return -1;
	json_t *d = json_object_get(body, CASES_DOMAINS);
	if (d) {
		if (!json_is_array(d) || json_array_size(d) > CASE_DOMAINS_MAX) {
			resp_error(req, resp, 422, "invalid",
				   _("« domains » est une liste de 1 à 20 codes de domaine."), CASES_DOMAINS);
			return -1;
		}
		size_t i;
		json_t *v;
		json_array_foreach(d, i, v) {
			if (!json_is_string(v)) {
				resp_error(req, resp, 422, "invalid",
					   _("« domains » est une liste de 1 à 20 codes de domaine."),
					   CASES_DOMAINS);
				return -1;
			}
			domains[i] = json_string_value(v);
		}
		in->domains = domains;
		in->ndomains = (int)json_array_size(d);
	}
	return 0;
}

void api_cases_create(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct case_input in;
	const char *domains[CASE_DOMAINS_MAX];
	if (read_input(req, resp, body, &in, domains, CASE_PERSON_ID) == 0) {
		if (in.ndomains < 0)
			in.ndomains = 0;
		int64_t id = 0;
		int rc = cases_create(req->svc, &in, &id);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	}
}

static int one(void *ctx, const struct case_view *c)
{
	*(json_t **)ctx = case_json(c, 1);
	return 1;
}

int api_case_full_listed(void *ctx, const struct case_view *c)
{
	json_array_append_new(ctx, case_json(c, 1));
	return 0;
}

void api_case_get(struct request *req, struct response *resp)
{
	json_t *c = NULL;
	int rc = cases_get(req->svc, req->id, one, &c);
	if (rc != SVC_OK || !c) {
		json_decref(c);
		resp_svc_error(req, resp, rc != SVC_OK ? rc : SVC_NOT_FOUND);
		return;
	}
	api_send(resp, 200, json_pack("{s:o}", "case", c));
}

void api_case_update(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	json_t *body = req->json;
	struct case_input in;
	const char *domains[CASE_DOMAINS_MAX];
	if (read_input(req, resp, body, &in, domains, CASE_OPENED_ON) == 0) {
		json_t *c = NULL;
		int rc = cases_update(req->svc, id, &in);
		if (rc == SVC_OK)
			rc = cases_get(req->svc, id, one, &c);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 200, json_pack("{s:o}", "case", c));
	}
}

int api_case_listed(void *ctx, const struct case_view *c)
{
	json_array_append_new(ctx, case_json(c, 0));
	return 0;
}

/* A page of the caseload (service/paging.h), newest opened first. */
void api_cases_list(struct request *req, struct response *resp)
{
	struct page pg;
	if (api_page_query(req, resp, &pg, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX) != 0)
		return;
	json_t *list = json_array();
	api_send_page(req, resp,
		      cases_page(req->svc, req_query(req, "status"), &pg, api_case_listed, list),
		      "cases", list, &pg);
}
