/*
 * aids — the "Aides financières" section of a case's page (laid out by
 * web/case_page.c): the aid requests with the form adding one and, on
 * each, the form recording the commission's decision; and these forms'
 * POSTs.
 *
 * Amounts are typed in euros ("1 234,50") and shown the French way
 * (domain/money.h).  A refused form is shown again with what was typed,
 * read back from the request, and its message next to the field.
 */
#include <stdint.h>
#include <string.h>

#include "domain/aids.h"
#include "domain/date.h"
#include "domain/money.h"
#include "service/aids.h"
#include "support/i18n.h"
#include "web/case_forms.h"
#include "web/corrections.h"
#include "web/web.h"

static const char *const aid_lists[] = {"aid_kind", "funder", "aid_decision"};

/* A <select> of the active entries of reference list `list` (a retired one
   when already chosen), "—" first when optional. */
static void ref_select(buf *b, const struct record_form *c, const struct web_refs *refs,
		       const char *list, const char *name, const char *label, const char *value,
		       int required)
{
	const char *chosen = record_form_typed(c, name, value);
	const char *error = record_form_error(c, name);
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<select name=\"");
	html_attr(b, name);
	html(b, required ? "\" required" : "\"");
	form_invalid(b, error != NULL, c->prefix, name);
	html(b, ">\n");
	if (required)
		html(b, "<option value=\"\">—</option>\n");
	for (const struct web_ref *e = refs->head; e; e = e->next) {
		int is_chosen = chosen && strcmp(chosen, e->code) == 0;
		if (strcmp(e->list, list) != 0 || (e->retired && !is_chosen))
			continue;
		form_option(b, e->code, e->label, is_chosen ? e->code : NULL);
	}
	html(b, "</select>\n");
	form_error(b, error != NULL, c->prefix, name, error ? error : "");
	html(b, "</label>\n");
}

/* The inputs where the form types amounts in euros (the API sends cents). */
static const char requested_input[] = "amount_requested";
static const char granted_input[] = "amount_granted";

struct aid_list {
	struct request *req;
	buf *b;
	const struct web_refs *refs;
	const struct case_refusal *r;
	int64_t case_id;
	int n;
};

/* The form recording the commission's decision on aid v. */
static void decision_form(const struct aid_list *l, const struct aid_view *v)
{
	buf *b = l->b;
	arena *a = l->req->a;
	struct record_form c = {l->req, l->r, arena_printf(a, "decision-%lld", (long long)v->id),
				arena_printf(a, "dec%lld-", (long long)v->id)};
	static const char *const inline_fields[] = {"decision", "amount_granted_cents",
						    "decided_on", "paid_on", NULL};
	case_form_details_open(b, record_form_refused(&c),
			       _("Enregistrer la décision de la commission"));
	record_form_alert(b, &c, inline_fields);
	case_form_open(l->req, b, l->case_id, arena_printf(a, "/aids/%lld", (long long)v->id));
	html(b, "<div class=\"grid\">\n");
	ref_select(b, &c, l->refs, "aid_decision", "decision", _("Décision"), v->decision, 1);
	record_form_input(
		b, &c, "text", granted_input, aids_decision_fields[AID_GRANTED].name,
		_("Montant accordé (€)"),
		v->amount_granted_cents ? case_form_euros(a, v->amount_granted_cents) : "",
		" inputmode=\"decimal\" maxlength=\"20\"");
	html(b, "</div>\n<div class=\"grid\">\n");
	record_form_input(b, &c, "date", "decided_on", "decided_on", _("Date de la décision"),
			  v->decided_on ? v->decided_on : "", "");
	record_form_input(b, &c, "date", "paid_on", "paid_on", _("Date du versement (facultatif)"),
			  v->paid_on ? v->paid_on : "", "");
	html(b, "</div>\n");
	case_form_submit(b, _("Enregistrer la décision"));
	html(b, "</form>\n</details>\n");
}

/* The motive's textarea of form c, holding value. */
static void motive_textarea(buf *b, const struct record_form *c, const char *value)
{
	html(b, "<label>");
	html_txt(b, _("Motif (chiffré, facultatif)"));
	const char *error = record_form_error(c, "reason");
	html(b, "\n<textarea name=\"reason\" rows=\"3\" maxlength=\"20000\"");
	form_invalid(b, error != NULL, c->prefix, "reason");
	html(b, ">\n");
	html_txt(b, record_form_typed(c, "reason", value));
	html(b, "</textarea>\n");
	form_error(b, error != NULL, c->prefix, "reason", error ? error : "");
	html(b, "</label>\n");
}

/* The request's fields of form c: kind, funder, amount, date, motive (v's
   when correcting, else empty and today). */
