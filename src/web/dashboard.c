/*
 * home — the signed-in user's start page: who they are, what needs their
 * attention (a worker: the lines of her dashboard, each linking to the
 * case; the head: counts only), and the spaces their role opens.
 */
#include <string.h>

#include "domain/date.h"
#include "service/dashboard.h"
#include "support/i18n.h"
#include "web/web.h"

/* The kinds of dashboard lines, in the order shown: what someone waits for
   first (requests, appointments, shares ending), then what is overdue. */
static const struct {
	const char *kind;
	const char *title; /* the group's heading */
	const char *date;  /* what the line's date is, before it */
	int future;        /* the date is to come */
} kinds[] = {
    {"employee_request", N_("Salariés qui demandent à être contactés"), N_("reçue le"), 0},
    {"employer_request", N_("Demandes d'intervention d'employeurs en attente"), N_("reçue le"), 0},
    {"appointment", N_("Rendez-vous à venir"), N_("le"), 1},
    {"share_ending", N_("Partages qui se terminent cette semaine"), N_("jusqu'au"), 1},
    {"aid_waiting", N_("Aides sans décision depuis plus de 30 jours"), N_("demandée le"), 0},
    {"orientation_waiting", N_("Orientations sans réponse"), N_("envoyée le"), 0},
    {"long_leave", N_("Arrêts de plus de 90 jours sans intervention depuis 30 jours"),
     N_("en arrêt depuis le"), 0},
    {"no_contact", N_("Suivis sans contact depuis plus de 60 jours"), N_("dernier contact le"), 0},
    /* The head's only: a sentence of its own below the table (similar()). */
    {"similar_signalled", N_("Créations de personnes signalées comme suivies par un(e) collègue"),
     NULL, 0},
};

/* Whether kind k is the head's sentence rather than a row of the table. */
static int is_sentence(size_t k)
{
	return strcmp(kinds[k].kind, "similar_signalled") == 0;
}
/* A group of more lines than this is folded: its heading and count only,
   opened on demand (<details>). */
#define FOLD_ABOVE 5
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* Kinds whose lines are about no case (case_id 0): the page they open. */
static const struct {
	const char *kind, *href;
} pages[] = {
    {"employer_request", "/demandes"},
    {"employee_request", "/demandes-salaries"},
};

/* The page a line of kind opens instead of its case, or NULL. */
static const char *page_of(const char *kind)
{
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
		if (strcmp(pages[i].kind, kind) == 0)
			return pages[i].href;
	return NULL;
}

struct line {
	int64_t case_id, days, count;
	const char *person, *date, *time;
	struct line *next;
};

struct board {
	arena *a;
	struct line *head[NKINDS], **tail[NKINDS];
	size_t n;
};

static int collect(void *ctx, const struct dashboard_item *it)
{
	struct board *bd = ctx;
	for (size_t k = 0; k < NKINDS; k++) {
		if (strcmp(kinds[k].kind, it->kind) != 0)
			continue;
		struct line *l = arena_alloc(bd->a, sizeof *l);
		l->case_id = it->case_id;
		l->days = it->days;
		l->count = it->count;
		l->person = arena_strdup(bd->a, it->person);
		l->date = arena_strdup(bd->a, it->date);
		l->time = arena_strdup(bd->a, it->time);
		*bd->tail[k] = l;
		bd->tail[k] = &l->next;
		bd->n++;
		break;
	}
	return 0;
}

/* How far a line's date is, in words: "aujourd'hui", "demain", "hier",
   "dans 3 jours", "il y a 40 jours" (gettext's plural forms). */
static const char *when(arena *a, int64_t days, int future)
{
	if (days == 0)
		return _("aujourd'hui");
	if (days == 1)
		return future ? _("demain") : _("hier");
	return arena_printf(a,
			    future ? P_("dans %lld jour", "dans %lld jours", days)
				   : P_("il y a %lld jour", "il y a %lld jours", days),
			    (long long)days);
}

