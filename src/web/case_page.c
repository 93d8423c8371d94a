/*
 * case_page — one case's page (GET /cases/{id}): the person, the status,
 * the essentials of the case, then its sections — interventions, aids,
 * budget, orientations, job retention, diagnosis and action plan, closing,
 * sharing — each written by its feature's file (web/interventions.c…),
 * and the page again after a POST of one of their forms.
 *
 * The page does not name its sections: it calls those listed in
 * req->site->pages (struct web_pages, filled in by routes/routes.c), so
 * that the sections' files may call back into this one after a POST
 * without a cycle between them.  Every section is read before anything of
 * the page is written: when one read fails, the page is the error page.
 *
 * The page is one read (service/case_page.h): one check of the case, one
 * transaction and one access-log entry for the case and all its sections.
 *
 * Secrecy is the service's (service/cases.h): a case the caller may not
 * open answers SVC_NOT_FOUND, and the page is the same French "not found"
 * as for an id that does not exist, with nothing of the case in it.
 */
#include <stdint.h>
#include <string.h>

#include "domain/date.h"
#include "service/case_page.h"
#include "support/i18n.h"
#include "web/case_forms.h"
#include "web/web.h"

/* The case copied out of the service's callback (strings in the arena):
   the page is written after the read, with other look-ups in between. */
struct kept {
	arena *a;
	int found;
	struct case_view v;
};

static int case_keep(void *ctx, const struct case_view *c)
{
	struct kept *k = ctx;
	arena *a = k->a;
	k->found = 1;
	static const size_t strings[] = {
		offsetof(struct case_view, last_name),	     offsetof(struct case_view, first_name),
		offsetof(struct case_view, referent),	     offsetof(struct case_view, opened_on),
		offsetof(struct case_view, closed_on),	     offsetof(struct case_view, referral_source),
		offsetof(struct case_view, outcome),	     offsetof(struct case_view, diagnosis),
		offsetof(struct case_view, action_plan),
	};
	k->v = *c;
	web_keep_strings(a, &k->v, strings, sizeof strings / sizeof strings[0]);
	const char **d = arena_alloc(a, sizeof *d * (size_t)(c->ndomains > 0 ? c->ndomains : 1));
	for (int i = 0; i < c->ndomains; i++)
		d[i] = arena_strdup(a, c->domains[i]);
	k->v.domains = d;
	k->v.ndomains = c->ndomains > 0 ? c->ndomains : 0;
	return 1;
}

/* The case's domains, grouped under their top-level domain. */
static void domains_list(buf *b, const struct web_refs *r, const struct case_view *v)
{
	html(b, "<ul>\n");
	for (const struct web_ref *top = r->head; top; top = top->next) {
		if (strcmp(top->list, "domain") != 0 || top->parent)
			continue;
		int general = case_form_has_code(v->domains, v->ndomains, top->code), themes = 0;
		for (int i = 0; i < v->ndomains; i++) {
			const struct web_ref *e = web_ref_find(r, "domain", v->domains[i]);
			if (!e || !e->parent || strcmp(e->parent, top->code) != 0)
				continue;
			if (!themes++) {
				html(b, "<li><strong>");
				html_txt(b, top->label);
				html(b, "</strong> : ");
				if (general) {
					html_txt(b, _("en général"));
					html(b, ", ");
				}
			} else {
				html(b, ", ");
			}
			html_txt(b, e->label);
		}
		if (themes)
			html(b, "</li>\n");
		else if (general) {
			html(b, "<li><strong>");
			html_txt(b, top->label);
			html(b, "</strong></li>\n");
		}
	}
	/* A code the lists no longer hold (never deleted: should not happen). */
	for (int i = 0; i < v->ndomains; i++)
		if (!web_ref_find(r, "domain", v->domains[i])) {
			html(b, "<li>");
			html_txt(b, v->domains[i]);
			html(b, "</li>\n");
		}
	html(b, "</ul>\n");
}

static void dt(buf *b, const char *term)
{
	html(b, "<dt>");
	html_txt(b, term);
	html(b, "</dt>\n<dd>");
}

/* What the page's read fills in (sections_read, in the page's one read). */
struct read {
	struct request *req;
	struct kept k;
	struct web_refs refs;
	const struct case_form *f;
	const struct case_refusal *record;
	buf *sections; /* the sections' markup */
};

/* The case, into the page's read. */
static int case_read(void *ctx, const struct case_view *c)
{
	struct read *r = ctx;
	return case_keep(&r->k, c);
}

/* The page's sections, each read (and written) by its feature's file,
   inside the page's one read of the case (service/case_page.h). */
static int sections_read(void *ctx)
{
	struct read *r = ctx;
	struct request *req = r->req;
	if (!r->k.found)
		return SVC_NOT_FOUND;
	int rc = case_form_refs_load(req, &r->refs);
	int referent = rc == SVC_OK && case_form_is_me(req, r->k.v.referent);
	struct web_case c = {&r->k.v, referent, &r->refs, r->f, r->record};
	const struct web_pages *pages = req->site ? req->site->pages : NULL;
	for (int i = 0; rc == SVC_OK && pages && i < pages->ncase_sections; i++)
		rc = pages->case_sections[i](req, r->sections, &c);
	return rc;
}

/* The page of case id, its case forms with f's typed values and refusal,
   its record forms with record's (may be NULL). */
