/*
 * test_requests — the employer's requests for intervention (who sends,
 * who reads and answers, closing, every refusal), the organisations'
 * public request links (creation, replacement, revocation), the employee's
 * public form (neutral answer, validation, cross-site refusal, rate limits
 * per client and per link), the workers' list with conversion and
 * dismissal, the dashboard lines, the pages, the audit, sealed texts, and
 * that nothing an employer or a stranger receives depends on whether a
 * named person is followed.
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

#include "domain/date.h"
#include "http/harness.h"

static struct fixture fx;
static struct sess w1, w2, head, admin, rh_acme, rh_beta, auditor;
static long long acme_request, beta_request, followed_person;
static char acme_path[128], beta_path[128]; /* /demande/{token} */

#define PORT fx.srv.port
#define PATH "/api/v1/requests"
#define FORM_TYPE "Content-Type: application/x-www-form-urlencoded\r\n"

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const beta[] = {"organisation", "add", "--code", "beta", "--name",
					   "Beta", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, beta, NULL};
	static const char *const users[] = {"w1:worker::Alice Martin",
					    "w2:worker",
					    "head1:head",
					    "admin1:admin",
					    "rh1:employer:acme:RH Acme",
					    "rh2:employer:beta",
					    "auditor1:auditor",
					    NULL};
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
		    "{\"login\":\"w2\"}", NULL) != 200)
		return -1;
	/* Someone followed at ACME. */
	struct http_resp r;
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"Dupont\",\"first_name\":\"Jeanne\","
		    "\"consent\":{\"accompaniment_on\":\"2024-01-10\"}}",
		    &r) != 201)
		return -1;
	followed_person = created_id(&r);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

static long long post_request(const struct sess *s, const char *body)
{
	struct http_resp r;
	int st = http_as(PORT, s, 1, "POST", PATH, body, &r);
	if (st != 201)
		fail_msg("POST %s: %d %s", body, st, r.body);
	return created_id(&r);
}

/* The requests s sees, as JSON (caller decrefs). */
static json_t *list(const struct sess *s)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, s, 0, "GET", PATH, NULL, &r), 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	json_t *l = json_incref(json_object_get(j, "requests"));
	json_decref(j);
	return l;
}

static size_t count(const struct sess *s)
{
	json_t *l = list(s);
	size_t n = json_array_size(l);
	json_decref(l);
	return n;
}

static void test_employer_requests(void **state)
{
	(void)state;
	const char *ok = "{\"subject\":\"Tensions SujetSecretABC\",\"message\":\"Une équipe en "
			 "difficulté.\\nMessageSecretXYZ\",\"contact\":\"01 23 45 67 89\"}";
	expect_api(PORT, &rh_acme, "POST", PATH, "{\"message\":\"m\"}", 422, "subject");
	expect_api(PORT, &rh_acme, "POST", PATH, "{\"subject\":\"s\",\"message\":\"  \"}", 422,
		   "message");
	expect_api(PORT, &rh_acme, "POST", PATH, "{\"subject\":\"s\",\"message\":\"m\",\"contact\":3}",
		   422, "contact");
	expect_api(PORT, &rh_acme, "POST", PATH, "{\"subject\":\"a\\nb\",\"message\":\"m\"}", 422,
		   "subject");
	expect_api(PORT, &rh_acme, "POST", PATH, "[1]", 400, NULL);
	const struct sess *others[] = {&w1, &head, &admin, &auditor};
	for (int i = 0; i < 4; i++)
		expect_api(PORT, others[i], "POST", PATH, ok, 403, NULL);
	assert_int_equal(http_as(PORT, NULL, 0, "POST", PATH, ok, NULL), 401);
	acme_request = post_request(&rh_acme, ok);
	beta_request = post_request(&rh_beta, "{\"subject\":\"Information retraite\","
					      "\"message\":\"Une séance ?\"}");

	/* Each sees only its scope. */
	assert_int_equal(count(&rh_acme), 1);
	assert_int_equal(count(&rh_beta), 1);
	assert_int_equal(count(&w1), 1);
	assert_int_equal(count(&w2), 1);
	assert_int_equal(count(&head), 2);
	expect_api(PORT, &admin, "GET", PATH, NULL, 403, NULL);
	expect_api(PORT, &auditor, "GET", PATH, NULL, 403, NULL);
	json_t *l = list(&rh_acme);
	json_t *first = json_array_get(l, 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), acme_request);
	assert_string_equal(json_string_value(json_object_get(first, "status")), "open");
	assert_string_equal(json_string_value(json_object_get(first, "contact")), "01 23 45 67 89");
	assert_non_null(strstr(json_string_value(json_object_get(first, "message")),
			       "MessageSecretXYZ"));
	json_decref(l);
	l = list(&w2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(l, 0), "organisation")),
			    "beta");
	json_decref(l);
}

