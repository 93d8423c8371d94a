/*
 * test_agenda — permanences (who creates and reads them, every refusal,
 * overlaps with every_weeks and periods, cancelled days), appointments
 * (booking, overlaps, the person's secrecy, status changes, becoming an
 * intervention in one step), the week page, the dashboard, audit.
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

#include "http/harness.h"

static struct fixture fx;
static struct sess w1, w2, head, admin, rh_acme, rh_beta, auditor;
static long long case1, person1, person2;

#define PORT fx.srv.port
#define PERM "/api/v1/permanences"
#define APPT "/api/v1/appointments"

static const char *today(int offset)
{
	return test_day(offset);
}

/* A person (and an open case when with_case) followed by s; its person id. */
static long long new_person(const struct sess *s, const char *last, int with_case, long long *cid)
{
	struct http_resp r;
	char body[256];
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"last_name\":\"%s\",\"first_name\":\"Jeanne\","
		 "\"phone\":\"0611223344\",\"consent\":{\"accompaniment_on\":\"2024-01-02\"},"
		 /* Several persons share the test's phone: not duplicates. */
		 "\"confirm\":true}",
		 last);
	if (http_as(PORT, s, 1, "POST", "/api/v1/persons", body, &r) != 201)
		return 0;
	long long pid = created_id(&r);
	if (with_case) {
		snprintf(body, sizeof body,
			 "{\"person_id\":%lld,\"opened_on\":\"2024-01-02\",\"referral_source\":"
			 "\"medecin\",\"domains\":[\"sante.arret\"]}",
			 pid);
		if (http_as(PORT, s, 1, "POST", "/api/v1/cases", body, &r) != 201)
			return 0;
		long long c = created_id(&r);
		if (cid)
			*cid = c;
	}
	return pid;
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const beta[] = {"organisation", "add", "--code", "beta", "--name",
					   "Beta", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, beta, NULL};
	static const char *const users[] = {"w1:worker::Alice Martin", "w2:worker",
					    "head1:head",	       "admin1:admin",
					    "rh1:employer:acme",       "rh2:employer:beta",
					    "auditor1:auditor",	       NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &head, &admin, &rh_acme, &rh_beta, &auditor};
	const char *logins[] = {"w1", "w2", "head1", "admin1", "rh1", "rh2", "auditor1"};
	for (int i = 0; i < 7; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
		    "{\"login\":\"w1\"}", NULL) != 200 ||
	    http_as(PORT, &head, 1, "POST", "/api/v1/organisations/beta/workers",
		    "{\"login\":\"w2\"}", NULL) != 200 ||
	    http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
		    "{\"login\":\"w2\"}", NULL) != 200)
		return -1;
	person1 = new_person(&w1, "Dupont", 1, &case1);
	person2 = new_person(&w2, "Secret", 1, NULL);
	return person1 && person2 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* A permanence body for worker with members replaced or added: pairs of
   key and JSON text, NULL-terminated. */
static const char *perm(const char *worker, ...)
{
	static char out[512];
	const char *keys[] = {"organisation", "worker", "site",	   "weekday",
			      "start",	      "end",	"every_weeks", "from"};
	char vals[8][64];
	snprintf(vals[0], 64, "\"acme\"");
	snprintf(vals[1], 64, "\"%s\"", worker);
	snprintf(vals[2], 64, "\"Mairie, salle 2\"");
	snprintf(vals[3], 64, "1");
	snprintf(vals[4], 64, "\"09:00\"");
	snprintf(vals[5], 64, "\"12:00\"");
	snprintf(vals[6], 64, "1");
	snprintf(vals[7], 64, "\"2024-01-01\"");
	char more[256] = "";
	size_t m = 0;
	va_list ap;
	va_start(ap, worker);
	for (const char *k; (k = va_arg(ap, const char *)) != NULL;) {
		const char *v = va_arg(ap, const char *);
		int i = 0;
		while (i < 8 && strcmp(keys[i], k) != 0)
			i++;
		if (i < 8)
			snprintf(vals[i], 64, "%s", v);
		else
			m += (size_t)snprintf(more + m, sizeof more - m, ",\"%s\":%s", k, v);
	}
	va_end(ap);
	size_t n = (size_t)snprintf(out, sizeof out, "{");
	for (int i = 0; i < 8; i++)
		n += (size_t)snprintf(out + n, sizeof out - n, "%s\"%s\":%s", i ? "," : "", keys[i],
				      vals[i]);
	snprintf(out + n, sizeof out - n, "%s}", more);
	return out;
}

