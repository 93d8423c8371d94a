/*
 * csvfr — CSV as French spreadsheets read it (issue 17): UTF-8 with a byte
 * order mark (Excel's sign of UTF-8), ';' between fields (the comma is the
 * decimal separator), CRLF, numbers with a decimal comma and no grouping.
 * Text fields keep csvwrite's formula guard; numbers are written bare so a
 * spreadsheet reads them as numbers.
 */
#ifndef RELAIS_CSVFR_H
#define RELAIS_CSVFR_H

#include <stdint.h>

#include "support/buf.h"

/* The byte order mark, once at the start of the file. */
void csvfr_begin(buf *b);
/* One text field (NULL: empty). */
void csvfr_text(buf *b, const char *text);
/* A whole number. */
void csvfr_int(buf *b, int64_t n);
/* A number with `decimals` digits after a decimal comma (0 to 6). */
void csvfr_decimal(buf *b, double value, int decimals);
/* Between fields, and at the end of a record. */
void csvfr_sep(buf *b);
void csvfr_end(buf *b);

#endif
