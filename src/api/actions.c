/* actions — collective actions over the API (service/actions.h). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "service/actions.h"
#include "service/corrections.h"
#include "support/i18n.h"
#include "support/text.h"

/* The body's action into in, its partners (an array of ids, which no field
   type describes) read apart: 0, or -1 after answering. */
static int action_of(struct request *req, struct response *resp, struct action_input *in)
{
	json_t *body = req->json;
	memset(in, 0, sizeof *in);
	if (api_fields(req, resp, body, actions_fields, ACTION__FIELDS, in) != 0)
		return -1;
	json_t *partners = json_object_get(body, ACTION_PARTNERS_NAME);
	int ok = !partners || json_is_null(partners) ||
		 (json_is_array(partners) && json_array_size(partners) <= ACTION_PARTNERS_MAX);
	size_t n = json_is_array(partners) ? json_array_size(partners) : 0;
	int64_t *ids = arena_alloc(req->a, sizeof *ids * (n ? n : 1));
	for (size_t i = 0; ok && i < n; i++) {
		json_t *v = json_array_get(partners, i);
		ok = json_is_integer(v);
		ids[i] = ok ? json_integer_value(v) : 0;
	}
	if (!ok) {
		resp_error(req, resp, 422, "invalid",
			   _("« partners » est une liste d'au plus 20 identifiants de partenaires."),
			   ACTION_PARTNERS_NAME);
		return -1;
	}
	in->partners = ids;
	in->npartners = (int)n;
	return 0;
}

void api_actions_create(struct request *req, struct response *resp)
{
	struct action_input in;
	if (action_of(req, resp, &in) != 0)
		return;
	int64_t id = 0;
	int rc = actions_create(req->svc, &in, &id);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

/* PATCH /api/v1/collective-actions/{id}: every field, as when recorded,
   and the reason (service/corrections.h). */
void api_actions_correct(struct request *req, struct response *resp)
{
	struct action_input in;
	struct correction_input why;
	memset(&why, 0, sizeof why);
	if (action_of(req, resp, &in) != 0 ||
	    api_fields(req, resp, req->json, corrections_fields, CORRECTION_INPUT__FIELDS, &why) !=
		    0)
		return;
	int rc = actions_correct(req->svc, req->id, &in, why.reason);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200, json_pack("{s:I}", "id", (json_int_t)req->id));
}

/* DELETE /api/v1/collective-actions/{id} {"reason": …} */
void api_actions_delete(struct request *req, struct response *resp)
{
	struct correction_input why;
	memset(&why, 0, sizeof why);
	if (api_fields(req, resp, req->json, corrections_fields, CORRECTION_INPUT__FIELDS, &why) !=
	    0)
		return;
	int rc = actions_delete(req->svc, req->id, why.reason);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200, json_pack("{s:I, s:b}", "id", (json_int_t)req->id, "deleted", 1));
}

/* "3,12" → [3, 12]. */
static json_t *id_list(const char *text)
{
	json_t *a = json_array();
	for (const char *p = text; p && *p;) {
		char *end;
		long long id = strtoll(p, &end, 10);
		if (end == p)
			break;
		json_array_append_new(a, json_integer(id));
		p = *end == ',' ? end + 1 : end;
	}
	return a;
}

static int listed(void *ctx, const struct action_view *v)
{
	json_array_append_new(
		ctx, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:o}", "id",
			       (json_int_t)v->id, "organisation", v->organisation,
			       "organisation_name", v->organisation_name, "date", v->date, "topic",
			       v->topic, "format", v->format, "title", v->title, "participants",
			       (json_int_t)v->participants, "duration_minutes",
			       (json_int_t)v->duration_minutes, "partners", id_list(v->partners)));
	return 0;
}

void api_actions_list(struct request *req, struct response *resp)
{
	const char *y = req_query(req, "year");
	int64_t year = 0;
	if (y && *y && text_parse_int(y, 1, 9999, &year) != 0) {
		resp_error(req, resp, 422, "invalid", _("L'année doit être comprise entre 1990 et 2100."),
			   "year");
		return;
	}
	json_t *list = json_array();
	api_send_list(req, resp,
		      actions_list(req->svc, req_query(req, "organisation"), year, listed, list),
		      "collective_actions", list);
}
