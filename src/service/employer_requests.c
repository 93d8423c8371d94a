/* employer_requests — see employer_requests.h. */
#include "service/employer_requests.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "domain/date.h"
#include "domain/employer_requests.h"
#include "service/internal.h"
#include "service/paging_read.h"
#include "support/buf.h"
#include "support/i18n.h"

/* Additional data of each sealed column: a text moved to another column
   does not open. */
#define AAD_SUBJECT "employer_requests.subject"
#define AAD_MESSAGE "employer_requests.message"
#define AAD_CONTACT "employer_requests.contact"
#define AAD_REPLY "employer_request_replies.message"

/* The scope of the caller's employer requests ($1, $2 of EREQ_SCOPE);
   -1 when the caller has none (an employer without organisation). */
static int scope(const svc *s, int64_t *org, int64_t *worker)
{
	*org = 0;
	*worker = 0;
	if (s->system || s->actor.role == ROLE_HEAD)
		return 0;
	if (s->actor.role == ROLE_EMPLOYER) {
		*org = s->actor.organisation_id;
		return *org > 0 ? 0 : -1;
	}
	if (s->actor.role == ROLE_WORKER) {
		*worker = s->actor.id;
		return 0;
	}
	return -1;
}

/* The rules of domain/employer_requests.h, with its messages; the service
   checks them again (a subject of blanks passes "required" here). */
const struct field employer_requests_fields[EREQ__FIELDS] = {
	[EREQ_SUBJECT] = {"subject", FIELD_LINE, FIELD_REQUIRED, 0, EMPLOYER_REQUESTS_SUBJECT_MAX,
			  N_("L'objet est requis : 200 caractères au plus, sur une ligne."),
			  FIELD_AT(struct employer_request_input, subject)},
	[EREQ_MESSAGE] = {"message", FIELD_TEXT, FIELD_REQUIRED, 0, EMPLOYER_REQUESTS_MESSAGE_MAX,
			  N_("Le message est requis : 4 000 caractères au plus."),
			  FIELD_AT(struct employer_request_input, message)},
	[EREQ_CONTACT] = {"contact", FIELD_LINE, 0, 0, EMPLOYER_REQUESTS_CONTACT_MAX,
			  N_("Le contact fait au plus 200 caractères, sur une ligne."),
			  FIELD_AT(struct employer_request_input, contact)},
};

const struct field employer_requests_reply_fields[EREQ_REPLY__FIELDS] = {
	[EREQ_REPLY_MESSAGE] = {"message", FIELD_TEXT, FIELD_REQUIRED, 0,
				EMPLOYER_REQUESTS_MESSAGE_MAX,
				N_("La réponse est requise : 4 000 caractères au plus."),
				FIELD_AT(struct employer_request_reply_input, message)},
};

int employer_requests_create(svc *s, const struct employer_request_input *in, int64_t *id)
{
	if (!svc_may(s, ACT_REQUESTS_SEND))
		return SVC_FORBIDDEN;
	/* Signed in, or the command line acting as an employer (svc_act_as). */
	if (!(s->signed_in || s->system) || s->actor.organisation_id <= 0)
		return SVC_FORBIDDEN;
	struct verr e;
	if (employer_requests_check(in->subject, in->message, in->contact, &e) != 0)
		return svc_fail(s, SVC_INVALID, e.field, e.message);
	const char *const columns[] = {AAD_SUBJECT, AAD_MESSAGE, AAD_CONTACT};
	const char *const texts[] = {in->subject, in->message, in->contact};
	char today[DATE_LEN + 1];
	date_today(today);
	store_value p[] = {SV_INT(s->actor.organisation_id),
			   SV_INT(s->actor.id),
			   SVC_SEAL_PENDING,
			   SVC_SEAL_PENDING,
			   SV_NULL,
			   SV_TEXT(today),
			   SV_INT(time(NULL))};
	int64_t new_id = 0;
	int rc = SVC_OK;
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_EREQ_INSERT, p, 7, svc_row_int, &new_id) != STORE_OK ||
	    svc_seal_write(s, ST_EREQ_SEAL, new_id, 3, columns, texts) != STORE_OK ||
	    svc_audit_id(s, "request.create", "request", new_id) != 0 || svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "requests_create");
	if (rc == SVC_OK && id)
		*id = new_id;
	return rc;
}

struct list_relay {
	svc *s;
	employer_request_fn fn;
	employer_request_reply_fn replies;
	void *ctx;
};

