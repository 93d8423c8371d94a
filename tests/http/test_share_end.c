/*
 * test_share_end — shares end for good (issue 13, item 6): the colleague
 * reads the person during the share and loses it after (404, the answer
 * of a person that does not exist), unless she is référent of another of
 * the person's cases; no second case beside a colleague's open one; and
 * creating again, with her full identity, a person a colleague follows is
 * refused with one fixed message that names nobody, audited and limited
 * per worker, so that a determined worker learns no more than "someone
 * follows a person with this identity", a few times a day at most.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "http/harness.h"
#include "service/persons.h"

static struct fixture fx;
static struct sess w1, w2, w3, w4, head, auditor;
static long long roux_id, roux_case;

#define PORT fx.srv.port
#define MISSING "999999999"
#define SIMILAR                                                                                    \
	"Une personne semblable est suivie par un(e) collègue. Demandez-lui de vous partager son "  \
	"suivi ou de vous le transmettre."

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	/* Full names, so that an answer naming a référent would show. */
	static const char *const users[] = {
		"w1:worker::Wanda Premier", "w2:worker::Zoé Second", "w3:worker::Yvette Tierce",
		"w4:worker::Xavière Quart", "head1:head",	     "auditor1:auditor",
		NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &w3, &w4, &head, &auditor};
	const char *logins[] = {"w1", "w2", "w3", "w4", "head1", "auditor1"};
	for (int i = 0; i < 6; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	for (int i = 0; i < 4; i++) {
		char body[64];
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", logins[i]);
		if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", body, NULL) !=
		    200)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* A person of ACME created by s (birth NULL: without a birth date;
   confirm: past a duplicate of her own); the status, *id filled on 201. */
static int post_person(const struct sess *s, const char *last, const char *first,
		       const char *birth, int confirm, long long *id, struct http_resp *out)
{
	char body[512], bd[64] = "";
	if (birth)
		snprintf(bd, sizeof bd, "\"birth_date\":\"%s\",", birth);
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"last_name\":\"%s\",\"first_name\":\"%s\",%s%s"
		 "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		 last, first, bd, confirm ? "\"confirm\":true," : "");
	struct http_resp r;
	int st = http_as(PORT, s, 1, "POST", "/api/v1/persons", body, &r);
	if (st == 201 && id) {
		json_t *j = http_json(&r);
		*id = (long long)json_integer_value(json_object_get(j, "id"));
		json_decref(j);
	}
	if (out)
		*out = r;
	else
		http_resp_free(&r);
	return st;
}

static int person(const struct sess *s, const char *last, const char *first, const char *birth,
		  long long *id, struct http_resp *out)
{
	return post_person(s, last, first, birth, 0, id, out);
}

static int confirmed(const struct sess *s, const char *last, const char *first,
		     const char *birth, struct http_resp *out)
{
	return post_person(s, last, first, birth, 1, NULL, out);
}

static long long open_case(const struct sess *s, long long person_id, int want)
{
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 person_id);
	struct http_resp r;
	int st = http_as(PORT, s, 1, "POST", "/api/v1/cases", body, &r);
	if (st != want)
		fail_msg("open case for %lld: %d, expected %d: %s", person_id, st, want, r.body);
	if (st == 201)
		return created_id(&r);
	http_resp_free(&r);
	return 0;
}

static void share(const struct sess *s, long long case_id, const char *login, int want)
{
	char path[96], body[160];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/shares", case_id);
	snprintf(body, sizeof body, "{\"login\":\"%s\",\"until\":\"%s\",\"reason\":\"Congé\"}", login,
		 test_day(30));
	expect_api(PORT, s, "POST", path, body, want, NULL);
}

/* The response's head without its Date line (caller frees). */
static char *head_without_date(const char *h)
{
	char *out = malloc(strlen(h) + 1);
	size_t n = 0;
	for (const char *line = h; *line;) {
		size_t len = strcspn(line, "\r\n");
		if (strncasecmp(line, "Date:", 5) != 0) {
			memcpy(out + n, line, len);
			n += len;
			out[n++] = '\n';
		}
		line += len;
		while (*line == '\r' || *line == '\n')
			line++;
	}
	out[n] = '\0';
	return out;
}

