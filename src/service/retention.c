/* retention — see retention.h. */
#include "service/retention.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/throttle.h"
#include "service/internal.h"
#include "service/purge.h"
#include "service/throttle.h"
#include "support/i18n.h"
#include "support/log.h"

/* The longest sessions `relais serve` allows (cmd_serve.c's bounds): a
   session beyond both is over whatever the server's settings. */
#define SESSION_IDLE_LONGEST 86400
#define SESSION_MAX_LONGEST 604800
/* Public links' hits count for a day (employee_requests.c). */
#define LINK_HITS_WINDOW 86400

void retention_plan_free(struct retention_plan *p)
{
	if (!p)
		return;
	free(p->lines);
	p->lines = NULL;
	p->n_lines = 0;
}

static int text_row(void *ctx, const store_row *row)
{
	svc_row_copy(row, SCALAR_COL_VALUE, ctx, 32);
	return 1;
}

static int setting(svc *s, const char *name, char value[32])
{
	value[0] = '\0';
	store_value p[] = {SV_TEXT(name)};
	return store_exec(svc_db(s), ST_SETTING_GET, p, 1, text_row, value) == STORE_OK ? 0 : -1;
}

/* The settings, in the caller's transaction if any: 0 or -1. */
static int settings_read(svc *s, struct retention_settings *out)
{
	char months[32], automatic[32];
	*out = (struct retention_settings){RETENTION_UNACCOMPANIED_MONTHS, 1};
	if (!svc_db(s) || setting(s, RETENTION_SETTING_MONTHS, months) != 0 ||
	    setting(s, RETENTION_SETTING_PRIVATE_AUTO, automatic) != 0)
		return -1;
	char *end = NULL;
	long m = strtol(months, &end, 10);
	if (months[0] && end && !*end && m >= 1 && m <= 120)
		out->unaccompanied_months = (int)m;
	out->private_auto = strcmp(automatic, "off") != 0;
	return 0;
}

int retention_settings_get(svc *s, struct retention_settings *out)
{
	return settings_read(s, out) == 0 ? SVC_OK : svc_abort(s, "retention_settings_get");
}

int retention_settings_set(svc *s, const struct retention_settings *in)
{
	if (!s->system)
		return SVC_FORBIDDEN;
	if (in->unaccompanied_months < 1 || in->unaccompanied_months > 120)
		return svc_fail(s, SVC_INVALID, "months", "months: from 1 to 120");
	char months[16];
	snprintf(months, sizeof months, "%d", in->unaccompanied_months);
	store *db = svc_db(s);
	store_value m[] = {SV_TEXT(RETENTION_SETTING_MONTHS), SV_TEXT(months)};
	store_value a[] = {SV_TEXT(RETENTION_SETTING_PRIVATE_AUTO),
			   SV_TEXT(in->private_auto ? "on" : "off")};
	char summary[48];
	snprintf(summary, sizeof summary, "%s/%s", months, in->private_auto ? "on" : "off");
	if (!db || svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_SETTING_PUT, m, 2, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_SETTING_PUT, a, 2, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "retention.settings", "setting", summary) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "retention_settings_set");
	return SVC_OK;
}

/* The limits of a run as of one day. */
struct cut {
	char persons[DATE_LEN + 1];      /* cases quiet since */
	char unaccompanied[DATE_LEN + 1]; /* persons without a case: unchanged since */
	int64_t unaccompanied_at;        /* the same, Unix time */
	int64_t closed_at;               /* requests closed or dismissed before */
	int64_t idle_at;                 /* requests pending and untouched since */
};

static void cut_of(const struct retention_plan *p, const char *day, struct cut *c)
{
	char d[DATE_LEN + 1];
	retention_years_before(day, p->years, c->persons);
	retention_months_before(day, p->settings.unaccompanied_months, c->unaccompanied);
	c->unaccompanied_at = retention_date_epoch(c->unaccompanied);
	retention_years_before(day, RETENTION_REQUEST_CLOSED_YEARS, d);
	c->closed_at = retention_date_epoch(d);
	c->idle_at = retention_date_epoch(c->persons);
}

