/*
 * test_compression — content codings and caching over the real binary
 * (issue 15, item 4): every embedded asset in brotli, gzip and as is by
 * Accept-Encoding (each decompressed here, with libbrotlidec and zlib, and
 * compared byte for byte with the file), the refusals by q=0, HEAD, the
 * hashed names cached immutable and the plain names briefly, the ETag of
 * each variant; pages and JSON gzip'd from HTTP_GZIP_MIN bytes when the
 * client asks, identical once decompressed, and never otherwise.
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

#include <brotli/decode.h>
#include <cmocka.h>
#include <zlib.h>

#include "http/assets.h"
#include "http/encoding.h"
#include "http/harness.h"

static struct fixture fx;
static struct sess worker;

static int setup(void **state)
{
	(void)state;
	static const char *const org[] = {"organisation", "add", "--code", "acme", "--name",
					  "ACME Industries", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {org, NULL};
	static const char *const users[] = {"worker1:worker::Martine Compression", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	return api_login(fx.srv.port, "worker1", TEST_PASSWORD, &worker) == 200 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* GET (or HEAD) path with an Accept-Encoding (NULL: none) and more
   headers (NULL: none), as the worker when signed_in. */
static void get(const char *method, const char *path, const char *accept, const char *more,
		int signed_in, struct http_resp *r)
{
	char headers[1024];
	int n = 0;
	if (accept)
		n += snprintf(headers + n, sizeof headers - (size_t)n, "Accept-Encoding: %s\r\n",
			      accept);
	if (signed_in)
		n += snprintf(headers + n, sizeof headers - (size_t)n, "Cookie: %s\r\n",
			      worker.cookie);
	snprintf(headers + n, sizeof headers - (size_t)n, "%s", more ? more : "");
	assert_int_equal(http_do(fx.srv.port, method, path, headers, NULL, 0, r), 0);
}

/* The value of header name, or "" when absent (a static buffer per call
   site is enough: each use is compared at once). */
static const char *header(const struct http_resp *r, const char *name, char *out, size_t len)
{
	if (!http_header(r, name, out, len))
		out[0] = '\0';
	return out;
}

/* The Content-Length header agrees with the bytes received. */
static void expect_length(const struct http_resp *r, size_t expected)
{
	char v[32];
	assert_non_null(http_header(r, "Content-Length", v, sizeof v));
	assert_int_equal(strtoull(v, NULL, 10), expected);
}

/* gzip (RFC 1952) to a malloc'd buffer; NULL if it is not valid gzip. */
static unsigned char *gunzip(const char *in, size_t len, size_t *out_len)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return NULL;
	size_t cap = 1 << 20;
	unsigned char *out = malloc(cap);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int rc = inflate(&z, Z_FINISH);
	*out_len = z.total_out;
	/* All the input consumed: no trailing bytes after the gzip member. */
	int whole = rc == Z_STREAM_END && z.avail_in == 0;
	inflateEnd(&z);
	if (!whole) {
		free(out);
		return NULL;
	}
	return out;
}

static unsigned char *unbrotli(const char *in, size_t len, size_t *out_len)
{
	size_t cap = 1 << 20;
	unsigned char *out = malloc(cap);
	*out_len = cap;
	if (BrotliDecoderDecompress(len, (const uint8_t *)in, out_len, out) !=
	    BROTLI_DECODER_RESULT_SUCCESS) {
		free(out);
		return NULL;
	}
	return out;
}

/* r's body, decoded as its Content-Encoding says, equals want[len]. */
static void expect_decoded(const struct http_resp *r, const void *want, size_t len)
{
	char ce[32];
	header(r, "Content-Encoding", ce, sizeof ce);
	size_t n = r->body_len;
	unsigned char *plain = NULL;
	if (strcmp(ce, "gzip") == 0)
		plain = gunzip(r->body, r->body_len, &n);
	else if (strcmp(ce, "br") == 0)
		plain = unbrotli(r->body, r->body_len, &n);
	else
		assert_string_equal(ce, "");
	const void *got = plain ? (const void *)plain : (const void *)r->body;
	if (ce[0])
		assert_non_null(plain);
	assert_int_equal(n, len);
	assert_memory_equal(got, want, len);
	free(plain);
}

/* The file's bytes on disk. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *data = malloc(1 << 20);
	*len = fread(data, 1, 1 << 20, f);
	fclose(f);
	return data;
}

/* Each case: an Accept-Encoding and the coding expected (NULL: identity),
   or a status other than 200. */
