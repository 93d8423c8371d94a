/*
 * doc/bilan_xlsx — the bilan as a workbook for those who rework the
 * figures: a "Synthèse" sheet (title, the key figures in sentences and as
 * numbers), one sheet per breakdown (label, code, count, share, and a bar
 * chart), and "Tendances".  Counts are numbers (Excel shows them the local
 * way); a hidden count is the text "< 11", never a number.  libxlsxwriter
 * writes to a file only, so the workbook goes through a temporary file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "render/bilan.h"
#include "support/i18n.h"
#include "support/log.h"
/* last: it redirects the libraries' functions to their table */
#include "render/xlsxlib.h"

struct formats {
	lxw_format *title, *bold, *head, *count, *percent, *hidden, *wrap, *euros;
};

static void formats_make(lxw_workbook *wb, struct formats *f)
{
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 16);
	f->bold = workbook_add_format(wb);
	format_set_bold(f->bold);
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_bottom(f->head, LXW_BORDER_THIN);
	format_set_text_wrap(f->head);
	f->count = workbook_add_format(wb);
	format_set_num_format(f->count, "#,##0");
	f->percent = workbook_add_format(wb);
	format_set_num_format(f->percent, "0.0%");
	f->hidden = workbook_add_format(wb);
	format_set_align(f->hidden, LXW_ALIGN_RIGHT);
	f->euros = workbook_add_format(wb);
	format_set_num_format(f->euros, "#,##0.00");
	f->wrap = workbook_add_format(wb);
	format_set_text_wrap(f->wrap);
}

/* A count: a number, or the text "< 11" when hidden. */
static void put_count(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t n, int hidden,
		      const char *text, const struct formats *f)
{
	if (hidden)
		worksheet_write_string(ws, r, c, text, f->hidden);
	else
		worksheet_write_number(ws, r, c, (double)n, f->count);
}

static void summary(lxw_workbook *wb, const struct bilan_doc *d, const struct formats *f)
{
	const struct bilan *r = d->r;
	lxw_worksheet *ws = workbook_add_worksheet(wb, _("Synthèse"));
	worksheet_set_column(ws, 0, 0, 48, NULL);
	worksheet_set_column(ws, 1, 1, 16, NULL);
	lxw_row_t row = 0;
	worksheet_write_string(ws, row++, 0, d->title, f->title);
	worksheet_write_string(ws, row, 0, _("Public : "), f->bold);
	worksheet_write_string(ws, row++, 1, d->audience, NULL);
	worksheet_write_string(ws, row, 0, _("Établi le "), f->bold);
	worksheet_write_string(ws, row++, 1, d->generated_on, NULL);
	row++;
	for (size_t i = 0; i < BILAN_SENTENCES; i++)
		worksheet_write_string(ws, row++, 0, d->sentences[i], NULL);
	if (d->suppression_note)
		worksheet_write_string(ws, row++, 0, d->suppression_note, f->wrap);
	row++;
	worksheet_write_string(ws, row, 0, _("Indicateur"), f->head);
	worksheet_write_string(ws, row++, 1, _("Valeur"), f->head);
	const struct {
		const char *label;
		const struct bilan_count *c;
	} counts[] = {
	    {N_("Agents accompagnés"), &r->persons_followed},
	    {N_("Suivis ouverts dans l'année"), &r->new_cases},
	    {N_("Suivis clos dans l'année"), &r->closed_cases},
	    {N_("Interventions"), &r->interventions},
	    {N_("Demandes d'aide financière"), &r->aids_requests},
	    {N_("Aides accordées (en tout ou partie)"), &r->aids_granted},
	    {N_("Orientations vers des partenaires"), &r->orientations},
	    {N_("Actions collectives"), &r->actions},
	    {N_("Participants aux actions collectives"), &r->action_participants},
	    {N_("Agents en arrêt de plus de 90 jours"), &r->persons_on_long_leave},
	};
	worksheet_write_string(ws, row, 0, _("Organisations"), NULL);
	worksheet_write_number(ws, row++, 1, (double)r->organisations, f->count);
	worksheet_write_string(ws, row, 0, _("Effectif"), NULL);
	worksheet_write_number(ws, row++, 1, (double)r->headcount, f->count);
	char text[DISCLOSURE_LABEL_MAX];
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		worksheet_write_string(ws, row, 0, _(counts[i].label), NULL);
		disclosure_label(counts[i].c->value, counts[i].c->hidden, text, sizeof text);
		put_count(ws, row++, 1, counts[i].c->value, counts[i].c->hidden, text, f);
		if (counts[i].c == &r->persons_followed) {
			worksheet_write_string(ws, row, 0, _("Part de l'effectif"), NULL);
			if (r->share_null)
				worksheet_write_string(ws, row++, 1, "", NULL);
			else
				worksheet_write_number(ws, row++, 1, r->share_of_headcount,
						       f->percent);
		}
	}
	const struct {
		const char *label;
		const struct bilan_count *c;
	} amounts[] = {
	    {N_("Montant des aides demandées (€)"), &r->aids_amount_requested},
	    {N_("Montant des aides accordées (€)"), &r->aids_amount_granted},
	};
	for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
		worksheet_write_string(ws, row, 0, _(amounts[i].label), NULL);
		if (amounts[i].c->hidden)
			worksheet_write_string(ws, row++, 1, _("non publié"), f->hidden);
		else
			worksheet_write_number(ws, row++, 1, (double)amounts[i].c->value / 100.0,
					       f->euros);
	}
	worksheet_write_string(ws, row, 0, _("Heures d'intervention"), NULL);
	if (r->hours_null)
		worksheet_write_string(ws, row++, 1, "", NULL);
	else
		worksheet_write_number(ws, row++, 1, r->hours, NULL);
	worksheet_write_string(ws, row, 0, _("Valeurs masquées (< 11)"), NULL);
	worksheet_write_number(ws, row++, 1, (double)r->cells_suppressed, f->count);
}