/* The statement parameters of an organisation's kind for scope (1 public
   bodies, 0 the others) as of cut c: *n gets their number. */
static void kind_params(enum retention_kind k, const struct cut *c, int scope,
			store_value out[3], int *n)
{
	switch (k) {
	case RETENTION_PERSONS:
		out[0] = (store_value)SV_TEXT(c->persons);
		out[1] = (store_value)SV_INT(scope);
		*n = 2;
		break;
	case RETENTION_UNACCOMPANIED:
		out[0] = (store_value)SV_INT(c->unaccompanied_at);
		out[1] = (store_value)SV_INT(scope);
		out[2] = (store_value)SV_TEXT(c->unaccompanied);
		*n = 3;
		break;
	default:
		out[0] = (store_value)SV_INT(c->closed_at);
		out[1] = (store_value)SV_INT(c->idle_at);
		out[2] = (store_value)SV_INT(scope);
		*n = 3;
		break;
	}
}

static const enum stmt tally_of[RETENTION__COUNT] = {
	[RETENTION_PERSONS] = ST_RET_PERSONS_TALLY,
	[RETENTION_UNACCOMPANIED] = ST_RET_UNACCOMPANIED_TALLY,
	[RETENTION_EMPLOYER_REQUESTS] = ST_RET_EMPLOYER_REQUESTS_TALLY,
	[RETENTION_EMPLOYEE_REQUESTS] = ST_RET_EMPLOYEE_REQUESTS_TALLY,
};

/* Whether scope's records need a visa (public bodies always; the others
   when the setting says so). */
static int needs_visa(const struct retention_plan *p, int scope)
{
	return scope || !p->settings.private_auto;
}

/* The day whose due records may go for scope: today without a visa,
   the latest visa's bordereau day with one, NULL when none is recorded. */
static const char *scope_day(const struct retention_plan *p, int scope)
{
	if (!needs_visa(p, scope))
		return p->today;
	return p->visa_bordereau[0] ? p->visa_bordereau : NULL;
}

struct tally {
	struct retention_plan *p; /* lines appended here when keep */
	enum retention_kind kind;
	int keep;
	int64_t total;
	int failed;
};

static int tally_row(void *ctx, const store_row *row)
{
	struct tally *t = ctx;
	int64_t n = store_row_int(row, RET_TALLY_COL_COUNT);
	t->total += n;
	if (!t->keep)
		return 0;
	struct retention_plan *p = t->p;
	struct retention_line *more = realloc(p->lines, (p->n_lines + 1) * sizeof *more);
	if (!more) {
		t->failed = 1;
		return -1;
	}
	p->lines = more;
	struct retention_line *l = &p->lines[p->n_lines++];
	l->kind = t->kind;
	l->count = n;
	svc_row_copy(row, RET_TALLY_COL_ORGANISATION, l->organisation, sizeof l->organisation);
	svc_row_copy(row, RET_TALLY_COL_YEAR, l->year, sizeof l->year);
	return 0;
}

/* The records of kind k and scope due as of day: *n their number, the
   lines of the bordereau appended when keep.  0 or -1. */
static int tally(svc *s, struct retention_plan *p, enum retention_kind k, int scope,
		 const char *day, int keep, int64_t *n)
{
	struct cut c;
	store_value v[3];
	int nv = 0;
	cut_of(p, day, &c);
	kind_params(k, &c, scope, v, &nv);
	struct tally t = {p, k, keep, 0, 0};
	if (store_exec(svc_db(s), tally_of[k], v, nv, tally_row, &t) != STORE_OK || t.failed)
		return -1;
	*n = t.total;
	return 0;
}

/* The working data's limits at now. */
struct work_cut {
	int64_t session_idle, session_max, now, throttle, link_hits, devices;
};

static void work_cut_of(struct work_cut *w)
{
	int64_t now = (int64_t)time(NULL);
	int64_t window = THROTTLE_LOGIN.forget_after > THROTTLE_ADDRESS.forget_after
				 ? THROTTLE_LOGIN.forget_after
				 : THROTTLE_ADDRESS.forget_after;
	*w = (struct work_cut){now - SESSION_IDLE_LONGEST, now - SESSION_MAX_LONGEST, now,
			       now - window, now - LINK_HITS_WINDOW,
			       now - THROTTLE_DEVICE_MAX_AGE};
}

