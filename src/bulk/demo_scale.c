/* demo_scale — see demo_scale.h. */
#include "bulk/demo_scale.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bulk/demo_internal.h"
#include "domain/date.h"
#include "service/users.h"
#include "support/log.h"
#include "support/sec.h"

/* One social worker per this many employees (at least one). */
#define EMPLOYEES_PER_WORKER 1400
/* New cases opened each year, per 100,000 employees.  With cases lasting
   seven months on average, and a few persons coming back, about 5 % of
   the headcount is followed in a year. */
#define NEW_CASES_PER_100K 3050
/* Activity starts this many years before the first year, so that the
   first year already has the cases opened earlier and still running. */
#define WARM_UP_YEARS 2

/* ---- weighted draws ---- */

/* A value drawn with the weights of a table ending with a zero weight. */
struct weighted {
	const char *code; /* the value, NULL for "not recorded" */
	int weight;
};

static const char *draw(struct demo_rng *r, const struct weighted *w)
{
	int total = 0;
	for (const struct weighted *p = w; p->weight; p++)
		total += p->weight;
	int x = demo_below(r, total);
	for (; w[1].weight && x >= w->weight; w++)
		x -= w->weight;
	return w->code;
}

/* Collectivités territoriales: mostly titulaires of category C. */
static const struct weighted statuses[] = {
	{"titulaire", 74}, {"stagiaire", 5}, {"contractuel", 15}, {"cdd", 2}, {"apprenti", 1},
	{"autre", 2},	   {NULL, 1},	     {NULL, 0},
};
static const struct weighted categories[] = {
	{"C", 79}, {"B", 13}, {"A", 7}, {NULL, 1}, {NULL, 0},
};
static const struct weighted families[] = {
	{"isole", 33}, {"monoparental", 25}, {"couple_enfants", 25}, {"couple", 10},
	{"autre", 5},  {NULL, 2},	     {NULL, 0},
};

/* Age on opening the first case: bands and their weights. */
static const struct {
	int from, to, weight;
} ages[] = {{20, 24, 4}, {25, 34, 16}, {35, 44, 30}, {45, 54, 33}, {55, 64, 17}};

/* How long a case lasts, in days: a few weeks to two years. */
static const struct {
	int from, to, weight;
} durations[] = {{14, 84, 38}, {85, 270, 37}, {271, 540, 18}, {541, 730, 7}};

/* Organisations: what kind of collectivité, and how many employees. */
static const struct {
	const char *kind; /* the start of the name */
	int from, to, weight;
} org_sizes[] = {
	{"Syndicat intercommunal de", 20, 60, 12},
	{"Commune de", 20, 150, 33},
	{"Ville de", 150, 800, 30},
	{"Ville de", 800, 3000, 17},
	{"Communauté d'agglomération de", 3000, 12000, 6},
	{"Département de", 12000, 40000, 2},
};

static const char *const places[] = {
	"Beaumont",  "Villeneuve", "Fontaine",	 "Montigny", "Neuville",   "Saint-Martin",
	"Roche",     "Bellevue",   "Champagne",	 "Rivière",  "Sainte-Marie", "Bourg",
	"Valmont",   "Clairvaux",  "Lamotte",	 "Mirebeau", "Chantemerle", "Bois-Colombe",
	"Vernouillet", "Aubergenville", "Pontoise", "Marigny", "Coulanges", "Les Essarts",
};
static const char *const place_ends[] = {
	"", "-sur-Seine", "-sur-Marne", "-le-Château", "-les-Bains", "-en-Forêt", "-sur-Loire",
	"-la-Vallée",
};
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A number from lo to hi inclusive. */
static int between(struct demo_rng *r, int lo, int hi)
{
	return lo + demo_below(r, hi - lo + 1);
}

/* Days of January 1st of year y. */
static int64_t new_year(int y)
{
	char d[24]; /* room for any int: the compiler cannot know y's range */
	snprintf(d, sizeof d, "%04d-01-01", y);
	return date_to_days(d);
}

/* ---- the plan: organisations and workers ---- */

struct org {
	int64_t id;        /* organisations.id */
	int64_t headcount; /* the same every year */
	int64_t worker0;   /* first worker (index) serving it */
	int64_t nworkers;  /* workers serving it, a contiguous run */
};

