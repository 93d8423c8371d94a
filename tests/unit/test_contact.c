/* Unit tests of domain/contact's normalisers and of the keyed indexes
   built on them (service/persons.h): one person typed two ways matches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "domain/contact.h"
#include "service/persons.h"

static void phone_is(const char *typed, const char *want)
{
	char out[CONTACT_NORM_MAX];
	contact_phone_norm(typed, out);
	if (strcmp(out, want) != 0)
		fail_msg("phone \"%s\" gave \"%s\", not \"%s\"", typed, out, want);
}

static void test_phone(void **state)
{
	(void)state;
	phone_is("+33 6 12 34 56 78", "0612345678");
	phone_is("06.12.34.56.78", "0612345678");
	phone_is("0612345678", "0612345678");
	phone_is("06-12-34-56-78", "0612345678");
	phone_is("0033 6 12 34 56 78", "0612345678");
	phone_is("+33 (0)6 12 34 56 78", "0612345678");
	phone_is(" +33612345678", "0612345678");
	phone_is("+44 20 7946 0958", "+442079460958");
	phone_is("0044 20 7946 0958", "+442079460958");
	phone_is("01 23 45 67 89", "0123456789");
	phone_is("", "");
	/* Different numbers stay different. */
	char a[CONTACT_NORM_MAX], b[CONTACT_NORM_MAX];
	contact_phone_norm("06 12 34 56 78", a);
	contact_phone_norm("06 12 34 56 79", b);
	assert_string_not_equal(a, b);
	contact_phone_norm("+33 6 12 34 56 78", a);
	contact_phone_norm("+32 6 12 34 56 78", b);
	assert_string_not_equal(a, b);
}

static void test_email(void **state)
{
	(void)state;
	char out[CONTACT_NORM_MAX];
	contact_email_norm(" Jean.Dupont@Exemple.FR ", out);
	assert_string_equal(out, "jean.dupont@exemple.fr");
	contact_email_norm("jean.dupont@exemple.fr", out);
	assert_string_equal(out, "jean.dupont@exemple.fr");
	contact_email_norm("", out);
	assert_string_equal(out, "");
}

static const uint8_t key[SEC_KEY_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8, 9};

static void test_identity_folding(void **state)
{
	(void)state;
	char a[SEC_HASH_HEX_LEN + 1], b[SEC_HASH_HEX_LEN + 1];
	assert_int_equal(persons_identity_key_with(key, "D'Assis", "Élodie-Marie", "1980-05-06", a),
			 0);
	assert_int_equal(persons_identity_key_with(key, "dassis", "elodie marie", "1980-05-06", b),
			 0);
	assert_string_equal(a, b);
	assert_int_equal(persons_identity_key_with(key, "D ASSIS", "ELODIE MARIE", "1980-05-06", b),
			 0);
	assert_string_equal(a, b);
	/* Another birth date, another name: another key. */
	persons_identity_key_with(key, "dassis", "elodie marie", "1980-05-07", b);
	assert_string_not_equal(a, b);
	persons_identity_key_with(key, "dassis", "elodie maria", "1980-05-06", b);
	assert_string_not_equal(a, b);
	/* Incomplete: no key. */
	assert_int_equal(persons_identity_key_with(key, "dassis", "elodie", NULL, b), -1);
	assert_string_equal(b, "");
}

static void test_contact_keys(void **state)
{
	(void)state;
	char a[SEC_HASH_HEX_LEN + 1], b[SEC_HASH_HEX_LEN + 1];
	assert_int_equal(persons_contact_key_with(key, PERSON_KEY_PHONE, "+33 6 12 34 56 78", a), 0);
	assert_int_equal(persons_contact_key_with(key, PERSON_KEY_PHONE, "06.12.34.56.78", b), 0);
	assert_string_equal(a, b);
	/* The key is a MAC: neither the number nor its digits. */
	assert_null(strstr(a, "0612345678"));
	/* The same text as an e-mail is another key (one domain each). */
	assert_int_equal(persons_contact_key_with(key, PERSON_KEY_EMAIL, "0612345678", b), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(persons_contact_key_with(key, PERSON_KEY_EMAIL, "A.B@Exemple.fr ", a), 0);
	assert_int_equal(persons_contact_key_with(key, PERSON_KEY_EMAIL, "a.b@exemple.fr", b), 0);
	assert_string_equal(a, b);
	/* Another key, another MAC. */
	uint8_t other[SEC_KEY_BYTES] = {9};
	assert_int_equal(persons_contact_key_with(other, PERSON_KEY_EMAIL, "a.b@exemple.fr", b), 0);
	assert_string_not_equal(a, b);
	/* Nothing typed: no key. */
	assert_int_equal(persons_contact_key_with(key, PERSON_KEY_PHONE, "", a), -1);
	assert_int_equal(persons_contact_key_with(key, PERSON_KEY_EMAIL, NULL, a), -1);
	assert_string_equal(a, "");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_identity_folding),
		cmocka_unit_test(test_contact_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
