/* relais demo — fill an empty database with a realistic demonstration service,
   or with a large generated one (--scale) for measuring. */
#include <stdio.h>
#include <time.h>

#include "cli/cli.h"
#include "bulk/demo.h"
#include "bulk/demo_scale.h"
#include "service/accounts.h"

static const struct cli_opt opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"seed", CLI_INT, "N", "the same seed gives the same service", 0, 1, INT64_MAX, "2008"},
	{"scale", CLI_INT, "N",
	 "instead, a large generated service of N employees over 10 years (only the head can sign in)",
	 0, 1, DEMO_SCALE_MAX, NULL},
	{"today", CLI_STRING, "YYYY-MM-DD",
	 "the demo's today: its four years end with this one's (" DEMO_REFERENCE_TODAY
	 ": the reference service, 2006–2009); default the real today",
	 0, 0, 0, NULL},
	{"base-url", CLI_STRING, "URL", "the server's address, at the start of the links printed", 0,
	 0, 0, "http://127.0.0.1:8080"},
	{0},
};

/* One demo account: its enrolment link and, for the demo only, the
   second factor's secret the link proposes, to try it with oathtool. */
static void account(void *ctx, const char *login, const char *role, const char *token,
		    const char *secret)
{
	const struct cli_values *v = ctx;
	char url[ACCOUNT_URL_MAX];
	const char *base = cli_str(v, "base-url");
	accounts_link_url(base ? base : "http://127.0.0.1:8080", token, url, sizeof url);
	printf("  %-16s %s\n", login, role);
	printf("enrolment link: %s\n", url);
	printf("    TOTP secret: %s (demo only)  code: oathtool --totp --base32 %s\n", secret,
	       secret);
	fflush(stdout);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int run_scale(svc *s, const struct cli_values *v)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct demo_scale_counts c;
	printf("head of service account (its enrolment link, valid 72 hours, once):\n");
	int rc = demo_scale_fill(s, cli_int(v, "scale"), (uint64_t)cli_int(v, "seed"), account,
				 (void *)v, &c);
	if (rc != SVC_OK)
		return rc;
	printf("generated service, %d–%d: %lld employees in %lld organisations, %lld social "
	       "workers, %lld persons, %lld cases, %lld interventions, in %.1f s\n",
	       c.first_year, c.last_year, (long long)cli_int(v, "scale"),
	       (long long)c.organisations, (long long)c.workers, (long long)c.persons,
	       (long long)c.cases, (long long)c.interventions, seconds_since(&t0));
	printf("try: relais report --db … --year %d\n", c.last_year);
	return SVC_OK;
}

static int run(const struct cli_values *v)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	int scale = cli_str(v, "scale") != NULL;
	int rc;
	if (scale) {
		rc = run_scale(s, v);
	} else {
		printf("demo accounts (each with its enrolment link, valid 72 hours, once):\n");
		rc = demo_fill(s, (uint64_t)cli_int(v, "seed"), cli_str(v, "today"), account,
			       (void *)v);
	}
	const struct verr *why = svc_error(s);
	if (rc == SVC_INVALID && why && why->field)
		fprintf(stderr, "relais: demo refused: %s: %s\n", why->field, why->message);
	int bad_today = rc == SVC_INVALID && !scale && !(why && why->field);
	svc_close(s);
	app_close(a);
	if (bad_today)
		return cli_fail("--today must be a date YYYY-MM-DD from " DEMO_REFERENCE_TODAY
				" to today");
	if (rc == SVC_CONFLICT)
		return cli_fail("the database already holds organisations: demo fills an empty one");
	if (rc != SVC_OK)
		return cli_fail("the demo could not be written (see the log above): nothing was kept");
	if (!scale)
		printf("demo service ready: 14 collectivités, 8 social workers, four years up to "
		       "today (each organisation's bilans of the years over published for its "
		       "employer); try the bilan of the year before last: relais report --db … "
		       "--year YEAR --age-bands 35,56\n");
	return 0;
}

const struct cli_cmd cmd_demo = {
	"demo",
	"Fill an empty database with a demonstration service modelled on a real one (14 "
	"collectivités, 11,367 agents, 590 persons followed in 2008), through the same rules, "
	"audit and encryption as real use; or, with --scale, with a large generated one for "
	"measuring the bilan.",
	opts,
	run,
	NULL,
	0};
