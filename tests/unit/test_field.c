/* Unit tests of domain/field: every rule of a declared input, written once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/field.h"

struct input {
	const char *text, *line, *code, *date, *when;
	int64_t n, year, minutes, cents, id;
	int flag;
	int n_seen;
};

static const struct field fields[] = {
	{"text", FIELD_TEXT, 0, 0, 20, NULL, FIELD_AT(struct input, text)},
	{"line", FIELD_LINE, FIELD_REQUIRED, 0, 0, "Une ligne.", FIELD_AT(struct input, line)},
	{"code", FIELD_CODE, 0, 0, 0, NULL, FIELD_AT(struct input, code)},
	{"date", FIELD_DATE, 0, 0, 0, NULL, FIELD_AT(struct input, date)},
	{"when", FIELD_DATETIME, 0, 0, 0, NULL, FIELD_AT(struct input, when)},
	{"n", FIELD_INT, 0, -5, 5, NULL, FIELD_AT_SEEN(struct input, n, n_seen)},
	{"year", FIELD_YEAR, 0, 0, 0, NULL, FIELD_AT(struct input, year)},
	{"minutes", FIELD_MINUTES, 0, 0, 0, NULL, FIELD_AT(struct input, minutes)},
	{"cents", FIELD_MONEY, 0, 0, 200000, NULL, FIELD_AT(struct input, cents)},
	{"id", FIELD_ID, 0, 0, 0, NULL, FIELD_AT(struct input, id)},
	{"flag", FIELD_BOOL, 0, 0, 0, NULL, FIELD_AT(struct input, flag)},
};

/* Reads text (copied: the reader may rewrite it) as the field named name. */
static int read_as(const char *name, const char *text, struct input *in, struct verr *e)
{
	/* One buffer per read: the struct keeps pointers into them. */
	static char copies[32][256];
	static size_t next;
	const struct field *f = field_find(fields, sizeof fields / sizeof fields[0], name);
	assert_non_null(f);
	if (!text)
		return field_read(f, NULL, in, e);
	char *copy = copies[next++ % 32];
	snprintf(copy, sizeof copies[0], "%s", text);
	return field_read(f, copy, in, e);
}

