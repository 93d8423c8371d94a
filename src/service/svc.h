/*
 * svc — one call into the service layer: who is acting, from where, and
 * the outcome of the last use case.  An adapter opens one per request (or
 * per command), calls use cases with it, and closes it.
 *
 * Use cases (auth.h, users.h, audit.h…) each check the policy, apply the
 * domain rules, read or write the store in one transaction, and append to
 * the audit log in that same transaction.  They return an enum svc_rc.
 */
#ifndef RELAIS_SVC_H
#define RELAIS_SVC_H

#include <stdint.h>

#include "domain/role.h"
#include "domain/verr.h"
#include "service/app.h"

typedef struct svc svc;

enum svc_rc {
	SVC_OK = 0,
	SVC_INVALID,         /* bad input: svc_error() names the field */
	SVC_NOT_FOUND,       /* does not exist, or the caller may not know it does */
	SVC_FORBIDDEN,       /* the caller's role may not do this */
	SVC_CONFLICT,        /* would duplicate something unique */
	SVC_LOCKED,          /* too many attempts: wait (auth_retry_after() says how long) */
	SVC_UNAUTHENTICATED, /* needs a signed-in user */
	SVC_BUSY,            /* too many password hashes at once: retry shortly */
	SVC_PENDING,         /* recorded as a proposal: a second person must confirm
			       (twoperson.h) */
	SVC_ERROR,           /* internal failure (logged); nothing was written */
};

/* The signed-in user, as far as the service layer cares. */
struct actor {
	int64_t id;        /* users.id */
	char login[65];    /* users.login */
	char name[801];    /* display name (200 characters of UTF-8) */
	enum role role;
	int64_t organisation_id; /* an employer's organisation, else 0 */
};

/*
 * Opens a call for an anonymous client at client_addr (copied; may be
 * NULL).  A database connection is taken from the pool on first need and
 * given back by svc_close().
 */
svc *svc_open(app *a, const char *client_addr);
/* A call made by the operator at the command line ("cli" in the audit
   log): trusted with every action, as whoever runs it owns the files. */
svc *svc_open_system(app *a);
void svc_close(svc *s); /* accepts NULL */
/* Gives the call's database connection back to the pool (anything left
   uncommitted is rolled back); a later use takes one again.  The server
   calls it once an answer is built, so that no connection stays held
   while answers wait to be sent on a thread serving other connections. */
void svc_release_db(svc *s);
/* The call was given up by a jump (support/alloc.h: out of memory): ends
   the statement left running and rolls back what it had begun, so that
   the connection goes back to the pool clean. */
void svc_unwind(svc *s);

/* The signed-in user, or NULL. */
const struct actor *svc_actor(const svc *s);
/* The field and message of the last SVC_INVALID / SVC_CONFLICT. */
const struct verr *svc_error(const svc *s);
/* Forgets the last error, so that a caller running many use cases in a
   row (an import, line after line) can tell whether the next one set it. */
void svc_error_clear(svc *s);
app *svc_app(const svc *s);

/*
 * A batch runs many use cases in one transaction (an import: one file is
 * all or nothing).  svc_batch_end() commits when asked and nothing failed,
 * otherwise rolls everything back; SVC_OK or SVC_ERROR.
 */
int svc_batch_begin(svc *s);
int svc_batch_end(svc *s, int commit);

/*
 * A page of reads only, none of them personal data (the accounts' list
 * and its form: no access check, no access-log entry), in one snapshot:
 * one read transaction instead of one per statement, and one state
 * throughout.  Nothing may be written in between (svc_tx_begin refuses:
 * the use case fails).  svc_read_end() after any outcome; SVC_OK or
 * SVC_ERROR.
 */
int svc_read_begin(svc *s);
int svc_read_end(svc *s);

/*
 * Acting in a worker's (or the head's, or an employer's) name, for the
 * command line only (filling a demonstration service): the records the
 * call writes next name login as their author, as if she had written them
 * herself (an employer's, for her organisation), until svc_act_as(s,
 * NULL) gives the call back its own name (none: the operator).  The audit
 * log still names the command line.  SVC_OK; SVC_FORBIDDEN for any call
 * but a system one (nothing changes); SVC_NOT_FOUND when login is no
 * active worker, head or employer account (or on a store error), the call
 * then writing in its own name.
 */
int svc_act_as(svc *s, const char *login);

#endif
