/*
 * test_faults — fault injection (issue 12): the real programs run over
 * tests/faults/testvfs.so (LD_PRELOAD), which fails their Nth write (an
 * I/O error or a full disk) or their Nth sync, swept over N:
 *
 *   - three HTTP flows, each on a fresh copy of one prepared service:
 *     a person and her case; an intervention and an aid request on a case;
 *     a head publishing the employers' bilans of a closed year;
 *   - two commands: `relais organisation add` and `relais import persons`;
 *   - the store suite itself (build/tests/test_store, or STORE_BIN): a
 *     fault there must end as a failed test, never as a crash.
 *
 * Every failure must be clean: each answer is a 2xx, or a 500 with the
 * French message of an internal error (never a crash, a hang or a 200 that
 * did not write); a command exits 0 or non-zero, never on a signal; the
 * server still answers after a passing fault and stops gracefully.  After
 * each run, on the real file: PRAGMA integrity_check says ok, `relais audit
 * verify` passes, and each write is whole or absent (the rows a 201 created
 * are there; a refused write left no row).
 *
 * A first run without a fault counts the writes and syncs (TESTVFS_COUNT)
 * of each scenario: N goes over 1..count.  FAULTS=full sweeps every N of
 * every kind (the store suite: 40 of each kind); otherwise a few N spread
 * over the range (3 writes failing once, 2 disk full, 2 syncs, 1 dead
 * disk; the store suite 2 of each; FAULTS_STEPS=K: K of each).  Runs
 * within one scenario use TESTVFS_SYNC=0 (durability is not what is
 * tested here, and fsync is the slow part).  TESTVFS_SO names the VFS
 * (build/tests/testvfs.so).  Under the ASan build (RELAIS_BIN and STORE_BIN
 * of build/asan, ASAN_OPTIONS with verify_asan_link_order=0 so the VFS may
 * be preloaded before the ASan runtime) a sanitizer report fails the run;
 * make faults does that after the full sweep.  Speaks TAP: one test per scenario and kind,
 * its runs, N range and seconds in the name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/harness.h"

#define INTERNAL_ERROR "Une erreur interne est survenue"

static char dir[64];           /* the work directory */
static char tpl_db[PATH_MAX]; /* the prepared service */
static char key[PATH_MAX];
static char db[PATH_MAX];     /* the copy a run works on */
static char count_path[PATH_MAX];
static char vfs[PATH_MAX];
static long case_id;          /* the prepared case (flow "intervention") */
static struct sess w1_sess, head_sess; /* signed in once, in the prepared service */
static int full_sweep, steps;

/* ---- small helpers ---- */

/* The fault for the programs started next (kind NULL: none). */
static void fault_env(const char *kind, long n, int sticky)
{
	setenv("LD_PRELOAD", vfs, 1);
	setenv("TESTVFS_COUNT", count_path, 1);
	unlink(count_path);
	if (kind) {
		char spec[64];
		snprintf(spec, sizeof spec, "%s:%ld%s", kind, n, sticky ? "+" : "");
		setenv("TESTVFS_FAIL", spec, 1);
	} else {
		unsetenv("TESTVFS_FAIL");
	}
}

static void fault_env_clear(void)
{
	unsetenv("TESTVFS_SYNC");
	unsetenv("LD_PRELOAD");
	unsetenv("TESTVFS_COUNT");
	unsetenv("TESTVFS_FAIL");
}

/* The writes and syncs the last program over the VFS counted. */
static void counts(long *writes, long *syncs)
{
	*writes = *syncs = 0;
	FILE *f = fopen(count_path, "r");
	char line[128];
	while (f && fgets(line, sizeof line, f)) {
		sscanf(line, "writes %ld", writes);
		sscanf(line, "syncs %ld", syncs);
	}
	if (f)
		fclose(f);
}

/* A fresh copy of the prepared service (the WAL was checkpointed away by
   the graceful stop), with the access log's anchor that goes with it: the
   database put back without it would be an older copy restored. */
