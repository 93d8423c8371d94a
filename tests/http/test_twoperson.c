/*
 * test_twoperson — the two-person rule (issue 13, item 5; service/twoperson.h)
 * through the real binary: the administrator tries each path alone
 * (create a worker or a head, reset, re-enable, transfer a caseload,
 * switch the rule from the web or the API) and fails; the proposer never
 * sees a link; a head confirms and the link appears to her only; the
 * receiving worker accepts a transfer and a hand-over, the former référent
 * is told; with the rule switched off at the command line the changes take
 * effect at once and the auditor's page shows a banner.
 *
 * Environment: RELAIS_BIN (the binary), RELAIS_TEST_DB (optional: a
 * postgresql:// URI of an empty database; default a fresh SQLite file).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/harness.h"
#include "http/http.h"
#include "routes/routes.h"

static struct fixture fx;
static struct sess admin, head1, head2, w1, w2, w3, auditor;
static long long case_a, case_b;

#define PORT fx.srv.port

static long long new_case(struct sess *s, const char *last_name)
{
	char body[256];
	struct http_resp r;
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"last_name\":\"%s\",\"first_name\":\"Anne\","
		 "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		 last_name);
	if (http_as(PORT, s, 1, "POST", "/api/v1/persons", body, &r) != 201)
		return -1;
	long long person = created_id(&r);
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 person);
	if (http_as(PORT, s, 1, "POST", "/api/v1/cases", body, &r) != 201)
		return -1;
	return created_id(&r);
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"admin1:admin", "head1:head",	  "head2:head",
					    "w1:worker",    "w2:worker",	  "w3:worker",
					    "auditor1:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&admin, &head1, &head2, &w1, &w2, &w3, &auditor};
	const char *logins[] = {"admin1", "head1", "head2", "w1", "w2", "w3", "auditor1"};
	for (int i = 0; i < 7; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	const char *workers[] = {"w1", "w2", "w3"};
	for (int i = 0; i < 3; i++) {
		char body[64];
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", workers[i]);
		if (http_as(PORT, &head1, 1, "POST", "/api/v1/organisations/acme/workers", body,
			    NULL) != 200)
			return -1;
	}
	case_a = new_case(&w1, "Roux");
	case_b = new_case(&w1, "Blanc");
	return case_a > 0 && case_b > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* --- helpers ------------------------------------------------------------ */

/* The JSON answer of a request that must have status; caller decrefs. */
static json_t *call(const struct sess *s, const char *method, const char *path, const char *body,
		    int status)
{
	struct http_resp r;
	int got = http_as(PORT, s, 1, method, path, body, &r);
	if (got != status)
		fail_msg("%s %s: %d, expected %d: %s", method, path, got, status, r.body);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	assert_non_null(j);
	return j;
}

/* A request's body as text (caller frees); the status must be status. */
static char *page(const struct sess *s, const char *path, int status)
{
	struct http_resp r;
	int got = http_as(PORT, s, 0, "GET", path, NULL, &r);
	if (got != status)
		fail_msg("GET %s: %d, expected %d", path, got, status);
	char *body = strdup(r.body ? r.body : "");
	http_resp_free(&r);
	return body;
}

static long long user_id(const char *login)
{
	json_t *j = call(&admin, "GET", "/api/v1/users", NULL, 200);
	long long id = 0;
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(j, "users"), i, u) {
		if (strcmp(json_string_value(json_object_get(u, "login")), login) == 0)
			id = (long long)json_integer_value(json_object_get(u, "id"));
	}
	json_decref(j);
	return id;
}

/* The proposal id of a 202 answer. */
static long long pending(json_t *j)
{
	assert_string_equal(json_string_value(json_object_get(j, "status")), "pending");
	long long id = (long long)json_integer_value(json_object_get(j, "proposal"));
	assert_true(id > 0);
	/* Never a link nor a password for the proposer. */
	char *text = json_dumps(j, 0);
	assert_null(strstr(text, "inscription"));
	assert_null(json_object_get(j, "enrolment"));
	assert_null(json_object_get(j, "password"));
	free(text);
	json_decref(j);
	return id;
}

