/*
 * test_http — the real binary on a loopback port: sign-in, sessions,
 * CSRF, throttling, limits, errors, security headers, every route × role,
 * audit entries, graceful stop.
 *
 * Environment: RELAIS_BIN (the binary), RELAIS_TEST_DB (optional: a
 * postgresql:// URI of an empty database; default a fresh SQLite file).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/assets.h"
#include "http/harness.h"
#include "http/http.h"
#include "routes/routes.h"

#define PASSWORD TEST_PASSWORD

static struct fixture fx;

static const char *const role_logins[ROLE__COUNT] = {
	[ROLE_ADMIN] = "admin1", [ROLE_HEAD] = "head1",	      [ROLE_WORKER] = "worker1",
	[ROLE_EMPLOYER] = "employer1", [ROLE_AUDITOR] = "auditor1", [ROLE_RECEPTION] = "reception1",
};

static int setup(void **state)
{
	(void)state;
	static const char *const org[] = {"organisation", "add", "--code", "acme", "--name",
					  "ACME Industries", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {org, NULL};
	static const char *const users[] = {
		"admin1:admin::Testé Utilisateur",   "head1:head::Testé Utilisateur",
		"worker1:worker::Testé Utilisateur", "employer1:employer:acme:Testé Utilisateur",
		"auditor1:auditor::Testé Utilisateur", "locky:worker",
		"leaver:worker",		     "reception1:reception",
		NULL};
	return fixture_start(&fx, cmds, users);
}

/* A graceful stop exits 0. */
static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

static int api_login_port(int port, const char *login, const char *password, struct sess *s,
			  struct http_resp *keep)
{
	char body[320];
	char code[16] = "";
	test_code(port, login, code); /* the current TOTP code ("" for an unknown login) */
	snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\",\"code\":\"%s\"}",
		 login, password, code);
	struct http_resp r;
	if (http_do(port, "POST", "/api/v1/session", "Content-Type: application/json\r\n", body,
		    strlen(body), &r) != 0)
		return -1;
	int status = r.status;
	char cookie[256];
	if (s && status == 200 && http_set_cookie(&r, "relais_session", cookie, sizeof cookie)) {
		snprintf(s->cookie, sizeof s->cookie, "%.*s", (int)strcspn(cookie, ";"), cookie);
		json_t *j = http_json(&r);
		snprintf(s->csrf, sizeof s->csrf, "%s",
			 json_string_value(json_object_get(j, "csrf_token")));
		json_decref(j);
	}
	if (keep)
		*keep = r;
	else
		http_resp_free(&r);
	return status;
}

static int login(const char *user, const char *password, struct sess *s)
{
	return api_login_port(fx.srv.port, user, password, s, NULL);
}

/* A request as s (NULL: anonymous), with its CSRF token when csrf is set. */
static int req_as(const struct sess *s, int csrf, const char *method, const char *path,
		  const char *json_body, struct http_resp *out)
{
	char headers[512] = "";
	size_t n = 0;
	if (s)
		n += (size_t)snprintf(headers + n, sizeof headers - n, "Cookie: %s\r\n", s->cookie);
	if (s && csrf)
		n += (size_t)snprintf(headers + n, sizeof headers - n, "X-CSRF-Token: %s\r\n", s->csrf);
	if (json_body)
		snprintf(headers + n, sizeof headers - n, "Content-Type: application/json\r\n");
	struct http_resp r;
	assert_int_equal(http_do(fx.srv.port, method, path, headers, json_body,
				 json_body ? strlen(json_body) : 0, &r),
			 0);
	int status = r.status;
	if (out)
		*out = r;
	else
		http_resp_free(&r);
	return status;
}

static const char *error_code(const struct http_resp *r, char *out, size_t len)
{
	json_t *j = http_json(r);
	const char *code = json_string_value(json_object_get(json_object_get(j, "error"), "code"));
	snprintf(out, len, "%s", code ? code : "(none)");
	json_decref(j);
	return out;
}

static void assert_security_headers(const struct http_resp *r)
{
	char v[512];
	assert_non_null(http_header(r, "Content-Security-Policy", v, sizeof v));
	assert_non_null(strstr(v, "frame-ancestors 'none'"));
	assert_null(strstr(v, "unsafe-inline"));
	assert_non_null(strstr(v, "script-src 'self'"));
	assert_non_null(http_header(r, "X-Content-Type-Options", v, sizeof v));
	assert_string_equal(v, "nosniff");
	assert_non_null(http_header(r, "Referrer-Policy", v, sizeof v));
}

