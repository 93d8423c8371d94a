/*
 * test_oidc — OpenID Connect single sign-on against a real provider:
 * Debian's glewlwyd, started on 127.0.0.1 with a SQLite database and
 * configured through its REST admin API by tests/oidc/glewlwyd.sh (OIDC
 * plugin RS256 + PKCE, clients "relais" and "autre", user alice with a
 * password and a TOTP, the openid scope requiring both).
 *
 * The flow end to end (relais → provider → relais, session opened), then
 * each refusal, each audited ("oidc.refused", the reason as object id) and
 * answered in French: state unknown or replayed, state started in another
 * browser, wrong nonce, replayed code, a code of a second client, an
 * expired id_token (a provider instance whose clock lags), a key not in
 * the JWKS relais holds (a second provider instance with its own key).
 *
 * Skipped (TAP skip) when glewlwyd is not installed.
 *
 * Environment: RELAIS_BIN, RELAIS_TEST_DB (optional PostgreSQL URI).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/harness.h"
#include "support/totp.h"

#define GLEWLWYD_SH "tests/oidc/glewlwyd.sh"
#define TOTP_SECRET "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

static struct fixture fx;
static int have_glewlwyd;
static int gport, rport;          /* provider, relais */
static char gdir[400];            /* the provider instance's folder */
static char gsession[256];        /* alice's session cookie at the provider */
static char issuer[128];

/* A free loopback port (bound then released). */
static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t n = sizeof a;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &n) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return ntohs(a.sin_port);
}

/* The value of cookie name among the response's Set-Cookie headers. */
static int set_cookie(const struct http_resp *r, const char *name, char *out, size_t len)
{
	for (const char *p = r->head; (p = strstr(p, "Set-Cookie: ")) != NULL; p += 12) {
		const char *v = p + 12;
		size_t n = strlen(name);
		if (strncmp(v, "__Host-", 7) == 0)
			v += 7; /* the session cookie's name may carry the prefix */
		if (strncmp(v, name, n) == 0 && v[n] == '=') {
			v += n + 1;
			size_t k = strcspn(v, ";\r\n");
			if (k + 1 > len)
				return -1;
			memcpy(out, v, k);
			out[k] = '\0';
			return 0;
		}
	}
	return -1;
}

/* The path of an absolute http://127.0.0.1:PORT/… URL. */
static const char *path_of(const char *url, int port)
{
	char prefix[64];
	snprintf(prefix, sizeof prefix, "http://127.0.0.1:%d/", port);
	size_t n = strlen(prefix);
	return strncmp(url, prefix, n) == 0 ? url + n - 1 : NULL;
}

/* POSTs JSON to the provider's /api/auth/ with alice's cookie. */
static int provider_auth(const char *body)
{
	char headers[512];
	snprintf(headers, sizeof headers, "Content-Type: application/json\r\n%s%s%s",
		 gsession[0] ? "Cookie: GLEWLWYD2_SESSION_ID=" : "", gsession,
		 gsession[0] ? "\r\n" : "");
	struct http_resp r;
	if (http_do(gport, "POST", "/api/auth/", headers, body, strlen(body), &r) != 0)
		return -1;
	int status = r.status;
	char c[256];
	if (set_cookie(&r, "GLEWLWYD2_SESSION_ID", c, sizeof c) == 0)
		snprintf(gsession, sizeof gsession, "%s", c);
	http_resp_free(&r);
	return status;
}

/* Alice signs in at the provider: password, then her TOTP. */
static int provider_sign_in(void)
{
	gsession[0] = '\0';
	if (provider_auth("{\"username\":\"alice\",\"password\":\"alice-motdepasse-1\"}") != 200)
		return -1;
	uint8_t secret[TOTP_SECRET_BYTES];
	char code[TOTP_CODE_MAX + 1], body[256];
	if (totp_secret_from_base32(TOTP_SECRET, secret) != 0 ||
	    totp_generate(secret, sizeof secret, (int64_t)time(NULL), 6, code) != 0)
		return -1;
	snprintf(body, sizeof body,
		 "{\"username\":\"alice\",\"scheme_type\":\"otp\",\"scheme_name\":\"otp\","
		 "\"value\":{\"value\":\"%s\"}}",
		 code);
	return provider_auth(body) == 200 ? 0 : -1;
}

