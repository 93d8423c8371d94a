/* Unit tests of the checked parsers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
