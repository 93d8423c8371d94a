/*
 * doc/bilan_html — the bilan as HTML: the body shared by the page and the
 * standalone document.  SVG charts are plain markup: no script, no style
 * attribute (the page's CSP forbids both), presentation attributes only;
 * each has a text alternative listing every value it draws.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/bilan.h"
#include "support/html.h"
#include "support/i18n.h"

#define CHART_W 640
#define CHART_LEFT 4
#define CHART_BAR_MAX 520
#define CHART_ROW 42
#define BAR_FILL "#2f6fb0"

static int bar_shown(const struct bilan_doc_section *s, const struct bilan_doc_row *row)
{
	return !(s->skip_zero_bars && !row->hidden && row->count == 0);
}

/* The opening of an inline SVG figure with its text alternative. */
static void svg_begin(buf *b, const char *summary, int height, int font_size)
{
	html(b, "<figure class=\"bilan-chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"role=\"img\" aria-label=\"");
	html_attr(b, summary);
	html(b, "\" width=\"100%\" ");
	buf_printf(b, "viewBox=\"0 0 %d %d\" height=\"%d\" font-size=\"%d\">\n", CHART_W, height,
		   height, font_size);
}

/* The horizontal bar chart of a section: one row per key, the label above
   its bar, the count after it; a hidden cell is a dashed outline "< 11". */
static void bar_chart(buf *b, const struct bilan_doc_section *s)
{
	int64_t max = 0;
	size_t rows = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (!bar_shown(s, &s->rows[i]))
			continue;
		rows++;
		if (!s->rows[i].hidden && s->rows[i].count > max)
			max = s->rows[i].count;
	}
	if (rows == 0)
		return;
	buf sum;
	buf_init(&sum, 0);
	buf_printf(&sum, _("Diagramme en barres, %s : "), s->title);
	int first = 1;
	for (size_t i = 0; i < s->n; i++) {
		if (!bar_shown(s, &s->rows[i]))
			continue;
		buf_printf(&sum, "%s%s %s", first ? "" : " ; ", s->rows[i].label,
			   s->rows[i].count_text);
		first = 0;
	}
	buf_puts(&sum, ".");
	svg_begin(b, buf_cstr(&sum), (int)rows * CHART_ROW + 8, 14);
	buf_free(&sum);
	int y = 4;
	for (size_t i = 0; i < s->n; i++) {
		const struct bilan_doc_row *row = &s->rows[i];
		if (!bar_shown(s, row))
			continue;
		buf_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"currentColor\">", CHART_LEFT, y + 14);
		html_txt(b, row->label);
		html(b, "</text>\n");
		int w;
		if (row->hidden) {
			/* An outline as wide as a count of 10 would be, at least visible. */
			w = max > 0
				? (int)((double)(DISCLOSURE_K - 1) / (double)max * CHART_BAR_MAX)
				: 40;
			w = w < 24 ? 24 : w > CHART_BAR_MAX ? CHART_BAR_MAX : w;
			buf_printf(
			    b,
			    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"none\" "
			    "stroke=\"" BAR_FILL "\" stroke-dasharray=\"4 3\"/>\n",
			    CHART_LEFT, y + 20, w);
		} else {
			w = max > 0 ? (int)llround((double)row->count / (double)max * CHART_BAR_MAX)
				    : 0;
			buf_printf(
			    b,
			    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"" BAR_FILL
			    "\"/>\n",
			    CHART_LEFT, y + 20, w);
		}
		buf_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"currentColor\">", CHART_LEFT + w + 6,
			   y + 33);
		html_txt(b, row->count_text);
		html(b, "</text>\n");
		y += CHART_ROW;
	}
	html(b, "</svg>\n</figure>\n");
}

