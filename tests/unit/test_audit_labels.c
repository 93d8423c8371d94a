/*
 * Every access-log code has a French name (issue 17, item 4).  The test
 * reads the source (run from the repository's root, as the suites are):
 * every action or object code given to the audit calls, and every other
 * literal shaped like an action code ("person.read"), must be in the
 * tables of domain/audit_labels.c; and every labelled action is emitted
 * somewhere, so the table holds no stale code.
 */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/audit_labels.h"
#include "domain/retention.h"

/* Literals shaped like a code that are not audit codes: reference-list
   codes, demo logins, file names, bilan keys, setting names, form fields. */
static const char *const not_codes_prefix[] = {
	"as.",	     "cesf.",	"rh.",	    "charges.",	 "debts.",   "incomes.",
	"droits.",   "famille.", "handicap.", "logement.", "sante.",  "travail.",
	"trends.",   "suppression.", "consent.", "colonnes.", "relais.",
};
static const char *const not_codes[] = {
	"bilan.age_bands", "budget.aide", "budget.difficultes", "budget.surendettement",
	"hours.bought",	   "hours.by_activity", "hours.spent", "table.column",
	"parent.suffix",
	/* The letters' merge fields (domain/odt.h) and the parts of an ODT. */
	"personne.nom", "personne.prenom", "suivi.ouvert_le", "assistante.nom",
	"organisation.nom", "partenaire.nom", "partenaire.adresse", "rendez_vous.debut",
	"aide.montant_demande", "aide.organisme", "service.entete", "content.xml", "meta.xml",
	"styles.xml", "part.xml",
};

/* The table names (their "table.column" literals are sealed columns). */
static char tables[128][64];
static size_t ntables;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		fclose(f);
		return NULL;
	}
	s[n] = 0;
	fclose(f);
	return s;
}

static void read_tables(void)
{
	char *m = slurp("src/store/migrations.c");
	assert_non_null(m);
	for (char *p = m; (p = strstr(p, "CREATE TABLE ")) != NULL && ntables < 128;) {
		p += strlen("CREATE TABLE ");
		if (strncmp(p, "IF NOT EXISTS ", 14) == 0)
			p += 14;
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
		if (n && n < 64) {
			memcpy(tables[ntables], p, n);
			tables[ntables++][n] = 0;
		}
	}
	free(m);
	assert_true(ntables > 20);
}

static int code_shaped(const char *s)
{
	const char *dot = strchr(s, '.');
	if (!dot || dot == s || !dot[1] || strchr(dot + 1, '.'))
		return 0;
	if (s[0] < 'a' || s[0] > 'z' || dot[1] < 'a' || dot[1] > 'z')
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz_0123456789.") == strlen(s);
}

static int is_other_literal(const char *s)
{
	for (size_t i = 0; i < sizeof not_codes_prefix / sizeof *not_codes_prefix; i++)
		if (strncmp(s, not_codes_prefix[i], strlen(not_codes_prefix[i])) == 0)
			return 1;
	for (size_t i = 0; i < sizeof not_codes / sizeof *not_codes; i++)
		if (strcmp(s, not_codes[i]) == 0)
			return 1;
	size_t prefix = (size_t)(strchr(s, '.') - s);
	for (size_t i = 0; i < ntables; i++)
		if (strlen(tables[i]) == prefix && strncmp(s, tables[i], prefix) == 0)
			return 1;
	return 0;
}

/* Copies the literal starting at p (on its opening quote) into out; returns
   the character after its closing quote. */
static const char *literal(const char *p, char *out, size_t cap)
{
	size_t n = 0;
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (n + 1 < cap)
			out[n++] = *p;
	}
	out[n] = 0;
	return *p ? p + 1 : p;
}

static int missing;
/* Every emitted action, for the reverse check. */
static char *emitted;

static void need(const char *what, const char *code, const char *path)
{
	const char *label = strcmp(what, "action") == 0 ? audit_action_label(code)
						       : audit_object_label(code);
	if (!label || !label[0]) {
		print_error("%s: %s code \"%s\" has no French label (domain/audit_labels.c)\n",
			    path, what, code);
		missing++;
	}
}

/* The audit calls and which of their arguments are codes: bit i set for an
   action at argument i, in `objects` for an object type. */
static const struct {
	const char *name;
	unsigned actions, objects;
} calls[] = {
	{"svc_audit(", 1u << 1, 1u << 2},     {"svc_audit_id(", 1u << 1, 1u << 2},
	{"svc_refuse(", 1u << 1, 1u << 2},    {"svc_gate(", 1u << 4, 1u << 2},
	{"svc_page_begin(", 3u << 4, 1u << 2}, {"auth_open_session(", 1u << 2, 0},
};

