/*
 * test_permanence_pages — the /permanences page: the head creates a
 * permanence through the form (an overlap refused next to its field), the
 * employer reads its organisation's timetable without logins nor forms, a
 * worker cancels a date of her own permanence, nobody else's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/date.h"
#include "http/harness.h"

static struct fixture fx;
static struct sess w1, w2, head, rh, rhb;

#define PORT fx.srv.port

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const beta[] = {"organisation", "add", "--code", "beta", "--name",
					   "Beta", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, beta, NULL};
	static const char *const users[] = {"w1:worker::Claire Durand", "w2:worker", "head1:head",
					    "rh:employer:acme", "rhb:employer:beta", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &head, &rh, &rhb};
	const char *logins[] = {"w1", "w2", "head1", "rh", "rhb"};
	for (int i = 0; i < 5; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	const char *assign[][2] = {{"acme", "w1"}, {"beta", "w2"}};
	for (int i = 0; i < 2; i++) {
		char path[96], body[64];
		snprintf(path, sizeof path, "/api/v1/organisations/%s/workers", assign[i][0]);
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", assign[i][1]);
		if (http_as(PORT, &head, 1, "POST", path, body, NULL) != 200)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

static void test_create_and_read(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_form(PORT, &head, "/permanences",
				   "organisation=acme&worker=w1&site=Mairie+annexe&weekday=2&"
				   "start=09%3A00&end=12%3A00&every_weeks=1&from=2026-01-06&until=",
				   &r),
			 303);
	http_resp_free(&r);
	/* The same worker, the same Tuesday morning: refused next to "start". */
	assert_int_equal(http_form(PORT, &head, "/permanences",
				   "organisation=acme&worker=w1&site=Usine&weekday=2&"
				   "start=11%3A00&end=13%3A00&every_weeks=2&from=2026-01-06&until=",
				   &r),
			 422);
	expect_in(&r, "Cette permanence chevauche une autre permanence");
	expect_in(&r, "id=\"err-new-start\"");
	expect_in(&r, "value=\"Usine\""); /* what was typed stays */
	http_resp_free(&r);
	/* A worker who does not serve the organisation. */
	assert_int_equal(http_form(PORT, &head, "/permanences",
				   "organisation=acme&worker=w2&site=Usine&weekday=3&"
				   "start=09%3A00&end=12%3A00&every_weeks=1&from=2026-01-06&until=",
				   &r),
			 422);
	expect_in(&r, "Choisissez une assistante affectée à cette organisation.");
	http_resp_free(&r);
	/* A rhythm or a day out of the lists: refused next to its select. */
	assert_int_equal(http_form(PORT, &head, "/permanences",
				   "organisation=acme&worker=w1&site=Usine&weekday=4&"
				   "start=09%3A00&end=12%3A00&every_weeks=3&from=2026-01-06",
				   &r),
			 422);
	expect_in(&r, "id=\"err-new-every_weeks\">La fréquence est de 1, 2 ou 4 semaines.");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &head, "/permanences",
				   "organisation=acme&worker=w1&site=Usine&weekday=9&"
				   "start=09%3A00&end=12%3A00&from=2026-01-06",
				   &r),
			 422);
	expect_in(&r, "id=\"err-new-weekday\">Le jour est un nombre de 1 (lundi) à 7 (dimanche).");
	http_resp_free(&r);
	/* Left out, the rhythm is every week, as on the API. */
	assert_int_equal(http_form(PORT, &head, "/permanences",
				   "organisation=acme&worker=w1&site=Usine&weekday=4&"
				   "start=09%3A00&end=12%3A00&from=2026-01-06",
				   &r),
			 303);
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, "/permanences", "organisation=acme", &r), 403);
	http_resp_free(&r);

	/* The employer: its timetable, the worker's name, no login, no form. */
	assert_int_equal(http_as(PORT, &rh, 0, "GET", "/permanences", NULL, &r), 200);
	expect_in(&r, "Mairie annexe");
	expect_in(&r, "mardi 09:00 – 12:00");
	expect_in(&r, "Claire Durand");
	expect_not_in(&r, ">w1<");
	expect_not_in(&r, "action=\"/permanences");
	expect_not_in(&r, "style=");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &rhb, 0, "GET", "/permanences", NULL, &r), 200);
	expect_not_in(&r, "Mairie annexe");
	http_resp_free(&r);
}

static void test_cancel(void **state)
{
	(void)state;
	struct http_resp r;
	/* Not a Tuesday: refused next to the date. */
	assert_int_equal(http_form(PORT, &w1, "/permanences/1/annulations",
				   "date=2026-12-02&reason=F%C3%A9ri%C3%A9", &r),
			 422);
	expect_in(&r, "Cette date n&#39;est pas un jour de la permanence.");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, "/permanences/1/annulations",
				   "date=2026-12-01&reason=Formation", &r),
			 303);
	http_resp_free(&r);
	/* Twice: a conflict, shown. */
	assert_int_equal(http_form(PORT, &w1, "/permanences/1/annulations",
				   "date=2026-12-01&reason=Formation", &r),
			 422);
	expect_in(&r, "Cette permanence est déjà annulée ce jour-là.");
	http_resp_free(&r);
	/* Another worker's permanence does not exist for w2. */
	assert_int_equal(http_form(PORT, &w2, "/permanences/1/annulations",
				   "date=2026-12-08&reason=Formation", &r),
			 404);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/permanences", NULL, &r), 200);
	expect_in(&r, "01/12/2026");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &rh, 0, "GET", "/permanences", NULL, &r), 200);
	expect_in(&r, "01/12/2026");
	expect_not_in(&r, "Formation"); /* the reason stays with the service */
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_and_read),
		cmocka_unit_test(test_cancel),
	};
	return cmocka_run_group_tests_name("permanence_pages", tests, setup, teardown);
}
