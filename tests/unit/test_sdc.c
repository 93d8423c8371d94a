/*
 * Unit tests of the suppression of linked tables with exact bounds
 * (domain/sdc): the protection rules on hand-written tables, and the bounds
 * cross-checked against an independent brute force (enumeration of the
 * feasible integer assignments) on small random tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/sdc.h"

#define K 11
#define CELLS_MAX 12
#define RELS_MAX 8
#define TERMS_MAX 6

/* One relation of a test problem. */
struct rel {
	enum sdc_op op;
	size_t n;
	int idx[TERMS_MAX];
	int coef[TERMS_MAX];
	int64_t rhs;
};

/* A problem, the cells the caller hides itself, and what sdc_protect()
   must make of it. */
struct protect_case {
	const char *name;
	int64_t k;
	size_t ncell;
	int64_t value[CELLS_MAX];
	size_t nrel;
	struct rel rel[RELS_MAX];
	int forced[CELLS_MAX]; /* 1: sdc_force_hidden() before protecting */
	int rc;                /* sdc_protect()'s result */
	int hidden[CELLS_MAX]; /* expected sdc_hidden() per cell */
};

/* Shorthands for the relations. */
#define SUM3(a, b, c, t) {SDC_EQ, 4, {a, b, c, t}, {1, 1, 1, -1}, 0}
#define SUM2(a, b, t) {SDC_EQ, 3, {a, b, t}, {1, 1, -1}, 0}
#define LEQ(a, b) {SDC_LE, 2, {a, b}, {1, -1}, 0} /* a <= b */

static const struct protect_case protect_cases[] = {
	{"no small cell: nothing hidden", K, 4, {50, 30, 20, 100}, 1, {SUM3(0, 1, 2, 3)},
	 {0}, 0, {0, 0, 0, 0}},
	{"one small cell: the smallest neighbour goes too", K, 4, {50, 30, 5, 85}, 1,
	 {SUM3(0, 1, 2, 3)}, {0}, 0, {0, 1, 1, 0}},
	{"a zero is hidden like a small count", K, 4, {0, 40, 60, 100}, 1, {SUM3(0, 1, 2, 3)},
	 {0}, 0, {1, 1, 0, 0}},
	{"tie on the smallest neighbour: lowest index", K, 4, {30, 5, 30, 65}, 1,
	 {SUM3(0, 1, 2, 3)}, {0}, 0, {1, 1, 0, 0}},
	{"two small cells protect each other", K, 4, {50, 5, 6, 61}, 1, {SUM3(0, 1, 2, 3)},
	 {0}, 0, {0, 1, 1, 0}},
	{"a total of small cells: everything hidden", K, 3, {3, 4, 7}, 1, {SUM2(0, 1, 2)}, {0},
	 0, {1, 1, 1}},
	{"a cell the caller hides is protected too", K, 3, {50, 60, 110}, 1, {SUM2(0, 1, 2)},
	 {1, 0, 0}, 0, {1, 1, 0}},
	{"k = 1 hides nothing", 1, 3, {0, 4, 4}, 1, {SUM2(0, 1, 2)}, {0}, 0, {0, 0, 0}},
	{"k = 0 keeps forced cells only", 0, 3, {0, 4, 4}, 1, {SUM2(0, 1, 2)}, {0, 1, 0}, 0,
	 {0, 1, 0}},
	{"a cell in no relation", K, 2, {3, 50}, 0, {{0}}, {0}, 0, {1, 0}},
	/* x + y = 5 is a constant the reader knows: x and y stay within
	   0..5 whatever is hidden, so the problem must be refused. */
	{"refused: a constant bounds the hidden cells", K, 3, {2, 3, 40}, 1,
	 {{SDC_EQ, 2, {0, 1}, {1, 1}, 5}}, {0}, -1, {1, 1, 1}},
	{"refused: a cell bounded above by a constant", K, 1, {4}, 1,
	 {{SDC_LE, 1, {0}, {1}, 6}}, {0}, -1, {1}},
	/* Two breakdowns of the same persons share the total. */
	{"linked: two breakdowns share the total", K, 6, {60, 65, 5, 130, 100, 30}, 2,
	 {SUM3(0, 1, 2, 3), SUM2(4, 5, 3)}, {0}, 0, {1, 0, 1, 0, 0, 0}},
	/* Multi-valued breakdown: domains D1, D2 <= T; themes <= their domain.
	   A theme of 8 in a domain of 30 already has 31 possible values. */
	{"multi-valued: themes below their domain", K, 6, {40, 30, 25, 8, 22, 25}, 5,
	 {LEQ(1, 0), LEQ(2, 0), LEQ(3, 1), LEQ(4, 1), LEQ(5, 2)}, {0}, 0, {0, 0, 0, 1, 0, 0}},
	/* The same with "every person of D1 has a theme": t1a + t1b >= D1,
	   so t1a >= D1 - t1b = 1 and t1a <= D1 = 12: 12 values. */
	{"multi-valued: covering themes stated", K, 4, {40, 12, 3, 11}, 4,
	 {LEQ(1, 0), LEQ(2, 1), LEQ(3, 1), {SDC_GE, 3, {2, 3, 1}, {1, 1, -1}, 0}}, {0}, 0,
	 {0, 0, 1, 0}},
	/* A small domain and its themes: all hidden, each bounded only by T. */
	{"multi-valued: a small domain and its themes", K, 4, {40, 5, 3, 4}, 4,
	 {LEQ(1, 0), LEQ(2, 1), LEQ(3, 1), {SDC_GE, 3, {2, 3, 1}, {1, 1, -1}, 0}}, {0}, 0,
	 {0, 1, 1, 1}},
	/* Trend: new N + continuing C = T of year Y, C <= P of year Y-1. */
	{"trend: new and continuing persons", K, 4, {4, 41, 45, 50}, 2,
	 {SUM2(0, 1, 2), LEQ(1, 3)}, {0}, 0, {1, 1, 0, 0}},
	/* Trend published as a difference: y2 - y1 = 3. */
	{"trend: a published difference", K, 2, {8, 11}, 1,
	 {{SDC_EQ, 2, {1, 0}, {1, -1}, 3}}, {0}, 0, {1, 1}},
};

