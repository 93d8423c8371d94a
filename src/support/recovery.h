/*
 * recovery — the ten single-use recovery codes of the second factor
 * (issue 13): what a person types when her authenticator is lost.
 *
 * A code is 12 symbols of Crockford's base32 (0-9 and the letters but
 * i, l, o, u), 5 random bits each: 60 bits, shown as "xxxx-xxxx-xxxx".
 * Typed input is normalised the Crockford way: case, spaces and dashes
 * ignored, o read as 0, i and l read as 1, so the look-alikes a person
 * may copy wrongly still work.
 *
 * Storage: only a keyed BLAKE2b-256 of the normalised code (libsodium's
 * crypto_generichash with a server key, through sec_mac_hex()), never the
 * code.  Why not argon2id as for passwords: a code is 60 random bits, not
 * a human choice, so a dictionary attack on a leaked hash has nothing to
 * work with, and the key (outside the database) stops even an exhaustive
 * search; while checking one typed code against up to ten argon2id hashes
 * would cost ten 64 MiB hashes per attempt, a lever for flooding the
 * server.  Online guessing (2^60 / 10 codes) is bounded by the sign-in's
 * throttling.  The key is a subkey of the master key for this purpose
 * only: sec_key_derive(master, 0, RECOVERY_KEY_CONTEXT, key).
 */
#ifndef RELAIS_RECOVERY_H
#define RELAIS_RECOVERY_H

#include <stddef.h>
#include <stdint.h>

#include "support/sec.h"

#define RECOVERY_COUNT 10         /* codes issued at once */
#define RECOVERY_SYMBOLS 12       /* base32 symbols per code: 60 bits */
#define RECOVERY_CODE_LEN 14      /* "xxxx-xxxx-xxxx" */
#define RECOVERY_INPUT_MAX 64     /* longer typed input is refused unread */
#define RECOVERY_KEY_CONTEXT "recovery" /* sec_key_derive()'s 8-character context */
#define RECOVERY_MALFORMED (-2)   /* recovery_match(): not a code at all */

/* A fresh code in its display form (sec_init() first). */
void recovery_code_new(char out[RECOVERY_CODE_LEN + 1]);

/* Ten fresh codes for the person, and their hashes for the database. */
void recovery_generate(const uint8_t key[SEC_KEY_BYTES],
		       char codes[RECOVERY_COUNT][RECOVERY_CODE_LEN + 1],
		       char hashes[RECOVERY_COUNT][SEC_HASH_HEX_LEN + 1]);

/* Typed input in the display form "xxxx-xxxx-xxxx" (lower case, look-alikes
   mapped); 0, or -1 when it is not 12 symbols of the alphabet once spaces
   and dashes are dropped, or longer than RECOVERY_INPUT_MAX bytes. */
int recovery_normalise(const char *input, char out[RECOVERY_CODE_LEN + 1]);

/* The stored hash of a typed or issued code; 0, or -1 as recovery_normalise(). */
int recovery_hash(const uint8_t key[SEC_KEY_BYTES], const char *input,
		  char out[SEC_HASH_HEX_LEN + 1]);

/*
 * Which of the n stored hashes the typed input matches: its index (the
 * caller then deletes or marks that code used, in the sign-in's
 * transaction), -1 when none, RECOVERY_MALFORMED when the input is not a
 * code.  NULL entries (codes already used) are skipped; every other entry
 * is compared, in constant time, whatever matched before.
 */
int recovery_match(const uint8_t key[SEC_KEY_BYTES], const char *input,
		   const char *const hashes[], size_t n);

#endif
