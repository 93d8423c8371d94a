/*
 * case_page — the read of one case's page (GET /cases/{id}) as one use
 * case (issue 15): one secrecy check, one transaction and one access-log
 * entry, "case.page_read" naming the case, for the case and every section
 * the page shows.  The sections' reads are their features' own use cases
 * (interventions_page, aids_list, budget_get…), called by the caller's
 * `sections` callback while the page is open: there they are loaders,
 * their checks of this case passing without a query and their entries
 * about it being the page's one (svc_page_begin, service/internal.h).
 *
 * Secrecy: a case the caller may not open (or that does not exist) is
 * SVC_NOT_FOUND, its refusal audited as "case.read_denied" as cases_get
 * does; roles without records get SVC_FORBIDDEN.
 */
#ifndef RELAIS_CASE_PAGE_H
#define RELAIS_CASE_PAGE_H

#include <stdint.h>

#include "service/cases.h"
#include "service/svc.h"

/* The page's sections, read once the case is: an enum svc_rc (anything
   but SVC_OK ends the page, rolling its read back). */
typedef int (*page_sections_fn)(void *ctx);

/*
 * Reads case id for the page: fn gets the case (as cases_get gives it),
 * then sections(ctx) reads the rest (may be NULL).  SVC_OK, or the first
 * failure: SVC_NOT_FOUND, SVC_FORBIDDEN, SVC_ERROR, or what sections
 * returned.
 */
int case_page(svc *s, int64_t id, case_fn fn, page_sections_fn sections, void *ctx);

#endif
