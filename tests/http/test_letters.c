/*
 * test_letters — letter templates and generated letters (issue 16, parts
 * 1, 2 and 4; service/letters.h): the shipped templates; uploads of a
 * template saved by LibreOffice and of one in the style Word writes ODT
 * (fields cut across runs, spell-check marks, a soft page break, tracked
 * changes, a comment); refusals (an unknown field named, a zip bomb made
 * here, too many entries, not a zip); generation from a case with the
 * values XML-escaped (a name holding "<text:p>"), sealed at rest, listed,
 * downloaded as an attachment, previewed as text and as a PDF read back
 * with pdftotext; a missing value named; the consent rule of a letter to
 * a partner; every role but the référent and a live share gets 404.
 *
 * Environment: RELAIS_BIN, RELAIS_TEST_DB (optional: a postgresql:// URI).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>
#include <zip.h>

#include "domain/date.h"
#include "domain/odt.h"
#include "http/harness.h"

static struct fixture fx;
static struct sess w1, w2, w3, head, admin, employer, auditor;
static long long case_id, partner_id, bare_partner_id;

#define PORT fx.srv.port
#define expect(...) expect_api(PORT, __VA_ARGS__)
/* The person's name: markup in it must come out as text in the letter. */
#define LAST_NAME "Durand <text:p>&amp"
#define FIRST_NAME "Zoé"

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME Industries", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker::Claire Martin", "w2:worker", "w3:worker",
					    "head1:head", "admin1:admin", "rh1:employer:acme",
					    "auditor1:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &w3, &head, &admin, &employer, &auditor};
	const char *logins[] = {"w1", "w2", "w3", "head1", "admin1", "rh1", "auditor1"};
	for (int i = 0; i < 7; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	const char *workers[] = {"{\"login\":\"w1\"}", "{\"login\":\"w2\"}", "{\"login\":\"w3\"}"};
	for (int i = 0; i < 3; i++)
		if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", workers[i],
			    NULL) != 200)
			return -1;
	struct http_resp r;
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"Durand <text:p>&amp\","
		    "\"first_name\":\"Zoé\",\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		    &r) != 201) {
		fprintf(stderr, "person: %s\n", r.body);
		return -1;
	}
	long long person_id = created_id(&r);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 person_id);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r) != 201)
		return -1;
	case_id = created_id(&r);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/partners",
		    "{\"name\":\"CAF de l'Essonne\",\"kind\":\"caf\","
		    "\"address\":\"2 rue de la Paix, 91000 Évry\"}",
		    &r) != 201) {
		fprintf(stderr, "partner: %s\n", r.body);
		return -1;
	}
	partner_id = created_id(&r);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/partners",
		    "{\"name\":\"Mairie sans adresse\",\"kind\":\"caf\"}", &r) != 201)
		return -1;
	bare_partner_id = created_id(&r);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* prefix + id + suffix, in one of a few static buffers. */
static const char *path_of(const char *prefix, long long id, const char *suffix)
{
	static char path[8][128];
	static int next;
	char *p = path[next++ % 8];
	snprintf(p, 128, "%s%lld%s", prefix, id, suffix);
	return p;
}
#define sub(fmt, id) sub_(fmt, id)
static const char *sub_(const char *fmt, long long id)
{
	const char *at = strstr(fmt, "%lld");
	char prefix[96];
	snprintf(prefix, sizeof prefix, "%.*s", (int)(at - fmt), fmt);
	return path_of(prefix, id, at + 4);
}

/* The file's bytes (caller frees). */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot read %s", path);
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)len + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	b[len] = '\0';
	*n = (size_t)len;
	return b;
}

/* The JSON body of an upload of bytes[n] named name (caller frees). */
static char *upload_body(const char *name, const void *bytes, size_t n)
{
	size_t enc = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(enc);
	assert_non_null(b64);
	sodium_bin2base64(b64, enc, bytes, n, sodium_base64_VARIANT_ORIGINAL);
	char *body = malloc(enc + 256);
	assert_non_null(body);
	snprintf(body, enc + 256, "{\"name\":\"%s\",\"category\":\"Tests\",\"odt\":\"%s\"}", name,
		 b64);
	free(b64);
	return body;
}

/* The fixture tests/data/letters/<name>.fodt zipped into an .odt. */
static void fixture_odt(const char *name, buf *out)
{
	char path[256];
	snprintf(path, sizeof path, "tests/data/letters/%s.fodt", name);
	size_t n;
	char *xml = slurp(path, &n);
	buf_init(out, 0);
	assert_int_equal(odt_from_flat(xml, n, out), ODT_OK);
	free(xml);
}

/* Uploads bytes as s: the status; *id the new template's (when 201). */
static int upload(const struct sess *s, const char *name, const void *bytes, size_t n,
		  long long *id, struct http_resp *keep)
{
	char *body = upload_body(name, bytes, n);
	struct http_resp r;
	int status = http_as(PORT, s, 1, "POST", "/api/v1/letter-templates", body, &r);
	free(body);
	if (status == 201 && id) {
		*id = created_id(&r);
		return status;
	}
	if (keep)
		*keep = r;
	else
		http_resp_free(&r);
	return status;
}

