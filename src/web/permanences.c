/*
 * permanences — the timetable of on-site permanences as a French page:
 * every permanence the caller may see (an employer: its organisation's,
 * with the worker's display name only; a worker: her own), its cancelled
 * days, and for the head and the admin the forms to create one and to
 * cancel an occurrence.  The rules (overlaps, occurrences) are the
 * permanences service's (service/permanences.h).
 */
#include <stdio.h>
#include <string.h>

#include "domain/date.h"
#include "service/organisations.h"
#include "service/corrections.h"
#include "service/permanences.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/web.h"

static const char *const weekdays[7] = {N_("lundi"),	N_("mardi"),  N_("mercredi"),
					N_("jeudi"),	N_("vendredi"), N_("samedi"),
					N_("dimanche")};

/* A refused form: which one ("create" or "cancel-<id>") and why. */
struct refusal {
	const char *form;
	struct verr error;
};

struct rows {
	struct request *req;
	buf *b;
	int n, cancel, employer; /* cancel: the caller may cancel a date */
	const struct refusal *refused;
	int edit; /* the caller may delete a permanence (with its reason) */
};

static const char *error_for(const struct refusal *r, const char *form, const char *field)
{
	if (!r || strcmp(r->form, form) != 0 || !r->error.field)
		return NULL;
	return strcmp(r->error.field, field) == 0 ? _(r->error.message) : NULL;
}

/* The folded form deleting permanence id with its reason (service/
   corrections.h), open again when refused. */
static void delete_form(const struct rows *l, int64_t id)
{
	buf *b = l->b;
	const char *form = arena_printf(l->req->a, "delete-%lld", (long long)id);
	const char *prefix = arena_printf(l->req->a, "delete-%lld-", (long long)id);
	int refused = l->refused && strcmp(l->refused->form, form) == 0;
	html(b, refused ? "<details open>\n<summary>" : "<details>\n<summary>");
	html_txt(b, _("Supprimer la permanence"));
	html(b, "</summary>\n<form method=\"post\" action=\"/permanences/");
	html_int(b, id);
	html(b, "/delete\">\n");
	page_csrf_field(l->req, b);
	const char *reason = corrections_fields[CORRECTION_INPUT_REASON].name;
	form_input(b, "text", reason, _("Motif de la suppression"), "",
		   " required maxlength=\"500\"", prefix, error_for(l->refused, form, reason));
	html(b, "<button type=\"submit\" class=\"secondary\">");
	html_txt(b, _("Supprimer, en gardant la trace de la suppression"));
	html(b, "</button>\n</form>\n</details>\n");
}

static int permanence_row(void *ctx, const struct permanence_view *v)
{
	struct rows *l = ctx;
	buf *b = l->b;
	arena *a = l->req->a;
	l->n++;
	char from[11], until[11];
	date_french(v->from, from);
	html(b, "<tr><td>");
	html_txt(b, v->organisation_name);
	html(b, "</td><td>");
	html_txt(b, v->site);
	html(b, "</td><td>");
	html_txt(b, v->weekday >= 1 && v->weekday <= 7 ? _(weekdays[v->weekday - 1]) : "");
	html(b, " ");
	html_txt(b, arena_printf(a, _("%s – %s"), v->start, v->end));
	html(b, "</td><td>");
	html_txt(b, v->every_weeks == 1   ? _("chaque semaine")
		    : v->every_weeks == 2 ? _("une semaine sur deux")
					  : _("une semaine sur quatre"));
	html(b, "</td><td>");
	if (v->until) {
		date_french(v->until, until);
		html_txt(b, arena_printf(a, _("du %s au %s"), from, until));
	} else {
		html_txt(b, arena_printf(a, _("depuis le %s"), from));
	}
	html(b, "</td><td>");
	html_txt(b, v->worker_name);
	html(b, "</td><td>");
	for (int i = 0; i < v->nexceptions; i++) {
		char d[11];
		date_french(v->exceptions[i].date, d);
		html_txt(b, i ? ", " : "");
		html_txt(b, d);
	}
	if (l->cancel) {
		char form[32];
		snprintf(form, sizeof form, "cancel-%lld", (long long)v->id);
		char prefix[40];
		snprintf(prefix, sizeof prefix, "cancel-%lld-", (long long)v->id);
		html(b, "<form method=\"post\" action=\"/permanences/");
		html_int(b, v->id);
		html(b, "/annulations\">\n");
		page_csrf_field(l->req, b);
		const char *typed =
			l->refused && strcmp(l->refused->form, form) == 0
				? req_form(l->req, permanence_exceptions_fields[EXCEPTION_DATE].name)
				: "";
		form_input(b, "date", "date", _("Annuler le"), typed, " required", prefix,
			   error_for(l->refused, form, "date"));
		form_input(b, "text", "reason", _("Motif (férié, absence…)"), "",
			   " required maxlength=\"200\"",
			   prefix, error_for(l->refused, form, "reason"));
		html(b, "<button type=\"submit\" class=\"secondary\">");
		html_txt(b, _("Annuler cette date"));
		html(b, "</button>\n</form>\n");
	}
	if (l->edit)
		delete_form(l, v->id);
	html(b, "</td></tr>\n");
	return 0;
}

