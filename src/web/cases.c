/*
 * cases — the pages of the caseload and of opening a case, for the social
 * worker: the caseload ("Mes suivis") with its filter, the form opening a
 * case for a person; on a case's page (web/case_page.c), the sections of
 * the case itself: its diagnosis and action plan with the form changing the
 * case, and its closing; and the POSTs of these forms and of the hand-over
 * (whose form is in the sharing section, web/sharing.c).
 *
 * Secrecy is the service's (service/cases.h): a case the caller may not
 * open answers SVC_NOT_FOUND, and the page is the same French "not found"
 * as for an id that does not exist, with nothing of the case in it.
 */
#include <stdint.h>
#include <string.h>

#include "domain/date.h"
#include "service/cases.h"
#include "service/paging.h"
#include "service/persons.h"
#include "support/i18n.h"
#include "web/case_forms.h"
#include "web/paging.h"
#include "web/web.h"

/* ---- the case form's fields ---- */

/* Whether domain top, or one of its themes, is to be offered: active, or
   already chosen. */
static int domain_shown(const struct web_ref *e, const char *const *codes, int n)
{
	return !e->retired || case_form_has_code(codes, n, e->code);
}

/* The domains as checkboxes named "domains", one <fieldset> per top-level
   domain: the domain itself ("en général"), then its themes. */
static void domain_checkboxes(buf *b, const struct case_form *f, enum case_form_which w,
			      const struct web_refs *r, const char *const *codes, int n)
{
	html(b, "<fieldset>\n<legend>");
	html_txt(b, _("Domaines et problématiques (au moins un)"));
	html(b, "</legend>\n");
	case_form_field_error(b, f, w, "domains");
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
			if (case_form_has_code(codes, n, e->code))
				html(b, " checked");
			case_form_invalid(b, f, w, "domains");
			html(b, ">\n");
			html_txt(b, e == top ? _("En général") : e->label);
			html(b, "\n</label>\n");
		}
		html(b, "</fieldset>\n");
	}
	html(b, "</fieldset>\n");
}

/* The fields of the case form (opening and edit) into f->c: 0, or -1 when
   refused (f marked refused, every refusal in f->errors).  A refused text
   is kept as typed.  A text sent empty stays "" (FIELD_CLEARS: the service
   clears it); an absent one (a hand-made post) stays NULL: kept rather
   than cleared. */
static int case_fields_read(struct request *req, struct case_form *f)
{
	f->c.domains = req_form_all(req, CASES_DOMAINS, &f->c.ndomains);
	/* The closing pair is the closing form's. */
	int bad = case_form_read(req, f, cases_fields + CASE_OPENED_ON,
				 CASE_CLOSED_ON - CASE_OPENED_ON, &f->c);
	struct verr_list rest;
	if (req_fields_all(req, cases_fields + CASE_REFERRAL_SOURCE,
			   CASE__FIELDS - CASE_REFERRAL_SOURCE, &f->c, &rest) != 0) {
		if (!bad)
			f->error = rest.e[0];
		for (int i = 0; i < rest.n; i++)
			verr_list_add(&f->errors, rest.e[i]);
		bad = -1;
	}
	if (bad)
		f->refused = 1;
	return bad ? -1 : 0;
}

/* The fields shared by the opening and the edit forms. */
static void case_fields(buf *b, const struct case_form *f, enum case_form_which w,
			const struct web_refs *r, const struct case_input *in)
{
	html(b, "<div class=\"grid\">\n");
	case_form_date_input(b, f, w, "opened_on", _("Date d'ouverture"), in->opened_on, 0);
	case_form_ref_select(b, f, w, r, "referral_source", "referral_source",
			     _("Origine de la demande"), in->referral_source);
	html(b, "</div>\n");
	domain_checkboxes(b, f, w, r, in->domains, in->ndomains);
	html(b, "<p><small>");
	html_txt(b, _("Le diagnostic et le plan d'action sont chiffrés : seuls la ou le "
		      "référent(e) du suivi et les collègues disposant d'un partage en cours "
		      "peuvent les lire."));
	html(b, "</small></p>\n");
	case_form_textarea(b, f, w, "diagnosis", _("Diagnostic social (facultatif)"),
			   in->diagnosis);
	case_form_textarea(b, f, w, "action_plan", _("Plan d'action (facultatif)"),
			   in->action_plan);
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
	case_form_date(b, c->opened_on);
	html(b, "</td><td>");
	html_txt(b, case_form_ref_label(r->refs, "referral_source", c->referral_source));
	html(b, "</td><td>");
	if (c->closed_on) {
		char fr[11];
		date_french(c->closed_on, fr);
		html_txt(b, arena_printf(r->req->a, _("clôturé le %s"), fr));
	} else {
		html_txt(b, _("en cours"));
	}
	html(b, "</td><td>");
	html_txt(b, case_form_is_me(r->req, c->referent) ? _("vous") : c->referent);
	html(b, "</td><td><a href=\"/cases/");
	html_int(b, c->id);
	html(b, "\">");
	html_txt(b, arena_printf(r->req->a, _("Suivi n° %lld"), (long long)c->id));
	html(b, "</a></td></tr>\n");
	return 0;
}

