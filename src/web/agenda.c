/*
 * agenda — a worker's week (/agenda?week=YYYY-Www or ?date=): her
 * permanences (cancelled days left out) and appointments, day by day, with
 * the forms to book an appointment, change its status, and turn an
 * honoured one into an intervention (handled in web/appointments.c); the
 * form asking for the address of her private calendar feed (handled in
 * web/calendar.c).  The head reads any worker's week (?worker=login,
 * persons never named) and books first contacts for her.  No JavaScript
 * needed.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/agenda.h"
#include "domain/date.h"
#include "service/agenda.h"
#include "service/appointments.h"
#include "service/calendar.h"
#include "service/cases.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/web.h"

static const char *const lists[] = {"mode", "intervention_kind"};
static const char *const day_names[7] = {N_("Lundi"),	 N_("Mardi"),	 N_("Mercredi"),
					 N_("Jeudi"),	 N_("Vendredi"), N_("Samedi"),
					 N_("Dimanche")};

/* A refused form: which one, and why. */
struct form {
	const char *name; /* "new", "status-<id>", "intervention-<id>", or NULL */
	struct verr error;
	const char *feed_url; /* shown after asking for it */
};

static const char *error_of(const struct form *f, const char *form, const char *field)
{
	if (!f->name || strcmp(f->name, form) != 0 || !f->error.field ||
	    strcmp(f->error.field, field) != 0)
		return NULL;
	return _(f->error.message);
}

/* A value of the booking form as typed, after its refusal (field f of
   appointments_fields or appointments_day_fields). */
static const char *typed(struct request *req, const struct form *f, const struct field *field)
{
	return f->name && strcmp(f->name, "new") == 0 ? req_form(req, field->name) : NULL;
}

/* What the week holds, copied into the request's arena. */
struct entry {
	int kind; /* 0 permanence, 1 appointment */
	char date[DATE_LEN + 1];
	char start[AGENDA_TIME_LEN + 1], end[AGENDA_TIME_LEN + 1];
	const char *site, *organisation, *person, *mode, *status;
	int64_t id, case_id, intervention_id;
	int has_person;
	struct entry *next;
};

struct week {
	arena *a;
	struct entry *head, **tail;
};

static struct entry *entry_new(struct week *w)
{
	struct entry *e = arena_alloc(w->a, sizeof *e);
	memset(e, 0, sizeof *e);
	*w->tail = e;
	w->tail = &e->next;
	return e;
}

static int occurrence_in(void *ctx, const struct occurrence_view *v)
{
	struct week *w = ctx;
	struct entry *e = entry_new(w);
	snprintf(e->date, sizeof e->date, "%s", v->date);
	snprintf(e->start, sizeof e->start, "%s", v->start);
	snprintf(e->end, sizeof e->end, "%s", v->end);
	e->site = arena_strdup(w->a, v->site);
	e->organisation = arena_strdup(w->a, v->organisation_name);
	e->id = v->permanence_id;
	return 0;
}

static int appointment_in(void *ctx, const struct appointment_view *v)
{
	struct week *w = ctx;
	if (!v->start || !v->end || strlen(v->start) < 16 || strlen(v->end) < 16)
		return 0;
	struct entry *e = entry_new(w);
	e->kind = 1;
	snprintf(e->date, sizeof e->date, "%.10s", v->start);
	snprintf(e->start, sizeof e->start, "%.5s", v->start + 11);
	snprintf(e->end, sizeof e->end, "%.5s", v->end + 11);
	e->site = arena_strdup(w->a, v->site);
	e->person = arena_strdup(w->a, v->person);
	e->mode = arena_strdup(w->a, v->mode);
	e->status = arena_strdup(w->a, v->status);
	e->id = v->id;
	e->case_id = v->case_id;
	e->intervention_id = v->intervention_id;
	e->has_person = v->has_person;
	return 0;
}

/* The persons of the worker's open cases, for the booking form. */
struct persons {
	arena *a;
	struct form_option *head, **tail;
};

static int person_option(void *ctx, const struct case_view *c)
{
	struct persons *l = ctx;
	struct form_option *o = arena_alloc(l->a, sizeof *o);
	o->code = arena_printf(l->a, "%lld", (long long)c->person_id);
	o->label = arena_printf(l->a, "%s %s", c->last_name ? c->last_name : "",
				c->first_name ? c->first_name : "");
	o->next = NULL;
	*l->tail = o;
	l->tail = &o->next;
	return 0;
}

