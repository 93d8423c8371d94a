/*
 * fuzz_csv — the import's CSV reader on any file: csv_read_stream over the
 * bytes (the same code csv_read_file runs on an uploaded or named file).
 * A file that is accepted has records of 1 to CSV_FIELDS_MAX clean UTF-8
 * fields with increasing line numbers; one that is refused says why.
 */
#define _GNU_SOURCE /* fmemopen on older libcs: POSIX 2008 has it */
#include "fuzz.h"

#include "support/csvread.h"
#include "support/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0; /* fmemopen refuses an empty buffer */
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	struct csv_table t;
	char err[256] = "";
	int rc = csv_read_stream(f, "fuzz.csv", &t, err, sizeof err);
	fclose(f);
	if (rc != 0) {
		fuzz_check(rc == -1 && *err);
		fuzz_check(t.nrecords == 0 && t.records == NULL);
		return 0;
	}
	size_t line = 0;
	for (size_t i = 0; i < t.nrecords; i++) {
		const struct csv_record *r = &t.records[i];
		fuzz_check(r->line >= 1 && r->line >= line); /* CR-only files: one line */
		line = r->line;
		fuzz_check(r->nfields <= CSV_FIELDS_MAX);
		for (size_t k = 0; k < r->nfields; k++)
			fuzz_check(text_is_clean_utf8(r->fields[k], strlen(r->fields[k]), 1));
	}
	csv_table_free(&t);
	csv_table_free(&t); /* a freed table is a zeroed one */
	return 0;
}
