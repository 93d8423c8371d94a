/* employee_requests — see employee_requests.h. */
#include "service/employee_requests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/agenda.h"
#include "domain/contact.h"
#include "domain/date.h"
#include "service/internal.h"
#include "service/paging_read.h"
#include "service/organisations.h"
#include "service/reference.h"
#include "support/buf.h"
#include "support/i18n.h"

/* Additional data of each sealed column: a text moved to another column
   does not open. */
#define AAD_LAST "employee_requests.last_name"
#define AAD_FIRST "employee_requests.first_name"
#define AAD_CONTACT "employee_requests.contact"
#define AAD_MESSAGE "employee_requests.message"

/* ---- the public link ---- */

static int link_org(svc *s, const char *organisation, int64_t *org)
{
	if (!svc_may(s, ACT_REQUEST_LINKS))
		return SVC_FORBIDDEN;
	return organisation ? organisations_visible_id(s, organisation, org) : SVC_NOT_FOUND;
}

int employee_requests_link_create(svc *s, const char *organisation,
				  char token[SEC_TOKEN_LEN + 1])
{
	int64_t org = 0;
	int rc = link_org(s, organisation, &org);
	if (rc != SVC_OK)
		return rc;
	char hash[SEC_HASH_HEX_LEN + 1];
	sec_token_new(token);
	sec_token_hash(token, hash);
	store_value p[] = {SV_INT(org), SV_TEXT(hash),
			   /* the system has no account, unless acting as someone */
			   s->actor.id > 0 ? SV_INT(s->actor.id) : SV_NULL,
			   SV_INT(time(NULL))};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_LINK_PUT, p, 4, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "request_link.create", "organisation", organisation) != 0 ||
	    svc_tx_commit(s) != STORE_OK) {
		memset(token, 0, SEC_TOKEN_LEN + 1);
		return svc_abort(s, "request_link_create");
	}
	return SVC_OK;
}

int employee_requests_link_revoke(svc *s, const char *organisation)
{
	int64_t org = 0;
	int rc = link_org(s, organisation, &org);
	if (rc != SVC_OK)
		return rc;
	store_value p[] = {SV_INT(org)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_LINK_DELETE, p, 1, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "request_link.revoke", "organisation", organisation) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "request_link_revoke");
	return SVC_OK;
}

int employee_requests_link_status(svc *s, const char *organisation, int64_t *created_at)
{
	int64_t org = 0;
	*created_at = 0;
	int rc = link_org(s, organisation, &org);
	if (rc != SVC_OK)
		return rc;
	store_value p[] = {SV_INT(org)};
	if (store_exec(svc_db(s), ST_LINK_OF_ORG, p, 1, svc_row_int, created_at) != STORE_OK)
		return svc_abort(s, "request_link_status");
	return SVC_OK;
}

struct link {
	int64_t org;
	char name[256];
};

static int link_row(void *ctx, const store_row *row)
{
	struct link *l = ctx;
	const char *name = store_row_text(row, LINK_COL_ORG_NAME);
	l->org = store_row_int(row, LINK_COL_ORGANISATION_ID);
	snprintf(l->name, sizeof l->name, "%s", name ? name : "");
	return 1;
}

/* The link behind token (hashed into hash), l->org 0 when none. */
static int find_link(svc *s, const char *token, char hash[SEC_HASH_HEX_LEN + 1], struct link *l)
{
	memset(l, 0, sizeof *l);
	if (!token || strlen(token) != SEC_TOKEN_LEN)
		return SVC_NOT_FOUND;
	sec_token_hash(token, hash);
	store_value p[] = {SV_TEXT(hash)};
	if (store_exec(svc_db(s), ST_LINK_BY_HASH, p, 1, link_row, l) != STORE_OK)
		return svc_abort(s, "request link");
	return l->org ? SVC_OK : SVC_NOT_FOUND;
}

int employee_requests_form(svc *s, const char *token, char *org_name, size_t len)
{
	char hash[SEC_HASH_HEX_LEN + 1];
	struct link l;
	int rc = find_link(s, token, hash, &l);
	if (rc == SVC_OK && org_name && len)
		snprintf(org_name, len, "%s", l.name);
	return rc;
}

/* Records one submission on link hash from the call's client; SVC_OK when
   under the limit, SVC_LOCKED beyond (the attempt still counts). */
