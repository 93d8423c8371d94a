/* relais organisation add|list — client organisations from the command line. */
#include <stdio.h>

#include "cli/cli.h"
#include "service/organisations.h"
#include "support/i18n.h"

static const struct cli_opt add_opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"code", CLI_STRING, "CODE", "short stable code: a-z 0-9 - _", 1, 0, 0, NULL},
	{"name", CLI_STRING, "NAME", "the organisation's name", 1, 0, 0, NULL},
	{"kind", CLI_STRING, "KIND",
	 "collectivite, entreprise, etablissement_public, association or autre", 1, 0, 0, NULL},
	{"sector", CLI_STRING, "TEXT", "sector of activity (optional)", 0, 0, 0, NULL},
	{0},
};

static int add(const struct cli_values *v)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	int rc = organisations_create(s, cli_str(v, "code"), cli_str(v, "name"), cli_str(v, "kind"),
			     cli_str(v, "sector"), NULL);
	int status = 0;
	if (rc == SVC_INVALID || rc == SVC_CONFLICT) {
		const struct verr *e = svc_error(s);
		status = cli_fail("--%s: %s", e->field, _(e->message));
	} else if (rc != SVC_OK) {
		status = cli_fail("cannot create the organisation (see the log above)");
	} else {
		printf("organisation %s created\n", cli_str(v, "code"));
	}
	svc_close(s);
	app_close(a);
	return status;
}

static const struct cli_opt list_opts[] = {CLI_OPT_DB, CLI_OPT_KEY_FILE, {0}};

static int print_org(void *ctx, const struct org_info *o)
{
	(void)ctx;
	printf("%-20s %-22s %s\n", o->code, o->kind, o->name);
	return 0;
}

static int list(const struct cli_values *v)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	int rc = organisations_list(s, print_org, NULL);
	svc_close(s);
	app_close(a);
	return rc == SVC_OK ? 0 : cli_fail("cannot list the organisations");
}

const struct cli_cmd cmd_org_add = {"organisation add", "Create a client organisation.", add_opts,
				    add, NULL, 0};
const struct cli_cmd cmd_org_list = {"organisation list", "List the client organisations.",
				     list_opts, list, NULL, 0};
