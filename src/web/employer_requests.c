/*
 * employer_requests — the page of employers' requests for intervention
 * (/demandes).  An employer contact sends one for its organisation (with a
 * visible warning to write no health or personal detail), reads its past
 * requests and the service's replies, and may close them.  The workers of
 * the organisation and the head read them, answer in free text and close
 * them (service/employer_requests.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "service/employer_requests.h"
#include "service/paging.h"
#include "support/i18n.h"
#include "web/paging.h"
#include "web/web.h"

/* A refused form: which one ("new" or "reply-<id>") and why. */
struct form {
	const char *name;
	struct verr error;
};

static const char *error_of(const struct form *f, const char *name, const char *field)
{
	if (!f || !f->name || strcmp(f->name, name) != 0 || !f->error.field ||
	    strcmp(f->error.field, field) != 0)
		return NULL;
	return _(f->error.message);
}

static const char *typed(struct request *req, const struct form *f, const char *name,
			 const char *field)
{
	return f && f->name && strcmp(f->name, name) == 0 ? req_form(req, field) : NULL;
}

static const char *status_label(const char *status)
{
	if (strcmp(status, "open") == 0)
		return _("Ouverte");
	if (strcmp(status, "answered") == 0)
		return _("Répondue");
	return _("Close");
}

/* Paragraphs of a free text: each line kept. */
static void text_block(buf *b, const char *text)
{
	html(b, "<p class=\"free-text\">");
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		char line[4096];
		size_t take = n < sizeof line - 1 ? n : sizeof line - 1;
		memcpy(line, p, take);
		line[take] = '\0';
		html_txt(b, line);
		p += n;
		if (*p == '\n') {
			p++;
			if (*p)
				html(b, "<br>");
		}
	}
	html(b, "</p>\n");
}

struct item {
	int64_t id;
	const char *organisation_name, *author, *subject, *message, *contact, *status;
	int64_t created_at;
	struct reply *replies, **tail;
	struct item *next;
};
struct reply {
	const char *author, *message;
	int64_t created_at;
	struct reply *next;
};
struct items {
	arena *a;
	struct item *head, **tail;
};

static int keep(void *ctx, const struct employer_request_view *v)
{
	struct items *l = ctx;
	struct item *it = arena_alloc(l->a, sizeof *it);
	memset(it, 0, sizeof *it);
	it->id = v->id;
	it->organisation_name = arena_strdup(l->a, v->organisation_name);
	it->author = arena_strdup(l->a, v->author);
	it->subject = arena_strdup(l->a, v->subject);
	it->message = arena_strdup(l->a, v->message);
	it->contact = v->contact ? arena_strdup(l->a, v->contact) : NULL;
	it->status = arena_strdup(l->a, v->status);
	it->created_at = v->created_at;
	it->tail = &it->replies;
	*l->tail = it;
	l->tail = &it->next;
	return 0;
}

static int keep_reply(void *ctx, const struct employer_request_reply_view *v)
{
	struct items *l = ctx;
	for (struct item *it = l->head; it; it = it->next) {
		if (it->id != v->request_id)
			continue;
		struct reply *r = arena_alloc(l->a, sizeof *r);
		r->author = arena_strdup(l->a, v->author);
		r->message = arena_strdup(l->a, v->message);
		r->created_at = v->created_at;
		r->next = NULL;
		*it->tail = r;
		it->tail = &r->next;
		break;
	}
	return 0;
}

static void request_article(struct request *req, buf *b, const struct item *it, int employer,
			    int replier, const struct form *f)
{
	char name[40];
	snprintf(name, sizeof name, "reply-%lld", (long long)it->id);
	html(b, "<article id=\"demande-");
	html_int(b, it->id);
	html(b, "\">\n<header><strong>");
	html_txt(b, it->subject);
	html(b, "</strong> — ");
	html_txt(b, status_label(it->status));
	html(b, "<br><small>");
	if (!employer) {
		html_txt(b, it->organisation_name);
		html(b, ", ");
	}
	html_txt(b, it->author);
	html(b, ", ");
	page_datetime(b, it->created_at);
	html(b, "</small></header>\n");
	text_block(b, it->message);
	if (it->contact) {
		html(b, "<p><small>");
		html_txt(b, _("Contact :"));
		html(b, " ");
		html_txt(b, it->contact);
		html(b, "</small></p>\n");
	}
	for (const struct reply *r = it->replies; r; r = r->next) {
		html(b, "<blockquote>\n");
		text_block(b, r->message);
		html(b, "<footer><cite>");
		html_txt(b, r->author);
		html(b, ", ");
		page_datetime(b, r->created_at);
		html(b, "</cite></footer>\n</blockquote>\n");
	}
	int live = strcmp(it->status, "closed") != 0;
	if (live && replier) {
		html(b, "<form method=\"post\" action=\"/demandes/");
		html_int(b, it->id);
		html(b, "/reponse\">\n");
		page_csrf_field(req, b);
		char prefix[48];
		snprintf(prefix, sizeof prefix, "%s-", name);
		const char *message = employer_requests_reply_fields[EREQ_REPLY_MESSAGE].name;
		form_textarea(b, message, _("Votre réponse"), typed(req, f, name, message),
			 " rows=\"3\" required maxlength=\"4000\"", prefix,
			 error_of(f, name, "message"));
		html(b, "<button type=\"submit\">");
		html_txt(b, _("Répondre"));
		html(b, "</button>\n</form>\n");
	}
	if (live) {
		html(b, "<form method=\"post\" action=\"/demandes/");
		html_int(b, it->id);
		html(b, "/cloture\">\n");
		page_csrf_field(req, b);
		html(b, "<button type=\"submit\" class=\"secondary outline\">");
		html_txt(b, _("Clore la demande"));
		html(b, "</button>\n</form>\n");
	}
	html(b, "</article>\n");
}

