/*
 * audit_labels — the French name of every access-log action and object
 * code (issue 17, item 4).  The codes stay in the data ("session.create",
 * "user"); the pages and the exports show these names.  One table each,
 * which svc_audit() consults (an unlabelled code is logged as an error)
 * and the unit test test_audit_labels walks against the source.
 */
#ifndef RELAIS_AUDIT_LABELS_H
#define RELAIS_AUDIT_LABELS_H

#include <stddef.h>

/* One code and its French name (a gettext msgid: show it through _()). */
struct audit_label {
	const char *code;
	const char *label;
};

/* The French name of an action code or object code (a msgid), NULL when
   the code has none. */
const char *audit_action_label(const char *code);
const char *audit_object_label(const char *code);

/* The tables, for the action list of the log's filter and the tests:
   *n gets the number of entries, grouped by kind of record. */
const struct audit_label *audit_action_labels(size_t *n);
const struct audit_label *audit_object_labels(size_t *n);

#endif
