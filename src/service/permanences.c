/* permanences — see permanences.h. */
#include "service/permanences.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/account.h"
#include "domain/agenda.h"
#include "domain/date.h"
#include "service/corrections.h"
#include "service/internal.h"
#include "service/organisations.h"
#include "support/i18n.h"
#include "support/log.h"

#define PERMANENCES_MAX 2000 /* per list */

static char *dup_or_null(const char *t)
{
	if (!t)
		return NULL;
	size_t n = strlen(t) + 1;
	char *c = malloc(n);
	if (!c) {
		log_error("agenda: out of memory");
		abort();
	}
	memcpy(c, t, n);
	return c;
}

const struct field permanences_fields[PERMANENCE__FIELDS] = {
	[PERMANENCE_ORGANISATION] = {"organisation", FIELD_CODE, FIELD_REQUIRED, 0, 0,
				     N_("Organisation inconnue."),
				     FIELD_AT(struct permanence_input, organisation)},
	[PERMANENCE_WORKER] = {"worker", FIELD_CODE, FIELD_REQUIRED, 0, ACCOUNT_LOGIN_MAX,
			       N_("Choisissez une assistante affectée à cette organisation."),
			       FIELD_AT(struct permanence_input, worker)},
	[PERMANENCE_SITE] = {"site", FIELD_LINE, FIELD_REQUIRED, 0, PERMANENCE_SITE_MAX,
			     N_("Le lieu est obligatoire (200 caractères au plus, une ligne)."),
			     FIELD_AT(struct permanence_input, site)},
	[PERMANENCE_WEEKDAY] = {"weekday", FIELD_INT, FIELD_REQUIRED, 1, 7,
				N_("Le jour est un nombre de 1 (lundi) à 7 (dimanche)."),
				FIELD_AT(struct permanence_input, weekday)},
	[PERMANENCE_START] = {"start", FIELD_LINE, FIELD_REQUIRED, 0, 0,
			      N_("L'heure de début s'écrit HH:MM."),
			      FIELD_AT(struct permanence_input, start)},
	[PERMANENCE_END] = {"end", FIELD_LINE, FIELD_REQUIRED, 0, 0,
			    N_("L'heure de fin s'écrit HH:MM et suit l'heure de début."),
			    FIELD_AT(struct permanence_input, end)},
	[PERMANENCE_EVERY_WEEKS] = {"every_weeks", FIELD_INT, 0, 1, 4,
				    N_("La fréquence est de 1, 2 ou 4 semaines."),
				    FIELD_AT(struct permanence_input, every_weeks)},
	[PERMANENCE_FROM] = {"from", FIELD_DATE, FIELD_REQUIRED, 0, 0,
			     N_("La date de début est une date valide (AAAA-MM-JJ)."),
			     FIELD_AT(struct permanence_input, from)},
	[PERMANENCE_UNTIL] = {"until", FIELD_DATE, 0, 0, 0,
			      N_("La date de fin est une date valide qui laisse au moins une "
				 "permanence."),
			      FIELD_AT(struct permanence_input, until)},
};

const struct field permanence_exceptions_fields[EXCEPTION__FIELDS] = {
	[EXCEPTION_DATE] = {"date", FIELD_DATE, FIELD_REQUIRED, 0, 0,
			    N_("Cette date n'est pas un jour de la permanence."),
			    FIELD_AT(struct permanence_exception, date)},
	[EXCEPTION_REASON] = {"reason", FIELD_LINE, FIELD_REQUIRED, 0, PERMANENCE_REASON_MAX,
			      N_("Le motif est obligatoire (200 caractères au plus, une ligne)."),
			      FIELD_AT(struct permanence_exception, reason)},
};

/* Refuses the value of field f, with the table's name and message. */
static int invalid(svc *s, const struct field *f)
{
	return svc_fail(s, SVC_INVALID, f->name, field_message(f));
}

/* A permanence as stored (ST_PERMANENCE_GET and friends). */
struct perm {
	int64_t id, worker_id, organisation_id;
	int weekday, start, end, every;
	char from[DATE_LEN + 1], until[DATE_LEN + 1]; /* until "" when none */
};

