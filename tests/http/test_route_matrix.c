/*
 * test_route_matrix — every route of the table (routes[]) for every role
 * (anonymous, admin, head, worker, employer, auditor, reception), through the real
 * binary on loopback, with real ids from a fixture.
 *
 * Each route has one expectation below, found by its method and pattern:
 * a route without one, or an expectation without its route, fails the
 * test, so a new route cannot be missed.  A role the policy table refuses
 * gets what the router answers before any record is looked at (anonymous:
 * 401 on the API, 303 to the sign-in page otherwise; signed in: 403); the
 * expectation lists the exact status of every role the policy lets in
 * (0 where the policy refuses, checked against policy_allows(), so the
 * table and the policy cannot drift apart).  A record another role may
 * not see is a 404, and every 403 or 404 that names a record is compared
 * with the same request naming a record that does not exist: the same
 * status, headers (but Date) and body, byte for byte.
 *
 * The expectations run in this file's order (state-changing routes on
 * records of their own, after the reads), each role in turn, the refused
 * roles first.  A path or body names fixture values as <name>, looked up
 * as "name.ROLE" first (a record of that role's own, for a
 * route several roles may change), then as "name".
 *
 * Environment: RELAIS_BIN (the binary), RELAIS_TEST_DB (optional: a
 * postgresql:// URI of an empty database; default a fresh SQLite file).
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
#include "http/http.h"
#include "routes/routes.h"
#include "service/policy.h"

static struct fixture fx;
#define PORT fx.srv.port

/* The account of each role (ROLE_NONE: anonymous). */
static const char *const logins[ROLE__COUNT] = {
	[ROLE_ADMIN] = "admin1",   [ROLE_HEAD] = "head1",	  [ROLE_WORKER] = "w1",
	[ROLE_EMPLOYER] = "rh1", [ROLE_AUDITOR] = "auditor1", [ROLE_RECEPTION] = "accueil1",
};
static struct sess sessions[ROLE__COUNT];

/* --- Fixture values --------------------------------------------------- */

struct sym {
	char name[48];
	char value[160];
	const char *missing; /* what names no record, in place of value */
};
static struct sym syms[160];
static int nsyms;

#define MISSING_ID "999999999"
#define MISSING_CODE "nulle-part"
#define MISSING_TOKEN "0000000000000000000000000000000000000000000000000000000000000000"

static void sym_set(const char *name, const char *missing, const char *fmt, ...)
{
	if (nsyms >= (int)(sizeof syms / sizeof syms[0]))
		fail_msg("too many fixture values");
	struct sym *s = &syms[nsyms++];
	snprintf(s->name, sizeof s->name, "%s", name);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->value, sizeof s->value, fmt, ap);
	va_end(ap);
	s->missing = missing;
}

static void sym_id(const char *name, long long id)
{
	if (id <= 0)
		fail_msg("fixture %s: no id", name);
	sym_set(name, MISSING_ID, "%lld", id);
}

static const struct sym *sym_find(const char *name, size_t len, enum role role)
{
	char full[64];
	snprintf(full, sizeof full, "%.*s.%s", (int)len, name, role_code(role));
	for (int i = 0; i < nsyms; i++)
		if (strcmp(syms[i].name, full) == 0)
			return &syms[i];
	for (int i = 0; i < nsyms; i++)
		if (strlen(syms[i].name) == len && strncmp(syms[i].name, name, len) == 0)
			return &syms[i];
	/* A role that may not change the record at all: any role's. */
	for (int i = 0; i < nsyms; i++)
		if (strncmp(syms[i].name, name, len) == 0 && syms[i].name[len] == '.')
			return &syms[i];
	return NULL;
}

/* text with its <name>s replaced by their values for role (the first by
   its missing value when missing is set) into out; 1 when text named a
   value with a missing form, else 0. */
static int expand(const char *text, enum role role, int missing, char *out, size_t cap)
{
	size_t n = 0;
	int named = 0;
	out[0] = '\0';
	for (const char *p = text; *p;) {
		const char *close = *p == '<' ? strchr(p, '>') : NULL;
		if (!close) {
			if (n + 1 < cap)
				out[n++] = *p;
			p++;
			continue;
		}
		if (strncmp(p + 1, "totp:", 5) == 0) {
			/* The account's current code, computed now (harness.h). */
			char login[64], code[16];
			snprintf(login, sizeof login, "%.*s", (int)(close - p - 6), p + 6);
			if (test_code(PORT, login, code) != 0)
				fail_msg("no TOTP secret for %s", login);
			n += (size_t)snprintf(out + n, cap > n ? cap - n : 0, "%s", code);
			p = close + 1;
			continue;
		}
		const struct sym *s = sym_find(p + 1, (size_t)(close - p - 1), role);
		if (!s)
			fail_msg("no fixture value %.*s", (int)(close - p + 1), p);
		const char *v = s->value;
		if (s->missing && !named) {
			named = 1;
			if (missing)
				v = s->missing;
		}
		n += (size_t)snprintf(out + n, cap > n ? cap - n : 0, "%s", v);
		p = close + 1;
	}
	if (n >= cap)
		fail_msg("expansion of %s too long", text);
	out[n] = '\0';
	return named;
}

/* --- Requests ------------------------------------------------------------ */

/* An upload (ROUTE_UPLOAD) as s: content as the one file of a multipart
   body, the CSRF header; the status. */
#define MATRIX_BOUNDARY "matrixBoundary"
static int send_upload(const struct sess *s, const char *path, const char *content,
		       struct http_resp *out)
{
	char headers[512], body[1024];
	snprintf(headers, sizeof headers,
		 "Cookie: %s\r\nX-CSRF-Token: %s\r\nContent-Type: multipart/form-data; "
		 "boundary=" MATRIX_BOUNDARY "\r\n",
		 s ? s->cookie : "", s ? s->csrf : "");
	int n = snprintf(body, sizeof body,
			 "--" MATRIX_BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
			 "filename=\"piece.pdf\"\r\n\r\n%s\r\n--" MATRIX_BOUNDARY "--\r\n",
			 content ? content : "");
	if (http_do(PORT, "POST", path, headers, body, (size_t)n, out) != 0)
		return -1;
	return out->status;
}

/* A request as s (NULL: anonymous): a JSON body on API routes, a form
   (with the session's csrf_token) on pages, the CSRF header on the API. */
static int send_as(const struct sess *s, const struct route *rt, const char *path,
		   const char *body, struct http_resp *out)
{
	const char *method = method_name(rt->method);
	if (rt->flags & ROUTE_UPLOAD)
		return send_upload(s, path, body, out);
	if (rt->flags & ROUTE_API)
		return http_as(PORT, s, 1, method, path, body, out);
	char headers[512] = "";
	size_t n = 0;
	if (s)
		n += (size_t)snprintf(headers, sizeof headers, "Cookie: %s\r\n", s->cookie);
	if (rt->method != M_POST) {
		if (http_do(PORT, method, path, headers, NULL, 0, out) != 0)
			return -1;
		return out->status;
	}
	char form[2048];
	/* The sign-in form carries its pre-session token too (login CSRF). */
	int signin = strcmp(rt->pattern, "/login") == 0;
	if (signin)
		n = (size_t)snprintf(headers, sizeof headers, "Cookie: %s%s%s\r\n",
				     s ? s->cookie : "", s ? "; " : "", TEST_LOGIN_COOKIE);
	snprintf(headers + n, sizeof headers - n,
		 "Content-Type: application/x-www-form-urlencoded\r\n");
	snprintf(form, sizeof form, "%s%s%s%s%s", body ? body : "", body && *body && s ? "&" : "",
		 s ? "csrf_token=" : "", s ? s->csrf : "",
		 signin ? "&" SIGNIN_TOKEN_FIELD "=" TEST_LOGIN_TOKEN : "");
	if (http_do(PORT, method, path, headers, form, strlen(form), out) != 0)
		return -1;
	return out->status;
}