/* One attempt begun at relais: the provider's URL and the browser cookie. */
struct attempt {
	char url[2048];
	char browser[128];
};

static void begin(struct attempt *a)
{
	struct http_resp r;
	assert_int_equal(http_do(rport, "GET", "/oidc/connexion", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 303);
	assert_non_null(http_header(&r, "Location", a->url, sizeof a->url));
	assert_int_equal(set_cookie(&r, "relais_oidc", a->browser, sizeof a->browser), 0);
	assert_non_null(strstr(a->url, "code_challenge_method=S256"));
	assert_non_null(strstr(a->url, "nonce="));
	http_resp_free(&r);
}

/* The provider's answer for an authorization URL (alice signed in there):
   relais's callback path with its state and code. */
static void authorize(const char *url, char *callback, size_t len)
{
	const char *path = path_of(url, gport);
	assert_non_null(path);
	char full[2300], headers[400];
	/* g_continue: what glewlwyd's login page adds once the user is in. */
	snprintf(full, sizeof full, "%s&g_continue", path);
	snprintf(headers, sizeof headers, "Cookie: GLEWLWYD2_SESSION_ID=%s\r\n", gsession);
	struct http_resp r;
	assert_int_equal(http_do(gport, "GET", full, headers, NULL, 0, &r), 0);
	assert_int_equal(r.status, 302);
	char loc[2048];
	assert_non_null(http_header(&r, "Location", loc, sizeof loc));
	const char *cb = path_of(loc, rport);
	if (!cb)
		fail_msg("the provider did not send back to relais: %s", loc);
	assert_non_null(strstr(cb, "/oidc/retour?"));
	assert_non_null(strstr(cb, "code="));
	snprintf(callback, len, "%s", cb);
	http_resp_free(&r);
}

/* relais's answer to the provider's redirect, with the browser cookie. */
static int callback_as(const char *path, const char *browser, const struct sess *s,
		       struct http_resp *r)
{
	char headers[400] = "";
	if (browser || s)
		snprintf(headers, sizeof headers, "Cookie: %s%s%s%s\r\n", browser ? "relais_oidc=" : "",
			 browser ? browser : "", browser && s ? "; " : "", s ? s->cookie : "");
	return http_do(rport, "GET", path, headers, NULL, 0, r);
}

static int callback(const char *path, const char *browser, struct http_resp *r)
{
	return callback_as(path, browser, NULL, r);
}

/* (Re)starts relais on rport, with or without --oidc-provider-mfa. */
static int relais_start(int provider_mfa)
{
	if (fx.srv.pid > 0 && server_stop(&fx.srv) != 0)
		return -1;
	char listen[64], redirect[128];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", rport);
	snprintf(redirect, sizeof redirect, "http://127.0.0.1:%d/oidc/retour", rport);
	const char *extra[] = {"--key-file",	      fx.key,	 "--listen",	listen,
			       "--oidc-issuer",	      issuer,	 "--oidc-client-id", "relais",
			       "--oidc-redirect-uri", redirect, provider_mfa ? "--oidc-provider-mfa" : NULL,
			       NULL};
	return server_start(&fx.srv, fx.db, extra) != 0 || fx.srv.port != rport ? -1 : 0;
}

/* How many "oidc.refused" entries name reason. */
static int refusals(const char *reason)
{
	char out[64] = "";
	char cmd[1200];
	if (strstr(fx.db, "://"))
		snprintf(cmd, sizeof cmd,
			 "psql -X -q -At '%s' -c \"SELECT COUNT(*) FROM audit_log WHERE action = "
			 "'oidc.refused' AND object_id = '%s'\"",
			 fx.db, reason);
	else
		snprintf(cmd, sizeof cmd,
			 "sqlite3 '%s' \"SELECT COUNT(*) FROM audit_log WHERE action = 'oidc.refused' "
			 "AND object_id = '%s'\"",
			 fx.db, reason);
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	if (!fgets(out, sizeof out, p))
		out[0] = '\0';
	pclose(p);
	return out[0] ? atoi(out) : -1;
}

/* A complete refusal: status 401, the French message, one more audit entry. */
static void expect_refused(const char *path, const char *browser, const char *reason,
			   const char *french)
{
	int before = refusals(reason);
	struct http_resp r;
	assert_int_equal(callback(path, browser, &r), 0);
	if (r.status != 401 || !strstr(r.body, french))
		fail_msg("expected a 401 refusal (%s) saying \"%s\", got %d:\n%s", reason, french,
			 r.status, r.body);
	assert_null(strstr(r.head, "relais_session="));
	assert_int_equal(refusals(reason), before + 1);
	http_resp_free(&r);
}

static int setup(void **state)
{
	(void)state;
	if (access("/usr/bin/glewlwyd", X_OK) != 0 && access("/usr/sbin/glewlwyd", X_OK) != 0)
		return 0;
	have_glewlwyd = 1;
	const char *users[] = {"alice:worker", "bob:worker", NULL};
	if (fixture_start(&fx, NULL, users) != 0 || server_stop(&fx.srv) != 0)
		return -1;
	gport = free_port();
	rport = free_port();
	if (gport <= 0 || rport <= 0 || gport == rport)
		return -1;
	snprintf(gdir, sizeof gdir, "%s/gw1", fx.dir);
	if (shell("%s start '%s' %d 'http://127.0.0.1:%d/oidc/retour' %s >/dev/null", GLEWLWYD_SH,
		  gdir, gport, rport, TOTP_SECRET) != 0)
		return -1;
	snprintf(issuer, sizeof issuer, "http://127.0.0.1:%d/api/oidc", gport);
	/* First without --oidc-provider-mfa: the local second factor is asked. */
	if (relais_start(0) != 0)
		return -1;
	return provider_sign_in();
}

static int teardown(void **state)
{
	(void)state;
	if (!have_glewlwyd)
		return 0;
	shell("for d in '%s'/gw*; do %s stop \"$d\"; done", fx.dir, GLEWLWYD_SH);
	return fixture_stop(&fx);
}

#define NEED_GLEWLWYD()                                                                   \
	do {                                                                               \
		if (!have_glewlwyd) {                                                      \
			print_message("glewlwyd is not installed: OIDC tests skipped\n"); \
			skip();                                                            \
		}                                                                          \
	} while (0)

/* The provider's URL on the page that moves on to it (after a form, the
   CSP's form-action forbids a redirect to another origin). */
static int onward(const struct http_resp *r, char *url, size_t len)
{
	const char *p = strstr(r->body, "id=\"oidc-onward\" href=\"");
	if (!p)
		return -1;
	p += strlen("id=\"oidc-onward\" href=\"");
	size_t n = strcspn(p, "\"");
	if (n + 1 > len)
		return -1;
	/* Unescape the &amp; of the attribute. */
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(p + i, "&amp;", 5) == 0) {
			url[o++] = '&';
			i += 4;
		} else {
			url[o++] = p[i];
		}
	}
	url[o] = '\0';
	return 0;
}

