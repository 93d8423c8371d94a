/*
 * harness — what the HTTP tests need around the real binary: run a
 * command, start and stop `relais serve` on a loopback port, and a small
 * HTTP/1.1 client (one request per connection).
 */
#ifndef RELAIS_TEST_HARNESS_H
#define RELAIS_TEST_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

struct http_resp {
	int status;
	char *head;      /* status line and headers, NUL-terminated */
	char *body;      /* NUL-terminated (may hold NULs: see body_len) */
	size_t body_len;
};

/* Sends one request; extra_headers is "Name: value\r\n"… or NULL.
   0, or -1 when the connection failed. */
int http_do(int port, const char *method, const char *path, const char *extra_headers,
	    const char *body, size_t body_len, struct http_resp *out);
/* Like http_do with a raw request written as is (for chunked bodies). */
int http_raw(int port, const char *request, size_t len, struct http_resp *out);
void http_resp_free(struct http_resp *r);
/* The value of the first header called name (case-insensitive) in
   out[len]; NULL when absent. */
const char *http_header(const struct http_resp *r, const char *name, char *out, size_t len);
/* The value of the Set-Cookie header whose cookie name ends with suffix
   (e.g. "relais_session", whatever its prefix) in out[len]; NULL when absent. */
const char *http_set_cookie(const struct http_resp *r, const char *suffix, char *out, size_t len);
/* A pre-session token the tests make up for the sign-in form: the server
   checks that the cookie and the hidden field match, so any well-formed
   token serves (a foreign site can set neither the cookie nor the field). */
#define TEST_LOGIN_TOKEN "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"
#define TEST_LOGIN_COOKIE "__Host-relais_login=" TEST_LOGIN_TOKEN
/* The local date offset days from today, "YYYY-MM-DD", counted in
   calendar days (not 86,400 s, which a change of summer time shifts by an
   hour: a day across it near midnight); one of four rotating buffers. */
const char *test_day(int offset);
/* The body parsed as JSON (caller decrefs), NULL if not JSON. */
json_t *http_json(const struct http_resp *r);

/* The binary under test: $RELAIS_BIN or build/relais. */
const char *relais_bin(void);
/* Runs the binary with args (NULL-terminated), feeding stdin_text (may be
   NULL); returns the exit status, or -1.  Output goes to /dev/null
   unless out is given (captured, caller frees). */
int relais_run(const char *const *args, const char *stdin_text, char **out);

struct server {
	pid_t pid;
	int port;
};
/* Starts `relais serve --db db --listen 127.0.0.1:0` plus extra args
   (NULL-terminated, may be NULL); 0 or -1. */
int server_start(struct server *s, const char *db, const char *const *extra);
/* SIGTERM, then waits: the exit status (0 for a graceful stop), or -1. */
int server_stop(struct server *s);


/* A signed-in client: its session cookie and CSRF token. */
struct sess {
	char cookie[128]; /* "__Host-relais_session=…" */
	char csrf[64];
};

#define TEST_PASSWORD "correct horse battery"

/* A service for one test program: a fresh database (RELAIS_TEST_DB or a
   SQLite file), a key, accounts, and a running server. */
struct fixture {
	char dir[256];
	char db[512];
	char key[512];
	struct server srv;
};

/*
 * Creates the database, then runs each command line of setup (argument
 * vectors after the binary, "--db DB --key-file KEY" added; a NULL entry
 * ends the list) — e.g. {"organisation", "add", "--code", …} — then
 * accounts "login:role", "login:employer:org" or "login:role:org:Full name"
 * (org may be empty; the name defaults to the login), each with
 * `relais user add`, starts the server, then enrols each account through
 * its enrolment link and the real API (password TEST_PASSWORD, a TOTP
 * code computed from the link's secret, remembered for api_login).  0 or -1.
 */
int fixture_start(struct fixture *fx, const char *const *const *setup, const char *const *users);
/* One more account "login:role[:org[:name]]" on the running fixture,
   created and enrolled as fixture_start does.  0 or -1. */
int fixture_user_add(struct fixture *fx, const char *spec);
/* `relais user add` of spec on db (see fixture_start); *out gets its
   output (caller frees), with the enrolment link.  0 or -1. */
int user_add_cli(const char *db, const char *key, const char *spec, char **out);
/* The token of the "enrolment link: …/inscription/TOKEN" line of output. */
int link_token(const char *output, char *token, size_t len);
/* Enrols login (of database db, served on port) with its link's token:
   GET the secret, POST password and the current code; the secret is
   remembered for test_code().  0 or -1. */