static int rate_limit(svc *s, const char *hash)
{
	uint8_t key[SEC_KEY_BYTES];
	char client[SEC_HASH_HEX_LEN + 1];
	sec_key_derive(s->app->text_key, 1, "ratelimt", key);
	sec_mac_hex(key, s->client_addr, strlen(s->client_addr), client);
	int64_t now = (int64_t)time(NULL), by_client = 0, by_link = 0;
	store_value c[] = {SV_TEXT(hash), SV_TEXT(client), SV_INT(now - EMPLOYEE_REQUESTS_RATE_HOUR)};
	store_value l[] = {SV_TEXT(hash), SV_INT(now - EMPLOYEE_REQUESTS_RATE_DAY)};
	store_value hit[] = {SV_TEXT(hash), SV_TEXT(client), SV_INT(now)};
	store_value old[] = {SV_INT(now - EMPLOYEE_REQUESTS_RATE_DAY)};
	store *db = svc_db(s);
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_LINK_HITS_CLIENT, c, 3, svc_row_int, &by_client) != STORE_OK ||
	    store_exec(db, ST_LINK_HITS_LINK, l, 2, svc_row_int, &by_link) != STORE_OK ||
	    store_exec(db, ST_LINK_HITS_PURGE, old, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_LINK_HIT_INSERT, hit, 3, NULL, NULL) != STORE_OK)
		return svc_abort(s, "request rate limit");
	int allowed = employee_requests_rate_allows(by_client, by_link);
	if (!allowed && svc_audit(s, "employee_request.rate_limited", NULL, NULL) != 0)
		return svc_abort(s, "request rate limit");
	if (svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "request rate limit");
	return allowed ? SVC_OK : SVC_LOCKED;
}

/* The rules of domain/employee_requests.h with its messages (it checks
   them again: a name of blanks passes "required" here; the contact is a
   phone number or an e-mail address). */
const struct field employee_requests_submit_fields[EMPREQ__FIELDS] = {
	[EMPREQ_LAST_NAME] = {"last_name", FIELD_LINE, FIELD_REQUIRED, 0,
			      EMPLOYEE_REQUESTS_NAME_MAX,
			      N_("Indiquez votre nom (100 caractères au plus)."),
			      FIELD_AT(struct employee_request_fields, last_name)},
	[EMPREQ_FIRST_NAME] = {"first_name", FIELD_LINE, FIELD_REQUIRED, 0,
			       EMPLOYEE_REQUESTS_NAME_MAX,
			       N_("Indiquez votre prénom (100 caractères au plus)."),
			       FIELD_AT(struct employee_request_fields, first_name)},
	[EMPREQ_CONTACT] = {"contact", FIELD_LINE, FIELD_REQUIRED, 0, CONTACT_EMAIL_MAX,
			    N_("Indiquez un numéro de téléphone ou une adresse e-mail valide."),
			    FIELD_AT(struct employee_request_fields, contact)},
	[EMPREQ_PREFERENCE] = {"preference", FIELD_CODE, FIELD_REQUIRED, 0, 0,
			       N_("Choisissez une rencontre à la permanence ou un appel."),
			       FIELD_AT(struct employee_request_fields, preference)},
	[EMPREQ_MESSAGE] = {"message", FIELD_TEXT, 0, 0, EMPLOYEE_REQUESTS_MESSAGE_MAX,
			    N_("Le message fait au plus 500 caractères."),
			    FIELD_AT(struct employee_request_fields, message)},
	[EMPREQ_CONSENT] = {"consent", FIELD_BOOL, 0, 0, 0,
			    N_("Cochez la case pour accepter d'être contacté(e) par le service "
			       "social."),
			    FIELD_AT(struct employee_request_fields, consent)},
};