static int count(svc *s, enum stmt st, store_value *v, int n, int64_t *out)
{
	*out = 0;
	return store_exec(svc_db(s), st, v, n, svc_row_int, out) == STORE_OK ? 0 : -1;
}

/* The working data due: sessions, throttling rows, calendar salts. */
static int work_counts(svc *s, int64_t due[RETENTION__COUNT])
{
	struct work_cut w;
	work_cut_of(&w);
	store_value sess[] = {SV_INT(w.session_idle), SV_INT(w.session_max)};
	store_value now[] = {SV_INT(w.now)};
	store_value thr[] = {SV_INT(w.throttle), SV_INT(w.link_hits), SV_INT(w.devices),
			     SV_INT(w.throttle)};
	int64_t sessions = 0, signin = 0;
	if (count(s, ST_RET_SESSIONS_COUNT, sess, 2, &sessions) != 0 ||
	    count(s, ST_RET_SIGNIN_COUNT, now, 1, &signin) != 0 ||
	    count(s, ST_RET_THROTTLE_COUNT, thr, 4, &due[RETENTION_THROTTLE]) != 0 ||
	    count(s, ST_RET_CALENDAR_COUNT, NULL, 0, &due[RETENTION_CALENDAR_SALTS]) != 0)
		return -1;
	due[RETENTION_SESSIONS] = sessions + signin;
	return 0;
}

/* A failure of retention_plan_make: logged; the caller rolls back. */
static int plan_failed(svc *s)
{
	log_error("retention_plan_make: %s", svc_db(s) ? store_errmsg(svc_db(s)) : "no database");
	return SVC_ERROR;
}

int retention_plan_make(svc *s, const char *today, int years, struct retention_plan *p)
{
	retention_plan_free(p);
	memset(p, 0, sizeof *p);
	snprintf(p->today, sizeof p->today, "%.10s", today);
	p->years = years;
	if (settings_read(s, &p->settings) != 0)
		return plan_failed(s);
	char latest[32] = "";
	if (store_exec(svc_db(s), ST_RET_VISA_LATEST, NULL, 0, text_row, latest) != STORE_OK)
		return plan_failed(s);
	if (date_valid(latest))
		snprintf(p->visa_bordereau, sizeof p->visa_bordereau, "%.10s", latest);
	for (int k = 0; k < RETENTION__COUNT; k++) {
		if (!retention_kinds[k].archives)
			continue;
		for (int scope = 0; scope <= 1; scope++) {
			int64_t n = 0, may = 0;
			int visa = needs_visa(p, scope);
			const char *day = scope_day(p, scope);
			/* The bordereau lists what waits for a visa. */
			if (tally(s, p, (enum retention_kind)k, scope, today, visa, &n) != 0 ||
			    (visa && day && tally(s, p, (enum retention_kind)k, scope, day, 0, &may) != 0))
				return plan_failed(s);
			p->due[k] += n;
			if (visa)
				p->held[k] += n - may;
		}
	}
	if (work_counts(s, p->due) != 0)
		return plan_failed(s);
	return SVC_OK;
}

struct persons_ctx {
	const struct retention_kind_def *kind;
	int (*fn)(void *ctx, const struct retention_kind_def *k, int64_t id);
	void *ctx;
	int64_t n;
};

static int person_row(void *ctx, const store_row *row)
{
	struct persons_ctx *c = ctx;
	c->n++;
	return c->fn(c->ctx, c->kind, store_row_int(row, SCALAR_COL_VALUE)) == 0 ? 0 : -1;
}