/* Fails unless a and b are the same answer but for their Date. */
static void same_answer(const char *what, const struct http_resp *a, const struct http_resp *b)
{
	char *ha = head_without_date(a->head), *hb = head_without_date(b->head);
	if (a->status != b->status || strcmp(ha, hb) != 0 || a->body_len != b->body_len ||
	    memcmp(a->body, b->body, a->body_len) != 0)
		fail_msg("%s: the answers differ:\n%s\n%s\n---\n%s\n%s", what, ha, a->body, hb, b->body);
	free(ha);
	free(hb);
}

/* GET path as s: 404 and the very answer of GET missing. */
static void gone(const struct sess *s, const char *path, const char *missing)
{
	struct http_resp r, m;
	assert_int_equal(http_as(PORT, s, 0, "GET", path, NULL, &r), 404);
	char code[32];
	assert_string_equal(json_error(&r, "code", code, sizeof code), "not_found");
	assert_int_equal(http_as(PORT, s, 0, "GET", missing, NULL, &m), 404);
	same_answer(path, &r, &m);
	http_resp_free(&r);
	http_resp_free(&m);
}

static void path_of(char *out, size_t n, const char *kind, long long id)
{
	snprintf(out, n, "/api/v1/%s/%lld", kind, id);
}

/* The share gives the person and the case; its end takes both back, for
   good: the colleague could not open a case of her own meanwhile. */
static void test_share_then_end(void **state)
{
	(void)state;
	assert_int_equal(person(&w1, "Roux", "Anne", "1980-05-04", &roux_id, NULL), 201);
	roux_case = open_case(&w1, roux_id, 201);
	char ppath[64], cpath[64], pweb[64], cweb[64];
	path_of(ppath, sizeof ppath, "persons", roux_id);
	path_of(cpath, sizeof cpath, "cases", roux_case);
	snprintf(pweb, sizeof pweb, "/persons/%lld", roux_id);
	snprintf(cweb, sizeof cweb, "/cases/%lld", roux_case);
	/* Before the share: nothing. */
	gone(&w2, ppath, "/api/v1/persons/" MISSING);
	share(&w1, roux_case, "w2", 201);
	expect_api(PORT, &w2, "GET", ppath, NULL, 200, NULL);
	expect_api(PORT, &w2, "GET", cpath, NULL, 200, NULL);
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w2, 0, "GET", pweb, NULL, &r), 200);
	expect_in(&r, "Roux");
	http_resp_free(&r);
	/* The old way to keep the person: a case of her own.  Refused while
	   the référent's case is open; she is told to ask for a share or a
	   hand-over. */
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-03-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 roux_id);
	expect_api(PORT, &w2, "POST", "/api/v1/cases", body, 409, "person_id");
	assert_int_equal(http_form(PORT, &w2, "/cases",
				   (snprintf(body, sizeof body,
					     "person_id=%lld&opened_on=2024-03-01&referral_source=rh&"
					     "domains=budget",
					     roux_id),
				    body),
				   &r),
			 409);
	expect_in(&r, "suivi ouvert par un(e) collègue");
	http_resp_free(&r);
	/* The référent ends the share: the person and the case are gone, with
	   the answer of records that do not exist, on the API and the pages. */
	char end[96];
	snprintf(end, sizeof end, "/api/v1/cases/%lld/shares/w2", roux_case);
	expect_api(PORT, &w1, "DELETE", end, NULL, 204, NULL);
	gone(&w2, ppath, "/api/v1/persons/" MISSING);
	gone(&w2, cpath, "/api/v1/cases/" MISSING);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", pweb, NULL, &r), 404);
	expect_not_in(&r, "Roux");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", cweb, NULL, &r), 404);
	http_resp_free(&r);
	snprintf(end, sizeof end, "/api/v1/persons/%lld/export", roux_id);
	expect_api(PORT, &w2, "GET", end, NULL, 404, NULL);
	/* Nor in her lists. */
	assert_int_equal(http_as(PORT, &w2, 0, "GET", "/api/v1/cases?status=all", NULL, &r), 200);
	expect_not_in(&r, "Roux");
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", "/api/v1/persons", NULL, &r), 200);
	expect_not_in(&r, "Roux");
	http_resp_free(&r);
	/* The référent keeps everything. */
	expect_api(PORT, &w1, "GET", ppath, NULL, 200, NULL);

	/* A share that runs out ends the same way. */
	share(&w1, roux_case, "w3", 201);
	expect_api(PORT, &w3, "GET", ppath, NULL, 200, NULL);
	assert_int_equal(fixture_sql(&fx, "UPDATE shares SET until = '2001-01-01'"
					  " WHERE ended_at IS NULL"),
			 0);
	gone(&w3, ppath, "/api/v1/persons/" MISSING);
	gone(&w3, cpath, "/api/v1/cases/" MISSING);
}

