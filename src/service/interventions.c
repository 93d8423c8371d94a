/* interventions — see interventions.h. */
#include "service/interventions.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "service/audit.h"
#include "service/cases.h"
#include "service/corrections.h"
#include "service/internal.h"
#include "service/paging_read.h"
#include "service/reference.h"
#include "support/box.h"
#include "support/buf.h"
#include "support/i18n.h"
#include "support/log.h"
#include "support/text.h"

#define AAD_NOTES "interventions.notes"
#define AAD_PRIVATE "interventions.private_note"

struct opened {
	int found;
	char opened_on[DATE_LEN + 1];
	int64_t referent_id;
};

static int opened_row(void *ctx, const store_row *row)
{
	struct opened *o = ctx;
	o->found = 1;
	svc_row_copy(row, CASE_COL_OPENED_ON, o->opened_on, sizeof o->opened_on);
	return 1;
}

static int owner_row(void *ctx, const store_row *row)
{
	((struct opened *)ctx)->referent_id = store_row_int(row, CASE_OWNER_COL_REFERENT_ID);
	return 1;
}

static int text_ok(const char *t)
{
	return !t || (strlen(t) <= INTERVENTION_TEXT_MAX && text_is_clean_utf8(t, strlen(t), 1));
}

/* The duration first: the form's and the API's first check, as before. */
const struct field interventions_fields[INTERVENTION__FIELDS] = {
	[INTERVENTION_DURATION] = {"duration_minutes", FIELD_MINUTES, FIELD_REQUIRED, 0, 0, NULL,
				   FIELD_AT(struct intervention_input, duration_minutes)},
	[INTERVENTION_DATE] = {"date", FIELD_DATE, FIELD_REQUIRED, 0, 0,
			       N_("La date doit être une date passée ou aujourd'hui (AAAA-MM-JJ)."),
			       FIELD_AT(struct intervention_input, date)},
	[INTERVENTION_MODE] = {"mode", FIELD_CODE, FIELD_REQUIRED, 0, 0,
			       N_("Mode d'intervention inconnu."),
			       FIELD_AT(struct intervention_input, mode)},
	[INTERVENTION_KIND] = {"kind", FIELD_CODE, FIELD_REQUIRED, 0, 0,
			       N_("Type d'intervention inconnu."),
			       FIELD_AT(struct intervention_input, kind)},
	[INTERVENTION_NOTES] = {"notes", FIELD_TEXT, 0, 0, 0, N_("Texte trop long ou non valide."),
				FIELD_AT(struct intervention_input, notes)},
	[INTERVENTION_PRIVATE_NOTE] = {"private_note", FIELD_TEXT, 0, 0, 0,
				       N_("Texte trop long ou non valide."),
				       FIELD_AT(struct intervention_input, private_note)},
};

/* A correction's reason, beside interventions_fields in the same struct. */
const struct field interventions_correction_fields[INTERVENTION_CORRECTION__FIELDS] = {
	[INTERVENTION_CORRECTION_REASON] = {"reason", FIELD_TEXT, FIELD_REQUIRED, 0,
					    CORRECTIONS_REASON_MAX, corrections_reason_message,
					    FIELD_AT(struct intervention_input, reason)},
};

/* SVC_OK when in may be an intervention of a case opened on opened_on,
   else the refusal naming its field. */
