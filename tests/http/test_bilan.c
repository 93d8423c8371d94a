/*
 * test_report — the bilan's figures on a hand-built service: each
 * definition, the edges of the year, withdrawn consent, custom age bands,
 * disclosure control (primary, secondary, fewer than 11), and who may ask.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/harness.h"

static struct fixture fx;
static struct sess head, rh_a, rh_b, worker, admin;
static char files[128];

#define PORT fx.srv.port

static void write_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", files, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(files, sizeof files, "/tmp/relais-report-XXXXXX");
	if (!mkdtemp(files))
		return -1;
	write_file("orgs.csv", "code,name,kind,sector\nville-a,Ville A,collectivite,\n"
			       "ville-b,Ville B,collectivite,\n");
	write_file("heads.csv", "organisation,year,headcount\nville-a,2008,1000\nville-b,2008,500\n"
				"ville-a,2007,990\n");
	/* P1–P11 titulaires born 1970, P12 cdi without birth date, P13 followed
	   because its case closes on 2008-01-01, P14 closed on 2007-12-31, P15
	   opens in 2009, P16 withdraws consent; P20–P21 in ville-b. */
	char persons[4096] = "ref,organisation,last_name,first_name,birth_date,sex,status,category,"
			     "family_situation,job_title,consent_on\n";
	char cases[4096] = "ref,person,referent,opened_on,closed_on,referral_source,domains,outcome\n";
	char line[256];
	for (int i = 1; i <= 11; i++) {
		snprintf(line, sizeof line, "P%d,ville-a,Nom%d,Pre,1970-01-01,F,titulaire,C,%s,,2008-01-01\n",
			 i, i, i <= 6 ? "isole" : "monoparental");
		strcat(persons, line);
		snprintf(line, sizeof line, "C%d,P%d,w1,2008-03-01,,%s,sante.arret,\n", i, i,
			 i <= 10 ? "medecin" : "rh");
		strcat(cases, line);
	}
	strcat(persons, "P12,ville-a,Nom12,Pre,,M,cdi,C,couple,,2008-01-01\n"
			"P13,ville-a,Nom13,Pre,1950-05-05,F,titulaire,C,isole,,2007-01-01\n"
			"P14,ville-a,Nom14,Pre,1960-01-01,F,titulaire,C,isole,,2007-01-01\n"
			"P15,ville-a,Nom15,Pre,1960-01-01,F,titulaire,C,isole,,2008-01-01\n"
			"P16,ville-a,Nom16,Pre,1960-01-01,F,titulaire,C,isole,,2008-01-01\n"
			"P20,ville-b,Nom20,Pre,1980-01-01,F,titulaire,C,isole,,2008-01-01\n"
			"P21,ville-b,Nom21,Pre,1980-01-01,M,titulaire,C,isole,,2008-01-01\n");
	strcat(cases, "C12,P12,w1,2008-03-01,,rh,sante.arret;budget,\n"
		      "C13,P13,w1,2007-06-01,2008-01-01,agent,famille.ascendants,resolu\n"
		      "C14,P14,w1,2007-06-01,2007-12-31,agent,famille.ascendants,resolu\n"
		      "C15,P15,w1,2009-01-01,,agent,budget,\n"
		      "C16,P16,w1,2008-02-01,,agent,budget,\n"
		      "C20,P20,w1,2008-05-01,,agent,logement,\n"
		      "C21,P21,w1,2008-05-01,,agent,logement,\n");
	write_file("persons.csv", persons);
	write_file("cases.csv", cases);
	write_file("interventions.csv", "case,date,mode,kind,duration_minutes,notes\n"
					"C1,2008-03-01,permanence,entretien,60,\n"
					"C1,2008-04-01,telephone,entretien,30,\n"
					"C16,2008-04-01,telephone,entretien,30,\n");
	char p_orgs[256], p_heads[256], p_persons[256], p_cases[256], p_int[256];
	snprintf(p_orgs, sizeof p_orgs, "%s/orgs.csv", files);
	snprintf(p_heads, sizeof p_heads, "%s/heads.csv", files);
	snprintf(p_persons, sizeof p_persons, "%s/persons.csv", files);
	snprintf(p_cases, sizeof p_cases, "%s/cases.csv", files);
	snprintf(p_int, sizeof p_int, "%s/interventions.csv", files);
	const char *const c1[] = {"import", "organisations", p_orgs, NULL};
	const char *const c2[] = {"import", "headcounts", p_heads, NULL};
	const char *const c3[] = {"import", "persons", p_persons, NULL};
	const char *const c4[] = {"import", "cases", p_cases, NULL};
	const char *const c5[] = {"import", "interventions", p_int, NULL};
	/* Organisations first (employers belong to one), then the accounts (the
	   cases name w1), then the rest. */
	static const char *const users[] = {"head1:head",	   "rha:employer:ville-a",
					    "rhb:employer:ville-b", "w1:worker", "admin1:admin",
					    NULL};
	const char *const *const first[] = {c1, NULL};
	if (fixture_start(&fx, first, users) != 0)
		return -1;
	const char *const *const cmds[] = {c2, c3, c4, c5};
	for (int i = 0; i < 4; i++) {
		const char *args[16];
		int n = 0;
		for (int k = 0; cmds[i][k]; k++)
			args[n++] = cmds[i][k];
		args[n++] = "--db";
		args[n++] = fx.db;
		args[n++] = "--key-file";
		args[n++] = fx.key;
		args[n] = NULL;
		if (relais_run(args, NULL, NULL) != 0)
			return -1;
	}
	if (fixture_sql(&fx, "UPDATE persons SET consent_statistics = 0 WHERE import_ref = 'P16'") != 0)
		return -1;
	return api_login(PORT, "head1", TEST_PASSWORD, &head) == 200 &&
			       api_login(PORT, "rha", TEST_PASSWORD, &rh_a) == 200 &&
			       api_login(PORT, "rhb", TEST_PASSWORD, &rh_b) == 200 &&
			       api_login(PORT, "w1", TEST_PASSWORD, &worker) == 200 &&
			       api_login(PORT, "admin1", TEST_PASSWORD, &admin) == 200
		       ? 0
		       : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", files);
	if (system(cmd) != 0)
		return -1;
	return fixture_stop(&fx);
}

