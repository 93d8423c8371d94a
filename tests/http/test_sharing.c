/*
 * test_sharing — interventions and their private notes, dated shares
 * (live, ended, expired), hand-over of a case, and the head's caseload
 * view and transfer — each with its refusals; hand-overs and transfers are
 * accepted by the receiving worker (the two-person rule, test_twoperson).
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
static struct sess w1, w2, w3, head, admin, auditor;
static long long person_id, case_id;
static char case_path[64];

#define PORT fx.srv.port

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const beta[] = {"organisation", "add", "--code", "beta", "--name",
					   "Beta", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, beta, NULL};
	static const char *const users[] = {"w1:worker",	 "w2:worker",	  "w3:worker",
					    "w4:worker",	 "head1:head",	  "admin1:admin",
					    "auditor1:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &w3, &head, &admin, &auditor};
	const char *logins[] = {"w1", "w2", "w3", "head1", "admin1", "auditor1"};
	for (int i = 0; i < 6; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	const char *assign[][2] = {{"acme", "w1"}, {"acme", "w2"}, {"beta", "w3"}};
	for (int i = 0; i < 3; i++) {
		char path[128], body[64];
		snprintf(path, sizeof path, "/api/v1/organisations/%s/workers", assign[i][0]);
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", assign[i][1]);
		if (http_as(PORT, &head, 1, "POST", path, body, NULL) != 200)
			return -1;
	}
	struct http_resp r;
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"Roux\",\"first_name\":\"Anne\","
		    "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		    &r) != 201)
		return -1;
	person_id = created_id(&r);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"sante.arret\"]}",
		 person_id);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r) != 201)
		return -1;
	case_id = created_id(&r);
	snprintf(case_path, sizeof case_path, "/api/v1/cases/%lld", case_id);
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

static char *sub(const char *tail)
{
	static char path[128];
	snprintf(path, sizeof path, "%s%s", case_path, tail);
	return path;
}

static void test_interventions(void **state)
{
	(void)state;
	const char *ok = "{\"date\":\"2024-02-05\",\"mode\":\"permanence\",\"kind\":\"entretien\","
			 "\"duration_minutes\":45,\"notes\":\"Point sur l'arrêt.\","
			 "\"private_note\":\"Impression : très fragile.\"}";
	expect(&w1, "POST", sub("/interventions"),
	       "{\"date\":\"2024-01-05\",\"mode\":\"bureau\",\"kind\":\"entretien\","
	       "\"duration_minutes\":30}",
	       422, "date"); /* before the case opened */
	expect(&w1, "POST", sub("/interventions"),
	       "{\"date\":\"2999-01-05\",\"mode\":\"bureau\",\"kind\":\"entretien\","
	       "\"duration_minutes\":30}",
	       422, "date");
	expect(&w1, "POST", sub("/interventions"),
	       "{\"date\":\"2024-02-05\",\"mode\":\"pigeon\",\"kind\":\"entretien\","
	       "\"duration_minutes\":30}",
	       422, "mode");
	expect(&w1, "POST", sub("/interventions"),
	       "{\"date\":\"2024-02-05\",\"mode\":\"bureau\",\"kind\":\"magie\","
	       "\"duration_minutes\":30}",
	       422, "kind");
	expect(&w1, "POST", sub("/interventions"),
	       "{\"date\":\"2024-02-05\",\"mode\":\"bureau\",\"kind\":\"entretien\","
	       "\"duration_minutes\":-5}",
	       422, "duration_minutes");
	expect(&w1, "POST", sub("/interventions"),
	       "{\"date\":\"2024-02-05\",\"mode\":\"bureau\",\"kind\":\"entretien\","
	       "\"duration_minutes\":\"45\"}",
	       422, "duration_minutes");
	expect(&w2, "POST", sub("/interventions"), ok, 404, NULL);
	expect(&head, "POST", sub("/interventions"), ok, 404, NULL);
	expect(&w1, "POST", sub("/interventions"), ok, 201, NULL);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", sub("/interventions"), NULL, &r), 200);
	json_t *j = http_json(&r);
	json_t *list = json_object_get(j, "interventions");
	assert_int_equal(json_array_size(list), 1);
	json_t *i0 = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(i0, "notes")), "Point sur l'arrêt.");
	assert_string_equal(json_string_value(json_object_get(i0, "private_note")),
			    "Impression : très fragile.");
	assert_int_equal(json_integer_value(json_object_get(i0, "duration_minutes")), 45);
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", sub("/interventions"), NULL, NULL), 404);
	assert_int_equal(http_as(PORT, &admin, 0, "GET", sub("/interventions"), NULL, NULL), 404);
}

