/*
 * partners — the page of the partner directory (/partners): the search by
 * name and kind, the list, the form adding a partner (workers, the head,
 * the administrator) and the administrator's form merging a duplicate
 * into the partner that stays.  The directory holds no personal data
 * (service/partners.h).  Also the partner <select> of the case page.
 */
#include <stdint.h>
#include <string.h>

#include "service/paging.h"
#include "service/partners.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/paging.h"
#include "web/web.h"

static const char *const partner_lists[] = {"partner_kind"};

/* ---- the directory, kept for the page ---- */

struct collect {
	arena *a;
	struct web_partner **tail;
	int n;
};

static const char *keep(arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static int collect_row(void *ctx, const struct partner_view *p)
{
	struct collect *c = ctx;
	struct web_partner *e = arena_alloc(c->a, sizeof *e);
	memset(e, 0, sizeof *e);
	e->id = p->id;
	e->name = keep(c->a, p->name);
	e->kind = keep(c->a, p->kind);
	e->address = keep(c->a, p->address);
	e->phone = keep(c->a, p->phone);
	e->email = keep(c->a, p->email);
	e->notes = keep(c->a, p->notes);
	*c->tail = e;
	c->tail = &e->next;
	c->n++;
	return 0;
}

int web_partners_load(struct request *req, const char *q, const char *kind,
		      struct web_partner **out, int *n)
{
	*out = NULL;
	struct collect c = {req->a, out, 0};
	int rc = partners_search(req->svc, q, kind, collect_row, &c);
	if (n)
		*n = c.n;
	return rc;
}

void web_partner_select(buf *b, const struct web_partner *list, const char *field,
			const char *label, int64_t selected, const char *prefix, const char *error)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<select name=\"");
	html_attr(b, field);
	html(b, "\" required");
	form_invalid(b, error != NULL, prefix, field);
	html(b, ">\n<option value=\"\">—</option>\n");
	for (const struct web_partner *p = list; p; p = p->next) {
		html(b, "<option value=\"");
		html_int(b, p->id);
		html(b, p->id == selected ? "\" selected>" : "\">");
		html_txt(b, p->name);
		html(b, "</option>\n");
	}
	html(b, "</select>\n");
	form_error(b, error != NULL, prefix, field, error ? error : "");
	html(b, "</label>\n");
}

/* ---- the page ---- */

enum which { F_NONE, F_ADD, F_MERGE, F_EDIT };

struct form {
	enum which which;     /* the form refused, F_NONE on a GET */
	struct verr error;    /* why */
	struct verr_list errors; /* F_ADD: every field refused when read (issue 17), each
				    shown next to its field; error is the first */
	struct partner_input in; /* F_ADD, F_EDIT as typed */
	int64_t editing;         /* F_EDIT: the partner corrected */
	int64_t keep, merge;  /* F_MERGE as chosen */
};

/* The message when form w refused field, else NULL. */
static const char *error_for(const struct form *f, enum which w, const char *field)
{
	if (f->which != w)
		return NULL;
	const char *m = verr_list_message(&f->errors, field);
	if (m)
		return _(m);
	if (!f->error.field || strcmp(f->error.field, field) != 0)
		return NULL;
	return _(f->error.message);
}

static void kind_select(buf *b, const struct web_refs *refs, const char *field, int required,
			const char *selected, const char *error)
{
	html(b, "<label>");
	html_txt(b, _("Type de partenaire"));
	html(b, "\n<select name=\"");
	html_attr(b, field);
	html(b, required ? "\" required" : "\"");
	form_invalid(b, error != NULL, "add-", field);
	html(b, ">\n<option value=\"\">");
	html_txt(b, required ? "—" : _("Tous les types"));
	html(b, "</option>\n");
	for (const struct web_ref *e = refs->head; e; e = e->next) {
		int is_selected = selected && strcmp(selected, e->code) == 0;
		if (e->retired && !is_selected)
			continue;
		form_option(b, e->code, e->label, is_selected ? e->code : NULL);
	}
	html(b, "</select>\n");
	form_error(b, error != NULL, "add-", field, error ? error : "");
	html(b, "</label>\n");
}

