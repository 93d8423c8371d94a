/*
 * test_case_pages — the French pages of cases: the caseload and its
 * filter, opening a case through the form, the case page with its forms
 * (edit, intervention with a private note, share, end of a share, closing,
 * hand-over), the head's caseload page and its transfer form.  Above all
 * the secrecy rules seen through the pages: a case the caller may not open
 * is the French 404 page with nothing of it, and a private note reaches
 * only its author.
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
static struct sess w1, w2, w3, head, admin, employer, auditor;
static long long person_id, case_id, form_case_id;
static char case_path[64];      /* "/cases/{id}" of the case created through the API */
static char form_case_path[64]; /* the one opened through the form */

#define PORT fx.srv.port

/* The diagnosis typed in the edit form, urlencoded, and as the page shows it. */
#define DIAGNOSIS_FORM "%C3%89puisement+apr%C3%A8s+un+deuil+%3B+dettes+de+loyer.%0D%0A%3Cb%3ESuivi%3C%2Fb%3E"
#define DIAGNOSIS_PAGE "Épuisement après un deuil ; dettes de loyer.<br>\n&lt;b&gt;Suivi&lt;/b&gt;"

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const beta[] = {"organisation", "add", "--code", "beta", "--name",
					   "Beta", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, beta, NULL};
	static const char *const users[] = {"w1:worker",	 "w2:worker",	    "w3:worker",
					    "head1:head",	 "admin1:admin",    "rh1:employer:acme",
					    "auditor1:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &w3, &head, &admin, &employer, &auditor};
	const char *logins[] = {"w1", "w2", "w3", "head1", "admin1", "rh1", "auditor1"};
	for (int i = 0; i < 7; i++)
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
	snprintf(case_path, sizeof case_path, "/cases/%lld", case_id);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* GET path as s: the status, the page in out (may be NULL; caller frees). */
static int get(const struct sess *s, const char *path, struct http_resp *out)
{
	return http_as(PORT, s, 0, "GET", path, NULL, out);
}

/* path + tail, in a static buffer (one at a time). */
static const char *sub(const char *path, const char *tail)
{
	static char out[128];
	snprintf(out, sizeof out, "%s%s", path, tail);
	return out;
}

/* A form POST that must answer 303 to location. */
static void post_redirects(const struct sess *s, const char *path, const char *form,
			   const char *location)
{
	struct http_resp r;
	char got[128] = "";
	int status = http_form(PORT, s, path, form, &r);
	http_header(&r, "Location", got, sizeof got);
	if (status != 303 || strcmp(got, location) != 0)
		fail_msg("POST %s %s: %d %s, expected 303 to %s\n%s", path, form, status, got,
			 location, r.body);
	http_resp_free(&r);
}

/* A form POST refused with 422, the message next to the field (err-{id}). */
static void post_refused(const struct sess *s, const char *path, const char *form,
			 const char *err_id, const char *message)
{
	struct http_resp r;
	int status = http_form(PORT, s, path, form, &r);
	if (status != 422)
		fail_msg("POST %s %s: %d, expected 422\n%s", path, form, status, r.body);
	char want[512];
	snprintf(want, sizeof want, "<small class=\"error-field\" id=\"err-%s\">%s", err_id,
		 message);
	expect_in(&r, want);
	snprintf(want, sizeof want, "aria-invalid=\"true\" aria-describedby=\"err-%s\"", err_id);
	expect_in(&r, want);
	http_resp_free(&r);
}

/* The French 404 page, with nothing of the case or the person. */
static void expect_not_found(const struct http_resp *r)
{
	assert_int_equal(r->status, 404);
	expect_in(r, "<html lang=\"fr\">");
	expect_in(r, "Page introuvable");
	expect_not_in(r, "Roux");
	expect_not_in(r, "Anne");
	expect_not_in(r, "loyer");
	expect_not_in(r, "fragile");
	expect_not_in(r, "Arrêt de travail");
}

static void test_caseload(void **state)
{
	(void)state;
	struct http_resp r;
	char link[128];
	assert_int_equal(get(&w1, "/cases", &r), 200);
	expect_in(&r, "<h1>Mes suivis</h1>");
	expect_in(&r, "<a href=\"/cases?status=open\" aria-current=\"page\">En cours</a>");
	snprintf(link, sizeof link, "<a href=\"/persons/%lld\">Anne Roux</a>", person_id);
	expect_in(&r, link);
	snprintf(link, sizeof link, "<a href=\"/cases/%lld\">Suivi n° %lld</a>", case_id, case_id);
	expect_in(&r, link);
	expect_in(&r, "<td>01/02/2024</td><td>DRH, service du personnel</td><td>en cours</td>"
		      "<td>vous</td>");
	http_resp_free(&r);
	/* The filter. */
	assert_int_equal(get(&w1, "/cases?status=closed", &r), 200);
	expect_in(&r, "aria-current=\"page\">Clôturés</a>");
	expect_in(&r, "Aucun suivi clôturé.");
	expect_not_in(&r, "Roux");
	http_resp_free(&r);
	assert_int_equal(get(&w1, "/cases?status=all", &r), 200);
	expect_in(&r, link);
	http_resp_free(&r);
	assert_int_equal(get(&w1, "/cases?status=%3Cx%3E", &r), 200); /* unknown: the default */
	expect_in(&r, link);
	expect_not_in(&r, "<x>");
	http_resp_free(&r);
	/* A colleague of the same organisation sees none of it. */
	assert_int_equal(get(&w2, "/cases", &r), 200);
	expect_in(&r, "Aucun suivi en cours.");
	expect_not_in(&r, "Roux");
	http_resp_free(&r);
	struct sess *others[] = {&head, &admin, &employer, &auditor};
	for (int i = 0; i < 4; i++)
		assert_int_equal(get(others[i], "/cases", NULL), 403);
	/* The person's page lists the case, with the origin's label, and offers a new one. */
	char path[64];
	snprintf(path, sizeof path, "/persons/%lld", person_id);
	assert_int_equal(get(&w1, path, &r), 200);
	snprintf(link, sizeof link, "<a href=\"/cases/%lld\">Accompagnement ouvert le 01/02/2024</a>",
		 case_id);
	expect_in(&r, link);
	expect_in(&r, "en cours · DRH, service du personnel");
	snprintf(link, sizeof link, "href=\"/cases/new?person=%lld\"", person_id);
	expect_in(&r, link);
	http_resp_free(&r);
}

static void test_open_form(void **state)
{
	(void)state;
	struct http_resp r;
	char path[64], want[256];
	snprintf(path, sizeof path, "/cases/new?person=%lld", person_id);
	assert_int_equal(get(&w1, path, &r), 200);
	expect_in(&r, "<h1>Nouveau suivi</h1>\n<p>Anne Roux</p>");
	expect_in(&r, "<form method=\"post\" action=\"/cases\"");
	expect_in(&r, "name=\"csrf_token\"");
	snprintf(want, sizeof want, "<input type=\"hidden\" name=\"person_id\" value=\"%lld\">",
		 person_id);
	expect_in(&r, want);
	expect_in(&r, "<input type=\"date\" name=\"opened_on\" required max=\"");
	expect_in(&r, "<select name=\"referral_source\" required>");
	expect_in(&r, ">Médecin du travail / de prévention</option>");
	expect_in(&r, "<fieldset>\n<legend>Santé</legend>");
	expect_in(&r, "<input type=\"checkbox\" name=\"domains\" value=\"sante\">\nEn général");
	expect_in(&r, "<input type=\"checkbox\" name=\"domains\" value=\"sante.arret\">\n"
		      "Arrêt de travail, arrêt prolongé");
	expect_in(&r, "<textarea name=\"diagnosis\"");
	expect_in(&r, "<textarea name=\"action_plan\"");
	expect_in(&r, "chiffrés");
	http_resp_free(&r);
	/* A person the caller does not accompany, or no person at all: not found. */
	assert_int_equal(get(&w2, path, &r), 404);
	expect_not_found(&r);
	http_resp_free(&r);
	const char *bad[] = {"/cases/new?person=abc", "/cases/new?person=0",
			     "/cases/new?person=999999"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(get(&w1, bad[i], &r), 404);
		expect_not_found(&r);
		http_resp_free(&r);
	}
	assert_int_equal(get(&head, path, NULL), 403);
	/* Without a person: the caller's persons to choose from. */
	assert_int_equal(get(&w1, "/cases/new", &r), 200);
	snprintf(want, sizeof want, "<li><a href=\"/cases/new?person=%lld\">Anne Roux</a></li>",
		 person_id);
	expect_in(&r, want);
	http_resp_free(&r);
	assert_int_equal(get(&w2, "/cases/new?person=", &r), 200);
	expect_in(&r, "Vous n&#39;accompagnez encore personne");
	expect_not_in(&r, "Roux");
	http_resp_free(&r);
}

static void test_open_submit(void **state)
{
	(void)state;
	struct http_resp r;
	char form[512], location[128];
	/* No domain: refused, the message by the fieldset, the typed values kept. */
	snprintf(form, sizeof form,
		 "person_id=%lld&opened_on=2024-03-04&referral_source=medecin"
		 "&diagnosis=Premier+entretien&action_plan=",
		 person_id);
	assert_int_equal(http_form(PORT, &w1, "/cases", form, &r), 422);
	expect_in(&r, "<small class=\"error-field\" id=\"err-new-domains\">Indiquez au moins un "
		      "domaine (20 au plus).</small>");
	expect_in(&r, "<input type=\"checkbox\" name=\"domains\" value=\"budget\" "
		      "aria-invalid=\"true\" aria-describedby=\"err-new-domains\">");
	expect_in(&r, "<option value=\"medecin\" selected>");
	expect_in(&r, "value=\"2024-03-04\"");
	expect_in(&r, ">\nPremier entretien</textarea>");
	http_resp_free(&r);
	/* An unknown origin, a future date. */
	snprintf(form, sizeof form,
		 "person_id=%lld&opened_on=2024-03-04&referral_source=voisin&domains=budget",
		 person_id);
	post_refused(&w1, "/cases", form, "new-referral_source", "Origine de la demande inconnue.");
	snprintf(form, sizeof form,
		 "person_id=%lld&opened_on=2999-03-04&referral_source=medecin&domains=budget",
		 person_id);
	post_refused(&w1, "/cases", form, "new-opened_on",
		     "La date d&#39;ouverture doit être une date passée");
	/* Someone else's person: the same as no person, nothing of them. */
	snprintf(form, sizeof form,
		 "person_id=%lld&opened_on=2024-03-04&referral_source=medecin&domains=budget",
		 person_id);
	assert_int_equal(http_form(PORT, &w2, "/cases", form, &r), 422);
	expect_in(&r, "Personne introuvable.");
	expect_not_in(&r, "Roux");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, "/cases",
				   "person_id=abc&opened_on=2024-03-04&referral_source=medecin"
				   "&domains=budget",
				   NULL),
			 422);
	assert_int_equal(http_form(PORT, &head, "/cases", form, NULL), 403);

	/* Opened: two domains (repeated field), a diagnosis; 303 to the case. */
	snprintf(form, sizeof form,
		 "person_id=%lld&opened_on=2024-03-04&referral_source=medecin"
		 "&domains=famille&domains=budget.surendettement&domains=budget"
		 "&diagnosis=Premier+entretien&action_plan=",
		 person_id);
	assert_int_equal(http_form(PORT, &w1, "/cases", form, &r), 303);
	assert_non_null(http_header(&r, "Location", location, sizeof location));
	http_resp_free(&r);
	char rest = 0;
	assert_int_equal(sscanf(location, "/cases/%lld%c", &form_case_id, &rest), 1);
	assert_true(form_case_id > case_id);
	snprintf(form_case_path, sizeof form_case_path, "/cases/%lld", form_case_id);
	assert_int_equal(get(&w1, form_case_path, &r), 200);
	expect_in(&r, "<li><strong>Famille</strong></li>");
	expect_in(&r, "<li><strong>Budget</strong> : en général, Surendettement</li>");
	expect_in(&r, "<dd>Médecin du travail / de prévention</dd>");
	expect_in(&r, "<dd>04/03/2024</dd>");
	expect_in(&r, "<p>Premier entretien</p>");
	expect_in(&r, "<input type=\"checkbox\" name=\"domains\" value=\"budget.surendettement\" "
		      "checked>");
	http_resp_free(&r);
	/* Now in the caseload. */
	assert_int_equal(get(&w1, "/cases", &r), 200);
	expect_in(&r, form_case_path);
	http_resp_free(&r);
}

