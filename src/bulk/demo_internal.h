/*
 * demo_internal — what the two demonstration generators share inside
 * bulk/: the small service of demo.c and the large one of demo_scale.c.
 * A seedable random generator (the same sequence on every machine) and the
 * lists they draw names and reference codes from.  A code listed several
 * times is drawn that much more often.
 */
#ifndef RELAIS_DEMO_INTERNAL_H
#define RELAIS_DEMO_INTERNAL_H

#include <stdint.h>

#include "bulk/demo.h"

/* xorshift64*: small, seedable, the same everywhere.  x must not be 0. */
struct demo_rng {
	uint64_t x;
};

uint64_t demo_next(struct demo_rng *r);
/* A number from 0 to n - 1 (n > 0). */
int demo_below(struct demo_rng *r, int n);

/* A list to draw from: n items. */
struct demo_list {
	const char *const *items;
	int n;
};

/* One item of l, uniformly (weights come from repetitions). */
const char *demo_pick(struct demo_rng *r, const struct demo_list *l);

extern const struct demo_list demo_last_names, demo_first_names_f, demo_first_names_m;
/* Reference codes seeded by migration 2 (store/reference_seed.c). */
extern const struct demo_list demo_themes, demo_sources, demo_modes, demo_kinds, demo_outcomes;

/* Hands an account just created, its link's token and the secret the
   link proposes, to fn (may be NULL): SVC_OK or the service's error. */
int demo_report_account(svc *s, demo_account_fn fn, void *ctx, const char *login,
			const char *role, const char *token);

#endif
