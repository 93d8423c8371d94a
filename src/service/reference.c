/* reference — see reference.h. */
#include "service/reference.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/audit.h"
#include "service/internal.h"
#include "service/reference_cache.h"
#include "support/i18n.h"
#include "support/log.h"
#include "support/text.h"

const struct reference_list reference_lists[] = {
	{"domain", N_("Domaines et problématiques"), 1, 0},
	{"referral_source", N_("Origine de la demande"), 0, 0},
	{"mode", N_("Mode d'intervention"), 0, 0},
	{"intervention_kind", N_("Type d'intervention"), 0, 0},
	{"status", N_("Statut de l'agent"), 0, 0},
	{"category", N_("Catégorie"), 0, 1},
	{"family_situation", N_("Situation familiale"), 0, 0},
	{"outcome", N_("Issue du suivi"), 0, 0},
	{"partner_kind", N_("Types de partenaires"), 0, 0},
	{"funder", N_("Financeurs d'aide"), 0, 0},
	{"aid_kind", N_("Types d'aide"), 0, 0},
	{"aid_decision", N_("Décisions d'aide"), 0, 0},
	{"convention_kind", N_("Conventions"), 0, 0},
	{"action_topic", N_("Thèmes d'actions collectives"), 0, 0},
	{"action_format", N_("Formats d'actions collectives"), 0, 0},
	{"retention_outcome", N_("Issue du maintien dans l'emploi"), 0, 0},
	{"organisation_kind", N_("Types d'organisation"), 0, 0},
	{"sex", N_("Sexe"), 0, 1},
};
const int reference_lists_count = (int)(sizeof reference_lists / sizeof reference_lists[0]);

const struct reference_list *reference_list_find(const char *code)
{
	if (!code)
		return NULL;
	for (int i = 0; i < reference_lists_count; i++)
		if (strcmp(reference_lists[i].code, code) == 0)
			return &reference_lists[i];
	return NULL;
}

/* ST_REF_GET's row: label, parent, retired. */
struct entry {
	int found;
	int top_level; /* parent is NULL */
	int retired;
	char *label;             /* malloc'd copy when want_label is set (caller frees) */
	int want_label;
	const char *list, *code; /* for reference_get's callback */
	reference_fn fn;         /* reference_get only, else NULL */
	void *ctx;
	int fn_rc;
};

static int entry_row(void *ctx, const store_row *row)
{
	struct entry *e = ctx;
	e->found = 1;
	e->top_level = store_row_is_null(row, REF_GET_COL_PARENT);
	e->retired = store_row_int(row, REF_GET_COL_RETIRED) != 0;
	if (e->want_label) {
		const char *label = store_row_text(row, REF_GET_COL_LABEL);
		e->label = strdup(label ? label : "");
		if (!e->label)
			log_fatal("out of memory");
	}
	if (e->fn) {
		struct reference_item it = {
			.list = e->list,
			.code = e->code,
			.label = store_row_text(row, REF_GET_COL_LABEL),
			.parent = store_row_text(row, REF_GET_COL_PARENT),
			.position = 0,
			.retired = e->retired,
		};
		e->fn_rc = e->fn(e->ctx, &it);
	}
	return 1;
}

/* Reads (list, code) into *e; a store rc. */
static int entry_read(store *db, const char *list, const char *code, struct entry *e)
{
	store_value p[] = {SV_TEXT(list), SV_TEXT(code)};
	return store_exec(db, ST_REF_GET, p, 2, entry_row, e);
}

static int is_code_char(char c, int upper)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
	       (upper && c >= 'A' && c <= 'Z');
}

/* 1 when s is 1–max characters of [a-z0-9_] (and A-Z with upper). */
static int plain_code_ok(const char *s, size_t max, int upper)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_code_char(s[i], upper))
			return 0;
	return 1;
}

/* The form reader's bound on a label, whose length the service judges
   (with its own message). */
#define REFERENCE_LINE_CAP 4096

const struct field reference_add_fields[REF_ADD__FIELDS] = {
	[REF_ADD_LIST] = {"list", FIELD_CODE, 0, 0, 0, N_("Cette liste de référence n'existe pas."),
			  FIELD_AT(struct reference_input, list)},
	[REF_ADD_CODE] = {"code", FIELD_LINE, 0, 0, REFERENCE_CODE_MAX,
			  N_("Le code doit compter de 1 à 40 caractères."),
			  FIELD_AT(struct reference_input, code)},
	[REF_ADD_LABEL] = {"label", FIELD_LINE, 0, 0, REFERENCE_LINE_CAP,
			   N_("Le libellé contient des caractères non valides."),
			   FIELD_AT(struct reference_input, label)},
	[REF_ADD_PARENT] = {"parent", FIELD_LINE, 0, 0, REFERENCE_LINE_CAP,
			    N_("Ce domaine parent n'existe pas ou est retiré."),
			    FIELD_AT(struct reference_input, parent)},
};

