/* oidc — see oidc.h. */
#include "web/oidc.h"

#include <stdlib.h>
#include <string.h>

#include "service/oidc.h"
#include "support/i18n.h"
#include "web/web.h"

/* The cookie binding an attempt to this browser: sent back on the
   provider's cross-site redirect (SameSite=Lax), only to /oidc/. */
static void browser_cookie(struct request *req, struct response *resp, const char *value)
{
	int secure = app_config(svc_app(req->svc))->secure_cookies;
	resp_header(resp, "Set-Cookie",
		    arena_printf(req->a, "%s=%s; Path=/oidc/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
				 OIDC_BROWSER_COOKIE, value ? value : "",
				 value ? OIDC_ATTEMPT_TTL : 0, secure ? "; Secure" : ""));
}

static void message_page(struct request *req, struct response *resp, int status,
			 const char *title, const char *message)
{
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, title);
	html(&b, "<article class=\"login\">\n<h1>");
	html_txt(&b, title);
	html(&b, "</h1>\n<p role=\"alert\" class=\"error-field\" id=\"oidc-error\">");
	html_txt(&b, message);
	html(&b, "</p>\n<p><a href=\"/login\">");
	html_txt(&b, _("Retour à la connexion"));
	html(&b, "</a></p>\n</article>\n");
	page_finish(req, resp, status, &b);
}

/* After a form (the link's POST), the page's CSP form-action forbids a
   redirect to another origin: a page that moves on by itself instead. */
static void onward_page(struct request *req, struct response *resp, const char *url)
{
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Fournisseur d'identité"));
	html(&b, "<meta http-equiv=\"refresh\" content=\"0;url=");
	html_attr(&b, url);
	html(&b, "\">\n<p><a id=\"oidc-onward\" href=\"");
	html_attr(&b, url);
	html(&b, "\">");
	html_txt(&b, _("Continuer vers le fournisseur d'identité"));
	html(&b, "</a></p>\n");
	page_finish(req, resp, 200, &b);
}

static void go(struct request *req, struct response *resp, int rc, struct oidc_start *st)
{
	if (rc == SVC_OK) {
		browser_cookie(req, resp, st->browser);
		const char *url = arena_printf(req->a, "%s", st->url);
		free(st->url);
		if (req->method == M_POST)
			onward_page(req, resp, url);
		else
			resp_redirect(resp, url);
		return;
	}
	if (rc == SVC_NOT_FOUND) {
		resp_svc_error(req, resp, rc);
		return;
	}
	message_page(req, resp, 503, _("Connexion par fournisseur d'identité"),
		     _("Le fournisseur d'identité ne répond pas : réessayez plus tard ou connectez-vous "
		       "avec votre identifiant."));
}

void web_oidc_signin(struct request *req, struct response *resp)
{
	/* Signed in already, or single sign-on not configured: nothing to do here. */
	if (svc_actor(req->svc) || !oidc_enabled(req->svc)) {
		resp_redirect(resp, svc_actor(req->svc) ? "/" : "/login");
		return;
	}
	struct oidc_start st;
	go(req, resp, oidc_signin_begin(req->svc, &st), &st);
}

/* The session cookie is SameSite=Strict: set on the answer to the
   provider's cross-site redirect, it would not be sent on a redirect that
   follows, so the page moves on by itself (same-site) to the home page. */
static void signed_in_page(struct request *req, struct response *resp)
{
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Connexion réussie"));
	html(&b, "<meta http-equiv=\"refresh\" content=\"0;url=/\">\n<article class=\"login\">\n<h1>");
	html_txt(&b, _("Connexion réussie"));
	html(&b, "</h1>\n<p><a id=\"oidc-continue\" href=\"/\">");
	html_txt(&b, _("Continuer vers l'accueil"));
	html(&b, "</a></p>\n</article>\n");
	page_finish(req, resp, 200, &b);
}

/* The same for a link: back to the account page, same-site. */
static void linked_page(struct request *req, struct response *resp)
{
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Compte lié"));
	html(&b, "<meta http-equiv=\"refresh\" content=\"0;url=/compte/oidc?lie=1\">\n"
		 "<article class=\"login\">\n<h1>");
	html_txt(&b, _("Compte lié"));
	html(&b, "</h1>\n<p><a id=\"oidc-continue\" href=\"/compte/oidc?lie=1\">");
	html_txt(&b, _("Retour à mon compte"));
	html(&b, "</a></p>\n</article>\n");
	page_finish(req, resp, 200, &b);
}

