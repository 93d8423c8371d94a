/*
 * Unit tests of the field records' pure rules: amounts in euros the French
 * way, the rules of an aid request and its decision, the reste à vivre
 * (OECD units, floor below zero) and the budget's checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/aids.h"
#include "domain/budget.h"
#include "domain/money.h"

/* U+202F and U+00A0 in UTF-8; macros so that they concatenate. */
#define NNBSP "\xe2\x80\xaf"
#define NBSP "\xc2\xa0"

static void test_money_format(void **state)
{
	(void)state;
	static const struct {
		int64_t cents;
		const char *text;
	} cases[] = {
		{0, "0,00" NBSP "€"},
		{5, "0,05" NBSP "€"},
		{-5, "-0,05" NBSP "€"},
		{100, "1,00" NBSP "€"},
		{123450, "1" NNBSP "234,50" NBSP "€"},
		{-123450, "-1" NNBSP "234,50" NBSP "€"},
		{99999, "999,99" NBSP "€"},
		{100000, "1" NNBSP "000,00" NBSP "€"},
		{100000000000, "1" NNBSP "000" NNBSP "000" NNBSP "000,00" NBSP "€"},
		{INT64_MAX, "92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP "758,07" NBSP "€"},
		{INT64_MIN, "-92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP "758,08" NBSP
			    "€"},
	};
	char out[MONEY_TEXT_MAX];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_non_null(money_format(cases[i].cents, out, sizeof out));
		assert_string_equal(out, cases[i].text);
	}
	char small[8];
	assert_null(money_format(123450, small, sizeof small));
	assert_string_equal(small, "");
}

static void test_money_parse(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int64_t cents; /* -1: refused */
	} cases[] = {
		{"0", 0},
		{"80", 8000},
		{"1234,50", 123450},
		{"1234.5", 123450},
		{"1 234,56", 123456},
		{"1" NBSP "234", 123400},
		{"1" NNBSP "234,05", 123405},
		{"12,", -1},
		{",50", -1},
		{"1,234", -1},
		{"-5", -1},
		{"5 €", -1},
		{"", -1},
		{"abc", -1},
		{"1  234", -1},
		{" 12", -1},
		{"12 ", -1},
		{"99999999999999999999", -1},
		{"10000000", -1}, /* over the max below */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t v = -1;
		int rc = money_parse(cases[i].text, 100000000, &v);
		if (cases[i].cents < 0) {
			if (rc != -1)
				fail_msg("\"%s\" accepted", cases[i].text);
		} else if (rc != 0 || v != cases[i].cents) {
			fail_msg("\"%s\": %d %lld", cases[i].text, rc, (long long)v);
		}
	}
	int64_t v;
	assert_int_equal(money_parse(NULL, 100, &v), -1);
}

static void test_floor_div(void **state)
{
	(void)state;
	assert_int_equal(budget_floor_div(45000, 30), 1500);
	assert_int_equal(budget_floor_div(29, 30), 0);
	assert_int_equal(budget_floor_div(-1, 30), -1);
	assert_int_equal(budget_floor_div(-30, 30), -1);
	assert_int_equal(budget_floor_div(-31, 30), -2);
	assert_int_equal(budget_floor_div(0, 30), 0);
}

static void test_units(void **state)
{
	(void)state;
	struct household one = {1, 0, 0}, couple = {2, 0, 0}, family = {2, 2, 1}, single = {1, 2, 0};
	assert_int_equal(budget_units_tenths(&one), 10);
	assert_int_equal(budget_units_tenths(&couple), 15);
	assert_int_equal(budget_units_tenths(&family), 26);
	assert_int_equal(budget_units_tenths(&single), 16);
}

static void test_reste_a_vivre(void **state)
{
	(void)state;
	struct household h = {2, 1, 1};
	struct reste_a_vivre r;
	budget_reste_a_vivre(180000, 120000, 15000, &h, &r);
	assert_int_equal(r.per_month_cents, 45000);
	assert_int_equal(r.per_day_cents, 1500);
	assert_int_equal(r.units_tenths, 23);
	assert_int_equal(r.per_day_per_unit_cents, 652); /* 652.17 */
	/* Negative: floored at each step, never towards zero. */
	struct household single = {1, 2, 0};
	budget_reste_a_vivre(100000, 100000, 4501, &single, &r);
	assert_int_equal(r.per_month_cents, -4501);
	assert_int_equal(r.per_day_cents, -151);         /* -150.03 */
	assert_int_equal(r.per_day_per_unit_cents, -95); /* -94.375 */
	struct household one = {1, 0, 0};
	budget_reste_a_vivre(0, 1, 0, &one, &r);
	assert_int_equal(r.per_day_cents, -1);
	assert_int_equal(r.per_day_per_unit_cents, -1);
}