static int fresh_copy(void)
{
	return shell("rm -f '%s' '%s-wal' '%s-shm' && cp '%s' '%s' && cp '%s.anchor' '%s.anchor'", db,
		     db, db, tpl_db, db, tpl_db, db);
}

/* The audit chain of the run's database. */
static int audit_check(char *why, size_t len)
{
	const char *args[] = {"audit", "verify", "--db", db, "--key-file", key, NULL};
	if (relais_run(args, NULL, NULL) != 0) {
		snprintf(why, len, "relais audit verify failed");
		return -1;
	}
	return 0;
}

/* ---- the scenarios ---- */

#define MAX_STEPS 3
#define MAX_TABLES 3

/* One write: a request (path and body may hold "{id}", the id the step
   before created, or "{case}", the prepared case) or a command (argv after
   the binary; "--db DB --key-file KEY" added), and the tables it writes. */
struct step {
	const char *method, *path, *body;
	const char *const *argv;
	const char *tables[MAX_TABLES];
};

struct scenario {
	const char *name;
	const char *login; /* NULL: commands */
	struct step steps[MAX_STEPS];
	long base[MAX_STEPS][MAX_TABLES];  /* rows in the prepared service */
	long delta[MAX_STEPS][MAX_TABLES]; /* rows each step adds, from the dry run */
	long writes, syncs;                /* counted by the dry run */
};

/* What one run saw; why is set on the first violation. */
struct run {
	char why[512];
	int sticky;
	int done[MAX_STEPS]; /* 1: acknowledged (2xx, exit 0); -1: refused; 0: not tried */
};