static void test_case_page(void **state)
{
	(void)state;
	struct http_resp r;
	char want[256];
	assert_int_equal(get(&w1, case_path, &r), 200);
	expect_in(&r, "<h1>Anne Roux</h1>");
	expect_in(&r, "En cours depuis le 01/02/2024");
	snprintf(want, sizeof want, "<a href=\"/persons/%lld\">Anne Roux</a>", person_id);
	expect_in(&r, want);
	expect_in(&r, "<dd>vous (w1)</dd>");
	expect_in(&r, "<dd>En cours</dd>");
	expect_in(&r, "<dd>DRH, service du personnel</dd>");
	expect_in(&r, "<li><strong>Santé</strong> : Arrêt de travail, arrêt prolongé</li>");
	expect_in(&r, "Aucune intervention enregistrée.");
	expect_in(&r, "Ce suivi n&#39;est partagé avec personne.");
	const char *forms[] = {"", "/interventions", "/close", "/shares", "/referent"};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		snprintf(want, sizeof want, "<form method=\"post\" action=\"%s%s\"", case_path,
			 forms[i]);
		expect_in(&r, want);
	}
	expect_not_in(&r, "<details open>");
	http_resp_free(&r);

	/* The edit form: a refusal keeps what was typed and opens its <details>. */
	assert_int_equal(http_form(PORT, &w1, case_path,
				   "opened_on=2024-02-01&referral_source=rh&diagnosis=" DIAGNOSIS_FORM
				   "&action_plan=Dossier+FSL",
				   &r),
			 422);
	expect_in(&r, "<details open>\n<summary>Modifier le suivi</summary>");
	expect_in(&r, "id=\"err-edit-domains\">Indiquez au moins un domaine");
	expect_in(&r, ">\nDossier FSL</textarea>");
	expect_in(&r, "<p>Pas encore rédigé.</p>"); /* nothing was recorded */
	http_resp_free(&r);
	post_refused(&w1, case_path,
		     "opened_on=2024-02-01&referral_source=rh&domains=sante.arret&domains=astrologie",
		     "edit-domains", "Domaine ou problématique inconnu.");
	/* Recorded: the texts on the page, escaped, lines kept. */
	post_redirects(&w1, case_path,
		       "opened_on=2024-02-01&referral_source=rh&domains=sante.arret"
		       "&domains=logement.expulsion&diagnosis=" DIAGNOSIS_FORM
		       "&action_plan=Dossier+FSL",
		       case_path);
	assert_int_equal(get(&w1, case_path, &r), 200);
	expect_in(&r, "<p>" DIAGNOSIS_PAGE "</p>");
	expect_in(&r, "<p>Dossier FSL</p>");
	expect_in(&r, "<li><strong>Logement</strong> : Impayés de loyer, prévention des "
		      "expulsions</li>");
	expect_not_in(&r, "<b>Suivi");
	expect_not_in(&r, "\r");
	http_resp_free(&r);
}

