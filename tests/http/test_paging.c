/*
 * test_paging — a case's interventions a page at a time (issue 15): the
 * API's limit/after/next/total, a stable order across pages (an
 * intervention added meanwhile neither repeats nor hides one), refusals of
 * a bad limit or cursor, the case page's latest ten with a link to all, the
 * HTML pages and their links, and 404 for whoever may not open the case.
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

#define N_IVS 123

static struct fixture fx;
static struct sess w1, w2;
static long long case_id;

#define PORT fx.srv.port

static int add_iv(const char *date)
{
	char path[64], body[256];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_id);
	snprintf(body, sizeof body,
		 "{\"date\":\"%s\",\"mode\":\"bureau\",\"kind\":\"entretien\","
		 "\"duration_minutes\":30,\"notes\":\"Note %s\"}",
		 date, date);
	return http_as(PORT, &w1, 1, "POST", path, body, NULL) == 201 ? 0 : -1;
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
	struct http_resp r;
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"Page\",\"first_name\":\"Lise\","
		    "\"consent\":{\"accompaniment_on\":\"2024-01-02\"}}",
		    &r) != 201)
		return -1;
	long long person = created_id(&r);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-01-02\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 person);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r) != 201)
		return -1;
	case_id = created_id(&r);
	/* Three a day over 41 days: ties on the date are ordered by id. */
	for (int i = 0; i < N_IVS; i++) {
		char date[32];
		snprintf(date, sizeof date, "2024-%02d-%02d", 2 + i / 3 / 28, 1 + i / 3 % 28);
		if (add_iv(date) != 0)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

struct seen {
	long long id[N_IVS + 8];
	char date[N_IVS + 8][11];
	int n;
};

/* One API page into s; its "next" into next ("" when null); the total. */
static long long api_page(const char *query, struct seen *s, char *next, size_t len)
{
	char path[256];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions%s", case_id, query);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	assert_non_null(j);
	json_t *list = json_object_get(j, "interventions");
	assert_true(json_is_array(list));
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		assert_true(s->n < N_IVS + 8);
		s->id[s->n] = json_integer_value(json_object_get(v, "id"));
		snprintf(s->date[s->n], sizeof s->date[s->n], "%s",
			 json_string_value(json_object_get(v, "date")));
		s->n++;
	}
	json_t *nx = json_object_get(j, "next");
	assert_true(json_is_string(nx) || json_is_null(nx));
	snprintf(next, len, "%s", json_is_string(nx) ? json_string_value(nx) : "");
	long long total = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	http_resp_free(&r);
	return total;
}

/* Newest first, ties by id, every id once. */
static void check_order(const struct seen *s)
{
	for (int i = 1; i < s->n; i++) {
		int c = strcmp(s->date[i - 1], s->date[i]);
		assert_true(c > 0 || (c == 0 && s->id[i - 1] > s->id[i]));
	}
	for (int i = 0; i < s->n; i++)
		for (int k = i + 1; k < s->n; k++)
			assert_true(s->id[i] != s->id[k]);
}

static void test_api_pages(void **state)
{
	(void)state;
	struct seen s = {0};
	char next[128], query[256];
	assert_int_equal(api_page("?limit=50", &s, next, sizeof next), N_IVS);
	assert_int_equal(s.n, 50);
	assert_true(next[0]);
	snprintf(query, sizeof query, "?limit=50&after=%s", next);
	assert_int_equal(api_page(query, &s, next, sizeof next), N_IVS);
	assert_int_equal(s.n, 100);
	snprintf(query, sizeof query, "?limit=50&after=%s", next);
	assert_int_equal(api_page(query, &s, next, sizeof next), N_IVS);
	assert_int_equal(s.n, N_IVS);
	assert_string_equal(next, ""); /* the last page */
	check_order(&s);
	/* Without a limit: 50. */
	struct seen d = {0};
	api_page("", &d, next, sizeof next);
	assert_int_equal(d.n, 50);
}