/* The response's head without its Date line (out, caller frees). */
static char *head_without_date(const char *head)
{
	char *out = malloc(strlen(head) + 1);
	size_t n = 0;
	for (const char *line = head; *line;) {
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

/* Fails unless a and b are the same answer but for their Date header. */
static void expect_same_answer(const char *what, const struct http_resp *a,
			       const struct http_resp *b)
{
	char *ha = head_without_date(a->head), *hb = head_without_date(b->head);
	int same = strcmp(ha, hb) == 0 && a->body_len == b->body_len &&
		   memcmp(a->body, b->body, a->body_len) == 0;
	if (!same)
		fail_msg("%s: the answer differs from a missing record's:\n%s\n%s\n--- missing:\n%s\n%s",
			 what, ha, a->body, hb, b->body);
	free(ha);
	free(hb);
}

/* --- Expectations --------------------------------------------------------- */

enum { FRESH = 1 }; /* the request ends its session (a sign-out, or a sign-in, which
			   rotates it): signs in anew for it */

struct expect {
	enum method method;
	const char *pattern;
	const char *path; /* with <name>s */
	const char *body; /* JSON on the API, a form on pages; with <name>s; NULL: none */
	/* anonymous, admin, head, worker, employer, auditor, reception: the
	   status of each role the policy lets in, 0 for each it refuses */
	int status[ROLE__COUNT];
	unsigned flags;
};

#define S(none, admin, head, worker, employer, auditor, reception)                           \
	{                                                                                      \
		[ROLE_NONE] = none, [ROLE_ADMIN] = admin, [ROLE_HEAD] = head,                  \
		[ROLE_WORKER] = worker, [ROLE_EMPLOYER] = employer, [ROLE_AUDITOR] = auditor,  \
		[ROLE_RECEPTION] = reception                                                   \
	}
/* Every signed-in role. */
#define ALL(st) S(0, st, st, st, st, st, st)
/* A record only its référent (the worker) opens: everyone else, not found. */
#define REC(st) S(0, 404, 404, st, 404, 404, 404)

#define PW "\"password\":\"" TEST_PASSWORD "\""
#define FORM_PW "password=correct+horse+battery"

static const struct expect expects[] = {
	/* Infrastructure and sign-in */
	{M_GET, "/healthz", "/healthz", NULL, S(200, 200, 200, 200, 200, 200, 200), 0},
	{M_GET, "/api/v1/openapi.json", "/api/v1/openapi.json", NULL,
	 S(200, 200, 200, 200, 200, 200, 200), 0},
	{M_GET, "/assets/{file}", "/assets/relais.css", NULL, S(200, 200, 200, 200, 200, 200, 200), 0},
	{M_GET, "/login", "/login", NULL, S(200, 303, 303, 303, 303, 303, 303), 0},
	/* A sign-in ends the session the client came with (rotation): each
	   role sends it from a fresh session of its own. */
	{M_POST, "/login", "/login", "login=w2&" FORM_PW "&code=<totp:w2>",
	 S(303, 303, 303, 303, 303, 303, 303), FRESH},
	{M_POST, "/logout", "/logout", "", ALL(303), FRESH},
	{M_GET, "/", "/", NULL, ALL(200), 0},
	{M_POST, "/api/v1/session", "/api/v1/session",
	 "{\"login\":\"w2\"," PW ",\"code\":\"<totp:w2>\"}",
	 S(200, 200, 200, 200, 200, 200, 200), FRESH},
	{M_DELETE, "/api/v1/session", "/api/v1/session", NULL, ALL(204), FRESH},
	{M_GET, "/api/v1/me", "/api/v1/me", NULL, ALL(200), 0},
	/* Single sign-on, not configured on this server (tests/http/test_oidc.c
	   tests it against a real provider): back to the sign-in, or 404. */
	{M_GET, "/oidc/connexion", "/oidc/connexion", NULL, S(303, 303, 303, 303, 303, 303, 303), 0},
	{M_GET, "/oidc/retour", "/oidc/retour?state=x&code=y", NULL,
	 S(303, 303, 303, 303, 303, 303, 303), 0},
	{M_POST, "/oidc/code", "/oidc/code", "pending=x&code=123456",
	 S(404, 404, 404, 404, 404, 404, 404), 0},
	{M_GET, "/compte/oidc", "/compte/oidc", NULL, ALL(200), 0},
	{M_POST, "/compte/oidc/lier", "/compte/oidc/lier", "code=123456", ALL(404), 0},
	{M_POST, "/compte/oidc/delier", "/compte/oidc/delier", "", ALL(404), 0},

	/* Accounts and reference lists */
	{M_GET, "/admin/users", "/admin/users", NULL, S(0, 200, 0, 0, 0, 0, 0), 0},
	/* A worker's account: proposed, a head confirms (the two-person rule). */
	{M_POST, "/admin/users", "/admin/users", "login=nouvelle&name=Nouvelle&role=worker",
	 S(0, 303, 0, 0, 0, 0, 0), 0},
	{M_GET, "/api/v1/users", "/api/v1/users", NULL, S(0, 200, 0, 0, 0, 0, 0), 0},
	{M_POST, "/api/v1/users", "/api/v1/users",
	 "{\"login\":\"nouveau\",\"name\":\"Nouveau\",\"role\":\"worker\"}", S(0, 202, 0, 0, 0, 0, 0),
	 0},
	{M_GET, "/admin/reference", "/admin/reference", NULL, S(0, 200, 0, 0, 0, 0, 0), 0},
	{M_POST, "/admin/reference", "/admin/reference", "list=mode&code=atelier&label=Atelier",
	 S(0, 303, 0, 0, 0, 0, 0), 0},
	{M_POST, "/admin/reference/{list}/{code}", "/admin/reference/mode/ecrit",
	 "label=Par+%C3%A9crit", S(0, 303, 0, 0, 0, 0, 0), 0},
	{M_GET, "/api/v1/reference", "/api/v1/reference", NULL, ALL(200), 0},
	{M_POST, "/api/v1/reference/{list}", "/api/v1/reference/mode",
	 "{\"code\":\"salon\",\"label\":\"Salon\"}", S(0, 201, 0, 0, 0, 0, 0), 0},
	{M_PATCH, "/api/v1/reference/{list}/{code}", "/api/v1/reference/mode/visio",
	 "{\"label\":\"Visioconférence\"}", S(0, 200, 0, 0, 0, 0, 0), 0},

	/* Organisations */
	{M_GET, "/organisations", "/organisations", NULL, S(0, 200, 200, 200, 0, 0, 0), 0},
	{M_POST, "/organisations", "/organisations", "code=web-<role>&name=Web&kind=entreprise",
	 S(0, 303, 303, 0, 0, 0, 0), 0},
	{M_GET, "/organisations/{code}", "/organisations/<org>", NULL, S(0, 200, 200, 200, 0, 0, 0), 0},
	{M_POST, "/organisations/{code}/headcounts", "/organisations/<org>/headcounts",
	 "year=2024&headcount=120", S(0, 303, 303, 0, 0, 0, 0), 0},
	{M_POST, "/organisations/{code}/workers", "/organisations/<org2>/workers", "login=w2",
	 S(0, 0, 303, 0, 0, 0, 0), 0},
	{M_POST, "/organisations/{code}/workers/{login}/remove",
	 "/organisations/<org2>/workers/w3/remove", "", S(0, 0, 303, 0, 0, 0, 0), 0},
	{M_GET, "/api/v1/organisations", "/api/v1/organisations", NULL, S(0, 200, 200, 200, 0, 0, 0),
	 0},
	{M_POST, "/api/v1/organisations", "/api/v1/organisations",
	 "{\"code\":\"api-<role>\",\"name\":\"API\",\"kind\":\"entreprise\"}",
	 S(0, 201, 201, 0, 0, 0, 0), 0},
	{M_GET, "/api/v1/organisations/{code}", "/api/v1/organisations/<org>", NULL,
	 S(0, 200, 200, 200, 0, 0, 0), 0},
	{M_PUT, "/api/v1/organisations/{code}/headcounts/{year}",
	 "/api/v1/organisations/<org>/headcounts/2023", "{\"headcount\":110}",
	 S(0, 200, 200, 0, 0, 0, 0), 0},
	{M_POST, "/api/v1/organisations/{code}/workers", "/api/v1/organisations/<org2>/workers",
	 "{\"login\":\"w3\"}", S(0, 0, 200, 0, 0, 0, 0), 0},
	{M_DELETE, "/api/v1/organisations/{code}/workers/{login}",
	 "/api/v1/organisations/<org2>/workers/w2", NULL, S(0, 0, 204, 0, 0, 0, 0), 0},

	/* Persons */
	{M_GET, "/persons", "/persons", NULL, S(0, 0, 0, 200, 0, 0, 0), 0},
	{M_GET, "/persons/new", "/persons/new", NULL, S(0, 0, 0, 200, 0, 0, 0), 0},
	{M_POST, "/persons", "/persons",
	 "organisation=<org>&last_name=Durand&first_name=Jean&consent_on=2024-01-05",
	 S(0, 0, 0, 303, 0, 0, 0), 0},
	{M_GET, "/persons/{id}", "/persons/<person>", NULL, REC(200), 0},
	{M_GET, "/persons/{id}/chronologie", "/persons/<person>/chronologie", NULL, REC(200), 0},
	{M_POST, "/persons/{id}", "/persons/<person>",
	 "last_name=Martin&first_name=Anne&consent_on=2024-01-02&job_title=Agent",
	 REC(303), 0},
	{M_POST, "/persons/{id}/notice", "/persons/<person>/notice", "notice_given_on=2024-01-05",
	 REC(303), 0},
	{M_POST, "/api/v1/persons", "/api/v1/persons",
	 "{\"organisation\":\"<org>\",\"last_name\":\"Petit\",\"first_name\":\"Luc\","
	 "\"consent\":{\"accompaniment_on\":\"2024-01-05\"}}",
	 S(0, 0, 0, 201, 0, 0, 0), 0},
	{M_GET, "/api/v1/persons", "/api/v1/persons", NULL, S(0, 0, 0, 200, 0, 0, 0), 0},
	{M_GET, "/api/v1/persons/{id}", "/api/v1/persons/<person>", NULL, REC(200), 0},
	{M_GET, "/api/v1/persons/{id}/timeline", "/api/v1/persons/<person>/timeline", NULL, REC(200),
	 0},
	{M_GET, "/api/v1/persons/{id}/export", "/api/v1/persons/<person>/export", NULL, REC(200),
	 0},
	{M_PATCH, "/api/v1/persons/{id}", "/api/v1/persons/<person>", "{\"job_title\":\"Chef\"}",
	 REC(200), 0},
	{M_POST, "/api/v1/persons/{id}/notice", "/api/v1/persons/<person>/notice",
	 "{\"notice_given_on\":\"2024-01-06\"}", REC(204), 0},

	/* Cases and what hangs on them */
	{M_GET, "/cases", "/cases", NULL, S(0, 0, 0, 200, 0, 0, 0), 0},
	{M_GET, "/cases/new", "/cases/new", NULL, S(0, 0, 0, 200, 0, 0, 0), 0},
	{M_POST, "/cases", "/cases",
	 "person_id=<person_new>&opened_on=2024-02-01&referral_source=agent&domains=budget",
	 S(0, 0, 0, 303, 0, 0, 0), 0},
	{M_GET, "/cases/{id}", "/cases/<case>", NULL, REC(200), 0},
	{M_POST, "/cases/{id}", "/cases/<case>",
	 "opened_on=2024-01-10&referral_source=rh&domains=budget&diagnosis=Dettes", REC(303), 0},
	{M_POST, "/cases/{id}/close", "/cases/<case_close>/close",
	 "closed_on=2024-03-01&outcome=resolu", REC(303), 0},
	{M_GET, "/cases/{id}/interventions", "/cases/<case>/interventions", NULL, REC(200), 0},
	{M_POST, "/cases/{id}/interventions", "/cases/<case>/interventions",
	 "date=2024-03-01&mode=bureau&kind=entretien&duration_minutes=30", REC(303), 0},
	{M_POST, "/cases/{id}/aids", "/cases/<case>/aids",
	 "kind=secours&funder=cos&amount_requested=150&submitted_on=2024-03-01", REC(303),
	 0},
	{M_POST, "/cases/{id}/aids/{aid}", "/cases/<case>/aids/<aid_web>",
	 "decision=accordee&amount_granted=100&decided_on=2024-03-05", REC(303), 0},
	{M_POST, "/cases/{id}/attachments", "/cases/<case>/attachments", "%PDF-1.4 matrice",
	 REC(303), 0},
	{M_GET, "/cases/{id}/attachments/{att}", "/cases/<case>/attachments/<att>", NULL, REC(200),
	 0},
	{M_POST, "/cases/{id}/attachments/{att}/delete",
	 "/cases/<case>/attachments/<att_delete_web>/delete", "reason=Doublon", REC(303), 0},
	{M_POST, "/cases/{id}/budget", "/cases/<case>/budget", "month=2024-03&adults=1&children_under_14=0&others_14_plus=0",
	 REC(303), 0},
	{M_POST, "/cases/{id}/shares/{login}/end", "/cases/<case>/shares/w2/end", "", REC(303),
	 0},
	{M_POST, "/cases/{id}/shares", "/cases/<case>/shares", "login=w2&until=<until>&reason=Cong%C3%A9",
	 REC(303), 0},
	{M_POST, "/cases/{id}/referent", "/cases/<case_handover_web>/referent", "login=w2",
	 S(0, 404, 303, 303, 404, 404, 404), 0},
	{M_POST, "/cases/{id}/orientations", "/cases/<case>/orientations",
	 "partner_id=<partner>&sent_on=2024-03-01&reason=Logement", REC(303), 0},
	{M_POST, "/cases/{id}/orientations/{oid}", "/cases/<case>/orientations/<orientation_web>",
	 "status=acceptee&date=2024-03-10", REC(303), 0},
	{M_POST, "/cases/{id}/secret", "/cases/<case>/secret",
	 "kind=signalement&lifted_on=2024-03-01&recipient=Parquet&what_sent=Note", REC(303), 0},
	{M_POST, "/cases/{id}/retention", "/cases/<case>/retention",
	 "rqth_status=en_cours&rqth_requested_on=2024-01-10", REC(303), 0},
	{M_POST, "/cases/{id}/sick-leaves", "/cases/<case>/sick-leaves",
	 "start=2024-04-01&end=2024-04-10&kind=maladie", REC(303), 0},
	{M_POST, "/cases/{id}/sick-leaves/{leave}/end", "/cases/<case>/sick-leaves/<leave_end>/end",
	 "end=2025-06-20", REC(303), 0},
	{M_POST, "/cases/{id}/sick-leaves/{leave}/delete",
	 "/cases/<case>/sick-leaves/<leave_delete>/delete", "", REC(303), 0},
	{M_POST, "/cases/{id}/part-times", "/cases/<case>/part-times",
	 "start=2024-05-01&end=2024-06-01&percent=50", REC(303), 0},
	{M_POST, "/cases/{id}/part-times/{period}/delete",
	 "/cases/<case>/part-times/<part_time_delete>/delete", "", REC(303), 0},
	{M_POST, "/api/v1/cases", "/api/v1/cases",
	 "{\"person_id\":<person_api>,\"opened_on\":\"2024-02-01\",\"referral_source\":\"agent\","
	 "\"domains\":[\"budget\"]}",
	 S(0, 0, 0, 201, 0, 0, 0), 0},
	{M_GET, "/api/v1/cases", "/api/v1/cases", NULL, S(0, 0, 0, 200, 0, 0, 0), 0},
	{M_GET, "/api/v1/cases/{id}", "/api/v1/cases/<case>", NULL, REC(200), 0},
	{M_PATCH, "/api/v1/cases/{id}", "/api/v1/cases/<case>", "{\"action_plan\":\"Plan\"}",
	 REC(200), 0},
	{M_POST, "/api/v1/cases/{id}/interventions", "/api/v1/cases/<case>/interventions",
	 "{\"date\":\"2024-03-02\",\"mode\":\"telephone\",\"kind\":\"entretien\","
	 "\"duration_minutes\":20}",
	 REC(201), 0},
	{M_GET, "/api/v1/cases/{id}/interventions", "/api/v1/cases/<case>/interventions", NULL,
	 REC(200), 0},
	{M_DELETE, "/api/v1/cases/{id}/shares/{login}", "/api/v1/cases/<case>/shares/w3", NULL,
	 REC(204), 0},
	{M_POST, "/api/v1/cases/{id}/shares", "/api/v1/cases/<case>/shares",
	 "{\"login\":\"w3\",\"until\":\"<until>\",\"reason\":\"Congé\"}",
	 REC(201), 0},
	{M_GET, "/api/v1/cases/{id}/shares", "/api/v1/cases/<case>/shares", NULL, REC(200), 0},
	{M_POST, "/api/v1/cases/{id}/referent", "/api/v1/cases/<case_handover_api>/referent",
	 "{\"login\":\"w2\"}", S(0, 404, 202, 202, 404, 404, 404), 0}, /* w2 accepts */
	{M_POST, "/api/v1/cases/{id}/aids", "/api/v1/cases/<case>/aids",
	 "{\"kind\":\"pret\",\"funder\":\"cos\",\"amount_requested_cents\":50000,"
	 "\"submitted_on\":\"2024-03-01\"}",
	 REC(201), 0},
	{M_GET, "/api/v1/cases/{id}/aids", "/api/v1/cases/<case>/aids", NULL, REC(200), 0},
	{M_GET, "/api/v1/aids/{id}", "/api/v1/aids/<aid_api>", NULL, REC(200), 0},
	{M_POST, "/api/v1/cases/{id}/attachments", "/api/v1/cases/<case>/attachments",
	 "%PDF-1.4 matrice", REC(201), 0},
	{M_GET, "/api/v1/cases/{id}/attachments", "/api/v1/cases/<case>/attachments", NULL,
	 REC(200), 0},
	{M_GET, "/api/v1/attachments/{id}", "/api/v1/attachments/<att>", NULL, REC(200), 0},
	{M_DELETE, "/api/v1/attachments/{id}", "/api/v1/attachments/<att_delete_api>",
	 "{\"reason\":\"Doublon\"}", REC(200), 0},
	{M_PATCH, "/api/v1/aids/{id}", "/api/v1/aids/<aid_api>",
	 "{\"decision\":\"refusee\",\"decided_on\":\"2024-03-06\"}", REC(200), 0},
	/* Corrections with a reason (issue 17): the référent only. */
	{M_POST, "/cases/{id}/interventions/{iv}/edit", "/cases/<case>/interventions/<iv_edit>/edit",
	 "date=2024-03-03&mode=bureau&kind=entretien&duration_minutes=40&reason=Erreur", REC(303),
	 0},
	{M_POST, "/cases/{id}/interventions/{iv}/delete",
	 "/cases/<case>/interventions/<iv_delete>/delete", "reason=Doublon", REC(303), 0},
	{M_POST, "/cases/{id}/aids/{aid}/delete", "/cases/<case>/aids/<aid_delete>/delete",
	 "reason=Doublon", REC(303), 0},
	{M_POST, "/cases/{id}/secret/{sid}/delete", "/cases/<case>/secret/<secrecy_delete>/delete",
	 "reason=Erreur", REC(303), 0},
	{M_DELETE, "/api/v1/secrecy-liftings/{id}", "/api/v1/secrecy-liftings/<secrecy_api_delete>",
	 "{\"reason\":\"Erreur\"}", REC(204), 0},
	{M_POST, "/cases/{id}/aids/{aid}/edit", "/cases/<case>/aids/<aid_edit>/edit",
	 "kind=pret&funder=cos&amount_requested=410&submitted_on=2024-03-01"
	 "&correction_reason=Erreur",
	 REC(303), 0},
	{M_PATCH, "/api/v1/aids/{id}/request", "/api/v1/aids/<aid_api_edit>/request",
	 "{\"kind\":\"pret\",\"funder\":\"cos\",\"amount_requested_cents\":31000,"
	 "\"submitted_on\":\"2024-03-01\",\"correction_reason\":\"Erreur\"}",
	 REC(200), 0},
	{M_PATCH, "/api/v1/interventions/{id}", "/api/v1/interventions/<iv_api_edit>",
	 "{\"date\":\"2024-03-04\",\"mode\":\"bureau\",\"kind\":\"entretien\","
	 "\"duration_minutes\":45,\"reason\":\"Erreur\"}",
	 REC(200), 0},
	{M_DELETE, "/api/v1/interventions/{id}", "/api/v1/interventions/<iv_api_delete>",
	 "{\"reason\":\"Doublon\"}", REC(200), 0},
	{M_DELETE, "/api/v1/aids/{id}", "/api/v1/aids/<aid_api_delete>", "{\"reason\":\"Doublon\"}",
	 REC(200), 0},
	{M_PUT, "/api/v1/cases/{id}/budget", "/api/v1/cases/<case>/budget",
	 "{\"month\":\"2024-04\",\"adults\":2}", REC(200), 0},
	{M_GET, "/api/v1/cases/{id}/budget", "/api/v1/cases/<case>/budget", NULL, REC(200), 0},
	{M_GET, "/api/v1/cases/{id}/budget/history", "/api/v1/cases/<case>/budget/history", NULL,
	 REC(200), 0},
	{M_GET, "/api/v1/cases/{id}/retention", "/api/v1/cases/<case>/retention", NULL, REC(200),
	 0},
	{M_PATCH, "/api/v1/cases/{id}/retention", "/api/v1/cases/<case>/retention",
	 "{\"pre_return_visit_on\":\"2024-02-01\"}", REC(200), 0},
	{M_POST, "/api/v1/cases/{id}/sick-leaves", "/api/v1/cases/<case>/sick-leaves",
	 "{\"start\":\"2024-07-01\",\"end\":\"2024-07-10\",\"kind\":\"maladie\"}", REC(201), 0},
	{M_GET, "/api/v1/cases/{id}/sick-leaves", "/api/v1/cases/<case>/sick-leaves", NULL,
	 REC(200), 0},
	{M_PATCH, "/api/v1/cases/{id}/sick-leaves/{leave}",
	 "/api/v1/cases/<case>/sick-leaves/<leave_patch>", "{\"end\":\"2024-02-25\"}", REC(200),
	 0},
	{M_DELETE, "/api/v1/cases/{id}/sick-leaves/{leave}",
	 "/api/v1/cases/<case>/sick-leaves/<leave_api_delete>", NULL, REC(204), 0},
	{M_POST, "/api/v1/cases/{id}/part-times", "/api/v1/cases/<case>/part-times",
	 "{\"start\":\"2024-08-01\",\"end\":\"2024-09-01\",\"percent\":80}", REC(201), 0},
	{M_DELETE, "/api/v1/cases/{id}/part-times/{period}",
	 "/api/v1/cases/<case>/part-times/<part_time_api_delete>", NULL, REC(204), 0},
	{M_POST, "/api/v1/cases/{id}/orientations", "/api/v1/cases/<case>/orientations",
	 "{\"partner_id\":<partner>,\"sent_on\":\"2024-03-02\",\"reason\":\"Dettes\"}", REC(201),
	 0},
	{M_GET, "/api/v1/cases/{id}/orientations", "/api/v1/cases/<case>/orientations", NULL,
	 REC(200), 0},
	{M_PATCH, "/api/v1/orientations/{id}", "/api/v1/orientations/<orientation_api>",
	 "{\"status\":\"refusee\",\"answered_on\":\"2024-03-11\"}", REC(200), 0},
	{M_POST, "/api/v1/cases/{id}/secrecy-liftings", "/api/v1/cases/<case>/secrecy-liftings",
	 "{\"kind\":\"information_preoccupante\",\"lifted_on\":\"2024-03-02\","
	 "\"recipient\":\"CRIP\",\"what_sent\":\"Note\"}",
	 REC(201), 0},
	{M_GET, "/api/v1/cases/{id}/secrecy-liftings", "/api/v1/cases/<case>/secrecy-liftings", NULL,
	 REC(200), 0},

	/* Partners */
	{M_GET, "/partners", "/partners", NULL, S(0, 200, 200, 200, 0, 0, 0), 0},
	{M_POST, "/partners", "/partners", "name=Web+<role>&kind=caf", S(0, 303, 303, 303, 0, 0, 0),
	 0},
	{M_POST, "/partners/merge", "/partners/merge", "keep=<partner_keep>&merge=<partner_merge>",
	 S(0, 303, 0, 0, 0, 0, 0), 0},
	{M_GET, "/api/v1/partners", "/api/v1/partners", NULL, S(0, 200, 200, 200, 0, 0, 0), 0},
	{M_POST, "/api/v1/partners", "/api/v1/partners",
	 "{\"name\":\"API <role>\",\"kind\":\"cpam\"}", S(0, 201, 201, 201, 0, 0, 0), 0},
	{M_POST, "/api/v1/partners/merge", "/api/v1/partners/merge",
	 "{\"keep\":<partner_keep>,\"merge\":<partner_merge_api>}", S(0, 200, 0, 0, 0, 0, 0), 0},
	{M_GET, "/api/v1/partners/{id}", "/api/v1/partners/<partner>", NULL,
	 S(0, 200, 200, 200, 0, 0, 0), 0},
	{M_PATCH, "/api/v1/partners/{id}", "/api/v1/partners/<partner>",
	 "{\"phone\":\"01 02 03 04 05\"}", S(0, 200, 0, 0, 0, 0, 0), 0},
	{M_POST, "/partners/{id}", "/partners/<partner>",
	 "name=CCAS+de+Montreuil&kind=ccas&address=&phone=01+02+03+04+05&email=&notes=",
	 S(0, 303, 0, 0, 0, 0, 0), 0},

	/* Collective actions */
	{M_GET, "/actions", "/actions", NULL, S(0, 0, 200, 200, 200, 0, 0), 0},
	{M_POST, "/actions", "/actions",
	 "organisation=<org>&date=2024-03-01&topic=budget&format=atelier&title=Atelier&"
	 "participants=5&duration_minutes=60",
	 S(0, 0, 303, 303, 0, 0, 0), 0},
	{M_GET, "/api/v1/collective-actions", "/api/v1/collective-actions", NULL,
	 S(0, 0, 200, 200, 200, 0, 0), 0},
	{M_POST, "/api/v1/collective-actions", "/api/v1/collective-actions",
	 "{\"organisation\":\"<org>\",\"date\":\"2024-03-02\",\"topic\":\"retraite\","
	 "\"format\":\"conference\",\"title\":\"Retraite\",\"participants\":12,"
	 "\"duration_minutes\":90}",
	 S(0, 0, 201, 201, 0, 0, 0), 0},
	/* Corrections with a reason (issue 17): whoever records actions there. */
	{M_PATCH, "/api/v1/collective-actions/{id}", "/api/v1/collective-actions/<action_edit>",
	 "{\"organisation\":\"<org>\",\"date\":\"2024-03-02\",\"topic\":\"retraite\","
	 "\"format\":\"conference\",\"title\":\"Retraite\",\"participants\":15,"
	 "\"duration_minutes\":90,\"reason\":\"Erreur\"}",
	 S(0, 0, 200, 200, 0, 0, 0), 0},
	{M_DELETE, "/api/v1/collective-actions/{id}", "/api/v1/collective-actions/<action_delete>",
	 "{\"reason\":\"Doublon\"}", S(0, 0, 200, 200, 0, 0, 0), 0},
	{M_POST, "/actions/{id}/delete", "/actions/<action_delete_web>/delete", "reason=Doublon",
	 S(0, 0, 303, 303, 0, 0, 0), 0},
	{M_POST, "/actions/{id}", "/actions/<action_edit>",
	 "organisation=<org>&date=2024-03-02&topic=retraite&format=conference&title=Retraite&"
	 "participants=16&duration_minutes=90&reason=Erreur",
	 S(0, 0, 303, 303, 0, 0, 0), 0},

	/* Agenda, appointments, calendar feed */
	{M_GET, "/agenda", "/agenda", NULL, S(0, 0, 200, 200, 0, 0, 200), 0},
	{M_POST, "/agenda/appointments", "/agenda/appointments",
	 "worker=w1&date=2030-03-05&start=<hour>:00&end=<hour>:30&mode=bureau", S(0, 0, 303, 303, 0, 0, 303),
	 0},
	{M_POST, "/agenda/appointments/{id}/status", "/agenda/appointments/<appt_status>/status",
	 "status=excuse", S(0, 0, 303, 303, 0, 0, 303), 0},
	{M_POST, "/agenda/appointments/{id}/intervention",
	 "/agenda/appointments/<appt_intervention>/intervention", "kind=entretien",
	 S(0, 0, 404, 303, 0, 0, 404), 0},
	{M_POST, "/api/v1/appointments", "/api/v1/appointments",
	 "{\"worker\":\"w1\",\"start\":\"2030-03-06T<hour>:00\",\"end\":\"2030-03-06T<hour>:30\","
	 "\"mode\":\"bureau\"}",
	 S(0, 0, 201, 201, 0, 0, 201), 0},
	{M_GET, "/api/v1/appointments", "/api/v1/appointments", NULL, S(0, 0, 200, 200, 0, 0, 200), 0},
	{M_GET, "/api/v1/appointments/{id}", "/api/v1/appointments/<appt>", NULL,
	 S(0, 0, 200, 200, 0, 0, 200), 0},
	{M_PATCH, "/api/v1/appointments/{id}", "/api/v1/appointments/<appt_patch>",
	 "{\"status\":\"absent\"}", S(0, 0, 200, 200, 0, 0, 200), 0},
	{M_POST, "/api/v1/appointments/{id}/intervention",
	 "/api/v1/appointments/<appt_api_intervention>/intervention", "{\"kind\":\"entretien\"}",
	 S(0, 0, 404, 201, 0, 0, 404), 0},
	/* A planned appointment moves (issue 13): each role its own. */
	{M_POST, "/agenda/appointments/{id}/move", "/agenda/appointments/<appt_move>/move",
	 "date=2030-05-07&start=<hour>:00&end=<hour>:30", S(0, 0, 303, 303, 0, 0, 303), 0},
	{M_POST, "/api/v1/appointments/{id}/move", "/api/v1/appointments/<appt_api_move>/move",
	 "{\"start\":\"2030-05-08T<hour>:00\",\"end\":\"2030-05-08T<hour>:30\"}",
	 S(0, 0, 200, 200, 0, 0, 200), 0},
	/* An appointment deleted with its reason (issue 17): each role its own. */
	{M_POST, "/agenda/appointments/{id}/delete", "/agenda/appointments/<appt_delete>/delete",
	 "reason=Doublon", S(0, 0, 303, 303, 0, 0, 303), 0},
	{M_DELETE, "/api/v1/appointments/{id}", "/api/v1/appointments/<appt_api_delete>",
	 "{\"reason\":\"Doublon\"}", S(0, 0, 200, 200, 0, 0, 200), 0},
	{M_GET, "/calendar/{file}", "/calendar/<feed>", NULL, S(200, 200, 200, 200, 200, 200, 200), 0},
	{M_GET, "/api/v1/calendar", "/api/v1/calendar", NULL, S(0, 0, 0, 200, 0, 0, 0), 0},
	{M_POST, "/agenda/calendar", "/agenda/calendar", "", S(0, 0, 0, 200, 0, 0, 0), 0},
	{M_POST, "/api/v1/calendar/revoke", "/api/v1/calendar/revoke", NULL,
	 S(0, 0, 0, 200, 0, 0, 0), 0},

	/* Caseloads */
	{M_GET, "/caseloads", "/caseloads", NULL, S(0, 0, 200, 0, 0, 0, 0), 0},
	{M_POST, "/caseloads/transfer", "/caseloads/transfer", "from=w3&to=w2",
	 S(0, 0, 303, 0, 0, 0, 0), 0},
	{M_GET, "/api/v1/caseloads", "/api/v1/caseloads", NULL, S(0, 0, 200, 0, 0, 0, 0), 0},
	{M_POST, "/api/v1/caseloads/transfer", "/api/v1/caseloads/transfer",
	 "{\"from\":\"w2\",\"to\":\"w3\"}", S(0, 0, 202, 0, 0, 0, 0), 0}, /* w3 accepts */

	/* Bilan */
	{M_GET, "/bilan", "/bilan", NULL, S(0, 0, 200, 0, 200, 0, 0), 0},
	{M_POST, "/bilan/publish", "/bilan/publish", "year=2009", S(0, 0, 303, 0, 0, 0, 0), 0},
	{M_GET, "/api/v1/reports/bilan", "/api/v1/reports/bilan?year=2008&organisation=<org>",
	 NULL, S(0, 0, 200, 0, 200, 0, 0), 0},
	{M_POST, "/api/v1/reports/bilan/publish", "/api/v1/reports/bilan/publish",
	 "{\"year\":2010}", S(0, 0, 200, 0, 0, 0, 0), 0},
	{M_GET, "/api/v1/reports/publications", "/api/v1/reports/publications", NULL,
	 S(0, 0, 200, 0, 200, 0, 0), 0},

	/* Permanences */
	{M_GET, "/permanences", "/permanences", NULL, S(0, 200, 200, 200, 200, 0, 200), 0},
	{M_POST, "/permanences", "/permanences",
	 "organisation=<org>&worker=w1&site=Salle+B&weekday=<weekday>&start=14:00&end=17:00&"
	 "from=2030-01-01",
	 S(0, 303, 303, 0, 0, 0, 303), 0},
	{M_POST, "/permanences/{id}/annulations", "/permanences/<permanence>/annulations",
	 "date=<cancel_web>&reason=Formation", S(0, 303, 303, 303, 0, 0, 303), 0},
	{M_POST, "/api/v1/permanences", "/api/v1/permanences",
	 "{\"organisation\":\"<org>\",\"worker\":\"w1\",\"site\":\"Salle C\",\"weekday\":<weekday>,"
	 "\"start\":\"09:00\",\"end\":\"12:00\",\"from\":\"2030-01-01\"}",
	 S(0, 201, 201, 0, 0, 0, 201), 0},
	{M_GET, "/api/v1/permanences", "/api/v1/permanences", NULL, S(0, 200, 200, 200, 200, 0, 200),
	 0},
	{M_POST, "/api/v1/permanences/{id}/exceptions", "/api/v1/permanences/<permanence>/exceptions",
	 "{\"date\":\"<cancel_api>\",\"reason\":\"Congé\"}", S(0, 201, 201, 201, 0, 0, 201), 0},
	/* Corrections with a reason (issue 17): whoever creates permanences. */
	{M_PATCH, "/api/v1/permanences/{id}", "/api/v1/permanences/<perm_edit>",
	 "{\"organisation\":\"<org>\",\"worker\":\"w1\",\"site\":\"Salle D\",\"weekday\":6,"
	 "\"start\":\"08:00\",\"end\":\"09:30\",\"from\":\"2030-01-05\",\"reason\":\"Erreur\"}",
	 S(0, 200, 200, 0, 0, 0, 200), 0},
	{M_DELETE, "/api/v1/permanences/{id}", "/api/v1/permanences/<perm_delete>",
	 "{\"reason\":\"Doublon\"}", S(0, 200, 200, 0, 0, 0, 200), 0},
	{M_POST, "/permanences/{id}/delete", "/permanences/<perm_delete_web>/delete",
	 "reason=Doublon", S(0, 303, 303, 0, 0, 0, 303), 0},
	{M_POST, "/permanences/{id}", "/permanences/<perm_edit>",
	 "organisation=<org>&worker=w1&site=Salle+D&weekday=6&start=08:00&end=09:45&every_weeks=1&"
	 "from=2030-01-05&until=&reason=Erreur",
	 S(0, 303, 303, 0, 0, 0, 303), 0},

	/* Hours */
	{M_GET, "/heures", "/heures", NULL, S(0, 200, 200, 200, 200, 0, 0), 0},
	{M_POST, "/heures/conventions", "/heures/conventions",
	 "organisation=<org>&kind=cotisation&starts_on=<conv_start>&ends_on=<conv_end>&"
	 "hours_per_year=100",
	 S(0, 303, 303, 0, 0, 0, 0), 0},
	{M_POST, "/heures/temps", "/heures/temps",
	 "organisation=<org>&date=2024-03-01&minutes=60&activity=individuel",
	 S(0, 0, 0, 303, 0, 0, 0), 0},
	{M_POST, "/api/v1/organisations/{code}/conventions", "/api/v1/organisations/<org>/conventions",
	 "{\"kind\":\"cotisation\",\"starts_on\":\"<conv_api_start>\",\"ends_on\":\"<conv_api_end>\","
	 "\"hours_per_year\":50}",
	 S(0, 201, 201, 0, 0, 0, 0), 0},
	{M_GET, "/api/v1/organisations/{code}/conventions", "/api/v1/organisations/<org>/conventions",
	 NULL, S(0, 200, 200, 200, 200, 0, 0), 0},
	{M_GET, "/api/v1/organisations/{code}/consumption",
	 "/api/v1/organisations/<org>/consumption?year=2024", NULL, S(0, 200, 200, 200, 200, 0, 0), 0},
	{M_POST, "/api/v1/time", "/api/v1/time",
	 "{\"organisation\":\"<org>\",\"date\":\"2024-03-02\",\"minutes\":30,"
	 "\"activity\":\"collectif\"}",
	 S(0, 0, 0, 201, 0, 0, 0), 0},
	/* Corrections with a reason (issue 17): the worker who recorded it. */
	{M_PATCH, "/api/v1/time/{id}", "/api/v1/time/<time_edit>",
	 "{\"organisation\":\"<org>\",\"date\":\"2024-03-03\",\"minutes\":45,"
	 "\"activity\":\"reunion\",\"reason\":\"Erreur\"}",
	 S(0, 0, 0, 200, 0, 0, 0), 0},
	{M_DELETE, "/api/v1/time/{id}", "/api/v1/time/<time_delete>", "{\"reason\":\"Doublon\"}",
	 S(0, 0, 0, 200, 0, 0, 0), 0},
	{M_POST, "/heures/temps/{id}", "/heures/temps/<time_edit>",
	 "organisation=<org>&year=2024&date=2024-03-04&minutes=50&activity=reunion&reason=Erreur",
	 S(0, 0, 0, 303, 0, 0, 0), 0},
	{M_POST, "/heures/temps/{id}/supprimer", "/heures/temps/<time_delete_web>/supprimer",
	 "organisation=<org>&year=2024&reason=Doublon", S(0, 0, 0, 303, 0, 0, 0), 0},

	/* Employers' requests */
	{M_GET, "/demandes", "/demandes", NULL, S(0, 0, 200, 200, 200, 0, 0), 0},
	{M_POST, "/demandes", "/demandes", "subject=Objet&message=Message", S(0, 0, 0, 0, 303, 0, 0),
	 0},
	{M_POST, "/demandes/{id}/reponse", "/demandes/<ereq_reply>/reponse", "message=R%C3%A9ponse",
	 S(0, 0, 303, 303, 0, 0, 0), 0},
	{M_POST, "/demandes/{id}/cloture", "/demandes/<ereq_close>/cloture", "",
	 S(0, 0, 303, 303, 303, 0, 0), 0},
	{M_POST, "/api/v1/requests", "/api/v1/requests",
	 "{\"subject\":\"Objet\",\"message\":\"Message\"}", S(0, 0, 0, 0, 201, 0, 0), 0},
	{M_GET, "/api/v1/requests", "/api/v1/requests", NULL, S(0, 0, 200, 200, 200, 0, 0), 0},
	{M_POST, "/api/v1/requests/{id}/reply", "/api/v1/requests/<ereq_api_reply>/reply",
	 "{\"message\":\"Réponse\"}", S(0, 0, 201, 201, 0, 0, 0), 0},
	{M_POST, "/api/v1/requests/{id}/close", "/api/v1/requests/<ereq_api_close>/close", NULL,
	 S(0, 0, 200, 200, 200, 0, 0), 0},

	/* Employees' requests and the public form */
	{M_GET, "/demande/{token}", "/demande/<link>", NULL, S(200, 200, 200, 200, 200, 200, 200), 0},
	{M_POST, "/demande/{token}", "/demande/<link_post>",
	 "last_name=Leroy&first_name=Paul&contact=0612345678&preference=telephone&consent=1",
	 S(200, 200, 200, 200, 200, 200, 200), 0},
	{M_GET, "/demandes-salaries", "/demandes-salaries", NULL, S(0, 0, 0, 200, 0, 0, 0), 0},
	{M_POST, "/demandes-salaries/{id}/convertir", "/demandes-salaries/<empreq_convert>/convertir",
	 "consent_on=2024-03-01", S(0, 0, 0, 303, 0, 0, 0), 0},
	{M_POST, "/demandes-salaries/{id}/classer", "/demandes-salaries/<empreq_dismiss>/classer", "",
	 S(0, 0, 0, 303, 0, 0, 0), 0},
	{M_GET, "/api/v1/employee-requests", "/api/v1/employee-requests", NULL,
	 S(0, 0, 0, 200, 0, 0, 0), 0},
	{M_POST, "/api/v1/employee-requests/{id}/convert",
	 "/api/v1/employee-requests/<empreq_api_convert>/convert", "{\"consent_on\":\"2024-03-01\"}",
	 S(0, 0, 0, 201, 0, 0, 0), 0},
	{M_POST, "/api/v1/employee-requests/{id}/dismiss",
	 "/api/v1/employee-requests/<empreq_api_dismiss>/dismiss", NULL, S(0, 0, 0, 200, 0, 0, 0), 0},
	{M_POST, "/organisations/{code}/lien-demande", "/organisations/<org2>/lien-demande", "",
	 S(0, 200, 200, 0, 0, 0, 0), 0},
	{M_POST, "/organisations/{code}/lien-demande/revoquer",
	 "/organisations/<org2>/lien-demande/revoquer", "", S(0, 303, 303, 0, 0, 0, 0), 0},
	{M_POST, "/api/v1/organisations/{code}/request-link",
	 "/api/v1/organisations/<org2>/request-link", NULL, S(0, 201, 201, 0, 0, 0, 0), 0},
	{M_DELETE, "/api/v1/organisations/{code}/request-link",
	 "/api/v1/organisations/<org2>/request-link", NULL, S(0, 204, 204, 0, 0, 0, 0), 0},

	/* The access log */
	/* The two-person rule: a proposal each role may (or may not) see. */
	{M_GET, "/a-confirmer", "/a-confirmer", NULL, S(0, 200, 200, 200, 0, 0, 0), 0},
	{M_POST, "/a-confirmer/{id}/confirmer", "/a-confirmer/<prop_confirm_web>/confirmer", "",
	 S(0, 404, 200, 200, 0, 0, 0), 0},
	{M_POST, "/a-confirmer/{id}/refuser", "/a-confirmer/<prop_refuse_web>/refuser", "",
	 S(0, 404, 303, 303, 0, 0, 0), 0},
	{M_POST, "/a-confirmer/{id}/retirer", "/a-confirmer/<prop_withdraw_web>/retirer", "",
	 S(0, 303, 303, 303, 0, 0, 0), 0},
	{M_GET, "/api/v1/proposals", "/api/v1/proposals", NULL, S(0, 200, 200, 200, 0, 0, 0), 0},
	{M_POST, "/api/v1/proposals/{id}/confirm", "/api/v1/proposals/<prop_confirm_api>/confirm",
	 NULL, S(0, 404, 200, 200, 0, 0, 0), 0},
	{M_POST, "/api/v1/proposals/{id}/refuse", "/api/v1/proposals/<prop_refuse_api>/refuse",
	 NULL, S(0, 404, 200, 200, 0, 0, 0), 0},
	{M_POST, "/api/v1/proposals/{id}/withdraw", "/api/v1/proposals/<prop_withdraw_api>/withdraw",
	 NULL, S(0, 200, 200, 200, 0, 0, 0), 0},
	/* Issue 17: the law's notices, public; the notice edited by the
	   administrator. */
	{M_GET, "/donnees-personnelles", "/donnees-personnelles", NULL,
	 S(200, 200, 200, 200, 200, 200, 200), 0},
	{M_GET, "/accessibilite", "/accessibilite", NULL, S(200, 200, 200, 200, 200, 200, 200), 0},
	{M_GET, "/notice", "/notice", NULL, S(0, 200, 0, 0, 0, 0, 0), 0},
	{M_POST, "/notice", "/notice", "text=Notice+du+service", S(0, 303, 0, 0, 0, 0, 0), 0},
	/* Retention: the head's page, the bordereau, a visa (a form refused: 422). */
	{M_GET, "/conservation", "/conservation", NULL, S(0, 0, 200, 0, 0, 0, 0), 0},
	{M_GET, "/conservation/bordereau", "/conservation/bordereau", NULL,
	 S(0, 0, 200, 0, 0, 0, 0), 0},
	{M_POST, "/conservation/visa", "/conservation/visa", "bordereau_on=x",
	 S(0, 0, 422, 0, 0, 0, 0), 0},

	/* Issue 14: erasure on request.  The référent asks on her person's
	   file (everyone else: not found); the requests to decide are w2's,
	   which the matrix's worker (w1) may not know of. */
	{M_POST, "/persons/{id}/effacement", "/persons/<person_erase_web>/effacement",
	 "reason=Demande+%C3%A9crite", REC(303), 0},
	{M_POST, "/api/v1/persons/{id}/erasure", "/api/v1/persons/<person_erase_api>/erasure",
	 "{\"reason\":\"Demande écrite\"}", REC(202), 0},
	{M_GET, "/effacements", "/effacements", NULL, S(0, 0, 200, 200, 0, 0, 0), 0},
	{M_POST, "/effacements/{id}/confirmer", "/effacements/<erasure_confirm_web>/confirmer", "",
	 S(0, 0, 200, 404, 0, 0, 0), 0},
	{M_POST, "/effacements/{id}/refuser", "/effacements/<erasure_refuse_web>/refuser", "",
	 S(0, 0, 200, 404, 0, 0, 0), 0},
	{M_GET, "/api/v1/erasures", "/api/v1/erasures", NULL, S(0, 0, 200, 200, 0, 0, 0), 0},
	{M_POST, "/api/v1/erasures/{id}/confirm", "/api/v1/erasures/<erasure_confirm_api>/confirm",
	 NULL, S(0, 0, 200, 404, 0, 0, 0), 0},
	{M_POST, "/api/v1/erasures/{id}/refuse", "/api/v1/erasures/<erasure_refuse_api>/refuse",
	 NULL, S(0, 0, 200, 404, 0, 0, 0), 0},

	/* Issue 16: letter templates (no personal data: staff read, head and
	   admin change; template 2 is retired and restored) and letters (a
	   record: the référent only).  The PDF routes are asked of a letter
	   of w2's case, which no role of the matrix may open: the same 404 as
	   none, without a conversion (test_letters makes the PDF). */
	{M_GET, "/api/v1/letter-templates", "/api/v1/letter-templates", NULL,
	 S(0, 200, 200, 200, 0, 0, 0), 0},
	{M_POST, "/api/v1/letter-templates", "/api/v1/letter-templates",
	 "{\"name\":\"Essai\",\"category\":\"Test\",\"odt\":\"UEsDBA==\"}",
	 S(0, 422, 422, 0, 0, 0, 0), 0},
	{M_GET, "/api/v1/letter-templates/{id}", "/api/v1/letter-templates/<tpl>", NULL,
	 S(0, 200, 200, 200, 0, 0, 0), 0},
	{M_GET, "/api/v1/letter-templates/{id}/odt", "/api/v1/letter-templates/<tpl>/odt", NULL,
	 S(0, 200, 200, 200, 0, 0, 0), 0},
	{M_POST, "/api/v1/letter-templates/{id}/retire", "/api/v1/letter-templates/<tpl_retire>/retire",
	 NULL, S(0, 200, 200, 0, 0, 0, 0), 0},
	{M_POST, "/api/v1/letter-templates/{id}/restore",
	 "/api/v1/letter-templates/<tpl_retire>/restore", NULL, S(0, 200, 200, 0, 0, 0, 0), 0},
	{M_GET, "/modeles", "/modeles", NULL, S(0, 200, 200, 200, 0, 0, 0), 0},
	{M_POST, "/modeles/{id}/retirer", "/modeles/<tpl_retire>/retirer", "",
	 S(0, 303, 303, 0, 0, 0, 0), 0},
	{M_POST, "/modeles/{id}/retablir", "/modeles/<tpl_retire>/retablir", "",
	 S(0, 303, 303, 0, 0, 0, 0), 0},
	/* The page's uploads: the matrix's file is no ODT and the form names
	   nothing (422, every refusal on the page); the letterhead. */
	{M_POST, "/modeles", "/modeles", "%PDF-1.4 matrice", S(0, 422, 422, 0, 0, 0, 0), 0},
	{M_POST, "/modeles/entete", "/modeles/entete", "text=Service+social+du+travail",
	 S(0, 303, 303, 0, 0, 0, 0), 0},
	{M_POST, "/modeles/{id}", "/modeles/<tpl>", "%PDF-1.4 matrice", S(0, 422, 422, 0, 0, 0, 0),
	 0},
	{M_GET, "/modeles/{id}/odt", "/modeles/<tpl>/odt", NULL, S(0, 200, 200, 200, 0, 0, 0), 0},
	{M_POST, "/api/v1/cases/{id}/letters", "/api/v1/cases/<case>/letters",
	 "{\"template_id\":<tpl>}", REC(201), 0},
	{M_GET, "/api/v1/cases/{id}/letters", "/api/v1/cases/<case>/letters", NULL, REC(200), 0},
	{M_GET, "/api/v1/letters/{id}/odt", "/api/v1/letters/<letter>/odt", NULL, REC(200), 0},
	{M_GET, "/api/v1/letters/{id}/text", "/api/v1/letters/<letter>/text", NULL, REC(200), 0},
	{M_GET, "/api/v1/letters/{id}/pdf", "/api/v1/letters/<letter_w2>/pdf", NULL, REC(404), 0},
	{M_POST, "/cases/{id}/courriers", "/cases/<case>/courriers", "template_id=<tpl>", REC(303),
	 0},
	{M_GET, "/courriers/{id}/odt", "/courriers/<letter>/odt", NULL, REC(200), 0},
	{M_GET, "/courriers/{id}/pdf", "/courriers/<letter_w2>/pdf", NULL, REC(404), 0},
	{M_GET, "/courriers/{id}/apercu", "/courriers/<letter_w2>/apercu", NULL, REC(404), 0},

	{M_GET, "/audit", "/audit", NULL, S(0, 0, 0, 0, 0, 200, 0), 0},
	{M_GET, "/audit/export.csv", "/audit/export.csv", NULL, S(0, 0, 0, 0, 0, 200, 0), 0},
	{M_GET, "/audit/export.json", "/audit/export.json", NULL, S(0, 0, 0, 0, 0, 200, 0), 0},
	{M_GET, "/api/v1/audit", "/api/v1/audit", NULL, S(0, 0, 0, 0, 0, 200, 0), 0},
	{M_GET, "/api/v1/audit/verify", "/api/v1/audit/verify", NULL, S(0, 0, 0, 0, 0, 200, 0), 0},
	{M_GET, "/api/v1/audit/report-reads", "/api/v1/audit/report-reads", NULL,
	 S(0, 0, 0, 0, 0, 200, 0), 0},

	/* Issue 13's account life cycle.  A wrong code or current password
	   changes nothing, so every role may send it; ending every session
	   comes last (it ends the role's shared session too). */
	{M_GET, "/api/v1/enrolment/{token}", "/api/v1/enrolment/<enrol>", NULL,
	 S(200, 200, 200, 200, 200, 200, 200), 0},
	{M_POST, "/api/v1/enrolment/{token}", "/api/v1/enrolment/<enrol>",
	 "{" PW ",\"code\":\"000000\"}", S(422, 422, 422, 422, 422, 422, 422), 0},
	{M_GET, "/inscription/{token}", "/inscription/<enrol>", NULL,
	 S(200, 200, 200, 200, 200, 200, 200), 0},
	{M_POST, "/inscription/{token}", "/inscription/<enrol>",
	 FORM_PW "&password_confirm=correct+horse+battery&code=000000",
	 S(422, 422, 422, 422, 422, 422, 422), 0},
	/* A worker's account: its reset and re-enablement are proposed, a head
	   confirms (the two-person rule); disabling takes effect at once. */
	{M_POST, "/api/v1/users/{id}/reset", "/api/v1/users/<victim>/reset", NULL,
	 S(0, 202, 0, 0, 0, 0, 0), 0},
	{M_POST, "/api/v1/users/{id}/disable", "/api/v1/users/<victim>/disable", NULL,
	 S(0, 200, 0, 0, 0, 0, 0), 0},
	{M_POST, "/api/v1/users/{id}/enable", "/api/v1/users/<victim>/enable", NULL,
	 S(0, 202, 0, 0, 0, 0, 0), 0},
	{M_GET, "/api/v1/users/{id}/caseload", "/api/v1/users/<victim>/caseload", NULL,
	 S(0, 200, 0, 0, 0, 0, 0), 0},
	{M_POST, "/admin/users/{id}/reset", "/admin/users/<victim_web>/reset", "",
	 S(0, 303, 0, 0, 0, 0, 0), 0},
	{M_POST, "/admin/users/{id}/disable", "/admin/users/<victim_web>/disable", "",
	 S(0, 200, 0, 0, 0, 0, 0), 0},
	{M_POST, "/admin/users/{id}/enable", "/admin/users/<victim_web>/enable", "",
	 S(0, 303, 0, 0, 0, 0, 0), 0},
	{M_POST, "/admin/users/employer-totp", "/admin/users/employer-totp", "required=0",
	 S(0, 303, 0, 0, 0, 0, 0), 0},
	{M_POST, "/api/v1/account/password", "/api/v1/account/password",
	 "{\"current\":\"not my password\",\"password\":\"a new long password\"}", ALL(422), 0},
	{M_GET, "/api/v1/account/sessions", "/api/v1/account/sessions", NULL, ALL(200), 0},
	{M_DELETE, "/api/v1/account/sessions/{session}", "/api/v1/account/sessions/<session>", NULL,
	 ALL(404), 0},
	{M_GET, "/compte", "/compte", NULL, ALL(200), 0},
	{M_POST, "/compte/mot-de-passe", "/compte/mot-de-passe",
	 "current=not+my+password&password=a+new+long+password&password_confirm=a+new+long+password",
	 ALL(422), 0},
	{M_POST, "/compte/sessions/{session}/fin", "/compte/sessions/<session>/fin", "", ALL(404),
	 0},
	{M_DELETE, "/api/v1/account/sessions", "/api/v1/account/sessions", NULL, ALL(204), FRESH},
	{M_POST, "/compte/deconnexion-partout", "/compte/deconnexion-partout", "", ALL(303), FRESH},
};
#define NEXPECTS ((int)(sizeof expects / sizeof expects[0]))

/* --- Fixture ---------------------------------------------------------------- */

/* POSTs body (printf-style) as s to path; the created record's id, or
   fails the test. */
static long long create(const struct sess *s, const char *path, const char *fmt, ...)
{
	char body[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	struct http_resp r;
	int status = http_as(PORT, s, 1, "POST", path, body, &r);
	if (status != 201 && status != 200)
		fail_msg("fixture: POST %s %s: %d %s", path, body, status, r.body);
	return created_id(&r);
}

static void call(const struct sess *s, const char *method, const char *path, const char *body,
		 int status)
{
	expect_api(PORT, s, method, path, body, status, NULL);
}

static long long new_person(const char *name)
{
	return create(&sessions[ROLE_WORKER], "/api/v1/persons",
		      "{\"organisation\":\"acme\",\"last_name\":\"%s\",\"first_name\":\"Anne\","
		      "\"consent\":{\"accompaniment_on\":\"2024-01-02\"}}",
		      name);
}

static long long new_case(const char *name)
{
	return create(&sessions[ROLE_WORKER], "/api/v1/cases",
		      "{\"person_id\":%lld,\"opened_on\":\"2024-01-10\",\"referral_source\":\"rh\","
		      "\"domains\":[\"budget\"]}",
		      new_person(name));
}

/* Names for the per-role records ("name.role"). */
static void sym_role_id(const char *name, enum role role, long long id)
{
	char full[64];
	snprintf(full, sizeof full, "%s.%s", name, role_code(role));
	sym_id(full, id);
}

static long long employee_request(const char *link_path, const char *last_name)
{
	/* A phone of each one's own: the same would make the converted ones
	   duplicates of each other (409, the worker warned). */
	static int serial;
	char form[256];
	snprintf(form, sizeof form,
		 "last_name=%s&first_name=Paul&contact=06123456%02d&preference=telephone&consent=1",
		 last_name, ++serial % 100);
	struct http_resp r;
	if (http_do(PORT, "POST", link_path,
		    "Content-Type: application/x-www-form-urlencoded\r\n", form, strlen(form),
		    &r) != 0 ||
	    r.status != 200)
		fail_msg("fixture: employee request: %d %s", r.status, r.body);
	http_resp_free(&r);
	/* Its id: the newest of the worker's list. */
	assert_int_equal(http_as(PORT, &sessions[ROLE_WORKER], 0, "GET", "/api/v1/employee-requests",
				 NULL, &r),
			 200);
	json_t *j = http_json(&r);
	json_t *items = json_object_get(j, "employee_requests");
	long long id = 0;
	size_t i;
	json_t *e;
	json_array_foreach(items, i, e) {
		long long v = (long long)json_integer_value(json_object_get(e, "id"));
		if (v > id)
			id = v;
	}
	json_decref(j);
	http_resp_free(&r);
	return id;
}

static int setup(void **state)
{
	(void)state;
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const beta[] = {"organisation", "add", "--code", "beta", "--name",
					   "Beta", "--kind", "collectivite", NULL};
	static const char *const gamma[] = {"organisation", "add", "--code", "gamma", "--name",
					    "Gamma", "--kind", "association", NULL};
	static const char *const delta[] = {"organisation", "add", "--code", "delta", "--name",
					    "Delta", "--kind", "autre", NULL};
	static const char *const epsilon[] = {"organisation", "add", "--code", "epsilon", "--name",
					      "Epsilon", "--kind", "autre", NULL};
	static const char *const *const cmds[] = {acme, beta, gamma, delta, epsilon, NULL};
	static const char *const users[] = {"admin1:admin",	"head1:head",
					    "w1:worker",	"rh1:employer:acme",
					    "auditor1:auditor", "w2:worker",
					    "w3:worker",	"victim1:worker", "victim2:worker",
					    "accueil1:reception", NULL};
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	for (int role = ROLE_ADMIN; role < ROLE__COUNT; role++)
		if (api_login(PORT, logins[role], TEST_PASSWORD, &sessions[role]) != 200)
			return -1;
	return 0;
}

/* The records the expectations name; in a test, so that a refusal fails
   with its message. */
/* POSTs body as s to path, which must answer 202 (the two-person rule):
   the proposal's id. */
static long long propose(const struct sess *s, const char *path, const char *fmt, ...)
{
	char body[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	struct http_resp r;
	int status = http_as(PORT, s, 1, "POST", path, body, &r);
	if (status != 202)
		fail_msg("fixture: POST %s %s: %d %s", path, body, status, r.body);
	json_t *j = http_json(&r);
	long long id = (long long)json_integer_value(json_object_get(j, "proposal"));
	json_decref(j);
	http_resp_free(&r);
	return id;
}

/* The proposals of the two-person rule's routes (prop_*): for the head,
   accounts the administrator proposed; for the worker (w1), hand-overs w2
   proposes to her, which the administrator may not know of; to withdraw,
   each role's own. */
static void build_proposals(void)
{
	struct sess *head = &sessions[ROLE_HEAD], *w1 = &sessions[ROLE_WORKER],
		    *admin = &sessions[ROLE_ADMIN];
	struct sess w2;
	if (api_login(PORT, "w2", TEST_PASSWORD, &w2) != 200)
		fail_msg("fixture: w2 cannot sign in");
	const char *names[] = {"prop_confirm_web", "prop_refuse_web", "prop_confirm_api",
			       "prop_refuse_api"};
	for (int k = 0; k < 4; k++) {
		long long person = create(&w2, "/api/v1/persons",
					  "{\"organisation\":\"acme\",\"last_name\":\"Leblanc\","
					  "\"first_name\":\"Anne\",\"consent\":{\"accompaniment_on\":"
					  "\"2024-01-02\"}}");
		long long c = create(&w2, "/api/v1/cases",
				     "{\"person_id\":%lld,\"opened_on\":\"2024-01-10\","
				     "\"referral_source\":\"rh\",\"domains\":[\"budget\"]}",
				     person);
		char path[96];
		snprintf(path, sizeof path, "/api/v1/cases/%lld/referent", c);
		sym_id(names[k], propose(&w2, path, "{\"login\":\"w1\"}"));
		sym_role_id(names[k], ROLE_HEAD,
			    propose(admin, "/api/v1/users",
				    "{\"login\":\"prop%d\",\"name\":\"Prop\",\"role\":\"worker\"}", k));
	}
	const char *withdraw[] = {"prop_withdraw_web", "prop_withdraw_api"};
	for (int k = 0; k < 2; k++) {
		sym_role_id(withdraw[k], ROLE_ADMIN,
			    propose(admin, "/api/v1/users",
				    "{\"login\":\"retrait%d\",\"name\":\"Retrait\",\"role\":\"head\"}",
				    k));
		char path[96];
		snprintf(path, sizeof path, "/api/v1/cases/%lld/referent", new_case("Lefort"));
		sym_role_id(withdraw[k], ROLE_HEAD, propose(head, path, "{\"login\":\"w2\"}"));
		snprintf(path, sizeof path, "/api/v1/cases/%lld/referent", new_case("Lenoir"));
		sym_role_id(withdraw[k], ROLE_WORKER, propose(w1, path, "{\"login\":\"w2\"}"));
	}
}

/* The erasure requests of the rights' routes (erasure_*): w2's, on her
   own persons, for the head to decide; the persons the matrix's worker
   asks to erase (person_erase_*). */
static void build_erasures(void)
{
	struct sess w2;
	if (api_login(PORT, "w2", TEST_PASSWORD, &w2) != 200)
		fail_msg("fixture: w2 cannot sign in");
	const char *names[] = {"erasure_confirm_web", "erasure_refuse_web", "erasure_confirm_api",
			       "erasure_refuse_api"};
	for (int k = 0; k < 4; k++) {
		long long person = create(&w2, "/api/v1/persons",
					  "{\"organisation\":\"acme\",\"last_name\":\"Lebrun\","
					  "\"first_name\":\"Anne\",\"consent\":{\"accompaniment_on\":"
					  "\"2024-01-02\"}}");
		char path[96];
		snprintf(path, sizeof path, "/api/v1/persons/%lld/erasure", person);
		struct http_resp r;
		int status = http_as(PORT, &w2, 1, "POST", path, "{\"reason\":\"Demande\"}", &r);
		if (status != 202)
			fail_msg("fixture: POST %s: %d %s", path, status, r.body);
		sym_id(names[k], created_id(&r));
	}
	sym_id("person_erase_web", new_person("Effacer"));
	sym_id("person_erase_api", new_person("Effacee"));
}

/* Letters: template 1 (shipped), 2 to retire, a letter of w1's case, one
   of w2's. */
static void build_letters(long long case_id)
{
	sym_id("tpl", 1);
	sym_id("tpl_retire", 2);
	struct sess w1, w2;
	if (api_login(PORT, "w1", TEST_PASSWORD, &w1) != 200 ||
	    api_login(PORT, "w2", TEST_PASSWORD, &w2) != 200)
		fail_msg("fixture: w1 or w2 cannot sign in");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/cases/%lld/letters", case_id);
	sym_id("letter", create(&w1, path, "{\"template_id\":1}"));
	long long person = create(&w2, "/api/v1/persons",
				  "{\"organisation\":\"acme\",\"last_name\":\"Lettre\","
				  "\"first_name\":\"Anne\",\"consent\":{\"accompaniment_on\":"
				  "\"2024-01-02\"}}");
	long long c = create(&w2, "/api/v1/cases",
			     "{\"person_id\":%lld,\"opened_on\":\"2024-01-02\","
			     "\"referral_source\":\"agent\",\"domains\":[\"budget\"]}",
			     person);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/letters", c);
	sym_id("letter_w2", create(&w2, path, "{\"template_id\":1}"));
}

static void build_fixture(void)
{
	struct sess *head = &sessions[ROLE_HEAD], *w1 = &sessions[ROLE_WORKER],
		    *admin = &sessions[ROLE_ADMIN], *rh = &sessions[ROLE_EMPLOYER];
	sym_set("org", MISSING_CODE, "acme");
	sym_set("org2", MISSING_CODE, "beta");
	/* Issue 13: an account waiting for its enrolment (its link's token), the
	   account reset, disabled and enabled, a session id no one has. */
	{
		struct http_resp cr;
		assert_int_equal(http_as(PORT, admin, 1, "POST", "/api/v1/users",
					 "{\"login\":\"pending1\",\"name\":\"Pending\","
					 "\"role\":\"auditor\"}", /* no second person needed */
					 &cr),
				 201);
		json_t *cj = http_json(&cr);
		const char *link = json_string_value(json_object_get(cj, "enrolment"));
		assert_non_null(link);
		const char *tok = strstr(link, "/inscription/");
		assert_non_null(tok);
		sym_set("enrol", MISSING_TOKEN, "%s", tok + strlen("/inscription/"));
		json_decref(cj);
		http_resp_free(&cr);
		assert_int_equal(http_as(PORT, admin, 0, "GET", "/api/v1/users", NULL, &cr), 200);
		cj = http_json(&cr);
		size_t k;
		json_t *u;
		json_array_foreach(json_object_get(cj, "users"), k, u)
			if (strcmp(json_string_value(json_object_get(u, "login")), "victim1") == 0)
				sym_id("victim", (long long)json_integer_value(json_object_get(u, "id")));
			else if (strcmp(json_string_value(json_object_get(u, "login")), "victim2") == 0)
				sym_id("victim_web",
				       (long long)json_integer_value(json_object_get(u, "id")));
		json_decref(cj);
		http_resp_free(&cr);
		sym_set("session", MISSING_TOKEN, "%s",
			"1111111111111111111111111111111111111111111111111111111111111111");
	}
	for (int role = ROLE_NONE; role < ROLE__COUNT; role++) {
		char name[32];
		snprintf(name, sizeof name, "role.%s", role_code((enum role)role));
		sym_set(name, NULL, "%s", role_code((enum role)role));
	}
	const char *acme_workers[] = {"w1", "w2", "w3"};
	for (int i = 0; i < 3; i++) {
		char body[64];
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", acme_workers[i]);
		call(head, "POST", "/api/v1/organisations/acme/workers", body, 200);
	}
	call(head, "POST", "/api/v1/organisations/beta/workers", "{\"login\":\"w3\"}", 200);
	/* The employer reads published bilans only. */
	call(head, "POST", "/api/v1/reports/bilan/publish", "{\"year\":2008}", 200);

	long long case_id = new_case("Martin");
	sym_id("case", case_id);
	build_letters(case_id);
	/* The person of that case. */
	struct http_resp r;
	char path[128];
	snprintf(path, sizeof path, "/api/v1/cases/%lld", case_id);
	assert_int_equal(http_as(PORT, w1, 0, "GET", path, NULL, &r), 200);
	json_t *j = http_json(&r);
	sym_id("person", (long long)json_integer_value(
				  json_object_get(json_object_get(j, "case"), "person_id")));
	json_decref(j);
	http_resp_free(&r);
	sym_id("person_new", new_person("Bernard"));
	sym_id("person_api", new_person("Thomas"));
	sym_id("case_close", new_case("Robert"));
	const char *handovers[] = {"case_handover_web", "case_handover_api"};
	for (int k = 0; k < 2; k++) {
		sym_role_id(handovers[k], ROLE_HEAD, new_case("Richard"));
		sym_role_id(handovers[k], ROLE_WORKER, new_case("Durand"));
	}

	build_proposals();
	build_erasures();

	char sub[256];
#define CASE_PATH(tail) (snprintf(sub, sizeof sub, "/api/v1/cases/%lld%s", case_id, tail), sub)
	const char *aid = "{\"kind\":\"secours\",\"funder\":\"cos\",\"amount_requested_cents\":20000,"
			  "\"submitted_on\":\"2024-02-01\"}";
	sym_id("aid_web", create(w1, CASE_PATH("/aids"), "%s", aid));
	sym_id("aid_api", create(w1, CASE_PATH("/aids"), "%s", aid));
	/* Attachments: one to read, one to delete through each door. */
	static const char *const atts[] = {"att", "att_delete_web", "att_delete_api"};
	for (size_t k = 0; k < sizeof atts / sizeof atts[0]; k++) {
		struct http_resp up;
		if (send_upload(w1, CASE_PATH("/attachments"), "%PDF-1.4 fixture", &up) != 201)
			fail_msg("fixture: upload: %d %s", up.status, up.body);
		sym_id(atts[k], created_id(&up));
	}
	/* Shares end within a year from today. */
	char until[16];
	snprintf(until, sizeof until, "%s", test_day(30));
	sym_set("until", NULL, "%s", until);
	const char *logins_shared[] = {"w2", "w3"};
	for (int i = 0; i < 2; i++) {
		char share[128];
		snprintf(share, sizeof share, "{\"login\":\"%s\",\"until\":\"%s\",\"reason\":\"Congé\"}",
			 logins_shared[i], until);
		call(w1, "POST", CASE_PATH("/shares"), share, 201);
	}

	const char *partner = "{\"name\":\"%s\",\"kind\":\"ccas\"}";
	long long partner_id = create(admin, "/api/v1/partners", partner, "CCAS de Montreuil");
	sym_id("partner", partner_id);
	sym_id("partner_keep", create(admin, "/api/v1/partners", partner, "CCAS Bagnolet"));
	sym_id("partner_merge", create(admin, "/api/v1/partners", partner, "CCAS de Bagnolet"));
	sym_id("partner_merge_api", create(admin, "/api/v1/partners", partner, "C.C.A.S. Bagnolet"));
	char body[512];
	snprintf(body, sizeof body,
		 "{\"partner_id\":%lld,\"sent_on\":\"2024-02-01\",\"reason\":\"Logement\"}",
		 partner_id);
	sym_id("orientation_web", create(w1, CASE_PATH("/orientations"), "%s", body));
	sym_id("orientation_api", create(w1, CASE_PATH("/orientations"), "%s", body));

	const char *leave = "{\"start\":\"%s\",\"kind\":\"maladie\"}";
	sym_id("leave_delete",
	       create(w1, CASE_PATH("/sick-leaves"),
		      "{\"start\":\"2024-03-01\",\"end\":\"2024-03-05\",\"kind\":\"maladie\"}"));
	sym_id("leave_patch",
	       create(w1, CASE_PATH("/sick-leaves"),
		      "{\"start\":\"2024-02-10\",\"end\":\"2024-02-12\",\"kind\":\"at_mp\"}"));
	sym_id("leave_api_delete",
	       create(w1, CASE_PATH("/sick-leaves"),
		      "{\"start\":\"2024-03-10\",\"end\":\"2024-03-12\",\"kind\":\"maladie\"}"));
	/* Open-ended: after the others. */
	sym_id("leave_end", create(w1, CASE_PATH("/sick-leaves"), leave, "2025-06-01"));
	const char *part_time = "{\"start\":\"%s\",\"end\":\"%s\",\"percent\":60}";
	sym_id("part_time_delete",
	       create(w1, CASE_PATH("/part-times"), part_time, "2024-10-01", "2024-10-31"));
	sym_id("part_time_api_delete",
	       create(w1, CASE_PATH("/part-times"), part_time, "2024-11-01", "2024-11-30"));
	/* Corrections (issue 17): one record each. */
	const char *iv = "{\"date\":\"%s\",\"mode\":\"bureau\",\"kind\":\"entretien\","
			 "\"duration_minutes\":30}";
	sym_id("iv_edit", create(w1, CASE_PATH("/interventions"), iv, "2024-03-03"));
	sym_id("iv_api_edit", create(w1, CASE_PATH("/interventions"), iv, "2024-03-04"));
	sym_id("iv_delete", create(w1, CASE_PATH("/interventions"), iv, "2024-03-05"));
	sym_id("iv_api_delete", create(w1, CASE_PATH("/interventions"), iv, "2024-03-06"));
	const char *pending = "{\"kind\":\"pret\",\"funder\":\"cos\",\"amount_requested_cents\":%d,"
			      "\"submitted_on\":\"2024-03-01\"}";
	sym_id("aid_delete", create(w1, CASE_PATH("/aids"), pending, 40000));
	sym_id("aid_api_delete", create(w1, CASE_PATH("/aids"), pending, 30000));
	const char *lifting = "{\"kind\":\"signalement\",\"lifted_on\":\"%s\","
			      "\"recipient\":\"Parquet\",\"what_sent\":\"Note\"}";
	sym_id("secrecy_delete", create(w1, CASE_PATH("/secrecy-liftings"), lifting, "2024-03-01"));
	sym_id("secrecy_api_delete",
	       create(w1, CASE_PATH("/secrecy-liftings"), lifting, "2024-03-02"));
	sym_id("aid_edit", create(w1, CASE_PATH("/aids"), pending, 41000));
	sym_id("aid_api_edit", create(w1, CASE_PATH("/aids"), pending, 31000));
	const char *entry = "{\"organisation\":\"acme\",\"date\":\"2024-03-0%d\","
			    "\"minutes\":30,\"activity\":\"reunion\"}";
	sym_id("time_edit", create(w1, "/api/v1/time", entry, 3));
	const char *action = "{\"organisation\":\"acme\",\"date\":\"2024-03-0%d\","
			     "\"topic\":\"retraite\",\"format\":\"conference\","
			     "\"title\":\"Retraite\",\"participants\":12,\"duration_minutes\":90}";
	sym_id("action_edit", create(w1, "/api/v1/collective-actions", action, 5));
	sym_id("action_delete.head", create(w1, "/api/v1/collective-actions", action, 6));
	sym_id("action_delete.worker", create(w1, "/api/v1/collective-actions", action, 7));
	sym_id("action_delete_web.head", create(w1, "/api/v1/collective-actions", action, 8));
	sym_id("action_delete_web.worker", create(w1, "/api/v1/collective-actions", action, 9));
	sym_id("time_delete", create(w1, "/api/v1/time", entry, 4));
	sym_id("time_delete_web", create(w1, "/api/v1/time", entry, 5));
#undef CASE_PATH

	/* Appointments: the worker's own; the ones the head and the worker
	   both change, one each. */
	int day = 10;
	const enum role bookers[] = {ROLE_HEAD, ROLE_WORKER, ROLE_RECEPTION};
	const char *changed[] = {"appt_status",	     "appt_intervention", "appt_patch",
				 "appt_api_intervention", "appt_move",	  "appt_api_move",
				 "appt_delete",		  "appt_api_delete"};
	for (size_t k = 0; k < sizeof changed / sizeof changed[0]; k++)
		for (size_t b = 0; b < sizeof bookers / sizeof bookers[0]; b++) {
			/* March from the 10th, then April. */
			int month = 3 + (day - 1) / 28, dom = (day - 1) % 28 + 1;
			long long id = create(w1, "/api/v1/appointments",
					      "{\"start\":\"2024-%02d-%02dT10:00\",\"end\":\"2024-%02d-%02dT11:00\","
					      "\"mode\":\"bureau\",\"person_id\":%s}",
					      month, dom, month, dom, sym_find("person", 6, ROLE_NONE)->value);
			day++;
			sym_role_id(changed[k], bookers[b], id);
		}
	sym_id("appt", create(w1, "/api/v1/appointments",
			      "{\"start\":\"2030-04-02T10:00\",\"end\":\"2030-04-02T11:00\","
			      "\"mode\":\"telephone\"}"));

	/* The calendar feed's secret path. */
	assert_int_equal(http_as(PORT, w1, 0, "GET", "/api/v1/calendar", NULL, &r), 200);
	j = http_json(&r);
	const char *url = json_string_value(json_object_get(j, "feed_url"));
	const char *file = url ? strstr(url, "/calendar/") : NULL;
	assert_non_null(file);
	sym_set("feed", MISSING_TOKEN ".ics", "%s", file + strlen("/calendar/"));
	json_decref(j);
	http_resp_free(&r);

	/* Permanences: one on Tuesdays from 2030-01-01 (a Tuesday); a date to
	   cancel per role and route. */
	/* The permanences and appointments the routes create: a day or an
	   hour of their own per role. */
	sym_set("weekday.admin", NULL, "3");
	sym_set("weekday.head", NULL, "4");
	sym_set("hour.head", NULL, "10");
	sym_set("hour.worker", NULL, "14");
	sym_set("weekday.reception", NULL, "5");
	sym_set("hour.reception", NULL, "16");
	sym_id("permanence",
	       create(head, "/api/v1/permanences",
		      "{\"organisation\":\"acme\",\"worker\":\"w1\",\"site\":\"Salle A\","
		      "\"weekday\":2,\"start\":\"09:00\",\"end\":\"12:00\",\"from\":\"2030-01-01\"}"));
	sym_id("perm_edit",
	       create(head, "/api/v1/permanences",
		      "{\"organisation\":\"acme\",\"worker\":\"w1\",\"site\":\"Salle D\","
		      "\"weekday\":6,\"start\":\"08:00\",\"end\":\"09:00\",\"from\":\"2030-01-05\"}"));
	const enum role deleters[] = {ROLE_ADMIN, ROLE_HEAD, ROLE_RECEPTION};
	for (int k = 0; k < 3; k++) {
		char name[48];
		snprintf(name, sizeof name, "perm_delete.%s", role_code(deleters[k]));
		sym_id(name, create(head, "/api/v1/permanences",
				    "{\"organisation\":\"acme\",\"worker\":\"w1\",\"site\":\"Salle E\","
				    "\"weekday\":7,\"start\":\"%02d:00\",\"end\":\"%02d:30\","
				    "\"from\":\"2030-01-06\"}",
				    8 + 2 * k, 8 + 2 * k));
		snprintf(name, sizeof name, "perm_delete_web.%s", role_code(deleters[k]));
		sym_id(name, create(head, "/api/v1/permanences",
				    "{\"organisation\":\"acme\",\"worker\":\"w1\",\"site\":\"Salle F\","
				    "\"weekday\":7,\"start\":\"%02d:00\",\"end\":\"%02d:30\","
				    "\"from\":\"2030-01-06\"}",
				    15 + 2 * k, 15 + 2 * k));
	}
	const enum role cancellers[] = {ROLE_ADMIN, ROLE_HEAD, ROLE_WORKER, ROLE_RECEPTION};
	for (int k = 0; k < 4; k++) {
		char name[48];
		snprintf(name, sizeof name, "cancel_web.%s", role_code(cancellers[k]));
		sym_set(name, NULL, "2030-01-%02d", 8 + 7 * k);
		snprintf(name, sizeof name, "cancel_api.%s", role_code(cancellers[k]));
		sym_set(name, NULL, "2030-02-%02d", 5 + 7 * k);
	}
	/* Conventions: a year of their own per role and route. */
	const enum role conventioners[] = {ROLE_ADMIN, ROLE_HEAD};
	for (int k = 0; k < 2; k++) {
		const char *code = role_code(conventioners[k]);
		char name[48];
		snprintf(name, sizeof name, "conv_start.%s", code);
		sym_set(name, NULL, "%d-01-01", 2020 + k);
		snprintf(name, sizeof name, "conv_end.%s", code);
		sym_set(name, NULL, "%d-12-31", 2020 + k);
		snprintf(name, sizeof name, "conv_api_start.%s", code);
		sym_set(name, NULL, "%d-01-01", 2016 + k);
		snprintf(name, sizeof name, "conv_api_end.%s", code);
		sym_set(name, NULL, "%d-12-31", 2016 + k);
	}

	/* Employers' requests: one per role and route that changes one. */
	const struct {
		const char *name;
		enum role roles[3];
		int n;
	} ereqs[] = {
		{"ereq_reply", {ROLE_HEAD, ROLE_WORKER}, 2},
		{"ereq_close", {ROLE_HEAD, ROLE_WORKER, ROLE_EMPLOYER}, 3},
		{"ereq_api_reply", {ROLE_HEAD, ROLE_WORKER}, 2},
		{"ereq_api_close", {ROLE_HEAD, ROLE_WORKER, ROLE_EMPLOYER}, 3},
	};
	for (size_t k = 0; k < sizeof ereqs / sizeof ereqs[0]; k++)
		for (int i = 0; i < ereqs[k].n; i++)
			sym_role_id(ereqs[k].name, ereqs[k].roles[i],
				    create(rh, "/api/v1/requests",
					   "{\"subject\":\"Objet %zu-%d\",\"message\":\"Message\"}", k,
					   i));

	/* The employees' link of ACME, and their requests. */
	assert_int_equal(
		http_as(PORT, head, 1, "POST", "/api/v1/organisations/acme/request-link", NULL, &r),
		201);
	j = http_json(&r);
	const char *link = json_string_value(json_object_get(j, "path"));
	assert_non_null(link);
	sym_set("link", MISSING_TOKEN, "%s", link + strlen("/demande/"));
	char link_path[160];
	snprintf(link_path, sizeof link_path, "%s", link);
	json_decref(j);
	http_resp_free(&r);
	sym_id("empreq_convert", employee_request(link_path, "Leroy"));
	sym_id("empreq_dismiss", employee_request(link_path, "Lebrun"));
	sym_id("empreq_api_convert", employee_request(link_path, "Lenoir"));
	sym_id("empreq_api_dismiss", employee_request(link_path, "Leblanc"));
	/* The public form is sent as each role (a session changes nothing
	   there): a link per three roles, under its limit per client. */
	const char *public_orgs[] = {"gamma", "delta", "epsilon"};
	for (int k = 0; 3 * k < ROLE__COUNT; k++) {
		snprintf(path, sizeof path, "/api/v1/organisations/%s/request-link", public_orgs[k]);
		assert_int_equal(http_as(PORT, head, 1, "POST", path, NULL, &r), 201);
		j = http_json(&r);
		link = json_string_value(json_object_get(j, "path"));
		assert_non_null(link);
		for (int role = 3 * k; role < 3 * k + 3 && role < ROLE__COUNT; role++) {
			char name[48];
			snprintf(name, sizeof name, "link_post.%s", role_code((enum role)role));
			sym_set(name, MISSING_TOKEN, "%s", link + strlen("/demande/"));
		}
		json_decref(j);
		http_resp_free(&r);
	}
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

/* --- Tests -------------------------------------------------------------------- */

static const struct expect *expect_of(const struct route *rt)
{
	const struct expect *found = NULL;
	for (int i = 0; i < NEXPECTS; i++)
		if (expects[i].method == rt->method && strcmp(expects[i].pattern, rt->pattern) == 0) {
			if (found)
				fail_msg("%s %s: two expectations", method_name(rt->method),
					 rt->pattern);
			found = &expects[i];
		}
	return found;
}

static const struct route *route_of(const struct expect *e)
{
	for (int i = 0; i < routes_count; i++)
		if (routes[i].method == e->method && strcmp(routes[i].pattern, e->pattern) == 0)
			return &routes[i];
	return NULL;
}

/* Every route has its expectation, every expectation its route, and each
   expectation lets in exactly the roles the policy lets in. */
static void test_every_route_has_an_expectation(void **state)
{
	(void)state;
	int missing = 0;
	for (int i = 0; i < routes_count; i++)
		if (!expect_of(&routes[i])) {
			print_message("# no expectation for %s %s\n", method_name(routes[i].method),
				      routes[i].pattern);
			missing++;
		}
	for (int i = 0; i < NEXPECTS; i++) {
		const struct route *rt = route_of(&expects[i]);
		if (!rt)
			fail_msg("expectation for %s %s: no such route", method_name(expects[i].method),
				 expects[i].pattern);
		for (int role = ROLE_NONE; role < ROLE__COUNT; role++)
			if ((expects[i].status[role] != 0) != policy_allows((enum role)role, rt->action))
				fail_msg("%s %s as %s: the expectation says %s, the policy (%s) %s",
					 method_name(rt->method), rt->pattern,
					 role_code((enum role)role),
					 expects[i].status[role] ? "allowed" : "refused",
					 policy_action_name(rt->action),
					 policy_allows((enum role)role, rt->action) ? "allows"
										    : "refuses");
	}
	if (missing)
		fail_msg("%d route(s) without an expectation", missing);
	assert_int_equal(NEXPECTS, routes_count);
}

/* What the router answers a role the policy refuses. */
static int refused_status(const struct route *rt, enum role role)
{
	if (role == ROLE_NONE)
		return rt->flags & ROUTE_API ? 401 : 303;
	return 403;
}

static int counts[600]; /* requests per status */
static int compared;    /* refusals compared with a missing record's */
static int wrong; /* statuses other than expected */

static void run_one(const struct expect *e, const struct route *rt, enum role role, int want)
{
	struct sess fresh;
	const struct sess *s = role == ROLE_NONE ? NULL : &sessions[role];
	if ((e->flags & FRESH) && role != ROLE_NONE) {
		assert_int_equal(api_login(PORT, logins[role], TEST_PASSWORD, &fresh), 200);
		s = &fresh;
	}
	char path[512], body[2048];
	int named = expand(e->path, role, 0, path, sizeof path);
	if (e->body)
		expand(e->body, role, 0, body, sizeof body);
	struct http_resp r;
	int got = send_as(s, rt, path, e->body ? body : NULL, &r);
	if (got != want) {
		/* Every wrong status is listed before the test fails. */
		const char *why = r.body ? r.body : "";
		const char *mark = strstr(why, "error-field");
		if (!mark)
			mark = strstr(why, "role=\"alert\"");
		if (!mark)
			mark = strstr(why, "<h1>");
		print_message("# %s %s as %s: %d, expected %d: %.200s\n", method_name(rt->method),
			      path, role_code(role), got, want, mark ? mark : why);
		wrong++;
	}
	if (got >= 0 && got < 600)
		counts[got]++;
	if (role == ROLE_NONE && got == 303 && !(e->status[ROLE_NONE])) {
		char v[128];
		if (!http_header(&r, "Location", v, sizeof v) || strcmp(v, "/login") != 0)
			fail_msg("%s %s as anonymous: not sent to /login", method_name(rt->method),
				 path);
	}
	/* A refusal that names a record says nothing of that record. */
	if (named && (got == 403 || got == 404)) {
		char missing_path[512];
		expand(e->path, role, 1, missing_path, sizeof missing_path);
		struct http_resp m;
		int got_missing = send_as(s, rt, missing_path, e->body ? body : NULL, &m);
		char what[700];
		snprintf(what, sizeof what, "%s %s as %s", method_name(rt->method), path,
			 role_code(role));
		if (got_missing != got)
			fail_msg("%s: %d, but %d for a missing record", what, got, got_missing);
		expect_same_answer(what, &r, &m);
		http_resp_free(&m);
		compared++;
	}
	http_resp_free(&r);
}

static void test_every_route_every_role(void **state)
{
	(void)state;
	build_fixture();
	int requests = 0;
	for (int i = 0; i < NEXPECTS; i++) {
		const struct expect *e = &expects[i];
		const struct route *rt = route_of(e);
		assert_non_null(rt);
		/* The refused roles first: they must change nothing. */
		for (int pass = 0; pass < 2; pass++)
			for (int role = ROLE_NONE; role < ROLE__COUNT; role++) {
				int allowed = e->status[role] != 0;
				if (allowed != pass)
					continue;
				run_one(e, rt, (enum role)role,
					allowed ? e->status[role] : refused_status(rt, (enum role)role));
				requests++;
			}
	}
	print_message("# %d routes x %d roles: %d requests; per status (status: count):", NEXPECTS, ROLE__COUNT,
		      requests);
	for (int st = 100; st < 600; st++)
		if (counts[st])
			print_message(" %d: %d", st, counts[st]);
	print_message("; %d refusals compared with a missing record's\n", compared);
	assert_int_equal(requests, NEXPECTS * ROLE__COUNT);
	if (wrong)
		fail_msg("%d wrong statuses", wrong);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_has_an_expectation),
		cmocka_unit_test(test_every_route_every_role),
	};
	return cmocka_run_group_tests_name("route_matrix", tests, setup, teardown);
}
