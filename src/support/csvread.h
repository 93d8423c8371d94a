/*
 * csvread — a whole CSV file in memory (libcsv, strict RFC 4180: comma
 * separated, double-quoted fields, CRLF or LF), for imports.  Every field
 * must be valid UTF-8 without control characters except in quoted
 * multi-line fields; a UTF-8 byte-order mark at the start is skipped.
 * What French Excel writes is read too (issue 17): ';' as the separator
 * when the first line has more of them than commas, and text in
 * Windows-1252 (converted to UTF-8 with iconv) when the file is not UTF-8
 * and starts with no byte-order mark.
 */
#ifndef RELAIS_CSVREAD_H
#define RELAIS_CSVREAD_H

#include <stddef.h>
#include <stdio.h>

#define CSV_FILE_MAX ((size_t)256 << 20) /* 256 MiB */
#define CSV_FIELDS_MAX 64

struct csv_record {
	size_t line;   /* line of the file where the record starts (1-based) */
	size_t nfields;
	char **fields; /* NUL-terminated UTF-8 */
};

struct csv_table {
	struct csv_record *records; /* the header is records[0] */
	size_t nrecords;
};

/* Reads path; 0, or -1 with a message in err ("LINE: reason" when a line
   is at fault).  The table is freed with csv_table_free (accepts a zeroed one). */
int csv_read_file(const char *path, struct csv_table *t, char *err, size_t errlen);
/* Reads the open stream f (left open for the caller to close); name is the
   file's name in messages.  Same result as csv_read_file. */
int csv_read_stream(FILE *f, const char *name, struct csv_table *t, char *err, size_t errlen);
void csv_table_free(struct csv_table *t);

#endif
