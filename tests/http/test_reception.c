/*
 * test_reception — the reception role (secrétariat / accueil, issue 13):
 * books and moves any worker's appointments and permanences, reads the
 * agenda without motives (no case, no intervention, no place), sees a
 * person's name only on the appointments it booked itself, and gets
 * "not found" on every case and person (pages and API), the same answer
 * as for a record that does not exist.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "http/harness.h"

static struct fixture fx;
static struct sess w1, acc1, acc2, head, auditor, admin;
static long long person_id, case_id, own_appt, booked, booked_web;

#define PORT fx.srv.port
#define MISSING "999999999"
#define WEEK "2030-W10" /* 2030-03-04 to 2030-03-10 */

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker",  "acc1:reception",   "acc2:reception",
					    "head1:head", "auditor1:auditor", "admin1:admin",
					    NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &acc1, &acc2, &head, &auditor, &admin};
	const char *logins[] = {"w1", "acc1", "acc2", "head1", "auditor1", "admin1"};
	for (int i = 0; i < 6; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
		    "{\"login\":\"w1\"}", NULL) != 200)
		return -1;
	if (new_person_case(PORT, &w1, "acme", "Roux", "Anne", &person_id, &case_id) != 0)
		return -1;
	struct http_resp r;
	char body[256];
	/* The worker's own appointment with the person, at a private place. */
	snprintf(body, sizeof body,
		 "{\"start\":\"2030-03-05T09:00\",\"end\":\"2030-03-05T10:00\",\"mode\":\"domicile\","
		 "\"site\":\"Domicile 12 rue Cachée\",\"person_id\":%lld}",
		 person_id);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/appointments", body, &r) != 201)
		return -1;
	own_appt = created_id(&r);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* The appointments of w1's week WEEK as s: the JSON list (caller decrefs). */
static json_t *week_of(const struct sess *s, struct http_resp *raw)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, s, 0, "GET", "/api/v1/appointments?worker=w1&week=" WEEK,
				 NULL, &r),
			 200);
	json_t *j = http_json(&r);
	assert_non_null(j);
	if (raw)
		*raw = r;
	else
		http_resp_free(&r);
	return j;
}

/* The appointment id of the list j, or NULL. */
static json_t *appt_in(json_t *j, long long id)
{
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(j, "appointments"), i, a)
		if (json_integer_value(json_object_get(a, "id")) == id)
			return a;
	return NULL;
}

static void test_booking(void **state)
{
	(void)state;
	/* For a worker, with the name of who called; never a person record. */
	struct http_resp r;
	assert_int_equal(http_as(PORT, &acc1, 1, "POST", "/api/v1/appointments",
				 "{\"worker\":\"w1\",\"start\":\"2030-03-06T10:00\","
				 "\"end\":\"2030-03-06T10:30\",\"mode\":\"bureau\","
				 "\"site\":\"Accueil\",\"contact_name\":\"Mme Leroy\"}",
				 &r),
			 201);
	booked = created_id(&r);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"worker\":\"w1\",\"start\":\"2030-03-06T11:00\",\"end\":\"2030-03-06T11:30\","
		 "\"mode\":\"bureau\",\"person_id\":%lld}",
		 person_id);
	expect_api(PORT, &acc1, "POST", "/api/v1/appointments", body, 422, "person_id");
	/* A worker is named; an overlap is refused. */
	expect_api(PORT, &acc1, "POST", "/api/v1/appointments",
		   "{\"start\":\"2030-03-06T11:00\",\"end\":\"2030-03-06T11:30\",\"mode\":\"bureau\"}",
		   422, "worker");
	expect_api(PORT, &acc1, "POST", "/api/v1/appointments",
		   "{\"worker\":\"w1\",\"start\":\"2030-03-05T09:30\",\"end\":\"2030-03-05T10:30\","
		   "\"mode\":\"bureau\"}",
		   422, "start");
	/* The name is the reception's own field: the worker and the head do not
	   type one. */
	expect_api(PORT, &w1, "POST", "/api/v1/appointments",
		   "{\"start\":\"2030-03-07T10:00\",\"end\":\"2030-03-07T10:30\",\"mode\":\"bureau\","
		   "\"contact_name\":\"X\"}",
		   422, "contact_name");
	expect_api(PORT, &head, "POST", "/api/v1/appointments",
		   "{\"worker\":\"w1\",\"start\":\"2030-03-07T10:00\",\"end\":\"2030-03-07T10:30\","
		   "\"mode\":\"bureau\",\"contact_name\":\"X\"}",
		   422, "contact_name");
	/* Through the page. */
	assert_int_equal(http_form(PORT, &acc1, "/agenda/appointments?week=" WEEK "&worker=w1",
				   "worker=w1&date=2030-03-07&start=14:00&end=14:45&mode=telephone&"
				   "contact_name=M.+Garnier",
				   &r),
			 303);
	http_resp_free(&r);
	json_t *j = week_of(&acc1, NULL);
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(j, "appointments"), i, a) {
		const char *p = json_string_value(json_object_get(a, "person"));
		if (p && strcmp(p, "M. Garnier") == 0)
			booked_web = (long long)json_integer_value(json_object_get(a, "id"));
	}
	json_decref(j);
	assert_true(booked_web > 0);
}

