/* accounts — enrolment links, the administrator's reset, disable and
   enable, a person's own password and sessions, over the API. */
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "api/paging.h"
#include "service/accounts.h"
#include "service/paging.h"
#include "service/users.h"
#include "support/i18n.h"

/* A refused link: 404 with the service's French message. */
static void link_error(struct request *req, struct response *resp, int rc)
{
	const struct verr *e = svc_error(req->svc);
	if (rc == SVC_NOT_FOUND && e->message)
		resp_error(req, resp, 404, "not_found", _(e->message), NULL);
	else
		resp_svc_error(req, resp, rc);
}

void api_enrolment_get(struct request *req, struct response *resp)
{
	struct enrolment_info info;
	int rc = accounts_enrolment_get(req->svc, req->params[0], &info);
	if (rc != SVC_OK) {
		link_error(req, resp, rc);
		return;
	}
	api_send(resp, 200,
		 json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "login", info.login, "role",
			   role_code(info.role), "totp_secret", info.secret, "otpauth_uri", info.uri,
			   "totp_required", info.totp_required, "reset", info.reset));
	sodium_memzero(&info, sizeof info);
}

void api_enrolment_post(struct request *req, struct response *resp)
{
	struct enrolment_input in;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, req->json, enrolment_fields, ENROL__FIELDS, &in) != 0)
		return;
	char codes[RECOVERY_COUNT][RECOVERY_CODE_LEN + 1];
	int n = 0;
	int rc = accounts_enrol(req->svc, req->params[0], in.password, in.password_confirm, in.code,
				codes, &n);
	if (rc != SVC_OK) {
		link_error(req, resp, rc);
		return;
	}
	json_t *list = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(list, json_string(codes[i]));
	sodium_memzero(codes, sizeof codes);
	api_send(resp, 200, json_pack("{s:o}", "recovery_codes", list));
}

void api_users_reset(struct request *req, struct response *resp)
{
	char token[SEC_TOKEN_LEN + 1];
	int rc = users_reset(req->svc, req->id, token);
	if (rc == SVC_PENDING) {
		api_pending(req, resp); /* a head confirms and receives the link */
		return;
	}
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	char url[ACCOUNT_URL_MAX];
	accounts_link_url(req_absolute_url(req, ""), token, url, sizeof url);
	sodium_memzero(token, sizeof token);
	api_send(resp, 200, json_pack("{s:I, s:s}", "id", (json_int_t)req->id, "enrolment", url));
}

static void set_active(struct request *req, struct response *resp, int active)
{
	int rc = users_set_active(req->svc, req->id, active);
	if (rc == SVC_PENDING) {
		api_pending(req, resp); /* a head confirms (service/twoperson.h) */
		return;
	}
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 200, json_pack("{s:I, s:b}", "id", (json_int_t)req->id, "active", active));
}

void api_users_disable(struct request *req, struct response *resp)
{
	set_active(req, resp, 0);
}

void api_users_enable(struct request *req, struct response *resp)
{
	set_active(req, resp, 1);
}

static int caseload_json(void *ctx, int64_t id, const char *opened_on)
{
	json_array_append_new(ctx, json_pack("{s:I, s:s?}", "case", (json_int_t)id, "opened_on",
					     opened_on));
	return 0;
}

/* A page of the account's open caseload (service/paging.h). */
void api_users_caseload(struct request *req, struct response *resp)
{
	struct page pg;
	if (api_page_query(req, resp, &pg, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX) != 0)
		return;
	json_t *list = json_array();
	api_send_page(req, resp, users_caseload_page(req->svc, req->id, &pg, caseload_json, list),
		      "cases", list, &pg);
}

void api_account_password(struct request *req, struct response *resp)
{
	struct password_input in;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, req->json, password_fields, PASSWORD__FIELDS, &in) != 0)
		return;
	struct session_new sess;
	int rc = account_change_password(req->svc, in.current, in.password, in.password_confirm,
					 &sess);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	resp_session_cookie(req, resp, sess.token);
	api_send(resp, 200, json_pack("{s:s}", "csrf_token", sess.csrf));
	sodium_memzero(&sess, sizeof sess);
}

static int session_json(void *ctx, const struct session_info *si)
{
	json_array_append_new(ctx, json_pack("{s:s, s:I, s:I, s:s?, s:s?, s:b}", "id", si->id,
					     "created_at", (json_int_t)si->created_at,
					     "last_seen_at", (json_int_t)si->last_seen_at,
					     "user_agent", si->user_agent, "client_addr",
					     si->client_addr, "current", si->current));
	return 0;
}

void api_account_sessions(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, account_sessions(req->svc, session_json, list), "sessions", list);
}

void api_account_session_end(struct request *req, struct response *resp)
{
	int rc = account_session_end(req->svc, req->params[0]);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	if (!svc_actor(req->svc))
		resp_session_cookie(req, resp, NULL);
	resp->status = 204;
	buf_reset(&resp->body);
}

void api_account_sessions_end_all(struct request *req, struct response *resp)
{
	int rc = account_sessions_end_all(req->svc);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	resp_session_cookie(req, resp, NULL);
	resp->status = 204;
	buf_reset(&resp->body);
}
