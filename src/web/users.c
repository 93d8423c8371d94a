/* users — the administrator's page of accounts: list, creation (an
   enrolment link, never a password), reset, disable and enable, the
   disabled persons' caseloads, accounts unused for six months. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "domain/account.h"
#include "service/accounts.h"
#include "service/organisations.h"
#include "service/users.h"
#include "support/i18n.h"
#include "support/sec.h"
#include "web/web.h"

struct form_state {
	const char *login, *name, *role; /* values to show again after an error */
	const char *organisation;        /* an employer's organisation code */
	const struct verr *error;        /* what was wrong, or NULL */
	const char *created_login;       /* just created or reset: show its link once */
	const char *link;                /* the enrolment link */
	int was_reset;                   /* the link is a reset's */
	const char *notice;              /* another change done */
};

struct list_ctx {
	struct request *req;
	buf *b;
	int ndisabled;
	int64_t disabled[64];
	char disabled_login[64][ACCOUNT_LOGIN_MAX + 1];
};

/* A button posting to /admin/users/{id}/{action}. */
static void action_button(struct request *req, buf *b, int64_t id, const char *action,
			  const char *label, int secondary)
{
	html(b, "<form method=\"post\" class=\"inline\" action=\"/admin/users/");
	html_int(b, id);
	html(b, "/");
	html_attr(b, action);
	html(b, "\">");
	page_csrf_field(req, b);
	html(b, secondary ? "<button type=\"submit\" class=\"secondary\">"
			  : "<button type=\"submit\">");
	html_txt(b, label);
	html(b, "</button></form> ");
}

static const enum role role_order[] = {ROLE_WORKER, ROLE_HEAD, ROLE_RECEPTION, ROLE_EMPLOYER,
				       ROLE_AUDITOR,
				       ROLE_ADMIN};

static int user_row(void *ctx, const struct user_info *u)
{
	struct list_ctx *l = ctx;
	buf *b = l->b;
	html(b, "<tr><td>");
	html_txt(b, u->login);
	html(b, "</td><td>");
	html_txt(b, u->name);
	html(b, "</td><td>");
	html_txt(b, role_label(u->role));
	if (u->organisation) {
		html(b, " — ");
		html_txt(b, u->organisation);
	}
	html(b, "</td><td>");
	html_txt(b, !u->active ? _("désactivé") : u->locked ? _("bloqué (essais infructueux)")
							     : _("actif"));
	if (!u->enrolled) {
		html(b, " — ");
		html_txt(b, _("inscription en attente"));
	}
	if (u->unused) {
		html(b, " <mark class=\"unused\">");
		html_txt(b, _("inutilisé depuis plus de six mois"));
		html(b, "</mark>");
	}
	html(b, "</td><td>");
	page_datetime(b, u->created_at);
	html(b, "</td><td>");
	if (u->last_login_at)
		page_datetime(b, u->last_login_at);
	else
		html_txt(b, _("jamais"));
	html(b, "</td><td>");
	action_button(l->req, b, u->id, "reset", _("Réinitialiser"), 1);
	if (u->active)
		action_button(l->req, b, u->id, "disable", _("Désactiver"), 1);
	else
		action_button(l->req, b, u->id, "enable", _("Réactiver"), 0);
	html(b, "</td></tr>\n");
	if (!u->active && l->ndisabled < 64) {
		l->disabled[l->ndisabled] = u->id;
		snprintf(l->disabled_login[l->ndisabled], sizeof l->disabled_login[0], "%s",
			 u->login);
		l->ndisabled++;
	}
	return 0;
}

struct caseload_ctx {
	buf *b;
	int n;
};

static int caseload_row(void *ctx, int64_t case_id, const char *opened_on)
{
	struct caseload_ctx *c = ctx;
	char num[32];
	snprintf(num, sizeof num, "n° %lld", (long long)case_id);
	html(c->b, "<li>");
	html_txt(c->b, num);
	html(c->b, " — ");
	html_txt(c->b, _("ouvert le"));
	html(c->b, " ");
	html_txt(c->b, opened_on ? opened_on : "");
	html(c->b, "</li>\n");
	c->n++;
	return 0;
}

