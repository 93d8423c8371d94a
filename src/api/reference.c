/* reference — the reference lists over the API: read by every signed-in
   role, edited by the administrator. */
#include "api/api.h"
#include "service/reference.h"
#include "support/i18n.h"

/* {"code","label","parent","retired"}: one entry as the API shows it. */
static json_t *item_json(const struct reference_item *it)
{
	return json_pack("{s:s, s:s, s:s?, s:b}", "code", it->code, "label",
			 it->label ? it->label : "", "parent", it->parent, "retired", it->retired);
}

/* Appends each entry to the array of its list in the {"list": […]} object. */
static int list_item(void *ctx, const struct reference_item *it)
{
	json_t *lists = ctx;
	json_t *arr = json_object_get(lists, it->list);
	if (!arr) {
		arr = json_array();
		json_object_set_new(lists, it->list, arr);
	}
	json_array_append_new(arr, item_json(it));
	return 0;
}

void api_reference_list(struct request *req, struct response *resp)
{
	json_t *lists = json_object();
	/* Every known list appears, in the page's order, even when empty. */
	for (int i = 0; i < reference_lists_count; i++)
		json_object_set_new(lists, reference_lists[i].code, json_array());
	int rc = reference_list(req->svc, list_item, lists);
	if (rc != SVC_OK) {
		json_decref(lists);
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 200, json_pack("{s:o}", "lists", lists));
}

/* reference_get's callback: the entry as {"entry":{…,"list"}}. */
static int entry_json(void *ctx, const struct reference_item *it)
{
	json_t **out = ctx;
	json_t *e = item_json(it);
	json_object_set_new(e, "list", json_string(it->list));
	*out = json_pack("{s:o}", "entry", e);
	return 1;
}

/* Answers status with the entry as now stored. */
static void send_entry(struct request *req, struct response *resp, int status, const char *list,
		       const char *code)
{
	json_t *answer = NULL;
	int rc = reference_get(req->svc, list, code, entry_json, &answer);
	if (rc != SVC_OK || !answer) {
		json_decref(answer);
		resp_svc_error(req, resp, rc != SVC_OK ? rc : SVC_ERROR);
		return;
	}
	api_send(resp, status, answer);
}

/* POST /api/v1/reference/{list} {"code","label","parent"?} → 201. */
void api_reference_add(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	struct reference_input in = {req->params[0], NULL, NULL, NULL};
	/* The list is the path's: the body holds the fields after it. */
	if (api_fields(req, resp, body, reference_add_fields + REF_ADD_CODE,
		       REF_ADD__FIELDS - REF_ADD_CODE, &in) != 0)
		return;
	int rc = reference_add(req->svc, in.list, in.code, in.label, in.parent);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	send_entry(req, resp, 201, in.list, in.code);
}

/* PATCH /api/v1/reference/{list}/{code} {"label"?, "retired"? (bool)} → 200. */
void api_reference_update(struct request *req, struct response *resp)
{
	json_t *body = req->json;
	const char *list = req->params[0];
	const char *code = req->params[1];
	struct reference_change in = {NULL, -1};
	if (api_fields(req, resp, body, reference_update_fields, REF_UPDATE__FIELDS, &in) != 0)
		return;
	const char *label = reference_update_fields[REF_UPDATE_LABEL].name;
	if (!in.label && json_is_string(json_object_get(body, label)))
		in.label = ""; /* sent empty: refused, not kept */
	int rc = reference_update(req->svc, list, code, in.label, in.retired);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	send_entry(req, resp, 200, list, code);
}
