/*
 * test_aids — financial aid requests (every rule of the request and of the
 * commission's decision), the budget diagnosis (every refusal, the reste à
 * vivre figures with negatives floored), the secrecy of both for every
 * role, the audit entries, the sealed texts (checked on the database's
 * bytes), and the dashboard's "aid_waiting" lines.
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
#include "service/aids.h"
#include "service/app.h"
#include "service/auth.h"

static struct fixture fx;
static struct sess w1, w2, w3, head, admin, employer, auditor;
static long long case_id, aid_id;

#define PORT fx.srv.port
/* U+202F and U+00A0 in UTF-8, as amounts are written. */
#define NNBSP "\xe2\x80\xaf"
#define NBSP "\xc2\xa0"
#define SECRET_REASON "Impayés de loyer après la séparation ; huissier le 12."
#define SECRET_LABEL "Pension alimentaire versée par M. Quérel"
#define SECRET_CREDITOR "Cofidis crédit renouvelable"

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker",	 "w2:worker",	 "w3:worker",
					    "head1:head",	 "admin1:admin", "rh1:employer:acme",
					    "auditor1:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &w3, &head, &admin, &employer, &auditor};
	const char *logins[] = {"w1", "w2", "w3", "head1", "admin1", "rh1", "auditor1"};
	for (int i = 0; i < 7; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	for (int i = 0; i < 3; i++) {
		char body[64];
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", logins[i]);
		if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", body,
			    NULL) != 200)
			return -1;
	}
	struct http_resp r;
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"Quérel\",\"first_name\":\"Sonia\","
		    "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		    &r) != 201)
		return -1;
	long long person_id = created_id(&r);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"agent\","
		 "\"domains\":[\"budget\"]}",
		 person_id);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r) != 201)
		return -1;
	case_id = created_id(&r);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* A path under the case: "/api/v1/cases/<id><tail>" (a static buffer). */
static const char *sub(const char *tail)
{
	static char path[128];
	snprintf(path, sizeof path, "/api/v1/cases/%lld%s", case_id, tail);
	return path;
}

static const char *aid_path(long long id)
{
	static char path[64];
	snprintf(path, sizeof path, "/api/v1/aids/%lld", id);
	return path;
}

static void expect(const struct sess *s, const char *method, const char *path, const char *body,
		   int status, const char *field)
{
	expect_api(PORT, s, method, path, body, status, field);
}

/* The JSON answer of a request (caller decrefs); fails unless status. */
static json_t *answer(const struct sess *s, const char *method, const char *path,
		      const char *body, int status)
{
	struct http_resp r;
	int got = http_as(PORT, s, 1, method, path, body, &r);
	if (got != status)
		fail_msg("%s %s: %d %s, expected %d", method, path, got, r.body, status);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	return j;
}

