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

/*
 * The letterhead of the service's letters ({service.entete}, service/
 * letters.h): another text of the service kept as a setting beside the
 * notice, lines of the service's name, address, telephone…  Edited by who
 * edits the letter templates (ACT_LETTER_TEMPLATES: the head, the
 * administrator).
 */
#define LETTERHEAD_CHARS 600
#define LETTERHEAD_MAX (4 * LETTERHEAD_CHARS)
struct letterhead_input {
	const char *text;
};
enum { LETTERHEAD_TEXT, LETTERHEAD__FIELDS };
extern const struct field letterhead_fields[LETTERHEAD__FIELDS];
/* The letterhead into out ("" when none was written: the letters say
   "Service social du travail").  No personal data: not audited.  SVC_OK,
   SVC_FORBIDDEN for who may not edit it, SVC_ERROR. */
int letterhead_get(svc *s, char *out, size_t len);
/* Replaces the letterhead (blank: none); audited "letterhead.update".
   SVC_INVALID (field "text") when longer than LETTERHEAD_CHARS characters
   or not clean UTF-8; SVC_FORBIDDEN. */
int letterhead_set(svc *s, const char *text);

#endif
