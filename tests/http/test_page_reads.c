/*
 * test_page_reads — one read per page (issue 15): a view of the case page,
 * of the person page and of the dashboard writes exactly one access-log
 * entry naming what was read ("case.page_read", "person.page_read",
 * "dashboard.read"), a refused one only its refusal; the pages' use cases
 * (service/case_page.h, person_page.h, dashboard.h), called here with the
 * reads their web sections make, read in one snapshot, write their entry
 * in one transaction after it and run at most N statements, as the store
 * counts them (store_counts_of_thread).  And
 * the person's timeline a page at a time: on the person page the latest
 * ten with a link to older ones, a cursor it did not write sent back to
 * the latest; over the API limit/after/next/total; a stable order across
 * pages while entries are added; 404 for whoever may not open the person,
 * and a colleague sharing one case sees that case's entries only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/date.h"
#include "http/harness.h"
#include "service/access.h"
#include "service/aids.h"
#include "service/app.h"
#include "service/appointments.h"
#include "service/attachments.h"
#include "service/auth.h"
#include "service/budget.h"
#include "service/case_page.h"
#include "service/cases.h"
#include "service/dashboard.h"
#include "service/internal.h"
#include "service/interventions.h"
#include "service/job_retention.h"
#include "service/letters.h"
#include "service/organisations.h"
#include "service/orientations.h"
#include "service/partners.h"
#include "service/person_page.h"
#include "service/persons.h"
#include "service/reference.h"
#include "service/rights.h"
#include "service/second_factor.h"
#include "service/secrecy.h"
#include "service/sharing.h"
#include "service/users.h"
#include "store/store.h"

#define N_IVS 25
/* The timeline's paging is checked on its interventions (test_timeline.c
   checks the other kinds). */
#define IVS_ONLY (1u << TK_INTERVENTION)

/* The most statements each page's read may run, as measured (SQLite and
   PostgreSQL alike): a fixed number a section, whatever its rows.  The
   case page: the check, the entry (lock, tail, insert), the case, the
   reference lists' version, then its sections (interventions: count and
   page; aids; budget: month and history; orientations: the expiry and the
   list; job retention: the record and its periods; shares).  The person
   page: the check, the entry, the person, the organisations, the lists'
   version, the cases, the timeline (count and page).  The dashboard: the
   entry, then each kind's lines. */
#define CASE_PAGE_MAX_STATEMENTS 20
#define PERSON_PAGE_MAX_STATEMENTS 11
#define DASHBOARD_MAX_STATEMENTS 13

static struct fixture fx;
static struct sess w1, w2;
static long long person_id, case_id;

#define PORT fx.srv.port

/* A person of acme's named last_name, and a case of w1's for it: the case's
   id (the person's in *person), or -1. */
