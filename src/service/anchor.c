/* anchor — the access log's anchor file, see internal.h and audit.h. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/audit_chain.h"
#include "service/internal.h"
#include "support/log.h"
#include "support/slog.h"

struct anchor {
	pthread_mutex_t lock; /* one line at a time, in commit order per server */
	pthread_cond_t synced_cv; /* a sync finished */
	int64_t written;      /* lines written */
	int64_t synced;       /* lines known synced */
	int syncing;          /* a thread is in fsync */
	int fd;               /* O_APPEND */
	int use_syslog;
	char *path;
	char server[AUDIT_ANCHOR_SERVER_MAX + 1];
};

/* The host name, with what a server id may not hold replaced by '-'. */
static void host_id(char out[AUDIT_ANCHOR_SERVER_MAX + 1])
{
	char host[256] = "";
	if (gethostname(host, sizeof host - 1) != 0 || !host[0])
		snprintf(host, sizeof host, "relais");
	size_t n = 0;
	for (; host[n] && n < AUDIT_ANCHOR_SERVER_MAX; n++) {
		char c = host[n];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 c == '.' || c == '_' || c == '-';
		out[n] = ok ? c : '-';
	}
	out[n] = '\0';
}

struct anchor *anchor_open(const char *path, const char *server_id, int use_syslog, char *err,
			   size_t errlen)
{
	if (server_id && !audit_anchor_server_ok(server_id)) {
		snprintf(err, errlen,
			 "invalid server id '%s': 1 to %d letters, digits, '.', '_' or '-'",
			 server_id, AUDIT_ANCHOR_SERVER_MAX);
		return NULL;
	}
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen,
			 "cannot open the audit anchor %s: %s (choose another place with --anchor)",
			 path, strerror(errno));
		return NULL;
	}
	struct anchor *an = calloc(1, sizeof *an);
	if (!an || !(an->path = strdup(path)))
		log_fatal("out of memory");
	pthread_mutex_init(&an->lock, NULL);
	pthread_cond_init(&an->synced_cv, NULL);
	an->fd = fd;
	an->use_syslog = use_syslog;
	if (server_id)
		snprintf(an->server, sizeof an->server, "%s", server_id);
	else
		host_id(an->server);
	if (use_syslog)
		slog_open();
	return an;
}

void anchor_close(struct anchor *an)
{
	if (!an)
		return;
	close(an->fd);
	if (an->use_syslog)
		slog_close();
	pthread_cond_destroy(&an->synced_cv);
	pthread_mutex_destroy(&an->lock);
	free(an->path);
	free(an);
}

const char *anchor_path(const struct anchor *an)
{
	return an ? an->path : NULL;
}

/* Appends one formatted line of n bytes and syncs it; 0 or -1 (logged). */
static int append_line(struct anchor *an, const char *line, int n, int64_t seq)
{
	int rc = 0;
	pthread_mutex_lock(&an->lock);
	/* One write() of the whole line: appended at once or not at all. */
	ssize_t w;
	do
		w = write(an->fd, line, (size_t)n);
	while (w < 0 && errno == EINTR);
	int err = w < 0 ? errno : 0;
	int64_t mine = ++an->written;
	if (an->use_syslog)
		slog_notice(line, (size_t)n - 1);
	/* Group commit: one fsync covers every line written before it, so
	   concurrent commits share a sync instead of queueing for one each. */
	while (an->synced < mine && an->syncing)
		pthread_cond_wait(&an->synced_cv, &an->lock);
	int sync_rc = 0;
	if (an->synced < mine) {
		int64_t upto = an->written;
		an->syncing = 1;
		pthread_mutex_unlock(&an->lock);
		sync_rc = fsync(an->fd);
		if (sync_rc != 0)
			err = errno;
		pthread_mutex_lock(&an->lock);
		an->syncing = 0;
		if (sync_rc == 0)
			an->synced = upto;
		pthread_cond_broadcast(&an->synced_cv);
	}
	pthread_mutex_unlock(&an->lock);
	if (w != (ssize_t)n || sync_rc != 0) {
		log_error("audit anchor %s: cannot append the head %lld: %s", an->path,
			  (long long)seq, err ? strerror(err) : "short write");
		rc = -1;
	}
	return rc;
}

static void fill(const struct anchor *an, struct audit_anchor *a, int kind, int64_t seq,
		 const char *hash)
{
	memset(a, 0, sizeof *a);
	a->kind = (enum audit_anchor_kind)kind;
	a->seq = seq;
	a->at = (int64_t)time(NULL);
	snprintf(a->server, sizeof a->server, "%s", an->server);
	snprintf(a->hash, sizeof a->hash, "%s", hash ? hash : "");
}

int anchor_append(struct anchor *an, const uint8_t key[SEC_KEY_BYTES], int kind, int64_t seq,
		  const char *hash)
{
	if (!an)
		return 0;
	struct audit_anchor a;
	fill(an, &a, kind, seq, hash);
	char line[AUDIT_ANCHOR_LINE_MAX];
	int n = audit_anchor_format(key, &a, line, sizeof line);
	if (n < 0) {
		log_error("audit anchor: cannot format the head %lld", (long long)seq);
		return -1;
	}
	return append_line(an, line, n, seq);
}

int anchor_append_rotation(struct anchor *an, const uint8_t old_key[SEC_KEY_BYTES],
			   const uint8_t new_key[SEC_KEY_BYTES], int64_t seq, const char *hash)
{
	if (!an)
		return 0;
	struct audit_anchor a;
	fill(an, &a, AUDIT_ANCHOR_ROTATE, seq, hash);
	char line[AUDIT_ANCHOR_LINE_MAX];
	int n = audit_anchor_format_rotation(old_key, new_key, &a, line, sizeof line);
	if (n < 0) {
		log_error("audit anchor: cannot format the rotation at %lld", (long long)seq);
		return -1;
	}
	return append_line(an, line, n, seq);
}
