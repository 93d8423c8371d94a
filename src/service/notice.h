/*
 * notice — the information notice the law requires (RGPD art. 13, issue
 * 17): who processes the person's data, why, on what basis, who sees it,
 * how long it is kept, her rights and the DPO's contact.  One text for the
 * service, edited by the administrator (the service's name and its DPO's
 * address are hers to fill in); shown on the employees' public request
 * form and on a public page the worker prints and hands over at the first
 * interview.
 */
#ifndef RELAIS_NOTICE_H
#define RELAIS_NOTICE_H

#include "domain/field.h"
#include "service/svc.h"

/* The text's length limit, in characters, and the bytes that hold it. */
#define NOTICE_CHARS 8000
#define NOTICE_MAX (4 * NOTICE_CHARS)

/* What the administrator's form sends. */
struct notice_input {
	const char *text;
};
enum { NOTICE_TEXT, NOTICE__FIELDS };
extern const struct field notice_fields[NOTICE__FIELDS];

/* The text shipped until the administrator writes the service's own:
   paragraphs separated by a blank line. */
extern const char notice_default[];

/*
 * The service's notice into out (len bytes, NOTICE_MAX + 1 holds any):
 * the administrator's text, or notice_default when she wrote none.  Anyone
 * may read it (no personal data): not audited.  *custom tells which.
 * SVC_OK or SVC_ERROR.
 */
int notice_get(svc *s, char *out, size_t len, int *custom);

/*
 * Replaces the notice (NULL or blank: back to notice_default); audited
 * ("notice.update").  Who may edit the reference lists only
 * (ACT_REFERENCE_EDIT: the administrator).  SVC_OK; SVC_INVALID (field
 * "text") on text longer than NOTICE_CHARS characters or not clean UTF-8;
 * SVC_FORBIDDEN.
 */
int notice_set(svc *s, const char *text);

#endif
