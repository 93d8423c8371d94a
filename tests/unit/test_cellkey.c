/*
 * Unit tests of the cell-key perturbation (domain/cellkey): the table's
 * stated properties, consistency of the noise, the threshold never
 * crossed, and the rounding of amounts and event counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "domain/cellkey.h"

static const char def_f[] = "bilan/2008/montreuil/by_sex/F";

/* Record keys of made-up persons: person i has key i * 0x9E3779B9. */
static struct cellkey cell_of(uint32_t first, uint32_t last)
{
	struct cellkey ck;
	cellkey_init(&ck);
	for (uint32_t i = first; i <= last; i++)
		cellkey_add(&ck, i * 0x9E3779B9u);
	return ck;
}

/* The table says what it is: weights sum to the scale, the stated mean and
   variance are those of the weights, no move beyond D, none into 1..10. */
static void test_table(void **state)
{
	(void)state;
	size_t n = 0;
	const struct cellkey_row *rows = cellkey_table(&n);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].count, CELLKEY_K);
	for (size_t r = 0; r < n; r++) {
		int64_t sum = 0, first = 0, second = 0;
		if (r > 0)
			assert_true(rows[r].count > rows[r - 1].count);
		for (int i = 0; i < 2 * CELLKEY_D + 1; i++) {
			int64_t d = i - CELLKEY_D, w = rows[r].weight[i];
			sum += w;
			first += d * w;
			second += d * d * w;
			if (w > 0)
				assert_true(rows[r].count + d >= CELLKEY_K);
		}
		assert_int_equal(sum, CELLKEY_SCALE);
		/* mean = first / 1000, variance = second / 1000 - mean^2 */
		assert_int_equal(first, rows[r].mean_milli);
		assert_int_equal(second * 1000 - first * first,
				 (int64_t)rows[r].variance_milli * 1000);
	}
	/* The stated values the README quotes. */
	assert_int_equal(rows[0].mean_milli, 400);
	assert_int_equal(rows[0].variance_milli, 440);
	for (size_t r = 1; r < n; r++) {
		assert_int_equal(rows[r].mean_milli, 0);
		assert_int_equal(rows[r].variance_milli, 700);
	}
}

static void test_definition_hash(void **state)
{
	(void)state;
	/* BLAKE2b-128("") = cae66941..., first 4 bytes little-endian. */
	assert_int_equal(cellkey_definition_hash(""), 0x4169e6ca);
	assert_int_equal(cellkey_definition_hash(NULL), 0x4169e6ca);
	assert_int_equal(cellkey_definition_hash(def_f), 0x8eed14ba);
	assert_int_not_equal(cellkey_definition_hash("bilan/2008/montreuil/by_sex/M"),
			     cellkey_definition_hash(def_f));
	/* The key of an empty cell is the definition's hash. */
	struct cellkey ck;
	cellkey_init(&ck);
	assert_int_equal(ck.persons, 0);
	assert_int_equal(cellkey_key(&ck, def_f), 0x8eed14ba);
	/* The sum wraps modulo 2^32. */
	cellkey_add(&ck, 0xffffffffu);
	cellkey_add(&ck, 2);
	assert_int_equal(ck.sum, 1);
	assert_int_equal(ck.persons, 2);
	assert_int_equal(cellkey_key(&ck, def_f), 0x8eed14bbu);
}

