/*
 * disclosure — statistical disclosure control for the figures of the bilan
 * (the annual report) that leave the service, e.g. towards an employer:
 * no published count may let a reader single out a person.
 *
 * A breakdown (persons by status, by age band…) is an array of cells.
 * Small counts are hidden (primary suppression); when that hides a single
 * cell, a second one is hidden so that the first cannot be recomputed from
 * the total (secondary suppression).  Pure functions, no allocation.
 */
#ifndef RELAIS_DISCLOSURE_H
#define RELAIS_DISCLOSURE_H

#include <stddef.h>
#include <stdint.h>

/* The threshold: a count from 1 to DISCLOSURE_K - 1 is never published. */
#define DISCLOSURE_K 11

/* Bytes that disclosure_label() needs at most, NUL included: 19 digits,
   6 separators of 3 bytes (U+202F) and a sign. */
#define DISCLOSURE_LABEL_MAX 40

/* One cell of a breakdown. */
struct disclosure_cell {
	const char *key; /* breakdown key ("titulaire", "unknown"); borrowed, not read here */
	int64_t count;   /* persons in the cell, >= 0 (a negative count is treated as 0) */
	int suppressed;  /* output of disclosure_apply(): 1 when the count must be hidden */
	uint32_t keysum; /* sum of the persons' record keys mod 2^32 (domain/cellkey.h), or 0 */
};

/*
 * Applies the suppression rules to one breakdown of n cells (cells may be
 * NULL when n is 0), writing every cell's `suppressed` (previous values are
 * overwritten):
 *  1. primary: every cell with 1 <= count < k is suppressed; a zero is never
 *     suppressed (it reveals nobody);
 *  2. secondary: when step 1 suppressed exactly one cell, the smallest
 *     non-zero cell not yet suppressed is suppressed too (on ties, the first
 *     in array order, so the result is deterministic).
 * When step 1 suppressed exactly one cell and every other cell is 0, there
 * is nothing left to hide it behind: the breakdown's total would reveal the
 * hidden count, so the caller must hide the total too.
 *
 * Returns 1 when the total of the breakdown must be hidden, 0 otherwise.
 * The number of suppressed cells (the report's "cells_suppressed") goes to
 * *cells_suppressed when that pointer is not NULL.
 * k <= 1 suppresses nothing.
 */
int disclosure_apply(struct disclosure_cell *cells, size_t n, int64_t k,
		     size_t *cells_suppressed);

/*
 * 1 when persons_followed < k: the report then hides persons_followed, the
 * share of the headcount and every breakdown.  The rule is applied
 * literally: 0 persons followed is also "too small" (0 < 11), although
 * nobody could be singled out, so that an empty year is published the same
 * way as a nearly empty one.
 */
int disclosure_population_too_small(int64_t persons_followed, int64_t k);

/*
 * The text of a cell in HTML, PDF, CSV and XLSX: "< 11" (the threshold
 * DISCLOSURE_K) when suppressed, otherwise the count written the French way
 * with a narrow no-break space (U+202F, UTF-8) between groups of three
 * digits: "0", "10", "11 367", "1 000 000".
 * Writes into out (outlen bytes; DISCLOSURE_LABEL_MAX is always enough) and
 * returns out; returns NULL when outlen is too small (out then holds ""
 * when outlen > 0).
 */
const char *disclosure_label(int64_t count, int suppressed, char *out, size_t outlen);

#endif