/* A colleague who is référent of another case of the person keeps the
   person (and that case), not the shared one. */
static void test_keeps_her_own_case(void **state)
{
	(void)state;
	long long id = 0;
	assert_int_equal(person(&w1, "Blanc", "Louise", NULL, &id, NULL), 201);
	long long first = open_case(&w1, id, 201);
	share(&w1, first, "w2", 201);
	open_case(&w2, id, 409); /* the référent's case is open */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/cases/%lld", first);
	expect_api(PORT, &w1, "PATCH", path, "{\"closed_on\":\"2024-03-01\",\"outcome\":\"resolu\"}",
		   200, NULL);
	/* Closed: the colleague (still sharing) may open her own. */
	long long second = open_case(&w2, id, 201);
	/* And now the first référent may not open another beside it. */
	open_case(&w1, id, 409);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/shares/w2", first);
	expect_api(PORT, &w1, "DELETE", path, NULL, 204, NULL);
	char ppath[64], c1[64], c2[64];
	path_of(ppath, sizeof ppath, "persons", id);
	path_of(c1, sizeof c1, "cases", first);
	path_of(c2, sizeof c2, "cases", second);
	expect_api(PORT, &w2, "GET", ppath, NULL, 200, NULL);
	expect_api(PORT, &w2, "GET", c2, NULL, 200, NULL);
	gone(&w2, c1, "/api/v1/cases/" MISSING);
	/* Her case lists shows her own case only. */
	struct http_resp r;
	snprintf(path, sizeof path, "/persons/%lld", id);
	assert_int_equal(http_as(PORT, &w2, 0, "GET", path, NULL, &r), 200);
	char link[64];
	snprintf(link, sizeof link, "/cases/%lld\"", first);
	expect_not_in(&r, link);
	snprintf(link, sizeof link, "/cases/%lld\"", second);
	expect_in(&r, link);
	http_resp_free(&r);
}

/* Reads the auditor's log into out (caller frees). */
static void audit(struct http_resp *out)
{
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, out),
			 200);
}

/* The entries of action by actor in the log, and (when object is given)
   how many name that object. */
static int audited(const char *action, const char *actor, const char *object)
{
	struct http_resp r;
	audit(&r);
	json_t *j = http_json(&r);
	json_t *entries = json_object_get(j, "entries");
	assert_non_null(entries);
	int n = 0;
	size_t i;
	json_t *e;
	json_array_foreach(entries, i, e) {
		const char *a = json_string_value(json_object_get(e, "action"));
		const char *who = json_string_value(json_object_get(e, "actor_login"));
		const char *obj = json_string_value(json_object_get(e, "object_id"));
		if (a && who && strcmp(a, action) == 0 && strcmp(who, actor) == 0 &&
		    (!object || (obj && strcmp(obj, object) == 0)))
			n++;
	}
	json_decref(j);
	http_resp_free(&r);
	return n;
}

/* How many persons s lists. */
static size_t listed(const struct sess *s)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, s, 0, "GET", "/api/v1/persons", NULL, &r), 200);
	json_t *j = http_json(&r);
	size_t n = json_array_size(json_object_get(j, "persons"));
	json_decref(j);
	http_resp_free(&r);
	return n;
}

/* Creating again, with her full identity, a person a colleague follows:
   refused with the fixed message, audited with the person matched (for
   the auditor), nothing created; spelled otherwise, the same. */
