/* report — see report.h. */
#include "service/bilan.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/date.h"
#include "service/audit.h"
#include "service/internal.h"
#include "service/organisations.h"
#include "support/i18n.h"
#include "support/log.h"

static const char *keep(struct bilan *r, const char *s)
{
	if (r->nstrings == r->capstrings) {
		r->capstrings = r->capstrings ? 2 * r->capstrings : 256;
		r->strings = realloc(r->strings, r->capstrings * sizeof *r->strings);
		if (!r->strings)
			log_fatal("out of memory");
	}
	char *copy = strdup(s ? s : "");
	if (!copy)
		log_fatal("out of memory");
	r->strings[r->nstrings++] = copy;
	return copy;
}

void bilan_free(struct bilan *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nstrings; i++)
		free(r->strings[i]);
	free(r->strings);
	free(r);
}

/* The cell of key, added at the end when new (NULL when full). */
static struct disclosure_cell *cell(struct bilan *r, struct bilan_breakdown *b, const char *key)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->cells[i].key, key) == 0)
			return &b->cells[i];
	if (b->n == BILAN_KEYS_MAX)
		return NULL;
	struct disclosure_cell *c = &b->cells[b->n++];
	c->key = keep(r, key);
	c->count = 0;
	c->suppressed = 0;
	return c;
}

static void add(struct bilan *r, struct bilan_breakdown *b, const char *key, int64_t n)
{
	struct disclosure_cell *c = cell(r, b, key && *key ? key : "unknown");
	if (c)
		c->count += n;
}

/* ---- the reference lists give every breakdown its keys, zeros included ---- */

struct seed {
	struct bilan *r;
};

static int seed_row(void *ctx, const store_row *row)
{
	struct bilan *r = ((struct seed *)ctx)->r;
	const char *list = store_row_text(row, 0), *code = store_row_text(row, 1);
	const char *parent = store_row_text(row, 3);
	if ((int)store_row_int(row, 5))
		return 0; /* retired: listed only when present */
	static const struct {
		const char *list;
		size_t offset;
	} lists[] = {
		{"status", offsetof(struct bilan, by_status)},
		{"category", offsetof(struct bilan, by_category)},
		{"family_situation", offsetof(struct bilan, by_family_situation)},
		{"sex", offsetof(struct bilan, by_sex)},
		{"referral_source", offsetof(struct bilan, by_referral_source)},
		{"outcome", offsetof(struct bilan, by_outcome)},
		{"mode", offsetof(struct bilan, by_mode)},
		{"intervention_kind", offsetof(struct bilan, by_kind)},
		{"funder", offsetof(struct bilan, aids_by_funder)},
		{"aid_decision", offsetof(struct bilan, aids_by_decision)},
		{"partner_kind", offsetof(struct bilan, orientations_by_partner_kind)},
		{"action_topic", offsetof(struct bilan, actions_by_topic)},
		{"retention_outcome", offsetof(struct bilan, job_retention_by_outcome)},
	};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if (strcmp(list, lists[i].list) == 0)
			cell(r, (struct bilan_breakdown *)((char *)r + lists[i].offset), code);
	if (strcmp(list, "domain") == 0)
		cell(r, parent ? &r->by_theme : &r->by_domain, code);
	return 0;
}

/* ---- the queries ---- */

struct scope {
	char first[DATE_LEN + 1], last[DATE_LEN + 1];
	int64_t organisation; /* 0: the whole service */
};

static void period(struct scope *sc, int year)
{
	snprintf(sc->first, sizeof sc->first, "%04d-01-01", year);
	snprintf(sc->last, sizeof sc->last, "%04d-12-31", year);
}

static int followed_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	r->persons_followed.value++;
	add(r, &r->by_status, store_row_text(row, 1), 1);
	add(r, &r->by_category, store_row_text(row, 2), 1);
	add(r, &r->by_family_situation, store_row_text(row, 3), 1);
	add(r, &r->by_sex, store_row_text(row, 4), 1);
	size_t band = ageband_index(&r->bands, r->year, store_row_text(row, 5));
	add(r, &r->by_age_band, ageband_key(&r->bands, band), 1);
	return 0;
}

/* Persons per domain and per theme; a person counts once per key. */
struct domains {
	struct bilan *r;
	struct bilan_breakdown *domain, *theme; /* theme may be a scratch breakdown */
	int64_t person;                          /* the person being read */
	char seen[64][48];                       /* keys already counted for them */
	int nseen;
};