static void test_healthz(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(req_as(NULL, 0, "GET", "/healthz", NULL, &r), 200);
	assert_string_equal(r.body, "ok");
	assert_security_headers(&r);
	http_resp_free(&r);
	assert_int_equal(req_as(NULL, 0, "HEAD", "/healthz", NULL, &r), 200);
	assert_int_equal(r.body_len, 0);
	http_resp_free(&r);
}

static void test_security_headers_everywhere(void **state)
{
	(void)state;
	const char *paths[] = {"/login", "/nowhere", "/api/v1/me", "/api/v1/nowhere", "/"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct http_resp r;
		req_as(NULL, 0, "GET", paths[i], NULL, &r);
		assert_security_headers(&r);
		http_resp_free(&r);
	}
}

static void test_home_redirects_to_login(void **state)
{
	(void)state;
	struct http_resp r;
	char v[256];
	assert_int_equal(req_as(NULL, 0, "GET", "/", NULL, &r), 303);
	assert_non_null(http_header(&r, "Location", v, sizeof v));
	assert_string_equal(v, "/login");
	http_resp_free(&r);
}

static void test_login_page_is_french(void **state)
{
	(void)state;
	struct http_resp r;
	char v[256];
	assert_int_equal(req_as(NULL, 0, "GET", "/login", NULL, &r), 200);
	assert_non_null(http_header(&r, "Content-Type", v, sizeof v));
	assert_non_null(strstr(v, "text/html"));
	assert_non_null(strstr(r.body, "<html lang=\"fr\">"));
	assert_non_null(strstr(r.body, "Connexion"));
	assert_non_null(strstr(r.body, "Mot de passe"));
	assert_null(strstr(r.body, "<script>")); /* no inline script */
	assert_null(strstr(r.body, "style=\""));
	http_resp_free(&r);
}

static void test_form_login_and_home(void **state)
{
	(void)state;
	struct http_resp r;
	char v[512];
	char code[16], typed[200];
	assert_int_equal(test_code(fx.srv.port, "worker1", code), 0);
	snprintf(typed, sizeof typed,
		 "login=worker1&password=correct+horse+battery&code=%s&login_token=" TEST_LOGIN_TOKEN,
		 code);
	const char *form = typed;
	const char *form_headers = "Cookie: " TEST_LOGIN_COOKIE "\r\n"
				   "Content-Type: application/x-www-form-urlencoded\r\n";
	assert_int_equal(http_do(fx.srv.port, "POST", "/login", form_headers, form, strlen(form), &r),
			 0);
	assert_int_equal(r.status, 303);
	assert_non_null(http_header(&r, "Location", v, sizeof v));
	assert_string_equal(v, "/");
	assert_non_null(http_set_cookie(&r, "relais_session", v, sizeof v));
	http_resp_free(&r);
	struct sess s;
	snprintf(s.cookie, sizeof s.cookie, "%.*s", (int)strcspn(v, ";"), v);
	assert_int_equal(req_as(&s, 0, "GET", "/", NULL, &r), 200);
	assert_non_null(strstr(r.body, "Testé Utilisateur"));
	assert_non_null(strstr(r.body, "Se déconnecter"));
	http_resp_free(&r);

	/* A wrong password re-shows the form with a French message. */
	form = "login=worker1&password=wrong+password+here&login_token=" TEST_LOGIN_TOKEN;
	http_do(fx.srv.port, "POST", "/login", form_headers, form, strlen(form), &r);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "Identifiant, mot de passe ou code incorrect."));
	http_resp_free(&r);
}

static void test_api_session_shape_and_cookie(void **state)
{
	(void)state;
	struct http_resp r;
	char v[512];
	assert_int_equal(api_login_port(fx.srv.port, "worker1", PASSWORD, NULL, &r), 200);
	json_t *j = http_json(&r);
	assert_non_null(j);
	json_t *u = json_object_get(j, "user");
	assert_string_equal(json_string_value(json_object_get(u, "login")), "worker1");
	assert_string_equal(json_string_value(json_object_get(u, "name")), "Testé Utilisateur");
	assert_string_equal(json_string_value(json_object_get(u, "role")), "worker");
	assert_true(json_string_length(json_object_get(j, "csrf_token")) >= 32);
	json_decref(j);
	assert_non_null(http_set_cookie(&r, "relais_session", v, sizeof v));
	assert_true(strncmp(v, "__Host-relais_session=", 22) == 0);
	assert_true(strcspn(v + 22, ";") >= 43); /* 256 bits */
	assert_non_null(strstr(v, "HttpOnly"));
	assert_non_null(strstr(v, "SameSite=Strict"));
	assert_non_null(strstr(v, "Path=/"));
	assert_non_null(strstr(v, "; Secure")); /* by default (--plain-http-cookie drops it) */
	assert_null(strstr(v, "Domain=")); /* __Host-: no Domain */
	http_resp_free(&r);
}

