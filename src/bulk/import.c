/* import — see import.h. */
#include "bulk/import.h"

#include <stdio.h>
#include <string.h>

#include "service/cases.h"
#include "service/import.h"
#include "service/interventions.h"
#include "service/organisations.h"
#include "service/persons.h"
#include "support/i18n.h"
#include "support/text.h"

#define COLUMNS_MAX 12

static const struct {
	const char *name;
	const char *columns[COLUMNS_MAX]; /* NULL-terminated */
} kinds[IMPORT__COUNT] = {
	[IMPORT_ORGANISATIONS] = {"organisations", {"code", "name", "kind", "sector"}},
	[IMPORT_HEADCOUNTS] = {"headcounts", {"organisation", "year", "headcount"}},
	[IMPORT_PERSONS] = {"persons",
			    {"ref", "organisation", "last_name", "first_name", "birth_date", "sex",
			     "status", "category", "family_situation", "job_title", "consent_on"}},
	[IMPORT_CASES] = {"cases",
			  {"ref", "person", "referent", "opened_on", "closed_on", "referral_source",
			   "domains", "outcome"}},
	[IMPORT_INTERVENTIONS] = {"interventions",
				  {"case", "date", "mode", "kind", "duration_minutes", "notes"}},
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
					      kinds[kind].columns[i]);
	}
	return text[kind];
}

/* One line being imported: its fields by column. */
struct line {
	const struct csv_record *rec;
	int index[COLUMNS_MAX]; /* field index of each expected column */
};