static long long member_int(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static const char *today(void)
{
	static char d[11];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(d, sizeof d, "%Y-%m-%d", &tm);
	return d;
}

/* ---- aid requests ---- */

static void test_aid_request_rules(void **state)
{
	(void)state;
	char b[512];
#define AID(kind, funder, amount, date)                                                        \
	(snprintf(b, sizeof b,                                                                   \
		  "{\"kind\":\"%s\",\"funder\":\"%s\",\"amount_requested_cents\":%s,"             \
		  "\"submitted_on\":\"%s\",\"reason\":\"" SECRET_REASON "\"}",                    \
		  kind, funder, amount, date),                                                    \
	 b)
	const char *path = sub("/aids");
	expect(&w1, "POST", path, AID("loterie", "ccas", "50000", "2024-03-01"), 422, "kind");
	expect(&w1, "POST", path, AID("secours", "banque", "50000", "2024-03-01"), 422, "funder");
	expect(&w1, "POST", path, AID("secours", "ccas", "-100", "2024-03-01"), 422,
	       "amount_requested_cents");
	expect(&w1, "POST", path, AID("secours", "ccas", "0", "2024-03-01"), 422,
	       "amount_requested_cents");
	expect(&w1, "POST", path, AID("secours", "ccas", "100000001", "2024-03-01"), 422,
	       "amount_requested_cents");
	expect(&w1, "POST", path, AID("secours", "ccas", "\"500\"", "2024-03-01"), 422,
	       "amount_requested_cents");
	expect(&w1, "POST", path, AID("secours", "ccas", "12.5", "2024-03-01"), 422,
	       "amount_requested_cents");
	expect(&w1, "POST", path, AID("secours", "ccas", "50000", "2024-02-30"), 422, "submitted_on");
	expect(&w1, "POST", path, AID("secours", "ccas", "50000", "2999-01-01"), 422, "submitted_on");
	/* Before the case was opened (2024-02-01). */
	expect(&w1, "POST", path, AID("secours", "ccas", "50000", "2024-01-31"), 422, "submitted_on");
	expect(&w1, "POST", path, "{\"kind\":\"secours\",\"funder\":\"ccas\","
				  "\"submitted_on\":\"2024-03-01\"}", 422, "amount_requested_cents");
	expect(&w1, "POST", path, "{\"kind\":1}", 422, "kind");
	expect(&w1, "POST", path, "[]", 400, NULL);
	struct http_resp r;
	assert_int_equal(
		http_as(PORT, &w1, 1, "POST", path, AID("secours", "ccas", "123450", "2024-03-01"), &r),
		201);
	aid_id = created_id(&r);
	assert_true(aid_id > 0);
#undef AID
	json_t *j = answer(&w1, "GET", aid_path(aid_id), NULL, 200);
	json_t *a = json_object_get(j, "aid");
	assert_string_equal(json_string_value(json_object_get(a, "decision")), "en_attente");
	assert_string_equal(json_string_value(json_object_get(a, "reason")), SECRET_REASON);
	assert_int_equal(member_int(a, "amount_requested_cents"), 123450);
	assert_int_equal(member_int(a, "amount_granted_cents"), 0);
	assert_int_equal(member_int(a, "case_id"), case_id);
	assert_true(json_is_null(json_object_get(a, "decided_on")));
	json_decref(j);
}

static void test_aid_decision_rules(void **state)
{
	(void)state;
	const char *path = aid_path(aid_id);
	/* Granted more than requested (1 234,50 €). */
	expect(&w1, "PATCH", path, "{\"decision\":\"accordee\",\"amount_granted_cents\":123451,"
				   "\"decided_on\":\"2024-03-10\"}", 422, "amount_granted_cents");
	/* Granted > 0 only when accorded or partial. */
	const char *no_money[] = {"refusee", "ajournee", "en_attente"};
	for (int i = 0; i < 3; i++) {
		char b[256];
		snprintf(b, sizeof b,
			 "{\"decision\":\"%s\",\"amount_granted_cents\":1000,"
			 "\"decided_on\":\"2024-03-10\"}",
			 no_money[i]);
		expect(&w1, "PATCH", path, b, 422, "amount_granted_cents");
	}
	/* Accorded without an amount; partial for the whole amount. */
	expect(&w1, "PATCH", path, "{\"decision\":\"accordee\",\"decided_on\":\"2024-03-10\"}", 422,
	       "amount_granted_cents");
	expect(&w1, "PATCH", path, "{\"decision\":\"partielle\",\"amount_granted_cents\":123450,"
				   "\"decided_on\":\"2024-03-10\"}", 422, "amount_granted_cents");
	expect(&w1, "PATCH", path, "{\"decision\":\"accordee\",\"amount_granted_cents\":-5,"
				   "\"decided_on\":\"2024-03-10\"}", 422, "amount_granted_cents");
	/* Dates in order: decision after the request, payment after the decision. */
	expect(&w1, "PATCH", path, "{\"decision\":\"refusee\",\"decided_on\":\"2024-02-28\"}", 422,
	       "decided_on");
	expect(&w1, "PATCH", path, "{\"decision\":\"refusee\"}", 422, "decided_on");
	expect(&w1, "PATCH", path, "{\"decision\":\"refusee\",\"decided_on\":\"2999-01-01\"}", 422,
	       "decided_on");
	expect(&w1, "PATCH", path, "{\"decided_on\":\"2024-03-10\"}", 422, "decided_on");
	expect(&w1, "PATCH", path, "{\"decision\":\"accordee\",\"amount_granted_cents\":100000,"
				   "\"decided_on\":\"2024-03-10\",\"paid_on\":\"2024-03-09\"}", 422,
	       "paid_on");
	expect(&w1, "PATCH", path, "{\"decision\":\"accordee\",\"amount_granted_cents\":100000,"
				   "\"decided_on\":\"2024-03-10\",\"paid_on\":\"2999-03-09\"}", 422,
	       "paid_on");
	expect(&w1, "PATCH", path, "{\"decision\":\"refusee\",\"decided_on\":\"2024-03-10\","
				   "\"paid_on\":\"2024-03-12\"}", 422, "paid_on");
	expect(&w1, "PATCH", path, "{\"decision\":\"peut-etre\"}", 422, "decision");
	expect(&w1, "PATCH", path, "{\"amount_granted_cents\":\"10\"}", 422, "amount_granted_cents");
	/* Nothing was half-written. */
	json_t *j = answer(&w1, "GET", path, NULL, 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "aid"), "decision")),
			    "en_attente");
	json_decref(j);

	/* Partial, then paid. */
	j = answer(&w1, "PATCH", path,
		   "{\"decision\":\"partielle\",\"amount_granted_cents\":80000,"
		   "\"decided_on\":\"2024-03-01\"}",
		   200);
	json_t *a = json_object_get(j, "aid");
	assert_string_equal(json_string_value(json_object_get(a, "decision")), "partielle");
	assert_int_equal(member_int(a, "amount_granted_cents"), 80000);
	json_decref(j);
	j = answer(&w1, "PATCH", path, "{\"paid_on\":\"2024-03-15\"}", 200);
	a = json_object_get(j, "aid");
	assert_string_equal(json_string_value(json_object_get(a, "paid_on")), "2024-03-15");
	assert_string_equal(json_string_value(json_object_get(a, "decided_on")), "2024-03-01");
	json_decref(j);
	/* Back to waiting: everything of the decision cleared at once. */
	j = answer(&w1, "PATCH", path,
		   "{\"decision\":\"en_attente\",\"amount_granted_cents\":0,\"decided_on\":null,"
		   "\"paid_on\":null}",
		   200);
	json_decref(j);
	j = answer(&w1, "PATCH", path,
		   "{\"decision\":\"accordee\",\"amount_granted_cents\":123450,"
		   "\"decided_on\":\"2024-03-20\",\"paid_on\":\"2024-03-20\"}",
		   200);
	json_decref(j);
	j = answer(&w1, "GET", sub("/aids"), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "aids")), 1);
	json_decref(j);
}

