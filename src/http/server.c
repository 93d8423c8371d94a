/*
 * server — libmicrohttpd glue: reads requests (body capped), runs the
 * router, sends responses with the security headers every response
 * carries, and stops cleanly on SIGINT/SIGTERM.
 *
 * Slow clients (issue 12): libmicrohttpd bounds the connections in all and
 * per client address, and closes a connection after --idle-timeout of
 * silence; but a client trickling one header byte every few seconds is
 * never silent that long.  The header deadline below closes it anyway.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "http/encoding.h"
#include "http/http.h"
#include "http/upload.h"
#include "service/throttle.h"
#include "support/alloc.h"
#include "support/hashgate.h"
#include "support/i18n.h"
#include "support/log.h"
#include "support/text.h"
/* Last: redirects libmicrohttpd's functions to their table. */
#include "http/mhdlib.h"

/* No inline script or style anywhere: htmx is told not to inject its
   indicator style (see the layout). */
#define CSP                                                                                   \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "     \
	"connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "          \
	"frame-ancestors 'none'"

struct pending {
	struct request req;
	buf body;       /* the upload so far */
	int too_large;  /* body over HTTP_BODY_MAX (an upload: its limit): answer 413 */
	struct upload *upload; /* ROUTE_UPLOAD with a multipart body: read as it arrives */
	uint64_t received;     /* its bytes so far */
	int upload_route;      /* the route is ROUTE_UPLOAD */
	struct MHD_Connection *conn;
	struct response resp; /* built on the slow lane (ROUTE_SLOW) */
	int done;             /* resp is ready: send it */
};

/*
 * The header deadline.  Every connection waiting for a request head is on
 * one of the watchdog's lists with the time by which the head must be
 * complete: a new connection has --header-timeout, a kept-alive one
 * --idle-timeout from its last response.  A thread shuts down the socket
 * of each one past its deadline; libmicrohttpd then sees the peer gone and
 * closes the connection in its own thread.  libmicrohttpd tells us a connection is
 * closed (MHD_CONNECTION_NOTIFY_CLOSED) before it closes the socket, and
 * the entry leaves its list then, under the lock the watchdog holds while
 * it shuts sockets down: the watchdog never touches a descriptor that
 * another connection has reused.
 */
struct watch {
	struct watch *prev, *next; /* on its shard's list while armed */
	struct watch_shard *shard; /* the list it goes on */
	int armed;                 /* waiting for a request head */
	int fd;                    /* the connection's socket */
	time_t deadline;           /* CLOCK_MONOTONIC seconds */
};

/* The list is cut in shards by socket, each under its own lock, so that the
   server threads arming and disarming their connections at every request
   do not all take one lock. */
#define WATCH_SHARDS 16

struct watch_shard {
	_Alignas(64) pthread_mutex_t lock;
	struct watch *head; /* armed entries */
};

struct watchdog {
	struct watch_shard shard[WATCH_SHARDS];
	pthread_mutex_t lock; /* stop and wake */
	pthread_cond_t wake;  /* signalled to stop */
	int stop;
	long expired;         /* connections shut down so far (the thread's) */
};

/* libmicrohttpd's own messages, rationed: it writes one per connection
   refused or cut, and a flood of slow clients must not flood the log. */
#define MHD_LOG_PER_MINUTE 10

struct mhd_log {
	pthread_mutex_t lock;
	time_t minute;   /* the current minute (CLOCK_MONOTONIC / 60) */
	int shown;       /* messages logged in it */
	long held_back;  /* messages not logged in it */
};

struct server {
	app *app;
	const struct http_site *site;
	const struct http_limits *limits;
	struct watchdog dog;
	struct mhd_log mlog;
	struct lane *lane; /* ROUTE_SLOW requests (http.h) */
};

static time_t mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void watch_unlink(struct watch *w)
{
	if (!w->armed)
		return;
	if (w->prev)
		w->prev->next = w->next;
	else
		w->shard->head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	w->prev = w->next = NULL;
	w->armed = 0;
}

/* A new watch for the socket fd, on its shard, not armed. */
static struct watch *watch_new(struct watchdog *dog, int fd)
{
	struct watch *w = calloc(1, sizeof *w);
	if (!w)
		log_fatal("out of memory");
	w->fd = fd;
	w->shard = &dog->shard[(unsigned)fd % WATCH_SHARDS];
	return w;
}

