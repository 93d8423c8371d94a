/*
 * letters — letter templates and the letters generated in a case (issue
 * 16).
 *
 * Templates.  An OpenDocument text (.odt) the head or the admin uploads
 * (policy letter_templates.edit), with a name and a category; active until
 * retired.  Its merge fields (domain/odt.h) must all be known
 * (letters_fields): an upload naming another is refused with the field's
 * name, a zip bomb or a file that is not an ODT with a French message.
 * Five templates ship with relais (data/templates), installed by
 * `relais init` (letters_install_shipped).  Templates hold no personal
 * data: their bytes are stored as they are (base64), not sealed; every
 * worker may list and download the active ones.
 *
 * Letters.  From a case, its référent or a colleague with a live share
 * generates a letter from an active template: the values of the case
 * (the person, the case, its référent, the organisation), of a partner,
 * an appointment or an aid when the template names their fields (a field
 * without a value is refused naming it), the service's letterhead (setting
 * letter_header) and today's date.  A letter to a partner that names the
 * person (a partner field and a person field) needs the person's dated
 * consent to share, checked as an orientation's (domain/orientations.h).
 * The merged .odt and its title are sealed, bound to the letter's row; the
 * PDF is made from it on demand (service/convert.h).  Everyone else gets
 * "not found"; every generation, list and download is audited
 * (letter.create, letter.list, letter.read and their …_denied).  The
 * retention purge deletes the letters of an anonymised person; the right
 * of access's export and the person's timeline list them.
 */
#ifndef RELAIS_LETTERS_H
#define RELAIS_LETTERS_H

#include <stddef.h>
#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"
#include "support/buf.h"

#define LETTER_TPL_NAME_MAX 120
#define LETTER_TPL_CATEGORY_MAX 60
#define LETTER_TPL_BYTES_MAX ((size_t)700 << 10) /* an uploaded .odt */
#define LETTER_TITLE_MAX 200
#define LETTER_HEADER_SETTING "letter_header"

/* The fields a template may use, NULL-terminated. */
extern const char *const letters_fields[];

/* An upload: name and category, the .odt in base64 (the JSON body). */
struct letter_template_input {
	const char *name;
	const char *category;
	const char *odt; /* base64 of the .odt's bytes */
};
enum { LTPL_NAME, LTPL_CATEGORY, LTPL_ODT, LTPL__FIELDS };
extern const struct field letters_template_fields[LTPL__FIELDS];

/* A template as listed.  Strings valid during the callback. */
struct letter_template_view {
	int64_t id;
	const char *code;     /* a shipped template's code, or NULL */
	const char *name;
	const char *category;
	int active;
	const char *fields;   /* names joined by ',' */
	int64_t uploaded_at;
};
typedef int (*letter_template_fn)(void *ctx, const struct letter_template_view *v);

/* Uploads a template (head, admin): SVC_OK and *id; SVC_INVALID naming
   "odt" (not base64, not an ODT, a zip bomb, an unknown field: the message
   names it), "name" or "category"; SVC_FORBIDDEN for other roles.
   Audited letter_template.create. */
int letters_template_upload(svc *s, const struct letter_template_input *in, int64_t *id);
/* The same with the .odt's bytes as received (the page's multipart
   upload): the same refusals ("odt": nothing, over LETTER_TPL_BYTES_MAX,
   not an ODT, a zip bomb, an unknown field named). */
int letters_template_add(svc *s, const char *name, const char *category, const void *odt,
			 size_t n, int64_t *id);
/* Only the file's checks of an upload, storing nothing (a form shows every
   refusal at once): SVC_OK or SVC_INVALID naming "odt"; SVC_FORBIDDEN. */
int letters_template_check(svc *s, const void *odt, size_t n);
/* A new version of template id (head, admin): its file replaced, its
   fields read again, the same refusals on "odt"; its name, category and
   state kept, the letters generated before unchanged.  SVC_NOT_FOUND;
   audited letter_template.replace. */
int letters_template_replace(svc *s, int64_t id, const void *odt, size_t n);
/* The templates: the active ones (a worker), all with all set (head,
   admin).  SVC_FORBIDDEN for other roles. */
int letters_templates_list(svc *s, int all, letter_template_fn fn, void *ctx);
/* One template and, when odt is not NULL, its bytes into odt; a worker
   sees only the active ones (SVC_NOT_FOUND). */
