/* timeline — a person's timeline over the API (service/person_page.h). */
#include "api/api.h"
#include "api/paging.h"
#include "service/person_page.h"

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
	if (api_page_query(req, resp, &pg, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX) != 0)
		return;
	json_t *list = json_array();
	/* A cursor the timeline did not write: SVC_INVALID on "after". */
	int rc = persons_timeline(req->svc, req->id, &pg, timeline_listed, list);
	api_send_page(req, resp, rc, "timeline", list, &pg);
}