static long long create(const struct sess *s, const char *path, const char *body)
{
	struct http_resp r;
	int st = http_as(PORT, s, 1, "POST", path, body, &r);
	if (st != 201)
		fail_msg("POST %s %s: %d %s", path, body, st, r.body);
	return created_id(&r);
}

static json_t *get_json(const struct sess *s, const char *path, int status)
{
	struct http_resp r;
	int st = http_as(PORT, s, 0, "GET", path, NULL, &r);
	if (st != status)
		fail_msg("GET %s: %d %s", path, st, r.body);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	return j;
}

static void test_permanence_refusals(void **state)
{
	(void)state;
	expect_api(PORT, &head, "POST", PERM, perm("w1", "organisation", "\"nowhere\"", NULL), 422,
		   "organisation");
	expect_api(PORT, &head, "POST", PERM, perm("nobody", NULL), 422, "worker");
	expect_api(PORT, &head, "POST", PERM, perm("head1", NULL), 422, "worker");
	/* w1 does not serve Beta. */
	expect_api(PORT, &head, "POST", PERM, perm("w1", "organisation", "\"beta\"", NULL), 422, "worker");
	expect_api(PORT, &head, "POST", PERM, perm("w1", "site", "\"\"", NULL), 422, "site");
	expect_api(PORT, &head, "POST", PERM, perm("w1", "weekday", "8", NULL), 422, "weekday");
	expect_api(PORT, &head, "POST", PERM, perm("w1", "weekday", "0", NULL), 422, "weekday");
	expect_api(PORT, &head, "POST", PERM, perm("w1", "start", "\"9h\"", NULL), 422, "start");
	expect_api(PORT, &head, "POST", PERM, perm("w1", "end", "\"08:00\"", NULL), 422, "end");
	expect_api(PORT, &head, "POST", PERM, perm("w1", "end", "\"24:00\"", NULL), 422, "end");
	expect_api(PORT, &head, "POST", PERM, perm("w1", "every_weeks", "3", NULL), 422, "every_weeks");
	expect_api(PORT, &head, "POST", PERM, perm("w1", "from", "\"2024-02-30\"", NULL), 422, "from");
	expect_api(PORT, &head, "POST", PERM, perm("w1", "until", "\"2023-12-31\"", NULL), 422, "until");
	/* From Tuesday 2 January to Sunday 7: no Monday left. */
	expect_api(PORT, &head, "POST", PERM,
		   perm("w1", "from", "\"2024-01-02\"", "until", "\"2024-01-07\"", NULL), 422, "until");
	expect_api(PORT, &w1, "POST", PERM, perm("w1", NULL), 403, NULL);
	expect_api(PORT, &rh_acme, "POST", PERM, perm("w1", NULL), 403, NULL);
	expect_api(PORT, &auditor, "POST", PERM, perm("w1", NULL), 403, NULL);
}

static void test_permanence_overlaps(void **state)
{
	(void)state;
	/* Mondays 09:00–12:00 every 2 weeks from Monday 1 January 2024. */
	create(&head, PERM, perm("w1", "every_weeks", "2", NULL));
	/* Every week: meets it on 1 January. */
	expect_api(PORT, &head, "POST", PERM, perm("w1", "start", "\"11:00\"", "end", "\"13:00\"", NULL),
		   422, "start");
	/* Every 2 weeks from 8 January: never the same Monday → accepted. */
	create(&head, PERM, perm("w1", "from", "\"2024-01-08\"", "every_weeks", "2", NULL));
	/* Every 4 weeks from 15 January: falls on the first one's Mondays. */
	expect_api(PORT, &head, "POST", PERM,
		   perm("w1", "from", "\"2024-01-15\"", "every_weeks", "4", NULL), 422, "start");
	/* Afternoons, other days, other workers: no clash. */
	create(&admin, PERM, perm("w1", "start", "\"12:00\"", "end", "\"17:00\"", NULL));
	create(&head, PERM, perm("w1", "weekday", "3", NULL));
	create(&head, PERM, perm("w2", NULL));
	/* Wednesdays in 2023 only, then weekly from 2024: periods apart. */
	create(&head, PERM,
	       perm("w2", "weekday", "3", "from", "\"2023-01-04\"", "until", "\"2023-12-27\"", NULL));
	create(&head, PERM, perm("w2", "weekday", "3", "site", "\"Atelier\"", NULL));
	expect_api(PORT, &head, "POST", PERM, perm("w2", "weekday", "3", NULL), 422, "start");
}

