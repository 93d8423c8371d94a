/*
 * rights — the pages of the person's rights on request (service/rights.h):
 * on the person's file, the form asking to erase her and the fields of a
 * correction she asked for; the page "Effacements", where a head confirms
 * or refuses the requests and a worker follows her own.  The head's page
 * names a person by her number only.
 */
#include <stdint.h>
#include <string.h>

#include "service/rights.h"
#include "support/i18n.h"
#include "web/web.h"

/* ---- on the person's file ---- */

void web_rights_erasure_section(struct request *req, buf *b, int64_t person_id)
{
	html(b, "<section aria-labelledby=\"effacement\">\n<h2 id=\"effacement\">");
	html_txt(b, _("Effacer sur demande de la personne"));
	html(b, "</h2>\n<p>");
	html_txt(b, _("La personne demande l'effacement de ses données (droit à l'effacement). "
		      "Une ou un responsable confirme la demande ; l'identité et les textes "
		      "libres sont alors effacés aussitôt, seuls les faits codés des "
		      "statistiques restent. Le motif est lu par la ou le responsable : ne "
		      "nommez pas la personne."));
	html(b, "</p>\n<form method=\"post\" action=\"/persons/");
	html_int(b, person_id);
	html(b, "/effacement\" autocomplete=\"off\">\n");
	page_csrf_field(req, b);
	html(b, "\n");
	form_textarea(b, rights_erasure_fields[ERASURE_REASON].name,
		      _("Motif de la demande (obligatoire)"), NULL, " required maxlength=\"500\"", "",
		      NULL);
	html(b, "<button type=\"submit\" class=\"secondary\">");
	html_txt(b, _("Demander l'effacement"));
	html(b, "</button>\n</form>\n</section>\n");
}

void web_rights_correction_fields(buf *b, const char *reason)
{
	html(b, "<fieldset>\n<legend>");
	html_txt(b, _("Rectification demandée par la personne"));
	html(b, "</legend>\n<label><input type=\"checkbox\" name=\"" RIGHTS_CORRECTION_FLAG
		"\" value=\"1\"");
	if (reason)
		html(b, " checked");
	html(b, "> ");
	html_txt(b, _("La personne demande cette rectification (droit de rectification)"));
	html(b, "</label>\n");
	form_input(b, "text", RIGHTS_CORRECTION_REASON, _("Motif de la rectification"), reason,
		   " maxlength=\"500\"", "", NULL);
	html(b, "</fieldset>\n");
}

int web_rights_erasures_notice(struct request *req, buf *b)
{
	int64_t n = 0;
	int rc = rights_erasures_pending(req->svc, &n);
	if (rc != SVC_OK || !n)
		return rc;
	html(b, "<article class=\"notice\" id=\"effacements-avis\">\n<div role=\"status\">\n<p>");
	html_txt(b, arena_printf(req->a,
				 P_("%d demande d'effacement attend la décision d'un(e) responsable.",
				    "%d demandes d'effacement attendent la décision d'un(e) "
				    "responsable.",
				    n),
				 (int)n));
	html(b, "</p>\n<p><a href=\"/effacements\">");
	html_txt(b, _("Voir les demandes d'effacement"));
	html(b, "</a></p>\n</div>\n</article>\n");
	return SVC_OK;
}

void web_erasure_request(struct request *req, struct response *resp)
{
	struct erasure_input in = {NULL};
	struct verr e = {NULL, NULL};
	if (req_fields(req, rights_erasure_fields, ERASURE__FIELDS, &in, &e) != 0) {
		resp_error(req, resp, 422, "invalid", _(e.message), e.field);
		return;
	}
	int64_t id = 0;
	int rc = rights_erasure_request(req->svc, req->id, &in, &id);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	resp_redirect(resp, arena_printf(req->a, "/effacements#demande-%lld", (long long)id));
}

/* ---- the page "Effacements" ---- */

struct item {
	struct erasure_view v; /* strings in the request's arena */
	struct item *next;
};

struct items {
	arena *a;
	struct item *head, **tail;
};

static int collect(void *ctx, const struct erasure_view *v)
{
	struct items *l = ctx;
	struct item *e = arena_alloc(l->a, sizeof *e);
	e->v = *v;
	e->v.requester = arena_strdup(l->a, v->requester);
	e->v.requester_name = arena_strdup(l->a, v->requester_name);
	e->v.organisation = arena_strdup(l->a, v->organisation);
	e->v.reason = arena_strdup(l->a, v->reason);
	e->v.status = arena_strdup(l->a, v->status);
	e->v.decided_by = arena_strdup(l->a, v->decided_by);
	e->next = NULL;
	*l->tail = e;
	l->tail = &e->next;
	return 0;
}