static sdc *build(const struct protect_case *t)
{
	sdc *p = sdc_new();
	for (size_t i = 0; i < t->ncell; i++)
		assert_int_equal(sdc_cell(p, t->value[i]), (int)i);
	for (size_t r = 0; r < t->nrel; r++)
		if (sdc_relation(p, t->rel[r].op, t->rel[r].n, t->rel[r].idx, t->rel[r].coef,
				 t->rel[r].rhs) != 0)
			fail_msg("%s: relation %zu refused", t->name, r);
	return p;
}

/* Every hidden cell has at least k possible values; every published cell
   is >= k (k > 1). */
static void assert_protected(sdc *p, int64_t k, const char *name)
{
	for (size_t i = 0; i < sdc_cells(p); i++) {
		int64_t lo = -1, hi = -1;
		assert_int_equal(sdc_bounds(p, (int)i, &lo, &hi), 0);
		if (!sdc_hidden(p, (int)i)) {
			assert_true(lo == hi && lo >= k);
			continue;
		}
		if (hi - lo < k - 1)
			fail_msg("%s: hidden cell %zu has range [%lld, %lld]", name, i, (long long)lo,
				 (long long)hi);
	}
}

static void test_protect_table(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof protect_cases / sizeof protect_cases[0]; c++) {
		const struct protect_case *t = &protect_cases[c];
		sdc *p = build(t);
		for (size_t i = 0; i < t->ncell; i++)
			if (t->forced[i])
				assert_int_equal(sdc_force_hidden(p, (int)i), 0);
		int rc = sdc_protect(p, t->k);
		if (rc != t->rc)
			fail_msg("%s: rc %d", t->name, rc);
		for (size_t i = 0; i < t->ncell; i++)
			if (sdc_hidden(p, (int)i) != t->hidden[i])
				fail_msg("%s: cell %zu hidden %d", t->name, i, sdc_hidden(p, (int)i));
		if (rc == 0 && t->k > 1)
			assert_protected(p, t->k, t->name);
		/* Protecting again changes nothing. */
		if (rc == 0) {
			assert_int_equal(sdc_protect(p, t->k), 0);
			for (size_t i = 0; i < t->ncell; i++)
				assert_int_equal(sdc_hidden(p, (int)i), t->hidden[i]);
		}
		sdc_free(p);
	}
}