static json_t *bilan(const struct sess *s, const char *query, int want)
{
	char path[256];
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/reports/bilan%s", query);
	int got = http_as(PORT, s, 0, "GET", path, NULL, &r);
	if (got != want)
		fail_msg("%s: %d %s, expected %d", path, got, r.body, want);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	return j;
}

/* The integer at a path of keys ("by_status", "cdi"); -1 for null, -2 absent. */
static long long num(json_t *j, const char *a, const char *b)
{
	json_t *v = json_object_get(j, a);
	if (b)
		v = json_object_get(v, b);
	if (!v)
		return -2;
	return json_is_null(v) ? -1 : json_integer_value(v);
}

static void test_service_figures(void **state)
{
	(void)state;
	json_t *j = bilan(&head, "?year=2008", 200);
	assert_string_equal(json_string_value(json_object_get(j, "scope")), "service");
	assert_int_equal(num(j, "organisations", NULL), 2);
	assert_int_equal(num(j, "headcount", NULL), 1500);
	/* P1–P13 and P20–P21; not P14 (closed the day before), P15 (next year), P16 (no consent). */
	assert_int_equal(num(j, "persons_followed", NULL), 15);
	assert_true(json_real_value(json_object_get(j, "share_of_headcount")) == 0.01);
	assert_int_equal(num(j, "by_status", "titulaire"), 14);
	assert_int_equal(num(j, "by_status", "cdi"), 1);
	assert_int_equal(num(j, "by_status", "unknown"), 0);
	assert_int_equal(num(j, "by_family_situation", "isole"), 9);
	assert_int_equal(num(j, "by_family_situation", "monoparental"), 5);
	assert_int_equal(num(j, "by_sex", "F"), 13);
	assert_int_equal(num(j, "by_sex", "M"), 2);
	assert_int_equal(num(j, "by_age_band", "35-44"), 11);
	assert_int_equal(num(j, "by_age_band", "25-34"), 2);
	assert_int_equal(num(j, "by_age_band", "55+"), 1);
	assert_int_equal(num(j, "by_age_band", "unknown"), 1);
	/* Domains: a person counts once per key, through a theme too. */
	assert_int_equal(num(j, "by_domain", "sante"), 12);
	assert_int_equal(num(j, "by_domain", "budget"), 1);
	assert_int_equal(num(j, "by_domain", "famille"), 1);
	assert_int_equal(num(j, "by_domain", "logement"), 2);
	assert_int_equal(num(j, "by_theme", "sante.arret"), 12);
	assert_int_equal(num(j, "by_theme", "famille.ascendants"), 1);
	assert_int_equal(num(j, "new_cases", NULL), 14);   /* C1–C12, C20, C21 */
	assert_int_equal(num(j, "closed_cases", NULL), 1); /* C13 on 2008-01-01 */
	assert_int_equal(num(j, "by_referral_source", "medecin"), 10);
	assert_int_equal(num(j, "by_referral_source", "rh"), 2);
	assert_int_equal(num(j, "by_outcome", "resolu"), 1);
	json_t *iv = json_object_get(j, "interventions");
	assert_int_equal(num(iv, "total", NULL), 2); /* not P16's */
	assert_true(json_real_value(json_object_get(iv, "hours")) == 1.5);
	assert_int_equal(num(iv, "by_mode", "permanence"), 1);
	assert_int_equal(num(iv, "by_kind", "entretien"), 2);
	/* Trends: sante.arret emerges (0 → 12); famille.ascendants falls (2 → 1). */
	size_t i;
	json_t *t;
	int seen = 0;
	json_array_foreach(json_object_get(j, "trends"), i, t)
	{
		const char *theme = json_string_value(json_object_get(t, "theme"));
		if (strcmp(theme, "sante.arret") == 0) {
			assert_int_equal(num(t, "previous", NULL), 0);
			assert_int_equal(num(t, "current", NULL), 12);
			assert_true(json_is_true(json_object_get(t, "emerging")));
			seen++;
		} else if (strcmp(theme, "famille.ascendants") == 0) {
			assert_int_equal(num(t, "previous", NULL), 2);
			assert_int_equal(num(t, "current", NULL), 1);
			assert_true(json_is_false(json_object_get(t, "emerging")));
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	assert_int_equal(num(json_object_get(j, "suppression"), "cells_suppressed", NULL), 0);
	json_decref(j);
}

static void test_custom_bands_and_scope(void **state)
{
	(void)state;
	json_t *j = bilan(&head, "?year=2008&organisation=ville-a&age_bands=35,56", 200);
	assert_string_equal(json_string_value(json_object_get(j, "scope")), "ville-a");
	assert_int_equal(num(j, "persons_followed", NULL), 13);
	assert_int_equal(num(j, "headcount", NULL), 1000);
	assert_int_equal(num(j, "by_age_band", "<35"), 0);
	assert_int_equal(num(j, "by_age_band", "35-55"), 11);
	assert_int_equal(num(j, "by_age_band", "56+"), 1);
	assert_int_equal(num(j, "by_age_band", "unknown"), 1);
	assert_int_equal(num(j, "by_age_band", "25-34"), -2);
	json_decref(j);
	j = bilan(&head, "?year=2007&organisation=ville-a", 200);
	assert_int_equal(num(j, "persons_followed", NULL), 2); /* P13, P14 */
	assert_int_equal(num(j, "headcount", NULL), 990);
	json_decref(j);
}

/* The head publishes the employers' bilans of 2008 (a new version only
   when the figures changed since the last one). */
static void publish_2008(void)
{
	expect_api(PORT, &head, "POST", "/api/v1/reports/bilan/publish", "{\"year\":2008}", 200,
		   NULL);
}

/* The employer's CSV and JSON of 2008 as first published (test_field_records
   adds records afterwards and checks they are unchanged until republished). */
static char *first_csv, *first_json;

static char *employer_body(const char *format)
{
	char path[128];
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/reports/bilan?year=2008&format=%s", format);
	assert_int_equal(http_as(PORT, &rh_a, 0, "GET", path, NULL, &r), 200);
	char *copy = strdup(r.body);
	http_resp_free(&r);
	return copy;
}

/* No integer from 1 to 10 anywhere in the employer's breakdowns. */
static void expect_no_small(json_t *j)
{
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v)
	{
		if (json_is_object(v)) {
			expect_no_small(v);
		} else if (json_is_integer(v) && strcmp(key, "year") != 0 &&
			   strcmp(key, "organisations") != 0 && strcmp(key, "version") != 0) {
			json_int_t n = json_integer_value(v);
			if (n >= 1 && n <= 10)
				fail_msg("%s = %lld published to an employer", key, (long long)n);
		}
	}
}

static void test_employer_disclosure(void **state)
{
	(void)state;
	/* Nothing published yet: the employer gets nothing, and is told why. */
	json_decref(bilan(&rh_a, "?year=2008", 404));
	publish_2008();
	/* ville-a for its employer: 13 persons, the published bilan. */
	json_t *j = bilan(&rh_a, "?year=2008", 200);
	assert_string_equal(json_string_value(json_object_get(j, "audience")), "employer");
	assert_string_equal(json_string_value(json_object_get(j, "scope")), "ville-a");
	/* Perturbed (cell-key method, at most 2 away), never under 11. */
	int64_t n = num(j, "persons_followed", NULL);
	assert_true(n >= 11 && n <= 15);
	/* Zeros look like small counts; cdi 1 and titulaire 12 with it. */
	assert_int_equal(num(j, "by_status", "cdi"), -1);
	assert_int_equal(num(j, "by_status", "titulaire"), -1);
	assert_int_equal(num(j, "by_status", "stagiaire"), -1);
	assert_int_equal(num(j, "by_sex", "F"), -1);
	assert_int_equal(num(j, "by_sex", "M"), -1);
	assert_int_equal(num(j, "by_family_situation", "isole"), -1);
	assert_int_equal(num(j, "by_family_situation", "couple_enfants"), -1);
	/* C 13 alone beside zeros: the total would tell it, so it is hidden. */
	assert_int_equal(num(j, "by_category", "C"), -1);
	assert_int_equal(num(j, "by_domain", "budget"), -1);
	assert_int_equal(num(j, "by_theme", "famille.ascendants"), -1);
	assert_int_equal(num(j, "closed_cases", NULL), -1); /* 1 */
	assert_int_equal(num(json_object_get(j, "interventions"), "total", NULL), -1);
	assert_int_equal(num(json_object_get(j, "suppression"), "threshold", NULL), 11);
	expect_no_small(j);
	/* The same read again: the same figures (noise cannot be averaged away). */
	json_t *again = bilan(&rh_a, "?year=2008", 200);
	assert_true(json_equal(j, again));
	json_decref(again);
	first_csv = employer_body("csv");
	first_json = employer_body("json");
	json_decref(j);
	/* ville-b: 2 persons followed, so nothing but the headcount. */
	j = bilan(&rh_b, "?year=2008", 200);
	assert_int_equal(num(j, "persons_followed", NULL), -1);
	assert_true(json_is_null(json_object_get(j, "share_of_headcount")));
	assert_true(json_is_null(json_object_get(j, "by_status")));
	assert_true(json_is_null(json_object_get(j, "by_domain")));
	assert_int_equal(num(j, "headcount", NULL), 500);
	json_decref(j);
	/* The head can ask for the employer's view too. */
	j = bilan(&head, "?year=2008&organisation=ville-b&audience=employer", 200);
	assert_int_equal(num(j, "persons_followed", NULL), -1);
	json_decref(j);
}

static void test_who_may_ask(void **state)
{
	(void)state;
	json_decref(bilan(&rh_a, "?year=2008&organisation=ville-b", 404));
	/* Any parameter but the period, the organisation and the format: 400. */
	json_decref(bilan(&rh_a, "?year=2008&organisation=ville-a&audience=service", 400));
	json_decref(bilan(&rh_a, "?year=2008&audience=service", 400));
	json_decref(bilan(&rh_a, "?year=2008&age_bands=58", 400));
	json_decref(bilan(&rh_a, "?year=2008&format=doc", 400));
	/* A year not published: 404 naming the published ones. */
	json_t *nf = bilan(&rh_a, "?year=2007", 404);
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(nf, "error"),
								  "message")),
			       "Bilans publiés : 2008"));
	json_decref(nf);
	/* Only a closed year can be published; only the head publishes. */
	expect_api(PORT, &head, "POST", "/api/v1/reports/bilan/publish", "{\"year\":2100}", 422,
		   "year");
	expect_api(PORT, &rh_a, "POST", "/api/v1/reports/bilan/publish", "{\"year\":2008}", 403,
		   NULL);
	json_decref(bilan(&worker, "?year=2008", 403));
	json_decref(bilan(&admin, "?year=2008", 403));
	json_decref(bilan(NULL, "?year=2008", 401));
	json_decref(bilan(&head, "?year=1800", 422));
	json_decref(bilan(&head, "?year=2008&age_bands=56,35", 422));
	json_decref(bilan(&head, "?year=2008&audience=public", 422));
	json_decref(bilan(&head, "?year=2008&organisation=nowhere", 404));
	/* Audited, without figures. */
	char *out = NULL;
	const char *args[] = {"audit", "list", "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(args, NULL, &out), 0);
	assert_non_null(strstr(out, "\"report.read\""));
	assert_non_null(strstr(out, "ville-a/2008/employer/v"));
	assert_non_null(strstr(out, "\"bilan.publish\""));
	free(out);
}