/* Issue 17, item 9: the référent picks the colleague from a list of the
   active social workers — neither herself, nor a closed account, nor
   another role — in both the share and the hand-over forms. */
static void test_colleague_list(void **state)
{
	(void)state;
	assert_int_equal(fixture_sql(&fx, "UPDATE users SET active = 0 WHERE login = 'w4'"), 0);
	char path[64];
	snprintf(path, sizeof path, "/cases/%lld", case_id);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	const char *share = strstr(r.body, "/shares\"");
	const char *handover = share ? strstr(share, "/referent\"") : NULL;
	assert_non_null(share);
	assert_non_null(handover);
	/* Each form has its own list: w2 and w3 after each action. */
	const char *forms[] = {share, handover};
	for (int i = 0; i < 2; i++) {
		const char *select = strstr(forms[i], "<select name=\"login\" required");
		assert_non_null(select);
		const char *end = strstr(select, "</select>");
		assert_non_null(end);
		char *list = strndup(select, (size_t)(end - select));
		assert_non_null(strstr(list, "<option value=\"w2\">"));
		assert_non_null(strstr(list, "<option value=\"w3\">"));
		const char *never[] = {"value=\"w1\"", "value=\"w4\"", "value=\"head1\"",
				       "value=\"admin1\"", "value=\"auditor1\""};
		for (size_t k = 0; k < sizeof never / sizeof never[0]; k++)
			if (strstr(list, never[k]))
				fail_msg("the colleague list offers %s:\n%s", never[k], list);
		free(list);
	}
	http_resp_free(&r);
	assert_int_equal(fixture_sql(&fx, "UPDATE users SET active = 1 WHERE login = 'w4'"), 0);
}