static void test_secrecy(void **state)
{
	(void)state;
	struct http_resp r;
	struct sess *others[] = {&w2, &w3, &head, &admin, &employer, &auditor};
	for (int i = 0; i < 6; i++) {
		assert_int_equal(get(others[i], case_path, &r), 404);
		expect_not_found(&r);
		http_resp_free(&r);
		/* Nor can they write to it. */
		assert_int_equal(http_form(PORT, others[i], sub(case_path, "/interventions"),
					   "date=2024-02-05&mode=bureau&kind=entretien"
					   "&duration_minutes=abc",
					   &r),
				 404);
		expect_not_found(&r);
		http_resp_free(&r);
		assert_int_equal(http_form(PORT, others[i], case_path,
					   "opened_on=2024-02-01&referral_source=rh&domains=budget"
					   "&diagnosis=Chang%C3%A9",
					   &r),
				 404);
		expect_not_found(&r);
		http_resp_free(&r);
	}
	const char *bad[] = {"/cases/999999", "/cases/0", "/cases/-1", "/cases/abc", "/cases/1x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(get(&w1, bad[i], &r), 404);
		expect_not_found(&r);
		http_resp_free(&r);
	}
	assert_int_equal(get(NULL, case_path, &r), 303); /* to the sign-in page */
	expect_not_in(&r, "Roux");
	http_resp_free(&r);
	/* The diagnosis was not changed by the refused posts. */
	assert_int_equal(get(&w1, case_path, &r), 200);
	expect_in(&r, DIAGNOSIS_PAGE);
	http_resp_free(&r);
}

