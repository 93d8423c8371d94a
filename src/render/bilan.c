/* doc/bilan — the bilan's French layout (see bilan.h). */
#include "render/bilan.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/date.h"
#include "service/reference.h"
#include "support/i18n.h"

/* ---- numbers the French way ---- */

const char *bilan_doc_count(arena *a, int64_t n, int hidden)
{
	char out[DISCLOSURE_LABEL_MAX];
	disclosure_label(n, hidden, out, sizeof out);
	return arena_strdup(a, out);
}

const char *bilan_doc_decimal(arena *a, double x)
{
	long long tenths = llround(x * 10.0);
	const char *sign = tenths < 0 ? "-" : "";
	if (tenths < 0)
		tenths = -tenths;
	char whole[DISCLOSURE_LABEL_MAX];
	disclosure_label(tenths / 10, 0, whole, sizeof whole);
	return arena_printf(a, "%s%s,%lld", sign, whole, tenths % 10);
}

const char *bilan_doc_euros(arena *a, int64_t cents, int hidden)
{
	if (hidden)
		return _("non publié");
	/* Whole euros, rounded: a report speaks in euros, not cents. */
	return arena_printf(a, "%s\xc2\xa0\xe2\x82\xac", bilan_doc_count(a, (cents + 50) / 100, 0));
}

/* "2026-11-24" → "24 novembre 2026". */
static const char *date_words(arena *a, const char *iso)
{
	int y, m, d;
	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
		return iso;
	if (d == 1)
		return arena_printf(a, _("1er %s %d"), _(date_month_name(m)), y);
	return arena_printf(a, "%d %s %d", d, _(date_month_name(m)), y);
}

/* ---- labels of breakdown keys ---- */

struct label {
	const char *list, *code, *label;
	struct label *next;
};

struct labels {
	arena *a;
	struct label *head;
};

static int label_collect(void *ctx, const struct reference_item *e)
{
	struct labels *l = ctx;
	struct label *k = arena_alloc(l->a, sizeof *k);
	k->list = arena_strdup(l->a, e->list);
	k->code = arena_strdup(l->a, e->code);
	k->label = arena_strdup(l->a, e->label);
	k->next = l->head;
	l->head = k;
	return 0;
}

/* An age band key in words: "<25" → "Moins de 25 ans", "25-34" → "25 à
   34 ans", "55+" → "55 ans et plus". */
static const char *age_label(arena *a, const char *key)
{
	int lo, hi;
	char tail;
	if (sscanf(key, "<%d%c", &lo, &tail) == 1)
		return arena_printf(a, _("Moins de %d ans"), lo);
	if (sscanf(key, "%d-%d%c", &lo, &hi, &tail) == 2)
		return arena_printf(a, _("%d à %d ans"), lo, hi);
	if (sscanf(key, "%d+%c", &lo, &tail) == 1 && strchr(key, '+'))
		return arena_printf(a, _("%d ans et plus"), lo);
	return key;
}