/* The generation under way. */
struct gen {
	scale_writer *w;                  /* writes the rows, in the call's batch */
	struct demo_rng r;                /* every draw, in a fixed order */
	struct org *orgs;                 /* norgs organisations (owned) */
	int64_t norgs;
	int64_t *workers;                 /* users.id of each of nworkers workers (owned) */
	int64_t nworkers;
	int64_t first_day;                /* days of January 1st of the first year */
	int64_t after_day;                /* days of January 1st after the last year */
	int64_t today;                    /* days of today: nothing happens after it */
	int first_year, last_year;        /* the years with headcounts */
};

/* Draws organisation sizes until they add up to employees exactly. */
static int64_t plan_orgs(struct gen *g, int64_t employees)
{
	int64_t cap = 1024, n = 0, left = employees;
	g->orgs = calloc((size_t)cap, sizeof *g->orgs);
	if (!g->orgs)
		log_fatal("out of memory");
	while (left > 0) {
		int total = 0;
		for (int k = 0; k < COUNT(org_sizes); k++)
			total += org_sizes[k].weight;
		int x = demo_below(&g->r, total), k = 0;
		while (x >= org_sizes[k].weight)
			x -= org_sizes[k++].weight;
		int64_t size = between(&g->r, org_sizes[k].from, org_sizes[k].to);
		/* The last one takes what is left rather than leave a crumb. */
		if (size >= left || left - size < org_sizes[0].from)
			size = left;
		if (n == cap) {
			cap *= 2;
			g->orgs = realloc(g->orgs, (size_t)cap * sizeof *g->orgs);
			if (!g->orgs)
				log_fatal("out of memory");
		}
		g->orgs[n++] = (struct org){0, size, 0, 0};
		left -= size;
	}
	return n;
}

/* Each worker covers an equal slice of the employees, organisations taken
   in order: an organisation is served by every worker whose slice meets
   its own, so each has at least one worker and each worker one
   organisation. */
static void plan_assignments(struct gen *g, int64_t employees)
{
	int64_t start = 0;
	for (int64_t o = 0; o < g->norgs; o++) {
		int64_t end = start + g->orgs[o].headcount; /* employees [start, end) */
		int64_t w0 = start * g->nworkers / employees;
		int64_t w1 = (end - 1) * g->nworkers / employees;
		g->orgs[o].worker0 = w0;
		g->orgs[o].nworkers = w1 - w0 + 1;
		start = end;
	}
}

/* ---- writing (through service/scale.h) ---- */

static int write_orgs(struct gen *g)
{
	char code[24], name[128];
	for (int64_t o = 0; o < g->norgs; o++) {
		int k = 0;
		for (; k + 1 < COUNT(org_sizes); k++)
			if (g->orgs[o].headcount <= org_sizes[k].to)
				break;
		snprintf(code, sizeof code, "c%06" PRId64, o + 1);
		snprintf(name, sizeof name, "%s %s%s", org_sizes[k].kind,
			 places[demo_below(&g->r, COUNT(places))],
			 place_ends[demo_below(&g->r, COUNT(place_ends))]);
		if (scale_org(g->w, code, name, g->orgs[o].headcount, g->first_year,
			      g->last_year, &g->orgs[o].id) != SVC_OK)
			return -1;
	}
	return 0;
}

static int write_workers(struct gen *g)
{
	g->workers = calloc((size_t)g->nworkers, sizeof *g->workers);
	if (!g->workers)
		log_fatal("out of memory");
	char login[24], name[96];
	int rc = SVC_OK;
	for (int64_t w = 0; w < g->nworkers && rc == SVC_OK; w++) {
		snprintf(login, sizeof login, "as.%04" PRId64, w + 1);
		snprintf(name, sizeof name, "%s %s", demo_pick(&g->r, &demo_first_names_f),
			 demo_pick(&g->r, &demo_last_names));
		rc = scale_worker(g->w, login, name, &g->workers[w]);
	}
	for (int64_t o = 0; o < g->norgs && rc == SVC_OK; o++)
		for (int64_t k = 0; k < g->orgs[o].nworkers && rc == SVC_OK; k++)
			rc = scale_assign(g->w, g->orgs[o].id, g->workers[g->orgs[o].worker0 + k]);
	return rc == SVC_OK ? 0 : -1;
}

