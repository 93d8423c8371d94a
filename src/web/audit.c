/*
 * audit — the auditor's view of the access log: its integrity, the report
 * reads of employer accounts with the days one read more than the
 * configured number (issue 11), and the entries, newest first, a page at
 * a time.
 */
#include <inttypes.h>

#include "domain/date.h"
#include "service/audit.h"
#include "service/paging.h"
#include "service/twoperson_rule.h"
#include "support/i18n.h"
#include "web/paging.h"
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

/* The two parts of the report reads section, filled by the service's
   callbacks (alerts first, then reads) and drawn in that order. */
struct reads_section {
	struct request *req;
	buf alerts, reads;
	int nalerts, nreads;
};

static int alert_item(void *ctx, const struct report_read_alert *a)
{
	struct reads_section *r = ctx;
	char day[11];
	date_french(a->day, day);
	html(&r->alerts, "<li>");
	html_txt(&r->alerts, arena_printf(r->req->a, _("%s : %lld lectures le %s."), a->login,
					  (long long)a->reads, day));
	html(&r->alerts, "</li>\n");
	r->nalerts++;
	return 0;
}

static int read_item(void *ctx, const struct report_read *rd)
{
	struct reads_section *r = ctx;
	html(&r->reads, "<tr><td>");
	page_datetime(&r->reads, rd->at);
	html(&r->reads, "</td>");
	cell(&r->reads, rd->login);
	cell(&r->reads, rd->object);
	html(&r->reads, "</tr>\n");
	r->nreads++;
	return 0;
}

