/*
 * relais key rotate — a new master key for the database (service/keys.h):
 * every sealed value re-sealed under it, resumable, audited, the old key
 * file kept beside the new one until the operator removes it.
 */
#include <inttypes.h>
#include <stdio.h>

#include "cli/cli.h"
#include "service/keys.h"
#include "support/i18n.h"

static const struct cli_opt opts[] = {
	CLI_OPT_DB, CLI_OPT_KEY_FILE,
	{"stop-after", CLI_INT, "N",
	 "stop after re-sealing N values, as an interruption would (to test the resumption)", 0,
	 1, INT64_MAX, NULL},
	{0}};

static int run(const struct cli_values *v)
{
	struct key_rotation_report r;
	char err[1024];
	const char *stop = cli_str(v, "stop-after");
	int rc = key_rotate(cli_str(v, "db"), cli_str(v, "key-file"), cli_str(v, "anchor"),
			    stop ? cli_int(v, "stop-after") : 0, &r, err, sizeof err);
	if (rc < 0)
		return cli_fail(_("rotation de la clé impossible : %s"), err);
	printf(P_("%" PRId64 " valeur scellée rechiffrée sous la nouvelle clé\n",
		  "%" PRId64 " valeurs scellées rechiffrées sous la nouvelle clé\n", r.resealed),
	       r.resealed);
	if (r.bad)
		printf(P_("%" PRId64 " valeur ne s'ouvrait pas (altérée) : laissée telle quelle, "
			  "relais check la signale\n",
			  "%" PRId64 " valeurs ne s'ouvraient pas (altérées) : laissées telles quelles, "
			  "relais check les signale\n",
			  r.bad),
		       r.bad);
	if (rc == 1) {
		printf(_("rotation interrompue : relancez relais key rotate pour la terminer ; "
			 "d'ici là relais refuse de démarrer\n"));
		return 3;
	}
	printf(_("rotation terminée\n"));
	if (r.kept[0])
		printf(_("l'ancienne clé est gardée dans %s : les sauvegardes antérieures en ont "
			 "besoin ; supprimez-la quand elles ne servent plus\n"),
		       r.kept);
	return 0;
}

const struct cli_cmd cmd_key_rotate = {
	"key rotate",
	"Rotate the master key: every sealed value re-sealed under a new key, resumable, audited; "
	"the old key file is kept, renamed with a date suffix.",
	opts,
	run,
	NULL,
	0};