static void test_accepted(void **state)
{
	(void)state;
	struct input in;
	memset(&in, 0, sizeof in);
	struct verr e = {NULL, NULL};
	static const struct {
		const char *name, *text;
	} ok[] = {
		{"text", "deux\r\nlignes"}, {"line", "Dupont"},	      {"code", "sante.arret"},
		{"date", "2008-02-29"},	    {"when", "2026-12-02T09:30"}, {"n", "-5"},
		{"year", "1990"},	    {"minutes", "1440"},	      {"cents", "1 000,50"},
		{"id", "42"},		    {"flag", "on"},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (read_as(ok[i].name, ok[i].text, &in, &e) != 0)
			fail_msg("%s = \"%s\" refused", ok[i].name, ok[i].text);
	assert_string_equal(in.text, "deux\nlignes"); /* CR LF becomes LF */
	assert_int_equal(in.n, -5);
	assert_int_equal(in.n_seen, 1);
	assert_int_equal(in.year, 1990);
	assert_int_equal(in.minutes, 1440);
	assert_int_equal(in.cents, 100050);
	assert_int_equal(in.id, 42);
	assert_int_equal(in.flag, 1);
}

static void test_refused(void **state)
{
	(void)state;
	static const struct {
		const char *name, *text, *message;
	} bad[] = {
		{"text", "vingt-et-un caractères !", "Ce texte est trop long ou contient des caractères invalides."},
		{"line", "deux\nlignes", "Une ligne."},
		{"line", NULL, "Une ligne."}, /* required */
		{"line", "", "Une ligne."},
		{"code", "Sante", "Ce code n'existe pas."},
		{"date", "2007-02-29", "La date s'écrit AAAA-MM-JJ."},
		{"date", "29/02/2008", "La date s'écrit AAAA-MM-JJ."},
		{"when", "2026-12-02 09:30", "La date et l'heure s'écrivent AAAA-MM-JJTHH:MM."},
		{"when", "2026-12-02T24:00", "La date et l'heure s'écrivent AAAA-MM-JJTHH:MM."},
		{"n", "6", "Ce nombre est hors des bornes permises."},
		{"n", "1e3", "Ce nombre est hors des bornes permises."},
		{"year", "1989", "L'année doit être comprise entre 1990 et 2100."},
		{"year", "2101", "L'année doit être comprise entre 1990 et 2100."},
		{"minutes", "1441", "La durée est un nombre de minutes entre 0 et 1440."},
		{"minutes", "-1", "La durée est un nombre de minutes entre 0 et 1440."},
		{"cents", "2000,01", "Le montant s'écrit en euros, par exemple 1 234,50."},
		{"cents", "dix", "Le montant s'écrit en euros, par exemple 1 234,50."},
		{"id", "0", "Cet enregistrement n'existe pas."},
		{"flag", "oui", "Cochez la case ou laissez-la vide."},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct input in;
		memset(&in, 0, sizeof in);
		struct verr e = {NULL, NULL};
		if (read_as(bad[i].name, bad[i].text, &in, &e) == 0)
			fail_msg("%s = \"%s\" accepted", bad[i].name, bad[i].text ? bad[i].text : "(null)");
		assert_string_equal(e.field, bad[i].name);
		assert_string_equal(e.message, bad[i].message);
		assert_int_equal(in.n_seen, 0);
	}
}

static void test_absent(void **state)
{
	(void)state;
	struct input in;
	memset(&in, 0, sizeof in);
	in.minutes = 7;
	struct verr e = {NULL, NULL};
	/* Absent or empty, an optional field leaves its member as it was. */
	assert_int_equal(read_as("minutes", NULL, &in, &e), 0);
	assert_int_equal(read_as("minutes", "", &in, &e), 0);
	assert_int_equal(in.minutes, 7);
	assert_int_equal(read_as("n", NULL, &in, &e), 0);
	assert_int_equal(in.n_seen, 0);
	/* A typed number (JSON) keeps to the same bounds. */
	const struct field *n = field_find(fields, sizeof fields / sizeof fields[0], "n");
	assert_int_equal(field_read_int(n, 6, &in, &e), -1);
	assert_int_equal(field_read_int(n, 5, &in, &e), 0);
	assert_int_equal(in.n, 5);
	assert_null(field_find(fields, sizeof fields / sizeof fields[0], "nowhere"));
	/* A text sent empty: not sent, unless the field clears (then ""). */
	static const struct field plain = {"p", FIELD_LINE, 0, 0, 0, NULL,
					   FIELD_AT(struct input, line)};
	static const struct field clears = {"c", FIELD_LINE, FIELD_CLEARS, 0, 0, NULL,
					    FIELD_AT(struct input, code)};
	char empty1[] = "", empty2[] = "";
	in.line = in.code = NULL;
	assert_int_equal(field_read(&plain, empty1, &in, &e), 0);
	assert_null(in.line);
	assert_int_equal(field_read(&clears, empty2, &in, &e), 0);
	assert_non_null(in.code);
	assert_string_equal(in.code, "");
	assert_int_equal(field_read(&clears, NULL, &in, &e), 0); /* absent: unchanged */
	assert_string_equal(in.code, "");
	/* A checkbox: only its value says yes; "0" says no (a consent). */
	in.flag = 1;
	assert_int_equal(read_as("flag", "0", &in, &e), 0);
	assert_int_equal(in.flag, 0);
	assert_int_equal(read_as("flag", "1", &in, &e), 0);
	assert_int_equal(in.flag, 1);
	/* A refused text can still be shown again as typed. */
	char typed[] = "2007-02-30";
	const struct field *d = field_find(fields, sizeof fields / sizeof fields[0], "date");
	assert_int_equal(field_read(d, typed, &in, &e), -1);
	assert_null(in.date);
	field_keep_text(d, typed, &in);
	assert_string_equal(in.date, "2007-02-30");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_absent),
	};
	return cmocka_run_group_tests_name("field", tests, NULL, NULL);
}
