/* layout — the frame every page shares. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "http/assets.h"
#include "http/encoding.h"
#include "support/i18n.h"
#include "web/web.h"

/* The menu's groups, in the order shown; a page of the menu (a route with a
   nav label) belongs to the group its path is listed under here, else to
   the last one.  Only the groups the role has pages in are shown; a group
   of one page is that page's link. */
static const char *const nav_group_labels[] = {
    N_("Accompagnement"),
    N_("Agenda"),
    N_("Organisations"),
    N_("Service"),
};
#define NAV_GROUPS ((int)(sizeof nav_group_labels / sizeof nav_group_labels[0]))

static const struct {
	const char *pattern;
	int group; /* index into nav_group_labels */
} nav_groups[] = {
    {"/persons", 0},	   {"/cases", 0},	  {"/demandes-salaries", 0}, {"/partners", 0},
    {"/effacements", 0},   {"/agenda", 1},	  {"/permanences", 1},	     {"/actions", 1},
    {"/organisations", 2}, {"/demandes", 2},	  {"/heures", 2},	     {"/bilan", 2},
    {"/caseloads", 3},	   {"/a-confirmer", 3}, {"/admin/users", 3},	     {"/admin/reference", 3},
    {"/conservation", 3},  {"/audit", 3},
};

int page_nav_group(const char *pattern)
{
	for (size_t i = 0; i < sizeof nav_groups / sizeof nav_groups[0]; i++)
		if (strcmp(nav_groups[i].pattern, pattern) == 0)
			return nav_groups[i].group;
	return NAV_GROUPS - 1;
}

const char *page_nav_group_label(int group)
{
	return group >= 0 && group < NAV_GROUPS ? _(nav_group_labels[group]) : "";
}

/* Whether route r is a page of the menu for role. */
static int in_menu(const struct route *r, enum role role)
{
	return r->nav && r->method == M_GET && policy_allows(role, r->action);
}

/* At most this many pages in one role's menu (about thirty today). */
#define MENU_MAX 128

/* One menu link. */
static void nav_link(struct request *req, buf *b, const struct route *r)
{
	html(b, "<li><a href=\"");
	html_attr(b, r->pattern);
	html(b, "\"");
	if (req->route == r)
		html(b, " aria-current=\"page\"");
	html(b, ">");
	html_txt(b, _(r->nav));
	html(b, "</a></li>\n");
}

/* The sign-out button, a form of its own. */
static void nav_signout(struct request *req, buf *b)
{
	html(b, "<li><form method=\"post\" action=\"/logout\" class=\"inline\">");
	page_csrf_field(req, b);
	html(b, "<button type=\"submit\" class=\"secondary outline\">");
	html_txt(b, _("Se déconnecter"));
	html(b, "</button></form></li>\n");
}

/*
 * The menu of a signed-in role, twice, CSS showing one (relais.css): wide,
 * a row of dropdowns, one per group (Pico's <details class="dropdown">);
 * narrow, one "Menu" button opening the groups as lists.  Both work
 * without JavaScript: <details> opens by itself.
 */
static void nav_menu(struct request *req, buf *b, enum role role)
{
	int count[NAV_GROUPS] = {0};
	/* The role's menu routes and their groups, found once: the two menus
	   below walk them by group four times each. */
	int menu[MENU_MAX], group[MENU_MAX], n = 0;
	for (int i = 0; i < req->site->nroutes && n < MENU_MAX; i++)
		if (in_menu(&req->site->routes[i], role)) {
			menu[n] = i;
			group[n] = page_nav_group(req->site->routes[i].pattern);
			count[group[n]]++;
			n++;
		}

	html(b, "<ul class=\"menu-wide\">\n");
	for (int g = 0; g < NAV_GROUPS; g++) {
		if (!count[g])
			continue;
		if (count[g] > 1) {
			html(b, "<li><details class=\"dropdown\"><summary>");
			html_txt(b, page_nav_group_label(g));
			html(b, "</summary>\n<ul>\n");
		}
		for (int k = 0; k < n; k++)
			if (group[k] == g)
				nav_link(req, b, &req->site->routes[menu[k]]);
		if (count[g] > 1)
			html(b, "</ul>\n</details></li>\n");
	}
	nav_signout(req, b);
	html(b, "</ul>\n");

	html(b, "<details class=\"menu-narrow\"><summary>");
	html_txt(b, _("Menu"));
	html(b, "</summary>\n<div>\n");
	for (int g = 0; g < NAV_GROUPS; g++) {
		if (!count[g])
			continue;
		html(b, "<p><strong>");
		html_txt(b, page_nav_group_label(g));
		html(b, "</strong></p>\n<ul>\n");
		for (int k = 0; k < n; k++)
			if (group[k] == g)
				nav_link(req, b, &req->site->routes[menu[k]]);
		html(b, "</ul>\n");
	}
	html(b, "<ul>\n");
	nav_signout(req, b);
	html(b, "</ul>\n</div>\n</details>\n");
}

