/*
 * test_organisations — client organisations, headcounts, assignments and
 * employer accounts: who may do what, validation, audit, pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/harness.h"

static struct fixture fx;
static struct sess admin, head, worker, other, employer, auditor;

#define PORT fx.srv.port

static int setup(void **state)
{
	(void)state;
	static const char *const org[] = {"organisation", "add", "--code", "acme", "--name",
					  "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {org, NULL};
	static const char *const users[] = {"admin1:admin", "head1:head",  "worker1:worker",
					    "worker2:worker", "rh1:employer:acme", "auditor1:auditor",
					    NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	return api_login(PORT, "admin1", TEST_PASSWORD, &admin) == 200 &&
			       api_login(PORT, "head1", TEST_PASSWORD, &head) == 200 &&
			       api_login(PORT, "worker1", TEST_PASSWORD, &worker) == 200 &&
			       api_login(PORT, "worker2", TEST_PASSWORD, &other) == 200 &&
			       api_login(PORT, "rh1", TEST_PASSWORD, &employer) == 200 &&
			       api_login(PORT, "auditor1", TEST_PASSWORD, &auditor) == 200
		       ? 0
		       : -1;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

static void expect_field(struct http_resp *r, int status, const char *field)
{
	char v[64];
	assert_int_equal(r->status, status);
	assert_string_equal(json_error(r, "field", v, sizeof v), field);
	http_resp_free(r);
}

static void test_create_who(void **state)
{
	(void)state;
#define BODY                                                                                \
	"{\"code\":\"ville-%d\",\"name\":\"Ville de Montreuil\",\"kind\":\"collectivite\","   \
	"\"sector\":\"Fonction publique territoriale\"}"
	char b[256];
	struct sess *refused[] = {&worker, &employer, &auditor};
	for (int i = 0; i < 3; i++) {
		snprintf(b, sizeof b, BODY, i);
		assert_int_equal(http_as(PORT, refused[i], 1, "POST", "/api/v1/organisations", b, NULL),
				 403);
	}
	snprintf(b, sizeof b, BODY, 9);
	assert_int_equal(http_as(PORT, NULL, 0, "POST", "/api/v1/organisations", b, NULL), 401);
	snprintf(b, sizeof b, BODY, 1);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &admin, 1, "POST", "/api/v1/organisations", b, &r), 201);
	json_t *j = http_json(&r);
	json_t *o = json_object_get(j, "organisation");
	assert_string_equal(json_string_value(json_object_get(o, "code")), "ville-1");
	assert_string_equal(json_string_value(json_object_get(o, "kind")), "collectivite");
	json_decref(j);
	http_resp_free(&r);
	snprintf(b, sizeof b, BODY, 2);
	assert_int_equal(http_as(PORT, &head, 1, "POST", "/api/v1/organisations", b, NULL), 201);
	/* Refused ones left nothing behind. */
	assert_int_equal(http_as(PORT, &admin, 0, "GET", "/api/v1/organisations/ville-0", NULL, NULL),
			 404);
}

static void test_create_validation(void **state)
{
	(void)state;
	struct http_resp r;
	http_as(PORT, &admin, 1, "POST", "/api/v1/organisations",
		"{\"code\":\"Bad Code\",\"name\":\"X\",\"kind\":\"entreprise\"}", &r);
	expect_field(&r, 422, "code");
	http_as(PORT, &admin, 1, "POST", "/api/v1/organisations",
		"{\"code\":\"x1\",\"name\":\"\",\"kind\":\"entreprise\"}", &r);
	expect_field(&r, 422, "name");
	http_as(PORT, &admin, 1, "POST", "/api/v1/organisations",
		"{\"code\":\"x1\",\"name\":\"X\",\"kind\":\"planete\"}", &r);
	expect_field(&r, 422, "kind");
	http_as(PORT, &admin, 1, "POST", "/api/v1/organisations",
		"{\"code\":\"x1\",\"name\":\"X\",\"kind\":5}", &r);
	expect_field(&r, 422, "kind");
	http_as(PORT, &admin, 1, "POST", "/api/v1/organisations",
		"{\"code\":\"acme\",\"name\":\"Again\",\"kind\":\"entreprise\"}", &r);
	expect_field(&r, 409, "code");
	assert_int_equal(http_as(PORT, &admin, 0, "GET", "/api/v1/organisations/x1", NULL, NULL), 404);
}