static void test_aid_secrecy(void **state)
{
	(void)state;
	const char *body = "{\"kind\":\"pret\",\"funder\":\"caf\",\"amount_requested_cents\":1000,"
			   "\"submitted_on\":\"2024-04-01\"}";
	struct sess *others[] = {&w2, &w3, &head, &admin, &employer, &auditor};
	for (int i = 0; i < 6; i++) {
		expect(others[i], "GET", sub("/aids"), NULL, 404, NULL);
		expect(others[i], "POST", sub("/aids"), body, 404, NULL);
		expect(others[i], "GET", aid_path(aid_id), NULL, 404, NULL);
		expect(others[i], "PATCH", aid_path(aid_id), "{\"decision\":\"refusee\"}", 404, NULL);
	}
	expect(&w1, "GET", aid_path(999999), NULL, 404, NULL);
	expect(&w1, "GET", "/api/v1/aids/x", NULL, 404, NULL);
	expect(&w1, "GET", "/api/v1/cases/999999/aids", NULL, 404, NULL);
	expect(&w2, "GET", "/api/v1/aids", NULL, 404, NULL);

	/* A live share opens the aids to the colleague. */
	char share[128];
	snprintf(share, sizeof share, "{\"login\":\"w3\",\"until\":\"%s\",\"reason\":\"Congé\"}",
		 today());
	expect(&w1, "POST", sub("/shares"), share, 201, NULL);
	json_t *j = answer(&w3, "GET", sub("/aids"), NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "aids")), 1);
	json_decref(j);
	expect(&w3, "GET", aid_path(aid_id), NULL, 200, NULL);
	expect(&w3, "POST", sub("/aids"), body, 201, NULL);
	expect(&w1, "DELETE", sub("/shares/w3"), NULL, 204, NULL);
	expect(&w3, "GET", sub("/aids"), NULL, 404, NULL);
}

/* ---- budget ---- */

static const char *const household_2_1_1 = "\"adults\":2,\"children_under_14\":1,\"others_14_plus\":1";