static void test_consistent(void **state)
{
	(void)state;
	/* The same persons, added in another order, same definition: same key,
	   same published value, however often it is asked. */
	struct cellkey a = cell_of(1, 20), b;
	cellkey_init(&b);
	for (uint32_t i = 20; i >= 1; i--)
		cellkey_add(&b, i * 0x9E3779B9u);
	assert_int_equal(cellkey_key(&a, def_f), cellkey_key(&b, def_f));
	int64_t first = cellkey_publish(&a, def_f);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(cellkey_publish(&a, def_f), first);
		assert_int_equal(cellkey_publish(&b, def_f), first);
	}
	/* Two cells of 20 persons each, other persons: other noise.  Persons
	   1..20 are published as 20, persons 61..80 as 22. */
	struct cellkey c = cell_of(61, 80);
	assert_int_equal(a.persons, 20);
	assert_int_equal(c.persons, 20);
	assert_int_equal(cellkey_publish(&a, def_f), 20);
	assert_int_equal(cellkey_publish(&c, def_f), 22);
	/* The position of a key in the table, independently of the hash:
	   the lowest keys take the first column, the highest the last. */
	assert_int_equal(cellkey_perturb(100, 0), 98);
	assert_int_equal(cellkey_perturb(100, 0xffffffffu), 102);
	assert_int_equal(cellkey_perturb(100, 0x80000000u), 100);
	assert_int_equal(cellkey_perturb(11, 0), 11);
	assert_int_equal(cellkey_perturb(11, 0xffffffffu), 13);
	assert_int_equal(cellkey_perturb(12, 0), 11);
	/* u = 50 (the first key at or above 50/1000 of 2^32) moves by -1. */
	assert_int_equal(cellkey_perturb(100, 214748365u), 99);
	assert_int_equal(cellkey_perturb(100, 214748364u), 98);
}

/* A sample of keys: 2^16 spread evenly, plus both sides of every one of
   the 1000 table positions. */
static uint32_t sample_key(uint32_t i)
{
	if (i < 65536)
		return i * 65537u + 12345u;
	uint32_t pos = (i - 65536) / 2; /* 0..999 */
	uint64_t edge = (((uint64_t)pos << 32) + CELLKEY_SCALE - 1) / CELLKEY_SCALE;
	return (uint32_t)(edge - (i % 2) * (edge > 0));
}
#define SAMPLE_KEYS (65536u + 2u * CELLKEY_SCALE)

static void test_never_small(void **state)
{
	(void)state;
	static const int64_t big[] = {100, 1000, 123456, INT64_MAX - 3, INT64_MAX - 2, INT64_MAX};
	for (uint32_t i = 0; i < SAMPLE_KEYS; i++) {
		uint32_t key = sample_key(i);
		for (int64_t count = CELLKEY_K; count < CELLKEY_K + 40; count++) {
			int64_t v = cellkey_perturb(count, key), noise = cellkey_noise(count, key);
			if (v < CELLKEY_K || noise < -CELLKEY_D || noise > CELLKEY_D ||
			    v != count + noise)
				fail_msg("count %lld key %u: %lld", (long long)count, key,
					 (long long)v);
		}
		for (size_t j = 0; j < sizeof big / sizeof big[0]; j++) {
			int64_t v = cellkey_perturb(big[j], key);
			assert_true(v >= big[j] - CELLKEY_D);
			assert_true(big[j] > INT64_MAX - CELLKEY_D || v <= big[j] + CELLKEY_D);
		}
		/* Below the threshold: hidden, never perturbed. */
		for (int64_t count = -2; count < CELLKEY_K; count++) {
			assert_int_equal(cellkey_perturb(count, key), CELLKEY_HIDDEN);
			assert_int_equal(cellkey_noise(count, key), 0);
		}
	}
	/* An empty cell is hidden too. */
	struct cellkey ck;
	cellkey_init(&ck);
	assert_int_equal(cellkey_publish(&ck, def_f), CELLKEY_HIDDEN);
	struct cellkey ten = cell_of(1, 10);
	assert_int_equal(cellkey_publish(&ten, def_f), CELLKEY_HIDDEN);
}

