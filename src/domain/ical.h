/*
 * ical — writing iCalendar (RFC 5545) content lines: TEXT escaping
 * (backslash, semicolon, comma, newline), lines folded at 75 octets
 * without splitting a UTF-8 character, CRLF endings.  No I/O.
 */
#ifndef RELAIS_DOMAIN_ICAL_H
#define RELAIS_DOMAIN_ICAL_H

#include "support/buf.h"

#define ICAL_LINE_OCTETS 75 /* RFC 5545 §3.1: lines longer than this are folded */

/* Appends "name:value" + CRLF to b, folded; value is written as is (a
   date, a rule), name may carry parameters ("DTSTART;TZID=Europe/Paris"). */
void ical_line(buf *b, const char *name, const char *value);
/* Like ical_line with value escaped as TEXT (§3.3.11); control characters
   other than newline are dropped. */
void ical_text_line(buf *b, const char *name, const char *text);
/* Folds one logical line (without CRLF) into b, ending it with CRLF. */
void ical_fold(buf *b, const char *line);

#endif
