/*
 * cli — the subcommands of the relais program and their options.
 *
 * Each subcommand declares its options once in a table (name, type,
 * bounds, default, help); the parser and --help are generated from it.
 * Errors go to stderr and the exit status is non-zero.
 */
#ifndef RELAIS_CLI_H
#define RELAIS_CLI_H

#include <stddef.h>
#include <stdint.h>

#define CLI_OPTS_MAX 32

/* CLI_LIST: a text option that may be repeated (one such option a command);
   every value in cli_values.list, the last one also as its value. */
enum cli_type { CLI_STRING, CLI_INT, CLI_FLAG, CLI_LIST };
#define CLI_LIST_MAX 16

struct cli_opt {
	const char *name;    /* long option without dashes */
	enum cli_type type;
	const char *metavar; /* shown in --help, NULL for flags */
	const char *help;    /* one line */
	int required;
	int64_t min, max;    /* bounds of CLI_INT */
	const char *def;     /* default as text, or NULL */
};

struct cli_values {
	const struct cli_opt *opts; /* the table parsed */
	const char *value[CLI_OPTS_MAX]; /* per option: text, or NULL when absent */
	int64_t number[CLI_OPTS_MAX];    /* per CLI_INT option: the parsed value */
	const char *list[CLI_LIST_MAX];  /* the values of the CLI_LIST option, in order */
	int nlist;
	const char *args[4];             /* positional arguments */
	int nargs;
};

struct cli_cmd {
	const char *name;    /* "init", "user add"… */
	const char *summary; /* one line for `relais --help` */
	const struct cli_opt *opts; /* terminated by a zeroed entry */
	int (*run)(const struct cli_values *v);
	const char *args;    /* positional arguments for --help ("KIND FILE"), or NULL */
	int nargs;           /* how many positional arguments are required */
};

/* Parses argv (argv[0] is the subcommand); prints --help.  Returns 0 to
   run, 1 when help was printed, 2 on a usage error (message printed). */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, struct cli_values *out);
const char *cli_str(const struct cli_values *v, const char *name);
int64_t cli_int(const struct cli_values *v, const char *name);
int cli_flag(const struct cli_values *v, const char *name);

/* Prints "relais: <message>" on stderr; returns 1 (the exit status). */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

extern const struct cli_cmd cmd_init, cmd_user_add, cmd_user_list, cmd_user_reset,
	cmd_user_disable, cmd_user_enable, cmd_serve, cmd_audit_list,
	cmd_audit_verify, cmd_audit_restored, cmd_org_add, cmd_org_list, cmd_import, cmd_report,
	cmd_demo, cmd_purge, cmd_publish, cmd_backup, cmd_restore, cmd_check, cmd_export,
	cmd_config_two_person, cmd_key_rotate, cmd_purge_visa, cmd_config_retention, cmd_routes,
	cmd_digest, cmd_user_email;


/* Options every database command takes. */
#define CLI_OPT_ANCHOR                                                                       \
	{"anchor", CLI_STRING, "FILE",                                                       \
	 "append-only anchor file of the access log (default: DB.anchor; with PostgreSQL "   \
	 "beside the key file)", 0, 0, 0, NULL}
#define CLI_OPT_DB \
	{"db", CLI_STRING, "DB", "SQLite file path or postgresql:// URI", 1, 0, 0, NULL}
#define CLI_OPT_KEY_FILE_ONLY                                                                \
	{"key-file", CLI_STRING, "PATH",                                                     \
	 "master key file (default: DB.key; required with PostgreSQL)", 0, 0, 0, NULL}
/* The key file and the access log's anchor (service/audit.h): every
   command that may write the log appends to the anchor. */
#define CLI_OPT_KEY_FILE CLI_OPT_KEY_FILE_ONLY, CLI_OPT_ANCHOR

struct app;
/* Opens the service for a command from --db and --key-file; 0, or 1 after
   printing why. */
int cli_open_app(const struct cli_values *v, struct app **out);
/* The heap a bilan's computation touches (SQLite's page cache of 2 MiB
   and the tables), faulted in at once by the commands that compute
   bilans (support/alloc.h: alloc_prefault). */
#define CLI_BILAN_HEAP ((size_t)3 << 20)

/* Writes n bytes to path through a temporary file (fsync, rename): all or
   nothing.  0, or 1 with the message printed (cli_fail). */
int cli_write_file(const char *path, const char *data, size_t n);

/* Prints one check of relais check / restore: "[ok]" or "[ÉCHEC]", what,
   and its detail (a check_report_fn of service/backup.h). */
void cli_print_check(void *ctx, const char *what, int ok, const char *detail);

#endif