/* The proposal id as s lists it (0 when absent), and its fields. */
static json_t *listed(const struct sess *s, long long id)
{
	json_t *j = call(s, "GET", "/api/v1/proposals", NULL, 200);
	json_t *found = NULL;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(j, "proposals"), i, p) {
		if (json_integer_value(json_object_get(p, "id")) == id)
			found = json_incref(p);
	}
	json_decref(j);
	return found;
}

static void confirm_refused(const struct sess *s, long long id, int status)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/proposals/%lld/confirm", id);
	expect_api(PORT, s, "POST", path, NULL, status, NULL);
}

/* Confirms as s: the answer (caller decrefs). */
static json_t *confirm(const struct sess *s, long long id)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/proposals/%lld/confirm", id);
	return call(s, "POST", path, NULL, 200);
}

/* The token at the end of an enrolment URL. */
static void token_of(const char *url, char *out, size_t len)
{
	assert_non_null(url);
	const char *t = strstr(url, "/inscription/");
	assert_non_null(t);
	snprintf(out, len, "%s", t + strlen("/inscription/"));
	assert_int_equal(strlen(out), 43);
}

static int audited(const char *action)
{
	json_t *j = call(&auditor, "GET", "/api/v1/audit?limit=1000", NULL, 200);
	int n = 0;
	size_t i;
	json_t *e;
	json_t *list = json_object_get(j, "entries");
	if (!list)
		list = json_object_get(j, "audit");
	json_array_foreach(list, i, e) {
		const char *a = json_string_value(json_object_get(e, "action"));
		if (a && strcmp(a, action) == 0)
			n++;
	}
	json_decref(j);
	return n;
}

static int run_cli(const char *a1, const char *a2, const char *a3)
{
	const char *args[] = {a1, a2, a3, "--db", fx.db, "--key-file", fx.key, NULL};
	return relais_run(args, NULL, NULL);
}

/* --- the administrator alone ------------------------------------------ */

static long long p_w9, p_h9, p_reset_w3, p_enable_w3;

static void test_admin_alone_cannot_create(void **state)
{
	(void)state;
	/* A worker through the API: proposed, not created, no link. */
	p_w9 = pending(call(&admin, "POST", "/api/v1/users",
			    "{\"login\":\"w9\",\"name\":\"Wanda Neuf\",\"role\":\"worker\"}", 202));
	assert_int_equal(user_id("w9"), 0);
	/* A head through the page: the same, and the page says what awaits. */
	struct http_resp r;
	assert_int_equal(http_form(PORT, &admin, "/admin/users",
				   "login=h9&name=Hugo+Neuf&role=head", &r),
			 303);
	char loc[128] = "";
	http_header(&r, "Location", loc, sizeof loc);
	assert_string_equal(loc, "/a-confirmer");
	http_resp_free(&r);
	assert_int_equal(user_id("h9"), 0);
	json_t *p = listed(&admin, p_w9 + 1);
	assert_non_null(p);
	p_h9 = p_w9 + 1;
	assert_string_equal(json_string_value(json_object_get(p, "login")), "h9");
	assert_true(json_is_true(json_object_get(p, "mine")));
	assert_false(json_is_true(json_object_get(p, "may_decide")));
	json_decref(p);
	char *body = page(&admin, "/a-confirmer", 200);
	assert_non_null(strstr(body, "Vos demandes"));
	assert_non_null(strstr(body, "w9"));
	assert_null(strstr(body, "/inscription/"));
	free(body);
	/* The same login twice: refused while pending. */
	expect_api(PORT, &admin, "POST", "/api/v1/users",
		   "{\"login\":\"w9\",\"name\":\"Wanda Neuf\",\"role\":\"worker\"}", 409, NULL);
	/* She cannot confirm her own proposal. */
	confirm_refused(&admin, p_w9, 403);
	assert_int_equal(user_id("w9"), 0);
	/* Nor can a worker, who may not even know of it. */
	confirm_refused(&w1, p_w9, 404);
	/* An employer or auditor account needs no second person. */
	json_t *j = call(&admin, "POST", "/api/v1/users",
			 "{\"login\":\"aud2\",\"name\":\"Audrey\",\"role\":\"auditor\"}", 201);
	assert_non_null(json_object_get(j, "enrolment"));
	json_decref(j);
}

