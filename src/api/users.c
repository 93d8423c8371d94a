/* users — accounts over the API (administrator). */
#include <string.h>

#include "api/api.h"
#include "service/users.h"
#include "support/sec.h"

static int user_json(void *ctx, const struct user_info *u)
{
	json_array_append_new(
		ctx, json_pack("{s:s, s:s, s:s, s:b, s:b, s:I, s:o}", "login", u->login, "name",
			       u->name, "role", role_code(u->role), "active", u->active, "locked",
			       u->locked, "created_at", (json_int_t)u->created_at, "organisation",
			       u->organisation ? json_string(u->organisation) : json_null()));
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
	char generated[24] = "";
	if (api_fields(req, resp, body, users_fields, USER__FIELDS, &in) != 0)
		return;
	if (!in.password) {
		sec_password_generate(generated, 16);
		in.password = generated;
	}
	int rc =
		users_add(req->svc, in.login, in.name, in.role, in.password, in.organisation, NULL);
	if (rc == SVC_PENDING) {
		api_pending(req, resp);
		return;
	}
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	json_t *user = json_pack("{s:s, s:s, s:s, s:o}", "login", in.login, "name", in.name, "role",
				 in.role, "organisation", api_nullable(in.organisation));
	json_t *answer = json_pack("{s:o}", "user", user);
	/* A generated password is shown this once and never stored in clear. */
	if (generated[0])
		json_object_set_new(answer, "password", json_string(generated));
	api_send(resp, 201, answer);
}
