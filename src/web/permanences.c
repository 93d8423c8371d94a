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

/* A refused form: which one ("create", "cancel-<id>", "edit-<id>",
   "delete-<id>") and why. */
struct refusal {
	const char *form;
	struct verr error;
	const struct verr_list *all; /* every field refused when read, or NULL */
};

struct rows {
	struct request *req;
	buf *b;
	int n, cancel, employer; /* cancel: the caller may cancel a date */
	const struct refusal *refused;
	int edit; /* the caller may correct or delete a permanence (with its reason) */
	const struct form_option *orgs; /* edit: the organisations to choose from */
};

static const char *error_for(const struct refusal *r, const char *form, const char *field)
{
	if (!r || strcmp(r->form, form) != 0)
		return NULL;
	const char *m = verr_list_message(r->all, field);
	if (m)
		return _(m);
	if (!r->error.field)
		return NULL;
	return strcmp(r->error.field, field) == 0 ? _(r->error.message) : NULL;
}

/* The values a permanence form shows, as text. */
struct shown {
	const char *organisation, *worker, *site, *weekday, *start, *end, *every_weeks, *from,
		*until;
};

/* The values form typed when it is the one refused, else NULL. */
static const struct shown *typed_values(struct request *req, const struct refusal *r,
					const char *form)
{
	if (!r || strcmp(r->form, form) != 0)
		return NULL;
	struct shown *t = arena_alloc(req->a, sizeof *t);
	const char **slot[PERMANENCE__FIELDS] = {
		[PERMANENCE_ORGANISATION] = &t->organisation, [PERMANENCE_WORKER] = &t->worker,
		[PERMANENCE_SITE] = &t->site,		      [PERMANENCE_WEEKDAY] = &t->weekday,
		[PERMANENCE_START] = &t->start,		      [PERMANENCE_END] = &t->end,
		[PERMANENCE_EVERY_WEEKS] = &t->every_weeks,   [PERMANENCE_FROM] = &t->from,
		[PERMANENCE_UNTIL] = &t->until};
	for (int i = 0; i < PERMANENCE__FIELDS; i++)
		*slot[i] = req_form(req, permanences_fields[i].name);
	return t;
}

/* The fields of a permanence (the creation's and a correction's) into
   form `form`, its messages' ids prefixed: v's values, refusals of r. */
static void permanence_fields(buf *b, const struct form_option *orgs, const struct refusal *r,
			      const char *form, const char *prefix, const struct shown *v)
{
	html(b, "<div class=\"grid\">\n");
	const char *err = error_for(r, form, "organisation");
	form_select_begin(b, "organisation", _("Organisation"), prefix, err);
	for (const struct form_option *o = orgs; o; o = o->next)
		form_option(b, o->code, o->label, v->organisation);
	form_select_end(b, "organisation", prefix, err);
	form_input(b, "text", "worker", _("Identifiant de l'assistante"), v->worker,
		   " required maxlength=\"64\"", prefix, error_for(r, form, "worker"));
	form_input(b, "text", "site", _("Lieu"), v->site, " required maxlength=\"200\"", prefix,
		   error_for(r, form, "site"));
	html(b, "</div>\n<div class=\"grid\">\n");
	err = error_for(r, form, "weekday");
	form_select_begin(b, "weekday", _("Jour"), prefix, err);
	for (int d = 0; d < 7; d++) {
		char day[16];
		snprintf(day, sizeof day, "%d", d + 1);
		form_option(b, day, _(weekdays[d]), v->weekday);
	}
	form_select_end(b, "weekday", prefix, err);
	form_input(b, "time", "start", _("Début"), v->start, " required", prefix,
		   error_for(r, form, "start"));
	form_input(b, "time", "end", _("Fin"), v->end, " required", prefix,
		   error_for(r, form, "end"));
	err = error_for(r, form, "every_weeks");
	form_select_begin(b, "every_weeks", _("Rythme"), prefix, err);
	form_option(b, "1", _("chaque semaine"), v->every_weeks);
	form_option(b, "2", _("une semaine sur deux"), v->every_weeks);
	form_option(b, "4", _("une semaine sur quatre"), v->every_weeks);
	form_select_end(b, "every_weeks", prefix, err);
	html(b, "</div>\n<div class=\"grid\">\n");
	form_input(b, "date", "from", _("À partir du"), v->from, " required", prefix,
		   error_for(r, form, "from"));
	form_input(b, "date", "until", _("Jusqu'au (facultatif)"), v->until, "", prefix,
		   error_for(r, form, "until"));
	html(b, "</div>\n");
}

/* The folded form correcting permanence v with its reason (service/
   corrections.h), open again with what was typed when refused. */
