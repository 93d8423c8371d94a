/* import — see import.h. */
#include "bulk/import.h"

#include <stdio.h>
#include <string.h>

#include "domain/account.h"
#include "domain/field.h"
#include "service/cases.h"
#include "service/import.h"
#include "service/interventions.h"
#include "service/organisations.h"
#include "service/persons.h"
#include "service/reference.h"
#include "support/i18n.h"
#include "support/text.h"

#define COLUMNS_MAX 12

/*
 * Each kind's columns are fields (domain/field.h): the use case's own
 * table where the column is one of its inputs, and the import's own
 * columns (references between files, the domains as one cell) below.  A
 * line is read into the kind's line struct, whose first member is the use
 * case's input so that the use case's fields apply to it unchanged.
 */

struct org_line {
	const char *code, *name, *kind, *sector;
};
struct headcount_line {
	const char *organisation;
	int64_t year, headcount;
};
struct person_line {
	struct person_input in; /* first: persons_fields apply */
};
struct case_line {
	struct case_input in; /* first: cases_fields apply */
	const char *person;   /* the person's reference in an earlier file */
	const char *domains;  /* codes separated by ';' */
	char copy[1024];      /* domains, cut at each ';' */
	const char *list[CASE_DOMAINS_MAX + 1]; /* in.domains */
};
struct intervention_line {
	struct intervention_input in; /* first: interventions_fields apply */
	const char *case_ref;         /* the case's reference in an earlier file */
};
/* One line as read, whatever its kind. */
union line_in {
	struct org_line org;
	struct headcount_line headcount;
	struct person_line person;
	struct case_line cas;
	struct intervention_line intervention;
};

/* Organisations and headcounts have no table of their own yet: their
   columns, with the messages of organisations_create and
   organisations_set_headcount. */
static const struct field org_code = {
	"code", FIELD_CODE, 0, 0, ORG_CODE_MAX,
	N_("Le code doit compter de 2 à 32 caractères : minuscules sans accent, chiffres, « - » et "
	   "« _ »."),
	FIELD_AT(struct org_line, code)};
static const struct field org_name = {"name", FIELD_LINE, 0, 0, ORG_NAME_MAX,
				      N_("Le nom est obligatoire (200 caractères au plus)."),
				      FIELD_AT(struct org_line, name)};
static const struct field org_kind = {
	"kind", FIELD_CODE, 0, 0, REFERENCE_CODE_MAX,
	N_("Type d'organisation inconnu (collectivite, entreprise, etablissement_public, "
	   "association ou autre)."),
	FIELD_AT(struct org_line, kind)};
static const struct field org_sector = {"sector", FIELD_LINE, 0, 0, ORG_SECTOR_MAX,
					N_("Le secteur ne doit pas dépasser 100 caractères."),
					FIELD_AT(struct org_line, sector)};
static const struct field headcount_org = {"organisation", FIELD_CODE, 0, 0, ORG_CODE_MAX,
					   N_("Organisation inconnue."),
					   FIELD_AT(struct headcount_line, organisation)};
static const struct field headcount_year = {"year", FIELD_YEAR, FIELD_REQUIRED, 0, 0, NULL,
					    FIELD_AT(struct headcount_line, year)};
static const struct field headcount_count = {
	"headcount", FIELD_INT, FIELD_REQUIRED, 0, 10000000,
	N_("L'effectif doit être un nombre entier positif ou nul."),
	FIELD_AT(struct headcount_line, headcount)};

/* The spreadsheet's references. */
#define REF_MESSAGE N_("La référence est obligatoire.")
static const struct field person_ref = {"ref", FIELD_LINE, FIELD_REQUIRED, 0, 0, REF_MESSAGE,
					FIELD_AT(struct person_line, in.import_ref)};
static const struct field case_ref = {"ref", FIELD_LINE, FIELD_REQUIRED, 0, 0, REF_MESSAGE,
				      FIELD_AT(struct case_line, in.import_ref)};
static const struct field case_person = {"person", FIELD_LINE, 0, 0, 0,
					 N_("Aucune personne importée n'a cette référence."),
					 FIELD_AT(struct case_line, person)};
static const struct field case_referent = {
	"referent", FIELD_CODE, 0, 0, ACCOUNT_LOGIN_MAX,
	N_("Le référent doit être un compte d'assistant(e) de service social."),
	FIELD_AT(struct case_line, in.referent)};
static const struct field case_domains = {"domains", FIELD_LINE, 0, 0, 1000,
					  N_("Domaine ou problématique inconnu."),
					  FIELD_AT(struct case_line, domains)};
static const struct field intervention_case = {"case", FIELD_LINE, 0, 0, 0,
					       N_("Aucun suivi importé n'a cette référence."),
					       FIELD_AT(struct intervention_line, case_ref)};