static void code_page(struct request *req, struct response *resp, int status, const char *pending)
{
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Second facteur"));
	html(&b, "<article class=\"login\">\n<h1>");
	html_txt(&b, _("Second facteur"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, _("Votre fournisseur d'identité vous a reconnue. Saisissez maintenant le code "
		       "à six chiffres de votre application d'authentification (ou un code de "
		       "secours)."));
	html(&b, "</p>\n<form method=\"post\" action=\"/oidc/code\">\n"
		 "<input type=\"hidden\" name=\"pending\" value=\"");
	html_attr(&b, pending);
	html(&b, "\">\n<label for=\"code\">");
	html_txt(&b, _("Code"));
	html(&b, "</label>\n<input id=\"code\" name=\"code\" type=\"text\" inputmode=\"numeric\" "
		 "autocomplete=\"one-time-code\" required maxlength=\"64\">\n<button type=\"submit\">");
	html_txt(&b, _("Valider"));
	html(&b, "</button>\n</form>\n</article>\n");
	page_finish(req, resp, status, &b);
}

void web_oidc_callback(struct request *req, struct response *resp)
{
	if (!oidc_enabled(req->svc)) {
		resp_redirect(resp, "/login");
		return;
	}
	struct oidc_result r;
	int rc = oidc_callback(req->svc, req_query(req, "state"), req_query(req, "code"),
			       req_query(req, "error"), req_cookie(req, OIDC_BROWSER_COOKIE), &r);
	switch (rc) {
	case SVC_OK:
		browser_cookie(req, resp, NULL);
		if (r.outcome == OIDC_SIGNED_IN) {
			resp_session_cookie(req, resp, r.session.token);
			signed_in_page(req, resp);
		} else if (r.outcome == OIDC_NEEDS_CODE) {
			code_page(req, resp, 200, r.pending);
		} else {
			linked_page(req, resp);
		}
		break;
	case SVC_UNAUTHENTICATED:
		browser_cookie(req, resp, NULL);
		message_page(req, resp, 401, _("Connexion refusée"), _(r.message));
		break;
	default:
		resp_svc_error(req, resp, rc);
		break;
	}
}

void web_oidc_code(struct request *req, struct response *resp)
{
	struct session_new sess;
	const char *message;
	/* No session yet, so no CSRF token: a page of another site may not post
	   its own pending sign-in here (login CSRF), as on /login. */
	if (!signin_origin_ok(req)) {
		resp_error(req, resp, 403, "csrf_failed",
			   _("Cette demande ne vient pas de ce service : recommencez la connexion."),
			   NULL);
		return;
	}
	int rc = oidc_second_factor(req->svc, req_form(req, oidc_code_fields[OIDC_CODE_PENDING].name),
				    req_form(req, oidc_code_fields[OIDC_CODE_CODE].name), &sess,
				    &message);
	switch (rc) {
	case SVC_OK:
		resp_session_cookie(req, resp, sess.token);
		resp_redirect(resp, "/");
		break;
	case SVC_UNAUTHENTICATED:
		message_page(req, resp, 401, _("Connexion refusée"), _(message));
		break;
	default:
		resp_svc_error(req, resp, rc);
		break;
	}
}

static void account_page(struct request *req, struct response *resp, int status, const char *error)
{
	if (!oidc_enabled(req->svc)) {
		buf b;
		buf_init(&b, HTTP_PAGE_MAX);
		page_begin(req, &b, _("Fournisseur d'identité"));
		html(&b, "<h1>");
		html_txt(&b, _("Fournisseur d'identité"));
		html(&b, "</h1>\n<p id=\"oidc-status\">");
		html_txt(&b, _("La connexion par un fournisseur d'identité n'est pas configurée sur ce "
			       "service."));
		html(&b, "</p>\n");
		page_finish(req, resp, 200, &b);
		return;
	}
	int linked = oidc_linked(req->svc);
	if (linked < 0) {
		resp_svc_error(req, resp, SVC_ERROR);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Fournisseur d'identité"));
	html(&b, "<h1>");
	html_txt(&b, _("Fournisseur d'identité"));
	html(&b, "</h1>\n<p id=\"oidc-status\">");
	html_txt(&b, linked ? _("Votre compte est lié à votre identité chez le fournisseur "
				"d'identité : vous pouvez vous connecter par lui.")
			    : _("Votre compte n'est lié à aucune identité chez le fournisseur "
				"d'identité."));
	html(&b, "</p>\n");
	if (error) {
		html(&b, "<p role=\"alert\" class=\"error-field\" id=\"err-code\">");
		html_txt(&b, error);
		html(&b, "</p>\n");
	}
	html(&b, "<form method=\"post\" action=\"/compte/oidc/lier\">\n");
	page_csrf_field(req, &b);
	html(&b, "<label for=\"code\">");
	html_txt(&b, _("Code de votre second facteur (exigé pour lier votre compte)"));
	html(&b, "</label>\n<input id=\"code\" name=\"code\" type=\"text\" inputmode=\"numeric\" "
		 "autocomplete=\"one-time-code\" required maxlength=\"64\"");
	if (error)
		html(&b, " aria-invalid=\"true\" aria-describedby=\"err-code\"");
	html(&b, ">\n<button type=\"submit\">");
	html_txt(&b, linked ? _("Lier à nouveau") : _("Lier mon compte"));
	html(&b, "</button>\n</form>\n");
	if (linked) {
		html(&b, "<form method=\"post\" action=\"/compte/oidc/delier\">\n");
		page_csrf_field(req, &b);
		html(&b, "<button type=\"submit\" class=\"secondary\">");
		html_txt(&b, _("Supprimer le lien"));
		html(&b, "</button>\n</form>\n");
	}
	page_finish(req, resp, status, &b);
}

void web_oidc_account(struct request *req, struct response *resp)
{
	account_page(req, resp, 200, NULL);
}

void web_oidc_link(struct request *req, struct response *resp)
{
	struct oidc_start st;
	int rc = oidc_link_begin(req->svc, req_form(req, oidc_code_fields[OIDC_CODE_CODE].name), &st);
	if (rc == SVC_UNAUTHENTICATED && svc_actor(req->svc)) {
		account_page(req, resp, 401, _(svc_error(req->svc)->message));
		return;
	}
	go(req, resp, rc, &st);
}

void web_oidc_unlink(struct request *req, struct response *resp)
{
	int rc = oidc_unlink(req->svc);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	resp_redirect(resp, "/compte/oidc");
}
