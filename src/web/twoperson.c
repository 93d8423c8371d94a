/*
 * twoperson — the page "À confirmer" (service/twoperson.h): what awaits
 * the signed-in person's confirmation, with confirm and refuse buttons;
 * her own proposals, pending ones with a withdraw button; what concerns
 * her account or her cases (a transfer of her caseload, a hand-over of one
 * of her cases).  After confirming an account, the enrolment or reset link
 * is shown here, once, to the confirmer only.
 */
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "service/accounts.h"
#include "service/twoperson.h"
#include "support/i18n.h"
#include "web/web.h"

/* A proposal copied for drawing after the list was read. */
struct item {
	struct proposal_view v; /* strings in the request's arena */
	struct item *next;
};

struct items {
	arena *a;
	struct item *head, **tail;
};

static const char *dup(arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static int collect(void *ctx, const struct proposal_view *v)
{
	struct items *l = ctx;
	struct item *e = arena_alloc(l->a, sizeof *e);
	e->v = *v;
	e->v.status = dup(l->a, v->status);
	e->v.proposer = dup(l->a, v->proposer);
	e->v.subject = dup(l->a, v->subject);
	e->v.target = dup(l->a, v->target);
	e->v.organisation = dup(l->a, v->organisation);
	e->v.login = dup(l->a, v->login);
	e->v.name = dup(l->a, v->name);
	e->v.role = dup(l->a, v->role);
	e->v.decided_by = dup(l->a, v->decided_by);
	e->next = NULL;
	*l->tail = e;
	l->tail = &e->next;
	return 0;
}

static const char *or_dash(const char *s)
{
	return s ? s : "—";
}

/* One sentence saying what the proposal changes. */
static const char *describe(struct request *req, const struct proposal_view *v)
{
	switch (v->kind) {
	case PROPOSAL_ACCOUNT_CREATE:
		return arena_printf(req->a, _("Créer le compte « %s » (%s), rôle : %s."),
				    or_dash(v->login), or_dash(v->name),
				    role_label(role_from_code(v->role)));
	case PROPOSAL_ACCOUNT_RESET:
		return arena_printf(req->a,
				    _("Réinitialiser le compte « %s » (mot de passe et second "
				      "facteur)."),
				    or_dash(v->subject));
	case PROPOSAL_ACCOUNT_ENABLE:
		return arena_printf(req->a, _("Réactiver le compte « %s »."), or_dash(v->subject));
	case PROPOSAL_CASELOAD_TRANSFER:
		return arena_printf(req->a, _("Transférer toute la file active de « %s » à « %s »."),
				    or_dash(v->subject), or_dash(v->target));
	case PROPOSAL_CASE_HANDOVER:
		return arena_printf(req->a,
				    _("Confier le suivi n° %lld (%s), suivi par « %s », à « %s »."),
				    (long long)v->case_id, or_dash(v->organisation),
				    or_dash(v->subject), or_dash(v->target));
	case PROPOSAL__KINDS:
		break;
	}
	return "";
}

static const char *status_label(const char *status)
{
	if (!status)
		return "";
	if (strcmp(status, "pending") == 0)
		return _("en attente de confirmation");
	if (strcmp(status, "confirmed") == 0)
		return _("confirmée : elle a pris effet");
	if (strcmp(status, "refused") == 0)
		return _("refusée");
	if (strcmp(status, "withdrawn") == 0)
		return _("retirée");
	return status;
}

static void button(struct request *req, buf *b, int64_t id, const char *action,
		   const char *label, const char *cls)
{
	html(b, "<form method=\"post\" action=\"/a-confirmer/");
	html_int(b, id);
	html(b, "/");
	html_attr(b, action);
	html(b, "\">\n");
	page_csrf_field(req, b);
	html(b, "<button type=\"submit\"");
	if (cls) {
		html(b, " class=\"");
		html_attr(b, cls);
		html(b, "\"");
	}
	html(b, ">");
	html_txt(b, label);
	html(b, "</button>\n</form>\n");
}

static void item(struct request *req, buf *b, const struct proposal_view *v, int decide,
		 int withdraw)
{
	html(b, "<article class=\"proposal\" id=\"demande-");
	html_int(b, v->id);
	html(b, "\">\n<p><strong>");
	html_txt(b, describe(req, v));
	html(b, "</strong></p>\n<p>");
	html_txt(b, arena_printf(req->a, _("Demande n° %lld, proposée par « %s » le "),
				 (long long)v->id, v->proposer));
	page_datetime(b, v->created_at);
	html(b, ". ");
	html_txt(b, status_label(v->status));
	if (v->decided_by) {
		html_txt(b, arena_printf(req->a, _(" (par « %s » le "), v->decided_by));
		page_datetime(b, v->decided_at);
		html(b, ")");
	}
	html(b, "</p>\n");
	if (decide) {
		html(b, "<div class=\"grid\">\n");
		button(req, b, v->id, "confirmer", _("Confirmer"), NULL);
		button(req, b, v->id, "refuser", _("Refuser"), "secondary outline");
		html(b, "</div>\n");
	} else if (withdraw) {
		button(req, b, v->id, "retirer", _("Retirer la demande"), "secondary outline");
	}
	html(b, "</article>\n");
}

/* What a confirmation produced, shown above the lists (NULL: nothing). */
struct done {
	const struct proposal_outcome *out;
	const char *message; /* a notice, or NULL */
	const char *error;   /* a refusal's message, or NULL */
};

static void render(struct request *req, struct response *resp, int status, const struct done *d)
{
	struct items l = {req->a, NULL, NULL};
	l.tail = &l.head;
	int rc = twoperson_list(req->svc, collect, &l);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	int on = 1;
	twoperson_enabled(req->svc, &on);
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("À confirmer"));
	html(&b, "<h1>");
	html_txt(&b, _("À confirmer"));
	html(&b, "</h1>\n<p>");
	html_txt(&b, _("Aucun compte ne peut à lui seul ouvrir l'accès à des dossiers : un "
		       "compte d'assistant(e) ou de responsable, sa réinitialisation ou sa "
		       "réactivation, le transfert d'une file active et la passation d'un suivi "
		       "prennent effet quand une seconde personne les confirme."));
	html(&b, "</p>\n");
	if (!on) {
		html(&b, "<p role=\"status\" class=\"notice\">");
		html_txt(&b, _("La règle des deux personnes est désactivée pour ce service : ces "
			       "changements prennent effet immédiatement."));
		html(&b, "</p>\n");
	}
	if (d && d->error) {
		html(&b, "<p role=\"alert\" class=\"error-field\">");
		html_txt(&b, d->error);
		html(&b, "</p>\n");
	}
	if (d && d->message) {
		html(&b, "<article class=\"notice\">\n<div role=\"status\">\n<p>");
		html_txt(&b, d->message);
		html(&b, "</p>\n");
		if (d->out && d->out->token[0]) {
			html(&b, "<p>");
			html_txt(&b, _("Lien à remettre en main propre à la personne, affiché une "
				       "seule fois, valable 72 heures :"));
			html(&b, "</p>\n<p class=\"secret\"><code>");
			char url[ACCOUNT_URL_MAX];
			accounts_link_url(req_absolute_url(req, ""), d->out->token, url, sizeof url);
			html_txt(&b, url);
			sodium_memzero(url, sizeof url);
			html(&b, "</code></p>\n");
		}
		html(&b, "</div>\n</article>\n");
	}

	static const char *const titles[] = {N_("En attente de votre confirmation"),
					     N_("Vos demandes"), N_("Vous concernant"),
					     N_("Autres demandes")};
	static const char *const ids[] = {"a-confirmer", "vos-demandes", "vous-concernant",
					  "autres"};
	for (int part = 0; part < 4; part++) {
		int n = 0;
		for (const struct item *e = l.head; e; e = e->next) {
			const struct proposal_view *v = &e->v;
			int pending = strcmp(v->status, "pending") == 0;
			int which = v->may_decide ? 0 : v->mine ? 1 : v->about_me ? 2 : 3;
			if (which != part)
				continue;
			if (n++ == 0) {
				html(&b, "<section aria-labelledby=\"");
				html_attr(&b, ids[part]);
				html(&b, "\">\n<h2 id=\"");
				html_attr(&b, ids[part]);
				html(&b, "\">");
				html_txt(&b, _(titles[part]));
				html(&b, "</h2>\n");
			}
			item(req, &b, v, part == 0, part == 1 && pending);
		}
		if (n)
			html(&b, "</section>\n");
		else if (part == 0) {
			html(&b, "<p>");
			html_txt(&b, _("Rien n'attend votre confirmation."));
			html(&b, "</p>\n");
		}
	}
	page_finish(req, resp, status, &b);
}

