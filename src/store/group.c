/*
 * group — group commit for a SQLite pool (see backend.h).
 *
 * One transaction at a time runs on the writer connection, as SQLite
 * allows one writer at a time anyway (BEGIN IMMEDIATE held its lock from
 * begin to commit).  What changes is the commit: instead of syncing the
 * log once per transaction while the next ones queue, a finished
 * transaction releases its savepoint and hands the writer to the next
 * one; the last of a run (nobody waiting, or the batch full) commits the
 * batch — one COMMIT, one sync of the WAL under synchronous=FULL — and
 * wakes every transaction of the batch with the outcome.
 *
 * A transaction that fails rolls back to its savepoint and leaves the
 * batch as it was.  When SQLite itself rolls the whole transaction back
 * (an I/O error, a full disk), every transaction released into the batch
 * fails with it: none of them had been answered.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/backend.h"
#include "support/log.h"

struct job {
	struct job *next;
	int done;
	int rc;
	char err[STORE_ERRMSG_LEN];
};

struct store_group {
	pthread_mutex_t mu;
	pthread_cond_t turn;  /* the writer is free */
	pthread_cond_t ended; /* a batch ended */
	store *w;             /* the writer connection */
	int busy;             /* a transaction runs on w */
	int waiting;          /* transactions waiting for w */
	int open;             /* the batch's transaction is open on w */
	int njobs;            /* transactions released into the open batch */
	struct job *jobs;     /* them, waiting for its end */
};

struct store_group *group_new(store *writer)
{
	struct store_group *g = calloc(1, sizeof *g);
	if (!g)
		log_fatal("out of memory");
	if (pthread_mutex_init(&g->mu, NULL) != 0 || pthread_cond_init(&g->turn, NULL) != 0 ||
	    pthread_cond_init(&g->ended, NULL) != 0)
		log_fatal("store: cannot create the group commit locks");
	g->w = writer;
	return g;
}

void group_free(struct store_group *g)
{
	if (!g)
		return;
	store_close(g->w);
	pthread_cond_destroy(&g->ended);
	pthread_cond_destroy(&g->turn);
	pthread_mutex_destroy(&g->mu);
	free(g);
}

store *group_writer(const struct store_group *g)
{
	return g->w;
}

/* Ends the batch with rc: every released transaction learns it.  Called
   with g->mu held. */
static void end_batch(struct store_group *g, int rc, const char *err)
{
	for (struct job *j = g->jobs; j; j = j->next) {
		j->rc = rc;
		snprintf(j->err, sizeof j->err, "%s", err);
		j->done = 1;
	}
	g->jobs = NULL;
	g->njobs = 0;
	g->open = 0;
	pthread_cond_broadcast(&g->ended);
}

/* Waits for the writer; 0 with it held (g->busy), or -1 after
   GROUP_WAIT_SECONDS — as SQLite's busy timeout would give up (a thread
   that already holds the writer through another connection must not wait
   for ever). */
#define GROUP_WAIT_SECONDS 5
static int take(struct store_group *g)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += GROUP_WAIT_SECONDS;
	int rc = 0;
	pthread_mutex_lock(&g->mu);
	g->waiting++;
	while (g->busy && rc == 0)
		if (pthread_cond_timedwait(&g->turn, &g->mu, &until) == ETIMEDOUT)
			rc = g->busy ? -1 : 0;
	g->waiting--;
	if (rc == 0)
		g->busy = 1;
	pthread_mutex_unlock(&g->mu);
	return rc;
}

/* Gives the writer back.  The batch commits first when nobody waits for
   the writer or the batch is full; a batch SQLite already rolled back
   fails at once. */
static void give(struct store_group *g)
{
	store *w = g->w;
	pthread_mutex_lock(&g->mu);
	if (g->open && !w->be->in_tx(w)) {
		end_batch(g, STORE_ERROR, "commit: the shared transaction was rolled back by the "
					  "database (an I/O error?)");
	} else if (g->open && (g->waiting == 0 || g->njobs >= GROUP_BATCH_MAX)) {
		pthread_mutex_unlock(&g->mu);
		int rc = w->be->exec_sql(w, "commit", "COMMIT");
		char err[STORE_ERRMSG_LEN];
		snprintf(err, sizeof err, "%s", w->errmsg);
		if (rc != STORE_OK && w->be->in_tx(w))
			w->be->exec_sql(w, "rollback", "ROLLBACK");
		pthread_mutex_lock(&g->mu);
		end_batch(g, rc, err);
	}
	g->busy = 0;
	pthread_cond_signal(&g->turn);
	pthread_mutex_unlock(&g->mu);
}

int group_begin(store *s)
{
	struct store_group *g = s->group;
	store *w = g->w;
	if (take(g) != 0) {
		store_set_error(s, "begin: the writer stayed busy for %d s", GROUP_WAIT_SECONDS);
		return STORE_BUSY;
	}
	int rc = STORE_OK;
	if (!g->open) {
		rc = w->be->exec_sql(w, "begin", w->be->begin_sql);
		g->open = rc == STORE_OK;
	}
	if (rc == STORE_OK)
		rc = w->be->exec_sql(w, "begin", "SAVEPOINT job");
	if (rc != STORE_OK) {
		store_set_error(s, "%s", w->errmsg);
		give(g);
		return rc;
	}
	s->delegated = 1;
	s->tx_failed = 0;
	return STORE_OK;
}

int group_commit(store *s)
{
	struct store_group *g = s->group;
	store *w = g->w;
	s->delegated = 0;
	int rc = w->be->exec_sql(w, "commit", "RELEASE job");
	if (rc != STORE_OK) {
		store_set_error(s, "%s", w->errmsg);
		if (w->be->in_tx(w))
			w->be->exec_sql(w, "rollback", "ROLLBACK TO job; RELEASE job");
		give(g);
		return rc;
	}
	struct job me = {0};
	pthread_mutex_lock(&g->mu);
	me.next = g->jobs;
	g->jobs = &me;
	g->njobs++;
	pthread_mutex_unlock(&g->mu);
	give(g);
	pthread_mutex_lock(&g->mu);
	while (!me.done)
		pthread_cond_wait(&g->ended, &g->mu);
	pthread_mutex_unlock(&g->mu);
	if (me.rc != STORE_OK)
		store_set_error(s, "%s", me.err);
	return me.rc;
}

int group_rollback(store *s)
{
	struct store_group *g = s->group;
	store *w = g->w;
	s->delegated = 0;
	s->tx_failed = 0;
	int rc = STORE_OK;
	if (w->be->in_tx(w))
		rc = w->be->exec_sql(w, "rollback", "ROLLBACK TO job; RELEASE job");
	give(g);
	return rc;
}