static void request_fields(buf *b, const struct record_form *c, const struct web_refs *refs,
			   const struct aid_view *v, arena *a)
{
	char today[DATE_LEN + 1];
	date_today(today);
	html(b, "<div class=\"grid\">\n");
	ref_select(b, c, refs, "aid_kind", "kind", _("Type d'aide"), v ? v->kind : NULL, 1);
	ref_select(b, c, refs, "funder", "funder", _("Financeur"), v ? v->funder : NULL, 1);
	html(b, "</div>\n<div class=\"grid\">\n");
	record_form_input(b, c, "text", requested_input, aids_fields[AID_REQUESTED].name,
			  _("Montant demandé (€)"),
			  v ? case_form_euros(a, v->amount_requested_cents) : "",
			  " required inputmode=\"decimal\" maxlength=\"20\"");
	record_form_input(b, c, "date", "submitted_on", "submitted_on", _("Date de la demande"),
			  v ? v->submitted_on : today, " required");
	html(b, "</div>\n");
	motive_textarea(b, c, v && v->reason ? v->reason : "");
}

/* The form correcting aid v, awaiting its decision, with its reason. */
static void correction_form(const struct aid_list *l, const struct aid_view *v)
{
	buf *b = l->b;
	arena *a = l->req->a;
	long long id = (long long)v->id;
	struct record_form c = {l->req, l->r, arena_printf(a, "aid-edit-%lld", id),
				arena_printf(a, "aide%lld-", id)};
	static const char *const inline_fields[] = {"kind",	    "funder",  "amount_requested_cents",
						    "submitted_on", "reason", "correction_reason",
						    NULL};
	case_form_details_open(b, record_form_refused(&c), _("Corriger la demande"));
	record_form_alert(b, &c, inline_fields);
	case_form_open(l->req, b, l->case_id, arena_printf(a, "/aids/%lld/edit", id));
	request_fields(b, &c, l->refs, v, a);
	const char *reason = aids_correction_fields[AID_CORRECTION_REASON].name;
	record_form_input(b, &c, "text", reason, reason, _("Motif de la correction"), "",
			  " required maxlength=\"500\"");
	case_form_submit(b, _("Enregistrer la correction"));
	html(b, "</form>\n</details>\n");
}

static int aid_item(void *ctx, const struct aid_view *v)
{
	struct aid_list *l = ctx;
	buf *b = l->b;
	l->n++;
	html(b, "<article>\n<header><strong>");
	html_txt(b, case_form_ref_label(l->refs, "aid_kind", v->kind));
	html(b, "</strong> · ");
	html_txt(b, case_form_ref_label(l->refs, "funder", v->funder));
	html(b, " · ");
	case_form_money(b, v->amount_requested_cents);
	html(b, " · ");
	html_txt(b, _("demandée le"));
	html(b, " ");
	case_form_date(b, v->submitted_on);
	html(b, "</header>\n<p>");
	html_txt(b, _("Décision :"));
	html(b, " <strong>");
	html_txt(b, case_form_ref_label(l->refs, "aid_decision", v->decision));
	html(b, "</strong>");
	if (v->decided_on) {
		html(b, " ");
		html_txt(b, _("le"));
		html(b, " ");
		case_form_date(b, v->decided_on);
	}
	if (aid_decision_grants(v->decision)) {
		html(b, " — ");
		html_txt(b, _("montant accordé :"));
		html(b, " ");
		case_form_money(b, v->amount_granted_cents);
		html(b, v->paid_on ? " — " : "");
		if (v->paid_on) {
			html_txt(b, _("versé le"));
			html(b, " ");
			case_form_date(b, v->paid_on);
		}
	}
	html(b, "</p>\n");
	if (v->reason && *v->reason) {
		html(b, "<p><small>");
		html_txt(b, _("Motif :"));
		html(b, "</small> ");
		html_txt(b, v->reason);
		html(b, "</p>\n");
	}
	decision_form(l, v);
	if (strcmp(v->decision, "en_attente") == 0) {
		correction_form(l, v);
		web_corrections_aid_form(l->req, b, l->r, l->case_id, v->id);
	}
	html(b, "</article>\n");
	return 0;
}