static void test_interventions_and_shares(void **state)
{
	(void)state;
	struct http_resp r;
	char today[DATE_LEN + 1], form[256];
	date_today(today);
	const char *ivs = sub(case_path, "/interventions");
	char ivs_path[128];
	snprintf(ivs_path, sizeof ivs_path, "%s", ivs);
	/* Refusals: each message by its field, the typed values kept. */
	assert_int_equal(http_form(PORT, &w1, ivs_path,
				   "date=2024-02-05&mode=permanence&kind=entretien"
				   "&duration_minutes=trois+quarts&notes=Gard%C3%A9",
				   &r),
			 422);
	expect_in(&r, "id=\"err-int-duration_minutes\">La durée est un nombre de minutes entre 0 "
		      "et 1440.");
	expect_in(&r, "<details open>\n<summary>Ajouter une intervention</summary>");
	expect_in(&r, "<option value=\"permanence\" selected>");
	expect_in(&r, ">\nGardé</textarea>");
	http_resp_free(&r);
	post_refused(&w1, ivs_path, "date=2024-02-05&mode=pigeon&kind=entretien&duration_minutes=30",
		     "int-mode", "Mode d&#39;intervention inconnu.");
	post_refused(&w1, ivs_path, "date=2024-01-05&mode=bureau&kind=entretien&duration_minutes=30",
		     "int-date", "L&#39;intervention ne peut précéder l&#39;ouverture du suivi.");
	post_refused(&w1, ivs_path,
		     "date=2024-02-05&mode=bureau&kind=entretien&duration_minutes=1441",
		     "int-duration_minutes", "La durée est un nombre de minutes");
	/* Recorded, with a private note. */
	post_redirects(&w1, ivs_path,
		       "date=2024-02-05&mode=permanence&kind=entretien&duration_minutes=45"
		       "&notes=Point+sur+l%27arr%C3%AAt.&private_note=Impression+%3A+tr%C3%A8s+fragile.",
		       case_path);
	post_redirects(&w1, ivs_path,
		       "date=2024-02-09&mode=telephone&kind=demarche&duration_minutes=90&notes="
		       "&private_note=",
		       case_path);
	assert_int_equal(get(&w1, case_path, &r), 200);
	expect_in(&r, "<strong>05/02/2024</strong> · Permanence sur site · Entretien individuel · "
		      "45 min · par vous");
	expect_in(&r, "<strong>09/02/2024</strong> · Téléphone · Démarche administrative, "
		      "constitution de dossier · 1 h 30 · par vous");
	expect_in(&r, "<p>Point sur l&#39;arrêt.</p>");
	expect_in(&r, "<div class=\"notice\">\n<p><strong>Note privée (visible par vous "
		      "seule)</strong></p>\n<p>Impression : très fragile.</p>");
	expect_in(&r, "Pas de note.");
	/* Newest first. */
	assert_true(strstr(r.body, "09/02/2024") < strstr(r.body, "05/02/2024"));
	http_resp_free(&r);

	/* Sharing through the form: refusals, then granted. */
	char shares[128];
	snprintf(shares, sizeof shares, "%s/shares", case_path);
	snprintf(form, sizeof form, "login=head1&until=%s&reason=Cong%%C3%%A9", today);
	post_refused(&w1, shares, form, "share-login", "Indiquez l&#39;identifiant");
	post_refused(&w1, shares, "login=w2&until=2000-01-01&reason=Cong%C3%A9", "share-until",
		     "La date de fin doit être");
	snprintf(form, sizeof form, "login=w2&until=%s&reason=", today);
	post_refused(&w1, shares, form, "share-reason", "Indiquez le motif du partage");
	snprintf(form, sizeof form, "login=w2&until=%s&reason=Cong%%C3%%A9", today);
	assert_int_equal(http_form(PORT, &w3, shares, form, &r), 404);
	expect_not_found(&r);
	http_resp_free(&r);
	post_redirects(&w1, shares, form, case_path);
	assert_int_equal(get(&w1, case_path, &r), 200);
	expect_in(&r, "<td>w2 (w2)</td>");
	expect_in(&r, "<td>Congé</td><td>vous</td><td>en cours <form method=\"post\" "
		      "class=\"inline\" action=\"");
	snprintf(form, sizeof form, "action=\"%s/shares/w2/end\">", case_path);
	expect_in(&r, form);
	http_resp_free(&r);

	/* The colleague sees the case, the interventions, not the private note. */
	assert_int_equal(get(&w2, case_path, &r), 200);
	expect_in(&r, "<h1>Anne Roux</h1>");
	expect_in(&r, "<dd>w1</dd>");
	expect_in(&r, "<p>Point sur l&#39;arrêt.</p>");
	expect_in(&r, "45 min · par w1");
	expect_in(&r, DIAGNOSIS_PAGE);
	expect_not_in(&r, "fragile");
	expect_not_in(&r, "Note privée (visible par vous seule)</strong>");
	/* …nor the forms of the référent: share, end, hand over. */
	snprintf(form, sizeof form, "action=\"%s/shares\"", case_path);
	expect_not_in(&r, form);
	snprintf(form, sizeof form, "action=\"%s/referent\"", case_path);
	expect_not_in(&r, form);
	expect_not_in(&r, "/end\"");
	expect_in(&r, "<td>Congé</td>");
	http_resp_free(&r);
	assert_int_equal(get(&w2, "/cases", &r), 200);
	expect_in(&r, "Anne Roux");
	expect_in(&r, "<td>w1</td>");
	http_resp_free(&r);
	/* A share holder may not share further. */
	snprintf(form, sizeof form, "login=w3&until=%s&reason=Relais", today);
	assert_int_equal(http_form(PORT, &w2, shares, form, NULL), 403);
	/* The colleague's own private note stays theirs. */
	post_redirects(&w2, ivs_path,
		       "date=2024-03-01&mode=telephone&kind=entretien&duration_minutes=10"
		       "&private_note=Note+de+w2",
		       case_path);
	assert_int_equal(get(&w2, case_path, &r), 200);
	expect_in(&r, "<p>Note de w2</p>");
	http_resp_free(&r);
	assert_int_equal(get(&w1, case_path, &r), 200);
	expect_in(&r, "10 min · par w2");
	expect_not_in(&r, "Note de w2");
	http_resp_free(&r);

	/* Ended through the page: the colleague is out again. */
	char end[128];
	snprintf(end, sizeof end, "%s/shares/w2/end", case_path);
	assert_int_equal(http_form(PORT, &w2, end, "", NULL), 403);
	post_redirects(&w1, end, "", case_path);
	assert_int_equal(http_form(PORT, &w1, end, "", &r), 404);
	http_resp_free(&r);
	assert_int_equal(get(&w2, case_path, &r), 404);
	expect_not_found(&r);
	http_resp_free(&r);
	assert_int_equal(get(&w1, case_path, &r), 200);
	expect_in(&r, "<td>Congé</td><td>vous</td><td>terminé</td>");
	expect_not_in(&r, "/end\"");
	http_resp_free(&r);
}

