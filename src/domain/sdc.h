/*
 * sdc — statistical disclosure control of linked tables by cell
 * suppression, with exact bounds.
 *
 * A problem is a set of integer cells (true counts >= 0) linked by linear
 * relations that a reader of the published tables knows to hold, e.g.:
 *  - a breakdown and its total:      F + M + U - T = 0           (SDC_EQ)
 *  - a multi-valued breakdown:       domain_i - T <= 0           (SDC_LE)
 *                                    theme_j - domain_i <= 0     (SDC_LE)
 *    (the sum of the domains is >= T only when the caller states it);
 *  - a trend:                        new_Y + continuing_Y - T_Y = 0,
 *                                    continuing_Y - T_{Y-1} <= 0 ...
 * Every figure the reader sees must be a cell (or a constant on the right
 * of a relation), otherwise the bounds below are too optimistic.
 *
 * The reader's knowledge of a hidden cell is its feasible range: the
 * smallest and largest integer value it can take when every published cell
 * is fixed to its true value, every hidden cell is an unknown integer >= 0
 * (bounded above only by the relations) and every relation holds.
 *
 * "Exact" means that the range is the optimum of an integer program (not of
 * its linear relaxation, whose range can be wider than what a reader who
 * knows counts are integers can deduce).  The programs are solved by
 * lp_solve (branch and bound); every optimum it returns is checked against
 * the relations in exact integer arithmetic on the solution it reports, and
 * any doubt (no optimum, a timeout, a solution that does not check out) is
 * reported as a failure rather than as a range.
 *
 * Complexity: integer programming is NP-hard in general; here each program
 * only has the hidden cells of one connected component (hidden cells linked
 * through relations), the coefficients are small and the problems are
 * tables of at most a few hundred cells, for which branch and bound ends in
 * milliseconds.  sdc_bounds() solves 2 programs (min and max) for the
 * component of the cell; sdc_protect() does at most one round per cell,
 * and in each round re-solves only the component that changed.
 *
 * Not thread-safe per problem; separate problems may be used in separate
 * threads.  Allocation failure aborts with a log line, like the rest of the
 * code base.
 */
#ifndef RELAIS_SDC_H
#define RELAIS_SDC_H

#include <stddef.h>
#include <stdint.h>

/* Limits checked on input, so that every sum fits exactly in the doubles
   the solver works with (256 * 100 * 10^9 < 2^53). */
#define SDC_CELLS_MAX 4096                 /* cells per problem */
#define SDC_TERMS_MAX 256                  /* cells per relation */
#define SDC_COEF_MAX 100                   /* |coefficient| */
#define SDC_VALUE_MAX INT64_C(1000000000)  /* a cell's true value */
#define SDC_RHS_MAX INT64_C(1000000000000) /* |right-hand side| */

/* The upper bound of a cell that no relation bounds from above.  Reported
   only when the solver finds the maximum unbounded and a solution with the
   cell at lo + SDC_PROBE / 2 or more has been checked. */
#define SDC_UNBOUNDED INT64_MAX
#define SDC_PROBE INT64_C(1048576)

typedef struct sdc sdc;

/* The comparison of a relation: sum(coef[i] * cell[idx[i]]) (op) rhs. */
enum sdc_op {
	SDC_EQ, /* = */
	SDC_LE, /* <= */
	SDC_GE, /* >= */
};

/* A new empty problem; the caller frees it with sdc_free(). */
sdc *sdc_new(void);
void sdc_free(sdc *p); /* accepts NULL */

/*
 * Adds a published-for-now cell with its true value (0..SDC_VALUE_MAX) and
 * returns its index (0, 1, 2… in order of addition), or -1 when the value
 * is out of range or the problem already has SDC_CELLS_MAX cells.
 */
int sdc_cell(sdc *p, int64_t value);

/* The number of cells added. */
size_t sdc_cells(const sdc *p);

/*
 * Adds the relation sum(coef[i] * cell[idx[i]]) (op) rhs over n terms.
 * idx and coef are copied.  Returns 0, or -1 (nothing added) when n is 0
 * or above SDC_TERMS_MAX, an index is unknown or repeated, a coefficient is
 * 0 or above SDC_COEF_MAX in absolute value, |rhs| > SDC_RHS_MAX, op is not
 * an sdc_op, or the true values do not satisfy the relation (a relation
 * that does not hold is a bug of the caller: it would make every bound
 * meaningless).
 */
int sdc_relation(sdc *p, enum sdc_op op, size_t n, const int *idx, const int *coef, int64_t rhs);

/* Hides a cell whatever its value (the caller's own rule).  0, or -1 when
   the index is unknown. */
int sdc_force_hidden(sdc *p, int cell);

/*
 * Protects the problem with threshold k (11 in production: a count from 1
 * to 10 must never be known, nor told apart from 0):
 *  1. primary suppression: every cell with value < k is hidden, zeros
 *     included;
 *  2. secondary suppression: while some hidden cell has a feasible range
 *     (see sdc_bounds) with hi - lo < k - 1, i.e. fewer than k possible
 *     values, one more published cell is hidden: the unprotected hidden
 *     cell of lowest index is taken, and among the published cells that
 *     share a relation with it, the one of smallest value (ties: lowest
 *     index) is hidden; when there is none, among the published cells that
 *     share a relation with its connected component.
 * Each round hides one cell, so this ends after at most sdc_cells() rounds.
 * The result depends only on the cells, the relations (in order), the
 * forced cells and k.
 *
 * Returns 0 when every hidden cell is protected.  Returns -1 when the
 * solver failed, or when a hidden cell cannot be protected even by hiding
 * more (its relations hold only constants, e.g. x + y = 5): every cell is
 * then hidden and the caller must publish none of the figures of the
 * problem ("when unsure, refuse").  k <= 1 hides only forced cells and
 * returns 0.
 */
int sdc_protect(sdc *p, int64_t k);

/* 1 when the cell is hidden, 0 when it may be published; 1 for an unknown
   index (refuse what cannot be checked). */
int sdc_hidden(const sdc *p, int cell);
/*
 * Marks a cell as one to hide for secondary suppression only when no other
 * published cell can protect (e.g. a table's total, which every breakdown
 * shares and whose loss hides the most).  Protection is unchanged: only the
 * choice among candidates.  0, or -1 for a bad index.
 */
int sdc_prefer_published(sdc *p, int cell);

/*
 * The exact integer feasible range [*lo, *hi] of a cell given the true
 * value of every published cell and all relations (see the top of this
 * file); *hi is SDC_UNBOUNDED when nothing bounds the cell from above.
 * For a published cell, lo = hi = its value.  Results are cached until the
 * hidden set or the relations change.  Returns 0, or -1 when the index is unknown or the
 * solver failed (*lo and *hi are then left alone).
 */
int sdc_bounds(sdc *p, int cell, int64_t *lo, int64_t *hi);

#endif
