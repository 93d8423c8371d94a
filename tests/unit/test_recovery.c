/* Unit tests of the recovery codes: form, entropy's alphabet, the
   normalisation of typed input, keyed hashes, single use by the caller. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "support/recovery.h"
#include "support/sec.h"

static uint8_t key[SEC_KEY_BYTES];

static void test_form(void **state)
{
	(void)state;
	char codes[RECOVERY_COUNT][RECOVERY_CODE_LEN + 1];
	char hashes[RECOVERY_COUNT][SEC_HASH_HEX_LEN + 1];
	recovery_generate(key, codes, hashes);
	for (int i = 0; i < RECOVERY_COUNT; i++) {
		const char *c = codes[i];
		assert_int_equal(strlen(c), RECOVERY_CODE_LEN);
		assert_int_equal(c[4], '-');
		assert_int_equal(c[9], '-');
		for (int j = 0; j < RECOVERY_CODE_LEN; j++) {
			if (j == 4 || j == 9)
				continue;
			/* Crockford's alphabet: no i, l, o, u. */
			assert_non_null(strchr("0123456789abcdefghjkmnpqrstvwxyz", c[j]));
		}
		assert_int_equal(strlen(hashes[i]), SEC_HASH_HEX_LEN);
		assert_null(strstr(hashes[i], c)); /* the hash is not the code */
		for (int k = 0; k < i; k++) {
			assert_string_not_equal(codes[k], c);
			assert_string_not_equal(hashes[k], hashes[i]);
		}
	}
}

/* Every symbol of the alphabet shows up over many codes (a generator
   stuck on part of the alphabet would have fewer than 60 bits). */
static void test_alphabet_covered(void **state)
{
	(void)state;
	int seen[128] = {0};
	for (int i = 0; i < 200; i++) {
		char c[RECOVERY_CODE_LEN + 1];
		recovery_code_new(c);
		for (const char *p = c; *p; p++)
			seen[(unsigned char)*p]++;
	}
	for (const char *a = "0123456789abcdefghjkmnpqrstvwxyz"; *a; a++)
		if (!seen[(unsigned char)*a])
			fail_msg("symbol %c never drawn in 2400", *a);
	assert_int_equal(seen['i'] + seen['l'] + seen['o'] + seen['u'], 0);
}

static void test_normalise(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} ok[] = {
		{"abcd-efgh-jkmn", "abcd-efgh-jkmn"},
		{"ABCD-EFGH-JKMN", "abcd-efgh-jkmn"},
		{"abcdefghjkmn", "abcd-efgh-jkmn"},
		{" abcd efgh jkmn ", "abcd-efgh-jkmn"},
		{"ab-cd--efgh-jk mn", "abcd-efgh-jkmn"},
		{"OoIi-Ll01-2345", "0011-1101-2345"}, /* look-alikes */
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char out[RECOVERY_CODE_LEN + 1];
		assert_int_equal(recovery_normalise(ok[i].in, out), 0);
		assert_string_equal(out, ok[i].out);
	}
	static const char *bad[] = {
		"",
		"abcd-efgh-jkm",       /* 11 symbols */
		"abcd-efgh-jkmnp",     /* 13 */
		"abcd-efgh-jkmu",      /* u is not a symbol */
		"abcd_efgh_jkmn",      /* another separator */
		"abcd-efgh-jkm\xc3\xa9", /* non-ASCII */
		"abcd\tefgh\tjkmn",
		"abcd-efgh-jkmn!",
		"-------------------------------------------------------------------abcdefghjkmn",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char out[RECOVERY_CODE_LEN + 1];
		if (recovery_normalise(bad[i], out) != -1)
			fail_msg("\"%s\" not refused", bad[i]);
	}
}

static void test_match_and_single_use(void **state)
{
	(void)state;
	char codes[RECOVERY_COUNT][RECOVERY_CODE_LEN + 1];
	char hashes[RECOVERY_COUNT][SEC_HASH_HEX_LEN + 1];
	recovery_generate(key, codes, hashes);
	const char *stored[RECOVERY_COUNT];
	for (int i = 0; i < RECOVERY_COUNT; i++)
		stored[i] = hashes[i];

	/* Each code matches its own hash, typed in upper case without dashes. */
	for (int i = 0; i < RECOVERY_COUNT; i++) {
		char typed[RECOVERY_CODE_LEN + 1];
		size_t n = 0;
		for (const char *p = codes[i]; *p; p++)
			if (*p != '-')
				typed[n++] = (char)((*p >= 'a' && *p <= 'z') ? *p - 'a' + 'A' : *p);
		typed[n] = '\0';
		assert_int_equal(recovery_match(key, typed, stored, RECOVERY_COUNT), i);
	}
	/* Used once: the caller drops the hash, the code no longer matches. */
	stored[3] = NULL;
	assert_int_equal(recovery_match(key, codes[3], stored, RECOVERY_COUNT), -1);
	assert_int_equal(recovery_match(key, codes[4], stored, RECOVERY_COUNT), 4);
	/* A well-formed code never issued, and malformed input. */
	assert_int_equal(recovery_match(key, "zzzz-zzzz-zzzz", stored, RECOVERY_COUNT), -1);
	assert_int_equal(recovery_match(key, "123456", stored, RECOVERY_COUNT), RECOVERY_MALFORMED);
	assert_int_equal(recovery_match(key, "", stored, RECOVERY_COUNT), RECOVERY_MALFORMED);
	/* Another server key: the stored hashes mean nothing. */
	uint8_t other[SEC_KEY_BYTES];
	memcpy(other, key, sizeof other);
	other[0] ^= 1;
	assert_int_equal(recovery_match(other, codes[4], stored, RECOVERY_COUNT), -1);
	/* Nothing stored. */
	assert_int_equal(recovery_match(key, codes[4], stored, 0), -1);
}

static void test_hash_is_keyed_and_stable(void **state)
{
	(void)state;
	char a[SEC_HASH_HEX_LEN + 1], b[SEC_HASH_HEX_LEN + 1], c[SEC_HASH_HEX_LEN + 1];
	assert_int_equal(recovery_hash(key, "abcd-efgh-jkmn", a), 0);
	assert_int_equal(recovery_hash(key, "ABCDEFGHJKMN", b), 0);
	assert_string_equal(a, b);
	uint8_t other[SEC_KEY_BYTES] = {1};
	assert_int_equal(recovery_hash(other, "abcd-efgh-jkmn", c), 0);
	assert_string_not_equal(a, c);
	assert_int_equal(recovery_hash(key, "abcd", c), -1);
}

int main(void)
{
	if (sec_init() != 0)
		return 1;
	uint8_t master[SEC_KEY_BYTES];
	for (size_t i = 0; i < sizeof master; i++)
		master[i] = (uint8_t)i;
	sec_key_derive(master, 0, RECOVERY_KEY_CONTEXT, key);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_alphabet_covered),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_match_and_single_use),
		cmocka_unit_test(test_hash_is_keyed_and_stable),
	};
	return cmocka_run_group_tests_name("recovery", tests, NULL, NULL);
}
