/* timeline — a person's timeline over the API (service/person_page.h). */
#include "api/api.h"
#include "service/person_page.h"
#include "support/i18n.h"

static int timeline_listed(void *ctx, const struct timeline_item *it)
{
	json_array_append_new(ctx, json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}", "id",
					     (json_int_t)it->id, "case_id", (json_int_t)it->case_id,
					     "date", it->date, "mode", it->mode, "kind", it->kind,
					     "duration_minutes", (json_int_t)it->duration_minutes));
	return 0;
}

/* GET /api/v1/persons/{id}/timeline: a page (service/paging.h) of the
   interventions of the person's cases the caller may open, newest first;
   ?limit= (1…200, 50 by default), ?after= the "next" of the page before. */
void api_persons_timeline(struct request *req, struct response *resp)
{
	struct page pg;
	if (page_from_query(&pg, req_query(req, "limit"), req_query(req, "after")) != 0) {
		resp_error(req, resp, 422, "invalid",
			   _("La taille de page (limit) va de 1 à 200 ; le curseur (after) est celui "
			     "qu'a donné la page précédente."),
			   "limit");
		return;
	}
	json_t *list = json_array();
	/* A cursor the timeline did not write: SVC_INVALID on "after". */
	int rc = persons_timeline(req->svc, req->id, &pg, timeline_listed, list);
	if (rc != SVC_OK) {
		json_decref(list);
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 200, json_pack("{s:o, s:I, s:o}", "timeline", list, "total",
				      (json_int_t)pg.total, "next", api_nullable(pg.more ? pg.next : NULL)));
}
