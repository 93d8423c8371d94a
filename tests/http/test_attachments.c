/*
 * test_attachments — attachments on a case (issue 16): the upload and
 * download round trip (bytes equal, across chunks), the content typed by
 * its bytes (a PDF renamed .jpg, an HTML file renamed .pdf, a 0-byte
 * file refused with their French messages), the size limit (413), a body
 * cut short (nothing kept), the file's bytes, name and title in clear
 * nowhere in the database (SQLite file and WAL, or the PostgreSQL dump),
 * every other role and the employer answered "not found", the deletion
 * with a reason (a tombstone, the content gone, the access log), the case
 * page's section, and the key rotation round trip.
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

static struct fixture fx;
static struct sess w1, w2, head1, admin, employer, auditor;
static long long case_id, person_id;

#define PORT fx.srv.port
#define BOUNDARY "----relaisTestBoundary7MA4YWxkTrZu0gW"
/* Distinctive strings that must never be stored in clear. */
#define MARKER "QUITTANCE-LOYER-MARQUEUR-9f3a1c"
#define NAME_MARKER "arret-maladie-Dupont-7c2e"
#define TITLE_MARKER "Arrêt maladie Dupont 7c2e"
#define UPLOAD_MIB 1 /* the server's --upload-max in these tests */

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker",    "w2:worker",	 "head1:head",
					    "admin1:admin", "rh1:employer:acme", "auditor1:auditor",
					    NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	/* A smaller limit, so the refusal needs no 10 MiB body. */
	const char *extra[] = {"--key-file", fx.key, "--upload-max", "1", NULL};
	if (server_stop(&fx.srv) != 0 || server_start(&fx.srv, fx.db, extra) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &head1, &admin, &employer, &auditor};
	const char *logins[] = {"w1", "w2", "head1", "admin1", "rh1", "auditor1"};
	for (int i = 0; i < 6; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	for (int i = 0; i < 2; i++) {
		char body[64];
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", logins[i]);
		if (http_as(PORT, &head1, 1, "POST", "/api/v1/organisations/acme/workers", body,
			    NULL) != 200)
			return -1;
	}
	struct http_resp r;
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"Dupont\",\"first_name\":\"Léa\","
		    "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		    &r) != 201)
		return -1;
	person_id = created_id(&r);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"agent\","
		 "\"domains\":[\"logement\"]}",
		 person_id);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r) != 201)
		return -1;
	case_id = created_id(&r);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* A multipart body: an optional csrf_token and title, then the file
   (content[n], sent as filename) unless filename is NULL.  Caller frees;
   *len gets its length. */
static char *multipart(const char *csrf, const char *title, const char *filename,
		       const void *content, size_t n, size_t *len)
{
	size_t cap = n + 4096;
	char *b = malloc(cap);
	assert_non_null(b);
	size_t k = 0;
	if (csrf)
		k += (size_t)snprintf(b + k, cap - k,
				      "--" BOUNDARY "\r\nContent-Disposition: form-data; "
				      "name=\"csrf_token\"\r\n\r\n%s\r\n",
				      csrf);
	if (title)
		k += (size_t)snprintf(b + k, cap - k,
				      "--" BOUNDARY "\r\nContent-Disposition: form-data; "
				      "name=\"title\"\r\n\r\n%s\r\n",
				      title);
	if (filename) {
		k += (size_t)snprintf(b + k, cap - k,
				      "--" BOUNDARY "\r\nContent-Disposition: form-data; "
				      "name=\"file\"; filename=\"%s\"\r\nContent-Type: "
				      "application/octet-stream\r\n\r\n",
				      filename);
		memcpy(b + k, content, n);
		k += n;
		k += (size_t)snprintf(b + k, cap - k, "\r\n");
	}
	k += (size_t)snprintf(b + k, cap - k, "--" BOUNDARY "--\r\n");
	*len = k;
	return b;
}

/* POSTs a multipart body to path as s (CSRF as a header); the status. */
static int post_multipart(const struct sess *s, const char *path, const char *body, size_t len,
			  struct http_resp *out)
{
	char headers[512];
	snprintf(headers, sizeof headers,
		 "Cookie: %s\r\nX-CSRF-Token: %s\r\nContent-Type: multipart/form-data; "
		 "boundary=" BOUNDARY "\r\n",
		 s->cookie, s->csrf);
	struct http_resp r;
	if (http_do(PORT, "POST", path, headers, body, len, &r) != 0)
		return -1;
	int status = r.status;
	if (out)
		*out = r;
	else
		http_resp_free(&r);
	return status;
}

