/*
 * case_forms — what the files of a case's page share (web/case_page.c lays
 * the page out; cases.c, interventions.c, aids.c, budget.c,
 * orientations.c and sharing.c write its sections and answer their
 * forms' POSTs).  Internal to web/.
 *
 * Two kinds of forms live on the page.  The case forms (struct case_form:
 * the case itself, interventions, orientations, sharing) carry their typed
 * values and refusal to the page in one struct.  The record forms (struct
 * record_form: aids, budget) are named by a struct case_refusal (web.h)
 * and read their typed values back from the request.  Either kind shows a
 * refused form open again, with the message next to its field, or above
 * the form when the field has no input of its own.
 */
#ifndef RELAIS_WEB_CASE_FORMS_H
#define RELAIS_WEB_CASE_FORMS_H

#include <stdint.h>

#include "service/cases.h"
#include "service/interventions.h"
#include "service/orientations.h"
#include "service/secrecy.h"
#include "web/web.h"

/* ---- small writers and readers ---- */

/* Loads the labels of the case page's reference lists (domain,
   referral_source, outcome, mode, intervention_kind, partner_kind) into r;
   a service result code. */
int case_form_refs_load(struct request *req, struct web_refs *r);
/* The French label of code in list; the code itself when unknown; "—" for
   no value. */
const char *case_form_ref_label(const struct web_refs *r, const char *list, const char *code);
/* An ISO date the French way ("24/11/2026"); "—" for NULL or "". */
void case_form_date(buf *b, const char *iso);
/* Free text as a paragraph of lines: each line escaped, <br> between;
   pieces in the arena a. */
void case_form_multiline(buf *b, arena *a, const char *text);
/* An amount the French way; a negative one in <strong class="negative">. */
void case_form_money(buf *b, int64_t cents);
/* An amount in euros for an input ("1234,50"), in the arena. */
const char *case_form_euros(arena *a, int64_t cents);
/* Text as typed in a <textarea>: browsers send CRLF; we keep LF, in the
   arena (s itself when it has no CR).  NULL stays NULL. */
const char *case_form_lf_only(arena *a, const char *s);
/* Whether the signed-in user is login (NULL: no). */
int case_form_is_me(struct request *req, const char *login);
/* A positive id from text (may be NULL), or 0 (then: not found). */
int64_t case_form_parse_id(const char *s);
/* Path parameter i of /cases/{id}… as a positive id, or 0 after answering
   "not found"; for the parameters after the first, which the router reads
   into req->id (ROUTE_ID). */
int64_t case_form_path_id(struct request *req, struct response *resp, int i);
/* Whether code is one of the n codes (NULL entries skipped). */
int case_form_has_code(const char *const *codes, int n, const char *code);
/* Opens a <section> with its <h2>; id is a literal, title plain text. */
void case_form_section(buf *b, const char *id, const char *title);
/* Ends a section: its list (items, n entries; freed here) or, when empty,
   the sentence saying so. */
void case_form_section_end(buf *b, buf *items, size_t n, const char *empty);
/* Opens a <details> (open when asked) with its <summary>, plain text. */
void case_form_details_open(buf *b, int open, const char *summary);
/* Opens a POST form to /cases/<case_id><tail>, with its CSRF field. */
void case_form_open(struct request *req, buf *b, int64_t case_id, const char *tail);
/* A submit button labelled label (plain text). */
void case_form_submit(buf *b, const char *label);

/* ---- the case forms ---- */

/* The case forms; several share the case page, so the ids of their error
   messages carry the form's prefix (case_form_prefix()). */
enum case_form_which {
	CASE_FORM_NONE,
	CASE_FORM_NEW,
	CASE_FORM_EDIT,
	CASE_FORM_CLOSE,
	CASE_FORM_INTERVENTION,
	CASE_FORM_SHARE,
	CASE_FORM_HANDOVER,
	CASE_FORM_ORIENT,
	CASE_FORM_ORIENT_STATUS,
	CASE_FORM_SECRECY
};

