/*
 * retention — the head's page of the purge (service/retention.h): what
 * each kind of record has due and what waits for the archives service's
 * visa, the bordereau d'élimination (counts per organisation, kind and
 * year; never a name) to download as a PDF, the form recording a visa and
 * the visas recorded.
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "render/bordereau.h"
#include "service/retention.h"
#include "support/i18n.h"
#include "web/web.h"

/* A refused visa form: what was typed and what was wrong. */
struct visa_form {
	struct retention_visa_input in;
	int refused;
	struct verr error;
};

static const char *visa_error(const struct visa_form *f, const char *field)
{
	return f->refused && f->error.field && strcmp(f->error.field, field) == 0
		       ? _(f->error.message)
		       : NULL;
}

static void kinds_table(buf *b, const struct retention_plan *p)
{
	html(b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(b, _("Nature"));
	html(b, "</th><th scope=\"col\">");
	html_txt(b, _("Éliminée"));
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_txt(b, _("À éliminer"));
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_txt(b, _("En attente de visa"));
	html(b, "</th></tr></thead>\n<tbody>\n");
	for (int k = 0; k < RETENTION__COUNT; k++) {
		html(b, "<tr><td>");
		html_txt(b, _(retention_kinds[k].label));
		html(b, "</td><td>");
		html_txt(b, _(retention_kinds[k].rule));
		html(b, "</td><td class=\"num\">");
		html_int(b, p->due[k]);
		html(b, "</td><td class=\"num\">");
		if (retention_kinds[k].archives)
			html_int(b, p->held[k]);
		else
			html_txt(b, "—");
		html(b, "</td></tr>\n");
	}
	html(b, "</tbody>\n</table>\n</figure>\n");
}

static void bordereau_table(buf *b, const struct retention_plan *p)
{
	html(b, "<section aria-labelledby=\"bordereau\">\n<h2 id=\"bordereau\">");
	html_txt(b, _("Bordereau d'élimination"));
	html(b, "</h2>\n<p>");
	html_txt(b, _("Les dossiers des organismes publics sont des archives publiques : ils ne "
		      "sont éliminés qu'après le visa du service d'archives. Envoyez-lui ce "
		      "bordereau, puis enregistrez son visa ci-dessous."));
	html(b, "</p>\n");
	if (p->n_lines == 0) {
		html(b, "<p>");
		html_txt(b, _("Aucun dossier en attente de visa."));
		html(b, "</p>\n</section>\n");
		return;
	}
	html(b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(b, _("Organisme"));
	html(b, "</th><th scope=\"col\">");
	html_txt(b, _("Nature des dossiers"));
	html(b, "</th><th scope=\"col\">");
	html_txt(b, _("Année"));
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_txt(b, _("Nombre"));
	html(b, "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < p->n_lines; i++) {
		const struct retention_line *l = &p->lines[i];
		html(b, "<tr><td>");
		html_txt(b, l->organisation);
		html(b, "</td><td>");
		html_txt(b, _(retention_kinds[l->kind].label));
		html(b, "</td><td>");
		html_txt(b, l->year);
		html(b, "</td><td class=\"num\">");
		html_int(b, l->count);
		html(b, "</td></tr>\n");
	}
	html(b, "</tbody>\n</table>\n</figure>\n<p><a href=\"/conservation/bordereau\">");
	html_txt(b, _("Télécharger le bordereau (PDF)"));
	html(b, "</a></p>\n</section>\n");
}

static void visa_form(struct request *req, buf *b, const struct retention_plan *p,
		      const struct visa_form *f)
{
	html(b, "<section aria-labelledby=\"visa\">\n<h2 id=\"visa\">");
	html_txt(b, _("Enregistrer un visa d'élimination"));
	html(b, "</h2>\n<p>");
	html_txt(b, _("La purge suivante élimine les dossiers qui étaient à éliminer le jour du "
		      "bordereau visé."));
	html(b, "</p>\n<form method=\"post\" action=\"/conservation/visa\">\n");
	page_csrf_field(req, b);
	html(b, "\n<div class=\"grid\">\n");
	form_input(b, "date", "bordereau_on", _("Date du bordereau"),
		   f->in.bordereau_on ? f->in.bordereau_on : p->today, " required", "",
		   visa_error(f, "bordereau_on"));
	form_input(b, "date", "visa_on", _("Date du visa"), f->in.visa_on, " required", "",
		   visa_error(f, "visa_on"));
	form_input(b, "text", "reference", _("Référence du visa"), f->in.reference,
		   " required maxlength=\"100\"", "", visa_error(f, "reference"));
	html(b, "</div>\n<button type=\"submit\">");
	html_txt(b, _("Enregistrer le visa"));
	html(b, "</button>\n</form>\n</section>\n");
}

static void visa_row(void *ctx, const struct retention_visa *v)
{
	buf *b = ctx;
	char bordereau[11], visa[11];
	date_french(v->bordereau_on, bordereau);
	date_french(v->visa_on, visa);
	html(b, "<tr><td>");
	html_txt(b, bordereau);
	html(b, "</td><td>");
	html_txt(b, visa);
	html(b, "</td><td>");
	html_txt(b, v->reference);
	html(b, "</td><td>");
	html_txt(b, v->recorded_by[0] ? v->recorded_by : _("ligne de commande"));
	html(b, "</td></tr>\n");
}

static void render(struct request *req, struct response *resp, int status,
		   const struct visa_form *f)
{
	struct retention_plan p = {0};
	int rc = retention_overview(req->svc, &p);
	if (rc != SVC_OK) {
		retention_plan_free(&p);
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Conservation"));
	html(&b, "<h1>");
	html_txt(&b, _("Conservation et élimination des dossiers"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, _("Ce que la purge quotidienne élimine, nature par nature : des nombres, "
		       "jamais un nom."));
	html(&b, "</p>\n");
	if (!p.settings.private_auto) {
		html(&b, "<p>");
		html_txt(&b, _("Les dossiers des organismes privés attendent eux aussi un visa "
			       "(réglage de la purge)."));
		html(&b, "</p>\n");
	}
	kinds_table(&b, &p);
	bordereau_table(&b, &p);
	visa_form(req, &b, &p, f);
	html(&b, "<section aria-labelledby=\"visas\">\n<h2 id=\"visas\">");
	html_txt(&b, _("Visas enregistrés"));
	html(&b, "</h2>\n<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(&b, _("Bordereau du"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Visa du"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Référence"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Enregistré par"));
	html(&b, "</th></tr></thead>\n<tbody>\n");
	retention_plan_free(&p);
	rc = retention_visas(req->svc, visa_row, &b);
	if (rc != SVC_OK) {
		buf_free(&b);
		resp_svc_error(req, resp, rc);
		return;
	}
	html(&b, "</tbody>\n</table>\n</figure>\n</section>\n");
	page_finish(req, resp, status, &b);
}

void web_retention(struct request *req, struct response *resp)
{
	struct visa_form f;
	memset(&f, 0, sizeof f);
	render(req, resp, 200, &f);
}

void web_retention_bordereau(struct request *req, struct response *resp)
{
	struct retention_plan p = {0};
	int rc = retention_overview(req->svc, &p);
	buf_reset(&resp->body);
	if (rc == SVC_OK && bordereau_pdf(&p, &resp->body) != 0)
		rc = SVC_ERROR;
	if (rc != SVC_OK) {
		retention_plan_free(&p);
		buf_reset(&resp->body);
		resp_svc_error(req, resp, rc);
		return;
	}
	resp->status = 200;
	resp->content_type = "application/pdf";
	resp_header(resp, "Content-Disposition",
		    arena_printf(req->a, "attachment; filename=\"bordereau-%s.pdf\"", p.today));
	retention_plan_free(&p);
}

void web_retention_visa(struct request *req, struct response *resp)
{
	struct visa_form f;
	memset(&f, 0, sizeof f);
	if (req_fields(req, retention_visa_fields, VISA__FIELDS, &f.in, &f.error) != 0) {
		f.refused = 1;
		render(req, resp, 422, &f);
		return;
	}
	int64_t id = 0;
	int rc = retention_visa_record(req->svc, f.in.bordereau_on, f.in.visa_on, f.in.reference,
				       &id);
	if (rc == SVC_OK) {
		resp_redirect(resp, "/conservation");
	} else if (rc == SVC_INVALID) {
		f.refused = 1;
		f.error = *svc_error(req->svc);
		render(req, resp, 422, &f);
	} else {
		resp_svc_error(req, resp, rc);
	}
}
