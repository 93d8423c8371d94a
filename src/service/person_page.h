/*
 * person_page — the read of one person's page (GET /persons/{id}) as one
 * use case (issue 15), as case_page.h does for a case: one secrecy check,
 * one transaction and one access-log entry, "person.page_read" naming the
 * person, for the person, its cases and its timeline.
 *
 * The timeline (issue 17) is everything about the person, newest first,
 * a page at a time (keyset paging on (date, event, id), service/paging.h):
 * her consents, and from her cases the caller may open (référent or live
 * share) their opening and closing, interventions, aids, orientations,
 * sick leaves and part-time periods, shares, attachments and letters; her
 * appointments the caller holds or that made an intervention of such a
 * case.  A case the caller may not open adds nothing.  No free text:
 * codes, dates, amounts, names of partners, colleagues and templates; an
 * attachment's title (a personal detail) is left out.
 *
 * Secrecy: a person the caller may not open (or that does not exist) is
 * SVC_NOT_FOUND, its refusal audited as "person.read_denied" as persons_get
 * does; roles without records get SVC_FORBIDDEN.
 */
#ifndef RELAIS_PERSON_PAGE_H
#define RELAIS_PERSON_PAGE_H

#include <stdint.h>

#include "domain/timeline.h"
#include "service/case_page.h"
#include "service/paging.h"
#include "service/persons.h"
#include "service/svc.h"

/*
 * One entry of the timeline.  Strings valid during the callback only, NULL
 * when the record has none.  By event (domain/timeline.h):
 *   consent_accompaniment  id the consent change (persons.h), on the date
 *                          it was given; num 1; code1 the date given
 *                          before, when this one changed it
 *   consent_statistics     id the consent change; num 1 given, 0 withdrawn;
 *                          code1 the choice before ("1", "0"), NULL for
 *                          the first
 *   case_opened, _closed   id the case; code1 its referral source (list
 *                          "referral_source"), its outcome ("outcome")
 *   share_given, _ended    id the share; name the colleague
 *   appointment            code1 mode ("mode"), code2 status
 *                          (appointments_status_label), code3 "HH:MM"
 *   intervention           code1 mode, code2 kind ("intervention_kind"),
 *                          num minutes
 *   aid_submitted          code1 kind ("aid_kind"), code2 funder ("funder"),
 *                          num the amount requested (cents)
 *   aid_decided            the same, code3 decision ("aid_decision"), num
 *                          the amount granted (cents)
 *   orientation_sent       name the partner
 *   orientation_answered   code1 status (domain/orientations.h), name the
 *                          partner
 *   sick_leave             code1 kind (domain/job_retention.h), code2 end
 *   part_time              num percent, code2 end
 *   attachment             code1 file kind (domain/attachments.h)
 *   letter                 name the template, code1 the partner addressed
 */
struct timeline_item {
	int event;                /* enum timeline_event */
	int64_t id;               /* its record (above) */
	int64_t case_id;          /* its case, 0 for the person's own */
	const char *date;         /* YYYY-MM-DD */
	const char *code1, *code2, *code3;
	int64_t num;
	const char *name;
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
 * One page of person_id's timeline after pg->after (pg->limit entries) of
 * the kinds whose bit is set in kinds (domain/timeline.h), each to fn;
 * sets pg->more, pg->next and pg->total (of those kinds).  Checked and audited
 * ("person.timeline") when called alone, the page's read inside
 * person_page.  SVC_OK; SVC_INVALID (field "after") for a cursor it did
 * not write; SVC_NOT_FOUND, SVC_FORBIDDEN, SVC_ERROR.
 */
int persons_timeline(svc *s, int64_t person_id, unsigned kinds, struct page *pg, timeline_fn fn,
		     void *ctx);

#endif
