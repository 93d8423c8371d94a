/*
 * test_corrections — correcting records (issue 17, item 6;
 * service/corrections.h): an intervention corrected and deleted, an aid
 * deleted before its decision and refused after, an appointment deleted,
 * each with its reason, through the API and the pages.  The deleted record
 * leaves the lists, the case page and the hours; its tombstone stays in
 * record_corrections with its sealed reason; the access log names the
 * fields, never a value; whoever may not write the record gets 404.
 * The pages correct and delete a time entry (/heures), correct a
 * permanence and a collective action, each form open again with every
 * refusal at once.
 * Also the note typed when an appointment becomes an intervention, every
 * error of a form shown at once (each next to its field; the API lists
 * them), and the case page answering a refused form opening at that form.
 *
 * Environment: RELAIS_BIN, RELAIS_TEST_DB (optional: a postgresql:// URI).
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

static struct fixture fx;
static struct sess w1, w2, w3, head, admin, employer, auditor;
static long long person_id, case_id;

#define PORT fx.srv.port
#define NOTE_OLD "Premier entretien : dettes de loyer, huissier annoncé."
#define NOTE_NEW "Entretien : loyer en retard de deux mois, plan d'apurement."
#define REASON_EDIT "Durée mal saisie"
#define REASON_DELETE "Saisie en double par erreur"

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	/* w3 serves no organisation. */
	static const char *const users[] = {"w1:worker",    "w2:worker",	 "head1:head",
					    "admin1:admin", "rh1:employer:acme", "auditor1:auditor",
					    "w3:worker",    NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	struct sess *all[] = {&w1, &w2, &head, &admin, &employer, &auditor, &w3};
	const char *logins[] = {"w1", "w2", "head1", "admin1", "rh1", "auditor1", "w3"};
	for (int i = 0; i < 7; i++)
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
		    "{\"organisation\":\"acme\",\"last_name\":\"Delorme\",\"first_name\":\"Inès\","
		    "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		    &r) != 201)
		return -1;
	person_id = created_id(&r);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"agent\","
		 "\"domains\":[\"budget\"]}",
		 person_id);
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

