/*
 * organisations — the client organisations: the list (with a creation form
 * for admin and head) and one organisation's page (headcounts by year,
 * assigned workers, forms to change them).
 */
#include <stdio.h>
#include <string.h>

#include "service/organisations.h"
#include "service/reference.h"
#include "support/i18n.h"
#include "web/web.h"

/* Values to show again after a refused form, and what was wrong. */
struct form {
	struct organisation_input org;        /* creation form */
	const char *year, *headcount;         /* headcount form, as typed */
	struct assignment_input assign;       /* assignment form */
	const struct verr *error;
	struct verr refused;                  /* a refusal of the form's reader */
};

static int is_error(const struct form *f, const char *field)
{
	return f->error && f->error->field && strcmp(f->error->field, field) == 0;
}

static void field_error(buf *b, const struct form *f, const char *field)
{
	form_error(b, is_error(f, field), "", field, is_error(f, field) ? _(f->error->message) : "");
}

static void invalid_attr(buf *b, const struct form *f, const char *field)
{
	form_invalid(b, is_error(f, field), "", field);
}

static void text_input(buf *b, const struct form *f, const char *field, const char *label,
		       const char *value, const char *extra)
{
	form_input(b, "text", field, label, value, extra, "",
		   is_error(f, field) ? _(f->error->message) : NULL);
}

struct kinds {
	buf *b;
	const char *selected;
};

static int kind_option(void *ctx, const struct reference_item *e)
{
	struct kinds *k = ctx;
	if (strcmp(e->list, "organisation_kind") != 0 || e->retired)
		return 0;
	form_option(k->b, e->code, e->label, k->selected);
	return 0;
}

static int org_row(void *ctx, const struct org_info *o)
{
	buf *b = ctx;
	html(b, "<tr><td><a href=\"/organisations/");
	html_url_arg(b, o->code);
	html(b, "\">");
	html_txt(b, o->name);
	html(b, "</a></td><td>");
	html_txt(b, o->code);
	html(b, "</td><td>");
	html_txt(b, o->kind);
	html(b, "</td><td>");
	html_txt(b, o->sector ? o->sector : "—");
	html(b, "</td></tr>\n");
	return 0;
}

static void render_list(struct request *req, struct response *resp, int status,
			const struct form *f)
{
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Organisations"));
	html(&b, "<h1>");
	html_txt(&b, _("Organisations clientes"));
	html(&b, "</h1>\n<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(&b, _("Nom"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Code"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Type"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Secteur"));
	html(&b, "</th></tr></thead>\n<tbody>\n");
	size_t before = b.len;
	int rc = organisations_list(req->svc, org_row, &b);
	if (rc == SVC_OK && b.len == before) {
		html(&b, "<tr><td colspan=\"4\">");
		html_txt(&b, _("Aucune organisation pour l'instant."));
		html(&b, "</td></tr>\n");
	}
	html(&b, "</tbody>\n</table>\n</figure>\n");
	const struct actor *who = svc_actor(req->svc);
	if (rc == SVC_OK && policy_allows(who->role, ACT_ORGS_EDIT)) {
		html(&b, "<section aria-labelledby=\"nouvelle\">\n<h2 id=\"nouvelle\">");
		html_txt(&b, _("Nouvelle organisation"));
		html(&b, "</h2>\n<form method=\"post\" action=\"/organisations\">\n");
		page_csrf_field(req, &b);
		html(&b, "<div class=\"grid\">\n");
		text_input(&b, f, "name", _("Nom"), f->org.name, " required maxlength=\"200\"");
		text_input(&b, f, "code", _("Code court (a-z, 0-9, - et _)"), f->org.code,
			   " required maxlength=\"32\" autocapitalize=\"none\" spellcheck=\"false\"");
		html(&b, "</div>\n<div class=\"grid\">\n<label>");
		html_txt(&b, _("Type"));
		html(&b, "\n<select name=\"kind\" required");
		invalid_attr(&b, f, "kind");
		html(&b, ">\n");
		struct kinds k = {&b, f->org.kind};
		rc = reference_list(req->svc, kind_option, &k);
		html(&b, "</select>\n");
		field_error(&b, f, "kind");
		html(&b, "</label>\n");
		text_input(&b, f, "sector", _("Secteur (facultatif)"), f->org.sector,
			   " maxlength=\"100\"");
		html(&b, "</div>\n<button type=\"submit\">");
		html_txt(&b, _("Créer l'organisation"));
		html(&b, "</button>\n</form>\n</section>\n");
	}
	page_end(req, &b);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		page_send(resp, status, &b);
	buf_free(&b);
}

