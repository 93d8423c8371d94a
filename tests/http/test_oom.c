/*
 * test_oom — memory running out in the middle of a request (issue 12,
 * item 3): the server gives the request up cleanly and goes on serving.
 *
 * The server under test is tests/relais-oom, the product linked with
 * tests/oom/hook.c, which makes the Nth arena or buffer allocation of a
 * request fail as malloc() would.  For three flows — a case page read as
 * HTML, an intervention recorded through the API, the same through the
 * case page's form — N is swept from 1 until the request goes through:
 * every failed attempt must get a 503 with the French message in the
 * request's own language (JSON or HTML), the very next request must be
 * served, and at the end every intervention stored has its access-log
 * entry and no other (nothing half-written), and `relais audit verify` and
 * `relais check` pass.  A sweep that never failed anything fails the test:
 * it would prove nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/harness.h"

static struct fixture fx;
static struct sess w1;
static long long case_id;
static char oom_file[300];
static char oom_bin[600];

#define PORT fx.srv.port
#define SWEEP_MAX 2000

static void fail_at(long n)
{
	FILE *f = fopen(oom_file, "w");
	assert_non_null(f);
	fprintf(f, "%ld\n", n);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	(void)state;
	/* The same build as the binary under test (build or build/asan). */
	const char *bin = getenv("RELAIS_BIN");
	if (!bin || !*bin)
		bin = "build/relais";
	const char *slash = strrchr(bin, '/');
	snprintf(oom_bin, sizeof oom_bin, "%.*s/tests/relais-oom", slash ? (int)(slash - bin) : 1,
		 slash ? bin : ".");
	if (access(oom_bin, X_OK) != 0) {
		fprintf(stderr, "test_oom: %s is missing (make tests builds it)\n", oom_bin);
		return -1;
	}
	setenv("RELAIS_BIN", oom_bin, 1);
	char dir[] = "/tmp/relais-oom-XXXXXX";
	if (!mkdtemp(dir))
		return -1;
	snprintf(oom_file, sizeof oom_file, "%s/n", dir);
	setenv("RELAIS_OOM_FILE", oom_file, 1);
	/* What the unwound frames had taken with malloc (a JSON value being
	   built, a statement's parameters) is lost by design when a request is
	   given up (support/alloc.h): the leak check would report it at the
	   server's exit.  Everything else the ASan build checks stays on. */
	const char *asan = getenv("ASAN_OPTIONS");
	char opts[512];
	snprintf(opts, sizeof opts, "%s%sdetect_leaks=0", asan ? asan : "", asan && *asan ? ":" : "");
	setenv("ASAN_OPTIONS", opts, 1);
	fail_at(0);

	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker", "head1:head", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess head;
	if (api_login(PORT, "w1", TEST_PASSWORD, &w1) != 200 ||
	    api_login(PORT, "head1", TEST_PASSWORD, &head) != 200 ||
	    http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
		    "{\"login\":\"w1\"}", NULL) != 200)
		return -1;
	struct http_resp r;
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"Mémoire\",\"first_name\":\"Basse\","
		    "\"birth_date\":\"1980-05-04\",\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		    &r) != 201)
		return -1;
	long long person = created_id(&r);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 person);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r) != 201)
		return -1;
	case_id = created_id(&r);
	return case_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fail_at(0);
	int rc = fixture_stop(&fx);
	unlink(oom_file);
	char *slash = strrchr(oom_file, '/');
	if (slash) {
		*slash = 0;
		rmdir(oom_file);
	}
	return rc;
}

/* The server is whole after a given-up request: it answers its health
   check and the case page. */
static void still_serving(void)
{
	fail_at(0);
	char path[64];
	snprintf(path, sizeof path, "/cases/%lld", case_id);
	struct http_resp r;
	assert_int_equal(http_as(PORT, NULL, 0, "GET", "/healthz", NULL, &r), 200);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, "Mémoire");
	http_resp_free(&r);
}

/* A given-up request's answer: 503, Retry-After, the French message in
   the request's language. */
static void given_up(const struct http_resp *r, int api)
{
	char v[64];
	assert_non_null(http_header(r, "Retry-After", v, sizeof v));
	assert_non_null(http_header(r, "Content-Type", v, sizeof v));
	if (api) {
		assert_non_null(strstr(v, "application/json"));
		char code[64];
		assert_string_equal(json_error(r, "code", code, sizeof code), "out_of_memory");
		expect_in(r, "Le serveur manque de mémoire");
	} else {
		assert_non_null(strstr(v, "text/html"));
		expect_in(r, "<html lang=\"fr\"");
		expect_in(r, "Service momentanément indisponible");
	}
}