/* A path or a query from fmt, in a static buffer. */
static const char *path_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *path_of(const char *fmt, ...)
{
	static char path[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	return path;
}

static long long create(const struct sess *s, const char *path, const char *body)
{
	struct http_resp r;
	int st = http_as(PORT, s, 1, "POST", path, body, &r);
	if (st != 201)
		fail_msg("POST %s %s: %d %s", path, body, st, r.body);
	return created_id(&r);
}

/* The body of a GET as s, which must answer status; caller frees. */
static char *get_body(const struct sess *s, const char *path, int status)
{
	struct http_resp r;
	int st = http_as(PORT, s, 0, "GET", path, NULL, &r);
	if (st != status)
		fail_msg("GET %s: %d %s", path, st, r.body);
	char *b = strdup(r.body ? r.body : "");
	http_resp_free(&r);
	assert_non_null(b);
	return b;
}

/* The rows sql selects, read behind the server's back, as text; caller
   frees. */
static char *query_rows(const char *sql)
{
	char path[600];
	snprintf(path, sizeof path, "%s/rows.txt", fx.dir);
	assert_int_equal(fixture_query(&fx, sql, path), 0);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *text = calloc(1, (size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return text;
}

static long long sql_value(const char *sql)
{
	char *t = query_rows(sql);
	long long v = -1;
	assert_int_equal(sscanf(t, "%lld", &v), 1);
	free(t);
	return v;
}

/* The hours spent for acme in 2024 as the head reads them (JSON text). */
static double hours_2024(void)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, &head, 0, "GET",
				 "/api/v1/organisations/acme/consumption?year=2024", NULL, &r),
			 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	assert_non_null(j);
	json_t *spent = json_object_get(j, "spent");
	if (!spent)
		fail_msg("no spent in the consumption");
	double h = json_number_value(spent);
	json_decref(j);
	return h;
}

static void test_intervention_corrected(void **state)
{
	(void)state;
	char body[512];
	snprintf(body, sizeof body,
		 "{\"date\":\"2024-03-05\",\"mode\":\"bureau\",\"kind\":\"entretien\","
		 "\"duration_minutes\":45,\"notes\":\"%s\"}",
		 NOTE_OLD);
	long long iv = create(&w1, path_of("/api/v1/cases/%lld/interventions", case_id), body);
	const char *one = path_of("/api/v1/interventions/%lld", iv);
	char one_path[512];
	snprintf(one_path, sizeof one_path, "%s", one);

	/* Every field as created, the reason required. */
	snprintf(body, sizeof body,
		 "{\"date\":\"2024-03-05\",\"mode\":\"bureau\",\"kind\":\"entretien\","
		 "\"duration_minutes\":90,\"notes\":\"%s\"}",
		 NOTE_NEW);
	expect_api(PORT, &w1, "PATCH", one_path, body, 422, "reason");
	/* Whoever may not write it, whatever the role: not found. */
	snprintf(body, sizeof body,
		 "{\"date\":\"2024-03-05\",\"mode\":\"bureau\",\"kind\":\"entretien\","
		 "\"duration_minutes\":90,\"notes\":\"%s\",\"reason\":\"%s\"}",
		 NOTE_NEW, REASON_EDIT);
	expect_api(PORT, &w2, "PATCH", one_path, body, 404, NULL);
	expect_api(PORT, &w2, "PATCH", "/api/v1/interventions/999999", body, 404, NULL);
	expect_api(PORT, &head, "PATCH", one_path, body, 404, NULL);
	expect_api(PORT, &admin, "PATCH", one_path, body, 404, NULL);
	expect_api(PORT, &employer, "PATCH", one_path, body, 404, NULL);
	/* A bad value is refused as when created, and changes nothing. */
	char bad[512];
	snprintf(bad, sizeof bad,
		 "{\"date\":\"2023-01-05\",\"mode\":\"bureau\",\"kind\":\"entretien\","
		 "\"duration_minutes\":90,\"reason\":\"%s\"}",
		 REASON_EDIT);
	expect_api(PORT, &w1, "PATCH", one_path, bad, 422, "date");
	char *list = get_body(&w1, path_of("/api/v1/cases/%lld/interventions", case_id), 200);
	assert_non_null(strstr(list, "\"duration_minutes\":45"));
	free(list);

	expect_api(PORT, &w1, "PATCH", one_path, body, 200, NULL);
	list = get_body(&w1, path_of("/api/v1/cases/%lld/interventions", case_id), 200);
	assert_non_null(strstr(list, "\"duration_minutes\":90"));
	assert_non_null(strstr(list, NOTE_NEW));
	assert_null(strstr(list, NOTE_OLD));
	free(list);

	/* The correction: its fields named, the reason sealed, no value logged. */
	char *rows = query_rows("SELECT operation, fields FROM record_corrections"
				" WHERE kind = 'intervention'");
	assert_non_null(strstr(rows, "edit|duration_minutes,notes"));
	free(rows);
	assert_int_equal(db_has(&fx, REASON_EDIT), 0);
	assert_int_equal(db_has(&fx, NOTE_NEW), 0);
	rows = query_rows("SELECT action, object_id FROM audit_log"
			  " WHERE action = 'intervention.correct'");
	char want[96];
	snprintf(want, sizeof want, "intervention.correct|%lld;correction=", iv);
	assert_non_null(strstr(rows, want));
	assert_non_null(strstr(rows, ";fields=duration_minutes,notes"));
	free(rows);
	rows = query_rows("SELECT * FROM audit_log");
	assert_null(strstr(rows, "plan d'apurement"));
	assert_null(strstr(rows, REASON_EDIT));
	free(rows);
}

static void test_intervention_deleted(void **state)
{
	(void)state;
	char body[512];
	snprintf(body, sizeof body,
		 "{\"date\":\"2024-04-02\",\"mode\":\"telephone\",\"kind\":\"entretien\","
		 "\"duration_minutes\":120,\"notes\":\"Appel en double : à supprimer\"}");
	long long iv = create(&w1, path_of("/api/v1/cases/%lld/interventions", case_id), body);
	double before = hours_2024();
	char *page = get_body(&w1, path_of("/cases/%lld", case_id), 200);
	assert_non_null(strstr(page, "Appel en double"));
	char form_path[96];
	snprintf(form_path, sizeof form_path, "/cases/%lld/interventions/%lld/delete", case_id, iv);
	/* The page offers the correction and the deletion to the référent. */
	assert_non_null(strstr(page, form_path));
	assert_non_null(strstr(page, "Supprimer l&#39;intervention") ||
			strstr(page, "Supprimer l'intervention"));
	free(page);

	/* Without a reason: the page again, the form open, nothing deleted. */
	struct http_resp r;
	assert_int_equal(http_form(PORT, &w1, form_path, "reason=", &r), 422);
	expect_in(&r, "Le motif de la correction est obligatoire");
	http_resp_free(&r);
	assert_int_equal(
		sql_value(path_of("SELECT COUNT(*) FROM interventions WHERE id = %lld", iv)), 1);
	/* Another worker: not found, nothing deleted. */
	assert_int_equal(http_form(PORT, &w2, form_path, "reason=Pour+voir", &r), 404);
	http_resp_free(&r);
	expect_api(PORT, &w2, "DELETE", path_of("/api/v1/interventions/%lld", iv),
		   "{\"reason\":\"Pour voir\"}", 404, NULL);
	expect_api(PORT, &head, "DELETE", path_of("/api/v1/interventions/%lld", iv),
		   "{\"reason\":\"Pour voir\"}", 404, NULL);
	assert_int_equal(
		sql_value(path_of("SELECT COUNT(*) FROM interventions WHERE id = %lld", iv)), 1);

	assert_int_equal(http_form(PORT, &w1, form_path, "reason=Saisie+en+double+par+erreur", &r),
			 303);
	http_resp_free(&r);
	/* Gone from the row, the list, the case page, the hours... */
	assert_int_equal(
		sql_value(path_of("SELECT COUNT(*) FROM interventions WHERE id = %lld", iv)), 0);
	char *list = get_body(&w1, path_of("/api/v1/cases/%lld/interventions", case_id), 200);
	assert_null(strstr(list, "Appel en double"));
	assert_null(strstr(list, "\"duration_minutes\":120"));
	free(list);
	page = get_body(&w1, path_of("/cases/%lld", case_id), 200);
	assert_null(strstr(page, "Appel en double"));
	free(page);
	double after = hours_2024();
	if (before - after < 1.99 || before - after > 2.01)
		fail_msg("the hours went from %.2f to %.2f, expected 2 less", before, after);
	/* ... and from the bilan's count of interventions (the statement the
	   bilan runs reads the table the row left). */
	assert_int_equal(sql_value(path_of("SELECT COUNT(*) FROM interventions WHERE case_id = %lld"
					   " AND date LIKE '2024-04%%'",
					   case_id)),
			 0);
	/* ... while its tombstone stays, the reason sealed, the log naming it. */
	/* (CASE: PostgreSQL prints a boolean as t or f.) */
	char *rows = query_rows(path_of("SELECT operation, fields,"
					" CASE WHEN done_by IS NULL THEN 0 ELSE 1 END,"
					" CASE WHEN reason IS NULL THEN 0 ELSE 1 END"
					" FROM record_corrections"
					" WHERE kind = 'intervention' AND record_id = %lld",
					iv));
	assert_non_null(strstr(rows, "delete|*|1|1"));
	free(rows);
	assert_int_equal(db_has(&fx, REASON_DELETE), 0);
	rows = query_rows("SELECT action, object_id FROM audit_log"
			  " WHERE action = 'intervention.delete'");
	char want[96];
	snprintf(want, sizeof want, "intervention.delete|%lld;correction=", iv);
	assert_non_null(strstr(rows, want));
	free(rows);
	/* Deleted once: a second time is not found. */
	expect_api(PORT, &w1, "DELETE", path_of("/api/v1/interventions/%lld", iv),
		   "{\"reason\":\"Encore\"}", 404, NULL);
}

static void test_aid_before_decision(void **state)
{
	(void)state;
	const char *aid_body = "{\"kind\":\"secours\",\"funder\":\"ccas\","
			       "\"amount_requested_cents\":45000,\"submitted_on\":\"2024-03-10\","
			       "\"reason\":\"Facture d'énergie impayée\"}";
	long long aid = create(&w1, path_of("/api/v1/cases/%lld/aids", case_id), aid_body);
	long long decided = create(&w1, path_of("/api/v1/cases/%lld/aids", case_id), aid_body);
	char one[64];
	snprintf(one, sizeof one, "/api/v1/aids/%lld", decided);
	expect_api(PORT, &w1, "PATCH", one,
		   "{\"decision\":\"refusee\",\"decided_on\":\"2024-03-20\"}", 200, NULL);

	/* The page offers the deletion on the aid awaiting its decision only. */
	char *page = get_body(&w1, path_of("/cases/%lld", case_id), 200);
	char form_path[96];
	snprintf(form_path, sizeof form_path, "/cases/%lld/aids/%lld/delete", case_id, aid);
	assert_non_null(strstr(page, form_path));
	char decided_path[96];
	snprintf(decided_path, sizeof decided_path, "/cases/%lld/aids/%lld/delete", case_id,
		 decided);
	assert_null(strstr(page, decided_path));
	free(page);

	/* After the decision: refused, with a French message, nothing changed. */
	struct http_resp r;
	assert_int_equal(http_as(PORT, &w1, 1, "DELETE", one, "{\"reason\":\"Erreur\"}", &r), 422);
	expect_in(&r, "déjà décidée");
	http_resp_free(&r);
	assert_int_equal(
		sql_value(path_of("SELECT COUNT(*) FROM aids WHERE id = %lld", decided)), 1);
	expect_api(PORT, &w2, "DELETE", path_of("/api/v1/aids/%lld", aid), "{\"reason\":\"x\"}",
		   404, NULL);
	expect_api(PORT, &w1, "DELETE", path_of("/api/v1/aids/%lld", aid), "{}", 422, "reason");
	assert_int_equal(http_form(PORT, &w1, form_path, "reason=Demande+faite+par+erreur", &r), 303);
	http_resp_free(&r);
	assert_int_equal(sql_value(path_of("SELECT COUNT(*) FROM aids WHERE id = %lld", aid)), 0);
	char *list = get_body(&w1, path_of("/api/v1/cases/%lld/aids", case_id), 200);
	char id_text[32];
	snprintf(id_text, sizeof id_text, "\"id\":%lld,", aid);
	assert_null(strstr(list, id_text));
	free(list);
	assert_int_equal(sql_value(path_of("SELECT COUNT(*) FROM record_corrections WHERE kind ="
					   " 'aid' AND operation = 'delete' AND record_id = %lld",
					   aid)),
			 1);
	char *rows = query_rows("SELECT action FROM audit_log WHERE action = 'aid.delete'");
	assert_non_null(strstr(rows, "aid.delete"));
	free(rows);
}

static void test_aid_corrected(void **state)
{
	(void)state;
	const char *aid_body = "{\"kind\":\"secours\",\"funder\":\"ccas\","
			       "\"amount_requested_cents\":45000,\"submitted_on\":\"2024-03-10\","
			       "\"reason\":\"Facture d'énergie impayée\"}";
	long long aid = create(&w1, path_of("/api/v1/cases/%lld/aids", case_id), aid_body);
	long long decided = create(&w1, path_of("/api/v1/cases/%lld/aids", case_id), aid_body);
	expect_api(PORT, &w1, "PATCH", path_of("/api/v1/aids/%lld", decided),
		   "{\"decision\":\"refusee\",\"decided_on\":\"2024-03-20\"}", 200, NULL);
	const char *fixed = "{\"kind\":\"secours\",\"funder\":\"caf\","
			    "\"amount_requested_cents\":47000,\"submitted_on\":\"2024-03-10\","
			    "\"reason\":\"Facture d'énergie impayée\","
			    "\"correction_reason\":\"Financeur mal saisi\"}";

	/* Whoever may not write the aid gets 404; nothing changes. */
	expect_api(PORT, &w2, "PATCH", path_of("/api/v1/aids/%lld/request", aid), fixed, 404, NULL);
	expect_api(PORT, &head, "PATCH", path_of("/api/v1/aids/%lld/request", aid), fixed, 404,
		   NULL);
	expect_api(PORT, &employer, "PATCH", path_of("/api/v1/aids/%lld/request", aid), fixed, 404,
		   NULL);
	expect_api(PORT, &auditor, "PATCH", path_of("/api/v1/aids/%lld/request", aid), fixed, 404,
		   NULL);
	struct http_resp r;
	char form_path[96];
	snprintf(form_path, sizeof form_path, "/cases/%lld/aids/%lld/edit", case_id, aid);
	const char *form = "kind=secours&funder=cos&amount_requested=480,50&submitted_on=2024-03-11"
			   "&reason=Facture+d%27%C3%A9nergie+impay%C3%A9e"
			   "&correction_reason=Montant+mal+saisi";
	assert_int_equal(http_form(PORT, &w2, form_path, form, &r), 404);
	http_resp_free(&r);
	assert_int_equal(sql_value(path_of("SELECT amount_requested_cents FROM aids WHERE id = %lld",
					   aid)),
			 45000);
	/* A reason is required; a decided aid is not corrected. */
	expect_api(PORT, &w1, "PATCH", path_of("/api/v1/aids/%lld/request", aid), aid_body, 422,
		   "correction_reason");
	assert_int_equal(http_as(PORT, &w1, 1, "PATCH",
				 path_of("/api/v1/aids/%lld/request", decided), fixed, &r),
			 422);
	expect_in(&r, "déjà décidée");
	http_resp_free(&r);

	/* The référent corrects it over the API, then on the page. */
	expect_api(PORT, &w1, "PATCH", path_of("/api/v1/aids/%lld/request", aid), fixed, 200, NULL);
	assert_int_equal(
		sql_value(path_of("SELECT amount_requested_cents FROM aids WHERE id = %lld", aid)),
		47000);
	char *page = get_body(&w1, path_of("/cases/%lld", case_id), 200);
	assert_non_null(strstr(page, form_path));
	char decided_path[96];
	snprintf(decided_path, sizeof decided_path, "/cases/%lld/aids/%lld/edit", case_id, decided);
	assert_null(strstr(page, decided_path));
	free(page);
	/* Refused on the page: the form again, its message next to it. */
	assert_int_equal(http_form(PORT, &w1, form_path,
				   "kind=secours&funder=cos&amount_requested=480,50"
				   "&submitted_on=2024-03-11&correction_reason=",
				   &r),
			 422);
	expect_in(&r, "Le motif de la correction est obligatoire");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, form_path, form, &r), 303);
	http_resp_free(&r);
	assert_int_equal(
		sql_value(path_of("SELECT amount_requested_cents FROM aids WHERE id = %lld", aid)),
		48050);
	char *rows = query_rows(path_of("SELECT operation, fields FROM record_corrections"
					" WHERE kind = 'aid' AND record_id = %lld ORDER BY id",
					aid));
	assert_string_equal(rows, "edit|funder,amount_requested_cents\n"
				  "edit|funder,amount_requested_cents,submitted_on\n");
	free(rows);
	rows = query_rows(path_of("SELECT object_id FROM audit_log WHERE action = 'aid.correct'"
				  " AND object_id LIKE '%lld;%%'",
				  aid));
	assert_non_null(strstr(rows, "fields=funder,amount_requested_cents"));
	assert_null(strstr(rows, "nergie"));
	free(rows);
}