static int listed(const struct sess *s, const char *code)
{
	struct http_resp r;
	if (http_as(PORT, s, 0, "GET", "/api/v1/organisations", NULL, &r) != 200) {
		http_resp_free(&r);
		return -1;
	}
	char needle[64];
	snprintf(needle, sizeof needle, "\"code\":\"%s\"", code);
	int found = strstr(r.body, needle) != NULL;
	http_resp_free(&r);
	return found;
}

static void test_headcounts_and_assignments(void **state)
{
	(void)state;
	struct http_resp r;
	/* Headcounts: admin and head; bad years and counts refused. */
	assert_int_equal(http_as(PORT, &head, 1, "PUT", "/api/v1/organisations/acme/headcounts/2008",
				 "{\"headcount\":11367}", NULL),
			 200);
	assert_int_equal(http_as(PORT, &admin, 1, "PUT", "/api/v1/organisations/acme/headcounts/2009",
				 "{\"headcount\":14359}", NULL),
			 200);
	assert_int_equal(http_as(PORT, &head, 1, "PUT", "/api/v1/organisations/acme/headcounts/2008",
				 "{\"headcount\":11368}", NULL),
			 200);
	assert_int_equal(http_as(PORT, &worker, 1, "PUT", "/api/v1/organisations/acme/headcounts/2008",
				 "{\"headcount\":1}", NULL),
			 403);
	http_as(PORT, &head, 1, "PUT", "/api/v1/organisations/acme/headcounts/1800",
		"{\"headcount\":1}", &r);
	expect_field(&r, 422, "year");
	http_as(PORT, &head, 1, "PUT", "/api/v1/organisations/acme/headcounts/20x8",
		"{\"headcount\":1}", &r);
	expect_field(&r, 422, "year");
	http_as(PORT, &head, 1, "PUT", "/api/v1/organisations/acme/headcounts/2010",
		"{\"headcount\":-3}", &r);
	expect_field(&r, 422, "headcount");
	http_as(PORT, &head, 1, "PUT", "/api/v1/organisations/acme/headcounts/2010",
		"{\"headcount\":\"12\"}", &r);
	expect_field(&r, 422, "headcount");
	assert_int_equal(http_as(PORT, &head, 1, "PUT", "/api/v1/organisations/nope/headcounts/2010",
				 "{\"headcount\":1}", NULL),
			 404);

	/* A worker sees no organisation until assigned, then only that one. */
	assert_int_equal(listed(&worker, "acme"), 0);
	assert_int_equal(http_as(PORT, &worker, 0, "GET", "/api/v1/organisations/acme", NULL, NULL),
			 404);
	assert_int_equal(http_as(PORT, &admin, 1, "POST", "/api/v1/organisations/acme/workers",
				 "{\"login\":\"worker1\"}", NULL),
			 403); /* assigning is the head's */
	http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", "{\"login\":\"head1\"}",
		&r);
	expect_field(&r, 422, "login");
	http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", "{\"login\":\"ghost\"}",
		&r);
	expect_field(&r, 422, "login");
	assert_int_equal(http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
				 "{\"login\":\"worker1\"}", NULL),
			 200);
	assert_int_equal(http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
				 "{\"login\":\"worker1\"}", NULL),
			 200); /* twice is harmless */
	assert_int_equal(listed(&worker, "acme"), 1);
	assert_int_equal(listed(&worker, "ville-1"), 0);
	assert_int_equal(listed(&other, "acme"), 0);
	assert_int_equal(http_as(PORT, &worker, 0, "GET", "/api/v1/organisations/acme", NULL, &r), 200);
	json_t *j = http_json(&r);
	json_t *o = json_object_get(j, "organisation");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "headcounts"), "2008")),
			 11368);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "headcounts"), "2009")),
			 14359);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(json_object_get(o, "workers"), 0), "login")),
		"worker1");
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &other, 0, "GET", "/api/v1/organisations/acme", NULL, NULL),
			 404);
	assert_int_equal(listed(&head, "ville-1"), 1);
	assert_int_equal(listed(&admin, "acme"), 1);
	/* Employer and auditor have no access to this directory. */
	assert_int_equal(http_as(PORT, &employer, 0, "GET", "/api/v1/organisations", NULL, NULL), 403);
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/organisations/acme", NULL, NULL),
			 403);
	/* Unassigning closes the door again. */
	assert_int_equal(http_as(PORT, &head, 1, "DELETE", "/api/v1/organisations/acme/workers/worker1",
				 NULL, NULL),
			 204);
	assert_int_equal(http_as(PORT, &worker, 0, "GET", "/api/v1/organisations/acme", NULL, NULL),
			 404);
	assert_int_equal(http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
				 "{\"login\":\"worker1\"}", NULL),
			 200);
}

