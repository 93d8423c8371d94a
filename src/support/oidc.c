/* oidc — see oidc.h. */
#include "support/oidc.h"

#include <iddawc.h>
#include <jansson.h>
#include <pthread.h>
#include <rhonabwy.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "support/log.h"
/* last: it redirects the libraries' functions to their table */
#include "support/oidclib.h"

struct oidc_provider {
	struct oidc_config cfg; /* strings owned below */
	char *issuer, *client_id, *client_secret, *redirect_uri, *alg, *mfa_acr;
	pthread_mutex_t lock;   /* guards what discovery found */
	json_t *config;         /* the issuer's openid-configuration, NULL until discovered */
	json_t *jwks;           /* its JWKS */
	time_t discovered_at;
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static void global_init(void)
{
	i_global_init();
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* Algorithms an id_token may be pinned to: asymmetric ones always, HS*
   only for a confidential client (the key is its secret). */
static int alg_allowed(const char *alg, int confidential)
{
	static const char *const asym[] = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
					   "ES256", "ES384", "ES512", "EdDSA"};
	for (size_t i = 0; i < sizeof asym / sizeof asym[0]; i++)
		if (strcmp(alg, asym[i]) == 0)
			return 1;
	if (confidential &&
	    (strcmp(alg, "HS256") == 0 || strcmp(alg, "HS384") == 0 || strcmp(alg, "HS512") == 0))
		return 1;
	return 0;
}

int oidc_provider_new(const struct oidc_config *cfg, oidc_provider **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!cfg->issuer || !*cfg->issuer || !cfg->client_id || !*cfg->client_id ||
	    !cfg->redirect_uri || !*cfg->redirect_uri) {
		snprintf(err, errlen, "OIDC needs an issuer, a client id and a redirect URI");
		return -1;
	}
	if (strncmp(cfg->issuer, "https://", 8) != 0 && strncmp(cfg->issuer, "http://127.0.0.1", 16) != 0 &&
	    strncmp(cfg->issuer, "http://localhost", 16) != 0) {
		snprintf(err, errlen, "the OIDC issuer must be an https:// URL (http only on loopback)");
		return -1;
	}
	int confidential = cfg->client_secret && *cfg->client_secret;
	const char *alg = cfg->alg && *cfg->alg ? cfg->alg : "RS256";
	if (!alg_allowed(alg, confidential)) {
		snprintf(err, errlen, "OIDC signing algorithm %s refused%s", alg,
			 confidential ? "" : " (HS* needs a client secret; \"none\" is never accepted)");
		return -1;
	}
	if (oidclib_load() != 0) {
		snprintf(err, errlen, "OIDC: its libraries (iddawc, rhonabwy) cannot be loaded");
		return -1;
	}
	pthread_once(&global_once, global_init);
	oidc_provider *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	p->issuer = strdup(cfg->issuer);
	p->client_id = strdup(cfg->client_id);
	p->client_secret = dup_or_null(cfg->client_secret);
	p->redirect_uri = strdup(cfg->redirect_uri);
	p->alg = strdup(alg);
	p->mfa_acr = dup_or_null(cfg->mfa_acr);
	/* The issuer compares exactly, without a trailing slash added or removed. */
	p->cfg = (struct oidc_config){p->issuer, p->client_id, p->client_secret, p->redirect_uri,
				      p->alg, p->mfa_acr, cfg->provider_mfa};
	pthread_mutex_init(&p->lock, NULL);
	if (!p->issuer || !p->client_id || !p->redirect_uri || !p->alg) {
		oidc_provider_free(p);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	*out = p;
	return 0;
}

void oidc_provider_free(oidc_provider *p)
{
	if (!p)
		return;
	json_decref(p->config);
	json_decref(p->jwks);
	pthread_mutex_destroy(&p->lock);
	free(p->issuer);
	free(p->client_id);
	free(p->client_secret);
	free(p->redirect_uri);
	free(p->alg);
	free(p->mfa_acr);
	free(p);
}

const struct oidc_config *oidc_provider_config(const oidc_provider *p)
{
	return &p->cfg;
}

const char *oidc_refusal_name(int r)
{
	static const char *const names[OIDC__REFUSALS] = {
		[OIDC_OK] = "ok",           [OIDC_UNAVAILABLE] = "unavailable",
		[OIDC_EXCHANGE] = "exchange", [OIDC_ALG] = "algorithm",
		[OIDC_SIGNATURE] = "signature", [OIDC_ISSUER] = "issuer",
		[OIDC_AUDIENCE] = "audience", [OIDC_EXPIRED] = "expired",
		[OIDC_NONCE] = "nonce",     [OIDC_MALFORMED] = "malformed",
	};
	return r >= 0 && r < OIDC__REFUSALS ? names[r] : "unknown";
}

static int remote_flags(const char *url)
{
	return strncmp(url, "https://", 8) == 0
		       ? (I_REMOTE_HOST_VERIFY_PEER | I_REMOTE_HOST_VERIFY_HOSTNAME)
		       : I_REMOTE_VERIFY_NONE;
}

/*
 * Copies of the discovered configuration and JWKS (discovering when none
 * is held or it is older than OIDC_JWKS_TTL).  0 or -1 (logged).
 */
static int discovered(oidc_provider *p, json_t **config, json_t **jwks)
{
	*config = *jwks = NULL;
	pthread_mutex_lock(&p->lock);
	time_t now = time(NULL);
	if (!p->config || now - p->discovered_at > OIDC_JWKS_TTL) {
		struct _i_session is;
		char url[1024];
		snprintf(url, sizeof url, "%s/.well-known/openid-configuration", p->issuer);
		int ok = i_init_session(&is) == I_OK &&
			 i_set_parameter_list(&is, I_OPT_OPENID_CONFIG_ENDPOINT, url, I_OPT_ISSUER,
					      p->issuer, I_OPT_REMOTE_CERT_FLAG, remote_flags(url),
					      I_OPT_NONE) == I_OK &&
			 i_get_openid_config(&is) == I_OK;
		json_t *c = ok ? i_get_server_configuration(&is) : NULL;
		json_t *k = ok ? i_get_server_jwks(&is) : NULL;
		const char *iss = c ? json_string_value(json_object_get(c, "issuer")) : NULL;
		if (!ok || !c || !k || !iss || strcmp(iss, p->issuer) != 0 ||
		    !json_string_value(json_object_get(c, "authorization_endpoint")) ||
		    !json_string_value(json_object_get(c, "token_endpoint"))) {
			log_warn("oidc: discovery at %s failed or does not name issuer %s", url,
				 p->issuer);
			json_decref(c);
			json_decref(k);
			i_clean_session(&is);
			pthread_mutex_unlock(&p->lock);
			return -1;
		}
		json_decref(p->config);
		json_decref(p->jwks);
		p->config = c;
		p->jwks = k;
		p->discovered_at = now;
		i_clean_session(&is);
	}
	*config = json_incref(p->config);
	*jwks = json_incref(p->jwks);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

/* A session for one attempt, with the provider's endpoints and keys. */
static int session_for(oidc_provider *p, struct _i_session *is, const char *nonce,
		       const char *verifier)
{
	json_t *config, *jwks;
	if (discovered(p, &config, &jwks) != 0)
		return -1;
	const char *auth = json_string_value(json_object_get(config, "authorization_endpoint"));
	const char *token = json_string_value(json_object_get(config, "token_endpoint"));
	int ok = i_init_session(is) == I_OK;
	if (ok)
		ok = i_set_parameter_list(
			     is, I_OPT_RESPONSE_TYPE, I_RESPONSE_TYPE_CODE, I_OPT_SCOPE, "openid",
			     I_OPT_CLIENT_ID, p->client_id, I_OPT_REDIRECT_URI, p->redirect_uri,
			     I_OPT_ISSUER, p->issuer, I_OPT_AUTH_ENDPOINT, auth,
			     I_OPT_TOKEN_ENDPOINT, token, I_OPT_NONCE, nonce,
			     I_OPT_PKCE_METHOD, I_PKCE_METHOD_S256, I_OPT_PKCE_CODE_VERIFIER,
			     verifier, I_OPT_REMOTE_CERT_FLAG, remote_flags(token),
			     I_OPT_TOKEN_METHOD,
			     p->client_secret ? I_TOKEN_AUTH_METHOD_SECRET_BASIC
					      : I_TOKEN_AUTH_METHOD_NONE,
			     I_OPT_NONE) == I_OK &&
		     (!p->client_secret ||
		      i_set_str_parameter(is, I_OPT_CLIENT_SECRET, p->client_secret) == I_OK) &&
		     i_set_server_configuration(is, config) == I_OK &&
		     i_set_server_jwks(is, jwks) == I_OK;
	json_decref(config);
	json_decref(jwks);
	if (!ok) {
		i_clean_session(is);
		return -1;
	}
	return 0;
}

int oidc_auth_url(oidc_provider *p, const char *state, const char *nonce, const char *verifier,
		  char **url)
{
	*url = NULL;
	struct _i_session is;
	if (session_for(p, &is, nonce, verifier) != 0)
		return OIDC_UNAVAILABLE;
	int rc = OIDC_UNAVAILABLE;
	if (i_set_str_parameter(&is, I_OPT_STATE, state) == I_OK &&
	    i_build_auth_url_get(&is) == I_OK) {
		const char *to = i_get_str_parameter(&is, I_OPT_REDIRECT_TO);
		if (to && (*url = strdup(to)) != NULL)
			rc = OIDC_OK;
	}
	i_clean_session(&is);
	return rc;
}

int oidc_asserts_second_factor(const char *const *amr, size_t namr, const char *acr,
			       const char *mfa_acr)
{
	static const char *const strong[] = {"mfa", "otp", "hwk", "swk", "sms", "tel", "fpt",
					     "face", "iris", "retina", "vbm", "pop"};
	for (size_t i = 0; i < namr; i++)
		for (size_t k = 0; k < sizeof strong / sizeof strong[0]; k++)
			if (amr[i] && strcmp(amr[i], strong[k]) == 0)
				return 1;
	if (acr && *acr && mfa_acr) {
		size_t n = strlen(acr);
		for (const char *s = mfa_acr; *s;) {
			while (*s == ' ')
				s++;
			size_t w = strcspn(s, " ");
			if (w == n && strncmp(s, acr, n) == 0)
				return 1;
			s += w;
		}
	}
	return 0;
}

/* aud names the client; with several audiences, azp must be the client;
   an azp present names the client. */
static int audience_ok(json_t *payload, const char *client_id)
{
	json_t *aud = json_object_get(payload, "aud");
	json_t *azp = json_object_get(payload, "azp");
	int found = 0;
	size_t n = 0;
	if (json_is_string(aud)) {
		found = strcmp(json_string_value(aud), client_id) == 0;
		n = 1;
	} else if (json_is_array(aud)) {
		size_t i;
		json_t *v;
		json_array_foreach(aud, i, v)
		{
			if (json_is_string(v) && strcmp(json_string_value(v), client_id) == 0)
				found = 1;
		}
		n = json_array_size(aud);
	}
	if (!found)
		return 0;
	if (azp && (!json_is_string(azp) || strcmp(json_string_value(azp), client_id) != 0))
		return 0;
	if (n > 1 && !azp)
		return 0;
	return 1;
}

/*
 * The token's algorithm and claims, read with rhonabwy before its
 * signature is checked (so that a refusal names its cause; nothing read
 * here is used before the signature is verified): OIDC_OK when the header
 * names the pinned algorithm and iss, aud/azp, exp/iat and nonce hold.
 */
int oidc_check_claims(const oidc_provider *p, const char *token, const char *nonce)
{
	jwt_t *jwt = NULL;
	json_t *pl = NULL;
	int rc = OIDC_MALFORMED;
	if (r_jwt_init(&jwt) != RHN_OK)
		return OIDC_MALFORMED;
	if (r_jwt_parse(jwt, token, 0) != RHN_OK || !(pl = r_jwt_get_full_claims_json_t(jwt)))
		goto out;
	const char *alg = r_jwt_get_header_str_value(jwt, "alg");
	if (!alg || strcmp(alg, p->alg) != 0 || r_jwt_get_sign_alg(jwt) != r_str_to_jwa_alg(p->alg) ||
	    r_jwt_get_sign_alg(jwt) == R_JWA_ALG_NONE) {
		rc = OIDC_ALG;
		goto out;
	}
	const char *iss = json_string_value(json_object_get(pl, "iss"));
	if (!iss || strcmp(iss, p->issuer) != 0) {
		rc = OIDC_ISSUER;
		goto out;
	}
	if (!audience_ok(pl, p->client_id)) {
		rc = OIDC_AUDIENCE;
		goto out;
	}
	json_t *exp = json_object_get(pl, "exp"), *iat = json_object_get(pl, "iat");
	time_t now = time(NULL);
	if (!json_is_integer(exp) || json_integer_value(exp) + OIDC_CLOCK_SKEW < (json_int_t)now ||
	    (json_is_integer(iat) && json_integer_value(iat) > (json_int_t)now + OIDC_CLOCK_SKEW)) {
		rc = OIDC_EXPIRED;
		goto out;
	}
	const char *got_nonce = json_string_value(json_object_get(pl, "nonce"));
	if (!got_nonce || strcmp(got_nonce, nonce) != 0) {
		rc = OIDC_NONCE;
		goto out;
	}
	rc = OIDC_OK;
out:
	json_decref(pl);
	r_jwt_free(jwt);
	return rc;
}

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

int oidc_finish(oidc_provider *p, const char *code, const char *nonce, const char *verifier,
		struct oidc_identity *id)
{
	memset(id, 0, sizeof *id);
	struct _i_session is;
	if (session_for(p, &is, nonce, verifier) != 0)
		return OIDC_UNAVAILABLE;
	int rc = OIDC_OK;
	/* iddawc checks an id_token it receives (signature, iss, nonce) as part
	   of the token request; its refusal there is told apart below. */
	if (i_set_str_parameter(&is, I_OPT_CODE, code) != I_OK) {
		rc = OIDC_MALFORMED;
		goto out;
	}
	int trc = i_run_token_request(&is);
	const char *token = i_get_str_parameter(&is, I_OPT_ID_TOKEN);
	if (trc != I_OK && !(token && *token)) {
		rc = OIDC_EXCHANGE;
		goto out;
	}
	if (!token || !*token) {
		rc = OIDC_MALFORMED;
		goto out;
	}
	if ((rc = oidc_check_claims(p, token, nonce)) != OIDC_OK)
		goto out;
	/* The signature by a key of the JWKS held (and iddawc's own checks). */
	if (trc != I_OK || i_verify_id_token(&is) != I_OK || !is.id_token_payload) {
		rc = OIDC_SIGNATURE;
		goto out;
	}
	/* From here on, only the verified payload. */
	json_t *pl = is.id_token_payload;
	const char *iss = json_string_value(json_object_get(pl, "iss"));
	if (!iss || strcmp(iss, p->issuer) != 0 || !audience_ok(pl, p->client_id)) {
		rc = OIDC_MALFORMED;
		goto out;
	}
	const char *sub = json_string_value(json_object_get(pl, "sub"));
	if (!sub || !*sub || strlen(sub) > OIDC_SUBJECT_MAX) {
		rc = OIDC_MALFORMED;
		goto out;
	}
	copy(id->issuer, sizeof id->issuer, iss);
	copy(id->subject, sizeof id->subject, sub);
	const char *acr = json_string_value(json_object_get(pl, "acr"));
	copy(id->acr, sizeof id->acr, acr);
	const char *amr[16];
	size_t namr = 0, i;
	json_t *v;
	json_array_foreach(json_object_get(pl, "amr"), i, v)
	{
		if (json_is_string(v) && namr < sizeof amr / sizeof amr[0]) {
			amr[namr++] = json_string_value(v);
			size_t len = strlen(id->amr);
			snprintf(id->amr + len, sizeof id->amr - len, "%s%s", len ? " " : "",
				 json_string_value(v));
		}
	}
	id->second_factor = oidc_asserts_second_factor(amr, namr, acr, p->mfa_acr);
out:
	i_clean_session(&is);
	return rc;
}
