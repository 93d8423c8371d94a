/* persons — see persons.h. */
#include "service/persons.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "domain/contact.h"
#include "domain/date.h"
#include "service/audit.h"
#include "service/internal.h"
#include "service/paging_read.h"
#include "service/organisations.h"
#include "service/reference.h"
#include "service/rights.h"
#include "support/buf.h"
#include "support/i18n.h"
#include "support/log.h"
#include "support/sec.h"
#include "support/text.h"

/* A person read: the view and the unsealed texts it points to. */
struct held {
	struct person_view v;
	char *opened[7]; /* last, first, birth date, job, phone, e-mail, address */
	char *copied[9]; /* organisation, referent, sex, status, category, family, consent dates,
			    notice given */
	char key[PERSON_SORT_KEY_LEN]; /* the order by name */
};

static void held_free(struct held *h)
{
	for (size_t i = 0; i < sizeof h->opened / sizeof h->opened[0]; i++) {
		if (h->opened[i])
			sodium_memzero(h->opened[i], strlen(h->opened[i]));
		free(h->opened[i]);
	}
	for (size_t i = 0; i < sizeof h->copied / sizeof h->copied[0]; i++)
		free(h->copied[i]);
	memset(h, 0, sizeof *h);
}

static const char *copy(struct held *h, int i, const char *t)
{
	if (!t)
		return NULL;
	h->copied[i] = strdup(t);
	if (!h->copied[i])
		log_fatal("out of memory");
	return h->copied[i];
}

/* Fills h from a row of PERSON_SELECT, unsealing what is sealed; the
   strings live until held_free. */
static void held_from_row(svc *s, const store_row *row, struct held *h)
{
	static const char *const cols[] = {"persons.birth_date", "persons.job_title",
					   "persons.phone", "persons.email", "persons.address"};
	static const int at[] = {PERSON_COL_BIRTH_DATE, PERSON_COL_JOB_TITLE, PERSON_COL_PHONE,
				 PERSON_COL_EMAIL, PERSON_COL_ADDRESS};
	memset(h, 0, sizeof *h);
	struct person_view *v = &h->v;
	v->id = store_row_int(row, PERSON_COL_ID);
	persons_names_of_row(s, v->id, row, PERSON_COL_LAST_NAME, PERSON_COL_FIRST_NAME,
			     &h->opened[0], &h->opened[1]);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		h->opened[2 + i] = svc_unseal_col_at(s, cols[i], v->id, row, at[i]);
	v->last_name = h->opened[0];
	v->first_name = h->opened[1];
	v->birth_date = h->opened[2];
	v->job_title = h->opened[3];
	v->phone = h->opened[4];
	v->email = h->opened[5];
	v->address = h->opened[6];
	v->birth_year = (int)store_row_int(row, PERSON_COL_BIRTH_YEAR);
	v->organisation = copy(h, 0, store_row_text(row, PERSON_COL_ORG_CODE));
	v->referent = copy(h, 1, store_row_text(row, PERSON_COL_REFERENT_LOGIN));
	v->sex = copy(h, 2, store_row_text(row, PERSON_COL_SEX));
	v->status = copy(h, 3, store_row_text(row, PERSON_COL_STATUS));
	v->category = copy(h, 4, store_row_text(row, PERSON_COL_CATEGORY));
	v->family_situation = copy(h, 5, store_row_text(row, PERSON_COL_FAMILY_SITUATION));
	v->consent_on = copy(h, 6, store_row_text(row, PERSON_COL_CONSENT_ACCOMPANIMENT_ON));
	v->statistics_on = copy(h, 7, store_row_text(row, PERSON_COL_CONSENT_STATISTICS_ON));
	v->notice_given_on = copy(h, 8, store_row_text(row, PERSON_COL_NOTICE_GIVEN_ON));
	v->statistics = (int)store_row_int(row, PERSON_COL_CONSENT_STATISTICS);
	v->created_at = store_row_int(row, PERSON_COL_CREATED_AT);
	v->updated_at = store_row_int(row, PERSON_COL_UPDATED_AT);
	persons_sort_key(v->last_name, v->first_name, h->key);
}

/* The persons a statement read, held until relay_free. */
struct relay {
	svc *s;
	struct held *v;
	size_t n, cap;
};

static int relay_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->v = realloc(r->v, r->cap * sizeof *r->v);
		if (!r->v)
			log_fatal("out of memory");
	}
	held_from_row(r->s, row, &r->v[r->n++]);
	return 0;
}