/* A worker's groups: one list per kind, each line a link to the case. */
static void worker_board(struct request *req, buf *b, const struct board *bd)
{
	for (size_t k = 0; k < NKINDS; k++) {
		if (!bd->head[k] || is_sentence(k))
			continue;
		size_t n = 0;
		for (const struct line *l = bd->head[k]; l; l = l->next)
			n++;
		if (n > FOLD_ABOVE)
			html(b, "<details class=\"fold\">");
		else
			html(b, "<details class=\"fold\" open>");
		html(b, "<summary><h3>");
		html_txt(b, _(kinds[k].title));
		html(b, "</h3> ");
		html_txt(b, arena_printf(req->a, P_("(%zu élément)", "(%zu éléments)", n), n));
		html(b, "</summary>\n<ul>\n");
		for (const struct line *l = bd->head[k]; l; l = l->next) {
			char fr[11];
			date_french(l->date ? l->date : "", fr);
			const char *href = page_of(kinds[k].kind);
			if (href || l->case_id) {
				html(b, "<li><a href=\"");
				if (href)
					html_attr(b, href);
				else {
					html(b, "/cases/");
					html_int(b, l->case_id);
				}
				html(b, "\">");
				html_txt(b, l->person ? l->person : "");
				html(b, "</a> — ");
			} else { /* a first contact: no case to open yet */
				html(b, "<li>");
				html_txt(b, l->person ? l->person : "");
				html(b, " — ");
			}
			html_txt(b, _(kinds[k].date));
			html(b, " ");
			html_txt(b, fr);
			if (l->time) {
				html(b, " ");
				html_txt(b, arena_printf(req->a, _("à %s"), l->time));
			}
			html(b, " (");
			html_txt(b, when(req->a, l->days, kinds[k].future));
			html(b, ")");
			html(b, "</li>\n");
		}
		html(b, "</ul>\n</details>\n");
	}
}

