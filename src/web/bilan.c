/*
 * bilan — the annual bilan as a French page: a GET form (year,
 * organisation, audience, age bands), the key figures in sentences, one
 * table and one inline SVG bar chart per breakdown, the themes' trends,
 * and for the employer audience the note on disclosure control.  The
 * figures come from report_compute() (service/report.h); this file only
 * lays them out.  SVG charts are plain markup: no script, no style
 * attribute (the CSP forbids both), presentation attributes only.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/date.h"
#include "service/organisations.h"
#include "service/report.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/web.h"

/* ---- the query ---- */

/* The form's values as typed (to show again) and as parsed. */
struct query {
	const char *year_text;    /* as typed, or NULL */
	int64_t year;             /* parsed, or the current year */
	const char *organisation; /* code, or NULL for the whole service */
	const char *audience;     /* "service", "employer", or NULL */
	enum report_audience aud;
	const char *bands_text;   /* as typed, or NULL (the default) */
	struct ageband bands;
	int bad_year, bad_audience, bad_bands;
};

/* Reads and checks the query the way the API does (api/report.c); 0 when
   every field is valid. */
static int query_read(struct request *req, struct query *q)
{
	memset(q, 0, sizeof *q);
	char today[DATE_LEN + 1];
	date_today(today);
	q->year = date_year(today);
	q->year_text = req_query(req, "year");
	if (q->year_text && *q->year_text &&
	    text_parse_int(q->year_text, REPORT_YEAR_MIN, REPORT_YEAR_MAX, &q->year) != 0)
		q->bad_year = 1;
	q->organisation = req_query(req, "organisation");
	if (q->organisation && !*q->organisation)
		q->organisation = NULL;
	q->audience = req_query(req, "audience");
	if (q->audience && !*q->audience)
		q->audience = NULL;
	q->aud = REPORT_SERVICE;
	if (q->audience && strcmp(q->audience, "employer") == 0)
		q->aud = REPORT_EMPLOYER;
	else if (q->audience && strcmp(q->audience, "service") != 0)
		q->bad_audience = 1;
	/* An employer gets the employer report whatever it did not ask for. */
	const struct actor *who = svc_actor(req->svc);
	if (who && who->role == ROLE_EMPLOYER && !q->audience)
		q->aud = REPORT_EMPLOYER;
	q->bands_text = req_query(req, "age_bands");
	if (q->bands_text && !*q->bands_text)
		q->bands_text = NULL;
	char err[128];
	if (q->bands_text && ageband_parse(q->bands_text, &q->bands, err, sizeof err) != 0)
		q->bad_bands = 1;
	return q->bad_year || q->bad_audience || q->bad_bands ? -1 : 0;
}

static int is_employer(struct request *req)
{
	const struct actor *who = svc_actor(req->svc);
	return who && who->role == ROLE_EMPLOYER;
}

/* ---- organisations (for the head's select and the title) ---- */

struct org {
	const char *code, *name;
	struct org *next;
};

struct orgs {
	arena *a;
	struct org *head, **tail;
};

static int org_collect(void *ctx, const struct org_info *o)
{
	struct orgs *l = ctx;
	struct org *e = arena_alloc(l->a, sizeof *e);
	e->code = arena_strdup(l->a, o->code);
	e->name = arena_strdup(l->a, o->name);
	*l->tail = e;
	l->tail = &e->next;
	return 0;
}

static const char *org_name(const struct orgs *l, const char *code)
{
	for (const struct org *e = l->head; e; e = e->next)
		if (strcmp(e->code, code) == 0)
			return e->name;
	return code;
}

/* ---- numbers the French way ---- */

/* A count: "11 367" (U+202F), or "< 11" when hidden. */
static const char *count_label(arena *a, int64_t n, int hidden)
{
	char out[DISCLOSURE_LABEL_MAX];
	disclosure_label(n, hidden, out, sizeof out);
	return arena_strdup(a, out);
}

