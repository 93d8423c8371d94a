/* Unit tests of domain/retention: periods, overlaps, the long-leave rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/job_retention.h"

static void test_lists(void **state)
{
	(void)state;
	assert_non_null(job_retention_label(job_retention_leave_kinds, "maladie"));
	assert_non_null(job_retention_label(job_retention_leave_kinds, "at_mp"));
	assert_non_null(job_retention_label(job_retention_leave_kinds, "longue_maladie"));
	assert_null(job_retention_label(job_retention_leave_kinds, "grippe"));
	assert_null(job_retention_label(job_retention_leave_kinds, NULL));
	assert_non_null(job_retention_label(job_retention_rqth_statuses, "reconnue"));
	assert_null(job_retention_label(job_retention_rqth_statuses, "maladie"));
}

static void test_periods(void **state)
{
	(void)state;
	assert_true(job_retention_period_ok("2024-01-01", NULL));
	assert_true(job_retention_period_ok("2024-01-01", "2024-01-01"));
	assert_false(job_retention_period_ok("2024-01-02", "2024-01-01"));
	assert_false(job_retention_period_ok("2024-02-30", NULL));
	assert_false(job_retention_period_ok(NULL, NULL));
	assert_false(job_retention_period_ok("2024-01-01", "bientôt"));
	/* A shared day overlaps; open ends run forever. */
	assert_true(job_retention_periods_overlap("2024-01-01", "2024-01-31", "2024-01-31", NULL));
	assert_false(job_retention_periods_overlap("2024-01-01", "2024-01-31", "2024-02-01", NULL));
	assert_false(job_retention_periods_overlap("2024-02-01", NULL, "2024-01-01", "2024-01-31"));
	assert_true(job_retention_periods_overlap("2024-02-01", NULL, "2023-01-01", NULL));
	assert_true(job_retention_periods_overlap("2024-01-10", "2024-01-12", "2024-01-01", "2024-03-01"));
}

static void test_long_leave(void **state)
{
	(void)state;
	const char *today = "2024-06-30";
	assert_int_equal(job_retention_leave_days("2024-06-01", NULL, today), 29);
	assert_int_equal(job_retention_leave_days("2024-06-01", "2024-06-29", today), -1);
	assert_int_equal(job_retention_leave_days("2024-07-01", NULL, today), -1);
	/* 91 days, open, never seen: flagged; 90 days: not yet. */
	assert_true(job_retention_leave_flagged("2024-03-31", NULL, NULL, today));
	assert_false(job_retention_leave_flagged("2024-04-01", NULL, NULL, today));
	/* Ending today or later still counts; ended yesterday does not. */
	assert_true(job_retention_leave_flagged("2024-01-01", "2024-06-30", NULL, today));
	assert_true(job_retention_leave_flagged("2024-01-01", "2024-09-30", NULL, today));
	assert_false(job_retention_leave_flagged("2024-01-01", "2024-06-29", NULL, today));
	/* An intervention in the last 30 days takes it off. */
	assert_false(job_retention_leave_flagged("2024-01-01", NULL, "2024-05-31", today));
	assert_true(job_retention_leave_flagged("2024-01-01", NULL, "2024-05-30", today));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_long_leave),
	};
	return cmocka_run_group_tests_name("retention (domain)", tests, NULL, NULL);
}
