/*
 * timeline — the "Chronologie" section of a person's file (laid out by
 * web/persons.c): the interventions of the person's cases the caller may
 * open, newest first, a page at a time (service/person_page.h), each
 * linking to its case.  No free text: the notes are on the case's page.
 */
#include <stdint.h>

#include "service/person_page.h"
#include "support/i18n.h"
#include "web/case_forms.h"
#include "web/web.h"

/* The file shows this many entries at a time. */
#define TIMELINE_PAGE 10

struct entries {
	buf *b;
	const struct web_refs *refs;
	arena *a;
};

static int entry(void *ctx, const struct timeline_item *it)
{
	struct entries *e = ctx;
	buf *b = e->b;
	html(b, "<li><strong>");
	case_form_date(b, it->date);
	html(b, "</strong> · ");
	html_txt(b, web_ref_label(e->refs, "mode", it->mode));
	html(b, " · ");
	html_txt(b, web_ref_label(e->refs, "intervention_kind", it->kind));
	html(b, " — <a href=\"/cases/");
	html_int(b, it->case_id);
	html(b, "#interventions\">");
	html_txt(b, arena_printf(e->a, _("Suivi n° %lld"), (long long)it->case_id));
	html(b, "</a></li>\n");
	return 0;
}

/* "← Les plus récentes" and "Plus anciennes →", when there are. */
static void nav(buf *b, int64_t person_id, const struct page *pg)
{
	if (!pg->after[0] && !pg->more)
		return;
	html(b, "<nav aria-label=\"");
	html_txt(b, _("Pages de la chronologie"));
	html(b, "\"><ul>\n");
	if (pg->after[0]) {
		html(b, "<li><a href=\"/persons/");
		html_int(b, person_id);
		html(b, "#chronologie\">");
		html_txt(b, _("← Les plus récentes"));
		html(b, "</a></li>\n");
	}
	if (pg->more) {
		html(b, "<li><a href=\"/persons/");
		html_int(b, person_id);
		html(b, "?after=");
		html_url_arg(b, pg->next);
		html(b, "#chronologie\" rel=\"next\">");
		html_txt(b, _("Plus anciennes →"));
		html(b, "</a></li>\n");
	}
	html(b, "</ul></nav>\n");
}

int web_timeline_section(struct request *req, buf *b, int64_t person_id, const char *after,
			 const struct web_refs *refs)
{
	struct page pg;
	if (page_from_query(&pg, NULL, after) != 0)
		return SVC_INVALID;
	pg.limit = TIMELINE_PAGE;
	buf items;
	buf_init(&items, HTTP_PAGE_MAX);
	struct entries e = {&items, refs, req->a};
	int rc = persons_timeline(req->svc, person_id, &pg, entry, &e);
	if (rc != SVC_OK) {
		buf_free(&items);
		return rc;
	}
	html(b, "<section aria-labelledby=\"chronologie\">\n<h2 id=\"chronologie\">");
	html_txt(b, _("Chronologie"));
	html(b, "</h2>\n<p>");
	html_txt(b, arena_printf(req->a,
				 P_("%lld intervention dans les suivis que vous pouvez ouvrir, de la "
				    "plus récente à la plus ancienne.",
				    "%lld interventions dans les suivis que vous pouvez ouvrir, de la "
				    "plus récente à la plus ancienne.",
				    pg.total),
				 (long long)pg.total));
	html(b, "</p>\n");
	if (items.len) {
		html(b, "<ul>\n");
		buf_add(b, items.data, items.len);
		html(b, "</ul>\n");
	}
	buf_free(&items);
	nav(b, person_id, &pg);
	html(b, "</section>\n");
	return SVC_OK;
}