const struct field reference_update_fields[REF_UPDATE__FIELDS] = {
	[REF_UPDATE_LABEL] = {"label", FIELD_LINE, 0, 0, REFERENCE_LINE_CAP,
			      N_("Le libellé contient des caractères non valides."),
			      FIELD_AT(struct reference_change, label)},
	[REF_UPDATE_RETIRED] = {"retired", FIELD_BOOL, 0, 0, 0,
				N_("Ce champ doit valoir true ou false."),
				FIELD_AT(struct reference_change, retired)},
};

/* The label rule shared by add and update; 0 or svc_fail's rc. */
static int label_check(svc *s, const char *label)
{
	int blank = 1;
	for (const char *p = label; p && *p; p++)
		if (*p != ' ')
			blank = 0;
	if (blank)
		return svc_fail(s, SVC_INVALID, "label", N_("Le libellé est obligatoire."));
	if (!text_is_clean_utf8(label, strlen(label), 0))
		return svc_fail(s, SVC_INVALID, "label",
				N_("Le libellé contient des caractères non valides."));
	if (text_utf8_chars(label) > REFERENCE_LABEL_MAX)
		return svc_fail(s, SVC_INVALID, "label",
				N_("Le libellé ne doit pas dépasser 120 caractères."));
	return SVC_OK;
}

/* The syntax of the code (and parent) for list l, without the database;
   SVC_OK or svc_fail's rc. */
static int code_check(svc *s, const struct reference_list *l, const char *code,
		      const char *parent)
{
	if (parent && !l->has_parent)
		return svc_fail(s, SVC_INVALID, "parent",
				N_("Seuls les thèmes de la liste des domaines ont un parent."));
	size_t n = code ? strlen(code) : 0;
	if (n == 0 || n > REFERENCE_CODE_MAX)
		return svc_fail(s, SVC_INVALID, "code",
				N_("Le code doit compter de 1 à 40 caractères."));
	if (parent) {
		size_t pn = strlen(parent);
		if (!plain_code_ok(parent, REFERENCE_CODE_MAX, l->upper_codes))
			return svc_fail(s, SVC_INVALID, "parent",
					N_("Ce domaine parent n'existe pas ou est retiré."));
		if (n <= pn + 1 || strncmp(code, parent, pn) != 0 || code[pn] != '.' ||
		    !plain_code_ok(code + pn + 1, REFERENCE_CODE_MAX, l->upper_codes))
			return svc_fail(s, SVC_INVALID, "code",
					N_("Le code d'un thème s'écrit « domaine.suffixe » : le code "
					   "de son domaine, un point, puis des minuscules sans accent, "
					   "des chiffres ou « _ »."));
		return SVC_OK;
	}
	if (l->has_parent && strchr(code, '.'))
		return svc_fail(s, SVC_INVALID, "parent",
				N_("Un thème (code avec un point) doit indiquer son domaine parent."));
	if (!plain_code_ok(code, REFERENCE_CODE_MAX, l->upper_codes))
		return svc_fail(s, SVC_INVALID, "code",
				l->upper_codes
					? N_("Le code ne peut contenir que des lettres sans accent, "
					     "des chiffres et « _ ».")
					: N_("Le code ne peut contenir que des minuscules sans accent, "
					     "des chiffres et « _ »."));
	return SVC_OK;
}

/* "list/code", the audit log's object id. */
static void object_id(char *out, size_t len, const char *list, const char *code)
{
	snprintf(out, len, "%s/%s", list, code);
}

int reference_list(svc *s, reference_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_REFERENCE_READ))
		return SVC_FORBIDDEN;
	store *db = svc_db(s);
	/* From the process's copy while the database's version is its own
	   (service/reference_cache.h). */
	if (!db || reference_cache_each(db, fn, ctx) != STORE_OK)
		return svc_abort(s, "reference_list");
	return SVC_OK;
}