static void test_permanence_reading_and_exceptions(void **state)
{
	(void)state;
	json_t *j = get_json(&w1, PERM, 200);
	json_t *list = json_object_get(j, "permanences");
	assert_int_equal(json_array_size(list), 4);
	long long id = json_integer_value(json_object_get(json_array_get(list, 0), "id"));
	json_decref(j);
	char path[96];
	snprintf(path, sizeof path, PERM "/%lld/exceptions", id);
	/* 2 January is a Tuesday. */
	expect_api(PORT, &w1, "POST", path, "{\"date\":\"2024-01-02\",\"reason\":\"Congés\"}", 422,
		   "date");
	expect_api(PORT, &w1, "POST", path, "{\"date\":\"2024-01-15\",\"reason\":\"\"}", 422,
		   "reason");
	expect_api(PORT, &w2, "POST", path, "{\"date\":\"2024-01-15\",\"reason\":\"Congés\"}", 404,
		   NULL);
	expect_api(PORT, &rh_acme, "POST", path, "{\"date\":\"2024-01-15\",\"reason\":\"x\"}", 403,
		   NULL);
	expect_api(PORT, &w1, "POST", PERM "/999999/exceptions",
		   "{\"date\":\"2024-01-15\",\"reason\":\"Congés\"}", 404, NULL);
	expect_api(PORT, &w1, "POST", path, "{\"date\":\"2024-01-15\",\"reason\":\"Congés d'hiver\"}",
		   201, NULL);
	expect_api(PORT, &head, "POST", path, "{\"date\":\"2024-01-15\",\"reason\":\"Férié\"}", 409,
		   "date");

	/* The employer: its organisation's timetable, no login, no reason. */
	struct http_resp r;
	assert_int_equal(http_as(PORT, &rh_acme, 0, "GET", PERM, NULL, &r), 200);
	expect_in(&r, "Alice Martin");
	expect_in(&r, "2024-01-15");
	expect_not_in(&r, "Congés");
	expect_not_in(&r, "\"worker\"");
	http_resp_free(&r);
	j = get_json(&rh_acme, PERM, 200);
	assert_int_equal(json_array_size(json_object_get(j, "permanences")), 7);
	json_decref(j);
	j = get_json(&rh_beta, PERM, 200);
	assert_int_equal(json_array_size(json_object_get(j, "permanences")), 0);
	json_decref(j);
	j = get_json(&rh_beta, PERM "?organisation=acme", 404);
	json_decref(j);
	j = get_json(&head, PERM "?worker=w2", 200);
	assert_int_equal(json_array_size(json_object_get(j, "permanences")), 3);
	json_decref(j);
	j = get_json(&head, PERM "?worker=ghost", 422);
	json_decref(j);
	j = get_json(&auditor, PERM, 403);
	json_decref(j);

	/* The week of 15 January: the cancelled Monday is gone. */
	j = get_json(&w1, APPT "?week=2024-W03", 200);
	assert_string_equal(json_string_value(json_object_get(j, "from")), "2024-01-15");
	json_t *occ = json_object_get(j, "permanences");
	size_t i;
	json_t *o;
	int mondays = 0;
	json_array_foreach(occ, i, o) mondays +=
		strcmp(json_string_value(json_object_get(o, "date")), "2024-01-15") == 0;
	assert_int_equal(mondays, 1); /* the afternoon one only */
	json_decref(j);
}

static const char *appt(const char *start, const char *end, const char *extra)
{
	static char out[512];
	snprintf(out, sizeof out, "{\"start\":\"%s\",\"end\":\"%s\",\"mode\":\"bureau\"%s%s}",
		 start, end, extra ? "," : "", extra ? extra : "");
	return out;
}

static long long appt1, appt_first;

/* POST body to the appointments: 422 on "end" with a message containing
   want, and the format taught only when the end is not written as one. */
