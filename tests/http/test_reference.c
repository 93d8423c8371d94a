/*
 * test_reference — the reference lists through the real binary: reading
 * by every role, the seeded TAXONOMY codes, adding, renaming, retiring and
 * reactivating (API and administration page), permissions, validation,
 * duplicates, CSRF and the audit entries.
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
#include <unistd.h>

#include <cmocka.h>

#include "http/harness.h"
#include "http/http.h"

#define PASSWORD TEST_PASSWORD

static struct fixture fx;

static const char *const role_logins[ROLE__COUNT] = {
	[ROLE_ADMIN] = "admin1", [ROLE_HEAD] = "head1",	      [ROLE_WORKER] = "worker1",
	[ROLE_EMPLOYER] = "employer1", [ROLE_AUDITOR] = "auditor1", [ROLE_RECEPTION] = "reception1",
};

/* Signed in once in setup, one per role. */
static struct sess sessions[ROLE__COUNT];

static int setup(void **state)
{
	(void)state;
	static const char *const org[] = {"organisation", "add", "--code", "acme", "--name",
					  "ACME Industries", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {org, NULL};
	static const char *const users[] = {"admin1:admin",	     "head1:head", "worker1:worker",
					    "employer1:employer:acme", "auditor1:auditor",
					    "reception1:reception", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	for (int r = ROLE_ADMIN; r < ROLE__COUNT; r++)
		if (api_login(fx.srv.port, role_logins[r], PASSWORD, &sessions[r]) != 200)
			return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* A request as s (NULL: anonymous), with its CSRF token when csrf is set. */
static int req_as(const struct sess *s, int csrf, const char *method, const char *path,
		  const char *json_body, struct http_resp *out)
{
	int status = http_as(fx.srv.port, s, csrf, method, path, json_body, out);
	assert_true(status > 0);
	return status;
}

/* A form post as s; form is the urlencoded body (carrying its own
   csrf_token when the test wants one). */
static int form_as(const struct sess *s, const char *path, const char *form, struct http_resp *out)
{
	char headers[512];
	snprintf(headers, sizeof headers,
		 "Cookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n", s->cookie);
	struct http_resp r;
	assert_int_equal(http_do(fx.srv.port, "POST", path, headers, form, strlen(form), &r), 0);
	int status = r.status;
	if (out)
		*out = r;
	else
		http_resp_free(&r);
	return status;
}

/* The lists as the API gives them (caller decrefs), as s. */
static json_t *get_lists(const struct sess *s)
{
	struct http_resp r;
	assert_int_equal(req_as(s, 0, "GET", "/api/v1/reference", NULL, &r), 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	assert_non_null(j);
	json_t *lists = json_object_get(j, "lists");
	assert_true(json_is_object(lists));
	json_incref(lists);
	json_decref(j);
	return lists;
}

/* The entry code of list in lists, or NULL. */
static json_t *find_entry(json_t *lists, const char *list, const char *code)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(lists, list), i, e) {
		if (strcmp(json_string_value(json_object_get(e, "code")), code) == 0)
			return e;
	}
	return NULL;
}

/* Fetches the lists and returns whether (list, code) is there with that
   label (NULL: any) and retired flag (-1: any). */
static int entry_is(const char *list, const char *code, const char *label, int retired)
{
	json_t *lists = get_lists(&sessions[ROLE_ADMIN]);
	json_t *e = find_entry(lists, list, code);
	int ok = e != NULL;
	if (ok && label)
		ok = strcmp(json_string_value(json_object_get(e, "label")), label) == 0;
	if (ok && retired >= 0)
		ok = json_is_true(json_object_get(e, "retired")) == retired;
	json_decref(lists);
	return ok;
}

static void test_every_role_reads(void **state)
{
	(void)state;
	struct http_resp r;
	char code[64];
	for (int role = ROLE_ADMIN; role < ROLE__COUNT; role++) {
		json_t *lists = get_lists(&sessions[role]);
		assert_true(json_array_size(json_object_get(lists, "domain")) >= 49);
		json_decref(lists);
	}
	assert_int_equal(req_as(NULL, 0, "GET", "/api/v1/reference", NULL, &r), 401);
	assert_string_equal(json_error(&r, "code", code, sizeof code), "unauthenticated");
	http_resp_free(&r);
}

static void test_seeded_lists(void **state)
{
	(void)state;
	static const char *const names[] = {
		"domain",	     "referral_source", "mode",	    "intervention_kind",
		"status",	     "category",	"family_situation", "outcome",
		"partner_kind",	     "funder",		"aid_kind", "aid_decision",
		"convention_kind",   "action_topic",	"organisation_kind", "sex",
		"action_format",     "retention_outcome",
	};
	json_t *lists = get_lists(&sessions[ROLE_WORKER]);
	assert_int_equal(json_object_size(lists), sizeof names / sizeof names[0]);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (json_array_size(json_object_get(lists, names[i])) == 0)
			fail_msg("list %s is missing or empty", names[i]);

	/* The domains in position order: a domain, then its themes. */
	json_t *domain = json_object_get(lists, "domain");
	assert_int_equal(json_array_size(domain), 49);
	json_t *first = json_array_get(domain, 0);
	assert_string_equal(json_string_value(json_object_get(first, "code")), "sante");
	assert_string_equal(json_string_value(json_object_get(first, "label")), "Santé");
	assert_true(json_is_null(json_object_get(first, "parent")));
	assert_true(json_is_false(json_object_get(first, "retired")));
	json_t *second = json_array_get(domain, 1);
	assert_string_equal(json_string_value(json_object_get(second, "code")), "sante.arret");
	assert_string_equal(json_string_value(json_object_get(second, "parent")), "sante");

	static const struct {
		const char *list, *code;
	} want[] = {
		{"domain", "sante.arret"},	    {"domain", "logement.expulsion"},
		{"referral_source", "medecin"},	    {"mode", "permanence"},
		{"outcome", "maintien_amenagement"}, {"category", "A"},
		{"sex", "F"},			    {"organisation_kind", "association"},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		json_t *e = find_entry(lists, want[i].list, want[i].code);
		if (!e)
			fail_msg("%s/%s not seeded", want[i].list, want[i].code);
		assert_int_equal(json_object_size(e), 4); /* code, label, parent, retired */
		assert_true(json_string_length(json_object_get(e, "label")) > 0);
	}
	json_t *e = find_entry(lists, "domain", "sante.arret");
	assert_string_equal(json_string_value(json_object_get(e, "label")),
			    "Arrêt de travail, arrêt prolongé");
	json_decref(lists);
}

static void test_admin_add_rename_retire_reactivate(void **state)
{
	(void)state;
	struct sess *admin = &sessions[ROLE_ADMIN];
	struct http_resp r;

	assert_int_equal(req_as(admin, 1, "POST", "/api/v1/reference/mode",
				"{\"code\":\"atelier\",\"label\":\"Atelier collectif\"}", &r),
			 201);
	json_t *j = http_json(&r);
	json_t *e = json_object_get(j, "entry");
	assert_string_equal(json_string_value(json_object_get(e, "list")), "mode");
	assert_string_equal(json_string_value(json_object_get(e, "code")), "atelier");
	assert_string_equal(json_string_value(json_object_get(e, "label")), "Atelier collectif");
	assert_true(json_is_null(json_object_get(e, "parent")));
	assert_true(json_is_false(json_object_get(e, "retired")));
	json_decref(j);
	http_resp_free(&r);
	/* New entries go to the end of their list. */
	json_t *lists = get_lists(admin);
	json_t *mode = json_object_get(lists, "mode");
	json_t *last = json_array_get(mode, json_array_size(mode) - 1);
	assert_string_equal(json_string_value(json_object_get(last, "code")), "atelier");
	json_decref(lists);

	/* Rename (the flag is kept). */
	assert_int_equal(req_as(admin, 1, "PATCH", "/api/v1/reference/mode/atelier",
				"{\"label\":\"Atelier d'échanges\"}", &r),
			 200);
	j = http_json(&r);
	e = json_object_get(j, "entry");
	assert_string_equal(json_string_value(json_object_get(e, "label")), "Atelier d'échanges");
	assert_true(json_is_false(json_object_get(e, "retired")));
	json_decref(j);
	http_resp_free(&r);

	/* Retire (the label is kept): still listed, flagged. */
	assert_int_equal(req_as(admin, 1, "PATCH", "/api/v1/reference/mode/atelier",
				"{\"retired\":true}", &r),
			 200);
	j = http_json(&r);
	e = json_object_get(j, "entry");
	assert_true(json_is_true(json_object_get(e, "retired")));
	assert_string_equal(json_string_value(json_object_get(e, "label")), "Atelier d'échanges");
	json_decref(j);
	http_resp_free(&r);
	assert_true(entry_is("mode", "atelier", "Atelier d'échanges", 1));
	/* Every role still sees a retired entry (old records carry it). */
	lists = get_lists(&sessions[ROLE_EMPLOYER]);
	assert_non_null(find_entry(lists, "mode", "atelier"));
	json_decref(lists);

	/* Reactivate, renaming at the same time. */
	assert_int_equal(req_as(admin, 1, "PATCH", "/api/v1/reference/mode/atelier",
				"{\"retired\":false,\"label\":\"Atelier\"}", NULL),
			 200);
	assert_true(entry_is("mode", "atelier", "Atelier", 0));

	/* A seeded entry can be retired too, and is never deleted. */
	assert_int_equal(req_as(admin, 1, "PATCH", "/api/v1/reference/referral_source/collegue",
				"{\"retired\":true}", NULL),
			 200);
	assert_true(entry_is("referral_source", "collegue", "Collègue", 1));

	/* A theme under a domain, and capitals where the list allows them. */
	assert_int_equal(req_as(admin, 1, "POST", "/api/v1/reference/domain",
				"{\"code\":\"sante.sommeil\",\"label\":\"Troubles du sommeil\","
				"\"parent\":\"sante\"}",
				&r),
			 201);
	j = http_json(&r);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(j, "entry"), "parent")), "sante");
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(req_as(admin, 1, "POST", "/api/v1/reference/domain",
				"{\"code\":\"numerique\",\"label\":\"Numérique\",\"parent\":null}",
				NULL),
			 201);
	assert_int_equal(req_as(admin, 1, "POST", "/api/v1/reference/domain",
				"{\"code\":\"numerique.acces\",\"label\":\"Accès au numérique\","
				"\"parent\":\"numerique\"}",
				NULL),
			 201);
	assert_int_equal(req_as(admin, 1, "POST", "/api/v1/reference/category",
				"{\"code\":\"D\",\"label\":\"Catégorie D\"}", NULL),
			 201);
	assert_true(entry_is("category", "D", "Catégorie D", 0));
	assert_true(entry_is("domain", "numerique.acces", "Accès au numérique", 0));
}

