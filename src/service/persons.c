/* persons — see persons.h. */
#include "service/persons.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/contact.h"
#include "domain/date.h"
#include "service/audit.h"
#include "service/internal.h"
#include "service/organisations.h"
#include "service/reference.h"
#include "service/rights.h"
#include "support/buf.h"
#include "support/i18n.h"
#include "support/sec.h"
#include "support/text.h"

static void view_from_row(const store_row *row, struct person_view *v)
{
	v->id = store_row_int(row, PERSON_COL_ID);
	v->organisation = store_row_text(row, PERSON_COL_ORG_CODE);
	v->referent = store_row_text(row, PERSON_COL_REFERENT_LOGIN);
	v->last_name = store_row_text(row, PERSON_COL_LAST_NAME);
	v->first_name = store_row_text(row, PERSON_COL_FIRST_NAME);
	v->birth_date = store_row_text(row, PERSON_COL_BIRTH_DATE);
	v->sex = store_row_text(row, PERSON_COL_SEX);
	v->status = store_row_text(row, PERSON_COL_STATUS);
	v->category = store_row_text(row, PERSON_COL_CATEGORY);
	v->family_situation = store_row_text(row, PERSON_COL_FAMILY_SITUATION);
	v->job_title = store_row_text(row, PERSON_COL_JOB_TITLE);
	v->phone = store_row_text(row, PERSON_COL_PHONE);
	v->email = store_row_text(row, PERSON_COL_EMAIL);
	v->consent_on = store_row_text(row, PERSON_COL_CONSENT_ACCOMPANIMENT_ON);
	v->statistics = (int)store_row_int(row, PERSON_COL_CONSENT_STATISTICS);
	v->statistics_on = store_row_text(row, PERSON_COL_CONSENT_STATISTICS_ON);
	v->created_at = store_row_int(row, PERSON_COL_CREATED_AT);
	v->updated_at = store_row_int(row, PERSON_COL_UPDATED_AT);
}

struct relay {
	person_fn fn;
	void *ctx;
	int rows;
};

static int relay_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	struct person_view v;
	view_from_row(row, &v);
	r->rows++;
	return r->fn ? r->fn(r->ctx, &v) : 0;
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

/* Appends the folded letters and digits of text (accents and case
   ignored, spaces, hyphens and apostrophes dropped) and a separator. */
static void identity_part(const char *text, buf *b)
{
	char folded[4 * PERSON_NAME_MAX + 1];
	text_fold(text ? text : "", folded, sizeof folded);
	for (const char *c = folded; *c; c++)
		if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))
			buf_putc(b, *c);
	buf_putc(b, '\x1f');
}

int persons_identity_key(svc *s, const char *last, const char *first, const char *birth,
			 char out[SEC_HASH_HEX_LEN + 1])
{
	return persons_identity_key_with(s->app->identity_key, last, first, birth, out);
}

int persons_identity_key_with(const uint8_t key[SEC_KEY_BYTES], const char *last,
			      const char *first, const char *birth, char out[SEC_HASH_HEX_LEN + 1])
{
	out[0] = '\0';
	if (!last || !*last || !first || !*first || !birth || !date_valid(birth))
		return -1;
	buf b;
	buf_init(&b, 0);
	buf_puts(&b, "relais.identity.v1\x1f");
	identity_part(last, &b);
	identity_part(first, &b);
	buf_puts(&b, birth);
	sec_mac_hex(key, b.data, b.len, out);
	buf_free(&b);
	return 0;
}

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
static int identity_check(svc *s, const char *key, int64_t org)
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
	store_value q[] = {SV_TEXT(key), SV_INT(org), SV_INT(s->actor.id)};
	if (store_exec(db, ST_PERSON_SIMILAR_FOLLOWED, q, 3, svc_row_int, &similar) != STORE_OK)
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

/* ---- use cases ---- */

int persons_create(svc *s, const struct person_input *in, int64_t *id)
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
	char key[SEC_HASH_HEX_LEN + 1];
	int full = persons_identity_key(s, in->last_name, in->first_name, opt(in->birth_date), key) == 0;
	/* An import is the service's own data: indexed, not checked. */
	if (full && !s->system && (rc = identity_check(s, key, org)) != SVC_OK)
		return rc;

	char folded[4 * 2 * PERSON_NAME_MAX + 2];
	char both[sizeof folded];
	snprintf(both, sizeof both, "%s %s", in->last_name, in->first_name);
	text_fold(both, folded, sizeof folded);
	int stats = in->statistics != 0;
	int64_t now = (int64_t)time(NULL);
	store_value p[] = {
		SV_INT(org),
		/* An import has no référent yet: the case that names one brings it. */
		s->system ? SV_NULL : SV_INT(s->actor.id),
		SV_TEXT(in->last_name),
		SV_TEXT(in->first_name),
		SV_TEXT(folded),
		SV_TEXT(opt(in->birth_date)),
		SV_TEXT(opt(in->sex)),
		SV_TEXT(opt(in->status)),
		SV_TEXT(opt(in->category)),
		SV_TEXT(opt(in->family_situation)),
		SV_TEXT(opt(in->job_title)),
		SV_TEXT(opt(in->phone)),
		SV_TEXT(opt(in->email)),
		SV_TEXT(in->consent_on),
		SV_INT(stats),
		SV_TEXT(in->consent_on),
		SV_TEXT(opt(in->import_ref)),
		SV_INT(now),
		SV_TEXT(full ? key : NULL),
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
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, new_id);
	if (rc != STORE_OK || svc_audit(s, "person.create", "person", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "persons_create");
	if (id)
		*id = new_id;
	return SVC_OK;
}

