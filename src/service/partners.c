/* partners — see partners.h. */
#include "service/partners.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/contact.h"
#include "service/audit.h"
#include "service/internal.h"
#include "service/paging_read.h"
#include "service/reference.h"
#include "support/i18n.h"
#include "support/text.h"

/*
 * What a merge moves from the duplicate ($1) to the kept partner ($2):
 * every statement of this table runs in the merge's transaction.  A record
 * that references partners (collective actions…) adds its statement here.
 */
static const enum stmt merge_moves[] = {
	ST_ORIENTATIONS_MOVE_PARTNER,
	ST_ACTION_PARTNERS_MOVE,
	ST_ACTION_PARTNERS_DROP,
	ST_PARTNER_REPOINT,
};

static void view_from_row(const store_row *row, struct partner_view *v)
{
	v->id = store_row_int(row, PARTNER_COL_ID);
	v->name = store_row_text(row, PARTNER_COL_NAME);
	v->kind = store_row_text(row, PARTNER_COL_KIND);
	v->address = store_row_text(row, PARTNER_COL_ADDRESS);
	v->phone = store_row_text(row, PARTNER_COL_PHONE);
	v->email = store_row_text(row, PARTNER_COL_EMAIL);
	v->notes = store_row_text(row, PARTNER_COL_NOTES);
	v->merged_into = store_row_int(row, PARTNER_COL_MERGED_INTO);
	v->created_at = store_row_int(row, PARTNER_COL_CREATED_AT);
	v->updated_at = store_row_int(row, PARTNER_COL_UPDATED_AT);
}

struct relay {
	partner_fn fn;
	void *ctx;
	int rows;
	int with_merged; /* also hand over a merged partner */
};

static int relay_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	struct partner_view v;
	view_from_row(row, &v);
	if (v.merged_into && !r->with_merged)
		return 0;
	r->rows++;
	return r->fn ? r->fn(r->ctx, &v) : 0;
}

/* ---- validation ---- */

/* In validate's order, with its messages. */
const struct field partners_fields[PARTNER__FIELDS] = {
	[PARTNER_NAME] = {"name", FIELD_LINE, FIELD_CLEARS, 0, PARTNER_NAME_MAX,
			  N_("Le nom du partenaire est obligatoire (200 caractères au plus)."),
			  FIELD_AT(struct partner_input, name)},
	[PARTNER_KIND] = {"kind", FIELD_CODE, FIELD_CLEARS, 0, 0, N_("Type de partenaire inconnu."),
			  FIELD_AT(struct partner_input, kind)},
	[PARTNER_ADDRESS] = {"address", FIELD_TEXT, FIELD_CLEARS, 0, PARTNER_ADDRESS_MAX,
			     N_("L'adresse ne doit pas dépasser 500 caractères."),
			     FIELD_AT(struct partner_input, address)},
	[PARTNER_PHONE] = {"phone", FIELD_LINE, FIELD_CLEARS, 0, CONTACT_PHONE_MAX,
			   N_("Le téléphone ne peut contenir que des chiffres, espaces, + . - ( )."),
			   FIELD_AT(struct partner_input, phone)},
	[PARTNER_EMAIL] = {"email", FIELD_LINE, FIELD_CLEARS, 0, CONTACT_EMAIL_MAX,
			   N_("L'adresse électronique n'est pas valide."),
			   FIELD_AT(struct partner_input, email)},
	[PARTNER_NOTES] = {"notes", FIELD_TEXT, FIELD_CLEARS, 0, PARTNER_NOTES_MAX,
			   N_("Les remarques ne doivent pas dépasser 2 000 caractères."),
			   FIELD_AT(struct partner_input, notes)},
};

const struct field partners_merge_fields[PARTNER_MERGE__FIELDS] = {
	[PARTNER_MERGE_KEEP] = {"keep", FIELD_ID, FIELD_REQUIRED, 0, 0,
				N_("Identifiant de partenaire attendu."),
				FIELD_AT(struct partner_merge_input, keep)},
	[PARTNER_MERGE_MERGE] = {"merge", FIELD_ID, FIELD_REQUIRED, 0, 0,
				 N_("Identifiant de partenaire attendu."),
				 FIELD_AT(struct partner_merge_input, merge)},
};

/* An optional text: absent, empty, or clean UTF-8 of at most max characters. */
static int text_ok(const char *t, size_t max, int multiline)
{
	return !t || !*t || (text_is_clean_utf8(t, strlen(t), multiline) && text_utf8_chars(t) <= max);
}