static void test_non_admin_cannot_edit(void **state)
{
	(void)state;
	struct http_resp r;
	char code[64];
	for (int role = ROLE_ADMIN + 1; role < ROLE__COUNT; role++) {
		struct sess *s = &sessions[role];
		assert_int_equal(req_as(s, 1, "POST", "/api/v1/reference/mode",
					"{\"code\":\"sneaky\",\"label\":\"Sournois\"}", &r),
				 403);
		assert_string_equal(json_error(&r, "code", code, sizeof code), "forbidden");
		http_resp_free(&r);
		assert_int_equal(req_as(s, 1, "PATCH", "/api/v1/reference/mode/bureau",
					"{\"label\":\"Détourné\",\"retired\":true}", NULL),
				 403);
		/* Nor through the page. */
		char form[256];
		snprintf(form, sizeof form, "list=mode&code=sneaky&label=S&csrf_token=%s", s->csrf);
		assert_int_equal(form_as(s, "/admin/reference", form, NULL), 403);
		snprintf(form, sizeof form, "label=S&retired=1&csrf_token=%s", s->csrf);
		assert_int_equal(form_as(s, "/admin/reference/mode/bureau", form, NULL), 403);
	}
	assert_false(entry_is("mode", "sneaky", NULL, -1));
	assert_true(entry_is("mode", "bureau", "Entretien au bureau", 0));
	/* Anonymous: 401 on the API. */
	assert_int_equal(req_as(NULL, 0, "POST", "/api/v1/reference/mode",
				"{\"code\":\"anon\",\"label\":\"Anonyme\"}", NULL),
			 401);
}