static void test_close(void **state)
{
	(void)state;
	struct http_resp r;
	char close[128];
	snprintf(close, sizeof close, "%s/close", form_case_path);
	post_refused(&w1, close, "closed_on=2024-05-02&outcome=gagne", "close-outcome",
		     "Issue du suivi inconnue.");
	post_refused(&w1, close, "closed_on=2024-05-02&outcome=", "close-outcome",
		     "Indiquez l&#39;issue du suivi pour le clôturer.");
	post_refused(&w1, close, "closed_on=&outcome=resolu", "close-closed_on",
		     "Indiquez la date de clôture.");
	post_refused(&w1, close, "closed_on=2024-01-02&outcome=resolu", "close-closed_on",
		     "La clôture ne peut précéder l&#39;ouverture.");
	assert_int_equal(http_form(PORT, &w1, close, "closed_on=2024-05-02&outcome=gagne", &r), 422);
	expect_in(&r, "<details open>\n<summary>Clôturer le suivi</summary>");
	expect_in(&r, "value=\"2024-05-02\"");
	expect_in(&r, "<dd>En cours</dd>");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w2, close, "closed_on=2024-05-02&outcome=resolu", &r),
			 404);
	expect_not_found(&r);
	http_resp_free(&r);

	post_redirects(&w1, close, "closed_on=2024-05-02&outcome=maintien_amenagement",
		       form_case_path);
	assert_int_equal(get(&w1, form_case_path, &r), 200);
	expect_in(&r, "Clôturé le 02/05/2024");
	expect_in(&r, "<dd>Clôturé</dd>");
	expect_in(&r, "<dd>Maintien avec aménagement de poste</dd>");
	expect_not_in(&r, close);
	http_resp_free(&r);
	assert_int_equal(get(&w1, "/cases?status=closed", &r), 200);
	expect_in(&r, form_case_path);
	expect_in(&r, "clôturé le 02/05/2024");
	expect_not_in(&r, case_path);
	http_resp_free(&r);
	assert_int_equal(get(&w1, "/cases", &r), 200);
	expect_not_in(&r, form_case_path);
	http_resp_free(&r);
}

