/*
 * copy — store_backup() and store_restore() (see whole.h): the SQLite
 * online backup API, and pg_dump / pg_restore run as child processes.
 */
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/whole.h"
#include "support/fsync.h"
#include "support/log.h"
/* last: it redirects the libraries' functions to their table */
#include "store/pqlib.h"

#define SQ_COPY_TRIES 100      /* backup steps refused as busy before giving up */
#define SQ_COPY_WAIT_MS 50     /* between two of them */
#define SINK_PIECE (1u << 20) /* bytes handed to the sink at once */

/* ---- SQLite ---- */

static int sq_snapshot_row(void *ctx, int ncols, char **vals, char **names)
{
	(void)names;
	struct store_snapshot *snap = ctx;
	if (ncols == 2) {
		snap->audit_seq = vals[0] ? strtoll(vals[0], NULL, 10) : 0;
		snprintf(snap->audit_hash, sizeof snap->audit_hash, "%s", vals[1] ? vals[1] : "");
	} else if (ncols == 1) {
		snap->schema = vals[0] ? (int)strtol(vals[0], NULL, 10) : 0;
	}
	return 0;
}

static int sq_backup(const char *path, store_snapshot_fn on_snapshot, store_bytes_fn sink,
		     void *ctx, char *err, size_t errlen)
{
	sqlite3 *src = NULL, *mem = NULL;
	sqlite3_backup *b = NULL;
	unsigned char *image = NULL;
	int rc = -1;
	if (access(path, F_OK) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_open(":memory:", &mem) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 src ? sqlite3_errmsg(src) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(src, 5000);
	/* One step over every page: the copy is read in one read transaction,
	   a snapshot of the last commit, while writers go on (WAL). */
	b = sqlite3_backup_init(mem, "main", src, "main");
	if (!b) {
		snprintf(err, errlen, "backup of %s: %s", path, sqlite3_errmsg(mem));
		goto out;
	}
	int r, tries = 0;
	while ((r = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || r == SQLITE_LOCKED) {
		if (++tries > SQ_COPY_TRIES)
			break;
		sqlite3_sleep(SQ_COPY_WAIT_MS);
	}
	if (r != SQLITE_DONE) {
		snprintf(err, errlen, "backup of %s: %s", path, sqlite3_errstr(r));
		goto out;
	}
	sqlite3_backup_finish(b);
	b = NULL;
	struct store_snapshot snap = {0, "", 0};
	char *msg = NULL;
	if (sqlite3_exec(mem,
			 "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1;"
			 "SELECT MAX(version) FROM schema_migrations",
			 sq_snapshot_row, &snap, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "reading the copy of %s: %s", path, msg ? msg : "?");
		sqlite3_free(msg);
		goto out;
	}
	sqlite3_int64 size = 0;
	image = sqlite3_serialize(mem, "main", &size, 0);
	if (!image) {
		snprintf(err, errlen, "backup of %s: out of memory", path);
		goto out;
	}
	if (on_snapshot(ctx, &snap) != 0)
		goto out;
	for (sqlite3_int64 at = 0; at < size;) {
		size_t n = size - at > SINK_PIECE ? SINK_PIECE : (size_t)(size - at);
		if (sink(ctx, image + at, n) != 0)
			goto out;
		at += (sqlite3_int64)n;
	}
	rc = 0;
out:
	if (b)
		sqlite3_backup_finish(b);
	sqlite3_free(image);
	sqlite3_close_v2(mem);
	sqlite3_close_v2(src);
	return rc;
}

static int sq_check_row(void *ctx, int ncols, char **vals, char **names)
{
	(void)names;
	int *bad = ctx;
	if (ncols < 1 || !vals[0] || strcmp(vals[0], "ok") != 0)
		*bad = 1;
	return 0;
}

static int sq_restore(const char *target, const char *file, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	int bad = 0;
	/* The copy is checked and put back in WAL mode before it goes in place. */
	if (sqlite3_open_v2(file, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA integrity_check", sq_check_row, &bad, &msg) != SQLITE_OK ||
	    bad || sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "the restored copy does not pass integrity_check: %s",
			 msg ? msg : bad ? "damaged" : db ? sqlite3_errmsg(db) : "?");
		sqlite3_free(msg);
		sqlite3_close_v2(db);
		return -1;
	}
	if (sqlite3_close(db) != SQLITE_OK || fsync_path(file) != 0) {
		snprintf(err, errlen, "cannot finish %s: %s", file, strerror(errno));
		return -1;
	}
	/* A -wal left by the old database would be replayed into the new one. */
	char side[4096];
	const char *ext[] = {"-wal", "-shm"};
	for (int i = 0; i < 2; i++) {
		if ((size_t)snprintf(side, sizeof side, "%s%s", target, ext[i]) >= sizeof side ||
		    (unlink(side) != 0 && errno != ENOENT)) {
			snprintf(err, errlen, "cannot remove %s: %s", side, strerror(errno));
			return -1;
		}
	}
	if (rename(file, target) != 0) {
		snprintf(err, errlen, "cannot move the restored copy to %s: %s", target,
			 strerror(errno));
		return -1;
	}
	/* The rename itself survives a crash once the directory is synced. */
	if (fsync_dir_of(target) != 0)
		log_warn("store: cannot sync the directory of %s: %s", target, strerror(errno));
	return 0;
}

/* ---- PostgreSQL ---- */

/* Runs argv (argv[0] looked up in PATH) with stdout to a pipe when out is
   not NULL (*out gets its read end); the child's pid, or -1. */
static pid_t spawn(char *const argv[], int *out)
{
	int fds[2] = {-1, -1};
	if (out && pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		if (out) {
			dup2(fds[1], STDOUT_FILENO);
			close(fds[0]);
			close(fds[1]);
		}
		execvp(argv[0], argv);
		fprintf(stderr, "relais: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (out) {
		close(fds[1]);
		if (pid < 0)
			close(fds[0]);
		else
			*out = fds[0];
	}
	return pid;
}

/* Waits for pid; 0 when it exited 0, else -1 with err naming what. */
static int reap(pid_t pid, const char *what, char *err, size_t errlen)
{
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(err, errlen, "%s: %s", what, strerror(errno));
			return -1;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		snprintf(err, errlen, "%s failed (exit status %d, see its messages above)", what,
			 WEXITSTATUS(status));
	else
		snprintf(err, errlen, "%s was stopped by signal %d", what,
			 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return -1;
}

/* One value of a one-row result, copied; 0 or -1 with err. */
static int pg_value(PGconn *c, const char *sql, char *out, size_t outlen, char *err,
		    size_t errlen)
{
	PGresult *res = PQexec(c, sql);
	int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (ok)
		snprintf(out, outlen, "%s",
			 PQntuples(res) > 0 && !PQgetisnull(res, 0, 0) ? PQgetvalue(res, 0, 0) : "");
	else
		snprintf(err, errlen, "%s", PQerrorMessage(c));
	PQclear(res);
	return ok ? 0 : -1;
}

static int pg_backup(const char *uri, store_snapshot_fn on_snapshot, store_bytes_fn sink,
		     void *ctx, char *err, size_t errlen)
{
	int rc = -1, fd = -1;
	pid_t pid = -1;
	if (pqlib_load() != 0) {
		snprintf(err, errlen, "cannot connect to PostgreSQL: libpq cannot be loaded");
		return -1;
	}
	PGconn *c = PQconnectdb(uri);
	if (PQstatus(c) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot connect to PostgreSQL: %s", PQerrorMessage(c));
		goto out;
	}
	/* pg_dump reads the snapshot this transaction exports, so the head of
	   the audit chain read here is the one in the dump. */
	char id[128], seq[32], schema[32];
	struct store_snapshot snap = {0, "", 0};
	PGresult *res = PQexec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
	int began = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (!began) {
		snprintf(err, errlen, "%s", PQerrorMessage(c));
		goto out;
	}
	if (pg_value(c, "SELECT pg_export_snapshot()", id, sizeof id, err, errlen) != 0 ||
	    pg_value(c, "SELECT id FROM audit_log ORDER BY id DESC LIMIT 1", seq, sizeof seq, err,
		     errlen) != 0 ||
	    pg_value(c, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", snap.audit_hash,
		     sizeof snap.audit_hash, err, errlen) != 0 ||
	    pg_value(c, "SELECT MAX(version) FROM schema_migrations", schema, sizeof schema, err,
		     errlen) != 0)
		goto out;
	snap.audit_seq = strtoll(seq, NULL, 10);
	snap.schema = (int)strtol(schema, NULL, 10);
	if (on_snapshot(ctx, &snap) != 0)
		goto out;
	size_t dlen = strlen(uri) + 16, slen = strlen(id) + 16;
	char *dbname = malloc(dlen), *snapshot = malloc(slen);
	if (!dbname || !snapshot)
		log_fatal("out of memory");
	snprintf(dbname, dlen, "--dbname=%s", uri);
	snprintf(snapshot, slen, "--snapshot=%s", id);
	char *argv[] = {"pg_dump", "--format=custom", snapshot, dbname, NULL};
	pid = spawn(argv, &fd);
	free(dbname);
	free(snapshot);
	if (pid < 0) {
		snprintf(err, errlen, "cannot start pg_dump: %s", strerror(errno));
		goto out;
	}
	static unsigned char piece[65536];
	for (;;) {
		ssize_t n = read(fd, piece, sizeof piece);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "reading pg_dump's output: %s", strerror(errno));
			break;
		}
		if (n == 0) {
			rc = 0;
			break;
		}
		if (sink(ctx, piece, (size_t)n) != 0)
			break;
	}
	if (rc != 0)
		kill(pid, SIGTERM);
	close(fd);
	fd = -1;
	if (reap(pid, "pg_dump", err, errlen) != 0)
		rc = -1;
out:
	if (fd >= 0)
		close(fd);
	PQfinish(c);
	return rc;
}

static int pg_restore_file(const char *uri, const char *file, char *err, size_t errlen)
{
	size_t dlen = strlen(uri) + 16;
	char *dbname = malloc(dlen);
	if (!dbname)
		log_fatal("out of memory");
	snprintf(dbname, dlen, "--dbname=%s", uri);
	char *argv[] = {"pg_restore",	  "--clean",	       "--if-exists", "--single-transaction",
			"--exit-on-error", "--no-owner",       "--no-privileges", dbname,
			(char *)file,	   NULL};
	pid_t pid = spawn(argv, NULL);
	free(dbname);
	if (pid < 0) {
		snprintf(err, errlen, "cannot start pg_restore: %s", strerror(errno));
		return -1;
	}
	return reap(pid, "pg_restore", err, errlen);
}

int store_backup(const char *uri, store_snapshot_fn on_snapshot, store_bytes_fn sink, void *ctx,
		 char *err, size_t errlen)
{
	return store_uri_kind(uri) == STORE_SQLITE
		       ? sq_backup(uri, on_snapshot, sink, ctx, err, errlen)
		       : pg_backup(uri, on_snapshot, sink, ctx, err, errlen);
}

int store_restore(const char *uri, const char *file, char *err, size_t errlen)
{
	return store_uri_kind(uri) == STORE_SQLITE ? sq_restore(uri, file, err, errlen)
						   : pg_restore_file(uri, file, err, errlen);
}
