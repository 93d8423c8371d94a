/*
 * test_throttle — issue 13's throttling that cannot be turned against
 * users, on the real binary: the progressive delay (per login and
 * address, per address), answered early with 429 and Retry-After, the
 * same for known, unknown and disabled logins; the device cookie; the
 * hashing gate's 503 under a flood; login CSRF; the session cookie's
 * attributes and its rotation at sign-in.
 *
 * Counters are aged with fixture_sql(), never by sleeping.  Each test
 * signs in from its own addresses (X-Real-IP, trusted from loopback), so
 * the per-address counters of one test do not reach another.
 *
 * Environment: RELAIS_BIN, RELAIS_TEST_DB (as the other HTTP tests).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cmocka.h>

#include "http/harness.h"

#define PASSWORD TEST_PASSWORD

static struct fixture fx;

static int setup(void **state)
{
	(void)state;
	static const char *const users[] = {"grow:worker",  "known:worker", "gone:worker",
					    "owner:worker", "lay:worker",   "flood:worker",
					    "csrf:worker",  "rotor:worker", "flood0:worker",
					    "flood1:worker", "flood2:worker", "flood3:worker",
					    "flood4:worker", "flood5:worker", "flood6:worker",
					    "flood7:worker", "flood8:worker", "flood9:worker",
					    "flood10:worker", "flood11:worker", "flood12:worker",
					    "flood13:worker", "flood14:worker", "flood15:worker",
					    "flood16:worker", "flood17:worker", "flood18:worker",
					    "flood19:worker", "flood20:worker", "flood21:worker",
					    "flood22:worker", "flood23:worker", NULL};
	if (fixture_start(&fx, NULL, users) != 0)
		return -1;
	/* A disabled account (the CLI to disable comes with the account life cycle). */
	return fixture_sql(&fx, "UPDATE users SET active = 0 WHERE login = 'gone'");
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* A JSON sign-in from addr with extra headers (may be ""); the status. */
static int signin_code(const char *addr, const char *extra, const char *login,
		       const char *password, const char *code, struct http_resp *keep)
{
	char body[320], headers[1024];
	snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\",\"code\":\"%s\"}",
		 login, password, code);
	snprintf(headers, sizeof headers,
		 "X-Real-IP: %s\r\n%sContent-Type: application/json\r\n", addr, extra);
	struct http_resp r;
	if (http_do(fx.srv.port, "POST", "/api/v1/session", headers, body, strlen(body), &r) != 0)
		fail_msg("no answer from the server");
	int status = r.status;
	if (keep)
		*keep = r;
	else
		http_resp_free(&r);
	return status;
}

/* The same with the second factor's current code when the password is the
   right one; any code with a wrong one, or for a login that has none
   (unknown, disabled). */
static int signin(const char *addr, const char *extra, const char *login, const char *password,
		  struct http_resp *keep)
{
	char code[16];
	if (strcmp(password, PASSWORD) != 0 || test_code(fx.srv.port, login, code) != 0)
		snprintf(code, sizeof code, "000000");
	return signin_code(addr, extra, login, password, code, keep);
}

static long retry_after(const struct http_resp *r)
{
	char v[32];
	if (!http_header(r, "Retry-After", v, sizeof v))
		return -1;
	return atol(v);
}

static void age(const char *table)
{
	char sql[256];
	/* Within forget_after (a day): the count stays, the delay has passed. */
	snprintf(sql, sizeof sql, "UPDATE %s SET last_failure = last_failure - 1000", table);
	assert_int_equal(fixture_sql(&fx, sql), 0);
}

/* Three failures are free, then the delay doubles: 1, 2, 4, 8 s…, each
   answered at once with 429 and Retry-After; the right password works
   once it has passed, and no delay exceeds the stated cap (15 min). */
