/* letters — see letters.h. */
#include "service/letters.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "domain/money.h"
#include "domain/odt.h"
#include "domain/orientations.h"
#include "service/cases.h"
#include "service/convert.h"
#include "service/internal.h"
#include "service/reference.h"
#include "support/i18n.h"
#include "support/log.h"
#include "support/text.h"

#define TITLE_COLUMN "letters.title"
#define ODT_COLUMN "letters.odt"
#define DEFAULT_HEADER N_("Service social du travail")
#define FIELDS_MAX 1024 /* the names of a template's fields, joined */

const char *const letters_fields[] = {
	"personne.nom",	     "personne.prenom",	      "suivi.ouvert_le",
	"assistante.nom",    "organisation.nom",      "partenaire.nom",
	"partenaire.adresse", "rendez_vous.debut",    "aide.montant_demande",
	"aide.organisme",    "service.entete",	      "date_du_jour",
	NULL,
};

const struct field letters_template_fields[LTPL__FIELDS] = {
	[LTPL_NAME] = {"name", FIELD_LINE, FIELD_REQUIRED, 0, LETTER_TPL_NAME_MAX,
		       N_("Donnez un nom au modèle (120 caractères au plus)."),
		       FIELD_AT(struct letter_template_input, name)},
	[LTPL_CATEGORY] = {"category", FIELD_LINE, FIELD_REQUIRED, 0, LETTER_TPL_CATEGORY_MAX,
			   N_("Indiquez la catégorie du modèle (60 caractères au plus)."),
			   FIELD_AT(struct letter_template_input, category)},
	[LTPL_ODT] = {"odt", FIELD_LINE, FIELD_REQUIRED, 0, (LETTER_TPL_BYTES_MAX / 3 + 1) * 4,
		      N_("Joignez le modèle au format OpenDocument (.odt, 700 Kio au plus), encodé "
			 "en base64."),
		      FIELD_AT(struct letter_template_input, odt)},
};

const struct field letters_fields_input[LETTER__FIELDS] = {
	[LETTER_TEMPLATE_ID] = {"template_id", FIELD_ID, FIELD_REQUIRED, 0, 0,
				N_("Choisissez un modèle de courrier."),
				FIELD_AT(struct letter_input, template_id)},
	[LETTER_PARTNER_ID] = {"partner_id", FIELD_ID, 0, 0, 0,
			       N_("Choisissez un partenaire de l'annuaire."),
			       FIELD_AT(struct letter_input, partner_id)},
	[LETTER_APPOINTMENT_ID] = {"appointment_id", FIELD_ID, 0, 0, 0,
				   N_("Choisissez un rendez-vous de la personne."),
				   FIELD_AT(struct letter_input, appointment_id)},
	[LETTER_AID_ID] = {"aid_id", FIELD_ID, 0, 0, 0, N_("Choisissez une aide du suivi."),
			   FIELD_AT(struct letter_input, aid_id)},
	[LETTER_SHARE_CONSENT_ON] = {"share_consent_on", FIELD_DATE, 0, 0, 0,
				     N_("La date du consentement au partage doit être une date "
					"(AAAA-MM-JJ)."),
				     FIELD_AT(struct letter_input, share_consent_on)},
};

/*
 * A refusal naming a field of the template: verr holds a msgid of static
 * storage, so the sentence, built here already translated, lives in this
 * thread's buffer until the next refusal (a request runs on one thread and
 * reads its error before the next call).  Translating it again leaves it
 * as it is.
 */
static _Thread_local char refusal[512];

static int fail_naming(svc *s, const char *field, const char *before, const char *name,
		       const char *after)
{
	snprintf(refusal, sizeof refusal, "%s{%s}%s", _(before), name, _(after));
	return svc_fail(s, SVC_INVALID, field, refusal);
}

static int known_field(const char *name)
{
	for (int i = 0; letters_fields[i]; i++)
		if (strcmp(letters_fields[i], name) == 0)
			return 1;
	return 0;
}

/* ---- templates ---- */

struct scan {
	buf names;            /* joined by ',' */
	char unknown[ODT_FIELD_MAX + 1];
};

static int scan_field(void *ctx, const char *name)
{
	struct scan *sc = ctx;
	if (!known_field(name)) {
		snprintf(sc->unknown, sizeof sc->unknown, "%s", name);
		return 1;
	}
	if (sc->names.len)
		buf_putc(&sc->names, ',');
	buf_puts(&sc->names, name);
	return 0;
}

static int line_ok(const char *t, size_t max)
{
	return t && *t && svc_line_ok(t, max);
}

/* Checks an .odt's bytes: SVC_OK with sc->names its fields, or a refusal
   naming "odt" (sc->names freed). */
