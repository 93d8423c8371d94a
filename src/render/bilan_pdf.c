/*
 * doc/bilan_pdf — the bilan as a PDF a head of service sends to a client:
 * an A4 title page (organisation, year, audience, the key figures in
 * sentences), then one block per breakdown (a table and a bar chart) and
 * the themes' trends (a table and a slope chart), with a running footer.
 * Drawn with cairo, text laid out by pango (DejaVu Sans, which has the
 * narrow no-break space of French numbers).  Everything it writes comes
 * from the model (doc/bilan.h), so hidden cells read "< 11" here too.
 */
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "render/bilan.h"
#include "render/pdfout.h"
#include "support/i18n.h"
/* last: it redirects the libraries' functions to their table */
#include "render/pdflib.h"

#define PAGE_W 595.28 /* A4 in points */
#define PAGE_H 841.89
#define MARGIN 56.0
#define BOTTOM (PAGE_H - 64.0)
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define ROW_H 17.0
#define FONT "DejaVu Sans"

struct pdf {
	cairo_t *cr;
	const struct bilan_doc *d;
	double y;
	int page;
};

static void colour(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
			     (rgb & 0xff) / 255.0);
}

#define INK 0x1b1b1b
#define GREY 0x5f6b76
#define BLUE 0x2f6fb0
#define RULE 0xc9d1d9

enum align { LEFT, RIGHT, CENTRE };

/* A layout of s in a box of width w (0: no wrapping); size in points,
   bold 0 or 1. */
static PangoLayout *layout_of(struct pdf *p, double w, const char *s, double size, int bold,
			      enum align align)
{
	PangoLayout *layout = pango_cairo_create_layout(p->cr);
	PangoFontDescription *font = pango_font_description_from_string(FONT);
	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	if (w > 0) {
		pango_layout_set_width(layout, (int)(w * PANGO_SCALE));
		pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_alignment(layout, align == RIGHT    ? PANGO_ALIGN_RIGHT
						   : align == CENTRE ? PANGO_ALIGN_CENTER
								     : PANGO_ALIGN_LEFT);
	}
	pango_layout_set_text(layout, s, -1);
	return layout;
}

/* The height text() would take, drawing nothing. */
static double label_height(struct pdf *p, const char *s, double w, double size)
{
	PangoLayout *layout = layout_of(p, w, s, size, 0, RIGHT);
	int lw, lh;
	pango_layout_get_size(layout, &lw, &lh);
	g_object_unref(layout);
	return (double)lh / PANGO_SCALE;
}

/* Draws text at (x, y) in a box of width w (0: no wrapping); returns the
   height it took.  size in points; bold 0 or 1. */
static double text(struct pdf *p, double x, double y, double w, const char *s, double size,
		   int bold, unsigned rgb, enum align align)
{
	PangoLayout *layout = layout_of(p, w, s, size, bold, align);
	int lw, lh;
	pango_layout_get_size(layout, &lw, &lh);
	colour(p->cr, rgb);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, layout);
	g_object_unref(layout);
	return (double)lh / PANGO_SCALE;
}

static void rule(struct pdf *p, double x1, double x2, double y, unsigned rgb, double width)
{
	colour(p->cr, rgb);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x1, y);
	cairo_line_to(p->cr, x2, y);
	cairo_stroke(p->cr);
}

static void footer(struct pdf *p)
{
	char page[32];
	snprintf(page, sizeof page, "%d", p->page);
	rule(p, MARGIN, PAGE_W - MARGIN, PAGE_H - 46, RULE, 0.5);
	text(p, MARGIN, PAGE_H - 40, TEXT_W - 40, p->d->title, 8, 0, GREY, LEFT);
	text(p, PAGE_W - MARGIN - 40, PAGE_H - 40, 40, page, 8, 0, GREY, RIGHT);
}

static void new_page(struct pdf *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
}

/* Starts a new page unless `need` points fit below y. */
static void room(struct pdf *p, double need)
{
	if (p->y + need > BOTTOM)
		new_page(p);
}