/* Alice links her relais account from her account page: her local code,
   then the provider, then back to relais in the same session. */
static void link_alice(void)
{
	struct sess s;
	struct http_resp r;
	assert_int_equal(api_login(rport, "alice", TEST_PASSWORD, &s), 200);
	char form[64], code[16];
	assert_int_equal(test_code(rport, "alice", code), 0);
	snprintf(form, sizeof form, "code=%s", code);
	assert_int_equal(http_form(rport, &s, "/compte/oidc/lier", form, &r), 200);
	struct attempt a;
	assert_int_equal(onward(&r, a.url, sizeof a.url), 0);
	assert_int_equal(set_cookie(&r, "relais_oidc", a.browser, sizeof a.browser), 0);
	http_resp_free(&r);
	char cb[2048];
	authorize(a.url, cb, sizeof cb);
	/* Back in another session (not the one that asked): refused. */
	struct sess other;
	assert_int_equal(api_login(rport, "bob", TEST_PASSWORD, &other), 200);
	assert_int_equal(callback_as(cb, a.browser, &other, &r), 0);
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	/* Again, from alice's session. */
	assert_int_equal(http_form(rport, &s, "/compte/oidc/lier", form, &r), 401); /* code reused */
	http_resp_free(&r);
	assert_int_equal(test_code(rport, "alice", code), 0);
	snprintf(form, sizeof form, "code=%s", code);
	assert_int_equal(http_form(rport, &s, "/compte/oidc/lier", form, &r), 200);
	assert_int_equal(onward(&r, a.url, sizeof a.url), 0);
	assert_int_equal(set_cookie(&r, "relais_oidc", a.browser, sizeof a.browser), 0);
	http_resp_free(&r);
	authorize(a.url, cb, sizeof cb);
	/* As a browser would: the session cookie is SameSite=Strict. */
	assert_int_equal(callback(cb, a.browser, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "/compte/oidc?lie=1"));
	http_resp_free(&r);
	assert_int_equal(http_as(rport, &s, 0, "GET", "/compte/oidc", NULL, &r), 200);
	assert_non_null(strstr(r.body, "Votre compte est lié"));
	http_resp_free(&r);
}