struct org_options {
	buf *b;
	const char *selected;
};

static int org_option(void *ctx, const struct org_info *o)
{
	struct org_options *oo = ctx;
	form_option(oo->b, o->code, o->name, oo->selected);
	return 0;
}

static int is_error(const struct form_state *st, const char *field)
{
	return st->error && st->error->field && strcmp(st->error->field, field) == 0;
}

static void field_error(buf *b, const struct form_state *st, const char *field)
{
	form_error(b, is_error(st, field), "", field, is_error(st, field) ? _(st->error->message) : "");
}

static void invalid_attr(buf *b, const struct form_state *st, const char *field)
{
	form_invalid(b, is_error(st, field), "", field);
}

static void render(struct request *req, struct response *resp, int status,
		   const struct form_state *st)
{
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Comptes"));
	html(&b, "<h1>");
	html_txt(&b, _("Comptes du service"));
	html(&b, "</h1>\n");
	if (st->created_login) {
		html(&b, "<article class=\"notice\">\n<div role=\"status\">\n<p>");
		html_txt(&b, st->was_reset ? _("Compte réinitialisé :") : _("Compte créé :"));
		html(&b, " <strong>");
		html_txt(&b, st->created_login);
		html(&b, "</strong>.</p>\n");
		if (st->link) {
			html(&b, "<p>");
			html_txt(&b, _("Lien d'inscription, affiché une seule fois, valable 72 heures "
				       "et une seule fois — remettez-le à la personne : elle y choisit "
				       "son mot de passe et installe son second facteur."));
			html(&b, "</p>\n<p class=\"secret\" id=\"enrolment-link\">");
			html_txt(&b, st->link);
			html(&b, "</p>\n");
		}
		html(&b, "</div>\n</article>\n");
	}
	if (st->notice) {
		html(&b, "<p role=\"status\" class=\"notice\">");
		html_txt(&b, st->notice);
		html(&b, "</p>\n");
	}
	if (st->error && st->error->field && strcmp(st->error->field, "active") == 0) {
		html(&b, "<p role=\"alert\" class=\"error-field\">");
		html_txt(&b, _(st->error->message));
		html(&b, "</p>\n");
	}

	html(&b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(&b, _("Identifiant"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Nom"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Rôle"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("État"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Créé le"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Dernière connexion"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Actions"));
	html(&b, "</th></tr></thead>\n<tbody>\n");
	struct list_ctx l = {.req = req, .b = &b};
	int rc = users_list(req->svc, user_row, &l);
	html(&b, "</tbody>\n</table>\n</figure>\n");
	if (rc != SVC_OK) {
		buf_free(&b);
		resp_svc_error(req, resp, rc);
		return;
	}
	/* The disabled persons' open cases, for the head to reassign. */
	for (int i = 0; i < l.ndisabled; i++) {
		buf items;
		buf_init(&items, HTTP_PAGE_MAX);
		struct caseload_ctx c = {&items, 0};
		rc = users_caseload(req->svc, l.disabled[i], caseload_row, &c);
		if (rc == SVC_OK && c.n > 0) {
			html(&b, "<section class=\"caseload\">\n<h2>");
			html_txt(&b, _("Suivis à réattribuer :"));
			html(&b, " ");
			html_txt(&b, l.disabled_login[i]);
			html(&b, "</h2>\n<p>");
			html_txt(&b, _("Ce compte est désactivé ; le ou la responsable de service "
				       "transfère ses suivis en cours à un(e) collègue."));
			html(&b, "</p>\n<ul>\n");
			buf_add(&b, items.data, items.len);
			html(&b, "</ul>\n</section>\n");
		}
		buf_free(&items);
		if (rc != SVC_OK) {
			buf_free(&b);
			resp_svc_error(req, resp, rc);
			return;
		}
	}
	int employer_totp = 0;
	if (accounts_employer_totp(req->svc, &employer_totp) == SVC_OK) {
		html(&b, "<form method=\"post\" action=\"/admin/users/employer-totp\">\n");
		page_csrf_field(req, &b);
		html(&b, "<input type=\"hidden\" name=\"required\" value=\"");
		html(&b, employer_totp ? "0" : "1");
		html(&b, "\"><p>");
		html_txt(&b, employer_totp
				     ? _("Le second facteur est exigé des comptes employeur.")
				     : _("Le second facteur est facultatif pour les comptes employeur."));
		html(&b, " <button type=\"submit\" class=\"secondary\">");
		html_txt(&b, employer_totp ? _("Le rendre facultatif") : _("L'exiger"));
		html(&b, "</button></p>\n</form>\n");
	}

	html(&b, "<section aria-labelledby=\"nouveau\">\n<h2 id=\"nouveau\">");
	html_txt(&b, _("Nouveau compte"));
	html(&b, "</h2>\n");
	if (st->error && !st->error->field) {
		html(&b, "<p role=\"alert\" class=\"error-field\">");
		html_txt(&b, _(st->error->message));
		html(&b, "</p>\n");
	}
	html(&b, "<form method=\"post\" action=\"/admin/users\">\n");
	page_csrf_field(req, &b);
	html(&b, "<div class=\"grid\">\n<label>");
	html_txt(&b, _("Identifiant"));
	html(&b, "\n<input name=\"login\" type=\"text\" required maxlength=\"64\" autocapitalize=\"none\" "
		 "spellcheck=\"false\" value=\"");
	html_attr(&b, st->login ? st->login : "");
	html(&b, "\"");
	invalid_attr(&b, st, "login");
	html(&b, ">\n");
	field_error(&b, st, "login");
	html(&b, "</label>\n<label>");
	html_txt(&b, _("Nom et prénom"));
	html(&b, "\n<input name=\"name\" type=\"text\" required maxlength=\"200\" value=\"");
	html_attr(&b, st->name ? st->name : "");
	html(&b, "\"");
	invalid_attr(&b, st, "name");
	html(&b, ">\n");
	field_error(&b, st, "name");
	html(&b, "</label>\n<label>");
	html_txt(&b, _("Rôle"));
	html(&b, "\n<select name=\"role\" required");
	invalid_attr(&b, st, "role");
	html(&b, ">\n");
	for (size_t i = 0; i < sizeof role_order / sizeof role_order[0]; i++) {
		const char *code = role_code(role_order[i]);
		form_option(&b, code, role_label(role_order[i]), st->role);
	}
	html(&b, "</select>\n");
	field_error(&b, st, "role");
	html(&b, "</label>\n</div>\n<label>");
	html_txt(&b, _("Organisation (comptes employeur seulement)"));
	html(&b, "\n<select name=\"organisation\"");
	invalid_attr(&b, st, "organisation");
	html(&b, ">\n<option value=\"\">—</option>\n");
	struct org_options oo = {&b, st->organisation};
	organisations_list(req->svc, org_option, &oo);
	html(&b, "</select>\n");
	field_error(&b, st, "organisation");
	html(&b, "</label>\n<p><small>");
	html_txt(&b, _("Le compte reçoit un lien d'inscription : la personne y choisit elle-même "
		       "son mot de passe et installe son second facteur."));
	html(&b, "</small></p>\n<button type=\"submit\">");
	html_txt(&b, _("Créer le compte"));
	html(&b, "</button>\n</form>\n</section>\n");
	page_finish(req, resp, status, &b);
}

void web_users(struct request *req, struct response *resp)
{
	struct form_state st;
	memset(&st, 0, sizeof st);
	/* The list, the organisations and the setting in one snapshot. */
	int rc = svc_read_begin(req->svc);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	render(req, resp, 200, &st);
	svc_read_end(req->svc);
}

void web_users_create(struct request *req, struct response *resp)
{
	struct form_state st;
	memset(&st, 0, sizeof st);
	struct user_input in;
	memset(&in, 0, sizeof in);
	struct verr refused;
	int bad = req_fields(req, users_fields, USER__FIELDS, &in, &refused);
	st.login = in.login;
	st.name = in.name;
	st.role = in.role;
	st.organisation = in.organisation;
	if (bad) {
		st.error = &refused;
		render(req, resp, 422, &st);
		return;
	}
	char token[SEC_TOKEN_LEN + 1];
	int rc = users_add(req->svc, st.login, st.name, st.role, st.organisation, NULL, token);
	if (rc == SVC_PENDING) {
		resp_redirect(resp, "/a-confirmer"); /* a head confirms (service/twoperson.h) */
	} else if (rc == SVC_OK) {
		char url[ACCOUNT_URL_MAX];
		accounts_link_url(req_absolute_url(req, ""), token, url, sizeof url);
		sodium_memzero(token, sizeof token);
		st.created_login = st.login;
		st.link = url;
		st.login = st.name = st.role = st.organisation = NULL;
		render(req, resp, 201, &st);
	} else if (rc == SVC_INVALID || rc == SVC_CONFLICT) {
		st.error = svc_error(req->svc);
		render(req, resp, rc == SVC_INVALID ? 422 : 409, &st);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

/* The login of account id, for the notices ("" when unknown). */
struct login_of {
	int64_t id;
	char login[ACCOUNT_LOGIN_MAX + 1];
};

static int login_row(void *ctx, const struct user_info *u)
{
	struct login_of *l = ctx;
	if (u->id == l->id)
		snprintf(l->login, sizeof l->login, "%s", u->login);
	return 0;
}

void web_users_reset(struct request *req, struct response *resp)
{
	struct form_state st;
	memset(&st, 0, sizeof st);
	struct login_of who = {req->id, ""};
	users_list(req->svc, login_row, &who);
	char token[SEC_TOKEN_LEN + 1];
	int rc = users_reset(req->svc, req->id, token);
	if (rc == SVC_PENDING) {
		resp_redirect(resp, "/a-confirmer"); /* a head confirms (service/twoperson.h) */
		return;
	}
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	char url[ACCOUNT_URL_MAX];
	accounts_link_url(req_absolute_url(req, ""), token, url, sizeof url);
	sodium_memzero(token, sizeof token);
	st.created_login = who.login;
	st.link = url;
	st.was_reset = 1;
	render(req, resp, 200, &st);
}

static void set_active(struct request *req, struct response *resp, int active)
{
	struct form_state st;
	memset(&st, 0, sizeof st);
	int rc = users_set_active(req->svc, req->id, active);
	if (rc == SVC_PENDING) {
		resp_redirect(resp, "/a-confirmer"); /* a head confirms (service/twoperson.h) */
		return;
	}
	if (rc == SVC_INVALID) {
		st.error = svc_error(req->svc);
		render(req, resp, 422, &st);
		return;
	}
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	st.notice = active ? _("Compte réactivé.")
			   : _("Compte désactivé : toutes ses sessions sont terminées.");
	render(req, resp, 200, &st);
}

void web_users_disable(struct request *req, struct response *resp)
{
	set_active(req, resp, 0);
}

void web_users_enable(struct request *req, struct response *resp)
{
	set_active(req, resp, 1);
}

void web_users_employer_totp(struct request *req, struct response *resp)
{
	struct employer_totp_input in = {0};
	struct verr refused;
	if (req_fields(req, employer_totp_fields, EMPLOYER_TOTP__FIELDS, &in, &refused) != 0) {
		resp_error(req, resp, 422, "invalid", _(refused.message), refused.field);
		return;
	}
	int rc = accounts_set_employer_totp(req->svc, in.required);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	resp_redirect(resp, "/admin/users");
}
