/* report — see report.h. */
#include "service/bilan.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/cellkey.h"
#include "domain/date.h"
#include "domain/sdc.h"
#include "service/audit.h"
#include "service/internal.h"
#include "service/organisations.h"
#include "support/i18n.h"
#include "support/log.h"

static const char *keep(struct bilan *r, const char *s)
{
	if (r->nstrings == r->capstrings) {
		r->capstrings = r->capstrings ? 2 * r->capstrings : 256;
		r->strings = realloc(r->strings, r->capstrings * sizeof *r->strings);
		if (!r->strings)
			log_fatal("out of memory");
	}
	char *copy = strdup(s ? s : "");
	if (!copy)
		log_fatal("out of memory");
	r->strings[r->nstrings++] = copy;
	return copy;
}

void bilan_free(struct bilan *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nstrings; i++)
		free(r->strings[i]);
	free(r->strings);
	free(r);
}

/* A member of struct bilan by name: a breakdown's reference list, a
   snapshot's line. */
struct member {
	const char *name;
	size_t offset;
};

/* The cell of key, added at the end when new (NULL when full). */
static struct disclosure_cell *cell(struct bilan *r, struct bilan_breakdown *b, const char *key)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->cells[i].key, key) == 0)
			return &b->cells[i];
	if (b->n == BILAN_KEYS_MAX)
		return NULL;
	struct disclosure_cell *c = &b->cells[b->n++];
	c->key = keep(r, key);
	c->count = 0;
	c->suppressed = 0;
	return c;
}

static void add(struct bilan *r, struct bilan_breakdown *b, const char *key, int64_t n)
{
	struct disclosure_cell *c = cell(r, b, key && *key ? key : "unknown");
	if (c)
		c->count += n;
}

/* One person in the cell of key: the count and the sum of record keys. */
static void add_person(struct bilan *r, struct bilan_breakdown *b, const char *key, uint32_t rk)
{
	struct disclosure_cell *c = cell(r, b, key && *key ? key : "unknown");
	if (c) {
		c->count++;
		c->keysum += rk;
	}
}

/* ---- the reference lists give every breakdown its keys, zeros included ---- */

struct seed {
	struct bilan *r;
};

static int seed_row(void *ctx, const store_row *row)
{
	struct bilan *r = ((struct seed *)ctx)->r;
	const char *list = store_row_text(row, REF_LIST_COL_LIST),
		   *code = store_row_text(row, REF_LIST_COL_CODE);
	const char *parent = store_row_text(row, REF_LIST_COL_PARENT);
	if ((int)store_row_int(row, REF_LIST_COL_RETIRED))
		return 0; /* retired: listed only when present */
	static const struct member lists[] = {
		{"status", offsetof(struct bilan, by_status)},
		{"category", offsetof(struct bilan, by_category)},
		{"family_situation", offsetof(struct bilan, by_family_situation)},
		{"sex", offsetof(struct bilan, by_sex)},
		{"referral_source", offsetof(struct bilan, by_referral_source)},
		{"outcome", offsetof(struct bilan, by_outcome)},
		{"mode", offsetof(struct bilan, by_mode)},
		{"intervention_kind", offsetof(struct bilan, by_kind)},
		{"funder", offsetof(struct bilan, aids_by_funder)},
		{"aid_decision", offsetof(struct bilan, aids_by_decision)},
		{"partner_kind", offsetof(struct bilan, orientations_by_partner_kind)},
		{"action_topic", offsetof(struct bilan, actions_by_topic)},
		{"retention_outcome", offsetof(struct bilan, job_retention_by_outcome)},
	};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if (strcmp(list, lists[i].name) == 0)
			cell(r, (struct bilan_breakdown *)((char *)r + lists[i].offset), code);
	if (strcmp(list, "domain") == 0)
		cell(r, parent ? &r->by_theme : &r->by_domain, code);
	return 0;
}

/* ---- the queries ---- */

struct scope {
	char first[24], last[24]; /* room for any int year */
	int64_t organisation; /* 0: the whole service */
};

/* The statement of the scope: the service's, or, for one organisation,
   its variant driven by the organisation's index (ST_REPORT_ORG_*), so
   that its bilan reads only its own rows. */
static enum stmt in_scope(const struct scope *sc, enum stmt service, enum stmt organisation)
{
	return sc->organisation ? organisation : service;
}

static void period(struct scope *sc, int year)
{
	snprintf(sc->first, sizeof sc->first, "%04d-01-01", year);
	snprintf(sc->last, sizeof sc->last, "%04d-12-31", year);
}

struct followed {
	svc *s;
	struct bilan *r;
};

static int followed_row(void *ctx, const store_row *row)
{
	struct followed *f = ctx;
	struct bilan *r = f->r;
	uint32_t rk = svc_record_key(f->s, store_row_int(row, FOLLOWED_COL_ID));
	r->persons_followed.value++;
	r->persons_followed.keysum += rk;
	add_person(r, &r->by_status, store_row_text(row, FOLLOWED_COL_STATUS), rk);
	add_person(r, &r->by_category, store_row_text(row, FOLLOWED_COL_CATEGORY), rk);
	add_person(r, &r->by_family_situation, store_row_text(row, FOLLOWED_COL_FAMILY_SITUATION),
		   rk);
	add_person(r, &r->by_sex, store_row_text(row, FOLLOWED_COL_SEX), rk);
	size_t band =
		ageband_index_year(&r->bands, r->year,
				   (int)store_row_int(row, FOLLOWED_COL_BIRTH_YEAR));
	add_person(r, &r->by_age_band, ageband_key(&r->bands, band), rk);
	return 0;
}

/* Persons per domain and per theme; a person counts once per key. */
struct domains {
	struct bilan *r;
	struct bilan_breakdown *domain, *theme; /* theme may be a scratch breakdown */
	int64_t person;                          /* the person being read */
	uint32_t rk;                             /* their record key */
	svc *s;
	char seen[64][48];                       /* keys already counted for them */
	int nseen;
};

static void count_once(struct domains *d, struct bilan_breakdown *b, const char *key)
{
	for (int i = 0; i < d->nseen; i++)
		if (strcmp(d->seen[i], key) == 0)
			return;
	if (d->nseen < 64)
		snprintf(d->seen[d->nseen++], sizeof d->seen[0], "%s", key);
	add_person(d->r, b, key, d->rk);
}

static int domain_row(void *ctx, const store_row *row)
{
	struct domains *d = ctx;
	int64_t person = store_row_int(row, REPORT_DOMAIN_COL_PERSON_ID);
	const char *code = store_row_text(row, REPORT_DOMAIN_COL_CODE);
	if (person != d->person) {
		d->person = person;
		d->rk = svc_record_key(d->s, person);
		d->nseen = 0;
	}
	const char *dot = code ? strchr(code, '.') : NULL;
	if (dot) {
		char top[48];
		snprintf(top, sizeof top, "%.*s", (int)(dot - code), code);
		count_once(d, d->domain, top);
		count_once(d, d->theme, code);
	} else if (code) {
		count_once(d, d->domain, code);
	}
	return 0;
}

struct grouped {
	struct bilan *r;
	struct bilan_breakdown *b;
	int64_t *total;
};

static int grouped_row(void *ctx, const store_row *row)
{
	struct grouped *g = ctx;
	int64_t n = store_row_int(row, GROUP_COUNT_COL_COUNT);
	add(g->r, g->b, store_row_text(row, GROUP_COUNT_COL_CODE), n);
	*g->total += n;
	return 0;
}

