/*
 * test_lists_paging — every list that grows a page at a time (issue 15):
 * the caseload, one's persons, the partners' directory, the access log,
 * the employers' requests and the employees' requests.  For each, over
 * the API: more rows than a page, pages with no repeat and no gap, in the
 * list's order, the count; a row written between two pages neither
 * repeats nor hides one; a bad limit or a forged cursor refused (422
 * naming the field); the secrecy of the list unchanged on every page
 * (another worker sees none of the first one's persons or cases; an
 * employer only its organisation's requests).  The HTML pages: the next
 * page by rel="next", and back to the first page for a forged cursor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/harness.h"

#define N_ROWS 57   /* rows of each list: more than a page of 20 */
#define PAGE 20     /* the page asked for */
#define N_EMPLOYEE 12 /* employees' requests */
#define MAX_SEEN 2000

static struct fixture fx;
static struct sess w1, w2, head, rh1, rh2, auditor, admin;
static long long w1_cases[N_ROWS], w1_persons[N_ROWS];
static long long w2_cases[3], w2_persons[3];
static long long rh1_requests[N_ROWS], rh2_requests[3];
static char acme_link[128];

#define PORT fx.srv.port
/* A step of the setup failed: say which. */
#define SETUP_FAIL                                                           \
	do {                                                                 \
		fprintf(stderr, "setup failed at line %d\n", __LINE__);       \
		return -1;                                                   \
	} while (0)
#define FORM_TYPE "Content-Type: application/x-www-form-urlencoded\r\n"

static long long post(const struct sess *s, const char *path, const char *body)
{
	struct http_resp r;
	int st = http_as(PORT, s, 1, "POST", path, body, &r);
	if (st != 201) {
		fprintf(stderr, "POST %s %s: %d %s\n", path, body, st, r.body ? r.body : "");
		http_resp_free(&r);
		return -1;
	}
	return created_id(&r);
}

/* A person of s's at org with a case, consent and opening on day. */
static int person_with_case(const struct sess *s, const char *org, int i, const char *day,
			    long long *person, long long *case_id)
{
	char body[512];
	snprintf(body, sizeof body,
		 "{\"organisation\":\"%s\",\"last_name\":\"Nom%03d\",\"first_name\":\"Lise\","
		 "\"consent\":{\"accompaniment_on\":\"%s\"}}",
		 org, i, day);
	if ((*person = post(s, "/api/v1/persons", body)) < 0)
		return -1;
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"%s\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 *person, day);
	return (*case_id = post(s, "/api/v1/cases", body)) < 0 ? -1 : 0;
}