static void textarea(buf *b, const char *field, const char *label, const char *value,
		     const char *maxlength, const char *error)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<textarea name=\"");
	html_attr(b, field);
	html(b, "\" rows=\"3\" maxlength=\"");
	html(b, maxlength);
	html(b, "\"");
	form_invalid(b, error != NULL, "add-", field);
	html(b, ">\n");
	html_txt(b, value ? value : "");
	html(b, "</textarea>\n");
	form_error(b, error != NULL, "add-", field, error ? error : "");
	html(b, "</label>\n");
}

/* The partner's fields of a form: the add form's (in NULL on a GET) or a
   correction's (in: the partner, or what was typed when refused). */
static void partner_fields(buf *b, const struct web_refs *refs, const struct form *f,
			   enum which w, const struct partner_input *in, const char *prefix)
{
	html(b, "<div class=\"grid\">\n");
	form_input(b, "text", "name", _("Nom"), in ? in->name : NULL, " required maxlength=\"200\"",
		   prefix, error_for(f, w, "name"));
	kind_select(b, refs, "kind", 1, in ? in->kind : NULL, error_for(f, w, "kind"));
	html(b, "</div>\n");
	textarea(b, "address", _("Adresse (facultatif)"), in ? in->address : NULL, "500",
		 error_for(f, w, "address"));
	html(b, "<div class=\"grid\">\n");
	form_input(b, "tel", "phone", _("Téléphone (facultatif)"), in ? in->phone : NULL,
		   " maxlength=\"30\"", prefix, error_for(f, w, "phone"));
	form_input(b, "email", "email", _("Courriel (facultatif)"), in ? in->email : NULL,
		   " maxlength=\"254\"", prefix, error_for(f, w, "email"));
	html(b, "</div>\n");
	textarea(b, "notes",
		 _("Remarques : horaires, interlocuteur, démarches (jamais de données sur une "
		   "personne)"),
		 in ? in->notes : NULL, "2000", error_for(f, w, "notes"));
}

/* The folded form correcting partner p (the admin's), open again with
   what was typed when refused. */
static void edit_form(struct request *req, buf *b, const struct web_refs *refs,
		      const struct form *f, const struct web_partner *p)
{
	int refused = f->which == F_EDIT && f->editing == p->id;
	struct partner_input was = {p->name, p->kind, p->address, p->phone, p->email, p->notes};
	struct form none;
	memset(&none, 0, sizeof none);
	const struct form *shown = refused ? f : &none;
	html(b, refused ? "<details open>\n<summary>" : "<details>\n<summary>");
	html_txt(b, _("Corriger"));
	html(b, "</summary>\n<form method=\"post\" action=\"/partners/");
	html_int(b, p->id);
	html(b, "\" autocomplete=\"off\">\n");
	page_csrf_field(req, b);
	html(b, "\n");
	partner_fields(b, refs, shown, F_EDIT, refused ? &f->in : &was,
		       arena_printf(req->a, "edit-%lld-", (long long)p->id));
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Enregistrer la correction"));
	html(b, "</button>\n</form>\n</details>\n");
}

/* A field's text with "—" for nothing. */
static void cell(buf *b, const char *s)
{
	html(b, "<td>");
	html_txt(b, s && *s ? s : "—");
	html(b, "</td>");
}

