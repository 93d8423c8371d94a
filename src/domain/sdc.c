/* sdc — see sdc.h. */
#include "domain/sdc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lpsolve/lp_lib.h>

#include "support/log.h"

/* A solve that takes longer than this is a failure (never for the tables of
   a bilan, which take milliseconds). */
#define SDC_TIMEOUT_S 10

/* A solution value above this is not trusted: it keeps every exact check
   of a relation within int64_t (256 terms * 100 * 2^44 < 2^63). */
#define SDC_SOLUTION_MAX (INT64_C(1) << 44)

/* One relation; its terms are p->term_idx/term_coef[first .. first + n). */
struct sdc_rel {
	enum sdc_op op; /* comparison */
	int64_t rhs;    /* right-hand side */
	size_t first;   /* index of the first term */
	size_t n;       /* number of terms */
};

struct sdc {
	size_t ncell;           /* cells added */
	size_t cell_cap;        /* cells allocated */
	int64_t *value;         /* true values */
	unsigned char *hidden;  /* 1 when hidden */
	unsigned char *keep;    /* 1: hide as a second choice only (sdc_prefer_published) */
	unsigned char *known;   /* 1 when lo/hi hold the current bounds */
	int64_t *lo, *hi;       /* cached bounds (valid when known) */
	int *parent;            /* union-find over hidden cells (sdc_components) */

	size_t nrel, rel_cap;   /* relations added, allocated */
	struct sdc_rel *rel;    /* relations, in order of addition */
	size_t nterm, term_cap; /* terms used, allocated */
	int *term_idx;          /* cell of each term */
	int *term_coef;         /* coefficient of each term */
};

/* realloc() of n elements of size bytes; aborts on overflow or when
   memory is exhausted. */
static void *sdc_xrealloc(void *ptr, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		log_fatal("sdc: allocation size overflow");
	size_t bytes = n * size;
	void *q = realloc(ptr, bytes > 0 ? bytes : 1);
	if (!q)
		log_fatal("sdc: out of memory");
	return q;
}

sdc *sdc_new(void)
{
	sdc *p = calloc(1, sizeof *p);
	if (!p)
		log_fatal("sdc: out of memory");
	return p;
}

void sdc_free(sdc *p)
{
	if (!p)
		return;
	free(p->value);
	free(p->hidden);
	free(p->keep);
	free(p->known);
	free(p->lo);
	free(p->hi);
	free(p->parent);
	free(p->rel);
	free(p->term_idx);
	free(p->term_coef);
	free(p);
}

int sdc_cell(sdc *p, int64_t value)
{
	if (value < 0 || value > SDC_VALUE_MAX || p->ncell >= SDC_CELLS_MAX)
		return -1;
	if (p->ncell == p->cell_cap) {
		size_t cap = p->cell_cap ? 2 * p->cell_cap : 16;
		p->value = sdc_xrealloc(p->value, cap, sizeof *p->value);
		p->hidden = sdc_xrealloc(p->hidden, cap, sizeof *p->hidden);
		p->keep = sdc_xrealloc(p->keep, cap, sizeof *p->keep);
		p->known = sdc_xrealloc(p->known, cap, sizeof *p->known);
		p->lo = sdc_xrealloc(p->lo, cap, sizeof *p->lo);
		p->hi = sdc_xrealloc(p->hi, cap, sizeof *p->hi);
		p->parent = sdc_xrealloc(p->parent, cap, sizeof *p->parent);
		p->cell_cap = cap;
	}
	size_t i = p->ncell++;
	p->value[i] = value;
	p->hidden[i] = 0;
	p->keep[i] = 0;
	p->known[i] = 0;
	p->lo[i] = p->hi[i] = value;
	p->parent[i] = (int)i;
	return (int)i;
}

size_t sdc_cells(const sdc *p)
{
	return p->ncell;
}

static int sdc_valid(const sdc *p, int cell)
{
	return cell >= 0 && (size_t)cell < p->ncell;
}

