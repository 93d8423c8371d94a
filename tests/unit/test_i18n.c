/* Unit tests of the translation cache in front of gettext (support/i18n.c):
   it answers what gettext answers, by a msgid's text and not its address,
   from any thread, with a real catalog as without one. */
#include <locale.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/i18n.h"

/* Without a catalog a msgid is its own translation: the caller's pointer
   comes back, even when a buffer that held the same text before now holds
   another one. */
static void test_untranslated(void **state)
{
	(void)state;
	char buf[32], other[32];
	snprintf(buf, sizeof buf, "%s", "Réinitialiser");
	assert_ptr_equal(i18n_gettext(buf), buf);
	snprintf(buf, sizeof buf, "%s", "Désactiver");
	assert_ptr_equal(i18n_gettext(buf), buf);
	assert_string_equal(i18n_gettext(buf), "Désactiver");
	snprintf(other, sizeof other, "%s", "Réinitialiser");
	assert_ptr_equal(i18n_gettext(other), other);
	assert_ptr_equal(i18n_gettext(""), gettext(""));
	assert_null(i18n_gettext(NULL));
}

/* More distinct texts than the table holds: each still answers itself
   (a full table falls back to gettext). */
static void test_many(void **state)
{
	(void)state;
	char t[48];
	for (int i = 0; i < 20000; i++) {
		snprintf(t, sizeof t, "texte numéro %d", i);
		assert_ptr_equal(i18n_gettext(t), t);
	}
}

static void *reader(void *p)
{
	char t[48];
	long bad = 0;
	(void)p;
	for (int i = 0; i < 20000; i++) {
		snprintf(t, sizeof t, "fil %d", i % 300);
		bad += i18n_gettext(t) != t || strcmp(i18n_gettext("Menu"), "Menu") != 0;
	}
	return (void *)bad;
}

static void test_threads(void **state)
{
	(void)state;
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, reader, NULL), 0);
	for (int i = 0; i < 4; i++) {
		void *bad;
		pthread_join(t[i], &bad);
		assert_null(bad);
	}
}

static char rewritten[32] = "Se déconnecter"; /* writable data, not a literal */

/* With a catalog (a test domain compiled here with msgfmt), the cached
   answer is the catalog's, the same at the second call. */
static void test_catalog(void **state)
{
	(void)state;
	char dir[] = "/tmp/relais-i18n-XXXXXX", cmd[512];
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof cmd,
		 "mkdir -p %s/en/LC_MESSAGES && printf 'msgid \"\"\\nmsgstr \"Content-Type: "
		 "text/plain; charset=UTF-8\\\\n\"\\n\\nmsgid \"Se déconnecter\"\\nmsgstr \"Sign "
		 "out\"\\n' > %s/t.po && msgfmt -o %s/en/LC_MESSAGES/relaistest.mo %s/t.po",
		 dir, dir, dir, dir);
	if (system(cmd) != 0) {
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd) != 0)
			print_message("# %s left behind\n", dir);
		skip(); /* msgfmt is installed with gettext by install-deps */
	}
	setenv("LANGUAGE", "en", 1);
	const char *loc = setlocale(LC_MESSAGES, "C.UTF-8");
	bindtextdomain("relaistest", dir);
	bind_textdomain_codeset("relaistest", "UTF-8");
	textdomain("relaistest");
	const char *direct = gettext("Se déconnecter");
	if (!loc || strcmp(direct, "Sign out") != 0) {
		print_message("# skipped: no locale lets gettext read the test catalog\n");
	} else {
		char msgid[32];
		snprintf(msgid, sizeof msgid, "%s", "Se déconnecter");
		assert_string_equal(i18n_gettext(msgid), "Sign out");
		/* The same buffer, another text, then the first again: the
		   table by address answers by the text it holds now. */
		snprintf(msgid, sizeof msgid, "%s", "Aller au contenu");
		assert_ptr_equal(i18n_gettext(msgid), msgid);
		snprintf(msgid, sizeof msgid, "%s", "Se déconnecter");
		assert_string_equal(i18n_gettext(msgid), "Sign out");
		assert_string_equal(i18n_gettext("Se déconnecter"), "Sign out");
		assert_string_equal(i18n_gettext("Aller au contenu"), "Aller au contenu");
		/* A literal's address is remembered for its text (the
		   program's read-only data never changes); a writable array
		   of the program, rewritten in place, is not. */
		for (int i = 0; i < 3; i++) {
			assert_string_equal(i18n_gettext("Se déconnecter"), "Sign out");
			assert_string_equal(i18n_gettext(rewritten), "Sign out");
		}
		snprintf(rewritten, sizeof rewritten, "%s", "Aller au contenu");
		assert_ptr_equal(i18n_gettext(rewritten), rewritten);
		snprintf(rewritten, sizeof rewritten, "%s", "Se déconnecter");
		assert_string_equal(i18n_gettext(rewritten), "Sign out");
	}
	textdomain("relais");
	unsetenv("LANGUAGE");
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* The catalog first: test_many fills the table. */
		cmocka_unit_test(test_catalog),
		cmocka_unit_test(test_untranslated),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