int retention_persons(svc *s, struct retention_plan *p, int dry_run,
		      int (*fn)(void *ctx, const struct retention_kind_def *k, int64_t id),
		      void *ctx)
{
	static const struct {
		enum retention_kind kind;
		enum stmt due;
	} kinds[] = {{RETENTION_PERSONS, ST_PURGE_DUE},
		     {RETENTION_UNACCOMPANIED, ST_RET_UNACCOMPANIED_DUE}};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		struct persons_ctx c = {&retention_kinds[kinds[i].kind], fn, ctx, 0};
		for (int scope = 0; scope <= 1; scope++) {
			const char *day = dry_run ? p->today : scope_day(p, scope);
			if (!day)
				continue;
			struct cut cut;
			store_value v[3];
			int nv = 0;
			cut_of(p, day, &cut);
			kind_params(kinds[i].kind, &cut, scope, v, &nv);
			if (store_exec(svc_db(s), kinds[i].due, v, nv, person_row, &c) != STORE_OK)
				return -1;
		}
		if (!dry_run)
			p->done[kinds[i].kind] = c.n;
	}
	return 0;
}

/* Deletes one kind of requests of scope as of day, after counting them. */
static int delete_requests(svc *s, struct retention_plan *p, enum retention_kind k, int scope,
			   const char *day)
{
	/* The replies first, then the requests (ST__COUNT: none). */
	static const enum stmt deletes[RETENTION__COUNT][2] = {
		[RETENTION_EMPLOYER_REQUESTS] = {ST_RET_EMPLOYER_REPLIES_DELETE,
						 ST_RET_EMPLOYER_REQUESTS_DELETE},
		[RETENTION_EMPLOYEE_REQUESTS] = {ST_RET_EMPLOYEE_REQUESTS_DELETE, ST__COUNT},
	};
	int64_t n = 0;
	if (tally(s, p, k, scope, day, 0, &n) != 0)
		return -1;
	if (n == 0)
		return 0;
	struct cut c;
	store_value v[3];
	int nv = 0;
	cut_of(p, day, &c);
	kind_params(k, &c, scope, v, &nv);
	for (int i = 0; i < 2 && deletes[k][i] != ST__COUNT; i++)
		if (store_exec(svc_db(s), deletes[k][i], v, nv, NULL, NULL) != STORE_OK)
			return -1;
	p->done[k] += n;
	return 0;
}

int retention_delete(svc *s, struct retention_plan *p)
{
	static const enum retention_kind requests[] = {RETENTION_EMPLOYER_REQUESTS,
						       RETENTION_EMPLOYEE_REQUESTS};
	for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++)
		for (int scope = 0; scope <= 1; scope++) {
			const char *day = scope_day(p, scope);
			if (day && delete_requests(s, p, requests[i], scope, day) != 0)
				return -1;
		}
	int64_t due[RETENTION__COUNT] = {0};
	if (work_counts(s, due) != 0)
		return -1;
	struct work_cut w;
	work_cut_of(&w);
	store_value sess[] = {SV_INT(w.session_idle), SV_INT(w.session_max)};
	store_value now[] = {SV_INT(w.now)};
	store_value thr[] = {SV_INT(w.throttle)};
	store_value hits[] = {SV_INT(w.link_hits)};
	store_value dev[] = {SV_INT(w.devices)};
	store *db = svc_db(s);
	if (store_exec(db, ST_SESSION_PURGE, sess, 2, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_OIDC_ATTEMPT_PURGE, now, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_OIDC_PENDING_PURGE, now, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_RET_THROTTLE_LOGINS_DELETE, thr, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_RET_THROTTLE_ADDRESSES_DELETE, thr, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_RET_LOGIN_FAILURES_DELETE, thr, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_LINK_HITS_PURGE, hits, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_DEVICE_PURGE, dev, 1, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_RET_CALENDAR_DELETE, NULL, 0, NULL, NULL) != STORE_OK)
		return -1;
	for (int k = RETENTION_SESSIONS; k <= RETENTION_CALENDAR_SALTS; k++)
		p->done[k] = due[k];
	/* One entry per kind removed: what and how many, never whose. */
	for (int k = RETENTION_EMPLOYER_REQUESTS; k < RETENTION__COUNT; k++) {
		if (!p->done[k])
			continue;
		char action[64], object[24];
		snprintf(action, sizeof action, "retention.%s", retention_kinds[k].code);
		snprintf(object, sizeof object, "%" PRId64, p->done[k]);
		if (svc_audit(s, action, "retention", object) != 0)
			return -1;
	}
	return 0;
}