/* The columns of each kind in the header's documented order, which is
   also the order of the checks. */
static const struct {
	const char *name;
	const struct field *columns[COLUMNS_MAX]; /* NULL-terminated */
} kinds[IMPORT__COUNT] = {
	[IMPORT_ORGANISATIONS] = {"organisations", {&org_code, &org_name, &org_kind, &org_sector}},
	[IMPORT_HEADCOUNTS] = {"headcounts", {&headcount_org, &headcount_year, &headcount_count}},
	[IMPORT_PERSONS] = {"persons",
			    {&person_ref, &persons_fields[PERSON_ORGANISATION],
			     &persons_fields[PERSON_LAST_NAME], &persons_fields[PERSON_FIRST_NAME],
			     &persons_fields[PERSON_BIRTH_DATE], &persons_fields[PERSON_SEX],
			     &persons_fields[PERSON_STATUS], &persons_fields[PERSON_CATEGORY],
			     &persons_fields[PERSON_FAMILY_SITUATION],
			     &persons_fields[PERSON_JOB_TITLE], &persons_fields[PERSON_CONSENT_ON]}},
	[IMPORT_CASES] = {"cases",
			  {&case_ref, &case_person, &case_referent, &cases_fields[CASE_OPENED_ON],
			   &cases_fields[CASE_CLOSED_ON], &cases_fields[CASE_REFERRAL_SOURCE],
			   &case_domains, &cases_fields[CASE_OUTCOME]}},
	[IMPORT_INTERVENTIONS] = {"interventions",
				  {&intervention_case, &interventions_fields[INTERVENTION_DATE],
				   &interventions_fields[INTERVENTION_MODE],
				   &interventions_fields[INTERVENTION_KIND],
				   &interventions_fields[INTERVENTION_DURATION],
				   &interventions_fields[INTERVENTION_NOTES]}},
};

enum import_kind import_kind_from(const char *name)
{
	for (int k = 0; k < IMPORT__COUNT; k++)
		if (name && strcmp(name, kinds[k].name) == 0)
			return (enum import_kind)k;
	return IMPORT__COUNT;
}

const char *import_columns(enum import_kind kind)
{
	static char text[IMPORT__COUNT][256];
	if (kind < 0 || kind >= IMPORT__COUNT)
		return "";
	if (!text[kind][0]) {
		size_t n = 0;
		for (int i = 0; kinds[kind].columns[i]; i++)
			n += (size_t)snprintf(text[kind] + n, sizeof text[kind] - n, "%s%s", i ? "," : "",
					      kinds[kind].columns[i]->name);
	}
	return text[kind];
}

/* One line being imported: its fields by column. */
struct line {
	const struct csv_record *rec;
	int index[COLUMNS_MAX]; /* field index of each expected column */
};

static char *col(const struct line *l, int c)
{
	static char none[1];
	int i = l->index[c];
	return i >= 0 && (size_t)i < l->rec->nfields ? l->rec->fields[i] : none;
}

/* A date as French spreadsheets write it, JJ/MM/AAAA, rewritten in place
   as AAAA-MM-JJ (the same length), which the field's rule then checks;
   anything else is left for the rule to judge. */
static void french_date(char *v)
{
	static const char shape[] = "00/00/0000";
	for (size_t i = 0; i < sizeof shape - 1; i++)
		if (shape[i] == '0' ? !(v[i] >= '0' && v[i] <= '9') : v[i] != '/')
			return;
	if (v[10])
		return;
	char iso[11] = {v[6], v[7], v[8], v[9], '-', v[3], v[4], '-', v[0], v[1], '\0'};
	memcpy(v, iso, sizeof iso);
}

/*
 * Reads line l of kind into dest (the kind's line struct): each column's
 * text, found by the field's name in the header, through field_read.  A
 * column left empty leaves its member as it is.  0, or -1 with the first
 * refusal in *why (naming the column: the fields are named as the columns).
 */
static int import_fields(enum import_kind kind, const struct line *l, void *dest, struct verr *why)
{
	for (int c = 0; kinds[kind].columns[c]; c++) {
		char *v = col(l, c);
		if (kinds[kind].columns[c]->type == FIELD_DATE)
			french_date(v);
		if (field_read(kinds[kind].columns[c], v, dest, why) != 0)
			return -1;
	}
	return 0;
}

/* The service's name for a field, as the spreadsheet calls it. */
static const char *column_of(enum import_kind kind, const char *field)
{
	static const struct {
		enum import_kind kind;
		const char *field, *column;
	} map[] = {
		{IMPORT_PERSONS, "consent.accompaniment_on", "consent_on"},
		{IMPORT_PERSONS, "phone", "phone"},
		{IMPORT_CASES, "person_id", "person"},
		{IMPORT_INTERVENTIONS, "case_id", "case"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].kind == kind && field && strcmp(map[i].field, field) == 0)
			return map[i].column;
	return field ? field : "";
}

