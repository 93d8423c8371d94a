/*
 * timeline — the person's timeline (service/person_page.h, issue 17):
 * the "Chronologie" section of her file (laid out by web/persons.c), a
 * page at a time, filtered by kinds with a GET form of checkboxes, and
 * the printable page /persons/{id}/chronologie, the whole of it for a
 * synthesis (no menu, form nor paging when printed: the print rules of
 * relais.css).  Each entry links to its place on its case's page.  No
 * free text: the notes and reasons are on the case's page, and an
 * attachment shows as "Document joint" with its type, not its title.
 */
#include <stdint.h>
#include <string.h>

#include "domain/date.h"
#include "domain/job_retention.h"
#include "domain/secrecy.h"
#include "service/appointments.h"
#include "service/person_page.h"
#include "support/i18n.h"
#include "web/case_forms.h"
#include "web/web.h"

/* The file shows this many entries at a time; the printable page all of
   them up to the most a page may list. */
#define TIMELINE_PAGE 10
#define TIMELINE_WHOLE PAGE_LIMIT_MAX

/* The reference lists the entries' codes come from. */
static const char *const timeline_lists[] = {"referral_source", "outcome", "mode",
					     "intervention_kind", "aid_kind", "funder",
					     "aid_decision"};

/* Where each event is on its case's page (an anchor of web/case_page.c's
   sections), NULL for the person's own. */
static const char *const anchors[TL__END] = {
	[TL_CASE_OPENED] = "resume",	     [TL_CASE_CLOSED] = "cloture",
	[TL_SHARE_GIVEN] = "partages",	     [TL_SHARE_ENDED] = "partages",
	[TL_INTERVENTION] = "interventions", [TL_AID_SUBMITTED] = "aides",
	[TL_AID_DECIDED] = "aides",	     [TL_ORIENTATION_SENT] = "orientations",
	[TL_ORIENTATION_ANSWERED] = "orientations",
	[TL_SICK_LEAVE] = "maintien",	     [TL_PART_TIME] = "maintien",
	[TL_SECRECY_LIFTED] = "secret",	     [TL_ATTACHMENT] = "pieces-jointes",  [TL_LETTER] = "courriers",
};

struct entries {
	buf *b;
	const struct web_refs *refs;
	arena *a;
};

/* " · text", escaped; nothing for NULL. */
static void part(buf *b, const char *text)
{
	if (!text)
		return;
	html(b, " · ");
	html_txt(b, text);
}

/* The French name of an attachment's kind (domain/attachments.h). */
static const char *file_kind_label(const char *kind)
{
	static const struct {
		const char *code, *label;
	} kinds[] = {{"pdf", N_("PDF")},
		     {"jpeg", N_("image JPEG")},
		     {"png", N_("image PNG")},
		     {"document", N_("traitement de texte")}};
	for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].code, kind) == 0)
			return _(kinds[i].label);
	return kind;
}

/* "jusqu'au 24/11/2026" for a period's end, NULL when open. */
static const char *until(arena *a, const char *end)
{
	char fr[11];
	if (!end)
		return NULL;
	date_french(end, fr);
	return arena_printf(a, _("jusqu'au %s"), fr);
}

/* What happened, in words, after the date. */
static void describe(struct entries *e, const struct timeline_item *it)
{
	buf *b = e->b;
	const struct web_refs *r = e->refs;
	arena *a = e->a;
	switch (it->event) {
	case TL_CONSENT_ACCOMPANIMENT:
		html_txt(b, _("Accord pour l'accompagnement"));
		if (it->code1 && date_valid(it->code1)) {
			char before[11];
			date_french(it->code1, before);
			part(b, arena_printf(a, _("date changée, auparavant le %s"), before));
		}
		break;
	case TL_CONSENT_STATISTICS:
		if (!it->code1) /* her first choice */
			html_txt(b, it->num ? _("Accord pour les statistiques")
					    : _("Refus des statistiques"));
		else
			html_txt(b, it->num ? _("Consentement aux statistiques donné de nouveau")
					    : _("Consentement aux statistiques retiré"));
		break;
	case TL_CASE_OPENED:
		html_txt(b, _("Suivi ouvert"));
		part(b, web_ref_label(r, "referral_source", it->code1));
		break;
	case TL_CASE_CLOSED:
		html_txt(b, _("Suivi clos"));
		part(b, web_ref_label(r, "outcome", it->code1));
		break;
	case TL_SHARE_GIVEN:
		html_txt(b, arena_printf(a, _("Suivi partagé avec %s"), it->name));
		break;
	case TL_SHARE_ENDED:
		html_txt(b, arena_printf(a, _("Fin du partage avec %s"), it->name));
		break;
	case TL_APPOINTMENT:
		html_txt(b, arena_printf(a, _("Rendez-vous à %s"), it->code3 ? it->code3 : ""));
		part(b, web_ref_label(r, "mode", it->code1));
		part(b, appointments_status_label(it->code2));
		break;
	case TL_INTERVENTION:
		html_txt(b, web_ref_label(r, "mode", it->code1));
		part(b, web_ref_label(r, "intervention_kind", it->code2));
		break;
	case TL_AID_SUBMITTED:
	case TL_AID_DECIDED:
		html_txt(b, it->event == TL_AID_SUBMITTED ? _("Aide demandée") : _("Aide décidée"));
		part(b, web_ref_label(r, "aid_kind", it->code1));
		part(b, web_ref_label(r, "funder", it->code2));
		part(b, web_ref_label(r, "aid_decision", it->code3));
		html(b, " · ");
		case_form_money(b, it->num);
		break;
	case TL_ORIENTATION_SENT:
		html_txt(b, arena_printf(a, _("Orientation vers %s"), it->name));
		break;
	case TL_ORIENTATION_ANSWERED:
		html_txt(b, arena_printf(a, _("Réponse de %s"), it->name));
		part(b, web_orientation_status_label(it->code1));
		break;
	case TL_SICK_LEAVE: {
		const char *kind = job_retention_label(job_retention_leave_kinds, it->code1);
		html_txt(b, kind ? _(kind) : it->code1);
		part(b, until(a, it->code2));
		break;
	}
	case TL_PART_TIME:
		html_txt(b, arena_printf(a, _("Mi-temps thérapeutique à %lld %%"),
					 (long long)it->num));
		part(b, until(a, it->code2));
		break;
	case TL_ATTACHMENT:
		html_txt(b, _("Document joint"));
		part(b, file_kind_label(it->code1));
		break;
	case TL_LETTER:
		html_txt(b, arena_printf(a, _("Courrier « %s »"), it->name));
		if (it->code1)
			part(b, arena_printf(a, _("à %s"), it->code1));
		break;
	case TL_SECRECY_LIFTED:
		/* The kind and its legal basis: the recipient and what was sent
		   stay on the case's page. */
		html_txt(b, arena_printf(a, _("Levée du secret : %s"),
					 _(secrecy_label(it->code1))));
		part(b, _(secrecy_label(it->code2)));
		break;
	}
}