static size_t json_numbers(json_t *j, double *v, size_t n, size_t max);
static int published_number(double x, const double *v, size_t n);

static void test_csv(void **state)
{
	(void)state;
	struct http_resp r;
	char v[128];
	assert_int_equal(http_as(PORT, &rh_a, 0, "GET", "/api/v1/reports/bilan?year=2008&format=csv",
				 NULL, &r),
			 200);
	/* Every value of the CSV is a figure of the published JSON. */
	json_t *gated = bilan(&rh_a, "?year=2008", 200);
	double nums[4096];
	size_t nnums = json_numbers(gated, nums, 0, sizeof nums / sizeof nums[0]);
	json_decref(gated);
	int checked = 0;
	for (const char *line = r.body; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		const char *eol = strchr(line, '\r');
		const char *comma = eol ? eol : line + strlen(line);
		while (comma > line && comma[-1] != ',')
			comma--;
		char *end;
		double x = strtod(comma, &end);
		if (end == comma || end != (eol ? eol : line + strlen(line)))
			continue;
		checked++;
		if (!published_number(x, nums, nnums))
			fail_msg("CSV %.*s: not a published figure", (int)(end - line), line);
	}
	assert_true(checked >= 10);
	assert_non_null(http_header(&r, "Content-Type", v, sizeof v));
	assert_non_null(strstr(v, "text/csv"));
	assert_non_null(http_header(&r, "Content-Disposition", v, sizeof v));
	assert_non_null(strstr(v, "bilan-2008-ville-a.csv"));
	assert_true(strncmp(r.body, "breakdown,key,value\r\n", 21) == 0);
	expect_in(&r, "persons_followed,,1"); /* 11 to 15: perturbed */
	expect_in(&r, "by_status,cdi,< 11\r\n");
	expect_in(&r, "by_status,titulaire,< 11\r\n");
	expect_in(&r, "by_category,C,< 11\r\n");
	expect_in(&r, "suppression.threshold,,11\r\n");
	http_resp_free(&r);
	/* Under 11 persons, a breakdown is one line that publishes nothing. */
	assert_int_equal(http_as(PORT, &rh_b, 0, "GET", "/api/v1/reports/bilan?year=2008&format=csv",
				 NULL, &r),
			 200);
	expect_in(&r, "persons_followed,,< 11\r\n");
	expect_in(&r, "by_status,,< 11\r\n");
	expect_not_in(&r, "by_status,titulaire");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/api/v1/reports/bilan?year=2008&format=doc",
				 NULL, NULL),
			 422);
	char *out = NULL;
	const char *args[] = {"report", "--db", fx.db, "--key-file", fx.key, "--year", "2008",
			      "--format", "csv", NULL};
	assert_int_equal(relais_run(args, NULL, &out), 0);
	assert_non_null(strstr(out, "persons_followed,,15\r\n"));
	free(out);
}

