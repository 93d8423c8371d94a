/* lane — see http.h: a few worker threads for the slow requests. */
#include <pthread.h>
#include <stdlib.h>

#include "http/http.h"

struct job {
	void (*fn)(void *);
	void *arg;
};

struct lane {
	pthread_mutex_t lock;
	pthread_cond_t work;
	struct job *ring; /* queue places */
	unsigned cap, head, count;
	int stopping;
	unsigned nworkers;
	pthread_t *workers;
};

static void *worker(void *arg)
{
	struct lane *l = arg;
	pthread_mutex_lock(&l->lock);
	for (;;) {
		while (!l->count && !l->stopping)
			pthread_cond_wait(&l->work, &l->lock);
		if (!l->count)
			break; /* stopping, nothing left */
		struct job j = l->ring[l->head];
		l->head = (l->head + 1) % l->cap;
		l->count--;
		pthread_mutex_unlock(&l->lock);
		j.fn(j.arg);
		pthread_mutex_lock(&l->lock);
	}
	pthread_mutex_unlock(&l->lock);
	return NULL;
}

struct lane *lane_new(unsigned workers, unsigned queue)
{
	struct lane *l = calloc(1, sizeof *l);
	if (!l || !workers || !queue)
		goto fail;
	l->cap = queue;
	l->ring = calloc(queue, sizeof *l->ring);
	l->workers = calloc(workers, sizeof *l->workers);
	if (!l->ring || !l->workers)
		goto fail;
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->work, NULL);
	for (; l->nworkers < workers; l->nworkers++)
		if (pthread_create(&l->workers[l->nworkers], NULL, worker, l) != 0) {
			lane_free(l);
			return NULL;
		}
	return l;
fail:
	if (l) {
		free(l->ring);
		free(l->workers);
		free(l);
	}
	return NULL;
}

int lane_submit(struct lane *l, void (*fn)(void *), void *arg, void (*queued)(void *))
{
	pthread_mutex_lock(&l->lock);
	int rc;
	if (l->stopping)
		rc = -1;
	else if (l->count == l->cap)
		rc = 0;
	else {
		l->ring[(l->head + l->count) % l->cap] = (struct job){fn, arg};
		l->count++;
		/* Before any worker can take it (the lock is held). */
		if (queued)
			queued(arg);
		pthread_cond_signal(&l->work);
		rc = 1;
	}
	pthread_mutex_unlock(&l->lock);
	return rc;
}

void lane_stop(struct lane *l)
{
	if (!l)
		return;
	pthread_mutex_lock(&l->lock);
	int was = l->stopping;
	l->stopping = 1;
	pthread_cond_broadcast(&l->work);
	pthread_mutex_unlock(&l->lock);
	if (!was)
		for (unsigned i = 0; i < l->nworkers; i++)
			pthread_join(l->workers[i], NULL);
}

void lane_free(struct lane *l)
{
	if (!l)
		return;
	lane_stop(l);
	pthread_mutex_destroy(&l->lock);
	pthread_cond_destroy(&l->work);
	free(l->ring);
	free(l->workers);
	free(l);
}
