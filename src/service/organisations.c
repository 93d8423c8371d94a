/* organisations — see organisations.h. */
#include "service/organisations.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "service/audit.h"
#include "service/internal.h"
#include "service/reference.h"
#include "service/users.h"
#include "support/i18n.h"
#include "support/text.h"

static int code_ok(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n < 2 || n > ORG_CODE_MAX)
		return 0;
	for (const char *p = code; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return 0;
	return 1;
}

static int text_ok(const char *s, size_t max_chars, int required)
{
	if (!s || !*s)
		return !required;
	return text_is_clean_utf8(s, strlen(s), 0) && text_utf8_chars(s) <= max_chars;
}

const struct field organisations_fields[ORGANISATION__FIELDS] = {
	[ORGANISATION_CODE] = {"code", FIELD_CODE, FIELD_REQUIRED, 0, ORG_CODE_MAX,
			       N_("Le code doit compter de 2 à 32 caractères : minuscules sans "
				  "accent, chiffres, « - » et « _ »."),
			       FIELD_AT(struct organisation_input, code)},
	[ORGANISATION_NAME] = {"name", FIELD_LINE, FIELD_REQUIRED, 0, ORG_NAME_MAX,
			       N_("Le nom est obligatoire (200 caractères au plus)."),
			       FIELD_AT(struct organisation_input, name)},
	[ORGANISATION_KIND] = {"kind", FIELD_CODE, FIELD_REQUIRED, 0, 0,
			       N_("Type d'organisation inconnu (collectivite, entreprise, "
				  "etablissement_public, association ou autre)."),
			       FIELD_AT(struct organisation_input, kind)},
	[ORGANISATION_SECTOR] = {"sector", FIELD_LINE, 0, 0, ORG_SECTOR_MAX,
				 N_("Le secteur ne doit pas dépasser 100 caractères."),
				 FIELD_AT(struct organisation_input, sector)},
};

const struct field headcounts_fields[HEADCOUNT__FIELDS] = {
	[HEADCOUNT_YEAR] = {"year", FIELD_YEAR, FIELD_REQUIRED, 0, 0, NULL,
			    FIELD_AT(struct headcount_input, year)},
	[HEADCOUNT_COUNT] = {"headcount", FIELD_INT, FIELD_REQUIRED, 0, HEADCOUNT_MAX,
			     N_("L'effectif doit être un nombre entier positif ou nul."),
			     FIELD_AT(struct headcount_input, headcount)},
};

const struct field assignments_fields[ASSIGNMENT__FIELDS] = {
	[ASSIGNMENT_LOGIN] = {"login", FIELD_LINE, 0, 0, 0,
			      N_("Aucun(e) assistant(e) de service social n'a cet identifiant."),
			      FIELD_AT(struct assignment_input, login)},
};

/* Refuses the value of field f, with the table's name and message. */
static int invalid(svc *s, const struct field *f)
{
	return svc_fail(s, SVC_INVALID, f->name, field_message(f));
}

struct org_relay {
	org_fn fn;
	void *ctx;
	int64_t id; /* the last organisation seen */
};

static int org_row(void *ctx, const store_row *row)
{
	struct org_relay *r = ctx;
	struct org_info o = {
		.id = store_row_int(row, ORG_COL_ID),
		.code = store_row_text(row, ORG_COL_CODE),
		.name = store_row_text(row, ORG_COL_NAME),
		.kind = store_row_text(row, ORG_COL_KIND),
		.sector = store_row_text(row, ORG_COL_SECTOR),
	};
	r->id = o.id;
	return r->fn ? r->fn(r->ctx, &o) : 0;
}

/* Whether the caller sees every organisation (admin, head, command line). */
/* The reception books permanences in any organisation: codes and names
   only, no personal data. */
static int sees_all(const svc *s)
{
	return s->system || (s->signed_in && (s->actor.role == ROLE_ADMIN || s->actor.role == ROLE_HEAD ||
					      s->actor.role == ROLE_RECEPTION));
}

