/* totp — see totp.h. */
#include "support/totp.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "support/html.h"
#include "support/log.h"

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;

static void oath_start(void)
{
	if (oath_init() != OATH_OK)
		log_fatal("liboath cannot start");
}

void totp_secret_new(uint8_t secret[TOTP_SECRET_BYTES])
{
	randombytes_buf(secret, TOTP_SECRET_BYTES);
}

void totp_secret_base32(const uint8_t secret[TOTP_SECRET_BYTES], char out[TOTP_SECRET_B32_LEN + 1])
{
	pthread_once(&oath_once, oath_start);
	char *enc = NULL;
	size_t len = 0;
	if (oath_base32_encode((const char *)secret, TOTP_SECRET_BYTES, &enc, &len) != OATH_OK)
		log_fatal("cannot encode a secret in base32 (out of memory)");
	/* 160 bits fill 32 base32 characters exactly: no padding to strip. */
	if (len != TOTP_SECRET_B32_LEN)
		log_fatal("base32 of a TOTP secret has %zu characters", len);
	memcpy(out, enc, TOTP_SECRET_B32_LEN);
	out[TOTP_SECRET_B32_LEN] = '\0';
	sodium_memzero(enc, len);
	free(enc);
}

int totp_secret_from_base32(const char *b32, uint8_t secret[TOTP_SECRET_BYTES])
{
	pthread_once(&oath_once, oath_start);
	char clean[TOTP_SECRET_B32_LEN + 1];
	size_t n = 0;
	for (const char *p = b32; *p; p++) {
		if (*p == ' ')
			continue;
		if (n == TOTP_SECRET_B32_LEN)
			return -1;
		clean[n++] = (char)toupper((unsigned char)*p);
	}
	if (n != TOTP_SECRET_B32_LEN)
		return -1;
	clean[n] = '\0';
	char *dec = NULL;
	size_t len = 0;
	int rc = oath_base32_decode(clean, n, &dec, &len);
	sodium_memzero(clean, sizeof clean);
	if (rc != OATH_OK || len != TOTP_SECRET_BYTES) {
		if (dec) {
			sodium_memzero(dec, len);
			free(dec);
		}
		return -1;
	}
	memcpy(secret, dec, TOTP_SECRET_BYTES);
	sodium_memzero(dec, len);
	free(dec);
	return 0;
}

void totp_uri(buf *out, const char *login, const uint8_t secret[TOTP_SECRET_BYTES])
{
	char b32[TOTP_SECRET_B32_LEN + 1];
	totp_secret_base32(secret, b32);
	buf_puts(out, "otpauth://totp/" TOTP_ISSUER ":");
	html_url_arg(out, login);
	buf_printf(out, "?secret=%s&issuer=" TOTP_ISSUER "&digits=%d&period=%d", b32, TOTP_DIGITS,
		   TOTP_PERIOD);
	sodium_memzero(b32, sizeof b32);
}

int64_t totp_step(int64_t now)
{
	return now < 0 ? -1 : now / TOTP_PERIOD;
}

int totp_generate(const uint8_t *secret, size_t secret_len, int64_t now, unsigned digits,
		  char out[TOTP_CODE_MAX + 1])
{
	if (digits < 6 || digits > TOTP_CODE_MAX || now < 0)
		return -1;
	pthread_once(&oath_once, oath_start);
	int rc = oath_totp_generate((const char *)secret, secret_len, (time_t)now, TOTP_PERIOD,
				    OATH_TOTP_DEFAULT_START_TIME, digits, out);
	return rc == OATH_OK ? 0 : -1;
}

/* The six digits of code, spaces dropped, into digits; -1 otherwise. */
static int code_digits(const char *code, char digits[TOTP_DIGITS + 1])
{
	size_t n = 0;
	for (const char *p = code; *p; p++) {
		if (*p == ' ')
			continue;
		if (*p < '0' || *p > '9' || n == TOTP_DIGITS)
			return -1;
		digits[n++] = *p;
	}
	if (n != TOTP_DIGITS)
		return -1;
	digits[n] = '\0';
	return 0;
}

totp_result totp_verify(const uint8_t secret[TOTP_SECRET_BYTES], int64_t now, const char *code,
			int64_t last_step, int64_t *step)
{
	char typed[TOTP_DIGITS + 1];
	int64_t cur = totp_step(now);
	if (cur < 0 || code_digits(code, typed) != 0)
		return TOTP_MALFORMED;
	int64_t newest = -1;
	for (int64_t s = cur - TOTP_WINDOW; s <= cur + TOTP_WINDOW; s++) {
		char expect[TOTP_CODE_MAX + 1];
		if (s < 0)
			continue;
		if (totp_generate(secret, TOTP_SECRET_BYTES, s * TOTP_PERIOD, TOTP_DIGITS, expect) != 0)
			log_fatal("liboath cannot compute a TOTP code");
		/* Constant time, and no early exit: each step costs the same. */
		int match = sodium_memcmp(expect, typed, TOTP_DIGITS) == 0;
		newest = match ? s : newest;
		sodium_memzero(expect, sizeof expect);
	}
	sodium_memzero(typed, sizeof typed);
	if (newest < 0)
		return TOTP_WRONG;
	if (newest <= last_step)
		return TOTP_REUSED;
	*step = newest;
	return TOTP_OK;
}
