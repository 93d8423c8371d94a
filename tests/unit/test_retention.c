/*
 * test_retention — the pure part of retention (domain/retention.h): the
 * cut-off dates (a month or a year back, the 28th for a day the month
 * lacks), the public bodies' kinds, and the same list in the SQL that
 * selects a public body's records (store/statements.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/retention.h"
#include "store/statements.h"

static void test_months_before(void **state)
{
	(void)state;
	static const struct {
		const char *today;
		int months;
		const char *want;
	} cases[] = {
		{"2026-12-03", 6, "2026-06-03"},  {"2026-03-31", 1, "2026-02-28"},
		{"2024-03-29", 1, "2024-02-29"},  {"2024-03-30", 1, "2024-02-28"},
		{"2026-01-15", 1, "2025-12-15"},  {"2026-01-15", 13, "2024-12-15"},
		{"2026-07-31", 120, "2016-07-31"}, {"2026-05-31", 0, "2026-05-31"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[DATE_LEN + 1];
		retention_months_before(cases[i].today, cases[i].months, out);
		assert_string_equal(out, cases[i].want);
		assert_true(date_valid(out));
	}
}

static void test_years_before(void **state)
{
	(void)state;
	char out[DATE_LEN + 1];
	retention_years_before("2026-12-03", 2, out);
	assert_string_equal(out, "2024-12-03");
	/* 29 February: the 28th, as the purge always did. */
	retention_years_before("2024-02-29", 1, out);
	assert_string_equal(out, "2023-02-28");
	retention_years_before("2028-02-29", 4, out);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(retention_date_epoch("1970-01-02"), 86400);
}

static void test_public_kinds(void **state)
{
	(void)state;
	assert_true(retention_public_kind("collectivite"));
	assert_true(retention_public_kind("etablissement_public"));
	assert_true(retention_public_kind("cig"));
	assert_true(retention_public_kind("ccas"));
	assert_true(retention_public_kind("recherche"));
	assert_false(retention_public_kind("entreprise"));
	assert_false(retention_public_kind("association"));
	assert_false(retention_public_kind("autre"));
	assert_false(retention_public_kind(""));
	assert_false(retention_public_kind(NULL));
	/* Each kind the domain calls public is in the SQL that selects a public
	   body's records, and the SQL names no other. */
	const char *sql = stmt_table[ST_PURGE_DUE].sql;
	assert_non_null(sql);
	const char *in = strstr(sql, "o.kind IN (");
	assert_non_null(in);
	const char *end = strchr(in, ')');
	assert_non_null(end);
	int quoted = 0;
	for (const char *p = in; p < end; p++)
		quoted += *p == '\'';
	int n = 0;
	for (; retention_public_kinds[n]; n++) {
		char needle[64];
		snprintf(needle, sizeof needle, "'%s'", retention_public_kinds[n]);
		const char *at = strstr(in, needle);
		assert_true(at && at < end);
	}
	assert_int_equal(quoted, 2 * n);
}

static void test_kinds_table(void **state)
{
	(void)state;
	for (int k = 0; k < RETENTION__COUNT; k++) {
		assert_non_null(retention_kinds[k].code);
		assert_non_null(retention_kinds[k].label);
		assert_non_null(retention_kinds[k].rule);
		for (int j = 0; j < k; j++)
			assert_string_not_equal(retention_kinds[k].code, retention_kinds[j].code);
	}
	/* The kinds tied to an organisation are the archives. */
	assert_true(retention_kinds[RETENTION_PERSONS].archives);
	assert_true(retention_kinds[RETENTION_EMPLOYEE_REQUESTS].archives);
	assert_false(retention_kinds[RETENTION_SESSIONS].archives);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_months_before),
		cmocka_unit_test(test_years_before),
		cmocka_unit_test(test_public_kinds),
		cmocka_unit_test(test_kinds_table),
	};
	return cmocka_run_group_tests_name("retention", tests, NULL, NULL);
}