static void test_wrong_credentials(void **state)
{
	(void)state;
	struct http_resp r;
	char code[64];
	assert_int_equal(api_login_port(fx.srv.port, "worker1", "not the password", NULL, &r), 401);
	assert_string_equal(error_code(&r, code, sizeof code), "invalid_credentials");
	json_t *j = http_json(&r);
	assert_non_null(json_string_value(json_object_get(json_object_get(j, "error"), "message")));
	json_decref(j);
	http_resp_free(&r);
	/* An unknown login reads exactly the same. */
	assert_int_equal(api_login_port(fx.srv.port, "nobody", "not the password", NULL, &r), 401);
	assert_string_equal(error_code(&r, code, sizeof code), "invalid_credentials");
	http_resp_free(&r);
}

static void test_me(void **state)
{
	(void)state;
	struct sess s;
	struct http_resp r;
	char code[64];
	assert_int_equal(req_as(NULL, 0, "GET", "/api/v1/me", NULL, &r), 401);
	assert_string_equal(error_code(&r, code, sizeof code), "unauthenticated");
	http_resp_free(&r);
	assert_int_equal(login("head1", PASSWORD, &s), 200);
	assert_int_equal(req_as(&s, 0, "GET", "/api/v1/me", NULL, &r), 200);
	json_t *j = http_json(&r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "user"), "role")),
			    "head");
	json_decref(j);
	http_resp_free(&r);
	/* A forged cookie is nobody. */
	struct sess forged = s;
	forged.cookie[strlen(forged.cookie) - 1] ^= 1;
	assert_int_equal(req_as(&forged, 0, "GET", "/api/v1/me", NULL, NULL), 401);
}

static void test_logout(void **state)
{
	(void)state;
	struct sess s;
	struct http_resp r;
	char code[64];
	assert_int_equal(login("worker1", PASSWORD, &s), 200);
	/* Without the CSRF token the session stays. */
	assert_int_equal(req_as(&s, 0, "DELETE", "/api/v1/session", NULL, &r), 403);
	assert_string_equal(error_code(&r, code, sizeof code), "csrf_failed");
	http_resp_free(&r);
	assert_int_equal(req_as(&s, 0, "GET", "/api/v1/me", NULL, NULL), 200);
	assert_int_equal(req_as(&s, 1, "DELETE", "/api/v1/session", NULL, &r), 204);
	assert_int_equal(r.body_len, 0);
	http_resp_free(&r);
	assert_int_equal(req_as(&s, 0, "GET", "/api/v1/me", NULL, NULL), 401);
}

static void test_csrf_required(void **state)
{
	(void)state;
	struct sess s, other;
	struct http_resp r;
	assert_int_equal(login("admin1", PASSWORD, &s), 200);
	assert_int_equal(login("worker1", PASSWORD, &other), 200);
	const char *body = "{\"login\":\"csrf.victim\",\"name\":\"Victime\",\"role\":\"worker\"}";
	/* No token, another session's token, a wrong token: refused, nothing created. */
	assert_int_equal(req_as(&s, 0, "POST", "/api/v1/users", body, NULL), 403);
	struct sess mixed = s;
	snprintf(mixed.csrf, sizeof mixed.csrf, "%s", other.csrf);
	assert_int_equal(req_as(&mixed, 1, "POST", "/api/v1/users", body, NULL), 403);
	snprintf(mixed.csrf, sizeof mixed.csrf, "%s", "x");
	assert_int_equal(req_as(&mixed, 1, "POST", "/api/v1/users", body, NULL), 403);
	assert_int_equal(req_as(&s, 0, "GET", "/api/v1/users", NULL, &r), 200);
	assert_null(strstr(r.body, "csrf.victim"));
	http_resp_free(&r);
	/* The form field works too: sign out through the page. */
	char headers[256], form[128];
	snprintf(headers, sizeof headers,
		 "Cookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n", other.cookie);
	snprintf(form, sizeof form, "csrf_token=wrong");
	http_do(fx.srv.port, "POST", "/logout", headers, form, strlen(form), &r);
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(r.body, "jeton de sécurité")); /* French page */
	http_resp_free(&r);
	snprintf(form, sizeof form, "csrf_token=%s", other.csrf);
	http_do(fx.srv.port, "POST", "/logout", headers, form, strlen(form), &r);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	assert_int_equal(req_as(&other, 0, "GET", "/api/v1/me", NULL, NULL), 401);
}

