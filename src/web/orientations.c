/*
 * orientations — the "Orientations" section of a case's page (laid out by
 * web/case_page.c): where the person was sent, the partners' answers, the
 * form orienting the person to a partner of the directory and, on each
 * orientation, the form changing its status; and these forms' POSTs.
 */
#include <stdint.h>
#include <string.h>

#include "domain/date.h"
#include "domain/orientations.h"
#include "service/orientations.h"
#include "support/i18n.h"
#include "web/case_forms.h"
#include "web/web.h"

/* The French label of each status (domain/orientation.h). */
static const char *const status_labels[OS__COUNT] = {
	[OS_ENVOYEE] = N_("Envoyée, en attente de réponse"),
	[OS_ACCEPTEE] = N_("Acceptée"),
	[OS_REFUSEE] = N_("Refusée"),
	[OS_SANS_REPONSE] = N_("Sans réponse"),
	[OS_REALISEE] = N_("Réalisée"),
};

const char *web_orientation_status_label(const char *code)
{
	int st = orientation_status_parse(code);
	return st < 0 ? code : _(status_labels[st]);
}

struct or_list {
	struct request *req;
	buf *b;
	const struct web_refs *refs;
	const struct case_form *f;
	int64_t case_id;
	int n;
};

/* The form changing the status of v: the statuses the rules allow next,
   and the date of the answer or of the realisation. */
static void status_form(struct or_list *l, const struct orientation_view *v)
{
	buf *b = l->b;
	int from = orientation_status_parse(v->status), any = 0;
	for (int to = 0; to < OS__COUNT && from >= 0; to++)
		any |= orientation_transition_ok((enum orientation_status)from,
						 (enum orientation_status)to);
	if (!any)
		return;
	const struct case_form *f = l->f;
	int mine = f->which == CASE_FORM_ORIENT_STATUS && f->orientation_id == v->id;
	const struct case_form none = {0};
	const struct case_form *shown = mine ? f : &none; /* errors only on the row refused */
	if (mine)
		case_form_alert(b, f, CASE_FORM_ORIENT_STATUS);
	html(b, "<form method=\"post\" action=\"/cases/");
	html_int(b, l->case_id);
	html(b, "/orientations/");
	html_int(b, v->id);
	html(b, "\">\n");
	page_csrf_field(l->req, b);
	html(b, "\n<div class=\"grid\">\n<label>");
	html_txt(b, _("Nouveau statut"));
	html(b, "\n<select name=\"status\" required");
	case_form_invalid(b, shown, CASE_FORM_ORIENT_STATUS, "status");
	html(b, ">\n<option value=\"\">—</option>\n");
	for (int to = 0; to < OS__COUNT; to++) {
		if (!orientation_transition_ok((enum orientation_status)from,
					       (enum orientation_status)to))
			continue;
		const char *code = orientation_status_code((enum orientation_status)to);
		form_option(b, code, _(status_labels[to]), mine ? f->status : NULL);
	}
	html(b, "</select>\n");
	case_form_field_error(b, shown, CASE_FORM_ORIENT_STATUS, "status");
	html(b, "</label>\n");
	char today[DATE_LEN + 1];
	date_today(today);
	case_form_input(b, shown, CASE_FORM_ORIENT_STATUS, "date",
			_("Date de la réponse ou de la réalisation"), "date",
			mine ? f->date : today, arena_printf(l->req->a, " max=\"%s\"", today));
	html(b, "</div>\n<button type=\"submit\" class=\"secondary\">");
	html_txt(b, _("Changer le statut"));
	html(b, "</button>\n</form>\n");
}

