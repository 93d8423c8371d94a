/*
 * test_duplicates — duplicates at a person's creation (issue 17, item 7).
 * A worker creating a person she already follows (same names and birth
 * date, accents, case, hyphens, apostrophes and spaces ignored; or the
 * same phone, "+33" or "0", spaces and dots ignored; or the same e-mail,
 * case ignored) is warned with her own persons only, each with its link,
 * and may create anyway; a colleague's person matched by phone or e-mail
 * gives the colleague message, naming nobody nor the field, audited and
 * limited, and only for a full identity (else the warning would tell
 * whether someone is followed); the phone and e-mail are found through
 * keyed indexes, never in clear, filled for older rows by `relais init`;
 * the head sees a count only.
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
#include "service/persons.h"

static struct fixture fx;
static struct sess w1, w2, w3, head, auditor;
static long long elodie_id, other_id, followed_id;

#define PORT fx.srv.port
#define SIMILAR                                                                                    \
	"Une personne semblable est suivie par un(e) collègue. Demandez-lui de vous partager son "  \
	"suivi ou de vous le transmettre."

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *const users[] = {"w1:worker::Wanda Premier", "w2:worker::Zoé Second",
					    "w3:worker::Yvette Tierce", "head1:head",
					    "auditor1:auditor", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &w3, &head, &auditor};
	const char *logins[] = {"w1", "w2", "w3", "head1", "auditor1"};
	for (int i = 0; i < 5; i++)
		if (api_login(PORT, logins[i], TEST_PASSWORD, all[i]) != 200)
			return -1;
	for (int i = 0; i < 3; i++) {
		char body[64];
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", logins[i]);
		if (http_as(PORT, &head, 1, "POST", "/api/v1/organisations/acme/workers", body,
			    NULL) != 200)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* A person of ACME created by s through the API with the members given
   (JSON, without braces); the status, *id filled on 201. */
static int create(const struct sess *s, const char *members, long long *id, struct http_resp *out)
{
	char body[1024];
	snprintf(body, sizeof body,
		 "{\"organisation\":\"acme\",%s,\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		 members);
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

/* The "duplicates" ids of a 409 (at most 8, the rest ignored); how many. */
static size_t duplicates(const struct http_resp *r, long long ids[8])
{
	json_t *j = http_json(r);
	json_t *a = json_object_get(j, "duplicates");
	size_t n = 0, i;
	json_t *v;
	json_array_foreach(a, i, v) {
		if (n < 8)
			ids[n++] = (long long)json_integer_value(v);
	}
	json_decref(j);
	return n;
}

/* A 409 on "duplicate" listing exactly the one id want. */
static void expect_duplicate_of(const struct sess *s, const char *members, long long want)
{
	struct http_resp r;
	int st = create(s, members, NULL, &r);
	if (st != 409)
		fail_msg("%s: %d, not 409: %s", members, st, r.body);
	char field[32];
	assert_string_equal(json_error(&r, "field", field, sizeof field), "duplicate");
	long long ids[8];
	size_t n = duplicates(&r, ids);
	if (n != 1 || ids[0] != want)
		fail_msg("%s: duplicates %s, not [%lld]", members, r.body, want);
	http_resp_free(&r);
}

/* The entries of action by actor in the access log. */
static int audited(const char *action, const char *actor)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, &auditor, 0, "GET", "/api/v1/audit?limit=1000", NULL, &r),
			 200);
	json_t *j = http_json(&r);
	int n = 0;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(j, "entries"), i, e) {
		const char *a = json_string_value(json_object_get(e, "action"));
		const char *who = json_string_value(json_object_get(e, "actor_login"));
		if (a && who && strcmp(a, action) == 0 && strcmp(who, actor) == 0)
			n++;
	}
	json_decref(j);
	http_resp_free(&r);
	return n;
}

/* One value of a query (the first line), or "". */
static void query(const char *sql, char *out, size_t len)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/relais-duplicates-%ld.query", (long)getpid());
	out[0] = '\0';
	assert_int_equal(fixture_query(&fx, sql, path), 0);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	if (!fgets(out, (int)len, f))
		out[0] = '\0';
	fclose(f);
	remove(path);
	out[strcspn(out, "\n")] = '\0';
}

/* Her own person typed otherwise: warned with it, by each of the three
   keys; nothing created until she confirms. */
