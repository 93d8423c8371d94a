/*
 * test_person_pages — the French pages of persons: the list and its search,
 * the creation form, the fiche and its edit form.  Above all the secrecy
 * rule seen through the pages: only the référent sees the fiche, every
 * other role gets the French 404 page with nothing of the person in it.
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
static struct sess w1, w2, w3, w4, head, admin, employer, auditor;
static char dupre_path[64]; /* "/persons/{id}" of the person created through the page */

#define PORT fx.srv.port

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME Nettoyage", "--kind", "entreprise", NULL};
	static const char *const beta[] = {"organisation", "add", "--code", "beta", "--name",
					   "Mairie Bêta", "--kind", "collectivite", NULL};
	static const char *const *const cmds[] = {acme, beta, NULL};
	static const char *const users[] = {"w1:worker",	 "w2:worker",	 "w3:worker",
					    "w4:worker",	 "head1:head",	 "admin1:admin",
					    "rh1:employer:acme", "auditor1:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &w3, &w4, &head, &admin, &employer, &auditor};
	const char *logins[] = {"w1", "w2", "w3", "w4", "head1", "admin1", "rh1", "auditor1"};
	for (int i = 0; i < 8; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	/* w4 serves no organisation. */
	const char *assign[][2] = {{"acme", "w1"}, {"acme", "w2"}, {"beta", "w3"}, {"beta", "w1"}};
	for (int i = 0; i < 4; i++) {
		char path[128], body[64];
		snprintf(path, sizeof path, "/api/v1/organisations/%s/workers", assign[i][0]);
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", assign[i][1]);
		if (http_as(PORT, &head, 1, "POST", path, body, NULL) != 200)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* The valid creation form (urlencoded UTF-8), without its consent date. */
#define FORM_NO_CONSENT                                                                       \
	"organisation=acme&last_name=Dupr%C3%A9&first_name=%C3%89lodie&birth_date=1971-03-02"    \
	"&sex=F&status=cdi&category=employe&family_situation=monoparental"                      \
	"&job_title=Agente+d%27entretien&phone=06+12+34+56+78&email=e.dupre%40example.org"      \
	"&statistics=1"

/* GET path as s: the status, the page in out (caller frees). */
static int get(const struct sess *s, const char *path, struct http_resp *out)
{
	return http_as(PORT, s, 0, "GET", path, NULL, out);
}

static void test_new_form(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(get(&w1, "/persons/new", &r), 200);
	expect_in(&r, "<select name=\"organisation\" required>");
	expect_in(&r, ">ACME Nettoyage</option>");
	expect_in(&r, ">Mairie Bêta</option>"); /* w1 serves both */
	expect_in(&r, "name=\"csrf_token\"");
	expect_in(&r, "<input type=\"text\" name=\"last_name\"");
	expect_in(&r, "<input type=\"date\" name=\"birth_date\"");
	expect_in(&r, "<input type=\"tel\" name=\"phone\"");
	expect_in(&r, "<input type=\"email\" name=\"email\"");
	expect_in(&r, "<input type=\"date\" name=\"consent_on\" required");
	expect_in(&r, "<input type=\"checkbox\" name=\"statistics\" value=\"1\" checked>");
	expect_in(&r, "Date du consentement à l&#39;accompagnement");
	expect_in(&r, "l&#39;adhésion de la personne à la démarche");
	expect_in(&r, ">Famille monoparentale</option>");
	expect_in(&r, "<option value=\"\">—</option>");
	/* The consent date is filled in (today): never empty. */
	const char *consent = strstr(r.body, "name=\"consent_on\"");
	assert_non_null(consent);
	const char *end = strchr(consent, '>');
	const char *value = strstr(consent, "value=\"");
	assert_true(value && value < end && value[7] == '2' && value[11] == '-');
	http_resp_free(&r);

	/* A worker who serves no organisation is told why, and gets no form. */
	assert_int_equal(get(&w4, "/persons/new", &r), 200);
	expect_in(&r, "Vous n&#39;êtes affecté(e) à aucune organisation : demandez à la "
		      "responsable de service de vous affecter.");
	expect_not_in(&r, "name=\"last_name\"");
	http_resp_free(&r);
	/* …and posting anyway is refused, with the same explanation. */
	assert_int_equal(http_form(PORT, &w4, "/persons",
				   FORM_NO_CONSENT "&consent_on=2024-03-12", &r),
			 422);
	expect_in(&r, "Vous n&#39;êtes affecté(e) à aucune organisation");
	http_resp_free(&r);

	/* Other roles have no creation page. */
	struct sess *others[] = {&head, &admin, &employer, &auditor};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(get(others[i], "/persons/new", NULL), 403);
		assert_int_equal(http_form(PORT, others[i], "/persons",
					   FORM_NO_CONSENT "&consent_on=2024-03-12", NULL),
				 403);
	}
}

static void test_create(void **state)
{
	(void)state;
	struct http_resp r;
	char location[128];
	/* No consent date: refused, the French message next to the field, the typed values kept. */
	assert_int_equal(http_form(PORT, &w1, "/persons", FORM_NO_CONSENT "&consent_on=", &r), 422);
	expect_in(&r, "<small class=\"error-field\" id=\"err-consent_on\">Le consentement de la "
		      "personne à l&#39;accompagnement est obligatoire");
	expect_in(&r, "aria-invalid=\"true\" aria-describedby=\"err-consent_on\"");
	expect_in(&r, "name=\"last_name\" value=\"Dupré\"");
	expect_in(&r, "name=\"first_name\" value=\"Élodie\"");
	expect_in(&r, "<option value=\"monoparental\" selected>");
	expect_in(&r, "<option value=\"acme\" selected>");
	expect_in(&r, "name=\"statistics\" value=\"1\" checked>");
	http_resp_free(&r);
	/* Without the field at all: the same. */
	assert_int_equal(http_form(PORT, &w1, "/persons", FORM_NO_CONSENT, NULL), 422);
	/* A date in the future is no consent either. */
	assert_int_equal(http_form(PORT, &w1, "/persons", FORM_NO_CONSENT "&consent_on=2999-01-01",
				   NULL),
			 422);
	/* Other fields, each with its message in place. */
	assert_int_equal(http_form(PORT, &w1, "/persons",
				   "organisation=acme&last_name=&first_name=Paul&consent_on=2024-01-05",
				   &r),
			 422);
	expect_in(&r, "id=\"err-last_name\">Le nom est obligatoire");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, "/persons",
				   "organisation=nowhere&last_name=Martin&first_name=Paul"
				   "&consent_on=2024-01-05",
				   &r),
			 422);
	expect_in(&r, "id=\"err-organisation\">Organisation inconnue, ou que vous ne suivez pas.");
	http_resp_free(&r);
	/* Nothing was written by the refusals. */
	assert_int_equal(get(&w1, "/persons", &r), 200);
	expect_in(&r, "Vous n&#39;accompagnez encore personne.");
	http_resp_free(&r);

	/* Created: 303 to the fiche. */
	assert_int_equal(http_form(PORT, &w1, "/persons", FORM_NO_CONSENT "&consent_on=2024-03-12",
				   &r),
			 303);
	assert_non_null(http_header(&r, "Location", location, sizeof location));
	http_resp_free(&r);
	long long id = 0;
	char rest = 0;
	assert_int_equal(sscanf(location, "/persons/%lld%c", &id, &rest), 1);
	assert_true(id > 0);
	snprintf(dupre_path, sizeof dupre_path, "/persons/%lld", id);

	/* The fiche shows labels, not codes, and French dates. */
	assert_int_equal(get(&w1, dupre_path, &r), 200);
	expect_in(&r, "<h1>Élodie Dupré</h1>");
	expect_in(&r, "<dd>Famille monoparentale</dd>");
	expect_in(&r, "<dd>Salarié en CDI</dd>");
	expect_in(&r, "<dd>Employé</dd>");
	expect_in(&r, "<dd>Femme</dd>");
	expect_in(&r, "<dd>ACME Nettoyage</dd>");
	expect_in(&r, "<dd>02/03/1971</dd>");
	expect_in(&r, "<dd>12/03/2024</dd>");
	expect_in(&r, "<dd>Agente d&#39;entretien</dd>");
	expect_in(&r, "<dd>06 12 34 56 78</dd>");
	expect_in(&r, "<dd>e.dupre@example.org</dd>");
	expect_in(&r, "la personne accepte d&#39;y être comptée");
	expect_not_in(&r, "<dd>monoparental</dd>");
	expect_not_in(&r, "<dd>cdi</dd>");
	/* The edit form, pre-filled, posts back to the fiche. */
	char action[128];
	snprintf(action, sizeof action, "<form method=\"post\" action=\"%s\"", dupre_path);
	expect_in(&r, action);
	expect_in(&r, "name=\"last_name\" value=\"Dupré\"");
	expect_in(&r, "name=\"birth_date\" max=\"");
	expect_in(&r, "value=\"1971-03-02\"");
	expect_in(&r, "<option value=\"cdi\" selected>");
	expect_not_in(&r, "name=\"organisation\"");
	http_resp_free(&r);

	/* Statistics unticked (absent from the form) is a refusal; markup in a name is text. */
	assert_int_equal(http_form(PORT, &w1, "/persons",
				   "organisation=beta&last_name=%3Cb%3EMartin%3C%2Fb%3E"
				   "&first_name=Paul&consent_on=2024-01-05",
				   &r),
			 303);
	assert_non_null(http_header(&r, "Location", location, sizeof location));
	http_resp_free(&r);
	assert_int_equal(get(&w1, location, &r), 200);
	expect_in(&r, "la personne refuse d&#39;y être comptée");
	expect_in(&r, "&lt;b&gt;Martin&lt;/b&gt;");
	expect_not_in(&r, "<b>Martin");
	expect_in(&r, "<dd>Mairie Bêta</dd>");
	expect_in(&r, "name=\"statistics\" value=\"1\">");
	http_resp_free(&r);
}

