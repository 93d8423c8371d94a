/* login — the sign-in page, its form, and signing out. */
#include <string.h>

#include "service/accounts.h"
#include "service/auth.h"
#include "service/throttle.h"
#include "service/oidc.h"
#include "support/i18n.h"
#include "web/web.h"

static void render(struct request *req, struct response *resp, int status, const char *login,
		   const char *error)
{
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Connexion"));
	html(&b, "<article class=\"login\">\n<hgroup><h1>");
	html_txt(&b, _("Connexion"));
	html(&b, "</h1><p>");
	html_txt(&b, _("Service social du travail — espace professionnel"));
	html(&b, "</p></hgroup>\n");
	if (error) {
		html(&b, "<p role=\"alert\" class=\"error-field\" id=\"login-error\">");
		html_txt(&b, error);
		html(&b, "</p>\n");
	}
	html(&b, "<form method=\"post\" action=\"/login\">\n<input type=\"hidden\" name=\"" SIGNIN_TOKEN_FIELD
		 "\" value=\"");
	html_attr(&b, signin_form_token(req, resp));
	html(&b, "\">\n<label for=\"login\">");
	html_txt(&b, _("Identifiant"));
	html(&b, "</label>\n<input id=\"login\" name=\"login\" type=\"text\" autocomplete=\"username\" required "
		 "autocapitalize=\"none\" spellcheck=\"false\" maxlength=\"64\" value=\"");
	html_attr(&b, login ? login : "");
	html(&b, "\"");
	if (error)
		html(&b, " aria-invalid=\"true\" aria-describedby=\"login-error\"");
	html(&b, ">\n<label for=\"password\">");
	html_txt(&b, _("Mot de passe"));
	html(&b, "</label>\n<input id=\"password\" name=\"password\" type=\"password\" "
		 "autocomplete=\"current-password\" required maxlength=\"1024\"");
	if (error)
		html(&b, " aria-invalid=\"true\" aria-describedby=\"login-error\"");
	html(&b, ">\n<label for=\"code\">");
	html_txt(&b, _("Code du second facteur (application ou code de secours)"));
	html(&b, "</label>\n<input id=\"code\" name=\"code\" type=\"text\" inputmode=\"numeric\" "
		 "autocomplete=\"one-time-code\" autocapitalize=\"none\" spellcheck=\"false\" "
		 "maxlength=\"64\"");
	if (error)
		html(&b, " aria-invalid=\"true\" aria-describedby=\"login-error\"");
	html(&b, ">\n<button type=\"submit\">");
	html_txt(&b, _("Se connecter"));
	html(&b, "</button>\n</form>\n");
	/* Single sign-on, when configured (web/oidc.c). */
	if (oidc_enabled(req->svc)) {
		html(&b, "<p><a id=\"oidc-signin\" role=\"button\" class=\"secondary\" "
			 "href=\"/oidc/connexion\">");
		html_txt(&b, _("Se connecter avec le fournisseur d'identité"));
		html(&b, "</a></p>\n");
	}
	html(&b, "<p><small>");
	html_txt(&b, _("Après plusieurs essais infructueux, il faut patienter un peu plus avant "
		       "chaque nouvel essai. Mot de passe oublié ou application perdue sans code de "
		       "secours : l'administrateur du service réinitialise votre compte et vous "
		       "remet un nouveau lien d'inscription."));
	html(&b, "</small></p>\n</article>\n");
	page_finish(req, resp, status, &b);
}

void web_login_form(struct request *req, struct response *resp)
{
	if (svc_actor(req->svc)) {
		resp_redirect(resp, "/");
		return;
	}
	render(req, resp, 200, NULL, NULL);
}

void web_login_submit(struct request *req, struct response *resp)
{
	/* As sent (service/auth.h). */
	const char *login = req_form(req, auth_login_fields[LOGIN_LOGIN].name);
	const char *password = req_form(req, auth_login_fields[LOGIN_PASSWORD].name);
	const char *code = req_form(req, auth_login_fields[LOGIN_CODE].name);
	if (!signin_form_ok(req)) {
		if (auth_form_refused(req->svc) != SVC_OK) {
			resp_svc_error(req, resp, SVC_ERROR);
			return;
		}
		resp_error(req, resp, 403, "csrf_failed",
			   _("Le jeton de sécurité du formulaire manque ou a expiré : "
			     "rechargez la page et recommencez."),
			   NULL);
		return;
	}
	signin_prepare(req);
	struct session_new sess;
	svc_set_user_agent(req->svc, req_header(req, "User-Agent"));
	int rc = auth_login(req->svc, login ? login : "", password ? password : "", code, &sess);
	switch (rc) {
	case SVC_OK:
		signin_succeeded(req, resp, sess.token);
		/* Told once, at the first sign-in after a reset. */
		resp_redirect(resp, sess.was_reset ? "/compte?reinitialise=1" : "/");
		break;
	case SVC_UNAUTHENTICATED:
		render(req, resp, 401, login,
		       _("Identifiant, mot de passe ou code incorrect."));
		break;
	case SVC_LOCKED:
	case SVC_BUSY:
		/* The same page for every login: the typed one is not shown again. */
		resp_header(resp, "Retry-After",
			    arena_printf(req->a, "%lld", (long long)auth_retry_after(req->svc)));
		render(req, resp, rc == SVC_LOCKED ? 429 : 503, NULL,
		       rc == SVC_LOCKED ? _("Trop d'essais : patientez un moment avant de réessayer.")
					: _("Le service est très sollicité : réessayez dans quelques "
					    "secondes."));
		break;
	default:
		resp_svc_error(req, resp, rc);
		break;
	}
}

void web_logout(struct request *req, struct response *resp)
{
	int rc = auth_logout(req->svc);
	if (rc != SVC_OK && rc != SVC_UNAUTHENTICATED) {
		resp_svc_error(req, resp, rc);
		return;
	}
	resp_session_cookie(req, resp, NULL);
	resp_redirect(resp, "/login");
}