static void relay_free(struct relay *r)
{
	for (size_t i = 0; i < r->n; i++)
		held_free(&r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

/* Hands the held persons to fn until it asks to stop. */
static void relay_emit(struct relay *r, person_fn fn, void *ctx)
{
	for (size_t i = 0; fn && i < r->n; i++)
		if (fn(ctx, &r->v[i].v))
			break;
}

/* ---- the input ---- */

#define CONSENT_MESSAGE                                                                            \
	N_("Le consentement de la personne à l'accompagnement est obligatoire : indiquez sa date "  \
	   "(AAAA-MM-JJ, passée).")

const struct field persons_fields[PERSON__FIELDS] = {
	[PERSON_ORGANISATION] = {"organisation", FIELD_CODE, FIELD_CLEARS, 0, 0,
				 N_("Organisation inconnue, ou que vous ne suivez pas."),
				 FIELD_AT(struct person_input, organisation)},
	[PERSON_LAST_NAME] = {"last_name", FIELD_LINE, FIELD_CLEARS, 0, PERSON_NAME_MAX,
			      N_("Le nom est obligatoire (100 caractères au plus)."),
			      FIELD_AT(struct person_input, last_name)},
	[PERSON_FIRST_NAME] = {"first_name", FIELD_LINE, FIELD_CLEARS, 0, PERSON_NAME_MAX,
			       N_("Le prénom est obligatoire (100 caractères au plus)."),
			       FIELD_AT(struct person_input, first_name)},
	[PERSON_BIRTH_DATE] = {"birth_date", FIELD_DATE, FIELD_CLEARS, 0, 0,
			       N_("La date de naissance doit être une date passée (AAAA-MM-JJ)."),
			       FIELD_AT(struct person_input, birth_date)},
	/* Sex and category codes are upper case (F, M; A, B, C): one line. */
	[PERSON_SEX] = {"sex", FIELD_LINE, FIELD_CLEARS, 0, REFERENCE_CODE_MAX, N_("Sexe : F, M ou vide."),
			FIELD_AT(struct person_input, sex)},
	[PERSON_STATUS] = {"status", FIELD_CODE, FIELD_CLEARS, 0, REFERENCE_CODE_MAX, N_("Statut inconnu."),
			   FIELD_AT(struct person_input, status)},
	[PERSON_CATEGORY] = {"category", FIELD_LINE, FIELD_CLEARS, 0, REFERENCE_CODE_MAX,
			     N_("Catégorie inconnue."), FIELD_AT(struct person_input, category)},
	[PERSON_FAMILY_SITUATION] = {"family_situation", FIELD_CODE, FIELD_CLEARS, 0, REFERENCE_CODE_MAX,
				     N_("Situation familiale inconnue."),
				     FIELD_AT(struct person_input, family_situation)},
	[PERSON_JOB_TITLE] = {"job_title", FIELD_LINE, FIELD_CLEARS, 0, PERSON_JOB_MAX,
			      N_("Le poste ne doit pas dépasser 120 caractères."),
			      FIELD_AT(struct person_input, job_title)},
	[PERSON_PHONE] = {"phone", FIELD_LINE, FIELD_CLEARS, 0, PERSON_PHONE_MAX,
			  N_("Le téléphone ne peut contenir que des chiffres, espaces, + . - ( )."),
			  FIELD_AT(struct person_input, phone)},
	[PERSON_EMAIL] = {"email", FIELD_LINE, FIELD_CLEARS, 0, PERSON_EMAIL_MAX,
			  N_("L'adresse électronique n'est pas valide."),
			  FIELD_AT(struct person_input, email)},
	[PERSON_ADDRESS] = {"address", FIELD_LINE, FIELD_CLEARS, 0, PERSON_ADDRESS_MAX,
			    N_("L'adresse ne doit pas dépasser 200 caractères."),
			    FIELD_AT(struct person_input, address)},
	[PERSON_CONSENT_ON] = {"consent_on", FIELD_DATE, FIELD_CLEARS, 0, 0, CONSENT_MESSAGE,
			       FIELD_AT(struct person_input, consent_on)},
	[PERSON_STATISTICS] = {"statistics", FIELD_BOOL, 0, 0, 0, NULL,
			       FIELD_AT(struct person_input, statistics)},
};

const struct field persons_consent_fields[PERSON_CONSENT__FIELDS] = {
	[PERSON_CONSENT_ACCOMPANIMENT_ON] = {"accompaniment_on", FIELD_DATE, FIELD_CLEARS, 0, 0,
					     CONSENT_MESSAGE,
					     FIELD_AT(struct person_input, consent_on)},
	[PERSON_CONSENT_STATISTICS] = {"statistics", FIELD_BOOL, 0, 0, 0,
				       N_("Vrai ou faux attendu."),
				       FIELD_AT(struct person_input, statistics)},
};

const struct field persons_confirm_fields[PERSON_CONFIRM__FIELDS] = {
	[PERSON_CONFIRM] = {"confirm", FIELD_BOOL, 0, 0, 0, N_("Vrai ou faux attendu."),
			    FIELD_AT(struct person_input, confirm)},
};

/* ---- validation ---- */

static int clean(const char *s, size_t max_chars)
{
	return text_is_clean_utf8(s, strlen(s), 0) && text_utf8_chars(s) <= max_chars;
}

/* An optional code of a reference list: "" and NULL pass; retired codes
   are accepted only when unchanged (old records keep them). */
static int check_code(svc *s, const char *list, const char *code, const char *old,
		      const char *field, const char *message)
{
	if (!code || !*code || (old && strcmp(code, old) == 0))
		return SVC_OK;
	int rc = reference_check(s, list, code, 0);
	if (rc == SVC_INVALID)
		return svc_fail(s, SVC_INVALID, field, message);
	return rc;
}

/* Checks every field given in `in` against the rules; old is the current
   record for an update (NULL at creation). */
static int validate(svc *s, const struct person_input *in, const struct person_view *old)
{
	char today[DATE_LEN + 1];
	date_today(today);
	if (!old || in->last_name)
		if (!in->last_name || !*in->last_name || !clean(in->last_name, PERSON_NAME_MAX))
			return svc_fail(s, SVC_INVALID, "last_name",
					N_("Le nom est obligatoire (100 caractères au plus)."));
	if (!old || in->first_name)
		if (!in->first_name || !*in->first_name || !clean(in->first_name, PERSON_NAME_MAX))
			return svc_fail(s, SVC_INVALID, "first_name",
					N_("Le prénom est obligatoire (100 caractères au plus)."));
	if (in->birth_date && *in->birth_date &&
	    (!date_valid(in->birth_date) || date_cmp(in->birth_date, today) > 0))
		return svc_fail(s, SVC_INVALID, "birth_date",
				N_("La date de naissance doit être une date passée (AAAA-MM-JJ)."));
	int rc;
	if ((rc = check_code(s, "sex", in->sex, old ? old->sex : NULL, "sex",
			     N_("Sexe : F, M ou vide."))) != SVC_OK ||
	    (rc = check_code(s, "status", in->status, old ? old->status : NULL, "status",
			     N_("Statut inconnu."))) != SVC_OK ||
	    (rc = check_code(s, "category", in->category, old ? old->category : NULL, "category",
			     N_("Catégorie inconnue."))) != SVC_OK ||
	    (rc = check_code(s, "family_situation", in->family_situation,
			     old ? old->family_situation : NULL, "family_situation",
			     N_("Situation familiale inconnue."))) != SVC_OK)
		return rc;
	if (in->job_title && *in->job_title && !clean(in->job_title, PERSON_JOB_MAX))
		return svc_fail(s, SVC_INVALID, "job_title",
				N_("Le poste ne doit pas dépasser 120 caractères."));
	if (in->phone && *in->phone && !contact_phone_ok(in->phone))
		return svc_fail(s, SVC_INVALID, "phone",
				N_("Le téléphone ne peut contenir que des chiffres, espaces, + . - ( )."));
	if (in->email && *in->email && !contact_email_ok(in->email))
		return svc_fail(s, SVC_INVALID, "email", N_("L'adresse électronique n'est pas valide."));
	if (in->address && *in->address && !clean(in->address, PERSON_ADDRESS_MAX))
		return svc_fail(s, SVC_INVALID, "address",
				N_("L'adresse ne doit pas dépasser 200 caractères."));
	if (!old || in->consent_on)
		if (!in->consent_on || !date_valid(in->consent_on) ||
		    date_cmp(in->consent_on, today) > 0)
			return svc_fail(s, SVC_INVALID, "consent.accompaniment_on", CONSENT_MESSAGE);
	return SVC_OK;
}

/* "" means "not recorded". */
static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

/* ---- access ---- */

int persons_may_access(svc *s, int64_t id)
{
	return svc_may_open(s, ST_PERSON_ACCESS, id);
}

/* ---- the identity index (shares end for good) ---- */

#define SIMILAR_MESSAGE                                                                            \
	N_("Une personne semblable est suivie par un(e) collègue. Demandez-lui de vous partager "   \
	   "son suivi ou de vous le transmettre.")
#define LIMITED_MESSAGE                                                                            \
	N_("Trop de créations de personnes avec leur identité complète aujourd'hui : réessayez "    \
	   "demain ou adressez-vous à votre responsable.")

static int checks_row(void *ctx, const store_row *row)
{
	int64_t *n = ctx;
	n[0] = store_row_int(row, IDENTITY_CHECKS_COL_ALL);
	n[1] = store_row_int(row, IDENTITY_CHECKS_COL_MATCHED);
	return 1;
}

/*
 * The check of a worker's new person with full identity key in
 * organisation org: SVC_OK (counted) when nobody else follows a similar
 * person, SVC_CONFLICT when someone does, SVC_LOCKED beyond the day's
 * limits (not looked up).  Every outcome but SVC_OK is audited; each is
 * committed on its own, before the person is written.
 */
static int identity_check(svc *s, const char *key, const char *phone_key,
			  const char *email_key, int64_t org)
{
	store *db = svc_db(s);
	int64_t now = (int64_t)time(NULL), counts[2] = {0, 0}, similar = 0;
	store_value c[] = {SV_INT(s->actor.id), SV_INT(now - PERSON_IDENTITY_WINDOW)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_IDENTITY_CHECKS_COUNT, c, 2, checks_row, counts) != STORE_OK)
		return svc_abort(s, "persons identity check");
	if (counts[0] >= PERSON_IDENTITY_CHECKS_DAY || counts[1] >= PERSON_IDENTITY_MATCHES_DAY) {
		if (svc_audit(s, "person.create_limited", NULL, NULL) != 0 ||
		    svc_tx_commit(s) != STORE_OK)
			return svc_abort(s, "persons identity check");
		return svc_fail(s, SVC_LOCKED, "identity", LIMITED_MESSAGE);
	}
	store_value q[] = {SV_TEXT(key), SV_INT(org), SV_INT(s->actor.id), SV_TEXT(phone_key),
			   SV_TEXT(email_key)};
	if (store_exec(db, ST_PERSON_SIMILAR_FOLLOWED, q, 5, svc_row_int, &similar) != STORE_OK)
		return svc_abort(s, "persons identity check");
	store_value hit[] = {SV_INT(s->actor.id), SV_INT(now), SV_INT(similar ? 1 : 0)};
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, similar);
	if (store_exec(db, ST_IDENTITY_CHECK_INSERT, hit, 3, NULL, NULL) != STORE_OK ||
	    (similar && svc_audit(s, "person.create_similar", "person", object) != 0) ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "persons identity check");
	return similar ? svc_fail(s, SVC_CONFLICT, "identity", SIMILAR_MESSAGE) : SVC_OK;
}