static long long open_case(const char *last_name, long long *person)
{
	struct http_resp r;
	char body[256];
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"last_name\":\"%s\",\"first_name\":\"Une\","
		 "\"consent\":{\"accompaniment_on\":\"2024-01-02\"}}",
		 last_name);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons", body, &r) != 201)
		return -1;
	*person = created_id(&r);
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-01-02\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 *person);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r) != 201)
		return -1;
	return created_id(&r);
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker", "w2:worker", "head1:head", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess head;
	if (api_login(PORT, "w1", TEST_PASSWORD, &w1) != 200 ||
	    api_login(PORT, "w2", TEST_PASSWORD, &w2) != 200 ||
	    api_login(PORT, "head1", TEST_PASSWORD, &head) != 200)
		return -1;
	const char *workers[] = {"w1", "w2"};
	for (int i = 0; i < 2; i++) {
		char body[64];
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", workers[i]);
		if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", body,
			    NULL) != 200)
			return -1;
	}
	case_id = open_case("Lecture", &person_id);
	if (case_id <= 0)
		return -1;
	char body[256], path[64];
	/* Two a day: ties on the date are ordered by id. */
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_id);
	for (int i = 0; i < N_IVS; i++) {
		snprintf(body, sizeof body,
			 "{\"date\":\"2024-03-%02d\",\"mode\":\"bureau\",\"kind\":\"entretien\","
			 "\"duration_minutes\":30,\"notes\":\"Note secrète %d\"}",
			 1 + i / 2, i);
		if (http_as(PORT, &w1, 1, "POST", path, body, NULL) != 201)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* ---- the access log, read behind the server's back ---- */

struct entries {
	int n;
	char action[8][48], type[8][16], object[8][24];
};

static int entry_row(void *ctx, const store_row *row)
{
	struct entries *e = ctx;
	if (e->n < 8) {
		const char *t = store_row_text(row, AUDIT_COL_OBJECT_TYPE);
		const char *o = store_row_text(row, AUDIT_COL_OBJECT_ID);
		snprintf(e->action[e->n], sizeof e->action[0], "%s",
			 store_row_text(row, AUDIT_COL_ACTION));
		snprintf(e->type[e->n], sizeof e->type[0], "%s", t ? t : "");
		snprintf(e->object[e->n], sizeof e->object[0], "%s", o ? o : "");
	}
	e->n++;
	return 0;
}

static int last_row(void *ctx, const store_row *row)
{
	*(int64_t *)ctx = store_row_int(row, 0);
	return 1;
}

static int64_t audit_last(void)
{
	store *s = NULL;
	char err[256];
	if (store_open(fx.db, &s, err, sizeof err) != 0)
		fail_msg("store_open: %s", err);
	int64_t seq = 0;
	assert_int_equal(store_exec(s, ST_AUDIT_LAST, NULL, 0, last_row, &seq), STORE_OK);
	store_close(s);
	return seq;
}

/* The entries appended after seq. */
static struct entries audit_after(int64_t seq)
{
	struct entries e;
	memset(&e, 0, sizeof e);
	store *s = NULL;
	char err[256];
	if (store_open(fx.db, &s, err, sizeof err) != 0)
		fail_msg("store_open: %s", err);
	store_value p[] = {SV_INT(seq), SV_INT(100)};
	assert_int_equal(store_exec(s, ST_AUDIT_SCAN, p, 2, entry_row, &e), STORE_OK);
	store_close(s);
	return e;
}

/* GET path as s answers status and appends exactly one entry: action on
   object type/id (id 0: no object). */
static void one_entry(const struct sess *s, const char *path, int status, const char *action,
		      const char *type, long long id)
{
	int64_t before = audit_last();
	struct http_resp r;
	assert_int_equal(http_as(PORT, s, 0, "GET", path, NULL, &r), status);
	http_resp_free(&r);
	struct entries e = audit_after(before);
	if (e.n != 1)
		fail_msg("GET %s: %d access-log entries (first: %s), one expected", path, e.n,
			 e.n ? e.action[0] : "none");
	assert_string_equal(e.action[0], action);
	assert_string_equal(e.type[0], type ? type : "");
	char object[24] = "";
	if (id)
		snprintf(object, sizeof object, "%lld", id);
	assert_string_equal(e.object[0], object);
}

static void test_one_entry_per_page(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/cases/%lld", case_id);
	one_entry(&w1, path, 200, "case.page_read", "case", case_id);
	one_entry(&w2, path, 404, "case.read_denied", "case", case_id);
	snprintf(path, sizeof path, "/persons/%lld", person_id);
	one_entry(&w1, path, 200, "person.page_read", "person", person_id);
	one_entry(&w2, path, 404, "person.read_denied", "person", person_id);
	one_entry(&w1, "/", 200, "dashboard.read", NULL, 0);
	/* The API keeps its own reads. */
	snprintf(path, sizeof path, "/api/v1/cases/%lld", case_id);
	one_entry(&w1, path, 200, "case.read", "case", case_id);
}

/* ---- the statements of each page's read, in process ---- */

/* A row callback that keeps nothing. */
#define NO_ROWS(name, type)                                                                      \
	static int name(void *ctx, const type *v)                                               \
	{                                                                                       \
		(void)ctx, (void)v;                                                              \
		return 0;                                                                        \
	}
NO_ROWS(no_case, struct case_view)
NO_ROWS(no_person, struct person_view)
NO_ROWS(no_iv, struct intervention_view)
NO_ROWS(no_aid, struct aid_view)
NO_ROWS(no_budget, struct budget_view)
NO_ROWS(no_orientation, struct orientation_view)
NO_ROWS(no_share, struct share_view)
NO_ROWS(no_ref, struct reference_item)
NO_ROWS(no_org, struct org_info)
NO_ROWS(no_retention, struct job_retention_view)
NO_ROWS(no_period, struct period_view)
NO_ROWS(no_line, struct dashboard_item)
static int timeline_count(void *ctx, const struct timeline_item *v)
{
	(void)v;
	(*(int *)ctx)++;
	return 0;
}

struct call {
	svc *s;
	int64_t id;
};

/* What the case page's sections read (web/case_page.c and the files of
   its sections), in their order. */
static int case_sections(void *ctx)
{
	struct call *c = ctx;
	struct page pg;
	page_from_query(&pg, "10", NULL);
	struct job_retention_sink sink = {no_retention, no_period, no_period, NULL};
	int rc = reference_list(c->s, no_ref, NULL);
	if (rc == SVC_OK)
		rc = interventions_page(c->s, c->id, &pg, no_iv, NULL);
	if (rc == SVC_OK)
		rc = aids_list(c->s, c->id, no_aid, NULL);
	if (rc == SVC_OK)
		rc = budget_get(c->s, c->id, NULL, no_budget, NULL);
	if (rc == SVC_OK)
		rc = budget_history(c->s, c->id, no_budget, NULL);
	if (rc == SVC_OK)
		rc = orientations_list(c->s, c->id, no_orientation, NULL);
	if (rc == SVC_OK)
		rc = job_retention_get(c->s, c->id, &sink);
	if (rc == SVC_OK)
		rc = sharing_list(c->s, c->id, no_share, NULL);
	return rc;
}

/* What the person page reads after the person (web/persons.c, timeline.c). */
static int person_sections(void *ctx)
{
	struct call *c = ctx;
	struct page pg;
	page_from_query(&pg, "10", NULL);
	int n = 0;
	int rc = organisations_list(c->s, no_org, NULL);
	if (rc == SVC_OK)
		rc = reference_list(c->s, no_ref, NULL);
	if (rc == SVC_OK)
		rc = cases_of_person(c->s, c->id, no_case, NULL);
	if (rc == SVC_OK)
		rc = persons_timeline(c->s, c->id, TIMELINE_KINDS_ALL, &pg, timeline_count, &n);
	assert_int_equal(n, 10);
	return rc;
}

/* The fixture's service, opened in this process. */
static app *open_app(void)
{
	struct app_config cfg = {.db = fx.db, .key_file = fx.key, .connections = 1,
				 .session_idle = 1800, .session_max = 43200};
	app *a = NULL;
	char err[256];
	if (app_open(&cfg, &a, err, sizeof err) != 0)
		fail_msg("app_open: %s", err);
	return a;
}

/* A call signed in as who's session. */
static svc *signed_in(app *a, const struct sess *who)
{
	svc *s = svc_open(a, "127.0.0.1");
	assert_int_equal(auth_resume(s, strchr(who->cookie, '=') + 1), SVC_OK);
	return s;
}

enum which { CASE_PAGE, PERSON_PAGE, DASHBOARD };

/* Runs one page's read as s; its statement and transaction counts. */
static struct store_counts page_read(app *a, const struct sess *who, enum which w)
{
	svc *s = signed_in(a, who);
	struct call c = {s, w == CASE_PAGE ? case_id : person_id};
	/* Warm: the connection, the reference lists' cache. */
	assert_int_equal(reference_list(s, no_ref, NULL), SVC_OK);
	int64_t before_seq = audit_last();
	struct store_counts before = store_counts_of_thread();
	int rc = w == CASE_PAGE	    ? case_page(s, case_id, no_case, case_sections, &c)
		 : w == PERSON_PAGE ? person_page(s, person_id, no_person, person_sections, &c)
				    : dashboard_collect(s, no_line, NULL);
	struct store_counts after = store_counts_of_thread();
	assert_int_equal(rc, SVC_OK);
	svc_close(s);
	assert_int_equal(audit_after(before_seq).n, 1);
	struct store_counts d = {after.statements - before.statements,
				 after.transactions - before.transactions,
				 after.snapshots - before.snapshots, after.alone - before.alone};
	return d;
}

static void test_statements(void **state)
{
	(void)state;
	app *a = open_app();
	static const char *const names[] = {"case page", "person page", "dashboard"};
	static const uint64_t max[] = {CASE_PAGE_MAX_STATEMENTS, PERSON_PAGE_MAX_STATEMENTS,
				       DASHBOARD_MAX_STATEMENTS};
	for (int w = CASE_PAGE; w <= DASHBOARD; w++) {
		struct store_counts d = page_read(a, &w1, (enum which)w);
		print_message("%s: %llu statements, %llu snapshot(s), %llu transaction(s)\n",
			      names[w], (unsigned long long)d.statements,
			      (unsigned long long)d.snapshots, (unsigned long long)d.transactions);
		/* The reads in one snapshot, the entry in one write transaction
		   after them (svc_page_begin). */
		assert_int_equal(d.snapshots, 1);
		assert_int_equal(d.transactions, 1);
		if (d.statements > max[w])
			fail_msg("%s: %llu statements, at most %llu", names[w],
				 (unsigned long long)d.statements, (unsigned long long)max[w]);
	}
	app_close(a);
}

/* ---- the person's timeline ---- */

/* The dates of the timeline's entries in body, in page order. */
static int timeline_dates(const char *body, char dates[][11], int max)
{
	const char *s = strstr(body, "id=\"chronologie\"");
	assert_non_null(s);
	const char *end = strstr(s, "</section>");
	assert_non_null(end);
	int n = 0;
	/* Each entry starts with its date in French, as the case page writes it;
	   the link names its case. */
	for (const char *p = s; (p = strstr(p, "<li><strong>")) && p < end; p += 12) {
		assert_true(n < max);
		const char *d = strstr(p, "</strong>");
		snprintf(dates[n], 11, "%.*s", (int)(d - p - 12 < 10 ? d - p - 12 : 10), p + 12);
		n++;
	}
	return n;
}

/* The href of the "older" link (rel="next") into out; 0 when none. */
static int older_link(const char *body, char *out, size_t len)
{
	const char *rel = strstr(body, "\" rel=\"next\"");
	if (!rel)
		return 0;
	const char *h = rel;
	while (h > body && strncmp(h, "href=\"", 6) != 0)
		h--;
	snprintf(out, len, "%.*s", (int)(rel - h - 6), h + 6);
	/* The attribute's "&amp;" is "&" in the address. */
	for (char *amp; (amp = strstr(out, "&amp;"));)
		memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
	/* A browser keeps the fragment for itself. */
	char *fragment = strchr(out, '#');
	if (fragment)
		*fragment = '\0';
	return 1;
}

static void test_timeline(void **state)
{
	(void)state;
	char path[256], dates[16][11];
	snprintf(path, sizeof path, "/persons/%lld?kinds=intervention", person_id);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, "Chronologie");
	expect_in(&r, "25 éléments dans les suivis que vous pouvez ouvrir");
	expect_not_in(&r, "Les plus récentes");
	assert_int_equal(timeline_dates(r.body, dates, 16), 10);
	/* The latest first: 2024-03-13 (one), then two a day. */
	int pages = 1, seen = 10;
	char next[256];
	while (older_link(r.body, next, sizeof next)) {
		http_resp_free(&r);
		assert_non_null(strstr(next, "?kinds=intervention&after="));
		assert_int_equal(http_as(PORT, &w1, 0, "GET", next, NULL, &r), 200);
		expect_in(&r, "Les plus récentes");
		int n = timeline_dates(r.body, dates, 16);
		assert_true(n > 0 && n <= 10);
		seen += n;
		pages++;
	}
	http_resp_free(&r);
	assert_int_equal(pages, 3);
	assert_int_equal(seen, N_IVS);
	/* A cursor it did not write: back to the latest. */
	snprintf(path, sizeof path, "/persons/%lld?after=nimporte-quoi", person_id);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 303);
	http_resp_free(&r);
	/* Whoever may not open the person: not found, with or without a cursor. */
	snprintf(path, sizeof path, "/persons/%lld?after=2024-03-05.3", person_id);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", path, NULL, &r), 404);
	expect_not_in(&r, "Chronologie");
	http_resp_free(&r);
}

