/*
 * second_factor — what the sign-in (service/auth.c) asks of issue 13's
 * accounts, apart from their life cycle (service/accounts.h) so that auth
 * does not depend on it: the second factor (the current TOTP code,
 * support/totp.h, or one of ten single-use recovery codes,
 * support/recovery.h), whether a role needs one, and what a sign-in
 * records about its session.
 */
#ifndef RELAIS_SECOND_FACTOR_H
#define RELAIS_SECOND_FACTOR_H

#include <stdint.h>

#include "domain/account.h"
#include "domain/field.h"
#include "domain/role.h"
#include "service/svc.h"
#include "support/recovery.h"
#include "support/sec.h"
#include "support/totp.h"

#define ACCOUNT_EMPLOYER_TOTP_SETTING "employer_totp_required" /* settings: "1" or "0" */
#define AAD_USER_SECRET "users.totp_secret" /* the sealed secret's associated data */

/* One account as the second factor and the life cycle read it. */
struct account_rec {
	int found;
	int64_t id;
	char login[ACCOUNT_LOGIN_MAX + 1];
	enum role role;
	char hash[SEC_PASSWORD_HASH_MAX];     /* "" before enrolment */
	int active;
	char secret[TOTP_SECRET_B32_LEN + 1]; /* base32, "" when none installed */
	int64_t last_step;                    /* -1 when none */
	int was_reset;
};
/* Reads account id into a (a->found 0 when none): a store result code. */
int account_load(svc *s, int64_t id, struct account_rec *a);
/* Wipes a (it holds the secret). */
void account_wipe(struct account_rec *a);

/* Whether role must sign in with a second factor (admin, head, worker,
   auditor always; employer when the administrator requires it). */
int accounts_totp_required(svc *s, enum role role, int *required);

/* Whether employers must use a second factor; the setter is users.create
   and audited. */
int accounts_employer_totp(svc *s, int *required);
int accounts_set_employer_totp(svc *s, int required);
/* The setting as a form sends it ("required": a checkbox). */
struct employer_totp_input {
	int required;
};
enum { EMPLOYER_TOTP_REQUIRED, EMPLOYER_TOTP__FIELDS };
extern const struct field employer_totp_fields[EMPLOYER_TOTP__FIELDS];

/*
 * auth_login's second step, run inside the sign-in's transaction once the
 * password matched: checks code (the current TOTP code or an unused
 * recovery code), stores the accepted time step or marks the recovery
 * code used.  0 accepted, 1 refused (audited), -1 on a database error.
 */
int accounts_second_factor(svc *s, int64_t user_id, const char *code, int64_t now);

/* After a sign-in's session was written (same transaction): the session
   the client came with (if any) ends (rotation), the new one's user agent
   and address, the account's last sign-in; *was_reset (may be NULL) is 1
   when the account was reset since its last sign-in (the flag is
   cleared).  0 or -1. */
int accounts_after_login(svc *s, int64_t user_id, const char *token_hash, int64_t now,
			 int *was_reset);

/* The client's User-Agent, kept with the session it opens (copied,
   truncated; NULL for none). */
void svc_set_user_agent(svc *s, const char *user_agent);

#endif