static void test_admin_alone_cannot_reset_nor_enable(void **state)
{
	(void)state;
	long long w3_id = user_id("w3");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/users/%lld/reset", w3_id);
	p_reset_w3 = pending(call(&admin, "POST", path, NULL, 202));
	/* Nothing happened: w3's session still works. */
	expect_api(PORT, &w3, "GET", "/api/v1/me", NULL, 200, NULL);
	confirm_refused(&admin, p_reset_w3, 403);
	/* Disabling takes effect at once (it removes access)... */
	snprintf(path, sizeof path, "/api/v1/users/%lld/disable", w3_id);
	json_decref(call(&admin, "POST", path, NULL, 200));
	expect_api(PORT, &w3, "GET", "/api/v1/me", NULL, 401, NULL);
	/* ...re-enabling does not. */
	snprintf(path, sizeof path, "/api/v1/users/%lld/enable", w3_id);
	p_enable_w3 = pending(call(&admin, "POST", path, NULL, 202));
	assert_int_equal(api_login(PORT, "w3", TEST_PASSWORD, &w3), 401);
	confirm_refused(&admin, p_enable_w3, 403);
	/* The web form too. */
	struct http_resp r;
	snprintf(path, sizeof path, "/admin/users/%lld/enable", w3_id);
	assert_int_equal(http_form(PORT, &admin, path, "", &r), 409);
	http_resp_free(&r);
}

static void test_admin_alone_cannot_transfer_nor_switch(void **state)
{
	(void)state;
	expect_api(PORT, &admin, "POST", "/api/v1/caseloads/transfer",
		   "{\"from\":\"w1\",\"to\":\"w2\"}", 403, NULL);
	struct http_resp r;
	assert_int_equal(http_form(PORT, &admin, "/caseloads/transfer", "from=w1&to=w2", &r), 403);
	http_resp_free(&r);
	/* No route of the web or the API switches the rule. */
	for (int i = 0; i < routes_count; i++) {
		assert_null(strstr(routes[i].pattern, "two"));
		assert_null(strstr(routes[i].pattern, "deux"));
		assert_null(strstr(routes[i].pattern, "setting"));
		assert_null(strstr(routes[i].pattern, "regle"));
	}
	const char *tries[] = {"/api/v1/settings/two-person", "/api/v1/two-person",
			       "/admin/two-person", "/admin/regle-deux-personnes"};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		int got = http_as(PORT, &admin, 1, "POST", tries[i], "{\"enabled\":false}", NULL);
		assert_true(got == 404 || got == 405);
	}
	/* Still on: another account is still only proposed. */
	long long id = pending(call(&admin, "POST", "/api/v1/users",
				    "{\"login\":\"w10\",\"name\":\"Dix\",\"role\":\"worker\"}", 202));
	char path[96];
	snprintf(path, sizeof path, "/api/v1/proposals/%lld/withdraw", id);
	json_decref(call(&admin, "POST", path, NULL, 200));
	confirm_refused(&head1, id, 409); /* withdrawn */
	/* The head alone cannot move cases to herself: she carries none. */
	expect_api(PORT, &head1, "POST", "/api/v1/caseloads/transfer",
		   "{\"from\":\"w1\",\"to\":\"head1\"}", 422, "to");
}

/* --- a head confirms --------------------------------------------------- */

