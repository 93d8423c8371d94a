/* solver — see solver.h. */
#include "adversary/solver.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lpsolve/lp_lib.h>

#define K 11         /* no count from 1 to K - 1 is ever shown */
#define NOISE 2      /* a published person count is within 2 of the truth */
#define EVENT_BASE 5 /* event counts are rounded to 5 */
#define EVENT_HALF 2 /* so the truth is within 2 of the published one */
/* A correction (version 2 and later) keeps a published figure unless it
   moved by 15 or more (the gate's stated rule): the truth is then within
   14 + 2 of what is published. */
#define STICKY 14
#define AMOUNT_BASE 10000 /* amounts in cents, rounded to 100 € */

/* ---- the facts ---- */

/* src into dst[len], cut when longer (names here are short codes). */
static void copy(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void put(struct adv_bilan *b, const char *table, const char *key, int hidden, int null,
		double value)
{
	if (b->n == ADV_FACTS_MAX)
		return;
	struct adv_fact *f = &b->f[b->n++];
	copy(f->table, sizeof f->table, table);
	copy(f->key, sizeof f->key, key);
	f->hidden = hidden;
	f->null = null;
	f->value = hidden || null ? 0 : value;
}

const struct adv_fact *adv_fact(const struct adv_bilan *b, const char *table, const char *key)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->f[i].table, table) == 0 && strcmp(b->f[i].key, key) == 0)
			return &b->f[i];
	return NULL;
}

/* Figures whose JSON null means "no value" rather than "hidden" (the CSV
   shows them empty). */
static int nullable(const char *table)
{
	static const char *const names[] = {"share_of_headcount", "interventions.hours",
					    "hours.bought"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i], table) == 0)
			return 1;
	return 0;
}

/* Objects of the JSON holding figures one level down ("interventions":
   {"total", "by_mode"…}) rather than a breakdown's cells. */
