/*
 * budget — the "Budget et reste à vivre" section of a case's page (laid
 * out by web/case_page.c): the budget of a month with its reste à vivre
 * (negative figures highlighted by the class "negative"), the
 * month-by-month history as a small SVG chart and a table, and the form
 * entering a month — a fixed number of empty lines, and a button "Ajouter
 * des lignes" that shows the form again with more, all without JavaScript;
 * and that form's POST.
 *
 * Amounts are typed in euros ("1 234,50") and shown the French way
 * (domain/money.h).  A refused form is shown again with what was typed,
 * read back from the request, and its message next to the field.
 */
#include <stdint.h>
#include <string.h>

#include "domain/date.h"
#include "domain/money.h"
#include "service/budget.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/case_forms.h"
#include "web/web.h"

#define CHART_MONTHS 12 /* months drawn in the history chart */
#define CHART_W 640
#define CHART_H 180
#define LINES_SHOWN 3   /* empty lines offered in each section */
#define LINES_MORE 3    /* lines "Ajouter des lignes" adds */

/* "mars 2024" from "2024-03" (valid month). */
static const char *month_fr(arena *a, const char *month)
{
	int m = (month[5] - '0') * 10 + (month[6] - '0');
	return arena_printf(a, "%s %.4s", _(date_month_name(m)), month);
}

/* "2,3" units from tenths. */
static const char *units_fr(arena *a, int64_t tenths)
{
	return arena_printf(a, "%lld,%lld", (long long)(tenths / 10), (long long)(tenths % 10));
}

/* The form's names of each section: its inputs are <prefix>_label_<i>,
   <prefix>_amount_<i> (and debt_monthly_<i>). */
static const struct {
	const char *prefix;   /* of the inputs' names */
	const char *title;    /* the fieldset's legend */
	const char *label;    /* the label input's label */
	const char *amount;   /* the amount input's label */
} section_form[BUDGET__SECTIONS] = {
	[BUDGET_INCOME] = {"income", N_("Revenus du mois"), N_("Revenu"), N_("Montant (€)")},
	[BUDGET_CHARGE] = {"charge", N_("Charges du mois"), N_("Charge"), N_("Montant (€)")},
	[BUDGET_DEBT] = {"debt", N_("Dettes"), N_("Créancier"), N_("Montant dû (€)")},
};

/* A month read for the page (strings in the arena). */
struct month {
	arena *a;
	int found;
	struct budget_view v;
	struct budget_line *lines[BUDGET__SECTIONS];
};

static int month_keep(void *ctx, const struct budget_view *v)
{
	struct month *m = ctx;
	m->found = 1;
	m->v = *v;
	m->v.month = arena_strdup(m->a, v->month);
	for (int k = 0; k < BUDGET__SECTIONS; k++) {
		m->lines[k] = arena_alloc(m->a, sizeof *m->lines[k] * (size_t)(v->n[k] + 1));
		for (int i = 0; i < v->n[k]; i++) {
			m->lines[k][i] = v->lines[k][i];
			m->lines[k][i].label = arena_strdup(m->a, v->lines[k][i].label);
		}
		m->v.lines[k] = m->lines[k];
	}
	return 1;
}

struct history {
	arena *a;
	int n;
	const char *month[CHART_MONTHS];
	struct reste_a_vivre rav[CHART_MONTHS];
};

/* Keeps the last CHART_MONTHS months (the history comes oldest first). */
static int history_keep(void *ctx, const struct budget_view *v)
{
	struct history *h = ctx;
	if (h->n == CHART_MONTHS) {
		memmove(h->month, h->month + 1, sizeof h->month[0] * (CHART_MONTHS - 1));
		memmove(h->rav, h->rav + 1, sizeof h->rav[0] * (CHART_MONTHS - 1));
		h->n--;
	}
	h->month[h->n] = arena_strdup(h->a, v->month);
	h->rav[h->n++] = v->rav;
	return 0;
}

/* The reste à vivre of a month as a definition list. */
static void rav_list(struct request *req, buf *b, const struct budget_view *v)
{
	static const char *const terms[] = {
		N_("Revenus"),
		N_("Charges"),
		N_("Remboursements de dettes (par mois)"),
		N_("Reste à vivre par mois"),
		N_("Reste à vivre par jour"),
		N_("Reste à vivre par jour et par unité de consommation")};
	const int64_t values[] = {v->incomes_cents,     v->charges_cents,
				  v->repayments_cents,  v->rav.per_month_cents,
				  v->rav.per_day_cents, v->rav.per_day_per_unit_cents};
	html(b, "<p>");
	long long adults = v->household.adults, children = v->household.children_under_14,
		  others = v->household.others_14_plus;
	html_txt(b,
		 arena_printf(
		     req->a,
		     _("Foyer : %s, %s, %s — %s unités de consommation (échelle de l'OCDE "
		       "modifiée)."),
		     arena_printf(req->a, P_("%lld adulte", "%lld adultes", adults), adults),
		     arena_printf(req->a,
				  P_("%lld enfant de moins de 14 ans",
				     "%lld enfants de moins de 14 ans", children),
				  children),
		     arena_printf(req->a,
				  P_("%lld autre personne de 14 ans ou plus",
				     "%lld autres personnes de 14 ans ou plus", others),
				  others),
		     units_fr(req->a, v->rav.units_tenths)));
	html(b, "</p>\n<dl>\n");
	for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
		html(b, "<dt>");
		html_txt(b, _(terms[i]));
		html(b, "</dt>\n<dd>");
		case_form_money(b, values[i]);
		html(b, "</dd>\n");
	}
	html(b, "</dl>\n");
}

