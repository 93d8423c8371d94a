/*
 * corrections — correcting a record after the fact (issue 17, item 6).
 *
 * An edit or a deletion of an intervention, an aid awaiting its decision,
 * an appointment or a lifting of secrecy gives its reason.  The reason is sealed, bound to its
 * row, and kept in record_corrections with the record, who, when and which
 * fields changed (their names, never a value); the access log names the
 * same, never the content.  A deletion erases the record itself, so that
 * lists, counts, bilans, hours and exports no longer see it; its
 * correction row is the tombstone the audit trail keeps (DESIGN §2b: no
 * content kept beyond need).
 *
 * The use cases live with their records (service/interventions.h,
 * aids.h, appointments.h); this module holds what they share.
 */
#ifndef RELAIS_CORRECTIONS_H
#define RELAIS_CORRECTIONS_H

#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

#define CORRECTIONS_REASON_MAX 500

/* The input of a deletion: its reason. */
struct correction_input {
	const char *reason; /* required: why the record is deleted */
};
enum { CORRECTION_INPUT_REASON, CORRECTION_INPUT__FIELDS };
extern const struct field corrections_fields[CORRECTION_INPUT__FIELDS];

/* The French message refusing a missing or too long reason (a msgid). */
extern const char corrections_reason_message[];

/* SVC_OK when reason is one (clean UTF-8, not blank, at most
   CORRECTIONS_REASON_MAX characters), else SVC_INVALID naming "reason". */
int corrections_check(svc *s, const char *reason);

/* In the caller's open transaction: records the correction `operation`
   ("edit" or "delete") of record_id of `kind` ("intervention", "aid",
   "appointment"), in case case_id (0: none), of the comma-separated field
   names `fields`, with its sealed reason; and its access-log entry
   "<kind>.correct" or "<kind>.delete", object "<id>;correction=<n>;fields=…".
   0, or -1 (the caller aborts). */
int corrections_record(svc *s, const char *kind, int64_t record_id, int64_t case_id,
		       const char *operation, const char *fields, const char *reason);

/* Appends name to the comma-separated list in out (n bytes) when changed. */
void corrections_field(char *out, size_t n, int changed, const char *name);

#endif