/* Saves a response body and returns what `cmd FILE tail` prints. */
static char *read_with(const struct http_resp *r, const char *name, const char *cmd,
		       const char *tail)
{
	char path[256], line[1024];
	snprintf(path, sizeof path, "%s/%s", files, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r->body, 1, r->body_len, f), r->body_len);
	fclose(f);
	snprintf(line, sizeof line, "%s %s %s", cmd, path, tail);
	FILE *p = popen(line, "r");
	assert_non_null(p);
	size_t cap = 1 << 20, len = 0;
	char *out = calloc(1, cap);
	size_t n;
	while ((n = fread(out + len, 1, cap - 1 - len, p)) > 0)
		len += n;
	assert_int_equal(pclose(p), 0);
	return out;
}

static void expect_document(const char *format, const char *type, const char *disposition,
			    struct http_resp *r)
{
	char v[256], url[128];
	snprintf(url, sizeof url, "/api/v1/reports/bilan?year=2008&format=%s", format);
	assert_int_equal(http_as(PORT, &rh_a, 0, "GET", url, NULL, r), 200);
	assert_non_null(http_header(r, "Content-Type", v, sizeof v));
	assert_string_equal(v, type);
	assert_non_null(http_header(r, "Content-Disposition", v, sizeof v));
	assert_non_null(strstr(v, disposition));
}

/* The documents open in their real readers and say what the JSON says,
   with the employer's cells hidden. */
/* Every number of a JSON document, into v (at most max). */
static size_t json_numbers(json_t *j, double *v, size_t n, size_t max)
{
	const char *key;
	json_t *x;
	size_t i;
	if (json_is_object(j)) {
		json_object_foreach(j, key, x) n = json_numbers(x, v, n, max);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, x) n = json_numbers(x, v, n, max);
	} else if (json_is_number(j) && n < max) {
		v[n++] = json_number_value(j);
	}
	return n;
}

/* x is one of the published numbers, or the share of one in another (the
   percentage columns). */
static int published_number(double x, const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (fabs(x - v[i]) < 1e-9)
			return 1;
		for (size_t k = 0; k < n; k++)
			if (v[k] != 0 && fabs(x - v[i] / v[k]) < 1e-9)
				return 1;
	}
	return 0;
}

