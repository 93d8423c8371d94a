/*
 * download — a response that is a file to save, never to show: its
 * bytes in the response's body (up to the server's upload limit, the
 * largest file it keeps), Content-Disposition: attachment with the file's
 * name (an ASCII fallback and the exact UTF-8 name, RFC 6266 / 8187).
 * Every response already carries X-Content-Type-Options: nosniff.
 */
#ifndef RELAIS_DOWNLOAD_H
#define RELAIS_DOWNLOAD_H

#include <stddef.h>

struct request;
struct response;

/* Makes room in resp's body for a file of up to the upload limit. */
void download_begin(struct request *req, struct response *resp);
/* The headers of a download of file `name` of MIME type `type`. */
void download_headers(struct request *req, struct response *resp, const char *name,
		      const char *type);
/* Appends a piece of the file to resp's body (a sink: 0, or -1 when over
   the cap). */
int download_sink(void *resp, const void *data, size_t n);
/* After a failure: the body and headers dropped, the error answered. */
void download_fail(struct request *req, struct response *resp, int svc_rc);

#endif
