/*
 * throttle (service) — what stands between a sign-in and the password
 * check (issue 13): the progressive delay of domain/throttle.h with its
 * counters in the database, the device cookie that skips the per-login
 * part, and the hashing gate (support/hashgate.h) that bounds the
 * argon2id hashes running at once.
 *
 * The delay is decided from the counters of the typed login (kept as a
 * keyed hash) and of the client address alone, before the account is
 * looked at: a delayed attempt is answered at once (SVC_LOCKED with
 * auth_retry_after() seconds), the same for any login, known or not, and
 * never by sleeping.  Every other attempt runs exactly one argon2id hash
 * (or is refused with SVC_BUSY when the gate's queue is full); a failure
 * counts on both counters, a success clears the (login, address) one and
 * issues a new device cookie, all in the sign-in's transaction.
 */
#ifndef RELAIS_SERVICE_THROTTLE_H
#define RELAIS_SERVICE_THROTTLE_H

#include <stddef.h>
#include <stdint.h>

#include "service/app.h"
#include "service/svc.h"
#include "support/sec.h"

/* How long a device cookie vouches for its login: 180 days. */
#define THROTTLE_DEVICE_MAX_AGE (180 * 86400)
/* Retry-After of a sign-in refused by a full hashing gate, seconds. */
#define THROTTLE_BUSY_RETRY 2

/* For the adapters. */

/* Hands the device cookie the client sent (NULL or "" when none) to the
   call, before auth_login(). */
void auth_set_device(svc *s, const char *token);
/* The device cookie a successful auth_login() issued, "" when none. */
const char *auth_device_issued(const svc *s);
/* Seconds to wait after SVC_LOCKED or SVC_BUSY (Retry-After); 0 otherwise. */
int64_t auth_retry_after(const svc *s);

/*
 * The hashing gate of a's server: at most min(cores − 1, connections − 1)
 * hashes at once (at least 1), and a queue of the connections left once
 * those and one for the pages are counted (at least 0).  0, or -1 with err.
 */
int throttle_gate_open(app *a, char *err, size_t errlen);
/* The sizing alone (pure): threads server threads, cores_limit the gate's
   default (hashgate_default_limit()). */
void throttle_gate_size(unsigned threads, unsigned cores_limit, unsigned *limit,
			unsigned *queue);
void throttle_gate_close(app *a);

/* For auth.c (service-internal). */

/* One attempt, between throttle_admit() and throttle_record(). */
struct throttle_attempt {
	char login_key[SEC_HASH_HEX_LEN + 1]; /* keyed hash of the typed login */
	int device_trusted;                   /* a valid device cookie of that login */
};

/*
 * Reads the counters and the device cookie.  SVC_OK when the attempt may
 * go ahead; SVC_LOCKED while a delay runs (retry_after set, audited as
 * session.throttled); SVC_ERROR.  Outside any transaction.
 */
int throttle_admit(svc *s, const char *login, int64_t now, struct throttle_attempt *t);

/* Takes a place at the hashing gate: SVC_OK (give it back with
   throttle_hash_leave()), or SVC_BUSY (retry_after set). */
int throttle_hash_enter(svc *s);
void throttle_hash_leave(svc *s);

/*
 * Inside the sign-in's transaction: a failure counts on both counters; a
 * success (user_id) clears the (login, address) counter, ends the session
 * the client held before (the session id is rotated), and issues a device
 * cookie.  0 or -1 (store error).
 */
int throttle_record(svc *s, const struct throttle_attempt *t, int ok, int64_t user_id,
		    int64_t now);

#endif
