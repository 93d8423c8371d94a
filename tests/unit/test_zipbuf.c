/*
 * test_zipbuf — an archive written by libzip straight into a buf
 * (support/zipbuf.h): its entries read back by libzip byte for byte,
 * stored, dated, rw-------; `unzip -t` accepts it; past the buf's cap the
 * closing fails and says so; a name that is not UTF-8 is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/zipbuf.h"

static unsigned char big[70000];

/* Entry name of the archive in b: its bytes equal want[n], stored, dated
   mtime, a regular file rw-------. */
static void expect(zip_t *z, const char *name, const void *want, size_t n, int64_t mtime)
{
	zip_stat_t st;
	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	assert_int_equal(st.size, n);
	assert_int_equal(st.comp_method, ZIP_CM_STORE);
	assert_int_equal((int64_t)st.mtime, mtime);
	zip_uint8_t opsys;
	zip_uint32_t attr;
	assert_int_equal(zip_file_get_external_attributes(z, (zip_uint64_t)st.index, 0, &opsys,
							  &attr),
			 0);
	assert_int_equal(opsys, ZIP_OPSYS_UNIX);
	assert_int_equal(attr >> 16, 0100600);
	zip_file_t *f = zip_fopen(z, name, 0);
	assert_non_null(f);
	unsigned char *got = malloc(n + 1);
	assert_non_null(got);
	assert_int_equal(zip_fread(f, got, n + 1), (zip_int64_t)n);
	zip_fclose(f);
	assert_memory_equal(got, want, n);
	free(got);
}

static void test_archive(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (unsigned char)(i * 7);
	buf out;
	buf_init(&out, 1 << 20);
	buf_puts(&out, "what was there before");
	struct zipbuf zb;
	zip_t *z = zipbuf_open(&zb, &out);
	assert_non_null(z);
	assert_int_equal(zipbuf_add_stored(z, "documents/courriers/lettre.odt", big, sizeof big,
					   1700000000),
			 0);
	assert_int_equal(zipbuf_add_stored(z, "vide", "", 0, 1700000002), 0);
	assert_int_equal(zipbuf_add_stored(z, "pi\xc3\xa8" "ce.pdf", "%PDF-", 5, 1700000004), 0);
	/* Not UTF-8: refused, the archive goes on. */
	assert_int_equal(zipbuf_add_stored(z, "a\xff.pdf", "x", 1, 0), -1);
	assert_int_equal(zip_close(z), 0);
	zipbuf_fini(&zb);
	assert_int_equal(zb.over, 0);
	assert_memory_equal(out.data, "PK\x03\x04", 4);

	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(out.data, out.len, 0, &ze);
	assert_non_null(src);
	z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	assert_non_null(z);
	assert_int_equal(zip_get_num_entries(z, 0), 3);
	expect(z, "documents/courriers/lettre.odt", big, sizeof big, 1700000000);
	expect(z, "vide", "", 0, 1700000002);
	expect(z, "pi\xc3\xa8" "ce.pdf", "%PDF-", 5, 1700000004);
	zip_discard(z);
	zip_error_fini(&ze);

	char dir[] = "/tmp/relais-zipbuf-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64], cmd[256];
	snprintf(path, sizeof path, "%s/a.zip", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(out.data, 1, out.len, f), out.len);
	fclose(f);
	snprintf(cmd, sizeof cmd, "unzip -tq %s >/dev/null && rm -r %s", path, dir);
	assert_int_equal(system(cmd), 0);
	buf_free(&out);
}

static void test_over_cap(void **state)
{
	(void)state;
	buf out;
	buf_init(&out, 1000);
	struct zipbuf zb;
	zip_t *z = zipbuf_open(&zb, &out);
	assert_non_null(z);
	assert_int_equal(zipbuf_add_stored(z, "a.pdf", big, 900, 0), 0);
	assert_int_equal(zipbuf_add_stored(z, "b.pdf", big, 900, 0), 0);
	assert_int_not_equal(zip_close(z), 0);
	assert_int_equal(zb.over, 1);
	zip_discard(z);
	zipbuf_fini(&zb);
	assert_int_equal(out.len, 0); /* nothing half-written kept */
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_archive),
		cmocka_unit_test(test_over_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