/* The id of the template whose code or name is needle, as w1 lists them. */
static long long template_named(const char *needle)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "GET", "/api/v1/letter-templates", NULL, &r), 200);
	json_t *j = http_json(&r);
	json_t *list = json_object_get(j, "templates"), *t;
	size_t i;
	long long id = 0;
	json_array_foreach(list, i, t)
	{
		const char *code = json_string_value(json_object_get(t, "code"));
		const char *name = json_string_value(json_object_get(t, "name"));
		if ((code && strcmp(code, needle) == 0) || (name && strcmp(name, needle) == 0))
			id = json_integer_value(json_object_get(t, "id"));
	}
	json_decref(j);
	http_resp_free(&r);
	return id;
}

/* Generates a letter in the case as s with the JSON body: the status, *id. */
static int generate(const struct sess *s, const char *body, long long *id, struct http_resp *keep)
{
	struct http_resp r;
	int status = http_as(PORT, s, 1, "POST", sub("/api/v1/cases/%lld/letters", case_id), body,
			     &r);
	if (status == 201 && id)
		*id = created_id(&r);
	else if (keep)
		*keep = r;
	else
		http_resp_free(&r);
	return status;
}

/* content.xml of the .odt in a response body (caller frees). */
static char *content_of(const struct http_resp *r)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(r->body, r->body_len, 0, &ze);
	assert_non_null(src);
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	zip_stat_t st;
	assert_int_equal(zip_stat(z, "content.xml", 0, &st), 0);
	char *xml = calloc(1, (size_t)st.size + 1);
	zip_file_t *f = zip_fopen(z, "content.xml", 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, xml, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	zip_discard(z);
	zip_error_fini(&ze);
	return xml;
}

/* A zip bomb disguised as ODT: 6 MiB of one byte in content.xml, a few
   KiB zipped (caller frees). */
static char *zip_bomb(size_t *n)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *dst = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(dst);
	zip_t *z = zip_open_from_source(dst, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	static const char mt[] = "application/vnd.oasis.opendocument.text";
	zip_file_add(z, "mimetype", zip_source_buffer(z, mt, strlen(mt), 0), 0);
	size_t big = (size_t)6 << 20;
	char *zeros = malloc(big);
	assert_non_null(zeros);
	memset(zeros, ' ', big);
	memcpy(zeros, "<a>", 3);
	zip_file_add(z, "content.xml", zip_source_buffer(z, zeros, big, 0), 0);
	assert_int_equal(zip_close(z), 0);
	free(zeros);
	zip_source_open(dst);
	zip_stat_t st;
	zip_source_stat(dst, &st);
	char *bomb = malloc(st.size);
	assert_non_null(bomb);
	assert_int_equal(zip_source_read(dst, bomb, st.size), (zip_int64_t)st.size);
	zip_source_close(dst);
	zip_source_free(dst);
	zip_error_fini(&ze);
	*n = st.size;
	return bomb;
}

/* ---- templates ---- */

static void test_shipped_templates(void **state)
{
	(void)state;
	static const char *const codes[] = {"attestation_suivi", "demande_aide_financiere",
					    "invitation_rendez_vous", "note_liaison_medecin",
					    "orientation_partenaire"};
	for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
		if (!template_named(codes[i]))
			fail_msg("shipped template %s missing", codes[i]);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "GET",
				 sub("/api/v1/letter-templates/%lld",
				     template_named("orientation_partenaire")),
				 NULL, &r),
			 200);
	expect_in(&r, "\"partenaire.adresse\"");
	expect_in(&r, "\"personne.nom\"");
	http_resp_free(&r);
	/* Download: an .odt attachment. */
	assert_int_equal(http_as(PORT, &head, 1, "GET",
				 sub("/api/v1/letter-templates/%lld/odt",
				     template_named("attestation_suivi")),
				 NULL, &r),
			 200);
	assert_true(r.body_len > 100 && memcmp(r.body, "PK", 2) == 0);
	assert_non_null(strstr(r.head, "attachment"));
	assert_non_null(strstr(r.head, "nosniff"));
	http_resp_free(&r);
	/* The employer and the auditor have no use for templates. */
	expect(&employer, "GET", "/api/v1/letter-templates", NULL, 403, NULL);
	expect(&auditor, "GET", "/api/v1/letter-templates", NULL, 403, NULL);
}