static void test_documents(void **state)
{
	(void)state;
	struct http_resp r;
	/* The figures the documents must show: the published ones. */
	json_t *pub = bilan(&rh_a, "?year=2008", 200);
	long long followed = (long long)num(pub, "persons_followed", NULL);
	int has_trends = json_array_size(json_object_get(pub, "trends")) > 0;
	json_decref(pub);
	assert_true(followed >= 11 && followed <= 15);
	char sentence[160], sheet_sentence[80];
	snprintf(sentence, sizeof sentence,
		 "%lld agents ont été accompagnés, soit 1,%lld %% de l'effectif (1 000 agents, 1 "
		 "organisation).",
		 followed, followed - 10);
	snprintf(sheet_sentence, sizeof sheet_sentence, "%lld agents ont été accompagnés", followed);
	expect_document("pdf", "application/pdf", "bilan-2008-ville-a.pdf", &r);
	assert_true(r.body_len > 1000 && memcmp(r.body, "%PDF-", 5) == 0);
	char *text = read_with(&r, "bilan.pdf", "pdftotext -enc UTF-8", "-");
	/* Sentences may wrap, and pdftotext may give the narrow no-break
	   space as a space: one line, plain spaces. */
	char *w = text;
	for (const char *c = text; *c;) {
		if (strncmp(c, "\xe2\x80\xaf", 3) == 0) {
			*w++ = ' ';
			c += 3;
		} else {
			*w++ = *c == '\n' ? ' ' : *c;
			c++;
		}
	}
	*w = 0;
	assert_non_null(strstr(text, "Bilan annuel d'activité"));
	assert_non_null(strstr(text, "Ville A"));
	assert_non_null(strstr(text, sentence));
	assert_non_null(strstr(text, "Public : Employeur (protégé)"));
	assert_non_null(strstr(text, "Les effectifs inférieurs à 11 sont masqués"));
	assert_non_null(strstr(text, "Titulaire"));
	assert_non_null(strstr(text, "< 11"));
	/* Trends only for themes published this year and the year before. */
	assert_true((strstr(text, "Tendances des thèmes") != NULL) == has_trends);
	free(text);
	text = read_with(&r, "bilan.pdf", "pdfinfo", "");
	http_resp_free(&r);
	assert_non_null(strstr(text, "Page size:       595.28 x 841.89 pts (A4)"));
	assert_non_null(strstr(text, "Title:           Bilan 2008 — Ville A"));
	free(text);

	expect_document("xlsx",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"bilan-2008-ville-a.xlsx", &r);
	assert_true(memcmp(r.body, "PK", 2) == 0);
	text = read_with(&r, "bilan.xlsx", "unzip -p", "xl/workbook.xml");
	static const char *const sheets[] = {
		"Synthèse",	     "Statut",		    "Catégorie",	"Situation familiale",
		"Sexe",		     "Tranche d'âge",	    "Domaines",		"Thèmes",
		"Origine de la demande", "Issue des suivis", "Mode d'intervention",
		"Type d'intervention",   "Aides – financeurs", "Aides – décisions",
		"Orientations – partenaires", "Orientations – suite", "Actions collectives",
		"Maintien – issues", "Tendances"};
	for (size_t i = 0; i < sizeof sheets / sizeof sheets[0]; i++) {
		char name[128];
		snprintf(name, sizeof name, "<sheet name=\"%s\" sheetId=\"%zu\"", sheets[i], i + 1);
		assert_non_null(strstr(text, name));
	}
	free(text);
	text = read_with(&r, "bilan.xlsx", "unzip -p", "xl/sharedStrings.xml");
	assert_non_null(strstr(text, sheet_sentence));
	assert_non_null(strstr(text, "&lt; 11"));
	assert_non_null(strstr(text, "Titulaire"));
	free(text);
	/* The status sheet: titulaire 11 + 1 is hidden (secondary), cdi hidden:
	   no number from 1 to 10 is a cell value anywhere in it. */
	/* Every number of every sheet is a published one (or a share of two):
	   the workbook is drawn from the protected table and nothing else. */
	json_t *gated = bilan(&rh_a, "?year=2008", 200);
	double nums[4096];
	size_t nnums = json_numbers(gated, nums, 0, sizeof nums / sizeof nums[0] - 1);
	json_decref(gated);
	nums[nnums++] = 2007; /* the trends' column heading: the year before */
	int xlsx_checked = 0;
	for (int sheet = 1; sheet <= 19; sheet++) {
		char member[64];
		snprintf(member, sizeof member, "xl/worksheets/sheet%d.xml", sheet);
		char *xml = read_with(&r, "bilan.xlsx", "unzip -p", member);
		for (const char *c = strstr(xml, "<c "); c; c = strstr(c + 1, "<c ")) {
			const char *end = strchr(c, '>');
			const char *val = strstr(c, "<v>");
			const char *close = strstr(c, "</c>");
			if (!end || !val || !close || val > close)
				continue;
			if (strstr(c, "t=\"s\"") && strstr(c, "t=\"s\"") < end)
				continue; /* a shared string's index */
			double x = strtod(val + 3, NULL);
			xlsx_checked++;
			if (!published_number(x, nums, nnums))
				fail_msg("sheet %d: %g is not a published figure", sheet, x);
		}
		free(xml);
	}
	assert_true(xlsx_checked >= 10);
	text = read_with(&r, "bilan.xlsx", "unzip -p", "xl/worksheets/sheet2.xml");
	for (int n = 1; n < 11; n++) {
		char v[32];
		snprintf(v, sizeof v, "<v>%d</v>", n);
		char *at = strstr(text, v);
		/* Only shared-string indexes (t="s") may hold a small number. */
		while (at) {
			const char *cell = at;
			while (cell > text && strncmp(cell, "<c ", 3) != 0)
				cell--;
			assert_non_null(strstr(cell, "t=\"s\""));
			assert_true(strstr(cell, "t=\"s\"") < at);
			at = strstr(at + 1, v);
		}
	}
	free(text);
	http_resp_free(&r);

	expect_document("html", "text/html; charset=utf-8", "bilan-2008-ville-a.html", &r);
	assert_true(strncmp(r.body, "<!DOCTYPE html>", 15) == 0);
	expect_in(&r, "<title>Bilan 2008 — Ville A</title>");
	expect_in(&r, sheet_sentence);
	expect_in(&r, "&lt; 11");
	http_resp_free(&r);

	/* Another organisation's document does not exist for this employer. */
	assert_int_equal(http_as(PORT, &rh_a, 0, "GET",
				 "/api/v1/reports/bilan?year=2008&organisation=ville-b&format=pdf",
				 NULL, &r),
			 404);
	assert_null(strstr(r.body, "%PDF"));
	http_resp_free(&r);
}

