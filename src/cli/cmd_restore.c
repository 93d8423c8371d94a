/* relais restore — a backup back into a database, then relais check. */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "cli/cli.h"
#include "service/app.h"
#include "service/audit.h"
#include "service/backup.h"
#include "service/svc.h"
#include "support/i18n.h"

static const struct cli_opt opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"from", CLI_STRING, "FILE", "the backup file written by relais backup", 1, 0, 0, NULL},
	{"backup-key", CLI_STRING, "FILE", "the backup key file the backup was written with", 1, 0,
	 0, NULL},
	{"force", CLI_FLAG, NULL, "replace a database that already holds data", 0, 0, 0, NULL},
	{0},
};

/*
 * What the restored database records of its restore: the backup.restore
 * audit entry.  The place for any other record of a restore (an external
 * anchor of the audit chain: a restore is not a rollback).  0 or 1.
 */
/* The restore in the access log's anchor first (a signed record naming the
   restored head, so that verification takes the shorter chain for a
   restore, not for an older copy put back), then in the log itself. */
static int note_restore(app *a, const struct bk_header *h)
{
	svc *s = svc_open_system(a);
	int rc = audit_anchor_restore(s, NULL);
	svc_close(s);
	if (rc != SVC_OK)
		return cli_fail(_("impossible d'inscrire la restauration dans l'ancre %s"),
				app_anchor_file(a));
	char err[512];
	if (backup_note_restore(a, h, err, sizeof err) != 0)
		return cli_fail("%s", err);
	return 0;
}

static int run(const struct cli_values *v)
{
	char err[1024];
	struct bk_header h;
	if (backup_restore(cli_str(v, "db"), cli_str(v, "key-file"), cli_str(v, "backup-key"),
			   cli_str(v, "from"), cli_flag(v, "force"), &h, err, sizeof err) != 0)
		return cli_fail("%s", err);
	char when[32];
	time_t t = (time_t)h.created;
	struct tm tm;
	if (!localtime_r(&t, &tm) || strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(when, sizeof when, "?");
	printf(_("sauvegarde du %s (base %s, schéma %d, journal jusqu'à l'entrée %" PRId64
		 ") restaurée dans %s\n"),
	       when, h.kind, h.schema, h.audit_seq, cli_str(v, "db"));
	int status = 0;
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		status = 1;
	else
		status = note_restore(a, &h);
	app_close(a);
	int failed = backup_check(cli_str(v, "db"), cli_str(v, "key-file"), cli_str(v, "anchor"),
				  cli_print_check, NULL);
	if (failed)
		return cli_fail(P_("%d vérification en échec après la restauration",
				   "%d vérifications en échec après la restauration", failed),
				failed);
	return status;
}

const struct cli_cmd cmd_restore = {
	"restore",
	"Restore a backup (decrypted with its backup key) into an empty database, or replace one "
	"with --force, then run the checks of relais check.",
	opts,
	run,
	NULL,
	0};
