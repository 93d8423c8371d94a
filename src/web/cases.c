/*
 * cases — the pages of a case (suivi) for the social worker: the caseload
 * ("Mes suivis") with its filter, the form opening a case for a person, and
 * one case's page: the person, the status, the interventions, the
 * diagnosis and action plan, and the forms that change the case, record an
 * intervention, share the case with a colleague or hand it over.
 *
 * Secrecy is the service's (service/cases.h): a case the caller may not
 * open answers SVC_NOT_FOUND, and the page is the same French "not found"
 * as for an id that does not exist, with nothing of the case in it.  The
 * private note of an intervention reaches the page only for its author
 * (service/interventions.h).
 */
#include <stdint.h>
#include <string.h>

#include "domain/date.h"
#include "domain/orientations.h"
#include "service/cases.h"
#include "service/interventions.h"
#include "service/orientations.h"
#include "service/persons.h"
#include "service/reference.h"
#include "service/sharing.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/web.h"

/* ---- reference labels ---- */

static const char *const case_lists[] = {"domain", "referral_source", "outcome", "mode",
					 "intervention_kind", "partner_kind"};

static int refs_load(struct request *req, struct web_refs *r)
{
	return web_refs_load(req, r, case_lists, sizeof case_lists / sizeof case_lists[0]);
}

/* The French label of code in list; the code itself when unknown; "—" for
   no value. */
static const char *ref_label(const struct web_refs *r, const char *list, const char *code)
{
	const char *label = web_ref_label(r, list, code);
	return label ? label : "—";
}

/* ---- small writers ---- */

static void date_fr(buf *b, const char *iso)
{
	if (!iso || !*iso) {
		html_txt(b, "—");
		return;
	}
	char fr[11];
	date_french(iso, fr);
	html_txt(b, fr);
}

/* "45 min", "1 h", "1 h 30". */
static void duration(buf *b, arena *a, int64_t minutes)
{
	if (minutes < 60)
		html_txt(b, arena_printf(a, "%lld min", (long long)minutes));
	else if (minutes % 60 == 0)
		html_txt(b, arena_printf(a, "%lld h", (long long)(minutes / 60)));
	else
		html_txt(b, arena_printf(a, "%lld h %02lld", (long long)(minutes / 60),
					 (long long)(minutes % 60)));
}

/* Free text as paragraphs of lines: each line escaped, <br> between. */
static void multiline(buf *b, arena *a, const char *text)
{
	html(b, "<p>");
	for (const char *p = text;;) {
		const char *nl = strchr(p, '\n');
		if (!nl) {
			html_txt(b, p);
			break;
		}
		html_txt(b, arena_strndup(a, p, (size_t)(nl - p)));
		html(b, "<br>\n");
		p = nl + 1;
	}
	html(b, "</p>\n");
}

/* Text as typed in a <textarea>: browsers send CRLF; we keep LF. NULL stays
   NULL. */
static const char *lf_only(arena *a, const char *s)
{
	if (!s || !strchr(s, '\r'))
		return s;
	char *out = arena_strdup(a, s), *w = out;
	for (const char *p = s; *p; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			*w++ = *p;
	*w = '\0';
	return out;
}

/* The signed-in user is login. */
static int is_me(struct request *req, const char *login)
{
	const struct actor *who = svc_actor(req->svc);
	return who && login && strcmp(who->login, login) == 0;
}

/* A positive id from text, or 0 (then: not found). */
static int64_t parse_id(const char *s)
{
	int64_t id;
	return s && text_parse_int(s, 1, INT64_MAX, &id) == 0 ? id : 0;
}

/* ---- forms: typed values and the refusal ---- */

/* The forms of the pages; several share the case page, so the ids of their
   error messages carry the form's prefix. */
enum which { F_NONE, F_NEW, F_EDIT, F_CLOSE, F_INTERVENTION, F_SHARE, F_HANDOVER, F_ORIENT,
	     F_ORIENT_STATUS };

/* Each form's prefix of error ids ("err-edit-domains"). */
static const char *const prefix[] = {"",      "new-",	   "edit-",   "close-", "int-",
				     "share-", "handover-", "orient-", "ostatus-"};

/* The fields each form shows next to their input; an error about any other
   field is shown above the form. */
static const char *const inline_fields[][7] = {
	[F_NEW] = {"opened_on", "referral_source", "domains", "diagnosis", "action_plan"},
	[F_EDIT] = {"opened_on", "referral_source", "domains", "diagnosis", "action_plan"},
	[F_CLOSE] = {"closed_on", "outcome"},
	[F_INTERVENTION] = {"date", "mode", "kind", "duration_minutes", "notes", "private_note"},
	[F_SHARE] = {"login", "until", "reason"},
	[F_HANDOVER] = {"login"},
	[F_ORIENT] = {"partner_id", "sent_on", "reason", "share_consent_on", "details_sent"},
	[F_ORIENT_STATUS] = {"status", "date"},
};

struct form {
	enum which which;       /* the form submitted; F_NONE on a plain GET */
	int refused;            /* error holds why it was refused */
	struct verr error;      /* a copy: later look-ups must not change it */
	struct case_input c;    /* F_NEW, F_EDIT, F_CLOSE */
	struct intervention_input iv;
	const char *duration;   /* as typed */
	const char *login, *until, *reason; /* F_SHARE, F_HANDOVER */
	const struct case_refusal *record;  /* the aids' and budget's forms (web/case_aids.c) */
	struct orientation_input orient;    /* F_ORIENT */
	int64_t orientation_id;             /* F_ORIENT_STATUS: the row whose form was sent */
	const char *status, *date;          /* F_ORIENT_STATUS as chosen */
};

static void refuse(struct form *f, struct request *req)
{
	f->refused = 1;
	f->error = *svc_error(req->svc);
}

static int is_error(const struct form *f, enum which w, const char *field)
{
	return f->refused && f->which == w && f->error.field && strcmp(f->error.field, field) == 0;
}

static void field_error(buf *b, const struct form *f, enum which w, const char *field)
{
	form_error(b, is_error(f, w, field), prefix[w], field,
		   is_error(f, w, field) ? _(f->error.message) : "");
}

static void invalid_attr(buf *b, const struct form *f, enum which w, const char *field)
{
	form_invalid(b, is_error(f, w, field), prefix[w], field);
}

/* The refusal of form w that has no field of its own in it, above it. */
static void form_alert(buf *b, const struct form *f, enum which w)
{
	if (!f->refused || f->which != w)
		return;
	for (int i = 0; i < 7 && inline_fields[w][i]; i++)
		if (f->error.field && strcmp(f->error.field, inline_fields[w][i]) == 0)
			return;
	html(b, "<p role=\"alert\" class=\"error-field\">");
	html_txt(b, _(f->error.message));
	html(b, "</p>\n");
}

/* An <input> in its <label>; type is a literal ("text", "date"…), extra
   literal attributes start with a space. */
static void input(buf *b, const struct form *f, enum which w, const char *field,
		  const char *label, const char *type, const char *value, const char *extra)
{
	form_input(b, type, field, label, value, extra, prefix[w],
		   is_error(f, w, field) ? _(f->error.message) : NULL);
}

/* A date input bounded by today (max, or min when after_today). */
static void date_input(buf *b, const struct form *f, enum which w, const char *field,
		       const char *label, const char *value, int after_today)
{
	char today[DATE_LEN + 1];
	date_today(today);
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<input type=\"date\" name=\"");
	html_attr(b, field);
	html(b, after_today ? "\" required min=\"" : "\" required max=\"");
	html_attr(b, today);
	html(b, "\" value=\"");
	html_attr(b, value ? value : "");
	html(b, "\"");
	invalid_attr(b, f, w, field);
	html(b, ">\n");
	field_error(b, f, w, field);
	html(b, "</label>\n");
}