static void test_list(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(get(&w1, "/persons", &r), 200);
	expect_in(&r, "<h1>Personnes accompagnées</h1>");
	expect_in(&r, "<a href=\"/persons/new\">Nouvelle personne</a>");
	expect_in(&r, "<input type=\"search\" name=\"q\"");
	expect_in(&r, "Rechercher un nom");
	char link[128];
	snprintf(link, sizeof link, "<a href=\"%s\">Dupré</a>", dupre_path);
	expect_in(&r, link);
	expect_in(&r, "<td>Élodie</td><td>ACME Nettoyage</td><td>02/03/1971</td>");
	expect_in(&r, "&lt;b&gt;Martin&lt;/b&gt;</a></td><td>Paul</td><td>Mairie Bêta</td><td>—</td>");
	http_resp_free(&r);

	/* Accents and case ignored, through the page. */
	const char *finds[] = {"dupre", "DUPR%C3%89", "elodie", "%C3%A9lo", "dupr%C3%A9+"};
	for (size_t i = 0; i < sizeof finds / sizeof finds[0]; i++) {
		char path[128];
		snprintf(path, sizeof path, "/persons?q=%s", finds[i]);
		assert_int_equal(get(&w1, path, &r), 200);
		expect_in(&r, link);
		expect_not_in(&r, "Martin");
		http_resp_free(&r);
	}
	/* The query is kept in the field, and the empty state names it. */
	assert_int_equal(get(&w1, "/persons?q=%22zz%3Czz", &r), 200);
	expect_in(&r, "name=\"q\" maxlength=\"200\" value=\"&quot;zz&lt;zz\"");
	expect_in(&r, "Aucune personne ne correspond à « &quot;zz&lt;zz ».");
	expect_not_in(&r, "Dupré");
	http_resp_free(&r);
	/* "%" is literal, not a wildcard. */
	assert_int_equal(get(&w1, "/persons?q=%25", &r), 200);
	expect_in(&r, "Aucune personne ne correspond à « % ».");
	http_resp_free(&r);
	/* An empty query lists them all. */
	assert_int_equal(get(&w1, "/persons?q=", &r), 200);
	expect_in(&r, link);
	expect_in(&r, "Martin");
	http_resp_free(&r);

	/* A colleague of the same organisation sees none of w1's persons. */
	assert_int_equal(get(&w2, "/persons", &r), 200);
	expect_in(&r, "Vous n&#39;accompagnez encore personne.");
	expect_not_in(&r, "Dupr");
	http_resp_free(&r);
	assert_int_equal(get(&w2, "/persons?q=dupre", &r), 200);
	expect_in(&r, "Aucune personne ne correspond à « dupre ».");
	expect_not_in(&r, "Dupré");
	http_resp_free(&r);
	/* Other roles have no list. */
	struct sess *others[] = {&head, &admin, &employer, &auditor};
	for (int i = 0; i < 4; i++)
		assert_int_equal(get(others[i], "/persons", NULL), 403);
}