static void test_upload_libreoffice_and_word(void **state)
{
	(void)state;
	buf lo, word;
	fixture_odt("libreoffice", &lo);
	fixture_odt("word_split", &word);
	/* A worker may not upload. */
	assert_int_equal(upload(&w1, "Essai", lo.data, lo.len, NULL, NULL), 403);
	long long id = 0;
	assert_int_equal(upload(&head, "Attestation LO", lo.data, lo.len, &id, NULL), 201);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "GET", sub("/api/v1/letter-templates/%lld", id),
				 NULL, &r),
			 200);
	expect_in(&r, "\"service.entete\"");
	expect_in(&r, "\"date_du_jour\"");
	http_resp_free(&r);
	/* Word's runs: every field found whole; the deleted and commented
	   ones (unknown names) are not the letter's and are not refused. */
	assert_int_equal(upload(&admin, "Attestation Word", word.data, word.len, &id, &r), 201);
	assert_int_equal(http_as(PORT, &w1, 1, "GET", sub("/api/v1/letter-templates/%lld", id),
				 NULL, &r),
			 200);
	json_t *j = http_json(&r);
	json_t *fields = json_object_get(j, "fields");
	char joined[512] = "";
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f)
	{
		strcat(joined, json_string_value(f));
		strcat(joined, " ");
	}
	assert_string_equal(joined,
			    "personne.nom personne.prenom suivi.ouvert_le organisation.nom "
			    "assistante.nom ");
	json_decref(j);
	http_resp_free(&r);
	buf_free(&lo);
	buf_free(&word);
}

static void test_upload_refusals(void **state)
{
	(void)state;
	buf odt;
	fixture_odt("unknown_field", &odt);
	struct http_resp r;
	char msg[512];
	assert_int_equal(upload(&head, "Inconnu", odt.data, odt.len, NULL, &r), 422);
	json_error(&r, "field", msg, sizeof msg);
	assert_string_equal(msg, "odt");
	expect_in(&r, "{personne.age}");
	http_resp_free(&r);
	buf_free(&odt);

	/* Not a zip. */
	assert_int_equal(upload(&head, "Texte", "bonjour, je suis un texte", 25, NULL, &r), 422);
	expect_in(&r, "OpenDocument");
	http_resp_free(&r);

	/* A zip bomb disguised as ODT: 6 MiB of one byte in content.xml. */
	size_t bomb_len = 0;
	char *bomb = zip_bomb(&bomb_len);
	zip_stat_t st;
	st.size = bomb_len;
	zip_error_t ze;
	zip_source_t *dst;
	zip_t *z;
	static const char mt[] = "application/vnd.oasis.opendocument.text";
	assert_true(st.size < ((size_t)700 << 10));
	assert_int_equal(upload(&head, "Bombe", bomb, st.size, NULL, &r), 422);
	expect_in(&r, "bombe zip");
	http_resp_free(&r);
	free(bomb);

	/* Too many entries. */
	zip_error_init(&ze);
	dst = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(dst);
	z = zip_open_from_source(dst, ZIP_TRUNCATE, &ze);
	zip_file_add(z, "mimetype", zip_source_buffer(z, mt, strlen(mt), 0), 0);
	for (int i = 0; i < 250; i++) {
		char name[32];
		snprintf(name, sizeof name, "Pictures/%d.png", i);
		zip_file_add(z, name, zip_source_buffer(z, "x", 1, 0), 0);
	}
	assert_int_equal(zip_close(z), 0);
	zip_source_open(dst);
	zip_source_stat(dst, &st);
	char *many = malloc(st.size);
	assert_int_equal(zip_source_read(dst, many, st.size), (zip_int64_t)st.size);
	zip_source_close(dst);
	zip_source_free(dst);
	zip_error_fini(&ze);
	assert_int_equal(upload(&head, "Beaucoup", many, st.size, NULL, &r), 422);
	expect_in(&r, "trop d");
	http_resp_free(&r);
	free(many);
	/* Nothing was kept. */
	assert_int_equal(template_named("Inconnu") + template_named("Bombe") +
				 template_named("Beaucoup") + template_named("Texte"),
			 0);
}

/* ---- letters ---- */