/* The history chart: one bar per month of the reste à vivre per day and
   unit, above or below the zero line (negative bars in red), with a text
   alternative listing every value. */
static void history_chart(struct request *req, buf *b, const struct history *h)
{
	int64_t lo = 0, hi = 0;
	for (int i = 0; i < h->n; i++) {
		int64_t x = h->rav[i].per_day_per_unit_cents;
		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
	}
	buf sum;
	buf_init(&sum, 0);
	buf_puts(&sum, _("Reste à vivre par jour et par unité, mois par mois : "));
	for (int i = 0; i < h->n; i++) {
		char text[MONEY_TEXT_MAX];
		money_format(h->rav[i].per_day_per_unit_cents, text, sizeof text);
		buf_printf(&sum, "%s%s %s", i ? " ; " : "", month_fr(req->a, h->month[i]), text);
	}
	buf_puts(&sum, ".");
	const int top = 10, plot = CHART_H - 40, left = 8;
	int64_t span = hi - lo > 0 ? hi - lo : 1;
	int zero = top + (int)(hi * plot / span);
	int step = (CHART_W - 2 * left) / CHART_MONTHS;
	html(b, "<figure class=\"budget-chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"role=\"img\" aria-label=\"");
	html_attr(b, buf_cstr(&sum));
	buf_free(&sum);
	buf_printf(b, "\" width=\"100%%\" viewBox=\"0 0 %d %d\" height=\"%d\" font-size=\"12\">\n",
		   CHART_W, CHART_H, CHART_H);
	for (int i = 0; i < h->n; i++) {
		int64_t x = h->rav[i].per_day_per_unit_cents;
		int height = (int)((x < 0 ? -x : x) * plot / span);
		int y = x < 0 ? zero : zero - height;
		buf_printf(b,
			   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
			   left + i * step + step / 6, y, step * 2 / 3, height > 0 ? height : 1,
			   x < 0 ? "#b3261e" : "#2f6fb0");
		buf_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"currentColor\">%.2s/%.2s</text>\n",
			   left + i * step + step / 6, CHART_H - 8, h->month[i] + 5,
			   h->month[i] + 2);
	}
	buf_printf(b,
		   "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"currentColor\"/>\n",
		   left, zero, CHART_W - left, zero);
	html(b, "</svg>\n<figcaption>");
	html_txt(b, _("Reste à vivre par jour et par unité de consommation, des derniers mois "
		      "saisis (en rouge : négatif)."));
	html(b, "</figcaption>\n</figure>\n");
}