struct orgs {
	buf *b;
	const char *selected;
};

static int org_option(void *ctx, const struct org_info *o)
{
	struct orgs *l = ctx;
	form_option(l->b, o->code, o->name, l->selected);
	return 0;
}

/* A value of the creation form as typed (field i of permanences_fields). */
static const char *typed(struct request *req, int i)
{
	return req_form(req, permanences_fields[i].name);
}

static int create_form(struct request *req, buf *b, const struct refusal *r)
{
	const int refused = r && strcmp(r->form, "create") == 0;
	html(b, "<section aria-labelledby=\"nouvelle\">\n<h2 id=\"nouvelle\">");
	html_txt(b, _("Nouvelle permanence"));
	html(b, "</h2>\n<form method=\"post\" action=\"/permanences\">\n");
	page_csrf_field(req, b);
	html(b, "<div class=\"grid\">\n");
	const char *err = error_for(r, "create", "organisation");
	form_select_begin(b, "organisation", _("Organisation"), "new-", err);
	struct orgs l = {b, refused ? typed(req, PERMANENCE_ORGANISATION) : NULL};
	int rc = organisations_list(req->svc, org_option, &l);
	if (rc != SVC_OK)
		return rc;
	form_select_end(b, "organisation", "new-", err);
	form_input(b, "text", "worker", _("Identifiant de l'assistante"),
		   refused ? typed(req, PERMANENCE_WORKER) : "", " required maxlength=\"64\"", "new-",
		   error_for(r, "create", "worker"));
	form_input(b, "text", "site", _("Lieu"), refused ? typed(req, PERMANENCE_SITE) : "",
		   " required maxlength=\"200\"", "new-", error_for(r, "create", "site"));
	html(b, "</div>\n<div class=\"grid\">\n");
	err = error_for(r, "create", "weekday");
	form_select_begin(b, "weekday", _("Jour"), "new-", err);
	const char *wd = refused ? typed(req, PERMANENCE_WEEKDAY) : NULL;
	for (int d = 0; d < 7; d++) {
		char v[16];
		snprintf(v, sizeof v, "%d", d + 1);
		form_option(b, v, _(weekdays[d]), wd);
	}
	form_select_end(b, "weekday", "new-", err);
	form_input(b, "time", "start", _("Début"), refused ? typed(req, PERMANENCE_START) : "09:00",
		   " required", "new-", error_for(r, "create", "start"));
	form_input(b, "time", "end", _("Fin"), refused ? typed(req, PERMANENCE_END) : "12:00", " required",
		   "new-", error_for(r, "create", "end"));
	err = error_for(r, "create", "every_weeks");
	form_select_begin(b, "every_weeks", _("Rythme"), "new-", err);
	const char *ew = refused ? typed(req, PERMANENCE_EVERY_WEEKS) : NULL;
	form_option(b, "1", _("chaque semaine"), ew);
	form_option(b, "2", _("une semaine sur deux"), ew);
	form_option(b, "4", _("une semaine sur quatre"), ew);
	form_select_end(b, "every_weeks", "new-", err);
	html(b, "</div>\n<div class=\"grid\">\n");
	char today[DATE_LEN + 1];
	date_today(today);
	form_input(b, "date", "from", _("À partir du"), refused ? typed(req, PERMANENCE_FROM) : today,
		   " required", "new-", error_for(r, "create", "from"));
	form_input(b, "date", "until", _("Jusqu'au (facultatif)"),
		   refused ? typed(req, PERMANENCE_UNTIL) : "", "", "new-",
		   error_for(r, "create", "until"));
	html(b, "</div>\n<button type=\"submit\">");
	html_txt(b, _("Créer la permanence"));
	html(b, "</button>\n</form>\n</section>\n");
	return SVC_OK;
}