static void test_agenda_without_motives(void **state)
{
	(void)state;
	struct http_resp raw;
	json_t *j = week_of(&acc1, &raw);
	/* Its own booking: the name and place it typed. */
	json_t *mine = appt_in(j, booked);
	assert_non_null(mine);
	assert_string_equal(json_string_value(json_object_get(mine, "person")), "Mme Leroy");
	assert_string_equal(json_string_value(json_object_get(mine, "site")), "Accueil");
	/* The worker's appointment with her person: the time and the mode only. */
	json_t *theirs = appt_in(j, own_appt);
	assert_non_null(theirs);
	assert_true(json_is_null(json_object_get(theirs, "person")));
	assert_true(json_is_null(json_object_get(theirs, "person_id")));
	assert_true(json_is_null(json_object_get(theirs, "case_id")));
	assert_true(json_is_null(json_object_get(theirs, "site")));
	assert_false(json_is_true(json_object_get(theirs, "first_contact")));
	expect_not_in(&raw, "Roux");
	expect_not_in(&raw, "Cachée");
	json_decref(j);
	http_resp_free(&raw);
	/* Another reception account: not its booking, no name. */
	j = week_of(&acc2, &raw);
	mine = appt_in(j, booked);
	assert_non_null(mine);
	assert_true(json_is_null(json_object_get(mine, "person")));
	expect_not_in(&raw, "Leroy");
	expect_not_in(&raw, "Garnier");
	expect_not_in(&raw, "Roux");
	json_decref(j);
	http_resp_free(&raw);
	/* The worker: the name typed for her, and her person. */
	j = week_of(&w1, &raw);
	assert_string_equal(json_string_value(json_object_get(appt_in(j, booked), "person")),
			    "Mme Leroy");
	assert_string_equal(json_string_value(json_object_get(appt_in(j, own_appt), "person")),
			    "Roux Anne");
	json_decref(j);
	http_resp_free(&raw);
	/* The head: no name at all. */
	j = week_of(&head, &raw);
	expect_not_in(&raw, "Leroy");
	expect_not_in(&raw, "Roux");
	json_decref(j);
	http_resp_free(&raw);
	/* One appointment read alone says the same. */
	char path[64];
	snprintf(path, sizeof path, "/api/v1/appointments/%lld", own_appt);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &acc1, 0, "GET", path, NULL, &r), 200);
	expect_not_in(&r, "Roux");
	expect_not_in(&r, "Cachée");
	http_resp_free(&r);
	/* The week page. */
	assert_int_equal(http_as(PORT, &acc1, 0, "GET", "/agenda?worker=w1&week=" WEEK, NULL, &r),
			 200);
	expect_in(&r, "Mme Leroy");
	expect_in(&r, "M. Garnier");
	expect_not_in(&r, "Roux");
	expect_not_in(&r, "Cachée");
	expect_not_in(&r, "/cases/");
	expect_not_in(&r, "/intervention");
	expect_in(&r, "/move");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &acc2, 0, "GET", "/agenda?worker=w1&week=" WEEK, NULL, &r),
			 200);
	expect_not_in(&r, "Leroy");
	expect_not_in(&r, "Garnier");
	http_resp_free(&r);
}

