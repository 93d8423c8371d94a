/* case_page — see case_page.h. */
#include "service/case_page.h"

#include "service/internal.h"
#include "service/orientations.h"

int case_page(svc *s, int64_t id, case_fn fn, page_sections_fn sections, void *ctx)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	/* The orientations' no-answer rule writes: before the snapshot. */
	int rc = orientations_expire_due(s);
	if (rc != SVC_OK)
		return rc;
	rc = svc_page_begin(s, ST_CASE_ACCESS, "case", id, "case.read_denied",
				"case.page_read");
	if (rc != SVC_OK)
		return rc;
	rc = cases_get(s, id, fn, ctx);
	if (rc == SVC_OK && sections)
		rc = sections(ctx);
	return svc_page_end(s, rc);
}