static void section(buf *b, const struct bilan_doc_section *s)
{
	html(b, "<section aria-labelledby=\"");
	html_attr(b, s->id);
	html(b, "\">\n<h2 id=\"");
	html_attr(b, s->id);
	html(b, "\">");
	html_txt(b, s->title);
	html(b, "</h2>\n");
	if (s->note) {
		html(b, "<p>");
		html_txt(b, s->note);
		html(b, "</p>\n</section>\n");
		return;
	}
	html(b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(b, s->title);
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_txt(b, s->unit);
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_txt(b, s->percent_title);
	html(b, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < s->n; i++) {
		html(b, "<tr><th scope=\"row\">");
		html_txt(b, s->rows[i].label);
		html(b, "</th><td class=\"num\">");
		html_txt(b, s->rows[i].count_text);
		html(b, "</td><td class=\"num\">");
		html_txt(b, s->rows[i].percent_text);
		html(b, "</td></tr>\n");
	}
	html(b, "</tbody>\n</table>\n</figure>\n");
	bar_chart(b, s);
	html(b, "</section>\n");
}

/* Moves the n label heights y apart so that any two differ by at least
   gap, keeping their order by height and moving labels down only. */
static void spread(int *y, size_t n, int gap)
{
	size_t order[BILAN_TRENDS_MAX];
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

/* The slope chart of the emerging themes: the previous year on the left,
   this year on the right. */
static void slope_chart(buf *b, const struct bilan_doc *d)
{
	int year = d->r->year;
	int64_t max = 0;
	for (size_t i = 0; i < d->ntrends; i++) {
		const struct bilan_doc_trend *t = &d->trends[i];
		if (t->emerging && t->published) {
			max = t->previous > max ? t->previous : max;
			max = t->current > max ? t->current : max;
		}
	}
	if (d->nemerging == 0 || max == 0)
		return;
	buf sum;
	buf_init(&sum, 0);
	buf_printf(&sum, _("Thèmes émergents, de %d à %d : "), year - 1, year);
	int first = 1;
	for (size_t i = 0; i < d->ntrends; i++) {
		const struct bilan_doc_trend *t = &d->trends[i];
		if (!t->emerging || !t->published)
			continue;
		buf_puts(&sum, first ? "" : " ; ");
		buf_printf(&sum, _("%s de %s à %s"), t->label, t->previous_text, t->current_text);
		first = 0;
	}
	buf_puts(&sum, ".");
	const int top = 30, plot = 200, xl = 50, xr = 220, gap = 16;
	/* Points, then the labels' heights pushed apart so that close values
	   stay readable (the lines still end at the true points). */
	size_t idx[BILAN_TRENDS_MAX];
	int y1[BILAN_TRENDS_MAX], y2[BILAN_TRENDS_MAX], l1[BILAN_TRENDS_MAX],
	    l2[BILAN_TRENDS_MAX];
	size_t n = 0;
	for (size_t i = 0; i < d->ntrends && n < BILAN_TRENDS_MAX; i++) {
		const struct bilan_doc_trend *t = &d->trends[i];
		if (!t->emerging || !t->published)
			continue;
		idx[n] = i;
		y1[n] = top + plot - (int)llround((double)t->previous / (double)max * plot);
		y2[n] = top + plot - (int)llround((double)t->current / (double)max * plot);
		l1[n] = y1[n] + 4;
		l2[n] = y2[n] + 4;
		n++;
	}
	spread(l1, n, gap);
	spread(l2, n, gap);
	int height = top + plot + 20;
	for (size_t k = 0; k < n; k++) {
		height = l1[k] + 8 > height ? l1[k] + 8 : height;
		height = l2[k] + 8 > height ? l2[k] + 8 : height;
	}
	svg_begin(b, buf_cstr(&sum), height, 13);
	buf_free(&sum);
	buf_printf(
	    b,
	    "<text x=\"%d\" y=\"16\" text-anchor=\"middle\" fill=\"currentColor\">%d</text>\n"
	    "<text x=\"%d\" y=\"16\" text-anchor=\"middle\" fill=\"currentColor\">%d</text>\n",
	    xl, year - 1, xr, year);
	buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999999\"/>\n", xl,
		   top, xl, top + plot);
	buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999999\"/>\n", xr,
		   top, xr, top + plot);
	for (size_t k = 0; k < n; k++) {
		const struct bilan_doc_trend *t = &d->trends[idx[k]];
		buf_printf(b,
			   "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"" BAR_FILL
			   "\" stroke-width=\"2\"/>\n"
			   "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"" BAR_FILL "\"/>\n"
			   "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"" BAR_FILL "\"/>\n",
			   xl, y1[k], xr, y2[k], xl, y1[k], xr, y2[k]);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"currentColor\">",
			   xl - 8, l1[k]);
		html_txt(b, t->previous_text);
		buf_printf(b, "</text>\n<text x=\"%d\" y=\"%d\" fill=\"currentColor\">", xr + 8,
			   l2[k]);
		html_txt(b, t->current_text);
		html_txt(b, " — ");
		html_txt(b, t->label);
		html(b, "</text>\n");
	}
	html(b, "</svg>\n</figure>\n");
}

