/*
 * interventions — the "Interventions" section of a case's page (laid out
 * by web/case_page.c): what was done, with the form adding
 * an intervention, and that form's POST.
 *
 * The private note of an intervention reaches the page only for its author
 * (service/interventions.h).
 */
#include <stdint.h>
#include <string.h>

#include "domain/date.h"
#include "service/interventions.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/case_forms.h"
#include "web/web.h"

/* "45 min", "1 h", "1 h 30". */
static void duration(buf *b, arena *a, int64_t minutes)
{
	if (minutes < 60)
		html_txt(b, arena_printf(a, "%lld min", (long long)minutes));
	else if (minutes % 60 == 0)
		html_txt(b, arena_printf(a, "%lld h", (long long)(minutes / 60)));
	else
		html_txt(b, arena_printf(a, "%lld h %02lld", (long long)(minutes / 60),
					 (long long)(minutes % 60)));
}

struct iv_list {
	struct request *req;
	buf *b;
	const struct web_refs *refs;
	int n;
};

static int intervention_item(void *ctx, const struct intervention_view *v)
{
	struct iv_list *l = ctx;
	buf *b = l->b;
	l->n++;
	html(b, "<article>\n<header><strong>");
	case_form_date(b, v->date);
	html(b, "</strong> · ");
	html_txt(b, case_form_ref_label(l->refs, "mode", v->mode));
	html(b, " · ");
	html_txt(b, case_form_ref_label(l->refs, "intervention_kind", v->kind));
	html(b, " · ");
	duration(b, l->req->a, v->duration_minutes);
	html(b, " · ");
	html_txt(b, v->own ? _("par vous") : arena_printf(l->req->a, _("par %s"), v->author));
	html(b, "</header>\n");
	if (v->notes && *v->notes)
		case_form_multiline(b, l->req->a, v->notes);
	else {
		html(b, "<p><small>");
		html_txt(b, _("Pas de note."));
		html(b, "</small></p>\n");
	}
	if (v->own && v->private_note && *v->private_note) {
		html(b, "<div class=\"notice\">\n<p><strong>");
		html_txt(b, _("Note privée (visible par vous seule)"));
		html(b, "</strong></p>\n");
		case_form_multiline(b, l->req->a, v->private_note);
		html(b, "</div>\n");
	}
	html(b, "</article>\n");
	return 0;
}

/* What was done, and the form to add to it. */
int web_interventions_section(struct request *req, buf *b, const struct web_case *c)
{
	const struct case_form *f = c->form;
	buf ivs;
	buf_init(&ivs, HTTP_PAGE_MAX);
	struct iv_list il = {req, &ivs, c->refs, 0};
	int rc = interventions_list(req->svc, c->v->id, intervention_item, &il);
	if (rc != SVC_OK) {
		buf_free(&ivs);
		return rc;
	}
	char today[DATE_LEN + 1];
	date_today(today);
	case_form_section(b, "interventions", _("Interventions"));
	case_form_details(b, f, CASE_FORM_INTERVENTION, _("Ajouter une intervention"));
	case_form_alert(b, f, CASE_FORM_INTERVENTION);
	case_form_open(req, b, c->v->id, "/interventions");
	const struct intervention_input *iv = f->which == CASE_FORM_INTERVENTION ? &f->iv : NULL;
	html(b, "<div class=\"grid\">\n");
	case_form_date_input(b, f, CASE_FORM_INTERVENTION, "date", _("Date"), iv ? iv->date : today,
			     0);
	case_form_ref_select(b, f, CASE_FORM_INTERVENTION, c->refs, "mode", "mode", _("Mode"),
			     iv ? iv->mode : NULL);
	case_form_ref_select(b, f, CASE_FORM_INTERVENTION, c->refs, "intervention_kind", "kind",
			     _("Type"), iv ? iv->kind : NULL);
	case_form_input(b, f, CASE_FORM_INTERVENTION, "duration_minutes", _("Durée (minutes)"),
			"number", iv ? f->duration : NULL,
			" required min=\"0\" max=\"1440\" step=\"1\"");
	html(b, "</div>\n");
	case_form_textarea(b, f, CASE_FORM_INTERVENTION, "notes",
			   _("Notes (lisibles par les collègues du suivi)"), iv ? iv->notes : NULL);
	case_form_textarea(b, f, CASE_FORM_INTERVENTION, "private_note",
			   _("Note privée (visible par vous seule, chiffrée)"),
			   iv ? iv->private_note : NULL);
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Enregistrer l'intervention"));
	html(b, "</button>\n</form>\n</details>\n");
	case_form_section_end(b, &ivs, (size_t)il.n, _("Aucune intervention enregistrée."));
	return SVC_OK;
}

void web_interventions_create(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct case_form f;
	memset(&f, 0, sizeof f);
	f.which = CASE_FORM_INTERVENTION;
	/* The duration as typed, to show the form again. */
	f.duration = req_form(req, interventions_fields[INTERVENTION_DURATION].name);
	if (req_fields(req, interventions_fields, INTERVENTION__FIELDS, &f.iv, &f.error) != 0) {
		/* The case must still be the caller's to show the form again. */
		f.refused = 1;
		web_case_page_form(req, resp, 422, id, &f);
		return;
	}
	web_case_page_after(req, resp, interventions_create(req->svc, id, &f.iv, NULL), id, &f);
}
