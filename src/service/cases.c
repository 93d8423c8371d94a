/* cases — see cases.h. */
#include "service/cases.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "service/audit.h"
#include "service/internal.h"
#include "service/paging_read.h"
#include "service/persons.h"
#include "service/reference.h"
#include "service/users.h"
#include "support/box.h"
#include "support/buf.h"
#include "support/i18n.h"
#include "support/log.h"
#include "support/text.h"

/* Associated data of the sealed columns: a ciphertext opens only where it was written. */
#define AAD_DIAGNOSIS "cases.diagnosis"
#define AAD_ACTION_PLAN "cases.action_plan"

static void ident(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static store_value blob_or_null(const buf *b)
{
	return b->len ? SV_BLOB(b->data, b->len) : SV_NULL;
}

/* ---- access ---- */

int cases_may_access(svc *s, int64_t id)
{
	return svc_may_open(s, ST_CASE_ACCESS, id);
}

int cases_gate_begin(svc *s, int64_t case_id, const char *denied)
{
	return svc_gate_begin(s, ST_CASE_ACCESS, "case", case_id, denied);
}

/* ---- the input ---- */

#define TEXT_MESSAGE N_("Texte trop long (20 000 caractères) ou non valide.")

const struct field cases_fields[CASE__FIELDS] = {
	[CASE_PERSON_ID] = {"person_id", FIELD_ID, FIELD_REQUIRED, 0, 0, N_("Personne introuvable."),
			    FIELD_AT(struct case_input, person_id)},
	[CASE_OPENED_ON] = {"opened_on", FIELD_DATE, FIELD_CLEARS, 0, 0,
			    N_("La date d'ouverture doit être une date passée (AAAA-MM-JJ)."),
			    FIELD_AT(struct case_input, opened_on)},
	[CASE_CLOSED_ON] = {"closed_on", FIELD_DATE, FIELD_CLEARS, 0, 0,
			    N_("La date de clôture doit être une date passée (AAAA-MM-JJ)."),
			    FIELD_AT(struct case_input, closed_on)},
	[CASE_OUTCOME] = {"outcome", FIELD_CODE, FIELD_CLEARS, 0, REFERENCE_CODE_MAX,
			  N_("Issue du suivi inconnue."), FIELD_AT(struct case_input, outcome)},
	[CASE_REFERRAL_SOURCE] = {"referral_source", FIELD_CODE, FIELD_CLEARS, 0, REFERENCE_CODE_MAX,
				  N_("Origine de la demande inconnue."),
				  FIELD_AT(struct case_input, referral_source)},
	[CASE_DIAGNOSIS] = {"diagnosis", FIELD_TEXT, FIELD_CLEARS, 0, CASE_TEXT_MAX, TEXT_MESSAGE,
			    FIELD_AT(struct case_input, diagnosis)},
	[CASE_ACTION_PLAN] = {"action_plan", FIELD_TEXT, FIELD_CLEARS, 0, CASE_TEXT_MAX, TEXT_MESSAGE,
			      FIELD_AT(struct case_input, action_plan)},
};

/* ---- validation ---- */

static int check_domains(svc *s, const char *const *domains, int n)
{
	if (n < 1 || n > CASE_DOMAINS_MAX)
		return svc_fail(s, SVC_INVALID, "domains",
				N_("Indiquez au moins un domaine (20 au plus)."));
	for (int i = 0; i < n; i++) {
		int rc = domains[i] ? reference_check(s, "domain", domains[i], 0) : SVC_INVALID;
		if (rc == SVC_INVALID)
			return svc_fail(s, SVC_INVALID, "domains",
					N_("Domaine ou problématique inconnu."));
		if (rc != SVC_OK)
			return rc;
	}
	return SVC_OK;
}

static int text_ok(const char *t)
{
	return !t || (strlen(t) <= CASE_TEXT_MAX && text_is_clean_utf8(t, strlen(t), 1));
}

/* Checks the closing pair and the dates given (old_opened: current value or NULL). */
static int check_dates(svc *s, const char *opened_on, const char *closed_on, const char *outcome,
		       const char *old_outcome)
{
	char today[DATE_LEN + 1];
	date_today(today);
	if (!opened_on || !date_valid(opened_on) || date_cmp(opened_on, today) > 0)
		return svc_fail(s, SVC_INVALID, "opened_on",
				N_("La date d'ouverture doit être une date passée (AAAA-MM-JJ)."));
	if (closed_on) {
		if (!date_valid(closed_on) || date_cmp(closed_on, today) > 0)
			return svc_fail(s, SVC_INVALID, "closed_on",
					N_("La date de clôture doit être une date passée (AAAA-MM-JJ)."));
		if (date_cmp(closed_on, opened_on) < 0)
			return svc_fail(s, SVC_INVALID, "closed_on",
					N_("La clôture ne peut précéder l'ouverture."));
		if (!outcome)
			return svc_fail(s, SVC_INVALID, "outcome",
					N_("Indiquez l'issue du suivi pour le clôturer."));
	}
	if (outcome) {
		if (!closed_on)
			return svc_fail(s, SVC_INVALID, "closed_on",
					N_("Une issue ne se renseigne qu'avec la date de clôture."));
		if (!(old_outcome && strcmp(outcome, old_outcome) == 0)) {
			int rc = reference_check(s, "outcome", outcome, 0);
			if (rc == SVC_INVALID)
				return svc_fail(s, SVC_INVALID, "outcome", N_("Issue du suivi inconnue."));
			if (rc != SVC_OK)
				return rc;
		}
	}
	return SVC_OK;
}

static int write_domains(store *db, int64_t id, const char *const *domains, int n)
{
	store_value del[] = {SV_INT(id)};
	if (store_exec(db, ST_CASE_DOMAINS_DELETE, del, 1, NULL, NULL) != STORE_OK)
		return -1;
	for (int i = 0; i < n; i++) {
		int dup = 0;
		for (int k = 0; k < i; k++)
			dup |= strcmp(domains[k], domains[i]) == 0;
		if (dup)
			continue;
		store_value p[] = {SV_INT(id), SV_TEXT(domains[i])};
		if (store_exec(db, ST_CASE_DOMAIN_INSERT, p, 2, NULL, NULL) != STORE_OK)
			return -1;
	}
	return 0;
}

/* ---- use cases ---- */

/* cases_create inside its transaction, which a failure leaves open. */
static int create_in_tx(svc *s, const struct case_input *in, int64_t *id)
{
	int may = persons_may_access(s, in->person_id);
	if (may < 0)
		return svc_abort(s, "cases_create");
	if (!may)
		return svc_fail(s, SVC_INVALID, "person_id", N_("Personne introuvable."));
	if (!s->system) {
		/* Shares end for good: a colleague does not keep a person by
		   opening a case of her own beside the référent's open one.  The
		   caller may open the person already: this tells her nothing new. */
		int64_t elsewhere = 0;
		store_value q[] = {SV_INT(in->person_id), SV_INT(s->actor.id)};
		if (store_exec(svc_db(s), ST_CASE_OPEN_ELSEWHERE, q, 2, svc_row_int, &elsewhere) !=
		    STORE_OK)
			return svc_abort(s, "cases_create");
		if (elsewhere)
			return svc_fail(s, SVC_CONFLICT, "person_id",
					N_("Cette personne a un suivi ouvert par un(e) collègue : "
					   "demandez-lui de vous le partager ou de vous le "
					   "transmettre."));
	}
	int64_t referent = s->actor.id, organisation = 0;
	if (s->system) {
		/* An import names the référent; the person must exist. */
		store_value pid[] = {SV_INT(in->person_id)};
		if (store_exec(svc_db(s), ST_PERSON_ORG, pid, 1, svc_row_int, &organisation) != STORE_OK)
			return svc_abort(s, "cases_create");
		if (!organisation)
			return svc_fail(s, SVC_INVALID, "person_id", N_("Personne introuvable."));
		referent = svc_worker_id(s, in->referent);
		if (!referent)
			return svc_fail(s, SVC_INVALID, "referent",
					N_("Le référent doit être un compte d'assistant(e) de service "
					   "social."));
	}
	const char *closed = in->closed_on && *in->closed_on ? in->closed_on : NULL;
	const char *outcome = in->outcome && *in->outcome ? in->outcome : NULL;
	int rc = check_dates(s, in->opened_on, closed, outcome, NULL);
	if (rc != SVC_OK)
		return rc;
	rc = in->referral_source ? reference_check(s, "referral_source", in->referral_source, 0)
				 : SVC_INVALID;
	if (rc == SVC_INVALID)
		return svc_fail(s, SVC_INVALID, "referral_source", N_("Origine de la demande inconnue."));
	if (rc != SVC_OK || (rc = check_domains(s, in->domains, in->ndomains)) != SVC_OK)
		return rc;
	if (!text_ok(in->diagnosis) || !text_ok(in->action_plan))
		return svc_fail(s, SVC_INVALID, !text_ok(in->diagnosis) ? "diagnosis" : "action_plan",
				TEXT_MESSAGE);

	store *db = svc_db(s);
	int64_t new_id = 0;
	store_value p[] = {SV_INT(in->person_id), SV_INT(referent),	   SV_TEXT(in->opened_on),
			   SV_TEXT(closed),	     SV_TEXT(in->referral_source), SV_TEXT(outcome),
			   SV_TEXT(in->import_ref && *in->import_ref ? in->import_ref : NULL),
			   SV_INT(time(NULL))};
	rc = store_exec(db, ST_CASE_INSERT, p, 8, svc_row_int, &new_id);
	if (rc == STORE_CONSTRAINT) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_CONFLICT, "ref", N_("Cette référence est déjà importée."));
	}
	char object[24];
	ident(new_id, object);
	if (rc != STORE_OK || write_domains(db, new_id, in->domains, in->ndomains) != 0 ||
	    svc_audit(s, "case.create", "case", object) != 0)
		return svc_abort(s, "cases_create");
	if (s->system) {
		store_value assign[] = {SV_INT(organisation), SV_INT(referent)};
		store_value adopt[] = {SV_INT(in->person_id), SV_INT(referent)};
		if (store_exec(db, ST_ASSIGN_INSERT, assign, 2, NULL, NULL) != STORE_OK ||
		    store_exec(db, ST_PERSON_ADOPT, adopt, 2, NULL, NULL) != STORE_OK)
			return svc_abort(s, "cases_create");
	}
	/* Texts given at creation go through the update path: one place seals. */
	if (in->diagnosis || in->action_plan) {
		buf d, a;
		buf_init(&d, 0);
		buf_init(&a, 0);
		svc_seal_at(s, AAD_DIAGNOSIS, new_id, in->diagnosis, &d);
		svc_seal_at(s, AAD_ACTION_PLAN, new_id, in->action_plan, &a);
		store_value u[] = {SV_INT(new_id),	       SV_TEXT(in->opened_on), SV_TEXT(closed),
				   SV_TEXT(in->referral_source), SV_TEXT(outcome),	   blob_or_null(&d),
				   blob_or_null(&a),	       SV_INT(time(NULL))};
		rc = store_exec(db, ST_CASE_UPDATE, u, 8, NULL, NULL);
		buf_free(&d);
		buf_free(&a);
		if (rc != STORE_OK)
			return svc_abort(s, "cases_create");
	}
	if (svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "cases_create");
	if (id)
		*id = new_id;
	return SVC_OK;
}

