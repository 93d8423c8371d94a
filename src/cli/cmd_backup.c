/* relais backup — an encrypted, consistent copy of the whole database. */
#include <inttypes.h>
#include <stdio.h>

#include "cli/cli.h"
#include "service/backup.h"
#include "support/i18n.h"
#include "support/sec.h"

static const struct cli_opt opts[] = {
	{"db", CLI_STRING, "DB", "SQLite file path or postgresql:// URI (required to back up)", 0,
	 0, 0, NULL},
	CLI_OPT_KEY_FILE,
	{"to", CLI_STRING, "FILE", "the backup file to write (refused when it exists)", 0, 0, 0,
	 NULL},
	{"backup-key", CLI_STRING, "FILE",
	 "the backup key file (not the master key; keep it apart from both)", 0, 0, 0, NULL},
	{"new-key", CLI_STRING, "FILE", "create a backup key file (mode 0600) and stop", 0, 0, 0,
	 NULL},
	{0},
};

static int run(const struct cli_values *v)
{
	char err[1024];
	const char *new_key = cli_str(v, "new-key");
	if (new_key) {
		if (sec_key_create(new_key, err, sizeof err) != 0)
			return cli_fail(_("clé de sauvegarde non créée : %s"), err);
		printf(_("clé de sauvegarde créée : %s (mode 0600) ; gardez-la à part de la base et "
			 "de la clé maîtresse : sans elle, les sauvegardes sont illisibles\n"),
		       new_key);
		return 0;
	}
	if (!cli_str(v, "db") || !cli_str(v, "to"))
		return cli_fail(_("--db et --to sont obligatoires (voir --help)"));
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	struct bk_header h;
	int rc = backup_create(a, cli_str(v, "backup-key"), cli_str(v, "to"), &h, err, sizeof err);
	app_close(a);
	if (rc != 0)
		return cli_fail("%s", err);
	printf(_("sauvegarde chiffrée écrite : %s (base %s, schéma %d, journal d'accès jusqu'à "
		 "l'entrée %" PRId64 ")\n"),
	       cli_str(v, "to"), h.kind, h.schema, h.audit_seq);
	return 0;
}

const struct cli_cmd cmd_backup = {
	"backup",
	"Write a consistent copy of the whole database, encrypted under a backup key of its own "
	"(SQLite: online backup while serving; PostgreSQL: pg_dump); --new-key creates that key.",
	opts,
	run,
	NULL,
	0};