/* The French 404 page, with nothing of the person. */
static void expect_not_found(const struct http_resp *r)
{
	assert_int_equal(r->status, 404);
	expect_in(r, "<html lang=\"fr\">");
	expect_in(r, "Page introuvable");
	expect_not_in(r, "Dupr");
	expect_not_in(r, "lodie");
	expect_not_in(r, "monoparental");
	expect_not_in(r, "example.org");
}

static void test_fiche_access(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(get(&w1, dupre_path, &r), 200);
	expect_in(&r, "vous (");
	http_resp_free(&r);
	/* Everyone else: the same answer as for an id that does not exist. */
	struct sess *others[] = {&w2, &w3, &w4, &head, &admin, &employer, &auditor};
	for (int i = 0; i < 7; i++) {
		assert_int_equal(get(others[i], dupre_path, &r), 404);
		expect_not_found(&r);
		http_resp_free(&r);
	}
	const char *bad[] = {"/persons/999999", "/persons/0",	 "/persons/-1",
			     "/persons/abc",	"/persons/1x",	 "/persons/99999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(get(&w1, bad[i], &r), 404);
		expect_not_found(&r);
		http_resp_free(&r);
	}
	/* Not signed in: to the sign-in page. */
	assert_int_equal(get(NULL, dupre_path, &r), 303);
	expect_not_in(&r, "Dupr");
	http_resp_free(&r);
}