int cases_create(svc *s, const struct case_input *in, int64_t *id)
{
	if (!svc_may(s, ACT_CASEWORK))
		return SVC_FORBIDDEN;
	/* One transaction from the access check and the colleagues' open
	   cases to the new one: a share ending, or a colleague opening a case
	   of the person, between them would let a second case through — and
	   with it the person kept by whom a share no longer covers. */
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "cases_create");
	int rc = create_in_tx(s, in, id);
	if (rc != SVC_OK)
		svc_tx_refused(s);
	return rc;
}

/* A case read back, with owned copies of what outlives the row. */
struct loaded {
	int found;
	struct case_view v;
	char *strings[8];           /* owned copies */
	char *diagnosis, *action_plan;
	char *domain_store[CASE_DOMAINS_MAX];
	const char *domains[CASE_DOMAINS_MAX];
	int ndomains;
	svc *s;
	int with_text;
};

static const char *own(struct loaded *l, int k, const char *s)
{
	free(l->strings[k]);
	l->strings[k] = s ? strdup(s) : NULL;
	return l->strings[k];
}

static void loaded_free(struct loaded *l)
{
	for (int k = 0; k < 8; k++)
		free(l->strings[k]);
	for (int k = 0; k < l->ndomains; k++)
		free(l->domain_store[k]);
	free(l->diagnosis);
	free(l->action_plan);
}

