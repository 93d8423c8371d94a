/*
 * reference — the administrator's page of reference lists: one section
 * per list (folded in a <details>, the domain list alone has some fifty
 * entries), a small form per entry to rename, retire or reactivate it, and
 * a form to add an entry.  Entries are never deleted.
 */
#include <string.h>

#include "service/reference.h"
#include "support/i18n.h"
#include "web/web.h"

/* One entry, copied into the request's arena (the service's strings only
   live during its callback). */
struct row {
	const char *list, *code, *label, *parent;
	int retired;
	struct row *next;
};

struct rows {
	arena *a;
	struct row *head, **tail;
};

struct page_state {
	const char *open;              /* list whose section starts unfolded, or NULL */
	/* The add form: values to show again after an error. */
	const char *list, *code, *label, *parent;
	const struct verr *add_error;  /* what was wrong with it, or NULL */
	/* An entry's form that was refused: which one, what was typed, why. */
	const char *row_list, *row_code, *row_label;
	int row_retired;
	const struct verr *row_error;
};

static int collect(void *ctx, const struct reference_item *it)
{
	struct rows *r = ctx;
	struct row *w = arena_alloc(r->a, sizeof *w);
	w->list = arena_strdup(r->a, it->list);
	w->code = arena_strdup(r->a, it->code);
	w->label = arena_strdup(r->a, it->label);
	w->parent = arena_strdup(r->a, it->parent);
	w->retired = it->retired;
	*r->tail = w;
	r->tail = &w->next;
	return 0;
}

static int same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The add form's error for field, if any. */
static const struct verr *add_error_for(const struct page_state *st, const char *field)
{
	const struct verr *e = st->add_error;
	return e && same(e->field, field) ? e : NULL;
}

static void add_invalid_attr(buf *b, const struct page_state *st, const char *field)
{
	form_invalid(b, add_error_for(st, field) != NULL, "ajout-", field);
}

static void add_field_error(buf *b, const struct page_state *st, const char *field)
{
	const struct verr *e = add_error_for(st, field);
	form_error(b, e != NULL, "ajout-", field, e ? _(e->message) : "");
}

/* 1 when w is the entry whose form was refused. */
static int is_error_row(const struct page_state *st, const struct row *w)
{
	return st->row_error && same(st->row_list, w->list) && same(st->row_code, w->code);
}

/* Writes s as a piece of an id: letters, digits and "_" as they are, "."
   (the theme separator) as "-", anything else as "_" and two hex digits —
   html-validate's valid-id rule allows nothing more, and codes never hold
   "-", so distinct codes give distinct ids. */
static void id_part(buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	char out[3 * REFERENCE_CODE_MAX + 1];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (n + 4 > sizeof out) {
			out[n] = '\0';
			html_attr(b, out);
			n = 0;
		}
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '_') {
			out[n++] = (char)*p;
		} else if (*p == '.') {
			out[n++] = '-';
		} else {
			out[n++] = '_';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	out[n] = '\0';
	html_attr(b, out);
}

/* An id unique on the page for entry w: "<prefix>-<list>-<code>". */
static void row_id(buf *b, const char *prefix, const struct row *w)
{
	html_attr(b, prefix);
	html(b, "-");
	id_part(b, w->list);
	html(b, "-");
	id_part(b, w->code);
}

static void render_row(buf *b, struct request *req, const struct page_state *st,
		       const struct row *w)
{
	int err = is_error_row(st, w);
	const char *label = err && st->row_label ? st->row_label : w->label;
	int retired = err ? st->row_retired : w->retired;

	html(b, "<tr><td><code>");
	html_txt(b, w->code);
	html(b, "</code></td><td>");
	/* Domains (the top of the hierarchy) stand out from their themes. */
	if (same(w->list, "domain") && !w->parent) {
		html(b, "<strong>");
		html_txt(b, w->label);
		html(b, "</strong>");
	} else {
		html_txt(b, w->label);
	}
	html(b, "</td><td>");
	html_txt(b, w->retired ? _("retirée") : _("active"));
	html(b, "</td><td>\n<form method=\"post\" class=\"inline\" action=\"/admin/reference/");
	html_url_arg(b, w->list);
	html(b, "/");
	html_url_arg(b, w->code);
	html(b, "\">");
	page_csrf_field(req, b);
	/* Pico lays a role="group" out on one line: the field and its button. */
	html(b, "\n<div role=\"group\">\n<input name=\"label\" type=\"text\" required "
		"maxlength=\"120\" aria-label=\"");
	html_attr(b, _("Libellé de"));
	html(b, " ");
	html_attr(b, w->code);
	html(b, "\" value=\"");
	html_attr(b, label);
	html(b, "\"");
	if (err) {
		html(b, " aria-invalid=\"true\" aria-describedby=\"");
		row_id(b, "err", w);
		html(b, "\"");
	}
	html(b, ">\n<button type=\"submit\" class=\"secondary\">");
	html_txt(b, _("Enregistrer"));
	html(b, "</button>\n</div>\n<label><input name=\"retired\" type=\"checkbox\" value=\"1\"");
	if (retired)
		html(b, " checked");
	html(b, "> ");
	html_txt(b, _("retirée"));
	html(b, "</label>\n");
	if (err) {
		html(b, "<small class=\"error-field\" id=\"");
		row_id(b, "err", w);
		html(b, "\">");
		html_txt(b, _(st->row_error->message));
		html(b, "</small>\n");
	}
	html(b, "</form>\n</td></tr>\n");
}

