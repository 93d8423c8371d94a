/* relais publish — the head's publication of the employers' bilans, from
   the command line (e.g. each January from a timer). */
#include <stdio.h>

#include "cli/cli.h"
#include "support/alloc.h"
#include "service/bilan.h"

static const struct cli_opt opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"year", CLI_INT, "YEAR", "the closed year to publish", 1, BILAN_YEAR_MIN, BILAN_YEAR_MAX,
	 NULL},
	{"organisation", CLI_STRING, "CODE", "one organisation only (default: every organisation)", 0,
	 0, 0, NULL},
	{"age-bands", CLI_STRING, "LIST",
	 "first set the service's age bands for every employer (e.g. 25,35,45,55)", 0, 0, 0, NULL},
	{0},
};

static int run(const struct cli_values *v)
{
	alloc_prefault(CLI_BILAN_HEAP);
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	int n = 0;
	int rc = SVC_OK;
	if (cli_str(v, "age-bands"))
		rc = bilan_bands_set(s, cli_str(v, "age-bands"));
	if (rc == SVC_OK)
		rc = bilan_publish(s, (int)cli_int(v, "year"), cli_str(v, "organisation"), &n);
	const struct verr *why = svc_error(s);
	if (rc == SVC_INVALID && why && why->field)
		fprintf(stderr, "relais: publish refused: %s: %s\n", why->field, why->message);
	svc_close(s);
	app_close(a);
	if (rc == SVC_NOT_FOUND)
		return cli_fail("no such organisation");
	if (rc != SVC_OK)
		return cli_fail("nothing was published (see the message above)");
	printf("%d new version%s of the %lld bilan published\n", n, n == 1 ? "" : "s",
	       (long long)cli_int(v, "year"));
	return 0;
}

const struct cli_cmd cmd_publish = {
	"publish",
	"Publish the employers' bilans of a closed year: each organisation's protected bilan is "
	"stored as an immutable snapshot, the only bilan its employer can read; a new version only "
	"when the figures changed.",
	opts,
	run,
	NULL,
	0};
