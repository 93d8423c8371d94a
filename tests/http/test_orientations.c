/*
 * test_orientations — orientations of a case to partners: every refusal
 * of the validation (partner, dates, reason, the consent rule for the
 * person's details), the status changes allowed and refused, the 30-day
 * no-answer rule with dates in the past, the case's secrecy for each role,
 * the sealed reason, the audit, and the dashboard lines of
 * orientations_dashboard() (worker, colleague, head, others).
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
#include "service/app.h"
#include "service/auth.h"
#include "service/orientations.h"

static struct fixture fx;
static struct sess w1, w2, head, admin, employer, auditor;
static long long case_id, partner_id;
static char list_path[64];

#define PORT fx.srv.port
#define expect(...) expect_api(PORT, __VA_ARGS__)
#define SECRET_REASON "Expulsion imminente, dette de loyer de 3 200 euros"

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker", "w2:worker", "head1:head", "admin1:admin",
					    "rh1:employer:acme", "auditor1:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &head, &admin, &employer, &auditor};
	const char *logins[] = {"w1", "w2", "head1", "admin1", "rh1", "auditor1"};
	for (int i = 0; i < 6; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	const char *workers[] = {"{\"login\":\"w1\"}", "{\"login\":\"w2\"}"};
	for (int i = 0; i < 2; i++)
		if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", workers[i],
			    NULL) != 200)
			return -1;
	struct http_resp r;
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"Roux\",\"first_name\":\"Anne\","
		    "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		    &r) != 201)
		return -1;
	long long person_id = created_id(&r);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"logement.expulsion\"]}",
		 person_id);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r) != 201)
		return -1;
	case_id = created_id(&r);
	snprintf(list_path, sizeof list_path, "/api/v1/cases/%lld/orientations", case_id);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/partners",
		    "{\"name\":\"ADIL de l'Essonne\",\"kind\":\"association\"}", &r) != 201)
		return -1;
	partner_id = created_id(&r);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}


/* today + days, YYYY-MM-DD. */
static const char *day(int days, char out[DATE_LEN + 1])
{
	char today[DATE_LEN + 1];
	date_today(today);
	date_add_days(today, days, out);
	return out;
}

/* Posts an orientation sent on sent_on (extra: more JSON members or "");
   expects status and field; the new id on 201. */
static long long post(const struct sess *s, const char *sent_on, const char *extra, int status,
		      const char *field)
{
	char body[512];
	snprintf(body, sizeof body,
		 "{\"partner_id\":%lld,\"sent_on\":\"%s\",\"reason\":\"" SECRET_REASON "\"%s}",
		 partner_id, sent_on, extra);
	struct http_resp r;
	char v[64];
	int got = http_as(PORT, s, 1, "POST", list_path, body, &r);
	if (got != status || (field && strcmp(json_error(&r, "field", v, sizeof v), field) != 0))
		fail_msg("POST %s: %d %s, expected %d %s", body, got, r.body, status,
			 field ? field : "");
	return status == 201 ? created_id(&r) : (http_resp_free(&r), 0);
}

/* The status of orientation id as w1 lists it. */
static const char *status_of(long long id, char *out, size_t len)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", list_path, NULL, &r), 200);
	json_t *j = http_json(&r), *e;
	size_t i;
	out[0] = '\0';
	json_array_foreach(json_object_get(j, "orientations"), i, e)
		if (json_integer_value(json_object_get(e, "id")) == id)
			snprintf(out, len, "%s", json_string_value(json_object_get(e, "status")));
	json_decref(j);
	http_resp_free(&r);
	return out;
}

