/*
 * render/access_pdf — the person's right of access as a readable French PDF
 * (issue 17, item 4): the same document as the JSON export (api/export.c),
 * laid out in sections — identity, consents, corrections asked, each case
 * with its interventions, aids, budget lines, orientations, shares and job
 * retention, the appointments, and who read the file and when.  Every
 * member of the JSON is shown, under its French name where it has one.
 */
#ifndef RELAIS_RENDER_ACCESS_PDF_H
#define RELAIS_RENDER_ACCESS_PDF_H

#include <jansson.h>

#include "support/buf.h"

/* The document doc (members person, corrections, cases, appointments,
   reads) as a PDF appended to out, dated today (AAAA-MM-JJ); coded values
   read through labels, {list: {code: French label}} (the reference lists
   and "appointment_status"; NULL: codes shown as they are), amounts in
   euros.  0, or -1 (logged) when cairo failed. */
int access_pdf(const json_t *doc, const json_t *labels, const char *today, buf *out);

#endif
