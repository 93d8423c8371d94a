/*
 * persons — the pages of the people a worker accompanies: the list with its
 * search, the creation form, and one person's file (fiche) with its edit
 * form.
 *
 * Secrecy is the service's (service/persons.h): a person the caller may not
 * see answers SVC_NOT_FOUND, and the page says "not found" exactly as for an
 * id that does not exist, with nothing of the record in the body.
 */
#include <stdint.h>
#include <string.h>

#include "domain/date.h"
#include "service/organisations.h"
#include "service/cases.h"
#include "service/paging.h"
#include "service/person_page.h"
#include "service/persons.h"
#include "service/reference.h"
#include "service/rights.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/paging.h"
#include "web/web.h"

/* ---- what the pages look up: organisations and reference labels ---- */

/* One organisation the worker serves (strings in the request's arena). */
struct org_name {
	const char *code;
	const char *name;
	struct org_name *next;
};

struct org_names {
	arena *a;
	struct org_name *head, **tail;
	int count;
};

static int org_collect(void *ctx, const struct org_info *o)
{
	struct org_names *n = ctx;
	struct org_name *e = arena_alloc(n->a, sizeof *e);
	e->code = arena_strdup(n->a, o->code);
	e->name = arena_strdup(n->a, o->name);
	*n->tail = e;
	n->tail = &e->next;
	n->count++;
	return 0;
}

/* The organisations the caller may see (for a worker: those assigned). */
static int organisations_load(struct request *req, struct org_names *n)
{
	memset(n, 0, sizeof *n);
	n->a = req->a;
	n->tail = &n->head;
	return organisations_list(req->svc, org_collect, n);
}

/* The organisation's name, or its code when the caller does not serve it
   (a colleague with a share). */
static const char *org_label(const struct org_names *n, const char *code)
{
	for (const struct org_name *e = n->head; code && e; e = e->next)
		if (strcmp(e->code, code) == 0)
			return e->name;
	return code;
}

/* The lists a person's pages show (the timeline's seven last: web/web.h,
   struct web_timeline). */
static const char *const person_lists[] = {
	"sex",		   "status",   "category", "family_situation", "referral_source", "outcome",
	"mode",		   "intervention_kind", "aid_kind", "funder", "aid_decision"};

static int refs_load(struct request *req, struct web_refs *r)
{
	return web_refs_load(req, r, person_lists, sizeof person_lists / sizeof person_lists[0]);
}

/* The person's cases, written as a list by case_line(). */
struct case_lines {
	buf *b;
	const struct web_refs *refs;
	int rows;
};
static int case_line(void *ctx, const struct case_view *c);

/* ---- the form ---- */

/* Values to show again after a refused form, and what was wrong. */
struct form {
	struct person_input in;   /* typed values (statistics: 0 or 1) */
	const struct verr *error; /* NULL when nothing is wrong */
	struct web_dups dups;     /* creation refused for them (persons_create_checked) */
};

/* The form field a service error names: the service speaks the API's
   names, where the consent date is "consent.accompaniment_on". */
static const char *error_field(const struct form *f)
{
	if (!f->error || !f->error->field)
		return NULL;
	if (strcmp(f->error->field, "consent.accompaniment_on") == 0)
		return "consent_on";
	return f->error->field;
}

static int is_error(const struct form *f, const char *field)
{
	const char *e = error_field(f);
	return e && strcmp(e, field) == 0;
}

static void field_error(buf *b, const struct form *f, const char *field)
{
	form_error(b, is_error(f, field), "", field, is_error(f, field) ? _(f->error->message) : "");
}

static void invalid_attr(buf *b, const struct form *f, const char *field)
{
	form_invalid(b, is_error(f, field), "", field);
}

/* The fields each form shows next to their input; an error about any other
   field is shown above the form. */
static const char *const form_fields[] = {
	"organisation", "last_name", "first_name", "birth_date", "sex",	    "status",
	"category",	"family_situation", "job_title", "phone",	    "email", "address",
	"consent_on",
};

static int error_inline(const struct form *f, int creation)
{
	const char *e = error_field(f);
	if (!e || (!creation && strcmp(e, "organisation") == 0))
		return 0;
	for (size_t i = 0; i < sizeof form_fields / sizeof form_fields[0]; i++)
		if (strcmp(e, form_fields[i]) == 0)
			return 1;
	return 0;
}

/* An <input> in its <label>; type is a literal ("text", "date"…), extra
   literal attributes start with a space. */