static void test_create(void **state)
{
	(void)state;
	char d[DATE_LEN + 1], body[256];
	expect(&w1, "POST", list_path, "{\"sent_on\":\"2024-03-01\",\"reason\":\"x\"}", 422,
	       "partner_id");
	expect(&w1, "POST", list_path,
	       "{\"partner_id\":999999,\"sent_on\":\"2024-03-01\",\"reason\":\"x\"}", 422,
	       "partner_id");
	expect(&w1, "POST", list_path,
	       "{\"partner_id\":\"1\",\"sent_on\":\"2024-03-01\",\"reason\":\"x\"}", 422,
	       "partner_id");
	post(&w1, day(1, d), "", 422, "sent_on");   /* in the future */
	post(&w1, "2024-01-31", "", 422, "sent_on"); /* before the case opened */
	post(&w1, "2024-02-30", "", 422, "sent_on");
	post(&w1, "", "", 422, "sent_on");
	snprintf(body, sizeof body,
		 "{\"partner_id\":%lld,\"sent_on\":\"2024-03-01\",\"reason\":\"\"}", partner_id);
	expect(&w1, "POST", list_path, body, 422, "reason");
	snprintf(body, sizeof body, "{\"partner_id\":%lld,\"sent_on\":\"2024-03-01\"}", partner_id);
	expect(&w1, "POST", list_path, body, 422, "reason");
	/* The person's details: only with their dated consent to share. */
	post(&w1, "2024-03-01", ",\"details_sent\":true", 422, "details_sent");
	post(&w1, "2024-03-01", ",\"details_sent\":true,\"share_consent_on\":\"\"", 422,
	     "details_sent");
	post(&w1, "2024-03-01", ",\"details_sent\":\"oui\",\"share_consent_on\":\"2024-03-01\"", 422,
	     "details_sent");
	post(&w1, "2024-03-01", ",\"details_sent\":true,\"share_consent_on\":\"2024-13-01\"", 422,
	     "share_consent_on");
	snprintf(body, sizeof body, ",\"share_consent_on\":\"%s\"", day(1, d));
	post(&w1, "2024-03-01", body, 422, "share_consent_on"); /* consent in the future */
	post(&w1, "2024-03-01", ",\"details_sent\":true,\"share_consent_on\":\"2024-01-15\"", 422,
	     "share_consent_on"); /* before the case */
	post(&w1, "2024-03-01", ",\"details_sent\":true,\"share_consent_on\":\"2024-03-02\"", 422,
	     "share_consent_on"); /* after the details went */
	/* Accepted: with consent and details; with consent only; with neither. */
	long long id = post(&w1, "2024-03-01",
			    ",\"details_sent\":true,\"share_consent_on\":\"2024-02-20\"", 201, NULL);
	assert_true(id > 0);
	post(&w1, "2024-03-02", ",\"share_consent_on\":\"2024-03-05\"", 201, NULL);
	post(&w1, "2024-03-03", "", 201, NULL);

	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", list_path, NULL, &r), 200);
	json_t *j = http_json(&r);
	json_t *list = json_object_get(j, "orientations");
	assert_int_equal(json_array_size(list), 3);
	json_t *last = json_array_get(list, 2); /* latest sent first */
	assert_int_equal(json_integer_value(json_object_get(last, "id")), id);
	assert_string_equal(json_string_value(json_object_get(last, "reason")), SECRET_REASON);
	assert_true(json_is_true(json_object_get(last, "details_sent")));
	assert_string_equal(json_string_value(json_object_get(last, "share_consent_on")), "2024-02-20");
	/* Sent long ago and never answered: the 30-day rule already applied. */
	assert_string_equal(json_string_value(json_object_get(last, "status")), "sans_reponse");
	assert_string_equal(json_string_value(json_object_get(json_object_get(last, "partner"),
								 "kind")),
			    "association");
	json_decref(j);
	http_resp_free(&r);
}

static void test_secrecy(void **state)
{
	(void)state;
	char d[DATE_LEN + 1];
	long long id = post(&w1, day(-2, d), "", 201, NULL);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/orientations/%lld", id);
	const char *answer = "{\"status\":\"refusee\",\"answered_on\":\"2024-03-01\"}";
	struct sess *others[] = {&w2, &head, &admin, &employer, &auditor};
	for (int i = 0; i < 5; i++) {
		post(others[i], "2024-03-01", "", 404, NULL);
		assert_int_equal(http_as(PORT, others[i], 0, "GET", list_path, NULL, NULL), 404);
		expect(others[i], "PATCH", path, answer, 404, NULL);
	}
	expect(&w1, "PATCH", "/api/v1/orientations/999999", answer, 404, NULL);
	assert_int_equal(http_as(PORT, NULL, 0, "GET", list_path, NULL, NULL), 401);
	/* A live share opens them to the colleague. */
	char body[128];
	snprintf(body, sizeof body, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"Congé\"}",
		 day(3, d));
	expect(&w1, "POST", "/api/v1/cases/0/shares", body, 404, NULL);
	char share[64];
	snprintf(share, sizeof share, "/api/v1/cases/%lld/shares", case_id);
	expect(&w1, "POST", share, body, 201, NULL);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w2, 0, "GET", list_path, NULL, &r), 200);
	assert_non_null(strstr(r.body, SECRET_REASON));
	http_resp_free(&r);
	snprintf(share, sizeof share, "/api/v1/cases/%lld/shares/w2", case_id);
	expect(&w1, "DELETE", share, NULL, 204, NULL);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", list_path, NULL, NULL), 404);
}