#define DUPLICATE_MESSAGE                                                                          \
	N_("Vous suivez déjà une personne qui semble être la même (nom et date de naissance, "      \
	   "téléphone ou adresse électronique) : ouvrez sa fiche, ou confirmez pour créer quand "   \
	   "même.")

/*
 * The caller's own persons with one of the keys given (NULL: none): none
 * is SVC_OK; else they go to fn, their reading is audited
 * person.create_duplicate and the answer is SVC_CONFLICT on "duplicate".
 */
/* The keyed indexes of an identity (persons_index.c): each NULL when its
   values do not make one (no full identity, no phone, no e-mail). */
struct person_keys {
	char buf[3][SEC_HASH_HEX_LEN + 1];
	const char *identity, *phone, *email;
};

static void person_keys_of(svc *s, const char *last, const char *first, const char *birth,
			   const char *phone, const char *email, struct person_keys *k)
{
	k->identity = persons_identity_key(s, last, first, birth, k->buf[0]) == 0 ? k->buf[0] : NULL;
	k->phone = persons_contact_key(s, PERSON_KEY_PHONE, phone, k->buf[1]) == 0 ? k->buf[1] : NULL;
	k->email = persons_contact_key(s, PERSON_KEY_EMAIL, email, k->buf[2]) == 0 ? k->buf[2] : NULL;
}

