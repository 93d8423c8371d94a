/* audit — the access log over the API (auditor). */
#include "api/api.h"
#include "service/audit.h"
#include "support/text.h"
#include "support/i18n.h"

/* The JSON form of one entry: the same keys as `relais audit list`. */
static int entry_json(void *ctx, const struct audit_row *r)
{
	json_t *o = json_pack("{s:I, s:I, s:o, s:o, s:s, s:o, s:o, s:o, s:s, s:s}", "id",
			      (json_int_t)r->id, "at", (json_int_t)r->at, "actor_id",
			      r->actor_id ? json_integer(r->actor_id) : json_null(), "actor_login",
			      api_nullable(r->actor_login), "action", r->action, "object_type",
			      api_nullable(r->object_type), "object_id", api_nullable(r->object_id),
			      "client_addr", api_nullable(r->client_addr), "prev_hash", r->prev_hash,
			      "hash", r->hash);
	json_array_append_new(ctx, o);
	return 0;
}

void api_audit_list(struct request *req, struct response *resp)
{
	int64_t limit = 100;
	const char *l = req_query(req, "limit");
	if (l && text_parse_int(l, 1, 1000, &limit) != 0) {
		resp_error(req, resp, 422, "invalid", _("« limit » doit être un entier de 1 à 1000."),
			   "limit");
		return;
	}
	json_t *list = json_array();
	api_send_list(req, resp, audit_recent(req->svc, (int)limit, entry_json, list), "entries", list);
}

void api_audit_verify(struct request *req, struct response *resp)
{
	struct audit_check c;
	int rc = audit_verify(req->svc, &c);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	json_t *o = json_pack("{s:b, s:I}", "intact", c.first_bad == 0, "rows", (json_int_t)c.rows);
	if (c.first_bad) {
		json_object_set_new(o, "first_bad", json_integer(c.first_bad));
		json_object_set_new(o, "reason", json_string(c.why));
	}
	api_send(resp, 200, o);
}
