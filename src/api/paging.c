/* paging — see api/paging.h. */
#include "api/paging.h"

#include "api/api.h"
#include "service/paging.h"
#include "support/i18n.h"

int api_page_query(struct request *req, struct response *resp, struct page *pg, int dflt,
		   int max)
{
	if (page_from_query_bounded(pg, req_query(req, "limit"), req_query(req, "after"), dflt,
				    max) == 0)
		return 0;
	resp_error(req, resp, 422, "invalid",
		   arena_printf(req->a,
				_("La taille de page (limit) va de 1 à %d ; le curseur (after) est "
				  "celui qu'a donné la page précédente."),
				max),
		   "limit");
	return -1;
}

void api_send_page(struct request *req, struct response *resp, int rc, const char *key,
		   json_t *list, const struct page *pg)
{
	if (rc != SVC_OK) {
		json_decref(list);
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 200, json_pack("{s:o, s:I, s:o}", key, list, "total", (json_int_t)pg->total,
				      "next", api_nullable(pg->more ? pg->next : NULL)));
}
