/* Unit tests of the rules of employers' requests
   (domain/employer_requests.h): the request and its replies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/employer_requests.h"

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
	assert_int_equal(employer_requests_check("Conflit d'équipe", "Un atelier ?\nMerci", NULL, &e), 0);
	assert_int_equal(employer_requests_check("Objet", "Message", "", &e), 0);
	assert_string_equal(field_of(employer_requests_check(NULL, "m", NULL, &e), &e), "subject");
	assert_string_equal(field_of(employer_requests_check("  ", "m", NULL, &e), &e), "subject");
	assert_string_equal(field_of(employer_requests_check("a\nb", "m", NULL, &e), &e), "subject");
	assert_string_equal(field_of(employer_requests_check(repeat('a', 201), "m", NULL, &e), &e),
			    "subject");
	assert_int_equal(employer_requests_check(repeat('a', 200), "m", NULL, &e), 0);
	assert_string_equal(field_of(employer_requests_check("s", "\n \n", NULL, &e), &e), "message");
	assert_string_equal(field_of(employer_requests_check("s", repeat('m', 4001), NULL, &e), &e),
			    "message");
	assert_string_equal(field_of(employer_requests_check("s", "m", "a\nb", &e), &e), "contact");
	assert_string_equal(field_of(employer_requests_check("s", "m", "\xff", &e), &e), "contact");
	/* Characters, not bytes: 200 accented letters pass. */
	char accents[401] = "";
	for (int i = 0; i < 200; i++)
		memcpy(accents + 2 * i, "\xc3\xa9", 3);
	assert_int_equal(employer_requests_check(accents, "m", NULL, &e), 0);

	assert_int_equal(employer_requests_reply_check("Nous vous appelons lundi.", &e), 0);
	assert_string_equal(field_of(employer_requests_reply_check("", &e), &e), "message");
	assert_string_equal(field_of(employer_requests_reply_check(NULL, &e), &e), "message");
	assert_string_equal(field_of(employer_requests_reply_check(repeat('r', 4001), &e), &e), "message");

	assert_true(employer_requests_is_live("open"));
	assert_true(employer_requests_is_live("answered"));
	assert_false(employer_requests_is_live("closed"));
	assert_false(employer_requests_is_live(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_employer_request),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
