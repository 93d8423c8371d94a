/*
 * audit — the auditor's view of the access log: its integrity, the report
 * reads of employer accounts with the days one read more than the
 * configured number (issue 11), and the entries, newest first, a page at
 * a time.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "domain/audit_labels.h"
#include "domain/date.h"
#include "service/audit.h"
#include "service/paging.h"
#include "service/twoperson_rule.h"
#include "support/csvfr.h"
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

/* A code's French name, the code itself when it has none. */
static const char *action_name(const char *code)
{
	const char *l = audit_action_label(code);
	return l ? _(l) : code;
}

static const char *object_name(const char *code)
{
	const char *l = code ? audit_object_label(code) : NULL;
	return l ? _(l) : code;
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
	/* The French name, the code kept beside it for whoever searches. */
	html(b, "<td>");
	html_txt(b, action_name(r->action));
	html(b, " <small><code>");
	html_txt(b, r->action);
	html(b, "</code></small></td>");
	cell(b, object_name(r->object_type));
	cell(b, r->object_id);
	cell(b, r->client_addr);
	html(b, "</tr>\n");
	return 0;
}

/* ---- the search: by person, account, date range, action ---- */

/* The form's texts as sent (NULL when absent), its filter, its refusal. */
struct search {
	const char *person, *account, *action, *from, *to;
	struct audit_filter f;
	const char *field;   /* the refused one, or NULL */
	const char *message; /* its French message (msgid) */
};

static void search_read(struct request *req, struct search *q)
{
	q->person = req_query(req, "personne");
	q->account = req_query(req, "compte");
	q->action = req_query(req, "action");
	q->from = req_query(req, "du");
	q->to = req_query(req, "au");
	audit_filter_read(q->person, q->account, q->action, q->from, q->to, &q->f, &q->field,
			  &q->message);
}

/* The search as a query string ("personne=12&du=…"), for the pages and
   the exports; "" when nothing is searched. */
static const char *search_query(struct request *req, const struct search *q)
{
	static const char *const names[] = {"personne", "compte", "action", "du", "au"};
	const char *values[] = {q->person, q->account, q->action, q->from, q->to};
	buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!values[i] || !values[i][0])
			continue;
		if (b.len)
			buf_putc(&b, '&');
		buf_puts(&b, names[i]);
		buf_putc(&b, '=');
		html_url_arg(&b, values[i]);
	}
	const char *out = arena_strdup(req->a, b.len ? b.data : "");
	buf_free(&b);
	return out;
}

struct account_options {
	buf *b;
	const char *selected;
};

static int account_option(void *ctx, int64_t id, const char *login, const char *name)
{
	struct account_options *o = ctx;
	char value[24], label[512];
	snprintf(value, sizeof value, "%" PRId64, id);
	snprintf(label, sizeof label, "%s (%s)", login ? login : "", name ? name : "");
	form_option(o->b, value, label, o->selected);
	return 0;
}

static const char *refusal(const struct search *q, const char *field)
{
	return q->field && strcmp(q->field, field) == 0 ? _(q->message) : NULL;
}

