/* users — accounts over the API (administrator). */
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "service/accounts.h"
#include "service/users.h"
#include "support/i18n.h"
#include "support/sec.h"

static int user_json(void *ctx, const struct user_info *u)
{
	json_array_append_new(
		ctx, json_pack("{s:s, s:s, s:s, s:b, s:b, s:I, s:o}", "login", u->login, "name",
			       u->name, "role", role_code(u->role), "active", u->active, "locked",
			       u->locked, "created_at", (json_int_t)u->created_at, "organisation",
			       u->organisation ? json_string(u->organisation) : json_null()));
	json_t *last = json_array_get(ctx, json_array_size(ctx) - 1);
	json_object_set_new(last, "id", json_integer((json_int_t)u->id));
	json_object_set_new(last, "enrolled", json_boolean(u->enrolled));
	json_object_set_new(last, "unused", json_boolean(u->unused));
	json_object_set_new(last, "last_login_at",
			    u->last_login_at ? json_integer((json_int_t)u->last_login_at) : json_null());
	return 0;
}

void api_users_list(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, users_list(req->svc, user_json, list), "users", list);
}

void api_users_create(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct user_input in;
	memset(&in, 0, sizeof in);
	if (json_object_get(body, "password")) {
		resp_error(req, resp, 422, "invalid",
			   _("L'administrateur ne choisit pas de mot de passe : la personne choisit "
			     "le sien avec son lien d'inscription."),
			   "password");
		return;
	}
	if (api_fields(req, resp, body, users_fields, USER__FIELDS, &in) != 0)
		return;
	int64_t id = 0;
	char token[SEC_TOKEN_LEN + 1];
	int rc = users_add(req->svc, in.login, in.name, in.role, in.organisation, &id, token);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	/* No password: the person sets hers (and her second factor) with the
	   enrolment link, handed to her by the administrator. */
	char url[ACCOUNT_URL_MAX];
	accounts_link_url(req_absolute_url(req, ""), token, url, sizeof url);
	sodium_memzero(token, sizeof token);
	json_t *user = json_pack("{s:s, s:s, s:s, s:o}", "login", in.login, "name", in.name, "role",
				 in.role, "organisation", api_nullable(in.organisation));
	api_send(resp, 201,
		 json_pack("{s:I, s:o, s:s}", "id", (json_int_t)id, "user", user, "enrolment", url));
}