static int grouping(const char *name)
{
	static const char *const names[] = {"interventions", "aids", "orientations",
					    "collective_actions", "job_retention", "hours",
					    "suppression"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

/* One member of the JSON under its flat name. */
static void from_json_value(struct adv_bilan *b, const char *table, json_t *v)
{
	if (json_is_object(v)) {
		const char *key;
		json_t *c;
		json_object_foreach(v, key, c)
		{
			if (json_is_number(c))
				put(b, table, key, 0, 0, json_number_value(c));
			else
				put(b, table, key, 1, 0, 0);
		}
	} else if (json_is_null(v)) {
		if (strcmp(table, "hours.by_activity") == 0)
			return; /* an employer's hours are never split: absent from the CSV */
		put(b, table, "", !nullable(table), nullable(table), 0);
	} else if (json_is_number(v)) {
		put(b, table, "", 0, 0, json_number_value(v));
	} else if (json_is_boolean(v)) {
		put(b, table, "", 0, 0, json_is_true(v));
	}
}

int adv_from_json(json_t *j, struct adv_bilan *b)
{
	memset(b, 0, sizeof *b);
	if (!json_is_object(j) || !json_is_integer(json_object_get(j, "year")))
		return -1;
	b->year = (int)json_integer_value(json_object_get(j, "year"));
	const char *scope = json_string_value(json_object_get(j, "scope"));
	snprintf(b->scope, sizeof b->scope, "%s", scope ? scope : "");
	const char *name;
	json_t *v;
	json_object_foreach(j, name, v)
	{
		if (strcmp(name, "trends") == 0) {
			size_t i;
			json_t *t;
			json_array_foreach(v, i, t)
			{
				const char *theme = json_string_value(json_object_get(t, "theme"));
				json_t *p = json_object_get(t, "previous"), *c = json_object_get(t, "current");
				put(b, "trends.previous", theme ? theme : "", json_is_null(p), 0,
				    json_number_value(p));
				put(b, "trends.current", theme ? theme : "", json_is_null(c), 0,
				    json_number_value(c));
				put(b, "trends.emerging", theme ? theme : "", 0, 0,
				    json_is_true(json_object_get(t, "emerging")));
			}
		} else if (json_is_object(v) && grouping(name)) {
			const char *member;
			json_t *m;
			json_object_foreach(v, member, m)
			{
				char table[48];
				snprintf(table, sizeof table, "%s.%s", name, member);
				from_json_value(b, table, m);
			}
		} else if (!json_is_string(v)) {
			from_json_value(b, name, v);
		}
	}
	return 0;
}

/* The next CSV field of *p into out (quotes undone); 1 when the record
   goes on, 0 at its end, -1 at the end of the text. */
static int csv_next(const char **p, char *out, size_t len)
{
	const char *s = *p;
	size_t n = 0;
	if (!*s)
		return -1;
	if (*s == '"') {
		s++;
		while (*s && !(*s == '"' && s[1] != '"')) {
			if (*s == '"')
				s++;
			if (n + 1 < len)
				out[n++] = *s;
			s++;
		}
		if (*s == '"')
			s++;
	} else {
		while (*s && *s != ',' && *s != '\r' && *s != '\n') {
			if (n + 1 < len)
				out[n++] = *s;
			s++;
		}
	}
	out[n] = '\0';
	int more = *s == ',';
	if (*s == ',')
		s++;
	else {
		if (*s == '\r')
			s++;
		if (*s == '\n')
			s++;
	}
	*p = s;
	return more;
}

int adv_from_csv(const char *text, struct adv_bilan *b)
{
	memset(b, 0, sizeof *b);
	const char *p = text;
	int first = 1;
	for (;;) {
		char f[3][128];
		int nf = 0, more = 1;
		while (more == 1 && nf < 3)
			if ((more = csv_next(&p, f[nf], sizeof f[0])) >= 0)
				nf++;
		if (more == -1 && nf == 0)
			break;
		if (nf != 3 || more == 1)
			return -1;
		if (first) {
			first = 0;
			if (strcmp(f[0], "breakdown") != 0)
				return -1;
			continue;
		}
		/* Strings: the scope and audience. */
		if (strcmp(f[0], "scope") == 0) {
			copy(b->scope, sizeof b->scope, f[2]);
			continue;
		}
		if (strcmp(f[0], "audience") == 0)
			continue;
		if (strcmp(f[0], "year") == 0)
			b->year = atoi(f[2]);
		if (strcmp(f[2], "< 11") == 0)
			put(b, f[0], f[1], 1, 0, 0);
		else if (!f[2][0])
			put(b, f[0], f[1], 0, 1, 0);
		else if (strcmp(f[2], "true") == 0 || strcmp(f[2], "false") == 0)
			put(b, f[0], f[1], 0, 0, f[2][0] == 't');
		else {
			char *end;
			double v = strtod(f[2], &end);
			if (*end)
				return -1;
			put(b, f[0], f[1], 0, 0, v);
		}
	}
	return b->year ? 0 : -1;
}

int adv_same(const struct adv_bilan *a, const struct adv_bilan *b, char *why, size_t len)
{
	const struct adv_bilan *x[2] = {a, b};
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < x[s]->n; i++) {
			const struct adv_fact *f = &x[s]->f[i], *g = adv_fact(x[1 - s], f->table, f->key);
			if (!g) {
				snprintf(why, len, "%s/%s only in the %s", f->table, f->key,
					 s ? "CSV" : "JSON");
				return 0;
			}
			if (f->hidden != g->hidden || f->null != g->null ||
			    fabs(f->value - g->value) > 1e-9) {
				snprintf(why, len, "%s/%s: JSON %s%g, CSV %s%g", f->table, f->key,
					 a == x[s] ? (f->hidden ? "hidden " : "") : (g->hidden ? "hidden " : ""),
					 a == x[s] ? f->value : g->value,
					 a == x[s] ? (g->hidden ? "hidden " : "") : (f->hidden ? "hidden " : ""),
					 a == x[s] ? g->value : f->value);
				return 0;
			}
		}
	return 1;
}

/* ---- what the employer knows of the tables ---- */

enum kind { PERSONS, EVENTS, EXACT };
enum relation {
	R_TOTAL,   /* the group's total */
	R_SUM,     /* cells add up to the total */
	R_LE,      /* each cell at most the total (multi-valued) */
	R_THEME,   /* each theme at most its domain, and the total */
	R_GRANTED, /* granted aids = decisions accordee + partielle */
	R_NONE,
};

static const struct rule {
	const char *table;
	enum kind kind;
	int group; /* tables linked by arithmetic share a group */
	enum relation rel;
	const char *total; /* the table its cells relate to */
} rules[] = {
	{"persons_followed", PERSONS, 0, R_TOTAL, NULL},
	{"by_status", PERSONS, 0, R_SUM, "persons_followed"},
	{"by_category", PERSONS, 0, R_SUM, "persons_followed"},
	{"by_family_situation", PERSONS, 0, R_SUM, "persons_followed"},
	{"by_sex", PERSONS, 0, R_SUM, "persons_followed"},
	{"by_age_band", PERSONS, 0, R_SUM, "persons_followed"},
	{"by_domain", PERSONS, 0, R_LE, "persons_followed"},
	{"by_theme", PERSONS, 0, R_THEME, "by_domain"},
	{"new_cases", EVENTS, 1, R_TOTAL, NULL},
	{"by_referral_source", EVENTS, 1, R_SUM, "new_cases"},
	{"closed_cases", EVENTS, 2, R_TOTAL, NULL},
	{"by_outcome", EVENTS, 2, R_SUM, "closed_cases"},
	{"interventions.total", EVENTS, 3, R_TOTAL, NULL},
	{"interventions.by_mode", EVENTS, 3, R_SUM, "interventions.total"},
	{"interventions.by_kind", EVENTS, 3, R_SUM, "interventions.total"},
	{"aids.requests", EVENTS, 4, R_TOTAL, NULL},
	{"aids.by_funder", EVENTS, 4, R_SUM, "aids.requests"},
	{"aids.by_decision", EVENTS, 4, R_SUM, "aids.requests"},
	{"aids.granted", EVENTS, 4, R_GRANTED, "aids.by_decision"},
	{"orientations.total", EVENTS, 5, R_TOTAL, NULL},
	{"orientations.by_partner_kind", EVENTS, 5, R_SUM, "orientations.total"},
	{"orientations.by_status", EVENTS, 5, R_SUM, "orientations.total"},
	{"job_retention.persons_on_long_leave", EVENTS, 6, R_NONE, NULL},
	{"job_retention.by_outcome", EVENTS, 7, R_NONE, NULL},
	{"collective_actions.total", EXACT, 8, R_TOTAL, NULL},
	{"collective_actions.by_topic", EXACT, 8, R_SUM, "collective_actions.total"},
	{"collective_actions.participants", EXACT, 9, R_NONE, NULL},
};
#define NRULES (sizeof rules / sizeof rules[0])
#define NGROUPS 10

static const struct rule *rule_of(const char *table)
{
	for (size_t i = 0; i < NRULES; i++)
		if (strcmp(rules[i].table, table) == 0)
			return &rules[i];
	return NULL;
}

/* The group's total table, or NULL. */
static const char *group_total(int group)
{
	for (size_t i = 0; i < NRULES; i++)
		if (rules[i].group == group && rules[i].rel == R_TOTAL)
			return rules[i].table;
	return NULL;
}

/* ---- the integer program ---- */

#define VARS_MAX 1024

struct var {
	const struct adv_fact *f;
	const struct rule *r;
	int version; /* 0 or 1 */
};

struct prog {
	lprec *lp;
	struct var v[VARS_MAX];
	int n;
	const struct adv_bilan *b[2];
	const struct adv_bilan *truth[2]; /* the exact figures, when checking */
	struct adv_stats *st;
	adv_report_fn fn;
	void *ctx;
	int findings;
	int broken; /* infeasible: the published figures contradict the rules */
};

static void finding(struct prog *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void finding(struct prog *p, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	p->findings++;
	if (p->st)
		p->st->leaks++;
	if (p->fn)
		p->fn(p->ctx, text);
}

/* The column (1-based) of fact (table, key) of version, or 0. */
static int col(const struct prog *p, int version, const char *table, const char *key)
{
	for (int i = 0; i < p->n; i++)
		if (p->v[i].version == version && strcmp(p->v[i].f->table, table) == 0 &&
		    strcmp(p->v[i].f->key, key) == 0)
			return i + 1;
	return 0;
}

/* The unknowns of one version's group, with the bounds of their rule. */
static void add_vars(struct prog *p, const struct adv_bilan *b, int version, int group)
{
	for (size_t i = 0; i < b->n && p->n < VARS_MAX; i++) {
		const struct rule *r = rule_of(b->f[i].table);
		if (!r || r->group != group || b->f[i].null)
			continue;
		/* A whole hidden multi-valued breakdown says nothing. */
		if (!b->f[i].key[0] && (r->rel == R_LE || r->rel == R_THEME))
			continue;
		p->v[p->n].f = &b->f[i];
		p->v[p->n].r = r;
		p->v[p->n].version = version;
		p->n++;
	}
}

static void bounds(struct prog *p)
{
	for (int i = 0; i < p->n; i++) {
		const struct var *v = &p->v[i];
		double lo = 0, hi = get_infinite(p->lp), x = v->f->value;
		const struct adv_fact *ver = adv_fact(p->b[v->version], "version", "");
		double sticky = ver && !ver->hidden && ver->value >= 2 ? STICKY : 0;
		if (!v->f->hidden) {
			if (v->r->kind == PERSONS) {
				lo = x - NOISE - sticky < K ? K : x - NOISE - sticky;
				hi = x + NOISE + sticky;
			} else if (v->r->kind == EVENTS) {
				lo = x - EVENT_HALF - sticky < 0 ? 0 : x - EVENT_HALF - sticky;
				hi = x + EVENT_HALF + sticky;
			} else {
				lo = hi = x;
			}
		}
		set_bounds(p->lp, i + 1, lo, hi);
		set_int(p->lp, i + 1, TRUE);
	}
}

static void row(struct prog *p, int n, int *cols, double *coef, int type, double rhs)
{
	for (int i = 0; i < n; i++)
		if (!cols[i])
			return;
	add_constraintex(p->lp, n, coef, cols, type, rhs);
}

/* The relations of one version: sums, at-most, themes, granted aids. */
static void relations(struct prog *p, int version)
{
	int cols[VARS_MAX];
	double coef[VARS_MAX];
	for (size_t t = 0; t < NRULES; t++) {
		const struct rule *r = &rules[t];
		if (r->rel == R_SUM) {
			int n = 0, total = col(p, version, r->total, "");
			for (int i = 0; i < p->n; i++)
				if (p->v[i].version == version && p->v[i].r == r) {
					cols[n] = i + 1;
					coef[n++] = 1;
				}
			if (!n || !total)
				continue;
			cols[n] = total;
			coef[n++] = -1;
			row(p, n, cols, coef, EQ, 0);
		} else if (r->rel == R_LE || r->rel == R_THEME) {
			const char *top = r->rel == R_LE ? r->total : "persons_followed";
			for (int i = 0; i < p->n; i++) {
				if (p->v[i].version != version || p->v[i].r != r)
					continue;
				cols[0] = i + 1;
				coef[0] = 1;
				cols[1] = col(p, version, top, "");
				coef[1] = -1;
				row(p, 2, cols, coef, LE, 0);
				const char *dot = strchr(p->v[i].f->key, '.');
				if (r->rel == R_THEME && dot) {
					char domain[64];
					snprintf(domain, sizeof domain, "%.*s",
						 (int)(dot - p->v[i].f->key), p->v[i].f->key);
					cols[1] = col(p, version, r->total, domain);
					row(p, 2, cols, coef, LE, 0);
				}
			}
		} else if (r->rel == R_GRANTED) {
			cols[0] = col(p, version, r->table, "");
			cols[1] = col(p, version, r->total, "accordee");
			cols[2] = col(p, version, r->total, "partielle");
			coef[0] = 1;
			coef[1] = coef[2] = -1;
			row(p, 3, cols, coef, EQ, 0);
		}
	}
}

/* Builds the program of the unknowns added so far (rows come next). */
static int program(struct prog *p)
{
	p->lp = make_lp(0, p->n);
	if (!p->lp)
		return -1;
	set_verbose(p->lp, CRITICAL);
	set_add_rowmode(p->lp, TRUE);
	return 0;
}

static int finish(struct prog *p)
{
	set_add_rowmode(p->lp, FALSE);
	bounds(p);
	return 0;
}

/* The exact integer minimum and maximum of sum coef * column; 0, or -1
   when the program is infeasible.  hi is ADV_INF when unbounded. */
static int range(struct prog *p, int n, int *cols, double *coef, long long *lo, long long *hi)
{
	set_obj_fnex(p->lp, n, coef, cols);
	for (int dir = 0; dir < 2; dir++) {
		if (dir == 0)
			set_minim(p->lp);
		else
			set_maxim(p->lp);
		int rc = solve(p->lp);
		if (p->st)
			p->st->ranges++;
		long long x;
		double z = get_objective(p->lp);
		if (rc == UNBOUNDED || ((rc == OPTIMAL || rc == PRESOLVED) && fabs(z) >= 1e15))
			x = dir ? ADV_INF : -ADV_INF; /* lp_solve's infinity */
		else if (rc == OPTIMAL || rc == PRESOLVED)
			x = llround(z);
		else
			return -1;
		if (dir == 0)
			*lo = x;
		else
			*hi = x;
	}
	return 0;
}

static const char *label(const struct prog *p, const struct var *v, char *out, size_t len)
{
	const struct adv_bilan *b = p->b[v->version];
	snprintf(out, len, "%s %d%s %s%s%s", b->scope, b->year,
		 p->b[1] ? (v->version ? " (version 2)" : " (version 1)") : "", v->f->table,
		 v->f->key[0] ? "/" : "", v->f->key);
	return out;
}

/* Whether v is a cell to attack: a count of persons or events, not a
   whole hidden breakdown (which is only its total again). */
static int is_cell(const struct var *v)
{
	if (v->r->kind == EXACT)
		return 0;
	return v->f->key[0] || v->r->rel == R_TOTAL || v->r->rel == R_NONE ||
	       v->r->rel == R_GRANTED;
}

/* The true value of v (from the head's exact bilan) must lie in lo..hi. */
static void check_truth(struct prog *p, const struct var *v, long long lo, long long hi)
{
	const struct adv_bilan *t = p->truth[v->version];
	if (!t)
		return;
	const struct adv_fact *x = adv_fact(t, v->f->table, v->f->key);
	char name[200];
	if (!x && !v->f->key[0])
		return; /* a whole hidden breakdown: no such figure in the truth */
	if (!x || x->hidden || x->null) {
		finding(p, "%s: no true value to check the adversary against",
			label(p, v, name, sizeof name));
		return;
	}
	if (x->value < (double)lo || x->value > (double)hi)
		finding(p, "%s: true value %g outside the adversary's range %lld..%lld: the "
			   "stated rules (or the adversary's model) are wrong",
			label(p, v, name, sizeof name), x->value, lo, hi);
}

/* The range of each hidden cell and of each published count of persons
   of the program's versions. */
static void attack_cells(struct prog *p, int group)
{
	const char *total_table = group_total(group);
	for (int i = 0; i < p->n && !p->broken; i++) {
		const struct var *v = &p->v[i];
		if (!is_cell(v) || (!v->f->hidden && v->r->kind != PERSONS))
			continue;
		int c = i + 1;
		double one = 1;
		long long lo, hi;
		char name[200];
		if (p->st) {
			p->st->cells++;
			if (v->f->hidden)
				p->st->hidden++;
			else
				p->st->published++;
		}
		if (range(p, 1, &c, &one, &lo, &hi) != 0) {
			p->broken = 1;
			finding(p, "%s: the published figures contradict the stated rules "
				   "(no integer solution)", label(p, v, name, sizeof name));
			return;
		}
		check_truth(p, v, lo, hi);
		const struct adv_fact *total =
			total_table ? adv_fact(p->b[v->version], total_table, "") : NULL;
		int total_published = total && !total->hidden;
		if (v->f->hidden && lo >= 1 && hi <= K - 1)
			finding(p, "%s: hidden, but its true value lies within %lld..%lld",
				label(p, v, name, sizeof name), lo, hi);
		else if (v->f->hidden && total_published && hi - lo < K - 1)
			finding(p, "%s: hidden, but narrowed to %lld..%lld (fewer than %d values)",
				label(p, v, name, sizeof name), lo, hi, K);
		else if (!v->f->hidden && lo == hi)
			finding(p, "%s: published %g, and its true value is exactly %lld",
				label(p, v, name, sizeof name), v->f->value, lo);
	}
}

static void prog_free(struct prog *p)
{
	if (p->lp)
		delete_lp(p->lp);
	p->lp = NULL;
}

/* ---- the plain rules, without a solver ---- */

static void plain_rules(struct prog *p, const struct adv_bilan *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct adv_fact *f = &b->f[i];
		const struct rule *r = rule_of(f->table);
		if (!r || f->hidden || f->null || r->kind == EXACT)
			continue;
		if (f->value >= 1 && f->value <= K - 1)
			finding(p, "%s %d %s/%s: %g published (1..10)", b->scope, b->year, f->table,
				f->key, f->value);
		if (r->kind == EVENTS &&
		    (fmod(f->value, EVENT_BASE) != 0 || f->value < K + EVENT_HALF + EVENT_HALF))
			finding(p, "%s %d %s/%s: event count %g is not rounded to 5 and at least 15",
				b->scope, b->year, f->table, f->key, f->value);
	}
	/* Amounts hide with their count, else to 100 €. */
	static const char *const amounts[][2] = {{"aids.amount_requested_cents", "aids.requests"},
						 {"aids.amount_granted_cents", "aids.granted"},
						 {"interventions.hours", "interventions.total"}};
	for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
		const struct adv_fact *a = adv_fact(b, amounts[i][0], ""),
				      *n = adv_fact(b, amounts[i][1], "");
		if (!a || !n)
			continue;
		int shown = !a->hidden && !a->null;
		double base = i < 2 ? AMOUNT_BASE : EVENT_BASE;
		if (n->hidden && shown)
			finding(p, "%s %d %s: %g published while %s is hidden", b->scope, b->year,
				amounts[i][0], a->value, amounts[i][1]);
		else if (shown && fmod(a->value, base) != 0)
			finding(p, "%s %d %s: %g is not rounded to %g", b->scope, b->year,
				amounts[i][0], a->value, base);
	}
	/* The share of the headcount: from the published total only. */
	const struct adv_fact *s = adv_fact(b, "share_of_headcount", ""),
			      *t = adv_fact(b, "persons_followed", ""),
			      *h = adv_fact(b, "headcount", "");
	if (s && t && h && !s->null) {
		double want = t->hidden || h->value <= 0
				      ? -1
				      : round(t->value / h->value * 10000.0) / 10000.0;
		if (fabs(s->value - want) > 1e-9)
			finding(p, "%s %d share_of_headcount %g is not the published total over the "
				   "headcount (%g)",
				b->scope, b->year, s->value, want);
	}
	/* Collective actions: published exactly, topics add up. */
	const struct adv_fact *at = adv_fact(b, "collective_actions.total", "");
	if (at && !at->hidden) {
		double sum = 0;
		for (size_t i = 0; i < b->n; i++)
			if (strcmp(b->f[i].table, "collective_actions.by_topic") == 0)
				sum += b->f[i].value;
		if (sum != at->value)
			finding(p, "%s %d collective actions: %g in all but %g by topic", b->scope,
				b->year, at->value, sum);
	}
}