int enrol_link(int port, const char *db, const char *login, const char *token,
	       const char *password);
/* enrol_link() with the token read from `relais user add`'s output. */
int enrol_from_output(int port, const char *db, const char *login, const char *output,
		      const char *password);
/*
 * The current TOTP code of an account the harness enrolled (found by port
 * and login, else by login), into out (7 bytes at least).  When the same
 * account already used a code of this window, its users.totp_last_step is
 * reset behind the server's back (db_sql), so tests never sleep.  0, or
 * -1 (out "") for an account the harness does not know.
 */
int test_code(int port, const char *login, char out[16]);
/* The secret the harness remembers for login (20 bytes).  0 or -1. */
int totp_secret_of(int port, const char *login, unsigned char secret[20]);
/* Runs SQL straight on the database (sqlite3 or psql), behind the
   server's back: for tests that must age data.  0 or -1. */
int fixture_sql(const struct fixture *fx, const char *sql);
/* The same on a database named by its path or URI. */
int db_sql(const char *db, const char *sql);
/* Runs one query the same way, its rows written to the file at path, one
   a line, columns separated by "|" (sqlite3's list mode and psql's
   unaligned tuples-only mode agree on that).  0 or -1. */
int fixture_query(const struct fixture *fx, const char *sql, const char *path);
/* The one number a query such as SELECT COUNT(*) answers, read the same
   way; -1 when it could not be read. */
long long fixture_count(const struct fixture *fx, const char *sql);
/* Stops the server (0 when it stopped gracefully) and removes the files. */
int fixture_stop(struct fixture *fx);

/* Signs in through the API with the account's current code (test_code);
   the HTTP status (200 fills s). */
int api_login(int port, const char *login, const char *password, struct sess *s);
/* A request as s (NULL: anonymous) with its CSRF header when csrf is set
   and a JSON body when json is not NULL; the status (out may be NULL). */
int http_as(int port, const struct sess *s, int csrf, const char *method, const char *path,
	    const char *json, struct http_resp *out);
/* GET path as s, which must answer 200 with JSON: the document (caller
   decrefs); fails the test otherwise. */
json_t *http_get_json(int port, const struct sess *s, const char *path);
/* A form POST as s, with its csrf_token added; the status. */
int http_form(int port, const struct sess *s, const char *path, const char *form,
	      struct http_resp *out);
/* Test assertions (cmocka) on a page's body: the needle is, or is not, in it. */
void expect_in(const struct http_resp *r, const char *needle);
void expect_not_in(const struct http_resp *r, const char *needle);
/* The "id" of a creation's JSON answer; frees r. */
long long created_id(struct http_resp *r);
/* A person of organisation org (accompaniment consented on 2024-02-01),
   then her case opened that day (referred by HR, domain budget), both
   created by s over the API: 0 with *person and *kase set, or -1. */
int new_person_case(int port, const struct sess *s, const char *org, const char *last,
		     const char *first, long long *person, long long *kase);

/* A JSON request as s with its CSRF header (body may be NULL); fails the
   test unless the answer has status and, when field is not NULL, an error
   naming that field. */
void expect_api(int port, const struct sess *s, const char *method, const char *path,
		const char *body, int status, const char *field);

/*
 * Whether needle is among the bytes the fixture's database stores, to check
 * that a text is not stored in clear (and, as a control, that one is): on
 * SQLite the database file and its WAL, read raw; on PostgreSQL a data-only
 * pg_dump of the database, where a bytea column shows as hex digits, so the
 * needle's hex is looked for too.  1 found, 0 not found, -1 when the bytes
 * could not be read (the file is missing, pg_dump failed): a test must not
 * pass because it saw nothing.
 */
int db_has(const struct fixture *fx, const char *needle);

/* Runs a shell command built from fmt (at most 4 KiB); its exit status,
   or -1 when it did not exit (a signal). */
int shell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The text of the PDF r holds, read with pdftotext (poppler-utils), its
 * lines joined by spaces (pdftotext wraps sentences), in a new string the
 * caller frees; NULL when pdftotext is not installed (the test skips).
 * Fails the test when the PDF cannot be read.
 */
char *pdf_text(const struct http_resp *r);

/* The "error" object's member (code, field) of a JSON answer, or "". */
const char *json_error(const struct http_resp *r, const char *member, char *out, size_t len);

#endif