/* An employee's request through org's public form. */
static int employee_request(const char *link, int i)
{
	char form[256];
	snprintf(form, sizeof form,
		 "last_name=Salarie%d&first_name=Paul&contact=06123456%02d&preference=telephone"
		 "&consent=1",
		 i, i % 100);
	/* Each from its own address (named by the proxy's header, trusted
	   from loopback): five an hour from one address. */
	char headers[128];
	snprintf(headers, sizeof headers, FORM_TYPE "X-Real-IP: 198.51.100.%d\r\n", 1 + i % 200);
	struct http_resp r;
	if (http_do(PORT, "POST", link, headers, form, strlen(form), &r) != 0)
		return -1;
	int st = r.status;
	if (st != 200)
		fprintf(stderr, "POST %s: %d %s\n", link, st, r.body ? r.body : "");
	http_resp_free(&r);
	return st == 200 ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const beta[] = {"organisation", "add", "--code", "beta", "--name",
					   "Beta", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, beta, NULL};
	static const char *const users[] = {"w1:worker",	 "w2:worker",
					    "head1:head",	 "rh1:employer:acme",
					    "rh2:employer:beta", "auditor1:auditor",
					    "admin1:admin",	 NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		SETUP_FAIL;
	struct sess *all[] = {&w1, &w2, &head, &rh1, &rh2, &auditor, &admin};
	const char *logins[] = {"w1", "w2", "head1", "rh1", "rh2", "auditor1", "admin1"};
	for (int i = 0; i < 7; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			SETUP_FAIL;
	if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
		    "{\"login\":\"w1\"}", NULL) != 200 ||
	    http_as(PORT, &head, 1, "POST", "/api/v1/organisations/beta/workers",
		    "{\"login\":\"w2\"}", NULL) != 200)
		SETUP_FAIL;
	/* Three a day: ties on the date are ordered by id. */
	for (int i = 0; i < N_ROWS; i++) {
		char day[32];
		snprintf(day, sizeof day, "2024-03-%02d", 1 + i / 3);
		if (person_with_case(&w1, "acme", i, day, &w1_persons[i], &w1_cases[i]) != 0)
			SETUP_FAIL;
	}
	for (int i = 0; i < 3; i++)
		if (person_with_case(&w2, "beta", i, "2024-03-05", &w2_persons[i], &w2_cases[i]) != 0)
			SETUP_FAIL;
	for (int i = 0; i < N_ROWS; i++) {
		char body[128];
		/* Names in twos: ties on the name are ordered by id. */
		snprintf(body, sizeof body, "{\"name\":\"Partenaire %02d\",\"kind\":\"caf\"}", i / 2);
		if (post(&w1, "/api/v1/partners", body) < 0)
			SETUP_FAIL;
	}
	for (int i = 0; i < N_ROWS; i++) {
		char body[128];
		snprintf(body, sizeof body, "{\"subject\":\"Demande %d\",\"message\":\"Besoin\"}", i);
		if ((rh1_requests[i] = post(&rh1, "/api/v1/requests", body)) < 0)
			SETUP_FAIL;
	}
	for (int i = 0; i < 3; i++)
		if ((rh2_requests[i] = post(&rh2, "/api/v1/requests",
					    "{\"subject\":\"Beta\",\"message\":\"Besoin\"}")) < 0)
			SETUP_FAIL;
	struct http_resp r;
	if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/request-link", NULL, &r) !=
	    201)
		SETUP_FAIL;
	json_t *j = http_json(&r);
	snprintf(acme_link, sizeof acme_link, "%s",
		 json_string_value(json_object_get(j, "path")));
	json_decref(j);
	http_resp_free(&r);
	for (int i = 0; i < N_EMPLOYEE; i++)
		if (employee_request(acme_link, i) != 0)
			SETUP_FAIL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* What the pages of a list showed, in order. */
struct seen {
	long long id[MAX_SEEN];
	char key[MAX_SEEN][32]; /* the order's key, as text ("" when not checked) */
	int n;
	int pages;
	long long total; /* the first page's */
};

/* One API page of path (with query) into s: its "next" ("" when null). */
static void api_page(const struct sess *who, const char *path, const char *list,
		     const char *key, struct seen *s, char *next, size_t len)
{
	struct http_resp r;
	int st = http_as(PORT, who, 0, "GET", path, NULL, &r);
	if (st != 200)
		fail_msg("GET %s: %d %s", path, st, r.body);
	json_t *j = http_json(&r);
	assert_non_null(j);
	json_t *rows = json_object_get(j, list);
	assert_true(json_is_array(rows));
	size_t i;
	json_t *v;
	json_array_foreach(rows, i, v)
	{
		assert_true(s->n < MAX_SEEN);
		json_t *idv = json_object_get(v, "id");
		if (!idv) /* an account's caseload names its cases "case" */
			idv = json_object_get(v, "case");
		s->id[s->n] = json_integer_value(idv);
		json_t *k = key ? json_object_get(v, key) : NULL;
		if (json_is_string(k))
			snprintf(s->key[s->n], sizeof s->key[s->n], "%s", json_string_value(k));
		else if (json_is_integer(k))
			snprintf(s->key[s->n], sizeof s->key[s->n], "%020lld",
				 (long long)json_integer_value(k));
		else
			s->key[s->n][0] = '\0';
		s->n++;
	}
	const char *l = strstr(path, "limit=");
	size_t limit = l ? (size_t)strtol(l + 6, NULL, 10) : 50;
	assert_true(json_array_size(rows) <= limit);
	json_t *nx = json_object_get(j, "next");
	assert_true(json_is_string(nx) || json_is_null(nx));
	snprintf(next, len, "%s", json_is_string(nx) ? json_string_value(nx) : "");
	json_t *total = json_object_get(j, "total");
	assert_true(json_is_integer(total));
	if (!s->pages++)
		s->total = json_integer_value(total);
	if (next[0]) /* a full page before another */
		assert_int_equal(json_array_size(rows), limit);
	json_decref(j);
	http_resp_free(&r);
}