/* One decimal with a comma: "5,2". */
static const char *decimal_fr(arena *a, double x)
{
	long long tenths = llround(x * 10.0);
	const char *sign = tenths < 0 ? "-" : "";
	if (tenths < 0)
		tenths = -tenths;
	char whole[DISCLOSURE_LABEL_MAX];
	disclosure_label(tenths / 10, 0, whole, sizeof whole);
	return arena_printf(a, "%s%s,%lld", sign, whole, tenths % 10);
}

/* ---- labels of breakdown keys ---- */

static const char *const bilan_lists[] = {"status",	"category", "family_situation",
					  "sex",	"domain",   "referral_source",
					  "outcome",	"mode",	    "intervention_kind"};

/* An age band key in words: "<25" → "Moins de 25 ans", "25-34" → "25 à
   34 ans", "55+" → "55 ans et plus". */
static const char *age_label(arena *a, const char *key)
{
	int lo, hi;
	char tail;
	if (sscanf(key, "<%d%c", &lo, &tail) == 1)
		return arena_printf(a, _("Moins de %d ans"), lo);
	if (sscanf(key, "%d-%d%c", &lo, &hi, &tail) == 2)
		return arena_printf(a, _("%d à %d ans"), lo, hi);
	if (sscanf(key, "%d+%c", &lo, &tail) == 1 && strchr(key, '+'))
		return arena_printf(a, _("%d ans et plus"), lo);
	return key;
}

/* The French label of a breakdown key; list NULL for age bands. */
static const char *key_label(struct request *req, const struct web_refs *refs, const char *list,
			     const char *key)
{
	if (!key || strcmp(key, "unknown") == 0 || !*key)
		return _("Non renseigné");
	if (!list)
		return age_label(req->a, key);
	const char *label = web_ref_label(refs, list, key);
	return label ? label : key;
}

/* ---- sections ---- */

/* One breakdown of the report and how to show it. */
struct section {
	const char *id;      /* anchor, ASCII */
	const char *title;   /* French heading */
	const char *list;    /* reference list of the keys, NULL for age bands */
	const struct report_breakdown *b;
	int interventions;   /* counts interventions rather than persons */
	int skip_zero_bars;  /* long lists: no bar for a zero */
};

#define CHART_W 640
#define CHART_LEFT 4
#define CHART_BAR_MAX 520
#define CHART_ROW 42
#define BAR_FILL "#2f6fb0"

/* The horizontal bar chart of s: one row per key, the label above its bar,
   the count after it; a hidden cell is an empty outline labelled "< 11". */
