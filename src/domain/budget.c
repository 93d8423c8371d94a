/* budget — see budget.h. */
#include "domain/budget.h"

#include <string.h>

#include "support/i18n.h"

int64_t budget_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if (a % b != 0 && a < 0)
		q--;
	return q;
}

int64_t budget_units_tenths(const struct household *h)
{
	return 10 + 5 * (h->adults - 1 + h->others_14_plus) + 3 * h->children_under_14;
}

int budget_check_household(const struct household *h, struct verr *e)
{
	if (h->adults < 1 || h->adults > BUDGET_PERSONS_MAX)
		return verr_set(e, "adults",
				N_("Le foyer compte au moins un adulte (20 au plus)."));
	if (h->children_under_14 < 0 || h->children_under_14 > BUDGET_PERSONS_MAX)
		return verr_set(e, "children_under_14",
				N_("Le nombre d'enfants de moins de 14 ans va de 0 à 20."));
	if (h->others_14_plus < 0 || h->others_14_plus > BUDGET_PERSONS_MAX)
		return verr_set(e, "others_14_plus",
				N_("Le nombre d'autres personnes de 14 ans ou plus va de 0 à 20."));
	return 0;
}

int budget_month_valid(const char *s)
{
	if (!s || strlen(s) != BUDGET_MONTH_LEN || s[4] != '-')
		return 0;
	for (int i = 0; i < BUDGET_MONTH_LEN; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int month = (s[5] - '0') * 10 + (s[6] - '0');
	return year >= 1900 && year <= 2199 && month >= 1 && month <= 12;
}

void budget_reste_a_vivre(int64_t incomes_cents, int64_t charges_cents,
			  int64_t repayments_cents, const struct household *h,
			  struct reste_a_vivre *out)
{
	out->per_month_cents = incomes_cents - charges_cents - repayments_cents;
	out->per_day_cents = budget_floor_div(out->per_month_cents, BUDGET_DAYS_PER_MONTH);
	out->units_tenths = budget_units_tenths(h);
	/* per day / (tenths / 10) = per day × 10 / tenths */
	out->per_day_per_unit_cents = budget_floor_div(out->per_day_cents * 10, out->units_tenths);
}
