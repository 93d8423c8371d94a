/* Unit tests of the account rules (CNIL: 12 characters, one account each). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/account.h"
#include "domain/role.h"

static void test_login(void **state)
{
	(void)state;
	struct verr e;
	const char *good[] = {"marie.dupre", "as-12", "x_y", "ab", NULL};
	for (int i = 0; good[i]; i++)
		assert_int_equal(account_check_login(good[i], &e), 0);
	const char *bad[] = {"", "a", "Marie", "marié", "a b", "a/b", "a;b", NULL};
	for (int i = 0; bad[i]; i++) {
		e.field = NULL;
		assert_int_equal(account_check_login(bad[i], &e), -1);
		assert_string_equal(e.field, "login");
		assert_non_null(e.message);
	}
	char longer[70];
	memset(longer, 'a', 65);
	longer[65] = '\0';
	assert_int_equal(account_check_login(longer, &e), -1);
	assert_int_equal(account_check_login(NULL, &e), -1);
}

static void test_name(void **state)
{
	(void)state;
	struct verr e;
	assert_int_equal(account_check_name("Élodie N'Diaye-Lefèvre", &e), 0);
	assert_int_equal(account_check_name("", &e), -1);
	assert_int_equal(account_check_name("bad\x01name", &e), -1);
	assert_int_equal(account_check_name("\xff", &e), -1);
	assert_string_equal(e.field, "name");
}

static void test_password(void **state)
{
	(void)state;
	struct verr e;
	assert_int_equal(account_check_password("douze carac.", &e), 0);    /* 12 */
	assert_int_equal(account_check_password("onze carac.", &e), -1);    /* 11 */
	assert_string_equal(e.field, "password");
	/* Characters, not bytes: 11 accented letters are still too short. */
	assert_int_equal(account_check_password("ééééééééééé", &e), -1);
	assert_int_equal(account_check_password("éééééééééééé", &e), 0);
	assert_int_equal(account_check_password("", &e), -1);
	assert_int_equal(account_check_password(NULL, &e), -1);
	char huge[1100];
	memset(huge, 'a', sizeof huge - 1);
	huge[sizeof huge - 1] = '\0';
	assert_int_equal(account_check_password(huge, &e), -1);
}

static void test_roles(void **state)
{
	(void)state;
	struct verr e;
	const char *codes[] = {"admin", "head", "worker", "employer", "auditor"};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(account_check_role(codes[i], &e), 0);
		assert_string_equal(role_code(role_from_code(codes[i])), codes[i]);
		assert_non_null(role_label(role_from_code(codes[i])));
	}
	assert_int_equal(account_check_role("none", &e), -1);
	assert_int_equal(account_check_role("Admin", &e), -1);
	assert_int_equal(account_check_role(NULL, &e), -1);
	assert_int_equal(role_from_code("root"), ROLE_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_roles),
	};
	return cmocka_run_group_tests_name("account", tests, NULL, NULL);
}