static void test_moving(void **state)
{
	(void)state;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/appointments/%lld/move", booked);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &acc1, 1, "POST", path,
				 "{\"start\":\"2030-03-08T15:00\",\"end\":\"2030-03-08T15:30\"}", &r),
			 200);
	json_t *j = http_json(&r);
	assert_string_equal(json_string_value(json_object_get(j, "start")), "2030-03-08T15:00");
	assert_string_equal(json_string_value(json_object_get(j, "person")), "Mme Leroy");
	json_decref(j);
	http_resp_free(&r);
	/* Onto another appointment, across days, backwards: refused. */
	expect_api(PORT, &acc1, "POST", path,
		   "{\"start\":\"2030-03-05T09:15\",\"end\":\"2030-03-05T09:45\"}", 422, "start");
	expect_api(PORT, &acc1, "POST", path,
		   "{\"start\":\"2030-03-08T15:00\",\"end\":\"2030-03-09T15:30\"}", 422, "end");
	expect_api(PORT, &acc1, "POST", path, "{\"start\":\"2030-03-08T15:00\"}", 422, "end");
	/* Any worker's appointment, the worker's own included, without seeing
	   more of it. */
	snprintf(path, sizeof path, "/api/v1/appointments/%lld/move", own_appt);
	assert_int_equal(http_as(PORT, &acc2, 1, "POST", path,
				 "{\"start\":\"2030-03-05T08:00\",\"end\":\"2030-03-05T09:00\"}", &r),
			 200);
	expect_not_in(&r, "Roux");
	expect_not_in(&r, "Cachée");
	http_resp_free(&r);
	/* The worker moves her own too; through the page. */
	expect_api(PORT, &w1, "POST", path,
		   "{\"start\":\"2030-03-05T09:00\",\"end\":\"2030-03-05T10:00\"}", 200, NULL);
	snprintf(path, sizeof path, "/agenda/appointments/%lld/move?week=" WEEK "&worker=w1",
		 booked_web);
	assert_int_equal(http_form(PORT, &acc1, path, "date=2030-03-07&start=16:00&end=16:30", &r),
			 303);
	http_resp_free(&r);
	json_t *week = week_of(&acc1, NULL);
	assert_string_equal(json_string_value(json_object_get(appt_in(week, booked_web), "start")),
			    "2030-03-07T16:00");
	json_decref(week);
	/* A cancelled appointment does not move; it was cancelled by the
	   reception (a status). */
	snprintf(path, sizeof path, "/api/v1/appointments/%lld", booked_web);
	expect_api(PORT, &acc1, "PATCH", path, "{\"status\":\"annule\"}", 200, NULL);
	snprintf(path, sizeof path, "/api/v1/appointments/%lld/move", booked_web);
	expect_api(PORT, &acc1, "POST", path,
		   "{\"start\":\"2030-03-07T17:00\",\"end\":\"2030-03-07T17:30\"}", 422, "status");
	/* No intervention from the reception. */
	snprintf(path, sizeof path, "/api/v1/appointments/%lld/intervention", own_appt);
	expect_api(PORT, &acc1, "POST", path, "{\"kind\":\"entretien\"}", 404, NULL);
	/* Missing: not found. */
	expect_api(PORT, &acc1, "POST", "/api/v1/appointments/" MISSING "/move",
		   "{\"start\":\"2030-03-07T17:00\",\"end\":\"2030-03-07T17:30\"}", 404, NULL);
}

static void test_permanences(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &acc1, 1, "POST", "/api/v1/permanences",
				 "{\"organisation\":\"acme\",\"worker\":\"w1\",\"site\":\"Salle A\","
				 "\"weekday\":2,\"start\":\"14:00\",\"end\":\"17:00\","
				 "\"from\":\"2030-01-01\"}",
				 &r),
			 201);
	long long id = created_id(&r);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/permanences/%lld/exceptions", id);
	expect_api(PORT, &acc1, "POST", path, "{\"date\":\"2030-01-08\",\"reason\":\"Formation\"}",
		   201, NULL);
	assert_int_equal(http_as(PORT, &acc1, 0, "GET", "/api/v1/permanences", NULL, &r), 200);
	expect_in(&r, "Salle A");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &acc1, 0, "GET", "/permanences", NULL, &r), 200);
	http_resp_free(&r);
	/* The week shows the permanence beside the appointments. */
	json_t *j = week_of(&acc1, NULL);
	assert_true(json_array_size(json_object_get(j, "permanences")) >= 1);
	json_decref(j);
}

