/*
 * users — staff accounts (one per person, CNIL): creation and listing,
 * for the administrator and the command line.
 */
#ifndef RELAIS_USERS_H
#define RELAIS_USERS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"
#include "support/sec.h"

/* One account as listed. Strings valid during the callback only. */
struct user_info {
	int64_t id;
	const char *login;
	const char *name;
	enum role role;
	int active;
	int locked;         /* locked now after failed sign-ins */
	int64_t created_at; /* Unix seconds */
	const char *organisation; /* an employer's organisation code, else NULL */
	int64_t last_login_at;    /* Unix seconds, 0 when never */
	int enrolled;             /* has a password (enrolment link used) */
	int unused;               /* active, and no sign-in for six months (accounts.h) */
};

typedef int (*user_fn)(void *ctx, const struct user_info *u);

/*
 * Creates an account (policy: users.create).  An employer account belongs
 * to one organisation (its code), no other account does.  SVC_INVALID with
 * the field for a bad login, name, role or organisation, SVC_CONFLICT when
 * the login is taken.  The account has no password: token receives its
 * enrolment link's token (service/accounts.h), with which the person sets
 * her password and second factor.  *id (may be NULL) gets the new id.
 */
int users_add(svc *s, const char *login, const char *name, const char *role,
	      const char *organisation, int64_t *id, char token[SEC_TOKEN_LEN + 1]);

/* What users_add takes, as typed in the form or the JSON body. */
struct user_input {
	const char *login, *name, *role;
	const char *organisation; /* an employer's organisation code, or NULL */
};
/* users_add's input, declared once (domain/field.h) in the order it is
   checked.  The characters only: the account rules (domain/account.h)
   keep the lengths, each with its own message. */
enum { USER_LOGIN, USER_NAME, USER_ROLE, USER_ORGANISATION, USER__FIELDS };
extern const struct field users_fields[USER__FIELDS];

/* Every account, by login (policy: users.read). */
int users_list(svc *s, user_fn fn, void *ctx);


/* How many accounts have the role (command line and start-up checks). */
int users_count_role(svc *s, enum role role, int64_t *count);

#endif