static int entry(void *ctx, const struct timeline_item *it)
{
	struct entries *e = ctx;
	buf *b = e->b;
	html(b, "<li><strong>");
	case_form_date(b, it->date);
	html(b, "</strong> · ");
	describe(e, it);
	const char *anchor = it->event > 0 && it->event < TL__END ? anchors[it->event] : NULL;
	if (it->case_id && anchor) {
		html(b, " — <a href=\"/cases/");
		html_int(b, it->case_id);
		html(b, "#");
		/* A document: its own line in its section (web/attachments.c,
		   web/letters.c). */
		if (it->event == TL_ATTACHMENT || it->event == TL_LETTER) {
			html(b, it->event == TL_ATTACHMENT ? "piece-" : "courrier-");
			html_int(b, it->id);
		} else {
			html(b, anchor);
		}
		html(b, "\">");
		html_txt(b, arena_printf(e->a, _("Suivi n° %lld"), (long long)it->case_id));
		html(b, "</a>");
	}
	html(b, "</li>\n");
	return 0;
}

/* The filter, a GET form of checkboxes (no JavaScript): none ticked shows
   every kind. */
static void filter_form(buf *b, const struct web_timeline *t, unsigned mask)
{
	html(b, "<form method=\"get\" action=\"/persons/");
	html_int(b, t->person_id);
	html(b, "#chronologie\" class=\"no-print\">\n<fieldset>\n<legend>");
	html_txt(b, _("Ne montrer que"));
	html(b, "</legend>\n");
	for (int k = 0; k < TK__COUNT; k++) {
		html(b, "<label><input type=\"checkbox\" name=\"kinds\" value=\"");
		html(b, timeline_kind_code((enum timeline_kind)k));
		html(b, "\"");
		if (t->kinds && t->kinds[0] && (mask & (1u << k)))
			html(b, " checked");
		html(b, "> ");
		html_txt(b, _(timeline_kind_label((enum timeline_kind)k)));
		html(b, "</label>\n");
	}
	html(b, "</fieldset>\n<button type=\"submit\">");
	html_txt(b, _("Filtrer"));
	html(b, "</button>\n</form>\n");
}

/* "?kinds=…&" (or "?") to start a link's query keeping the filter. */
static void query_start(buf *b, const struct web_timeline *t)
{
	html(b, "?");
	if (t->kinds && t->kinds[0]) {
		html(b, "kinds=");
		html_url_arg(b, t->kinds);
		html(b, "&amp;");
	}
}

/* "← Les plus récentes", "Plus anciennes →" when there are, and the
   printable page. */
static void nav(buf *b, const struct web_timeline *t, const struct page *pg)
{
	html(b, "<nav aria-label=\"");
	html_txt(b, _("Pages de la chronologie"));
	html(b, "\" class=\"no-print\"><ul>\n");
	if (pg->after[0]) {
		html(b, "<li><a href=\"/persons/");
		html_int(b, t->person_id);
		query_start(b, t);
		html(b, "#chronologie\">");
		html_txt(b, _("← Les plus récentes"));
		html(b, "</a></li>\n");
	}
	if (pg->more) {
		html(b, "<li><a href=\"/persons/");
		html_int(b, t->person_id);
		query_start(b, t);
		html(b, "after=");
		html_url_arg(b, pg->next);
		html(b, "#chronologie\" rel=\"next\">");
		html_txt(b, _("Plus anciennes →"));
		html(b, "</a></li>\n");
	}
	html(b, "<li><a href=\"/persons/");
	html_int(b, t->person_id);
	html(b, "/chronologie");
	query_start(b, t);
	html(b, "\">");
	html_txt(b, _("Chronologie complète à imprimer"));
	html(b, "</a></li>\n</ul></nav>\n");
}

