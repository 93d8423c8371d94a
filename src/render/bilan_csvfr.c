/*
 * doc/bilan_csvfr — the bilan as a CSV that French Excel and LibreOffice
 * open as they are (issue 17): UTF-8 with a byte order mark, ';', CRLF,
 * French headers and labels, numbers with a decimal comma (support/csvfr.h).
 * One table of five columns — section, label, code, number, share (%) —
 * read from the same model as the other documents, so it shows what they
 * show: a hidden count is the text "< 11", never a number.  The machine
 * CSV (format csv, English keys) stays for programs.
 */
#include <stdio.h>

#include "render/bilan.h"
#include "support/csvfr.h"
#include "support/i18n.h"

/* The first three fields of a line (NULL: empty); the caller writes the
   number and the share. */
static void line(buf *b, const char *section, const char *label, const char *code)
{
	csvfr_text(b, section);
	csvfr_sep(b);
	csvfr_text(b, label);
	csvfr_sep(b);
	csvfr_text(b, code);
	csvfr_sep(b);
}

/* A count as a number, or its text ("< 11") when hidden; then the share
   column (empty) and the end of the line. */
static void count_end(buf *b, int64_t n, int hidden, const char *text)
{
	if (hidden)
		csvfr_text(b, text);
	else
		csvfr_int(b, n);
	csvfr_sep(b);
	csvfr_end(b);
}

static void figure(buf *b, const char *label, const struct bilan_count *c)
{
	char text[DISCLOSURE_LABEL_MAX];
	disclosure_label(c->value, c->hidden, text, sizeof text);
	line(b, _("Synthèse"), label, NULL);
	count_end(b, c->value, c->hidden, text);
}

static void decimal_line(buf *b, const char *label, double value, int decimals, int null)
{
	line(b, _("Synthèse"), label, NULL);
	if (!null)
		csvfr_decimal(b, value, decimals);
	csvfr_sep(b);
	csvfr_end(b);
}

static void summary(buf *b, const struct bilan_doc *d)
{
	const struct bilan *r = d->r;
	line(b, _("Synthèse"), _("Bilan"), NULL);
	csvfr_text(b, d->title);
	csvfr_sep(b);
	csvfr_end(b);
	line(b, _("Synthèse"), _("Public"), NULL);
	csvfr_text(b, d->audience);
	csvfr_sep(b);
	csvfr_end(b);
	line(b, _("Synthèse"), _("Année"), NULL);
	count_end(b, r->year, 0, NULL);
	line(b, _("Synthèse"), _("Organisations"), NULL);
	count_end(b, r->organisations, 0, NULL);
	line(b, _("Synthèse"), _("Effectif"), NULL);
	count_end(b, r->headcount, 0, NULL);
	figure(b, _("Agents accompagnés"), &r->persons_followed);
	decimal_line(b, _("Part de l'effectif (%)"), r->share_of_headcount * 100.0, 2,
		     r->share_null);
	figure(b, _("Suivis ouverts dans l'année"), &r->new_cases);
	figure(b, _("Suivis clos dans l'année"), &r->closed_cases);
	figure(b, _("Interventions"), &r->interventions);
	decimal_line(b, _("Heures d'intervention"), r->hours, 1, r->hours_null);
	figure(b, _("Demandes d'aide financière"), &r->aids_requests);
	figure(b, _("Aides accordées (en tout ou partie)"), &r->aids_granted);
	const struct {
		const char *label;
		const struct bilan_count *c;
	} amounts[] = {
		{N_("Montant des aides demandées (€)"), &r->aids_amount_requested},
		{N_("Montant des aides accordées (€)"), &r->aids_amount_granted},
	};
	for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
		line(b, _("Synthèse"), _(amounts[i].label), NULL);
		if (amounts[i].c->hidden)
			csvfr_text(b, _("montant masqué"));
		else
			csvfr_decimal(b, (double)amounts[i].c->value / 100.0, 2);
		csvfr_sep(b);
		csvfr_end(b);
	}
	figure(b, _("Orientations vers des partenaires"), &r->orientations);
	figure(b, _("Actions collectives"), &r->actions);
	figure(b, _("Participants aux actions collectives"), &r->action_participants);
	figure(b, _("Agents en arrêt de plus de 90 jours"), &r->persons_on_long_leave);
	line(b, _("Synthèse"), _("Valeurs masquées (< 11)"), NULL);
	count_end(b, (int64_t)r->cells_suppressed, 0, NULL);
}

static void section(buf *b, const struct bilan_doc_section *s)
{
	if (s->note) {
		line(b, s->title, s->note, NULL);
		csvfr_sep(b);
		csvfr_end(b);
		return;
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct bilan_doc_row *row = &s->rows[i];
		line(b, s->title, row->label, row->key);
		if (row->hidden)
			csvfr_text(b, row->count_text);
		else
			csvfr_int(b, row->count);
		csvfr_sep(b);
		if (row->percent >= 0)
			csvfr_decimal(b, row->percent, 1);
		csvfr_end(b);
	}
}

static void trends(buf *b, const struct bilan_doc *d)
{
	char previous[64], current[64];
	snprintf(previous, sizeof previous, _("Thèmes en %d"), d->r->year - 1);
	snprintf(current, sizeof current, _("Thèmes en %d"), d->r->year);
	for (size_t i = 0; i < d->ntrends; i++) {
		const struct bilan_doc_trend *t = &d->trends[i];
		line(b, previous, t->label, NULL);
		count_end(b, t->previous, t->previous_hidden, t->previous_text);
		line(b, current, t->label, t->emerging ? _("émergent") : NULL);
		count_end(b, t->current, t->current_hidden, t->current_text);
	}
}

void bilan_csvfr(const struct bilan_doc *d, buf *out)
{
	csvfr_begin(out);
	static const char *const heads[] = {N_("Rubrique"), N_("Libellé"), N_("Code"),
					    N_("Nombre"), N_("Part (%)")};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		if (i)
			csvfr_sep(out);
		csvfr_text(out, _(heads[i]));
	}
	csvfr_end(out);
	summary(out, d);
	for (size_t i = 0; i < d->nsections; i++)
		section(out, &d->sections[i]);
	trends(out, d);
}
