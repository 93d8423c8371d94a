/*
 * test_revocation_hold — an access check and what it allows never straddle
 * a revocation (issue 15; store_hold in store/store.h).
 *
 * PostgreSQL runs a write transaction READ COMMITTED: each statement reads
 * its own snapshot, so a read checked before a share ends, or before the
 * case changes hands, could go on reading after — records written since by
 * the new référent included.  relais holds the person's row: FOR KEY SHARE
 * from the check of a read or a write to its end, FOR UPDATE in a
 * revocation before it reads anything.  The test plays both sides with a
 * connection of its own on the fixture's database, holding a transaction
 * open while the server is asked:
 *
 *  - a revocation in progress (the person held for update, the share
 *    ended, not committed): the colleague's read of the case must wait for
 *    it, then answer 404, as if it came after — never 200 from before;
 *  - a read in progress (the person held for key share): ending the share,
 *    sharing again, handing the case over and transferring the caseload
 *    must wait for it, then take effect;
 *  - a handover in progress: the former référent's write waits, then is
 *    refused;
 *  - a share ending: the colleague's own case for the person (which would
 *    let her keep the person) waits, then is refused, on both databases.
 *
 * On SQLite one transaction writes at a time (the reads write their
 * access-log entry): the same test holds the database's write lock
 * (BEGIN IMMEDIATE) and checks the same waits and answers.  A request
 * still waiting after HOLD_MS is all "waits" means: never a speed.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "http/harness.h"

#define HOLD_MS 700

static struct fixture fx;
static struct sess w1, w2, w3, head;
static long long person_id, case_id, w2_id;

#define PORT fx.srv.port

static int is_pg(void)
{
	return strstr(fx.db, "://") != NULL;
}

/* ---- the test's own connection, holding a transaction ---- */

struct holder {
	PGconn *pg;
	sqlite3 *lite;
};

static void holder_sql(struct holder *h, const char *sql)
{
	if (h->pg) {
		PGresult *r = PQexec(h->pg, sql);
		ExecStatusType st = PQresultStatus(r);
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
			fail_msg("%s: %s", sql, PQerrorMessage(h->pg));
		PQclear(r);
	} else {
		char *err = NULL;
		if (sqlite3_exec(h->lite, sql, NULL, NULL, &err) != SQLITE_OK)
			fail_msg("%s: %s", sql, err ? err : "?");
	}
}

/* Opens the connection and begins: on PostgreSQL, pg_sql (the locks a
   revocation or a read takes) runs inside; on SQLite, BEGIN IMMEDIATE
   takes the write lock, then lite_sql runs (may be NULL). */
static void hold(struct holder *h, const char *pg_sql, const char *lite_sql)
{
	memset(h, 0, sizeof *h);
	if (is_pg()) {
		h->pg = PQconnectdb(fx.db);
		if (PQstatus(h->pg) != CONNECTION_OK)
			fail_msg("connect: %s", PQerrorMessage(h->pg));
		holder_sql(h, "BEGIN");
		holder_sql(h, pg_sql);
	} else {
		if (sqlite3_open(fx.db, &h->lite) != SQLITE_OK)
			fail_msg("open %s", fx.db);
		sqlite3_busy_timeout(h->lite, 5000);
		holder_sql(h, "BEGIN IMMEDIATE");
		if (lite_sql)
			holder_sql(h, lite_sql);
	}
}

static void release(struct holder *h)
{
	holder_sql(h, "COMMIT");
	if (h->pg)
		PQfinish(h->pg);
	if (h->lite)
		sqlite3_close(h->lite);
}

/* ---- a request on a thread of its own ---- */

struct call {
	pthread_t thread;
	const struct sess *s;
	const char *method;
	char path[128];
	const char *body;
	int status;
	volatile int done;
	pthread_mutex_t mu;
};