/* The receiving worker s accepts, on the page "À confirmer", the one
   proposal awaiting her (the two-person rule): the page must say msg. */
static void accept_on_page(const struct sess *s, const char *msg)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, s, 0, "GET", "/api/v1/proposals", NULL, &r), 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	long long id = 0;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(j, "proposals"), i, p) {
		if (json_is_true(json_object_get(p, "may_decide")))
			id = (long long)json_integer_value(json_object_get(p, "id"));
	}
	json_decref(j);
	assert_true(id > 0);
	char path[96];
	snprintf(path, sizeof path, "/a-confirmer/%lld/confirmer", id);
	assert_int_equal(http_form(PORT, s, path, "", &r), 200);
	expect_in(&r, msg);
	http_resp_free(&r);
}

static void test_handover(void **state)
{
	(void)state;
	struct http_resp r;
	char handover[128];
	snprintf(handover, sizeof handover, "%s/referent", case_path);
	post_refused(&w1, handover, "login=w3", "handover-login",
		     "Le ou la collègue doit être assistant(e) de service social et affecté(e)");
	post_refused(&w1, handover, "login=", "handover-login", "Le ou la collègue");
	assert_int_equal(http_form(PORT, &w2, handover, "login=w2", &r), 404);
	expect_not_found(&r);
	http_resp_free(&r);
	/* Proposed, then accepted by w2 (the two-person rule): w1 loses the case. */
	post_redirects(&w1, handover, "login=w2", "/a-confirmer");
	assert_int_equal(get(&w2, case_path, NULL), 404);
	accept_on_page(&w2, "Passation acceptée");
	assert_int_equal(get(&w1, case_path, &r), 404);
	expect_not_found(&r);
	http_resp_free(&r);
	assert_int_equal(get(&w2, case_path, &r), 200);
	expect_in(&r, "<dd>vous (w2)</dd>");
	expect_not_in(&r, "fragile"); /* w1's private note stays w1's */
	http_resp_free(&r);
	/* And back. */
	post_redirects(&w2, handover, "login=w1", "/a-confirmer");
	accept_on_page(&w1, "Passation acceptée");
	assert_int_equal(get(&w1, case_path, &r), 200);
	expect_in(&r, "<dd>vous (w1)</dd>");
	expect_in(&r, "très fragile");
	http_resp_free(&r);
}