static void test_replies_and_closing(void **state)
{
	(void)state;
	char acme_reply[64], acme_close[64], beta_reply[64], beta_close[64];
	snprintf(acme_reply, sizeof acme_reply, PATH "/%lld/reply", acme_request);
	snprintf(acme_close, sizeof acme_close, PATH "/%lld/close", acme_request);
	snprintf(beta_reply, sizeof beta_reply, PATH "/%lld/reply", beta_request);
	snprintf(beta_close, sizeof beta_close, PATH "/%lld/close", beta_request);
	const char *answer = "{\"message\":\"Je passe jeudi. ReplySecretQRS\"}";
	/* Out of scope: not found, the same as a request that does not exist. */
	expect_api(PORT, &w2, "POST", acme_reply, answer, 404, NULL);
	expect_api(PORT, &w1, "POST", PATH "/999999/reply", answer, 404, NULL);
	expect_api(PORT, &w1, "POST", PATH "/abc/reply", answer, 404, NULL);
	expect_api(PORT, &rh_acme, "POST", acme_reply, answer, 403, NULL);
	expect_api(PORT, &admin, "POST", acme_reply, answer, 403, NULL);
	expect_api(PORT, &w1, "POST", acme_reply, "{\"message\":\"\"}", 422, "message");
	expect_api(PORT, &w1, "POST", acme_reply, answer, 201, NULL);
	expect_api(PORT, &head, "POST", beta_reply, "{\"message\":\"Oui, en mars.\"}", 201, NULL);
	json_t *l = list(&rh_acme);
	json_t *first = json_array_get(l, 0);
	assert_string_equal(json_string_value(json_object_get(first, "status")), "answered");
	json_t *replies = json_object_get(first, "replies");
	assert_int_equal(json_array_size(replies), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(replies, 0), "message")),
			    "Je passe jeudi. ReplySecretQRS");
	assert_string_equal(json_string_value(json_object_get(json_array_get(replies, 0), "author")),
			    "Alice Martin");
	json_decref(l);
	/* An employer never sees another organisation's requests or replies. */
	l = list(&rh_beta);
	assert_int_equal(json_array_size(l), 1);
	char *dump = json_dumps(l, 0);
	int leaked = strstr(dump, "ReplySecretQRS") != NULL;
	free(dump);
	json_decref(l);
	assert_false(leaked);

	expect_api(PORT, &rh_beta, "POST", acme_close, NULL, 404, NULL);
	expect_api(PORT, &w2, "POST", acme_close, NULL, 404, NULL);
	expect_api(PORT, &rh_acme, "POST", acme_close, NULL, 200, NULL);
	expect_api(PORT, &rh_acme, "POST", acme_close, NULL, 409, NULL);
	expect_api(PORT, &w1, "POST", acme_reply, answer, 409, NULL);
	expect_api(PORT, &w2, "POST", beta_close, NULL, 200, NULL);
}

/* Nothing an employer can call depends on whether a named person is followed. */
static void test_no_person_oracle(void **state)
{
	(void)state;
	struct http_resp a, b;
	const char *known = "{\"subject\":\"Mme Dupont Jeanne\",\"message\":\"Dupont Jeanne\"}";
	const char *unknown = "{\"subject\":\"Mme Inconnue Paule\",\"message\":\"Inconnue Paule\"}";
	assert_int_equal(http_as(PORT, &rh_acme, 1, "POST", PATH, known, &a), 201);
	assert_int_equal(http_as(PORT, &rh_acme, 1, "POST", PATH, unknown, &b), 201);
	json_t *ja = http_json(&a), *jb = http_json(&b);
	assert_int_equal(json_object_size(ja), json_object_size(jb));
	assert_string_equal(json_string_value(json_object_get(ja, "status")),
			    json_string_value(json_object_get(jb, "status")));
	json_decref(ja);
	json_decref(jb);
	http_resp_free(&a);
	http_resp_free(&b);
	/* Person search and records: the same refusal whoever is named. */
	assert_int_equal(http_as(PORT, &rh_acme, 0, "GET", "/api/v1/persons?q=Dupont", NULL, &a), 403);
	assert_int_equal(http_as(PORT, &rh_acme, 0, "GET", "/api/v1/persons?q=Inconnue", NULL, &b),
			 403);
	assert_string_equal(a.body, b.body);
	http_resp_free(&a);
	http_resp_free(&b);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/persons/%lld", followed_person);
	assert_int_equal(http_as(PORT, &rh_acme, 0, "GET", path, NULL, &a), 404);
	assert_int_equal(http_as(PORT, &rh_acme, 0, "GET", "/api/v1/persons/999999", NULL, &b), 404);
	assert_string_equal(a.body, b.body);
	http_resp_free(&a);
	http_resp_free(&b);
	/* Employee requests are not the employer's business at all. */
	expect_api(PORT, &rh_acme, "GET", "/api/v1/employee-requests", NULL, 403, NULL);
}

