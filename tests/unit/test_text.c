/* Unit tests of the checked parsers. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "domain/date.h"
#include "support/arena.h"
#include "support/text.h"

static void test_parse_int(void **state)
{
	(void)state;
	int64_t v;
	assert_int_equal(text_parse_int("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(text_parse_int("-5", -10, 10, &v), 0);
	assert_int_equal(v, -5);
	const char *bad[] = {"", " 1", "+1", "1 ", "1x", "0x10", "101", "99999999999999999999", NULL};
	for (int i = 0; bad[i]; i++)
		assert_int_equal(text_parse_int(bad[i], 0, 100, &v), -1);
	assert_int_equal(text_parse_int(NULL, 0, 100, &v), -1);
}

static void test_utf8(void **state)
{
	(void)state;
	const char *good[] = {"Élodie Müller", "日本", "emoji 😀", "", NULL};
	for (int i = 0; good[i]; i++)
		assert_true(text_is_clean_utf8(good[i], strlen(good[i]), 0));
	const char *bad[] = {"\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf5\x80\x80\x80", "a\x01b",
			     "tab\there", "\xc2\x85", NULL};
	for (int i = 0; bad[i]; i++)
		assert_false(text_is_clean_utf8(bad[i], strlen(bad[i]), 0));
	assert_true(text_is_clean_utf8("two\nlines\ttab", 13, 1));
	assert_false(text_is_clean_utf8("nul\0inside", 10, 1));
	assert_int_equal(text_utf8_chars("Élodie"), 6);
}

static void test_listen(void **state)
{
	(void)state;
	char host[64];
	int port;
	assert_int_equal(text_parse_listen("127.0.0.1:8080", host, sizeof host, &port), 0);
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 8080);
	assert_int_equal(text_parse_listen("[::1]:0", host, sizeof host, &port), 0);
	assert_string_equal(host, "::1");
	assert_int_equal(port, 0);
	assert_int_equal(text_parse_listen("8080", host, sizeof host, &port), -1);
	assert_int_equal(text_parse_listen(":8080", host, sizeof host, &port), -1);
	assert_int_equal(text_parse_listen("h:70000", host, sizeof host, &port), -1);
	assert_int_equal(text_parse_listen("[::1:80", host, sizeof host, &port), -1);
}

static void test_fold(void **state)
{
	(void)state;
	char out[64];
	text_fold("Élodie MÜLLER-Çœur", out, sizeof out);
	assert_string_equal(out, "elodie muller-coeur");
	text_fold("Straße", out, sizeof out);
	assert_string_equal(out, "strasse");
	text_fold("日本 ABC", out, sizeof out);
	assert_string_equal(out, "日本 abc");
	text_fold("Éé", out, 3);
	assert_string_equal(out, "ee");
	text_fold("abcdef", out, 4);
	assert_string_equal(out, "abc");
}

/* date_local() against localtime_r() itself, field by field, in one zone
   (the TZ set by the caller): every 397 s of a year with both changes of
   time, the seconds on either side of each change, random times from 1901
   to 2100.  Returns the number of differences, printing the first. */
static int same_tm(const struct tm *a, const struct tm *b)
{
	return a->tm_year == b->tm_year && a->tm_mon == b->tm_mon && a->tm_mday == b->tm_mday &&
	       a->tm_hour == b->tm_hour && a->tm_min == b->tm_min && a->tm_sec == b->tm_sec &&
	       a->tm_wday == b->tm_wday && a->tm_yday == b->tm_yday &&
	       a->tm_isdst == b->tm_isdst && a->tm_gmtoff == b->tm_gmtoff;
}

static int local_differs(int64_t t, int *shown)
{
	time_t tt = (time_t)t;
	struct tm want, got;
	if (!localtime_r(&tt, &want))
		return 0;
	if (date_local(t, &got) == 0 && same_tm(&want, &got))
		return 0;
	if (!(*shown)++)
		print_error("%s: date_local(%lld) = %04d-%02d-%02d %02d:%02d:%02d, localtime_r: "
			    "%04d-%02d-%02d %02d:%02d:%02d\n",
			    getenv("TZ"), (long long)t, got.tm_year + 1900, got.tm_mon + 1,
			    got.tm_mday, got.tm_hour, got.tm_min, got.tm_sec, want.tm_year + 1900,
			    want.tm_mon + 1, want.tm_mday, want.tm_hour, want.tm_min, want.tm_sec);
	return 1;
}

static void *local_sweep(void *arg)
{
	int *bad = arg, shown = 0;
	uint64_t x = 0x9E3779B97F4A7C15ULL;
	/* 2026 in steps of 397 s, and around every change of offset. */
	for (int64_t t = 1767225600; t < 1798761600; t += 397) {
		*bad += local_differs(t, &shown);
		time_t a = (time_t)t, z = (time_t)(t + 397);
		struct tm ta, tz;
		if (localtime_r(&a, &ta) && localtime_r(&z, &tz) && ta.tm_gmtoff != tz.tm_gmtoff)
			for (int64_t u = t; u <= t + 397; u++)
				*bad += local_differs(u, &shown);
	}
	for (int i = 0; i < 200000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		*bad += local_differs(-2145916800 + (int64_t)(x >> 33) % 6311433600, &shown);
	}
	/* Back and forth between two quarters, and negative times. */
	for (int64_t t = -1000; t < 1000; t++)
		*bad += local_differs(t % 2 ? t : t + 86400 * 200, &shown);
	return NULL;
}

