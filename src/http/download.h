/*
 * download — a response that is a file to save, never to show: its
 * bytes read as they are sent (download_stream: never whole in memory),
 * its length, Content-Disposition: attachment with the file's name (an
 * ASCII fallback and the exact UTF-8 name, RFC 6266 / 8187).
 * Every response already carries X-Content-Type-Options: nosniff.
 */
#ifndef RELAIS_DOWNLOAD_H
#define RELAIS_DOWNLOAD_H

#include <stddef.h>
#include <stdint.h>

struct request;
struct response;

/* The headers of a download of file `name` of MIME type `type`. */
void download_headers(struct request *req, struct response *resp, const char *name,
		      const char *type);
/* A file sent as it is read (http.h's struct resp_stream): size bytes
   from read(ctx, …), done(ctx) at the end; no body kept in memory. */
void download_stream(struct response *resp, uint64_t size, long (*read)(void *, void *, size_t),
		     void (*done)(void *), void *ctx);
/* After a failure: the body, the stream and the headers dropped, the
   error answered. */
void download_fail(struct request *req, struct response *resp, int svc_rc);

#endif