static void test_unlinked_identity_refused(void **state)
{
	(void)state;
	NEED_GLEWLWYD();
	struct attempt a;
	char cb[2048];
	begin(&a);
	authorize(a.url, cb, sizeof cb);
	/* Alice is known to the provider, but no relais account is linked to
	   her subject: never matched by e-mail, never created. */
	expect_refused(cb, a.browser, "not_linked", "Aucun compte de ce service");
	link_alice();
}

static void test_local_second_factor_after_provider(void **state)
{
	(void)state;
	NEED_GLEWLWYD();
	/* Without --oidc-provider-mfa, the provider's TOTP does not replace
	   relais's: a wrong local code is refused (and spends the step)… */
	struct attempt a;
	char cb[2048], pending[128], form[256], code[16];
	struct http_resp r;
	begin(&a);
	authorize(a.url, cb, sizeof cb);
	assert_int_equal(callback(cb, a.browser, &r), 0);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.head, "relais_session="));
	const char *p = strstr(r.body, "name=\"pending\" value=\"");
	assert_non_null(p);
	p += strlen("name=\"pending\" value=\"");
	snprintf(pending, sizeof pending, "%.*s", (int)strcspn(p, "\""), p);
	http_resp_free(&r);
	int before = refusals("second_factor");
	snprintf(form, sizeof form, "pending=%s&code=000000", pending);
	assert_int_equal(http_form(rport, NULL, "/oidc/code", form, &r), 401);
	assert_non_null(strstr(r.body, "Code de second facteur incorrect"));
	http_resp_free(&r);
	assert_int_equal(refusals("second_factor"), before + 1);
	assert_int_equal(test_code(rport, "alice", code), 0);
	snprintf(form, sizeof form, "pending=%s&code=%s", pending, code);
	assert_int_equal(http_form(rport, NULL, "/oidc/code", form, &r), 401); /* spent */
	http_resp_free(&r);
	/* …and the right one opens a session. */
	begin(&a);
	authorize(a.url, cb, sizeof cb);
	assert_int_equal(callback(cb, a.browser, &r), 0);
	p = strstr(r.body, "name=\"pending\" value=\"");
	assert_non_null(p);
	p += strlen("name=\"pending\" value=\"");
	snprintf(pending, sizeof pending, "%.*s", (int)strcspn(p, "\""), p);
	http_resp_free(&r);
	assert_int_equal(test_code(rport, "alice", code), 0);
	snprintf(form, sizeof form, "pending=%s&code=%s", pending, code);
	/* Posted by a page of another site (login CSRF): refused, nothing spent. */
	assert_int_equal(http_do(rport, "POST", "/oidc/code",
				 "Origin: https://evil.example\r\n"
				 "Content-Type: application/x-www-form-urlencoded\r\n",
				 form, strlen(form), &r),
			 0);
	assert_int_equal(r.status, 403);
	assert_null(strstr(r.head, "relais_session="));
	http_resp_free(&r);
	assert_int_equal(http_form(rport, NULL, "/oidc/code", form, &r), 303);
	char token[128];
	assert_int_equal(set_cookie(&r, "relais_session", token, sizeof token), 0);
	http_resp_free(&r);
	/* From here on the admin lets the provider's second factor count. */
	assert_int_equal(relais_start(1), 0);
}