void web_organisations(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	render_list(req, resp, 200, &f);
}

void web_organisations_create(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	if (req_fields(req, organisations_fields, ORGANISATION__FIELDS, &f.org, &f.refused) != 0) {
		f.error = &f.refused;
		render_list(req, resp, 422, &f);
		return;
	}
	int rc = organisations_create(req->svc, f.org.code, f.org.name, f.org.kind, f.org.sector,
				      NULL);
	if (rc == SVC_OK) {
		resp_redirect(resp, arena_printf(req->a, "/organisations/%s", f.org.code));
	} else if (rc == SVC_INVALID || rc == SVC_CONFLICT) {
		f.error = svc_error(req->svc);
		render_list(req, resp, rc == SVC_INVALID ? 422 : 409, &f);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

/* The organisation page is written in three callbacks into one buffer. */
struct page {
	struct request *req;
	buf *b;
	int rows;
};

static int page_org(void *ctx, const struct org_info *o)
{
	struct page *p = ctx;
	html(p->b, "<hgroup>\n<h1>");
	html_txt(p->b, o->name);
	html(p->b, "</h1>\n<p>");
	html_txt(p->b, o->code);
	html(p->b, " · ");
	html_txt(p->b, o->kind);
	if (o->sector) {
		html(p->b, " · ");
		html_txt(p->b, o->sector);
	}
	html(p->b, "</p>\n</hgroup>\n");
	return 0;
}

static int page_headcount(void *ctx, int64_t year, int64_t headcount)
{
	struct page *p = ctx;
	if (!p->rows++) {
		html(p->b, "<table tabindex=\"0\">\n<thead><tr><th scope=\"col\">");
		html_txt(p->b, _("Année"));
		html(p->b, "</th><th scope=\"col\" class=\"num\">");
		html_txt(p->b, _("Effectif"));
		html(p->b, "</th></tr></thead>\n<tbody>\n");
	}
	html(p->b, "<tr><td>");
	html_int(p->b, year);
	html(p->b, "</td><td class=\"num\">");
	html_int(p->b, headcount);
	html(p->b, "</td></tr>\n");
	return 0;
}

/* The organisation's page, /organisations/CODE, in an attribute: its forms
   post under it whatever path the page was rendered at (a refused form's
   page is rendered at the form's own path). */
static void org_path(buf *b, const char *code)
{
	html(b, "/organisations/");
	html_url_arg(b, code);
}

static int page_worker(void *ctx, const char *login, const char *name)
{
	struct page *p = ctx;
	const struct actor *who = svc_actor(p->req->svc);
	html(p->b, "<li>");
	html_txt(p->b, name);
	html(p->b, " (");
	html_txt(p->b, login);
	html(p->b, ")");
	if (policy_allows(who->role, ACT_ORGS_ASSIGN)) {
		html(p->b, " <form method=\"post\" class=\"inline\" action=\"");
		org_path(p->b, p->req->params[0]);
		html(p->b, "/workers/");
		html_url_arg(p->b, login);
		html(p->b, "/remove\">");
		page_csrf_field(p->req, p->b);
		html(p->b, "<button type=\"submit\" class=\"secondary outline\">");
		html_txt(p->b, _("Retirer"));
		html(p->b, "</button></form>");
	}
	html(p->b, "</li>\n");
	p->rows++;
	return 0;
}

static void render_org(struct request *req, struct response *resp, int status,
		       const struct form *f)
{
	const char *code = req->params[0];
	const struct actor *who = svc_actor(req->svc);
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	buf body;
	buf_init(&body, HTTP_PAGE_MAX);
	struct page p = {req, &body, 0};
	html(&body, "<section aria-labelledby=\"effectifs\">\n<h2 id=\"effectifs\">");
	html_txt(&body, _("Effectifs"));
	html(&body, "</h2>\n");
	/* The page's frame comes first but its title needs the name: render
	   the body, then wrap it. */
	int rc = organisations_get(req->svc, code, NULL, page_headcount, NULL, &p);
	if (rc == SVC_OK) {
		if (p.rows)
			html(&body, "</tbody>\n</table>\n");
		else {
			html(&body, "<p>");
			html_txt(&body, _("Aucun effectif enregistré."));
			html(&body, "</p>\n");
		}
		if (policy_allows(who->role, ACT_ORGS_EDIT)) {
			html(&body, "<form method=\"post\" action=\"");
			org_path(&body, code);
			html(&body, "/headcounts\">\n");
			page_csrf_field(req, &body);
			html(&body, "<div class=\"grid\">\n");
			text_input(&body, f, "year", _("Année"), f->year,
				   " required inputmode=\"numeric\" maxlength=\"4\"");
			text_input(&body, f, "headcount", _("Effectif au 31 décembre"), f->headcount,
				   " required inputmode=\"numeric\" maxlength=\"8\"");
			html(&body, "</div>\n<button type=\"submit\">");
			html_txt(&body, _("Enregistrer l'effectif"));
			html(&body, "</button>\n</form>\n");
		}
		html(&body, "</section>\n<section aria-labelledby=\"assistantes\">\n<h2 "
			    "id=\"assistantes\">");
		html_txt(&body, _("Assistant(e)s de service social"));
		html(&body, "</h2>\n<ul>\n");
		p.rows = 0;
		rc = organisations_get(req->svc, code, NULL, NULL, page_worker, &p);
		if (!p.rows) {
			html(&body, "<li>");
			html_txt(&body, _("Personne n'est encore affecté(e) à cette organisation."));
			html(&body, "</li>\n");
		}
		html(&body, "</ul>\n");
		if (policy_allows(who->role, ACT_ORGS_ASSIGN)) {
			html(&body, "<form method=\"post\" action=\"");
			org_path(&body, code);
			html(&body, "/workers\">\n");
			page_csrf_field(req, &body);
			text_input(&body, f, "login", _("Identifiant de l'assistant(e) à affecter"),
				   f->assign.login, " required maxlength=\"64\" autocapitalize=\"none\"");
			html(&body, "<button type=\"submit\">");
			html_txt(&body, _("Affecter"));
			html(&body, "</button>\n</form>\n");
		}
		html(&body, "</section>\n");
		if (rc == SVC_OK && policy_allows(who->role, ACT_REQUEST_LINKS))
			rc = web_employee_requests_link_section(req, &body, code);
	}
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		goto out;
	}
	page_begin(req, &b, _("Organisation"));
	html(&b, "<p><a href=\"/organisations\">");
	html_txt(&b, _("← Toutes les organisations"));
	html(&b, "</a></p>\n");
	p.b = &b;
	rc = organisations_get(req->svc, code, page_org, NULL, NULL, &p);
	buf_add(&b, body.data, body.len);
	page_end(req, &b);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		page_send(resp, status, &b);
out:
	buf_free(&body);
	buf_free(&b);
}

void web_organisation(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	render_org(req, resp, 200, &f);
}

static void after_change(struct request *req, struct response *resp, int rc, struct form *f)
{
	if (rc == SVC_OK) {
		resp_redirect(resp, arena_printf(req->a, "/organisations/%s", req->params[0]));
	} else if (rc == SVC_INVALID || rc == SVC_CONFLICT) {
		f->error = svc_error(req->svc);
		render_org(req, resp, 422, f);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

void web_organisation_headcount(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	/* The numbers as typed, to show the form again. */
	f.year = req_form(req, headcounts_fields[HEADCOUNT_YEAR].name);
	f.headcount = req_form(req, headcounts_fields[HEADCOUNT_COUNT].name);
	struct headcount_input in = {0, 0};
	if (req_fields(req, headcounts_fields, HEADCOUNT__FIELDS, &in, &f.refused) != 0) {
		f.error = &f.refused;
		render_org(req, resp, 422, &f);
		return;
	}
	after_change(req, resp,
		     organisations_set_headcount(req->svc, req->params[0], in.year, in.headcount), &f);
}

void web_organisation_assign(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	if (req_fields(req, assignments_fields, ASSIGNMENT__FIELDS, &f.assign, &f.refused) != 0) {
		f.error = &f.refused;
		render_org(req, resp, 422, &f);
		return;
	}
	after_change(req, resp, organisations_assign(req->svc, req->params[0], f.assign.login), &f);
}

void web_organisation_unassign(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	after_change(req, resp, organisations_unassign(req->svc, req->params[0], req->params[1]), &f);
}

struct option_list {
	arena *a;
	struct form_option *head, **tail;
};

static int option_of(void *ctx, const struct org_info *o)
{
	struct option_list *l = ctx;
	struct form_option *opt = arena_alloc(l->a, sizeof *opt);
	opt->code = arena_strdup(l->a, o->code);
	opt->label = arena_strdup(l->a, o->name);
	opt->next = NULL;
	*l->tail = opt;
	l->tail = &opt->next;
	return 0;
}

int web_organisation_options(struct request *req, int own, struct form_option **out)
{
	struct option_list l = {req->a, NULL, NULL};
	l.tail = &l.head;
	int rc = own ? organisations_own(req->svc, option_of, &l)
		     : organisations_list(req->svc, option_of, &l);
	*out = l.head;
	return rc;
}
