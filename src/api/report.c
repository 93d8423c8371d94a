/* report — the bilan as JSON (the API and `relais report` share it). */
#include <string.h>

#include "api/api.h"
#include "domain/date.h"
#include "support/i18n.h"
#include "support/text.h"

static json_t *count_json(const struct report_count *c)
{
	return c->hidden ? json_null() : json_integer(c->value);
}

static json_t *breakdown_json(const struct report_breakdown *b)
{
	if (b->hidden)
		return json_null();
	json_t *o = json_object();
	for (size_t i = 0; i < b->n; i++)
		json_object_set_new(o, b->cells[i].key,
				    b->cells[i].suppressed ? json_null()
							   : json_integer(b->cells[i].count));
	return o;
}

json_t *api_report_json(const struct report *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(r->year));
	json_object_set_new(o, "scope", json_string(r->scope));
	json_object_set_new(o, "audience",
			    json_string(r->audience == REPORT_EMPLOYER ? "employer" : "service"));
	json_object_set_new(o, "organisations", json_integer(r->organisations));
	json_object_set_new(o, "headcount", json_integer(r->headcount));
	json_object_set_new(o, "persons_followed", count_json(&r->persons_followed));
	json_object_set_new(o, "share_of_headcount",
			    r->share_null ? json_null() : json_real(r->share_of_headcount));
	json_object_set_new(o, "new_cases", count_json(&r->new_cases));
	json_object_set_new(o, "closed_cases", count_json(&r->closed_cases));
	json_object_set_new(o, "by_status", breakdown_json(&r->by_status));
	json_object_set_new(o, "by_category", breakdown_json(&r->by_category));
	json_object_set_new(o, "by_family_situation", breakdown_json(&r->by_family_situation));
	json_object_set_new(o, "by_sex", breakdown_json(&r->by_sex));
	json_object_set_new(o, "by_age_band", breakdown_json(&r->by_age_band));
	json_object_set_new(o, "by_domain", breakdown_json(&r->by_domain));
	json_object_set_new(o, "by_theme", breakdown_json(&r->by_theme));
	json_object_set_new(o, "by_referral_source", breakdown_json(&r->by_referral_source));
	json_object_set_new(o, "by_outcome", breakdown_json(&r->by_outcome));
	json_object_set_new(
		o, "interventions",
		json_pack("{s:o, s:o, s:o, s:o}", "total", count_json(&r->interventions), "hours",
			  r->hours_null ? json_null() : json_real(r->hours), "by_mode",
			  breakdown_json(&r->by_mode), "by_kind", breakdown_json(&r->by_kind)));
	json_t *trends = json_array();
	for (size_t i = 0; i < r->ntrends; i++)
		json_array_append_new(trends,
				      json_pack("{s:s, s:o, s:o, s:b}", "theme", r->trends[i].theme,
						"previous", count_json(&r->trends[i].previous),
						"current", count_json(&r->trends[i].current),
						"emerging", r->trends[i].emerging));
	json_object_set_new(o, "trends", trends);
	json_object_set_new(o, "suppression",
			    json_pack("{s:i, s:I}", "threshold", DISCLOSURE_K, "cells_suppressed",
				      (json_int_t)r->cells_suppressed));
	return o;
}

void api_report_bilan(struct request *req, struct response *resp)
{
	/* Without a year: the current one, so far. */
	char today[DATE_LEN + 1];
	date_today(today);
	int64_t year = date_year(today);
	const char *y = req_query(req, "year");
	if (y && text_parse_int(y, REPORT_YEAR_MIN, REPORT_YEAR_MAX, &year) != 0) {
		resp_error(req, resp, 422, "invalid", _("L'année doit être comprise entre 1990 et 2100."),
			   "year");
		return;
	}
	const char *audience = req_query(req, "audience");
	enum report_audience aud = REPORT_SERVICE;
	if (audience && strcmp(audience, "employer") == 0)
		aud = REPORT_EMPLOYER;
	else if (audience && strcmp(audience, "service") != 0) {
		resp_error(req, resp, 422, "invalid", _("Public : service ou employer."), "audience");
		return;
	}
	/* An employer gets the employer report whatever it asked for. */
	const struct actor *who = svc_actor(req->svc);
	if (who && who->role == ROLE_EMPLOYER && !audience)
		aud = REPORT_EMPLOYER;
	struct ageband bands;
	const char *b = req_query(req, "age_bands");
	char err[128];
	if (b && ageband_parse(b, &bands, err, sizeof err) != 0) {
		resp_error(req, resp, 422, "invalid",
			   _("Tranches d'âge : bornes croissantes séparées par des virgules (ex. 35,56)."),
			   "age_bands");
		return;
	}
	const char *format = req_query(req, "format");
	if (format && strcmp(format, "json") != 0) {
		resp_error(req, resp, 422, "invalid", _("Format disponible : json."), "format");
		return;
	}
	struct report *r = NULL;
	int rc = report_compute(req->svc, (int)year, req_query(req, "organisation"), aud,
				b ? &bands : NULL, &r);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 200, api_report_json(r));
	report_free(r);
}