static void test_generate_and_read(void **state)
{
	(void)state;
	char body[256];
	long long word = template_named("Attestation Word"), id = 0;
	assert_true(word > 0);
	snprintf(body, sizeof body, "{\"template_id\":%lld}", word);
	assert_int_equal(generate(&w1, body, &id, NULL), 201);

	/* Listed, titled. */
	struct http_resp r;
	assert_int_equal(
		http_as(PORT, &w1, 1, "GET", sub("/api/v1/cases/%lld/letters", case_id), NULL, &r),
		200);
	expect_in(&r, "Attestation Word");
	http_resp_free(&r);

	/* The document: an attachment, the fields merged, the markup of the
	   name escaped. */
	assert_int_equal(http_as(PORT, &w1, 1, "GET", sub("/api/v1/letters/%lld/odt", id), NULL, &r),
			 200);
	assert_non_null(strstr(r.head, "attachment; filename=\"courrier-"));
	assert_non_null(strstr(r.head, "application/vnd.oasis.opendocument.text"));
	char *xml = content_of(&r);
	http_resp_free(&r);
	if (strstr(xml, "<text:p>&amp"))
		fail_msg("the name's markup went in as markup: %s", xml);
	assert_non_null(strstr(xml, "Durand &lt;text:p&gt;&amp;amp"));
	assert_null(strstr(xml, "{personne"));
	assert_null(strstr(xml, "{suivi"));
	free(xml);

	/* The text preview: each field whole in its place. */
	assert_int_equal(
		http_as(PORT, &w1, 1, "GET", sub("/api/v1/letters/%lld/text", id), NULL, &r), 200);
	expect_in(&r, "Madame Durand <text:p>&amp et Zoé.");
	expect_in(&r, "Depuis le 01/02/2024, agent de ACME Industries.");
	expect_in(&r, "Signé : Claire Martin");
	http_resp_free(&r);

	/* Sealed: the title is nowhere in clear. */
	assert_int_equal(db_has(&fx, "Attestation Word \xe2\x80\x94 Durand"), 0);
	assert_int_equal(db_has(&fx, "Claire Martin"), 1); /* control: the account's name */

	/* A shipped template; its header holds the service's letterhead. */
	snprintf(body, sizeof body, "{\"template_id\":%lld}", template_named("attestation_suivi"));
	assert_int_equal(generate(&w1, body, &id, NULL), 201);
	assert_int_equal(
		http_as(PORT, &w1, 1, "GET", sub("/api/v1/letters/%lld/text", id), NULL, &r), 200);
	expect_in(&r, "atteste que Zoé Durand");
	http_resp_free(&r);

	/* The PDF, read back. */
	if (shell("command -v soffice >/dev/null && command -v pdftotext >/dev/null") != 0) {
		fprintf(stderr, "skipped: LibreOffice (soffice) or pdftotext is missing: the PDF "
				"is neither made nor read\n");
		skip();
		return;
	}
	assert_int_equal(http_as(PORT, &w1, 1, "GET", sub("/api/v1/letters/%lld/pdf", id), NULL, &r),
			 200);
	assert_true(r.body_len > 5 && memcmp(r.body, "%PDF-", 5) == 0);
	char path[600];
	snprintf(path, sizeof path, "%s/lettre.pdf", fx.dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r.body, 1, r.body_len, f), r.body_len);
	fclose(f);
	http_resp_free(&r);
	assert_int_equal(shell("pdftotext '%s' - | tr '\n' ' ' | grep -q 'Service social du travail'", path), 0);
	assert_int_equal(shell("pdftotext '%s' - | tr '\n' ' ' | grep -q 'Zoé Durand <text:p>&amp'", path), 0);
	assert_int_equal(shell("pdftotext '%s' - | tr '\n' ' ' | grep -q 'ACME Industries'", path), 0);
}

static void test_missing_values_and_consent(void **state)
{
	(void)state;
	char body[256], msg[512];
	long long orient = template_named("orientation_partenaire");
	struct http_resp r;
	/* No partner chosen. */
	snprintf(body, sizeof body, "{\"template_id\":%lld}", orient);
	assert_int_equal(generate(&w1, body, NULL, &r), 422);
	json_error(&r, "field", msg, sizeof msg);
	assert_string_equal(msg, "partner_id");
	http_resp_free(&r);
	/* A partner with personal details but no consent. */
	snprintf(body, sizeof body, "{\"template_id\":%lld,\"partner_id\":%lld}", orient,
		 partner_id);
	assert_int_equal(generate(&w1, body, NULL, &r), 422);
	json_error(&r, "field", msg, sizeof msg);
	assert_string_equal(msg, "share_consent_on");
	expect_in(&r, "consentement");
	http_resp_free(&r);
	/* A consent in the future, or before the case opened. */
	snprintf(body, sizeof body,
		 "{\"template_id\":%lld,\"partner_id\":%lld,\"share_consent_on\":\"2999-01-01\"}",
		 orient, partner_id);
	expect(&w1, "POST", sub("/api/v1/cases/%lld/letters", case_id), body, 422,
	       "share_consent_on");
	snprintf(body, sizeof body,
		 "{\"template_id\":%lld,\"partner_id\":%lld,\"share_consent_on\":\"2023-01-01\"}",
		 orient, partner_id);
	expect(&w1, "POST", sub("/api/v1/cases/%lld/letters", case_id), body, 422,
	       "share_consent_on");
	/* A partner without an address: the missing value is named. */
	snprintf(body, sizeof body,
		 "{\"template_id\":%lld,\"partner_id\":%lld,\"share_consent_on\":\"2024-03-01\"}",
		 orient, bare_partner_id);
	assert_int_equal(generate(&w1, body, NULL, &r), 422);
	json_error(&r, "field", msg, sizeof msg);
	assert_string_equal(msg, "partner_id");
	expect_in(&r, "{partenaire.adresse}");
	http_resp_free(&r);
	/* With the consent: generated, the consent recorded. */
	long long id = 0;
	snprintf(body, sizeof body,
		 "{\"template_id\":%lld,\"partner_id\":%lld,\"share_consent_on\":\"2024-03-01\"}",
		 orient, partner_id);
	assert_int_equal(generate(&w1, body, &id, NULL), 201);
	assert_int_equal(
		http_as(PORT, &w1, 1, "GET", sub("/api/v1/letters/%lld/text", id), NULL, &r), 200);
	expect_in(&r, "CAF de l'Essonne");
	expect_in(&r, "2 rue de la Paix, 91000 Évry");
	http_resp_free(&r);
	/* An aid letter without an aid. */
	snprintf(body, sizeof body,
		 "{\"template_id\":%lld,\"partner_id\":%lld,\"share_consent_on\":\"2024-03-01\"}",
		 template_named("demande_aide_financiere"), partner_id);
	expect(&w1, "POST", sub("/api/v1/cases/%lld/letters", case_id), body, 422, "aid_id");
	/* An unknown template. */
	expect(&w1, "POST", sub("/api/v1/cases/%lld/letters", case_id), "{\"template_id\":99999}",
	       422, "template_id");
}