static void test_caseloads(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(get(&head, "/caseloads", &r), 200);
	expect_in(&r, "<h1>Files actives du service</h1>");
	/* w1: one open case, two in all, one person; w2 and w3 nothing. */
	expect_in(&r, "<td>w1 (w1)</td><td class=\"num\">1</td><td class=\"num\">2</td>"
		      "<td class=\"num\">1</td>");
	expect_in(&r, "<td>w3 (w3)</td><td class=\"num\">0</td><td class=\"num\">0</td>"
		      "<td class=\"num\">0</td>");
	expect_in(&r, "<form method=\"post\" action=\"/caseloads/transfer\">");
	expect_in(&r, "<select name=\"from\" required>");
	expect_in(&r, "<option value=\"w2\">w2 (w2)</option>");
	expect_not_in(&r, "Roux");
	expect_not_in(&r, "Anne");
	expect_not_in(&r, "Transfert effectué");
	http_resp_free(&r);
	struct sess *others[] = {&w1, &admin, &employer, &auditor};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(get(others[i], "/caseloads", NULL), 403);
		assert_int_equal(http_form(PORT, others[i], "/caseloads/transfer",
					   "from=w1&to=w3", NULL),
				 403);
	}
	/* Refusals. */
	post_refused(&head, "/caseloads/transfer", "from=w1&to=w1", "to",
		     "Indiquez un(e) autre assistant(e) de service social.");
	post_refused(&head, "/caseloads/transfer", "from=ghost&to=w3", "from",
		     "Assistant(e) de départ inconnu(e).");
	assert_int_equal(http_form(PORT, &head, "/caseloads/transfer", "from=w1&to=w1", &r), 422);
	expect_in(&r, "<option value=\"w1\" selected>");
	http_resp_free(&r);
	/* Proposed, then accepted by w3 (the two-person rule), who gets the counts. */
	post_redirects(&head, "/caseloads/transfer", "from=w1&to=w3", "/a-confirmer");
	assert_int_equal(get(&w3, case_path, NULL), 404);
	accept_on_page(&w3, "Transfert accepté : 2 suivis et 1 personne vous sont confiés.");
	/* Without the rule (a one-person service), the head's page shows the counts
	   from the redirection. */
	assert_int_equal(get(&head, "/caseloads?cases=2&persons=1", &r), 200);
	expect_in(&r, "Transfert effectué : 2 suivis et 1 personne ont changé de "
		      "référent(e)."); /* gettext's plurals, each count its own */
	http_resp_free(&r);
	assert_int_equal(get(&head, "/caseloads?cases=1&persons=3", &r), 200);
	expect_in(&r, "Transfert effectué : 1 suivi et 3 personnes ont changé de référent(e).");
	expect_in(&r, "<td>w1 (w1)</td><td class=\"num\">0</td><td class=\"num\">0</td>"
		      "<td class=\"num\">0</td>");
	expect_in(&r, "<td>w3 (w3)</td><td class=\"num\">1</td><td class=\"num\">2</td>"
		      "<td class=\"num\">1</td>");
	http_resp_free(&r);
	assert_int_equal(get(&head, "/caseloads?cases=x&persons=1", &r), 200);
	expect_not_in(&r, "Transfert effectué");
	http_resp_free(&r);
	assert_int_equal(get(&w3, case_path, &r), 200);
	expect_in(&r, "<dd>vous (w3)</dd>");
	http_resp_free(&r);
	assert_int_equal(get(&w1, case_path, NULL), 404);
	assert_int_equal(get(&head, case_path, &r), 404); /* numbers, never the file */
	expect_not_found(&r);
	http_resp_free(&r);
}