static void trends(buf *b, const struct bilan_doc *d)
{
	html(b, "<section aria-labelledby=\"tendances\">\n<h2 id=\"tendances\">");
	html_txt(b, _("Tendances des thèmes"));
	html(b, "</h2>\n");
	if (d->ntrends == 0) {
		html(b, "<p>");
		html_txt(b, _("Aucun thème relevé sur ces deux années."));
		html(b, "</p>\n</section>\n");
		return;
	}
	html(b, "<p>");
	html_txt(b, d->trends_note);
	html(b, "</p>\n<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(b, _("Thème"));
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_int(b, d->r->year - 1);
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_int(b, d->r->year);
	html(b, "</th><th scope=\"col\">");
	html_txt(b, _("Tendance"));
	html(b, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->ntrends; i++) {
		const struct bilan_doc_trend *t = &d->trends[i];
		html(b, "<tr><th scope=\"row\">");
		html_txt(b, t->label);
		html(b, "</th><td class=\"num\">");
		html_txt(b, t->previous_text);
		html(b, "</td><td class=\"num\">");
		html_txt(b, t->current_text);
		html(b, "</td><td>");
		if (t->emerging) {
			html(b, "<mark class=\"badge\">");
			html_txt(b, _("émergent"));
			html(b, "</mark>");
		}
		html(b, "</td></tr>\n");
	}
	html(b, "</tbody>\n</table>\n</figure>\n");
	slope_chart(b, d);
	html(b, "</section>\n");
}

void bilan_html_body(const struct bilan_doc *d, buf *b)
{
	if (d->suppression_note) {
		html(b, "<aside class=\"notice\">\n<p>");
		html_txt(b, d->suppression_note);
		html(b, "</p>\n</aside>\n");
	}
	html(b, "<section aria-labelledby=\"chiffres\">\n<h2 id=\"chiffres\">");
	html_txt(b, _("Chiffres clés"));
	html(b, "</h2>\n");
	for (size_t i = 0; i < BILAN_SENTENCES; i++) {
		html(b, "<p>");
		html_txt(b, d->sentences[i]);
		html(b, "</p>\n");
	}
	html(b, "</section>\n");
	for (size_t i = 0; i < d->nsections; i++)
		section(b, &d->sections[i]);
	trends(b, d);
}

void bilan_html_document(const struct bilan_doc *d, buf *b)
{
	html(b,
	     "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
	     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_txt(b, d->title);
	html(b, "</title>\n<style>\n"
		"body{font-family:\"DejaVu Sans\",sans-serif;max-width:46rem;margin:2rem auto;"
		"padding:0 1rem;color:#1b1b1b;line-height:1.45}\n"
		"h1{font-size:1.7rem}h2{font-size:1.25rem;margin-top:2rem;color:#1d4f80}\n"
		"table{border-collapse:collapse;width:100%}\n"
		"th,td{border-bottom:1px solid #d0d5db;padding:.3rem .5rem;text-align:left}\n"
		".num{text-align:right;font-variant-numeric:tabular-nums}\n"
		"figure{margin:1rem 0}.notice{border-left:4px solid #2f6fb0;padding:.2rem 1rem;"
		"background:#eef4fa}\n"
		"mark{background:#fde9a9;padding:0 .3rem}\n"
		"</style>\n</head>\n<body>\n<header>\n<h1>");
	html_txt(b, d->title);
	html(b, "</h1>\n<p>");
	html_txt(b, _("Service social du travail — bilan annuel d'activité"));
	html(b, "<br>\n");
	html_txt(b, _("Public : "));
	html_txt(b, d->audience);
	html(b, "<br>\n");
	html_txt(b, _("Établi le "));
	html_txt(b, d->generated_on);
	html(b, "</p>\n</header>\n<main>\n");
	bilan_html_body(d, b);
	html(b, "</main>\n</body>\n</html>\n");
}
