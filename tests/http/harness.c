/* harness — see harness.h. */
#include "http/harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/totp.h"

static int connect_port(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return; /* the server may answer early and stop reading */
		p += w;
		n -= (size_t)w;
	}
}

static int read_response(int fd, struct http_resp *out)
{
	size_t cap = 65536, len = 0;
	char *data = malloc(cap);
	for (;;) {
		if (len + 4096 > cap) {
			cap *= 2;
			data = realloc(data, cap);
		}
		ssize_t r = recv(fd, data + len, cap - len - 1, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	data[len] = '\0';
	char *sep = strstr(data, "\r\n\r\n");
	if (!sep || sscanf(data, "HTTP/1.%*d %d", &out->status) != 1) {
		free(data);
		return -1;
	}
	size_t head_len = (size_t)(sep - data);
	out->head = strndup(data, head_len);
	out->body_len = len - head_len - 4;
	out->body = malloc(out->body_len + 1);
	memcpy(out->body, sep + 4, out->body_len);
	out->body[out->body_len] = '\0';
	free(data);
	return 0;
}

int http_raw(int port, const char *request, size_t len, struct http_resp *out)
{
	memset(out, 0, sizeof *out);
	int fd = connect_port(port);
	if (fd < 0)
		return -1;
	send_all(fd, request, len);
	shutdown(fd, SHUT_WR);
	int rc = read_response(fd, out);
	close(fd);
	return rc;
}

int http_do(int port, const char *method, const char *path, const char *extra_headers,
	    const char *body, size_t body_len, struct http_resp *out)
{
	char head[8192];
	int n = snprintf(head, sizeof head,
			 "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n%s",
			 method, path, port, extra_headers ? extra_headers : "");
	if (body)
		n += snprintf(head + n, sizeof head - (size_t)n, "Content-Length: %zu\r\n", body_len);
	n += snprintf(head + n, sizeof head - (size_t)n, "\r\n");
	memset(out, 0, sizeof *out);
	int fd = connect_port(port);
	if (fd < 0)
		return -1;
	send_all(fd, head, (size_t)n);
	if (body)
		send_all(fd, body, body_len);
	int rc = read_response(fd, out);
	close(fd);
	return rc;
}

void http_resp_free(struct http_resp *r)
{
	free(r->head);
	free(r->body);
	memset(r, 0, sizeof *r);
}

const char *http_header(const struct http_resp *r, const char *name, char *out, size_t len)
{
	size_t n = strlen(name);
	for (const char *line = strstr(r->head, "\r\n"); line; line = strstr(line + 2, "\r\n")) {
		const char *h = line + 2;
		if (strncasecmp(h, name, n) == 0 && h[n] == ':') {
			const char *v = h + n + 1;
			while (*v == ' ')
				v++;
			size_t vl = strcspn(v, "\r");
			if (vl >= len)
				vl = len - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return out;
		}
	}
	return NULL;
}

const char *http_set_cookie(const struct http_resp *r, const char *suffix, char *out, size_t len)
{
	size_t sl = strlen(suffix);
	for (const char *line = strstr(r->head, "\r\n"); line; line = strstr(line + 2, "\r\n")) {
		const char *h = line + 2;
		if (strncasecmp(h, "Set-Cookie:", 11) != 0)
			continue;
		const char *v = h + 11;
		while (*v == ' ')
			v++;
		size_t name = strcspn(v, "=\r");
		if (v[name] != '=' || name < sl || strncmp(v + name - sl, suffix, sl) != 0)
			continue;
		size_t vl = strcspn(v, "\r");
		if (vl >= len)
			vl = len - 1;
		memcpy(out, v, vl);
		out[vl] = '\0';
		return out;
	}
	return NULL;
}

json_t *http_json(const struct http_resp *r)
{
	return json_loadb(r->body, r->body_len, 0, NULL);
}

const char *relais_bin(void)
{
	const char *b = getenv("RELAIS_BIN");
	return b && *b ? b : "build/relais";
}

int relais_run(const char *const *args, const char *stdin_text, char **out)
{
	int in[2], o[2];
	if (pipe(in) != 0 || pipe(o) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in[0], 0);
		int devnull = open("/dev/null", O_WRONLY);
		dup2(out ? o[1] : devnull, 1);
		dup2(devnull, 2);
		close(in[1]);
		close(o[0]);
		const char *argv[32];
		int n = 0;
		argv[n++] = relais_bin();
		for (int i = 0; args[i] && n < 31; i++)
			argv[n++] = args[i];
		argv[n] = NULL;
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(o[1]);
	for (const char *p = stdin_text, *end = p ? p + strlen(p) : NULL; p && p < end;) {
		ssize_t w = write(in[1], p, (size_t)(end - p));
		if (w <= 0)
			break;
		p += w;
	}
	close(in[1]);
	size_t cap = 4096, len = 0;
	char *text = malloc(cap);
	ssize_t r;
	while ((r = read(o[0], text + len, cap - len - 1)) > 0) {
		len += (size_t)r;
		if (cap - len < 1024)
			text = realloc(text, cap *= 2);
	}
	text[len] = '\0';
	close(o[0]);
	if (out)
		*out = text;
	else
		free(text);
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int server_start(struct server *s, const char *db, const char *const *extra)
{
	int o[2];
	if (pipe(o) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(o[1], 1);
		close(o[0]);
		const char *argv[32] = {relais_bin(), "serve", "--db", db, "--listen", "127.0.0.1:0",
					"--threads", "2"};
		int n = 8;
		for (int i = 0; extra && extra[i] && n < 31; i++)
			argv[n++] = extra[i];
		argv[n] = NULL;
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(o[1]);
	char line[256];
	size_t len = 0;
	/* Wait for "listening on http://127.0.0.1:PORT\n". */
	while (len < sizeof line - 1) {
		ssize_t r = read(o[0], line + len, 1);
		if (r <= 0)
			break;
		if (line[len++] == '\n')
			break;
	}
	line[len] = '\0';
	close(o[0]);
	const char *colon = strrchr(line, ':');
	if (!strstr(line, "listening on") || !colon) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	s->pid = pid;
	s->port = atoi(colon + 1);
	return 0;
}

int server_stop(struct server *s)
{
	int status;
	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	if (waitpid(s->pid, &status, 0) != s->pid)
		return -1;
	s->pid = 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int fixture_start(struct fixture *fx, const char *const *const *setup, const char *const *users)
{
	/* The tests' "today" is the server's: the product's time zone. */
	if (!getenv("TZ"))
		setenv("TZ", "Europe/Paris", 1);
	tzset();
	memset(fx, 0, sizeof *fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/relais-http-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	const char *pg = getenv("RELAIS_TEST_DB");
	if (pg && *pg)
		snprintf(fx->db, sizeof fx->db, "%s", pg);
	else
		snprintf(fx->db, sizeof fx->db, "%s/t.db", fx->dir);
	snprintf(fx->key, sizeof fx->key, "%s/t.key", fx->dir);
	const char *init[] = {"init", "--db", fx->db, "--key-file", fx->key, NULL};
	if (relais_run(init, NULL, NULL) != 0)
		return -1;
	for (int i = 0; setup && setup[i]; i++) {
		const char *args[32];
		int n = 0;
		for (int k = 0; setup[i][k] && n < 27; k++)
			args[n++] = setup[i][k];
		args[n++] = "--db";
		args[n++] = fx->db;
		args[n++] = "--key-file";
		args[n++] = fx->key;
		args[n] = NULL;
		if (relais_run(args, NULL, NULL) != 0)
			return -1;
	}
	/* Each account gets its enrolment link from `relais user add`; once the
	   server runs, the harness enrols it through the real API. */
	char *outputs[128] = {0};
	int n = 0;
	for (int i = 0; users && users[i] && n < 128; i++, n++)
		if (user_add_cli(fx->db, fx->key, users[i], &outputs[n]) != 0)
			goto fail;
	const char *extra[] = {"--key-file", fx->key, NULL};
	if (server_start(&fx->srv, fx->db, extra) != 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		char login[128];
		snprintf(login, sizeof login, "%.*s", (int)strcspn(users[i], ":"), users[i]);
		if (enrol_from_output(fx->srv.port, fx->db, login, outputs[i], TEST_PASSWORD) != 0)
			goto fail;
	}
	for (int i = 0; i < n; i++)
		free(outputs[i]);
	return 0;
fail:
	for (int i = 0; i < n; i++)
		free(outputs[i]);
	return -1;
}

int fixture_user_add(struct fixture *fx, const char *spec)
{
	char *out = NULL;
	char login[128];
	snprintf(login, sizeof login, "%.*s", (int)strcspn(spec, ":"), spec);
	int rc = user_add_cli(fx->db, fx->key, spec, &out) == 0 &&
				 enrol_from_output(fx->srv.port, fx->db, login, out, TEST_PASSWORD) == 0
			 ? 0
			 : -1;
	free(out);
	return rc;
}

int user_add_cli(const char *db, const char *key, const char *user, char **out)
{
	char spec[256];
	snprintf(spec, sizeof spec, "%s", user);
	char *role = strchr(spec, ':');
	if (!role)
		return -1;
	*role++ = '\0';
	char *org = strchr(role, ':');
	if (org)
		*org++ = '\0';
	char *name = org ? strchr(org, ':') : NULL;
	if (name)
		*name++ = '\0';
	if (org && !*org)
		org = NULL;
	const char *args[] = {"user", "add", "--db", db, "--key-file", key,
			      "--login", spec, "--name", name ? name : spec, "--role", role,
			      org ? "--organisation" : NULL, org, NULL};
	*out = NULL;
	if (relais_run(args, NULL, out) != 0)
		return -1;
	return 0;
}

/* The accounts the harness enrolled: where, and their second factor. */
struct enrolled {
	int port;
	char db[512];
	char login[128];
	uint8_t secret[TOTP_SECRET_BYTES];
	int64_t last_step; /* the newest step a code was computed for */
};
static struct enrolled enrolled[256];
static int nenrolled;

int link_token(const char *output, char *token, size_t len)
{
	const char *p = output ? strstr(output, "enrolment link: ") : NULL;
	const char *t = p ? strstr(p, "/inscription/") : NULL;
	if (!t)
		return -1;
	t += strlen("/inscription/");
	size_t n = strcspn(t, " \r\n");
	if (n == 0 || n >= len)
		return -1;
	snprintf(token, len, "%.*s", (int)n, t);
	return 0;
}

static struct enrolled *remember(int port, const char *db, const char *login)
{
	struct enrolled *e = NULL;
	for (int i = 0; i < nenrolled && !e; i++)
		if (strcmp(enrolled[i].login, login) == 0 && strcmp(enrolled[i].db, db) == 0)
			e = &enrolled[i];
	if (!e && nenrolled < (int)(sizeof enrolled / sizeof enrolled[0]))
		e = &enrolled[nenrolled++];
	if (!e)
		return NULL;
	e->port = port;
	snprintf(e->db, sizeof e->db, "%s", db);
	snprintf(e->login, sizeof e->login, "%s", login);
	return e;
}

static struct enrolled *find_enrolled(int port, const char *login)
{
	struct enrolled *last = NULL;
	for (int i = 0; i < nenrolled; i++) {
		if (strcmp(enrolled[i].login, login) != 0)
			continue;
		if (enrolled[i].port == port)
			return &enrolled[i];
		last = &enrolled[i];
	}
	return last;
}

int enrol_link(int port, const char *db, const char *login, const char *token,
	       const char *password)
{
	char path[256];
	snprintf(path, sizeof path, "/api/v1/enrolment/%s", token);
	struct http_resp r;
	if (http_do(port, "GET", path, NULL, NULL, 0, &r) != 0)
		return -1;
	json_t *j = r.status == 200 ? http_json(&r) : NULL;
	http_resp_free(&r);
	const char *b32 = json_string_value(json_object_get(j, "totp_secret"));
	uint8_t secret[TOTP_SECRET_BYTES];
	if (!b32 || totp_secret_from_base32(b32, secret) != 0) {
		json_decref(j);
		return -1;
	}
	json_decref(j);
	int64_t now = (int64_t)time(NULL);
	char code[TOTP_CODE_MAX + 1];
	if (totp_generate(secret, sizeof secret, now, TOTP_DIGITS, code) != 0)
		return -1;
	char body[1200];
	snprintf(body, sizeof body, "{\"password\":\"%s\",\"code\":\"%s\"}", password, code);
	if (http_do(port, "POST", path, "Content-Type: application/json\r\n", body, strlen(body),
		    &r) != 0)
		return -1;
	int status = r.status;
	http_resp_free(&r);
	if (status != 200)
		return -1;
	struct enrolled *e = remember(port, db, login);
	if (!e)
		return -1;
	memcpy(e->secret, secret, sizeof secret);
	e->last_step = totp_step(now);
	return 0;
}

int enrol_from_output(int port, const char *db, const char *login, const char *output,
		      const char *password)
{
	char token[128];
	if (link_token(output, token, sizeof token) != 0)
		return -1;
	return enrol_link(port, db, login, token, password);
}

int totp_secret_of(int port, const char *login, uint8_t secret[20])
{
	struct enrolled *e = find_enrolled(port, login);
	if (!e)
		return -1;
	memcpy(secret, e->secret, TOTP_SECRET_BYTES);
	return 0;
}

int test_code(int port, const char *login, char out[16])
{
	struct enrolled *e = find_enrolled(port, login);
	out[0] = '\0';
	if (!e)
		return -1;
	int64_t now = (int64_t)time(NULL);
	int64_t step = totp_step(now);
	/* The server refuses a code whose step is not newer than the last it
	   accepted: a second sign-in within the window forgets it, behind the
	   server's back, rather than sleeping. */
	if (step <= e->last_step + TOTP_WINDOW) {
		char sql[300];
		snprintf(sql, sizeof sql, "UPDATE users SET totp_last_step = NULL WHERE login = '%s'",
			 e->login);
		if (db_sql(e->db, sql) != 0)
			return -1;
	}
	e->port = port;
	e->last_step = step;
	return totp_generate(e->secret, sizeof e->secret, now, TOTP_DIGITS, out);
}

int fixture_stop(struct fixture *fx)
{
	int status = server_stop(&fx->srv);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	return status == 0 ? 0 : -1;
}

int api_login(int port, const char *login, const char *password, struct sess *s)
{
	char body[512];
	char code[16] = "";
	test_code(port, login, code); /* "" for an account the harness did not enrol */
	snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\",\"code\":\"%s\"}",
		 login, password, code);
	struct http_resp r;
	if (http_do(port, "POST", "/api/v1/session", "Content-Type: application/json\r\n", body,
		    strlen(body), &r) != 0)
		return -1;
	int status = r.status;
	char cookie[256];
	if (s && status == 200 && http_set_cookie(&r, "relais_session", cookie, sizeof cookie)) {
		snprintf(s->cookie, sizeof s->cookie, "%.*s", (int)strcspn(cookie, ";"), cookie);
		json_t *j = http_json(&r);
		snprintf(s->csrf, sizeof s->csrf, "%s",
			 json_string_value(json_object_get(j, "csrf_token")));
		json_decref(j);
	}
	http_resp_free(&r);
	return status;
}

int http_as(int port, const struct sess *s, int csrf, const char *method, const char *path,
	    const char *json, struct http_resp *out)
{
	char headers[512] = "";
	size_t n = 0;
	if (s)
		n += (size_t)snprintf(headers + n, sizeof headers - n, "Cookie: %s\r\n", s->cookie);
	if (s && csrf)
		n += (size_t)snprintf(headers + n, sizeof headers - n, "X-CSRF-Token: %s\r\n",
				      s->csrf);
	if (json)
		snprintf(headers + n, sizeof headers - n, "Content-Type: application/json\r\n");
	struct http_resp r;
	if (http_do(port, method, path, headers, json, json ? strlen(json) : 0, &r) != 0)
		return -1;
	int status = r.status;
	if (out)
		*out = r;
	else
		http_resp_free(&r);
	return status;
}

int http_form(int port, const struct sess *s, const char *path, const char *form,
	      struct http_resp *out)
{
	char headers[512];
	char body[4096];
	snprintf(headers, sizeof headers,
		 "Cookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n",
		 s ? s->cookie : "");
	snprintf(body, sizeof body, "%s%scsrf_token=%s", form, *form ? "&" : "", s ? s->csrf : "");
	struct http_resp r;
	if (http_do(port, "POST", path, headers, body, strlen(body), &r) != 0)
		return -1;
	int status = r.status;
	if (out)
		*out = r;
	else
		http_resp_free(&r);
	return status;
}

const char *json_error(const struct http_resp *r, const char *member, char *out, size_t len)
{
	json_t *j = http_json(r);
	const char *v = json_string_value(json_object_get(json_object_get(j, "error"), member));
	snprintf(out, len, "%s", v ? v : "");
	json_decref(j);
	return out;
}

int db_sql(const char *db, const char *sql)
{
	char cmd[4096];
	if (strstr(db, "://"))
		snprintf(cmd, sizeof cmd, "psql -q -X -v ON_ERROR_STOP=1 '%s' -c \"%s\" >/dev/null",
			 db, sql);
	else
		snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"%s\"", db, sql);
	return system(cmd) == 0 ? 0 : -1;
}

int fixture_sql(const struct fixture *fx, const char *sql)
{
	return db_sql(fx->db, sql);
}

int fixture_query(const struct fixture *fx, const char *sql, const char *path)
{
	int rc = strstr(fx->db, "://")
			 ? shell("psql -q -X -A -t -v ON_ERROR_STOP=1 '%s' -c \"%s\" >'%s'", fx->db,
				 sql, path)
			 : shell("sqlite3 '%s' \"%s\" >'%s'", fx->db, sql, path);
	return rc == 0 ? 0 : -1;
}

long long fixture_count(const struct fixture *fx, const char *sql)
{
	char path[600];
	snprintf(path, sizeof path, "%s/count-%d.txt", fx->dir, (int)getpid());
	long long v = -1;
	if (fixture_query(fx, sql, path) == 0) {
		FILE *f = fopen(path, "r");
		if (f && fscanf(f, "%lld", &v) != 1)
			v = -1;
		if (f)
			fclose(f);
	}
	unlink(path);
	return v;
}

void expect_in(const struct http_resp *r, const char *needle)
{
	if (!strstr(r->body, needle))
		fail_msg("expected «%s» in the page:\n%s", needle, r->body);
}

void expect_not_in(const struct http_resp *r, const char *needle)
{
	if (strstr(r->body, needle))
		fail_msg("unexpected «%s» in the page:\n%s", needle, r->body);
}

long long created_id(struct http_resp *r)
{
	json_t *j = http_json(r);
	long long id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_resp_free(r);
	return id;
}

int new_person_case(int port, const struct sess *s, const char *org, const char *last,
		     const char *first, long long *person, long long *kase)
{
	char body[512];
	struct http_resp r;
	snprintf(body, sizeof body,
		 "{\"organisation\":\"%s\",\"last_name\":\"%s\",\"first_name\":\"%s\","
		 "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
		 org, last, first);
	if (http_as(port, s, 1, "POST", "/api/v1/persons", body, &r) != 201) {
		http_resp_free(&r);
		return -1;
	}
	*person = created_id(&r);
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"rh\","
		 "\"domains\":[\"budget\"]}",
		 *person);
	if (http_as(port, s, 1, "POST", "/api/v1/cases", body, &r) != 201) {
		http_resp_free(&r);
		return -1;
	}
	*kase = created_id(&r);
	return *person > 0 && *kase > 0 ? 0 : -1;
}

/* The whole file at path (caller frees; *len its size), or NULL when it
   cannot be read. */
static char *file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 20, n;
	char *data = malloc(cap);
	*len = 0;
	while (data && (n = fread(data + *len, 1, cap - *len, f)) > 0) {
		*len += n;
		if (*len == cap)
			data = realloc(data, cap *= 2);
	}
	int bad = ferror(f);
	fclose(f);
	if (!data || bad) {
		free(data);
		return NULL;
	}
	return data;
}

static int mem_has(const char *data, size_t len, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= len; i++)
		if (memcmp(data + i, needle, k) == 0)
			return 1;
	return 0;
}

/* Whether needle occurs in the file's bytes (0 when it cannot be read:
   for the WAL, which may be absent). */
static int file_has(const char *path, const char *needle)
{
	size_t len;
	char *data = file_read(path, &len);
	int found = data && mem_has(data, len, needle);
	free(data);
	return found;
}

/* The needle as PostgreSQL prints a bytea: lowercase hex digits. */
static void hex_of(const char *needle, char *out, size_t cap)
{
	static const char digits[] = "0123456789abcdef";
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)needle; *p && n + 2 < cap; p++) {
		out[n++] = digits[*p >> 4];
		out[n++] = digits[*p & 15];
	}
	out[n] = '\0';
}