/* Puts w on its list with a deadline seconds from now (moving it if it is
   already there). */
static void watch_arm(struct watch *w, int seconds)
{
	struct watch_shard *sh = w->shard;
	pthread_mutex_lock(&sh->lock);
	watch_unlink(w);
	w->deadline = mono_now() + seconds;
	w->next = sh->head;
	if (sh->head)
		sh->head->prev = w;
	sh->head = w;
	w->armed = 1;
	pthread_mutex_unlock(&sh->lock);
}

static void watch_disarm(struct watch *w)
{
	pthread_mutex_lock(&w->shard->lock);
	watch_unlink(w);
	pthread_mutex_unlock(&w->shard->lock);
}

/* Shuts down the sockets of sh past their deadline; how many. */
static long watch_expire(struct watch_shard *sh, time_t now)
{
	long n = 0;
	pthread_mutex_lock(&sh->lock);
	for (struct watch *w = sh->head, *next; w; w = next) {
		next = w->next;
		if (w->deadline > now)
			continue;
		shutdown(w->fd, SHUT_RDWR);
		watch_unlink(w);
		n++;
	}
	pthread_mutex_unlock(&sh->lock);
	return n;
}

/* The watchdog thread: once a second, shuts down the sockets past their
   deadline. */
static void *watchdog_run(void *arg)
{
	struct watchdog *dog = arg;
	pthread_mutex_lock(&dog->lock);
	while (!dog->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&dog->wake, &dog->lock, &until);
		time_t now = mono_now();
		for (int i = 0; i < WATCH_SHARDS; i++)
			dog->expired += watch_expire(&dog->shard[i], now);
	}
	pthread_mutex_unlock(&dog->lock);
	return NULL;
}

static void watchdog_init(struct watchdog *dog)
{
	for (int i = 0; i < WATCH_SHARDS; i++)
		pthread_mutex_init(&dog->shard[i].lock, NULL);
	pthread_mutex_init(&dog->lock, NULL);
	pthread_cond_init(&dog->wake, NULL);
}

/* libmicrohttpd's messages into the log, MHD_LOG_PER_MINUTE a minute at
   most; the number held back is logged with the next message of a later
   minute. */
__attribute__((format(printf, 2, 0))) static void on_mhd_log(void *cls, const char *fmt,
							    va_list ap)
{
	struct mhd_log *ml = cls;
	char msg[256];
	vsnprintf(msg, sizeof msg, fmt, ap);
	msg[strcspn(msg, "\r\n")] = '\0';
	pthread_mutex_lock(&ml->lock);
	time_t minute = mono_now() / 60;
	if (minute != ml->minute) {
		if (ml->held_back)
			log_warn("libmicrohttpd: %ld more messages in the last minute", ml->held_back);
		ml->minute = minute;
		ml->shown = 0;
		ml->held_back = 0;
	}
	int show = ml->shown < MHD_LOG_PER_MINUTE;
	if (show)
		ml->shown++;
	else
		ml->held_back++;
	pthread_mutex_unlock(&ml->lock);
	if (show)
		log_warn("libmicrohttpd: %s", msg);
}

/* Stops the watchdog thread; the connections it shut down. */
static long watchdog_stop(struct watchdog *dog, pthread_t thread)
{
	pthread_mutex_lock(&dog->lock);
	dog->stop = 1;
	pthread_cond_signal(&dog->wake);
	pthread_mutex_unlock(&dog->lock);
	pthread_join(thread, NULL);
	pthread_cond_destroy(&dog->wake);
	pthread_mutex_destroy(&dog->lock);
	for (int i = 0; i < WATCH_SHARDS; i++)
		pthread_mutex_destroy(&dog->shard[i].lock);
	return dog->expired;
}

/* libmicrohttpd's notice of a connection opened or closed: its watch,
   armed with the header timeout, lives as long as the connection. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct server *srv = cls;
	struct watch *w = *socket_context;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!ci)
			return; /* no deadline: the idle timeout still applies */
		w = watch_new(&srv->dog, ci->connect_fd);
		*socket_context = w;
		watch_arm(w, srv->limits->header_timeout);
	} else if (w) {
		watch_disarm(w);
		free(w);
		*socket_context = NULL;
	}
}

