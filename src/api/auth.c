/* session — signing in and out over the API, and who am I. */
#include "api/api.h"
#include "service/accounts.h"
#include "service/auth.h"
#include "support/i18n.h"

void api_session_create(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	int bad = 0;
	/* As sent (service/auth.h). */
	const char *login = api_string(body, auth_login_fields[LOGIN_LOGIN].name, req, resp, &bad);
	const char *password =
		api_string(body, auth_login_fields[LOGIN_PASSWORD].name, req, resp, &bad);
	const char *code = api_string(body, auth_login_fields[LOGIN_CODE].name, req, resp, &bad);
	if (bad)
		return;
	struct session_new sess;
	svc_set_user_agent(req->svc, req_header(req, "User-Agent"));
	int rc = auth_login(req->svc, login ? login : "", password ? password : "", code, &sess);
	if (rc == SVC_UNAUTHENTICATED) {
		resp_error(req, resp, 401, "invalid_credentials",
			   _("Identifiant, mot de passe ou code incorrect."), NULL);
	} else if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
	} else {
		resp_session_cookie(req, resp, sess.token);
		api_send(resp, 200,
			 json_pack("{s:o, s:s, s:b}", "user", api_user_json(svc_actor(req->svc)),
				   "csrf_token", sess.csrf, "account_reset", sess.was_reset));
	}
}

void api_session_delete(struct request *req, struct response *resp)
{
	int rc = auth_logout(req->svc);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	resp_session_cookie(req, resp, NULL);
	resp->status = 204;
	buf_reset(&resp->body);
}

void api_me(struct request *req, struct response *resp)
{
	api_send(resp, 200, json_pack("{s:o}", "user", api_user_json(svc_actor(req->svc))));
}