static int orientation_item(void *ctx, const struct orientation_view *v)
{
	struct or_list *l = ctx;
	buf *b = l->b;
	char fr[11];
	l->n++;
	html(b, "<article>\n<header><strong>");
	html_txt(b, v->partner_name);
	html(b, "</strong> (");
	html_txt(b, case_form_ref_label(l->refs, "partner_kind", v->partner_kind));
	html(b, ") · ");
	date_french(v->sent_on, fr);
	html_txt(b, arena_printf(l->req->a, _("envoyée le %s"), fr));
	html(b, " · <strong>");
	html_txt(b, web_orientation_status_label(v->status));
	html(b, "</strong>");
	if (v->answered_on) {
		date_french(v->answered_on, fr);
		html(b, " ");
		html_txt(b, arena_printf(l->req->a, _("(réponse le %s)"), fr));
	}
	if (v->done_on) {
		date_french(v->done_on, fr);
		html(b, " ");
		html_txt(b, arena_printf(l->req->a, _("(réalisée le %s)"), fr));
	}
	html(b, "</header>\n");
	if (v->reason && *v->reason)
		case_form_multiline(b, l->req->a, v->reason);
	html(b, "<p><small>");
	if (v->details_sent) {
		date_french(v->share_consent_on, fr);
		html_txt(b, arena_printf(l->req->a,
					 _("Coordonnées de la personne transmises, avec son "
					   "consentement du %s."),
					 fr));
	} else if (v->share_consent_on) {
		date_french(v->share_consent_on, fr);
		html_txt(b, arena_printf(l->req->a,
					 _("Consentement au partage du %s ; coordonnées non "
					   "transmises."),
					 fr));
	} else {
		html_txt(b, _("Coordonnées de la personne non transmises."));
	}
	html(b, "</small></p>\n");
	status_form(l, v);
	html(b, "</article>\n");
	return 0;
}

/* The form orienting the person to a partner of the directory. */
static void orientation_form(struct request *req, buf *b, const struct case_form *f,
			     int64_t case_id, const struct web_partner *partners)
{
	const struct orientation_input *o = f->which == CASE_FORM_ORIENT ? &f->orient : NULL;
	char today[DATE_LEN + 1];
	date_today(today);
	case_form_details(b, f, CASE_FORM_ORIENT, _("Orienter vers un partenaire"));
	html(b, "<p><small>");
	html_txt(b, _("Le partenaire manque ? Ajoutez-le d'abord à l'annuaire :"));
	html(b, " <a href=\"/partners\">");
	html_txt(b, _("Annuaire des partenaires"));
	html(b, "</a>. ");
	html_txt(b, _("Le motif est chiffré. Les coordonnées de la personne ne se transmettent "
		      "qu'avec son consentement daté."));
	html(b, "</small></p>\n");
	case_form_alert(b, f, CASE_FORM_ORIENT);
	case_form_open(req, b, case_id, "/orientations");
	html(b, "<div class=\"grid\">\n");
	web_partner_select(
		b, partners, "partner_id", _("Partenaire"), o ? o->partner_id : 0,
		case_form_prefix(CASE_FORM_ORIENT),
		case_form_is_error(f, CASE_FORM_ORIENT, "partner_id")
			? _(case_form_message(f, CASE_FORM_ORIENT, "partner_id"))
			: NULL);
	case_form_date_input(b, f, CASE_FORM_ORIENT, "sent_on", _("Envoyée le"),
			     o ? o->sent_on : today, 0);
	html(b, "</div>\n");
	case_form_textarea(b, f, CASE_FORM_ORIENT, "reason", _("Motif de l'orientation"),
			   o ? o->reason : NULL);
	html(b, "<div class=\"grid\">\n");
	case_form_input(b, f, CASE_FORM_ORIENT, "share_consent_on",
			_("Consentement de la personne au partage, daté du (facultatif)"), "date",
			o ? o->share_consent_on : NULL, arena_printf(req->a, " max=\"%s\"", today));
	html(b, "<label>\n<input type=\"checkbox\" name=\"details_sent\" value=\"1\"");
	if (o && o->details_sent)
		html(b, " checked");
	case_form_invalid(b, f, CASE_FORM_ORIENT, "details_sent");
	html(b, ">\n");
	html_txt(b, _("Coordonnées de la personne transmises au partenaire"));
	html(b, "\n");
	case_form_field_error(b, f, CASE_FORM_ORIENT, "details_sent");
	html(b, "</label>\n</div>\n<button type=\"submit\">");
	html_txt(b, _("Enregistrer l'orientation"));
	html(b, "</button>\n</form>\n</details>\n");
}

