/*
 * test_crash — crash trials (issue 12): 32 concurrent writers create
 * persons, cases, interventions and aid requests through the API, each
 * noting every write answered 2xx; the server (or PostgreSQL) is killed at
 * a random moment, started again, and every acknowledged write must be
 * there; the database must pass its checks (PRAGMA integrity_check on
 * SQLite) and `relais audit verify`.  Each writer also reads its caseload
 * (a page read in a snapshot, its access-log entry written after it): a
 * view answered 200 must have its entry once the server is back — nothing
 * shown to a worker escapes the access log.
 *
 * On SQLite the server runs over tests/faults/testvfs.so with
 * TESTVFS_BUFFER=1: writes reach the file only at their sync, so the
 * SIGKILL loses what was not synced, as a power cut would.  The last,
 * graceful stop reports the PRAGMA synchronous the server set (FULL).
 *
 * Environment: CRASH_TRIALS (default 5); RELAIS_TEST_DB (a postgresql://
 * URI: PostgreSQL, else SQLite files); CRASH_KILL=relais (default) or
 * postgres (pg_ctl -m immediate on the cluster CRASH_PGDIR, made by
 * scripts/pg-cluster.sh start DIR --fsync); CRASH_SEED; TESTVFS_SO (the
 * VFS, default build/tests/testvfs.so).  Speaks TAP; the figures (trials,
 * writes acknowledged, lost) go to the output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/harness.h"

#define WRITERS 32
#define WORKERS 8

enum kind { K_PERSON, K_CASE, K_INTERVENTION, K_AID, K__COUNT };
static const char *const kind_name[K__COUNT] = {"person", "case", "intervention", "aid"};

struct ack {
	enum kind kind;
	long long id;
	long long case_id; /* an intervention's case */
	int worker;
};

static struct fixture fx;
static struct sess workers[WORKERS];
static int pg, kill_postgres;
static const char *pgdir;
static char count_path[600];

static pthread_mutex_t acks_mu = PTHREAD_MUTEX_INITIALIZER;
static struct ack *acks;
static size_t n_acks, cap_acks;
static volatile int stop_writers;
static long unexpected; /* answers other than 2xx, 5xx or a dead connection */
static char unexpected_text[160];
static size_t by_kind[K__COUNT];
/* Caseload views answered 200 in the current trial, per worker, and the
   worker's "case.list" entries in the database before it. */
static long views[WORKERS], views_base[WORKERS];
static long total_views;

static void ack_add(enum kind k, long long id, long long case_id, int worker)
{
	pthread_mutex_lock(&acks_mu);
	if (n_acks == cap_acks) {
		cap_acks = cap_acks ? cap_acks * 2 : 1024;
		acks = realloc(acks, cap_acks * sizeof *acks);
	}
	acks[n_acks++] = (struct ack){k, id, case_id, worker};
	pthread_mutex_unlock(&acks_mu);
}

/* One write: its id on 201, 0 on a refusal (5xx, 4xx noted), -1 when the
   connection failed (the server is down). */
static long long write_one(int port, int worker, const char *path, const char *body)
{
	struct http_resp r;
	int status = http_as(port, &workers[worker], 1, "POST", path, body, &r);
	if (status < 0)
		return -1;
	long long id = 0;
	if (status == 201) {
		id = created_id(&r);
		return id > 0 ? id : 0;
	}
	if (status >= 500) {
		/* The database is down (PostgreSQL killed): do not spin. */
		struct timespec ts = {0, 20000000L};
		nanosleep(&ts, NULL);
	} else {
		pthread_mutex_lock(&acks_mu);
		if (unexpected++ == 0)
			snprintf(unexpected_text, sizeof unexpected_text, "%s %d %.100s", path, status,
				 r.body);
		pthread_mutex_unlock(&acks_mu);
	}
	http_resp_free(&r);
	return 0;
}

struct writer {
	int index;
	int port;
};

