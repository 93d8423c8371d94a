/* fuzz_second_factor — what a person types as a second factor: a TOTP
   code (totp_verify) and a recovery code (recovery_normalise,
   recovery_match); and any text made into a QR code (qrsvg_render). */
#include "fuzz.h"

#include "support/buf.h"
#include "support/qrsvg.h"
#include "support/recovery.h"
#include "support/sec.h"
#include "support/totp.h"

static const uint8_t secret[TOTP_SECRET_BYTES] = "12345678901234567890";
static const uint8_t key[SEC_KEY_BYTES] = {7};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	const int64_t now = 1234567890, cur = now / TOTP_PERIOD;

	int64_t step = -7;
	totp_result r = totp_verify(secret, now, s, cur - 1, &step);
	fuzz_check(r == TOTP_OK || r == TOTP_WRONG || r == TOTP_REUSED || r == TOTP_MALFORMED);
	if (r == TOTP_OK)
		fuzz_check(step == cur || step == cur + 1);
	else
		fuzz_check(step == -7);

	char code[RECOVERY_CODE_LEN + 1];
	if (recovery_normalise(s, code) == 0) {
		/* The display form is a fixed point, and hashes as the input does. */
		char again[RECOVERY_CODE_LEN + 1];
		fuzz_check(strlen(code) == RECOVERY_CODE_LEN);
		fuzz_check(recovery_normalise(code, again) == 0 && strcmp(code, again) == 0);
		char h1[SEC_HASH_HEX_LEN + 1], h2[SEC_HASH_HEX_LEN + 1];
		fuzz_check(recovery_hash(key, s, h1) == 0 && recovery_hash(key, code, h2) == 0);
		fuzz_check(strcmp(h1, h2) == 0);
		const char *stored[] = {NULL, h2};
		fuzz_check(recovery_match(key, s, stored, 2) == 1);
	} else {
		const char *stored[] = {"x"};
		fuzz_check(recovery_match(key, s, stored, 1) == RECOVERY_MALFORMED);
	}

	buf b;
	buf_init(&b, 0);
	int version = 0;
	if (qrsvg_render(&b, s, s, &version) == 0) {
		fuzz_check(version >= 1 && version <= 40);
		fuzz_check(!b.overflow && b.len > 9 && strcmp(b.data + b.len - 9, "\"/></svg>") == 0);
	} else {
		fuzz_check(b.len == 0);
	}
	buf_free(&b);
	free(s);
	return 0;
}