/* The connection's watch, or NULL when it has none. */
static struct watch *watch_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

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

/* server_id: the instance's name (--server-id), sent as X-Relais-Server
   so that an operator or a test behind a proxy with several app servers
   sees which one answered; NULL sends none. */
static void add_common_headers(struct MHD_Response *r, const char *server_id)
{
	if (server_id)
		MHD_add_response_header(r, "X-Relais-Server", server_id);
	MHD_add_response_header(r, "Content-Security-Policy", CSP);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
}

/* A response's stream (http.h), owned by libmicrohttpd once handed over. */
static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos; /* read in order, never twice */
	struct resp_stream *st = cls;
	long n = st->read(st->ctx, out, max);
	return n > 0 ? (ssize_t)n
		     : n == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_free(void *cls)
{
	struct resp_stream *st = cls;
	st->done(st->ctx);
	free(st);
}

/* The response that sends *st (its done called even when it cannot be
   made); NULL on failure. */
static struct MHD_Response *stream_response(struct resp_stream *st)
{
	struct resp_stream *own = malloc(sizeof *own);
	if (!own) {
		st->done(st->ctx);
		return NULL;
	}
	*own = *st;
	memset(st, 0, sizeof *st);
	struct MHD_Response *r =
		MHD_create_response_from_callback(own->size, 64 * 1024, stream_read, own, stream_free);
	if (!r)
		stream_free(own);
	return r;
}

/* Sends resp, with the body and headers of its coding (enc, whose body
   libmicrohttpd frees), and the server's id when it has one. */