/* ---- the attacks ---- */

int adv_attack(const struct adv_bilan *b, adv_report_fn fn, void *ctx, struct adv_stats *st)
{
	return adv_attack_checked(b, NULL, fn, ctx, st);
}

int adv_attack_checked(const struct adv_bilan *b, const struct adv_bilan *truth,
		       adv_report_fn fn, void *ctx, struct adv_stats *st)
{
	struct prog *p = calloc(1, sizeof *p);
	if (!p)
		abort();
	p->truth[0] = truth;
	p->st = st;
	p->fn = fn;
	p->ctx = ctx;
	p->b[0] = b;
	if (st)
		st->bilans++;
	plain_rules(p, b);
	for (int g = 0; g < NGROUPS; g++) {
		p->n = 0;
		p->broken = 0;
		add_vars(p, b, 0, g);
		if (!p->n || program(p) != 0)
			continue;
		relations(p, 0);
		finish(p);
		attack_cells(p, g);
		prog_free(p);
	}
	int n = p->findings;
	free(p);
	return n;
}

int adv_attack_versions(const struct adv_bilan *v1, const struct adv_bilan *v2,
			const struct adv_versions *k, adv_report_fn fn, void *ctx,
			struct adv_stats *st)
{
	return adv_attack_versions_checked(v1, v2, NULL, NULL, k, fn, ctx, st);
}

