/* documents — see documents.h. */
#include "service/documents.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "service/internal.h"
#include "support/log.h"

/* The documents listed before any is read (a read runs statements of its
   own, never inside another's rows). */
struct doc_ref {
	int64_t id;
	int64_t created_at;
	char *name;
};

struct doc_list {
	struct doc_ref *d;
	size_t n, cap;
};

static void doc_push(struct doc_list *l, int64_t id, int64_t at, const char *name)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->d = realloc(l->d, l->cap * sizeof *l->d);
		if (!l->d)
			log_fatal("out of memory");
	}
	struct doc_ref *r = &l->d[l->n++];
	r->id = id;
	r->created_at = at;
	r->name = strdup(name ? name : "");
	if (!r->name)
		log_fatal("out of memory");
}

static void doc_free(struct doc_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		sodium_memzero(l->d[i].name, strlen(l->d[i].name));
		free(l->d[i].name);
	}
	free(l->d);
}

static int attachment_ref(void *ctx, const struct attachment_view *v)
{
	if (!v->deleted_at)
		doc_push(ctx, v->id, v->created_at, v->file_name);
	return 0;
}

struct letter_refs {
	svc *s;
	struct doc_list *l;
};

static int letter_ref(void *ctx, const struct letter_view *v)
{
	struct letter_refs *r = ctx;
	const char *title = v->title && *v->title ? v->title : v->template_name;
	char name[LETTER_TITLE_MAX + 16];
	snprintf(name, sizeof name, "%s.odt", title ? title : "courrier");
	doc_push(r->l, v->id, v->created_at, name);
	return 0;
}

/* The caller's callbacks, noting when one stopped (not a failure of ours). */
struct handing {
	document_begin_fn begin;
	attachment_sink_fn sink;
	document_end_fn end;
	void *ctx;
	int stopped;
};

static int hand_sink(void *ctx, const void *data, size_t n)
{
	struct handing *h = ctx;
	if (!h->stopped && h->sink(h->ctx, data, n) != 0)
		h->stopped = 1;
	return h->stopped;
}

/* Hands document d: its beginning, its bytes (from an attachment, or the
   letter's odt when att is 0), its end.  An svc rc. */
static int hand(svc *s, struct handing *h, const struct person_document *d, int64_t att,
		const buf *odt)
{
	if (h->begin(h->ctx, d) != 0) {
		h->stopped = 1;
		return SVC_ERROR;
	}
	int rc = att ? attachments_bytes(s, att, hand_sink, h)
		     : hand_sink(h, odt->data, odt->len) ? SVC_ERROR : SVC_OK;
	if (rc == SVC_OK && h->end(h->ctx) != 0) {
		h->stopped = 1;
		rc = SVC_ERROR;
	}
	return rc;
}

int documents_of_person(svc *s, int64_t person_id, document_begin_fn begin,
			attachment_sink_fn sink, document_end_fn end, void *ctx, int *count)
{
	/* persons_get's check and refusal. */
	int rc = svc_gate_begin(s, ST_PERSON_ACCESS, "person", person_id, "person.read_denied");
	if (rc != SVC_OK)
		return rc;
	struct doc_list atts = {0}, letters = {0};
	struct letter_refs lr = {s, &letters};
	struct handing h = {begin, sink, end, ctx, 0};
	int n = 0;
	buf odt;
	buf_init(&odt, 0);
	if (attachments_of_person(s, person_id, attachment_ref, &atts) != SVC_OK ||
	    letters_of_person(s, person_id, letter_ref, &lr) != SVC_OK) {
		rc = svc_abort(s, "documents_of_person");
		goto out;
	}
	/* The attachments were listed newest first: handed oldest first. */
	for (size_t i = atts.n; i-- > 0 && rc == SVC_OK; n++) {
		struct person_document d = {DOCUMENTS_ATTACHMENTS, atts.d[i].name,
					    atts.d[i].created_at};
		rc = hand(s, &h, &d, atts.d[i].id, NULL);
	}
	/* Only the letters of the cases the caller may open. */
	for (size_t i = 0; i < letters.n && rc == SVC_OK; i++) {
		int open = svc_may_open(s, ST_LETTER_ACCESS, letters.d[i].id);
		if (open < 0)
			rc = svc_abort(s, "documents_of_person");
		if (open <= 0)
			continue;
		struct person_document d = {DOCUMENTS_LETTERS, letters.d[i].name,
					    letters.d[i].created_at};
		rc = letters_odt(s, letters.d[i].id, NULL, NULL, &odt);
		if (rc == SVC_OK)
			rc = hand(s, &h, &d, 0, &odt);
		if (odt.data)
			sodium_memzero(odt.data, odt.len);
		n++;
	}
	char object[48];
	snprintf(object, sizeof object, "%" PRId64 ";%d", person_id, n);
	/* A callback that stopped (the archive full) took nothing away: the
	   reads end without an entry, and the caller's batch still commits. */
	if (rc != SVC_OK && h.stopped)
		svc_tx_commit(s);
	else if (rc != SVC_OK)
		svc_tx_rollback(s);
	else if (svc_audit(s, "person.export", "person", object) != 0 ||
		 svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "documents_of_person");
	else if (count)
		*count = n;
out:
	buf_free(&odt);
	doc_free(&atts);
	doc_free(&letters);
	return rc;
}
