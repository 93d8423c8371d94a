/*
 * api — the JSON API under /api/v1.  Bodies are JSON objects (jansson),
 * parsed by the router for the routes flagged ROUTE_JSON (req->json, owned
 * by the request); errors have the shape {"error":{"code","message"[,"field"]}}.
 */
#ifndef RELAIS_API_H
#define RELAIS_API_H

#include <jansson.h>

#include "http/http.h"
#include "service/bilan.h"

/* A string member, or NULL when absent; answers 422 naming the field
   and sets *bad when present but not a string. */
const char *api_string(json_t *obj, const char *key, struct request *req,
		       struct response *resp, int *bad);
/*
 * The members of a declared input (domain/field.h) into dest: strings for
 * text, dates and codes, integers for numbers (money in cents), booleans
 * for checkboxes; null or absent is "not sent".  Strings are copied into
 * the request's arena.  0, or -1 after answering 422 naming the first
 * member refused.
 */
int api_fields(struct request *req, struct response *resp, json_t *body,
	       const struct field *fields, size_t n, void *dest);
/* Sends j (stolen) with status. */
void api_send(struct response *resp, int status, json_t *j);
/* Answers {"<key>": list} (stolen) when rc is SVC_OK, the service error
   otherwise. */
void api_send_list(struct request *req, struct response *resp, int rc, const char *key,
		   json_t *list);
/* Answers 201 {"id": *id} when rc is SVC_OK, the service error otherwise. */
void api_send_created(struct request *req, struct response *resp, int rc, const int64_t *id);
/* A JSON string, or null for NULL. */
json_t *api_nullable(const char *s);
/* {"login","name","role"} of a signed-in user. */
json_t *api_user_json(const struct actor *who);

/* The bilan's JSON, keys as the issue fixes them (caller decrefs). */
json_t *api_report_json(const struct bilan *r);
/* The bilan as CSV into b: one row per (breakdown, key, value), "< 11" for
   a hidden count. */
void api_report_csv(const struct bilan *r, buf *b);

/* One format of the bilan. */
struct report_format {
	const char *name;         /* "json", "csv", "csv-fr", "html", "xlsx", "pdf" */
	const char *content_type; /* its media type */
};
/* The format called name: json, html, csv (machine: English keys, ','),
   csv-fr (French spreadsheets), xlsx, pdf (NULL when unknown). */
const struct report_format *api_report_format(const char *name);
/* The bilan r in format f into out: the same computed report for every
   format.  SVC_OK, a service error (labels), or SVC_ERROR (logged). */
int api_report_render(svc *s, const struct bilan *r, const struct report_format *f, buf *out);

/* The hours of a year (service/conventions.h) as JSON (caller decrefs). */
struct consumption;
json_t *api_consumption_json(const struct consumption *c);

/* List callbacks: each appends its record's JSON, as its own endpoint
   shows it, to the array ctx (the person's export reuses them). */
struct person_view;
struct case_view;
struct intervention_view;
struct aid_view;
struct budget_view;
struct orientation_view;
struct secrecy_view;
struct share_view;
int api_person_listed(void *ctx, const struct person_view *p);
/* The ids of the caller's own duplicates of a person being created, into
   the JSON array ctx (persons_create_checked's fn); then the 409 that
   names them, answered when rc is that refusal (1), else ids is freed (0). */
int api_duplicate_id(void *ctx, const struct person_view *p);
int api_duplicates_answer(struct request *req, struct response *resp, int rc, json_t *ids);
int api_case_listed(void *ctx, const struct case_view *c);
int api_case_full_listed(void *ctx, const struct case_view *c); /* with the sealed texts */
int api_intervention_listed(void *ctx, const struct intervention_view *v);
int api_aid_listed(void *ctx, const struct aid_view *v);
int api_budget_listed(void *ctx, const struct budget_view *v);
int api_orientation_listed(void *ctx, const struct orientation_view *v);
int api_secrecy_listed(void *ctx, const struct secrecy_view *v);
int api_share_listed(void *ctx, const struct share_view *v);
/* The job retention record of a case (NULL and *rc set when refused). */
json_t *api_job_retention_json(svc *s, int64_t case_id, int *rc);

