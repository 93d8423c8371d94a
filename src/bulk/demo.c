/* demo — see demo.h. */
#include "bulk/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bulk/demo_internal.h"
#include "domain/date.h"
#include "service/bilan.h"
#include "service/cases.h"
#include "service/employee_requests.h"
#include "service/employer_requests.h"
#include "service/accounts.h"
#include "service/actions.h"
#include "service/aids.h"
#include "service/appointments.h"
#include "service/hours.h"
#include "service/orientations.h"
#include "service/partners.h"
#include "service/permanences.h"
#include "service/job_retention.h"
#include "service/interventions.h"
#include "service/organisations.h"
#include "service/persons.h"
#include "service/scale.h"
#include "service/users.h"
#include "support/sec.h"

uint64_t demo_next(struct demo_rng *r)
{
	r->x ^= r->x >> 12;
	r->x ^= r->x << 25;
	r->x ^= r->x >> 27;
	return r->x * 2685821657736338717ULL;
}

int demo_below(struct demo_rng *r, int n)
{
	return (int)(demo_next(r) % (uint64_t)n);
}

const char *demo_pick(struct demo_rng *r, const struct demo_list *l)
{
	return l->items[demo_below(r, l->n)];
}

/* Shuffles n ints. */
static void shuffle(struct demo_rng *r, int *v, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = demo_below(r, i + 1), t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

static const struct {
	const char *code, *name;
	int headcount[4]; /* 2006–2009; 2008 adds up to 11,367 */
} orgs[] = {
	{"montreuil", "Ville de Montreuil", {1610, 1630, 1650, 1665}},
	{"pantin", "Ville de Pantin", {1390, 1405, 1420, 1432}},
	{"bobigny", "Ville de Bobigny", {1150, 1166, 1180, 1190}},
	{"bondy", "Ville de Bondy", {1075, 1090, 1100, 1110}},
	{"bagnolet", "Ville de Bagnolet", {955, 968, 980, 985}},
	{"noisy-le-sec", "Ville de Noisy-le-Sec", {850, 862, 870, 879}},
	{"romainville", "Ville de Romainville", {740, 751, 760, 768}},
	{"les-lilas", "Ville des Lilas", {680, 690, 700, 705}},
	{"ivry", "Ville d'Ivry-sur-Seine", {605, 611, 620, 626}},
	{"vitry", "Ville de Vitry-sur-Seine", {505, 512, 520, 528}},
	{"creteil", "Ville de Créteil", {410, 415, 420, 424}},
	{"ccas-pantin", "CCAS de Pantin", {290, 296, 300, 304}},
	{"ehpad-lilas", "EHPAD des Lilas", {145, 148, 150, 151}},
	{"sivom", "Syndicat intercommunal (SIVOM)", {680, 690, 697, 701}},
};
#define NORGS ((int)(sizeof orgs / sizeof orgs[0]))

static const struct {
	const char *login, *name;
	int orgs[3]; /* indexes into orgs, -1 unused */
} workers[] = {
	{"as.durand", "Claire Durand", {0, 11, -1}},	{"as.benali", "Samia Benali", {1, -1, -1}},
	{"as.lefort", "Julie Lefort", {2, 13, -1}},	{"as.moreau", "Hélène Moreau", {3, -1, -1}},
	{"as.nguyen", "Linh Nguyen", {4, 5, -1}},	{"as.petit", "Sophie Petit", {6, 7, 12}},
	{"cesf.garcia", "Inès Garcia", {8, -1, -1}},	{"as.roussel", "Anne Roussel", {9, 10, -1}},
};
#define NWORKERS ((int)(sizeof workers / sizeof workers[0]))

static const char *const last_names_items[] = {
	"Martin",  "Bernard", "Dubois",	 "Thomas", "Robert",  "Richard", "Petit",  "Durand",
	"Leroy",   "Moreau",  "Simon",	 "Laurent", "Lefebvre", "Michel", "Garcia", "David",
	"Bertrand", "Roux",   "Vincent", "Fournier", "Morel",  "Girard", "André",  "Mercier",
	"Dupont",  "Lambert", "Bonnet",	 "François", "Martinez", "Diallo", "Traoré", "Haddad",
	"Benali",  "Nguyen",  "Da Silva", "Ferreira", "Camara", "Bouzid", "Lopez",  "Sanchez",
};
static const char *const first_names_f_items[] = {"Nadia", "Sandrine", "Fatou", "Isabelle", "Karima",
					    "Sylvie", "Aminata", "Nathalie", "Céline", "Maria",
					    "Valérie", "Leïla", "Patricia", "Sonia", "Chantal"};
static const char *const first_names_m_items[] = {"Mohamed", "Pascal", "Jean-Marc", "Karim",
					    "Thierry", "Mamadou", "Philippe", "Rachid", "Didier",
					    "José", "Laurent", "Moussa"};

/* Themes weighted by how often they come up in a workplace social service. */
static const char *const themes_items[] = {
	"sante.arret", "sante.arret", "sante.arret", "sante.reprise", "sante.tpt", "sante.mutuelle",
	"sante.psy", "handicap.rqth", "handicap.amenagement", "travail.difficultes",
	"travail.mal_etre", "travail.reclassement", "travail.retraite", "famille.separation",
	"famille.garde", "famille.jeunes", "famille.emploi_conjoint", "budget.difficultes",
	"budget.difficultes", "budget.surendettement", "budget.aide", "logement.acces",
	"logement.expulsion", "droits.prestations", "droits.demarches",
};
static const char *const sources_items[] = {"agent", "agent", "agent", "medecin", "medecin", "rh",
				      "encadrement", "collegue", "representant", "partenaire"};
static const char *const modes_items[] = {"permanence", "permanence", "bureau", "telephone",
				    "telephone", "domicile", "ecrit"};
static const char *const kinds_items[] = {"entretien", "entretien", "entretien", "demarche",
				    "orientation", "aide", "mediation", "instance"};
static const char *const outcomes_items[] = {"resolu", "resolu", "maintien_poste",
				       "maintien_amenagement", "relais", "abandon", "retraite"};
static const char *const notes_items[] = {
	"Premier entretien : écoute, point sur la situation et les droits.",
	"Constitution du dossier avec l'agent ; pièces à fournir listées.",
	"Appel au médecin de prévention, avec l'accord de l'agent.",
	"Orientation vers la CAF pour le réexamen des droits.",
	"Point sur la reprise : visite de pré-reprise à demander.",
	"Demande d'aide exceptionnelle instruite, en attente de la commission.",
	"Échéancier négocié avec le bailleur.",
	"Entretien téléphonique : la situation se stabilise.",
	"Rencontre avec l'encadrement pour l'aménagement du poste.",
	"Bilan du suivi avec l'agent ; objectifs atteints.",
};

#define LIST(a) {(a##_items), (int)(sizeof(a##_items) / sizeof(a##_items[0]))}
const struct demo_list demo_last_names = LIST(last_names), demo_first_names_f = LIST(first_names_f),
		       demo_first_names_m = LIST(first_names_m), demo_themes = LIST(themes),
		       demo_sources = LIST(sources), demo_modes = LIST(modes), demo_kinds = LIST(kinds),
		       demo_outcomes = LIST(outcomes);
static const struct demo_list demo_notes = LIST(notes);

#define PICK(r, name) demo_pick((r), &demo_##name)

/* A date of year y, months [m1, m2]. */
static void date_in(struct demo_rng *r, int y, int m1, int m2, char out[11])
{
	int m = m1 + demo_below(r, m2 - m1 + 1);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, 1 + demo_below(r, 28));
}