static void test_employer_accounts(void **state)
{
	(void)state;
	struct http_resp r;
	http_as(PORT, &admin, 1, "POST", "/api/v1/users",
		"{\"login\":\"rh2\",\"name\":\"RH\",\"role\":\"employer\"}", &r);
	expect_field(&r, 422, "organisation");
	http_as(PORT, &admin, 1, "POST", "/api/v1/users",
		"{\"login\":\"rh2\",\"name\":\"RH\",\"role\":\"employer\",\"organisation\":\"nope\"}",
		&r);
	expect_field(&r, 422, "organisation");
	http_as(PORT, &admin, 1, "POST", "/api/v1/users",
		"{\"login\":\"w9\",\"name\":\"W\",\"role\":\"worker\",\"organisation\":\"acme\"}", &r);
	expect_field(&r, 422, "organisation");
	assert_int_equal(http_as(PORT, &admin, 1, "POST", "/api/v1/users",
				 "{\"login\":\"rh2\",\"name\":\"RH\",\"role\":\"employer\","
				 "\"organisation\":\"acme\"}",
				 &r),
			 201);
	assert_non_null(strstr(r.body, "\"organisation\":\"acme\""));
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &admin, 0, "GET", "/api/v1/users", NULL, &r), 200);
	assert_non_null(strstr(r.body, "\"login\":\"rh1\""));
	http_resp_free(&r);
}

static void test_audit(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	const char *want[] = {"\"organisation.create\"", "\"headcount.update\"",
			      "\"assignment.create\"", "\"assignment.delete\"", "\"acme/2008\"",
			      "\"acme/worker1\""};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(r.body, want[i]))
			fail_msg("audit lacks %s", want[i]);
	http_resp_free(&r);
}

/* Every form of an organisation's page posts under /organisations/CODE/
   (headcounts, workers, a worker's removal, the request link), whatever
   path the page was rendered at. */
static void expect_own_actions(const char *body, const char *code)
{
	char base[128];
	snprintf(base, sizeof base, "/organisations/%s/", code);
	int forms = 0;
	for (const char *a = strstr(body, "<form"); a; a = strstr(a + 1, "<form")) {
		const char *act = strstr(a, "action=\"");
		const char *end = strchr(a, '>');
		if (!act || act > end)
			continue;
		act += strlen("action=\"");
		if (strncmp(act, "/logout", 7) == 0 || strncmp(act, "/persons", 8) == 0)
			continue; /* the layout's own forms */
		char path[256];
		snprintf(path, sizeof path, "%.*s", (int)strcspn(act, "\""), act);
		const char *rest = path + strlen(base);
		size_t n = strlen(rest);
		int known = strncmp(path, base, strlen(base)) == 0 &&
			    (!strcmp(rest, "headcounts") || !strcmp(rest, "workers") ||
			     !strcmp(rest, "lien-demande") || !strcmp(rest, "lien-demande/revoquer") ||
			     /* workers/LOGIN/remove, LOGIN one segment */
			     (!strncmp(rest, "workers/", 8) && n > 15 && !strcmp(rest + n - 7, "/remove") &&
			      strcspn(rest + 8, "/") == n - 15));
		if (!known)
			fail_msg("a form posts to %s", path);
		forms++;
	}
	assert_true(forms >= 2);
}