void web_twoperson(struct request *req, struct response *resp)
{
	render(req, resp, 200, NULL);
}

/* After a refused decision: the page again with why, or the error page. */
static void refused(struct request *req, struct response *resp, int rc)
{
	if (rc == SVC_CONFLICT || rc == SVC_INVALID) {
		const struct verr *e = svc_error(req->svc);
		struct done d = {NULL, NULL, e->message ? _(e->message) : NULL};
		render(req, resp, rc == SVC_CONFLICT ? 409 : 422, &d);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

void web_twoperson_confirm(struct request *req, struct response *resp)
{
	struct proposal_outcome out;
	int rc = twoperson_confirm(req->svc, req->id, &out);
	if (rc != SVC_OK) {
		refused(req, resp, rc);
		return;
	}
	const char *message = _("Demande confirmée : elle a pris effet.");
	if (out.kind == PROPOSAL_ACCOUNT_CREATE)
		message = arena_printf(req->a, _("Compte « %s » créé."), out.login);
	else if (out.kind == PROPOSAL_ACCOUNT_RESET)
		message = arena_printf(req->a, _("Compte « %s » réinitialisé."), out.login);
	else if (out.kind == PROPOSAL_ACCOUNT_ENABLE)
		message = arena_printf(req->a, _("Compte « %s » réactivé."), out.login);
	else if (out.kind == PROPOSAL_CASELOAD_TRANSFER)
		message = arena_printf(
			req->a, _("Transfert accepté : %s et %s vous sont confiés."),
			arena_printf(req->a, P_("%lld suivi", "%lld suivis", out.cases),
				     (long long)out.cases),
			arena_printf(req->a, P_("%lld personne", "%lld personnes", out.persons),
				     (long long)out.persons));
	else if (out.kind == PROPOSAL_CASE_HANDOVER)
		message = arena_printf(req->a, _("Passation acceptée : le suivi n° %lld vous est "
						 "confié."),
				       (long long)out.case_id);
	struct done d = {&out, message, NULL};
	render(req, resp, 200, &d);
	sodium_memzero(out.token, sizeof out.token);
}

void web_twoperson_refuse(struct request *req, struct response *resp)
{
	int rc = twoperson_refuse(req->svc, req->id);
	if (rc == SVC_OK)
		resp_redirect(resp, "/a-confirmer");
	else
		refused(req, resp, rc);
}

void web_twoperson_withdraw(struct request *req, struct response *resp)
{
	int rc = twoperson_withdraw(req->svc, req->id);
	if (rc == SVC_OK)
		resp_redirect(resp, "/a-confirmer");
	else
		refused(req, resp, rc);
}

struct counts {
	int to_decide; /* awaiting the viewer's confirmation */
	int about_me;  /* pending or recently decided, concerning the viewer's account or cases */
};

static int count(void *ctx, const struct proposal_view *v)
{
	struct counts *c = ctx;
	if (v->may_decide)
		c->to_decide++;
	else if (v->about_me && !v->mine)
		c->about_me++;
	return 0;
}

int web_twoperson_notice(struct request *req, buf *b)
{
	struct counts c = {0, 0};
	int rc = twoperson_list(req->svc, count, &c);
	if (rc != SVC_OK || (!c.to_decide && !c.about_me))
		return rc;
	html(b, "<article class=\"notice\" id=\"a-confirmer-avis\">\n<div role=\"status\">\n");
	if (c.to_decide) {
		html(b, "<p>");
		html_txt(b, arena_printf(req->a,
					 P_("%d demande attend votre confirmation.",
					    "%d demandes attendent votre confirmation.", c.to_decide),
					 c.to_decide));
		html(b, "</p>\n");
	}
	if (c.about_me) {
		html(b, "<p>");
		html_txt(b, arena_printf(req->a,
					 P_("%d demande concerne votre compte ou vos suivis.",
					    "%d demandes concernent votre compte ou vos suivis.",
					    c.about_me),
					 c.about_me));
		html(b, "</p>\n");
	}
	html(b, "<p><a href=\"/a-confirmer\">");
	html_txt(b, _("Voir les demandes"));
	html(b, "</a></p>\n</div>\n</article>\n");
	return SVC_OK;
}