static void test_head_confirms_and_gets_the_link(void **state)
{
	(void)state;
	json_t *p = listed(&head1, p_w9);
	assert_non_null(p);
	assert_true(json_is_true(json_object_get(p, "may_decide")));
	json_decref(p);
	json_t *j = confirm(&head1, p_w9);
	const char *url = json_string_value(json_object_get(j, "link"));
	char token[64];
	token_of(url, token, sizeof token);
	json_decref(j);
	assert_true(user_id("w9") > 0);
	/* Confirmed once only. */
	confirm_refused(&head2, p_w9, 409);
	/* The proposer sees it confirmed, never the link. */
	p = listed(&admin, p_w9);
	assert_string_equal(json_string_value(json_object_get(p, "status")), "confirmed");
	char *text = json_dumps(p, 0);
	assert_null(strstr(text, token));
	free(text);
	json_decref(p);
	const char *paths[] = {"/a-confirmer", "/admin/users", "/api/v1/proposals",
			       "/api/v1/users"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		char *body = page(&admin, paths[i], 200);
		assert_null(strstr(body, token));
		free(body);
	}
	/* The other head does not see it either. */
	char *body = page(&head2, "/a-confirmer", 200);
	assert_null(strstr(body, token));
	free(body);
	/* The person enrols with it and signs in. */
	assert_int_equal(enrol_link(PORT, fx.db, "w9", token, TEST_PASSWORD), 0);
	struct sess w9;
	assert_int_equal(api_login(PORT, "w9", TEST_PASSWORD, &w9), 200);

	/* The head account, confirmed on the page: the link shows there. */
	char path[96];
	snprintf(path, sizeof path, "/a-confirmer/%lld/confirmer", p_h9);
	struct http_resp r;
	assert_int_equal(http_form(PORT, &head2, path, "", &r), 200);
	expect_in(&r, "/inscription/");
	expect_in(&r, "h9");
	http_resp_free(&r);
	assert_true(user_id("h9") > 0);
	body = page(&admin, "/a-confirmer", 200);
	assert_null(strstr(body, "/inscription/"));
	free(body);
}

static void test_reset_and_enable_confirmed(void **state)
{
	(void)state;
	/* Re-enabled first (a reset link of a disabled account would not open). */
	json_decref(confirm(&head2, p_enable_w3));
	json_t *j = confirm(&head1, p_reset_w3);
	char token[64];
	token_of(json_string_value(json_object_get(j, "link")), token, sizeof token);
	assert_string_equal(json_string_value(json_object_get(j, "login")), "w3");
	json_decref(j);
	assert_int_equal(enrol_link(PORT, fx.db, "w3", token, TEST_PASSWORD), 0);
	assert_int_equal(api_login(PORT, "w3", TEST_PASSWORD, &w3), 200);

	/* The account concerned never confirms its own reset, even as a head. */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/users/%lld/reset", user_id("head1"));
	long long id = pending(call(&admin, "POST", path, NULL, 202));
	confirm_refused(&head1, id, 403);
	json_t *p = listed(&head1, id);
	assert_non_null(p);
	assert_true(json_is_true(json_object_get(p, "about_me")));
	assert_false(json_is_true(json_object_get(p, "may_decide")));
	json_decref(p);
	/* The other head refuses it: nothing changes. */
	snprintf(path, sizeof path, "/api/v1/proposals/%lld/refuse", id);
	json_decref(call(&head2, "POST", path, NULL, 200));
	expect_api(PORT, &head1, "GET", "/api/v1/me", NULL, 200, NULL);
	confirm_refused(&head2, id, 409);
	/* A worker is not entitled to confirm an account. */
	snprintf(path, sizeof path, "/api/v1/users/%lld/reset", user_id("w2"));
	id = pending(call(&admin, "POST", path, NULL, 202));
	confirm_refused(&w1, id, 404);
	confirm_refused(&w2, id, 403); /* the account concerned */
	snprintf(path, sizeof path, "/api/v1/proposals/%lld/withdraw", id);
	json_decref(call(&admin, "POST", path, NULL, 200));
}

