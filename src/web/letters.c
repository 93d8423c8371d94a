/*
 * letters — the "Courriers" section of a case's page (laid out by
 * web/case_page.c): the letters generated in the case with their links
 * (ODT, PDF, preview), the form generating one from a template; the
 * downloads; and the templates' page (/modeles), listing each template's
 * fields, with its download and, for the head and the admin, retiring and
 * restoring, uploading a template or a new version of one (multipart,
 * http/upload.h: the same service checks as the API's) and the letterhead
 * ({service.entete}, service/notice.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "http/upload.h"
#include "domain/money.h"
#include "service/appointments.h"
#include "service/letters.h"
#include "service/notice.h"
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

struct tpl_options {
	buf *b;
	const char *selected; /* the one chosen when the form was refused */
};

static int template_option(void *ctx, const struct letter_template_view *v)
{
	struct tpl_options *o = ctx;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)v->id);
	form_option(o->b, id, v->name, o->selected);
	return 0;
}

static const char *const aid_lists[] = {"aid_kind", "funder", "aid_decision"};

/* The options of the appointments and the aids the letter may cite. */
struct choices {
	struct request *req;
	const struct web_refs *refs;
	buf appointments, aids;
	struct web_refs refs_store;
	const char *appointment, *aid; /* chosen when the form was refused */
};

static int choice_option(void *ctx, const struct letter_choice *v)
{
	struct choices *ch = ctx;
	arena *a = ch->req->a;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)v->id);
	if (v->kind == LETTER_CHOICE_APPOINTMENT) {
		const char *st = v->start ? v->start : "";
		const char *label =
		    strlen(st) >= 16
			? arena_printf(a, _("%.2s/%.2s/%.4s à %.2sh%.2s (%s)"), st + 8, st + 5, st,
				       st + 11, st + 14, appointments_status_label(v->status))
			: st;
		form_option(&ch->appointments, id, label, ch->appointment);
		return 0;
	}
	char money[MONEY_TEXT_MAX] = "";
	money_format(v->cents, money, sizeof money);
	const char *day = v->submitted_on && strlen(v->submitted_on) >= 10
				  ? arena_printf(a, "%.2s/%.2s/%.4s", v->submitted_on + 8,
						 v->submitted_on + 5, v->submitted_on)
				  : "";
	form_option(&ch->aids, id,
		    arena_printf(a, _("%s, %s : %s demandés le %s (%s)"),
				 web_ref_label(ch->refs, "aid_kind", v->aid_kind),
				 web_ref_label(ch->refs, "funder", v->funder), money, day,
				 web_ref_label(ch->refs, "aid_decision", v->decision)),
		    ch->aid);
	return 0;
}

/* The refusal of the letter form, when the page shows one. */
static const char *error_of(const struct web_case *c, const char *field)
{
	const struct case_refusal *r = c->record;
	if (!r || !r->form || strcmp(r->form, FORM) != 0 || !r->error.message)
		return NULL;
	const char *m = field ? verr_list_message(r->all, field) : NULL;
	if (m)
		return _(m);
	return !field || (r->error.field && strcmp(r->error.field, field) == 0)
		       ? _(r->error.message)
		       : NULL;
}

/* What was chosen in input name when the letter form was refused, else
   NULL. */
static const char *typed(struct request *req, const struct web_case *c, const char *name)
{
	return error_of(c, NULL) ? req_form(req, name) : NULL;
}