/* Handlers (see each file). */
void api_session_create(struct request *req, struct response *resp);
void api_bilan_publish(struct request *req, struct response *resp);
void api_bilan_publications(struct request *req, struct response *resp);
void api_session_delete(struct request *req, struct response *resp);
void api_me(struct request *req, struct response *resp);
void api_users_list(struct request *req, struct response *resp);
void api_users_create(struct request *req, struct response *resp);
/* issue 13's account life cycle (api/accounts.c) */
void api_enrolment_get(struct request *req, struct response *resp);
void api_enrolment_post(struct request *req, struct response *resp);
void api_users_reset(struct request *req, struct response *resp);
void api_users_disable(struct request *req, struct response *resp);
void api_users_enable(struct request *req, struct response *resp);
void api_users_caseload(struct request *req, struct response *resp);
void api_account_password(struct request *req, struct response *resp);
void api_account_sessions(struct request *req, struct response *resp);
void api_account_session_end(struct request *req, struct response *resp);
void api_account_sessions_end_all(struct request *req, struct response *resp);
void api_audit_list(struct request *req, struct response *resp);
void api_audit_verify(struct request *req, struct response *resp);
void api_audit_report_reads(struct request *req, struct response *resp);
void api_health(struct request *req, struct response *resp);
/* The API described as an OpenAPI 3.1 document (openapi.c). */
void api_openapi(struct request *req, struct response *resp);
void api_reference_list(struct request *req, struct response *resp);
void api_reference_add(struct request *req, struct response *resp);
void api_reference_update(struct request *req, struct response *resp);
void api_organisations_list(struct request *req, struct response *resp);
void api_organisations_create(struct request *req, struct response *resp);
void api_organisation_get(struct request *req, struct response *resp);
void api_organisation_headcount(struct request *req, struct response *resp);
void api_organisation_assign(struct request *req, struct response *resp);
void api_organisation_unassign(struct request *req, struct response *resp);
void api_persons_create(struct request *req, struct response *resp);
void api_persons_search(struct request *req, struct response *resp);
void api_person_get(struct request *req, struct response *resp);
void api_person_export(struct request *req, struct response *resp);
void api_person_update(struct request *req, struct response *resp);
void api_person_notice(struct request *req, struct response *resp);
/* The person's timeline, a page at a time (api/timeline.c). */
void api_persons_timeline(struct request *req, struct response *resp);
void api_cases_create(struct request *req, struct response *resp);
void api_cases_list(struct request *req, struct response *resp);
void api_case_get(struct request *req, struct response *resp);
void api_case_update(struct request *req, struct response *resp);
void api_interventions_create(struct request *req, struct response *resp);
void api_interventions_list(struct request *req, struct response *resp);
void api_sharing_create(struct request *req, struct response *resp);
void api_sharing_delete(struct request *req, struct response *resp);
void api_sharing_list(struct request *req, struct response *resp);
void api_caseloads_handover(struct request *req, struct response *resp);
void api_aids_create(struct request *req, struct response *resp);
void api_aids_list(struct request *req, struct response *resp);
void api_aid_get(struct request *req, struct response *resp);
void api_aid_update(struct request *req, struct response *resp);
void api_budget_put(struct request *req, struct response *resp);
void api_budget_get(struct request *req, struct response *resp);
void api_budget_history(struct request *req, struct response *resp);
void api_caseloads_list(struct request *req, struct response *resp);
void api_caseloads_transfer(struct request *req, struct response *resp);
/* The person's rights on request (service/rights.h). */
/* Appends one correction (struct correction_view) to the JSON array ctx. */
struct correction_view;
int api_correction_listed(void *ctx, const struct correction_view *v);
void api_erasure_request(struct request *req, struct response *resp);
void api_erasures_list(struct request *req, struct response *resp);
void api_erasure_confirm(struct request *req, struct response *resp);
void api_erasure_refuse(struct request *req, struct response *resp);
/* The two-person rule (service/twoperson.h). */
void api_twoperson_list(struct request *req, struct response *resp);
void api_twoperson_confirm(struct request *req, struct response *resp);
void api_twoperson_refuse(struct request *req, struct response *resp);
void api_twoperson_withdraw(struct request *req, struct response *resp);
/* Answers 202 {"status":"pending","proposal":id,"message"} after a use case
   answered SVC_PENDING. */