int persons_get(svc *s, int64_t id, person_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	int may = persons_may_access(s, id);
	if (may < 0)
		return svc_abort(s, "persons_get");
	if (!may)
		return svc_refuse(s, "person.read_denied", "person", id);
	store *db = svc_db(s);
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	struct relay r = {fn, ctx, 0};
	store_value p[] = {SV_INT(id)};
	/* The entry and the read in one transaction: no read without its trace. */
	if (svc_tx_begin(s) != STORE_OK || svc_audit(s, "person.read", "person", object) != 0 ||
	    store_exec(db, ST_PERSON_GET, p, 1, relay_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "persons_get");
	return r.rows ? SVC_OK : SVC_NOT_FOUND;
}

/* The current record, copied out of the row for the update. */
struct current {
	int found;
	char org[64], referent[128];
	char last[4 * PERSON_NAME_MAX + 1], first[4 * PERSON_NAME_MAX + 1];
	char birth[16], sex[8], status[48], category[48], family[48];
	char job[4 * PERSON_JOB_MAX + 1], phone[PERSON_PHONE_MAX + 1], email[PERSON_EMAIL_MAX + 1];
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

int persons_update(svc *s, int64_t id, const struct person_input *in)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	int may = persons_may_access(s, id);
	if (may < 0)
		return svc_abort(s, "persons_update");
	if (!may)
		return svc_refuse(s, "person.update_denied", "person", id);
	store *db = svc_db(s);
	struct current c;
	memset(&c, 0, sizeof c);
	struct relay r = {current_row, &c, 0};
	store_value g[] = {SV_INT(id)};
	if (store_exec(db, ST_PERSON_GET, g, 1, relay_row, &r) != STORE_OK)
		return svc_abort(s, "persons_update");
	if (!c.found)
		return SVC_NOT_FOUND;
	int rc = validate(s, in, &c.view);
	if (rc != SVC_OK)
		return rc;
	/* A correction on request names the fields it changes (rights.h). */
	buf changed;
	buf_init(&changed, 0);
	if (in->correction_reason) {
		struct person_input before = {
			.last_name = c.last, .first_name = c.first, .birth_date = c.birth,
			.sex = c.sex, .status = c.status, .category = c.category,
			.family_situation = c.family, .job_title = c.job, .phone = c.phone,
			.email = c.email, .consent_on = c.consent, .statistics = c.stats,
		};
		if ((rc = rights_correction_check(s, in->correction_reason)) == SVC_OK &&
		    changed_fields(in, &before, &changed) == 0)
			rc = svc_fail(s, SVC_INVALID, NULL,
				      N_("Aucun champ n'est modifié : il n'y a rien à rectifier."));
		if (rc != SVC_OK) {
			buf_free(&changed);
			return rc;
		}
	}

	const char *last = in->last_name ? in->last_name : c.last;
	const char *first = in->first_name ? in->first_name : c.first;
	char both[8 * PERSON_NAME_MAX + 2], folded[sizeof both];
	snprintf(both, sizeof both, "%s %s", last, first);
	text_fold(both, folded, sizeof folded);
	int stats = in->statistics < 0 ? c.stats : in->statistics != 0;
	/* The index follows the identity (never checked on a change). */
	const char *birth = pick(in->birth_date, c.birth);
	char key[SEC_HASH_HEX_LEN + 1];
	int full = persons_identity_key(s, last, first, birth, key) == 0;
	char today[DATE_LEN + 1];
	date_today(today);
	/* The date of the statistics consent follows its last change. */
	const char *stats_on = stats != c.stats ? today : opt(c.stats_on);
	store_value p[] = {
		SV_INT(id),
		SV_TEXT(last),
		SV_TEXT(first),
		SV_TEXT(folded),
		SV_TEXT(birth),
		SV_TEXT(pick(in->sex, c.sex)),
		SV_TEXT(pick(in->status, c.status)),
		SV_TEXT(pick(in->category, c.category)),
		SV_TEXT(pick(in->family_situation, c.family)),
		SV_TEXT(pick(in->job_title, c.job)),
		SV_TEXT(pick(in->phone, c.phone)),
		SV_TEXT(pick(in->email, c.email)),
		SV_TEXT(in->consent_on ? in->consent_on : c.consent),
		SV_INT(stats),
		SV_TEXT(stats_on),
		SV_INT(time(NULL)),
		SV_TEXT(full ? key : NULL),
	};
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_PERSON_UPDATE, p, (int)(sizeof p / sizeof p[0]), NULL, NULL) !=
		    STORE_OK ||
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

int persons_search(svc *s, const char *q, person_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_CASEWORK))
		return SVC_FORBIDDEN;
	if (q && (strlen(q) > 200 || !text_is_clean_utf8(q, strlen(q), 0)))
		return svc_fail(s, SVC_INVALID, "q", N_("La recherche est trop longue ou non valide."));
	char pattern[TEXT_LIKE_MAX];
	text_like_pattern(q, pattern);
	store *db = svc_db(s);
	struct relay r = {fn, ctx, 0};
	store_value p[] = {SV_INT(s->actor.id), SV_TEXT(pattern)};
	if (svc_tx_begin(s) != STORE_OK || svc_audit(s, "person.search", NULL, NULL) != 0 ||
	    store_exec(db, ST_PERSON_SEARCH, p, 2, relay_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "persons_search");
	return SVC_OK;
}