static void test_own_duplicate_warned(void **state)
{
	(void)state;
	assert_int_equal(create(&w1,
				"\"last_name\":\"D'Assis\",\"first_name\":\"Élodie-Marie\","
				"\"birth_date\":\"1980-05-06\",\"phone\":\"+33 6 12 34 56 78\","
				"\"email\":\"Elodie.Dassis@Exemple.fr\"",
				&elodie_id, NULL),
			 201);
	assert_int_equal(create(&w1,
				"\"last_name\":\"Autre\",\"first_name\":\"Personne\","
				"\"birth_date\":\"1970-01-01\",\"phone\":\"07 00 00 00 01\"",
				&other_id, NULL),
			 201);
	/* Folded names and the birth date. */
	expect_duplicate_of(&w1,
			    "\"last_name\":\"dassis\",\"first_name\":\"elodie marie\","
			    "\"birth_date\":\"1980-05-06\"",
			    elodie_id);
	expect_duplicate_of(&w1,
			    "\"last_name\":\"D ASSIS\",\"first_name\":\"ELODIE MARIE\","
			    "\"birth_date\":\"1980-05-06\"",
			    elodie_id);
	/* The phone, written otherwise, alone (no birth date). */
	expect_duplicate_of(&w1, "\"last_name\":\"Zed\",\"first_name\":\"Yan\","
				 "\"phone\":\"06.12.34.56.78\"",
			    elodie_id);
	expect_duplicate_of(&w1, "\"last_name\":\"Zed\",\"first_name\":\"Yan\","
				 "\"phone\":\"0033 6 12 34 56 78\"",
			    elodie_id);
	/* The e-mail, case ignored. */
	expect_duplicate_of(&w1, "\"last_name\":\"Zed\",\"first_name\":\"Yan\","
				 "\"email\":\"ELODIE.DASSIS@EXEMPLE.FR\"",
			    elodie_id);
	/* Another birth date, another phone: no warning. */
	long long id = 0;
	assert_int_equal(create(&w1,
				"\"last_name\":\"D'Assis\",\"first_name\":\"Élodie-Marie\","
				"\"birth_date\":\"1980-05-07\",\"phone\":\"06 12 34 56 79\"",
				&id, NULL),
			 201);
	/* Audited, the reading of her persons' names. */
	assert_int_equal(audited("person.create_duplicate", "w1"), 5);
	/* She confirms: created. */
	long long twin = 0;
	assert_int_equal(create(&w1,
				"\"last_name\":\"dassis\",\"first_name\":\"elodie marie\","
				"\"birth_date\":\"1980-05-06\",\"confirm\":true",
				&twin, NULL),
			 201);
	assert_true(twin > elodie_id);
	/* A non-boolean confirm is refused. */
	struct http_resp r;
	assert_int_equal(create(&w1, "\"last_name\":\"X\",\"first_name\":\"Y\",\"confirm\":\"oui\"",
				NULL, &r),
			 422);
	http_resp_free(&r);
}

/* The form shows her own matches with a link each and the checkbox to
   create anyway; checked, the person is created. */
static void test_form_warning(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_form(PORT, &w1, "/persons",
				   "organisation=acme&last_name=Nouveau&first_name=Nom&"
				   "phone=%2B33%207%2000%2000%2000%2001&consent_on=2024-02-01",
				   &r),
			 409);
	char link[64];
	snprintf(link, sizeof link, "href=\"/persons/%lld\"", other_id);
	expect_in(&r, link);
	expect_in(&r, "Ouvrir la fiche de Autre Personne");
	expect_in(&r, "Vous suivez déjà une personne qui semble être la même");
	expect_in(&r, "name=\"confirm\"");
	expect_in(&r, "Créer quand même");
	/* Only that one: not Élodie. */
	snprintf(link, sizeof link, "href=\"/persons/%lld\"", elodie_id);
	expect_not_in(&r, link);
	expect_not_in(&r, "Élodie");
	http_resp_free(&r);
	/* The first form has no checkbox. */
	assert_int_equal(http_as(PORT, &w1, 0, "GET", "/persons/new", NULL, &r), 200);
	expect_not_in(&r, "name=\"confirm\"");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, "/persons",
				   "organisation=acme&last_name=Nouveau&first_name=Nom&"
				   "phone=%2B33%207%2000%2000%2000%2001&consent_on=2024-02-01&"
				   "confirm=1",
				   &r),
			 303);
	http_resp_free(&r);
}

/* A colleague's person, by phone or e-mail: the colleague message only,
   the same whichever key matched, with a full identity only; her own
   warning never shows a colleague's person. */
