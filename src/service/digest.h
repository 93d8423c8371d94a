/*
 * digest — the optional morning e-mail (issue 17): each worker with an
 * address receives the counts of what awaits her (her dashboard, counted
 * by kind) and a link to the home page; the head, the service's counts.
 * Never a name, a motive or any personal detail (domain/digest.h).
 *
 * Off by default: nothing is sent unless the operator runs `relais digest`
 * (a timer, deploy/relais-digest.timer, left disabled) and gives accounts
 * an address (`relais user email`).
 */
#ifndef RELAIS_SVC_DIGEST_H
#define RELAIS_SVC_DIGEST_H

#include "domain/digest.h"
#include "service/svc.h"

/*
 * Sets (or, with NULL or "", clears) the digest address of a worker or
 * head account; audited ("user.email", the account's id, never the
 * address).  System calls (the command line) and accounts' administrators
 * only.  SVC_OK; SVC_INVALID (field "email") on an address a mail cannot
 * safely go to; SVC_NOT_FOUND when login is no worker or head account;
 * SVC_FORBIDDEN.
 */
int digest_email_set(svc *s, const char *login, const char *email);

/* One recipient's digest.  Strings valid during the call.  A non-zero
   return stops and is returned. */
typedef int (*digest_fn)(void *ctx, const char *login, const char *email,
			 const struct digest_counts *counts);

/*
 * Every active worker and head with an address, in account order: her
 * dashboard read in her name (service/dashboard.h: one audited read,
 * "dashboard.read", from the client "relais digest"), counted by kind, then
 * fn called; once fn returns 0, the sending audited ("digest.send", the
 * account's id) by the command line.  System calls only (SVC_FORBIDDEN
 * otherwise).  SVC_OK, SVC_ERROR, or what fn returned.
 */
int digest_each(svc *s, digest_fn fn, void *ctx);

#endif
