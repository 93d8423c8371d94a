/*
 * reference — the editable reference lists of TAXONOMY.md (domains and
 * themes, referral sources, modes, outcomes…): stable codes with French
 * labels, seeded by migration 2 and kept up by the administrator.
 *
 * Nothing is ever deleted: an entry that is no longer offered is retired,
 * and its code stays valid on the records that already carry it.  Codes
 * never change once created; only labels and the retired flag do.
 */
#ifndef RELAIS_REFERENCE_H
#define RELAIS_REFERENCE_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

#define REFERENCE_CODE_MAX 40   /* bytes (codes are ASCII) */
#define REFERENCE_LABEL_MAX 120 /* UTF-8 characters */

/* One of the lists the product knows. */
struct reference_list {
	const char *code;  /* stable name, as stored in ref_items.list ("domain") */
	const char *title; /* French heading, a msgid (N_) to translate with _() */
	int has_parent;    /* entries may have a parent (domain: themes under domains) */
	int upper_codes;   /* codes may use A-Z too (category A/B/C, sex F/M) */
};

/* Every list, in the order the administration page shows them.  A list
   not in this table cannot receive entries. */
extern const struct reference_list reference_lists[];
extern const int reference_lists_count;

/* The list called code, or NULL (code may be NULL). */
const struct reference_list *reference_list_find(const char *code);

/* One entry as listed.  Strings valid during the callback only. */
struct reference_item {
	const char *list;   /* the list's code */
	const char *code;   /* the entry's stable code */
	const char *label;  /* French label */
	const char *parent; /* parent code in the same list (themes), or NULL */
	int64_t position;   /* order within the list; 0 from reference_get() */
	int retired;        /* 1 when no longer offered for new records */
};

/* Return non-zero to stop. */
typedef int (*reference_fn)(void *ctx, const struct reference_item *item);

/*
 * Every entry of every list, retired ones included (flagged), ordered by
 * list code, then position (policy: reference.read).  Not audited: the
 * lists hold no personal data.  Served from the process's copy while the
 * database's version says it is current (service/reference_cache.h):
 * one small read, and the lists only after a change.
 */
int reference_list(svc *s, reference_fn fn, void *ctx);

/*
 * One entry, given to fn once (policy: reference.read).  SVC_NOT_FOUND
 * when the list has no such code.
 */
int reference_get(svc *s, const char *list, const char *code, reference_fn fn, void *ctx);

/*
 * Adds an entry at the end of its list (policy: reference.edit), audited
 * as reference.create ("list/code"), with a new version of the lists in
 * the same transaction (every server reads them again).  SVC_INVALID with the field:
 *  - "list": not one of reference_lists;
 *  - "code": not 1–40 characters of [a-z0-9_] ([A-Za-z0-9_] where the list
 *    allows capitals); a theme's code is "parent.suffix";
 *  - "label": empty, not clean UTF-8 or over 120 characters;
 *  - "parent": given for a list without parents, or not an active
 *    top-level domain, or missing for a code with a dot.
 * parent NULL or "" means none.  SVC_CONFLICT ("code") when the list
 * already has the code, retired or not.
 */
int reference_add(svc *s, const char *list, const char *code, const char *label,
		  const char *parent);

/* What reference_add takes, as typed. */
struct reference_input {
	const char *list, *code, *label, *parent;
};
/* reference_add's input, declared once (domain/field.h): the list is the
   form's first field (the API names it in the path and reads the fields
   after it).  The characters and the code's length only: the service
   keeps the rest of its rules, each with its own message. */
enum { REF_ADD_LIST, REF_ADD_CODE, REF_ADD_LABEL, REF_ADD_PARENT, REF_ADD__FIELDS };
extern const struct field reference_add_fields[REF_ADD__FIELDS];

/*
 * Renames, retires or reactivates an entry (policy: reference.edit),
 * audited as reference.update ("list/code"), with a new version of the
 * lists in the same transaction.  label NULL keeps the label;
 * retired is -1 (keep), 0 (active) or 1 (retired).  SVC_NOT_FOUND for an
 * unknown entry; SVC_INVALID ("label" or "retired") for a bad value.
 */
int reference_update(svc *s, const char *list, const char *code, const char *label,
		     int retired);

/* What reference_update takes: label NULL keeps it, retired -1 keeps it. */
struct reference_change {
	const char *label;
	int retired;
};
/* reference_update's input, declared once (domain/field.h).  An empty
   label is no label to the reader: the handlers hand it on as "" for the
   service to refuse, rather than keep the old one. */
enum { REF_UPDATE_LABEL, REF_UPDATE_RETIRED, REF_UPDATE__FIELDS };
extern const struct field reference_update_fields[REF_UPDATE__FIELDS];

/*
 * Checks a code that a record is about to carry: SVC_OK when the list has
 * it and it is active (or retired, when allow_retired is set — for a
 * record that already had it), SVC_INVALID otherwise, with a generic
 * message and no field (callers name their own field).  One indexed read;
 * no policy check (the caller's use case has done its own) and it may run
 * inside the caller's transaction.  SVC_ERROR on a store failure (after
 * rolling back).
 */
int reference_check(svc *s, const char *list, const char *code, int allow_retired);

#endif