/* Where the person was sent, and the partners' answers. */
int web_orientations_section(struct request *req, buf *b, const struct web_case *c)
{
	buf ors;
	buf_init(&ors, HTTP_PAGE_MAX);
	struct or_list ol = {req, &ors, c->refs, c->form, c->v->id, 0};
	struct web_partner *partners = NULL;
	int rc = orientations_list(req->svc, c->v->id, orientation_item, &ol);
	if (rc == SVC_OK)
		rc = web_partners_load(req, NULL, NULL, &partners, NULL);
	if (rc != SVC_OK) {
		buf_free(&ors);
		return rc;
	}
	case_form_section(b, "orientations", _("Orientations"));
	orientation_form(req, b, c->form, c->v->id, partners);
	case_form_section_end(b, &ors, (size_t)ol.n, _("Aucune orientation enregistrée."));
	return SVC_OK;
}

void web_orientations_create(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct case_form f;
	memset(&f, 0, sizeof f);
	f.which = CASE_FORM_ORIENT;
	if (case_form_read(req, &f, orientations_fields, ORIENTATION__FIELDS, &f.orient) != 0) {
		f.refused = 1;
		web_case_page_form(req, resp, 422, id, &f);
		return;
	}
	web_case_page_after(req, resp, orientations_create(req->svc, id, &f.orient, NULL), id, &f);
}

/* The status form has one date, named so: the answer's (acceptee,
   refusee) or the realisation's (realisee), by the status chosen. */
static const char status_date_name[] = "date";

/* The status form into u, each value by its field's rule (the date by the
   answer's or the realisation's, under the form's name); 0, or -1 with e
   naming status or the date. */
static int read_status_form(struct request *req, struct orientation_update *u, struct verr *e)
{
	if (req_fields(req, &orientations_update_fields[ORIENTATION_STATUS], 1, u, e) != 0)
		return -1;
	int which = strcmp(u->status, "realisee") == 0 ? ORIENTATION_DONE_ON
		    : strcmp(u->status, "acceptee") == 0 || strcmp(u->status, "refusee") == 0
			    ? ORIENTATION_ANSWERED_ON
			    : -1;
	if (which < 0)
		return 0; /* no date with this status: the one typed is not read */
	struct field date = orientations_update_fields[which];
	date.name = status_date_name;
	return req_fields(req, &date, 1, u, e);
}

void web_orientations_update(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct case_form f;
	memset(&f, 0, sizeof f);
	f.which = CASE_FORM_ORIENT_STATUS;
	f.orientation_id = case_form_parse_id(req->params[1]);
	if (!f.orientation_id) {
		resp_svc_error(req, resp, SVC_NOT_FOUND);
		return;
	}
	struct orientation_update u = {id, NULL, NULL, NULL};
	f.date = req_form(req, status_date_name);
	int rc = SVC_INVALID;
	if (read_status_form(req, &u, &f.error) == 0) {
		rc = orientations_update(req->svc, f.orientation_id, &u, NULL, NULL);
		f.error = *svc_error(req->svc);
	}
	f.status = u.status;
	if (rc == SVC_INVALID) {
		/* The service names the answer's or the realisation's date. */
		if (f.error.field &&
		    (strcmp(f.error.field, orientations_update_fields[ORIENTATION_ANSWERED_ON].name) == 0 ||
		     strcmp(f.error.field, orientations_update_fields[ORIENTATION_DONE_ON].name) == 0))
			f.error.field = status_date_name;
		f.refused = 1;
		web_case_page_form(req, resp, 422, id, &f);
		return;
	}
	web_case_page_after(req, resp, rc, id, &f);
}
