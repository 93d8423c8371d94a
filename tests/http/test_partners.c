/*
 * test_partners — the partner directory: adding (workers and the head),
 * every refusal of the validation, the accent-insensitive search, the
 * administrator's corrections and merges (orientations follow the kept
 * partner; the duplicate leaves the lists), roles refused, audit entries.
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

static struct fixture fx;
static struct sess w1, head, admin, employer, auditor;
static long long caf_id, hopital_id;

#define PORT fx.srv.port
#define expect(...) expect_api(PORT, __VA_ARGS__)

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker", "head1:head", "admin1:admin",
					    "rh1:employer:acme", "auditor1:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &head, &admin, &employer, &auditor};
	const char *logins[] = {"w1", "head1", "admin1", "rh1", "auditor1"};
	for (int i = 0; i < 5; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	return http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
		       "{\"login\":\"w1\"}", NULL) == 200
		       ? 0
		       : -1;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}


static long long create(const struct sess *s, const char *body)
{
	struct http_resp r;
	if (http_as(PORT, s, 1, "POST", "/api/v1/partners", body, &r) != 201)
		fail_msg("POST /api/v1/partners %s: %d %s", body, r.status, r.body);
	return created_id(&r);
}

static void test_create(void **state)
{
	(void)state;
	const char *P = "/api/v1/partners";
	expect(&w1, "POST", P, "{\"name\":\"\",\"kind\":\"caf\"}", 422, "name");
	expect(&w1, "POST", P, "{\"kind\":\"caf\"}", 422, "name");
	expect(&w1, "POST", P, "{\"name\":42,\"kind\":\"caf\"}", 422, "name");
	expect(&w1, "POST", P, "{\"name\":\"CAF\",\"kind\":\"licorne\"}", 422, "kind");
	expect(&w1, "POST", P, "{\"name\":\"CAF\"}", 422, "kind");
	expect(&w1, "POST", P, "{\"name\":\"CAF\",\"kind\":\"caf\",\"email\":\"pas une adresse\"}", 422,
	       "email");
	expect(&w1, "POST", P, "{\"name\":\"CAF\",\"kind\":\"caf\",\"email\":\"a@b\"}", 422, "email");
	expect(&w1, "POST", P, "{\"name\":\"CAF\",\"kind\":\"caf\",\"phone\":\"appelez-moi\"}", 422,
	       "phone");
	expect(&w1, "POST", P, "{\"name\":\"Tab\\tin\",\"kind\":\"caf\"}", 422, "name");
	char body[2600];
	snprintf(body, sizeof body, "{\"name\":\"CAF\",\"kind\":\"caf\",\"notes\":\"%02100d\"}", 0);
	expect(&w1, "POST", P, body, 422, "notes");
	expect(&employer, "POST", P, "{\"name\":\"CAF\",\"kind\":\"caf\"}", 403, NULL);
	expect(&auditor, "POST", P, "{\"name\":\"CAF\",\"kind\":\"caf\"}", 403, NULL);
	assert_int_equal(http_as(PORT, NULL, 0, "POST", P, "{\"name\":\"CAF\",\"kind\":\"caf\"}",
				 NULL),
			 401);
	caf_id = create(&w1, "{\"name\":\"CAF de l'Essonne\",\"kind\":\"caf\","
			     "\"address\":\"2 rue de la Paix\\n91000 Évry\",\"phone\":\"01 23 45 67 89\","
			     "\"email\":\"accueil@caf91.fr\",\"notes\":\"Permanence le mardi.\"}");
	hopital_id = create(&head, "{\"name\":\"Hôpital Bicêtre\",\"kind\":\"hopital\"}");
	assert_true(caf_id > 0 && hopital_id > caf_id);
}

/* The names the search q (and kind) finds, as one string "a|b|". */
static void search(const struct sess *s, const char *query, char *out, size_t len)
{
	char path[256];
	snprintf(path, sizeof path, "/api/v1/partners%s", query);
	struct http_resp r;
	assert_int_equal(http_as(PORT, s, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r), *e;
	size_t i, n = 0;
	out[0] = '\0';
	json_array_foreach(json_object_get(j, "partners"), i, e)
		n += (size_t)snprintf(out + n, len - n, "%s|",
				      json_string_value(json_object_get(e, "name")));
	json_decref(j);
	http_resp_free(&r);
}

static void test_search(void **state)
{
	(void)state;
	char got[512];
	search(&w1, "?q=HOPITAL%20bicetre", got, sizeof got);
	assert_string_equal(got, "Hôpital Bicêtre|");
	search(&head, "?q=essonne", got, sizeof got);
	assert_string_equal(got, "CAF de l'Essonne|");
	search(&admin, "", got, sizeof got);
	assert_string_equal(got, "CAF de l'Essonne|Hôpital Bicêtre|");
	search(&w1, "?kind=hopital", got, sizeof got);
	assert_string_equal(got, "Hôpital Bicêtre|");
	search(&w1, "?q=%25", got, sizeof got); /* a literal % matches nothing */
	assert_string_equal(got, "");
	assert_int_equal(http_as(PORT, &employer, 0, "GET", "/api/v1/partners", NULL, NULL), 403);
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/partners", NULL, NULL), 403);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/partners/%lld", caf_id);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	json_t *p = json_object_get(j, "partner");
	assert_string_equal(json_string_value(json_object_get(p, "address")),
			    "2 rue de la Paix\n91000 Évry");
	assert_string_equal(json_string_value(json_object_get(p, "email")), "accueil@caf91.fr");
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/api/v1/partners/999999", NULL, NULL), 404);
}

