/*
 * fuzz_http — a request's bytes read by libmicrohttpd as the server reads
 * them, for the drivers of what a request carries (headers, cookies,
 * query, form bodies).  A daemon without a listening socket (the server's
 * library, version and default limits) serves one end of a socket pair per
 * input, from a client address on loopback (so X-Real-IP is read); the
 * handler starts each request with the server's own first step
 * (http_request_start), collects its body as the server does, then hands
 * it to the driver's fuzz_request(), which reads it through the req_*
 * helpers, and answers an empty 200 (413 for an announced oversize body).
 * No database: what a handler would look up is not reached.
 *
 * The driver defines fuzz_request() and, when it wraps the input in a
 * request of its own, calls fuzz_http_send() with the bytes to send.
 */
#ifndef RELAIS_FUZZ_HTTP_H
#define RELAIS_FUZZ_HTTP_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "fuzz.h"
#include "http/http.h"
#include "routes/routes.h"
/* The server's code calls libmicrohttpd through its table (loaded below);
   this harness, linked to the library, calls it by name. */
#define MHDLIB_TABLE
#include "http/mhdlib.h"
#include "support/sec.h"

/* The driver's reading of one complete request (body included). */
static void fuzz_request(struct request *req);

struct fuzz_pending {
	struct request req;
	buf body;
	int too_large;
};

static struct MHD_Daemon *fuzz_daemon;
static int fuzz_closed; /* the daemon closed the input's connection */

static enum MHD_Result fuzz_on_request(void *cls, struct MHD_Connection *c, const char *url,
				       const char *method, const char *version,
				       const char *upload, size_t *upload_size, void **state)
{
	(void)cls, (void)version;
	struct fuzz_pending *p = *state;
	if (!p) {
		p = calloc(1, sizeof *p);
		if (!p)
			abort();
		buf_init(&p->body, HTTP_BODY_MAX);
		p->too_large = http_request_start(&p->req, c, url, method);
		p->req.site = &relais_site;
		*state = p;
		if (!p->too_large)
			return MHD_YES;
	} else if (*upload_size) {
		if (!p->too_large) {
			buf_add(&p->body, upload, *upload_size);
			if (p->body.overflow)
				p->too_large = 1;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (!p->too_large) {
		p->req.body = buf_cstr(&p->body);
		p->req.body_len = p->body.len;
		fuzz_check(p->req.a && p->req.path && p->req.client_addr);
		fuzz_check(strchr(p->req.path, '?') == NULL);
		unsigned char bin[sizeof(struct in6_addr)];
		fuzz_check(inet_pton(AF_INET, p->req.client_addr, bin) == 1 ||
			   inet_pton(AF_INET6, p->req.client_addr, bin) == 1);
		fuzz_request(&p->req);
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret = MHD_queue_response(c, p->too_large ? 413 : 200, r);
	MHD_destroy_response(r);
	return ret;
}

static void fuzz_on_completed(void *cls, struct MHD_Connection *c, void **state,
			      enum MHD_RequestTerminationCode code)
{
	(void)cls, (void)c, (void)code;
	struct fuzz_pending *p = *state;
	if (p) {
		arena_free(p->req.a);
		buf_free(&p->body);
		free(p);
	}
	*state = NULL;
}

static void fuzz_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			       enum MHD_ConnectionNotificationCode toe)
{
	(void)cls, (void)c, (void)socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_CLOSED)
		fuzz_closed = 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	if (sec_init() != 0 || mhdlib_load() != 0)
		abort();
	fuzz_daemon = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, fuzz_on_request,
				       NULL, MHD_OPTION_NOTIFY_COMPLETED, fuzz_on_completed, NULL,
				       MHD_OPTION_NOTIFY_CONNECTION, fuzz_on_connection, NULL,
				       MHD_OPTION_END);
	if (!fuzz_daemon)
		abort();
	return 0;
}

static void fuzz_drain(int fd)
{
	char sink[16384];
	while (read(fd, sink, sizeof sink) > 0)
		;
}

/* Sends the bytes as one client connection and runs the daemon until it
   has closed the connection (the client shuts its side once all is sent). */
static void fuzz_http_send(const void *data, size_t size)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	struct sockaddr_in client;
	memset(&client, 0, sizeof client);
	client.sin_family = AF_INET;
	client.sin_port = htons(40000);
	client.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fuzz_closed = 0;
	if (MHD_add_connection(fuzz_daemon, sv[0], (const struct sockaddr *)&client,
			       sizeof client) != MHD_YES) {
		close(sv[1]);
		return;
	}
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	const char *p = data;
	size_t off = 0;
	while (off < size && !fuzz_closed) {
		ssize_t n = write(sv[1], p + off, size - off);
		if (n > 0) {
			off += (size_t)n;
		} else if (n < 0 && errno == EAGAIN) {
			MHD_run(fuzz_daemon);
			fuzz_drain(sv[1]);
		} else {
			break; /* the daemon has closed (a refusal) */
		}
	}
	shutdown(sv[1], SHUT_WR);
	for (long i = 0; !fuzz_closed && i < 1000000; i++) {
		MHD_run(fuzz_daemon);
		fuzz_drain(sv[1]);
	}
	close(sv[1]);
	if (!fuzz_closed)
		fuzz_fail("the daemon kept the connection after the client's end");
}

#endif
