/* cli — option parsing and help from the per-command tables. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "service/app.h"
#include "support/text.h"

static int count(const struct cli_opt *opts)
{
	int n = 0;
	while (opts[n].name)
		n++;
	return n;
}

static void help(const struct cli_cmd *cmd)
{
	printf("usage: relais %s [options]%s%s\n\n%s\n\noptions:\n", cmd->name, cmd->args ? " " : "",
	       cmd->args ? cmd->args : "", cmd->summary);
	for (const struct cli_opt *o = cmd->opts; o->name; o++) {
		char left[64];
		if (o->metavar)
			snprintf(left, sizeof left, "--%s %s", o->name, o->metavar);
		else
			snprintf(left, sizeof left, "--%s", o->name);
		printf("  %-26s %s%s", left, o->help, o->required ? " (required)" : "");
		if (o->def)
			printf(" [default: %s]", o->def);
		printf("\n");
	}
	printf("  %-26s %s\n", "--help", "show this help");
}

int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, struct cli_values *out)
{
	struct option longopts[CLI_OPTS_MAX + 2];
	int n = count(cmd->opts);
	if (n > CLI_OPTS_MAX) {
		fprintf(stderr, "relais: too many options for %s\n", cmd->name);
		return 2;
	}
	memset(out, 0, sizeof *out);
	out->opts = cmd->opts;
	for (int i = 0; i < n; i++) {
		longopts[i].name = cmd->opts[i].name;
		longopts[i].has_arg = cmd->opts[i].type == CLI_FLAG ? no_argument : required_argument;
		longopts[i].flag = NULL;
		longopts[i].val = 256 + i;
		out->value[i] = cmd->opts[i].def;
	}
	longopts[n] = (struct option){"help", no_argument, NULL, 'h'};
	longopts[n + 1] = (struct option){NULL, 0, NULL, 0};

	optind = 1;
	opterr = 0;
	int c;
	/* An option called "output" also answers to -o, as in most tools. */
	int output = -1;
	for (int i = 0; i < n; i++)
		if (strcmp(cmd->opts[i].name, "output") == 0)
			output = i;
	while ((c = getopt_long(argc, argv, output >= 0 ? ":ho:" : ":h", longopts, NULL)) != -1) {
		if (c == 'h') {
			help(cmd);
			return 1;
		}
		if (c == 'o') {
			out->value[output] = optarg;
			continue;
		}
		if (c == '?' || c == ':') {
			fprintf(stderr, "relais %s: %s option '%s' (see --help)\n", cmd->name,
				c == ':' ? "missing value for" : "unknown", argv[optind - 1]);
			return 2;
		}
		int i = c - 256;
		if (cmd->opts[i].type == CLI_LIST) {
			if (out->nlist == CLI_LIST_MAX) {
				fprintf(stderr, "relais %s: --%s at most %d times\n", cmd->name,
					cmd->opts[i].name, CLI_LIST_MAX);
				return 2;
			}
			out->list[out->nlist++] = optarg;
		}
		out->value[i] = cmd->opts[i].type == CLI_FLAG ? "1" : optarg;
	}
	while (optind < argc && out->nargs < cmd->nargs)
		out->args[out->nargs++] = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "relais %s: unexpected argument '%s' (see --help)\n", cmd->name,
			argv[optind]);
		return 2;
	}
	if (out->nargs < cmd->nargs) {
		fprintf(stderr, "relais %s: expected %s (see --help)\n", cmd->name, cmd->args);
		return 2;
	}
	for (int i = 0; i < n; i++) {
		const struct cli_opt *o = &cmd->opts[i];
		if (o->required && !out->value[i]) {
			fprintf(stderr, "relais %s: --%s is required (see --help)\n", cmd->name,
				o->name);
			return 2;
		}
		if (o->type == CLI_INT && out->value[i] &&
		    text_parse_int(out->value[i], o->min, o->max, &out->number[i]) != 0) {
			fprintf(stderr, "relais %s: --%s must be a whole number from %lld to %lld\n",
				cmd->name, o->name, (long long)o->min, (long long)o->max);
			return 2;
		}
	}
	return 0;
}

static int find(const struct cli_values *v, const char *name)
{
	for (int i = 0; v->opts[i].name; i++)
		if (strcmp(v->opts[i].name, name) == 0)
			return i;
	return -1;
}

const char *cli_str(const struct cli_values *v, const char *name)
{
	int i = find(v, name);
	return i < 0 ? NULL : v->value[i];
}

int64_t cli_int(const struct cli_values *v, const char *name)
{
	int i = find(v, name);
	return i < 0 ? 0 : v->number[i];
}

int cli_flag(const struct cli_values *v, const char *name)
{
	int i = find(v, name);
	return i >= 0 && v->value[i] != NULL;
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	fputs("relais: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int cli_open_app(const struct cli_values *v, struct app **out)
{
	char err[512];
	struct app_config cfg = {
		.db = cli_str(v, "db"),
		.key_file = cli_str(v, "key-file"),
		.connections = 1,
		.session_idle = 1800,
		.session_max = 43200,
		.report_read_alert = 20,
		.anchor_file = cli_str(v, "anchor"),
	};
	if (app_open(&cfg, out, err, sizeof err) != 0)
		return cli_fail("%s", err);
	return 0;
}

int cli_write_file(const char *path, const char *data, size_t n)
{
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= sizeof tmp)
		return cli_fail("output path too long");
	FILE *f = fopen(tmp, "w");
	if (!f)
		return cli_fail("cannot write %s: %s", tmp, strerror(errno));
	int ok = fwrite(data, 1, n, f) == n && fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return cli_fail("cannot write %s: %s", path, strerror(errno));
	}
	return 0;
}

void cli_print_check(void *ctx, const char *what, int ok, const char *detail)
{
	(void)ctx;
	printf("%s %s : %s\n", ok ? "[ok]    " : "[ÉCHEC] ", what, detail);
}
