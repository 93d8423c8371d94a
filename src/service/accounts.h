/*
 * accounts — the account life cycle of issue 13: the second factor at
 * sign-in (TOTP, support/totp.h, or one of ten single-use recovery codes,
 * support/recovery.h), enrolment and reset links, disabling an account, a
 * person's own password and sessions.
 *
 * Links: 256 random bits (sec_token_new), only their hash stored, valid
 * ACCOUNT_LINK_TTL, used once.  Each link carries a fresh TOTP secret,
 * sealed, so showing the enrolment page twice shows the same secret; the
 * secret is installed only after a good code.  The administrator never
 * chooses nor sees a password.
 *
 * Every outcome is audited; a refused link, code or password changes
 * nothing else.  The sign-in's own part is in service/second_factor.h.
 */
#ifndef RELAIS_ACCOUNTS_H
#define RELAIS_ACCOUNTS_H

#include <stdint.h>

#include "domain/account.h"
#include "domain/field.h"
#include "service/auth.h"
#include "service/second_factor.h"
#include "service/svc.h"
#include "support/recovery.h"
#include "support/totp.h"

#define ACCOUNT_LINK_TTL (72 * 3600)                /* an enrolment or reset link's life */
#define ACCOUNT_UNUSED_AFTER (183LL * 24 * 3600)    /* six months without sign-in: flagged */
#define ACCOUNT_URL_MAX 512

/* base + "/inscription/" + token into out. */
void accounts_link_url(const char *base, const char *token, char *out, size_t len);

/* What the enrolment page shows. */
struct enrolment_info {
	char login[ACCOUNT_LOGIN_MAX + 1];
	enum role role;
	int reset;        /* a reset link (else enrolment) */
	int totp_required;
	char secret[TOTP_SECRET_B32_LEN + 1]; /* base32 */
	char uri[ACCOUNT_URL_MAX];            /* otpauth:// */
};

/* The link's account and secret.  SVC_NOT_FOUND (audited) when the token
   is unknown, expired, used or its account disabled. */
int accounts_enrolment_get(svc *s, const char *token, struct enrolment_info *out);

/*
 * Uses the link: sets the password (12 characters at least; confirm, when
 * not NULL, must be equal), installs the link's secret after a good code
 * (code may be NULL or empty only when the role does not require TOTP),
 * issues RECOVERY_COUNT recovery codes into codes (shown once; none when no
 * secret was installed: *ncodes 0) and ends the account's sessions.
 * SVC_NOT_FOUND (audited) for a bad link, SVC_INVALID with the field
 * ("password", "password_confirm", "code") and nothing changed but the
 * audit entry.
 */
int accounts_enrol(svc *s, const char *token, const char *password, const char *confirm,
		   const char *code, char codes[RECOVERY_COUNT][RECOVERY_CODE_LEN + 1], int *ncodes);

/* What accounts_enrol takes, as typed in the form or the JSON body. */
struct enrolment_input {
	const char *password, *password_confirm, *code;
};
enum { ENROL_PASSWORD, ENROL_PASSWORD_CONFIRM, ENROL_CODE, ENROL__FIELDS };
extern const struct field enrolment_fields[ENROL__FIELDS];

/* A new enrolment link for account id, inside the caller's transaction:
   token receives the link's token.  0 or -1. */
int accounts_link_issue(svc *s, int64_t id, const char *kind, char token[SEC_TOKEN_LEN + 1]);

/* The account id of a login (users.read).  SVC_NOT_FOUND when none. */
int users_id_by_login(svc *s, const char *login, int64_t *id);

/*
 * Resets account id (users.create): password and second factor removed,
 * recovery codes deleted, every session ended, former links retired, a
 * reset link issued into token; the person is told at her next sign-in.
 * SVC_NOT_FOUND for an unknown id.
 */
int users_reset(svc *s, int64_t id, char token[SEC_TOKEN_LEN + 1]);

/* Disables (active 0: every session ends at once, sign-in refused, data
   kept) or re-enables account id (users.create).  An administrator cannot
   disable herself (SVC_INVALID).  SVC_NOT_FOUND for an unknown id. */
int users_set_active(svc *s, int64_t id, int active);

/* The open cases whose référent is account id (users.read), for
   reassignment: their numbers and opening dates only. */
typedef int (*user_caseload_fn)(void *ctx, int64_t case_id, const char *opened_on);
int users_caseload(svc *s, int64_t id, user_caseload_fn fn, void *ctx);
/* One page of it (service/paging.h), oldest opened first then by id, and
   its number.  SVC_INVALID ("after") for a cursor it did not write. */
struct page;
int users_caseload_page(svc *s, int64_t id, struct page *pg, user_caseload_fn fn, void *ctx);

/*
 * The signed-in person changes her own password: current must be hers
 * (SVC_INVALID field "current" otherwise, audited), password 12 characters
 * at least (confirm, when not NULL, equal).  Every other session ends and
 * the current one gets a new token (out: the new cookie and CSRF token).
 */
int account_change_password(svc *s, const char *current, const char *password,
			    const char *confirm, struct session_new *out);

/* What account_change_password takes. */
struct password_input {
	const char *current, *password, *password_confirm;
};
enum { PASSWORD_CURRENT, PASSWORD_NEW, PASSWORD_CONFIRM, PASSWORD__FIELDS };
extern const struct field password_fields[PASSWORD__FIELDS];

/* One of the person's sessions. Strings valid during the callback only. */
struct session_info {
	const char *id;  /* opaque: what account_session_end takes */
	int64_t created_at, last_seen_at;
	const char *user_agent; /* NULL when unknown */
	const char *client_addr; /* NULL when unknown */
	int current;
};
typedef int (*session_fn)(void *ctx, const struct session_info *si);

/* The signed-in person's sessions, the most recent first. */
int account_sessions(svc *s, session_fn fn, void *ctx);
/* Ends one of her sessions (SVC_NOT_FOUND when not hers). */
int account_session_end(svc *s, const char *id);
/* Ends all her sessions, this one included ("se déconnecter partout"). */
int account_sessions_end_all(svc *s);

#endif
