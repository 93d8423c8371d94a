/* Unit tests of the audit hash chain: any change to any field shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_every_field_counts),
		cmocka_unit_test(test_key_matters),
	};
	return cmocka_run_group_tests_name("audit_chain", tests, NULL, NULL);
}
