/*
 * test_hours — conventions, time entries and the hours consumed: who may
 * record and read them, each refusal, the prorating of a convention over a
 * year, interventions counted automatically, the 80 % and 100 % alerts,
 * the page and its forms.
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
static struct sess w1, w2, head, admin, rh, rhb;
static char today[DATE_LEN + 1];
static int year;

#define PORT fx.srv.port

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const beta[] = {"organisation", "add", "--code", "beta", "--name",
					   "Beta", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, beta, NULL};
	static const char *const users[] = {"w1:worker",	   "w2:worker",
					    "head1:head",	   "admin1:admin",
					    "rh:employer:acme", "rhb:employer:beta", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &head, &admin, &rh, &rhb};
	const char *logins[] = {"w1", "w2", "head1", "admin1", "rh", "rhb"};
	for (int i = 0; i < 6; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
		    "{\"login\":\"w1\"}", NULL) != 200)
		return -1;
	date_today(today);
	year = date_year(today);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

static void expect(const struct sess *s, const char *method, const char *path, const char *body,
		   int status, const char *field)
{
	expect_api(PORT, s, method, path, body, status, field);
}

static json_t *consumption(const struct sess *s, const char *org, int y, int status)
{
	char path[128];
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/organisations/%s/consumption?year=%d", org, y);
	assert_int_equal(http_as(PORT, s, 0, "GET", path, NULL, &r), status);
	json_t *j = status == 200 ? json_loads(r.body, 0, NULL) : NULL;
	http_resp_free(&r);
	return j;
}

static double num(json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);
	if (!json_is_number(v))
		fail_msg("%s is not a number", key);
	return json_number_value(v);
}

static void test_conventions(void **state)
{
	(void)state;
	const char *path = "/api/v1/organisations/acme/conventions";
	char body[512];
	snprintf(body, sizeof body,
		 "{\"kind\":\"vacations\",\"starts_on\":\"%d-01-01\",\"ends_on\":\"%d-12-31\","
		 "\"hours_per_year\":10,\"hourly_rate_cents\":6250,\"notes\":\"Heures à la demande\"}",
		 year, year);
	expect(&head, "POST", path, body, 201, NULL);
	/* Over two years, prorated by the days it covers: 184 of 2024's 366. */
	expect(&admin, "POST", path,
	       "{\"kind\":\"permanence\",\"starts_on\":\"2024-07-01\",\"ends_on\":\"2025-06-30\","
	       "\"hours_per_year\":366}",
	       201, NULL);
	/* A membership without hours. */
	expect(&head, "POST", "/api/v1/organisations/beta/conventions",
	       "{\"kind\":\"cotisation\",\"starts_on\":\"2024-01-01\",\"ends_on\":\"2030-12-31\"}",
	       201, NULL);

	/* Refusals, each on its field. */
	expect(&head, "POST", path,
	       "{\"kind\":\"abonnement\",\"starts_on\":\"2024-01-01\",\"ends_on\":\"2024-12-31\"}",
	       422, "kind");
	expect(&head, "POST", path,
	       "{\"kind\":\"cotisation\",\"starts_on\":\"2024-02-30\",\"ends_on\":\"2024-12-31\"}",
	       422, "starts_on");
	expect(&head, "POST", path,
	       "{\"kind\":\"cotisation\",\"starts_on\":\"2024-06-01\",\"ends_on\":\"2024-05-31\"}",
	       422, "ends_on");
	expect(&head, "POST", path,
	       "{\"kind\":\"vacations\",\"starts_on\":\"2024-01-01\",\"ends_on\":\"2024-12-31\"}",
	       422, "hours_per_year");
	expect(&head, "POST", path,
	       "{\"kind\":\"vacations\",\"starts_on\":\"2024-01-01\",\"ends_on\":\"2024-12-31\","
	       "\"hours_per_year\":-5}",
	       422, "hours_per_year");
	expect(&head, "POST", path,
	       "{\"kind\":\"vacations\",\"starts_on\":\"2024-01-01\",\"ends_on\":\"2024-12-31\","
	       "\"hours_per_year\":5,\"hourly_rate_cents\":\"cher\"}",
	       422, "hourly_rate_cents");
	expect(&head, "POST", "/api/v1/organisations/nowhere/conventions",
	       "{\"kind\":\"cotisation\",\"starts_on\":\"2024-01-01\",\"ends_on\":\"2024-12-31\"}",
	       404, NULL);
	/* Only the head and the admin record conventions. */
	expect(&w1, "POST", path,
	       "{\"kind\":\"cotisation\",\"starts_on\":\"2024-01-01\",\"ends_on\":\"2024-12-31\"}",
	       403, NULL);
	expect(&rh, "POST", path,
	       "{\"kind\":\"cotisation\",\"starts_on\":\"2024-01-01\",\"ends_on\":\"2024-12-31\"}",
	       403, NULL);

	/* Read: staff, and the employer for its own organisation only. */
	struct http_resp r;
	assert_int_equal(http_as(PORT, &rh, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, "\"hours_per_year\":10");
	expect_in(&r, "\"hourly_rate_cents\":6250");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &rhb, 0, "GET", path, NULL, NULL), 404);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", path, NULL, NULL), 404);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, NULL), 200);

	json_t *j = consumption(&head, "acme", 2024, 200);
	assert_true(num(j, "bought") == 184.0);
	json_decref(j);
	j = consumption(&head, "beta", 2024, 200);
	assert_true(json_is_null(json_object_get(j, "bought")));
	assert_true(json_is_null(json_object_get(j, "alert")));
	json_decref(j);
}