int adv_attack_versions_checked(const struct adv_bilan *v1, const struct adv_bilan *v2,
				const struct adv_bilan *truth1, const struct adv_bilan *truth2,
				const struct adv_versions *k, adv_report_fn fn, void *ctx,
				struct adv_stats *st)
{
	struct prog *p = calloc(1, sizeof *p);
	if (!p)
		abort();
	p->truth[0] = truth1;
	p->truth[1] = truth2;
	p->st = st;
	p->fn = fn;
	p->ctx = ctx;
	p->b[0] = v1;
	p->b[1] = v2;
	if (st)
		st->bilans++;
	for (int g = 0; g < NGROUPS; g++) {
		p->n = 0;
		p->broken = 0;
		add_vars(p, v1, 0, g);
		add_vars(p, v2, 1, g);
		if (!p->n || program(p) != 0)
			continue;
		relations(p, 0);
		relations(p, 1);
		/* The correction: what the adversary knows of it. */
		int n1 = p->n;
		for (int i = 0; i < n1 && k->max_added >= 0; i++) {
			const struct var *v = &p->v[i];
			if (v->version != 0)
				continue;
			int c[2] = {col(p, 1, v->f->table, v->f->key), i + 1};
			double coef[2] = {1, -1};
			if (!c[0])
				continue;
			const struct adv_fact *w = p->v[c[0] - 1].f;
			int moved = v->r->kind == PERSONS && k->cellkey_aware && !v->f->hidden &&
				    !w->hidden && v->f->value != w->value;
			row(p, 2, c, coef, GE, moved ? 1 : 0);
			row(p, 2, c, coef, LE, k->max_added);
		}
		finish(p);
		attack_cells(p, g);
		/* The difference of every cell both versions hold. */
		for (int i = 0; i < n1 && !p->broken; i++) {
			const struct var *v = &p->v[i];
			if (v->version != 0 || !is_cell(v))
				continue;
			int c[2] = {col(p, 1, v->f->table, v->f->key), i + 1};
			double coef[2] = {1, -1};
			long long lo, hi;
			char name[200];
			if (!c[0])
				continue;
			if (range(p, 2, c, coef, &lo, &hi) != 0) {
				p->broken = 1;
				finding(p, "%s: the two versions contradict the stated rules",
					label(p, v, name, sizeof name));
				break;
			}
			const struct adv_fact *x1 =
				p->truth[0] ? adv_fact(p->truth[0], v->f->table, v->f->key) : NULL;
			const struct adv_fact *x2 =
				p->truth[1] ? adv_fact(p->truth[1], v->f->table, v->f->key) : NULL;
			if (x1 && x2 && (x2->value - x1->value < (double)lo ||
					 x2->value - x1->value > (double)hi))
				finding(p, "%s: true difference %g outside the adversary's range "
					   "%lld..%lld: the stated rules (or the model) are wrong",
					label(p, v, name, sizeof name), x2->value - x1->value, lo, hi);
			if (lo >= 1 && hi <= K - 1)
				finding(p, "%s %d %s%s%s: between the versions it rose by %lld..%lld, "
					   "never 0 (v1 %s%g, v2 %s%g)",
					v1->scope, v1->year, v->f->table, v->f->key[0] ? "/" : "",
					v->f->key, lo, hi, v->f->hidden ? "hidden " : "", v->f->value,
					p->v[c[0] - 1].f->hidden ? "hidden " : "",
					p->v[c[0] - 1].f->value);
			else if (hi <= -1 && lo >= -(K - 1))
				finding(p, "%s %d %s/%s: between the versions it fell by %lld..%lld, "
					   "never 0",
					v1->scope, v1->year, v->f->table, v->f->key, -hi, -lo);
		}
		prog_free(p);
	}
	int n = p->findings;
	free(p);
	return n;
}