/* The id an earlier import gave ref (see service/import.h), or 0. */
static int64_t person_by_ref(svc *s, const char *ref)
{
	int64_t id = 0;
	import_person_id(s, ref, &id);
	return id;
}

static int64_t case_by_ref(svc *s, const char *ref)
{
	int64_t id = 0;
	import_case_id(s, ref, &id);
	return id;
}

/* A line refused before any use case ran: the field and the reason go to
   *why, and rc comes back. */
static int refuse(struct verr *why, int rc, const char *field, const char *message)
{
	why->field = field;
	why->message = message;
	return rc;
}

/* Reads line l of kind into u (each column through its field's rule, the
   domains cut at each ';'): 0, or -1 with the first refusal in *why. */
static int read_line(enum import_kind kind, const struct line *l, union line_in *u,
		     struct verr *why)
{
	memset(u, 0, sizeof *u);
	switch (kind) {
	case IMPORT_ORGANISATIONS:
		u->org = (struct org_line){"", "", "", ""};
		return import_fields(kind, l, &u->org, why);
	case IMPORT_HEADCOUNTS:
		u->headcount.organisation = "";
		return import_fields(kind, l, &u->headcount, why);
	case IMPORT_PERSONS:
		u->person.in = (struct person_input){
			.organisation = "", .last_name = "", .first_name = "", .birth_date = "",
			.sex = "", .status = "", .category = "", .family_situation = "",
			.job_title = "", .statistics = 1};
		return import_fields(kind, l, &u->person, why);
	case IMPORT_CASES: {
		struct case_line *c = &u->cas;
		c->in = (struct case_input){.opened_on = "", .closed_on = "", .referral_source = "",
					    .outcome = "", .referent = ""};
		c->person = "";
		c->domains = "";
		if (import_fields(kind, l, c, why) != 0)
			return -1;
		int n = 0;
		snprintf(c->copy, sizeof c->copy, "%s", c->domains);
		for (char *d = c->copy, *next; d && *d; d = next) {
			next = strchr(d, ';');
			if (next)
				*next++ = '\0';
			while (*d == ' ')
				d++;
			if (*d && n <= CASE_DOMAINS_MAX)
				c->list[n++] = d;
		}
		c->in.domains = c->list;
		c->in.ndomains = n;
		return 0;
	}
	case IMPORT_INTERVENTIONS:
		u->intervention.in = (struct intervention_input){.date = "", .mode = "", .kind = ""};
		u->intervention.case_ref = "";
		return import_fields(kind, l, &u->intervention, why);
	case IMPORT__COUNT:
		break;
	}
	return -1;
}

/* Imports one line read by read_line; a refusal of its own is described
   in *why (left empty when a use case refused it: svc_error() says why
   then). */
static int one_line(svc *s, enum import_kind kind, union line_in *u, struct verr *why)
{
	switch (kind) {
	case IMPORT_ORGANISATIONS: {
		struct org_line *o = &u->org;
		int64_t existing = 0;
		if (organisations_lookup_id(s, o->code, &existing) == SVC_OK)
			return refuse(why, SVC_CONFLICT, "code",
					N_("Ce code d'organisation est déjà utilisé."));
		return organisations_create(s, o->code, o->name, o->kind, o->sector, NULL);
	}
	case IMPORT_HEADCOUNTS: {
		struct headcount_line *h = &u->headcount;
		int rc = organisations_set_headcount(s, h->organisation, h->year, h->headcount);
		if (rc == SVC_NOT_FOUND)
			return refuse(why, SVC_INVALID, "organisation", N_("Organisation inconnue."));
		return rc;
	}
	case IMPORT_PERSONS:
		if (person_by_ref(s, u->person.in.import_ref))
			return refuse(why, SVC_CONFLICT, "ref", N_("Cette référence est déjà importée."));
		return persons_create(s, &u->person.in, NULL);
	case IMPORT_CASES: {
		struct case_line *c = &u->cas;
		if (case_by_ref(s, c->in.import_ref))
			return refuse(why, SVC_CONFLICT, "ref", N_("Cette référence est déjà importée."));
		c->in.person_id = person_by_ref(s, c->person);
		if (!c->in.person_id)
			return refuse(why, SVC_INVALID, "person",
					N_("Aucune personne importée n'a cette référence."));
		return cases_create(s, &c->in, NULL);
	}
	case IMPORT_INTERVENTIONS: {
		int64_t case_id = case_by_ref(s, u->intervention.case_ref);
		if (!case_id)
			return refuse(why, SVC_INVALID, "case",
					N_("Aucun suivi importé n'a cette référence."));
		return interventions_create(s, case_id, &u->intervention.in, NULL);
	}
	case IMPORT__COUNT:
		break;
	}
	return SVC_ERROR;
}

