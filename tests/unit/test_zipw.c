/*
 * test_zipw — the zip writer (support/zipw.h): names made safe (no '/',
 * no "..", no control character, cut on a character boundary with their
 * extension), names taken twice numbered, and an archive that `unzip -t`
 * accepts and whose entries unzip gives back byte for byte.
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

#include "support/zipw.h"

static void safe(const char *in, const char *want)
{
	char out[ZIPW_NAME_MAX + 1];
	zipw_safe_name(in, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_safe_names(void **state)
{
	(void)state;
	safe("quittance.pdf", "quittance.pdf");
	safe("Arr\xc3\xaat maladie.pdf", "Arr\xc3\xaat maladie.pdf");
	safe("../../etc/passwd", "_.__._etc_passwd");
	safe("a\\b\x01\x7f" "c.pdf", "a_b__c.pdf");
	safe("..", "_.");
	safe(".", "_");
	safe("  ", "_");
	safe("", "document");
	safe(NULL, "document");
	/* Too long: cut on a character boundary, the extension kept. */
	char longname[400];
	size_t k = 0;
	for (int i = 0; i < 100; i++)
		k += (size_t)snprintf(longname + k, sizeof longname - k, "\xc3\xa9");
	snprintf(longname + k, sizeof longname - k, ".pdf");
	char out[ZIPW_NAME_MAX + 1];
	zipw_safe_name(longname, out, sizeof out);
	size_t n = strlen(out);
	assert_true(n <= ZIPW_NAME_MAX);
	assert_string_equal(out + n - 4, ".pdf");
	assert_int_equal((n - 4) % 2, 0); /* whole "é"s only */
}

static void test_archive(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 1 << 20);
	zipw *z = zipw_new(&b);
	const char *p1 = NULL, *p2 = NULL, *p3 = NULL;
	unsigned char big[70000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (unsigned char)(i * 7);
	assert_int_equal(zipw_begin(z, "documents/courriers", "lettre.odt", 1700000000, &p1), 0);
	assert_int_equal(zipw_data(z, big, 1000), 0);
	assert_int_equal(zipw_data(z, big + 1000, sizeof big - 1000), 0);
	assert_int_equal(zipw_end(z), 0);
	assert_string_equal(p1, "documents/courriers/lettre.odt");
	assert_int_equal(zipw_begin(z, "documents/courriers", "lettre.odt", 1700000000, &p2), 0);
	assert_int_equal(zipw_data(z, "deux", 4), 0);
	assert_string_equal(p2, "documents/courriers/lettre (2).odt");
	assert_int_equal(zipw_begin(z, NULL, "vide", 0, &p3), 0); /* ends the one before */
	assert_string_equal(p3, "vide");
	assert_int_equal(zipw_finish(z), 0);
	zipw_free(z);

	char dir[] = "/tmp/relais-zipw-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64], cmd[256];
	snprintf(path, sizeof path, "%s/a.zip", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
	fclose(f);
	snprintf(cmd, sizeof cmd, "unzip -tq %s >/dev/null", path);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "cd %s && unzip -q a.zip && rm a.zip", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/documents/courriers/lettre.odt", dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	static unsigned char back[sizeof big + 1];
	assert_int_equal(fread(back, 1, sizeof back, f), sizeof big);
	fclose(f);
	assert_memory_equal(back, big, sizeof big);
	snprintf(cmd, sizeof cmd, "rm -r %s", dir);
	assert_int_equal(system(cmd), 0);

	/* A full buffer: -1. */
	buf small;
	buf_init(&small, 100);
	z = zipw_new(&small);
	assert_int_equal(zipw_begin(z, NULL, "x", 0, NULL), 0);
	assert_int_equal(zipw_data(z, big, 200), -1);
	zipw_free(z);
	buf_free(&small);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe_names),
		cmocka_unit_test(test_archive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
