/*
 * totp — time-based one-time passwords (RFC 6238) over liboath: the
 * second factor of issue 13.
 *
 * Secrets are 160 random bits (RFC 4226 §4 recommends this length for
 * HMAC-SHA-1), shown to the person in base32 and in an otpauth:// URI for
 * authenticator apps.  Codes have 6 digits, steps last 30 s from the Unix
 * epoch, HMAC-SHA-1: what every authenticator app reads from the URI's
 * defaults.
 *
 * No function reads the clock: the time is always a parameter, so the
 * sign-in passes time(NULL) and tests pass any instant without sleeping.
 * No function keeps state: refusing a code reused in its window is the
 * caller's job, with the last accepted time step it stores (in the
 * sign-in's transaction) and hands back to totp_verify().
 *
 * The secret must be readable by the server at each sign-in, so it cannot
 * be hashed: store it sealed (support/box.h, under a subkey of the master
 * key, the column's name as associated data), never in clear.  For a
 * person testing by hand: `oathtool --totp --base32 SECRET` prints the
 * current code of totp_secret_base32()'s text.
 */
#ifndef RELAIS_TOTP_H
#define RELAIS_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "support/buf.h"

#define TOTP_SECRET_BYTES 20  /* 160 bits */
#define TOTP_SECRET_B32_LEN 32 /* 20 bytes in base32: 32 characters, no padding */
#define TOTP_DIGITS 6
#define TOTP_PERIOD 30        /* seconds per time step */
#define TOTP_WINDOW 1         /* steps accepted either side of the current one */
#define TOTP_CODE_MAX 8       /* longest code totp_generate() writes */
#define TOTP_ISSUER "relais"  /* the issuer shown by authenticator apps */

/* What totp_verify() found. */
typedef enum totp_result {
	TOTP_OK = 0,        /* the code matches a step of the window newer than last_step */
	TOTP_WRONG = 1,     /* well-formed, but matches no step of the window */
	TOTP_REUSED = 2,    /* matches only steps at or before last_step: already used */
	TOTP_MALFORMED = 3, /* not six digits (spaces aside), or the time is before the epoch */
} totp_result;

/* A fresh secret from libsodium's generator (sec_init() first). */
void totp_secret_new(uint8_t secret[TOTP_SECRET_BYTES]);

/* The secret in base32 (RFC 4648, upper case, no padding: 32 characters
   and a NUL), as authenticator apps and oathtool --base32 read it. */
void totp_secret_base32(const uint8_t secret[TOTP_SECRET_BYTES], char out[TOTP_SECRET_B32_LEN + 1]);

/* The reverse, for a secret stored as text: case and spaces ignored.
   0, or -1 when b32 is not base32 of exactly TOTP_SECRET_BYTES bytes. */
int totp_secret_from_base32(const char *b32, uint8_t secret[TOTP_SECRET_BYTES]);

/* The enrolment URI, appended to out:
   otpauth://totp/relais:LOGIN?secret=BASE32&issuer=relais&digits=6&period=30
   with the login percent-encoded (all but RFC 3986's unreserved characters). */
void totp_uri(buf *out, const char *login, const uint8_t secret[TOTP_SECRET_BYTES]);

/* The time step of an instant: floor(now / TOTP_PERIOD); -1 before the epoch. */
int64_t totp_step(int64_t now);

/* The code of a secret of any length at an instant, with 6 to 8 digits
   (8 for RFC 6238's test vectors), zero-padded, into out.  0, or -1 for
   a bad digit count, a time before the epoch or a liboath failure. */
int totp_generate(const uint8_t *secret, size_t secret_len, int64_t now, unsigned digits,
		  char out[TOTP_CODE_MAX + 1]);

/*
 * Checks a code typed by the person at instant now against the steps
 * step(now) - TOTP_WINDOW … step(now) + TOTP_WINDOW.  ASCII spaces in the
 * code are ignored (apps show "123 456"); anything else but exactly six
 * digits is TOTP_MALFORMED.  Each step's code is compared in constant time
 * and every step is compared whatever matched before.
 *
 * last_step is the step of the last code this account had accepted (-1
 * when none): only a step after it is TOTP_OK, and then *step receives it
 * for the caller to store as the new last_step.  When the code matches
 * several steps, the newest one counts.  *step is untouched otherwise.
 */
totp_result totp_verify(const uint8_t secret[TOTP_SECRET_BYTES], int64_t now, const char *code,
			int64_t last_step, int64_t *step);

#endif
