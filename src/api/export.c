/*
 * export — everything held on one person in one document (DESIGN §2b, the
 * person's right of access): the person and their consents with every
 * change of them ("consent_history"), each case with
 * its diagnosis and plan, interventions (a private note only to its
 * author), aids, budgets, orientations, letters (their titles), job
 * retention, who each case was shared with, the legal exceptions to
 * secrecy made in it (service/secrecy.h), its attachments (a manifest:
 * each file's name, title, type, size, dates and download path, not its
 * bytes, which a JSON document of bounded size cannot carry), and the
 * corrections she asked for (service/rights.h), her appointments and who
 * read her file and when (service/access.h); as JSON, or with ?format=pdf
 * as a readable French PDF (render/access_pdf.h), or with ?format=zip as
 * an archive holding both and the bytes of every document listed, under
 * documents/ (service/documents.h), their names made safe
 * (support/filename.h).  The archive is written by libzip straight into
 * the response's body (support/zipbuf.h), every entry stored (the files
 * are PDFs, images and ODT, already compressed); each entry's bytes are
 * handed to libzip without a copy and zeroed once the archive is written.
 * Responses are built in memory (http/http.h: no streamed body), so the
 * archive has a cap (zip_cap) above which it is refused with a French 413.
 * Only whoever may open the person gets it (others: 404);
 * each read goes through its own use case, so each is checked and audited,
 * all in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "api/api.h"
#include "domain/date.h"
#include "render/access_pdf.h"
#include "service/access.h"
#include "service/aids.h"
#include "service/appointments.h"
#include "service/attachments.h"
#include "service/budget.h"
#include "service/cases.h"
#include "service/documents.h"
#include "service/interventions.h"
#include "service/letters.h"
#include "service/orientations.h"
#include "service/persons.h"
#include "service/reference.h"
#include "service/rights.h"
#include "service/secrecy.h"
#include "service/sharing.h"
#include "support/filename.h"
#include "support/i18n.h"
#include "support/log.h"
#include "support/zipbuf.h"
/* Last: redirects libzip's functions to their table (loaded by
   zipbuf_open, before any of them is called here). */
#include "support/ziplib.h"

/* Every month's budget of case id with its lines (the history has only
   the totals) into list. */
static int budgets_with_lines(svc *s, int64_t id, json_t *list)
{
	json_t *months = json_array();
	int rc = budget_history(s, id, api_budget_listed, months);
	size_t i;
	json_t *m;
	json_array_foreach(months, i, m)
	{
		if (rc != SVC_OK)
			break;
		rc = budget_get(s, id, json_string_value(json_object_get(m, "month")),
				api_budget_listed, list);
	}
	json_decref(months);
	return rc;
}

/* One case with every record attached to it; NULL and *rc on a refusal. */
static json_t *case_export(svc *s, int64_t id, int *rc)
{
	json_t *one = json_array();
	*rc = cases_get(s, id, api_case_full_listed, one);
	json_t *c = json_incref(json_array_get(one, 0));
	json_decref(one);
	if (*rc != SVC_OK || !c) {
		json_decref(c);
		return NULL;
	}
	static const char *const keys[] = {"interventions", "aids",	      "budgets",
					   "orientations",  "letters",	      "shares",
					   "attachments",   "secrecy_liftings"};
	for (size_t k = 0; k < sizeof keys / sizeof keys[0] && *rc == SVC_OK; k++) {
		json_t *list = json_array();
		switch (k) {
		case 0: *rc = interventions_list(s, id, api_intervention_listed, list); break;
		case 1: *rc = aids_list(s, id, api_aid_listed, list); break;
		case 2: *rc = budgets_with_lines(s, id, list); break;
		case 3: *rc = orientations_list(s, id, api_orientation_listed, list); break;
		case 4: *rc = letters_list(s, id, api_letter_listed, list); break;
		case 5: *rc = sharing_list(s, id, api_share_listed, list); break;
		case 6: *rc = attachments_list(s, id, api_attachment_listed, list); break;
		default: *rc = secrecy_list(s, id, api_secrecy_listed, list); break;
		}
		json_object_set_new(c, keys[k], list);
	}
	if (*rc == SVC_OK) {
		json_t *r = api_job_retention_json(s, id, rc);
		json_object_set_new(c, "job_retention", r ? r : json_null());
	}
	if (*rc != SVC_OK) {
		json_decref(c);
		return NULL;
	}
	return c;
}