static void test_roles_and_retire(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(
		http_as(PORT, &w1, 1, "GET", sub("/api/v1/cases/%lld/letters", case_id), NULL, &r),
		200);
	json_t *j = http_json(&r);
	long long id = json_integer_value(json_object_get(json_array_get(json_object_get(j, "letters"),
									  0),
							  "id"));
	json_decref(j);
	http_resp_free(&r);
	assert_true(id > 0);
	char body[128];
	snprintf(body, sizeof body, "{\"template_id\":%lld}", template_named("attestation_suivi"));
	const struct sess *others[] = {&w2, &w3, &head, &admin, &employer, &auditor};
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		expect(others[i], "GET", sub("/api/v1/cases/%lld/letters", case_id), NULL, 404, NULL);
		expect(others[i], "GET", sub("/api/v1/letters/%lld/odt", id), NULL, 404, NULL);
		expect(others[i], "GET", sub("/api/v1/letters/%lld/text", id), NULL, 404, NULL);
		expect(others[i], "POST", sub("/api/v1/cases/%lld/letters", case_id), body, 404,
		       NULL);
	}
	/* A live share opens them. */
	char today[DATE_LEN + 1], share[160];
	date_today(today);
	snprintf(share, sizeof share, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"Congé\"}",
		 today);
	expect(&w1, "POST", sub("/api/v1/cases/%lld/shares", case_id), share, 201, NULL);
	expect(&w2, "GET", sub("/api/v1/letters/%lld/odt", id), NULL, 200, NULL);
	expect(&w3, "GET", sub("/api/v1/letters/%lld/odt", id), NULL, 404, NULL);

	/* A retired template is no longer offered. */
	long long lo = template_named("Attestation LO");
	expect(&w1, "POST", sub("/api/v1/letter-templates/%lld/retire", lo), NULL, 403, NULL);
	expect(&head, "POST", sub("/api/v1/letter-templates/%lld/retire", lo), NULL, 200, NULL);
	assert_int_equal(template_named("Attestation LO"), 0);
	snprintf(body, sizeof body, "{\"template_id\":%lld}", lo);
	expect(&w1, "POST", sub("/api/v1/cases/%lld/letters", case_id), body, 422, "template_id");
	expect(&head, "POST", sub("/api/v1/letter-templates/%lld/restore", lo), NULL, 200, NULL);
	assert_int_equal(template_named("Attestation LO"), lo);

	/* The right of access's export lists the letters with their titles. */
	long long person = 0;
	assert_int_equal(http_as(PORT, &w1, 1, "GET", sub("/api/v1/cases/%lld", case_id), NULL, &r),
			 200);
	j = http_json(&r);
	person = json_integer_value(json_object_get(json_object_get(j, "case"), "person_id"));
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(
		http_as(PORT, &w1, 1, "GET", sub("/api/v1/persons/%lld/export", person), NULL, &r),
		200);
	expect_in(&r, "\"letters\"");
	expect_in(&r, "Attestation Word \u2014 Durand");
	http_resp_free(&r);
}

/* The pages: the case's section and its form, the templates' page. */
static void test_pages(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", sub("/cases/%lld", case_id), NULL, &r), 200);
	expect_in(&r, "id=\"courriers\"");
	expect_in(&r, "Générer le courrier");
	expect_in(&r, "/courriers/");
	/* Each letter its own anchor, where the person's timeline links. */
	expect_in(&r, "<li id=\"courrier-");
	http_resp_free(&r);
	char form[128];
	snprintf(form, sizeof form, "template_id=%lld", template_named("orientation_partenaire"));
	int status = http_form(PORT, &w1, sub("/cases/%lld/courriers", case_id), form, &r);
	assert_int_equal(status, 422);
	expect_in(&r, "choisissez-le dans");
	http_resp_free(&r);
	snprintf(form, sizeof form, "template_id=%lld", template_named("attestation_suivi"));
	status = http_form(PORT, &w1, sub("/cases/%lld/courriers", case_id), form, &r);
	assert_true(status == 303 || status == 302);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/modeles", NULL, &r), 200);
	expect_in(&r, "Note de liaison au médecin du travail");
	expect_in(&r, "{partenaire.adresse}");
	expect_in(&r, "Retirer");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/modeles", NULL, &r), 200);
	expect_not_in(&r, "Retirer");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &employer, 0, "GET", "/modeles", NULL, &r), 403);
	http_resp_free(&r);
}

/* ---- the templates' page: uploads, new versions, the letterhead ---- */

#define BOUNDARY "lettersBoundary"

/* A page's multipart form as the browser sends it: csrf_token, the plain
   fields (name, value pairs, NULL-terminated), then the file (field "odt")
   unless filename is NULL.  Posted with the session cookie only; the
   status. */
