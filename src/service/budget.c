/* budget — see budget.h. */
#include "service/budget.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "service/audit.h"
#include "service/internal.h"
#include "support/buf.h"
#include "support/i18n.h"
#include "support/text.h"

#define AAD_LABEL "budget_lines.label"

/* What each section is called in the store and in validation errors. */
static const struct {
	const char *code;    /* budget_lines.section */
	const char *list;    /* the JSON array, the field of "too many lines" */
	const char *label;   /* the field of a bad label */
	const char *amount;  /* the field of a bad amount */
	const char *message; /* a bad label */
} sections[BUDGET__SECTIONS] = {
	[BUDGET_INCOME] = {"income", "incomes", "incomes.label", "incomes.amount_cents",
			   N_("Chaque revenu a un libellé (200 caractères au plus).")},
	[BUDGET_CHARGE] = {"charge", "charges", "charges.label", "charges.amount_cents",
			   N_("Chaque charge a un libellé (200 caractères au plus).")},
	[BUDGET_DEBT] = {"debt", "debts", "debts.creditor", "debts.amount_cents",
			 N_("Chaque dette a un créancier (200 caractères au plus).")},
};

/* The formats, with the messages of the checks below and of the household's
   rule (domain/budget.h); the service still checks the month itself. */
const struct field budget_fields[BUDGET__FIELDS] = {
	[BUDGET_MONTH] = {"month", FIELD_LINE, FIELD_REQUIRED, 0, BUDGET_MONTH_LEN,
			  N_("Le mois s'écrit AAAA-MM (2024-03)."),
			  FIELD_AT(struct budget_input, month)},
	[BUDGET_ADULTS] = {"adults", FIELD_INT, FIELD_REQUIRED, 1, BUDGET_PERSONS_MAX,
			   N_("Le foyer compte au moins un adulte (20 au plus)."),
			   FIELD_AT(struct budget_input, household.adults)},
	[BUDGET_CHILDREN] = {"children_under_14", FIELD_INT, 0, 0, BUDGET_PERSONS_MAX,
			     N_("Le nombre d'enfants de moins de 14 ans va de 0 à 20."),
			     FIELD_AT(struct budget_input, household.children_under_14)},
	[BUDGET_OTHERS] = {"others_14_plus", FIELD_INT, 0, 0, BUDGET_PERSONS_MAX,
			   N_("Le nombre d'autres personnes de 14 ans ou plus va de 0 à 20."),
			   FIELD_AT(struct budget_input, household.others_14_plus)},
};

static int label_ok(const char *t)
{
	return t && *t && text_is_clean_utf8(t, strlen(t), 0) &&
	       text_utf8_chars(t) <= BUDGET_LABEL_MAX;
}

static int amount_ok(int64_t v)
{
	return v >= 0 && v <= BUDGET_AMOUNT_MAX;
}

/* Checks in and sums its sections into totals[] (incomes, charges,
   repayments). */
static int check(svc *s, const struct budget_input *in, int64_t totals[BUDGET__SECTIONS])
{
	if (!budget_month_valid(in->month))
		return svc_fail(s, SVC_INVALID, "month", N_("Le mois s'écrit AAAA-MM (2024-03)."));
	struct verr e;
	if (budget_check_household(&in->household, &e) != 0)
		return svc_fail(s, SVC_INVALID, e.field, e.message);
	for (int k = 0; k < BUDGET__SECTIONS; k++) {
		totals[k] = 0;
		if (in->n[k] < 0 || in->n[k] > BUDGET_LINES_MAX)
			return svc_fail(s, SVC_INVALID, sections[k].list,
					N_("30 lignes au plus par rubrique."));
		for (int i = 0; i < in->n[k]; i++) {
			const struct budget_line *l = &in->lines[k][i];
			if (!label_ok(l->label))
				return svc_fail(s, SVC_INVALID, sections[k].label, sections[k].message);
			if (!amount_ok(l->amount_cents))
				return svc_fail(s, SVC_INVALID, sections[k].amount,
						N_("Un montant est un nombre de centimes positif ou "
						   "nul (un million d'euros au plus)."));
			if (k == BUDGET_DEBT && !amount_ok(l->monthly_cents))
				return svc_fail(s, SVC_INVALID, "debts.monthly_cents",
						N_("Le remboursement mensuel est un nombre de centimes "
						   "positif ou nul."));
			totals[k] += k == BUDGET_DEBT ? l->monthly_cents : l->amount_cents;
		}
	}
	return SVC_OK;
}

