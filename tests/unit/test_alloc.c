/*
 * test_alloc — running out of memory in the allocators (issue 12).
 *
 * This program defines alloc_should_fail() (support/alloc.h), so the Nth
 * allocation of the buffer or the arena fails as malloc() would.  Each
 * operation below (HTML escaping, CSV writing, JSON written into a buffer,
 * formatted text) is run once to count its allocations, then again with
 * each N failing: the buffer must refuse cleanly (overflow set, what it
 * holds still a NUL-terminated prefix of the full text, nothing appended
 * after the refusal), never crash — the ASan build runs this too, so a bad
 * pointer or a leak would show.  Out of a request the arena keeps its
 * contract (running out aborts with a log line): checked in a child
 * process.  Under a catch point (a request's handler, http/server.c) both
 * jump back to it instead: tests/http/test_oom.c sweeps that in the server.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "support/alloc.h"
#include "support/arena.h"
#include "support/buf.h"
#include "support/csvwrite.h"
#include "support/html.h"

static long alloc_count; /* allocations asked for since the last reset */
static long fail_at;     /* 0: none fails */

int alloc_should_fail(void)
{
	return ++alloc_count == fail_at;
}

static void html_op(buf *b)
{
	for (int i = 0; i < 400; i++)
		html_txt(b, "Dupré & fils <SARL> \"l'entreprise\" — 12 rue des Écoles ");
}

static void csv_op(buf *b)
{
	for (int i = 0; i < 300; i++) {
		csv_field(b, "Quérel, Sonia");
		csv_sep(b);
		csv_field(b, "=HYPERLINK(\"x\")");
		csv_sep(b);
		csv_int(b, (int64_t)i * 1000003);
		csv_end(b);
	}
}

static int json_sink(const char *text, size_t len, void *ctx)
{
	buf *b = ctx;
	buf_add(b, text, len);
	return b->overflow ? -1 : 0;
}

static void json_op(buf *b)
{
	json_t *list = json_array();
	for (int i = 0; i < 300; i++)
		json_array_append_new(list, json_pack("{s:i, s:s, s:b}", "id", i, "name",
						      "Élodie « Dupré »", "open", i % 2));
	json_t *root = json_pack("{s:o}", "persons", list);
	json_dump_callback(root, json_sink, b, JSON_COMPACT);
	json_decref(root);
}

static void printf_op(buf *b)
{
	for (int i = 0; i < 500; i++)
		buf_printf(b, "%d;%s;%.2f\n", i, "intervention au bureau", i / 7.0);
}

typedef void (*op_fn)(buf *b);

/* Runs op with the Nth allocation failing, for every N it makes. */
static void sweep(op_fn op, const char *name)
{
	buf full;
	buf_init(&full, 0);
	alloc_count = 0;
	fail_at = 0;
	op(&full);
	long allocations = alloc_count;
	assert_false(full.overflow);
	assert_true(allocations >= 3); /* the operation grows its buffer a few times */
	for (long n = 1; n <= allocations; n++) {
		buf b;
		buf_init(&b, 0);
		alloc_count = 0;
		fail_at = n;
		op(&b);
		fail_at = 0;
		if (!b.overflow)
			fail_msg("%s: allocation %ld of %ld failed and the buffer did not refuse", name,
				 n, allocations);
		/* What it holds is a prefix of the whole text, NUL-terminated. */
		assert_true(b.len < full.len);
		assert_int_equal(strlen(buf_cstr(&b)), b.len);
		assert_memory_equal(buf_cstr(&b), full.data, b.len);
		/* Refused from then on, even with memory back. */
		size_t len = b.len;
		buf_puts(&b, "more");
		assert_int_equal(b.len, len);
		buf_free(&b);
	}
	print_message("# %s: %ld allocation(s), each failed in turn: refused cleanly\n", name,
		      allocations);
	buf_free(&full);
}

static void test_html_escaping(void **state)
{
	(void)state;
	sweep(html_op, "HTML escaping");
}

static void test_csv_writing(void **state)
{
	(void)state;
	sweep(csv_op, "CSV writing");
}

static void test_json_into_buffer(void **state)
{
	(void)state;
	sweep(json_op, "JSON written into a buffer");
}

static void test_formatted_text(void **state)
{
	(void)state;
	sweep(printf_op, "formatted text");
}

