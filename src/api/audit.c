/* audit — the access log over the API (auditor). */
#include "api/api.h"
#include "api/paging.h"
#include "service/audit.h"
#include "service/paging.h"
#include "support/text.h"
#include "support/i18n.h"

#define AUDIT_API_PAGE 100
#define AUDIT_API_PAGE_MAX 1000

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

/* A page of the log (service/paging.h), newest first: 100 entries by
   default, up to 1000 (the auditor reads long stretches). */
void api_audit_list(struct request *req, struct response *resp)
{
	struct page pg;
	if (api_page_query(req, resp, &pg, AUDIT_API_PAGE, AUDIT_API_PAGE_MAX) != 0)
		return;
	json_t *list = json_array();
	api_send_page(req, resp, audit_page(req->svc, NULL, &pg, entry_json, list), "entries", list, &pg);
}

void api_audit_verify(struct request *req, struct response *resp)
{
	struct audit_check c;
	int rc = audit_verify(req->svc, &c);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	json_t *o = json_pack("{s:b, s:I, s:I, s:I, s:I}", "intact", audit_check_ok(&c), "rows",
			      (json_int_t)c.rows, "from", (json_int_t)c.from, "head",
			      (json_int_t)c.head, "anchored", (json_int_t)c.anchored);
	json_t *tampering = json_array();
	for (unsigned f = 1; f < 1u << AUDIT_TAMPER_KINDS; f <<= 1)
		if (c.tamper & f)
			json_array_append_new(tampering, json_string(_(audit_tamper_name(f))));
	json_object_set_new(o, "tampering", tampering);
	if (c.first_bad) {
		json_object_set_new(o, "first_bad", json_integer(c.first_bad));
		json_object_set_new(o, "reason", json_string(c.why));
	}
	api_send(resp, 200, o);
}

static int read_json(void *ctx, const struct report_read *r)
{
	json_array_append_new(json_object_get(ctx, "reads"),
			      json_pack("{s:I, s:o, s:o}", "at", (json_int_t)r->at, "login",
					api_nullable(r->login), "object", api_nullable(r->object)));
	return 0;
}

static int alert_json(void *ctx, const struct report_read_alert *a)
{
	json_array_append_new(json_object_get(ctx, "alerts"),
			      json_pack("{s:s, s:s, s:I}", "login", a->login, "day", a->day,
					"reads", (json_int_t)a->reads));
	return 0;
}

/* The employer accounts' report reads and the days one read too many. */
void api_audit_report_reads(struct request *req, struct response *resp)
{
	int64_t limit = 200;
	const char *l = req_query(req, "limit");
	if (l && text_parse_int(l, 1, 1000, &limit) != 0) {
		resp_error(req, resp, 422, "invalid", _("« limit » doit être un entier de 1 à 1000."),
			   "limit");
		return;
	}
	json_t *o = json_pack("{s:[], s:[]}", "alerts", "reads");
	struct report_reads rr = {0, alert_json, read_json, o};
	int rc = audit_report_reads(req->svc, (int)limit, &rr);
	if (rc != SVC_OK) {
		json_decref(o);
		resp_svc_error(req, resp, rc);
		return;
	}
	json_object_set_new(o, "threshold", json_integer(rr.threshold));
	api_send(resp, 200, o);
}