/* The index of worker login. */
static int worker_of(const char *login)
{
	for (int w = 0; w < NWORKERS; w++)
		if (strcmp(workers[w].login, login) == 0)
			return w;
	return 0;
}

/* The worker who serves organisation o. */
static const char *referent_of(int o)
{
	for (int w = 0; w < NWORKERS; w++)
		for (int k = 0; k < 3; k++)
			if (workers[w].orgs[k] == o)
				return workers[w].login;
	return workers[0].login;
}

/* One person with one case (and its interventions); 0 or an SVC code. */
struct one {
	const char *status, *category, *family;
	int birth_year;
	char opened[11], closed[11]; /* closed "" while open */
	const char *theme;            /* a forced theme, or NULL */
	int statistics;
};

/* The demo's time: its four years y0..y0 + 3, the last one the year of
   today, and nothing dated after today but what is planned (appointments,
   permanences, conventions).  The reference is y0 2006, today 2009-12-31. */
struct era {
	int y0;
	char today[11];
	char quarter[11]; /* today less 91 days: aids submitted since may wait */
};

#define ERA_LAST(e) ((e)->y0 + 3)

/* The date "y-md" (md "MM-DD") into out. */
static void on(int y, const char *md, char out[11])
{
	snprintf(out, 11, "%04u-%.5s", (unsigned)y % 10000u, md);
}

/* ---- field records: aids, orientations, sick leaves, retention ---- */

static const struct {
	const char *name, *kind;
} demo_partners[] = {
	{"CAF de la Seine-Saint-Denis", "caf"},
	{"CPAM de la Seine-Saint-Denis", "cpam"},
	{"MDPH de la Seine-Saint-Denis", "mdph"},
	{"ADIL 93 — information logement", "association"},
	{"Point conseil budget Crésus", "association"},
	{"Cap emploi 93", "cap_emploi"},
	{"Service de santé au travail interentreprises", "sst"},
	{"Centre médico-psychologique adultes", "psy"},
};
#define NPARTNERS (sizeof demo_partners / sizeof demo_partners[0])

struct demo_field {
	int64_t partners[NPARTNERS];
};