/* --- transfers and hand-overs ----------------------------------------- */

static void test_transfer_accepted_by_the_receiving_worker(void **state)
{
	(void)state;
	char case_path[64];
	snprintf(case_path, sizeof case_path, "/api/v1/cases/%lld", case_a);
	long long id = pending(call(&head1, "POST", "/api/v1/caseloads/transfer",
				    "{\"from\":\"w1\",\"to\":\"w2\"}", 202));
	/* Nothing moved yet. */
	expect_api(PORT, &w2, "GET", case_path, NULL, 404, NULL);
	expect_api(PORT, &w1, "GET", case_path, NULL, 200, NULL);
	/* The current référent is told; she cannot accept it herself. */
	json_t *p = listed(&w1, id);
	assert_non_null(p);
	assert_true(json_is_true(json_object_get(p, "about_me")));
	assert_false(json_is_true(json_object_get(p, "may_decide")));
	json_decref(p);
	confirm_refused(&w1, id, 403);
	confirm_refused(&head1, id, 403); /* the proposer */
	confirm_refused(&head2, id, 404); /* another head: not hers to know */
	confirm_refused(&w3, id, 404);    /* a stranger to it */
	confirm_refused(&admin, id, 404);
	/* The receiving worker sees it, without any name of a person. */
	char *body = page(&w2, "/a-confirmer", 200);
	assert_non_null(strstr(body, "En attente de votre confirmation"));
	assert_null(strstr(body, "Roux"));
	free(body);
	body = page(&w2, "/", 200); /* her home page says so */
	assert_non_null(strstr(body, "1 demande attend votre confirmation."));
	free(body);
	body = page(&w1, "/", 200);
	assert_non_null(strstr(body, "1 demande concerne votre compte ou vos suivis."));
	free(body);
	json_t *j = confirm(&w2, id);
	assert_int_equal(json_integer_value(json_object_get(j, "cases")), 2);
	json_decref(j);
	expect_api(PORT, &w2, "GET", case_path, NULL, 200, NULL);
	expect_api(PORT, &w1, "GET", case_path, NULL, 404, NULL);
	/* The former référent is told it took effect. */
	p = listed(&w1, id);
	assert_string_equal(json_string_value(json_object_get(p, "status")), "confirmed");
	assert_string_equal(json_string_value(json_object_get(p, "decided_by")), "w2");
	json_decref(p);
	body = page(&w1, "/a-confirmer", 200);
	assert_non_null(strstr(body, "Vous concernant"));
	assert_non_null(strstr(body, "confirmée"));
	free(body);
}

static void test_handover_accepted_by_the_receiving_worker(void **state)
{
	(void)state;
	char path[96], case_path[64];
	snprintf(case_path, sizeof case_path, "/api/v1/cases/%lld", case_b);
	/* The référent (w2 since the transfer) hands it to w1 from the case page. */
	snprintf(path, sizeof path, "/cases/%lld/referent", case_b);
	struct http_resp r;
	assert_int_equal(http_form(PORT, &w2, path, "login=w1", &r), 303);
	http_resp_free(&r);
	expect_api(PORT, &w1, "GET", case_path, NULL, 404, NULL);
	json_t *j = call(&w1, "GET", "/api/v1/proposals", NULL, 200);
	long long id = 0;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(j, "proposals"), i, p) {
		if (json_is_true(json_object_get(p, "may_decide")) &&
		    json_integer_value(json_object_get(p, "case_id")) == case_b)
			id = (long long)json_integer_value(json_object_get(p, "id"));
	}
	json_decref(j);
	assert_true(id > 0);
	confirm_refused(&w2, id, 403);
	snprintf(path, sizeof path, "/a-confirmer/%lld/confirmer", id);
	assert_int_equal(http_form(PORT, &w1, path, "", &r), 200);
	http_resp_free(&r);
	expect_api(PORT, &w1, "GET", case_path, NULL, 200, NULL);
	expect_api(PORT, &w2, "GET", case_path, NULL, 404, NULL);

	/* The head hands it over: the receiving worker refuses, nothing moves. */
	snprintf(path, sizeof path, "/api/v1/cases/%lld/referent", case_b);
	id = pending(call(&head1, "POST", path, "{\"login\":\"w2\"}", 202));
	p = listed(&w1, id);
	assert_non_null(p); /* the current référent is told */
	json_decref(p);
	snprintf(path, sizeof path, "/api/v1/proposals/%lld/refuse", id);
	json_decref(call(&w2, "POST", path, NULL, 200));
	expect_api(PORT, &w1, "GET", case_path, NULL, 200, NULL);
	expect_api(PORT, &w2, "GET", case_path, NULL, 404, NULL);
}

