/* relais purge — retention for everything (service/retention.h): anonymise
   persons quiet for two years or never accompanied, remove the other
   records past their age; public bodies' records once the archives' visa
   is recorded (relais purge visa). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "domain/date.h"
#include "render/bordereau.h"
#include "service/audit.h"
#include "service/purge.h"
#include "service/retention.h"
#include "support/buf.h"

static const struct cli_opt opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"years", CLI_INT, "N", "years without contact before a person is anonymised", 0, 1, 100,
	 "2"},
	{"dry-run", CLI_FLAG, NULL, "list every kind due and the persons, change nothing", 0, 0, 0,
	 NULL},
	{"bordereau", CLI_STRING, "FILE",
	 "write the bordereau d'élimination (PDF) of the records waiting for the archives' visa",
	 0, 0, 0, NULL},
	{0},
};

static void listed(void *ctx, int64_t id)
{
	printf("  %s person %" PRId64 "\n", (const char *)ctx, id);
}

/* One line per kind: due, waiting for the visa, removed. */
static void kinds(const struct retention_plan *p, int dry)
{
	for (int k = 0; k < RETENTION__COUNT; k++) {
		printf("%-22s due %" PRId64, retention_kinds[k].code, p->due[k]);
		if (retention_kinds[k].archives)
			printf(", waiting for the archives' visa %" PRId64, p->held[k]);
		if (!dry)
			printf(", removed %" PRId64, p->done[k]);
		putchar('\n');
	}
	if (p->visa_bordereau[0])
		printf("latest visa: bordereau of %s\n", p->visa_bordereau);
	else
		printf("no visa recorded: public bodies' records wait (relais purge visa)\n");
}

static int write_bordereau(const char *path, const struct retention_plan *p)
{
	buf b;
	buf_init(&b, 0);
	int rc = bordereau_pdf(p, &b);
	size_t n = 0;
	char *data = rc == 0 ? buf_detach(&b, &n) : NULL;
	buf_free(&b);
	if (!data)
		return cli_fail("cannot draw the bordereau");
	rc = cli_write_file(path, data, n);
	free(data);
	if (rc != 0)
		return rc;
	printf("bordereau d'élimination written to %s (record its visa with: relais purge visa "
	       "--bordereau-date %s …)\n",
	       path, p->today);
	return 0;
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
	struct retention_plan plan = {0};
	int rc = purge_run(s, today, (int)cli_int(v, "years"), dry, listed,
			   dry ? "would anonymise" : "anonymised", &n, &plan);
	/* The access log is kept one year (DESIGN §2b). */
	int64_t gone = 0;
	int log_rc = rc == SVC_OK && !dry ? audit_retention(s, (int64_t)time(NULL), &gone) : SVC_OK;
	svc_close(s);
	app_close(a);
	if (rc != SVC_OK) {
		retention_plan_free(&plan);
		return cli_fail("the purge failed (see the log above)");
	}
	printf("%s%" PRId64 " person(s) %s (quiet for %lld year(s), or never accompanied for %d "
	       "month(s))\n",
	       dry ? "dry run: " : "", n, dry ? "due" : "anonymised", (long long)cli_int(v, "years"),
	       plan.settings.unaccompanied_months);
	kinds(&plan, dry);
	int status = 0;
	if (cli_str(v, "bordereau"))
		status = write_bordereau(cli_str(v, "bordereau"), &plan);
	retention_plan_free(&plan);
	if (log_rc != SVC_OK)
		return cli_fail("the access log's retention failed (see the log above)");
	if (!dry)
		printf("%" PRId64 " access log entr%s older than a year removed\n", gone,
		       gone == 1 ? "y" : "ies");
	return status;
}

const struct cli_cmd cmd_purge = {
	"purge",
	"Retention for everything: anonymise the persons whose cases have all been closed, or "
	"without contact, for two years, and those never accompanied (no case) for six months "
	"(identity and free texts erased, coded statistics kept); remove employer and employee "
	"requests closed or dismissed for a year (left pending for the same two years), expired "
	"sessions, rate-limit rows past their window and the calendar feeds of disabled accounts. "
	"A public body's records (archives publiques) go only once the archives' visa is "
	"recorded (purge visa); --dry-run lists every kind and its count, --bordereau writes the "
	"bordereau d'élimination for the visa.  Then removes the access log's entries older "
	"than a year (a checkpoint keeps the chain verifiable).",
	opts,
	run,
	NULL,
	0};

static const struct cli_opt visa_opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"bordereau-date", CLI_STRING, "YYYY-MM-DD", "the day the bordereau was drawn", 1, 0, 0,
	 NULL},
	{"visa-date", CLI_STRING, "YYYY-MM-DD", "the date of the archives service's visa", 1, 0, 0,
	 NULL},
	{"reference", CLI_STRING, "TEXT", "the visa's reference", 1, 0, 0, NULL},
	{0},
};

static int visa(const struct cli_values *v)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	int64_t id = 0;
	int rc = retention_visa_record(s, cli_str(v, "bordereau-date"), cli_str(v, "visa-date"),
				       cli_str(v, "reference"), &id);
	char why[256];
	snprintf(why, sizeof why, "%s", rc == SVC_INVALID ? svc_error(s)->message : "");
	svc_close(s);
	app_close(a);
	if (rc == SVC_INVALID)
		return cli_fail("purge visa: %s", why);
	if (rc != SVC_OK)
		return cli_fail("cannot record the visa (see the log above)");
	printf("visa %" PRId64 " recorded: the next purge removes the records due on %s\n", id,
	       cli_str(v, "bordereau-date"));
	return 0;
}

const struct cli_cmd cmd_purge_visa = {
	"purge visa",
	"Record the archives service's visa d'élimination for a bordereau (public bodies' "
	"records): the next purge removes what was due on the bordereau's day.  Audited.",
	visa_opts,
	visa,
	NULL,
	0};

static const struct cli_opt config_opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"unaccompanied-months", CLI_INT, "N",
	 "months before a person never accompanied is anonymised (default 6)", 0, 1, 120, NULL},
	{"private-auto", CLI_STRING, "on|off",
	 "on: private bodies' records go at their age; off: they wait for a visa too", 0, 0, 0,
	 NULL},
	{0},
};

static int config(const struct cli_values *v)
{
	const char *automatic = cli_str(v, "private-auto");
	if (automatic && strcmp(automatic, "on") != 0 && strcmp(automatic, "off") != 0)
		return cli_fail("config retention: --private-auto takes on or off, not '%s'",
				automatic);
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	struct retention_settings set;
	int rc = retention_settings_get(s, &set);
	int change = automatic || cli_flag(v, "unaccompanied-months");
	if (rc == SVC_OK && change) {
		if (automatic)
			set.private_auto = strcmp(automatic, "on") == 0;
		if (cli_flag(v, "unaccompanied-months"))
			set.unaccompanied_months = (int)cli_int(v, "unaccompanied-months");
		rc = retention_settings_set(s, &set);
	}
	svc_close(s);
	app_close(a);
	if (rc != SVC_OK)
		return cli_fail("cannot %s the retention settings (see the log above)",
				change ? "change" : "read");
	printf("persons never accompanied: anonymised after %d month(s)\n"
	       "private bodies' records: %s\n",
	       set.unaccompanied_months,
	       set.private_auto ? "go at their age (on)" : "wait for a visa like public bodies' (off)");
	return 0;
}

const struct cli_cmd cmd_config_retention = {
	"config retention",
	"Show or change the retention settings: months before a person never accompanied is "
	"anonymised, whether private bodies' records go without a visa.  Audited.",
	config_opts,
	config,
	NULL,
	0};