/* The access document's two lists (service/access.h). */
struct extras_json {
	json_t *appointments, *reads, *consents;
};

static int appointment_json(void *ctx, const struct access_appointment *a)
{
	struct extras_json *e = ctx;
	json_array_append_new(e->appointments, json_pack("{s:s, s:s, s:s, s:s, s:s}", "start", a->start, "end",
					     a->end, "mode", a->mode, "status", a->status, "worker",
					     a->worker));
	return 0;
}

static int consent_json(void *ctx, const struct consent_change *c)
{
	struct extras_json *e = ctx;
	json_array_append_new(e->consents,
			      json_pack("{s:s, s:b, s:s, s:I, s:o}", "kind", c->kind, "given",
					c->given, "on", c->on, "recorded_at",
					(json_int_t)c->recorded_at, "recorded_by",
					api_nullable(c->recorded_by)));
	return 0;
}

static int read_json(void *ctx, const struct access_read *r)
{
	struct extras_json *e = ctx;
	json_array_append_new(e->reads, json_pack("{s:I, s:o, s:s, s:o}", "at", (json_int_t)r->at,
					     "account", api_nullable(r->login), "action",
					     r->action, "object", api_nullable(r->object)));
	return 0;
}

/* Gathers the reference lists' labels as {list: {code: label}}. */
static int label_row(void *ctx, const struct reference_item *item)
{
	json_t *labels = ctx, *list = json_object_get(labels, item->list);
	if (!list) {
		list = json_object();
		json_object_set_new(labels, item->list, list);
	}
	json_object_set_new(list, item->code, json_string(item->label));
	return 0;
}

/* The person's document (JSON), read in the caller's transaction: NULL and
   *rc on a refusal. */
static json_t *export_document(svc *s, int64_t id, int *rc)
{
	json_t *people = json_array(), *cases = json_array();
	*rc = persons_get(s, id, api_person_listed, people);
	if (*rc == SVC_OK && json_array_size(people) == 0)
		*rc = SVC_NOT_FOUND;
	json_t *corrections = json_array();
	if (*rc == SVC_OK)
		*rc = rights_corrections_list(s, id, api_correction_listed, corrections);
	if (*rc == SVC_OK)
		*rc = cases_of_person(s, id, api_case_listed, cases);
	json_t *full = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(cases, i, c)
	{
		if (*rc != SVC_OK)
			break;
		json_t *one = case_export(s, json_integer_value(json_object_get(c, "id")), rc);
		if (one)
			json_array_append_new(full, one);
	}
	json_decref(cases);
	struct extras_json e = {json_array(), json_array(), json_array()};
	struct access_extras x = {appointment_json, read_json, consent_json, &e};
	if (*rc == SVC_OK)
		*rc = access_extras(s, id, &x);
	if (*rc != SVC_OK) {
		json_decref(people);
		json_decref(full);
		json_decref(corrections);
		json_decref(e.appointments);
		json_decref(e.reads);
		json_decref(e.consents);
		return NULL;
	}
	json_t *doc = json_pack("{s:O, s:o, s:o, s:o, s:o, s:o}", "person",
				json_array_get(people, 0), "consent_history", e.consents, "cases",
				full, "corrections", corrections, "appointments", e.appointments,
				"reads", e.reads);
	json_decref(people);
	return doc;
}

/* The access document's PDF of doc into out: SVC_OK or SVC_ERROR. */
static int export_pdf(svc *s, json_t *doc, buf *out)
{
	char today[DATE_LEN + 1];
	date_today(today);
	json_t *labels = json_object();
	if (reference_list(s, label_row, labels) != SVC_OK) {
		json_decref(labels);
		return SVC_ERROR;
	}
	json_t *st = json_object();
	for (int k = 0; k < APPOINTMENT_STATUSES; k++)
		json_object_set_new(st, appointments_statuses[k],
				    json_string(appointments_status_label(appointments_statuses[k])));
	json_object_set_new(labels, "appointment_status", st);
	int bad = access_pdf(doc, labels, today, out);
	json_decref(labels);
	return bad ? SVC_ERROR : SVC_OK;
}

/* ---- the archive (?format=zip) ---- */

/* The archive's cap: four files of the upload limit and a page's worth
   for the JSON and the PDF (the whole archive is built in memory, as every
   response is: see api_person_export). */