static void test_budget_checks(void **state)
{
	(void)state;
	struct verr e;
	struct household ok = {1, 0, 0}, no_adult = {0, 1, 0}, neg_child = {1, -1, 0},
			 neg_other = {1, 0, -1}, many = {21, 0, 0};
	assert_int_equal(budget_check_household(&ok, &e), 0);
	assert_int_equal(budget_check_household(&no_adult, &e), -1);
	assert_string_equal(e.field, "adults");
	assert_int_equal(budget_check_household(&neg_child, &e), -1);
	assert_string_equal(e.field, "children_under_14");
	assert_int_equal(budget_check_household(&neg_other, &e), -1);
	assert_string_equal(e.field, "others_14_plus");
	assert_int_equal(budget_check_household(&many, &e), -1);
	assert_string_equal(e.field, "adults");
	const char *good[] = {"2024-01", "1900-12", "2199-06"};
	const char *bad[] = {"2024-00", "2024-13", "2024-1", "24-01", "2024/01", "1899-12",
			     "2200-01", "2024-01-01", "", "abcd-ef"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(budget_month_valid(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(budget_month_valid(bad[i]));
	assert_false(budget_month_valid(NULL));
}

static void test_aid_request(void **state)
{
	(void)state;
	struct verr e;
	const char *today = "2024-06-30";
	assert_int_equal(aid_check_request(50000, "2024-03-01", "2024-02-01", today, &e), 0);
	assert_int_equal(aid_check_request(0, "2024-03-01", "2024-02-01", today, &e), -1);
	assert_string_equal(e.field, "amount_requested_cents");
	assert_int_equal(aid_check_request(-1, "2024-03-01", "2024-02-01", today, &e), -1);
	assert_int_equal(aid_check_request(AID_AMOUNT_MAX + 1, "2024-03-01", NULL, today, &e), -1);
	assert_int_equal(aid_check_request(1, "2024-07-01", "2024-02-01", today, &e), -1);
	assert_string_equal(e.field, "submitted_on");
	assert_int_equal(aid_check_request(1, "2024-01-31", "2024-02-01", today, &e), -1);
	assert_string_equal(e.field, "submitted_on");
	assert_int_equal(aid_check_request(1, NULL, "2024-02-01", today, &e), -1);
}

static void test_aid_decision(void **state)
{
	(void)state;
	static const struct {
		const char *decision;
		int64_t granted;
		const char *decided_on, *paid_on;
		const char *field; /* NULL: accepted */
	} cases[] = {
		{"en_attente", 0, NULL, NULL, NULL},
		{"en_attente", 100, NULL, NULL, "amount_granted_cents"},
		{"en_attente", 0, "2024-03-10", NULL, "decided_on"},
		{"accordee", 50000, "2024-03-10", NULL, NULL},
		{"accordee", 50000, "2024-03-10", "2024-03-10", NULL},
		{"accordee", 50001, "2024-03-10", NULL, "amount_granted_cents"},
		{"accordee", 0, "2024-03-10", NULL, "amount_granted_cents"},
		{"accordee", -1, "2024-03-10", NULL, "amount_granted_cents"},
		{"accordee", 50000, NULL, NULL, "decided_on"},
		{"accordee", 50000, "2024-02-28", NULL, "decided_on"},
		{"accordee", 50000, "2024-07-01", NULL, "decided_on"},
		{"accordee", 50000, "2024-03-10", "2024-03-09", "paid_on"},
		{"accordee", 50000, "2024-03-10", "2024-07-01", "paid_on"},
		{"partielle", 20000, "2024-03-01", NULL, NULL},
		{"partielle", 50000, "2024-03-01", NULL, "amount_granted_cents"},
		{"refusee", 0, "2024-03-01", NULL, NULL},
		{"refusee", 1, "2024-03-01", NULL, "amount_granted_cents"},
		{"refusee", 0, NULL, NULL, "decided_on"},
		{"refusee", 0, "2024-03-01", "2024-03-02", "paid_on"},
		{"ajournee", 0, "2024-03-01", NULL, NULL},
		{"ajournee", 10, "2024-03-01", NULL, "amount_granted_cents"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct aid_state a = {50000, "2024-03-01", cases[i].decision, cases[i].granted,
				      cases[i].decided_on, cases[i].paid_on};
		struct verr e = {NULL, NULL};
		int rc = aid_check_decision(&a, "2024-06-30", &e);
		if (!cases[i].field && rc != 0)
			fail_msg("case %zu refused: %s", i, e.field);
		if (cases[i].field && (rc != -1 || strcmp(e.field, cases[i].field) != 0))
			fail_msg("case %zu: %d %s, expected %s", i, rc, e.field ? e.field : "",
				 cases[i].field);
	}
	assert_true(aid_decision_grants("accordee"));
	assert_true(aid_decision_grants("partielle"));
	assert_false(aid_decision_grants("refusee"));
	assert_false(aid_decision_grants(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_format), cmocka_unit_test(test_money_parse),
		cmocka_unit_test(test_floor_div),    cmocka_unit_test(test_units),
		cmocka_unit_test(test_reste_a_vivre), cmocka_unit_test(test_budget_checks),
		cmocka_unit_test(test_aid_request),  cmocka_unit_test(test_aid_decision),
	};
	return cmocka_run_group_tests_name("aid_budget", tests, NULL, NULL);
}