static void bar_chart(struct request *req, buf *b, const struct section *s, const char **labels)
{
	const struct report_breakdown *br = s->b;
	int64_t max = 0;
	size_t rows = 0;
	for (size_t i = 0; i < br->n; i++) {
		const struct disclosure_cell *c = &br->cells[i];
		if (s->skip_zero_bars && !c->suppressed && c->count == 0)
			continue;
		rows++;
		if (!c->suppressed && c->count > max)
			max = c->count;
	}
	if (rows == 0)
		return;
	/* The summary read by screen readers: every row with its number. */
	buf sum;
	buf_init(&sum, HTTP_PAGE_MAX);
	buf_puts(&sum, arena_printf(req->a, _("Diagramme en barres, %s : "), s->title));
	int first = 1;
	for (size_t i = 0; i < br->n; i++) {
		const struct disclosure_cell *c = &br->cells[i];
		if (s->skip_zero_bars && !c->suppressed && c->count == 0)
			continue;
		buf_puts(&sum, first ? "" : " ; ");
		first = 0;
		buf_puts(&sum, labels[i]);
		buf_puts(&sum, " ");
		buf_puts(&sum, count_label(req->a, c->count, c->suppressed));
	}
	buf_puts(&sum, ".");

	int height = (int)rows * CHART_ROW + 8;
	html(b, "<figure class=\"bilan-chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"role=\"img\" aria-label=\"");
	html_attr(b, buf_cstr(&sum));
	html(b, "\" width=\"100%\" ");
	buf_printf(b, "viewBox=\"0 0 %d %d\" height=\"%d\"", CHART_W, height, height);
	html(b, " font-size=\"14\">\n");
	buf_free(&sum);
	int y = 4;
	for (size_t i = 0; i < br->n; i++) {
		const struct disclosure_cell *c = &br->cells[i];
		if (s->skip_zero_bars && !c->suppressed && c->count == 0)
			continue;
		buf_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"currentColor\">", CHART_LEFT, y + 14);
		html_txt(b, labels[i]);
		html(b, "</text>\n");
		int w;
		if (c->suppressed) {
			/* An outline as wide as a count of 10 would be, at least visible. */
			w = max > 0 ? (int)((double)(DISCLOSURE_K - 1) / (double)max * CHART_BAR_MAX)
				    : 40;
			if (w < 24)
				w = 24;
			if (w > CHART_BAR_MAX)
				w = CHART_BAR_MAX;
			buf_printf(b,
				   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"none\" "
				   "stroke=\"" BAR_FILL "\" stroke-dasharray=\"4 3\"/>\n",
				   CHART_LEFT, y + 20, w);
		} else {
			w = max > 0 ? (int)llround((double)c->count / (double)max * CHART_BAR_MAX) : 0;
			buf_printf(b,
				   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"" BAR_FILL
				   "\"/>\n",
				   CHART_LEFT, y + 20, w);
		}
		buf_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"currentColor\">", CHART_LEFT + w + 6,
			   y + 33);
		html_txt(b, count_label(req->a, c->count, c->suppressed));
		html(b, "</text>\n");
		y += CHART_ROW;
	}
	html(b, "</svg>\n</figure>\n");
}

/* A section: heading, table of every key, and the chart. */
static void section(struct request *req, buf *b, const struct report *r,
		    const struct web_refs *refs, const struct section *s)
{
	html(b, "<section aria-labelledby=\"");
	html_attr(b, s->id);
	html(b, "\">\n<h2 id=\"");
	html_attr(b, s->id);
	html(b, "\">");
	html_txt(b, s->title);
	html(b, "</h2>\n");
	const struct report_breakdown *br = s->b;
	if (br->hidden) {
		html(b, "<p>");
		html_txt(b, _("Détail non publié : moins de 11 agents ont été accompagnés."));
		html(b, "</p>\n</section>\n");
		return;
	}
	if (br->n == 0) {
		html(b, "<p>");
		html_txt(b, _("Aucune donnée pour cette année."));
		html(b, "</p>\n</section>\n");
		return;
	}
	const struct report_count *total = s->interventions ? &r->interventions : &r->persons_followed;
	const char **labels = arena_alloc(req->a, br->n * sizeof *labels);
	for (size_t i = 0; i < br->n; i++)
		labels[i] = key_label(req, refs, s->list, br->cells[i].key);

	html(b, "<figure>\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(b, s->title);
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_txt(b, s->interventions ? _("Interventions") : _("Agents"));
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_txt(b, s->interventions ? _("% des interventions") : _("% des agents accompagnés"));
	html(b, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < br->n; i++) {
		const struct disclosure_cell *c = &br->cells[i];
		html(b, "<tr><th scope=\"row\">");
		html_txt(b, labels[i]);
		html(b, "</th><td class=\"num\">");
		html_txt(b, count_label(req->a, c->count, c->suppressed));
		html(b, "</td><td class=\"num\">");
		if (!c->suppressed && !total->hidden && total->value > 0) {
			html_txt(b, decimal_fr(req->a, (double)c->count * 100.0 / (double)total->value));
			html_txt(b, "\xe2\x80\xaf%");
		}
		html(b, "</td></tr>\n");
	}
	html(b, "</tbody>\n</table>\n</figure>\n");
	bar_chart(req, b, s, labels);
	html(b, "</section>\n");
}

/* Moves the n label heights y apart so that any two differ by at least
   gap, keeping their order by height and moving labels down only. */
static void spread(int *y, size_t n, int gap)
{
	size_t order[REPORT_TRENDS_MAX];
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++) /* insertion sort by height, stable */
		for (size_t j = i; j > 0 && y[order[j - 1]] > y[order[j]]; j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t i = 1; i < n; i++)
		if (y[order[i]] < y[order[i - 1]] + gap)
			y[order[i]] = y[order[i - 1]] + gap;
}