/* The hours of acme's meetings in 2024, as its consumption reads them. */
static double meeting_hours(void)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, &head, 0, "GET",
				 "/api/v1/organisations/acme/consumption?year=2024", NULL, &r),
			 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	assert_non_null(j);
	double h = json_number_value(
		json_object_get(json_object_get(j, "by_activity"), "reunion"));
	json_decref(j);
	return h;
}

static void test_time_entry(void **state)
{
	(void)state;
	const char *entry = "{\"organisation\":\"acme\",\"date\":\"2024-06-03\","
			    "\"minutes\":90,\"activity\":\"reunion\"}";
	double before = meeting_hours();
	long long t = create(&w1, "/api/v1/time", entry);
	assert_true(meeting_hours() - before > 1.49 && meeting_hours() - before < 1.51);
	const char *fixed = "{\"organisation\":\"acme\",\"date\":\"2024-06-04\","
			    "\"minutes\":30,\"activity\":\"reunion\",\"reason\":\"Durée\"}";
	char one[64];
	snprintf(one, sizeof one, "/api/v1/time/%lld", t);

	/* Only the worker who recorded it: another worker gets 404, the
	   roles that record no time are refused by the router. */
	expect_api(PORT, &w2, "PATCH", one, fixed, 404, NULL);
	expect_api(PORT, &w2, "DELETE", one, "{\"reason\":\"x\"}", 404, NULL);
	expect_api(PORT, &head, "DELETE", one, "{\"reason\":\"x\"}", 403, NULL);
	expect_api(PORT, &employer, "DELETE", one, "{\"reason\":\"x\"}", 403, NULL);
	expect_api(PORT, &auditor, "DELETE", one, "{\"reason\":\"x\"}", 403, NULL);
	expect_api(PORT, &w1, "PATCH", one, entry, 422, "reason");
	assert_int_equal(sql_value(path_of("SELECT minutes FROM time_entries WHERE id = %lld", t)),
			 90);

	expect_api(PORT, &w1, "PATCH", one, fixed, 200, NULL);
	assert_true(meeting_hours() - before > 0.49 && meeting_hours() - before < 0.51);
	char *rows = query_rows(path_of("SELECT object_id FROM audit_log"
					" WHERE action = 'time_entry.correct'"));
	char want[64];
	snprintf(want, sizeof want, "%lld;correction=", t);
	assert_non_null(strstr(rows, want));
	assert_non_null(strstr(rows, "fields=date,minutes"));
	free(rows);

	/* Deleted: the hours no longer count it; its tombstone stays. */
	expect_api(PORT, &w1, "DELETE", one, "{\"reason\":\"Réunion annulée\"}", 200, NULL);
	assert_true(meeting_hours() - before > -0.01 && meeting_hours() - before < 0.01);
	assert_int_equal(sql_value(path_of("SELECT COUNT(*) FROM time_entries WHERE id = %lld", t)),
			 0);
	assert_int_equal(sql_value(path_of("SELECT COUNT(*) FROM record_corrections WHERE kind ="
					   " 'time_entry' AND record_id = %lld AND reason IS NOT NULL",
					   t)),
			 2);
	expect_api(PORT, &w1, "DELETE", one, "{\"reason\":\"Encore\"}", 404, NULL);
}