/* One request as s: JSON on the API, a form POST or a GET on pages. */
static int send(const struct sess *s, const char *method, const char *path, const char *body,
		struct http_resp *out)
{
	if (strncmp(path, "/api/", 5) == 0)
		return http_as(PORT, s, 1, method, path, body, out);
	if (strcmp(method, "GET") == 0)
		return http_as(PORT, s, 0, "GET", path, NULL, out);
	return http_form(PORT, s, path, body ? body : "", out);
}

/* method path as s: 404, the same body as for a missing record. */
static void not_found(const struct sess *s, const char *method, const char *path,
		      const char *missing, const char *body)
{
	struct http_resp r, m;
	int st = send(s, method, path, body, &r);
	if (st != 404)
		fail_msg("%s %s as the reception: %d", method, path, st);
	assert_int_equal(send(s, method, missing, body, &m), 404);
	assert_int_equal(r.body_len, m.body_len);
	assert_memory_equal(r.body, m.body, r.body_len);
	expect_not_in(&r, "Roux");
	http_resp_free(&r);
	http_resp_free(&m);
}

static void test_no_case_no_person(void **state)
{
	(void)state;
	char p[64], c[64], pw[64], cw[64];
	snprintf(p, sizeof p, "/api/v1/persons/%lld", person_id);
	snprintf(c, sizeof c, "/api/v1/cases/%lld", case_id);
	snprintf(pw, sizeof pw, "/persons/%lld", person_id);
	snprintf(cw, sizeof cw, "/cases/%lld", case_id);
	const struct {
		const char *method, *tail, *missing, *body;
		const char *id_path;
	} calls[] = {
		{"GET", NULL, "/api/v1/persons/" MISSING, NULL, p},
		{"PATCH", NULL, "/api/v1/persons/" MISSING, "{\"job_title\":\"Chef\"}", p},
		{"GET", "/export", "/api/v1/persons/" MISSING "/export", NULL, p},
		{"GET", NULL, "/api/v1/cases/" MISSING, NULL, c},
		{"PATCH", NULL, "/api/v1/cases/" MISSING, "{\"action_plan\":\"Plan\"}", c},
		{"GET", "/interventions", "/api/v1/cases/" MISSING "/interventions", NULL, c},
		{"GET", "/shares", "/api/v1/cases/" MISSING "/shares", NULL, c},
		{"GET", "/aids", "/api/v1/cases/" MISSING "/aids", NULL, c},
		{"GET", "/orientations", "/api/v1/cases/" MISSING "/orientations", NULL, c},
		{"GET", "/budget", "/api/v1/cases/" MISSING "/budget", NULL, c},
		{"GET", "/retention", "/api/v1/cases/" MISSING "/retention", NULL, c},
		{"GET", NULL, "/persons/" MISSING, NULL, pw},
		{"POST", NULL, "/persons/" MISSING, "last_name=X&first_name=Y&consent_on=2024-01-02",
		 pw},
		{"GET", NULL, "/cases/" MISSING, NULL, cw},
		{"POST", "/interventions", "/cases/" MISSING "/interventions",
		 "date=2024-03-01&mode=bureau&kind=entretien&duration_minutes=30", cw},
	};
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s%s", calls[i].id_path,
			 calls[i].tail ? calls[i].tail : "");
		not_found(&acc1, calls[i].method, path, calls[i].missing, calls[i].body);
	}
	/* The lists and forms of case work are not its role at all. */
	expect_api(PORT, &acc1, "GET", "/api/v1/persons", NULL, 403, NULL);
	expect_api(PORT, &acc1, "GET", "/api/v1/cases", NULL, 403, NULL);
	expect_api(PORT, &acc1, "POST", "/api/v1/persons",
		   "{\"organisation\":\"acme\",\"last_name\":\"X\",\"first_name\":\"Y\","
		   "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		   403, NULL);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &acc1, 0, "GET", "/persons", NULL, &r), 403);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &acc1, 0, "GET", "/cases", NULL, &r), 403);
	http_resp_free(&r);
	/* Nor the calendar feed, the caseloads, the bilan. */
	expect_api(PORT, &acc1, "GET", "/api/v1/calendar", NULL, 403, NULL);
	expect_api(PORT, &acc1, "GET", "/api/v1/caseloads", NULL, 403, NULL);
	/* Every refusal is audited. */
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r),
			 200);
	expect_in(&r, "\"person.read_denied\"");
	expect_in(&r, "\"case.read_denied\"");
	expect_in(&r, "\"appointment.move\"");
	expect_not_in(&r, "Leroy");
	http_resp_free(&r);
	/* Its home page and menu offer the agenda and the permanences only. */
	assert_int_equal(http_as(PORT, &acc1, 0, "GET", "/", NULL, &r), 200);
	expect_in(&r, "href=\"/agenda\"");
	expect_in(&r, "href=\"/permanences\"");
	expect_not_in(&r, "href=\"/persons\"");
	expect_not_in(&r, "href=\"/cases\"");
	http_resp_free(&r);
}