/* Creates a link for org as s; path gets "/demande/{token}". */
static void make_link(const struct sess *s, const char *org, char *path, size_t len)
{
	char api[96];
	snprintf(api, sizeof api, "/api/v1/organisations/%s/request-link", org);
	struct http_resp r;
	assert_int_equal(http_as(PORT, s, 1, "POST", api, NULL, &r), 201);
	json_t *j = http_json(&r);
	const char *url = json_string_value(json_object_get(j, "url"));
	assert_non_null(url);
	char expect[64];
	snprintf(expect, sizeof expect, "http://127.0.0.1:%d/demande/", PORT);
	assert_int_equal(strncmp(url, expect, strlen(expect)), 0);
	snprintf(path, len, "%s", json_string_value(json_object_get(j, "path")));
	assert_int_equal(strlen(path), strlen("/demande/") + 43);
	json_decref(j);
	http_resp_free(&r);
}

static int get_status(const char *path)
{
	return http_as(PORT, NULL, 0, "GET", path, NULL, NULL);
}

static void test_links(void **state)
{
	(void)state;
	const char *api = "/api/v1/organisations/acme/request-link";
	const struct sess *refused[] = {&w1, &rh_acme, &auditor};
	for (int i = 0; i < 3; i++)
		expect_api(PORT, refused[i], "POST", api, NULL, 403, NULL);
	expect_api(PORT, &head, "POST", "/api/v1/organisations/nowhere/request-link", NULL, 404,
		   NULL);
	assert_int_equal(http_as(PORT, NULL, 0, "POST", api, NULL, NULL), 401);
	char old[128];
	make_link(&head, "acme", old, sizeof old);
	struct http_resp r;
	assert_int_equal(http_as(PORT, NULL, 0, "GET", old, NULL, &r), 200);
	expect_in(&r, "ACME");
	expect_in(&r, "name=\"consent\"");
	expect_not_in(&r, "csrf_token");
	http_resp_free(&r);
	assert_int_equal(get_status("/demande/bogus"), 404);
	assert_int_equal(get_status("/demande/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 404);
	/* A new link replaces the old one. */
	make_link(&admin, "acme", acme_path, sizeof acme_path);
	assert_int_equal(get_status(old), 404);
	assert_int_equal(get_status(acme_path), 200);
	/* Revocation. */
	make_link(&head, "beta", beta_path, sizeof beta_path);
	expect_api(PORT, &w2, "DELETE", "/api/v1/organisations/beta/request-link", NULL, 403, NULL);
	expect_api(PORT, &head, "DELETE", "/api/v1/organisations/beta/request-link", NULL, 204, NULL);
	assert_int_equal(get_status(beta_path), 404);
	assert_int_equal(http_do(PORT, "POST", beta_path, FORM_TYPE,
				 "last_name=A&first_name=B&contact=0612345678&preference=telephone"
				 "&consent=1",
				 strlen("last_name=A&first_name=B&contact=0612345678&preference="
					"telephone&consent=1"),
				 &r),
			 0);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	make_link(&head, "beta", beta_path, sizeof beta_path);
}

/* An anonymous submission of form on path with extra headers; the status. */
static int submit(const char *path, const char *form, const char *extra, struct http_resp *out)
{
	char headers[256];
	snprintf(headers, sizeof headers, FORM_TYPE "%s", extra ? extra : "");
	struct http_resp r;
	if (http_do(PORT, "POST", path, headers, form, strlen(form), &r) != 0)
		return -1;
	int st = r.status;
	if (out)
		*out = r;
	else
		http_resp_free(&r);
	return st;
}

static void test_public_form(void **state)
{
	(void)state;
	struct http_resp a, b;
	/* The same neutral page whether the person is followed or not. */
	assert_int_equal(submit(acme_path,
				"last_name=Dupont&first_name=Jeanne&contact=0612345678"
				"&preference=telephone&consent=1&message=EmployeeSecretLMN",
				NULL, &a),
			 200);
	assert_int_equal(submit(acme_path,
				"last_name=Inconnue&first_name=Paule&contact=paule%40example.org"
				"&preference=permanence&consent=1",
				NULL, &b),
			 200);
	assert_string_equal(a.body, b.body);
	expect_in(&a, "Merci");
	expect_not_in(&a, "Dupont");
	http_resp_free(&a);
	http_resp_free(&b);
	/* Refusals name the field. */
	assert_int_equal(submit(acme_path,
				"last_name=Martin&first_name=Luc&contact=0612345678"
				"&preference=telephone",
				NULL, &a),
			 422);
	expect_in(&a, "err-d-consent");
	http_resp_free(&a);
	/* Only the box's own value is a consent: "0" is not (from another
	   employee, so as not to spend this one's hourly allowance). */
	assert_int_equal(submit(acme_path,
				"last_name=Martin&first_name=Luc&contact=0612345678"
				"&preference=telephone&consent=0",
				"X-Real-IP: 192.0.2.77\r\n", &a),
			 422);
	expect_in(&a, "err-d-consent");
	http_resp_free(&a);
	/* A cross-site post is refused before anything counts. */
	assert_int_equal(submit(acme_path,
				"last_name=X&first_name=Y&contact=0612345678&preference=telephone"
				"&consent=1",
				"Origin: https://evil.example\r\n", NULL),
			 403);
	assert_int_equal(submit(acme_path,
				"last_name=X&first_name=Y&contact=0612345678&preference=telephone"
				"&consent=1",
				"Sec-Fetch-Site: cross-site\r\n", NULL),
			 403);
	char origin[96];
	snprintf(origin, sizeof origin, "Origin: http://127.0.0.1:%d\r\n", PORT);
	assert_int_equal(submit(acme_path,
				"last_name=Martin&first_name=Luc&contact=0612345678"
				"&preference=permanence&consent=1",
				origin, NULL),
			 200);
	assert_int_equal(submit(acme_path,
				"last_name=Leroy&first_name=Anne&contact=0612345679"
				"&preference=telephone&consent=1",
				NULL, NULL),
			 200);
	/* Five submissions from this address in the hour: the sixth is refused. */
	assert_int_equal(submit(acme_path,
				"last_name=Sixieme&first_name=Essai&contact=0612345670"
				"&preference=telephone&consent=1",
				NULL, &a),
			 429);
	expect_in(&a, "Trop de demandes");
	http_resp_free(&a);
	/* Behind the local reverse proxy, each client counts on its own:
	   another address named in X-Real-IP is not refused. */
	assert_int_equal(submit(acme_path,
				"last_name=Proxy&first_name=Paul&contact=0612345671"
				"&preference=telephone&consent=1",
				"X-Real-IP: 203.0.113.7\r\n", NULL),
			 200);
	/* A header that is not an address is ignored: still this address. */
	assert_int_equal(submit(acme_path,
				"last_name=Proxy&first_name=Pia&contact=0612345672"
				"&preference=telephone&consent=1",
				"X-Real-IP: everyone\r\n", NULL),
			 429);
}

static void test_link_daily_limit(void **state)
{
	(void)state;
	/* 50 submissions on Beta's link today from elsewhere: the next is refused. */
	char sql[1024];
	long long now = (long long)time(NULL);
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)"
		 " INSERT INTO request_link_hits (token_hash, client_hash, at)"
		 " SELECT l.token_hash, CAST(n.i AS TEXT), %lld FROM n, request_links l"
		 " WHERE l.organisation_id = (SELECT MAX(organisation_id) FROM request_links)",
		 now - 60);
	assert_int_equal(fixture_sql(&fx, sql), 0);
	assert_int_equal(submit(beta_path,
				"last_name=Beta&first_name=Un&contact=0612345678"
				"&preference=telephone&consent=1",
				NULL, NULL),
			 429);
	/* Hits older than a day no longer count. */
	char old[256];
	snprintf(old, sizeof old, "UPDATE request_link_hits SET at = %lld", now - 90000);
	assert_int_equal(fixture_sql(&fx, old), 0);
	assert_int_equal(submit(beta_path,
				"last_name=Beta&first_name=Un&contact=0612345678"
				"&preference=telephone&consent=1",
				NULL, NULL),
			 200);
}