/* Writes the lines of budget id (after deleting the old ones). */
static int write_lines(svc *s, int64_t id, const struct budget_input *in)
{
	store *db = svc_db(s);
	store_value del[] = {SV_INT(id)};
	if (store_exec(db, ST_BUDGET_LINES_DELETE, del, 1, NULL, NULL) != STORE_OK)
		return -1;
	buf sealed;
	buf_init(&sealed, 0);
	int position = 0, rc = 0;
	for (int k = 0; k < BUDGET__SECTIONS && rc == 0; k++)
		for (int i = 0; i < in->n[k] && rc == 0; i++) {
			const struct budget_line *l = &in->lines[k][i];
			/* The row's key: the budget and the line's position. */
			char key[48];
			snprintf(key, sizeof key, "%" PRId64 "/%d", id, position);
			svc_seal_keyed(s, AAD_LABEL, key, l->label, &sealed);
			store_value p[] = {SV_INT(id),
					   SV_INT(position++),
					   SV_TEXT(sections[k].code),
					   SV_BLOB(sealed.data, sealed.len),
					   SV_INT(l->amount_cents),
					   SV_INT(k == BUDGET_DEBT ? l->monthly_cents : 0)};
			if (store_exec(db, ST_BUDGET_LINE_INSERT, p, 6, NULL, NULL) != STORE_OK)
				rc = -1;
		}
	buf_free(&sealed);
	return rc;
}

int budget_put(svc *s, int64_t case_id, const struct budget_input *in,
	       struct reste_a_vivre *out)
{
	/* One transaction from the check to the write (interventions_create). */
	int rc = svc_gate_begin(s, ST_CASE_ACCESS, "case", case_id, "budget.update_denied");
	if (rc != SVC_OK)
		return rc;
	int64_t totals[BUDGET__SECTIONS];
	rc = check(s, in, totals);
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		return rc;
	}
	const struct household *h = &in->household;
	store_value p[] = {SV_INT(case_id),
			   SV_TEXT(in->month),
			   SV_INT(s->actor.id),
			   SV_INT(h->adults),
			   SV_INT(h->children_under_14),
			   SV_INT(h->others_14_plus),
			   SV_INT(totals[BUDGET_INCOME]),
			   SV_INT(totals[BUDGET_CHARGE]),
			   SV_INT(totals[BUDGET_DEBT]),
			   SV_INT(time(NULL))};
	int64_t id = 0;
	char object[24];
	if (store_exec(svc_db(s), ST_BUDGET_UPSERT, p, 10, svc_row_int, &id) != STORE_OK ||
	    write_lines(s, id, in) != 0 ||
	    (snprintf(object, sizeof object, "%" PRId64, id),
	     svc_audit(s, "budget.update", "budget", object) != 0) ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "budget_put");
	if (out)
		budget_reste_a_vivre(totals[BUDGET_INCOME], totals[BUDGET_CHARGE],
				     totals[BUDGET_DEBT], h, out);
	return SVC_OK;
}

/* ---- reading ---- */

/* A month read back, with its lines when asked (heap copies). */
struct loaded {
	svc *s;
	int found;
	int64_t id;
	char month[BUDGET_MONTH_LEN + 1];
	struct budget_view v;
	struct budget_line lines[BUDGET__SECTIONS][BUDGET_LINES_MAX];
};

static void view_from_row(struct budget_view *v, const store_row *row)
{
	memset(v, 0, sizeof *v);
	v->month = store_row_text(row, BUDGET_COL_MONTH);
	v->household.adults = store_row_int(row, BUDGET_COL_ADULTS);
	v->household.children_under_14 = store_row_int(row, BUDGET_COL_CHILDREN_UNDER_14);
	v->household.others_14_plus = store_row_int(row, BUDGET_COL_OTHERS_14_PLUS);
	v->incomes_cents = store_row_int(row, BUDGET_COL_INCOMES_CENTS);
	v->charges_cents = store_row_int(row, BUDGET_COL_CHARGES_CENTS);
	v->repayments_cents = store_row_int(row, BUDGET_COL_REPAYMENTS_CENTS);
	v->updated_at = store_row_int(row, BUDGET_COL_UPDATED_AT);
	/* A household written by an older rule still gets a figure. */
	if (v->household.adults < 1)
		v->household.adults = 1;
	budget_reste_a_vivre(v->incomes_cents, v->charges_cents, v->repayments_cents,
			     &v->household, &v->rav);
}