static void perm_rule(const struct perm *p, struct agenda_rule *r)
{
	r->weekday = p->weekday;
	r->start = p->start;
	r->end = p->end;
	r->every_weeks = p->every;
	r->from = p->from;
	r->until = p->until[0] ? p->until : NULL;
}

static void perm_read(const store_row *row, struct perm *p)
{
	p->id = store_row_int(row, PERMANENCE_COL_ID);
	p->worker_id = store_row_int(row, PERMANENCE_COL_WORKER_ID);
	p->weekday = (int)store_row_int(row, PERMANENCE_COL_WEEKDAY);
	p->start = agenda_time_parse(store_row_text(row, PERMANENCE_COL_START_TIME));
	p->end = agenda_time_parse(store_row_text(row, PERMANENCE_COL_END_TIME));
	p->every = (int)store_row_int(row, PERMANENCE_COL_EVERY_WEEKS);
	svc_row_copy(row, PERMANENCE_COL_FROM_ON, p->from, sizeof p->from);
	svc_row_copy(row, PERMANENCE_COL_UNTIL_ON, p->until, sizeof p->until);
	p->organisation_id = store_row_int(row, PERMANENCE_COL_ORGANISATION_ID);
}

struct clash {
	const struct agenda_rule *rule;
	int64_t skip; /* the permanence corrected, else 0 */
	int found;
};

static int clash_row(void *ctx, const store_row *row)
{
	struct clash *c = ctx;
	struct perm p;
	struct agenda_rule r;
	perm_read(row, &p);
	perm_rule(&p, &r);
	if (p.id != c->skip && agenda_rules_overlap(c->rule, &r)) {
		c->found = 1;
		return 1;
	}
	return 0;
}

/* A permanence's input, checked. */
struct checked {
	int64_t org, worker;
	struct agenda_rule rule;
	char start[AGENDA_TIME_LEN + 1], end[AGENDA_TIME_LEN + 1];
};

/* SVC_OK when in may be a permanence (k filled), else the refusal naming
   its field.  The overlap is checked apart (in the write's transaction). */
static int perm_check(svc *s, const struct permanence_input *in, struct checked *k)
{
	memset(k, 0, sizeof *k);
	int rc = in->organisation && *in->organisation
			 ? organisations_visible_id(s, in->organisation, &k->org)
			 : SVC_NOT_FOUND;
	if (rc == SVC_ERROR)
		return rc;
	if (rc != SVC_OK)
		return invalid(s, &permanences_fields[PERMANENCE_ORGANISATION]);
	int found = svc_worker_find(s, in->worker, &k->worker);
	if (found < 0)
		return svc_abort(s, "permanences_check");
	int64_t assigned = 0;
	if (found) {
		store_value a[] = {SV_INT(k->org), SV_INT(k->worker)};
		if (store_exec(svc_db(s), ST_ASSIGN_CHECK, a, 2, svc_row_int, &assigned) != STORE_OK)
			return svc_abort(s, "permanences_check");
	}
	if (!found || !assigned)
		return invalid(s, &permanences_fields[PERMANENCE_WORKER]);
	if (!svc_line_ok(in->site, PERMANENCE_SITE_MAX))
		return invalid(s, &permanences_fields[PERMANENCE_SITE]);
	if (in->weekday < 1 || in->weekday > 7)
		return invalid(s, &permanences_fields[PERMANENCE_WEEKDAY]);
	int start = agenda_time_parse(in->start), end = agenda_time_parse(in->end);
	if (start < 0)
		return invalid(s, &permanences_fields[PERMANENCE_START]);
	if (end < 0 || end <= start)
		return invalid(s, &permanences_fields[PERMANENCE_END]);
	if (in->every_weeks != 1 && in->every_weeks != 2 && in->every_weeks != 4)
		return invalid(s, &permanences_fields[PERMANENCE_EVERY_WEEKS]);
	if (!in->from || !date_valid(in->from))
		return invalid(s, &permanences_fields[PERMANENCE_FROM]);
	k->rule = (struct agenda_rule){(int)in->weekday, start, end, (int)in->every_weeks,
				       in->from, in->until && *in->until ? in->until : NULL};
	char first[DATE_LEN + 1];
	if (k->rule.until &&
	    (!date_valid(k->rule.until) || date_cmp(k->rule.until, k->rule.from) < 0 ||
	     agenda_first(&k->rule, first) != 0))
		return invalid(s, &permanences_fields[PERMANENCE_UNTIL]);
	agenda_time_format(start, k->start);
	agenda_time_format(end, k->end);
	return SVC_OK;
}

