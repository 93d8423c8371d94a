/* render/bordereau — see bordereau.h.  Drawn with cairo; each block of
   text is one pango layout from markup (escaped), the table's columns are
   tab stops. */
#include "render/bordereau.h"

#include <inttypes.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "render/pdfout.h"
#include "support/i18n.h"
/* last: it redirects the libraries' functions to their table */
#include "render/pdflib.h"

#define A4_W 595.28
#define A4_H 841.89
#define SIDE 50.0
#define WIDTH (A4_W - 2 * SIDE)
#define LAST_LINE (A4_H - 60.0)

struct sheet {
	cairo_t *cr;
	double y;
};

/* Lays out markup at the current height, with the table's tab stops when
   tabs is set, moving on to a new page when it does not fit. */
static void block(struct sheet *s, const char *markup, double size, int tabs)
{
	PangoLayout *l = pango_cairo_create_layout(s->cr);
	PangoFontDescription *f = pango_font_description_from_string("DejaVu Sans");
	pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
	pango_layout_set_font_description(l, f);
	pango_font_description_free(f);
	pango_layout_set_width(l, (int)(WIDTH * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	if (tabs) {
		/* organisation | kind | year | count */
		static const double at[] = {0, 170, 400, 450};
		PangoTabArray *t = pango_tab_array_new(4, TRUE);
		for (int i = 0; i < 4; i++)
			pango_tab_array_set_tab(t, i, PANGO_TAB_LEFT, (int)at[i]);
		pango_layout_set_tabs(l, t);
		pango_tab_array_free(t);
	}
	pango_layout_set_markup(l, markup, -1);
	int w, h;
	pango_layout_get_size(l, &w, &h);
	double height = (double)h / PANGO_SCALE;
	if (s->y + height > LAST_LINE) {
		cairo_show_page(s->cr);
		s->y = SIDE;
	}
	cairo_set_source_rgb(s->cr, 0.1, 0.1, 0.1);
	cairo_move_to(s->cr, SIDE, s->y);
	pango_cairo_show_layout(s->cr, l);
	g_object_unref(l);
	s->y += height + size * 0.6;
}

/* Appends text to b escaped for pango markup, cut to max bytes on a
   character boundary. */
static void esc(buf *b, const char *text, size_t max)
{
	size_t n = strlen(text);
	while (n > max && n > 0 && ((unsigned char)text[n - 1] & 0xC0) == 0x80)
		n--;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	char *e = g_markup_escape_text(text, (gssize)n);
	buf_puts(b, e);
	g_free(e);
}

static void heading(struct sheet *s, const struct retention_plan *p)
{
	char day[11];
	date_french(p->today, day);
	buf b;
	buf_init(&b, 0);
	buf_printf(&b, "<b>%s</b>", _("Bordereau d'élimination"));
	block(s, buf_cstr(&b), 20, 0);
	buf_reset(&b);
	buf_printf(&b, _("Établi le %s par le service social du travail (relais), pour le visa "
			 "du service d'archives compétent. Référence à rappeler : "
			 "<b>bordereau du %s</b>."),
		   day, p->today);
	block(s, buf_cstr(&b), 10, 0);
	block(s,
	      _("Archives publiques (Code du patrimoine, art. L212-2 et R212-14) : les dossiers "
		"des organismes publics ne sont détruits ou anonymisés qu'après le visa "
		"d'élimination. Ce bordereau ne contient aucun nom : il dénombre les dossiers, par "
		"organisme, nature et année."),
	      9, 0);
	buf_free(&b);
}

static void rules(struct sheet *s, const struct retention_plan *p)
{
	buf b;
	buf_init(&b, 0);
	buf_printf(&b, "<b>%s</b>", _("Durées de conservation appliquées"));
	block(s, buf_cstr(&b), 12, 0);
	for (int k = 0; k < RETENTION__COUNT; k++) {
		if (!retention_kinds[k].archives)
			continue;
		buf_reset(&b);
		buf_puts(&b, "• ");
		esc(&b, _(retention_kinds[k].label), 200);
		buf_puts(&b, " : ");
		esc(&b, _(retention_kinds[k].rule), 200);
		block(s, buf_cstr(&b), 9, 0);
	}
	buf_reset(&b);
	buf_printf(&b,
		   P_("Durée de conservation des dossiers : %d an", "Durée de conservation des "
							      "dossiers : %d ans",
		      p->years),
		   p->years);
	buf_printf(&b, _(" ; personnes jamais accompagnées : %d mois."),
		   p->settings.unaccompanied_months);
	block(s, buf_cstr(&b), 9, 0);
	buf_free(&b);
}

static void table(struct sheet *s, const struct retention_plan *p)
{
	buf b;
	buf_init(&b, 0);
	buf_printf(&b, "<b>%s\t%s\t%s\t%s</b>", _("Organisme"), _("Nature des dossiers"),
		   _("Année"), _("Nombre"));
	block(s, buf_cstr(&b), 9, 1);
	int64_t total = 0;
	for (size_t i = 0; i < p->n_lines; i++) {
		const struct retention_line *l = &p->lines[i];
		buf_reset(&b);
		esc(&b, l->organisation, 40);
		buf_putc(&b, '\t');
		esc(&b, _(retention_kinds[l->kind].label), 60);
		buf_putc(&b, '\t');
		esc(&b, l->year[0] ? l->year : "—", 8);
		buf_printf(&b, "\t%" PRId64, l->count);
		block(s, buf_cstr(&b), 9, 1);
		total += l->count;
	}
	buf_reset(&b);
	if (p->n_lines == 0)
		buf_printf(&b, "<i>%s</i>", _("Aucun dossier en attente de visa."));
	else
		buf_printf(&b, "<b>%s\t\t\t%" PRId64 "</b>", _("Total"), total);
	block(s, buf_cstr(&b), 9, 1);
	buf_free(&b);
}

static void visa_box(struct sheet *s)
{
	buf b;
	buf_init(&b, 0);
	buf_printf(&b, "<b>%s</b>", _("Visa du service d'archives"));
	block(s, buf_cstr(&b), 12, 0);
	block(s,
	      _("Date du visa : ____________________    Référence : ____________________\n\n"
		"Nom, qualité et signature :\n\n\n"),
	      10, 0);
	block(s,
	      _("Une fois le visa obtenu, la responsable du service l'enregistre (page "
		"« Conservation » ou relais purge visa) ; la purge suivante élimine les dossiers "
		"dénombrés ici."),
	      8, 0);
	buf_free(&b);
}

int bordereau_pdf(const struct retention_plan *plan, buf *out)
{
	if (pdflib_load() != 0)
		return -1;
	struct sheet s = {pdfout_open(out, A4_W, A4_H, _("Bordereau d'élimination")), SIDE};
	heading(&s, plan);
	rules(&s, plan);
	table(&s, plan);
	visa_box(&s);
	return pdfout_close(s.cr, out, "bordereau PDF");
}
