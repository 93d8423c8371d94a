/* organisations — client organisations over the API. */
#include "api/api.h"
#include "service/organisations.h"
#include "support/i18n.h"

static json_t *org_json(const struct org_info *o)
{
	return json_pack("{s:s, s:s, s:s, s:o}", "code", o->code, "name", o->name, "kind", o->kind,
			 "sector", o->sector ? json_string(o->sector) : json_null());
}

static int list_row(void *ctx, const struct org_info *o)
{
	json_array_append_new(ctx, org_json(o));
	return 0;
}

void api_organisations_list(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, organisations_list(req->svc, list_row, list), "organisations", list);
}

void api_organisations_create(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct organisation_input in = {NULL, NULL, NULL, NULL};
	if (api_fields(req, resp, body, organisations_fields, ORGANISATION__FIELDS, &in) == 0) {
		int rc = organisations_create(req->svc, in.code, in.name, in.kind, in.sector, NULL);
		if (rc != SVC_OK) {
			resp_svc_error(req, resp, rc);
		} else {
			struct org_info o = {0, in.code, in.name, in.kind, in.sector};
			api_send(resp, 201, json_pack("{s:o}", "organisation", org_json(&o)));
		}
	}
}

struct detail {
	json_t *org;
	json_t *headcounts;
	json_t *workers;
};

static int detail_org(void *ctx, const struct org_info *o)
{
	struct detail *d = ctx;
	d->org = org_json(o);
	return 0;
}

static int detail_headcount(void *ctx, int64_t year, int64_t headcount)
{
	struct detail *d = ctx;
	char key[16];
	snprintf(key, sizeof key, "%lld", (long long)year);
	json_object_set_new(d->headcounts, key, json_integer(headcount));
	return 0;
}

static int detail_worker(void *ctx, const char *login, const char *name)
{
	struct detail *d = ctx;
	json_array_append_new(d->workers, json_pack("{s:s, s:s}", "login", login, "name", name));
	return 0;
}

void api_organisation_get(struct request *req, struct response *resp)
{
	struct detail d = {NULL, json_object(), json_array()};
	int rc = organisations_get(req->svc, req->params[0], detail_org, detail_headcount, detail_worker, &d);
	if (rc != SVC_OK || !d.org) {
		json_decref(d.org);
		json_decref(d.headcounts);
		json_decref(d.workers);
		resp_svc_error(req, resp, rc != SVC_OK ? rc : SVC_NOT_FOUND);
		return;
	}
	json_object_set_new(d.org, "headcounts", d.headcounts);
	json_object_set_new(d.org, "workers", d.workers);
	api_send(resp, 200, json_pack("{s:o}", "organisation", d.org));
}

void api_organisation_headcount(struct request *req, struct response *resp)
{
	/* The year is the path's, read by its field; the body holds the count. */
	struct headcount_input in = {0, 0};
	struct verr e;
	if (field_read(&headcounts_fields[HEADCOUNT_YEAR], arena_strdup(req->a, req->params[1]), &in,
		       &e) != 0) {
		resp_error(req, resp, 422, "invalid", _(e.message), e.field);
		return;
	}
	json_t *body = req->json;
	if (api_fields(req, resp, body, &headcounts_fields[HEADCOUNT_COUNT], 1, &in) == 0) {
		int rc = organisations_set_headcount(req->svc, req->params[0], in.year, in.headcount);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 200,
				 json_pack("{s:s, s:I, s:I}", "organisation", req->params[0], "year",
					   (json_int_t)in.year, "headcount", (json_int_t)in.headcount));
	}
}

void api_organisation_assign(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct assignment_input in = {NULL};
	if (api_fields(req, resp, body, assignments_fields, ASSIGNMENT__FIELDS, &in) == 0) {
		int rc = organisations_assign(req->svc, req->params[0], in.login);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 200, json_pack("{s:s, s:s}", "organisation", req->params[0],
						      "assigned", in.login));
	}
}

void api_organisation_unassign(struct request *req, struct response *resp)
{
	int rc = organisations_unassign(req->svc, req->params[0], req->params[1]);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	resp->status = 204;
	buf_reset(&resp->body);
}
