/* relais user add|list — staff accounts from the command line. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "service/accounts.h"
#include "service/svc.h"
#include "service/users.h"
#include "support/i18n.h"
#include "support/sec.h"

#define BASE_URL_OPT                                                                            \
	{"base-url", CLI_STRING, "URL", "the server's address, at the start of the links printed",  \
	 0, 0, 0, "http://127.0.0.1:8080"}

static const struct cli_opt add_opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"login", CLI_STRING, "LOGIN", "sign-in name: a-z 0-9 . - _", 1, 0, 0, NULL},
	{"name", CLI_STRING, "NAME", "full name as shown to colleagues", 1, 0, 0, NULL},
	{"role", CLI_STRING, "ROLE", "admin, head, worker, employer or auditor", 1, 0, 0, NULL},
	{"organisation", CLI_STRING, "CODE", "the organisation of an employer account", 0, 0, 0,
	 NULL},
	BASE_URL_OPT,
	{0},
};

/* Prints the link of token: the line scripts read. */
static void print_link(const struct cli_values *v, const char *token)
{
	char url[ACCOUNT_URL_MAX];
	const char *base = cli_str(v, "base-url");
	accounts_link_url(base ? base : "http://127.0.0.1:8080", token, url, sizeof url);
	printf("enrolment link: %s\n(valid %d hours, once: the person sets her password and "
	       "second factor with it)\n",
	       url, ACCOUNT_LINK_TTL / 3600);
}

static int add(const struct cli_values *v)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	char token[SEC_TOKEN_LEN + 1];
	int rc = users_add(s, cli_str(v, "login"), cli_str(v, "name"), cli_str(v, "role"),
			   cli_str(v, "organisation"), NULL, token);
	int status = 0;
	if (rc == SVC_INVALID || rc == SVC_CONFLICT) {
		const struct verr *e = svc_error(s);
		status = cli_fail("--%s: %s", e->field, _(e->message));
	} else if (rc != SVC_OK) {
		status = cli_fail("cannot create the account (see the log above)");
	} else {
		printf("user %s created (%s)\n", cli_str(v, "login"), cli_str(v, "role"));
		print_link(v, token);
	}
	sodium_memzero(token, sizeof token);
	svc_close(s);
	app_close(a);
	return status;
}

static const struct cli_opt login_opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"login", CLI_STRING, "LOGIN", "the account", 1, 0, 0, NULL},
	BASE_URL_OPT,
	{0},
};

static const struct cli_opt active_opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"login", CLI_STRING, "LOGIN", "the account", 1, 0, 0, NULL},
	{0},
};

enum life { LIFE_RESET, LIFE_DISABLE, LIFE_ENABLE };

static int life(const struct cli_values *v, enum life what)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	const char *login = cli_str(v, "login");
	int64_t id = 0;
	char token[SEC_TOKEN_LEN + 1] = "";
	int rc = users_id_by_login(s, login, &id);
	if (rc == SVC_OK)
		rc = what == LIFE_RESET ? users_reset(s, id, token)
					: users_set_active(s, id, what == LIFE_ENABLE);
	int status = 0;
	if (rc == SVC_NOT_FOUND) {
		status = cli_fail("--login: no account %s", login);
	} else if (rc != SVC_OK) {
		status = cli_fail("cannot change the account (see the log above)");
	} else if (what == LIFE_RESET) {
		printf("user %s reset: password and second factor removed, sessions ended\n", login);
		print_link(v, token);
	} else {
		printf("user %s %s\n", login,
		       what == LIFE_ENABLE ? "enabled" : "disabled (every session ended)");
	}
	sodium_memzero(token, sizeof token);
	svc_close(s);
	app_close(a);
	return status;
}

static int reset(const struct cli_values *v)
{
	return life(v, LIFE_RESET);
}

static int disable(const struct cli_values *v)
{
	return life(v, LIFE_DISABLE);
}

static int enable(const struct cli_values *v)
{
	return life(v, LIFE_ENABLE);
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
	"Create a staff account and print its enrolment link (72 hours, once), with which the "
	"person sets her password and second factor.",
	add_opts, add, NULL, 0};
const struct cli_cmd cmd_user_reset = {
	"user reset",
	"Reset an account: password and second factor removed, every session ended; print a new "
	"enrolment link. The person is told at her next sign-in.",
	login_opts, reset, NULL, 0};
const struct cli_cmd cmd_user_disable = {
	"user disable", "Disable an account: every session ends at once, sign-in refused, data kept.",
	active_opts, disable, NULL, 0};
const struct cli_cmd cmd_user_enable = {"user enable", "Enable a disabled account again.",
					active_opts, enable, NULL, 0};
const struct cli_cmd cmd_user_list = {"user list", "List the staff accounts.", list_opts, list, NULL, 0};
