/* timeline — a person's timeline over the API (service/person_page.h). */
#include "api/api.h"
#include "api/paging.h"
#include "service/person_page.h"
#include "support/i18n.h"

/* A text member when there is one. */
static void set_text(json_t *o, const char *name, const char *value)
{
	if (value)
		json_object_set_new(o, name, json_string(value));
}

/* Whether the event's number means something (service/person_page.h). */
static int has_number(int event)
{
	switch (event) {
	case TL_CONSENT_STATISTICS:
	case TL_INTERVENTION:
	case TL_AID_SUBMITTED:
	case TL_AID_DECIDED:
	case TL_PART_TIME:
		return 1;
	default:
		return 0;
	}
}

static int timeline_listed(void *ctx, const struct timeline_item *it)
{
	json_t *o = json_pack("{s:s, s:s, s:I}", "event", timeline_event_code(it->event), "date",
			      it->date, "id", (json_int_t)it->id);
	if (!o)
		return 1;
	json_object_set_new(o, "kind",
			    json_string(timeline_kind_code(timeline_event_kind(it->event))));
	if (it->case_id)
		json_object_set_new(o, "case_id", json_integer(it->case_id));
	set_text(o, "code1", it->code1);
	set_text(o, "code2", it->code2);
	set_text(o, "code3", it->code3);
	if (has_number(it->event))
		json_object_set_new(o, "number", json_integer(it->num));
	set_text(o, "name", it->name);
	json_array_append_new(ctx, o);
	return 0;
}

/* GET /api/v1/persons/{id}/timeline: a page (service/paging.h) of the
   person's timeline as the caller may see it, newest first; ?kinds= the
   kinds to keep ("aid,orientation", unknown: 400), ?limit= (1…200, 50 by
   default), ?after= the "next" of the page before. */
void api_persons_timeline(struct request *req, struct response *resp)
{
	unsigned kinds;
	if (timeline_kinds_parse(req_query_joined(req, "kinds"), &kinds) != 0) {
		resp_error(req, resp, 400, "bad_kinds", _(timeline_kinds_unknown), "kinds");
		return;
	}
	struct page pg;
	if (api_page_query(req, resp, &pg, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX) != 0)
		return;
	json_t *list = json_array();
	/* A cursor the timeline did not write: SVC_INVALID on "after". */
	int rc = persons_timeline(req->svc, req->id, kinds, &pg, timeline_listed, list);
	api_send_page(req, resp, rc, "timeline", list, &pg);
}