static const char *api_path(void)
{
	static char p[64];
	snprintf(p, sizeof p, "/api/v1/cases/%lld/attachments", case_id);
	return p;
}

/* Uploads content as filename through the API as s; the status, the id
   in *id when 201, the answer in out when not NULL. */
static int upload(const struct sess *s, const char *filename, const char *title,
		  const void *content, size_t n, long long *id, struct http_resp *out)
{
	size_t len;
	char *body = multipart(NULL, title, filename, content, n, &len);
	struct http_resp r;
	int status = post_multipart(s, api_path(), body, len, &r);
	free(body);
	if (status == 201 && id) {
		json_t *j = http_json(&r);
		*id = (long long)json_integer_value(json_object_get(j, "id"));
		json_decref(j);
	}
	if (out)
		*out = r;
	else
		http_resp_free(&r);
	return status;
}

/* A PDF-looking file of n bytes with MARKER repeated through it. */
static unsigned char *pdf_bytes(size_t n)
{
	unsigned char *p = malloc(n);
	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)((i * 131 + 7) & 0xff);
	memcpy(p, "%PDF-1.7\n", 9);
	for (size_t at = 64; at + sizeof MARKER < n; at += 50000)
		memcpy(p + at, MARKER, sizeof MARKER - 1);
	return p;
}

static long long count_rows(const char *sql)
{
	char path[600];
	snprintf(path, sizeof path, "%s/count.txt", fx.dir);
	assert_int_equal(fixture_query(&fx, sql, path), 0);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	long long n = -1;
	assert_int_equal(fscanf(f, "%lld", &n), 1);
	fclose(f);
	return n;
}

static long long first_id;
static size_t first_len;
static unsigned char *first_bytes;

/* Downloads attachment id as s through the API: its status and body. */
static int download(const struct sess *s, long long id, struct http_resp *out)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/attachments/%lld", id);
	return http_as(PORT, s, 0, "GET", path, NULL, out);
}

