/* Unit tests of the sign-in delay schedule: the table of delays, the caps,
   forgetting, the device cookie's bypass, and an attacker replayed step by
   step against the schedule (counted attempts, no clock). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/throttle.h"

enum { DAY = 24 * 3600 };
static const int64_t t0 = 1700000000; /* any instant: nothing reads the clock */

static void test_schedule(void **state)
{
	(void)state;
	static const struct {
		uint32_t failures;
		int64_t login, address;
	} v[] = {
		{0, 0, 0},      {1, 0, 0},      {2, 0, 0},      {3, 0, 0},     {4, 1, 0},
		{5, 2, 0},      {6, 4, 0},      {10, 64, 0},    {11, 128, 1},  {12, 256, 2},
		{13, 512, 4},   {14, 900, 8},   {15, 900, 16},  {18, 900, 128}, {19, 900, 256},
		{20, 900, 300}, {64, 900, 300}, {65, 900, 300}, {1000, 900, 300},
		{UINT32_MAX, 900, 300},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (throttle_delay(&THROTTLE_LOGIN, v[i].failures) != v[i].login)
			fail_msg("login: %u failures", v[i].failures);
		if (throttle_delay(&THROTTLE_ADDRESS, v[i].failures) != v[i].address)
			fail_msg("address: %u failures", v[i].failures);
	}
	/* The stated caps. */
	assert_int_equal(THROTTLE_LOGIN.cap, 15 * 60);
	assert_int_equal(THROTTLE_ADDRESS.cap, 5 * 60);
	/* Never decreasing with more failures. */
	for (uint32_t n = 1; n < 200; n++) {
		assert_true(throttle_delay(&THROTTLE_LOGIN, n) >= throttle_delay(&THROTTLE_LOGIN, n - 1));
		assert_true(throttle_delay(&THROTTLE_ADDRESS, n) >=
			    throttle_delay(&THROTTLE_ADDRESS, n - 1));
	}
}

static void test_counter(void **state)
{
	(void)state;
	throttle_counter c = {0};
	assert_int_equal(throttle_counter_next(&c, &THROTTLE_LOGIN), INT64_MIN);
	for (int i = 0; i < 4; i++)
		throttle_fail(&c, &THROTTLE_LOGIN, t0 + i);
	assert_int_equal(c.failures, 4);
	assert_int_equal(c.last_failure, t0 + 3);
	assert_int_equal(throttle_counter_next(&c, &THROTTLE_LOGIN), t0 + 3 + 1);
	/* Left alone for a day: the count starts again. */
	throttle_fail(&c, &THROTTLE_LOGIN, t0 + 3 + 24 * 3600);
	assert_int_equal(c.failures, 1);
	assert_int_equal(throttle_counter_next(&c, &THROTTLE_LOGIN), t0 + 3 + 24 * 3600);
	/* A clock set back never moves the delay earlier. */
	throttle_counter d = {.failures = 5, .last_failure = t0};
	throttle_fail(&d, &THROTTLE_LOGIN, t0 - 100);
	assert_int_equal(d.failures, 6);
	assert_int_equal(d.last_failure, t0);
	/* A good sign-in resets the (login, address) counter. */
	throttle_succeed(&d);
	assert_int_equal(d.failures, 0);
	assert_int_equal(throttle_counter_next(&d, &THROTTLE_LOGIN), INT64_MIN);
	/* The count saturates instead of wrapping to "no failure". */
	throttle_counter s = {.failures = UINT32_MAX, .last_failure = t0};
	throttle_fail(&s, &THROTTLE_LOGIN, t0 + 1);
	assert_int_equal(s.failures, UINT32_MAX);
	assert_int_equal(throttle_counter_next(&s, &THROTTLE_LOGIN), t0 + 1 + 900);
}

