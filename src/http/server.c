/*
 * server — libmicrohttpd glue: reads requests (body capped), runs the
 * router, sends responses with the security headers every response
 * carries, and stops cleanly on SIGINT/SIGTERM.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <strings.h>
#include <sys/socket.h>

#include <jansson.h>
#include <microhttpd.h>

#include "http/http.h"
#include "support/i18n.h"
#include "support/log.h"
#include "support/text.h"

/* No inline script or style anywhere: htmx is told not to inject its
   indicator style (see the layout). */
#define CSP                                                                                   \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "     \
	"connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "          \
	"frame-ancestors 'none'"

struct pending {
	struct request req;
	buf body;       /* the upload so far */
	int too_large;  /* body over HTTP_BODY_MAX: answer 413 */
};

struct server {
	app *app;
	const struct http_site *site;
};

static void client_address(struct MHD_Connection *c, char *out, size_t len)
{
	out[0] = '\0';
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)len);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, (socklen_t)len);
	/* Behind a reverse proxy on the same host (nginx, see README), the
	   client is the one it names in X-Real-IP: trusted from loopback only,
	   and only when it is an address. */
	int loopback = strncmp(out, "127.", 4) == 0 || strcmp(out, "::1") == 0 ||
		       strncmp(out, "::ffff:127.", 11) == 0;
	const char *real = loopback ? MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP")
				    : NULL;
	unsigned char bin[sizeof(struct in6_addr)];
	if (real && strlen(real) < len &&
	    (inet_pton(AF_INET, real, bin) == 1 || inet_pton(AF_INET6, real, bin) == 1))
		snprintf(out, len, "%s", real);
}

static void add_common_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy", CSP);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
}

static enum MHD_Result send_response(struct MHD_Connection *c, struct response *resp)
{
	struct MHD_Response *r;
	if (resp->static_body)
		r = MHD_create_response_from_buffer(resp->static_len, (void *)resp->static_body,
						    MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(resp->body.len, resp->body.data,
						    MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	add_common_headers(r);
	int has_cache = 0;
	for (int i = 0; i < resp->nheaders; i++) {
		MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
		if (strcasecmp(resp->headers[i].name, "Cache-Control") == 0)
			has_cache = 1;
	}
	/* Pages show personal data: never cached unless a handler says so. */
	if (!has_cache)
		MHD_add_response_header(r, "Cache-Control", "no-store");
	if (resp->content_type)
		MHD_add_response_header(r, "Content-Type", resp->content_type);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

int http_request_start(struct request *req, struct MHD_Connection *c, const char *url,
		       const char *method)
{
	char addr[INET6_ADDRSTRLEN];
	client_address(c, addr, sizeof addr);
	req->a = arena_new();
	req->conn = c;
	req->method = method_parse(method);
	req->path = arena_strndup(req->a, url, strcspn(url, "?"));
	req->client_addr = arena_strdup(req->a, addr);
	/* An announced oversize body is refused before any of it is read. */
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	int64_t announced;
	return cl && text_parse_int(cl, 0, INT64_MAX, &announced) == 0 &&
	       (uint64_t)announced > HTTP_BODY_MAX;
}

static struct pending *pending_new(struct server *srv, struct MHD_Connection *c, const char *url,
				   const char *method)
{
	struct pending *p = calloc(1, sizeof *p);
	if (!p)
		log_fatal("out of memory");
	buf_init(&p->body, HTTP_BODY_MAX);
	p->too_large = http_request_start(&p->req, c, url, method);
	p->req.svc = svc_open(srv->app, p->req.client_addr);
	p->req.site = srv->site;
	return p;
}

static void pending_free(struct pending *p)
{
	if (!p)
		return;
	json_decref(p->req.json); /* ROUTE_JSON's body, NULL otherwise */
	svc_close(p->req.svc);
	arena_free(p->req.a);
	buf_free(&p->body);
	free(p);
}

static enum MHD_Result answer(struct pending *p, struct MHD_Connection *c)
{
	struct response resp;
	memset(&resp, 0, sizeof resp);
	buf_init(&resp.body, HTTP_PAGE_MAX);
	resp.status = 200;
	struct request *req = &p->req;
	req->is_api = strncmp(req->path, "/api/", 5) == 0;
	if (p->too_large) {
		resp_error(req, &resp, 413, "payload_too_large",
			   _("La requête est trop volumineuse (1 Mio au plus)."), NULL);
	} else {
		req->body = buf_cstr(&p->body);
		req->body_len = p->body.len;
		router_dispatch(req, &resp);
	}
	if (resp.body.overflow) {
		log_error("response to %s %s exceeds the cap", method_name(req->method), req->path);
		buf_reset(&resp.body);
		resp.static_body = NULL;
		resp.status = 500;
	}
	enum MHD_Result ret = send_response(c, &resp);
	buf_free(&resp.body);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **state)
{
	struct server *srv = cls;
	struct pending *p = *state;
	(void)version;
	if (!p) {
		p = pending_new(srv, c, url, method);
		*state = p;
		return p->too_large ? answer(p, c) : MHD_YES;
	}
	if (*upload_size) {
		if (!p->too_large) {
			buf_add(&p->body, upload, *upload_size);
			if (p->body.overflow)
				p->too_large = 1;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	return answer(p, c);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
			 enum MHD_RequestTerminationCode code)
{
	(void)cls, (void)c, (void)code;
	pending_free(*state);
	*state = NULL;
}

int http_serve(app *a, const struct http_site *site, const char *listen, int threads)
{
	char host[256];
	int port;
	if (text_parse_listen(listen, host, sizeof host, &port) != 0) {
		fprintf(stderr, "relais: --listen must be HOST:PORT, not '%s'\n", listen);
		return -1;
	}
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		flags |= MHD_USE_IPv6;
	} else {
		fprintf(stderr, "relais: --listen needs a numeric address, not '%s'\n", host);
		return -1;
	}

	/* Signals are taken by sigwait() below, not by the server threads. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct server srv = {a, site};
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, (uint16_t)port, NULL, NULL, on_request, &srv, MHD_OPTION_SOCK_ADDR, &ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "relais: cannot listen on %s: %s\n", listen, strerror(errno));
		return -1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	int bound = info ? info->port : port;
	printf(strchr(host, ':') ? "listening on http://[%s]:%d\n" : "listening on http://%s:%d\n",
	       host, bound);
	fflush(stdout);
	log_info("listening on %s port %d with %d threads", host, bound, threads);

	int sig = 0;
	while (sigwait(&stop, &sig) != 0)
		;
	log_info("signal %d: stopping", sig);
	MHD_stop_daemon(d);
	log_info("stopped");
	return 0;
}
