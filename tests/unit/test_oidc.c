/*
 * test_oidc — relais's own checks of an id_token (support/oidc.h), which
 * iddawc leaves to the relying party: tokens made here with rhonabwy, one
 * claim wrong at a time (aud, azp, iss, exp, iat, nonce, the algorithm:
 * "none", HS256 on a public client, another asymmetric one than pinned),
 * and which amr/acr values assert a second factor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>
#include <rhonabwy.h>

#include "support/oidc.h"

#define ISSUER "https://idp.example.org/realms/social"
#define NONCE "n-0123456789"

static oidc_provider *provider;
static jwk_t *rsa_priv, *rsa_pub;

static int setup(void **state)
{
	(void)state;
	struct oidc_config c = {ISSUER, "relais", NULL, "https://relais.example.org/oidc/retour",
				"RS256", "eidas2 eidas3", 1};
	char err[256];
	if (oidc_provider_new(&c, &provider, err, sizeof err) != 0)
		return -1;
	if (r_jwk_init(&rsa_priv) != RHN_OK || r_jwk_init(&rsa_pub) != RHN_OK ||
	    r_jwk_generate_key_pair(rsa_priv, rsa_pub, R_KEY_TYPE_RSA, 2048, "k1") != RHN_OK)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	oidc_provider_free(provider);
	r_jwk_free(rsa_priv);
	r_jwk_free(rsa_pub);
	return 0;
}

/* Good claims, then the test's changes (a JSON object merged over them;
   a member set to null is removed). */
static json_t *claims(const char *changes)
{
	time_t now = time(NULL);
	json_t *c = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s}", "iss", ISSUER, "sub", "abc",
			      "aud", "relais", "exp", (json_int_t)now + 300, "iat", (json_int_t)now,
			      "nonce", NONCE);
	if (changes) {
		json_t *ch = json_loads(changes, 0, NULL);
		assert_non_null(ch);
		const char *k;
		json_t *v;
		json_object_foreach(ch, k, v)
		{
			if (json_is_null(v))
				json_object_del(c, k);
			else
				json_object_set(c, k, v);
		}
		json_decref(ch);
	}
	return c;
}

static char *signed_token(const char *changes, jwa_alg alg, jwk_t *key)
{
	jwt_t *jwt;
	assert_int_equal(r_jwt_init(&jwt), RHN_OK);
	json_t *c = claims(changes);
	assert_int_equal(r_jwt_set_full_claims_json_t(jwt, c), RHN_OK);
	json_decref(c);
	assert_int_equal(r_jwt_set_sign_alg(jwt, alg), RHN_OK);
	char *t = alg == R_JWA_ALG_NONE ? r_jwt_serialize_signed_unsecure(jwt, NULL, 0)
					: r_jwt_serialize_signed(jwt, key, 0);
	assert_non_null(t);
	r_jwt_free(jwt);
	return t;
}

static int check(const char *changes)
{
	char *t = signed_token(changes, R_JWA_ALG_RS256, rsa_priv);
	int rc = oidc_check_claims(provider, t, NONCE);
	r_free(t);
	return rc;
}

static void test_good_token(void **state)
{
	(void)state;
	assert_int_equal(check(NULL), OIDC_OK);
	assert_int_equal(check("{\"aud\":[\"relais\",\"other\"],\"azp\":\"relais\"}"), OIDC_OK);
}

static void test_audience(void **state)
{
	(void)state;
	/* Another client's token (iddawc does not compare aud). */
	assert_int_equal(check("{\"aud\":\"autre\"}"), OIDC_AUDIENCE);
	assert_int_equal(check("{\"aud\":null}"), OIDC_AUDIENCE);
	/* Several audiences: azp must name relais. */
	assert_int_equal(check("{\"aud\":[\"relais\",\"autre\"]}"), OIDC_AUDIENCE);
	assert_int_equal(check("{\"aud\":[\"relais\",\"autre\"],\"azp\":\"autre\"}"), OIDC_AUDIENCE);
	assert_int_equal(check("{\"azp\":\"autre\"}"), OIDC_AUDIENCE);
}

