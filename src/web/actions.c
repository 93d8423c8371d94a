/*
 * actions — the page of collective actions (/actions): the sessions held
 * in the client organisations, by year and organisation, and the form
 * recording one (head of service; workers in the organisations they
 * serve).  An employer contact reads its own organisation's, without the
 * form.  No personal data here (service/actions.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "service/actions.h"
#include "service/corrections.h"
#include "service/organisations.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/web.h"

static const char *const lists[] = {"action_topic", "action_format"};

/* The typed values of a refused form, and why. */
struct form {
	int refused;
	struct verr error;
	int64_t deleting; /* the action whose deletion was refused (error says why), or 0 */
	int64_t editing;  /* the action whose correction was refused, or 0 */
	struct verr_list all; /* every field refused when read (error is the first) */
};

/* The message refusing field of the form about action id (0: the
   creation's), or NULL. */
static const char *refusal_of(const struct form *f, int64_t id, const char *field)
{
	if (!f->refused || f->deleting || f->editing != id)
		return NULL;
	const char *m = verr_list_message(&f->all, field);
	if (m)
		return _(m);
	if (!f->error.field || strcmp(f->error.field, field) != 0)
		return NULL;
	return _(f->error.message);
}

static const char *error_of(const struct form *f, const char *field)
{
	return refusal_of(f, 0, field);
}

/* A typed value of field i (actions_fields) to show again after a refusal. */
static const char *typed(struct request *req, const struct form *f, int i)
{
	return f->refused ? req_form(req, actions_fields[i].name) : NULL;
}

struct page {
	struct request *req;
	buf *b;
	const struct web_refs *refs;
	const struct web_partner *partners; /* the directory, when the caller may read it */
	const struct form_option *orgs;     /* the editor's organisations */
	int n;
	int64_t participants;
	const struct form *f; /* the editor's refused form, or NULL: no deletion offered */
};

/* The folded form deleting action id with its reason (service/
   corrections.h), open again when refused. */
static void delete_form(struct page *p, int64_t id)
{
	buf *b = p->b;
	int refused = p->f->deleting == id;
	const char *prefix = arena_printf(p->req->a, "delete-%lld-", (long long)id);
	const char *reason = corrections_fields[CORRECTION_INPUT_REASON].name;
	html(b, refused ? "<details open>\n<summary>" : "<details>\n<summary>");
	html_txt(b, _("Supprimer"));
	html(b, "</summary>\n<form method=\"post\" action=\"/actions/");
	html_int(b, id);
	html(b, "/delete\">\n");
	page_csrf_field(p->req, b);
	form_input(b, "text", reason, _("Motif de la suppression"), "",
		   " required maxlength=\"500\"", prefix,
		   refused && p->f->error.message ? _(p->f->error.message) : NULL);
	html(b, "<button type=\"submit\" class=\"secondary\">");
	html_txt(b, _("Supprimer, en gardant la trace de la suppression"));
	html(b, "</button>\n</form>\n</details>\n");
}

/* Whether id is one of the partners "3,12". */
static int has_partner(const char *ids, int64_t id)
{
	for (const char *p = ids; p && *p;) {
		char *end;
		long long one = strtoll(p, &end, 10);
		if (end == p)
			return 0;
		if (one == id)
			return 1;
		p = *end == ',' ? end + 1 : end;
	}
	return 0;
}

/* The folded form correcting action v with its reason (service/
   corrections.h), open again with what was typed when refused.  Its
   partners are one <select multiple>, not a box each, to keep the page
   light. */
