/* agenda — permanences, appointments and the calendar feed over the API. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "domain/agenda.h"
#include "domain/date.h"
#include "service/agenda.h"
#include "service/app.h"
#include "service/calendar.h"
#include "support/i18n.h"
#include "support/text.h"

/* An integer member: absent gives def; anything but an integer within
   [min, max] is a 422 on key.  0, or -1 after answering. */
static int int_member(json_t *body, const char *key, int64_t min, int64_t max, int64_t def,
		      const char *message, struct request *req, struct response *resp,
		      int64_t *out)
{
	json_t *v = json_object_get(body, key);
	*out = def;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		resp_error(req, resp, 422, "invalid", message, key);
		return -1;
	}
	*out = json_integer_value(v);
	return 0;
}

/* 201 {"id"} when rc is SVC_OK, the service error otherwise. */
static void created(struct request *req, struct response *resp, int rc, const int64_t *id)
{
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)*id));
}

/* ---- permanences ---- */

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
		bad = int_member(body, "weekday", 1, 7, 0,
				 _("Le jour est un nombre de 1 (lundi) à 7 (dimanche)."), req, resp,
				 &in.weekday) != 0 ||
		      int_member(body, "every_weeks", 1, 4, 1,
				 _("La fréquence est de 1, 2 ou 4 semaines."), req, resp,
				 &in.every_weeks) != 0;
	if (!bad) {
		int64_t id = 0;
		created(req, resp, permanences_create(req->svc, &in, &id), &id);
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

void api_permanence_cancel(struct request *req, struct response *resp)
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

/* ---- appointments ---- */

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
	json_t *body = api_body(req, resp);
	if (!body)
		return;
	int bad = 0;
	struct appointment_input in;
	memset(&in, 0, sizeof in);
	in.worker = api_string(body, "worker", req, resp, &bad);
	in.start = api_string(body, "start", req, resp, &bad);
	in.end = api_string(body, "end", req, resp, &bad);
	in.mode = api_string(body, "mode", req, resp, &bad);
	in.site = api_string(body, "site", req, resp, &bad);
	if (!bad)
		bad = int_member(body, "person_id", 1, INT64_MAX, 0, _("Personne inconnue."), req,
				 resp, &in.person_id) != 0;
	if (!bad) {
		json_t *st = json_object_get(body, "status");
		if (st && !json_is_null(st) &&
		    (!json_is_string(st) || strcmp(json_string_value(st), "prevu") != 0)) {
			resp_error(req, resp, 422, "invalid",
				   _("Un rendez-vous se prend au statut « prevu »."), "status");
			bad = 1;
		}
	}
	if (!bad) {
		int64_t id = 0;
		created(req, resp, appointments_create(req->svc, &in, &id), &id);
	}
	json_decref(body);
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

void api_appointment_get(struct request *req, struct response *resp)
{
	int64_t id = req_param_id(req, 0);
	json_t *o = NULL;
	int rc = id ? appointments_get(req->svc, id, appointment_one, &o) : SVC_NOT_FOUND;
	if (rc == SVC_OK && !o)
		rc = SVC_NOT_FOUND;
	if (rc != SVC_OK) {
		json_decref(o);
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 200, o);
}

void api_appointment_update(struct request *req, struct response *resp)
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
	const char *status = api_string(body, "status", req, resp, &bad);
	if (!bad) {
		int rc = appointments_set_status(req->svc, id, status);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
						      status));
	}
	json_decref(body);
}

void api_appointment_intervention(struct request *req, struct response *resp)
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
	int64_t duration = -1;
	const char *kind = api_string(body, "kind", req, resp, &bad);
	const char *notes = api_string(body, "notes", req, resp, &bad);
	if (!bad)
		bad = int_member(body, "duration_minutes", 0, 1440, -1,
				 _("La durée est un nombre de minutes entre 0 et 1440."), req, resp,
				 &duration) != 0;
	if (!bad) {
		int64_t iid = 0;
		int rc = appointments_intervention(req->svc, id, kind, duration, notes, &iid);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)iid,
						      "appointment_id", (json_int_t)id, "status",
						      "honore"));
	}
	json_decref(body);
}

/* ---- the calendar feed ---- */

/* The feed's address: absolute when the request named a plausible host. */
static json_t *feed_json(struct request *req, const char *secret)
{
	const char *host = req_header(req, "Host");
	int ok = host && *host && strlen(host) <= 255;
	for (const char *p = host; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		     (*p >= '0' && *p <= '9') || strchr(".-:[]", *p) != NULL;
	int secure = app_config(svc_app(req->svc))->secure_cookies;
	char url[512];
	if (ok)
		snprintf(url, sizeof url, "%s://%s/calendar/%s.ics", secure ? "https" : "http", host,
			 secret);
	else
		snprintf(url, sizeof url, "/calendar/%s.ics", secret);
	return json_pack("{s:s}", "feed_url", url);
}

static void feed(struct request *req, struct response *resp, int revoke)
{
	char secret[CALENDAR_SECRET_LEN + 1];
	int rc = calendar_secret(req->svc, revoke, secret);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 200, feed_json(req, secret));
}

void api_calendar_get(struct request *req, struct response *resp)
{
	feed(req, resp, 0);
}

void api_calendar_revoke(struct request *req, struct response *resp)
{
	feed(req, resp, 1);
}

/* GET /calendar/{secret}.ics — no session: the secret is the key. */
void api_calendar_feed(struct request *req, struct response *resp)
{
	const char *file = req->params[0];
	size_t n = file ? strlen(file) : 0;
	char secret[CALENDAR_SECRET_LEN + 1];
	if (n != CALENDAR_SECRET_LEN + 4 || strcmp(file + CALENDAR_SECRET_LEN, ".ics") != 0) {
		resp_text(resp, 404, "text/plain; charset=utf-8", "not found\n");
		return;
	}
	memcpy(secret, file, CALENDAR_SECRET_LEN);
	secret[CALENDAR_SECRET_LEN] = '\0';
	int rc = calendar_render(req->svc, secret, &resp->body);
	if (rc != SVC_OK) {
		buf_reset(&resp->body);
		resp_text(resp, rc == SVC_NOT_FOUND ? 404 : 500, "text/plain; charset=utf-8",
			  rc == SVC_NOT_FOUND ? "not found\n" : "error\n");
		return;
	}
	resp->status = 200;
	resp->content_type = "text/calendar; charset=utf-8";
	resp_header(resp, "Cache-Control", "private, no-store");
}
