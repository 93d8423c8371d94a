/*
 * http — requests, responses and the route table, over libmicrohttpd.
 *
 * The server reads a request (body capped at HTTP_BODY_MAX), resumes the
 * session, and hands it to router_dispatch(), which finds the route,
 * checks sign-in, CSRF and the policy, parses what the route's flags
 * declare (the id in the path, the JSON body), then calls the handler.  A handler
 * fills a struct response; the server adds the security headers to every
 * response and sends it.  Everything a handler allocates comes from
 * req->a, freed when the response is done.
 */
#ifndef RELAIS_HTTP_H
#define RELAIS_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "domain/field.h"
#include "service/policy.h"
#include "service/svc.h"
#include "support/arena.h"
#include "support/buf.h"

#define HTTP_BODY_MAX ((size_t)1 << 20) /* 1 MiB */
#define HTTP_PAGE_MAX ((size_t)8 << 20)  /* cap on a rendered response */
#define HTTP_UPLOAD_MAX ((size_t)10 << 20) /* default cap on a ROUTE_UPLOAD body */
#define HTTP_PARAMS_MAX 4
#define HTTP_HEADERS_MAX 8
/* The session cookie: __Host- prefixed and Secure, unless the server runs
   with --plain-http-cookie (then SESSION_COOKIE_PLAIN, without Secure). */
#define SESSION_COOKIE "__Host-relais_session"
#define SESSION_COOKIE_PLAIN "relais_session"
#define CSRF_FIELD "csrf_token" /* the hidden field of every state-changing form */

enum method { M_GET, M_HEAD, M_POST, M_PUT, M_PATCH, M_DELETE, M_OTHER };

struct route;
struct MHD_Connection;

struct form_field {
	const char *name;
	const char *value;
	struct form_field *next;
};

struct request {
	arena *a;                 /* freed with the request */
	svc *svc;                 /* the service call: actor, client address */
	struct MHD_Connection *conn;
	enum method method;       /* HEAD is dispatched as GET */
	const char *path;         /* decoded path, without the query */
	const char *client_addr;  /* textual IP, "" when unknown */
	const struct http_site *site; /* the routes being served */
	const struct route *route;
	const char *params[HTTP_PARAMS_MAX]; /* values of {name} segments, in order */
	int nparams;
	const char *body;         /* NUL-terminated; may hold NULs (check body_len) */
	size_t body_len;
	int is_api;               /* errors as JSON rather than HTML */
	struct form_field *form;  /* parsed urlencoded body (req_form) */
	int form_parsed;
	int64_t id;               /* ROUTE_ID: the first {…} parameter, positive; else 0 */
	struct json_t *json;      /* ROUTE_JSON: the body, a JSON object; owned by the
				     request (released with it), else NULL */
	struct upload *upload;    /* ROUTE_UPLOAD with a multipart body: the file and the
				     fields (http/upload.h), owned by the server; else NULL */
	size_t upload_max;        /* the server's limit on a ROUTE_UPLOAD body (for a
				     download too: the largest file kept) */
};

/* A body read as it is sent (a large file, never whole in memory): read
   puts up to max bytes into out and returns their count, 0 at the end, -1
   on a failure (the connection is then cut: the status is already sent);
   done frees ctx, once, whether the body was sent or not.  size: the
   body's exact length (Content-Length).  read NULL: no stream. */
struct resp_stream {
	long (*read)(void *ctx, void *out, size_t max);
	void (*done)(void *ctx);
	void *ctx;
	uint64_t size;
};

struct response {
	int status;
	const char *content_type;   /* static or arena */
	buf body;                   /* the body, capped at HTTP_PAGE_MAX */
	const void *static_body;    /* instead of body: persistent bytes (assets) */
	size_t static_len;
	struct resp_stream stream;  /* instead of body: bytes read as they are sent */
	struct {
		const char *name;
		const char *value;
	} headers[HTTP_HEADERS_MAX]; /* extra headers; strings static or arena */
	int nheaders;
};

typedef void (*handler_fn)(struct request *req, struct response *resp);