static void title_page(struct pdf *p)
{
	const struct bilan_doc *d = p->d;
	char year[16];
	snprintf(year, sizeof year, "%d", d->r->year);
	colour(p->cr, BLUE);
	cairo_rectangle(p->cr, 0, 0, PAGE_W, 12);
	cairo_fill(p->cr);
	double y = 150;
	y += text(p, MARGIN, y, TEXT_W, _("Service social du travail"), 14, 0, GREY, LEFT) + 18;
	y += text(p, MARGIN, y, TEXT_W, _("Bilan annuel d'activité"), 30, 1, INK, LEFT) + 6;
	y += text(p, MARGIN, y, TEXT_W, year, 30, 1, BLUE, LEFT) + 26;
	y += text(p, MARGIN, y, TEXT_W, d->scope, 20, 0, INK, LEFT) + 40;
	rule(p, MARGIN, MARGIN + 120, y, BLUE, 2);
	y += 20;
	for (size_t i = 0; i < BILAN_SENTENCES; i++)
		y += text(p, MARGIN, y, TEXT_W, d->sentences[i], 13, i == 0, INK, LEFT) + 8;
	if (d->suppression_note) {
		y += 16;
		double h =
		    text(p, MARGIN + 12, y + 8, TEXT_W - 24, d->suppression_note, 10, 0, INK, LEFT);
		colour(p->cr, BLUE);
		cairo_rectangle(p->cr, MARGIN, y, 3, h + 16);
		cairo_fill(p->cr);
	}
	char line[256];
	snprintf(line, sizeof line, "%s%s", _("Public : "), d->audience);
	double by = PAGE_H - 130;
	by += text(p, MARGIN, by, TEXT_W, line, 10, 0, GREY, LEFT) + 2;
	snprintf(line, sizeof line, "%s%s", _("Établi le "), d->generated_on);
	text(p, MARGIN, by, TEXT_W, line, 10, 0, GREY, LEFT);
	new_page(p);
}

static void heading(struct pdf *p, const char *title, double need)
{
	room(p, 40 + need);
	p->y += 6;
	p->y += text(p, MARGIN, p->y, TEXT_W, title, 15, 1, BLUE, LEFT) + 8;
}

/* A table row: the label, then right-aligned columns ending at x[i]. */
static void row(struct pdf *p, const char *label, const char *const *cols, const double *x,
		size_t ncols, int bold)
{
	room(p, ROW_H + 2);
	double h = text(p, MARGIN, p->y + 2, 250, label, 9.5, bold, INK, LEFT);
	for (size_t i = 0; i < ncols; i++) {
		double hc = text(p, x[i] - 100, p->y + 2, 100, cols[i], 9.5, bold, INK, RIGHT);
		h = hc > h ? hc : h;
	}
	double step = h + 4 > ROW_H ? h + 4 : ROW_H;
	rule(p, MARGIN, PAGE_W - MARGIN, p->y + step, RULE, 0.4);
	p->y += step;
}

static int bar_shown(const struct bilan_doc_section *s, const struct bilan_doc_row *r)
{
	return !(s->skip_zero_bars && !r->hidden && r->count == 0);
}

/* Horizontal bars: label on the left, the bar, its count after it. */
static void bars(struct pdf *p, const struct bilan_doc_section *s)
{
	const double lx = MARGIN, bx = MARGIN + 180, bmax = TEXT_W - 180 - 60, h = 11;
	int64_t max = 0;
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (!bar_shown(s, &s->rows[i]))
			continue;
		n++;
		if (!s->rows[i].hidden && s->rows[i].count > max)
			max = s->rows[i].count;
	}
	if (n == 0)
		return;
	p->y += 10;
	for (size_t i = 0; i < s->n; i++) {
		const struct bilan_doc_row *r = &s->rows[i];
		if (!bar_shown(s, r))
			continue;
		/* A long label wraps: the row is as tall as it, so the next
		   label never runs into this one ("perdu de vue" over "Décès"). */
		double lh = label_height(p, r->label, 175, 8);
		double step = lh + 4 > 15 ? lh + 4 : 15;
		room(p, step + 1);
		text(p, lx, p->y, 175, r->label, 8, 0, INK, RIGHT);
		double w;
		if (r->hidden) {
			w = max > 0 ? (double)(DISCLOSURE_K - 1) / (double)max * bmax : 30;
			w = w < 18 ? 18 : w > bmax ? bmax : w;
			static const double dash[] = {3, 2};
			cairo_set_dash(p->cr, dash, 2, 0);
			colour(p->cr, BLUE);
			cairo_set_line_width(p->cr, 0.8);
			cairo_rectangle(p->cr, bx, p->y + 1, w, h);
			cairo_stroke(p->cr);
			cairo_set_dash(p->cr, NULL, 0, 0);
		} else {
			w = max > 0 ? (double)r->count / (double)max * bmax : 0;
			colour(p->cr, BLUE);
			cairo_rectangle(p->cr, bx, p->y + 1, w, h);
			cairo_fill(p->cr);
		}
		text(p, bx + w + 4, p->y, 60, r->count_text, 8, 0, INK, LEFT);
		p->y += step;
	}
}

