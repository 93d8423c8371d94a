/*
 * account — the rules for user accounts: logins, display names, passwords
 * (CNIL: 12 characters at least, no composition rule, no forced change).
 */
#ifndef RELAIS_ACCOUNT_H
#define RELAIS_ACCOUNT_H

#include "domain/verr.h"

#define ACCOUNT_LOGIN_MAX 64
#define ACCOUNT_NAME_MAX 200
#define ACCOUNT_PASSWORD_MAX 1024 /* bytes: bounds the hashing work */

/* Each returns 0, or -1 with e filled (field and French message). */
int account_check_login(const char *login, struct verr *e);
int account_check_name(const char *name, struct verr *e);
int account_check_password(const char *password, struct verr *e);
int account_check_role(const char *role, struct verr *e);

#endif
