/* demo_scale — see demo_scale.h. */
#include "service/demo_scale.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "domain/date.h"
#include "service/audit.h"
#include "service/demo_internal.h"
#include "service/internal.h"
#include "service/users.h"
#include "support/log.h"
#include "support/text.h"

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
	store *db;                        /* the call's connection, in the batch's transaction */
	struct demo_rng r;                /* every draw, in a fixed order */
	struct org *orgs;                 /* norgs organisations (owned) */
	int64_t norgs;
	int64_t *workers;                 /* users.id of each of nworkers workers (owned) */
	int64_t nworkers;
	int64_t now;                      /* created_at of every row */
	int64_t first_day;                /* days of January 1st of the first year */
	int64_t after_day;                /* days of January 1st after the last year */
	int64_t today;                    /* days of today: nothing happens after it */
	struct demo_scale_counts *counts; /* what was written so far */
	const char *failed;               /* what failed, for the log */
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

/* ---- writing ---- */

static int exec(struct gen *g, enum stmt id, const store_value *p, int n, int64_t *out_id)
{
	if (store_exec(g->db, id, p, n, out_id ? svc_row_int : NULL, out_id) == STORE_OK)
		return 0;
	g->failed = stmt_table[id].name;
	return -1;
}

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
		store_value p[] = {SV_TEXT(code), SV_TEXT(name), SV_TEXT("collectivite"),
				   SV_TEXT("Fonction publique territoriale"), SV_INT(g->now)};
		if (exec(g, ST_ORG_INSERT, p, 5, &g->orgs[o].id) != 0)
			return -1;
		for (int y = g->counts->first_year; y <= g->counts->last_year; y++) {
			store_value h[] = {SV_INT(g->orgs[o].id), SV_INT(y),
					   SV_INT(g->orgs[o].headcount)};
			if (exec(g, ST_HEADCOUNT_PUT, h, 3, NULL) != 0)
				return -1;
		}
	}
	return 0;
}

static int write_workers(struct gen *g)
{
	/* One hash of a password nobody is told: the accounts exist, hold
	   caseloads and appear in lists, but cannot be signed in to. */
	char password[24], hash[SEC_PASSWORD_HASH_MAX];
	sec_password_generate(password, 20);
	int rc = sec_password_hash(password, hash);
	sodium_memzero(password, sizeof password);
	if (rc != 0) {
		g->failed = "password hashing";
		return -1;
	}
	g->workers = calloc((size_t)g->nworkers, sizeof *g->workers);
	if (!g->workers)
		log_fatal("out of memory");
	char login[24], name[96];
	for (int64_t w = 0; w < g->nworkers && rc == 0; w++) {
		snprintf(login, sizeof login, "as.%04" PRId64, w + 1);
		snprintf(name, sizeof name, "%s %s", demo_pick(&g->r, &demo_first_names_f),
			 demo_pick(&g->r, &demo_last_names));
		store_value p[] = {SV_TEXT(login), SV_TEXT(name),	SV_TEXT("worker"),
				   SV_TEXT(hash),  SV_INT(g->now), SV_NULL};
		rc = exec(g, ST_USER_INSERT, p, 6, &g->workers[w]);
	}
	for (int64_t o = 0; o < g->norgs && rc == 0; o++)
		for (int64_t k = 0; k < g->orgs[o].nworkers && rc == 0; k++) {
			store_value p[] = {SV_INT(g->orgs[o].id),
					   SV_INT(g->workers[g->orgs[o].worker0 + k])};
			rc = exec(g, ST_ASSIGN_INSERT, p, 2, NULL);
		}
	return rc;
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
	int64_t id = 0;
	store_value p[] = {SV_INT(c->person),	SV_INT(c->referent),
			   SV_TEXT(opened_on),	closed ? SV_TEXT(closed_on) : SV_NULL,
			   SV_TEXT(source),	closed ? SV_TEXT(outcome) : SV_NULL,
			   SV_NULL,		SV_INT(g->now)};
	if (exec(g, ST_CASE_INSERT, p, 8, &id) != 0)
		return -1;
	g->counts->cases++;
	/* One theme, a second for a third of the cases. */
	const char *themes[2] = {demo_pick(r, &demo_themes), NULL};
	int nthemes = 1;
	if (demo_below(r, 3) == 0) {
		themes[1] = demo_pick(r, &demo_themes);
		nthemes = strcmp(themes[0], themes[1]) ? 2 : 1;
	}
	for (int k = 0; k < nthemes; k++) {
		store_value d[] = {SV_INT(id), SV_TEXT(themes[k])};
		if (exec(g, ST_CASE_DOMAIN_INSERT, d, 2, NULL) != 0)
			return -1;
	}
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
		const char *mode = demo_pick(r, &demo_modes);
		const char *kind = k == 0 ? "entretien" : demo_pick(r, &demo_kinds);
		int minutes = 15 * between(r, 1, 6);
		store_value iv[] = {SV_INT(id),	  SV_INT(c->referent), SV_TEXT(date), SV_TEXT(mode),
				    SV_TEXT(kind), SV_INT(minutes),	   SV_NULL,	  SV_NULL,
				    SV_INT(g->now)};
		if (exec(g, ST_INTERVENTION_INSERT, iv, 9, NULL) != 0)
			return -1;
		g->counts->interventions++;
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
	char both[128], folded[128];
	snprintf(both, sizeof both, "%s %s", last, first);
	text_fold(both, folded, sizeof folded);
	int total = 0, k = 0;
	for (int i = 0; i < COUNT(ages); i++)
		total += ages[i].weight;
	int x = demo_below(r, total);
	while (x >= ages[k].weight)
		x -= ages[k++].weight;
	char birth[DATE_LEN + 1], opened_on[DATE_LEN + 1];
	date_from_days(new_year(y - between(r, ages[k].from, ages[k].to)) + demo_below(r, 365), birth);
	date_from_days(open, opened_on);
	const char *status = draw(r, statuses);
	const char *category = draw(r, categories);
	const char *family = draw(r, families);
	/* About one in a hundred said no to statistics when asked. */
	int statistics = demo_below(r, 100) != 0;
	store_value p[] = {
		SV_INT(o->id),	   SV_INT(c.referent), SV_TEXT(last),	    SV_TEXT(first),
		SV_TEXT(folded),   SV_TEXT(birth),     SV_TEXT(female ? "F" : "M"),
		SV_TEXT(status),   SV_TEXT(category),  SV_TEXT(family),	    SV_NULL,
		SV_NULL,	   SV_NULL,	       SV_TEXT(opened_on),  SV_INT(statistics),
		SV_TEXT(opened_on), SV_NULL,	       SV_INT(g->now),
	};
	if (exec(g, ST_PERSON_INSERT, p, 18, &c.person) != 0)
		return -1;
	g->counts->persons++;
	if (write_case(g, &c) != 0)
		return -1;
	/* One in eight comes back a few months after the end of the first. */
	if (demo_below(r, 8) == 0) {
		c.open += c.days + between(r, 60, 400);
		c.days = draw_days(r);
		if (c.open < g->after_day)
			return write_case(g, &c);
	}
	return 0;
}

