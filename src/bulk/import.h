/*
 * import — bringing a service's spreadsheets in (organisations,
 * headcounts, persons, cases, interventions): the columns of each kind,
 * the checks of each line, and the reports.  Each line goes through the
 * ordinary use cases, and one file is one transaction (service/import.h):
 * any bad line and nothing is imported, with every bad line reported.
 * Persons and cases carry the spreadsheet's own references so later files
 * can point at earlier ones.  Command line only (system call).
 */
#ifndef RELAIS_BULK_IMPORT_H
#define RELAIS_BULK_IMPORT_H

#include <stddef.h>

#include "service/svc.h"
#include "support/csvread.h"

enum import_kind {
	IMPORT_ORGANISATIONS,
	IMPORT_HEADCOUNTS,
	IMPORT_PERSONS,
	IMPORT_CASES,
	IMPORT_INTERVENTIONS,
	IMPORT__COUNT
};

/* The kind called name ("persons"…), or IMPORT__COUNT. */
enum import_kind import_kind_from(const char *name);
/* The columns a kind expects, comma separated (for messages and help). */
const char *import_columns(enum import_kind kind);

/* Called for each bad line: line of the file, column, French reason. */
typedef void (*import_report_fn)(void *ctx, size_t line, const char *column, const char *reason);
/* Called as lines go: done of total. */
typedef void (*import_progress_fn)(void *ctx, size_t done, size_t total);

/*
 * Reads the table as import_table does, without the service: the header,
 * then every line's column count and each column through its field's rule
 * (what only the base can tell, a reference or a code already used, is
 * import_table's).  SVC_OK; SVC_INVALID with each bad line reported;
 * SVC_ERROR for an unknown kind.
 */
int import_read(enum import_kind kind, const struct csv_table *t, import_report_fn report,
		void *ctx);

/*
 * Imports the table (header first).  SVC_OK with *imported lines;
 * SVC_INVALID when the header or any line was refused (each reported;
 * nothing written); SVC_FORBIDDEN outside the command line (checked once
 * the header is); SVC_ERROR.
 */
int import_table(svc *s, enum import_kind kind, const struct csv_table *t, import_report_fn report,
		 import_progress_fn progress, void *ctx, size_t *imported);

#endif