static int own_duplicates(svc *s, const char *key, const char *phone_key, const char *email_key,
			  person_fn fn, void *ctx)
{
	if (!key && !phone_key && !email_key)
		return SVC_OK;
	store *db = svc_db(s);
	struct relay r = {s, NULL, 0, 0};
	store_value p[] = {SV_INT(s->actor.id), SV_TEXT(key), SV_TEXT(phone_key),
			   SV_TEXT(email_key)};
	char object[24] = "";
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_PERSON_DUPLICATES_OWN, p, 4, relay_row, &r) != STORE_OK)
		goto fail;
	if (r.n)
		snprintf(object, sizeof object, "%" PRId64, r.v[0].v.id);
	/* The names are read: the entry with them, in one transaction. */
	if ((r.n && svc_audit(s, "person.create_duplicate", "person", object) != 0) ||
	    svc_tx_commit(s) != STORE_OK)
		goto fail;
	size_t found = r.n;
	relay_emit(&r, fn, ctx);
	relay_free(&r);
	return found ? svc_fail(s, SVC_CONFLICT, "duplicate", DUPLICATE_MESSAGE) : SVC_OK;
fail:
	relay_free(&r);
	return svc_abort(s, "persons duplicates");
}

int persons_own_duplicates(svc *s, const struct person_input *in, person_fn fn, void *ctx)
{
	if (s->system)
		return SVC_OK;
	if (!svc_may(s, ACT_CASEWORK))
		return SVC_FORBIDDEN;
	struct person_keys k;
	person_keys_of(s, in->last_name, in->first_name, opt(in->birth_date), opt(in->phone),
		       opt(in->email), &k);
	return own_duplicates(s, k.identity, k.phone, k.email, fn, ctx);
}

int persons_dashboard(svc *s, dashboard_fn fn, void *ctx)
{
	if (s->system || svc_may(s, ACT_CASEWORK) || !svc_may(s, ACT_CASELOADS))
		return SVC_OK;
	int64_t n = 0;
	store_value p[] = {SV_INT(date_year_start((int64_t)time(NULL)))};
	if (store_exec(svc_db(s), ST_IDENTITY_CHECKS_MATCHED_SINCE, p, 1, svc_row_int, &n) !=
	    STORE_OK)
		return svc_abort(s, "persons_dashboard");
	struct dashboard_item it = {.kind = "similar_signalled", .count = n};
	fn(ctx, &it);
	return SVC_OK;
}

/* ---- use cases ---- */

static int create(svc *s, const struct person_input *in, int64_t *id, int warn, person_fn fn,
		  void *ctx);

/* Records a change of person's consent of kind ("accompaniment",
   "statistics") applying from on, in the caller's transaction; 0 or -1. */
static int consent_record(svc *s, int64_t person, const char *kind, int given, const char *on)
{
	store_value p[] = {SV_INT(person),
			   SV_TEXT(kind),
			   SV_INT(given != 0),
			   SV_TEXT(on),
			   SV_INT((int64_t)time(NULL)),
			   s->signed_in && s->actor.id > 0 ? SV_INT(s->actor.id) : SV_NULL};
	return store_exec(svc_db(s), ST_CONSENT_INSERT, p, 6, NULL, NULL) == STORE_OK ? 0 : -1;
}

int persons_create(svc *s, const struct person_input *in, int64_t *id)
{
	return create(s, in, id, 0, NULL, NULL);
}