static int loaded_row(void *ctx, const store_row *row)
{
	struct loaded *l = ctx;
	struct case_view *v = &l->v;
	l->found = 1;
	v->id = store_row_int(row, CASE_COL_ID);
	v->person_id = store_row_int(row, CASE_COL_PERSON_ID);
	free(l->strings[0]);
	free(l->strings[1]);
	persons_names_of_row(l->s, v->person_id, row, CASE_COL_LAST_NAME, CASE_COL_FIRST_NAME,
			     &l->strings[0], &l->strings[1]);
	v->last_name = l->strings[0];
	v->first_name = l->strings[1];
	v->referent = own(l, 2, store_row_text(row, CASE_COL_REFERENT_LOGIN));
	v->opened_on = own(l, 3, store_row_text(row, CASE_COL_OPENED_ON));
	v->closed_on = own(l, 4, store_row_text(row, CASE_COL_CLOSED_ON));
	v->referral_source = own(l, 5, store_row_text(row, CASE_COL_REFERRAL_SOURCE));
	v->outcome = own(l, 6, store_row_text(row, CASE_COL_OUTCOME));
	v->created_at = store_row_int(row, CASE_COL_CREATED_AT);
	v->updated_at = store_row_int(row, CASE_COL_UPDATED_AT);
	if (l->with_text) {
		size_t n = 0;
		const void *d = store_row_blob(row, CASE_COL_DIAGNOSIS, &n);
		l->diagnosis = svc_unseal_at(l->s, AAD_DIAGNOSIS, v->id, d, n);
		d = store_row_blob(row, CASE_COL_ACTION_PLAN, &n);
		l->action_plan = svc_unseal_at(l->s, AAD_ACTION_PLAN, v->id, d, n);
	}
	v->diagnosis = l->diagnosis;
	v->action_plan = l->action_plan;
	return 1;
}

