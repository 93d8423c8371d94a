/* report — the bilan as JSON (the API and `relais report` share it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "render/bilan.h"
#include "domain/date.h"
#include "support/csvwrite.h"
#include "support/i18n.h"
#include "support/text.h"

static json_t *count_json(const struct bilan_count *c)
{
	return c->hidden ? json_null() : json_integer(c->value);
}

static json_t *breakdown_json(const struct bilan_breakdown *b)
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

json_t *api_report_json(const struct bilan *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(r->year));
	json_object_set_new(o, "scope", json_string(r->scope));
	json_object_set_new(o, "audience",
			    json_string(r->audience == BILAN_EMPLOYER ? "employer" : "service"));
	if (r->version) { /* a published bilan: which version, since when */
		json_object_set_new(o, "version", json_integer(r->version));
		json_object_set_new(o, "published_at", json_integer(r->published_at));
	}
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
	json_object_set_new(
		o, "aids",
		json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "requests", count_json(&r->aids_requests),
			  "granted", count_json(&r->aids_granted), "amount_requested_cents",
			  count_json(&r->aids_amount_requested), "amount_granted_cents",
			  count_json(&r->aids_amount_granted), "by_funder",
			  breakdown_json(&r->aids_by_funder), "by_decision",
			  breakdown_json(&r->aids_by_decision)));
	json_object_set_new(o, "orientations",
			    json_pack("{s:o, s:o, s:o}", "total", count_json(&r->orientations),
				      "by_partner_kind",
				      breakdown_json(&r->orientations_by_partner_kind), "by_status",
				      breakdown_json(&r->orientations_by_status)));
	json_object_set_new(o, "collective_actions",
			    json_pack("{s:o, s:o, s:o}", "total", count_json(&r->actions),
				      "participants", count_json(&r->action_participants), "by_topic",
				      breakdown_json(&r->actions_by_topic)));
	json_object_set_new(o, "job_retention",
			    json_pack("{s:o, s:o}", "persons_on_long_leave",
				      count_json(&r->persons_on_long_leave), "by_outcome",
				      breakdown_json(&r->job_retention_by_outcome)));
	const struct consumption *c = &r->consumption;
	/* An employer's hours are an invoice: one total, never split. */
	json_t *by_activity = r->consumption.invoice_only ? json_null() : json_object();
	for (int a = 0; !r->consumption.invoice_only && a < HOURS_ACTIVITIES; a++)
		json_object_set_new(by_activity, hours_activities[a], json_real(c->by_activity[a]));
	json_object_set_new(o, "hours",
			    json_pack("{s:o, s:f, s:o}", "bought",
				      c->bought_set ? json_real(c->bought) : json_null(), "spent",
				      c->spent, "by_activity", by_activity));
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

/* ---- CSV: one row per (breakdown, key, value) ---- */

static void csv_row(buf *b, const char *breakdown, const char *key, const char *value)
{
	csv_field(b, breakdown);
	csv_sep(b);
	csv_field(b, key);
	csv_sep(b);
	csv_field(b, value);
	csv_end(b);
}

static void csv_count(buf *b, const char *breakdown, const char *key, int64_t n, int hidden)
{
	char text[32];
	if (hidden)
		snprintf(text, sizeof text, "< %d", DISCLOSURE_K);
	else
		snprintf(text, sizeof text, "%lld", (long long)n);
	csv_row(b, breakdown, key, text);
}

static void csv_breakdown(buf *b, const char *name, const struct bilan_breakdown *bd)
{
	/* Nothing of a hidden breakdown is published, not even its zeros. */
	if (bd->hidden) {
		csv_count(b, name, "", 0, 1);
		return;
	}
	for (size_t i = 0; i < bd->n; i++)
		csv_count(b, name, bd->cells[i].key, bd->cells[i].count, bd->cells[i].suppressed);
}

