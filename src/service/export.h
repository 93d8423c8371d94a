/*
 * export — the whole base as documented CSV files (relais export), for
 * reversibility: whoever takes the service over gets every table, every
 * column, every row, in an open format with its description.
 *
 * One file per table (TABLE.csv: a header line of column names, then the
 * rows ordered by primary key), LISEZMOI.md describing each table and
 * column, and colonnes.csv, the same description for a program.  Sealed
 * columns (texts encrypted at rest) hold "[chiffré]" unless decrypt is set,
 * which opens them with the master key.  The export is read in one
 * transaction and audited (export.full) in it.
 */
#ifndef RELAIS_EXPORT_H
#define RELAIS_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "service/app.h"

/* Called after each table with its row count. */
typedef void (*export_progress_fn)(void *ctx, const char *table, int64_t rows);

/*
 * Writes the export into dir, which must not exist or be empty (created
 * 0700, files 0600: they hold personal data).  Written into a temporary
 * directory beside it and renamed at the end: dir is complete or absent.
 * 0, or -1 with a French err.
 */
int export_base(app *a, const char *dir, int decrypt, export_progress_fn fn, void *ctx, char *err,
		size_t errlen);

#endif