static int input_check(svc *s, const char *opened_on, const struct intervention_input *in)
{
	int rc;
	char today[DATE_LEN + 1];
	date_today(today);
	if (!in->date || !date_valid(in->date) || date_cmp(in->date, today) > 0)
		return svc_fail(s, SVC_INVALID, "date",
				N_("La date doit être une date passée ou aujourd'hui (AAAA-MM-JJ)."));
	if (date_cmp(in->date, opened_on) < 0)
		return svc_fail(s, SVC_INVALID, "date",
				N_("L'intervention ne peut précéder l'ouverture du suivi."));
	rc = in->mode ? reference_check(s, "mode", in->mode, 0) : SVC_INVALID;
	if (rc == SVC_INVALID)
		return svc_fail(s, SVC_INVALID, "mode", N_("Mode d'intervention inconnu."));
	if (rc != SVC_OK)
		return rc;
	rc = in->kind ? reference_check(s, "intervention_kind", in->kind, 0) : SVC_INVALID;
	if (rc == SVC_INVALID)
		return svc_fail(s, SVC_INVALID, "kind", N_("Type d'intervention inconnu."));
	if (rc != SVC_OK)
		return rc;
	if (in->duration_minutes < 0 || in->duration_minutes > INTERVENTION_MINUTES_MAX)
		return svc_fail(s, SVC_INVALID, "duration_minutes",
				N_("La durée est un nombre de minutes entre 0 et 1440."));
	if (!text_ok(in->notes))
		return svc_fail(s, SVC_INVALID, "notes", N_("Texte trop long ou non valide."));
	if (!text_ok(in->private_note))
		return svc_fail(s, SVC_INVALID, "private_note", N_("Texte trop long ou non valide."));
	return SVC_OK;
}

int interventions_create(svc *s, int64_t case_id, const struct intervention_input *in,
			 int64_t *id)
{
	/* One transaction from the check to the write: the case cannot change
	   hands or go in between, and on SQLite the reads run on the writer,
	   whose cache its own commits keep warm. */
	int rc = cases_gate_begin(s, case_id, "intervention.create_denied");
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	struct opened o = {0, "", 0};
	store_value c[] = {SV_INT(case_id)};
	if (store_exec(db, ST_CASE_GET, c, 1, opened_row, &o) != STORE_OK ||
	    store_exec(db, ST_CASE_OWNER, c, 1, owner_row, &o) != STORE_OK)
		return svc_abort(s, "interventions_create");
	rc = o.found ? input_check(s, o.opened_on, in) : SVC_NOT_FOUND;
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		return rc;
	}

	const char *const columns[] = {AAD_NOTES, AAD_PRIVATE};
	const char *const texts[] = {in->notes, in->private_note};
	/* An import writes in the référent's name. */
	store_value p[] = {SV_INT(case_id),
			   SV_INT(s->system ? o.referent_id : s->actor.id),
			   SV_TEXT(in->date),
			   SV_TEXT(in->mode),
			   SV_TEXT(in->kind),
			   SV_INT(in->duration_minutes),
			   SV_NULL,
			   SV_NULL,
			   SV_INT(time(NULL))};
	int64_t new_id = 0;
	char object[24];
	if (store_exec(db, ST_INTERVENTION_INSERT, p, 9, svc_row_int, &new_id) != STORE_OK ||
	    svc_seal_write(s, ST_INTERVENTION_SEAL, new_id, 2, columns, texts) != STORE_OK ||
	    (snprintf(object, sizeof object, "%" PRId64, new_id),
	     svc_audit(s, "intervention.create", "intervention", object) != 0) ||
	    svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "interventions_create");
	if (rc == SVC_OK && id)
		*id = new_id;
	return rc;
}

struct relay {
	svc *s;
	intervention_fn fn;
	void *ctx;
	struct page *pg; /* a page: counts its rows, notes the last one's cursor */
};

static int list_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	if (r->pg) {
		if (page_read_row(r->pg))
			return 1;
		page_cursor_date_id(r->pg->next, store_row_text(row, INTERVENTION_COL_DATE),
				    store_row_int(row, INTERVENTION_COL_ID));
	}
	int own = store_row_int(row, INTERVENTION_COL_AUTHOR_ID) == r->s->actor.id;
	size_t n = 0;
	const void *d = store_row_blob(row, INTERVENTION_COL_NOTES, &n);
	int64_t id = store_row_int(row, INTERVENTION_COL_ID);
	char *notes = svc_unseal_at(r->s, AAD_NOTES, id, d, n);
	/* Someone else's private note is not even decrypted. */
	char *priv = NULL;
	if (own) {
		d = store_row_blob(row, INTERVENTION_COL_PRIVATE_NOTE, &n);
		priv = svc_unseal_at(r->s, AAD_PRIVATE, id, d, n);
	}
	struct intervention_view v = {
		.id = id,
		.date = store_row_text(row, INTERVENTION_COL_DATE),
		.mode = store_row_text(row, INTERVENTION_COL_MODE),
		.kind = store_row_text(row, INTERVENTION_COL_KIND),
		.duration_minutes = store_row_int(row, INTERVENTION_COL_DURATION_MINUTES),
		.author = store_row_text(row, INTERVENTION_COL_AUTHOR_LOGIN),
		.notes = notes,
		.private_note = priv,
		.own = own,
	};
	int stop = r->fn ? r->fn(r->ctx, &v) : 0;
	free(notes);
	free(priv);
	return stop;
}