/* A date d + days, not after limit (when limit is not ""). */
static void shifted(const char *d, int days, const char *limit, char out[11])
{
	date_add_days(d, days, out);
	if (limit && *limit && strcmp(out, limit) > 0)
		snprintf(out, 11, "%s", limit);
}

static int field_records(svc *s, struct demo_rng *r, const struct era *e,
			 const struct demo_field *fr, int64_t case_id, const struct one *p,
			 const char *theme)
{
	const char *end = p->closed[0] ? p->closed : e->today;
	int rc = SVC_OK;
	/* Aids: most budget and housing situations, a few others. */
	if (strncmp(theme, "budget", 6) == 0 || strncmp(theme, "logement", 8) == 0 ||
	    demo_below(r, 8) == 0) {
		static const char *const kinds[] = {"secours", "secours", "pret", "avance"};
		static const char *const funders[] = {"ccas", "cos", "caf", "action_logement",
						      "employeur", "mutuelle"};
		char submitted[11], decided[11];
		shifted(p->opened, 5 + demo_below(r, 30), end, submitted);
		int64_t amount = (int64_t)(150 + 50 * demo_below(r, 24)) * 100;
		struct aid_input in = {kinds[demo_below(r, 4)], funders[demo_below(r, 6)], amount,
				       submitted, "Demande présentée en commission d'aide sociale.", NULL};
		int64_t aid = 0;
		if ((rc = aids_create(s, case_id, &in, &aid)) != SVC_OK)
			return rc;
		int roll = demo_below(r, 100);
		date_add_days(submitted, 21, decided);
		/* Not yet decided: one in eight of the last quarter's, and those
		   whose commission meets after today. */
		if ((roll < 88 || strcmp(submitted, e->quarter) < 0) &&
		    strcmp(decided, e->today) <= 0) {
			struct aid_decision_input d = {
				roll < 60 ? "accordee" : roll < 75 ? "partielle" : "refusee",
				1,
				roll < 60 ? amount : roll < 75 ? amount / 2 : 0,
				1,
				decided,
				0,
				NULL};
			if ((rc = aids_decide(s, aid, &d)) != SVC_OK)
				return rc;
		}
	}
	/* Orientations to a partner, with the person's consent to share. */
	if (demo_below(r, 5) == 0) {
		char sent[11], answered[11], done[11];
		shifted(p->opened, 10, end, sent);
		struct orientation_input in = {fr->partners[demo_below(r, (int)NPARTNERS)], sent,
					       "Orientation pour un accompagnement spécialisé.", sent, 1};
		int64_t id = 0;
		if ((rc = orientations_create(s, case_id, &in, &id)) != SVC_OK)
			return rc;
		int roll = demo_below(r, 100);
		date_add_days(sent, 12, answered);
		date_add_days(sent, 45, done);
		if (roll < 80 && strcmp(answered, e->today) <= 0) {
			struct orientation_update u = {case_id, roll < 65 ? "acceptee" : "refusee",
						       answered, NULL};
			if ((rc = orientations_update(s, id, &u, NULL, NULL)) != SVC_OK)
				return rc;
			if (roll < 40 && strcmp(done, e->today) <= 0) {
				struct orientation_update d = {case_id, "realisee", NULL, done};
				rc = orientations_update(s, id, &d, NULL, NULL);
			}
		}
	}
	/* Sick leaves behind health situations, some long; a retention outcome
	   when such a case is closed. */
	if (rc == SVC_OK && strncmp(theme, "sante", 5) == 0) {
		char start[11], stop[11];
		date_add_days(p->opened, -(20 + demo_below(r, 40)), start);
		int days = 20 + demo_below(r, 220);
		date_add_days(start, days, stop);
		struct period_input leave = {start, strcmp(stop, e->today) > 0 ? NULL : stop,
					     days > 180 ? "longue_maladie" : "maladie", 0};
		if ((rc = job_retention_leave_create(s, case_id, &leave, NULL)) != SVC_OK)
			return rc;
		if (p->closed[0]) {
			static const char *const outcomes_r[] = {"maintien_poste", "maintien_poste",
								 "amenagement", "reclassement",
								 "retraite_invalidite"};
			struct job_retention_input ri = {.rqth_status = "aucune",
						     .outcome = outcomes_r[demo_below(r, 5)]};
			rc = job_retention_update(s, case_id, &ri);
		}
	}
	return rc;
}

/* An open case the present brings up to date (living_cases). */
struct open_case {
	int64_t id;
	int worker;        /* index into workers */
	char opened[11];
	char last[11];     /* its last contact */
};

struct open_cases {
	struct open_case *v;
	int n, cap;
};

