/*
 * slowloris — slow clients for bench/slowloris.sh: opens COUNT connections
 * to 127.0.0.1:PORT, bound in turn to the source addresses FIRST..LAST of
 * 127.0.0.0/8 (so a per-address limit has addresses to count), sends each
 * an unfinished request line and then one header byte every INTERVAL
 * seconds, never the blank line that ends the headers, for SECONDS in all.
 * Connections the server closes are counted: "refused" when closed before
 * the first header byte (a connection limit), "dropped" later (a timeout).  Prints one summary line:
 *
 *   slowloris: opened N refused R dropped D connected C (of COUNT)
 *
 * Bounded: COUNT ≤ 10000, SECONDS ≤ 600.  SIGUSR1 prints the summary
 * so far (the benchmark asks while wrk runs).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_COUNT 10000
#define MAX_SECONDS 600

struct slow {
	int fd;          /* -1 once closed */
	unsigned sent;   /* header bytes sent after the request line */
};

static volatile sig_atomic_t report_now;

static void on_usr1(int sig)
{
	(void)sig;
	report_now = 1;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long arg_long(const char *s, long lo, long hi, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "slowloris: %s must be %ld..%ld, not '%s'\n", what, lo, hi, s);
		exit(2);
	}
	return v;
}

/* A connection from 127.0.0.<host> to 127.0.0.1:port, the request line
   sent; -1 when it could not be made. */
static int slow_open(int host, int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in src = {.sin_family = AF_INET};
	src.sin_addr.s_addr = htonl((127u << 24) | (unsigned)host);
	struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct timeval tv = {.tv_sec = 3};
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	static const char line[] = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n";
	if (bind(fd, (struct sockaddr *)&src, sizeof src) != 0 ||
	    connect(fd, (struct sockaddr *)&dst, sizeof dst) != 0 ||
	    send(fd, line, sizeof line - 1, MSG_NOSIGNAL) != (ssize_t)(sizeof line - 1)) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

/* Whether the server has closed fd (reads and discards what it sent). */
static int closed_by_peer(int fd)
{
	char junk[512];
	for (;;) {
		ssize_t n = recv(fd, junk, sizeof junk, 0);
		if (n > 0)
			continue;
		if (n == 0)
			return 1;
		return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
	}
}

static void summary(const struct slow *s, int count, int failed, int refused, int dropped)
{
	int connected = 0;
	for (int i = 0; i < count; i++)
		connected += s[i].fd >= 0;
	printf("slowloris: opened %d refused %d dropped %d connected %d (of %d)\n",
	       count - failed, refused, dropped, connected, count);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr, "usage: slowloris PORT COUNT SECONDS INTERVAL FIRST LAST\n"
				"  (source addresses 127.0.0.FIRST to 127.0.0.LAST)\n");
		return 2;
	}
	int port = (int)arg_long(argv[1], 1, 65535, "PORT");
	int count = (int)arg_long(argv[2], 1, MAX_COUNT, "COUNT");
	double seconds = (double)arg_long(argv[3], 1, MAX_SECONDS, "SECONDS");
	double interval = (double)arg_long(argv[4], 1, 60, "INTERVAL");
	int first = (int)arg_long(argv[5], 1, 254, "FIRST");
	int last = (int)arg_long(argv[6], first, 254, "LAST");

	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	signal(SIGUSR1, on_usr1);

	struct slow *s = calloc((size_t)count, sizeof *s);
	struct pollfd *pfd = calloc((size_t)count, sizeof *pfd);
	if (!s || !pfd)
		return 1;
	double start = now();
	int failed = 0, refused = 0, dropped = 0;
	for (int i = 0; i < count; i++) {
		s[i].fd = slow_open(first + i % (last - first + 1), port);
		failed += s[i].fd < 0;
	}
	static const char header[] = "X-Slow: a\r\n";
	double next = now() - start + interval;
	for (;;) {
		double t = now() - start;
		if (t >= seconds)
			break;
		if (t >= next) { /* one more header byte on each connection */
			for (int i = 0; i < count; i++) {
				if (s[i].fd < 0)
					continue;
				char c = header[s[i].sent++ % (sizeof header - 1)];
				if (send(s[i].fd, &c, 1, MSG_NOSIGNAL) < 0 && errno != EAGAIN) {
					close(s[i].fd);
					s[i].fd = -1;
					dropped++;
				}
			}
			next += interval;
		}
		if (report_now) {
			report_now = 0;
			summary(s, count, failed, refused, dropped);
		}
		int n = 0;
		for (int i = 0; i < count; i++)
			if (s[i].fd >= 0)
				pfd[n++] = (struct pollfd){.fd = s[i].fd, .events = POLLIN};
		double wait = (next < seconds ? next : seconds) - t;
		if (poll(pfd, (nfds_t)n, (int)(wait * 1000) + 1) <= 0)
			continue;
		for (int k = 0, i = 0; k < n; k++) {
			if (!pfd[k].revents)
				continue;
			while (s[i].fd != pfd[k].fd)
				i++;
			if (!closed_by_peer(s[i].fd))
				continue;
			close(s[i].fd);
			s[i].fd = -1;
			if (s[i].sent == 0)
				refused++;
			else
				dropped++;
		}
	}
	summary(s, count, failed, refused, dropped);
	for (int i = 0; i < count; i++)
		if (s[i].fd >= 0)
			close(s[i].fd);
	free(pfd);
	free(s);
	return 0;
}