/* The API's pages: limit, after, next, total; refusals. */
static void test_timeline_api(void **state)
{
	(void)state;
	char path[256], next[128] = "";
	long long last_id = 0;
	char last_date[11] = "9999-12-31";
	int seen = 0, pages = 0;
	do {
		snprintf(path, sizeof path, "/api/v1/persons/%lld/timeline?kinds=intervention&limit=10%s%s",
			 person_id,
			 next[0] ? "&after=" : "", next);
		struct http_resp r;
		assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
		expect_not_in(&r, "Note secrète");
		json_t *j = http_json(&r);
		assert_non_null(j);
		assert_int_equal(json_integer_value(json_object_get(j, "total")), N_IVS);
		json_t *list = json_object_get(j, "timeline"), *v;
		size_t i;
		json_array_foreach(list, i, v)
		{
			const char *date = json_string_value(json_object_get(v, "date"));
			long long id = json_integer_value(json_object_get(v, "id"));
			int c = strcmp(last_date, date);
			assert_true(c > 0 || (c == 0 && last_id > id));
			assert_int_equal(json_integer_value(json_object_get(v, "case_id")), case_id);
			snprintf(last_date, sizeof last_date, "%s", date);
			last_id = id;
			seen++;
		}
		json_t *nx = json_object_get(j, "next");
		snprintf(next, sizeof next, "%s", json_is_string(nx) ? json_string_value(nx) : "");
		json_decref(j);
		http_resp_free(&r);
		pages++;
	} while (next[0]);
	assert_int_equal(pages, 3);
	assert_int_equal(seen, N_IVS);
	snprintf(path, sizeof path, "/api/v1/persons/%lld/timeline?limit=0", person_id);
	expect_api(PORT, &w1, "GET", path, NULL, 422, "limit");
	snprintf(path, sizeof path, "/api/v1/persons/%lld/timeline?after=2024-02-30.4", person_id);
	expect_api(PORT, &w1, "GET", path, NULL, 422, "after");
	snprintf(path, sizeof path, "/api/v1/persons/%lld/timeline", person_id);
	expect_api(PORT, &w2, "GET", path, NULL, 404, NULL);
	snprintf(path, sizeof path, "/api/v1/persons/%lld/timeline", person_id + 1000);
	expect_api(PORT, &w1, "GET", path, NULL, 404, NULL);
}

