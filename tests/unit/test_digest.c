/* Unit tests of the morning digest's message (domain/digest.h): addresses
   and links that could inject a header or an id are refused; the message
   is the template with the counts, nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/digest.h"

static void test_addresses(void **state)
{
	(void)state;
	const char *good[] = {"claire.durand@service.example", "a@b", "x+tag@sub.domain.fr", NULL};
	for (int i = 0; good[i]; i++)
		assert_true(digest_address_valid(good[i]));
	const char *bad[] = {"", "@b.fr", "a@", "ab.fr", "a@b@c.fr", "a b@c.fr", "a@b.fr\r\nBcc: x@y",
			     "a@b.fr\n", "<a@b.fr>", "\"a\"@b.fr", "-f@b.fr", "a@b.fr,c@d.fr",
			     "a@b.fr;c@d.fr", "a(b)@c.fr", "é@b.fr", "a@b.fr`id`", NULL};
	for (int i = 0; bad[i]; i++)
		assert_false(digest_address_valid(bad[i]));
	assert_false(digest_address_valid(NULL));
	char longest[DIGEST_ADDRESS_MAX + 2];
	memset(longest, 'a', sizeof longest - 1);
	longest[sizeof longest - 1] = '\0';
	longest[10] = '@';
	assert_false(digest_address_valid(longest));
	longest[DIGEST_ADDRESS_MAX] = '\0';
	assert_true(digest_address_valid(longest));
}

static void test_urls(void **state)
{
	(void)state;
	const char *good[] = {"https://relais.example.fr", "http://127.0.0.1:8080",
			      "https://intranet.fr/relais/", NULL};
	for (int i = 0; good[i]; i++)
		assert_true(digest_url_valid(good[i]));
	const char *bad[] = {"", "relais.fr", "ftp://relais.fr", "https://", "https:///x",
			     "https://r.fr/?case=12", "https://r.fr/#p", "https://r.fr/a b",
			     "https://r.fr/\r\nX: y", "javascript:alert(1)", NULL};
	for (int i = 0; bad[i]; i++)
		assert_false(digest_url_valid(bad[i]));
}

static void test_counts(void **state)
{
	(void)state;
	struct digest_counts c = {0};
	digest_count(&c, "employee_request", 2);
	digest_count(&c, "employer_request", 1);
	digest_count(&c, "appointment", 4);
	digest_count(&c, "no_contact", 1);
	digest_count(&c, "share_ending", 1);
	digest_count(&c, "aid_waiting", 3);
	digest_count(&c, "orientation_waiting", 1);
	digest_count(&c, "long_leave", 5);
	digest_count(&c, "something_new", 9); /* ignored */
	digest_count(&c, "appointment", -1);  /* ignored */
	digest_count(&c, NULL, 1);	      /* ignored */
	assert_int_equal(c.requests, 3);
	assert_int_equal(c.appointments, 4);
	assert_int_equal(c.aids, 3);
	assert_int_equal(c.orientations, 1);
	assert_int_equal(c.no_contact, 1);
	assert_int_equal(c.long_leave, 5);
	assert_int_equal(c.shares, 1);
	assert_int_equal(digest_total(&c), 18);
}

static void test_message(void **state)
{
	(void)state;
	struct digest_counts c = {.requests = 3, .appointments = 12};
	buf m;
	buf_init(&m, 1 << 16);
	digest_message(&m, "relais@s.fr", "claire@s.fr", "https://relais.fr/", &c);
	const char *t = buf_cstr(&m);
	assert_non_null(strstr(t, "From: relais <relais@s.fr>\r\nTo: <claire@s.fr>\r\n"));
	assert_non_null(strstr(t, "\r\nSubject: =?UTF-8?Q?relais_=3A_ce_qui_vous_attend_aujourd=27hui?=\r\n"));
	assert_non_null(strstr(t, "\r\n\r\nBonjour,\r\n"));
	assert_non_null(strstr(t, "- Demandes à traiter : 3\r\n"));
	assert_non_null(strstr(t, "- Rendez-vous à venir : 12\r\n"));
	assert_non_null(strstr(t, "- Aides en attente de décision : 0\r\n"));
	/* One slash, whether or not the link ended with one. */
	assert_non_null(strstr(t, "Ouvrir relais : https://relais.fr/\r\n"));
	buf_reset(&m);
	digest_message(&m, "relais@s.fr", "claire@s.fr", "https://relais.fr", &c);
	assert_non_null(strstr(buf_cstr(&m), "Ouvrir relais : https://relais.fr/\r\n"));
	/* Every line ends with CRLF, none is longer than SMTP's 998. */
	const char *line = buf_cstr(&m);
	for (const char *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		assert_true(nl > line && nl[-1] == '\r');
		assert_true(nl - line < 998);
	}
	buf_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_message),
	};
	return cmocka_run_group_tests_name("digest", tests, NULL, NULL);
}
