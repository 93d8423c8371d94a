/*
 * web — the French HTML pages.  One file per page (after cgit's ui-*.c);
 * all share the layout below, work without JavaScript, and write every
 * byte through the html.h writers.
 */
#ifndef RELAIS_WEB_H
#define RELAIS_WEB_H

#include "support/html.h"
#include "http/http.h"

/* Opens the page: doctype, head, header with the menu for the user's
   role, and <main>.  title is plain text. */
void page_begin(struct request *req, buf *b, const char *title);
/* The menu group of a page of the menu (its route's pattern), an index
   from 0 in the menu's order, and its French label ("" out of range). */
int page_nav_group(const char *pattern);
const char *page_nav_group_label(int group);
/* Closes <main>, the footer and the document. */
void page_end(struct request *req, buf *b);
/* The hidden CSRF field every state-changing form carries. */
void page_csrf_field(struct request *req, buf *b);
/*
 * A refused form shows its message next to the input concerned.  The
 * message element has the id "err-<prefix><field>"; the input carries
 * aria-invalid and points at it.  Both write nothing unless shown.
 */
void form_error(buf *b, int shown, const char *prefix, const char *field, const char *message);
void form_invalid(buf *b, int shown, const char *prefix, const char *field);
/* An <input> inside its <label>: type and extra (literal attributes, each
   starting with a space) are literals; error is the French message when
   this field was refused, else NULL. */
void form_input(buf *b, const char *type, const char *field, const char *label, const char *value,
		const char *extra, const char *prefix, const char *error);

/* A <textarea> in its <label>, like form_input() (value: its text). */
void form_textarea(buf *b, const char *field, const char *label, const char *value,
		   const char *extra, const char *prefix, const char *error);

/* One choice of a <select>. */
struct form_option {
	const char *code, *label;
	struct form_option *next;
};
/* One <option>, selected when its value is `selected` (may be NULL). */
void form_option(buf *b, const char *value, const char *label, const char *selected);
/* A <select> in its <label>, like form_input: write the options between
   begin and end; error is the French message when refused, else NULL. */
void form_select_begin(buf *b, const char *field, const char *label, const char *prefix,
		       const char *error);
void form_select_end(buf *b, const char *field, const char *prefix, const char *error);
/* A required <select> of opts with "—" first, in its <label>, like
   form_input. */
void form_select(buf *b, const char *field, const char *label, const struct form_option *opts,
		 const char *selected, const char *prefix, const char *error);

/* The entries of some reference lists, kept in the request's arena, for
   labels and <select> options. */
struct web_ref {
	const char *list, *code, *label;
	const char *parent; /* a theme's domain, or NULL */
	int retired;
	struct web_ref *next;
};
#define WEB_REFS_INDEXED 16 /* lists found without walking the others' entries */
struct web_refs {
	arena *a;
	const char *const *lists; /* the lists asked for */
	size_t nlists;
	struct web_ref *head, **tail; /* in list and position order */
	struct web_ref *first[WEB_REFS_INDEXED]; /* list i's first entry (a list's are together) */
};
/* Loads the entries of lists (a service result code). */
int web_refs_load(struct request *req, struct web_refs *r, const char *const *lists,
		  size_t nlists);
const struct web_ref *web_ref_find(const struct web_refs *r, const char *list, const char *code);
/* The French label of code; the code itself when unknown; NULL for none. */
const char *web_ref_label(const struct web_refs *r, const char *list, const char *code);

/* The directory's partners (web/partners.c), copied into the request's
   arena for <select>s and tables. */
struct web_partner {
	int64_t id;
	const char *name, *kind, *address, *phone, *email, *notes;
	struct web_partner *next;
};
/* The partners matching q and kind (NULL: all), in name order; *n (may be
   NULL) gets their count.  A service result code. */
int web_partners_load(struct request *req, const char *q, const char *kind,
		      struct web_partner **out, int *n);
/* A required <select> of partners named field in its <label>, "—" first;
   error is the French message when this field was refused, else NULL. */
void web_partner_select(buf *b, const struct web_partner *list, const char *field,
			const char *label, int64_t selected, const char *prefix, const char *error);
/* The active entries of list in r (and keep, a retired code already on the
   record), as options in the request's arena. */