static int intervention_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	int64_t n = store_row_int(row, REPORT_INTERVENTION_COL_COUNT);
	add(r, &r->by_mode, store_row_text(row, REPORT_INTERVENTION_COL_MODE), n);
	add(r, &r->by_kind, store_row_text(row, REPORT_INTERVENTION_COL_KIND), n);
	r->interventions.value += n;
	r->hours += (double)store_row_int(row, REPORT_INTERVENTION_COL_MINUTES);
	return 0;
}

static int aid_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	const char *decision = store_row_text(row, REPORT_AID_COL_DECISION);
	int64_t n = store_row_int(row, REPORT_AID_COL_COUNT);
	add(r, &r->aids_by_funder, store_row_text(row, REPORT_AID_COL_FUNDER), n);
	add(r, &r->aids_by_decision, decision, n);
	r->aids_requests.value += n;
	r->aids_amount_requested.value += store_row_int(row, REPORT_AID_COL_REQUESTED_CENTS);
	if (decision && (strcmp(decision, "accordee") == 0 || strcmp(decision, "partielle") == 0)) {
		r->aids_granted.value += n;
		r->aids_amount_granted.value += store_row_int(row, REPORT_AID_COL_GRANTED_CENTS);
	}
	return 0;
}

static int orientation_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	int64_t n = store_row_int(row, REPORT_ORIENTATION_COL_COUNT);
	add(r, &r->orientations_by_partner_kind,
	    store_row_text(row, REPORT_ORIENTATION_COL_PARTNER_KIND), n);
	add(r, &r->orientations_by_status, store_row_text(row, REPORT_ORIENTATION_COL_STATUS), n);
	r->orientations.value += n;
	return 0;
}

static int action_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	int64_t n = store_row_int(row, REPORT_ACTION_COL_COUNT);
	add(r, &r->actions_by_topic, store_row_text(row, REPORT_ACTION_COL_TOPIC), n);
	r->actions.value += n;
	r->action_participants.value += store_row_int(row, REPORT_ACTION_COL_PARTICIPANTS);
	return 0;
}

static int long_leave_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	r->persons_on_long_leave.value = store_row_int(row, SCALAR_COL_VALUE);
	return 1;
}

static int job_retention_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	add(r, &r->job_retention_by_outcome, store_row_text(row, GROUP_COUNT_COL_CODE),
	    store_row_int(row, GROUP_COUNT_COL_COUNT));
	return 0;
}

static int headcount_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	r->organisations = store_row_int(row, REPORT_HEADCOUNT_COL_ORGANISATIONS);
	r->headcount = store_row_int(row, REPORT_HEADCOUNT_COL_HEADCOUNT);
	return 1;
}

/* The share of the headcount followed (4 decimals), or share_null. */
static void set_share(struct bilan *r)
{
	r->share_null = r->persons_followed.hidden || r->headcount <= 0;
	r->share_of_headcount =
		r->share_null ? 0
			      : round((double)r->persons_followed.value / (double)r->headcount *
				      10000.0) /
					10000.0;
}

/* ---- disclosure control: the gate of everything an employer reads ---- */

/* Hides a count: the flag, and no trace of the value in what is published. */
static void conceal(struct bilan *r, struct bilan_count *c)
{
	c->value = 0;
	c->hidden = 1;
	c->keysum = 0;
	r->cells_suppressed++;
}

static void conceal_cell(struct bilan *r, struct disclosure_cell *c)
{
	c->count = 0;
	c->suppressed = 1;
	c->keysum = 0;
	r->cells_suppressed++;
}

static void conceal_breakdown(struct bilan *r, struct bilan_breakdown *b)
{
	for (size_t i = 0; i < b->n; i++)
		conceal_cell(r, &b->cells[i]);
	b->hidden = 1;
}

/* The cell's definition for its perturbation: the same cell of the same
   bilan always gets the same noise, another cell other noise. */
static uint32_t cell_key(const struct bilan *r, const char *table, const char *key, uint32_t keysum)
{
	char def[160];
	snprintf(def, sizeof def, "bilan/%d/%s/%s/%s", r->year, r->scope, table, key);
	return keysum + cellkey_definition_hash(def);
}

/* A published count of persons: perturbed, never 1–10 (domain/cellkey.h). */
static void perturb(struct bilan *r, const char *table, struct disclosure_cell *c)
{
	int64_t v = cellkey_perturb(c->count, cell_key(r, table, c->key, c->keysum));
	if (v == CELLKEY_HIDDEN)
		conceal_cell(r, c);
	else
		c->count = v;
	c->keysum = 0;
}

/* A published count of events: rounded to 5, hidden below 11. */
static void round_events(struct bilan *r, int64_t *value, int *hidden)
{
	int64_t v = cellkey_round_events(*value);
	if (v == CELLKEY_HIDDEN) {
		*value = 0;
		*hidden = 1;
		r->cells_suppressed++;
	} else {
		*value = v;
	}
}

/* One linked set of tables for the suppression: a total and breakdowns
   whose cells add up to it. */
struct linked {
	sdc *p;
	int total;                       /* the total's cell, or -1 */
	int idx[20][BILAN_KEYS_MAX];     /* cell index of each breakdown's cells */
	struct bilan_breakdown *b[20];
	size_t nb;
	int broken; /* a cell or relation was refused: publish none of it */
	const struct bilan *r, *before; /* the bilan, and its last published version or NULL */
	int extra;                      /* one more cell (a part of the total), or -1 */
	int extra_hidden;               /* after linked_protect(): whether it is hidden */
};

/*
 * A cell hidden in the version published before stays hidden in a
 * correction, and one published before is hidden again only when nothing
 * else protects: a person added or removed must not turn a "< 11" into a
 * figure, nor a figure the employer has read into a hidden one whose
 * value it knows (issue 11).  -1: no version before, or a new cell; 0:
 * published before; 1: hidden before.
 */
static int prior(const struct linked *l, const void *field, const char *key)
{
	if (!l->before)
		return -1;
	size_t off = (size_t)((const char *)field - (const char *)l->r);
	if (!key) {
		const struct bilan_count *c =
			(const struct bilan_count *)((const char *)l->before + off);
		return c->hidden;
	}
	const struct bilan_breakdown *b =
		(const struct bilan_breakdown *)((const char *)l->before + off);
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->cells[i].key, key) == 0)
			return b->hidden || b->cells[i].suppressed;
	return -1;
}

/* Marks cell idx of the problem after its state in the version before. */
static void follow_prior(struct linked *l, int idx, const void *field, const char *key)
{
	int was = prior(l, field, key);
	if (was == 1)
		sdc_force_hidden(l->p, idx);
	else if (was == 0)
		sdc_prefer_published(l->p, idx);
}

static void linked_table(struct linked *l, struct bilan_breakdown *b, int sums_to_total)
{
	int coef[BILAN_KEYS_MAX + 1], idx[BILAN_KEYS_MAX + 1];
	size_t k = l->nb++;
	l->b[k] = b;
	for (size_t i = 0; i < b->n; i++) {
		l->idx[k][i] = sdc_cell(l->p, b->cells[i].count);
		idx[i] = l->idx[k][i];
		if (idx[i] < 0)
			l->broken = 1;
		else
			follow_prior(l, idx[i], b, b->cells[i].key);
		coef[i] = 1;
	}
	if (sums_to_total && l->total >= 0 && b->n > 0) {
		idx[b->n] = l->total;
		coef[b->n] = -1;
		if (l->broken || sdc_relation(l->p, SDC_EQ, b->n + 1, idx, coef, 0) != 0)
			l->broken = 1;
	}
}

/* Each cell of b at most the total (multi-valued breakdowns: a person
   counts once in each of their domains). */
