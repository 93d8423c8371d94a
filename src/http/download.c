/* download — see download.h. */
#include "http/download.h"

#include "http/http.h"

#include <string.h>

void download_headers(struct request *req, struct response *resp, const char *name,
		      const char *type)
{
	buf plain, exact;
	buf_init(&plain, 1024);
	buf_init(&exact, 4096);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		int safe = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			   (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_';
		buf_putc(&plain, safe || *p == ' ' ? (char)*p : '_');
		if (safe)
			buf_putc(&exact, (char)*p);
		else
			buf_printf(&exact, "%%%02X", *p);
	}
	resp->content_type = type;
	resp_header(resp, "Content-Disposition",
		    arena_printf(req->a, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
				 buf_cstr(&plain), buf_cstr(&exact)));
	buf_free(&plain);
	buf_free(&exact);
}

void download_stream(struct response *resp, uint64_t size, long (*read)(void *, void *, size_t),
		     void (*done)(void *), void *ctx)
{
	buf_free(&resp->body);
	buf_init(&resp->body, HTTP_PAGE_MAX);
	resp->stream = (struct resp_stream){read, done, ctx, size};
}

void download_fail(struct request *req, struct response *resp, int svc_rc)
{
	if (resp->stream.done)
		resp->stream.done(resp->stream.ctx);
	memset(&resp->stream, 0, sizeof resp->stream);
	buf_reset(&resp->body);
	resp->body.overflow = 0;
	resp->nheaders = 0;
	resp->content_type = NULL;
	resp_svc_error(req, resp, svc_rc);
}