/* A sign-in from another address (X-Real-IP, trusted from loopback). */
static int login_from(const char *addr, const char *user, const char *password,
		      struct http_resp *keep)
{
	char body[320], headers[128], code[16];
	/* The current code with the right password; any with a wrong one. */
	if (strcmp(password, PASSWORD) != 0 || test_code(fx.srv.port, user, code) != 0)
		snprintf(code, sizeof code, "000000");
	snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\",\"code\":\"%s\"}",
		 user, password, code);
	snprintf(headers, sizeof headers, "X-Real-IP: %s\r\nContent-Type: application/json\r\n",
		 addr);
	struct http_resp r;
	assert_int_equal(http_do(fx.srv.port, "POST", "/api/v1/session", headers, body,
				 strlen(body), &r),
			 0);
	int status = r.status;
	if (keep)
		*keep = r;
	else
		http_resp_free(&r);
	return status;
}

/* No lock any more (issue 13): a delay that grows after the free failures,
   answered early with Retry-After; it never reaches other accounts nor the
   same account from elsewhere, and the right password works once it has
   passed. */
static void test_lockout(void **state)
{
	(void)state;
	const char *attacker = "192.0.2.10";
	for (int i = 0; i < 4; i++)
		assert_int_equal(login_from(attacker, "locky", "wrong password!", NULL), 401);
	/* The fourth failure set a delay of 1 s; as if the attacker had gone on
	   failing after each delay, four more (16 s): no test races the clock. */
	assert_int_equal(fixture_sql(&fx, "UPDATE throttle_logins SET failures = 8"), 0);
	struct http_resp r;
	char code[64], v[32];
	/* Delayed: even the right password is refused while the delay runs. */
	assert_int_equal(login_from(attacker, "locky", PASSWORD, &r), 429);
	assert_string_equal(error_code(&r, code, sizeof code), "too_many_attempts");
	assert_non_null(http_header(&r, "Retry-After", v, sizeof v));
	assert_true(atoi(v) >= 1);
	http_resp_free(&r);
	/* Other accounts are untouched, and so is locky from her own address. */
	assert_int_equal(login("worker1", PASSWORD, NULL), 200);
	assert_int_equal(login("locky", PASSWORD, NULL), 200);
	/* Once the delay has passed (the counter aged behind the server's back),
	   the right password works from the attacker's address too. */
	assert_int_equal(fixture_sql(&fx, "UPDATE throttle_logins SET last_failure = "
					  "last_failure - 60"),
			 0);
	assert_int_equal(login_from(attacker, "locky", PASSWORD, NULL), 200);
}

/* The router's own checks come in a fixed order: sign-in, CSRF and role
   first, then the id in the path (ROUTE_ID), then the JSON body
   (ROUTE_JSON), and only then the handler. */
static void test_route_flags_order(void **state)
{
	(void)state;
	struct sess s;
	struct http_resp r;
	char code[64];
	assert_int_equal(login("worker1", PASSWORD, &s), 200);
	/* Anonymous: 401, whatever the id and the body. */
	assert_int_equal(req_as(NULL, 0, "PATCH", "/api/v1/cases/x", "{", &r), 401);
	http_resp_free(&r);
	/* No CSRF token: 403 before the id is looked at. */
	assert_int_equal(req_as(&s, 0, "PATCH", "/api/v1/cases/x", "{", &r), 403);
	assert_string_equal(error_code(&r, code, sizeof code), "csrf_failed");
	http_resp_free(&r);
	/* An id that cannot exist: 404 before the body is read. */
	const char *ids[] = {"/api/v1/cases/x", "/api/v1/cases/0", "/api/v1/cases/-1"};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		assert_int_equal(req_as(&s, 1, "PATCH", ids[i], "{", &r), 404);
		assert_string_equal(error_code(&r, code, sizeof code), "not_found");
		http_resp_free(&r);
	}
	/* A well-formed id, a body that is no JSON object: 400. */
	assert_int_equal(req_as(&s, 1, "PATCH", "/api/v1/cases/999999", "[1]", &r), 400);
	assert_string_equal(error_code(&r, code, sizeof code), "malformed_json");
	http_resp_free(&r);
	/* Another declared type: 415. */
	char headers[512];
	snprintf(headers, sizeof headers,
		 "Cookie: %s\r\nX-CSRF-Token: %s\r\nContent-Type: text/plain\r\n", s.cookie,
		 s.csrf);
	http_do(fx.srv.port, "PATCH", "/api/v1/cases/999999", headers, "{}", 2, &r);
	assert_int_equal(r.status, 415);
	assert_string_equal(error_code(&r, code, sizeof code), "unsupported_media_type");
	http_resp_free(&r);
	/* Both well-formed: the handler answers (no such case). */
	assert_int_equal(req_as(&s, 1, "PATCH", "/api/v1/cases/999999", "{}", &r), 404);
	http_resp_free(&r);
}