/* The case id of person NomN (the worker's list of cases). */
static long long case_of(json_t *cases, int n)
{
	char name[16];
	snprintf(name, sizeof name, "Nom%d", n);
	size_t i;
	json_t *c;
	json_array_foreach(cases, i, c)
	{
		const char *last =
			json_string_value(json_object_get(json_object_get(c, "person"), "last_name"));
		if (last && strcmp(last, name) == 0)
			return json_integer_value(json_object_get(c, "id"));
	}
	fail_msg("no case for %s", name);
	return 0;
}

static void post(const struct sess *s, const char *method, const char *path, const char *body,
		 int want)
{
	struct http_resp r;
	int got = http_as(PORT, s, 1, method, path, body, &r);
	if (got != want)
		fail_msg("%s %s: %d %s, expected %d", method, path, got, r.body, want);
	http_resp_free(&r);
}

/* Aids, orientations, collective actions, long sick leaves, retention
   outcomes and hours in the bilan, and their disclosure control. */
static void test_field_records(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &worker, 0, "GET", "/api/v1/cases?status=all", NULL, &r),
			 200);
	json_t *list = http_json(&r);
	http_resp_free(&r);
	json_t *cases = json_object_get(list, "cases");
	char path[128], body[256];
	/* 12 aids in ville-a in 2008, 11 accorded; one in 2007 (not counted). */
	for (int n = 1; n <= 12; n++) {
		long long id = case_of(cases, n <= 11 ? n : 12);
		snprintf(path, sizeof path, "/api/v1/cases/%lld/aids", id);
		post(&worker, "POST", path,
		     "{\"kind\":\"secours\",\"funder\":\"ccas\",\"amount_requested_cents\":10000,"
		     "\"submitted_on\":\"2008-06-02\",\"reason\":\"Facture\"}",
		     201);
	}
	assert_int_equal(http_as(PORT, &worker, 0, "GET", "/api/v1/cases?status=all", NULL, &r),
			 200);
	http_resp_free(&r);
	for (int n = 1; n <= 11; n++) {
		snprintf(path, sizeof path, "/api/v1/cases/%lld/aids", case_of(cases, n));
		assert_int_equal(http_as(PORT, &worker, 0, "GET", path, NULL, &r), 200);
		json_t *aids = http_json(&r);
		http_resp_free(&r);
		long long aid = json_integer_value(
			json_object_get(json_array_get(json_object_get(aids, "aids"), 0), "id"));
		json_decref(aids);
		snprintf(path, sizeof path, "/api/v1/aids/%lld", aid);
		post(&worker, "PATCH", path,
		     "{\"decision\":\"accordee\",\"amount_granted_cents\":5000,"
		     "\"decided_on\":\"2008-06-20\"}",
		     200);
	}
	/* Two orientations to the CAF, never answered: counted as sans_reponse. */
	assert_int_equal(http_as(PORT, &worker, 1, "POST", "/api/v1/partners",
				 "{\"name\":\"CAF 93\",\"kind\":\"caf\"}", &r),
			 201);
	long long caf = created_id(&r);
	for (int n = 1; n <= 2; n++) {
		snprintf(path, sizeof path, "/api/v1/cases/%lld/orientations", case_of(cases, n));
		snprintf(body, sizeof body,
			 "{\"partner_id\":%lld,\"sent_on\":\"2008-07-01\",\"reason\":\"Droits CAF\"}",
			 caf);
		post(&worker, "POST", path, body, 201);
	}
	/* A collective action of 25 participants in ville-a. */
	post(&head, "POST", "/api/v1/collective-actions",
	     "{\"organisation\":\"ville-a\",\"date\":\"2008-05-05\",\"topic\":\"handicap\","
	     "\"format\":\"atelier\",\"title\":\"Le handicap au travail\",\"participants\":25,"
	     "\"duration_minutes\":120}",
	     201);
	/* A 181-day sick leave, a 30-day one; a retention outcome on P13's
	   case, closed on 2008-01-01. */
	snprintf(path, sizeof path, "/api/v1/cases/%lld/sick-leaves", case_of(cases, 1));
	post(&worker, "POST", path,
	     "{\"start\":\"2008-03-01\",\"end\":\"2008-08-28\",\"kind\":\"maladie\"}", 201);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/sick-leaves", case_of(cases, 2));
	post(&worker, "POST", path,
	     "{\"start\":\"2008-03-01\",\"end\":\"2008-03-30\",\"kind\":\"maladie\"}", 201);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/retention", case_of(cases, 13));
	post(&worker, "PATCH", path, "{\"outcome\":\"maintien_poste\"}", 200);
	/* 100 hours bought by ville-a for 2008. */
	post(&head, "POST", "/api/v1/organisations/ville-a/conventions",
	     "{\"kind\":\"vacations\",\"starts_on\":\"2008-01-01\",\"ends_on\":\"2008-12-31\","
	     "\"hours_per_year\":100}",
	     201);
	json_decref(list);

	json_t *j = bilan(&head, "?year=2008", 200);
	json_t *aids = json_object_get(j, "aids");
	assert_int_equal(num(aids, "requests", NULL), 12);
	assert_int_equal(num(aids, "granted", NULL), 11);
	assert_int_equal(num(aids, "amount_requested_cents", NULL), 120000);
	assert_int_equal(num(aids, "amount_granted_cents", NULL), 55000);
	assert_int_equal(num(aids, "by_funder", "ccas"), 12);
	assert_int_equal(num(aids, "by_decision", "accordee"), 11);
	assert_int_equal(num(aids, "by_decision", "en_attente"), 1);
	json_t *o = json_object_get(j, "orientations");
	assert_int_equal(num(o, "total", NULL), 2);
	assert_int_equal(num(o, "by_partner_kind", "caf"), 2);
	assert_int_equal(num(o, "by_status", "sans_reponse"), 2);
	assert_int_equal(num(o, "by_status", "envoyee"), 0);
	json_t *ca = json_object_get(j, "collective_actions");
	assert_int_equal(num(ca, "total", NULL), 1);
	assert_int_equal(num(ca, "participants", NULL), 25);
	assert_int_equal(num(ca, "by_topic", "handicap"), 1);
	json_t *jr = json_object_get(j, "job_retention");
	assert_int_equal(num(jr, "persons_on_long_leave", NULL), 1);
	assert_int_equal(num(jr, "by_outcome", "maintien_poste"), 1);
	json_t *h = json_object_get(j, "hours");
	assert_true(json_number_value(json_object_get(h, "bought")) == 100.0);
	/* Interventions C1 90 + C16 30 min, the 120-minute collective action. */
	assert_true(json_number_value(json_object_get(h, "spent")) == 4.0);
	json_t *act = json_object_get(h, "by_activity");
	assert_true(json_number_value(json_object_get(act, "individuel")) == 2.0);
	assert_true(json_number_value(json_object_get(act, "collectif")) == 2.0);
	json_decref(j);
	/* Another year: nothing. */
	j = bilan(&head, "?year=2007", 200);
	assert_int_equal(num(json_object_get(j, "aids"), "requests", NULL), 0);
	json_decref(j);

	/* The employer, once the head has published the corrected year (a
	   new version): 12 requests round to 10, so hidden, their amounts with
	   them; collective actions are public inside the organisation and read
	   as on /actions. */
	json_t *head_view = bilan(&head, "?year=2008&organisation=ville-a", 200);
	/* Records were added to 2008 since the publication: what the employer
	   reads is byte for byte what was published. */
	char *now = employer_body("csv");
	assert_string_equal(now, first_csv);
	free(now);
	now = employer_body("json");
	assert_string_equal(now, first_json);
	free(now);
	free(first_csv);
	free(first_json);
	first_csv = first_json = NULL;
	publish_2008();
	/* A correction is a new version, read instead of the first. */
	json_t *v2 = bilan(&rh_a, "?year=2008", 200);
	assert_int_equal(num(v2, "version", NULL), 2);
	json_decref(v2);
	j = bilan(&rh_a, "?year=2008", 200);
	aids = json_object_get(j, "aids");
	assert_int_equal(num(aids, "requests", NULL), -1);
	assert_int_equal(num(aids, "amount_requested_cents", NULL), -1);
	assert_int_equal(num(aids, "granted", NULL), -1);
	assert_int_equal(num(aids, "by_decision", "en_attente"), -1);
	assert_int_equal(num(aids, "by_decision", "accordee"), -1);
	o = json_object_get(j, "orientations");
	assert_int_equal(num(o, "total", NULL), -1);
	assert_int_equal(num(o, "by_partner_kind", "caf"), -1);
	ca = json_object_get(j, "collective_actions");
	json_t *hca = json_object_get(head_view, "collective_actions");
	assert_int_equal(num(ca, "total", NULL), num(hca, "total", NULL));
	assert_int_equal(num(ca, "participants", NULL), num(hca, "participants", NULL));
	jr = json_object_get(j, "job_retention");
	assert_int_equal(num(jr, "persons_on_long_leave", NULL), -1);
	/* The convention's hours: one total, never split by activity. */
	assert_true(json_is_null(json_object_get(json_object_get(j, "hours"), "by_activity")));
	/* The employer's sentences stay true and French whatever is hidden
	   (issue 17): a hidden figure reads "non publié", never "< 11" (a
	   secondarily suppressed one may be larger) nor "montant masqué";
	   the collective action, public, reads as on /actions. */
	char *text = employer_body("html");
	assert_non_null(strstr(text, "Aides financières : demandes, non publié ; accordées, non "
				     "publié ; montant demandé, non publié ; montant accordé, non "
				     "publié."));
	assert_non_null(strstr(text, "Orientations vers des partenaires : non publié ; 1 action "
				     "collective (25 participants) ; agents en arrêt de plus de 90 "
				     "jours : non publié."));
	assert_null(strstr(text, "montant masqué"));
	assert_null(strstr(text, "demande(s)"));
	assert_null(strstr(text, "accordée(s)"));
	assert_null(strstr(text, ": &lt; 11"));
	free(text);
	json_decref(head_view);
	json_decref(j);

	/* Every format carries the new sections. */
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/api/v1/reports/bilan?year=2008&format=csv",
				 NULL, &r),
			 200);
	expect_in(&r, "aids.requests,,12\r\n");
	expect_in(&r, "aids.amount_granted_cents,,55000\r\n");
	expect_in(&r, "orientations.by_status,sans_reponse,2\r\n");
	expect_in(&r, "collective_actions.participants,,25\r\n");
	expect_in(&r, "job_retention.persons_on_long_leave,,1\r\n");
	expect_in(&r, "hours.bought,,100.0\r\n");
	http_resp_free(&r);
	/* The same for French spreadsheets (issue 17): ';', decimal comma,
	   French labels, its own file name. */
	assert_int_equal(http_as(PORT, &head, 0, "GET",
				 "/api/v1/reports/bilan?year=2008&format=csv-fr", NULL, &r),
			 200);
	assert_memory_equal(r.body, "\xEF\xBB\xBFRubrique;Libellé;Code;Nombre;Part (%)\r\n",
			    strlen("\xEF\xBB\xBFRubrique;Libellé;Code;Nombre;Part (%)\r\n"));
	expect_in(&r, "Synthèse;Demandes d'aide financière;;12;\r\n");
	expect_in(&r, "Synthèse;Montant des aides accordées (€);;550,00;\r\n");
	char disposition[128];
	assert_non_null(http_header(&r, "Content-Disposition", disposition, sizeof disposition));
	assert_non_null(strstr(disposition, "bilan-2008-service-fr.csv"));
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/api/v1/reports/bilan?year=2008&format=html",
				 NULL, &r),
			 200);
	expect_in(&r, "12 demandes d&#39;aide financière, dont 11 accordées, pour 550\xc2\xa0\xe2\x82\xac "
		      "accordés sur 1\xe2\x80\xaf" "200\xc2\xa0\xe2\x82\xac demandés.");
	expect_in(&r, "<h2 id=\"orientations-statut\">Suite des orientations</h2>");
	expect_in(&r, "Sans réponse");
	expect_in(&r, "<h2 id=\"maintien-issues\">");
	http_resp_free(&r);
}