/* 1 when lhs (op) rhs. */
static int sdc_holds(enum sdc_op op, int64_t lhs, int64_t rhs)
{
	switch (op) {
	case SDC_EQ:
		return lhs == rhs;
	case SDC_LE:
		return lhs <= rhs;
	case SDC_GE:
		return lhs >= rhs;
	}
	return 0;
}

int sdc_relation(sdc *p, enum sdc_op op, size_t n, const int *idx, const int *coef, int64_t rhs)
{
	if (n == 0 || n > SDC_TERMS_MAX || !idx || !coef)
		return -1;
	if (op != SDC_EQ && op != SDC_LE && op != SDC_GE)
		return -1;
	if (rhs < -SDC_RHS_MAX || rhs > SDC_RHS_MAX)
		return -1;
	/* Bounded by the limits: 256 * 100 * 10^9 fits easily. */
	int64_t lhs = 0;
	for (size_t i = 0; i < n; i++) {
		if (!sdc_valid(p, idx[i]) || coef[i] == 0 || coef[i] < -SDC_COEF_MAX ||
		    coef[i] > SDC_COEF_MAX)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (idx[j] == idx[i])
				return -1;
		lhs += (int64_t)coef[i] * p->value[idx[i]];
	}
	if (!sdc_holds(op, lhs, rhs))
		return -1;

	if (p->nrel == p->rel_cap) {
		p->rel_cap = p->rel_cap ? 2 * p->rel_cap : 16;
		p->rel = sdc_xrealloc(p->rel, p->rel_cap, sizeof *p->rel);
	}
	while (p->nterm + n > p->term_cap) {
		p->term_cap = p->term_cap ? 2 * p->term_cap : 64;
		p->term_idx = sdc_xrealloc(p->term_idx, p->term_cap, sizeof *p->term_idx);
		p->term_coef = sdc_xrealloc(p->term_coef, p->term_cap, sizeof *p->term_coef);
	}
	memcpy(p->term_idx + p->nterm, idx, n * sizeof *idx);
	memcpy(p->term_coef + p->nterm, coef, n * sizeof *coef);
	p->rel[p->nrel++] = (struct sdc_rel){op, rhs, p->nterm, n};
	p->nterm += n;
	/* A relation between hidden cells may narrow their ranges. */
	memset(p->known, 0, p->ncell);
	return 0;
}

static int sdc_find(sdc *p, int c)
{
	while (p->parent[c] != c) {
		p->parent[c] = p->parent[p->parent[c]];
		c = p->parent[c];
	}
	return c;
}

/* Recomputes the connected components of the hidden cells: two hidden
   cells are in one component when a chain of relations links them through
   hidden cells.  The representative is the member of lowest index. */
static void sdc_components(sdc *p)
{
	for (size_t i = 0; i < p->ncell; i++)
		p->parent[i] = (int)i;
	for (size_t r = 0; r < p->nrel; r++) {
		int first = -1;
		for (size_t t = 0; t < p->rel[r].n; t++) {
			int c = p->term_idx[p->rel[r].first + t];
			if (!p->hidden[c])
				continue;
			if (first < 0) {
				first = c;
				continue;
			}
			int a = sdc_find(p, first), b = sdc_find(p, c);
			if (a < b)
				p->parent[b] = a;
			else if (b < a)
				p->parent[a] = b;
		}
	}
}

/* 1 when relation r has a hidden cell of the component of representative
   root (components must be current). */
static int sdc_rel_touches(sdc *p, size_t r, int root)
{
	for (size_t t = 0; t < p->rel[r].n; t++) {
		int c = p->term_idx[p->rel[r].first + t];
		if (p->hidden[c] && sdc_find(p, c) == root)
			return 1;
	}
	return 0;
}

/* The state of one component's integer program. */
struct sdc_model {
	lprec *lp;     /* the program: one integer column per member */
	int *members;  /* hidden cells of the component, increasing */
	size_t m;      /* number of members */
	int *col;      /* cell -> column (1-based), 0 outside the component */
	size_t *rels;  /* relations that touch the component */
	size_t nrels;  /* number of them */
	double *x;     /* the solver's solution, m values */
	int64_t *xi;   /* the same, rounded */
};