static int domain_row(void *ctx, const store_row *row)
{
	struct loaded *l = ctx;
	if (l->ndomains >= CASE_DOMAINS_MAX)
		return 1;
	l->domain_store[l->ndomains] = strdup(store_row_text(row, SCALAR_COL_VALUE));
	l->domains[l->ndomains] = l->domain_store[l->ndomains];
	l->ndomains++;
	return 0;
}

/* Reads case id into l (texts decrypted); inside the caller's transaction. */
static int load(svc *s, int64_t id, struct loaded *l)
{
	memset(l, 0, sizeof *l);
	l->s = s;
	l->with_text = 1;
	store_value p[] = {SV_INT(id)};
	store *db = svc_db(s);
	if (store_exec(db, ST_CASE_GET, p, 1, loaded_row, l) != STORE_OK ||
	    store_exec(db, ST_CASE_DOMAINS, p, 1, domain_row, l) != STORE_OK)
		return -1;
	l->v.domains = l->domains;
	l->v.ndomains = l->ndomains;
	return 0;
}

int cases_get(svc *s, int64_t id, case_fn fn, void *ctx)
{
	/* The check, the read and its entry in one transaction. */
	int rc = cases_gate_begin(s, id, "case.read_denied");
	if (rc != SVC_OK)
		return rc;
	char object[24];
	ident(id, object);
	struct loaded l;
	memset(&l, 0, sizeof l);
	if (svc_audit(s, "case.read", "case", object) != 0 ||
	    load(s, id, &l) != 0 || svc_tx_commit(s) != STORE_OK) {
		loaded_free(&l);
		return svc_abort(s, "cases_get");
	}
	rc = l.found ? SVC_OK : SVC_NOT_FOUND;
	if (l.found && fn)
		fn(ctx, &l.v);
	loaded_free(&l);
	return rc;
}

static const char *given(const char *in, const char *current)
{
	if (!in)
		return current;
	return *in ? in : NULL;
}