struct form_option *form_options_of(struct request *req, const struct web_refs *r, const char *list,
				    const char *keep);
/* The organisations the caller sees (own: an employer's own one) as
   options (code, name) in the request's arena, in the service's order;
   *out NULL when there are none.  A service result code. */
int web_organisation_options(struct request *req, int own, struct form_option **out);

/* The organisation page's section on its public request link (status,
   create or replace, revoke) into b (web/employee_requests.c); a service
   result. */
int web_employee_requests_link_section(struct request *req, buf *b, const char *code);

/* Copies the strings at the given offsets of a view (members of type
   const char *, NULL kept) into the arena, so the view outlives the
   service's callback that lent it. */
void web_keep_strings(arena *a, void *view, const size_t *offsets, size_t n);

/* A whole page for an error status with a French message. */
void web_error_page(struct request *req, struct response *resp, int status, const char *message);
/* Sends b as a text/html page with status. */
void page_send(struct response *resp, int status, buf *b);
/* Closes the page (page_end), sends it with status and frees b. */
void page_finish(struct request *req, struct response *resp, int status, buf *b);
/* Date and time in French ("24/11/2026 à 19:21"), in the service's time zone
   (TZ, Europe/Paris by default). */
void page_datetime(buf *b, long long unix_seconds);

/* A refused form of the case page's record sections (aids, budget, job
   retention): the form's name and why (message NULL: shown again without a
   refusal, e.g. with more lines).  The typed values are read back from the
   request. */
struct case_refusal {
	const char *form;  /* "aid", "decision-<aid id>" (web/aids.c), "budget"
			      (web/budget.c); "record", "leave", "part_time"
			      (web/job_retention.c) */
	struct verr error; /* field and French msgid */
	const struct verr_list *all; /* every field refused when read, or NULL:
					each shown next to its field (issue 17) */
};

/*
 * The case page (web/case_page.c): its summary, then its sections, each
 * written by its feature's file.  The page does not name them: it is given
 * their list by the layer above (routes/, through struct http_site's
 * pages), so that the sections may show the page again after a POST
 * without the files calling each other round.
 */
struct case_view;
struct case_form; /* the case forms' typed values and refusal (web/case_forms.h) */
/* The case whose page is being written, as its sections see it. */
struct web_case {
	const struct case_view *v;         /* the case, its strings in the request's arena */
	int referent;                      /* the caller is its référent */
	const struct web_refs *refs;       /* the labels of the case's lists (web/case_forms.h) */
	const struct case_form *form;      /* the case forms' typed values and refusal */
	const struct case_refusal *record; /* the record forms' refusal, or NULL */
};
/* Writes one section of the case page into b.  A service result code;
   nothing is written unless SVC_OK. */
typedef int (*web_case_section_fn)(struct request *req, buf *b, const struct web_case *c);
/* The parts of the pages that the layer above lists (routes/routes.c). */
struct web_pages {
	const web_case_section_fn *case_sections; /* below the case's summary, in page order */
	int ncase_sections;
};
/* The page of case id with status, its record forms showing r (may be
   NULL); the error page when the case cannot be read. */
void web_case_page(struct request *req, struct response *resp, int status, int64_t id,
		   const struct case_refusal *r);
/* The same with its case forms showing f's typed values and refusal. */
void web_case_page_form(struct request *req, struct response *resp, int status, int64_t id,
			const struct case_form *f);
/* After a POST of case form f on case id that the service answered rc:
   back to the case's page, the page again (422) with f refused, or the
   error page. */
void web_case_page_after(struct request *req, struct response *resp, int rc, int64_t id,
			 struct case_form *f);
/* After a POST of record form `form` on case id that the service answered
   rc: back to the case's section #anchor, the page again (422) with the
   refusal, or the error page. */
void web_case_page_record_after(struct request *req, struct response *resp, int rc, int64_t id,
				const char *form, const char *anchor);
/* Refuses record form `form` about field with message (a msgid): the page
   again (422). */
void web_case_page_record_refuse(struct request *req, struct response *resp, int64_t id,
				 const char *form, const char *field, const char *message);
/* The same with every refusal of all (at least one), each next to its
   field. */
void web_case_page_record_refuse_all(struct request *req, struct response *resp, int64_t id,
				     const char *form, const struct verr_list *all);
