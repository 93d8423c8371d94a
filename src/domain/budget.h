/*
 * budget — the budget diagnosis of a household (by a CESF): a month's
 * incomes, charges and debt repayments give the *reste à vivre* (what is
 * left to live on), per month, per day, and per day and consumption unit.
 *
 *   per month            = incomes − charges − debt repayments (monthly)
 *   per day              = per month / 30, rounded down
 *   units (OECD modified) = 1 for the first adult, 0.5 for every other
 *                          person aged 14 or more, 0.3 per child under 14
 *   per day per unit     = per day / units, rounded down
 *
 * "Rounded down" is floor, also below zero: -1 cent a month is -1 cent a
 * day, not 0 (a deficit never rounds up to an even balance).  Units are
 * kept in tenths (2.1 units = 21) so that the whole computation is exact
 * integer arithmetic on cents.  Pure functions.
 */
#ifndef RELAIS_BUDGET_H
#define RELAIS_BUDGET_H

#include <stdint.h>

#include "domain/verr.h"

#define BUDGET_DAYS_PER_MONTH 30
#define BUDGET_PERSONS_MAX 20           /* of each kind in a household */
#define BUDGET_LINES_MAX 30             /* lines of each section */
#define BUDGET_LABEL_MAX 200            /* characters of a label or creditor */
#define BUDGET_AMOUNT_MAX 10000000000LL /* cents (100 million euros) per line */
#define BUDGET_MONTH_LEN 7              /* "YYYY-MM" */

/* Who lives in the household. */
struct household {
	int64_t adults;            /* 1 or more: the first counts 1 unit, the others 0.5 */
	int64_t children_under_14; /* 0.3 unit each */
	int64_t others_14_plus;    /* persons of 14 or more who are not adults: 0.5 each */
};

/* The reste à vivre of one month. */
struct reste_a_vivre {
	int64_t per_month_cents;        /* incomes − charges − repayments; may be negative */
	int64_t per_day_cents;          /* floor(per month / 30) */
	int64_t units_tenths;           /* OECD modified units × 10 */
	int64_t per_day_per_unit_cents; /* floor(per day / units) */
};

/* floor(a / b) for b > 0, whatever the sign of a (C's / truncates). */
int64_t budget_floor_div(int64_t a, int64_t b);

/* The household's consumption units × 10 (valid household). */
int64_t budget_units_tenths(const struct household *h);

/* 0, or -1 with e naming the field (adults, children_under_14,
   others_14_plus): counts from 0 to BUDGET_PERSONS_MAX, adults from 1. */
int budget_check_household(const struct household *h, struct verr *e);

/* 1 when s is a month written "YYYY-MM" (years 1900–2199), else 0. */
int budget_month_valid(const char *s);

/* The reste à vivre from a month's totals (each 0..BUDGET_LINES_MAX ×
   BUDGET_AMOUNT_MAX) and a valid household. */
void budget_reste_a_vivre(int64_t incomes_cents, int64_t charges_cents,
			  int64_t repayments_cents, const struct household *h,
			  struct reste_a_vivre *out);

#endif