static void test_budget_rules(void **state)
{
	(void)state;
	const char *path = sub("/budget");
	char b[1024];
#define BUDGET(month, household, lines)                                                        \
	(snprintf(b, sizeof b, "{\"month\":%s,%s%s}", month, household, lines), b)
	const char *ok_lines = ",\"incomes\":[{\"label\":\"Salaire\",\"amount_cents\":150000}]";
	expect(&w1, "PUT", path, BUDGET("\"2024-13\"", household_2_1_1, ok_lines), 422, "month");
	expect(&w1, "PUT", path, BUDGET("\"2024-3\"", household_2_1_1, ok_lines), 422, "month");
	expect(&w1, "PUT", path, BUDGET("\"2024-03-01\"", household_2_1_1, ok_lines), 422, "month");
	expect(&w1, "PUT", path, BUDGET("null", household_2_1_1, ok_lines), 422, "month");
	expect(&w1, "PUT", path,
	       BUDGET("\"2024-03\"", "\"adults\":0,\"children_under_14\":0,\"others_14_plus\":0",
		      ok_lines),
	       422, "adults");
	expect(&w1, "PUT", path,
	       BUDGET("\"2024-03\"", "\"children_under_14\":0,\"others_14_plus\":0", ok_lines), 422,
	       "adults");
	expect(&w1, "PUT", path,
	       BUDGET("\"2024-03\"", "\"adults\":1,\"children_under_14\":-1,\"others_14_plus\":0",
		      ok_lines),
	       422, "children_under_14");
	expect(&w1, "PUT", path,
	       BUDGET("\"2024-03\"", "\"adults\":1,\"children_under_14\":0,\"others_14_plus\":-2",
		      ok_lines),
	       422, "others_14_plus");
	expect(&w1, "PUT", path,
	       BUDGET("\"2024-03\"", "\"adults\":1.5,\"children_under_14\":0,\"others_14_plus\":0",
		      ok_lines),
	       422, "adults");
	expect(&w1, "PUT", path,
	       BUDGET("\"2024-03\"", household_2_1_1,
		      ",\"incomes\":[{\"label\":\"Salaire\",\"amount_cents\":-1}]"),
	       422, "incomes.amount_cents");
	expect(&w1, "PUT", path,
	       BUDGET("\"2024-03\"", household_2_1_1, ",\"incomes\":[{\"amount_cents\":100}]"), 422,
	       "incomes.label");
	expect(&w1, "PUT", path,
	       BUDGET("\"2024-03\"", household_2_1_1,
		      ",\"charges\":[{\"label\":\"\",\"amount_cents\":100}]"),
	       422, "charges.label");
	expect(&w1, "PUT", path,
	       BUDGET("\"2024-03\"", household_2_1_1,
		      ",\"charges\":[{\"label\":\"Loyer\",\"amount_cents\":\"100\"}]"),
	       422, "charges.amount_cents");
	expect(&w1, "PUT", path,
	       BUDGET("\"2024-03\"", household_2_1_1,
		      ",\"debts\":[{\"creditor\":\"Banque\",\"amount_cents\":100,"
		      "\"monthly_cents\":-10}]"),
	       422, "debts.monthly_cents");
	expect(&w1, "PUT", path,
	       BUDGET("\"2024-03\"", household_2_1_1,
		      ",\"debts\":[{\"label\":\"Banque\",\"amount_cents\":100,\"monthly_cents\":10}]"),
	       422, "debts.creditor");
	expect(&w1, "PUT", path, BUDGET("\"2024-03\"", household_2_1_1, ",\"debts\":{}"), 422,
	       "debts");
	/* 31 lines in one section. */
	char many[2048];
	size_t at = (size_t)snprintf(many, sizeof many, ",\"charges\":[");
	for (int i = 0; i < 31; i++)
		at += (size_t)snprintf(many + at, sizeof many - at,
				       "%s{\"label\":\"x\",\"amount_cents\":1}", i ? "," : "");
	snprintf(many + at, sizeof many - at, "]");
	char big[3072];
	snprintf(big, sizeof big, "{\"month\":\"2024-03\",%s%s}", household_2_1_1, many);
	expect(&w1, "PUT", path, big, 422, "charges");
#undef BUDGET
	/* Nothing was written. */
	json_t *j = answer(&w1, "GET", path, NULL, 200);
	assert_true(json_is_null(json_object_get(j, "budget")));
	json_decref(j);
}

/* PUTs a month and checks the reste à vivre. */
static void put_month(const char *body, long long per_month, long long per_day, double units,
		      long long per_unit)
{
	json_t *j = answer(&w1, "PUT", sub("/budget"), body, 200);
	assert_int_equal(member_int(j, "per_month_cents"), per_month);
	assert_int_equal(member_int(j, "per_day_cents"), per_day);
	assert_true(json_is_real(json_object_get(j, "units")));
	assert_true(json_real_value(json_object_get(j, "units")) > units - 0.001 &&
		    json_real_value(json_object_get(j, "units")) < units + 0.001);
	assert_int_equal(member_int(j, "per_day_per_unit_cents"), per_unit);
	json_decref(j);
}