static int odt_check(svc *s, const void *bytes, size_t n, struct scan *sc)
{
	buf_init(&sc->names, FIELDS_MAX);
	sc->unknown[0] = '\0';
	if (!bytes || n == 0 || n > LETTER_TPL_BYTES_MAX)
		return svc_fail(s, SVC_INVALID, "odt",
				n ? N_("Le modèle est trop volumineux (700 Kio au plus).")
				  : N_("Joignez le modèle au format OpenDocument (.odt)."));
	int orc = odt_scan(bytes, n, scan_field, sc);
	int rc = SVC_OK;
	if (orc == ODT_STOPPED && sc->unknown[0])
		rc = fail_naming(s, "odt",
				 N_("Le modèle contient un champ inconnu : "), sc->unknown,
				 N_(". Corrigez-le : les champs connus sont listés sur la page des "
				    "modèles."));
	else if (orc != ODT_OK || sc->names.overflow)
		rc = svc_fail(s, SVC_INVALID, "odt", odt_strerror(orc != ODT_OK ? orc : ODT_TOO_BIG));
	if (rc != SVC_OK)
		buf_free(&sc->names);
	return rc;
}

/* The bytes in base64, as stored (caller frees). */
static char *to_base64(const void *bytes, size_t n)
{
	size_t enc_len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *enc = malloc(enc_len);
	if (!enc)
		log_fatal("out of memory");
	sodium_bin2base64(enc, enc_len, bytes, n, sodium_base64_VARIANT_ORIGINAL);
	return enc;
}

int letters_template_check(svc *s, const void *odt, size_t n)
{
	if (!svc_may(s, ACT_LETTER_TEMPLATES))
		return SVC_FORBIDDEN;
	struct scan sc;
	int rc = odt_check(s, odt, n, &sc);
	if (rc == SVC_OK)
		buf_free(&sc.names);
	return rc;
}

int letters_template_add(svc *s, const char *name, const char *category, const void *odt,
			 size_t n, int64_t *id)
{
	if (!svc_may(s, ACT_LETTER_TEMPLATES))
		return SVC_FORBIDDEN;
	if (!line_ok(name, LETTER_TPL_NAME_MAX))
		return svc_fail(s, SVC_INVALID, "name", letters_template_fields[LTPL_NAME].message);
	if (!line_ok(category, LETTER_TPL_CATEGORY_MAX))
		return svc_fail(s, SVC_INVALID, "category",
				letters_template_fields[LTPL_CATEGORY].message);
	struct scan sc;
	int rc = odt_check(s, odt, n, &sc);
	if (rc != SVC_OK)
		return rc;
	/* Stored normalised (base64 without line breaks). */
	char *enc = to_base64(odt, n);
	int64_t new_id = 0;
	store_value p[] = {SV_NULL,
			   SV_TEXT(name),
			   SV_TEXT(category),
			   SV_TEXT(buf_cstr(&sc.names)),
			   SV_TEXT(enc),
			   s->signed_in ? SV_INT(s->actor.id) : SV_NULL,
			   SV_INT(time(NULL))};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_LTPL_INSERT, p, 7, svc_row_int, &new_id) != STORE_OK ||
	    !new_id || svc_audit_id(s, "letter_template.create", "letter_template", new_id) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "letters_template_add");
	free(enc);
	buf_free(&sc.names);
	if (rc == SVC_OK && id)
		*id = new_id;
	return rc;
}

int letters_template_upload(svc *s, const struct letter_template_input *in, int64_t *id)
{
	if (!svc_may(s, ACT_LETTER_TEMPLATES))
		return SVC_FORBIDDEN;
	if (!in || !line_ok(in->name, LETTER_TPL_NAME_MAX))
		return svc_fail(s, SVC_INVALID, "name", letters_template_fields[LTPL_NAME].message);
	if (!line_ok(in->category, LETTER_TPL_CATEGORY_MAX))
		return svc_fail(s, SVC_INVALID, "category",
				letters_template_fields[LTPL_CATEGORY].message);
	size_t b64 = in->odt ? strlen(in->odt) : 0;
	unsigned char *bytes = b64 ? malloc(b64) : NULL;
	size_t n = 0;
	if (!bytes || sodium_base642bin(bytes, b64, in->odt, b64, " \r\n", &n, NULL,
				       sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    n == 0 || n > LETTER_TPL_BYTES_MAX) {
		free(bytes);
		return svc_fail(s, SVC_INVALID, "odt", letters_template_fields[LTPL_ODT].message);
	}
	int rc = letters_template_add(s, in->name, in->category, bytes, n, id);
	free(bytes);
	return rc;
}

struct tpl_relay {
	letter_template_fn fn;
	void *ctx;
	buf *odt;   /* the bytes, decoded (get only) */
	int worker; /* retired templates are not shown */
	int found;
	int bad;    /* the stored bytes do not decode */
};

static int tpl_row(void *ctx, const store_row *row)
{
	struct tpl_relay *r = ctx;
	struct letter_template_view v = {
		.id = store_row_int(row, LTPL_COL_ID),
		.code = store_row_text(row, LTPL_COL_CODE),
		.name = store_row_text(row, LTPL_COL_NAME),
		.category = store_row_text(row, LTPL_COL_CATEGORY),
		.active = (int)store_row_int(row, LTPL_COL_ACTIVE),
		.fields = store_row_text(row, LTPL_COL_FIELDS),
		.uploaded_at = store_row_int(row, LTPL_COL_UPLOADED_AT),
	};
	if (r->worker && !v.active)
		return 0;
	r->found = 1;
	if (r->odt) {
		const char *b64 = store_row_text(row, LTPL_COL_ODT);
		size_t len = b64 ? strlen(b64) : 0, n = 0;
		unsigned char *bytes = malloc(len + 1);
		if (!bytes)
			log_fatal("out of memory");
		if (sodium_base642bin(bytes, len + 1, b64 ? b64 : "", len, NULL, &n, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0)
			r->bad = 1;
		else
			buf_add(r->odt, bytes, n);
		free(bytes);
	}
	return r->fn ? r->fn(r->ctx, &v) : 0;
}

int letters_templates_list(svc *s, int all, letter_template_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_LETTER_TEMPLATES_READ))
		return SVC_FORBIDDEN;
	int editor = svc_may(s, ACT_LETTER_TEMPLATES);
	struct tpl_relay r = {fn, ctx, NULL, !editor, 0, 0};
	store_value p[] = {SV_INT(all && editor)};
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_LTPL_LIST, p, 1, tpl_row, &r) != STORE_OK)
		return svc_abort(s, "letters_templates_list");
	return SVC_OK;
}