static void linked_at_most_total(struct linked *l, size_t k)
{
	for (size_t i = 0; i < l->b[k]->n; i++) {
		int idx[2] = {l->idx[k][i], l->total}, coef[2] = {1, -1};
		if (l->broken || sdc_relation(l->p, SDC_LE, 2, idx, coef, 0) != 0)
			l->broken = 1;
	}
}

/* A theme's persons are among its domain's: theme <= domain. */
static void linked_themes(struct linked *l, size_t kd, size_t kt)
{
	const struct bilan_breakdown *d = l->b[kd], *t = l->b[kt];
	for (size_t i = 0; i < t->n; i++) {
		const char *dot = strchr(t->cells[i].key, '.');
		if (!dot)
			continue;
		for (size_t j = 0; j < d->n; j++)
			if (strlen(d->cells[j].key) == (size_t)(dot - t->cells[i].key) &&
			    strncmp(d->cells[j].key, t->cells[i].key, (size_t)(dot - t->cells[i].key)) == 0) {
				int idx[2] = {l->idx[kt][i], l->idx[kd][j]}, coef[2] = {1, -1};
				if (l->broken || sdc_relation(l->p, SDC_LE, 2, idx, coef, 0) != 0)
					l->broken = 1;
			}
	}
}

/*
 * Suppression over one linked set (domain/sdc.h: exact bounds, every hidden
 * cell keeps at least K possible values).  Returns 0, or -1 when the solver
 * could not protect it: the caller then publishes none of it.
 */
static int linked_protect(struct bilan *r, struct linked *l, struct bilan_count *total)
{
	int rc = l->broken ? -1 : sdc_protect(l->p, DISCLOSURE_K);
	if (rc == 0) {
		for (size_t k = 0; k < l->nb; k++)
			for (size_t i = 0; i < l->b[k]->n; i++)
				if (sdc_hidden(l->p, l->idx[k][i]))
					conceal_cell(r, &l->b[k]->cells[i]);
		if (total && l->total >= 0 && sdc_hidden(l->p, l->total))
			conceal(r, total);
	}
	l->extra_hidden = l->extra < 0 || sdc_hidden(l->p, l->extra);
	sdc_free(l->p);
	return rc;
}

/* Events (cases opened, interventions, aids…): a total and its breakdowns,
   suppressed together, then rounded to 5. */
/* A count that is the sum of some cells of one breakdown of its table. */
struct part {
	struct bilan_count *count;
	struct bilan_breakdown *of;
	const char *keys[2];
};

static void gate_events(struct bilan *r, const struct bilan *before, struct bilan_count *total,
			struct bilan_breakdown **tables, size_t ntables, const struct part *part)
{
	struct linked l;
	memset(&l, 0, sizeof l);
	l.extra = -1;
	l.r = r;
	l.before = before;
	l.p = sdc_new();
	l.total = total ? sdc_cell(l.p, total->value) : -1;
	if (total) {
		sdc_prefer_published(l.p, l.total);
		follow_prior(&l, l.total, total, NULL);
	}
	for (size_t k = 0; k < ntables; k++)
		linked_table(&l, tables[k], total != NULL);
	/* A part of the total published on its own (aids granted = accordee +
	   partielle): linked too, or it would narrow the hidden decisions. */
	int pc = -1;
	if (part) {
		pc = sdc_cell(l.p, part->count->value);
		int cols[3] = {pc, -1, -1}, coef[3] = {1, -1, -1};
		size_t nc = 1;
		for (size_t k = 0; k < l.nb; k++)
			if (l.b[k] == part->of)
				for (size_t i = 0; i < part->of->n; i++)
					for (size_t j = 0; j < 2; j++)
						if (strcmp(part->of->cells[i].key, part->keys[j]) == 0 && nc < 3)
							cols[nc++] = l.idx[k][i];
		if (pc < 0 || nc != 3 || sdc_relation(l.p, SDC_EQ, 3, cols, coef, 0) != 0)
			l.broken = 1;
		else
			follow_prior(&l, pc, part->count, NULL);
	}
	l.extra = pc;
	if (linked_protect(r, &l, total) != 0) {
		if (total && !total->hidden)
			conceal(r, total);
		for (size_t k = 0; k < ntables; k++)
			conceal_breakdown(r, tables[k]);
		if (part && !part->count->hidden)
			conceal(r, part->count);
		return;
	}
	if (part) {
		if (l.extra_hidden)
			conceal(r, part->count);
		else
			round_events(r, &part->count->value, &part->count->hidden);
	}
	if (total && !total->hidden)
		round_events(r, &total->value, &total->hidden);
	for (size_t k = 0; k < ntables; k++)
		for (size_t i = 0; i < tables[k]->n; i++)
			if (!tables[k]->cells[i].suppressed)
				round_events(r, &tables[k]->cells[i].count, &tables[k]->cells[i].suppressed);
}

/* Everything about persons hidden: fewer than K followed, or no protection. */
static void gate_nothing(struct bilan *r)
{
	struct bilan_breakdown *all[] = {
		&r->by_status,	&r->by_category, &r->by_family_situation, &r->by_sex,
		&r->by_age_band, &r->by_domain,	 &r->by_theme,		  &r->by_referral_source,
		&r->by_outcome, &r->by_mode,	 &r->by_kind,
		&r->aids_by_funder, &r->aids_by_decision, &r->orientations_by_partner_kind,
		&r->orientations_by_status, &r->job_retention_by_outcome,
	};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		conceal_breakdown(r, all[i]);
	struct bilan_count *counts[] = {
		&r->persons_followed, &r->new_cases, &r->closed_cases, &r->interventions,
		&r->aids_requests, &r->aids_granted, &r->aids_amount_requested,
		&r->aids_amount_granted, &r->orientations, &r->persons_on_long_leave,
	};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		conceal(r, counts[i]);
	r->share_null = 1;
	r->share_of_headcount = 0;
	r->hours_null = 1;
	r->hours = 0;
	r->ntrends = 0;
}

/*
 * The gate (issue 11): turns a computed bilan into what an employer may
 * read.  Every number left in r afterwards is a published one; hidden
 * cells hold 0.  Persons: K = 11, zeros hidden like 1–10, secondary
 * suppression with exact bounds over the linked tables (the total shared by
 * every breakdown, domains at most the total, themes at most their domain),
 * then the cell-key perturbation.  Events: the same suppression, then
 * rounded to 5.  Amounts: hidden with their count, else rounded to 100 €.
 * Collective actions are public inside the organisation (the employer sees
 * them on /actions): published as they are.  Hours of the convention are
 * an invoice, read so by compute(): the year's total, never split.
 */