static void section(struct pdf *p, const struct bilan_doc_section *s)
{
	const double x[] = {MARGIN + 340, PAGE_W - MARGIN};
	heading(p, s->title, s->note ? 20 : 3 * ROW_H);
	if (s->note) {
		p->y += text(p, MARGIN, p->y, TEXT_W, s->note, 10, 0, INK, LEFT) + 12;
		return;
	}
	const char *head[] = {s->unit, s->percent_title};
	row(p, s->title, head, x, 2, 1);
	for (size_t i = 0; i < s->n; i++) {
		const char *cols[] = {s->rows[i].count_text, s->rows[i].percent_text};
		row(p, s->rows[i].label, cols, x, 2, 0);
	}
	bars(p, s);
	p->y += 14;
}

/* The emerging themes from last year to this one. */
static void slope(struct pdf *p)
{
	const struct bilan_doc *d = p->d;
	int64_t max = 0;
	for (size_t i = 0; i < d->ntrends; i++)
		if (d->trends[i].emerging && d->trends[i].published) {
			max = d->trends[i].previous > max ? d->trends[i].previous : max;
			max = d->trends[i].current > max ? d->trends[i].current : max;
		}
	if (d->nemerging == 0 || max == 0)
		return;
	const double plot = 150, xl = MARGIN + 60, xr = MARGIN + 220;
	room(p, plot + 50);
	char y0[16], y1[16];
	snprintf(y0, sizeof y0, "%d", d->r->year - 1);
	snprintf(y1, sizeof y1, "%d", d->r->year);
	p->y += 10;
	text(p, xl - 30, p->y, 60, y0, 9, 1, INK, CENTRE);
	text(p, xr - 30, p->y, 60, y1, 9, 1, INK, CENTRE);
	double top = p->y + 20;
	cairo_set_line_width(p->cr, 0.5);
	colour(p->cr, RULE);
	cairo_move_to(p->cr, xl, top);
	cairo_line_to(p->cr, xl, top + plot);
	cairo_move_to(p->cr, xr, top);
	cairo_line_to(p->cr, xr, top + plot);
	cairo_stroke(p->cr);
	double last_right = -100;
	for (size_t i = 0; i < d->ntrends; i++) {
		const struct bilan_doc_trend *t = &d->trends[i];
		if (!t->emerging || !t->published)
			continue;
		double ya = top + plot - (double)t->previous / (double)max * plot;
		double yb = top + plot - (double)t->current / (double)max * plot;
		colour(p->cr, BLUE);
		cairo_set_line_width(p->cr, 1.6);
		cairo_move_to(p->cr, xl, ya);
		cairo_line_to(p->cr, xr, yb);
		cairo_stroke(p->cr);
		cairo_arc(p->cr, xl, ya, 3, 0, 2 * M_PI);
		cairo_fill(p->cr);
		cairo_arc(p->cr, xr, yb, 3, 0, 2 * M_PI);
		cairo_fill(p->cr);
		text(p, xl - 60, ya - 6, 52, t->previous_text, 8, 0, INK, RIGHT);
		double ly = yb - 6 < last_right + 11 ? last_right + 11 : yb - 6;
		last_right = ly;
		char label[512];
		snprintf(label, sizeof label, "%s — %s", t->current_text, t->label);
		text(p, xr + 8, ly, TEXT_W - (xr - MARGIN) - 8, label, 8, 0, INK, LEFT);
	}
	p->y = top + plot + 20;
}

static void trends(struct pdf *p)
{
	const struct bilan_doc *d = p->d;
	heading(p, _("Tendances des thèmes"), 3 * ROW_H);
	if (d->ntrends == 0) {
		p->y += text(p, MARGIN, p->y, TEXT_W, _("Aucun thème relevé sur ces deux années."),
			     10, 0, INK, LEFT);
		return;
	}
	p->y += text(p, MARGIN, p->y, TEXT_W, d->trends_note, 9, 0, GREY, LEFT) + 8;
	char y0[16], y1[16];
	snprintf(y0, sizeof y0, "%d", d->r->year - 1);
	snprintf(y1, sizeof y1, "%d", d->r->year);
	const double x[] = {MARGIN + 300, MARGIN + 370, PAGE_W - MARGIN};
	const char *head[] = {y0, y1, _("Tendance")};
	row(p, _("Thème"), head, x, 3, 1);
	for (size_t i = 0; i < d->ntrends; i++) {
		const struct bilan_doc_trend *t = &d->trends[i];
		const char *cols[] = {t->previous_text, t->current_text,
				      t->emerging ? _("émergent") : ""};
		row(p, t->label, cols, x, 3, 0);
	}
	slope(p);
}

int bilan_pdf(const struct bilan_doc *d, buf *out)
{
	if (pdflib_load() != 0)
		return -1;
	struct pdf p = {pdfout_open(out, PAGE_W, PAGE_H, d->title), d, MARGIN, 1};
	title_page(&p);
	for (size_t i = 0; i < d->nsections; i++)
		section(&p, &d->sections[i]);
	trends(&p);
	footer(&p);
	return pdfout_close(p.cr, out, "bilan PDF");
}