static void expect_end_message(const char *body, const char *want)
{
	struct http_resp r;
	char msg[512];
	assert_int_equal(http_as(PORT, &w1, 1, "POST", APPT, body, &r), 422);
	assert_string_equal(json_error(&r, "field", msg, sizeof msg), "end");
	json_error(&r, "message", msg, sizeof msg);
	if (!strstr(msg, want))
		fail_msg("end refused with \"%s\", expected \"%s\"", msg, want);
	if (strcmp(want, "AAAA-MM-JJTHH:MM") != 0 && strstr(msg, "s'écrit"))
		fail_msg("a written end refused with the format: \"%s\"", msg);
	http_resp_free(&r);
}

static void test_appointment_rules(void **state)
{
	(void)state;
	char extra[64];
	expect_api(PORT, &w1, "POST", APPT, appt("2024-03-04 10:00", "2024-03-04T11:00", NULL),
		   201, NULL);
	expect_api(PORT, &w1, "POST", APPT, appt("2024-03-04", "2024-03-04T11:00", NULL), 422,
		   "start");
	/* A well-written end that is on another day, or before the start, is
	   told so, not taught the format it already has. */
	expect_end_message(appt("2024-03-05T10:00", "2024-03-06T11:00", NULL), "même jour");
	expect_end_message(appt("2024-03-05T10:00", "2024-03-05T09:00", NULL), "après le début");
	expect_end_message(appt("2024-03-05T10:00", "2024-03-05T10:00", NULL), "après le début");
	expect_end_message(appt("2024-03-05T10:00", "demain", NULL), "AAAA-MM-JJTHH:MM");
	expect_api(PORT, &w1, "POST", APPT,
		   "{\"start\":\"2024-03-05T10:00\",\"end\":\"2024-03-05T11:00\",\"mode\":\"fax\"}",
		   422, "mode");
	expect_api(PORT, &w1, "POST", APPT,
		   appt("2024-03-05T10:00", "2024-03-05T11:00", "\"status\":\"honore\""), 422,
		   "status");
	expect_api(PORT, &w1, "POST", APPT,
		   appt("2024-03-05T10:00", "2024-03-05T11:00", "\"worker\":\"w2\""), 422, "worker");
	/* Overlaps with the 10:00–11:00 of 4 March. */
	expect_api(PORT, &w1, "POST", APPT, appt("2024-03-04T10:30", "2024-03-04T11:30", NULL),
		   422, "start");
	expect_api(PORT, &w1, "POST", APPT, appt("2024-03-04T09:00", "2024-03-04T12:00", NULL),
		   422, "start");
	/* Back to back is fine; another worker's agenda too. */
	expect_api(PORT, &w1, "POST", APPT, appt("2024-03-04T11:00", "2024-03-04T11:30", NULL),
		   201, NULL);
	expect_api(PORT, &w2, "POST", APPT, appt("2024-03-04T10:00", "2024-03-04T11:00", NULL),
		   201, NULL);
	/* Another worker's person: not found, whether or not it exists. */
	snprintf(extra, sizeof extra, "\"person_id\":%lld", person2);
	expect_api(PORT, &w1, "POST", APPT, appt("2024-03-06T10:00", "2024-03-06T11:00", extra),
		   404, NULL);
	expect_api(PORT, &w1, "POST", APPT,
		   appt("2024-03-06T10:00", "2024-03-06T11:00", "\"person_id\":987654"), 404, NULL);
	/* The head books first contacts only. */
	expect_api(PORT, &head, "POST", APPT, appt("2024-03-06T10:00", "2024-03-06T11:00", NULL),
		   422, "worker");
	snprintf(extra, sizeof extra, "\"worker\":\"w1\",\"person_id\":%lld", person1);
	expect_api(PORT, &head, "POST", APPT, appt("2024-03-06T10:00", "2024-03-06T11:00", extra),
		   422, "person_id");
	appt_first = create(&head, APPT,
			    appt("2024-03-06T14:00", "2024-03-06T15:00",
				 "\"worker\":\"w1\",\"site\":\"Mairie\""));
	snprintf(extra, sizeof extra, "\"person_id\":%lld,\"site\":\"Bureau 3\"", person1);
	appt1 = create(&w1, APPT, appt("2024-03-06T10:00", "2024-03-06T11:15", extra));
	expect_api(PORT, &admin, "POST", APPT, appt("2024-03-07T10:00", "2024-03-07T11:00", NULL),
		   403, NULL);
	expect_api(PORT, &rh_acme, "GET", APPT, NULL, 403, NULL);
}

