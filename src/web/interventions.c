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
#include "service/paging.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/case_forms.h"
#include "web/corrections.h"
#include "web/paging.h"
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
	const struct web_case *page; /* the case page (its forms), or NULL */
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
	/* Its author and the case's référent may correct it. */
	if (l->page && (v->own || l->page->referent))
		web_corrections_intervention_forms(l->req, b, l->page->record, l->refs,
						   l->page->v->id, v);
	html(b, "</article>\n");
	return 0;
}

/* The case page shows the latest ones; the rest on their own pages. */
#define CASE_PAGE_INTERVENTIONS 10

/* "Voir les 42 interventions" under the latest ones, when there are more. */
static void all_link(struct request *req, buf *b, int64_t case_id, int64_t total)
{
	html(b, "<p><a href=\"/cases/");
	html_int(b, case_id);
	html(b, "/interventions\">");
	html_txt(b, arena_printf(req->a,
				 P_("Voir l'intervention", "Voir les %lld interventions", total),
				 (long long)total));
	html(b, "</a></p>\n");
}

/* What was done, and the form to add to it. */
int web_interventions_section(struct request *req, buf *b, const struct web_case *c)
{
	const struct case_form *f = c->form;
	buf ivs;
	buf_init(&ivs, HTTP_PAGE_MAX);
	struct iv_list il = {req, &ivs, c->refs, 0, c};
	struct page pg;
	page_from_query(&pg, NULL, NULL);
	pg.limit = CASE_PAGE_INTERVENTIONS;
	int rc = interventions_page(req->svc, c->v->id, &pg, intervention_item, &il);
	if (rc != SVC_OK) {
		buf_free(&ivs);
		return rc;
	}
	if (pg.more)
		all_link(req, &ivs, c->v->id, pg.total);
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
	if (case_form_read(req, &f, interventions_fields, INTERVENTION__FIELDS, &f.iv) != 0) {
		/* The case must still be the caller's to show the form again. */
		f.refused = 1;
		web_case_page_form(req, resp, 422, id, &f);
		return;
	}
	web_case_page_after(req, resp, interventions_create(req->svc, id, &f.iv, NULL), id, &f);
}

/* GET /cases/{id}/interventions: every intervention of the case, newest
   first, a page at a time (?after= the cursor of the page before). */
void web_interventions_page_get(struct request *req, struct response *resp)
{
	struct page pg;
	struct web_refs refs;
	/* A malformed cursor is refused like one this list did not write. */
	int rc = page_from_query(&pg, NULL, req_query(req, "after")) == 0 ? SVC_OK : SVC_INVALID;
	if (rc == SVC_OK)
		rc = case_form_refs_load(req, &refs);
	buf ivs, b;
	buf_init(&ivs, HTTP_PAGE_MAX);
	struct iv_list il = {req, &ivs, &refs, 0, NULL};
	if (rc == SVC_OK)
		rc = interventions_page(req->svc, req->id, &pg, intervention_item, &il);
	if (rc != SVC_OK) {
		buf_free(&ivs);
		/* A cursor this list did not write: the first page instead. */
		if (rc == SVC_INVALID)
			resp_redirect(resp, arena_printf(req->a, "/cases/%lld/interventions",
							 (long long)req->id));
		else
			resp_svc_error(req, resp, rc);
		return;
	}
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Interventions"));
	html(&b, "<p><a href=\"/cases/");
	html_int(&b, req->id);
	html(&b, "#interventions\">");
	html_txt(&b, _("← Retour au suivi"));
	html(&b, "</a></p>\n<hgroup>\n<h1>");
	html_txt(&b, _("Interventions"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, arena_printf(req->a, _("Suivi n° %lld"), (long long)req->id));
	html(&b, " — ");
	html_txt(&b, arena_printf(req->a,
				  P_("%lld intervention, de la plus récente à la plus ancienne",
				     "%lld interventions, de la plus récente à la plus ancienne", pg.total),
				  (long long)pg.total));
	html(&b, "</p>\n</hgroup>\n");
	if (il.n)
		buf_add(&b, ivs.data, ivs.len);
	else {
		html(&b, "<p>");
		html_txt(&b, _("Aucune intervention enregistrée."));
		html(&b, "</p>\n");
	}
	buf_free(&ivs);
	web_page_nav(&b, arena_printf(req->a, "/cases/%lld/interventions", (long long)req->id), &pg,
		     _("← Les plus récentes"), _("Plus anciennes →"));
	page_finish(req, resp, 200, &b);
}
