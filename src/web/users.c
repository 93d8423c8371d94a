/* users — the administrator's page of accounts: list and creation. */
#include <string.h>

#include "domain/account.h"
#include "service/organisations.h"
#include "service/users.h"
#include "support/i18n.h"
#include "support/sec.h"
#include "web/web.h"

struct form_state {
	const char *login, *name, *role; /* values to show again after an error */
	const char *organisation;        /* an employer's organisation code */
	const struct verr *error;        /* what was wrong, or NULL */
	const char *created_login;       /* just created: show its password once */
	const char *created_password;
};

static const enum role role_order[] = {ROLE_WORKER, ROLE_HEAD, ROLE_EMPLOYER, ROLE_AUDITOR,
				       ROLE_ADMIN};

static int user_row(void *ctx, const struct user_info *u)
{
	buf *b = ctx;
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
	html(b, "</td><td>");
	page_datetime(b, u->created_at);
	html(b, "</td></tr>\n");
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
		html_txt(&b, _("Compte créé :"));
		html(&b, " <strong>");
		html_txt(&b, st->created_login);
		html(&b, "</strong>.</p>\n");
		if (st->created_password) {
			html(&b, "<p>");
			html_txt(&b, _("Mot de passe initial, affiché une seule fois — "
				       "remettez-le à la personne en main propre :"));
			html(&b, "</p>\n<p class=\"secret\">");
			html_txt(&b, st->created_password);
			html(&b, "</p>\n");
		}
		html(&b, "</div>\n</article>\n");
	}

	html(&b, "<figure>\n<table>\n<thead><tr><th scope=\"col\">");
	html_txt(&b, _("Identifiant"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Nom"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Rôle"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("État"));
	html(&b, "</th><th scope=\"col\">");
	html_txt(&b, _("Créé le"));
	html(&b, "</th></tr></thead>\n<tbody>\n");
	int rc = users_list(req->svc, user_row, &b);
	html(&b, "</tbody>\n</table>\n</figure>\n");
	if (rc != SVC_OK) {
		buf_free(&b);
		resp_svc_error(req, resp, rc);
		return;
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
	html(&b, "</label>\n<label>");
	html_txt(&b, _("Mot de passe initial (laisser vide pour en générer un)"));
	html(&b, "\n<input name=\"password\" type=\"password\" autocomplete=\"new-password\" "
		 "maxlength=\"1024\"");
	invalid_attr(&b, st, "password");
	html(&b, ">\n");
	field_error(&b, st, "password");
	html(&b, "</label>\n<button type=\"submit\">");
	html_txt(&b, _("Créer le compte"));
	html(&b, "</button>\n</form>\n</section>\n");
	page_finish(req, resp, status, &b);
}

void web_users(struct request *req, struct response *resp)
{
	struct form_state st;
	memset(&st, 0, sizeof st);
	render(req, resp, 200, &st);
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
	const char *password = in.password;
	char generated[24];
	if (!password) {
		sec_password_generate(generated, 16);
		password = generated;
		st.created_password = generated;
	}
	int rc = users_add(req->svc, st.login, st.name, st.role, password, st.organisation, NULL);
	if (rc == SVC_PENDING) {
		resp_redirect(resp, "/a-confirmer"); /* a head confirms (service/twoperson.h) */
	} else if (rc == SVC_OK) {
		st.created_login = st.login;
		st.login = st.name = st.role = st.organisation = NULL;
		render(req, resp, 201, &st);
	} else if (rc == SVC_INVALID || rc == SVC_CONFLICT) {
		st.error = svc_error(req->svc);
		st.created_password = NULL;
		render(req, resp, rc == SVC_INVALID ? 422 : 409, &st);
	} else {
		resp_svc_error(req, resp, rc);
	}
}