static const struct {
	const char *accept;
	const char *coding;
	int status;
} negotiation[] = {
	{NULL, NULL, 200},		     /* did not ask: as is */
	{"", NULL, 200},		     /* empty: identity only */
	{"br", "br", 200},
	{"gzip", "gzip", 200},
	{"gzip, deflate, br", "br", 200},    /* br preferred at equal quality */
	{"br, gzip", "br", 200},
	{"BR", "br", 200},		     /* case-insensitive */
	{"x-gzip", "gzip", 200},
	{"deflate", NULL, 200},		     /* not built: as is */
	{"br;q=0, gzip", "gzip", 200},	     /* br refused */
	{"br;q=0,gzip;q=0", NULL, 200},	     /* both refused: identity */
	{"gzip;q=0", NULL, 200},
	{"br;q=0.5, gzip;q=1.0", "gzip", 200}, /* the client's order */
	{"gzip;q=0.8, identity;q=0.9", NULL, 200}, /* identity preferred */
	{"*", "br", 200},
	{"*;q=0, gzip", "gzip", 200},
	{"gzip;q=2", NULL, 200},	     /* malformed q: refused */
	{"br;q=0.x", NULL, 200},
	{"identity;q=0, gzip", "gzip", 200},
	{"identity;q=0", NULL, 406},	     /* nothing acceptable */
	{"*;q=0", NULL, 406},
	{"br;q=0, gzip;q=0, identity;q=0", NULL, 406},
};

static void test_asset_negotiation(void **state)
{
	(void)state;
	assert_true(assets_count >= 3);
	for (int i = 0; i < assets_count; i++) {
		const struct asset *a = &assets[i];
		/* Text assets have both variants built, each smaller. */
		assert_non_null(a->br);
		assert_non_null(a->gz);
		assert_true(a->br_len < a->len && a->gz_len < a->len);
		for (size_t k = 0; k < sizeof negotiation / sizeof negotiation[0]; k++) {
			const char *accept = negotiation[k].accept;
			const char *coding = negotiation[k].coding;
			struct http_resp r;
			char v[128];
			get("GET", a->hashed, accept, NULL, 0, &r);
			assert_int_equal(r.status, negotiation[k].status);
			assert_string_equal(header(&r, "Vary", v, sizeof v), "Accept-Encoding");
			if (r.status != 200) {
				/* A French page, never cached, never compressed. */
				assert_string_equal(header(&r, "Content-Encoding", v, sizeof v), "");
				assert_string_equal(header(&r, "Cache-Control", v, sizeof v), "no-store");
				expect_in(&r, "encodages");
				http_resp_free(&r);
				continue;
			}
			assert_string_equal(header(&r, "Content-Encoding", v, sizeof v),
					    coding ? coding : "");
			assert_string_equal(header(&r, "Content-Type", v, sizeof v), a->content_type);
			expect_length(&r, r.body_len);
			expect_decoded(&r, a->data, a->len);
			/* The variant sent is the one built (brotli at quality 11). */
			if (coding && strcmp(coding, "br") == 0)
				assert_int_equal(r.body_len, a->br_len);
			else if (coding)
				assert_int_equal(r.body_len, a->gz_len);
			else
				assert_int_equal(r.body_len, a->len);
			http_resp_free(&r);
		}
		/* HEAD: the headers of the GET, the length of its variant, no body. */
		struct http_resp r;
		char v[64];
		get("HEAD", a->hashed, "gzip, br", NULL, 0, &r);
		assert_int_equal(r.status, 200);
		assert_string_equal(header(&r, "Content-Encoding", v, sizeof v), "br");
		expect_length(&r, a->br_len);
		assert_int_equal(r.body_len, 0);
		http_resp_free(&r);
		get("HEAD", a->hashed, "gzip", NULL, 0, &r);
		expect_length(&r, a->gz_len);
		assert_int_equal(r.body_len, 0);
		http_resp_free(&r);
		get("HEAD", a->hashed, NULL, NULL, 0, &r);
		expect_length(&r, a->len);
		assert_string_equal(header(&r, "Content-Encoding", v, sizeof v), "");
		http_resp_free(&r);
	}
	/* The embedded bytes are the files' own (our stylesheet, from the tree). */
	size_t len;
	char *css = slurp("src/web/assets/relais.css", &len);
	struct http_resp r;
	get("GET", asset_url("relais.css"), "br", NULL, 0, &r);
	expect_decoded(&r, css, len);
	http_resp_free(&r);
	free(css);
}