/* The service's order: newest first, ties by id, every entry once across
   pages, even when an intervention is added between two pages. */
struct order {
	int n;
	long long id[N_IVS + 4];
	char date[N_IVS + 4][11];
};

static int keep_order(void *ctx, const struct timeline_item *it)
{
	struct order *o = ctx;
	assert_true(o->n < N_IVS + 4);
	o->id[o->n] = it->id;
	snprintf(o->date[o->n], 11, "%s", it->date);
	o->n++;
	return 0;
}

static void test_timeline_order(void **state)
{
	(void)state;
	app *a = open_app();
	svc *s = signed_in(a, &w1);
	struct order o;
	memset(&o, 0, sizeof o);
	struct page pg;
	page_from_query(&pg, "7", NULL);
	assert_int_equal(persons_timeline(s, person_id, IVS_ONLY, &pg, keep_order, &o), SVC_OK);
	assert_int_equal(pg.total, N_IVS);
	/* Meanwhile, a new one at the top: the next pages neither repeat nor skip. */
	char path[64];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_id);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", path,
				 "{\"date\":\"2024-04-01\",\"mode\":\"bureau\",\"kind\":\"entretien\","
				 "\"duration_minutes\":10}",
				 NULL),
			 201);
	while (pg.more) {
		char after[PAGE_CURSOR_LEN + 1];
		snprintf(after, sizeof after, "%s", pg.next);
		page_from_query(&pg, "7", after);
		assert_int_equal(persons_timeline(s, person_id, IVS_ONLY, &pg, keep_order, &o), SVC_OK);
	}
	assert_int_equal(o.n, N_IVS);
	for (int i = 1; i < o.n; i++) {
		int c = strcmp(o.date[i - 1], o.date[i]);
		assert_true(c > 0 || (c == 0 && o.id[i - 1] > o.id[i]));
	}
	/* A cursor it did not write, refused on "after". */
	page_from_query(&pg, "7", "2024-13-01.5");
	assert_int_equal(persons_timeline(s, person_id, IVS_ONLY, &pg, keep_order, &o), SVC_INVALID);
	svc_close(s);
	/* Whoever may not open the person: not found. */
	s = signed_in(a, &w2);
	page_from_query(&pg, "7", NULL);
	assert_int_equal(persons_timeline(s, person_id, IVS_ONLY, &pg, keep_order, &o), SVC_NOT_FOUND);
	svc_close(s);
	app_close(a);
}

/* The total of the person's timeline over the API as s; every entry's
   case must be only_case when it is not 0. */
static long long api_total(const struct sess *s, long long only_case)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/persons/%lld/timeline?kinds=intervention&limit=200",
		 person_id);
	struct http_resp r;
	assert_int_equal(http_as(PORT, s, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	assert_non_null(j);
	json_t *v;
	size_t i;
	json_array_foreach(json_object_get(j, "timeline"), i, v)
		if (only_case)
			assert_int_equal(json_integer_value(json_object_get(v, "case_id")), only_case);
	long long total = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	http_resp_free(&r);
	return total;
}

/* A colleague with a live share of one of the person's cases sees that
   case's entries only. */
static void test_timeline_shared(void **state)
{
	(void)state;
	char body[256], path[64], today[DATE_LEN + 1];
	struct http_resp r;
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-05-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 person_id);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r), 201);
	long long other = created_id(&r);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", other);
	for (int i = 0; i < 3; i++)
		assert_int_equal(http_as(PORT, &w1, 1, "POST", path,
					 "{\"date\":\"2024-05-02\",\"mode\":\"bureau\","
					 "\"kind\":\"entretien\",\"duration_minutes\":20}",
					 NULL),
				 201);
	date_today(today);
	snprintf(body, sizeof body, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"Congé\"}",
		 today);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/shares", case_id);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", path, body, NULL), 201);
	/* w1: both cases (N_IVS, one added by test_timeline_order, three). */
	assert_int_equal(api_total(&w1, 0), N_IVS + 1 + 3);
	/* w2: the shared case's only, on the API and on the page. */
	assert_int_equal(api_total(&w2, case_id), N_IVS + 1);
	snprintf(path, sizeof path, "/persons/%lld?kinds=intervention", person_id);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", path, NULL, &r), 200);
	snprintf(body, sizeof body, "%d éléments dans les suivis que vous pouvez ouvrir",
		 N_IVS + 1);
	expect_in(&r, body);
	snprintf(body, sizeof body, "/cases/%lld#", other);
	expect_not_in(&r, body);
	http_resp_free(&r);
}

/* ---- the writes: checked and written in one transaction ---- */

enum write_kind { W_INTERVENTION, W_AID, W_DECIDE, W_BUDGET, W_ORIENTATION, W_STATUS, W_MOVE,
		  W_DELETE, W_IV_CORRECT, W_IV_DELETE, W_AID_CORRECT, W_AID_DELETE, W_CASE,
		  W_ORIENTATION_STATUS, W_PERSON, W_SECRECY, W_SHARE, W_SHARE_END, W_RETENTION,
		  W_LEAVE, W_SECRECY_DELETE, W_ATTACHMENT_DELETE, W_LETTER, W_APPT_INTERVENTION,
		  W_NOTICE, W_ATTACHMENT_ADD, W_APPOINTMENT, W__KINDS };

static const char *const write_names[W__KINDS] = {
	"intervention", "aid request", "aid decision", "budget", "orientation",
	"appointment status", "appointment move", "appointment deletion",
	"intervention correction", "intervention deletion", "aid correction", "aid deletion",
	"case update", "orientation status", "person update", "secrecy lifting", "share",
	"share's end", "job retention", "sick leave", "secrecy lifting's deletion",
	"attachment's deletion", "letter", "appointment's intervention", "notice given",
	"attachment", "appointment"};