static void test_time_and_alerts(void **state)
{
	(void)state;
	char body[256];
	/* Refusals. */
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"date\":\"%s\",\"minutes\":0,\"activity\":\"trajet\"}",
		 today);
	expect(&w1, "POST", "/api/v1/time", body, 422, "minutes");
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"date\":\"%s\",\"minutes\":60,\"activity\":\"sieste\"}",
		 today);
	expect(&w1, "POST", "/api/v1/time", body, 422, "activity");
	expect(&w1, "POST", "/api/v1/time",
	       "{\"organisation\":\"acme\",\"date\":\"2999-01-01\",\"minutes\":60,"
	       "\"activity\":\"trajet\"}",
	       422, "date");
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"date\":\"%s\",\"minutes\":60,\"activity\":\"trajet\"}",
		 today);
	expect(&w2, "POST", "/api/v1/time", body, 422, "organisation"); /* not assigned */
	expect(&head, "POST", "/api/v1/time", body, 403, NULL);

	/* 6 h of time entries and a 2 h intervention: 8 of the 10 h bought. */
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"date\":\"%s\",\"minutes\":360,"
		 "\"activity\":\"collectif\"}",
		 today);
	expect(&w1, "POST", "/api/v1/time", body, 201, NULL);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
				 "{\"organisation\":\"acme\",\"last_name\":\"Roux\",\"first_name\":"
				 "\"Anne\",\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
				 &r),
			 201);
	long long person = created_id(&r);
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 person);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r), 201);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", created_id(&r));
	snprintf(body, sizeof body,
		 "{\"date\":\"%s\",\"mode\":\"bureau\",\"kind\":\"entretien\","
		 "\"duration_minutes\":120}",
		 today);
	expect(&w1, "POST", path, body, 201, NULL);

	json_t *j = consumption(&head, "acme", year, 200);
	assert_true(num(j, "bought") == 10.0);
	assert_true(num(j, "spent") == 8.0);
	assert_true(num(j, "remaining") == 2.0);
	assert_true(num(j, "percent") == 80.0);
	assert_int_equal(json_integer_value(json_object_get(j, "alert")), 80);
	json_t *by = json_object_get(j, "by_activity");
	assert_true(json_number_value(json_object_get(by, "individuel")) == 2.0);
	assert_true(json_number_value(json_object_get(by, "collectif")) == 6.0);
	json_t *month = json_array_get(json_object_get(j, "by_month"), (size_t)(today[5] - '0') * 10 +
									       (size_t)(today[6] - '0') - 1);
	assert_true(json_number_value(json_object_get(month, "hours")) == 8.0);
	json_decref(j);

	/* 2 h more: everything bought is spent. */
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"date\":\"%s\",\"minutes\":120,\"activity\":\"trajet\"}",
		 today);
	expect(&w1, "POST", "/api/v1/time", body, 201, NULL);
	j = consumption(&head, "acme", year, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "alert")), 100);
	assert_true(num(j, "remaining") == 0.0);
	json_decref(j);

	/* Secrecy of the figures: only the organisation's own employer. */
	json_decref(consumption(&rhb, "acme", year, 404));
	json_decref(consumption(&w2, "acme", year, 404));
	json_decref(consumption(&head, "acme", 1800, 422));
}