static int month_row(void *ctx, const store_row *row)
{
	struct loaded *l = ctx;
	l->found = 1;
	l->id = store_row_int(row, BUDGET_COL_ID);
	view_from_row(&l->v, row);
	snprintf(l->month, sizeof l->month, "%s", l->v.month ? l->v.month : "");
	l->v.month = l->month;
	return 1;
}

static int line_row(void *ctx, const store_row *row)
{
	struct loaded *l = ctx;
	const char *section = store_row_text(row, BUDGET_LINE_COL_SECTION);
	for (int k = 0; k < BUDGET__SECTIONS; k++) {
		if (!section || strcmp(section, sections[k].code) != 0 || l->v.n[k] >= BUDGET_LINES_MAX)
			continue;
		size_t n = 0;
		const void *d = store_row_blob(row, BUDGET_LINE_COL_LABEL, &n);
		struct budget_line *line = &l->lines[k][l->v.n[k]++];
		char key[48];
		snprintf(key, sizeof key, "%" PRId64 "/%" PRId64, l->id,
			 store_row_int(row, BUDGET_LINE_COL_POSITION));
		char *label = svc_unseal_keyed(l->s, AAD_LABEL, key, d, n);
		line->label = label ? label : strdup("");
		line->amount_cents = store_row_int(row, BUDGET_LINE_COL_AMOUNT_CENTS);
		line->monthly_cents = store_row_int(row, BUDGET_LINE_COL_MONTHLY_CENTS);
	}
	return 0;
}

static void loaded_free(struct loaded *l)
{
	for (int k = 0; k < BUDGET__SECTIONS; k++)
		for (int i = 0; i < l->v.n[k]; i++)
			free((char *)l->lines[k][i].label);
}

int budget_get(svc *s, int64_t case_id, const char *month, budget_fn fn, void *ctx)
{
	int rc = svc_gate_begin(s, ST_CASE_ACCESS, "case", case_id, "budget.read_denied");
	if (rc != SVC_OK)
		return rc;
	if (month && *month && !budget_month_valid(month)) {
		svc_tx_refused(s);
		return svc_fail(s, SVC_INVALID, "month", N_("Le mois s'écrit AAAA-MM (2024-03)."));
	}
	struct loaded *l = calloc(1, sizeof *l);
	if (!l)
		return svc_abort(s, "budget_get");
	l->s = s;
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, case_id);
	store *db = svc_db(s);
	store_value p[] = {SV_INT(case_id), SV_TEXT(month ? month : "")};
	rc = SVC_OK;
	if (svc_audit(s, "budget.read", "case", object) != 0 ||
	    store_exec(db, ST_BUDGET_GET, p, 2, month_row, l) != STORE_OK ||
	    (l->found && store_exec(db, ST_BUDGET_LINES, (store_value[]){SV_INT(l->id)}, 1,
				    line_row, l) != STORE_OK) ||
	    svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "budget_get");
	if (rc == SVC_OK && l->found) {
		for (int k = 0; k < BUDGET__SECTIONS; k++)
			l->v.lines[k] = l->lines[k];
		if (fn)
			fn(ctx, &l->v);
	}
	loaded_free(l);
	free(l);
	return rc;
}

struct relay {
	budget_fn fn;
	void *ctx;
};

static int history_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	struct budget_view v;
	view_from_row(&v, row);
	return r->fn ? r->fn(r->ctx, &v) : 0;
}

int budget_history(svc *s, int64_t case_id, budget_fn fn, void *ctx)
{
	int rc = svc_gate_begin(s, ST_CASE_ACCESS, "case", case_id, "budget.history_denied");
	if (rc != SVC_OK)
		return rc;
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, case_id);
	struct relay r = {fn, ctx};
	store_value p[] = {SV_INT(case_id)};
	if (svc_audit(s, "budget.history", "case", object) != 0 ||
	    store_exec(svc_db(s), ST_BUDGET_HISTORY, p, 1, history_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "budget_history");
	return SVC_OK;
}
