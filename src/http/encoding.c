/* encoding — Accept-Encoding and gzip (see encoding.h). */
#include "http/encoding.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "support/log.h"

/* Level 6 (zlib's default): most of level 9's gain at a fraction of its
   time, paid on every page view. */
#define GZIP_LEVEL 6

static const char *const names[CODING_COUNT] = {
	[CODING_IDENTITY] = "identity",
	[CODING_GZIP] = "gzip",
	[CODING_BR] = "br",
};

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* A qvalue (RFC 9110 §12.4.2: "0" or "1" with up to three decimals) in
   thousandths, or -1 when malformed. */
static int parse_q(const char *s, size_t n)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	int q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.' || n > 5)
		return -1;
	int scale = 100;
	for (size_t i = 2; i < n; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

/* One element "coding[;params]" of s[n]: its coding (-2 for "*", -3 for
   one we do not know) and quality. */
static void parse_element(const char *s, size_t n, int *coding, int *q)
{
	while (n > 0 && is_space(*s))
		s++, n--;
	size_t tok = 0;
	while (tok < n && s[tok] != ';' && !is_space(s[tok]))
		tok++;
	*coding = -3;
	if (tok == 1 && s[0] == '*')
		*coding = -2;
	else if (tok == 6 && strncasecmp(s, "x-gzip", 6) == 0)
		*coding = CODING_GZIP;
	else
		for (int c = 0; c < CODING_COUNT; c++)
			if (strlen(names[c]) == tok && strncasecmp(s, names[c], tok) == 0)
				*coding = c;
	*q = 1000;
	/* Parameters: only q matters. */
	const char *p = s + tok, *end = s + n;
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		if (!semi)
			break;
		p = semi + 1;
		while (p < end && is_space(*p))
			p++;
		const char *next = memchr(p, ';', (size_t)(end - p));
		const char *stop = next ? next : end;
		if (stop - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			const char *v = p + 2, *ve = stop;
			while (ve > v && is_space(ve[-1]))
				ve--;
			int parsed = parse_q(v, (size_t)(ve - v));
			*q = parsed < 0 ? 0 : parsed; /* when unsure, refuse */
		}
		p = stop;
	}
}

void accept_encoding_parse(const char *value, struct accepted *out)
{
	memset(out, 0, sizeof *out);
	out->q[CODING_IDENTITY] = 1000;
	if (!value)
		return;
	int named[CODING_COUNT], star = -1;
	for (int c = 0; c < CODING_COUNT; c++)
		named[c] = -1;
	const char *s = value;
	for (;;) {
		size_t n = strcspn(s, ",");
		int coding, q;
		parse_element(s, n, &coding, &q);
		if (coding >= 0)
			named[coding] = q;
		else if (coding == -2)
			star = q;
		if (!s[n])
			break;
		s += n + 1;
	}
	for (int c = 0; c < CODING_COUNT; c++) {
		if (named[c] >= 0)
			out->q[c] = named[c];
		else if (star >= 0)
			out->q[c] = star;
		else
			out->q[c] = c == CODING_IDENTITY ? 1000 : 0;
	}
}

int coding_choose(const struct accepted *acc, unsigned available)
{
	static const enum coding preference[] = {CODING_BR, CODING_GZIP, CODING_IDENTITY};
	int best = -1, best_q = 0;
	for (size_t i = 0; i < sizeof preference / sizeof preference[0]; i++) {
		enum coding c = preference[i];
		if ((available & (1u << c)) && acc->q[c] > best_q) {
			best = (int)c;
			best_q = acc->q[c];
		}
	}
	return best;
}

const char *coding_name(enum coding c)
{
	return c == CODING_IDENTITY || c >= CODING_COUNT ? NULL : names[c];
}

int coding_compressible(const char *type)
{
	if (!type)
		return 0;
	size_t n = strcspn(type, ";");
	while (n > 0 && is_space(type[n - 1]))
		n--;
	if (n >= 5 && strncasecmp(type, "text/", 5) == 0)
		return 1;
	static const char *const kinds[] = {"application/json", "application/xml",
					     "image/svg+xml", "application/javascript"};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strlen(kinds[i]) == n && strncasecmp(type, kinds[i], n) == 0)
			return 1;
	/* application/problem+json, application/ld+json, …+xml */
	return (n > 5 && strncasecmp(type + n - 5, "+json", 5) == 0) ||
	       (n > 4 && strncasecmp(type + n - 4, "+xml", 4) == 0);
}