static void edit_form(struct page *p, const struct action_view *v)
{
	struct request *req = p->req;
	buf *b = p->b;
	arena *a = req->a;
	const struct form *f = p->f;
	int refused = f->refused && f->editing == v->id;
	int64_t id = v->id;
	const char *prefix = arena_printf(a, "edit-%lld-", (long long)id);
	/* What the form shows: the action, or what was typed. */
	const char *value[ACTION__FIELDS] = {
		[ACTION_ORGANISATION] = v->organisation,
		[ACTION_DATE] = v->date,
		[ACTION_TOPIC] = v->topic,
		[ACTION_FORMAT] = v->format,
		[ACTION_TITLE] = v->title,
		[ACTION_PARTICIPANTS] = arena_printf(a, "%lld", (long long)v->participants),
		[ACTION_DURATION] = arena_printf(a, "%lld", (long long)v->duration_minutes)};
	const char *partners = v->partners;
	if (refused) {
		for (int i = 0; i < ACTION__FIELDS; i++)
			value[i] = typed(req, f, i);
		int n = 0;
		const char **sent = req_form_all(req, ACTION_PARTNERS_NAME, &n);
		buf ids;
		buf_init(&ids, 0);
		for (int i = 0; i < n; i++)
			buf_printf(&ids, "%s%s", i ? "," : "", sent[i]);
		partners = arena_strdup(a, buf_cstr(&ids));
		buf_free(&ids);
	}
	html(b, refused ? "<details open>\n<summary>" : "<details>\n<summary>");
	html_txt(b, _("Corriger"));
	html(b, "</summary>\n<form method=\"post\" action=\"/actions/");
	html_int(b, id);
	html(b, "\" autocomplete=\"off\">\n");
	page_csrf_field(req, b);
	form_select(b, "organisation", _("Organisation"), p->orgs, value[ACTION_ORGANISATION],
		    prefix, refusal_of(f, id, "organisation"));
	form_input(b, "date", "date", _("Date"), value[ACTION_DATE], " required", prefix,
		   refusal_of(f, id, "date"));
	form_input(b, "text", "title", _("Titre"), value[ACTION_TITLE],
		   " required maxlength=\"200\"", prefix, refusal_of(f, id, "title"));
	form_select(b, "topic", _("Thème"),
		    form_options_of(req, p->refs, "action_topic", v->topic), value[ACTION_TOPIC],
		    prefix, refusal_of(f, id, "topic"));
	form_select(b, "format", _("Format"),
		    form_options_of(req, p->refs, "action_format", v->format), value[ACTION_FORMAT],
		    prefix, refusal_of(f, id, "format"));
	form_input(b, "number", "participants", _("Participants"), value[ACTION_PARTICIPANTS],
		   " required min=\"0\" step=\"1\"", prefix, refusal_of(f, id, "participants"));
	form_input(b, "number", "duration_minutes", _("Durée (minutes)"), value[ACTION_DURATION],
		   " required min=\"0\" max=\"1440\" step=\"1\"", prefix,
		   refusal_of(f, id, "duration_minutes"));
	if (p->partners) {
		const char *error = refusal_of(f, id, ACTION_PARTNERS_NAME);
		html(b, "<label>");
		html_txt(b, _("Partenaires associés (Ctrl ou Cmd pour en choisir plusieurs)"));
		html(b, "\n<select name=\"" ACTION_PARTNERS_NAME "\" multiple size=\"4\"");
		form_invalid(b, error != NULL, prefix, ACTION_PARTNERS_NAME);
		html(b, ">\n");
		for (const struct web_partner *e = p->partners; e; e = e->next) {
			html(b, "<option value=\"");
			html_int(b, e->id);
			html(b, has_partner(partners, e->id) ? "\" selected>" : "\">");
			html_txt(b, e->name);
			html(b, "</option>\n");
		}
		html(b, "</select>\n");
		form_error(b, error != NULL, prefix, ACTION_PARTNERS_NAME, error ? error : "");
		html(b, "</label>\n");
	}
	const char *reason = corrections_fields[CORRECTION_INPUT_REASON].name;
	form_input(b, "text", reason, _("Motif de la correction"),
		   refused ? req_form(req, reason) : "", " required maxlength=\"500\"", prefix,
		   refusal_of(f, id, reason));
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Enregistrer la correction"));
	html(b, "</button>\n</form>\n</details>\n");
}

