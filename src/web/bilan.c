/*
 * bilan — the annual bilan as a French page: a GET form (year,
 * organisation, audience, age bands), the key figures in sentences, one
 * table and one inline SVG bar chart per breakdown, the themes' trends,
 * and for the employer audience the note on disclosure control.  The
 * figures come from bilan_compute() (service/report.h); this file only
 * lays them out.  SVG charts are plain markup: no script, no style
 * attribute (the CSP forbids both), presentation attributes only.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "render/bilan.h"
#include "domain/date.h"
#include "service/organisations.h"
#include "service/bilan.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/web.h"

/* ---- the query ---- */

/* The form's values as typed (to show again) and as parsed. */
struct query {
	const char *year_text;    /* as typed, or NULL */
	int64_t year;             /* parsed, or the current year */
	const char *organisation; /* code, or NULL for the whole service */
	const char *audience;     /* "service", "employer", or NULL */
	enum bilan_audience aud;
	const char *bands_text;   /* as typed, or NULL (the default) */
	struct ageband bands;
	int bad_year, bad_audience, bad_bands;
};

/* Reads and checks the query the way the API does (api/report.c); 0 when
   every field is valid. */
static int query_read(struct request *req, struct query *q)
{
	memset(q, 0, sizeof *q);
	char today[DATE_LEN + 1];
	date_today(today);
	q->year = date_year(today);
	q->year_text = req_query(req, "year");
	if (q->year_text && *q->year_text &&
	    text_parse_int(q->year_text, BILAN_YEAR_MIN, BILAN_YEAR_MAX, &q->year) != 0)
		q->bad_year = 1;
	q->organisation = req_query(req, "organisation");
	if (q->organisation && !*q->organisation)
		q->organisation = NULL;
	q->audience = req_query(req, "audience");
	if (q->audience && !*q->audience)
		q->audience = NULL;
	q->aud = BILAN_SERVICE;
	if (q->audience && strcmp(q->audience, "employer") == 0)
		q->aud = BILAN_EMPLOYER;
	else if (q->audience && strcmp(q->audience, "service") != 0)
		q->bad_audience = 1;
	/* An employer gets the employer report whatever it did not ask for. */
	const struct actor *who = svc_actor(req->svc);
	if (who && who->role == ROLE_EMPLOYER && !q->audience)
		q->aud = BILAN_EMPLOYER;
	q->bands_text = req_query(req, "age_bands");
	if (q->bands_text && !*q->bands_text)
		q->bands_text = NULL;
	char err[128];
	if (q->bands_text && ageband_parse(q->bands_text, &q->bands, err, sizeof err) != 0)
		q->bad_bands = 1;
	return q->bad_year || q->bad_audience || q->bad_bands ? -1 : 0;
}

static int is_employer(struct request *req)
{
	const struct actor *who = svc_actor(req->svc);
	return who && who->role == ROLE_EMPLOYER;
}

/* ---- the form ---- */

static void form(struct request *req, buf *b, const struct query *q, const struct form_option *orgs,
		 const char *employer_org)
{
	html(b, "<form method=\"get\" action=\"/bilan\">\n<div class=\"grid\">\n");
	const char *year = q->year_text && *q->year_text
				   ? q->year_text
				   : arena_printf(req->a, "%lld", (long long)q->year);
	form_input(b, "number", "year", _("Année"), year, " min=\"1990\" max=\"2100\" required", "",
		   q->bad_year ? _("L'année doit être comprise entre 1990 et 2100.") : NULL);
	if (employer_org) {
		html(b, "<p>");
		html_txt(b, _("Organisation : "));
		html_txt(b, employer_org);
		html(b, "</p>\n");
	} else {
		form_select_begin(b, "organisation", _("Organisation"), "", NULL);
		form_option(b, "", _("Tout le service"), q->organisation ? q->organisation : "");
		for (const struct form_option *e = orgs; e; e = e->next)
			form_option(b, e->code, e->label, q->organisation);
		form_select_end(b, "organisation", "", NULL);
		const char *bad = q->bad_audience ? _("Public : service ou employeur.") : NULL;
		const char *aud = q->aud == BILAN_EMPLOYER ? "employer" : "service";
		form_select_begin(b, "audience", _("Public"), "", bad);
		form_option(b, "service", _("Service (tous les chiffres)"), aud);
		form_option(b, "employer", _("Employeur (protégé)"), aud);
		form_select_end(b, "audience", "", bad);
	}
	/* An employer reads the service's published bilan: no bands to choose. */
	if (!employer_org)
		form_input(b, "text", "age_bands", _("Tranches d'âge (bornes)"),
			   q->bands_text ? q->bands_text : AGEBAND_DEFAULT,
			   " inputmode=\"numeric\" maxlength=\"60\"", "",
			   q->bad_bands ? _("Tranches d'âge : bornes croissantes séparées par des "
					    "virgules (ex. 35,56).")
					: NULL);
	html(b, "</div>\n<button type=\"submit\">");
	html_txt(b, _("Afficher"));
	html(b, "</button>\n</form>\n");
}

