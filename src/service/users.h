/*
 * users — staff accounts (one per person, CNIL): creation and listing,
 * for the administrator and the command line.
 */
#ifndef RELAIS_USERS_H
#define RELAIS_USERS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

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
};

typedef int (*user_fn)(void *ctx, const struct user_info *u);

/*
 * Creates an account (policy: users.create).  An employer account belongs
 * to one organisation (its code), no other account does.  SVC_INVALID with
 * the field for a bad login, name, role, organisation or password (12
 * characters at least), SVC_CONFLICT when the login is taken.  *id (may be
 * NULL) gets the new id.
 */
int users_add(svc *s, const char *login, const char *name, const char *role,
	      const char *password, const char *organisation, int64_t *id);

/* What users_add takes, as typed in the form or the JSON body. */
struct user_input {
	const char *login, *name, *role;
	const char *password;     /* NULL: one is generated and shown once */
	const char *organisation; /* an employer's organisation code, or NULL */
};
/* users_add's input, declared once (domain/field.h) in the order it is
   checked.  The characters only: the account rules (domain/account.h)
   keep the lengths, each with its own message. */
enum { USER_LOGIN, USER_NAME, USER_ROLE, USER_PASSWORD, USER_ORGANISATION, USER__FIELDS };
extern const struct field users_fields[USER__FIELDS];

/* Every account, by login (policy: users.read). */
int users_list(svc *s, user_fn fn, void *ctx);


/* How many accounts have the role (command line and start-up checks). */
int users_count_role(svc *s, enum role role, int64_t *count);

#endif