/* The names of the partners "3,12" of an action, comma-separated. */
static void partner_names(buf *b, const struct web_partner *list, const char *ids)
{
	int first = 1;
	for (const char *p = ids; p && *p;) {
		char *end;
		long long id = strtoll(p, &end, 10);
		if (end == p)
			break;
		for (const struct web_partner *e = list; e; e = e->next)
			if (e->id == id) {
				html_txt(b, first ? "" : ", ");
				html_txt(b, e->name);
				first = 0;
			}
		p = *end == ',' ? end + 1 : end;
	}
}

#define ACTION_COLUMNS "7" /* the table's (action_row, web_actions) */

static int action_row(void *ctx, const struct action_view *v)
{
	struct page *p = ctx;
	buf *b = p->b;
	p->n++;
	p->participants += v->participants;
	char fr[11];
	date_french(v->date, fr);
	html(b, "<tr><td>");
	html_txt(b, fr);
	html(b, "</td><td>");
	html_txt(b, v->organisation_name);
	html(b, "</td><td>");
	html_txt(b, v->title);
	html(b, "</td><td>");
	html_txt(b, web_ref_label(p->refs, "action_topic", v->topic));
	html(b, "</td><td>");
	html_txt(b, web_ref_label(p->refs, "action_format", v->format));
	html(b, "</td><td>");
	html_int(b, v->participants);
	html(b, "</td><td>");
	html_int(b, v->duration_minutes);
	html(b, "</td></tr>\n");
	/* Its partners and its correction forms on a row of their own, the
	   table's whole width: the forms have room when unfolded, and the
	   table fits the window. */
	int named = p->partners && v->partners && *v->partners;
	if (named || p->f) {
		html(b, "<tr class=\"row-more\"><td colspan=\"" ACTION_COLUMNS "\">");
		if (named) {
			html(b, "<small>");
			html_txt(b, _("Partenaires :"));
			html(b, " ");
			partner_names(b, p->partners, v->partners);
			html(b, "</small>\n");
		}
		if (p->f) {
			edit_form(p, v);
			delete_form(p, v->id);
		}
		html(b, "</td></tr>\n");
	}
	return 0;
}

/* The partners who took part: one checkbox each, those sent kept checked. */
static void partner_boxes(struct request *req, buf *b, const struct web_partner *list,
			  const struct form *f)
{
	int n = 0;
	const char **sent = f->refused ? req_form_all(req, ACTION_PARTNERS_NAME, &n) : NULL;
	const char *error = error_of(f, ACTION_PARTNERS_NAME);
	html(b, "<fieldset>\n<legend>");
	html_txt(b, _("Partenaires associés"));
	html(b, "</legend>\n");
	for (const struct web_partner *e = list; e; e = e->next) {
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)e->id);
		int checked = 0;
		for (int i = 0; i < n; i++)
			checked |= strcmp(sent[i], id) == 0;
		html(b, "<label><input type=\"checkbox\" name=\"partners\" value=\"");
		html_attr(b, id);
		html(b, checked ? "\" checked> " : "\"> ");
		html_txt(b, e->name);
		html(b, "</label>\n");
	}
	form_error(b, error != NULL, "new-", ACTION_PARTNERS_NAME, error);
	html(b, "</fieldset>\n");
}

