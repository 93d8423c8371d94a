/*
 * hashgate — a bound on the password hashes running at once (issue 13):
 * each argon2id hash takes 64 MiB and a core for a while, so a flood of
 * sign-ins must not occupy every server thread and starve the pages.
 *
 * A counting semaphore with a short FIFO queue: at most `limit` holders at
 * once (cores − 1 by default, so one core always serves pages), at most
 * `queue` threads waiting for a place, served in arrival order; an
 * arrival finding the queue full is refused at once, and the caller
 * answers 503 with Retry-After.  queue = 0 makes a pure try-acquire.
 * The gate is shared between server threads; it owns no other resource.
 */
#ifndef RELAIS_HASHGATE_H
#define RELAIS_HASHGATE_H

typedef struct hashgate hashgate;

/* cores online − 1, at least 1: the default limit. */
unsigned hashgate_default_limit(void);

/* A gate of limit holders (≥ 1) and queue waiters; NULL when limit is 0
   or memory runs out.  Free it with hashgate_free() once no thread uses it. */
hashgate *hashgate_new(unsigned limit, unsigned queue);
void hashgate_free(hashgate *g);

/* Takes a place if one is free and nobody is queued before; 1 when taken,
   0 otherwise.  Never waits. */
int hashgate_try_enter(hashgate *g);

/* Takes a place, waiting in the queue while all are held; 1 when taken,
   0 at once when the queue is full too.  A taken place is given back
   with hashgate_leave(). */
int hashgate_enter(hashgate *g);

void hashgate_leave(hashgate *g);

/* Places held and threads waiting now, and the most places ever held at
   once (for tests and make bench). */
unsigned hashgate_held(hashgate *g);
unsigned hashgate_waiting(hashgate *g);
unsigned hashgate_peak(hashgate *g);

#endif
