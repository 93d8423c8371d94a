/*
 * employee_requests — an employee asks to be contacted (issue 6): each
 * organisation may have a public, unguessable link (/demande/{token},
 * created and revoked by the head or the admin; only the token's hash is
 * stored) where an employee asks to be contacted without an account.
 * Submissions are rate-limited per client address and per link.  The
 * request waits, pending, for the workers assigned to the organisation,
 * who convert it (creating the person, with the person's consent, through
 * persons.h) or dismiss it (domain/employee_requests.h).
 *
 * Secrecy: every free text is sealed at rest (support/box.h).  Employee
 * requests are seen only by the workers of their organisation (the head: a
 * count on the dashboard), never by the employer.  Reads and writes are
 * audited; a request out of the caller's scope is "not found", and the
 * attempt is audited.  The employers' requests are
 * service/employer_requests.h.
 */
#ifndef RELAIS_SERVICE_EMPLOYEE_REQUESTS_H
#define RELAIS_SERVICE_EMPLOYEE_REQUESTS_H

#include <stdint.h>

#include "domain/employee_requests.h"
#include "domain/field.h"
#include "service/appointments.h"
#include "service/dashboard.h"
#include "service/persons.h"
#include "service/svc.h"
#include "support/sec.h"

/* ---- the public link ---- */

/* A fresh link token for organisation (policy request_links), replacing
   any previous one: token receives it once, only its hash is kept. */
int employee_requests_link_create(svc *s, const char *organisation,
				  char token[SEC_TOKEN_LEN + 1]);
/* Revokes the organisation's link (harmless when there is none). */
int employee_requests_link_revoke(svc *s, const char *organisation);
/* Whether the organisation has a live link: *created_at its creation time,
   0 when none (policy request_links). */
int employee_requests_link_status(svc *s, const char *organisation, int64_t *created_at);

/* The organisation's name behind a public token (no account needed):
   SVC_NOT_FOUND for an unknown or revoked token. */
int employee_requests_form(svc *s, const char *token, char *org_name, size_t len);

/* The public form's input (struct employee_request_fields), declared once
   (domain/field.h) in the order domain/employee_requests.h checks it. */
enum { EMPREQ_LAST_NAME, EMPREQ_FIRST_NAME, EMPREQ_CONTACT, EMPREQ_PREFERENCE, EMPREQ_MESSAGE,
       EMPREQ_CONSENT, EMPREQ__FIELDS };
extern const struct field employee_requests_submit_fields[EMPREQ__FIELDS];

/*
 * An employee's request through a public token, from the call's client
 * address.  refused is the form reader's first refusal of in (NULL: none):
 * it is answered only after the token and the rate limit, as any other
 * refusal.  SVC_NOT_FOUND for an unknown or revoked token; SVC_LOCKED
 * when the rate limit is reached (every attempt counts, valid or not);
 * SVC_INVALID naming the field; SVC_OK.  Nothing is looked up about the
 * person: the answer is the same whoever they are.
 */
int employee_requests_submit(svc *s, const char *token,
			     const struct employee_request_fields *in, const struct verr *refused);

/* ---- for the workers ---- */

/* A request as shown.  Strings valid during the callback only. */
struct employee_request_view {
	int64_t id;
	const char *organisation, *organisation_name;
	const char *last_name, *first_name, *contact;
	const char *preference; /* permanence, telephone */
	const char *message;    /* NULL when none */
	const char *status;     /* pending, converted, dismissed */
	int64_t person_id;      /* the person created, 0 before */
	int64_t created_at;
};
typedef int (*employee_request_fn)(void *ctx, const struct employee_request_view *v);

/* One page (service/paging.h) of the requests in status (NULL:
   "pending") of the organisations the caller serves, oldest first then by
   id, and their number (policy employee_requests; audited
   employee_request.list).  SVC_INVALID ("status", "after") for an
   unknown status or a cursor this list did not write. */
struct page;
int employee_requests_page(svc *s, const char *status, struct page *pg, employee_request_fn fn,
			   void *ctx);

/* The input of employee_requests_convert, declared once (domain/field.h):
   the person (struct person_input: what the worker completes, the consent
   date first), then the first appointment (struct appointment_input: the
   API's member EMPREQ_APPOINTMENT, the form's fields when start is given).
   The types and bounds only: persons_create and appointments_create keep
   their rules, with these messages. */
enum { EMPREQ_CONSENT_ON, EMPREQ_PERSON_LAST_NAME, EMPREQ_PERSON_FIRST_NAME, EMPREQ_BIRTH_DATE,
       EMPREQ_SEX, EMPREQ_STATUS, EMPREQ_CATEGORY, EMPREQ_FAMILY_SITUATION, EMPREQ_JOB_TITLE,
       EMPREQ_PHONE, EMPREQ_EMAIL, EMPREQ_STATISTICS, EMPREQ_CONVERT__FIELDS };
extern const struct field employee_requests_convert_fields[EMPREQ_CONVERT__FIELDS];
#define EMPREQ_APPOINTMENT "appointment" /* the API's member holding the appointment */
enum { EMPREQ_APPT_START, EMPREQ_APPT_END, EMPREQ_APPT_MODE, EMPREQ_APPT_SITE,
       EMPREQ_APPT__FIELDS };
extern const struct field employee_requests_appointment_fields[EMPREQ_APPT__FIELDS];

/*
 * Converts pending request id into a person of its organisation with the
 * caller as référent (persons_create: consent_on is required; last and
 * first names, phone or e-mail default to what the employee typed), in
 * one transaction, with the first appointment when appt is not NULL (the
 * caller's, for the new person: appointments.h; its refusals name start, end,
 * mode or site).  *person_id (and *appointment_id, may be NULL) get the new
 * records.  SVC_NOT_FOUND outside the caller's organisations, SVC_CONFLICT
 * when no longer pending.  Unless person->confirm, the caller's own
 * persons the new one seems to be are checked first, as
 * persons_create_checked does (given to dup_fn, which may be NULL; the
 * answer SVC_CONFLICT on "duplicate", nothing converted).
 */
int employee_requests_convert(svc *s, int64_t id, const struct person_input *person,
			      const struct appointment_input *appt, person_fn dup_fn,
			      void *dup_ctx, int64_t *person_id, int64_t *appointment_id);
/* Dismisses pending request id (same rules). */
int employee_requests_dismiss(svc *s, int64_t id);

/* The dashboard's "employee_request" lines (dashboard.h): a worker's
   pending requests of her organisations (case_id 0, person: the
   employee's typed name, the request's date); the head, one count line.
   No audit entry of its own: the dashboard calls it right after
   employer_requests_dashboard, whose request.dashboard entry covers both
   kinds (as the one entry it has always been). */
int employee_requests_dashboard(svc *s, dashboard_fn fn, void *ctx);

#endif