static void test_shares(void **state)
{
	(void)state;
	char today[DATE_LEN + 1], body[256];
	date_today(today);
	snprintf(body, sizeof body, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"Congé\"}", today);
	expect(&w1, "POST", sub("/shares"), "{\"login\":\"w2\",\"until\":\"2000-01-01\","
					    "\"reason\":\"Congé\"}", 422, "until");
	expect(&w1, "POST", sub("/shares"), "{\"login\":\"w2\",\"until\":\"2999-01-01\","
					    "\"reason\":\"Congé\"}", 422, "until");
	expect(&w1, "POST", sub("/shares"), "{\"login\":\"head1\",\"until\":\"2999-01-01\","
					    "\"reason\":\"Congé\"}", 422, "login");
	expect(&w1, "POST", sub("/shares"), "{\"login\":\"w1\",\"until\":\"2999-01-01\","
					    "\"reason\":\"Congé\"}", 422, "login");
	snprintf(body, sizeof body, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"\"}", today);
	expect(&w1, "POST", sub("/shares"), body, 422, "reason");
	snprintf(body, sizeof body, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"Congé\"}", today);
	expect(&w3, "POST", sub("/shares"), body, 404, NULL);
	expect(&head, "POST", sub("/shares"), body, 404, NULL);
	expect(&w1, "POST", sub("/shares"), body, 201, NULL);

	/* Live: w2 reads the case, the person and the interventions — not the private note. */
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w2, 0, "GET", case_path, NULL, NULL), 200);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/persons/%lld", person_id);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", path, NULL, NULL), 200);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", sub("/interventions"), NULL, &r), 200);
	assert_null(strstr(r.body, "private_note"));
	assert_null(strstr(r.body, "fragile"));
	assert_non_null(strstr(r.body, "Point sur"));
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", "/api/v1/cases?status=open", NULL, &r), 200);
	assert_non_null(strstr(r.body, "Roux"));
	http_resp_free(&r);
	/* w2 writes an intervention with a private note that w1 will not see. */
	expect(&w2, "POST", sub("/interventions"),
	       "{\"date\":\"2024-03-01\",\"mode\":\"telephone\",\"kind\":\"entretien\","
	       "\"duration_minutes\":10,\"private_note\":\"Note de w2\"}",
	       201, NULL);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", sub("/interventions"), NULL, &r), 200);
	assert_null(strstr(r.body, "Note de w2"));
	http_resp_free(&r);
	/* A share holder may not re-share or hand over. */
	expect(&w2, "POST", sub("/shares"), body, 403, NULL);
	expect(&w2, "POST", sub("/referent"), "{\"login\":\"w2\"}", 403, NULL);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", sub("/shares"), NULL, &r), 200);
	assert_non_null(strstr(r.body, "\"live\":true"));
	http_resp_free(&r);

	/* Expired (the end date passed): the door closes by itself. */
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE shares SET until = '2000-01-01' WHERE case_id = %lld",
		 case_id);
	assert_int_equal(fixture_sql(&fx, sql), 0);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", case_path, NULL, NULL), 404);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", path, NULL, NULL), 404);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", "/api/v1/cases", NULL, &r), 200);
	assert_null(strstr(r.body, "Roux"));
	http_resp_free(&r);

	/* Ended by the référent. */
	expect(&w1, "POST", sub("/shares"), body, 201, NULL);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", case_path, NULL, NULL), 200);
	expect(&w1, "DELETE", sub("/shares/w2"), NULL, 204, NULL);
	expect(&w1, "DELETE", sub("/shares/w2"), NULL, 404, NULL);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", case_path, NULL, NULL), 404);
}

/* Everything held on the person, in one document, for whoever may open
   them; not found for anyone else. */
static void test_export(void **state)
{
	(void)state;
	char path[96], v[128];
	snprintf(path, sizeof path, "/api/v1/persons/%lld/export", person_id);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	assert_non_null(http_header(&r, "Content-Disposition", v, sizeof v));
	assert_non_null(strstr(v, "dossier-"));
	expect_in(&r, "\"last_name\":\"Roux\"");
	expect_in(&r, "\"cases\":[{");
	expect_in(&r, "Point sur l'arrêt.");
	expect_in(&r, "Impression : très fragile."); /* w1's own private note */
	expect_in(&r, "\"shares\":[{\"login\":\"w2\"");
	expect_in(&r, "\"aids\":[]");
	expect_in(&r, "\"job_retention\":{");
	http_resp_free(&r);
	const struct sess *others[] = {&w2, &w3, &head, &admin, &auditor};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(http_as(PORT, others[i], 0, "GET", path, NULL, &r), 404);
		assert_null(strstr(r.body, "Roux"));
		http_resp_free(&r);
	}
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/api/v1/persons/999999/export", NULL, NULL),
			 404);
}

/* A hand-over or transfer proposed by s (202 under the two-person rule),
   then accepted by the receiving worker `to`: the acceptance's JSON
   answer (caller decrefs). */
static json_t *proposed_then_accepted(const struct sess *s, const char *path, const char *body,
				      const struct sess *to)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, s, 1, "POST", path, body, &r), 202);
	json_t *j = http_json(&r);
	long long id = (long long)json_integer_value(json_object_get(j, "proposal"));
	json_decref(j);
	http_resp_free(&r);
	assert_true(id > 0);
	char confirm[96];
	snprintf(confirm, sizeof confirm, "/api/v1/proposals/%lld/confirm", id);
	assert_int_equal(http_as(PORT, to, 1, "POST", confirm, NULL, &r), 200);
	j = http_json(&r);
	http_resp_free(&r);
	return j;
}