static size_t zip_cap(const struct request *req)
{
	size_t up = req->upload_max ? req->upload_max : HTTP_UPLOAD_MAX;
	return 4 * up + HTTP_PAGE_MAX;
}

#define ZIP_FULL (-1) /* not an svc rc: the archive over its cap */

/* The archive being written (support/zipbuf.h: by libzip, straight into
   the response's body).  Every entry's bytes are plaintext (the JSON, the
   PDF, each decrypted document) in buffers this code owns: libzip reads
   them where they are when the archive is closed, and they are zeroed
   after.  Copies of plaintext that stay unzeroed: what a document's
   buffer or the body left behind as they grew (buf moves its bytes with
   realloc; a document's size is not known before its bytes), and the
   response's body and libmicrohttpd's copy of it, as for every response. */
struct zipping {
	zip_t *z;
	struct zipbuf zb;
	buf *docs; /* each document's bytes, in order */
	size_t ndocs, cap_docs;
	size_t total, cap; /* the entries' bytes so far, the archive's cap */
	char *path;	   /* the entry of the document being received */
	int64_t mtime;
	int full, failed; /* over its cap; libzip or a document failed */
};

static int path_taken(void *ctx, const char *path)
{
	return zip_name_locate(ctx, path, 0) >= 0;
}

/* One whole file at the archive's root, its bytes counted in the cap:
   0, or -1 (full or failed). */
static int zip_file(struct zipping *zz, const char *name, int64_t at, const void *data, size_t n)
{
	zz->total += n;
	if (zz->total > zz->cap) {
		zz->full = 1;
		return -1;
	}
	char safe[FILENAME_MAX_BYTES + 1];
	filename_safe(name, safe, sizeof safe);
	char *path = filename_unique(NULL, safe, path_taken, zz->z);
	zz->failed = zipbuf_add_stored(zz->z, path, data, n, at) != 0;
	free(path);
	return zz->failed ? -1 : 0;
}

/* A document begins: its entry's path, and a buffer for its bytes that
   stops at what is left of the cap. */
static int zip_begin(void *ctx, const struct person_document *d)
{
	struct zipping *zz = ctx;
	if (zz->total >= zz->cap) {
		zz->full = 1;
		return 1;
	}
	if (zz->ndocs == zz->cap_docs) {
		zz->cap_docs = zz->cap_docs ? 2 * zz->cap_docs : 8;
		zz->docs = realloc(zz->docs, zz->cap_docs * sizeof *zz->docs);
		if (!zz->docs)
			log_fatal("out of memory");
	}
	buf_init(&zz->docs[zz->ndocs++], zz->cap - zz->total);
	char folder[64], safe[FILENAME_MAX_BYTES + 1];
	snprintf(folder, sizeof folder, "documents/%s", d->folder);
	filename_safe(d->name, safe, sizeof safe);
	free(zz->path);
	zz->path = filename_unique(folder, safe, path_taken, zz->z);
	zz->mtime = d->created_at;
	return 0;
}

static int zip_sink(void *ctx, const void *data, size_t n)
{
	struct zipping *zz = ctx;
	buf *b = &zz->docs[zz->ndocs - 1];
	buf_add(b, data, n);
	zz->full = b->overflow;
	return zz->full;
}

static int zip_end(void *ctx)
{
	struct zipping *zz = ctx;
	buf *b = &zz->docs[zz->ndocs - 1];
	zz->total += b->len;
	zz->failed =
		zipbuf_add_stored(zz->z, zz->path, b->data ? b->data : "", b->len, zz->mtime) != 0;
	return zz->failed;
}

/* Closes the archive (libzip writes it into the response's body) unless
   rc says otherwise, and zeroes the documents' bytes: rc, SVC_ERROR or
   ZIP_FULL. */
static int zip_finish(struct zipping *zz, int rc)
{
	if (rc == SVC_OK && zip_close(zz->z) != 0) {
		if (!zz->zb.over)
			log_error("archive: %s", zip_strerror(zz->z));
		rc = zz->zb.over ? ZIP_FULL : SVC_ERROR;
	}
	if (rc != SVC_OK)
		zip_discard(zz->z);
	zipbuf_fini(&zz->zb);
	for (size_t i = 0; i < zz->ndocs; i++) {
		if (zz->docs[i].data)
			sodium_memzero(zz->docs[i].data, zz->docs[i].cap);
		buf_free(&zz->docs[i]);
	}
	free(zz->docs);
	free(zz->path);
	return rc;
}