static void *writer_main(void *arg)
{
	const struct writer *w = arg;
	int worker = w->index % WORKERS;
	char path[96], body[512];
	for (unsigned n = 0; !stop_writers; n++) {
		snprintf(body, sizeof body,
			 "{\"organisation\":\"acme\",\"last_name\":\"Écrit%d\",\"first_name\":\"N%u\","
			 "\"consent\":{\"accompaniment_on\":\"2024-02-01\"}}",
			 w->index, n);
		long long person = write_one(w->port, worker, "/api/v1/persons", body);
		if (person < 0)
			break;
		if (person == 0)
			continue;
		ack_add(K_PERSON, person, 0, worker);
		snprintf(body, sizeof body,
			 "{\"person_id\":%lld,\"opened_on\":\"2024-02-01\",\"referral_source\":\"agent\","
			 "\"domains\":[\"budget\"]}",
			 person);
		long long c = write_one(w->port, worker, "/api/v1/cases", body);
		if (c < 0)
			break;
		if (c == 0)
			continue;
		ack_add(K_CASE, c, 0, worker);
		snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", c);
		long long iv = write_one(w->port, worker, path,
					 "{\"date\":\"2024-03-06\",\"mode\":\"bureau\",\"kind\":\"entretien\","
					 "\"duration_minutes\":45,\"notes\":\"Point sur le budget.\"}");
		if (iv < 0)
			break;
		if (iv > 0)
			ack_add(K_INTERVENTION, iv, c, worker);
		snprintf(path, sizeof path, "/api/v1/cases/%lld/aids", c);
		long long aid = write_one(w->port, worker, path,
					  "{\"kind\":\"secours\",\"funder\":\"ccas\","
					  "\"amount_requested_cents\":50000,\"submitted_on\":\"2024-03-01\","
					  "\"reason\":\"Loyer impayé.\"}");
		if (aid < 0)
			break;
		if (aid > 0)
			ack_add(K_AID, aid, 0, worker);
		struct http_resp r;
		int status = http_as(w->port, &workers[worker], 0, "GET", "/api/v1/cases", NULL, &r);
		if (status < 0)
			break;
		http_resp_free(&r);
		pthread_mutex_lock(&acks_mu);
		if (status == 200)
			views[worker]++;
		else if (status < 500 && unexpected++ == 0)
			snprintf(unexpected_text, sizeof unexpected_text, "GET /api/v1/cases %d", status);
		pthread_mutex_unlock(&acks_mu);
	}
	return NULL;
}

/* The worker's caseload views in the access log, read from the database
   itself as table_ids does; -1 when the query failed. */
static long audited_views(int worker)
{
	char cmd[1200];
	char q[200];
	snprintf(q, sizeof q,
		 "SELECT COUNT(*) FROM audit_log WHERE action = 'case.list' AND actor_login = 'w%d'",
		 worker);
	if (pg)
		snprintf(cmd, sizeof cmd, "psql -X -A -t -q '%s' -c \"%s\"", fx.db, q);
	else
		snprintf(cmd, sizeof cmd, "env -u LD_PRELOAD sqlite3 '%s' \"%s\"", fx.db, q);
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	long n = -1;
	if (fscanf(p, "%ld", &n) != 1)
		n = -1;
	if (pclose(p) != 0)
		return -1;
	return n;
}

/* Whether an acknowledged write reads back. */
static int ack_present(int port, const struct ack *a)
{
	char path[96];
	struct http_resp r;
	switch (a->kind) {
	case K_PERSON:
		snprintf(path, sizeof path, "/api/v1/persons/%lld", a->id);
		break;
	case K_CASE:
		snprintf(path, sizeof path, "/api/v1/cases/%lld", a->id);
		break;
	case K_AID:
		snprintf(path, sizeof path, "/api/v1/aids/%lld", a->id);
		break;
	default:
		snprintf(path, sizeof path, "/api/v1/cases/%lld/interventions", a->case_id);
		break;
	}
	int status = http_as(port, &workers[a->worker], 0, "GET", path, NULL, &r);
	if (status != 200) {
		if (status >= 0)
			http_resp_free(&r);
		return 0;
	}
	int ok = 1;
	if (a->kind == K_INTERVENTION) {
		char needle[48];
		snprintf(needle, sizeof needle, "\"id\":%lld,", a->id);
		ok = strstr(r.body, needle) != NULL;
	}
	http_resp_free(&r);
	return ok;
}

/* The ids of a table, read from the database itself (sqlite3 on the
   real file, without the VFS, or psql), sorted; n their number; NULL when
   the query failed. */