/* Reads template id (a worker: active only) into r. */
static int template_read(svc *s, int64_t id, struct tpl_relay *r)
{
	store_value p[] = {SV_INT(id)};
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_LTPL_GET, p, 1, tpl_row, r) != STORE_OK)
		return svc_abort(s, "letters_template_get");
	if (r->bad)
		return svc_abort(s, "letters_template_get: stored bytes");
	return r->found ? SVC_OK : SVC_NOT_FOUND;
}

int letters_template_get(svc *s, int64_t id, letter_template_fn fn, void *ctx, buf *odt)
{
	if (!svc_may(s, ACT_LETTER_TEMPLATES_READ))
		return SVC_FORBIDDEN;
	struct tpl_relay r = {fn, ctx, odt, !svc_may(s, ACT_LETTER_TEMPLATES), 0, 0};
	return template_read(s, id, &r);
}

int letters_may_edit(const svc *s)
{
	return svc_may(s, ACT_LETTER_TEMPLATES);
}

int letters_template_set_active(svc *s, int64_t id, int active)
{
	if (!svc_may(s, ACT_LETTER_TEMPLATES))
		return SVC_FORBIDDEN;
	struct tpl_relay r = {NULL, NULL, NULL, 0, 0, 0};
	int rc = template_read(s, id, &r);
	if (rc != SVC_OK)
		return rc;
	store_value p[] = {SV_INT(id), SV_INT(active != 0)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_LTPL_SET_ACTIVE, p, 2, NULL, NULL) != STORE_OK ||
	    svc_audit_id(s, active ? "letter_template.restore" : "letter_template.retire",
			 "letter_template", id) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "letters_template_set_active");
	return SVC_OK;
}

int letters_template_replace(svc *s, int64_t id, const void *odt, size_t n)
{
	if (!svc_may(s, ACT_LETTER_TEMPLATES))
		return SVC_FORBIDDEN;
	struct tpl_relay r = {NULL, NULL, NULL, 0, 0, 0};
	int rc = template_read(s, id, &r);
	if (rc != SVC_OK)
		return rc;
	struct scan sc;
	rc = odt_check(s, odt, n, &sc);
	if (rc != SVC_OK)
		return rc;
	char *enc = to_base64(odt, n);
	store_value p[] = {SV_INT(id), SV_TEXT(buf_cstr(&sc.names)), SV_TEXT(enc),
			   SV_INT(s->actor.id), SV_INT(time(NULL))};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_LTPL_REPLACE, p, 5, NULL, NULL) != STORE_OK ||
	    svc_audit_id(s, "letter_template.replace", "letter_template", id) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "letters_template_replace");
	free(enc);
	buf_free(&sc.names);
	return rc;
}

/* The shipped templates' names and categories, by code. */
static const struct shipped_label {
	const char *code, *name, *category;
} shipped_labels[] = {
	{"attestation_suivi", N_("Attestation de suivi"), N_("Attestation")},
	{"demande_aide_financiere", N_("Demande d'aide financière"), N_("Aide financière")},
	{"invitation_rendez_vous", N_("Invitation à un rendez-vous"), N_("Rendez-vous")},
	{"note_liaison_medecin", N_("Note de liaison au médecin du travail"), N_("Santé au travail")},
	{"orientation_partenaire", N_("Orientation vers un partenaire"), N_("Orientation")},
};

static const struct shipped_label *label_of(const char *code)
{
	for (size_t i = 0; i < sizeof shipped_labels / sizeof *shipped_labels; i++)
		if (strcmp(shipped_labels[i].code, code) == 0)
			return &shipped_labels[i];
	return NULL;
}

