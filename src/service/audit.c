/* audit — see audit.h. */
#include "service/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/audit_chain.h"
#include "domain/date.h"
#include "service/internal.h"

#define AUDIT_PAGE 1000

static void row_from_store(const store_row *row, struct audit_row *r)
{
	r->id = store_row_int(row, AUDIT_COL_ID);
	r->at = store_row_int(row, AUDIT_COL_AT);
	r->actor_id = store_row_int(row, AUDIT_COL_ACTOR_ID);
	r->actor_login = store_row_text(row, AUDIT_COL_ACTOR_LOGIN);
	r->action = store_row_text(row, AUDIT_COL_ACTION);
	r->object_type = store_row_text(row, AUDIT_COL_OBJECT_TYPE);
	r->object_id = store_row_text(row, AUDIT_COL_OBJECT_ID);
	r->client_addr = store_row_text(row, AUDIT_COL_CLIENT_ADDR);
	r->prev_hash = store_row_text(row, AUDIT_COL_PREV_HASH);
	r->hash = store_row_text(row, AUDIT_COL_HASH);
}

struct relay {
	audit_row_fn fn;
	void *ctx;
	int64_t last_id; /* for paging */
	int64_t count;   /* rows seen on this page */
	int stopped;     /* fn asked to stop */
};

static int relay_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	struct audit_row a;
	row_from_store(row, &a);
	r->last_id = a.id;
	r->count++;
	if (r->fn(r->ctx, &a)) {
		r->stopped = 1;
		return 1;
	}
	return 0;
}

/* Reading the log is itself logged (who looked at whose traces), except
   from the command line, whose operator holds the database anyway. */
static int log_reading(svc *s, const char *action)
{
	if (s->system)
		return SVC_OK;
	store *db = svc_db(s);
	if (!db || svc_tx_begin(s) != STORE_OK || svc_audit(s, action, NULL, NULL) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, action);
	return SVC_OK;
}

int audit_recent(svc *s, int limit, audit_row_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_AUDIT_READ))
		return SVC_FORBIDDEN;
	int rc = log_reading(s, "audit.read");
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	struct relay r = {fn, ctx, 0, 0, 0};
	store_value p[] = {SV_INT(limit)};
	if (!db || store_exec(db, ST_AUDIT_RECENT, p, 1, relay_row, &r) != STORE_OK)
		return svc_abort(s, "audit_recent");
	return SVC_OK;
}

int audit_scan(svc *s, audit_row_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_AUDIT_READ))
		return SVC_FORBIDDEN;
	store *db = svc_db(s);
	if (!db)
		return svc_abort(s, "audit_scan");
	struct relay r = {fn, ctx, 0, 0, 0};
	/* Pages keyed on id: constant memory however long the log. */
	do {
		r.count = 0;
		store_value p[] = {SV_INT(r.last_id), SV_INT(AUDIT_PAGE)};
		if (store_exec(db, ST_AUDIT_SCAN, p, 2, relay_row, &r) != STORE_OK)
			return svc_abort(s, "audit_scan");
	} while (r.count == AUDIT_PAGE && !r.stopped);
	return SVC_OK;
}

/* ---- report reads of employer accounts ---- */

/* One account-day being counted. */
struct day_count {
	struct report_reads *out;
	int64_t actor;           /* 0 before the first row */
	char login[128];
	char day[DATE_LEN + 1];
	int64_t reads;
	int stopped;
};

static int flush_day(struct day_count *d)
{
	if (!d->actor || d->reads <= d->out->threshold || !d->out->on_alert)
		return 0;
	struct report_read_alert a = {d->login, d->day, d->reads};
	d->stopped = d->out->on_alert(d->out->ctx, &a) != 0;
	return d->stopped;
}

