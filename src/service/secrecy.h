/*
 * secrecy — the legal exceptions to professional secrecy recorded on a
 * case (issue 17): a signalement to the procureur (CP art. 226-14), an
 * information préoccupante to the CRIP (CASF art. L226-2-1), an answer to
 * a judicial réquisition (CPP art. 60-1, 77-1-1, 99-3), another legal
 * obligation — when, to whom, on which basis, what was sent.  The kinds
 * and bases are fixed codes (domain/secrecy.h).  The recipient, what was
 * sent and the precision of another obligation are sealed, bound to the
 * row.
 *
 * Secrecy: only the case's référent records one (a share holder gets
 * SVC_FORBIDDEN); the référent and live shares read them; anyone else gets
 * SVC_NOT_FOUND, the attempt audited.  They are in the case's file and the
 * person's right-of-access document, and erased with the case's records
 * by the retention purge; never in any count (bilan, dashboard, hours,
 * exports to employers).
 */
#ifndef RELAIS_SECRECY_H
#define RELAIS_SECRECY_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

#define SECRECY_RECIPIENT_MAX 200 /* characters */
#define SECRECY_TEXT_MAX 20000
#define SECRECY_DETAIL_MAX 500

struct secrecy_input {
	const char *kind;         /* domain/secrecy.h */
	const char *legal_basis;  /* or NULL: the kind's only basis */
	const char *lifted_on;    /* YYYY-MM-DD, not after today */
	const char *recipient;    /* required, sealed */
	const char *what_sent;    /* required, sealed */
	const char *basis_detail; /* required for kind "autre", sealed */
};

/* The input of secrecy_create, declared once for the form and the JSON
   body (domain/field.h). */
enum { SECRECY_KIND, SECRECY_LEGAL_BASIS, SECRECY_LIFTED_ON, SECRECY_RECIPIENT,
       SECRECY_WHAT_SENT, SECRECY_BASIS_DETAIL, SECRECY__FIELDS };
extern const struct field secrecy_fields[SECRECY__FIELDS];

/* One lifting as shown.  Strings valid during the callback only. */
struct secrecy_view {
	int64_t id;
	int64_t case_id;
	const char *kind, *legal_basis;
	const char *lifted_on;
	const char *recipient, *what_sent; /* unsealed */
	const char *basis_detail;          /* unsealed, or NULL */
	const char *author;                /* login */
	int64_t recorded_at;               /* Unix seconds */
};

typedef int (*secrecy_fn)(void *ctx, const struct secrecy_view *v);

/* Records a lifting of secrecy in case case_id (audited secrecy.create).
   SVC_INVALID names the field (kind, legal_basis, lifted_on, recipient,
   what_sent, basis_detail). */
int secrecy_create(svc *s, int64_t case_id, const struct secrecy_input *in, int64_t *id);

/* The liftings of a case, latest first (audited secrecy.list). */
int secrecy_list(svc *s, int64_t case_id, secrecy_fn fn, void *ctx);

/* Deletes lifting id, recorded by mistake, for reason: the row goes, its
   tombstone stays (service/corrections.h: audited secrecy.delete).  Its
   case's référent only (a share holder: SVC_FORBIDDEN; anyone else
   SVC_NOT_FOUND, audited secrecy.delete_denied).  *case_id (may be NULL)
   gets its case. */
int secrecy_delete(svc *s, int64_t id, const char *reason, int64_t *case_id);

#endif
