/* persons — the people accompanied, over the API (see service/persons.h). */
#include <string.h>

#include "api/api.h"
#include "api/paging.h"
#include "service/paging.h"
#include "service/persons.h"
#include "service/rights.h"
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
	json_object_set_new(o, "address", api_nullable(p->address));
	json_object_set_new(o, "consent",
			    json_pack("{s:o, s:b, s:o}", "accompaniment_on", api_nullable(p->consent_on),
				      "statistics", p->statistics, "statistics_on",
				      api_nullable(p->statistics_on)));
	json_object_set_new(o, "notice_given_on", api_nullable(p->notice_given_on));
	return o;
}

/* The "consent" object's members through persons_consent_fields; a refusal
   names "consent.MEMBER".  0, or -1 after answering 422. */
static int read_consent(struct request *req, struct response *resp, json_t *consent,
			struct person_input *in)
{
	for (size_t i = 0; i < PERSON_CONSENT__FIELDS; i++) {
		const struct field *f = &persons_consent_fields[i];
		json_t *v = json_object_get(consent, f->name);
		if (!v || json_is_null(v))
			continue;
		struct verr e = {NULL, NULL};
		int bool_field = f->type == FIELD_BOOL;
		if (bool_field ? !json_is_boolean(v) : !json_is_string(v))
			e.message = bool_field ? field_message(f) : N_("Date attendue (AAAA-MM-JJ).");
		else if (bool_field)
			field_read_int(f, json_is_true(v), in, &e);
		else
			field_read(f, arena_strdup(req->a, json_string_value(v)), in, &e);
		if (e.message) {
			resp_error(req, resp, 422, "invalid", _(e.message),
				   arena_printf(req->a, "%s.%s", PERSONS_CONSENT, f->name));
			return -1;
		}
	}
	return 0;
}

/* Reads the body into in through persons_fields from first on (an update
   skips the organisation); 0, or -1 after answering (400/422). */
static int read_input(struct request *req, struct response *resp, json_t *body,
		      struct person_input *in, size_t first)
{
	memset(in, 0, sizeof *in);
	in->statistics = -1;
	if (api_fields(req, resp, body, persons_fields + first, PERSON__BODY - first, in) != 0)
		return -1;
	json_t *consent = json_object_get(body, PERSONS_CONSENT);
	if (consent && !json_is_object(consent)) {
		resp_error(req, resp, 422, "invalid", _("« consent » doit être un objet."),
			   PERSONS_CONSENT);
		return -1;
	}
	return consent ? read_consent(req, resp, consent, in) : 0;
}

int api_duplicate_id(void *ctx, const struct person_view *p)
{
	json_array_append_new(ctx, json_integer((json_int_t)p->id));
	return 0;
}

int api_duplicates_answer(struct request *req, struct response *resp, int rc, json_t *ids)
{
	const struct verr *e = svc_error(req->svc);
	if (rc == SVC_CONFLICT && json_array_size(ids) && e->field &&
	    strcmp(e->field, "duplicate") == 0) {
		/* Her own persons only: their ids, to open one or confirm. */
		api_send(resp, 409,
			 json_pack("{s:{s:s, s:s, s:s}, s:o}", "error", "code", "conflict", "message",
				   _(e->message), "field", e->field, "duplicates", ids));
		return 1;
	}
	json_decref(ids);
	return 0;
}

void api_persons_create(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct person_input in;
	int64_t id = 0;
	if (read_input(req, resp, body, &in, PERSON_ORGANISATION) != 0 ||
	    api_fields(req, resp, body, persons_confirm_fields, PERSON_CONFIRM__FIELDS, &in) != 0)
		return;
	if (in.statistics < 0)
		in.statistics = 1;
	json_t *ids = json_array();
	int rc = persons_create_checked(req->svc, &in, &id, api_duplicate_id, ids);
	if (api_duplicates_answer(req, resp, rc, ids))
		return;
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static int one(void *ctx, const struct person_view *p)
{
	*(json_t **)ctx = person_json(p);
	return 1;
}

void api_person_get(struct request *req, struct response *resp)
{
	json_t *p = NULL;
	int rc = persons_get(req->svc, req->id, one, &p);
	if (rc != SVC_OK || !p) {
		json_decref(p);
		resp_svc_error(req, resp, rc != SVC_OK ? rc : SVC_NOT_FOUND);
		return;
	}
	api_send(resp, 200, json_pack("{s:o}", "person", p));
}

/* The member saying the person asked for the change, and why
   (service/rights.h): in->correction_reason.  0, or -1 after answering 422. */
static int read_correction(struct request *req, struct response *resp, json_t *body,
			   struct person_input *in)
{
	json_t *why = json_object_get(body, RIGHTS_CORRECTION_REASON);
	if (!why || json_is_null(why))
		return 0;
	if (!json_is_string(why)) {
		resp_error(req, resp, 422, "invalid", _("Ce champ doit être une chaîne de caractères."),
			   RIGHTS_CORRECTION_REASON);
		return -1;
	}
	in->correction_reason = arena_strdup(req->a, json_string_value(why));
	return 0;
}

void api_person_update(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	json_t *body = req->json;
	struct person_input in;
	json_t *org = json_object_get(body, persons_fields[PERSON_ORGANISATION].name);
	if (org && !json_is_null(org) && !json_is_string(org)) {
		resp_error(req, resp, 422, "invalid", _("Ce champ doit être une chaîne de caractères."),
			   persons_fields[PERSON_ORGANISATION].name);
	} else if (read_input(req, resp, body, &in, PERSON_LAST_NAME) == 0) {
		if (org && !json_is_null(org)) {
			resp_error(req, resp, 422, "invalid",
				   _("L'organisation d'une personne ne se change pas."), "organisation");
		} else if (read_correction(req, resp, body, &in) == 0) {
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
}

int api_person_listed(void *ctx, const struct person_view *p)
{
	json_array_append_new(ctx, person_json(p));
	return 0;
}

/* Without q, a page of the caller's persons (service/paging.h) by last
   contact; with q (even blank: all of hers), every match (at most
   PERSON_SEARCH_MAX, by name) in one page. */
void api_person_notice(struct request *req, struct response *resp)
{
	struct person_notice_input in = {NULL};
	if (api_fields(req, resp, req->json, persons_notice_fields, PERSON_NOTICE__FIELDS, &in) !=
	    0)
		return;
	int rc = persons_notice_given(req->svc, req->id, &in);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		resp->status = 204;
}

void api_persons_search(struct request *req, struct response *resp)
{
	struct page pg;
	if (api_page_query(req, resp, &pg, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX) != 0)
		return;
	const char *q = req_query(req, "q");
	json_t *list = json_array();
	int rc;
	if (q) {
		rc = persons_search(req->svc, q, api_person_listed, list);
		pg.total = (int64_t)json_array_size(list);
	} else
		rc = persons_page(req->svc, &pg, api_person_listed, list);
	api_send_page(req, resp, rc, "persons", list, &pg);
}
