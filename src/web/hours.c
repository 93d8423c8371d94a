/*
 * hours — an organisation's conventions and hours as a French page: the
 * year's hours bought, spent (month by month, by activity, with a bar
 * chart) and remaining, the 80 % and 100 % alerts, the conventions, and
 * the forms to record a convention (head, admin) or one's time (worker).
 * An employer sees its own organisation only, read-only, and its hours as
 * the service returns them to it: an invoice (closed months' totals only,
 * no activity; see service/hours.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/date.h"
#include "render/bilan.h"
#include "domain/money.h"
#include "service/corrections.h"
#include "service/hours.h"
#include "service/organisations.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/web.h"

/* What a refused form sent, to show again with its error. */
struct hform {
	const char *which; /* "convention", "time", "time-edit" or "time-delete" */
	const char *kind, *starts_on, *ends_on, *hours, *rate, *notes, *vacation;
	const char *date, *minutes, *activity;
	const struct verr *error;
	const struct verr_list *all; /* every field refused when read, or NULL */
	int64_t entry;               /* time-edit, time-delete: the time entry */
};

/* The most recent time entries listed for correction. */
#define TIME_ENTRIES_SHOWN 50

/* Hours the French way: "12 h", "1 038,5 h". */
static const char *hours_text(arena *a, double h)
{
	const char *t = bilan_doc_decimal(a, h);
	size_t n = strlen(t);
	if (n > 2 && strcmp(t + n - 2, ",0") == 0)
		t = arena_strndup(a, t, n - 2);
	return arena_printf(a, "%s\xc2\xa0h", t);
}

/* One bar per month given (all twelve, or an invoice's closed months),
   and the monthly share of the hours bought as a dashed line. */
static void month_chart(struct request *req, buf *b, const struct consumption *c)
{
	double max = 0;
	for (int m = 0; m < c->months; m++)
		max = c->month_total[m] > max ? c->month_total[m] : max;
	double monthly = c->bought_set ? c->bought / 12.0 : 0;
	max = monthly > max ? monthly : max;
	if (max <= 0)
		return;
	buf sum;
	buf_init(&sum, 0);
	buf_printf(&sum,
		   c->invoice_only ? _("Heures facturées par mois clos en %d : ")
				   : _("Heures consommées par mois en %d : "),
		   c->year);
	for (int m = 0; m < c->months; m++)
		buf_printf(&sum, "%s%s %s", m ? " ; " : "", _(date_month_name(m + 1)),
			   hours_text(req->a, c->month_total[m]));
	if (c->bought_set)
		buf_printf(&sum, _(" ; un douzième des heures achetées : %s"),
			   hours_text(req->a, monthly));
	buf_puts(&sum, ".");
	const int w = 690, h = 220, left = 60, base = 190, plot = 160, step = 52;
	html(b, "<figure class=\"bilan-chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"role=\"img\" aria-label=\"");
	html_attr(b, buf_cstr(&sum));
	buf_printf(b, "\" width=\"100%%\" viewBox=\"0 0 %d %d\" height=\"%d\" font-size=\"12\">\n", w,
		   h, h);
	buf_free(&sum);
	/* The axis of hours: zero, half and the top of the scale, each with
	   its grid line. */
	buf_printf(b, "<g class=\"axis\">\n");
	for (int k = 0; k <= 2; k++) {
		int y = base - plot * k / 2;
		buf_printf(b,
			   "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c8c8c8\"/>\n",
			   left - 6, y, left + 12 * step - 16, y);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"currentColor\">",
			   left - 10, y + 4);
		html_txt(b, hours_text(req->a, max * k / 2.0));
		html(b, "</text>\n");
	}
	buf_printf(b, "</g>\n");
	for (int m = 0; m < 12; m++) {
		int x = left + m * step;
		if (m < c->months) {
			int bh = (int)llround(c->month_total[m] / max * plot);
			buf_printf(b,
				   "<rect x=\"%d\" y=\"%d\" width=\"36\" height=\"%d\" "
				   "fill=\"#2f6fb0\"/>\n",
				   x, base - bh, bh);
		}
		buf_printf(b,
			   "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"currentColor\">",
			   x + 18, base + 16);
		html_txt(b, _(date_month_abbr(m + 1)));
		html(b, "</text>\n");
	}
	if (c->bought_set) {
		int y = base - (int)llround(monthly / max * plot);
		buf_printf(b,
			   "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#b04a2f\" "
			   "stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n",
			   left, y, left + 12 * step - 16, y);
	}
	html(b, "</svg>\n</figure>\n");
}