int organisations_list(svc *s, org_fn fn, void *ctx)
{
	/* Whoever books permanences chooses among the organisations (the
	   reception, which has no other use of them). */
	if (!svc_may(s, ACT_ORGS_READ) && !svc_may(s, ACT_PERMANENCES_EDIT))
		return SVC_FORBIDDEN;
	store *db = svc_db(s);
	struct org_relay r = {fn, ctx, 0};
	store_value p[] = {SV_INT(s->actor.id)};
	int rc = sees_all(s) ? store_exec(db, ST_ORG_LIST, NULL, 0, org_row, &r)
			     : store_exec(db, ST_ORG_LIST_ASSIGNED, p, 1, org_row, &r);
	return rc == STORE_OK ? SVC_OK : svc_abort(s, "organisations_list");
}

int organisations_own(svc *s, org_fn fn, void *ctx)
{
	if (s->system || !s->signed_in || s->actor.role != ROLE_EMPLOYER ||
	    !s->actor.organisation_id)
		return SVC_NOT_FOUND;
	struct org_relay r = {fn, ctx, 0};
	store_value p[] = {SV_INT(s->actor.organisation_id)};
	if (store_exec(svc_db(s), ST_ORG_BY_ID, p, 1, org_row, &r) != STORE_OK)
		return svc_abort(s, "organisations_own");
	return r.id ? SVC_OK : SVC_NOT_FOUND;
}

int organisations_create(svc *s, const char *code, const char *name, const char *kind, const char *sector,
		int64_t *id)
{
	if (!svc_may(s, ACT_ORGS_EDIT))
		return SVC_FORBIDDEN;
	if (!code_ok(code))
		return invalid(s, &organisations_fields[ORGANISATION_CODE]);
	if (!text_ok(name, ORG_NAME_MAX, 1))
		return invalid(s, &organisations_fields[ORGANISATION_NAME]);
	int rc = reference_check(s, "organisation_kind", kind, 0);
	if (rc == SVC_INVALID)
		return invalid(s, &organisations_fields[ORGANISATION_KIND]);
	if (rc != SVC_OK)
		return rc;
	if (!text_ok(sector, ORG_SECTOR_MAX, 0))
		return invalid(s, &organisations_fields[ORGANISATION_SECTOR]);
	store *db = svc_db(s);
	int64_t new_id = 0;
	store_value p[] = {SV_TEXT(code), SV_TEXT(name), SV_TEXT(kind),
			   SV_TEXT(sector && *sector ? sector : NULL), SV_INT(time(NULL))};
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "organisations_create");
	rc = store_exec(db, ST_ORG_INSERT, p, 5, svc_row_int, &new_id);
	if (rc == STORE_CONSTRAINT) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_CONFLICT, "code", N_("Ce code d'organisation est déjà utilisé."));
	}
	if (rc != STORE_OK || svc_audit(s, "organisation.create", "organisation", code) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "organisations_create");
	if (id)
		*id = new_id;
	return SVC_OK;
}

int organisations_lookup_id(svc *s, const char *code, int64_t *id)
{
	struct org_relay r = {NULL, NULL, 0};
	store_value p[] = {SV_TEXT(code)};
	*id = 0;
	if (!code || store_exec(svc_db(s), ST_ORG_BY_CODE, p, 1, org_row, &r) != STORE_OK)
		return code ? svc_abort(s, "organisations_lookup_id") : SVC_NOT_FOUND;
	*id = r.id;
	return r.id ? SVC_OK : SVC_NOT_FOUND;
}

int organisations_visible_id(svc *s, const char *code, int64_t *id)
{
	int rc = organisations_lookup_id(s, code, id);
	if (rc != SVC_OK || sees_all(s))
		return rc;
	if (!s->signed_in)
		return SVC_NOT_FOUND;
	if (s->actor.role == ROLE_EMPLOYER)
		return *id == s->actor.organisation_id ? SVC_OK : SVC_NOT_FOUND;
	int64_t n = 0;
	store_value p[] = {SV_INT(*id), SV_INT(s->actor.id)};
	if (store_exec(svc_db(s), ST_ASSIGN_CHECK, p, 2, svc_row_int, &n) != STORE_OK)
		return svc_abort(s, "organisations_visible_id");
	return n ? SVC_OK : SVC_NOT_FOUND;
}