enum route_flags {
	ROUTE_API = 1 << 0,        /* JSON in and out; JSON errors */
	ROUTE_NO_CSRF = 1 << 1,    /* state-changing but exempt (the sign-in itself) */
	ROUTE_NO_SESSION = 1 << 2, /* do not even look at the session (assets, health) */
	ROUTE_ID = 1 << 3,         /* the first {…} parameter is a positive id (req->id),
				      else "not found" before the handler */
	ROUTE_JSON = 1 << 4,       /* the body is a JSON object (req->json), else 415 / 400
				      before the handler; API routes that take a body only */
	ROUTE_SLOW = 1 << 5,       /* hashes a password (argon2id): runs on the slow lane,
				      off the server threads (see lane_new) */
	ROUTE_PAGED = 1 << 6,      /* a list a page at a time (service/paging.h): ?limit=,
				      ?after=; answers "total" and "next" (the OpenAPI says so) */
	ROUTE_UPLOAD = 1 << 7,     /* a multipart/form-data body with a file, read as it
				      arrives (http/upload.h, req->upload) up to the
				      server's upload limit instead of HTTP_BODY_MAX */
	ROUTE_FILE = 1 << 8,       /* a GET that answers a file (asset, PDF, calendar, health
				      text), not an HTML page: `relais routes` leaves it out */
};

struct route {
	enum method method;
	const char *pattern;  /* "/api/v1/users", segments "{name}" match one segment */
	enum action action;   /* what the policy must allow */
	unsigned flags;       /* enum route_flags */
	handler_fn fn;
	const char *nav;      /* French label when the page is in the menu, else NULL */
	const char *nav_help; /* one French sentence for the home page, or NULL */
};

/* What the server serves: the route table, the error page and the parts
   of the pages, given by the layer above (routes/) so that http/ knows
   nothing of the pages. */
typedef void (*error_page_fn)(struct request *req, struct response *resp, int status,
			      const char *message);
struct web_pages; /* defined and read by the pages (web/web.h) only */

/* The declared body of an API route (domain/field.h), for its description
   (the OpenAPI document, api/openapi.c): one entry per route that reads a
   body through a field table. */
struct route_input {
	enum method method;
	const char *pattern;        /* as in the route table */
	const struct field *fields; /* the route's field table */
	size_t nfields;
};

struct http_site {
	const struct route *routes; /* the route table */
	int nroutes;
	error_page_fn error_page;       /* a French HTML error page; NULL: plain text */
	const struct web_pages *pages; /* for the pages' handlers; never read by http/ */
	const struct route_input *inputs; /* the declared bodies; never read by http/ */
	int ninputs;
};

/* Request helpers; returned strings live in req->a (or in libmicrohttpd
   for the request's duration). */
const char *req_header(struct request *req, const char *name);
const char *req_query(struct request *req, const char *name);
const char *req_cookie(struct request *req, const char *name);
/* Every value of the repeated query parameter name (checkboxes of a GET
   form), in the order sent, joined by commas in the request's arena; NULL
   when there is none. */
const char *req_query_joined(struct request *req, const char *name);
/* The first query parameter whose name is not in allowed (n names), in
   the request's arena, or NULL when every parameter is allowed. */
const char *req_query_other(struct request *req, const char *const *allowed, size_t n);
/* A field of an application/x-www-form-urlencoded body, or NULL. */
const char *req_form(struct request *req, const char *name);
/*
 * The form fields of a declared input (domain/field.h) into dest, in table
 * order: each value copied into the request's arena and read by its rule;
 * a refused text keeps what was typed, so the form can show it again.
 * 0, or -1 with e naming the first field refused.  This and the JSON and
 * CSV readers are the only places that read inputs by name.
 */
int req_fields(struct request *req, const struct field *fields, size_t n, void *dest,
	       struct verr *e);
/* The same, with every field refused in all (its first is e's). */
int req_fields_all(struct request *req, const struct field *fields, size_t n, void *dest,
		   struct verr_list *all);
/* Every value of the repeated form field name, in the order sent, in the
   request's arena; *n gets their count. */
const char **req_form_all(struct request *req, const char *name, int *n);
/* Path parameter i as a positive id; 0 when it is not one (then: not found). */
int64_t req_param_id(struct request *req, int i);
/* The absolute address of path on this server, from the request's Host
   (https when cookies are secure); path itself when Host is unusable. */
const char *req_absolute_url(struct request *req, const char *path);
/* The session's CSRF token ("" when not signed in). */
const char *req_csrf(struct request *req);

/* Response helpers. */
void resp_header(struct response *resp, const char *name, const char *value);
void resp_text(struct response *resp, int status, const char *content_type, const char *text);
void resp_redirect(struct response *resp, const char *location);
/* An error in the request's own language: JSON {"error":{code,message}}
   on the API, a French page elsewhere.  field may be NULL. */
/* 503 for a request given up when memory ran out (http/server.c), in
   French, JSON or HTML, without allocating. */
void resp_out_of_memory(const struct request *req, struct response *resp);
void resp_error(struct request *req, struct response *resp, int status, const char *code,
		const char *message, const char *field);