/* One case of a person: opened on day `open`, lasting `days`. */
struct one_case {
	int64_t person, referent;
	int64_t open, days;
};

/* Writes the case, its domains and its interventions. */
static int write_case(struct gen *g, const struct one_case *c)
{
	struct demo_rng *r = &g->r;
	int64_t close = c->open + c->days;
	int closed = close < g->today;
	int64_t end = closed ? close : g->today; /* last day an intervention may fall on */
	char opened_on[DATE_LEN + 1], closed_on[DATE_LEN + 1];
	date_from_days(c->open, opened_on);
	date_from_days(close, closed_on);
	const char *source = demo_pick(r, &demo_sources);
	const char *outcome = demo_pick(r, &demo_outcomes);
	/* One theme, a second for a third of the cases. */
	const char *themes[2] = {demo_pick(r, &demo_themes), NULL};
	int nthemes = 1;
	if (demo_below(r, 3) == 0) {
		themes[1] = demo_pick(r, &demo_themes);
		nthemes = strcmp(themes[0], themes[1]) ? 2 : 1;
	}
	struct scale_case sc = {
		.person_id = c->person,
		.referent_id = c->referent,
		.opened_on = opened_on,
		.closed_on = closed ? closed_on : NULL,
		.referral_source = source,
		.outcome = closed ? outcome : NULL,
		.themes = themes,
		.nthemes = nthemes,
	};
	int64_t id = 0;
	if (scale_case(g->w, &sc, &id) != SVC_OK)
		return -1;
	/* Four to six interventions: the first interview on the day it opens,
	   the others spread over its life, in order. */
	int n = between(r, 4, 6);
	int64_t day = c->open;
	for (int k = 0; k < n; k++) {
		if (k > 0)
			day += demo_below(r, (int)((end - day) / (n - k) + 1) + 1);
		if (day > end)
			day = end;
		char date[DATE_LEN + 1];
		date_from_days(day, date);
		struct scale_intervention iv = {.case_id = id, .author_id = c->referent, .date = date};
		iv.mode = demo_pick(r, &demo_modes);
		iv.kind = k == 0 ? "entretien" : demo_pick(r, &demo_kinds);
		iv.duration_minutes = 15 * between(r, 1, 6);
		if (scale_intervention(g->w, &iv) != SVC_OK)
			return -1;
	}
	return 0;
}

/* A case's length in days. */
static int64_t draw_days(struct demo_rng *r)
{
	int total = 0;
	for (int k = 0; k < COUNT(durations); k++)
		total += durations[k].weight;
	int x = demo_below(r, total), k = 0;
	while (x >= durations[k].weight)
		x -= durations[k++].weight;
	return between(r, durations[k].from, durations[k].to);
}

/* A person of organisation o who comes to the service on day `open` of
   year y, with their case (and, for some, a second one later). */
static int write_person(struct gen *g, const struct org *o, int y, int64_t open)
{
	struct demo_rng *r = &g->r;
	struct one_case c = {0, 0, open, draw_days(r)};
	/* Cases opened during the warm-up count only when they reach the
	   first year; nothing opens after today. */
	if (open + c.days < g->first_day || open > g->today)
		return 0;
	c.referent = g->workers[o->worker0 + demo_below(r, (int)o->nworkers)];

	int female = demo_below(r, 100) < 71;
	const char *last = demo_pick(r, &demo_last_names);
	const char *first = demo_pick(r, female ? &demo_first_names_f : &demo_first_names_m);
	int total = 0, k = 0;
	for (int i = 0; i < COUNT(ages); i++)
		total += ages[i].weight;
	int x = demo_below(r, total);
	while (x >= ages[k].weight)
		x -= ages[k++].weight;
	char birth[DATE_LEN + 1], opened_on[DATE_LEN + 1];
	date_from_days(new_year(y - between(r, ages[k].from, ages[k].to)) + demo_below(r, 365), birth);
	date_from_days(open, opened_on);
	struct scale_person p = {
		.organisation_id = o->id,
		.referent_id = c.referent,
		.last_name = last,
		.first_name = first,
		.birth_date = birth,
		.sex = female ? "F" : "M",
		.came_on = opened_on,
	};
	p.status = draw(r, statuses);
	p.category = draw(r, categories);
	p.family_situation = draw(r, families);
	/* About one in a hundred said no to statistics when asked. */
	p.statistics = demo_below(r, 100) != 0;
	/* One in eight comes back a few months after the end of the first. */
	struct one_case again = c;
	int back = 0;
	if (demo_below(r, 8) == 0) {
		again.open += c.days + between(r, 60, 400);
		again.days = draw_days(r);
		back = again.open < g->after_day;
	}
	/* Her span of activity, known before her cases are written: from
	   the first opening to the last closing, open while the last case is
	   (every intervention falls in between, write_case). */
	const struct one_case *last_case = back ? &again : &c;
	char active_to[DATE_LEN + 1] = "9999-12-31";
	if (last_case->open + last_case->days < g->today)
		date_from_days(last_case->open + last_case->days, active_to);
	p.active_from = opened_on;
	p.active_to = active_to;
	if (scale_person(g->w, &p, &c.person) != SVC_OK)
		return -1;
	again.person = c.person;
	if (write_case(g, &c) != 0)
		return -1;
	return back ? write_case(g, &again) : 0;
}

