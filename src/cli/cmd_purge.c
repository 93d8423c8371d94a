/* relais purge — the retention rule: anonymise persons quiet for two years. */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "cli/cli.h"
#include "domain/date.h"
#include "service/audit.h"
#include "service/purge.h"

static const struct cli_opt opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"years", CLI_INT, "N", "years without contact before a person is anonymised", 0, 1, 100,
	 "2"},
	{"dry-run", CLI_FLAG, NULL, "list the persons due, change nothing", 0, 0, 0, NULL},
	{0},
};

static void listed(void *ctx, int64_t id)
{
	printf("  %s person %" PRId64 "\n", (const char *)ctx, id);
}

static int run(const struct cli_values *v)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	char today[DATE_LEN + 1];
	date_today(today);
	int dry = cli_flag(v, "dry-run");
	int64_t n = 0;
	int rc = purge_run(s, today, (int)cli_int(v, "years"), dry, listed,
			   dry ? "would anonymise" : "anonymised", &n);
	/* The access log is kept one year (DESIGN §2b). */
	int64_t gone = 0;
	int log_rc = rc == SVC_OK && !dry ? audit_retention(s, (int64_t)time(NULL), &gone) : SVC_OK;
	svc_close(s);
	app_close(a);
	if (rc != SVC_OK)
		return cli_fail("the purge failed (see the log above)");
	printf("%s%" PRId64 " person(s) %s (quiet for %lld year(s))\n", dry ? "dry run: " : "", n,
	       dry ? "due" : "anonymised", (long long)cli_int(v, "years"));
	if (log_rc != SVC_OK)
		return cli_fail("the access log's retention failed (see the log above)");
	if (!dry)
		printf("%" PRId64 " access log entr%s older than a year removed\n", gone,
		       gone == 1 ? "y" : "ies");
	return 0;
}

const struct cli_cmd cmd_purge = {
	"purge",
	"The retention rule: anonymise the persons whose cases have all been closed, or without "
	"contact, for two years (identity and free texts erased, coded statistics kept); "
	"--dry-run lists them first; then removes the access log's entries older than a year "
	"(a checkpoint keeps the chain verifiable).",
	opts,
	run,
	NULL,
	0};