static int request_row(void *ctx, const store_row *row)
{
	struct list_relay *r = ctx;
	int64_t row_id = store_row_int(row, EREQ_COL_ID);
	char *subject = svc_unseal_col_at(r->s, AAD_SUBJECT, row_id, row, EREQ_COL_SUBJECT);
	char *message = svc_unseal_col_at(r->s, AAD_MESSAGE, row_id, row, EREQ_COL_MESSAGE);
	char *contact = svc_unseal_col_at(r->s, AAD_CONTACT, row_id, row, EREQ_COL_CONTACT);
	struct employer_request_view v = {
		.id = store_row_int(row, EREQ_COL_ID),
		.organisation = store_row_text(row, EREQ_COL_ORG_CODE),
		.organisation_name = store_row_text(row, EREQ_COL_ORG_NAME),
		.author = store_row_text(row, EREQ_COL_AUTHOR_NAME),
		.subject = subject ? subject : "",
		.message = message ? message : "",
		.contact = contact,
		.status = store_row_text(row, EREQ_COL_STATUS),
		.created_at = store_row_int(row, EREQ_COL_CREATED_AT),
		.updated_at = store_row_int(row, EREQ_COL_UPDATED_AT),
	};
	int stop = r->fn(r->ctx, &v);
	free(subject);
	free(message);
	free(contact);
	return stop;
}

static int reply_row(void *ctx, const store_row *row)
{
	struct list_relay *r = ctx;
	int64_t row_id = store_row_int(row, EREQ_REPLY_COL_ID);
	char *message = svc_unseal_col_at(r->s, AAD_REPLY, row_id, row, EREQ_REPLY_COL_MESSAGE);
	struct employer_request_reply_view v = {
		.id = store_row_int(row, EREQ_REPLY_COL_ID),
		.request_id = store_row_int(row, EREQ_REPLY_COL_REQUEST_ID),
		.author = store_row_text(row, EREQ_REPLY_COL_AUTHOR_NAME),
		.message = message ? message : "",
		.created_at = store_row_int(row, EREQ_REPLY_COL_CREATED_AT),
	};
	int stop = r->replies(r->ctx, &v);
	free(message);
	return stop;
}

/* The requests' cursor: the time and id of a request. */
static void request_cursor(struct page *pg, const store_row *row)
{
	page_cursor_int_id(pg->next, store_row_int(row, EREQ_COL_CREATED_AT),
			   store_row_int(row, EREQ_COL_ID));
}

int employer_requests_page(svc *s, struct page *pg, employer_request_fn fn,
			   employer_request_reply_fn replies, void *ctx)
{
	if (!svc_may(s, ACT_REQUESTS_READ))
		return SVC_FORBIDDEN;
	int64_t after_at = INT64_MAX, after_id = INT64_MAX;
	if (pg->after[0] && page_cursor_int_id_parse(pg->after, &after_at, &after_id) != 0)
		return page_refuse_cursor(s);
	page_read_start(pg);
	int64_t org, worker;
	if (scope(s, &org, &worker) != 0)
		return SVC_OK;
	struct list_relay r = {s, fn, replies, ctx};
	struct page_read p = {pg, request_cursor, request_row, &r};
	store_value c[] = {SV_INT(org), SV_INT(worker)};
	store_value q[] = {SV_INT(org),	 SV_INT(worker), SV_INT(after_at),
			   SV_INT(after_id), SV_INT(pg->limit + 1)};
	store *db = svc_db(s);
	if (svc_tx_begin(s) != STORE_OK || svc_audit(s, "request.list", NULL, NULL) != 0 ||
	    store_exec(db, ST_EREQ_COUNT, c, 2, svc_row_int, &pg->total) != STORE_OK ||
	    store_exec(db, ST_EREQ_PAGE, q, 5, page_read, &p) != STORE_OK)
		return svc_abort(s, "requests_page");
	/* The replies to the page's requests: down to its last row. */
	int64_t last_at = 0, last_id = 0;
	int rows = pg->next[0] && page_cursor_int_id_parse(pg->next, &last_at, &last_id) == 0;
	store_value w[] = {SV_INT(org),	    SV_INT(worker),  SV_INT(after_at),
			   SV_INT(after_id), SV_INT(last_at), SV_INT(last_id)};
	if ((replies && rows &&
	     store_exec(db, ST_EREQ_REPLIES_PAGE, w, 6, reply_row, &r) != STORE_OK) ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "requests_page");
	page_read_done(pg);
	return SVC_OK;
}

static int status_row(void *ctx, const store_row *row)
{
	const char *t = store_row_text(row, SCALAR_COL_VALUE);
	snprintf(ctx, 16, "%s", t ? t : "");
	return 1;
}

/* The status of request id when in the caller's scope, else "" (after
   auditing the refusal as denied). */