static void test_round_trip(void **state)
{
	(void)state;
	/* Several chunks, the last one partial. */
	first_len = 3 * 65536 + 1234;
	first_bytes = pdf_bytes(first_len);
	assert_int_equal(upload(&w1, NAME_MARKER ".pdf", TITLE_MARKER, first_bytes, first_len,
				&first_id, NULL),
			 201);
	assert_true(first_id > 0);
	struct http_resp r;
	assert_int_equal(download(&w1, first_id, &r), 200);
	assert_int_equal(r.body_len, first_len);
	assert_memory_equal(r.body, first_bytes, first_len);
	char v[512];
	assert_non_null(http_header(&r, "Content-Disposition", v, sizeof v));
	assert_non_null(strstr(v, "attachment;"));
	assert_non_null(strstr(v, NAME_MARKER ".pdf"));
	assert_non_null(http_header(&r, "X-Content-Type-Options", v, sizeof v));
	assert_string_equal(v, "nosniff");
	assert_non_null(http_header(&r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "application/pdf");
	/* Sent as it is decrypted, with its length announced. */
	assert_non_null(http_header(&r, "Content-Length", v, sizeof v));
	assert_int_equal(strtoull(v, NULL, 10), first_len);
	http_resp_free(&r);

	/* The list names it, with its title. */
	assert_int_equal(http_as(PORT, &w1, 0, "GET", api_path(), NULL, &r), 200);
	expect_in(&r, NAME_MARKER ".pdf");
	expect_in(&r, "\"kind\":\"pdf\"");
	http_resp_free(&r);

	/* A PNG, exactly one chunk long. */
	size_t n = 65536;
	unsigned char *png = malloc(n);
	assert_non_null(png);
	memset(png, 'z', n);
	memcpy(png, "\x89PNG\r\n\x1a\n", 8);
	long long id = 0;
	assert_int_equal(upload(&w1, "photo.PNG", NULL, png, n, &id, NULL), 201);
	assert_int_equal(download(&w1, id, &r), 200);
	assert_int_equal(r.body_len, n);
	assert_memory_equal(r.body, png, n);
	http_resp_free(&r);
	free(png);
}

static void test_nothing_in_clear(void **state)
{
	(void)state;
	assert_int_equal(db_has(&fx, MARKER), 0);
	assert_int_equal(db_has(&fx, NAME_MARKER), 0);
	assert_int_equal(db_has(&fx, TITLE_MARKER), 0);
	/* The control: a value stored in clear is seen. */
	assert_int_equal(db_has(&fx, "ACME"), 1);
	/* The chunks are there, and the file key is not a column in clear. */
	assert_true(count_rows("SELECT COUNT(*) FROM attachment_chunks") >= 5);
}

/* Expects a refused upload: status, and message in the body. */
static void refused(const char *filename, const void *content, size_t n, int status,
		    const char *message)
{
	long long before = count_rows("SELECT COUNT(*) FROM attachments");
	struct http_resp r;
	assert_int_equal(upload(&w1, filename, NULL, content, n, NULL, &r), status);
	expect_in(&r, message);
	http_resp_free(&r);
	assert_int_equal(count_rows("SELECT COUNT(*) FROM attachments"), before);
}

static void test_type_and_size_refusals(void **state)
{
	(void)state;
	static const char pdf[] = "%PDF-1.4\n" MARKER;
	static const char html[] = "<!DOCTYPE html><html><body>" MARKER "</body></html>";
	refused("facture.jpg", pdf, sizeof pdf - 1, 422,
		"Le contenu du fichier ne correspond pas à l'extension de son nom.");
	refused("facture.pdf", html, sizeof html - 1, 422,
		"Ce type de fichier n'est pas accepté");
	refused("vide.pdf", "", 0, 422, "Le fichier est vide.");
	/* Over the limit (1 MiB here): refused as it arrives. */
	size_t big = ((size_t)UPLOAD_MIB << 20) + 1;
	unsigned char *p = pdf_bytes(big);
	refused("gros.pdf", p, big, 413, "Le fichier est trop volumineux (1 Mio au plus).");
	free(p);
	/* A zip is a "document" only under a document's name. */
	static const char zip[] = "PK\x03\x04rest-of-a-zip";
	refused("archive.zip", zip, sizeof zip - 1, 422,
		"Le contenu du fichier ne correspond pas à l'extension de son nom.");
	long long id = 0;
	assert_int_equal(upload(&w1, "courrier.odt", NULL, zip, sizeof zip - 1, &id, NULL), 201);
}

static void test_truncated_upload(void **state)
{
	(void)state;
	long long before = count_rows("SELECT COUNT(*) FROM attachments");
	long long chunks = count_rows("SELECT COUNT(*) FROM attachment_chunks");
	size_t len;
	unsigned char *content = pdf_bytes(100000);
	char *body = multipart(NULL, NULL, "coupe.pdf", content, 100000, &len);
	/* The body ends in the middle of the file: no closing delimiter. */
	struct http_resp r;
	assert_int_equal(post_multipart(&w1, api_path(), body, len / 2, &r), 400);
	expect_in(&r, "incomplet");
	http_resp_free(&r);
	/* A connection dropped mid-body: the server never answers, keeps nothing. */
	char head[512];
	int n = snprintf(head, sizeof head,
			 "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\nX-CSRF-Token: "
			 "%s\r\nContent-Type: multipart/form-data; boundary=" BOUNDARY
			 "\r\nContent-Length: %zu\r\n\r\n",
			 api_path(), w1.cookie, w1.csrf, len);
	char *raw = malloc((size_t)n + len / 2);
	assert_non_null(raw);
	memcpy(raw, head, (size_t)n);
	memcpy(raw + n, body, len / 2);
	http_raw(PORT, raw, (size_t)n + len / 2, &r);
	http_resp_free(&r);
	free(raw);
	free(body);
	free(content);
	assert_int_equal(count_rows("SELECT COUNT(*) FROM attachments"), before);
	assert_int_equal(count_rows("SELECT COUNT(*) FROM attachment_chunks"), chunks);
	/* Not multipart at all. */
	assert_int_equal(http_as(PORT, &w1, 1, "POST", api_path(), "{}", &r), 415);
	http_resp_free(&r);
}

static void test_other_roles_not_found(void **state)
{
	(void)state;
	char list[64], one[64], del[64];
	snprintf(list, sizeof list, "/api/v1/cases/%lld/attachments", case_id);
	snprintf(one, sizeof one, "/api/v1/attachments/%lld", first_id);
	snprintf(del, sizeof del, "/cases/%lld/attachments/%lld", case_id, first_id);
	const struct sess *others[] = {&w2, &head1, &admin, &employer, &auditor};
	for (int i = 0; i < 5; i++) {
		struct http_resp r;
		assert_int_equal(http_as(PORT, others[i], 0, "GET", one, NULL, &r), 404);
		expect_not_in(&r, MARKER);
		http_resp_free(&r);
		assert_int_equal(http_as(PORT, others[i], 0, "GET", list, NULL, NULL), 404);
		assert_int_equal(http_as(PORT, others[i], 0, "GET", del, NULL, NULL), 404);
		static const char pdf[] = "%PDF-1.4 autre";
		assert_int_equal(upload(others[i], "x.pdf", NULL, pdf, sizeof pdf - 1, NULL, NULL),
				 404);
		assert_int_equal(http_as(PORT, others[i], 1, "DELETE", one,
					 "{\"reason\":\"essai\"}", NULL),
				 404);
	}
	/* A live share opens them to the colleague; its end closes them. */
	char share[160];
	snprintf(share, sizeof share, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"Congé\"}",
		 test_day(1));
	char shares[64];
	snprintf(shares, sizeof shares, "/api/v1/cases/%lld/shares", case_id);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", shares, share, NULL), 201);
	struct http_resp r;
	assert_int_equal(download(&w2, first_id, &r), 200);
	assert_int_equal(r.body_len, first_len);
	http_resp_free(&r);
	snprintf(shares, sizeof shares, "/api/v1/cases/%lld/shares/w2", case_id);
	assert_int_equal(http_as(PORT, &w1, 1, "DELETE", shares, NULL, NULL), 204);
	assert_int_equal(download(&w2, first_id, NULL), 404);
}

static void test_case_page_and_form(void **state)
{
	(void)state;
	char page[64];
	snprintf(page, sizeof page, "/cases/%lld", case_id);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", page, NULL, &r), 200);
	expect_in(&r, "Pièces jointes");
	expect_in(&r, "enctype=\"multipart/form-data\"");
	expect_in(&r, TITLE_MARKER);
	/* Its own anchor, where the person's timeline links. */
	char anchor[64];
	snprintf(anchor, sizeof anchor, "<li id=\"piece-%lld\">", first_id);
	expect_in(&r, anchor);
	http_resp_free(&r);
	/* The form: its CSRF token is a field of the multipart body. */
	static const char jpeg[] = "\xff\xd8\xff\xe0 a photo";
	size_t len;
	char *body = multipart(w1.csrf, "Photo du bail", "bail.jpeg", jpeg, sizeof jpeg - 1, &len);
	char headers[512], path[64];
	snprintf(headers, sizeof headers,
		 "Cookie: %s\r\nContent-Type: multipart/form-data; boundary=" BOUNDARY "\r\n",
		 w1.cookie);
	snprintf(path, sizeof path, "/cases/%lld/attachments", case_id);
	assert_int_equal(http_do(PORT, "POST", path, headers, body, len, &r), 0);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	free(body);
	/* Without the token: refused. */
	body = multipart(NULL, NULL, "bail.jpeg", jpeg, sizeof jpeg - 1, &len);
	assert_int_equal(http_do(PORT, "POST", path, headers, body, len, &r), 0);
	assert_int_equal(r.status, 403);
	http_resp_free(&r);
	free(body);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", page, NULL, &r), 200);
	expect_in(&r, "Photo du bail");
	http_resp_free(&r);
}

static void test_delete_with_reason(void **state)
{
	(void)state;
	long long id = 0;
	static const char pdf[] = "%PDF-1.4 a supprimer";
	assert_int_equal(upload(&w1, "a-supprimer.pdf", NULL, pdf, sizeof pdf - 1, &id, NULL), 201);
	char one[64];
	snprintf(one, sizeof one, "/api/v1/attachments/%lld", id);
	/* A reason is required. */
	expect_api(PORT, &w1, "DELETE", one, "{}", 422, "reason");
	expect_api(PORT, &w1, "DELETE", one, "{\"reason\":\"Doublon\"}", 200, NULL);
	expect_api(PORT, &w1, "DELETE", one, "{\"reason\":\"Doublon\"}", 404, NULL);
	assert_int_equal(download(&w1, id, NULL), 404);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM attachment_chunks WHERE attachment_id = %lld",
		 id);
	assert_int_equal(count_rows(sql), 0);
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM attachments WHERE id = %lld AND deleted_at IS NOT NULL"
		 " AND file_key IS NULL AND delete_reason IS NOT NULL",
		 id);
	assert_int_equal(count_rows(sql), 1);
	/* The tombstone is listed as deleted. */
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", api_path(), NULL, &r), 200);
	expect_in(&r, "\"deleted\":true");
	http_resp_free(&r);
	/* The access log has every step, never a name. */
	char *out = NULL;
	const char *args[] = {"audit", "list", "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(args, NULL, &out), 0);
	assert_non_null(strstr(out, "\"attachment.create\""));
	assert_non_null(strstr(out, "\"attachment.read\""));
	assert_non_null(strstr(out, "\"attachment.delete\""));
	assert_non_null(strstr(out, "\"attachment.read_denied\""));
	assert_null(strstr(out, NAME_MARKER));
	free(out);
}

