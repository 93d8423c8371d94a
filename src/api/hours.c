/* conventions — conventions, time entries and hours consumed, over the API. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "domain/date.h"
#include "service/hours.h"
#include "support/i18n.h"
#include "support/text.h"

void api_hours_conventions_create(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct convention_input in = {NULL, NULL, NULL, -1, -1, NULL, 0};
	if (api_fields(req, resp, body, conventions_fields, CONVENTION__FIELDS, &in) != 0)
		return;
	/* The vacation unit: hours as a number ("3.5"), which no field type
	   reads; to minutes.  An explicit 0 (or less) is refused by the
	   service, never taken for the default. */
	json_t *unit = json_object_get(body, CONVENTION_VACATION_NAME);
	if (unit && !json_is_null(unit)) {
		if (!json_is_number(unit)) {
			const struct field *f = &conventions_form_fields[CONVENTION_FORM_VACATION];
			resp_error(req, resp, 422, "invalid", _(field_message(f)), f->name);
			return;
		}
		double h = json_number_value(unit);
		in.vacation_minutes = h > 0 && h <= 24 ? llround(h * 60.0) : -1;
		if (in.vacation_minutes == 0)
			in.vacation_minutes = -1;
	}
	int64_t id = 0;
	int rc = hours_conventions_create(req->svc, req->params[0], &in, &id);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static json_t *convention_json(const struct convention_view *v)
{
	json_t *o = json_pack(
		"{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)v->id, "kind", v->kind,
		"starts_on", v->starts_on, "ends_on", v->ends_on, "hours_per_year",
		v->hours_per_year < 0 ? json_null() : json_integer(v->hours_per_year),
		"hourly_rate_cents",
		v->hourly_rate_cents < 0 ? json_null() : json_integer(v->hourly_rate_cents), "notes",
		api_nullable(v->notes));
	/* Whole hours as integers ("2"), others with their decimals ("3.5"). */
	json_object_set_new(o, "vacation_hours",
			    v->vacation_minutes % 60 == 0
				    ? json_integer(v->vacation_minutes / 60)
				    : json_real((double)v->vacation_minutes / 60.0));
	return o;
}

static int listed(void *ctx, const struct convention_view *v)
{
	json_array_append_new(ctx, convention_json(v));
	return 0;
}

void api_hours_conventions_list(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, hours_conventions_list(req->svc, req->params[0], listed, list),
		      "conventions", list);
}

void api_hours_time_create(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct time_input in;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, body, times_fields, TIME__FIELDS, &in) == 0) {
		int64_t id = 0;
		int rc = hours_time_record(req->svc, &in, &id);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	}
}

static json_t *activities_json(const double *hours)
{
	json_t *o = json_object();
	for (int a = 0; a < HOURS_ACTIVITIES; a++)
		json_object_set_new(o, hours_activities[a], json_real(hours[a]));
	return o;
}

/* The consumption as the service gave it: an invoice (month totals of
   the closed months, no by_activity key at all) or the detail. */
json_t *api_consumption_json(const struct consumption *c)
{
	json_t *months = json_array();
	for (int m = 0; m < c->months && m < 12; m++) {
		char month[32];
		snprintf(month, sizeof month, "%04d-%02d", c->year % 10000, m + 1);
		json_t *e = json_pack("{s:s, s:f}", "month", month, "hours", c->month_total[m]);
		if (!c->invoice_only)
			json_object_set_new(e, "by_activity", activities_json(c->by_month[m]));
		json_array_append_new(months, e);
	}
	json_t *o = json_pack("{s:o, s:f, s:o, s:o, s:o, s:b, s:o}", "bought",
			      c->bought_set ? json_real(c->bought) : json_null(), "spent", c->spent,
			      "remaining", c->bought_set ? json_real(c->remaining) : json_null(),
			      "percent",
			      c->bought_set && c->bought > 0 ? json_real(c->percent) : json_null(),
			      "alert", c->alert ? json_integer(c->alert) : json_null(), "invoice",
			      c->invoice_only, "by_month", months);
	if (!c->invoice_only)
		json_object_set_new(o, "by_activity", activities_json(c->by_activity));
	return o;
}

void api_hours_consumption(struct request *req, struct response *resp)
{
	char today[DATE_LEN + 1];
	date_today(today);
	int64_t year = date_year(today);
	const char *y = req_query(req, "year");
	if (y && text_parse_int(y, 1990, 2100, &year) != 0) {
		resp_error(req, resp, 422, "invalid", _("L'année doit être comprise entre 1990 et 2100."),
			   "year");
		return;
	}
	struct consumption c;
	int rc = hours_consumption_get(req->svc, req->params[0], (int)year, &c);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	json_t *o = api_consumption_json(&c);
	json_object_set_new(o, "organisation", json_string(req->params[0]));
	json_object_set_new(o, "year", json_integer(year));
	api_send(resp, 200, o);
}
