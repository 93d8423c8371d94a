/*
 * relais — the workplace social service's case files, reports and
 * conventions.  One program, several subcommands (see `relais --help`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "support/alloc.h"
#include "support/i18n.h"
#include "support/sec.h"
#include "support/version.h"

/* Subcommands, in the order --help shows them. */
static const struct cli_cmd *const commands[] = {
	&cmd_init,	&cmd_serve,	     &cmd_user_add,   &cmd_user_list,
	&cmd_user_reset,	&cmd_user_disable,   &cmd_user_enable, &cmd_user_email,
	&cmd_org_add,	&cmd_org_list,	     &cmd_import,     &cmd_report,     &cmd_demo,
	&cmd_purge_visa, &cmd_purge,	&cmd_publish,
	&cmd_backup,	&cmd_restore,	     &cmd_check,      &cmd_export,
	&cmd_audit_list,
	&cmd_audit_verify,
	&cmd_audit_restored,
	&cmd_config_two_person,
	&cmd_key_rotate,
	&cmd_config_retention,
	&cmd_routes,
	&cmd_digest,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fprintf(f, "usage: relais COMMAND [options]\n\n"
		   "relais — case files, reports and conventions of a workplace social service "
		   "(service social du travail).\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-18s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "\n`relais COMMAND --help` describes each command's options.\n");
}

int main(int argc, char **argv)
{
	alloc_keep_freed();
	i18n_init();
	/* Dates on pages are read by people in France: show them in Paris time
	   unless the operator chose otherwise.  Storage is Unix time (UTC). */
	if (!getenv("TZ"))
		setenv("TZ", "Europe/Paris", 1);
	tzset();
	if (sec_init() != 0) {
		fprintf(stderr, "relais: cannot initialise libsodium\n");
		return 1;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("relais %s\n", RELAIS_VERSION);
		return 0;
	}
	/* Two-word commands ("user add") take argv[1] and argv[2]. */
	for (size_t i = 0; i < NCOMMANDS; i++) {
		const struct cli_cmd *c = commands[i];
		const char *space = strchr(c->name, ' ');
		int words = space ? 2 : 1;
		if (space) {
			size_t n = (size_t)(space - c->name);
			if (argc < 3 || strlen(argv[1]) != n || strncmp(argv[1], c->name, n) != 0 ||
			    strcmp(argv[2], space + 1) != 0)
				continue;
		} else if (strcmp(argv[1], c->name) != 0) {
			continue;
		}
		struct cli_values v;
		int rc = cli_parse(c, argc - words, argv + words, &v);
		if (rc == 1)
			return 0;
		if (rc != 0)
			return 2;
		return c->run(&v);
	}
	/* "relais user" alone, or an unknown command. */
	int group = 0;
	for (size_t i = 0; i < NCOMMANDS; i++) {
		const char *space = strchr(commands[i]->name, ' ');
		if (space && strncmp(argv[1], commands[i]->name, (size_t)(space - commands[i]->name)) == 0 &&
		    strlen(argv[1]) == (size_t)(space - commands[i]->name))
			group = 1;
	}
	fprintf(stderr, "relais: %s '%s%s%s' (see relais --help)\n",
		group ? "unknown subcommand" : "unknown command", argv[1], argc > 2 && group ? " " : "",
		argc > 2 && group ? argv[2] : "");
	return 2;
}