int db_has(const struct fixture *fx, const char *needle)
{
	char path[600];
	size_t len;
	char *data;
	if (strstr(fx->db, "://")) {
		/* pg_dump warns on every data-only dump of a schema with circular
		   foreign keys: its messages are shown only when it fails. */
		char cmd[2600];
		snprintf(path, sizeof path, "%s/dump.sql", fx->dir);
		snprintf(cmd, sizeof cmd,
			 "pg_dump --data-only --no-privileges -f '%s' '%s' 2>'%s.err' || "
			 "{ cat '%s.err' >&2; exit 1; }",
			 path, fx->db, path, path);
		if (system(cmd) != 0)
			return -1;
		data = file_read(path, &len);
		unlink(path);
		if (!data)
			return -1;
		char hex[512];
		hex_of(needle, hex, sizeof hex);
		int found = mem_has(data, len, needle) || mem_has(data, len, hex);
		free(data);
		return found;
	}
	data = file_read(fx->db, &len);
	if (!data)
		return -1;
	int found = mem_has(data, len, needle);
	free(data);
	/* The WAL holds what has not been checkpointed yet; it may be absent. */
	snprintf(path, sizeof path, "%s-wal", fx->db);
	return found || file_has(path, needle);
}

void expect_api(int port, const struct sess *s, const char *method, const char *path,
		const char *body, int status, const char *field)
{
	struct http_resp r;
	char v[64];
	int got = http_as(port, s, 1, method, path, body, &r);
	if (got != status || (field && strcmp(json_error(&r, "field", v, sizeof v), field) != 0))
		fail_msg("%s %s %s: %d %s, expected %d %s", method, path, body ? body : "", got, r.body,
			 status, field ? field : "");
	http_resp_free(&r);
}

