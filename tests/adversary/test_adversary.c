/*
 * test_adversary — issue 11's independent adversary against the real
 * server: an employer reads every bilan the head published (JSON, and the
 * CSV checked equal to it), and solver.c computes the exact range of every
 * hidden cell from all of it.  The demo service; ADVERSARY_SERVICES
 * seeded random small services (default 50); a correction published as a
 * new version in ADVERSARY_VERSION_SERVICES of them (default half as
 * many); reads while cases are added.  Every range is also checked to
 * hold the head's exact figure, so the adversary's model is known sound.  ADVERSARY_FORMATS=all also
 * reads the HTML, XLSX and PDF of every bilan and finds each of their
 * numbers in the JSON (make security-scan).
 *
 * One employer account reads for every organisation: the test moves it
 * from one organisation to the next in the database, behind the server's
 * back (the session reads the account on every request), rather than pay
 * a password hash per organisation.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "adversary/solver.h"
#include "http/harness.h"

/* ---- findings ---- */

static struct adv_stats stats;
static int printed;

/* Where findings go: counted, and printed with a tag naming the attack. */
struct sink {
	int found;
	const char *tag;
};

/* Each finding goes to the TAP output as a comment (the first 40). */
static void on_finding(void *ctx, const char *text)
{
	struct sink *k = ctx;
	k->found++;
	if (printed++ < 40)
		printf("# LEAK%s%s %s\n", k->tag ? " " : "", k->tag ? k->tag : "", text);
	else if (printed == 41)
		printf("# … further findings not printed\n");
	fflush(stdout);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int env_int(const char *name, int fallback)
{
	const char *v = getenv(name);
	return v && *v ? atoi(v) : fallback;
}

static int all_formats(void)
{
	const char *v = getenv("ADVERSARY_FORMATS");
	return v && strcmp(v, "all") == 0;
}

/* ---- a service under attack ---- */

struct target {
	struct fixture fx;
	struct sess head, rh;
	char files[128];
};

/* The service running, if any: stopped by the teardown when a test fails
   half-way (no server left behind). */
static struct target *running;

static int run_cli(struct target *t, const char *const *cmd, const char *stdin_text)
{
	const char *args[24];
	int n = 0;
	for (int k = 0; cmd[k] && n < 19; k++)
		args[n++] = cmd[k];
	args[n++] = "--db";
	args[n++] = t->fx.db;
	args[n++] = "--key-file";
	args[n++] = t->fx.key;
	args[n] = NULL;
	return relais_run(args, stdin_text, NULL);
}

static void write_file(struct target *t, const char *name, const char *text, char *path,
		       size_t len)
{
	snprintf(path, len, "%s/%s", t->files, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Imports one CSV file of kind (organisations, persons…). */
static void import(struct target *t, const char *kind, const char *text)
{
	char path[256];
	write_file(t, kind, text, path, sizeof path);
	const char *cmd[] = {"import", kind, path, NULL};
	if (run_cli(t, cmd, NULL) != 0)
		fail_msg("relais import %s refused the generated file", kind);
}

/* The server on a fresh database filled by setup (NULL-terminated command
   lines), with the head, a worker and the roaming employer account. */
static void target_start(struct target *t, const char *const *const *setup)
{
	static const char *const users[] = {"head1:head", "w1:worker", NULL};
	snprintf(t->files, sizeof t->files, "/tmp/relais-adversary-XXXXXX");
	assert_non_null(mkdtemp(t->files));
	running = t;
	assert_int_equal(fixture_start(&t->fx, setup, users), 0);
	assert_int_equal(api_login(t->fx.srv.port, "head1", TEST_PASSWORD, &t->head), 200);
}

/* The employer account, created once the organisations exist. */
static void employer_start(struct target *t, const char *first_org)
{
	char spec[128];
	snprintf(spec, sizeof spec, "rh:employer:%s:RH", first_org);
	assert_int_equal(fixture_user_add(&t->fx, spec), 0);
	assert_int_equal(api_login(t->fx.srv.port, "rh", TEST_PASSWORD, &t->rh), 200);
}

static void target_stop(struct target *t)
{
	running = NULL;
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->files);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(fixture_stop(&t->fx), 0);
}

/* The employer account now belongs to org. */
static void employer_of(struct target *t, const char *org)
{
	char sql[256];
	snprintf(sql, sizeof sql,
		 "UPDATE users SET organisation_id = (SELECT id FROM organisations WHERE code = "
		 "'%s') WHERE login = 'rh'",
		 org);
	assert_int_equal(fixture_sql(&t->fx, sql), 0);
}

static void publish(struct target *t, int year, const char *org)
{
	char body[128];
	if (org)
		snprintf(body, sizeof body, "{\"year\":%d,\"organisation\":\"%s\"}", year, org);
	else
		snprintf(body, sizeof body, "{\"year\":%d}", year);
	expect_api(t->fx.srv.port, &t->head, "POST", "/api/v1/reports/bilan/publish", body, 200,
		   NULL);
}

/* The employer's bilan of year in format: its status, the body in out. */
static int fetch(struct target *t, int year, const char *format, struct http_resp *out)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/reports/bilan?year=%d&format=%s", year, format);
	return http_as(t->fx.srv.port, &t->rh, 0, "GET", path, NULL, out);
}

/* What the employer holds of one bilan: its facts and the bytes read. */
struct reading {
	int published;
	struct adv_bilan facts;
	char *json, *csv;
};

static void reading_free(struct reading *r)
{
	free(r->json);
	free(r->csv);
	r->json = r->csv = NULL;
}

/* Reads (the employer of the current organisation) year in JSON and CSV,
   checks both say the same; r->published 0 when nothing is published. */
static void read_bilan(struct target *t, int year, struct reading *r)
{
	struct http_resp j, c;
	memset(r, 0, sizeof *r);
	int sj = fetch(t, year, "json", &j);
	int sc = fetch(t, year, "csv", &c);
	if (sj == 404 && sc == 404) {
		http_resp_free(&j);
		http_resp_free(&c);
		return;
	}
	if (sj != 200 || sc != 200)
		fail_msg("bilan %d: JSON %d, CSV %d: %s", year, sj, sc, j.body);
	json_t *doc = http_json(&j);
	assert_int_equal(adv_from_json(doc, &r->facts), 0);
	json_decref(doc);
	struct adv_bilan *csv = malloc(sizeof *csv);
	assert_non_null(csv);
	if (adv_from_csv(c.body, csv) != 0)
		fail_msg("bilan %d: the CSV does not parse:\n%s", year, c.body);
	char why[256];
	if (!adv_same(&r->facts, csv, why, sizeof why))
		fail_msg("%s %d: the CSV and the JSON disagree: %s", r->facts.scope, year, why);
	free(csv);
	r->published = 1;
	r->json = j.body;
	r->csv = c.body;
	j.body = c.body = NULL;
	http_resp_free(&j);
	http_resp_free(&c);
}

/* The head's exact bilan of org and year (the truth the adversary's ranges
   must hold), into b. */
static void read_truth(struct target *t, const char *org, int year, struct adv_bilan *b)
{
	char path[160];
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/reports/bilan?year=%d&organisation=%s", year, org);
	assert_int_equal(http_as(t->fx.srv.port, &t->head, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	assert_int_equal(adv_from_json(j, b), 0);
	json_decref(j);
	http_resp_free(&r);
}

/* /api/v1/collective-actions for the employer agrees with the bilan's
   collective actions (published exactly: public inside the organisation). */
static int check_actions(struct target *t, const struct adv_bilan *b, struct sink *found)
{
	char path[128];
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/collective-actions?year=%d", b->year);
	assert_int_equal(http_as(t->fx.srv.port, &t->rh, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	double total = 0, participants = 0;
	struct adv_bilan *topics = calloc(1, sizeof *topics);
	assert_non_null(topics);
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(j, "collective_actions"), i, a)
	{
		const char *topic = json_string_value(json_object_get(a, "topic"));
		total++;
		participants += (double)json_integer_value(json_object_get(a, "participants"));
		size_t k;
		for (k = 0; k < topics->n && strcmp(topics->f[k].key, topic) != 0; k++)
			;
		if (k == topics->n && topics->n < ADV_FACTS_MAX) {
			snprintf(topics->f[k].key, sizeof topics->f[k].key, "%s", topic);
			topics->n++;
		}
		topics->f[k].value++;
	}
	json_decref(j);
	int before = found->found;
	char text[256];
	const struct adv_fact *bt = adv_fact(b, "collective_actions.total", ""),
			      *bp = adv_fact(b, "collective_actions.participants", "");
	if (!bt || bt->hidden || bt->value != total || !bp || bp->hidden || bp->value != participants) {
		snprintf(text, sizeof text,
			 "%s %d collective actions: /api/v1/collective-actions shows %g actions, %g "
			 "participants; the bilan %g, %g",
			 b->scope, b->year, total, participants, bt ? bt->value : -1,
			 bp ? bp->value : -1);
		on_finding(found, text);
	}
	for (size_t k = 0; k < topics->n; k++) {
		const struct adv_fact *f = adv_fact(b, "collective_actions.by_topic", topics->f[k].key);
		if (!f || f->hidden || f->value != topics->f[k].value) {
			snprintf(text, sizeof text, "%s %d collective actions on %s: %g listed, %g in the bilan",
				 b->scope, b->year, topics->f[k].key, topics->f[k].value, f ? f->value : -1);
			on_finding(found, text);
		}
	}
	free(topics);
	stats.leaks += (size_t)(found->found - before);
	return found->found - before;
}

/* ---- every number of the other formats is in the JSON ---- */

static int number_known(const struct adv_bilan *b, double x)
{
	time_t clock = time(NULL);
	struct tm today;
	localtime_r(&clock, &today);
	if (x == 11 || x == b->year || x == b->year - 1 || x == 100 || x == 0 ||
	    x == today.tm_year + 1900)
		return 1;
	/* The age bands' bounds, in their labels ("25-34", "55+"). */
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->f[i].table, "by_age_band") == 0)
			for (const char *k = b->f[i].key; *k; k++)
				if (*k >= '0' && *k <= '9' && (k == b->f[i].key || k[-1] < '0' || k[-1] > '9') &&
				    (strtod(k, NULL) == x || strtod(k, NULL) - 1 == x))
					return 1;
	for (size_t i = 0; i < b->n; i++) {
		const struct adv_fact *f = &b->f[i];
		if (f->hidden || f->null)
			continue;
		double v = f->value;
		if (fabs(v - x) < 1e-6 || fabs(v / 100 - x) < 1e-6 || fabs(v * 100 - x) < 0.051)
			return 1;
	}
	/* Percentages of published figures (a share of a published total). */
	for (size_t i = 0; i < b->n; i++)
		for (size_t k = 0; k < b->n; k++) {
			const struct adv_fact *p = &b->f[i], *q = &b->f[k];
			if (p->hidden || p->null || q->hidden || q->null || q->value <= 0)
				continue;
			double pct = 100 * p->value / q->value;
			if (fabs(round(pct) - x) < 1e-6 || fabs(round(pct * 10) / 10 - x) < 1e-6 ||
			    fabs(pct / 100 - x) < 1e-9)
				return 1;
		}
	return 0;
}

/* The numbers of text (digits, with ',' or '.' decimals and thin or
   no-break spaces between thousands) that are not in b. */
static void numbers_in(const struct adv_bilan *b, const char *format, const char *text,
		       const char *const *skip, struct sink *found)
{
	for (const char *p = text; *p;) {
		if (!(*p >= '0' && *p <= '9')) {
			p++;
			continue;
		}
		char digits[64];
		size_t n = 0;
		int dec = -1;
		const char *s = p;
		while (*s && n < sizeof digits - 1) {
			if (*s >= '0' && *s <= '9')
				digits[n++] = *s++;
			else if ((*s == ',' || *s == '.') && dec < 0 && s[1] >= '0' && s[1] <= '9') {
				dec = (int)n;
				digits[n++] = '.';
				s++;
			} else if ((unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
				   (unsigned char)s[2] == 0xaf && s[3] >= '0' && s[3] <= '9')
				s += 3; /* U+202F */
			else if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0 && s[2] >= '0' &&
				 s[2] <= '9')
				s += 2; /* U+00A0 */
			else
				break;
		}
		digits[n] = '\0';
		/* "1 490": a thousands group after a single space, when the
		   joined number is a figure. */
		if (dec < 0 && n <= 3 && s[0] == ' ' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' &&
		    s[2] <= '9' && s[3] >= '0' && s[3] <= '9' && !(s[4] >= '0' && s[4] <= '9')) {
			char joined[64];
			snprintf(joined, sizeof joined, "%.3s%.3s", digits, s + 1);
			if (number_known(b, strtod(joined, NULL))) {
				p = s + 4;
				continue;
			}
		}
		int skipped = 0;
		for (int i = 0; skip && skip[i]; i++)
			if (strncmp(p, skip[i], strlen(skip[i])) == 0)
				skipped = 1;
		double x = strtod(digits, NULL);
		if (!skipped && !number_known(b, x)) {
			char msg[256], around[48];
			const char *from = p - text > 24 ? p - 24 : text;
			snprintf(around, sizeof around, "%s", from);
			for (char *c = around; *c; c++)
				if (*c == '\n' || *c == '\r')
					*c = '|';
			snprintf(msg, sizeof msg, "%s %d %s: %s is in no published figure (…%s…)",
				 b->scope, b->year, format, digits, around);
			on_finding(found, msg);
			stats.leaks++;
		}
		p = s;
	}
}

/* Runs "before FILE after" through the shell, FILE holding body; its
   output. */
static char *convert(const char *dir, const char *body, size_t len, const char *before,
		     const char *after)
{
	char in[300], line[800];
	snprintf(in, sizeof in, "%s/doc.bin", dir);
	FILE *f = fopen(in, "wb");
	assert_non_null(f);
	fwrite(body, 1, len, f);
	fclose(f);
	snprintf(line, sizeof line, "%s '%s' %s", before, in, after);
	FILE *p = popen(line, "r");
	assert_non_null(p);
	size_t cap = 1 << 16, n = 0, k;
	char *out = malloc(cap);
	while ((k = fread(out + n, 1, cap - n - 1, p)) > 0) {
		n += k;
		if (cap - n < 4096)
			out = realloc(out, cap *= 2);
	}
	out[n] = '\0';
	pclose(p);
	return out;
}

/* The HTML, XLSX and PDF of the bilan of year: each number in b. */
static void other_formats(struct target *t, const struct adv_bilan *b, struct sink *found)
{
	/* Dates, the version and page numbers are not figures. */
	static const char *const skip_none[] = {NULL};
	/* The note's own constants (K, the noise, the bases, the 90 days of a
	   long leave), the version, the reading date and page numbers are not
	   figures: cut before extracting.  The XLSX: numeric cells, shared
	   strings and chart caches only (not shared-string indices). */
#define NOT_FIGURES                                                                             \
	"sed -E -e 's/de 2 au plus//; s/arrondis à 5//; s/à 100 €//; s/plus de 90 jours//' "      \
	"-e 's/au moins 5 agents//; s/&#[0-9]+;/ /g' "                                             \
	"-e 's/\\(version [0-9]+\\)//; s/[0-9]+ (janvier|février|mars|avril|mai|juin|juillet|"   \
	"août|septembre|octobre|novembre|décembre) [0-9]{4}//g' "                               \
	"-e 's/^[0-9]+$/&/'"
	static const struct {
		const char *format;
		const char *before, *after;
	} formats[] = {
		{"pdf", "pdftotext -q -layout",
		 "- 2>/dev/null | sed -E 's/^( *Bilan [0-9]{4} — .*[^ ]) +[0-9]+ *$/\\1/' | " NOT_FIGURES},
		{"xlsx", "unzip -p",
		 "'xl/worksheets/*.xml' 'xl/sharedStrings.xml' 'xl/charts/*.xml' 2>/dev/null | "
		 "grep -oE '<c [^>]*>(<f>[^<]*</f>)?<v>[^<]*</v>|<t[^>]*>[^<]*</t>|<c:v>[^<]*</c:v>' | "
		 "grep -v 't=\"s\"' | sed -e 's/<c [^>]*>//; s/<[^>]*>/ /g' | " NOT_FIGURES},
		{"html", "sed -e '/<style/,/<\\/style>/d' -e 's/<[^>]*>/ /g'", "| " NOT_FIGURES},
	};
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		struct http_resp r;
		assert_int_equal(fetch(t, b->year, formats[i].format, &r), 200);
		char *text = convert(t->files, r.body, r.body_len, formats[i].before,
				     formats[i].after);
		numbers_in(b, formats[i].format, text, skip_none, found);
		free(text);
		http_resp_free(&r);
	}
}

/* ---- attacking one organisation over the years ---- */

/* Reads and attacks every published year of org; keeps nothing.  The
   number of findings. */
static int attack_org(struct target *t, const char *org, int first, int last)
{
	struct sink found = {0, NULL};
	struct reading *prev = calloc(1, sizeof *prev), *cur = calloc(1, sizeof *cur);
	struct adv_bilan *truth = malloc(sizeof *truth);
	assert_non_null(prev);
	assert_non_null(cur);
	assert_non_null(truth);
	employer_of(t, org);
	for (int y = first; y <= last; y++) {
		read_bilan(t, y, cur);
		if (cur->published) {
			read_truth(t, org, y, truth);
			adv_attack_checked(&cur->facts, truth, on_finding, &found, &stats);
			adv_check_trends(&cur->facts, prev->published ? &prev->facts : NULL, on_finding,
					 &found, &stats);
			check_actions(t, &cur->facts, &found);
			if (all_formats())
				other_formats(t, &cur->facts, &found);
		}
		reading_free(prev);
		struct reading *swap = prev;
		prev = cur;
		cur = swap;
	}
	reading_free(prev);
	free(prev);
	free(cur);
	free(truth);
	return found.found;
}

static void summary(const char *what, double t0, int found)
{
	printf("# %s: %zu bilans, %zu cells attacked (%zu hidden, %zu published), %zu integer "
	       "programs solved, %d findings, %.1f s\n",
	       what, stats.bilans, stats.cells, stats.hidden, stats.published, stats.ranges, found,
	       now() - t0);
	fflush(stdout);
}

/* ---- (a) the demo service ---- */

static void test_demo(void **state)
{
	(void)state;
	double t0 = now();
	memset(&stats, 0, sizeof stats);
	printed = 0;
	struct target *t = calloc(1, sizeof *t);
	assert_non_null(t);
	/* The reference service, 2006–2009. */
	static const char *const demo[] = {"demo", "--today", "2009-12-31", NULL};
	const char *const *const setup[] = {demo, NULL};
	target_start(t, setup);
	employer_start(t, "montreuil");
	for (int y = 2006; y <= 2009; y++)
		publish(t, y, NULL);
	static const char *const orgs[] = {"ccas-pantin", "ehpad-lilas", "sivom",	 "ivry",
					   "bagnolet",	  "bobigny",	 "bondy",	 "creteil",
					   "montreuil",	  "noisy-le-sec", "pantin",	 "romainville",
					   "vitry",	  "les-lilas"};
	int found = 0;
	for (size_t i = 0; i < sizeof orgs / sizeof orgs[0]; i++)
		found += attack_org(t, orgs[i], 2006, 2009);
	summary("demo", t0, found);
	target_stop(t);
	free(t);
	assert_int_equal(found, 0);
}

/* ---- (b) seeded random small services ---- */

/* A small deterministic generator (xorshift64*): the same seed, the same
   services. */
static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

/* One of codes, with the weights (in any unit) given. */
static const char *pick(const char *const *codes, const int *weights, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += weights[i];
	int x = (int)rnd((uint32_t)sum);
	for (int i = 0; i < n; i++) {
		if (x < weights[i])
			return codes[i];
		x -= weights[i];
	}
	return codes[n - 1];
}

#define PICK(codes, weights) pick(codes, weights, (int)(sizeof weights / sizeof weights[0]))

static const char *const statuses[] = {"titulaire", "stagiaire", "contractuel", "cdi",
				       "cdd",	    "interim",	 "apprenti",	"autre"};
static const int status_w[] = {70, 5, 12, 5, 4, 1, 1, 2};
static const char *const categories[] = {"A", "B", "C", "cadre", "maitrise", "employe", "ouvrier"};
static const int category_w[] = {5, 10, 80, 1, 1, 2, 1};
static const char *const families[] = {"isole", "monoparental", "couple", "couple_enfants",
				       "autre"};
static const int family_w[] = {35, 30, 15, 18, 2};
static const char *const sexes[] = {"F", "M"};
static const int sex_w[] = {70, 30};
static const char *const domains[] = {
	"sante.arret",	     "sante.reprise",	   "sante.psy",		"sante.addiction",
	"handicap.rqth",     "travail.difficultes", "travail.harcelement", "famille.separation",
	"famille.ascendants", "famille.violences",   "budget.difficultes", "budget.surendettement",
	"logement.acces",    "droits.prestations", "sante",		"budget",
	"logement",	     "famille"};
static const int domain_w[] = {20, 5, 6, 2, 4, 8, 3, 6, 8, 2, 15, 5, 6, 4, 5, 5, 3, 3};
static const char *const sources[] = {"agent", "medecin", "rh", "encadrement", "collegue",
				      "entourage"};
static const int source_w[] = {50, 20, 15, 8, 5, 2};
static const char *const outcomes[] = {"resolu", "maintien_poste", "relais", "abandon",
				       "retraite"};
static const int outcome_w[] = {50, 15, 15, 15, 5};
static const char *const modes[] = {"bureau", "permanence", "telephone", "visio", "domicile",
				    "ecrit"};
static const int mode_w[] = {30, 25, 30, 5, 3, 7};
static const char *const kinds[] = {"entretien", "demarche", "mediation", "orientation",
				    "accompagnement"};
static const int kind_w[] = {60, 20, 5, 10, 5};

struct gen {
	char *orgs, *heads, *persons, *cases, *interventions;
	size_t cap;
};

static void cat(char **s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void cat(char **s, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	size_t n = *s ? strlen(*s) : 0;
	*s = realloc(*s, n + strlen(line) + 1);
	assert_non_null(*s);
	strcpy(*s + n, line);
}

/* A date of year (days 1..28 of a month). */
static void date_in(int year, char *out, size_t len)
{
	snprintf(out, len, "%04d-%02d-%02d", year, 1 + (int)rnd(12), 1 + (int)rnd(28));
}

/* One person of org and their case (ref unique), opened in 2007 or 2008. */
static void gen_person(struct gen *g, const char *org, const char *ref, int year, int closing)
{
	char born[32] = "", opened[32], closed[32] = "";
	if (rnd(20))
		snprintf(born, sizeof born, "%04d-%02d-%02d", 1948 + (int)rnd(42), 1 + (int)rnd(12),
			 1 + (int)rnd(28));
	cat(&g->persons, "%s,%s,Nom,Pre,%s,%s,%s,%s,%s,,%d-01-01\n", ref, org, born,
	    PICK(sexes, sex_w), PICK(statuses, status_w), PICK(categories, category_w),
	    PICK(families, family_w), year);
	date_in(year, opened, sizeof opened);
	if (closing && rnd(5) < 2)
		snprintf(closed, sizeof closed, "%d-12-31", year + (int)rnd(2));
	char doms[200] = "";
	int nd = 1 + (int)rnd(3);
	for (int d = 0; d < nd; d++) {
		const char *x = PICK(domains, domain_w);
		if (!strstr(doms, x))
			snprintf(doms + strlen(doms), sizeof doms - strlen(doms), "%s%s", d ? ";" : "",
				 x);
	}
	if (doms[0] == ';')
		memmove(doms, doms + 1, strlen(doms));
	cat(&g->cases, "C%s,%s,w1,%s,%s,%s,%s,%s\n", ref, ref, opened, closed, PICK(sources, source_w),
	    doms, closed[0] ? PICK(outcomes, outcome_w) : "");
	int ni = closing ? (int)rnd(5) : 1;
	for (int i = 0; i < ni; i++)
		cat(&g->interventions, "C%s,%s,%s,%s,%d,\n", ref, opened, PICK(modes, mode_w),
		    PICK(kinds, kind_w), 15 + 15 * (int)rnd(8));
}

static void gen_free(struct gen *g)
{
	free(g->orgs);
	free(g->heads);
	free(g->persons);
	free(g->cases);
	free(g->interventions);
	memset(g, 0, sizeof *g);
}

static void gen_headers(struct gen *g)
{
	cat(&g->orgs, "code,name,kind,sector\n");
	cat(&g->heads, "organisation,year,headcount\n");
	cat(&g->persons, "ref,organisation,last_name,first_name,birth_date,sex,status,category,"
			 "family_situation,job_title,consent_on\n");
	cat(&g->cases, "ref,person,referent,opened_on,closed_on,referral_source,domains,outcome\n");
	cat(&g->interventions, "case,date,mode,kind,duration_minutes,notes\n");
}

static void gen_import(struct target *t, struct gen *g, int with_orgs)
{
	if (with_orgs) {
		import(t, "organisations", g->orgs);
		import(t, "headcounts", g->heads);
	}
	import(t, "persons", g->persons);
	import(t, "cases", g->cases);
	import(t, "interventions", g->interventions);
}

/* The random services: service s has 2 to 4 organisations "sNNN-x", each
   0 to 60 persons followed over 2007–2008, in one database. */
struct services {
	int n;
	int norgs[1000];
};

static void build_services(struct target *t, struct services *sv)
{
	struct gen g;
	memset(&g, 0, sizeof g);
	gen_headers(&g);
	for (int s = 0; s < sv->n; s++) {
		rng_state = 0x9e3779b97f4a7c15ULL * (uint64_t)(s + 1);
		sv->norgs[s] = 2 + (int)rnd(3);
		for (int o = 0; o < sv->norgs[s]; o++) {
			char org[32];
			snprintf(org, sizeof org, "s%03d-%c", s, 'a' + o);
			int headcount = 100 + (int)rnd(3000);
			/* Names without digits: a number in a document is a figure. */
			cat(&g.orgs, "%s,Service %c%c%c %c,collectivite,\n", org, 'a' + s / 100,
			    'a' + s / 10 % 10, 'a' + s % 10, 'a' + o);
			cat(&g.heads, "%s,2007,%d\n%s,2008,%d\n", org, headcount, org,
			    headcount + (int)rnd(50));
			int persons = (int)rnd(61);
			for (int p = 0; p < persons; p++) {
				char ref[48];
				snprintf(ref, sizeof ref, "%s-%d", org, p);
				gen_person(&g, org, ref, 2007 + (int)rnd(2), 1);
			}
		}
	}
	gen_import(t, &g, 1);
	gen_free(&g);
}

static void test_random_services(void **state)
{
	(void)state;
	double t0 = now();
	memset(&stats, 0, sizeof stats);
	printed = 0;
	struct target *t = calloc(1, sizeof *t);
	struct services *sv = calloc(1, sizeof *sv);
	assert_non_null(t);
	assert_non_null(sv);
	sv->n = env_int("ADVERSARY_SERVICES", 50);
	if (sv->n > 1000)
		sv->n = 1000;
	target_start(t, NULL);
	build_services(t, sv);
	employer_start(t, "s000-a");
	publish(t, 2007, NULL);
	publish(t, 2008, NULL);
	int found = 0;
	for (int s = 0; s < sv->n; s++)
		for (int o = 0; o < sv->norgs[s]; o++) {
			char org[32];
			snprintf(org, sizeof org, "s%03d-%c", s, 'a' + o);
			found += attack_org(t, org, 2007, 2008);
		}
	char what[64];
	snprintf(what, sizeof what, "%d random services", sv->n);
	summary(what, t0, found);
	target_stop(t);
	free(sv);
	free(t);
	assert_int_equal(found, 0);
}

/* ---- (c) versions and (d) reads while cases are added ---- */

/*
 * In each of n services, organisation "a" gets one more person with one
 * case and one intervention in 2008 after its bilan was published: the
 * published bilan must not move (d); the head publishes again, and the
 * employer, who kept version 1, attacks both versions together (c): once
 * knowing nothing of the correction (knows.max_added -1), once knowing it
 * added at most one person, case and intervention and that a perturbed
 * count whose published value moved gained someone.
 */
static int versions_done, versions_ran;
static struct sink found_plain = {0, "[each version alone]"},
		   found_informed = {0, "[knowing one person was added]"};

static void versions(void)
{
	if (versions_done)
		return;
	versions_done = 1;
	double t0 = now();
	memset(&stats, 0, sizeof stats);
	printed = 0;
	struct target *t = calloc(1, sizeof *t);
	struct services *sv = calloc(1, sizeof *sv);
	assert_non_null(t);
	assert_non_null(sv);
	sv->n = env_int("ADVERSARY_VERSION_SERVICES", env_int("ADVERSARY_SERVICES", 50) / 2);
	if (sv->n > 1000)
		sv->n = 1000;
	target_start(t, NULL);
	build_services(t, sv);
	employer_start(t, "s000-a");
	publish(t, 2008, NULL);
	struct reading *v1 = calloc((size_t)sv->n, sizeof *v1);
	struct adv_bilan *truth1 = calloc((size_t)sv->n, sizeof *truth1),
			 *truth2 = malloc(sizeof *truth2);
	assert_non_null(v1);
	assert_non_null(truth1);
	assert_non_null(truth2);
	for (int s = 0; s < sv->n; s++) {
		char org[32];
		snprintf(org, sizeof org, "s%03d-a", s);
		employer_of(t, org);
		read_bilan(t, 2008, &v1[s]);
		read_truth(t, org, 2008, &truth1[s]);
	}
	/* The day after: one more person, case and intervention each. */
	struct gen g;
	memset(&g, 0, sizeof g);
	gen_headers(&g);
	for (int s = 0; s < sv->n; s++) {
		char org[32], ref[48];
		snprintf(org, sizeof org, "s%03d-a", s);
		snprintf(ref, sizeof ref, "%s-late", org);
		rng_state = 0x51afd7ed558ccd25ULL * (uint64_t)(s + 1);
		gen_person(&g, org, ref, 2008, 0);
	}
	gen_import(t, &g, 0);
	gen_free(&g);
	for (int s = 0; s < sv->n; s++) {
		char org[32];
		snprintf(org, sizeof org, "s%03d-a", s);
		employer_of(t, org);
		struct reading again;
		read_bilan(t, 2008, &again);
		assert_int_equal(again.published, v1[s].published);
		if (again.published && (strcmp(again.json, v1[s].json) != 0 ||
					strcmp(again.csv, v1[s].csv) != 0))
			fail_msg("%s 2008: the published bilan moved when a case was added", org);
		reading_free(&again);
	}
	publish(t, 2008, NULL);
	static const struct adv_versions plain = {-1, 0}, informed = {1, 1};
	int changed = 0;
	for (int s = 0; s < sv->n; s++) {
		char org[32];
		snprintf(org, sizeof org, "s%03d-a", s);
		employer_of(t, org);
		struct reading v2;
		read_bilan(t, 2008, &v2);
		if (v2.published && v1[s].published) {
			/* The truth behind what is read: the data as they were when
			   the version read was published (no new version: the first). */
			int fresh = strcmp(v2.json, v1[s].json) != 0;
			if (fresh)
				read_truth(t, org, 2008, truth2);
			else
				*truth2 = truth1[s];
			changed += fresh;
			adv_attack_checked(&v2.facts, truth2, on_finding, &found_plain, &stats);
			adv_attack_versions_checked(&v1[s].facts, &v2.facts, &truth1[s], truth2, &plain,
						    on_finding, &found_plain, &stats);
			adv_attack_versions_checked(&v1[s].facts, &v2.facts, &truth1[s], truth2,
						    &informed, on_finding, &found_informed, &stats);
		}
		reading_free(&v2);
		reading_free(&v1[s]);
	}
	printf("# versions: %d of %d organisations got a version 2 that differs; findings: %d "
	       "on each version's own constraints, %d knowing the correction added one person\n",
	       changed, sv->n, found_plain.found, found_informed.found);
	summary("versions", t0, found_plain.found + found_informed.found);
	versions_ran = 1;
	free(truth1);
	free(truth2);
	free(v1);
	target_stop(t);
	free(sv);
	free(t);
}

/* (c) on each version's own constraints, and (d). */
static void test_versions(void **state)
{
	(void)state;
	versions();
	assert_int_equal(found_plain.found, 0);
}

/* The "a new version differing by one person leaks nothing", as
   an employer who knows one of its agents was added sees it. */
static void test_versions_one_person(void **state)
{
	(void)state;
	versions();
	assert_true(versions_ran);
	assert_int_equal(found_informed.found, 0);
}

static int teardown(void **state)
{
	(void)state;
	if (running) {
		struct target *t = running;
		char cmd[200];
		running = NULL;
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->files);
		int rc = system(cmd) == 0 && fixture_stop(&t->fx) == 0 ? 0 : -1;
		free(t);
		return rc;
	}
	return 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_demo, teardown),
		cmocka_unit_test_teardown(test_random_services, teardown),
		cmocka_unit_test_teardown(test_versions, teardown),
		cmocka_unit_test_teardown(test_versions_one_person, teardown),
	};
	return cmocka_run_group_tests_name("adversary", tests, NULL, NULL);
}