/* The French label of a breakdown key; list NULL for age bands. */
static const char *key_label(arena *a, const struct labels *l, const char *list, const char *key)
{
	if (!key || !*key || strcmp(key, "unknown") == 0)
		return _("Non renseigné");
	if (!list)
		return age_label(a, key);
	/* Fixed lists that are not reference data. */
	static const struct {
		const char *list, *code, *label;
	} fixed[] = {
		{"orientation_status", "envoyee", N_("Envoyée, en attente de réponse")},
		{"orientation_status", "acceptee", N_("Acceptée")},
		{"orientation_status", "refusee", N_("Refusée")},
		{"orientation_status", "sans_reponse", N_("Sans réponse")},
		{"orientation_status", "realisee", N_("Réalisée")},
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (strcmp(fixed[i].list, list) == 0 && strcmp(fixed[i].code, key) == 0)
			return _(fixed[i].label);
	for (const struct label *e = l->head; e; e = e->next)
		if (strcmp(e->list, list) == 0 && strcmp(e->code, key) == 0)
			return e->label;
	return key;
}

/* ---- the model ---- */

struct section_def {
	const char *id, *title, *sheet, *list;
	size_t offset; /* of the breakdown in struct bilan */
	size_t total;  /* of the count its percentages are of */
	const char *unit, *percent_title;
	int skip_zero_bars;
};

#define BD(f) offsetof(struct bilan, f)
#define PERSONS BD(persons_followed), N_("Agents"), N_("% des agents accompagnés")

static const struct section_def section_defs[BILAN_SECTIONS] = {
    {"statut", N_("Statut"), NULL, "status", BD(by_status), PERSONS, 0},
    {"categorie", N_("Catégorie"), NULL, "category", BD(by_category), PERSONS, 0},
    {"famille", N_("Situation familiale"), NULL, "family_situation", BD(by_family_situation),
     PERSONS, 0},
    {"sexe", N_("Sexe"), NULL, "sex", BD(by_sex), PERSONS, 0},
    {"age", N_("Tranche d'âge"), NULL, NULL, BD(by_age_band), PERSONS, 0},
    {"domaines", N_("Domaines"), NULL, "domain", BD(by_domain), PERSONS, 1},
    {"themes", N_("Thèmes"), NULL, "domain", BD(by_theme), PERSONS, 1},
    {"origine", N_("Origine de la demande"), NULL, "referral_source", BD(by_referral_source),
     BD(new_cases), N_("Suivis ouverts"), N_("% des suivis ouverts"), 0},
    {"issue", N_("Issue des suivis"), NULL, "outcome", BD(by_outcome), BD(closed_cases),
     N_("Suivis clos"), N_("% des suivis clos"), 0},
    {"mode", N_("Mode d'intervention"), NULL, "mode", BD(by_mode), BD(interventions),
     N_("Interventions"), N_("% des interventions"), 0},
    {"type", N_("Type d'intervention"), NULL, "intervention_kind", BD(by_kind), BD(interventions),
     N_("Interventions"), N_("% des interventions"), 0},
    {"aides-financeurs", N_("Aides financières par financeur"), N_("Aides – financeurs"), "funder",
     BD(aids_by_funder), BD(aids_requests), N_("Demandes"), N_("% des demandes"), 1},
    {"aides-decisions", N_("Décisions sur les aides"), N_("Aides – décisions"), "aid_decision",
     BD(aids_by_decision), BD(aids_requests), N_("Demandes"), N_("% des demandes"), 0},
    {"orientations-partenaires", N_("Orientations par type de partenaire"),
     N_("Orientations – partenaires"), "partner_kind", BD(orientations_by_partner_kind),
     BD(orientations), N_("Orientations"), N_("% des orientations"), 1},
    {"orientations-statut", N_("Suite des orientations"), N_("Orientations – suite"),
     "orientation_status", BD(orientations_by_status), BD(orientations), N_("Orientations"),
     N_("% des orientations"), 0},
    {"actions-themes", N_("Actions collectives par thème"), N_("Actions collectives"),
     "action_topic", BD(actions_by_topic), BD(actions), N_("Actions"), N_("% des actions"), 1},
    {"maintien-issues", N_("Maintien dans l'emploi : issues"), N_("Maintien – issues"),
     "retention_outcome", BD(job_retention_by_outcome), BD(closed_cases), N_("Suivis clos"),
     N_("% des suivis clos"), 0},
};

static void section_build(arena *a, const struct labels *l, const struct bilan *r,
			  const struct section_def *def, struct bilan_doc_section *s)
{
	const struct bilan_breakdown *br =
	    (const struct bilan_breakdown *)((const char *)r + def->offset);
	s->id = def->id;
	s->title = _(def->title);
	s->sheet = def->sheet ? _(def->sheet) : s->title;
	s->unit = _(def->unit);
	s->percent_title = _(def->percent_title);
	s->skip_zero_bars = def->skip_zero_bars;
	if (br->hidden) {
		s->note = _("Détail non publié : moins de 11 agents ont été accompagnés.");
		return;
	}
	if (br->n == 0) {
		s->note = _("Aucune donnée pour cette année.");
		return;
	}
	const struct bilan_count *total =
	    (const struct bilan_count *)((const char *)r + def->total);
	s->n = br->n;
	s->rows = arena_alloc(a, br->n * sizeof *s->rows);
	for (size_t i = 0; i < br->n; i++) {
		const struct disclosure_cell *c = &br->cells[i];
		struct bilan_doc_row *row = &s->rows[i];
		row->key = c->key;
		row->label = key_label(a, l, def->list, c->key);
		row->count = c->suppressed ? 0 : c->count;
		row->hidden = c->suppressed;
		row->count_text = bilan_doc_count(a, c->count, c->suppressed);
		row->percent = -1;
		row->percent_text = "";
		if (!c->suppressed && !total->hidden && total->value > 0) {
			row->percent = (double)c->count * 100.0 / (double)total->value;
			row->percent_text =
			    arena_printf(a, "%s\xe2\x80\xaf%%", bilan_doc_decimal(a, row->percent));
		}
	}
}

/*
 * A figure inside a sentence: the number, or "non publié" when the gate hid
 * it.  A hidden cell is not always under 11 (secondary suppression hides
 * larger ones), so a sentence never says "< 11" of it (issue 17).
 */
static const char *figure(arena *a, const struct bilan_count *c)
{
	return c->hidden ? _("non publié") : bilan_doc_count(a, c->value, 0);
}

/* "12 demandes d'aide financière, dont 11 accordées, pour 550 € accordés
   sur 1 200 € demandés." when every figure is published; else each figure
   named with its value or "non publié". */
static const char *aids_sentence(arena *a, const struct bilan *r)
{
	const struct bilan_count *req = &r->aids_requests, *gr = &r->aids_granted,
				 *areq = &r->aids_amount_requested, *agr = &r->aids_amount_granted;
	if (!req->hidden && req->value == 0)
		return _("Aides financières : aucune demande dans l'année.");
	if (!req->hidden && !gr->hidden && !areq->hidden && !agr->hidden) {
		const char *n = bilan_doc_count(a, req->value, 0);
		const char *head = arena_printf(
		    a, P_("%s demande d'aide financière", "%s demandes d'aide financière", req->value),
		    n);
		if (gr->value == 0)
			return arena_printf(a, _("%s, dont aucune accordée, pour %s demandés."), head,
					    bilan_doc_euros(a, areq->value, 0));
		return arena_printf(
		    a, P_("%s, dont %s accordée, pour %s accordés sur %s demandés.",
			  "%s, dont %s accordées, pour %s accordés sur %s demandés.", gr->value),
		    head, bilan_doc_count(a, gr->value, 0), bilan_doc_euros(a, agr->value, 0),
		    bilan_doc_euros(a, areq->value, 0));
	}
	return arena_printf(
	    a,
	    _("Aides financières : demandes, %s ; accordées, %s ; montant demandé, %s ; "
	      "montant accordé, %s."),
	    figure(a, req), figure(a, gr), bilan_doc_euros(a, areq->value, areq->hidden),
	    bilan_doc_euros(a, agr->value, agr->hidden));
}

/* "actions collectives : 3 (64 participants)", "une action collective (18
   participants)", "aucune action collective". */
static const char *actions_phrase(arena *a, const struct bilan *r)
{
	const struct bilan_count *n = &r->actions, *p = &r->action_participants;
	if (n->hidden)
		return arena_printf(a, _("actions collectives : %s"), _("non publié"));
	if (n->value == 0)
		return _("aucune action collective");
	const char *people =
	    p->hidden ? _("participants : non publié")
		      : arena_printf(a, P_("%s participant", "%s participants", p->value),
				     bilan_doc_count(a, p->value, 0));
	return arena_printf(a, P_("%s action collective (%s)", "%s actions collectives (%s)", n->value),
			    bilan_doc_count(a, n->value, 0), people);
}

static void sentences(arena *a, const struct bilan *r, struct bilan_doc *d)
{
	if (r->persons_followed.hidden) {
		d->sentences[0] = _("Le nombre d'agents accompagnés est trop faible pour être publié "
				    "sans risque de reconnaître une personne : le détail n'est pas "
				    "publié.");
	} else {
		const char *n = bilan_doc_count(a, r->persons_followed.value, 0);
		const char *s =
		    arena_printf(a,
				 P_("%s agent a été accompagné", "%s agents ont été accompagnés",
				    r->persons_followed.value),
				 n);
		if (!r->share_null)
			s = arena_printf(
			    a, _("%s, soit %s\xe2\x80\xaf%% de l'effectif (%s agents, %s)"), s,
			    bilan_doc_decimal(a, r->share_of_headcount * 100.0),
			    bilan_doc_count(a, r->headcount, 0),
			    arena_printf(a,
					 P_("%s organisation", "%s organisations", r->organisations),
					 bilan_doc_count(a, r->organisations, 0)));
		d->sentences[0] = arena_printf(a, "%s.", s);
	}
	d->sentences[1] = arena_printf(a, _("Suivis ouverts dans l'année : %s ; suivis clos : %s."),
				       figure(a, &r->new_cases), figure(a, &r->closed_cases));
	const char *iv = arena_printf(a, _("Interventions : %s"), figure(a, &r->interventions));
	if (!r->hours_null)
		iv = arena_printf(a, _("%s, pour %s\xc2\xa0h au total"), iv,
				  bilan_doc_decimal(a, r->hours));
	d->sentences[2] = arena_printf(a, "%s.", iv);
	d->sentences[3] = aids_sentence(a, r);
	d->sentences[4] = arena_printf(
	    a,
	    _("Orientations vers des partenaires : %s ; %s ; agents en arrêt de plus de 90 "
	      "jours : %s."),
	    figure(a, &r->orientations), actions_phrase(a, r), figure(a, &r->persons_on_long_leave));
	const struct consumption *c = &r->consumption;
	d->sentences[5] =
	    c->bought_set
		? arena_printf(a,
			       _("Temps du service : %s\xc2\xa0h consommées sur %s\xc2\xa0h prévues "
				 "par convention."),
			       bilan_doc_decimal(a, c->spent), bilan_doc_decimal(a, c->bought))
		: arena_printf(a, _("Temps du service : %s\xc2\xa0h consommées."),
			       bilan_doc_decimal(a, c->spent));
}

int bilan_doc_build(arena *a, svc *s, const struct bilan *r, struct bilan_doc *d)
{
	memset(d, 0, sizeof *d);
	struct labels l = {a, NULL};
	int rc = reference_list(s, label_collect, &l);
	if (rc != SVC_OK)
		return rc;
	d->r = r;
	d->scope = strcmp(r->scope, "service") == 0 ? _("Tout le service")
		   : *r->scope_name                 ? arena_strdup(a, r->scope_name)
						    : arena_strdup(a, r->scope);
	d->title = arena_printf(a, _("Bilan %d — %s"), r->year, d->scope);
	d->audience = r->audience == BILAN_EMPLOYER ? _("Employeur (protégé)")
						     : _("Service (tous les chiffres)");
	sentences(a, r, d);
	if (r->audience == BILAN_EMPLOYER)
		d->suppression_note = arena_printf(
		    a, "%s %s %s%s",
		    _("Les effectifs inférieurs à 11 sont masqués (« < 11 »), ainsi que les valeurs "
		      "qui permettraient de les retrouver par différence, pour qu'aucune personne ne "
		      "puisse être reconnue."),
		    _("Les effectifs publiés sont légèrement perturbés (de 2 au plus, toujours de "
		      "la même façon), les nombres d'événements arrondis à 5 et les montants à "
		      "100 €."),
		    arena_printf(a, _("Valeurs masquées dans ce bilan : %lld."),
				 (long long)r->cells_suppressed),
		    r->version ? arena_printf(a, _(" Bilan publié par le service (version %d)."),
					      r->version)
			       : "");
	d->trends_note = _("Un thème est émergent quand il a au moins doublé et concerne au moins "
			   "5 agents.");
	char today[DATE_LEN + 1];
	date_today(today);
	d->generated_on = date_words(a, today);

	d->nsections = BILAN_SECTIONS;
	for (size_t i = 0; i < BILAN_SECTIONS; i++)
		section_build(a, &l, r, &section_defs[i], &d->sections[i]);

	d->ntrends = r->ntrends;
	d->trends = arena_alloc(a, (r->ntrends ? r->ntrends : 1) * sizeof *d->trends);
	for (size_t i = 0; i < r->ntrends; i++) {
		const struct bilan_trend *t = &r->trends[i];
		struct bilan_doc_trend *o = &d->trends[i];
		o->label = key_label(a, &l, "domain", t->theme);
		o->previous = t->previous.hidden ? 0 : t->previous.value;
		o->current = t->current.hidden ? 0 : t->current.value;
		o->previous_text = bilan_doc_count(a, t->previous.value, t->previous.hidden);
		o->current_text = bilan_doc_count(a, t->current.value, t->current.hidden);
		o->previous_hidden = t->previous.hidden;
		o->current_hidden = t->current.hidden;
		o->published = !t->previous.hidden && !t->current.hidden;
		o->emerging = t->emerging;
		if (o->emerging && o->published)
			d->nemerging++;
	}
	return SVC_OK;
}

struct years {
	buf b;
	int latest;
};

static int year_listed(void *ctx, const struct bilan_publication *p)
{
	struct years *y = ctx;
	if (!y->latest)
		y->latest = p->year;
	buf_printf(&y->b, "%s%d", y->b.len ? ", " : "", p->year);
	return 0;
}

int bilan_doc_published_years(arena *a, svc *s, const char *organisation, int *latest,
			      const char **list)
{
	struct years y = {{0}, 0};
	buf_init(&y.b, 4096);
	int rc = bilan_publications(s, organisation, year_listed, &y);
	*latest = y.latest;
	*list = arena_strdup(a, buf_cstr(&y.b));
	buf_free(&y.b);
	return rc;
}
