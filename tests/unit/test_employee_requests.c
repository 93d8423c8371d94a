/* Unit tests of the rules of employees' requests
   (domain/employee_requests.h): the public form and the rate limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/employee_requests.h"

static const char *field_of(int rc, const struct verr *e)
{
	return rc == 0 ? "" : e->field;
}

static char *repeat(char c, size_t n)
{
	static char big[8192];
	memset(big, c, n);
	big[n] = '\0';
	return big;
}

static void test_employee_request(void **state)
{
	(void)state;
	struct verr e;
	struct employee_request_fields ok = {"Martin", "Léa", "06 12 34 56 78", "telephone", NULL, 1};
	assert_int_equal(employee_requests_check(&ok, &e), 0);
	struct employee_request_fields f = ok;
	f.contact = "lea@example.org";
	f.preference = "permanence";
	f.message = "Je souhaite un rendez-vous.";
	assert_int_equal(employee_requests_check(&f, &e), 0);
	assert_true(employee_requests_contact_is_email(f.contact));
	assert_false(employee_requests_contact_is_email(ok.contact));

	struct {
		const char *field;
		struct employee_request_fields f;
	} bad[] = {
		{"last_name", {NULL, "Léa", "0612345678", "telephone", NULL, 1}},
		{"last_name", {" ", "Léa", "0612345678", "telephone", NULL, 1}},
		{"first_name", {"Martin", "", "0612345678", "telephone", NULL, 1}},
		{"first_name", {"Martin", "a\nb", "0612345678", "telephone", NULL, 1}},
		{"contact", {"Martin", "Léa", NULL, "telephone", NULL, 1}},
		{"contact", {"Martin", "Léa", "demain", "telephone", NULL, 1}},
		{"contact", {"Martin", "Léa", "lea@", "telephone", NULL, 1}},
		{"preference", {"Martin", "Léa", "0612345678", "courrier", NULL, 1}},
		{"preference", {"Martin", "Léa", "0612345678", NULL, NULL, 1}},
		{"consent", {"Martin", "Léa", "0612345678", "telephone", NULL, 0}},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (strcmp(field_of(employee_requests_check(&bad[i].f, &e), &e), bad[i].field) != 0)
			fail_msg("case %zu: expected %s", i, bad[i].field);
	f = ok;
	f.last_name = repeat('n', 101);
	assert_string_equal(field_of(employee_requests_check(&f, &e), &e), "last_name");
	f = ok;
	f.message = repeat('m', 500);
	assert_int_equal(employee_requests_check(&f, &e), 0);
	f.message = repeat('m', 501);
	assert_string_equal(field_of(employee_requests_check(&f, &e), &e), "message");
}

static void test_rate(void **state)
{
	(void)state;
	assert_true(employee_requests_rate_allows(0, 0));
	assert_true(employee_requests_rate_allows(EMPLOYEE_REQUESTS_RATE_PER_CLIENT - 1, EMPLOYEE_REQUESTS_RATE_PER_LINK - 1));
	assert_false(employee_requests_rate_allows(EMPLOYEE_REQUESTS_RATE_PER_CLIENT, 0));
	assert_false(employee_requests_rate_allows(0, EMPLOYEE_REQUESTS_RATE_PER_LINK));
	assert_int_equal(EMPLOYEE_REQUESTS_RATE_PER_CLIENT, 5);
	assert_int_equal(EMPLOYEE_REQUESTS_RATE_PER_LINK, 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_employee_request),
		cmocka_unit_test(test_rate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