/* The sections of the case page, in page order (see each file). */
int web_interventions_section(struct request *req, buf *b, const struct web_case *c);
void web_interventions_page_get(struct request *req, struct response *resp);
int web_aids_section(struct request *req, buf *b, const struct web_case *c);
int web_budget_section(struct request *req, buf *b, const struct web_case *c);
int web_orientations_section(struct request *req, buf *b, const struct web_case *c);
int web_secrecy_section(struct request *req, buf *b, const struct web_case *c);
int web_job_retention_section(struct request *req, buf *b, const struct web_case *c);
int web_cases_diagnosis_section(struct request *req, buf *b, const struct web_case *c);
int web_cases_closing_section(struct request *req, buf *b, const struct web_case *c);
int web_sharing_section(struct request *req, buf *b, const struct web_case *c);
/* Issue 16: the case's attachments (web/attachments.c): its section, the
   upload (ROUTE_UPLOAD), the download and the deletion with a reason. */
int web_attachments_section(struct request *req, buf *b, const struct web_case *c);
void web_attachments_create(struct request *req, struct response *resp);
void web_attachments_download(struct request *req, struct response *resp);
void web_attachments_delete(struct request *req, struct response *resp);
/* Letters (web/letters.c, service/letters.h): the case's section, its
   form's POST, the downloads, the templates' page. */
int web_letters_section(struct request *req, buf *b, const struct web_case *c);
void web_letters_create(struct request *req, struct response *resp);
void web_letter_odt(struct request *req, struct response *resp);
void web_letter_pdf(struct request *req, struct response *resp);
void web_letter_preview(struct request *req, struct response *resp);
void web_letter_templates(struct request *req, struct response *resp);
void web_letter_template_retire(struct request *req, struct response *resp);
void web_letter_template_restore(struct request *req, struct response *resp);
void web_letter_template_upload(struct request *req, struct response *resp);
void web_letter_template_replace(struct request *req, struct response *resp);
void web_letter_template_odt(struct request *req, struct response *resp);
void web_letterhead_save(struct request *req, struct response *resp);
/* The week page (web/agenda.c) after one of its forms: status, the form
   refused ("new", "status-<id>", "intervention-<id>"; NULL: none) with
   error (NULL: none), and the calendar feed address to show (or NULL).
   error and feed_url are read during the call only. */
void web_agenda_page(struct request *req, struct response *resp, int status, const char *form,
		     const struct verr *error, const char *feed_url);

/* Pages (see each file). */
void web_login_form(struct request *req, struct response *resp);
void web_login_submit(struct request *req, struct response *resp);
void web_logout(struct request *req, struct response *resp);
void web_dashboard(struct request *req, struct response *resp);
void web_hours(struct request *req, struct response *resp);
void web_permanences(struct request *req, struct response *resp);
void web_permanences_create(struct request *req, struct response *resp);
void web_permanences_cancel(struct request *req, struct response *resp);
void web_permanences_correct(struct request *req, struct response *resp);
void web_hours_convention(struct request *req, struct response *resp);
void web_hours_time(struct request *req, struct response *resp);
/* Issue 17: a time entry corrected or deleted on /heures, with its reason. */
void web_hours_time_correct(struct request *req, struct response *resp);
void web_hours_time_delete(struct request *req, struct response *resp);
void web_users(struct request *req, struct response *resp);
void web_users_create(struct request *req, struct response *resp);
/* issue 13's account life cycle (web/users.c, web/accounts.c) */
void web_users_reset(struct request *req, struct response *resp);
void web_users_disable(struct request *req, struct response *resp);
void web_users_enable(struct request *req, struct response *resp);
void web_users_employer_totp(struct request *req, struct response *resp);
void web_enrolment_form(struct request *req, struct response *resp);
void web_enrolment_submit(struct request *req, struct response *resp);
void web_account(struct request *req, struct response *resp);
void web_account_password(struct request *req, struct response *resp);
void web_account_session_end(struct request *req, struct response *resp);
void web_account_sessions_end_all(struct request *req, struct response *resp);
void web_audit(struct request *req, struct response *resp);
void web_audit_export_csv(struct request *req, struct response *resp);
void web_audit_export_json(struct request *req, struct response *resp);
/* The two-person rule's page (service/twoperson.h). */
void web_twoperson(struct request *req, struct response *resp);
void web_twoperson_confirm(struct request *req, struct response *resp);
void web_twoperson_refuse(struct request *req, struct response *resp);
void web_twoperson_withdraw(struct request *req, struct response *resp);
/* The head's page of the purge: kinds due, bordereau, visas (web/retention.c). */
void web_retention(struct request *req, struct response *resp);
/* The information notice and the accessibility statement (web/notices.c). */
void web_notice_public(struct request *req, struct response *resp);
void web_notice_edit(struct request *req, struct response *resp);
void web_notice_save(struct request *req, struct response *resp);
void web_accessibility(struct request *req, struct response *resp);
/* The notice's text as HTML paragraphs (blank lines part them). */
void web_notice_paragraphs(arena *a, buf *b, const char *text);
void web_retention_bordereau(struct request *req, struct response *resp);
void web_retention_visa(struct request *req, struct response *resp);
/* The home page's notice of what awaits the signed-in person's confirmation
   or concerns her account or cases (nothing when none); a service error. */