static void test_similar_person_refused(void **state)
{
	(void)state;
	size_t before = listed(&w2);
	struct http_resp r;
	assert_int_equal(person(&w2, "ROUX", "anne", "1980-05-04", NULL, &r), 409);
	char field[32], message[512];
	assert_string_equal(json_error(&r, "field", field, sizeof field), "identity");
	assert_string_equal(json_error(&r, "message", message, sizeof message), SIMILAR);
	http_resp_free(&r);
	assert_int_equal(person(&w2, "Roüx", "Anne", "1980-05-04", NULL, NULL), 409);
	assert_int_equal(listed(&w2), before);
	char object[24];
	snprintf(object, sizeof object, "%lld", roux_id);
	assert_int_equal(audited("person.create_similar", "w2", object), 2);
	/* Another birth date is another person; no birth date, no check. */
	long long other = 0;
	assert_int_equal(person(&w2, "Roux", "Anne", "1981-05-04", &other, NULL), 201);
	assert_int_equal(person(&w2, "Roux", "Anne", NULL, NULL, NULL), 201);
	/* Her own follow-up is no colleague's: w1 is warned of a duplicate of
	   her own (test_duplicates.c), not refused as a colleague's, and may
	   create the same again. */
	assert_int_equal(person(&w1, "Roux", "Anne", "1980-05-04", NULL, &r), 409);
	assert_string_equal(json_error(&r, "field", field, sizeof field), "duplicate");
	http_resp_free(&r);
	assert_int_equal(confirmed(&w1, "Roux", "Anne", "1980-05-04", NULL), 201);
	/* The page says the same, and nothing else. */
	assert_int_equal(http_form(PORT, &w2, "/persons",
				   "organisation=acme&last_name=Roux&first_name=Anne&"
				   "birth_date=1980-05-04&consent_on=2024-02-01",
				   &r),
			 409);
	expect_in(&r, "Une personne semblable est suivie par un(e) collègue");
	expect_not_in(&r, "Wanda");
	expect_not_in(&r, "Premier");
	http_resp_free(&r);
	/* The identity is not stored in clear beside the names: the index is
	   a keyed hash (the folded identity never appears). */
	assert_int_equal(db_has(&fx, "roux\x1f" "anne"), 0);
	assert_int_equal(db_has(&fx, "rouxanne"), 0);
}

/* Persons written before the index existed are indexed by `relais init`
   (the upgrade): until then they are not found, after it they are. */