/* Every year, every organisation opens cases in proportion to its
   headcount, on days spread over the year. */
static int write_activity(struct gen *g)
{
	for (int y = g->first_year - WARM_UP_YEARS; y <= g->last_year; y++) {
		int64_t jan1 = new_year(y), ndays = new_year(y + 1) - jan1;
		for (int64_t o = 0; o < g->norgs; o++) {
			/* Rounded up or down at random, so that small ones get their share. */
			int64_t scaled = g->orgs[o].headcount * NEW_CASES_PER_100K;
			int64_t n = (scaled + demo_below(&g->r, 100000)) / 100000;
			for (int64_t i = 0; i < n; i++)
				if (write_person(g, &g->orgs[o], y, jan1 + demo_below(&g->r, (int)ndays)) != 0)
					return -1;
		}
	}
	return 0;
}

int demo_scale_fill(svc *s, int64_t employees, uint64_t seed, demo_account_fn fn, void *ctx,
		    struct demo_scale_counts *out)
{
	memset(out, 0, sizeof *out);
	scale_writer *w = NULL;
	int rc = scale_begin(s, employees, &w);
	if (rc != SVC_OK)
		return rc;
	char today[DATE_LEN + 1];
	date_today(today);
	int last_year = date_year(today) - 1, first_year = last_year - DEMO_SCALE_YEARS + 1;
	struct gen g = {
		.w = w,
		.r = {seed ? seed : 2008},
		.first_day = new_year(first_year),
		.after_day = new_year(last_year + 1),
		.today = date_to_days(today),
		.first_year = first_year,
		.last_year = last_year,
	};
	g.norgs = plan_orgs(&g, employees);
	g.nworkers = (employees + EMPLOYEES_PER_WORKER / 2) / EMPLOYEES_PER_WORKER;
	if (g.nworkers < 1)
		g.nworkers = 1;
	plan_assignments(&g, employees);

	/* The head of service: the one account that can sign in, with its
	   enrolment link shown once. */
	char token[SEC_TOKEN_LEN + 1];
	rc = users_add(s, "responsable", "Responsable du service", "head", NULL, NULL, token);
	if (rc == SVC_OK)
		rc = demo_report_account(s, fn, ctx, "responsable", "head", token);
	sodium_memzero(token, sizeof token);

	if (rc == SVC_OK && (write_orgs(&g) != 0 || write_workers(&g) != 0 || write_activity(&g) != 0))
		rc = SVC_ERROR; /* logged by the writer */
	free(g.orgs);
	free(g.workers);
	struct scale_counts c;
	int end = scale_end(w, rc == SVC_OK, &c);
	if (rc != SVC_OK || end != SVC_OK)
		return rc != SVC_OK ? rc : end;
	out->first_year = first_year;
	out->last_year = last_year;
	out->organisations = c.organisations;
	out->workers = c.workers;
	out->persons = c.persons;
	out->cases = c.cases;
	out->interventions = c.interventions;
	return SVC_OK;
}