/*
 * F = 120, M = 11, U = 1, total 132.  Hiding U alone lets anyone compute
 * U = 132 - 120 - 11 = 1: the bounds say so.  After protection, M is hidden
 * too, and U (like M) can be anything from 0 to 12.
 */
static void test_sex_breakdown(void **state)
{
	(void)state;
	sdc *p = sdc_new();
	int f = sdc_cell(p, 120), m = sdc_cell(p, 11), u = sdc_cell(p, 1), t = sdc_cell(p, 132);
	const int idx[] = {f, m, u, t}, coef[] = {1, 1, 1, -1};
	assert_int_equal(sdc_relation(p, SDC_EQ, 4, idx, coef, 0), 0);

	/* The attack on a lone hidden cell. */
	int64_t lo = -1, hi = -1;
	assert_int_equal(sdc_force_hidden(p, u), 0);
	assert_int_equal(sdc_bounds(p, u, &lo, &hi), 0);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 1);

	assert_int_equal(sdc_protect(p, K), 0);
	assert_false(sdc_hidden(p, f));
	assert_true(sdc_hidden(p, m));
	assert_true(sdc_hidden(p, u));
	assert_false(sdc_hidden(p, t));
	assert_int_equal(sdc_bounds(p, u, &lo, &hi), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 12);
	assert_int_equal(sdc_bounds(p, m, &lo, &hi), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 12);
	assert_int_equal(sdc_bounds(p, f, &lo, &hi), 0);
	assert_int_equal(lo, 120);
	assert_int_equal(hi, 120);
	assert_protected(p, K, "F/M/U");
	sdc_free(p);
}

/*
 * The same persons by sex and by status, and the sex x status table with
 * its margins: hiding one inner cell takes a rectangle of others.
 */
static void test_cross_table(void **state)
{
	(void)state;
	/* a b | R1 / c d | R2 / C1 C2 | G */
	sdc *p = sdc_new();
	int a = sdc_cell(p, 3), b = sdc_cell(p, 40), c = sdc_cell(p, 50), d = sdc_cell(p, 60);
	int r1 = sdc_cell(p, 43), r2 = sdc_cell(p, 110), c1 = sdc_cell(p, 53), c2 = sdc_cell(p, 100);
	int g = sdc_cell(p, 153);
	const int sums[][3] = {{a, b, r1}, {c, d, r2}, {a, c, c1}, {b, d, c2}, {r1, r2, g}, {c1, c2, g}};
	const int coef[] = {1, 1, -1};
	for (size_t i = 0; i < sizeof sums / sizeof sums[0]; i++)
		assert_int_equal(sdc_relation(p, SDC_EQ, 3, sums[i], coef, 0), 0);
	assert_int_equal(sdc_protect(p, K), 0);
	assert_true(sdc_hidden(p, a));
	assert_protected(p, K, "cross table");
	/* The reader cannot get a back from the margins: at least 4 inner or
	   margin cells hidden. */
	size_t hidden = 0;
	for (size_t i = 0; i < sdc_cells(p); i++)
		hidden += (size_t)sdc_hidden(p, (int)i);
	assert_true(hidden >= 4);
	sdc_free(p);
}