static long long *table_ids(const char *table, size_t *n)
{
	char cmd[1200];
	if (pg)
		snprintf(cmd, sizeof cmd, "psql -X -A -t -q '%s' -c 'SELECT id FROM %s ORDER BY id'",
			 fx.db, table);
	else
		snprintf(cmd, sizeof cmd,
			 "env -u LD_PRELOAD sqlite3 '%s' 'SELECT id FROM %s ORDER BY id'", fx.db,
			 table);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	size_t cap = 1024;
	long long *ids = malloc(cap * sizeof *ids);
	long long id;
	*n = 0;
	while (fscanf(p, "%lld", &id) == 1) {
		if (*n == cap)
			ids = realloc(ids, (cap *= 2) * sizeof *ids);
		ids[(*n)++] = id;
	}
	if (pclose(p) != 0) {
		free(ids);
		return NULL;
	}
	return ids;
}

static int id_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/* How many acknowledged writes are missing from the database (-1: it
   could not be read). */
static long count_lost(int quiet)
{
	static const char *const tables[K__COUNT] = {"persons", "cases", "interventions", "aids"};
	long lost = 0;
	for (int k = 0; k < K__COUNT; k++) {
		size_t n;
		long long *ids = table_ids(tables[k], &n);
		if (!ids)
			return -1;
		for (size_t i = 0; i < n_acks; i++) {
			if (acks[i].kind != (enum kind)k)
				continue;
			if (!quiet)
				by_kind[k]++;
			if (!bsearch(&acks[i].id, ids, n, sizeof *ids, id_cmp) && lost++ == 0 && !quiet)
				printf("# lost: %s %lld\n", kind_name[k], acks[i].id);
		}
		free(ids);
	}
	return lost;
}

/* Starts the server; lie: over a VFS that skips every sync (SQLite). */
static int start_server_with(int lie)
{
	const char *extra[] = {"--key-file", fx.key, "--threads", "4", NULL};
	if (!pg) {
		setenv("TESTVFS_COUNT", count_path, 1);
		setenv("TESTVFS_BUFFER", lie ? "lie" : "1", 1);
	}
	int rc = server_start(&fx.srv, fx.db, extra);
	unsetenv("TESTVFS_COUNT");
	if (!pg)
		setenv("TESTVFS_BUFFER", "1", 1);
	return rc;
}

static int start_server(void)
{
	return start_server_with(0);
}

/* The database's own checks: integrity (SQLite) and the audit chain. */
static int db_checks(char *why, size_t len)
{
	if (!pg && shell("test \"$(env -u LD_PRELOAD sqlite3 '%s' 'PRAGMA integrity_check')\" = ok", fx.db) != 0) {
		shell("env -u LD_PRELOAD sqlite3 '%s' 'PRAGMA integrity_check' 2>&1 | head -5 | sed 's/^/# /'", fx.db);
		snprintf(why, len, "PRAGMA integrity_check failed");
		return -1;
	}
	const char *args[] = {"audit", "verify", "--db", fx.db, "--key-file", fx.key, NULL};
	if (relais_run(args, NULL, NULL) != 0) {
		snprintf(why, len, "relais audit verify failed");
		return -1;
	}
	return 0;
}

static int setup_service(void)
{
	static const char *const acme[] = {"organisation", "add", "--code", "acme", "--name",
					   "ACME", "--kind", "entreprise", NULL};
	static const char *const *const cmds[] = {acme, NULL};
	static const char *users[WORKERS + 2];
	static char specs[WORKERS][32];
	for (int i = 0; i < WORKERS; i++) {
		snprintf(specs[i], sizeof specs[i], "w%d:worker", i);
		users[i] = specs[i];
	}
	users[WORKERS] = "head1:head";
	users[WORKERS + 1] = NULL;
	if (fixture_start(&fx, cmds, users) != 0)
		return -1;
	/* The fixture's server does not run over the VFS's counter: restart. */
	server_stop(&fx.srv);
	snprintf(count_path, sizeof count_path, "%s/vfs-count", fx.dir);
	if (start_server() != 0)
		return -1;
	struct sess head;
	if (api_login(fx.srv.port, "head1", TEST_PASSWORD, &head) != 200)
		return -1;
	for (int i = 0; i < WORKERS; i++) {
		char login[16], body[64];
		snprintf(login, sizeof login, "w%d", i);
		snprintf(body, sizeof body, "{\"login\":\"%s\"}", login);
		if (http_as(fx.srv.port, &head, 1, "POST", "/api/v1/organisations/acme/workers", body,
			    NULL) != 200 ||
		    api_login(fx.srv.port, login, TEST_PASSWORD, &workers[i]) != 200)
			return -1;
	}
	return 0;
}

