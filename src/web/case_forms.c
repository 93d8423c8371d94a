/*
 * case_forms — the forms and small writers the files of a case's page
 * share (see case_forms.h).
 */
#include "web/case_forms.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/date.h"
#include "domain/money.h"
#include "support/i18n.h"
#include "support/text.h"

/* ---- small writers and readers ---- */

static const char *const case_lists[] = {"domain", "referral_source", "outcome", "mode",
					 "intervention_kind", "partner_kind"};

int case_form_refs_load(struct request *req, struct web_refs *r)
{
	return web_refs_load(req, r, case_lists, sizeof case_lists / sizeof case_lists[0]);
}

const char *case_form_ref_label(const struct web_refs *r, const char *list, const char *code)
{
	const char *label = web_ref_label(r, list, code);
	return label ? label : "—";
}

void case_form_date(buf *b, const char *iso)
{
	if (!iso || !*iso) {
		html_txt(b, "—");
		return;
	}
	char fr[11];
	date_french(iso, fr);
	html_txt(b, fr);
}

void case_form_multiline(buf *b, arena *a, const char *text)
{
	html(b, "<p>");
	for (const char *p = text;;) {
		const char *nl = strchr(p, '\n');
		if (!nl) {
			html_txt(b, p);
			break;
		}
		html_txt(b, arena_strndup(a, p, (size_t)(nl - p)));
		html(b, "<br>\n");
		p = nl + 1;
	}
	html(b, "</p>\n");
}

void case_form_money(buf *b, int64_t cents)
{
	char text[MONEY_TEXT_MAX];
	money_format(cents, text, sizeof text);
	if (cents < 0)
		html(b, "<strong class=\"negative\">");
	html_txt(b, text);
	if (cents < 0)
		html(b, "</strong>");
}