static json_t *employee_list(const struct sess *s, const char *query)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/employee-requests%s", query ? query : "");
	struct http_resp r;
	assert_int_equal(http_as(PORT, s, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	json_t *l = json_incref(json_object_get(j, "employee_requests"));
	json_decref(j);
	return l;
}

/* The id of the pending request of last_name in l, or 0. */
static long long find(json_t *l, const char *last_name)
{
	size_t i;
	json_t *v;
	json_array_foreach(l, i, v)
	{
		if (strcmp(json_string_value(json_object_get(v, "last_name")), last_name) == 0)
			return json_integer_value(json_object_get(v, "id"));
	}
	return 0;
}

static void test_employee_requests(void **state)
{
	(void)state;
	json_t *l = employee_list(&w1, NULL);
	assert_int_equal(json_array_size(l), 5); /* with the one behind the proxy */
	long long dupont = find(l, "Dupont"), inconnue = find(l, "Inconnue");
	assert_true(dupont > 0 && inconnue > 0);
	json_t *first = json_array_get(l, 0);
	assert_string_equal(json_string_value(json_object_get(first, "first_name")), "Jeanne");
	assert_string_equal(json_string_value(json_object_get(first, "contact")), "0612345678");
	assert_string_equal(json_string_value(json_object_get(first, "message")),
			    "EmployeeSecretLMN");
	json_decref(l);
	l = employee_list(&w2, NULL);
	assert_int_equal(json_array_size(l), 1); /* Beta's only */
	assert_int_equal(find(l, "Dupont"), 0);
	json_decref(l);
	const struct sess *refused[] = {&head, &admin, &rh_acme, &rh_beta, &auditor};
	for (int i = 0; i < 5; i++)
		expect_api(PORT, refused[i], "GET", "/api/v1/employee-requests", NULL, 403, NULL);
	expect_api(PORT, &w1, "GET", "/api/v1/employee-requests?status=lost", NULL, 422, "status");

	char convert[96], dismiss[96];
	snprintf(convert, sizeof convert, "/api/v1/employee-requests/%lld/convert", inconnue);
	snprintf(dismiss, sizeof dismiss, "/api/v1/employee-requests/%lld/dismiss", dupont);
	const char *consent = "{\"consent_on\":\"2024-06-01\",\"birth_date\":\"1980-02-03\"}";
	expect_api(PORT, &w2, "POST", convert, consent, 404, NULL);
	expect_api(PORT, &w2, "POST", dismiss, NULL, 404, NULL);
	expect_api(PORT, &head, "POST", convert, consent, 403, NULL);
	expect_api(PORT, &rh_acme, "POST", convert, consent, 403, NULL);
	expect_api(PORT, &w1, "POST", convert, "{}", 422, "consent.accompaniment_on");
	expect_api(PORT, &w1, "POST", convert, "{\"consent_on\":\"2999-01-01\"}", 422,
		   "consent.accompaniment_on");
	expect_api(PORT, &w1, "POST", "/api/v1/employee-requests/999999/convert", consent, 404,
		   NULL);
	/* With a first appointment: a refused one keeps nothing, not even the person. */
	char tomorrow[DATE_LEN + 1], with_appt[320];
	char today_[DATE_LEN + 1];
	date_today(today_);
	date_add_days(today_, 1, tomorrow);
	snprintf(with_appt, sizeof with_appt,
		 "{\"consent_on\":\"2024-06-01\",\"birth_date\":\"1980-02-03\",\"appointment\":"
		 "{\"start\":\"%sT10:00\",\"end\":\"%sT09:00\",\"mode\":\"telephone\"}}",
		 tomorrow, tomorrow);
	expect_api(PORT, &w1, "POST", convert, with_appt, 422, "end");
	expect_api(PORT, &w1, "POST", convert, "{\"consent_on\":\"2024-06-01\",\"appointment\":7}",
		   422, "appointment");
	snprintf(with_appt, sizeof with_appt,
		 "{\"consent_on\":\"2024-06-01\",\"birth_date\":\"1980-02-03\",\"appointment\":"
		 "{\"start\":\"%sT10:00\",\"end\":\"%sT10:45\",\"mode\":\"telephone\"}}",
		 tomorrow, tomorrow);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "POST", convert, with_appt, &r), 201);
	json_t *j = http_json(&r);
	long long person = json_integer_value(json_object_get(j, "person_id"));
	long long appointment = json_integer_value(json_object_get(j, "appointment_id"));
	json_decref(j);
	http_resp_free(&r);
	assert_true(person > 0);
	assert_true(appointment > 0);
	char appt_path[64];
	snprintf(appt_path, sizeof appt_path, "/api/v1/appointments/%lld", appointment);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", appt_path, NULL, &r), 200);
	expect_in(&r, "Inconnue");
	expect_in(&r, "T10:45");
	http_resp_free(&r);
	char person_path[64];
	snprintf(person_path, sizeof person_path, "/api/v1/persons/%lld", person);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", person_path, NULL, &r), 200);
	expect_in(&r, "\"Inconnue\"");
	expect_in(&r, "paule@example.org");
	expect_in(&r, "\"referent\":\"w1\"");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", person_path, NULL, NULL), 404);
	/* Her two consents in the history, recorded by w1 on the date given. */
	char consents[256];
	snprintf(consents, sizeof consents,
		 "SELECT COUNT(DISTINCT c.kind) FROM consent_changes c JOIN users u"
		 " ON u.id = c.actor_id WHERE c.person_id = %lld AND u.login = 'w1'"
		 " AND c.given = 1 AND c.on_date = '2024-06-01'",
		 person);
	assert_int_equal(fixture_count(&fx, consents), 2);
	expect_api(PORT, &w1, "POST", convert, consent, 409, NULL);
	expect_api(PORT, &w1, "POST", dismiss, NULL, 200, NULL);
	expect_api(PORT, &w1, "POST", dismiss, NULL, 409, NULL);
	l = employee_list(&w1, NULL);
	assert_int_equal(json_array_size(l), 3);
	json_decref(l);
	l = employee_list(&w1, "?status=converted");
	assert_int_equal(json_array_size(l), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 0), "person_id")),
			 person);
	json_decref(l);
}

