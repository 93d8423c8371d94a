/*
 * notices — the texts the law asks the service to publish (issue 17): the
 * information notice on personal data (RGPD art. 13, service/notice.h),
 * public and printable, edited by the administrator; and the accessibility
 * statement (RGAA 4.1) public clients must publish.
 */
#include <string.h>

#include "service/notice.h"
#include "support/i18n.h"
#include "web/web.h"

void web_notice_paragraphs(arena *a, buf *b, const char *text)
{
	/* Paragraphs at blank lines, a single line break kept as <br> (the
	   stored text has LF line ends: its form field is FIELD_TEXT). */
	for (const char *p = text; *p;) {
		p += strspn(p, "\n");
		if (!*p)
			break;
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *para = arena_printf(a, "%.*s", (int)n, p);
		html(b, "<p>");
		for (const char *line = para;;) {
			size_t len = strcspn(line, "\n");
			html_txt(b, arena_printf(a, "%.*s", (int)len, line));
			if (!line[len])
				break;
			html(b, "<br>");
			line += len + 1;
		}
		html(b, "</p>\n");
		p += n;
	}
}

void web_notice_public(struct request *req, struct response *resp)
{
	char text[NOTICE_MAX + 1];
	int custom = 0;
	int rc = notice_get(req->svc, text, sizeof text, &custom);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Vos données personnelles"));
	html(&b, "<article class=\"notice\">\n<h1>");
	html_txt(&b, _("Notice d'information sur vos données personnelles"));
	html(&b, "</h1>\n");
	web_notice_paragraphs(req->a, &b, text);
	html(&b, "</article>\n<p class=\"no-print\"><small>");
	html_txt(&b, _("Pour la remettre sur papier, imprimez cette page (Ctrl+P) : seule la "
		       "notice est imprimée."));
	html(&b, "</small></p>\n");
	page_finish(req, resp, 200, &b);
}

static void edit_page(struct request *req, struct response *resp, int status, const char *text,
		      int custom, const char *error, int saved)
{
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Notice d'information"));
	html(&b, "<h1>");
	html_txt(&b, _("Notice d'information sur les données personnelles"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, _("Ce texte est montré aux salariés sur le formulaire public de demande et sur "
		       "la page publique que les assistantes impriment pour la remettre au premier "
		       "entretien. Indiquez le nom du service et l'adresse de votre délégué à la "
		       "protection des données. Séparez les paragraphes par une ligne vide ; un "
		       "texte vide rétablit le texte d'origine."));
	html(&b, "</p>\n");
	if (saved) {
		html(&b, "<p role=\"status\"><strong>");
		html_txt(&b, _("Notice enregistrée."));
		html(&b, "</strong></p>\n");
	}
	if (!custom) {
		html(&b, "<p><small>");
		html_txt(&b, _("Le texte d'origine est en usage."));
		html(&b, "</small></p>\n");
	}
	html(&b, "<form method=\"post\" action=\"/notice\">\n");
	page_csrf_field(req, &b);
	form_textarea(&b, "text", _("Texte de la notice"), text, " rows=\"18\" maxlength=\"8000\"",
		      "n-", error);
	html(&b, "<button type=\"submit\">");
	html_txt(&b, _("Enregistrer la notice"));
	html(&b, "</button>\n</form>\n<p><a href=\"/donnees-personnelles\">");
	html_txt(&b, _("Voir la page publique"));
	html(&b, "</a></p>\n");
	page_finish(req, resp, status, &b);
}

void web_notice_edit(struct request *req, struct response *resp)
{
	char text[NOTICE_MAX + 1];
	int custom = 0;
	int rc = notice_get(req->svc, text, sizeof text, &custom);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	edit_page(req, resp, 200, text, custom, NULL, req_query(req, "enregistre") != NULL);
}

void web_notice_save(struct request *req, struct response *resp)
{
	struct notice_input in = {NULL};
	struct verr e = {0};
	int rc = req_fields(req, notice_fields, NOTICE__FIELDS, &in, &e) == 0
		     ? notice_set(req->svc, in.text ? in.text : "")
		     : SVC_INVALID;
	if (rc == SVC_INVALID) {
		const struct verr *why = e.message ? &e : svc_error(req->svc);
		const char *typed = in.text;
		if (!typed) {
			int n = 0;
			const char **all = req_form_all(req, notice_fields[NOTICE_TEXT].name, &n);
			typed = n > 0 ? all[0] : "";
		}
		edit_page(req, resp, 422, typed, 1, _(why->message), 0);
		return;
	}
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	resp_redirect(resp, "/notice?enregistre=1");
}

void web_accessibility(struct request *req, struct response *resp)
{
	static const char *const sections[][2] = {
	    {N_("État de conformité"),
	     N_("relais est partiellement conforme au référentiel général d'amélioration de "
		"l'accessibilité (RGAA), version 4.1, en raison des points listés ci-dessous. Chaque "
		"version est vérifiée automatiquement : chaque page, pour chaque rôle, est contrôlée "
		"avec axe-core et html-validate, et à 1 366, 1 920 et 390 pixels de large sans "
		"défilement horizontal.")},
	    {N_("Contenus non accessibles"),
	     N_("Un audit manuel complet des 106 critères du RGAA n'a pas encore été réalisé. Les "
		"documents PDF produits (bilans, bordereaux) ne sont pas balisés : leur contenu est "
		"aussi proposé en HTML et en tableur.")},
	    {N_("Technologies utilisées"),
	     N_("HTML5, CSS (Pico CSS) ; htmx en amélioration progressive : chaque page et chaque "
		"formulaire fonctionnent sans JavaScript.")},
	    {N_("Retour d'information et contact"),
	     N_("Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez le service "
		"social du travail : il vous répondra par un autre moyen.")},
	    {N_("Voies de recours"),
	     N_("Si vous avez signalé un défaut d'accessibilité sans obtenir de réponse "
		"satisfaisante, vous pouvez écrire au Défenseur des droits (formulaire en ligne sur "
		"defenseurdesdroits.fr, ou Défenseur des droits, Libre réponse 71120, 75342 Paris "
		"CEDEX 07), ou contacter son délégué dans votre région.")},
	};
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Déclaration d'accessibilité"));
	html(&b, "<h1>");
	html_txt(&b, _("Déclaration d'accessibilité"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, _("Le service social du travail s'engage à rendre relais accessible "
		       "conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette "
		       "déclaration s'applique à l'application relais."));
	html(&b, "</p>\n");
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
		html(&b, "<h2>");
		html_txt(&b, _(sections[i][0]));
		html(&b, "</h2>\n<p>");
		html_txt(&b, _(sections[i][1]));
		html(&b, "</p>\n");
	}
	page_finish(req, resp, 200, &b);
}