int retention_overview(svc *s, struct retention_plan *p)
{
	if (!svc_may(s, ACT_RETENTION))
		return SVC_FORBIDDEN;
	char today[DATE_LEN + 1];
	date_today(today);
	return retention_plan_make(s, today, PURGE_YEARS_DEFAULT, p);
}

#define BORDEREAU_MESSAGE N_("La date du bordereau doit être une date passée (AAAA-MM-JJ).")
#define VISA_MESSAGE                                                                     \
	N_("La date du visa doit suivre celle du bordereau, sans dépasser aujourd'hui.")
#define REFERENCE_MESSAGE                                                                \
	N_("La référence du visa est obligatoire (une ligne, 100 caractères au plus).")

const struct field retention_visa_fields[VISA__FIELDS] = {
	[VISA_BORDEREAU_ON] = {"bordereau_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, BORDEREAU_MESSAGE,
			       FIELD_AT(struct retention_visa_input, bordereau_on)},
	[VISA_VISA_ON] = {"visa_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, VISA_MESSAGE,
			  FIELD_AT(struct retention_visa_input, visa_on)},
	[VISA_REFERENCE] = {"reference", FIELD_LINE, FIELD_REQUIRED, 0, 100, REFERENCE_MESSAGE,
			    FIELD_AT(struct retention_visa_input, reference)},
};

int retention_visa_record(svc *s, const char *bordereau_on, const char *visa_on,
			  const char *reference, int64_t *id)
{
	*id = 0;
	if (!svc_may(s, ACT_RETENTION))
		return SVC_FORBIDDEN;
	char today[DATE_LEN + 1];
	date_today(today);
	if (!bordereau_on || !date_valid(bordereau_on) || date_cmp(bordereau_on, today) > 0)
		return svc_fail(s, SVC_INVALID, "bordereau_on", BORDEREAU_MESSAGE);
	if (!visa_on || !date_valid(visa_on) || date_cmp(visa_on, bordereau_on) < 0 ||
	    date_cmp(visa_on, today) > 0)
		return svc_fail(s, SVC_INVALID, "visa_on", VISA_MESSAGE);
	if (!reference || !svc_line_ok(reference, 100))
		return svc_fail(s, SVC_INVALID, "reference", REFERENCE_MESSAGE);
	store *db = svc_db(s);
	store_value p[] = {SV_TEXT(bordereau_on), SV_TEXT(visa_on), SV_TEXT(reference),
			   s->system ? (store_value)SV_NULL : (store_value)SV_INT(s->actor.id),
			   SV_INT((int64_t)time(NULL))};
	if (!db || svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_RET_VISA_INSERT, p, 5, svc_row_int, id) != STORE_OK ||
	    svc_audit_id(s, "retention.visa", "retention_visa", *id) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "retention_visa_record");
	return SVC_OK;
}

struct visas_ctx {
	void (*fn)(void *ctx, const struct retention_visa *v);
	void *ctx;
};

static int visa_row(void *ctx, const store_row *row)
{
	struct visas_ctx *c = ctx;
	struct retention_visa v = {.id = store_row_int(row, RET_VISA_COL_ID),
				   .recorded_at = store_row_int(row, RET_VISA_COL_RECORDED_AT)};
	svc_row_copy(row, RET_VISA_COL_BORDEREAU_ON, v.bordereau_on, sizeof v.bordereau_on);
	svc_row_copy(row, RET_VISA_COL_VISA_ON, v.visa_on, sizeof v.visa_on);
	svc_row_copy(row, RET_VISA_COL_REFERENCE, v.reference, sizeof v.reference);
	svc_row_copy(row, RET_VISA_COL_RECORDED_BY, v.recorded_by, sizeof v.recorded_by);
	c->fn(c->ctx, &v);
	return 0;
}

int retention_visas(svc *s, void (*fn)(void *ctx, const struct retention_visa *v), void *ctx)
{
	if (!svc_may(s, ACT_RETENTION))
		return SVC_FORBIDDEN;
	struct visas_ctx c = {fn, ctx};
	store *db = svc_db(s);
	if (!db || store_exec(db, ST_RET_VISA_LIST, NULL, 0, visa_row, &c) != STORE_OK)
		return svc_abort(s, "retention_visas");
	return SVC_OK;
}