static void test_budget_figures(void **state)
{
	(void)state;
	/* 1 800 € − 1 200 € − 150 € = 450 € a month, 15 € a day; 2 adults, one
	   child under 14 and one other person of 14+: 1 + 0.5 + 0.3 + 0.5 = 2.3
	   units; 1 500 / 2.3 = 652.17 → 652 cents. */
	put_month("{\"month\":\"2024-03\",\"adults\":2,\"children_under_14\":1,"
		  "\"others_14_plus\":1,"
		  "\"incomes\":[{\"label\":\"Salaire\",\"amount_cents\":150000},"
		  "{\"label\":\"" SECRET_LABEL "\",\"amount_cents\":30000}],"
		  "\"charges\":[{\"label\":\"Loyer\",\"amount_cents\":90000},"
		  "{\"label\":\"Énergie\",\"amount_cents\":30000}],"
		  "\"debts\":[{\"creditor\":\"" SECRET_CREDITOR "\",\"amount_cents\":420000,"
		  "\"monthly_cents\":15000}]}",
		  45000, 1500, 2.3, 652);
	/* A deficit of 1 cent: floor gives -1 a day, not 0; 1 unit. */
	put_month("{\"month\":\"2024-04\",\"adults\":1,\"children_under_14\":0,"
		  "\"others_14_plus\":0,"
		  "\"incomes\":[{\"label\":\"Salaire\",\"amount_cents\":100000}],"
		  "\"charges\":[{\"label\":\"Loyer\",\"amount_cents\":100001}]}",
		  -1, -1, 1.0, -1);
	/* -45,01 € a month: -150,03 → -151 a day (floor, not -150); one adult
	   and two children, 1.6 units: -1510 / 16 = -94.4 → -95 (not -94). */
	put_month("{\"month\":\"2024-05\",\"adults\":1,\"children_under_14\":2,"
		  "\"others_14_plus\":0,"
		  "\"incomes\":[{\"label\":\"Salaire\",\"amount_cents\":100000}],"
		  "\"charges\":[{\"label\":\"Loyer\",\"amount_cents\":100000}],"
		  "\"debts\":[{\"creditor\":\"Banque\",\"amount_cents\":0,\"monthly_cents\":4501}]}",
		  -4501, -151, 1.6, -95);
	/* Nothing at all: 0. */
	put_month("{\"month\":\"2024-06\",\"adults\":1,\"children_under_14\":0,"
		  "\"others_14_plus\":0}",
		  0, 0, 1.0, 0);
	/* March again replaces March. */
	put_month("{\"month\":\"2024-03\",\"adults\":2,\"children_under_14\":1,"
		  "\"others_14_plus\":1,"
		  "\"incomes\":[{\"label\":\"" SECRET_LABEL "\",\"amount_cents\":180000}],"
		  "\"charges\":[{\"label\":\"Loyer\",\"amount_cents\":120000}],"
		  "\"debts\":[{\"creditor\":\"" SECRET_CREDITOR "\",\"amount_cents\":420000,"
		  "\"monthly_cents\":15000}]}",
		  45000, 1500, 2.3, 652);

	json_t *j = answer(&w1, "GET", sub("/budget?month=2024-03"), NULL, 200);
	json_t *b = json_object_get(j, "budget");
	assert_string_equal(json_string_value(json_object_get(b, "month")), "2024-03");
	assert_int_equal(json_array_size(json_object_get(b, "incomes")), 1);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(b, "incomes"), 0), "label")),
			    SECRET_LABEL);
	json_t *debt = json_array_get(json_object_get(b, "debts"), 0);
	assert_string_equal(json_string_value(json_object_get(debt, "creditor")), SECRET_CREDITOR);
	assert_int_equal(member_int(debt, "monthly_cents"), 15000);
	assert_int_equal(member_int(debt, "amount_cents"), 420000);
	assert_int_equal(member_int(json_object_get(b, "reste_a_vivre"), "per_day_per_unit_cents"),
			 652);
	json_decref(j);
	/* Without a month: the latest. */
	j = answer(&w1, "GET", sub("/budget"), NULL, 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "budget"), "month")),
			    "2024-06");
	json_decref(j);
	j = answer(&w1, "GET", sub("/budget?month=2023-01"), NULL, 200);
	assert_true(json_is_null(json_object_get(j, "budget")));
	json_decref(j);
	expect(&w1, "GET", sub("/budget?month=mars"), NULL, 422, "month");
	/* The history: one entry a month, oldest first. */
	j = answer(&w1, "GET", sub("/budget/history"), NULL, 200);
	json_t *h = json_object_get(j, "history");
	assert_int_equal(json_array_size(h), 4);
	const char *months[] = {"2024-03", "2024-04", "2024-05", "2024-06"};
	const long long per_month[] = {45000, -1, -4501, 0};
	for (int i = 0; i < 4; i++) {
		json_t *m = json_array_get(h, (size_t)i);
		assert_string_equal(json_string_value(json_object_get(m, "month")), months[i]);
		assert_int_equal(member_int(json_object_get(m, "reste_a_vivre"), "per_month_cents"),
				 per_month[i]);
		assert_null(json_object_get(m, "incomes"));
	}
	json_decref(j);
}