static void render(struct request *req, struct response *resp, int status, const struct form *f)
{
	const struct actor *who = svc_actor(req->svc);
	int employer = policy_allows(who->role, ACT_REQUESTS_SEND);
	int replier = policy_allows(who->role, ACT_REQUESTS_REPLY);
	struct items l = {req->a, NULL, &l.head};
	/* A page of the requests; a cursor this list did not write sends
	   back to the first page. */
	struct page pg;
	int rc = page_from_query(&pg, NULL, req_query(req, "after")) == 0 ? SVC_OK : SVC_INVALID;
	if (rc == SVC_OK)
		rc = employer_requests_page(req->svc, &pg, keep, keep_reply, &l);
	if (rc == SVC_INVALID)
		resp_redirect(resp, "/demandes");
	else if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	if (rc != SVC_OK)
		return;
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Demandes d'intervention"));
	html(&b, "<h1>");
	html_txt(&b, _("Demandes d'intervention"));
	html(&b, "</h1>\n");
	if (employer) {
		html(&b, "<section aria-labelledby=\"nouvelle\">\n<h2 id=\"nouvelle\">");
		html_txt(&b, _("Nouvelle demande"));
		html(&b, "</h2>\n<p class=\"warning\" role=\"note\"><strong>");
		html_txt(&b, _("Attention :"));
		html(&b, "</strong> ");
		html_txt(&b, _("N'indiquez aucune information de santé ni de détail personnel sur un "
			       "agent. Décrivez le besoin (une situation d'équipe, une information "
			       "collective, un rendez-vous à organiser) : l'assistante de service "
			       "social prendra contact avec vous."));
		html(&b, "</p>\n<form method=\"post\" action=\"/demandes\" autocomplete=\"off\">\n");
		page_csrf_field(req, &b);
		const struct field *in = employer_requests_fields;
		form_input(&b, "text", in[EREQ_SUBJECT].name, _("Objet"),
			   typed(req, f, "new", in[EREQ_SUBJECT].name),
			   " required maxlength=\"200\"", "new-", error_of(f, "new", "subject"));
		form_textarea(&b, in[EREQ_MESSAGE].name, _("Message"),
			      typed(req, f, "new", in[EREQ_MESSAGE].name),
			 " rows=\"6\" required maxlength=\"4000\"", "new-",
			 error_of(f, "new", "message"));
		form_input(&b, "text", in[EREQ_CONTACT].name,
			   _("Comment vous joindre (facultatif)"),
			   typed(req, f, "new", in[EREQ_CONTACT].name), " maxlength=\"200\"", "new-",
			   error_of(f, "new", "contact"));
		html(&b, "<button type=\"submit\">");
		html_txt(&b, _("Envoyer la demande"));
		html(&b, "</button>\n</form>\n</section>\n");
	}
	html(&b, "<section aria-labelledby=\"liste\">\n<h2 id=\"liste\">");
	html_txt(&b, employer ? _("Vos demandes") : _("Demandes reçues"));
	html(&b, "</h2>\n");
	if (!l.head) {
		html(&b, "<p>");
		html_txt(&b, _("Aucune demande pour le moment."));
		html(&b, "</p>\n");
	}
	for (const struct item *it = l.head; it; it = it->next)
		request_article(req, &b, it, employer, replier, f);
	if (l.head) {
		html(&b, "<p>");
		html_txt(&b, arena_printf(req->a,
					  P_("%lld demande, de la plus récente à la plus ancienne",
					     "%lld demandes, de la plus récente à la plus ancienne",
					     pg.total),
					  (long long)pg.total));
		html(&b, "</p>\n");
	}
	web_page_nav(&b, "/demandes", &pg, _("← Les plus récentes"), _("Plus anciennes →"));
	html(&b, "</section>\n");
	page_finish(req, resp, status, &b);
}

void web_employer_requests(struct request *req, struct response *resp)
{
	render(req, resp, 200, NULL);
}

/* After a use case: back to the page, or the page again with the refusal
   shown on form name. */
static void after(struct request *req, struct response *resp, int rc, const char *name)
{
	if (rc == SVC_OK) {
		resp_redirect(resp, "/demandes");
	} else if (rc == SVC_INVALID) {
		struct form f = {name, *svc_error(req->svc)};
		render(req, resp, 422, &f);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

void web_employer_requests_create(struct request *req, struct response *resp)
{
	struct employer_request_input in;
	memset(&in, 0, sizeof in);
	struct form f = {"new", {NULL, NULL}};
	if (req_fields(req, employer_requests_fields, EREQ__FIELDS, &in, &f.error) != 0) {
		render(req, resp, 422, &f);
		return;
	}
	after(req, resp, employer_requests_create(req->svc, &in, NULL), "new");
}

void web_employer_requests_reply(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct employer_request_reply_input in = {NULL};
	struct form f = {arena_printf(req->a, "reply-%lld", (long long)id), {NULL, NULL}};
	if (req_fields(req, employer_requests_reply_fields, EREQ_REPLY__FIELDS, &in, &f.error) !=
	    0) {
		render(req, resp, 422, &f);
		return;
	}
	after(req, resp, employer_requests_reply(req->svc, id, in.message), f.name);
}

void web_employer_requests_close(struct request *req, struct response *resp)
{
	after(req, resp, employer_requests_close(req->svc, req->id), NULL);
}