/* What a refusal of each is logged as. */
static const char *const write_denied[W__KINDS] = {
	"intervention.create_denied", "aid.create_denied",	  "aid.update_denied",
	"budget.update_denied",	      "orientation.create_denied", "appointment.status_denied",
	"appointment.move_denied",    "appointment.delete_denied", "intervention.correct_denied",
	"intervention.delete_denied", "aid.correct_denied",	   "aid.delete_denied",
	"case.update_denied",	      "orientation.update_denied", "person.update_denied",
	"secrecy.create_denied",      "share.create_denied",	   NULL,
	"retention.update_denied",    "retention.create_denied",   "secrecy.delete_denied",
	"attachment.delete_denied",   "letter.create_denied",	   "appointment.intervention_denied",
	"person.notice_given_denied", "attachment.create_denied",   "appointment.person_denied"};
/* The answer to the colleague (w2) and to bad input of each, when not
   SVC_NOT_FOUND and SVC_INVALID: the share's end comes after the share
   given to w2 (a share holder, not the référent: 403, nothing logged), an
   unknown colleague's share is not found. */
static int write_refused(enum write_kind k)
{
	return k == W_SHARE_END ? SVC_FORBIDDEN : SVC_NOT_FOUND;
}

static int write_rejected(enum write_kind k)
{
	return k == W_SHARE_END ? SVC_NOT_FOUND : SVC_INVALID;
}

/* The records the writes act on (test_writes_in_one_transaction). */
struct targets {
	int64_t person, case_id, aid[3], partner, appt[3], iv[2], orientation, secrecy, attachment;
	int64_t appt_past, letter_template;
};

/* A file to keep on the case (test_writes_in_one_transaction). */
static const char pdf[] = "%PDF-1.4\n% relais\n%%EOF\n";

static int pdf_source(void *src, attachment_sink_fn sink, void *sink_ctx)
{
	(void)src;
	return sink(sink_ctx, pdf, sizeof pdf - 1) == 0 ? 0 : -1;
}

/* One write of kind k on t, with good input or bad. */
static int write_one(svc *s, enum write_kind k, const struct targets *t, int good)
{
	switch (k) {
	case W_INTERVENTION: {
		struct intervention_input in = {.date = "2024-03-20",
						.mode = good ? "bureau" : "telepathie",
						.kind = "entretien",
						.duration_minutes = 30,
						.notes = "Écrite d'un trait."};
		return interventions_create(s, t->case_id, &in, NULL);
	}
	case W_AID: {
		struct aid_input in = {good ? "secours" : "loterie", "ccas", 50000, "2024-03-01",
				       "Facture d'énergie.", NULL};
		return aids_create(s, t->case_id, &in, NULL);
	}
	case W_DECIDE: {
		struct aid_decision_input in = {.decision = good ? "accordee" : "peut_etre",
						.set_granted = 1,
						.amount_granted_cents = 40000,
						.set_decided_on = 1,
						.decided_on = "2024-03-10"};
		return aids_decide(s, t->aid[0], &in);
	}
	case W_BUDGET: {
		struct budget_input in = {.month = good ? "2024-03" : "mars", .household = {1, 0, 0}};
		return budget_put(s, t->case_id, &in, NULL);
	}
	case W_ORIENTATION: {
		struct orientation_input in = {good ? t->partner : 999999, "2024-03-05",
					       "Accès aux droits.", NULL, 0};
		return orientations_create(s, t->case_id, &in, NULL);
	}
	case W_STATUS:
		return appointments_set_status(s, t->appt[0], good ? "absent" : "perdu");
	case W_MOVE:
		return appointments_move(s, t->appt[1], good ? "2030-01-10T14:00" : "demain",
					 "2030-01-10T15:00");
	case W_DELETE:
		return appointments_delete(s, t->appt[2], good ? "Saisi par erreur." : " ");
	case W_IV_CORRECT: {
		struct intervention_input in = {.date = "2024-03-21",
						.mode = good ? "telephone" : "telepathie",
						.kind = "entretien",
						.duration_minutes = 20,
						.notes = "Corrigée."};
		return interventions_correct(s, t->iv[0], &in, "Mauvais mode.", NULL);
	}
	case W_IV_DELETE:
		return interventions_delete(s, t->iv[1], good ? "Doublon." : " ", NULL);
	case W_AID_CORRECT: {
		struct aid_input in = {good ? "pret" : "loterie", "cos", 70000, "2024-02-01",
				       "Avance.", NULL};
		return aids_correct(s, t->aid[1], &in, "Montant revu.", NULL);
	}
	case W_AID_DELETE:
		return aids_delete(s, t->aid[2], good ? "Doublon." : " ", NULL);
	case W_CASE: {
		struct case_input in = {.referral_source = good ? "medecin" : "hasard",
					.ndomains = -1};
		return cases_update(s, t->case_id, &in);
	}
	case W_ORIENTATION_STATUS: {
		struct orientation_update in = {0, good ? "acceptee" : "perdue", "2024-03-06", NULL};
		return orientations_update(s, t->orientation, &in, NULL, NULL);
	}
	case W_SECRECY: {
		struct secrecy_input in = {good ? "information_preoccupante" : "rumeur", NULL,
					   "2024-03-02", "Cellule départementale", "Note d'information.",
					   NULL};
		return secrecy_create(s, t->case_id, &in, NULL);
	}
	case W_SHARE: {
		char today[DATE_LEN + 1];
		date_today(today);
		return sharing_create(s, t->case_id, good ? "w2" : "personne", today, "Congé.", NULL);
	}
	case W_SHARE_END:
		return sharing_end(s, t->case_id, good ? "w2" : "personne");
	case W_RETENTION: {
		struct job_retention_input in = {.rqth_status = good ? "en_cours" : "peut_etre",
						 .rqth_requested_on = "2024-02-15"};
		return job_retention_update(s, t->case_id, &in);
	}
	case W_LEAVE: {
		struct period_input in = {good ? "2024-02-01" : "2024-02-30", "2024-02-20", "maladie",
					  0};
		return job_retention_leave_create(s, t->case_id, &in, NULL);
	}
	case W_SECRECY_DELETE:
		return secrecy_delete(s, t->secrecy, good ? "Saisie en double." : " ", NULL);
	case W_ATTACHMENT_DELETE:
		return attachments_delete(s, t->attachment, good ? "Mauvais dossier." : "");
	case W_LETTER: {
		struct letter_input in = {.template_id = good ? t->letter_template : 0};
		return letters_generate(s, t->case_id, &in, NULL);
	}
	case W_APPT_INTERVENTION:
		return appointments_intervention(s, t->appt_past, good ? "entretien" : "tarot", -1,
						 "Vue au bureau.", NULL);
	case W_NOTICE: {
		struct person_notice_input in = {good ? "2024-03-01" : "2999-01-01"};
		return persons_notice_given(s, t->person, &in);
	}
	case W_ATTACHMENT_ADD: {
		struct attachment_input file = {.file_name = "releve.pdf",
						.size = good ? sizeof pdf - 1 : 0,
						.size_max = 1 << 20,
						.head = (const unsigned char *)pdf,
						.head_len = sizeof pdf - 1};
		return attachments_add(s, t->case_id, &file, pdf_source, NULL, NULL);
	}
	case W_APPOINTMENT: {
		struct appointment_input in = {NULL,	   t->person, "2030-02-10T09:00", "2030-02-10T10:00",
					       good ? "bureau" : "telepathie", NULL, NULL};
		return appointments_create(s, &in, NULL);
	}
	case W_PERSON: {
		struct person_input in = {.job_title = "Agent d'accueil",
					  .sex = good ? NULL : "X",
					  .statistics = -1};
		return persons_update(s, t->person, &in);
	}
	default:
		return SVC_ERROR;
	}
}