static void test_dashboard(void **state)
{
	(void)state;
	post_request(&rh_acme, "{\"subject\":\"Nouvelle\",\"message\":\"Un conflit\"}");
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/", NULL, &r), 200);
	expect_in(&r, "Demandes d&#39;intervention d&#39;employeurs en attente");
	expect_in(&r, "Salariés qui demandent à être contactés");
	expect_in(&r, "href=\"/demandes-salaries\">Martin Luc</a>");
	expect_in(&r, "href=\"/demandes\">ACME</a>");
	expect_not_in(&r, "/cases/0");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", "/", NULL, &r), 200);
	expect_not_in(&r, "Martin Luc");
	expect_not_in(&r, "ACME");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/", NULL, &r), 200);
	expect_in(&r, "Salariés qui demandent à être contactés");
	expect_not_in(&r, "Martin Luc");
	expect_not_in(&r, "Leroy");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &rh_acme, 0, "GET", "/", NULL, &r), 200);
	expect_not_in(&r, "Martin Luc");
	expect_not_in(&r, "demandent à être contactés");
	http_resp_free(&r);
}

/* A request from someone the worker already follows: converting it warns
   and names her own person, on the API and the page, until she confirms. */
static void test_employee_request_duplicate(void **state)
{
	(void)state;
	assert_int_equal(submit(acme_path,
				"last_name=Inconnue&first_name=Paule&contact=paule%40example.org"
				"&preference=telephone&consent=1",
				"X-Real-IP: 192.0.2.91\r\n", NULL),
			 200);
	json_t *l = employee_list(&w1, "?status=converted");
	long long followed = json_integer_value(json_object_get(json_array_get(l, 0), "person_id"));
	json_decref(l);
	assert_true(followed > 0);
	l = employee_list(&w1, NULL);
	long long again = find(l, "Inconnue");
	json_decref(l);
	assert_true(again > 0);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/employee-requests/%lld/convert", again);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "POST", path, "{\"consent_on\":\"2024-06-01\"}", &r),
			 409);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	assert_int_equal(json_array_size(json_object_get(j, "duplicates")), 1);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(j, "duplicates"), 0)),
			 followed);
	json_decref(j);
	/* Nothing converted: still pending. */
	l = employee_list(&w1, NULL);
	assert_int_equal(find(l, "Inconnue"), again);
	json_decref(l);
	/* The page: her person named with a link, and the box to go on. */
	snprintf(path, sizeof path, "/demandes-salaries/%lld/convertir", again);
	assert_int_equal(http_form(PORT, &w1, path, "consent_on=2024-06-01", &r), 409);
	char link[64];
	snprintf(link, sizeof link, "href=\"/persons/%lld\"", followed);
	expect_in(&r, link);
	expect_in(&r, "Ouvrir la fiche de Inconnue Paule");
	expect_in(&r, "name=\"confirm\"");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, path, "consent_on=2024-06-01&confirm=1", &r), 303);
	http_resp_free(&r);
	l = employee_list(&w1, NULL);
	assert_int_equal(find(l, "Inconnue"), 0);
	json_decref(l);
}