void api_report_csv(const struct bilan *r, buf *b)
{
	char text[64];
	csv_row(b, "breakdown", "key", "value");
	snprintf(text, sizeof text, "%d", r->year);
	csv_row(b, "year", "", text);
	csv_row(b, "scope", "", r->scope);
	csv_row(b, "audience", "", r->audience == BILAN_EMPLOYER ? "employer" : "service");
	if (r->version) { /* a published bilan: which version, since when */
		csv_count(b, "version", "", r->version, 0);
		csv_count(b, "published_at", "", r->published_at, 0);
	}
	csv_count(b, "organisations", "", r->organisations, 0);
	csv_count(b, "headcount", "", r->headcount, 0);
	csv_count(b, "persons_followed", "", r->persons_followed.value, r->persons_followed.hidden);
	snprintf(text, sizeof text, "%.4f", r->share_of_headcount);
	csv_row(b, "share_of_headcount", "", r->share_null ? "" : text);
	csv_count(b, "new_cases", "", r->new_cases.value, r->new_cases.hidden);
	csv_count(b, "closed_cases", "", r->closed_cases.value, r->closed_cases.hidden);
	csv_breakdown(b, "by_status", &r->by_status);
	csv_breakdown(b, "by_category", &r->by_category);
	csv_breakdown(b, "by_family_situation", &r->by_family_situation);
	csv_breakdown(b, "by_sex", &r->by_sex);
	csv_breakdown(b, "by_age_band", &r->by_age_band);
	csv_breakdown(b, "by_domain", &r->by_domain);
	csv_breakdown(b, "by_theme", &r->by_theme);
	csv_breakdown(b, "by_referral_source", &r->by_referral_source);
	csv_breakdown(b, "by_outcome", &r->by_outcome);
	csv_count(b, "interventions.total", "", r->interventions.value, r->interventions.hidden);
	snprintf(text, sizeof text, "%.1f", r->hours);
	csv_row(b, "interventions.hours", "", r->hours_null ? "" : text);
	csv_breakdown(b, "interventions.by_mode", &r->by_mode);
	csv_breakdown(b, "interventions.by_kind", &r->by_kind);
	csv_count(b, "aids.requests", "", r->aids_requests.value, r->aids_requests.hidden);
	csv_count(b, "aids.granted", "", r->aids_granted.value, r->aids_granted.hidden);
	csv_count(b, "aids.amount_requested_cents", "", r->aids_amount_requested.value,
		  r->aids_amount_requested.hidden);
	csv_count(b, "aids.amount_granted_cents", "", r->aids_amount_granted.value,
		  r->aids_amount_granted.hidden);
	csv_breakdown(b, "aids.by_funder", &r->aids_by_funder);
	csv_breakdown(b, "aids.by_decision", &r->aids_by_decision);
	csv_count(b, "orientations.total", "", r->orientations.value, r->orientations.hidden);
	csv_breakdown(b, "orientations.by_partner_kind", &r->orientations_by_partner_kind);
	csv_breakdown(b, "orientations.by_status", &r->orientations_by_status);
	csv_count(b, "collective_actions.total", "", r->actions.value, r->actions.hidden);
	csv_count(b, "collective_actions.participants", "", r->action_participants.value,
		  r->action_participants.hidden);
	csv_breakdown(b, "collective_actions.by_topic", &r->actions_by_topic);
	csv_count(b, "job_retention.persons_on_long_leave", "", r->persons_on_long_leave.value,
		  r->persons_on_long_leave.hidden);
	csv_breakdown(b, "job_retention.by_outcome", &r->job_retention_by_outcome);
	snprintf(text, sizeof text, "%.1f", r->consumption.bought);
	csv_row(b, "hours.bought", "", r->consumption.bought_set ? text : "");
	snprintf(text, sizeof text, "%.1f", r->consumption.spent);
	csv_row(b, "hours.spent", "", text);
	for (int a = 0; !r->consumption.invoice_only && a < HOURS_ACTIVITIES; a++) {
		snprintf(text, sizeof text, "%.1f", r->consumption.by_activity[a]);
		csv_row(b, "hours.by_activity", hours_activities[a], text);
	}
	for (size_t i = 0; i < r->ntrends; i++) {
		const struct bilan_trend *t = &r->trends[i];
		csv_count(b, "trends.previous", t->theme, t->previous.value, t->previous.hidden);
		csv_count(b, "trends.current", t->theme, t->current.value, t->current.hidden);
		csv_row(b, "trends.emerging", t->theme, t->emerging ? "true" : "false");
	}
	csv_count(b, "suppression.threshold", "", DISCLOSURE_K, 0);
	csv_count(b, "suppression.cells_suppressed", "", (int64_t)r->cells_suppressed, 0);
}