/* The path of base's page after cursor (base may hold a query). */
static void page_path(char *out, size_t len, const char *base, const char *cursor)
{
	const char *sep = strchr(base, '?') ? "&" : "?";
	if (cursor && *cursor)
		snprintf(out, len, "%s%slimit=%d&after=%s", base, sep, PAGE, cursor);
	else
		snprintf(out, len, "%s%slimit=%d", base, sep, PAGE);
}

/* Every page of base, following "next"; between the first page and the
   rest, between (when not NULL) writes a row. */
static void walk(const struct sess *who, const char *base, const char *list, const char *key,
		 struct seen *s, void (*between)(void))
{
	char next[128] = "", path[512];
	memset(s, 0, sizeof *s);
	do {
		page_path(path, sizeof path, base, next);
		api_page(who, path, list, key, s, next, sizeof next);
		if (s->pages == 1 && between)
			between();
		assert_true(s->pages < 100);
	} while (next[0]);
}

/* No row twice; the keys (with the id breaking ties) in order: dir 1
   ascending, -1 descending. */
static void check_order(const struct seen *s, int dir)
{
	for (int i = 0; i < s->n; i++)
		for (int k = i + 1; k < s->n; k++)
			if (s->id[i] == s->id[k])
				fail_msg("id %lld twice", s->id[i]);
	for (int i = 1; i < s->n; i++) {
		int c = strcmp(s->key[i - 1], s->key[i]);
		if (!c)
			c = (s->id[i - 1] > s->id[i]) - (s->id[i - 1] < s->id[i]);
		if (c * dir >= 0)
			fail_msg("out of order at %d: %s/%lld then %s/%lld", i, s->key[i - 1],
				 s->id[i - 1], s->key[i], s->id[i]);
	}
}

static int has(const struct seen *s, long long id)
{
	for (int i = 0; i < s->n; i++)
		if (s->id[i] == id)
			return 1;
	return 0;
}

/* Every page: everything once, as many as the count, in order. */
static void check_all(const struct seen *s, int dir)
{
	check_order(s, dir);
	assert_int_equal(s->n, s->total);
	assert_true(s->pages >= 2);
}

static void test_cases(void **state)
{
	(void)state;
	struct seen s;
	walk(&w1, "/api/v1/cases?status=all", "cases", "opened_on", &s, NULL);
	check_all(&s, -1);
	assert_int_equal(s.n, N_ROWS);
	for (int i = 0; i < N_ROWS; i++)
		assert_true(has(&s, w1_cases[i]));
	/* The other worker's pages: only her own. */
	walk(&w2, "/api/v1/cases", "cases", "opened_on", &s, NULL);
	assert_int_equal(s.n, 3);
	for (int i = 0; i < N_ROWS; i++)
		assert_false(has(&s, w1_cases[i]));

	/* Her own and the cases shared with her, merged in one order across
	   the pages: 25 live shares (one case shared twice, seen once), one
	   ended and one expired that bring nothing. */
	char sql[512];
	for (int i = 0; i < 25; i++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO shares (case_id, user_id, granted_by, until, reason, created_at)"
			 " SELECT %lld, w.id, o.id, '2999-01-01', 'x', 0 FROM users w, users o"
			 " WHERE w.login = 'w2' AND o.login = 'w1'", w1_cases[2 * i]);
		assert_int_equal(fixture_sql(&fx, sql), 0);
	}
	snprintf(sql, sizeof sql,
		 "INSERT INTO shares (case_id, user_id, granted_by, until, reason, created_at, ended_at)"
		 " SELECT c, w.id, o.id, u, 'x', 0, e FROM users w, users o,"
		 " (SELECT %lld AS c, '2999-01-01' AS u, NULL AS e UNION ALL"
		 "  SELECT %lld, '2999-01-01', 1 UNION ALL SELECT %lld, '2000-01-01', NULL) x"
		 " WHERE w.login = 'w2' AND o.login = 'w1'",
		 w1_cases[0], w1_cases[1], w1_cases[3]);
	assert_int_equal(fixture_sql(&fx, sql), 0);
	walk(&w2, "/api/v1/cases?status=all", "cases", "opened_on", &s, NULL);
	check_all(&s, -1);
	assert_int_equal(s.n, 3 + 25);
	for (int i = 0; i < N_ROWS; i++)
		assert_int_equal(has(&s, w1_cases[i]), i % 2 == 0 && i < 50);
	assert_int_equal(fixture_sql(&fx, "DELETE FROM shares"), 0);
}