/* A case of w1's own, its person, nothing else yet. */
static struct targets own_case(const char *last_name)
{
	long long person = 0;
	struct targets t = {.case_id = open_case(last_name, &person)};
	assert_true(t.case_id > 0);
	t.person = person;
	return t;
}

/* Keeps the PDF on case on_case as s: the attachment's id. */
static int64_t attach_pdf(svc *s, int64_t on_case)
{
	struct attachment_input file = {.file_name = "courrier.pdf",
					.size = sizeof pdf - 1,
					.size_max = 1 << 20,
					.head = (const unsigned char *)pdf,
					.head_len = sizeof pdf - 1};
	int64_t id = 0;
	assert_int_equal(attachments_add(s, on_case, &file, pdf_source, NULL, &id), SVC_OK);
	return id;
}

/* The id of the shipped "attestation_suivi" template, into ctx. */
static int shipped_template(void *ctx, const struct letter_template_view *v)
{
	if (v->code && strcmp(v->code, "attestation_suivi") == 0)
		*(int64_t *)ctx = v->id;
	return 0;
}

/* Whether a write of kind k reads first in a snapshot of its own: a letter
   reads its template and the case's values there and is built on no
   connection, then written in a transaction that checks the access again
   (bad input is refused in the snapshot, before any transaction). */
static int write_reads_first(enum write_kind k)
{
	return k == W_LETTER;
}

/* Runs one write as who and checks that every statement it ran was inside
   one transaction (none alone: the access check and the reads it acts on
   see the state it writes into; a letter's reads in its one snapshot) and
   that none is left open; its result. */
static int write_in_one(app *a, const struct sess *who, enum write_kind k,
			const struct targets *t, int good)
{
	svc *s = signed_in(a, who);
	/* Warm: the connection, the reference lists' cache. */
	assert_int_equal(reference_list(s, no_ref, NULL), SVC_OK);
	struct store_counts before = store_counts_of_thread();
	int rc = write_one(s, k, t, good);
	struct store_counts after = store_counts_of_thread();
	uint64_t snapshots = (uint64_t)write_reads_first(k);
	uint64_t transactions = snapshots && !good ? 0 : 1;
	if (after.alone != before.alone || after.transactions - before.transactions != transactions ||
	    after.snapshots - before.snapshots != snapshots)
		fail_msg("%s (%s input, %s): %llu statement(s) outside a transaction, %llu "
			 "transaction(s), %llu snapshot(s); 0, %llu and %llu expected",
			 write_names[k], good ? "good" : "bad", who == &w1 ? "w1" : "w2",
			 (unsigned long long)(after.alone - before.alone),
			 (unsigned long long)(after.transactions - before.transactions),
			 (unsigned long long)(after.snapshots - before.snapshots),
			 (unsigned long long)transactions, (unsigned long long)snapshots);
	/* Nothing left open: the next transaction begins. */
	assert_int_equal(svc_tx_begin(s), STORE_OK);
	svc_tx_rollback(s);
	svc_close(s);
	return rc;
}