int shell(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

char *pdf_text(const struct http_resp *r)
{
	if (system("command -v pdftotext >/dev/null 2>&1") != 0)
		return NULL;
	char pdf[] = "/tmp/relais-pdf-XXXXXX";
	int fd = mkstemp(pdf);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, r->body, r->body_len), (ssize_t)r->body_len);
	close(fd);
	char txt[64];
	snprintf(txt, sizeof txt, "%s.txt", pdf);
	int rc = shell("pdftotext -enc UTF-8 %s %s", pdf, txt);
	unlink(pdf);
	assert_int_equal(rc, 0);
	FILE *f = fopen(txt, "rb");
	assert_non_null(f);
	size_t cap = 1 << 20, n = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	n = fread(text, 1, cap - 1, f);
	fclose(f);
	unlink(txt);
	text[n] = 0;
	for (size_t i = 0; i < n; i++)
		if (text[i] == '\n')
			text[i] = ' ';
	return text;
}

json_t *http_get_json(int port, const struct sess *s, const char *path)
{
	struct http_resp r;
	int status = http_as(port, s, 0, "GET", path, NULL, &r);
	if (status != 200)
		fail_msg("GET %s: %d %s", path, status, r.body ? r.body : "");
	json_t *j = http_json(&r);
	http_resp_free(&r);
	assert_non_null(j);
	return j;
}

const char *test_day(int offset)
{
	static _Thread_local char out[4][16];
	static _Thread_local int k;
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	tm.tm_mday += offset;
	tm.tm_hour = 12; /* noon: no summer time change near it */
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	localtime_r(&t, &tm);
	k = (k + 1) % 4;
	strftime(out[k], sizeof out[k], "%Y-%m-%d", &tm);
	return out[k];
}