static void test_transitions(void **state)
{
	(void)state;
	char d[DATE_LEN + 1], sent[DATE_LEN + 1], body[256], path[64], st[32];
	day(-5, sent);
	long long id = post(&w1, sent, "", 201, NULL);
	snprintf(path, sizeof path, "/api/v1/orientations/%lld", id);
	expect(&w1, "PATCH", path, "{\"status\":\"perdue\"}", 422, "status");
	expect(&w1, "PATCH", path, "{}", 422, "status");
	expect(&w1, "PATCH", path, "{\"status\":\"envoyee\"}", 422, "status");
	snprintf(body, sizeof body, "{\"status\":\"realisee\",\"done_on\":\"%s\"}", day(0, d));
	expect(&w1, "PATCH", path, body, 422, "status"); /* not accepted yet */
	expect(&w1, "PATCH", path, "{\"status\":\"acceptee\"}", 422, "answered_on");
	snprintf(body, sizeof body, "{\"status\":\"acceptee\",\"answered_on\":\"%s\"}", day(-6, d));
	expect(&w1, "PATCH", path, body, 422, "answered_on"); /* before it was sent */
	snprintf(body, sizeof body, "{\"status\":\"acceptee\",\"answered_on\":\"%s\"}", day(1, d));
	expect(&w1, "PATCH", path, body, 422, "answered_on"); /* in the future */
	snprintf(body, sizeof body, "{\"status\":\"acceptee\",\"answered_on\":\"%s\",\"done_on\":\"%s\"}",
		 sent, sent);
	expect(&w1, "PATCH", path, body, 422, "done_on");
	snprintf(body, sizeof body, "{\"status\":\"sans_reponse\",\"answered_on\":\"%s\"}", sent);
	expect(&w1, "PATCH", path, body, 422, "answered_on");
	assert_string_equal(status_of(id, st, sizeof st), "envoyee"); /* nothing half-written */
	char answered[DATE_LEN + 1];
	day(-3, answered);
	snprintf(body, sizeof body, "{\"status\":\"acceptee\",\"answered_on\":\"%s\"}", answered);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "PATCH", path, body, &r), 200);
	json_t *j = http_json(&r);
	json_t *o = json_object_get(j, "orientation");
	assert_string_equal(json_string_value(json_object_get(o, "status")), "acceptee");
	assert_string_equal(json_string_value(json_object_get(o, "answered_on")), answered);
	json_decref(j);
	http_resp_free(&r);
	snprintf(body, sizeof body, "{\"status\":\"refusee\",\"answered_on\":\"%s\"}", answered);
	expect(&w1, "PATCH", path, body, 422, "status");
	expect(&w1, "PATCH", path, "{\"status\":\"realisee\"}", 422, "done_on");
	snprintf(body, sizeof body, "{\"status\":\"realisee\",\"done_on\":\"%s\"}", day(-4, d));
	expect(&w1, "PATCH", path, body, 422, "done_on"); /* before the answer */
	snprintf(body, sizeof body, "{\"status\":\"realisee\",\"done_on\":\"%s\"}", day(0, d));
	expect(&w1, "PATCH", path, body, 200, NULL);
	assert_string_equal(status_of(id, st, sizeof st), "realisee");
	expect(&w1, "PATCH", path, "{\"status\":\"sans_reponse\"}", 422, "status");

	/* No answer, declared; then the partner answers late. */
	id = post(&w1, sent, "", 201, NULL);
	snprintf(path, sizeof path, "/api/v1/orientations/%lld", id);
	expect(&w1, "PATCH", path, "{\"status\":\"sans_reponse\"}", 200, NULL);
	expect(&w1, "PATCH", path, "{\"status\":\"realisee\",\"done_on\":\"2024-05-01\"}", 422,
	       "status");
	snprintf(body, sizeof body, "{\"status\":\"refusee\",\"answered_on\":\"%s\"}", day(0, d));
	expect(&w1, "PATCH", path, body, 200, NULL);
	expect(&w1, "PATCH", path, "{\"status\":\"acceptee\",\"answered_on\":\"2024-05-01\"}", 422,
	       "status");
}

static void test_thirty_days(void **state)
{
	(void)state;
	char d[DATE_LEN + 1], st[32], sql[256];
	long long fresh = post(&w1, day(-30, d), "", 201, NULL);
	long long old = post(&w1, day(-31, d), "", 201, NULL);
	long long aged = post(&w1, day(-2, d), "", 201, NULL);
	/* Age one behind the server's back, as time would. */
	snprintf(sql, sizeof sql, "UPDATE orientations SET sent_on = '%s' WHERE id = %lld",
		 day(-45, d), aged);
	assert_int_equal(fixture_sql(&fx, sql), 0);
	assert_string_equal(status_of(fresh, st, sizeof st), "envoyee"); /* 30 days: not more */
	assert_string_equal(status_of(old, st, sizeof st), "sans_reponse");
	assert_string_equal(status_of(aged, st, sizeof st), "sans_reponse");
	/* The partner answers after all. */
	char path[64], body[128];
	snprintf(path, sizeof path, "/api/v1/orientations/%lld", old);
	snprintf(body, sizeof body, "{\"status\":\"acceptee\",\"answered_on\":\"%s\"}", day(0, d));
	expect(&w1, "PATCH", path, body, 200, NULL);
	/* An aged one changed through PATCH is checked against its new status. */
	snprintf(sql, sizeof sql, "UPDATE orientations SET sent_on = '%s' WHERE id = %lld",
		 day(-40, d), fresh);
	assert_int_equal(fixture_sql(&fx, sql), 0);
	snprintf(path, sizeof path, "/api/v1/orientations/%lld", fresh);
	expect(&w1, "PATCH", path, "{\"status\":\"sans_reponse\"}", 422, "status");
	assert_string_equal(status_of(fresh, st, sizeof st), "sans_reponse");
}