static void test_persons(void **state)
{
	(void)state;
	struct seen s;
	walk(&w1, "/api/v1/persons", "persons", NULL, &s, NULL);
	check_all(&s, -1); /* by id among equal (unchecked) keys: checked below */
	assert_int_equal(s.n, N_ROWS);
	for (int i = 0; i < N_ROWS; i++)
		assert_true(has(&s, w1_persons[i]));
	/* Latest contact first: the persons of the last day come first. */
	assert_int_equal(s.id[0], w1_persons[N_ROWS - 1]);
	walk(&w2, "/api/v1/persons", "persons", NULL, &s, NULL);
	assert_int_equal(s.n, 3);
	for (int i = 0; i < N_ROWS; i++)
		assert_false(has(&s, w1_persons[i]));
}

static void test_partners(void **state)
{
	(void)state;
	struct seen s;
	walk(&w1, "/api/v1/partners", "partners", "name", &s, NULL);
	check_all(&s, 1);
	assert_int_equal(s.n, N_ROWS);
	/* The same search a page at a time. */
	walk(&head, "/api/v1/partners?q=partenaire%200&kind=caf", "partners", "name", &s, NULL);
	assert_int_equal(s.n, 20);
	check_order(&s, 1);
}

static void test_requests(void **state)
{
	(void)state;
	struct seen s;
	walk(&rh1, "/api/v1/requests", "requests", "created_at", &s, NULL);
	check_all(&s, -1);
	assert_int_equal(s.n, N_ROWS);
	for (int i = 0; i < 3; i++)
		assert_false(has(&s, rh2_requests[i]));
	walk(&rh2, "/api/v1/requests", "requests", "created_at", &s, NULL);
	assert_int_equal(s.n, 3);
	for (int i = 0; i < N_ROWS; i++)
		assert_false(has(&s, rh1_requests[i]));
	/* The worker of ACME: its requests, not Beta's. */
	walk(&w1, "/api/v1/requests", "requests", "created_at", &s, NULL);
	assert_int_equal(s.n, N_ROWS);
	for (int i = 0; i < 3; i++)
		assert_false(has(&s, rh2_requests[i]));
}

static void test_employee_requests(void **state)
{
	(void)state;
	struct seen s;
	char path[256];
	/* Pages of five here. */
	memset(&s, 0, sizeof s);
	char next[128] = "";
	do {
		if (next[0])
			snprintf(path, sizeof path, "/api/v1/employee-requests?limit=5&after=%s", next);
		else
			snprintf(path, sizeof path, "/api/v1/employee-requests?limit=5");
		api_page(&w1, path, "employee_requests", "created_at", &s, next, sizeof next);
	} while (next[0]);
	check_all(&s, 1);
	assert_int_equal(s.n, N_EMPLOYEE);
	assert_int_equal(s.pages, 3);
	/* The worker of Beta sees none of ACME's. */
	walk(&w2, "/api/v1/employee-requests", "employee_requests", NULL, &s, NULL);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.total, 0);
}

static void test_audit(void **state)
{
	(void)state;
	struct seen s;
	memset(&s, 0, sizeof s);
	char next[128] = "", path[256];
	/* Three pages of the newest entries, then the rest in pages of 1000. */
	for (int i = 0; i < 3; i++) {
		page_path(path, sizeof path, "/api/v1/audit", next);
		api_page(&auditor, path, "entries", "id", &s, next, sizeof next);
		assert_true(next[0]);
	}
	check_order(&s, -1);
	assert_int_equal(s.n, 3 * PAGE);
	/* Each page read wrote an entry above the first: the rest follows on. */
	long long last = s.id[s.n - 1];
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/audit?limit=1000&after=%s", next);
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	json_t *first = json_array_get(json_object_get(j, "entries"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), last - 1);
	json_decref(j);
	http_resp_free(&r);
	/* Only the auditor. */
	expect_api(PORT, &w1, "GET", "/api/v1/audit?limit=5", NULL, 403, NULL);
}

/* The account's id, from the administrator's list. */
static long long id_of(const char *login)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, &admin, 0, "GET", "/api/v1/users", NULL, &r), 200);
	json_t *j = http_json(&r);
	long long id = 0;
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(j, "users"), i, u)
		if (strcmp(json_string_value(json_object_get(u, "login")), login) == 0)
			id = json_integer_value(json_object_get(u, "id"));
	json_decref(j);
	http_resp_free(&r);
	assert_true(id > 0);
	return id;
}