static void test_pages(void **state)
{
	(void)state;
	struct http_resp r;
	char v[256];
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/organisations", NULL, &r), 200);
	assert_non_null(strstr(r.body, "Organisations clientes"));
	assert_non_null(strstr(r.body, "Nouvelle organisation"));
	assert_non_null(strstr(r.body, "Collectivité territoriale")); /* kinds from the list */
	http_resp_free(&r);
	/* A worker sees the list without the form, and only their organisations. */
	assert_int_equal(http_as(PORT, &worker, 0, "GET", "/organisations", NULL, &r), 200);
	assert_null(strstr(r.body, "Nouvelle organisation"));
	assert_non_null(strstr(r.body, "/organisations/acme"));
	assert_null(strstr(r.body, "/organisations/ville-1"));
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &head, "/organisations",
				   "code=mairie-b&name=Mairie+de+Bagnolet&kind=collectivite&sector=",
				   &r),
			 303);
	assert_non_null(http_header(&r, "Location", v, sizeof v));
	assert_string_equal(v, "/organisations/mairie-b");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &head, "/organisations",
				   "code=mairie-b&name=Doublon&kind=collectivite", &r),
			 409);
	assert_non_null(strstr(r.body, "déjà utilisé"));
	assert_non_null(strstr(r.body, "Doublon")); /* the typed values come back */
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &head, "/organisations/mairie-b/headcounts",
				   "year=2024&headcount=412", NULL),
			 303);
	assert_int_equal(http_form(PORT, &head, "/organisations/mairie-b/headcounts",
				   "year=24&headcount=412", &r),
			 422);
	assert_non_null(strstr(r.body, "entre 1990 et 2100"));
	expect_own_actions(r.body, "mairie-b");
	http_resp_free(&r);
	/* An unknown login refused: the page comes back, its forms still post
	   to the organisation's own paths (never ".../workers/workers"). */
	assert_int_equal(http_form(PORT, &head, "/organisations/mairie-b/workers", "login=garcia",
				   &r),
			 422);
	expect_own_actions(r.body, "mairie-b");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &head, "/organisations/mairie-b/workers", "login=worker2",
				   NULL),
			 303);
	assert_int_equal(http_form(PORT, &head, "/organisations/mairie-b/headcounts",
				   "year=24&headcount=412", &r),
			 422);
	expect_own_actions(r.body, "mairie-b"); /* the "Retirer" form too, now there is one */
	assert_non_null(strstr(r.body, "action=\"/organisations/mairie-b/workers/worker2/remove\""));
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &other, 0, "GET", "/organisations/mairie-b", NULL, &r), 200);
	assert_non_null(strstr(r.body, "Mairie de Bagnolet"));
	assert_non_null(strstr(r.body, "412"));
	assert_null(strstr(r.body, "Enregistrer l'effectif")); /* no edit form for a worker */
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &worker, 0, "GET", "/organisations/mairie-b", NULL, &r), 404);
	assert_non_null(strstr(r.body, "Page introuvable"));
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &head, "/organisations/mairie-b/workers/worker2/remove", "",
				   NULL),
			 303);
	assert_int_equal(http_as(PORT, &other, 0, "GET", "/organisations/mairie-b", NULL, NULL), 404);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_who),
		cmocka_unit_test(test_create_validation),
		cmocka_unit_test(test_headcounts_and_assignments),
		cmocka_unit_test(test_employer_accounts),
		cmocka_unit_test(test_audit),
		cmocka_unit_test(test_pages),
	};
	return cmocka_run_group_tests_name("organisations", tests, setup, teardown);
}