/* The error for a service result (SVC_INVALID → 422 naming the field…). */
void resp_svc_error(struct request *req, struct response *resp, int svc_rc);
/* Sets (or, with token NULL, clears) the session cookie. */
void resp_session_cookie(struct request *req, struct response *resp, const char *token);
/* The session cookie's name on this server (SESSION_COOKIE or, with
   --plain-http-cookie, SESSION_COOKIE_PLAIN). */
const char *session_cookie_name(const struct request *req);

/*
 * The sign-in's guards (http/signin.c, issue 13).  signin_prepare() hands
 * the device cookie to the service before auth_login(); signin_succeeded()
 * sets the session cookie, the new device cookie, and forgets the
 * pre-session token.  The HTML form carries a pre-session token, a cookie
 * bound to a hidden field (login CSRF): signin_form_token() gives the
 * field's value (setting the cookie when the client has none), and
 * signin_form_ok() checks both and the Origin.  signin_origin_ok() alone
 * serves the JSON sign-in: integrators send no Origin, a browser sends ours.
 */
#define SIGNIN_TOKEN_FIELD "login_token"
void signin_prepare(struct request *req);
void signin_succeeded(struct request *req, struct response *resp, const char *session_token);
const char *signin_form_token(struct request *req, struct response *resp);
int signin_form_ok(struct request *req);
int signin_origin_ok(struct request *req);
/* The rule alone: 1 when origin is NULL, "null" (sent under our
   no-referrer policy; the token still binds), or "http(s)://" followed by
   exactly host (the Host header, port included).  signin_origin_ok() also
   refuses Sec-Fetch-Site: cross-site. */
int signin_origin_matches(const char *origin, const char *host);

/* The route for req's method and path (HEAD as GET), its {…} segments in
   req->params (req->nparams), or NULL; *path_known tells whether some
   route has this path with another method (405 rather than 404). */
const struct route *router_route(struct request *req, int *path_known);
/* Finds the route and runs it (see the file comment). */
void router_dispatch(struct request *req, struct response *resp);
/* The route for method and path, or NULL; *path_known tells whether some
   route has this path with another method (405 rather than 404). */
const struct route *router_match(const struct http_site *site, enum method method,
				 const char *path, const char **params, int *nparams,
				 int *path_known);
const char *method_name(enum method m);
/* The method named m ("GET"…), M_OTHER for any other. */
enum method method_parse(const char *m);

/*
 * The server's first step on a request libmicrohttpd has read: req's
 * arena, connection, method, path (the URL without its query) and client
 * address (X-Real-IP from a loopback proxy), everything but the service
 * call and the site.  1 when the announced body (Content-Length) is over
 * HTTP_BODY_MAX (answer 413), else 0.
 */
int http_request_start(struct request *req, struct MHD_Connection *c, const char *url,
		       const char *method);

/*
 * The slow lane (http/lane.c): ROUTE_SLOW requests are suspended and run
 * on a few worker threads, so that a flood of sign-ins, each an argon2id
 * hash, never holds the threads that serve the pages.  lane_submit():
 * 1 queued (queued(arg), if not NULL, has run before any worker can start
 * fn(arg)), 0 when the queue (queue places) is full, -1 once stopping.
 * lane_stop() runs what is queued and joins the workers (later requests
 * are refused with -1 and run in place); lane_free() then frees, once no
 * server thread can use the lane.
 */
struct lane;
struct lane *lane_new(unsigned workers, unsigned queue);
int lane_submit(struct lane *l, void (*fn)(void *), void *arg, void (*queued)(void *));
void lane_stop(struct lane *l);
void lane_free(struct lane *l); /* accepts NULL */

/* How many clients the server holds and for how long (relais serve's
   options; see http_serve). */
struct http_limits {
	int threads;         /* worker threads, each with its own event loop */
	int max_connections; /* open connections in all, over every thread */
	int max_per_address; /* open connections from one client address; 0: no limit */
	int header_timeout;  /* seconds for a new connection to send its whole request head */
	int idle_timeout;    /* seconds of silence before a connection is closed; also the
				time a kept-alive connection has for its next request head */
	size_t upload_max;   /* bytes of a ROUTE_UPLOAD body (0: HTTP_UPLOAD_MAX) */
};

/*
 * Serves site until SIGINT or SIGTERM.  listen is "host:port" (port 0 picks a
 * free one); once listening, prints "listening on http://host:port" on
 * stdout.  0 on a clean stop, -1 with a message on stderr.
 *
 * Slow clients cannot take the server: connections beyond the limits are
 * closed as soon as accepted, and one whose request head is not complete
 * in time is shut down whatever it trickles.  The file-descriptor limit is
 * raised to fit max_connections (which is lowered, with a warning, when
 * the hard limit is too low).
 */
int http_serve(app *a, const struct http_site *site, const char *listen,
	       const struct http_limits *limits);

#endif