/* The search form (GET: a search changes nothing). */
static int search_form(struct request *req, buf *b, const struct search *q)
{
	html(b, "<section aria-labelledby=\"recherche\">\n<h2 id=\"recherche\">");
	html_txt(b, _("Rechercher dans le journal"));
	html(b, "</h2>\n<p>");
	html_txt(b, _("Qui a ouvert ce dossier ? Cherchez par personne (son numéro ou le lien "
		      "de sa page), par compte, par période ou par action. La recherche par "
		      "nom n'existe pas : le journal ne garde aucun nom de personne."));
	html(b, "</p>\n<form method=\"get\" action=\"/audit\">\n<div class=\"grid\">\n");
	form_input(b, "text", "personne", _("Personne (numéro ou lien de sa page)"), q->person,
		   " inputmode=\"url\" autocomplete=\"off\"", "", refusal(q, "person"));
	form_select_begin(b, "compte", _("Compte"), "", refusal(q, "account"));
	form_option(b, "", _("Tous les comptes"), q->account);
	struct account_options ao = {b, q->account};
	int rc = audit_accounts(req->svc, account_option, &ao);
	form_select_end(b, "compte", "", refusal(q, "account"));
	html(b, "</div>\n<div class=\"grid\">\n");
	form_select_begin(b, "action", _("Action"), "", refusal(q, "action"));
	form_option(b, "", _("Toutes les actions"), q->action);
	size_t n;
	const struct audit_label *t = audit_action_labels(&n);
	for (size_t i = 0; i < n; i++)
		form_option(b, t[i].code, _(t[i].label), q->action);
	form_select_end(b, "action", "", refusal(q, "action"));
	form_input(b, "date", "du", _("Du"), q->from, "", "", refusal(q, "from"));
	form_input(b, "date", "au", _("Au (inclus)"), q->to, "", "", refusal(q, "to"));
	html(b, "</div>\n<button type=\"submit\">");
	html_txt(b, _("Rechercher"));
	html(b, "</button>\n</form>\n</section>\n");
	return rc;
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
	struct search q;
	search_read(req, &q);
	const char *query = search_query(req, &q);
	if (page_from_query_bounded(&pg, NULL, req_query(req, "after"), AUDIT_PAGE_ROWS,
				    AUDIT_PAGE_ROWS) != 0 ||
	    (pg.after[0] && page_cursor_id_parse(pg.after, &before) != 0)) {
		resp_redirect(resp, query[0] ? arena_printf(req->a, "/audit?%s", query) : "/audit");
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
	rc = search_form(req, &b, &q);
	if (rc != SVC_OK) {
		buf_free(&b);
		resp_svc_error(req, resp, rc);
		return;
	}
	if (q.field) {
		/* A refused search shows no entry: the form says what to fix. */
		html(&b, "<p role=\"alert\" class=\"error\">");
		html_txt(&b, _(q.message));
		html(&b, "</p>\n");
		page_end(req, &b);
		page_send(resp, 422, &b);
		buf_free(&b);
		return;
	}
	html(&b, "<h2 id=\"entrees\">");
	html_txt(&b, query[0] ? _("Entrées trouvées") : _("Dernières entrées"));
	html(&b, "</h2>\n<p>");
	html_txt(&b, _("Exporter ces entrées :"));
	html(&b, " <a href=\"/audit/export.csv");
	if (query[0]) {
		html(&b, "?");
		html_attr(&b, query);
	}
	html(&b, "\" download>");
	html_txt(&b, _("tableur (CSV)"));
	html(&b, "</a> · <a href=\"/audit/export.json");
	if (query[0]) {
		html(&b, "?");
		html_attr(&b, query);
	}
	html(&b, "\" download>JSON</a></p>\n<figure tabindex=\"0\">\n<table>\n<thead><tr>");
	static const char *const heads[] = {N_("N°"),	 N_("Date"), N_("Acteur"),
					    N_("Action"), N_("Objet"),	   N_("Identifiant"),
					    N_("Adresse")};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		html(&b, "<th scope=\"col\">");
		html_txt(&b, _(heads[i]));
		html(&b, "</th>");
	}
	html(&b, "</tr></thead>\n<tbody>\n");
	rc = audit_page(req->svc, &q.f, &pg, audit_row, &b);
	html(&b, "</tbody>\n</table>\n</figure>\n<p>");
	html_txt(&b, arena_printf(req->a,
				  P_("%lld entrée au journal, de la plus récente à la plus ancienne",
				     "%lld entrées au journal, de la plus récente à la plus ancienne",
				     pg.total),
				  (long long)pg.total));
	html(&b, "</p>\n");
	web_page_nav(&b, query[0] ? arena_printf(req->a, "/audit?%s", query) : "/audit", &pg,
		     _("← Les plus récentes"), _("Plus anciennes →"));
	page_end(req, &b);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		page_send(resp, 200, &b);
	buf_free(&b);
}

/* ---- exports of the search's answer, each itself logged ---- */

/* The local date and time of an entry, "JJ/MM/AAAA HH:MM:SS". */
static void local_time(int64_t at, char out[32])
{
	struct tm tm;
	if (date_local(at, &tm) < 0 || strftime(out, 32, "%d/%m/%Y %H:%M:%S", &tm) == 0)
		snprintf(out, 32, "?");
}

