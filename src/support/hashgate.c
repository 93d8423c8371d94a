/* hashgate — see hashgate.h. */
#include "support/hashgate.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

struct hashgate {
	pthread_mutex_t lock;
	pthread_cond_t moved; /* a place was given back or the queue advanced */
	unsigned limit;       /* places */
	unsigned queue;       /* waiters allowed */
	unsigned held;        /* places taken */
	unsigned waiting;     /* threads in the queue */
	unsigned peak;        /* most places ever taken at once */
	uint64_t next_ticket; /* the ticket of the next thread to queue */
	uint64_t serving;     /* the ticket of the thread at the head of the queue */
};

unsigned hashgate_default_limit(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 2 ? (unsigned)(n - 1) : 1;
}

hashgate *hashgate_new(unsigned limit, unsigned queue)
{
	if (!limit)
		return NULL;
	hashgate *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	if (pthread_mutex_init(&g->lock, NULL) != 0) {
		free(g);
		return NULL;
	}
	if (pthread_cond_init(&g->moved, NULL) != 0) {
		pthread_mutex_destroy(&g->lock);
		free(g);
		return NULL;
	}
	g->limit = limit;
	g->queue = queue;
	return g;
}

void hashgate_free(hashgate *g)
{
	if (!g)
		return;
	pthread_cond_destroy(&g->moved);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

/* Takes a place; the lock is held and a place is free. */
static void take(hashgate *g)
{
	g->held++;
	if (g->held > g->peak)
		g->peak = g->held;
}

int hashgate_try_enter(hashgate *g)
{
	pthread_mutex_lock(&g->lock);
	int ok = g->held < g->limit && g->waiting == 0;
	if (ok)
		take(g);
	pthread_mutex_unlock(&g->lock);
	return ok;
}

int hashgate_enter(hashgate *g)
{
	pthread_mutex_lock(&g->lock);
	if (g->held < g->limit && g->waiting == 0) {
		take(g);
		pthread_mutex_unlock(&g->lock);
		return 1;
	}
	if (g->waiting >= g->queue) {
		pthread_mutex_unlock(&g->lock);
		return 0;
	}
	uint64_t ticket = g->next_ticket++;
	g->waiting++;
	while (!(g->held < g->limit && g->serving == ticket))
		pthread_cond_wait(&g->moved, &g->lock);
	g->serving++;
	g->waiting--;
	take(g);
	/* The next in line may find a place free too. */
	if (g->waiting)
		pthread_cond_broadcast(&g->moved);
	pthread_mutex_unlock(&g->lock);
	return 1;
}

void hashgate_leave(hashgate *g)
{
	pthread_mutex_lock(&g->lock);
	if (g->held)
		g->held--;
	if (g->waiting)
		pthread_cond_broadcast(&g->moved);
	pthread_mutex_unlock(&g->lock);
}

static unsigned read_locked(hashgate *g, const unsigned *field)
{
	pthread_mutex_lock(&g->lock);
	unsigned v = *field;
	pthread_mutex_unlock(&g->lock);
	return v;
}

unsigned hashgate_held(hashgate *g)
{
	return read_locked(g, &g->held);
}

unsigned hashgate_waiting(hashgate *g)
{
	return read_locked(g, &g->waiting);
}

unsigned hashgate_peak(hashgate *g)
{
	return read_locked(g, &g->peak);
}