static void test_malformed_json(void **state)
{
	(void)state;
	struct sess s;
	struct http_resp r;
	char code[64];
	const char *bad[] = {"{", "not json", "[1,2]", "{\"login\":\"a\",\"login\":\"b\"}", ""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		http_do(fx.srv.port, "POST", "/api/v1/session", "Content-Type: application/json\r\n",
			bad[i], strlen(bad[i]), &r);
		assert_int_equal(r.status, 400);
		assert_string_equal(error_code(&r, code, sizeof code), "malformed_json");
		http_resp_free(&r);
	}
	/* A wrong type is a 422 naming the field. */
	const char *typed = "{\"login\":42,\"password\":\"x\"}";
	http_do(fx.srv.port, "POST", "/api/v1/session", "Content-Type: application/json\r\n", typed,
		strlen(typed), &r);
	assert_int_equal(r.status, 422);
	json_t *j = http_json(&r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "field")),
			    "login");
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(login("admin1", PASSWORD, &s), 200);
	assert_int_equal(req_as(&s, 1, "POST", "/api/v1/users", "{\"login\":", &r), 400);
	http_resp_free(&r);
}

static void test_body_too_large(void **state)
{
	(void)state;
	struct http_resp r;
	char code[64];
	/* Announced: refused before the body is read. */
	const char *announced = "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
				"Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n";
	assert_int_equal(http_raw(fx.srv.port, announced, strlen(announced), &r), 0);
	assert_int_equal(r.status, 413);
	assert_string_equal(error_code(&r, code, sizeof code), "payload_too_large");
	assert_security_headers(&r);
	http_resp_free(&r);
	/* Streamed (chunked): read up to the cap, then refused. */
	size_t chunk = 256 * 1024, chunks = 5;
	buf req;
	buf_init(&req, 0);
	buf_puts(&req, "POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
		       "Content-Type: application/x-www-form-urlencoded\r\n"
		       "Transfer-Encoding: chunked\r\n\r\n");
	char *filler = malloc(chunk);
	memset(filler, 'a', chunk);
	for (size_t i = 0; i < chunks; i++) {
		buf_printf(&req, "%zx\r\n", chunk);
		buf_add(&req, filler, chunk);
		buf_puts(&req, "\r\n");
	}
	buf_puts(&req, "0\r\n\r\n");
	free(filler);
	assert_int_equal(http_raw(fx.srv.port, req.data, req.len, &r), 0);
	buf_free(&req);
	assert_int_equal(r.status, 413);
	assert_non_null(strstr(r.body, "trop volumineuse")); /* French page off the API */
	http_resp_free(&r);
	/* Exactly at the cap is fine (and is then just a bad login). */
}

static void test_not_found_and_method(void **state)
{
	(void)state;
	struct http_resp r;
	char code[64], v[128];
	assert_int_equal(req_as(NULL, 0, "GET", "/api/v1/nowhere", NULL, &r), 404);
	assert_string_equal(error_code(&r, code, sizeof code), "not_found");
	http_resp_free(&r);
	assert_int_equal(req_as(NULL, 0, "GET", "/nulle-part", NULL, &r), 404);
	assert_non_null(strstr(r.body, "Page introuvable"));
	http_resp_free(&r);
	assert_int_equal(req_as(NULL, 0, "PUT", "/api/v1/session", "{}", &r), 405);
	assert_string_equal(error_code(&r, code, sizeof code), "method_not_allowed");
	assert_non_null(http_header(&r, "Allow", v, sizeof v));
	assert_non_null(strstr(v, "POST"));
	assert_non_null(strstr(v, "DELETE"));
	http_resp_free(&r);
	assert_int_equal(req_as(NULL, 0, "DELETE", "/login", NULL, &r), 405);
	assert_non_null(strstr(r.body, "Méthode non permise"));
	http_resp_free(&r);
}

