/*
 * test_person_archive — the right of access's archive (issue 16):
 * GET /api/v1/persons/{id}/export?format=zip holds the export's JSON, the
 * access PDF and every live attachment and letter of the person, their
 * bytes equal to what was uploaded or generated, under documents/ with
 * numbered names when two collide, every entry stored; `unzip -t` and
 * Python's zipfile accept it (the names, methods, UTF-8 flags, dates and
 * modes read back) and the test's own reading of the central directory
 * checks each CRC-32; every other
 * role answers "not found", byte for byte as for an id that does not
 * exist; a colleague with a live share of one case gets that case's
 * documents only; one access-log entry person.export with the count of documents
 * and no name; an archive over its cap is refused with a French 413.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "http/harness.h"

static struct fixture fx;
static struct sess w1, w2, head1, admin, employer, auditor;
static long long case_id, person_id;

#define PORT fx.srv.port
#define BOUNDARY "----relaisArchiveBoundary5Kq2Zt"
#define ATT_DIR "documents/pi\xc3\xa8" "ces jointes/"

static long long new_case(const char *last_name, long long *person)
{
	struct http_resp r;
	char body[256];
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"last_name\":\"%s\",\"first_name\":\"L\xc3\xa9"
		 "a\",\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		 last_name);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/persons", body, &r), 201);
	*person = created_id(&r);
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"agent\","
		 "\"domains\":[\"logement\"]}",
		 *person);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r), 201);
	return created_id(&r);
}

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
	/* A small upload limit: the archive's cap follows it. */
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
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* Uploads content[n] as filename on case c as w1; the attachment's id. */
static long long upload(long long c, const char *filename, const void *content, size_t n)
{
	size_t cap = n + 1024, k = 0;
	char *b = malloc(cap);
	assert_non_null(b);
	k += (size_t)snprintf(b + k, cap - k,
			      "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
			      "filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n",
			      filename);
	memcpy(b + k, content, n);
	k += n;
	k += (size_t)snprintf(b + k, cap - k, "\r\n--" BOUNDARY "--\r\n");
	char headers[512], path[64];
	snprintf(headers, sizeof headers,
		 "Cookie: %s\r\nX-CSRF-Token: %s\r\nContent-Type: multipart/form-data; "
		 "boundary=" BOUNDARY "\r\n",
		 w1.cookie, w1.csrf);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/attachments", c);
	struct http_resp r;
	assert_int_equal(http_do(PORT, "POST", path, headers, b, k, &r), 0);
	free(b);
	assert_int_equal(r.status, 201);
	long long id = created_id(&r);
	return id;
}

/* A PDF-looking file of n bytes varying with seed (caller frees). */
static unsigned char *pdf_bytes(size_t n, unsigned seed)
{
	unsigned char *p = malloc(n);
	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)((i * 131 + seed) & 0xff);
	memcpy(p, "%PDF-1.7\n", 9);
	return p;
}

static uint32_t rd16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const unsigned char *p)
{
	return rd16(p) | rd16(p + 2) << 16;
}

/* The bytes of entry name in the archive z[n], read through its central
   directory and local header, its CRC-32 checked; NULL when absent. */
static const unsigned char *entry(const unsigned char *z, size_t n, const char *name,
				  size_t *len, int *count)
{
	assert_true(n >= 22);
	const unsigned char *end = z + n - 22;
	assert_int_equal(rd32(end), 0x06054b50u);
	size_t entries = rd16(end + 10), at = rd32(end + 16);
	if (count)
		*count = (int)entries;
	for (size_t i = 0; i < entries; i++) {
		const unsigned char *c = z + at;
		assert_int_equal(rd32(c), 0x02014b50u);
		size_t nlen = rd16(c + 28), xlen = rd16(c + 30), clen = rd16(c + 32);
		uint32_t crc = rd32(c + 16), size = rd32(c + 24), off = rd32(c + 42);
		assert_int_equal(rd16(c + 10), 0); /* stored */
		if (nlen == strlen(name) && memcmp(c + 46, name, nlen) == 0) {
			const unsigned char *l = z + off;
			assert_int_equal(rd32(l), 0x04034b50u);
			assert_int_equal(rd16(l + 8), 0); /* stored, in the local header too */
			const unsigned char *data = l + 30 + rd16(l + 26) + rd16(l + 28);
			assert_int_equal((uint32_t)crc32(0L, data, size), crc);
			*len = size;
			return data;
		}
		at += 46 + nlen + xlen + clen;
	}
	return NULL;
}

