/* recovery — see recovery.h. */
#include "support/recovery.h"

#include <string.h>

#include <sodium.h>

/* Crockford's base32, lower case: no i, l, o, u. */
static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

/* Writes 12 symbols as "xxxx-xxxx-xxxx". */
static void display(const char sym[RECOVERY_SYMBOLS], char out[RECOVERY_CODE_LEN + 1])
{
	size_t o = 0;
	for (size_t i = 0; i < RECOVERY_SYMBOLS; i++) {
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = sym[i];
	}
	out[o] = '\0';
}

void recovery_code_new(char out[RECOVERY_CODE_LEN + 1])
{
	_Static_assert(sizeof alphabet - 1 == 32, "5 bits a symbol");
	char sym[RECOVERY_SYMBOLS];
	for (size_t i = 0; i < RECOVERY_SYMBOLS; i++)
		sym[i] = alphabet[randombytes_uniform(32)];
	display(sym, out);
	sodium_memzero(sym, sizeof sym);
}

void recovery_generate(const uint8_t key[SEC_KEY_BYTES],
		       char codes[RECOVERY_COUNT][RECOVERY_CODE_LEN + 1],
		       char hashes[RECOVERY_COUNT][SEC_HASH_HEX_LEN + 1])
{
	for (size_t i = 0; i < RECOVERY_COUNT; i++) {
		recovery_code_new(codes[i]);
		/* A fresh code always normalises to itself. */
		(void)recovery_hash(key, codes[i], hashes[i]);
	}
}

/* The symbol an input character stands for, or 0 when none. */
static char symbol(char c)
{
	if (c >= 'A' && c <= 'Z')
		c = (char)(c - 'A' + 'a');
	switch (c) {
	case 'o':
		return '0';
	case 'i':
	case 'l':
		return '1';
	case 'u':
		return 0;
	default:
		return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) ? c : 0;
	}
}

int recovery_normalise(const char *input, char out[RECOVERY_CODE_LEN + 1])
{
	char sym[RECOVERY_SYMBOLS];
	size_t n = 0;
	if (strnlen(input, RECOVERY_INPUT_MAX + 1) > RECOVERY_INPUT_MAX)
		return -1;
	for (const char *p = input; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		char s = symbol(*p);
		if (!s || n == RECOVERY_SYMBOLS)
			return -1;
		sym[n++] = s;
	}
	if (n != RECOVERY_SYMBOLS)
		return -1;
	display(sym, out);
	sodium_memzero(sym, sizeof sym);
	return 0;
}

int recovery_hash(const uint8_t key[SEC_KEY_BYTES], const char *input,
		  char out[SEC_HASH_HEX_LEN + 1])
{
	char code[RECOVERY_CODE_LEN + 1];
	if (recovery_normalise(input, code) != 0)
		return -1;
	sec_mac_hex(key, code, RECOVERY_CODE_LEN, out);
	sodium_memzero(code, sizeof code);
	return 0;
}

int recovery_match(const uint8_t key[SEC_KEY_BYTES], const char *input,
		   const char *const hashes[], size_t n)
{
	char h[SEC_HASH_HEX_LEN + 1];
	if (recovery_hash(key, input, h) != 0)
		return RECOVERY_MALFORMED;
	int found = -1;
	for (size_t i = 0; i < n; i++) {
		if (!hashes[i])
			continue;
		int eq = sec_streq(hashes[i], h);
		found = (eq && found < 0) ? (int)i : found;
	}
	return found;
}
