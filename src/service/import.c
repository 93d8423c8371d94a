/* import — see import.h. */
#include "service/import.h"

#include <stdio.h>

#include "service/internal.h"

int import_begin(svc *s)
{
	if (!s->system)
		return SVC_FORBIDDEN;
	if (svc_batch_begin(s) != SVC_OK)
		return svc_abort(s, "import_table");
	return SVC_OK;
}

int import_end(svc *s, const char *what, size_t lines, int commit)
{
	if (!commit)
		return svc_batch_end(s, 0);
	char object[64];
	snprintf(object, sizeof object, "%s:%zu", what, lines);
	if (svc_audit(s, "import", "import", object) != 0) {
		svc_abort(s, "import_table");
		svc_batch_end(s, 0);
		return SVC_ERROR;
	}
	if (svc_batch_end(s, 1) != SVC_OK)
		return svc_abort(s, "import_table");
	return SVC_OK;
}

/* The id that statement st finds for ref (see import_person_id). */
static int id_by_ref(svc *s, enum stmt st, const char *ref, int64_t *id)
{
	*id = 0;
	if (!s->system)
		return SVC_FORBIDDEN;
	if (!ref || !*ref)
		return SVC_NOT_FOUND;
	store *db = svc_db(s);
	store_value p[] = {SV_TEXT(ref)};
	if (!db || store_exec(db, st, p, 1, svc_row_int, id) != STORE_OK) {
		*id = 0;
		return SVC_ERROR;
	}
	return *id ? SVC_OK : SVC_NOT_FOUND;
}

int import_person_id(svc *s, const char *ref, int64_t *id)
{
	return id_by_ref(s, ST_PERSON_BY_REF, ref, id);
}

int import_case_id(svc *s, const char *ref, int64_t *id)
{
	return id_by_ref(s, ST_CASE_BY_REF, ref, id);
}