/* The employer's consumption is an invoice (issue 11): one total per
   closed month, rounded up to the convention's vacation unit, never split
   by activity; the current month absent.  The head keeps the detail. */
static void test_employer_invoice(void **state)
{
	(void)state;
	char body[512];
	int last = year - 1;
	/* The vacation unit: hours, refused outside a quarter-hour to a day. */
	snprintf(body, sizeof body,
		 "{\"kind\":\"vacations\",\"starts_on\":\"%d-01-01\",\"ends_on\":\"%d-12-31\","
		 "\"hours_per_year\":20,\"vacation_hours\":0}",
		 last, last);
	expect(&head, "POST", "/api/v1/organisations/beta/conventions", body, 422, "vacation_hours");
	snprintf(body, sizeof body,
		 "{\"kind\":\"vacations\",\"starts_on\":\"%d-01-01\",\"ends_on\":\"%d-12-31\","
		 "\"hours_per_year\":20,\"vacation_hours\":\"deux\"}",
		 last, last);
	expect(&head, "POST", "/api/v1/organisations/beta/conventions", body, 422, "vacation_hours");
	snprintf(body, sizeof body,
		 "{\"kind\":\"vacations\",\"starts_on\":\"%d-01-01\",\"ends_on\":\"%d-12-31\","
		 "\"hours_per_year\":20,\"vacation_hours\":2}",
		 last, last);
	expect(&head, "POST", "/api/v1/organisations/beta/conventions", body, 201, NULL);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &rhb, 0, "GET", "/api/v1/organisations/beta/conventions",
				 NULL, &r),
			 200);
	expect_in(&r, "\"vacation_hours\":2");
	expect_in(&r, "\"vacation_hours\":3.5"); /* the default: a half-day */
	http_resp_free(&r);

	/* Last year, for beta: March 50 min individual + 30 min collective
	   (one 2 h vacation), July 250 min of travel (three: 6 h); and this
	   month 45 min, which the employer must not see yet. */
	expect(&head, "POST", "/api/v1/organisations/beta/workers", "{\"login\":\"w2\"}", 200, NULL);
	static const struct {
		int month, day, minutes;
		const char *activity;
	} entries[] = {{3, 10, 50, "individuel"}, {3, 20, 30, "collectif"}, {7, 5, 250, "trajet"}};
	for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
		snprintf(body, sizeof body,
			 "{\"organisation\":\"beta\",\"date\":\"%d-%02d-%02d\",\"minutes\":%d,"
			 "\"activity\":\"%s\"}",
			 last, entries[i].month, entries[i].day, entries[i].minutes,
			 entries[i].activity);
		expect(&w2, "POST", "/api/v1/time", body, 201, NULL);
	}
	snprintf(body, sizeof body,
		 "{\"organisation\":\"beta\",\"date\":\"%s\",\"minutes\":45,"
		 "\"activity\":\"individuel\"}",
		 today);
	expect(&w2, "POST", "/api/v1/time", body, 201, NULL);

	/* The employer, last year: twelve month totals, no split anywhere. */
	json_t *j = consumption(&rhb, "beta", last, 200);
	assert_null(json_object_get(j, "by_activity"));
	json_t *months = json_object_get(j, "by_month");
	assert_int_equal(json_array_size(months), 12);
	for (size_t m = 0; m < 12; m++) {
		json_t *e = json_array_get(months, m);
		assert_null(json_object_get(e, "by_activity"));
		double want = m == 2 ? 2.0 : m == 6 ? 6.0 : 0.0;
		assert_true(num(e, "hours") == want);
	}
	assert_true(num(j, "bought") == 20.0);
	assert_true(num(j, "spent") == 8.0);
	assert_true(num(j, "remaining") == 12.0);
	assert_true(num(j, "percent") == 40.0);
	assert_true(json_is_true(json_object_get(j, "invoice")));
	json_decref(j);
	/* This year: the closed months only, the running one absent. */
	j = consumption(&rhb, "beta", year, 200);
	assert_null(json_object_get(j, "by_activity"));
	months = json_object_get(j, "by_month");
	size_t running = (size_t)(today[5] - '0') * 10 + (size_t)(today[6] - '0') - 1;
	assert_int_equal(json_array_size(months), running);
	for (size_t m = 0; m < json_array_size(months); m++)
		assert_true(num(json_array_get(months, m), "hours") == 0.0);
	assert_true(num(j, "spent") == 0.0);
	json_decref(j);
	/* Next year: nothing closed. */
	j = consumption(&rhb, "beta", year + 1, 200);
	assert_int_equal(json_array_size(json_object_get(j, "by_month")), 0);
	json_decref(j);

	/* The head: the exact detail, by activity, the running month too. */
	j = consumption(&head, "beta", last, 200);
	assert_true(json_is_false(json_object_get(j, "invoice")));
	assert_true(num(j, "spent") == 5.5);
	json_t *by = json_object_get(j, "by_activity");
	assert_true(json_number_value(json_object_get(by, "individuel")) == 0.8);
	assert_true(json_number_value(json_object_get(by, "trajet")) == 4.2);
	json_t *march = json_array_get(json_object_get(j, "by_month"), 2);
	assert_true(num(march, "hours") == 1.3);
	assert_non_null(json_object_get(march, "by_activity"));
	json_decref(j);
	j = consumption(&head, "beta", year, 200);
	assert_int_equal(json_array_size(json_object_get(j, "by_month")), 12);
	assert_true(num(json_array_get(json_object_get(j, "by_month"), running), "hours") == 0.8);
	json_decref(j);

	/* The employer's page: month totals and the year's, no activity. */
	char path[64];
	snprintf(path, sizeof path, "/heures?year=%d", last);
	assert_int_equal(http_as(PORT, &rhb, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, "Heures facturées");
	expect_in(&r, "<th scope=\"row\">mars</th><td class=\"num\">2\xc2\xa0h</td>");
	expect_in(&r, "<th scope=\"row\">juillet</th><td class=\"num\">6\xc2\xa0h</td>");
	expect_in(&r, "<th scope=\"row\">Année</th><td class=\"num\">8\xc2\xa0h</td>");
	expect_not_in(&r, "Accompagnement individuel");
	expect_not_in(&r, "Trajets");
	expect_not_in(&r, "0,8\xc2\xa0h");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &rhb, 0, "GET", "/heures", NULL, &r), 200);
	char running_row[64];
	snprintf(running_row, sizeof running_row, "<th scope=\"row\">%s</th>",
		 date_month_name((int)running + 1));
	expect_not_in(&r, running_row);
	expect_not_in(&r, "Accompagnement individuel");
	http_resp_free(&r);
	/* The head's page keeps the split. */
	snprintf(path, sizeof path, "/heures?organisation=beta&year=%d", last);
	assert_int_equal(http_as(PORT, &head, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, "Accompagnement individuel");
	expect_in(&r, "Trajets");
	http_resp_free(&r);
}

