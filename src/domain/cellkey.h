/*
 * cellkey — consistent perturbation of published counts (the cell-key
 * method of the Australian Bureau of Statistics, also described by
 * Eurostat), and the rounding of amounts and event counts.
 *
 * Every person has a secret random record key (uint32_t), drawn once when
 * the person is created and never shown.  A cell's key is
 *
 *     (sum of the record keys of the persons in the cell
 *      + cellkey_definition_hash(definition of the cell))  mod 2^32
 *
 * and the noise added to the cell's count is read from a fixed table
 * (cellkey_table) at the position the cell key points to.  So:
 *  - the same cell (same persons, same definition) always gets the same
 *    noise: asking twice, or re-running a report, reveals nothing more;
 *  - cells with the same count but other persons get unrelated noise, so
 *    the difference of two published figures is not the difference of the
 *    true ones.
 * The definition string names the cell, e.g. "bilan/2008/montreuil/by_sex/F".
 * A figure that appears in several tables (a total) must be keyed with one
 * and the same definition everywhere, or it will show different values.
 *
 * Counts below CELLKEY_K are never perturbed: they are hidden (the same
 * threshold as domain/disclosure), and cellkey_perturb() says so.  For the
 * other counts the table never moves a count by more than CELLKEY_D and
 * never lands on 1..10.
 *
 * The definition hash uses libsodium (crypto_generichash, BLAKE2b):
 * libsodium must have been initialised (sec_init) first.
 */
#ifndef RELAIS_CELLKEY_H
#define RELAIS_CELLKEY_H

#include <stddef.h>
#include <stdint.h>

#define CELLKEY_K 11          /* counts below are hidden; equals DISCLOSURE_K */
#define CELLKEY_D 2           /* the largest |noise| */
#define CELLKEY_SCALE 1000    /* the table's weights are in 1/1000 */
#define CELLKEY_HIDDEN (-1)   /* "do not publish": what the functions below
				 return for a figure that must be hidden */

/* An accumulator of the record keys of the persons of one cell. */
struct cellkey {
	uint32_t sum;     /* sum of the record keys, mod 2^32 */
	int64_t persons;  /* number of record keys added */
};

/* One row of the perturbation table. */
struct cellkey_row {
	int64_t count;                          /* the count it applies to; the
						   last row: this count and above */
	uint16_t weight[2 * CELLKEY_D + 1];     /* P(noise = -D..+D) in
						   1/CELLKEY_SCALE, summing to it */
	int mean_milli;                         /* the noise's mean * 1000 */
	int variance_milli;                     /* the noise's variance * 1000 */
};

/* The perturbation table (rows by increasing count; the first row is
   CELLKEY_K); *n gets its number of rows.  Static data. */
const struct cellkey_row *cellkey_table(size_t *n);

/* Starts an empty cell. */
void cellkey_init(struct cellkey *ck);

/* Adds one person's record key to the cell (each person once). */
void cellkey_add(struct cellkey *ck, uint32_t record_key);

/* The first 4 bytes, little-endian, of the 16-byte unkeyed BLAKE2b hash
   (crypto_generichash) of the definition string (NULL hashes as ""). */
uint32_t cellkey_definition_hash(const char *definition);

/* The cell key: ck->sum + cellkey_definition_hash(definition), mod 2^32. */
uint32_t cellkey_key(const struct cellkey *ck, const char *definition);

/*
 * The noise for a count and a cell key, from the table: the key is mapped
 * to a position u = key * CELLKEY_SCALE / 2^32 in [0, CELLKEY_SCALE) and
 * the noise is the first d in -D..+D whose cumulated weight exceeds u.
 * 0 for counts below CELLKEY_K (they are hidden, not perturbed).
 */
int64_t cellkey_noise(int64_t true_count, uint32_t cell_key);

/*
 * The published value of a count of persons: true_count + noise, which is
 * >= CELLKEY_K whenever true_count >= CELLKEY_K (never 1..10), or
 * CELLKEY_HIDDEN when true_count < CELLKEY_K (0 included: a reader must
 * not tell 0 from 1..10).  Counts near INT64_MAX are beyond any use and
 * are returned unperturbed rather than overflow.
 */
int64_t cellkey_perturb(int64_t true_count, uint32_t cell_key);

/* cellkey_perturb(ck->persons, cellkey_key(ck, definition)). */
int64_t cellkey_publish(const struct cellkey *ck, const char *definition);

/*
 * An amount in cents rounded to the nearest 100 euros (a multiple of
 * 10 000 cents), exact halves upwards (toward +infinity): 4 999 -> 0,
 * 5 000 (50 €) -> 10 000 (100 €), 1 234 567 -> 1 230 000, -5 000 -> 0,
 * -5 001 -> -10 000.  Amounts are not counts of persons: this function
 * never hides them.  At the two ends of int64_t, where the nearest multiple
 * does not fit, the result is the multiple toward zero.
 */
int64_t cellkey_round_amount(int64_t cents);

/*
 * An event count (interventions, appointments) rounded to the nearest
 * multiple of 5 (remainders 0–2 down, 3–4 up; an integer has no exact
 * half).  A rounded value below CELLKEY_K (0, 5 or 10, i.e. a count from 0
 * to 12) is returned as CELLKEY_HIDDEN, which the caller shows as hidden,
 * so a published event count is never 1..10; a negative count is hidden
 * too.
 */
int64_t cellkey_round_events(int64_t count);

#endif
