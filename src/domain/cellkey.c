/* cellkey — see cellkey.h. */
#include "domain/cellkey.h"

#include <string.h>

#include <sodium.h>

#include "domain/disclosure.h"

_Static_assert(CELLKEY_K == DISCLOSURE_K, "one threshold for suppression and perturbation");

/*
 * The perturbation table, noise -2, -1, 0, +1, +2 in 1/1000.
 *
 *  count   -2   -1    0   +1   +2   mean   variance
 *  11       0    0  700  200  100   +0.40  0.44   (may only go up: 9 and 10
 *                                                  must never appear)
 *  12       0  300  450  200   50    0     0.70   (may not go below 11)
 *  >= 13   50  150  600  150   50    0     0.70
 *
 * Rows 12 and >= 13 are unbiased with the same variance, so a published
 * value says as much whatever the count.  Count 11 cannot be unbiased
 * without being left alone (its only allowed moves are upwards); it keeps
 * some noise, at the price of a bias of +0.4 on counts of exactly 11, so
 * that a published 11, 12 or 13 never tells which true count it comes from.
 * 11 is published for a true 11 with probability .70, for a true 12 with
 * .30 and for a true 13 with .05.
 */
static const struct cellkey_row cellkey_rows[] = {
	{CELLKEY_K, {0, 0, 700, 200, 100}, 400, 440},
	{CELLKEY_K + 1, {0, 300, 450, 200, 50}, 0, 700},
	{CELLKEY_K + 2, {50, 150, 600, 150, 50}, 0, 700},
};

const struct cellkey_row *cellkey_table(size_t *n)
{
	*n = sizeof cellkey_rows / sizeof cellkey_rows[0];
	return cellkey_rows;
}

void cellkey_init(struct cellkey *ck)
{
	ck->sum = 0;
	ck->persons = 0;
}

void cellkey_add(struct cellkey *ck, uint32_t record_key)
{
	ck->sum += record_key; /* unsigned: wraps mod 2^32 */
	ck->persons++;
}

uint32_t cellkey_definition_hash(const char *definition)
{
	unsigned char h[16];
	const char *d = definition ? definition : "";
	crypto_generichash(h, sizeof h, (const unsigned char *)d, strlen(d), NULL, 0);
	return (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24;
}

uint32_t cellkey_key(const struct cellkey *ck, const char *definition)
{
	return ck->sum + cellkey_definition_hash(definition);
}

int64_t cellkey_noise(int64_t true_count, uint32_t cell_key)
{
	if (true_count < CELLKEY_K)
		return 0;
	size_t n = sizeof cellkey_rows / sizeof cellkey_rows[0];
	const struct cellkey_row *row = &cellkey_rows[n - 1];
	for (size_t i = 0; i + 1 < n; i++)
		if (cellkey_rows[i].count == true_count)
			row = &cellkey_rows[i];
	/* The position of the key in [0, CELLKEY_SCALE). */
	uint32_t u = (uint32_t)(((uint64_t)cell_key * CELLKEY_SCALE) >> 32);
	uint32_t cum = 0;
	for (int d = 0; d < 2 * CELLKEY_D + 1; d++) {
		cum += row->weight[d];
		if (u < cum)
			return d - CELLKEY_D;
	}
	return 0; /* unreachable: the weights sum to CELLKEY_SCALE */
}

int64_t cellkey_perturb(int64_t true_count, uint32_t cell_key)
{
	if (true_count < CELLKEY_K)
		return CELLKEY_HIDDEN;
	if (true_count > INT64_MAX - CELLKEY_D)
		return true_count;
	return true_count + cellkey_noise(true_count, cell_key);
}

int64_t cellkey_publish(const struct cellkey *ck, const char *definition)
{
	return cellkey_perturb(ck->persons, cellkey_key(ck, definition));
}

int64_t cellkey_round_amount(int64_t cents)
{
	const int64_t unit = 10000; /* 100 euros */
	/* Floor division, then half up. */
	int64_t q = cents / unit, r = cents % unit;
	if (r < 0) {
		q--;
		r += unit;
	}
	if (r >= unit / 2)
		q++;
	if (q > INT64_MAX / unit)
		q = INT64_MAX / unit;
	if (q < INT64_MIN / unit)
		q = INT64_MIN / unit;
	return q * unit;
}

int64_t cellkey_round_events(int64_t count)
{
	if (count < 0)
		return CELLKEY_HIDDEN;
	/* count <= INT64_MAX, which is 2 mod 5: rounding up never overflows. */
	int64_t r = count % 5;
	int64_t rounded = r <= 2 ? count - r : count + (5 - r);
	return rounded < CELLKEY_K ? CELLKEY_HIDDEN : rounded;
}