int letters_install_shipped(svc *s, int *installed)
{
	if (!s->system)
		return SVC_FORBIDDEN;
	int n = 0;
	store *db = svc_db(s);
	if (!db || svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "letters_install_shipped");
	for (int i = 0; i < letters_shipped_count; i++) {
		const struct odt_shipped *t = &letters_shipped[i];
		const struct shipped_label *l = label_of(t->code);
		int64_t have = 0;
		store_value c[] = {SV_TEXT(t->code)};
		if (store_exec(db, ST_LTPL_BY_CODE, c, 1, svc_row_int, &have) != STORE_OK)
			return svc_abort(s, "letters_install_shipped");
		if (have)
			continue;
		struct scan sc;
		buf_init(&sc.names, FIELDS_MAX);
		sc.unknown[0] = '\0';
		if (odt_scan(t->odt, t->len, scan_field, &sc) != ODT_OK) {
			buf_free(&sc.names);
			log_error("shipped template %s: unknown field {%s}", t->code, sc.unknown);
			return svc_abort(s, "letters_install_shipped");
		}
		char *enc = to_base64(t->odt, t->len);
		int64_t id = 0;
		store_value p[] = {SV_TEXT(t->code),
				   SV_TEXT(l ? _(l->name) : t->code),
				   SV_TEXT(l ? _(l->category) : _("Autre")),
				   SV_TEXT(buf_cstr(&sc.names)),
				   SV_TEXT(enc),
				   SV_NULL,
				   SV_INT(time(NULL))};
		int rc = store_exec(db, ST_LTPL_INSERT, p, 7, svc_row_int, &id);
		free(enc);
		buf_free(&sc.names);
		/* Shipped with relais, like the reference lists its migrations
		   seed: part of the product, not an act of anyone's, so not in
		   the access log (an upload is). */
		if (rc != STORE_OK)
			return svc_abort(s, "letters_install_shipped");
		n++;
	}
	if (svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "letters_install_shipped");
	if (installed)
		*installed = n;
	return SVC_OK;
}

/* ---- generating ---- */

/* The values merged into a letter, by field (letters_fields' order). */
struct merge {
	const char *values[sizeof letters_fields / sizeof *letters_fields];
	char opened_on[16], today[16], start[64], amount[MONEY_TEXT_MAX + 8];
	char header[2560]; /* the letterhead: 600 characters (service/notice.h) */
	char *last, *first, *referent, *organisation, *partner, *address, *funder;
	int64_t person_id;
	char case_opened[DATE_LEN + 1];
};

static void merge_free(struct merge *m)
{
	char **owned[] = {&m->last, &m->first, &m->referent, &m->organisation,
			  &m->partner, &m->address, &m->funder};
	for (size_t i = 0; i < sizeof owned / sizeof *owned; i++) {
		if (*owned[i])
			sodium_memzero(*owned[i], strlen(*owned[i]));
		free(*owned[i]);
		*owned[i] = NULL;
	}
}

static const char *merge_value(void *ctx, const char *name)
{
	struct merge *m = ctx;
	for (int i = 0; letters_fields[i]; i++)
		if (strcmp(letters_fields[i], name) == 0)
			return m->values[i] && *m->values[i] ? m->values[i] : NULL;
	return NULL;
}

static void set_value(struct merge *m, const char *field, const char *value)
{
	for (int i = 0; letters_fields[i]; i++)
		if (strcmp(letters_fields[i], field) == 0)
			m->values[i] = value;
}

static char *dup_text(const char *t)
{
	return t && *t ? strdup(t) : NULL;
}

/* "2026-12-03" as "03/12/2026" (French dates in letters). */
static void french_date(const char *iso, char *out, size_t n)
{
	if (iso && strlen(iso) >= 10)
		snprintf(out, n, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, n, "%s", iso ? iso : "");
}

static int context_row(void *ctx, const store_row *row)
{
	void **a = ctx;
	svc *s = a[0];
	struct merge *m = a[1];
	m->person_id = store_row_int(row, LETTER_CTX_COL_PERSON_ID);
	persons_names_of_row(s, m->person_id, row, LETTER_CTX_COL_LAST_NAME,
			     LETTER_CTX_COL_FIRST_NAME, &m->last, &m->first);
	svc_row_copy(row, LETTER_CTX_COL_OPENED_ON, m->case_opened, sizeof m->case_opened);
	m->referent = dup_text(store_row_text(row, LETTER_CTX_COL_REFERENT_NAME));
	m->organisation = dup_text(store_row_text(row, LETTER_CTX_COL_ORG_NAME));
	return 1;
}

static int partner_row(void *ctx, const store_row *row)
{
	struct merge *m = ctx;
	if (store_row_text(row, PARTNER_COL_MERGED_INTO))
		return 1;
	m->partner = dup_text(store_row_text(row, PARTNER_COL_NAME));
	m->address = dup_text(store_row_text(row, PARTNER_COL_ADDRESS));
	return 1;
}

struct appointment_out {
	int64_t person_id;
	char start[32];
};

static int appointment_row(void *ctx, const store_row *row)
{
	struct appointment_out *a = ctx;
	a->person_id = store_row_int(row, APPOINTMENT_COL_PERSON_ID);
	svc_row_copy(row, APPOINTMENT_COL_START_AT, a->start, sizeof a->start);
	return 1;
}