static void input(buf *b, const struct form *f, const char *field, const char *label,
		  const char *type, const char *value, const char *extra)
{
	form_input(b, type, field, label, value, extra, "",
		   is_error(f, field) ? _(f->error->message) : NULL);
}

/* A <select> of a reference list with an empty "—" first: active entries,
   and the retired one the record already carries. */
static void ref_select(buf *b, const struct form *f, const struct web_refs *r, const char *list,
		       const char *label, const char *selected)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<select name=\"");
	html_attr(b, list);
	html(b, "\"");
	invalid_attr(b, f, list);
	html(b, ">\n<option value=\"\">—</option>\n");
	for (const struct web_ref *e = r->head; e; e = e->next) {
		int is_selected = selected && strcmp(selected, e->code) == 0;
		if (strcmp(e->list, list) != 0 || (e->retired && !is_selected))
			continue;
		form_option(b, e->code, e->label, is_selected ? e->code : NULL);
	}
	html(b, "</select>\n");
	field_error(b, f, list);
	html(b, "</label>\n");
}

/* Every field of the form but the organisation, in one order for both
   forms; today bounds the dates. */
static void person_fields(buf *b, const struct form *f, const struct web_refs *r)
{
	const struct person_input *in = &f->in;
	char today[DATE_LEN + 1];
	date_today(today);

	html(b, "<fieldset>\n<legend>");
	html_txt(b, _("Identité"));
	html(b, "</legend>\n<div class=\"grid\">\n");
	input(b, f, "last_name", _("Nom"), "text", in->last_name,
	      " required maxlength=\"100\" spellcheck=\"false\"");
	input(b, f, "first_name", _("Prénom"), "text", in->first_name,
	      " required maxlength=\"100\" spellcheck=\"false\"");
	html(b, "</div>\n<div class=\"grid\">\n<label>");
	/* The bound is data (today's date): written through html_attr. */
	html_txt(b, _("Date de naissance"));
	html(b, "\n<input type=\"date\" name=\"birth_date\" max=\"");
	html_attr(b, today);
	html(b, "\" value=\"");
	html_attr(b, in->birth_date ? in->birth_date : "");
	html(b, "\"");
	invalid_attr(b, f, "birth_date");
	html(b, ">\n");
	field_error(b, f, "birth_date");
	html(b, "</label>\n");
	ref_select(b, f, r, "sex", _("Sexe"), in->sex);
	ref_select(b, f, r, "family_situation", _("Situation familiale"), in->family_situation);
	html(b, "</div>\n</fieldset>\n<fieldset>\n<legend>");
	html_txt(b, _("Emploi"));
	html(b, "</legend>\n");
	input(b, f, "job_title", _("Poste occupé"), "text", in->job_title, " maxlength=\"120\"");
	html(b, "<div class=\"grid\">\n");
	ref_select(b, f, r, "status", _("Statut"), in->status);
	ref_select(b, f, r, "category", _("Catégorie"), in->category);
	html(b, "</div>\n</fieldset>\n<fieldset>\n<legend>");
	html_txt(b, _("Coordonnées"));
	html(b, "</legend>\n<div class=\"grid\">\n");
	input(b, f, "phone", _("Téléphone"), "tel", in->phone, " maxlength=\"30\"");
	input(b, f, "email", _("Adresse électronique"), "email", in->email,
	      " maxlength=\"254\" spellcheck=\"false\"");
	input(b, f, "address", _("Adresse postale"), "text", in->address, " maxlength=\"200\"");
	html(b, "</div>\n</fieldset>\n<fieldset>\n<legend>");
	html_txt(b, _("Consentements"));
	html(b, "</legend>\n<p>");
	html_txt(b, _("Aucun accompagnement ne commence sans l'adhésion de la personne à la "
		      "démarche : notez la date à laquelle elle a donné son accord."));
	html(b, "</p>\n<label>");
	html_txt(b, _("Date du consentement à l'accompagnement"));
	html(b, "\n<input type=\"date\" name=\"consent_on\" required max=\"");
	html_attr(b, today);
	html(b, "\" value=\"");
	html_attr(b, in->consent_on ? in->consent_on : "");
	html(b, "\"");
	invalid_attr(b, f, "consent_on");
	html(b, ">\n");
	field_error(b, f, "consent_on");
	html(b, "</label>\n<label>\n<input type=\"checkbox\" name=\"statistics\" value=\"1\"");
	if (in->statistics)
		html(b, " checked");
	html(b, ">\n");
	html_txt(b, _("La personne accepte d'être comptée dans les statistiques anonymes"));
	html(b, "\n</label>\n</fieldset>\n");
}

