/*
 * sec — the security primitives relais uses, all from libsodium:
 * random tokens, token hashing, argon2id passwords, the key file and
 * keyed hashes.  Call sec_init() once before anything else.
 */
#ifndef RELAIS_SEC_H
#define RELAIS_SEC_H

#include <stddef.h>
#include <stdint.h>

#define SEC_TOKEN_LEN 43       /* 256 random bits in base64url, no padding */
#define SEC_HASH_HEX_LEN 64    /* a 256-bit hash in lowercase hex */
#define SEC_PASSWORD_HASH_MAX 128 /* room for an argon2id encoded string */
#define SEC_KEY_BYTES 32
#define SEC_PASSWORD_MIN_CHARS 12

/* 0, or -1 when libsodium cannot start. */
int sec_init(void);

/* A fresh 256-bit random token, base64url: out has SEC_TOKEN_LEN + 1 bytes. */
void sec_token_new(char out[SEC_TOKEN_LEN + 1]);
/* BLAKE2b-256 of a token, hex: what is stored instead of the token. */
void sec_token_hash(const char *token, char out[SEC_HASH_HEX_LEN + 1]);
/* Keyed BLAKE2b-256 of data, hex. */
void sec_mac_hex(const uint8_t key[SEC_KEY_BYTES], const void *data, size_t len,
		 char out[SEC_HASH_HEX_LEN + 1]);
/* Constant-time comparison of two NUL-terminated strings; 1 when equal. */
int sec_streq(const char *a, const char *b);

/* argon2id (interactive limits); 0 or -1 (out of memory). */
int sec_password_hash(const char *password, char out[SEC_PASSWORD_HASH_MAX]);
/* 1 when password matches hash, 0 otherwise. */
int sec_password_verify(const char *hash, const char *password);
/* Spends the time of a verification without a hash: keeps unknown logins
   as slow as known ones. */
void sec_password_dummy_verify(const char *password);
/* A random password of len characters from an unambiguous alphabet
   (out has len + 1 bytes; len >= SEC_PASSWORD_MIN_CHARS). */
void sec_password_generate(char *out, size_t len);

/*
 * The key file holds the master key, outside the database: 64 hex digits
 * and a newline, mode 0600 (0400 on a server: /etc/relais/master.key, owned
 * by the service's user).  sec_key_create() writes it atomically and
 * refuses to overwrite; sec_key_load() refuses a file any permission bit of
 * group or others is set on (read, write or execute: every command, `relais
 * serve` included, then refuses to start, naming the file and the chmod to
 * run), or malformed.  Both return 0 or -1 with a message in err.
 */
int sec_key_create(const char *path, char *err, size_t errlen);
int sec_key_load(const char *path, uint8_t key[SEC_KEY_BYTES], char *err, size_t errlen);
/* Derives the subkey for one purpose (id, 8-character context). */
void sec_key_derive(const uint8_t master[SEC_KEY_BYTES], uint64_t id, const char ctx[8],
		    uint8_t out[SEC_KEY_BYTES]);

#endif