static void count_once(struct domains *d, struct bilan_breakdown *b, const char *key)
{
	for (int i = 0; i < d->nseen; i++)
		if (strcmp(d->seen[i], key) == 0)
			return;
	if (d->nseen < 64)
		snprintf(d->seen[d->nseen++], sizeof d->seen[0], "%s", key);
	add(d->r, b, key, 1);
}

static int domain_row(void *ctx, const store_row *row)
{
	struct domains *d = ctx;
	int64_t person = store_row_int(row, 0);
	const char *code = store_row_text(row, 1);
	if (person != d->person) {
		d->person = person;
		d->nseen = 0;
	}
	const char *dot = code ? strchr(code, '.') : NULL;
	if (dot) {
		char top[48];
		snprintf(top, sizeof top, "%.*s", (int)(dot - code), code);
		count_once(d, d->domain, top);
		count_once(d, d->theme, code);
	} else if (code) {
		count_once(d, d->domain, code);
	}
	return 0;
}

struct grouped {
	struct bilan *r;
	struct bilan_breakdown *b;
	int64_t *total;
};

static int grouped_row(void *ctx, const store_row *row)
{
	struct grouped *g = ctx;
	int64_t n = store_row_int(row, 1);
	add(g->r, g->b, store_row_text(row, 0), n);
	*g->total += n;
	return 0;
}

static int intervention_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	int64_t n = store_row_int(row, 2);
	add(r, &r->by_mode, store_row_text(row, 0), n);
	add(r, &r->by_kind, store_row_text(row, 1), n);
	r->interventions.value += n;
	r->hours += (double)store_row_int(row, 3);
	return 0;
}

static int aid_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	const char *decision = store_row_text(row, 1);
	int64_t n = store_row_int(row, 2);
	add(r, &r->aids_by_funder, store_row_text(row, 0), n);
	add(r, &r->aids_by_decision, decision, n);
	r->aids_requests.value += n;
	r->aids_amount_requested.value += store_row_int(row, 3);
	if (decision && (strcmp(decision, "accordee") == 0 || strcmp(decision, "partielle") == 0)) {
		r->aids_granted.value += n;
		r->aids_amount_granted.value += store_row_int(row, 4);
	}
	return 0;
}

static int orientation_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	int64_t n = store_row_int(row, 2);
	add(r, &r->orientations_by_partner_kind, store_row_text(row, 0), n);
	add(r, &r->orientations_by_status, store_row_text(row, 1), n);
	r->orientations.value += n;
	return 0;
}

static int action_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	int64_t n = store_row_int(row, 1);
	add(r, &r->actions_by_topic, store_row_text(row, 0), n);
	r->actions.value += n;
	r->action_participants.value += store_row_int(row, 2);
	return 0;
}

static int long_leave_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	r->persons_on_long_leave.value = store_row_int(row, 0);
	return 1;
}

static int job_retention_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	add(r, &r->job_retention_by_outcome, store_row_text(row, 0), store_row_int(row, 1));
	return 0;
}

static int headcount_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	r->organisations = store_row_int(row, 0);
	r->headcount = store_row_int(row, 1);
	return 1;
}

/* ---- disclosure control ---- */

static void hide_count(struct bilan *r, struct bilan_count *c)
{
	if (c->value > 0 && c->value < DISCLOSURE_K) {
		c->hidden = 1;
		r->cells_suppressed++;
	}
}

static void control(struct bilan *r, struct bilan_breakdown *b)
{
	size_t n = 0;
	disclosure_apply(b->cells, b->n, DISCLOSURE_K, &n);
	r->cells_suppressed += n;
}