static void test_page(void **state)
{
	(void)state;
	struct http_resp r;
	char path[128];
	snprintf(path, sizeof path, "/heures?organisation=acme&year=%d", year);
	assert_int_equal(http_as(PORT, &head, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, "<h1>Heures — ACME</h1>");
	expect_in(&r, "Toutes les heures achetées pour l&#39;année sont consommées.");
	expect_in(&r, "Heures achetées : 10\xc2\xa0h ; consommées : 10\xc2\xa0h (100,0 %)");
	expect_in(&r, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"");
	/* The months as French abbreviations (not cut at four bytes: "avri",
	   "aoû"), and an axis of hours: zero and the top of the scale. */
	expect_in(&r, ">janv.</text>");
	expect_in(&r, ">avr.</text>");
	expect_in(&r, ">août</text>");
	expect_not_in(&r, ">avri</text>");
	expect_not_in(&r, ">nove</text>");
	expect_in(&r, "class=\"axis\"");
	expect_in(&r, ">0\xc2\xa0h</text>");
	expect_in(&r, "Vacations à la demande (heures)");
	expect_in(&r, "62,50\xc2\xa0\xe2\x82\xac");
	expect_in(&r, "action=\"/heures/conventions\"");
	expect_not_in(&r, "action=\"/heures/temps\"");
	expect_not_in(&r, "style=");
	http_resp_free(&r);

	/* The employer: its own organisation whatever it asks, read-only. */
	assert_int_equal(http_as(PORT, &rh, 0, "GET", "/heures?organisation=beta", NULL, &r), 200);
	expect_in(&r, "<h1>Heures — ACME</h1>");
	expect_not_in(&r, "Beta");
	expect_not_in(&r, "action=\"/heures/");
	http_resp_free(&r);

	/* A worker records time through the form; a refusal keeps her input. */
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/heures", NULL, &r), 200);
	expect_in(&r, "action=\"/heures/temps\"");
	expect_not_in(&r, "action=\"/heures/conventions\"");
	http_resp_free(&r);
	char form[256];
	snprintf(form, sizeof form,
		 "organisation=acme&year=%d&date=%s&minutes=abc&activity=reunion", year, today);
	assert_int_equal(http_form(PORT, &w1, "/heures/temps", form, &r), 422);
	expect_in(&r, "La durée est un nombre de minutes entre 1 et 1 440.");
	expect_in(&r, "aria-invalid=\"true\"");
	http_resp_free(&r);
	snprintf(form, sizeof form,
		 "organisation=acme&year=%d&date=%s&minutes=30&activity=reunion", year, today);
	assert_int_equal(http_form(PORT, &w1, "/heures/temps", form, &r), 303);
	http_resp_free(&r);
	/* A worker not assigned to the organisation: not found. */
	assert_int_equal(http_as(PORT, &w2, 0, "GET", "/heures?organisation=acme", NULL, &r), 404);
	http_resp_free(&r);
	/* The head's convention form, refused then accepted. */
	snprintf(form, sizeof form,
		 "organisation=beta&year=%d&kind=vacations&starts_on=2026-01-01&ends_on=2026-12-31"
		 "&hours_per_year=&hourly_rate=12%%2C5x",
		 year);
	assert_int_equal(http_form(PORT, &head, "/heures/conventions", form, &r), 422);
	expect_in(&r, "Le tarif horaire s&#39;écrit en euros, par exemple 62,50.");
	http_resp_free(&r);
	snprintf(form, sizeof form,
		 "organisation=beta&year=%d&kind=vacations&starts_on=2026-01-01&ends_on=2026-12-31"
		 "&hours_per_year=40&hourly_rate=62%%2C5&vacation_hours=0",
		 year);
	assert_int_equal(http_form(PORT, &head, "/heures/conventions", form, &r), 422);
	expect_in(&r, "La vacation dure entre un quart d&#39;heure et 24 heures (ex. 3,5).");
	http_resp_free(&r);
	snprintf(form, sizeof form,
		 "organisation=beta&year=%d&kind=vacations&starts_on=2026-01-01&ends_on=2026-12-31"
		 "&hours_per_year=40&hourly_rate=62%%2C5&vacation_hours=1%%2C5",
		 year);
	assert_int_equal(http_form(PORT, &head, "/heures/conventions", form, &r), 303);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &rhb, 0, "GET", "/api/v1/organisations/beta/conventions",
				 NULL, &r),
			 200);
	expect_in(&r, "\"hourly_rate_cents\":6250");
	expect_in(&r, "\"vacation_hours\":1.5");
	http_resp_free(&r);
}

static void test_audited(void **state)
{
	(void)state;
	char *out = NULL;
	const char *args[] = {"audit", "list", "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(args, NULL, &out), 0);
	assert_non_null(strstr(out, "\"convention.create\""));
	assert_non_null(strstr(out, "\"time.create\""));
	assert_non_null(strstr(out, "\"consumption.read\""));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conventions),
		cmocka_unit_test(test_time_and_alerts),
		cmocka_unit_test(test_employer_invoice),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_audited),
	};
	return cmocka_run_group_tests_name("hours", tests, setup, teardown);
}
