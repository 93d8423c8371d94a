/*
 * test_identity — the identity sealed (issue 14, item 1): names, phone,
 * e-mail, exact birth date, job title and address, the reason of a share
 * and the name the reception typed are never stored in clear (the
 * database file and its WAL on SQLite, with the server running and once
 * it stopped; a dump of the database on PostgreSQL); the search still
 * finds a person by prefix, accents and case ignored, through a blind
 * index whose terms cannot be recomputed without the key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sodium.h>

#include "http/harness.h"
#include "service/persons.h"
#include "support/sec.h"

static struct fixture fx;
static struct sess w1, w2, acc1, head;
static long long dupont_id, case_id;

#define PORT fx.srv.port

/* What a worker types about the person: none of it may be stored as is. */
#define LAST "Dupont"
#define FIRST "Hélène"
#define PHONE "06 71 42 93 58"
#define EMAIL "helene.dupont@exemple.fr"
#define BIRTH "1971-04-23"
#define JOB "Cariste magasinier"
#define ADDRESS "12 rue des Glycines"
#define REASON "Remplacement pendant le congé"
#define CONTACT "Mme Quistrebert"

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const off[] = {"config", "two-person", "off", NULL};
	static const char *const *const cmds[] = {acme, off, NULL};
	static const char *const users[] = {"w1:worker", "w2:worker", "acc1:reception",
					    "head1:head", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &acc1, &head};
	const char *logins[] = {"w1", "w2", "acc1", "head1"};
	for (int i = 0; i < 4; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	for (int i = 0; i < 2; i++) {
		char body[64];
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", logins[i]);
		if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", body,
			    NULL) != 200)
			return -1;
	}
	struct http_resp r;
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"" LAST "\",\"first_name\":\"" FIRST
		    "\",\"birth_date\":\"" BIRTH "\",\"phone\":\"" PHONE "\",\"email\":\"" EMAIL
		    "\",\"job_title\":\"" JOB "\",\"address\":\"" ADDRESS "\","
		    "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		    &r) != 201)
		return -1;
	dupont_id = created_id(&r);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/persons",
		    "{\"organisation\":\"acme\",\"last_name\":\"Martin-Durand\","
		    "\"first_name\":\"Paul\",\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		    NULL) != 201)
		return -1;
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 dupont_id);
	if (http_as(PORT, &w1, 1, "POST", "/api/v1/cases", body, &r) != 201)
		return -1;
	case_id = created_id(&r);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* Every personal text typed, absent from the stored bytes. */
static void expect_sealed(const char *when)
{
	static const char *const typed[] = {LAST, FIRST, "Helene", PHONE, EMAIL, BIRTH,
					    JOB,  ADDRESS, REASON, CONTACT, "dupont", "helene"};
	for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
		int has = db_has(&fx, typed[i]);
		if (has != 0)
			fail_msg("%s: «%s» %s", when, typed[i],
				 has < 0 ? "could not be looked for" : "is stored in clear");
	}
	/* The check sees what is stored in clear: the organisation's name. */
	assert_int_equal(db_has(&fx, "ACME"), 1);
}