/* The table of the history, each month linking to its budget. */
static void history_table(struct request *req, buf *b, int64_t case_id, const struct history *h)
{
	html(b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(b, _("Mois"));
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_txt(b, _("Par mois"));
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_txt(b, _("Par jour"));
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_txt(b, _("Par jour et par unité"));
	html(b, "</th></tr></thead>\n<tbody>\n");
	for (int i = h->n - 1; i >= 0; i--) {
		html(b, "<tr><th scope=\"row\"><a href=\"/cases/");
		html_int(b, case_id);
		html(b, "?month=");
		html_url_arg(b, h->month[i]);
		html(b, "#budget\">");
		html_txt(b, month_fr(req->a, h->month[i]));
		html(b, "</a></th><td class=\"num\">");
		case_form_money(b, h->rav[i].per_month_cents);
		html(b, "</td><td class=\"num\">");
		case_form_money(b, h->rav[i].per_day_cents);
		html(b, "</td><td class=\"num\">");
		case_form_money(b, h->rav[i].per_day_per_unit_cents);
		html(b, "</td></tr>\n");
	}
	html(b, "</tbody>\n</table>\n</figure>\n");
}

/* The button asking for more lines (nothing is saved). */
static const char more_button[] = "more";

/* How many lines of section k the form shows: the month's (or what was
   typed) plus empty ones, and LINES_MORE more when asked. */
static int lines_shown(const struct record_form *c, const struct month *m, int k)
{
	int n = m->found ? m->v.n[k] : 0;
	if (record_form_refused(c)) {
		const char *shown = req_form(c->req, arena_printf(c->req->a, "%s_lines",
								  section_form[k].prefix));
		int64_t v;
		n = shown && text_parse_int(shown, 0, BUDGET_LINES_MAX, &v) == 0 ? (int)v : n;
		if (req_form(c->req, more_button))
			n += LINES_MORE;
	} else {
		n += LINES_SHOWN;
	}
	return n > BUDGET_LINES_MAX ? BUDGET_LINES_MAX : n < 1 ? 1 : n;
}

/* The lines of section k in the budget form. */
static void section_fields(buf *b, const struct record_form *c, const struct month *m, int k)
{
	arena *a = c->req->a;
	int n = lines_shown(c, m, k);
	html(b, "<fieldset>\n<legend>");
	html_txt(b, _(section_form[k].title));
	html(b, "</legend>\n");
	html(b, "<input type=\"hidden\" name=\"");
	html_attr(b, arena_printf(a, "%s_lines", section_form[k].prefix));
	html(b, "\" value=\"");
	html_int(b, n);
	html(b, "\">\n");
	for (int i = 0; i < n; i++) {
		const struct budget_line *line =
			m->found && i < m->v.n[k] ? &m->v.lines[k][i] : NULL;
		const char *p = section_form[k].prefix;
		html(b, "<div class=\"grid\">\n");
		record_form_input(b, c, "text", arena_printf(a, "%s_label_%d", p, i), "",
				  arena_printf(a, "%s %d", _(section_form[k].label), i + 1),
				  line ? line->label : "", " maxlength=\"200\"");
		record_form_input(
			b, c, "text", arena_printf(a, "%s_amount_%d", p, i), "",
			arena_printf(a, "%s, %s %d", _(section_form[k].amount), _("ligne"), i + 1),
			line ? case_form_euros(a, line->amount_cents) : "",
			" inputmode=\"decimal\" maxlength=\"20\"");
		if (k == BUDGET_DEBT)
			record_form_input(b, c, "text", arena_printf(a, "debt_monthly_%d", i), "",
					  arena_printf(a, "%s %d",
						       _("Remboursement mensuel (€), ligne"),
						       i + 1),
					  line ? case_form_euros(a, line->monthly_cents) : "",
					  " inputmode=\"decimal\" maxlength=\"20\"");
		html(b, "</div>\n");
	}
	html(b, "</fieldset>\n");
}

static void budget_form(struct request *req, buf *b, int64_t case_id, const struct month *m,
			const struct case_refusal *r, int open)
{
	struct record_form c = {req, r, "budget", "budget-"};
	static const char *const inline_fields[] = {"month", "adults", "children_under_14",
						    "others_14_plus", NULL};
	case_form_details_open(b, open || record_form_refused(&c),
			       m->found ? _("Modifier ce mois ou saisir un autre mois")
					: _("Saisir le budget d'un mois"));
	html(b, "<p><small>");
	html_txt(b, _("Les libellés et les créanciers sont chiffrés. Une ligne laissée vide est "
		      "ignorée ; saisir de nouveau un mois remplace son budget."));
	html(b, "</small></p>\n");
	record_form_alert(b, &c, inline_fields);
	case_form_open(req, b, case_id, "/budget");
	const struct household one = {1, 0, 0};
	const struct household *h = m->found ? &m->v.household : &one;
	char today[DATE_LEN + 1];
	date_today(today);
	today[BUDGET_MONTH_LEN] = '\0';
	html(b, "<div class=\"grid\">\n");
	record_form_input(b, &c, "month", "month", "month", _("Mois (AAAA-MM)"),
			  m->found ? m->v.month : today, " required");
	record_form_input(b, &c, "number", "adults", "adults", _("Adultes"),
			  arena_printf(req->a, "%lld", (long long)h->adults),
			  " required min=\"1\" max=\"20\"");
	record_form_input(b, &c, "number", "children_under_14", "children_under_14",
			  _("Enfants de moins de 14 ans"),
			  arena_printf(req->a, "%lld", (long long)h->children_under_14),
			  " required min=\"0\" max=\"20\"");
	record_form_input(b, &c, "number", "others_14_plus", "others_14_plus",
			  _("Autres personnes de 14 ans ou plus"),
			  arena_printf(req->a, "%lld", (long long)h->others_14_plus),
			  " required min=\"0\" max=\"20\"");
	html(b, "</div>\n");
	for (int k = 0; k < BUDGET__SECTIONS; k++)
		section_fields(b, &c, m, k);
	html(b, "<div class=\"grid\">\n<button type=\"submit\" name=\"");
	html_attr(b, more_button);
	html(b, "\" value=\"1\" "
		"class=\"secondary\" formnovalidate>");
	html_txt(b, _("Ajouter des lignes"));
	html(b, "</button>\n");
	case_form_submit(b, _("Enregistrer le budget"));
	html(b, "</div>\n</form>\n</details>\n");
}

/* The budget section: the month asked for (?month=) or the latest, the
   history, the form. */
int web_budget_section(struct request *req, buf *b, const struct web_case *page)
{
	int64_t case_id = page->v->id;
	const struct case_refusal *r = page->record;
	const char *asked = req_query(req, "month");
	if (asked && !budget_month_valid(asked))
		asked = NULL;
	struct month m;
	memset(&m, 0, sizeof m);
	m.a = req->a;
	struct history h;
	memset(&h, 0, sizeof h);
	h.a = req->a;
	int rc = budget_get(req->svc, case_id, asked, month_keep, &m);
	if (rc == SVC_OK)
		rc = budget_history(req->svc, case_id, history_keep, &h);
	if (rc != SVC_OK)
		return rc;
	case_form_section(b, "budget", _("Budget et reste à vivre"));
	if (m.found) {
		html(b, "<h3>");
		html_txt(b, arena_printf(req->a, _("Budget de %s"), month_fr(req->a, m.v.month)));
		html(b, "</h3>\n");
		rav_list(req, b, &m.v);
	} else {
		html(b, "<p>");
		html_txt(b, asked ? _("Pas de budget saisi pour ce mois.")
				  : _("Aucun budget saisi pour l'instant."));
		html(b, "</p>\n");
	}
	if (h.n) {
		html(b, "<h3>");
		html_txt(b, _("Mois par mois"));
		html(b, "</h3>\n");
		history_chart(req, b, &h);
		history_table(req, b, case_id, &h);
	}
	budget_form(req, b, case_id, &m, r, asked != NULL);
	html(b, "</section>\n");
	return SVC_OK;
}

/* ---- the form's POST ---- */

/* Reads the lines of section k; 0, or -1 with *field set for an amount
   that is not one. */
static int read_lines(struct request *req, int k, struct budget_input *in, const char **field)
{
	static const char *const amount_fields[] = {"incomes.amount_cents", "charges.amount_cents",
						    "debts.amount_cents"};
	arena *a = req->a;
	const char *p = section_form[k].prefix;
	struct budget_line *lines = arena_alloc(a, sizeof *lines * BUDGET_LINES_MAX);
	int n = 0;
	for (int i = 0; i < BUDGET_LINES_MAX; i++) {
		const char *label = req_form(req, arena_printf(a, "%s_label_%d", p, i));
		const char *amount = req_form(req, arena_printf(a, "%s_amount_%d", p, i));
		const char *monthly = k == BUDGET_DEBT
					      ? req_form(req, arena_printf(a, "debt_monthly_%d", i))
					      : NULL;
		if ((!label || !*label) && (!amount || !*amount) && (!monthly || !*monthly))
			continue; /* an empty line */
		struct budget_line *l = &lines[n++];
		l->label = label ? label : "";
		if (money_parse(amount, BUDGET_AMOUNT_MAX, &l->amount_cents) != 0) {
			*field = amount_fields[k];
			return -1;
		}
		if (k == BUDGET_DEBT && monthly && *monthly &&
		    money_parse(monthly, BUDGET_AMOUNT_MAX, &l->monthly_cents) != 0) {
			*field = "debts.monthly_cents";
			return -1;
		}
	}
	in->lines[k] = lines;
	in->n[k] = n;
	return 0;
}

void web_budget_put(struct request *req, struct response *resp)
{
	static const struct case_refusal more = {"budget", {NULL, NULL}, NULL};
	int64_t id = req->id;
	if (req_form(req, more_button)) {
		/* More lines: the same form again, nothing saved. */
		web_case_page(req, resp, 200, id, &more);
		return;
	}
	struct budget_input in;
	memset(&in, 0, sizeof in);
	/* The lines' amounts first, then the month and the household, as
	   before.  The form sends every count: an empty one is refused by the
	   service, so it is not 0 here. */
	for (int k = 0; k < BUDGET__SECTIONS; k++) {
		const char *field = NULL;
		if (read_lines(req, k, &in, &field) != 0) {
			web_case_page_record_refuse(req, resp, id, "budget", field,
						    record_form_bad_euros);
			return;
		}
	}
	in.household.children_under_14 = in.household.others_14_plus = -1;
	struct verr e;
	if (req_fields(req, budget_fields, BUDGET__FIELDS, &in, &e) != 0) {
		web_case_page_record_refuse(req, resp, id, "budget", e.field, e.message);
		return;
	}
	web_case_page_record_after(req, resp, budget_put(req->svc, id, &in, NULL), id, "budget",
				   "budget");
}