/* A worker's open caseload as the administrator reads it (for
   reassignment), oldest opened first. */
static void test_account_caseload(void **state)
{
	(void)state;
	char base[96], path[256];
	snprintf(base, sizeof base, "/api/v1/users/%lld/caseload", id_of("w1"));
	struct seen s;
	walk(&admin, base, "cases", "opened_on", &s, NULL);
	assert_int_equal(s.n, s.total);
	assert_true(s.n >= N_ROWS);
	assert_true(s.pages >= 3);
	for (int i = 1; i < s.n; i++) {
		int c = strcmp(s.key[i - 1], s.key[i]);
		assert_true(c < 0 || (c == 0 && s.id[i - 1] < s.id[i]));
	}
	for (int i = 0; i < s.n; i++)
		for (int k = i + 1; k < s.n; k++)
			assert_true(s.id[i] != s.id[k]);
	snprintf(path, sizeof path, "%s?limit=0", base);
	expect_api(PORT, &admin, "GET", path, NULL, 422, "limit");
	snprintf(path, sizeof path, "%s?after=2024-03-01", base);
	expect_api(PORT, &admin, "GET", path, NULL, 422, "after");
	expect_api(PORT, &w1, "GET", base, NULL, 403, NULL);
}

/* ---- a row written between two pages ---- */

static void add_case(void)
{
	long long p, c;
	assert_int_equal(person_with_case(&w1, "acme", 900, "2025-01-01", &p, &c), 0);
}

static void add_partner(void)
{
	assert_true(post(&w1, "/api/v1/partners", "{\"name\":\"AAA premier\",\"kind\":\"caf\"}") >
		    0);
}

static void add_request(void)
{
	assert_true(post(&rh1, "/api/v1/requests", "{\"subject\":\"Neuve\",\"message\":\"m\"}") >
		    0);
}

static void test_written_between(void **state)
{
	(void)state;
	struct seen s;
	/* Newest first: the new row belongs before the first page. */
	walk(&w1, "/api/v1/cases", "cases", "opened_on", &s, add_case);
	check_order(&s, -1);
	assert_int_equal(s.n, s.total);
	walk(&w1, "/api/v1/persons", "persons", NULL, &s, add_case);
	check_order(&s, -1);
	assert_int_equal(s.n, s.total);
	walk(&rh1, "/api/v1/requests", "requests", "created_at", &s, add_request);
	check_order(&s, -1);
	assert_int_equal(s.n, s.total);
	/* By name: "AAA" before the first page. */
	walk(&w1, "/api/v1/partners", "partners", "name", &s, add_partner);
	check_order(&s, 1);
	assert_int_equal(s.n, s.total);
	/* Oldest first: the new request comes last, once. */
	memset(&s, 0, sizeof s);
	char next[128] = "", path[256];
	snprintf(path, sizeof path, "/api/v1/employee-requests?limit=5");
	api_page(&w1, path, "employee_requests", "created_at", &s, next, sizeof next);
	assert_int_equal(employee_request(acme_link, 99), 0);
	while (next[0]) {
		snprintf(path, sizeof path, "/api/v1/employee-requests?limit=5&after=%s", next);
		api_page(&w1, path, "employee_requests", "created_at", &s, next, sizeof next);
	}
	check_order(&s, 1);
	assert_int_equal(s.n, s.total + 1);
}

/* ---- refusals ---- */