/* Sends the request of a flow with its Nth allocation failing, N = 1, 2…
   until it goes through with status ok; the number of attempts given up. */
typedef int (*flow_fn)(struct http_resp *r);

static int sweep(const char *name, flow_fn flow, int ok, int api)
{
	int given = 0;
	for (long n = 1; n <= SWEEP_MAX; n++) {
		fail_at(n);
		struct http_resp r;
		int st = flow(&r);
		if (st == ok) {
			http_resp_free(&r);
			fail_at(0);
			fprintf(stderr, "# %s: %d allocation(s) failed one by one, each given up "
					"cleanly; attempt %ld went through\n",
				name, given, n);
			return given;
		}
		if (st != 503)
			fail_msg("%s, allocation %ld failing: status %d (%s)", name, n, st,
				 r.body ? r.body : "");
		given_up(&r, api);
		http_resp_free(&r);
		given++;
		still_serving();
	}
	fail_msg("%s: still failing after %d allocations", name, SWEEP_MAX);
	return given;
}

static int read_page(struct http_resp *r)
{
	char path[64];
	snprintf(path, sizeof path, "/cases/%lld", case_id);
	return http_as(PORT, &w1, 0, "GET", path, NULL, r);
}

static int record_api(struct http_resp *r)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_id);
	return http_as(PORT, &w1, 1, "POST", path,
		       "{\"date\":\"2024-03-05\",\"mode\":\"bureau\",\"kind\":\"entretien\","
		       "\"duration_minutes\":45,\"notes\":\"Par l'API\"}",
		       r);
}

static int record_form(struct http_resp *r)
{
	char path[96];
	snprintf(path, sizeof path, "/cases/%lld/interventions", case_id);
	return http_form(PORT, &w1, path,
			 "date=2024-03-06&mode=bureau&kind=entretien&duration_minutes=30"
			 "&notes=Par+le+formulaire",
			 r);
}

static int record_person(struct http_resp *r)
{
	static int serial;
	char body[256];
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",\"last_name\":\"Tranche%d\",\"first_name\":\"Élise\","
		 "\"birth_date\":\"1975-01-02\",\"phone\":\"06 12 34 %02d %02d\","
		 "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		 serial + 1, serial / 100, serial % 100);
	serial++;
	return http_as(PORT, &w1, 1, "POST", "/api/v1/persons", body, r);
}

static long long count_of(const char *sql)
{
	long long v = fixture_count(&fx, sql);
	assert_true(v >= 0);
	return v;
}

static void test_page_read(void **state)
{
	(void)state;
	assert_true(sweep("case page", read_page, 200, 0) > 0);
}

static void test_interventions_whole_or_absent(void **state)
{
	(void)state;
	long long before = count_of("SELECT COUNT(*) FROM interventions");
	assert_true(sweep("intervention (API)", record_api, 201, 1) > 0);
	assert_true(sweep("intervention (form)", record_form, 303, 0) > 0);
	/* Each went through once; an attempt given up after its commit (while
	   its answer was written) is whole too, with its access-log entry. */
	long long stored = count_of("SELECT COUNT(*) FROM interventions") - before;
	long long logged = count_of("SELECT COUNT(*) FROM audit_log"
				    " WHERE action = 'intervention.create'");
	assert_true(stored >= 2);
	assert_int_equal(stored, logged);
	/* A person: sealed identity, search terms, duplicate keys. */
	before = count_of("SELECT COUNT(*) FROM persons");
	assert_true(sweep("person (API)", record_person, 201, 1) > 0);
	stored = count_of("SELECT COUNT(*) FROM persons") - before;
	assert_true(stored >= 1);
	assert_int_equal(count_of("SELECT COUNT(*) FROM persons"),
			 count_of("SELECT COUNT(*) FROM audit_log WHERE action = 'person.create'"));
}

/* Run last: the database is sound after every request given up. */
static void test_checks_pass(void **state)
{
	(void)state;
	char *out = NULL;
	const char *verify[] = {"audit", "verify", "--db", fx.db, "--key-file", fx.key, NULL};
	int st = relais_run(verify, NULL, &out);
	if (st != 0)
		fail_msg("relais audit verify: %d\n%s", st, out ? out : "");
	free(out);
	out = NULL;
	const char *check[] = {"check", "--db", fx.db, "--key-file", fx.key, NULL};
	st = relais_run(check, NULL, &out);
	if (st != 0)
		fail_msg("relais check: %d\n%s", st, out ? out : "");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_read),
		cmocka_unit_test(test_interventions_whole_or_absent),
		cmocka_unit_test(test_checks_pass),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