int web_twoperson_notice(struct request *req, buf *b);
void web_asset(struct request *req, struct response *resp);
void web_reference(struct request *req, struct response *resp);
void web_reference_add(struct request *req, struct response *resp);
void web_reference_update(struct request *req, struct response *resp);
void web_organisations(struct request *req, struct response *resp);
void web_organisations_create(struct request *req, struct response *resp);
void web_organisation(struct request *req, struct response *resp);
void web_organisation_headcount(struct request *req, struct response *resp);
void web_organisation_assign(struct request *req, struct response *resp);
void web_organisation_unassign(struct request *req, struct response *resp);
void web_persons(struct request *req, struct response *resp);
void web_person_new(struct request *req, struct response *resp);
void web_person_create(struct request *req, struct response *resp);
void web_person(struct request *req, struct response *resp);
void web_person_notice(struct request *req, struct response *resp);
void web_person_update(struct request *req, struct response *resp);
/* The person's timeline (web/timeline.c, service/person_page.h). */
struct web_timeline {
	int64_t person_id;
	const char *after;             /* the page's cursor, NULL: the latest */
	const char *kinds;             /* the filter ("aid,orientation"), NULL: every kind */
	int whole;                     /* the printable page's: all of it, no form nor paging */
	const struct web_refs *refs;   /* the labels: lists referral_source, outcome, mode,
					  intervention_kind, aid_kind, funder, aid_decision */
};
/* The file's "Chronologie" section (whole: the printable page's list)
   into b: the entries of t's kinds after t's cursor, with the filter's
   form and links to older and to the latest ones; a service result code
   (SVC_INVALID for a cursor the timeline did not write or unknown kinds). */
int web_timeline_section(struct request *req, buf *b, const struct web_timeline *t);
/* GET /persons/{id}/chronologie: the whole timeline, printable, read as
   the person's page (one check, one access-log entry). */
void web_person_timeline(struct request *req, struct response *resp);
/* 400 with the kinds a timeline's filter knows. */
void web_timeline_bad_kinds(struct request *req, struct response *resp);
/* The French label of an orientation's status (web/orientations.c). */
const char *web_orientation_status_label(const char *code);
/* The person's rights on request (web/rights.c, service/rights.h): the
   person file's erasure form and correction fields (reason: the typed
   reason to show again, NULL when none), the request, the page
   "Effacements" and its decisions. */
void web_rights_erasure_section(struct request *req, buf *b, int64_t person_id);
void web_rights_correction_fields(buf *b, const char *reason);
/* The head's home page notice of the erasure requests awaiting a decision
   (nothing when none); a service error. */