static void scan_call(const char *p, unsigned actions, unsigned objects, const char *path)
{
	int depth = 1, arg = 0;
	char lit[256];
	while (*p && depth > 0) {
		if (*p == '"') {
			p = literal(p, lit, sizeof lit);
			if (depth == 1 && (actions >> arg & 1))
				need("action", lit, path);
			if (depth == 1 && (objects >> arg & 1))
				need("object", lit, path);
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (*p == ',' && depth == 1)
			arg++;
		p++;
	}
}

static void scan_file(const char *path)
{
	char *src = slurp(path);
	assert_non_null(src);
	char lit[256];
	for (const char *p = src; *p;) {
		if (*p == '"') {
			p = literal(p, lit, sizeof lit);
			if (code_shaped(lit)) {
				size_t len = strlen(emitted), add = strlen(lit) + 2;
				emitted = realloc(emitted, len + add + 1);
				snprintf(emitted + len, add + 1, " %s ", lit);
				if (!is_other_literal(lit))
					need("action", lit, path);
			}
			continue;
		}
		for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
			size_t n = strlen(calls[i].name);
			if (strncmp(p, calls[i].name, n) == 0 &&
			    (p == src || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z')))) {
				scan_call(p + n, calls[i].actions, calls[i].objects, path);
				break;
			}
		}
		p++;
	}
	free(src);
}

/* Codes built at run time rather than written whole: the purge's
   "retention.<kind>" (domain/retention.c) and job_retention.c's
   "retention.<what>_denied", its gate's literal second-to-last argument. */
static void emit(const char *code, const char *path)
{
	need("action", code, path);
	size_t n = strlen(emitted), k = strlen(code);
	char *e = realloc(emitted, n + k + 3);
	assert_non_null(e);
	snprintf(e + n, k + 3, " %s ", code);
	emitted = e;
}

static void scan_built_codes(void)
{
	char code[96];
	for (int k = 0; k < RETENTION__COUNT; k++) {
		snprintf(code, sizeof code, "retention.%s", retention_kinds[k].code);
		emit(code, "src/domain/retention.c");
	}
	const char *path = "src/service/job_retention.c";
	char *src = slurp(path);
	assert_non_null(src);
	int gates = 0;
	for (const char *p = src; (p = strstr(p, "gate(s, case_id, \"")) != NULL; gates++) {
		p = literal(p + strlen("gate(s, case_id, "), code + 10, sizeof code - 20);
		memcpy(code, "retention.", 10);
		strcat(code, "_denied");
		emit(code, path);
	}
	free(src);
	assert_true(gates >= 4);
}

static int skipped(const char *path)
{
	return strncmp(path, "src/store/", 10) == 0 || strcmp(path, "src/service/policy.c") == 0 ||
	       strcmp(path, "src/domain/audit_labels.c") == 0;
}

static void test_every_code_has_a_label(void **state)
{
	(void)state;
	read_tables();
	emitted = calloc(1, 1);
	glob_t g;
	assert_int_equal(glob("src/*/*.c", 0, NULL, &g), 0);
	assert_true(g.gl_pathc > 100);
	for (size_t i = 0; i < g.gl_pathc; i++)
		if (!skipped(g.gl_pathv[i]))
			scan_file(g.gl_pathv[i]);
	globfree(&g);
	scan_built_codes();
	assert_int_equal(missing, 0);
	/* And no stale label: every labelled action is emitted somewhere
	   (the one-word "import" is checked through the calls above). */
	size_t n;
	const struct audit_label *t = audit_action_labels(&n);
	int stale = 0;
	for (size_t i = 0; i < n; i++) {
		char key[160];
		snprintf(key, sizeof key, " %s ", t[i].code);
		if (strchr(t[i].code, '.') && !strstr(emitted, key)) {
			print_error("label for \"%s\", which no source emits\n", t[i].code);
			stale++;
		}
	}
	free(emitted);
	assert_int_equal(stale, 0);
}

/* The tables hold each code once, and every name is French text. */
static void test_tables_are_sound(void **state)
{
	(void)state;
	size_t n[2];
	const struct audit_label *t[2] = {audit_action_labels(&n[0]), audit_object_labels(&n[1])};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < n[k]; i++) {
			assert_true(t[k][i].label[0] >= 'A' && t[k][i].label[0] <= 'Z');
			for (size_t j = i + 1; j < n[k]; j++)
				assert_string_not_equal(t[k][i].code, t[k][j].code);
		}
	assert_null(audit_action_label("no.such_code"));
	assert_null(audit_object_label(NULL));
	assert_string_equal(audit_action_label("session.create"), "Connexion");
	assert_string_equal(audit_object_label("user"), "Compte");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_code_has_a_label),
		cmocka_unit_test(test_tables_are_sound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