/* A case form as submitted: which one, what was typed, why refused. */
struct case_form {
	enum case_form_which which; /* the form submitted; CASE_FORM_NONE on a plain GET */
	int refused;                /* error holds why it was refused */
	struct verr error;          /* a copy: later look-ups must not change it */
	struct verr_list errors;    /* every field refused when read (case_form_read): each
				       shown next to its field; error is the first */
	struct case_input c;        /* NEW, EDIT, CLOSE */
	struct intervention_input iv;
	const char *duration;               /* as typed */
	const char *login, *until, *reason; /* SHARE, HANDOVER */
	struct orientation_input orient;    /* ORIENT */
	int64_t orientation_id;             /* ORIENT_STATUS: the row whose form was sent */
	const char *status, *date;          /* ORIENT_STATUS as chosen */
	struct secrecy_input secrecy;       /* SECRECY */
};

/* Reads the fields of form f into dest (req_fields_all): 0, or -1 with f's
   error and errors set (not yet marked refused). */
int case_form_read(struct request *req, struct case_form *f, const struct field *fields,
		   size_t n, void *dest);
/* Marks f refused with the service's last refusal (svc_error), copied. */
void case_form_refuse(struct case_form *f, struct request *req);
/* The prefix of form w's error ids ("edit-"), a literal. */
const char *case_form_prefix(enum case_form_which w);
/* The msgid refusing field in form w, or NULL: one of every field refused
   when read (errors), else the one refusal (error). */
const char *case_form_message(const struct case_form *f, enum case_form_which w,
			      const char *field);
/* Whether form w was refused about field. */
int case_form_is_error(const struct case_form *f, enum case_form_which w, const char *field);
/* The message element of field in form w (empty unless refused about it). */
void case_form_field_error(buf *b, const struct case_form *f, enum case_form_which w,
			   const char *field);
/* The aria attributes of field's input in form w when refused about it.
   The single inputs below (case_form_input, _date_input, _textarea,
   _ref_select) add autofocus on the first field refused, so that the long
   case page opens at the form that failed (no script). */
void case_form_invalid(buf *b, const struct case_form *f, enum case_form_which w,
		       const char *field);
/* The refusal of form w that has no field of its own in it, above it. */
void case_form_alert(buf *b, const struct case_form *f, enum case_form_which w);
/* <details> around form w, open when that form was just refused. */
void case_form_details(buf *b, const struct case_form *f, enum case_form_which w,
		       const char *summary);
/* An <input> in its <label>; type is a literal ("text", "date"…), extra
   literal attributes start with a space. */
void case_form_input(buf *b, const struct case_form *f, enum case_form_which w,
		     const char *field, const char *label, const char *type, const char *value,
		     const char *extra);
/* A required date input bounded by today (max, or min when after_today). */
void case_form_date_input(buf *b, const struct case_form *f, enum case_form_which w,
			  const char *field, const char *label, const char *value, int after_today);
/* A <textarea> in its <label> with value (may be NULL) as its text. */
void case_form_textarea(buf *b, const struct case_form *f, enum case_form_which w,
			const char *field, const char *label, const char *value);
/* A required <select> of reference list `list` named field, with "—"
   first: the active entries, and a retired one when it is the value
   already there. */
void case_form_ref_select(buf *b, const struct case_form *f, enum case_form_which w,
			  const struct web_refs *r, const char *list, const char *field,
			  const char *label, const char *selected);

/* ---- the record forms (aids, budget) ---- */

/* What the writers of one record form need. */
struct record_form {
	struct request *req;
	const struct case_refusal *r; /* the page's refusal, or NULL */
	const char *form;             /* this form's name ("aid", "decision-12", "budget") */
	const char *prefix;           /* of its error ids ("aid-") */
};

/* The message of an amount that is not one in euros (a msgid). */
extern const char record_form_bad_euros[];

/* Whether this form is the one refused. */
int record_form_refused(const struct record_form *c);
/* The French message when this form was refused about field, else NULL. */
const char *record_form_error(const struct record_form *c, const char *field);
/* What was typed in input name when this form was refused ("" when
   absent), else value. */
const char *record_form_typed(const struct record_form *c, const char *name, const char *value);
/* The refusal above the form when none of the NULL-terminated fields
   (those shown next to their input) shows it. */
void record_form_alert(buf *b, const struct record_form *c, const char *const *fields);
/* An input named name whose errors come as field (the service's name), in
   its <label>; type and extra are literals. */
void record_form_input(buf *b, const struct record_form *c, const char *type, const char *name,
		       const char *field, const char *label, const char *value, const char *extra);

#endif