int persons_create_checked(svc *s, const struct person_input *in, int64_t *id, person_fn fn,
			   void *ctx)
{
	return create(s, in, id, !s->system && !in->confirm, fn, ctx);
}

/* persons_create, and with warn the caller's own duplicates first. */
static int create(svc *s, const struct person_input *in, int64_t *id, int warn, person_fn fn,
		  void *ctx)
{
	if (!svc_may(s, ACT_CASEWORK))
		return SVC_FORBIDDEN;
	int64_t org = 0;
	int rc = in->organisation ? organisations_lookup_id(s, in->organisation, &org) : SVC_NOT_FOUND;
	if (rc == SVC_OK && !s->system) {
		int64_t n = 0;
		store_value p[] = {SV_INT(org), SV_INT(s->actor.id)};
		if (store_exec(svc_db(s), ST_ASSIGN_CHECK, p, 2, svc_row_int, &n) != STORE_OK)
			return svc_abort(s, "persons_create");
		if (!n)
			rc = SVC_NOT_FOUND;
	}
	if (rc == SVC_NOT_FOUND)
		return svc_fail(s, SVC_INVALID, "organisation",
				N_("Organisation inconnue, ou que vous ne suivez pas."));
	if (rc != SVC_OK)
		return rc;
	if ((rc = validate(s, in, NULL)) != SVC_OK)
		return rc;
	struct person_keys k;
	person_keys_of(s, in->last_name, in->first_name, opt(in->birth_date), opt(in->phone),
		       opt(in->email), &k);
	/* Her own first: she may see them, nothing is learnt of anyone else. */
	if (warn && (rc = own_duplicates(s, k.identity, k.phone, k.email, fn, ctx)) != SVC_OK)
		return rc;
	/* An import is the service's own data: indexed, not checked.  A
	   colleague's persons only for a full identity (the phone or the
	   e-mail alone would test whether someone is followed). */
	if (k.identity && !s->system &&
	    (rc = identity_check(s, k.identity, k.phone, k.email, org)) != SVC_OK)
		return rc;

	int stats = in->statistics != 0;
	int64_t now = (int64_t)time(NULL);
	const char *birth = opt(in->birth_date);
	store_value p[] = {
		SV_INT(org),
		/* An import has no référent yet: the case that names one brings it. */
		s->system ? SV_NULL : SV_INT(s->actor.id),
		birth ? SV_INT(date_year(birth)) : SV_NULL,
		SV_TEXT(opt(in->sex)),
		SV_TEXT(opt(in->status)),
		SV_TEXT(opt(in->category)),
		SV_TEXT(opt(in->family_situation)),
		SV_TEXT(in->consent_on),
		SV_INT(stats),
		SV_TEXT(in->consent_on),
		SV_TEXT(opt(in->import_ref)),
		SV_INT(now),
		SV_TEXT(k.identity),
		SV_TEXT(k.phone),
		SV_TEXT(k.email),
	};
	store *db = svc_db(s);
	int64_t new_id = 0;
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "persons_create");
	rc = store_exec(db, ST_PERSON_INSERT, p, (int)(sizeof p / sizeof p[0]), svc_row_int, &new_id);
	if (rc == STORE_CONSTRAINT) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_CONFLICT, "ref", N_("Cette référence est déjà importée."));
	}
	struct person_identity ident = {in->last_name, in->first_name, birth,
					opt(in->job_title), opt(in->phone), opt(in->email),
					opt(in->address)};
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, new_id);
	if (rc != STORE_OK || persons_identity_write(s, new_id, &ident) != 0 ||
	    consent_record(s, new_id, PERSON_CONSENT_KIND_ACCOMPANIMENT, 1, in->consent_on) != 0 ||
	    consent_record(s, new_id, PERSON_CONSENT_KIND_STATISTICS, stats, in->consent_on) != 0 ||
	    svc_audit(s, "person.create", "person", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "persons_create");
	if (id)
		*id = new_id;
	return SVC_OK;
}

