/*
 * encoding — content codings (RFC 9110 §8.4, §12.5.3): which one a client
 * accepts, and the gzip compression of a response body.
 *
 * A request without Accept-Encoding gets the bytes as they are: nothing is
 * compressed for a client that did not ask.  Assets come pre-compressed
 * (brotli and gzip, tools/embed.c); a page or a JSON answer of at least
 * HTTP_GZIP_MIN bytes is compressed with gzip when the client accepts it.
 */
#ifndef RELAIS_ENCODING_H
#define RELAIS_ENCODING_H

#include <stddef.h>

#include "http/http.h"

#define HTTP_GZIP_MIN 1024 /* a smaller body is sent as is (when identity is acceptable) */

enum coding { CODING_IDENTITY, CODING_GZIP, CODING_BR, CODING_COUNT };

/* The qualities (0 to 1000) an Accept-Encoding value gives each coding:
   value NULL (no header) or empty accepts identity alone; "*" stands for
   every coding not named; identity is acceptable unless refused by q=0
   (its own or "*"'s); "x-gzip" is gzip; a malformed q counts as 0. */
struct accepted {
	int q[CODING_COUNT];
};
void accept_encoding_parse(const char *value, struct accepted *out);

/* The coding to send among those available (a bitmask of 1 << coding):
   the highest quality, ties going to br, then gzip, then identity; -1
   when the client accepts none of them. */
int coding_choose(const struct accepted *acc, unsigned available);

/* The token of a coding for Content-Encoding and ETag suffixes ("br",
   "gzip"); NULL for identity. */
const char *coding_name(enum coding c);

/* Whether a body of this Content-Type is worth compressing (text, JSON,
   XML, SVG; not PDF, XLSX or images, compressed already). */
int coding_compressible(const char *content_type);

/* in[len] compressed as gzip (RFC 1952) into a malloc'd buffer the caller
   frees, its length in *out_len; NULL when zlib failed or, with
   only_smaller, when the result would not be smaller.  Uses this thread's
   deflate state (kept until the thread ends); out of memory aborts. */
unsigned char *gzip_compress(const void *in, size_t len, int only_smaller, size_t *out_len);

/* What the server sends for a response's coding (http_encode). */
struct encoded {
	const char *content_encoding; /* "gzip", or NULL: the body as is */
	int vary;                     /* add "Vary: Accept-Encoding" */
	unsigned char *body;          /* the compressed body (malloc'd, the caller frees), or NULL */
	size_t len;
};

/*
 * The coding of a handler's response for req: gzip when the body is
 * compressible, at least HTTP_GZIP_MIN bytes, the client accepts gzip at
 * least as well as identity and the result is smaller; gzip whatever the
 * size when the client refuses identity and accepts gzip; else the body
 * as is, also when nothing the client names is
 * available (the Accept-Encoding is then disregarded, as RFC 9110 §12.1
 * allows: the handler has already run).  A response with static_body (an
 * asset, whose handler picks its own variant) or a Content-Encoding of
 * its own is left alone.  Never compressed for a cross-site request
 * (Sec-Fetch-Site), so that a foreign page cannot measure the compressed
 * size of pages holding secrets (BREACH); the session cookie, SameSite=
 * Strict, already keeps such requests signed out.  An ETag set by the
 * handler gets "-gzip" for the compressed variant; a Vary of its own gets
 * Accept-Encoding appended (strings in req->a).
 */
void http_encode(struct request *req, struct response *resp, struct encoded *out);

#endif