static int add_person(svc *s, struct demo_rng *r, const struct era *e, int index,
		      const struct one *p, const struct demo_field *fr, struct open_cases *open)
{
	int o = demo_below(r, NORGS);
	/* Larger collectivités bring more persons. */
	if (orgs[o].headcount[2] < 600 && demo_below(r, 2))
		o = demo_below(r, 4);
	int female = demo_below(r, 100) < 72;
	char birth[11], ref[16];
	snprintf(birth, sizeof birth, "%04d-%02d-%02d", p->birth_year, 1 + demo_below(r, 12),
		 1 + demo_below(r, 28));
	snprintf(ref, sizeof ref, "D%05d", index);
	struct person_input in = {
		.organisation = orgs[o].code,
		.last_name = PICK(r, last_names),
		.first_name = female ? PICK(r, first_names_f) : PICK(r, first_names_m),
		.birth_date = birth,
		.sex = female ? "F" : "M",
		.status = p->status,
		.category = p->category,
		.family_situation = p->family,
		.consent_on = p->opened,
		.statistics = 1,
		.import_ref = ref,
	};
	int64_t person = 0, case_id = 0;
	int rc = persons_create(s, &in, &person);
	if (rc != SVC_OK)
		return rc;
	if (!p->statistics) {
		struct person_input off = {.statistics = 0};
		if ((rc = persons_update(s, person, &off)) != SVC_OK)
			return rc;
	}
	const char *domains[2] = {p->theme ? p->theme : PICK(r, themes), NULL};
	int ndomains = 1;
	if (demo_below(r, 3) == 0) {
		domains[1] = PICK(r, themes);
		ndomains = strcmp(domains[0], domains[1]) ? 2 : 1;
	}
	struct case_input c = {
		.person_id = person,
		.opened_on = p->opened,
		.referral_source = PICK(r, sources),
		.domains = domains,
		.ndomains = ndomains,
		.closed_on = p->closed[0] ? p->closed : NULL,
		.outcome = p->closed[0] ? PICK(r, outcomes) : NULL,
		.referent = referent_of(o),
	};
	if ((rc = cases_create(s, &c, &case_id)) != SVC_OK)
		return rc;
	/* Two to five interventions within the case's life. */
	int n = 2 + demo_below(r, 4);
	for (int k = 0; k < n; k++) {
		char date[11];
		snprintf(date, sizeof date, "%s", p->opened);
		if (k > 0) {
			int y = date_year(p->opened);
			int last = p->closed[0] ? date_year(p->closed) : y + 1;
			date_in(r, y + demo_below(r, last - y + 1), 1, 12, date);
			if (strcmp(date, p->opened) < 0 || (p->closed[0] && strcmp(date, p->closed) > 0) ||
			    strcmp(date, e->today) > 0)
				snprintf(date, sizeof date, "%s", p->opened);
		}
		if (!p->closed[0] && open->n < open->cap) {
			struct open_case *oc = &open->v[open->n];
			if (k == 0) {
				oc->id = case_id;
				oc->worker = worker_of(c.referent);
				snprintf(oc->opened, sizeof oc->opened, "%s", p->opened);
				snprintf(oc->last, sizeof oc->last, "%s", p->opened);
			}
			if (strcmp(date, oc->last) > 0)
				snprintf(oc->last, sizeof oc->last, "%s", date);
			if (k == n - 1)
				open->n++;
		}
		struct intervention_input iv = {
			.date = date,
			.mode = PICK(r, modes),
			.kind = k == 0 ? "entretien" : PICK(r, kinds),
			.duration_minutes = 15 * (1 + demo_below(r, 6)),
			.notes = PICK(r, notes),
		};
		if ((rc = interventions_create(s, case_id, &iv, NULL)) != SVC_OK)
			return rc;
	}
	/* The field records are written by the référent. */
	if ((rc = svc_act_as(s, c.referent)) == SVC_OK)
		rc = field_records(s, r, e, fr, case_id, p, domains[0]);
	svc_act_as(s, NULL);
	return rc;
}

/* Fills v[0..n) with value counts[k] times each. */
static void spread(int *v, int n, const int *counts, int kinds_n)
{
	int i = 0;
	for (int k = 0; k < kinds_n; k++)
		for (int c = 0; c < counts[k] && i < n; c++)
			v[i++] = k;
	while (i < n)
		v[i++] = 0;
}

#define FOLLOWED_2008 590

int demo_report_account(svc *s, demo_account_fn fn, void *ctx, const char *login,
			const char *role, const char *token)
{
	if (!fn)
		return SVC_OK;
	struct enrolment_info info;
	int rc = accounts_enrolment_get(s, token, &info);
	if (rc == SVC_OK)
		fn(ctx, login, role, token, info.secret);
	sodium_memzero(&info, sizeof info);
	return rc;
}

/* ---- the present: what a service looks like on the morning of today ---- */

/* 1 for a Saturday or a Sunday. */
static int weekend(const char *d)
{
	return (date_to_days(d) + 3) % 7 >= 5; /* 1970-01-01 was a Thursday */
}

/* The later of two dates, into out. */
static void later(const char *a, const char *b, char out[11])
{
	snprintf(out, 11, "%s", strcmp(a, b) > 0 ? a : b);
}