static void status_form(struct request *req, buf *b, const struct entry *e,
			const struct form *f, const char *query)
{
	char name[40];
	snprintf(name, sizeof name, "status-%lld", (long long)e->id);
	const char *err = error_of(f, name, "status");
	html(b, "<form method=\"post\" action=\"/agenda/appointments/");
	html_int(b, e->id);
	html(b, "/status");
	html_attr(b, query);
	html(b, "\" class=\"inline\">\n");
	page_csrf_field(req, b);
	struct form_option opts[4];
	for (int i = 1; i < APPOINTMENT_STATUSES; i++) {
		opts[i - 1].code = appointments_statuses[i];
		opts[i - 1].label = appointments_status_label(appointments_statuses[i]);
		opts[i - 1].next = i < APPOINTMENT_STATUSES - 1 ? &opts[i] : NULL;
	}
	char prefix[48];
	snprintf(prefix, sizeof prefix, "s%lld-", (long long)e->id);
	form_select(b, "status", _("Nouveau statut"), opts, NULL, prefix, err);
	html(b, "<button type=\"submit\" class=\"secondary\">");
	html_txt(b, _("Changer le statut"));
	html(b, "</button>\n</form>\n");
}

/* A planned appointment to another time (the same day form as booking). */
static void move_form(struct request *req, buf *b, const struct entry *e, const struct form *f,
		      const char *query)
{
	char name[40];
	snprintf(name, sizeof name, "move-%lld", (long long)e->id);
	html(b, "<form method=\"post\" action=\"/agenda/appointments/");
	html_int(b, e->id);
	html(b, "/move");
	html_attr(b, query);
	html(b, "\" class=\"inline\">\n");
	page_csrf_field(req, b);
	char prefix[48];
	snprintf(prefix, sizeof prefix, "m%lld-", (long long)e->id);
	form_input(b, "date", "date", _("Nouvelle date"), e->date, " required", prefix,
		   error_of(f, name, "date"));
	form_input(b, "time", "start", _("Début"), e->start, " required", prefix,
		   error_of(f, name, "start"));
	form_input(b, "time", "end", _("Fin"), e->end, " required", prefix,
		   error_of(f, name, "end"));
	html(b, "<button type=\"submit\" class=\"secondary\">");
	html_txt(b, _("Déplacer"));
	html(b, "</button>\n</form>\n");
}

static void intervention_form(struct request *req, buf *b, const struct entry *e,
			      const struct web_refs *refs, const struct form *f, const char *query)
{
	char name[48];
	snprintf(name, sizeof name, "intervention-%lld", (long long)e->id);
	html(b, "<form method=\"post\" action=\"/agenda/appointments/");
	html_int(b, e->id);
	html(b, "/intervention");
	html_attr(b, query);
	html(b, "\" class=\"inline\">\n");
	page_csrf_field(req, b);
	char prefix[48];
	snprintf(prefix, sizeof prefix, "i%lld-", (long long)e->id);
	form_select(b, "kind", _("Type d'intervention"),
		    form_options_of(req, refs, "intervention_kind", NULL), NULL, prefix,
		    error_of(f, name, "kind"));
	const char *other = NULL;
	if (f->name && strcmp(f->name, name) == 0 && f->error.field &&
	    strcmp(f->error.field, "kind") != 0 && strcmp(f->error.field, "notes") != 0)
		other = _(f->error.message);
	if (other) {
		html(b, "<p class=\"error\" role=\"alert\">");
		html_txt(b, other);
		html(b, "</p>\n");
	}
	/* The note of the interview, as on the case page (issue 17). */
	const char *note_error = error_of(f, name, "notes");
	html(b, "<label>");
	html_txt(b, _("Notes (lisibles par les collègues du suivi)"));
	html(b, "\n<textarea name=\"notes\" rows=\"2\" maxlength=\"20000\"");
	form_invalid(b, note_error != NULL, prefix, "notes");
	html(b, "></textarea>\n");
	form_error(b, note_error != NULL, prefix, "notes", note_error ? note_error : "");
	html(b, "</label>\n");
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Honoré : enregistrer l'intervention"));
	html(b, "</button>\n</form>\n");
}