/* A reset buffer is usable again once memory is back. */
static void test_reset_after_refusal(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	alloc_count = 0;
	fail_at = 1;
	buf_puts(&b, "refused");
	fail_at = 0;
	assert_true(b.overflow);
	buf_reset(&b);
	buf_puts(&b, "accepted");
	assert_false(b.overflow);
	assert_string_equal(buf_cstr(&b), "accepted");
	buf_free(&b);
}

/* The arena's contract: running out aborts with a log line (a controlled
   stop, in a child here), never a write through a NULL pointer. */
static void test_arena_runs_out(void **state)
{
	(void)state;
	for (long n = 1; n <= 3; n++) {
		fflush(NULL);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			int devnull = open("/dev/null", O_WRONLY);
			dup2(devnull, 2);
			alloc_count = 0;
			fail_at = n;
			arena *a = arena_new();
			for (int i = 0; i < 100; i++)
				arena_printf(a, "%d %s", i, "une ligne de texte assez longue pour remplir");
			(void)arena_alloc(a, 100000);
			arena_free(a);
			_exit(0);
		}
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), SIGABRT);
	}
}

/* Under a catch point (as the server sets around each request), a failed
   arena or buffer allocation jumps back to it, clearing it; without one,
   the buffer refuses as before. */
static void test_catch_point(void **state)
{
	(void)state;
	static arena *a;
	static buf b;
	static volatile int jumps;
	jmp_buf env;
	unsigned long serial = alloc_catch_serial();
	for (int which = 0; which < 2; which++) {
		a = arena_new();
		buf_init(&b, 0);
		if (setjmp(env) == 0) {
			alloc_catch(&env);
			assert_true(alloc_catching());
			alloc_count = 0;
			fail_at = 1;
			if (which == 0)
				(void)arena_alloc(a, 100000);
			else
				buf_puts(&b, "une allocation de trop");
			fail_at = 0;
			alloc_catch(NULL);
			fail_msg("allocation failed without jumping (%s)", which ? "buffer" : "arena");
		}
		fail_at = 0;
		jumps++;
		assert_false(alloc_catching());
		arena_free(a);
		buf_free(&b);
	}
	assert_int_equal(jumps, 2);
	assert_int_equal(alloc_catch_serial(), serial + 2);
	/* No catch point: the buffer refuses. */
	buf_init(&b, 0);
	alloc_count = 0;
	fail_at = 1;
	buf_puts(&b, "refusé");
	fail_at = 0;
	assert_true(b.overflow);
	buf_free(&b);
}

#if !defined(__SANITIZE_ADDRESS__)
/* The page faults of a child process that takes and writes 400 blocks of
   4 KiB, with its heap faulted in beforehand (alloc_prefault) or not. */
static long faults_of_blocks(int prefault)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		alloc_keep_freed();
		if (prefault)
			alloc_prefault((size_t)3 << 20);
		struct rusage before, after;
		getrusage(RUSAGE_SELF, &before);
		static char *blocks[400];
		for (int i = 0; i < 400; i++) {
			blocks[i] = malloc(4096);
			if (blocks[i])
				memset(blocks[i], i, 4096);
		}
		getrusage(RUSAGE_SELF, &after);
		long n = after.ru_minflt - before.ru_minflt;
		for (int i = 0; i < 400; i++)
			free(blocks[i]);
		ssize_t w = write(fds[1], &n, sizeof n);
		_exit(w == (ssize_t)sizeof n ? 0 : 1);
	}
	close(fds[1]);
	long n = -1;
	assert_int_equal(read(fds[0], &n, sizeof n), (ssize_t)sizeof n);
	close(fds[0]);
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return n;
}

#endif

/* alloc_prefault: the heap a command is about to use is faulted in at once
   (one call), not a page at a time as the allocations touch it. */
static void test_prefault(void **state)
{
	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	fprintf(stderr, "# skipped under ASan: its allocator is not the C library's\n");
	skip();
#else
	long without = faults_of_blocks(0), with = faults_of_blocks(1);
	printf("# page faults of 400 blocks of 4 KiB: %ld without, %ld after alloc_prefault\n",
	       without, with);
	/* A fault per block without; about a tenth of that after (the child's
	   copies of its parent's pages, its stack). */
	assert_true(without >= 300);
	assert_true(with * 4 <= without);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escaping),	  cmocka_unit_test(test_csv_writing),
		cmocka_unit_test(test_json_into_buffer),  cmocka_unit_test(test_formatted_text),
		cmocka_unit_test(test_reset_after_refusal), cmocka_unit_test(test_arena_runs_out),
		cmocka_unit_test(test_catch_point),
		cmocka_unit_test(test_prefault),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