static void test_refusals(void **state)
{
	(void)state;
	sdc *p = sdc_new();
	assert_int_equal(sdc_cell(p, -1), -1);
	assert_int_equal(sdc_cell(p, SDC_VALUE_MAX + 1), -1);
	assert_int_equal(sdc_cell(p, 0), 0);
	assert_int_equal(sdc_cell(p, SDC_VALUE_MAX), 1);
	assert_int_equal(sdc_cell(p, 5), 2);
	assert_int_equal(sdc_cells(p), 3);

	const int i01[] = {0, 1}, i02[] = {0, 2}, i00[] = {0, 0}, i03[] = {0, 3}, im1[] = {-1, 0};
	const int one[] = {1, 1}, zero[] = {1, 0}, big[] = {1, SDC_COEF_MAX + 1};
	const int neg[] = {-SDC_COEF_MAX - 1, 1};
	assert_int_equal(sdc_relation(p, SDC_EQ, 0, i02, one, 0), -1);       /* no term */
	assert_int_equal(sdc_relation(p, SDC_EQ, SDC_TERMS_MAX + 1, i02, one, 5), -1);
	assert_int_equal(sdc_relation(p, SDC_EQ, 2, NULL, one, 5), -1);
	assert_int_equal(sdc_relation(p, SDC_EQ, 2, i02, NULL, 5), -1);
	assert_int_equal(sdc_relation(p, SDC_EQ, 2, i03, one, 5), -1);      /* unknown cell */
	assert_int_equal(sdc_relation(p, SDC_EQ, 2, im1, one, 5), -1);      /* negative index */
	assert_int_equal(sdc_relation(p, SDC_EQ, 2, i00, one, 0), -1);      /* repeated cell */
	assert_int_equal(sdc_relation(p, SDC_EQ, 2, i02, zero, 0), -1);     /* zero coefficient */
	assert_int_equal(sdc_relation(p, SDC_EQ, 2, i02, big, 0), -1);      /* too large */
	assert_int_equal(sdc_relation(p, SDC_EQ, 2, i02, neg, 0), -1);      /* too large */
	assert_int_equal(sdc_relation(p, (enum sdc_op)7, 2, i02, one, 5), -1);
	assert_int_equal(sdc_relation(p, SDC_LE, 2, i01, one, SDC_RHS_MAX + 1), -1);
	assert_int_equal(sdc_relation(p, SDC_GE, 2, i01, one, -SDC_RHS_MAX - 1), -1);
	/* Relations the true values break. */
	assert_int_equal(sdc_relation(p, SDC_EQ, 2, i02, one, 6), -1);
	assert_int_equal(sdc_relation(p, SDC_LE, 2, i02, one, 4), -1);
	assert_int_equal(sdc_relation(p, SDC_GE, 2, i02, one, 6), -1);
	/* ... and ones they keep. */
	assert_int_equal(sdc_relation(p, SDC_EQ, 2, i02, one, 5), 0);
	assert_int_equal(sdc_relation(p, SDC_LE, 2, i02, one, 5), 0);
	assert_int_equal(sdc_relation(p, SDC_GE, 2, i02, one, 5), 0);

	assert_int_equal(sdc_force_hidden(p, -1), -1);
	assert_int_equal(sdc_force_hidden(p, 3), -1);
	assert_true(sdc_hidden(p, -1));
	assert_true(sdc_hidden(p, 3));
	assert_false(sdc_hidden(p, 0));
	int64_t lo = 77, hi = 77;
	assert_int_equal(sdc_bounds(p, 3, &lo, &hi), -1);
	assert_int_equal(sdc_bounds(p, -1, &lo, &hi), -1);
	assert_int_equal(lo, 77);
	assert_int_equal(hi, 77);
	/* A published cell's bounds are its value. */
	assert_int_equal(sdc_bounds(p, 1, &lo, &hi), 0);
	assert_int_equal(lo, SDC_VALUE_MAX);
	assert_int_equal(hi, SDC_VALUE_MAX);
	sdc_free(p);
	sdc_free(NULL);

	/* The cap on cells. */
	p = sdc_new();
	for (int i = 0; i < SDC_CELLS_MAX; i++)
		assert_int_equal(sdc_cell(p, 20), i);
	assert_int_equal(sdc_cell(p, 20), -1);
	assert_int_equal(sdc_cells(p), SDC_CELLS_MAX);
	sdc_free(p);
}

