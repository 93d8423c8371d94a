/* dashboard — see dashboard.h. */
#include "service/dashboard.h"

#include <stdio.h>
#include <stdlib.h>

#include "domain/date.h"
#include "service/appointments.h"
#include "service/aids.h"
#include "service/audit.h"
#include "service/internal.h"
#include "service/orientations.h"
#include "service/persons.h"
#include "service/employee_requests.h"
#include "service/employer_requests.h"
#include "service/job_retention.h"
#include "support/log.h"

struct relay {
	svc *s;
	const char *kind;
	const char *today;
	int future; /* days until the date rather than since */
	dashboard_fn fn;
	void *ctx;
};

/* A worker's line: case id, last name, first name, date. */
static int line_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	char *person = persons_full_name_of_row(r->s, row, CASE_DUE_COL_PERSON_ID,
						CASE_DUE_COL_LAST_NAME, CASE_DUE_COL_FIRST_NAME);
	const char *date = store_row_text(row, CASE_DUE_COL_DATE);
	int64_t days = 0;
	if (date && date_valid(date))
		days = r->future ? date_days_between(r->today, date)
				 : date_days_between(date, r->today);
	struct dashboard_item it = {
		r->kind, store_row_int(row, CASE_DUE_COL_CASE_ID), person, date, days, 1, NULL};
	int stop = r->fn(r->ctx, &it);
	free(person);
	return stop;
}

/* One kind: the worker's lines, or the head's count line (when not 0). */
static int kind(svc *s, int head, struct relay *r, enum stmt lines, enum stmt count,
		const char *from, const char *to)
{
	store *db = svc_db(s);
	if (head) {
		int64_t n = 0;
		store_value p[] = {SV_TEXT(from), SV_TEXT(to)};
		if (store_exec(db, count, p, to ? 2 : 1, svc_row_int, &n) != STORE_OK)
			return -1;
		struct dashboard_item it = {r->kind, 0, NULL, NULL, 0, n, NULL};
		return r->fn(r->ctx, &it) < 0 ? -1 : 0;
	}
	store_value p[] = {SV_INT(s->actor.id), SV_TEXT(r->today), SV_TEXT(to ? to : from)};
	return store_exec(db, lines, p, 3, line_row, r) == STORE_OK ? 0 : -1;
}

int dashboard_collect(svc *s, dashboard_fn fn, void *ctx)
{
	/* Workers see their lines; the head, counts; nobody else anything. */
	if (s->system)
		return SVC_OK;
	int head = !svc_may(s, ACT_CASEWORK);
	if (head && !svc_may(s, ACT_CASELOADS))
		return SVC_OK;
	char today[DATE_LEN + 1], quiet[DATE_LEN + 1], week[DATE_LEN + 1];
	date_today(today);
	date_add_days(today, -DASHBOARD_NO_CONTACT_DAYS, quiet);
	date_add_days(today, DASHBOARD_SHARE_DAYS, week);
	struct relay no_contact = {s, "no_contact", today, 0, fn, ctx};
	struct relay shares = {s, "share_ending", today, 1, fn, ctx};
	/* One read for the whole page (svc_page_begin): one snapshot and
	   one access-log entry, the kinds' own reads ("aid.dashboard"…) being
	   the page's; the orientations' no-answer rule, which writes, before
	   it. */
	int rc = orientations_expire_due(s);
	if (rc == SVC_OK)
		rc = svc_page_begin(s, ST__COUNT, NULL, 0, NULL, "dashboard.read");
	if (rc != SVC_OK)
		return rc;
	if (kind(s, head, &no_contact, ST_DASH_NO_CONTACT, ST_DASH_NO_CONTACT_COUNT, quiet, NULL) !=
		0 ||
	    kind(s, head, &shares, ST_DASH_SHARES_ENDING, ST_DASH_SHARES_ENDING_COUNT, today,
		 week) != 0)
		rc = SVC_ERROR;
	int (*const more[])(svc *, dashboard_fn, void *) = {appointments_dashboard,
							     aids_dashboard,
							     orientations_dashboard,
							     job_retention_dashboard,
							     employer_requests_dashboard,
							     employee_requests_dashboard,
							     persons_dashboard};
	for (size_t i = 0; i < sizeof more / sizeof more[0] && rc == SVC_OK; i++)
		rc = more[i](s, fn, ctx);
	rc = svc_page_end(s, rc);
	if (rc == SVC_ERROR)
		log_error("dashboard_collect: %s", store_errmsg(svc_db(s)));
	return rc;
}