static void test_colleague_by_phone_or_email(void **state)
{
	(void)state;
	assert_int_equal(create(&w2,
				"\"last_name\":\"Garnier\",\"first_name\":\"Lucie\","
				"\"birth_date\":\"1985-03-03\",\"phone\":\"01 23 45 67 89\","
				"\"email\":\"lucie.garnier@exemple.fr\"",
				&followed_id, NULL),
			 201);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 followed_id);
	expect_api(PORT, &w2, "POST", "/api/v1/cases", body, 201, NULL);

	/* With a full identity (another name): the colleague message. */
	struct http_resp by_phone, by_email;
	assert_int_equal(create(&w3,
				"\"last_name\":\"Autrenom\",\"first_name\":\"Lucie\","
				"\"birth_date\":\"1985-03-04\",\"phone\":\"0123456789\"",
				NULL, &by_phone),
			 409);
	assert_int_equal(create(&w3,
				"\"last_name\":\"Autrenom\",\"first_name\":\"Lucie\","
				"\"birth_date\":\"1985-03-04\",\"email\":\"Lucie.Garnier@Exemple.FR\"",
				NULL, &by_email),
			 409);
	char field[32], message[512];
	assert_string_equal(json_error(&by_phone, "field", field, sizeof field), "identity");
	assert_string_equal(json_error(&by_phone, "message", message, sizeof message), SIMILAR);
	/* Which field matched is not told: the answers are the same. */
	assert_int_equal(by_phone.body_len, by_email.body_len);
	assert_memory_equal(by_phone.body, by_email.body, by_phone.body_len);
	char sid[24];
	snprintf(sid, sizeof sid, "%lld", followed_id);
	const char *secret[] = {"Garnier", "Zoé", "Second", "w2", "duplicates", "phone", "email",
				sid};
	for (size_t i = 0; i < sizeof secret / sizeof secret[0]; i++)
		expect_not_in(&by_phone, secret[i]);
	http_resp_free(&by_phone);
	http_resp_free(&by_email);
	assert_int_equal(audited("person.create_similar", "w3"), 2);
	/* Counted in the limit: one more match, then refused whatever. */
	char n[32];
	query("SELECT COUNT(*) FROM identity_checks WHERE matched = 1", n, sizeof n);
	assert_string_equal(n, "2");
	assert_int_equal(create(&w3,
				"\"last_name\":\"Encore\",\"first_name\":\"Lucie\","
				"\"birth_date\":\"1985-03-05\",\"phone\":\"01.23.45.67.89\"",
				NULL, NULL),
			 409);
	struct http_resp r;
	assert_int_equal(create(&w3,
				"\"last_name\":\"Inconnue\",\"first_name\":\"Jeanne\","
				"\"birth_date\":\"1960-06-06\"",
				NULL, &r),
			 429);
	expect_not_in(&r, "Garnier");
	http_resp_free(&r);
	/* Without a full identity, nothing of a colleague's is looked at: the
	   phone alone creates, limited or not (w3 is not told "followed"). */
	long long id = 0;
	assert_int_equal(create(&w3, "\"last_name\":\"Essai\",\"first_name\":\"Un\","
				     "\"phone\":\"+33 1 23 45 67 89\"",
				&id, NULL),
			 201);
	assert_int_equal(create(&w3, "\"last_name\":\"Essai\",\"first_name\":\"Deux\","
				     "\"email\":\"LUCIE.GARNIER@exemple.fr\"",
				&id, NULL),
			 201);
	assert_int_equal(audited("person.create_similar", "w3"), 3);
	assert_int_equal(audited("person.create_duplicate", "w3"), 0);
}

/* The keys are MACs: neither the number nor the address in clear, and
   one number typed two ways has one key. */
static void test_keys_not_in_clear(void **state)
{
	(void)state;
	const char *typed[] = {"0612345678", "+33 6 12 34 56 78", "06 12 34 56 78",
			       "elodie.dassis@exemple.fr", "Elodie.Dassis@Exemple.fr",
			       "0123456789", "lucie.garnier@exemple.fr"};
	for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++)
		if (db_has(&fx, typed[i]) != 0)
			fail_msg("\"%s\" is in the database", typed[i]);
	char a[128], b[128], sql[256];
	snprintf(sql, sizeof sql, "SELECT phone_key FROM persons WHERE id = %lld", elodie_id);
	query(sql, a, sizeof a);
	assert_int_equal(strlen(a), SEC_HASH_HEX_LEN);
	snprintf(sql, sizeof sql, "SELECT email_key FROM persons WHERE id = %lld", elodie_id);
	query(sql, b, sizeof b);
	assert_int_equal(strlen(b), SEC_HASH_HEX_LEN);
	assert_string_not_equal(a, b);
	/* Not recorded: no key. */
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM persons WHERE id = %lld AND email_key IS NULL",
		 other_id);
	query(sql, a, sizeof a);
	assert_string_equal(a, "1");
}