void api_pending(struct request *req, struct response *resp);
void api_bilan(struct request *req, struct response *resp);
void api_hours_conventions_create(struct request *req, struct response *resp);
void api_hours_conventions_list(struct request *req, struct response *resp);
void api_hours_time_create(struct request *req, struct response *resp);
void api_hours_consumption(struct request *req, struct response *resp);
void api_partners_create(struct request *req, struct response *resp);
void api_partners_search(struct request *req, struct response *resp);
void api_partner_get(struct request *req, struct response *resp);
void api_partner_update(struct request *req, struct response *resp);
void api_partners_merge(struct request *req, struct response *resp);
void api_orientations_create(struct request *req, struct response *resp);
void api_orientations_list(struct request *req, struct response *resp);
void api_orientation_update(struct request *req, struct response *resp);
void api_secrecy_create(struct request *req, struct response *resp);
void api_secrecy_list(struct request *req, struct response *resp);
void api_secrecy_delete(struct request *req, struct response *resp);
void api_actions_create(struct request *req, struct response *resp);
void api_actions_list(struct request *req, struct response *resp);
void api_job_retention_get(struct request *req, struct response *resp);
void api_job_retention_update(struct request *req, struct response *resp);
void api_job_retention_leaves_create(struct request *req, struct response *resp);
void api_job_retention_leaves_list(struct request *req, struct response *resp);
void api_job_retention_leave_update(struct request *req, struct response *resp);
void api_job_retention_leave_delete(struct request *req, struct response *resp);
void api_job_retention_part_times_create(struct request *req, struct response *resp);
void api_job_retention_part_time_delete(struct request *req, struct response *resp);
void api_permanences_create(struct request *req, struct response *resp);
void api_permanences_list(struct request *req, struct response *resp);
void api_permanences_cancel(struct request *req, struct response *resp);
void api_appointments_create(struct request *req, struct response *resp);
void api_appointments_list(struct request *req, struct response *resp);
void api_appointments_get(struct request *req, struct response *resp);
void api_appointments_update(struct request *req, struct response *resp);
void api_appointments_intervention(struct request *req, struct response *resp);
void api_appointments_move(struct request *req, struct response *resp);
void api_calendar_get(struct request *req, struct response *resp);
void api_calendar_revoke(struct request *req, struct response *resp);
void api_calendar_feed(struct request *req, struct response *resp);
void api_employer_requests_create(struct request *req, struct response *resp);
void api_employer_requests_list(struct request *req, struct response *resp);
void api_employer_requests_reply(struct request *req, struct response *resp);
void api_employer_requests_close(struct request *req, struct response *resp);
void api_employee_requests_link_create(struct request *req, struct response *resp);
void api_employee_requests_link_delete(struct request *req, struct response *resp);
void api_employee_requests_list(struct request *req, struct response *resp);
void api_employee_requests_convert(struct request *req, struct response *resp);
void api_employee_requests_dismiss(struct request *req, struct response *resp);

/* Issue 17: correcting records (api/corrections.c). */
void api_interventions_correct(struct request *req, struct response *resp);
void api_interventions_delete(struct request *req, struct response *resp);
void api_aids_delete(struct request *req, struct response *resp);
void api_aids_correct(struct request *req, struct response *resp);
void api_hours_time_correct(struct request *req, struct response *resp);
void api_actions_correct(struct request *req, struct response *resp);
void api_permanences_correct(struct request *req, struct response *resp);
void api_permanences_delete(struct request *req, struct response *resp);
void api_actions_delete(struct request *req, struct response *resp);
void api_hours_time_delete(struct request *req, struct response *resp);
void api_appointments_delete(struct request *req, struct response *resp);
/* Issue 16: a case's attachments (api/attachments.c). */
void api_attachments_create(struct request *req, struct response *resp);
void api_attachments_list(struct request *req, struct response *resp);
void api_attachment_get(struct request *req, struct response *resp);
void api_attachment_delete(struct request *req, struct response *resp);
struct attachment_view;
/* One attachment as listed (and in the person's export: a manifest, each
   live file with its download path, never its bytes). */
int api_attachment_listed(void *ctx, const struct attachment_view *v);
/* Letter templates and the letters of a case (service/letters.h). */
void api_letter_templates_list(struct request *req, struct response *resp);
void api_letter_templates_create(struct request *req, struct response *resp);
void api_letter_template_get(struct request *req, struct response *resp);
void api_letter_template_odt(struct request *req, struct response *resp);
void api_letter_template_retire(struct request *req, struct response *resp);
void api_letter_template_restore(struct request *req, struct response *resp);
void api_letters_create(struct request *req, struct response *resp);
void api_letters_list(struct request *req, struct response *resp);
/* A letter as listed, appended to the JSON array ctx (the export too). */
struct letter_view;
int api_letter_listed(void *ctx, const struct letter_view *v);
void api_letter_odt(struct request *req, struct response *resp);
void api_letter_pdf(struct request *req, struct response *resp);
void api_letter_text(struct request *req, struct response *resp);

#endif