static int in_scope(svc *s, int64_t id, char status[16], const char *denied)
{
	int64_t org, worker;
	status[0] = '\0';
	if (scope(s, &org, &worker) == 0) {
		store_value p[] = {SV_INT(org), SV_INT(worker), SV_INT(id)};
		if (store_exec(svc_db(s), ST_EREQ_GET, p, 3, status_row, status) != STORE_OK)
			return svc_abort(s, denied);
	}
	return status[0] ? SVC_OK : svc_refuse(s, denied, "request", id);
}

int employer_requests_reply(svc *s, int64_t id, const char *message)
{
	if (!svc_may(s, ACT_REQUESTS_REPLY))
		return SVC_FORBIDDEN;
	char status[16];
	int rc = in_scope(s, id, status, "request.reply_denied");
	if (rc != SVC_OK)
		return rc;
	if (!employer_requests_is_live(status))
		return svc_fail(s, SVC_CONFLICT, "status", N_("Cette demande est close."));
	struct verr e;
	if (employer_requests_reply_check(message, &e) != 0)
		return svc_fail(s, SVC_INVALID, e.field, e.message);
	const char *const columns[] = {AAD_REPLY}, *const texts[] = {message};
	int64_t now = (int64_t)time(NULL), reply = 0;
	store_value p[] = {SV_INT(id), SV_INT(s->actor.id), SVC_SEAL_PENDING, SV_INT(now)};
	store_value st[] = {SV_INT(id), SV_TEXT("answered"), SV_INT(now)};
	store *db = svc_db(s);
	rc = SVC_OK;
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_EREQ_REPLY_INSERT, p, 4, svc_row_int, &reply) != STORE_OK ||
	    svc_seal_write(s, ST_EREQ_REPLY_SEAL, reply, 1, columns, texts) != STORE_OK ||
	    store_exec(db, ST_EREQ_SET_STATUS, st, 3, NULL, NULL) != STORE_OK ||
	    svc_audit_id(s, "request.reply", "request", id) != 0 || svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "requests_reply");
	return rc;
}

int employer_requests_close(svc *s, int64_t id)
{
	if (!svc_may(s, ACT_REQUESTS_READ))
		return SVC_FORBIDDEN;
	char status[16];
	int rc = in_scope(s, id, status, "request.close_denied");
	if (rc != SVC_OK)
		return rc;
	if (!employer_requests_is_live(status))
		return svc_fail(s, SVC_CONFLICT, "status", N_("Cette demande est déjà close."));
	store_value st[] = {SV_INT(id), SV_TEXT("closed"), SV_INT(time(NULL))};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_EREQ_SET_STATUS, st, 3, NULL, NULL) != STORE_OK ||
	    svc_audit_id(s, "request.close", "request", id) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "requests_close");
	return SVC_OK;
}

/* ---- dashboard ---- */

struct dash {
	const char *today;
	dashboard_fn fn;
	void *ctx;
};

/* A worker's line: the organisation's name and the request's date. */
static int dash_row(void *ctx, const store_row *row)
{
	struct dash *d = ctx;
	const char *date = store_row_text(row, EREQ_OPEN_COL_CREATED_ON);
	int64_t days = date && date_valid(date) ? date_days_between(date, d->today) : 0;
	struct dashboard_item it = {
		"employer_request", 0, store_row_text(row, EREQ_OPEN_COL_ORG_NAME), date, days, 1, NULL};
	d->fn(d->ctx, &it);
	return 0;
}

int employer_requests_dashboard(svc *s, dashboard_fn fn, void *ctx)
{
	if (s->system || !s->signed_in)
		return SVC_OK;
	store *db = svc_db(s);
	if (svc_may(s, ACT_CASEWORK)) {
		char today[DATE_LEN + 1];
		date_today(today);
		struct dash d = {today, fn, ctx};
		store_value p[] = {SV_INT(s->actor.id)};
		if (svc_tx_begin(s) != STORE_OK ||
		    svc_audit(s, "request.dashboard", NULL, NULL) != 0 ||
		    store_exec(db, ST_EREQ_OPEN, p, 1, dash_row, &d) != STORE_OK ||
		    svc_tx_commit(s) != STORE_OK)
			return svc_abort(s, "requests_dashboard");
		return SVC_OK;
	}
	if (svc_may(s, ACT_CASELOADS)) {
		int64_t open = 0;
		if (store_exec(db, ST_EREQ_OPEN_COUNT, NULL, 0, svc_row_int, &open) != STORE_OK)
			return svc_abort(s, "requests_dashboard");
		struct dashboard_item it = {.kind = "employer_request", .count = open};
		fn(ctx, &it);
	}
	return SVC_OK;
}