static void test_delay_grows(void **state)
{
	(void)state;
	const char *addr = "198.51.100.1";
	struct http_resp r;
	for (int i = 0; i < 4; i++)
		assert_int_equal(signin(addr, "", "grow", "wrong password!", NULL), 401);
	long expected[] = {2, 4, 8};
	for (int k = 0; k < 3; k++) {
		age("throttle_logins");
		assert_int_equal(signin(addr, "", "grow", "wrong password!", NULL), 401);
		/* Right after a failure: delayed, even with the right password. */
		assert_int_equal(signin(addr, "", "grow", PASSWORD, &r), 429);
		long ra = retry_after(&r);
		/* The clock may tick between the failure and this attempt. */
		if (ra != expected[k] && ra != expected[k] - 1)
			fail_msg("Retry-After %ld after %d failures, expected %ld", ra, 5 + k,
				 expected[k]);
		char code[64];
		assert_string_equal(json_error(&r, "code", code, sizeof code), "too_many_attempts");
		http_resp_free(&r);
	}
	/* The cap, counted from a last failure the test dates itself: the
	   seconds the statement and the request took (a loaded machine) are
	   measured, not assumed. */
	char sql[128];
	time_t t0 = time(NULL);
	snprintf(sql, sizeof sql, "UPDATE throttle_logins SET failures = 1000, last_failure = %lld",
		 (long long)t0);
	assert_int_equal(fixture_sql(&fx, sql), 0);
	assert_int_equal(signin(addr, "", "grow", PASSWORD, &r), 429);
	long took = (long)(time(NULL) - t0);
	assert_true(retry_after(&r) <= 15 * 60 && retry_after(&r) >= 15 * 60 - took - 1);
	http_resp_free(&r);
	age("throttle_logins");
	/* The delay has passed: the right password works, and resets the count. */
	assert_int_equal(signin(addr, "", "grow", PASSWORD, NULL), 200);
	assert_int_equal(signin(addr, "", "grow", "wrong password!", NULL), 401);
	assert_int_equal(signin(addr, "", "grow", PASSWORD, NULL), 200);
}

/* The response's head without its Date line (caller frees). */
static char *head_without_date(const char *head)
{
	char *out = malloc(strlen(head) + 1);
	size_t n = 0;
	for (const char *line = head; *line;) {
		size_t len = strcspn(line, "\r\n");
		if (strncasecmp(line, "Date:", 5) != 0) {
			memcpy(out + n, line, len);
			n += len;
			out[n++] = '\n';
		}
		line += len;
		while (*line == '\r' || *line == '\n')
			line++;
	}
	out[n] = '\0';
	return out;
}

/* Shows text as TAP comments, a line at a time, each cut at 200 bytes:
   cmocka's print_message() cuts a message at 1,024 bytes without its
   newline, and the next "ok" line then lands inside it, uncounted. */
static void diag_text(const char *text, size_t len)
{
	const char *end = text + len;
	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t n = nl ? (size_t)(nl - text) : (size_t)(end - text);
		print_message("# %.*s\n", (int)(n < 200 ? n : 200), text);
		text += n + (nl != NULL);
	}
}

static int same_answer(const struct http_resp *a, const struct http_resp *b)
{
	char *ha = head_without_date(a->head), *hb = head_without_date(b->head);
	int same = a->status == b->status && strcmp(ha, hb) == 0 && a->body_len == b->body_len &&
		   memcmp(a->body, b->body, a->body_len) == 0;
	if (!same) {
		print_message("# differ:\n");
		diag_text(ha, strlen(ha));
		diag_text(a->body, a->body_len);
		print_message("# ---\n");
		diag_text(hb, strlen(hb));
		diag_text(b->body, b->body_len);
	}
	free(ha);
	free(hb);
	return same;
}

/* Answers to three logins that must not be told apart; retried when the
   clock ticked between them (Retry-After counts whole seconds). */
typedef int (*attempt_fn)(int which, struct http_resp *r);

static void expect_identical(attempt_fn attempt, int status)
{
	for (int tries = 0;; tries++) {
		struct http_resp r[3];
		for (int i = 0; i < 3; i++)
			assert_int_equal(attempt(i, &r[i]), status);
		int same = same_answer(&r[0], &r[1]) && same_answer(&r[0], &r[2]);
		for (int i = 0; i < 3; i++)
			http_resp_free(&r[i]);
		if (same)
			return;
		if (tries == 2)
			fail_msg("known, unknown and disabled logins answered differently");
	}
}