static void test_issuer_time_nonce(void **state)
{
	(void)state;
	char changes[128];
	assert_int_equal(check("{\"iss\":\"https://idp.example.org/realms/social/\"}"), OIDC_ISSUER);
	assert_int_equal(check("{\"iss\":null}"), OIDC_ISSUER);
	snprintf(changes, sizeof changes, "{\"exp\":%lld}", (long long)time(NULL) - 120);
	assert_int_equal(check(changes), OIDC_EXPIRED);
	assert_int_equal(check("{\"exp\":null}"), OIDC_EXPIRED);
	snprintf(changes, sizeof changes, "{\"iat\":%lld}", (long long)time(NULL) + 3600);
	assert_int_equal(check(changes), OIDC_EXPIRED);
	/* Within the allowed skew. */
	snprintf(changes, sizeof changes, "{\"exp\":%lld}", (long long)time(NULL) - 10);
	assert_int_equal(check(changes), OIDC_OK);
	assert_int_equal(check("{\"nonce\":\"other\"}"), OIDC_NONCE);
	assert_int_equal(check("{\"nonce\":null}"), OIDC_NONCE);
}

static void test_algorithm_pinned(void **state)
{
	(void)state;
	/* "none": rhonabwy's parser refuses an unsigned token outright. */
	char *t = signed_token(NULL, R_JWA_ALG_NONE, NULL);
	int rc = oidc_check_claims(provider, t, NONCE);
	assert_true(rc == OIDC_ALG || rc == OIDC_MALFORMED);
	r_free(t);
	/* HS256 with some key: refused for a public client, whatever the key. */
	jwk_t *oct;
	assert_int_equal(r_jwk_init(&oct), RHN_OK);
	const unsigned char secret[32] = "0123456789abcdef0123456789abcdef";
	assert_int_equal(r_jwk_import_from_symmetric_key(oct, secret, sizeof secret), RHN_OK);
	t = signed_token(NULL, R_JWA_ALG_HS256, oct);
	assert_int_equal(oidc_check_claims(provider, t, NONCE), OIDC_ALG);
	r_free(t);
	r_jwk_free(oct);
	/* Another asymmetric algorithm than the pinned one. */
	t = signed_token(NULL, R_JWA_ALG_RS384, rsa_priv);
	assert_int_equal(oidc_check_claims(provider, t, NONCE), OIDC_ALG);
	r_free(t);
	assert_int_equal(oidc_check_claims(provider, "not.a.token", NONCE), OIDC_MALFORMED);
}

static void test_configuration_refused(void **state)
{
	(void)state;
	oidc_provider *p = NULL;
	char err[256];
	struct oidc_config none = {ISSUER, "relais", NULL, "https://r/oidc/retour", "none", NULL, 0};
	assert_int_equal(oidc_provider_new(&none, &p, err, sizeof err), -1);
	struct oidc_config hs = {ISSUER, "relais", NULL, "https://r/oidc/retour", "HS256", NULL, 0};
	assert_int_equal(oidc_provider_new(&hs, &p, err, sizeof err), -1);
	struct oidc_config plain = {"http://idp.example.org", "relais", NULL, "https://r/", NULL,
				    NULL, 0};
	assert_int_equal(oidc_provider_new(&plain, &p, err, sizeof err), -1);
	struct oidc_config hs_secret = {ISSUER, "relais", "s3cret", "https://r/oidc/retour",
					"HS256", NULL, 0};
	assert_int_equal(oidc_provider_new(&hs_secret, &p, err, sizeof err), 0);
	oidc_provider_free(p);
}

static void test_second_factor_asserted(void **state)
{
	(void)state;
	const char *pwd[] = {"pwd"}, *otp[] = {"pwd", "otp"}, *mfa[] = {"mfa"};
	assert_false(oidc_asserts_second_factor(pwd, 1, NULL, "eidas2 eidas3"));
	assert_true(oidc_asserts_second_factor(otp, 2, NULL, NULL));
	assert_true(oidc_asserts_second_factor(mfa, 1, NULL, NULL));
	assert_true(oidc_asserts_second_factor(pwd, 1, "eidas3", "eidas2 eidas3"));
	assert_false(oidc_asserts_second_factor(pwd, 1, "eidas1", "eidas2 eidas3"));
	assert_false(oidc_asserts_second_factor(pwd, 1, "eidas", "eidas2 eidas3"));
	assert_false(oidc_asserts_second_factor(NULL, 0, "eidas2", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_token),
		cmocka_unit_test(test_audience),
		cmocka_unit_test(test_issuer_time_nonce),
		cmocka_unit_test(test_algorithm_pinned),
		cmocka_unit_test(test_configuration_refused),
		cmocka_unit_test(test_second_factor_asserted),
	};
	return cmocka_run_group_tests_name("oidc", tests, setup, teardown);
}