/* An invoice: one total per closed month and the year's, nothing split. */
static void invoice_table(struct request *req, buf *b, const struct consumption *c)
{
	html(b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(b, _("Mois"));
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_txt(b, _("Heures facturées"));
	html(b, "</th></tr></thead>\n<tbody>\n");
	for (int m = 0; m <= c->months; m++) {
		html(b, "<tr><th scope=\"row\">");
		html_txt(b, m < c->months ? _(date_month_name(m + 1)) : _("Année"));
		html(b, "</th><td class=\"num\">");
		html_txt(b, hours_text(req->a, m < c->months ? c->month_total[m] : c->spent));
		html(b, "</td></tr>\n");
	}
	html(b, "</tbody>\n</table>\n</figure>\n");
}

static void month_table(struct request *req, buf *b, const struct consumption *c)
{
	if (c->invoice_only) {
		invoice_table(req, b, c);
		return;
	}
	html(b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(b, _("Mois"));
	html(b, "</th>");
	for (int a = 0; a < HOURS_ACTIVITIES; a++) {
		html(b, "<th scope=\"col\" class=\"num\">");
		html_txt(b, hours_activity_label(hours_activities[a]));
		html(b, "</th>");
	}
	html(b, "<th scope=\"col\" class=\"num\">");
	html_txt(b, _("Total"));
	html(b, "</th></tr></thead>\n<tbody>\n");
	for (int m = 0; m <= 12; m++) {
		const double *row = m < 12 ? c->by_month[m] : c->by_activity;
		html(b, "<tr><th scope=\"row\">");
		html_txt(b, m < 12 ? _(date_month_name(m + 1)) : _("Année"));
		html(b, "</th>");
		for (int a = 0; a < HOURS_ACTIVITIES; a++) {
			html(b, "<td class=\"num\">");
			html_txt(b, hours_text(req->a, row[a]));
			html(b, "</td>");
		}
		html(b, "<td class=\"num\">");
		html_txt(b, hours_text(req->a, m < 12 ? c->month_total[m] : c->spent));
		html(b, "</td></tr>\n");
	}
	html(b, "</tbody>\n</table>\n</figure>\n");
}

struct conv_list {
	struct request *req;
	buf *b;
	const struct web_refs *refs;
	int n;
};

static int convention_row(void *ctx, const struct convention_view *v)
{
	struct conv_list *l = ctx;
	buf *b = l->b;
	char from[11], to[11];
	date_french(v->starts_on, from);
	date_french(v->ends_on, to);
	if (!l->n++) {
		html(b, "<table tabindex=\"0\">\n<thead><tr><th scope=\"col\">");
		html_txt(b, _("Type"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Période"));
		html(b, "</th><th scope=\"col\" class=\"num\">");
		html_txt(b, _("Heures par an"));
		html(b, "</th><th scope=\"col\" class=\"num\">");
		html_txt(b, _("Tarif horaire"));
		html(b, "</th><th scope=\"col\" class=\"num\">");
		html_txt(b, _("Vacation"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Notes"));
		html(b, "</th></tr></thead>\n<tbody>\n");
	}
	html(b, "<tr><td>");
	html_txt(b, web_ref_label(l->refs, "convention_kind", v->kind));
	html(b, "</td><td>");
	html_txt(b, arena_printf(l->req->a, _("du %s au %s"), from, to));
	html(b, "</td><td class=\"num\">");
	if (v->hours_per_year >= 0)
		html_txt(b, hours_text(l->req->a, (double)v->hours_per_year));
	html(b, "</td><td class=\"num\">");
	char rate[MONEY_TEXT_MAX];
	if (v->hourly_rate_cents >= 0)
		html_txt(b, money_format(v->hourly_rate_cents, rate, sizeof rate));
	html(b, "</td><td class=\"num\">");
	html_txt(b, hours_text(l->req->a, (double)v->vacation_minutes / 60.0));
	html(b, "</td><td>");
	html_txt(b, v->notes ? v->notes : "");
	html(b, "</td></tr>\n");
	return 0;
}

static const char *field_error(const struct hform *f, const char *which, const char *field)
{
	if (!f || !f->which || strcmp(f->which, which) != 0)
		return NULL;
	const char *m = verr_list_message(f->all, field);
	if (m)
		return _(m);
	if (!f->error || !f->error->field)
		return NULL;
	return strcmp(f->error->field, field) == 0 ? _(f->error->message) : NULL;
}

static void convention_form(struct request *req, buf *b, const char *org, int year,
			    const struct web_refs *refs, const struct hform *f)
{
	const struct hform *mine = f && f->which && strcmp(f->which, "convention") == 0 ? f : NULL;
	html(b, "<section aria-labelledby=\"nouvelle-convention\">\n<h2 id=\"nouvelle-convention\">");
	html_txt(b, _("Nouvelle convention"));
	html(b, "</h2>\n<form method=\"post\" action=\"/heures/conventions\">\n");
	page_csrf_field(req, b);
	html(b, "<input type=\"hidden\" name=\"organisation\" value=\"");
	html_attr(b, org);
	html(b, "\">\n<input type=\"hidden\" name=\"year\" value=\"");
	html_int(b, year);
	html(b, "\">\n<div class=\"grid\">\n");
	const char *err = field_error(f, "convention", "kind");
	form_select_begin(b, "kind", _("Type"), "", err);
	for (const struct web_ref *e = refs->head; e; e = e->next)
		if (strcmp(e->list, "convention_kind") == 0 && !e->retired)
			form_option(b, e->code, e->label, mine ? mine->kind : NULL);
	form_select_end(b, "kind", "", err);
	form_input(b, "date", "starts_on", _("Début"), mine ? mine->starts_on : "", " required", "",
		   field_error(f, "convention", "starts_on"));
	form_input(b, "date", "ends_on", _("Fin"), mine ? mine->ends_on : "", " required", "",
		   field_error(f, "convention", "ends_on"));
	html(b, "</div>\n<div class=\"grid\">\n");
	form_input(b, "number", "hours_per_year", _("Heures par an (vide : sans quota)"),
		   mine ? mine->hours : "", " min=\"0\" max=\"100000\"", "",
		   field_error(f, "convention", "hours_per_year"));
	form_input(b, "text", "hourly_rate", _("Tarif horaire en euros (ex. 62,50)"),
		   mine ? mine->rate : "", " inputmode=\"decimal\" maxlength=\"12\"", "",
		   field_error(f, "convention", conventions_form_fields[CONVENTION_FORM_RATE].name));
	form_input(b, "text", "vacation_hours", _("Durée d'une vacation en heures (vide : 3,5)"),
		   mine ? mine->vacation : "", " inputmode=\"decimal\" maxlength=\"6\"", "",
		   field_error(f, "convention", "vacation_hours"));
	html(b, "</div>\n");
	form_input(b, "text", "notes", _("Notes"), mine ? mine->notes : "", " maxlength=\"2000\"", "",
		   field_error(f, "convention", "notes"));
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Enregistrer la convention"));
	html(b, "</button>\n</form>\n</section>\n");
}

static void time_form(struct request *req, buf *b, const char *org, int year,
		      const struct hform *f)
{
	const struct hform *mine = f && f->which && strcmp(f->which, "time") == 0 ? f : NULL;
	char today[DATE_LEN + 1];
	date_today(today);
	html(b, "<section aria-labelledby=\"temps\">\n<h2 id=\"temps\">");
	html_txt(b, _("Déclarer du temps"));
	html(b, "</h2>\n<p>");
	html_txt(b, _("Les interventions des suivis comptent d'elles-mêmes ; déclarez ici le reste "
		      "du temps passé pour l'organisation."));
	html(b, "</p>\n<form method=\"post\" action=\"/heures/temps\">\n");
	page_csrf_field(req, b);
	html(b, "<input type=\"hidden\" name=\"organisation\" value=\"");
	html_attr(b, org);
	html(b, "\">\n<input type=\"hidden\" name=\"year\" value=\"");
	html_int(b, year);
	html(b, "\">\n<div class=\"grid\">\n");
	form_input(b, "date", "date", _("Date"), mine ? mine->date : today, " required", "",
		   field_error(f, "time", "date"));
	form_input(b, "number", "minutes", _("Durée (minutes)"), mine ? mine->minutes : "",
		   " min=\"1\" max=\"1440\" required", "", field_error(f, "time", "minutes"));
	const char *err = field_error(f, "time", "activity");
	form_select_begin(b, "activity", _("Activité"), "", err);
	for (int a = 0; a < HOURS_ACTIVITIES; a++)
		form_option(b, hours_activities[a], hours_activity_label(hours_activities[a]),
		       mine ? mine->activity : NULL);
	form_select_end(b, "activity", "", err);
	html(b, "</div>\n<button type=\"submit\">");
	html_txt(b, _("Enregistrer le temps"));
	html(b, "</button>\n</form>\n</section>\n");
}

/* ---- the worker's own time entries, each with its correction ---- */

struct entries {
	struct request *req;
	buf *b;
	const char *org;
	int year;
	const struct hform *f;
	int n;
};

/* The hidden inputs bringing a form back to the page it was sent from. */
static void page_inputs(struct request *req, buf *b, const char *org, int year)
{
	page_csrf_field(req, b);
	html(b, "<input type=\"hidden\" name=\"organisation\" value=\"");
	html_attr(b, org);
	html(b, "\">\n<input type=\"hidden\" name=\"year\" value=\"");
	html_int(b, year);
	html(b, "\">\n");
}

/* The folded forms correcting and deleting entry v, each with its reason,
   open again with what was typed when refused. */
static void entry_forms(const struct entries *l, const struct time_view *v)
{
	struct request *req = l->req;
	buf *b = l->b;
	arena *a = req->a;
	const struct hform *f = l->f;
	long long id = (long long)v->id;
	int editing = f && f->entry == v->id && f->which && strcmp(f->which, "time-edit") == 0;
	int deleting = f && f->entry == v->id && f->which && strcmp(f->which, "time-delete") == 0;
	const struct hform *mine = editing ? f : NULL;
	const char *prefix = arena_printf(a, "time-%lld-", id);
	const char *reason = corrections_fields[CORRECTION_INPUT_REASON].name;
	html(b, editing ? "<details open>\n<summary>" : "<details>\n<summary>");
	html_txt(b, _("Corriger"));
	html(b, "</summary>\n");
	/* A refusal of no field shown here (the organisation): above the form. */
	if (editing && f->error && f->error->field && !f->all) {
		static const char *const shown[] = {"date", "minutes", "activity", "reason"};
		int here = 0;
		for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
			here |= strcmp(f->error->field, shown[i]) == 0;
		if (!here) {
			html(b, "<p role=\"alert\" class=\"error-field\">");
			html_txt(b, _(f->error->message));
			html(b, "</p>\n");
		}
	}
	html(b, "<form method=\"post\" action=\"/heures/temps/");
	html_int(b, v->id);
	html(b, "\">\n");
	page_inputs(req, b, l->org, l->year);
	form_input(b, "date", "date", _("Date"), mine ? mine->date : v->date, " required", prefix,
		   editing ? field_error(f, "time-edit", "date") : NULL);
	form_input(b, "number", "minutes", _("Durée (minutes)"),
		   mine ? mine->minutes : arena_printf(a, "%lld", (long long)v->minutes),
		   " min=\"1\" max=\"1440\" required", prefix,
		   editing ? field_error(f, "time-edit", "minutes") : NULL);
	const char *err = editing ? field_error(f, "time-edit", "activity") : NULL;
	form_select_begin(b, "activity", _("Activité"), prefix, err);
	for (int i = 0; i < HOURS_ACTIVITIES; i++)
		form_option(b, hours_activities[i], hours_activity_label(hours_activities[i]),
			    mine ? mine->activity : v->activity);
	form_select_end(b, "activity", prefix, err);
	form_input(b, "text", reason, _("Motif de la correction"), mine ? req_form(req, reason) : "",
		   " required maxlength=\"500\"", prefix,
		   editing ? field_error(f, "time-edit", reason) : NULL);
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Enregistrer la correction"));
	html(b, "</button>\n</form>\n</details>\n");

	const char *dprefix = arena_printf(a, "time-del-%lld-", id);
	html(b, deleting ? "<details open>\n<summary>" : "<details>\n<summary>");
	html_txt(b, _("Supprimer"));
	html(b, "</summary>\n<form method=\"post\" action=\"/heures/temps/");
	html_int(b, v->id);
	html(b, "/supprimer\">\n");
	page_inputs(req, b, l->org, l->year);
	form_input(b, "text", reason, _("Motif de la suppression"), "",
		   " required maxlength=\"500\"", dprefix,
		   deleting && f->error ? _(f->error->message) : NULL);
	html(b, "<button type=\"submit\" class=\"secondary\">");
	html_txt(b, _("Supprimer, en gardant la trace de la suppression"));
	html(b, "</button>\n</form>\n</details>\n");
}

static int entry_row(void *ctx, const struct time_view *v)
{
	struct entries *l = ctx;
	if (l->n++ >= TIME_ENTRIES_SHOWN)
		return 0;
	buf *b = l->b;
	char fr[11];
	date_french(v->date, fr);
	html(b, "<tr><td>");
	html_txt(b, fr);
	html(b, "</td><td>");
	html_txt(b, hours_activity_label(v->activity));
	html(b, "</td><td class=\"num\">");
	html_int(b, v->minutes);
	html(b, "</td><td>");
	entry_forms(l, v);
	html(b, "</td></tr>\n");
	return 0;
}

/* The section listing the caller's time entries of org in year, newest
   first, each with its correction and deletion; a service result. */
static int entries_section(struct request *req, buf *b, const char *org, int year,
			   const struct hform *f)
{
	buf rows;
	buf_init(&rows, HTTP_PAGE_MAX);
	struct entries l = {req, &rows, org, year, f, 0};
	int rc = hours_time_list(req->svc, org, year, entry_row, &l);
	if (rc != SVC_OK) {
		buf_free(&rows);
		return rc;
	}
	html(b, "<section aria-labelledby=\"mon-temps\">\n<h2 id=\"mon-temps\">");
	html_txt(b, arena_printf(req->a, _("Votre temps déclaré en %d"), year));
	html(b, "</h2>\n<p>");
	if (!l.n)
		html_txt(b, _("Aucun temps déclaré pour cette organisation cette année."));
	else if (l.n <= TIME_ENTRIES_SHOWN)
		html_txt(b, arena_printf(req->a,
					 P_("%d saisie, la plus récente en premier ; chacune se "
					    "corrige ou se supprime avec son motif.",
					    "%d saisies, les plus récentes en premier ; chacune se "
					    "corrige ou se supprime avec son motif.",
					    l.n),
					 l.n));
	else
		html_txt(b, arena_printf(req->a,
					 _("%d saisies ; les %d plus récentes ci-dessous, chacune se "
					   "corrige ou se supprime avec son motif."),
					 l.n, TIME_ENTRIES_SHOWN));
	html(b, "</p>\n");
	if (l.n) {
		html(b, "<figure tabindex=\"0\">\n<table>\n<thead><tr>");
		const char *heads[] = {_("Date"), _("Activité"), _("Durée (min)"), _("Correction")};
		for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
			html(b, i == 2 ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
			html_txt(b, heads[i]);
			html(b, "</th>");
		}
		html(b, "</tr></thead>\n<tbody>\n");
		buf_add(b, rows.data, rows.len);
		html(b, "</tbody>\n</table>\n</figure>\n");
	}
	html(b, "</section>\n");
	buf_free(&rows);
	return SVC_OK;
}

static const char *const hours_lists[] = {"convention_kind"};

static void render(struct request *req, struct response *resp, int status, const char *org,
		   const char *year_text, const struct hform *f)
{
	const struct actor *who = svc_actor(req->svc);
	int employer = who->role == ROLE_EMPLOYER;
	struct form_option *orgs = NULL;
	int rc = web_organisation_options(req, employer, &orgs);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	/* The organisation asked for, else the first one the caller sees. */
	if (employer || !org || !*org)
		org = orgs ? orgs->code : NULL;
	const char *name = NULL;
	for (const struct form_option *e = orgs; e && org; e = e->next)
		if (strcmp(e->code, org) == 0)
			name = e->label;
	char today[DATE_LEN + 1];
	date_today(today);
	int64_t year = date_year(today);
	int bad_year = year_text && *year_text && text_parse_int(year_text, 1990, 2100, &year) != 0;
	if (!name && org) {
		web_error_page(req, resp, 404, _("Cette organisation n'existe pas."));
		return;
	}

	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	const char *title = name ? arena_printf(req->a, _("Heures — %s"), name) : _("Heures");
	page_begin(req, &b, title);
	html(&b, "<h1>");
	html_txt(&b, title);
	html(&b, "</h1>\n<form method=\"get\" action=\"/heures\">\n<div class=\"grid\">\n");
	if (!employer && orgs) {
		form_select_begin(&b, "organisation", _("Organisation"), "", NULL);
		for (const struct form_option *e = orgs; e; e = e->next)
			form_option(&b, e->code, e->label, org);
		form_select_end(&b, "organisation", "", NULL);
	}
	form_input(&b, "number", "year", _("Année"),
		   year_text && *year_text ? year_text : arena_printf(req->a, "%lld", (long long)year),
		   " min=\"1990\" max=\"2100\" required", "",
		   bad_year ? _("L'année doit être comprise entre 1990 et 2100.") : NULL);
	html(&b, "</div>\n<button type=\"submit\">");
	html_txt(&b, _("Afficher"));
	html(&b, "</button>\n</form>\n");

	if (!org) {
		html(&b, "<p>");
		html_txt(&b, _("Aucune organisation ne vous est confiée."));
		html(&b, "</p>\n");
	} else if (!bad_year) {
		struct consumption c;
		struct web_refs refs;
		rc = hours_consumption_get(req->svc, org, (int)year, &c);
		if (rc == SVC_OK)
			rc = web_refs_load(req, &refs, hours_lists, 1);
		if (rc != SVC_OK) {
			buf_free(&b);
			resp_svc_error(req, resp, rc);
			return;
		}
		if (c.alert) {
			html(&b, "<div class=\"notice\" role=\"status\">\n<p>");
			html_txt(&b, c.alert >= 100
					     ? _("Toutes les heures achetées pour l'année sont consommées.")
					     : _("80 % des heures achetées pour l'année sont consommées."));
			html(&b, "</p>\n</div>\n");
		}
		html(&b, "<section aria-labelledby=\"consommation\">\n<h2 id=\"consommation\">");
		html_txt(&b, arena_printf(req->a, _("Consommation %lld"), (long long)year));
		html(&b, "</h2>\n<p>");
		if (c.bought_set && c.invoice_only)
			html_txt(&b, arena_printf(req->a,
						  _("Heures achetées : %s ; facturées : %s (%s %%) ; "
						    "restantes : %s."),
						  hours_text(req->a, c.bought), hours_text(req->a, c.spent),
						  bilan_doc_decimal(req->a, c.percent),
						  hours_text(req->a, c.remaining)));
		else if (c.bought_set)
			html_txt(&b, arena_printf(req->a,
						  _("Heures achetées : %s ; consommées : %s (%s %%) ; "
						    "restantes : %s."),
						  hours_text(req->a, c.bought), hours_text(req->a, c.spent),
						  bilan_doc_decimal(req->a, c.percent),
						  hours_text(req->a, c.remaining)));
		else
			html_txt(&b, arena_printf(req->a,
						  c.invoice_only
							  ? _("Heures facturées : %s (aucun quota "
							      "d'heures n'est fixé par convention).")
							  : _("Heures consommées : %s (aucun quota "
							      "d'heures n'est fixé par convention)."),
						  hours_text(req->a, c.spent)));
		html(&b, "</p>\n");
		if (c.invoice_only) {
			html(&b, "<p>");
			html_txt(&b, _("Chaque mois clos est facturé pour tout le temps que le service "
				       "a passé pour l'organisation, arrondi à la vacation supérieure ; "
				       "le mois en cours apparaîtra une fois clos."));
			html(&b, "</p>\n");
		}
		month_chart(req, &b, &c);
		month_table(req, &b, &c);
		html(&b, "</section>\n<section aria-labelledby=\"conventions\">\n"
			 "<h2 id=\"conventions\">");
		html_txt(&b, _("Conventions"));
		html(&b, "</h2>\n");
		struct conv_list l = {req, &b, &refs, 0};
		rc = hours_conventions_list(req->svc, org, convention_row, &l);
		if (rc != SVC_OK) {
			buf_free(&b);
			resp_svc_error(req, resp, rc);
			return;
		}
		if (l.n)
			html(&b, "</tbody>\n</table>\n");
		else {
			html(&b, "<p>");
			html_txt(&b, _("Aucune convention enregistrée."));
			html(&b, "</p>\n");
		}
		html(&b, "</section>\n");
		if (policy_allows(who->role, ACT_CONVENTIONS_EDIT))
			convention_form(req, &b, org, (int)year, &refs, f);
		if (policy_allows(who->role, ACT_TIME)) {
			time_form(req, &b, org, (int)year, f);
			rc = entries_section(req, &b, org, (int)year, f);
			if (rc != SVC_OK) {
				buf_free(&b);
				resp_svc_error(req, resp, rc);
				return;
			}
		}
	}
	page_finish(req, resp, bad_year ? 422 : status, &b);
}

void web_hours(struct request *req, struct response *resp)
{
	render(req, resp, 200, req_query(req, "organisation"), req_query(req, "year"), NULL);
}

/* The year the page was showing, sent back by a hidden input of both
   forms: where to go afterwards, not an input of the use cases. */
static const char year_name[] = "year";

static void after(struct request *req, struct response *resp, int rc, const char *org,
		  struct hform *f)
{
	const char *year = req_form(req, year_name);
	if (rc == SVC_OK) {
		buf url;
		buf_init(&url, 0);
		buf_puts(&url, "/heures?organisation=");
		html_url_arg(&url, org ? org : "");
		buf_puts(&url, "&year=");
		html_url_arg(&url, year ? year : "");
		resp_redirect(resp, arena_strdup(req->a, buf_cstr(&url)));
		buf_free(&url);
	} else if (rc == SVC_INVALID) {
		f->error = svc_error(req->svc);
		render(req, resp, 422, org, year, f);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

/* The organisation of the conventions form and of a time entry's deletion,
   a hidden input: any text, the service answers "not found" for one the
   caller may not see. */
static const struct field convention_organisation = {
	"organisation", FIELD_LINE, 0, 0, 0, NULL, 0, 0};

void web_hours_convention(struct request *req, struct response *resp)
{
	struct hform f;
	memset(&f, 0, sizeof f);
	f.which = "convention";
	struct convention_form_input cf = {{NULL, NULL, NULL, -1, -1, NULL, 0}, 0};
	struct convention_input *in = &cf.in;
	const char *org = NULL;
	struct verr e;
	/* The numbers as typed, to show the form again. */
	f.hours = req_form(req, conventions_fields[CONVENTION_HOURS].name);
	f.rate = req_form(req, conventions_form_fields[CONVENTION_FORM_RATE].name);
	f.vacation = req_form(req, conventions_form_fields[CONVENTION_FORM_VACATION].name);
	if (req_fields(req, &convention_organisation, 1, &org, NULL) != 0) {
		resp_svc_error(req, resp, SVC_NOT_FOUND);
		return;
	}
	/* The amounts first, as before, then the rest in the service's order;
	   e keeps the first refusal. */
	int bad = req_fields(req, conventions_form_fields, CONVENTION_FORM__FIELDS, &cf, &e) != 0;
	if (req_fields(req, conventions_fields, CONVENTION_RATE_CENTS, in, bad ? NULL : &e) != 0)
		bad = 1;
	f.kind = in->kind;
	f.starts_on = in->starts_on;
	f.ends_on = in->ends_on;
	f.notes = in->notes;
	if (bad) {
		f.error = &e;
		render(req, resp, 422, org, req_form(req, year_name), &f);
		return;
	}
	if (cf.vacation_hundredths) {
		in->vacation_minutes = (cf.vacation_hundredths * 60 + 50) / 100;
		if (in->vacation_minutes == 0)
			in->vacation_minutes = -1; /* refused by the service, not the default */
	}
	after(req, resp, hours_conventions_create(req->svc, org, in, NULL), org, &f);
}

void web_hours_time(struct request *req, struct response *resp)
{
	struct hform f;
	memset(&f, 0, sizeof f);
	f.which = "time";
	struct time_input in;
	memset(&in, 0, sizeof in);
	struct verr e;
	f.minutes = req_form(req, times_fields[TIME_MINUTES].name);
	int bad = req_fields(req, times_fields, TIME__FIELDS, &in, &e) != 0;
	f.date = in.date;
	f.activity = in.activity;
	if (bad) {
		f.error = &e;
		render(req, resp, 422, in.organisation, req_form(req, year_name), &f);
		return;
	}
	after(req, resp, hours_time_record(req->svc, &in, NULL), in.organisation, &f);
}

/* POST /heures/temps/{id}: the caller's time entry corrected, every field
   as the creation form's, for the reason given (service/corrections.h);
   every refusal shown at once, the form open. */
void web_hours_time_correct(struct request *req, struct response *resp)
{
	struct hform f;
	memset(&f, 0, sizeof f);
	f.which = "time-edit";
	f.entry = req->id;
	struct time_input in;
	memset(&in, 0, sizeof in);
	struct correction_input why = {NULL};
	struct verr_list all, more;
	f.minutes = req_form(req, times_fields[TIME_MINUTES].name);
	int bad = req_fields_all(req, times_fields, TIME__FIELDS, &in, &all) != 0;
	if (req_fields_all(req, corrections_fields, CORRECTION_INPUT__FIELDS, &why, &more) != 0) {
		verr_list_merge(&all, &more);
		bad = 1;
	}
	f.date = in.date;
	f.activity = in.activity;
	if (bad) {
		f.all = &all;
		f.error = &all.e[0];
		render(req, resp, 422, in.organisation, req_form(req, year_name), &f);
		return;
	}
	after(req, resp, hours_time_correct(req->svc, req->id, &in, why.reason), in.organisation,
	      &f);
}

/* POST /heures/temps/{id}/supprimer: the caller's time entry deleted for
   the reason given; the hours no longer count it, its tombstone stays. */
void web_hours_time_delete(struct request *req, struct response *resp)
{
	struct hform f;
	memset(&f, 0, sizeof f);
	f.which = "time-delete";
	f.entry = req->id;
	const char *org = NULL;
	if (req_fields(req, &convention_organisation, 1, &org, NULL) != 0) {
		resp_svc_error(req, resp, SVC_NOT_FOUND);
		return;
	}
	struct correction_input why = {NULL};
	struct verr e;
	if (req_fields(req, corrections_fields, CORRECTION_INPUT__FIELDS, &why, &e) != 0) {
		f.error = &e;
		render(req, resp, 422, org, req_form(req, year_name), &f);
		return;
	}
	after(req, resp, hours_time_delete(req->svc, req->id, why.reason), org, &f);
}