static void edit_form(const struct rows *l, const struct permanence_view *v)
{
	buf *b = l->b;
	arena *a = l->req->a;
	const char *form = arena_printf(a, "edit-%lld", (long long)v->id);
	const char *prefix = arena_printf(a, "edit-%lld-", (long long)v->id);
	const struct shown *typed = typed_values(l->req, l->refused, form);
	struct shown was = {v->organisation,
			    v->worker,
			    v->site,
			    arena_printf(a, "%d", v->weekday),
			    v->start,
			    v->end,
			    arena_printf(a, "%d", v->every_weeks),
			    v->from,
			    v->until ? v->until : ""};
	html(b, typed ? "<details open>\n<summary>" : "<details>\n<summary>");
	html_txt(b, _("Corriger la permanence"));
	html(b, "</summary>\n<form method=\"post\" action=\"/permanences/");
	html_int(b, v->id);
	html(b, "\">\n");
	page_csrf_field(l->req, b);
	permanence_fields(b, l->orgs, l->refused, form, prefix, typed ? typed : &was);
	const char *reason = corrections_fields[CORRECTION_INPUT_REASON].name;
	form_input(b, "text", reason, _("Motif de la correction"),
		   typed ? req_form(l->req, reason) : "", " required maxlength=\"500\"", prefix,
		   error_for(l->refused, form, reason));
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Enregistrer la correction"));
	html(b, "</button>\n</form>\n</details>\n");
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
	if (l->edit) {
		edit_form(l, v);
		delete_form(l, v->id);
	}
	html(b, "</td></tr>\n");
	return 0;
}

static void create_form(struct request *req, buf *b, const struct form_option *orgs,
			const struct refusal *r)
{
	const struct shown *typed = typed_values(req, r, "create");
	char today[DATE_LEN + 1];
	date_today(today);
	struct shown fresh = {NULL, "", "", NULL, "09:00", "12:00", NULL, today, ""};
	html(b, "<section aria-labelledby=\"nouvelle\">\n<h2 id=\"nouvelle\">");
	html_txt(b, _("Nouvelle permanence"));
	html(b, "</h2>\n<form method=\"post\" action=\"/permanences\">\n");
	page_csrf_field(req, b);
	permanence_fields(b, orgs, r, "create", "new-", typed ? typed : &fresh);
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Créer la permanence"));
	html(b, "</button>\n</form>\n</section>\n");
}

static void render(struct request *req, struct response *resp, int status,
		   const struct refusal *refused)
{
	const struct actor *who = svc_actor(req->svc);
	int editor = policy_allows(who->role, ACT_PERMANENCES_EDIT);
	buf rows;
	buf_init(&rows, HTTP_PAGE_MAX);
	struct rows l = {req, &rows, 0, policy_allows(who->role, ACT_PERMANENCE_EXCEPTIONS),
			 who->role == ROLE_EMPLOYER, refused, editor, NULL};
	struct form_option *orgs = NULL;
	int rc = editor ? web_organisation_options(req, 0, &orgs) : SVC_OK;
	l.orgs = orgs;
	if (rc == SVC_OK)
		rc = permanences_list(req->svc, NULL, NULL, permanence_row, &l);
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
	/* A refusal of no field (an overlap's conflict), or of a cancellation
	   not about its date or reason: above the table. */
	if (refused && refused->error.field &&
	    (!*refused->error.field ||
	     (strncmp(refused->form, "cancel-", 7) == 0 && strcmp(refused->error.field, "date") != 0 &&
	      strcmp(refused->error.field, "reason") != 0))) {
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
	if (editor)
		create_form(req, &b, orgs, refused);
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
		struct refusal r = {form, *svc_error(req->svc), NULL};
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
	struct verr_list all;
	struct refusal r = {"create", {NULL, NULL}, &all};
	if (req_fields_all(req, permanences_fields, PERMANENCE__FIELDS, &in, &all) != 0) {
		r.error = all.e[0];
		render(req, resp, 422, &r);
		return;
	}
	after(req, resp, permanences_create(req->svc, &in, NULL), r.form);
}

/* POST /permanences/{id}: the permanence corrected, every field as the
   creation form's, for the reason given (permanences_correct, as PATCH
   /api/v1/permanences/{id}); every refusal shown at once, the form open. */
void web_permanences_correct(struct request *req, struct response *resp)
{
	struct permanence_input in;
	memset(&in, 0, sizeof in);
	in.every_weeks = 1; /* as when created */
	struct correction_input why = {NULL};
	struct verr_list all, more;
	struct refusal r = {arena_printf(req->a, "edit-%lld", (long long)req->id), {NULL, NULL},
			    &all};
	int bad = req_fields_all(req, permanences_fields, PERMANENCE__FIELDS, &in, &all) != 0;
	if (req_fields_all(req, corrections_fields, CORRECTION_INPUT__FIELDS, &why, &more) != 0) {
		verr_list_merge(&all, &more);
		bad = 1;
	}
	if (bad) {
		r.error = all.e[0];
		render(req, resp, 422, &r);
		return;
	}
	after(req, resp, permanences_correct(req->svc, req->id, &in, why.reason), r.form);
}

void web_permanences_cancel(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	char form[32];
	snprintf(form, sizeof form, "cancel-%lld", (long long)id);
	struct refusal r = {arena_strdup(req->a, form), {NULL, NULL}, NULL};
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
	struct refusal r = {arena_printf(req->a, "delete-%lld", (long long)id), {NULL, NULL}, NULL};
	struct correction_input in = {NULL};
	if (req_fields(req, corrections_fields, CORRECTION_INPUT__FIELDS, &in, &r.error) != 0) {
		render(req, resp, 422, &r);
		return;
	}
	after(req, resp, permanences_delete(req->svc, id, in.reason), r.form);
}