/* A form POST with the session but no CSRF token. */
static int post_without_csrf(const struct sess *s, const char *path, const char *form)
{
	char headers[512];
	struct http_resp r;
	snprintf(headers, sizeof headers,
		 "Cookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n", s->cookie);
	if (http_do(PORT, "POST", path, headers, form, strlen(form), &r) != 0)
		return -1;
	int status = r.status;
	if (status == 403 && !strstr(r.body, "jeton de sécurité"))
		status = -403;
	http_resp_free(&r);
	return status;
}

static void test_csrf(void **state)
{
	(void)state;
	char path[128], form[256];
	snprintf(form, sizeof form,
		 "person_id=%lld&opened_on=2024-03-04&referral_source=medecin&domains=budget",
		 person_id);
	assert_int_equal(post_without_csrf(&w3, "/cases", form), 403);
	assert_int_equal(post_without_csrf(&w3, case_path,
					   "opened_on=2024-02-01&referral_source=rh&domains=budget"
					   "&csrf_token=forged"),
			 403);
	const char *tails[] = {"/interventions", "/close", "/shares", "/shares/w2/end", "/referent"};
	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		snprintf(path, sizeof path, "%s%s", case_path, tails[i]);
		assert_int_equal(post_without_csrf(&w3, path, "login=w2&closed_on=2024-05-02"
							      "&outcome=resolu"),
				 403);
	}
	assert_int_equal(post_without_csrf(&head, "/caseloads/transfer", "from=w3&to=w1"), 403);
	/* Nothing changed. */
	struct http_resp r;
	assert_int_equal(get(&w3, case_path, &r), 200);
	expect_in(&r, "<dd>En cours</dd>");
	expect_in(&r, "<dd>vous (w3)</dd>");
	expect_in(&r, "<li><strong>Santé</strong>");
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caseload),
		cmocka_unit_test(test_open_form),
		cmocka_unit_test(test_open_submit),
		cmocka_unit_test(test_case_page),
		cmocka_unit_test(test_secrecy),
		cmocka_unit_test(test_interventions_and_shares),
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_handover),
		cmocka_unit_test(test_caseloads),
		cmocka_unit_test(test_csrf),
	};
	return cmocka_run_group_tests_name("case_pages", tests, setup, teardown);
}
