/* audit — the auditor's view of the access log and of its integrity. */
#include <inttypes.h>

#include "service/audit.h"
#include "support/i18n.h"
#include "web/web.h"

#define AUDIT_PAGE_ROWS 200

static void cell(buf *b, const char *text)
{
	html(b, "<td>");
	html_txt(b, text ? text : "—");
	html(b, "</td>");
}

static int audit_row(void *ctx, const struct audit_row *r)
{
	buf *b = ctx;
	html(b, "<tr><td class=\"num\">");
	html_int(b, r->id);
	html(b, "</td><td>");
	page_datetime(b, r->at);
	html(b, "</td>");
	cell(b, r->actor_login);
	cell(b, r->action);
	cell(b, r->object_type);
	cell(b, r->object_id);
	cell(b, r->client_addr);
	html(b, "</tr>\n");
	return 0;
}

void web_audit(struct request *req, struct response *resp)
{
	struct audit_check check;
	int rc = audit_verify(req->svc, &check);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Journal d'accès"));
	html(&b, "<h1>");
	html_txt(&b, _("Journal d'accès"));
	html(&b, "</h1>\n<article class=\"notice\">\n<div role=\"status\">\n<p>");
	if (check.first_bad) {
		html_txt(&b, _("Intégrité rompue : la chaîne est cassée à l'entrée n°"));
		html(&b, " <strong>");
		html_int(&b, check.first_bad);
		html(&b, "</strong> (");
		html_txt(&b, check.why);
		html(&b, ").");
	} else {
		html_txt(&b, _("Intégrité vérifiée : les entrées forment une chaîne intacte."));
		html(&b, " (");
		html_int(&b, check.rows);
		html(&b, " ");
		html_txt(&b, _("entrées"));
		html(&b, ")");
	}
	html(&b, "</p>\n</div>\n</article>\n<h2>");
	html_txt(&b, _("Dernières entrées"));
	html(&b, "</h2>\n<figure>\n<table>\n<thead><tr>");
	static const char *const heads[] = {N_("N°"),	 N_("Date"), N_("Acteur"),
					    N_("Action"), N_("Objet"),	   N_("Identifiant"),
					    N_("Adresse")};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		html(&b, "<th scope=\"col\">");
		html_txt(&b, _(heads[i]));
		html(&b, "</th>");
	}
	html(&b, "</tr></thead>\n<tbody>\n");
	rc = audit_recent(req->svc, AUDIT_PAGE_ROWS, audit_row, &b);
	html(&b, "</tbody>\n</table>\n</figure>\n");
	page_end(req, &b);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		page_send(resp, 200, &b);
	buf_free(&b);
}