int web_letters_section(struct request *req, buf *b, const struct web_case *c)
{
	buf items, options;
	buf_init(&items, HTTP_PAGE_MAX);
	buf_init(&options, HTTP_PAGE_MAX);
	struct list l = {req, &items, 0};
	struct web_partner *partners = NULL;
	struct choices ch;
	memset(&ch, 0, sizeof ch);
	ch.req = req;
	ch.appointment = typed(req, c, "appointment_id");
	ch.aid = typed(req, c, "aid_id");
	struct tpl_options to = {&options, typed(req, c, "template_id")};
	buf_init(&ch.appointments, HTTP_PAGE_MAX);
	buf_init(&ch.aids, HTTP_PAGE_MAX);
	int rc = letters_list(req->svc, c->v->id, letter_item, &l);
	if (rc == SVC_OK)
		rc = letters_templates_list(req->svc, 0, template_option, &to);
	if (rc == SVC_OK)
		rc = web_partners_load(req, NULL, NULL, &partners, NULL);
	if (rc == SVC_OK)
		rc = web_refs_load(req, &ch.refs_store, aid_lists, sizeof aid_lists / sizeof *aid_lists);
	ch.refs = &ch.refs_store;
	if (rc == SVC_OK)
		rc = letters_choices(req->svc, c->v->id, choice_option, &ch);
	if (rc != SVC_OK) {
		buf_free(&items);
		buf_free(&options);
		buf_free(&ch.appointments);
		buf_free(&ch.aids);
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
		form_option(b, id, p->name, typed(req, c, "partner_id"));
	}
	html(b, "</select>\n</label>\n</div>\n<div class=\"grid\">\n");
	form_select_begin(b, "appointment_id", _("Rendez-vous (si le modèle cite un rendez-vous)"),
			  "let-", error_of(c, "appointment_id"));
	html(b, "<option value=\"\">—</option>\n");
	buf_add(b, ch.appointments.data, ch.appointments.len);
	form_select_end(b, "appointment_id", "let-", error_of(c, "appointment_id"));
	form_select_begin(b, "aid_id", _("Aide (si le modèle cite une aide)"), "let-",
			  error_of(c, "aid_id"));
	html(b, "<option value=\"\">—</option>\n");
	buf_add(b, ch.aids.data, ch.aids.len);
	form_select_end(b, "aid_id", "let-", error_of(c, "aid_id"));
	html(b, "</div>\n<div class=\"grid\">\n");
	form_input(b, "date", "share_consent_on",
		   _("Consentement de la personne au partage, daté du"),
		   typed(req, c, "share_consent_on"), "", "let-",
		   error_of(c, "share_consent_on"));
	html(b, "</div>\n");
	case_form_submit(b, _("Générer le courrier"));
	html(b, "</form>\n</details>\n");
	buf_free(&options);
	buf_free(&ch.appointments);
	buf_free(&ch.aids);
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
	struct verr_list all = {.n = 0};
	if (req_fields_all(req, letters_fields_input, LETTER__FIELDS, &in, &all) != 0) {
		web_case_page_record_refuse_all(req, resp, id, FORM, &all);
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

/* The form of the page refused, with what was typed. */
struct tpl_form {
	const char *which;       /* "upload", "letterhead", "version" or NULL */
	int64_t version_of;      /* "version": the template */
	struct verr_list errors; /* every refusal, each next to its field */
	const char *name, *category, *letterhead;
};

static const char *tpl_error(const struct tpl_form *f, const char *which, const char *field)
{
	if (!f->which || strcmp(f->which, which) != 0)
		return NULL;
	const char *m = verr_list_message(&f->errors, field);
	return m ? _(m) : NULL;
}

struct tpl_page {
	struct request *req;
	buf *b;
	int editor;
	int n;
	const struct tpl_form *form;
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

/* The file input of an upload form (its refusal next to it). */
static void file_input(buf *b, const char *label, const char *prefix, const char *error)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<input type=\"file\" name=\"odt\" required accept=\".odt\"");
	form_invalid(b, error != NULL, prefix, "odt");
	html(b, ">\n");
	form_error(b, error != NULL, prefix, "odt", error ? error : "");
	html(b, "</label>\n");
}

/* The form sending a new version of template v (head, admin). */
static void version_form(struct tpl_page *p, const struct letter_template_view *v)
{
	buf *b = p->b;
	const struct tpl_form *f = p->form;
	int refused = f->which && strcmp(f->which, "version") == 0 && f->version_of == v->id;
	const char *prefix = arena_printf(p->req->a, "ver-%lld-", (long long)v->id);
	html(b, refused ? "<details open>\n<summary>" : "<details>\n<summary>");
	html_txt(b, _("Déposer une nouvelle version"));
	html(b, "</summary>\n<form method=\"post\" action=\"/modeles/");
	html_int(b, v->id);
	html(b, "\" enctype=\"multipart/form-data\">\n");
	page_csrf_field(p->req, b);
	html(b, "\n");
	file_input(b, _("Le modèle modifié (.odt, 700 Kio au plus)"), prefix,
		   refused ? tpl_error(f, "version", "odt") : NULL);
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Remplacer le modèle"));
	html(b, "</button>\n</form>\n</details>\n");
}

static int template_item(void *ctx, const struct letter_template_view *v)
{
	struct tpl_page *p = ctx;
	buf *b = p->b;
	p->n++;
	html(b, "<article id=\"modele-");
	html_int(b, v->id);
	html(b, "\">\n<header><strong>");
	html_txt(b, v->name);
	html(b, "</strong> · ");
	html_txt(b, v->category);
	html(b, " · ");
	if (v->active) {
		html_txt(b, _("actif"));
	} else {
		html(b, "<em>");
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
	html(b, "<a href=\"/modeles/");
	html_int(b, v->id);
	html(b, "/odt\" download>");
	html_txt(b, _("Télécharger le modèle (ODT)"));
	html(b, "</a></p>\n");
	if (p->editor) {
		action_button(p, v->id, v->active ? "/retirer" : "/retablir",
			      v->active ? _("Retirer") : _("Rétablir"));
		version_form(p, v);
	}
	html(b, "</article>\n");
	return 0;
}

/* The upload form of a new template and the letterhead's (head, admin). */
static void editor_forms(struct request *req, buf *b, const struct tpl_form *f,
			 const char *letterhead)
{
	int refused = f->which && strcmp(f->which, "upload") == 0;
	html(b, "<section id=\"deposer\">\n<h2>");
	html_txt(b, _("Déposer un modèle"));
	html(b, "</h2>\n");
	html(b, refused ? "<details open>\n<summary>" : "<details>\n<summary>");
	html_txt(b, _("Nouveau modèle"));
	html(b, "</summary>\n");
	if (refused) {
		html(b, "<p role=\"alert\" class=\"error-field\">");
		html_txt(b, ngettext("Le modèle n'a pas été déposé : corrigez le champ signalé.",
				     "Le modèle n'a pas été déposé : corrigez les champs signalés.",
				     (unsigned long)f->errors.n));
		html(b, "</p>\n");
	}
	html(b, "<form method=\"post\" action=\"/modeles\" enctype=\"multipart/form-data\">\n");
	page_csrf_field(req, b);
	html(b, "\n<div class=\"grid\">\n");
	form_input(b, "text", "name", _("Nom"), refused ? f->name : NULL,
		   " required maxlength=\"120\"", "tpl-", tpl_error(f, "upload", "name"));
	form_input(b, "text", "category", _("Catégorie"), refused ? f->category : NULL,
		   " required maxlength=\"60\"", "tpl-", tpl_error(f, "upload", "category"));
	html(b, "</div>\n");
	file_input(b, _("Le modèle (.odt, 700 Kio au plus)"), "tpl-",
		   tpl_error(f, "upload", "odt"));
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Déposer le modèle"));
	html(b, "</button>\n</form>\n</details>\n</section>\n");

	int head_refused = f->which && strcmp(f->which, "letterhead") == 0;
	html(b, "<section id=\"en-tete\">\n<h2>");
	html_txt(b, _("En-tête des courriers"));
	html(b, "</h2>\n<p>");
	html_txt(b, _("Le champ {service.entete} des modèles reçoit ce texte : le nom du service, "
		      "son adresse, son téléphone, une ligne chacun. Vide, les courriers portent "
		      "« Service social du travail »."));
	html(b, "</p>\n");
	if (req_query(req, "entete") && !head_refused) {
		html(b, "<p role=\"status\"><strong>");
		html_txt(b, _("En-tête enregistré."));
		html(b, "</strong></p>\n");
	}
	html(b, "<form method=\"post\" action=\"/modeles/entete\">\n");
	page_csrf_field(req, b);
	html(b, "\n");
	form_textarea(b, "text", _("En-tête"), head_refused ? f->letterhead : letterhead,
		      " rows=\"5\" maxlength=\"600\"", "head-", tpl_error(f, "letterhead", "text"));
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Enregistrer l'en-tête"));
	html(b, "</button>\n</form>\n</section>\n");
}

static void templates_page(struct request *req, struct response *resp, int status,
			   const struct tpl_form *f)
{
	buf items;
	buf_init(&items, HTTP_PAGE_MAX);
	struct tpl_page p = {req, &items, letters_may_edit(req->svc), 0, f};
	char letterhead[LETTERHEAD_MAX + 1] = "";
	int rc = letters_templates_list(req->svc, 1, template_item, &p);
	if (rc == SVC_OK && p.editor)
		rc = letterhead_get(req->svc, letterhead, sizeof letterhead);
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
	if (p.editor)
		editor_forms(req, &b, f, letterhead);
	html(&b, "<section id=\"liste\">\n<h2>");
	html_txt(&b, _("Les modèles"));
	html(&b, "</h2>\n");
	buf_add(&b, items.data, items.len);
	if (!p.n) {
		html(&b, "<p>");
		html_txt(&b, _("Aucun modèle."));
		html(&b, "</p>\n");
	}
	html(&b, "</section>\n");
	buf_free(&items);
	page_finish(req, resp, status, &b);
}

void web_letter_templates(struct request *req, struct response *resp)
{
	struct tpl_form f;
	memset(&f, 0, sizeof f);
	templates_page(req, resp, 200, &f);
}

static int collect(void *ctx, const void *data, size_t n)
{
	buf_add(ctx, data, n);
	return 0;
}

/* The uploaded .odt into out, or its refusal added to f->errors.  0 when
   out holds a file; -1 after answering (not a multipart body). */
static int uploaded_odt(struct request *req, struct response *resp, struct tpl_form *f, buf *out)
{
	struct upload *u = req->upload;
	if (!u || u->error != UPLOAD_OK) {
		(void)upload_check(req, resp); /* 415, 400 */
		return -1;
	}
	if (!u->has_file || u->size == 0)
		verr_list_add(&f->errors, (struct verr){"odt", N_("Choisissez le modèle à déposer "
								   "(un fichier .odt).")});
	else if (u->size > LETTER_TPL_BYTES_MAX)
		verr_list_add(&f->errors, (struct verr){"odt", N_("Le modèle est trop volumineux "
								   "(700 Kio au plus).")});
	else if (upload_read(u, collect, out) != 0)
		verr_list_add(&f->errors, (struct verr){"odt", N_("L'envoi du fichier est incomplet "
								   "ou mal formé : envoyez-le à "
								   "nouveau.")});
	return 0;
}

/* After a POST of the page: back to the list, the page again (422) with
   every refusal, or the error page. */
static void tpl_after(struct request *req, struct response *resp, int rc, struct tpl_form *f,
		      const char *to)
{
	if (rc == SVC_OK) {
		resp_redirect(resp, to);
	} else if (rc == SVC_INVALID) {
		if (!f->errors.n)
			verr_list_add(&f->errors, *svc_error(req->svc));
		templates_page(req, resp, 422, f);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

/* POST /modeles: a new template, sent with its name and category. */
void web_letter_template_upload(struct request *req, struct response *resp)
{
	struct tpl_form f;
	memset(&f, 0, sizeof f);
	f.which = "upload";
	buf odt;
	buf_init(&odt, LETTER_TPL_BYTES_MAX);
	if (uploaded_odt(req, resp, &f, &odt) != 0) {
		buf_free(&odt);
		return;
	}
	/* The name and the category (the page sends the file, not base64). */
	struct letter_template_input in = {NULL, NULL, NULL};
	struct verr_list named = {.n = 0};
	(void)req_fields_all(req, letters_template_fields, LTPL_ODT, &in, &named);
	for (int i = 0; i < f.errors.n; i++)
		verr_list_add(&named, f.errors.e[i]);
	f.errors = named;
	f.name = upload_field(req->upload, letters_template_fields[LTPL_NAME].name);
	f.category = upload_field(req->upload, letters_template_fields[LTPL_CATEGORY].name);
	int rc;
	if (f.errors.n) {
		/* Refused already: the file's own checks too, every error at once. */
		if (!verr_list_message(&f.errors, "odt") &&
		    letters_template_check(req->svc, odt.data, odt.len) == SVC_INVALID)
			verr_list_add(&f.errors, *svc_error(req->svc));
		rc = SVC_INVALID;
	} else {
		rc = letters_template_add(req->svc, in.name, in.category, odt.data, odt.len, NULL);
	}
	buf_free(&odt);
	tpl_after(req, resp, rc, &f, "/modeles#liste");
}

/* POST /modeles/{id}: a new version of the template's file. */
void web_letter_template_replace(struct request *req, struct response *resp)
{
	struct tpl_form f;
	memset(&f, 0, sizeof f);
	f.which = "version";
	f.version_of = req->id;
	buf odt;
	buf_init(&odt, LETTER_TPL_BYTES_MAX);
	if (uploaded_odt(req, resp, &f, &odt) != 0) {
		buf_free(&odt);
		return;
	}
	int rc = f.errors.n ? SVC_INVALID
			    : letters_template_replace(req->svc, req->id, odt.data, odt.len);
	buf_free(&odt);
	tpl_after(req, resp, rc, &f,
		  arena_printf(req->a, "/modeles#modele-%lld", (long long)req->id));
}

/* POST /modeles/entete: the letterhead's text. */
void web_letterhead_save(struct request *req, struct response *resp)
{
	struct tpl_form f;
	memset(&f, 0, sizeof f);
	f.which = "letterhead";
	struct letterhead_input in = {NULL};
	int rc = req_fields_all(req, letterhead_fields, LETTERHEAD__FIELDS, &in, &f.errors) == 0
		     ? letterhead_set(req->svc, in.text ? in.text : "")
		     : SVC_INVALID;
	if (rc == SVC_INVALID) {
		int n = 0;
		const char **all = req_form_all(req, letterhead_fields[LETTERHEAD_TEXT].name, &n);
		f.letterhead = in.text ? in.text : n > 0 ? all[0] : "";
	}
	tpl_after(req, resp, rc, &f, "/modeles?entete=1#en-tete");
}

/* GET /modeles/{id}/odt: the template's file. */
void web_letter_template_odt(struct request *req, struct response *resp)
{
	buf b;
	buf_init(&b, 0);
	int rc = letters_template_get(req->svc, req->id, NULL, NULL, &b);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
	} else {
		resp->status = 200;
		resp->content_type = letters_media_type(LETTER_ODT);
		buf_reset(&resp->body);
		buf_add(&resp->body, b.data, b.len);
		resp_header(resp, "Content-Disposition",
			    arena_printf(req->a, "attachment; filename=\"modele-%lld.odt\"",
					 (long long)req->id));
	}
	buf_free(&b);
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