/* The themes of this year against the previous one: a table and a slope
   chart of the emerging themes. */
static void trends(struct request *req, buf *b, const struct report *r,
		   const struct web_refs *refs)
{
	html(b, "<section aria-labelledby=\"tendances\">\n<h2 id=\"tendances\">");
	html_txt(b, _("Tendances des thèmes"));
	html(b, "</h2>\n");
	if (r->ntrends == 0) {
		html(b, "<p>");
		html_txt(b, _("Aucun thème relevé sur ces deux années."));
		html(b, "</p>\n</section>\n");
		return;
	}
	html(b, "<p>");
	html_txt(b, _("Un thème est émergent quand il a au moins doublé et concerne au moins 5 "
		      "agents."));
	html(b, "</p>\n<figure>\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(b, _("Thème"));
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_int(b, r->year - 1);
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_int(b, r->year);
	html(b, "</th><th scope=\"col\">");
	html_txt(b, _("Tendance"));
	html(b, "</th></tr></thead>\n<tbody>\n");
	size_t emerging = 0;
	int64_t max = 0;
	for (size_t i = 0; i < r->ntrends; i++) {
		const struct report_trend *t = &r->trends[i];
		html(b, "<tr><th scope=\"row\">");
		html_txt(b, key_label(req, refs, "domain", t->theme));
		html(b, "</th><td class=\"num\">");
		html_txt(b, count_label(req->a, t->previous.value, t->previous.hidden));
		html(b, "</td><td class=\"num\">");
		html_txt(b, count_label(req->a, t->current.value, t->current.hidden));
		html(b, "</td><td>");
		if (t->emerging) {
			html(b, "<mark class=\"badge\">");
			html_txt(b, _("émergent"));
			html(b, "</mark>");
		}
		html(b, "</td></tr>\n");
		if (t->emerging && !t->previous.hidden && !t->current.hidden) {
			emerging++;
			if (t->previous.value > max)
				max = t->previous.value;
			if (t->current.value > max)
				max = t->current.value;
		}
	}
	html(b, "</tbody>\n</table>\n</figure>\n");
	if (emerging == 0 || max == 0) {
		html(b, "</section>\n");
		return;
	}

	/* Slope chart: the previous year on the left, this year on the right. */
	buf sum;
	buf_init(&sum, HTTP_PAGE_MAX);
	buf_puts(&sum, arena_printf(req->a, _("Thèmes émergents, de %d à %d : "), r->year - 1,
				    r->year));
	int first = 1;
	for (size_t i = 0; i < r->ntrends; i++) {
		const struct report_trend *t = &r->trends[i];
		if (!t->emerging || t->previous.hidden || t->current.hidden)
			continue;
		buf_puts(&sum, first ? "" : " ; ");
		first = 0;
		buf_puts(&sum, arena_printf(req->a, _("%s de %s à %s"),
					    key_label(req, refs, "domain", t->theme),
					    count_label(req->a, t->previous.value, 0),
					    count_label(req->a, t->current.value, 0)));
	}
	buf_puts(&sum, ".");
	const int top = 30, plot = 200, xl = 50, xr = 220, gap = 16;
	/* Points, then the labels' heights pushed apart so that close values
	   stay readable (the lines still end at the true points). */
	size_t idx[REPORT_TRENDS_MAX];
	int y1[REPORT_TRENDS_MAX], y2[REPORT_TRENDS_MAX], l1[REPORT_TRENDS_MAX],
		l2[REPORT_TRENDS_MAX];
	size_t n = 0;
	for (size_t i = 0; i < r->ntrends; i++) {
		const struct report_trend *t = &r->trends[i];
		if (!t->emerging || t->previous.hidden || t->current.hidden)
			continue;
		idx[n] = i;
		y1[n] = top + plot - (int)llround((double)t->previous.value / (double)max * plot);
		y2[n] = top + plot - (int)llround((double)t->current.value / (double)max * plot);
		l1[n] = y1[n] + 4;
		l2[n] = y2[n] + 4;
		n++;
	}
	spread(l1, n, gap);
	spread(l2, n, gap);
	int height = top + plot + 20;
	for (size_t k = 0; k < n; k++) {
		if (l1[k] + 8 > height)
			height = l1[k] + 8;
		if (l2[k] + 8 > height)
			height = l2[k] + 8;
	}
	html(b, "<figure class=\"bilan-chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"role=\"img\" aria-label=\"");
	html_attr(b, buf_cstr(&sum));
	html(b, "\" width=\"100%\" ");
	buf_printf(b, "viewBox=\"0 0 %d %d\" height=\"%d\"", CHART_W, height, height);
	html(b, " font-size=\"13\">\n");
	buf_free(&sum);
	buf_printf(b, "<text x=\"%d\" y=\"16\" text-anchor=\"middle\" fill=\"currentColor\">",
		   xl);
	html_int(b, r->year - 1);
	buf_printf(b, "</text>\n<text x=\"%d\" y=\"16\" text-anchor=\"middle\" "
		      "fill=\"currentColor\">",
		   xr);
	html_int(b, r->year);
	html(b, "</text>\n");
	buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999999\"/>\n", xl,
		   top, xl, top + plot);
	buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999999\"/>\n", xr,
		   top, xr, top + plot);
	for (size_t k = 0; k < n; k++) {
		const struct report_trend *t = &r->trends[idx[k]];
		buf_printf(b,
			   "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"" BAR_FILL
			   "\" stroke-width=\"2\"/>\n"
			   "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"" BAR_FILL "\"/>\n"
			   "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"" BAR_FILL "\"/>\n",
			   xl, y1[k], xr, y2[k], xl, y1[k], xr, y2[k]);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"currentColor\">",
			   xl - 8, l1[k]);
		html_txt(b, count_label(req->a, t->previous.value, 0));
		buf_printf(b, "</text>\n<text x=\"%d\" y=\"%d\" fill=\"currentColor\">", xr + 8,
			   l2[k]);
		html_txt(b, count_label(req->a, t->current.value, 0));
		html_txt(b, " — ");
		html_txt(b, key_label(req, refs, "domain", t->theme));
		html(b, "</text>\n");
	}
	html(b, "</svg>\n</figure>\n</section>\n");
}

