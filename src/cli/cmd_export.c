/* relais export — the whole base as documented CSV files (reversibility). */
#include <inttypes.h>
#include <stdio.h>

#include "cli/cli.h"
#include "service/export.h"
#include "support/i18n.h"

static const struct cli_opt opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"to", CLI_STRING, "DIR", "the directory to create (absent or empty)", 1, 0, 0, NULL},
	{"decrypt", CLI_FLAG, NULL, "open the sealed columns with the master key", 0, 0, 0, NULL},
	{0},
};

static void progress(void *ctx, const char *table, int64_t rows)
{
	int64_t *total = ctx;
	*total += rows;
	printf("  %-28s %" PRId64 "\n", table, rows);
}

static int run(const struct cli_values *v)
{
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	char err[1024];
	int64_t total = 0;
	int rc = export_base(a, cli_str(v, "to"), cli_flag(v, "decrypt"), progress, &total, err,
			     sizeof err);
	app_close(a);
	if (rc != 0)
		return cli_fail("%s", err);
	printf(P_("export complet écrit dans %s : %" PRId64 " ligne, décrit dans LISEZMOI.md%s\n",
		  "export complet écrit dans %s : %" PRId64 " lignes, décrit dans LISEZMOI.md%s\n",
		  total),
	       cli_str(v, "to"), total,
	       cli_flag(v, "decrypt") ? _(" (colonnes chiffrées déchiffrées)") : "");
	return 0;
}

const struct cli_cmd cmd_export = {
	"export",
	"Export the whole base for reversibility: every table as CSV with a header line, and "
	"LISEZMOI.md describing each table and column; sealed columns stay sealed unless "
	"--decrypt.",
	opts,
	run,
	NULL,
	0};