static void test_command_line(void **state)
{
	(void)state;
	char *out = NULL;
	const char *args[] = {"report", "--db", fx.db, "--key-file", fx.key, "--year", "2008",
			      "--organisation", "ville-a", "--audience", "employer", NULL};
	assert_int_equal(relais_run(args, NULL, &out), 0);
	json_t *j = json_loads(out, 0, NULL);
	free(out);
	assert_non_null(j);
	/* What the head exports for an outside reader goes through the gate:
	   13 followed, published perturbed (11 to 15), cdi 1 hidden. */
	int64_t n = num(j, "persons_followed", NULL);
	assert_true(n >= 11 && n <= 15);
	assert_int_equal(num(j, "by_status", "cdi"), -1);
	json_decref(j);
	char path[256];
	snprintf(path, sizeof path, "%s/bilan.json", files);
	const char *to_file[] = {"report", "--db", fx.db, "--key-file", fx.key, "--year", "2008",
				 "-o", path, NULL};
	assert_int_equal(relais_run(to_file, NULL, NULL), 0);
	j = json_load_file(path, 0, NULL);
	assert_non_null(j);
	assert_int_equal(num(j, "persons_followed", NULL), 15);
	json_decref(j);
	const char *bad[] = {"report", "--db", fx.db, "--key-file", fx.key, "--year", "2008",
			     "--age-bands", "0", NULL};
	assert_int_not_equal(relais_run(bad, NULL, NULL), 0);
}