static int count_row(void *ctx, const store_row *row)
{
	struct day_count *d = ctx;
	int64_t actor = store_row_int(row, READS_BY_ACTOR_COL_ACTOR_ID);
	const char *login = store_row_text(row, READS_BY_ACTOR_COL_ACTOR_LOGIN);
	time_t at = (time_t)store_row_int(row, READS_BY_ACTOR_COL_AT);
	struct tm tm;
	char day[DATE_LEN + 1];
	if (!localtime_r(&at, &tm) || strftime(day, sizeof day, "%Y-%m-%d", &tm) == 0)
		snprintf(day, sizeof day, "?");
	if (actor != d->actor || strcmp(day, d->day) != 0) {
		if (flush_day(d))
			return 1;
		d->actor = actor;
		snprintf(d->login, sizeof d->login, "%s", login ? login : "");
		snprintf(d->day, sizeof d->day, "%s", day);
		d->reads = 0;
	}
	d->reads++;
	return 0;
}

static int read_row(void *ctx, const store_row *row)
{
	struct report_reads *out = ctx;
	struct report_read r = {store_row_int(row, EMPLOYER_READ_COL_AT),
				store_row_text(row, EMPLOYER_READ_COL_ACTOR_LOGIN),
				store_row_text(row, EMPLOYER_READ_COL_OBJECT_ID)};
	return out->on_read(out->ctx, &r) != 0;
}

int audit_report_reads(svc *s, int limit, struct report_reads *out)
{
	out->threshold = app_config(s->app)->report_read_alert;
	if (!svc_may(s, ACT_AUDIT_READ))
		return SVC_FORBIDDEN;
	int rc = log_reading(s, "audit.read");
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	/* Streamed account by account: constant memory however long the log. */
	struct day_count d;
	memset(&d, 0, sizeof d);
	d.out = out;
	if (!db || store_exec(db, ST_AUDIT_EMPLOYER_READS_BY_ACTOR, NULL, 0, count_row, &d) !=
			   STORE_OK)
		return svc_abort(s, "audit_report_reads");
	if (!d.stopped)
		flush_day(&d);
	store_value p[] = {SV_INT(limit)};
	if (out->on_read &&
	    store_exec(db, ST_AUDIT_EMPLOYER_READS, p, 1, read_row, out) != STORE_OK)
		return svc_abort(s, "audit_report_reads");
	return SVC_OK;
}

struct verify {
	svc *s;
	struct audit_check *out;
	char prev[SEC_HASH_HEX_LEN + 1];
};

static int verify_row(void *ctx, const struct audit_row *r)
{
	struct verify *v = ctx;
	struct audit_check *c = v->out;
	const char *why = NULL;
	c->rows++;
	if (r->id != c->rows) {
		why = "row missing before this one (ids are not consecutive)";
	} else if (!r->prev_hash || strcmp(r->prev_hash, v->prev) != 0) {
		why = "prev_hash does not match the hash of the row before";
	} else {
		struct audit_entry e = {r->id,		 r->at,		 r->actor_id,
					r->actor_login,	 r->action,	 r->object_type,
					r->object_id,	 r->client_addr, r->prev_hash};
		char hash[SEC_HASH_HEX_LEN + 1];
		audit_entry_hash(v->s->app->audit_key, &e, hash);
		if (!r->hash || !sec_streq(hash, r->hash))
			why = "hash does not match the row's content (changed, or wrong key)";
	}
	if (why) {
		c->first_bad = r->id;
		c->why = why;
		return 1;
	}
	snprintf(v->prev, sizeof v->prev, "%s", r->hash);
	return 0;
}

int audit_verify(svc *s, struct audit_check *out)
{
	memset(out, 0, sizeof *out);
	if (!svc_may(s, ACT_AUDIT_READ))
		return SVC_FORBIDDEN;
	int rc = log_reading(s, "audit.verify");
	if (rc != SVC_OK)
		return rc;
	struct verify v = {s, out, AUDIT_GENESIS};
	return audit_scan(s, verify_row, &v);
}
