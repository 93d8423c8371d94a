/* interventions — what was done in a case, over the API. */
#include <string.h>

#include "api/api.h"
#include "service/interventions.h"
#include "service/paging.h"
#include "support/i18n.h"
#include "support/text.h"

void api_interventions_create(struct request *req, struct response *resp)
{
	int64_t cid = req->id;
	json_t *body = req->json;
	struct intervention_input in;
	memset(&in, 0, sizeof in);
	if (api_fields(req, resp, body, interventions_fields, INTERVENTION__FIELDS, &in) == 0) {
		int64_t id = 0;
		int rc = interventions_create(req->svc, cid, &in, &id);
		if (rc != SVC_OK)
			resp_svc_error(req, resp, rc);
		else
			api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
	}
}

int api_intervention_listed(void *ctx, const struct intervention_view *v)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:o}", "id", (json_int_t)v->id,
			      "date", v->date, "mode", v->mode, "kind", v->kind, "duration_minutes",
			      (json_int_t)v->duration_minutes, "author", v->author, "notes",
			      api_nullable(v->notes));
	/* The private note exists in the answer only for its author. */
	if (v->own)
		json_object_set_new(o, "private_note", api_nullable(v->private_note));
	json_array_append_new(ctx, o);
	return 0;
}

/* A page (service/paging.h): ?limit= (1…200, 50 by default) and ?after=
   the "next" of the page before; "next" is null on the last page. */
void api_interventions_list(struct request *req, struct response *resp)
{
	struct page pg;
	if (api_page_query(req, resp, &pg) != 0)
		return;
	json_t *list = json_array();
	int rc = interventions_page(req->svc, req->id, &pg, api_intervention_listed, list);
	api_send_page(req, resp, rc, "interventions", list, &pg);
}