static enum MHD_Result send_response(struct MHD_Connection *c, struct response *resp,
				     struct encoded *enc, const char *server_id)
{
	struct MHD_Response *r;
	if (enc->body) {
		r = MHD_create_response_from_buffer(enc->len, enc->body, MHD_RESPMEM_MUST_FREE);
		if (!r)
			free(enc->body);
		enc->body = NULL;
	} else if (resp->static_body)
		r = MHD_create_response_from_buffer(resp->static_len, (void *)resp->static_body,
						    MHD_RESPMEM_PERSISTENT);
	else if (resp->stream.read)
		r = stream_response(&resp->stream);
	else
		r = MHD_create_response_from_buffer(resp->body.len, resp->body.data,
						    MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	add_common_headers(r, server_id);
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
	if (enc->content_encoding)
		MHD_add_response_header(r, "Content-Encoding", enc->content_encoding);
	if (enc->vary)
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
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

/* A ROUTE_UPLOAD request: its own limit, and a multipart body read into
   an upload as it arrives (any other body is buffered as usual, for the
   handler to refuse). */
static void upload_start(struct server *srv, struct pending *p)
{
	p->req.upload_max = srv->limits->upload_max ? srv->limits->upload_max : HTTP_UPLOAD_MAX;
	int known = 0;
	const struct route *r = router_route(&p->req, &known);
	if (!r || !(r->flags & ROUTE_UPLOAD))
		return;
	size_t max = p->req.upload_max;
	p->upload_route = 1;
	const char *cl = MHD_lookup_connection_value(p->req.conn, MHD_HEADER_KIND, "Content-Length");
	int64_t announced;
	p->too_large = cl && text_parse_int(cl, 0, INT64_MAX, &announced) == 0 &&
		       (uint64_t)announced > max;
	if (!p->too_large)
		p->upload = upload_new(MHD_lookup_connection_value(p->req.conn, MHD_HEADER_KIND,
								   "Content-Type"));
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
	upload_start(srv, p);
	return p;
}

static void pending_free(struct pending *p)
{
	if (!p)
		return;
	json_decref(p->req.json); /* ROUTE_JSON's body, NULL otherwise */
	upload_free(p->upload);
	svc_close(p->req.svc);
	buf_free(&p->resp.body); /* built on the slow lane for a client gone since */
	if (p->resp.stream.done)
		p->resp.stream.done(p->resp.stream.ctx);
	arena_free(p->req.a);
	buf_free(&p->body);
	free(p);
}

/*
 * The request's handler, with a catch point (support/alloc.h): when an
 * arena or buffer allocation fails in it, the handler is given up, what it
 * had begun in the database rolled back, and the client told so (503).
 */
static void dispatch(struct request *req, struct response *resp)
{
	jmp_buf env;
	if (setjmp(env) == 0) {
		alloc_catch(&env);
		router_dispatch(req, resp);
		alloc_catch(NULL);
		return;
	}
	svc_unwind(req->svc);
	resp_out_of_memory(req, resp);
}

/* On a lane worker: the whole request, then the connection goes on. */
static void slow_run(void *arg)
{
	struct pending *p = arg;
	dispatch(&p->req, &p->resp);
	svc_release_db(p->req.svc);
	p->done = 1;
	MHD_resume_connection(p->conn);
}

static void slow_queued(void *arg)
{
	struct pending *p = arg;
	MHD_suspend_connection(p->conn);
}

static enum MHD_Result answer(struct server *srv, struct pending *p, struct MHD_Connection *c)
{
	struct response *rp = &p->resp;
	struct request *req = &p->req;
	if (p->done)
		goto send; /* built on the slow lane */
	memset(rp, 0, sizeof *rp);
	buf_init(&rp->body, HTTP_PAGE_MAX);
	rp->status = 200;
	req->is_api = strncmp(req->path, "/api/", 5) == 0;
	if (p->too_large && p->upload_route) {
		resp_error(req, rp, 413, "payload_too_large",
			   arena_printf(req->a,
					_("Le fichier est trop volumineux (%zu Mio au plus)."),
					req->upload_max >> 20),
			   NULL);
	} else if (p->too_large) {
		resp_error(req, rp, 413, "payload_too_large",
			   _("La requête est trop volumineuse (1 Mio au plus)."), NULL);
	} else {
		req->body = buf_cstr(&p->body);
		req->body_len = p->body.len;
		if (p->upload) {
			upload_end(p->upload);
			req->upload = p->upload;
			/* Its plain fields are the form (req_form: the CSRF token…). */
			for (const struct upload_field *f = p->upload->fields; f; f = f->next) {
				struct form_field *ff = arena_alloc(req->a, sizeof *ff);
				ff->name = arena_strdup(req->a, f->name);
				ff->value = arena_strdup(req->a, f->value);
				ff->next = NULL;
				struct form_field **end = &req->form;
				while (*end)
					end = &(*end)->next;
				*end = ff;
			}
			req->form_parsed = 1;
		}
		int known = 0;
		const struct route *r = router_route(req, &known);
		int queued = -1;
		if (r && (r->flags & ROUTE_SLOW) && srv->lane) {
			p->conn = c;
			queued = lane_submit(srv->lane, slow_run, p, slow_queued);
		}
		if (queued == 1)
			return MHD_YES; /* suspended until slow_run resumes it */
		if (queued == 0) {
			/* The lane's queue is full: a flood of sign-ins. */
			resp_header(rp, "Retry-After", "2");
			resp_svc_error(req, rp, SVC_BUSY);
		} else {
			dispatch(req, rp);
		}
	}
	svc_release_db(req->svc);
send:;
	struct response resp = *rp;
	if (resp.body.overflow) {
		log_error("response to %s %s exceeds the cap", method_name(req->method), req->path);
		buf_reset(&resp.body);
		resp.static_body = NULL;
		resp.status = 500;
	}
	/* Compressed when the client asks and it pays (http/encoding.h). */
	struct encoded enc;
	http_encode(req, &resp, &enc);
	enum MHD_Result ret = send_response(c, &resp, &enc, app_config(srv->app)->server_id);
	buf_free(&resp.body);
	memset(rp, 0, sizeof *rp);
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
		/* The head is complete: no deadline while the request runs. */
		struct watch *w = watch_of(c);
		if (w)
			watch_disarm(w);
		p = pending_new(srv, c, url, method);
		*state = p;
		return p->too_large ? answer(srv, p, c) : MHD_YES;
	}
	if (*upload_size) {
		if (p->upload && !p->too_large) {
			/* Counted against the upload's limit as it arrives. */
			p->received += *upload_size;
			if (p->received > p->req.upload_max)
				p->too_large = 1;
			else
				upload_feed(p->upload, upload, *upload_size);
		} else if (!p->too_large) {
			buf_add(&p->body, upload, *upload_size);
			if (p->body.overflow)
				p->too_large = 1;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	return answer(srv, p, c);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
			 enum MHD_RequestTerminationCode code)
{
	struct server *srv = cls;
	(void)code;
	pending_free(*state);
	*state = NULL;
	/* Kept alive: the next request head is due within the idle timeout. */
	struct watch *w = watch_of(c);
	if (w)
		watch_arm(w, srv->limits->idle_timeout);
}

/* Raises the soft limit on open files to the hard one; the connections
   that fit under it, keeping 64 descriptors for the databases, the logs
   and the listening socket. */
static int connections_that_fit(int wanted)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return wanted;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= (rlim_t)wanted + 64)
		return wanted;
	int fit = rl.rlim_cur > 64 + 16 ? (int)rl.rlim_cur - 64 : 16;
	log_info("open file limit %llu: at most %d connections instead of %d",
		 (unsigned long long)rl.rlim_cur, fit, wanted);
	return fit;
}

int http_serve(app *a, const struct http_site *site, const char *listen,
	       const struct http_limits *limits)
{
	char host[256];
	int port;
	if (text_parse_listen(listen, host, sizeof host, &port) != 0) {
		fprintf(stderr, "relais: --listen must be HOST:PORT, not '%s'\n", listen);
		return -1;
	}
	if (mhdlib_load() != 0) {
		fprintf(stderr, "relais: cannot serve: libmicrohttpd cannot be loaded\n");
		return -1;
	}
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
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

	struct server srv = {.app = a, .site = site, .limits = limits};
	watchdog_init(&srv.dog);
	pthread_mutex_init(&srv.mlog.lock, NULL);
	pthread_t dog_thread;
	if (pthread_create(&dog_thread, NULL, watchdog_run, &srv.dog) != 0)
		log_fatal("cannot start the header watchdog");
	/* The slow lane: as many workers as the hashing gate holds hashes and
	   waiters, a queue of four a server thread beyond them. */
	unsigned hash_limit, hash_queue;
	throttle_gate_size((unsigned)limits->threads, hashgate_default_limit(), &hash_limit,
			   &hash_queue);
	srv.lane = lane_new(hash_limit + hash_queue, 4 * (unsigned)limits->threads);
	if (!srv.lane)
		log_fatal("cannot start the slow lane");

	/* MHD_USE_AUTO picks epoll on Linux: no FD_SETSIZE ceiling, and a
	   thousand idle connections cost each event loop nothing.  The
	   connection limit is shared out among the threads; the per-address
	   limit counts over all of them. */
	int max_conn = connections_that_fit(limits->max_connections);
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, (uint16_t)port, NULL, NULL, on_request, &srv, MHD_OPTION_EXTERNAL_LOGGER,
		on_mhd_log, &srv.mlog, MHD_OPTION_SOCK_ADDR, &ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)limits->threads,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv, MHD_OPTION_NOTIFY_CONNECTION,
		on_connection, &srv, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)limits->idle_timeout,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)max_conn,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)limits->max_per_address,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "relais: cannot listen on %s: %s\n", listen, strerror(errno));
		lane_free(srv.lane);
		watchdog_stop(&srv.dog, dog_thread);
		pthread_mutex_destroy(&srv.mlog.lock);
		return -1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	int bound = info ? info->port : port;
	printf(strchr(host, ':') ? "listening on http://[%s]:%d\n" : "listening on http://%s:%d\n",
	       host, bound);
	fflush(stdout);
	log_info("listening on %s port %d with %d threads; at most %d connections, %d per address, "
		 "request heads within %d s, idle connections closed after %d s",
		 host, bound, limits->threads, max_conn, limits->max_per_address,
		 limits->header_timeout, limits->idle_timeout);

	int sig = 0;
	while (sigwait(&stop, &sig) != 0)
		;
	log_info("signal %d: stopping", sig);
	/* Every suspended request is run and resumed before the server stops. */
	lane_stop(srv.lane);
	MHD_stop_daemon(d);
	lane_free(srv.lane);
	long expired = watchdog_stop(&srv.dog, dog_thread);
	pthread_mutex_destroy(&srv.mlog.lock);
	log_info("stopped (%ld connections closed for a late request head)", expired);
	return 0;
}