/* Links to the same bilan in every format (the API serves them). */
static void downloads(buf *b, const struct query *q, const struct bilan *r)
{
	static const struct {
		const char *format, *label;
	} formats[] = {{"pdf", N_("PDF")},
		       {"xlsx", N_("Classeur (XLSX)")},
		       {"csv-fr", N_("Tableur (CSV)")},
		       {"csv", N_("CSV (programmes)")},
		       {"html", N_("Page HTML")},
		       {"json", N_("JSON")}};
	html(b, "<nav aria-label=\"");
	html_attr(b, _("Télécharger le bilan"));
	html(b, "\" class=\"bilan-downloads\">\n<p>");
	html_txt(b, _("Télécharger : "));
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		html(b, i ? " · " : "");
		html(b, "<a href=\"/api/v1/reports/bilan?year=");
		html_int(b, r->year);
		if (strcmp(r->scope, "service") != 0) {
			html(b, "&amp;organisation=");
			html_url_arg(b, r->scope);
		}
		if (!r->version) /* a published bilan takes no other parameter */
			html(b, r->audience == BILAN_EMPLOYER ? "&amp;audience=employer"
							       : "&amp;audience=service");
		if (q->bands_text && !r->version) {
			html(b, "&amp;age_bands=");
			html_url_arg(b, q->bands_text);
		}
		html(b, "&amp;format=");
		html(b, formats[i].format);
		html(b, "\">");
		html_txt(b, _(formats[i].label));
		html(b, "</a>");
	}
	html(b, "</p>\n</nav>\n");
}

/* ---- publication (the head) ---- */

/*
 * The head's publication form: the employers read only what is published
 * here, for a closed year; the preview is the same page with the employer
 * audience.  published >= 0: the count of new versions just written.
 */
static void publish_form(struct request *req, buf *b, const struct query *q, long long published)
{
	html(b, "<section aria-labelledby=\"publier\">\n<h2 id=\"publier\">");
	html_txt(b, _("Publication pour les employeurs"));
	html(b, "</h2>\n<p>");
	html_txt(b, _("Chaque employeur ne lit que les bilans publiés ici, pour une année close : "
		      "un instantané protégé qui ne change plus. Vérifiez-le d'abord avec le public "
		      "« Employeur (protégé) ». Republier une année corrigée crée une nouvelle "
		      "version, que l'employeur lit à la place de l'ancienne."));
	html(b, "</p>\n");
	if (published >= 0) {
		html(b, "<p role=\"status\">");
		html_txt(b, published == 0
				    ? _("Aucune nouvelle version : les bilans publiés sont à jour.")
			    : published == 1
				    ? _("1 bilan publié.")
				    : arena_printf(req->a, _("%lld bilans publiés."), published));
		html(b, "</p>\n");
	}
	html(b, "<form method=\"post\" action=\"/bilan/publish\">\n");
	page_csrf_field(req, b);
	html(b, "<input type=\"hidden\" name=\"year\" value=\"");
	html_int(b, q->year);
	html(b, "\">\n");
	if (q->organisation) {
		html(b, "<input type=\"hidden\" name=\"organisation\" value=\"");
		html_attr(b, q->organisation);
		html(b, "\">\n");
	}
	html(b, "<button type=\"submit\">");
	html_txt(b, q->organisation
			    ? arena_printf(req->a, _("Publier le bilan %lld de cette organisation"),
					   (long long)q->year)
			    : arena_printf(req->a, _("Publier les bilans %lld de toutes les organisations"),
					   (long long)q->year));
	html(b, "</button>\n</form>\n</section>\n");
}

void web_bilan_publish(struct request *req, struct response *resp)
{
	struct bilan_publish_input in = {NULL, 0};
	struct verr refused;
	if (req_fields(req, bilan_publish_fields, BILAN_PUBLISH__FIELDS, &in, &refused) != 0) {
		web_error_page(req, resp, 422, _(refused.message));
		return;
	}
	int64_t year = in.year;
	const char *organisation = in.organisation;
	int n = 0;
	int rc = bilan_publish(req->svc, (int)year, organisation, &n);
	if (rc == SVC_INVALID) {
		const struct verr *e = svc_error(req->svc);
		web_error_page(req, resp, 422, e && e->message ? _(e->message) : _("Refusé."));
		return;
	}
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	buf to;
	buf_init(&to, 512);
	buf_printf(&to, "/bilan?year=%lld&audience=employer&publies=%d", (long long)year, n);
	if (organisation) {
		buf_puts(&to, "&organisation=");
		html_url_arg(&to, organisation);
	}
	resp_redirect(resp, arena_strdup(req->a, buf_cstr(&to)));
	buf_free(&to);
}

