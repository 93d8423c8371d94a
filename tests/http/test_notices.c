/*
 * test_notices — the law's notices (issue 17): the information notice on
 * personal data (RGPD art. 13) public and printable, on the employees'
 * public request form, edited by the administrator only (audited, escaped,
 * bounded, blank back to the shipped text); the accessibility statement
 * (RGAA 4.1) public; both linked from every page's footer.
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
static struct sess admin, head, worker;
static char form_path[128]; /* /demande/{token} */

#define PORT fx.srv.port

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"admin1:admin", "head1:head", "w1:worker", NULL};
	if (fixture_start(&fx, cmds, users) != 0 ||
	    api_login(PORT, "admin1", TEST_PASSWORD, &admin) != 200 ||
	    api_login(PORT, "head1", TEST_PASSWORD, &head) != 200 ||
	    api_login(PORT, "w1", TEST_PASSWORD, &worker) != 200)
		return -1;
	struct http_resp r;
	if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/request-link", NULL, &r) !=
	    201)
		return -1;
	json_t *j = http_json(&r);
	snprintf(form_path, sizeof form_path, "%s",
		 json_string_value(json_object_get(j, "path")));
	json_decref(j);
	http_resp_free(&r);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

static void get(const struct sess *s, const char *path, int status, struct http_resp *r)
{
	assert_int_equal(http_as(PORT, s, 0, "GET", path, NULL, r), status);
}

static void test_public_pages(void **state)
{
	(void)state;
	struct http_resp r;
	/* Without a session: the notice as shipped, every item the law lists. */
	get(NULL, "/donnees-personnelles", 200, &r);
	expect_in(&r, "<h1>Notice d&#39;information sur vos données personnelles</h1>");
	expect_in(&r, "Responsable du traitement");
	expect_in(&r, "Base légale");
	expect_in(&r, "Durée de conservation : votre dossier est conservé deux ans");
	expect_in(&r, "Vos droits");
	expect_in(&r, "CNIL");
	expect_in(&r, "Délégué à la protection des données");
	expect_in(&r, "class=\"no-print\"");
	http_resp_free(&r);
	get(NULL, "/accessibilite", 200, &r);
	expect_in(&r, "<h1>Déclaration d&#39;accessibilité</h1>");
	expect_in(&r, "partiellement conforme");
	expect_in(&r, "RGAA");
	expect_in(&r, "Défenseur des droits");
	http_resp_free(&r);
	/* The employee's public form carries it, before she gives anything. */
	get(NULL, form_path, 200, &r);
	expect_in(&r, "<details class=\"notice\">");
	expect_in(&r, "Responsable du traitement");
	expect_in(&r, "<a href=\"/donnees-personnelles\">");
	http_resp_free(&r);
	/* Every signed-in page links both from its footer. */
	get(&worker, "/", 200, &r);
	expect_in(&r, "<a href=\"/donnees-personnelles\">Données personnelles</a>");
	expect_in(&r, "<a href=\"/accessibilite\">");
	http_resp_free(&r);
}

static void test_edit(void **state)
{
	(void)state;
	struct http_resp r;
	/* Only the administrator edits it; the others are refused and
	   nothing changes. */
	const struct sess *refused[] = {&head, &worker};
	for (int i = 0; i < 2; i++) {
		assert_int_equal(http_form(PORT, refused[i], "/notice", "text=Pirate", &r), 403);
		http_resp_free(&r);
	}
	get(&admin, "/notice", 200, &r);
	expect_in(&r, "Le texte d&#39;origine est en usage.");
	expect_in(&r, "Responsable du traitement");
	http_resp_free(&r);
	/* Her text, with markup that must stay text, and two paragraphs. */
	assert_int_equal(http_form(PORT, &admin, "/notice",
				   "text=Service+social+de+Montreuil%2C+DPO+%3A+dpo%40montreuil.fr"
				   "%0D%0A%0D%0A%3Cscript%3Ealert(1)%3C%2Fscript%3E",
				   &r),
			 303);
	http_resp_free(&r);
	get(NULL, "/donnees-personnelles", 200, &r);
	expect_in(&r, "<p>Service social de Montreuil, DPO : dpo@montreuil.fr</p>\n"
		      "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
	expect_not_in(&r, "<script>alert");
	expect_not_in(&r, "Responsable du traitement");
	http_resp_free(&r);
	get(NULL, form_path, 200, &r);
	expect_in(&r, "dpo@montreuil.fr");
	http_resp_free(&r);
	/* Audited. */
	char *out = NULL;
	const char *args[] = {"audit", "list", "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(args, NULL, &out), 0);
	assert_non_null(strstr(out, "\"action\":\"notice.update\""));
	free(out);
	/* Too long: 422 in French, the typed text kept, nothing changed. */
	/* (http_form's body is bounded: the token first, by hand.) */
	size_t n = 8100;
	char *body = malloc(n + 256), headers[512];
	int k = snprintf(body, 256, "csrf_token=%s&text=", admin.csrf);
	memset(body + k, 'a', n);
	body[k + n] = '\0';
	snprintf(headers, sizeof headers,
		 "Cookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n", admin.cookie);
	assert_int_equal(http_do(PORT, "POST", "/notice", headers, body, strlen(body), &r), 0);
	assert_int_equal(r.status, 422);
	expect_in(&r, "La notice est trop longue");
	expect_in(&r, "aria-invalid=\"true\"");
	http_resp_free(&r);
	free(body);
	get(NULL, "/donnees-personnelles", 200, &r);
	expect_in(&r, "dpo@montreuil.fr");
	http_resp_free(&r);
	/* Blank: back to the shipped text. */
	assert_int_equal(http_form(PORT, &admin, "/notice", "text=+%0D%0A+", &r), 303);
	http_resp_free(&r);
	get(NULL, "/donnees-personnelles", 200, &r);
	expect_in(&r, "Responsable du traitement");
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_public_pages),
		cmocka_unit_test(test_edit),
	};
	return cmocka_run_group_tests_name("notices", tests, setup, teardown);
}