/* Who read which report with which parameters, and the alerts. */
static int report_reads_section(struct request *req, buf *b)
{
	struct reads_section r = {req, {0}, {0}, 0, 0};
	buf_init(&r.alerts, 0);
	buf_init(&r.reads, 0);
	struct report_reads rr = {0, alert_item, read_item, &r};
	int rc = audit_report_reads(req->svc, AUDIT_PAGE_ROWS, &rr);
	if (rc == SVC_OK) {
		html(b, "<section aria-labelledby=\"lectures-bilans\">\n<h2 id=\"lectures-bilans\">");
		html_txt(b, _("Lectures de bilans par les comptes employeurs"));
		html(b, "</h2>\n<p>");
		html_txt(b, arena_printf(req->a,
					 _("Chaque lecture d'un bilan par un compte employeur, avec "
					   "ses paramètres (organisation, année, public, version ou "
					   "tranches d'âge, format). Une alerte signale tout compte "
					   "ayant fait plus de %d lectures par jour."),
					 rr.threshold));
		html(b, "</p>\n");
		if (r.nalerts) {
			html(b, "<article class=\"notice\">\n<div role=\"alert\">\n<p><strong>");
			html_txt(b, _("Alerte : lectures répétées"));
			html(b, "</strong></p>\n<ul>\n");
			buf_add(b, r.alerts.data, r.alerts.len);
			html(b, "</ul>\n</div>\n</article>\n");
		} else {
			html(b, "<p>");
			html_txt(b, _("Aucune alerte."));
			html(b, "</p>\n");
		}
		if (r.nreads) {
			html(b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
			html_txt(b, _("Date"));
			html(b, "</th><th scope=\"col\">");
			html_txt(b, _("Compte"));
			html(b, "</th><th scope=\"col\">");
			html_txt(b, _("Lecture et paramètres"));
			html(b, "</th></tr></thead>\n<tbody>\n");
			buf_add(b, r.reads.data, r.reads.len);
			html(b, "</tbody>\n</table>\n</figure>\n");
		} else {
			html(b, "<p>");
			html_txt(b, _("Aucune lecture de bilan par un compte employeur."));
			html(b, "</p>\n");
		}
		html(b, "</section>\n");
	}
	buf_free(&r.alerts);
	buf_free(&r.reads);
	return rc;
}

void web_audit(struct request *req, struct response *resp)
{
	/* The entries a page at a time: a cursor this list did not write
	   sends back to the first page. */
	struct page pg;
	int64_t before;
	if (page_from_query_bounded(&pg, NULL, req_query(req, "after"), AUDIT_PAGE_ROWS,
				    AUDIT_PAGE_ROWS) != 0 ||
	    (pg.after[0] && page_cursor_id_parse(pg.after, &before) != 0)) {
		resp_redirect(resp, "/audit");
		return;
	}
	struct audit_check check;
	int rc = audit_verify_incremental(req->svc, &check);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Journal d'accès"));
	int two_person = 1;
	if (twoperson_enabled(req->svc, &two_person) == SVC_OK && !two_person) {
		/* Permanent while the rule is off (relais config two-person). */
		html(&b, "<article class=\"notice\" id=\"regle-deux-personnes\">\n<div role=\"alert\">"
			 "\n<p><strong>");
		html_txt(&b, _("Règle des deux personnes désactivée."));
		html(&b, "</strong> ");
		html_txt(&b, _("Les comptes d'assistant(e) et de responsable, leurs "
			       "réinitialisations et réactivations, les transferts de file active "
			       "et les passations de suivi prennent effet sans confirmation par une "
			       "seconde personne. Ce réglage a été fait en ligne de commande et "
			       "figure au journal (two_person.off)."));
		html(&b, "</p>\n</div>\n</article>\n");
	}
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
	} else if (check.tamper) {
		html_txt(&b, _("Intégrité rompue :"));
		const char *sep = " ";
		for (unsigned f = 1; f < 1u << AUDIT_TAMPER_KINDS; f <<= 1)
			if (check.tamper & f) {
				html_txt(&b, sep);
				html(&b, "<strong>");
				html_txt(&b, _(audit_tamper_name(f)));
				html(&b, "</strong>");
				sep = " ; ";
			}
		html(&b, ".");
	} else {
		html_txt(&b, _("Intégrité vérifiée : les entrées forment une chaîne intacte."));
		html(&b, " (");
		html_int(&b, check.rows);
		html(&b, " ");
		html_txt(&b, _("entrées vérifiées depuis l'entrée n°"));
		html(&b, " ");
		html_int(&b, check.from);
		html(&b, ", ");
		html_txt(&b, _("ancrées jusqu'à l'entrée n°"));
		html(&b, " ");
		html_int(&b, check.anchored);
		html(&b, ")");
	}
	html(&b, "</p>\n</div>\n</article>\n");
	rc = report_reads_section(req, &b);
	if (rc != SVC_OK) {
		buf_free(&b);
		resp_svc_error(req, resp, rc);
		return;
	}
	html(&b, "<h2>");
	html_txt(&b, _("Dernières entrées"));
	html(&b, "</h2>\n<figure tabindex=\"0\">\n<table>\n<thead><tr>");
	static const char *const heads[] = {N_("N°"),	 N_("Date"), N_("Acteur"),
					    N_("Action"), N_("Objet"),	   N_("Identifiant"),
					    N_("Adresse")};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		html(&b, "<th scope=\"col\">");
		html_txt(&b, _(heads[i]));
		html(&b, "</th>");
	}
	html(&b, "</tr></thead>\n<tbody>\n");
	rc = audit_page(req->svc, &pg, audit_row, &b);
	html(&b, "</tbody>\n</table>\n</figure>\n<p>");
	html_txt(&b, arena_printf(req->a,
				  P_("%lld entrée au journal, de la plus récente à la plus ancienne",
				     "%lld entrées au journal, de la plus récente à la plus ancienne",
				     pg.total),
				  (long long)pg.total));
	html(&b, "</p>\n");
	web_page_nav(&b, "/audit", &pg, _("← Les plus récentes"), _("Plus anciennes →"));
	page_end(req, &b);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		page_send(resp, 200, &b);
	buf_free(&b);
}
