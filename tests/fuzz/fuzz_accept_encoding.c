/* fuzz_accept_encoding — accept_encoding_parse and coding_choose on any
   Accept-Encoding value, and gzip_compress read back by zlib. */
#include "fuzz.h"

#include <strings.h>

#include <zlib.h>

#include "http/encoding.h"

/* Whether s names a coding (case-insensitive substring: a superset). */
static int mentions(const char *s, const char *what)
{
	size_t n = strlen(what);
	for (const char *p = s; *p; p++)
		if (strncasecmp(p, what, n) == 0)
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	struct accepted acc;
	accept_encoding_parse(s, &acc);
	for (int c = 0; c < CODING_COUNT; c++)
		fuzz_check(acc.q[c] >= 0 && acc.q[c] <= 1000);
	/* A coding never named (nor "*") is refused; identity is accepted
	   unless named or "*" refuses it. */
	if (!mentions(s, "*")) {
		if (!mentions(s, "br"))
			fuzz_check(acc.q[CODING_BR] == 0);
		if (!mentions(s, "gzip"))
			fuzz_check(acc.q[CODING_GZIP] == 0);
		if (!mentions(s, "identity"))
			fuzz_check(acc.q[CODING_IDENTITY] == 1000);
	}
	for (unsigned avail = 0; avail < 1u << CODING_COUNT; avail++) {
		int c = coding_choose(&acc, avail);
		if (c < 0) {
			for (int k = 0; k < CODING_COUNT; k++)
				fuzz_check(!(avail & (1u << k)) || acc.q[k] == 0);
			continue;
		}
		fuzz_check(c < CODING_COUNT && (avail & (1u << c)) && acc.q[c] > 0);
		for (int k = 0; k < CODING_COUNT; k++)
			fuzz_check(!(avail & (1u << k)) || acc.q[k] <= acc.q[c]);
	}
	/* gzip of the bytes reads back as the bytes. */
	size_t len;
	unsigned char *gz = gzip_compress(data, size, 0, &len);
	fuzz_check(gz != NULL);
	unsigned char *back = malloc(size + 1);
	uLongf back_len = (uLongf)size + 1;
	z_stream z;
	memset(&z, 0, sizeof z);
	fuzz_check(inflateInit2(&z, 15 + 16) == Z_OK);
	z.next_in = gz;
	z.avail_in = (uInt)len;
	z.next_out = back;
	z.avail_out = (uInt)back_len;
	fuzz_check(inflate(&z, Z_FINISH) == Z_STREAM_END);
	fuzz_check(z.total_out == size && z.avail_in == 0);
	fuzz_check(memcmp(back, data, size) == 0);
	inflateEnd(&z);
	free(back);
	free(gz);
	free(s);
	return 0;
}