static void test_asset_names_and_caching(void **state)
{
	(void)state;
	struct http_resp page, r;
	char v[256], etag[64];
	/* Pages link to the hashed names only. */
	get("GET", "/login", NULL, NULL, 0, &page);
	assert_int_equal(page.status, 200);
	for (int i = 0; i < assets_count; i++) {
		char attr[160];
		snprintf(attr, sizeof attr, "\"%s\"", assets[i].hashed);
		expect_in(&page, attr);
		snprintf(attr, sizeof attr, "\"%s", assets[i].path);
		expect_not_in(&page, attr);
		/* /assets/pico.min.<16 hex digits>.css */
		assert_non_null(strstr(assets[i].hashed, assets[i].hash));
	}
	http_resp_free(&page);

	const struct asset *a = &assets[0];
	/* The hashed name: a year, immutable. */
	get("GET", a->hashed, "gzip", NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(header(&r, "Cache-Control", v, sizeof v),
			    "public, max-age=31536000, immutable");
	header(&r, "ETag", etag, sizeof etag);
	snprintf(v, sizeof v, "\"%s-gzip\"", a->hash);
	assert_string_equal(etag, v);
	http_resp_free(&r);
	/* The plain name still serves the same bytes, cached 5 minutes. */
	get("GET", a->path, "gzip", NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(header(&r, "Cache-Control", v, sizeof v), "public, max-age=300");
	assert_null(strstr(v, "immutable"));
	assert_string_equal(header(&r, "ETag", v, sizeof v), etag);
	expect_decoded(&r, a->data, a->len);
	http_resp_free(&r);
	/* Each variant its own ETag. */
	get("GET", a->hashed, "br", NULL, 0, &r);
	snprintf(v, sizeof v, "\"%s-br\"", a->hash);
	assert_string_equal(header(&r, "ETag", etag, sizeof etag), v);
	http_resp_free(&r);
	get("GET", a->hashed, NULL, NULL, 0, &r);
	snprintf(v, sizeof v, "\"%s\"", a->hash);
	assert_string_equal(header(&r, "ETag", etag, sizeof etag), v);
	http_resp_free(&r);

	/* Revalidation: the variant's own ETag (alone, weak, in a list) → 304
	   with the caching headers; another variant's → the whole body. */
	char inm[256];
	/* Each: what comes before the ETag, and whether it is there at all. */
	const struct {
		const char *before;
		int with_etag;
	} ok[] = {{"", 1}, {"W/", 1}, {"\"nope\", ", 1}, {"*", 0}};
	for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
		char more[300];
		if (ok[k].with_etag)
			snprintf(inm, sizeof inm, "%s\"%s-br\"", ok[k].before, a->hash);
		else
			snprintf(inm, sizeof inm, "%s", ok[k].before);
		snprintf(more, sizeof more, "If-None-Match: %s\r\n", inm);
		get("GET", a->hashed, "gzip, br", more, 0, &r);
		assert_int_equal(r.status, 304);
		assert_int_equal(r.body_len, 0);
		assert_string_equal(header(&r, "Cache-Control", v, sizeof v),
				    "public, max-age=31536000, immutable");
		assert_string_equal(header(&r, "Vary", v, sizeof v), "Accept-Encoding");
		snprintf(inm, sizeof inm, "\"%s-br\"", a->hash);
		assert_string_equal(header(&r, "ETag", v, sizeof v), inm);
		http_resp_free(&r);
	}
	char more[300];
	snprintf(more, sizeof more, "If-None-Match: \"%s-br\"\r\n", a->hash);
	get("GET", a->hashed, "gzip", more, 0, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(header(&r, "Content-Encoding", v, sizeof v), "gzip");
	http_resp_free(&r);

	/* A hash that is not the content's: not found (the name promises bytes
	   that are not there). */
	get("GET", "/assets/pico.min.0000000000000000.css", "br", NULL, 0, &r);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
	get("GET", "/assets/missing", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
}

/* GET path as is and with gzip: the gzip'd one is compressed, with the
   right length, and decompresses to the same bytes. */
static void expect_gzip_page(const char *path, int signed_in, const char *type)
{
	struct http_resp plain, gz, head;
	char v[128];
	get("GET", path, NULL, NULL, signed_in, &plain);
	assert_int_equal(plain.status, 200);
	assert_true(plain.body_len >= HTTP_GZIP_MIN);
	assert_non_null(strstr(header(&plain, "Content-Type", v, sizeof v), type));
	assert_string_equal(header(&plain, "Content-Encoding", v, sizeof v), "");
	assert_string_equal(header(&plain, "Vary", v, sizeof v), "Accept-Encoding");
	expect_length(&plain, plain.body_len);

	get("GET", path, "gzip, deflate, br", NULL, signed_in, &gz);
	assert_int_equal(gz.status, 200);
	assert_string_equal(header(&gz, "Content-Encoding", v, sizeof v), "gzip");
	assert_string_equal(header(&gz, "Vary", v, sizeof v), "Accept-Encoding");
	expect_length(&gz, gz.body_len);
	assert_true(gz.body_len < plain.body_len / 2);
	expect_decoded(&gz, plain.body, plain.body_len);
	print_message("%s: %zu bytes, %zu gzip'd\n", path, plain.body_len, gz.body_len);

	/* HEAD: the same headers, the gzip'd length, no body. */
	get("HEAD", path, "gzip", NULL, signed_in, &head);
	assert_int_equal(head.status, 200);
	assert_string_equal(header(&head, "Content-Encoding", v, sizeof v), "gzip");
	expect_length(&head, gz.body_len);
	assert_int_equal(head.body_len, 0);
	http_resp_free(&head);

	/* Refused, or preferred less than identity: as is. */
	const char *no[] = {"gzip;q=0", "br", "deflate", "gzip;q=0.5, identity", "", "x-compress"};
	for (size_t k = 0; k < sizeof no / sizeof no[0]; k++) {
		struct http_resp r;
		get("GET", path, no[k], NULL, signed_in, &r);
		assert_int_equal(r.status, 200);
		assert_string_equal(header(&r, "Content-Encoding", v, sizeof v), "");
		expect_decoded(&r, plain.body, plain.body_len);
		http_resp_free(&r);
	}
	/* A cross-site request is never compressed (BREACH). */
	get("GET", path, "gzip", "Sec-Fetch-Site: cross-site\r\n", signed_in, &head);
	assert_string_equal(header(&head, "Content-Encoding", v, sizeof v), "");
	assert_int_equal(head.body_len, plain.body_len);
	http_resp_free(&head);
	get("GET", path, "gzip", "Sec-Fetch-Site: same-origin\r\n", signed_in, &head);
	assert_string_equal(header(&head, "Content-Encoding", v, sizeof v), "gzip");
	http_resp_free(&head);
	http_resp_free(&gz);
	http_resp_free(&plain);
}

static void test_pages_gzip_above_threshold(void **state)
{
	(void)state;
	/* The worker's home page (HTML) and the API description (JSON). */
	expect_gzip_page("/", 1, "text/html");
	expect_gzip_page("/api/v1/openapi.json", 0, "application/json");
}

static void test_small_answers_not_compressed(void **state)
{
	(void)state;
	struct http_resp r, plain;
	char v[64];
	get("GET", "/api/v1/me", NULL, NULL, 1, &plain);
	assert_int_equal(plain.status, 200);
	assert_true(plain.body_len > 0 && plain.body_len < HTTP_GZIP_MIN);
	get("GET", "/api/v1/me", "gzip, br", NULL, 1, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(header(&r, "Content-Encoding", v, sizeof v), "");
	assert_string_equal(header(&r, "Vary", v, sizeof v), "Accept-Encoding");
	expect_length(&r, r.body_len);
	expect_decoded(&r, plain.body, plain.body_len);
	http_resp_free(&r);
	/* ... unless the client refuses the bytes as is. */
	get("GET", "/api/v1/me", "gzip, identity;q=0", NULL, 1, &r);
	assert_string_equal(header(&r, "Content-Encoding", v, sizeof v), "gzip");
	expect_decoded(&r, plain.body, plain.body_len);
	http_resp_free(&r);
	http_resp_free(&plain);
	/* An error page is compressed like any other page above the size. */
	get("GET", "/no/such/page", NULL, NULL, 1, &plain);
	assert_int_equal(plain.status, 404);
	assert_true(plain.body_len >= HTTP_GZIP_MIN);
	get("GET", "/no/such/page", "gzip", NULL, 1, &r);
	assert_int_equal(r.status, 404);
	assert_string_equal(header(&r, "Content-Encoding", v, sizeof v), "gzip");
	expect_decoded(&r, plain.body, plain.body_len);
	http_resp_free(&r);
	/* A redirect, without a body: no coding. */
	get("GET", "/", "gzip", NULL, 0, &r);
	assert_int_equal(r.status, 303);
	assert_string_equal(header(&r, "Content-Encoding", v, sizeof v), "");
	http_resp_free(&r);
	http_resp_free(&plain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_asset_negotiation),
		cmocka_unit_test(test_asset_names_and_caching),
		cmocka_unit_test(test_pages_gzip_above_threshold),
		cmocka_unit_test(test_small_answers_not_compressed),
	};
	return cmocka_run_group_tests_name("compression", tests, setup, teardown);
}
