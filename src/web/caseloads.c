/*
 * caseloads — the head of service's page of caseloads ("files actives"):
 * for each worker, the open cases, all cases and persons — numbers only,
 * never a person's name (service/caseloads.h) — and the form moving a whole
 * caseload from one worker to another (a departure, a long absence).
 */
#include <stdint.h>
#include <string.h>

#include "service/caseloads.h"
#include "service/cases.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/case_forms.h"
#include "web/web.h"

/* One worker and their numbers (strings in the request's arena). */
struct worker {
	const char *login, *name;
	int64_t open_cases, all_cases, persons;
	struct worker *next;
};

struct workers {
	arena *a;
	struct worker *head, **tail;
};

static int worker_collect(void *ctx, const struct caseload_size *c)
{
	struct workers *w = ctx;
	struct worker *e = arena_alloc(w->a, sizeof *e);
	e->login = arena_strdup(w->a, c->login);
	e->name = arena_strdup(w->a, c->name);
	e->open_cases = c->open_cases;
	e->all_cases = c->all_cases;
	e->persons = c->persons;
	*w->tail = e;
	w->tail = &e->next;
	return 0;
}

/* Values to show again after a refused transfer, and what was wrong. */
struct form {
	const char *from, *to;
	int refused;
	struct verr error; /* a copy: the page's look-ups must not change it */
};

static int is_error(const struct form *f, const char *field)
{
	return f->refused && f->error.field && strcmp(f->error.field, field) == 0;
}

static void field_error(buf *b, const struct form *f, const char *field)
{
	form_error(b, is_error(f, field), "", field, is_error(f, field) ? _(f->error.message) : "");
}

static void invalid_attr(buf *b, const struct form *f, const char *field)
{
	form_invalid(b, is_error(f, field), "", field);
}

/* A <select> of the workers' logins named field. */
static void worker_select(buf *b, const struct form *f, const struct workers *w,
			  const char *field, const char *label, const char *selected)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<select name=\"");
	html_attr(b, field);
	html(b, "\" required");
	invalid_attr(b, f, field);
	html(b, ">\n<option value=\"\">—</option>\n");
	for (const struct worker *e = w->head; e; e = e->next) {
		html(b, "<option value=\"");
		html_attr(b, e->login);
		html(b, "\"");
		if (selected && strcmp(selected, e->login) == 0)
			html(b, " selected");
		html(b, ">");
		html_txt(b, e->name);
		html(b, " (");
		html_txt(b, e->login);
		html(b, ")</option>\n");
	}
	html(b, "</select>\n");
	field_error(b, f, field);
	html(b, "</label>\n");
}