int letters_template_get(svc *s, int64_t id, letter_template_fn fn, void *ctx, buf *odt);
/* 1 when the caller may upload, retire and restore templates. */
int letters_may_edit(const svc *s);
/* Retires (active 0) or restores a template (head, admin); audited
   letter_template.retire / letter_template.restore. */
int letters_template_set_active(svc *s, int64_t id, int active);

/* What a letter takes. */
struct letter_input {
	int64_t template_id;
	int64_t partner_id;           /* 0: none */
	int64_t appointment_id;       /* 0: none */
	int64_t aid_id;               /* 0: none */
	const char *share_consent_on; /* YYYY-MM-DD or NULL */
};
enum { LETTER_TEMPLATE_ID, LETTER_PARTNER_ID, LETTER_APPOINTMENT_ID, LETTER_AID_ID,
       LETTER_SHARE_CONSENT_ON, LETTER__FIELDS };
extern const struct field letters_fields_input[LETTER__FIELDS];

/* Generates a letter in case case_id: SVC_OK and *id; SVC_NOT_FOUND for
   anyone but its référent and live shares (audited letter.create_denied);
   SVC_INVALID naming the missing value's field ("partner_id",
   "appointment_id", "aid_id", "share_consent_on", "template_id"). */
int letters_generate(svc *s, int64_t case_id, const struct letter_input *in, int64_t *id);

/* A letter as listed.  Strings valid during the callback. */
struct letter_view {
	int64_t id;
	int64_t case_id;
	int64_t template_id;
	const char *template_name;
	int64_t partner_id;           /* 0: none */
	const char *share_consent_on; /* or NULL */
	const char *author;           /* login */
	int64_t created_at;
	const char *title;            /* opened (SVC_TAMPERED_TEXT when it does not open) */
};
typedef int (*letter_fn)(void *ctx, const struct letter_view *v);

/* What the letter form of a case offers: the appointments of its person
   (latest first) and the aids of the case.  Strings valid during the
   callback. */
enum letter_choice_kind { LETTER_CHOICE_APPOINTMENT, LETTER_CHOICE_AID };
struct letter_choice {
	enum letter_choice_kind kind;
	int64_t id;
	const char *start;        /* appointment: "YYYY-MM-DD HH:MM…" */
	const char *status;       /* appointment: prevu, honore, excuse, absent, annule */
	const char *aid_kind;     /* aid: codes of the lists aid_kind, funder, aid_decision */
	const char *funder;
	const char *decision;
	const char *submitted_on; /* aid */
	int64_t cents;            /* aid: the amount requested */
};
typedef int (*letter_choice_fn)(void *ctx, const struct letter_choice *c);
/* The choices of case case_id's letter form: SVC_NOT_FOUND for anyone
   but who may open the case (audited letter.list_denied); audited
   letter.choices. */
int letters_choices(svc *s, int64_t case_id, letter_choice_fn fn, void *ctx);

/* The letters of case case_id, newest first (audited letter.list). */
int letters_list(svc *s, int64_t case_id, letter_fn fn, void *ctx);
/* The letters of person person_id's cases, oldest first, inside the
   caller's check of the person (the export, the timeline): no audit, no
   policy check of its own. */
int letters_of_person(svc *s, int64_t person_id, letter_fn fn, void *ctx);

enum letter_format { LETTER_ODT, LETTER_PDF, LETTER_TEXT };
/* The media type and the file extension of format f. */
const char *letters_media_type(enum letter_format f);
const char *letters_extension(enum letter_format f);
/* Letter id in format: its bytes into out (a PDF made now by LibreOffice;
   the text: paragraphs on their lines) and its view to fn (may be NULL).
   SVC_NOT_FOUND for anyone but who may open its case (audited
   letter.read_denied); SVC_CONFLICT on "pdf" when LibreOffice is absent or
   fails ("conversion PDF indisponible").  Audited letter.read. */
int letters_read(svc *s, int64_t id, enum letter_format format, letter_fn fn, void *ctx, buf *out);

/* Installs the shipped templates missing (by code), in one transaction,
   as a system call (`relais init`): SVC_OK and *installed (may be NULL)
   their number, SVC_FORBIDDEN for a signed-in user, or SVC_ERROR. */
int letters_install_shipped(svc *s, int *installed);

#endif
