/*
 * test_slow_clients — slow clients cannot take the server (issue 12): the
 * per-address limit refuses what one address opens beyond it, a client
 * trickling its request head is closed at the header deadline, and a
 * normal client from another address is answered meanwhile.  Nothing here
 * is timed: waits are bounded by generous caps only so that a broken
 * server fails the test instead of hanging it (the figures are in
 * bench/slowloris.sh).
 *
 * Environment: RELAIS_BIN, RELAIS_TEST_DB (see harness.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/harness.h"

#define SLOW 50        /* slow connections from one address */
#define PER_ADDRESS 5  /* the server's per-address limit */
#define CAP_SECONDS 30 /* the longest any wait may take before the test fails */

static struct fixture fx;

static int setup(void **state)
{
	(void)state;
	static const char *const *const cmds[] = {NULL};
	static const char *const users[] = {"worker1:worker", NULL};
	return fixture_start(&fx, cmds, users);
}

static int teardown(void **state)
{
	(void)state;
	return fixture_stop(&fx);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A connection from 127.0.0.<host> to the server with an unfinished
   request head sent; -1 when the connection failed. */
static int slow_open(int host, int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in src = {.sin_family = AF_INET};
	src.sin_addr.s_addr = htonl((127u << 24) | (unsigned)host);
	struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	static const char head[] = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n";
	if (bind(fd, (struct sockaddr *)&src, sizeof src) != 0 ||
	    connect(fd, (struct sockaddr *)&dst, sizeof dst) != 0 ||
	    send(fd, head, sizeof head - 1, MSG_NOSIGNAL) != (ssize_t)(sizeof head - 1)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether the server has closed fd, waiting at most ms for it to. */
static int closed_within(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	if (poll(&p, 1, ms) <= 0)
		return 0;
	char junk[256];
	ssize_t n = recv(fd, junk, sizeof junk, MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

/* GET path from 127.0.0.1 with extra headers (may be NULL), every socket
   call bounded by CAP_SECONDS: the status, or -1. */
static int get_status(int port, const char *path, const char *headers)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct timeval tv = {.tv_sec = CAP_SECONDS};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	char req[1024];
	int n = snprintf(req, sizeof req,
			 "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n%s\r\n", path,
			 headers ? headers : "");
	char status[64] = "";
	if (connect(fd, (struct sockaddr *)&dst, sizeof dst) == 0 &&
	    send(fd, req, (size_t)n, MSG_NOSIGNAL) == n) {
		size_t len = 0;
		ssize_t r;
		while (len < sizeof status - 1 &&
		       (r = recv(fd, status + len, sizeof status - 1 - len, 0)) > 0)
			len += (size_t)r;
		status[len] = '\0';
	}
	close(fd);
	int code;
	return sscanf(status, "HTTP/1.1 %d", &code) == 1 ? code : -1;
}

static void start(struct server *srv, const char *const *limits)
{
	const char *extra[16] = {"--key-file", fx.key};
	int n = 2;
	for (int i = 0; limits[i]; i++)
		extra[n++] = limits[i];
	extra[n] = NULL;
	assert_int_equal(server_start(srv, fx.db, extra), 0);
}

/* 50 slow connections from 127.0.0.2 with a limit of 5 per address: 45 are
   closed at once, 5 are held (and still answered when they finish their
   request), and 127.0.0.1 is answered meanwhile, signed in or not. */
static void test_per_address_limit(void **state)
{
	(void)state;
	struct server srv;
	static const char *const limits[] = {"--max-per-address", "5", "--header-timeout",
					     "3600", "--idle-timeout", "3600", NULL};
	start(&srv, limits);
	int fd[SLOW], open_fds = 0;
	for (int i = 0; i < SLOW; i++) {
		fd[i] = slow_open(2, srv.port);
		open_fds += fd[i] >= 0;
	}
	assert_int_equal(open_fds, SLOW);

	/* The refused ones are closed without an answer. */
	int closed[SLOW] = {0}, nclosed = 0;
	for (double end = now() + CAP_SECONDS; nclosed < SLOW - PER_ADDRESS && now() < end;)
		for (int i = 0; i < SLOW; i++)
			if (!closed[i] && closed_within(fd[i], 10))
				closed[i] = 1, nclosed++;
	assert_int_equal(nclosed, SLOW - PER_ADDRESS);

	/* Another address is served while the held ones hang. */
	assert_int_equal(get_status(srv.port, "/healthz", NULL), 200);
	struct sess s;
	assert_int_equal(api_login(srv.port, "worker1", TEST_PASSWORD, &s), 200);
	char cookie[256];
	snprintf(cookie, sizeof cookie, "Cookie: %s\r\n", s.cookie);
	assert_int_equal(get_status(srv.port, "/", cookie), 200);

	/* The held ones are alive: finishing their heads gets their answers. */
	int answered = 0;
	for (int i = 0; i < SLOW; i++) {
		if (closed[i])
			continue;
		struct timeval tv = {.tv_sec = CAP_SECONDS};
		setsockopt(fd[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		char buf[32] = "";
		if (send(fd[i], "\r\n", 2, MSG_NOSIGNAL) == 2 &&
		    recv(fd[i], buf, sizeof buf - 1, 0) > 12 && strncmp(buf, "HTTP/1.1 200", 12) == 0)
			answered++;
	}
	assert_int_equal(answered, PER_ADDRESS);
	for (int i = 0; i < SLOW; i++)
		close(fd[i]);
	assert_int_equal(server_stop(&srv), 0);
}

/* A client sending one header byte every 200 ms is never idle, yet it is
   closed once its head is late (--header-timeout 1), without an answer;
   a normal client is answered before and after. */
static void test_header_deadline(void **state)
{
	(void)state;
	struct server srv;
	static const char *const limits[] = {"--header-timeout", "1", NULL};
	start(&srv, limits);
	int fd = slow_open(3, srv.port);
	assert_true(fd >= 0);
	assert_int_equal(get_status(srv.port, "/healthz", NULL), 200);
	int closed = 0;
	for (double end = now() + CAP_SECONDS; !closed && now() < end;) {
		if (send(fd, "X", 1, MSG_NOSIGNAL) != 1)
			closed = 1;
		else
			closed = closed_within(fd, 200);
	}
	assert_true(closed);
	close(fd);
	assert_int_equal(get_status(srv.port, "/healthz", NULL), 200);
	assert_int_equal(server_stop(&srv), 0);
}

/* A request that completes in time is not cut by the deadline, and the
   connection kept alive after it can carry the next request. */
static void test_keep_alive_survives(void **state)
{
	(void)state;
	struct server srv;
	static const char *const limits[] = {"--header-timeout", "1", "--idle-timeout", "30",
					     NULL};
	start(&srv, limits);
	int fd = slow_open(4, srv.port);
	assert_true(fd >= 0);
	struct timeval tv = {.tv_sec = CAP_SECONDS};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	for (int round = 0; round < 2; round++) {
		if (round == 1) {
			static const char again[] = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n";
			assert_int_equal(send(fd, again, sizeof again - 1, MSG_NOSIGNAL),
					 (ssize_t)(sizeof again - 1));
		}
		assert_int_equal(send(fd, "\r\n", 2, MSG_NOSIGNAL), 2);
		char buf[4096] = "";
		ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
		assert_true(n > 12);
		assert_memory_equal(buf, "HTTP/1.1 200", 12);
	}
	close(fd);
	assert_int_equal(server_stop(&srv), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_per_address_limit),
		cmocka_unit_test(test_header_deadline),
		cmocka_unit_test(test_keep_alive_survives),
	};
	return cmocka_run_group_tests_name("slow clients", tests, setup, teardown);
}