int interventions_list(svc *s, int64_t case_id, intervention_fn fn, void *ctx)
{
	int rc = cases_gate_begin(s, case_id, "intervention.list_denied");
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, case_id);
	struct relay r = {s, fn, ctx, NULL};
	store_value p[] = {SV_INT(case_id)};
	if (svc_audit(s, "intervention.list", "case", object) != 0 ||
	    store_exec(db, ST_INTERVENTIONS_OF_CASE, p, 1, list_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "interventions_list");
	return SVC_OK;
}

int interventions_page(svc *s, int64_t case_id, struct page *pg, intervention_fn fn, void *ctx)
{
	char date[11] = "9999-12-31";
	int64_t after = INT64_MAX;
	if (pg->after[0] && page_cursor_date_id_parse(pg->after, date, &after) != 0)
		return page_refuse_cursor(s);
	int rc = cases_gate_begin(s, case_id, "intervention.list_denied");
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, case_id);
	struct relay r = {s, fn, ctx, pg};
	page_read_start(pg);
	store_value c[] = {SV_INT(case_id)};
	store_value p[] = {SV_INT(case_id), SV_TEXT(date), SV_INT(after), SV_INT(pg->limit + 1)};
	if (svc_audit(s, "intervention.list", "case", object) != 0 ||
	    store_exec(db, ST_INTERVENTIONS_OF_CASE_COUNT, c, 1, svc_row_int, &pg->total) !=
		    STORE_OK ||
	    store_exec(db, ST_INTERVENTIONS_OF_CASE_PAGE, p, 4, list_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "interventions_page");
	page_read_done(pg);
	return SVC_OK;
}

/* ---- corrections (service/corrections.h) ---- */

/* An intervention as stored, for its correction. */
struct stored {
	int64_t case_id, author_id, duration_minutes;
	char date[DATE_LEN + 1], mode[65], kind[65];
	char *notes;        /* unsealed, caller frees */
	char *private_note; /* unsealed for its author only, caller frees */
};

struct stored_ctx {
	svc *s;
	int64_t id;
	struct stored *st;
};

static int stored_row(void *ctx, const store_row *row)
{
	struct stored_ctx *c = ctx;
	struct stored *st = c->st;
	st->case_id = store_row_int(row, IV_ROW_COL_CASE_ID);
	st->author_id = store_row_int(row, IV_ROW_COL_AUTHOR_ID);
	st->duration_minutes = store_row_int(row, IV_ROW_COL_DURATION_MINUTES);
	svc_row_copy(row, IV_ROW_COL_DATE, st->date, sizeof st->date);
	svc_row_copy(row, IV_ROW_COL_MODE, st->mode, sizeof st->mode);
	svc_row_copy(row, IV_ROW_COL_KIND, st->kind, sizeof st->kind);
	st->notes = svc_unseal_col_at(c->s, AAD_NOTES, c->id, row, IV_ROW_COL_NOTES);
	if (st->author_id == c->s->actor.id)
		st->private_note =
			svc_unseal_col_at(c->s, AAD_PRIVATE, c->id, row, IV_ROW_COL_PRIVATE_NOTE);
	return 1;
}

static void stored_free(struct stored *st)
{
	free(st->notes);
	free(st->private_note);
}

/* Loads intervention id into st when the caller may correct it: its case's
   référent or its author, who may still open the case.  SVC_OK with the
   write's transaction open (the check, the row read and its change in one
   state, as interventions_create), or SVC_NOT_FOUND (a refusal audited as
   `denied`) and none left open. */