/* Written between two pages, the newest intervention belongs before the
   first page: the next pages neither repeat nor skip one. */
static void test_stable_order(void **state)
{
	(void)state;
	struct seen s = {0};
	char next[128], query[256];
	long long before = api_page("?limit=40", &s, next, sizeof next);
	assert_int_equal(add_iv("2025-06-01"), 0);
	for (;;) {
		snprintf(query, sizeof query, "?limit=40&after=%s", next);
		assert_int_equal(api_page(query, &s, next, sizeof next), before + 1);
		if (!next[0])
			break;
	}
	assert_int_equal(s.n, before);
	check_order(&s);
}

static void test_refusals(void **state)
{
	(void)state;
	char path[256];
	const char *bad_limits[] = {"0", "201", "abc", "-3", "+5", "1e2"};
	for (size_t i = 0; i < sizeof bad_limits / sizeof *bad_limits; i++) {
		snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions?limit=%s", case_id,
			 bad_limits[i]);
		expect_api(PORT, &w1, "GET", path, NULL, 422, "limit");
	}
	const char *bad_cursors[] = {"x", "2024-13-01.5", "2024-01-01.0", "2024-01-01.",
				     "2024-01-01.12a", "2024-01-01.99999999999999999999"};
	for (size_t i = 0; i < sizeof bad_cursors / sizeof *bad_cursors; i++) {
		snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions?after=%s", case_id,
			 bad_cursors[i]);
		expect_api(PORT, &w1, "GET", path, NULL, 422, "after");
	}
	/* Someone who may not open the case: not found, page or API. */
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions?limit=5", case_id);
	expect_api(PORT, &w2, "GET", path, NULL, 404, NULL);
	snprintf(path, sizeof path, "/cases/%lld/interventions", case_id);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", path, NULL, NULL), 404);
	snprintf(path, sizeof path, "/cases/%lld/interventions", case_id + 1000);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, NULL), 404);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void test_pages(void **state)
{
	(void)state;
	char path[256], link[256];
	struct http_resp r;
	/* The case page: the latest ten and a link to every one. */
	snprintf(path, sizeof path, "/cases/%lld", case_id);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	const char *section = strstr(r.body, "id=\"interventions\"");
	assert_non_null(section);
	const char *end = strstr(section, "</section>");
	assert_non_null(end);
	char *sec = strndup(section, (size_t)(end - section));
	assert_int_equal(count(sec, "<article>"), 10);
	snprintf(link, sizeof link, "href=\"/cases/%lld/interventions\"", case_id);
	assert_non_null(strstr(sec, link));
	free(sec);
	http_resp_free(&r);

	/* The pages: 50 each, then what is left, following rel="next". */
	snprintf(path, sizeof path, "/cases/%lld/interventions", case_id);
	int total = 0, pages = 0;
	for (;;) {
		assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
		int n = count(r.body, "<article>");
		total += n;
		pages++;
		const char *nx = strstr(r.body, "rel=\"next\"");
		if (!nx) {
			http_resp_free(&r);
			break;
		}
		assert_int_equal(n, 50);
		/* The href just before rel="next". */
		const char *h = nx;
		while (h > r.body && strncmp(h, "href=\"", 6) != 0)
			h--;
		const char *q = strchr(h + 6, '"');
		snprintf(path, sizeof path, "%.*s", (int)(q - h - 6), h + 6);
		http_resp_free(&r);
		assert_true(pages < 10);
	}
	/* Every intervention on one page or another (one added by
	   test_stable_order when it ran first). */
	assert_true(total == N_IVS || total == N_IVS + 1);
	assert_int_equal(pages, 3);

	/* A cursor the list did not write: back to the first page. */
	snprintf(path, sizeof path, "/cases/%lld/interventions?after=nope", case_id);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 303);
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_pages),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_stable_order),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
