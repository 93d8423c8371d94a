/* Unit tests of the security primitives: tokens, passwords, key file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/migrations.h"
#include "store/statements.h"
#include "support/sec.h"

static void test_tokens(void **state)
{
	(void)state;
	char a[SEC_TOKEN_LEN + 1], b[SEC_TOKEN_LEN + 1];
	sec_token_new(a);
	sec_token_new(b);
	assert_int_equal(strlen(a), SEC_TOKEN_LEN);
	assert_string_not_equal(a, b);
	assert_int_equal(strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"),
			 SEC_TOKEN_LEN);
	char h[SEC_HASH_HEX_LEN + 1];
	sec_token_hash(a, h);
	assert_int_equal(strlen(h), 64);
	assert_null(strstr(h, a));
	assert_true(sec_streq(a, a));
	assert_false(sec_streq(a, b));
	assert_false(sec_streq("abc", "abcd"));
}

static void test_passwords(void **state)
{
	(void)state;
	char hash[SEC_PASSWORD_HASH_MAX];
	assert_int_equal(sec_password_hash("correct horse battery", hash), 0);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_true(sec_password_verify(hash, "correct horse battery"));
	assert_false(sec_password_verify(hash, "correct horse batterY"));
	assert_false(sec_password_verify("garbage", "x"));
	char pw[32];
	sec_password_generate(pw, 16);
	assert_int_equal(strlen(pw), 16);
	assert_int_equal(strcspn(pw, "0O1lI"), 16); /* no look-alikes */
}

static void test_key_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/relais-key-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[128], err[256];
	snprintf(path, sizeof path, "%s/k", dir);
	uint8_t k1[SEC_KEY_BYTES], k2[SEC_KEY_BYTES];
	assert_int_equal(sec_key_create(path, err, sizeof err), 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(sec_key_load(path, k1, err, sizeof err), 0);
	/* Never overwritten. */
	assert_int_equal(sec_key_create(path, err, sizeof err), -1);
	assert_int_equal(sec_key_load(path, k2, err, sizeof err), 0);
	assert_memory_equal(k1, k2, sizeof k1);
	/* Readable by others: refused. */
	chmod(path, 0644);
	assert_int_equal(sec_key_load(path, k2, err, sizeof err), -1);
	assert_non_null(strstr(err, "chmod 600"));
	/* Malformed: refused. */
	FILE *f = fopen(path, "w");
	fputs("not hex\n", f);
	fclose(f);
	chmod(path, 0600);
	assert_int_equal(sec_key_load(path, k2, err, sizeof err), -1);
	unlink(path);
	assert_int_equal(sec_key_load(path, k2, err, sizeof err), -1);
	rmdir(dir);
	/* Subkeys differ by purpose. */
	uint8_t s1[SEC_KEY_BYTES], s2[SEC_KEY_BYTES];
	sec_key_derive(k1, 1, "relaudit", s1);
	sec_key_derive(k1, 2, "relaudit", s2);
	assert_memory_not_equal(s1, s2, sizeof s1);
}

static void test_statement_table(void **state)
{
	(void)state;
	for (int i = 0; i < ST__COUNT; i++) {
		const struct stmt_def *d = &stmt_table[i];
		if (!d->name)
			fail_msg("statement %d has no entry", i);
		if (!(d->sql || (d->sqlite && d->postgres)))
			fail_msg("statement %s lacks SQL for a back end", d->name);
	}
	for (int i = 0; i < migrations_count; i++)
		assert_int_equal(migrations[i].version, i + 1);
}

int main(void)
{
	if (sec_init() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_statement_table),
	};
	return cmocka_run_group_tests_name("sec", tests, NULL, NULL);
}