struct aid_out {
	int64_t case_id;
	int64_t cents;
	char *funder;
};

static int aid_row(void *ctx, const store_row *row)
{
	struct aid_out *a = ctx;
	a->case_id = store_row_int(row, AID_COL_CASE_ID);
	a->cents = store_row_int(row, AID_COL_AMOUNT_REQUESTED_CENTS);
	a->funder = dup_text(store_row_text(row, AID_COL_FUNDER));
	return 1;
}

static int funder_label(void *ctx, const struct reference_item *item)
{
	struct merge *m = ctx;
	m->funder = dup_text(item->label);
	return 1;
}

static int uses(const char *fields, const char *prefix)
{
	return fields && strstr(fields, prefix) != NULL;
}

/* The values of the partner, the appointment and the aid the template
   names; SVC_OK or a refusal naming the input field. */
static int merge_records(svc *s, int64_t case_id, const char *fields,
			 const struct letter_input *in, struct merge *m)
{
	store *db = svc_db(s);
	if (uses(fields, "partenaire.")) {
		if (!in->partner_id)
			return svc_fail(s, SVC_INVALID, "partner_id",
					N_("Ce modèle s'adresse à un partenaire : choisissez-le dans "
					   "l'annuaire."));
		store_value p[] = {SV_INT(in->partner_id)};
		if (store_exec(db, ST_PARTNER_GET, p, 1, partner_row, m) != STORE_OK)
			return svc_abort(s, "letters_generate");
		if (!m->partner)
			return svc_fail(s, SVC_INVALID, "partner_id",
					letters_fields_input[LETTER_PARTNER_ID].message);
		set_value(m, "partenaire.nom", m->partner);
		set_value(m, "partenaire.adresse", m->address);
	}
	if (uses(fields, "rendez_vous.")) {
		struct appointment_out a = {0, ""};
		store_value p[] = {SV_INT(in->appointment_id)};
		if (in->appointment_id &&
		    store_exec(db, ST_APPOINTMENT_GET, p, 1, appointment_row, &a) != STORE_OK)
			return svc_abort(s, "letters_generate");
		if (!in->appointment_id || a.person_id != m->person_id || strlen(a.start) < 16)
			return svc_fail(s, SVC_INVALID, "appointment_id",
					N_("Ce modèle cite un rendez-vous : choisissez un rendez-vous "
					   "de la personne."));
		char day[16];
		french_date(a.start, day, sizeof day);
		snprintf(m->start, sizeof m->start, _("%s à %.2sh%.2s"), day, a.start + 11,
			 a.start + 14);
		set_value(m, "rendez_vous.debut", m->start);
	}
	if (uses(fields, "aide.")) {
		struct aid_out a = {0, 0, NULL};
		store_value p[] = {SV_INT(in->aid_id)};
		if (in->aid_id && store_exec(db, ST_AID_GET, p, 1, aid_row, &a) != STORE_OK)
			return svc_abort(s, "letters_generate");
		m->funder = a.funder;
		/* The funder's name as the list says it ("CCAS"), not its code. */
		if (a.funder && reference_get(s, "funder", a.funder, funder_label, m) == SVC_OK &&
		    m->funder != a.funder)
			free(a.funder);
		if (!in->aid_id || a.case_id != case_id)
			return svc_fail(s, SVC_INVALID, "aid_id",
					N_("Ce modèle cite une aide : choisissez une aide de ce suivi."));
		char money[MONEY_TEXT_MAX];
		if (a.cents > 0 && money_format(a.cents, money, sizeof money))
			snprintf(m->amount, sizeof m->amount, "%s", money); /* "350,00 €" */
		set_value(m, "aide.montant_demande", m->amount);
		set_value(m, "aide.organisme", m->funder);
	}
	return SVC_OK;
}

/* The consent rule: a letter to a partner that names the person needs
   her dated consent to share (as an orientation sending her details). */
static int consent_check(svc *s, const char *fields, const struct letter_input *in,
			 const struct merge *m)
{
	if (!uses(fields, "partenaire.") || !uses(fields, "personne."))
		return SVC_OK;
	const char *consent = in->share_consent_on && *in->share_consent_on ? in->share_consent_on
									     : NULL;
	if (!consent)
		return svc_fail(s, SVC_INVALID, "share_consent_on",
				N_("Ce courrier transmet des informations sur la personne à un "
				   "partenaire : indiquez la date de son consentement au partage."));
	struct orientation_new o = {m->today, consent, 1, m->case_opened, m->today};
	if (orientation_check_new(&o, &s->err) != 0) {
		s->err.field = "share_consent_on";
		return SVC_INVALID;
	}
	return SVC_OK;
}

/* Which input a missing value is asked in. */
static const char *input_of(const char *field)
{
	if (strncmp(field, "partenaire.", 11) == 0)
		return "partner_id";
	if (strncmp(field, "rendez_vous.", 12) == 0)
		return "appointment_id";
	if (strncmp(field, "aide.", 5) == 0)
		return "aid_id";
	return "template_id";
}