static void test_budget_secrecy(void **state)
{
	(void)state;
	const char *body = "{\"month\":\"2024-07\",\"adults\":1,\"children_under_14\":0,"
			   "\"others_14_plus\":0}";
	struct sess *others[] = {&w2, &w3, &head, &admin, &employer, &auditor};
	for (int i = 0; i < 6; i++) {
		expect(others[i], "PUT", sub("/budget"), body, 404, NULL);
		expect(others[i], "GET", sub("/budget"), NULL, 404, NULL);
		expect(others[i], "GET", sub("/budget?month=2024-03"), NULL, 404, NULL);
		expect(others[i], "GET", sub("/budget/history"), NULL, 404, NULL);
	}
	char share[128];
	snprintf(share, sizeof share, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"Congé\"}",
		 today());
	expect(&w1, "POST", sub("/shares"), share, 201, NULL);
	expect(&w2, "GET", sub("/budget/history"), NULL, 200, NULL);
	expect(&w2, "PUT", sub("/budget"), body, 200, NULL);
	expect(&w1, "DELETE", sub("/shares/w2"), NULL, 204, NULL);
	expect(&w2, "GET", sub("/budget"), NULL, 404, NULL);
}

static void test_sealed(void **state)
{
	(void)state;
	/* The plaintext is nowhere in what the database stores. */
	const char *secrets[] = {"huissier le 12", "M. Quérel", "Cofidis"};
	for (int i = 0; i < 3; i++)
		assert_int_equal(db_has(&fx, secrets[i]), 0);
	/* The person's name is sealed too (issue 14); the check can see text:
	   the organisation's name is stored in clear. */
	assert_int_equal(db_has(&fx, "Quérel"), 0);
	assert_int_equal(db_has(&fx, "ACME"), 1);
}

static void test_audit(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	const char *want[] = {"\"aid.create\"",	       "\"aid.update\"",	 "\"aid.read\"",
			      "\"aid.list\"",	       "\"aid.read_denied\"",	 "\"aid.list_denied\"",
			      "\"aid.create_denied\"", "\"aid.update_denied\"", "\"budget.update\"",
			      "\"budget.read\"",       "\"budget.history\"",	 "\"budget.read_denied\"",
			      "\"budget.update_denied\"", "\"budget.history_denied\""};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(r.body, want[i]))
			fail_msg("audit lacks %s", want[i]);
	assert_null(strstr(r.body, "huissier"));
	assert_null(strstr(r.body, "Cofidis"));
	http_resp_free(&r);
}

/* ---- dashboard ---- */

struct lines {
	int n;
	long long case_id, count;
	char person[128];
	char kind[32];
};

static int collect(void *ctx, const struct dashboard_item *item)
{
	struct lines *l = ctx;
	l->n++;
	l->case_id = item->case_id;
	l->count = item->count;
	snprintf(l->kind, sizeof l->kind, "%s", item->kind);
	snprintf(l->person, sizeof l->person, "%s", item->person ? item->person : "(null)");
	return 0;
}

/* The dashboard lines of the session s, through the service itself. */
static struct lines dashboard_of(app *a, const struct sess *s)
{
	struct lines l;
	memset(&l, 0, sizeof l);
	svc *call = svc_open(a, "127.0.0.1");
	const char *token = strchr(s->cookie, '=') + 1;
	assert_int_equal(auth_resume(call, token), SVC_OK);
	assert_int_equal(aids_dashboard(call, collect, &l), SVC_OK);
	svc_close(call);
	return l;
}