int persons_get(svc *s, int64_t id, person_fn fn, void *ctx)
{
	/* The check, the entry and the read in one transaction: no read
	   without its trace, nor after the access ended. */
	int rc = svc_gate_begin(s, ST_PERSON_ACCESS, "person", id, "person.read_denied");
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	struct relay r = {s, NULL, 0, 0};
	store_value p[] = {SV_INT(id)};
	if (svc_audit(s, "person.read", "person", object) != 0 ||
	    store_exec(db, ST_PERSON_GET, p, 1, relay_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK) {
		relay_free(&r);
		return svc_abort(s, "persons_get");
	}
	relay_emit(&r, fn, ctx);
	int found = r.n > 0;
	relay_free(&r);
	return found ? SVC_OK : SVC_NOT_FOUND;
}

/* ---- the information notice ---- */

#define NOTICE_MESSAGE N_("La date de remise doit être une date passée ou aujourd'hui (AAAA-MM-JJ).")

const struct field persons_notice_fields[PERSON_NOTICE__FIELDS] = {
	[PERSON_NOTICE_GIVEN_ON] = {"notice_given_on", FIELD_DATE, FIELD_REQUIRED, 0, 0,
				    NOTICE_MESSAGE, FIELD_AT(struct person_notice_input, given_on)},
};

int persons_notice_given(svc *s, int64_t id, const struct person_notice_input *in)
{
	/* One transaction from the check to the write (interventions_create). */
	int rc = svc_gate_begin(s, ST_PERSON_ACCESS, "person", id, "person.notice_given_denied");
	if (rc != SVC_OK)
		return rc;
	char today[DATE_LEN + 1];
	date_today(today);
	if (!in->given_on || !date_valid(in->given_on) || date_cmp(in->given_on, today) > 0) {
		svc_tx_refused(s);
		return svc_fail(s, SVC_INVALID, "notice_given_on", NOTICE_MESSAGE);
	}
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	store_value p[] = {SV_INT(id), SV_TEXT(in->given_on), SV_INT((int64_t)time(NULL))};
	if (store_exec(svc_db(s), ST_PERSON_NOTICE_SET, p, 3, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "person.notice_given", "person", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "persons_notice_given");
	return SVC_OK;
}

/* The current record, copied out of the row for the update. */
struct current {
	int found;
	char org[64], referent[128];
	char last[4 * PERSON_NAME_MAX + 1], first[4 * PERSON_NAME_MAX + 1];
	char birth[16], sex[8], status[48], category[48], family[48];
	char job[4 * PERSON_JOB_MAX + 1], phone[PERSON_PHONE_MAX + 1], email[PERSON_EMAIL_MAX + 1];
	char address[4 * PERSON_ADDRESS_MAX + 1];
	char consent[16], stats_on[16];
	int stats;
	struct person_view view; /* pointing into the arrays above */
};

static void keep(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static int current_row(void *ctx, const struct person_view *v)
{
	struct current *c = ctx;
	c->found = 1;
	keep(c->last, sizeof c->last, v->last_name);
	keep(c->first, sizeof c->first, v->first_name);
	keep(c->birth, sizeof c->birth, v->birth_date);
	keep(c->sex, sizeof c->sex, v->sex);
	keep(c->status, sizeof c->status, v->status);
	keep(c->category, sizeof c->category, v->category);
	keep(c->family, sizeof c->family, v->family_situation);
	keep(c->job, sizeof c->job, v->job_title);
	keep(c->phone, sizeof c->phone, v->phone);
	keep(c->email, sizeof c->email, v->email);
	keep(c->address, sizeof c->address, v->address);
	keep(c->consent, sizeof c->consent, v->consent_on);
	keep(c->stats_on, sizeof c->stats_on, v->statistics_on);
	c->stats = v->statistics;
	c->view = *v;
	c->view.sex = c->sex;
	c->view.status = c->status;
	c->view.category = c->category;
	c->view.family_situation = c->family;
	return 1;
}

static const char *text_at(const struct person_input *in, size_t offset)
{
	const char *v = *(const char *const *)(const void *)((const char *)in + offset);
	return v ? v : "";
}

/* The names of the fields in (non-NULL) that differ from before, joined by
   commas, into out; their number.  "" and NULL are the same value;
   statistics counts when in->statistics >= 0. */
static int changed_fields(const struct person_input *in, const struct person_input *before,
			  buf *out)
{
	int n = 0;
	for (size_t i = PERSON_LAST_NAME; i < PERSON__FIELDS; i++) {
		const struct field *f = &persons_fields[i];
		int changed;
		if (f->type == FIELD_BOOL)
			changed = in->statistics >= 0 && (in->statistics != 0) != (before->statistics != 0);
		else
			changed = *(const char *const *)(const void *)((const char *)in + f->offset) &&
				  strcmp(text_at(in, f->offset), text_at(before, f->offset)) != 0;
		if (!changed)
			continue;
		if (n++)
			buf_putc(out, ',');
		buf_puts(out, f->name);
	}
	return n;
}

static const char *pick(const char *given, const char *current)
{
	return given ? opt(given) : opt(current);
}

/* The merge and checks of persons_update, in its open transaction: SVC_OK
   with the fields it changes in *changed. */
static int update_check(svc *s, const struct person_input *in, const struct current *c,
			buf *changed)
{
	if (!c->found)
		return SVC_NOT_FOUND;
	int rc = validate(s, in, &c->view);
	if (rc != SVC_OK || !in->correction_reason)
		return rc;
	/* A correction on request names the fields it changes (rights.h). */
	struct person_input before = {
		.last_name = c->last, .first_name = c->first, .birth_date = c->birth,
		.sex = c->sex, .status = c->status, .category = c->category,
		.family_situation = c->family, .job_title = c->job, .phone = c->phone,
		.email = c->email, .consent_on = c->consent, .statistics = c->stats,
	};
	if ((rc = rights_correction_check(s, in->correction_reason)) == SVC_OK &&
	    changed_fields(in, &before, changed) == 0)
		rc = svc_fail(s, SVC_INVALID, NULL,
			      N_("Aucun champ n'est modifié : il n'y a rien à rectifier."));
	return rc;
}

int persons_update(svc *s, int64_t id, const struct person_input *in)
{
	/* One transaction from the check to the write: the fields kept are
	   the ones read there (interventions_create). */
	int rc = svc_gate_begin(s, ST_PERSON_ACCESS, "person", id, "person.update_denied");
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	struct current c;
	memset(&c, 0, sizeof c);
	struct relay r = {s, NULL, 0, 0};
	store_value g[] = {SV_INT(id)};
	if (store_exec(db, ST_PERSON_GET, g, 1, relay_row, &r) != STORE_OK) {
		relay_free(&r);
		return svc_abort(s, "persons_update");
	}
	relay_emit(&r, current_row, &c);
	relay_free(&r);
	buf changed;
	buf_init(&changed, 0);
	rc = update_check(s, in, &c, &changed);
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		buf_free(&changed);
		return rc;
	}

	const char *last = in->last_name ? in->last_name : c.last;
	const char *first = in->first_name ? in->first_name : c.first;
	int stats = in->statistics < 0 ? c.stats : in->statistics != 0;
	/* The index follows the identity (never checked on a change). */
	const char *birth = pick(in->birth_date, c.birth);
	const char *phone = pick(in->phone, c.phone), *email = pick(in->email, c.email);
	struct person_keys k;
	person_keys_of(s, last, first, birth, phone, email, &k);
	char today[DATE_LEN + 1];
	date_today(today);
	/* The date of the statistics consent follows its last change. */
	const char *stats_on = stats != c.stats ? today : opt(c.stats_on);
	/* Each consent change is kept (ST_CONSENT_INSERT), in this transaction. */
	int consent_moved = in->consent_on && strcmp(in->consent_on, c.consent) != 0;
	store_value p[] = {
		SV_INT(id),
		birth ? SV_INT(date_year(birth)) : SV_NULL,
		SV_TEXT(pick(in->sex, c.sex)),
		SV_TEXT(pick(in->status, c.status)),
		SV_TEXT(pick(in->category, c.category)),
		SV_TEXT(pick(in->family_situation, c.family)),
		SV_TEXT(in->consent_on ? in->consent_on : c.consent),
		SV_INT(stats),
		SV_TEXT(stats_on),
		SV_INT(time(NULL)),
		SV_TEXT(k.identity),
		SV_TEXT(k.phone),
		SV_TEXT(k.email),
	};
	struct person_identity ident = {last,
					first,
					birth,
					pick(in->job_title, c.job),
					phone,
					email,
					pick(in->address, c.address)};
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	if (store_exec(db, ST_PERSON_UPDATE, p, (int)(sizeof p / sizeof p[0]), NULL, NULL) !=
		    STORE_OK ||
	    persons_identity_write(s, id, &ident) != 0 ||
	    (consent_moved && consent_record(s, id, PERSON_CONSENT_KIND_ACCOMPANIMENT, 1,
					     in->consent_on) != 0) ||
	    (stats != c.stats &&
	     consent_record(s, id, PERSON_CONSENT_KIND_STATISTICS, stats, stats_on) != 0) ||
	    (in->correction_reason
		     ? rights_correction_record(s, id, buf_cstr(&changed), in->correction_reason)
		     : svc_audit(s, "person.update", "person", object)) != 0 ||
	    svc_tx_commit(s) != STORE_OK) {
		buf_free(&changed);
		return svc_abort(s, "persons_update");
	}
	buf_free(&changed);
	return SVC_OK;
}

/* The words of a search, folded, and whether each is a prefix of a word
   of the person's names (or of a name joined): the exact check after the
   index's look-up (a word longer than the indexed prefixes, more words
   than the statement takes). */
#define SEARCH_WORDS_MAX 4

static int name_has_prefix(const char *name, const char *word)
{
	char folded[4 * PERSON_NAME_MAX + 1], joined[sizeof folded];
	text_fold(name ? name : "", folded, sizeof folded);
	size_t n = strlen(word), j = 0;
	int start = 1;
	for (const char *c = folded; *c; c++) {
		int alnum = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9');
		if (alnum && start && strncmp(c, word, n) == 0)
			return 1;
		start = !alnum;
		if (alnum && j + 1 < sizeof joined)
			joined[j++] = *c;
	}
	joined[j] = '\0';
	return strncmp(joined, word, n) == 0;
}

static int held_cmp(const void *a, const void *b)
{
	const struct held *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->v.id > y->v.id) - (x->v.id < y->v.id);
}

int persons_search_too_short(const char *q)
{
	if (!q || strlen(q) > 200 || !text_is_clean_utf8(q, strlen(q), 0))
		return 0;
	char folded[4 * 200 + 1];
	text_fold(q, folded, sizeof folded);
	size_t run = 0, longest = 0, words = 0;
	for (const char *c = folded;; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')) {
			run++;
			continue;
		}
		if (run) {
			words++;
			longest = run > longest ? run : longest;
		}
		run = 0;
		if (!*c)
			break;
	}
	return words > 0 && longest < PERSON_TERM_MIN;
}

