/*
 * test_retention — job retention on a case: sick leaves (dates in order,
 * kinds, overlaps), RQTH, therapeutic part-time, the adjustment (sealed),
 * the outcome (closed cases only), secrecy for every role, audit, the
 * case page's section and forms, and the dashboard's long leaves.
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
#include "service/app.h"
#include "service/auth.h"
#include "service/job_retention.h"

static struct fixture fx;
static struct sess w1, w2, head, admin, employer, auditor;
static long long case_id, short_case, recent_case;
static char base[64];

#define PORT fx.srv.port
#define SECRET "poste assis, écran surélevé, horaires aménagés"

/* YYYY-MM-DD of today + days. */
static const char *day(int days)
{
	return test_day(days);
}

static long long new_case(const char *last, const char *first)
{
	struct http_resp r;
	char body[256];
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"last_name\":\"%s\",\"first_name\":\"%s\","
		 "\"consent\":{\"accompaniment_on\":\"2024-01-02\"}}",
		 last, first);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons", body, &r) != 201)
		return 0;
	long long pid = created_id(&r);
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-01-02\",\"referral_source\":\"medecin\","
		 "\"domains\":[\"sante.arret\"]}",
		 pid);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r) != 201)
		return 0;
	return created_id(&r);
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker",	 "w2:worker", "head1:head",
					    "admin1:admin",	 "rh1:employer:acme",
					    "auditor1:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &head, &admin, &employer, &auditor};
	const char *logins[] = {"w1", "w2", "head1", "admin1", "rh1", "auditor1"};
	for (int i = 0; i < 6; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
		    "{\"login\":\"w1\"}", NULL) != 200 ||
	    http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
		    "{\"login\":\"w2\"}", NULL) != 200)
		return -1;
	case_id = new_case("Morel", "Luc");
	short_case = new_case("Petit", "Ana");
	recent_case = new_case("Garnier", "Paul");
	snprintf(base, sizeof base, "/api/v1/cases/%lld", case_id);
	return case_id && short_case && recent_case ? 0 : -1;
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

static const char *sub(long long id, const char *tail)
{
	static char path[4][128];
	static int k;
	k = (k + 1) % 4;
	snprintf(path[k], sizeof path[k], "/api/v1/cases/%lld%s", id, tail);
	return path[k];
}

static const char *leave(const char *start, const char *end, const char *kind)
{
	static char body[4][160];
	static int k;
	k = (k + 1) % 4;
	if (end)
		snprintf(body[k], sizeof body[k], "{\"start\":\"%s\",\"end\":\"%s\",\"kind\":\"%s\"}",
			 start, end, kind);
	else
		snprintf(body[k], sizeof body[k], "{\"start\":\"%s\",\"kind\":\"%s\"}", start, kind);
	return body[k];
}

static long long leave_id;

static void test_sick_leaves(void **state)
{
	(void)state;
	const char *p = sub(case_id, "/sick-leaves");
	expect(&w1, "POST", p, leave("2024-03-10", "2024-03-01", "maladie"), 422, "end");
	expect(&w1, "POST", p, leave("2024-02-30", NULL, "maladie"), 422, "start");
	expect(&w1, "POST", p, leave("2024-03-01", NULL, "grippe"), 422, "kind");
	expect(&w1, "POST", p, "{\"start\":\"2024-03-01\"}", 422, "kind");
	expect(&w1, "POST", p, leave("2024-01-01", "2024-01-31", "at_mp"), 201, NULL);
	/* Overlapping leaves of one case are refused. */
	expect(&w1, "POST", p, leave("2024-01-15", "2024-02-10", "maladie"), 422, "start");
	expect(&w1, "POST", p, leave("2023-12-01", NULL, "maladie"), 422, "start");
	/* The long leave: open, started 120 days ago. */
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "POST", p, leave(day(-120), NULL, "longue_maladie"),
				 &r),
			 201);
	leave_id = created_id(&r);
	expect(&w1, "POST", p, leave(day(-10), NULL, "maladie"), 422, "start");
	/* Changes: dates in order, no overlap. */
	char one[128];
	snprintf(one, sizeof one, "%s/%lld", p, leave_id);
	expect(&w1, "PATCH", one, "{\"end\":\"2024-01-01\"}", 422, "end");
	expect(&w1, "PATCH", one, "{\"start\":\"2024-01-20\"}", 422, "start");
	expect(&w1, "PATCH", one, "{\"kind\":\"rhume\"}", 422, "kind");
	expect(&w1, "PATCH", one, "{\"kind\":\"maladie\"}", 200, NULL);
	expect(&w1, "PATCH", sub(case_id, "/sick-leaves/999999"), "{\"kind\":\"maladie\"}", 404, NULL);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", p, NULL, &r), 200);
	json_t *j = http_json(&r);
	json_t *list = json_object_get(j, "sick_leaves");
	assert_int_equal(json_array_size(list), 2);
	json_t *l0 = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(l0, "kind")), "maladie");
	assert_true(json_is_null(json_object_get(l0, "end")));
	assert_int_equal(json_integer_value(json_object_get(l0, "days")), 120);
	assert_true(json_is_true(json_object_get(l0, "long_leave")));
	json_t *l1 = json_array_get(list, 1);
	assert_true(json_is_false(json_object_get(l1, "long_leave")));
	long long old = json_integer_value(json_object_get(l1, "id"));
	json_decref(j);
	http_resp_free(&r);
	/* Delete, then a second delete finds nothing. */
	char gone[128];
	snprintf(gone, sizeof gone, "%s/%lld", p, old);
	expect(&w2, "DELETE", gone, NULL, 404, NULL);
	expect(&w1, "DELETE", gone, NULL, 204, NULL);
	expect(&w1, "DELETE", gone, NULL, 404, NULL);
	/* The other cases of the dashboard test: a short leave; a long one with
	   a recent intervention. */
	expect(&w1, "POST", sub(short_case, "/sick-leaves"), leave(day(-40), NULL, "maladie"), 201,
	       NULL);
	expect(&w1, "POST", sub(recent_case, "/sick-leaves"), leave(day(-200), day(5), "maladie"),
	       201, NULL);
	char iv[200];
	snprintf(iv, sizeof iv,
		 "{\"date\":\"%s\",\"mode\":\"telephone\",\"kind\":\"entretien\","
		 "\"duration_minutes\":20}",
		 day(-3));
	expect(&w1, "POST", sub(recent_case, "/interventions"), iv, 201, NULL);
}