/* The key figures in sentences. */
static void key_figures(struct request *req, buf *b, const struct report *r)
{
	arena *a = req->a;
	html(b, "<section aria-labelledby=\"chiffres\">\n<h2 id=\"chiffres\">");
	html_txt(b, _("Chiffres clés"));
	html(b, "</h2>\n<p>");
	if (r->persons_followed.hidden) {
		html_txt(b, _("Moins de 11 agents ont été accompagnés : le détail n'est pas publié."));
	} else {
		const char *n = count_label(a, r->persons_followed.value, 0);
		html_txt(b, arena_printf(a,
					 r->persons_followed.value > 1
						 ? _("%s agents ont été accompagnés")
						 : _("%s agent a été accompagné"),
					 n));
		if (!r->share_null) {
			html_txt(b, arena_printf(
					    a, _(", soit %s\xe2\x80\xaf%% de l'effectif (%s agents, %s)"),
					    decimal_fr(a, r->share_of_headcount * 100.0),
					    count_label(a, r->headcount, 0),
					    arena_printf(a,
							 r->organisations > 1 ? _("%s organisations")
									      : _("%s organisation"),
							 count_label(a, r->organisations, 0))));
		}
		html_txt(b, ".");
	}
	html(b, "</p>\n<p>");
	html_txt(b, arena_printf(a, _("Suivis ouverts dans l'année : %s ; suivis clos : %s."),
				 count_label(a, r->new_cases.value, r->new_cases.hidden),
				 count_label(a, r->closed_cases.value, r->closed_cases.hidden)));
	html(b, "</p>\n<p>");
	html_txt(b, arena_printf(a, _("Interventions : %s"),
				 count_label(a, r->interventions.value, r->interventions.hidden)));
	if (!r->hours_null)
		html_txt(b, arena_printf(a, _(", pour %s\xc2\xa0h au total"),
					 decimal_fr(a, r->hours)));
	html_txt(b, ".");
	html(b, "</p>\n</section>\n");
}

