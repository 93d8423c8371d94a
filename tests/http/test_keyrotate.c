/*
 * test_keyrotate — relais key rotate (issue 14, item 3): the round trip.
 *
 * Before: a note and a diagnosis read back, a worker signs in with her
 * TOTP code and another with a recovery code, the access log verifies,
 * and the identity index finds a person already followed.  The rotation
 * is interrupted once (--stop-after: relais refuses to start meanwhile)
 * and run again to its end; the old key file, kept under a dated name,
 * is removed.  After: all of the above still works, and no value of the
 * database opens under the old text key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "http/harness.h"
#include "service/internal.h"
#include "service/sealed.h"
#include "support/totp.h"

static struct fixture fx;
static struct sess w1, w2;
static long long case_id;
static char r1_secret[64];
static char r1_codes[3][32];
static char case_page[64];

#define PORT fx.srv.port
#define NOTE "Point sur l'arrêt, premier entretien."
#define DIAGNOSIS "Épuisement après un deuil."
#define SAME_PERSON                                                                          \
	"{\"organisation\":\"acme\",\"last_name\":\"Roux\",\"first_name\":\"Anne\","          \
	"\"birth_date\":\"1980-05-04\",\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}"

static long long post(struct sess *s, const char *path, const char *body)
{
	struct http_resp r;
	int status = http_as(PORT, s, 1, "POST", path, body, &r);
	if (status != 201) {
		fprintf(stderr, "POST %s: %d %s\n", path, status, r.body);
		http_resp_free(&r);
		return -1;
	}
	return created_id(&r);
}

static void code_of(const char *b32, char out[16])
{
	uint8_t secret[TOTP_SECRET_BYTES];
	assert_int_equal(totp_secret_from_base32(b32, secret), 0);
	assert_int_equal(totp_generate(secret, sizeof secret, (int64_t)time(NULL), 6, out), 0);
}

/* Enrols r1 through its link by hand, keeping its secret and three of its
   recovery codes. */
static int enrol_r1(void)
{
	char *out = NULL, token[64], path[128], body[256], code[16];
	if (user_add_cli(fx.db, fx.key, "r1:worker", &out) != 0 ||
	    link_token(out, token, sizeof token) != 0) {
		fprintf(stderr, "user add r1: %s\n", out ? out : "");
		free(out);
		return -1;
	}
	free(out);
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/enrolment/%s", token);
	if (http_as(PORT, NULL, 0, "GET", path, NULL, &r) != 200) {
		fprintf(stderr, "GET %s: %d %s\n", path, r.status, r.body);
		return -1;
	}
	json_t *j = http_json(&r);
	snprintf(r1_secret, sizeof r1_secret, "%s",
		 json_string_value(json_object_get(j, "totp_secret")));
	json_decref(j);
	http_resp_free(&r);
	code_of(r1_secret, code);
	snprintf(body, sizeof body, "{\"password\":\"%s\",\"code\":\"%s\"}", TEST_PASSWORD, code);
	if (http_as(PORT, NULL, 0, "POST", path, body, &r) != 200) {
		fprintf(stderr, "POST %s: %d %s\n", path, r.status, r.body);
		return -1;
	}
	j = http_json(&r);
	for (int i = 0; i < 3; i++)
		snprintf(r1_codes[i], sizeof r1_codes[i], "%s",
			 json_string_value(json_array_get(json_object_get(j, "recovery_codes"), i)));
	json_decref(j);
	http_resp_free(&r);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const off[] = {"config", "two-person", "off", NULL};
	static const char *const *const cmds[] = {acme, off, NULL};
	static const char *const users[] = {"w1:worker", "w2:worker", "head1:head", "aud:auditor",
					    NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess head;
	if (api_login(PORT, "w1", TEST_PASSWORD, &w1) != 200 ||
	    api_login(PORT, "w2", TEST_PASSWORD, &w2) != 200 ||
	    api_login(PORT, "head1", TEST_PASSWORD, &head) != 200)
		return -1;
	const char *workers[] = {"{\"login\":\"w1\"}", "{\"login\":\"w2\"}"};
	for (int i = 0; i < 2; i++)
		if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", workers[i],
			    NULL) != 200)
			return -1;
	long long person = post(&w1, "/api/v1/persons", SAME_PERSON);
	char body[512], path[96];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"sante.arret\"],\"diagnosis\":\"" DIAGNOSIS "\"}",
		 person);
	if (person < 0 || (case_id = post(&w1, "/api/v1/cases", body)) < 0)
		return -1;
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_id);
	if (post(&w1, path,
		 "{\"date\":\"2024-02-05\",\"mode\":\"bureau\",\"kind\":\"entretien\","
		 "\"duration_minutes\":30,\"notes\":\"" NOTE "\"}") < 0)
		return -1;
	snprintf(case_page, sizeof case_page, "/cases/%lld", case_id);
	return enrol_r1();
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

static int sign_in_recovery(const char *code)
{
	char body[256];
	snprintf(body, sizeof body, "{\"login\":\"r1\",\"password\":\"%s\",\"code\":\"%s\"}",
		 TEST_PASSWORD, code);
	struct http_resp r;
	assert_int_equal(http_do(PORT, "POST", "/api/v1/session",
				 "Content-Type: application/json\r\n", body, strlen(body), &r),
			 0);
	int status = r.status;
	http_resp_free(&r);
	return status;
}

/* Everything the key serves, checked through the running server and the
   command line. */