static void test_record(void **state)
{
	(void)state;
	const char *p = sub(case_id, "/retention");
	expect(&w1, "PATCH", p, "{\"rqth_status\":\"peut-etre\"}", 422, "rqth_status");
	expect(&w1, "PATCH", p,
	       "{\"rqth_status\":\"reconnue\",\"rqth_requested_on\":\"2024-03-01\","
	       "\"rqth_decided_on\":\"2024-02-01\"}",
	       422, "rqth_decided_on");
	expect(&w1, "PATCH", p, "{\"rqth_status\":\"en_cours\",\"rqth_decided_on\":\"2024-05-01\"}",
	       422, "rqth_decided_on");
	expect(&w1, "PATCH", p,
	       "{\"rqth_status\":\"reconnue\",\"rqth_decided_on\":\"2024-05-01\","
	       "\"rqth_expires_on\":\"2024-04-01\"}",
	       422, "rqth_expires_on");
	expect(&w1, "PATCH", p, "{\"rqth_requested_on\":\"2999-01-01\"}", 422, "rqth_requested_on");
	expect(&w1, "PATCH", p, "{\"pre_return_visit_on\":\"demain\"}", 422, "pre_return_visit_on");
	expect(&w1, "PATCH", p,
	       "{\"adjustment_requested_on\":\"2024-06-01\",\"adjustment_done_on\":\"2024-05-01\"}",
	       422, "adjustment_done_on");
	/* The outcome waits for the case's closing. */
	expect(&w1, "PATCH", p, "{\"outcome\":\"reclassement\"}", 422, "outcome");
	expect(&w1, "PATCH", p,
	       "{\"rqth_status\":\"reconnue\",\"rqth_requested_on\":\"2024-03-01\","
	       "\"rqth_decided_on\":\"2024-05-01\",\"rqth_expires_on\":\"2029-05-01\","
	       "\"pre_return_visit_on\":\"2024-06-10\",\"adjustment_requested_on\":\"2024-06-12\","
	       "\"adjustment_done_on\":\"2024-07-01\",\"adjustment_description\":\"" SECRET "\"}",
	       200, NULL);
	/* Therapeutic part-time. */
	const char *pt = sub(case_id, "/part-times");
	expect(&w1, "POST", pt, "{\"start\":\"2024-08-01\",\"percent\":0}", 422, "percent");
	expect(&w1, "POST", pt, "{\"start\":\"2024-08-01\",\"percent\":100}", 422, "percent");
	expect(&w1, "POST", pt, "{\"start\":\"2024-08-01\"}", 422, "percent");
	expect(&w1, "POST", pt, "{\"start\":\"2024-08-01\",\"end\":\"2024-07-01\",\"percent\":50}",
	       422, "end");
	expect(&w1, "POST", pt, "{\"start\":\"2024-08-01\",\"end\":\"2024-10-31\",\"percent\":50}",
	       201, NULL);
	expect(&w1, "POST", pt, "{\"start\":\"2024-10-01\",\"percent\":80}", 422, "start");
	expect(&w1, "POST", pt, "{\"start\":\"2024-11-01\",\"percent\":80}", 201, NULL);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", p, NULL, &r), 200);
	json_t *j = http_json(&r);
	json_t *ret = json_object_get(j, "retention");
	json_t *rqth = json_object_get(ret, "rqth");
	assert_string_equal(json_string_value(json_object_get(rqth, "status")), "reconnue");
	assert_string_equal(json_string_value(json_object_get(rqth, "expires_on")), "2029-05-01");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(ret, "adjustment"), "description")),
		SECRET);
	assert_int_equal(json_array_size(json_object_get(ret, "part_times")), 2);
	assert_int_equal(json_array_size(json_object_get(ret, "sick_leaves")), 1);
	assert_true(json_is_null(json_object_get(ret, "outcome")));
	json_decref(j);
	http_resp_free(&r);
	/* Clearing a date with null. */
	expect(&w1, "PATCH", p, "{\"pre_return_visit_on\":null}", 200, NULL);
	/* Sealed: not in clear in what the database stores. */
	assert_int_equal(db_has(&fx, "écran surélevé"), 0);
	/* A name stored in clear is seen: the check reads the stored bytes. */
	assert_int_equal(db_has(&fx, "ACME"), 1);
}