static int correctable(svc *s, int64_t id, const char *denied, struct stored *st,
		       char opened_on[DATE_LEN + 1])
{
	memset(st, 0, sizeof *st);
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	if (!s->signed_in)
		return SVC_NOT_FOUND;
	struct stored_ctx c = {s, id, st};
	store_value k[] = {SV_INT(id)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_INTERVENTION_ROW, k, 1, stored_row, &c) != STORE_OK)
		return svc_abort(s, denied);
	if (!st->case_id)
		return svc_refuse_in_tx(s, denied, "intervention", id);
	int may = cases_may_access(s, st->case_id);
	struct opened o = {0, "", 0};
	store_value cid[] = {SV_INT(st->case_id)};
	if (may < 0 || store_exec(svc_db(s), ST_CASE_GET, cid, 1, opened_row, &o) != STORE_OK ||
	    store_exec(svc_db(s), ST_CASE_OWNER, cid, 1, owner_row, &o) != STORE_OK) {
		stored_free(st);
		return svc_abort(s, denied);
	}
	if (!may || (o.referent_id != s->actor.id && st->author_id != s->actor.id)) {
		stored_free(st);
		return svc_refuse_in_tx(s, denied, "intervention", id);
	}
	memcpy(opened_on, o.opened_on, DATE_LEN + 1);
	return SVC_OK;
}

static int same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int interventions_correct(svc *s, int64_t id, const struct intervention_input *in,
			  const char *reason, int64_t *case_id)
{
	struct stored st;
	char opened_on[DATE_LEN + 1];
	int rc = correctable(s, id, "intervention.correct_denied", &st, opened_on);
	if (rc != SVC_OK)
		return rc;
	rc = input_check(s, opened_on, in);
	if (rc == SVC_OK)
		rc = corrections_check(s, reason);
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		stored_free(&st);
		return rc;
	}
	/* Only its author has a private note to change. */
	int own = st.author_id == s->actor.id;
	char fields[160] = "";
	corrections_field(fields, sizeof fields, strcmp(st.date, in->date) != 0, "date");
	corrections_field(fields, sizeof fields, strcmp(st.mode, in->mode) != 0, "mode");
	corrections_field(fields, sizeof fields, strcmp(st.kind, in->kind) != 0, "kind");
	corrections_field(fields, sizeof fields, st.duration_minutes != in->duration_minutes,
			  "duration_minutes");
	corrections_field(fields, sizeof fields, !same_text(st.notes, in->notes), "notes");
	corrections_field(fields, sizeof fields,
			  own && !same_text(st.private_note, in->private_note), "private_note");
	store *db = svc_db(s);
	store_value p[] = {SV_INT(id), SV_TEXT(in->date), SV_TEXT(in->mode), SV_TEXT(in->kind),
			   SV_INT(in->duration_minutes)};
	const char *const both[] = {AAD_NOTES, AAD_PRIVATE};
	const char *const texts[] = {in->notes, in->private_note};
	if (store_exec(db, ST_INTERVENTION_UPDATE, p, 5, NULL, NULL) != STORE_OK ||
	    (own ? svc_seal_write(s, ST_INTERVENTION_SEAL, id, 2, both, texts)
		 : svc_seal_write(s, ST_INTERVENTION_NOTES_SEAL, id, 1, both, texts)) !=
		    STORE_OK ||
	    corrections_record(s, "intervention", id, st.case_id, "edit", fields, reason) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "interventions_correct");
	if (rc == SVC_OK && case_id)
		*case_id = st.case_id;
	stored_free(&st);
	return rc;
}

int interventions_delete(svc *s, int64_t id, const char *reason, int64_t *case_id)
{
	struct stored st;
	char opened_on[DATE_LEN + 1];
	int rc = correctable(s, id, "intervention.delete_denied", &st, opened_on);
	if (rc != SVC_OK)
		return rc;
	stored_free(&st);
	rc = corrections_check(s, reason);
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		return rc;
	}
	store *db = svc_db(s);
	store_value k[] = {SV_INT(id)};
	if (store_exec(db, ST_INTERVENTION_UNLINK, k, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_INTERVENTION_DELETE, k, 1, NULL, NULL) != STORE_OK ||
	    corrections_record(s, "intervention", id, st.case_id, "delete", "*", reason) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "interventions_delete");
	if (case_id)
		*case_id = st.case_id;
	return SVC_OK;
}