static const struct report_format formats[] = {
	{"json", "application/json"},
	{"csv", "text/csv; charset=utf-8"},
	{"csv-fr", "text/csv; charset=utf-8"},
	{"html", "text/html; charset=utf-8"},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"pdf", "application/pdf"},
};

const struct report_format *api_report_format(const char *name)
{
	for (size_t i = 0; name && i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

int api_report_render(svc *s, const struct bilan *r, const struct report_format *f, buf *out)
{
	if (strcmp(f->name, "json") == 0) {
		json_t *j = api_report_json(r);
		char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
						   JSON_REAL_PRECISION(12));
		json_decref(j);
		if (!text)
			return SVC_ERROR;
		buf_puts(out, text);
		buf_putc(out, '\n');
		free(text);
		return SVC_OK;
	}
	if (strcmp(f->name, "csv") == 0) {
		api_report_csv(r, out);
		return SVC_OK;
	}
	arena *a = arena_new();
	struct bilan_doc d;
	int rc = bilan_doc_build(a, s, r, &d);
	if (rc == SVC_OK) {
		if (strcmp(f->name, "html") == 0)
			bilan_html_document(&d, out);
		else if (strcmp(f->name, "csv-fr") == 0)
			bilan_csvfr(&d, out);
		else if (strcmp(f->name, "xlsx") == 0)
			rc = bilan_xlsx(&d, out) == 0 ? SVC_OK : SVC_ERROR;
		else
			rc = bilan_pdf(&d, out) == 0 ? SVC_OK : SVC_ERROR;
	}
	arena_free(a);
	return rc;
}

/* Sends bilan r (freed here) in format (NULL: JSON). */
static void send_bilan(struct request *req, struct response *resp, struct bilan *r,
		       const struct report_format *format)
{
	if (!format || strcmp(format->name, "json") == 0) {
		api_send(resp, 200, api_report_json(r));
		bilan_free(r);
		return;
	}
	buf_reset(&resp->body);
	int rc = api_report_render(req->svc, r, format, &resp->body);
	if (rc != SVC_OK) {
		bilan_free(r);
		buf_reset(&resp->body);
		resp_svc_error(req, resp, rc);
		return;
	}
	resp->status = 200;
	resp->content_type = format->content_type;
	int fr = strcmp(format->name, "csv-fr") == 0; /* bilan-2008-service-fr.csv */
	resp_header(resp, "Content-Disposition",
		    arena_printf(req->a, "attachment; filename=\"bilan-%d-%s%s.%s\"", r->year,
				 r->scope, fr ? "-fr" : "", fr ? "csv" : format->name));
	bilan_free(r);
}

/*
 * An employer reads the bilans the head published, nothing else: the
 * parameters are the period, its own organisation and the format; any
 * other is refused, never ignored (issue 11).
 */
static void employer_bilan(struct request *req, struct response *resp)
{
	static const char *const allowed[] = {"year", "organisation", "format"};
	const char *other = req_query_other(req, allowed, sizeof allowed / sizeof allowed[0]);
	if (other) {
		resp_error(req, resp, 400, "bad_parameter",
			   arena_printf(req->a,
					_("Paramètre refusé : %s. Le bilan d'un employeur est celui que "
					  "le service a publié ; seuls l'année (year), l'organisation "
					  "et le format peuvent être choisis."),
					other),
			   other);
		return;
	}
	const struct report_format *format = api_report_format(req_query(req, "format"));
	if (req_query(req, "format") && !format) {
		resp_error(req, resp, 400, "bad_parameter",
			   _("Formats disponibles : json, html, csv, csv-fr, xlsx, pdf."), "format");
		return;
	}
	int latest;
	const char *published;
	int rc = bilan_doc_published_years(req->a, req->svc, req_query(req, "organisation"),
					   &latest, &published);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	int64_t year = latest;
	const char *ys = req_query(req, "year");
	if (ys && text_parse_int(ys, BILAN_YEAR_MIN, BILAN_YEAR_MAX, &year) != 0) {
		resp_error(req, resp, 400, "bad_parameter",
			   _("L'année doit être comprise entre 1990 et 2100."), "year");
		return;
	}
	struct bilan *r = NULL;
	rc = year ? bilan_read_published(req->svc, (int)year, req_query(req, "organisation"),
					  format ? format->name : "json", &r)
		  : SVC_NOT_FOUND;
	if (rc == SVC_NOT_FOUND) {
		const char *msg =
			latest ? arena_printf(req->a, _("Ce bilan n'est pas publié. Bilans publiés : %s."),
					      published)
			       : _("Aucun bilan n'a encore été publié pour votre organisation.");
		resp_error(req, resp, 404, "not_found", msg, NULL);
		return;
	}
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	send_bilan(req, resp, r, format);
}

void api_bilan_publish(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct bilan_publish_input in = {NULL, 0};
	int bad = api_fields(req, resp, body, bilan_publish_fields, BILAN_PUBLISH__FIELDS, &in);
	if (bad)
		return;
	int n = 0;
	int rc = bilan_publish(req->svc, (int)in.year, in.organisation, &n);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 200, json_pack("{s:i}", "published", n));
}

