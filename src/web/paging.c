/* paging — see web/paging.h. */
#include "web/paging.h"

#include <string.h>

#include "service/paging.h"
#include "support/html.h"
#include "support/i18n.h"

void web_page_nav(buf *b, const char *first, const struct page *pg, const char *first_label,
		  const char *next_label)
{
	if (!pg->after[0] && !pg->more)
		return;
	html(b, "<nav aria-label=\"");
	html_attr(b, _("Pages"));
	html(b, "\"><ul>\n");
	if (pg->after[0]) {
		html(b, "<li><a href=\"");
		html_attr(b, first);
		html(b, "\">");
		html_txt(b, first_label);
		html(b, "</a></li>\n");
	}
	if (pg->more) {
		html(b, "<li><a href=\"");
		html_attr(b, first);
		html(b, strchr(first, '?') ? "&amp;after=" : "?after=");
		html_url_arg(b, pg->next);
		html(b, "\" rel=\"next\">");
		html_txt(b, next_label);
		html(b, "</a></li>\n");
	}
	html(b, "</ul></nav>\n");
}