/* The number of acme's collective actions of 2024 in the head's bilan
   (-1 when the bilan hides it). */
static long long bilan_actions(void)
{
	struct http_resp r;
	assert_int_equal(http_as(PORT, &head, 0, "GET",
				 "/api/v1/reports/bilan?year=2024&organisation=acme", NULL, &r),
			 200);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	assert_non_null(j);
	json_t *total = json_object_get(json_object_get(j, "collective_actions"), "total");
	long long n = json_is_integer(total) ? (long long)json_integer_value(total) : -1;
	json_decref(j);
	return n;
}

static void test_collective_action(void **state)
{
	(void)state;
#define ACTION_BODY                                                                           \
	"{\"organisation\":\"acme\",\"date\":\"2024-04-0%d\",\"topic\":\"budget\","            \
	"\"format\":\"atelier\",\"title\":\"Atelier budget\",\"participants\":12,"            \
	"\"duration_minutes\":90}"
	char text[512];
	long long ids[6];
	for (int i = 0; i < 6; i++) {
		snprintf(text, sizeof text, ACTION_BODY, i + 1);
		ids[i] = create(&w1, "/api/v1/collective-actions", text);
	}
	long long before = bilan_actions();
	assert_true(before >= 6);
	char one[64];
	snprintf(one, sizeof one, "/api/v1/collective-actions/%lld", ids[0]);
	const char *fixed = "{\"organisation\":\"acme\",\"date\":\"2024-04-01\","
			    "\"topic\":\"budget\",\"format\":\"atelier\","
			    "\"title\":\"Atelier budget familial\",\"participants\":14,"
			    "\"duration_minutes\":90,\"reason\":\"Participants mal comptés\"}";

	/* Whoever may not record actions in acme: 404, or refused by the
	   router for the roles that record none. */
	expect_api(PORT, &employer, "DELETE", one, "{\"reason\":\"x\"}", 403, NULL);
	expect_api(PORT, &auditor, "DELETE", one, "{\"reason\":\"x\"}", 403, NULL);
	expect_api(PORT, &w1, "PATCH", one, fixed, 200, NULL);
	assert_int_equal(sql_value(path_of("SELECT participants FROM collective_actions"
					   " WHERE id = %lld",
					   ids[0])),
			 14);
	char *rows = query_rows("SELECT object_id FROM audit_log"
				" WHERE action = 'collective_action.correct'");
	assert_non_null(strstr(rows, "fields=title,participants"));
	assert_null(strstr(rows, "familial"));
	free(rows);
	expect_api(PORT, &w1, "DELETE", one, "{}", 422, "reason");

	/* The head may; deleted, the bilan no longer counts it. */
	expect_api(PORT, &head, "DELETE", one, "{\"reason\":\"Action annulée\"}", 200, NULL);
	assert_int_equal(bilan_actions(), before - 1);
	assert_int_equal(sql_value(path_of("SELECT COUNT(*) FROM record_corrections WHERE kind ="
					   " 'collective_action' AND record_id = %lld",
					   ids[0])),
			 2);
	expect_api(PORT, &w1, "DELETE", one, "{\"reason\":\"Encore\"}", 404, NULL);

	/* The page: the worker deletes one with its reason; the employer,
	   who only reads the actions, is offered no form. */
	char action[64];
	snprintf(action, sizeof action, "/actions/%lld/delete", ids[1]);
	char *page = get_body(&w1, "/actions", 200);
	assert_non_null(strstr(page, action));
	free(page);
	page = get_body(&employer, "/actions", 200);
	assert_null(strstr(page, action));
	free(page);
	struct http_resp r;
	assert_int_equal(http_form(PORT, &employer, action, "reason=Erreur", &r), 403);
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, action, "reason=", &r), 422);
	expect_in(&r, "Le motif de la correction est obligatoire");
	expect_in(&r, "<details open>");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, action, "reason=Saisie+en+double", &r), 303);
	http_resp_free(&r);
	assert_int_equal(bilan_actions(), before - 2);
}

