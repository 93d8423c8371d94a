/*
 * test_rowseal — sealed values bound to their row (issue 14, item 2).
 *
 * A note or a diagnosis copied with sqlite3 / psql into another row of
 * its table does not open there: the page shows the tamper marker (not
 * the text, not an empty field), the access log names the place, and
 * `relais check` reports it and exits non-zero.  And a database sealed
 * the older way (bound to the column only, before migration 20) is
 * re-sealed in place by `relais init` and reads back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "http/harness.h"
#include "service/internal.h"
#include "service/sealed.h"

static struct fixture fx;
static struct sess w1, auditor;
static long long case1, case2, iv1, iv2;

#define PORT fx.srv.port
#define NOTE_ONE "Point sur l'arrêt, premier entretien."
#define NOTE_TWO "Dossier FSL déposé."
#define DIAG_ONE "Épuisement après un deuil."
#define DIAG_TWO "Dettes de loyer."
#define MARKER "contenu altéré : ce texte chiffré ne s&#39;ouvre pas"
#define MARKER_JSON "contenu altéré : ce texte chiffré ne s'ouvre pas"

static long long post(const char *path, const char *body)
{
	struct http_resp r;
	int status = http_as(PORT, &w1, 1, "POST", path, body, &r);
	if (status != 201) {
		fprintf(stderr, "POST %s: %d %s\n", path, status, r.body);
		http_resp_free(&r);
		return -1;
	}
	return created_id(&r);
}

static long long new_case(long long person)
{
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"sante.arret\"]}",
		 person);
	return post("/api/v1/cases", body);
}

static long long new_intervention(long long c, const char *notes)
{
	char path[96], body[256];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", c);
	snprintf(body, sizeof body,
		 "{\"date\":\"2024-02-05\",\"mode\":\"bureau\",\"kind\":\"entretien\","
		 "\"duration_minutes\":30,\"notes\":\"%s\"}",
		 notes);
	return post(path, body);
}

static int set_diagnosis(long long c, const char *text)
{
	char path[64], body[256];
	snprintf(path, sizeof path, "/api/v1/cases/%lld", c);
	snprintf(body, sizeof body, "{\"diagnosis\":\"%s\"}", text);
	return http_as(PORT, &w1, 1, "PATCH", path, body, NULL) == 200 ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const off[] = {"config", "two-person", "off", NULL};
	static const char *const *const cmds[] = {acme, off, NULL};
	static const char *const users[] = {"w1:worker", "auditor1:auditor", "head1:head", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess head;
	if (api_login(PORT, "w1", TEST_PASSWORD, &w1) != 200 ||
	    api_login(PORT, "auditor1", TEST_PASSWORD, &auditor) != 200 ||
	    api_login(PORT, "head1", TEST_PASSWORD, &head) != 200 ||
	    http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers",
		    "{\"login\":\"w1\"}", NULL) != 200)
		return -1;
	long long p1 = post("/api/v1/persons",
			    "{\"organisation\":\"acme\",\"last_name\":\"Roux\",\"first_name\":\"Anne\","
			    "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}");
	long long p2 = post("/api/v1/persons",
			    "{\"organisation\":\"acme\",\"last_name\":\"Petit\",\"first_name\":\"Luc\","
			    "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}");
	if (p1 < 0 || p2 < 0 || (case1 = new_case(p1)) < 0 || (case2 = new_case(p2)) < 0 ||
	    (iv1 = new_intervention(case1, NOTE_ONE)) < 0 ||
	    (iv2 = new_intervention(case2, NOTE_TWO)) < 0 || set_diagnosis(case1, DIAG_ONE) != 0 ||
	    set_diagnosis(case2, DIAG_TWO) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

static void get_page(const char *path, struct http_resp *r)
{
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, r), 200);
}

/* The access log holds an entry of action naming object. */
static int audited(const char *action, const char *object)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r),
			 200);
	json_t *j = http_json(&r);
	json_t *entries = json_is_array(j) ? j : json_object_get(j, "entries");
	int found = 0;
	size_t i;
	json_t *e;
	json_array_foreach(entries, i, e)
	{
		const char *a = json_string_value(json_object_get(e, "action"));
		const char *o = json_string_value(json_object_get(e, "object_id"));
		if (a && o && strcmp(a, action) == 0 && strcmp(o, object) == 0)
			found = 1;
	}
	json_decref(j);
	http_resp_free(&r);
	return found;
}