/* Checks the fields given; old_kind is the stored kind (update) or NULL. */
static int validate(svc *s, const struct partner_input *in, int creating, const char *old_kind)
{
	if (creating || in->name)
		if (!in->name || !*in->name || !text_ok(in->name, PARTNER_NAME_MAX, 0))
			return svc_fail(s, SVC_INVALID, "name",
					N_("Le nom du partenaire est obligatoire (200 caractères au "
					   "plus)."));
	if (creating || in->kind) {
		int rc = SVC_INVALID;
		if (in->kind && *in->kind)
			rc = old_kind && strcmp(in->kind, old_kind) == 0
				     ? SVC_OK
				     : reference_check(s, "partner_kind", in->kind, 0);
		if (rc == SVC_INVALID)
			return svc_fail(s, SVC_INVALID, "kind", N_("Type de partenaire inconnu."));
		if (rc != SVC_OK)
			return rc;
	}
	if (!text_ok(in->address, PARTNER_ADDRESS_MAX, 1))
		return svc_fail(s, SVC_INVALID, "address",
				N_("L'adresse ne doit pas dépasser 500 caractères."));
	if (in->phone && *in->phone && !contact_phone_ok(in->phone))
		return svc_fail(s, SVC_INVALID, "phone",
				N_("Le téléphone ne peut contenir que des chiffres, espaces, + . - ( )."));
	if (in->email && *in->email && !contact_email_ok(in->email))
		return svc_fail(s, SVC_INVALID, "email", N_("L'adresse électronique n'est pas valide."));
	if (!text_ok(in->notes, PARTNER_NOTES_MAX, 1))
		return svc_fail(s, SVC_INVALID, "notes",
				N_("Les remarques ne doivent pas dépasser 2 000 caractères."));
	return SVC_OK;
}

/* "" means "not recorded". */
static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

static void ident(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

/* ---- use cases ---- */

int partners_create(svc *s, const struct partner_input *in, int64_t *id)
{
	if (!svc_may(s, ACT_PARTNERS_ADD))
		return SVC_FORBIDDEN;
	int rc = validate(s, in, 1, NULL);
	if (rc != SVC_OK)
		return rc;
	char folded[4 * PARTNER_NAME_MAX + 1];
	text_fold(in->name, folded, sizeof folded);
	store_value p[] = {SV_TEXT(in->name),
			   SV_TEXT(folded),
			   SV_TEXT(in->kind),
			   SV_TEXT(opt(in->address)),
			   SV_TEXT(opt(in->phone)),
			   SV_TEXT(opt(in->email)),
			   SV_TEXT(opt(in->notes)),
			   s->signed_in ? SV_INT(s->actor.id) : SV_NULL,
			   SV_INT(time(NULL))};
	int64_t new_id = 0;
	char object[24];
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_PARTNER_INSERT, p, 9, svc_row_int, &new_id) != STORE_OK ||
	    (ident(new_id, object), svc_audit(s, "partner.create", "partner", object) != 0) ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "partners_create");
	if (id)
		*id = new_id;
	return SVC_OK;
}

/* A search's policy check and words: SVC_OK with pattern filled, or the
   refusal. */
static int search_args(svc *s, const char *q, const char *kind, char pattern[TEXT_LIKE_MAX])
{
	if (!svc_may(s, ACT_PARTNERS_READ))
		return SVC_FORBIDDEN;
	if (q && (strlen(q) > 200 || !text_is_clean_utf8(q, strlen(q), 0)))
		return svc_fail(s, SVC_INVALID, "q", N_("La recherche est trop longue ou non valide."));
	if (kind && strlen(kind) > REFERENCE_CODE_MAX)
		return svc_fail(s, SVC_INVALID, "kind", N_("Type de partenaire inconnu."));
	text_like_pattern(q, pattern);
	return SVC_OK;
}

/* The directory's cursor: a partner's id (its name is read back). */
static void partner_cursor(struct page *pg, const store_row *row)
{
	page_cursor_id(pg->next, store_row_int(row, PARTNER_COL_ID));
}

int partners_page(svc *s, const char *q, const char *kind, struct page *pg, partner_fn fn,
		  void *ctx)
{
	char pattern[TEXT_LIKE_MAX];
	int rc = search_args(s, q, kind, pattern);
	if (rc != SVC_OK)
		return rc;
	int64_t after = 0;
	if (pg->after[0] && page_cursor_id_parse(pg->after, &after) != 0)
		return page_refuse_cursor(s);
	struct relay r = {fn, ctx, 0, 0};
	struct page_read p = {pg, partner_cursor, relay_row, &r};
	page_read_start(pg);
	store_value c[] = {SV_TEXT(pattern), SV_TEXT(kind ? kind : "")};
	store_value w[] = {SV_TEXT(pattern), SV_TEXT(kind ? kind : ""), SV_INT(after),
			   SV_INT(pg->limit + 1)};
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_PARTNER_COUNT, c, 2, svc_row_int, &pg->total) != STORE_OK ||
	    store_exec(db, ST_PARTNER_PAGE, w, 4, page_read, &p) != STORE_OK)
		return svc_abort(s, "partners_page");
	page_read_done(pg);
	return SVC_OK;
}