int adv_check_trends(const struct adv_bilan *cur, const struct adv_bilan *prev,
		     adv_report_fn fn, void *ctx, struct adv_stats *st)
{
	struct prog p;
	memset(&p, 0, sizeof p);
	p.st = st;
	p.fn = fn;
	p.ctx = ctx;
	for (size_t i = 0; i < cur->n; i++) {
		const struct adv_fact *f = &cur->f[i];
		if (strcmp(f->table, "trends.previous") == 0) {
			const struct adv_fact *was = prev ? adv_fact(prev, "by_theme", f->key) : NULL;
			int was_hidden = !was || was->hidden;
			if (f->hidden != was_hidden || (!f->hidden && f->value != was->value))
				finding(&p, "%s %d trend %s: previous %s%g, but %d published %s%g",
					cur->scope, cur->year, f->key, f->hidden ? "hidden " : "",
					f->value, cur->year - 1, was_hidden ? "hidden " : "",
					was ? was->value : 0);
		} else if (strcmp(f->table, "trends.current") == 0) {
			const struct adv_fact *now = adv_fact(cur, "by_theme", f->key);
			if (!now || f->hidden != now->hidden || f->value != now->value)
				finding(&p, "%s %d trend %s: current %s%g, but by_theme shows %s%g",
					cur->scope, cur->year, f->key, f->hidden ? "hidden " : "",
					f->value, !now || now->hidden ? "hidden " : "",
					now ? now->value : 0);
		} else if (strcmp(f->table, "trends.emerging") == 0) {
			const struct adv_fact *a = adv_fact(cur, "trends.previous", f->key),
					      *b = adv_fact(cur, "trends.current", f->key);
			int want = a && b && !a->hidden && !b->hidden && b->value >= 5 &&
				   b->value >= 2 * a->value;
			if ((f->value != 0) != want)
				finding(&p, "%s %d trend %s: emerging is not computed from the "
					   "published figures",
					cur->scope, cur->year, f->key);
		}
	}
	return p.findings;
}