static const char *status_label(const char *status)
{
	if (!status)
		return "";
	if (strcmp(status, "pending") == 0)
		return _("en attente de la décision d'un(e) responsable");
	if (strcmp(status, "erased") == 0)
		return _("confirmée : la personne a été effacée");
	if (strcmp(status, "refused") == 0)
		return _("refusée : rien n'a été effacé");
	return status;
}

static void button(struct request *req, buf *b, int64_t id, const char *action,
		   const char *label, const char *cls)
{
	html(b, "<form method=\"post\" action=\"/effacements/");
	html_int(b, id);
	html(b, "/");
	html_attr(b, action);
	html(b, "\">\n");
	page_csrf_field(req, b);
	html(b, "<button type=\"submit\" class=\"");
	html_attr(b, cls);
	html(b, "\">");
	html_txt(b, label);
	html(b, "</button>\n</form>\n");
}

static void item(struct request *req, buf *b, const struct erasure_view *v)
{
	html(b, "<article id=\"demande-");
	html_int(b, v->id);
	html(b, "\">\n<p><strong>");
	html_txt(b, arena_printf(req->a, _("Effacer la personne n° %lld (%s)."),
				 (long long)v->person_id,
				 v->organisation ? v->organisation : "—"));
	html(b, "</strong></p>\n<p>");
	html_txt(b, arena_printf(req->a, _("Demande n° %lld de « %s » (%s) le "), (long long)v->id,
				 v->requester ? v->requester : "—",
				 v->requester_name ? v->requester_name : "—"));
	page_datetime(b, v->requested_at);
	html(b, ". ");
	html_txt(b, status_label(v->status));
	if (v->decided_by) {
		html_txt(b, arena_printf(req->a, _(" (par « %s » le "), v->decided_by));
		page_datetime(b, v->decided_at);
		html(b, ")");
	}
	html(b, "</p>\n<p>");
	html_txt(b, _("Motif :"));
	html(b, " ");
	html_txt(b, v->reason ? v->reason : "—");
	html(b, "</p>\n");
	if (v->may_decide) {
		html(b, "<div class=\"grid\">\n");
		button(req, b, v->id, "confirmer", _("Confirmer l'effacement"), "contrast");
		button(req, b, v->id, "refuser", _("Refuser"), "secondary outline");
		html(b, "</div>\n");
	}
	html(b, "</article>\n");
}

static void render(struct request *req, struct response *resp, int status, const char *notice,
		   const char *error)
{
	struct items l = {req->a, NULL, NULL};
	l.tail = &l.head;
	int rc = rights_erasures_list(req->svc, collect, &l);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Effacements"));
	html(&b, "<h1>");
	html_txt(&b, _("Effacements sur demande de la personne"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, _("La ou le référent demande l'effacement d'une personne qui l'a demandé ; "
		       "une ou un responsable le confirme ou le refuse. Confirmé, l'effacement "
		       "a lieu aussitôt et ne se défait pas."));
	html(&b, "</p>\n");
	if (error) {
		html(&b, "<p role=\"alert\" class=\"error-field\">");
		html_txt(&b, error);
		html(&b, "</p>\n");
	}
	if (notice) {
		html(&b, "<p role=\"status\" class=\"notice\">");
		html_txt(&b, notice);
		html(&b, "</p>\n");
	}
	int n = 0;
	for (const struct item *e = l.head; e; e = e->next, n++)
		item(req, &b, &e->v);
	if (!n) {
		html(&b, "<p>");
		html_txt(&b, _("Aucune demande d'effacement en cours ni récente."));
		html(&b, "</p>\n");
	}
	page_finish(req, resp, status, &b);
}

void web_erasures(struct request *req, struct response *resp)
{
	render(req, resp, 200, NULL, NULL);
}

static void decided(struct request *req, struct response *resp, int rc, const char *notice)
{
	if (rc == SVC_OK) {
		render(req, resp, 200, notice, NULL);
	} else if (rc == SVC_CONFLICT || rc == SVC_INVALID) {
		const struct verr *e = svc_error(req->svc);
		render(req, resp, rc == SVC_CONFLICT ? 409 : 422, NULL,
		       e->message ? _(e->message) : NULL);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

void web_erasure_confirm(struct request *req, struct response *resp)
{
	int rc = rights_erasure_confirm(req->svc, req->id, NULL);
	decided(req, resp, rc, _("Effacement confirmé : la personne a été effacée."));
}

void web_erasure_refuse(struct request *req, struct response *resp)
{
	int rc = rights_erasure_refuse(req->svc, req->id);
	decided(req, resp, rc, _("Demande refusée : rien n'a été effacé."));
}
