/*
 * attachments — the "Pièces jointes" section of a case's page (laid out by
 * web/case_page.c): the files kept on the case, each with its download
 * link and the form deleting it for a reason, then the form attaching a
 * new one (multipart, read as it arrives: http/upload.h); and these
 * forms' requests.  A download is always a download (Content-Disposition:
 * attachment; the server sends nosniff on every response).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/attachments.h"
#include "http/download.h"
#include "http/upload.h"
#include "service/attachments.h"
#include "support/i18n.h"
#include "web/case_forms.h"
#include "web/web.h"

#define ANCHOR "pieces-jointes"

/* "12 Kio", "3 Mio", "512 octets" into the arena. */
static const char *size_text(arena *a, int64_t size)
{
	if (size < 1024)
		return arena_printf(a, ngettext("%lld octet", "%lld octets", (unsigned long)size),
				    (long long)size);
	if (size < (int64_t)1 << 20)
		return arena_printf(a, _("%lld Kio"), (long long)((size + 1023) >> 10));
	return arena_printf(a, _("%lld Mio"), (long long)((size + ((1 << 20) - 1)) >> 20));
}

static const char *day_text(arena *a, int64_t at)
{
	time_t t = (time_t)at;
	struct tm tm;
	char d[16];
	strftime(d, sizeof d, "%d/%m/%Y", localtime_r(&t, &tm));
	return arena_strdup(a, d);
}

struct att_list {
	struct request *req;
	buf *b;
	int64_t case_id;
	int n;
};

static int att_item(void *ctx, const struct attachment_view *v)
{
	struct att_list *l = ctx;
	buf *b = l->b;
	arena *a = l->req->a;
	if (l->n++ == 0)
		html(b, "<ul class=\"attachments\">\n");
	/* Its own anchor: the person's timeline links to it. */
	html(b, "<li id=\"piece-");
	html_int(b, v->id);
	html(b, "\">");
	if (v->deleted_at) {
		html(b, "<del>");
		html_txt(b, v->file_name);
		html(b, "</del> ");
		html_txt(b, arena_printf(a, _("(supprimé le %s par %s)"), day_text(a, v->deleted_at),
					 v->deleted_by));
		html(b, "</li>\n");
		return 0;
	}
	html(b, "<a href=\"/cases/");
	html_int(b, l->case_id);
	html(b, "/attachments/");
	html_int(b, v->id);
	html(b, "\" download>");
	html_txt(b, v->title[0] ? v->title : v->file_name);
	html(b, "</a> — ");
	html_txt(b, arena_printf(a, _("%s, %s, ajouté le %s par %s"), v->file_name,
				 size_text(a, v->size), day_text(a, v->created_at), v->author));
	html(b, "\n<details>\n<summary>");
	html_txt(b, _("Supprimer"));
	html(b, "</summary>\n");
	case_form_open(l->req, b, l->case_id,
		       arena_printf(a, "/attachments/%lld/delete", (long long)v->id));
	html(b, "<label>");
	html_txt(b, _("Motif de la suppression"));
	html(b, "\n<input type=\"text\" name=\"reason\" required maxlength=\"200\"></label>\n");
	case_form_submit(b, _("Supprimer la pièce jointe"));
	html(b, "</form>\n</details>\n</li>\n");
	return 0;
}

int web_attachments_section(struct request *req, buf *b, const struct web_case *page)
{
	int64_t case_id = page->v->id;
	buf items;
	buf_init(&items, HTTP_PAGE_MAX);
	struct att_list l = {req, &items, case_id, 0};
	int rc = attachments_list(req->svc, case_id, att_item, &l);
	if (rc != SVC_OK) {
		buf_free(&items);
		return rc;
	}
	if (l.n)
		html(&items, "</ul>\n");
	case_form_section(b, ANCHOR, _("Pièces jointes"));
	struct record_form c = {req, page->record, "attachment", "att-"};
	static const char *const inline_fields[] = {NULL};
	case_form_details_open(b, record_form_refused(&c), _("Joindre un fichier"));
	record_form_alert(b, &c, inline_fields);
	html(b, "<form method=\"post\" action=\"/cases/");
	html_int(b, case_id);
	html(b, "/attachments\" enctype=\"multipart/form-data\">\n");
	page_csrf_field(req, b);
	html(b, "\n<label>");
	html_txt(b, _("Fichier (PDF, JPEG, PNG, ODT ou DOCX ; chiffré)"));
	html(b, "\n<input type=\"file\" name=\"file\" required"
		" accept=\".pdf,.jpg,.jpeg,.png,.odt,.docx\"></label>\n<label>");
	html_txt(b, _("Titre (facultatif, chiffré)"));
	html(b, "\n<input type=\"text\" name=\"title\" maxlength=\"200\"></label>\n");
	case_form_submit(b, _("Joindre le fichier"));
	html(b, "</form>\n</details>\n");
	case_form_section_end(b, &items, (size_t)l.n, _("Aucune pièce jointe."));
	return SVC_OK;
}

void web_attachments_create(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	if (upload_check(req, resp) != 0)
		return;
	struct verr e = {NULL, NULL};
	int rc = upload_attach(req, &e, NULL);
	if (e.field)
		web_case_page_record_refuse(req, resp, id, "attachment", e.field, e.message);
	else
		web_case_page_record_after(req, resp, rc, id, "attachment", ANCHOR);
}

struct described {
	struct request *req;
	struct response *resp;
	int64_t case_id;
	int wrong_case;
	int64_t size;
};

/* The headers of a download of v, when it belongs to the case in the path. */
static int describe(void *ctx, const struct attachment_view *v)
{
	struct described *d = ctx;
	if (v->case_id != d->case_id) {
		d->wrong_case = 1;
		return 1;
	}
	download_headers(d->req, d->resp, v->file_name, attachment_kind_type(v->kind));
	d->size = v->size;
	return 0;
}

void web_attachments_download(struct request *req, struct response *resp)
{
	int64_t att = case_form_path_id(req, resp, 1);
	if (!att)
		return;
	struct described d = {req, resp, req->id, 0, 0};
	struct attachment_reader *rd = NULL;
	int rc = attachments_open(req->svc, att, describe, &d, &rd);
	if (rc != SVC_OK || d.wrong_case)
		download_fail(req, resp, d.wrong_case ? SVC_NOT_FOUND : rc);
	else
		download_stream(resp, (uint64_t)d.size, attachments_reader_read,
				attachments_reader_close, rd);
}

void web_attachments_delete(struct request *req, struct response *resp)
{
	int64_t id = req->id, att = case_form_path_id(req, resp, 1);
	if (!att)
		return;
	struct attachment_delete_input in = {NULL};
	struct verr e;
	if (req_fields(req, attachments_delete_fields, ATT_DELETE__FIELDS, &in, &e) != 0) {
		web_case_page_record_refuse(req, resp, id, "attachment", e.field, e.message);
		return;
	}
	web_case_page_record_after(req, resp, attachments_delete(req->svc, att, in.reason), id,
				   "attachment", ANCHOR);
}
