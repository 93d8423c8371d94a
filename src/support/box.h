/*
 * box — authenticated encryption of free text at rest (libsodium
 * XChaCha20-Poly1305-IETF).  A sealed value is nonce (24 bytes) ‖
 * ciphertext ‖ tag (16 bytes).  The associated data names where the value
 * lives ("cases.diagnosis"), so a ciphertext moved to another column does
 * not open.
 */
#ifndef RELAIS_BOX_H
#define RELAIS_BOX_H

#include <stddef.h>
#include <stdint.h>

#define BOX_KEY_BYTES 32
#define BOX_OVERHEAD 40 /* nonce + tag */

/* Seals n bytes of msg into out, which has n + BOX_OVERHEAD bytes. */
void box_seal(const uint8_t key[BOX_KEY_BYTES], const char *aad, const void *msg, size_t n,
	      unsigned char *out);
/* Opens n sealed bytes into out (n - BOX_OVERHEAD bytes); 0, or -1 when
   the key, the associated data or the bytes are wrong. */
int box_open(const uint8_t key[BOX_KEY_BYTES], const char *aad, const unsigned char *in, size_t n,
	     void *out);

#endif
