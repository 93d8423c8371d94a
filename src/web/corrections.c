/*
 * corrections — correcting an intervention, deleting it or an aid awaiting
 * its decision (case page), deleting an appointment (agenda): each form
 * asks for the reason (service/corrections.h).  A refused form is shown
 * open again on the case page, its message next to its field.
 */
#include "web/corrections.h"

#include <string.h>

#include "service/aids.h"
#include "service/corrections.h"
#include "service/secrecy.h"
#include "support/i18n.h"
#include "web/web.h"

/* The reason's input of record form c, required. */
static void reason_input(buf *b, const struct record_form *c)
{
	record_form_input(b, c, "text", "reason", "reason", _("Motif de la correction"), "",
			  " required maxlength=\"500\"");
}

/* A folded form deleting a record: its reason and a button. */
static void delete_form(struct request *req, buf *b, const struct case_refusal *r,
			int64_t case_id, const char *tail, const char *form, const char *prefix,
			const char *summary)
{
	struct record_form c = {req, r, form, prefix};
	static const char *const inline_fields[] = {"reason", NULL};
	case_form_details_open(b, record_form_refused(&c), summary);
	record_form_alert(b, &c, inline_fields);
	case_form_open(req, b, case_id, tail);
	reason_input(b, &c);
	case_form_submit(b, _("Supprimer, en gardant la trace de la suppression"));
	html(b, "</form>\n</details>\n");
}

void web_corrections_intervention_forms(struct request *req, buf *b,
					const struct case_refusal *r, const struct web_refs *refs,
					int64_t case_id, const struct intervention_view *v)
{
	arena *a = req->a;
	long long id = (long long)v->id;
	struct record_form c = {req, r, arena_printf(a, "iv-edit-%lld", id),
				arena_printf(a, "ive%lld-", id)};
	static const char *const inline_fields[] = {"date", "duration_minutes", "notes",
						    "private_note", "reason", NULL};
	case_form_details_open(b, record_form_refused(&c), _("Corriger l'intervention"));
	record_form_alert(b, &c, inline_fields);
	case_form_open(req, b, case_id, arena_printf(a, "/interventions/%lld/edit", id));
	html(b, "<div class=\"grid\">\n");
	record_form_input(b, &c, "date", "date", "date", _("Date"), v->date, " required");
	record_form_input(b, &c, "number", "duration_minutes", "duration_minutes",
			  _("Durée (minutes)"),
			  arena_printf(a, "%lld", (long long)v->duration_minutes),
			  " required min=\"0\" max=\"1440\" step=\"1\"");
	html(b, "</div>\n");
	/* The mode and the type as they are: a correction changes them rarely,
	   through the API; the form keeps them. */
	html(b, "<input type=\"hidden\" name=\"mode\" value=\"");
	html_attr(b, record_form_typed(&c, "mode", v->mode));
	html(b, "\">\n<input type=\"hidden\" name=\"kind\" value=\"");
	html_attr(b, record_form_typed(&c, "kind", v->kind));
	html(b, "\">\n<p><small>");
	html_txt(b, case_form_ref_label(refs, "mode", v->mode));
	html(b, " · ");
	html_txt(b, case_form_ref_label(refs, "intervention_kind", v->kind));
	html(b, "</small></p>\n");
	static const struct {
		const char *name, *label;
	} texts[] = {{"notes", N_("Notes (lisibles par les collègues du suivi)")},
		     {"private_note", N_("Note privée (visible par vous seule, chiffrée)")}};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *value = i == 0 ? v->notes : v->private_note;
		if (i == 1 && !v->own)
			continue;
		const char *error = record_form_error(&c, texts[i].name);
		html(b, "<label>");
		html_txt(b, _(texts[i].label));
		html(b, "\n<textarea name=\"");
		html_attr(b, texts[i].name);
		html(b, "\" rows=\"3\" maxlength=\"20000\"");
		form_invalid(b, error != NULL, c.prefix, texts[i].name);
		html(b, ">\n");
		html_txt(b, record_form_typed(&c, texts[i].name, value ? value : ""));
		html(b, "</textarea>\n");
		form_error(b, error != NULL, c.prefix, texts[i].name, error ? error : "");
		html(b, "</label>\n");
	}
	reason_input(b, &c);
	case_form_submit(b, _("Enregistrer la correction"));
	html(b, "</form>\n</details>\n");
	delete_form(req, b, r, case_id, arena_printf(a, "/interventions/%lld/delete", id),
		    arena_printf(a, "iv-delete-%lld", id), arena_printf(a, "ivd%lld-", id),
		    _("Supprimer l'intervention"));
}

