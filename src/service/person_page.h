/*
 * person_page — the read of one person's page (GET /persons/{id}) as one
 * use case (issue 15), as case_page.h does for a case: one secrecy check,
 * one transaction and one access-log entry, "person.page_read" naming the
 * person, for the person, its cases and its timeline.
 *
 * The timeline is the interventions of the person's cases the caller may
 * open (référent or live share), newest first, a page at a time (keyset
 * paging on (date, id), service/paging.h): no free text, no private note.
 * A case the caller may not open adds nothing to it.
 *
 * Secrecy: a person the caller may not open (or that does not exist) is
 * SVC_NOT_FOUND, its refusal audited as "person.read_denied" as persons_get
 * does; roles without records get SVC_FORBIDDEN.
 */
#ifndef RELAIS_PERSON_PAGE_H
#define RELAIS_PERSON_PAGE_H

#include <stdint.h>

#include "service/case_page.h"
#include "service/paging.h"
#include "service/persons.h"
#include "service/svc.h"

/* One entry of the timeline.  Strings valid during the callback only. */
struct timeline_item {
	int64_t id;               /* the intervention */
	int64_t case_id;          /* its case */
	const char *date;         /* YYYY-MM-DD */
	const char *mode;         /* reference code (list "mode") */
	const char *kind;         /* reference code (list "intervention_kind") */
	int64_t duration_minutes;
};

/* Return 0 to go on, non-zero to stop. */
typedef int (*timeline_fn)(void *ctx, const struct timeline_item *it);

/*
 * Reads person id for the page: fn gets the person (as persons_get gives
 * it), then sections(ctx) reads the rest (its cases, its timeline with
 * persons_timeline; may be NULL).  SVC_OK, or the first failure:
 * SVC_NOT_FOUND, SVC_FORBIDDEN, SVC_ERROR, or what sections returned.
 */
int person_page(svc *s, int64_t id, person_fn fn, page_sections_fn sections, void *ctx);

/*
 * One page of person_id's timeline after pg->after (pg->limit entries),
 * each to fn; sets pg->more, pg->next and pg->total.  Checked and audited
 * ("person.timeline") when called alone, the page's read inside
 * person_page.  SVC_OK; SVC_INVALID (field "after") for a cursor it did
 * not write; SVC_NOT_FOUND, SVC_FORBIDDEN, SVC_ERROR.
 */
int persons_timeline(svc *s, int64_t person_id, struct page *pg, timeline_fn fn, void *ctx);

#endif
