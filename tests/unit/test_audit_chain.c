/* Unit tests of the audit hash chain: any change to any field shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/audit_chain.h"

static const uint8_t key[SEC_KEY_BYTES] = {1, 2, 3};

static struct audit_entry base(void)
{
	struct audit_entry e = {7, 1795548884, 3, "marie", "case.read", "case", "42", "127.0.0.1",
				AUDIT_GENESIS};
	return e;
}

static void hash_of(const struct audit_entry *e, const uint8_t *k, char out[65])
{
	audit_entry_hash(k, e, out);
}

static void test_deterministic(void **state)
{
	(void)state;
	struct audit_entry e = base();
	char a[65], b[65];
	hash_of(&e, key, a);
	hash_of(&e, key, b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 64);
}

static void test_every_field_counts(void **state)
{
	(void)state;
	char ref[65], h[65];
	struct audit_entry e = base();
	hash_of(&e, key, ref);
	struct audit_entry v[9];
	for (int i = 0; i < 9; i++)
		v[i] = base();
	v[0].id = 8;
	v[1].at++;
	v[2].actor_id = 4;
	v[3].actor_login = "marie2";
	v[4].action = "case.update";
	v[5].object_type = NULL;
	v[6].object_id = "43";
	v[7].client_addr = "::1";
	v[8].prev_hash = "1000000000000000000000000000000000000000000000000000000000000000";
	for (int i = 0; i < 9; i++) {
		hash_of(&v[i], key, h);
		if (strcmp(h, ref) == 0)
			fail_msg("field %d does not change the hash", i);
	}
	/* Fields cannot be shifted into each other. */
	struct audit_entry s1 = base(), s2 = base();
	s1.object_type = "ab";
	s1.object_id = "c";
	s2.object_type = "a";
	s2.object_id = "bc";
	char h1[65], h2[65];
	hash_of(&s1, key, h1);
	hash_of(&s2, key, h2);
	assert_string_not_equal(h1, h2);
}

static void test_key_matters(void **state)
{
	(void)state;
	uint8_t other[SEC_KEY_BYTES] = {1, 2, 4};
	struct audit_entry e = base();
	char a[65], b[65];
	hash_of(&e, key, a);
	hash_of(&e, other, b);
	assert_string_not_equal(a, b);
}

/* A rotation line: two MACs, one a key; each checks under its own key,
   and any change of the line breaks both. */
static void test_anchor_rotation_line(void **state)
{
	(void)state;
	uint8_t next[SEC_KEY_BYTES] = {9, 8, 7};
	struct audit_anchor a = {AUDIT_ANCHOR_ROTATE, "app1", 12, AUDIT_GENESIS, 1795548884};
	char line[AUDIT_ANCHOR_LINE_MAX], macs[2][SEC_HASH_HEX_LEN + 1];
	/* A rotation has two MACs: the one-key format refuses it. */
	assert_int_equal(audit_anchor_format(key, &a, line, sizeof line), -1);
	int n = audit_anchor_format_rotation(key, next, &a, line, sizeof line);
	assert_true(n > 0 && n < (int)sizeof line);
	assert_int_equal(line[n - 1], '\n');
	assert_int_equal(strncmp(line, "relais-anchor-v1 rotate app1 12 ", 32), 0);
	struct audit_anchor got;
	assert_int_equal(audit_anchor_split(line, &got, macs), 0);
	assert_int_equal(got.kind, AUDIT_ANCHOR_ROTATE);
	assert_int_equal(got.seq, 12);
	assert_true(audit_anchor_mac_ok(key, &got, macs[0]));
	assert_true(audit_anchor_mac_ok(next, &got, macs[1]));
	assert_false(audit_anchor_mac_ok(next, &got, macs[0]));
	assert_false(audit_anchor_mac_ok(key, &got, macs[1]));
	/* Either key alone still recognises the line as its own. */
	assert_int_equal(audit_anchor_parse(key, line, &got), 0);
	assert_int_equal(audit_anchor_parse(next, line, &got), 0);
	uint8_t other[SEC_KEY_BYTES] = {5};
	assert_int_equal(audit_anchor_parse(other, line, &got), -2);
	/* Another entry: neither MAC holds. */
	line[30] = '3';
	assert_int_equal(audit_anchor_split(line, &got, macs), 0);
	assert_false(audit_anchor_mac_ok(key, &got, macs[0]));
	assert_false(audit_anchor_mac_ok(next, &got, macs[1]));
	/* A head line with two MACs, a rotation with one, a trailing space:
	   malformed. */
	struct audit_anchor h = {AUDIT_ANCHOR_HEAD, "app1", 12, AUDIT_GENESIS, 1795548884};
	n = audit_anchor_format(key, &h, line, sizeof line);
	assert_true(n > 0);
	assert_int_equal(audit_anchor_split(line, &got, macs), 0);
	assert_int_equal(got.kind, AUDIT_ANCHOR_HEAD);
	assert_string_equal(macs[1], "");
	char bad[AUDIT_ANCHOR_LINE_MAX + 80];
	snprintf(bad, sizeof bad, "%.*s %s\n", n - 1, line, macs[0]);
	assert_int_equal(audit_anchor_split(bad, &got, macs), -1);
	snprintf(bad, sizeof bad, "relais-anchor-v1 rotate%s", line + strlen("relais-anchor-v1 head"));
	assert_int_equal(audit_anchor_split(bad, &got, macs), -1);
	n = audit_anchor_format(key, &h, line, sizeof line);
	line[n - 1] = ' ';
	assert_int_equal(audit_anchor_split(line, &got, macs), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_every_field_counts),
		cmocka_unit_test(test_key_matters),
		cmocka_unit_test(test_anchor_rotation_line),
	};
	return cmocka_run_group_tests_name("audit_chain", tests, NULL, NULL);
}