static void test_validation(void **state)
{
	(void)state;
	struct sess *admin = &sessions[ROLE_ADMIN];
	/* A top-level domain that is then retired: no new themes under it. */
	assert_int_equal(req_as(admin, 1, "POST", "/api/v1/reference/domain",
				"{\"code\":\"ancien\",\"label\":\"Ancien domaine\"}", NULL),
			 201);
	assert_int_equal(req_as(admin, 1, "PATCH", "/api/v1/reference/domain/ancien",
				"{\"retired\":true}", NULL),
			 200);
	static const struct {
		const char *method, *path, *body, *field;
	} cases[] = {
		{"POST", "/api/v1/reference/nowhere", "{\"code\":\"x\",\"label\":\"X\"}", "list"},
		{"POST", "/api/v1/reference/mode", "{\"code\":\"bad-code\",\"label\":\"X\"}", "code"},
		{"POST", "/api/v1/reference/mode", "{\"code\":\"bad code\",\"label\":\"X\"}", "code"},
		{"POST", "/api/v1/reference/mode", "{\"code\":\"accentué\",\"label\":\"X\"}", "code"},
		{"POST", "/api/v1/reference/mode", "{\"code\":\"Capitale\",\"label\":\"X\"}", "code"},
		{"POST", "/api/v1/reference/mode", "{\"code\":\"a.b\",\"label\":\"X\"}", "code"},
		{"POST", "/api/v1/reference/mode", "{\"code\":\"\",\"label\":\"X\"}", "code"},
		{"POST", "/api/v1/reference/mode", "{\"label\":\"X\"}", "code"},
		{"POST", "/api/v1/reference/mode", "{\"code\":42,\"label\":\"X\"}", "code"},
		{"POST", "/api/v1/reference/mode",
		 "{\"code\":\"a23456789012345678901234567890123456789012\",\"label\":\"X\"}", "code"},
		{"POST", "/api/v1/reference/mode", "{\"code\":\"vide\",\"label\":\"\"}", "label"},
		{"POST", "/api/v1/reference/mode", "{\"code\":\"vide\",\"label\":\"   \"}", "label"},
		{"POST", "/api/v1/reference/mode", "{\"code\":\"vide\"}", "label"},
		{"POST", "/api/v1/reference/mode", "{\"code\":\"ctl\",\"label\":\"a\\u0001b\"}",
		 "label"},
		{"POST", "/api/v1/reference/mode", "{\"code\":\"nl\",\"label\":\"a\\nb\"}", "label"},
		{"POST", "/api/v1/reference/mode",
		 "{\"code\":\"long\",\"label\":\"1234567890123456789012345678901234567890"
		 "12345678901234567890123456789012345678901234567890123456789012345678901234567890"
		 "1\"}",
		 "label"},
		{"POST", "/api/v1/reference/mode",
		 "{\"code\":\"orphelin\",\"label\":\"X\",\"parent\":\"sante\"}", "parent"},
		/* Themes: the parent must be an active top-level domain… */
		{"POST", "/api/v1/reference/domain",
		 "{\"code\":\"nulle_part.x\",\"label\":\"X\",\"parent\":\"nulle_part\"}", "parent"},
		{"POST", "/api/v1/reference/domain",
		 "{\"code\":\"sante.arret.x\",\"label\":\"X\",\"parent\":\"sante.arret\"}",
		 "parent"},
		{"POST", "/api/v1/reference/domain",
		 "{\"code\":\"ancien.x\",\"label\":\"X\",\"parent\":\"ancien\"}", "parent"},
		{"POST", "/api/v1/reference/domain", "{\"code\":\"sante.x\",\"label\":\"X\"}",
		 "parent"},
		/* …and the code must start with the parent's code and a dot. */
		{"POST", "/api/v1/reference/domain",
		 "{\"code\":\"budget.x\",\"label\":\"X\",\"parent\":\"sante\"}", "code"},
		{"POST", "/api/v1/reference/domain",
		 "{\"code\":\"santex\",\"label\":\"X\",\"parent\":\"sante\"}", "code"},
		{"POST", "/api/v1/reference/domain",
		 "{\"code\":\"sante.\",\"label\":\"X\",\"parent\":\"sante\"}", "code"},
		{"POST", "/api/v1/reference/domain",
		 "{\"code\":\"sante.a.b\",\"label\":\"X\",\"parent\":\"sante\"}", "code"},
		{"PATCH", "/api/v1/reference/mode/bureau", "{\"label\":\"\"}", "label"},
		{"PATCH", "/api/v1/reference/mode/bureau", "{\"label\":7}", "label"},
		{"PATCH", "/api/v1/reference/mode/bureau", "{\"retired\":\"yes\"}", "retired"},
		{"PATCH", "/api/v1/reference/mode/bureau", "{\"retired\":1}", "retired"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_resp r;
		char field[64], code[64], message[256];
		int status = req_as(admin, 1, cases[i].method, cases[i].path, cases[i].body, &r);
		if (status != 422)
			fail_msg("%s %s %s: %d, expected 422 (%s)", cases[i].method, cases[i].path,
				 cases[i].body, status, r.body);
		json_error(&r, "field", field, sizeof field);
		if (strcmp(field, cases[i].field) != 0)
			fail_msg("%s %s %s: field %s, expected %s", cases[i].method, cases[i].path,
				 cases[i].body, field, cases[i].field);
		assert_string_equal(json_error(&r, "code", code, sizeof code), "invalid");
		json_error(&r, "message", message, sizeof message);
		assert_true(strlen(message) > 10);
		http_resp_free(&r);
	}
	assert_true(entry_is("mode", "bureau", "Entretien au bureau", 0));
	assert_false(entry_is("domain", "ancien.x", NULL, -1));
	assert_false(entry_is("domain", "sante.x", NULL, -1));
	/* French messages. */
	struct http_resp r;
	char message[256];
	req_as(admin, 1, "POST", "/api/v1/reference/mode", "{\"code\":\"vide\",\"label\":\"\"}",
	       &r);
	assert_string_equal(json_error(&r, "message", message, sizeof message),
			    "Le libellé est obligatoire.");
	http_resp_free(&r);
	/* Malformed JSON is a 400. */
	assert_int_equal(req_as(admin, 1, "POST", "/api/v1/reference/mode", "{\"code\":", NULL),
			 400);
	assert_int_equal(req_as(admin, 1, "PATCH", "/api/v1/reference/mode/bureau", "[]", NULL),
			 400);
}

static void test_duplicate(void **state)
{
	(void)state;
	struct sess *admin = &sessions[ROLE_ADMIN];
	struct http_resp r;
	char v[64];
	assert_int_equal(req_as(admin, 1, "POST", "/api/v1/reference/mode",
				"{\"code\":\"bureau\",\"label\":\"Autre bureau\"}", &r),
			 409);
	assert_string_equal(json_error(&r, "code", v, sizeof v), "conflict");
	assert_string_equal(json_error(&r, "field", v, sizeof v), "code");
	http_resp_free(&r);
	/* A retired code stays taken. */
	assert_int_equal(req_as(admin, 1, "POST", "/api/v1/reference/referral_source",
				"{\"code\":\"collegue\",\"label\":\"Collègue bis\"}", NULL),
			 409);
	assert_true(entry_is("mode", "bureau", "Entretien au bureau", 0));
	/* The same code in another list is another entry. */
	assert_int_equal(req_as(admin, 1, "POST", "/api/v1/reference/action_topic",
				"{\"code\":\"bureau\",\"label\":\"Le bureau\"}", NULL),
			 201);
}

static void test_unknown_entry(void **state)
{
	(void)state;
	struct sess *admin = &sessions[ROLE_ADMIN];
	struct http_resp r;
	char v[64];
	assert_int_equal(req_as(admin, 1, "PATCH", "/api/v1/reference/mode/nulle_part",
				"{\"retired\":true}", &r),
			 404);
	assert_string_equal(json_error(&r, "code", v, sizeof v), "not_found");
	http_resp_free(&r);
	assert_int_equal(req_as(admin, 1, "PATCH", "/api/v1/reference/nowhere/bureau",
				"{\"label\":\"X\"}", NULL),
			 404);
	/* A code of one list is unknown in another. */
	assert_int_equal(req_as(admin, 1, "PATCH", "/api/v1/reference/mode/sante",
				"{\"label\":\"X\"}", NULL),
			 404);
	char form[256];
	snprintf(form, sizeof form, "label=X&csrf_token=%s", admin->csrf);
	assert_int_equal(form_as(admin, "/admin/reference/mode/nulle_part", form, &r), 404);
	assert_non_null(strstr(r.body, "<html lang=\"fr\">"));
	http_resp_free(&r);
}

static void test_csrf_required(void **state)
{
	(void)state;
	struct sess *admin = &sessions[ROLE_ADMIN];
	struct http_resp r;
	char v[64];
	assert_int_equal(req_as(admin, 0, "POST", "/api/v1/reference/mode",
				"{\"code\":\"sans_jeton\",\"label\":\"Sans jeton\"}", &r),
			 403);
	assert_string_equal(json_error(&r, "code", v, sizeof v), "csrf_failed");
	http_resp_free(&r);
	assert_int_equal(req_as(admin, 0, "PATCH", "/api/v1/reference/mode/bureau",
				"{\"retired\":true}", NULL),
			 403);
	/* Another session's token is no better. */
	struct sess mixed = *admin;
	snprintf(mixed.csrf, sizeof mixed.csrf, "%s", sessions[ROLE_WORKER].csrf);
	assert_int_equal(req_as(&mixed, 1, "POST", "/api/v1/reference/mode",
				"{\"code\":\"sans_jeton\",\"label\":\"Sans jeton\"}", NULL),
			 403);
	/* The page's forms too. */
	assert_int_equal(form_as(admin, "/admin/reference", "list=mode&code=sans_jeton&label=S",
				 NULL),
			 403);
	assert_int_equal(form_as(admin, "/admin/reference/mode/bureau",
				 "label=S&retired=1&csrf_token=wrong", NULL),
			 403);
	assert_false(entry_is("mode", "sans_jeton", NULL, -1));
	assert_true(entry_is("mode", "bureau", "Entretien au bureau", 0));
}

static void test_page_renders(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(req_as(&sessions[ROLE_ADMIN], 0, "GET", "/admin/reference", NULL, &r),
			 200);
	static const char *const want[] = {
		"<html lang=\"fr\">",	      "Listes de référence",	     "Domaines et problématiques",
		"Origine de la demande",      "Mode d&#39;intervention",     "Type d&#39;intervention",
		"Statut de l&#39;agent",      "Catégorie",		     "Situation familiale",
		"Issue du suivi",	      "Types de partenaires",	     "Financeurs d&#39;aide",
		"Types d&#39;aide",	      "Décisions d&#39;aide",	     "Conventions",
		"Thèmes d&#39;actions collectives", "Types d&#39;organisation", "Sexe",
		"sante.arret",		      "Arrêt de travail, arrêt prolongé",
		"action=\"/admin/reference/domain/sante.arret\"", "name=\"csrf_token\"",
		"<details",		      "Ajouter une entrée",	     "retirée",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(r.body, want[i]))
			fail_msg("/admin/reference lacks %s", want[i]);
	assert_null(strstr(r.body, "<script>"));
	assert_null(strstr(r.body, "style=\""));
	/* Every form carries the CSRF token: one per entry, the add form, sign-out. */
	size_t forms = 0, tokens = 0;
	for (const char *p = r.body; (p = strstr(p, "<form")); p++)
		forms++;
	for (const char *p = r.body; (p = strstr(p, "name=\"csrf_token\"")); p++)
		tokens++;
	assert_true(forms > 150);
	assert_int_equal(forms, tokens);
	http_resp_free(&r);
	/* Asked to unfold one list, it does. */
	assert_int_equal(req_as(&sessions[ROLE_ADMIN], 0, "GET", "/admin/reference?liste=mode",
				NULL, &r),
			 200);
	assert_non_null(strstr(r.body, "<details open>"));
	http_resp_free(&r);
	for (int role = ROLE_ADMIN + 1; role < ROLE__COUNT; role++)
		assert_int_equal(
			req_as(&sessions[role], 0, "GET", "/admin/reference", NULL, NULL), 403);
}

static void test_page_add(void **state)
{
	(void)state;
	struct sess *admin = &sessions[ROLE_ADMIN];
	struct http_resp r;
	char form[512], v[256];
	snprintf(form, sizeof form,
		 "list=action_topic&code=budget_atelier&label=Atelier+budg%%C3%%A9taire&parent="
		 "&csrf_token=%s",
		 admin->csrf);
	assert_int_equal(form_as(admin, "/admin/reference", form, &r), 303);
	assert_non_null(http_header(&r, "Location", v, sizeof v));
	assert_true(strncmp(v, "/admin/reference", 16) == 0);
	assert_non_null(strstr(v, "action_topic"));
	http_resp_free(&r);
	assert_true(entry_is("action_topic", "budget_atelier", "Atelier budgétaire", 0));
	/* A theme through the page. */
	snprintf(form, sizeof form,
		 "list=domain&code=budget.epargne&label=%%C3%%89pargne&parent=budget&csrf_token=%s",
		 admin->csrf);
	assert_int_equal(form_as(admin, "/admin/reference", form, NULL), 303);
	assert_true(entry_is("domain", "budget.epargne", "Épargne", 0));

	/* A bad code: the page again, 422, the French message at the field. */
	snprintf(form, sizeof form,
		 "list=mode&code=Mauvais+code&label=Un+libell%%C3%%A9&parent=&csrf_token=%s",
		 admin->csrf);
	assert_int_equal(form_as(admin, "/admin/reference", form, &r), 422);
	assert_non_null(strstr(r.body, "Le code ne peut contenir que des minuscules"));
	assert_non_null(strstr(r.body, "aria-invalid=\"true\" aria-describedby=\"err-ajout-code\""));
	assert_non_null(strstr(r.body, "id=\"err-ajout-code\""));
	assert_non_null(strstr(r.body, "value=\"Un libellé\"")); /* typed values kept */
	assert_non_null(strstr(r.body, "Domaines et problématiques"));
	http_resp_free(&r);
	/* An unknown parent, an unknown list, a duplicate. */
	snprintf(form, sizeof form,
		 "list=domain&code=rien.x&label=X&parent=rien&csrf_token=%s", admin->csrf);
	assert_int_equal(form_as(admin, "/admin/reference", form, &r), 422);
	assert_non_null(strstr(r.body, "id=\"err-ajout-parent\""));
	assert_non_null(strstr(r.body, "Ce domaine parent n&#39;existe pas ou est retiré."));
	http_resp_free(&r);
	snprintf(form, sizeof form, "list=nulle_part&code=x&label=X&csrf_token=%s", admin->csrf);
	assert_int_equal(form_as(admin, "/admin/reference", form, &r), 422);
	assert_non_null(strstr(r.body, "id=\"err-ajout-list\""));
	http_resp_free(&r);
	snprintf(form, sizeof form, "list=mode&code=telephone&label=X&csrf_token=%s", admin->csrf);
	assert_int_equal(form_as(admin, "/admin/reference", form, &r), 409);
	assert_non_null(strstr(r.body, "id=\"err-ajout-code\""));
	assert_non_null(strstr(r.body, "Cette liste contient déjà ce code"));
	http_resp_free(&r);
	assert_false(entry_is("mode", "Mauvais code", NULL, -1));
}

static void test_page_retire_rename_reactivate(void **state)
{
	(void)state;
	struct sess *admin = &sessions[ROLE_ADMIN];
	struct http_resp r;
	char form[512], v[256];
	/* Ticking the box retires. */
	snprintf(form, sizeof form, "label=T%%C3%%A9l%%C3%%A9phone&retired=1&csrf_token=%s",
		 admin->csrf);
	assert_int_equal(form_as(admin, "/admin/reference/mode/telephone", form, &r), 303);
	assert_non_null(http_header(&r, "Location", v, sizeof v));
	assert_true(strncmp(v, "/admin/reference", 16) == 0);
	http_resp_free(&r);
	assert_true(entry_is("mode", "telephone", "Téléphone", 1));
	/* The page shows it retired and its box ticked. */
	assert_int_equal(req_as(admin, 0, "GET", "/admin/reference", NULL, &r), 200);
	const char *row = strstr(r.body, "action=\"/admin/reference/mode/telephone\"");
	assert_non_null(row);
	const char *end = strstr(row, "</tr>");
	assert_non_null(end);
	const char *checked = strstr(row, " checked>");
	assert_true(checked && checked < end);
	http_resp_free(&r);

	/* Unticked (the field absent) reactivates; the label is renamed. */
	snprintf(form, sizeof form, "label=T%%C3%%A9l%%C3%%A9phone+ou+SMS&csrf_token=%s",
		 admin->csrf);
	assert_int_equal(form_as(admin, "/admin/reference/mode/telephone", form, NULL), 303);
	assert_true(entry_is("mode", "telephone", "Téléphone ou SMS", 0));

	/* An empty label: the page again, 422, the message at that entry. */
	snprintf(form, sizeof form, "label=&retired=1&csrf_token=%s", admin->csrf);
	assert_int_equal(form_as(admin, "/admin/reference/mode/telephone", form, &r), 422);
	assert_non_null(strstr(r.body, "Le libellé est obligatoire."));
	assert_non_null(strstr(r.body, "id=\"err-mode-telephone\""));
	assert_non_null(strstr(r.body, "aria-describedby=\"err-mode-telephone\""));
	http_resp_free(&r);
	assert_true(entry_is("mode", "telephone", "Téléphone ou SMS", 0));
}

struct found {
	const char *action, *object_id;
	int n;
};

static void test_audit_entries(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(req_as(&sessions[ROLE_AUDITOR], 0, "GET", "/api/v1/audit?limit=1000", NULL,
				&r),
			 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	struct found want[] = {
		{"reference.create", "mode/atelier", 0},
		{"reference.create", "domain/sante.sommeil", 0},
		{"reference.create", "action_topic/budget_atelier", 0},
		{"reference.update", "mode/atelier", 0},
		{"reference.update", "referral_source/collegue", 0},
		{"reference.update", "mode/telephone", 0},
	};
	int refused = 0;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "entries"), i, e) {
		const char *action = json_string_value(json_object_get(e, "action"));
		const char *type = json_string_value(json_object_get(e, "object_type"));
		const char *oid = json_string_value(json_object_get(e, "object_id"));
		if (!action || strncmp(action, "reference.", 10) != 0)
			continue;
		assert_string_equal(type, "reference");
		assert_string_equal(json_string_value(json_object_get(e, "actor_login")), "admin1");
		/* Refused changes leave no entry. */
		if (oid && (strstr(oid, "sneaky") || strstr(oid, "sans_jeton") ||
			    strstr(oid, "nulle_part")))
			refused++;
		for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
			if (strcmp(action, want[k].action) == 0 && oid &&
			    strcmp(oid, want[k].object_id) == 0)
				want[k].n++;
	}
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
		if (want[k].n == 0)
			fail_msg("no audit entry %s %s", want[k].action, want[k].object_id);
	assert_int_equal(want[3].n, 3); /* rename, retire, reactivate */
	assert_int_equal(refused, 0);
	json_decref(j);
	assert_int_equal(req_as(&sessions[ROLE_AUDITOR], 0, "GET", "/api/v1/audit/verify", NULL,
				&r),
			 200);
	j = http_json(&r);
	assert_true(json_is_true(json_object_get(j, "intact")));
	json_decref(j);
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_role_reads),
		cmocka_unit_test(test_seeded_lists),
		cmocka_unit_test(test_admin_add_rename_retire_reactivate),
		cmocka_unit_test(test_non_admin_cannot_edit),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_unknown_entry),
		cmocka_unit_test(test_csrf_required),
		cmocka_unit_test(test_page_renders),
		cmocka_unit_test(test_page_add),
		cmocka_unit_test(test_page_retire_rename_reactivate),
		cmocka_unit_test(test_audit_entries),
	};
	return cmocka_run_group_tests_name("http_reference", tests, setup, teardown);
}