static void test_index_filled_at_upgrade(void **state)
{
	(void)state;
	assert_int_equal(fixture_sql(&fx, "UPDATE persons SET identity_key = NULL"), 0);
	long long twin = 0;
	assert_int_equal(person(&w3, "Roux", "Anne", "1980-05-04", &twin, NULL), 201);
	const char *init[] = {"init", "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(init, NULL, NULL), 0);
	/* Past the warning of her own twin: the colleague's person found. */
	struct http_resp r;
	assert_int_equal(confirmed(&w3, "Roux", "Anne", "1980-05-04", &r), 409);
	char field[32];
	assert_string_equal(json_error(&r, "field", field, sizeof field), "identity");
	http_resp_free(&r);
}

/*
 * What a determined worker could learn, and does not: the refusal names
 * no one, is the same byte for byte whoever follows the person and
 * whichever person it is; it does not depend on her own past refusals;
 * beyond the limit every creation with a full identity gets the same
 * answer, whether the identity is followed or not (so the limit cannot be
 * used as the oracle either); the limit is per worker and kept in the
 * database, and lifts after a day.
 */
static void test_refusal_tells_nothing_more(void **state)
{
	(void)state;
	/* Two persons followed by two different colleagues. */
	long long a = 0, b = 0;
	assert_int_equal(person(&w3, "Martin", "Paul", "1975-01-02", &a, NULL), 201);
	open_case(&w3, a, 201);
	assert_int_equal(person(&w1, "Petit", "Claire", "1990-12-31", &b, NULL), 201);
	open_case(&w1, b, 201);
	/* w4 has never tried: her first refusal and her second are alike. */
	struct http_resp ra, rb;
	assert_int_equal(person(&w4, "Martin", "Paul", "1975-01-02", NULL, &ra), 409);
	assert_int_equal(person(&w4, "Petit", "Claire", "1990-12-31", NULL, &rb), 409);
	same_answer("refusals for two colleagues' persons", &ra, &rb);
	const char *names[] = {"w1", "w3", "Wanda", "Yvette", "Premier", "Tierce", "Martin",
			       "Petit"};
	char ids[2][24];
	snprintf(ids[0], sizeof ids[0], "%lld", a);
	snprintf(ids[1], sizeof ids[1], "%lld", b);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		expect_not_in(&ra, names[i]);
	expect_not_in(&ra, ids[0]);
	expect_not_in(&rb, ids[1]);
	char loc[64];
	assert_null(http_header(&ra, "Location", loc, sizeof loc));
	http_resp_free(&ra);
	http_resp_free(&rb);

	/* The limit: PERSON_IDENTITY_MATCHES_DAY refusals a day.  w4 has had
	   two; one more, then every full identity is refused alike. */
	assert_int_equal(person(&w4, "Roux", "Anne", "1980-05-04", NULL, NULL), 409);
	struct http_resp followed, unknown;
	assert_int_equal(person(&w4, "Roux", "Anne", "1980-05-04", NULL, &followed), 429);
	assert_int_equal(person(&w4, "Inconnue", "Jeanne", "1960-06-06", NULL, &unknown), 429);
	same_answer("limited, followed or not", &followed, &unknown);
	char field[32], code[32];
	assert_string_equal(json_error(&followed, "field", field, sizeof field), "identity");
	assert_string_equal(json_error(&followed, "code", code, sizeof code), "too_many_attempts");
	expect_in(&followed, "réessayez demain");
	http_resp_free(&followed);
	http_resp_free(&unknown);
	assert_true(audited("person.create_limited", "w4", NULL) >= 2);
	/* Limited, she is not told more by the page. */
	struct http_resp page;
	assert_int_equal(http_form(PORT, &w4, "/persons",
				   "organisation=acme&last_name=Roux&first_name=Anne&"
				   "birth_date=1980-05-04&consent_on=2024-02-01",
				   &page),
			 429);
	expect_in(&page, "réessayez demain");
	expect_not_in(&page, "semblable");
	http_resp_free(&page);
	/* Without a birth date nothing is looked up: still possible. */
	assert_int_equal(person(&w4, "Sans", "Date", NULL, NULL, NULL), 201);
	/* Per worker: a colleague is not held back by w4's tries. */
	assert_int_equal(person(&w3, "Nouvelle", "Personne", "1970-07-07", NULL, NULL), 201);
	/* Kept in the database: a day later the limit lifts. */
	assert_int_equal(fixture_sql(&fx, "UPDATE identity_checks SET at = at - 90000"), 0);
	assert_int_equal(person(&w4, "Inconnue", "Jeanne", "1960-06-06", NULL, NULL), 201);
	assert_int_equal(person(&w4, "Martin", "Paul", "1975-01-02", NULL, NULL), 409);
}

/* Every check counts, found or not: PERSON_IDENTITY_CHECKS_DAY full
   identities a day, then the same refusal for any. */
static void test_every_check_counts(void **state)
{
	(void)state;
	assert_int_equal(fixture_sql(&fx, "UPDATE identity_checks SET at = at - 90000"), 0);
	int created = 0;
	for (int i = 0; i < PERSON_IDENTITY_CHECKS_DAY; i++) {
		char last[32];
		snprintf(last, sizeof last, "Essai%c%c", 'a' + i / 26, 'a' + i % 26);
		if (person(&w2, last, "Test", "2000-01-01", NULL, NULL) == 201)
			created++;
	}
	assert_int_equal(created, PERSON_IDENTITY_CHECKS_DAY);
	struct http_resp r;
	assert_int_equal(person(&w2, "Derniere", "Test", "2000-01-01", NULL, &r), 429);
	char field[32];
	assert_string_equal(json_error(&r, "field", field, sizeof field), "identity");
	http_resp_free(&r);
	assert_int_equal(person(&w2, "Martin", "Paul", "1975-01-02", NULL, NULL), 429);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_share_then_end),
		cmocka_unit_test(test_keeps_her_own_case),
		cmocka_unit_test(test_similar_person_refused),
		cmocka_unit_test(test_index_filled_at_upgrade),
		cmocka_unit_test(test_refusal_tells_nothing_more),
		cmocka_unit_test(test_every_check_counts),
	};
	return cmocka_run_group_tests_name("share_end", tests, setup, teardown);
}
