/*
 * Unit tests of the disclosure control of the bilan (suppression of small
 * counts, labels) and of the age bands its breakdown by age uses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/ageband.h"
#include "domain/disclosure.h"

/* U+202F NARROW NO-BREAK SPACE in UTF-8; a macro so that it concatenates. */
#define NNBSP "\xe2\x80\xaf"

#define CELLS_MAX 8

/* One breakdown and what disclosure_apply() must make of it. */
struct apply_case {
	const char *name;
	int64_t k;
	size_t n;
	int64_t counts[CELLS_MAX];
	int hidden[CELLS_MAX]; /* expected `suppressed` per cell */
	size_t cells_suppressed;
	int hide_total;
};

static const struct apply_case apply_cases[] = {
	{"empty breakdown", 11, 0, {0}, {0}, 0, 0},
	{"all cells >= k or 0", 11, 5, {412, 11, 0, 25, 0}, {0, 0, 0, 0, 0}, 0, 0},
	{"all zeros", 11, 3, {0, 0, 0}, {0, 0, 0}, 0, 0},
	{"one big cell", 11, 1, {20}, {0}, 0, 0},
	{"one cell of 3: it and the next smallest", 11, 5, {412, 3, 25, 40, 0}, {0, 1, 1, 0, 0}, 2, 0},
	{"secondary skips zeros", 11, 5, {0, 5, 0, 100, 50}, {0, 1, 0, 0, 1}, 2, 0},
	{"tie: the first in array order", 11, 5, {412, 3, 30, 0, 30}, {0, 1, 1, 0, 0}, 2, 0},
	{"tie before the small cell", 11, 4, {30, 30, 3, 412}, {1, 0, 1, 0}, 2, 0},
	{"secondary hides a large cell if it must", 11, 2, {2, 1000}, {1, 1}, 2, 0},
	{"two small cells: no secondary", 11, 4, {412, 3, 5, 40}, {0, 1, 1, 0}, 2, 0},
	{"three small cells", 11, 5, {1, 100, 2, 200, 10}, {1, 0, 1, 0, 1}, 3, 0},
	{"all small", 11, 4, {1, 2, 3, 10}, {1, 1, 1, 1}, 4, 0},
	{"single small among zeros: hide the total", 11, 3, {0, 4, 0}, {0, 1, 0}, 1, 1},
	{"single small cell alone: hide the total", 11, 1, {7}, {1}, 1, 1},
	{"k boundaries: 10 hidden, 11 next, 0 shown", 11, 4, {10, 11, 0, 12}, {1, 1, 0, 0}, 2, 0},
	{"k boundaries: 11 shown", 11, 3, {11, 0, 11}, {0, 0, 0}, 0, 0},
	{"k boundaries: 1 hidden", 11, 2, {1, 12}, {1, 1}, 2, 0},
	{"other k", 5, 3, {4, 6, 5}, {1, 0, 1}, 2, 0},
	{"k = 1 hides nothing", 1, 3, {1, 2, 0}, {0, 0, 0}, 0, 0},
	{"k = 0 hides nothing", 0, 2, {1, 0}, {0, 0}, 0, 0},
	{"negative count is treated as 0", 11, 3, {-3, 5, 0}, {0, 1, 0}, 1, 1},
};

static void test_apply_table(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof apply_cases / sizeof apply_cases[0]; c++) {
		const struct apply_case *t = &apply_cases[c];
		struct disclosure_cell cells[CELLS_MAX];
		for (size_t i = 0; i < CELLS_MAX; i++) {
			cells[i].key = "key";
			cells[i].count = t->counts[i];
			cells[i].suppressed = 1; /* stale output must be overwritten */
		}
		size_t hidden = 99;
		int hide_total = disclosure_apply(cells, t->n, t->k, &hidden);
		if (hide_total != t->hide_total || hidden != t->cells_suppressed)
			fail_msg("%s: hide_total %d, cells_suppressed %zu", t->name, hide_total, hidden);
		size_t seen = 0;
		for (size_t i = 0; i < t->n; i++) {
			if (cells[i].suppressed != t->hidden[i])
				fail_msg("%s: cell %zu suppressed %d", t->name, i, cells[i].suppressed);
			seen += (size_t)cells[i].suppressed;
			/* Zero is never hidden; 1..k-1 always is. */
			if (cells[i].count == 0)
				assert_false(cells[i].suppressed);
			if (cells[i].count >= 1 && cells[i].count < t->k)
				assert_true(cells[i].suppressed);
		}
		assert_int_equal(seen, hidden);
		/* Never exactly one hidden cell unless the total must go too. */
		if (hidden == 1)
			assert_true(hide_total);
		/* Only the n cells given are touched. */
		for (size_t i = t->n; i < CELLS_MAX; i++)
			assert_int_equal(cells[i].suppressed, 1);
	}
}