static void test_update(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/partners/%lld", hopital_id);
	expect(&w1, "PATCH", path, "{\"name\":\"Autre\"}", 403, NULL);
	expect(&head, "PATCH", path, "{\"name\":\"Autre\"}", 403, NULL);
	expect(&admin, "PATCH", path, "{\"kind\":\"licorne\"}", 422, "kind");
	expect(&admin, "PATCH", path, "{\"name\":\"\"}", 422, "name");
	expect(&admin, "PATCH", "/api/v1/partners/999999", "{\"name\":\"X\"}", 404, NULL);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &admin, 1, "PATCH", path,
				 "{\"name\":\"Hôpital Bicêtre (AP-HP)\",\"phone\":\"01 45 21 21 21\"}",
				 &r),
			 200);
	json_t *j = http_json(&r);
	json_t *p = json_object_get(j, "partner");
	assert_string_equal(json_string_value(json_object_get(p, "name")), "Hôpital Bicêtre (AP-HP)");
	assert_string_equal(json_string_value(json_object_get(p, "kind")), "hopital");
	json_decref(j);
	http_resp_free(&r);
	char got[512];
	search(&w1, "?q=ap-hp", got, sizeof got); /* the folded name follows */
	assert_string_equal(got, "Hôpital Bicêtre (AP-HP)|");
}

static void test_merge(void **state)
{
	(void)state;
	/* A duplicate that an orientation already uses. */
	long long dup = create(&w1, "{\"name\":\"C.A.F. Essonne\",\"kind\":\"caf\"}");
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
				 "{\"organisation\":\"acme\",\"last_name\":\"Roux\",\"first_name\":"
				 "\"Anne\",\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
				 &r),
			 201);
	long long person = created_id(&r);
	char body[512], path[128];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 person);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r), 201);
	long long kase = created_id(&r);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/orientations", kase);
	snprintf(body, sizeof body,
		 "{\"partner_id\":%lld,\"sent_on\":\"2024-03-01\",\"reason\":\"Dossier APL\"}", dup);
	expect(&w1, "POST", path, body, 201, NULL);

	const char *M = "/api/v1/partners/merge";
	snprintf(body, sizeof body, "{\"keep\":%lld,\"merge\":%lld}", caf_id, dup);
	expect(&w1, "POST", M, body, 403, NULL);
	expect(&head, "POST", M, body, 403, NULL);
	expect(&employer, "POST", M, body, 403, NULL);
	char same[64], unknown[64];
	snprintf(same, sizeof same, "{\"keep\":%lld,\"merge\":%lld}", caf_id, caf_id);
	expect(&admin, "POST", M, same, 422, "merge");
	snprintf(unknown, sizeof unknown, "{\"keep\":999999,\"merge\":%lld}", dup);
	expect(&admin, "POST", M, unknown, 422, "keep");
	snprintf(unknown, sizeof unknown, "{\"keep\":%lld,\"merge\":999999}", caf_id);
	expect(&admin, "POST", M, unknown, 422, "merge");
	expect(&admin, "POST", M, "{\"keep\":\"un\",\"merge\":2}", 422, "keep");
	expect(&admin, "POST", M, body, 200, NULL);
	expect(&admin, "POST", M, body, 422, "merge"); /* already merged */

	/* The orientation now names the kept partner; the duplicate is gone. */
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	json_t *partner = json_object_get(json_array_get(json_object_get(j, "orientations"), 0),
					  "partner");
	assert_int_equal(json_integer_value(json_object_get(partner, "id")), caf_id);
	assert_string_equal(json_string_value(json_object_get(partner, "name")), "CAF de l'Essonne");
	json_decref(j);
	http_resp_free(&r);
	char got[512];
	search(&w1, "?q=essonne", got, sizeof got);
	assert_string_equal(got, "CAF de l'Essonne|");
	char dup_path[64];
	snprintf(dup_path, sizeof dup_path, "/api/v1/partners/%lld", dup);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", dup_path, NULL, NULL), 404);
	/* A merged partner is no longer offered to new orientations. */
	snprintf(body, sizeof body,
		 "{\"partner_id\":%lld,\"sent_on\":\"2024-03-01\",\"reason\":\"Dossier APL\"}", dup);
	expect(&w1, "POST", path, body, 422, "partner_id");
}

static void test_audit(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	const char *want[] = {"\"partner.create\"", "\"partner.update\"", "\"partner.merge\""};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(r.body, want[i]))
			fail_msg("audit lacks %s", want[i]);
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create), cmocka_unit_test(test_search),
		cmocka_unit_test(test_update), cmocka_unit_test(test_merge),
		cmocka_unit_test(test_audit),
	};
	return cmocka_run_group_tests_name("partners", tests, setup, teardown);
}