/* The aids section: the form adding a request, then the requests. */
int web_aids_section(struct request *req, buf *b, const struct web_case *page)
{
	int64_t case_id = page->v->id;
	const struct case_refusal *r = page->record;
	struct web_refs refs;
	int rc = web_refs_load(req, &refs, aid_lists, sizeof aid_lists / sizeof aid_lists[0]);
	buf items;
	buf_init(&items, HTTP_PAGE_MAX);
	struct aid_list l = {req, &items, &refs, r, case_id, 0};
	if (rc == SVC_OK)
		rc = aids_list(req->svc, case_id, aid_item, &l);
	if (rc != SVC_OK) {
		buf_free(&items);
		return rc;
	}
	case_form_section(b, "aides", _("Aides financières"));
	struct record_form c = {req, r, "aid", "aid-"};
	static const char *const inline_fields[] = {"kind", "funder", "amount_requested_cents",
						    "submitted_on", "reason", NULL};
	case_form_details_open(b, record_form_refused(&c), _("Ajouter une demande d'aide"));
	record_form_alert(b, &c, inline_fields);
	case_form_open(req, b, case_id, "/aids");
	request_fields(b, &c, &refs, NULL, req->a);
	case_form_submit(b, _("Enregistrer la demande"));
	html(b, "</form>\n</details>\n");
	case_form_section_end(b, &items, (size_t)l.n, _("Aucune demande d'aide."));
	return SVC_OK;
}

/* ---- the forms' POSTs ---- */

#define FORM_FIELDS_MAX 8 /* fields of the largest table read here */
_Static_assert(AID__FIELDS <= FORM_FIELDS_MAX && AID_DECISION__FIELDS <= FORM_FIELDS_MAX,
	       "FORM_FIELDS_MAX follows the aids' tables");

/*
 * Reads the form through fields (n of them, the service's table): the same
 * rules, but the amount at index money is typed in euros in input `name`
 * ("1 234,50") and refused with the form's own message (0 € is left to the
 * service, as before).  0, or -1 with e naming the field as the API does:
 * the form shows the amount's refusal at its input.
 */
static int read_form(struct request *req, const struct field *fields, size_t n, size_t money,
		     const char *name, void *dest, struct verr_list *all)
{
	struct field form[FORM_FIELDS_MAX];
	memcpy(form, fields, n * sizeof *fields);
	form[money].name = name;
	form[money].message = record_form_bad_euros;
	form[money].min = 0;
	if (req_fields_all(req, form, n, dest, all) == 0)
		return 0;
	for (int i = 0; i < all->n; i++)
		if (all->e[i].field == name)
			all->e[i].field = fields[money].name;
	return -1;
}

void web_aids_create(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	struct aid_input in;
	memset(&in, 0, sizeof in);
	struct verr_list all;
	if (read_form(req, aids_fields, AID__FIELDS, AID_REQUESTED, requested_input, &in, &all) !=
	    0) {
		web_case_page_record_refuse_all(req, resp, id, "aid", &all);
		return;
	}
	web_case_page_record_after(req, resp, aids_create(req->svc, id, &in, NULL), id, "aid",
				   "aides");
}

/* POST /cases/{id}/aids/{aid}/edit */
void web_aids_correct(struct request *req, struct response *resp)
{
	int64_t id = req->id, aid = case_form_path_id(req, resp, 1);
	if (!aid)
		return;
	const char *form = arena_printf(req->a, "aid-edit-%lld", (long long)aid);
	struct aid_input in;
	memset(&in, 0, sizeof in);
	struct verr_list all, why;
	int bad = read_form(req, aids_fields, AID__FIELDS, AID_REQUESTED, requested_input, &in,
			    &all);
	if (req_fields_all(req, aids_correction_fields, AID_CORRECTION__FIELDS, &in, &why) != 0) {
		if (!bad)
			all.n = 0;
		verr_list_add(&all, why.e[0]);
		bad = -1;
	}
	if (bad) {
		web_case_page_record_refuse_all(req, resp, id, form, &all);
		return;
	}
	int64_t of = 0;
	int rc = aids_correct(req->svc, aid, &in, in.correction_reason, &of);
	/* An aid of another case is not this page's. */
	if (rc == SVC_OK && of != id)
		rc = SVC_NOT_FOUND;
	web_case_page_record_after(req, resp, rc, id, form, "aides");
}

void web_aids_decide(struct request *req, struct response *resp)
{
	int64_t id = req->id, aid = case_form_path_id(req, resp, 1);
	if (!aid)
		return;
	const char *form = arena_printf(req->a, "decision-%lld", (long long)aid);
	/* The form sends every field: an empty one clears its value. */
	struct aid_decision_input in = {.set_granted = 1, .set_decided_on = 1, .set_paid_on = 1};
	struct verr_list all;
	if (read_form(req, aids_decision_fields, AID_DECISION__FIELDS, AID_GRANTED, granted_input,
		      &in, &all) != 0) {
		web_case_page_record_refuse_all(req, resp, id, form, &all);
		return;
	}
	if (!in.decision)
		in.decision = ""; /* none chosen: refused by the service */
	web_case_page_record_after(req, resp, aids_decide(req->svc, aid, &in), id, form, "aides");
}