/* Deleting an appointment, with the reason kept (service/corrections.h). */
static void delete_form(struct request *req, buf *b, const struct entry *e,
			const struct form *f, const char *query)
{
	char name[40];
	snprintf(name, sizeof name, "delete-%lld", (long long)e->id);
	const char *err = error_of(f, name, "reason");
	html(b, err ? "<details open>\n<summary>" : "<details>\n<summary>");
	html_txt(b, _("Supprimer le rendez-vous"));
	html(b, "</summary>\n<form method=\"post\" action=\"/agenda/appointments/");
	html_int(b, e->id);
	html(b, "/delete");
	html_attr(b, query);
	html(b, "\" class=\"inline\">\n");
	page_csrf_field(req, b);
	char prefix[48];
	snprintf(prefix, sizeof prefix, "d%lld-", (long long)e->id);
	form_input(b, "text", "reason", _("Motif de la correction"), "",
		   " required maxlength=\"500\"", prefix, err);
	html(b, "<button type=\"submit\" class=\"secondary\">");
	html_txt(b, _("Supprimer, en gardant la trace de la suppression"));
	html(b, "</button>\n</form>\n</details>\n");
}

static void day(struct request *req, buf *b, const char *date, const struct week *w,
		const struct web_refs *refs, const struct form *f, int worker, const char *query)
{
	char fr[11];
	date_french(date, fr);
	html(b, "<section>\n<h3>");
	html_txt(b, _(day_names[agenda_weekday(date) - 1]));
	html(b, " ");
	html_txt(b, fr);
	html(b, "</h3>\n");
	/* An intervention is dated its appointment's day: never in the future. */
	char today[DATE_LEN + 1];
	date_today(today);
	int past = strcmp(date, today) <= 0;
	int n = 0;
	/* Permanences first, then appointments, each already in time order. */
	for (int kind = 0; kind < 2; kind++)
		for (const struct entry *e = w->head; e; e = e->next) {
			if (e->kind != kind || strcmp(e->date, date) != 0)
				continue;
			if (!n++)
				html(b, "<ul>\n");
			html(b, "<li>");
			html_txt(b, e->start);
			html(b, "–");
			html_txt(b, e->end);
			html(b, " ");
			if (kind == 0) {
				html(b, "<strong>");
				html_txt(b, _("Permanence"));
				html(b, "</strong> — ");
				html_txt(b, e->site);
				html(b, " (");
				html_txt(b, e->organisation);
				html(b, ")</li>\n");
				continue;
			}
			html(b, "<strong>");
			html_txt(b, _("Rendez-vous"));
			html(b, "</strong> — ");
			if (e->person && e->case_id) {
				html(b, "<a href=\"/cases/");
				html_int(b, e->case_id);
				html(b, "\">");
				html_txt(b, e->person);
				html(b, "</a>");
			} else {
				html_txt(b, e->person	     ? e->person
					    : e->has_person ? _("Personne accompagnée")
							    : _("Premier contact"));
			}
			html(b, " — ");
			html_txt(b, web_ref_label(refs, "mode", e->mode));
			if (e->site && *e->site) {
				html(b, " — ");
				html_txt(b, e->site);
			}
			html(b, " — ");
			html_txt(b, appointments_status_label(e->status));
			int planned = e->status && strcmp(e->status, "prevu") == 0;
			int open = planned || (e->status && strcmp(e->status, "honore") == 0 &&
					       !e->intervention_id);
			if (planned) {
				status_form(req, b, e, f, query);
				move_form(req, b, e, f, query);
			}
			if (worker && open && past && e->person && e->case_id)
				intervention_form(req, b, e, refs, f, query);
			delete_form(req, b, e, f, query);
			html(b, "</li>\n");
		}
	if (n)
		html(b, "</ul>\n");
	else {
		html(b, "<p>");
		html_txt(b, _("Rien de prévu."));
		html(b, "</p>\n");
	}
	html(b, "</section>\n");
}

