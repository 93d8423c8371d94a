/* access — see access.h. */
#include "service/access.h"

#include <inttypes.h>
#include <stdio.h>

#include "service/internal.h"
#include "service/persons.h"

static int appointment_row(void *ctx, const store_row *row)
{
	const struct access_extras *x = ctx;
	struct access_appointment a = {
		store_row_text(row, PERSON_APPOINTMENTS_COL_START_AT),
		store_row_text(row, PERSON_APPOINTMENTS_COL_END_AT),
		store_row_text(row, PERSON_APPOINTMENTS_COL_MODE),
		store_row_text(row, PERSON_APPOINTMENTS_COL_STATUS),
		store_row_text(row, PERSON_APPOINTMENTS_COL_WORKER),
	};
	return x->appointment(x->ctx, &a);
}

static int read_row(void *ctx, const store_row *row)
{
	const struct access_extras *x = ctx;
	struct access_read r = {
		store_row_int(row, AUDIT_COL_AT),
		store_row_text(row, AUDIT_COL_ACTOR_LOGIN),
		store_row_text(row, AUDIT_COL_ACTION),
		store_row_text(row, AUDIT_COL_OBJECT_TYPE),
	};
	return x->read(x->ctx, &r);
}

static int consent_row(void *ctx, const store_row *row)
{
	const struct access_extras *x = ctx;
	struct consent_change c = {
		store_row_int(row, CONSENT_COL_ID),
		store_row_text(row, CONSENT_COL_KIND),
		(int)store_row_int(row, CONSENT_COL_GIVEN),
		store_row_text(row, CONSENT_COL_ON_DATE),
		store_row_int(row, CONSENT_COL_RECORDED_AT),
		store_row_text(row, CONSENT_COL_LOGIN),
	};
	return x->consent(x->ctx, &c);
}

int access_extras(svc *s, int64_t id, const struct access_extras *x)
{
	/* The check, the reads and the entry in one transaction. */
	int rc = svc_gate_begin(s, ST_PERSON_ACCESS, "person", id, "person.read_denied");
	if (rc != SVC_OK)
		return rc;
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	store *db = svc_db(s);
	/* The access log's search by person (ST_AUDIT_FIND_PAGE), newest
	   first: $1 $2 the person, any account, any action, any time. */
	store_value who[] = {SV_INT(id)};
	store_value log[] = {SV_TEXT(object), SV_INT(id),	    SV_INT(0),
			     SV_TEXT(""),     SV_INT(0),	    SV_INT(INT64_MAX),
			     SV_INT(INT64_MAX), SV_INT(ACCESS_READS_MAX)};
	if (svc_audit(s, "person.access_document", "person", object) != 0 ||
	    store_exec(db, ST_CONSENTS_OF_PERSON, who, 1, consent_row, (void *)x) != STORE_OK ||
	    store_exec(db, ST_PERSON_APPOINTMENTS, who, 1, appointment_row, (void *)x) !=
		    STORE_OK ||
	    store_exec(db, ST_AUDIT_FIND_PAGE, log, 8, read_row, (void *)x) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "access_extras");
	return SVC_OK;
}