/* Every GET route without parameters, for every role: the policy decides. */
static void test_route_role_matrix(void **state)
{
	(void)state;
	struct sess sessions[ROLE__COUNT];
	for (int role = ROLE_ADMIN; role < ROLE__COUNT; role++)
		assert_int_equal(login(role_logins[role], PASSWORD, &sessions[role]), 200);
	/* An employer reads published bilans only: the head publishes one. */
	expect_api(fx.srv.port, &sessions[ROLE_HEAD], "POST", "/api/v1/reports/bilan/publish",
		   "{\"year\":2008}", 200, NULL);
	int checked = 0;
	for (int i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		if (rt->method != M_GET || strchr(rt->pattern, '{'))
			continue;
		for (int role = ROLE_NONE; role < ROLE__COUNT; role++) {
			struct http_resp r;
			int status = req_as(role == ROLE_NONE ? NULL : &sessions[role], 0, "GET",
					    rt->pattern, NULL, &r);
			int allowed = policy_allows((enum role)role, rt->action);
			if (allowed && status >= 400)
				fail_msg("%s as %s: %d, expected success", rt->pattern,
					 role_code((enum role)role), status);
			if (!allowed) {
				int expect = role == ROLE_NONE ? (rt->flags & ROUTE_API ? 401 : 303)
							       : 403;
				if (status != expect)
					fail_msg("%s as %s: %d, expected %d", rt->pattern,
						 role_code((enum role)role), status, expect);
			}
			http_resp_free(&r);
			checked++;
		}
	}
	assert_true(checked >= 8 * ROLE__COUNT);
}

static void test_wrong_role_writes(void **state)
{
	(void)state;
	struct sess worker, admin;
	struct http_resp r;
	char code[64];
	assert_int_equal(login("worker1", PASSWORD, &worker), 200);
	const char *body = "{\"login\":\"sneaky\",\"name\":\"S\",\"role\":\"admin\","
			   "\"password\":\"a long enough password\"}";
	assert_int_equal(req_as(&worker, 1, "POST", "/api/v1/users", body, &r), 403);
	assert_string_equal(error_code(&r, code, sizeof code), "forbidden");
	http_resp_free(&r);
	assert_int_equal(login("sneaky", "a long enough password", NULL), 401);
	/* The admin may, and the rules hold. */
	assert_int_equal(login("admin1", PASSWORD, &admin), 200);
	/* The administrator never chooses a password (issue 13): one sent is refused. */
	const char *short_pw = "{\"login\":\"shorty\",\"name\":\"S\",\"role\":\"worker\","
			       "\"password\":\"elevenchars\"}";
	assert_int_equal(req_as(&admin, 1, "POST", "/api/v1/users", short_pw, &r), 422);
	json_t *j = http_json(&r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "field")),
			    "password");
	json_decref(j);
	http_resp_free(&r);
	const char *ok = "{\"login\":\"nouvelle\",\"name\":\"Nouvelle Collègue\",\"role\":\"worker\"}";
	/* A worker's account is proposed; a head confirms it and receives the
	   link (the two-person rule, test_twoperson). */
	assert_int_equal(req_as(&admin, 1, "POST", "/api/v1/users", ok, &r), 202);
	j = http_json(&r);
	assert_null(json_object_get(j, "password"));
	assert_null(json_object_get(j, "enrolment"));
	long long proposal = (long long)json_integer_value(json_object_get(j, "proposal"));
	json_decref(j);
	http_resp_free(&r);
	struct sess head;
	assert_int_equal(login("head1", PASSWORD, &head), 200);
	char confirm[96];
	snprintf(confirm, sizeof confirm, "/api/v1/proposals/%lld/confirm", proposal);
	assert_int_equal(req_as(&head, 1, "POST", confirm, NULL, &r), 200);
	j = http_json(&r);
	/* No password in the answer: an enrolment link, with which she sets hers. */
	assert_null(json_object_get(j, "password"));
	const char *link = json_string_value(json_object_get(j, "link"));
	assert_non_null(link);
	assert_non_null(strstr(link, "/inscription/"));
	assert_int_equal(login("nouvelle", PASSWORD, NULL), 401);
	assert_int_equal(enrol_link(fx.srv.port, fx.db, "nouvelle",
				    strstr(link, "/inscription/") + strlen("/inscription/"), PASSWORD),
			 0);
	assert_int_equal(login("nouvelle", PASSWORD, NULL), 200);
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(req_as(&admin, 1, "POST", "/api/v1/users", ok, &r), 409);
	http_resp_free(&r);
}