static void test_dashboard(void **state)
{
	(void)state;
	/* One aid waits since 2024-04-01 (w3's, while shared); one is decided;
	   a fresh one (today) is not due yet. */
	char b[256];
	snprintf(b, sizeof b,
		 "{\"kind\":\"avance\",\"funder\":\"employeur\",\"amount_requested_cents\":20000,"
		 "\"submitted_on\":\"%s\"}",
		 today());
	expect(&w1, "POST", sub("/aids"), b, 201, NULL);
	struct app_config cfg = {.db = fx.db, .key_file = fx.key, .connections = 1,
				 .session_idle = 1800, .session_max = 43200};
	app *a = NULL;
	char err[256];
	if (app_open(&cfg, &a, err, sizeof err) != 0)
		fail_msg("app_open: %s", err);
	struct lines l = dashboard_of(a, &w1);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.kind, "aid_waiting");
	assert_int_equal(l.case_id, case_id);
	assert_string_equal(l.person, "Quérel Sonia");
	assert_int_equal(l.count, 1);
	/* Another worker: nothing (w3's share has ended). */
	l = dashboard_of(a, &w3);
	assert_int_equal(l.n, 0);
	/* The head: one count line, no name, no case. */
	l = dashboard_of(a, &head);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.count, 1);
	assert_int_equal(l.case_id, 0);
	assert_string_equal(l.person, "(null)");
	/* Other roles: nothing. */
	const struct sess *none[] = {&admin, &employer, &auditor};
	for (int i = 0; i < 3; i++)
		assert_int_equal(dashboard_of(a, none[i]).n, 0);
	app_close(a);
}

/* ---- pages ---- */

/* The case page as s (caller frees r); its status. */
static int case_page(const struct sess *s, const char *query, struct http_resp *r)
{
	char path[128];
	snprintf(path, sizeof path, "/cases/%lld%s", case_id, query ? query : "");
	return http_as(PORT, s, 0, "GET", path, NULL, r);
}

static const char *page_path(const char *tail)
{
	static char path[128];
	snprintf(path, sizeof path, "/cases/%lld%s", case_id, tail);
	return path;
}