static void new_form(struct request *req, buf *b, const struct web_refs *refs,
		     const struct persons *persons, const struct form *f, int head, int reception,
		     const char *worker, const char *monday, const char *query)
{
	html(b, "<section aria-labelledby=\"rdv\">\n<h2 id=\"rdv\">");
	html_txt(b, head && !reception ? _("Prendre un premier contact") : _("Prendre un rendez-vous"));
	html(b, "</h2>\n<form method=\"post\" action=\"/agenda/appointments");
	html_attr(b, query);
	html(b, "\" autocomplete=\"off\">\n");
	page_csrf_field(req, b);
	if (head) {
		html(b, "<input type=\"hidden\" name=\"worker\" value=\"");
		html_attr(b, worker);
		html(b, "\">");
	}
	html(b, "\n<div class=\"grid\">\n");
	const struct field *af = appointments_fields;
	const char *d = typed(req, f, &appointments_day_fields[APPOINTMENT_DAY]);
	form_input(b, "date", "date", _("Date"), d ? d : monday, " required", "new-",
		   error_of(f, "new", "date"));
	form_input(b, "time", "start", _("Début"), typed(req, f, &af[APPOINTMENT_START]),
		   " required", "new-", error_of(f, "new", "start"));
	form_input(b, "time", "end", _("Fin"), typed(req, f, &af[APPOINTMENT_END]), " required",
		   "new-", error_of(f, "new", "end"));
	html(b, "</div>\n<div class=\"grid\">\n");
	form_select(b, "mode", _("Mode"), form_options_of(req, refs, "mode", NULL),
		    typed(req, f, &af[APPOINTMENT_MODE]), "new-", error_of(f, "new", "mode"));
	form_input(b, "text", "site", _("Lieu (facultatif)"), typed(req, f, &af[APPOINTMENT_SITE]),
		   " maxlength=\"200\"", "new-", error_of(f, "new", "site"));
	html(b, "</div>\n");
	if (reception)
		form_input(b, "text", "contact_name", _("Nom de la personne (facultatif)"),
			   typed(req, f, &af[APPOINTMENT_CONTACT_NAME]), " maxlength=\"200\"", "new-",
			   error_of(f, "new", "contact_name"));
	if (!head) {
		const char *err = error_of(f, "new", "person_id");
		const char *sel = typed(req, f, &af[APPOINTMENT_PERSON]);
		html(b, "<label>");
		html_txt(b, _("Personne (vide : premier contact)"));
		html(b, "\n<select id=\"new-person_id\" name=\"person_id\"");
		form_invalid(b, err != NULL, "new-", "person_id");
		html(b, ">\n<option value=\"\">");
		html_txt(b, _("Premier contact"));
		html(b, "</option>\n");
		for (const struct form_option *o = persons->head; o; o = o->next) {
			form_option(b, o->code, o->label, sel);
		}
		html(b, "</select>\n</label>\n");
		form_error(b, err != NULL, "new-", "person_id", err);
	}
	html(b, "<button type=\"submit\">");
	html_txt(b, _("Enregistrer le rendez-vous"));
	html(b, "</button>\n</form>\n</section>\n");
}

static void feed_section(struct request *req, buf *b, const struct form *f, const char *query)
{
	html(b, "<section aria-labelledby=\"flux\">\n<h2 id=\"flux\">");
	html_txt(b, _("Mon agenda dans une autre application"));
	html(b, "</h2>\n<p>");
	html_txt(b, _("Une adresse privée (iCalendar) montre vos permanences et vos rendez-vous, "
		      "sans nom ni motif. Ne la communiquez pas ; révoquez-la si elle a circulé."));
	html(b, "</p>\n");
	if (f->feed_url) {
		html(b, "<p><code>");
		html_txt(b, f->feed_url);
		html(b, "</code></p>\n");
	}
	for (int revoke = 0; revoke < 2; revoke++) {
		html(b, "<form method=\"post\" action=\"/agenda/calendar");
		html_attr(b, query);
		html(b, "\" class=\"inline\">\n");
		page_csrf_field(req, b);
		if (revoke) {
			html(b, "<input type=\"hidden\" name=\"");
			html_attr(b, calendar_fields[CALENDAR_REVOKE].name);
			html(b, "\" value=\"1\">\n");
		}
		html(b, revoke ? "<button type=\"submit\" class=\"secondary\">" : "<button type=\"submit\">");
		html_txt(b, revoke ? _("Révoquer et créer une nouvelle adresse")
				   : _("Afficher l'adresse de mon agenda"));
		html(b, "</button>\n</form>\n");
	}
	html(b, "</section>\n");
}

/* The week asked (week, date), else this week; its Monday into monday. */
static void week_asked(struct request *req, char monday[DATE_LEN + 1])
{
	const char *week = req_query(req, "week"), *date = req_query(req, "date");
	char today[DATE_LEN + 1];
	date_today(today);
	if (week && *week && agenda_week_parse(week, monday) == 0)
		return;
	agenda_monday(date && date_valid(date) ? date : today, monday);
}