static void test_writes_in_one_transaction(void **state)
{
	(void)state;
	/* A case of w1's own (the other tests' case is shared with w2 by now). */
	struct targets t = own_case("Ecriture");

	app *a = open_app();
	svc *sys = svc_open_system(a);
	struct partner_input p = {.name = "CAF de la Sarthe", .kind = "caf"};
	assert_int_equal(partners_create(sys, &p, &t.partner), SVC_OK);
	svc_close(sys);
	svc *s = signed_in(a, &w1);
	struct aid_input aid = {"pret", "cos", 80000, "2024-02-01", "Avance.", NULL};
	for (int i = 0; i < 3; i++)
		assert_int_equal(aids_create(s, t.case_id, &aid, &t.aid[i]), SVC_OK);
	struct intervention_input iv = {.date = "2024-03-18",
					.mode = "bureau",
					.kind = "entretien",
					.duration_minutes = 30,
					.notes = "À corriger."};
	for (int i = 0; i < 2; i++)
		assert_int_equal(interventions_create(s, t.case_id, &iv, &t.iv[i]), SVC_OK);
	struct orientation_input o = {t.partner, "2024-03-04", "Droits CAF.", NULL, 0};
	assert_int_equal(orientations_create(s, t.case_id, &o, &t.orientation), SVC_OK);
	struct secrecy_input lift = {"information_preoccupante", NULL, "2024-03-01",
				     "Cellule départementale", "Note.", NULL};
	assert_int_equal(secrecy_create(s, t.case_id, &lift, &t.secrecy), SVC_OK);
	t.attachment = attach_pdf(s, t.case_id);
	struct appointment_input past = {NULL, t.person, NULL, NULL, "bureau", NULL, NULL};
	char from[32], to[32];
	snprintf(from, sizeof from, "%sT09:00", test_day(-1));
	snprintf(to, sizeof to, "%sT10:00", test_day(-1));
	past.start = from;
	past.end = to;
	assert_int_equal(appointments_create(s, &past, &t.appt_past), SVC_OK);
	assert_int_equal(letters_templates_list(s, 0, shipped_template, &t.letter_template),
			 SVC_OK);
	assert_true(t.letter_template > 0);
	for (int i = 0; i < 3; i++) {
		snprintf(from, sizeof from, "2030-01-0%dT09:00", i + 2);
		snprintf(to, sizeof to, "2030-01-0%dT10:00", i + 2);
		struct appointment_input in = {NULL, t.person, from, to, "bureau", NULL, NULL};
		assert_int_equal(appointments_create(s, &in, &t.appt[i]), SVC_OK);
	}
	svc_close(s);

	for (int k = 0; k < W__KINDS; k++) {
		/* A colleague without a share: not found, the refusal logged in
		   the same single transaction. */
		int64_t seq = audit_last();
		assert_int_equal(write_in_one(a, &w2, (enum write_kind)k, &t, 1),
				 write_refused((enum write_kind)k));
		struct entries e = audit_after(seq);
		assert_int_equal(e.n, write_denied[k] ? 1 : 0);
		if (write_denied[k])
			assert_string_equal(e.action[0], write_denied[k]);
		/* Bad input: refused, nothing logged, nothing written. */
		seq = audit_last();
		assert_int_equal(write_in_one(a, &w1, (enum write_kind)k, &t, 0),
				 write_rejected((enum write_kind)k));
		assert_int_equal(audit_after(seq).n, 0);
		/* Good input: written with its entry. */
		seq = audit_last();
		int rc = write_in_one(a, &w1, (enum write_kind)k, &t, 1);
		if (rc != SVC_OK)
			fail_msg("%s: %d", write_names[k], rc);
		assert_true(audit_after(seq).n >= 1);
	}
	app_close(a);
}

/* ---- the API's reads: the check and the read in one transaction ---- */

enum read_kind { R_CASE, R_PERSON, R_IVS, R_IV_PAGE, R_AID, R_AIDS, R_BUDGET, R_BUDGETS,
		 R_ORIENTATIONS, R_SECRECY, R_ATTACHMENTS, R_ATTACHMENT, R_LETTERS, R_CHOICES,
		 R_APPOINTMENT, R_TIMELINE, R_CORRECTIONS, R_RETENTION, R_SHARES, R_ACCESS_DOCUMENT,
		 R__KINDS };

/* What a read of each is logged as, allowed and refused. */
static const char *const read_action[R__KINDS][2] = {
	{"case.read", "case.read_denied"},
	{"person.read", "person.read_denied"},
	{"intervention.list", "intervention.list_denied"},
	{"intervention.list", "intervention.list_denied"},
	{"aid.read", "aid.read_denied"},
	{"aid.list", "aid.list_denied"},
	{"budget.read", "budget.read_denied"},
	{"budget.history", "budget.history_denied"},
	{"orientation.list", "orientation.list_denied"},
	{"secrecy.list", "secrecy.list_denied"},
	{"attachment.list", "attachment.list_denied"},
	{"attachment.read", "attachment.read_denied"},
	{"letter.list", "letter.list_denied"},
	{"letter.choices", "letter.list_denied"},
	{"appointment.read", "appointment.read_denied"},
	{"person.timeline", "person.timeline_denied"},
	{"person.corrections_read", "person.corrections_denied"},
	{"retention.read", "retention.read_denied"},
	{"share.list", "share.list_denied"},
	{"person.access_document", "person.read_denied"},
};

NO_ROWS(no_secrecy, struct secrecy_view)
NO_ROWS(no_attachment, struct attachment_view)
NO_ROWS(no_letter, struct letter_view)
NO_ROWS(no_choice, struct letter_choice)
NO_ROWS(no_appointment, struct appointment_view)
NO_ROWS(no_item, struct timeline_item)
NO_ROWS(no_correction, struct correction_view)
NO_ROWS(no_access_appointment, struct access_appointment)
NO_ROWS(no_access_read, struct access_read)
NO_ROWS(no_consent, struct consent_change)
static int read_one(svc *s, enum read_kind k, const struct targets *t)
{
	struct page pg;
	page_from_query(&pg, "10", NULL);
	struct job_retention_sink sink = {no_retention, no_period, no_period, NULL};
	switch (k) {
	case R_CASE:
		return cases_get(s, t->case_id, no_case, NULL);
	case R_PERSON:
		return persons_get(s, t->person, no_person, NULL);
	case R_IVS:
		return interventions_list(s, t->case_id, no_iv, NULL);
	case R_IV_PAGE:
		return interventions_page(s, t->case_id, &pg, no_iv, NULL);
	case R_AID:
		return aids_get(s, t->aid[0], no_aid, NULL);
	case R_AIDS:
		return aids_list(s, t->case_id, no_aid, NULL);
	case R_BUDGET:
		return budget_get(s, t->case_id, NULL, no_budget, NULL);
	case R_BUDGETS:
		return budget_history(s, t->case_id, no_budget, NULL);
	case R_ORIENTATIONS:
		return orientations_list(s, t->case_id, no_orientation, NULL);
	case R_SECRECY:
		return secrecy_list(s, t->case_id, no_secrecy, NULL);
	case R_ATTACHMENTS:
		return attachments_list(s, t->case_id, no_attachment, NULL);
	case R_ATTACHMENT: {
		struct attachment_reader *rd = NULL;
		int rc = attachments_open(s, t->attachment, no_attachment, NULL, &rd);
		attachments_reader_close(rd);
		return rc;
	}
	case R_LETTERS:
		return letters_list(s, t->case_id, no_letter, NULL);
	case R_CHOICES:
		return letters_choices(s, t->case_id, no_choice, NULL);
	case R_APPOINTMENT:
		return appointments_get(s, t->appt[0], no_appointment, NULL);
	case R_TIMELINE:
		return persons_timeline(s, t->person, TIMELINE_KINDS_ALL, &pg, no_item, NULL);
	case R_CORRECTIONS:
		return rights_corrections_list(s, t->person, no_correction, NULL);
	case R_RETENTION:
		return job_retention_get(s, t->case_id, &sink);
	case R_SHARES:
		return sharing_list(s, t->case_id, no_share, NULL);
	case R_ACCESS_DOCUMENT: {
		struct access_extras x = {no_access_appointment, no_access_read, no_consent, NULL};
		return access_extras(s, t->person, &x);
	}
	default:
		return SVC_ERROR;
	}
}

