/*
 * employee_requests — the employees' requests through their organisation's
 * public link (service/employee_requests.h): the public form, the workers'
 * list, and the organisation page's section on the link.
 *
 * /demande/{token} is public: an employee of the organisation asks to be
 * contacted, without an account.  The answer to a submission is the same
 * neutral page whoever the person is (nothing is looked up about them);
 * an unknown or revoked token is a 404 page, too many submissions a 429
 * page.
 *
 * CSRF: there is no session to ride on, so no session token; a forged
 * cross-site submission could only file a request, which the rate limit
 * bounds.  Still, a browser's cross-site POST is refused: Sec-Fetch-Site
 * must not be "cross-site", and an Origin header (other than "null", which
 * our no-referrer policy makes browsers send) must name this host.
 *
 * /demandes-salaries lists the pending requests for the workers of the
 * organisations, with "convert" (creating the person, after recording the
 * person's consent to be accompanied) and "dismiss".
 *
 * The organisation page shows the link's status with buttons to create,
 * replace or revoke it; a new link is shown once.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/date.h"
#include "service/employee_requests.h"
#include "service/notice.h"
#include "service/paging.h"
#include "support/i18n.h"
#include "web/paging.h"
#include "web/web.h"

/* ---- the public form ---- */

static const char *field_error(const struct verr *e, const char *field)
{
	return e && e->field && strcmp(e->field, field) == 0 ? _(e->message) : NULL;
}