static void test_apply_null_out(void **state)
{
	(void)state;
	struct disclosure_cell cells[] = {{"titulaire", 412, 0, 0}, {"cdi", 3, 0, 0}, {"unknown", 0, 0, 0}};
	assert_int_equal(disclosure_apply(cells, 3, DISCLOSURE_K, NULL), 0);
	assert_true(cells[0].suppressed && cells[1].suppressed && !cells[2].suppressed);
	assert_int_equal(disclosure_apply(NULL, 0, DISCLOSURE_K, NULL), 0);
	/* Keys are left alone. */
	assert_string_equal(cells[1].key, "cdi");
	assert_int_equal(cells[1].count, 3);
}

static void test_population(void **state)
{
	(void)state;
	static const struct {
		int64_t persons;
		int too_small;
	} cases[] = {{-1, 1}, {0, 1}, {1, 1}, {10, 1}, {11, 0}, {12, 0}, {100000, 0}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (disclosure_population_too_small(cases[i].persons, DISCLOSURE_K) !=
		    cases[i].too_small)
			fail_msg("persons %lld", (long long)cases[i].persons);
	assert_true(disclosure_population_too_small(4, 5));
	assert_false(disclosure_population_too_small(5, 5));
}

static void test_label(void **state)
{
	(void)state;
	static const struct {
		int64_t count;
		int suppressed;
		const char *want;
	} cases[] = {
		{0, 0, "0"},
		{10, 0, "10"},
		{11, 0, "11"},
		{999, 0, "999"},
		{1000, 0, "1" NNBSP "000"},
		{11367, 0, "11" NNBSP "367"},
		{100000, 0, "100" NNBSP "000"},
		{1000000, 0, "1" NNBSP "000" NNBSP "000"},
		{INT64_MAX, 0, "9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP "854" NNBSP "775" NNBSP "807"},
		{-1234, 0, "-1" NNBSP "234"},
		{INT64_MIN, 0,
		 "-9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP "854" NNBSP "775" NNBSP "808"},
		{3, 1, "< 11"},
		{10, 1, "< 11"},
		{0, 1, "< 11"},
		{5000, 1, "< 11"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[DISCLOSURE_LABEL_MAX];
		const char *got = disclosure_label(cases[i].count, cases[i].suppressed, out, sizeof out);
		assert_ptr_equal(got, out);
		assert_string_equal(got, cases[i].want);
	}
}

static void test_label_small_buffer(void **state)
{
	(void)state;
	char out[8];
	memset(out, 'x', sizeof out);
	/* "1 000" is 8 bytes with its NUL (U+202F takes 3). */
	assert_null(disclosure_label(1000, 0, out, 7));
	assert_string_equal(out, "");
	assert_non_null(disclosure_label(1000, 0, out, 8));
	assert_string_equal(out, "1" NNBSP "000");
	/* "< 11" is 5 bytes with its NUL. */
	assert_null(disclosure_label(3, 1, out, 4));
	assert_string_equal(out, "");
	assert_non_null(disclosure_label(3, 1, out, 5));
	assert_string_equal(out, "< 11");
	out[0] = 'x';
	assert_null(disclosure_label(0, 0, out, 0));
	assert_int_equal(out[0], 'x');
}

static void expect_keys(const struct ageband *b, const char *const *want, size_t n)
{
	assert_int_equal(ageband_count(b), n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(ageband_key(b, i), want[i]);
	assert_null(ageband_key(b, n));
	assert_null(ageband_key(b, n + 100));
}

static void test_ageband_keys(void **state)
{
	(void)state;
	struct ageband b;
	char err[128];
	ageband_default(&b);
	static const char *const def[] = {"<25", "25-34", "35-44", "45-54", "55+", "unknown"};
	expect_keys(&b, def, 6);

	/* The default constant parses to the same thing. */
	struct ageband p;
	assert_int_equal(ageband_parse(AGEBAND_DEFAULT, &p, err, sizeof err), 0);
	assert_memory_equal(&p, &b, sizeof b);

	assert_int_equal(ageband_parse("35,56", &b, err, sizeof err), 0);
	static const char *const custom[] = {"<35", "35-55", "56+", "unknown"};
	expect_keys(&b, custom, 4);

	assert_int_equal(ageband_parse("18", &b, err, sizeof err), 0);
	static const char *const one[] = {"<18", "18+", "unknown"};
	expect_keys(&b, one, 3);

	assert_int_equal(ageband_parse("1,120", &b, err, sizeof err), 0);
	static const char *const extremes[] = {"<1", "1-119", "120+", "unknown"};
	expect_keys(&b, extremes, 4);

	assert_int_equal(ageband_parse("35,36", &b, NULL, 0), 0);
	static const char *const narrow[] = {"<35", "35-35", "36+", "unknown"};
	expect_keys(&b, narrow, 4);

	assert_int_equal(ageband_parse("10,20,30,40,50,60,70,80,90,100", &b, err, sizeof err), 0);
	static const char *const ten[] = {"<10",   "10-19", "20-29", "30-39", "40-49", "50-59",
					  "60-69", "70-79", "80-89", "90-99", "100+",  "unknown"};
	expect_keys(&b, ten, 12);
}

static void test_ageband_index(void **state)
{
	(void)state;
	struct ageband b;
	assert_int_equal(ageband_parse("35,56", &b, NULL, 0), 0);
	static const struct {
		int year;
		const char *born;
		const char *key;
	} cases[] = {
		{2008, "1973-05-01", "35-55"},   /* 35: first year of the band */
		{2008, "1973-12-31", "35-55"},   /* the year counts, not the birthday */
		{2008, "1974-01-01", "<35"},     /* 34 */
		{2008, "1953-06-15", "35-55"},   /* 55: last year of the band */
		{2008, "1952-06-15", "56+"},     /* 56 */
		{2008, "1900-01-01", "56+"},     /* 108 */
		{2008, "2008-01-01", "<35"},     /* 0 */
		{2008, "2009-01-01", "unknown"}, /* born after the report year */
		{2008, NULL, "unknown"},
		{2008, "", "unknown"},
		{2008, "1973", "unknown"},
		{2008, "1973-02-30", "unknown"},
		{2008, "1973-13-01", "unknown"},
		{2008, "1973/05/01", "unknown"},
		{2008, "1973-05-01 ", "unknown"},
		{2008, "1899-12-31", "unknown"},
		{2008, "abcd-01-01", "unknown"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t idx = ageband_index(&b, cases[i].year, cases[i].born);
		assert_true(idx < ageband_count(&b));
		if (strcmp(ageband_key(&b, idx), cases[i].key) != 0)
			fail_msg("%d, %s: got %s, want %s", cases[i].year,
				 cases[i].born ? cases[i].born : "(null)", ageband_key(&b, idx),
				 cases[i].key);
	}

	ageband_default(&b);
	static const struct {
		const char *born;
		const char *key;
	} def[] = {
		{"2001-01-01", "<25"},   {"2000-01-01", "25-34"}, {"1991-01-01", "25-34"},
		{"1990-01-01", "35-44"}, {"1981-01-01", "35-44"}, {"1980-01-01", "45-54"},
		{"1971-01-01", "45-54"}, {"1970-01-01", "55+"},   {NULL, "unknown"},
	};
	for (size_t i = 0; i < sizeof def / sizeof def[0]; i++)
		assert_string_equal(ageband_key(&b, ageband_index(&b, 2025, def[i].born)), def[i].key);
}

static void test_ageband_parse_refusals(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		",",
		"35,,56",
		",35",
		"35,",
		"56,35",
		"35,35",
		"0",
		"121",
		"-35",
		"+35",
		" 35",
		"35 ",
		"35, 56",
		"a",
		"35a",
		"35.5",
		"35;56",
		"1e2",
		"0x23",
		"35,56\n",
		"000000035",
		"99999999999999999999",
		"1,2,3,4,5,6,7,8,9,10,11",
		"10,20,30,40,50,60,70,80,90,100,110",
	};
	struct ageband sentinel, b;
	ageband_default(&sentinel);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char err[128] = "";
		b = sentinel;
		if (ageband_parse(bad[i], &b, err, sizeof err) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_true(strlen(err) > 0);
		/* The output is left as it was. */
		assert_memory_equal(&b, &sentinel, sizeof b);
		/* No error buffer is fine too. */
		assert_int_equal(ageband_parse(bad[i], &b, NULL, 0), -1);
	}
	char err[128] = "";
	assert_int_equal(ageband_parse(NULL, &b, err, sizeof err), -1);
	assert_true(strlen(err) > 0);
	/* A short error buffer is truncated, never overrun. */
	char tiny[4] = "xxx";
	assert_int_equal(ageband_parse("0", &b, tiny, 1), -1);
	assert_string_equal(tiny, "");
	assert_int_equal(tiny[1], 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_table),
		cmocka_unit_test(test_apply_null_out),
		cmocka_unit_test(test_population),
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_label_small_buffer),
		cmocka_unit_test(test_ageband_keys),
		cmocka_unit_test(test_ageband_index),
		cmocka_unit_test(test_ageband_parse_refusals),
	};
	return cmocka_run_group_tests_name("disclosure", tests, NULL, NULL);
}
