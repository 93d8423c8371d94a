/*
 * scale — writing a large generated service fast, for measuring the bilan
 * (the generator itself is bulk/demo_scale.c), and the precondition every
 * generated service shares (scale_check_empty, also the demo's).
 *
 * Built for speed, not for realism of the record: a writer obtained from
 * scale_begin() writes rows straight through the store, all in one
 * transaction, with the codes of the seeded reference lists as given (no
 * per-row validation), no free text, and one audit entry ("demo.scale")
 * summarising what was written instead of one per row.  The social
 * workers' accounts share one argon2id hash of a random password that is
 * never shown: hashing one password per account would cost tens of
 * seconds, and nobody signs in as them.  Command line only.
 */
#ifndef RELAIS_SCALE_H
#define RELAIS_SCALE_H

#include <stdint.h>

#include "service/svc.h"

#define SCALE_EMPLOYEES_MAX 10000000 /* most employees a generated service may have */

/* A generated service being written (opaque; from scale_begin()). */
typedef struct scale_writer scale_writer;

/* What a writer wrote. */
struct scale_counts {
	int64_t organisations;
	int64_t workers; /* social workers' accounts (scale_worker) */
	int64_t persons;
	int64_t cases;
	int64_t interventions;
};

/* One person, with the consents given on the day they came. */
struct scale_person {
	int64_t organisation_id;      /* from scale_org() */
	int64_t referent_id;          /* from scale_worker() */
	const char *last_name, *first_name;
	const char *birth_date;       /* YYYY-MM-DD */
	const char *sex;              /* "F" or "M" */
	const char *status;           /* reference codes, NULL: not recorded */
	const char *category;
	const char *family_situation;
	const char *came_on;          /* YYYY-MM-DD: consent to the accompaniment and statistics */
	int statistics;               /* 1 when they agreed to be counted */
	/* The span of her activity (migration 33) when the caller knows it:
	   the first day of her first case to the last of her last one
	   ("9999-12-31" while open); NULL: left to the cases' triggers. */
	const char *active_from, *active_to;
};

/* One case and its themes. */
struct scale_case {
	int64_t person_id, referent_id;
	const char *opened_on;        /* YYYY-MM-DD */
	const char *closed_on;        /* NULL while open */
	const char *referral_source;  /* reference code */
	const char *outcome;          /* reference code, NULL while open */
	const char *const *themes;    /* nthemes distinct reference codes */
	int nthemes;
};

/* One intervention, written by the case's référent. */
struct scale_intervention {
	int64_t case_id, author_id;
	const char *date;             /* YYYY-MM-DD */
	const char *mode, *kind;      /* reference codes */
	int duration_minutes;
};

/*
 * SVC_OK when the service has no organisation yet, the condition for
 * filling it with a generated one; SVC_FORBIDDEN for any call but a system
 * one (only the command line may fill it), SVC_CONFLICT (svc_error() says
 * why) when it has, or SVC_ERROR.
 */
int scale_check_empty(svc *s);

/*
 * Starts writing a generated service of `employees` employees into an
 * empty service (scale_check_empty(), then 1 to SCALE_EMPLOYEES_MAX, else
 * SVC_INVALID on field "scale"): opens s's batch (svc_batch_begin), in
 * which s's own use cases may run too.  On SVC_OK *out is a writer that
 * scale_end() must be given back; on any other code nothing was started.
 */
int scale_begin(svc *s, int64_t employees, scale_writer **out);

/*
 * The rows.  Each call writes one row (or a few) into the batch, with the
 * ids the writer gave earlier rows; *id (may be NULL) receives the new
 * row's.  SVC_OK, or SVC_ERROR (logged), after which every call fails and
 * scale_end() rolls everything back.
 */
/* An organisation with the same headcount every year from first_year to last_year. */
int scale_org(scale_writer *w, const char *code, const char *name, int64_t headcount,
	      int first_year, int last_year, int64_t *id);
/* A social worker's account, sharing the one unusable password. */
int scale_worker(scale_writer *w, const char *login, const char *name, int64_t *id);
/* Assigns worker worker_id to organisation org_id. */
int scale_assign(scale_writer *w, int64_t org_id, int64_t worker_id);
int scale_person(scale_writer *w, const struct scale_person *p, int64_t *id);
int scale_case(scale_writer *w, const struct scale_case *c, int64_t *id);
int scale_intervention(scale_writer *w, const struct scale_intervention *iv);

/*
 * Ends the writing and frees w.  When commit is set and nothing failed
 * (neither a row nor a use case of the batch), appends the "demo.scale"
 * audit entry and commits: SVC_OK with *counts (may be NULL) holding what
 * was written.  Otherwise rolls everything back: SVC_OK when asked to,
 * SVC_ERROR when a commit was asked and could not be made.
 */
int scale_end(scale_writer *w, int commit, struct scale_counts *counts);

#endif