int persons_search(svc *s, const char *q, person_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_CASEWORK))
		return SVC_FORBIDDEN;
	if (q && (strlen(q) > 200 || !text_is_clean_utf8(q, strlen(q), 0)))
		return svc_fail(s, SVC_INVALID, "q", N_("La recherche est trop longue ou non valide."));
	/* The folded words of at least PERSON_TERM_MIN characters. */
	char folded[4 * 200 + 1], *words[64];
	size_t nwords = 0, typed = 0;
	text_fold(q ? q : "", folded, sizeof folded);
	for (char *c = folded; *c;) {
		while (*c && !((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
			*c++ = '\0';
		char *w = c;
		while ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))
			c++;
		if (c > w)
			typed++;
		if ((size_t)(c - w) >= PERSON_TERM_MIN && nwords < sizeof words / sizeof words[0])
			words[nwords++] = w;
		if (*c)
			*c++ = '\0';
	}
	if (typed && !nwords)
		return svc_fail(s, SVC_INVALID, "q",
				N_("Tapez au moins 3 lettres du nom ou du prénom."));
	/* Only signs and spaces: no name has them (a blank q lists all). */
	int blank = 1;
	for (const char *c = q ? q : ""; *c && blank; c++)
		blank = *c == ' ' || *c == '\t';
	if (!nwords && !blank) {
		if (svc_tx_begin(s) != STORE_OK || svc_audit(s, "person.search", NULL, NULL) != 0 ||
		    svc_tx_commit(s) != STORE_OK)
			return svc_abort(s, "persons_search");
		return SVC_OK;
	}
	char terms[SEARCH_WORDS_MAX][PERSON_TERM_HEX + 1] = {""}; /* none with no word */
	for (size_t i = 0; i < SEARCH_WORDS_MAX && nwords; i++) {
		/* No word (a blank q): no term, and words[0] is not set. */
		const char *w = words[i < nwords ? i : 0];
		size_t n = strlen(w);
		persons_term(s->app->search_key, w,
			     n > PERSON_TERM_PREFIX_MAX ? PERSON_TERM_PREFIX_MAX : n, terms[i]);
	}
	store *db = svc_db(s);
	struct relay r = {s, NULL, 0, 0};
	store_value p[] = {SV_INT(s->actor.id), SV_TEXT(terms[0]), SV_TEXT(terms[1]),
			   SV_TEXT(terms[2]), SV_TEXT(terms[3])};
	int rc = svc_page_begin(s, ST__COUNT, NULL, 0, NULL, "person.search");
	if (rc != SVC_OK)
		return rc;
	if (store_exec(db, nwords ? ST_PERSON_SEARCH : ST_PERSON_LIST_OWN, p, nwords ? 5 : 1,
		       relay_row, &r) != STORE_OK)
		rc = svc_abort(s, "persons_search");
	rc = svc_page_end(s, rc);
	if (rc != SVC_OK) {
		relay_free(&r);
		return rc;
	}
	/* The exact check, then the order by name the database cannot give. */
	size_t kept = 0;
	for (size_t i = 0; i < r.n; i++) {
		int all = 1;
		for (size_t k = 0; k < nwords && all; k++)
			all = name_has_prefix(r.v[i].v.last_name, words[k]) ||
			      name_has_prefix(r.v[i].v.first_name, words[k]);
		if (all && kept != i)
			r.v[kept++] = r.v[i];
		else if (all)
			kept++;
		else
			held_free(&r.v[i]);
	}
	for (size_t i = kept; i < r.n; i++)
		memset(&r.v[i], 0, sizeof r.v[i]);
	r.n = kept;
	if (r.n > 1)
		qsort(r.v, r.n, sizeof *r.v, held_cmp);
	if (r.n > PERSON_SEARCH_MAX) {
		for (size_t i = PERSON_SEARCH_MAX; i < r.n; i++)
			held_free(&r.v[i]);
		r.n = PERSON_SEARCH_MAX;
	}
	relay_emit(&r, fn, ctx);
	relay_free(&r);
	return SVC_OK;
}