static void test_assets(void **state)
{
	(void)state;
	struct http_resp r;
	char v[256], etag[64];
	/* Pages link to the content-hashed name, cached for a year (issue 15;
	   tests/http/test_compression.c checks the codings). */
	const char *hashed = asset_url("pico.min.css");
	assert_non_null(strstr(hashed, "/assets/pico.min."));
	assert_int_equal(req_as(NULL, 0, "GET", hashed, NULL, &r), 200);
	assert_non_null(http_header(&r, "Content-Type", v, sizeof v));
	assert_non_null(strstr(v, "text/css"));
	assert_non_null(http_header(&r, "Cache-Control", v, sizeof v));
	assert_non_null(strstr(v, "max-age=31536000"));
	assert_true(r.body_len > 10000);
	assert_non_null(http_header(&r, "ETag", etag, sizeof etag));
	http_resp_free(&r);
	char headers[128];
	snprintf(headers, sizeof headers, "If-None-Match: %s\r\n", etag);
	http_do(fx.srv.port, "GET", hashed, headers, NULL, 0, &r);
	assert_int_equal(r.status, 304);
	http_resp_free(&r);
	/* The plain name still serves, with a short cache. */
	assert_int_equal(req_as(NULL, 0, "GET", "/assets/pico.min.css", NULL, &r), 200);
	assert_non_null(http_header(&r, "Cache-Control", v, sizeof v));
	assert_string_equal(v, "public, max-age=300");
	assert_true(r.body_len > 10000);
	http_resp_free(&r);
	http_do(fx.srv.port, "GET", "/assets/pico.min.css", headers, NULL, 0, &r);
	assert_int_equal(r.status, 304);
	http_resp_free(&r);
	assert_int_equal(req_as(NULL, 0, "GET", "/assets/htmx.min.js", NULL, NULL), 200);
	assert_int_equal(req_as(NULL, 0, "GET", "/assets/relais.css", NULL, NULL), 200);
	assert_int_equal(req_as(NULL, 0, "GET", "/assets/../relais.db", NULL, NULL), 404);
}

struct found {
	const char *action;
	int n;
};

