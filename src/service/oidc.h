/*
 * oidc — single sign-on through an OpenID provider (support/oidc.h does
 * the protocol).  OIDC never creates an account nor changes a role: it
 * signs in an account already linked to the provider's (issuer, sub),
 * never matched by e-mail.  A signed-in user links her account herself,
 * after a fresh local second factor.
 *
 * Each attempt (sign-in or link) is a row: the hash of its state, the
 * hash of a cookie binding it to the browser that started it, its nonce
 * and PKCE verifier; it lives OIDC_ATTEMPT_TTL seconds and is used once
 * (deleted when the provider's answer arrives, whatever the outcome).
 *
 * After the provider, the local second factor is skipped only when the
 * provider asserts one (amr/acr) AND the admin allows it (serve flag);
 * otherwise the person types her local code within OIDC_PENDING_TTL.
 * Every refusal is audited ("oidc.refused", object type "reason", the
 * reason as id) and answered with a French message.
 */
#ifndef RELAIS_SERVICE_OIDC_H
#define RELAIS_SERVICE_OIDC_H

#include <stdint.h>

#include "domain/field.h"
#include "service/auth.h"
#include "service/svc.h"
#include "support/sec.h"

#define OIDC_ATTEMPT_TTL (10 * 60)
#define OIDC_PENDING_TTL (5 * 60)
#define OIDC_BROWSER_COOKIE "relais_oidc"

/* Whether single sign-on is configured. */
int oidc_enabled(const svc *s);

/* An attempt started: where to send the browser, and the value of the
   cookie that binds the attempt to it. */
struct oidc_start {
	char *url; /* free() */
	char browser[SEC_TOKEN_LEN + 1];
};

/* Starts a sign-in (anonymous call).  SVC_OK, SVC_NOT_FOUND when OIDC is
   off, SVC_ERROR (provider unreachable included: logged). */
int oidc_signin_begin(svc *s, struct oidc_start *out);

/* Starts linking the signed-in actor's account, after her local second
   factor (code).  SVC_OK; SVC_UNAUTHENTICATED for a wrong code (audited,
   message in svc_error()); SVC_NOT_FOUND when OIDC is off; SVC_ERROR. */
int oidc_link_begin(svc *s, const char *code, struct oidc_start *out);

enum oidc_outcome {
	OIDC_SIGNED_IN = 1, /* session opened: out->session */
	OIDC_NEEDS_CODE,    /* the local second factor next: out->pending */
	OIDC_LINKED,        /* the actor's account is now linked */
};
struct oidc_result {
	int outcome;
	struct session_new session;
	char pending[SEC_TOKEN_LEN + 1];
	const char *message; /* French, on refusal */
};

/*
 * The provider's answer (query parameters state, code, error; the
 * browser's binding cookie).  SVC_OK with out->outcome; SVC_UNAUTHENTICATED
 * when refused (audited, out->message); SVC_ERROR.
 */
int oidc_callback(svc *s, const char *state, const char *code, const char *error,
		  const char *browser, struct oidc_result *out);

/* The forms' inputs (domain/field.h), read as sent: the pending token of
   the step after the provider, and the local code. */
struct oidc_code_input {
	const char *pending, *code;
};
enum { OIDC_CODE_PENDING, OIDC_CODE_CODE, OIDC_CODE__FIELDS };
extern const struct field oidc_code_fields[OIDC_CODE__FIELDS];

/* The local second factor after the provider: pending token and code.
   SVC_OK with the session opened; SVC_UNAUTHENTICATED (audited; the
   pending token is spent either way) with *message; SVC_ERROR. */
int oidc_second_factor(svc *s, const char *pending, const char *code, struct session_new *out,
		       const char **message);

/* Whether the actor's account is linked to the provider: 1, 0, or -1. */
int oidc_linked(svc *s);

/* Removes the actor's link (audited).  SVC_OK or SVC_NOT_FOUND. */
int oidc_unlink(svc *s);

/*
 * The local second factor of account user_id, inside the caller's open
 * transaction (the accepted TOTP step or recovery code is stored there):
 * 1 when code is accepted by the sign-in's check (service/second_factor.h:
 * current TOTP code or unused recovery code; none needed for an employer
 * the admin does not require one of), 0 refused (audited), -1 error.
 */
int local_second_factor_ok(svc *s, int64_t user_id, const char *code);

#endif