/* A contact of the last weeks on case oc. */
static int recent_contact(svc *s, struct demo_rng *r, const struct era *e,
			  const struct open_case *oc)
{
	char ago[11], date[11];
	date_add_days(e->today, -(1 + demo_below(r, 45)), ago);
	later(ago, oc->opened, date);
	struct intervention_input iv = {
		.date = date,
		.mode = PICK(r, modes),
		.kind = PICK(r, kinds),
		.duration_minutes = 15 * (1 + demo_below(r, 4)),
		.notes = PICK(r, notes),
	};
	return interventions_create(s, oc->id, &iv, NULL);
}

/* Closes case oc this year, after its last contact and before today,
   when there is room (the past years' figures stay): 1 when closed. */
static int close_old(svc *s, struct demo_rng *r, const struct era *e, const struct open_case *oc,
		     int *rc)
{
	char after[11], year_start[11], first[11], closed[11];
	date_add_days(oc->last, 14, after);
	on(ERA_LAST(e), "01-01", year_start);
	later(after, year_start, first);
	int64_t room = date_days_between(first, e->today) - 7;
	if (room <= 0)
		return 0;
	date_add_days(first, demo_below(r, (int)(room < 300 ? room : 300)), closed);
	struct case_input c = {.ndomains = -1, .closed_on = closed, .outcome = PICK(r, outcomes)};
	*rc = cases_update(s, oc->id, &c);
	return 1;
}

/* An aid waiting for the commission for five to seven weeks, and an
   orientation sent two or three weeks ago waiting for the partner's
   answer: what the worker's dashboard shows. */
static int waiting_aid(svc *s, struct demo_rng *r, const struct era *e, const struct open_case *oc)
{
	char ago[11], submitted[11];
	date_add_days(e->today, -(35 + demo_below(r, 15)), ago);
	later(ago, oc->opened, submitted);
	struct aid_input in = {"secours", "ccas", (int64_t)(200 + 50 * demo_below(r, 10)) * 100,
			       submitted, "Demande présentée en commission d'aide sociale.", NULL};
	return aids_create(s, oc->id, &in, NULL);
}

static int waiting_orientation(svc *s, struct demo_rng *r, const struct era *e,
			       const struct demo_field *fr, const struct open_case *oc)
{
	char ago[11], sent[11];
	date_add_days(e->today, -(12 + demo_below(r, 10)), ago);
	later(ago, oc->opened, sent);
	struct orientation_input in = {fr->partners[demo_below(r, (int)NPARTNERS)], sent,
				       "Orientation pour un accompagnement spécialisé.", sent, 1};
	return orientations_create(s, oc->id, &in, NULL);
}

/* The cases still open at the end of the history: the long ones closed
   during the year, the others seen in the last weeks but for a few
   (one in fifteen) left without contact, and in each caseload two aids
   and an orientation waiting.  (open holds every case left open: fewer
   than its 1,000 places.) */
static int living_cases(svc *s, struct demo_rng *r, const struct era *e,
			const struct demo_field *fr, const struct open_cases *open)
{
	char year_before[11], mid_year_before[11];
	on(ERA_LAST(e) - 1, "01-01", year_before);
	on(ERA_LAST(e) - 1, "07-01", mid_year_before);
	int aids_n[NWORKERS] = {0}, orientations_n[NWORKERS] = {0};
	int rc = SVC_OK;
	for (int i = 0; i < open->n && rc == SVC_OK; i++) {
		const struct open_case *oc = &open->v[i];
		if ((rc = svc_act_as(s, workers[oc->worker].login)) != SVC_OK)
			break;
		int old = strcmp(oc->opened, year_before) < 0 ||
			  (strcmp(oc->opened, mid_year_before) < 0 && demo_below(r, 2));
		if (old && close_old(s, r, e, oc, &rc)) {
			svc_act_as(s, NULL);
			continue;
		}
		if (demo_below(r, 15) == 0) {
			svc_act_as(s, NULL);
			continue; /* without contact for a while */
		}
		rc = recent_contact(s, r, e, oc);
		if (rc == SVC_OK && aids_n[oc->worker] < 2) {
			aids_n[oc->worker]++;
			rc = waiting_aid(s, r, e, oc);
		} else if (rc == SVC_OK && orientations_n[oc->worker] < 1) {
			orientations_n[oc->worker]++;
			rc = waiting_orientation(s, r, e, fr, oc);
		}
		svc_act_as(s, NULL);
	}
	return rc;
}

/* Each worker's weekly permanence at her first collectivité this year,
   and the first contacts booked on the next working days. */