static const char *const logins3[3] = {"known", "nobody-here", "gone"};
static const char *const addrs3[3] = {"198.51.100.11", "198.51.100.12", "198.51.100.13"};

static int wrong_json(int which, struct http_resp *r)
{
	return signin("198.51.100.10", "", logins3[which], "wrong password!", r);
}

static int right_json(int which, struct http_resp *r)
{
	return signin(addrs3[which], "", logins3[which], PASSWORD, r);
}

static int right_form(int which, struct http_resp *r)
{
	char headers[512], form[256];
	snprintf(headers, sizeof headers,
		 "X-Real-IP: %s\r\nCookie: " TEST_LOGIN_COOKIE
		 "\r\nContent-Type: application/x-www-form-urlencoded\r\n",
		 addrs3[which]);
	/* The three codes are read before the first of the three requests:
	   test_code may run psql, and on a loaded machine the answers would
	   otherwise fall in different seconds (their Retry-After differing). */
	static char codes[3][16];
	if (which == 0)
		for (int i = 0; i < 3; i++)
			if (test_code(fx.srv.port, logins3[i], codes[i]) != 0)
				snprintf(codes[i], sizeof codes[i], "000000");
	snprintf(form, sizeof form, "login=%s&password=correct+horse+battery&code=%s&login_token=%s",
		 logins3[which], codes[which], TEST_LOGIN_TOKEN);
	if (http_do(fx.srv.port, "POST", "/login", headers, form, strlen(form), r) != 0)
		fail_msg("no answer");
	return r->status;
}

static int shared_addr_json(int which, struct http_resp *r)
{
	return signin("198.51.100.20", "", logins3[which], PASSWORD, r);
}

/* Known, unknown and disabled logins: the same status, headers (Date
   aside) and body, whether the password is wrong or a delay runs. */
static void test_same_answer_any_login(void **state)
{
	(void)state;
	/* Wrong password: 401, one answer (wrong_json uses one address; 3 × 3
	   failures stay under its 10 free ones). */
	expect_identical(wrong_json, 401);
	/* Each login delayed on its own address: 4 failures, then as if four
	   more had followed (a delay of 16 s), all at the same moment. */
	for (int i = 0; i < 3; i++)
		for (int k = 0; k < 4; k++)
			assert_int_equal(signin(addrs3[i], "", logins3[i], "wrong password!", NULL),
					 401);
	assert_int_equal(fixture_sql(&fx, "UPDATE throttle_logins SET failures = 8, last_failure = "
					  "(SELECT MAX(last_failure) FROM throttle_logins)"),
			 0);
	/* The right password (for the two that have one) changes nothing. */
	expect_identical(right_json, 429);
	expect_identical(right_form, 429);
	/* Delayed by the address alone. */
	assert_int_equal(fixture_sql(&fx, "INSERT INTO throttle_addresses (client_addr, failures, "
					  "last_failure) VALUES ('198.51.100.20', 30, "
					  "(SELECT MAX(last_failure) FROM throttle_logins))"),
			 0);
	expect_identical(shared_addr_json, 429);
	struct http_resp r;
	assert_int_equal(shared_addr_json(0, &r), 429);
	assert_true(retry_after(&r) > 0 && retry_after(&r) <= 5 * 60);
	http_resp_free(&r);
}

/* The device cookie of a past good sign-in skips the (login, address)
   delay, not the address's; another login's cookie does not help. */