/* In the open transaction: SVC_OK unless k overlaps another permanence of
   its worker than skip (then rolled back, refused on "start"). */
static int clash_check(svc *s, const struct checked *k, int64_t skip)
{
	struct clash c = {&k->rule, skip, 0};
	store_value w[] = {SV_INT(k->worker)};
	if (store_exec(svc_db(s), ST_PERMANENCES_OF_WORKER, w, 1, clash_row, &c) != STORE_OK)
		return svc_abort(s, "permanences_clash");
	if (c.found) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_INVALID, "start",
				N_("Cette permanence chevauche une autre permanence de la même "
				   "assistante (même jour, heures communes)."));
	}
	return SVC_OK;
}

int permanences_create(svc *s, const struct permanence_input *in, int64_t *id)
{
	if (!svc_may(s, ACT_PERMANENCES_EDIT))
		return SVC_FORBIDDEN;
	struct checked k;
	int rc = perm_check(s, in, &k);
	if (rc != SVC_OK)
		return rc;
	int64_t new_id = 0;
	store_value p[] = {SV_INT(k.org),
			   SV_INT(k.worker),
			   SV_TEXT(in->site),
			   SV_INT(in->weekday),
			   SV_TEXT(k.start),
			   SV_TEXT(k.end),
			   SV_INT(in->every_weeks),
			   SV_TEXT(in->from),
			   k.rule.until ? SV_TEXT(k.rule.until) : SV_NULL,
			   SV_INT(s->actor.id),
			   SV_INT((int64_t)time(NULL))};
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "permanences_create");
	rc = clash_check(s, &k, 0);
	if (rc != SVC_OK)
		return rc;
	char object[24];
	if (store_exec(svc_db(s), ST_PERMANENCE_INSERT, p, 11, svc_row_int, &new_id) != STORE_OK ||
	    (snprintf(object, sizeof object, "%" PRId64, new_id),
	     svc_audit(s, "permanence.create", "permanence", object) != 0) ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "permanences_create");
	if (id)
		*id = new_id;
	return SVC_OK;
}

/* ---- corrections (service/corrections.h) ---- */

static int perm_row(void *ctx, const store_row *row)
{
	struct perm *p = ctx;
	perm_read(row, p);
	return 1;
}

static int site_row(void *ctx, const store_row *row)
{
	svc_row_copy(row, 0, ctx, 4 * PERMANENCE_SITE_MAX + 1);
	return 1;
}

/* The door of a correction or deletion of permanence id: whoever may
   create permanences.  Anyone else: SVC_NOT_FOUND, audited as denied. */
static int perm_correctable(svc *s, int64_t id, const char *denied, struct perm *p,
			    char site[4 * PERMANENCE_SITE_MAX + 1])
{
	memset(p, 0, sizeof *p);
	site[0] = '\0';
	store_value k[] = {SV_INT(id)};
	if (store_exec(svc_db(s), ST_PERMANENCE_GET, k, 1, perm_row, p) != STORE_OK ||
	    store_exec(svc_db(s), ST_PERMANENCE_SITE, k, 1, site_row, site) != STORE_OK)
		return svc_abort(s, denied);
	if (!p->id || !s->signed_in || !svc_may(s, ACT_PERMANENCES_EDIT))
		return svc_refuse(s, denied, "permanence", id);
	return SVC_OK;
}

