/* accounts — the enrolment page (/inscription/{token}: password, QR code
   of the second factor, recovery codes shown once) and the person's own
   account page (/compte: password, sessions, "se déconnecter partout"). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "service/accounts.h"
#include "support/i18n.h"
#include "support/qrsvg.h"
#include "web/web.h"

/* The message of field when it was the one refused, else NULL. */
static const char *error_of(const struct verr *e, const char *field)
{
	return e && e->field && strcmp(e->field, field) == 0 ? _(e->message) : NULL;
}

static void link_refused(struct request *req, struct response *resp, int rc)
{
	const struct verr *e = svc_error(req->svc);
	if (rc == SVC_NOT_FOUND && e->message)
		web_error_page(req, resp, 404, _(e->message));
	else
		resp_svc_error(req, resp, rc);
}

static void enrolment_page(struct request *req, struct response *resp, int status,
			   const struct enrolment_info *info, const struct verr *e)
{
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Inscription"));
	html(&b, "<article class=\"enrolment\">\n<hgroup><h1>");
	html_txt(&b, info->reset ? _("Nouveau mot de passe et second facteur")
				 : _("Inscription"));
	html(&b, "</h1><p>");
	html_txt(&b, _("Compte :"));
	html(&b, " <strong id=\"enrolment-login\">");
	html_txt(&b, info->login);
	html(&b, "</strong></p></hgroup>\n<h2>");
	html_txt(&b, _("1. Installez le second facteur"));
	html(&b, "</h2>\n<p>");
	html_txt(&b, _("Scannez ce code avec une application d'authentification (FreeOTP, "
		       "Aegis, Google Authenticator…), ou saisissez-y la clé ci-dessous."));
	if (!info->totp_required) {
		html(&b, " ");
		html_txt(&b, _("Pour ce compte, le second facteur est facultatif : laissez le code "
			       "vide pour vous en passer."));
	}
	html(&b, "</p>\n<figure class=\"qr\">");
	if (qrsvg_render(&b, info->uri, _("QR code du second facteur"), NULL) != 0)
		html_txt(&b, _("(QR code indisponible : saisissez la clé.)"));
	html(&b, "</figure>\n<p>");
	html_txt(&b, _("Clé :"));
	html(&b, " <code id=\"totp-secret\">");
	html_txt(&b, info->secret);
	html(&b, "</code></p>\n<h2>");
	html_txt(&b, _("2. Choisissez votre mot de passe"));
	html(&b, "</h2>\n");
	if (e && !e->field) {
		html(&b, "<p role=\"alert\" class=\"error-field\">");
		html_txt(&b, _(e->message));
		html(&b, "</p>\n");
	}
	html(&b, "<form method=\"post\" action=\"");
	html_attr(&b, req->path);
	html(&b, "\">\n");
	form_input(&b, "password", "password", _("Mot de passe (12 caractères au moins)"), NULL,
		   " autocomplete=\"new-password\" required minlength=\"12\" maxlength=\"1024\"",
		   "", error_of(e, "password"));
	form_input(&b, "password", "password_confirm", _("Le même mot de passe, à nouveau"), NULL,
		   " autocomplete=\"new-password\" required maxlength=\"1024\"", "",
		   error_of(e, "password_confirm"));
	form_input(&b, "text", "code",
		   info->totp_required ? _("Code à six chiffres affiché par l'application")
				       : _("Code à six chiffres (facultatif)"),
		   NULL,
		   info->totp_required
			   ? " inputmode=\"numeric\" autocomplete=\"one-time-code\" required "
			     "maxlength=\"16\""
			   : " inputmode=\"numeric\" autocomplete=\"one-time-code\" maxlength=\"16\"",
		   "", error_of(e, "code"));
	html(&b, "<button type=\"submit\">");
	html_txt(&b, _("Terminer l'inscription"));
	html(&b, "</button>\n</form>\n</article>\n");
	page_finish(req, resp, status, &b);
}