/* The noise over many keys has the table's mean and variance. */
static void test_empirical(void **state)
{
	(void)state;
	static const struct {
		int64_t count;
		double mean, variance;
	} rows[] = {{100, 0.0, 0.7}, {13, 0.0, 0.7}, {12, 0.0, 0.7}, {11, 0.4, 0.44}};
	for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
		uint64_t x = 2008;
		double s = 0, s2 = 0;
		const int n = 1000000;
		for (int i = 0; i < n; i++) {
			x = x * 6364136223846793005u + 1442695040888963407u;
			double d = (double)cellkey_noise(rows[r].count, (uint32_t)(x >> 32));
			s += d;
			s2 += d * d;
		}
		double mean = s / n, var = s2 / n - mean * mean;
		if (mean < rows[r].mean - 0.005 || mean > rows[r].mean + 0.005 ||
		    var < rows[r].variance - 0.01 || var > rows[r].variance + 0.01)
			fail_msg("count %lld: mean %f variance %f", (long long)rows[r].count, mean, var);
	}
	/* With real cells: persons with random record keys, 20000 cells of
	   100 persons, each under its own definition. */
	uint64_t x = 42;
	double s = 0;
	for (int c = 0; c < 20000; c++) {
		struct cellkey ck;
		cellkey_init(&ck);
		for (int i = 0; i < 100; i++) {
			x = x * 6364136223846793005u + 1442695040888963407u;
			cellkey_add(&ck, (uint32_t)(x >> 32));
		}
		s += (double)(cellkey_publish(&ck, c % 2 ? def_f : "bilan/2008/x") - 100);
	}
	assert_true(s / 20000 > -0.03 && s / 20000 < 0.03);
}

static void test_round_amount(void **state)
{
	(void)state;
	static const struct {
		int64_t cents, want;
	} cases[] = {
		{0, 0},
		{4999, 0},
		{5000, 10000},
		{10000, 10000},
		{14999, 10000},
		{15000, 20000},
		{1234567, 1230000},
		{-1, 0},
		{-4999, 0},
		{-5000, 0},
		{-5001, -10000},
		{-15000, -10000},
		{-15001, -20000},
		{INT64_MAX, INT64_MAX - INT64_MAX % 10000},
		{INT64_MAX - 5807, INT64_MAX - 5807},
		{INT64_MIN, INT64_MIN - INT64_MIN % 10000},
		{INT64_MIN + 10000, INT64_MIN - INT64_MIN % 10000},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (cellkey_round_amount(cases[i].cents) != cases[i].want)
			fail_msg("%lld cents: %lld", (long long)cases[i].cents,
				 (long long)cellkey_round_amount(cases[i].cents));
}

static void test_round_events(void **state)
{
	(void)state;
	static const struct {
		int64_t count, want;
	} cases[] = {
		{-1, CELLKEY_HIDDEN},
		{INT64_MIN, CELLKEY_HIDDEN},
		{0, CELLKEY_HIDDEN},
		{1, CELLKEY_HIDDEN},
		{7, CELLKEY_HIDDEN},
		{10, CELLKEY_HIDDEN},
		{12, CELLKEY_HIDDEN},
		{13, 15},
		{15, 15},
		{17, 15},
		{18, 20},
		{102, 100},
		{103, 105},
		{INT64_MAX, INT64_MAX - 2},
		{INT64_MAX - 3, INT64_MAX - 2},
		{INT64_MAX - 4, INT64_MAX - 2},
		{INT64_MAX - 5, INT64_MAX - 7},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (cellkey_round_events(cases[i].count) != cases[i].want)
			fail_msg("%lld events: %lld", (long long)cases[i].count,
				 (long long)cellkey_round_events(cases[i].count));
	/* Exhaustively near the threshold: a multiple of 5, >= K, or hidden. */
	for (int64_t c = 0; c < 1000; c++) {
		int64_t v = cellkey_round_events(c);
		if (v == CELLKEY_HIDDEN)
			assert_true(c <= 12);
		else
			assert_true(v >= CELLKEY_K && v % 5 == 0 && v - c <= 2 && c - v <= 2);
	}
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_definition_hash),
		cmocka_unit_test(test_consistent),
		cmocka_unit_test(test_never_small),
		cmocka_unit_test(test_empirical),
		cmocka_unit_test(test_round_amount),
		cmocka_unit_test(test_round_events),
	};
	return cmocka_run_group_tests_name("cellkey", tests, NULL, NULL);
}
