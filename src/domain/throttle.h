/*
 * throttle — the progressive delay between failed sign-ins (issue 13),
 * which replaces a hard lock: nobody can keep an account locked, and the
 * right password always works once the delay has passed.
 *
 * Two counters of consecutive failures apply to each attempt:
 *  - per (login, address): THROTTLE_LOGIN — 3 failures free, then 1 s,
 *    doubling, up to 15 min.  It slows the guessing of one password to
 *    about a hundred tries a day from an address.  A device cookie from a
 *    past good sign-in of that login skips this part, so an attacker
 *    elsewhere delays nobody who has signed in before on her own machine.
 *  - per address alone: THROTTLE_ADDRESS — 10 failures free, then 1 s,
 *    doubling, up to 5 min.  It slows one address trying one password on
 *    many logins.  More failures are free and the cap is shorter because
 *    a whole office may share one address behind its router; the device
 *    cookie does not skip it.
 * The login is counted whether or not it exists, so the delays tell
 * nothing about which logins exist.  A counter untouched for its rule's
 * forget_after starts again from zero; a good sign-in resets the
 * (login, address) counter but not the address's, so an attacker with an
 * account of her own cannot wipe her address's count by signing in.
 *
 * Everything here is pure: times are Unix seconds passed by the caller,
 * who stores the counters and answers 429 with Retry-After while
 * throttle_retry_after() is positive (never sleeping in a server thread).
 */
#ifndef RELAIS_THROTTLE_H
#define RELAIS_THROTTLE_H

#include <stdint.h>

/* How one counter turns failures into a delay. */
typedef struct throttle_rule {
	uint32_t free_failures; /* failures answered without delay */
	int64_t first_delay;    /* seconds after the first failure beyond those */
	int64_t cap;            /* the longest delay, seconds */
	int64_t forget_after;   /* seconds without a failure after which the count restarts */
} throttle_rule;

extern const throttle_rule THROTTLE_LOGIN;   /* per (login, address): 3, 1 s, 15 min, 1 day */
extern const throttle_rule THROTTLE_ADDRESS; /* per address: 10, 1 s, 5 min, 1 day */

/* One counter, as the caller stores it (zeroed: no failure). */
typedef struct throttle_counter {
	uint32_t failures;    /* consecutive failures counted (saturates) */
	int64_t last_failure; /* when the last of them happened */
} throttle_counter;

/* The delay after `failures` consecutive failures: 0 up to free_failures,
   then first_delay × 2^(failures − free_failures − 1), at most cap. */
int64_t throttle_delay(const throttle_rule *rule, uint32_t failures);

/* Counts a failure at now (restarting a count left for forget_after). */
void throttle_fail(throttle_counter *c, const throttle_rule *rule, int64_t now);

/* A good sign-in: the (login, address) counter goes back to zero. */
void throttle_succeed(throttle_counter *login_address);

/* The earliest time the counter lets the next attempt through
   (INT64_MIN when it holds no failure). */
int64_t throttle_counter_next(const throttle_counter *c, const throttle_rule *rule);

/*
 * The earliest time the next attempt for this login from this address may
 * be checked: the later of the two counters', the (login, address) one
 * under THROTTLE_LOGIN skipped when device_trusted (a valid device cookie
 * of that login), the address one under THROTTLE_ADDRESS.
 */
int64_t throttle_next_attempt(const throttle_counter *login_address,
			      const throttle_counter *address, int device_trusted);

/* Seconds to wait at now before next (the Retry-After value); 0 when the
   attempt may go ahead. */
int64_t throttle_retry_after(int64_t next, int64_t now);

#endif