/* The persons' cursor: the last contact and id of a person. */
static void person_cursor(struct page *pg, const store_row *row)
{
	page_cursor_date_id(pg->next, store_row_text(row, PERSON_PAGE_COL_LAST_CONTACT),
			    store_row_int(row, PERSON_COL_ID));
}

int persons_page(svc *s, struct page *pg, person_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_CASEWORK))
		return SVC_FORBIDDEN;
	char after_date[11] = "9999-12-31";
	int64_t after_id = INT64_MAX;
	if (pg->after[0] && page_cursor_date_id_parse(pg->after, after_date, &after_id) != 0)
		return page_refuse_cursor(s);
	store *db = svc_db(s);
	struct relay r = {s, NULL, 0, 0};
	struct page_read p = {pg, person_cursor, relay_row, &r};
	page_read_start(pg);
	store_value c[] = {SV_INT(s->actor.id)};
	store_value q[] = {SV_INT(s->actor.id), SV_TEXT(after_date), SV_INT(after_id),
			   SV_INT(pg->limit + 1)};
	/* A page (svc_page_begin): the names unsealed beside the writer, the
	   entry written after, the rows shown once it is durable. */
	int rc = svc_page_begin(s, ST__COUNT, NULL, 0, NULL, "person.search");
	if (rc != SVC_OK)
		return rc;
	if (store_exec(db, ST_PERSON_COUNT_OWN, c, 1, svc_row_int, &pg->total) != STORE_OK ||
	    store_exec(db, ST_PERSON_PAGE, q, 4, page_read, &p) != STORE_OK)
		rc = svc_abort(s, "persons_page");
	rc = svc_page_end(s, rc);
	if (rc != SVC_OK) {
		relay_free(&r);
		return rc;
	}
	page_read_done(pg);
	relay_emit(&r, fn, ctx);
	relay_free(&r);
	return SVC_OK;
}