static void test_next_attempt_and_bypass(void **state)
{
	(void)state;
	throttle_counter la = {.failures = 14, .last_failure = t0};  /* 900 s */
	throttle_counter ad = {.failures = 12, .last_failure = t0};  /* 2 s */
	assert_int_equal(throttle_next_attempt(&la, &ad, 0), t0 + 900);
	/* The device cookie skips the per-login part only. */
	assert_int_equal(throttle_next_attempt(&la, &ad, 1), t0 + 2);
	throttle_counter busy = {.failures = 40, .last_failure = t0}; /* 300 s */
	assert_int_equal(throttle_next_attempt(&la, &busy, 1), t0 + 300);
	assert_int_equal(throttle_next_attempt(&la, &busy, 0), t0 + 900);
	/* No failures anywhere: no wait. */
	throttle_counter none = {0};
	assert_int_equal(throttle_retry_after(throttle_next_attempt(&none, &none, 0), t0), 0);
	/* Retry-After: the seconds left, 0 from the instant itself. */
	assert_int_equal(throttle_retry_after(t0 + 900, t0), 900);
	assert_int_equal(throttle_retry_after(t0 + 900, t0 + 899), 1);
	assert_int_equal(throttle_retry_after(t0 + 900, t0 + 900), 0);
	assert_int_equal(throttle_retry_after(t0 + 900, t0 + 5000), 0);
}

/*
 * An attacker trying again the very second the schedule allows, for a
 * day from t0: the number of attempts that get checked.  Each failure is
 * counted on the address and, when la is not NULL, on (login, address);
 * with la NULL, every attempt is on a new login (a fresh counter).
 * *end receives the instant the day ended.
 */
static int attempts_in_a_day(throttle_counter *la, throttle_counter *ad, int64_t *end)
{
	throttle_counter fresh = {0};
	int64_t t = t0;
	int n = 0;
	while (t < t0 + DAY) {
		int64_t next = throttle_next_attempt(la ? la : &fresh, ad, 0);
		if (throttle_retry_after(next, t) > 0) {
			t = next; /* refused early with 429; the attacker waits */
			continue;
		}
		n++;
		if (la)
			throttle_fail(la, &THROTTLE_LOGIN, t);
		throttle_fail(ad, &THROTTLE_ADDRESS, t);
	}
	*end = t;
	return n;
}

/* One login's password guessed from one address; then the owner, with
   the right password, after the last delay. */
static void test_attacker_day(void **state)
{
	(void)state;
	throttle_counter la = {0}, ad = {0};
	int64_t t;
	int guesses = attempts_in_a_day(&la, &ad, &t);
	/* 3 free, then 1+2+…+512 s, then one every 15 minutes. */
	assert_true(guesses >= 90 && guesses <= 3 + 10 + DAY / 900 + 1);
	print_message("# guesses checked in a day on one login from one address: %d\n", guesses);

	/* The owner, on another machine of hers with her device cookie, is not
	   held by the per-login part: only the address's (another address here,
	   so nothing). */
	throttle_counter her_address = {0};
	assert_int_equal(throttle_retry_after(throttle_next_attempt(&la, &her_address, 1), t), 0);
	/* Without the cookie, from the attacker's address, she waits at most
	   the cap, after which her password is checked. */
	int64_t next = throttle_next_attempt(&la, &ad, 0);
	assert_true(throttle_retry_after(next, t) <= THROTTLE_LOGIN.cap);
	assert_int_equal(throttle_retry_after(next, next), 0);
	/* Her good sign-in resets the login's counter; the address keeps its own. */
	throttle_succeed(&la);
	assert_int_equal(throttle_counter_next(&la, &THROTTLE_LOGIN), INT64_MIN);
	assert_true(ad.failures > 0);
}

/* Spraying one password over many logins from one address: each login's
   counter stays at one failure, the address's counter does the work. */
static void test_spray(void **state)
{
	(void)state;
	throttle_counter ad = {0};
	int64_t t;
	int tries = attempts_in_a_day(NULL, &ad, &t);
	assert_true(tries <= 10 + 9 + DAY / 300 + 1);
	print_message("# logins tried in a day from one address: %d\n", tries);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedule),    cmocka_unit_test(test_counter),
		cmocka_unit_test(test_next_attempt_and_bypass), cmocka_unit_test(test_attacker_day),
		cmocka_unit_test(test_spray),
	};
	return cmocka_run_group_tests_name("throttle", tests, NULL, NULL);
}