/* The right of access's export: a manifest of the case's attachments. */
static void test_export_manifest(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/persons/%lld/export", person_id);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, "\"attachments\":[");
	expect_in(&r, NAME_MARKER ".pdf");
	char download[64];
	snprintf(download, sizeof download, "\"download\":\"/api/v1/attachments/%lld\"", first_id);
	expect_in(&r, download);
	expect_not_in(&r, MARKER);
	http_resp_free(&r);
}

static void test_key_rotation(void **state)
{
	(void)state;
	assert_int_equal(server_stop(&fx.srv), 0);
	const char *rotate[] = {"key", "rotate", "--db", fx.db, "--key-file", fx.key, NULL};
	char *out = NULL;
	assert_int_equal(relais_run(rotate, NULL, &out), 0);
	free(out);
	/* Every sealed value opens under the new key, the chunks aside. */
	const char *check[] = {"check", "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(check, NULL, NULL), 0);
	const char *extra[] = {"--key-file", fx.key, "--upload-max", "1", NULL};
	assert_int_equal(server_start(&fx.srv, fx.db, extra), 0);
	assert_int_equal(api_login(PORT, "w1", TEST_PASSWORD, &w1), 200);
	struct http_resp r;
	assert_int_equal(download(&w1, first_id, &r), 200);
	assert_int_equal(r.body_len, first_len);
	assert_memory_equal(r.body, first_bytes, first_len);
	http_resp_free(&r);
	free(first_bytes);
	first_bytes = NULL;
}

/* Erasing the person (confirmed by a head) erases her attachments. */
static void test_erasure_erases(void **state)
{
	(void)state;
	assert_int_equal(api_login(PORT, "head1", TEST_PASSWORD, &head1), 200);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/persons/%lld/erasure", person_id);
	expect_api(PORT, &w1, "POST", path, "{\"reason\":\"Courrier de la personne\"}", 202,
		   NULL);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &head1, 0, "GET", "/api/v1/erasures", NULL, &r), 200);
	json_t *j = http_json(&r);
	long long req = (long long)json_integer_value(
		json_object_get(json_array_get(json_object_get(j, "erasures"), 0), "id"));
	json_decref(j);
	http_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/erasures/%lld/confirm", req);
	assert_int_equal(http_as(PORT, &head1, 1, "POST", path, NULL, NULL), 200);
	assert_int_equal(count_rows("SELECT COUNT(*) FROM attachment_chunks"), 0);
	assert_int_equal(count_rows("SELECT COUNT(*) FROM attachments WHERE file_name IS NOT NULL"
				    " OR title IS NOT NULL OR file_key IS NOT NULL"
				    " OR deleted_at IS NULL"),
			 0);
	assert_int_equal(download(&w1, first_id, NULL), 404);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_nothing_in_clear),
		cmocka_unit_test(test_type_and_size_refusals),
		cmocka_unit_test(test_truncated_upload),
		cmocka_unit_test(test_other_roles_not_found),
		cmocka_unit_test(test_case_page_and_form),
		cmocka_unit_test(test_delete_with_reason),
		cmocka_unit_test(test_export_manifest),
		cmocka_unit_test(test_key_rotation),
		cmocka_unit_test(test_erasure_erases),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