static void gate(struct bilan *r, const struct bilan *before)
{
	if (r->persons_followed.value < DISCLOSURE_K) {
		gate_nothing(r);
		return;
	}
	struct linked l;
	memset(&l, 0, sizeof l);
	l.extra = -1;
	l.r = r;
	l.before = before;
	l.p = sdc_new();
	l.total = sdc_cell(l.p, r->persons_followed.value);
	sdc_prefer_published(l.p, l.total);
	follow_prior(&l, l.total, &r->persons_followed, NULL);
	struct bilan_breakdown *single[] = {&r->by_status, &r->by_category, &r->by_family_situation,
					    &r->by_sex, &r->by_age_band};
	static const char *const single_names[] = {"by_status", "by_category",
						   "by_family_situation", "by_sex", "by_age_band"};
	for (size_t k = 0; k < 5; k++)
		linked_table(&l, single[k], 1);
	size_t kd = l.nb;
	linked_table(&l, &r->by_domain, 0);
	size_t kt = l.nb;
	linked_table(&l, &r->by_theme, 0);
	linked_at_most_total(&l, kd);
	linked_at_most_total(&l, kt);
	linked_themes(&l, kd, kt);
	if (linked_protect(r, &l, &r->persons_followed) != 0) {
		gate_nothing(r);
		return;
	}
	for (size_t k = 0; k < 5; k++)
		for (size_t i = 0; i < single[k]->n; i++)
			if (!single[k]->cells[i].suppressed)
				perturb(r, single_names[k], &single[k]->cells[i]);
	for (size_t i = 0; i < r->by_domain.n; i++)
		if (!r->by_domain.cells[i].suppressed)
			perturb(r, "by_domain", &r->by_domain.cells[i]);
	for (size_t i = 0; i < r->by_theme.n; i++)
		if (!r->by_theme.cells[i].suppressed)
			perturb(r, "by_theme", &r->by_theme.cells[i]);
	if (!r->persons_followed.hidden) {
		int64_t v = cellkey_perturb(r->persons_followed.value,
					    cell_key(r, "persons_followed", "total",
						     r->persons_followed.keysum));
		if (v == CELLKEY_HIDDEN)
			conceal(r, &r->persons_followed);
		else
			r->persons_followed.value = v;
		r->persons_followed.keysum = 0;
	}
	set_share(r);

	struct bilan_breakdown *opened[] = {&r->by_referral_source};
	gate_events(r, before, &r->new_cases, opened, 1, NULL);
	struct bilan_breakdown *closed[] = {&r->by_outcome};
	gate_events(r, before, &r->closed_cases, closed, 1, NULL);
	struct bilan_breakdown *done[] = {&r->by_mode, &r->by_kind};
	gate_events(r, before, &r->interventions, done, 2, NULL);
	struct bilan_breakdown *aids[] = {&r->aids_by_funder, &r->aids_by_decision};
	const struct part granted = {&r->aids_granted, &r->aids_by_decision,
				     {"accordee", "partielle"}};
	gate_events(r, before, &r->aids_requests, aids, 2, &granted);
	struct bilan_breakdown *orient[] = {&r->orientations_by_partner_kind,
					    &r->orientations_by_status};
	gate_events(r, before, &r->orientations, orient, 2, NULL);
	struct bilan_breakdown *kept[] = {&r->job_retention_by_outcome};
	gate_events(r, before, NULL, kept, 1, NULL);
	/* Persons on a long leave: a count of persons without their keys
	   (counted in SQL): hidden under 11, else rounded like events. */
	if (r->persons_on_long_leave.value < DISCLOSURE_K ||
	    (before && before->persons_on_long_leave.hidden))
		conceal(r, &r->persons_on_long_leave);
	else
		round_events(r, &r->persons_on_long_leave.value, &r->persons_on_long_leave.hidden);
	/* Amounts hide with the count they sum, else to the nearest 100 €. */
	if (r->aids_requests.hidden)
		conceal(r, &r->aids_amount_requested);
	else
		r->aids_amount_requested.value = cellkey_round_amount(r->aids_amount_requested.value);
	if (r->aids_granted.hidden)
		conceal(r, &r->aids_amount_granted);
	else
		r->aids_amount_granted.value = cellkey_round_amount(r->aids_amount_granted.value);
	/* The interventions' hours: with the interventions, to 5 hours. */
	if (r->interventions.hidden) {
		r->hours_null = 1;
		r->hours = 0;
	} else {
		int64_t h = (int64_t)llround(r->hours);
		int hidden = 0;
		round_events(r, &h, &hidden);
		r->hours_null = hidden;
		r->hours = hidden ? 0 : (double)h;
	}
	/* Trends: the year before comes from its own published bilan (the
	   caller fills it in); here the current year's published themes. */
	r->ntrends = 0;
}

/* The organisation's code and name, into a struct bilan. */
static int org_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	const char *code = store_row_text(row, ORG_COL_CODE),
		   *name = store_row_text(row, ORG_COL_NAME);
	snprintf(r->scope, sizeof r->scope, "%s", code ? code : "");
	snprintf(r->scope_name, sizeof r->scope_name, "%s", name ? name : "");
	return 1;
}

/* ---- the use case ---- */

static int compute(svc *s, int year, int64_t organisation_id, enum bilan_audience audience,
		   const struct ageband *bands, int audited, const struct bilan *before,
		   struct bilan **out);
static struct bilan *published_before(svc *s, int64_t organisation_id, int year);
static void stick(struct bilan *r, const struct bilan *before);
static void employer_trends(svc *s, struct bilan *r, int64_t organisation_id);

int bilan_compute(svc *s, int year, const char *organisation, enum bilan_audience audience,
		  const struct ageband *bands, struct bilan **out)
{
	*out = NULL;
	if (!svc_may(s, ACT_REPORTS))
		return SVC_FORBIDDEN;
	/* An employer reads only the published bilans (bilan_read_published). */
	if (!s->system && s->actor.role == ROLE_EMPLOYER)
		return SVC_NOT_FOUND;
	if (year < BILAN_YEAR_MIN || year > BILAN_YEAR_MAX)
		return svc_fail(s, SVC_INVALID, "year", N_("L'année doit être comprise entre 1990 et 2100."));
	int64_t organisation_id = 0;
	if (organisation && *organisation) {
		int rc = organisations_lookup_id(s, organisation, &organisation_id);
		if (rc != SVC_OK)
			return rc;
	}
	/* The head's preview of an employer's bilan is what publishing would
	   write now: against the version already published, if any. */
	struct bilan *before = audience == BILAN_EMPLOYER && organisation_id
				       ? published_before(s, organisation_id, year)
				       : NULL;
	int rc = compute(s, year, organisation_id, audience, bands, 1, before, out);
	bilan_free(before);
	return rc;
}

/* The bilan of year for organisation_id (0: the service), gated for the
   employer audience; its read audited with its parameters when audited. */
static int compute(svc *s, int year, int64_t organisation_id, enum bilan_audience audience,
		   const struct ageband *bands, int audited, const struct bilan *before,
		   struct bilan **out)
{
	struct scope sc = {"", "", organisation_id};
	struct bilan *r = calloc(1, sizeof *r);
	if (!r)
		log_fatal("out of memory");
	r->year = year;
	r->audience = audience;
	snprintf(r->scope, sizeof r->scope, "service");
	if (sc.organisation) {
		store_value p[] = {SV_INT(sc.organisation)};
		if (store_exec(svc_db(s), ST_ORG_BY_ID, p, 1, org_row, r) != STORE_OK) {
			bilan_free(r);
			return svc_abort(s, "bilan_compute");
		}
	}
	/* An employer's bilan has the service's bands, whatever was asked. */
	if (audience == BILAN_EMPLOYER) {
		int brc = bilan_bands_get(s, &r->bands);
		if (brc != SVC_OK) {
			bilan_free(r);
			return brc;
		}
	} else if (bands) {
		r->bands = *bands;
	} else {
		ageband_default(&r->bands);
	}
	for (size_t i = 0; i < ageband_count(&r->bands); i++)
		cell(r, &r->by_age_band, ageband_key(&r->bands, i));
	static const char *const statuses[] = {"envoyee", "acceptee", "refusee", "sans_reponse",
					       "realisee"};
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		cell(r, &r->orientations_by_status, statuses[i]);
	period(&sc, year);