/*
 * Checks the solver's current solution in exact integer arithmetic: every
 * value an integer >= 0 (after rounding) within SDC_SOLUTION_MAX, every
 * relation of the component satisfied with the published cells at their
 * true values.  Writes the value of column target to *v.  0 or -1.
 */
static int sdc_witness(sdc *p, struct sdc_model *md, int target, int64_t *v)
{
	if (!get_variables(md->lp, md->x))
		return -1;
	for (size_t j = 0; j < md->m; j++) {
		double r = nearbyint(md->x[j]);
		if (!(r >= 0.0 && r <= (double)SDC_SOLUTION_MAX) || fabs(md->x[j] - r) > 1e-6)
			return -1;
		md->xi[j] = (int64_t)r;
	}
	for (size_t k = 0; k < md->nrels; k++) {
		const struct sdc_rel *rel = &p->rel[md->rels[k]];
		int64_t lhs = 0;
		for (size_t t = 0; t < rel->n; t++) {
			int c = p->term_idx[rel->first + t];
			int64_t val = md->col[c] ? md->xi[md->col[c] - 1] : p->value[c];
			lhs += (int64_t)p->term_coef[rel->first + t] * val;
		}
		if (!sdc_holds(rel->op, lhs, rel->rhs))
			return -1;
	}
	*v = md->xi[target - 1];
	double obj = get_objective(md->lp);
	if (fabs(obj - (double)*v) > 1e-6)
		return -1;
	return 0;
}

/* Builds the integer program of the component whose representative is
   root.  0 or -1 (the solver refused the model). */
static int sdc_model_build(sdc *p, int root, struct sdc_model *md)
{
	memset(md, 0, sizeof *md);
	md->members = sdc_xrealloc(NULL, p->ncell, sizeof *md->members);
	md->col = calloc(p->ncell, sizeof *md->col);
	md->rels = sdc_xrealloc(NULL, p->nrel, sizeof *md->rels);
	if (!md->col)
		log_fatal("sdc: out of memory");
	for (size_t i = 0; i < p->ncell; i++)
		if (p->hidden[i] && sdc_find(p, (int)i) == root) {
			md->members[md->m] = (int)i;
			md->col[i] = (int)++md->m;
		}
	for (size_t r = 0; r < p->nrel; r++)
		if (sdc_rel_touches(p, r, root))
			md->rels[md->nrels++] = r;
	md->x = sdc_xrealloc(NULL, md->m, sizeof *md->x);
	md->xi = sdc_xrealloc(NULL, md->m, sizeof *md->xi);
	if (md->nrels == 0)
		return 0; /* nothing to solve: see sdc_solve_component */

	md->lp = make_lp(0, (int)md->m);
	if (!md->lp)
		return -1;
	set_verbose(md->lp, NEUTRAL);
	set_timeout(md->lp, SDC_TIMEOUT_S);
	/* The objective is an integer: stop only at the proven optimum. */
	set_mip_gap(md->lp, TRUE, 1e-9);
	set_mip_gap(md->lp, FALSE, 1e-12);
	for (size_t j = 1; j <= md->m; j++)
		if (!set_int(md->lp, (int)j, TRUE))
			return -1;

	REAL *row = sdc_xrealloc(NULL, SDC_TERMS_MAX, sizeof *row);
	int *colno = sdc_xrealloc(NULL, SDC_TERMS_MAX, sizeof *colno);
	int rc = 0;
	if (!set_add_rowmode(md->lp, TRUE))
		rc = -1;
	for (size_t k = 0; k < md->nrels && rc == 0; k++) {
		const struct sdc_rel *rel = &p->rel[md->rels[k]];
		int cnt = 0;
		int64_t rhs = rel->rhs; /* published cells move to the right */
		for (size_t t = 0; t < rel->n; t++) {
			int c = p->term_idx[rel->first + t];
			int coef = p->term_coef[rel->first + t];
			if (md->col[c]) {
				row[cnt] = coef;
				colno[cnt++] = md->col[c];
			} else {
				rhs -= (int64_t)coef * p->value[c];
			}
		}
		int type = rel->op == SDC_EQ ? EQ : rel->op == SDC_LE ? LE : GE;
		if (!add_constraintex(md->lp, cnt, row, colno, type, (REAL)rhs))
			rc = -1;
	}
	if (rc == 0 && !set_add_rowmode(md->lp, FALSE))
		rc = -1;
	free(row);
	free(colno);
	return rc;
}