int partners_search(svc *s, const char *q, const char *kind, partner_fn fn, void *ctx)
{
	char pattern[TEXT_LIKE_MAX];
	int rc = search_args(s, q, kind, pattern);
	if (rc != SVC_OK)
		return rc;
	struct relay r = {fn, ctx, 0, 0};
	store_value p[] = {SV_TEXT(pattern), SV_TEXT(kind ? kind : "")};
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_PARTNER_SEARCH, p, 2, relay_row, &r) != STORE_OK)
		return svc_abort(s, "partners_search");
	return SVC_OK;
}

/* Reads partner id into fn (not a merged one); no policy check. */
static int find(svc *s, int64_t id, partner_fn fn, void *ctx)
{
	struct relay r = {fn, ctx, 0, 0};
	store_value p[] = {SV_INT(id)};
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_PARTNER_GET, p, 1, relay_row, &r) != STORE_OK)
		return svc_abort(s, "partners");
	return r.rows ? SVC_OK : SVC_NOT_FOUND;
}

int partners_get(svc *s, int64_t id, partner_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_PARTNERS_READ))
		return SVC_FORBIDDEN;
	return find(s, id, fn, ctx);
}

int partners_lookup(svc *s, int64_t id)
{
	return find(s, id, NULL, NULL);
}

/* The stored partner, copied out of the row for an update. */
struct current {
	char name[4 * PARTNER_NAME_MAX + 1];
	char kind[REFERENCE_CODE_MAX + 1];
	char *address, *phone, *email, *notes; /* owned */
};

static char *dup_or_null(const char *t)
{
	return t ? strdup(t) : NULL;
}

static int current_row(void *ctx, const struct partner_view *v)
{
	struct current *c = ctx;
	snprintf(c->name, sizeof c->name, "%s", v->name);
	snprintf(c->kind, sizeof c->kind, "%s", v->kind);
	c->address = dup_or_null(v->address);
	c->phone = dup_or_null(v->phone);
	c->email = dup_or_null(v->email);
	c->notes = dup_or_null(v->notes);
	return 1;
}

static void current_free(struct current *c)
{
	free(c->address);
	free(c->phone);
	free(c->email);
	free(c->notes);
}

/* The given value ("" clears), else the stored one. */
static const char *pick(const char *given, const char *stored)
{
	return given ? opt(given) : stored;
}

int partners_update(svc *s, int64_t id, const struct partner_input *in)
{
	if (!svc_may(s, ACT_PARTNERS_EDIT))
		return SVC_FORBIDDEN;
	struct current c;
	memset(&c, 0, sizeof c);
	int rc = find(s, id, current_row, &c);
	if (rc == SVC_OK)
		rc = validate(s, in, 0, c.kind);
	if (rc != SVC_OK) {
		current_free(&c);
		return rc;
	}
	const char *name = in->name ? in->name : c.name;
	char folded[4 * PARTNER_NAME_MAX + 1];
	text_fold(name, folded, sizeof folded);
	store_value p[] = {SV_INT(id),
			   SV_TEXT(name),
			   SV_TEXT(folded),
			   SV_TEXT(in->kind ? in->kind : c.kind),
			   SV_TEXT(pick(in->address, c.address)),
			   SV_TEXT(pick(in->phone, c.phone)),
			   SV_TEXT(pick(in->email, c.email)),
			   SV_TEXT(pick(in->notes, c.notes)),
			   SV_INT(time(NULL))};
	char object[24];
	ident(id, object);
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_PARTNER_UPDATE, p, 9, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "partner.update", "partner", object) != 0 || svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "partners_update");
	current_free(&c);
	return rc;
}

int partners_merge(svc *s, int64_t kept, int64_t merged)
{
	if (!svc_may(s, ACT_PARTNERS_EDIT))
		return SVC_FORBIDDEN;
	if (kept == merged)
		return svc_fail(s, SVC_INVALID, "merge",
				N_("Choisissez deux partenaires différents : le doublon et celui "
				   "qui reste."));
	int rc = find(s, kept, NULL, NULL);
	if (rc == SVC_NOT_FOUND)
		return svc_fail(s, SVC_INVALID, "keep", N_("Partenaire à conserver introuvable."));
	if (rc == SVC_OK && (rc = find(s, merged, NULL, NULL)) == SVC_NOT_FOUND)
		return svc_fail(s, SVC_INVALID, "merge", N_("Doublon introuvable."));
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	store_value move[] = {SV_INT(merged), SV_INT(kept)};
	store_value mark[] = {SV_INT(merged), SV_INT(kept), SV_INT(time(NULL))};
	char object[48];
	snprintf(object, sizeof object, "%" PRId64 ">%" PRId64, merged, kept);
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "partners_merge");
	for (size_t i = 0; i < sizeof merge_moves / sizeof merge_moves[0]; i++)
		if (store_exec(db, merge_moves[i], move, 2, NULL, NULL) != STORE_OK)
			return svc_abort(s, "partners_merge");
	if (store_exec(db, ST_PARTNER_MERGE, mark, 3, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "partner.merge", "partner", object) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "partners_merge");
	return SVC_OK;
}
