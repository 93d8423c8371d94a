/*
 * test_bilan_page — the French page of the bilan (/bilan) on the
 * demonstration service (`relais demo`, seed 003's shape: 590 agents
 * followed in 2008 out of 11 367): the head's view with figures, tables
 * and charts; the employer's protected view of its own organisation only;
 * who may not see it; the form's refusals; what the CSP forbids.
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
static struct sess head, rhm, worker, admin;

#define PORT fx.srv.port

static int setup(void **state)
{
	(void)state;
	/* demo creates the organisations before the accounts are added. */
	/* The reference service, 2006–2009. */
	static const char *const demo[] = {"demo", "--today", "2009-12-31", NULL};
	const char *const *const cmds[] = {demo, NULL};
	static const char *const users[] = {"head1:head", "rhm:employer:montreuil", "w1:worker",
					    "admin1:admin", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	return api_login(PORT, "head1", TEST_PASSWORD, &head) == 200 &&
			       api_login(PORT, "rhm", TEST_PASSWORD, &rhm) == 200 &&
			       api_login(PORT, "w1", TEST_PASSWORD, &worker) == 200 &&
			       api_login(PORT, "admin1", TEST_PASSWORD, &admin) == 200
		       ? 0
		       : -1;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* GET path as s, expecting status want; the caller frees *r. */
static void page(const struct sess *s, const char *path, int want, struct http_resp *r)
{
	int got = http_as(PORT, s, 0, "GET", path, NULL, r);
	if (got != want)
		fail_msg("%s: %d, expected %d\n%s", path, got, want, r->body ? r->body : "");
}

/* What the CSP forbids, and markup every page must have. */
static void expect_clean(const struct http_resp *r)
{
	expect_not_in(r, "style=");
	expect_not_in(r, "<script>"); /* the layout loads htmx by src only */
	expect_in(r, "<!DOCTYPE html>");
}

static void test_head_view(void **state)
{
	(void)state;
	struct http_resp r;
	page(&head, "/bilan?year=2008&age_bands=35,56", 200, &r);
	expect_clean(&r);
	expect_in(&r, "Bilan 2008 — Tout le service");
	expect_in(&r, "590 agents ont été accompagnés, soit 5,2\xe2\x80\xaf% de l&#39;effectif");
	expect_in(&r, "11\xe2\x80\xaf"
		      "367 agents, 14 organisations");
	expect_in(&r, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"");
	expect_in(&r, "<th scope=\"row\">Titulaire</th>");
	expect_in(&r, "<th scope=\"row\">Catégorie C</th>");
	expect_in(&r, "<th scope=\"row\">Personne isolée</th>");
	/* The custom bands, in words. */
	expect_in(&r, "Moins de 35 ans");
	expect_in(&r, "35 à 55 ans");
	expect_in(&r, "56 ans et plus");
	/* The form: every organisation, the audience, the typed values. */
	expect_in(&r, "<select name=\"organisation\">");
	expect_in(&r, "<option value=\"\" selected>Tout le service</option>");
	expect_in(&r, "<option value=\"montreuil\">Ville de Montreuil</option>");
	expect_in(&r, "<select name=\"audience\">");
	expect_in(&r, "name=\"age_bands\" value=\"35,56\"");
	expect_in(&r, "name=\"year\" value=\"2008\"");
	expect_in(&r, ">Afficher</button>");
	/* Sections and trends; the service audience hides nothing. */
	expect_in(&r, "Origine de la demande");
	expect_in(&r, "Type d&#39;intervention");
	expect_in(&r, "Tendances des thèmes");
	expect_not_in(&r, "&lt; 11");
	expect_not_in(&r, "sont masqués");
	http_resp_free(&r);
}

static void test_head_one_organisation(void **state)
{
	(void)state;
	struct http_resp r;
	page(&head, "/bilan?year=2008&organisation=montreuil", 200, &r);
	expect_clean(&r);
	expect_in(&r, "Bilan 2008 — Ville de Montreuil");
	expect_in(&r, "<option value=\"montreuil\" selected>Ville de Montreuil</option>");
	expect_in(&r, "Moins de 25 ans");
	http_resp_free(&r);

	/* The employer's view, asked for by the head. */
	page(&head, "/bilan?year=2008&organisation=montreuil&audience=employer", 200, &r);
	expect_in(&r, "sont masqués (« &lt; 11 »)");
	expect_in(&r, "<option value=\"employer\" selected>");
	http_resp_free(&r);

	page(&head, "/bilan?year=2008&organisation=nowhere", 404, &r);
	http_resp_free(&r);
}

static void test_employer_view(void **state)
{
	(void)state;
	struct http_resp r;
	/* The demo published its closed years; another year: a 404 page that
	   names the published ones. */
	page(&rhm, "/bilan?year=2005", 404, &r);
	expect_in(&r, "Le bilan 2005 n&#39;est pas publié. Bilans publiés : 2009, 2008, 2007, 2006.");
	http_resp_free(&r);
	/* Publishing again changes nothing: the figures are the same. */
	expect_api(PORT, &head, "POST", "/api/v1/reports/bilan/publish", "{\"year\":2008}", 200,
		   NULL);
	page(&rhm, "/bilan?year=2008", 200, &r);
	expect_clean(&r);
	/* Its own organisation by name (the report carries it). */
	expect_in(&r, "<h1>Bilan 2008 — Ville de Montreuil</h1>");
	expect_in(&r, "Organisation : Ville de Montreuil");
	/* The same bilan in every format, for its own organisation only. */
	expect_in(&r, "href=\"/api/v1/reports/bilan?year=2008&amp;organisation=montreuil&amp;"
		      "format=pdf\"");
	expect_not_in(&r, "age_bands");
	expect_in(&r, "&amp;format=xlsx\">Classeur (XLSX)</a>");
	expect_not_in(&r, "<select name=\"organisation\"");
	expect_not_in(&r, "<select name=\"audience\"");
	expect_not_in(&r, "Tout le service");
	expect_in(&r, "Les effectifs inférieurs à 11 sont masqués (« &lt; 11 »), ainsi que les "
		      "valeurs qui permettraient de les retrouver par différence, pour qu&#39;aucune "
		      "personne ne puisse être reconnue.");
	expect_in(&r, "Les effectifs publiés sont légèrement perturbés (de 2 au plus");
	expect_in(&r, "Bilan publié par le service (version 1).");
	expect_in(&r, "Valeurs masquées dans ce bilan : ");
	/* Hidden cells are shown as "< 11", in the tables and the charts. */
	if (!strstr(r.body, "Valeurs masquées dans ce bilan : 0."))
		expect_in(&r, "&lt; 11");
	static const char *const others[] = {"Pantin", "Bobigny", "Bondy", "Bagnolet", "Noisy",
					     "Romainville", "Lilas", "Ivry", "Vitry", "Créteil",
					     "SIVOM", NULL};
	for (int i = 0; others[i]; i++)
		expect_not_in(&r, others[i]);
	http_resp_free(&r);

	/* Explicitly its own organisation: the same. */
	page(&rhm, "/bilan?year=2008&organisation=montreuil", 200, &r);
	http_resp_free(&r);
}

static void test_employer_refused(void **state)
{
	(void)state;
	struct http_resp r;
	page(&rhm, "/bilan?year=2008&organisation=bobigny", 404, &r);
	expect_not_in(&r, "Bobigny");
	http_resp_free(&r);
	page(&rhm, "/bilan?year=2008&audience=service", 400, &r);
	expect_in(&r, "Paramètre refusé : audience.");
	http_resp_free(&r);
}

static void test_who_may_not(void **state)
{
	(void)state;
	struct http_resp r;
	page(&worker, "/bilan?year=2008", 403, &r);
	http_resp_free(&r);
	page(&admin, "/bilan?year=2008", 403, &r);
	http_resp_free(&r);
	/* Anonymous: sent to sign in, never the figures. */
	int got = http_as(PORT, NULL, 0, "GET", "/bilan?year=2008", NULL, &r);
	assert_true(got == 303 || got == 302 || got == 401);
	expect_not_in(&r, "590");
	http_resp_free(&r);
}

static void test_bad_input(void **state)
{
	(void)state;
	static const struct {
		const char *query, *field, *message;
	} cases[] = {
		{"year=1800", "year", "L&#39;année doit être comprise entre 1990 et 2100."},
		{"year=abc", "year", "L&#39;année doit être comprise entre 1990 et 2100."},
		{"year=2008&age_bands=50,40", "age_bands", "Tranches d&#39;âge : bornes croissantes"},
		{"year=2008&age_bands=x", "age_bands", "Tranches d&#39;âge : bornes croissantes"},
		{"year=2008&audience=public", "audience", "Public : service ou employeur."},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[128], id[64];
		struct http_resp r;
		snprintf(path, sizeof path, "/bilan?%s", cases[i].query);
		page(&head, path, 422, &r);
		expect_clean(&r);
		expect_in(&r, cases[i].message);
		snprintf(id, sizeof id, "id=\"err-%s\"", cases[i].field);
		expect_in(&r, id);
		snprintf(id, sizeof id, "aria-describedby=\"err-%s\"", cases[i].field);
		expect_in(&r, id);
		expect_in(&r, ">Afficher</button>");
		expect_not_in(&r, "<svg");
		http_resp_free(&r);
	}
	struct http_resp r;
	page(&rhm, "/bilan?year=3000", 422, &r);
	expect_in(&r, "L&#39;année doit être comprise entre 1990 et 2100.");
	expect_not_in(&r, "<select");
	http_resp_free(&r);
}

/* The head publishes from the page; only a closed year; only the head. */
static void test_publish_form(void **state)
{
	(void)state;
	struct http_resp r;
	page(&head, "/bilan?year=2008&organisation=montreuil&audience=employer", 200, &r);
	expect_in(&r, "Publication pour les employeurs");
	expect_in(&r, "action=\"/bilan/publish\"");
	expect_in(&r, "Publier le bilan 2008 de cette organisation");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &head, "/bilan/publish", "year=2008&organisation=montreuil",
				   &r),
			 303);
	char loc[256];
	assert_non_null(http_header(&r, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/bilan?year=2008&audience=employer&publies=0&organisation=montreuil");
	http_resp_free(&r);
	page(&head, loc, 200, &r);
	expect_in(&r, "Aucune nouvelle version : les bilans publiés sont à jour.");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &head, "/bilan/publish", "year=2100", &r), 422);
	expect_in(&r, "Seule une année close peut être publiée");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &worker, "/bilan/publish", "year=2008", &r), 403);
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &rhm, "/bilan/publish", "year=2008", &r), 403);
	http_resp_free(&r);
}

static void test_empty_year(void **state)
{
	(void)state;
	struct http_resp r;
	/* Nobody followed: the employer reads that the count is too small to
	   publish (not "fewer than 11": a count hidden by perturbation may be
	   11 or more). */
	expect_api(PORT, &head, "POST", "/api/v1/reports/bilan/publish", "{\"year\":1995}", 200,
		   NULL);
	page(&rhm, "/bilan?year=1995", 200, &r);
	expect_in(&r, "Le nombre d&#39;agents accompagnés est trop faible pour être publié sans "
		      "risque de reconnaître une personne : le détail n&#39;est pas publié.");
	expect_not_in(&r, "<svg");
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head_view),	 cmocka_unit_test(test_head_one_organisation),
		cmocka_unit_test(test_employer_view),	 cmocka_unit_test(test_employer_refused),
		cmocka_unit_test(test_who_may_not),	 cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_empty_year),
		cmocka_unit_test(test_publish_form),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