void page_begin(struct request *req, buf *b, const char *title)
{
	const struct actor *who = svc_actor(req->svc);
	html(b, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		/* htmx must not inject a <style>: the CSP forbids inline style. */
		"<meta name=\"htmx-config\" content='{\"includeIndicatorStyles\":false}'>\n"
		/* No icon: an empty one stops browsers asking for /favicon.ico (a 404). */
		"<link rel=\"icon\" href=\"data:,\">\n"
		"<title>");
	html_txt(b, title);
	html(b, " — relais</title>\n<link rel=\"stylesheet\" href=\"");
	html_attr(b, asset_url("pico.min.css"));
	html(b, "\">\n<link rel=\"stylesheet\" href=\"");
	html_attr(b, asset_url("relais.css"));
	html(b, "\">\n<script src=\"");
	html_attr(b, asset_url("htmx.min.js"));
	html(b, "\" defer></script>\n</head>\n<body>\n<a class=\"skip\" href=\"#contenu\">");
	html_txt(b, _("Aller au contenu"));
	html(b, "</a>\n<header class=\"container\">\n<nav aria-label=\"");
	html_attr(b, _("Navigation principale"));
	html(b, "\">\n<ul><li><a href=\"/\" class=\"brand\"><strong>relais</strong></a></li></ul>\n");
	/* The second list only when signed in: an empty <ul> is invalid. */
	/* The menu only when signed in: an empty <ul> is invalid. */
	if (who)
		nav_menu(req, b, who->role);
	html(b, "</nav>\n</header>\n<main class=\"container\" id=\"contenu\">\n");
}

void page_end(struct request *req, buf *b)
{
	const struct actor *who = svc_actor(req->svc);
	html(b, "</main>\n<footer class=\"container\"><small>");
	html_txt(b, _("relais — service social du travail. Informations couvertes par le secret "
		      "professionnel."));
	if (who) {
		html(b, " ");
		html_txt(b, _("Connecté(e) :"));
		html(b, " ");
		html_txt(b, who->name);
		html(b, " (");
		html_txt(b, role_label(who->role));
		html(b, ")");
	}
	/* The law's notices, on every page (issue 17). */
	html(b, "<br><a href=\"/donnees-personnelles\">");
	html_txt(b, _("Données personnelles"));
	html(b, "</a> · <a href=\"/accessibilite\">");
	html_txt(b, _("Accessibilité : partiellement conforme"));
	html(b, "</a>");
	html(b, "</small></footer>\n</body>\n</html>\n");
}

void page_csrf_field(struct request *req, buf *b)
{
	html(b, "<input type=\"hidden\" name=\"" CSRF_FIELD "\" value=\"");
	html_attr(b, req_csrf(req));
	html(b, "\">");
}

void page_send(struct response *resp, int status, buf *b)
{
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	buf_reset(&resp->body);
	buf_add(&resp->body, b->data ? b->data : "", b->len);
	if (b->overflow)
		resp->body.overflow = 1;
}