/* The error that has no field of its own in the form, above it. */
static void form_alert(buf *b, const struct form *f, int creation)
{
	if (f->error && !error_inline(f, creation)) {
		html(b, "<p role=\"alert\" class=\"error-field\">");
		html_txt(b, _(f->error->message));
		html(b, "</p>\n");
	}
}

/* Reads the submitted form into f through persons_fields (statistics: the
   checkbox, absent = 0); a refused text is kept as typed.  A field sent
   empty stays "" (FIELD_CLEARS: an update clears it), an absent one NULL
   (unchanged).
   The fields from first on (an update skips the organisation).  0, or -1
   with the first refusal in *e. */
static int form_read(struct request *req, struct form *f, size_t first, struct verr *e)
{
	memset(f, 0, sizeof *f);
	return req_fields(req, persons_fields + first, PERSON__FIELDS - first, &f->in, e);
}

/* "—" for a value not recorded. */
static void txt_or_dash(buf *b, const char *s)
{
	html_txt(b, s && *s ? s : "—");
}

static void date_or_dash(buf *b, const char *iso)
{
	if (!iso || !*iso) {
		html_txt(b, "—");
		return;
	}
	char fr[11];
	date_french(iso, fr);
	html_txt(b, fr);
}

/* ---- the list and its search ---- */

struct rows {
	buf *b;
	const struct org_names *orgs;
	int n;
};

