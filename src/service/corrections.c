/* corrections — see corrections.h. */
#include "service/corrections.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "service/internal.h"
#include "support/buf.h"
#include "support/i18n.h"
#include "support/text.h"

#define REASON_COLUMN "record_corrections.reason"

const char corrections_reason_message[] =
	N_("Le motif de la correction est obligatoire (500 caractères au plus).");

const struct field corrections_fields[CORRECTION_INPUT__FIELDS] = {
	[CORRECTION_INPUT_REASON] = {"reason", FIELD_TEXT, FIELD_REQUIRED, 0,
				     CORRECTIONS_REASON_MAX, corrections_reason_message,
				     FIELD_AT(struct correction_input, reason)},
};

int corrections_check(svc *s, const char *reason)
{
	int blank = 1;
	for (const char *c = reason; c && *c; c++)
		if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
			blank = 0;
	if (blank || !text_is_clean_utf8(reason, strlen(reason), 1) ||
	    text_utf8_chars(reason) > CORRECTIONS_REASON_MAX)
		return svc_fail(s, SVC_INVALID, "reason", corrections_reason_message);
	return SVC_OK;
}

int corrections_record(svc *s, const char *kind, int64_t record_id, int64_t case_id,
		       const char *operation, const char *fields, const char *reason)
{
	if (!s->signed_in)
		return -1;
	int64_t id = 0;
	store_value p[] = {SV_TEXT(kind),
			   SV_INT(record_id),
			   case_id ? SV_INT(case_id) : SV_NULL,
			   SV_TEXT(operation),
			   SV_TEXT(fields),
			   SV_INT(s->actor.id),
			   SV_INT((int64_t)time(NULL))};
	if (store_exec(svc_db(s), ST_RECORD_CORRECTION_INSERT, p, 7, svc_row_int, &id) != STORE_OK ||
	    !id)
		return -1;
	buf sealed;
	buf_init(&sealed, 0);
	svc_seal_at(s, REASON_COLUMN, id, reason, &sealed);
	store_value q[] = {SV_INT(id), svc_sealed_value(&sealed)};
	int rc = sealed.len &&
			 store_exec(svc_db(s), ST_RECORD_CORRECTION_SEAL, q, 2, NULL, NULL) ==
				 STORE_OK
		 ? 0
		 : -1;
	buf_free(&sealed);
	if (rc != 0)
		return -1;
	/* The action codes written out, so that the access log's French
	   labels (domain/audit_labels.c) find each in the source. */
	static const char *const actions[][3] = {
	    {"intervention", "intervention.correct", "intervention.delete"},
	    {"aid", "aid.correct", "aid.delete"},
	    {"appointment", "appointment.correct", "appointment.delete"},
	    {"secrecy_lifting", "secrecy.correct", "secrecy.delete"},
	    {"time_entry", "time_entry.correct", "time_entry.delete"},
	    {"permanence", "permanence.correct", "permanence.delete"},
	    {"collective_action", "collective_action.correct", "collective_action.delete"},
	};
	const char *action = NULL;
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(kind, actions[i][0]) == 0)
			action = actions[i][strcmp(operation, "delete") == 0 ? 2 : 1];
	if (!action)
		return -1;
	char object[160];
	snprintf(object, sizeof object, "%" PRId64 ";correction=%" PRId64 ";fields=%s", record_id,
		 id, fields);
	return svc_audit(s, action, kind, object);
}

int corrections_delete(svc *s, const char *kind, int64_t record_id, int64_t case_id,
		       const enum stmt *st, size_t n, const char *reason, const char *where)
{
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, where);
	return corrections_delete_in_tx(s, kind, record_id, case_id, st, n, reason, where);
}

int corrections_delete_in_tx(svc *s, const char *kind, int64_t record_id, int64_t case_id,
			     const enum stmt *st, size_t n, const char *reason, const char *where)
{
	store_value k[] = {SV_INT(record_id)};
	for (size_t i = 0; i < n; i++)
		if (store_exec(svc_db(s), st[i], k, 1, NULL, NULL) != STORE_OK)
			return svc_abort(s, where);
	if (corrections_record(s, kind, record_id, case_id, "delete", "*", reason) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, where);
	return SVC_OK;
}

void corrections_field(char *out, size_t n, int changed, const char *name)
{
	if (!changed)
		return;
	size_t len = strlen(out);
	snprintf(out + len, n - len, "%s%s", len ? "," : "", name);
}