void page_datetime(buf *b, long long unix_seconds)
{
	struct tm tm;
	if (date_local(unix_seconds, &tm) < 0) {
		html(b, "?");
		return;
	}
	/* dd/mm/yyyy à hh:mm, written digit by digit (a list page shows
	   hundreds: strftime was a tenth of its time). */
	int y = tm.tm_year + 1900;
	if (y < 0 || y > 9999) {
		html(b, "?");
		return;
	}
	char text[] = "00/00/0000 \xc3\xa0 00:00";
	const int v[] = {tm.tm_mday, tm.tm_mon + 1, y / 100, y % 100, tm.tm_hour, tm.tm_min};
	const int at[] = {0, 3, 6, 8, 14, 17};
	for (int i = 0; i < 6; i++) {
		text[at[i]] = (char)('0' + v[i] / 10 % 10);
		text[at[i] + 1] = (char)('0' + v[i] % 10);
	}
	html(b, text);
}

void form_error(buf *b, int shown, const char *prefix, const char *field, const char *message)
{
	if (!shown)
		return;
	html(b, "<small class=\"error-field\" id=\"err-");
	html_attr(b, prefix);
	html_attr(b, field);
	html(b, "\">");
	html_txt(b, message);
	html(b, "</small>\n");
}

void form_invalid(buf *b, int shown, const char *prefix, const char *field)
{
	if (!shown)
		return;
	html(b, " aria-invalid=\"true\" aria-describedby=\"err-");
	html_attr(b, prefix);
	html_attr(b, field);
	html(b, "\"");
}

void form_input(buf *b, const char *type, const char *field, const char *label, const char *value,
		const char *extra, const char *prefix, const char *error)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<input type=\"");
	html_attr(b, type);
	html(b, "\" name=\"");
	html_attr(b, field);
	html(b, "\" value=\"");
	html_attr(b, value ? value : "");
	html(b, "\"");
	html(b, extra);
	form_invalid(b, error != NULL, prefix, field);
	html(b, ">\n");
	form_error(b, error != NULL, prefix, field, error ? error : "");
	html(b, "</label>\n");
}

void form_textarea(buf *b, const char *field, const char *label, const char *value,
		   const char *extra, const char *prefix, const char *error)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<textarea name=\"");
	html_attr(b, field);
	html(b, "\"");
	html(b, extra);
	form_invalid(b, error != NULL, prefix, field);
	html(b, ">");
	html_txt(b, value ? value : "");
	html(b, "</textarea>\n");
	form_error(b, error != NULL, prefix, field, error ? error : "");
	html(b, "</label>\n");
}

void form_select(buf *b, const char *field, const char *label, const struct form_option *opts,
		 const char *selected, const char *prefix, const char *error)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<select name=\"");
	html_attr(b, field);
	html(b, "\" required");
	form_invalid(b, error != NULL, prefix, field);
	html(b, ">\n<option value=\"\">—</option>\n");
	for (const struct form_option *o = opts; o; o = o->next) {
		html(b, "<option value=\"");
		html_attr(b, o->code);
		html(b, "\"");
		if (selected && strcmp(selected, o->code) == 0)
			html(b, " selected");
		html(b, ">");
		html_txt(b, o->label);
		html(b, "</option>\n");
	}
	html(b, "</select>\n");
	form_error(b, error != NULL, prefix, field, error ? error : "");
	html(b, "</label>\n");
}

struct form_option *form_options_of(struct request *req, const struct web_refs *r, const char *list,
				    const char *keep)
{
	struct form_option *head = NULL, **tail = &head;
	for (const struct web_ref *e = r->head; e; e = e->next) {
		if (strcmp(e->list, list) != 0 || (e->retired && !(keep && strcmp(keep, e->code) == 0)))
			continue;
		struct form_option *o = arena_alloc(req->a, sizeof *o);
		o->code = e->code;
		o->label = e->label;
		o->next = NULL;
		*tail = o;
		tail = &o->next;
	}
	return head;
}

void web_error_page(struct request *req, struct response *resp, int status, const char *message)
{
	const char *title;
	switch (status) {
	case 400: title = _("Requête incorrecte"); break;
	case 401: title = _("Connexion nécessaire"); break;
	case 403: title = _("Accès refusé"); break;
	case 404: title = _("Page introuvable"); break;
	case 405: title = _("Méthode non permise"); break;
	case 409: title = _("Conflit"); break;
	case 413: title = _("Requête trop volumineuse"); break;
	case 422: title = _("Valeur non valide"); break;
	case 429: title = _("Trop de tentatives"); break;
	default: title = _("Erreur du serveur"); break;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, title);
	html(&b, "<article>\n<h1>");
	html_txt(&b, title);
	html(&b, "</h1>\n<p>");
	html_txt(&b, message);
	html(&b, "</p>\n<p><a href=\"/\">");
	html_txt(&b, _("Retour à l'accueil"));
	html(&b, "</a></p>\n</article>\n");
	page_finish(req, resp, status, &b);
}