int permanences_correct(svc *s, int64_t id, const struct permanence_input *in,
			const char *reason)
{
	struct perm p;
	char site[4 * PERMANENCE_SITE_MAX + 1];
	struct checked k;
	int rc = perm_correctable(s, id, "permanence.correct_denied", &p, site);
	if (rc == SVC_OK)
		rc = perm_check(s, in, &k);
	if (rc == SVC_OK)
		rc = corrections_check(s, reason);
	if (rc != SVC_OK)
		return rc;
	char fields[160] = "";
	corrections_field(fields, sizeof fields, p.organisation_id != k.org, "organisation");
	corrections_field(fields, sizeof fields, p.worker_id != k.worker, "worker");
	corrections_field(fields, sizeof fields, strcmp(site, in->site) != 0, "site");
	corrections_field(fields, sizeof fields, p.weekday != in->weekday, "weekday");
	corrections_field(fields, sizeof fields, p.start != k.rule.start, "start");
	corrections_field(fields, sizeof fields, p.end != k.rule.end, "end");
	corrections_field(fields, sizeof fields, p.every != in->every_weeks, "every_weeks");
	corrections_field(fields, sizeof fields, strcmp(p.from, in->from) != 0, "from");
	corrections_field(fields, sizeof fields,
			  strcmp(p.until, k.rule.until ? k.rule.until : "") != 0, "until");
	store_value v[] = {SV_INT(id),
			   SV_INT(k.org),
			   SV_INT(k.worker),
			   SV_TEXT(in->site),
			   SV_INT(in->weekday),
			   SV_TEXT(k.start),
			   SV_TEXT(k.end),
			   SV_INT(in->every_weeks),
			   SV_TEXT(in->from),
			   k.rule.until ? SV_TEXT(k.rule.until) : SV_NULL};
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "permanences_correct");
	rc = clash_check(s, &k, id);
	if (rc != SVC_OK)
		return rc;
	if (store_exec(svc_db(s), ST_PERMANENCE_UPDATE, v, 10, NULL, NULL) != STORE_OK ||
	    corrections_record(s, "permanence", id, 0, "edit", fields, reason) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "permanences_correct");
	return SVC_OK;
}

int permanences_delete(svc *s, int64_t id, const char *reason)
{
	struct perm p;
	char site[4 * PERMANENCE_SITE_MAX + 1];
	int rc = perm_correctable(s, id, "permanence.delete_denied", &p, site);
	if (rc == SVC_OK)
		rc = corrections_check(s, reason);
	if (rc != SVC_OK)
		return rc;
	static const enum stmt st[] = {ST_PERMANENCE_EXCEPTIONS_CLEAR, ST_PERMANENCE_DELETE};
	return corrections_delete(s, "permanence", id, 0, st, 2, reason, "permanences_delete");
}

/* A listed permanence, copied out of the row (the exceptions are read
   after the list: one statement at a time). */
struct listed {
	int64_t id;
	char *organisation, *organisation_name, *worker, *worker_name, *site;
	int weekday, every;
	char start[AGENDA_TIME_LEN + 1], end[AGENDA_TIME_LEN + 1];
	char from[DATE_LEN + 1], until[DATE_LEN + 1];
};

struct listing {
	struct listed *items;
	size_t n;
};

static int listed_row(void *ctx, const store_row *row)
{
	struct listing *l = ctx;
	if (l->n >= PERMANENCES_MAX)
		return 1;
	struct listed *e = &l->items[l->n++];
	e->id = store_row_int(row, PERMANENCE_LIST_COL_ID);
	e->organisation = dup_or_null(store_row_text(row, PERMANENCE_LIST_COL_ORG_CODE));
	e->organisation_name = dup_or_null(store_row_text(row, PERMANENCE_LIST_COL_ORG_NAME));
	e->worker = dup_or_null(store_row_text(row, PERMANENCE_LIST_COL_WORKER_LOGIN));
	e->worker_name = dup_or_null(store_row_text(row, PERMANENCE_LIST_COL_WORKER_NAME));
	e->site = dup_or_null(store_row_text(row, PERMANENCE_LIST_COL_SITE));
	e->weekday = (int)store_row_int(row, PERMANENCE_LIST_COL_WEEKDAY);
	svc_row_copy(row, PERMANENCE_LIST_COL_START_TIME, e->start, sizeof e->start);
	svc_row_copy(row, PERMANENCE_LIST_COL_END_TIME, e->end, sizeof e->end);
	e->every = (int)store_row_int(row, PERMANENCE_LIST_COL_EVERY_WEEKS);
	svc_row_copy(row, PERMANENCE_LIST_COL_FROM_ON, e->from, sizeof e->from);
	svc_row_copy(row, PERMANENCE_LIST_COL_UNTIL_ON, e->until, sizeof e->until);
	return 0;
}

