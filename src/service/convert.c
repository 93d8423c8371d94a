/* convert — see convert.h. */
#define _XOPEN_SOURCE 700
#include "service/convert.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support/log.h"

static pthread_mutex_t convert_lock = PTHREAD_MUTEX_INITIALIZER;

/* The program to run: RELAIS_SOFFICE, else soffice found in the PATH,
   into out; 0 or -1 (none). */
static int program(char *out, size_t n)
{
	const char *env = getenv("RELAIS_SOFFICE");
	if (env && *env) {
		snprintf(out, n, "%s", env);
		return access(out, X_OK) == 0 ? 0 : -1;
	}
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/bin:/bin";
	while (*path) {
		const char *end = strchr(path, ':');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		if (len > 0 && len + 9 < n) {
			snprintf(out, n, "%.*s/soffice", (int)len, path);
			if (access(out, X_OK) == 0)
				return 0;
		}
		path += len + (end ? 1 : 0);
	}
	return -1;
}

int convert_available(void)
{
	char p[PATH_MAX];
	return program(p, sizeof p) == 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static int write_file(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	const char *p = data;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return close(fd);
}

static int read_file(const char *path, buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char chunk[65536];
	ssize_t r;
	buf_reset(out);
	while ((r = read(fd, chunk, sizeof chunk)) > 0 || (r < 0 && errno == EINTR))
		if (r > 0)
			buf_add(out, chunk, (size_t)r);
	close(fd);
	return r < 0 || out->overflow || out->len == 0 ? -1 : 0;
}

/* Runs the conversion in dir; 0 when the child ended well in time. */
static int run(const char *prog, const char *dir)
{
	char profile[PATH_MAX + 64], input[PATH_MAX + 16];
	snprintf(profile, sizeof profile, "-env:UserInstallation=file://%s/profile", dir);
	snprintf(input, sizeof input, "%s/lettre.odt", dir);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setpgid(0, 0);
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		long maxfd = sysconf(_SC_OPEN_MAX);
		if (maxfd < 0 || maxfd > 65536)
			maxfd = 65536;
		for (long fd = 3; fd < maxfd; fd++)
			close((int)fd);
		char home[PATH_MAX + 8];
		snprintf(home, sizeof home, "HOME=%s", dir);
		putenv(home);
		execl(prog, prog, profile, "--headless", "--invisible", "--norestore", "--nologo",
		      "--nodefault", "--nolockcheck", "--convert-to", "pdf", "--outdir", dir, input,
		      (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	struct timespec tick = {0, 50 * 1000 * 1000};
	for (long waited = 0; waited < CONVERT_TIMEOUT * 20L; waited++) {
		int status;
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
		if (w < 0 && errno != EINTR)
			return -1;
		nanosleep(&tick, NULL);
	}
	log_warn("convert: LibreOffice ran over %d s: killed", CONVERT_TIMEOUT);
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

int convert_odt_to_pdf(const void *odt, size_t n, buf *pdf)
{
	char prog[PATH_MAX];
	if (program(prog, sizeof prog) != 0)
		return CONVERT_UNAVAILABLE;
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX], path[PATH_MAX + 16];
	snprintf(dir, sizeof dir, "%s/relais-pdf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int rc = CONVERT_FAILED;
	pthread_mutex_lock(&convert_lock);
	if (!mkdtemp(dir)) {
		log_error("convert: no private directory: %s", strerror(errno));
		pthread_mutex_unlock(&convert_lock);
		return CONVERT_FAILED;
	}
	snprintf(path, sizeof path, "%s/lettre.odt", dir);
	if (write_file(path, odt, n) == 0 && run(prog, dir) == 0) {
		snprintf(path, sizeof path, "%s/lettre.pdf", dir);
		buf out;
		buf_init(&out, CONVERT_PDF_MAX);
		if (read_file(path, &out) == 0) {
			buf_reset(pdf);
			buf_add(pdf, out.data, out.len);
			rc = CONVERT_OK;
		}
		buf_free(&out);
	}
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	pthread_mutex_unlock(&convert_lock);
	if (rc != CONVERT_OK)
		log_error("convert: LibreOffice gave no PDF");
	return rc;
}