/* Whether an If-None-Match value names etag (weak comparison, RFC 9110
   §13.1.2: a W/ prefix is ignored; "*" matches any). */
static int etag_listed(const char *inm, const char *etag)
{
	size_t n = strlen(etag);
	for (const char *p = inm; *p;) {
		p += strspn(p, " \t,");
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		size_t len = strcspn(p, ",");
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == n && strncmp(p, etag, n) == 0)
			return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

/*
 * An embedded file, in the coding the client prefers among those built
 * (brotli, gzip, as is: http/encoding.h), each variant with its own ETag.
 * Its hashed name is cached for a year, immutable (the bytes behind it
 * never change); its plain name, still served for links from elsewhere,
 * for 5 minutes, then revalidated by ETag.  A client that accepts none of
 * the variants gets 406.
 */
void web_asset(struct request *req, struct response *resp)
{
	int hashed;
	const struct asset *a = asset_find(req->path, &hashed);
	if (!a) {
		web_error_page(req, resp, 404, _("Cette page n'existe pas."));
		return;
	}
	resp_header(resp, "Vary", "Accept-Encoding");
	unsigned available = 1u << CODING_IDENTITY | (a->br ? 1u << CODING_BR : 0) |
			     (a->gz ? 1u << CODING_GZIP : 0);
	struct accepted acc;
	accept_encoding_parse(req_header(req, "Accept-Encoding"), &acc);
	int coding = coding_choose(&acc, available);
	if (coding < 0) {
		web_error_page(req, resp, 406,
			       _("Ce fichier n'existe dans aucun des encodages que votre navigateur "
				 "accepte."));
		return;
	}
	resp_header(resp, "Cache-Control",
		    hashed ? "public, max-age=31536000, immutable" : "public, max-age=300");
	const char *name = coding_name((enum coding)coding);
	const char *etag = name ? arena_printf(req->a, "\"%s-%s\"", a->hash, name)
				: arena_printf(req->a, "\"%s\"", a->hash);
	resp_header(resp, "ETag", etag);
	resp->content_type = a->content_type;
	const char *inm = req_header(req, "If-None-Match");
	if (inm && etag_listed(inm, etag)) {
		resp->status = 304;
		return;
	}
	if (name)
		resp_header(resp, "Content-Encoding", name);
	resp->status = 200;
	resp->static_body = coding == CODING_BR ? a->br : coding == CODING_GZIP ? a->gz : a->data;
	resp->static_len = coding == CODING_BR	 ? a->br_len
			   : coding == CODING_GZIP ? a->gz_len
						   : a->len;
}

void form_option(buf *b, const char *value, const char *label, const char *selected)
{
	html(b, "<option value=\"");
	html_attr(b, value);
	html(b, selected && strcmp(selected, value) == 0 ? "\" selected>" : "\">");
	html_txt(b, label);
	html(b, "</option>\n");
}

void form_select_begin(buf *b, const char *field, const char *label, const char *prefix,
		       const char *error)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<select name=\"");
	html_attr(b, field);
	html(b, "\"");
	form_invalid(b, error != NULL, prefix, field);
	html(b, ">\n");
}

void form_select_end(buf *b, const char *field, const char *prefix, const char *error)
{
	html(b, "</select>\n");
	form_error(b, error != NULL, prefix, field, error);
	html(b, "</label>\n");
}

void web_keep_strings(arena *a, void *view, const size_t *offsets, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char **s = (const char **)((char *)view + offsets[i]);
		*s = arena_strdup(a, *s);
	}
}

void page_finish(struct request *req, struct response *resp, int status, buf *b)
{
	page_end(req, b);
	page_send(resp, status, b);
	buf_free(b);
}