/* `relais check`: its exit status, its output in *out (caller frees). */
static int check(char **out)
{
	const char *args[] = {"check", "--db", fx.db, "--key-file", fx.key, NULL};
	return relais_run(args, NULL, out);
}

/* Every value opens where it is before anything is moved. */
static void test_sound_first(void **state)
{
	(void)state;
	char *out = NULL;
	assert_int_equal(check(&out), 0);
	assert_non_null(strstr(out, "chacune s'ouvre à sa place"));
	free(out);
	struct http_resp r;
	char path[64];
	snprintf(path, sizeof path, "/cases/%lld", case1);
	get_page(path, &r);
	expect_in(&r, "Point sur l&#39;arrêt");
	expect_not_in(&r, MARKER);
	http_resp_free(&r);
}

static void test_note_moved(void **state)
{
	(void)state;
	char sql[256], path[64], object[64];
	/* Someone with write access to the database copies case 1's note over
	   case 2's, where they may read it. */
	snprintf(sql, sizeof sql,
		 "UPDATE interventions SET notes = (SELECT notes FROM interventions WHERE id = %lld)"
		 " WHERE id = %lld",
		 iv1, iv2);
	assert_int_equal(fixture_sql(&fx, sql), 0);
	struct http_resp r;
	snprintf(path, sizeof path, "/cases/%lld", case2);
	get_page(path, &r);
	expect_in(&r, MARKER);
	expect_not_in(&r, "Point sur l&#39;arrêt");
	expect_not_in(&r, "Dossier FSL");
	http_resp_free(&r);
	/* The note in its own place still opens. */
	snprintf(path, sizeof path, "/cases/%lld", case1);
	get_page(path, &r);
	expect_in(&r, "Point sur l&#39;arrêt");
	http_resp_free(&r);
	snprintf(object, sizeof object, "interventions.notes#%lld", iv2);
	assert_true(audited("sealed.tampered", object));
	char *out = NULL;
	assert_int_not_equal(check(&out), 0);
	snprintf(object, sizeof object, "interventions.notes, ligne %lld :", iv2);
	if (!strstr(out, object))
		fail_msg("relais check does not name %s:\n%s", object, out);
	free(out);
}

static void test_diagnosis_moved(void **state)
{
	(void)state;
	char sql[256], path[64], object[64];
	snprintf(sql, sizeof sql,
		 "UPDATE cases SET diagnosis = (SELECT diagnosis FROM cases WHERE id = %lld)"
		 " WHERE id = %lld",
		 case1, case2);
	assert_int_equal(fixture_sql(&fx, sql), 0);
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/cases/%lld", case2);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	const char *d = json_string_value(json_object_get(json_object_get(j, "case"), "diagnosis"));
	assert_non_null(d);
	assert_non_null(strstr(d, MARKER_JSON));
	json_decref(j);
	http_resp_free(&r);
	snprintf(path, sizeof path, "/cases/%lld", case2);
	get_page(path, &r);
	expect_in(&r, MARKER);
	expect_not_in(&r, "Épuisement");
	http_resp_free(&r);
	snprintf(object, sizeof object, "cases.diagnosis#%lld", case2);
	assert_true(audited("sealed.tampered", object));
	/* An update that leaves the text as it is would seal the marker:
	   refused until the text is typed again. */
	snprintf(path, sizeof path, "/api/v1/cases/%lld", case2);
	expect_api(PORT, &w1, "PATCH", path, "{\"referral_source\":\"rh\"}", 422, "diagnosis");
	char *out = NULL;
	assert_int_not_equal(check(&out), 0);
	snprintf(object, sizeof object, "cases.diagnosis, ligne %lld :", case2);
	if (!strstr(out, object))
		fail_msg("relais check does not name %s:\n%s", object, out);
	free(out);
	/* Typed again, it opens again. */
	assert_int_equal(set_diagnosis(case2, DIAG_TWO), 0);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, DIAG_TWO);
	http_resp_free(&r);
}

