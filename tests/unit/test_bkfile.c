/* Unit tests of the encrypted backup file: a round trip of several
   messages, and every cut and every flipped bit of a small file refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "support/bkfile.h"

struct sink {
	unsigned char *data;
	size_t len, cap;
};

static int collect(void *ctx, const void *data, size_t n)
{
	struct sink *s = ctx;
	if (s->len + n > s->cap)
		return -1;
	memcpy(s->data + s->len, data, n);
	s->len += n;
	return 0;
}

/* A backup of plain (n bytes) under key, as bytes (*len); caller frees. */
static unsigned char *make(const uint8_t *key, const unsigned char *plain, size_t n, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	assert_non_null(f);
	struct bk_header h = {BKFILE_VERSION, "sqlite", 1700000000, 42, "ab", 12, ""};
	char err[256];
	bk_writer *w = bk_write_open(f, key, &h, err, sizeof err);
	assert_non_null(w);
	/* In uneven pieces, so messages straddle them. */
	for (size_t at = 0; at < n;) {
		size_t take = n - at < 1000 ? n - at : 1000;
		assert_int_equal(bk_write(w, plain + at, take, err, sizeof err), 0);
		at += take;
	}
	assert_int_equal(bk_write_close(w, err, sizeof err), 0);
	fclose(f);
	return (unsigned char *)buf;
}

/* Reads bytes back; 0 and the plain text in s, or -1 with err. */
static int read_back(const uint8_t *key, unsigned char *bytes, size_t len, struct sink *s,
		     struct bk_header *h, char *err, size_t errlen)
{
	FILE *f = fmemopen(bytes, len, "rb");
	assert_non_null(f);
	s->len = 0;
	int rc = bk_read_all(f, key, h, collect, s, err, errlen);
	fclose(f);
	return rc;
}

/* 1 when the n bytes of needle appear in hay. */
static int holds(const unsigned char *hay, size_t len, const void *needle, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

static void test_round_trip(void **state)
{
	(void)state;
	uint8_t key[SEC_KEY_BYTES];
	randombytes_buf(key, sizeof key);
	size_t n = 3 * BKFILE_CHUNK + 123;
	unsigned char *plain = malloc(n);
	randombytes_buf(plain, n);
	size_t len = 0;
	unsigned char *bytes = make(key, plain, n, &len);
	struct sink s = {malloc(n), 0, n};
	struct bk_header h;
	char err[256];
	assert_int_equal(read_back(key, bytes, len, &s, &h, err, sizeof err), 0);
	assert_int_equal(s.len, n);
	assert_memory_equal(s.data, plain, n);
	assert_string_equal(h.kind, "sqlite");
	assert_int_equal(h.created, 1700000000);
	assert_int_equal(h.audit_seq, 42);
	assert_string_equal(h.audit_hash, "ab");
	assert_int_equal(h.schema, 12);
	/* No plain byte in the file: the key's bytes are nowhere either. */
	assert_false(holds(bytes, len, plain, 64));
	assert_false(holds(bytes, len, key, 16));

	uint8_t other[SEC_KEY_BYTES];
	randombytes_buf(other, sizeof other);
	assert_int_equal(read_back(other, bytes, len, &s, &h, err, sizeof err), -1);
	assert_non_null(strstr(err, "autre clé de sauvegarde"));
	free(bytes);
	free(plain);
	free(s.data);
}

static void test_every_cut_and_flip(void **state)
{
	(void)state;
	uint8_t key[SEC_KEY_BYTES];
	randombytes_buf(key, sizeof key);
	unsigned char plain[300];
	randombytes_buf(plain, sizeof plain);
	size_t len = 0;
	unsigned char *bytes = make(key, plain, sizeof plain, &len);
	struct sink s = {malloc(sizeof plain), 0, sizeof plain};
	struct bk_header h;
	char err[256];
	for (size_t cut = 0; cut < len; cut++)
		if (read_back(key, bytes, cut, &s, &h, err, sizeof err) != -1)
			fail_msg("a file cut at %zu of %zu bytes was accepted", cut, len);
	for (size_t at = 0; at < len; at++)
		for (int bit = 0; bit < 8; bit++) {
			bytes[at] ^= (unsigned char)(1 << bit);
			if (read_back(key, bytes, len, &s, &h, err, sizeof err) != -1)
				fail_msg("bit %d of byte %zu flipped was accepted", bit, at);
			bytes[at] ^= (unsigned char)(1 << bit);
		}
	assert_int_equal(read_back(key, bytes, len, &s, &h, err, sizeof err), 0);
	free(bytes);
	free(s.data);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_every_cut_and_flip),
	};
	return cmocka_run_group_tests_name("bkfile", tests, NULL, NULL);
}