static int agenda(svc *s, const struct era *e)
{
	char year_start[11];
	snprintf(year_start, sizeof year_start, "%.4s-01-01", e->today);
	int rc = SVC_OK;
	for (int w = 0; w < NWORKERS && rc == SVC_OK; w++) {
		if ((rc = svc_act_as(s, workers[w].login)) != SVC_OK)
			break;
		const char *org = orgs[workers[w].orgs[0]].code;
		struct permanence_input pi = {org,	   workers[w].login, "Mairie — bureau du personnel",
					      1 + w % 5, "09:00",	  "12:00",
					      w % 3 ? 1 : 2, year_start,	  NULL};
		rc = permanences_create(s, &pi, NULL);
		char day[11];
		snprintf(day, sizeof day, "%s", e->today);
		for (int k = 1; k <= 3 && rc == SVC_OK; k++) {
			char start[32], end[32];
			do
				date_add_days(day, 1, day);
			while (weekend(day));
			snprintf(start, sizeof start, "%sT%02d:00", day, 13 + k);
			snprintf(end, sizeof end, "%sT%02d:45", day, 13 + k);
			struct appointment_input ai = {.worker = NULL, /* the worker herself */
						       .start = start,
						       .end = end,
						       .mode = k == 2 ? "telephone" : "bureau",
						       .site = k == 2 ? NULL : "Service social"};
			rc = appointments_create(s, &ai, NULL);
		}
		svc_act_as(s, NULL);
	}
	return rc;
}

/* Employees who asked through their collectivité's link to be contacted
   and wait for an answer: one for each worker's first collectivité. */
static int employee_asks(svc *s, struct demo_rng *r)
{
	static const char *const messages[] = {
		"Je souhaiterais vous rencontrer au sujet de ma situation.",
		"Pouvez-vous me rappeler ? C'est à propos de mon arrêt.",
		NULL,
	};
	/* The head made the links. */
	int rc = SVC_OK;
	for (int w = 0; w < NWORKERS && rc == SVC_OK; w++) {
		char token[SEC_TOKEN_LEN + 1], phone[16];
		if ((rc = svc_act_as(s, "responsable")) != SVC_OK)
			break;
		rc = employee_requests_link_create(s, orgs[workers[w].orgs[0]].code, token);
		svc_act_as(s, NULL);
		int female = demo_below(r, 100) < 72;
		snprintf(phone, sizeof phone, "06 %02d %02d %02d %02d", demo_below(r, 100),
			 demo_below(r, 100), demo_below(r, 100), demo_below(r, 100));
		struct employee_request_fields f = {
			PICK(r, last_names),
			female ? PICK(r, first_names_f) : PICK(r, first_names_m),
			phone,
			w % 2 ? "telephone" : "permanence",
			messages[w % 3],
			1};
		if (rc == SVC_OK)
			rc = employee_requests_submit(s, token, &f, NULL);
		sodium_memzero(token, sizeof token);
	}
	return rc;
}

/* The employer's requests for an intervention, waiting for an answer. */
static int employer_asks(svc *s)
{
	static const struct employer_request_input asks[] = {
		{"Agent en difficulté au service des espaces verts",
		 "Un agent semble en grande difficulté depuis son retour d'arrêt ; son encadrant "
		 "souhaiterait un rendez-vous avec le service social.",
		 "Service RH, poste 4120"},
		{"Réunion d'information sur la retraite",
		 "Pourriez-vous organiser une réunion d'information sur la préparation de la "
		 "retraite pour les agents de plus de 55 ans au premier trimestre ?",
		 NULL},
	};
	int rc = svc_act_as(s, "rh.montreuil");
	for (size_t i = 0; i < sizeof asks / sizeof asks[0] && rc == SVC_OK; i++)
		rc = employer_requests_create(s, &asks[i], NULL);
	svc_act_as(s, NULL);
	return rc;
}

/* The present, drawn from its own sequence so that the history stays the
   same whatever today is. */
static int living_present(svc *s, uint64_t seed, const struct era *e,
			  const struct demo_field *fr, const struct open_cases *open)
{
	struct demo_rng r = {(seed ? seed : 2008) ^ 0x9e3779b97f4a7c15ULL};
	int rc = living_cases(s, &r, e, fr, open);
	if (rc == SVC_OK)
		rc = agenda(s, e);
	if (rc == SVC_OK)
		rc = employee_asks(s, &r);
	if (rc == SVC_OK)
		rc = employer_asks(s);
	return rc;
}

/* One person of the history, cut at today: one whose case opens after
   today does not come (yet), a closing after today has not happened. */
static int person(svc *s, struct demo_rng *r, const struct era *e, int *index, struct one *p,
		  const struct demo_field *fr, struct open_cases *open)
{
	if (strcmp(p->opened, e->today) > 0)
		return SVC_OK;
	if (strcmp(p->closed, e->today) > 0)
		p->closed[0] = '\0';
	return add_person(s, r, e, ++*index, p, fr, open);
}

