/* Unit tests of the orientation rules (domain/orientation.h), the contact
   checks (domain/contact.h) and date arithmetic they rely on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/contact.h"
#include "domain/date.h"
#include "domain/orientations.h"

static void test_transitions(void **state)
{
	(void)state;
	/* allowed[from][to], written independently of orientation.c. */
	static const int allowed[OS__COUNT][OS__COUNT] = {
		/*              envoyee acceptee refusee sans_reponse realisee */
		[OS_ENVOYEE] = {0, 1, 1, 1, 0},
		[OS_ACCEPTEE] = {0, 0, 0, 0, 1},
		[OS_REFUSEE] = {0, 0, 0, 0, 0},
		[OS_SANS_REPONSE] = {0, 1, 1, 0, 0},
		[OS_REALISEE] = {0, 0, 0, 0, 0},
	};
	for (int f = 0; f < OS__COUNT; f++)
		for (int t = 0; t < OS__COUNT; t++)
			if (orientation_transition_ok((enum orientation_status)f,
						      (enum orientation_status)t) != allowed[f][t])
				fail_msg("%s → %s", orientation_status_code((enum orientation_status)f),
					 orientation_status_code((enum orientation_status)t));
	assert_false(orientation_transition_ok(OS__COUNT, OS_ACCEPTEE));
	for (int i = 0; i < OS__COUNT; i++)
		assert_int_equal(orientation_status_parse(orientation_status_code((enum orientation_status)i)), i);
	assert_int_equal(orientation_status_parse("perdue"), -1);
	assert_int_equal(orientation_status_parse(NULL), -1);
	assert_null(orientation_status_code(OS__COUNT));
}

static void test_new(void **state)
{
	(void)state;
	static const struct {
		const char *sent, *consent;
		int details;
		const char *field; /* NULL: accepted */
	} cases[] = {
		{"2024-03-01", NULL, 0, NULL},
		{"2024-03-01", "2024-03-01", 1, NULL},
		{"2024-03-01", "2024-02-01", 1, NULL},
		{"2024-03-01", "2024-03-10", 0, NULL}, /* consent after, details not sent */
		{"2024-03-01", NULL, 1, "details_sent"},
		{"2024-03-01", "2024-03-02", 1, "share_consent_on"},
		{"2024-03-01", "2024-01-31", 0, "share_consent_on"},
		{"2024-03-01", "2024-06-02", 0, "share_consent_on"}, /* future */
		{"2024-03-01", "2024-02-31", 1, "share_consent_on"},
		{"2024-01-31", NULL, 0, "sent_on"},
		{"2024-06-02", NULL, 0, "sent_on"},
		{"01/03/2024", NULL, 0, "sent_on"},
		{NULL, NULL, 0, "sent_on"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct orientation_new o = {cases[i].sent, cases[i].consent, cases[i].details,
					    "2024-02-01", "2024-06-01"};
		struct verr e = {NULL, NULL};
		int rc = orientation_check_new(&o, &e);
		if (cases[i].field) {
			assert_int_equal(rc, -1);
			assert_string_equal(e.field, cases[i].field);
			assert_non_null(e.message);
		} else if (rc != 0) {
			fail_msg("case %zu refused: %s", i, e.field);
		}
	}
}

static void test_change(void **state)
{
	(void)state;
	static const struct {
		enum orientation_status from;
		const char *to, *answered, *old_answered, *done;
		const char *field;
	} cases[] = {
		{OS_ENVOYEE, "acceptee", "2024-03-05", NULL, NULL, NULL},
		{OS_ENVOYEE, "refusee", "2024-03-01", NULL, NULL, NULL},
		{OS_ENVOYEE, "sans_reponse", NULL, NULL, NULL, NULL},
		{OS_SANS_REPONSE, "acceptee", "2024-05-05", NULL, NULL, NULL},
		{OS_ACCEPTEE, "realisee", NULL, "2024-03-05", "2024-03-05", NULL},
		{OS_ENVOYEE, "inconnu", NULL, NULL, NULL, "status"},
		{OS_ENVOYEE, NULL, NULL, NULL, NULL, "status"},
		{OS_ENVOYEE, "realisee", NULL, NULL, "2024-03-05", "status"},
		{OS_REFUSEE, "acceptee", "2024-03-05", NULL, NULL, "status"},
		{OS_REALISEE, "acceptee", "2024-03-05", NULL, NULL, "status"},
		{OS_ENVOYEE, "acceptee", NULL, NULL, NULL, "answered_on"},
		{OS_ENVOYEE, "acceptee", "2024-02-28", NULL, NULL, "answered_on"},
		{OS_ENVOYEE, "acceptee", "2024-06-02", NULL, NULL, "answered_on"},
		{OS_ENVOYEE, "sans_reponse", "2024-03-05", NULL, NULL, "answered_on"},
		{OS_ENVOYEE, "acceptee", "2024-03-05", NULL, "2024-03-05", "done_on"},
		{OS_ACCEPTEE, "realisee", NULL, "2024-03-05", NULL, "done_on"},
		{OS_ACCEPTEE, "realisee", NULL, "2024-03-05", "2024-03-04", "done_on"},
		{OS_ACCEPTEE, "realisee", NULL, "2024-03-05", "2024-06-02", "done_on"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct orientation_change c = {cases[i].from,	  cases[i].to,
					       "2024-03-01",	  cases[i].answered,
					       cases[i].old_answered, cases[i].done,
					       "2024-06-01"};
		struct verr e = {NULL, NULL};
		int rc = orientation_check_change(&c, &e);
		if (cases[i].field) {
			if (rc != -1 || strcmp(e.field, cases[i].field) != 0)
				fail_msg("case %zu: %d %s, expected %s", i, rc, e.field ? e.field : "",
					 cases[i].field);
		} else if (rc != 0) {
			fail_msg("case %zu refused: %s", i, e.field);
		}
	}
}

static void test_days(void **state)
{
	(void)state;
	char out[DATE_LEN + 1];
	date_add_days("2024-03-01", -1, out);
	assert_string_equal(out, "2024-02-29");
	date_add_days("2023-12-31", 1, out);
	assert_string_equal(out, "2024-01-01");
	date_add_days("2024-01-15", -30, out);
	assert_string_equal(out, "2023-12-16");
	date_add_days("1999-12-31", 366, out);
	assert_string_equal(out, "2000-12-31");
	assert_int_equal(orientation_days_waiting("2024-02-20", "2024-03-01"), 10);
}

static void test_contact(void **state)
{
	(void)state;
	const char *phones[] = {"01 23 45 67 89", "+33 (0)1.23.45", "3949", NULL};
	for (int i = 0; phones[i]; i++)
		assert_true(contact_phone_ok(phones[i]));
	const char *bad_phones[] = {"123", "appelez", "01 23 45 67 89 01 23 45 67 89 01 2", NULL};
	for (int i = 0; bad_phones[i]; i++)
		assert_false(contact_phone_ok(bad_phones[i]));
	assert_true(contact_email_ok("accueil@caf91.fr"));
	const char *bad_emails[] = {"a@b", "@b.fr", "a@@b.fr", "a b@c.fr", "a@b.fr.", "a@.fr",
				    "a,b@c.fr", NULL};
	for (int i = 0; bad_emails[i]; i++)
		assert_false(contact_email_ok(bad_emails[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transitions), cmocka_unit_test(test_new),
		cmocka_unit_test(test_change),	    cmocka_unit_test(test_days),
		cmocka_unit_test(test_contact),
	};
	return cmocka_run_group_tests_name("orientation", tests, NULL, NULL);
}
