/*
 * audit_chain — the hash chain of the access log (pure computation).
 *
 * Each row's hash is a keyed BLAKE2b-256 over its fields and the previous
 * row's hash, so changing, removing or inserting a row breaks every hash
 * after it; the key lives outside the database, so whoever can write the
 * database cannot recompute the chain.  The first row's prev_hash is
 * AUDIT_GENESIS.
 */
#ifndef RELAIS_AUDIT_CHAIN_H
#define RELAIS_AUDIT_CHAIN_H

#include <stdint.h>

#include "support/sec.h"

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

struct audit_entry {
	int64_t id;              /* 1, 2, 3… in order */
	int64_t at;              /* Unix seconds */
	int64_t actor_id;        /* user id, 0 when none (command line, anonymous) */
	const char *actor_login; /* login or "cli", NULL when anonymous */
	const char *action;      /* "session.create", "user.create"… */
	const char *object_type; /* "user", "session"… or NULL */
	const char *object_id;   /* the object's id or NULL; never content */
	const char *client_addr; /* client IP or NULL */
	const char *prev_hash;   /* hex hash of the row before */
};

/* The row's hash, hex, into out. */
void audit_entry_hash(const uint8_t key[SEC_KEY_BYTES], const struct audit_entry *e,
		      char out[SEC_HASH_HEX_LEN + 1]);

#endif