static void render(struct request *req, struct response *resp, int status, const struct form *f)
{
	const struct actor *who = svc_actor(req->svc);
	/* The reception reads and books any worker's agenda, as the head. */
	int reception = who->role == ROLE_RECEPTION;
	int head = who->role == ROLE_HEAD || reception;
	const char *worker = req_query(req, "worker");
	if (!head)
		worker = who->login;
	char monday[DATE_LEN + 1], next[DATE_LEN + 1], prev[DATE_LEN + 1];
	week_asked(req, monday);
	date_add_days(monday, 7, next);
	date_add_days(monday, -7, prev);
	char name[AGENDA_WEEK_LEN + 1], nname[AGENDA_WEEK_LEN + 1], pname[AGENDA_WEEK_LEN + 1];
	agenda_week_name(monday, name);
	agenda_week_name(next, nname);
	agenda_week_name(prev, pname);
	/* Forms come back to the same week (and worker, for the head). */
	const char *query = head && worker && *worker
				    ? arena_printf(req->a, "?week=%s&worker=%s", name, worker)
				    : arena_printf(req->a, "?week=%s", name);

	struct web_refs refs;
	struct week w = {req->a, NULL, &w.head};
	struct persons persons = {req->a, NULL, &persons.head};
	int rc = web_refs_load(req, &refs, lists, 2);
	if (rc == SVC_OK && !head)
		rc = cases_list(req->svc, "open", person_option, &persons);
	int shown = !head || (worker && *worker);
	if (rc == SVC_OK && shown)
		rc = agenda_read(req->svc, worker, monday, next, occurrence_in, appointment_in, &w);
	if (rc != SVC_OK && rc != SVC_INVALID) {
		resp_svc_error(req, resp, rc);
		return;
	}
	if (rc == SVC_INVALID) {
		shown = 0;
		status = 422;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Agenda"));
	html(&b, "<h1>");
	html_txt(&b, _("Agenda"));
	html(&b, "</h1>\n");
	if (head) {
		html(&b, "<form method=\"get\" action=\"/agenda\" class=\"grid\">\n");
		html(&b, "<input type=\"hidden\" name=\"week\" value=\"");
		html_attr(&b, name);
		html(&b, "\">\n");
		form_input(&b, "text", "worker", _("Identifiant de l'assistante"), worker,
			   " required maxlength=\"64\"", "filter-",
			   rc == SVC_INVALID ? _("Assistante inconnue.") : NULL);
		html(&b, "<div><button type=\"submit\" class=\"secondary\">");
		html_txt(&b, _("Afficher"));
		html(&b, "</button></div>\n</form>\n");
	}
	if (shown) {
		char fr[11];
		date_french(monday, fr);
		html(&b, "<h2>");
		html_txt(&b, arena_printf(req->a, _("Semaine du %s (%s)"), fr, name));
		html(&b, "</h2>\n<nav aria-label=\"");
		html_attr(&b, _("Semaines"));
		html(&b, "\"><ul>\n");
		const char *links[2][2] = {{pname, _("← Semaine précédente")},
					   {nname, _("Semaine suivante →")}};
		for (int i = 0; i < 2; i++) {
			html(&b, "<li><a href=\"/agenda?week=");
			html_url_arg(&b, links[i][0]);
			if (head) {
				html(&b, "&amp;worker=");
				html_url_arg(&b, worker);
			}
			html(&b, "\">");
			html_txt(&b, links[i][1]);
			html(&b, "</a></li>\n");
		}
		html(&b, "</ul></nav>\n");
		for (int d = 0; d < 7; d++) {
			char date[DATE_LEN + 1];
			date_add_days(monday, d, date);
			day(req, &b, date, &w, &refs, f, !head, query);
		}
		new_form(req, &b, &refs, &persons, f, head, reception, worker, monday, query);
	}
	if (!head)
		feed_section(req, &b, f, query);
	page_finish(req, resp, status, &b);
}

void web_agenda(struct request *req, struct response *resp)
{
	struct form f = {NULL, {NULL, NULL}, NULL};
	render(req, resp, 200, &f);
}

void web_agenda_page(struct request *req, struct response *resp, int status, const char *form,
		     const struct verr *error, const char *feed_url)
{
	struct form f = {form, {NULL, NULL}, feed_url};
	if (error)
		f.error = *error;
	render(req, resp, status, &f);
}