static int post_page_upload(const struct sess *s, const char *path, const char *const *fields,
			    const char *filename, const void *content, size_t n,
			    struct http_resp *out)
{
	size_t cap = n + 8192, k = 0;
	char *b = malloc(cap);
	assert_non_null(b);
	k += (size_t)snprintf(b + k, cap - k,
			      "--" BOUNDARY "\r\nContent-Disposition: form-data; "
			      "name=\"csrf_token\"\r\n\r\n%s\r\n",
			      s->csrf);
	for (int i = 0; fields && fields[i]; i += 2)
		k += (size_t)snprintf(b + k, cap - k,
				      "--" BOUNDARY "\r\nContent-Disposition: form-data; "
				      "name=\"%s\"\r\n\r\n%s\r\n",
				      fields[i], fields[i + 1]);
	if (filename) {
		k += (size_t)snprintf(b + k, cap - k,
				      "--" BOUNDARY "\r\nContent-Disposition: form-data; "
				      "name=\"odt\"; filename=\"%s\"\r\nContent-Type: "
				      "application/vnd.oasis.opendocument.text\r\n\r\n",
				      filename);
		memcpy(b + k, content, n);
		k += n;
		k += (size_t)snprintf(b + k, cap - k, "\r\n");
	}
	k += (size_t)snprintf(b + k, cap - k, "--" BOUNDARY "--\r\n");
	char headers[512];
	snprintf(headers, sizeof headers,
		 "Cookie: %s\r\nContent-Type: multipart/form-data; boundary=" BOUNDARY "\r\n",
		 s->cookie);
	struct http_resp r;
	int rc = http_do(PORT, "POST", path, headers, b, k, &r);
	free(b);
	if (rc != 0)
		return -1;
	if (out)
		*out = r;
	else
		http_resp_free(&r);
	return r.status;
}

/* A template citing an appointment, an aid and the letterhead, in the
   body's text (content.xml), zipped. */
static const char page_template[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.3\""
	" office:mimetype=\"application/vnd.oasis.opendocument.text\">\n"
	" <office:body><office:text>\n"
	"  <text:p>{service.entete}</text:p>\n"
	"  <text:p>Rendez-vous le {rendez_vous.debut} pour {personne.nom}.</text:p>\n"
	"  <text:p>Aide de {aide.montant_demande} auprès de {aide.organisme}.</text:p>\n"
	" </office:text></office:body>\n"
	"</office:document>\n";

static long long appointment_id, aid_id, other_appointment_id, other_aid_id;

/* The person of case id, as w1 reads it. */
static long long person_of_case(long long id)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "GET", sub("/api/v1/cases/%lld", id), NULL, &r), 200);
	json_t *j = http_json(&r);
	long long person =
		json_integer_value(json_object_get(json_object_get(j, "case"), "person_id"));
	json_decref(j);
	http_resp_free(&r);
	return person;
}

/* An hour's appointment of case id's person at start ("2024-03-20T10"),
   and an aid of the case of cents submitted on day: their ids. */
static void appointment_and_aid(long long id, const char *start, long long cents,
				const char *day, long long *appointment, long long *aid)
{
	struct http_resp r;
	char body[512];
	snprintf(body, sizeof body,
		 "{\"start\":\"%s:00\",\"end\":\"%s:45\",\"mode\":\"bureau\",\"person_id\":%lld}",
		 start, start, person_of_case(id));
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/appointments", body, &r), 201);
	*appointment = created_id(&r);
	snprintf(body, sizeof body,
		 "{\"kind\":\"secours\",\"funder\":\"ccas\",\"amount_requested_cents\":%lld,"
		 "\"submitted_on\":\"%s\",\"reason\":\"Facture d'énergie\"}",
		 cents, day);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", sub("/api/v1/cases/%lld/aids", id), body, &r),
			 201);
	*aid = created_id(&r);
}

/* An appointment and an aid in the letters' case, another of each in
   another person's case of w1's. */
static void choices_fixture(void)
{
	appointment_and_aid(case_id, "2024-03-20T10", 35000, "2024-03-04", &appointment_id,
			    &aid_id);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
				 "{\"organisation\":\"acme\",\"last_name\":\"Autre\","
				 "\"first_name\":\"Personne\","
				 "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
				 &r),
			 201);
	long long other = created_id(&r);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 other);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r), 201);
	appointment_and_aid(created_id(&r), "2024-05-07T14", 77700, "2024-04-04",
			    &other_appointment_id, &other_aid_id);
}