	store *db = svc_db(s);
	struct seed seed = {r};
	struct bilan_breakdown previous_themes;
	memset(&previous_themes, 0, sizeof previous_themes);
	struct bilan_breakdown previous_domains;
	memset(&previous_domains, 0, sizeof previous_domains);
	struct domains d = {r, &r->by_domain, &r->by_theme, 0, 0, s, {{0}}, 0};
	struct followed fw = {s, r};
	int64_t new_total = 0, closed_total = 0;
	struct grouped gn = {r, &r->by_referral_source, &new_total};
	struct grouped gc = {r, &r->by_outcome, &closed_total};
	store_value p[] = {SV_TEXT(sc.first), SV_TEXT(sc.last), SV_INT(sc.organisation)};
	store_value h[] = {SV_INT(year), SV_INT(sc.organisation)};
	/* Field records: today for open leaves, 30 days ago for unanswered
	   orientations. */
	char today[DATE_LEN + 1], month_ago[DATE_LEN + 1];
	date_today(today);
	date_add_days(today, -30, month_ago);
	store_value f[] = {SV_TEXT(sc.first), SV_TEXT(sc.last), SV_INT(sc.organisation),
			   SV_TEXT(today)};
	store_value fo[] = {SV_TEXT(sc.first), SV_TEXT(sc.last), SV_INT(sc.organisation),
			    SV_TEXT(month_ago)};
	/* The access log names every parameter of the read (issue 11). */
	char object[160], spec[64] = "";
	for (size_t i = 0; i < r->bands.nbounds; i++)
		snprintf(spec + strlen(spec), sizeof spec - strlen(spec), "%s%d", i ? "," : "",
			 r->bands.bounds[i]);
	snprintf(object, sizeof object, "%s/%d/%s/bands=%s", r->scope, year,
		 audience == BILAN_EMPLOYER ? "employer" : "service", spec);
	/* One transaction: a consistent picture, and its audit entry with it. */
	if (svc_tx_begin(s) != STORE_OK ||
	    (audited && svc_audit(s, "report.read", "report", object) != 0) ||
	    store_exec(db, ST_REF_LIST, NULL, 0, seed_row, &seed) != STORE_OK ||
	    store_exec(db, in_scope(&sc, ST_REPORT_FOLLOWED, ST_REPORT_ORG_FOLLOWED), p, 3,
		       followed_row, &fw) != STORE_OK ||
	    store_exec(db, in_scope(&sc, ST_REPORT_DOMAINS, ST_REPORT_ORG_DOMAINS), p, 3,
		       domain_row, &d) != STORE_OK ||
	    store_exec(db, in_scope(&sc, ST_REPORT_NEW_CASES, ST_REPORT_ORG_NEW_CASES), p, 3,
		       grouped_row, &gn) != STORE_OK ||
	    store_exec(db, in_scope(&sc, ST_REPORT_CLOSED_CASES, ST_REPORT_ORG_CLOSED_CASES), p, 3,
		       grouped_row, &gc) != STORE_OK ||
	    store_exec(db, in_scope(&sc, ST_REPORT_INTERVENTIONS, ST_REPORT_ORG_INTERVENTIONS), p,
		       3, intervention_row, r) != STORE_OK ||
	    store_exec(db, in_scope(&sc, ST_REPORT_HEADCOUNT, ST_REPORT_ORG_HEADCOUNT), h, 2,
		       headcount_row, r) != STORE_OK ||
	    store_exec(db, in_scope(&sc, ST_REPORT_AIDS, ST_REPORT_ORG_AIDS), f, 4, aid_row,
		       r) != STORE_OK ||
	    store_exec(db, in_scope(&sc, ST_REPORT_ORIENTATIONS, ST_REPORT_ORG_ORIENTATIONS), fo,
		       4, orientation_row, r) != STORE_OK ||
	    store_exec(db, in_scope(&sc, ST_REPORT_ACTIONS, ST_REPORT_ORG_ACTIONS), f, 4,
		       action_row, r) != STORE_OK ||
	    store_exec(db, in_scope(&sc, ST_REPORT_LONG_LEAVES, ST_REPORT_ORG_LONG_LEAVES), f, 4,
		       long_leave_row, r) != STORE_OK ||
	    store_exec(db, in_scope(&sc, ST_REPORT_RETENTION, ST_REPORT_ORG_RETENTION), f, 4,
		       job_retention_row, r) != STORE_OK ||
	    hours_consumption_compute(s, sc.organisation, year, audience == BILAN_EMPLOYER,
				      &r->consumption) != 0)
		goto fail;
	/* The year before, for the trends. */
	struct scope year_before = sc;
	period(&year_before, year - 1);
	struct domains dp = {r, &previous_domains, &previous_themes, 0, 0, s, {{0}}, 0};
	store_value pb[] = {SV_TEXT(year_before.first), SV_TEXT(year_before.last),
			    SV_INT(sc.organisation)};
	if (store_exec(db, in_scope(&sc, ST_REPORT_DOMAINS, ST_REPORT_ORG_DOMAINS), pb, 3,
		       domain_row, &dp) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		goto fail;

	/* A missing value counts under "unknown", listed after the codes. */
	cell(r, &r->by_status, "unknown");
	cell(r, &r->by_category, "unknown");
	cell(r, &r->by_family_situation, "unknown");
	cell(r, &r->by_sex, "unknown");
	r->new_cases.value = new_total;
	r->closed_cases.value = closed_total;
	set_share(r);
	r->hours = round(r->hours / 60.0 * 10.0) / 10.0;
	for (size_t i = 0; i < r->by_theme.n && r->ntrends < BILAN_TRENDS_MAX; i++) {
		const struct disclosure_cell *now = &r->by_theme.cells[i];
		int64_t was = 0;
		for (size_t k = 0; k < previous_themes.n; k++)
			if (strcmp(previous_themes.cells[k].key, now->key) == 0)
				was = previous_themes.cells[k].count;
		if (!now->count && !was)
			continue;
		struct bilan_trend *t = &r->trends[r->ntrends++];
		t->theme = now->key;
		t->previous.value = was;
		t->current.value = now->count;
		t->emerging = now->count >= 5 && now->count >= 2 * was;
	}
	if (audience == BILAN_EMPLOYER) {
		gate(r, before);
		if (before)
			stick(r, before);
		employer_trends(s, r, organisation_id);
	}
	*out = r;
	return SVC_OK;
fail:
	bilan_free(r);
	return svc_abort(s, "bilan_compute");
}

/* ---- published bilans: the snapshot ---- */

/* Every count and breakdown of a bilan, by name, for the snapshot. */
static const struct member snapshot_counts[] = {
	{"persons_followed", offsetof(struct bilan, persons_followed)},
	{"new_cases", offsetof(struct bilan, new_cases)},
	{"closed_cases", offsetof(struct bilan, closed_cases)},
	{"interventions", offsetof(struct bilan, interventions)},
	{"aids_requests", offsetof(struct bilan, aids_requests)},
	{"aids_granted", offsetof(struct bilan, aids_granted)},
	{"aids_amount_requested", offsetof(struct bilan, aids_amount_requested)},
	{"aids_amount_granted", offsetof(struct bilan, aids_amount_granted)},
	{"orientations", offsetof(struct bilan, orientations)},
	{"actions", offsetof(struct bilan, actions)},
	{"action_participants", offsetof(struct bilan, action_participants)},
	{"persons_on_long_leave", offsetof(struct bilan, persons_on_long_leave)},
};
static const struct member snapshot_breakdowns[] = {
	{"by_status", offsetof(struct bilan, by_status)},
	{"by_category", offsetof(struct bilan, by_category)},
	{"by_family_situation", offsetof(struct bilan, by_family_situation)},
	{"by_sex", offsetof(struct bilan, by_sex)},
	{"by_age_band", offsetof(struct bilan, by_age_band)},
	{"by_domain", offsetof(struct bilan, by_domain)},
	{"by_theme", offsetof(struct bilan, by_theme)},
	{"by_referral_source", offsetof(struct bilan, by_referral_source)},
	{"by_outcome", offsetof(struct bilan, by_outcome)},
	{"by_mode", offsetof(struct bilan, by_mode)},
	{"by_kind", offsetof(struct bilan, by_kind)},
	{"aids_by_funder", offsetof(struct bilan, aids_by_funder)},
	{"aids_by_decision", offsetof(struct bilan, aids_by_decision)},
	{"orientations_by_partner_kind", offsetof(struct bilan, orientations_by_partner_kind)},
	{"orientations_by_status", offsetof(struct bilan, orientations_by_status)},
	{"actions_by_topic", offsetof(struct bilan, actions_by_topic)},
	{"job_retention_by_outcome", offsetof(struct bilan, job_retention_by_outcome)},
};

#define NCOUNTS (sizeof snapshot_counts / sizeof snapshot_counts[0])
#define NBREAKDOWNS (sizeof snapshot_breakdowns / sizeof snapshot_breakdowns[0])

/*
 * The gated bilan as text, one fact a line, tab-separated, in a fixed
 * order: the same bilan always gives the same bytes, and every format is
 * drawn from what this text holds — nothing else reaches the employer.
 */
static void snapshot_write(const struct bilan *r, buf *b)
{
	buf_printf(b, "%s\nyear\t%d\nscope\t%s\nname\t%s\norganisations\t%lld\nheadcount\t%lld\n",
		   BILAN_RENDERER, r->year, r->scope, r->scope_name, (long long)r->organisations,
		   (long long)r->headcount);
	buf_printf(b, "share\t%.4f\t%d\nhours\t%.1f\t%d\ncells_suppressed\t%zu\nbands\t", r->share_of_headcount,
		   r->share_null, r->hours, r->hours_null, r->cells_suppressed);
	for (size_t i = 0; i < r->bands.nbounds; i++)
		buf_printf(b, "%s%d", i ? "," : "", r->bands.bounds[i]);
	buf_puts(b, "\n");
	for (size_t i = 0; i < NCOUNTS; i++) {
		const struct bilan_count *c =
			(const struct bilan_count *)((const char *)r + snapshot_counts[i].offset);
		buf_printf(b, "count\t%s\t%lld\t%d\n", snapshot_counts[i].name,
			   (long long)(c->hidden ? 0 : c->value), c->hidden);
	}
	for (size_t i = 0; i < NBREAKDOWNS; i++) {
		const struct bilan_breakdown *d =
			(const struct bilan_breakdown *)((const char *)r + snapshot_breakdowns[i].offset);
		buf_printf(b, "breakdown\t%s\t%d\n", snapshot_breakdowns[i].name, d->hidden);
		for (size_t k = 0; k < d->n; k++)
			buf_printf(b, "cell\t%s\t%s\t%lld\t%d\n", snapshot_breakdowns[i].name,
				   d->cells[k].key,
				   (long long)(d->cells[k].suppressed ? 0 : d->cells[k].count),
				   d->cells[k].suppressed);
	}
	const struct consumption *c = &r->consumption;
	buf_printf(b, "consumption\t%.1f\t%d\t%.1f\t%.1f\t%.1f\t%d\n", c->bought, c->bought_set,
		   c->spent, c->remaining, c->percent, c->alert);
	for (size_t i = 0; i < r->ntrends; i++) {
		const struct bilan_trend *t = &r->trends[i];
		buf_printf(b, "trend\t%s\t%lld\t%d\t%lld\t%d\t%d\n", t->theme,
			   (long long)t->previous.value, t->previous.hidden,
			   (long long)t->current.value, t->current.hidden, t->emerging);
	}
}

/* Splits line (modified) at tabs into at most max fields; their count. */
static int fields(char *line, char **f, int max)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

/* A snapshot back into a bilan (audience employer); -1 when malformed. */
static int snapshot_read(const char *text, struct bilan **out)
{
	*out = NULL;
	struct bilan *r = calloc(1, sizeof *r);
	char *copy = strdup(text ? text : "");
	if (!r || !copy)
		log_fatal("out of memory");
	r->audience = BILAN_EMPLOYER;
	r->consumption.invoice_only = 1;
	int ok = strncmp(copy, BILAN_RENDERER "\n", strlen(BILAN_RENDERER) + 1) == 0;
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); ok && line; line = strtok_r(NULL, "\n", &save)) {
		char *f[8];
		int n = fields(line, f, 8);
		if (n == 2 && strcmp(f[0], "year") == 0)
			r->year = (int)strtol(f[1], NULL, 10);
		else if (n == 2 && strcmp(f[0], "scope") == 0)
			snprintf(r->scope, sizeof r->scope, "%s", f[1]);
		else if (n == 2 && strcmp(f[0], "name") == 0)
			snprintf(r->scope_name, sizeof r->scope_name, "%s", f[1]);
		else if (n == 2 && strcmp(f[0], "organisations") == 0)
			r->organisations = strtoll(f[1], NULL, 10);
		else if (n == 2 && strcmp(f[0], "headcount") == 0)
			r->headcount = strtoll(f[1], NULL, 10);
		else if (n == 3 && strcmp(f[0], "share") == 0) {
			r->share_of_headcount = strtod(f[1], NULL);
			r->share_null = f[2][0] == '1';
		} else if (n == 3 && strcmp(f[0], "hours") == 0) {
			r->hours = strtod(f[1], NULL);
			r->hours_null = f[2][0] == '1';
		} else if (n == 2 && strcmp(f[0], "cells_suppressed") == 0)
			r->cells_suppressed = (size_t)strtoull(f[1], NULL, 10);
		else if (n == 2 && strcmp(f[0], "bands") == 0) {
			char err[64];
			if (ageband_parse(f[1], &r->bands, err, sizeof err) != 0)
				ok = 0;
		} else if (n == 4 && strcmp(f[0], "count") == 0) {
			for (size_t i = 0; i < NCOUNTS; i++)
				if (strcmp(f[1], snapshot_counts[i].name) == 0) {
					struct bilan_count *c =
						(struct bilan_count *)((char *)r + snapshot_counts[i].offset);
					c->value = strtoll(f[2], NULL, 10);
					c->hidden = f[3][0] == '1';
				}
		} else if ((n == 3 && strcmp(f[0], "breakdown") == 0) ||
			   (n == 5 && strcmp(f[0], "cell") == 0)) {
			for (size_t i = 0; i < NBREAKDOWNS; i++) {
				if (strcmp(f[1], snapshot_breakdowns[i].name) != 0)
					continue;
				struct bilan_breakdown *d =
					(struct bilan_breakdown *)((char *)r + snapshot_breakdowns[i].offset);
				if (n == 3) {
					d->hidden = f[2][0] == '1';
				} else {
					struct disclosure_cell *c = cell(r, d, f[2]);
					if (c) {
						c->count = strtoll(f[3], NULL, 10);
						c->suppressed = f[4][0] == '1';
					}
				}
			}
		} else if (n == 7 && strcmp(f[0], "consumption") == 0) {
			struct consumption *c = &r->consumption;
			c->year = r->year;
			c->bought = strtod(f[1], NULL);
			c->bought_set = f[2][0] == '1';
			c->spent = strtod(f[3], NULL);
			c->remaining = strtod(f[4], NULL);
			c->percent = strtod(f[5], NULL);
			c->alert = (int)strtol(f[6], NULL, 10);
		} else if (n == 7 && strcmp(f[0], "trend") == 0 && r->ntrends < BILAN_TRENDS_MAX) {
			struct bilan_trend *t = &r->trends[r->ntrends++];
			t->theme = keep(r, f[1]);
			t->previous.value = strtoll(f[2], NULL, 10);
			t->previous.hidden = f[3][0] == '1';
			t->current.value = strtoll(f[4], NULL, 10);
			t->current.hidden = f[5][0] == '1';
			t->emerging = f[6][0] == '1';
		}
	}
	free(copy);
	if (!ok || !r->year) {
		bilan_free(r);
		return -1;
	}
	*out = r;
	return 0;
}