static void test_audited(void **state)
{
	(void)state;
	assert_true(audited("proposal.create") >= 8);
	assert_true(audited("proposal.confirm") >= 6);
	assert_true(audited("proposal.confirm_denied") >= 8);
	assert_true(audited("proposal.refuse") >= 2);
	assert_true(audited("proposal.withdraw") >= 2);
	assert_int_equal(audited("caseload.transfer"), 1);
	assert_int_equal(audited("case.handover"), 1);
}

/* --- a one-person service --------------------------------------------- */

static void test_rule_off_from_the_command_line(void **state)
{
	(void)state;
	char *body = page(&auditor, "/audit", 200);
	assert_null(strstr(body, "Règle des deux personnes désactivée"));
	free(body);
	assert_int_equal(run_cli("config", "two-person", "off"), 0);
	/* At once: an account with its link, a transfer, a hand-over. */
	json_t *j = call(&admin, "POST", "/api/v1/users",
			 "{\"login\":\"w11\",\"name\":\"Onze\",\"role\":\"worker\"}", 201);
	assert_non_null(json_object_get(j, "enrolment"));
	json_decref(j);
	j = call(&head1, "POST", "/api/v1/caseloads/transfer", "{\"from\":\"w1\",\"to\":\"w2\"}",
		 200);
	assert_int_equal(json_integer_value(json_object_get(j, "cases")), 1);
	json_decref(j);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/users/%lld/reset", user_id("w3"));
	j = call(&admin, "POST", path, NULL, 200);
	assert_non_null(json_object_get(j, "enrolment"));
	json_decref(j);
	/* The auditor's page says so, for as long as it lasts. */
	body = page(&auditor, "/audit", 200);
	assert_non_null(strstr(body, "Règle des deux personnes désactivée"));
	free(body);
	assert_int_equal(audited("two_person.off"), 1);
	body = page(&auditor, "/audit", 200);
	assert_non_null(strstr(body, "Règle des deux personnes désactivée"));
	free(body);
	/* Back on. */
	assert_int_equal(run_cli("config", "two-person", "on"), 0);
	assert_int_equal(audited("two_person.on"), 1);
	body = page(&auditor, "/audit", 200);
	assert_null(strstr(body, "Règle des deux personnes désactivée"));
	free(body);
	json_decref(call(&admin, "POST", "/api/v1/users",
			 "{\"login\":\"w12\",\"name\":\"Douze\",\"role\":\"worker\"}", 202));
	assert_int_not_equal(run_cli("config", "two-person", "maybe"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_admin_alone_cannot_create),
		cmocka_unit_test(test_admin_alone_cannot_reset_nor_enable),
		cmocka_unit_test(test_admin_alone_cannot_transfer_nor_switch),
		cmocka_unit_test(test_head_confirms_and_gets_the_link),
		cmocka_unit_test(test_reset_and_enable_confirmed),
		cmocka_unit_test(test_transfer_accepted_by_the_receiving_worker),
		cmocka_unit_test(test_handover_accepted_by_the_receiving_worker),
		cmocka_unit_test(test_audited),
		cmocka_unit_test(test_rule_off_from_the_command_line),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
