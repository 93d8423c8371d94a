/* relais digest, relais user email — the optional morning e-mail (issue 17,
   service/digest.h): counts only, sent through the local MTA's sendmail
   interface. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "service/digest.h"
#include "service/svc.h"

static const struct cli_opt email_opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"login", CLI_STRING, "LOGIN", "the worker's or head's account", 1, 0, 0, NULL},
	{"address", CLI_STRING, "EMAIL", "where her digest goes (\"\" to stop sending it)", 1, 0,
	 0, NULL},
	{0},
};

static int email(const struct cli_values *v)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	const char *login = cli_str(v, "login"), *address = cli_str(v, "address");
	int rc = digest_email_set(s, login, address);
	svc_close(s);
	app_close(a);
	if (rc == SVC_INVALID)
		return cli_fail("--address: not an address a mail can safely go to: %s", address);
	if (rc == SVC_NOT_FOUND)
		return cli_fail("--login: no worker or head account %s", login);
	if (rc != SVC_OK)
		return cli_fail("cannot change the account (see the log above)");
	if (*address)
		printf("user %s: the morning digest goes to %s\n", login, address);
	else
		printf("user %s: no morning digest\n", login);
	return 0;
}

struct sending {
	const char *sendmail, *from, *url;
	int sent;
};

/* Runs the operator's sendmail command with the recipient as its last
   argument, never through the shell's parsing ("$@"), the message on its
   standard input.  0 once it exited 0. */
static int send_one(const struct sending *x, const char *to, const char *message, size_t len)
{
	int fd[2];
	if (pipe(fd) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fd[0], 0);
		close(fd[0]);
		close(fd[1]);
		char script[1024];
		snprintf(script, sizeof script, "%s \"$@\"", x->sendmail);
		execl("/bin/sh", "sh", "-c", script, "relais-digest", "--", to, (char *)NULL);
		_exit(127);
	}
	close(fd[0]);
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd[1], message + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fd[1]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return off == len && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int one(void *ctx, const char *login, const char *to, const struct digest_counts *c)
{
	struct sending *x = ctx;
	buf m;
	buf_init(&m, 64 * 1024);
	digest_message(&m, x->from, to, x->url, c);
	int rc = send_one(x, to, m.data, m.len);
	buf_free(&m);
	if (rc != 0) {
		fprintf(stderr, "relais: digest: the sendmail command failed for %s\n", login);
		return SVC_ERROR;
	}
	x->sent++;
	return SVC_OK;
}

static const struct cli_opt digest_opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"sendmail", CLI_STRING, "CMD",
	 "the local MTA's sendmail command, the recipient appended (e.g. \"/usr/sbin/sendmail -i\")",
	 1, 0, 0, NULL},
	{"from", CLI_STRING, "EMAIL", "the sender's address", 1, 0, 0, NULL},
	{"url", CLI_STRING, "URL", "the service's home page, e.g. https://relais.example.fr", 1, 0,
	 0, NULL},
	{0},
};

static int digest(const struct cli_values *v)
{
	struct sending x = {cli_str(v, "sendmail"), cli_str(v, "from"), cli_str(v, "url"), 0};
	if (!digest_address_valid(x.from))
		return cli_fail("--from: not an address a mail can safely come from: %s", x.from);
	if (!digest_url_valid(x.url))
		return cli_fail("--url: an http:// or https:// address without query nor fragment");
	if (strlen(x.sendmail) > 900)
		return cli_fail("--sendmail: too long");
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	/* A sendmail that dies early must not kill the whole run. */
	signal(SIGPIPE, SIG_IGN);
	svc *s = svc_open_system(a);
	int rc = digest_each(s, one, &x);
	svc_close(s);
	app_close(a);
	printf("%d digest%s sent\n", x.sent, x.sent == 1 ? "" : "s");
	return rc == SVC_OK ? 0 : cli_fail("the digest was not sent to everyone (see above)");
}

const struct cli_cmd cmd_digest = {
	"digest",
	"Send each worker and head with an address the morning digest: the counts of what awaits "
	"her and a link to the home page, never a name nor any personal detail. Off unless run "
	"(deploy/relais-digest.timer).",
	digest_opts, digest, NULL, 0};
const struct cli_cmd cmd_user_email = {
	"user email",
	"Set the address of a worker's or head's morning digest (\"\" to stop sending it).",
	email_opts, email, NULL, 0};