static void render(struct request *req, struct response *resp, int status, const struct form *f)
{
	const struct actor *who = svc_actor(req->svc);
	int editor = policy_allows(who->role, ACT_COLLECTIVE_EDIT);
	const char *org = req_query(req, "organisation");
	const char *y = req_query(req, "year");
	int64_t year = 0;
	if (y && *y && text_parse_int(y, 1990, 2100, &year) != 0)
		year = 0;
	struct web_refs refs;
	struct form_option *orgs = NULL;
	buf rows;
	buf_init(&rows, HTTP_PAGE_MAX);
	struct web_partner *partners = NULL;
	int read_partners = policy_allows(who->role, ACT_PARTNERS_READ);
	struct page p = {req, &rows, &refs, NULL, NULL, 0, 0, editor ? f : NULL};
	int rc = web_refs_load(req, &refs, lists, 2);
	if (rc == SVC_OK && read_partners) {
		rc = web_partners_load(req, NULL, NULL, &partners, NULL);
		p.partners = partners;
	}
	if (rc == SVC_OK && editor)
		rc = web_organisation_options(req, 0, &orgs);
	p.orgs = orgs;
	if (rc == SVC_OK)
		rc = actions_list(req->svc, org, year, action_row, &p);
	if (rc != SVC_OK) {
		buf_free(&rows);
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Actions collectives"));
	html(&b, "<h1>");
	html_txt(&b, _("Actions collectives"));
	html(&b, "</h1>\n<form method=\"get\" action=\"/actions\" class=\"grid\">\n");
	form_input(&b, "number", "year", _("Année"), y && year ? y : "",
		   " min=\"1990\" max=\"2100\" step=\"1\"", "filter-", NULL);
	if (editor)
		form_input(&b, "text", "organisation", _("Code de l'organisation"), org,
			   " maxlength=\"32\"", "filter-", NULL);
	html(&b, "<div><button type=\"submit\" class=\"secondary\">");
	html_txt(&b, _("Afficher"));
	html(&b, "</button></div>\n</form>\n");
	if (!p.n) {
		html(&b, "<p>");
		html_txt(&b, _("Aucune action collective enregistrée."));
		html(&b, "</p>\n");
	} else {
		html(&b, "<p>");
		const char *n = arena_printf(req->a, P_("%d action", "%d actions", p.n), p.n);
		const char *people = arena_printf(req->a,
					       P_("%lld participant", "%lld participants",
						  p.participants),
					       (long long)p.participants);
		html_txt(&b, arena_printf(req->a, _("%s, %s."), n, people));
		html(&b, "</p>\n<figure tabindex=\"0\">\n<table>\n<thead><tr>");
		const char *heads[] = {_("Date"),	 _("Organisation"), _("Titre"),
				       _("Thème"),	 _("Format"),	    _("Participants"),
				       _("Durée (min)")};
		for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
			html(&b, "<th scope=\"col\">");
			html_txt(&b, heads[i]);
			html(&b, "</th>");
		}
		html(&b, "</tr></thead>\n<tbody>\n");
		buf_add(&b, rows.data, rows.len);
		html(&b, "</tbody>\n</table>\n</figure>\n");
	}
	if (editor) {
		html(&b, "<section aria-labelledby=\"ajout\">\n<h2 id=\"ajout\">");
		html_txt(&b, _("Enregistrer une action"));
		html(&b, "</h2>\n");
		html(&b, "<form method=\"post\" action=\"/actions\" autocomplete=\"off\">\n");
		page_csrf_field(req, &b);
		html(&b, "\n<div class=\"grid\">\n");
		form_select(&b, "organisation", _("Organisation"), orgs,
			    typed(req, f, ACTION_ORGANISATION), "new-", error_of(f, "organisation"));
		char today[DATE_LEN + 1];
		date_today(today);
		form_input(&b, "date", "date", _("Date"), f->refused ? typed(req, f, ACTION_DATE) : today,
			   " required", "new-", error_of(f, "date"));
		html(&b, "</div>\n");
		form_input(&b, "text", "title", _("Titre"), typed(req, f, ACTION_TITLE),
			   " required maxlength=\"200\"", "new-", error_of(f, "title"));
		html(&b, "<div class=\"grid\">\n");
		form_select(&b, "topic", _("Thème"), form_options_of(req, &refs, "action_topic", NULL),
			    typed(req, f, ACTION_TOPIC), "new-", error_of(f, "topic"));
		form_select(&b, "format", _("Format"),
			    form_options_of(req, &refs, "action_format", NULL), typed(req, f, ACTION_FORMAT),
			    "new-", error_of(f, "format"));
		html(&b, "</div>\n<div class=\"grid\">\n");
		form_input(&b, "number", "participants", _("Participants"),
			   typed(req, f, ACTION_PARTICIPANTS), " required min=\"0\" step=\"1\"", "new-",
			   error_of(f, "participants"));
		form_input(&b, "number", "duration_minutes", _("Durée (minutes)"),
			   typed(req, f, ACTION_DURATION),
			   " required min=\"0\" max=\"1440\" step=\"1\"", "new-",
			   error_of(f, "duration_minutes"));
		html(&b, "</div>\n");
		if (partners)
			partner_boxes(req, &b, partners, f);
		html(&b, "<button type=\"submit\">");
		html_txt(&b, _("Enregistrer l'action"));
		html(&b, "</button>\n</form>\n</section>\n");
	}
	page_finish(req, resp, status, &b);
	buf_free(&rows);
}

