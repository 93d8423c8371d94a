/* Unit tests of the hashing gate: the limit holds under threads, a full
   gate refuses at once, the queue is bounded and served in order.  No
   timing: threads are awaited by the gate's own counters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/hashgate.h"

static void test_default_limit(void **state)
{
	(void)state;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned want = n > 2 ? (unsigned)(n - 1) : 1;
	assert_int_equal(hashgate_default_limit(), want);
	assert_true(hashgate_default_limit() >= 1);
	assert_null(hashgate_new(0, 4));
	hashgate_free(NULL);
}

static void test_try_enter(void **state)
{
	(void)state;
	hashgate *g = hashgate_new(2, 0);
	assert_non_null(g);
	assert_int_equal(hashgate_try_enter(g), 1);
	assert_int_equal(hashgate_try_enter(g), 1);
	assert_int_equal(hashgate_try_enter(g), 0); /* full */
	assert_int_equal(hashgate_enter(g), 0);     /* no queue: refused at once */
	assert_int_equal(hashgate_held(g), 2);
	hashgate_leave(g);
	assert_int_equal(hashgate_try_enter(g), 1);
	hashgate_leave(g);
	hashgate_leave(g);
	assert_int_equal(hashgate_held(g), 0);
	assert_int_equal(hashgate_peak(g), 2);
	hashgate_free(g);
}

/* Many threads hammering a gate of 3 places: never more than 3 inside. */
struct hammer {
	hashgate *g;
	atomic_int inside;
	atomic_int most;
	atomic_int entered;
	atomic_int refused;
	int blocking; /* hashgate_enter() rather than hashgate_try_enter() */
};

static void *hammer_run(void *arg)
{
	struct hammer *h = arg;
	for (int i = 0; i < 2000; i++) {
		int ok = h->blocking ? hashgate_enter(h->g) : hashgate_try_enter(h->g);
		if (!ok) {
			atomic_fetch_add(&h->refused, 1);
			sched_yield();
			continue;
		}
		int now = atomic_fetch_add(&h->inside, 1) + 1;
		int m = atomic_load(&h->most);
		while (now > m && !atomic_compare_exchange_weak(&h->most, &m, now))
			;
		sched_yield(); /* hold the place a little */
		atomic_fetch_sub(&h->inside, 1);
		atomic_fetch_add(&h->entered, 1);
		hashgate_leave(h->g);
	}
	return NULL;
}

static void hammer(int blocking, unsigned queue)
{
	enum { THREADS = 8, LIMIT = 3 };
	struct hammer h = {.g = hashgate_new(LIMIT, queue), .blocking = blocking};
	assert_non_null(h.g);
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, hammer_run, &h), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	assert_true(atomic_load(&h.most) <= LIMIT);
	assert_true(hashgate_peak(h.g) <= LIMIT);
	assert_int_equal(atomic_load(&h.entered) + atomic_load(&h.refused), THREADS * 2000);
	assert_int_equal(hashgate_held(h.g), 0);
	assert_int_equal(hashgate_waiting(h.g), 0);
	if (blocking && queue >= THREADS)
		assert_int_equal(atomic_load(&h.refused), 0); /* room for all in the queue */
	print_message("# %s, queue %u: %d entered, %d refused, at most %d inside\n",
		      blocking ? "enter" : "try_enter", queue, atomic_load(&h.entered),
		      atomic_load(&h.refused), atomic_load(&h.most));
	hashgate_free(h.g);
}

static void test_threads_try(void **state)
{
	(void)state;
	hammer(0, 0);
}

static void test_threads_queue(void **state)
{
	(void)state;
	hammer(1, 2);  /* some refused when more than 3 + 2 want in */
	hammer(1, 16); /* everyone waits its turn */
}

/* A waiter: queues on the gate, notes its rank on entering, leaves. */
struct waiter {
	hashgate *g;
	atomic_int *rank;
	int got;     /* hashgate_enter()'s result */
	int my_rank; /* order of entry */
};

static void *waiter_run(void *arg)
{
	struct waiter *w = arg;
	w->got = hashgate_enter(w->g);
	if (w->got) {
		w->my_rank = atomic_fetch_add(w->rank, 1);
		hashgate_leave(w->g);
	}
	return NULL;
}

static void wait_for_waiting(hashgate *g, unsigned n)
{
	while (hashgate_waiting(g) != n)
		sched_yield();
}

static void test_queue_bounded_and_fifo(void **state)
{
	(void)state;
	atomic_int rank = 0;
	hashgate *g = hashgate_new(1, 2);
	assert_non_null(g);
	assert_int_equal(hashgate_enter(g), 1); /* the test holds the only place */

	struct waiter a = {.g = g, .rank = &rank}, b = {.g = g, .rank = &rank};
	pthread_t ta, tb;
	assert_int_equal(pthread_create(&ta, NULL, waiter_run, &a), 0);
	wait_for_waiting(g, 1);
	assert_int_equal(pthread_create(&tb, NULL, waiter_run, &b), 0);
	wait_for_waiting(g, 2);

	/* The queue is full: a third arrival is refused at once, and
	   try_enter never jumps the queue. */
	assert_int_equal(hashgate_enter(g), 0);
	assert_int_equal(hashgate_try_enter(g), 0);
	assert_int_equal(hashgate_held(g), 1);

	hashgate_leave(g);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	assert_int_equal(a.got, 1);
	assert_int_equal(b.got, 1);
	/* Served in arrival order. */
	assert_int_equal(a.my_rank, 0);
	assert_int_equal(b.my_rank, 1);
	assert_int_equal(hashgate_held(g), 0);
	assert_int_equal(hashgate_waiting(g), 0);
	assert_int_equal(hashgate_peak(g), 1);
	hashgate_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_limit),  cmocka_unit_test(test_try_enter),
		cmocka_unit_test(test_threads_try),    cmocka_unit_test(test_threads_queue),
		cmocka_unit_test(test_queue_bounded_and_fifo),
	};
	return cmocka_run_group_tests_name("hashgate", tests, NULL, NULL);
}