static int csv_entry(void *ctx, const struct audit_row *r)
{
	buf *b = ctx;
	char when[32];
	local_time(r->at, when);
	csvfr_int(b, r->id);
	csvfr_sep(b);
	csvfr_text(b, when);
	csvfr_sep(b);
	csvfr_text(b, r->actor_login);
	csvfr_sep(b);
	csvfr_text(b, action_name(r->action));
	csvfr_sep(b);
	csvfr_text(b, r->action);
	csvfr_sep(b);
	csvfr_text(b, object_name(r->object_type));
	csvfr_sep(b);
	csvfr_text(b, r->object_type);
	csvfr_sep(b);
	csvfr_text(b, r->object_id);
	csvfr_sep(b);
	csvfr_text(b, r->client_addr);
	csvfr_end(b);
	return 0;
}

/* The search of an export, refused with a French 422 page when wrong;
   0 or -1 (answered). */
static int export_search(struct request *req, struct response *resp, struct search *q)
{
	search_read(req, q);
	if (!q->field)
		return 0;
	web_error_page(req, resp, 422, _(q->message));
	return -1;
}

void web_audit_export_csv(struct request *req, struct response *resp)
{
	struct search q;
	if (export_search(req, resp, &q) != 0)
		return;
	buf_reset(&resp->body);
	buf *b = &resp->body;
	csvfr_begin(b);
	static const char *const heads[] = {
		N_("N°"),   N_("Date et heure"), N_("Compte"),	       N_("Action"),
		N_("Code de l'action"), N_("Objet"), N_("Code de l'objet"), N_("Identifiant"),
		N_("Adresse")};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		if (i)
			csvfr_sep(b);
		csvfr_text(b, _(heads[i]));
	}
	csvfr_end(b);
	int rc = audit_export(req->svc, &q.f, "csv", csv_entry, b);
	if (rc != SVC_OK) {
		buf_reset(&resp->body);
		resp_svc_error(req, resp, rc);
		return;
	}
	resp->status = 200;
	resp->content_type = "text/csv; charset=utf-8";
	resp_header(resp, "Content-Disposition", "attachment; filename=\"journal-acces.csv\"");
}

static int json_entry(void *ctx, const struct audit_row *r)
{
	char when[32];
	local_time(r->at, when);
	const char *ol = r->object_type ? audit_object_label(r->object_type) : NULL;
	const char *al = audit_action_label(r->action);
	json_t *o = json_pack("{s:I, s:I, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
			      (json_int_t)r->id, "at", (json_int_t)r->at, "local_time", when,
			      "actor_id", r->actor_id ? json_integer(r->actor_id) : json_null(),
			      "actor_login", r->actor_login ? json_string(r->actor_login) : json_null(),
			      "action", r->action, "action_label",
			      al ? json_string(_(al)) : json_null(), "object_type",
			      r->object_type ? json_string(r->object_type) : json_null(),
			      "object_label", ol ? json_string(_(ol)) : json_null(), "object_id",
			      r->object_id ? json_string(r->object_id) : json_null(), "client_addr",
			      r->client_addr ? json_string(r->client_addr) : json_null());
	json_array_append_new(ctx, o);
	return 0;
}

void web_audit_export_json(struct request *req, struct response *resp)
{
	struct search q;
	if (export_search(req, resp, &q) != 0)
		return;
	json_t *entries = json_array();
	int rc = audit_export(req->svc, &q.f, "json", json_entry, entries);
	if (rc != SVC_OK) {
		json_decref(entries);
		resp_svc_error(req, resp, rc);
		return;
	}
	json_t *filter = json_pack("{s:o, s:o, s:o, s:o, s:o}", "person",
				   q.f.person_id ? json_integer(q.f.person_id) : json_null(), "account",
				   q.f.actor_id ? json_integer(q.f.actor_id) : json_null(), "action",
				   q.f.action ? json_string(q.f.action) : json_null(), "from",
				   q.f.from ? json_integer(q.f.from) : json_null(), "until",
				   q.f.until ? json_integer(q.f.until) : json_null());
	json_t *o = json_pack("{s:o, s:o}", "filter", filter, "entries", entries);
	char *text = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!text) {
		resp_svc_error(req, resp, SVC_ERROR);
		return;
	}
	buf_reset(&resp->body);
	buf_puts(&resp->body, text);
	buf_putc(&resp->body, '\n');
	free(text);
	resp->status = 200;
	resp->content_type = "application/json";
	resp_header(resp, "Content-Disposition", "attachment; filename=\"journal-acces.json\"");
}