void web_actions(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	render(req, resp, 200, &f);
}

/* After a POST the service answered rc: the list again, or the page with
   form f refused. */
static void after(struct request *req, struct response *resp, int rc, struct form *f)
{
	if (rc == SVC_OK) {
		resp_redirect(resp, "/actions");
	} else if (rc == SVC_INVALID) {
		f->error = *svc_error(req->svc);
		render(req, resp, 422, f);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

/* The partners ticked or chosen into in. */
static void posted_partners(struct request *req, struct action_input *in)
{
	int n = 0;
	const char **sent = req_form_all(req, ACTION_PARTNERS_NAME, &n);
	int64_t *ids = arena_alloc(req->a, sizeof *ids * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		if (text_parse_int(sent[i], 1, INT64_MAX, &ids[i]) != 0)
			ids[i] = 0; /* refused by the service as unknown */
	in->partners = ids;
	in->npartners = n;
}

void web_actions_create(struct request *req, struct response *resp)
{
	struct action_input in;
	memset(&in, 0, sizeof in);
	struct form f;
	memset(&f, 0, sizeof f);
	f.refused = 1;
	if (req_fields_all(req, actions_fields, ACTION__FIELDS, &in, &f.all) != 0) {
		f.error = f.all.e[0];
		render(req, resp, 422, &f);
		return;
	}
	posted_partners(req, &in);
	after(req, resp, actions_create(req->svc, &in, NULL), &f);
}

/* POST /actions/{id}: the action corrected, every field as the creation
   form's and its partners replaced, for the reason given (actions_correct,
   as PATCH /api/v1/collective-actions/{id}); every refusal shown at once,
   the form open. */
void web_actions_correct(struct request *req, struct response *resp)
{
	struct action_input in;
	memset(&in, 0, sizeof in);
	struct form f;
	memset(&f, 0, sizeof f);
	f.refused = 1;
	f.editing = req->id;
	struct correction_input why = {NULL};
	struct verr_list more;
	int bad = req_fields_all(req, actions_fields, ACTION__FIELDS, &in, &f.all) != 0;
	if (req_fields_all(req, corrections_fields, CORRECTION_INPUT__FIELDS, &why, &more) != 0) {
		verr_list_merge(&f.all, &more);
		bad = 1;
	}
	if (bad) {
		f.error = f.all.e[0];
		render(req, resp, 422, &f);
		return;
	}
	posted_partners(req, &in);
	after(req, resp, actions_correct(req->svc, req->id, &in, why.reason), &f);
}

/* POST /actions/{id}/delete: the action deleted for the reason given
   (service/corrections.h); the bilans no longer count it. */
void web_actions_delete(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	f.refused = 1;
	f.deleting = req->id;
	struct correction_input in = {NULL};
	if (req_fields(req, corrections_fields, CORRECTION_INPUT__FIELDS, &in, &f.error) != 0) {
		render(req, resp, 422, &f);
		return;
	}
	after(req, resp, actions_delete(req->svc, req->id, in.reason), &f);
}