static void test_permanence(void **state)
{
	(void)state;
	long long perm = create(&head, "/api/v1/permanences",
				"{\"organisation\":\"acme\",\"worker\":\"w1\",\"site\":\"Bât. A\","
				"\"weekday\":2,\"start\":\"09:00\",\"end\":\"12:00\","
				"\"every_weeks\":2,\"from\":\"2024-01-02\"}");
	char one[64];
	snprintf(one, sizeof one, "/api/v1/permanences/%lld", perm);
	/* Its hours moved within its own: no overlap with itself. */
	const char *fixed = "{\"organisation\":\"acme\",\"worker\":\"w1\","
			    "\"site\":\"Bât. B, salle 2\",\"weekday\":2,\"start\":\"10:00\","
			    "\"end\":\"12:30\",\"every_weeks\":2,\"from\":\"2024-01-02\","
			    "\"until\":\"2024-12-31\",\"reason\":\"Salle changée\"}";
	/* The roles that create no permanence are refused by the router. */
	expect_api(PORT, &w1, "PATCH", one, fixed, 403, NULL);
	expect_api(PORT, &employer, "DELETE", one, "{\"reason\":\"x\"}", 403, NULL);
	expect_api(PORT, &auditor, "DELETE", one, "{\"reason\":\"x\"}", 403, NULL);
	expect_api(PORT, &head, "PATCH", one,
		   "{\"organisation\":\"acme\",\"worker\":\"w1\",\"site\":\"A\",\"weekday\":2,"
		   "\"start\":\"10:00\",\"end\":\"12:30\",\"from\":\"2024-01-02\"}",
		   422, "reason");
	expect_api(PORT, &head, "PATCH", "/api/v1/permanences/999999", fixed, 404, NULL);

	expect_api(PORT, &head, "PATCH", one, fixed, 200, NULL);
	char *rows = query_rows(path_of("SELECT site, start_time, end_time, until_on"
					" FROM permanences WHERE id = %lld",
					perm));
	assert_string_equal(rows, "Bât. B, salle 2|10:00|12:30|2024-12-31\n");
	free(rows);
	rows = query_rows("SELECT object_id FROM audit_log WHERE action = 'permanence.correct'");
	assert_non_null(strstr(rows, "fields=site,start,end,until"));
	assert_null(strstr(rows, "salle"));
	free(rows);

	/* One date cancelled, as before; then the permanence deleted with it. */
	expect_api(PORT, &head, "POST", path_of("/api/v1/permanences/%lld/exceptions", perm),
		   "{\"date\":\"2024-01-16\",\"reason\":\"Férié\"}", 201, NULL);
	expect_api(PORT, &admin, "DELETE", one, "{\"reason\":\"Permanence arrêtée\"}", 200,
		   NULL);
	assert_int_equal(
		sql_value(path_of("SELECT COUNT(*) FROM permanences WHERE id = %lld", perm)), 0);
	assert_int_equal(sql_value(path_of("SELECT COUNT(*) FROM permanence_exceptions"
					   " WHERE permanence_id = %lld",
					   perm)),
			 0);
	assert_int_equal(sql_value(path_of("SELECT COUNT(*) FROM record_corrections WHERE kind ="
					   " 'permanence' AND record_id = %lld",
					   perm)),
			 2);
	expect_api(PORT, &head, "DELETE", one, "{\"reason\":\"Encore\"}", 404, NULL);

	/* The page: the head deletes one with its reason; the worker, who
	   may not, is offered no form. */
	long long other = create(&head, "/api/v1/permanences",
				 "{\"organisation\":\"acme\",\"worker\":\"w1\",\"site\":\"Bât. C\","
				 "\"weekday\":3,\"start\":\"09:00\",\"end\":\"12:00\","
				 "\"from\":\"2024-01-03\"}");
	char action[64];
	snprintf(action, sizeof action, "/permanences/%lld/delete", other);
	char *page = get_body(&head, "/permanences", 200);
	assert_non_null(strstr(page, action));
	free(page);
	page = get_body(&w1, "/permanences", 200);
	assert_null(strstr(page, action));
	free(page);
	struct http_resp r;
	assert_int_equal(http_form(PORT, &w1, action, "reason=Erreur", &r), 403);
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &head, action, "reason=", &r), 422);
	expect_in(&r, "Le motif de la correction est obligatoire");
	expect_in(&r, "<details open>");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &head, action, "reason=Permanence+en+double", &r), 303);
	http_resp_free(&r);
	assert_int_equal(
		sql_value(path_of("SELECT COUNT(*) FROM permanences WHERE id = %lld", other)), 0);
}

/* The aid form shows every refusal at once, each next to its field. */
static void test_aid_form_errors(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_form(PORT, &w1, path_of("/cases/%lld/aids", case_id),
				   "kind=&funder=ccas&amount_requested=beaucoup&submitted_on=hier",
				   &r),
			 422);
	expect_in(&r, "aide inconnu.");
	expect_in(&r, "La date de la demande doit être une date passée");
	expect_in(&r, "Montant en euros, par exemple 150");
	expect_in(&r, "id=\"err-aid-kind\"");
	expect_in(&r, "id=\"err-aid-submitted_on\"");
	http_resp_free(&r);
}

/* The partner form too: a name and notes too long, both shown. */
static void test_partner_form_errors(void **state)
{
	(void)state;
	static char body[4096];
	size_t n = (size_t)snprintf(body, sizeof body, "kind=&name=");
	for (int i = 0; i < 201; i++)
		body[n++] = 'x';
	n += (size_t)snprintf(body + n, sizeof body - n, "&notes=");
	for (int i = 0; i < 2001; i++)
		body[n++] = 'y';
	body[n] = '\0';
	struct http_resp r;
	assert_int_equal(http_form(PORT, &w1, "/partners", body, &r), 422);
	expect_in(&r, "Le nom du partenaire est obligatoire");
	expect_in(&r, "Les remarques ne doivent pas dépasser 2 000 caractères.");
	http_resp_free(&r);
}

/* The admin corrects a partner on the directory's page; every refusal
   shown at once; other roles are refused. */
static void test_partner_page(void **state)
{
	(void)state;
	long long partner = create(&admin, "/api/v1/partners",
				   "{\"name\":\"Mission locale\",\"kind\":\"association\"}");
	char action[64];
	snprintf(action, sizeof action, "/partners/%lld", partner);
	char *page = get_body(&admin, "/partners", 200);
	assert_non_null(strstr(page, action));
	free(page);
	page = get_body(&w1, "/partners", 200);
	assert_null(strstr(page, action));
	free(page);
	struct http_resp r;
	const char *body = "name=Mission+locale+de+l%27Est&kind=association&address=&"
			   "phone=01+48+00+00+00&email=&notes=Lundi+au+vendredi";
	assert_int_equal(http_form(PORT, &w1, action, body, &r), 403);
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &admin, action,
				   "name=&kind=association&phone=123456789012345678901234567890123&"
				   "email=&address=&notes=",
				   &r),
			 422);
	expect_in(&r, "<details open>");
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &admin, action, body, &r), 303);
	http_resp_free(&r);
	char *rows = query_rows(path_of("SELECT name, phone FROM partners WHERE id = %lld", partner));
	assert_string_equal(rows, "Mission locale de l'Est|01 48 00 00 00\n");
	free(rows);
}