static int person_row(void *ctx, const struct person_view *p)
{
	struct rows *r = ctx;
	buf *b = r->b;
	if (!r->n++) {
		html(b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
		html_txt(b, _("Nom"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Prénom"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Organisation"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Date de naissance"));
		html(b, "</th></tr></thead>\n<tbody>\n");
	}
	html(b, "<tr><td><a href=\"/persons/");
	html_int(b, p->id);
	html(b, "\">");
	html_txt(b, p->last_name);
	html(b, "</a></td><td>");
	html_txt(b, p->first_name);
	html(b, "</td><td>");
	txt_or_dash(b, org_label(r->orgs, p->organisation));
	html(b, "</td><td>");
	date_or_dash(b, p->birth_date);
	html(b, "</td></tr>\n");
	return 0;
}

void web_persons(struct request *req, struct response *resp)
{
	const char *q = req_query(req, "q");
	if (q && !*q)
		q = NULL;
	struct form f;
	memset(&f, 0, sizeof f);
	struct org_names orgs;
	int rc = organisations_load(req, &orgs);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	buf rows;
	buf_init(&rows, HTTP_PAGE_MAX);
	struct rows r = {&rows, &orgs, 0};
	int status = 200;
	/* Without words, a page of one's persons by last contact; a malformed
	   cursor is refused like one this list did not write. */
	struct page pg;
	if (page_from_query(&pg, NULL, q ? NULL : req_query(req, "after")) != 0)
		rc = SVC_INVALID;
	else
		rc = q ? persons_search(req->svc, q, person_row, &r)
		       : persons_page(req->svc, &pg, person_row, &r);
	if (rc == SVC_INVALID && !q) {
		buf_free(&rows);
		resp_redirect(resp, "/persons");
		return;
	}
	/* Words too short for the index: nobody found, and the page says why
	   (a query too long or not text stays an error). */
	const char *hint = NULL;
	if (rc == SVC_INVALID && persons_search_too_short(q)) {
		hint = svc_error(req->svc)->message;
		rc = SVC_OK;
	}
	if (rc == SVC_INVALID) {
		f.error = svc_error(req->svc);
		status = 422;
	} else if (rc != SVC_OK) {
		buf_free(&rows);
		resp_svc_error(req, resp, rc);
		return;
	}

	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Personnes accompagnées"));
	html(&b, "<h1>");
	html_txt(&b, _("Personnes accompagnées"));
	html(&b, "</h1>\n<p><a href=\"/persons/new\">");
	html_txt(&b, _("Nouvelle personne"));
	html(&b, "</a></p>\n<form method=\"get\" action=\"/persons\" role=\"search\">\n<label>");
	html_txt(&b, _("Rechercher un nom"));
	html(&b, "\n<input type=\"search\" name=\"q\" maxlength=\"200\" value=\"");
	html_attr(&b, q ? q : "");
	html(&b, "\"");
	invalid_attr(&b, &f, "q");
	html(&b, ">\n");
	field_error(&b, &f, "q");
	html(&b, "</label>\n<button type=\"submit\">");
	html_txt(&b, _("Rechercher"));
	html(&b, "</button>\n</form>\n");
	if (f.error) {
		/* Nothing was searched. */
	} else if (r.n) {
		buf_add(&b, rows.data, rows.len);
		html(&b, "</tbody>\n</table>\n</figure>\n");
		if (!q) {
			html(&b, "<p>");
			html_txt(&b, arena_printf(
					     req->a,
					     P_("%lld personne, du contact le plus récent au plus ancien",
						"%lld personnes, du contact le plus récent au plus ancien",
						pg.total),
					     (long long)pg.total));
			html(&b, "</p>\n");
			web_page_nav(&b, "/persons", &pg, _("← Les plus récentes"),
				     _("Plus anciennes →"));
		}
	} else {
		html(&b, "<p>");
		if (q)
			html_txt(&b, arena_printf(req->a, _("Aucune personne ne correspond à « %s »."),
						  q));
		if (hint) {
			html(&b, " ");
			html_txt(&b, _(hint));
		}
		else
			html_txt(&b, _("Vous n'accompagnez encore personne."));
		html(&b, "</p>\n");
	}
	page_finish(req, resp, status, &b);
	buf_free(&rows);
}

/* ---- creation ---- */

/* Keeps one of her own duplicates for the page (arena strings). */
int web_dup_keep(void *ctx, const struct person_view *p)
{
	struct web_dups *dups = ctx;
	struct request *req = dups->req;
	struct web_dup *d = arena_alloc(req->a, sizeof *d), **tail = &dups->head;
	d->id = p->id;
	d->name = arena_printf(req->a, "%s %s", p->last_name ? p->last_name : "",
			       p->first_name ? p->first_name : "");
	d->birth_date = arena_strdup(req->a, p->birth_date);
	d->next = NULL;
	while (*tail)
		tail = &(*tail)->next;
	*tail = d;
	return 0;
}

void web_dups_render(struct request *req, buf *b, const struct web_dup *dups)
{
	if (!dups)
		return;
	html(b, "<article class=\"notice\">\n<ul>\n");
	for (const struct web_dup *d = dups; d; d = d->next) {
		html(b, "<li>");
		html_txt(b, d->name);
		if (d->birth_date) {
			char fr[11];
			date_french(d->birth_date, fr);
			html(b, " ");
			html_txt(b, arena_printf(req->a, _("(naissance : %s)"), fr));
		}
		html(b, " — <a href=\"/persons/");
		html_int(b, d->id);
		html(b, "\">");
		html_txt(b, arena_printf(req->a, _("Ouvrir la fiche de %s"), d->name));
		html(b, "</a></li>\n");
	}
	html(b, "</ul>\n</article>\n");
}

void web_dups_confirm(buf *b)
{
	html(b, "<label>\n<input type=\"checkbox\" name=\"");
	html_attr(b, persons_confirm_fields[PERSON_CONFIRM].name);
	html(b, "\" value=\"1\">\n");
	html_txt(b, _("Créer quand même : ce n'est pas la même personne"));
	html(b, "\n</label>\n");
}

static void render_new(struct request *req, struct response *resp, int status,
		       const struct form *f)
{
	struct org_names orgs;
	struct web_refs refs;
	int rc = organisations_load(req, &orgs);
	if (rc == SVC_OK)
		rc = refs_load(req, &refs);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Nouvelle personne"));
	html(&b, "<p><a href=\"/persons\">");
	html_txt(&b, _("← Toutes les personnes"));
	html(&b, "</a></p>\n<h1>");
	html_txt(&b, _("Nouvelle personne"));
	html(&b, "</h1>\n");
	if (!orgs.count) {
		html(&b, "<article class=\"notice\">\n<p role=\"status\">");
		html_txt(&b, _("Vous n'êtes affecté(e) à aucune organisation : demandez à la "
			       "responsable de service de vous affecter."));
		html(&b, "</p>\n</article>\n");
	} else {
		form_alert(&b, f, 1);
		web_dups_render(req, &b, f->dups.head);
		html(&b, "<form method=\"post\" action=\"/persons\" autocomplete=\"off\">\n");
		page_csrf_field(req, &b);
		html(&b, "\n<label>");
		html_txt(&b, _("Organisation"));
		html(&b, "\n<select name=\"organisation\" required");
		invalid_attr(&b, f, "organisation");
		html(&b, ">\n");
		/* One organisation is the choice made; several need a choice. */
		if (orgs.count > 1)
			html(&b, "<option value=\"\">—</option>\n");
		for (const struct org_name *o = orgs.head; o; o = o->next) {
			form_option(&b, o->code, o->name, f->in.organisation);
		}
		html(&b, "</select>\n");
		field_error(&b, f, "organisation");
		html(&b, "</label>\n");
		person_fields(&b, f, &refs);
		if (f->dups.head)
			web_dups_confirm(&b);
		html(&b, "<button type=\"submit\">");
		html_txt(&b, _("Créer la fiche"));
		html(&b, "</button>\n</form>\n");
	}
	page_finish(req, resp, status, &b);
}

void web_person_new(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	char today[DATE_LEN + 1];
	date_today(today);
	f.in.consent_on = today;
	f.in.statistics = 1;
	render_new(req, resp, 200, &f);
}

void web_person_create(struct request *req, struct response *resp)
{
	struct form f;
	struct verr refused;
	if (form_read(req, &f, PERSON_ORGANISATION, &refused) != 0 ||
	    req_fields(req, persons_confirm_fields, PERSON_CONFIRM__FIELDS, &f.in, &refused) != 0) {
		f.error = &refused;
		render_new(req, resp, 422, &f);
		return;
	}
	int64_t id = 0;
	f.dups.req = req;
	int rc = persons_create_checked(req->svc, &f.in, &id, web_dup_keep, &f.dups);
	if (rc == SVC_OK) {
		resp_redirect(resp, arena_printf(req->a, "/persons/%lld", (long long)id));
	} else if (rc == SVC_INVALID || rc == SVC_CONFLICT || rc == SVC_LOCKED) {
		/* A copy: the look-ups of the page must not change it.  SVC_LOCKED:
		   too many identity checks today (service/persons.h). */
		struct verr error = *svc_error(req->svc);
		f.error = &error;
		render_new(req, resp, rc == SVC_INVALID ? 422 : rc == SVC_LOCKED ? 429 : 409, &f);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

/* ---- one person's file ---- */

/* The record copied out of the service's callback (strings in the arena):
   the page is written after the read, with other look-ups in between. */
struct kept {
	arena *a;
	int found;
	struct person_view v;
};

static int person_keep(void *ctx, const struct person_view *p)
{
	struct kept *k = ctx;
	arena *a = k->a;
	k->found = 1;
	static const size_t strings[] = {
		offsetof(struct person_view, organisation),	offsetof(struct person_view, referent),
		offsetof(struct person_view, last_name),	offsetof(struct person_view, first_name),
		offsetof(struct person_view, birth_date),	offsetof(struct person_view, sex),
		offsetof(struct person_view, status),		offsetof(struct person_view, category),
		offsetof(struct person_view, family_situation), offsetof(struct person_view, job_title),
		offsetof(struct person_view, phone),		offsetof(struct person_view, email),
		offsetof(struct person_view, consent_on),	offsetof(struct person_view, statistics_on),
		offsetof(struct person_view, address),		offsetof(struct person_view, notice_given_on),
	};
	k->v = *p;
	web_keep_strings(a, &k->v, strings, sizeof strings / sizeof strings[0]);
	return 1;
}

/* One <dt>/<dd> pair of the fiche. */
static void item(buf *b, const char *term, const char *value)
{
	html(b, "<dt>");
	html_txt(b, term);
	html(b, "</dt>\n<dd>");
	txt_or_dash(b, value);
	html(b, "</dd>\n");
}

static void item_date(buf *b, const char *term, const char *iso)
{
	html(b, "<dt>");
	html_txt(b, term);
	html(b, "</dt>\n<dd>");
	date_or_dash(b, iso);
	html(b, "</dd>\n");
}

static void section_begin(buf *b, const char *id, const char *title)
{
	html(b, "<section aria-labelledby=\"");
	html_attr(b, id);
	html(b, "\">\n<h2 id=\"");
	html_attr(b, id);
	html(b, "\">");
	html_txt(b, title);
	html(b, "</h2>\n<dl>\n");
}

static void section_end(buf *b)
{
	html(b, "</dl>\n</section>\n");
}

/* What the fiche shows, read in the page's one read (page_read). */
struct person_read {
	struct request *req;
	struct kept k;          /* the person */
	struct org_names orgs;  /* the organisations' names */
	struct web_refs refs;   /* the person lists' labels */
	buf *cases;             /* the person's cases, as list items */
	int ncases;             /* how many */
	buf *timeline;          /* the timeline's section (web/timeline.c) */
	struct web_timeline tl; /* the timeline's cursor and filter */
};

/* The person, into the page's read. */
static int person_read(void *ctx, const struct person_view *p)
{
	struct person_read *r = ctx;
	return person_keep(&r->k, p);
}

/* The fiche's reads after the person's, inside the page's one read of the
   person (service/person_page.h). */
static int page_read(void *ctx)
{
	struct person_read *r = ctx;
	if (!r->k.found)
		return SVC_NOT_FOUND;
	int rc = organisations_load(r->req, &r->orgs);
	if (rc == SVC_OK)
		rc = refs_load(r->req, &r->refs);
	struct case_lines cl = {r->cases, &r->refs, 0};
	if (rc == SVC_OK)
		rc = cases_of_person(r->req->svc, r->k.v.id, case_line, &cl);
	r->ncases = cl.rows;
	if (rc == SVC_OK) {
		r->tl.person_id = r->k.v.id;
		r->tl.refs = &r->refs;
		rc = web_timeline_section(r->req, r->timeline, &r->tl);
	}
	return rc;
}

/* The form recording that the information notice (RGPD art. 13) was
   handed to the person, with the printable notice to hand over; notice,
   when not NULL, is its refusal (the date typed, the message). */
struct notice_refusal {
	const char *typed;
	struct verr error;
};

static void notice_form(struct request *req, buf *b, int64_t id, const struct notice_refusal *n)
{
	const char *field = persons_notice_fields[PERSON_NOTICE_GIVEN_ON].name;
	char today[DATE_LEN + 1];
	date_today(today);
	html(b, "<form method=\"post\" action=\"/persons/");
	html_int(b, id);
	html(b, "/notice\">\n");
	page_csrf_field(req, b);
	html(b, "\n<p><small>");
	html_txt(b, _("À remettre à la personne au premier entretien :"));
	html(b, " <a href=\"/donnees-personnelles\">");
	html_txt(b, _("la notice d'information imprimable"));
	html(b, "</a>.</small></p>\n");
	form_input(b, "date", field, _("Notice d'information remise le"),
		   n ? n->typed : today, arena_printf(req->a, " required max=\"%s\"", today),
		   "notice-", n ? _(n->error.message) : NULL);
	html(b, "<button type=\"submit\" class=\"secondary\">");
	html_txt(b, _("Enregistrer la remise de la notice"));
	html(b, "</button>\n</form>\n");
}

/* The fiche of person id, then its edit form: pre-filled from the record
   when f is NULL, else with f's typed values and error; notice: the
   notice form's refusal, or NULL. */
static void render_person(struct request *req, struct response *resp, int status, int64_t id,
			  const struct form *f, const struct notice_refusal *notice)
{
	buf cases, timeline;
	buf_init(&cases, HTTP_PAGE_MAX);
	buf_init(&timeline, HTTP_PAGE_MAX);
	struct person_read r;
	memset(&r, 0, sizeof r);
	r.req = req;
	r.k.a = req->a;
	r.cases = &cases;
	r.timeline = &timeline;
	if (status == 200) {
		r.tl.after = req_query(req, "after");
		r.tl.kinds = req_query_joined(req, "kinds");
		unsigned mask;
		if (timeline_kinds_parse(r.tl.kinds, &mask) != 0) {
			buf_free(&cases);
			buf_free(&timeline);
			web_timeline_bad_kinds(req, resp);
			return;
		}
	}
	int rc = id ? person_page(req->svc, id, person_read, page_read, &r) : SVC_NOT_FOUND;
	if (rc != SVC_OK) {
		buf_free(&cases);
		buf_free(&timeline);
		/* A timeline cursor it did not write: the latest entries instead. */
		if (rc == SVC_INVALID)
			resp_redirect(resp, arena_printf(req->a, "/persons/%lld", (long long)id));
		else
			resp_svc_error(req, resp, rc);
		return;
	}
	const struct org_names *orgs = &r.orgs;
	const struct web_refs *refs = &r.refs;
	const struct person_view *p = &r.k.v;
	struct form stored;
	if (!f) {
		memset(&stored, 0, sizeof stored);
		stored.in.last_name = p->last_name;
		stored.in.first_name = p->first_name;
		stored.in.birth_date = p->birth_date;
		stored.in.sex = p->sex;
		stored.in.status = p->status;
		stored.in.category = p->category;
		stored.in.family_situation = p->family_situation;
		stored.in.job_title = p->job_title;
		stored.in.phone = p->phone;
		stored.in.email = p->email;
		stored.in.address = p->address;
		stored.in.consent_on = p->consent_on;
		stored.in.statistics = p->statistics;
		f = &stored;
	}

	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	/* The title stays generic: it ends up in the browser's history. */
	page_begin(req, &b, _("Fiche de la personne"));
	html(&b, "<p><a href=\"/persons\">");
	html_txt(&b, _("← Toutes les personnes"));
	html(&b, "</a></p>\n<hgroup>\n<h1>");
	html_txt(&b, p->first_name);
	html(&b, " ");
	html_txt(&b, p->last_name);
	html(&b, "</h1>\n<p>");
	html_txt(&b, org_label(orgs, p->organisation));
	html(&b, "</p>\n</hgroup>\n");

	section_begin(&b, "identite", _("Identité"));
	item(&b, _("Nom"), p->last_name);
	item(&b, _("Prénom"), p->first_name);
	item_date(&b, _("Date de naissance"), p->birth_date);
	item(&b, _("Sexe"), web_ref_label(refs, "sex", p->sex));
	item(&b, _("Situation familiale"),
	     web_ref_label(refs, "family_situation", p->family_situation));
	section_end(&b);

	section_begin(&b, "emploi", _("Emploi"));
	item(&b, _("Organisation"), org_label(orgs, p->organisation));
	item(&b, _("Poste occupé"), p->job_title);
	item(&b, _("Statut"), web_ref_label(refs, "status", p->status));
	item(&b, _("Catégorie"), web_ref_label(refs, "category", p->category));
	section_end(&b);

	section_begin(&b, "coordonnees", _("Coordonnées"));
	item(&b, _("Téléphone"), p->phone);
	item(&b, _("Adresse électronique"), p->email);
	item(&b, _("Adresse postale"), p->address);
	section_end(&b);

	section_begin(&b, "suivi", _("Suivi et consentements"));
	const struct actor *who = svc_actor(req->svc);
	html(&b, "<dt>");
	html_txt(&b, _("Référent(e)"));
	html(&b, "</dt>\n<dd>");
	if (who && p->referent && strcmp(who->login, p->referent) == 0) {
		html_txt(&b, _("vous"));
		html(&b, " (");
		html_txt(&b, who->name);
		html(&b, ")");
	} else {
		txt_or_dash(&b, p->referent);
	}
	html(&b, "</dd>\n");
	item_date(&b, _("Consentement à l'accompagnement donné le"), p->consent_on);
	html(&b, "<dt>");
	html_txt(&b, _("Statistiques anonymes"));
	html(&b, "</dt>\n<dd>");
	/* "la personne": one agreement, whoever the person is */
	html_txt(&b, p->statistics ? _("la personne accepte d'y être comptée")
				   : _("la personne refuse d'y être comptée"));
	if (p->statistics_on && *p->statistics_on) {
		char since[11];
		date_french(p->statistics_on, since);
		html(&b, " ");
		html_txt(&b, arena_printf(req->a, _("(depuis le %s)"), since));
	}
	html(&b, "</dd>\n");
	item_date(&b, _("Notice d'information remise le"), p->notice_given_on);
	html(&b, "</dl>\n");
	notice_form(req, &b, p->id, notice);
	html(&b, "</section>\n");

	/* The person's cases the caller may open, newest first. */
	html(&b, "<section aria-labelledby=\"suivis\">\n<h2 id=\"suivis\">");
	html_txt(&b, _("Accompagnements"));
	html(&b, "</h2>\n<ul>\n");
	if (r.ncases) {
		buf_add(&b, cases.data, cases.len);
	} else {
		html(&b, "<li>");
		html_txt(&b, _("Aucun accompagnement pour l'instant."));
		html(&b, "</li>\n");
	}
	html(&b, "</ul>\n<p><a href=\"/cases/new?person=");
	html_int(&b, p->id);
	html(&b, "\">");
	html_txt(&b, _("Ouvrir un accompagnement"));
	html(&b, "</a> · <a href=\"/api/v1/persons/");
	html_int(&b, p->id);
	html(&b, "/export\">");
	html_txt(&b, _("Tout ce qui est détenu sur la personne (export JSON, droit d'accès)"));
	html(&b, "</a> · <a href=\"/api/v1/persons/");
	html_int(&b, p->id);
	html(&b, "/export?format=pdf\">");
	html_txt(&b, _("Document du droit d'accès (PDF)"));
	html(&b, "</a> · <a href=\"/api/v1/persons/");
	html_int(&b, p->id);
	html(&b, "/export?format=zip\">");
	html_txt(&b, _("Archive du droit d'accès avec les documents (zip)"));
	html(&b, "</a></p>\n</section>\n");
	buf_add(&b, timeline.data ? timeline.data : "", timeline.len);

	html(&b, "<section aria-labelledby=\"modifier\">\n<h2 id=\"modifier\">");
	html_txt(&b, _("Modifier la fiche"));
	html(&b, "</h2>\n");
	form_alert(&b, f, 0);
	html(&b, "<form method=\"post\" action=\"/persons/");
	html_int(&b, p->id);
	html(&b, "\" autocomplete=\"off\">\n");
	page_csrf_field(req, &b);
	html(&b, "\n");
	person_fields(&b, f, refs);
	web_rights_correction_fields(&b, f->in.correction_reason);
	html(&b, "<button type=\"submit\">");
	html_txt(&b, _("Enregistrer les modifications"));
	html(&b, "</button>\n</form>\n</section>\n");
	web_rights_erasure_section(req, &b, p->id);
	page_finish(req, resp, status, &b);
	buf_free(&cases);
	buf_free(&timeline);
}

/* Writes one of the person's cases as a list item. */
static int case_line(void *ctx, const struct case_view *c)
{
	struct case_lines *cl = ctx;
	char opened[11], closed[11];
	date_french(c->opened_on, opened);
	html(cl->b, "<li><a href=\"/cases/");
	html_int(cl->b, c->id);
	html(cl->b, "\">");
	html_txt(cl->b, _("Accompagnement ouvert le"));
	html(cl->b, " ");
	html_txt(cl->b, opened);
	html(cl->b, "</a> — ");
	if (c->closed_on) {
		date_french(c->closed_on, closed);
		html_txt(cl->b, _("clôturé le"));
		html(cl->b, " ");
		html_txt(cl->b, closed);
	} else {
		html_txt(cl->b, _("en cours"));
	}
	html(cl->b, " · ");
	html_txt(cl->b, web_ref_label(cl->refs, "referral_source", c->referral_source));
	html(cl->b, "</li>\n");
	cl->rows++;
	return 0;
}

void web_person(struct request *req, struct response *resp)
{
	render_person(req, resp, 200, req->id, NULL, NULL);
}

void web_person_notice(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct person_notice_input in = {NULL};
	struct notice_refusal n;
	memset(&n, 0, sizeof n);
	n.typed = req_form(req, persons_notice_fields[PERSON_NOTICE_GIVEN_ON].name);
	int rc = req_fields(req, persons_notice_fields, PERSON_NOTICE__FIELDS, &in, &n.error) == 0
			 ? persons_notice_given(req->svc, id, &in)
			 : SVC_INVALID;
	if (rc == SVC_OK) {
		resp_redirect(resp, arena_printf(req->a, "/persons/%lld#suivi", (long long)id));
	} else if (rc == SVC_INVALID) {
		if (!n.error.message)
			n.error = *svc_error(req->svc);
		render_person(req, resp, 422, id, NULL, &n);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

void web_person_update(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct form f;
	struct verr refused;
	int invalid = form_read(req, &f, PERSON_LAST_NAME, &refused);
	/* The organisation of a person does not change. */
	f.in.organisation = NULL;
	f.in.import_ref = NULL;
	/* Asked by the person: a correction, with its reason (service/rights.h). */
	const char *asked = req_form(req, RIGHTS_CORRECTION_FLAG);
	const char *why = req_form(req, RIGHTS_CORRECTION_REASON);
	if ((asked && *asked) || (why && *why))
		f.in.correction_reason = why ? why : "";
	if (invalid) {
		f.error = &refused;
		render_person(req, resp, 422, id, &f, NULL);
		return;
	}
	int rc = persons_update(req->svc, id, &f.in);
	if (rc == SVC_OK) {
		resp_redirect(resp, arena_printf(req->a, "/persons/%lld", (long long)id));
	} else if (rc == SVC_INVALID || rc == SVC_CONFLICT) {
		struct verr error = *svc_error(req->svc);
		f.error = &error;
		render_person(req, resp, rc == SVC_INVALID ? 422 : 409, id, &f, NULL);
	} else {
		resp_svc_error(req, resp, rc);
	}
}