/* ---- the form ---- */

static void text_field(buf *b, const char *name, const char *label, const char *type,
		       const char *value, int bad, const char *message, const char *extra_attrs)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<input type=\"");
	html_attr(b, type);
	html(b, "\" name=\"");
	html_attr(b, name);
	html(b, "\" value=\"");
	html_attr(b, value);
	html(b, "\"");
	html(b, extra_attrs);
	form_invalid(b, bad, "", name);
	html(b, ">\n");
	form_error(b, bad, "", name, message);
	html(b, "</label>\n");
}

static void option(buf *b, const char *value, const char *label, int selected)
{
	html(b, "<option value=\"");
	html_attr(b, value);
	html(b, "\"");
	if (selected)
		html(b, " selected");
	html(b, ">");
	html_txt(b, label);
	html(b, "</option>\n");
}

static void form(struct request *req, buf *b, const struct query *q, const struct orgs *orgs,
		 const char *employer_org)
{
	html(b, "<form method=\"get\" action=\"/bilan\">\n<div class=\"grid\">\n");
	const char *year = q->year_text && *q->year_text
				   ? q->year_text
				   : arena_printf(req->a, "%lld", (long long)q->year);
	text_field(b, "year", _("Année"), "number", year, q->bad_year,
		   _("L'année doit être comprise entre 1990 et 2100."),
		   " min=\"1990\" max=\"2100\" required");
	if (employer_org) {
		html(b, "<p>");
		html_txt(b, _("Organisation : "));
		html_txt(b, employer_org);
		html(b, "</p>\n");
	} else {
		html(b, "<label>");
		html_txt(b, _("Organisation"));
		html(b, "\n<select name=\"organisation\">\n");
		option(b, "", _("Tout le service"), !q->organisation);
		for (const struct org *e = orgs->head; e; e = e->next)
			option(b, e->code, e->name,
			       q->organisation && strcmp(q->organisation, e->code) == 0);
		html(b, "</select>\n</label>\n<label>");
		html_txt(b, _("Public"));
		html(b, "\n<select name=\"audience\"");
		form_invalid(b, q->bad_audience, "", "audience");
		html(b, ">\n");
		option(b, "service", _("Service (tous les chiffres)"), q->aud == REPORT_SERVICE);
		option(b, "employer", _("Employeur (protégé)"),
		       q->aud == REPORT_EMPLOYER);
		html(b, "</select>\n");
		form_error(b, q->bad_audience, "", "audience", _("Public : service ou employeur."));
		html(b, "</label>\n");
	}
	text_field(b, "age_bands", _("Tranches d'âge (bornes)"), "text",
		   q->bands_text ? q->bands_text : AGEBAND_DEFAULT, q->bad_bands,
		   _("Tranches d'âge : bornes croissantes séparées par des virgules (ex. 35,56)."),
		   " inputmode=\"numeric\" maxlength=\"60\"");
	html(b, "</div>\n<button type=\"submit\">");
	html_txt(b, _("Afficher"));
	html(b, "</button>\n</form>\n");
}

/* ---- the page ---- */