int employee_requests_submit(svc *s, const char *token,
			     const struct employee_request_fields *in, const struct verr *refused)
{
	if (!svc_may(s, ACT_PUBLIC))
		return SVC_FORBIDDEN;
	char hash[SEC_HASH_HEX_LEN + 1];
	struct link l;
	int rc = find_link(s, token, hash, &l);
	if (rc != SVC_OK)
		return rc;
	if ((rc = rate_limit(s, hash)) != SVC_OK)
		return rc;
	if (refused)
		return svc_fail(s, SVC_INVALID, refused->field, refused->message);
	struct verr e;
	if (employee_requests_check(in, &e) != 0)
		return svc_fail(s, SVC_INVALID, e.field, e.message);
	const char *const columns[] = {AAD_LAST, AAD_FIRST, AAD_CONTACT, AAD_MESSAGE};
	const char *const texts[] = {in->last_name, in->first_name, in->contact, in->message};
	char today[DATE_LEN + 1];
	date_today(today);
	store_value p[] = {SV_INT(l.org),
			   SVC_SEAL_PENDING,
			   SVC_SEAL_PENDING,
			   SVC_SEAL_PENDING,
			   SV_TEXT(in->preference),
			   SV_NULL,
			   SV_TEXT(today),
			   SV_INT(time(NULL))};
	int64_t new_id = 0;
	rc = SVC_OK;
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_EMPREQ_INSERT, p, 8, svc_row_int, &new_id) != STORE_OK ||
	    svc_seal_write(s, ST_EMPREQ_SEAL, new_id, 4, columns, texts) != STORE_OK ||
	    svc_audit_id(s, "employee_request.create", "employee_request", new_id) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "employee_request_submit");
	return rc;
}

/* ---- for the workers ---- */

struct emp_relay {
	svc *s;
	employee_request_fn fn;
	void *ctx;
};

static int employee_row(void *ctx, const store_row *row)
{
	struct emp_relay *r = ctx;
	int64_t row_id = store_row_int(row, EMPREQ_COL_ID);
	char *last = svc_unseal_col_at(r->s, AAD_LAST, row_id, row, EMPREQ_COL_LAST_NAME);
	char *first = svc_unseal_col_at(r->s, AAD_FIRST, row_id, row, EMPREQ_COL_FIRST_NAME);
	char *contact = svc_unseal_col_at(r->s, AAD_CONTACT, row_id, row, EMPREQ_COL_CONTACT);
	char *message = svc_unseal_col_at(r->s, AAD_MESSAGE, row_id, row, EMPREQ_COL_MESSAGE);
	struct employee_request_view v = {
		.id = store_row_int(row, EMPREQ_COL_ID),
		.organisation = store_row_text(row, EMPREQ_COL_ORG_CODE),
		.organisation_name = store_row_text(row, EMPREQ_COL_ORG_NAME),
		.last_name = last ? last : "",
		.first_name = first ? first : "",
		.contact = contact ? contact : "",
		.preference = store_row_text(row, EMPREQ_COL_PREFERENCE),
		.message = message,
		.status = store_row_text(row, EMPREQ_COL_STATUS),
		.person_id = store_row_int(row, EMPREQ_COL_PERSON_ID),
		.created_at = store_row_int(row, EMPREQ_COL_CREATED_AT),
	};
	int stop = r->fn(r->ctx, &v);
	free(last);
	free(first);
	free(contact);
	free(message);
	return stop;
}

/* The status asked for ("pending" when none): SVC_OK, or the refusal. */
static int check_status(svc *s, const char **status)
{
	if (!svc_may(s, ACT_EMPLOYEE_REQUESTS) || s->system)
		return SVC_FORBIDDEN;
	if (!*status || !**status)
		*status = "pending";
	if (strcmp(*status, "pending") != 0 && strcmp(*status, "converted") != 0 &&
	    strcmp(*status, "dismissed") != 0)
		return svc_fail(s, SVC_INVALID, "status",
				N_("État : pending, converted ou dismissed."));
	return SVC_OK;
}

/* The requests' cursor: the time and id of a request. */
static void request_cursor(struct page *pg, const store_row *row)
{
	page_cursor_int_id(pg->next, store_row_int(row, EMPREQ_COL_CREATED_AT),
			   store_row_int(row, EMPREQ_COL_ID));
}