/* A change of the phone or e-mail moves its key; clearing it clears it. */
static void test_update_writes_keys(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/persons/%lld", other_id);
	expect_api(PORT, &w1, "PATCH", path, "{\"phone\":\"07 99 99 99 99\"}", 200, NULL);
	expect_duplicate_of(&w1, "\"last_name\":\"Zed\",\"first_name\":\"Yan\","
				 "\"phone\":\"+33799999999\"",
			    other_id);
	expect_api(PORT, &w1, "PATCH", path, "{\"email\":\"Autre.P@exemple.fr\"}", 200, NULL);
	expect_duplicate_of(&w1, "\"last_name\":\"Zed\",\"first_name\":\"Yan\","
				 "\"email\":\"autre.p@EXEMPLE.fr\"",
			    other_id);
	expect_api(PORT, &w1, "PATCH", path, "{\"phone\":\"\"}", 200, NULL);
	char sql[128], v[32];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM persons WHERE id = %lld AND phone_key IS NULL",
		 other_id);
	query(sql, v, sizeof v);
	assert_string_equal(v, "1");
}

/* Rows written before migration 28 (no keys) are indexed by `relais
   init`: not found before, found after. */
static void test_keys_filled_at_init(void **state)
{
	(void)state;
	assert_int_equal(fixture_sql(&fx, "UPDATE persons SET phone_key = NULL, email_key = NULL"),
			 0);
	struct http_resp r;
	assert_int_equal(create(&w1, "\"last_name\":\"Zed\",\"first_name\":\"Yan\","
				     "\"email\":\"autre.p@exemple.fr\",\"confirm\":false",
				NULL, &r),
			 201);
	http_resp_free(&r);
	const char *init[] = {"init", "--db", fx.db, "--key-file", fx.key, NULL};
	assert_int_equal(relais_run(init, NULL, NULL), 0);
	expect_duplicate_of(&w1, "\"last_name\":\"Zed\",\"first_name\":\"Yan\","
				 "\"phone\":\"06 12 34 56 78\"",
			    elodie_id);
}

/* The head's dashboard: how many creations were signalled this year, no
   name; a worker's has no such line. */
static void test_head_count(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_as(PORT, &head, 0, "GET", "/", NULL, &r), 200);
	expect_in(&r, "3 créations de personnes signalées comme suivies par un(e) collègue cette "
		      "année");
	const char *secret[] = {"Garnier", "Lucie", "Yvette", "Tierce", "Autrenom"};
	for (size_t i = 0; i < sizeof secret / sizeof secret[0]; i++)
		expect_not_in(&r, secret[i]);
	http_resp_free(&r);
	assert_int_equal(http_as(PORT, &w3, 0, "GET", "/", NULL, &r), 200);
	expect_not_in(&r, "signalée");
	http_resp_free(&r);
	/* The purge keeps this year's matched checks for the count (the
	   others go once out of the limit's window). */
	assert_int_equal(fixture_sql(&fx, "UPDATE identity_checks SET at = at - 3 * 86400"), 0);
	const char *purge[] = {"purge", "--db", fx.db, "--key-file", fx.key, NULL};
	char *out = NULL;
	int rc = relais_run(purge, NULL, &out);
	free(out);
	assert_int_equal(rc, 0);
	char n[32];
	query("SELECT COUNT(*) FROM identity_checks WHERE matched = 0", n, sizeof n);
	assert_string_equal(n, "0");
	query("SELECT COUNT(*) FROM identity_checks WHERE matched = 1", n, sizeof n);
	assert_string_equal(n, "3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_duplicate_warned),
		cmocka_unit_test(test_form_warning),
		cmocka_unit_test(test_colleague_by_phone_or_email),
		cmocka_unit_test(test_keys_not_in_clear),
		cmocka_unit_test(test_update_writes_keys),
		cmocka_unit_test(test_keys_filled_at_init),
		cmocka_unit_test(test_head_count),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
