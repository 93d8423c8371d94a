/*
 * documents — the files kept on a person, with their bytes, for the
 * archive of the right of access (GET /api/v1/persons/{id}/export?format=zip):
 * the live attachments and the generated letters (their .odt) of the
 * person's cases the caller may open (référent, live share), decrypted
 * one after the other, never all at once.
 *
 * Who: whoever may open the person (persons_get's check); anyone else
 * gets SVC_NOT_FOUND, the refusal audited as "person.read_denied".  One
 * access-log entry, "person.export", names the person and the number of
 * documents handed ("ID;N"), never a name.
 */
#ifndef RELAIS_DOCUMENTS_H
#define RELAIS_DOCUMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "service/attachments.h"
#include "service/svc.h"

#define DOCUMENTS_ATTACHMENTS "pièces jointes" /* the folders of the archive */
#define DOCUMENTS_LETTERS "courriers"

/* One document: valid during the callback. */
struct person_document {
	const char *folder;   /* DOCUMENTS_ATTACHMENTS or DOCUMENTS_LETTERS */
	const char *name;     /* its file name as uploaded, or the letter's title + ".odt" */
	int64_t created_at;   /* Unix seconds */
};
/* A document begins (then its bytes go to the sink, then end is called);
   non-zero stops. */
typedef int (*document_begin_fn)(void *ctx, const struct person_document *d);
typedef int (*document_end_fn)(void *ctx);

/* Hands every document of person person_id the caller may open to begin,
   sink and end (ctx), in order: attachments oldest first, then letters.
   SVC_OK and *count (may be NULL); SVC_NOT_FOUND, SVC_FORBIDDEN; SVC_ERROR
   when a callback stops or a document does not open (nothing audited). */
int documents_of_person(svc *s, int64_t person_id, document_begin_fn begin,
			attachment_sink_fn sink, document_end_fn end, void *ctx, int *count);

#endif