static void test_page_upload(void **state)
{
	(void)state;
	buf odt;
	buf_init(&odt, 0);
	assert_int_equal(odt_from_flat(page_template, strlen(page_template), &odt), ODT_OK);
	static const char *const named[] = {"name", "Convocation page", "category", "Rendez-vous",
					    NULL};
	struct http_resp r;
	/* Neither a worker nor an employer uploads. */
	assert_int_equal(post_page_upload(&w1, "/modeles", named, "c.odt", odt.data, odt.len, &r),
			 403);
	http_resp_free(&r);
	assert_int_equal(
		post_page_upload(&employer, "/modeles", named, "c.odt", odt.data, odt.len, &r), 403);
	http_resp_free(&r);
	/* The head does: back to the list, where it is with its fields and
	   its download. */
	assert_int_equal(post_page_upload(&head, "/modeles", named, "c.odt", odt.data, odt.len, &r),
			 303);
	http_resp_free(&r);
	long long id = template_named("Convocation page");
	assert_true(id > 0);
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/modeles", NULL, &r), 200);
	expect_in(&r, "Convocation page");
	expect_in(&r, "{rendez_vous.debut}");
	expect_in(&r, path_of("href=\"/modeles/", id, "/odt\""));
	expect_in(&r, "enctype=\"multipart/form-data\"");
	expect_in(&r, "Déposer une nouvelle version");
	http_resp_free(&r);
	/* The download, as a page route (the session cookie alone). */
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path_of("/modeles/", id, "/odt"), NULL, &r),
			 200);
	assert_true(r.body_len == odt.len && memcmp(r.body, odt.data, odt.len) == 0);
	assert_non_null(strstr(r.head, "attachment"));
	http_resp_free(&r);
	assert_int_equal(
		http_as(PORT, &employer, 0, "GET", path_of("/modeles/", id, "/odt"), NULL, &r), 403);
	http_resp_free(&r);

	/* Refusals: the page again (422), the form open, every refusal at
	   once, the field named. */
	buf bad;
	fixture_odt("unknown_field", &bad);
	static const char *const unnamed[] = {"name", "", "category", "Tests", NULL};
	assert_int_equal(post_page_upload(&head, "/modeles", unnamed, "u.odt", bad.data, bad.len,
					  &r),
			 422);
	expect_in(&r, "{personne.age}");
	expect_in(&r, "Donnez un nom au modèle");
	expect_in(&r, "id=\"err-tpl-odt\"");
	expect_in(&r, "id=\"err-tpl-name\"");
	expect_in(&r, "<details open>");
	expect_in(&r, "value=\"Tests\"");
	http_resp_free(&r);
	buf_free(&bad);
	static const char *const texte[] = {"name", "Texte", "category", "Tests", NULL};
	assert_int_equal(post_page_upload(&head, "/modeles", texte, "t.odt", "bonjour", 7, &r), 422);
	expect_in(&r, "OpenDocument");
	expect_in(&r, "id=\"err-tpl-odt\"");
	http_resp_free(&r);
	size_t bomb_len;
	char *bomb = zip_bomb(&bomb_len);
	static const char *const bombe[] = {"name", "Bombe", "category", "Tests", NULL};
	assert_int_equal(post_page_upload(&admin, "/modeles", bombe, "b.odt", bomb, bomb_len, &r),
			 422);
	expect_in(&r, "bombe zip");
	http_resp_free(&r);
	free(bomb);
	/* No file at all. */
	assert_int_equal(post_page_upload(&head, "/modeles", texte, NULL, NULL, 0, &r), 422);
	expect_in(&r, "Choisissez le modèle à déposer");
	http_resp_free(&r);
	assert_int_equal(template_named("Texte") + template_named("Bombe"), 0);

	/* A new version: the file replaced, its fields read again. */
	buf lo;
	fixture_odt("libreoffice", &lo);
	long long lo_id = template_named("Attestation LO");
	assert_int_equal(post_page_upload(&w1, path_of("/modeles/", lo_id, ""), NULL, "v.odt",
					  odt.data, odt.len, &r),
			 403);
	http_resp_free(&r);
	assert_int_equal(post_page_upload(&head, path_of("/modeles/", lo_id, ""), NULL, "v.odt",
					  odt.data, odt.len, &r),
			 303);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w1, 1, "GET", sub("/api/v1/letter-templates/%lld", lo_id),
				 NULL, &r),
			 200);
	expect_in(&r, "\"aide.organisme\"");
	expect_in(&r, "Attestation LO");
	http_resp_free(&r);
	fixture_odt("unknown_field", &bad);
	assert_int_equal(post_page_upload(&head, path_of("/modeles/", lo_id, ""), NULL, "v.odt",
					  bad.data, bad.len, &r),
			 422);
	expect_in(&r, "{personne.age}");
	expect_in(&r, path_of("id=\"err-ver-", lo_id, "-odt\""));
	http_resp_free(&r);
	assert_int_equal(post_page_upload(&head, "/modeles/99999", NULL, "v.odt", lo.data, lo.len,
					  &r),
			 404);
	http_resp_free(&r);
	/* Back to its first version. */
	assert_int_equal(post_page_upload(&admin, path_of("/modeles/", lo_id, ""), NULL, "v.odt",
					  lo.data, lo.len, &r),
			 303);
	http_resp_free(&r);
	buf_free(&bad);
	buf_free(&lo);
	buf_free(&odt);
}