static void render(struct request *req, struct response *resp, int status, const struct form *f)
{
	struct workers w = {req->a, NULL, NULL};
	w.tail = &w.head;
	int rc = caseloads_sizes(req->svc, worker_collect, &w);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Files actives"));
	html(&b, "<h1>");
	html_txt(&b, _("Files actives du service"));
	html(&b, "</h1>\n");

	/* After a transfer: its counts, carried by the redirection's query. */
	int64_t cases, persons;
	if (!f->refused &&
	    text_parse_int(req_query(req, "cases"), 0, INT64_MAX, &cases) == 0 &&
	    text_parse_int(req_query(req, "persons"), 0, INT64_MAX, &persons) == 0) {
		html(&b, "<article class=\"notice\">\n<p role=\"status\">");
		/* Each count its own plural: "1 suivi et 3 personnes". */
		const char *c = arena_printf(req->a, P_("%lld suivi", "%lld suivis", cases),
					     (long long)cases);
		const char *p = arena_printf(req->a, P_("%lld personne", "%lld personnes", persons),
					     (long long)persons);
		html_txt(&b, arena_printf(req->a,
					  _("Transfert effectué : %s et %s ont changé de référent(e)."),
					  c, p));
		html(&b, "</p>\n</article>\n");
	}

	html(&b, "<p>");
	html_txt(&b, _("Le nombre de suivis et de personnes de chaque assistant(e) ; les "
		       "dossiers eux-mêmes restent couverts par le secret professionnel."));
	html(&b, "</p>\n");
	if (w.head) {
		html(&b, "<figure tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">");
		html_txt(&b, _("Travailleur social"));
		html(&b, "</th><th scope=\"col\" class=\"num\">");
		html_txt(&b, _("Suivis en cours"));
		html(&b, "</th><th scope=\"col\" class=\"num\">");
		html_txt(&b, _("Suivis au total"));
		html(&b, "</th><th scope=\"col\" class=\"num\">");
		html_txt(&b, _("Personnes"));
		html(&b, "</th></tr></thead>\n<tbody>\n");
		for (const struct worker *e = w.head; e; e = e->next) {
			html(&b, "<tr><td>");
			html_txt(&b, e->name);
			html(&b, " (");
			html_txt(&b, e->login);
			html(&b, ")</td><td class=\"num\">");
			html_int(&b, e->open_cases);
			html(&b, "</td><td class=\"num\">");
			html_int(&b, e->all_cases);
			html(&b, "</td><td class=\"num\">");
			html_int(&b, e->persons);
			html(&b, "</td></tr>\n");
		}
		html(&b, "</tbody>\n</table>\n</figure>\n");
	} else {
		html(&b, "<p>");
		html_txt(&b, _("Aucun compte d'assistant(e) de service social pour l'instant."));
		html(&b, "</p>\n");
	}

	html(&b, "<section aria-labelledby=\"transfert\">\n<h2 id=\"transfert\">");
	html_txt(&b, _("Transférer une file active"));
	html(&b, "</h2>\n<p>");
	html_txt(&b, _("Toutes les personnes et tous les suivis de la première passent à la "
		       "seconde, qui est affectée à leurs organisations."));
	html(&b, "</p>\n");
	if (f->refused && !is_error(f, "from") && !is_error(f, "to")) {
		html(&b, "<p role=\"alert\" class=\"error-field\">");
		html_txt(&b, _(f->error.message));
		html(&b, "</p>\n");
	}
	html(&b, "<form method=\"post\" action=\"/caseloads/transfer\">\n");
	page_csrf_field(req, &b);
	html(&b, "\n<div class=\"grid\">\n");
	worker_select(&b, f, &w, "from", _("De"), f->from);
	worker_select(&b, f, &w, "to", _("À"), f->to);
	html(&b, "</div>\n<button type=\"submit\">");
	html_txt(&b, _("Transférer"));
	html(&b, "</button>\n</form>\n</section>\n");
	page_finish(req, resp, status, &b);
}

void web_caseloads(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	render(req, resp, 200, &f);
}

void web_caseloads_transfer(struct request *req, struct response *resp)
{
	struct form f;
	memset(&f, 0, sizeof f);
	struct transfer_input in = {NULL, NULL};
	int invalid = req_fields(req, caseloads_transfer_fields, TRANSFER__FIELDS, &in, &f.error);
	f.from = in.from;
	f.to = in.to;
	if (invalid) {
		f.refused = 1;
		render(req, resp, 422, &f);
		return;
	}
	int64_t cases = 0, persons = 0;
	int rc = caseloads_transfer(req->svc, f.from, f.to, &cases, &persons);
	if (rc == SVC_PENDING) {
		resp_redirect(resp, "/a-confirmer"); /* the receiving worker accepts */
	} else if (rc == SVC_OK) {
		resp_redirect(resp, arena_printf(req->a, "/caseloads?cases=%lld&persons=%lld",
						 (long long)cases, (long long)persons));
	} else if (rc == SVC_INVALID) {
		f.refused = 1;
		f.error = *svc_error(req->svc);
		render(req, resp, 422, &f);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

/* A case handed over from its page (the sharing section's form). */
void web_caseloads_handover(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct case_form f;
	memset(&f, 0, sizeof f);
	f.which = CASE_FORM_HANDOVER;
	struct handover_input in = {NULL};
	int invalid = req_fields(req, caseloads_handover_fields, HANDOVER__FIELDS, &in, &f.error);
	f.login = in.login;
	if (invalid) {
		f.refused = 1;
		web_case_page_form(req, resp, 422, id, &f);
		return;
	}
	int rc = caseloads_handover(req->svc, id, f.login);
	if (rc == SVC_PENDING)
		resp_redirect(resp, "/a-confirmer"); /* the receiving worker accepts */
	else if (rc == SVC_OK && cases_may_access(req->svc, id) != 1)
		resp_redirect(resp, "/cases"); /* the case is no longer the caller's */
	else
		web_case_page_after(req, resp, rc, id, &f);
}