static void test_refusals(void **state)
{
	(void)state;
	static const struct {
		const struct sess *who;
		const char *path;
		const char *cursors[4]; /* forged */
	} lists[] = {
		{&w1, "/api/v1/cases", {"x", "2024-13-01.5", "2024-01-01.0", "5"}},
		{&w1, "/api/v1/persons", {"x", "2024-01-01.", "2024-01-01.1a", "7"}},
		{&w1, "/api/v1/partners", {"x", "0", "12a", "-3"}},
		{&rh1, "/api/v1/requests", {"x", "5", "1.0", "a.5"}},
		{&w1, "/api/v1/employee-requests", {"x", "5", "1.", ".5"}},
		{&auditor, "/api/v1/audit", {"x", "0", "1.5", "99999999999999999999"}},
	};
	const char *bad_limits[] = {"0", "abc", "-3", "+5", "1e2"};
	char path[256];
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
		for (size_t i = 0; i < sizeof bad_limits / sizeof *bad_limits; i++) {
			snprintf(path, sizeof path, "%s?limit=%s", lists[l].path, bad_limits[i]);
			expect_api(PORT, lists[l].who, "GET", path, NULL, 422, "limit");
		}
		for (size_t i = 0; i < 4; i++) {
			snprintf(path, sizeof path, "%s?after=%s", lists[l].path, lists[l].cursors[i]);
			expect_api(PORT, lists[l].who, "GET", path, NULL, 422, "after");
		}
		/* Past the largest page: 200, the log's 1000. */
		snprintf(path, sizeof path, "%s?limit=%s", lists[l].path,
			 strcmp(lists[l].path, "/api/v1/audit") == 0 ? "1001" : "201");
		expect_api(PORT, lists[l].who, "GET", path, NULL, 422, "limit");
	}
}

/* ---- the pages ---- */

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* Follows rel="next" from path; the pages seen, rows counted by marker. */
static int follow(const struct sess *who, const char *start, const char *marker, int *rows)
{
	char path[512];
	snprintf(path, sizeof path, "%s", start);
	int pages = 0;
	*rows = 0;
	for (;;) {
		struct http_resp r;
		int st = http_as(PORT, who, 0, "GET", path, NULL, &r);
		if (st != 200)
			fail_msg("GET %s: %d", path, st);
		*rows += count(r.body, marker);
		pages++;
		const char *nx = strstr(r.body, "rel=\"next\"");
		if (!nx) {
			http_resp_free(&r);
			break;
		}
		const char *h = nx;
		while (h > r.body && strncmp(h, "href=\"", 6) != 0)
			h--;
		const char *q = strchr(h + 6, '"');
		/* The attribute's &amp; back to &. */
		size_t k = 0;
		for (const char *c = h + 6; c < q && k + 1 < sizeof path; c++) {
			path[k++] = *c;
			if (strncmp(c, "&amp;", 5) == 0)
				c += 4;
		}
		path[k] = '\0';
		http_resp_free(&r);
		assert_true(pages < 20);
	}
	return pages;
}

static void test_pages(void **state)
{
	(void)state;
	int rows;
	/* 50 a page: two pages or more of each. */
	assert_true(follow(&w1, "/cases?status=all", "<a href=\"/cases/", &rows) >= 2);
	assert_true(rows >= N_ROWS);
	assert_true(follow(&w1, "/persons", "<tr><td><a href=\"/persons/", &rows) >= 2);
	assert_true(rows >= N_ROWS);
	assert_true(follow(&w1, "/partners", "<tr><td>Partenaire", &rows) >= 2);
	assert_int_equal(rows, N_ROWS);
	assert_true(follow(&rh1, "/demandes", "<article", &rows) >= 2);
	assert_true(rows >= N_ROWS);
	assert_true(follow(&auditor, "/audit", "<td class=\"num\">", &rows) >= 2);
	/* The other worker's caseload and persons: one page, hers. */
	assert_int_equal(follow(&w2, "/cases?status=all", "<a href=\"/cases/", &rows), 1);
	assert_int_equal(rows, 3);
	/* A cursor the list did not write: back to the first page. */
	const struct {
		const struct sess *who;
		const char *path;
	} forged[] = {
		{&w1, "/cases?status=open&after=nope"}, {&w1, "/persons?after=nope"},
		{&w1, "/partners?after=nope"},	{&rh1, "/demandes?after=nope"},
		{&w1, "/demandes-salaries?after=nope"}, {&auditor, "/audit?after=nope"},
	};
	for (size_t i = 0; i < sizeof forged / sizeof *forged; i++)
		assert_int_equal(http_as(PORT, forged[i].who, 0, "GET", forged[i].path, NULL, NULL),
				 303);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),	  cmocka_unit_test(test_persons),
		cmocka_unit_test(test_partners),  cmocka_unit_test(test_requests),
		cmocka_unit_test(test_employee_requests), cmocka_unit_test(test_audit),
		cmocka_unit_test(test_refusals),  cmocka_unit_test(test_pages),
		cmocka_unit_test(test_account_caseload),
		cmocka_unit_test(test_written_between),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