static void test_audit_entries(void **state)
{
	(void)state;
	struct sess auditor, w;
	struct http_resp r;
	assert_int_equal(login("leaver", PASSWORD, &w), 200);
	assert_int_equal(req_as(&w, 1, "DELETE", "/api/v1/session", NULL, NULL), 204);
	assert_int_equal(login("leaver", "definitely wrong", NULL), 401);
	assert_int_equal(login("auditor1", PASSWORD, &auditor), 200);
	assert_int_equal(req_as(&auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	/* No password, token or typed login ever reaches the log. */
	assert_null(strstr(r.body, PASSWORD));
	assert_null(strstr(r.body, "definitely wrong"));
	assert_null(strstr(r.body, "nobody"));
	assert_null(strstr(r.body, w.csrf));
	json_t *j = http_json(&r);
	json_t *entries = json_object_get(j, "entries");
	assert_true(json_array_size(entries) > 10);
	struct found want[] = {{"session.create", 0},	 {"session.delete", 0},
			       {"session.create_failed", 0}, {"session.throttled", 0},
			       {"user.create", 0},
			       {"audit.read", 0}};
	size_t i;
	json_t *e;
	json_array_foreach(entries, i, e) {
		const char *action = json_string_value(json_object_get(e, "action"));
		for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
			if (action && strcmp(action, want[k].action) == 0)
				want[k].n++;
		/* Web actions carry the client address (test_lockout's sign-in names
		   another through X-Real-IP). */
		if (action && strcmp(action, "session.create") == 0) {
			const char *addr = json_string_value(json_object_get(e, "client_addr"));
			assert_non_null(addr);
			if (strcmp(addr, "127.0.0.1") != 0)
				assert_string_equal(addr, "192.0.2.10");
		}
	}
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
		if (want[k].n == 0)
			fail_msg("no audit entry %s", want[k].action);
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(req_as(&auditor, 0, "GET", "/api/v1/audit/verify", NULL, &r), 200);
	j = http_json(&r);
	assert_true(json_is_true(json_object_get(j, "intact")));
	/* The anchor beside the database vouches for the head. */
	assert_int_equal(json_array_size(json_object_get(j, "tampering")), 0);
	assert_true(json_integer_value(json_object_get(j, "anchored")) > 0);
	json_decref(j);
	http_resp_free(&r);
	/* The auditor's page verifies from the last verified head: each view
	   starts where the one before ended. */
	long long from[2] = {-1, -1};
	for (int view = 0; view < 2; view++) {
		assert_int_equal(req_as(&auditor, 0, "GET", "/audit", NULL, &r), 200);
		assert_non_null(strstr(r.body, "Intégrité vérifiée"));
		const char *at = strstr(r.body, "depuis l&#39;entrée n° ");
		assert_non_null(at);
		assert_int_equal(sscanf(at + strlen("depuis l&#39;entrée n° "), "%lld", &from[view]), 1);
		http_resp_free(&r);
	}
	assert_true(from[1] > from[0]);
	/* The command line reads the same chain. */
	char *out = NULL;
	const char *args[] = {"audit", "verify", "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(args, NULL, &out), 0);
	assert_non_null(strstr(out, "intact"));
	free(out);
}

static void test_session_idle_expiry(void **state)
{
	(void)state;
	struct server short_srv;
	/* Three seconds idle: room for a loaded machine between the sign-in
	   and the first request, and slept past afterwards. */
	const char *extra[] = {"--key-file", fx.key, "--session-idle", "3", NULL};
	assert_int_equal(server_start(&short_srv, fx.db, extra), 0);
	struct sess s;
	assert_int_equal(api_login_port(short_srv.port, "worker1", PASSWORD, &s, NULL), 200);
	struct http_resp r;
	char headers[256];
	snprintf(headers, sizeof headers, "Cookie: %s\r\n", s.cookie);
	http_do(short_srv.port, "GET", "/api/v1/me", headers, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	sleep(5);
	http_do(short_srv.port, "GET", "/api/v1/me", headers, NULL, 0, &r);
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	/* Gone for good, even for a server with a longer idle limit. */
	http_do(fx.srv.port, "GET", "/api/v1/me", headers, NULL, 0, &r);
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	assert_int_equal(server_stop(&short_srv), 0);
}

static void test_session_max_age(void **state)
{
	(void)state;
	struct server short_srv;
	const char *extra[] = {"--key-file", fx.key, "--session-max", "2", NULL};
	assert_int_equal(server_start(&short_srv, fx.db, extra), 0);
	struct sess s;
	assert_int_equal(api_login_port(short_srv.port, "worker1", PASSWORD, &s, NULL), 200);
	char headers[256];
	snprintf(headers, sizeof headers, "Cookie: %s\r\n", s.cookie);
	int last = 0;
	/* Active all along, still signed out after the maximum. */
	for (int i = 0; i < 4; i++) {
		struct http_resp r;
		http_do(short_srv.port, "GET", "/api/v1/me", headers, NULL, 0, &r);
		last = r.status;
		http_resp_free(&r);
		sleep(1);
	}
	assert_int_equal(last, 401);
	assert_int_equal(server_stop(&short_srv), 0);
}

/* Plain HTTP from another host: no Secure, so no __Host- prefix either;
   the session works under its plain name. */
static void test_plain_http_cookie_flag(void **state)
{
	(void)state;
	struct server plain_srv;
	const char *extra[] = {"--key-file", fx.key, "--plain-http-cookie", NULL};
	assert_int_equal(server_start(&plain_srv, fx.db, extra), 0);
	struct http_resp r;
	char v[256];
	struct sess s;
	assert_int_equal(api_login_port(plain_srv.port, "worker1", PASSWORD, &s, &r), 200);
	assert_non_null(http_set_cookie(&r, "relais_session", v, sizeof v));
	assert_true(strncmp(v, "relais_session=", 15) == 0);
	assert_null(strstr(v, "Secure"));
	assert_non_null(strstr(v, "HttpOnly"));
	http_resp_free(&r);
	assert_true(strncmp(s.cookie, "relais_session=", 15) == 0);
	char headers[256];
	snprintf(headers, sizeof headers, "Cookie: %s\r\n", s.cookie);
	http_do(plain_srv.port, "GET", "/api/v1/me", headers, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
	assert_int_equal(server_stop(&plain_srv), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthz),
		cmocka_unit_test(test_security_headers_everywhere),
		cmocka_unit_test(test_home_redirects_to_login),
		cmocka_unit_test(test_login_page_is_french),
		cmocka_unit_test(test_form_login_and_home),
		cmocka_unit_test(test_api_session_shape_and_cookie),
		cmocka_unit_test(test_wrong_credentials),
		cmocka_unit_test(test_me),
		cmocka_unit_test(test_logout),
		cmocka_unit_test(test_csrf_required),
		cmocka_unit_test(test_lockout),
		cmocka_unit_test(test_malformed_json),
		cmocka_unit_test(test_route_flags_order),
		cmocka_unit_test(test_body_too_large),
		cmocka_unit_test(test_not_found_and_method),
		cmocka_unit_test(test_route_role_matrix),
		cmocka_unit_test(test_wrong_role_writes),
		cmocka_unit_test(test_assets),
		cmocka_unit_test(test_audit_entries),
		cmocka_unit_test(test_session_idle_expiry),
		cmocka_unit_test(test_session_max_age),
		cmocka_unit_test(test_plain_http_cookie_flag),
	};
	return cmocka_run_group_tests_name("http", tests, setup, teardown);
}