static void test_device_cookie(void **state)
{
	(void)state;
	const char *addr = "198.51.100.30";
	struct http_resp r;
	char v[256], device[128];
	assert_int_equal(signin(addr, "", "owner", PASSWORD, &r), 200);
	assert_non_null(http_set_cookie(&r, "relais_device", v, sizeof v));
	assert_true(strncmp(v, "__Host-relais_device=", 21) == 0);
	assert_non_null(strstr(v, "; Secure"));
	assert_non_null(strstr(v, "HttpOnly"));
	assert_non_null(strstr(v, "Path=/"));
	snprintf(device, sizeof device, "Cookie: %.*s\r\n", (int)strcspn(v, ";"), v);
	http_resp_free(&r);
	/* Someone at the same address (an office's router) fails on owner and lay. */
	for (int k = 0; k < 4; k++) {
		assert_int_equal(signin(addr, "", "owner", "wrong password!", NULL), 401);
		assert_int_equal(signin(addr, "", "lay", "wrong password!", NULL), 401);
	}
	assert_int_equal(fixture_sql(&fx, "UPDATE throttle_logins SET failures = 8 WHERE "
					  "client_addr = '198.51.100.30'"),
			 0);
	assert_int_equal(signin(addr, "", "owner", PASSWORD, NULL), 429);
	/* Owner, from her own browser: through. */
	assert_int_equal(signin(addr, device, "owner", PASSWORD, NULL), 200);
	/* Her cookie does not vouch for another login. */
	assert_int_equal(signin(addr, device, "lay", PASSWORD, NULL), 429);
	/* A made-up cookie neither. */
	assert_int_equal(signin(addr, "Cookie: __Host-relais_device=" TEST_LOGIN_TOKEN "\r\n", "lay",
				PASSWORD, NULL),
			 429);
	/* The address's own delay applies to everyone, cookie or not. */
	assert_int_equal(fixture_sql(&fx, "UPDATE throttle_addresses SET failures = 30 WHERE "
					  "client_addr = '198.51.100.30'"),
			 0);
	assert_int_equal(signin(addr, device, "owner", PASSWORD, &r), 429);
	assert_true(retry_after(&r) > 0);
	http_resp_free(&r);
}

/* The flood: concurrent sign-ins beyond the gate (the harness's server has
   2 threads: 1 hash at once, no queue) are refused with 503 and
   Retry-After; the pages still answer. */
struct flood_arg {
	int index;
	pthread_barrier_t *start;
	int status;
	long retry_after;
	char code[32];
	char login[24];     /* its own account: a second-factor code is good once */
	char totp[16];      /* that account's current code, computed beforehand */
	double done; /* monotonic seconds when answered */
};

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A page asked for in the middle of the flood. */
static void *page_one(void *p)
{
	struct flood_arg *a = p;
	pthread_barrier_wait(a->start);
	struct http_resp r;
	if (http_do(fx.srv.port, "GET", "/login", NULL, NULL, 0, &r) != 0)
		return NULL;
	a->status = r.status;
	a->done = mono();
	http_resp_free(&r);
	return NULL;
}

static void *flood_one(void *p)
{
	struct flood_arg *a = p;
	char addr[32];
	snprintf(addr, sizeof addr, "203.0.113.%d", 1 + a->index);
	pthread_barrier_wait(a->start);
	struct http_resp r;
	a->status = signin_code(addr, "", a->login, PASSWORD, a->totp, &r);
	a->done = mono();
	a->retry_after = retry_after(&r);
	json_error(&r, "code", a->code, sizeof a->code);
	http_resp_free(&r);
	return NULL;
}

