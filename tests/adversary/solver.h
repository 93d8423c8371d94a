/*
 * solver — the adversary of issue 11: an employer holding every bilan it
 * could read tries to recover the true counts.  Independent of the
 * product's disclosure code (domain/sdc.c, domain/cellkey.c): it knows
 * only the published rules — K = 11, person counts perturbed by at most 2
 * and never shown from 1 to 10, event counts rounded to 5, the tables'
 * arithmetic — and asks lp_solve, with integer unknowns, for the exact
 * smallest and largest true value of every cell.
 *
 * A bilan is held as flat facts (table, key, value), the same whether
 * read from the JSON or the CSV, so the two can be compared fact by fact.
 */
#ifndef RELAIS_TEST_ADVERSARY_SOLVER_H
#define RELAIS_TEST_ADVERSARY_SOLVER_H

#include <stddef.h>

#include <jansson.h>

#define ADV_FACTS_MAX 768
#define ADV_INF (1LL << 40) /* an unbounded maximum */

/* One published figure: "by_sex"/"F", "interventions.total"/"",
   "trends.previous"/"sante.arret"; a whole hidden breakdown is one fact
   with key "". */
struct adv_fact {
	char table[48];
	char key[64];
	int hidden;   /* shown as hidden ("< 11", JSON null of a count) */
	int null;     /* no value at all (a share without headcount…) */
	double value; /* when neither hidden nor null */
};

/* What an employer obtained for one organisation, year and version. */
struct adv_bilan {
	int year;
	char scope[64];
	size_t n;
	struct adv_fact f[ADV_FACTS_MAX];
};

/* What the attacks did, summed over calls. */
struct adv_stats {
	size_t bilans;    /* bilans attacked */
	size_t cells;     /* count cells (persons, events) looked at */
	size_t hidden;    /* hidden cells whose range was computed */
	size_t published; /* published cells whose range was computed */
	size_t ranges;    /* integer programs solved (each min and each max) */
	size_t leaks;     /* findings */
};

/* Receives each finding: a sentence naming the bilan, the cell and what
   the adversary derived. */
typedef void (*adv_report_fn)(void *ctx, const char *finding);

/* The facts of a bilan's JSON (the API's answer).  0, or -1 when it is
   not a bilan. */
int adv_from_json(json_t *j, struct adv_bilan *b);
/* The facts of the CSV of the same bilan.  0, or -1 when malformed. */
int adv_from_csv(const char *text, struct adv_bilan *b);
/* Whether two readings hold the same facts; the first difference is
   described in why. */
int adv_same(const struct adv_bilan *a, const struct adv_bilan *b, char *why, size_t len);

/* The fact (table, key), or NULL. */
const struct adv_fact *adv_fact(const struct adv_bilan *b, const char *table, const char *key);

/*
 * Attacks one bilan: the exact range of every hidden cell, and of every
 * published person count, under every rule and relation the employer
 * knows.  Also the plain rules (no 1–10, rounding bases, amounts hidden
 * with their count, the share computed from the published total).
 * Reports each finding; returns how many.
 */
int adv_attack(const struct adv_bilan *b, adv_report_fn fn, void *ctx, struct adv_stats *st);

/*
 * The adversary checked against the truth: like adv_attack, and each
 * range must hold the true value of its cell (truth: the head's exact
 * bilan of the same data).  A true value outside its range means the
 * adversary's model, or the gate's stated rules (|noise| <= 2, rounding to
 * 5), are wrong: reported as a finding too.  truth may be NULL.
 */
int adv_attack_checked(const struct adv_bilan *b, const struct adv_bilan *truth,
		       adv_report_fn fn, void *ctx, struct adv_stats *st);

/* What the adversary knows of a correction between two versions. */
struct adv_versions {
	int max_added;    /* -1: nothing (each version on its own constraints);
			     else no count went down and none rose by more
			     than this (a correction adding this many
			     persons and cases at most) */
	int cellkey_aware; /* with max_added >= 0: a perturbed count whose
			      published value changed gained someone (the
			      noise is a function of the persons: same
			      persons, same value) */
};

/*
 * Attacks two versions of the same bilan together: every hidden cell of
 * either, and the true difference of every cell, which must not be pinned
 * within 1..10 unless it can also be 0.  Returns the number of findings.
 */
int adv_attack_versions(const struct adv_bilan *v1, const struct adv_bilan *v2,
			const struct adv_versions *k, adv_report_fn fn, void *ctx,
			struct adv_stats *st);
/* The same, each range checked against truth1, truth2 (may be NULL). */
int adv_attack_versions_checked(const struct adv_bilan *v1, const struct adv_bilan *v2,
				const struct adv_bilan *truth1, const struct adv_bilan *truth2,
				const struct adv_versions *k, adv_report_fn fn, void *ctx,
				struct adv_stats *st);

/*
 * Linked channels: the trends of this year (cur) against the year before
 * as published (prev, NULL when none was published): previous values are
 * exactly the published themes of prev, current the published themes of
 * cur, emerging computed from them.  Returns the number of findings.
 */
int adv_check_trends(const struct adv_bilan *cur, const struct adv_bilan *prev,
		     adv_report_fn fn, void *ctx, struct adv_stats *st);

#endif