static void test_secrecy(void **state)
{
	(void)state;
	const struct sess *others[] = {&w2, &head, &admin, &employer, &auditor};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		const struct sess *s = others[i];
		expect(s, "GET", sub(case_id, "/retention"), NULL, 404, NULL);
		expect(s, "PATCH", sub(case_id, "/retention"), "{\"rqth_status\":\"aucune\"}", 404,
		       NULL);
		expect(s, "GET", sub(case_id, "/sick-leaves"), NULL, 404, NULL);
		expect(s, "POST", sub(case_id, "/sick-leaves"), leave("2020-01-01", NULL, "maladie"),
		       404, NULL);
		expect(s, "POST", sub(case_id, "/part-times"), "{\"start\":\"2020-01-01\",\"percent\":50}",
		       404, NULL);
	}
	expect(&w1, "GET", "/api/v1/cases/999999/retention", NULL, 404, NULL);
	/* A live share opens it; its end closes it again. */
	char until[128];
	snprintf(until, sizeof until, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"Congé\"}",
		 day(10));
	expect(&w1, "POST", sub(case_id, "/shares"), until, 201, NULL);
	expect(&w2, "GET", sub(case_id, "/retention"), NULL, 200, NULL);
	expect(&w1, "DELETE", sub(case_id, "/shares/w2"), NULL, 204, NULL);
	expect(&w2, "GET", sub(case_id, "/retention"), NULL, 404, NULL);
	/* The page of the case: nothing of it for anyone else. */
	struct http_resp r;
	char page[64];
	snprintf(page, sizeof page, "/cases/%lld", case_id);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", page, NULL, &r), 404);
	expect_not_in(&r, "Maintien");
	http_resp_free(&r);
}

/* The dashboard, straight through the service as the home page will call it. */
struct seen {
	int lines;
	long long case_id, count, days;
	int named;
};

static int collect(void *ctx, const struct dashboard_item *it)
{
	struct seen *s = ctx;
	assert_string_equal(it->kind, "long_leave");
	s->lines++;
	s->case_id = it->case_id;
	s->count = it->count;
	s->days = it->days;
	s->named = it->person != NULL;
	if (it->person)
		assert_string_equal(it->person, "Morel Luc");
	return 0;
}

static struct seen dashboard_of(const char *login)
{
	struct app_config cfg = {.db = fx.db, .key_file = fx.key, .connections = 1,
				 .session_idle = 1800, .session_max = 43200, .report_read_alert = 20};
	app *a = NULL;
	char err[256];
	struct seen s = {0, 0, 0, 0, 0};
	if (app_open(&cfg, &a, err, sizeof err) != 0)
		fail_msg("app_open: %s", err);
	svc *call = svc_open(a, "127.0.0.1");
	struct session_new sn;
	char code[16];
	assert_int_equal(test_code(fx.srv.port, login, code), 0);
	assert_int_equal(auth_login(call, login, TEST_PASSWORD, code, &sn), SVC_OK);
	assert_int_equal(job_retention_dashboard(call, collect, &s), SVC_OK);
	svc_close(call);
	app_close(a);
	return s;
}

