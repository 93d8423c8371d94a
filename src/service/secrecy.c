/* secrecy — see secrecy.h. */
#include "service/secrecy.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "domain/secrecy.h"
#include "service/cases.h"
#include "service/corrections.h"
#include "service/internal.h"
#include "support/i18n.h"
#include "support/text.h"

#define AAD_RECIPIENT "secrecy_liftings.recipient"
#define AAD_WHAT_SENT "secrecy_liftings.what_sent"
#define AAD_DETAIL "secrecy_liftings.basis_detail"

#define RECIPIENT_MESSAGE N_("Indiquez le destinataire (200 caractères au plus).")
#define WHAT_SENT_MESSAGE N_("Indiquez ce qui a été transmis (20 000 caractères au plus).")
#define DETAIL_MESSAGE N_("Précision trop longue (500 caractères au plus) ou non valide.")

const struct field secrecy_fields[SECRECY__FIELDS] = {
	[SECRECY_KIND] = {"kind", FIELD_CODE, FIELD_REQUIRED, 0, 0,
			  N_("Choisissez le type de levée du secret."),
			  FIELD_AT(struct secrecy_input, kind)},
	[SECRECY_LEGAL_BASIS] = {"legal_basis", FIELD_CODE, 0, 0, 0,
				 N_("Ce fondement ne correspond pas au type de levée du secret."),
				 FIELD_AT(struct secrecy_input, legal_basis)},
	[SECRECY_LIFTED_ON] = {"lifted_on", FIELD_DATE, FIELD_REQUIRED, 0, 0,
			       N_("La date doit être une date passée ou aujourd'hui (AAAA-MM-JJ)."),
			       FIELD_AT(struct secrecy_input, lifted_on)},
	[SECRECY_RECIPIENT] = {"recipient", FIELD_LINE, FIELD_REQUIRED, 0, SECRECY_RECIPIENT_MAX,
			       RECIPIENT_MESSAGE, FIELD_AT(struct secrecy_input, recipient)},
	[SECRECY_WHAT_SENT] = {"what_sent", FIELD_TEXT, FIELD_REQUIRED, 0, SECRECY_TEXT_MAX,
			       WHAT_SENT_MESSAGE, FIELD_AT(struct secrecy_input, what_sent)},
	[SECRECY_BASIS_DETAIL] = {"basis_detail", FIELD_LINE, 0, 0, SECRECY_DETAIL_MAX,
				  DETAIL_MESSAGE, FIELD_AT(struct secrecy_input, basis_detail)},
};

/* Whether t is required-or-optional clean text of at most max characters. */
static int text_ok(const char *t, size_t max, int required, int multiline)
{
	if (!t || !*t)
		return !required;
	return text_is_clean_utf8(t, strlen(t), multiline) && text_utf8_chars(t) <= max;
}

/* SVC_OK with *basis set, or the first refusal (the domain's rules, then
   the texts). */
static int input_check(svc *s, const struct secrecy_input *in, const char **basis)
{
	char today[DATE_LEN + 1];
	date_today(today);
	struct secrecy_new n = {in->kind, in->legal_basis, in->basis_detail, in->lifted_on, today};
	struct verr_list l = {.n = 0};
	if (secrecy_check(&n, basis, &l) != 0)
		return svc_fail(s, SVC_INVALID, l.e[0].field, l.e[0].message);
	if (!text_ok(in->recipient, SECRECY_RECIPIENT_MAX, 1, 0))
		return svc_fail(s, SVC_INVALID, "recipient", RECIPIENT_MESSAGE);
	if (!text_ok(in->what_sent, SECRECY_TEXT_MAX, 1, 1))
		return svc_fail(s, SVC_INVALID, "what_sent", WHAT_SENT_MESSAGE);
	if (!text_ok(in->basis_detail, SECRECY_DETAIL_MAX, 0, 0))
		return svc_fail(s, SVC_INVALID, "basis_detail", DETAIL_MESSAGE);
	return SVC_OK;
}