/*
 * One deflate state per thread, reset for each body: zlib's state is
 * 256 KiB (window, hash chains, pending buffer), and allocating it for
 * every page cost more in page faults than the compression itself.  Freed
 * when its thread ends (the server's threads live as long as the server).
 */
static pthread_key_t deflater_key;
static pthread_once_t deflater_once = PTHREAD_ONCE_INIT;

static void deflater_free(void *p)
{
	deflateEnd(p);
	free(p);
}

static void deflater_key_create(void)
{
	if (pthread_key_create(&deflater_key, deflater_free) != 0)
		log_fatal("cannot create the deflate state's thread key");
}

/* This thread's deflate state, ready for a new gzip stream; NULL when zlib
   cannot start one. */
static z_stream *deflater(void)
{
	pthread_once(&deflater_once, deflater_key_create);
	z_stream *z = pthread_getspecific(deflater_key);
	if (z)
		return deflateReset(z) == Z_OK ? z : NULL;
	z = calloc(1, sizeof *z);
	if (!z)
		log_fatal("out of memory");
	if (deflateInit2(z, GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(z);
		return NULL;
	}
	if (pthread_setspecific(deflater_key, z) != 0)
		log_fatal("cannot keep the deflate state");
	return z;
}

unsigned char *gzip_compress(const void *in, size_t len, int only_smaller, size_t *out_len)
{
	z_stream *z = len <= (size_t)UINT32_MAX / 2 ? deflater() : NULL;
	if (!z)
		return NULL;
	size_t cap = deflateBound(z, (uLong)len);
	unsigned char *out = malloc(cap);
	if (!out)
		log_fatal("out of memory");
	z->next_in = (Bytef *)(uintptr_t)in;
	z->avail_in = (uInt)len;
	z->next_out = out;
	z->avail_out = (uInt)cap;
	int rc = deflate(z, Z_FINISH);
	*out_len = z->total_out;
	if (rc != Z_STREAM_END || (only_smaller && *out_len >= len)) {
		free(out);
		return NULL;
	}
	return out;
}

/* The index of resp's header called name, or -1. */
static int header_index(const struct response *resp, const char *name)
{
	for (int i = 0; i < resp->nheaders; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0)
			return i;
	return -1;
}

/* Whether a Vary value names Accept-Encoding already. */
static int names_accept_encoding(const char *vary)
{
	static const char token[] = "Accept-Encoding";
	for (const char *p = vary; *p; p++)
		if (strncasecmp(p, token, sizeof token - 1) == 0)
			return 1;
	return 0;
}

void http_encode(struct request *req, struct response *resp, struct encoded *out)
{
	memset(out, 0, sizeof *out);
	if (resp->static_body || resp->body.len == 0 ||
	    header_index(resp, "Content-Encoding") >= 0 ||
	    !coding_compressible(resp->content_type))
		return;
	int vary = header_index(resp, "Vary");
	if (vary >= 0 && names_accept_encoding(resp->headers[vary].value))
		; /* the handler's own (an asset's error page) */
	else if (vary >= 0)
		resp->headers[vary].value =
			arena_printf(req->a, "%s, Accept-Encoding", resp->headers[vary].value);
	else
		out->vary = 1;
	const char *site = req_header(req, "Sec-Fetch-Site");
	if (site && strcasecmp(site, "cross-site") == 0)
		return;
	struct accepted acc;
	accept_encoding_parse(req_header(req, "Accept-Encoding"), &acc);
	/* The bytes as is refused: gzip whatever the size, even when larger. */
	int forced = acc.q[CODING_IDENTITY] == 0 && acc.q[CODING_GZIP] > 0;
	int gzip = forced || (resp->body.len >= HTTP_GZIP_MIN &&
			      coding_choose(&acc, 1u << CODING_IDENTITY | 1u << CODING_GZIP) ==
				      CODING_GZIP);
	if (!gzip)
		return;
	out->body = gzip_compress(resp->body.data, resp->body.len, !forced, &out->len);
	if (!out->body)
		return; /* not smaller, or zlib failed: as is */
	out->content_encoding = coding_name(CODING_GZIP);
	int etag = header_index(resp, "ETag");
	const char *v = etag >= 0 ? resp->headers[etag].value : NULL;
	size_t n = v ? strlen(v) : 0;
	if (n >= 2 && v[n - 1] == '"')
		resp->headers[etag].value = arena_printf(req->a, "%.*s-gzip\"", (int)(n - 1), v);
}