/* Cached bounds follow the hidden set and the relations. */
static void test_bounds_cache(void **state)
{
	(void)state;
	sdc *p = sdc_new();
	int a = sdc_cell(p, 4), b = sdc_cell(p, 20), t = sdc_cell(p, 24), x = sdc_cell(p, 7);
	const int idx[] = {a, b, t}, coef[] = {1, 1, -1};
	assert_int_equal(sdc_relation(p, SDC_EQ, 3, idx, coef, 0), 0);
	int64_t lo, hi;
	assert_int_equal(sdc_force_hidden(p, x), 0);
	assert_int_equal(sdc_bounds(p, x, &lo, &hi), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, SDC_UNBOUNDED); /* in no relation */
	assert_int_equal(sdc_force_hidden(p, a), 0);
	assert_int_equal(sdc_bounds(p, a, &lo, &hi), 0);
	assert_int_equal(lo, 4);
	assert_int_equal(hi, 4);
	assert_int_equal(sdc_force_hidden(p, b), 0);
	assert_int_equal(sdc_bounds(p, a, &lo, &hi), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 24);
	/* A new relation narrows a cached range: x - a = 3. */
	const int idx2[] = {x, a}, coef2[] = {1, -1};
	assert_int_equal(sdc_relation(p, SDC_EQ, 2, idx2, coef2, 3), 0);
	assert_int_equal(sdc_bounds(p, x, &lo, &hi), 0);
	assert_int_equal(lo, 3);
	assert_int_equal(hi, 27);
	sdc_free(p);

	/* 2u + 2v = 10 + w has no integer solution with w odd: the bounds are
	   those of the integer program.  u, v, w hidden; w <= 3 published as a
	   constant.  Real solutions allow w = 3 (u + v = 6.5); integers only
	   w in {0, 2}. */
	p = sdc_new();
	int u = sdc_cell(p, 3), v = sdc_cell(p, 2), w = sdc_cell(p, 0);
	const int i3[] = {u, v, w}, c3[] = {2, 2, -1}, iw[] = {w}, cw[] = {1};
	assert_int_equal(sdc_relation(p, SDC_EQ, 3, i3, c3, 10), 0);
	assert_int_equal(sdc_relation(p, SDC_LE, 1, iw, cw, 3), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(sdc_force_hidden(p, i), 0);
	assert_int_equal(sdc_bounds(p, w, &lo, &hi), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 2);
	assert_int_equal(sdc_bounds(p, u, &lo, &hi), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 6);
	sdc_free(p);
}

/* ---- independent brute force ---------------------------------------- */

/* A small random problem. */
struct tiny {
	size_t ncell;
	int64_t value[CELLS_MAX];
	size_t nrel;
	struct rel rel[RELS_MAX];
};

/* The enumeration state: hidden cells in index order, a box [0, box]. */
struct brute {
	const struct tiny *t;
	const int *hidden;     /* per cell */
	int64_t box;           /* every hidden cell in 0..box */
	int order[CELLS_MAX];  /* hidden cells, the enumeration order */
	size_t m;              /* number of hidden cells */
	int level[CELLS_MAX];  /* cell -> its position in order, -1 if published */
	int det[CELLS_MAX];    /* per level: an equality that fixes the cell, or -1 */
	int last[RELS_MAX];    /* per relation: the level of its last hidden cell */
	int64_t x[CELLS_MAX];  /* the current assignment (all cells) */
	int64_t lo[CELLS_MAX], hi[CELLS_MAX];
	long solutions;
};

static int64_t rel_lhs(const struct brute *b, const struct rel *r)
{
	int64_t s = 0;
	for (size_t i = 0; i < r->n; i++)
		s += r->coef[i] * b->x[r->idx[i]];
	return s;
}

static int rel_ok(const struct rel *r, int64_t lhs)
{
	return r->op == SDC_EQ ? lhs == r->rhs : r->op == SDC_LE ? lhs <= r->rhs : lhs >= r->rhs;
}

static void brute_dfs(struct brute *b, size_t lev)
{
	if (lev == b->m) {
		b->solutions++;
		for (size_t i = 0; i < b->m; i++) {
			int c = b->order[i];
			if (b->x[c] < b->lo[c])
				b->lo[c] = b->x[c];
			if (b->x[c] > b->hi[c])
				b->hi[c] = b->x[c];
		}
		return;
	}
	int c = b->order[lev];
	int64_t from = 0, to = b->box;
	if (b->det[lev] >= 0) {
		/* The equality's other cells are assigned: c is what is left
		   (coefficient +-1). */
		const struct rel *r = &b->t->rel[b->det[lev]];
		int64_t rest = 0;
		int cc = 0;
		for (size_t i = 0; i < r->n; i++)
			if (r->idx[i] == c)
				cc = r->coef[i];
			else
				rest += r->coef[i] * b->x[r->idx[i]];
		from = to = (r->rhs - rest) * cc;
		if (from < 0 || from > b->box)
			return;
	}
	for (int64_t v = from; v <= to; v++) {
		b->x[c] = v;
		int ok = 1;
		for (size_t r = 0; r < b->t->nrel && ok; r++)
			if (b->last[r] == (int)lev)
				ok = rel_ok(&b->t->rel[r], rel_lhs(b, &b->t->rel[r]));
		if (ok)
			brute_dfs(b, lev + 1);
	}
}

/* Enumerates every feasible integer assignment of the hidden cells within
   the box; lo/hi per hidden cell.  Returns the number of free (not fixed
   by an equality) levels, i.e. the exponent of the work. */
static size_t brute_prepare(struct brute *b, const struct tiny *t, const int *hidden)
{
	memset(b, 0, sizeof *b);
	b->t = t;
	b->hidden = hidden;
	for (size_t i = 0; i < t->ncell; i++) {
		b->level[i] = -1;
		b->x[i] = t->value[i];
		if (hidden[i]) {
			b->level[i] = (int)b->m;
			b->order[b->m++] = (int)i;
		}
	}
	size_t free_levels = 0;
	for (size_t lev = 0; lev < b->m; lev++) {
		b->det[lev] = -1;
		for (size_t r = 0; r < t->nrel && b->det[lev] < 0; r++) {
			const struct rel *rel = &t->rel[r];
			if (rel->op != SDC_EQ)
				continue;
			int mine = 0, later = 0;
			for (size_t i = 0; i < rel->n; i++) {
				int l = b->level[rel->idx[i]];
				if (l == (int)lev)
					mine = rel->coef[i] == 1 || rel->coef[i] == -1;
				else if (l > (int)lev)
					later = 1;
			}
			if (mine && !later)
				b->det[lev] = (int)r;
		}
		free_levels += b->det[lev] < 0;
	}
	for (size_t r = 0; r < t->nrel; r++) {
		b->last[r] = -1;
		for (size_t i = 0; i < t->rel[r].n; i++)
			if (b->level[t->rel[r].idx[i]] > b->last[r])
				b->last[r] = b->level[t->rel[r].idx[i]];
	}
	return free_levels;
}

static void brute_run(struct brute *b, int64_t box)
{
	b->box = box;
	b->solutions = 0;
	for (size_t i = 0; i < b->m; i++) {
		b->lo[b->order[i]] = INT64_MAX;
		b->hi[b->order[i]] = -1;
	}
	brute_dfs(b, 0);
}

/* A deterministic generator (a 64-bit LCG; the high bits are used). */
static uint64_t rng_state;

static int64_t rng(int64_t n)
{
	rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
	return (int64_t)((rng_state >> 33) % (uint64_t)n);
}

/* Parts p1..p3 and their total T; maybe a second breakdown q1 + q2 = T,
   maybe a theme d <= p1, maybe a trend c <= T, c <= P (previous year). */
static void tiny_random(struct tiny *t)
{
	memset(t, 0, sizeof *t);
	int64_t p1 = rng(10), p2 = rng(10), p3 = rng(10), total = p1 + p2 + p3;
	t->value[0] = p1;
	t->value[1] = p2;
	t->value[2] = p3;
	t->value[3] = total;
	t->ncell = 4;
	t->rel[t->nrel++] = (struct rel)SUM3(0, 1, 2, 3);
	if (rng(2)) {
		int64_t q1 = rng(total + 1);
		int q = (int)t->ncell;
		t->value[t->ncell++] = q1;
		t->value[t->ncell++] = total - q1;
		t->rel[t->nrel++] = (struct rel)SUM2(q, q + 1, 3);
	}
	if (rng(2)) {
		int d = (int)t->ncell;
		t->value[t->ncell++] = rng(p1 + 1);
		t->rel[t->nrel++] = (struct rel)LEQ(d, 0);
	}
	if (rng(3) == 0) {
		int64_t prev = total + rng(7) - 3;
		if (prev < 0)
			prev = 0;
		int c = (int)t->ncell, pr = c + 1;
		t->value[t->ncell++] = rng((prev < total ? prev : total) + 1);
		t->value[t->ncell++] = prev;
		t->rel[t->nrel++] = (struct rel)LEQ(c, 3);
		t->rel[t->nrel++] = (struct rel)LEQ(c, pr);
	}
}

static sdc *tiny_build(const struct tiny *t)
{
	sdc *p = sdc_new();
	for (size_t i = 0; i < t->ncell; i++)
		assert_int_equal(sdc_cell(p, t->value[i]), (int)i);
	for (size_t r = 0; r < t->nrel; r++)
		assert_int_equal(sdc_relation(p, t->rel[r].op, t->rel[r].n, t->rel[r].idx,
					      t->rel[r].coef, t->rel[r].rhs),
				 0);
	return p;
}

/*
 * Compares sdc_bounds() with the brute force for every hidden cell, when
 * the enumeration is small enough (at most 3 free levels).  Two boxes: a
 * maximum that grows with the box is "at least that" (unbounded or beyond
 * the box), one that does not is exact.  Returns 1 when compared.
 */
static int cross_check(sdc *p, const struct tiny *t, const int *hidden, uint64_t seed)
{
	struct brute small, large;
	if (brute_prepare(&small, t, hidden) > 3)
		return 0;
	brute_prepare(&large, t, hidden);
	int64_t sum = 0;
	for (size_t i = 0; i < t->ncell; i++)
		sum += t->value[i];
	brute_run(&small, sum + 3);
	brute_run(&large, 2 * (sum + 3));
	assert_true(small.solutions >= 1); /* the true values are a solution */
	for (size_t i = 0; i < small.m; i++) {
		int c = small.order[i];
		int64_t lo = -1, hi = -1;
		assert_int_equal(sdc_bounds(p, c, &lo, &hi), 0);
		if (lo != small.lo[c] || small.lo[c] != large.lo[c])
			fail_msg("seed %llu cell %d: lo %lld, brute %lld / %lld",
				 (unsigned long long)seed, c, (long long)lo, (long long)small.lo[c],
				 (long long)large.lo[c]);
		if (small.hi[c] == large.hi[c]) {
			if (hi != small.hi[c])
				fail_msg("seed %llu cell %d: hi %lld, brute %lld",
					 (unsigned long long)seed, c, (long long)hi,
					 (long long)small.hi[c]);
		} else if (hi < large.hi[c]) {
			fail_msg("seed %llu cell %d: hi %lld, brute at least %lld",
				 (unsigned long long)seed, c, (long long)hi, (long long)large.hi[c]);
		}
	}
	return 1;
}

/* sdc_bounds() against the brute force, for random hidden sets. */
static void test_bounds_brute_force(void **state)
{
	(void)state;
	int compared = 0;
	for (uint64_t seed = 1; seed <= 300; seed++) {
		rng_state = seed;
		struct tiny t;
		tiny_random(&t);
		sdc *p = tiny_build(&t);
		int hidden[CELLS_MAX] = {0};
		for (size_t i = 0; i < t.ncell; i++)
			if (rng(3) == 0) {
				hidden[i] = 1;
				assert_int_equal(sdc_force_hidden(p, (int)i), 0);
			}
		compared += cross_check(p, &t, hidden, seed);
		sdc_free(p);
	}
	/* Most problems are small enough to enumerate. */
	assert_true(compared >= 200);
}

/* sdc_protect() on random tables with a small k (so that suppression has
   something to do on values 0..9): every hidden cell protected, checked by
   the brute force where it can enumerate. */
static void test_protect_brute_force(void **state)
{
	(void)state;
	int compared = 0, secondary = 0;
	for (uint64_t seed = 1; seed <= 300; seed++) {
		rng_state = seed;
		struct tiny t;
		tiny_random(&t);
		int64_t k = 2 + rng(4); /* 2..5 */
		sdc *p = tiny_build(&t);
		int rc = sdc_protect(p, k);
		int hidden[CELLS_MAX] = {0};
		for (size_t i = 0; i < t.ncell; i++) {
			hidden[i] = sdc_hidden(p, (int)i);
			if (t.value[i] < k)
				assert_true(hidden[i]);
			else if (hidden[i])
				secondary = 1;
		}
		if (rc == 0) {
			assert_protected(p, k, "random");
			compared += cross_check(p, &t, hidden, seed);
		} else {
			for (size_t i = 0; i < t.ncell; i++)
				assert_true(hidden[i]);
		}
		/* Deterministic: the same problem gives the same answer. */
		sdc *again = tiny_build(&t);
		assert_int_equal(sdc_protect(again, k), rc);
		for (size_t i = 0; i < t.ncell; i++)
			assert_int_equal(sdc_hidden(again, (int)i), hidden[i]);
		sdc_free(again);
		sdc_free(p);
	}
	assert_true(secondary);
	assert_true(compared >= 100);
}

/*
 * A bilan-sized problem: one headcount, 20 breakdowns of 8 categories
 * each, and 16 themes below the first breakdown's cells (about 200 cells).
 */
static void test_bilan_sized(void **state)
{
	(void)state;
	rng_state = 2008;
	sdc *p = sdc_new();
	int64_t headcount = 400;
	int total = sdc_cell(p, headcount);
	int first[8];
	int64_t first_value[8];
	for (int b = 0; b < 20; b++) {
		int idx[9], coef[9];
		int64_t left = headcount;
		for (int i = 0; i < 8; i++) {
			int64_t v = i == 7 ? left : rng(left / 3 + 1);
			left -= v;
			idx[i] = sdc_cell(p, v);
			coef[i] = 1;
			if (b == 0) {
				first[i] = idx[i];
				first_value[i] = v;
			}
		}
		idx[8] = total;
		coef[8] = -1;
		assert_int_equal(sdc_relation(p, SDC_EQ, 9, idx, coef, 0), 0);
	}
	for (int i = 0; i < 16; i++) {
		int domain = first[i % 8];
		int theme = sdc_cell(p, rng(first_value[i % 8] + 1));
		const int idx[] = {theme, domain}, coef[] = {1, -1};
		assert_int_equal(sdc_relation(p, SDC_LE, 2, idx, coef, 0), 0);
	}
	assert_true(sdc_cells(p) >= 170);
	assert_int_equal(sdc_protect(p, K), 0);
	assert_protected(p, K, "bilan");
	assert_false(sdc_hidden(p, total));
	sdc_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_protect_table),
		cmocka_unit_test(test_sex_breakdown),
		cmocka_unit_test(test_cross_table),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_bounds_cache),
		cmocka_unit_test(test_bounds_brute_force),
		cmocka_unit_test(test_protect_brute_force),
		cmocka_unit_test(test_bilan_sized),
	};
	return cmocka_run_group_tests_name("sdc", tests, NULL, NULL);
}
