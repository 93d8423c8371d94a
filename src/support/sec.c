/* sec — see sec.h. */
#include "support/sec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <pthread.h>
#include <unistd.h>

#include <sodium.h>

#include "support/log.h"

static char dummy_hash[crypto_pwhash_STRBYTES];

int sec_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void sec_token_new(char out[SEC_TOKEN_LEN + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SEC_TOKEN_LEN + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

static void hex32(const unsigned char h[32], char out[SEC_HASH_HEX_LEN + 1])
{
	sodium_bin2hex(out, SEC_HASH_HEX_LEN + 1, h, 32);
}

void sec_token_hash(const char *token, char out[SEC_HASH_HEX_LEN + 1])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	hex32(h, out);
}

void sec_mac_hex(const uint8_t key[SEC_KEY_BYTES], const void *data, size_t len,
		 char out[SEC_HASH_HEX_LEN + 1])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, data, len, key, SEC_KEY_BYTES);
	hex32(h, out);
}

int sec_streq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}

int sec_password_hash(const char *password, char out[SEC_PASSWORD_HASH_MAX])
{
	_Static_assert(crypto_pwhash_STRBYTES <= SEC_PASSWORD_HASH_MAX, "hash room");
	return crypto_pwhash_str_alg(out, password, strlen(password),
				     crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
}

int sec_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static void dummy_init(void)
{
	char pw[24];
	sec_password_generate(pw, 20);
	if (sec_password_hash(pw, dummy_hash) != 0)
		log_fatal("cannot hash a password (out of memory)");
}

void sec_password_dummy_verify(const char *password)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, dummy_init);
	(void)sec_password_verify(dummy_hash, password);
}

void sec_password_generate(char *out, size_t len)
{
	/* No 0/O, 1/l/I: the password is read from a screen and typed. */
	static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (size_t i = 0; i < len; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[len] = '\0';
}

int sec_key_create(const char *path, char *err, size_t errlen)
{
	unsigned char key[SEC_KEY_BYTES];
	char hex[2 * SEC_KEY_BYTES + 2];
	char tmp[4096];
	int rc = -1, fd = -1;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= sizeof tmp) {
		snprintf(err, errlen, "key file path too long");
		return -1;
	}
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	hex[2 * SEC_KEY_BYTES] = '\n';
	hex[2 * SEC_KEY_BYTES + 1] = '\0';
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	size_t n = strlen(hex);
	if (write(fd, hex, n) != (ssize_t)n || fsync(fd) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	close(fd);
	fd = -1;
	/* link() refuses to replace an existing key, unlike rename(). */
	if (link(tmp, path) != 0) {
		snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	sodium_memzero(key, sizeof key);
	sodium_memzero(hex, sizeof hex);
	return rc;
}

int sec_key_load(const char *path, uint8_t key[SEC_KEY_BYTES], char *err, size_t errlen)
{
	char text[256];
	struct stat st;
	int rc = -1;
	int fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open key file %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "key file %s is not a regular file", path);
		goto out;
	}
	/* Readable, writable (replaced) or searchable by anyone but its owner:
	   refused, naming the file and the command that fixes it. */
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		snprintf(err, errlen,
			 "key file %s must not be readable or writable by group or others (mode "
			 "%04o): run chmod 600 %s (chmod 400 on a server, owned by the service's "
			 "user)",
			 path, (unsigned)(st.st_mode & 07777), path);
		goto out;
	}
	ssize_t n = read(fd, text, sizeof text - 1);
	if (n < 0) {
		snprintf(err, errlen, "cannot read key file %s: %s", path, strerror(errno));
		goto out;
	}
	text[n] = '\0';
	size_t bin_len = 0;
	const char *end = NULL;
	if (sodium_hex2bin(key, SEC_KEY_BYTES, text, (size_t)n, "\n", &bin_len, &end) != 0 ||
	    bin_len != SEC_KEY_BYTES || (end && *end != '\0' && *end != '\n')) {
		snprintf(err, errlen, "key file %s is malformed (expected 64 hex digits)", path);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(text, sizeof text);
	close(fd);
	return rc;
}

void sec_key_derive(const uint8_t master[SEC_KEY_BYTES], uint64_t id, const char ctx[8],
		    uint8_t out[SEC_KEY_BYTES])
{
	_Static_assert(SEC_KEY_BYTES == crypto_kdf_KEYBYTES, "kdf key size");
	crypto_kdf_derive_from_key(out, SEC_KEY_BYTES, id, ctx, master);
}