int web_timeline_section(struct request *req, buf *b, const struct web_timeline *t)
{
	unsigned mask;
	struct page pg;
	if (timeline_kinds_parse(t->kinds, &mask) != 0 ||
	    page_from_query(&pg, NULL, t->whole ? NULL : t->after) != 0)
		return SVC_INVALID;
	pg.limit = t->whole ? TIMELINE_WHOLE : TIMELINE_PAGE;
	buf items;
	buf_init(&items, HTTP_PAGE_MAX);
	struct entries e = {&items, t->refs, req->a};
	int rc = persons_timeline(req->svc, t->person_id, mask, &pg, entry, &e);
	if (rc != SVC_OK) {
		buf_free(&items);
		return rc;
	}
	if (!t->whole) {
		html(b, "<section aria-labelledby=\"chronologie\">\n<h2 id=\"chronologie\">");
		html_txt(b, _("Chronologie"));
		html(b, "</h2>\n");
		filter_form(b, t, mask);
	}
	html(b, "<p>");
	html_txt(b, arena_printf(req->a,
				 P_("%lld élément dans les suivis que vous pouvez ouvrir, du plus "
				    "récent au plus ancien.",
				    "%lld éléments dans les suivis que vous pouvez ouvrir, du plus "
				    "récent au plus ancien.",
				    pg.total),
				 (long long)pg.total));
	html(b, "</p>\n");
	if (t->whole && pg.more) {
		html(b, "<p>");
		html_txt(b, arena_printf(req->a,
					 _("Seuls les %d plus récents sont montrés : filtrez par "
					   "type pour voir les autres."),
					 TIMELINE_WHOLE));
		html(b, "</p>\n");
	}
	if (items.len) {
		html(b, "<ul>\n");
		buf_add(b, items.data, items.len);
		html(b, "</ul>\n");
	}
	buf_free(&items);
	if (!t->whole) {
		nav(b, t, &pg);
		html(b, "</section>\n");
	}
	return SVC_OK;
}

/* ---- the printable page ---- */

struct whole {
	struct request *req;
	struct web_timeline t;
	struct web_refs refs;
	const char *name; /* the person's, in the arena */
	buf *items;
};

static int whole_person(void *ctx, const struct person_view *p)
{
	struct whole *w = ctx;
	w->name = arena_printf(w->req->a, "%s %s", p->first_name, p->last_name);
	return 0;
}

static int whole_read(void *ctx)
{
	struct whole *w = ctx;
	if (!w->name)
		return SVC_NOT_FOUND;
	int rc = web_refs_load(w->req, &w->refs, timeline_lists,
			       sizeof timeline_lists / sizeof timeline_lists[0]);
	if (rc == SVC_OK)
		rc = web_timeline_section(w->req, w->items, &w->t);
	return rc;
}

void web_person_timeline(struct request *req, struct response *resp)
{
	const char *kinds = req_query_joined(req, "kinds");
	unsigned mask;
	if (timeline_kinds_parse(kinds, &mask) != 0) {
		web_timeline_bad_kinds(req, resp);
		return;
	}
	buf items;
	buf_init(&items, HTTP_PAGE_MAX);
	struct whole w;
	memset(&w, 0, sizeof w);
	w.req = req;
	w.t.person_id = req->id;
	w.t.kinds = kinds;
	w.t.whole = 1;
	w.t.refs = &w.refs;
	w.items = &items;
	int rc = person_page(req->svc, req->id, whole_person, whole_read, &w);
	if (rc != SVC_OK) {
		buf_free(&items);
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	/* The title stays generic: it ends up in the browser's history. */
	page_begin(req, &b, _("Chronologie de la personne"));
	html(&b, "<p class=\"no-print\"><a href=\"/persons/");
	html_int(&b, req->id);
	html(&b, "#chronologie\">");
	html_txt(&b, _("← La fiche de la personne"));
	html(&b, "</a> · ");
	html_txt(&b, _("Pour l'imprimer : Ctrl+P (⌘+P sur Mac) ; le menu n'est pas imprimé."));
	html(&b, "</p>\n<h1>");
	html_txt(&b, arena_printf(req->a, _("Chronologie de %s"), w.name ? w.name : ""));
	html(&b, "</h1>\n");
	buf_add(&b, items.data ? items.data : "", items.len);
	buf_free(&items);
	page_finish(req, resp, 200, &b);
}

void web_timeline_bad_kinds(struct request *req, struct response *resp)
{
	resp_error(req, resp, 400, "bad_kinds", _(timeline_kinds_unknown), "kinds");
}