static void test_edit(void **state)
{
	(void)state;
	struct http_resp r;
	char location[128];
	/* Every field sent, as the form does: family changed, phone cleared, statistics unticked. */
	assert_int_equal(http_form(PORT, &w1, dupre_path,
				   "last_name=Dupr%C3%A9&first_name=%C3%89lodie&birth_date=1971-03-02"
				   "&sex=F&status=cdi&category=employe&family_situation=couple"
				   "&job_title=Agente+d%27entretien&phone=&email=e.dupre%40example.org"
				   "&consent_on=2024-03-12",
				   &r),
			 303);
	assert_non_null(http_header(&r, "Location", location, sizeof location));
	assert_string_equal(location, dupre_path);
	http_resp_free(&r);
	assert_int_equal(get(&w1, dupre_path, &r), 200);
	expect_in(&r, "<dd>Couple sans enfant</dd>");
	expect_not_in(&r, "<dd>Famille monoparentale</dd>");
	expect_not_in(&r, "06 12 34 56 78");
	expect_in(&r, "<dd>e.dupre@example.org</dd>");
	expect_in(&r, "la personne refuse d&#39;y être comptée (depuis le ");
	expect_in(&r, "<option value=\"couple\" selected>");
	http_resp_free(&r);

	/* Invalid email: 422, the message by the field, typed values kept, nothing changed. */
	assert_int_equal(http_form(PORT, &w1, dupre_path,
				   "last_name=Dupr%C3%A9&first_name=%C3%89lodie&birth_date=1971-03-02"
				   "&family_situation=isole&email=not-an-address&consent_on=2024-03-12"
				   "&statistics=1",
				   &r),
			 422);
	expect_in(&r, "<small class=\"error-field\" id=\"err-email\">L&#39;adresse électronique "
		      "n&#39;est pas valide.</small>");
	expect_in(&r, "name=\"email\" value=\"not-an-address\" maxlength=\"254\" "
		      "spellcheck=\"false\" aria-invalid=\"true\" aria-describedby=\"err-email\"");
	expect_in(&r, "<option value=\"isole\" selected>");
	expect_in(&r, "<dd>Couple sans enfant</dd>"); /* the fiche shows what is recorded */
	http_resp_free(&r);
	/* Clearing the consent date is refused too. */
	assert_int_equal(http_form(PORT, &w1, dupre_path,
				   "last_name=Dupr%C3%A9&first_name=%C3%89lodie&consent_on=", &r),
			 422);
	expect_in(&r, "id=\"err-consent_on\"");
	http_resp_free(&r);
	assert_int_equal(get(&w1, dupre_path, &r), 200);
	expect_in(&r, "<dd>Couple sans enfant</dd>");
	expect_in(&r, "<dd>e.dupre@example.org</dd>");
	expect_in(&r, "<dd>12/03/2024</dd>");
	http_resp_free(&r);

	/* Nobody else can change it, and they learn nothing. */
	struct sess *others[] = {&w2, &w3, &head, &admin, &employer, &auditor};
	for (int i = 0; i < 6; i++) {
		assert_int_equal(http_form(PORT, others[i], dupre_path,
					   "last_name=X&first_name=Y&email=bad&consent_on=2024-01-01",
					   &r),
				 404);
		expect_not_found(&r);
		http_resp_free(&r);
	}
	assert_int_equal(http_form(PORT, &w1, "/persons/abc", "last_name=X", &r), 404);
	expect_not_found(&r);
	http_resp_free(&r);
	assert_int_equal(get(&w1, dupre_path, &r), 200);
	expect_in(&r, "<h1>Élodie Dupré</h1>");
	http_resp_free(&r);
}