int secrecy_create(svc *s, int64_t case_id, const struct secrecy_input *in, int64_t *id)
{
	/* One transaction from the check to the write (interventions_create). */
	struct case_owner o;
	memset(&o, 0, sizeof o);
	int rc = cases_referent_begin(s, case_id, &o, "secrecy.create_denied");
	if (rc != SVC_OK)
		return rc;
	const char *basis = NULL;
	rc = o.found ? input_check(s, in, &basis) : SVC_NOT_FOUND;
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		return rc;
	}
	/* A precision only where the kind asks for one. */
	const char *detail = strcmp(in->kind, "autre") == 0 ? in->basis_detail : NULL;
	const char *const columns[] = {AAD_RECIPIENT, AAD_WHAT_SENT, AAD_DETAIL};
	const char *const texts[] = {in->recipient, in->what_sent, detail};
	store_value p[] = {SV_INT(case_id),	  SV_TEXT(in->kind), SV_TEXT(basis),
			   SV_TEXT(in->lifted_on), SV_INT(s->actor.id), SV_INT(time(NULL))};
	int64_t new_id = 0;
	char object[24];
	if (store_exec(svc_db(s), ST_SECRECY_INSERT, p, 6, svc_row_int, &new_id) != STORE_OK ||
	    svc_seal_write(s, ST_SECRECY_SEAL, new_id, 3, columns, texts) != STORE_OK ||
	    (snprintf(object, sizeof object, "%" PRId64, new_id),
	     svc_audit(s, "secrecy.create", "secrecy_lifting", object) != 0) ||
	    svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "secrecy_create");
	if (rc == SVC_OK && id)
		*id = new_id;
	return rc;
}

struct relay {
	svc *s;
	secrecy_fn fn;
	void *ctx;
};

static int list_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	int64_t id = store_row_int(row, SECRECY_COL_ID);
	char *recipient = svc_unseal_col_at(r->s, AAD_RECIPIENT, id, row, SECRECY_COL_RECIPIENT);
	char *sent = svc_unseal_col_at(r->s, AAD_WHAT_SENT, id, row, SECRECY_COL_WHAT_SENT);
	char *detail = svc_unseal_col_at(r->s, AAD_DETAIL, id, row, SECRECY_COL_BASIS_DETAIL);
	struct secrecy_view v = {
		.id = id,
		.case_id = store_row_int(row, SECRECY_COL_CASE_ID),
		.kind = store_row_text(row, SECRECY_COL_KIND),
		.legal_basis = store_row_text(row, SECRECY_COL_LEGAL_BASIS),
		.lifted_on = store_row_text(row, SECRECY_COL_LIFTED_ON),
		.recipient = recipient,
		.what_sent = sent,
		.basis_detail = detail,
		.author = store_row_text(row, SECRECY_COL_AUTHOR_LOGIN),
		.recorded_at = store_row_int(row, SECRECY_COL_RECORDED_AT),
	};
	int stop = r->fn ? r->fn(r->ctx, &v) : 0;
	free(recipient);
	free(sent);
	free(detail);
	return stop;
}

int secrecy_list(svc *s, int64_t case_id, secrecy_fn fn, void *ctx)
{
	int rc = cases_gate_begin(s, case_id, "secrecy.list_denied");
	if (rc != SVC_OK)
		return rc;
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, case_id);
	struct relay r = {s, fn, ctx};
	store_value p[] = {SV_INT(case_id)};
	if (svc_audit(s, "secrecy.list", "case", object) != 0 ||
	    store_exec(svc_db(s), ST_SECRECY_OF_CASE, p, 1, list_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "secrecy_list");
	return SVC_OK;
}

int secrecy_delete(svc *s, int64_t id, const char *reason, int64_t *case_id)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	/* One transaction from the check to the write (interventions_create). */
	int64_t of = 0;
	store_value k[] = {SV_INT(id)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_SECRECY_CASE_OF, k, 1, svc_row_int, &of) != STORE_OK)
		return svc_abort(s, "secrecy_delete");
	if (!of)
		return svc_refuse_in_tx(s, "secrecy.delete_denied", "secrecy_lifting", id);
	struct case_owner o;
	memset(&o, 0, sizeof o);
	int rc = cases_referent_in_tx(s, of, &o, "secrecy.delete_denied");
	if (rc != SVC_OK)
		return rc;
	rc = corrections_check(s, reason);
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		return rc;
	}
	if (store_exec(svc_db(s), ST_SECRECY_DELETE, k, 1, NULL, NULL) != STORE_OK ||
	    corrections_record(s, "secrecy_lifting", id, of, "delete", "*", reason) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "secrecy_delete");
	if (case_id)
		*case_id = of;
	return SVC_OK;
}