int demo_fill(svc *s, uint64_t seed, const char *today, demo_account_fn fn, void *ctx)
{
	int empty = scale_check_empty(s);
	if (empty != SVC_OK)
		return empty;
	struct era e;
	if (today)
		snprintf(e.today, sizeof e.today, "%s", today);
	else
		date_today(e.today);
	char now[11];
	date_today(now);
	if (!date_valid(e.today) || strcmp(e.today, DEMO_REFERENCE_TODAY) < 0 ||
	    strcmp(e.today, now) > 0)
		return SVC_INVALID;
	e.y0 = date_year(e.today) - 3;
	date_add_days(e.today, -91, e.quarter);
	const int shift = e.y0 - 2006; /* years after the reference */
	struct demo_rng r = {seed ? seed : 2008};
	struct open_cases open = {NULL, 0, 1000};
	if (!(open.v = calloc((size_t)open.cap, sizeof *open.v)))
		return SVC_ERROR;
	if (svc_batch_begin(s) != SVC_OK)
		return SVC_ERROR;
	int rc = SVC_OK;

	for (int o = 0; o < NORGS && rc == SVC_OK; o++) {
		rc = organisations_create(s, orgs[o].code, orgs[o].name, "collectivite",
				 "Fonction publique territoriale", NULL);
		for (int y = 0; y < 4 && rc == SVC_OK; y++)
			rc = organisations_set_headcount(s, orgs[o].code, e.y0 + y,
							 orgs[o].headcount[y]);
	}
	/* Accounts: each with its enrolment link, shown once. */
	static const struct {
		const char *login, *name, *role, *org;
	} others[] = {
		{"responsable", "Martine Leroy", "head", NULL},
		{"dpo", "Délégué à la protection des données", "auditor", NULL},
		{"rh.montreuil", "Service RH — Ville de Montreuil", "employer", "montreuil"},
	};
	char token[SEC_TOKEN_LEN + 1];
	for (int w = 0; w < NWORKERS && rc == SVC_OK; w++) {
		rc = users_add(s, workers[w].login, workers[w].name, "worker", NULL, NULL, token);
		if (rc == SVC_OK)
			rc = demo_report_account(s, fn, ctx, workers[w].login, "worker", token);
		for (int k = 0; k < 3 && rc == SVC_OK && workers[w].orgs[k] >= 0; k++)
			rc = organisations_assign(s, orgs[workers[w].orgs[k]].code, workers[w].login);
	}
	for (size_t i = 0; i < sizeof others / sizeof others[0] && rc == SVC_OK; i++) {
		rc = users_add(s, others[i].login, others[i].name, others[i].role, others[i].org,
			       NULL, token);
		if (rc == SVC_OK)
			rc = demo_report_account(s, fn, ctx, others[i].login, others[i].role, token);
	}
	sodium_memzero(token, sizeof token);

	/* The partner directory the orientations use. */
	struct demo_field fr;
	for (size_t i = 0; i < NPARTNERS && rc == SVC_OK; i++) {
		struct partner_input pi = {demo_partners[i].name, demo_partners[i].kind, NULL, NULL,
					   NULL, NULL};
		rc = partners_create(s, &pi, &fr.partners[i]);
	}

	/* The 590 persons followed in 2008, with the proportions of seed 003. */
	static const char *const statuses[] = {"titulaire", "stagiaire", "contractuel", "cdd", "autre"};
	static const int status_n[] = {460, 24, 80, 10, 16}; /* 82 % titulaires or stagiaires */
	static const char *const categories[] = {"C", "B", "A"};
	static const int category_n[] = {566, 16, 8}; /* 96 % category C */
	static const char *const families[] = {"isole", "monoparental", "couple_enfants", "couple",
					       "autre"};
	static const int family_n[] = {212, 177, 130, 51, 20}; /* 36 % alone, 30 % single parents */
	static const int age_n[] = {401, 110, 79};		/* 68 % aged 35 to 55 */
	int st[FOLLOWED_2008], ca[FOLLOWED_2008], fa[FOLLOWED_2008], ag[FOLLOWED_2008];
	spread(st, FOLLOWED_2008, status_n, 5);
	spread(ca, FOLLOWED_2008, category_n, 3);
	spread(fa, FOLLOWED_2008, family_n, 5);
	spread(ag, FOLLOWED_2008, age_n, 3);
	shuffle(&r, st, FOLLOWED_2008);
	shuffle(&r, ca, FOLLOWED_2008);
	shuffle(&r, fa, FOLLOWED_2008);
	shuffle(&r, ag, FOLLOWED_2008);
	int index = 0;
	for (int i = 0; i < FOLLOWED_2008 && rc == SVC_OK; i++) {
		struct one p = {statuses[st[i]], categories[ca[i]], families[fa[i]], 0, "", "", NULL, 1};
		p.birth_year = shift + (ag[i] == 0   ? 1953 + demo_below(&r, 21) /* 35–55 in 2008 */
					: ag[i] == 1 ? 1974 + demo_below(&r, 13) /* under 35 */
						     : 1945 + demo_below(&r, 8)); /* 56 and over */
		if (i < 240) {
			/* Opened in 2007, still open in 2008, half closed during it. */
			date_in(&r, e.y0 + 1, 1, 12, p.opened);
			if (i % 2 == 0)
				date_in(&r, e.y0 + 2, 1, 11, p.closed);
			if (i < 3)
				p.theme = "famille.ascendants";
		} else {
			date_in(&r, e.y0 + 2, 1, 10, p.opened);
			char md[6];
			if (i % 4 == 0) {
				snprintf(md, sizeof md, "12-%02d", 10 + demo_below(&r, 18));
				on(e.y0 + 2, md, p.closed);
			} else if (i % 5 == 1) {
				date_in(&r, e.y0 + 3, 2, 11, p.closed);
			}
			/* Dependent parents: the theme that emerges (seed 000). */
			if (i < 264)
				p.theme = "famille.ascendants";
		}
		rc = person(s, &r, &e, &index, &p, &fr, &open);
	}
	/* Before and after: 2006–2007 only, 2009 only; and a few who said no to statistics. */
	for (int i = 0; i < 150 && rc == SVC_OK; i++) {
		struct one p = {statuses[st[i]], categories[ca[i]], families[fa[i]],
				shift + 1950 + demo_below(&r, 35), "", "",
				i < 2 ? "famille.ascendants" : NULL, 1};
		date_in(&r, e.y0, 1, 12, p.opened);
		date_in(&r, e.y0 + 1, 1, 12, p.closed);
		rc = person(s, &r, &e, &index, &p, &fr, &open);
	}
	for (int i = 0; i < 180 && rc == SVC_OK; i++) {
		struct one p = {statuses[st[i + 150]], categories[ca[i + 150]], families[fa[i + 150]],
				shift + 1950 + demo_below(&r, 35), "", "", NULL, 1};
		date_in(&r, e.y0 + 3, 1, 11, p.opened);
		rc = person(s, &r, &e, &index, &p, &fr, &open);
	}
	for (int i = 0; i < 12 && rc == SVC_OK; i++) {
		struct one p = {"titulaire", "C", "isole", shift + 1960 + demo_below(&r, 20), "", "",
				NULL, 0};
		date_in(&r, e.y0 + 2, 1, 10, p.opened);
		rc = person(s, &r, &e, &index, &p, &fr, &open);
	}
	/* What each collectivité bought, and the sessions held there. */
	for (int o = 0; o < NORGS && rc == SVC_OK; o++) {
		if ((rc = svc_act_as(s, referent_of(o))) != SVC_OK)
			break;
		int big = orgs[o].headcount[2] >= 1000;
		char from[11], to[11];
		on(e.y0, "01-01", from);
		on(ERA_LAST(&e), "12-31", to);
		struct convention_input cv = {big ? "permanence" : "vacations",
					      from,
					      to,
					      big ? orgs[o].headcount[2] / 8 : 40,
					      big ? -1 : 6500,
					      big ? "Permanence hebdomadaire sur site" : NULL,
					      0 /* the default vacation: a half-day */};
		rc = hours_conventions_create(s, orgs[o].code, &cv, NULL);
		static const char *const topics[] = {"presentation", "handicap", "budget", "aidants",
						     "retraite", "rps", "logement"};
		static const char *const formats[] = {"reunion_information", "atelier", "conference",
						      "stand"};
		static const char *const titles[] = {
			"Présentation du service social", "Le handicap au travail",
			"Gérer son budget", "Aider un parent âgé", "Préparer sa retraite",
			"Prévenir l'épuisement professionnel", "Se loger, être aidé"};
		for (int y = e.y0 + 1; y <= ERA_LAST(&e) && rc == SVC_OK; y++)
			for (int k = 0; k < 1 + big && rc == SVC_OK; k++) {
				int t = demo_below(&r, 7);
				char held[11];
				date_in(&r, y, 2, 11, held);
				int format = demo_below(&r, 4), participants = 8 + demo_below(&r, 30),
				    duration = 60 + 30 * demo_below(&r, 4);
				if (strcmp(held, e.today) > 0)
					continue; /* not held yet */
				struct action_input ai = {
					.organisation = orgs[o].code,
					.date = held,
					.topic = topics[t],
					.format = formats[format],
					.title = titles[t],
					.participants = participants,
					.duration_minutes = duration,
					.partners = t == 1 ? &fr.partners[2] : NULL,
					.npartners = t == 1,
				};
				rc = actions_create(s, &ai, NULL);
			}
		svc_act_as(s, NULL);
	}
	if (rc == SVC_OK)
		rc = living_present(s, seed, &e, &fr, &open);
	free(open.v);
	if (rc != SVC_OK) {
		svc_batch_end(s, 0);
		return rc;
	}
	rc = svc_batch_end(s, 1);
	/* The head publishes the years over by today, so that each employer
	   reads its bilans at once (issue 11: employers read only published
	   bilans); the reference's today, 31 December, ends its last year. */
	for (int y = e.y0; y <= ERA_LAST(&e) && rc == SVC_OK; y++) {
		char end[11];
		on(y, "12-31", end);
		if (strcmp(end, e.today) <= 0 && y < date_year(now))
			rc = bilan_publish(s, y, NULL, NULL);
	}
	return rc;
}