static void test_date_local(void **state)
{
	(void)state;
	/* Half-hour and 45-minute offsets, a 30-minute summer shift, a
	   southern-hemisphere summer, local mean time before 1911 (Paris),
	   an offset of -0:44:30 until 1972 (Monrovia). */
	const char *zones[] = {"Europe/Paris", "UTC", "Asia/Kathmandu", "Australia/Lord_Howe",
			       "America/St_Johns", "Australia/Adelaide", "America/Sao_Paulo",
			       "Africa/Monrovia", NULL};
	char *was = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	for (int i = 0; zones[i]; i++) {
		int bad = 0;
		pthread_t th;
		setenv("TZ", zones[i], 1);
		tzset();
		/* A thread of its own: its kept quarter starts empty in each zone
		   (the program sets its zone once). */
		assert_int_equal(pthread_create(&th, NULL, local_sweep, &bad), 0);
		assert_int_equal(pthread_join(th, NULL), 0);
		if (bad)
			print_error("%s: %d difference(s)\n", zones[i], bad);
		assert_int_equal(bad, 0);
	}
	if (was)
		setenv("TZ", was, 1);
	else
		unsetenv("TZ");
	tzset();
	free(was);
}

static void test_dates(void **state)
{
	(void)state;
	const char *good[] = {"2024-02-29", "2000-02-29", "1999-12-31", "2026-11-24", NULL};
	for (int i = 0; good[i]; i++)
		assert_true(date_valid(good[i]));
	const char *bad[] = {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31",
			     "24-04-01",   "2024/04/01", "2024-4-1",   "",	   "2024-04-01x",
			     "1899-12-31", NULL};
	for (int i = 0; bad[i]; i++)
		if (date_valid(bad[i]))
			fail_msg("%s accepted", bad[i]);
	assert_false(date_valid(NULL));
	assert_int_equal(date_year("2008-06-11"), 2008);
	assert_true(date_cmp("2008-01-01", "2008-12-31") < 0);
	assert_int_equal(date_days_between("2024-02-28", "2024-03-01"), 2);
	assert_int_equal(date_days_between("2024-12-31", "2025-01-01"), 1);
	assert_int_equal(date_days_between("2025-01-01", "2024-01-01"), -366);
	char moved[DATE_LEN + 1];
	date_add_days("2024-02-28", 1, moved);
	assert_string_equal(moved, "2024-02-29");
	date_add_days("2024-03-01", -1, moved);
	assert_string_equal(moved, "2024-02-29");
	date_add_days("2025-12-25", 7, moved);
	assert_string_equal(moved, "2026-01-01");
	date_add_days("2026-11-24", -60, moved);
	assert_string_equal(moved, "2026-09-25");
	date_add_days("2000-01-01", 0, moved);
	assert_string_equal(moved, "2000-01-01");
	for (int d = -800; d <= 800; d += 37) { /* the inverse of days_between */
		date_add_days("2024-02-29", d, moved);
		assert_true(date_valid(moved));
		assert_int_equal(date_days_between("2024-02-29", moved), d);
	}
	char fr[11];
	date_french("2026-11-24", fr);
	assert_string_equal(fr, "24/11/2026");
	char today[DATE_LEN + 1];
	date_today(today);
	assert_true(date_valid(today));
	assert_int_equal(date_to_days("1970-01-01"), 0);
	assert_int_equal(date_to_days("1969-12-31"), -1);
	char back[DATE_LEN + 1];
	date_from_days(0, back);
	assert_string_equal(back, "1970-01-01");
	date_from_days(date_to_days("2024-02-28") + 1, back);
	assert_string_equal(back, "2024-02-29");
	date_from_days(date_to_days("2100-02-28") + 1, back);
	assert_string_equal(back, "2100-03-01");
	date_from_days(-25567, back);
	assert_string_equal(back, "1900-01-01");
	/* Every day from 1900 to 2199 goes there and back. */
	for (int64_t d = date_to_days("1900-01-01"); d <= date_to_days("2199-12-31"); d++) {
		date_from_days(d, back);
		if (!date_valid(back) || date_to_days(back) != d)
			fail_msg("day %lld gave %s", (long long)d, back);
	}
}

static void test_arena(void **state)
{
	(void)state;
	arena *a = arena_new();
	char *big = arena_alloc(a, 100000); /* larger than a chunk */
	memset(big, 'x', 100000);
	for (int i = 0; i < 1000; i++) {
		long *p = arena_alloc(a, sizeof *p);
		assert_int_equal(*p, 0); /* zeroed */
		assert_int_equal((uintptr_t)p % _Alignof(long), 0);
	}
	assert_string_equal(arena_printf(a, "%d-%s", 7, "x"), "7-x");
	assert_null(arena_strdup(a, NULL));
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	arena_free(a);
	arena_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_int),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_listen),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_date_local),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