/* A form POST with the session but no CSRF token. */
static int post_without_csrf(const struct sess *s, const char *path, const char *form,
			     struct http_resp *out)
{
	char headers[512];
	snprintf(headers, sizeof headers,
		 "Cookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n", s->cookie);
	if (http_do(PORT, "POST", path, headers, form, strlen(form), out) != 0)
		return -1;
	return out->status;
}

static void test_csrf(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(post_without_csrf(&w1, "/persons",
					   FORM_NO_CONSENT "&consent_on=2024-03-12", &r),
			 403);
	expect_in(&r, "jeton de sécurité");
	http_resp_free(&r);
	assert_int_equal(post_without_csrf(&w1, dupre_path, "last_name=Chang%C3%A9", &r), 403);
	http_resp_free(&r);
	assert_int_equal(post_without_csrf(&w1, dupre_path,
					   "last_name=Chang%C3%A9&csrf_token=forged", &r),
			 403);
	http_resp_free(&r);
	/* Nothing changed, nothing created. */
	assert_int_equal(get(&w1, dupre_path, &r), 200);
	expect_in(&r, "<h1>Élodie Dupré</h1>");
	http_resp_free(&r);
	assert_int_equal(get(&w1, "/persons?q=dupre", &r), 200);
	const char *first = strstr(r.body, "<tbody>");
	assert_non_null(first);
	first = strstr(first, "<tr>");
	assert_non_null(first);
	assert_null(strstr(first + 1, "<tr>")); /* one row only */
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_form),
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_fiche_access),
		cmocka_unit_test(test_edit),
		cmocka_unit_test(test_csrf),
	};
	return cmocka_run_group_tests_name("person_pages", tests, setup, teardown);
}