/* One trial: writers, a kill at a random moment, a restart and the read
   back; why is empty when it passed. */
static void run_trial(int lie, size_t *acked, size_t *lost_out, char *why, size_t whylen)
{
	n_acks = 0;
	unexpected = 0;
	stop_writers = 0;
	why[0] = '\0';
	for (int i = 0; i < WORKERS; i++) {
		views[i] = 0;
		views_base[i] = lie ? 0 : audited_views(i);
	}
	if (lie) {
		server_stop(&fx.srv);
		if (start_server_with(1) != 0) {
			snprintf(why, whylen, "the server did not start");
			*acked = *lost_out = 0;
			return;
		}
	}
	pthread_t th[WRITERS];
	struct writer w[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		w[i] = (struct writer){i, fx.srv.port};
		pthread_create(&th[i], NULL, writer_main, &w[i]);
	}
	/* A random moment between 0.2 and 1.7 s into the load. */
	struct timespec ts = {0, 200000000L};
	nanosleep(&ts, NULL);
	long ms = rand() % 1500;
	ts = (struct timespec){ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
	if (kill_postgres) {
		if (shell("bash scripts/pg-cluster.sh crash '%s'", pgdir) != 0)
			snprintf(why, whylen, "pg_ctl -m immediate failed");
		stop_writers = 1;
		for (int i = 0; i < WRITERS; i++)
			pthread_join(th[i], NULL);
		kill(fx.srv.pid, SIGKILL);
		waitpid(fx.srv.pid, NULL, 0);
		if (!*why && shell("bash scripts/pg-cluster.sh restart '%s'", pgdir) != 0)
			snprintf(why, whylen, "PostgreSQL did not restart");
	} else {
		kill(fx.srv.pid, SIGKILL);
		waitpid(fx.srv.pid, NULL, 0);
		stop_writers = 1;
		for (int i = 0; i < WRITERS; i++)
			pthread_join(th[i], NULL);
	}
	fx.srv.pid = 0;
	long lost = 0;
	if (!*why && start_server() != 0)
		snprintf(why, whylen, "the server did not restart");
	/* Read back from the database once the server has started again (a
	   SQLite WAL is recovered by then). */
	if (!*why && (lost = count_lost(lie)) < 0)
		snprintf(why, whylen, "the database could not be read");
	/* And the API answers for the newest acknowledged write. */
	if (!*why && !lie && n_acks > 0 && !ack_present(fx.srv.port, &acks[n_acks - 1]))
		snprintf(why, whylen, "the API does not show the last acknowledged %s",
			 kind_name[acks[n_acks - 1].kind]);
	if (!*why && lost)
		snprintf(why, whylen, "%ld acknowledged write(s) lost", lost);
	long trial_views = 0;
	for (int i = 0; i < WORKERS && !lie; i++) {
		trial_views += views[i];
		long now = audited_views(i);
		if (*why)
			continue;
		if (views_base[i] < 0 || now < 0)
			snprintf(why, whylen, "the access log could not be read");
		else if (now - views_base[i] < views[i])
			snprintf(why, whylen,
				 "w%d: %ld caseload view(s) answered 200, %ld in the access log", i,
				 views[i], now - views_base[i]);
	}
	total_views += trial_views;
	if (!*why && unexpected)
		snprintf(why, whylen, "%ld unexpected answer(s), first: %s", unexpected,
			 unexpected_text);
	if (!*why && !lie)
		db_checks(why, whylen);
	printf("# killed after %ld ms; %ld caseload views answered 200, each in the access log\n",
	       200 + ms, trial_views);
	*acked = n_acks;
	*lost_out = lost > 0 ? (size_t)lost : 0;
}

int main(void)
{
	const char *db = getenv("RELAIS_TEST_DB");
	pg = db && strstr(db, "://") != NULL;
	const char *k = getenv("CRASH_KILL");
	kill_postgres = k && strcmp(k, "postgres") == 0;
	pgdir = getenv("CRASH_PGDIR");
	int trials = getenv("CRASH_TRIALS") ? atoi(getenv("CRASH_TRIALS")) : 5;
	unsigned seed = getenv("CRASH_SEED") ? (unsigned)strtoul(getenv("CRASH_SEED"), NULL, 10)
					     : (unsigned)time(NULL) ^ (unsigned)getpid();
	srand(seed);
	const char *what = pg ? (kill_postgres ? "PostgreSQL, pg_ctl -m immediate" : "PostgreSQL, SIGKILL of relais")
			      : "SQLite over the buffering VFS, SIGKILL of relais";
	printf("# crash trials on %s, seed %u\n", what, seed);
	if (kill_postgres && (!pg || !pgdir)) {
		printf("1..0 # SKIP CRASH_KILL=postgres needs RELAIS_TEST_DB and CRASH_PGDIR\n");
		return 0;
	}
	if (!pg) {
		const char *so = getenv("TESTVFS_SO");
		char abs[PATH_MAX];
		if (!so || !*so)
			so = "build/tests/testvfs.so";
		if (!realpath(so, abs)) {
			printf("Bail out! no VFS at %s (make tests)\n", so);
			return 1;
		}
		setenv("LD_PRELOAD", abs, 1);
		setenv("TESTVFS_BUFFER", "1", 1);
	}
	printf("1..%d\n", trials + 1 + 2 * !pg);
	fflush(stdout);
	if (setup_service() != 0) {
		printf("Bail out! the service did not start\n");
		return 1;
	}
	int failed = 0, t = 0;
	size_t total_acks = 0, total_lost = 0;
	for (int trial = 1; trial <= trials; trial++) {
		size_t acked, lost;
		char why[512];
		run_trial(0, &acked, &lost, why, sizeof why);
		total_acks += acked;
		total_lost += lost;
		printf("%sok %d - trial %d: %zu writes acknowledged, %zu lost%s%s\n", *why ? "not " : "",
		       ++t, trial, acked, lost, *why ? ": " : "", why);
		fflush(stdout);
		failed += *why != 0;
	}
	int stopped = server_stop(&fx.srv);
	char why[512] = "";
	if (stopped != 0)
		snprintf(why, sizeof why, "the last server did not stop gracefully");
	else
		db_checks(why, sizeof why);
	printf("%sok %d - after %d trials the database passes its checks%s%s\n", *why ? "not " : "",
	       ++t, trials, *why ? ": " : "", why);
	failed += *why != 0;
	if (!pg) {
		/* The control: over a VFS whose syncs write nothing, the same trial
		   must lose acknowledged writes, or the trials could not see a
		   missing fsync.  The database is only older: its integrity holds,
		   and the access log's anchor, synced apart from it, names the
		   entries it lost. */
		size_t acked, lost;
		char cwhy[512];
		run_trial(1, &acked, &lost, cwhy, sizeof cwhy);
		int sound = shell("test \"$(env -u LD_PRELOAD sqlite3 '%s' 'PRAGMA integrity_check')\" = ok",
				  fx.db) == 0;
		int named = shell("env -u LD_PRELOAD '%s' audit verify --db '%s' --key-file '%s' 2>&1 | "
				  "grep -q 'copie plus ancienne\\|fin du journal supprimée'",
				  relais_bin(), fx.db, fx.key) == 0;
		int ok = lost > 0 && sound && named;
		printf("%sok %d - control: with fsync skipped, %zu of %zu acknowledged writes are lost, "
		       "the database %s, the anchor %s\n",
		       ok ? "" : "not ", ++t, lost, acked, sound ? "sound" : "NOT SOUND",
		       named ? "names the cut" : "DOES NOT NAME THE CUT");
		failed += !ok;
		server_stop(&fx.srv);
	}
	if (!pg) {
		char line[128] = "", value[32] = "";
		FILE *f = fopen(count_path, "r");
		while (f && fgets(line, sizeof line, f))
			sscanf(line, "synchronous %31s", value);
		if (f)
			fclose(f);
		int ok = strcmp(value, "FULL") == 0 || strcmp(value, "2") == 0;
		printf("%sok %d - the server sets PRAGMA synchronous=FULL (read back: %s)\n",
		       ok ? "" : "not ", ++t, value[0] ? value : "nothing");
		failed += !ok;
	}
	printf("# %s: %d trials, %zu writes acknowledged (%zu persons, %zu cases, %zu "
	       "interventions, %zu aids), %zu lost; %ld caseload views, each in the access log\n",
	       what, trials, total_acks, by_kind[K_PERSON], by_kind[K_CASE],
	       by_kind[K_INTERVENTION], by_kind[K_AID], total_lost, total_views);
	fixture_stop(&fx);
	free(acks);
	return failed ? 1 : 0;
}
