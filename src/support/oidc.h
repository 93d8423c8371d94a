/*
 * oidc — the relying party's side of OpenID Connect, authorization code
 * with PKCE (S256), over Debian's libiddawc (the protocol) and librhonabwy
 * (JOSE).  No store, no policy: the service (service/oidc.c) keeps the
 * attempts and decides what a verified identity may do.
 *
 * iddawc's i_verify_id_token does not compare aud with the client id and
 * checks the nonce only when one was set, so this module sets the issuer,
 * always sends and compares a nonce, checks aud/azp itself, pins the
 * signing algorithm (refusing "none", and HS* for a public client) and
 * checks exp and iat against the clock.
 *
 * Discovery (the issuer's /.well-known/openid-configuration and its JWKS)
 * runs on first use and is kept for OIDC_JWKS_TTL seconds: a token signed
 * with a key not in the JWKS held is refused, never fetched for.
 */
#ifndef RELAIS_OIDC_H
#define RELAIS_OIDC_H

#include <stddef.h>

#define OIDC_JWKS_TTL 3600     /* seconds a discovered configuration and JWKS are kept */
#define OIDC_CLOCK_SKEW 60     /* seconds of clock difference allowed on exp and iat */
#define OIDC_SUBJECT_MAX 255   /* longest sub accepted */

struct oidc_config {
	const char *issuer;        /* exact issuer URL (discovery at issuer + /.well-known/…) */
	const char *client_id;
	const char *client_secret; /* NULL or "": a public client (PKCE only) */
	const char *redirect_uri;  /* relais's /oidc/retour as the provider knows it */
	const char *alg;           /* the one signing algorithm accepted; NULL: RS256 */
	const char *mfa_acr;       /* space-separated acr values that assert a second
				      factor (e.g. "eidas2 eidas3"); NULL: none */
	int provider_mfa;          /* the admin lets the provider's second factor
				      replace the local one */
};

typedef struct oidc_provider oidc_provider;

/* Checks and copies the configuration (no network).  0, or -1 with err. */
int oidc_provider_new(const struct oidc_config *cfg, oidc_provider **out, char *err, size_t errlen);
void oidc_provider_free(oidc_provider *p); /* accepts NULL */
const struct oidc_config *oidc_provider_config(const oidc_provider *p);

/* Why a sign-in through the provider was refused. */
enum oidc_refusal {
	OIDC_OK = 0,
	OIDC_UNAVAILABLE, /* discovery failed, or the provider's configuration is unusable */
	OIDC_EXCHANGE,    /* the token endpoint refused the code (replayed, wrong verifier…) */
	OIDC_ALG,         /* not the pinned algorithm ("none", HS* on a public client…) */
	OIDC_SIGNATURE,   /* signature invalid, or by a key not in the JWKS held */
	OIDC_ISSUER,      /* iss is not the configured issuer */
	OIDC_AUDIENCE,    /* aud does not name this client, or azp names another */
	OIDC_EXPIRED,     /* exp passed (or iat in the future) */
	OIDC_NONCE,       /* not the nonce of this attempt */
	OIDC_MALFORMED,   /* missing sub, unreadable token… */
	OIDC__REFUSALS
};
/* A short English name for the audit log ("audience", "expired"…). */
const char *oidc_refusal_name(int r);

/*
 * The URL to send the browser to for one attempt (state, nonce, PKCE
 * verifier of 43–128 unreserved characters).  OIDC_OK with *url (free()),
 * or OIDC_UNAVAILABLE.
 */
int oidc_auth_url(oidc_provider *p, const char *state, const char *nonce, const char *verifier,
		  char **url);

/* What a verified id_token says. */
struct oidc_identity {
	char issuer[512];
	char subject[OIDC_SUBJECT_MAX + 1];
	char acr[128];
	char amr[256];  /* the amr values, space-separated */
	int second_factor; /* the provider asserts a second factor (amr or acr) */
};

/*
 * Exchanges the code (with the attempt's verifier) and validates the
 * id_token as above.  OIDC_OK with *id filled, or the refusal.
 */
int oidc_finish(oidc_provider *p, const char *code, const char *nonce, const char *verifier,
		struct oidc_identity *id);

/*
 * relais's own checks of an id_token, before its signature is verified
 * (oidc_finish verifies it after, with the JWKS held): the header's
 * algorithm is the pinned one (never "none"), iss is the issuer, aud/azp
 * name the client, exp/iat hold against the clock, the nonce is the
 * attempt's.  OIDC_OK or the refusal.  For oidc_finish and the tests.
 */
int oidc_check_claims(const oidc_provider *p, const char *token, const char *nonce);

/* Whether amr (JSON array of strings, may be NULL) or acr (may be NULL)
   assert a second factor: amr "mfa", or a possession/inherence method
   (RFC 8176: otp, hwk, swk, sms, tel, fpt, face, iris, retina, vbm, pop),
   or acr among mfa_acr (space-separated).  For the tests too. */
int oidc_asserts_second_factor(const char *const *amr, size_t namr, const char *acr,
			       const char *mfa_acr);

#endif
