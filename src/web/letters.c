/*
 * letters — the "Courriers" section of a case's page (laid out by
 * web/case_page.c): the letters generated in the case with their links
 * (ODT, PDF, preview), the form generating one from a template; the
 * downloads; and the templates' page (/modeles), listing each template's
 * fields, with its download and, for the head and the admin, retiring and
 * restoring.  Uploading a template goes through the API
 * (POST /api/v1/letter-templates) until the pages read multipart bodies.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "service/letters.h"
#include "support/i18n.h"
#include "web/case_forms.h"
#include "web/web.h"

#define FORM "letter"

struct list {
	struct request *req;
	buf *b;
	int n;
};

static void link(buf *b, const char *href_prefix, int64_t id, const char *tail,
		 const char *label)
{
	html(b, "<a href=\"");
	html(b, href_prefix);
	html_int(b, id);
	html(b, tail);
	html(b, "\">");
	html_txt(b, label);
	html(b, "</a>");
}

static int letter_item(void *ctx, const struct letter_view *v)
{
	struct list *l = ctx;
	buf *b = l->b;
	l->n++;
	char day[32];
	time_t t = (time_t)v->created_at;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(day, sizeof day, "%d/%m/%Y %H:%M", &tm);
	/* Its own anchor: the person's timeline links to it. */
	html(b, "<li id=\"courrier-");
	html_int(b, v->id);
	html(b, "\"><strong>");
	html_txt(b, v->title);
	html(b, "</strong> · ");
	html_txt(b, arena_printf(l->req->a, _("le %s par %s"), day, v->author ? v->author : ""));
	html(b, " · ");
	link(b, "/courriers/", v->id, "/odt", _("ODT"));
	html(b, " · ");
	link(b, "/courriers/", v->id, "/pdf", _("PDF"));
	html(b, " · ");
	link(b, "/courriers/", v->id, "/apercu", _("aperçu"));
	html(b, "</li>\n");
	return 0;
}

static int template_option(void *ctx, const struct letter_template_view *v)
{
	buf *b = ctx;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)v->id);
	form_option(b, id, v->name, NULL);
	return 0;
}

/* The refusal of the letter form, when the page shows one. */
static const char *error_of(const struct web_case *c, const char *field)
{
	const struct case_refusal *r = c->record;
	if (!r || !r->form || strcmp(r->form, FORM) != 0 || !r->error.message)
		return NULL;
	return !field || (r->error.field && strcmp(r->error.field, field) == 0)
		       ? _(r->error.message)
		       : NULL;
}

int web_letters_section(struct request *req, buf *b, const struct web_case *c)
{
	buf items, options;
	buf_init(&items, HTTP_PAGE_MAX);
	buf_init(&options, HTTP_PAGE_MAX);
	struct list l = {req, &items, 0};
	struct web_partner *partners = NULL;
	int rc = letters_list(req->svc, c->v->id, letter_item, &l);
	if (rc == SVC_OK)
		rc = letters_templates_list(req->svc, 0, template_option, &options);
	if (rc == SVC_OK)
		rc = web_partners_load(req, NULL, NULL, &partners, NULL);
	if (rc != SVC_OK) {
		buf_free(&items);
		buf_free(&options);
		return rc;
	}
	case_form_section(b, "courriers", _("Courriers"));
	const char *any = error_of(c, NULL);
	case_form_details_open(b, any != NULL, _("Générer un courrier"));
	html(b, "<p><small>");
	html_txt(b, _("Le courrier est rempli avec les données du suivi ; un courrier à un "
		      "partenaire qui nomme la personne demande la date de son consentement au "
		      "partage. Une note au médecin du travail se remet en main propre ou par "
		      "messagerie sécurisée de santé, jamais par courriel ordinaire."));
	html(b, " <a href=\"/modeles\">");
	html_txt(b, _("Les modèles et leurs champs"));
	html(b, "</a></small></p>\n");
	if (any) {
		html(b, "<p role=\"alert\" class=\"error-field\">");
		html_txt(b, any);
		html(b, "</p>\n");
	}
	case_form_open(req, b, c->v->id, "/courriers");
	html(b, "<div class=\"grid\">\n");
	form_select_begin(b, "template_id", _("Modèle"), "let-", error_of(c, "template_id"));
	html(b, "<option value=\"\">—</option>\n");
	buf_add(b, options.data, options.len);
	form_select_end(b, "template_id", "let-", error_of(c, "template_id"));
	html(b, "<label>");
	html_txt(b, _("Partenaire (si le modèle s'adresse à un partenaire)"));
	html(b, "\n<select name=\"partner_id\">\n<option value=\"\">—</option>\n");
	for (const struct web_partner *p = partners; p; p = p->next) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)p->id);
		form_option(b, id, p->name, NULL);
	}
	html(b, "</select>\n</label>\n</div>\n<div class=\"grid\">\n");
	form_input(b, "number", "aid_id", _("Numéro de l'aide (si le modèle cite une aide)"), NULL,
		   " min=\"1\"", "let-", error_of(c, "aid_id"));
	form_input(b, "number", "appointment_id",
		   _("Numéro du rendez-vous (si le modèle cite un rendez-vous)"), NULL, " min=\"1\"",
		   "let-", error_of(c, "appointment_id"));
	form_input(b, "date", "share_consent_on",
		   _("Consentement de la personne au partage, daté du"), NULL, "", "let-",
		   error_of(c, "share_consent_on"));
	html(b, "</div>\n");
	case_form_submit(b, _("Générer le courrier"));
	html(b, "</form>\n</details>\n");
	buf_free(&options);
	if (l.n) {
		buf_puts(b, "<ul>\n");
		buf_add(b, items.data, items.len);
		buf_reset(&items);
		buf_puts(&items, "</ul>\n");
	}
	case_form_section_end(b, &items, (size_t)l.n, _("Aucun courrier généré dans ce suivi."));
	return SVC_OK;
}

