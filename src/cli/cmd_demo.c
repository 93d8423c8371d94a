/* relais demo — fill an empty database with a realistic demonstration service. */
#include <stdio.h>

#include "cli/cli.h"
#include "service/demo.h"

static const struct cli_opt opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"seed", CLI_INT, "N", "the same seed gives the same service", 0, 1, INT64_MAX, "2008"},
	{0},
};

static void account(void *ctx, const char *login, const char *role, const char *password)
{
	(void)ctx;
	printf("  %-16s %-10s %s\n", login, role, password);
}

static int run(const struct cli_values *v)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	printf("demo accounts (login, role, password — shown once):\n");
	int rc = demo_fill(s, (uint64_t)cli_int(v, "seed"), account, NULL);
	svc_close(s);
	app_close(a);
	if (rc == SVC_CONFLICT)
		return cli_fail("the database already holds organisations: demo fills an empty one");
	if (rc != SVC_OK)
		return cli_fail("the demo could not be written (see the log above): nothing was kept");
	printf("demo service ready: 14 collectivités, 8 social workers, 2006–2009; try the 2008 "
	       "bilan: relais report --db … --year 2008 --age-bands 35,56\n");
	return 0;
}

const struct cli_cmd cmd_demo = {
	"demo",
	"Fill an empty database with a demonstration service modelled on a real one (14 "
	"collectivités, 11,367 agents, 590 persons followed in 2008), through the same rules, "
	"audit and encryption as real use.",
	opts,
	run,
	NULL,
	0};