static void apply_disclosure(struct bilan *r)
{
	struct bilan_breakdown *all[] = {
		&r->by_status,	&r->by_category, &r->by_family_situation, &r->by_sex,
		&r->by_age_band, &r->by_domain,	 &r->by_theme,		  &r->by_referral_source,
		&r->by_outcome, &r->by_mode,	 &r->by_kind,
		&r->aids_by_funder, &r->aids_by_decision, &r->orientations_by_partner_kind,
		&r->orientations_by_status, &r->actions_by_topic, &r->job_retention_by_outcome,
	};
	if (disclosure_population_too_small(r->persons_followed.value, DISCLOSURE_K)) {
		r->persons_followed.hidden = 1;
		r->share_null = 1;
		for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
			all[i]->hidden = 1;
	} else {
		for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
			control(r, all[i]);
	}
	hide_count(r, &r->new_cases);
	hide_count(r, &r->closed_cases);
	hide_count(r, &r->interventions);
	if (r->interventions.hidden || r->persons_followed.hidden)
		r->hours_null = 1;
	/* Field records: amounts hide with the count they sum. */
	struct bilan_count *counts[] = {&r->aids_requests,	    &r->aids_granted,
					 &r->orientations,	    &r->actions,
					 &r->action_participants, &r->persons_on_long_leave};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		hide_count(r, counts[i]);
	r->aids_amount_requested.hidden = r->aids_requests.hidden;
	r->aids_amount_granted.hidden = r->aids_granted.hidden;
	if (r->actions.hidden && !r->action_participants.hidden) {
		r->action_participants.hidden = 1; /* it would tell how big the few actions were */
		r->cells_suppressed++;
	}
	for (size_t i = 0; i < r->ntrends; i++) {
		struct bilan_trend *t = &r->trends[i];
		hide_count(r, &t->previous);
		hide_count(r, &t->current);
		if (t->current.hidden || r->persons_followed.hidden)
			t->emerging = 0;
	}
}

/* The organisation's code and name, into a struct bilan. */
static int org_row(void *ctx, const store_row *row)
{
	struct bilan *r = ctx;
	const char *code = store_row_text(row, 1), *name = store_row_text(row, 2);
	snprintf(r->scope, sizeof r->scope, "%s", code ? code : "");
	snprintf(r->scope_name, sizeof r->scope_name, "%s", name ? name : "");
	return 1;
}

/* ---- the use case ---- */