static char used_callback[2048], used_browser[128];

static void test_flow_end_to_end(void **state)
{
	(void)state;
	NEED_GLEWLWYD();
	struct attempt a;
	char cb[2048];
	begin(&a);
	authorize(a.url, cb, sizeof cb);
	struct http_resp r;
	assert_int_equal(callback(cb, a.browser, &r), 0);
	if (r.status != 200)
		fail_msg("sign-in through the provider: %d\n%s", r.status, r.body);
	assert_non_null(strstr(r.body, "Connexion réussie"));
	char token[128];
	assert_int_equal(set_cookie(&r, "relais_session", token, sizeof token), 0);
	const char *name =
		strstr(r.head, "__Host-relais_session=") ? "__Host-relais_session" : "relais_session";
	/* A normal session: alice's home page. */
	char headers[256];
	snprintf(headers, sizeof headers, "Cookie: %s=%s\r\n", name, token);
	http_resp_free(&r);
	assert_int_equal(http_do(rport, "GET", "/api/v1/me", headers, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"alice\""));
	http_resp_free(&r);
	snprintf(used_callback, sizeof used_callback, "%s", cb);
	snprintf(used_browser, sizeof used_browser, "%s", a.browser);
}

static void test_state_replayed_or_unknown(void **state)
{
	(void)state;
	NEED_GLEWLWYD();
	/* The same answer again: the attempt was used once. */
	expect_refused(used_callback, used_browser, "state", "déjà servi");
	/* A state relais never issued. */
	struct attempt a;
	char cb[2048];
	begin(&a);
	authorize(a.url, cb, sizeof cb);
	char forged[2100];
	const char *st = strstr(cb, "state=");
	assert_non_null(st);
	snprintf(forged, sizeof forged, "%.*sstate=AAAA%s", (int)(st - cb), cb, st + 10);
	expect_refused(forged, a.browser, "state", "déjà servi");
}

static void test_state_of_another_browser(void **state)
{
	(void)state;
	NEED_GLEWLWYD();
	/* Attempt A's answer delivered to browser B (login CSRF): refused, and
	   A is spent. */
	struct attempt a, b;
	char cb[2048];
	begin(&a);
	begin(&b);
	authorize(a.url, cb, sizeof cb);
	expect_refused(cb, b.browser, "browser", "pas été commencée dans ce navigateur");
	expect_refused(cb, NULL, "state", "déjà servi");
	expect_refused(cb, a.browser, "state", "déjà servi");
}

static void test_wrong_nonce(void **state)
{
	(void)state;
	NEED_GLEWLWYD();
	struct attempt a;
	char cb[2048], url[2100];
	begin(&a);
	/* The authorization request altered on its way: another nonce. */
	const char *n = strstr(a.url, "nonce=");
	assert_non_null(n);
	snprintf(url, sizeof url, "%.*snonce=Zzz%s", (int)(n - a.url), a.url, n + 9);
	authorize(url, cb, sizeof cb);
	expect_refused(cb, a.browser, "nonce", "pas valable pour ce service");
}