/* ---- the page ---- */

/* An employer's bilan: the latest published version of the year asked
   (default: the latest published year); *r NULL after answering. */
static void employer_read(struct request *req, struct response *resp, struct query *q,
			  struct bilan **r)
{
	*r = NULL;
	static const char *const allowed[] = {"year", "organisation"};
	const char *other = req_query_other(req, allowed, sizeof allowed / sizeof allowed[0]);
	if (other) {
		web_error_page(req, resp, 400,
			       arena_printf(req->a,
					    _("Paramètre refusé : %s. Le bilan d'un employeur est "
					      "celui que le service a publié ; seule l'année peut "
					      "être choisie."),
					    other));
		return;
	}
	int latest;
	const char *published;
	int rc = bilan_doc_published_years(req->a, req->svc, q->organisation, &latest, &published);
	if (rc == SVC_OK && !req_query(req, "year"))
		q->year = latest;
	if (rc == SVC_OK)
		rc = q->year ? bilan_read_published(req->svc, (int)q->year, q->organisation, "page", r)
			     : SVC_NOT_FOUND;
	if (rc == SVC_NOT_FOUND)
		web_error_page(req, resp, 404,
			       latest ? arena_printf(req->a,
						     _("Le bilan %lld n'est pas publié. Bilans "
						       "publiés : %s."),
						     (long long)q->year, published)
				      : _("Aucun bilan n'a encore été publié pour votre organisation."));
	else if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
}

void web_bilan(struct request *req, struct response *resp)
{
	struct query q;
	int invalid = query_read(req, &q) != 0;
	int employer = is_employer(req);

	struct form_option *orgs = NULL;
	if (!employer) {
		int rc = web_organisation_options(req, 0, &orgs);
		if (rc != SVC_OK) {
			resp_svc_error(req, resp, rc);
			return;
		}
	}

	struct bilan *r = NULL;
	struct bilan_doc d;
	if (employer && !q.bad_year) {
		employer_read(req, resp, &q, &r);
		if (!r)
			return;
		invalid = 0;
		int rc = bilan_doc_build(req->a, req->svc, r, &d);
		if (rc != SVC_OK) {
			bilan_free(r);
			resp_svc_error(req, resp, rc);
			return;
		}
	} else if (!invalid) {
		int rc = bilan_compute(req->svc, (int)q.year, q.organisation, q.aud,
					q.bands_text ? &q.bands : NULL, &r);
		if (rc == SVC_OK)
			rc = bilan_doc_build(req->a, req->svc, r, &d);
		if (rc != SVC_OK) {
			bilan_free(r);
			resp_svc_error(req, resp, rc);
			return;
		}
	}

	/* The scope in words: the organisation's name (the report carries it),
	   or, when the query was refused, its code as typed. */
	const char *employer_org = NULL;
	if (employer)
		employer_org = r ? d.scope : (q.organisation ? q.organisation : "");
	const char *title = r ? d.title : _("Bilan annuel");

	buf b;
	buf_init(&b, HTTP_PAGE_MAX);
	page_begin(req, &b, title);
	html(&b, "<h1>");
	html_txt(&b, title);
	html(&b, "</h1>\n");
	if (invalid) {
		html(&b, "<p role=\"alert\" class=\"error-field\">");
		html_txt(&b, _("Le bilan ne peut pas être calculé : corrigez les champs signalés."));
		if (employer && q.bad_audience) {
			html_txt(&b, " ");
			html_txt(&b, _("Public : service ou employeur."));
		}
		html(&b, "</p>\n");
	}
	form(req, &b, &q, orgs, employer_org);
	if (r) {
		downloads(&b, &q, r);
		bilan_html_body(&d, &b);
	}
	if (!employer && policy_allows(svc_actor(req->svc)->role, ACT_BILAN_PUBLISH)) {
		int64_t published = -1;
		const char *p = req_query(req, "publies");
		if (p && text_parse_int(p, 0, 100000, &published) != 0)
			published = -1;
		publish_form(req, &b, &q, (long long)published);
	}
	page_finish(req, resp, invalid ? 422 : 200, &b);
	bilan_free(r);
}