void web_corrections_aid_form(struct request *req, buf *b, const struct case_refusal *r,
			      int64_t case_id, int64_t aid_id)
{
	arena *a = req->a;
	delete_form(req, b, r, case_id, arena_printf(a, "/aids/%lld/delete", (long long)aid_id),
		    arena_printf(a, "aid-delete-%lld", (long long)aid_id),
		    arena_printf(a, "aidd%lld-", (long long)aid_id),
		    _("Supprimer la demande (avant sa décision)"));
}

void web_corrections_secrecy_form(struct request *req, buf *b, const struct case_refusal *r,
				  int64_t case_id, int64_t id)
{
	arena *a = req->a;
	delete_form(req, b, r, case_id, arena_printf(a, "/secret/%lld/delete", (long long)id),
		    arena_printf(a, "secret-delete-%lld", (long long)id),
		    arena_printf(a, "secd%lld-", (long long)id),
		    _("Supprimer cette levée du secret (saisie par erreur)"));
}

/* ---- the POSTs ---- */

/* The reason of a deletion as posted; 0, or -1 after showing the case
   page again with form refused. */
static int posted_reason(struct request *req, struct response *resp, int64_t case_id,
			 const char *form, struct correction_input *in)
{
	struct verr e;
	memset(in, 0, sizeof *in);
	if (req_fields(req, corrections_fields, CORRECTION_INPUT__FIELDS, in, &e) == 0)
		return 0;
	web_case_page_record_refuse(req, resp, case_id, form, e.field, e.message);
	return -1;
}

/* POST /cases/{id}/interventions/{iv}/edit */
void web_interventions_correct(struct request *req, struct response *resp)
{
	int64_t case_id = req->id, iv = case_form_path_id(req, resp, 1);
	if (!iv)
		return;
	const char *form = arena_printf(req->a, "iv-edit-%lld", (long long)iv);
	struct intervention_input in;
	struct verr e;
	memset(&in, 0, sizeof in);
	if (req_fields(req, interventions_fields, INTERVENTION__FIELDS, &in, &e) != 0 ||
	    req_fields(req, interventions_correction_fields, INTERVENTION_CORRECTION__FIELDS, &in,
		       &e) != 0) {
		web_case_page_record_refuse(req, resp, case_id, form, e.field, e.message);
		return;
	}
	in.notes = case_form_lf_only(req->a, in.notes);
	in.private_note = case_form_lf_only(req->a, in.private_note);
	int64_t of = 0;
	int rc = interventions_correct(req->svc, iv, &in, in.reason, &of);
	/* An intervention of another case is not this page's. */
	if (rc == SVC_OK && of != case_id)
		rc = SVC_NOT_FOUND;
	web_case_page_record_after(req, resp, rc, case_id, form, "interventions");
}

/* POST /cases/{id}/interventions/{iv}/delete */
void web_interventions_delete(struct request *req, struct response *resp)
{
	int64_t case_id = req->id, iv = case_form_path_id(req, resp, 1);
	if (!iv)
		return;
	const char *form = arena_printf(req->a, "iv-delete-%lld", (long long)iv);
	struct correction_input in;
	if (posted_reason(req, resp, case_id, form, &in) != 0)
		return;
	web_case_page_record_after(req, resp, interventions_delete(req->svc, iv, in.reason, NULL),
				   case_id, form, "interventions");
}

/* POST /cases/{id}/aids/{aid}/delete */
void web_aids_delete(struct request *req, struct response *resp)
{
	int64_t case_id = req->id, aid = case_form_path_id(req, resp, 1);
	if (!aid)
		return;
	const char *form = arena_printf(req->a, "aid-delete-%lld", (long long)aid);
	struct correction_input in;
	if (posted_reason(req, resp, case_id, form, &in) != 0)
		return;
	web_case_page_record_after(req, resp, aids_delete(req->svc, aid, in.reason, NULL), case_id,
				   form, "aides");
}

/* POST /cases/{id}/secret/{sid}/delete */
void web_secrecy_delete(struct request *req, struct response *resp)
{
	int64_t case_id = req->id, sid = case_form_path_id(req, resp, 1);
	if (!sid)
		return;
	const char *form = arena_printf(req->a, "secret-delete-%lld", (long long)sid);
	struct correction_input in;
	if (posted_reason(req, resp, case_id, form, &in) != 0)
		return;
	int64_t of = 0;
	int rc = secrecy_delete(req->svc, sid, in.reason, &of);
	/* A lifting of another case is not this page's (deleted all the same:
	   the référent of both may). */
	if (rc == SVC_OK && of != case_id)
		rc = SVC_NOT_FOUND;
	web_case_page_record_after(req, resp, rc, case_id, form, "secret");
}
