/*
 * field — every input declared once (after kcgi's keys): its name, its
 * type, its bounds, whether it is required and the French message shown
 * when it is refused.  A use case's input is one table of fields; the form
 * reader (http/), the JSON reader (api/) and the CSV import (bulk/) all
 * read through it, so a rule — a year from 1990 to 2100, a duration from 0
 * to 1440 minutes, an amount in euros, a date, a reference code — is
 * written once, here, and a typed value reaches the service.
 *
 * A table fills a C struct: each field names the offset of its member,
 * whose C type follows the field's type (see enum field_type).
 */
#ifndef RELAIS_FIELD_H
#define RELAIS_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "domain/verr.h"

enum field_type {
	/* the text types first (field_keep_text relies on it) */
	FIELD_TEXT,     /* const char *: free text, several lines (CR LF become LF), max chars */
	FIELD_LINE,     /* const char *: one line of text, max chars */
	FIELD_CODE,     /* const char *: a reference code or login: [a-z0-9._-], max chars */
	FIELD_DATE,     /* const char *: YYYY-MM-DD, a real date */
	FIELD_DATETIME, /* const char *: YYYY-MM-DDTHH:MM */
	FIELD_INT,      /* int64_t: a whole number from min to max */
	FIELD_YEAR,     /* int64_t: a year from FIELD_YEAR_MIN to FIELD_YEAR_MAX */
	FIELD_MINUTES,  /* int64_t: a duration from 0 to FIELD_MINUTES_MAX minutes */
	FIELD_MONEY,    /* int64_t: euros ("1 234,50", "1234.5") read as cents, 0 to max cents */
	FIELD_ID,       /* int64_t: a record's id, >= 1 */
	FIELD_BOOL,     /* int: a checkbox ("1", "on", "true" = 1; "0", "off", "false" = 0; anything
			   else refused) or a JSON boolean */
};

#define FIELD_YEAR_MIN 1990
#define FIELD_YEAR_MAX 2100
#define FIELD_MINUTES_MAX 1440

enum field_flags {
	FIELD_REQUIRED = 1 << 0,    /* absent or empty is refused */
	FIELD_CLEARS = 1 << 1,      /* a text sent empty is stored as "" (it clears the
				       value) rather than read as not sent */
	FIELD_NULL_CLEARS = 1 << 2, /* a JSON null likewise (api_fields) */
};

struct field {
	const char *name;     /* the form field, JSON member and CSV column */
	enum field_type type;
	unsigned flags;       /* enum field_flags */
	int64_t min, max;     /* FIELD_INT, FIELD_MONEY (cents): bounds; text: most characters
				 (0: the type's default) */
	const char *message;  /* French msgid when refused; NULL: the type's own */
	size_t offset;        /* where the value goes in the destination struct */
	size_t present;       /* offset + 1 of an int set to 1 when the field was sent, or 0 */
};

/* A field's member and presence flag: FIELD_AT(struct x, member). */
#define FIELD_AT(type, member) offsetof(type, member), 0
#define FIELD_AT_SEEN(type, member, seen) offsetof(type, member), offsetof(type, seen) + 1

/*
 * Reads text (NULL: absent) as field f into the struct at dest.  Absent or
 * empty: nothing is written (the member keeps its value, NULL or 0) —
 * except "" for a text field marked FIELD_CLEARS — and a FIELD_REQUIRED
 * field is refused.  Text values are stored as given
 * (CR LF turned into LF in place for FIELD_TEXT: text must be writable,
 * e.g. in the request's arena), numbers parsed with their bounds.
 * 0, or -1 with e naming f and its message.
 */
int field_read(const struct field *f, char *text, void *dest, struct verr *e);

/* A number already typed (JSON) as field f: its bounds and presence. */
int field_read_int(const struct field *f, int64_t n, void *dest, struct verr *e);

/* After a refusal, stores text as typed when f holds text (to show a form
   again); numbers are left alone. */
void field_keep_text(const struct field *f, char *text, void *dest);

/* The French msgid refusing a value of f (f->message or the type's own). */
const char *field_message(const struct field *f);

/* The bounds field_read and field_read_int apply to a number field
   (FIELD_INT to FIELD_BOOL): the type's own, or the table's min and max
   (INT64_MAX when the table sets no maximum).  For a description of the
   input (the OpenAPI document). */
void field_bounds(const struct field *f, int64_t *min, int64_t *max);

/* The most characters field_read accepts for a text field (FIELD_TEXT,
   FIELD_LINE, FIELD_CODE): the table's max or the type's default; 0 for
   other types. */
size_t field_max_chars(const struct field *f);

/* The field named name in fields (n of them), or NULL. */
const struct field *field_find(const struct field *fields, size_t n, const char *name);

#endif
