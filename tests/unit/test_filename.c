/*
 * test_filename — the names of the person archive's entries
 * (support/filename.h): made safe (no '/', no "..", no control character,
 * no broken UTF-8, cut on a character boundary with their extension), and
 * a name taken twice numbered.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/filename.h"

static void safe(const char *in, const char *want)
{
	char out[FILENAME_MAX_BYTES + 1];
	filename_safe(in, out, sizeof out);
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
	/* Broken UTF-8: a stray continuation byte, a sequence cut short, a
	   byte that starts none; a whole sequence after them kept. */
	safe("a\x80" "b\xc3" "c\xff\xe2\x82\xac.pdf", "a_b_c_\xe2\x82\xac.pdf");
	safe("fin\xe2\x82", "fin__");
	/* Too long: cut on a character boundary, the extension kept. */
	char longname[400];
	size_t k = 0;
	for (int i = 0; i < 100; i++)
		k += (size_t)snprintf(longname + k, sizeof longname - k, "\xc3\xa9");
	snprintf(longname + k, sizeof longname - k, ".pdf");
	char out[FILENAME_MAX_BYTES + 1];
	filename_safe(longname, out, sizeof out);
	size_t n = strlen(out);
	assert_true(n <= FILENAME_MAX_BYTES);
	assert_string_equal(out + n - 4, ".pdf");
	assert_int_equal((n - 4) % 2, 0); /* whole "é"s only */
}

/* The paths taken so far: ctx is a NULL-terminated array of them. */
static int taken(void *ctx, const char *path)
{
	for (const char *const *p = ctx; *p; p++)
		if (strcmp(*p, path) == 0)
			return 1;
	return 0;
}

static void unique(const char *folder, const char *safe_name, const char *const *paths,
		   const char *want)
{
	char *got = filename_unique(folder, safe_name, taken, (void *)paths);
	assert_string_equal(got, want);
	free(got);
}

static void test_unique(void **state)
{
	(void)state;
	static const char *const none[] = {NULL};
	static const char *const some[] = {"documents/courriers/lettre.odt",
					   "documents/courriers/lettre (2).odt", "vide", "_", NULL};
	unique("documents/courriers", "lettre.odt", none, "documents/courriers/lettre.odt");
	unique("documents/courriers", "lettre.odt", some, "documents/courriers/lettre (3).odt");
	unique("documents", "lettre.odt", some, "documents/lettre.odt");
	unique(NULL, "vide", some, "vide (2)");
	unique("", "_", some, "_ (2)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe_names),
		cmocka_unit_test(test_unique),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
