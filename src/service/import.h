/*
 * import — the service's side of bringing a spreadsheet in (the file's
 * reading and line-by-line checks are bulk/import.c): one file is one
 * transaction, audited once ("import") when it commits, in which the
 * ordinary use cases (organisations_create, persons_create…) write each
 * line; and the lookups of what earlier files brought, by the
 * spreadsheet's own references.  Command line only (system calls).
 */
#ifndef RELAIS_SERVICE_IMPORT_H
#define RELAIS_SERVICE_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "service/svc.h"

/*
 * Opens the file's transaction (s's batch, see svc_batch_begin).  SVC_OK,
 * after which import_end() must be called; SVC_FORBIDDEN outside the
 * command line; SVC_ERROR (logged).
 */
int import_begin(svc *s);

/*
 * Ends the file's transaction.  With commit set, appends the audit entry
 * "import" naming what (e.g. "persons") and the lines imported, then
 * commits: SVC_OK, or SVC_ERROR (logged) when a use case of the batch
 * failed or the entry or the commit could not be written; nothing is
 * kept then.  Without, rolls everything back: SVC_OK.
 */
int import_end(svc *s, const char *what, size_t lines, int commit);

/* The id of the person (import_person_id) or case (import_case_id) that
   an earlier import brought in under ref.  SVC_OK with *id; SVC_NOT_FOUND
   (also for an empty or NULL ref) or SVC_ERROR with *id = 0;
   SVC_FORBIDDEN outside the command line. */
int import_person_id(svc *s, const char *ref, int64_t *id);
int import_case_id(svc *s, const char *ref, int64_t *id);

#endif
