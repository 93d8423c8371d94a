/* twoperson — the two-person rule's proposals as JSON (service/twoperson.h). */
#include <sodium.h>

#include "api/api.h"
#include "service/accounts.h"
#include "service/twoperson.h"
#include "support/i18n.h"

void api_pending(struct request *req, struct response *resp)
{
	api_send(resp, 202,
		 json_pack("{s:s, s:I, s:s}", "status", "pending", "proposal",
			   (json_int_t)twoperson_pending_id(req->svc), "message",
			   _("Enregistré : une seconde personne doit confirmer avant que cela "
			     "prenne effet.")));
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer((json_int_t)id) : json_null();
}

static int proposal_json(void *ctx, const struct proposal_view *v)
{
	json_t *o = json_pack(
		"{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:b, s:b, "
		"s:b}",
		"id", (json_int_t)v->id, "kind", proposal_kind_code(v->kind), "status", v->status,
		"proposer", v->proposer, "subject", api_nullable(v->subject), "target",
		api_nullable(v->target), "case_id", id_or_null(v->case_id), "organisation",
		api_nullable(v->organisation), "login", api_nullable(v->login), "name",
		api_nullable(v->name), "role", api_nullable(v->role), "created_at",
		(json_int_t)v->created_at, "decided_at", id_or_null(v->decided_at), "decided_by",
		api_nullable(v->decided_by), "may_decide", v->may_decide, "mine", v->mine,
		"about_me", v->about_me);
	json_array_append_new(ctx, o);
	return 0;
}

void api_twoperson_list(struct request *req, struct response *resp)
{
	json_t *list = json_array();
	api_send_list(req, resp, twoperson_list(req->svc, proposal_json, list), "proposals", list);
}

void api_twoperson_confirm(struct request *req, struct response *resp)
{
	struct proposal_outcome out;
	int rc = twoperson_confirm(req->svc, req->id, &out);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	json_t *link = json_null();
	if (out.token[0]) {
		/* To the confirmer only: she hands it to the person. */
		char url[ACCOUNT_URL_MAX];
		accounts_link_url(req_absolute_url(req, ""), out.token, url, sizeof url);
		link = json_string(url);
		sodium_memzero(url, sizeof url);
	}
	api_send(resp, 200,
		 json_pack("{s:I, s:s, s:s, s:o, s:o, s:I, s:I, s:o}", "id", (json_int_t)req->id,
			   "kind", proposal_kind_code(out.kind), "status", "confirmed", "login",
			   out.login[0] ? json_string(out.login) : json_null(), "link", link, "cases",
			   (json_int_t)out.cases, "persons", (json_int_t)out.persons, "case_id",
			   id_or_null(out.case_id)));
	sodium_memzero(out.token, sizeof out.token);
}

static void decided(struct request *req, struct response *resp, int rc, const char *status)
{
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 200, json_pack("{s:I, s:s}", "id", (json_int_t)req->id, "status",
					      status));
}

void api_twoperson_refuse(struct request *req, struct response *resp)
{
	decided(req, resp, twoperson_refuse(req->svc, req->id), "refused");
}

void api_twoperson_withdraw(struct request *req, struct response *resp)
{
	decided(req, resp, twoperson_withdraw(req->svc, req->id), "withdrawn");
}