/*
 * A database sealed before migration 20: every value bound to its column
 * only.  Built from this one with the same walker the migration uses, run
 * backwards, and the setting the migration leaves; then `relais init`
 * binds the values to their rows and every page reads them back.
 */
static void test_old_database_resealed(void **state)
{
	(void)state;
	/* The moved note is put back first: only sound values remain. */
	char sql[256];
	snprintf(sql, sizeof sql,
		 "UPDATE interventions SET notes = NULL WHERE id = %lld", iv2);
	assert_int_equal(fixture_sql(&fx, sql), 0);
	assert_int_equal(server_stop(&fx.srv), 0);

	uint8_t master[SEC_KEY_BYTES];
	char err[512];
	assert_int_equal(sec_key_load(fx.key, master, err, sizeof err), 0);
	struct subkeys k;
	app_subkeys(master, &k);
	store *db = NULL;
	assert_int_equal(store_open(fx.db, &db, err, sizeof err), 0);
	struct sealed_place row = {k.text, SEALED_BY_ROW}, column = {k.text, SEALED_BY_COLUMN};
	struct sealed_counts n;
	assert_int_equal(store_begin(db), STORE_OK);
	assert_int_equal(sealed_rebind(db, row, column, NULL, 0, NULL, NULL, &n), 0);
	assert_int_equal(store_commit(db), STORE_OK);
	assert_true(n.moved > 0);
	assert_int_equal(n.bad, 0);
	int64_t before = n.moved;
	store_close(db);
	assert_int_equal(
		db_sql(fx.db, "UPDATE settings SET value = 'column' WHERE name = 'sealed_aad'"), 0);
	/* As an old database, nothing opens where it is. */
	char *out = NULL;
	assert_int_not_equal(check(&out), 0);
	free(out);

	const char *init[] = {"init", "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(init, NULL, NULL), 0);
	assert_int_equal(check(&out), 0);
	assert_non_null(strstr(out, "chacune s'ouvre à sa place"));
	free(out);
	/* Every value is now bound to its row again, none left at its column. */
	assert_int_equal(store_open(fx.db, &db, err, sizeof err), 0);
	struct sealed_place none = {NULL, SEALED_BY_ROW};
	assert_int_equal(sealed_rebind(db, none, column, NULL, 0, NULL, NULL, &n), 0);
	assert_int_equal(n.bad, before);
	store_close(db);
	sodium_memzero(&k, sizeof k);
	sodium_memzero(master, sizeof master);
	/* Running init again changes nothing. */
	assert_int_equal(relais_run(init, NULL, NULL), 0);

	const char *extra[] = {"--key-file", fx.key, NULL};
	assert_int_equal(server_start(&fx.srv, fx.db, extra), 0);
	assert_int_equal(api_login(PORT, "w1", TEST_PASSWORD, &w1), 200);
	struct http_resp r;
	char path[64];
	snprintf(path, sizeof path, "/cases/%lld", case1);
	get_page(path, &r);
	expect_in(&r, "Point sur l&#39;arrêt");
	expect_in(&r, DIAG_ONE);
	expect_not_in(&r, MARKER);
	http_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", case2);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, DIAG_TWO);
	http_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sound_first),
		cmocka_unit_test(test_note_moved),
		cmocka_unit_test(test_diagnosis_moved),
		cmocka_unit_test(test_old_database_resealed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
