/*
 * secrecy — the "Levée du secret professionnel" section of a case's page
 * (laid out by web/case_page.c): the liftings recorded (a signalement, an
 * information préoccupante, an answer to a réquisition…) and, for the
 * case's référent, the folded form recording one; and its POST.
 *
 * The form shows every refusal at once: the formats (case_form_read) and
 * the rules of the kind and its basis (domain/secrecy.h) in one list.
 */
#include <stdint.h>
#include <string.h>

#include "domain/date.h"
#include "domain/secrecy.h"
#include "service/secrecy.h"
#include "support/i18n.h"
#include "web/case_forms.h"
#include "web/corrections.h"
#include "web/web.h"

#define W CASE_FORM_SECRECY

struct lift_list {
	struct request *req;
	buf *b;
	const struct web_case *c;
	int n;
};

static int lifting_item(void *ctx, const struct secrecy_view *v)
{
	struct lift_list *l = ctx;
	buf *b = l->b;
	l->n++;
	html(b, "<article>\n<header><strong>");
	html_txt(b, _(secrecy_label(v->kind)));
	html(b, "</strong> · ");
	case_form_date(b, v->lifted_on);
	html(b, "</header>\n<dl>\n<dt>");
	html_txt(b, _("Destinataire"));
	html(b, "</dt>\n<dd>");
	html_txt(b, v->recipient ? v->recipient : "—");
	html(b, "</dd>\n<dt>");
	html_txt(b, _("Fondement légal"));
	html(b, "</dt>\n<dd>");
	html_txt(b, _(secrecy_label(v->legal_basis)));
	if (v->basis_detail && *v->basis_detail) {
		html(b, " : ");
		html_txt(b, v->basis_detail);
	}
	html(b, "</dd>\n<dt>");
	html_txt(b, _("Ce qui a été transmis"));
	html(b, "</dt>\n<dd>");
	case_form_multiline(b, l->req->a, v->what_sent ? v->what_sent : "");
	html(b, "</dd>\n</dl>\n<p><small>");
	html_txt(b, arena_printf(l->req->a, _("Enregistrée par %s."), v->author));
	html(b, "</small></p>\n");
	if (l->c->referent)
		web_corrections_secrecy_form(l->req, b, l->c->record, l->c->v->id, v->id);
	html(b, "</article>\n");
	return 0;
}

/* A <select> of the kinds, or of the legal bases grouped by kind. */
/* Opens the <select> of field in its <label>, up to its first option's
   label (plain text), which chooses nothing. */
static void select_open(buf *b, const struct case_form *f, const char *field, const char *label,
			int required, const char *none)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<select name=\"");
	html_attr(b, field);
	html(b, required ? "\" required" : "\"");
	case_form_invalid(b, f, W, field);
	html(b, ">\n<option value=\"\">");
	html_txt(b, none);
	html(b, "</option>\n");
}

static void select_close(buf *b, const struct case_form *f, const char *field)
{
	html(b, "</select>\n");
	case_form_field_error(b, f, W, field);
	html(b, "</label>\n");
}

static void kind_select(buf *b, const struct case_form *f, const char *selected)
{
	const char *field = secrecy_fields[SECRECY_KIND].name;
	select_open(b, f, field, _("Type de levée du secret"), 1, "—");
	for (int k = 0; k < SK__COUNT; k++)
		form_option(b, secrecy_kind_code((enum secrecy_kind)k),
			    _(secrecy_kind_label((enum secrecy_kind)k)), selected);
	select_close(b, f, field);
}

static void basis_select(buf *b, const struct case_form *f, const char *selected)
{
	const char *field = secrecy_fields[SECRECY_LEGAL_BASIS].name;
	select_open(b, f, field, _("Fondement légal"), 0, _("Celui du type choisi"));
	for (int k = 0; k < SK__COUNT; k++) {
		html(b, "<optgroup label=\"");
		html_attr(b, _(secrecy_kind_label((enum secrecy_kind)k)));
		html(b, "\">\n");
		for (int s = 0; s < SB__COUNT; s++)
			if (secrecy_basis_kind((enum secrecy_basis)s) == (enum secrecy_kind)k)
				form_option(b, secrecy_basis_code((enum secrecy_basis)s),
					    _(secrecy_basis_label((enum secrecy_basis)s)), selected);
		html(b, "</optgroup>\n");
	}
	select_close(b, f, field);
}