/* Every year, every organisation opens cases in proportion to its
   headcount, on days spread over the year. */
static int write_activity(struct gen *g)
{
	for (int y = g->counts->first_year - WARM_UP_YEARS; y <= g->counts->last_year; y++) {
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
	int rc = demo_check_empty(s);
	if (rc != SVC_OK)
		return rc;
	if (employees < 1 || employees > DEMO_SCALE_MAX)
		return svc_fail(s, SVC_INVALID, "scale",
				"the number of employees must be from 1 to 10,000,000");
	char today[DATE_LEN + 1];
	date_today(today);
	out->last_year = date_year(today) - 1;
	out->first_year = out->last_year - DEMO_SCALE_YEARS + 1;
	struct gen g = {
		.db = svc_db(s),
		.r = {seed ? seed : 2008},
		.now = (int64_t)time(NULL),
		.first_day = new_year(out->first_year),
		.after_day = new_year(out->last_year + 1),
		.today = date_to_days(today),
		.counts = out,
	};
	if (!g.db || svc_batch_begin(s) != SVC_OK)
		return SVC_ERROR;
	g.norgs = plan_orgs(&g, employees);
	g.nworkers = (employees + EMPLOYEES_PER_WORKER / 2) / EMPLOYEES_PER_WORKER;
	if (g.nworkers < 1)
		g.nworkers = 1;
	plan_assignments(&g, employees);
	out->organisations = g.norgs;
	out->workers = g.nworkers;

	/* The head of service: the one account with a password, shown once. */
	char password[24];
	sec_password_generate(password, 16);
	rc = users_add(s, "responsable", "Responsable du service", "head", password, NULL, NULL);
	if (rc == SVC_OK && fn)
		fn(ctx, "responsable", "head", password);
	sodium_memzero(password, sizeof password);

	char summary[160];
	if (rc == SVC_OK) {
		if (write_orgs(&g) != 0 || write_workers(&g) != 0 || write_activity(&g) != 0) {
			log_error("demo --scale: %s: %s", g.failed ? g.failed : "?",
				  store_errmsg(g.db));
			rc = SVC_ERROR;
		}
	}
	if (rc == SVC_OK) {
		snprintf(summary, sizeof summary,
			 "employees=%" PRId64 " organisations=%" PRId64 " workers=%" PRId64
			 " persons=%" PRId64 " cases=%" PRId64 " interventions=%" PRId64,
			 employees, out->organisations, out->workers, out->persons, out->cases,
			 out->interventions);
		if (svc_audit(s, "demo.scale", "service", summary) != 0)
			rc = svc_abort(s, "demo.scale");
	}
	free(g.orgs);
	free(g.workers);
	if (rc != SVC_OK) {
		svc_batch_end(s, 0);
		memset(out, 0, sizeof *out);
		return rc;
	}
	return svc_batch_end(s, 1);
}