static void test_nothing_in_clear(void **state)
{
	(void)state;
	char path[128], body[256];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/shares", case_id);
	snprintf(body, sizeof body, "{\"login\":\"w2\",\"until\":\"2099-12-31\",\"reason\":\"%s\"}",
		 REASON);
	/* Until far ahead is refused by the rule (a share ends within months):
	   take the latest date allowed, found by trying. */
	struct http_resp r;
	int st = http_as(PORT, &w1, 1, "POST", path, body, &r);
	http_resp_free(&r);
	if (st != 201) {
		char today[16];
		time_t now = time(NULL);
		strftime(today, sizeof today, "%Y-%m-%d", localtime(&now));
		snprintf(body, sizeof body,
			 "{\"login\":\"w2\",\"until\":\"%s\",\"reason\":\"%s\"}", today, REASON);
		assert_int_equal(http_as(PORT, &w1, 1, "POST", path, body, NULL), 201);
	}
	assert_int_equal(http_as(PORT, &acc1, 1, "POST", "/api/v1/appointments",
				 "{\"worker\":\"w1\",\"start\":\"2030-03-06T10:00\","
				 "\"end\":\"2030-03-06T10:30\",\"mode\":\"bureau\","
				 "\"site\":\"Accueil\",\"contact_name\":\"" CONTACT "\"}",
				 NULL),
			 201);

	/* Readable through the service: the person, the share's reason, the
	   reception's name. */
	char pp[64];
	snprintf(pp, sizeof pp, "/api/v1/persons/%lld", dupont_id);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", pp, NULL, &r), 200);
	const char *want[] = {LAST, FIRST, PHONE, EMAIL, BIRTH, JOB, ADDRESS};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		expect_in(&r, want[i]);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w1, 0, "GET", path, NULL, &r), 200);
	expect_in(&r, REASON);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &acc1, 0, "GET", "/api/v1/appointments?worker=w1&week=2030-W10",
				 NULL, &r),
			 200);
	expect_in(&r, CONTACT);
	http_resp_free(&r);

	/* A change goes sealed too. */
	assert_int_equal(http_as(PORT, &w1, 1, "PATCH", pp, "{\"job_title\":\"" JOB "\"}", NULL),
			 200);
	expect_sealed("server running");
	/* And once the server stopped (its WAL checkpointed or not). */
	assert_int_equal(server_stop(&fx.srv), 0);
	expect_sealed("server stopped");
	assert_int_equal(server_start(&fx.srv, fx.db, (const char *const[]){"--key-file", fx.key,
									      NULL}),
			 0);
	assert_int_equal(api_login(PORT, "w1", TEST_PASSWORD, &w1), 200);
}

/* The number of persons a search of w1 finds, or -status on a refusal. */
static int found(const char *q, struct http_resp *keep)
{
	char path[256];
	struct http_resp r;
	snprintf(path, sizeof path, "/api/v1/persons?q=%s", q);
	int st = http_as(PORT, &w1, 0, "GET", path, NULL, &r);
	if (st != 200) {
		if (keep)
			*keep = r;
		else
			http_resp_free(&r);
		return -st;
	}
	json_t *j = http_json(&r);
	int n = (int)json_array_size(json_object_get(j, "persons"));
	json_decref(j);
	if (keep)
		*keep = r;
	else
		http_resp_free(&r);
	return n;
}

static void test_search(void **state)
{
	(void)state;
	assert_int_equal(found("dup", NULL), 1);           /* a prefix */
	assert_int_equal(found("Dupont", NULL), 1);        /* the whole name */
	assert_int_equal(found("DUPON", NULL), 1);         /* case */
	assert_int_equal(found("helene", NULL), 1);        /* accents, first name */
	assert_int_equal(found("H%C3%89L", NULL), 1);      /* "HÉL" */
	assert_int_equal(found("dup+hel", NULL), 1);       /* two words: both */
	assert_int_equal(found("dup+paul", NULL), 0);      /* not the same person */
	assert_int_equal(found("durand", NULL), 1);        /* a word inside the name */
	assert_int_equal(found("martindur", NULL), 1);     /* the name joined */
	assert_int_equal(found("upont", NULL), 0);         /* prefixes only */
	assert_int_equal(found("dupontel", NULL), 0);      /* longer than the name */
	assert_int_equal(found("", NULL), 2);              /* nothing typed: all of hers */
	/* Two letters: refused, with a message saying why. */
	struct http_resp r;
	assert_int_equal(found("du", &r), -422);
	char field[16];
	assert_string_equal(json_error(&r, "field", field, sizeof field), "q");
	expect_in(&r, "3 lettres");
	http_resp_free(&r);
	/* The page says it too, as nobody found. */
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/persons?q=du", NULL, &r), 200);
	expect_in(&r, "Tapez au moins 3 lettres");
	http_resp_free(&r);
	/* Sorted by name in C (the database cannot sort sealed names). */
	assert_int_equal(found("", &r), 2);
	char *d = strstr(r.body, LAST), *m = strstr(r.body, "Martin-Durand");
	assert_non_null(d);
	assert_non_null(m);
	assert_true(d < m);
	http_resp_free(&r);
	/* Another worker finds none of w1's persons. */
	assert_int_equal(http_as(PORT, &w2, 0, "GET", "/api/v1/persons?q=dup", NULL, &r), 200);
	expect_not_in(&r, LAST);
	http_resp_free(&r);
}