static void test_appointment_secrecy(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, APPT "/%lld", appt1);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, "Dupont");
	http_resp_free(&r);
	/* The head sees the appointment, never the person. */
	assert_int_equal(http_as(PORT, &head, 0, "GET", path, NULL, &r), 200);
	expect_not_in(&r, "Dupont");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &head, 0, "GET", APPT "?week=2024-W10&worker=w1", NULL, &r),
			 200);
	expect_not_in(&r, "Dupont");
	expect_in(&r, "Mairie");
	http_resp_free(&r);
	/* Without a worker, the head reads every worker's week. */
	assert_int_equal(http_as(PORT, &head, 0, "GET", APPT "?week=2024-W10", NULL, &r), 200);
	expect_not_in(&r, "Dupont");
	expect_in(&r, "\"worker\":\"w2\"");
	http_resp_free(&r);
	expect_api(PORT, &w2, "GET", path, NULL, 404, NULL);
	expect_api(PORT, &w2, "PATCH", path, "{\"status\":\"annule\"}", 404, NULL);
	expect_api(PORT, &w2, "GET", APPT "?worker=w1", NULL, 422, "worker");
	json_t *j = get_json(&w1, APPT "?date=2024-03-06", 200);
	assert_int_equal(json_array_size(json_object_get(j, "appointments")), 4);
	json_decref(j);
	j = get_json(&w1, APPT "?week=2024-W99", 422);
	json_decref(j);
	/* Every refusal is in the access log. */
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=200", NULL, &r),
			 200);
	expect_in(&r, "appointment.read_denied");
	expect_in(&r, "appointment.person_denied");
	expect_in(&r, "permanence.exception_denied");
	http_resp_free(&r);
}

static void test_status_and_intervention(void **state)
{
	(void)state;
	char path[96], first[96];
	snprintf(path, sizeof path, APPT "/%lld/intervention", appt1);
	snprintf(first, sizeof first, APPT "/%lld/intervention", appt_first);
	expect_api(PORT, &w1, "POST", first, "{\"kind\":\"entretien\"}", 422, "person_id");
	expect_api(PORT, &head, "POST", path, "{\"kind\":\"entretien\"}", 404, NULL);
	expect_api(PORT, &w1, "POST", path, "{\"kind\":\"tarot\"}", 422, "kind");
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "POST", path, "{\"kind\":\"entretien\"}", &r), 201);
	http_resp_free(&r);
	expect_api(PORT, &w1, "POST", path, "{\"kind\":\"entretien\"}", 422, "status");
	char cpath[64];
	snprintf(cpath, sizeof cpath, "/api/v1/cases/%lld/interventions", case1);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", cpath, NULL, &r), 200);
	expect_in(&r, "\"date\":\"2024-03-06\"");
	expect_in(&r, "\"duration_minutes\":75");
	expect_in(&r, "\"mode\":\"bureau\"");
	http_resp_free(&r);
	char one[64];
	snprintf(one, sizeof one, APPT "/%lld", appt1);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", one, NULL, &r), 200);
	expect_in(&r, "\"status\":\"honore\"");
	http_resp_free(&r);
	expect_api(PORT, &w1, "PATCH", one, "{\"status\":\"annule\"}", 422, "status");

	/* Status changes: prevu → annule; a cancelled slot no longer blocks. */
	snprintf(one, sizeof one, APPT "/%lld", appt_first);
	expect_api(PORT, &w1, "PATCH", one, "{\"status\":\"prevu\"}", 422, "status");
	expect_api(PORT, &w1, "PATCH", one, "{\"status\":\"oublie\"}", 422, "status");
	expect_api(PORT, &head, "PATCH", one, "{\"status\":\"annule\"}", 200, NULL);
	expect_api(PORT, &w1, "POST", APPT, appt("2024-03-06T14:00", "2024-03-06T15:00", NULL), 201,
		   NULL);

	/* A future appointment cannot be an intervention yet; a person without
	   an open case cannot either. */
	char extra[64], day[32], end[32];
	snprintf(extra, sizeof extra, "\"person_id\":%lld", person1);
	snprintf(day, sizeof day, "%sT08:00", today(3));
	snprintf(end, sizeof end, "%sT08:30", today(3));
	long long later = create(&w1, APPT, appt(day, end, extra));
	snprintf(path, sizeof path, APPT "/%lld/intervention", later);
	expect_api(PORT, &w1, "POST", path, "{\"kind\":\"entretien\"}", 422, "date");
	/* ... so the agenda does not offer it on that appointment, while it
	   does on a past one of the same person. */
	snprintf(extra, sizeof extra, "\"person_id\":%lld", person1);
	long long past = create(&w1, APPT, appt("2024-03-07T09:00", "2024-03-07T10:00", extra));
	char page[64], form[96];
	snprintf(page, sizeof page, "/agenda?date=%s", today(3));
	assert_int_equal(http_as(PORT, &w1, 0, "GET", page, NULL, &r), 200);
	snprintf(form, sizeof form, "/agenda/appointments/%lld/intervention", later);
	expect_not_in(&r, form);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/agenda?week=2024-W10", NULL, &r), 200);
	snprintf(form, sizeof form, "/agenda/appointments/%lld/intervention", past);
	expect_in(&r, form);
	http_resp_free(&r);
	long long alone = new_person(&w1, "Sanssuivi", 0, NULL);
	snprintf(extra, sizeof extra, "\"person_id\":%lld", alone);
	long long a2 = create(&w1, APPT, appt("2024-03-08T09:00", "2024-03-08T10:00", extra));
	snprintf(path, sizeof path, APPT "/%lld/intervention", a2);
	expect_api(PORT, &w1, "POST", path, "{\"kind\":\"entretien\"}", 422, "case");
}

