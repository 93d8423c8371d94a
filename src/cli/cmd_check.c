/* relais check — integrity, schema, master key and audit chain. */
#include <stdio.h>

#include "cli/cli.h"
#include "service/backup.h"
#include "support/i18n.h"

static const struct cli_opt opts[] = {CLI_OPT_DB, CLI_OPT_KEY_FILE, {0}};

static int run(const struct cli_values *v)
{
	int failed = backup_check(cli_str(v, "db"), cli_str(v, "key-file"), cli_str(v, "anchor"),
				  cli_print_check, NULL);
	if (failed)
		return cli_fail(P_("%d vérification en échec", "%d vérifications en échec", failed), failed);
	printf(_("toutes les vérifications sont passées\n"));
	return 0;
}

const struct cli_cmd cmd_check = {
	"check",
	"Check the database: integrity, schema version, the master key and the audit chain; exits "
	"1 if any fails.",
	opts,
	run,
	NULL,
	0};