/* The stored terms, one hex a line, into a file read back (caller frees). */
static char *stored_terms(void)
{
	char out[600];
	snprintf(out, sizeof out, "%s/terms.txt", fx.dir);
	assert_int_equal(fixture_query(&fx, "SELECT term FROM person_search_terms", out), 0);
	FILE *f = fopen(out, "r");
	assert_non_null(f);
	static char data[1 << 20];
	size_t n = fread(data, 1, sizeof data - 1, f);
	fclose(f);
	data[n] = '\0';
	return data;
}

static void hex(const unsigned char *h, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, h, n);
}

/* Without the key, the terms say nothing: no plain hash of a prefix of
   the names (BLAKE2b of the index's length or of 32 bytes, SHA-256, or
   these cut to the index's length) is among them.  With the key they are
   (the control). */
static void test_terms_need_the_key(void **state)
{
	(void)state;
	const char *terms = stored_terms();
	assert_true(strlen(terms) > 0);
	static const char *const names[] = {"dupont", "helene", "martin", "durand", "martindurand",
					    "paul"};
	int keyed = 0;
	uint8_t master[SEC_KEY_BYTES], search[SEC_KEY_BYTES];
	char err[256];
	assert_int_equal(sec_key_load(fx.key, master, err, sizeof err), 0);
	sec_key_derive(master, 7, "relsearc", search);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t len = strlen(names[i]);
		for (size_t k = PERSON_TERM_MIN; k <= len; k++) {
			unsigned char h16[16], h32[32], sha[32];
			char x[65];
			crypto_generichash(h16, sizeof h16, (const unsigned char *)names[i], k, NULL, 0);
			crypto_generichash(h32, sizeof h32, (const unsigned char *)names[i], k, NULL, 0);
			crypto_hash_sha256(sha, (const unsigned char *)names[i], k);
			hex(h16, 16, x);
			if (strstr(terms, x))
				fail_msg("the unkeyed BLAKE2b of «%.*s» is stored", (int)k, names[i]);
			hex(h32, 32, x);
			if (strstr(terms, x))
				fail_msg("the unkeyed BLAKE2b-256 of «%.*s» is stored", (int)k, names[i]);
			x[PERSON_TERM_HEX] = '\0';
			if (strstr(terms, x))
				fail_msg("a cut BLAKE2b-256 of «%.*s» is stored", (int)k, names[i]);
			hex(sha, 32, x);
			if (strstr(terms, x))
				fail_msg("the SHA-256 of «%.*s» is stored", (int)k, names[i]);
			x[PERSON_TERM_HEX] = '\0';
			if (strstr(terms, x))
				fail_msg("a cut SHA-256 of «%.*s» is stored", (int)k, names[i]);
			/* The control: under the key, the term is there. */
			char t[PERSON_TERM_HEX + 1];
			persons_term(search, names[i], k, t);
			keyed += strstr(terms, t) != NULL;
		}
	}
	sodium_memzero(master, sizeof master);
	sodium_memzero(search, sizeof search);
	/* dupont 4 + helene 4 + martin 4 + durand 4 + martindurand 10 + paul 2. */
	assert_int_equal(keyed, 28);
	/* No folded name in clear either. */
	assert_null(strstr(terms, "dup"));
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_in_clear),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_terms_need_the_key),
	};
	return cmocka_run_group_tests_name("identity", tests, setup, teardown);
}