/* ---- the dashboard, through the service in this process ---- */

struct lines {
	int n;              /* lines given */
	int waiting_11;     /* the line of the orientation sent 11 days ago */
	int waiting_3;      /* a line of the one sent 3 days ago */
	long long count;    /* the head's count */
	int named;          /* a line carried a person */
	char date11[DATE_LEN + 1], date3[DATE_LEN + 1];
};

static int line(void *ctx, const struct dashboard_item *it)
{
	struct lines *l = ctx;
	l->n++;
	assert_string_equal(it->kind, "orientation_waiting");
	l->named |= it->person != NULL;
	if (it->date && strcmp(it->date, l->date11) == 0) {
		assert_int_equal(it->case_id, case_id);
		assert_string_equal(it->person, "Roux Anne");
		assert_int_equal(it->days, 11);
		assert_int_equal(it->count, 1);
		l->waiting_11++;
	}
	if (it->date && strcmp(it->date, l->date3) == 0)
		l->waiting_3++;
	if (it->case_id == 0)
		l->count = it->count;
	return 0;
}

static void dashboard_as(app *a, const char *login, struct lines *l)
{
	svc *s = svc_open(a, "127.0.0.1");
	struct session_new sn;
	char code[16];
	assert_int_equal(test_code(fx.srv.port, login, code), 0);
	assert_int_equal(auth_login(s, login, TEST_PASSWORD, code, &sn), SVC_OK);
	assert_int_equal(orientations_dashboard(s, line, l), SVC_OK);
	svc_close(s);
}

static void test_dashboard(void **state)
{
	(void)state;
	struct lines base;
	memset(&base, 0, sizeof base);
	day(-11, base.date11);
	day(-3, base.date3);
	post(&w1, base.date11, "", 201, NULL);
	post(&w1, base.date3, "", 201, NULL);
	struct app_config cfg = {.db = fx.db, .key_file = fx.key, .connections = 1,
				 .session_idle = 1800, .session_max = 43200, .report_read_alert = 20};
	app *a = NULL;
	char err[256];
	assert_int_equal(app_open(&cfg, &a, err, sizeof err), 0);

	struct lines l = base;
	dashboard_as(a, "w1", &l);
	assert_int_equal(l.waiting_11, 1);
	assert_int_equal(l.waiting_3, 0);

	l = base; /* a colleague without a share sees nothing of it */
	dashboard_as(a, "w2", &l);
	assert_int_equal(l.n, 0);

	l = base; /* the head: one count line, never a name */
	dashboard_as(a, "head1", &l);
	assert_int_equal(l.n, 1);
	assert_false(l.named);
	assert_true(l.count >= 1);

	const char *others[] = {"admin1", "rh1", "auditor1"};
	for (int i = 0; i < 3; i++) {
		l = base;
		dashboard_as(a, others[i], &l);
		assert_int_equal(l.n, 0);
	}
	app_close(a);
}

static void test_sealed_and_audited(void **state)
{
	(void)state;
	/* The reason is sealed; the partner's name, stored in clear, shows
	   that the check can see text. */
	assert_int_equal(db_has(&fx, "Expulsion imminente"), 0);
	assert_int_equal(db_has(&fx, "ADIL de l"), 1);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	const char *want[] = {"\"orientation.create\"",	     "\"orientation.list\"",
			      "\"orientation.update\"",	     "\"orientation.expire\"",
			      "\"orientation.create_denied\"", "\"orientation.list_denied\"",
			      "\"orientation.update_denied\"", "\"orientation.dashboard\""};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(r.body, want[i]))
			fail_msg("audit lacks %s", want[i]);
	assert_null(strstr(r.body, "Expulsion"));
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create),	    cmocka_unit_test(test_secrecy),
		cmocka_unit_test(test_transitions), cmocka_unit_test(test_thirty_days),
		cmocka_unit_test(test_dashboard),   cmocka_unit_test(test_sealed_and_audited),
	};
	return cmocka_run_group_tests_name("orientations", tests, setup, teardown);
}