/* Reports why line r of t (not the header) cannot be read into u, if it
   cannot: a column count other than the header's, or a field's refusal.
   0 when it was read. */
static int read_record(enum import_kind kind, const struct csv_table *t, size_t r,
		       struct line *l, union line_in *u, import_report_fn report, void *ctx)
{
	l->rec = &t->records[r];
	if (l->rec->nfields != t->records[0].nfields) {
		report(ctx, l->rec->line, "", _("nombre de colonnes différent de celui de l'en-tête"));
		return -1;
	}
	struct verr why = {0};
	if (read_line(kind, l, u, &why) == 0)
		return 0;
	report(ctx, l->rec->line, column_of(kind, why.field),
	       why.message ? _(why.message) : _("valeur refusée"));
	return -1;
}

/* Checks that t's header names every column of kind once, in any order,
   and nothing else, and finds them (l->index); each fault reported.  0 or
   -1. */
static int read_header(enum import_kind kind, const struct csv_table *t, struct line *l,
		       import_report_fn report, void *ctx)
{
	if (t->nrecords == 0) {
		report(ctx, 1, "", _("Le fichier est vide : la première ligne doit nommer les colonnes."));
		return -1;
	}
	const struct csv_record *head = &t->records[0];
	int bad = 0;
	for (int c = 0; c < COLUMNS_MAX; c++) {
		l->index[c] = -1;
		if (!kinds[kind].columns[c])
			continue;
		for (size_t i = 0; i < head->nfields; i++)
			if (strcmp(head->fields[i], kinds[kind].columns[c]->name) == 0)
				l->index[c] = (int)i;
		if (l->index[c] < 0) {
			report(ctx, head->line, kinds[kind].columns[c]->name,
			       _("colonne absente de l'en-tête"));
			bad++;
		}
	}
	for (size_t i = 0; i < head->nfields; i++) {
		int known = 0;
		for (int c = 0; kinds[kind].columns[c]; c++)
			known |= strcmp(head->fields[i], kinds[kind].columns[c]->name) == 0;
		if (!known) {
			report(ctx, head->line, head->fields[i], _("colonne inconnue"));
			bad++;
		}
	}
	return bad ? -1 : 0;
}

int import_read(enum import_kind kind, const struct csv_table *t, import_report_fn report,
		void *ctx)
{
	if (kind < 0 || kind >= IMPORT__COUNT)
		return SVC_ERROR;
	struct line l;
	if (read_header(kind, t, &l, report, ctx) != 0)
		return SVC_INVALID;
	int bad = 0;
	union line_in u;
	for (size_t r = 1; r < t->nrecords; r++)
		bad |= read_record(kind, t, r, &l, &u, report, ctx) != 0;
	return bad ? SVC_INVALID : SVC_OK;
}

int import_table(svc *s, enum import_kind kind, const struct csv_table *t, import_report_fn report,
		 import_progress_fn progress, void *ctx, size_t *imported)
{
	if (kind < 0 || kind >= IMPORT__COUNT)
		return SVC_ERROR;
	*imported = 0;
	struct line l;
	if (read_header(kind, t, &l, report, ctx) != 0)
		return SVC_INVALID;

	int rc = import_begin(s);
	if (rc != SVC_OK)
		return rc;
	size_t total = t->nrecords - 1, done = 0, errors = 0;
	union line_in u;
	for (size_t r = 1; r < t->nrecords; r++) {
		if (read_record(kind, t, r, &l, &u, report, ctx) != 0) {
			errors++;
		} else {
			struct verr own = {0};
			svc_error_clear(s);
			rc = one_line(s, kind, &u, &own);
			if (rc == SVC_INVALID || rc == SVC_CONFLICT || rc == SVC_NOT_FOUND) {
				const struct verr *why = own.message ? &own : svc_error(s);
				const char *reason = why->message ? _(why->message)
								  : _("valeur refusée");
				report(ctx, l.rec->line, column_of(kind, why->field), reason);
				errors++;
				rc = SVC_OK;
			} else if (rc != SVC_OK) {
				report(ctx, l.rec->line, "", _("erreur interne : import interrompu"));
				errors++;
				break;
			}
		}
		done++;
		if (progress)
			progress(ctx, done, total);
	}
	if (errors) {
		import_end(s, kinds[kind].name, 0, 0);
		return rc == SVC_OK ? SVC_INVALID : rc;
	}
	if ((rc = import_end(s, kinds[kind].name, done, 1)) != SVC_OK)
		return rc;
	*imported = done;
	return SVC_OK;
}
