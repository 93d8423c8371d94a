/*
 * test_report_reads — the auditor's log of the employers' report reads
 * (issue 11, item 6): each read listed with who, when and its parameters;
 * more than N reads in a day by one employer account raise an alert (N:
 * `serve --report-read-alert`, 20 by default); only the auditor sees them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "domain/date.h"
#include "http/harness.h"

static struct fixture fx;
static struct sess head, admin, worker, rh, rh2, auditor;
static char today[DATE_LEN + 1];

#define PORT fx.srv.port
#define READS "/api/v1/audit/report-reads"

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"head1:head",	  "admin1:admin", "w1:worker",
					    "rh:employer:acme",	  "rh2:employer:acme",
					    "aud:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&head, &admin, &worker, &rh, &rh2, &auditor};
	const char *logins[] = {"head1", "admin1", "w1", "rh", "rh2", "aud"};
	for (int i = 0; i < 6; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	date_today(today);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* The auditor's answer; the caller frees it. */
static json_t *report_reads(void)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", READS, NULL, &r), 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	assert_non_null(j);
	return j;
}

/* n reads of the published 2008 bilan by an employer. */
static void read_bilan(const struct sess *s, int n)
{
	for (int i = 0; i < n; i++)
		assert_int_equal(http_as(PORT, s, 0, "GET", "/api/v1/reports/bilan?year=2008", NULL,
					 NULL),
				 200);
}

/* The reads listed for login. */
static size_t reads_of(json_t *j, const char *login)
{
	size_t n = 0, i;
	json_t *e;
	json_array_foreach(json_object_get(j, "reads"), i, e)
		if (strcmp(json_string_value(json_object_get(e, "login")), login) == 0)
			n++;
	return n;
}

static void test_threshold(void **state)
{
	(void)state;
	expect_api(PORT, &head, "POST", "/api/v1/reports/bilan/publish", "{\"year\":2008}", 200,
		   NULL);
	/* 20 reads in a day: listed, no alert; the head's reads are not an
	   employer's. */
	read_bilan(&rh, 20);
	read_bilan(&rh2, 3);
	assert_int_equal(http_as(PORT, &head, 0, "GET",
				 "/api/v1/reports/bilan?year=2008&organisation=acme", NULL, NULL),
			 200);
	json_t *j = report_reads();
	assert_int_equal(json_integer_value(json_object_get(j, "threshold")), 20);
	assert_int_equal(json_array_size(json_object_get(j, "alerts")), 0);
	assert_int_equal(reads_of(j, "rh"), 20);
	assert_int_equal(reads_of(j, "rh2"), 3);
	assert_int_equal(reads_of(j, "head1"), 0);
	json_t *first = json_array_get(json_object_get(j, "reads"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "object")),
			    "acme/2008/employer/v1/json");
	assert_true(json_integer_value(json_object_get(first, "at")) > 0);
	json_decref(j);

	/* The 21st: an alert for that account and day, not for the other. */
	read_bilan(&rh, 1);
	j = report_reads();
	json_t *alerts = json_object_get(j, "alerts");
	assert_int_equal(json_array_size(alerts), 1);
	json_t *a = json_array_get(alerts, 0);
	assert_string_equal(json_string_value(json_object_get(a, "login")), "rh");
	assert_string_equal(json_string_value(json_object_get(a, "day")), today);
	assert_int_equal(json_integer_value(json_object_get(a, "reads")), 21);
	assert_int_equal(reads_of(j, "rh"), 21);
	json_decref(j);

	/* The auditor's page: the section, the alert, the parameters. */
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/audit", NULL, &r), 200);
	expect_in(&r, "Lectures de bilans par les comptes employeurs");
	expect_in(&r, "Alerte");
	expect_in(&r, "21 lectures");
	expect_in(&r, "acme/2008/employer/v1/json");
	expect_in(&r, "plus de 20 lectures par jour");
	http_resp_free(&r);
}

static void test_forbidden(void **state)
{
	(void)state;
	const struct sess *others[] = {&head, &admin, &worker, &rh};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		assert_int_equal(http_as(PORT, others[i], 0, "GET", READS, NULL, NULL), 403);
	assert_int_equal(http_as(PORT, NULL, 0, "GET", READS, NULL, NULL), 401);
	assert_int_equal(http_as(PORT, &rh, 0, "GET", "/audit", NULL, NULL), 403);
	/* A bad limit is refused on its field. */
	expect_api(PORT, &auditor, "GET", READS "?limit=0", NULL, 422, "limit");
}

/* The threshold comes from `serve --report-read-alert`. */
static void test_configured(void **state)
{
	(void)state;
	assert_int_equal(server_stop(&fx.srv), 0);
	const char *extra[] = {"--key-file", fx.key, "--report-read-alert", "25", NULL};
	assert_int_equal(server_start(&fx.srv, fx.db, extra), 0);
	json_t *j = report_reads();
	assert_int_equal(json_integer_value(json_object_get(j, "threshold")), 25);
	assert_int_equal(json_array_size(json_object_get(j, "alerts")), 0);
	json_decref(j);
	/* Out of bounds: the server refuses to start. */
	const char *args[] = {"serve", "--db", fx.db, "--key-file", fx.key, "--listen",
			      "127.0.0.1:0", "--report-read-alert", "0", NULL};
	assert_int_not_equal(relais_run(args, NULL, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_forbidden),
		cmocka_unit_test(test_configured),
	};
	return cmocka_run_group_tests_name("report_reads", tests, setup, teardown);
}