int employee_requests_page(svc *s, const char *status, struct page *pg, employee_request_fn fn,
			   void *ctx)
{
	int rc = check_status(s, &status);
	if (rc != SVC_OK)
		return rc;
	int64_t after_at = -1, after_id = 0;
	if (pg->after[0] && page_cursor_int_id_parse(pg->after, &after_at, &after_id) != 0)
		return page_refuse_cursor(s);
	struct emp_relay r = {s, fn, ctx};
	struct page_read p = {pg, request_cursor, employee_row, &r};
	page_read_start(pg);
	store_value c[] = {SV_INT(s->actor.id), SV_TEXT(status)};
	store_value q[] = {SV_INT(s->actor.id), SV_TEXT(status), SV_INT(after_at),
			   SV_INT(after_id), SV_INT(pg->limit + 1)};
	store *db = svc_db(s);
	if (svc_tx_begin(s) != STORE_OK ||
	    svc_audit(s, "employee_request.list", NULL, NULL) != 0 ||
	    store_exec(db, ST_EMPREQ_COUNT, c, 2, svc_row_int, &pg->total) != STORE_OK ||
	    store_exec(db, ST_EMPREQ_PAGE, q, 5, page_read, &p) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "employee_requests_page");
	page_read_done(pg);
	return SVC_OK;
}

/* A request as the worker handling it needs it. */
struct pending {
	svc *s;
	int found;
	char organisation[64];
	char status[16];
	char *last, *first, *contact; /* heap, unsealed */
};

static int pending_row(void *ctx, const store_row *row)
{
	struct pending *p = ctx;
	const char *org = store_row_text(row, EMPREQ_GET_COL_ORG_CODE),
		   *st = store_row_text(row, EMPREQ_GET_COL_STATUS);
	p->found = 1;
	snprintf(p->organisation, sizeof p->organisation, "%s", org ? org : "");
	snprintf(p->status, sizeof p->status, "%s", st ? st : "");
	int64_t row_id = store_row_int(row, EMPREQ_GET_COL_ID);
	p->last = svc_unseal_col_at(p->s, AAD_LAST, row_id, row, EMPREQ_GET_COL_LAST_NAME);
	p->first = svc_unseal_col_at(p->s, AAD_FIRST, row_id, row, EMPREQ_GET_COL_FIRST_NAME);
	p->contact = svc_unseal_col_at(p->s, AAD_CONTACT, row_id, row, EMPREQ_GET_COL_CONTACT);
	return 1;
}

static void pending_free(struct pending *p)
{
	free(p->last);
	free(p->first);
	free(p->contact);
}

/* Request id when the caller serves its organisation and it is pending:
   SVC_OK, SVC_NOT_FOUND (refusal audited as denied), SVC_CONFLICT.  The
   caller frees p in every case. */
static int take_pending(svc *s, int64_t id, struct pending *p, const char *denied)
{
	memset(p, 0, sizeof *p);
	p->s = s;
	if (!svc_may(s, ACT_EMPLOYEE_REQUESTS) || s->system)
		return SVC_FORBIDDEN;
	store_value k[] = {SV_INT(id), SV_INT(s->actor.id)};
	if (store_exec(svc_db(s), ST_EMPREQ_GET, k, 2, pending_row, p) != STORE_OK)
		return svc_abort(s, denied);
	if (!p->found)
		return svc_refuse(s, denied, "employee_request", id);
	if (strcmp(p->status, "pending") != 0)
		return svc_fail(s, SVC_CONFLICT, "status", N_("Cette demande a déjà été traitée."));
	return SVC_OK;
}

/* Marks request id converted into person, in the open batch. */
static int mark_converted(svc *s, int64_t id, int64_t person)
{
	store_value p[] = {SV_INT(id), SV_TEXT("converted"), SV_INT(person), SV_INT(s->actor.id),
			   SV_INT(time(NULL))};
	if (store_exec(svc_db(s), ST_EMPREQ_SET, p, 5, NULL, NULL) != STORE_OK ||
	    store_changes(svc_db(s)) != 1)
		return -1;
	return svc_audit_id(s, "employee_request.convert", "employee_request", id);
}

/* The messages are those of persons_create and appointments_create; the
   bounds let through all they would judge, so that the first refusal is
   theirs.  Absent names, phone and e-mail come from the request. */