static void listing_free(struct listing *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].organisation);
		free(l->items[i].organisation_name);
		free(l->items[i].worker);
		free(l->items[i].worker_name);
		free(l->items[i].site);
	}
	free(l->items);
}

/* The exceptions of one permanence. */
struct exceptions {
	struct permanence_exception *items;
	char (*dates)[DATE_LEN + 1];
	char **reasons;
	int n, max;
	int hide_reason;
};

static int exception_row(void *ctx, const store_row *row)
{
	struct exceptions *x = ctx;
	if (x->n >= x->max) {
		int max = x->max ? x->max * 2 : 8;
		x->items = realloc(x->items, sizeof *x->items * (size_t)max);
		x->dates = realloc(x->dates, sizeof *x->dates * (size_t)max);
		x->reasons = realloc(x->reasons, sizeof *x->reasons * (size_t)max);
		if (!x->items || !x->dates || !x->reasons) {
			log_error("agenda: out of memory");
			abort();
		}
		x->max = max;
	}
	svc_row_copy(row, PERMANENCE_EXCEPTION_COL_ON_DATE, x->dates[x->n], DATE_LEN + 1);
	x->reasons[x->n] =
		x->hide_reason ? NULL
			       : dup_or_null(store_row_text(row, PERMANENCE_EXCEPTION_COL_REASON));
	x->n++;
	return 0;
}

static void exceptions_reset(struct exceptions *x)
{
	for (int i = 0; i < x->n; i++)
		free(x->reasons[i]);
	x->n = 0;
}

static void exceptions_free(struct exceptions *x)
{
	exceptions_reset(x);
	free(x->items);
	free(x->dates);
	free(x->reasons);
}

int permanences_list(svc *s, const char *organisation, const char *worker, permanence_fn fn,
		     void *ctx)
{
	if (!svc_may(s, ACT_PERMANENCES_READ))
		return SVC_FORBIDDEN;
	int employer = !s->system && s->actor.role == ROLE_EMPLOYER;
	int64_t org = 0, wid = 0;
	if (organisation && *organisation) {
		int rc = organisations_visible_id(s, organisation, &org);
		if (rc != SVC_OK)
			return rc;
	} else if (employer) {
		org = s->actor.organisation_id;
		if (!org)
			return SVC_NOT_FOUND;
	}
	if (!s->system && s->actor.role == ROLE_WORKER) {
		wid = s->actor.id; /* her own, whatever was asked */
	} else if (!employer && worker && *worker) {
		int found = svc_worker_find(s, worker, &wid);
		if (found < 0)
			return svc_abort(s, "permanences_list");
		if (!found)
			return svc_fail(s, SVC_INVALID, "worker", N_("Assistante inconnue."));
	}
	struct listing l = {calloc(PERMANENCES_MAX, sizeof(struct listed)), 0};
	struct exceptions x = {NULL, NULL, NULL, 0, 0, employer};
	if (!l.items) {
		log_error("agenda: out of memory");
		abort();
	}
	int rc = SVC_OK;
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, org);
	store_value p[] = {SV_INT(org), SV_INT(wid)};
	if (svc_tx_begin(s) != STORE_OK ||
	    svc_audit(s, "permanence.list", org ? "organisation" : NULL, org ? object : NULL) !=
		    0 ||
	    store_exec(svc_db(s), ST_PERMANENCE_LIST, p, 2, listed_row, &l) != STORE_OK) {
		rc = svc_abort(s, "permanences_list");
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct listed *e = &l.items[i];
		exceptions_reset(&x);
		store_value q[] = {SV_INT(e->id)};
		if (store_exec(svc_db(s), ST_PERMANENCE_EXCEPTIONS, q, 1, exception_row, &x) !=
		    STORE_OK) {
			rc = svc_abort(s, "permanences_list");
			goto out;
		}
		for (int k = 0; k < x.n; k++) {
			x.items[k].date = x.dates[k];
			x.items[k].reason = x.reasons[k];
		}
		struct permanence_view v = {e->id,	 e->organisation, e->organisation_name,
					    employer ? NULL : e->worker, e->worker_name,
					    e->site,	 e->weekday,	  e->start,
					    e->end,	 e->every,	  e->from,
					    e->until[0] ? e->until : NULL, x.items, x.n};
		if (fn(ctx, &v) != 0)
			break;
	}
	if (svc_tx_commit(s) != STORE_OK)
		rc = svc_abort(s, "permanences_list");