static void test_appointment_deleted(void **state)
{
	(void)state;
	char body[256];
	snprintf(body, sizeof body,
		 "{\"start\":\"2024-05-06T10:00\",\"end\":\"2024-05-06T11:00\",\"mode\":\"bureau\","
		 "\"person_id\":%lld}",
		 person_id);
	long long appt = create(&w1, "/api/v1/appointments", body);
	long long other = create(&w1, "/api/v1/appointments",
				 "{\"start\":\"2024-05-07T10:00\",\"end\":\"2024-05-07T11:00\","
				 "\"mode\":\"bureau\"}");
	char one[64];
	snprintf(one, sizeof one, "/api/v1/appointments/%lld", appt);
	expect_api(PORT, &w2, "DELETE", one, "{\"reason\":\"x\"}", 404, NULL);
	expect_api(PORT, &admin, "DELETE", one, "{\"reason\":\"x\"}", 403, NULL);
	expect_api(PORT, &w1, "DELETE", one, "{\"reason\":\"  \"}", 422, "reason");
	/* The week offers the deletion. */
	char *page = get_body(&w1, "/agenda?week=2024-W19", 200);
	char form_path[64];
	snprintf(form_path, sizeof form_path, "/agenda/appointments/%lld/delete", other);
	assert_non_null(strstr(page, form_path));
	free(page);
	expect_api(PORT, &w1, "DELETE", one, "{\"reason\":\"Rendez-vous pris deux fois\"}", 200,
		   NULL);
	struct http_resp r;
	assert_int_equal(http_form(PORT, &w1, form_path, "reason=", &r), 422);
	http_resp_free(&r);
	assert_int_equal(http_form(PORT, &w1, form_path, "reason=Annul%C3%A9+par+t%C3%A9l%C3%A9phone",
				   &r),
			 303);
	http_resp_free(&r);
	expect_api(PORT, &w1, "GET", one, NULL, 404, NULL);
	assert_int_equal(sql_value("SELECT COUNT(*) FROM record_corrections WHERE kind ="
				   " 'appointment' AND operation = 'delete'"),
			 2);
	assert_int_equal(db_has(&fx, "Rendez-vous pris deux fois"), 0);
}

/* "Honoré : enregistrer l'intervention" carries the note typed. */
static void test_agenda_note(void **state)
{
	(void)state;
	char body[256];
	snprintf(body, sizeof body,
		 "{\"start\":\"2024-06-03T09:00\",\"end\":\"2024-06-03T09:40\",\"mode\":\"bureau\","
		 "\"person_id\":%lld}",
		 person_id);
	long long appt = create(&w1, "/api/v1/appointments", body);
	char *page = get_body(&w1, "/agenda?week=2024-W23", 200);
	char form_path[80];
	snprintf(form_path, sizeof form_path, "/agenda/appointments/%lld/intervention", appt);
	assert_non_null(strstr(page, form_path));
	assert_non_null(strstr(page, "name=\"notes\""));
	free(page);
	struct http_resp r;
	assert_int_equal(
		http_form(PORT, &w1, form_path,
			  "kind=entretien&notes=Point+sur+le+dossier+de+surendettement", &r),
		303);
	http_resp_free(&r);
	char *list = get_body(&w1, path_of("/api/v1/cases/%lld/interventions", case_id), 200);
	assert_non_null(strstr(list, "Point sur le dossier de surendettement"));
	assert_non_null(strstr(list, "\"duration_minutes\":40"));
	free(list);
	assert_int_equal(db_has(&fx, "Point sur le dossier de surendettement"), 0);
}