/* Seals the letter's title and its .odt (base64) and writes them. */
static int seal_letter(svc *s, int64_t id, const char *title, const buf *odt)
{
	char *enc = to_base64(odt->data, odt->len);
	size_t enc_len = strlen(enc);
	const char *const columns[] = {TITLE_COLUMN, ODT_COLUMN}, *const texts[] = {title, enc};
	int rc = svc_seal_write(s, ST_LETTER_SEAL, id, 2, columns, texts);
	sodium_memzero(enc, enc_len);
	free(enc);
	return rc;
}

/* The template's name and fields, copied out of its row. */
struct tpl_copy {
	char fields[FIELDS_MAX + 1];
	char name[LETTER_TPL_NAME_MAX * 4 + 1];
};

static int tpl_copy(void *ctx, const struct letter_template_view *v)
{
	struct tpl_copy *c = ctx;
	snprintf(c->fields, sizeof c->fields, "%s", v->fields ? v->fields : "");
	snprintf(c->name, sizeof c->name, "%s", v->name ? v->name : "");
	return 1;
}

static int header_row(void *ctx, const store_row *row)
{
	const char *v = store_row_text(row, SCALAR_COL_VALUE);
	snprintf(ctx, sizeof ((struct merge *)0)->header, "%s", v ? v : "");
	return 1;
}

/* Everything but the template's own merge: the values, the consent. */
static int merge_prepare(svc *s, int64_t case_id, const struct letter_input *in,
			 const char *fields, struct merge *m)
{
	void *a[] = {s, m};
	store_value c[] = {SV_INT(case_id)};
	if (store_exec(svc_db(s), ST_LETTER_CONTEXT, c, 1, context_row, a) != STORE_OK)
		return svc_abort(s, "letters_generate");
	if (!m->person_id)
		return SVC_NOT_FOUND;
	date_today(m->today);
	french_date(m->case_opened, m->opened_on, sizeof m->opened_on);
	store_value h[] = {SV_TEXT(LETTER_HEADER_SETTING)};
	if (store_exec(svc_db(s), ST_SETTING_GET, h, 1, header_row, m->header) != STORE_OK)
		return svc_abort(s, "letters_generate");
	if (!m->header[0])
		snprintf(m->header, sizeof m->header, "%s", _(DEFAULT_HEADER));
	set_value(m, "personne.nom", m->last);
	set_value(m, "personne.prenom", m->first);
	set_value(m, "suivi.ouvert_le", m->opened_on);
	set_value(m, "assistante.nom", m->referent);
	set_value(m, "organisation.nom", m->organisation);
	set_value(m, "service.entete", m->header);
	int rc = merge_records(s, case_id, fields, in, m);
	return rc != SVC_OK ? rc : consent_check(s, fields, in, m);
}

int letters_generate(svc *s, int64_t case_id, const struct letter_input *in, int64_t *id)
{
	if (!svc_may(s, ACT_RECORD))
		return SVC_FORBIDDEN;
	/* The check and everything the letter reads in one snapshot; the merge
	   on no connection (the writer is not held while the document is
	   built); the letter written in one transaction that checks the access
	   again, so a share ended or a case handed over meanwhile writes
	   nothing. */
	int rc = svc_snapshot_gate(s, ST_CASE_ACCESS, "case", case_id, "letter.create_denied",
				   "letters_generate");
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	struct tpl_copy t = {"", ""};
	struct tpl_relay r = {tpl_copy, &t, NULL, 1, 0, 0};
	buf tpl, out;
	buf_init(&tpl, 0);
	buf_init(&out, 0);
	r.odt = &tpl;
	struct merge m;
	memset(&m, 0, sizeof m);
	char today_fr[16];
	rc = in && in->template_id > 0 ? template_read(s, in->template_id, &r) : SVC_NOT_FOUND;
	if (rc == SVC_NOT_FOUND)
		rc = svc_fail(s, SVC_INVALID, "template_id",
			      letters_fields_input[LETTER_TEMPLATE_ID].message);
	if (rc == SVC_OK)
		rc = merge_prepare(s, case_id, in, t.fields, &m);
	store_rollback(db); /* the snapshot ends (already, after a failure) */
	if (rc != SVC_OK)
		goto out;
	french_date(m.today, today_fr, sizeof today_fr);
	set_value(&m, "date_du_jour", today_fr);
	char missing[ODT_FIELD_MAX + 1];
	int orc = odt_merge(tpl.data, tpl.len, merge_value, &m, &out, missing);
	if (orc == ODT_STOPPED && missing[0]) {
		rc = fail_naming(s, input_of(missing),
				 N_("Le champ "), missing,
				 N_(" du modèle n'a pas de valeur pour ce suivi : complétez la fiche "
				    "avant de générer le courrier."));
		goto out;
	}
	if (orc != ODT_OK) {
		log_error("letters_generate: template %" PRId64 ": %s", in->template_id,
			  odt_strerror(orc));
		rc = svc_fail(s, SVC_INVALID, "template_id", odt_strerror(orc));
		goto out;
	}
	char title[LETTER_TITLE_MAX * 4 + 1];
	snprintf(title, sizeof title, "%s — %s %s", t.name, m.last ? m.last : "",
		 m.first ? m.first : "");
	int with_partner = uses(t.fields, "partenaire.");
	store_value p[] = {SV_INT(case_id),
			   SV_INT(in->template_id),
			   with_partner ? SV_INT(in->partner_id) : SV_NULL,
			   with_partner && in->share_consent_on && *in->share_consent_on
				   ? SV_TEXT(in->share_consent_on)
				   : SV_NULL,
			   SV_INT(s->actor.id),
			   SV_INT(time(NULL))};
	int64_t new_id = 0;
	char object[48];
	rc = cases_gate_begin(s, case_id, "letter.create_denied");
	if (rc != SVC_OK)
		goto out;
	if (store_exec(db, ST_LETTER_INSERT, p, 6, svc_row_int, &new_id) != STORE_OK ||
	    !new_id || seal_letter(s, new_id, title, &out) != STORE_OK ||
	    (snprintf(object, sizeof object, "%" PRId64 ";case=%" PRId64, new_id, case_id),
	     svc_audit(s, "letter.create", "letter", object) != 0) ||
	    svc_tx_commit(s) != STORE_OK) {
		rc = svc_abort(s, "letters_generate");
		goto out;
	}
	if (id)
		*id = new_id;
out:
	merge_free(&m);
	buf_free(&tpl);
	sodium_memzero(out.data ? out.data : (char *)"", out.data ? out.len : 0);
	buf_free(&out);
	return rc;
}