void web_enrolment_form(struct request *req, struct response *resp)
{
	struct enrolment_info info;
	int rc = accounts_enrolment_get(req->svc, req->params[0], &info);
	if (rc != SVC_OK)
		link_refused(req, resp, rc);
	else
		enrolment_page(req, resp, 200, &info, NULL);
	sodium_memzero(&info, sizeof info);
}

void web_enrolment_submit(struct request *req, struct response *resp)
{
	struct enrolment_input in;
	memset(&in, 0, sizeof in);
	struct verr refused;
	int bad = req_fields(req, enrolment_fields, ENROL__FIELDS, &in, &refused);
	struct enrolment_info info;
	int rc = accounts_enrolment_get(req->svc, req->params[0], &info);
	if (rc != SVC_OK) {
		link_refused(req, resp, rc);
		return;
	}
	if (bad) {
		enrolment_page(req, resp, 422, &info, &refused);
		sodium_memzero(&info, sizeof info);
		return;
	}
	char codes[RECOVERY_COUNT][RECOVERY_CODE_LEN + 1];
	int n = 0;
	rc = accounts_enrol(req->svc, req->params[0], in.password,
			    in.password_confirm ? in.password_confirm : "", in.code, codes, &n);
	if (rc == SVC_INVALID) {
		enrolment_page(req, resp, 422, &info, svc_error(req->svc));
		sodium_memzero(&info, sizeof info);
		return;
	}
	sodium_memzero(&info, sizeof info);
	if (rc != SVC_OK) {
		link_refused(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Inscription terminée"));
	html(&b, "<article>\n<h1>");
	html_txt(&b, _("Inscription terminée"));
	html(&b, "</h1>\n");
	if (n > 0) {
		html(&b, "<p>");
		html_txt(&b, _("Voici vos dix codes de secours, affichés une seule fois. Chacun "
			       "remplace une fois le code de l'application si vous la perdez : "
			       "imprimez-les ou notez-les et gardez-les en lieu sûr."));
		html(&b, "</p>\n<ol class=\"recovery-codes\">\n");
		for (int i = 0; i < n; i++) {
			html(&b, "<li><code>");
			html_txt(&b, codes[i]);
			html(&b, "</code></li>\n");
		}
		html(&b, "</ol>\n");
	}
	sodium_memzero(codes, sizeof codes);
	html(&b, "<p><a href=\"/login\">");
	html_txt(&b, _("Se connecter"));
	html(&b, "</a></p>\n</article>\n");
	page_finish(req, resp, 200, &b);
}

/* ---- /compte -------------------------------------------------------- */

struct sessions_view {
	struct request *req;
	buf *b;
};

static int session_row(void *ctx, const struct session_info *si)
{
	struct sessions_view *v = ctx;
	buf *b = v->b;
	html(b, "<tr><td>");
	page_datetime(b, si->created_at);
	html(b, "</td><td>");
	page_datetime(b, si->last_seen_at);
	html(b, "</td><td>");
	html_txt(b, si->user_agent ? si->user_agent : _("inconnu"));
	html(b, "</td><td>");
	html_txt(b, si->client_addr ? si->client_addr : _("inconnue"));
	html(b, "</td><td>");
	if (si->current) {
		html_txt(b, _("cette session"));
	} else {
		char path[160];
		snprintf(path, sizeof path, "/compte/sessions/%s/fin", si->id);
		html(b, "<form method=\"post\" class=\"inline\" action=\"");
		html_attr(b, path);
		html(b, "\">");
		page_csrf_field(v->req, b);
		html(b, "<button type=\"submit\" class=\"secondary\">");
		html_txt(b, _("Terminer"));
		html(b, "</button></form>");
	}
	html(b, "</td></tr>\n");
	return 0;
}

static void account_page(struct request *req, struct response *resp, int status,
			 const struct verr *e, const char *notice)
{
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Mon compte"));
	html(&b, "<h1>");
	html_txt(&b, _("Mon compte"));
	html(&b, "</h1>\n");
	if (notice) {
		html(&b, "<p role=\"status\" class=\"notice\">");
		html_txt(&b, notice);
		html(&b, "</p>\n");
	}
	html(&b, "<section aria-labelledby=\"pw\">\n<h2 id=\"pw\">");
	html_txt(&b, _("Changer de mot de passe"));
	html(&b, "</h2>\n<form method=\"post\" action=\"/compte/mot-de-passe\">\n");
	page_csrf_field(req, &b);
	form_input(&b, "password", "current", _("Mot de passe actuel"), NULL,
		   " autocomplete=\"current-password\" required maxlength=\"1024\"", "",
		   error_of(e, "current"));
	form_input(&b, "password", "password", _("Nouveau mot de passe (12 caractères au moins)"),
		   NULL, " autocomplete=\"new-password\" required minlength=\"12\" maxlength=\"1024\"",
		   "", error_of(e, "password"));
	form_input(&b, "password", "password_confirm", _("Le même, à nouveau"), NULL,
		   " autocomplete=\"new-password\" required maxlength=\"1024\"", "",
		   error_of(e, "password_confirm"));
	html(&b, "<button type=\"submit\">");
	html_txt(&b, _("Changer le mot de passe"));
	html(&b, "</button>\n</form>\n</section>\n");

	html(&b, "<section aria-labelledby=\"sessions\">\n<h2 id=\"sessions\">");
	html_txt(&b, _("Sessions ouvertes"));
	html(&b, "</h2>\n<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(&b, _("Ouverte le"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Dernière activité"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Navigateur"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Adresse"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Action"));
	html(&b, "</th></tr></thead>\n<tbody>\n");
	struct sessions_view v = {req, &b};
	int rc = account_sessions(req->svc, session_row, &v);
	html(&b, "</tbody>\n</table>\n</figure>\n");
	if (rc != SVC_OK) {
		buf_free(&b);
		resp_svc_error(req, resp, rc);
		return;
	}
	html(&b, "<form method=\"post\" action=\"/compte/deconnexion-partout\">\n");
	page_csrf_field(req, &b);
	html(&b, "<button type=\"submit\" class=\"secondary\">");
	html_txt(&b, _("Se déconnecter partout"));
	html(&b, "</button>\n</form>\n</section>\n");
	page_finish(req, resp, status, &b);
}

void web_account(struct request *req, struct response *resp)
{
	const char *reset = req_query(req, "reinitialise");
	account_page(req, resp, 200, NULL,
		     reset ? _("Votre compte a été réinitialisé par l'administrateur du service : "
			       "si vous ne l'avez pas demandé, prévenez-le.")
			   : NULL);
}

void web_account_password(struct request *req, struct response *resp)
{
	struct password_input in;
	memset(&in, 0, sizeof in);
	struct verr refused;
	if (req_fields(req, password_fields, PASSWORD__FIELDS, &in, &refused) != 0) {
		account_page(req, resp, 422, &refused, NULL);
		return;
	}
	struct session_new sess;
	int rc = account_change_password(req->svc, in.current, in.password,
					 in.password_confirm ? in.password_confirm : "", &sess);
	if (rc == SVC_INVALID) {
		account_page(req, resp, 422, svc_error(req->svc), NULL);
		return;
	}
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	/* Rotation: this browser gets a new session, the others are ended. */
	resp_session_cookie(req, resp, sess.token);
	sodium_memzero(&sess, sizeof sess);
	account_page(req, resp, 200, NULL,
		     _("Mot de passe changé. Vos autres sessions sont terminées."));
}

void web_account_session_end(struct request *req, struct response *resp)
{
	int rc = account_session_end(req->svc, req->params[0]);
	if (rc == SVC_NOT_FOUND) {
		web_error_page(req, resp, 404, _("Cette session n'existe plus."));
		return;
	}
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	if (!svc_actor(req->svc)) {
		resp_session_cookie(req, resp, NULL);
		resp_redirect(resp, "/login");
		return;
	}
	account_page(req, resp, 200, NULL, _("Session terminée."));
}

void web_account_sessions_end_all(struct request *req, struct response *resp)
{
	int rc = account_sessions_end_all(req->svc);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	resp_session_cookie(req, resp, NULL);
	resp_redirect(resp, "/login");
}