int web_rights_erasures_notice(struct request *req, buf *b);
void web_erasure_request(struct request *req, struct response *resp);
void web_erasures(struct request *req, struct response *resp);
void web_erasure_confirm(struct request *req, struct response *resp);
void web_erasure_refuse(struct request *req, struct response *resp);
void web_cases(struct request *req, struct response *resp);
void web_cases_new(struct request *req, struct response *resp);
void web_cases_create(struct request *req, struct response *resp);
void web_case_page_get(struct request *req, struct response *resp);
void web_cases_update(struct request *req, struct response *resp);
void web_cases_close(struct request *req, struct response *resp);
void web_interventions_create(struct request *req, struct response *resp);
void web_sharing_create(struct request *req, struct response *resp);
void web_sharing_end(struct request *req, struct response *resp);
void web_caseloads_handover(struct request *req, struct response *resp);
void web_aids_create(struct request *req, struct response *resp);
void web_aids_decide(struct request *req, struct response *resp);
void web_budget_put(struct request *req, struct response *resp);
void web_caseloads(struct request *req, struct response *resp);
void web_caseloads_transfer(struct request *req, struct response *resp);
void web_bilan(struct request *req, struct response *resp);
void web_bilan_publish(struct request *req, struct response *resp);
void web_partners(struct request *req, struct response *resp);
void web_partners_create(struct request *req, struct response *resp);
void web_partners_merge(struct request *req, struct response *resp);
void web_orientations_create(struct request *req, struct response *resp);
void web_secrecy_create(struct request *req, struct response *resp);
void web_secrecy_delete(struct request *req, struct response *resp);
void web_orientations_update(struct request *req, struct response *resp);
void web_actions(struct request *req, struct response *resp);
void web_actions_create(struct request *req, struct response *resp);
void web_job_retention_update(struct request *req, struct response *resp);
void web_job_retention_leave_create(struct request *req, struct response *resp);
void web_job_retention_leave_end(struct request *req, struct response *resp);
void web_job_retention_leave_delete(struct request *req, struct response *resp);
void web_job_retention_part_time_create(struct request *req, struct response *resp);
void web_job_retention_part_time_delete(struct request *req, struct response *resp);
void web_agenda(struct request *req, struct response *resp);
void web_appointments_create(struct request *req, struct response *resp);
void web_appointments_status(struct request *req, struct response *resp);
void web_appointments_intervention(struct request *req, struct response *resp);
void web_appointments_move(struct request *req, struct response *resp);
void web_calendar_secret(struct request *req, struct response *resp);
void web_employer_requests(struct request *req, struct response *resp);
void web_employer_requests_create(struct request *req, struct response *resp);
void web_employer_requests_reply(struct request *req, struct response *resp);
void web_employer_requests_close(struct request *req, struct response *resp);
void web_employee_requests(struct request *req, struct response *resp);
void web_employee_requests_convert(struct request *req, struct response *resp);
void web_employee_requests_dismiss(struct request *req, struct response *resp);
void web_employee_requests_link_create(struct request *req, struct response *resp);
void web_employee_requests_link_revoke(struct request *req, struct response *resp);
void web_employee_requests_form(struct request *req, struct response *resp);
void web_employee_requests_submit(struct request *req, struct response *resp);
/* 1 when the browser says the public form was sent from another site
   (Sec-Fetch-Site, or an Origin that is not this Host). */
int web_cross_site(struct request *req);

/* Issue 17: correcting records (web/corrections.c, web/appointments.c). */
void web_interventions_correct(struct request *req, struct response *resp);
void web_interventions_delete(struct request *req, struct response *resp);
void web_aids_delete(struct request *req, struct response *resp);
void web_aids_correct(struct request *req, struct response *resp);
void web_permanences_delete(struct request *req, struct response *resp);
void web_actions_delete(struct request *req, struct response *resp);
void web_actions_correct(struct request *req, struct response *resp);
void web_partners_update(struct request *req, struct response *resp);
void web_appointments_delete(struct request *req, struct response *resp);

/* The worker's own persons a creation seems to duplicate
   (persons_create_checked, employee_requests_convert): kept by web_dup_keep
   (ctx: a struct web_dups with req set), listed with a link to each by
   web_dups_render, and the "Créer quand même" checkbox web_dups_confirm
   writes into the form. */
struct person_view;
struct web_dup {
	int64_t id;
	const char *name, *birth_date; /* arena */
	struct web_dup *next;
};
struct web_dups {
	struct request *req;
	struct web_dup *head;
};
int web_dup_keep(void *ctx, const struct person_view *p);
void web_dups_render(struct request *req, buf *b, const struct web_dup *dups);
void web_dups_confirm(buf *b);

#endif