static void public_form(struct request *req, struct response *resp, int status,
			const char *org_name, const struct verr *e)
{
	const struct field *in = employee_requests_submit_fields;
	const char *typed_pref = e ? req_form(req, in[EMPREQ_PREFERENCE].name) : NULL;
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Demander à être contacté(e)"));
	html(&b, "<h1>");
	html_txt(&b, _("Demander à être contacté(e) par le service social"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, arena_printf(req->a,
				  _("Votre demande est transmise aux seules assistantes de service "
				    "social qui interviennent auprès de %s. Elles sont tenues au secret "
				    "professionnel : votre employeur n'en est pas informé."),
				  org_name));
	html(&b, "</p>\n<form method=\"post\" action=\"");
	html_attr(&b, req->path);
	html(&b, "\" autocomplete=\"off\">\n<div class=\"grid\">\n");
	form_input(&b, "text", in[EMPREQ_LAST_NAME].name, _("Nom"),
		   e ? req_form(req, in[EMPREQ_LAST_NAME].name) : NULL,
		   " required maxlength=\"100\"", "d-", field_error(e, in[EMPREQ_LAST_NAME].name));
	form_input(&b, "text", in[EMPREQ_FIRST_NAME].name, _("Prénom"),
		   e ? req_form(req, in[EMPREQ_FIRST_NAME].name) : NULL,
		   " required maxlength=\"100\"", "d-", field_error(e, in[EMPREQ_FIRST_NAME].name));
	html(&b, "</div>\n");
	form_input(&b, "text", in[EMPREQ_CONTACT].name,
		   _("Comment vous joindre (téléphone ou e-mail)"),
		   e ? req_form(req, in[EMPREQ_CONTACT].name) : NULL, " required maxlength=\"254\"",
		   "d-", field_error(e, in[EMPREQ_CONTACT].name));
	const char *pref_error = field_error(e, in[EMPREQ_PREFERENCE].name);
	html(&b, "<fieldset");
	form_invalid(&b, pref_error != NULL, "d-", "preference");
	html(&b, ">\n<legend>");
	html_txt(&b, _("Vous préférez"));
	html(&b, "</legend>\n");
	static const char *const prefs[] = {"permanence", "telephone"};
	const char *labels[] = {_("une rencontre lors d'une permanence"), _("un appel téléphonique")};
	for (int i = 0; i < 2; i++) {
		html(&b, "<label><input type=\"radio\" name=\"preference\" value=\"");
		html_attr(&b, prefs[i]);
		html(&b, "\"");
		if ((typed_pref && strcmp(typed_pref, prefs[i]) == 0) || (!typed_pref && i == 1))
			html(&b, " checked");
		html(&b, "> ");
		html_txt(&b, labels[i]);
		html(&b, "</label>\n");
	}
	form_error(&b, pref_error != NULL, "d-", "preference", pref_error ? pref_error : "");
	html(&b, "</fieldset>\n");
	form_textarea(&b, in[EMPREQ_MESSAGE].name,
		      _("Message court (facultatif, 500 caractères au plus)"),
		      e ? req_form(req, in[EMPREQ_MESSAGE].name) : NULL,
		      " rows=\"4\" maxlength=\"500\"", "d-",
		 field_error(e, in[EMPREQ_MESSAGE].name));
	html(&b, "<p><small>");
	html_txt(&b, _("Inutile de détailler votre situation ici : l'assistante de service social "
		       "en parlera avec vous."));
	html(&b, "</small></p>\n");
	/* The information the law requires before the data is given (RGPD
	   art. 13): the service's notice, folded. */
	char notice[NOTICE_MAX + 1];
	int custom = 0;
	if (notice_get(req->svc, notice, sizeof notice, &custom) == SVC_OK) {
		html(&b, "<details class=\"notice\">\n<summary>");
		html_txt(&b, _("Vos données personnelles : qui les traite, pourquoi, combien de "
			       "temps, vos droits"));
		html(&b, "</summary>\n");
		web_notice_paragraphs(req->a, &b, notice);
		html(&b, "<p><a href=\"/donnees-personnelles\">");
		html_txt(&b, _("Lire ou imprimer la notice"));
		html(&b, "</a></p>\n</details>\n");
	}
	const char *consent_error = field_error(e, in[EMPREQ_CONSENT].name);
	html(&b, "<label><input type=\"checkbox\" name=\"consent\" value=\"1\" required");
	form_invalid(&b, consent_error != NULL, "d-", "consent");
	html(&b, "> ");
	html_txt(&b, _("J'accepte d'être contacté(e) par le service social à ce sujet."));
	html(&b, "</label>\n");
	form_error(&b, consent_error != NULL, "d-", "consent", consent_error ? consent_error : "");
	html(&b, "<button type=\"submit\">");
	html_txt(&b, _("Envoyer ma demande"));
	html(&b, "</button>\n</form>\n");
	page_finish(req, resp, status, &b);
}

void web_employee_requests_form(struct request *req, struct response *resp)
{
	char org[256];
	int rc = employee_requests_form(req->svc, req->params[0], org, sizeof org);
	if (rc == SVC_NOT_FOUND)
		web_error_page(req, resp, 404, _("Ce lien n'est pas ou plus valide."));
	else if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		public_form(req, resp, 200, org, NULL);
}

int web_cross_site(struct request *req)
{
	const char *site = req_header(req, "Sec-Fetch-Site");
	if (site && strcmp(site, "cross-site") == 0)
		return 1;
	/* Our Referrer-Policy (no-referrer) makes browsers send "Origin: null"
	   even from our own page: only a real origin is compared. */
	const char *origin = req_header(req, "Origin");
	if (!origin || strcmp(origin, "null") == 0)
		return 0;
	const char *host = req_header(req, "Host");
	const char *rest = strncmp(origin, "https://", 8) == 0  ? origin + 8
			   : strncmp(origin, "http://", 7) == 0 ? origin + 7
								 : NULL;
	return !rest || !host || strcmp(rest, host) != 0;
}

void web_employee_requests_submit(struct request *req, struct response *resp)
{
	if (web_cross_site(req)) {
		web_error_page(req, resp, 403,
			       _("Ce formulaire ne peut être envoyé que depuis sa propre page."));
		return;
	}
	struct employee_request_fields in;
	memset(&in, 0, sizeof in);
	/* A refusal is the service's to answer, after the token and the rate
	   limit: every attempt counts, and an unknown link stays a 404. */
	struct verr refused = {NULL, NULL};
	req_fields(req, employee_requests_submit_fields, EMPREQ__FIELDS, &in, &refused);
	int rc = employee_requests_submit(req->svc, req->params[0], &in,
					  refused.field ? &refused : NULL);
	if (rc == SVC_NOT_FOUND) {
		web_error_page(req, resp, 404, _("Ce lien n'est pas ou plus valide."));
	} else if (rc == SVC_LOCKED) {
		web_error_page(req, resp, 429,
			       _("Trop de demandes ont été envoyées par ce lien. Réessayez plus tard, "
				 "ou appelez directement le service social."));
	} else if (rc == SVC_INVALID) {
		char org[256];
		struct verr e = *svc_error(req->svc);
		if (employee_requests_form(req->svc, req->params[0], org, sizeof org) != SVC_OK)
			org[0] = '\0';
		public_form(req, resp, 422, org, &e);
	} else if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
	} else {
		buf b;
		buf_init(&b, HTTP_PAGE_MAX);
		page_begin(req, &b, _("Demande envoyée"));
		html(&b, "<h1>");
		html_txt(&b, _("Merci"));
		html(&b, "</h1>\n<p>");
		html_txt(&b, _("Votre demande a été transmise au service social. Une assistante de "
			       "service social vous contactera de la façon que vous avez indiquée."));
		html(&b, "</p>\n");
		page_finish(req, resp, 200, &b);
	}
}