static const char *col(const struct line *l, int c)
{
	int i = l->index[c];
	return i >= 0 && (size_t)i < l->rec->nfields ? l->rec->fields[i] : "";
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

/* Imports one line; a refusal of its own is described in *why (left
   empty when a use case refused it: svc_error() says why then). */
static int one_line(svc *s, enum import_kind kind, const struct line *l, struct verr *why)
{
	switch (kind) {
	case IMPORT_ORGANISATIONS: {
		int64_t existing = 0;
		if (organisations_lookup_id(s, col(l, 0), &existing) == SVC_OK)
			return refuse(why, SVC_CONFLICT, "code",
					N_("Ce code d'organisation est déjà utilisé."));
		return organisations_create(s, col(l, 0), col(l, 1), col(l, 2), col(l, 3), NULL);
	}
	case IMPORT_HEADCOUNTS: {
		int64_t year, headcount;
		if (text_parse_int(col(l, 1), 1990, 2100, &year) != 0)
			return refuse(why, SVC_INVALID, "year",
					N_("L'année doit être comprise entre 1990 et 2100."));
		if (text_parse_int(col(l, 2), 0, 10000000, &headcount) != 0)
			return refuse(why, SVC_INVALID, "headcount",
					N_("L'effectif doit être un nombre entier positif ou nul."));
		int rc = organisations_set_headcount(s, col(l, 0), year, headcount);
		if (rc == SVC_NOT_FOUND)
			return refuse(why, SVC_INVALID, "organisation", N_("Organisation inconnue."));
		return rc;
	}
	case IMPORT_PERSONS: {
		if (!*col(l, 0))
			return refuse(why, SVC_INVALID, "ref", N_("La référence est obligatoire."));
		if (person_by_ref(s, col(l, 0)))
			return refuse(why, SVC_CONFLICT, "ref", N_("Cette référence est déjà importée."));
		struct person_input in = {
			.organisation = col(l, 1),
			.last_name = col(l, 2),
			.first_name = col(l, 3),
			.birth_date = col(l, 4),
			.sex = col(l, 5),
			.status = col(l, 6),
			.category = col(l, 7),
			.family_situation = col(l, 8),
			.job_title = col(l, 9),
			.consent_on = *col(l, 10) ? col(l, 10) : NULL,
			.statistics = 1,
			.import_ref = col(l, 0),
		};
		return persons_create(s, &in, NULL);
	}
	case IMPORT_CASES: {
		if (!*col(l, 0))
			return refuse(why, SVC_INVALID, "ref", N_("La référence est obligatoire."));
		if (case_by_ref(s, col(l, 0)))
			return refuse(why, SVC_CONFLICT, "ref", N_("Cette référence est déjà importée."));
		int64_t person = person_by_ref(s, col(l, 1));
		if (!person)
			return refuse(why, SVC_INVALID, "person",
					N_("Aucune personne importée n'a cette référence."));
		/* Domains separated by ';'. */
		char copy[1024];
		const char *domains[CASE_DOMAINS_MAX + 1];
		int n = 0;
		snprintf(copy, sizeof copy, "%s", col(l, 6));
		for (char *d = copy, *next; d && *d; d = next) {
			next = strchr(d, ';');
			if (next)
				*next++ = '\0';
			while (*d == ' ')
				d++;
			if (*d && n <= CASE_DOMAINS_MAX)
				domains[n++] = d;
		}
		struct case_input in = {
			.person_id = person,
			.opened_on = col(l, 3),
			.closed_on = col(l, 4),
			.referral_source = col(l, 5),
			.domains = domains,
			.ndomains = n,
			.outcome = col(l, 7),
			.import_ref = col(l, 0),
			.referent = col(l, 2),
		};
		return cases_create(s, &in, NULL);
	}
	case IMPORT_INTERVENTIONS: {
		int64_t case_id = case_by_ref(s, col(l, 0));
		if (!case_id)
			return refuse(why, SVC_INVALID, "case",
					N_("Aucun suivi importé n'a cette référence."));
		int64_t minutes;
		if (text_parse_int(col(l, 4), 0, 1440, &minutes) != 0)
			return refuse(why, SVC_INVALID, "duration_minutes",
					N_("La durée est un nombre de minutes entre 0 et 1440."));
		struct intervention_input in = {
			.date = col(l, 1),
			.mode = col(l, 2),
			.kind = col(l, 3),
			.duration_minutes = minutes,
			.notes = *col(l, 5) ? col(l, 5) : NULL,
		};
		return interventions_create(s, case_id, &in, NULL);
	}
	case IMPORT__COUNT:
		break;
	}
	return SVC_ERROR;
}

int import_table(svc *s, enum import_kind kind, const struct csv_table *t, import_report_fn report,
		 import_progress_fn progress, void *ctx, size_t *imported)
{
	if (kind < 0 || kind >= IMPORT__COUNT)
		return SVC_ERROR;
	*imported = 0;
	if (t->nrecords == 0) {
		report(ctx, 1, "", _("Le fichier est vide : la première ligne doit nommer les colonnes."));
		return SVC_INVALID;
	}
	/* The header names every expected column once, in any order, and nothing else. */
	struct line l;
	const struct csv_record *head = &t->records[0];
	int bad = 0;
	for (int c = 0; c < COLUMNS_MAX; c++) {
		l.index[c] = -1;
		if (!kinds[kind].columns[c])
			continue;
		for (size_t i = 0; i < head->nfields; i++)
			if (strcmp(head->fields[i], kinds[kind].columns[c]) == 0)
				l.index[c] = (int)i;
		if (l.index[c] < 0) {
			report(ctx, head->line, kinds[kind].columns[c], _("colonne absente de l'en-tête"));
			bad++;
		}
	}
	for (size_t i = 0; i < head->nfields; i++) {
		int known = 0;
		for (int c = 0; kinds[kind].columns[c]; c++)
			known |= strcmp(head->fields[i], kinds[kind].columns[c]) == 0;
		if (!known) {
			report(ctx, head->line, head->fields[i], _("colonne inconnue"));
			bad++;
		}
	}
	if (bad)
		return SVC_INVALID;

	int rc = import_begin(s);
	if (rc != SVC_OK)
		return rc;
	size_t total = t->nrecords - 1, done = 0, errors = 0;
	for (size_t r = 1; r < t->nrecords; r++) {
		l.rec = &t->records[r];
		if (l.rec->nfields != head->nfields) {
			report(ctx, l.rec->line, "",
			       _("nombre de colonnes différent de celui de l'en-tête"));
			errors++;
		} else {
			struct verr own = {0};
			svc_error_clear(s);
			rc = one_line(s, kind, &l, &own);
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