out:
	exceptions_free(&x);
	listing_free(&l);
	return rc;
}

int permanences_cancel(svc *s, int64_t id, const char *date, const char *reason)
{
	if (!svc_may(s, ACT_PERMANENCE_EXCEPTIONS))
		return SVC_FORBIDDEN;
	struct perm p = {0};
	store_value q[] = {SV_INT(id)};
	if (store_exec(svc_db(s), ST_PERMANENCE_GET, q, 1, perm_row, &p) != STORE_OK)
		return svc_abort(s, "permanences_cancel");
	if (!p.id)
		return SVC_NOT_FOUND;
	if (!s->system && s->actor.role == ROLE_WORKER && p.worker_id != s->actor.id)
		return svc_refuse(s, "permanence.exception_denied", "permanence", id);
	struct agenda_rule r;
	perm_rule(&p, &r);
	if (!date || !agenda_occurs(&r, date))
		return invalid(s, &permanence_exceptions_fields[EXCEPTION_DATE]);
	if (!svc_line_ok(reason, PERMANENCE_REASON_MAX))
		return invalid(s, &permanence_exceptions_fields[EXCEPTION_REASON]);
	int64_t n = 0;
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	store_value c[] = {SV_INT(id), SV_TEXT(date)};
	store_value w[] = {SV_INT(id), SV_TEXT(date), SV_TEXT(reason), SV_INT(s->actor.id),
			   SV_INT((int64_t)time(NULL))};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_PERMANENCE_EXCEPTION_COUNT, c, 2, svc_row_int, &n) != STORE_OK)
		return svc_abort(s, "permanences_cancel");
	if (n) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_CONFLICT, "date", N_("Cette permanence est déjà annulée ce jour-là."));
	}
	if (store_exec(svc_db(s), ST_PERMANENCE_EXCEPTION_INSERT, w, 5, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "permanence.exception", "permanence", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "permanences_cancel");
	return SVC_OK;
}

int permanences_occurrences(svc *s, int64_t worker, const char *from, const char *to,
			    occurrence_fn fn, void *ctx)
{
	int rc = 0;
	struct listing l = {calloc(PERMANENCES_MAX, sizeof(struct listed)), 0};
	struct exceptions x = {NULL, NULL, NULL, 0, 0, 0};
	if (!l.items) {
		log_error("agenda: out of memory");
		abort();
	}
	store_value p[] = {SV_INT(0), SV_INT(worker)};
	if (store_exec(svc_db(s), ST_PERMANENCE_LIST, p, 2, listed_row, &l) != STORE_OK) {
		rc = -1;
		goto out;
	}
	/* Permanence by permanence (the list's order: weekday, hour), day by day. */
	int64_t days = date_days_between(from, to);
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		const struct listed *e = &l.items[i];
		exceptions_reset(&x);
		store_value q[] = {SV_INT(e->id)};
		if (store_exec(svc_db(s), ST_PERMANENCE_EXCEPTIONS, q, 1, exception_row, &x) !=
		    STORE_OK)
			rc = -1;
		struct agenda_rule r = {e->weekday,	     agenda_time_parse(e->start),
					agenda_time_parse(e->end), e->every,
					e->from,		     e->until[0] ? e->until : NULL};
		for (int64_t d = 0; d < days && rc == 0; d++) {
			char date[DATE_LEN + 1];
			date_add_days(from, d, date);
			if (!agenda_occurs(&r, date))
				continue;
			int cancelled = 0;
			for (int k = 0; k < x.n; k++)
				cancelled |= strcmp(x.dates[k], date) == 0;
			if (cancelled)
				continue;
			struct occurrence_view v = {e->id, date, e->start, e->end, e->site,
						    e->organisation_name};
			if (fn(ctx, &v) != 0)
				rc = 1;
		}
	}
out:
	exceptions_free(&x);
	listing_free(&l);
	return rc;
}