/* ---- the workers' list ---- */

struct listing {
	struct request *req;
	buf *b;
	int n;
	int64_t refused_id;    /* the request whose conversion was refused, or 0 */
	const struct verr *e;  /* why */
	const struct web_dup *dups; /* her own persons it seems to be, when that is why */
};

static int employee_row(void *ctx, const struct employee_request_view *v)
{
	struct listing *p = ctx;
	buf *b = p->b;
	struct request *req = p->req;
	p->n++;
	html(b, "<article id=\"demande-salarie-");
	html_int(b, v->id);
	html(b, "\">\n<header><strong>");
	html_txt(b, v->last_name);
	html(b, " ");
	html_txt(b, v->first_name);
	html(b, "</strong> — ");
	html_txt(b, v->organisation_name);
	html(b, "<br><small>");
	page_datetime(b, v->created_at);
	html(b, "</small></header>\n<p>");
	html_txt(b, _("Contact :"));
	html(b, " ");
	html_txt(b, v->contact);
	html(b, "<br>");
	html_txt(b, _("Préférence :"));
	html(b, " ");
	html_txt(b, strcmp(v->preference, "permanence") == 0 ? _("rencontre lors d'une permanence")
							      : _("appel téléphonique"));
	html(b, "</p>\n");
	if (v->message) {
		html(b, "<blockquote>");
		html_txt(b, v->message);
		html(b, "</blockquote>\n");
	}
	const struct verr *e = p->refused_id == v->id ? p->e : NULL;
	char prefix[48];
	snprintf(prefix, sizeof prefix, "conv-%lld-", (long long)v->id);
	html(b, "<form method=\"post\" action=\"/demandes-salaries/");
	html_int(b, v->id);
	html(b, "/convertir\">\n");
	page_csrf_field(req, b);
	char today[DATE_LEN + 1];
	date_today(today);
	/* The appointment's own refusals go next to its fields, any other to
	   the consent date. */
	const struct field *appt = employee_requests_appointment_fields;
	const char *consent_on = employee_requests_convert_fields[EMPREQ_CONSENT_ON].name;
	const char *appt_err[EMPREQ_APPT__FIELDS] = {NULL, NULL, NULL, NULL};
	const char *err = e && e->field ? _(e->message) : NULL;
	for (int i = 0; err && i < EMPREQ_APPT__FIELDS; i++)
		if (strcmp(e->field, appt[i].name) == 0) {
			appt_err[i] = err;
			err = NULL;
		}
	form_input(b, "date", consent_on,
		   _("Date de l'accord de la personne pour être accompagnée"),
		   e ? req_form(req, consent_on) : today, " required", prefix, err);
	html(b, "<fieldset>\n<legend>");
	html_txt(b, _("Premier rendez-vous (facultatif)"));
	html(b, "</legend>\n<div class=\"grid\">\n");
	form_input(b, "datetime-local", appt[EMPREQ_APPT_START].name, _("Début"),
		   e ? req_form(req, appt[EMPREQ_APPT_START].name) : "", "", prefix,
		   appt_err[EMPREQ_APPT_START]);
	form_input(b, "datetime-local", appt[EMPREQ_APPT_END].name, _("Fin"),
		   e ? req_form(req, appt[EMPREQ_APPT_END].name) : "", "", prefix,
		   appt_err[EMPREQ_APPT_END]);
	html(b, "</div>\n<div class=\"grid\">\n");
	html(b, "<label>");
	html_txt(b, _("Mode"));
	html(b, "\n<select name=\"mode\"");
	form_invalid(b, appt_err[EMPREQ_APPT_MODE] != NULL, prefix, appt[EMPREQ_APPT_MODE].name);
	html(b, ">\n");
	static const struct {
		const char *code, *label;
	} modes[] = {{"telephone", N_("Téléphone")},
		     {"permanence", N_("Permanence sur site")},
		     {"bureau", N_("Au bureau du service")}};
	const char *typed = e ? req_form(req, appt[EMPREQ_APPT_MODE].name) : NULL;
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		form_option(b, modes[i].code, _(modes[i].label), typed);
	}
	html(b, "</select>\n");
	form_error(b, appt_err[EMPREQ_APPT_MODE] != NULL, prefix, appt[EMPREQ_APPT_MODE].name,
		   appt_err[EMPREQ_APPT_MODE]);
	html(b, "</label>\n");
	form_input(b, "text", appt[EMPREQ_APPT_SITE].name, _("Lieu"),
		   e ? req_form(req, appt[EMPREQ_APPT_SITE].name) : "", " maxlength=\"200\"",
		   prefix, appt_err[EMPREQ_APPT_SITE]);
	html(b, "</div>\n</fieldset>\n");
	if (p->refused_id == v->id && p->dups) {
		web_dups_render(req, b, p->dups);
		web_dups_confirm(b);
	}
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Créer la fiche de la personne"));
	html(b, "</button>\n</form>\n<form method=\"post\" action=\"/demandes-salaries/");
	html_int(b, v->id);
	html(b, "/classer\">\n");
	page_csrf_field(req, b);
	html(b, "<button type=\"submit\" class=\"secondary outline\">");
	html_txt(b, _("Classer sans suite"));
	html(b, "</button>\n</form>\n</article>\n");
	return 0;
}

