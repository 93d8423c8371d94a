/*
 * budget — the budget diagnosis of a case, month by month (a CESF's
 * *diagnostic budgétaire*): the household, the lines of incomes, charges
 * and debts, and the *reste à vivre* they leave (domain/budget.h has the
 * arithmetic).  Amounts are integer cents, in clear; labels and creditors
 * are about the person and sealed at rest.  One budget per case and month:
 * entering a month again replaces it, the other months stay as history.
 *
 * Same secrecy as the case (référent and live shares; everyone else
 * SVC_NOT_FOUND, audited budget.*_denied).
 */
#ifndef RELAIS_SERVICE_BUDGET_H
#define RELAIS_SERVICE_BUDGET_H

#include <stdint.h>

#include "domain/budget.h"
#include "domain/field.h"
#include "service/svc.h"

/* The sections of a budget, in the order they are shown. */
enum budget_section { BUDGET_INCOME, BUDGET_CHARGE, BUDGET_DEBT, BUDGET__SECTIONS };

/* One line: an income, a charge, or a debt (label = creditor, amount =
   what is owed, monthly = the repayment counted in the month). */
struct budget_line {
	const char *label;     /* 1..BUDGET_LABEL_MAX characters */
	int64_t amount_cents;  /* 0..BUDGET_AMOUNT_MAX */
	int64_t monthly_cents; /* debts only: 0..BUDGET_AMOUNT_MAX */
};

/* A month's budget as entered. */
struct budget_input {
	const char *month; /* YYYY-MM */
	struct household household;
	const struct budget_line *lines[BUDGET__SECTIONS]; /* per section, n[] of them */
	int n[BUDGET__SECTIONS];                            /* 0..BUDGET_LINES_MAX each */
};

/* The month and the household of budget_put, declared once for the form,
   the JSON body and the CSV import (domain/field.h), in the service's
   order.  The lines, groups repeated per section, are read by each adapter;
   the service checks them. */
enum { BUDGET_MONTH, BUDGET_ADULTS, BUDGET_CHILDREN, BUDGET_OTHERS, BUDGET__FIELDS };
extern const struct field budget_fields[BUDGET__FIELDS];

/* A month's budget as shown.  Strings valid during the callback only. */
struct budget_view {
	const char *month;
	struct household household;
	int64_t incomes_cents, charges_cents, repayments_cents; /* the totals */
	struct reste_a_vivre rav;
	const struct budget_line *lines[BUDGET__SECTIONS]; /* decrypted; NULL in the history */
	int n[BUDGET__SECTIONS];
	int64_t updated_at;
};

typedef int (*budget_fn)(void *ctx, const struct budget_view *v);

/* Enters (or replaces) the budget of in->month in case case_id, audited
   budget.update; *out (may be NULL) gets its reste à vivre.  SVC_INVALID
   names the field: month, adults, children_under_14, others_14_plus,
   incomes, charges, debts (too many lines), incomes.label,
   incomes.amount_cents, charges.label, charges.amount_cents,
   debts.creditor, debts.amount_cents, debts.monthly_cents. */
int budget_put(svc *s, int64_t case_id, const struct budget_input *in,
	       struct reste_a_vivre *out);

/* The budget of `month` (NULL or "": the latest) with its lines, given to
   fn once when there is one (audited budget.read).  SVC_INVALID (month)
   for a malformed month. */
int budget_get(svc *s, int64_t case_id, const char *month, budget_fn fn, void *ctx);

/* Every month's budget of the case, oldest first, without lines (audited
   budget.history). */
int budget_history(svc *s, int64_t case_id, budget_fn fn, void *ctx);

#endif