struct published {
	int version;
	int64_t at;
	char *snapshot; /* malloc'd */
};

static int published_row(void *ctx, const store_row *row)
{
	struct published *p = ctx;
	p->version = (int)store_row_int(row, PUB_LAST_COL_VERSION);
	p->at = store_row_int(row, PUB_LAST_COL_PUBLISHED_AT);
	const char *t = store_row_text(row, PUB_LAST_COL_SNAPSHOT);
	p->snapshot = strdup(t ? t : "");
	if (!p->snapshot)
		log_fatal("out of memory");
	return 1;
}

/* The latest published version of (organisation, year): 0 and p filled, 0
   with p->version 0 when none, -1 on a store error. */
static int latest(svc *s, int64_t organisation_id, int year, struct published *p)
{
	memset(p, 0, sizeof *p);
	store_value v[] = {SV_INT(organisation_id), SV_INT(year)};
	return store_exec(svc_db(s), ST_BILAN_PUB_LAST, v, 2, published_row, p) == STORE_OK ? 0 : -1;
}

/*
 * The trends of an employer's bilan: this year's published themes against
 * the year before as it was published (its latest version), so no trend
 * republishes a cell the employer could not already read.  emerging: both
 * published, at least doubled and 5 or more.
 */
static void employer_trends(svc *s, struct bilan *r, int64_t organisation_id)
{
	r->ntrends = 0;
	struct bilan *before = organisation_id ? published_before(s, organisation_id, r->year - 1)
					       : NULL;
	for (size_t i = 0; i < r->by_theme.n && r->ntrends < BILAN_TRENDS_MAX; i++) {
		const struct disclosure_cell *now = &r->by_theme.cells[i];
		struct bilan_trend *t = &r->trends[r->ntrends];
		t->theme = now->key;
		t->current.value = now->count;
		t->current.hidden = now->suppressed || r->by_theme.hidden;
		t->previous.hidden = 1;
		t->previous.value = 0;
		for (size_t k = 0; before && k < before->by_theme.n; k++)
			if (strcmp(before->by_theme.cells[k].key, now->key) == 0 &&
			    !before->by_theme.cells[k].suppressed && !before->by_theme.hidden) {
				t->previous.hidden = 0;
				t->previous.value = before->by_theme.cells[k].count;
			}
		if (t->current.hidden && t->previous.hidden)
			continue;
		t->emerging = !t->current.hidden && !t->previous.hidden && t->current.value >= 5 &&
			      t->current.value >= 2 * t->previous.value;
		r->ntrends++;
	}
	bilan_free(before);
}