static int section(lxw_workbook *wb, const struct bilan_doc_section *s, const struct formats *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, s->sheet);
	if (!ws)
		return -1;
	worksheet_set_column(ws, 0, 0, 40, NULL);
	worksheet_set_column(ws, 1, 1, 22, NULL);
	worksheet_set_column(ws, 2, 3, 16, NULL);
	worksheet_write_string(ws, 0, 0, s->title, f->title);
	if (s->note) {
		worksheet_write_string(ws, 2, 0, s->note, NULL);
		return 0;
	}
	worksheet_write_string(ws, 2, 0, s->title, f->head);
	worksheet_write_string(ws, 2, 1, _("Code"), f->head);
	worksheet_write_string(ws, 2, 2, s->unit, f->head);
	worksheet_write_string(ws, 2, 3, s->percent_title, f->head);
	for (size_t i = 0; i < s->n; i++) {
		const struct bilan_doc_row *row = &s->rows[i];
		lxw_row_t r = (lxw_row_t)(3 + i);
		worksheet_write_string(ws, r, 0, row->label, NULL);
		worksheet_write_string(ws, r, 1, row->key, NULL);
		put_count(ws, r, 2, row->count, row->hidden, row->count_text, f);
		if (row->percent >= 0)
			worksheet_write_number(ws, r, 3, row->percent / 100.0, f->percent);
	}
	lxw_chart *chart = workbook_add_chart(wb, LXW_CHART_BAR);
	lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
	chart_series_set_categories(series, s->sheet, 3, 0, (lxw_row_t)(2 + s->n), 0);
	chart_series_set_values(series, s->sheet, 3, 2, (lxw_row_t)(2 + s->n), 2);
	lxw_chart_fill fill = {.color = 0x2F6FB0};
	chart_series_set_fill(series, &fill);
	chart_title_set_name(chart, s->title);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	chart_axis_set_reverse(chart->y_axis); /* the first key on top, as in the table */
	lxw_chart_options place = {.x_scale = 1.4, .y_scale = s->n > 12 ? 2.0 : 1.2};
	worksheet_insert_chart_opt(ws, (lxw_row_t)(5 + s->n), 0, chart, &place);
	return 0;
}

static void trends(lxw_workbook *wb, const struct bilan_doc *d, const struct formats *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, _("Tendances"));
	worksheet_set_column(ws, 0, 0, 40, NULL);
	worksheet_set_column(ws, 1, 3, 14, NULL);
	worksheet_write_string(ws, 0, 0, _("Tendances des thèmes"), f->title);
	worksheet_write_string(ws, 1, 0, d->trends_note, NULL);
	worksheet_write_string(ws, 3, 0, _("Thème"), f->head);
	worksheet_write_number(ws, 3, 1, d->r->year - 1, f->head);
	worksheet_write_number(ws, 3, 2, d->r->year, f->head);
	worksheet_write_string(ws, 3, 3, _("Tendance"), f->head);
	for (size_t i = 0; i < d->ntrends; i++) {
		const struct bilan_doc_trend *t = &d->trends[i];
		lxw_row_t r = (lxw_row_t)(4 + i);
		worksheet_write_string(ws, r, 0, t->label, NULL);
		put_count(ws, r, 1, t->previous, t->previous_hidden, t->previous_text, f);
		put_count(ws, r, 2, t->current, t->current_hidden, t->current_text, f);
		if (t->emerging)
			worksheet_write_string(ws, r, 3, _("émergent"), f->bold);
	}
}

int bilan_xlsx(const struct bilan_doc *d, buf *out)
{
	if (xlsxlib_load() != 0)
		return -1;
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/relais-bilan-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		log_error("bilan XLSX: cannot create a temporary file: %s", strerror(errno));
		return -1;
	}
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		unlink(path);
		log_error("bilan XLSX: cannot start the workbook");
		return -1;
	}
	/* libxlsxwriter's properties are not const; it only reads them. */
	char title[512], author[] = "relais";
	snprintf(title, sizeof title, "%s", d->title);
	lxw_doc_properties props = {.title = title, .author = author};
	workbook_set_properties(wb, &props);
	struct formats f;
	formats_make(wb, &f);
	summary(wb, d, &f);
	int bad = 0;
	for (size_t i = 0; i < d->nsections; i++)
		bad |= section(wb, &d->sections[i], &f);
	trends(wb, d, &f);
	lxw_error err = workbook_close(wb);
	int rc = -1;
	if (bad) {
		log_error("bilan XLSX: a sheet could not be added");
	} else if (err != LXW_NO_ERROR) {
		log_error("bilan XLSX: %s", lxw_strerror(err));
	} else {
		FILE *in = fopen(path, "rb");
		if (in) {
			char chunk[16384];
			size_t n;
			while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
				buf_add(out, chunk, n);
			rc = ferror(in) || out->overflow ? -1 : 0;
			fclose(in);
		}
		if (rc != 0)
			log_error("bilan XLSX: cannot read the workbook back");
	}
	unlink(path);
	return rc;
}