const char *case_form_euros(arena *a, int64_t cents)
{
	return arena_printf(a, "%lld,%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

const char *case_form_lf_only(arena *a, const char *s)
{
	if (!s || !strchr(s, '\r'))
		return s;
	char *out = arena_strdup(a, s), *w = out;
	for (const char *p = s; *p; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			*w++ = *p;
	*w = '\0';
	return out;
}

int case_form_is_me(struct request *req, const char *login)
{
	const struct actor *who = svc_actor(req->svc);
	return who && login && strcmp(who->login, login) == 0;
}

int64_t case_form_parse_id(const char *s)
{
	int64_t id;
	return s && text_parse_int(s, 1, INT64_MAX, &id) == 0 ? id : 0;
}

int64_t case_form_path_id(struct request *req, struct response *resp, int i)
{
	int64_t id = case_form_parse_id(req->params[i]);
	if (!id)
		resp_svc_error(req, resp, SVC_NOT_FOUND);
	return id;
}

int case_form_has_code(const char *const *codes, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (codes[i] && strcmp(codes[i], code) == 0)
			return 1;
	return 0;
}

void case_form_section(buf *b, const char *id, const char *title)
{
	html(b, "<section aria-labelledby=\"");
	html(b, id);
	html(b, "\">\n<h2 id=\"");
	html(b, id);
	html(b, "\">");
	html_txt(b, title);
	html(b, "</h2>\n");
}

void case_form_details_open(buf *b, int open, const char *summary)
{
	html(b, open ? "<details open>\n<summary>" : "<details>\n<summary>");
	html_txt(b, summary);
	html(b, "</summary>\n");
}

void case_form_open(struct request *req, buf *b, int64_t case_id, const char *tail)
{
	html(b, "<form method=\"post\" action=\"/cases/");
	html_int(b, case_id);
	html_attr(b, tail);
	html(b, "\" autocomplete=\"off\">\n");
	page_csrf_field(req, b);
	html(b, "\n");
}

void case_form_submit(buf *b, const char *label)
{
	html(b, "<button type=\"submit\">");
	html_txt(b, label);
	html(b, "</button>\n");
}

/* ---- the case forms ---- */

/* Each form's prefix of error ids ("err-edit-domains"). */
static const char *const prefix[] = {"",      "new-",	   "edit-",   "close-", "int-",
				     "share-", "handover-", "orient-", "ostatus-", "secret-"};

/* The fields each form shows next to their input; an error about any other
   field is shown above the form. */
static const char *const inline_fields[][7] = {
	[CASE_FORM_NEW] = {"opened_on", "referral_source", "domains", "diagnosis", "action_plan"},
	[CASE_FORM_EDIT] = {"opened_on", "referral_source", "domains", "diagnosis", "action_plan"},
	[CASE_FORM_CLOSE] = {"closed_on", "outcome"},
	[CASE_FORM_INTERVENTION] = {"date", "mode", "kind", "duration_minutes", "notes",
				    "private_note"},
	[CASE_FORM_SHARE] = {"login", "until", "reason"},
	[CASE_FORM_HANDOVER] = {"login"},
	[CASE_FORM_ORIENT] = {"partner_id", "sent_on", "reason", "share_consent_on",
			      "details_sent"},
	[CASE_FORM_ORIENT_STATUS] = {"status", "date"},
	[CASE_FORM_SECRECY] = {"kind", "legal_basis", "lifted_on", "recipient", "what_sent",
			       "basis_detail"},
};

int case_form_read(struct request *req, struct case_form *f, const struct field *fields,
		   size_t n, void *dest)
{
	if (req_fields_all(req, fields, n, dest, &f->errors) == 0)
		return 0;
	f->error = f->errors.e[0];
	return -1;
}

const char *case_form_message(const struct case_form *f, enum case_form_which w,
			      const char *field)
{
	if (!f->refused || f->which != w)
		return NULL;
	const char *m = verr_list_message(&f->errors, field);
	if (m)
		return m;
	return f->error.field && strcmp(f->error.field, field) == 0 ? f->error.message : NULL;
}

void case_form_refuse(struct case_form *f, struct request *req)
{
	f->refused = 1;
	f->error = *svc_error(req->svc);
}

const char *case_form_prefix(enum case_form_which w)
{
	return prefix[w];
}

int case_form_is_error(const struct case_form *f, enum case_form_which w, const char *field)
{
	return case_form_message(f, w, field) != NULL;
}

void case_form_field_error(buf *b, const struct case_form *f, enum case_form_which w,
			   const char *field)
{
	const char *m = case_form_message(f, w, field);
	form_error(b, m != NULL, prefix[w], field, m ? _(m) : "");
}

/* Whether field is the first refused of form w: the page answering the
   refusal opens at it (autofocus, issue 17: no script), one per page. */
static int first_error(const struct case_form *f, enum case_form_which w, const char *field)
{
	return f->refused && f->which == w && f->error.field && strcmp(f->error.field, field) == 0;
}

void case_form_invalid(buf *b, const struct case_form *f, enum case_form_which w,
		       const char *field)
{
	form_invalid(b, case_form_is_error(f, w, field), prefix[w], field);
}

/* case_form_invalid() and, on the first field refused, autofocus: for the
   single inputs (a group of checkboxes has no one to focus). */
static void invalid_focused(buf *b, const struct case_form *f, enum case_form_which w,
			    const char *field)
{
	case_form_invalid(b, f, w, field);
	if (first_error(f, w, field))
		html(b, " autofocus");
}

void case_form_alert(buf *b, const struct case_form *f, enum case_form_which w)
{
	if (!f->refused || f->which != w)
		return;
	for (int i = 0; i < 7 && inline_fields[w][i]; i++)
		if (f->error.field && strcmp(f->error.field, inline_fields[w][i]) == 0)
			return;
	html(b, "<p role=\"alert\" class=\"error-field\">");
	html_txt(b, _(f->error.message));
	html(b, "</p>\n");
}

void case_form_details(buf *b, const struct case_form *f, enum case_form_which w,
		       const char *summary)
{
	case_form_details_open(b, f->refused && f->which == w, summary);
}

void case_form_input(buf *b, const struct case_form *f, enum case_form_which w,
		     const char *field, const char *label, const char *type, const char *value,
		     const char *extra)
{
	const char *m = case_form_message(f, w, field);
	char focused[256];
	if (first_error(f, w, field)) {
		snprintf(focused, sizeof focused, "%s autofocus", extra ? extra : "");
		extra = focused;
	}
	form_input(b, type, field, label, value, extra, prefix[w], m ? _(m) : NULL);
}

void case_form_date_input(buf *b, const struct case_form *f, enum case_form_which w,
			  const char *field, const char *label, const char *value, int after_today)
{
	char today[DATE_LEN + 1];
	date_today(today);
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<input type=\"date\" name=\"");
	html_attr(b, field);
	html(b, after_today ? "\" required min=\"" : "\" required max=\"");
	html_attr(b, today);
	html(b, "\" value=\"");
	html_attr(b, value ? value : "");
	html(b, "\"");
	invalid_focused(b, f, w, field);
	html(b, ">\n");
	case_form_field_error(b, f, w, field);
	html(b, "</label>\n");
}

void case_form_textarea(buf *b, const struct case_form *f, enum case_form_which w,
			const char *field, const char *label, const char *value)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<textarea name=\"");
	html_attr(b, field);
	html(b, "\" rows=\"4\" maxlength=\"20000\"");
	invalid_focused(b, f, w, field);
	/* The newline after the tag is eaten by the parser: a value starting
	   with one keeps it. */
	html(b, ">\n");
	html_txt(b, value ? value : "");
	html(b, "</textarea>\n");
	case_form_field_error(b, f, w, field);
	html(b, "</label>\n");
}