static const struct {
	const char *status; /* cases_page's */
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
	const char *first = arena_printf(req->a, "/cases?status=%s", filters[k].status);
	struct web_refs refs;
	struct page pg;
	/* A malformed cursor is refused like one this list did not write. */
	int rc = page_from_query(&pg, NULL, req_query(req, "after")) == 0 ? SVC_OK : SVC_INVALID;
	if (rc == SVC_OK)
		rc = case_form_refs_load(req, &refs);
	buf rows;
	buf_init(&rows, HTTP_PAGE_MAX);
	struct rows r = {req, &rows, &refs, 0};
	if (rc == SVC_OK)
		rc = cases_page(req->svc, filters[k].status, &pg, case_row, &r);
	if (rc != SVC_OK) {
		buf_free(&rows);
		/* A cursor this list did not write: the first page instead. */
		if (rc == SVC_INVALID)
			resp_redirect(resp, first);
		else
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
		html(&b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
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
		html(&b, "<p>");
		html_txt(&b, arena_printf(req->a,
					  P_("%lld suivi, du plus récent au plus ancien",
					     "%lld suivis, du plus récent au plus ancien", pg.total),
					  (long long)pg.total));
		html(&b, "</p>\n");
		web_page_nav(&b, first, &pg, _("← Les plus récents"), _("Plus anciens →"));
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
	page_finish(req, resp, 200, &b);
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
		       const struct case_form *f)
{
	struct person_name who = {req->a, 0, NULL, NULL};
	int rc = person_id ? persons_get(req->svc, person_id, person_keep, &who) : SVC_NOT_FOUND;
	if (rc == SVC_OK && !who.found)
		rc = SVC_NOT_FOUND;
	struct web_refs refs;
	if (rc == SVC_OK)
		rc = case_form_refs_load(req, &refs);
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
	case_form_alert(&b, f, CASE_FORM_NEW);
	html(&b, "<form method=\"post\" action=\"/cases\" autocomplete=\"off\">\n");
	page_csrf_field(req, &b);
	html(&b, "<input type=\"hidden\" name=\"person_id\" value=\"");
	html_int(&b, person_id);
	html(&b, "\">\n");
	case_fields(&b, f, CASE_FORM_NEW, &refs, &f->c);
	html(&b, "<button type=\"submit\">");
	html_txt(&b, _("Ouvrir le suivi"));
	html(&b, "</button>\n</form>\n");
	page_finish(req, resp, status, &b);
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
	page_finish(req, resp, 200, &b);
}

void web_cases_new(struct request *req, struct response *resp)
{
	const char *person = req_query(req, "person");
	if (!person || !*person) {
		render_chooser(req, resp);
		return;
	}
	struct case_form f;
	memset(&f, 0, sizeof f);
	f.which = CASE_FORM_NEW;
	char today[DATE_LEN + 1];
	date_today(today);
	f.c.opened_on = today;
	render_new(req, resp, 200, case_form_parse_id(person), &f);
}

void web_cases_create(struct request *req, struct response *resp)
{
	struct case_form f;
	memset(&f, 0, sizeof f);
	f.which = CASE_FORM_NEW;
	/* Without a person the form cannot be shown again: an id refused here
	   stays 0, and the service refuses it as before. */
	const struct field *pid = &cases_fields[CASE_PERSON_ID];
	struct verr no_person;
	field_read(pid, arena_strdup(req->a, req_form(req, pid->name)), &f.c, &no_person);
	int64_t person_id = f.c.person_id;
	if (case_fields_read(req, &f) != 0 && person_id) {
		render_new(req, resp, 422, person_id, &f);
		return;
	}
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
	case_form_refuse(&f, req);
	render_new(req, resp, 422, person_id, &f);
}

/* ---- the case's sections on its page ---- */

/* The confidential texts, and the form changing the case. */
int web_cases_diagnosis_section(struct request *req, buf *b, const struct web_case *c)
{
	const struct case_view *v = c->v;
	const struct case_form *f = c->form;
	case_form_section(b, "diagnostic", _("Diagnostic et plan d'action"));
	html(b, "<p><small>");
	html_txt(b, _("Chiffrés : visibles seulement par la ou le référent(e) et les collègues "
		      "disposant d'un partage en cours."));
	html(b, "</small></p>\n<h3>");
	html_txt(b, _("Diagnostic social"));
	html(b, "</h3>\n");
	if (v->diagnosis && *v->diagnosis)
		case_form_multiline(b, req->a, v->diagnosis);
	else {
		html(b, "<p>");
		html_txt(b, _("Pas encore rédigé."));
		html(b, "</p>\n");
	}
	html(b, "<h3>");
	html_txt(b, _("Plan d'action"));
	html(b, "</h3>\n");
	if (v->action_plan && *v->action_plan)
		case_form_multiline(b, req->a, v->action_plan);
	else {
		html(b, "<p>");
		html_txt(b, _("Pas encore rédigé."));
		html(b, "</p>\n");
	}
	case_form_details(b, f, CASE_FORM_EDIT, _("Modifier le suivi"));
	case_form_alert(b, f, CASE_FORM_EDIT);
	case_form_open(req, b, v->id, "");
	struct case_input stored;
	memset(&stored, 0, sizeof stored);
	stored.opened_on = v->opened_on;
	stored.referral_source = v->referral_source;
	stored.domains = v->domains;
	stored.ndomains = v->ndomains;
	stored.diagnosis = v->diagnosis;
	stored.action_plan = v->action_plan;
	case_fields(b, f, CASE_FORM_EDIT, c->refs, f->which == CASE_FORM_EDIT ? &f->c : &stored);
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Enregistrer les modifications"));
	html(b, "</button>\n</form>\n</details>\n</section>\n");
	return SVC_OK;
}

/* The form closing the case, while it is open. */
int web_cases_closing_section(struct request *req, buf *b, const struct web_case *c)
{
	const struct case_view *v = c->v;
	const struct case_form *f = c->form;
	if (v->closed_on)
		return SVC_OK;
	char today[DATE_LEN + 1];
	date_today(today);
	case_form_section(b, "cloture", _("Clôture"));
	case_form_details(b, f, CASE_FORM_CLOSE, _("Clôturer le suivi"));
	case_form_alert(b, f, CASE_FORM_CLOSE);
	case_form_open(req, b, v->id, "/close");
	const struct case_input *in = f->which == CASE_FORM_CLOSE ? &f->c : NULL;
	html(b, "<div class=\"grid\">\n");
	case_form_date_input(b, f, CASE_FORM_CLOSE, "closed_on", _("Date de clôture"),
			     in ? in->closed_on : today, 0);
	case_form_ref_select(b, f, CASE_FORM_CLOSE, c->refs, "outcome", "outcome",
			     _("Issue du suivi"), in ? in->outcome : NULL);
	html(b, "</div>\n<button type=\"submit\">");
	html_txt(b, _("Clôturer le suivi"));
	html(b, "</button>\n</form>\n</details>\n</section>\n");
	return SVC_OK;
}

/* ---- the POSTs on a case ---- */

void web_cases_update(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct case_form f;
	memset(&f, 0, sizeof f);
	f.which = CASE_FORM_EDIT;
	if (case_fields_read(req, &f) != 0) {
		web_case_page_form(req, resp, 422, id, &f);
		return;
	}
	web_case_page_after(req, resp, cases_update(req->svc, id, &f.c), id, &f);
}

void web_cases_close(struct request *req, struct response *resp)
{
	static const struct verr no_date = {"closed_on", N_("Indiquez la date de clôture.")};
	int64_t id = req->id;
	struct case_form f;
	memset(&f, 0, sizeof f);
	f.which = CASE_FORM_CLOSE;
	f.c.ndomains = -1;
	int invalid = case_form_read(req, &f, cases_fields + CASE_CLOSED_ON,
				     CASE_OUTCOME + 1 - CASE_CLOSED_ON, &f.c);
	/* Empty would mean "unchanged" to the service: nothing would close. */
	if (!f.c.closed_on || !*f.c.closed_on || invalid) {
		f.refused = 1;
		if (!f.c.closed_on || !*f.c.closed_on)
			f.error = no_date;
		web_case_page_form(req, resp, 422, id, &f);
		return;
	}
	if (!f.c.outcome)
		f.c.outcome = "";
	web_case_page_after(req, resp, cases_update(req->svc, id, &f.c), id, &f);
}