/* The number of times needle is in text. */
static int count_of(const char *text, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* POST form to path as s, which must answer status; the body kept in r. */
static void post_form(const struct sess *s, const char *path, const char *form, int status,
		      struct http_resp *r)
{
	int st = http_form(PORT, s, path, form, r);
	if (st != status)
		fail_msg("POST %s %s: %d %s", path, form, st, r->body ? r->body : "");
}

/* POST form to path as s, which must answer status. */
static void answered(const struct sess *s, const char *path, const char *form, int status)
{
	struct http_resp r;
	post_form(s, path, form, status, &r);
	http_resp_free(&r);
}

/* Whether the page path as s shows needle: shown 1, or 0 when it must not. */
static void page_shows(const struct sess *s, const char *path, const char *needle, int shown)
{
	char *page = get_body(s, path, 200);
	if ((strstr(page, needle) != NULL) != shown)
		fail_msg("GET %s: %s «%s»", path, shown ? "lacks" : "shows", needle);
	free(page);
}

/* /heures: the worker's own time entries, each corrected or deleted with
   its reason; the hours follow. */
static void test_time_entry_page(void **state)
{
	(void)state;
	long long t = create(&w1, "/api/v1/time",
			     "{\"organisation\":\"acme\",\"date\":\"2024-07-01\","
			     "\"minutes\":60,\"activity\":\"individuel\"}");
	long long theirs = create(&w2, "/api/v1/time",
				  "{\"organisation\":\"acme\",\"date\":\"2024-07-02\","
				  "\"minutes\":20,\"activity\":\"trajet\"}");
	char edit[64], del[64];
	snprintf(edit, sizeof edit, "/heures/temps/%lld", t);
	snprintf(del, sizeof del, "/heures/temps/%lld/supprimer", t);
	const char *page_path = "/heures?organisation=acme&year=2024";

	/* Her page lists her entry with both forms, not her colleague's. */
	char *page = get_body(&w1, page_path, 200);
	assert_non_null(strstr(page, path_of("action=\"%s\"", edit)));
	assert_non_null(strstr(page, path_of("action=\"%s\"", del)));
	assert_null(strstr(page, path_of("action=\"/heures/temps/%lld\"", theirs)));
	assert_non_null(strstr(page, "Votre temps déclaré en 2024"));
	assert_non_null(strstr(page, "01/07/2024"));
	free(page);
	page_shows(&w2, page_path, path_of("action=\"%s\"", edit), 0);
	assert_true(sql_value("SELECT COUNT(*) FROM audit_log WHERE action = 'time.list'") > 0);

	const char *fixed = "organisation=acme&year=2024&date=2024-07-03&minutes=30"
			    "&activity=individuel&reason=Dur%C3%A9e+mal+saisie";
	/* Another worker's entry is not found; the roles that record no time
	   are refused by the router. */
	struct http_resp r;
	answered(&w2, edit, fixed, 404);
	answered(&w3, del, "organisation=acme&year=2024&reason=x", 404);
	answered(&head, edit, fixed, 403);
	answered(&employer, del, "organisation=acme&year=2024&reason=x", 403);
	answered(&auditor, edit, fixed, 403);

	/* Every refusal at once, the form open, what was typed kept. */
	post_form(&w1, edit,
		  "organisation=acme&year=2024&date=3+juillet&minutes=0&activity=individuel&reason=",
		  422, &r);
	expect_in(&r, path_of("id=\"err-time-%lld-date\"", t));
	expect_in(&r, path_of("id=\"err-time-%lld-minutes\"", t));
	expect_in(&r, path_of("id=\"err-time-%lld-reason\"", t));
	expect_in(&r, "La durée est un nombre de minutes entre 1 et 1 440.");
	expect_in(&r, "Le motif de la correction est obligatoire");
	expect_in(&r, "value=\"3 juillet\"");
	assert_int_equal(count_of(r.body, "<details open>"), 1);
	http_resp_free(&r);
	/* A date to come: the service's refusal, next to its field. */
	post_form(&w1, edit,
		  "organisation=acme&year=2024&date=2999-01-01&minutes=45&activity=individuel"
		  "&reason=Erreur",
		  422, &r);
	expect_in(&r, path_of("id=\"err-time-%lld-date\"", t));
	http_resp_free(&r);
	assert_int_equal(sql_value(path_of("SELECT minutes FROM time_entries WHERE id = %lld", t)),
			 60);

	/* Corrected: the page and the hours show the new value. */
	double before = hours_2024();
	post_form(&w1, edit, fixed, 303, &r);
	assert_non_null(strstr(r.head, "/heures?organisation=acme&year=2024"));
	http_resp_free(&r);
	assert_true(before - hours_2024() > 0.49 && before - hours_2024() < 0.51);
	page = get_body(&w1, page_path, 200);
	assert_non_null(strstr(page, "03/07/2024"));
	assert_null(strstr(page, "01/07/2024"));
	free(page);
	char *rows = query_rows(path_of("SELECT object_id FROM audit_log"
					" WHERE action = 'time_entry.correct' AND object_id LIKE '%lld;%%'",
					t));
	assert_non_null(strstr(rows, "fields=date,minutes"));
	assert_null(strstr(rows, "mal saisie"));
	free(rows);
	assert_int_equal(db_has(&fx, "Durée mal saisie"), 0);

	/* Deleted with its reason: gone from the list and the hours; its
	   tombstone stays. */
	post_form(&w1, del, "organisation=acme&year=2024&reason=", 422, &r);
	expect_in(&r, path_of("id=\"err-time-del-%lld-reason\"", t));
	expect_in(&r, "<details open>");
	http_resp_free(&r);
	before = hours_2024();
	answered(&w1, del, "organisation=acme&year=2024&reason=Saisie+en+double", 303);
	assert_true(before - hours_2024() > 0.49 && before - hours_2024() < 0.51);
	page_shows(&w1, page_path, path_of("action=\"%s\"", edit), 0);
	assert_int_equal(sql_value(path_of("SELECT COUNT(*) FROM time_entries WHERE id = %lld", t)),
			 0);
	assert_int_equal(sql_value(path_of("SELECT COUNT(*) FROM record_corrections WHERE kind ="
					   " 'time_entry' AND record_id = %lld AND reason IS NOT NULL",
					   t)),
			 2);
	answered(&w1, del, "organisation=acme&year=2024&reason=Encore", 404);
}

/* /permanences: the head corrects one in its row; every refusal at once. */
static void test_permanence_page(void **state)
{
	(void)state;
	long long perm = create(&head, "/api/v1/permanences",
				"{\"organisation\":\"acme\",\"worker\":\"w1\",\"site\":\"Bât. G\","
				"\"weekday\":4,\"start\":\"14:00\",\"end\":\"16:00\","
				"\"from\":\"2024-01-04\"}");
	char edit[64];
	snprintf(edit, sizeof edit, "/permanences/%lld", perm);
	const char *form_tag = path_of("action=\"%s\"", edit);
	char *page = get_body(&head, "/permanences", 200);
	assert_non_null(strstr(page, form_tag));
	assert_non_null(strstr(page, "value=\"Bât. G\""));
	free(page);
	page_shows(&w1, "/permanences", path_of("action=\"%s\"", edit), 0);
	page_shows(&employer, "/permanences", path_of("action=\"%s\"", edit), 0);

	const char *fixed = "organisation=acme&worker=w1&site=B%C3%A2t.+H%2C+salle+3&weekday=4"
			    "&start=14:30&end=16:00&every_weeks=2&from=2024-01-04&until="
			    "&reason=Salle+chang%C3%A9e";
	struct http_resp r;
	answered(&w1, edit, fixed, 403);
	answered(&employer, edit, fixed, 403);
	answered(&auditor, edit, fixed, 403);
	answered(&head, "/permanences/999999", fixed, 404);

	/* Three wrong: three messages, the form open. */
	post_form(&head, edit,
		  "organisation=acme&worker=w1&site=&weekday=9&start=14:30&end=16:00"
		  "&every_weeks=1&from=2024-01-04&until=&reason=",
		  422, &r);
	expect_in(&r, path_of("id=\"err-edit-%lld-site\"", perm));
	expect_in(&r, path_of("id=\"err-edit-%lld-weekday\"", perm));
	expect_in(&r, path_of("id=\"err-edit-%lld-reason\"", perm));
	expect_in(&r, "Le motif de la correction est obligatoire");
	assert_int_equal(count_of(r.body, "<details open>"), 1);
	http_resp_free(&r);
	/* A worker not assigned there: the service's refusal on its field. */
	post_form(&head, edit,
		  "organisation=acme&worker=w3&site=A&weekday=4&start=14:30&end=16:00"
		  "&every_weeks=1&from=2024-01-04&until=&reason=Erreur",
		  422, &r);
	expect_in(&r, path_of("id=\"err-edit-%lld-worker\"", perm));
	http_resp_free(&r);

	answered(&head, edit, fixed, 303);
	char *rows = query_rows(path_of("SELECT site, start_time, every_weeks"
					" FROM permanences WHERE id = %lld",
					perm));
	assert_string_equal(rows, "Bât. H, salle 3|14:30|2\n");
	free(rows);
	page = get_body(&head, "/permanences", 200);
	assert_non_null(strstr(page, "Bât. H, salle 3"));
	assert_non_null(strstr(page, "une semaine sur deux"));
	free(page);
	rows = query_rows(path_of("SELECT object_id FROM audit_log WHERE action ="
				  " 'permanence.correct' AND object_id LIKE '%lld;%%'",
				  perm));
	assert_non_null(strstr(rows, "fields=site,start,every_weeks"));
	assert_null(strstr(rows, "salle"));
	free(rows);
	assert_int_equal(db_has(&fx, "Salle changée"), 0);
}

/* /actions: a collective action corrected in its row, its partners in one
   select; the bilan follows. */
static void test_action_page(void **state)
{
	(void)state;
	long long partner = create(&admin, "/api/v1/partners",
				   "{\"name\":\"CAF de l'Est\",\"kind\":\"caf\"}");
	long long action = create(
		&w1, "/api/v1/collective-actions",
		path_of("{\"organisation\":\"acme\",\"date\":\"2024-05-14\",\"topic\":\"retraite\","
			"\"format\":\"conference\",\"title\":\"Préparer sa retraite\","
			"\"participants\":8,\"duration_minutes\":120,\"partners\":[%lld]}",
			partner));
	char edit[64];
	snprintf(edit, sizeof edit, "/actions/%lld", action);
	char *page = get_body(&w1, "/actions?year=2024", 200);
	assert_non_null(strstr(page, path_of("action=\"%s\"", edit)));
	assert_non_null(strstr(page, "multiple"));
	assert_non_null(strstr(page, path_of("<option value=\"%lld\" selected>", partner)));
	free(page);
	page_shows(&employer, "/actions?year=2024", path_of("action=\"%s\"", edit), 0);

	const char *fixed = "organisation=acme&date=2024-05-14&topic=retraite&format=conference"
			    "&title=Pr%C3%A9parer+sa+retraite&participants=11&duration_minutes=120"
			    "&reason=Feuille+d%27%C3%A9margement+recompt%C3%A9e";
	struct http_resp r;
	answered(&employer, edit, fixed, 403);
	answered(&auditor, edit, fixed, 403);
	answered(&w3, edit, fixed, 404);

	/* Every refusal at once, the form open with what was typed. */
	post_form(&w1, edit,
		  "organisation=acme&date=2024-05-14&topic=retraite&format=conference"
		  "&title=&participants=-3&duration_minutes=120&reason=",
		  422, &r);
	expect_in(&r, path_of("id=\"err-edit-%lld-title\"", action));
	expect_in(&r, path_of("id=\"err-edit-%lld-participants\"", action));
	expect_in(&r, path_of("id=\"err-edit-%lld-reason\"", action));
	expect_in(&r, "Le titre est obligatoire");
	expect_in(&r, "value=\"-3\"");
	assert_int_equal(count_of(r.body, "<details open>"), 1);
	http_resp_free(&r);

	/* The partner kept: the audit names the participants only. */
	long long before = bilan_actions();
	answered(&w1, edit, path_of("%s&partners=%lld", fixed, partner), 303);
	assert_int_equal(sql_value(path_of("SELECT participants FROM collective_actions"
					   " WHERE id = %lld",
					   action)),
			 11);
	char *rows = query_rows(path_of("SELECT object_id FROM audit_log WHERE action ="
					" 'collective_action.correct' AND object_id LIKE '%lld;%%'",
					action));
	assert_non_null(strstr(rows, "fields=participants\n"));
	free(rows);
	/* The partner taken off: named. */
	answered(&w1, edit, fixed, 303);
	assert_int_equal(sql_value(path_of("SELECT COUNT(*) FROM collective_action_partners"
					   " WHERE action_id = %lld",
					   action)),
			 0);
	rows = query_rows(path_of("SELECT object_id FROM audit_log WHERE action ="
				  " 'collective_action.correct' AND object_id LIKE '%lld;%%'"
				  " ORDER BY id",
				  action));
	assert_non_null(strstr(rows, "fields=partners\n"));
	assert_null(strstr(rows, "margement"));
	free(rows);
	assert_int_equal(bilan_actions(), before);
	page_shows(&w1, "/actions?year=2024", "<td>11</td>", 1);
}

static void test_every_error_at_once(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/cases/%lld/interventions", case_id);
	struct http_resp r;
	/* Three fields wrong: three messages, each next to its field. */
	assert_int_equal(http_form(PORT, &w1, path,
				   "date=5+mars&mode=bureau&kind=entretien&duration_minutes=beaucoup"
				   "&notes=%01",
				   &r),
			 422);
	expect_in(&r, "id=\"err-int-date\"");
	expect_in(&r, "id=\"err-int-duration_minutes\"");
	expect_in(&r, "id=\"err-int-notes\"");
	assert_int_equal(count_of(r.body, "class=\"error-field\""), 3);
	assert_int_equal(count_of(r.body, "aria-invalid=\"true\""), 3);
	/* The page opens at the form that failed: its first refused field has
	   the focus (no script), the only one of the page. */
	assert_int_equal(count_of(r.body, " autofocus"), 1);
	/* ... the first in the table's order: the duration. */
	const char *input = strstr(r.body, "name=\"duration_minutes\"");
	assert_non_null(input);
	const char *focus = strstr(input, " autofocus"), *end = strchr(input, '>');
	assert_true(focus && end && focus < end);
	http_resp_free(&r);
	/* The case's own form too: two wrong, two messages. */
	snprintf(path, sizeof path, "/cases/%lld", case_id);
	assert_int_equal(http_form(PORT, &w1, path,
				   "opened_on=hier&referral_source=agent&domains=budget"
				   "&diagnosis=%01&action_plan=",
				   &r),
			 422);
	expect_in(&r, "id=\"err-edit-opened_on\"");
	expect_in(&r, "id=\"err-edit-diagnosis\"");
	http_resp_free(&r);

	/* The API: the first refusal as ever, and the list of them all. */
	snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", case_id);
	assert_int_equal(http_as(PORT, &w1, 1, "POST", path,
				 "{\"date\":\"5 mars\",\"mode\":\"bureau\",\"kind\":7,"
				 "\"duration_minutes\":\"beaucoup\"}",
				 &r),
			 422);
	json_t *j = http_json(&r);
	http_resp_free(&r);
	assert_non_null(j);
	json_t *errors = json_object_get(j, "errors");
	assert_int_equal(json_array_size(errors), 3);
	const char *want[] = {"duration_minutes", "date", "kind"};
	for (size_t i = 0; i < 3; i++) {
		json_t *e = json_array_get(errors, i);
		assert_string_equal(json_string_value(json_object_get(e, "field")), want[i]);
		assert_true(strlen(json_string_value(json_object_get(e, "message"))) > 0);
	}
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(j, "error"), "field")),
		"duration_minutes");
	json_decref(j);
	/* Nothing was recorded. */
	assert_int_equal(sql_value(path_of("SELECT COUNT(*) FROM interventions WHERE case_id = %lld"
					   " AND date NOT LIKE '2024-%%'",
					   case_id)),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intervention_corrected),
		cmocka_unit_test(test_intervention_deleted),
		cmocka_unit_test(test_aid_before_decision),
		cmocka_unit_test(test_aid_corrected),
		cmocka_unit_test(test_time_entry),
		cmocka_unit_test(test_collective_action),
		cmocka_unit_test(test_permanence),
		cmocka_unit_test(test_aid_form_errors),
		cmocka_unit_test(test_partner_form_errors),
		cmocka_unit_test(test_partner_page),
		cmocka_unit_test(test_appointment_deleted),
		cmocka_unit_test(test_agenda_note),
		cmocka_unit_test(test_every_error_at_once),
		cmocka_unit_test(test_time_entry_page),
		cmocka_unit_test(test_permanence_page),
		cmocka_unit_test(test_action_page),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