static void expect_entry(const struct http_resp *r, const char *name, const void *want, size_t n)
{
	size_t len = 0;
	const unsigned char *got =
		entry((const unsigned char *)r->body, r->body_len, name, &len, NULL);
	if (!got)
		fail_msg("no entry %s in the archive", name);
	assert_int_equal(len, n);
	assert_memory_equal(got, want, n);
}

static void test_archive(void **state)
{
	(void)state;
	case_id = new_case("Dupont", &person_id);
	unsigned char *a = pdf_bytes(150000, 7), *b = pdf_bytes(70000, 11),
		      *c = pdf_bytes(2000, 13);
	upload(case_id, "quittance.pdf", a, 150000);
	upload(case_id, "quittance.pdf", b, 70000);
	long long gone = upload(case_id, "ancien.pdf", c, 2000);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/attachments/%lld", gone);
	assert_int_equal(http_as(PORT, &w1, 1, "DELETE", path, "{\"reason\":\"doublon\"}", NULL),
			 200);

	/* A letter, and its .odt as the letter's own download gives it. */
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "GET", "/api/v1/letter-templates", NULL, &r), 200);
	json_t *j = http_json(&r);
	long long tpl = 0;
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(j, "templates"), i, t)
	{
		const char *code = json_string_value(json_object_get(t, "code"));
		if (code && strcmp(code, "attestation_suivi") == 0)
			tpl = (long long)json_integer_value(json_object_get(t, "id"));
	}
	json_decref(j);
	http_resp_free(&r);
	assert_true(tpl > 0);
	char body[128];
	snprintf(body, sizeof body, "{\"template_id\":%lld}", tpl);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/letters", case_id);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", path, body, &r), 201);
	long long letter = created_id(&r);
	snprintf(path, sizeof path, "/api/v1/letters/%lld/odt", letter);
	struct http_resp odt;
	assert_int_equal(http_as(PORT, &w1, 1, "GET", path, NULL, &odt), 200);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/letters", case_id);
	assert_int_equal(http_as(PORT, &w1, 1, "GET", path, NULL, &r), 200);
	j = http_json(&r);
	char letter_name[300];
	snprintf(letter_name, sizeof letter_name, "documents/courriers/%s.odt",
		 json_string_value(json_object_get(json_array_get(json_object_get(j, "letters"), 0),
						   "title")));
	json_decref(j);
	http_resp_free(&r);

	/* The archive. */
	snprintf(path, sizeof path, "/api/v1/persons/%lld/export?format=zip", person_id);
	assert_int_equal(http_as(PORT, &w1, 1, "GET", path, NULL, &r), 200);
	char h[256];
	assert_non_null(http_header(&r, "Content-Type", h, sizeof h));
	assert_string_equal(h, "application/zip");
	assert_non_null(http_header(&r, "Content-Disposition", h, sizeof h));
	assert_non_null(strstr(h, "attachment"));
	char file[600], cmd[700];
	snprintf(file, sizeof file, "%s/archive.zip", fx.dir);
	FILE *f = fopen(file, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r.body, 1, r.body_len, f), r.body_len);
	fclose(f);
	snprintf(cmd, sizeof cmd, "unzip -tq '%s' >/dev/null", file);
	assert_int_equal(system(cmd), 0);
	/* Python's zipfile reads it the same: every entry stored, the names
	   exactly these (UTF-8 flagged where not ASCII), dated from 2024 on. */
	char script[1400];
	snprintf(script, sizeof script,
		 "import sys, zipfile\n"
		 "z = zipfile.ZipFile(sys.argv[1])\n"
		 "assert z.testzip() is None\n"
		 "names = sorted(i.filename for i in z.infolist())\n"
		 "want = sorted(['dossier-%lld.json', 'dossier-%lld.pdf',\n"
		 " 'documents/pi\\u00e8ces jointes/quittance.pdf',\n"
		 " 'documents/pi\\u00e8ces jointes/quittance (2).pdf',\n"
		 " open(sys.argv[2], encoding='utf-8').read()])\n"
		 "assert names == want, names\n"
		 "for i in z.infolist():\n"
		 " assert i.compress_type == zipfile.ZIP_STORED, i.filename\n"
		 " assert i.filename.isascii() or i.flag_bits & 0x800, i.filename\n"
		 " assert i.date_time[0] >= 2024, i.date_time\n"
		 " assert i.external_attr >> 16 == 0o100600, oct(i.external_attr)\n",
		 person_id, person_id);
	char py[600];
	snprintf(py, sizeof py, "%s/check.py", fx.dir);
	f = fopen(py, "w");
	assert_non_null(f);
	fputs(script, f);
	fclose(f);
	char named[600]; /* the letter's entry, its title as it may be (an apostrophe) */
	snprintf(named, sizeof named, "%s/letter.txt", fx.dir);
	f = fopen(named, "w");
	assert_non_null(f);
	fputs(letter_name, f);
	fclose(f);
	char shell[1900];
	snprintf(shell, sizeof shell, "python3 '%s' '%s' '%s'", py, file, named);
	assert_int_equal(system(shell), 0);

	expect_entry(&r, ATT_DIR "quittance.pdf", a, 150000);
	expect_entry(&r, ATT_DIR "quittance (2).pdf", b, 70000);
	expect_entry(&r, letter_name, odt.body, odt.body_len);
	int count = 0;
	size_t len = 0;
	assert_null(entry((const unsigned char *)r.body, r.body_len, ATT_DIR "ancien.pdf", &len,
			  &count));
	assert_int_equal(count, 5); /* JSON, PDF, two attachments, one letter */
	char name[64];
	snprintf(name, sizeof name, "dossier-%lld.pdf", person_id);
	const unsigned char *pdf =
		entry((const unsigned char *)r.body, r.body_len, name, &len, NULL);
	assert_non_null(pdf);
	assert_memory_equal(pdf, "%PDF-", 5);
	snprintf(name, sizeof name, "dossier-%lld.json", person_id);
	const unsigned char *js = entry((const unsigned char *)r.body, r.body_len, name, &len, NULL);
	assert_non_null(js);
	json_error_t err;
	j = json_loadb((const char *)js, len, 0, &err);
	assert_non_null(j);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(j, "person"), "last_name")),
		"Dupont");
	json_decref(j);
	http_resp_free(&r);
	http_resp_free(&odt);
	free(a);
	free(b);
	free(c);

	/* One entry: the person and the count of documents, no name. */
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM audit_log WHERE action = 'person.export' AND "
		 "object_type = 'person' AND object_id = '%lld;3'",
		 person_id);
	assert_int_equal(fixture_count(&fx, sql), 1);
	assert_int_equal(
		fixture_count(&fx, "SELECT COUNT(*) FROM audit_log WHERE object_id LIKE '%quittance%'"),
		0);
	/* The person's access-log search finds it. */
	snprintf(path, sizeof path, "/api/v1/persons/%lld/export", person_id);
	assert_int_equal(http_as(PORT, &w1, 1, "GET", path, NULL, &r), 200);
	assert_non_null(strstr(r.body, "person.export"));
	http_resp_free(&r);
}

