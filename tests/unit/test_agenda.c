/* test_agenda — times, ISO weeks, permanence occurrences and overlaps, and
   iCalendar escaping and folding (domain/agenda.h, domain/ical.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/agenda.h"
#include "domain/ical.h"

static void test_times(void **state)
{
	(void)state;
	assert_int_equal(agenda_time_parse("00:00"), 0);
	assert_int_equal(agenda_time_parse("09:30"), 570);
	assert_int_equal(agenda_time_parse("23:59"), 1439);
	const char *bad[] = {"24:00", "9:30", "09:60", "09h30", "", "09:30:00", "-1:00"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(agenda_time_parse(bad[i]), -1);
	char d[11];
	int m = 0;
	assert_int_equal(agenda_datetime_parse("2024-03-04T10:15", d, &m), 0);
	assert_string_equal(d, "2024-03-04");
	assert_int_equal(m, 615);
	assert_int_equal(agenda_datetime_parse("2024-03-04 10:15:00", d, &m), 0);
	assert_int_equal(agenda_datetime_parse("2024-02-30T10:15", d, &m), -1);
	assert_int_equal(agenda_datetime_parse("2024-03-04", d, &m), -1);
}

static void test_weeks(void **state)
{
	(void)state;
	assert_int_equal(agenda_weekday("1970-01-01"), 4);
	assert_int_equal(agenda_weekday("2024-03-04"), 1);
	assert_int_equal(agenda_weekday("2024-03-10"), 7);
	char mon[11], name[9];
	assert_int_equal(agenda_week_parse("2024-W10", mon), 0);
	assert_string_equal(mon, "2024-03-04");
	assert_int_equal(agenda_week_parse("2020-W53", mon), 0);
	assert_string_equal(mon, "2020-12-28");
	assert_int_equal(agenda_week_parse("2021-W53", mon), -1);
	assert_int_equal(agenda_week_parse("2024-W00", mon), -1);
	assert_int_equal(agenda_week_parse("2024-10", mon), -1);
	agenda_week_name("2021-01-03", name); /* a Sunday in 2020's last week */
	assert_string_equal(name, "2020-W53");
	agenda_week_name("2024-12-30", name); /* a Monday in 2025's first week */
	assert_string_equal(name, "2025-W01");
	agenda_monday("2024-03-10", mon);
	assert_string_equal(mon, "2024-03-04");
}

static void test_occurrences(void **state)
{
	(void)state;
	/* Mondays every 2 weeks from Wednesday 3 January 2024 until 5 February. */
	struct agenda_rule r = {1, 540, 720, 2, "2024-01-03", "2024-02-05"};
	char first[11];
	assert_true(agenda_rule_ok(&r));
	assert_int_equal(agenda_first(&r, first), 0);
	assert_string_equal(first, "2024-01-08");
	assert_false(agenda_occurs(&r, "2024-01-01"));
	assert_true(agenda_occurs(&r, "2024-01-08"));
	assert_false(agenda_occurs(&r, "2024-01-15"));
	assert_true(agenda_occurs(&r, "2024-01-22"));
	assert_true(agenda_occurs(&r, "2024-02-05"));
	assert_false(agenda_occurs(&r, "2024-02-19")); /* after until */
	assert_false(agenda_occurs(&r, "2024-01-09"));
	struct agenda_rule none = {1, 540, 720, 1, "2024-01-02", "2024-01-07"};
	assert_int_equal(agenda_first(&none, first), -1);
	struct agenda_rule bad = {1, 720, 540, 1, "2024-01-01", NULL};
	assert_false(agenda_rule_ok(&bad));
	bad.start = 500;
	bad.every_weeks = 3;
	assert_false(agenda_rule_ok(&bad));
}

static void test_overlaps(void **state)
{
	(void)state;
	struct agenda_rule a = {1, 540, 720, 2, "2024-01-01", NULL};
	struct agenda_rule b = {1, 660, 780, 2, "2024-01-08", NULL}; /* the other weeks */
	assert_false(agenda_rules_overlap(&a, &b));
	b.from = "2024-01-15"; /* same parity as a */
	assert_true(agenda_rules_overlap(&a, &b));
	b.every_weeks = 4;
	b.from = "2024-01-08";
	assert_false(agenda_rules_overlap(&a, &b));
	b.from = "2024-01-29";
	assert_true(agenda_rules_overlap(&a, &b));
	b.start = 720; /* back to back */
	assert_false(agenda_rules_overlap(&a, &b));
	struct agenda_rule c = {1, 540, 720, 1, "2023-01-02", "2023-12-25"};
	assert_false(agenda_rules_overlap(&a, &c)); /* periods apart */
	c.until = "2024-01-01";
	assert_true(agenda_rules_overlap(&a, &c));
	c.weekday = 2;
	assert_false(agenda_rules_overlap(&a, &c));
	assert_true(agenda_times_overlap(540, 600, 599, 700));
	assert_false(agenda_times_overlap(540, 600, 600, 700));
}

static void test_ical_lines(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	ical_text_line(&b, "SUMMARY", "a,b;c\\d\ne\x01");
	assert_string_equal(buf_cstr(&b), "SUMMARY:a\\,b\\;c\\\\d\\ne\r\n");
	buf_reset(&b);
	/* 100 "é" (2 octets each): folded lines of at most 75 octets, never
	   inside a character. */
	char text[256] = "";
	for (int i = 0; i < 100; i++)
		strcat(text, "\xc3\xa9");
	ical_text_line(&b, "LOCATION", text);
	const char *s = buf_cstr(&b);
	size_t width = 0, lines = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '\r') {
			assert_true(p[1] == '\n');
			assert_true(width <= 75);
			if (p[2])
				assert_true(p[2] == ' ' && ((unsigned char)p[3] & 0xC0) != 0x80);
			width = 0;
			lines++;
			p++;
		} else {
			width++;
		}
	}
	assert_int_equal(lines, 3);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_times),	    cmocka_unit_test(test_weeks),
		cmocka_unit_test(test_occurrences), cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_ical_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
