/* person_page — see person_page.h. */
#include "service/person_page.h"

#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "domain/date.h"
#include "service/internal.h"
#include "service/paging_read.h"
#include "support/i18n.h"

int person_page(svc *s, int64_t id, person_fn fn, page_sections_fn sections, void *ctx)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	int rc = svc_page_begin(s, ST_PERSON_ACCESS, "person", id, "person.read_denied",
				"person.page_read");
	if (rc != SVC_OK)
		return rc;
	rc = persons_get(s, id, fn, ctx);
	if (rc == SVC_OK && sections)
		rc = sections(ctx);
	return svc_page_end(s, rc);
}

struct relay {
	struct page *pg;
	timeline_fn fn;
	void *ctx;
	int n; /* rows seen (one more than the page: there are more) */
};

static int timeline_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	if (++r->n > r->pg->limit) {
		r->pg->more = 1;
		return 1;
	}
	struct timeline_item it = {
		(int)store_row_int(row, TIMELINE_COL_RANK),
		store_row_int(row, TIMELINE_COL_ID),
		store_row_int(row, TIMELINE_COL_CASE_ID),
		store_row_text(row, TIMELINE_COL_DAY),
		store_row_text(row, TIMELINE_COL_CODE1),
		store_row_text(row, TIMELINE_COL_CODE2),
		store_row_text(row, TIMELINE_COL_CODE3),
		store_row_int(row, TIMELINE_COL_NUM),
		store_row_text(row, TIMELINE_COL_NAME),
	};
	page_cursor_date_int_id(r->pg->next, it.date, it.event, it.id);
	return r->fn ? r->fn(r->ctx, &it) : 0;
}

/* The offset of the process time zone from UTC now, in seconds: the
   store turns times into days with it. */
static int64_t utc_offset(void)
{
	time_t now = time(NULL);
	struct tm tm;
	char day[DATE_LEN + 1];
	if (!localtime_r(&now, &tm))
		return 0;
	if (strftime(day, sizeof day, "%Y-%m-%d", &tm) != DATE_LEN || !date_valid(day))
		return 0;
	int64_t local = date_to_days(day) * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return local - (int64_t)now;
}

int persons_timeline(svc *s, int64_t person_id, unsigned kinds, struct page *pg, timeline_fn fn,
		     void *ctx)
{
	char date[DATE_LEN + 1] = "9999-12-31";
	/* The rank is an event's (an integer of the statement, not a BIGINT). */
	int64_t rank = TL__END, after = INT64_MAX;
	if (pg->after[0] && (page_cursor_date_int_id_parse(pg->after, date, &rank, &after) != 0 ||
			     !timeline_event_code((int)(rank < TL__END ? rank : 0))))
		return page_refuse_cursor(s);
	int rc = svc_gate_begin(s, ST_PERSON_ACCESS, "person", person_id, "person.timeline_denied");
	if (rc != SVC_OK)
		return rc;
	char today[DATE_LEN + 1], object[24];
	date_today(today);
	snprintf(object, sizeof object, "%" PRId64, person_id);
	struct relay r = {pg, fn, ctx, 0};
	pg->more = 0;
	pg->next[0] = '\0';
	pg->total = 0;
	store *db = svc_db(s);
	int64_t user = s->actor.id, mask = kinds & TIMELINE_KINDS_ALL, offset = utc_offset();
	store_value c[] = {SV_INT(person_id), SV_INT(user), SV_TEXT(today), SV_INT(mask),
			   SV_INT(offset)};
	store_value p[] = {SV_INT(person_id), SV_INT(user), SV_TEXT(today), SV_INT(mask),
			   SV_INT(offset),    SV_TEXT(date), SV_INT(rank),	SV_INT(after),
			   SV_INT(pg->limit + 1)};
	if (svc_audit(s, "person.timeline", "person", object) != 0 ||
	    store_exec(db, ST_PERSON_TIMELINE_COUNT, c, 5, svc_row_int, &pg->total) != STORE_OK ||
	    store_exec(db, ST_PERSON_TIMELINE_PAGE, p, 9, timeline_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "persons_timeline");
	if (!pg->more)
		pg->next[0] = '\0';
	return SVC_OK;
}
