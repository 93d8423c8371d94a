/*
 * multipart — a streaming reader of multipart/form-data bodies (RFC 7578),
 * fed chunk by chunk as libmicrohttpd reads the upload: the parts' bytes
 * go to callbacks as they arrive, so a file is never whole in memory.
 * It reads the parts' Content-Disposition (name, filename) and nothing
 * else; it never looks inside a part's bytes.
 */
#ifndef RELAIS_MULTIPART_H
#define RELAIS_MULTIPART_H

#include <stddef.h>

#define MP_BOUNDARY_MAX 70 /* RFC 2046 */
#define MP_HEADER_LINE_MAX 1024
#define MP_HEADERS_MAX 8   /* header lines of one part */
#define MP_PARTS_MAX 16
#define MP_NAME_MAX 64     /* a field's name */
#define MP_FILENAME_MAX 255

/* What the reader tells its user; a callback returning non-zero stops it
   (MP_STOPPED).  name and filename (NULL for a plain field) live until
   part_end. */
struct mp_callbacks {
	int (*part_begin)(void *ctx, const char *name, const char *filename);
	int (*part_data)(void *ctx, const char *data, size_t n);
	int (*part_end)(void *ctx);
};

enum mp_result {
	MP_OK,        /* fed; more may come */
	MP_MALFORMED, /* not a multipart body (or beyond the caps above) */
	MP_STOPPED,   /* a callback said stop */
};

typedef struct multipart multipart;

/* A reader for a body of the given Content-Type, or NULL when it is not
   multipart/form-data with a usable boundary.  Free with mp_free. */
multipart *mp_new(const char *content_type, const struct mp_callbacks *cb, void *ctx);
/* Feeds n more bytes.  After MP_MALFORMED or MP_STOPPED every later call
   answers the same and calls nothing. */
enum mp_result mp_feed(multipart *m, const char *data, size_t n);
/* 1 when the closing delimiter was read (the body is whole), else 0. */
int mp_complete(const multipart *m);
void mp_free(multipart *m); /* accepts NULL */

#endif
