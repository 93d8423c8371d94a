/*
 * test_calendar — the private iCalendar feed: who gets one, that it
 * validates against RFC 5545 (parsed by libical, every component checked,
 * CRLF, lines of at most 75 octets), that it says nothing about a person
 * (no name, phone, motive, reason), that cancelled days are left out, and
 * that revoking makes the old address "not found".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "http/harness.h"
#include "support/sec.h"

static struct fixture fx;
static struct sess w1, head, rh;
static char exception_day[11];

#define PORT fx.srv.port

static const char *day(int offset)
{
	return test_day(offset);
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker", "head1:head", "rh1:employer:acme", NULL};
	if (fixture_start(&fx, cmds, users) != 0 ||
	    api_login(PORT, "w1", TEST_PASSWORD, &w1) != 200 ||
	    api_login(PORT, "head1", TEST_PASSWORD, &head) != 200 ||
	    api_login(PORT, "rh1", TEST_PASSWORD, &rh) != 200 ||
	    http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
		    "{\"login\":\"w1\"}", NULL) != 200)
		return -1;
	struct http_resp r;
	char body[512];
	/* A person with a case, her phone and a long site name. */
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"Dupontel\",\"first_name\":"
		    "\"Berthilde\",\"phone\":\"0611223344\",\"consent\":{\"accompaniment_on\":"
		    "\"2024-01-02\"}}",
		    &r) != 201)
		return -1;
	long long pid = created_id(&r);
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-01-02\",\"referral_source\":\"medecin\","
		 "\"domains\":[\"sante.arret\"]}",
		 pid);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, NULL) != 201)
		return -1;
	/* Weekly on today's weekday, from a week ago. */
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	int weekday = tm.tm_wday == 0 ? 7 : tm.tm_wday;
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"worker\":\"w1\",\"site\":\"Hôtel de ville, bureau "
		 "des permanences sociales, 2e étage; aile ouest, porte B\",\"weekday\":%d,"
		 "\"start\":\"09:00\",\"end\":\"12:00\",\"every_weeks\":1,\"from\":\"%s\"}",
		 weekday, day(-7));
	if (http_as(PORT, &head, 1, "POST", "/api/v1/permanences", body, &r) != 201)
		return -1;
	long long perm = created_id(&r);
	snprintf(exception_day, sizeof exception_day, "%s", day(14));
	snprintf(body, sizeof body, "{\"date\":\"%s\",\"reason\":\"Congés maternité Berthilde\"}",
		 exception_day);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/permanences/%lld/exceptions", perm);
	if (http_as(PORT, &w1, 1, "POST", path, body, &r) != 201)
		return -1;
	http_resp_free(&r);
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"start\":\"%sT14:00\",\"end\":\"%sT15:00\",\"mode\":"
		 "\"bureau\",\"site\":\"Bureau 3\"}",
		 pid, day(2), day(2));
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/appointments", body, NULL) != 201)
		return -1;
	snprintf(body, sizeof body,
		 "{\"worker\":\"w1\",\"start\":\"%sT10:00\",\"end\":\"%sT10:30\",\"mode\":"
		 "\"telephone\"}",
		 day(3), day(3));
	if (http_as(PORT, &head, 1, "POST", "/api/v1/appointments", body, NULL) != 201)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* The caller's feed path ("/calendar/….ics") from the API, into out. */
static void feed_path(const struct sess *s, const char *method, const char *api, char *out,
		      size_t len)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, s, 1, method, api, NULL, &r), 200);
	json_t *j = http_json(&r);
	const char *url = json_string_value(json_object_get(j, "feed_url"));
	assert_non_null(url);
	const char *p = strstr(url, "/calendar/");
	assert_non_null(p);
	assert_true(strncmp(url, "http://", 7) == 0);
	snprintf(out, len, "%s", p);
	json_decref(j);
	http_resp_free(&r);
}

static void test_who_gets_a_feed(void **state)
{
	(void)state;
	expect_api(PORT, &head, "GET", "/api/v1/calendar", NULL, 403, NULL);
	expect_api(PORT, &rh, "GET", "/api/v1/calendar", NULL, 403, NULL);
	expect_api(PORT, NULL, "GET", "/api/v1/calendar", NULL, 401, NULL);
	char a[160], b[160];
	feed_path(&w1, "GET", "/api/v1/calendar", a, sizeof a);
	feed_path(&w1, "GET", "/api/v1/calendar", b, sizeof b);
	assert_string_equal(a, b); /* stable until revoked */
	assert_int_equal(strlen(a), strlen("/calendar/") + 64 + 4);
	assert_int_equal(http_as(PORT, NULL, 0, "GET", "/calendar/nothing.ics", NULL, NULL), 404);
	assert_int_equal(
		http_as(PORT, NULL, 0, "GET",
			"/calendar/0000000000000000000000000000000000000000000000000000000000000000.ics",
			NULL, NULL),
		404);
	/* The secret is not stored, only its hash (which shows that the check
	   can see the table). */
	char secret[SEC_HASH_HEX_LEN + 1], hash[SEC_HASH_HEX_LEN + 1];
	memcpy(secret, a + strlen("/calendar/"), SEC_HASH_HEX_LEN);
	secret[SEC_HASH_HEX_LEN] = '\0';
	sec_token_hash(secret, hash);
	assert_int_equal(db_has(&fx, secret), 0);
	assert_int_equal(db_has(&fx, hash), 1);
}

