/*
 * job_retention — the "Maintien dans l'emploi" section of a case's page
 * (laid out by web/case_page.c): sick leaves (a long one flagged),
 * therapeutic part-time periods, the RQTH, the pre-return visit, the
 * workstation adjustment and, once the case is closed, the retention
 * outcome; each with its form, without JavaScript.
 *
 * Secrecy is the service's (service/job_retention.h): the section is written
 * only for who may open the case, and every POST answers "not found" to
 * anyone else.  A refused form shows the case page again with the typed
 * values and the message next to the field.
 */
#include <stdint.h>
#include <string.h>

#include "domain/date.h"
#include "domain/job_retention.h"
#include "service/job_retention.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/case_forms.h"
#include "web/web.h"

static const char *const lists[] = {"retention_outcome"};

/* The section's data, copied out of the service's callbacks. */
struct period {
	struct period_view v;
	struct period *next;
};

struct data {
	arena *a;
	struct job_retention_view r;
	struct period *leaves, **leaves_tail;
	struct period *part_times, **part_times_tail;
};

static int on_record(void *ctx, const struct job_retention_view *v)
{
	struct data *d = ctx;
	d->r = *v;
	const char **f[] = {&d->r.rqth_status, &d->r.rqth_requested_on, &d->r.rqth_decided_on,
			    &d->r.rqth_expires_on, &d->r.pre_return_visit_on,
			    &d->r.adjustment_requested_on, &d->r.adjustment_done_on,
			    &d->r.adjustment_description, &d->r.outcome};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		*f[i] = arena_strdup(d->a, *f[i]);
	return 0;
}

static void keep(struct data *d, const struct period_view *v, struct period ***tail)
{
	struct period *p = arena_alloc(d->a, sizeof *p);
	p->v = *v;
	p->v.start = arena_strdup(d->a, v->start);
	p->v.end = arena_strdup(d->a, v->end);
	p->v.kind = arena_strdup(d->a, v->kind);
	p->next = NULL;
	**tail = p;
	*tail = &p->next;
}

static int on_leave(void *ctx, const struct period_view *v)
{
	struct data *d = ctx;
	keep(d, v, &d->leaves_tail);
	return 0;
}

static int on_part_time(void *ctx, const struct period_view *v)
{
	struct data *d = ctx;
	keep(d, v, &d->part_times_tail);
	return 0;
}

/* ---- writers ---- */

struct ctx {
	struct request *req;
	buf *b;
	int64_t id;
	const struct case_refusal *refused;
};

/* Whether form was the one refused. */
static int was_refused(const struct ctx *c, const char *form)
{
	return c->refused && c->refused->form && strcmp(c->refused->form, form) == 0;
}

/* The message for field of form, or NULL. */
static const char *error_of(const struct ctx *c, const char *form, const char *field)
{
	if (!was_refused(c, form) || !c->refused->error.field ||
	    strcmp(c->refused->error.field, field) != 0)
		return NULL;
	return _(c->refused->error.message);
}

/* The value to show: as typed when form was refused, else stored. */
static const char *value(const struct ctx *c, const char *form, const char *field,
			 const char *stored)
{
	return was_refused(c, form) ? req_form(c->req, field) : stored;
}

static void date_field(const struct ctx *c, const char *form, const char *prefix,
		       const char *field, const char *label, const char *stored, int required)
{
	form_input(c->b, "date", field, label, value(c, form, field, stored),
		   required ? " required" : "", prefix, error_of(c, form, field));
}

static void date_fr(buf *b, const char *iso)
{
	char fr[11];
	if (!iso) {
		html_txt(b, "—");
		return;
	}
	date_french(iso, fr);
	html_txt(b, fr);
}

static void form_open(const struct ctx *c, const char *form)
{
	html(c->b, was_refused(c, form) ? "<details open>\n<summary>" : "<details>\n<summary>");
}