void case_form_ref_select(buf *b, const struct case_form *f, enum case_form_which w,
			  const struct web_refs *r, const char *list, const char *field,
			  const char *label, const char *selected)
{
	html(b, "<label>");
	html_txt(b, label);
	html(b, "\n<select name=\"");
	html_attr(b, field);
	html(b, "\" required");
	invalid_focused(b, f, w, field);
	html(b, ">\n<option value=\"\">—</option>\n");
	for (const struct web_ref *e = r->head; e; e = e->next) {
		int is_selected = selected && strcmp(selected, e->code) == 0;
		if (strcmp(e->list, list) != 0 || (e->retired && !is_selected))
			continue;
		form_option(b, e->code, e->label, is_selected ? e->code : NULL);
	}
	html(b, "</select>\n");
	case_form_field_error(b, f, w, field);
	html(b, "</label>\n");
}

/* ---- the record forms ---- */

const char record_form_bad_euros[] = N_("Montant en euros, par exemple 150 ou 1 234,50.");

int record_form_refused(const struct record_form *c)
{
	return c->r && c->r->form && strcmp(c->r->form, c->form) == 0;
}

const char *record_form_error(const struct record_form *c, const char *field)
{
	if (!record_form_refused(c))
		return NULL;
	const char *m = verr_list_message(c->r->all, field);
	if (m)
		return _(m);
	if (!c->r->error.field || strcmp(c->r->error.field, field) != 0)
		return NULL;
	return _(c->r->error.message);
}

const char *record_form_typed(const struct record_form *c, const char *name, const char *value)
{
	if (!record_form_refused(c))
		return value;
	const char *v = req_form(c->req, name);
	return v ? v : "";
}

void record_form_alert(buf *b, const struct record_form *c, const char *const *fields)
{
	if (!record_form_refused(c) || !c->r->error.message)
		return;
	for (const char *const *f = fields; *f; f++)
		if (record_form_error(c, *f))
			return;
	html(b, "<p role=\"alert\" class=\"error-field\">");
	html_txt(b, _(c->r->error.message));
	html(b, "</p>\n");
}

void record_form_input(buf *b, const struct record_form *c, const char *type, const char *name,
		       const char *field, const char *label, const char *value, const char *extra)
{
	/* The first refused field: the page opens at it (autofocus). */
	char focused[256];
	if (record_form_refused(c) && c->r->error.field && strcmp(c->r->error.field, field) == 0) {
		snprintf(focused, sizeof focused, "%s autofocus", extra ? extra : "");
		extra = focused;
	}
	form_input(b, type, name, label, record_form_typed(c, name, value), extra, c->prefix,
		   record_form_error(c, field));
}

void case_form_section_end(buf *b, buf *items, size_t n, const char *empty)
{
	if (n) {
		buf_add(b, items->data, items->len);
	} else {
		html(b, "<p>");
		html_txt(b, empty);
		html(b, "</p>\n");
	}
	html(b, "</section>\n");
	buf_free(items);
}