void web_bilan(struct request *req, struct response *resp)
{
	struct query q;
	int invalid = query_read(req, &q) != 0;
	int employer = is_employer(req);

	struct orgs orgs = {req->a, NULL, NULL};
	orgs.tail = &orgs.head;
	if (!employer) {
		int rc = orgs_list(req->svc, org_collect, &orgs);
		if (rc != SVC_OK) {
			resp_svc_error(req, resp, rc);
			return;
		}
	}

	struct report *r = NULL;
	struct web_refs refs;
	if (!invalid) {
		int rc = report_compute(req->svc, (int)q.year, q.organisation, q.aud,
					q.bands_text ? &q.bands : NULL, &r);
		if (rc == SVC_OK)
			rc = web_refs_load(req, &refs, bilan_lists,
					   sizeof bilan_lists / sizeof bilan_lists[0]);
		if (rc != SVC_OK) {
			report_free(r);
			resp_svc_error(req, resp, rc);
			return;
		}
	}

	/* The scope in words: the organisation's name when the caller may
	   read it, else its code. */
	const char *scope = _("Tout le service");
	const char *employer_org = NULL;
	if (r && strcmp(r->scope, "service") != 0)
		scope = employer ? r->scope : org_name(&orgs, r->scope);
	else if (!r && q.organisation)
		scope = employer ? q.organisation : org_name(&orgs, q.organisation);
	if (employer)
		employer_org = r ? r->scope : (q.organisation ? q.organisation : "");
	const char *title = r ? arena_printf(req->a, _("Bilan %d — %s"), r->year, scope)
			      : _("Bilan annuel");

	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, title);
	html(&b, "<h1>");
	html_txt(&b, title);
	html(&b, "</h1>\n");
	if (invalid) {
		html(&b, "<p role=\"alert\" class=\"error-field\">");
		html_txt(&b, _("Le bilan ne peut pas être calculé : corrigez les champs signalés."));
		if (employer && q.bad_audience) {
			html_txt(&b, " ");
			html_txt(&b, _("Public : service ou employeur."));
		}
		html(&b, "</p>\n");
	}
	form(req, &b, &q, &orgs, employer ? employer_org : NULL);

	if (r) {
		if (r->audience == REPORT_EMPLOYER) {
			html(&b, "<aside class=\"notice\">\n<p>");
			html_txt(&b, _("Les effectifs inférieurs à 11 sont masqués (« < 11 »), ainsi "
				       "qu'une seconde valeur quand une seule l'est, pour qu'aucune "
				       "personne ne puisse être reconnue."));
			html_txt(&b, " ");
			html_txt(&b, arena_printf(req->a, _("Valeurs masquées dans ce bilan : %lld."),
						  (long long)r->cells_suppressed));
			html(&b, "</p>\n</aside>\n");
		}
		key_figures(req, &b, r);
		const struct section sections[] = {
			{"statut", _("Statut"), "status", &r->by_status, 0, 0},
			{"categorie", _("Catégorie"), "category", &r->by_category, 0, 0},
			{"famille", _("Situation familiale"), "family_situation",
			 &r->by_family_situation, 0, 0},
			{"sexe", _("Sexe"), "sex", &r->by_sex, 0, 0},
			{"age", _("Tranche d'âge"), NULL, &r->by_age_band, 0, 0},
			{"domaines", _("Domaines"), "domain", &r->by_domain, 0, 1},
			{"themes", _("Thèmes"), "domain", &r->by_theme, 0, 1},
			{"origine", _("Origine de la demande"), "referral_source",
			 &r->by_referral_source, 0, 0},
			{"issue", _("Issue des suivis"), "outcome", &r->by_outcome, 0, 0},
			{"mode", _("Mode d'intervention"), "mode", &r->by_mode, 1, 0},
			{"type", _("Type d'intervention"), "intervention_kind", &r->by_kind, 1, 0},
		};
		for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
			section(req, &b, r, &refs, &sections[i]);
		trends(req, &b, r, &refs);
	}
	page_end(req, &b);
	page_send(resp, invalid ? 422 : 200, &b);
	buf_free(&b);
	report_free(r);
}