static void form_action(const struct ctx *c, const char *tail)
{
	buf *b = c->b;
	html(b, "</summary>\n<form method=\"post\" action=\"/cases/");
	html_int(b, c->id);
	html(b, tail);
	html(b, "\" autocomplete=\"off\">\n");
	page_csrf_field(c->req, b);
	html(b, "\n");
}

static void button(buf *b, const char *label, int inline_form)
{
	html(b, inline_form ? "<button type=\"submit\" class=\"secondary outline\">"
			    : "<button type=\"submit\">");
	html_txt(b, label);
	html(b, inline_form ? "</button></form>" : "</button>\n</form>\n</details>\n");
}

/* A small POST form of one button (delete, end). */
static void row_form(const struct ctx *c, const char *what, int64_t pid, const char *tail)
{
	buf *b = c->b;
	html(b, " <form method=\"post\" class=\"inline\" action=\"/cases/");
	html_int(b, c->id);
	html(b, what);
	html_int(b, pid);
	html(b, tail);
	html(b, "\">");
	page_csrf_field(c->req, b);
}

static struct form_option *fixed_options(struct request *req, const struct job_retention_code *list)
{
	struct form_option *head = NULL, **tail = &head;
	for (; list->code; list++) {
		struct form_option *o = arena_alloc(req->a, sizeof *o);
		o->code = list->code;
		o->label = _(list->label);
		o->next = NULL;
		*tail = o;
		tail = &o->next;
	}
	return head;
}

static void alert(const struct ctx *c, const char *form, const char *const *inline_fields)
{
	if (!was_refused(c, form))
		return;
	for (; *inline_fields; inline_fields++)
		if (c->refused->error.field && strcmp(c->refused->error.field, *inline_fields) == 0)
			return;
	html(c->b, "<p role=\"alert\" class=\"error-field\">");
	html_txt(c->b, _(c->refused->error.message));
	html(c->b, "</p>\n");
}


/* The beginning of a period's form (a sick leave, a part time): its title,
   its refusal, and the start and end dates; the caller adds the rest. */
static void period_form(const struct ctx *c, const char *form, const char *prefix,
			const char *title, const char *action, const char *const *fields)
{
	form_open(c, form);
	html_txt(c->b, title);
	form_action(c, action);
	alert(c, form, fields);
	html(c->b, "<div class=\"grid\">\n");
	date_field(c, form, prefix, "start", _("Début"), NULL, 1);
	date_field(c, form, prefix, "end", _("Fin (vide si en cours)"), NULL, 0);
}

