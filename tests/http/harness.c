/* harness — see harness.h. */
#include "http/harness.h"

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
