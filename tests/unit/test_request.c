/* Unit tests of the request rules (domain/request.h): the employer's
   request, replies, the employee's public form and the rate limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/request.h"

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

static void test_employer_request(void **state)
{
	(void)state;
	struct verr e;
	assert_int_equal(employer_request_check("Conflit d'équipe", "Un atelier ?\nMerci", NULL, &e), 0);
	assert_int_equal(employer_request_check("Objet", "Message", "", &e), 0);
	assert_string_equal(field_of(employer_request_check(NULL, "m", NULL, &e), &e), "subject");
	assert_string_equal(field_of(employer_request_check("  ", "m", NULL, &e), &e), "subject");
	assert_string_equal(field_of(employer_request_check("a\nb", "m", NULL, &e), &e), "subject");
	assert_string_equal(field_of(employer_request_check(repeat('a', 201), "m", NULL, &e), &e),
			    "subject");
	assert_int_equal(employer_request_check(repeat('a', 200), "m", NULL, &e), 0);
	assert_string_equal(field_of(employer_request_check("s", "\n \n", NULL, &e), &e), "message");
	assert_string_equal(field_of(employer_request_check("s", repeat('m', 4001), NULL, &e), &e),
			    "message");
	assert_string_equal(field_of(employer_request_check("s", "m", "a\nb", &e), &e), "contact");
	assert_string_equal(field_of(employer_request_check("s", "m", "\xff", &e), &e), "contact");
	/* Characters, not bytes: 200 accented letters pass. */
	char accents[401] = "";
	for (int i = 0; i < 200; i++)
		memcpy(accents + 2 * i, "\xc3\xa9", 3);
	assert_int_equal(employer_request_check(accents, "m", NULL, &e), 0);

	assert_int_equal(request_reply_check("Nous vous appelons lundi.", &e), 0);
	assert_string_equal(field_of(request_reply_check("", &e), &e), "message");
	assert_string_equal(field_of(request_reply_check(NULL, &e), &e), "message");
	assert_string_equal(field_of(request_reply_check(repeat('r', 4001), &e), &e), "message");

	assert_true(employer_request_is_live("open"));
	assert_true(employer_request_is_live("answered"));
	assert_false(employer_request_is_live("closed"));
	assert_false(employer_request_is_live(NULL));
}

static void test_employee_request(void **state)
{
	(void)state;
	struct verr e;
	struct employee_request_fields ok = {"Martin", "Léa", "06 12 34 56 78", "telephone", NULL, 1};
	assert_int_equal(employee_request_check(&ok, &e), 0);
	struct employee_request_fields f = ok;
	f.contact = "lea@example.org";
	f.preference = "permanence";
	f.message = "Je souhaite un rendez-vous.";
	assert_int_equal(employee_request_check(&f, &e), 0);
	assert_true(employee_contact_is_email(f.contact));
	assert_false(employee_contact_is_email(ok.contact));

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
		if (strcmp(field_of(employee_request_check(&bad[i].f, &e), &e), bad[i].field) != 0)
			fail_msg("case %zu: expected %s", i, bad[i].field);
	f = ok;
	f.last_name = repeat('n', 101);
	assert_string_equal(field_of(employee_request_check(&f, &e), &e), "last_name");
	f = ok;
	f.message = repeat('m', 500);
	assert_int_equal(employee_request_check(&f, &e), 0);
	f.message = repeat('m', 501);
	assert_string_equal(field_of(employee_request_check(&f, &e), &e), "message");
}

static void test_rate(void **state)
{
	(void)state;
	assert_true(request_rate_allows(0, 0));
	assert_true(request_rate_allows(REQUEST_RATE_PER_CLIENT - 1, REQUEST_RATE_PER_LINK - 1));
	assert_false(request_rate_allows(REQUEST_RATE_PER_CLIENT, 0));
	assert_false(request_rate_allows(0, REQUEST_RATE_PER_LINK));
	assert_int_equal(REQUEST_RATE_PER_CLIENT, 5);
	assert_int_equal(REQUEST_RATE_PER_LINK, 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_employer_request),
		cmocka_unit_test(test_employee_request),
		cmocka_unit_test(test_rate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