/* Everyone else: "not found", the same bytes as for an id that does not exist. */
static void test_others_not_found(void **state)
{
	(void)state;
	const struct sess *others[] = {&w2, &head1, &admin, &employer, &auditor};
	char path[128], missing[128];
	snprintf(path, sizeof path, "/api/v1/persons/%lld/export?format=zip", person_id);
	snprintf(missing, sizeof missing, "/api/v1/persons/%lld/export?format=zip",
		 person_id + 100000);
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		struct http_resp r, m;
		int status = http_as(PORT, others[i], 1, "GET", path, NULL, &r);
		int mstatus = http_as(PORT, others[i], 1, "GET", missing, NULL, &m);
		assert_int_equal(status, mstatus);
		assert_true(status == 404 || status == 403);
		if (others[i] == &w2)
			assert_int_equal(status, 404);
		assert_int_equal(r.body_len, m.body_len);
		assert_memory_equal(r.body, m.body, r.body_len);
		http_resp_free(&r);
		http_resp_free(&m);
	}
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/persons/%lld/export?format=tar", person_id);
	assert_int_equal(http_as(PORT, &w1, 1, "GET", path, NULL, &r), 400);
	http_resp_free(&r);
}

/* A colleague with a live share of one case gets that case's documents,
   not those of the person's other case. */
