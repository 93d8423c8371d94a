/* The sign-in guards' pure rules (issue 13): the hashing gate's sizing
   (service/throttle.h) and the Origin check of the sign-in (http/http.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/http.h"
#include "service/throttle.h"

static void expect_size(unsigned threads, unsigned cores_limit, unsigned limit, unsigned queue)
{
	unsigned l = 99, q = 99;
	throttle_gate_size(threads, cores_limit, &l, &q);
	assert_int_equal(l, limit);
	assert_int_equal(q, queue);
}

static void test_gate_size(void **state)
{
	(void)state;
	/* 2 cores (limit 1), the default 4 threads: 1 hashing, 2 waiting, 1 for pages. */
	expect_size(4, 1, 1, 2);
	/* The tests' 2 threads: 1 hashing, none waiting. */
	expect_size(2, 1, 1, 0);
	/* Many cores, few threads: never every thread hashing. */
	expect_size(4, 15, 3, 0);
	expect_size(16, 7, 7, 8);
	/* One thread: one hash at a time still (there is nothing else to give). */
	expect_size(1, 1, 1, 0);
	expect_size(0, 0, 1, 0);
}

static void test_origin(void **state)
{
	(void)state;
	assert_true(signin_origin_matches(NULL, "127.0.0.1:8080"));
	assert_true(signin_origin_matches("http://127.0.0.1:8080", "127.0.0.1:8080"));
	assert_true(signin_origin_matches("https://relais.example.fr", "relais.example.fr"));
	assert_false(signin_origin_matches("https://evil.example", "relais.example.fr"));
	/* What browsers send under the no-referrer policy: the token decides. */
	assert_true(signin_origin_matches("null", "relais.example.fr"));
	assert_false(signin_origin_matches("", "relais.example.fr"));
	assert_false(signin_origin_matches("http://127.0.0.1:8081", "127.0.0.1:8080"));
	assert_false(signin_origin_matches("http://127.0.0.1:8080.evil", "127.0.0.1:8080"));
	assert_false(signin_origin_matches("ftp://relais.example.fr", "relais.example.fr"));
	assert_false(signin_origin_matches("https://relais.example.fr", NULL));
	assert_false(signin_origin_matches("https://relais.example.fr", ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gate_size),
		cmocka_unit_test(test_origin),
	};
	return cmocka_run_group_tests_name("signin_guard", tests, NULL, NULL);
}
