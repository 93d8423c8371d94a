/*
 * employer_requests — an employer asks the service to intervene (issue 6):
 * an employer contact sends a request for intervention for its own
 * organisation (subject, message, contact); the workers assigned to the
 * organisation and the head of service read it and answer in free text,
 * which the employer reads.  open → answered → closed
 * (domain/employer_requests.h).
 *
 * Secrecy: every free text is sealed at rest (support/box.h).  Nothing an
 * employer can call looks up a person: its answers never depend on whether
 * someone is followed.  Reads and writes are audited; a request out of the
 * caller's scope is "not found", and the attempt is audited.
 * The employees' own requests are service/employee_requests.h.
 */
#ifndef RELAIS_SERVICE_EMPLOYER_REQUESTS_H
#define RELAIS_SERVICE_EMPLOYER_REQUESTS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/dashboard.h"
#include "service/svc.h"

struct employer_request_input {
	const char *subject, *message;
	const char *contact; /* optional: how to reach the employer's contact */
};

/* The input of employer_requests_create, declared once for the form and
   the JSON body (domain/field.h), in the order the service checks it. */
enum { EREQ_SUBJECT, EREQ_MESSAGE, EREQ_CONTACT, EREQ__FIELDS };
extern const struct field employer_requests_fields[EREQ__FIELDS];

/* The input of employer_requests_reply: the reply's text. */
struct employer_request_reply_input {
	const char *message;
};
enum { EREQ_REPLY_MESSAGE, EREQ_REPLY__FIELDS };
extern const struct field employer_requests_reply_fields[EREQ_REPLY__FIELDS];

/* Sends a request for the caller's organisation (policy requests.send).
   SVC_INVALID names the field. */
int employer_requests_create(svc *s, const struct employer_request_input *in, int64_t *id);

/* A request as shown.  Strings valid during the callback only. */
struct employer_request_view {
	int64_t id;
	const char *organisation, *organisation_name; /* code, name */
	const char *author;                           /* the sender's display name */
	const char *subject, *message, *contact;      /* contact NULL when none */
	const char *status;                           /* open, answered, closed */
	int64_t created_at, updated_at;
};
/* A reply to a request.  Strings valid during the callback only. */
struct employer_request_reply_view {
	int64_t id, request_id;
	const char *author; /* the worker's display name */
	const char *message;
	int64_t created_at;
};
typedef int (*employer_request_fn)(void *ctx, const struct employer_request_view *v);
typedef int (*employer_request_reply_fn)(void *ctx,
					 const struct employer_request_reply_view *v);

/* One page (service/paging.h) of the requests the caller may read, newest
   first then by id, and their number, then (when replies is not NULL)
   every reply to the page's requests, by request and date (policy
   requests.read: an employer its organisation's, a worker those of her
   organisations, the head all).  Audited request.list.  SVC_INVALID
   ("after") for a cursor this list did not write. */
struct page;
int employer_requests_page(svc *s, struct page *pg, employer_request_fn fn,
			   employer_request_reply_fn replies, void *ctx);

/* Answers request id (policy requests.reply; a worker only for her
   organisations, else SVC_NOT_FOUND); it becomes "answered".  SVC_CONFLICT
   when it is closed. */
int employer_requests_reply(svc *s, int64_t id, const char *message);

/* Closes request id (its employer, a worker of the organisation or the
   head).  SVC_CONFLICT when already closed. */
int employer_requests_close(svc *s, int64_t id);

/* The dashboard's "employer_request" lines (dashboard.h): a worker's open
   requests of her organisations (case_id 0, person: the organisation's
   name, the request's date); the head, one count line.  The worker's read
   is audited request.dashboard, which also stands for the
   "employee_request" lines read after it (employee_requests_dashboard). */
int employer_requests_dashboard(svc *s, dashboard_fn fn, void *ctx);

#endif