/* The names it typed leave with the retention period (relais purge). */
static void test_names_purged(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &acc1, 1, "POST", "/api/v1/appointments",
				 "{\"worker\":\"w1\",\"start\":\"2030-03-04T08:00\","
				 "\"end\":\"2030-03-04T08:30\",\"mode\":\"bureau\","
				 "\"contact_name\":\"M. Ancien\"}",
				 &r),
			 201);
	long long old = created_id(&r);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "UPDATE appointments SET start_at = '2001-03-05T08:00', end_at = '2001-03-05T08:30'"
		 " WHERE id = %lld",
		 old);
	assert_int_equal(fixture_sql(&fx, sql), 0);
	const char *purge[] = {"purge", "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(purge, NULL, NULL), 0);
	assert_int_equal(http_as(PORT, &acc1, 0, "GET", "/api/v1/appointments?worker=w1&week=2001-W10",
				 NULL, &r),
			 200);
	json_t *j = http_json(&r);
	json_t *a = appt_in(j, old);
	assert_non_null(a);
	assert_true(json_is_null(json_object_get(a, "person")));
	json_decref(j);
	http_resp_free(&r);
	/* The recent ones keep theirs. */
	j = week_of(&acc1, NULL);
	assert_string_equal(json_string_value(json_object_get(appt_in(j, booked), "person")),
			    "Mme Leroy");
	json_decref(j);
}

static void test_account(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &acc1, 0, "GET", "/api/v1/me", NULL, &r), 200);
	json_t *j = http_json(&r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "user"), "role")),
			    "reception");
	json_decref(j);
	http_resp_free(&r);
	/* The admin's form offers the role, with its French label; the API
	   takes its code. */
	assert_int_equal(http_as(PORT, &admin, 0, "GET", "/admin/users", NULL, &r), 200);
	expect_in(&r, "value=\"reception\"");
	expect_in(&r, "Secrétariat / accueil");
	http_resp_free(&r);
	expect_api(PORT, &admin, "POST", "/api/v1/users",
		   "{\"login\":\"acc3\",\"name\":\"Accueil trois\",\"role\":\"reception\"}", 201,
		   NULL);
	expect_api(PORT, &admin, "POST", "/api/v1/users",
		   "{\"login\":\"acc4\",\"name\":\"Accueil\",\"role\":\"secretariat\"}", 422,
		   "role");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_booking),
		cmocka_unit_test(test_agenda_without_motives),
		cmocka_unit_test(test_moving),
		cmocka_unit_test(test_permanences),
		cmocka_unit_test(test_no_case_no_person),
		cmocka_unit_test(test_names_purged),
		cmocka_unit_test(test_account),
	};
	return cmocka_run_group_tests_name("reception", tests, setup, teardown);
}
