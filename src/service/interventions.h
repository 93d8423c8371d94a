/*
 * interventions — what was done in a case: an interview at the office or
 * at a permanence, a phone call, a home visit, a mediation…  Notes are
 * encrypted at rest; a private note is encrypted too and shown to its
 * author only (DESIGN §2b).  Same secrecy as the case.
 */
#ifndef RELAIS_INTERVENTIONS_H
#define RELAIS_INTERVENTIONS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

#define INTERVENTION_MINUTES_MAX 1440
#define INTERVENTION_TEXT_MAX 20000

struct intervention_input {
	const char *date;        /* YYYY-MM-DD, from the case's opening to today */
	const char *mode;        /* reference list mode */
	const char *kind;        /* reference list intervention_kind */
	int64_t duration_minutes; /* 0..1440 */
	const char *notes;       /* free text or NULL */
	const char *private_note; /* free text or NULL: for the author's eyes only */
	const char *reason;       /* a correction's reason (interventions_correct) */
};

/* The input of interventions_create, declared once for the form, the JSON
   body and the CSV import (domain/field.h). */
enum { INTERVENTION_DURATION, INTERVENTION_DATE, INTERVENTION_MODE, INTERVENTION_KIND,
       INTERVENTION_NOTES, INTERVENTION_PRIVATE_NOTE, INTERVENTION__FIELDS };
extern const struct field interventions_fields[INTERVENTION__FIELDS];
/* interventions_correct's reason, read into the same struct. */
enum { INTERVENTION_CORRECTION_REASON, INTERVENTION_CORRECTION__FIELDS };
extern const struct field interventions_correction_fields[INTERVENTION_CORRECTION__FIELDS];

/* One intervention as shown.  Strings valid during the callback only. */
struct intervention_view {
	int64_t id;
	const char *date;
	const char *mode;
	const char *kind;
	int64_t duration_minutes;
	const char *author;       /* login */
	const char *notes;        /* decrypted, or NULL */
	const char *private_note; /* decrypted for its author only, else NULL */
	int own;                  /* written by the caller */
};

typedef int (*intervention_fn)(void *ctx, const struct intervention_view *v);

/* Records an intervention in case case_id (audited intervention.create).
   SVC_NOT_FOUND without access; SVC_INVALID names the field. */
int interventions_create(svc *s, int64_t case_id, const struct intervention_input *in,
			 int64_t *id);

/* The interventions of a case, newest first (audited intervention.list). */
int interventions_list(svc *s, int64_t case_id, intervention_fn fn, void *ctx);

/* One page of them (service/paging.h), newest first, and their number
   (audited intervention.list).  SVC_INVALID ("after") for a cursor this
   list did not write. */
struct page;
int interventions_page(svc *s, int64_t case_id, struct page *pg, intervention_fn fn, void *ctx);

/* Corrects intervention id with in (every field, as the create form sends
   them; the private note only when the caller wrote it) for reason
   (service/corrections.h: audited intervention.correct naming the fields
   changed).  Its case's référent or its author may; anyone else gets
   SVC_NOT_FOUND.  SVC_INVALID names the field, or "reason".  *case_id
   (may be NULL) gets its case. */
int interventions_correct(svc *s, int64_t id, const struct intervention_input *in,
			  const char *reason, int64_t *case_id);

/* Deletes intervention id for reason: the row goes, its tombstone stays
   (service/corrections.h: audited intervention.delete); an appointment
   it came from keeps its status.  Same door as interventions_correct. */
int interventions_delete(svc *s, int64_t id, const char *reason, int64_t *case_id);

#endif