int bilan_compute(svc *s, int year, const char *organisation, enum bilan_audience audience,
		   const struct ageband *bands, struct bilan **out)
{
	*out = NULL;
	if (!svc_may(s, ACT_REPORTS))
		return SVC_FORBIDDEN;
	if (year < BILAN_YEAR_MIN || year > BILAN_YEAR_MAX)
		return svc_fail(s, SVC_INVALID, "year", N_("L'année doit être comprise entre 1990 et 2100."));
	struct scope sc = {"", "", 0};
	if (organisation && *organisation) {
		int rc = organisations_lookup_id(s, organisation, &sc.organisation);
		if (rc != SVC_OK)
			return rc;
	} else if (!s->system && s->actor.role == ROLE_EMPLOYER) {
		/* An employer's report is its organisation's by default. */
		sc.organisation = s->actor.organisation_id;
	}
	/* An employer reads its own organisation's employer report, nothing else. */
	if (!s->system && s->actor.role == ROLE_EMPLOYER &&
	    (audience != BILAN_EMPLOYER || !sc.organisation ||
	     sc.organisation != s->actor.organisation_id))
		return SVC_NOT_FOUND;

	struct bilan *r = calloc(1, sizeof *r);
	if (!r)
		log_fatal("out of memory");
	r->year = year;
	r->audience = audience;
	snprintf(r->scope, sizeof r->scope, "service");
	if (sc.organisation) {
		store_value p[] = {SV_INT(sc.organisation)};
		if (store_exec(svc_db(s), ST_ORG_BY_ID, p, 1, org_row, r) != STORE_OK) {
			bilan_free(r);
			return svc_abort(s, "bilan_compute");
		}
	}
	if (bands)
		r->bands = *bands;
	else
		ageband_default(&r->bands);
	for (size_t i = 0; i < ageband_count(&r->bands); i++)
		cell(r, &r->by_age_band, ageband_key(&r->bands, i));
	static const char *const statuses[] = {"envoyee", "acceptee", "refusee", "sans_reponse",
					       "realisee"};
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		cell(r, &r->orientations_by_status, statuses[i]);
	period(&sc, year);

	store *db = svc_db(s);
	struct seed seed = {r};
	struct bilan_breakdown previous_themes;
	memset(&previous_themes, 0, sizeof previous_themes);
	struct bilan_breakdown previous_domains;
	memset(&previous_domains, 0, sizeof previous_domains);
	struct domains d = {r, &r->by_domain, &r->by_theme, 0, {{0}}, 0};
	int64_t new_total = 0, closed_total = 0;
	struct grouped gn = {r, &r->by_referral_source, &new_total};
	struct grouped gc = {r, &r->by_outcome, &closed_total};
	store_value p[] = {SV_TEXT(sc.first), SV_TEXT(sc.last), SV_INT(sc.organisation)};
	store_value h[] = {SV_INT(year), SV_INT(sc.organisation)};
	/* Field records: today for open leaves, 30 days ago for unanswered
	   orientations. */
	char today[DATE_LEN + 1], month_ago[DATE_LEN + 1];
	date_today(today);
	date_add_days(today, -30, month_ago);
	store_value f[] = {SV_TEXT(sc.first), SV_TEXT(sc.last), SV_INT(sc.organisation),
			   SV_TEXT(today)};
	store_value fo[] = {SV_TEXT(sc.first), SV_TEXT(sc.last), SV_INT(sc.organisation),
			    SV_TEXT(month_ago)};
	char object[64];
	snprintf(object, sizeof object, "%s/%d/%s", r->scope, year,
		 audience == BILAN_EMPLOYER ? "employer" : "service");
	/* One transaction: a consistent picture, and its audit entry with it. */
	if (svc_tx_begin(s) != STORE_OK || svc_audit(s, "report.read", "report", object) != 0 ||
	    store_exec(db, ST_REF_LIST, NULL, 0, seed_row, &seed) != STORE_OK ||
	    store_exec(db, ST_REPORT_FOLLOWED, p, 3, followed_row, r) != STORE_OK ||
	    store_exec(db, ST_REPORT_DOMAINS, p, 3, domain_row, &d) != STORE_OK ||
	    store_exec(db, ST_REPORT_NEW_CASES, p, 3, grouped_row, &gn) != STORE_OK ||
	    store_exec(db, ST_REPORT_CLOSED_CASES, p, 3, grouped_row, &gc) != STORE_OK ||
	    store_exec(db, ST_REPORT_INTERVENTIONS, p, 3, intervention_row, r) != STORE_OK ||
	    store_exec(db, ST_REPORT_HEADCOUNT, h, 2, headcount_row, r) != STORE_OK ||
	    store_exec(db, ST_REPORT_AIDS, f, 4, aid_row, r) != STORE_OK ||
	    store_exec(db, ST_REPORT_ORIENTATIONS, fo, 4, orientation_row, r) != STORE_OK ||
	    store_exec(db, ST_REPORT_ACTIONS, f, 4, action_row, r) != STORE_OK ||
	    store_exec(db, ST_REPORT_LONG_LEAVES, f, 4, long_leave_row, r) != STORE_OK ||
	    store_exec(db, ST_REPORT_RETENTION, f, 4, job_retention_row, r) != STORE_OK ||
	    hours_consumption_compute(s, sc.organisation, year, &r->consumption) != 0)
		goto fail;
	/* The year before, for the trends. */
	struct scope before = sc;
	period(&before, year - 1);
	struct domains dp = {r, &previous_domains, &previous_themes, 0, {{0}}, 0};
	store_value pb[] = {SV_TEXT(before.first), SV_TEXT(before.last), SV_INT(sc.organisation)};
	if (store_exec(db, ST_REPORT_DOMAINS, pb, 3, domain_row, &dp) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		goto fail;

	/* A missing value counts under "unknown", listed after the codes. */
	cell(r, &r->by_status, "unknown");
	cell(r, &r->by_category, "unknown");
	cell(r, &r->by_family_situation, "unknown");
	cell(r, &r->by_sex, "unknown");
	r->new_cases.value = new_total;
	r->closed_cases.value = closed_total;
	r->share_null = r->headcount <= 0;
	if (!r->share_null)
		r->share_of_headcount =
			round((double)r->persons_followed.value / (double)r->headcount * 10000.0) /
			10000.0;
	r->hours = round(r->hours / 60.0 * 10.0) / 10.0;
	for (size_t i = 0; i < r->by_theme.n && r->ntrends < BILAN_TRENDS_MAX; i++) {
		const struct disclosure_cell *now = &r->by_theme.cells[i];
		int64_t was = 0;
		for (size_t k = 0; k < previous_themes.n; k++)
			if (strcmp(previous_themes.cells[k].key, now->key) == 0)
				was = previous_themes.cells[k].count;
		if (!now->count && !was)
			continue;
		struct bilan_trend *t = &r->trends[r->ntrends++];
		t->theme = now->key;
		t->previous.value = was;
		t->current.value = now->count;
		t->emerging = now->count >= 5 && now->count >= 2 * was;
	}
	if (audience == BILAN_EMPLOYER)
		apply_disclosure(r);
	*out = r;
	return SVC_OK;
fail:
	bilan_free(r);
	return svc_abort(s, "bilan_compute");
}