static void render_case(struct request *req, struct response *resp, int status, int64_t id,
			const struct case_form *f, const struct case_refusal *record)
{
	buf b, sections;
	buf_init(&sections, HTTP_PAGE_MAX);
	struct read r;
	memset(&r, 0, sizeof r);
	r.req = req;
	r.k.a = req->a;
	r.f = f;
	r.record = record;
	r.sections = &sections;
	int rc = id ? case_page(req->svc, id, case_read, sections_read, &r) : SVC_NOT_FOUND;
	const struct case_view *v = &r.k.v;
	const struct web_refs *refs = &r.refs;
	int referent = rc == SVC_OK && case_form_is_me(req, v->referent);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		buf_free(&sections);
		return;
	}
	buf_init(&b, HTTP_PAGE_MAX);
	/* The title stays generic: it ends up in the browser's history. */
	page_begin(req, &b, _("Suivi"));
	html(&b, "<p><a href=\"/cases\">");
	html_txt(&b, _("← Mes suivis"));
	html(&b, "</a></p>\n<hgroup>\n<h1>");
	html_txt(&b, v->first_name);
	html(&b, " ");
	html_txt(&b, v->last_name);
	html(&b, "</h1>\n<p>");
	html_txt(&b, arena_printf(req->a, _("Suivi n° %lld"), (long long)v->id));
	html(&b, " — ");
	char fr[11];
	if (v->closed_on) {
		date_french(v->closed_on, fr);
		html_txt(&b, arena_printf(req->a, _("Clôturé le %s"), fr));
	} else {
		date_french(v->opened_on, fr);
		html_txt(&b, arena_printf(req->a, _("En cours depuis le %s"), fr));
	}
	html(&b, "</p>\n</hgroup>\n");

	/* The essentials. */
	case_form_section(&b, "resume", _("Le suivi"));
	html(&b, "<dl>\n");
	dt(&b, _("Personne"));
	html(&b, "<a href=\"/persons/");
	html_int(&b, v->person_id);
	html(&b, "\">");
	html_txt(&b, v->first_name);
	html(&b, " ");
	html_txt(&b, v->last_name);
	html(&b, "</a></dd>\n");
	dt(&b, _("Référent(e)"));
	if (referent) {
		html_txt(&b, _("vous"));
		html(&b, " (");
		html_txt(&b, svc_actor(req->svc)->name);
		html(&b, ")");
	} else {
		html_txt(&b, v->referent);
	}
	html(&b, "</dd>\n");
	dt(&b, _("Statut"));
	html_txt(&b, v->closed_on ? _("Clôturé") : _("En cours"));
	html(&b, "</dd>\n");
	dt(&b, _("Ouvert le"));
	case_form_date(&b, v->opened_on);
	html(&b, "</dd>\n");
	if (v->closed_on) {
		dt(&b, _("Clôturé le"));
		case_form_date(&b, v->closed_on);
		html(&b, "</dd>\n");
		dt(&b, _("Issue"));
		html_txt(&b, case_form_ref_label(refs, "outcome", v->outcome));
		html(&b, "</dd>\n");
	}
	dt(&b, _("Origine de la demande"));
	html_txt(&b, case_form_ref_label(refs, "referral_source", v->referral_source));
	html(&b, "</dd>\n");
	dt(&b, _("Domaines"));
	domains_list(&b, refs, v);
	html(&b, "</dd>\n</dl>\n</section>\n");

	buf_add(&b, sections.data ? sections.data : "", sections.len);
	page_finish(req, resp, status, &b);
	buf_free(&sections);
}

void web_case_page(struct request *req, struct response *resp, int status, int64_t id,
		   const struct case_refusal *r)
{
	struct case_form f;
	memset(&f, 0, sizeof f);
	render_case(req, resp, status, id, &f, r);
}

void web_case_page_form(struct request *req, struct response *resp, int status, int64_t id,
			const struct case_form *f)
{
	render_case(req, resp, status, id, f, NULL);
}

void web_case_page_get(struct request *req, struct response *resp)
{
	struct case_form f;
	memset(&f, 0, sizeof f);
	render_case(req, resp, 200, req->id, &f, NULL);
}

void web_case_page_after(struct request *req, struct response *resp, int rc, int64_t id,
			 struct case_form *f)
{
	if (rc == SVC_OK) {
		resp_redirect(resp, arena_printf(req->a, "/cases/%lld", (long long)id));
	} else if (rc == SVC_INVALID) {
		case_form_refuse(f, req);
		render_case(req, resp, 422, id, f, NULL);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

void web_case_page_record_after(struct request *req, struct response *resp, int rc, int64_t id,
				const char *form, const char *anchor)
{
	if (rc == SVC_OK) {
		resp_redirect(resp, arena_printf(req->a, "/cases/%lld#%s", (long long)id, anchor));
	} else if (rc == SVC_INVALID) {
		struct case_refusal r = {form, *svc_error(req->svc), NULL};
		web_case_page(req, resp, 422, id, &r);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

void web_case_page_record_refuse(struct request *req, struct response *resp, int64_t id,
				 const char *form, const char *field, const char *message)
{
	struct case_refusal r = {form, {field, message}, NULL};
	web_case_page(req, resp, 422, id, &r);
}

void web_case_page_record_refuse_all(struct request *req, struct response *resp, int64_t id,
				     const char *form, const struct verr_list *all)
{
	struct case_refusal r = {form, all->e[0], all};
	web_case_page(req, resp, 422, id, &r);
}