void web_letters_create(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct letter_input in;
	memset(&in, 0, sizeof in);
	struct verr e;
	if (req_fields(req, letters_fields_input, LETTER__FIELDS, &in, &e) != 0) {
		web_case_page_record_refuse(req, resp, id, FORM, e.field, e.message);
		return;
	}
	web_case_page_record_after(req, resp, letters_generate(req->svc, id, &in, NULL), id, FORM,
				   "courriers");
}

/* Sends letter req->id in format f (inline: shown in the browser). */
static void send_letter(struct request *req, struct response *resp, enum letter_format f,
			int inline_)
{
	buf b;
	buf_init(&b, 0);
	int rc = letters_read(req->svc, req->id, f, NULL, NULL, &b);
	if (rc == SVC_CONFLICT) {
		const struct verr *e = svc_error(req->svc);
		resp_error(req, resp, 409, "conflict", e->message ? _(e->message) : NULL, NULL);
	} else if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
	} else {
		resp->status = 200;
		resp->content_type = letters_media_type(f);
		buf_reset(&resp->body);
		buf_add(&resp->body, b.data, b.len);
		resp_header(resp, "Content-Disposition",
			    arena_printf(req->a, "%s; filename=\"courrier-%lld.%s\"",
					 inline_ ? "inline" : "attachment", (long long)req->id,
					 letters_extension(f)));
		resp_header(resp, "Cache-Control", "no-store");
	}
	if (b.data)
		memset(b.data, 0, b.len);
	buf_free(&b);
}

void web_letter_odt(struct request *req, struct response *resp)
{
	send_letter(req, resp, LETTER_ODT, 0);
}

void web_letter_pdf(struct request *req, struct response *resp)
{
	send_letter(req, resp, LETTER_PDF, 0);
}

/* The preview: the PDF shown in the browser. */
void web_letter_preview(struct request *req, struct response *resp)
{
	send_letter(req, resp, LETTER_PDF, 1);
}

/* ---- the templates' page ---- */

struct tpl_page {
	struct request *req;
	buf *b;
	int editor;
	int n;
};

static void action_button(struct tpl_page *p, int64_t id, const char *tail, const char *label)
{
	buf *b = p->b;
	html(b, "<form method=\"post\" action=\"/modeles/");
	html_int(b, id);
	html(b, tail);
	html(b, "\">");
	page_csrf_field(p->req, b);
	html(b, "<button type=\"submit\" class=\"secondary\">");
	html_txt(b, label);
	html(b, "</button></form>\n");
}

static int template_item(void *ctx, const struct letter_template_view *v)
{
	struct tpl_page *p = ctx;
	buf *b = p->b;
	p->n++;
	html(b, "<article>\n<header><strong>");
	html_txt(b, v->name);
	html(b, "</strong> · ");
	html_txt(b, v->category);
	if (!v->active) {
		html(b, " · <em>");
		html_txt(b, _("retiré"));
		html(b, "</em>");
	}
	html(b, "</header>\n<p>");
	html_txt(b, _("Champs :"));
	/* One <code> a field, so that a long list wraps between them. */
	if (!v->fields || !*v->fields) {
		html(b, " ");
		html_txt(b, _("aucun"));
	}
	for (const char *f = v->fields; f && *f;) {
		size_t n = strcspn(f, ",");
		html(b, " <code>{");
		html_txt(b, arena_printf(p->req->a, "%.*s", (int)n, f));
		html(b, "}</code>");
		f += n + (f[n] == ',');
	}
	html(b, "</p>\n<p>");
	link(b, "/api/v1/letter-templates/", v->id, "/odt", _("Télécharger le modèle (ODT)"));
	html(b, "</p>\n");
	if (p->editor)
		action_button(p, v->id, v->active ? "/retirer" : "/retablir",
			      v->active ? _("Retirer") : _("Rétablir"));
	html(b, "</article>\n");
	return 0;
}

void web_letter_templates(struct request *req, struct response *resp)
{
	buf items;
	buf_init(&items, HTTP_PAGE_MAX);
	struct tpl_page p = {req, &items, letters_may_edit(req->svc), 0};
	int rc = letters_templates_list(req->svc, 1, template_item, &p);
	if (rc != SVC_OK) {
		buf_free(&items);
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Modèles de courriers"));
	html(&b, "<h1>");
	html_txt(&b, _("Modèles de courriers"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, _("Un modèle est un document OpenDocument (.odt) écrit dans LibreOffice ou "
		       "Word ; les champs s'y écrivent entre accolades. Champs connus :"));
	for (int i = 0; letters_fields[i]; i++) {
		html(&b, " <code>{");
		html_txt(&b, letters_fields[i]);
		html(&b, "}</code>");
	}
	html(&b, "</p>\n");
	buf_add(&b, items.data, items.len);
	if (!p.n) {
		html(&b, "<p>");
		html_txt(&b, _("Aucun modèle."));
		html(&b, "</p>\n");
	}
	buf_free(&items);
	page_finish(req, resp, 200, &b);
}

static void set_active(struct request *req, struct response *resp, int active)
{
	int rc = letters_template_set_active(req->svc, req->id, active);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		resp_redirect(resp, "/modeles");
}

void web_letter_template_retire(struct request *req, struct response *resp)
{
	set_active(req, resp, 0);
}

void web_letter_template_restore(struct request *req, struct response *resp)
{
	set_active(req, resp, 1);
}