static void textarea(buf *b, const struct form *f, enum which w, const char *field,
		     const char *label, const char *value)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<textarea name=\"");
	html_attr(b, field);
	html(b, "\" rows=\"4\" maxlength=\"20000\"");
	invalid_attr(b, f, w, field);
	/* The newline after the tag is eaten by the parser: a value starting
	   with one keeps it. */
	html(b, ">\n");
	html_txt(b, value ? value : "");
	html(b, "</textarea>\n");
	field_error(b, f, w, field);
	html(b, "</label>\n");
}

/* A <select> of reference list `list` named field, with "—" first: the
   active entries, and a retired one when it is the value already there. */
static void ref_select(buf *b, const struct form *f, enum which w, const struct web_refs *r,
		       const char *list, const char *field, const char *label, const char *selected)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<select name=\"");
	html_attr(b, field);
	html(b, "\" required");
	invalid_attr(b, f, w, field);
	html(b, ">\n<option value=\"\">—</option>\n");
	for (const struct web_ref *e = r->head; e; e = e->next) {
		int is_selected = selected && strcmp(selected, e->code) == 0;
		if (strcmp(e->list, list) != 0 || (e->retired && !is_selected))
			continue;
		form_option(b, e->code, e->label, is_selected ? e->code : NULL);
	}
	html(b, "</select>\n");
	field_error(b, f, w, field);
	html(b, "</label>\n");
}

static int has_code(const char *const *codes, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (codes[i] && strcmp(codes[i], code) == 0)
			return 1;
	return 0;
}

/* Whether domain top, or one of its themes, is to be offered: active, or
   already chosen. */
static int domain_shown(const struct web_ref *e, const char *const *codes, int n)
{
	return !e->retired || has_code(codes, n, e->code);
}

/* The domains as checkboxes named "domains", one <fieldset> per top-level
   domain: the domain itself ("en général"), then its themes. */
static void domain_checkboxes(buf *b, const struct form *f, enum which w, const struct web_refs *r,
			      const char *const *codes, int n)
{
	html(b, "<fieldset>\n<legend>");
	html_txt(b, _("Domaines et problématiques (au moins un)"));
	html(b, "</legend>\n");
	field_error(b, f, w, "domains");
	for (const struct web_ref *top = r->head; top; top = top->next) {
		if (strcmp(top->list, "domain") != 0 || top->parent)
			continue;
		int any = domain_shown(top, codes, n);
		for (const struct web_ref *e = r->head; e && !any; e = e->next)
			any = strcmp(e->list, "domain") == 0 && e->parent &&
			      strcmp(e->parent, top->code) == 0 && domain_shown(e, codes, n);
		if (!any)
			continue;
		html(b, "<fieldset>\n<legend>");
		html_txt(b, top->label);
		html(b, "</legend>\n");
		for (const struct web_ref *e = r->head; e; e = e->next) {
			int mine = e == top || (strcmp(e->list, "domain") == 0 && e->parent &&
						strcmp(e->parent, top->code) == 0);
			if (!mine || !domain_shown(e, codes, n))
				continue;
			html(b, "<label>\n<input type=\"checkbox\" name=\"domains\" value=\"");
			html_attr(b, e->code);
			html(b, "\"");
			if (has_code(codes, n, e->code))
				html(b, " checked");
			invalid_attr(b, f, w, "domains");
			html(b, ">\n");
			html_txt(b, e == top ? _("En général") : e->label);
			html(b, "\n</label>\n");
		}
		html(b, "</fieldset>\n");
	}
	html(b, "</fieldset>\n");
}

/* The fields of the case form (opening and edit). */
static void case_form_read(struct request *req, struct form *f)
{
	f->c.opened_on = req_form(req, "opened_on");
	f->c.referral_source = req_form(req, "referral_source");
	f->c.domains = req_form_all(req, "domains", &f->c.ndomains);
	f->c.diagnosis = lf_only(req->a, req_form(req, "diagnosis"));
	f->c.action_plan = lf_only(req->a, req_form(req, "action_plan"));
	/* An absent text (a hand-made post) is kept rather than cleared. */
}

/* The fields shared by the opening and the edit forms. */
static void case_fields(buf *b, const struct form *f, enum which w, const struct web_refs *r,
			const struct case_input *in)
{
	html(b, "<div class=\"grid\">\n");
	date_input(b, f, w, "opened_on", _("Date d'ouverture"), in->opened_on, 0);
	ref_select(b, f, w, r, "referral_source", "referral_source", _("Origine de la demande"),
		   in->referral_source);
	html(b, "</div>\n");
	domain_checkboxes(b, f, w, r, in->domains, in->ndomains);
	html(b, "<p><small>");
	html_txt(b, _("Le diagnostic et le plan d'action sont chiffrés : seuls la ou le "
		      "référent(e) du suivi et les collègues disposant d'un partage en cours "
		      "peuvent les lire."));
	html(b, "</small></p>\n");
	textarea(b, f, w, "diagnosis", _("Diagnostic social (facultatif)"), in->diagnosis);
	textarea(b, f, w, "action_plan", _("Plan d'action (facultatif)"), in->action_plan);
}

/* ---- the caseload ---- */

struct rows {
	struct request *req;
	buf *b;
	const struct web_refs *refs;
	int n;
};

static int case_row(void *ctx, const struct case_view *c)
{
	struct rows *r = ctx;
	buf *b = r->b;
	r->n++;
	html(b, "<tr><td><a href=\"/persons/");
	html_int(b, c->person_id);
	html(b, "\">");
	html_txt(b, c->first_name ? c->first_name : "");
	html(b, " ");
	html_txt(b, c->last_name ? c->last_name : "");
	html(b, "</a></td><td>");
	date_fr(b, c->opened_on);
	html(b, "</td><td>");
	html_txt(b, ref_label(r->refs, "referral_source", c->referral_source));
	html(b, "</td><td>");
	if (c->closed_on) {
		char fr[11];
		date_french(c->closed_on, fr);
		html_txt(b, arena_printf(r->req->a, _("clôturé le %s"), fr));
	} else {
		html_txt(b, _("en cours"));
	}
	html(b, "</td><td>");
	html_txt(b, is_me(r->req, c->referent) ? _("vous") : c->referent);
	html(b, "</td><td><a href=\"/cases/");
	html_int(b, c->id);
	html(b, "\">");
	html_txt(b, arena_printf(r->req->a, _("Suivi n° %lld"), (long long)c->id));
	html(b, "</a></td></tr>\n");
	return 0;
}

