/*
 * paging — a list's page over the API (service/paging.h): ?limit= and
 * ?after= read once, and the answer {"<key>": [...], "total", "next"}.
 */
#ifndef RELAIS_API_PAGING_H
#define RELAIS_API_PAGING_H

#include <jansson.h>

#include "http/http.h"

struct page;

/* Fills pg from the query (limit from 1 to max, dflt when absent); 0, or
   -1 after answering 422 naming "limit" (a cursor too long or not text
   is refused by the same message; the list refuses, naming "after", a
   cursor it did not write). */
int api_page_query(struct request *req, struct response *resp, struct page *pg, int dflt,
		   int max);
/* Answers {"<key>": list (stolen), "total", "next" (null on the last
   page)} when rc is SVC_OK, the service error otherwise. */
void api_send_page(struct request *req, struct response *resp, int rc, const char *key,
		   json_t *list, const struct page *pg);

#endif
