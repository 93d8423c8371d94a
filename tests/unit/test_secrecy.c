/*
 * The rules of a lifting of secrecy (domain/secrecy.h): each kind with its
 * legal bases, the only basis implied, a réquisition's article required,
 * another obligation's precision required, no date after today, and every
 * refusal listed at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/secrecy.h"

#define TODAY "2026-06-15"

static int check(const char *kind, const char *basis, const char *detail, const char *on,
		 const char **got, struct verr_list *l)
{
	struct secrecy_new n = {kind, basis, detail, on, TODAY};
	memset(l, 0, sizeof *l);
	return secrecy_check(&n, got, l);
}

static void test_codes_round_trip(void **state)
{
	(void)state;
	for (int k = 0; k < SK__COUNT; k++) {
		assert_int_equal(secrecy_kind_parse(secrecy_kind_code((enum secrecy_kind)k)), k);
		assert_non_null(secrecy_kind_label((enum secrecy_kind)k));
	}
	for (int b = 0; b < SB__COUNT; b++) {
		assert_int_equal(secrecy_basis_parse(secrecy_basis_code((enum secrecy_basis)b)), b);
		assert_non_null(secrecy_basis_label((enum secrecy_basis)b));
	}
	assert_int_equal(secrecy_kind_parse("cp_226_14"), -1);
	assert_int_equal(secrecy_basis_parse("signalement"), -1);
	assert_string_equal(secrecy_label("inconnu"), "inconnu");
}

static void test_the_only_basis_is_implied(void **state)
{
	(void)state;
	const char *b;
	struct verr_list l;
	assert_int_equal(check("signalement", NULL, NULL, TODAY, &b, &l), 0);
	assert_string_equal(b, "cp_226_14");
	assert_int_equal(check("information_preoccupante", "", NULL, "2026-01-02", &b, &l), 0);
	assert_string_equal(b, "casf_l226_2_1");
	assert_int_equal(check("requisition", "cpp_99_3", NULL, TODAY, &b, &l), 0);
	assert_string_equal(b, "cpp_99_3");
	assert_int_equal(check("autre", NULL, "Code du travail, art. L4131-1", TODAY, &b, &l), 0);
	assert_string_equal(b, "autre_texte");
}

static void test_refusals(void **state)
{
	(void)state;
	const char *b;
	struct verr_list l;
	assert_int_equal(check("requisition", NULL, NULL, TODAY, &b, &l), -1);
	assert_null(b);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.e[0].field, "legal_basis");
	assert_int_equal(check("signalement", "cpp_60_1", NULL, TODAY, &b, &l), -1);
	assert_string_equal(l.e[0].field, "legal_basis");
	assert_int_equal(check("autre", NULL, "", TODAY, &b, &l), -1);
	assert_string_equal(l.e[0].field, "basis_detail");
	assert_int_equal(check("signalement", NULL, NULL, "2026-06-16", &b, &l), -1);
	assert_string_equal(l.e[0].field, "lifted_on");
	assert_int_equal(check("signalement", NULL, NULL, "2026-02-30", &b, &l), -1);
	assert_string_equal(l.e[0].field, "lifted_on");
	/* Every refusal at once. */
	assert_int_equal(check("autre", "cp_226_14", NULL, NULL, &b, &l), -1);
	assert_int_equal(l.n, 3);
	assert_non_null(verr_list_message(&l, "lifted_on"));
	assert_non_null(verr_list_message(&l, "legal_basis"));
	assert_non_null(verr_list_message(&l, "basis_detail"));
	assert_int_equal(check("nimporte", NULL, NULL, TODAY, &b, &l), -1);
	assert_string_equal(l.e[0].field, "kind");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes_round_trip),
		cmocka_unit_test(test_the_only_basis_is_implied),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