static const struct {
	const char *status; /* cases_list's */
	const char *label;  /* the filter's link */
	const char *none;   /* the empty list */
} filters[] = {
	{"open", N_("En cours"), N_("Aucun suivi en cours.")},
	{"closed", N_("Clôturés"), N_("Aucun suivi clôturé.")},
	{"all", N_("Tous"), N_("Aucun suivi pour l'instant.")},
};

void web_cases(struct request *req, struct response *resp)
{
	/* Anything but a known filter is the default one. */
	const char *status = req_query(req, "status");
	size_t k = 0;
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++)
		if (status && strcmp(status, filters[i].status) == 0)
			k = i;
	struct web_refs refs;
	int rc = refs_load(req, &refs);
	buf rows;
	buf_init(&rows, HTTP_PAGE_MAX);
	struct rows r = {req, &rows, &refs, 0};
	if (rc == SVC_OK)
		rc = cases_list(req->svc, filters[k].status, case_row, &r);
	if (rc != SVC_OK) {
		buf_free(&rows);
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Mes suivis"));
	html(&b, "<h1>");
	html_txt(&b, _("Mes suivis"));
	html(&b, "</h1>\n<nav aria-label=\"");
	html_attr(&b, _("Filtrer les suivis"));
	html(&b, "\">\n<ul>\n");
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
		html(&b, "<li><a href=\"/cases?status=");
		html_url_arg(&b, filters[i].status);
		html(&b, "\"");
		if (i == k)
			html(&b, " aria-current=\"page\"");
		html(&b, ">");
		html_txt(&b, _(filters[i].label));
		html(&b, "</a></li>\n");
	}
	html(&b, "</ul>\n</nav>\n");
	if (r.n) {
		html(&b, "<figure>\n<table>\n<thead><tr><th scope=\"col\">");
		html_txt(&b, _("Personne"));
		html(&b, "</th><th scope=\"col\">");
		html_txt(&b, _("Ouverture"));
		html(&b, "</th><th scope=\"col\">");
		html_txt(&b, _("Origine de la demande"));
		html(&b, "</th><th scope=\"col\">");
		html_txt(&b, _("Statut"));
		html(&b, "</th><th scope=\"col\">");
		html_txt(&b, _("Référent(e)"));
		html(&b, "</th><th scope=\"col\">");
		html_txt(&b, _("Dossier"));
		html(&b, "</th></tr></thead>\n<tbody>\n");
		buf_add(&b, rows.data, rows.len);
		html(&b, "</tbody>\n</table>\n</figure>\n");
	} else {
		html(&b, "<p>");
		html_txt(&b, _(filters[k].none));
		html(&b, "</p>\n");
	}
	html(&b, "<p>");
	html_txt(&b, _("Un suivi s'ouvre depuis la fiche de la personne :"));
	html(&b, " <a href=\"/persons\">");
	html_txt(&b, _("Personnes accompagnées"));
	html(&b, "</a>.</p>\n");
	page_end(req, &b);
	page_send(resp, 200, &b);
	buf_free(&b);
	buf_free(&rows);
}

/* ---- opening a case ---- */

struct person_name {
	arena *a;
	int found;
	const char *first_name, *last_name;
};

static int person_keep(void *ctx, const struct person_view *p)
{
	struct person_name *n = ctx;
	n->found = 1;
	n->first_name = arena_strdup(n->a, p->first_name);
	n->last_name = arena_strdup(n->a, p->last_name);
	return 1;
}