static void leaves(const struct ctx *c, const struct data *d)
{
	buf *b = c->b;
	struct request *req = c->req;
	html(b, "<h3>");
	html_txt(b, _("Arrêts de travail"));
	html(b, "</h3>\n");
	static const char *const none[] = {NULL};
	alert(c, "leave-end", none);
	if (!d->leaves) {
		html(b, "<p>");
		html_txt(b, _("Aucun arrêt enregistré."));
		html(b, "</p>\n");
	} else {
		html(b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
		html_txt(b, _("Du"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Au"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Type"));
		html(b, "</th><th scope=\"col\">");
		html_txt(b, _("Actions"));
		html(b, "</th></tr></thead>\n<tbody>\n");
	}
	for (const struct period *p = d->leaves; p; p = p->next) {
		html(b, "<tr><td>");
		date_fr(b, p->v.start);
		html(b, "</td><td>");
		if (p->v.end)
			date_fr(b, p->v.end);
		else
			html_txt(b, _("en cours"));
		if (p->v.long_leave) {
			html(b, " <mark>");
			html_txt(b, arena_printf(req->a, _("arrêt long : %lld jours"),
						 (long long)p->v.days));
			html(b, "</mark>");
		}
		html(b, "</td><td>");
		const char *label = job_retention_label(job_retention_leave_kinds, p->v.kind);
		html_txt(b, label ? _(label) : p->v.kind);
		html(b, "</td><td>");
		if (!p->v.end) {
			row_form(c, "/sick-leaves/", p->v.id, "/end");
			html(b, "<label>");
			html_txt(b, _("Date de fin"));
			html(b, " <input type=\"date\" name=\"end\" required></label>");
			button(b, _("Terminer l'arrêt"), 1);
		}
		row_form(c, "/sick-leaves/", p->v.id, "/delete");
		button(b, _("Supprimer"), 1);
		html(b, "</td></tr>\n");
	}
	if (d->leaves)
		html(b, "</tbody>\n</table>\n</figure>\n");
	static const char *const fields[] = {"start", "end", "kind", NULL};
	period_form(c, "leave", "leave-", _("Ajouter un arrêt de travail"), "/sick-leaves", fields);
	form_select(b, "kind", _("Type d'arrêt"), fixed_options(req, job_retention_leave_kinds),
		    value(c, "leave", "kind", NULL), "leave-", error_of(c, "leave", "kind"));
	html(b, "</div>\n");
	button(b, _("Enregistrer l'arrêt"), 0);
}

static void part_times(const struct ctx *c, const struct data *d)
{
	buf *b = c->b;
	struct request *req = c->req;
	html(b, "<h3>");
	html_txt(b, _("Temps partiel thérapeutique"));
	html(b, "</h3>\n");
	if (!d->part_times) {
		html(b, "<p>");
		html_txt(b, _("Aucune période enregistrée."));
		html(b, "</p>\n");
	} else {
		html(b, "<ul>\n");
	}
	for (const struct period *p = d->part_times; p; p = p->next) {
		html(b, "<li>");
		char from[11], to[11];
		date_french(p->v.start, from);
		if (p->v.end) {
			date_french(p->v.end, to);
			html_txt(b, arena_printf(req->a, _("du %s au %s"), from, to));
		} else {
			html_txt(b, arena_printf(req->a, _("depuis le %s"), from));
		}
		html(b, " — ");
		html_txt(b, arena_printf(req->a, _("%lld %% du temps de travail"),
					 (long long)p->v.percent));
		row_form(c, "/part-times/", p->v.id, "/delete");
		button(b, _("Supprimer"), 1);
		html(b, "</li>\n");
	}
	if (d->part_times)
		html(b, "</ul>\n");
	static const char *const fields[] = {"start", "end", "percent", NULL};
	period_form(c, "part_time", "pt-", _("Ajouter une période de temps partiel thérapeutique"),
		    "/part-times", fields);
	form_input(b, "number", "percent", _("Temps travaillé (%)"),
		   value(c, "part_time", "percent", NULL), " required min=\"1\" max=\"99\" step=\"1\"",
		   "pt-", error_of(c, "part_time", "percent"));
	html(b, "</div>\n");
	button(b, _("Enregistrer la période"), 0);
}

static void dt(buf *b, const char *term)
{
	html(b, "<dt>");
	html_txt(b, term);
	html(b, "</dt>\n<dd>");
}

static void record(const struct ctx *c, const struct data *d, const struct web_refs *refs)
{
	buf *b = c->b;
	struct request *req = c->req;
	const struct job_retention_view *r = &d->r;
	html(b, "<h3>");
	html_txt(b, _("RQTH, reprise et aménagement du poste"));
	html(b, "</h3>\n<dl>\n");
	dt(b, _("RQTH"));
	const char *status = job_retention_label(job_retention_rqth_statuses, r->rqth_status);
	html_txt(b, status ? _(status) : r->rqth_status);
	if (r->rqth_requested_on) {
		html(b, " — ");
		html_txt(b, _("demandée le"));
		html(b, " ");
		date_fr(b, r->rqth_requested_on);
	}
	if (r->rqth_decided_on) {
		html(b, " — ");
		html_txt(b, _("décision du"));
		html(b, " ");
		date_fr(b, r->rqth_decided_on);
	}
	if (r->rqth_expires_on) {
		html(b, " — ");
		html_txt(b, _("jusqu'au"));
		html(b, " ");
		date_fr(b, r->rqth_expires_on);
	}
	html(b, "</dd>\n");
	dt(b, _("Visite de pré-reprise"));
	date_fr(b, r->pre_return_visit_on);
	html(b, "</dd>\n");
	dt(b, _("Aménagement du poste"));
	html_txt(b, _("demandé le"));
	html(b, " ");
	date_fr(b, r->adjustment_requested_on);
	html(b, ", ");
	html_txt(b, _("réalisé le"));
	html(b, " ");
	date_fr(b, r->adjustment_done_on);
	if (r->adjustment_description && *r->adjustment_description) {
		html(b, "<br>\n");
		html_txt(b, r->adjustment_description);
	}
	html(b, "</dd>\n");
	if (r->case_closed) {
		dt(b, _("Issue du maintien dans l'emploi"));
		const char *o = web_ref_label(refs, "retention_outcome", r->outcome);
		html_txt(b, o ? o : "—");
		html(b, "</dd>\n");
	}
	html(b, "</dl>\n");
	form_open(c, "record");
	html_txt(b, _("Modifier la RQTH, la reprise et l'aménagement"));
	form_action(c, "/retention");
	static const char *const fields[] = {
		"rqth_status", "rqth_requested_on", "rqth_decided_on", "rqth_expires_on",
		"pre_return_visit_on", "adjustment_requested_on", "adjustment_done_on",
		"adjustment_description", "outcome", NULL};
	static const char *const open_fields[] = {
		"rqth_status", "rqth_requested_on", "rqth_decided_on", "rqth_expires_on",
		"pre_return_visit_on", "adjustment_requested_on", "adjustment_done_on",
		"adjustment_description", NULL};
	/* While the case is open, the outcome has no field of its own. */
	alert(c, "record", r->case_closed ? fields : open_fields);
	html(b, "<div class=\"grid\">\n");
	form_select(b, "rqth_status", _("Statut RQTH"), fixed_options(req, job_retention_rqth_statuses),
		    value(c, "record", "rqth_status", r->rqth_status), "ret-",
		    error_of(c, "record", "rqth_status"));
	date_field(c, "record", "ret-", "rqth_requested_on", _("Demande RQTH"),
		   r->rqth_requested_on, 0);
	date_field(c, "record", "ret-", "rqth_decided_on", _("Décision RQTH"), r->rqth_decided_on,
		   0);
	date_field(c, "record", "ret-", "rqth_expires_on", _("Échéance RQTH"), r->rqth_expires_on,
		   0);
	html(b, "</div>\n<div class=\"grid\">\n");
	date_field(c, "record", "ret-", "pre_return_visit_on", _("Visite de pré-reprise"),
		   r->pre_return_visit_on, 0);
	date_field(c, "record", "ret-", "adjustment_requested_on", _("Aménagement demandé le"),
		   r->adjustment_requested_on, 0);
	date_field(c, "record", "ret-", "adjustment_done_on", _("Aménagement réalisé le"),
		   r->adjustment_done_on, 0);
	html(b, "</div>\n<label>");
	html_txt(b, _("Aménagement du poste (chiffré)"));
	html(b, "\n<textarea name=\"adjustment_description\" rows=\"3\" maxlength=\"20000\"");
	const char *err = error_of(c, "record", "adjustment_description");
	form_invalid(b, err != NULL, "ret-", "adjustment_description");
	html(b, ">\n");
	const char *text = value(c, "record", "adjustment_description", r->adjustment_description);
	html_txt(b, text ? text : "");
	html(b, "</textarea>\n");
	form_error(b, err != NULL, "ret-", "adjustment_description", err ? err : "");
	html(b, "</label>\n");
	if (r->case_closed)
		form_select(b, "outcome", _("Issue du maintien dans l'emploi"),
			    form_options_of(req, refs, "retention_outcome", r->outcome),
			    value(c, "record", "outcome", r->outcome), "ret-",
			    error_of(c, "record", "outcome"));
	button(b, _("Enregistrer"), 0);
}

int web_job_retention_section(struct request *req, buf *b, const struct web_case *page)
{
	int64_t id = page->v->id;
	const struct case_refusal *refused = page->record;
	struct data d;
	memset(&d, 0, sizeof d);
	d.a = req->a;
	d.leaves_tail = &d.leaves;
	d.part_times_tail = &d.part_times;
	struct job_retention_sink sink = {on_record, on_leave, on_part_time, &d};
	int rc = job_retention_get(req->svc, id, &sink);
	struct web_refs refs;
	if (rc == SVC_OK)
		rc = web_refs_load(req, &refs, lists, 1);
	if (rc != SVC_OK)
		return rc;
	struct ctx c = {req, b, id, refused};
	html(b, "<section aria-labelledby=\"maintien\">\n<h2 id=\"maintien\">");
	html_txt(b, _("Maintien dans l'emploi"));
	html(b, "</h2>\n");
	leaves(&c, &d);
	part_times(&c, &d);
	record(&c, &d, &refs);
	html(b, "</section>\n");
	return SVC_OK;
}

/* ---- the forms' POSTs ---- */

/* Back to the case's section, the case again with the refusal of form, or
   the error. */
static void after(struct request *req, struct response *resp, int rc, int64_t id,
		  const char *form)
{
	web_case_page_record_after(req, resp, rc, id, form, "maintien");
}

/* Reads fields (n of them) into dest (a field sent empty as "": FIELD_CLEARS); 0, or
   after answering the form's refusal (the case again), -1. */
static int read_form(struct request *req, struct response *resp, int64_t id, const char *form,
		     const struct field *fields, size_t n, void *dest)
{
	struct verr e;
	if (req_fields(req, fields, n, dest, &e) != 0) {
		web_case_page_record_refuse(req, resp, id, form, e.field, e.message);
		return -1;
	}
	return 0;
}

void web_job_retention_update(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct job_retention_input in;
	memset(&in, 0, sizeof in);
	if (read_form(req, resp, id, "record", job_retention_fields, JOB_RETENTION__FIELDS, &in) == 0)
		after(req, resp, job_retention_update(req->svc, id, &in), id, "record");
}

void web_job_retention_leave_create(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct period_input in;
	memset(&in, 0, sizeof in);
	if (read_form(req, resp, id, "leave", job_retention_leave_fields, PERIOD__FIELDS, &in) == 0)
		after(req, resp, job_retention_leave_create(req->svc, id, &in, NULL), id, "leave");
}

void web_job_retention_leave_end(struct request *req, struct response *resp)
{
	int64_t id = req->id, lid = case_form_parse_id(req->params[1]);
	struct period_input in;
	memset(&in, 0, sizeof in);
	if (!lid) {
		resp_svc_error(req, resp, SVC_NOT_FOUND);
		return;
	}
	if (read_form(req, resp, id, "leave-end", &job_retention_leave_fields[PERIOD_END], 1, &in) !=
	    0)
		return;
	if (!in.end || !*in.end)
		in.end = "-"; /* an empty end would reopen the leave: refused as a bad date */
	after(req, resp, job_retention_leave_update(req->svc, id, lid, &in), id, "leave-end");
}

void web_job_retention_leave_delete(struct request *req, struct response *resp)
{
	int64_t id = req->id, lid = case_form_parse_id(req->params[1]);
	after(req, resp, lid ? job_retention_leave_delete(req->svc, id, lid) : SVC_NOT_FOUND, id,
	      "leave-end");
}

void web_job_retention_part_time_create(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct period_input in;
	memset(&in, 0, sizeof in);
	if (read_form(req, resp, id, "part_time", job_retention_part_time_fields, PERIOD__FIELDS,
		      &in) == 0)
		after(req, resp, job_retention_part_time_create(req->svc, id, &in, NULL), id,
		      "part_time");
}

void web_job_retention_part_time_delete(struct request *req, struct response *resp)
{
	int64_t id = req->id, pid = case_form_parse_id(req->params[1]);
	after(req, resp,
	      pid ? job_retention_part_time_delete(req->svc, id, pid) : SVC_NOT_FOUND, id,
	      "part_time");
}