/* The head's counts: how many lines of each kind across the service. */
static void head_board(buf *b, const struct board *bd)
{
	html(b, "<table tabindex=\"0\">\n<thead><tr><th scope=\"col\">");
	html_txt(b, _("À suivre dans le service"));
	html(b, "</th><th scope=\"col\" class=\"num\">");
	html_txt(b, _("Nombre"));
	html(b, "</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < NKINDS; k++)
		for (const struct line *l = bd->head[k]; l && !is_sentence(k); l = l->next) {
			html(b, "<tr><th scope=\"row\">");
			html_txt(b, _(kinds[k].title));
			html(b, "</th><td class=\"num\">");
			html_int(b, l->count);
			html(b, "</td></tr>\n");
		}
	html(b, "</tbody>\n</table>\n");
}

/* The head's count of creations signalled as followed by a colleague
   (service/persons.h): a number, never a name nor a worker. */
static void similar(struct request *req, buf *b, const struct board *bd)
{
	for (size_t k = 0; k < NKINDS; k++)
		for (const struct line *l = bd->head[k]; l && is_sentence(k); l = l->next) {
			if (!l->count)
				continue;
			html(b, "<p>");
			html_txt(b, arena_printf(req->a,
						 P_("%lld création de personne signalée comme suivie "
						    "par un(e) collègue cette année",
						    "%lld créations de personnes signalées comme "
						    "suivies par un(e) collègue cette année",
						    l->count),
						 (long long)l->count));
			html(b, "</p>\n");
		}
}

/* The dashboard section (workers and the head only). */
static int dashboard(struct request *req, buf *b, int head)
{
	struct board bd;
	memset(&bd, 0, sizeof bd);
	bd.a = req->a;
	for (size_t k = 0; k < NKINDS; k++)
		bd.tail[k] = &bd.head[k];
	int rc = dashboard_collect(req->svc, collect, &bd);
	if (rc != SVC_OK)
		return rc;
	html(b, "<section aria-labelledby=\"a-suivre\">\n<h2 id=\"a-suivre\">");
	html_txt(b, _("À suivre"));
	html(b, "</h2>\n");
	size_t shown = bd.n;
	if (head) { /* count lines: nothing to show when every count is 0 */
		shown = 0;
		for (size_t k = 0; k < NKINDS; k++)
			for (const struct line *l = bd.head[k]; l && !is_sentence(k); l = l->next)
				shown += l->count > 0;
	}
	if (shown == 0) {
		html(b, "<p>");
		html_txt(b, _("Rien en attente aujourd'hui."));
		html(b, "</p>\n");
	} else if (head) {
		head_board(b, &bd);
	} else {
		worker_board(req, b, &bd);
	}
	if (head)
		similar(req, b, &bd);
	html(b, "</section>\n");
	return SVC_OK;
}

/* One card per page of the menu, in the menu's order (group by group,
   web/layout.c), in a grid that wraps (relais.css .cards). */
static void spaces(struct request *req, buf *b, enum role role)
{
	int shown = 0;
	for (int g = 0; *page_nav_group_label(g); g++) {
		for (int i = 0; i < req->site->nroutes; i++) {
			const struct route *r = &req->site->routes[i];
			if (!r->nav || r->method != M_GET || !policy_allows(role, r->action) ||
			    page_nav_group(r->pattern) != g)
				continue;
			if (!shown++) {
				html(b, "<section aria-labelledby=\"espaces\">\n<h2 id=\"espaces\">");
				html_txt(b, _("Vos espaces"));
				html(b, "</h2>\n<div class=\"cards\">\n");
			}
			html(b, "<article>\n<h3><a href=\"");
			html_attr(b, r->pattern);
			html(b, "\">");
			html_txt(b, _(r->nav));
			html(b, "</a></h3>\n");
			if (r->nav_help) {
				html(b, "<p>");
				html_txt(b, _(r->nav_help));
				html(b, "</p>\n");
			}
			html(b, "</article>\n");
		}
	}
	if (shown)
		html(b, "</div>\n</section>\n");
}

void web_dashboard(struct request *req, struct response *resp)
{
	const struct actor *who = svc_actor(req->svc);
	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, _("Accueil"));
	html(&b, "<hgroup>\n<h1>");
	html_txt(&b, _("Bonjour"));
	html(&b, " ");
	html_txt(&b, who->name);
	html(&b, "</h1>\n<p>");
	html_txt(&b, role_label(who->role));
	html(&b, "</p>\n</hgroup>\n");
	/* The two-person rule: what awaits her, what concerns her. */
	if (policy_allows(who->role, ACT_PROPOSALS)) {
		int rc = web_twoperson_notice(req, &b);
		if (rc != SVC_OK) {
			buf_free(&b);
			resp_svc_error(req, resp, rc);
			return;
		}
	}
	/* Erasures on request awaiting a head (service/rights.h). */
	if (who->role == ROLE_HEAD) {
		int rc = web_rights_erasures_notice(req, &b);
		if (rc != SVC_OK) {
			buf_free(&b);
			resp_svc_error(req, resp, rc);
			return;
		}
	}
	if (who->role == ROLE_WORKER || who->role == ROLE_HEAD) {
		int rc = dashboard(req, &b, who->role == ROLE_HEAD);
		if (rc != SVC_OK) {
			buf_free(&b);
			resp_svc_error(req, resp, rc);
			return;
		}
	}

	spaces(req, &b, who->role);

	html(&b, "<section aria-labelledby=\"secret\">\n<h2 id=\"secret\">");
	html_txt(&b, _("Secret professionnel"));
	html(&b, "</h2>\n<p>");
	html_txt(&b, _("Chaque consultation ou modification de données personnelles est inscrite "
		       "au journal des accès. Les employeurs ne reçoivent que des statistiques "
		       "dont les petits effectifs sont masqués."));
	html(&b, "</p>\n</section>\n");
	page_finish(req, resp, 200, &b);
}