static void render_new(struct request *req, struct response *resp, int status, int64_t person_id,
		       const struct form *f)
{
	struct person_name who = {req->a, 0, NULL, NULL};
	int rc = person_id ? persons_get(req->svc, person_id, person_keep, &who) : SVC_NOT_FOUND;
	if (rc == SVC_OK && !who.found)
		rc = SVC_NOT_FOUND;
	struct web_refs refs;
	if (rc == SVC_OK)
		rc = refs_load(req, &refs);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Nouveau suivi"));
	html(&b, "<p><a href=\"/persons/");
	html_int(&b, person_id);
	html(&b, "\">");
	html_txt(&b, _("← Fiche de la personne"));
	html(&b, "</a></p>\n<hgroup>\n<h1>");
	html_txt(&b, _("Nouveau suivi"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, who.first_name);
	html(&b, " ");
	html_txt(&b, who.last_name);
	html(&b, "</p>\n</hgroup>\n");
	form_alert(&b, f, F_NEW);
	html(&b, "<form method=\"post\" action=\"/cases\" autocomplete=\"off\">\n");
	page_csrf_field(req, &b);
	html(&b, "<input type=\"hidden\" name=\"person_id\" value=\"");
	html_int(&b, person_id);
	html(&b, "\">\n");
	case_fields(&b, f, F_NEW, &refs, &f->c);
	html(&b, "<button type=\"submit\">");
	html_txt(&b, _("Ouvrir le suivi"));
	html(&b, "</button>\n</form>\n");
	page_end(req, &b);
	page_send(resp, status, &b);
	buf_free(&b);
}

struct chooser {
	buf *b;
	int n;
};

static int person_choice(void *ctx, const struct person_view *p)
{
	struct chooser *c = ctx;
	if (!c->n++)
		html(c->b, "<ul>\n");
	html(c->b, "<li><a href=\"/cases/new?person=");
	html_int(c->b, p->id);
	html(c->b, "\">");
	html_txt(c->b, p->first_name);
	html(c->b, " ");
	html_txt(c->b, p->last_name);
	html(c->b, "</a></li>\n");
	return 0;
}

/* /cases/new without a person: the caller's persons to choose from. */
static void render_chooser(struct request *req, struct response *resp)
{
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Nouveau suivi"));
	html(&b, "<h1>");
	html_txt(&b, _("Nouveau suivi"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, _("Pour quelle personne ouvrir un suivi ?"));
	html(&b, "</p>\n");
	struct chooser c = {&b, 0};
	int rc = persons_search(req->svc, NULL, person_choice, &c);
	if (rc != SVC_OK) {
		buf_free(&b);
		resp_svc_error(req, resp, rc);
		return;
	}
	if (c.n) {
		html(&b, "</ul>\n");
	} else {
		html(&b, "<p>");
		html_txt(&b, _("Vous n'accompagnez encore personne : créez d'abord sa fiche."));
		html(&b, " <a href=\"/persons/new\">");
		html_txt(&b, _("Nouvelle personne"));
		html(&b, "</a></p>\n");
	}
	page_end(req, &b);
	page_send(resp, 200, &b);
	buf_free(&b);
}

void web_case_new(struct request *req, struct response *resp)
{
	const char *person = req_query(req, "person");
	if (!person || !*person) {
		render_chooser(req, resp);
		return;
	}
	struct form f;
	memset(&f, 0, sizeof f);
	f.which = F_NEW;
	char today[DATE_LEN + 1];
	date_today(today);
	f.c.opened_on = today;
	render_new(req, resp, 200, parse_id(person), &f);
}

void web_case_create(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	f.which = F_NEW;
	int64_t person_id = parse_id(req_form(req, "person_id"));
	case_form_read(req, &f);
	f.c.person_id = person_id;
	int64_t id = 0;
	int rc = cases_create(req->svc, &f.c, &id);
	if (rc == SVC_OK) {
		resp_redirect(resp, arena_printf(req->a, "/cases/%lld", (long long)id));
		return;
	}
	const struct verr *e = svc_error(req->svc);
	if (rc != SVC_INVALID || (e->field && strcmp(e->field, "person_id") == 0)) {
		/* Without a person the form cannot be shown again. */
		resp_svc_error(req, resp, rc);
		return;
	}
	refuse(&f, req);
	render_new(req, resp, 422, person_id, &f);
}

/* ---- one case ---- */

/* The case copied out of the service's callback (strings in the arena):
   the page is written after the read, with other look-ups in between. */
struct kept {
	arena *a;
	int found;
	struct case_view v;
};

static int case_keep(void *ctx, const struct case_view *c)
{
	struct kept *k = ctx;
	arena *a = k->a;
	k->found = 1;
	k->v = *c;
	k->v.last_name = arena_strdup(a, c->last_name);
	k->v.first_name = arena_strdup(a, c->first_name);
	k->v.referent = arena_strdup(a, c->referent);
	k->v.opened_on = arena_strdup(a, c->opened_on);
	k->v.closed_on = arena_strdup(a, c->closed_on);
	k->v.referral_source = arena_strdup(a, c->referral_source);
	k->v.outcome = arena_strdup(a, c->outcome);
	k->v.diagnosis = arena_strdup(a, c->diagnosis);
	k->v.action_plan = arena_strdup(a, c->action_plan);
	const char **d = arena_alloc(a, sizeof *d * (size_t)(c->ndomains > 0 ? c->ndomains : 1));
	for (int i = 0; i < c->ndomains; i++)
		d[i] = arena_strdup(a, c->domains[i]);
	k->v.domains = d;
	k->v.ndomains = c->ndomains > 0 ? c->ndomains : 0;
	return 1;
}

/* The case's domains, grouped under their top-level domain. */
static void domains_list(buf *b, const struct web_refs *r, const struct case_view *v)
{
	html(b, "<ul>\n");
	for (const struct web_ref *top = r->head; top; top = top->next) {
		if (strcmp(top->list, "domain") != 0 || top->parent)
			continue;
		int general = has_code(v->domains, v->ndomains, top->code), themes = 0;
		for (int i = 0; i < v->ndomains; i++) {
			const struct web_ref *e = web_ref_find(r, "domain", v->domains[i]);
			if (!e || !e->parent || strcmp(e->parent, top->code) != 0)
				continue;
			if (!themes++) {
				html(b, "<li><strong>");
				html_txt(b, top->label);
				html(b, "</strong> : ");
				if (general) {
					html_txt(b, _("en général"));
					html(b, ", ");
				}
			} else {
				html(b, ", ");
			}
			html_txt(b, e->label);
		}
		if (themes)
			html(b, "</li>\n");
		else if (general) {
			html(b, "<li><strong>");
			html_txt(b, top->label);
			html(b, "</strong></li>\n");
		}
	}
	/* A code the lists no longer hold (never deleted: should not happen). */
	for (int i = 0; i < v->ndomains; i++)
		if (!web_ref_find(r, "domain", v->domains[i])) {
			html(b, "<li>");
			html_txt(b, v->domains[i]);
			html(b, "</li>\n");
		}
	html(b, "</ul>\n");
}

struct iv_list {
	struct request *req;
	buf *b;
	const struct web_refs *refs;
	int n;
};

static int intervention_item(void *ctx, const struct intervention_view *v)
{
	struct iv_list *l = ctx;
	buf *b = l->b;
	l->n++;
	html(b, "<article>\n<header><strong>");
	date_fr(b, v->date);
	html(b, "</strong> · ");
	html_txt(b, ref_label(l->refs, "mode", v->mode));
	html(b, " · ");
	html_txt(b, ref_label(l->refs, "intervention_kind", v->kind));
	html(b, " · ");
	duration(b, l->req->a, v->duration_minutes);
	html(b, " · ");
	html_txt(b, v->own ? _("par vous") : arena_printf(l->req->a, _("par %s"), v->author));
	html(b, "</header>\n");
	if (v->notes && *v->notes)
		multiline(b, l->req->a, v->notes);
	else {
		html(b, "<p><small>");
		html_txt(b, _("Pas de note."));
		html(b, "</small></p>\n");
	}
	if (v->own && v->private_note && *v->private_note) {
		html(b, "<div class=\"notice\">\n<p><strong>");
		html_txt(b, _("Note privée (visible par vous seule)"));
		html(b, "</strong></p>\n");
		multiline(b, l->req->a, v->private_note);
		html(b, "</div>\n");
	}
	html(b, "</article>\n");
	return 0;
}

struct share_list {
	struct request *req;
	buf *b;
	int64_t case_id;
	int referent; /* the caller is the référent: the end buttons */
	int n;
};

static int share_row(void *ctx, const struct share_view *s)
{
	struct share_list *l = ctx;
	buf *b = l->b;
	if (!l->n++) {
		html(b, "<figure>\n<table>\n<thead><tr><th scope=\"col\">");
		html_txt(b, _("Collègue"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Jusqu'au"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Motif"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Accordé par"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("État"));
		html(b, "</th></tr></thead>\n<tbody>\n");
	}
	html(b, "<tr><td>");
	html_txt(b, s->name ? s->name : "");
	html(b, " (");
	html_txt(b, s->login);
	html(b, ")</td><td>");
	date_fr(b, s->until);
	html(b, "</td><td>");
	html_txt(b, s->reason ? s->reason : "—");
	html(b, "</td><td>");
	html_txt(b, is_me(l->req, s->granted_by) ? _("vous") : s->granted_by);
	html(b, "</td><td>");
	html_txt(b, s->live ? _("en cours") : _("terminé"));
	if (s->live && l->referent) {
		html(b, " <form method=\"post\" class=\"inline\" action=\"/cases/");
		html_int(b, l->case_id);
		html(b, "/shares/");
		html_url_arg(b, s->login);
		html(b, "/end\">");
		page_csrf_field(l->req, b);
		html(b, "<button type=\"submit\" class=\"secondary outline\">");
		html_txt(b, _("Mettre fin"));
		html(b, "</button></form>");
	}
	html(b, "</td></tr>\n");
	return 0;
}

/* A <section> with its <h2>; id is a literal. */
static void section_begin(buf *b, const char *id, const char *title)
{
	html(b, "<section aria-labelledby=\"");
	html(b, id);
	html(b, "\">\n<h2 id=\"");
	html(b, id);
	html(b, "\">");
	html_txt(b, title);
	html(b, "</h2>\n");
}

/* <details> around a form, open when that form was just refused. */
static void details_begin(buf *b, const struct form *f, enum which w, const char *summary)
{
	html(b, f->refused && f->which == w ? "<details open>\n<summary>" : "<details>\n<summary>");
	html_txt(b, summary);
	html(b, "</summary>\n");
}

static void form_begin(struct request *req, buf *b, int64_t id, const char *tail)
{
	html(b, "<form method=\"post\" action=\"/cases/");
	html_int(b, id);
	html(b, tail);
	html(b, "\" autocomplete=\"off\">\n");
	page_csrf_field(req, b);
	html(b, "\n");
}

/* ---- orientations ---- */

/* The French label of each status (domain/orientation.h). */
static const char *const status_labels[OS__COUNT] = {
	[OS_ENVOYEE] = N_("Envoyée, en attente de réponse"),
	[OS_ACCEPTEE] = N_("Acceptée"),
	[OS_REFUSEE] = N_("Refusée"),
	[OS_SANS_REPONSE] = N_("Sans réponse"),
	[OS_REALISEE] = N_("Réalisée"),
};

static const char *status_label(const char *code)
{
	int st = orientation_status_parse(code);
	return st < 0 ? code : _(status_labels[st]);
}

struct or_list {
	struct request *req;
	buf *b;
	const struct web_refs *refs;
	const struct form *f;
	int64_t case_id;
	int n;
};

/* The form changing the status of v: the statuses the rules allow next,
   and the date of the answer or of the realisation. */
static void status_form(struct or_list *l, const struct orientation_view *v)
{
	buf *b = l->b;
	int from = orientation_status_parse(v->status), any = 0;
	for (int to = 0; to < OS__COUNT && from >= 0; to++)
		any |= orientation_transition_ok((enum orientation_status)from,
						 (enum orientation_status)to);
	if (!any)
		return;
	const struct form *f = l->f;
	int mine = f->which == F_ORIENT_STATUS && f->orientation_id == v->id;
	const struct form none = {0};
	const struct form *shown = mine ? f : &none; /* errors only on the row refused */
	if (mine)
		form_alert(b, f, F_ORIENT_STATUS);
	html(b, "<form method=\"post\" action=\"/cases/");
	html_int(b, l->case_id);
	html(b, "/orientations/");
	html_int(b, v->id);
	html(b, "\">\n");
	page_csrf_field(l->req, b);
	html(b, "\n<div class=\"grid\">\n<label>");
	html_txt(b, _("Nouveau statut"));
	html(b, "\n<select name=\"status\" required");
	invalid_attr(b, shown, F_ORIENT_STATUS, "status");
	html(b, ">\n<option value=\"\">—</option>\n");
	for (int to = 0; to < OS__COUNT; to++) {
		if (!orientation_transition_ok((enum orientation_status)from,
					       (enum orientation_status)to))
			continue;
		const char *code = orientation_status_code((enum orientation_status)to);
		form_option(b, code, _(status_labels[to]), mine ? f->status : NULL);
	}
	html(b, "</select>\n");
	field_error(b, shown, F_ORIENT_STATUS, "status");
	html(b, "</label>\n");
	char today[DATE_LEN + 1];
	date_today(today);
	input(b, shown, F_ORIENT_STATUS, "date", _("Date de la réponse ou de la réalisation"),
	      "date", mine ? f->date : today, arena_printf(l->req->a, " max=\"%s\"", today));
	html(b, "</div>\n<button type=\"submit\" class=\"secondary\">");
	html_txt(b, _("Changer le statut"));
	html(b, "</button>\n</form>\n");
}

static int orientation_item(void *ctx, const struct orientation_view *v)
{
	struct or_list *l = ctx;
	buf *b = l->b;
	char fr[11];
	l->n++;
	html(b, "<article>\n<header><strong>");
	html_txt(b, v->partner_name);
	html(b, "</strong> (");
	html_txt(b, ref_label(l->refs, "partner_kind", v->partner_kind));
	html(b, ") · ");
	date_french(v->sent_on, fr);
	html_txt(b, arena_printf(l->req->a, _("envoyée le %s"), fr));
	html(b, " · <strong>");
	html_txt(b, status_label(v->status));
	html(b, "</strong>");
	if (v->answered_on) {
		date_french(v->answered_on, fr);
		html(b, " ");
		html_txt(b, arena_printf(l->req->a, _("(réponse le %s)"), fr));
	}
	if (v->done_on) {
		date_french(v->done_on, fr);
		html(b, " ");
		html_txt(b, arena_printf(l->req->a, _("(réalisée le %s)"), fr));
	}
	html(b, "</header>\n");
	if (v->reason && *v->reason)
		multiline(b, l->req->a, v->reason);
	html(b, "<p><small>");
	if (v->details_sent) {
		date_french(v->share_consent_on, fr);
		html_txt(b, arena_printf(l->req->a,
					 _("Coordonnées de la personne transmises, avec son "
					   "consentement du %s."),
					 fr));
	} else if (v->share_consent_on) {
		date_french(v->share_consent_on, fr);
		html_txt(b, arena_printf(l->req->a,
					 _("Consentement au partage du %s ; coordonnées non "
					   "transmises."),
					 fr));
	} else {
		html_txt(b, _("Coordonnées de la personne non transmises."));
	}
	html(b, "</small></p>\n");
	status_form(l, v);
	html(b, "</article>\n");
	return 0;
}

/* The form orienting the person to a partner of the directory. */
static void orientation_form(struct request *req, buf *b, const struct form *f, int64_t case_id,
			     const struct web_partner *partners)
{
	const struct orientation_input *o = f->which == F_ORIENT ? &f->orient : NULL;
	char today[DATE_LEN + 1];
	date_today(today);
	details_begin(b, f, F_ORIENT, _("Orienter vers un partenaire"));
	html(b, "<p><small>");
	html_txt(b, _("Le partenaire manque ? Ajoutez-le d'abord à l'annuaire :"));
	html(b, " <a href=\"/partners\">");
	html_txt(b, _("Annuaire des partenaires"));
	html(b, "</a>. ");
	html_txt(b, _("Le motif est chiffré. Les coordonnées de la personne ne se transmettent "
		      "qu'avec son consentement daté."));
	html(b, "</small></p>\n");
	form_alert(b, f, F_ORIENT);
	form_begin(req, b, case_id, "/orientations");
	html(b, "<div class=\"grid\">\n");
	web_partner_select(b, partners, "partner_id", _("Partenaire"), o ? o->partner_id : 0,
			   prefix[F_ORIENT],
			   is_error(f, F_ORIENT, "partner_id") ? _(f->error.message) : NULL);
	date_input(b, f, F_ORIENT, "sent_on", _("Envoyée le"), o ? o->sent_on : today, 0);
	html(b, "</div>\n");
	textarea(b, f, F_ORIENT, "reason", _("Motif de l'orientation"), o ? o->reason : NULL);
	html(b, "<div class=\"grid\">\n");
	input(b, f, F_ORIENT, "share_consent_on",
	      _("Consentement de la personne au partage, daté du (facultatif)"), "date",
	      o ? o->share_consent_on : NULL, arena_printf(req->a, " max=\"%s\"", today));
	html(b, "<label>\n<input type=\"checkbox\" name=\"details_sent\" value=\"1\"");
	if (o && o->details_sent)
		html(b, " checked");
	invalid_attr(b, f, F_ORIENT, "details_sent");
	html(b, ">\n");
	html_txt(b, _("Coordonnées de la personne transmises au partenaire"));
	html(b, "\n");
	field_error(b, f, F_ORIENT, "details_sent");
	html(b, "</label>\n</div>\n<button type=\"submit\">");
	html_txt(b, _("Enregistrer l'orientation"));
	html(b, "</button>\n</form>\n</details>\n");
}

static void dt(buf *b, const char *term)
{
	html(b, "<dt>");
	html_txt(b, term);
	html(b, "</dt>\n<dd>");
}

/* The page of case id, its forms with f's typed values and refusal. */
static void render_case(struct request *req, struct response *resp, int status, int64_t id,
			const struct form *f)
{
	struct kept k;
	memset(&k, 0, sizeof k);
	k.a = req->a;
	int rc = id ? cases_get(req->svc, id, case_keep, &k) : SVC_NOT_FOUND;
	if (rc == SVC_OK && !k.found)
		rc = SVC_NOT_FOUND;
	struct web_refs refs;
	if (rc == SVC_OK)
		rc = refs_load(req, &refs);
	buf b, ivs, shares, records, ors, retention;
	buf_init(&ivs, HTTP_PAGE_MAX);
	buf_init(&shares, HTTP_PAGE_MAX);
	buf_init(&records, HTTP_PAGE_MAX);
	buf_init(&ors, HTTP_PAGE_MAX);
	buf_init(&retention, HTTP_PAGE_MAX);
	struct iv_list il = {req, &ivs, &refs, 0};
	struct or_list ol = {req, &ors, &refs, f, id, 0};
	struct web_partner *partners = NULL;
	const struct case_view *v = &k.v;
	int referent = rc == SVC_OK && is_me(req, v->referent);
	struct share_list sl = {req, &shares, id, referent, 0};
	if (rc == SVC_OK)
		rc = interventions_list(req->svc, id, intervention_item, &il);
	if (rc == SVC_OK)
		rc = sharing_list(req->svc, id, share_row, &sl);
	if (rc == SVC_OK)
		rc = web_case_aids(req, &records, id, f->record);
	if (rc == SVC_OK)
		rc = orientations_list(req->svc, id, orientation_item, &ol);
	if (rc == SVC_OK)
		rc = web_partners_load(req, NULL, NULL, &partners, NULL);
	if (rc == SVC_OK)
		rc = web_job_retention_section(req, &retention, id, f->record);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		goto out;
	}
	char today[DATE_LEN + 1];
	date_today(today);
	buf_init(&b, HTTP_PAGE_MAX);
	/* The title stays generic: it ends up in the browser's history. */
	page_begin(req, &b, _("Suivi"));
	html(&b, "<p><a href=\"/cases\">");
	html_txt(&b, _("← Mes suivis"));
	html(&b, "</a></p>\n<hgroup>\n<h1>");
	html_txt(&b, v->first_name);
	html(&b, " ");
	html_txt(&b, v->last_name);
	html(&b, "</h1>\n<p>");
	html_txt(&b, arena_printf(req->a, _("Suivi n° %lld"), (long long)v->id));
	html(&b, " — ");
	char fr[11];
	if (v->closed_on) {
		date_french(v->closed_on, fr);
		html_txt(&b, arena_printf(req->a, _("Clôturé le %s"), fr));
	} else {
		date_french(v->opened_on, fr);
		html_txt(&b, arena_printf(req->a, _("En cours depuis le %s"), fr));
	}
	html(&b, "</p>\n</hgroup>\n");

	/* The essentials. */
	section_begin(&b, "resume", _("Le suivi"));
	html(&b, "<dl>\n");
	dt(&b, _("Personne"));
	html(&b, "<a href=\"/persons/");
	html_int(&b, v->person_id);
	html(&b, "\">");
	html_txt(&b, v->first_name);
	html(&b, " ");
	html_txt(&b, v->last_name);
	html(&b, "</a></dd>\n");
	dt(&b, _("Référent(e)"));
	if (referent) {
		html_txt(&b, _("vous"));
		html(&b, " (");
		html_txt(&b, svc_actor(req->svc)->name);
		html(&b, ")");
	} else {
		html_txt(&b, v->referent);
	}
	html(&b, "</dd>\n");
	dt(&b, _("Statut"));
	html_txt(&b, v->closed_on ? _("Clôturé") : _("En cours"));
	html(&b, "</dd>\n");
	dt(&b, _("Ouvert le"));
	date_fr(&b, v->opened_on);
	html(&b, "</dd>\n");
	if (v->closed_on) {
		dt(&b, _("Clôturé le"));
		date_fr(&b, v->closed_on);
		html(&b, "</dd>\n");
		dt(&b, _("Issue"));
		html_txt(&b, ref_label(&refs, "outcome", v->outcome));
		html(&b, "</dd>\n");
	}
	dt(&b, _("Origine de la demande"));
	html_txt(&b, ref_label(&refs, "referral_source", v->referral_source));
	html(&b, "</dd>\n");
	dt(&b, _("Domaines"));
	domains_list(&b, &refs, v);
	html(&b, "</dd>\n</dl>\n</section>\n");

	/* What was done, and the form to add to it. */
	section_begin(&b, "interventions", _("Interventions"));
	details_begin(&b, f, F_INTERVENTION, _("Ajouter une intervention"));
	form_alert(&b, f, F_INTERVENTION);
	form_begin(req, &b, v->id, "/interventions");
	const struct intervention_input *iv = f->which == F_INTERVENTION ? &f->iv : NULL;
	html(&b, "<div class=\"grid\">\n");
	date_input(&b, f, F_INTERVENTION, "date", _("Date"), iv ? iv->date : today, 0);
	ref_select(&b, f, F_INTERVENTION, &refs, "mode", "mode", _("Mode"), iv ? iv->mode : NULL);
	ref_select(&b, f, F_INTERVENTION, &refs, "intervention_kind", "kind", _("Type"),
		   iv ? iv->kind : NULL);
	input(&b, f, F_INTERVENTION, "duration_minutes", _("Durée (minutes)"), "number",
	      iv ? f->duration : NULL, " required min=\"0\" max=\"1440\" step=\"1\"");
	html(&b, "</div>\n");
	textarea(&b, f, F_INTERVENTION, "notes", _("Notes (lisibles par les collègues du suivi)"),
		 iv ? iv->notes : NULL);
	textarea(&b, f, F_INTERVENTION, "private_note",
		 _("Note privée (visible par vous seule, chiffrée)"), iv ? iv->private_note : NULL);
	html(&b, "<button type=\"submit\">");
	html_txt(&b, _("Enregistrer l'intervention"));
	html(&b, "</button>\n</form>\n</details>\n");
	if (il.n)
		buf_add(&b, ivs.data, ivs.len);
	else {
		html(&b, "<p>");
		html_txt(&b, _("Aucune intervention enregistrée."));
		html(&b, "</p>\n");
	}
	html(&b, "</section>\n");

	/* Financial aids and the budget (web/case_aids.c). */
	buf_add(&b, records.data, records.len);

	/* Where the person was sent, and the partners' answers. */
	section_begin(&b, "orientations", _("Orientations"));
	orientation_form(req, &b, f, v->id, partners);
	if (ol.n)
		buf_add(&b, ors.data, ors.len);
	else {
		html(&b, "<p>");
		html_txt(&b, _("Aucune orientation enregistrée."));
		html(&b, "</p>\n");
	}
	html(&b, "</section>\n");

	buf_add(&b, retention.data ? retention.data : "", retention.len);

	/* The confidential texts, and the form changing the case. */
	section_begin(&b, "diagnostic", _("Diagnostic et plan d'action"));
	html(&b, "<p><small>");
	html_txt(&b, _("Chiffrés : visibles seulement par la ou le référent(e) et les collègues "
		       "disposant d'un partage en cours."));
	html(&b, "</small></p>\n<h3>");
	html_txt(&b, _("Diagnostic social"));
	html(&b, "</h3>\n");
	if (v->diagnosis && *v->diagnosis)
		multiline(&b, req->a, v->diagnosis);
	else {
		html(&b, "<p>");
		html_txt(&b, _("Pas encore rédigé."));
		html(&b, "</p>\n");
	}
	html(&b, "<h3>");
	html_txt(&b, _("Plan d'action"));
	html(&b, "</h3>\n");
	if (v->action_plan && *v->action_plan)
		multiline(&b, req->a, v->action_plan);
	else {
		html(&b, "<p>");
		html_txt(&b, _("Pas encore rédigé."));
		html(&b, "</p>\n");
	}
	details_begin(&b, f, F_EDIT, _("Modifier le suivi"));
	form_alert(&b, f, F_EDIT);
	form_begin(req, &b, v->id, "");
	struct case_input stored;
	memset(&stored, 0, sizeof stored);
	stored.opened_on = v->opened_on;
	stored.referral_source = v->referral_source;
	stored.domains = v->domains;
	stored.ndomains = v->ndomains;
	stored.diagnosis = v->diagnosis;
	stored.action_plan = v->action_plan;
	case_fields(&b, f, F_EDIT, &refs, f->which == F_EDIT ? &f->c : &stored);
	html(&b, "<button type=\"submit\">");
	html_txt(&b, _("Enregistrer les modifications"));
	html(&b, "</button>\n</form>\n</details>\n</section>\n");

	if (!v->closed_on) {
		section_begin(&b, "cloture", _("Clôture"));
		details_begin(&b, f, F_CLOSE, _("Clôturer le suivi"));
		form_alert(&b, f, F_CLOSE);
		form_begin(req, &b, v->id, "/close");
		const struct case_input *c = f->which == F_CLOSE ? &f->c : NULL;
		html(&b, "<div class=\"grid\">\n");
		date_input(&b, f, F_CLOSE, "closed_on", _("Date de clôture"),
			   c ? c->closed_on : today, 0);
		ref_select(&b, f, F_CLOSE, &refs, "outcome", "outcome", _("Issue du suivi"),
			   c ? c->outcome : NULL);
		html(&b, "</div>\n<button type=\"submit\">");
		html_txt(&b, _("Clôturer le suivi"));
		html(&b, "</button>\n</form>\n</details>\n</section>\n");
	}

	/* Continuity: shares with colleagues, hand-over (the référent's). */
	section_begin(&b, "partages", _("Partage et passation"));
	if (sl.n) {
		buf_add(&b, shares.data, shares.len);
		html(&b, "</tbody>\n</table>\n</figure>\n");
	} else {
		html(&b, "<p>");
		html_txt(&b, _("Ce suivi n'est partagé avec personne."));
		html(&b, "</p>\n");
	}
	if (referent) {
		details_begin(&b, f, F_SHARE, _("Partager avec un(e) collègue"));
		html(&b, "<p><small>");
		html_txt(&b, _("Pour une absence ou un remplacement : votre collègue lit et complète "
			       "le suivi jusqu'à la date de fin, sans voir vos notes privées."));
		html(&b, "</small></p>\n");
		form_alert(&b, f, F_SHARE);
		form_begin(req, &b, v->id, "/shares");
		int typed = f->which == F_SHARE;
		html(&b, "<div class=\"grid\">\n");
		input(&b, f, F_SHARE, "login", _("Identifiant du ou de la collègue"), "text",
		      typed ? f->login : NULL,
		      " required maxlength=\"64\" autocapitalize=\"none\" spellcheck=\"false\"");
		date_input(&b, f, F_SHARE, "until", _("Jusqu'au (inclus)"), typed ? f->until : NULL,
			   1);
		html(&b, "</div>\n");
		input(&b, f, F_SHARE, "reason", _("Motif"), "text", typed ? f->reason : NULL,
		      " required maxlength=\"200\"");
		html(&b, "<button type=\"submit\">");
		html_txt(&b, _("Partager le suivi"));
		html(&b, "</button>\n</form>\n</details>\n");

		details_begin(&b, f, F_HANDOVER, _("Transmettre le suivi"));
		html(&b, "<p><small>");
		html_txt(&b, _("Le suivi et la fiche de la personne passent à votre collègue, qui en "
			       "devient référent(e) ; vous n'y aurez plus accès."));
		html(&b, "</small></p>\n");
		form_alert(&b, f, F_HANDOVER);
		form_begin(req, &b, v->id, "/referent");
		input(&b, f, F_HANDOVER, "login", _("Identifiant du ou de la collègue"), "text",
		      f->which == F_HANDOVER ? f->login : NULL,
		      " required maxlength=\"64\" autocapitalize=\"none\" spellcheck=\"false\"");
		html(&b, "<button type=\"submit\">");
		html_txt(&b, _("Transmettre le suivi"));
		html(&b, "</button>\n</form>\n</details>\n");
	}
	html(&b, "</section>\n");
	page_end(req, &b);
	page_send(resp, status, &b);
	buf_free(&b);
out:
	/* b is freed above: it is only initialised once the reads succeeded. */
	buf_free(&ivs);
	buf_free(&shares);
	buf_free(&records);
	buf_free(&ors);
	buf_free(&retention);
}

void web_case_page(struct request *req, struct response *resp, int status, int64_t id,
		   const struct case_refusal *r)
{
	struct form f;
	memset(&f, 0, sizeof f);
	f.record = r;
	render_case(req, resp, status, id, &f);
}

void web_case(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	render_case(req, resp, 200, parse_id(req->params[0]), &f);
}

/* After a POST on case id: back to its page, the page again with the
   refusal, or the error page. */
static void after(struct request *req, struct response *resp, int rc, int64_t id, struct form *f)
{
	if (rc == SVC_OK) {
		resp_redirect(resp, arena_printf(req->a, "/cases/%lld", (long long)id));
	} else if (rc == SVC_INVALID) {
		refuse(f, req);
		render_case(req, resp, 422, id, f);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

/* The id of /cases/{id}…, or 0 after answering "not found". */
static int64_t case_id(struct request *req, struct response *resp)
{
	int64_t id = parse_id(req->params[0]);
	if (!id)
		resp_svc_error(req, resp, SVC_NOT_FOUND);
	return id;
}

void web_case_update(struct request *req, struct response *resp)
{
	int64_t id = case_id(req, resp);
	if (!id)
		return;
	struct form f;
	memset(&f, 0, sizeof f);
	f.which = F_EDIT;
	case_form_read(req, &f);
	after(req, resp, cases_update(req->svc, id, &f.c), id, &f);
}

void web_case_close(struct request *req, struct response *resp)
{
	static const struct verr no_date = {"closed_on", N_("Indiquez la date de clôture.")};
	int64_t id = case_id(req, resp);
	if (!id)
		return;
	struct form f;
	memset(&f, 0, sizeof f);
	f.which = F_CLOSE;
	f.c.ndomains = -1;
	f.c.closed_on = req_form(req, "closed_on");
	f.c.outcome = req_form(req, "outcome");
	/* Empty would mean "unchanged" to the service: nothing would close. */
	if (!f.c.closed_on || !*f.c.closed_on) {
		f.refused = 1;
		f.error = no_date;
		render_case(req, resp, 422, id, &f);
		return;
	}
	if (!f.c.outcome)
		f.c.outcome = "";
	after(req, resp, cases_update(req->svc, id, &f.c), id, &f);
}

void web_intervention_create(struct request *req, struct response *resp)
{
	static const struct verr bad_duration = {
		"duration_minutes", N_("La durée est un nombre de minutes entre 0 et 1440.")};
	int64_t id = case_id(req, resp);
	if (!id)
		return;
	struct form f;
	memset(&f, 0, sizeof f);
	f.which = F_INTERVENTION;
	f.iv.date = req_form(req, "date");
	f.iv.mode = req_form(req, "mode");
	f.iv.kind = req_form(req, "kind");
	f.duration = req_form(req, "duration_minutes");
	const char *notes = lf_only(req->a, req_form(req, "notes"));
	const char *private_note = lf_only(req->a, req_form(req, "private_note"));
	f.iv.notes = notes && *notes ? notes : NULL;
	f.iv.private_note = private_note && *private_note ? private_note : NULL;
	int64_t minutes;
	if (text_parse_int(f.duration, 0, INTERVENTION_MINUTES_MAX, &minutes) != 0) {
		/* The case must still be the caller's to show the form again. */
		f.refused = 1;
		f.error = bad_duration;
		render_case(req, resp, 422, id, &f);
		return;
	}
	f.iv.duration_minutes = minutes;
	after(req, resp, interventions_create(req->svc, id, &f.iv, NULL), id, &f);
}

void web_sharing_create(struct request *req, struct response *resp)
{
	int64_t id = case_id(req, resp);
	if (!id)
		return;
	struct form f;
	memset(&f, 0, sizeof f);
	f.which = F_SHARE;
	f.login = req_form(req, "login");
	f.until = req_form(req, "until");
	f.reason = req_form(req, "reason");
	after(req, resp, sharing_create(req->svc, id, f.login, f.until, f.reason, NULL), id, &f);
}

void web_sharing_end(struct request *req, struct response *resp)
{
	int64_t id = case_id(req, resp);
	if (!id)
		return;
	struct form f;
	memset(&f, 0, sizeof f);
	after(req, resp, sharing_end(req->svc, id, req->params[1]), id, &f);
}

void web_case_handover(struct request *req, struct response *resp)
{
	int64_t id = case_id(req, resp);
	if (!id)
		return;
	struct form f;
	memset(&f, 0, sizeof f);
	f.which = F_HANDOVER;
	f.login = req_form(req, "login");
	int rc = cases_handover(req->svc, id, f.login);
	if (rc == SVC_OK && cases_may_access(req->svc, id) != 1)
		resp_redirect(resp, "/cases"); /* the case is no longer the caller's */
	else
		after(req, resp, rc, id, &f);
}

void web_orientation_create(struct request *req, struct response *resp)
{
	int64_t id = case_id(req, resp);
	if (!id)
		return;
	struct form f;
	memset(&f, 0, sizeof f);
	f.which = F_ORIENT;
	f.orient.partner_id = parse_id(req_form(req, "partner_id"));
	f.orient.sent_on = req_form(req, "sent_on");
	f.orient.reason = lf_only(req->a, req_form(req, "reason"));
	f.orient.share_consent_on = req_form(req, "share_consent_on");
	f.orient.details_sent = req_form(req, "details_sent") != NULL;
	after(req, resp, orientations_create(req->svc, id, &f.orient, NULL), id, &f);
}

void web_orientation_update(struct request *req, struct response *resp)
{
	int64_t id = case_id(req, resp);
	if (!id)
		return;
	struct form f;
	memset(&f, 0, sizeof f);
	f.which = F_ORIENT_STATUS;
	f.orientation_id = parse_id(req->params[1]);
	f.status = req_form(req, "status");
	f.date = req_form(req, "date");
	/* One date on the form: the answer's, or the realisation's. */
	struct orientation_update u = {id, f.status, NULL, NULL};
	if (f.status && strcmp(f.status, "realisee") == 0)
		u.done_on = f.date;
	else if (f.status && (strcmp(f.status, "acceptee") == 0 || strcmp(f.status, "refusee") == 0))
		u.answered_on = f.date;
	int rc = f.orientation_id ? orientations_update(req->svc, f.orientation_id, &u, NULL, NULL)
				  : SVC_NOT_FOUND;
	if (rc == SVC_INVALID) {
		refuse(&f, req);
		if (f.error.field && (strcmp(f.error.field, "answered_on") == 0 ||
				      strcmp(f.error.field, "done_on") == 0))
			f.error.field = "date";
		render_case(req, resp, 422, id, &f);
		return;
	}
	after(req, resp, rc, id, &f);
}