static void all_works(int round)
{
	struct http_resp r;
	/* Sealed values: the note and the diagnosis. */
	assert_int_equal(api_login(PORT, "w1", TEST_PASSWORD, &w1), 200);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", case_page, NULL, &r), 200);
	expect_in(&r, "Point sur l&#39;arrêt");
	expect_in(&r, DIAGNOSIS);
	expect_not_in(&r, "contenu altéré");
	http_resp_free(&r);
	/* The identity index: the same person typed by a colleague is found. */
	assert_int_equal(api_login(PORT, "w2", TEST_PASSWORD, &w2), 200);
	expect_api(PORT, &w2, "POST", "/api/v1/persons", SAME_PERSON, 409, "identity");
	/* A TOTP secret sealed by the harness's enrolment (w1 above) and by
	   this test's: r1 signs in with a code, then with a recovery code. */
	char code[16];
	assert_int_equal(db_sql(fx.db, "UPDATE users SET totp_last_step = NULL WHERE login = 'r1'"),
			 0);
	code_of(r1_secret, code);
	assert_int_equal(sign_in_recovery(code), 200);
	assert_int_equal(sign_in_recovery(r1_codes[round]), 200);
	/* The access log's chain and anchor. */
	char *out = NULL;
	const char *verify[] = {"audit", "verify", "--db", fx.db, "--key-file", fx.key, NULL};
	int status = relais_run(verify, NULL, &out);
	if (status != 0)
		fail_msg("relais audit verify: %d\n%s", status, out);
	free(out);
	const char *check[] = {"check", "--db", fx.db, "--key-file", fx.key, NULL};
	status = relais_run(check, NULL, &out);
	if (status != 0)
		fail_msg("relais check: %d\n%s", status, out);
	free(out);
	/* The auditor's page verifies from its last mark against the tail of
	   the anchor: after the rotation, across its rotation line. */
	struct sess aud;
	assert_int_equal(api_login(PORT, "aud", TEST_PASSWORD, &aud), 200);
	assert_int_equal(http_as(PORT, &aud, 0, "GET", "/audit", NULL, &r), 200);
	expect_in(&r, "Intégrité vérifiée");
	http_resp_free(&r);
}

static void test_before(void **state)
{
	(void)state;
	all_works(0);
}

static int rotate(const char *stop_after, char **out)
{
	const char *args[] = {"key", "rotate", "--db", fx.db, "--key-file", fx.key,
			      stop_after ? "--stop-after" : NULL, stop_after, NULL};
	return relais_run(args, NULL, out);
}

static void test_rotate(void **state)
{
	(void)state;
	uint8_t old_master[SEC_KEY_BYTES], new_master[SEC_KEY_BYTES];
	char err[512], *out = NULL;
	assert_int_equal(sec_key_load(fx.key, old_master, err, sizeof err), 0);
	assert_int_equal(server_stop(&fx.srv), 0);

	/* Interrupted after three values: relais refuses to start meanwhile. */
	assert_int_equal(rotate("3", &out), 3);
	assert_non_null(strstr(out, "rotation interrompue"));
	free(out);
	const char *extra[] = {"--key-file", fx.key, NULL};
	assert_int_equal(server_start(&fx.srv, fx.db, extra), -1);
	/* Run again: it finishes. */
	assert_int_equal(rotate(NULL, &out), 0);
	assert_non_null(strstr(out, "rotation terminée"));
	const char *kept = strstr(out, "gardée dans ");
	assert_non_null(kept);
	kept += strlen("gardée dans ");
	char kept_path[1024];
	snprintf(kept_path, sizeof kept_path, "%.*s", (int)strcspn(kept, " "), kept);
	free(out);
	/* The old key, kept under its dated name, is the one before. */
	uint8_t kept_master[SEC_KEY_BYTES];
	assert_int_equal(sec_key_load(kept_path, kept_master, err, sizeof err), 0);
	assert_memory_equal(kept_master, old_master, SEC_KEY_BYTES);
	assert_int_equal(sec_key_load(fx.key, new_master, err, sizeof err), 0);
	assert_memory_not_equal(new_master, old_master, SEC_KEY_BYTES);
	/* The operator removes it. */
	assert_int_equal(unlink(kept_path), 0);
	/* Run once more: nothing left to do, nothing broken. */
	assert_int_equal(rotate(NULL, NULL), 0);

	/* No value of the database opens under the old text key. */
	struct subkeys k;
	app_subkeys(old_master, &k);
	store *db = NULL;
	assert_int_equal(store_open(fx.db, &db, err, sizeof err), 0);
	struct sealed_place none = {NULL, SEALED_BY_ROW}, old = {k.text, SEALED_BY_ROW};
	struct sealed_counts n;
	assert_int_equal(sealed_rebind(db, none, old, NULL, 0, NULL, NULL, &n), 0);
	assert_true(n.values >= 8);
	assert_int_equal(n.bad, n.values);
	store_close(db);
	sodium_memzero(&k, sizeof k);
	sodium_memzero(old_master, sizeof old_master);
	sodium_memzero(kept_master, sizeof kept_master);
	sodium_memzero(new_master, sizeof new_master);

	assert_int_equal(server_start(&fx.srv, fx.db, extra), 0);
}

static void test_after(void **state)
{
	(void)state;
	all_works(1);
	/* The rotation is in the access log. */
	struct sess head;
	assert_int_equal(api_login(PORT, "head1", TEST_PASSWORD, &head), 200);
	char *out = NULL;
	const char *list[] = {"audit", "list", "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(list, NULL, &out), 0);
	assert_non_null(strstr(out, "\"key.rotate\""));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_before),
		cmocka_unit_test(test_rotate),
		cmocka_unit_test(test_after),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