/* Each read of the API's use cases, by the référent and by a colleague
   without a share: the access check, the read and its access-log entry
   (or the refusal's) in one transaction, no statement alone — a share
   ended or a case handed over between the check and the read cannot let
   one read through.  Exactly one entry each. */
static void test_reads_in_one_transaction(void **state)
{
	(void)state;
	struct targets t = own_case("Relecture");
	app *a = open_app();
	svc *s = signed_in(a, &w1);
	struct aid_input aid = {"pret", "cos", 80000, "2024-02-01", "Avance.", NULL};
	assert_int_equal(aids_create(s, t.case_id, &aid, &t.aid[0]), SVC_OK);
	t.attachment = attach_pdf(s, t.case_id);
	struct appointment_input in = {NULL, t.person, "2030-02-04T09:00", "2030-02-04T10:00",
				       "bureau", NULL, NULL};
	assert_int_equal(appointments_create(s, &in, &t.appt[0]), SVC_OK);
	svc_close(s);

	for (int k = 0; k < R__KINDS; k++)
		for (int who = 0; who < 2; who++) {
			svc *r = signed_in(a, who ? &w2 : &w1);
			assert_int_equal(reference_list(r, no_ref, NULL), SVC_OK);
			int64_t seq = audit_last();
			struct store_counts before = store_counts_of_thread();
			int rc = read_one(r, (enum read_kind)k, &t);
			struct store_counts after = store_counts_of_thread();
			svc_close(r);
			if (rc != (who ? SVC_NOT_FOUND : SVC_OK))
				fail_msg("%s as %s: %d", read_action[k][0], who ? "w2" : "w1", rc);
			if (after.alone != before.alone ||
			    after.transactions - before.transactions != 1)
				fail_msg("%s as %s: %llu statement(s) outside a transaction, %llu "
					 "transaction(s); 0 and 1 expected",
					 read_action[k][0], who ? "w2" : "w1",
					 (unsigned long long)(after.alone - before.alone),
					 (unsigned long long)(after.transactions -
							      before.transactions));
			struct entries e = audit_after(seq);
			if (e.n != 1 || strcmp(e.action[0], read_action[k][who]) != 0)
				fail_msg("%s as %s: %d entries (first: %s), one %s expected",
					 read_action[k][0], who ? "w2" : "w1", e.n,
					 e.n ? e.action[0] : "none", read_action[k][who]);
		}
	app_close(a);
}

static int count_user(void *ctx, const struct user_info *u)
{
	(void)u;
	++*(int *)ctx;
	return 0;
}

static int count_org(void *ctx, const struct org_info *o)
{
	(void)o;
	++*(int *)ctx;
	return 0;
}

/* The accounts' page (web/users.c) reads the list, the organisations and
   the employers' second-factor setting in one snapshot (svc_read_begin):
   one read transaction, no statement alone.  Inside it nothing is
   written: a use case that writes fails and leaves nothing behind, and a
   second snapshot inside the first is refused. */
static void test_reads_only_page(void **state)
{
	(void)state;
	app *a = open_app();
	svc *s = svc_open_system(a);
	int users = 0, orgs = 0, totp = -1;
	struct store_counts before = store_counts_of_thread();
	assert_int_equal(svc_read_begin(s), SVC_OK);
	assert_int_equal(users_list(s, count_user, &users), SVC_OK);
	assert_int_equal(organisations_list(s, count_org, &orgs), SVC_OK);
	assert_int_equal(accounts_employer_totp(s, &totp), SVC_OK);
	assert_int_equal(svc_read_end(s), SVC_OK);
	struct store_counts after = store_counts_of_thread();
	assert_true(users >= 3);
	assert_true(orgs >= 1);
	assert_int_not_equal(totp, -1);
	if (after.alone != before.alone || after.snapshots - before.snapshots != 1 ||
	    after.transactions != before.transactions)
		fail_msg("accounts' page: %llu statement(s) alone, %llu snapshot(s), %llu "
			 "transaction(s); 0, 1 and 0 expected",
			 (unsigned long long)(after.alone - before.alone),
			 (unsigned long long)(after.snapshots - before.snapshots),
			 (unsigned long long)(after.transactions - before.transactions));

	int64_t seq = audit_last(), id = 0;
	struct partner_input p = {.name = "Lu seulement", .kind = "caf"};
	assert_int_equal(svc_read_begin(s), SVC_OK);
	assert_int_not_equal(svc_read_begin(s), SVC_OK);
	assert_int_not_equal(partners_create(s, &p, &id), SVC_OK);
	assert_int_equal(svc_read_end(s), SVC_OK);
	assert_int_equal(audit_last(), seq);
	/* After the snapshot the same write goes through. */
	assert_int_equal(partners_create(s, &p, &id), SVC_OK);
	assert_true(id > 0);
	assert_true(audit_last() > seq);
	svc_close(s);
	app_close(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_entry_per_page),
		cmocka_unit_test(test_statements),
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_timeline_api),
		cmocka_unit_test(test_timeline_order),
		cmocka_unit_test(test_timeline_shared),
		cmocka_unit_test(test_writes_in_one_transaction),
		cmocka_unit_test(test_reads_in_one_transaction),
		cmocka_unit_test(test_reads_only_page),
	};
	return cmocka_run_group_tests_name("page_reads", tests, setup, teardown);
}