struct detail {
	headcount_fn headcounts;
	assigned_fn workers;
	void *ctx;
};

static int headcount_row(void *ctx, const store_row *row)
{
	struct detail *d = ctx;
	return d->headcounts(d->ctx, store_row_int(row, HEADCOUNT_COL_YEAR),
			     store_row_int(row, HEADCOUNT_COL_HEADCOUNT));
}

static int worker_row(void *ctx, const store_row *row)
{
	struct detail *d = ctx;
	return d->workers(d->ctx, store_row_text(row, ASSIGN_COL_LOGIN),
			  store_row_text(row, ASSIGN_COL_NAME));
}

int organisations_get(svc *s, const char *code, org_fn org, headcount_fn headcounts, assigned_fn workers,
	     void *ctx)
{
	if (!svc_may(s, ACT_ORGS_READ))
		return SVC_FORBIDDEN;
	int64_t id;
	int rc = organisations_visible_id(s, code, &id);
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	struct org_relay r = {org, ctx, 0};
	struct detail d = {headcounts, workers, ctx};
	store_value p[] = {SV_INT(id)};
	if (store_exec(db, ST_ORG_BY_ID, p, 1, org_row, &r) != STORE_OK ||
	    (headcounts && store_exec(db, ST_HEADCOUNT_LIST, p, 1, headcount_row, &d) != STORE_OK) ||
	    (workers && store_exec(db, ST_ASSIGN_LIST, p, 1, worker_row, &d) != STORE_OK))
		return svc_abort(s, "organisations_get");
	return SVC_OK;
}

int organisations_set_headcount(svc *s, const char *code, int64_t year, int64_t headcount)
{
	if (!svc_may(s, ACT_ORGS_EDIT))
		return SVC_FORBIDDEN;
	int64_t id;
	int rc = organisations_lookup_id(s, code, &id);
	if (rc != SVC_OK)
		return rc;
	if (year < HEADCOUNT_YEAR_MIN || year > HEADCOUNT_YEAR_MAX)
		return invalid(s, &headcounts_fields[HEADCOUNT_YEAR]);
	if (headcount < 0 || headcount > HEADCOUNT_MAX)
		return invalid(s, &headcounts_fields[HEADCOUNT_COUNT]);
	store *db = svc_db(s);
	char object[64];
	snprintf(object, sizeof object, "%s/%" PRId64, code, year);
	store_value p[] = {SV_INT(id), SV_INT(year), SV_INT(headcount)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_HEADCOUNT_PUT, p, 3, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "headcount.update", "organisation", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "organisations_set_headcount");
	return SVC_OK;
}

static int change_assignment(svc *s, const char *code, const char *login, int assign)
{
	if (!svc_may(s, ACT_ORGS_ASSIGN))
		return SVC_FORBIDDEN;
	int64_t org;
	int rc = organisations_lookup_id(s, code, &org);
	if (rc != SVC_OK)
		return rc;
	int64_t worker = svc_worker_id(s, login);
	if (!worker)
		return invalid(s, &assignments_fields[ASSIGNMENT_LOGIN]);
	char object[128];
	snprintf(object, sizeof object, "%s/%s", code, login);
	store *db = svc_db(s);
	store_value p[] = {SV_INT(org), SV_INT(worker)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, assign ? ST_ASSIGN_INSERT : ST_ASSIGN_DELETE, p, 2, NULL, NULL) !=
		    STORE_OK ||
	    svc_audit(s, assign ? "assignment.create" : "assignment.delete", "assignment",
			 object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "change_assignment");
	return SVC_OK;
}

int organisations_assign(svc *s, const char *code, const char *login)
{
	return change_assignment(s, code, login, 1);
}

int organisations_unassign(svc *s, const char *code, const char *login)
{
	return change_assignment(s, code, login, 0);
}