static void render(struct request *req, struct response *resp, int status, const struct form *f)
{
	const char *q = req_query(req, "q"), *kind = req_query(req, "kind");
	if (kind && !*kind)
		kind = NULL;
	struct web_refs refs;
	struct web_partner *list = NULL, *all = NULL;
	struct collect c = {req->a, &list, 0};
	/* A page of the directory; a malformed cursor is refused like one
	   this list did not write. */
	struct page pg;
	int bad_cursor = page_from_query(&pg, NULL, req_query(req, "after")) != 0;
	int rc = bad_cursor ? SVC_INVALID : web_refs_load(req, &refs, partner_lists, 1);
	if (rc == SVC_OK) {
		rc = partners_page(req->svc, q, kind, &pg, collect_row, &c);
		const struct verr *e = svc_error(req->svc);
		bad_cursor = rc == SVC_INVALID && e->field && strcmp(e->field, "after") == 0;
	}
	int n = c.n;
	const struct actor *who = svc_actor(req->svc);
	int admin = who && policy_allows(who->role, ACT_PARTNERS_EDIT);
	if (rc == SVC_OK && admin)
		rc = web_partners_load(req, NULL, NULL, &all, NULL);
	/* The first page of the same search. */
	buf first;
	buf_init(&first, 4096);
	buf_puts(&first, "/partners?q=");
	html_url_arg(&first, q ? q : "");
	buf_puts(&first, "&kind=");
	html_url_arg(&first, kind ? kind : "");
	if (bad_cursor) {
		resp_redirect(resp, arena_strdup(req->a, buf_cstr(&first)));
		buf_free(&first);
		return;
	}
	if (rc != SVC_OK) {
		buf_free(&first);
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Annuaire des partenaires"));
	html(&b, "<hgroup>\n<h1>");
	html_txt(&b, _("Annuaire des partenaires"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, _("Les organismes vers lesquels le service oriente : partagé par toute "
		       "l'équipe, sans donnée sur les personnes."));
	html(&b, "</p>\n</hgroup>\n");

	html(&b, "<form method=\"get\" action=\"/partners\" role=\"search\">\n<div class=\"grid\">\n");
	form_input(&b, "search", "q", _("Nom (accents et majuscules indifférents)"), q,
		   " maxlength=\"200\"", "search-", NULL);
	kind_select(&b, &refs, "kind", 0, kind, NULL);
	html(&b, "</div>\n<button type=\"submit\">");
	html_txt(&b, _("Rechercher"));
	html(&b, "</button>\n</form>\n");

	if (n) {
		html(&b, "<figure tabindex=\"0\">\n<table>\n<thead><tr>");
		const char *heads[] = {N_("Nom"), N_("Type"), N_("Adresse"), N_("Téléphone"),
				       N_("Courriel"), N_("Remarques")};
		for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
			html(&b, "<th scope=\"col\">");
			html_txt(&b, _(heads[i]));
			html(&b, "</th>");
		}
		if (admin) {
			html(&b, "<th scope=\"col\">");
			html_txt(&b, _("Correction"));
			html(&b, "</th>");
		}
		html(&b, "</tr></thead>\n<tbody>\n");
		for (const struct web_partner *p = list; p; p = p->next) {
			html(&b, "<tr>");
			cell(&b, p->name);
			cell(&b, web_ref_label(&refs, "partner_kind", p->kind));
			cell(&b, p->address);
			cell(&b, p->phone);
			cell(&b, p->email);
			cell(&b, p->notes);
			if (admin) {
				html(&b, "<td>");
				edit_form(req, &b, &refs, f, p);
				html(&b, "</td>");
			}
			html(&b, "</tr>\n");
		}
		html(&b, "</tbody>\n</table>\n</figure>\n<p>");
		html_txt(&b, arena_printf(req->a,
					  P_("%lld partenaire, par ordre alphabétique",
					     "%lld partenaires, par ordre alphabétique", pg.total),
					  (long long)pg.total));
		html(&b, "</p>\n");
		web_page_nav(&b, buf_cstr(&first), &pg, _("← Début de l'annuaire"), _("Suivants →"));
	} else {
		html(&b, "<p>");
		html_txt(&b, q || kind ? _("Aucun partenaire ne correspond à la recherche.")
				       : _("L'annuaire est encore vide."));
		html(&b, "</p>\n");
	}

	const struct partner_input *in = f->which == F_ADD ? &f->in : NULL;
	html(&b, "<section aria-labelledby=\"ajout\">\n<h2 id=\"ajout\">");
	html_txt(&b, _("Ajouter un partenaire"));
	html(&b, "</h2>\n<form method=\"post\" action=\"/partners\" autocomplete=\"off\">\n");
	page_csrf_field(req, &b);
	html(&b, "\n");
	partner_fields(&b, &refs, f, F_ADD, in, "add-");
	html(&b, "<button type=\"submit\">");
	html_txt(&b, _("Ajouter à l'annuaire"));
	html(&b, "</button>\n</form>\n</section>\n");

	if (admin) {
		html(&b, "<section aria-labelledby=\"fusion\">\n<h2 id=\"fusion\">");
		html_txt(&b, _("Fusionner un doublon"));
		html(&b, "</h2>\n<p><small>");
		html_txt(&b, _("Les orientations du doublon passent au partenaire conservé ; le "
			       "doublon disparaît de l'annuaire."));
		html(&b, "</small></p>\n");
		if (f->which == F_MERGE && !error_for(f, F_MERGE, "keep") &&
		    !error_for(f, F_MERGE, "merge")) {
			html(&b, "<p role=\"alert\" class=\"error-field\">");
			html_txt(&b, _(f->error.message));
			html(&b, "</p>\n");
		}
		html(&b, "<form method=\"post\" action=\"/partners/merge\">\n");
		page_csrf_field(req, &b);
		html(&b, "\n<div class=\"grid\">\n");
		web_partner_select(&b, all, "merge", _("Doublon à fusionner"), f->merge, "merge-",
				   error_for(f, F_MERGE, "merge"));
		web_partner_select(&b, all, "keep", _("Partenaire conservé"), f->keep, "merge-",
				   error_for(f, F_MERGE, "keep"));
		html(&b, "</div>\n<button type=\"submit\">");
		html_txt(&b, _("Fusionner"));
		html(&b, "</button>\n</form>\n</section>\n");
	}
	buf_free(&first);
	page_finish(req, resp, status, &b);
}

void web_partners(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	render(req, resp, 200, &f);
}

/* After a POST: the directory again, or the page with the refusal. */
static void after(struct request *req, struct response *resp, int rc, struct form *f)
{
	if (rc == SVC_OK) {
		resp_redirect(resp, "/partners");
	} else if (rc == SVC_INVALID) {
		f->error = *svc_error(req->svc);
		render(req, resp, 422, f);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

void web_partners_create(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	f.which = F_ADD;
	if (req_fields_all(req, partners_fields, PARTNER__FIELDS, &f.in, &f.errors) != 0) {
		f.error = f.errors.e[0];
		render(req, resp, 422, &f);
		return;
	}
	after(req, resp, partners_create(req->svc, &f.in, NULL), &f);
}

void web_partners_merge(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	f.which = F_MERGE;
	/* An id that is not one stays 0: the service says which partner it
	   cannot find. */
	struct partner_merge_input m = {0, 0};
	(void)req_fields(req, partners_merge_fields, PARTNER_MERGE__FIELDS, &m, NULL);
	f.keep = m.keep;
	f.merge = m.merge;
	after(req, resp, partners_merge(req->svc, f.keep, f.merge), &f);
}

/* POST /partners/{id}: the admin's correction of a partner, every field
   as the form shows them (partners_update). */
void web_partners_update(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	f.which = F_EDIT;
	f.editing = req->id;
	if (req_fields_all(req, partners_fields, PARTNER__FIELDS, &f.in, &f.errors) != 0) {
		f.error = f.errors.e[0];
		render(req, resp, 422, &f);
		return;
	}
	after(req, resp, partners_update(req->svc, req->id, &f.in), &f);
}