/* Imports a CSV of kind (written to files/name) into the running service. */
static void import_csv(const char *kind, const char *name, const char *content)
{
	char path[256];
	write_file(name, content);
	snprintf(path, sizeof path, "%s/%s", files, name);
	const char *args[] = {"import", kind, path, "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(args, NULL, NULL), 0);
}

/* A correction that differs by one person: the head publishes again, and
   the employer reads exactly what it read before (issue 11: a new version
   differing by one person leaks nothing). */
static void test_one_more_person(void **state)
{
	(void)state;
	publish_2008();
	char *before = employer_body("json");
	import_csv("persons", "p30.csv",
		   "ref,organisation,last_name,first_name,birth_date,sex,status,category,"
		   "family_situation,job_title,consent_on\n"
		   "P30,ville-a,Nom30,Pre,1975-01-01,M,titulaire,C,isole,,2008-01-01\n");
	import_csv("cases", "c30.csv",
		   "ref,person,referent,opened_on,closed_on,referral_source,domains,outcome\n"
		   "C30,P30,w1,2008-06-01,,agent,budget,\n");
	/* The head's own figures see the new person at once. */
	json_t *h = bilan(&head, "?year=2008&organisation=ville-a", 200);
	assert_int_equal(num(h, "persons_followed", NULL), 14);
	json_decref(h);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &head, 1, "POST", "/api/v1/reports/bilan/publish",
				 "{\"year\":2008,\"organisation\":\"ville-a\"}", &r),
			 200);
	int unchanged = strstr(r.body, "\"published\":0") != NULL;
	http_resp_free(&r);
	char *after = employer_body("json");
	assert_string_equal(after, before);
	assert_true(unchanged); /* not even a new version */
	free(before);
	free(after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_service_figures),	 cmocka_unit_test(test_custom_bands_and_scope),
		cmocka_unit_test(test_employer_disclosure), cmocka_unit_test(test_who_may_ask),
		cmocka_unit_test(test_command_line),
		cmocka_unit_test(test_csv),		 cmocka_unit_test(test_documents),
		cmocka_unit_test(test_field_records),
		cmocka_unit_test(test_one_more_person),
	};
	return cmocka_run_group_tests_name("report", tests, setup, teardown);
}