/*
 * A new version against the one published before (issue 11: the
 * difference between two versions obeys the same rules as one table).
 * Counts are perturbed or rounded, so a published difference d between
 * versions tells the reader that the true change lies in [d - 4, d + 4];
 * a change is therefore published only when |d| >= BILAN_STICKY (15), so
 * that the true change is at least 11; otherwise the cell keeps the value
 * already published (a person added or removed changes nothing the
 * employer can see).  Amounts likewise below 1 500 €.  Hidden and
 * published cells may trade places: a hidden cell keeps at least 11
 * possible values in each version.  Collective actions, which are public,
 * are published as they are.
 */
#define BILAN_STICKY 15

static void stick_value(int64_t *now, int now_hidden, int64_t before, int before_hidden,
			int64_t threshold)
{
	if (now_hidden || before_hidden)
		return;
	int64_t d = *now - before;
	if (d > -threshold && d < threshold)
		*now = before;
}

static void stick(struct bilan *r, const struct bilan *before)
{
	for (size_t i = 0; i < NCOUNTS; i++) {
		if (strncmp(snapshot_counts[i].name, "action", 6) == 0)
			continue;
		struct bilan_count *c = (struct bilan_count *)((char *)r + snapshot_counts[i].offset);
		const struct bilan_count *o =
			(const struct bilan_count *)((const char *)before + snapshot_counts[i].offset);
		int amount = strstr(snapshot_counts[i].name, "amount") != NULL;
		stick_value(&c->value, c->hidden, o->value, o->hidden,
			    amount ? INT64_C(150000) : BILAN_STICKY);
	}
	for (size_t i = 0; i < NBREAKDOWNS; i++) {
		if (strcmp(snapshot_breakdowns[i].name, "actions_by_topic") == 0)
			continue;
		struct bilan_breakdown *b =
			(struct bilan_breakdown *)((char *)r + snapshot_breakdowns[i].offset);
		const struct bilan_breakdown *o = (const struct bilan_breakdown *)((const char *)before +
									     snapshot_breakdowns[i].offset);
		for (size_t k = 0; k < b->n; k++)
			for (size_t j = 0; j < o->n; j++)
				if (strcmp(b->cells[k].key, o->cells[j].key) == 0)
					stick_value(&b->cells[k].count, b->cells[k].suppressed || b->hidden,
						    o->cells[j].count, o->cells[j].suppressed || o->hidden,
						    BILAN_STICKY);
	}
	if (!r->hours_null && !before->hours_null && fabs(r->hours - before->hours) < BILAN_STICKY)
		r->hours = before->hours;
	set_share(r);
}

#define BANDS_SETTING "bilan.age_bands"

static int setting_row(void *ctx, const store_row *row)
{
	const char *v = store_row_text(row, SCALAR_COL_VALUE);
	snprintf(ctx, 64, "%s", v ? v : "");
	return 1;
}

int bilan_bands_get(svc *s, struct ageband *out)
{
	if (!svc_may(s, ACT_REPORTS))
		return SVC_FORBIDDEN;
	char list[64] = "";
	store_value p[] = {SV_TEXT(BANDS_SETTING)};
	if (store_exec(svc_db(s), ST_SETTING_GET, p, 1, setting_row, list) != STORE_OK)
		return svc_abort(s, "bilan_bands_get");
	char err[64];
	if (!*list || ageband_parse(list, out, err, sizeof err) != 0)
		ageband_default(out);
	return SVC_OK;
}

int bilan_bands_set(svc *s, const char *list)
{
	if (!svc_may(s, ACT_BILAN_PUBLISH))
		return SVC_FORBIDDEN;
	struct ageband b;
	char err[64];
	if (!list || strlen(list) >= 64 || ageband_parse(list, &b, err, sizeof err) != 0)
		return svc_fail(s, SVC_INVALID, "age_bands",
				N_("Tranches d'âge : bornes croissantes séparées par des virgules "
				   "(ex. 35,56)."));
	store_value p[] = {SV_TEXT(BANDS_SETTING), SV_TEXT(list)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_SETTING_PUT, p, 2, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "bilan.bands", "setting", list) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "bilan_bands_set");
	return SVC_OK;
}

/* The latest published version of (organisation, year) as a bilan, or NULL. */
static struct bilan *published_before(svc *s, int64_t organisation_id, int year)
{
	struct published p;
	struct bilan *b = NULL;
	if (latest(s, organisation_id, year, &p) == 0 && p.version && snapshot_read(p.snapshot, &b) != 0)
		b = NULL;
	free(p.snapshot);
	return b;
}