/* Every component and property valid, no parse error anywhere. */
static void check_component(icalcomponent *c, int *events)
{
	assert_int_equal(icalcomponent_count_errors(c), 0);
	if (icalcomponent_isa(c) == ICAL_VEVENT_COMPONENT) {
		(*events)++;
		assert_non_null(icalcomponent_get_first_property(c, ICAL_UID_PROPERTY));
		assert_non_null(icalcomponent_get_first_property(c, ICAL_DTSTAMP_PROPERTY));
		assert_non_null(icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY));
		assert_non_null(icalcomponent_get_first_property(c, ICAL_DTEND_PROPERTY));
		const char *summary = icalcomponent_get_summary(c);
		assert_non_null(summary);
		assert_true(strcmp(summary, "Rendez-vous service social") == 0 ||
			    strncmp(summary, "Permanence — ", strlen("Permanence — ")) == 0);
		struct icaltimetype start = icalcomponent_get_dtstart(c);
		assert_false(icaltime_is_null_time(start));
		assert_non_null(icaltime_get_tzid(start));
	}
	for (icalcomponent *k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
	     k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
		check_component(k, events);
}

static void test_feed_is_valid_and_discreet(void **state)
{
	(void)state;
	char path[160];
	feed_path(&w1, "GET", "/api/v1/calendar", path, sizeof path);
	struct http_resp r;
	assert_int_equal(http_as(PORT, NULL, 0, "GET", path, NULL, &r), 200);
	char type[128];
	assert_non_null(http_header(&r, "Content-Type", type, sizeof type));
	assert_true(strncmp(type, "text/calendar", 13) == 0);
	/* CRLF everywhere, no line over 75 octets. */
	size_t width = 0;
	for (size_t i = 0; i < r.body_len; i++) {
		if (r.body[i] == '\n') {
			assert_true(i > 0 && r.body[i - 1] == '\r');
			assert_true(width - 1 <= 75);
			width = 0;
		} else {
			width++;
		}
	}
	/* Nothing about the person or the reasons. */
	const char *never[] = {"Dupontel", "Berthilde", "0611223344", "sante", "medecin",
			       "Congés",   "maternité", "bureau\r",   "w1"};
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
		expect_not_in(&r, never[i]);
	expect_in(&r, "SUMMARY:Rendez-vous service social");
	expect_in(&r, "LOCATION:Bureau 3");
	expect_in(&r, "BEGIN:VTIMEZONE");
	/* The cancelled day is not there. */
	char stamp[32];
	snprintf(stamp, sizeof stamp, "%.4s%.2s%.2sT090000", exception_day, exception_day + 5,
		 exception_day + 8);
	expect_not_in(&r, stamp);

	icalcomponent *cal = icalparser_parse_string(r.body);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	if (!icalrestriction_check(cal)) {
		char *all = icalcomponent_as_ical_string_r(cal);
		for (char *l = strstr(all, "X-LIC-ERROR"); l; l = strstr(l + 1, "X-LIC-ERROR"))
			fprintf(stderr, "%.200s\n", l);
		free(all);
		fail_msg("the feed breaks RFC 5545's restrictions");
	}
	int events = 0;
	check_component(cal, &events);
	/* 52 or 53 weekly permanences in the year, one cancelled, 2 appointments. */
	assert_true(events >= 51 + 2 && events <= 53 + 2);
	/* The long site is unfolded and unescaped back to the text. */
	int found = 0;
	for (icalcomponent *e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		const char *loc = icalcomponent_get_location(e);
		found |= loc && strcmp(loc, "Hôtel de ville, bureau des permanences sociales, 2e "
					    "étage; aile ouest, porte B") == 0;
	}
	assert_true(found);
	icalcomponent_free(cal);
	http_resp_free(&r);
}

static void test_revocation(void **state)
{
	(void)state;
	char old[160], fresh[160], again[160];
	feed_path(&w1, "GET", "/api/v1/calendar", old, sizeof old);
	expect_api(PORT, &head, "POST", "/api/v1/calendar/revoke", NULL, 403, NULL);
	assert_int_equal(http_as(PORT, &w1, 0, "POST", "/api/v1/calendar/revoke", NULL, NULL), 403);
	feed_path(&w1, "POST", "/api/v1/calendar/revoke", fresh, sizeof fresh);
	assert_string_not_equal(old, fresh);
	assert_int_equal(http_as(PORT, NULL, 0, "GET", old, NULL, NULL), 404);
	assert_int_equal(http_as(PORT, NULL, 0, "GET", fresh, NULL, NULL), 200);
	feed_path(&w1, "GET", "/api/v1/calendar", again, sizeof again);
	assert_string_equal(fresh, again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_who_gets_a_feed),
		cmocka_unit_test(test_feed_is_valid_and_discreet),
		cmocka_unit_test(test_revocation),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