int reference_get(svc *s, const char *list, const char *code, reference_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_REFERENCE_READ))
		return SVC_FORBIDDEN;
	if (!list || !code)
		return SVC_NOT_FOUND;
	store *db = svc_db(s);
	struct entry e = {.list = list, .code = code, .fn = fn, .ctx = ctx};
	if (!db || entry_read(db, list, code, &e) != STORE_OK)
		return svc_abort(s, "reference_get");
	return e.found ? SVC_OK : SVC_NOT_FOUND;
}

int reference_add(svc *s, const char *list, const char *code, const char *label,
		  const char *parent)
{
	if (!svc_may(s, ACT_REFERENCE_EDIT))
		return SVC_FORBIDDEN;
	const struct reference_list *l = reference_list_find(list);
	if (!l)
		return svc_fail(s, SVC_INVALID, "list", N_("Cette liste de référence n'existe pas."));
	if (parent && !*parent)
		parent = NULL;
	int rc = code_check(s, l, code, parent);
	if (rc == SVC_OK)
		rc = label_check(s, label);
	if (rc != SVC_OK)
		return rc;

	store *db = svc_db(s);
	if (!db || svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "reference_add");
	if (parent) {
		/* A theme hangs under an active top-level domain, read in the
		   transaction so it cannot be retired meanwhile. */
		struct entry e = {0};
		if (entry_read(db, l->code, parent, &e) != STORE_OK)
			return svc_abort(s, "reference_add");
		if (!e.found || !e.top_level || e.retired) {
			svc_tx_rollback(s);
			return svc_fail(s, SVC_INVALID, "parent",
					N_("Ce domaine parent n'existe pas ou est retiré."));
		}
	}
	store_value p[] = {SV_TEXT(l->code), SV_TEXT(code), SV_TEXT(label), SV_TEXT(parent)};
	rc = store_exec(db, ST_REF_INSERT, p, 4, NULL, NULL);
	if (rc == STORE_CONSTRAINT) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_CONFLICT, "code",
				N_("Cette liste contient déjà ce code (peut-être retiré)."));
	}
	char oid[128];
	object_id(oid, sizeof oid, l->code, code);
	if (rc != STORE_OK || reference_version_bump(db) != STORE_OK ||
	    svc_audit(s, "reference.create", "reference", oid) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "reference_add");
	return SVC_OK;
}

int reference_update(svc *s, const char *list, const char *code, const char *label,
		     int retired)
{
	if (!svc_may(s, ACT_REFERENCE_EDIT))
		return SVC_FORBIDDEN;
	if (label) {
		int rc = label_check(s, label);
		if (rc != SVC_OK)
			return rc;
	}
	if (retired < -1 || retired > 1)
		return svc_fail(s, SVC_INVALID, "retired",
				N_("L'état doit être « actif » ou « retiré »."));
	if (!list || !code)
		return SVC_NOT_FOUND;

	int rc = SVC_OK;
	store *db = svc_db(s);
	/* Keeping the label means writing the stored one back as it is. */
	struct entry e = {.want_label = label == NULL};
	if (!db || svc_tx_begin(s) != STORE_OK || entry_read(db, list, code, &e) != STORE_OK) {
		rc = svc_abort(s, "reference_update");
		goto out;
	}
	if (!e.found) {
		svc_tx_rollback(s);
		rc = SVC_NOT_FOUND;
		goto out;
	}
	store_value p[] = {SV_TEXT(list), SV_TEXT(code), SV_TEXT(label ? label : e.label),
			   SV_INT(retired < 0 ? e.retired : retired)};
	char oid[128];
	object_id(oid, sizeof oid, list, code);
	if (store_exec(db, ST_REF_UPDATE, p, 4, NULL, NULL) != STORE_OK ||
	    reference_version_bump(db) != STORE_OK ||
	    svc_audit(s, "reference.update", "reference", oid) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "reference_update");
out:
	free(e.label);
	return rc;
}

int reference_check(svc *s, const char *list, const char *code, int allow_retired)
{
	static const char msg[] = N_("Cette valeur ne figure pas dans la liste de référence.");
	if (!list || !code || !*code || strlen(code) > REFERENCE_CODE_MAX)
		return svc_fail(s, SVC_INVALID, NULL, msg);
	store *db = svc_db(s);
	struct entry e = {0};
	if (!db || entry_read(db, list, code, &e) != STORE_OK)
		return svc_abort(s, "reference_check");
	if (!e.found || (e.retired && !allow_retired))
		return svc_fail(s, SVC_INVALID, NULL, msg);
	return SVC_OK;
}