static void test_share(void **state)
{
	(void)state;
	char body[256], path[128];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-03-01\",\"referral_source\":\"agent\","
		 "\"domains\":[\"logement\"]}",
		 person_id);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r), 201);
	long long other = created_id(&r);
	unsigned char *p = pdf_bytes(3000, 17);
	upload(other, "autre-suivi.pdf", p, 3000);
	free(p);
	time_t now = time(NULL);
	struct tm tm;
	char today[16];
	strftime(today, sizeof today, "%Y-%m-%d", localtime_r(&now, &tm));
	snprintf(body, sizeof body, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"Cong\xc3\xa9\"}",
		 today);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/shares", case_id);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", path, body, NULL), 201);

	snprintf(path, sizeof path, "/api/v1/persons/%lld/export?format=zip", person_id);
	assert_int_equal(http_as(PORT, &w2, 1, "GET", path, NULL, &r), 200);
	int count = 0;
	size_t len = 0;
	assert_non_null(entry((const unsigned char *)r.body, r.body_len, ATT_DIR "quittance.pdf",
			      &len, &count));
	assert_null(entry((const unsigned char *)r.body, r.body_len, ATT_DIR "autre-suivi.pdf",
			  &len, &count));
	assert_int_equal(count, 5);
	http_resp_free(&r);
	/* The référent gets both cases'. */
	assert_int_equal(http_as(PORT, &w1, 1, "GET", path, NULL, &r), 200);
	assert_non_null(entry((const unsigned char *)r.body, r.body_len, ATT_DIR "autre-suivi.pdf",
			      &len, &count));
	assert_int_equal(count, 6);
	http_resp_free(&r);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM audit_log WHERE action = 'person.export' AND "
		 "actor_login = 'w2' AND object_id = '%lld;3'",
		 person_id);
	assert_int_equal(fixture_count(&fx, sql), 1);
}

/* Over its cap (four uploads' worth and a page), the archive is refused. */
static void test_too_large(void **state)
{
	(void)state;
	long long person;
	long long c = new_case("Martin", &person);
	size_t n = (size_t)1 << 20;
	unsigned char *p = pdf_bytes(n, 3);
	for (int i = 0; i < 13; i++)
		upload(c, "bulletin.pdf", p, n);
	free(p);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/persons/%lld/export?format=zip", person);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "GET", path, NULL, &r), 413);
	assert_non_null(strstr(r.body, "Mio"));
	http_resp_free(&r);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM audit_log WHERE action = 'person.export' AND "
		 "object_id LIKE '%lld;%%'",
		 person);
	assert_int_equal(fixture_count(&fx, sql), 0);
	/* The JSON export still answers. */
	snprintf(path, sizeof path, "/api/v1/persons/%lld/export", person);
	assert_int_equal(http_as(PORT, &w1, 1, "GET", path, NULL, &r), 200);
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_archive),
		cmocka_unit_test(test_others_not_found),
		cmocka_unit_test(test_share),
		cmocka_unit_test(test_too_large),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