static void test_letterhead_and_choices(void **state)
{
	(void)state;
	struct http_resp r;
	/* The letterhead: the head and the admin edit it, no one else. */
	const char *head_text = "text=Service+social+Est%0D%0A12+rue+des+Lilas%0D%0A"
				"T%C3%A9l.+01+02+03+04+05";
	assert_int_equal(http_form(PORT, &w1, "/modeles/entete", head_text, &r), 403);
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &employer, "/modeles/entete", head_text, &r), 403);
	http_resp_free(&r);
	char too_long[2048] = "text=";
	for (int i = 0; i < 610; i++)
		strcat(too_long, "x");
	assert_int_equal(http_form(PORT, &admin, "/modeles/entete", too_long, &r), 422);
	expect_in(&r, "600 caractères au plus");
	expect_in(&r, "id=\"err-head-text\"");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &admin, "/modeles/entete", head_text, &r), 303);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/modeles?entete=1", NULL, &r), 200);
	expect_in(&r, "12 rue des Lilas");
	http_resp_free(&r);

	/* The case page's selects: this case's appointment and aid, not
	   another case's. */
	choices_fixture();
	assert_int_equal(http_as(PORT, &w1, 0, "GET", sub("/cases/%lld", case_id), NULL, &r), 200);
	expect_in(&r, "name=\"appointment_id\"");
	expect_in(&r, "name=\"aid_id\"");
	expect_in(&r, path_of("<option value=\"", appointment_id, "\">20/03/2024 à 10h00"));
	expect_in(&r, path_of("<option value=\"", aid_id, "\">"));
	expect_in(&r, "350,00\xc2\xa0€ demandés le 04/03/2024");
	expect_not_in(&r, "07/05/2024");
	expect_not_in(&r, "777,00");
	http_resp_free(&r);

	/* Every malformed choice named at once. */
	assert_int_equal(http_form(PORT, &w1, sub("/cases/%lld/courriers", case_id),
				   "template_id=x&aid_id=y&share_consent_on=hier", &r),
			 422);
	expect_in(&r, "id=\"err-let-template_id\"");
	expect_in(&r, "id=\"err-let-aid_id\"");
	expect_in(&r, "id=\"err-let-share_consent_on\"");
	http_resp_free(&r);
	/* A letter from the page's form: the page's template, this case's
	   appointment and aid, the letterhead. */
	long long tpl = template_named("Convocation page");
	char form[256];
	snprintf(form, sizeof form, "template_id=%lld&appointment_id=%lld&aid_id=%lld", tpl,
		 other_appointment_id, aid_id);
	assert_int_equal(http_form(PORT, &w1, sub("/cases/%lld/courriers", case_id), form, &r), 422);
	expect_in(&r, "id=\"err-let-appointment_id\"");
	expect_in(&r, "<details open>");
	http_resp_free(&r);
	snprintf(form, sizeof form, "template_id=%lld&appointment_id=%lld&aid_id=%lld", tpl,
		 appointment_id, other_aid_id);
	assert_int_equal(http_form(PORT, &w1, sub("/cases/%lld/courriers", case_id), form, &r), 422);
	expect_in(&r, "id=\"err-let-aid_id\"");
	http_resp_free(&r);
	snprintf(form, sizeof form, "template_id=%lld&appointment_id=%lld&aid_id=%lld", tpl,
		 appointment_id, aid_id);
	assert_int_equal(http_form(PORT, &w1, sub("/cases/%lld/courriers", case_id), form, &r), 303);
	http_resp_free(&r);
	assert_int_equal(
		http_as(PORT, &w1, 1, "GET", sub("/api/v1/cases/%lld/letters", case_id), NULL, &r),
		200);
	json_t *j = http_json(&r);
	long long id = json_integer_value(
		json_object_get(json_array_get(json_object_get(j, "letters"), 0), "id"));
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(
		http_as(PORT, &w1, 1, "GET", sub("/api/v1/letters/%lld/text", id), NULL, &r), 200);
	expect_in(&r, "Service social Est\n12 rue des Lilas\nTél. 01 02 03 04 05\n");
	expect_in(&r, "Rendez-vous le 20/03/2024 à 10h00 pour Durand <text:p>&amp.");
	/* One euro sign (money_format writes it). */
	expect_in(&r, "Aide de 350,00\xc2\xa0€ auprès de CCAS.");
	http_resp_free(&r);
	/* The letterhead's lines are line breaks in the document. */
	assert_int_equal(http_as(PORT, &w1, 1, "GET", sub("/api/v1/letters/%lld/odt", id), NULL, &r),
			 200);
	char *xml = content_of(&r);
	http_resp_free(&r);
	assert_non_null(strstr(xml, "Service social Est<text:line-break/>12 rue des Lilas"));
	free(xml);
	/* Neither the employer nor another worker reaches the case's form. */
	expect(&employer, "POST", sub("/api/v1/cases/%lld/letters", case_id), "{\"template_id\":1}",
	       404, NULL);
	assert_int_equal(http_form(PORT, &w3, sub("/cases/%lld/courriers", case_id), form, &r), 404);
	http_resp_free(&r);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_templates),
		cmocka_unit_test(test_upload_libreoffice_and_word),
		cmocka_unit_test(test_upload_refusals),
		cmocka_unit_test(test_generate_and_read),
		cmocka_unit_test(test_missing_values_and_consent),
		cmocka_unit_test(test_roles_and_retire),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_page_upload),
		cmocka_unit_test(test_letterhead_and_choices),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