static void render_list(struct request *req, struct response *resp, int status, int64_t refused,
			const struct verr *e, const struct web_dup *dups)
{
	buf rows;
	buf_init(&rows, HTTP_PAGE_MAX);
	struct listing p = {req, &rows, 0, refused, e, dups};
	/* A page of the pending ones, oldest first; a cursor this list did
	   not write sends back to the first page. */
	struct page pg;
	int rc = page_from_query(&pg, NULL, req_query(req, "after")) == 0 ? SVC_OK : SVC_INVALID;
	if (rc == SVC_OK)
		rc = employee_requests_page(req->svc, "pending", &pg, employee_row, &p);
	if (rc != SVC_OK) {
		buf_free(&rows);
		if (rc == SVC_INVALID)
			resp_redirect(resp, "/demandes-salaries");
		else
			resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Demandes des salariés"));
	html(&b, "<h1>");
	html_txt(&b, _("Demandes des salariés"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, _("Les salariés de vos organisations qui demandent à être contactés. Créez la "
		       "fiche de la personne une fois son accord recueilli, ou classez la demande."));
	html(&b, "</p>\n");
	if (!p.n) {
		html(&b, "<p>");
		html_txt(&b, _("Aucune demande en attente."));
		html(&b, "</p>\n");
	}
	buf_add(&b, rows.data, rows.len);
	if (p.n) {
		html(&b, "<p>");
		html_txt(&b, arena_printf(req->a,
					  P_("%lld demande en attente, de la plus ancienne à la plus "
					     "récente",
					     "%lld demandes en attente, de la plus ancienne à la plus "
					     "récente",
					     pg.total),
					  (long long)pg.total));
		html(&b, "</p>\n");
	}
	web_page_nav(&b, "/demandes-salaries", &pg, _("← Les plus anciennes"),
		     _("Plus récentes →"));
	page_finish(req, resp, status, &b);
	buf_free(&rows);
}

void web_employee_requests(struct request *req, struct response *resp)
{
	render_list(req, resp, 200, 0, NULL, NULL);
}

void web_employee_requests_convert(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	/* The form gives the consent date only; the rest comes from the
	   request. */
	struct person_input in;
	memset(&in, 0, sizeof in);
	in.statistics = 1;
	struct appointment_input appt;
	memset(&appt, 0, sizeof appt);
	const struct field *a = employee_requests_appointment_fields;
	/* A first appointment when its start is given. */
	const char *start = req_form(req, a[EMPREQ_APPT_START].name);
	int with_appt = start && *start;
	struct verr e = {NULL, NULL};
	const struct field *consent_on = &employee_requests_convert_fields[EMPREQ_CONSENT_ON];
	if (req_fields(req, consent_on, 1, &in, &e) != 0 ||
	    req_fields(req, persons_confirm_fields, PERSON_CONFIRM__FIELDS, &in, &e) != 0 ||
	    (with_appt && req_fields(req, a, EMPREQ_APPT__FIELDS, &appt, &e) != 0)) {
		render_list(req, resp, 422, id, &e, NULL);
		return;
	}
	int64_t person = 0;
	struct web_dups dups = {req, NULL};
	int rc = employee_requests_convert(req->svc, id, &in, with_appt ? &appt : NULL,
					   web_dup_keep, &dups, &person, NULL);
	if (rc == SVC_OK) {
		resp_redirect(resp, arena_printf(req->a, "/persons/%lld", (long long)person));
	} else if (rc == SVC_INVALID) {
		e = *svc_error(req->svc);
		render_list(req, resp, 422, id, &e, NULL);
	} else if (rc == SVC_CONFLICT && dups.head) {
		/* Her own persons it seems to be: open one, or confirm. */
		e = *svc_error(req->svc);
		render_list(req, resp, 409, id, &e, dups.head);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

void web_employee_requests_dismiss(struct request *req, struct response *resp)
{
	int rc = employee_requests_dismiss(req->svc, req->id);
	if (rc == SVC_OK)
		resp_redirect(resp, "/demandes-salaries");
	else
		resp_svc_error(req, resp, rc);
}

/* ---- the link, from the organisation's page ---- */

int web_employee_requests_link_section(struct request *req, buf *b, const char *code)
{
	int64_t since = 0;
	int rc = employee_requests_link_status(req->svc, code, &since);
	if (rc != SVC_OK)
		return rc;
	html(b, "<section aria-labelledby=\"lien-demande\">\n<h2 id=\"lien-demande\">");
	html_txt(b, _("Lien de demande des salariés"));
	html(b, "</h2>\n<p>");
	if (since) {
		html_txt(b, _("Un lien public est actif depuis le"));
		html(b, " ");
		page_datetime(b, since);
		html(b, ". ");
		html_txt(b, _("Il n'est pas affiché à nouveau : créez-en un nouveau pour remplacer "
			      "l'ancien."));
	} else {
		html_txt(b, _("Aucun lien public actif : les salariés ne peuvent pas demander à être "
			      "contactés en ligne."));
	}
	html(b, "</p>\n<form method=\"post\" action=\"/organisations/");
	html_attr(b, code);
	html(b, "/lien-demande\">\n");
	page_csrf_field(req, b);
	html(b, "<button type=\"submit\">");
	html_txt(b, since ? _("Remplacer le lien") : _("Créer le lien"));
	html(b, "</button>\n</form>\n");
	if (since) {
		html(b, "<form method=\"post\" action=\"/organisations/");
		html_attr(b, code);
		html(b, "/lien-demande/revoquer\">\n");
		page_csrf_field(req, b);
		html(b, "<button type=\"submit\" class=\"secondary outline\">");
		html_txt(b, _("Révoquer le lien"));
		html(b, "</button>\n</form>\n");
	}
	html(b, "</section>\n");
	return SVC_OK;
}

void web_employee_requests_link_create(struct request *req, struct response *resp)
{
	char token[SEC_TOKEN_LEN + 1];
	int rc = employee_requests_link_create(req->svc, req->params[0], token);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	const char *url = req_absolute_url(req, arena_printf(req->a, "/demande/%s", token));
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Lien de demande des salariés"));
	html(&b, "<h1>");
	html_txt(&b, _("Lien de demande des salariés"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, _("Voici le nouveau lien à communiquer aux salariés de l'organisation. Il "
		       "n'est affiché qu'une fois : copiez-le maintenant. L'ancien lien, s'il "
		       "existait, ne fonctionne plus."));
	html(&b, "</p>\n<p><code>");
	html_txt(&b, url);
	html(&b, "</code></p>\n<p><a href=\"/organisations/");
	html_attr(&b, req->params[0]);
	html(&b, "\">");
	html_txt(&b, _("← Retour à l'organisation"));
	html(&b, "</a></p>\n");
	page_finish(req, resp, 200, &b);
}

void web_employee_requests_link_revoke(struct request *req, struct response *resp)
{
	int rc = employee_requests_link_revoke(req->svc, req->params[0]);
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		resp_redirect(resp, arena_printf(req->a, "/organisations/%s", req->params[0]));
}
