/*
 * employee_requests — the organisations' public request links and the
 * employees' requests, over the API (service/employee_requests.h).
 */
#include <string.h>

#include "api/api.h"
#include "api/paging.h"
#include "service/employee_requests.h"
#include "service/paging.h"
#include "support/i18n.h"

void api_employee_requests_link_create(struct request *req, struct response *resp)
{
	char token[SEC_TOKEN_LEN + 1];
	int rc = employee_requests_link_create(req->svc, req->params[0], token);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	const char *path = arena_printf(req->a, "/demande/%s", token);
	api_send(resp, 201,
		 json_pack("{s:s, s:s}", "url", req_absolute_url(req, path), "path", path));
}

void api_employee_requests_link_delete(struct request *req, struct response *resp)
{
	int rc = employee_requests_link_revoke(req->svc, req->params[0]);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		resp->status = 204;
}

static int employee_listed(void *ctx, const struct employee_request_view *v)
{
	json_array_append_new(
		ctx, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:I}", "id",
			       (json_int_t)v->id, "organisation", v->organisation,
			       "organisation_name", v->organisation_name, "last_name", v->last_name,
			       "first_name", v->first_name, "contact", v->contact, "preference",
			       v->preference, "message", api_nullable(v->message), "status",
			       v->status, "person_id",
			       v->person_id ? json_integer(v->person_id) : json_null(),
			       "created_at", (json_int_t)v->created_at));
	return 0;
}

/* A page of the requests (service/paging.h), oldest first. */
void api_employee_requests_list(struct request *req, struct response *resp)
{
	struct page pg;
	if (api_page_query(req, resp, &pg, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX) != 0)
		return;
	json_t *list = json_array();
	api_send_page(req, resp,
		      employee_requests_page(req->svc, req_query(req, "status"), &pg,
					     employee_listed, list),
		      "employee_requests", list, &pg);
}

void api_employee_requests_convert(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	json_t *body = req->json;
	struct person_input in;
	memset(&in, 0, sizeof in);
	in.statistics = 1;
	/* The first appointment, booked with the conversion (optional). */
	struct appointment_input appt;
	memset(&appt, 0, sizeof appt);
	json_t *a = json_object_get(body, EMPREQ_APPOINTMENT);
	int with_appt = json_is_object(a);
	if (api_fields(req, resp, body, employee_requests_convert_fields, EMPREQ_CONVERT__FIELDS,
		       &in) != 0 ||
	    api_fields(req, resp, body, persons_confirm_fields, PERSON_CONFIRM__FIELDS, &in) != 0)
		return;
	if (a && !json_is_null(a) && !with_appt) {
		resp_error(req, resp, 422, "invalid",
			   _("« appointment » : {\"start\",\"end\",\"mode\",\"site\"}."),
			   EMPREQ_APPOINTMENT);
		return;
	}
	if (with_appt && api_fields(req, resp, a, employee_requests_appointment_fields,
				    EMPREQ_APPT__FIELDS, &appt) != 0)
		return;
	int64_t person = 0, appointment = 0;
	json_t *ids = json_array();
	int rc = employee_requests_convert(req->svc, id, &in, with_appt ? &appt : NULL,
					   api_duplicate_id, ids, &person, &appointment);
	if (api_duplicates_answer(req, resp, rc, ids))
		return;
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 201,
			 json_pack("{s:I, s:s, s:I, s:o}", "id", (json_int_t)id, "status",
				   "converted", "person_id", (json_int_t)person, "appointment_id",
				   appointment ? json_integer(appointment) : json_null()));
}

void api_employee_requests_dismiss(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	int rc = employee_requests_dismiss(req->svc, id);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
					      "dismissed"));
}
