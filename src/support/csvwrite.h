/*
 * csvwrite — writing CSV (RFC 4180: comma, CRLF, double quotes) for
 * exports opened in spreadsheets.  A field that a spreadsheet would read
 * as a formula (starting with = + - @, tab or CR) is neutralised with a
 * leading apostrophe, so an export can never run anything.
 */
#ifndef RELAIS_CSVWRITE_H
#define RELAIS_CSVWRITE_H

#include <stdint.h>

#include "support/buf.h"

/* One field (NULL: empty), quoted when it holds , " CR or LF. */
void csv_field(buf *b, const char *text);
/* csv_field() for a file whose separator is sep (';' for French
   spreadsheets, support/csvfr.h). */
void csv_field_sep(buf *b, const char *text, char sep);
/* One field exactly as it is, for a program rather than a spreadsheet
   (no formula guard): nothing for NULL, "" for an empty text. */
void csv_field_exact(buf *b, const char *text);
/* A whole number as a field. */
void csv_int(buf *b, int64_t n);
/* Between fields, and at the end of a record. */
void csv_sep(buf *b);
void csv_end(buf *b);

#endif