static void test_pages(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &rh_acme, 0, "GET", "/demandes", NULL, &r), 200);
	expect_in(&r, "N&#39;indiquez aucune information de santé ni de détail personnel");
	expect_in(&r, "action=\"/demandes\"");
	expect_in(&r, "Je passe jeudi. ReplySecretQRS");
	expect_not_in(&r, "Information retraite");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &rh_acme, "/demandes", "subject=&message=m", &r), 422);
	expect_in(&r, "err-new-subject");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &rh_acme, "/demandes",
				   "subject=Par+le+formulaire&message=Bonjour%0Aligne+2", NULL),
			 303);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/demandes", NULL, &r), 200);
	expect_in(&r, "Par le formulaire");
	expect_in(&r, "Votre réponse");
	expect_not_in(&r, "N&#39;indiquez aucune information");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", "/demandes", NULL, &r), 200);
	expect_not_in(&r, "Par le formulaire");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/demandes-salaries", NULL, &r), 200);
	expect_in(&r, "Martin Luc");
	expect_in(&r, "Créer la fiche de la personne");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &rh_acme, 0, "GET", "/demandes-salaries", NULL, NULL), 403);
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/organisations/acme", NULL, &r), 200);
	expect_in(&r, "Lien de demande des salariés");
	expect_in(&r, "Révoquer le lien");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &head, "/organisations/beta/lien-demande", "", &r), 200);
	expect_in(&r, "/demande/");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, "/organisations/acme/lien-demande", "", NULL), 403);
	assert_int_equal(http_form(PORT, &head, "/organisations/beta/lien-demande/revoquer", "", NULL),
			 303);
}

