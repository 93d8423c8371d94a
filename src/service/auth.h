/*
 * auth — signing in and out, and the sessions in between (CNIL guide):
 * argon2id passwords, a progressive delay after failures rather than a
 * lock (service/throttle.h), sessions that end after 30 minutes idle or 12 hours, tokens of
 * 256 random bits stored only as hashes.
 */
#ifndef RELAIS_AUTH_H
#define RELAIS_AUTH_H

#include "domain/field.h"
#include "service/svc.h"
#include "support/sec.h"

#define AUTH_TOUCH_EVERY 60 /* seconds between last_seen updates */

/* What a new session hands to the client (cookie and CSRF token). */
struct session_new {
	char token[SEC_TOKEN_LEN + 1];
	char csrf[SEC_TOKEN_LEN + 1];
	int was_reset; /* the account was reset since its last sign-in: tell the person */
};

/*
 * Checks the credentials (the password, then the second factor: code is
 * the current TOTP code or an unused recovery code, service/accounts.h)
 * and opens a session.  SVC_OK (the call's actor is
 * now the user), SVC_UNAUTHENTICATED for wrong credentials (whatever was
 * wrong), SVC_LOCKED while a delay runs and SVC_BUSY when too many
 * hashes run at once (both with auth_retry_after(), service/throttle.h),
 * SVC_ERROR.  Successes, failures and delayed attempts are audited.
 */
int auth_login(svc *s, const char *login, const char *password, const char *code,
	       struct session_new *out);

/*
 * Opens a session for who inside the caller's open transaction — the
 * sessions table, its purge, the account's sign-in bookkeeping
 * (accounts_after_login: *was_reset when not NULL) and the audit entry
 * audit_action — and commits.  The sign-in paths' common end (auth_login,
 * service/oidc.c).  SVC_OK (the call's actor is now who) or SVC_ERROR.
 */
int auth_open_session(svc *s, const struct actor *who, const char *audit_action, int64_t now,
		      int *was_reset, struct session_new *out);

/* What auth_login takes. */
struct login_input {
	const char *login, *password, *code;
};
/* auth_login's input, declared once (domain/field.h).  The sign-in hands
   them on as sent (only a JSON value that is not a string is refused):
   refusing a malformed one before auth_login would change its timing and
   the throttling counts, and tell what a valid login looks like. */
enum { LOGIN_LOGIN, LOGIN_PASSWORD, LOGIN_CODE, LOGIN__FIELDS };
extern const struct field auth_login_fields[LOGIN__FIELDS];

/* Whether token has a session token's shape (SEC_TOKEN_LEN characters of
   the URL-safe base64 alphabet): auth_resume refuses any other without
   a lookup. */
int auth_token_well_formed(const char *token);
/*
 * Resumes the session of a cookie token.  SVC_OK sets the actor;
 * SVC_UNAUTHENTICATED for an unknown, expired or malformed token (an
 * expired session is deleted).
 */
int auth_resume(svc *s, const char *token);

/* The CSRF token of the resumed session ("" when none). */
const char *auth_csrf(const svc *s);

/* Ends the current session (audited).  SVC_UNAUTHENTICATED without one. */
int auth_logout(svc *s);

/* Audits a sign-in form refused before any credential was looked at (its
   pre-session token missing or another site's Origin: login CSRF).  SVC_OK
   or SVC_ERROR. */
int auth_form_refused(svc *s);

#endif