static void violation(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void violation(struct run *r, const char *fmt, ...)
{
	if (r->why[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, fmt, ap);
	va_end(ap);
}

/* text with "{id}" and "{case}" replaced. */
static const char *fill(char *out, size_t len, const char *text, long long id)
{
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = text; p && *p && n + 24 < len;) {
		if (strncmp(p, "{id}", 4) == 0) {
			n += (size_t)snprintf(out + n, len - n, "%lld", id);
			p += 4;
		} else if (strncmp(p, "{case}", 6) == 0) {
			n += (size_t)snprintf(out + n, len - n, "%ld", case_id);
			p += 6;
		} else {
			out[n++] = *p++;
			out[n] = '\0';
		}
	}
	return text ? out : NULL;
}

/* One request, checked: a 2xx (1, *id set), a 500 with the French message
   of an internal error (-1), or a violation (-1). */
static int request(struct run *r, int port, const struct sess *s, const char *method,
		   const char *path, const char *body, long long *id)
{
	struct http_resp resp;
	int status = http_as(port, s, 1, method, path, body, &resp);
	if (status < 0) {
		violation(r, "%s %s: no answer (the server died?)", method, path);
		return -1;
	}
	if (status >= 200 && status < 300) {
		json_t *j = http_json(&resp);
		*id = json_integer_value(json_object_get(j, "id"));
		json_decref(j);
		http_resp_free(&resp);
		return 1;
	}
	if (status != 500 || !strstr(resp.body, INTERNAL_ERROR))
		violation(r, "%s %s: %d %.200s", method, path, status, resp.body);
	http_resp_free(&resp);
	return -1;
}

/* Runs the scenario's requests against a server over the VFS (already set
   in the environment); 0, or -1 when the server did not start. */
static int run_http(const struct scenario *sc, struct run *r)
{
	struct server srv;
	const char *extra[] = {"--key-file", key, NULL};
	if (server_start(&srv, db, extra) != 0) {
		violation(r, "the server did not start");
		return -1;
	}
	const struct sess *s = strcmp(sc->login, "w1") == 0 ? &w1_sess : &head_sess;
	long long id = 0;
	for (int i = 0; i < MAX_STEPS && sc->steps[i].method; i++) {
		char path[256], body[1024];
		r->done[i] = request(r, srv.port, s, sc->steps[i].method,
				     fill(path, sizeof path, sc->steps[i].path, id),
				     fill(body, sizeof body, sc->steps[i].body, id), &id);
		if (r->done[i] < 0)
			break;
	}
	/* A passing fault leaves a server that still answers. */
	if (!r->sticky && http_as(srv.port, s, 0, "GET", "/api/v1/me", NULL, NULL) != 200)
		violation(r, "the server no longer answers after the fault");
	int stopped = server_stop(&srv);
	/* A dead disk may make the last checkpoint fail: an exit status, not a
	   signal. */
	if (stopped < 0 || (!r->sticky && stopped != 0))
		violation(r, "the server did not stop gracefully (%d)", stopped);
	return 0;
}

static void run_commands(const struct scenario *sc, struct run *r)
{
	for (int i = 0; i < MAX_STEPS && sc->steps[i].argv; i++) {
		const char *args[24];
		int n = 0;
		for (int k = 0; sc->steps[i].argv[k] && n < 19; k++)
			args[n++] = sc->steps[i].argv[k];
		args[n++] = "--db";
		args[n++] = db;
		args[n++] = "--key-file";
		args[n++] = key;
		args[n] = NULL;
		int rc = relais_run(args, NULL, NULL);
		if (rc < 0)
			violation(r, "relais %s %s: killed by a signal", args[0], args[1]);
		r->done[i] = rc == 0 ? 1 : -1;
		if (rc != 0)
			break;
	}
}

/* The integrity check and the rows of every table of the scenario, in one
   sqlite3 run on the real file: 0, or -1 (why set). */
static int inspect(const struct scenario *sc, long now[MAX_STEPS][MAX_TABLES], char *why,
		   size_t len)
{
	char cmd[2048];
	size_t n = (size_t)snprintf(cmd, sizeof cmd, "env -u LD_PRELOAD sqlite3 '%s' "
				    "'PRAGMA integrity_check;",
				    db);
	for (int i = 0; i < MAX_STEPS; i++)
		for (int t = 0; t < MAX_TABLES && sc->steps[i].tables[t]; t++)
			n += (size_t)snprintf(cmd + n, sizeof cmd - n, " SELECT count(*) FROM %s;",
					      sc->steps[i].tables[t]);
	snprintf(cmd + n, sizeof cmd - n, "'");
	FILE *p = popen(cmd, "r");
	char line[256] = "";
	int ok = p && fgets(line, sizeof line, p) && strcmp(line, "ok\n") == 0;
	for (int i = 0; ok && i < MAX_STEPS; i++)
		for (int t = 0; ok && t < MAX_TABLES && sc->steps[i].tables[t]; t++)
			ok = fgets(line, sizeof line, p) && sscanf(line, "%ld", &now[i][t]) == 1;
	if (p)
		pclose(p);
	if (!ok)
		snprintf(why, len, "PRAGMA integrity_check failed: %.200s", line);
	return ok ? 0 : -1;
}

/* Each step whole or absent, as its answer said. */
static void check_rows(const struct scenario *sc, struct run *r)
{
	long now[MAX_STEPS][MAX_TABLES];
	if (inspect(sc, now, r->why, sizeof r->why) != 0)
		return;
	for (int i = 0; i < MAX_STEPS && (sc->steps[i].method || sc->steps[i].argv); i++) {
		for (int t = 0; t < MAX_TABLES && sc->steps[i].tables[t]; t++) {
			long want = sc->base[i][t] + (r->done[i] > 0 ? sc->delta[i][t] : 0);
			if (now[i][t] != want)
				violation(r, "step %d %s: %ld row(s) in %s, expected %ld (%s)", i + 1,
					  r->done[i] > 0 ? "acknowledged" : "refused or not tried",
					  now[i][t], sc->steps[i].tables[t], want,
					  r->done[i] > 0 ? "a lost write" : "a half or phantom write");
		}
	}
}

/* One run of the scenario on a fresh copy, with the fault given (kind
   NULL: the dry run, which records the deltas and the counts). */
static void run_once(struct scenario *sc, const char *kind, long n, int sticky, struct run *r)
{
	memset(r, 0, sizeof *r);
	r->sticky = sticky;
	if (fresh_copy() != 0) {
		violation(r, "cannot copy the prepared service");
		return;
	}
	if (!kind) {
		long now[MAX_STEPS][MAX_TABLES];
		if (inspect(sc, now, r->why, sizeof r->why) != 0)
			return;
		memcpy(sc->base, now, sizeof now);
	}
	fault_env(kind, n, sticky);
	setenv("TESTVFS_SYNC", "0", 1);
	if (sc->login)
		run_http(sc, r);
	else
		run_commands(sc, r);
	fault_env_clear();
	if (!kind) {
		counts(&sc->writes, &sc->syncs);
		long now[MAX_STEPS][MAX_TABLES];
		if (inspect(sc, now, r->why, sizeof r->why) != 0)
			return;
		for (int i = 0; i < MAX_STEPS; i++) {
			if (r->done[i] < 0)
				violation(r, "the dry run failed at step %d", i + 1);
			for (int t = 0; t < MAX_TABLES && sc->steps[i].tables[t]; t++)
				sc->delta[i][t] = now[i][t] - sc->base[i][t];
		}
	}
	if (!r->why[0])
		check_rows(sc, r);
	if (!r->why[0])
		audit_check(r->why, sizeof r->why);
}

/* ---- the sweep ---- */

static int tap_n;
static int failures;
static long total_runs;

/* The i-th of count N spread evenly over 1..max (the middles of count
   equal parts: the ends are start-up and shut-down writes). */
static long nth(long max, int i, int count)
{
	return 1 + (long)((double)max * (2 * i + 1) / (2 * count));
}

/* Sweeps N over 1..max of kind: every N (FAULTS=full) or `bounded` of them. */
static void sweep(struct scenario *sc, const char *kind, int sticky, int bounded)
{
	long max = strcmp(kind, "sync") == 0 ? sc->syncs : sc->writes;
	if (steps)
		bounded = steps;
	int count = full_sweep || max <= bounded ? (int)max : bounded;
	long runs = 0, refused_runs = 0;
	char why[700] = "";
	time_t t0 = time(NULL);
	for (int i = 0; i < count && !why[0]; i++) {
		long n = full_sweep || max <= bounded ? i + 1 : nth(max, i, count);
		struct run r;
		run_once(sc, kind, n, sticky, &r);
		runs++;
		for (int k = 0; k < MAX_STEPS; k++)
			if (r.done[k] < 0) {
				refused_runs++;
				break;
			}
		if (r.why[0])
			snprintf(why, sizeof why, "N=%ld: %s", n, r.why);
	}
	total_runs += runs;
	printf("%sok %d - %s, %s%s: %ld run(s) over N in 1..%ld, %ld refused cleanly (%lds)%s%s\n",
	       why[0] ? "not " : "", ++tap_n, sc->name, kind, sticky ? " (and every one after)" : "",
	       runs, max, refused_runs, (long)(time(NULL) - t0), why[0] ? ": " : "", why);
	fflush(stdout);
	failures += why[0] != 0;
}

/* ---- the store suite over the VFS ---- */

/* Runs the store suite (its tests each on a fresh SQLite file) with the
   fault given; 0 when it ended on its own (not on a signal, no sanitizer
   or cmocka exception report), *failed_tests its failures. */
static int store_suite(const char *bin, const char *kind, long n, int *failed_tests, char *why,
		       size_t len)
{
	char out[PATH_MAX];
	snprintf(out, sizeof out, "%s/store.out", dir);
	fault_env(kind, n, 0);
	setenv("TESTVFS_SYNC", "0", 1);
	unsetenv("RELAIS_TEST_DB");
	/* Under ASan, a test that fails an assertion skips its own clean-up
	   (cmocka jumps out of it): its leaks are the test's, not the store's.
	   Memory errors still end the run. */
	const char *asan = getenv("ASAN_OPTIONS");
	char *saved = asan ? strdup(asan) : NULL;
	char opts[1024];
	snprintf(opts, sizeof opts, "%s%sdetect_leaks=0", asan ? asan : "", asan ? ":" : "");
	setenv("ASAN_OPTIONS", opts, 1);
	int st = shell("'%s' >'%s' 2>&1", bin, out);
	if (saved)
		setenv("ASAN_OPTIONS", saved, 1);
	else
		unsetenv("ASAN_OPTIONS");
	free(saved);
	fault_env_clear();
	*failed_tests = 0;
	FILE *f = fopen(out, "r");
	char line[512];
	int bad = 0;
	while (f && fgets(line, sizeof line, f)) {
		if (strncmp(line, "not ok ", 7) == 0 || strstr(line, "[  FAILED  ] test_"))
			(*failed_tests)++;
		if (!bad && (strstr(line, "exception") || strstr(line, "Sanitizer") ||
			     strstr(line, "Segmentation") || strstr(line, "Aborted"))) {
			bad = 1;
			snprintf(why, len, "%.200s", line);
		}
	}
	if (f)
		fclose(f);
	if (!bad && (st < 0 || st > 100)) {
		bad = 1;
		snprintf(why, len, "the suite ended with status %d", st);
	}
	return bad ? -1 : 0;
}

static void sweep_store(void)
{
	const char *bin = getenv("STORE_BIN");
	if (!bin || !*bin)
		bin = "build/tests/test_store";
	time_t t0 = time(NULL);
	char why[512] = "";
	int failed_tests;
	long writes = 0, syncs = 0;
	if (store_suite(bin, NULL, 0, &failed_tests, why, sizeof why) == 0 && failed_tests)
		snprintf(why, sizeof why, "%d test(s) fail without a fault", failed_tests);
	counts(&writes, &syncs);
	printf("%sok %d - the store suite over the VFS without a fault: %ld write(s), %ld sync(s)%s%s\n",
	       why[0] ? "not " : "", ++tap_n, writes, syncs, why[0] ? ": " : "", why);
	failures += why[0] != 0;
	static const char *const kinds[] = {"write", "full", "sync"};
	for (int k = 0; k < 3; k++) {
		long max = k == 2 ? syncs : writes;
		/* Every N would take hours (thousands of writes, a whole suite each):
		   FAULTS=full runs 40 of each kind, spread evenly. */
		int count = full_sweep ? 40 : 2;
		if (max < count)
			count = (int)max;
		long runs = 0, seen = 0;
		t0 = time(NULL);
		why[0] = '\0';
		for (int i = 0; i < count && !why[0]; i++) {
			long n = nth(max, i, count);
			char w[300] = "";
			if (store_suite(bin, kinds[k], n, &failed_tests, w, sizeof w) != 0)
				snprintf(why, sizeof why, "N=%ld: %s", n, w);
			runs++;
			seen += failed_tests > 0;
		}
		total_runs += runs;
		printf("%sok %d - the store suite, %s: %ld run(s) over N in 1..%ld, %ld reported the "
		       "failure as a failed test, none crashed (%lds)%s%s\n",
		       why[0] ? "not " : "", ++tap_n, kinds[k], runs, max, seen,
		       (long)(time(NULL) - t0), why[0] ? ": " : "", why);
		fflush(stdout);
		failures += why[0] != 0;
	}
}

/* ---- the prepared service ---- */

static int prepare(void)
{
	snprintf(tpl_db, sizeof tpl_db, "%s/tpl.db", dir);
	snprintf(key, sizeof key, "%s/t.key", dir);
	snprintf(db, sizeof db, "%s/run.db", dir);
	snprintf(count_path, sizeof count_path, "%s/count", dir);
	const char *const init[] = {"init", "--db", tpl_db, "--key-file", key, NULL};
	const char *const acme[] = {"organisation", "add", "--code", "acme", "--name", "ACME",
				    "--kind", "entreprise", "--db", tpl_db, "--key-file", key, NULL};
	const char *const beta[] = {"organisation", "add", "--code", "beta", "--name", "Bêta",
				    "--kind", "collectivite", "--db", tpl_db, "--key-file", key, NULL};
	if (relais_run(init, NULL, NULL) != 0 || relais_run(acme, NULL, NULL) != 0 ||
	    relais_run(beta, NULL, NULL) != 0)
		return -1;
	const char *users[] = {"w1:worker", "head1:head"};
	char *added[2] = {NULL, NULL};
	for (int i = 0; i < 2; i++)
		if (user_add_cli(tpl_db, key, users[i], &added[i]) != 0)
			return -1;
	struct server srv;
	const char *extra[] = {"--key-file", key, NULL};
	if (server_start(&srv, tpl_db, extra) != 0)
		return -1;
	/* Each account enrols through its link (harness.h). */
	int enrolled = enrol_from_output(srv.port, tpl_db, "w1", added[0], TEST_PASSWORD) == 0 &&
		       enrol_from_output(srv.port, tpl_db, "head1", added[1], TEST_PASSWORD) == 0;
	free(added[0]);
	free(added[1]);
	if (!enrolled) {
		server_stop(&srv);
		return -1;
	}
	struct sess head, w1;
	struct http_resp r;
	/* Signed in once: the runs reuse the sessions (a sign-in costs a
	   password hash). */
	int ok = api_login(srv.port, "head1", TEST_PASSWORD, &head) == 200 &&
		 http_as(srv.port, &head, 1, "POST", "/api/v1/organisations/acme/workers",
			 "{\"login\":\"w1\"}", NULL) == 200 &&
		 api_login(srv.port, "w1", TEST_PASSWORD, &w1) == 200 &&
		 http_as(srv.port, &w1, 1, "POST", "/api/v1/persons",
			 "{\"organisation\":\"acme\",\"last_name\":\"Quérel\",\"first_name\":\"Sonia\","
			 "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
			 &r) == 201;
	long long person = ok ? created_id(&r) : 0;
	char body[256];
	snprintf(body, sizeof body,
		 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"agent\","
		 "\"domains\":[\"budget\",\"logement\"]}",
		 person);
	ok = ok && http_as(srv.port, &w1, 1, "POST", "/api/v1/cases", body, &r) == 201;
	case_id = ok ? (long)created_id(&r) : 0;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/cases/%ld/interventions", case_id);
	ok = ok && http_as(srv.port, &w1, 1, "POST", path,
			   "{\"date\":\"2024-03-06\",\"mode\":\"bureau\",\"kind\":\"entretien\","
			   "\"duration_minutes\":45,\"notes\":\"Premier entretien.\"}",
			   NULL) == 201;
	w1_sess = w1;
	head_sess = head;
	if (server_stop(&srv) != 0 || !ok)
		return -1;
	char csv[PATH_MAX];
	snprintf(csv, sizeof csv, "%s/persons.csv", dir);
	FILE *f = fopen(csv, "w");
	if (!f)
		return -1;
	fputs("ref,organisation,last_name,first_name,birth_date,sex,status,category,"
	      "family_situation,job_title,consent_on\n"
	      "P1,acme,Dupré,Élodie,1971-03-02,F,cdi,employe,monoparental,\"Agente d'entretien\","
	      "2024-01-15\n"
	      "P2,acme,Martin,Paul,,M,cdi,employe,isole,,2024-02-01\n"
	      "P3,beta,Roux,Anne,1980-01-01,F,titulaire,C,isole,,2024-03-01\n",
	      f);
	return fclose(f) == 0 ? 0 : -1;
}

int main(void)
{
	if (!getenv("TZ"))
		setenv("TZ", "Europe/Paris", 1);
	const char *mode = getenv("FAULTS");
	full_sweep = mode && strcmp(mode, "full") == 0;
	if (getenv("FAULTS_STEPS") && atoi(getenv("FAULTS_STEPS")) >= 1)
		steps = atoi(getenv("FAULTS_STEPS"));
	const char *so = getenv("TESTVFS_SO");
	if (!so || !*so)
		so = "build/tests/testvfs.so";
	if (!realpath(so, vfs)) {
		printf("Bail out! no VFS at %s (make tests)\n", so);
		return 1;
	}
	snprintf(dir, sizeof dir, "/tmp/relais-faults-XXXXXX");
	if (!mkdtemp(dir) || prepare() != 0) {
		printf("Bail out! the prepared service could not be made\n");
		return 1;
	}
	static const char *const org_add[] = {"organisation", "add", "--code", "gamma", "--name",
					      "Gamma", "--kind", "entreprise", NULL};
	static char csv[PATH_MAX];
	snprintf(csv, sizeof csv, "%s/persons.csv", dir);
	static const char *import_persons[] = {"import", "persons", csv, NULL};
	struct scenario scenarios[] = {
		{.name = "a person and her case",
		 .login = "w1",
		 .steps = {{"POST", "/api/v1/persons",
			    "{\"organisation\":\"acme\",\"last_name\":\"Faute\",\"first_name\":\"Ada\","
			    "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
			    NULL, {"persons"}},
			   {"POST", "/api/v1/cases",
			    "{\"person_id\":{id},\"opened_on\":\"2024-02-01\",\"referral_source\":"
			    "\"agent\",\"domains\":[\"budget\",\"logement\"]}",
			    NULL, {"cases", "case_domains"}}}},
		{.name = "an intervention and an aid request",
		 .login = "w1",
		 .steps = {{"POST", "/api/v1/cases/{case}/interventions",
			    "{\"date\":\"2024-03-07\",\"mode\":\"bureau\",\"kind\":\"entretien\","
			    "\"duration_minutes\":30,\"notes\":\"Suite.\"}",
			    NULL, {"interventions"}},
			   {"POST", "/api/v1/cases/{case}/aids",
			    "{\"kind\":\"secours\",\"funder\":\"ccas\",\"amount_requested_cents\":50000,"
			    "\"submitted_on\":\"2024-03-01\",\"reason\":\"Loyer impayé.\"}",
			    NULL, {"aids"}}}},
		{.name = "publishing the bilans of 2024",
		 .login = "head1",
		 .steps = {{"POST", "/api/v1/reports/bilan/publish", "{\"year\":2024}", NULL,
			    {"bilan_publications"}}}},
		{.name = "relais organisation add",
		 .steps = {{NULL, NULL, NULL, org_add, {"organisations"}}}},
		{.name = "relais import persons (3 rows, one transaction)",
		 .steps = {{NULL, NULL, NULL, import_persons, {"persons"}}}},
	};
	int n_sc = (int)(sizeof scenarios / sizeof scenarios[0]);
	printf("1..%d\n", n_sc * 5 + 4);
	time_t t0 = time(NULL);
	for (int i = 0; i < n_sc; i++) {
		struct scenario *sc = &scenarios[i];
		struct run r;
		run_once(sc, NULL, 0, 0, &r);
		long added = 0;
		for (int k = 0; k < MAX_STEPS; k++)
			for (int t = 0; t < MAX_TABLES; t++)
				added += sc->delta[k][t];
		if (!r.why[0] && added == 0)
			snprintf(r.why, sizeof r.why, "the dry run wrote nothing");
		printf("%sok %d - %s without a fault: %ld write(s), %ld sync(s)%s%s\n",
		       r.why[0] ? "not " : "", ++tap_n, sc->name, sc->writes, sc->syncs,
		       r.why[0] ? ": " : "", r.why);
		fflush(stdout);
		if (r.why[0]) {
			failures++;
			tap_n += 4;
			continue;
		}
		sweep(sc, "write", 0, 3);
		sweep(sc, "full", 0, 2);
		sweep(sc, "sync", 0, 2);
		sweep(sc, "write", 1, 1);
	}
	sweep_store();
	printf("# %ld faulted runs in %lds (%s sweep)\n", total_runs, (long)(time(NULL) - t0),
	       full_sweep ? "full" : "bounded");
	shell("rm -rf '%s'", dir);
	return failures ? 1 : 0;
}