static void test_hash_gate_flood(void **state)
{
	(void)state;
	enum { N = 24 };
	pthread_t t[N], pt;
	struct flood_arg args[N], page;
	pthread_barrier_t start;
	int busy = 0, ok = 0, page_first = 0;
	for (int round = 0; round < 3 && (!busy || !page_first); round++) {
		pthread_barrier_init(&start, NULL, N + 1);
		for (int i = 0; i < N; i++) {
			args[i] = (struct flood_arg){.index = i, .start = &start};
			snprintf(args[i].login, sizeof args[i].login, "flood%d", i);
			assert_int_equal(test_code(fx.srv.port, args[i].login, args[i].totp), 0);
			assert_int_equal(pthread_create(&t[i], NULL, flood_one, &args[i]), 0);
		}
		page = (struct flood_arg){.index = N, .start = &start};
		assert_int_equal(pthread_create(&pt, NULL, page_one, &page), 0);
		for (int i = 0; i < N; i++)
			pthread_join(t[i], NULL);
		pthread_join(pt, NULL);
		pthread_barrier_destroy(&start);
		/* The page did not wait for the queued sign-ins (the slow lane). */
		assert_int_equal(page.status, 200);
		double last = 0;
		for (int i = 0; i < N; i++)
			if (args[i].status == 200 && args[i].done > last)
				last = args[i].done;
		page_first |= page.done < last;
		for (int i = 0; i < N; i++) {
			if (args[i].status == 503) {
				busy++;
				assert_true(args[i].retry_after >= 1);
				assert_string_equal(args[i].code, "busy");
			} else {
				assert_int_equal(args[i].status, 200);
				ok++;
			}
		}
	}
	assert_true(busy > 0);
	assert_true(ok > 0);
	assert_true(page_first);
	/* A refused sign-in counted no failure: the account signs in. */
	assert_int_equal(signin("203.0.113.1", "", "flood", PASSWORD, NULL), 200);
	struct http_resp r;
	assert_int_equal(http_do(fx.srv.port, "GET", "/healthz", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
}

static int form_post(const char *headers, const char *form, struct http_resp *r)
{
	char h[1024];
	snprintf(h, sizeof h, "X-Real-IP: 198.51.100.40\r\n%s"
			      "Content-Type: application/x-www-form-urlencoded\r\n",
		 headers);
	assert_int_equal(http_do(fx.srv.port, "POST", "/login", h, form, strlen(form), r), 0);
	return r->status;
}

/* Login CSRF: the form needs its pre-session token (cookie and hidden
   field) and, when the browser names one, our Origin; the JSON sign-in
   works without an Origin, not with a foreign one. */
static void test_login_csrf(void **state)
{
	(void)state;
	struct http_resp r;
	char v[256], token[64], cookie[128];
	/* The page sets the cookie and carries the same token. */
	assert_int_equal(http_do(fx.srv.port, "GET", "/login", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(http_set_cookie(&r, "relais_login", v, sizeof v));
	assert_true(strncmp(v, "__Host-relais_login=", 20) == 0);
	assert_non_null(strstr(v, "; Secure"));
	snprintf(token, sizeof token, "%.*s", (int)strcspn(v + 20, ";"), v + 20);
	assert_int_equal(strlen(token), 43);
	char field[128];
	snprintf(field, sizeof field, "name=\"login_token\" value=\"%s\"", token);
	expect_in(&r, field);
	http_resp_free(&r);
	snprintf(cookie, sizeof cookie, "Cookie: __Host-relais_login=%s\r\n", token);
	char form[256];
	/* The form as typed, with the account's current code (a fresh one
	   before each sign-in that must pass: a code is good once). */
#define FRESH_FORM()                                                                          \
	do {                                                                                  \
		char code_[16];                                                               \
		assert_int_equal(test_code(fx.srv.port, "csrf", code_), 0);                  \
		snprintf(form, sizeof form,                                                   \
			 "login=csrf&password=correct+horse+battery&code=%s&login_token=%s",  \
			 code_, token);                                                       \
	} while (0)
	FRESH_FORM();
	const char *bare = "login=csrf&password=correct+horse+battery";
	char other[256];
	snprintf(other, sizeof other, "%s&login_token=%s", bare, TEST_LOGIN_TOKEN);
	/* Refused: no token at all, the cookie without the field, a field that
	   is not the cookie's, a foreign Origin or a cross-site fetch.  No session either. */
	const char *const cases[][2] = {
		{"", bare},
		{cookie, bare},
		{cookie, other},
		{"", form},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(form_post(cases[i][0], cases[i][1], &r), 403);
		expect_in(&r, "jeton de sécurité");
		assert_null(http_set_cookie(&r, "relais_session", v, sizeof v));
		http_resp_free(&r);
	}
	char headers[512];
	const char *origins[] = {"Origin: https://evil.example", "Origin: http://127.0.0.1.evil.example",
				 "Sec-Fetch-Site: cross-site"};
	for (size_t i = 0; i < sizeof origins / sizeof origins[0]; i++) {
		snprintf(headers, sizeof headers, "%s%s\r\n", cookie, origins[i]);
		assert_int_equal(form_post(headers, form, &r), 403);
		http_resp_free(&r);
	}
	/* Origin: null (our no-referrer policy) passes only with the token. */
	assert_int_equal(form_post("Origin: null\r\n", bare, &r), 403);
	http_resp_free(&r);
	snprintf(headers, sizeof headers, "%sOrigin: null\r\n", cookie);
	FRESH_FORM();
	assert_int_equal(form_post(headers, form, &r), 303);
	http_resp_free(&r);
	/* Ours: signed in. */
	snprintf(headers, sizeof headers, "%sOrigin: http://127.0.0.1:%d\r\n", cookie, fx.srv.port);
	FRESH_FORM();
	assert_int_equal(form_post(headers, form, &r), 303);
	assert_non_null(http_set_cookie(&r, "relais_session", v, sizeof v));
	http_resp_free(&r);
	/* Without an Origin (older browsers, or a form the user saved) the token suffices. */
	FRESH_FORM();
	assert_int_equal(form_post(cookie, form, &r), 303);
	http_resp_free(&r);
	/* JSON: an integrator sends no Origin; a foreign page's fetch is refused. */
	assert_int_equal(signin("198.51.100.41", "", "csrf", PASSWORD, NULL), 200);
	assert_int_equal(signin("198.51.100.41", "Origin: https://evil.example\r\n", "csrf",
				PASSWORD, &r),
			 403);
	assert_null(http_set_cookie(&r, "relais_session", v, sizeof v));
	http_resp_free(&r);
	snprintf(headers, sizeof headers, "Origin: http://127.0.0.1:%d\r\n", fx.srv.port);
	assert_int_equal(signin("198.51.100.41", headers, "csrf", PASSWORD, NULL), 200);
#undef FRESH_FORM
}

/* The session cookie: __Host-, Secure, HttpOnly, SameSite, Path=/, no
   Domain; rotated at sign-in (the session sent before ends). */
static void test_cookie_and_rotation(void **state)
{
	(void)state;
	const char *addr = "198.51.100.50";
	struct http_resp r;
	char v[256], before[128], after[128], headers[256];
	assert_int_equal(signin(addr, "", "rotor", PASSWORD, &r), 200);
	assert_non_null(http_set_cookie(&r, "relais_session", v, sizeof v));
	assert_true(strncmp(v, "__Host-relais_session=", 22) == 0);
	assert_non_null(strstr(v, "; Secure"));
	assert_non_null(strstr(v, "; HttpOnly"));
	assert_non_null(strstr(v, "; SameSite=Strict"));
	assert_non_null(strstr(v, "; Path=/"));
	assert_null(strstr(v, "Domain"));
	assert_null(strstr(v, "domain"));
	snprintf(before, sizeof before, "%.*s", (int)strcspn(v, ";"), v);
	http_resp_free(&r);
	/* Signing in again with that session: a new one, the old one ends. */
	snprintf(headers, sizeof headers, "Cookie: %s\r\n", before);
	assert_int_equal(signin(addr, headers, "rotor", PASSWORD, &r), 200);
	assert_non_null(http_set_cookie(&r, "relais_session", v, sizeof v));
	snprintf(after, sizeof after, "%.*s", (int)strcspn(v, ";"), v);
	http_resp_free(&r);
	assert_string_not_equal(before, after);
	assert_int_equal(http_do(fx.srv.port, "GET", "/api/v1/me", headers, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	http_resp_free(&r);
	snprintf(headers, sizeof headers, "Cookie: %s\r\n", after);
	assert_int_equal(http_do(fx.srv.port, "GET", "/api/v1/me", headers, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delay_grows),
		cmocka_unit_test(test_same_answer_any_login),
		cmocka_unit_test(test_device_cookie),
		cmocka_unit_test(test_hash_gate_flood),
		cmocka_unit_test(test_login_csrf),
		cmocka_unit_test(test_cookie_and_rotation),
	};
	return cmocka_run_group_tests_name("throttle", tests, setup, teardown);
}
