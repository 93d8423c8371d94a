/*
 * test_accounts — issue 13's account life cycle through the real binary:
 * enrolment links (good, expired, reused, unknown, wrong code: French
 * message, nothing changed, audited), the second factor at sign-in (TOTP
 * code reused in its window, single-use recovery codes), reset, disable
 * and enable, a person's own password and sessions, the session rotated
 * at sign-in, accounts unused for six months.
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
#include <time.h>

#include <cmocka.h>

#include "http/harness.h"
#include "support/totp.h"

#define PASSWORD TEST_PASSWORD

static struct fixture fx;
#define PORT fx.srv.port

static struct sess admin, auditor;

static int setup(void **state)
{
	(void)state;
	static const char *const users[] = {"admin1:admin", "auditor1:auditor", "w1:worker",
					    "r1:worker",    "d1:worker",	"c1:worker",
					    "s1:worker",    "u1:worker",	NULL};
	/* The account life cycle as a one-person service runs it: the
	   administrator's changes take effect at once (the two-person rule,
	   on by default, is test_twoperson's). */
	static const char *const rule_off[] = {"config", "two-person", "off", NULL};
	static const char *const *const cmds[] = {rule_off, NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	if (api_login(PORT, "admin1", PASSWORD, &admin) != 200 ||
	    api_login(PORT, "auditor1", PASSWORD, &auditor) != 200)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* How many entries of the access log have action. */
static int audited(const char *action)
{
	struct http_resp r;
	if (http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r) != 200) {
		/* The auditor's session may have been rotated by a test: sign in again. */
		http_resp_free(&r);
		assert_int_equal(api_login(PORT, "auditor1", PASSWORD, &auditor), 200);
		assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL,
					 &r),
				 200);
	}
	json_t *j = http_json(&r);
	int n = 0;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "entries"), i, e) {
		const char *a = json_string_value(json_object_get(e, "action"));
		if (a && strcmp(a, action) == 0)
			n++;
	}
	json_decref(j);
	http_resp_free(&r);
	return n;
}

/* An account created by the administrator over the API: its link's token. */
static void create_pending(const char *login, char *token, size_t len)
{
	char body[256];
	snprintf(body, sizeof body, "{\"login\":\"%s\",\"name\":\"Nom %s\",\"role\":\"worker\"}", login,
		 login);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &admin, 1, "POST", "/api/v1/users", body, &r), 201);
	json_t *j = http_json(&r);
	assert_null(json_object_get(j, "password"));
	assert_true(json_integer_value(json_object_get(j, "id")) > 0);
	const char *url = json_string_value(json_object_get(j, "enrolment"));
	assert_non_null(url);
	const char *t = strstr(url, "/inscription/");
	assert_non_null(t);
	snprintf(token, len, "%s", t + strlen("/inscription/"));
	assert_int_equal(strlen(token), 43);
	json_decref(j);
	http_resp_free(&r);
}

/* A sign-in with exactly these parts (code NULL: none sent); the status,
   the session in s (may be NULL) and the answer in out (may be NULL). */
static int sign_in(const char *login, const char *password, const char *code,
		   const char *cookie, struct sess *s, struct http_resp *out)
{
	char body[512], headers[256] = "Content-Type: application/json\r\n";
	if (code)
		snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\",\"code\":\"%s\"}",
			 login, password, code);
	else
		snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
	if (cookie)
		snprintf(headers, sizeof headers, "Content-Type: application/json\r\nCookie: %s\r\n",
			 cookie);
	/* The delays after failed sign-ins are test_throttle's: here every
	   attempt starts from clean counters (forgotten behind the server's back). */
	assert_int_equal(fixture_sql(&fx, "DELETE FROM throttle_logins; DELETE FROM throttle_addresses"),
			 0);
	struct http_resp r;
	assert_int_equal(http_do(PORT, "POST", "/api/v1/session", headers, body, strlen(body), &r),
			 0);
	int status = r.status;
	char v[256];
	if (s && status == 200 && http_set_cookie(&r, "relais_session", v, sizeof v)) {
		snprintf(s->cookie, sizeof s->cookie, "%.*s", (int)strcspn(v, ";"), v);
		json_t *j = http_json(&r);
		snprintf(s->csrf, sizeof s->csrf, "%s",
			 json_string_value(json_object_get(j, "csrf_token")));
		json_decref(j);
	}
	if (out)
		*out = r;
	else
		http_resp_free(&r);
	return status;
}

