/* relais user add|list — staff accounts from the command line. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "cli/cli.h"
#include "domain/account.h"
#include "service/svc.h"
#include "service/users.h"
#include "support/i18n.h"
#include "support/sec.h"

static const struct cli_opt add_opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"login", CLI_STRING, "LOGIN", "sign-in name: a-z 0-9 . - _", 1, 0, 0, NULL},
	{"name", CLI_STRING, "NAME", "full name as shown to colleagues", 1, 0, 0, NULL},
	{"role", CLI_STRING, "ROLE", "admin, head, worker, reception, employer or auditor", 1, 0, 0, NULL},
	{"organisation", CLI_STRING, "CODE", "the organisation of an employer account", 0, 0, 0,
	 NULL},
	{"password-stdin", CLI_FLAG, NULL,
	 "read the password (12 characters or more) from the first line of standard input", 0, 0,
	 0, NULL},
	{0},
};

/* Reads one line; 0 or -1 when empty, unreadable or too long. */
static int read_password(char *out, size_t len)
{
	if (!fgets(out, (int)len, stdin))
		return -1;
	size_t n = strcspn(out, "\r\n");
	if (out[n] == '\0' && n == len - 1)
		return -1; /* no newline and the buffer is full: too long */
	out[n] = '\0';
	return n ? 0 : -1;
}

static int add(const struct cli_values *v)
{
	char password[ACCOUNT_PASSWORD_MAX + 2];
	int generated = 0;
	if (cli_flag(v, "password-stdin")) {
		if (read_password(password, sizeof password) != 0)
			return cli_fail("no password on standard input (one line, at most %d bytes)",
					ACCOUNT_PASSWORD_MAX);
	} else {
		sec_password_generate(password, 16);
		generated = 1;
	}
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	int rc = users_add(s, cli_str(v, "login"), cli_str(v, "name"), cli_str(v, "role"), password,
			   cli_str(v, "organisation"), NULL);
	int status = 0;
	if (rc == SVC_INVALID || rc == SVC_CONFLICT) {
		const struct verr *e = svc_error(s);
		status = cli_fail("--%s: %s", e->field, _(e->message));
	} else if (rc != SVC_OK) {
		status = cli_fail("cannot create the account (see the log above)");
	} else {
		printf("user %s created (%s)\n", cli_str(v, "login"), cli_str(v, "role"));
		if (generated)
			printf("password: %s\n(shown once)\n", password);
	}
	sodium_memzero(password, sizeof password);
	svc_close(s);
	app_close(a);
	return status;
}

static const struct cli_opt list_opts[] = {CLI_OPT_DB, CLI_OPT_KEY_FILE, {0}};

static int print_user(void *ctx, const struct user_info *u)
{
	(void)ctx;
	printf("%-20s %-10s %-8s %s%s%s\n", u->login, role_code(u->role),
	       !u->active ? "inactive" : u->locked ? "locked" : "active", u->name,
	       u->organisation ? " @" : "", u->organisation ? u->organisation : "");
	return 0;
}

static int list(const struct cli_values *v)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	int rc = users_list(s, print_user, NULL);
	svc_close(s);
	app_close(a);
	return rc == SVC_OK ? 0 : cli_fail("cannot list the accounts");
}

const struct cli_cmd cmd_user_add = {
	"user add",
	"Create a staff account. Without --password-stdin a random password is generated and "
	"printed once.",
	add_opts, add, NULL, 0};
const struct cli_cmd cmd_user_list = {"user list", "List the staff accounts.", list_opts, list, NULL, 0};
