/* relais import KIND FILE.csv — a spreadsheet into the database, all or nothing. */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "bulk/import.h"
#include "support/csvread.h"

static const struct cli_opt opts[] = {CLI_OPT_DB, CLI_OPT_KEY_FILE, {0}};

struct progress {
	const char *file;
	int tty;      /* standard error is a terminal: draw a bar */
	int shown;    /* last percentage drawn */
	size_t bad;   /* lines reported */
};

static void report(void *ctx, size_t line, const char *column, const char *reason)
{
	struct progress *p = ctx;
	if (p->tty && p->shown >= 0)
		fputs("\r\033[K", stderr); /* clear the bar before writing a line */
	fprintf(stderr, "%s:%zu: %s%s%s\n", p->file, line, column, *column ? ": " : "", reason);
	p->bad++;
}

static void progress(void *ctx, size_t done, size_t total)
{
	struct progress *p = ctx;
	if (!p->tty || total < 200)
		return;
	int pct = (int)(done * 100 / total);
	if (pct == p->shown)
		return;
	p->shown = pct;
	char bar[41];
	int full = pct * 40 / 100;
	for (int i = 0; i < 40; i++)
		bar[i] = i < full ? '#' : '.';
	bar[40] = '\0';
	fprintf(stderr, "\r[%s] %3d%% %zu/%zu", bar, pct, done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

static int run(const struct cli_values *v)
{
	enum import_kind kind = import_kind_from(v->args[0]);
	if (kind == IMPORT__COUNT)
		return cli_fail("unknown kind '%s': organisations, headcounts, persons, cases or "
				"interventions",
				v->args[0]);
	char err[512];
	struct csv_table t;
	if (csv_read_file(v->args[1], &t, err, sizeof err) != 0)
		return cli_fail("%s:%s", v->args[1], err);
	app *a = NULL;
	if (cli_open_app(v, &a) != 0) {
		csv_table_free(&t);
		return 1;
	}
	svc *s = svc_open_system(a);
	struct progress p = {v->args[1], isatty(2), -1, 0};
	size_t imported = 0;
	int rc = import_table(s, kind, &t, report, progress, &p, &imported);
	int status = 0;
	if (rc == SVC_OK)
		printf("%s: %zu line(s) imported as %s\n", v->args[1], imported, v->args[0]);
	else if (rc == SVC_INVALID)
		status = cli_fail("%s: %zu line(s) refused: nothing imported (expected columns: %s)",
				  v->args[1], p.bad, import_columns(kind));
	else
		status = cli_fail("%s: import failed: nothing imported (see the log above)", v->args[1]);
	svc_close(s);
	app_close(a);
	csv_table_free(&t);
	return status;
}

const struct cli_cmd cmd_import = {
	"import",
	"Import a spreadsheet saved as CSV (header row; UTF-8, with or without a byte-order mark, "
	"or Windows-1252; comma or semicolon separated, detected from the header; dates "
	"AAAA-MM-JJ or JJ/MM/AAAA, as French Excel writes them): "
	"organisations (code,name,kind,sector), headcounts (organisation,year,headcount), "
	"persons (ref,organisation,last_name,first_name,birth_date,sex,status,category,"
	"family_situation,job_title,consent_on), cases (ref,person,referent,opened_on,closed_on,"
	"referral_source,domains,outcome), interventions (case,date,mode,kind,duration_minutes,"
	"notes). One file is one transaction: any bad line and nothing is imported.",
	opts,
	run,
	"KIND FILE.csv",
	2};
