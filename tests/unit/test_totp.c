/* Unit tests of the TOTP second factor: RFC 6238's and RFC 4226's test
   vectors, the window's edges, reuse, malformed codes, base32, the URI.
   Every instant is a parameter: nothing sleeps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "support/buf.h"
#include "support/sec.h"
#include "support/totp.h"

/* RFC 6238 Appendix B's SHA-1 key: 20 ASCII bytes, so also a valid
   relais secret (TOTP_SECRET_BYTES). */
static const uint8_t rfc_key[TOTP_SECRET_BYTES] = "12345678901234567890";

static void test_rfc6238_vectors(void **state)
{
	(void)state;
	static const struct {
		int64_t t;
		const char *code;
	} v[] = {
		{59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
		{1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char out[TOTP_CODE_MAX + 1];
		assert_int_equal(totp_generate(rfc_key, sizeof rfc_key, v[i].t, 8, out), 0);
		assert_string_equal(out, v[i].code);
		/* Six digits: the same truncated number modulo 10^6, zero-padded. */
		assert_int_equal(totp_generate(rfc_key, sizeof rfc_key, v[i].t, 6, out), 0);
		assert_string_equal(out, v[i].code + 2);
		/* And totp_verify() accepts it at that instant, with its step. */
		int64_t step = -7;
		assert_int_equal(totp_verify(rfc_key, v[i].t, v[i].code + 2, -1, &step), TOTP_OK);
		assert_int_equal(step, v[i].t / 30);
	}
}

/* RFC 4226 Appendix D: HOTP with the same key, 6 digits, counters 0-9;
   TOTP is HOTP with the counter floor(t / 30). */
static void test_rfc4226_six_digits(void **state)
{
	(void)state;
	static const char *hotp[] = {"755224", "287082", "359152", "969429", "338314",
				     "254676", "287922", "162583", "399871", "520489"};
	for (int c = 0; c < 10; c++) {
		char out[TOTP_CODE_MAX + 1];
		assert_int_equal(totp_generate(rfc_key, sizeof rfc_key, c * 30 + 29, 6, out), 0);
		assert_string_equal(out, hotp[c]);
	}
}

static void test_generate_refuses(void **state)
{
	(void)state;
	char out[TOTP_CODE_MAX + 1];
	assert_int_equal(totp_generate(rfc_key, sizeof rfc_key, 59, 5, out), -1);
	assert_int_equal(totp_generate(rfc_key, sizeof rfc_key, 59, 9, out), -1);
	assert_int_equal(totp_generate(rfc_key, sizeof rfc_key, -1, 6, out), -1);
	assert_int_equal(totp_step(-1), -1);
	assert_int_equal(totp_step(0), 0);
	assert_int_equal(totp_step(29), 0);
	assert_int_equal(totp_step(30), 1);
}

/* The code of step S is accepted from the first second of step S - 1 to
   the last second of step S + 1, and nowhere else. */
static void test_window_edges(void **state)
{
	(void)state;
	const int64_t S = 1111111109 / 30; /* 37037036 */
	const char *code = "081804";
	int64_t step = -7;
	assert_int_equal(totp_verify(rfc_key, (S - 1) * 30 - 1, code, -1, &step), TOTP_WRONG);
	assert_int_equal(step, -7); /* untouched on failure */
	assert_int_equal(totp_verify(rfc_key, (S - 1) * 30, code, -1, &step), TOTP_OK);
	assert_int_equal(step, S);
	step = -7;
	assert_int_equal(totp_verify(rfc_key, S * 30, code, -1, &step), TOTP_OK);
	assert_int_equal(step, S);
	step = -7;
	assert_int_equal(totp_verify(rfc_key, (S + 2) * 30 - 1, code, -1, &step), TOTP_OK);
	assert_int_equal(step, S);
	step = -7;
	assert_int_equal(totp_verify(rfc_key, (S + 2) * 30, code, -1, &step), TOTP_WRONG);
	assert_int_equal(step, -7);
	/* Near the epoch the window has no step -1. */
	char c0[TOTP_CODE_MAX + 1];
	assert_int_equal(totp_generate(rfc_key, sizeof rfc_key, 0, 6, c0), 0);
	assert_int_equal(totp_verify(rfc_key, 0, c0, -1, &step), TOTP_OK);
	assert_int_equal(step, 0);
}

static void test_reuse_refused(void **state)
{
	(void)state;
	const int64_t S = 1234567890 / 30;
	const int64_t now = 1234567890;
	const char *code = "005924";
	int64_t step = -7;
	/* First use: accepted; the caller stores the step. */
	assert_int_equal(totp_verify(rfc_key, now, code, S - 1, &step), TOTP_OK);
	assert_int_equal(step, S);
	/* The same code again, in the same or the next step: refused as reused. */
	int64_t last = step;
	step = -7;
	assert_int_equal(totp_verify(rfc_key, now, code, last, &step), TOTP_REUSED);
	assert_int_equal(totp_verify(rfc_key, now + 30, code, last, &step), TOTP_REUSED);
	assert_int_equal(step, -7);
	/* A code of an older step after a newer one was used: refused too. */
	assert_int_equal(totp_verify(rfc_key, now, code, S + 1, &step), TOTP_REUSED);
	/* The next step's code is fresh. */
	char next[TOTP_CODE_MAX + 1];
	assert_int_equal(totp_generate(rfc_key, sizeof rfc_key, (S + 1) * 30, 6, next), 0);
	assert_int_equal(totp_verify(rfc_key, now + 30, next, last, &step), TOTP_OK);
	assert_int_equal(step, S + 1);
	/* A wrong code stays wrong, whatever last_step says. */
	assert_int_equal(totp_verify(rfc_key, now, "000000", last, &step), TOTP_WRONG);
}

static void test_malformed_codes(void **state)
{
	(void)state;
	static const char *bad[] = {
		"",         "12345", "abcdef", "1234567", "00592a", "-05924", "+05924", "0059 24 1",
		"005924\n", "\t005924", "0x5924", "005.24", "\xef\xbc\x90" "05924", "      ",
	};
	int64_t step = -7;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (totp_verify(rfc_key, 1234567890, bad[i], -1, &step) != TOTP_MALFORMED)
			fail_msg("code \"%s\" not refused as malformed", bad[i]);
	}
	assert_int_equal(step, -7);
	/* Spaces, as apps show the code, are ignored. */
	assert_int_equal(totp_verify(rfc_key, 1234567890, " 005 924 ", -1, &step), TOTP_OK);
	/* A time before the epoch is refused. */
	assert_int_equal(totp_verify(rfc_key, -1, "005924", -1, &step), TOTP_MALFORMED);
}

static void test_base32(void **state)
{
	(void)state;
	char b32[TOTP_SECRET_B32_LEN + 1];
	totp_secret_base32(rfc_key, b32);
	assert_string_equal(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	uint8_t back[TOTP_SECRET_BYTES];
	assert_int_equal(totp_secret_from_base32(b32, back), 0);
	assert_memory_equal(back, rfc_key, sizeof back);
	/* Lower case and spaces, as a person may copy it. */
	memset(back, 0, sizeof back);
	assert_int_equal(totp_secret_from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", back), 0);
	assert_memory_equal(back, rfc_key, sizeof back);
	/* Refused: too short, too long, outside the alphabet, padding. */
	assert_int_equal(totp_secret_from_base32("", back), -1);
	assert_int_equal(totp_secret_from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ", back), -1);
	assert_int_equal(totp_secret_from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQA", back), -1);
	assert_int_equal(totp_secret_from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1", back), -1);
	assert_int_equal(totp_secret_from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ=", back), -1);

	/* Fresh secrets: random, and round-trip through base32. */
	uint8_t a[TOTP_SECRET_BYTES], b[TOTP_SECRET_BYTES];
	totp_secret_new(a);
	totp_secret_new(b);
	assert_memory_not_equal(a, b, sizeof a);
	totp_secret_base32(a, b32);
	assert_int_equal(strlen(b32), TOTP_SECRET_B32_LEN);
	assert_int_equal(strspn(b32, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), TOTP_SECRET_B32_LEN);
	assert_int_equal(totp_secret_from_base32(b32, back), 0);
	assert_memory_equal(back, a, sizeof a);
}

static void test_uri(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	totp_uri(&b, "marie.dupont", rfc_key);
	assert_string_equal(buf_cstr(&b), "otpauth://totp/relais:marie.dupont"
					  "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
					  "&issuer=relais&digits=6&period=30");
	/* A login with a colon, a space, an ampersand, an accent: percent-encoded. */
	buf_reset(&b);
	totp_uri(&b, "a:b c&d\xc3\xa9", rfc_key);
	assert_string_equal(buf_cstr(&b), "otpauth://totp/relais:a%3Ab%20c%26d%C3%A9"
					  "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
					  "&issuer=relais&digits=6&period=30");
	buf_free(&b);
}

int main(void)
{
	if (sec_init() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6238_vectors), cmocka_unit_test(test_rfc4226_six_digits),
		cmocka_unit_test(test_generate_refuses), cmocka_unit_test(test_window_edges),
		cmocka_unit_test(test_reuse_refused),    cmocka_unit_test(test_malformed_codes),
		cmocka_unit_test(test_base32),           cmocka_unit_test(test_uri),
	};
	return cmocka_run_group_tests_name("totp", tests, NULL, NULL);
}