static void test_pages_and_dashboard(void **state)
{
	(void)state;
	char day[32], end[32];
	snprintf(day, sizeof day, "%sT16:00", today(1));
	snprintf(end, sizeof end, "%sT16:30", today(1));
	create(&w1, APPT, appt(day, end, NULL));
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/", NULL, &r), 200);
	expect_in(&r, "Rendez-vous à venir");
	expect_in(&r, "Premier contact");
	expect_in(&r, " à 16:00 (demain)"); /* the time, and tomorrow said so */
	expect_in(&r, "Dupont");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/", NULL, &r), 200);
	expect_in(&r, "Rendez-vous à venir");
	expect_not_in(&r, "Dupont");
	http_resp_free(&r);

	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/agenda?week=2024-W10", NULL, &r), 200);
	expect_in(&r, "Semaine du 04/03/2024 (2024-W10)");
	expect_in(&r, "Permanence");
	expect_in(&r, "Dupont");
	expect_in(&r, "Premier contact");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/agenda?week=2024-W10&worker=w1", NULL, &r),
			 200);
	expect_not_in(&r, "Dupont");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &rh_acme, 0, "GET", "/agenda", NULL, NULL), 403);

	/* The forms: a refusal shows the page again, a booking comes back. */
	assert_int_equal(http_form(PORT, &w1, "/agenda/appointments?week=2024-W11",
				   "date=2024-03-11&start=10:00&end=09:00&mode=bureau", &r),
			 422);
	expect_in(&r, "après le début");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, "/agenda/appointments?week=2024-W11",
				   "date=2024-03-11&start=10:00&end=11:00&mode=telephone&site=", &r),
			 303);
	http_resp_free(&r);
	json_t *j = get_json(&w1, APPT "?week=2024-W11", 200);
	json_t *list = json_object_get(j, "appointments");
	assert_int_equal(json_array_size(list), 1);
	long long id = json_integer_value(json_object_get(json_array_get(list, 0), "id"));
	json_decref(j);
	char path[96];
	snprintf(path, sizeof path, "/agenda/appointments/%lld/status?week=2024-W11", id);
	assert_int_equal(http_form(PORT, &w1, path, "status=absent", &r), 303);
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w2, path, "status=annule", &r), 404);
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, "/agenda/calendar", "", &r), 200);
	expect_in(&r, "/calendar/");
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_permanence_refusals),
		cmocka_unit_test(test_permanence_overlaps),
		cmocka_unit_test(test_permanence_reading_and_exceptions),
		cmocka_unit_test(test_appointment_rules),
		cmocka_unit_test(test_appointment_secrecy),
		cmocka_unit_test(test_status_and_intervention),
		cmocka_unit_test(test_pages_and_dashboard),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
