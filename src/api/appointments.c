/* appointments — the appointments and the week over the API
   (service/appointments.h, service/agenda.h). */
#include <string.h>

#include "api/api.h"
#include "domain/agenda.h"
#include "domain/date.h"
#include "service/agenda.h"
#include "service/appointments.h"
#include "support/i18n.h"

static json_t *appointment_json(const struct appointment_view *v)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:b, s:o, s:o, s:o, s:s, s:s, s:s, s:o, s:s, s:o}",
			      "id", (json_int_t)v->id, "worker", v->worker, "worker_name",
			      v->worker_name, "first_contact", !v->has_person, "person_id",
			      v->person_id ? json_integer(v->person_id) : json_null(), "person",
			      api_nullable(v->person), "case_id",
			      v->case_id ? json_integer(v->case_id) : json_null(), "start", v->start,
			      "end", v->end, "mode", v->mode, "site", api_nullable(v->site),
			      "status", v->status, "intervention_id",
			      v->intervention_id ? json_integer(v->intervention_id) : json_null());
	return o;
}

void api_appointments_create(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct appointment_input in;
	memset(&in, 0, sizeof in);
	int bad = api_fields(req, resp, body, appointments_fields, APPOINTMENT__FIELDS, &in) != 0;
	if (!bad) {
		/* A booking is planned: a status, when sent, says so. */
		const char *name = appointments_status_fields[APPOINTMENT_STATUS].name;
		json_t *st = json_object_get(body, name);
		if (st && !json_is_null(st) &&
		    (!json_is_string(st) || strcmp(json_string_value(st), "prevu") != 0)) {
			resp_error(req, resp, 422, "invalid",
				   _("Un rendez-vous se prend au statut « prevu »."), name);
			bad = 1;
		}
	}
	if (!bad) {
		int64_t id = 0;
		api_send_created(req, resp, appointments_create(req->svc, &in, &id), &id);
	}
}

struct week {
	json_t *occurrences, *appointments;
};

static int occurrence_listed(void *ctx, const struct occurrence_view *v)
{
	struct week *w = ctx;
	json_array_append_new(w->occurrences,
			      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "permanence_id",
					(json_int_t)v->permanence_id, "date", v->date, "start",
					v->start, "end", v->end, "site", v->site, "organisation_name",
					v->organisation_name));
	return 0;
}

static int appointment_listed(void *ctx, const struct appointment_view *v)
{
	struct week *w = ctx;
	json_array_append_new(w->appointments, appointment_json(v));
	return 0;
}

/* The week asked by ?week=YYYY-Www or ?date= (default: this week): its
   Monday and the next Monday; 0, or -1 after answering 422. */
static int week_of(struct request *req, struct response *resp, char monday[DATE_LEN + 1],
		   char next[DATE_LEN + 1])
{
	const char *week = req_query(req, "week"), *date = req_query(req, "date");
	char today[DATE_LEN + 1];
	date_today(today);
	if (week && *week) {
		if (agenda_week_parse(week, monday) != 0) {
			resp_error(req, resp, 422, "invalid", _("La semaine s'écrit AAAA-Wnn."),
				   "week");
			return -1;
		}
	} else if (date && *date) {
		if (!date_valid(date)) {
			resp_error(req, resp, 422, "invalid", _("La date s'écrit AAAA-MM-JJ."),
				   "date");
			return -1;
		}
		agenda_monday(date, monday);
	} else {
		agenda_monday(today, monday);
	}
	date_add_days(monday, 7, next);
	return 0;
}

void api_appointments_list(struct request *req, struct response *resp)
{
	char monday[DATE_LEN + 1], next[DATE_LEN + 1];
	if (week_of(req, resp, monday, next) != 0)
		return;
	struct week w = {json_array(), json_array()};
	int rc = agenda_read(req->svc, req_query(req, "worker"), monday, next, occurrence_listed,
			     appointment_listed, &w);
	if (rc != SVC_OK) {
		json_decref(w.occurrences);
		json_decref(w.appointments);
		resp_svc_error(req, resp, rc);
		return;
	}
	char name[AGENDA_WEEK_LEN + 1];
	agenda_week_name(monday, name);
	api_send(resp, 200,
		 json_pack("{s:s, s:s, s:o, s:o}", "week", name, "from", monday, "permanences",
			   w.occurrences, "appointments", w.appointments));
}

static int appointment_one(void *ctx, const struct appointment_view *v)
{
	*(json_t **)ctx = appointment_json(v);
	return 1;
}

void api_appointments_get(struct request *req, struct response *resp)
{
	json_t *o = NULL;
	int rc = appointments_get(req->svc, req->id, appointment_one, &o);
	if (rc == SVC_OK && !o)
		rc = SVC_NOT_FOUND;
	if (rc != SVC_OK) {
		json_decref(o);
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 200, o);
}

void api_appointments_update(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	json_t *body = req->json;
	struct appointment_status in = {NULL};
	if (api_fields(req, resp, body, appointments_status_fields, APPOINTMENT_STATUS__FIELDS,
		       &in) == 0) {
		int rc = appointments_set_status(req->svc, id, in.status);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
						      in.status));
	}
}

void api_appointments_intervention(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	json_t *body = req->json;
	struct appointment_intervention in = {NULL, -1, NULL};
	if (api_fields(req, resp, body, appointments_intervention_fields,
		       APPOINTMENT_INTERVENTION__FIELDS, &in) == 0) {
		int64_t iid = 0;
		int rc = appointments_intervention(req->svc, id, in.kind, in.duration_minutes,
						   in.notes, &iid);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)iid,
						      "appointment_id", (json_int_t)id, "status",
						      "honore"));
	}
}

void api_appointments_move(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct appointment_move in = {NULL, NULL};
	if (api_fields(req, resp, req->json, appointments_move_fields, APPOINTMENT_MOVE__FIELDS,
		       &in) != 0)
		return;
	int rc = appointments_move(req->svc, id, in.start, in.end);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	json_t *o = NULL;
	rc = appointments_get(req->svc, id, appointment_one, &o);
	if (rc != SVC_OK || !o) {
		json_decref(o);
		resp_svc_error(req, resp, rc != SVC_OK ? rc : SVC_NOT_FOUND);
		return;
	}
	api_send(resp, 200, o);
}