static void *call_run(void *arg)
{
	struct call *c = arg;
	struct http_resp r;
	int st = http_as(PORT, c->s, 1, c->method, c->path, c->body, &r);
	http_resp_free(&r);
	pthread_mutex_lock(&c->mu);
	c->status = st;
	c->done = 1;
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

static void call_start(struct call *c, const struct sess *s, const char *method, const char *path,
		       const char *body)
{
	memset(c, 0, sizeof *c);
	c->s = s;
	c->method = method;
	snprintf(c->path, sizeof c->path, "%s", path);
	c->body = body;
	pthread_mutex_init(&c->mu, NULL);
	assert_int_equal(pthread_create(&c->thread, NULL, call_run, c), 0);
}

static int call_done(struct call *c)
{
	pthread_mutex_lock(&c->mu);
	int d = c->done;
	pthread_mutex_unlock(&c->mu);
	return d;
}

static int call_join(struct call *c)
{
	pthread_join(c->thread, NULL);
	pthread_mutex_destroy(&c->mu);
	return c->status;
}

static void sleep_ms(int ms)
{
	struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

/* Starts the request, checks that it still waits after HOLD_MS while h
   holds its transaction, ends h's transaction, and returns the answer's
   status. */
static int while_held(struct holder *h, const char *what, const struct sess *s,
		      const char *method, const char *path, const char *body)
{
	struct call c;
	call_start(&c, s, method, path, body);
	sleep_ms(HOLD_MS);
	int answered = call_done(&c);
	release(h);
	int st = call_join(&c);
	if (answered)
		fail_msg("%s answered %d while the other transaction was open", what, st);
	return st;
}

/* ---- the fixture ---- */

static long long scalar(const char *sql)
{
	long long v = fixture_count(&fx, sql);
	if (v < 0)
		fail_msg("%s: no answer", sql);
	return v;
}

static void share_with_w2(void)
{
	char path[96], body[160];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/shares", case_id);
	snprintf(body, sizeof body, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"Congé\"}",
		 test_day(30));
	expect_api(PORT, &w1, "POST", path, body, 201, NULL);
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	/* A référent hands her case over alone (the two-person rule has its
	   own test). */
	static const char *const alone[] = {"config", "two-person", "off", NULL};
	static const char *const *const cmds[] = {acme, alone, NULL};
	static const char *const users[] = {"w1:worker", "w2:worker", "w3:worker", "head1:head",
					    NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &w3, &head};
	const char *logins[] = {"w1", "w2", "w3", "head1"};
	for (int i = 0; i < 4; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	for (int i = 0; i < 3; i++) {
		char body[64];
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", logins[i]);
		if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", body, NULL) !=
		    200)
			return -1;
	}
	if (new_person_case(PORT, &w1, "acme", "Garnier", "Inès", &person_id, &case_id) != 0)
		return -1;
	w2_id = fixture_count(&fx, "SELECT id FROM users WHERE login = 'w2'");
	return person_id > 0 && case_id > 0 && w2_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* ---- the tests ---- */

/* A share ending while the colleague reads: her read waits and sees it. */
static void test_a_read_waits_for_a_revocation(void **state)
{
	(void)state;
	share_with_w2();
	char path[64];
	snprintf(path, sizeof path, "/api/v1/cases/%lld", case_id);
	expect_api(PORT, &w2, "GET", path, NULL, 200, NULL);

	/* The revocation as relais runs it: the person held for update, then
	   the share ended; not committed yet. */
	char pg[512], lite[256];
	snprintf(pg, sizeof pg,
		 "SELECT 1 FROM persons WHERE id = %lld FOR UPDATE;"
		 " UPDATE shares SET ended_at = 1 WHERE case_id = %lld AND user_id = %lld"
		 " AND ended_at IS NULL",
		 person_id, case_id, w2_id);
	snprintf(lite, sizeof lite,
		 "UPDATE shares SET ended_at = 1 WHERE case_id = %lld AND user_id = %lld"
		 " AND ended_at IS NULL",
		 case_id, w2_id);
	struct holder h;
	hold(&h, pg, lite);
	int st = while_held(&h, "the colleague's read", &w2, "GET", path, NULL);
	assert_int_equal(st, 404);
	/* Nor her reads of the case's records. */
	char sub[96];
	snprintf(sub, sizeof sub, "/api/v1/cases/%lld/interventions", case_id);
	expect_api(PORT, &w2, "GET", sub, NULL, 404, NULL);
}

/* The colleague reading (her transaction holds the person): ending her
   share waits for the read, then ends it. */
static void test_a_share_end_waits_for_a_read(void **state)
{
	(void)state;
	share_with_w2();
	char path[96], read[64];
	snprintf(read, sizeof read, "/api/v1/cases/%lld", case_id);
	expect_api(PORT, &w2, "GET", read, NULL, 200, NULL);
	char pg[128];
	snprintf(pg, sizeof pg, "SELECT 1 FROM persons WHERE id = %lld FOR KEY SHARE", person_id);
	struct holder h;
	hold(&h, pg, NULL);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/shares/w2", case_id);
	int st = while_held(&h, "ending the share", &w1, "DELETE", path, NULL);
	assert_int_equal(st, 204);
	expect_api(PORT, &w2, "GET", read, NULL, 404, NULL);
	/* A new share replaces an old one the same way. */
	share_with_w2();
	hold(&h, pg, NULL);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/shares", case_id);
	char body[160];
	snprintf(body, sizeof body, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"Relais\"}",
		 test_day(2));
	st = while_held(&h, "sharing again", &w1, "POST", path, body);
	assert_int_equal(st, 201);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/shares/w2", case_id);
	expect_api(PORT, &w1, "DELETE", path, NULL, 204, NULL);
}

/* A read in progress: the case handed over waits for it; after, the new
   référent reads it and the former one gets 404. */
static void test_a_handover_waits_for_a_read(void **state)
{
	(void)state;
	char read[64], path[96];
	snprintf(read, sizeof read, "/api/v1/cases/%lld", case_id);
	char pg[128];
	snprintf(pg, sizeof pg, "SELECT 1 FROM persons WHERE id = %lld FOR KEY SHARE", person_id);
	struct holder h;
	hold(&h, pg, NULL);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/referent", case_id);
	int st = while_held(&h, "the handover", &w1, "POST", path, "{\"login\":\"w3\"}");
	assert_int_equal(st, 200);
	expect_api(PORT, &w3, "GET", read, NULL, 200, NULL);
	expect_api(PORT, &w1, "GET", read, NULL, 404, NULL);
	assert_int_equal(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'case.handover'"), 1);
}

/* A handover in progress: the former référent's write waits, then is
   refused, and nothing of hers is written. */
static void test_a_write_waits_for_a_handover(void **state)
{
	(void)state;
	char pg[512], lite[256];
	long long w1_id = scalar("SELECT id FROM users WHERE login = 'w1'");
	/* Back to w1, as relais would: the person held for update first. */
	snprintf(pg, sizeof pg,
		 "SELECT 1 FROM persons WHERE id = %lld FOR UPDATE;"
		 " UPDATE cases SET referent_id = %lld WHERE id = %lld;"
		 " UPDATE persons SET referent_id = %lld WHERE id = %lld",
		 person_id, w1_id, case_id, w1_id, person_id);
	snprintf(lite, sizeof lite,
		 "UPDATE cases SET referent_id = %lld WHERE id = %lld;"
		 " UPDATE persons SET referent_id = %lld WHERE id = %lld",
		 w1_id, case_id, w1_id, person_id);
	struct holder h;
	hold(&h, pg, lite);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_id);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"date\":\"2024-03-01\",\"mode\":\"bureau\",\"kind\":\"entretien\","
		 "\"duration_minutes\":30}");
	long long before = scalar("SELECT COUNT(*) FROM interventions");
	int st = while_held(&h, "the former référent's write", &w3, "POST", path, body);
	assert_int_equal(st, 404);
	assert_int_equal(scalar("SELECT COUNT(*) FROM interventions"), before);
	/* The référent again writes it. */
	expect_api(PORT, &w1, "POST", path, body, 201, NULL);
}

/* A read in progress: the head's transfer of a caseload waits for it. */
static void test_a_transfer_waits_for_a_read(void **state)
{
	(void)state;
	char read[64], pg[128];
	snprintf(read, sizeof read, "/api/v1/cases/%lld", case_id);
	expect_api(PORT, &w1, "GET", read, NULL, 200, NULL);
	snprintf(pg, sizeof pg, "SELECT 1 FROM persons WHERE id = %lld FOR KEY SHARE", person_id);
	struct holder h;
	hold(&h, pg, NULL);
	int st = while_held(&h, "the transfer", &head, "POST", "/api/v1/caseloads/transfer",
			    "{\"from\":\"w1\",\"to\":\"w2\"}");
	assert_int_equal(st, 200);
	expect_api(PORT, &w2, "GET", read, NULL, 200, NULL);
	expect_api(PORT, &w1, "GET", read, NULL, 404, NULL);
}

/* The person's case closed, the colleague still sharing it may open one
   of her own (and keep the person: test_share_end).  While the share is
   ending, her case waits, then is refused: she does not keep the person
   through the gap between a check and the write. */
static void test_a_case_opened_waits_for_a_revocation(void **state)
{
	(void)state;
	long long p = 0, c = 0;
	assert_int_equal(new_person_case(PORT, &w1, "acme", "Perrin", "Lucie", &p, &c), 0);
	char path[96], body[256];
	snprintf(path, sizeof path, "/api/v1/cases/%lld", c);
	expect_api(PORT, &w1, "PATCH", path, "{\"closed_on\":\"2024-03-01\",\"outcome\":\"resolu\"}",
		   200, NULL);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/shares", c);
	snprintf(body, sizeof body, "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"Congé\"}",
		 test_day(30));
	expect_api(PORT, &w1, "POST", path, body, 201, NULL);
	char pg[512], lite[256];
	snprintf(pg, sizeof pg,
		 "SELECT 1 FROM persons WHERE id = %lld FOR UPDATE;"
		 " UPDATE shares SET ended_at = 1 WHERE case_id = %lld AND user_id = %lld"
		 " AND ended_at IS NULL",
		 p, c, w2_id);
	snprintf(lite, sizeof lite,
		 "UPDATE shares SET ended_at = 1 WHERE case_id = %lld AND user_id = %lld"
		 " AND ended_at IS NULL",
		 c, w2_id);
	struct holder h;
	hold(&h, pg, lite);
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-04-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 p);
	int st = while_held(&h, "the colleague's case", &w2, "POST", "/api/v1/cases", body);
	assert_int_equal(st, 422);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM cases WHERE person_id = %lld", p);
	assert_int_equal(scalar(sql), 1);
	snprintf(path, sizeof path, "/api/v1/persons/%lld", p);
	expect_api(PORT, &w2, "GET", path, NULL, 404, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_read_waits_for_a_revocation),
		cmocka_unit_test(test_a_share_end_waits_for_a_read),
		cmocka_unit_test(test_a_handover_waits_for_a_read),
		cmocka_unit_test(test_a_write_waits_for_a_handover),
		cmocka_unit_test(test_a_transfer_waits_for_a_read),
		cmocka_unit_test(test_a_case_opened_waits_for_a_revocation),
	};
	return cmocka_run_group_tests_name("revocation_hold", tests, setup, teardown);
}
