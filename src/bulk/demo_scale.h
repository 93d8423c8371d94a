/*
 * demo_scale — a large synthetic service for measuring the bilan: N
 * employees spread over many collectivités of varied sizes (the same
 * headcounts in each of the 10 years ending last year), one social worker
 * per 1,400 employees or so, about 5 % of the headcount followed each year
 * with plausible persons, cases of a few weeks to two years, and 4 to 6
 * interventions per case.  The same seed gives the same service.
 *
 * Built for speed, not for realism of the record: this module draws the
 * service, and service/scale.h writes it, row by row straight through the
 * store in one transaction, with the codes of the seeded reference lists
 * (no per-row validation), no free text, and one audit entry
 * ("demo.scale") summarising what was generated instead of one per row.
 * The social workers cannot sign in (they share one unusable password);
 * only the head of service ("responsable") gets a usable password,
 * reported once.  Command line only.
 */
#ifndef RELAIS_DEMO_SCALE_H
#define RELAIS_DEMO_SCALE_H

#include <stdint.h>

#include "bulk/demo.h"
#include "service/scale.h"
#include "service/svc.h"

#define DEMO_SCALE_MAX SCALE_EMPLOYEES_MAX /* most employees a generated service may have */
#define DEMO_SCALE_YEARS 10     /* years of headcounts and activity */

/* What was generated. */
struct demo_scale_counts {
	int first_year, last_year; /* the years with headcounts */
	int64_t organisations;
	int64_t workers;           /* social workers, the head not included */
	int64_t persons;
	int64_t cases;
	int64_t interventions;
};

/*
 * Fills an empty service (no organisation yet, else SVC_CONFLICT) with
 * `employees` employees (1 to DEMO_SCALE_MAX, else SVC_INVALID) from a
 * seed; fn (may be NULL) receives the head's account once.  On SVC_OK *out
 * holds the counts; on any other code nothing was written.
 */
int demo_scale_fill(svc *s, int64_t employees, uint64_t seed, demo_account_fn fn, void *ctx,
		    struct demo_scale_counts *out);

#endif
