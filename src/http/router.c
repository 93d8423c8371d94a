/*
 * router — finds the route and enforces, in this order: the route exists
 * (404) for this method (405); a session when the action needs one (401 /
 * redirect to the sign-in page); the CSRF token on state-changing requests
 * (403); the policy for the user's role (403); then what the route's flags
 * declare: a positive id as its first parameter (404), a JSON object as its
 * body (415 / 400).  Only then the handler runs.
 */
#include <string.h>

#include <jansson.h>

#include "http/http.h"
#include "service/auth.h"
#include "support/i18n.h"
#include "support/sec.h"

static const char *const method_names[] = {
	[M_GET] = "GET",     [M_HEAD] = "HEAD",	    [M_POST] = "POST", [M_PUT] = "PUT",
	[M_PATCH] = "PATCH", [M_DELETE] = "DELETE", [M_OTHER] = "OTHER",
};

const char *method_name(enum method m)
{
	return method_names[m];
}

enum method method_parse(const char *m)
{
	for (int i = M_GET; i < M_OTHER; i++)
		if (strcmp(m, method_names[i]) == 0)
			return (enum method)i;
	return M_OTHER;
}

/* Matches path against pattern, collecting {…} segments into params. */
static int match(const char *pattern, const char *path, const char **params, int *nparams,
		 arena *a)
{
	int n = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			size_t len = strcspn(s, "/");
			if (!close || len == 0 || n >= HTTP_PARAMS_MAX)
				return 0;
			if (params && a)
				params[n] = arena_strndup(a, s, len);
			n++;
			p = close + 1;
			s += len;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p || *s)
		return 0;
	if (nparams)
		*nparams = n;
	return 1;
}

static const struct route *find(const struct http_site *site, enum method method,
				const char *path, const char **params, int *nparams,
				int *path_known, arena *a)
{
	const struct route *routes = site->routes;
	if (method == M_HEAD)
		method = M_GET;
	*path_known = 0;
	for (int i = 0; i < site->nroutes; i++) {
		if (!match(routes[i].pattern, path, NULL, NULL, NULL))
			continue;
		*path_known = 1;
		if (routes[i].method == method) {
			match(routes[i].pattern, path, params, nparams, a);
			return &routes[i];
		}
	}
	return NULL;
}

const struct route *router_match(const struct http_site *site, enum method method,
				 const char *path, const char **params, int *nparams,
				 int *path_known)
{
	return find(site, method, path, params, nparams, path_known, NULL);
}

/* The body as a JSON object (the request owns it), or NULL after answering
   415 for another declared type, 400 for bytes that are not a JSON object. */
static json_t *json_body(struct request *req, struct response *resp)
{
	json_error_t err;
	const char *ct = req_header(req, "Content-Type");
	if (ct && strncmp(ct, "application/json", 16) != 0) {
		resp_error(req, resp, 415, "unsupported_media_type",
			   _("Le corps de la requête doit être du JSON (application/json)."), NULL);
		return NULL;
	}
	/* JSON_REJECT_DUPLICATES: one meaning per key; no NUL inside strings. */
	json_t *j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!j) {
		resp_error(req, resp, 400, "malformed_json",
			   _("Le corps de la requête n'est pas du JSON valide."), NULL);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		resp_error(req, resp, 400, "malformed_json",
			   _("Le corps de la requête doit être un objet JSON."), NULL);
		return NULL;
	}
	return j;
}

static int state_changing(enum method m)
{
	return m != M_GET && m != M_HEAD;
}

static const char *allowed_methods(struct request *req)
{
	buf b;
	buf_init(&b, 256);
	const struct route *routes = req->site->routes;
	for (int i = 0; i < req->site->nroutes; i++) {
		if (!match(routes[i].pattern, req->path, NULL, NULL, NULL))
			continue;
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, method_name(routes[i].method));
		if (routes[i].method == M_GET)
			buf_puts(&b, ", HEAD");
	}
	const char *out = arena_strdup(req->a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

const struct route *router_route(struct request *req, int *path_known)
{
	return find(req->site, req->method, req->path, req->params, &req->nparams, path_known,
		    req->a);
}

void router_dispatch(struct request *req, struct response *resp)
{
	int path_known = 0;
	req->is_api = strncmp(req->path, "/api/", 5) == 0;
	const struct route *r = router_route(req, &path_known);
	if (!r) {
		if (path_known) {
			resp_header(resp, "Allow", allowed_methods(req));
			resp_error(req, resp, 405, "method_not_allowed",
				   _("Cette méthode n'est pas permise ici."), NULL);
		} else {
			resp_error(req, resp, 404, "not_found", _("Cette page n'existe pas."), NULL);
		}
		return;
	}
	req->route = r;
	req->is_api = (r->flags & ROUTE_API) != 0;

	int signed_in = 0;
	if (!(r->flags & ROUTE_NO_SESSION)) {
		const char *token = req_cookie(req, session_cookie_name(req));
		if (token) {
			int rc = auth_resume(req->svc, token);
			if (rc == SVC_OK)
				signed_in = 1;
			else if (rc == SVC_UNAUTHENTICATED)
				resp_session_cookie(req, resp, NULL); /* forget a dead cookie */
			else {
				resp_svc_error(req, resp, rc);
				return;
			}
		}
	}

	if (policy_needs_session(r->action) && !signed_in) {
		if (req->is_api) {
			resp_error(req, resp, 401, "unauthenticated", _("Veuillez vous connecter."),
				   NULL);
		} else {
			resp_redirect(resp, "/login");
		}
		return;
	}

	if (state_changing(req->method) && !(r->flags & ROUTE_NO_CSRF)) {
		const char *sent = req_header(req, "X-CSRF-Token");
		if (!sent)
			sent = req_form(req, CSRF_FIELD);
		const char *expected = req_csrf(req);
		if (!sent || !expected[0] || !sec_streq(sent, expected)) {
			resp_error(req, resp, 403, "csrf_failed",
				   _("Le jeton de sécurité du formulaire manque ou a expiré : "
				     "rechargez la page et recommencez."),
				   NULL);
			return;
		}
	}

	const struct actor *who = svc_actor(req->svc);
	if (!policy_allows(who ? who->role : ROLE_NONE, r->action)) {
		resp_error(req, resp, 403, "forbidden", _("Votre rôle ne permet pas cette action."),
			   NULL);
		return;
	}

	if (r->flags & ROUTE_ID) {
		req->id = req_param_id(req, 0);
		if (!req->id) {
			resp_svc_error(req, resp, SVC_NOT_FOUND);
			return;
		}
	}
	if (r->flags & ROUTE_JSON) {
		req->json = json_body(req, resp);
		if (!req->json)
			return;
	}
	r->fn(req, resp);
}