static void render(struct request *req, struct response *resp, int status,
		   const struct refusal *refused)
{
	const struct actor *who = svc_actor(req->svc);
	int editor = policy_allows(who->role, ACT_PERMANENCES_EDIT);
	buf rows;
	buf_init(&rows, HTTP_PAGE_MAX);
	struct rows l = {req, &rows, 0, policy_allows(who->role, ACT_PERMANENCE_EXCEPTIONS),
			 who->role == ROLE_EMPLOYER, refused, editor};
	int rc = permanences_list(req->svc, NULL, NULL, permanence_row, &l);
	if (rc != SVC_OK) {
		buf_free(&rows);
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Permanences"));
	html(&b, "<h1>");
	html_txt(&b, _("Permanences"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, l.employer ? _("Les heures où une assistante sociale reçoit vos agents sur "
				    "site, sans rendez-vous.")
				: _("Les heures de présence régulières sur site, et les dates "
				    "annulées."));
	html(&b, "</p>\n");
	if (refused && strncmp(refused->form, "cancel-", 7) == 0 && refused->error.field &&
	    strcmp(refused->error.field, "date") != 0 && strcmp(refused->error.field, "reason") != 0) {
		html(&b, "<p role=\"alert\" class=\"error-field\">");
		html_txt(&b, _(refused->error.message));
		html(&b, "</p>\n");
	}
	if (!l.n) {
		html(&b, "<p>");
		html_txt(&b, _("Aucune permanence."));
		html(&b, "</p>\n");
	} else {
		html(&b, "<figure tabindex=\"0\">\n<table>\n<thead><tr>");
		const char *heads[] = {_("Organisation"), _("Lieu"),	    _("Horaire"),
				       _("Rythme"),	  _("Période"),	    _("Assistante"),
				       _("Dates annulées")};
		for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
			html(&b, "<th scope=\"col\">");
			html_txt(&b, heads[i]);
			html(&b, "</th>");
		}
		html(&b, "</tr></thead>\n<tbody>\n");
		buf_add(&b, rows.data, rows.len);
		html(&b, "</tbody>\n</table>\n</figure>\n");
	}
	buf_free(&rows);
	if (editor && (rc = create_form(req, &b, refused)) != SVC_OK) {
		buf_free(&b);
		resp_svc_error(req, resp, rc);
		return;
	}
	page_finish(req, resp, status, &b);
}

void web_permanences(struct request *req, struct response *resp)
{
	render(req, resp, 200, NULL);
}

static void after(struct request *req, struct response *resp, int rc, const char *form)
{
	if (rc == SVC_OK) {
		resp_redirect(resp, "/permanences");
	} else if (rc == SVC_INVALID || rc == SVC_CONFLICT) {
		struct refusal r = {form, *svc_error(req->svc)};
		if (!r.error.field) /* a conflict: shown above the table */
			r.error.field = "";
		render(req, resp, 422, &r);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

void web_permanences_create(struct request *req, struct response *resp)
{
	struct permanence_input in;
	memset(&in, 0, sizeof in);
	in.every_weeks = 1; /* when left out: every week, as on the API */
	struct refusal r = {"create", {NULL, NULL}};
	if (req_fields(req, permanences_fields, PERMANENCE__FIELDS, &in, &r.error) != 0) {
		render(req, resp, 422, &r);
		return;
	}
	after(req, resp, permanences_create(req->svc, &in, NULL), r.form);
}

void web_permanences_cancel(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	char form[32];
	snprintf(form, sizeof form, "cancel-%lld", (long long)id);
	struct refusal r = {arena_strdup(req->a, form), {NULL, NULL}};
	struct permanence_exception in = {NULL, NULL};
	if (req_fields(req, permanence_exceptions_fields, EXCEPTION__FIELDS, &in, &r.error) != 0) {
		render(req, resp, 422, &r);
		return;
	}
	after(req, resp, permanences_cancel(req->svc, id, in.date, in.reason), r.form);
}

/* POST /permanences/{id}/delete: the permanence and its cancelled dates
   deleted for the reason given (service/corrections.h). */
void web_permanences_delete(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct refusal r = {arena_printf(req->a, "delete-%lld", (long long)id), {NULL, NULL}};
	struct correction_input in = {NULL};
	if (req_fields(req, corrections_fields, CORRECTION_INPUT__FIELDS, &in, &r.error) != 0) {
		render(req, resp, 422, &r);
		return;
	}
	after(req, resp, permanences_delete(req->svc, id, in.reason), r.form);
}
