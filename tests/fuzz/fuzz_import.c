/*
 * fuzz_import — a spreadsheet imported by `relais import KIND FILE`: the
 * first byte chooses the kind (organisations, headcounts, persons, cases,
 * interventions), the rest is the file, read by the CSV reader
 * (csv_read_stream) then checked by import_read, the header and every
 * line's fields as import_table reads them before the base is consulted.
 * A refusal reports each fault (a line, a column, a French reason); an
 * acceptance reports none.
 */
#define _GNU_SOURCE /* fmemopen on older libcs: POSIX 2008 has it */
#include "fuzz.h"

#include "bulk/import.h"
#include "support/csvread.h"

struct seen {
	size_t reports;
	size_t lines; /* records in the table */
};

static void report(void *ctx, size_t line, const char *column, const char *reason)
{
	struct seen *s = ctx;
	s->reports++;
	fuzz_check(line >= 1);
	fuzz_check(column != NULL && reason != NULL && *reason);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0; /* fmemopen refuses an empty buffer */
	enum import_kind kind = (enum import_kind)(data[0] % IMPORT__COUNT);
	FILE *f = fmemopen((void *)(data + 1), size - 1, "rb");
	if (!f)
		return 0;
	struct csv_table t;
	char err[256] = "";
	int rc = csv_read_stream(f, "fuzz.csv", &t, err, sizeof err);
	fclose(f);
	if (rc != 0)
		return 0;
	struct seen s = {0, t.nrecords};
	int out = import_read(kind, &t, report, &s);
	fuzz_check(out == SVC_OK || out == SVC_INVALID);
	fuzz_check((out == SVC_OK) == (s.reports == 0));
	/* Each line is reported at most once, the header once per column. */
	if (t.nrecords > 0)
		fuzz_check(s.reports <= t.nrecords - 1 + 2 * (t.records[0].nfields + 12));
	csv_table_free(&t);
	return 0;
}