static int publication_listed(void *ctx, const struct bilan_publication *p)
{
	json_array_append_new(ctx, json_pack("{s:i, s:i, s:I}", "year", p->year, "version",
					     p->version, "published_at", (json_int_t)p->published_at));
	return 0;
}

void api_bilan_publications(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp,
		      bilan_publications(req->svc, req_query(req, "organisation"),
					 publication_listed, list),
		      "publications", list);
}

void api_bilan(struct request *req, struct response *resp)
{
	const struct actor *who = svc_actor(req->svc);
	if (who && who->role == ROLE_EMPLOYER) {
		employer_bilan(req, resp);
		return;
	}
	/* Without a year: the current one, so far. */
	char today[DATE_LEN + 1];
	date_today(today);
	int64_t year = date_year(today);
	const char *y = req_query(req, "year");
	if (y && text_parse_int(y, BILAN_YEAR_MIN, BILAN_YEAR_MAX, &year) != 0) {
		resp_error(req, resp, 422, "invalid", _("L'année doit être comprise entre 1990 et 2100."),
			   "year");
		return;
	}
	const char *audience = req_query(req, "audience");
	enum bilan_audience aud = BILAN_SERVICE;
	if (audience && strcmp(audience, "employer") == 0)
		aud = BILAN_EMPLOYER;
	else if (audience && strcmp(audience, "service") != 0) {
		resp_error(req, resp, 422, "invalid", _("Public : service ou employer."), "audience");
		return;
	}
	struct ageband bands;
	const char *b = req_query(req, "age_bands");
	char err[128];
	if (b && ageband_parse(b, &bands, err, sizeof err) != 0) {
		resp_error(req, resp, 422, "invalid",
			   _("Tranches d'âge : bornes croissantes séparées par des virgules (ex. 35,56)."),
			   "age_bands");
		return;
	}
	const struct report_format *format = api_report_format(req_query(req, "format"));
	if (req_query(req, "format") && !format) {
		resp_error(req, resp, 422, "invalid",
			   _("Formats disponibles : json, html, csv, csv-fr, xlsx, pdf."), "format");
		return;
	}
	struct bilan *r = NULL;
	int rc = bilan_compute(req->svc, (int)year, req_query(req, "organisation"), aud,
				b ? &bands : NULL, &r);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	send_bilan(req, resp, r, format);
}