static void test_dashboard(void **state)
{
	(void)state;
	/* Only the long leave without recent contact: not the short one, not
	   the one with an intervention 3 days ago. */
	struct seen s = dashboard_of("w1");
	assert_int_equal(s.lines, 1);
	assert_int_equal(s.case_id, case_id);
	assert_int_equal(s.count, 1);
	assert_int_equal(s.days, 120);
	assert_true(s.named);
	/* Another worker sees nothing; the head a count without a name. */
	s = dashboard_of("w2");
	assert_int_equal(s.lines, 0);
	s = dashboard_of("head1");
	assert_int_equal(s.lines, 1);
	assert_int_equal(s.case_id, 0);
	assert_int_equal(s.count, 1);
	assert_false(s.named);
	s = dashboard_of("rh1");
	assert_int_equal(s.lines, 0);
	/* A recent intervention takes it off. */
	char iv[200];
	snprintf(iv, sizeof iv,
		 "{\"date\":\"%s\",\"mode\":\"telephone\",\"kind\":\"entretien\","
		 "\"duration_minutes\":20}",
		 day(0));
	expect(&w1, "POST", sub(case_id, "/interventions"), iv, 201, NULL);
	s = dashboard_of("w1");
	assert_int_equal(s.lines, 0);
}

static void test_outcome_and_pages(void **state)
{
	(void)state;
	struct http_resp r;
	char page[64], post[96];
	snprintf(page, sizeof page, "/cases/%lld", case_id);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", page, NULL, &r), 200);
	expect_in(&r, "Maintien dans l&#39;emploi");
	expect_in(&r, "Ajouter un arrêt de travail");
	expect_in(&r, "écran surélevé");
	expect_not_in(&r, "name=\"outcome\" required aria"); /* no outcome field while open */
	/* Periods read as sentences: a closed one "du … au …", an open one
	   "depuis le …", never "au en cours". */
	expect_in(&r, "du 01/08/2024 au 31/10/2024");
	expect_in(&r, "depuis le 01/11/2024");
	expect_not_in(&r, "au en cours");
	http_resp_free(&r);
	/* A refused leave form: the page again, the message next to the field. */
	snprintf(post, sizeof post, "/cases/%lld/sick-leaves", case_id);
	assert_int_equal(http_form(PORT, &w1, post, "start=2023-05-10&end=2023-05-01&kind=maladie",
				   &r),
			 422);
	expect_in(&r, "err-leave-end");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, post, "start=2023-05-01&end=2023-05-10&kind=maladie",
				   &r),
			 303);
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w2, post, "start=2022-05-01&end=2022-05-10&kind=maladie",
				   &r),
			 404);
	http_resp_free(&r);
	snprintf(post, sizeof post, "/cases/%lld/retention", case_id);
	assert_int_equal(http_form(PORT, &w1, post, "rqth_status=reconnue&outcome=reclassement", &r),
			 422);
	expect_in(&r, "clôture du suivi");
	http_resp_free(&r);
	snprintf(post, sizeof post, "/cases/%lld/part-times", case_id);
	assert_int_equal(http_form(PORT, &w1, post, "start=2025-01-01&percent=150", &r), 422);
	expect_in(&r, "err-pt-percent");
	http_resp_free(&r);
	/* Closed, the outcome may be recorded. */
	expect(&w1, "PATCH", base, "{\"closed_on\":\"2024-12-01\",\"outcome\":\"reclassement\"}", 200,
	       NULL);
	expect(&w1, "PATCH", sub(case_id, "/retention"), "{\"outcome\":\"licencie\"}", 422,
	       "outcome");
	expect(&w1, "PATCH", sub(case_id, "/retention"), "{\"outcome\":\"reclassement\"}", 200, NULL);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", page, NULL, &r), 200);
	expect_in(&r, "Issue du maintien dans l&#39;emploi");
	http_resp_free(&r);
	/* A closed case leaves the dashboard. */
	assert_int_equal(dashboard_of("head1").lines, 0);
}

static void test_audit(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	const char *want[] = {"\"retention.read\"",	   "\"retention.update\"",
			      "\"sick_leave.create\"",	   "\"sick_leave.update\"",
			      "\"sick_leave.delete\"",	   "\"part_time.create\"",
			      "\"retention.read_denied\"", "\"retention.create_denied\""};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(r.body, want[i]))
			fail_msg("audit lacks %s", want[i]);
	assert_null(strstr(r.body, "surélevé"));
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sick_leaves), cmocka_unit_test(test_record),
		cmocka_unit_test(test_secrecy),	    cmocka_unit_test(test_dashboard),
		cmocka_unit_test(test_outcome_and_pages), cmocka_unit_test(test_audit),
	};
	return cmocka_run_group_tests_name("retention", tests, setup, teardown);
}
