/* purge — see purge.h. */
#include "service/purge.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "domain/date.h"
#include "service/audit.h"
#include "service/internal.h"
#include "service/persons.h"
#include "service/retention.h"

struct due {
	int64_t *ids;
	size_t n, cap;
};

static int due_person(void *ctx, const struct retention_kind_def *kind, int64_t id)
{
	(void)kind;
	struct due *d = ctx;
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		int64_t *more = realloc(d->ids, d->cap * sizeof *more);
		if (!more)
			return -1;
		d->ids = more;
	}
	d->ids[d->n++] = id;
	return 0;
}

/* The persons due, held for update (store_hold) before the first entry
   of the access log is written: a worker's read holds her person, then
   waits for the access log; taking the person after the log would close
   the circle. */
static int hold_all(store *db, const struct due *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (store_hold(db, ST_HOLD_PERSON_REVOKE, d->ids[i]) != STORE_OK)
			return -1;
	return 0;
}

int purge_anonymise(svc *s, int64_t id, const char *today)
{
	static const enum stmt by_person[] = {
		ST_PURGE_CLOSE_CASES,	ST_PURGE_CASES,		ST_PURGE_INTERVENTIONS,
		ST_PURGE_AIDS,		ST_PURGE_BUDGET_LINES, ST_PURGE_ORIENTATIONS,
		ST_PURGE_RETENTION,	ST_PURGE_EMPLOYEE_REQUESTS, ST_PURGE_CORRECTIONS,
		ST_PURGE_RECORD_CORRECTIONS,
		ST_PURGE_LETTERS,	ST_PURGE_SECRECY,	ST_PURGE_CONSENTS,
	};
	store *db = svc_db(s);
	store_value one[] = {SV_INT(id)};
	for (size_t i = 0; i < sizeof by_person / sizeof by_person[0]; i++)
		if (store_exec(db, by_person[i], one, 1, NULL, NULL) != STORE_OK)
			return -1;
	store_value person[] = {SV_INT(id), SV_TEXT(today)};
	store_value shares[] = {SV_INT(id), SV_INT((int64_t)time(NULL))};
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	/* Attachments (issue 16): content and key erased, names sealed no more. */
	if (store_exec(db, ST_PURGE_ATTACHMENT_CHUNKS, one, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_PURGE_ATTACHMENTS, shares, 2, NULL, NULL) != STORE_OK)
		return -1;
	if (store_exec(db, ST_PURGE_SHARES, shares, 2, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_PURGE_PERSON, person, 2, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_PERSON_TERMS_DELETE, one, 1, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "person.anonymise", "person", object) != 0)
		return -1;
	return 0;
}

int purge_run(svc *s, const char *today, int years, int dry_run, purge_fn fn, void *ctx,
	      int64_t *count, struct retention_plan *plan)
{
	*count = 0;
	if (!s->system)
		return SVC_FORBIDDEN;
	if (!today || !date_valid(today) || years < 1 || years > 100)
		return svc_fail(s, SVC_INVALID, "years", "years: from 1 to 100");
	/* The same day `years` years ago (28 February for a 29th). */
	char cutoff[DATE_LEN + 1];
	retention_years_before(today, years, cutoff);
	struct due d = {NULL, 0, 0};
	store *db = svc_db(s);
	int rc = SVC_OK;
	/* Every kind of record due (service/retention.h); the persons that
	   may go: a public body's once the archives' visa is recorded. */
	if (svc_tx_begin(s) != STORE_OK || retention_plan_make(s, today, years, plan) != SVC_OK ||
	    retention_persons(s, plan, dry_run, due_person, &d) != 0 ||
	    (!dry_run && hold_all(db, &d) != 0) || (!dry_run && retention_delete(s, plan) != 0)) {
		free(d.ids);
		return svc_abort(s, "purge_run");
	}
	for (size_t i = 0; i < d.n && !dry_run; i++)
		if (purge_anonymise(s, d.ids[i], today) != 0) {
			free(d.ids);
			return svc_abort(s, "purge_run");
		}
	/* Names typed by the reception go with the period; identity checks
	   once out of their window (service/persons.h). */
	store_value contacts[] = {SV_TEXT(cutoff)};
	int64_t now = (int64_t)time(NULL);
	store_value checks[] = {SV_INT(now - 2 * PERSON_IDENTITY_WINDOW),
				SV_INT(date_year_start(now))};
	if (!dry_run &&
	    (store_exec(db, ST_PURGE_APPOINTMENT_CONTACTS, contacts, 1, NULL, NULL) != STORE_OK ||
	     store_exec(db, ST_PURGE_IDENTITY_CHECKS, checks, 2, NULL, NULL) != STORE_OK)) {
		free(d.ids);
		return svc_abort(s, "purge_run");
	}
	char summary[64];
	snprintf(summary, sizeof summary, "%zu/%s", d.n, cutoff);
	if ((!dry_run && svc_audit(s, "purge.run", "purge", summary) != 0) ||
	    svc_tx_commit(s) != STORE_OK) {
		free(d.ids);
		return svc_abort(s, "purge_run");
	}
	/* The erased bytes leave the database file too (SQLite). */
	int64_t removed = 0;
	for (int k = 0; k < RETENTION__COUNT; k++)
		removed += plan->done[k];
	if (!dry_run && (d.n || removed) && purge_compact(s) != SVC_OK)
		rc = SVC_ERROR;
	for (size_t i = 0; i < d.n && fn; i++)
		fn(ctx, d.ids[i]);
	*count = (int64_t)d.n;
	free(d.ids);
	return rc;
}

int purge_compact(svc *s)
{
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_PURGE_COMPACT, NULL, 0, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_PURGE_CHECKPOINT, NULL, 0, NULL, NULL) != STORE_OK)
		return svc_abort(s, "purge: compacting");
	return SVC_OK;
}