static void test_sealed(void **state)
{
	(void)state;
	/* The plaintext is nowhere in what the database stores. */
	const char *secrets[] = {"SujetSecretABC", "MessageSecretXYZ", "ReplySecretQRS",
				 "EmployeeSecretLMN", "Leroy", "0612345679"};
	for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
		assert_int_equal(db_has(&fx, secrets[i]), 0);
	/* A name stored in clear is seen: the check reads the stored bytes. */
	assert_int_equal(db_has(&fx, "Alice Martin"), 1);
}

static void test_audit(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	const char *want[] = {"\"request.create\"",
			      "\"request.list\"",
			      "\"request.reply\"",
			      "\"request.reply_denied\"",
			      "\"request.close\"",
			      "\"request.close_denied\"",
			      "\"request_link.create\"",
			      "\"request_link.revoke\"",
			      "\"employee_request.create\"",
			      "\"employee_request.rate_limited\"",
			      "\"employee_request.list\"",
			      "\"employee_request.convert\"",
			      "\"employee_request.convert_denied\"",
			      "\"employee_request.dismiss\"",
			      "\"employee_request.dismiss_denied\"",
			      "\"dashboard.read\"" /* the dashboard: one entry per view (issue 15) */};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(r.body, want[i]))
			fail_msg("audit lacks %s", want[i]);
	assert_null(strstr(r.body, "Secret"));
	assert_null(strstr(r.body, "Leroy"));
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_employer_requests),
		cmocka_unit_test(test_replies_and_closing),
		cmocka_unit_test(test_no_person_oracle),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_public_form),
		cmocka_unit_test(test_link_daily_limit),
		cmocka_unit_test(test_employee_requests),
		cmocka_unit_test(test_employee_request_duplicate),
		cmocka_unit_test(test_dashboard),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_sealed),
		cmocka_unit_test(test_audit),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