const struct field employee_requests_convert_fields[EMPREQ_CONVERT__FIELDS] = {
	[EMPREQ_CONSENT_ON] = {"consent_on", FIELD_LINE, 0, 0, 0,
			       N_("Le consentement de la personne à l'accompagnement est "
				  "obligatoire : indiquez sa date (AAAA-MM-JJ, passée)."),
			       FIELD_AT(struct person_input, consent_on)},
	[EMPREQ_PERSON_LAST_NAME] = {"last_name", FIELD_LINE, 0, 0, PERSON_NAME_MAX,
				     N_("Le nom est obligatoire (100 caractères au plus)."),
				     FIELD_AT(struct person_input, last_name)},
	[EMPREQ_PERSON_FIRST_NAME] = {"first_name", FIELD_LINE, 0, 0, PERSON_NAME_MAX,
				      N_("Le prénom est obligatoire (100 caractères au plus)."),
				      FIELD_AT(struct person_input, first_name)},
	[EMPREQ_BIRTH_DATE] = {"birth_date", FIELD_DATE, 0, 0, 0,
			       N_("La date de naissance doit être une date passée (AAAA-MM-JJ)."),
			       FIELD_AT(struct person_input, birth_date)},
	[EMPREQ_SEX] = {"sex", FIELD_LINE, 0, 0, REFERENCE_CODE_MAX, N_("Sexe : F, M ou vide."),
			FIELD_AT(struct person_input, sex)},
	[EMPREQ_STATUS] = {"status", FIELD_LINE, 0, 0, REFERENCE_CODE_MAX, N_("Statut inconnu."),
			   FIELD_AT(struct person_input, status)},
	[EMPREQ_CATEGORY] = {"category", FIELD_LINE, 0, 0, REFERENCE_CODE_MAX,
			     N_("Catégorie inconnue."), FIELD_AT(struct person_input, category)},
	[EMPREQ_FAMILY_SITUATION] = {"family_situation", FIELD_LINE, 0, 0, REFERENCE_CODE_MAX,
				     N_("Situation familiale inconnue."),
				     FIELD_AT(struct person_input, family_situation)},
	[EMPREQ_JOB_TITLE] = {"job_title", FIELD_LINE, 0, 0, PERSON_JOB_MAX,
			      N_("Le poste ne doit pas dépasser 120 caractères."),
			      FIELD_AT(struct person_input, job_title)},
	[EMPREQ_PHONE] = {"phone", FIELD_LINE, 0, 0, CONTACT_PHONE_MAX,
			  N_("Le téléphone ne peut contenir que des chiffres, espaces, + . - ( )."),
			  FIELD_AT(struct person_input, phone)},
	[EMPREQ_EMAIL] = {"email", FIELD_LINE, 0, 0, CONTACT_EMAIL_MAX,
			  N_("L'adresse électronique n'est pas valide."),
			  FIELD_AT(struct person_input, email)},
	[EMPREQ_STATISTICS] = {"statistics", FIELD_BOOL, 0, 0, 0, N_("Vrai ou faux attendu."),
			       FIELD_AT(struct person_input, statistics)},
};

const struct field employee_requests_appointment_fields[EMPREQ_APPT__FIELDS] = {
	[EMPREQ_APPT_START] = {"start", FIELD_LINE, 0, 0, AGENDA_DATETIME_LEN + 3 /* ":00" */,
			       N_("Le début s'écrit AAAA-MM-JJTHH:MM."),
			       FIELD_AT(struct appointment_input, start)},
	[EMPREQ_APPT_END] = {"end", FIELD_LINE, 0, 0, AGENDA_DATETIME_LEN + 3,
			     N_("La fin s'écrit AAAA-MM-JJTHH:MM, le même jour, après le début."),
			     FIELD_AT(struct appointment_input, end)},
	[EMPREQ_APPT_MODE] = {"mode", FIELD_CODE, 0, 0, REFERENCE_CODE_MAX,
			      N_("Mode de rendez-vous inconnu."),
			      FIELD_AT(struct appointment_input, mode)},
	[EMPREQ_APPT_SITE] = {"site", FIELD_LINE, 0, 0, APPOINTMENT_SITE_MAX,
			      N_("Le lieu fait au plus 200 caractères, sur une ligne."),
			      FIELD_AT(struct appointment_input, site)},
};