static void test_replayed_code(void **state)
{
	(void)state;
	NEED_GLEWLWYD();
	/* The code of the signed-in flow, brought back with a fresh attempt. */
	const char *code = strstr(used_callback, "code=");
	assert_non_null(code);
	struct attempt a;
	char cb[2048], replay[2300];
	begin(&a);
	authorize(a.url, cb, sizeof cb);
	const char *mine = strstr(cb, "code=");
	assert_non_null(mine);
	snprintf(replay, sizeof replay, "%.*s%s", (int)(mine - cb), cb, code);
	expect_refused(replay, a.browser, "exchange", "déjà utilisé ou expiré");
}

static void test_code_of_a_second_client(void **state)
{
	(void)state;
	NEED_GLEWLWYD();
	/* The provider asked on behalf of client "autre" (same redirect URI):
	   its code and token are for another audience. */
	struct attempt a;
	char cb[2048], url[2100];
	begin(&a);
	const char *c = strstr(a.url, "client_id=relais");
	assert_non_null(c);
	snprintf(url, sizeof url, "%.*sclient_id=autre%s", (int)(c - a.url), a.url, c + 16);
	authorize(url, cb, sizeof cb);
	expect_refused(cb, a.browser, "exchange", "déjà utilisé ou expiré");
}

static void test_expired_id_token(void **state)
{
	(void)state;
	NEED_GLEWLWYD();
	/* A second provider instance, same database and key, whose clock is
	   two hours behind: its id_token expired an hour ago. */
	char next[320];
	snprintf(next, sizeof next, "%s/gw2", fx.dir);
	assert_int_equal(shell("%s swap '%s' '%s' lagging >/dev/null", GLEWLWYD_SH, gdir, next), 0);
	snprintf(gdir, sizeof gdir, "%s", next);
	struct attempt a;
	char cb[2048];
	begin(&a);
	authorize(a.url, cb, sizeof cb);
	expect_refused(cb, a.browser, "expired", "a expiré");
}

static void test_key_not_in_jwks(void **state)
{
	(void)state;
	NEED_GLEWLWYD();
	/* A second provider instance with a signing key of its own: relais
	   holds the first instance's JWKS and fetches none for an unknown key. */
	char next[320];
	snprintf(next, sizeof next, "%s/gw3", fx.dir);
	assert_int_equal(shell("%s swap '%s' '%s' newkey >/dev/null", GLEWLWYD_SH, gdir, next), 0);
	snprintf(gdir, sizeof gdir, "%s", next);
	struct attempt a;
	char cb[2048];
	begin(&a);
	authorize(a.url, cb, sizeof cb);
	expect_refused(cb, a.browser, "signature", "pas valable pour ce service");
}

static void test_link_needs_local_second_factor(void **state)
{
	(void)state;
	NEED_GLEWLWYD();
	/* Linking from the account page: without a valid local code nothing
	   starts (the local check fails closed until TOTP is merged). */
	struct sess s;
	assert_int_equal(api_login(rport, "bob", TEST_PASSWORD, &s), 200);
	struct http_resp r;
	assert_int_equal(http_form(rport, &s, "/compte/oidc/lier", "code=123456", &r), 401);
	assert_non_null(strstr(r.body, "Code de second facteur incorrect"));
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unlinked_identity_refused),
		cmocka_unit_test(test_link_needs_local_second_factor),
		cmocka_unit_test(test_local_second_factor_after_provider),
		cmocka_unit_test(test_flow_end_to_end),
		cmocka_unit_test(test_state_replayed_or_unknown),
		cmocka_unit_test(test_state_of_another_browser),
		cmocka_unit_test(test_wrong_nonce),
		cmocka_unit_test(test_replayed_code),
		cmocka_unit_test(test_code_of_a_second_client),
		cmocka_unit_test(test_expired_id_token),
		cmocka_unit_test(test_key_not_in_jwks),
	};
	return cmocka_run_group_tests_name("oidc", tests, setup, teardown);
}