int cases_update(svc *s, int64_t id, const struct case_input *in)
{
	/* One transaction from the check to the write: the fields kept are
	   the ones read there (interventions_create). */
	int rc = cases_gate_begin(s, id, "case.update_denied");
	if (rc != SVC_OK)
		return rc;
	struct loaded l;
	if (load(s, id, &l) != 0) {
		loaded_free(&l);
		return svc_abort(s, "cases_update");
	}
	const char *opened = given(in->opened_on, l.v.opened_on);
	const char *closed = given(in->closed_on, l.v.closed_on);
	const char *outcome = given(in->outcome, l.v.outcome);
	const char *source = given(in->referral_source, l.v.referral_source);
	int closing = !l.v.closed_on && closed;
	if (!l.found)
		rc = SVC_NOT_FOUND;
	else if ((rc = check_dates(s, opened, closed, outcome, l.v.outcome)) != SVC_OK)
		;
	else if ((!in->diagnosis && svc_is_tampered(l.v.diagnosis)) ||
		 (!in->action_plan && svc_is_tampered(l.v.action_plan)))
		/* Kept as it was, the marker would be sealed as the text. */
		rc = svc_fail(s, SVC_INVALID,
			      !in->diagnosis && svc_is_tampered(l.v.diagnosis) ? "diagnosis"
										: "action_plan",
			      N_("Ce texte chiffré est altéré : saisissez-le à nouveau."));
	else if (in->referral_source &&
		 (rc = reference_check(s, "referral_source", in->referral_source, 0)) != SVC_OK) {
		if (rc == SVC_INVALID)
			rc = svc_fail(s, SVC_INVALID, "referral_source",
				      N_("Origine de la demande inconnue."));
	} else if (in->ndomains >= 0 && (rc = check_domains(s, in->domains, in->ndomains)) != SVC_OK)
		;
	else if (!text_ok(in->diagnosis) || !text_ok(in->action_plan))
		rc = svc_fail(s, SVC_INVALID, !text_ok(in->diagnosis) ? "diagnosis" : "action_plan",
			      TEXT_MESSAGE);
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		loaded_free(&l);
		return rc;
	}
	buf d, a;
	buf_init(&d, 0);
	buf_init(&a, 0);
	svc_seal_at(s, AAD_DIAGNOSIS, id, in->diagnosis ? in->diagnosis : l.v.diagnosis, &d);
	svc_seal_at(s, AAD_ACTION_PLAN, id, in->action_plan ? in->action_plan : l.v.action_plan, &a);
	store_value p[] = {SV_INT(id),	   SV_TEXT(opened),  SV_TEXT(closed),  SV_TEXT(source),
			   SV_TEXT(outcome), blob_or_null(&d), blob_or_null(&a), SV_INT(time(NULL))};
	store *db = svc_db(s);
	char object[24];
	ident(id, object);
	if (store_exec(db, ST_CASE_UPDATE, p, 8, NULL, NULL) != STORE_OK ||
	    (in->ndomains >= 0 && write_domains(db, id, in->domains, in->ndomains) != 0) ||
	    svc_audit(s, closing ? "case.close" : "case.update", "case", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "cases_update");
	buf_free(&d);
	buf_free(&a);
	loaded_free(&l);
	return rc;
}

/* The cases a list read, with their owned texts, until listed_free. */
struct listed {
	struct case_view v;
	char *owned[7]; /* last, first, referent, opened, closed, source, outcome */
	char key[PERSON_SORT_KEY_LEN]; /* the order by name */
};

struct relay {
	svc *s;
	struct listed *v;
	size_t n, cap;
};

static char *dup_text(const char *t)
{
	char *d = t ? strdup(t) : NULL;
	if (t && !d)
		log_fatal("out of memory");
	return d;
}