static void render_list(buf *b, struct request *req, const struct page_state *st,
			const struct reference_list *l, const struct row *rows)
{
	int count = 0, retired = 0, open = same(st->open, l->code);
	for (const struct row *w = rows; w; w = w->next) {
		if (!same(w->list, l->code))
			continue;
		count++;
		retired += w->retired;
		if (is_error_row(st, w))
			open = 1;
	}
	html(b, "<section id=\"liste-");
	id_part(b, l->code);
	html(b, "\" aria-labelledby=\"titre-");
	id_part(b, l->code);
	html(b, "\">\n<h2 id=\"titre-");
	id_part(b, l->code);
	html(b, "\">");
	html_txt(b, _(l->title));
	html(b, "</h2>\n<details");
	if (open)
		html(b, " open");
	html(b, ">\n<summary>");
	html_int(b, count);
	html(b, " ");
	html_txt(b, count > 1 ? _("entrées") : _("entrée"));
	if (retired) {
		html(b, ", ");
		html_txt(b, _("dont"));
		html(b, " ");
		html_int(b, retired);
		html(b, " ");
		html_txt(b, retired > 1 ? _("retirées") : _("retirée"));
	}
	html(b, " — ");
	html_txt(b, _("code"));
	html(b, " <code>");
	html_txt(b, l->code);
	html(b, "</code></summary>\n");
	if (count == 0) {
		html(b, "<p>");
		html_txt(b, _("Cette liste est vide."));
		html(b, "</p>\n</details>\n</section>\n");
		return;
	}
	html(b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(b, _("Code"));
	html(b, "</th><th scope=\"col\">");
	html_txt(b, _("Libellé"));
	html(b, "</th><th scope=\"col\">");
	html_txt(b, _("État"));
	html(b, "</th><th scope=\"col\">");
	html_txt(b, _("Renommer, retirer ou réactiver"));
	html(b, "</th></tr></thead>\n<tbody>\n");
	for (const struct row *w = rows; w; w = w->next)
		if (same(w->list, l->code))
			render_row(b, req, st, w);
	html(b, "</tbody>\n</table>\n</figure>\n</details>\n</section>\n");
}

static void render_add_form(buf *b, struct request *req, const struct page_state *st,
			    const struct row *rows)
{
	html(b, "<section aria-labelledby=\"titre-ajout\">\n<h2 id=\"titre-ajout\">");
	html_txt(b, _("Ajouter une entrée"));
	html(b, "</h2>\n");
	if (st->add_error && !st->add_error->field) {
		html(b, "<p role=\"alert\" class=\"error-field\">");
		html_txt(b, _(st->add_error->message));
		html(b, "</p>\n");
	}
	html(b, "<form method=\"post\" action=\"/admin/reference\">\n");
	page_csrf_field(req, b);
	html(b, "\n<div class=\"grid\">\n<label>");
	html_txt(b, _("Liste"));
	html(b, "\n<select name=\"list\" required");
	add_invalid_attr(b, st, "list");
	html(b, ">\n");
	const char *chosen = st->list ? st->list : st->open;
	for (int i = 0; i < reference_lists_count; i++) {
		const struct reference_list *l = &reference_lists[i];
		form_option(b, l->code, _(l->title), chosen);
	}
	html(b, "</select>\n");
	add_field_error(b, st, "list");
	html(b, "</label>\n<label>");
	html_txt(b, _("Domaine parent (pour un thème seulement)"));
	html(b, "\n<select name=\"parent\"");
	add_invalid_attr(b, st, "parent");
	html(b, ">\n<option value=\"\">");
	html_txt(b, _("— aucun —"));
	html(b, "</option>\n");
	/* Themes hang under active top-level domains only. */
	for (const struct row *w = rows; w; w = w->next) {
		if (!same(w->list, "domain") || w->parent || w->retired)
			continue;
		form_option(b, w->code, w->label, st->parent);
	}
	html(b, "</select>\n");
	add_field_error(b, st, "parent");
	html(b, "</label>\n</div>\n<div class=\"grid\">\n<label>");
	html_txt(b, _("Code (stable, jamais modifié : minuscules sans accent, chiffres, « _ » ; "
		      "un thème s'écrit domaine.suffixe)"));
	html(b, "\n<input name=\"code\" type=\"text\" required maxlength=\"40\" "
		"autocapitalize=\"none\" spellcheck=\"false\" value=\"");
	html_attr(b, st->code ? st->code : "");
	html(b, "\"");
	add_invalid_attr(b, st, "code");
	html(b, ">\n");
	add_field_error(b, st, "code");
	html(b, "</label>\n<label>");
	html_txt(b, _("Libellé"));
	html(b, "\n<input name=\"label\" type=\"text\" required maxlength=\"120\" value=\"");
	html_attr(b, st->label ? st->label : "");
	html(b, "\"");
	add_invalid_attr(b, st, "label");
	html(b, ">\n");
	add_field_error(b, st, "label");
	html(b, "</label>\n</div>\n<button type=\"submit\">");
	html_txt(b, _("Ajouter"));
	html(b, "</button>\n</form>\n</section>\n");
}

static void render(struct request *req, struct response *resp, int status,
		   const struct page_state *st)
{
	struct rows rows = {req->a, NULL, NULL};
	rows.tail = &rows.head;
	int rc = reference_list(req->svc, collect, &rows);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Listes de référence"));
	html(&b, "<h1>");
	html_txt(&b, _("Listes de référence"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, _("Les valeurs proposées dans les dossiers et les statistiques. Un code ne "
		       "change jamais et une entrée n'est jamais supprimée : retirée, elle n'est "
		       "plus proposée pour les nouvelles saisies mais reste valable sur les "
		       "dossiers qui la portent déjà."));
	html(&b, "</p>\n");
	render_add_form(&b, req, st, rows.head);
	for (int i = 0; i < reference_lists_count; i++)
		render_list(&b, req, st, &reference_lists[i], rows.head);
	page_finish(req, resp, status, &b);
}

/* Where to go back after a change: the page, that list unfolded. */
static void redirect_to_list(struct request *req, struct response *resp, const char *list)
{
	const struct reference_list *l = reference_list_find(list);
	if (!l) {
		resp_redirect(resp, "/admin/reference");
		return;
	}
	/* l->code is one of our static codes: nothing to escape. */
	resp_redirect(resp, arena_printf(req->a, "/admin/reference?liste=%s#liste-%s", l->code,
					 l->code));
}

void web_reference(struct request *req, struct response *resp)
{
	struct page_state st;
	memset(&st, 0, sizeof st);
	const struct reference_list *l = reference_list_find(req_query(req, "liste"));
	st.open = l ? l->code : NULL;
	render(req, resp, 200, &st);
}

void web_reference_add(struct request *req, struct response *resp)
{
	struct page_state st;
	memset(&st, 0, sizeof st);
	struct reference_input in;
	memset(&in, 0, sizeof in);
	struct verr refused;
	int bad = req_fields(req, reference_add_fields, REF_ADD__FIELDS, &in, &refused);
	st.list = in.list;
	st.code = in.code;
	st.label = in.label;
	st.parent = in.parent;
	int rc = bad ? SVC_INVALID : reference_add(req->svc, st.list, st.code, st.label, st.parent);
	if (rc == SVC_OK) {
		redirect_to_list(req, resp, st.list);
	} else if (rc == SVC_INVALID || rc == SVC_CONFLICT) {
		st.add_error = bad ? &refused : svc_error(req->svc);
		const struct reference_list *l = reference_list_find(st.list);
		st.open = l ? l->code : NULL;
		render(req, resp, rc == SVC_INVALID ? 422 : 409, &st);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

/* The entry's form: label, and retired = "1" when the box is ticked (an
   unticked box sends nothing, which reactivates). */
void web_reference_update(struct request *req, struct response *resp)
{
	struct page_state st;
	memset(&st, 0, sizeof st);
	st.row_list = req->params[0];
	st.row_code = req->params[1];
	/* An unticked box sends nothing: active. */
	struct reference_change in = {NULL, 0};
	struct verr refused;
	int bad = req_fields(req, reference_update_fields, REF_UPDATE__FIELDS, &in, &refused);
	if (!in.label && req_form(req, reference_update_fields[REF_UPDATE_LABEL].name))
		in.label = ""; /* sent empty: refused, not kept */
	st.row_label = in.label;
	st.row_retired = in.retired;
	int rc = bad ? SVC_INVALID
		     : reference_update(req->svc, st.row_list, st.row_code, st.row_label,
					st.row_retired);
	if (rc == SVC_OK) {
		redirect_to_list(req, resp, st.row_list);
	} else if (rc == SVC_INVALID) {
		st.row_error = bad ? &refused : svc_error(req->svc);
		render(req, resp, 422, &st);
	} else {
		resp_svc_error(req, resp, rc);
	}
}