/* The organisations to publish: every one, however many. */
struct org_ids {
	int64_t *ids;
	size_t n, cap;
};

static int org_id_row(void *ctx, const store_row *row)
{
	struct org_ids *o = ctx;
	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 64;
		o->ids = realloc(o->ids, o->cap * sizeof *o->ids);
		if (!o->ids)
			log_fatal("out of memory");
	}
	o->ids[o->n++] = store_row_int(row, ORG_COL_ID);
	return 0;
}

const struct field bilan_publish_fields[BILAN_PUBLISH__FIELDS] = {
	[BILAN_PUBLISH_ORGANISATION] = {"organisation", FIELD_CODE, 0, 0, 0, NULL,
					FIELD_AT(struct bilan_publish_input, organisation)},
	[BILAN_PUBLISH_YEAR] = {"year", FIELD_YEAR, FIELD_REQUIRED, 0, 0, NULL,
				FIELD_AT(struct bilan_publish_input, year)},
};

int bilan_publish(svc *s, int year, const char *organisation, int *published)
{
	if (published)
		*published = 0;
	if (!svc_may(s, ACT_BILAN_PUBLISH))
		return SVC_FORBIDDEN;
	char today[DATE_LEN + 1];
	date_today(today);
	if (year < BILAN_YEAR_MIN || year >= date_year(today))
		return svc_fail(s, SVC_INVALID, "year",
				N_("Seule une année close peut être publiée (avant l'année en cours)."));
	struct org_ids orgs = {NULL, 0, 0};
	int64_t one = 0; /* the organisation asked for, when one is */
	int rc = SVC_OK;
	if (organisation && *organisation) {
		rc = organisations_lookup_id(s, organisation, &one);
		if (rc == SVC_OK) {
			orgs.ids = &one;
			orgs.n = 1;
		}
	} else if (store_exec(svc_db(s), ST_ORG_LIST, NULL, 0, org_id_row, &orgs) != STORE_OK) {
		rc = svc_abort(s, "bilan_publish");
	}
	int64_t *owned = orgs.cap ? orgs.ids : NULL; /* &one is not to be freed */
	if (rc != SVC_OK) {
		free(owned);
		return rc;
	}
	/* Every organisation in one transaction: all published, or none. */
	if (svc_batch_begin(s) != SVC_OK) {
		free(owned);
		return svc_abort(s, "bilan_publish");
	}
	int n = 0;
	for (size_t i = 0; i < orgs.n && rc == SVC_OK; i++) {
		struct bilan *r = NULL;
		struct published last;
		if (latest(s, orgs.ids[i], year, &last) != 0) {
			rc = svc_abort(s, "bilan_publish");
			break;
		}
		/* A correction publishes only differences the rules allow
		   (gate() and stick() against the version before). */
		struct bilan *before = NULL;
		if (last.version && snapshot_read(last.snapshot, &before) != 0) {
			free(last.snapshot);
			rc = svc_abort(s, "bilan_publish");
			break;
		}
		rc = compute(s, year, orgs.ids[i], BILAN_EMPLOYER, NULL, 0, before, &r);
		bilan_free(before);
		if (rc != SVC_OK) {
			free(last.snapshot);
			break;
		}
		buf b;
		buf_init(&b, (size_t)1 << 20);
		snapshot_write(r, &b);
		bilan_free(r);
		if (!last.version || strcmp(last.snapshot, buf_cstr(&b)) != 0) {
			char object[64];
			snprintf(object, sizeof object, "%lld/%d/v%d", (long long)orgs.ids[i], year,
				 last.version + 1);
			store_value v[] = {SV_INT(orgs.ids[i]),
					   SV_INT(year),
					   SV_INT(last.version + 1),
					   SV_INT((int64_t)time(NULL)),
					   s->signed_in ? SV_INT(s->actor.id) : SV_NULL,
					   SV_TEXT(BILAN_RENDERER),
					   SV_TEXT(buf_cstr(&b))};
			if (store_exec(svc_db(s), ST_BILAN_PUB_INSERT, v, 7, NULL, NULL) != STORE_OK ||
			    svc_audit(s, "bilan.publish", "bilan", object) != 0)
				rc = svc_abort(s, "bilan_publish");
			else
				n++;
		}
		free(last.snapshot);
		buf_free(&b);
	}
	free(owned);
	if (svc_batch_end(s, rc == SVC_OK) != SVC_OK && rc == SVC_OK)
		rc = svc_abort(s, "bilan_publish");
	if (rc == SVC_OK && published)
		*published = n;
	return rc;
}

/* The organisation an employer or the head asks about: the employer's own
   only; NULL means the employer's own. */
static int reader_organisation(svc *s, const char *organisation, int64_t *id)
{
	*id = 0;
	int employer = !s->system && s->actor.role == ROLE_EMPLOYER;
	if (organisation && *organisation) {
		int rc = organisations_lookup_id(s, organisation, id);
		if (rc != SVC_OK)
			return rc;
	} else if (employer) {
		*id = s->actor.organisation_id;
	}
	if (!*id || (employer && *id != s->actor.organisation_id))
		return SVC_NOT_FOUND;
	return SVC_OK;
}

int bilan_read_published(svc *s, int year, const char *organisation, const char *format,
			 struct bilan **out)
{
	*out = NULL;
	if (!svc_may(s, ACT_REPORTS))
		return SVC_FORBIDDEN;
	int64_t id;
	int rc = reader_organisation(s, organisation, &id);
	if (rc != SVC_OK)
		return rc;
	struct published p;
	if (latest(s, id, year, &p) != 0)
		return svc_abort(s, "bilan_read_published");
	if (!p.version) {
		free(p.snapshot);
		return SVC_NOT_FOUND;
	}
	struct bilan *r = NULL;
	int bad = snapshot_read(p.snapshot, &r);
	free(p.snapshot);
	if (bad)
		return svc_abort(s, "bilan_read_published");
	r->version = p.version;
	r->published_at = p.at;
	char object[160];
	snprintf(object, sizeof object, "%s/%d/employer/v%d/%s", r->scope, year, p.version,
		 format ? format : "json");
	if (svc_tx_begin(s) != STORE_OK || svc_audit(s, "report.read", "report", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK) {
		bilan_free(r);
		return svc_abort(s, "bilan_read_published");
	}
	*out = r;
	return SVC_OK;
}

struct pub_relay {
	bilan_publication_fn fn;
	void *ctx;
};

static int pub_row(void *ctx, const store_row *row)
{
	struct pub_relay *p = ctx;
	struct bilan_publication b = {(int)store_row_int(row, PUB_LIST_COL_YEAR),
				      (int)store_row_int(row, PUB_LIST_COL_VERSION),
				      store_row_int(row, PUB_LIST_COL_PUBLISHED_AT)};
	return p->fn(p->ctx, &b);
}

int bilan_publications(svc *s, const char *organisation, bilan_publication_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_REPORTS))
		return SVC_FORBIDDEN;
	int64_t id;
	if ((!organisation || !*organisation) && (s->system || s->actor.role != ROLE_EMPLOYER))
		return SVC_OK; /* the head names an organisation: none, nothing listed */
	int rc = reader_organisation(s, organisation, &id);
	if (rc != SVC_OK)
		return rc;
	struct pub_relay p = {fn, ctx};
	store_value v[] = {SV_INT(id)};
	if (store_exec(svc_db(s), ST_BILAN_PUB_LIST, v, 1, pub_row, &p) != STORE_OK)
		return svc_abort(s, "bilan_publications");
	return SVC_OK;
}
