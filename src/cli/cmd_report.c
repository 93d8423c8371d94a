/* relais report — the annual bilan from the command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "api/api.h"
#include "cli/cli.h"
#include "support/alloc.h"
#include "service/bilan.h"

static const struct cli_opt opts[] = {
	CLI_OPT_DB,
	CLI_OPT_KEY_FILE,
	{"year", CLI_INT, "YEAR", "the year of the bilan", 1, BILAN_YEAR_MIN, BILAN_YEAR_MAX, NULL},
	{"organisation", CLI_STRING, "CODE", "one organisation (default: the whole service)", 0, 0, 0,
	 NULL},
	{"audience", CLI_STRING, "AUDIENCE",
	 "service (exact counts) or employer (counts under 11 hidden)", 0, 0, 0, "service"},
	{"age-bands", CLI_STRING, "LIST", "lower bounds of the age bands", 0, 0, 0, AGEBAND_DEFAULT},
	{"format", CLI_STRING, "FORMAT", "json, html, csv, xlsx or pdf; csv-fr for French spreadsheets", 0, 0, 0, "json"},
	{"published", CLI_FLAG, NULL,
	 "the latest published version, exactly as the organisation's employer reads it", 0, 0, 0,
	 NULL},
	{"output", CLI_STRING, "FILE", "write to FILE (also -o) instead of standard output", 0, 0, 0,
	 NULL},
	{0},
};

static int run(const struct cli_values *v)
{
	const char *audience = cli_str(v, "audience");
	if (strcmp(audience, "service") != 0 && strcmp(audience, "employer") != 0)
		return cli_fail("--audience must be service or employer");
	const struct report_format *format = api_report_format(cli_str(v, "format"));
	if (!format)
		return cli_fail("--format: json, html, csv, xlsx or pdf; csv-fr for French spreadsheets");
	const char *path = cli_str(v, "output");
	if (!path && isatty(STDOUT_FILENO) &&
	    (strcmp(format->name, "xlsx") == 0 || strcmp(format->name, "pdf") == 0))
		return cli_fail("--format %s: write it to a file with -o FILE", format->name);
	struct ageband bands;
	char err[128];
	if (ageband_parse(cli_str(v, "age-bands"), &bands, err, sizeof err) != 0)
		return cli_fail("--age-bands: %s", err);
	alloc_prefault(CLI_BILAN_HEAP);
	app *a = NULL;
	if (cli_open_app(v, &a) != 0)
		return 1;
	svc *s = svc_open_system(a);
	struct bilan *r = NULL;
	int published = cli_flag(v, "published");
	int rc = published ? bilan_read_published(s, (int)cli_int(v, "year"),
						  cli_str(v, "organisation"), format->name, &r)
			   : bilan_compute(s, (int)cli_int(v, "year"), cli_str(v, "organisation"),
					   strcmp(audience, "employer") == 0 ? BILAN_EMPLOYER
									      : BILAN_SERVICE,
					   &bands, &r);
	int status = 0;
	if (rc == SVC_NOT_FOUND && published) {
		status = cli_fail("--published: no bilan of this organisation is published for this "
				  "year (give --organisation)");
	} else if (rc == SVC_NOT_FOUND) {
		status = cli_fail("--organisation: no organisation has this code");
	} else if (rc != SVC_OK) {
		status = cli_fail("cannot compute the report (see the log above)");
	} else {
		buf out;
		buf_init(&out, 0);
		rc = api_report_render(s, r, format, &out);
		if (rc != SVC_OK)
			status = cli_fail("cannot write the %s (see the log above)", format->name);
		else if (path)
			status = cli_write_file(path, out.data ? out.data : "", out.len);
		else if (fwrite(out.data ? out.data : "", 1, out.len, stdout) != out.len)
			status = cli_fail("cannot write to standard output");
		buf_free(&out);
	}
	bilan_free(r);
	svc_close(s);
	app_close(a);
	return status;
}

const struct cli_cmd cmd_report = {
	"report",
	"The annual bilan of the service or of one organisation, as JSON (keys as the API's), "
	"HTML, CSV, XLSX or PDF; "
	"the employer audience hides every count from 1 to 10 and what would reveal it.",
	opts,
	run,
	NULL,
	0};