static void sdc_model_free(struct sdc_model *md)
{
	if (md->lp)
		delete_lp(md->lp);
	free(md->members);
	free(md->col);
	free(md->rels);
	free(md->x);
	free(md->xi);
}

/* Optimises column j of the model (max when maximise); *v the optimum.
   Returns 0, 1 when the maximum is unbounded, -1 on any failure. */
static int sdc_optimise(sdc *p, struct sdc_model *md, int j, int maximise, int64_t *v)
{
	if (maximise)
		set_maxim(md->lp);
	else
		set_minim(md->lp);
	/* Every solve starts from the slack basis: a basis kept from an
	   earlier solve can leave a column "at its upper bound" after that
	   bound went back to infinity, and the solution then holds 1e30 (the
	   witness check catches it, but as a failure). */
	default_basis(md->lp);
	int status = solve(md->lp);
	if (status == UNBOUNDED && maximise)
		return 1;
	if (status != OPTIMAL)
		return -1;
	return sdc_witness(p, md, j, v);
}

/* Computes and caches the bounds of every member of the component whose
   representative is root (components must be current).  0 or -1. */
static int sdc_solve_component(sdc *p, int root)
{
	struct sdc_model md;
	int rc = sdc_model_build(p, root, &md);
	if (rc == 0 && md.nrels == 0) {
		/* No relation: any integer >= 0. */
		for (size_t k = 0; k < md.m; k++) {
			p->lo[md.members[k]] = 0;
			p->hi[md.members[k]] = SDC_UNBOUNDED;
			p->known[md.members[k]] = 1;
		}
		sdc_model_free(&md);
		return 0;
	}
	for (size_t k = 0; k < md.m && rc == 0; k++) {
		int c = md.members[k], j = (int)k + 1;
		int64_t lo = 0, hi = 0;
		if (!set_obj(md.lp, j, 1.0) || sdc_optimise(p, &md, j, 0, &lo) != 0) {
			rc = -1;
			break;
		}
		int st = sdc_optimise(p, &md, j, 1, &hi);
		if (st == 1) {
			/* Unbounded: check a solution far above lo to be sure (not
			   always lo + SDC_PROBE itself: x = 2y only takes even values). */
			int64_t probe = -1;
			if (!set_upbo(md.lp, j, (REAL)(lo + SDC_PROBE)) ||
			    sdc_optimise(p, &md, j, 1, &probe) != 0 || probe < lo + SDC_PROBE / 2 ||
			    !set_upbo(md.lp, j, get_infinite(md.lp)))
				rc = -1;
			hi = SDC_UNBOUNDED;
		} else if (st != 0) {
			rc = -1;
		}
		if (!set_obj(md.lp, j, 0.0))
			rc = -1;
		if (rc == 0) {
			p->lo[c] = lo;
			p->hi[c] = hi;
			p->known[c] = 1;
		}
	}
	if (rc != 0)
		for (size_t k = 0; k < md.m; k++)
			p->known[md.members[k]] = 0;
	sdc_model_free(&md);
	return rc;
}

/* The bounds of a cell; components must be current.  0 or -1. */
static int sdc_bounds_current(sdc *p, int cell)
{
	if (!p->hidden[cell]) {
		p->lo[cell] = p->hi[cell] = p->value[cell];
		return 0;
	}
	if (p->known[cell])
		return 0;
	return sdc_solve_component(p, sdc_find(p, cell));
}

