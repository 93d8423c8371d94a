/*
 * sharing — the "Partage et passation" section of a case's page (laid out
 * by web/case_page.c): the case's shares with colleagues, and for its
 * référent the forms sharing the case and handing it over (the hand-over's
 * POST is the case's, web/cases.c); and the POSTs sharing and ending a
 * share.
 */
#include <stdint.h>
#include <string.h>

#include "service/cases.h"
#include "service/sharing.h"
#include "support/i18n.h"
#include "web/case_forms.h"
#include "web/web.h"

struct share_list {
	struct request *req;
	buf *b;
	int64_t case_id;
	int referent; /* the caller is the référent: the end buttons */
	int n;
};

static int share_row(void *ctx, const struct share_view *s)
{
	struct share_list *l = ctx;
	buf *b = l->b;
	if (!l->n++) {
		html(b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
		html_txt(b, _("Collègue"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Jusqu'au"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Motif"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Accordé par"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("État"));
		html(b, "</th></tr></thead>\n<tbody>\n");
	}
	html(b, "<tr><td>");
	html_txt(b, s->name ? s->name : "");
	html(b, " (");
	html_txt(b, s->login);
	html(b, ")</td><td>");
	case_form_date(b, s->until);
	html(b, "</td><td>");
	html_txt(b, s->reason ? s->reason : "—");
	html(b, "</td><td>");
	html_txt(b, case_form_is_me(l->req, s->granted_by) ? _("vous") : s->granted_by);
	html(b, "</td><td>");
	html_txt(b, s->live ? _("en cours") : _("terminé"));
	if (s->live && l->referent) {
		html(b, " <form method=\"post\" class=\"inline\" action=\"/cases/");
		html_int(b, l->case_id);
		html(b, "/shares/");
		html_url_arg(b, s->login);
		html(b, "/end\">");
		page_csrf_field(l->req, b);
		html(b, "<button type=\"submit\" class=\"secondary outline\">");
		html_txt(b, _("Mettre fin"));
		html(b, "</button></form>");
	}
	html(b, "</td></tr>\n");
	return 0;
}

/* The colleagues as <option>s, "Name (login)", the one typed selected. */
struct options {
	struct request *req;
	buf *b;
	const char *selected;
};

static int colleague_option(void *ctx, const struct colleague *c)
{
	struct options *o = ctx;
	form_option(o->b, c->login, arena_printf(o->req->a, "%s (%s)", c->name, c->login),
		    o->selected);
	return 0;
}

/* The colleague picked from the list (the field "login" the share and
   hand-over POSTs read), in form w, the one sent again when refused. */
static int colleague_select(struct request *req, buf *b, const struct case_form *f,
			    enum case_form_which w, const char *typed)
{
	buf options;
	buf_init(&options, HTTP_PAGE_MAX);
	struct options o = {req, &options, typed};
	int rc = sharing_colleagues(req->svc, colleague_option, &o);
	if (rc != SVC_OK) {
		buf_free(&options);
		return rc;
	}
	html(b, "<label>");
	html_txt(b, _("Collègue"));
	html(b, "\n<select name=\"login\" required");
	case_form_invalid(b, f, w, "login");
	html(b, ">\n<option value=\"\">—</option>\n");
	buf_add(b, options.data, options.len);
	html(b, "</select>\n");
	case_form_field_error(b, f, w, "login");
	html(b, "</label>\n");
	buf_free(&options);
	return SVC_OK;
}

/* Continuity: shares with colleagues, hand-over (the référent's). */
int web_sharing_section(struct request *req, buf *b, const struct web_case *c)
{
	const struct case_form *f = c->form;
	const struct case_view *v = c->v;
	buf shares;
	buf_init(&shares, HTTP_PAGE_MAX);
	struct share_list sl = {req, &shares, v->id, c->referent, 0};
	int rc = sharing_list(req->svc, v->id, share_row, &sl);
	if (rc != SVC_OK) {
		buf_free(&shares);
		return rc;
	}
	case_form_section(b, "partages", _("Partage et passation"));
	if (sl.n) {
		buf_add(b, shares.data, shares.len);
		html(b, "</tbody>\n</table>\n</figure>\n");
	} else {
		html(b, "<p>");
		html_txt(b, _("Ce suivi n'est partagé avec personne."));
		html(b, "</p>\n");
	}
	buf_free(&shares);
	if (c->referent) {
		case_form_details(b, f, CASE_FORM_SHARE, _("Partager avec un(e) collègue"));
		html(b, "<p><small>");
		html_txt(b, _("Pour une absence ou un remplacement : votre collègue lit et complète "
			      "le suivi jusqu'à la date de fin, sans voir vos notes privées."));
		html(b, "</small></p>\n");
		case_form_alert(b, f, CASE_FORM_SHARE);
		case_form_open(req, b, v->id, "/shares");
		int typed = f->which == CASE_FORM_SHARE;
		html(b, "<div class=\"grid\">\n");
		if ((rc = colleague_select(req, b, f, CASE_FORM_SHARE, typed ? f->login : NULL)) !=
		    SVC_OK)
			return rc;
		case_form_date_input(b, f, CASE_FORM_SHARE, "until", _("Jusqu'au (inclus)"),
				     typed ? f->until : NULL, 1);
		html(b, "</div>\n");
		case_form_input(b, f, CASE_FORM_SHARE, "reason", _("Motif"), "text",
				typed ? f->reason : NULL, " required maxlength=\"200\"");
		html(b, "<button type=\"submit\">");
		html_txt(b, _("Partager le suivi"));
		html(b, "</button>\n</form>\n</details>\n");

		case_form_details(b, f, CASE_FORM_HANDOVER, _("Transmettre le suivi"));
		html(b, "<p><small>");
		html_txt(b, _("Le suivi et la fiche de la personne passent à votre collègue, qui en "
			      "devient référent(e) ; vous n'y aurez plus accès."));
		html(b, "</small></p>\n");
		case_form_alert(b, f, CASE_FORM_HANDOVER);
		case_form_open(req, b, v->id, "/referent");
		if ((rc = colleague_select(req, b, f, CASE_FORM_HANDOVER,
					   f->which == CASE_FORM_HANDOVER ? f->login : NULL)) != SVC_OK)
			return rc;
		html(b, "<button type=\"submit\">");
		html_txt(b, _("Transmettre le suivi"));
		html(b, "</button>\n</form>\n</details>\n");
	}
	html(b, "</section>\n");
	return SVC_OK;
}

void web_sharing_create(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct case_form f;
	memset(&f, 0, sizeof f);
	f.which = CASE_FORM_SHARE;
	struct share_input in = {NULL, NULL, NULL};
	int invalid = req_fields(req, sharing_fields, SHARE__FIELDS, &in, &f.error);
	f.login = in.login;
	f.until = in.until;
	f.reason = in.reason;
	if (invalid) {
		f.refused = 1;
		web_case_page_form(req, resp, 422, id, &f);
		return;
	}
	web_case_page_after(req, resp, sharing_create(req->svc, id, in.login, in.until, in.reason, NULL),
			    id, &f);
}

void web_sharing_end(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct case_form f;
	memset(&f, 0, sizeof f);
	web_case_page_after(req, resp, sharing_end(req->svc, id, req->params[1]), id, &f);
}