static void test_pages(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(case_page(&w1, NULL, &r), 200);
	expect_in(&r, "<h2 id=\"aides\">Aides financières</h2>");
	expect_in(&r, "Avance sur salaire");
	expect_in(&r, "1" NNBSP "234,50" NBSP "€");
	expect_in(&r, SECRET_REASON);
	expect_in(&r, "<h2 id=\"budget\">Budget et reste à vivre</h2>");
	/* The latest month (July, from the share) and the history with a negative month. */
	expect_in(&r, "Budget de juillet 2024");
	expect_in(&r, "<strong class=\"negative\">-45,01" NBSP "€</strong>");
	expect_in(&r, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Reste");
	expect_in(&r, "?month=2024-03#budget");
	expect_not_in(&r, "style=");
	http_resp_free(&r);
	assert_int_equal(case_page(&w1, "?month=2024-03", &r), 200);
	expect_in(&r, "Budget de mars 2024");
	/* The household in French plurals: 2 adults, 1 child, 1 other. */
	expect_in(&r, "Foyer : 2 adultes, 1 enfant de moins de 14 ans, 1 autre personne de 14 ans "
		      "ou plus — 2,3 unités de consommation");
	expect_in(&r, "value=\"" SECRET_LABEL "\"");
	expect_in(&r, "value=\"1800,00\"");
	http_resp_free(&r);
	/* Others: the same "not found" as for any case they may not open. */
	assert_int_equal(case_page(&w2, NULL, &r), 404);
	expect_not_in(&r, "Quérel");
	http_resp_free(&r);

	/* An aid through the form: refused, then recorded. */
	assert_int_equal(http_form(PORT, &w1, page_path("/aids"),
				   "kind=secours&funder=ccas&amount_requested=12%2C5%2C0"
				   "&submitted_on=2024-04-02&reason=Facture+EDF",
				   &r),
			 422);
	expect_in(&r, "<small class=\"error-field\" id=\"err-aid-amount_requested\">");
	expect_in(&r, ">\nFacture EDF</textarea>");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, page_path("/aids"),
				   "kind=secours&funder=ccas&amount_requested=350&submitted_on=2024-01-02"
				   "&reason=Facture+EDF",
				   &r),
			 422);
	expect_in(&r, "<small class=\"error-field\" id=\"err-aid-submitted_on\">La demande ne "
		      "peut précéder");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, page_path("/aids"),
				   "kind=secours&funder=ccas&amount_requested=1+234%2C5"
				   "&submitted_on=2024-04-02&reason=Facture+EDF",
				   &r),
			 303);
	http_resp_free(&r);
	json_t *j = answer(&w1, "GET", sub("/aids"), NULL, 200);
	/* The last recorded (the list is by date of request). */
	json_t *newest = NULL, *each;
	size_t i;
	json_array_foreach(json_object_get(j, "aids"), i, each)
		if (!newest || member_int(each, "id") > member_int(newest, "id"))
			newest = each;
	long long new_aid = member_int(newest, "id");
	assert_int_equal(member_int(newest, "amount_requested_cents"), 123450);
	json_decref(j);
	/* The decision through the form: refused (partial = requested), then recorded. */
	char path[128], form[512];
	snprintf(path, sizeof path, "/cases/%lld/aids/%lld", case_id, new_aid);
	snprintf(form, sizeof form,
		 "decision=partielle&amount_granted=1234%%2C50&decided_on=2024-04-10&paid_on=");
	assert_int_equal(http_form(PORT, &w1, path, form, &r), 422);
	char id[64];
	snprintf(id, sizeof id, "id=\"err-dec%lld-amount_granted\"", new_aid);
	expect_in(&r, id);
	http_resp_free(&r);
	snprintf(form, sizeof form,
		 "decision=partielle&amount_granted=600&decided_on=2024-04-10&paid_on=2024-04-12");
	assert_int_equal(http_form(PORT, &w1, path, form, NULL), 303);
	j = answer(&w1, "GET", aid_path(new_aid), NULL, 200);
	assert_int_equal(member_int(json_object_get(j, "aid"), "amount_granted_cents"), 60000);
	json_decref(j);
	assert_int_equal(http_form(PORT, &w2, path, form, NULL), 404);

	/* A month's budget through the form; "Ajouter des lignes" saves nothing. */
	const char *budget = "month=2024-08&adults=1&children_under_14=1&others_14_plus=0"
			     "&income_lines=3&income_label_0=Salaire&income_amount_0=1+500"
			     "&income_label_1=&income_amount_1="
			     "&charge_lines=3&charge_label_0=Loyer&charge_amount_0=700"
			     "&debt_lines=3&debt_label_0=Banque&debt_amount_0=2000"
			     "&debt_monthly_0=100";
	snprintf(form, sizeof form, "%s&more=1", budget);
	assert_int_equal(http_form(PORT, &w1, page_path("/budget"), form, &r), 200);
	expect_in(&r, "name=\"income_label_5\"");
	expect_not_in(&r, "name=\"income_label_6\"");
	expect_in(&r, "value=\"Salaire\"");
	http_resp_free(&r);
	j = answer(&w1, "GET", sub("/budget?month=2024-08"), NULL, 200);
	assert_true(json_is_null(json_object_get(j, "budget")));
	json_decref(j);
	snprintf(form, sizeof form, "%s", budget);
	form[strlen("month=2024-08&adults=")] = '0';
	assert_int_equal(http_form(PORT, &w1, page_path("/budget"), form, &r), 422);
	expect_in(&r, "id=\"err-budget-adults\"");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, page_path("/budget"),
				   "month=2024-08&adults=1&children_under_14=0&others_14_plus=0"
				   "&income_label_0=Salaire&income_amount_0=beaucoup",
				   &r),
			 422);
	expect_in(&r, "<p role=\"alert\" class=\"error-field\">Montant en euros");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, page_path("/budget"), budget, NULL), 303);
	j = answer(&w1, "GET", sub("/budget?month=2024-08"), NULL, 200);
	json_t *rav = json_object_get(json_object_get(j, "budget"), "reste_a_vivre");
	/* 1 500 − 700 − 100 = 700 € a month, 2 333 cents a day, 1.3 units: 1 794. */
	assert_int_equal(member_int(rav, "per_month_cents"), 70000);
	assert_int_equal(member_int(rav, "per_day_cents"), 2333);
	assert_int_equal(member_int(rav, "per_day_per_unit_cents"), 1794);
	json_decref(j);
	assert_int_equal(http_form(PORT, &head, page_path("/budget"), budget, NULL), 404);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aid_request_rules), cmocka_unit_test(test_aid_decision_rules),
		cmocka_unit_test(test_aid_secrecy),	  cmocka_unit_test(test_budget_rules),
		cmocka_unit_test(test_budget_figures),	  cmocka_unit_test(test_budget_secrecy),
		cmocka_unit_test(test_sealed),		  cmocka_unit_test(test_audit),
		cmocka_unit_test(test_dashboard),	  cmocka_unit_test(test_pages),
	};
	return cmocka_run_group_tests_name("aids", tests, setup, teardown);
}
