/*
 * paging — the links between a list's pages (service/paging.h).  Internal
 * to web/.
 */
#ifndef RELAIS_WEB_PAGING_H
#define RELAIS_WEB_PAGING_H

#include "support/buf.h"

struct page;

/*
 * A <nav> with a link back to the first page (first_label) when pg is not
 * the first, and one to the next page (next_label, rel="next") when rows
 * follow; nothing on a list of one page.  first is the first page's URL
 * (path and query, written as is: no data of the request's, or escaped
 * by the caller); the next one adds after=<pg->next> to it.
 */
void web_page_nav(buf *b, const char *first, const struct page *pg, const char *first_label,
		  const char *next_label);

#endif