/* ---- reading ---- */

struct letter_relay {
	svc *s;
	letter_fn fn;
	void *ctx;
	buf *odt;  /* the document, opened (letters_read) */
	int rows;
	int bad;   /* the document does not open */
};

static int letter_row(void *ctx, const store_row *row)
{
	struct letter_relay *r = ctx;
	int64_t id = store_row_int(row, LETTER_COL_ID);
	char *title = svc_unseal_col_at(r->s, TITLE_COLUMN, id, row, LETTER_COL_TITLE);
	struct letter_view v = {
		.id = id,
		.case_id = store_row_int(row, LETTER_COL_CASE_ID),
		.template_id = store_row_int(row, LETTER_COL_TEMPLATE_ID),
		.template_name = store_row_text(row, LETTER_COL_TEMPLATE_NAME),
		.partner_id = store_row_int(row, LETTER_COL_PARTNER_ID),
		.share_consent_on = store_row_text(row, LETTER_COL_SHARE_CONSENT_ON),
		.author = store_row_text(row, LETTER_COL_AUTHOR_LOGIN),
		.created_at = store_row_int(row, LETTER_COL_CREATED_AT),
		.title = title ? title : "",
	};
	r->rows++;
	if (r->odt) {
		char *b64 = svc_unseal_col_at(r->s, ODT_COLUMN, id, row, LETTER_COL_ODT);
		size_t len = b64 ? strlen(b64) : 0, n = 0;
		unsigned char *bytes = malloc(len + 1);
		if (!bytes)
			log_fatal("out of memory");
		if (!b64 || svc_is_tampered(b64) ||
		    sodium_base642bin(bytes, len + 1, b64, len, NULL, &n, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0)
			r->bad = 1;
		else
			buf_add(r->odt, bytes, n);
		if (b64) {
			sodium_memzero(b64, len);
			free(b64);
		}
		sodium_memzero(bytes, len + 1);
		free(bytes);
	}
	int stop = r->fn ? r->fn(r->ctx, &v) : 0;
	free(title);
	return stop;
}

int letters_list(svc *s, int64_t case_id, letter_fn fn, void *ctx)
{
	int rc = svc_gate_begin(s, ST_CASE_ACCESS, "case", case_id, "letter.list_denied");
	if (rc != SVC_OK)
		return rc;
	struct letter_relay r = {s, fn, ctx, NULL, 0, 0};
	store_value p[] = {SV_INT(case_id)};
	if (svc_audit_id(s, "letter.list", "case", case_id) != 0 ||
	    store_exec(svc_db(s), ST_LETTERS_OF_CASE, p, 1, letter_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "letters_list");
	return SVC_OK;
}

struct choice_relay {
	letter_choice_fn fn;
	void *ctx;
};

static int choice_appointment(void *ctx, const store_row *row)
{
	struct choice_relay *r = ctx;
	struct letter_choice c = {
		.kind = LETTER_CHOICE_APPOINTMENT,
		.id = store_row_int(row, LETTER_APPT_COL_ID),
		.start = store_row_text(row, LETTER_APPT_COL_START_AT),
		.status = store_row_text(row, LETTER_APPT_COL_STATUS),
	};
	return r->fn(r->ctx, &c);
}

static int choice_aid(void *ctx, const store_row *row)
{
	struct choice_relay *r = ctx;
	struct letter_choice c = {
		.kind = LETTER_CHOICE_AID,
		.id = store_row_int(row, AID_COL_ID),
		.aid_kind = store_row_text(row, AID_COL_KIND),
		.funder = store_row_text(row, AID_COL_FUNDER),
		.decision = store_row_text(row, AID_COL_DECISION),
		.submitted_on = store_row_text(row, AID_COL_SUBMITTED_ON),
		.cents = store_row_int(row, AID_COL_AMOUNT_REQUESTED_CENTS),
	};
	return r->fn(r->ctx, &c);
}

int letters_choices(svc *s, int64_t case_id, letter_choice_fn fn, void *ctx)
{
	int rc = svc_gate_begin(s, ST_CASE_ACCESS, "case", case_id, "letter.list_denied");
	if (rc != SVC_OK)
		return rc;
	struct choice_relay r = {fn, ctx};
	store_value p[] = {SV_INT(case_id)};
	if (svc_audit_id(s, "letter.choices", "case", case_id) != 0 ||
	    store_exec(svc_db(s), ST_LETTER_APPOINTMENTS, p, 1, choice_appointment, &r) != STORE_OK ||
	    store_exec(svc_db(s), ST_AIDS_OF_CASE, p, 1, choice_aid, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "letters_choices");
	return SVC_OK;
}

int letters_of_person(svc *s, int64_t person_id, letter_fn fn, void *ctx)
{
	struct letter_relay r = {s, fn, ctx, NULL, 0, 0};
	store_value p[] = {SV_INT(person_id)};
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_LETTERS_OF_PERSON, p, 1, letter_row, &r) != STORE_OK)
		return svc_abort(s, "letters_of_person");
	return SVC_OK;
}

int letters_odt(svc *s, int64_t id, letter_fn fn, void *ctx, buf *out)
{
	struct letter_relay r = {s, fn, ctx, out, 0, 0};
	store_value p[] = {SV_INT(id)};
	buf_reset(out);
	if (store_exec(svc_db(s), ST_LETTER_GET, p, 1, letter_row, &r) != STORE_OK)
		return svc_abort(s, "letters_odt");
	if (!r.rows)
		return SVC_NOT_FOUND;
	return r.bad ? svc_fail(s, SVC_CONFLICT, NULL, N_("Ce document chiffré ne s'ouvre pas."))
		     : SVC_OK;
}

static const struct {
	const char *type, *ext;
} formats[] = {
	[LETTER_ODT] = {"application/vnd.oasis.opendocument.text", "odt"},
	[LETTER_PDF] = {"application/pdf", "pdf"},
	[LETTER_TEXT] = {"text/plain; charset=utf-8", "txt"},
};

const char *letters_media_type(enum letter_format f)
{
	return formats[f].type;
}

const char *letters_extension(enum letter_format f)
{
	return formats[f].ext;
}

int letters_read(svc *s, int64_t id, enum letter_format format, letter_fn fn, void *ctx, buf *out)
{
	int rc = svc_gate_begin(s, ST_LETTER_ACCESS, "letter", id, "letter.read_denied");
	if (rc != SVC_OK)
		return rc;
	buf odt;
	buf_init(&odt, 0);
	struct letter_relay r = {s, fn, ctx, &odt, 0, 0};
	store_value p[] = {SV_INT(id)};
	const char *what = format == LETTER_PDF ? "pdf" : format == LETTER_TEXT ? "text" : "odt";
	char object[48];
	snprintf(object, sizeof object, "%" PRId64 ";%s", id, what);
	if (store_exec(svc_db(s), ST_LETTER_GET, p, 1, letter_row, &r) != STORE_OK ||
	    svc_audit(s, "letter.read", "letter", object) != 0 || svc_tx_commit(s) != STORE_OK) {
		rc = svc_abort(s, "letters_read");
	} else if (!r.rows) {
		rc = SVC_NOT_FOUND;
	} else if (r.bad) {
		rc = svc_fail(s, SVC_CONFLICT, NULL, N_("Ce document chiffré ne s'ouvre pas."));
	} else if (format == LETTER_ODT) {
		buf_reset(out);
		buf_add(out, odt.data, odt.len);
	} else if (format == LETTER_TEXT) {
		buf_reset(out);
		if (odt_text(odt.data, odt.len, out) != ODT_OK)
			rc = svc_fail(s, SVC_CONFLICT, NULL, odt_strerror(ODT_BAD_XML));
	} else {
		int c = convert_odt_to_pdf(odt.data, odt.len, out);
		if (c == CONVERT_UNAVAILABLE)
			rc = svc_fail(s, SVC_CONFLICT, "pdf",
				      N_("Conversion PDF indisponible : LibreOffice n'est pas "
					 "installé sur le serveur. Le document reste disponible au "
					 "format ODT."));
		else if (c != CONVERT_OK)
			rc = svc_fail(s, SVC_CONFLICT, "pdf",
				      N_("Conversion PDF indisponible : LibreOffice n'a pas pu "
					 "convertir le document. Il reste disponible au format ODT."));
	}
	if (odt.data)
		sodium_memzero(odt.data, odt.len);
	buf_free(&odt);
	return rc;
}
