/* box — see box.h. */
#include "support/box.h"

#include <string.h>

#include <sodium.h>

_Static_assert(BOX_KEY_BYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES, "key size");
_Static_assert(BOX_OVERHEAD == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
				       crypto_aead_xchacha20poly1305_ietf_ABYTES,
	       "overhead");

void box_seal(const uint8_t key[BOX_KEY_BYTES], const char *aad, const void *msg, size_t n,
	      unsigned char *out)
{
	unsigned char *nonce = out;
	randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
		out + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, NULL, msg, n,
		(const unsigned char *)aad, strlen(aad), NULL, nonce, key);
}

int box_open(const uint8_t key[BOX_KEY_BYTES], const char *aad, const unsigned char *in, size_t n,
	     void *out)
{
	if (n < BOX_OVERHEAD)
		return -1;
	return crypto_aead_xchacha20poly1305_ietf_decrypt(
		       out, NULL, NULL, in + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
		       n - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, (const unsigned char *)aad,
		       strlen(aad), in, key) == 0
		       ? 0
		       : -1;
}
