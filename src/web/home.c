/*
 * home — the signed-in user's start page: who they are, and the spaces
 * their role opens (the menu's pages, described).
 */
#include "support/i18n.h"
#include "web/web.h"

void web_home(struct request *req, struct response *resp)
{
	const struct actor *who = svc_actor(req->svc);
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Accueil"));
	html(&b, "<hgroup>\n<h1>");
	html_txt(&b, _("Bonjour"));
	html(&b, " ");
	html_txt(&b, who->name);
	html(&b, "</h1>\n<p>");
	html_txt(&b, role_label(who->role));
	html(&b, "</p>\n</hgroup>\n");

	int shown = 0;
	for (int i = 0; i < routes_count; i++) {
		const struct route *r = &routes[i];
		if (!r->nav || r->method != M_GET || !policy_allows(who->role, r->action))
			continue;
		if (!shown++) {
			html(&b, "<section aria-labelledby=\"espaces\">\n<h2 id=\"espaces\">");
			html_txt(&b, _("Vos espaces"));
			html(&b, "</h2>\n<div class=\"grid\">\n");
		}
		html(&b, "<article>\n<h3><a href=\"");
		html_attr(&b, r->pattern);
		html(&b, "\">");
		html_txt(&b, _(r->nav));
		html(&b, "</a></h3>\n");
		if (r->nav_help) {
			html(&b, "<p>");
			html_txt(&b, _(r->nav_help));
			html(&b, "</p>\n");
		}
		html(&b, "</article>\n");
	}
	if (shown)
		html(&b, "</div>\n</section>\n");

	html(&b, "<section aria-labelledby=\"secret\">\n<h2 id=\"secret\">");
	html_txt(&b, _("Secret professionnel"));
	html(&b, "</h2>\n<p>");
	html_txt(&b, _("Chaque consultation ou modification de données personnelles est inscrite "
		       "au journal des accès. Les employeurs ne reçoivent que des statistiques "
		       "dont les petits effectifs sont masqués."));
	html(&b, "</p>\n</section>\n");
	page_end(req, &b);
	page_send(resp, 200, &b);
	buf_free(&b);
}