/* The folded form recording a lifting (the référent's only). */
static void lifting_form(struct request *req, buf *b, const struct case_form *f, int64_t case_id)
{
	const struct secrecy_input *in = f->which == W ? &f->secrecy : NULL;
	char today[DATE_LEN + 1];
	date_today(today);
	case_form_details(b, f, W, _("Enregistrer une levée du secret professionnel"));
	html(b, "<p><small>");
	html_txt(b, _("Signalement, information préoccupante, réponse à une réquisition : la date, "
		      "le destinataire, le fondement légal et ce qui a été transmis. Le "
		      "destinataire et le contenu sont chiffrés ; rien de ceci n'entre dans les "
		      "statistiques."));
	html(b, "</small></p>\n");
	case_form_alert(b, f, W);
	case_form_open(req, b, case_id, "/secret");
	html(b, "<div class=\"grid\">\n");
	kind_select(b, f, in ? in->kind : NULL);
	case_form_date_input(b, f, W, secrecy_fields[SECRECY_LIFTED_ON].name, _("Date"),
			     in ? in->lifted_on : today, 0);
	html(b, "</div>\n<div class=\"grid\">\n");
	basis_select(b, f, in ? in->legal_basis : NULL);
	case_form_input(b, f, W, secrecy_fields[SECRECY_BASIS_DETAIL].name,
			_("Précision (pour une autre obligation légale)"), "text",
			in ? in->basis_detail : NULL, " maxlength=\"500\"");
	html(b, "</div>\n");
	case_form_input(b, f, W, secrecy_fields[SECRECY_RECIPIENT].name, _("Destinataire"), "text",
			in ? in->recipient : NULL, " required maxlength=\"200\"");
	case_form_textarea(b, f, W, secrecy_fields[SECRECY_WHAT_SENT].name,
			   _("Ce qui a été transmis"), in ? in->what_sent : NULL);
	case_form_submit(b, _("Enregistrer la levée du secret"));
	html(b, "</form>\n</details>\n");
}

int web_secrecy_section(struct request *req, buf *b, const struct web_case *c)
{
	buf items;
	buf_init(&items, HTTP_PAGE_MAX);
	struct lift_list l = {req, &items, c, 0};
	int rc = secrecy_list(req->svc, c->v->id, lifting_item, &l);
	if (rc != SVC_OK) {
		buf_free(&items);
		return rc;
	}
	case_form_section(b, "secret", _("Levée du secret professionnel"));
	if (c->referent)
		lifting_form(req, b, c->form, c->v->id);
	case_form_section_end(b, &items, (size_t)l.n,
			      _("Aucune levée du secret professionnel enregistrée."));
	return SVC_OK;
}

void web_secrecy_create(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct case_form f;
	memset(&f, 0, sizeof f);
	f.which = W;
	int bad = case_form_read(req, &f, secrecy_fields, SECRECY__FIELDS, &f.secrecy) != 0;
	/* The rules of the kind and its basis join the formats' refusals, each
	   field once. */
	char today[DATE_LEN + 1];
	date_today(today);
	struct secrecy_new n = {f.secrecy.kind, f.secrecy.legal_basis, f.secrecy.basis_detail,
				f.secrecy.lifted_on, today};
	struct verr_list rules = {.n = 0};
	const char *basis = NULL;
	if (secrecy_check(&n, &basis, &rules) != 0) {
		for (int i = 0; i < rules.n; i++)
			if (!verr_list_message(&f.errors, rules.e[i].field))
				verr_list_add(&f.errors, rules.e[i]);
		bad = 1;
	}
	if (bad) {
		f.error = f.errors.e[0];
		f.refused = 1;
		web_case_page_form(req, resp, 422, id, &f);
		return;
	}
	web_case_page_after(req, resp, secrecy_create(req->svc, id, &f.secrecy, NULL), id, &f);
}