int employee_requests_convert(svc *s, int64_t id, const struct person_input *person,
			      const struct appointment_input *appt, person_fn dup_fn,
			      void *dup_ctx, int64_t *person_id, int64_t *appointment_id)
{
	struct pending p;
	int rc = take_pending(s, id, &p, "employee_request.convert_denied");
	if (rc != SVC_OK)
		goto out;
	struct person_input in = *person;
	in.organisation = p.organisation;
	if (!in.last_name)
		in.last_name = p.last;
	if (!in.first_name)
		in.first_name = p.first;
	int email = employee_requests_contact_is_email(p.contact);
	if (!in.phone && !email)
		in.phone = p.contact;
	if (!in.email && email)
		in.email = p.contact;
	int64_t new_person = 0;
	/* Her own duplicates, read and audited before the conversion's
	   transaction (which a refusal rolls back). */
	if (!in.confirm && (rc = persons_own_duplicates(s, &in, dup_fn, dup_ctx)) != SVC_OK)
		goto out;
	/* The person and the request's new status commit together. */
	if (svc_batch_begin(s) != SVC_OK) {
		rc = svc_abort(s, "employee_requests_convert");
		goto out;
	}
	rc = persons_create(s, &in, &new_person);
	int64_t new_appointment = 0;
	if (rc == SVC_OK && appt) {
		struct appointment_input a = *appt;
		a.worker = NULL; /* the caller's own agenda */
		a.person_id = new_person;
		rc = appointments_create(s, &a, &new_appointment);
	}
	if (rc != SVC_OK) {
		svc_batch_end(s, 0);
		goto out;
	}
	if (mark_converted(s, id, new_person) != 0) {
		svc_batch_end(s, 0);
		rc = svc_abort(s, "employee_requests_convert");
		goto out;
	}
	if (svc_batch_end(s, 1) != SVC_OK) {
		rc = svc_abort(s, "employee_requests_convert");
		goto out;
	}
	if (person_id)
		*person_id = new_person;
	if (appointment_id)
		*appointment_id = new_appointment;
out:
	pending_free(&p);
	return rc;
}

int employee_requests_dismiss(svc *s, int64_t id)
{
	struct pending p;
	int rc = take_pending(s, id, &p, "employee_request.dismiss_denied");
	pending_free(&p);
	if (rc != SVC_OK)
		return rc;
	store_value v[] = {SV_INT(id), SV_TEXT("dismissed"), SV_NULL, SV_INT(s->actor.id),
			   SV_INT(time(NULL))};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_EMPREQ_SET, v, 5, NULL, NULL) != STORE_OK ||
	    svc_audit_id(s, "employee_request.dismiss", "employee_request", id) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "employee_requests_dismiss");
	return SVC_OK;
}

/* ---- dashboard ---- */

struct dash {
	svc *s;
	const char *today;
	dashboard_fn fn;
	void *ctx;
};

/* A worker's line: the employee's typed name and the request's date. */
static int dash_row(void *ctx, const store_row *row)
{
	struct dash *d = ctx;
	int64_t row_id = store_row_int(row, EMPREQ_PENDING_COL_ID);
	char *last = svc_unseal_col_at(d->s, AAD_LAST, row_id, row, EMPREQ_PENDING_COL_LAST_NAME);
	char *first = svc_unseal_col_at(d->s, AAD_FIRST, row_id, row, EMPREQ_PENDING_COL_FIRST_NAME);
	char person[512];
	snprintf(person, sizeof person, "%s %s", last ? last : "", first ? first : "");
	const char *date = store_row_text(row, EMPREQ_PENDING_COL_CREATED_ON);
	int64_t days = date && date_valid(date) ? date_days_between(date, d->today) : 0;
	struct dashboard_item it = {"employee_request", 0, person, date, days, 1, NULL};
	d->fn(d->ctx, &it);
	free(last);
	free(first);
	return 0;
}

int employee_requests_dashboard(svc *s, dashboard_fn fn, void *ctx)
{
	if (s->system || !s->signed_in)
		return SVC_OK;
	store *db = svc_db(s);
	if (svc_may(s, ACT_CASEWORK)) {
		char today[DATE_LEN + 1];
		date_today(today);
		struct dash d = {s, today, fn, ctx};
		store_value p[] = {SV_INT(s->actor.id)};
		if (store_exec(db, ST_EMPREQ_PENDING, p, 1, dash_row, &d) != STORE_OK)
			return svc_abort(s, "requests_dashboard");
		return SVC_OK;
	}
	if (svc_may(s, ACT_CASELOADS)) {
		int64_t pending = 0;
		if (store_exec(db, ST_EMPREQ_PENDING_COUNT, NULL, 0, svc_row_int, &pending) !=
		    STORE_OK)
			return svc_abort(s, "requests_dashboard");
		struct dashboard_item it = {.kind = "employee_request", .count = pending};
		fn(ctx, &it);
	}
	return SVC_OK;
}
