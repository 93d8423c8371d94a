/*
 * partners — the service's directory of partner organisations (CAF, CPAM,
 * MDPH, Cap Emploi, a CCAS, a landlord, an association…) that workers
 * orient persons to.  Shared by the whole service and free of personal
 * data: nothing is sealed, reading is not audited, and the name search
 * ignores accents and case like the persons' search.
 *
 * Workers and the head read and add; the administrator corrects and merges
 * duplicates.  A merge moves everything that references the duplicate
 * (orientations, and any record listed in partners.c's merge table) to the
 * kept partner in one transaction, audited; the duplicate then stays as a
 * tombstone (merged_into) that lists and look-ups leave out.
 */
#ifndef RELAIS_PARTNERS_H
#define RELAIS_PARTNERS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

#define PARTNER_NAME_MAX 200    /* characters */
#define PARTNER_ADDRESS_MAX 500 /* characters, may span lines */
#define PARTNER_NOTES_MAX 2000  /* characters, may span lines */

/* What a form or a JSON body gives.  For an update a NULL field is kept and
   "" clears an optional one. */
struct partner_input {
	const char *name;    /* required */
	const char *kind;    /* reference list partner_kind, required */
	const char *address; /* optional */
	const char *phone;   /* optional: digits, spaces, + . - ( ) */
	const char *email;   /* optional */
	const char *notes;   /* optional: opening hours, who to call… (no personal data) */
};

/* The input of partners_create and partners_update, declared once for the
   form, the JSON body and the CSV import (domain/field.h).  Nothing is
   required here: an update keeps what is not sent, and the service refuses
   a creation without name or kind, an unknown kind, a malformed phone or
   e-mail address. */
enum { PARTNER_NAME, PARTNER_KIND, PARTNER_ADDRESS, PARTNER_PHONE, PARTNER_EMAIL,
       PARTNER_NOTES, PARTNER__FIELDS };
extern const struct field partners_fields[PARTNER__FIELDS];

/* The two partners of partners_merge. */
struct partner_merge_input {
	int64_t keep;  /* the partner that stays */
	int64_t merge; /* the duplicate merged into it */
};
enum { PARTNER_MERGE_KEEP, PARTNER_MERGE_MERGE, PARTNER_MERGE__FIELDS };
extern const struct field partners_merge_fields[PARTNER_MERGE__FIELDS];

/* A partner as shown.  Strings valid during the callback only; NULL when
   not recorded. */
struct partner_view {
	int64_t id;
	const char *name;
	const char *kind;
	const char *address;
	const char *phone;
	const char *email;
	const char *notes;
	int64_t merged_into; /* the kept partner when this one was merged, else 0 */
	int64_t created_at;
	int64_t updated_at;
};

typedef int (*partner_fn)(void *ctx, const struct partner_view *p);

/* Adds a partner (policy partners.add; audited partner.create).
   SVC_INVALID names the field: name, kind, address, phone, email, notes. */
int partners_create(svc *s, const struct partner_input *in, int64_t *id);

/* Partners whose name contains q (accents and case ignored; NULL or ""
   for all), of kind `kind` when not NULL/"", merged ones left out, by
   name, at most 500 (policy partners.read).  SVC_INVALID "q" or "kind". */
int partners_search(svc *s, const char *q, const char *kind, partner_fn fn, void *ctx);
/* One page of them (service/paging.h), by name then id, and their number.
   The cursor is the last partner's id (its name read back); SVC_INVALID
   ("after") for one that is not an id. */
struct page;
int partners_page(svc *s, const char *q, const char *kind, struct page *pg, partner_fn fn,
		  void *ctx);

/* One partner (policy partners.read); a merged one is SVC_NOT_FOUND. */
int partners_get(svc *s, int64_t id, partner_fn fn, void *ctx);

/* Corrects a partner (policy partners.edit; audited partner.update). */
int partners_update(svc *s, int64_t id, const struct partner_input *in);

/*
 * Merges duplicate `merged` into `kept` (policy partners.edit): every
 * reference moves to kept, merged leaves the lists, in one transaction
 * audited partner.merge ("merged>kept").  SVC_INVALID names "merge" when
 * both are the same, "keep" or "merge" when that one is unknown or already
 * merged.
 */
int partners_merge(svc *s, int64_t kept, int64_t merged);

/*
 * For other use cases (orientations, collective actions): whether partner
 * id is in the directory and not merged away — SVC_OK, SVC_NOT_FOUND, or
 * SVC_ERROR.  No policy check and no audit: the caller has done its own,
 * and may call it inside its transaction.
 */
int partners_lookup(svc *s, int64_t id);

#endif