static int list_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->v = realloc(r->v, r->cap * sizeof *r->v);
		if (!r->v)
			log_fatal("out of memory");
	}
	struct listed *l = &r->v[r->n++];
	memset(l, 0, sizeof *l);
	struct case_view *v = &l->v;
	v->id = store_row_int(row, CASE_COL_ID);
	v->person_id = store_row_int(row, CASE_COL_PERSON_ID);
	persons_names_of_row(r->s, v->person_id, row, CASE_COL_LAST_NAME, CASE_COL_FIRST_NAME,
			     &l->owned[0], &l->owned[1]);
	v->last_name = l->owned[0];
	v->first_name = l->owned[1];
	v->referent = l->owned[2] = dup_text(store_row_text(row, CASE_COL_REFERENT_LOGIN));
	v->opened_on = l->owned[3] = dup_text(store_row_text(row, CASE_COL_OPENED_ON));
	v->closed_on = l->owned[4] = dup_text(store_row_text(row, CASE_COL_CLOSED_ON));
	v->referral_source = l->owned[5] =
		dup_text(store_row_text(row, CASE_COL_REFERRAL_SOURCE));
	v->outcome = l->owned[6] = dup_text(store_row_text(row, CASE_COL_OUTCOME));
	v->created_at = store_row_int(row, CASE_COL_CREATED_AT);
	v->updated_at = store_row_int(row, CASE_COL_UPDATED_AT);
	persons_sort_key(v->last_name, v->first_name, l->key);
	return 0;
}

/* By name, then opening date and id (ST_CASE_LIST's order before the
   names were sealed). */
static int listed_cmp(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (!c)
		c = strcmp(x->v.opened_on ? x->v.opened_on : "", y->v.opened_on ? y->v.opened_on : "");
	return c ? c : (x->v.id > y->v.id) - (x->v.id < y->v.id);
}