int sdc_bounds(sdc *p, int cell, int64_t *lo, int64_t *hi)
{
	if (!sdc_valid(p, cell))
		return -1;
	if (p->hidden[cell] && !p->known[cell]) {
		sdc_components(p);
		if (sdc_bounds_current(p, cell) != 0)
			return -1;
	}
	if (!p->hidden[cell]) {
		*lo = *hi = p->value[cell];
		return 0;
	}
	*lo = p->lo[cell];
	*hi = p->hi[cell];
	return 0;
}

/* Hides a cell and forgets the bounds its new component had. */
static void sdc_hide(sdc *p, int cell)
{
	if (p->hidden[cell])
		return;
	p->hidden[cell] = 1;
	sdc_components(p);
	int root = sdc_find(p, cell);
	for (size_t i = 0; i < p->ncell; i++)
		if (p->hidden[i] && sdc_find(p, (int)i) == root)
			p->known[i] = 0;
}

int sdc_force_hidden(sdc *p, int cell)
{
	if (!sdc_valid(p, cell))
		return -1;
	sdc_hide(p, cell);
	return 0;
}

int sdc_prefer_published(sdc *p, int cell)
{
	if (!sdc_valid(p, cell))
		return -1;
	p->keep[cell] = 1;
	return 0;
}

int sdc_hidden(const sdc *p, int cell)
{
	if (!sdc_valid(p, cell))
		return 1;
	return p->hidden[cell];
}

/* The published cell of smallest value (ties: lowest index; cells marked
   by sdc_prefer_published() last) among those in
   a relation with the cell itself (root < 0) or with any hidden member of
   the component of representative root.  -1 when there is none. */
static int sdc_pick(sdc *p, int cell, int root)
{
	int best = -1;
	for (size_t r = 0; r < p->nrel; r++) {
		const struct sdc_rel *rel = &p->rel[r];
		int near = 0;
		for (size_t t = 0; t < rel->n && !near; t++) {
			int c = p->term_idx[rel->first + t];
			near = root < 0 ? c == cell : p->hidden[c] && sdc_find(p, c) == root;
		}
		if (!near)
			continue;
		for (size_t t = 0; t < rel->n; t++) {
			int c = p->term_idx[rel->first + t];
			if (p->hidden[c])
				continue;
			if (best < 0 || p->keep[c] < p->keep[best] ||
			    (p->keep[c] == p->keep[best] &&
			     (p->value[c] < p->value[best] ||
			      (p->value[c] == p->value[best] && c < best))))
				best = c;
		}
	}
	return best;
}

static int sdc_refuse(sdc *p)
{
	for (size_t i = 0; i < p->ncell; i++)
		p->hidden[i] = 1;
	memset(p->known, 0, p->ncell);
	return -1;
}

int sdc_protect(sdc *p, int64_t k)
{
	if (k <= 1)
		return 0;
	for (size_t i = 0; i < p->ncell; i++)
		if (p->value[i] < k)
			p->hidden[i] = 1;
	/* Primary suppression may have merged components: forget them all. */
	memset(p->known, 0, p->ncell);
	for (;;) {
		sdc_components(p);
		int weak = -1;
		for (size_t i = 0; i < p->ncell && weak < 0; i++) {
			if (!p->hidden[i])
				continue;
			if (sdc_bounds_current(p, (int)i) != 0)
				return sdc_refuse(p);
			/* lo >= 0, so hi - lo cannot overflow. */
			if (p->hi[i] - p->lo[i] < k - 1)
				weak = (int)i;
		}
		if (weak < 0)
			return 0;
		int pick = sdc_pick(p, weak, -1);
		if (pick < 0)
			pick = sdc_pick(p, weak, sdc_find(p, weak));
		if (pick < 0)
			return sdc_refuse(p);
		sdc_hide(p, pick);
	}
}