static void test_handover(void **state)
{
	(void)state;
	expect(&w1, "POST", sub("/referent"), "{\"login\":\"w3\"}", 422, "login"); /* not at acme */
	expect(&w1, "POST", sub("/referent"), "{\"login\":\"auditor1\"}", 422, "login");
	expect(&w3, "POST", sub("/referent"), "{\"login\":\"w3\"}", 404, NULL);
	expect(&admin, "POST", sub("/referent"), "{\"login\":\"w2\"}", 404, NULL);
	json_decref(proposed_then_accepted(&w1, sub("/referent"), "{\"login\":\"w2\"}", &w2));
	assert_int_equal(http_as(PORT, &w1, 0, "GET", case_path, NULL, NULL), 404);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", case_path, NULL, NULL), 200);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/persons/%lld", person_id);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", path, NULL, NULL), 200); /* the person follows */
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, NULL), 404);
	/* The head hands it back without opening it. */
	json_decref(proposed_then_accepted(&head, sub("/referent"), "{\"login\":\"w1\"}", &w1));
	expect(&head, "POST", "/api/v1/cases/999999/referent", "{\"login\":\"w1\"}", 404, NULL);
	assert_int_equal(http_as(PORT, &head, 0, "GET", case_path, NULL, NULL), 404);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", case_path, NULL, NULL), 200);
}

static void test_caseloads(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/api/v1/caseloads", NULL, &r), 200);
	assert_non_null(strstr(r.body, "\"login\":\"w1\""));
	assert_null(strstr(r.body, "Roux")); /* sizes, never names */
	json_t *j = http_json(&r);
	json_t *e;
	size_t i;
	int seen = 0;
	json_array_foreach(json_object_get(j, "caseloads"), i, e)
	{
		if (strcmp(json_string_value(json_object_get(e, "login")), "w1") == 0) {
			assert_int_equal(json_integer_value(json_object_get(e, "open_cases")), 1);
			assert_int_equal(json_integer_value(json_object_get(e, "persons")), 1);
			seen = 1;
		}
	}
	assert_true(seen);
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/api/v1/caseloads", NULL, NULL), 403);
	assert_int_equal(http_as(PORT, &admin, 0, "GET", "/api/v1/caseloads", NULL, NULL), 403);
	expect(&head, "POST", "/api/v1/caseloads/transfer", "{\"from\":\"w1\",\"to\":\"w1\"}", 422,
	       "to");
	expect(&head, "POST", "/api/v1/caseloads/transfer", "{\"from\":\"ghost\",\"to\":\"w3\"}", 422,
	       "from");
	expect(&w1, "POST", "/api/v1/caseloads/transfer", "{\"from\":\"w1\",\"to\":\"w3\"}", 403, NULL);
	j = proposed_then_accepted(&head, "/api/v1/caseloads/transfer",
				   "{\"from\":\"w1\",\"to\":\"w3\"}", &w3);
	assert_int_equal(json_integer_value(json_object_get(j, "cases")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "persons")), 1);
	json_decref(j);
	/* w3 now holds it, and serves ACME. */
	assert_int_equal(http_as(PORT, &w3, 0, "GET", case_path, NULL, NULL), 200);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", case_path, NULL, NULL), 404);
	assert_int_equal(http_as(PORT, &w3, 0, "GET", "/api/v1/organisations/acme", NULL, NULL), 200);
}

static void test_audit(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	const char *want[] = {"\"intervention.create\"", "\"intervention.list\"", "\"share.create\"",
			      "\"share.delete\"",	   "\"case.handover\"",	   "\"caseload.transfer\"",
			      "\"share.create_denied\""};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(r.body, want[i]))
			fail_msg("audit lacks %s", want[i]);
	assert_null(strstr(r.body, "fragile"));
	assert_null(strstr(r.body, "Congé"));
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interventions), cmocka_unit_test(test_colleague_list),
		cmocka_unit_test(test_shares),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_handover),      cmocka_unit_test(test_caseloads),
		cmocka_unit_test(test_audit),
	};
	return cmocka_run_group_tests_name("sharing", tests, setup, teardown);
}