/* Hands the cases to fn (until it asks to stop) and frees them. */
static void relay_end(struct relay *r, case_fn fn, void *ctx)
{
	for (size_t i = 0; i < r->n; i++) {
		if (fn && fn(ctx, &r->v[i].v))
			fn = NULL;
		for (size_t k = 0; k < 7; k++)
			free(r->v[i].owned[k]);
	}
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

/* The caseload's policy check and status filter ("all" when none):
   SVC_OK, or the refusal. */
static int check_status(svc *s, const char **status)
{
	if (!svc_may(s, ACT_CASEWORK))
		return SVC_FORBIDDEN;
	if (!*status || !**status)
		*status = "all";
	if (strcmp(*status, "open") != 0 && strcmp(*status, "closed") != 0 &&
	    strcmp(*status, "all") != 0)
		return svc_fail(s, SVC_INVALID, "status", N_("Statut : open, closed ou all."));
	return SVC_OK;
}

int cases_list(svc *s, const char *status, case_fn fn, void *ctx)
{
	int rc = check_status(s, &status);
	if (rc != SVC_OK)
		return rc;
	char today[DATE_LEN + 1];
	date_today(today);
	store *db = svc_db(s);
	struct relay r = {s, NULL, 0, 0};
	store_value p[] = {SV_INT(s->actor.id), SV_TEXT(today), SV_TEXT(status)};
	if (svc_tx_begin(s) != STORE_OK || svc_audit(s, "case.list", NULL, NULL) != 0 ||
	    store_exec(db, ST_CASE_LIST, p, 3, list_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK) {
		relay_end(&r, NULL, NULL);
		return svc_abort(s, "cases_list");
	}
	if (r.n > 1)
		qsort(r.v, r.n, sizeof *r.v, listed_cmp);
	relay_end(&r, fn, ctx);
	return SVC_OK;
}

/* The caseload's cursor: the opening date and id of a case. */
static void case_cursor(struct page *pg, const store_row *row)
{
	page_cursor_date_id(pg->next, store_row_text(row, CASE_COL_OPENED_ON),
			    store_row_int(row, CASE_COL_ID));
}

int cases_page(svc *s, const char *status, struct page *pg, case_fn fn, void *ctx)
{
	int rc = check_status(s, &status);
	if (rc != SVC_OK)
		return rc;
	char after_date[11] = "9999-12-31";
	int64_t after_id = INT64_MAX;
	if (pg->after[0] && page_cursor_date_id_parse(pg->after, after_date, &after_id) != 0)
		return page_refuse_cursor(s);
	char today[DATE_LEN + 1];
	date_today(today);
	store *db = svc_db(s);
	struct relay r = {s, NULL, 0, 0};
	struct page_read p = {pg, case_cursor, list_row, &r};
	page_read_start(pg);
	store_value c[] = {SV_INT(s->actor.id), SV_TEXT(today), SV_TEXT(status)};
	store_value q[] = {SV_INT(s->actor.id), SV_TEXT(today),	 SV_TEXT(status),
			   SV_TEXT(after_date), SV_INT(after_id), SV_INT(pg->limit + 1)};
	/* A page (svc_page_begin): read side by side with the other readers,
	   the entry written once the rows are in memory, shown once durable. */
	rc = svc_page_begin(s, ST__COUNT, NULL, 0, NULL, "case.list");
	if (rc != SVC_OK)
		return rc;
	if (store_exec(db, ST_CASE_COUNT, c, 3, svc_row_int, &pg->total) != STORE_OK ||
	    store_exec(db, ST_CASE_PAGE, q, 6, page_read, &p) != STORE_OK)
		rc = svc_abort(s, "cases_page");
	rc = svc_page_end(s, rc);
	if (rc != SVC_OK) {
		relay_end(&r, NULL, NULL);
		return rc;
	}
	page_read_done(pg);
	relay_end(&r, fn, ctx);
	return SVC_OK;
}

int cases_of_person(svc *s, int64_t person_id, case_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	int may = persons_may_access(s, person_id);
	if (may < 0)
		return svc_abort(s, "cases_of_person");
	if (!may)
		return SVC_NOT_FOUND;
	char today[DATE_LEN + 1];
	date_today(today);
	struct relay r = {s, NULL, 0, 0};
	store_value p[] = {SV_INT(person_id), SV_INT(s->actor.id), SV_TEXT(today)};
	if (store_exec(svc_db(s), ST_CASES_OF_PERSON, p, 3, list_row, &r) != STORE_OK) {
		relay_end(&r, NULL, NULL);
		return svc_abort(s, "cases_of_person");
	}
	relay_end(&r, fn, ctx);
	return SVC_OK;
}

/* ---- the case's owner (sharing.c and caseloads.c) ---- */

static int owner_row(void *ctx, const store_row *row)
{
	struct case_owner *o = ctx;
	o->found = 1;
	o->referent_id = store_row_int(row, CASE_OWNER_COL_REFERENT_ID);
	o->person_id = store_row_int(row, CASE_OWNER_COL_PERSON_ID);
	o->organisation_id = store_row_int(row, CASE_OWNER_COL_ORGANISATION_ID);
	return 1;
}

int cases_owner(svc *s, int64_t case_id, struct case_owner *o)
{
	memset(o, 0, sizeof *o);
	store_value p[] = {SV_INT(case_id)};
	return store_exec(svc_db(s), ST_CASE_OWNER, p, 1, owner_row, o) == STORE_OK ? 0 : -1;
}

int cases_referent_only(svc *s, int64_t case_id, struct case_owner *o, const char *denied)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	int may = cases_may_access(s, case_id);
	if (may < 0 || (may && cases_owner(s, case_id, o) != 0))
		return svc_abort(s, denied);
	if (may)
		return o->referent_id == s->actor.id ? SVC_OK : SVC_FORBIDDEN;
	return svc_refuse(s, denied, "case", case_id);
}

int cases_referent_in_tx(svc *s, int64_t case_id, struct case_owner *o, const char *denied)
{
	int may = cases_may_access(s, case_id);
	if (may < 0 || (may && cases_owner(s, case_id, o) != 0))
		return svc_abort(s, denied);
	if (!may)
		return svc_refuse_in_tx(s, denied, "case", case_id);
	if (o->referent_id == s->actor.id)
		return SVC_OK;
	svc_tx_refused(s);
	return SVC_FORBIDDEN;
}

int cases_referent_begin(svc *s, int64_t case_id, struct case_owner *o, const char *denied)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	/* Its callers may end an access (a share): the person held for
	   update before anything is read (store_hold). */
	if (svc_tx_begin(s) != STORE_OK ||
	    store_hold(svc_db(s), ST_HOLD_CASE_REVOKE, case_id) != STORE_OK)
		return svc_abort(s, denied);
	return cases_referent_in_tx(s, case_id, o, denied);
}