/* The archive of doc and the person's documents into resp's body: SVC_OK,
   SVC_ERROR, or ZIP_FULL when it would be over its cap. */
static int export_zip(struct request *req, struct response *resp, int64_t id, json_t *doc)
{
	buf pdf;
	buf_init(&pdf, 0);
	int rc = export_pdf(req->svc, doc, &pdf);
	char *json = rc == SVC_OK ? json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
	if (rc == SVC_OK && !json)
		rc = SVC_ERROR;
	buf_free(&resp->body);
	buf_init(&resp->body, zip_cap(req));
	struct zipping zz = {.cap = zip_cap(req)};
	if (rc == SVC_OK && (zz.z = zipbuf_open(&zz.zb, &resp->body)) != NULL) {
		int64_t now = (int64_t)time(NULL);
		char name[64];
		snprintf(name, sizeof name, "dossier-%lld.json", (long long)id);
		if (zip_file(&zz, name, now, json, strlen(json)) == 0) {
			snprintf(name, sizeof name, "dossier-%lld.pdf", (long long)id);
			zip_file(&zz, name, now, pdf.data ? pdf.data : "", pdf.len);
		}
		if (!zz.full && !zz.failed)
			rc = documents_of_person(req->svc, id, zip_begin, zip_sink, zip_end, &zz,
						 NULL);
		rc = zip_finish(&zz, zz.full ? ZIP_FULL : zz.failed ? SVC_ERROR : rc);
	} else if (rc == SVC_OK) {
		zipbuf_fini(&zz.zb);
		rc = SVC_ERROR;
	}
	if (json) {
		sodium_memzero(json, strlen(json));
		free(json);
	}
	sodium_memzero(pdf.data, pdf.len);
	buf_free(&pdf);
	return rc;
}

void api_person_export(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	const char *format = req_query(req, "format");
	if (format && strcmp(format, "json") != 0 && strcmp(format, "pdf") != 0 &&
	    strcmp(format, "zip") != 0) {
		resp_error(req, resp, 400, "bad_parameter", _("Formats disponibles : json, pdf, zip."),
			   "format");
		return;
	}
	/* One transaction for the whole document; it commits even on a
	   refusal, whose audit entry must stay. */
	if (svc_batch_begin(req->svc) != SVC_OK) {
		resp_svc_error(req, resp, SVC_ERROR);
		return;
	}
	int rc = SVC_OK;
	json_t *doc = export_document(req->svc, id, &rc);
	int zip = format && strcmp(format, "zip") == 0;
	/* The archive's documents are read in the same transaction. */
	if (zip && doc)
		rc = export_zip(req, resp, id, doc);
	if (svc_batch_end(req->svc, 1) != SVC_OK && rc == SVC_OK)
		rc = SVC_ERROR;
	if (rc != SVC_OK) {
		json_decref(doc);
		if (zip) { /* the archive begun is dropped, the cap back to a page's */
			buf_free(&resp->body);
			buf_init(&resp->body, HTTP_PAGE_MAX);
		}
		if (zip && rc == ZIP_FULL)
			resp_error(req, resp, 413, "too_large",
				   arena_printf(req->a,
						_("Les documents de cette personne dépassent %zu "
						  "Mio : l'archive ne peut pas être préparée. "
						  "Téléchargez le dossier (JSON ou PDF) et les "
						  "documents un par un."),
						zip_cap(req) >> 20),
				   "format");
		else
			resp_svc_error(req, resp, rc);
		return;
	}
	const char *ext = zip ? "zip" : "json";
	if (!zip && format && strcmp(format, "pdf") == 0) {
		ext = "pdf";
		buf_reset(&resp->body);
		if (export_pdf(req->svc, doc, &resp->body) != SVC_OK) {
			json_decref(doc);
			buf_reset(&resp->body);
			resp_svc_error(req, resp, SVC_ERROR);
			return;
		}
	}
	if (zip || strcmp(ext, "pdf") == 0) {
		json_decref(doc);
		resp->status = 200;
		resp->content_type = zip ? "application/zip" : "application/pdf";
	} else {
		api_send(resp, 200, doc);
	}
	resp_header(resp, "Content-Disposition",
		    arena_printf(req->a, "attachment; filename=\"dossier-%lld.%s\"", (long long)id,
				 ext));
}