/* The current code of a secret given in base32. */
static void code_of(const char *b32, char out[16])
{
	uint8_t secret[TOTP_SECRET_BYTES];
	assert_int_equal(totp_secret_from_base32(b32, secret), 0);
	assert_int_equal(totp_generate(secret, sizeof secret, (int64_t)time(NULL), 6, out), 0);
}

static void forget_step(const char *login)
{
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE users SET totp_last_step = NULL WHERE login = '%s'",
		 login);
	assert_int_equal(fixture_sql(&fx, sql), 0);
}

static int me(const struct sess *s)
{
	return http_as(PORT, s, 0, "GET", "/api/v1/me", NULL, NULL);
}

static const char *error_field(const struct http_resp *r, char *out, size_t len)
{
	return json_error(r, "field", out, len);
}

static void test_enrolment_good(void **state)
{
	(void)state;
	char token[64], path[128], secret[64], code[16], body[256], f[32];
	create_pending("p1", token, sizeof token);
	/* No password yet: nothing signs in. */
	assert_int_equal(sign_in("p1", PASSWORD, "123456", NULL, NULL, NULL), 401);
	snprintf(path, sizeof path, "/api/v1/enrolment/%s", token);
	struct http_resp r;
	assert_int_equal(http_as(PORT, NULL, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	assert_string_equal(json_string_value(json_object_get(j, "login")), "p1");
	snprintf(secret, sizeof secret, "%s", json_string_value(json_object_get(j, "totp_secret")));
	assert_int_equal(strlen(secret), TOTP_SECRET_B32_LEN);
	const char *uri = json_string_value(json_object_get(j, "otpauth_uri"));
	assert_non_null(strstr(uri, "otpauth://totp/relais:p1?secret="));
	assert_non_null(strstr(uri, secret));
	json_decref(j);
	http_resp_free(&r);
	/* The secret is the link's: the same when asked again. */
	assert_int_equal(http_as(PORT, NULL, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, secret);
	http_resp_free(&r);
	/* The page: the QR code inline, the secret as text, the form. */
	snprintf(path, sizeof path, "/inscription/%s", token);
	assert_int_equal(http_as(PORT, NULL, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, "<svg");
	expect_in(&r, secret);
	expect_in(&r, "name=\"password_confirm\"");
	expect_in(&r, "name=\"code\"");
	http_resp_free(&r);
	/* A password too short: refused, nothing changed. */
	code_of(secret, code);
	snprintf(path, sizeof path, "/api/v1/enrolment/%s", token);
	snprintf(body, sizeof body, "{\"password\":\"elevenchars\",\"code\":\"%s\"}", code);
	assert_int_equal(http_as(PORT, NULL, 0, "POST", path, body, &r), 422);
	assert_string_equal(error_field(&r, f, sizeof f), "password");
	http_resp_free(&r);
	/* The right password and code: ten recovery codes, shown once. */
	int enrolled = audited("user.enrol");
	snprintf(body, sizeof body, "{\"password\":\"%s\",\"code\":\"%s\"}", PASSWORD, code);
	assert_int_equal(http_as(PORT, NULL, 0, "POST", path, body, &r), 200);
	j = http_json(&r);
	json_t *codes = json_object_get(j, "recovery_codes");
	assert_int_equal(json_array_size(codes), 10);
	for (size_t i = 0; i < 10; i++) {
		const char *c = json_string_value(json_array_get(codes, i));
		assert_int_equal(strlen(c), 14);
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(c, json_string_value(json_array_get(codes, k)));
		/* Stored as keyed hashes only. */
		assert_int_equal(db_has(&fx, c), 0);
	}
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(audited("user.enrol"), enrolled + 1);
	/* The secret is sealed in the database, never in clear. */
	assert_int_equal(db_has(&fx, secret), 0);
	/* The code used to enrol cannot sign in (its step is spent) … */
	assert_int_equal(sign_in("p1", PASSWORD, code, NULL, NULL, NULL), 401);
	/* … a fresh one does (the stored step forgotten instead of waiting). */
	forget_step("p1");
	code_of(secret, code);
	assert_int_equal(sign_in("p1", PASSWORD, code, NULL, NULL, NULL), 200);
}

/* A sign-in form posted without its pre-session token (login CSRF) is
   refused, opens no session and is audited. */
static void test_form_without_token_audited(void **state)
{
	(void)state;
	char code[16], form[200], v[256];
	assert_int_equal(test_code(PORT, "w1", code), 0);
	snprintf(form, sizeof form, "login=w1&password=correct+horse+battery&code=%s", code);
	int refused = audited("session.create_refused_form");
	struct http_resp r;
	assert_int_equal(http_do(PORT, "POST", "/login",
				 "Origin: https://evil.example\r\n"
				 "Content-Type: application/x-www-form-urlencoded\r\n",
				 form, strlen(form), &r),
			 0);
	assert_int_equal(r.status, 403);
	assert_null(http_set_cookie(&r, "relais_session", v, sizeof v));
	http_resp_free(&r);
	assert_int_equal(audited("session.create_refused_form"), refused + 1);
}

static void test_enrolment_refused(void **state)
{
	(void)state;
	char token[64], path[128], secret[64], code[16], body[256], f[32];
	struct http_resp r;
	create_pending("p2", token, sizeof token);
	snprintf(path, sizeof path, "/api/v1/enrolment/%s", token);
	/* Opening the link shows the account's secret: audited too. */
	int opened = audited("account_link.opened");
	assert_int_equal(http_as(PORT, NULL, 0, "GET", path, NULL, &r), 200);
	assert_int_equal(audited("account_link.opened"), opened + 1);
	json_t *j = http_json(&r);
	snprintf(secret, sizeof secret, "%s", json_string_value(json_object_get(j, "totp_secret")));
	json_decref(j);
	http_resp_free(&r);

	/* A wrong code: 422 on "code", in French, audited, nothing changed. */
	int refused = audited("account_link.refused_code");
	code_of(secret, code);
	snprintf(body, sizeof body, "{\"password\":\"%s\",\"code\":\"%06d\"}", PASSWORD,
		 (atoi(code) + 1) % 1000000);
	assert_int_equal(http_as(PORT, NULL, 0, "POST", path, body, &r), 422);
	assert_string_equal(error_field(&r, f, sizeof f), "code");
	expect_in(&r, "Code incorrect");
	http_resp_free(&r);
	assert_int_equal(audited("account_link.refused_code"), refused + 1);
	assert_int_equal(sign_in("p2", PASSWORD, code, NULL, NULL, NULL), 401);
	assert_int_equal(http_as(PORT, NULL, 0, "GET", path, NULL, NULL), 200);
	/* The same on the page. */
	char page[128], form[256];
	snprintf(page, sizeof page, "/inscription/%s", token);
	snprintf(form, sizeof form,
		 "password=correct+horse+battery&password_confirm=correct+horse+battery&code=%06d",
		 (atoi(code) + 1) % 1000000);
	assert_int_equal(http_do(PORT, "POST", page,
				 "Content-Type: application/x-www-form-urlencoded\r\n", form,
				 strlen(form), &r),
			 0);
	assert_int_equal(r.status, 422);
	expect_in(&r, "Code incorrect");
	http_resp_free(&r);
	/* Two passwords that differ, on the page. */
	snprintf(form, sizeof form,
		 "password=correct+horse+battery&password_confirm=correct+horse+batterie&code=%s",
		 code);
	assert_int_equal(http_do(PORT, "POST", page,
				 "Content-Type: application/x-www-form-urlencoded\r\n", form,
				 strlen(form), &r),
			 0);
	assert_int_equal(r.status, 422);
	expect_in(&r, "ne sont pas identiques");
	http_resp_free(&r);

	/* An unknown token: 404 in French, audited. */
	int unknown = audited("account_link.refused_unknown");
	assert_int_equal(http_as(PORT, NULL, 0, "GET",
				 "/api/v1/enrolment/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL,
				 &r),
			 404);
	expect_in(&r, "Ce lien n'est pas valable");
	http_resp_free(&r);
	assert_int_equal(audited("account_link.refused_unknown"), unknown + 1);

	/* An expired link: the same answer, audited as such. */
	assert_int_equal(fixture_sql(&fx, "UPDATE account_links SET expires_at = 1 WHERE user_id ="
					  " (SELECT id FROM users WHERE login = 'p2')"),
			 0);
	int expired = audited("account_link.refused_expired");
	assert_int_equal(http_as(PORT, NULL, 0, "GET", path, NULL, &r), 404);
	expect_in(&r, "Ce lien n'est pas valable");
	http_resp_free(&r);
	snprintf(body, sizeof body, "{\"password\":\"%s\",\"code\":\"%s\"}", PASSWORD, code);
	assert_int_equal(http_as(PORT, NULL, 0, "POST", path, body, NULL), 404);
	assert_int_equal(http_as(PORT, NULL, 0, "GET", page, NULL, &r), 404);
	expect_in(&r, "Ce lien n&#39;est pas valable");
	http_resp_free(&r);
	assert_int_equal(audited("account_link.refused_expired"), expired + 3);
	assert_int_equal(sign_in("p2", PASSWORD, code, NULL, NULL, NULL), 401);

	/* A used link: refused the second time, audited. */
	char token3[64];
	create_pending("p3", token3, sizeof token3);
	assert_int_equal(enrol_link(PORT, fx.db, "p3", token3, PASSWORD), 0);
	int used = audited("account_link.refused_used");
	snprintf(path, sizeof path, "/api/v1/enrolment/%s", token3);
	assert_int_equal(http_as(PORT, NULL, 0, "POST", path, body, &r), 404);
	expect_in(&r, "Ce lien n'est pas valable");
	http_resp_free(&r);
	assert_int_equal(audited("account_link.refused_used"), used + 1);
}

static void test_recovery_code_single_use(void **state)
{
	(void)state;
	char token[64], path[128], secret[64], code[16], body[256], rec[32];
	struct http_resp r;
	create_pending("p4", token, sizeof token);
	snprintf(path, sizeof path, "/api/v1/enrolment/%s", token);
	assert_int_equal(http_as(PORT, NULL, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	snprintf(secret, sizeof secret, "%s", json_string_value(json_object_get(j, "totp_secret")));
	json_decref(j);
	http_resp_free(&r);
	code_of(secret, code);
	snprintf(body, sizeof body, "{\"password\":\"%s\",\"code\":\"%s\"}", PASSWORD, code);
	assert_int_equal(http_as(PORT, NULL, 0, "POST", path, body, &r), 200);
	j = http_json(&r);
	snprintf(rec, sizeof rec, "%s",
		 json_string_value(json_array_get(json_object_get(j, "recovery_codes"), 3)));
	json_decref(j);
	http_resp_free(&r);
	int used = audited("session.recovery_code_used");
	/* Typed in upper case, as a person may: accepted once. */
	for (char *p = rec; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	assert_int_equal(sign_in("p4", PASSWORD, rec, NULL, NULL, NULL), 200);
	assert_int_equal(audited("session.recovery_code_used"), used + 1);
	assert_int_equal(sign_in("p4", PASSWORD, rec, NULL, NULL, NULL), 401);
	/* With a wrong password, even a good code is refused and not spent. */
	assert_int_equal(fixture_sql(&fx, "UPDATE recovery_codes SET used_at = NULL"), 0);
	assert_int_equal(sign_in("p4", "not the password", rec, NULL, NULL, NULL), 401);
	assert_int_equal(sign_in("p4", PASSWORD, rec, NULL, NULL, NULL), 200);
}

static void test_web_enrolment(void **state)
{
	(void)state;
	char token[64], path[128], secret[64], code[16], form[256];
	struct http_resp r;
	create_pending("p5", token, sizeof token);
	snprintf(path, sizeof path, "/inscription/%s", token);
	assert_int_equal(http_as(PORT, NULL, 0, "GET", path, NULL, &r), 200);
	const char *at = strstr(r.body, "id=\"totp-secret\">");
	assert_non_null(at);
	snprintf(secret, sizeof secret, "%.32s", at + strlen("id=\"totp-secret\">"));
	http_resp_free(&r);
	code_of(secret, code);
	snprintf(form, sizeof form,
		 "password=correct+horse+battery&password_confirm=correct+horse+battery&code=%s",
		 code);
	assert_int_equal(http_do(PORT, "POST", path,
				 "Content-Type: application/x-www-form-urlencoded\r\n", form,
				 strlen(form), &r),
			 0);
	assert_int_equal(r.status, 200);
	expect_in(&r, "codes de secours");
	int items = 0;
	for (const char *p = strstr(r.body, "recovery-codes"); p && (p = strstr(p, "<li><code>"));
	     p++)
		items++;
	assert_int_equal(items, 10);
	http_resp_free(&r);
	/* Shown once: the link is spent. */
	assert_int_equal(http_as(PORT, NULL, 0, "GET", path, NULL, NULL), 404);
	forget_step("p5");
	code_of(secret, code);
	assert_int_equal(sign_in("p5", PASSWORD, code, NULL, NULL, NULL), 200);
}

static void test_second_factor_at_sign_in(void **state)
{
	(void)state;
	char code[16];
	struct http_resp ok_missing, wrong_pw, wrong_code;
	assert_int_equal(test_code(PORT, "w1", code), 0);
	int reused = audited("session.totp_reused");
	assert_int_equal(sign_in("w1", PASSWORD, code, NULL, NULL, NULL), 200);
	/* The same code again, in its window: refused. */
	assert_int_equal(sign_in("w1", PASSWORD, code, NULL, NULL, &wrong_code), 401);
	assert_int_equal(audited("session.totp_reused"), reused + 1);
	/* No code, a wrong password, a reused code: the same answer. */
	assert_int_equal(sign_in("w1", PASSWORD, NULL, NULL, NULL, &ok_missing), 401);
	assert_int_equal(sign_in("w1", "not the password", code, NULL, NULL, &wrong_pw), 401);
	assert_string_equal(ok_missing.body, wrong_pw.body);
	assert_string_equal(wrong_code.body, wrong_pw.body);
	expect_in(&wrong_pw, "Identifiant, mot de passe ou code incorrect.");
	http_resp_free(&ok_missing);
	http_resp_free(&wrong_pw);
	http_resp_free(&wrong_code);
	/* The web form takes the code too. */
	char form[200];
	assert_int_equal(test_code(PORT, "w1", code), 0);
	snprintf(form, sizeof form,
		 "login=w1&password=correct+horse+battery&code=%s&login_token=" TEST_LOGIN_TOKEN, code);
	struct http_resp r;
	assert_int_equal(http_do(PORT, "POST", "/login",
				 "Cookie: " TEST_LOGIN_COOKIE "\r\n"
				 "Content-Type: application/x-www-form-urlencoded\r\n", form,
				 strlen(form), &r),
			 0);
	assert_int_equal(r.status, 303);
	http_resp_free(&r);
	assert_int_equal(http_do(PORT, "GET", "/login", NULL, NULL, 0, &r), 0);
	expect_in(&r, "name=\"code\"");
	http_resp_free(&r);
}

static long long id_of(const char *login)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, &admin, 0, "GET", "/api/v1/users", NULL, &r), 200);
	json_t *j = http_json(&r);
	long long id = 0;
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(j, "users"), i, u)
		if (strcmp(json_string_value(json_object_get(u, "login")), login) == 0)
			id = json_integer_value(json_object_get(u, "id"));
	json_decref(j);
	http_resp_free(&r);
	assert_true(id > 0);
	return id;
}

static void test_reset(void **state)
{
	(void)state;
	struct sess s, again;
	struct http_resp r;
	char path[128];
	assert_int_equal(api_login(PORT, "r1", PASSWORD, &s), 200);
	assert_int_equal(me(&s), 200);
	/* Only the administrator resets. */
	snprintf(path, sizeof path, "/api/v1/users/%lld/reset", id_of("r1"));
	assert_int_equal(http_as(PORT, &s, 1, "POST", path, NULL, NULL), 403);
	int resets = audited("user.reset");
	assert_int_equal(http_as(PORT, &admin, 1, "POST", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	const char *url = json_string_value(json_object_get(j, "enrolment"));
	assert_non_null(url);
	char token[64];
	snprintf(token, sizeof token, "%s", strstr(url, "/inscription/") + strlen("/inscription/"));
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(audited("user.reset"), resets + 1);
	/* Every session ended; the old password and factor no longer sign in. */
	assert_int_equal(me(&s), 401);
	assert_int_equal(api_login(PORT, "r1", PASSWORD, NULL), 401);
	/* Enrolled again with the new link; told once at the next sign-in. */
	assert_int_equal(enrol_link(PORT, fx.db, "r1", token, "a brand new password"), 0);
	assert_int_equal(api_login(PORT, "r1", "a brand new password", &again), 200);
	char code[16];
	assert_int_equal(test_code(PORT, "r1", code), 0);
	assert_int_equal(sign_in("r1", "a brand new password", code, NULL, NULL, &r), 200);
	j = http_json(&r);
	assert_false(json_is_true(json_object_get(j, "account_reset")));
	json_decref(j);
	http_resp_free(&r);
}

static void test_reset_notice(void **state)
{
	(void)state;
	char path[128];
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/users/%lld/reset", id_of("u1"));
	assert_int_equal(http_as(PORT, &admin, 1, "POST", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	char token[64];
	snprintf(token, sizeof token, "%s",
		 strstr(json_string_value(json_object_get(j, "enrolment")), "/inscription/") +
			 strlen("/inscription/"));
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(enrol_link(PORT, fx.db, "u1", token, PASSWORD), 0);
	char code[16];
	assert_int_equal(test_code(PORT, "u1", code), 0);
	assert_int_equal(sign_in("u1", PASSWORD, code, NULL, NULL, &r), 200);
	j = http_json(&r);
	assert_true(json_is_true(json_object_get(j, "account_reset")));
	json_decref(j);
	http_resp_free(&r);
}

static void test_disable(void **state)
{
	(void)state;
	struct sess s;
	struct http_resp r, wrong;
	char path[128];
	long long id = id_of("d1");
	assert_int_equal(api_login(PORT, "d1", PASSWORD, &s), 200);
	int disabled = audited("user.disable");
	snprintf(path, sizeof path, "/api/v1/users/%lld/disable", id);
	assert_int_equal(http_as(PORT, &admin, 1, "POST", path, NULL, NULL), 200);
	assert_int_equal(audited("user.disable"), disabled + 1);
	/* Every session ended at once; sign-in refused like wrong credentials. */
	assert_int_equal(me(&s), 401);
	char code[16];
	assert_int_equal(test_code(PORT, "d1", code), 0);
	assert_int_equal(sign_in("d1", PASSWORD, code, NULL, NULL, &r), 401);
	assert_int_equal(sign_in("d1", "not the password", code, NULL, NULL, &wrong), 401);
	assert_string_equal(r.body, wrong.body);
	http_resp_free(&r);
	http_resp_free(&wrong);
	/* The data are kept; the page shows the account disabled. */
	snprintf(path, sizeof path, "/api/v1/users/%lld/caseload", id);
	assert_int_equal(http_as(PORT, &admin, 0, "GET", path, NULL, NULL), 200);
	assert_int_equal(http_as(PORT, &admin, 0, "GET", "/admin/users", NULL, &r), 200);
	expect_in(&r, "désactivé");
	expect_in(&r, "Réactiver");
	http_resp_free(&r);
	/* The administrator cannot disable herself. */
	snprintf(path, sizeof path, "/api/v1/users/%lld/disable", id_of("admin1"));
	assert_int_equal(http_as(PORT, &admin, 1, "POST", path, NULL, NULL), 422);
	/* Enabled again: signs in. */
	snprintf(path, sizeof path, "/api/v1/users/%lld/enable", id);
	assert_int_equal(http_as(PORT, &admin, 1, "POST", path, NULL, NULL), 200);
	assert_int_equal(api_login(PORT, "d1", PASSWORD, &s), 200);
}

static void test_change_password(void **state)
{
	(void)state;
	struct sess a, b;
	struct http_resp r;
	char f[32];
	assert_int_equal(api_login(PORT, "c1", PASSWORD, &a), 200);
	assert_int_equal(api_login(PORT, "c1", PASSWORD, &b), 200);
	/* The current password is asked: a wrong one changes nothing. */
	int refused = audited("user.password_change_refused");
	assert_int_equal(http_as(PORT, &a, 1, "POST", "/api/v1/account/password",
				 "{\"current\":\"not the password\",\"password\":\"another long one\"}",
				 &r),
			 422);
	assert_string_equal(error_field(&r, f, sizeof f), "current");
	http_resp_free(&r);
	assert_int_equal(audited("user.password_change_refused"), refused + 1);
	assert_int_equal(me(&a), 200);
	assert_int_equal(me(&b), 200);
	/* Too short. */
	assert_int_equal(http_as(PORT, &a, 1, "POST", "/api/v1/account/password",
				 "{\"current\":\"" PASSWORD "\",\"password\":\"short\"}", &r),
			 422);
	assert_string_equal(error_field(&r, f, sizeof f), "password");
	http_resp_free(&r);
	/* Changed: this client gets a new session, the others end. */
	assert_int_equal(http_as(PORT, &a, 1, "POST", "/api/v1/account/password",
				 "{\"current\":\"" PASSWORD "\",\"password\":\"another long one\"}",
				 &r),
			 200);
	char v[256];
	assert_non_null(http_set_cookie(&r, "relais_session", v, sizeof v));
	struct sess rotated;
	snprintf(rotated.cookie, sizeof rotated.cookie, "%.*s", (int)strcspn(v, ";"), v);
	json_t *j = http_json(&r);
	snprintf(rotated.csrf, sizeof rotated.csrf, "%s",
		 json_string_value(json_object_get(j, "csrf_token")));
	json_decref(j);
	http_resp_free(&r);
	assert_string_not_equal(rotated.cookie, a.cookie);
	assert_int_equal(me(&a), 401);
	assert_int_equal(me(&b), 401);
	assert_int_equal(me(&rotated), 200);
	assert_int_equal(api_login(PORT, "c1", PASSWORD, NULL), 401);
	assert_int_equal(api_login(PORT, "c1", "another long one", NULL), 200);
	/* The page has the form. */
	assert_int_equal(http_as(PORT, &rotated, 0, "GET", "/compte", NULL, &r), 200);
	expect_in(&r, "name=\"current\"");
	expect_in(&r, "Se déconnecter partout");
	http_resp_free(&r);
}

static void test_sessions_list_and_end(void **state)
{
	(void)state;
	struct sess a, b;
	struct http_resp r;
	assert_int_equal(api_login(PORT, "s1", PASSWORD, &a), 200);
	assert_int_equal(api_login(PORT, "s1", PASSWORD, &b), 200);
	assert_int_equal(http_as(PORT, &a, 0, "GET", "/api/v1/account/sessions", NULL, &r), 200);
	json_t *j = http_json(&r);
	json_t *list = json_object_get(j, "sessions");
	assert_int_equal(json_array_size(list), 2);
	char other[80] = "";
	int current = 0;
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		if (json_is_true(json_object_get(e, "current")))
			current++;
		else
			snprintf(other, sizeof other, "%s",
				 json_string_value(json_object_get(e, "id")));
		assert_string_equal(json_string_value(json_object_get(e, "client_addr")),
				    "127.0.0.1");
	}
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(current, 1);
	assert_true(other[0]);
	/* Another person's session ids are not hers to end. */
	struct sess w;
	assert_int_equal(api_login(PORT, "w1", PASSWORD, &w), 200);
	char path[160];
	snprintf(path, sizeof path, "/api/v1/account/sessions/%s", other);
	assert_int_equal(http_as(PORT, &w, 1, "DELETE", path, NULL, NULL), 404);
	assert_int_equal(me(&b), 200);
	/* She ends the other one. */
	assert_int_equal(http_as(PORT, &a, 1, "DELETE", path, NULL, NULL), 204);
	assert_int_equal(me(&b), 401);
	assert_int_equal(me(&a), 200);
	/* The page lists them. */
	assert_int_equal(http_as(PORT, &a, 0, "GET", "/compte", NULL, &r), 200);
	expect_in(&r, "cette session");
	http_resp_free(&r);
	/* "Se déconnecter partout": every session, this one too. */
	assert_int_equal(api_login(PORT, "s1", PASSWORD, &b), 200);
	assert_int_equal(http_form(PORT, &a, "/compte/deconnexion-partout", "", NULL), 303);
	assert_int_equal(me(&a), 401);
	assert_int_equal(me(&b), 401);
}

static void test_rotation_at_sign_in(void **state)
{
	(void)state;
	struct sess before, after;
	assert_int_equal(api_login(PORT, "w1", PASSWORD, &before), 200);
	char code[16];
	assert_int_equal(test_code(PORT, "w1", code), 0);
	/* Signing in again with the cookie of a live session. */
	assert_int_equal(sign_in("w1", PASSWORD, code, before.cookie, &after, NULL), 200);
	assert_string_not_equal(after.cookie, before.cookie);
	assert_int_equal(me(&before), 401);
	assert_int_equal(me(&after), 200);
}

static void test_unused_accounts_flagged(void **state)
{
	(void)state;
	assert_int_equal(fixture_sql(&fx, "UPDATE users SET last_login_at = 1000, created_at = 1000"
					  " WHERE login = 'auditor1'"),
			 0);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &admin, 0, "GET", "/api/v1/users", NULL, &r), 200);
	json_t *j = http_json(&r);
	size_t i;
	json_t *u;
	int flagged = 0, others = 0;
	json_array_foreach(json_object_get(j, "users"), i, u) {
		int unused = json_is_true(json_object_get(u, "unused"));
		if (strcmp(json_string_value(json_object_get(u, "login")), "auditor1") == 0)
			flagged = unused;
		else
			others += unused;
	}
	json_decref(j);
	http_resp_free(&r);
	assert_int_equal(flagged, 1);
	assert_int_equal(others, 0);
	assert_int_equal(http_as(PORT, &admin, 0, "GET", "/admin/users", NULL, &r), 200);
	expect_in(&r, "inutilisé depuis plus de six mois");
	http_resp_free(&r);
}

static void test_web_admin_creates_with_a_link(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_form(PORT, &admin, "/admin/users",
				   "login=nouvelle&name=Nouvelle&role=worker", &r),
			 201);
	expect_in(&r, "/inscription/");
	expect_not_in(&r, "name=\"password\"");
	http_resp_free(&r);
	/* A reset from the page shows the new link. */
	char path[96];
	snprintf(path, sizeof path, "/admin/users/%lld/reset", id_of("nouvelle"));
	assert_int_equal(http_form(PORT, &admin, path, "", &r), 200);
	expect_in(&r, "Compte réinitialisé");
	expect_in(&r, "/inscription/");
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enrolment_good),
		cmocka_unit_test(test_enrolment_refused),
		cmocka_unit_test(test_recovery_code_single_use),
		cmocka_unit_test(test_web_enrolment),
		cmocka_unit_test(test_second_factor_at_sign_in),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_reset_notice),
		cmocka_unit_test(test_disable),
		cmocka_unit_test(test_change_password),
		cmocka_unit_test(test_sessions_list_and_end),
		cmocka_unit_test(test_rotation_at_sign_in),
		cmocka_unit_test(test_web_admin_creates_with_a_link),
		cmocka_unit_test(test_unused_accounts_flagged),
		cmocka_unit_test(test_form_without_token_audited),
	};
	return cmocka_run_group_tests_name("accounts", tests, setup, teardown);
}
