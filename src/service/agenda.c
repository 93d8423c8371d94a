/* agenda — see agenda.h. */
#include "service/agenda.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/agenda.h"
#include "domain/date.h"
#include "service/audit.h"
#include "service/internal.h"
#include "service/interventions.h"
#include "service/organisations.h"
#include "service/reference.h"
#include "support/i18n.h"
#include "support/log.h"
#include "support/text.h"

#define AGENDA_RANGE_MAX 62  /* days one read may cover */
#define PERMANENCES_MAX 2000 /* per list */

const char *const appointment_statuses[APPOINTMENT_STATUSES] = {"prevu", "honore", "excuse",
								 "absent", "annule"};
static const char *const status_labels[APPOINTMENT_STATUSES] = {
	N_("Prévu"), N_("Honoré"), N_("Excusé"), N_("Absent"), N_("Annulé")};

static int status_index(const char *code)
{
	for (int i = 0; code && i < APPOINTMENT_STATUSES; i++)
		if (strcmp(appointment_statuses[i], code) == 0)
			return i;
	return -1;
}

const char *appointment_status_label(const char *code)
{
	int i = status_index(code);
	return i < 0 ? code : _(status_labels[i]);
}

static int line_ok(const char *t, size_t max_chars)
{
	return t && *t && text_is_clean_utf8(t, strlen(t), 0) && text_utf8_chars(t) <= max_chars;
}

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

/* ---- looking up a worker ---- */

struct user_row {
	int found;
	int64_t id;
	char login[65];
	char role[16];
	int active;
};

static int user_row(void *ctx, const store_row *row)
{
	struct user_row *u = ctx;
	u->found = 1;
	u->id = store_row_int(row, 0);
	snprintf(u->login, sizeof u->login, "%s", store_row_text(row, 1) ? store_row_text(row, 1) : "");
	snprintf(u->role, sizeof u->role, "%s", store_row_text(row, 3) ? store_row_text(row, 3) : "");
	u->active = (int)store_row_int(row, 5);
	return 1;
}

/* The id of the active worker called login: 1 found, 0 not, -1 error. */
static int worker_id(svc *s, const char *login, int64_t *id)
{
	struct user_row u = {0, 0, "", "", 0};
	if (!login || !*login || strlen(login) > 64)
		return 0;
	store_value p[] = {SV_TEXT(login)};
	if (store_exec(svc_db(s), ST_USER_BY_LOGIN, p, 1, user_row, &u) != STORE_OK)
		return -1;
	if (!u.found || !u.active || strcmp(u.role, "worker") != 0)
		return 0;
	*id = u.id;
	return 1;
}

/* ---- permanences ---- */

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
	p->id = store_row_int(row, 0);
	p->worker_id = store_row_int(row, 1);
	p->weekday = (int)store_row_int(row, 2);
	p->start = agenda_time_parse(store_row_text(row, 3));
	p->end = agenda_time_parse(store_row_text(row, 4));
	p->every = (int)store_row_int(row, 5);
	snprintf(p->from, sizeof p->from, "%s", store_row_text(row, 6) ? store_row_text(row, 6) : "");
	snprintf(p->until, sizeof p->until, "%s",
		 store_row_text(row, 7) ? store_row_text(row, 7) : "");
	p->organisation_id = store_row_int(row, 8);
}

struct clash {
	const struct agenda_rule *rule;
	int found;
};

static int clash_row(void *ctx, const store_row *row)
{
	struct clash *c = ctx;
	struct perm p;
	struct agenda_rule r;
	perm_read(row, &p);
	perm_rule(&p, &r);
	if (agenda_rules_overlap(c->rule, &r)) {
		c->found = 1;
		return 1;
	}
	return 0;
}

int permanences_create(svc *s, const struct permanence_input *in, int64_t *id)
{
	if (!svc_may(s, ACT_PERMANENCES_EDIT))
		return SVC_FORBIDDEN;
	int64_t org = 0, worker = 0;
	int rc = in->organisation && *in->organisation ? organisations_visible_id(s, in->organisation, &org)
						       : SVC_NOT_FOUND;
	if (rc == SVC_ERROR)
		return rc;
	if (rc != SVC_OK)
		return svc_fail(s, SVC_INVALID, "organisation", N_("Organisation inconnue."));
	int found = worker_id(s, in->worker, &worker);
	if (found < 0)
		return svc_abort(s, "permanences_create");
	int64_t assigned = 0;
	if (found) {
		store_value a[] = {SV_INT(org), SV_INT(worker)};
		if (store_exec(svc_db(s), ST_ASSIGN_CHECK, a, 2, svc_row_int, &assigned) != STORE_OK)
			return svc_abort(s, "permanences_create");
	}
	if (!found || !assigned)
		return svc_fail(s, SVC_INVALID, "worker",
				N_("Choisissez une assistante affectée à cette organisation."));
	if (!line_ok(in->site, AGENDA_SITE_MAX))
		return svc_fail(s, SVC_INVALID, "site",
				N_("Le lieu est obligatoire (200 caractères au plus, une ligne)."));
	if (in->weekday < 1 || in->weekday > 7)
		return svc_fail(s, SVC_INVALID, "weekday",
				N_("Le jour est un nombre de 1 (lundi) à 7 (dimanche)."));
	int start = agenda_time_parse(in->start), end = agenda_time_parse(in->end);
	if (start < 0)
		return svc_fail(s, SVC_INVALID, "start", N_("L'heure de début s'écrit HH:MM."));
	if (end < 0 || end <= start)
		return svc_fail(s, SVC_INVALID, "end",
				N_("L'heure de fin s'écrit HH:MM et suit l'heure de début."));
	if (in->every_weeks != 1 && in->every_weeks != 2 && in->every_weeks != 4)
		return svc_fail(s, SVC_INVALID, "every_weeks",
				N_("La fréquence est de 1, 2 ou 4 semaines."));
	if (!in->from || !date_valid(in->from))
		return svc_fail(s, SVC_INVALID, "from",
				N_("La date de début est une date valide (AAAA-MM-JJ)."));
	struct agenda_rule rule = {(int)in->weekday, start, end, (int)in->every_weeks, in->from,
				   in->until && *in->until ? in->until : NULL};
	char first[DATE_LEN + 1];
	if (rule.until && (!date_valid(rule.until) || date_cmp(rule.until, rule.from) < 0 ||
			   agenda_first(&rule, first) != 0))
		return svc_fail(s, SVC_INVALID, "until",
				N_("La date de fin est une date valide qui laisse au moins une "
				   "permanence."));

	struct clash c = {&rule, 0};
	store_value w[] = {SV_INT(worker)};
	char ts[AGENDA_TIME_LEN + 1], te[AGENDA_TIME_LEN + 1];
	agenda_time_format(start, ts);
	agenda_time_format(end, te);
	int64_t new_id = 0;
	store_value p[] = {SV_INT(org),
			   SV_INT(worker),
			   SV_TEXT(in->site),
			   SV_INT(in->weekday),
			   SV_TEXT(ts),
			   SV_TEXT(te),
			   SV_INT(in->every_weeks),
			   SV_TEXT(in->from),
			   rule.until ? SV_TEXT(rule.until) : SV_NULL,
			   SV_INT(s->actor.id),
			   SV_INT((int64_t)time(NULL))};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_PERMANENCES_OF_WORKER, w, 1, clash_row, &c) != STORE_OK)
		return svc_abort(s, "permanences_create");
	if (c.found) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_INVALID, "start",
				N_("Cette permanence chevauche une autre permanence de la même "
				   "assistante (même jour, heures communes)."));
	}
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
	e->id = store_row_int(row, 0);
	e->organisation = dup_or_null(store_row_text(row, 1));
	e->organisation_name = dup_or_null(store_row_text(row, 2));
	e->worker = dup_or_null(store_row_text(row, 3));
	e->worker_name = dup_or_null(store_row_text(row, 4));
	e->site = dup_or_null(store_row_text(row, 5));
	e->weekday = (int)store_row_int(row, 6);
	snprintf(e->start, sizeof e->start, "%s", store_row_text(row, 7) ? store_row_text(row, 7) : "");
	snprintf(e->end, sizeof e->end, "%s", store_row_text(row, 8) ? store_row_text(row, 8) : "");
	e->every = (int)store_row_int(row, 9);
	snprintf(e->from, sizeof e->from, "%s", store_row_text(row, 10) ? store_row_text(row, 10) : "");
	snprintf(e->until, sizeof e->until, "%s",
		 store_row_text(row, 11) ? store_row_text(row, 11) : "");
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
	snprintf(x->dates[x->n], DATE_LEN + 1, "%s",
		 store_row_text(row, 0) ? store_row_text(row, 0) : "");
	x->reasons[x->n] = x->hide_reason ? NULL : dup_or_null(store_row_text(row, 1));
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
		int found = worker_id(s, worker, &wid);
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

static int perm_row(void *ctx, const store_row *row)
{
	struct perm *p = ctx;
	perm_read(row, p);
	return 1;
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
		return svc_fail(s, SVC_INVALID, "date",
				N_("Cette date n'est pas un jour de la permanence."));
	if (!line_ok(reason, AGENDA_REASON_MAX))
		return svc_fail(s, SVC_INVALID, "reason",
				N_("Le motif est obligatoire (200 caractères au plus, une ligne)."));
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

/* ---- appointments ---- */

/* An appointment as stored (ST_APPOINTMENT_GET). */
struct appt {
	int64_t id, worker_id, person_id, intervention_id;
	char worker[65];
	char start[AGENDA_DATETIME_LEN + 1], end[AGENDA_DATETIME_LEN + 1];
	char mode[65], status[16];
};

static int appt_row(void *ctx, const store_row *row)
{
	struct appt *a = ctx;
	a->id = store_row_int(row, 0);
	a->worker_id = store_row_int(row, 1);
	snprintf(a->worker, sizeof a->worker, "%s", store_row_text(row, 2) ? store_row_text(row, 2) : "");
	a->person_id = store_row_int(row, 3);
	snprintf(a->start, sizeof a->start, "%s", store_row_text(row, 4) ? store_row_text(row, 4) : "");
	snprintf(a->end, sizeof a->end, "%s", store_row_text(row, 5) ? store_row_text(row, 5) : "");
	snprintf(a->mode, sizeof a->mode, "%s", store_row_text(row, 6) ? store_row_text(row, 6) : "");
	snprintf(a->status, sizeof a->status, "%s",
		 store_row_text(row, 8) ? store_row_text(row, 8) : "");
	a->intervention_id = store_row_int(row, 9);
	return 1;
}

/* The appointment id when the caller may see it (its worker, the head):
   SVC_OK, or SVC_NOT_FOUND (a refusal audited as `denied`). */
static int appt_gate(svc *s, int64_t id, const char *denied, struct appt *a)
{
	if (!svc_may(s, ACT_APPOINTMENTS))
		return SVC_FORBIDDEN;
	memset(a, 0, sizeof *a);
	store_value q[] = {SV_INT(id)};
	if (store_exec(svc_db(s), ST_APPOINTMENT_GET, q, 1, appt_row, a) != STORE_OK)
		return svc_abort(s, denied);
	if (!a->id)
		return SVC_NOT_FOUND;
	if (s->system || s->actor.role == ROLE_HEAD || a->worker_id == s->actor.id)
		return SVC_OK;
	return svc_refuse(s, denied, "appointment", id);
}

int appointments_create(svc *s, const struct appointment_input *in, int64_t *id)
{
	if (!svc_may(s, ACT_APPOINTMENTS))
		return SVC_FORBIDDEN;
	int head = !s->system && s->actor.role == ROLE_HEAD;
	int64_t worker = s->actor.id;
	if (head || (in->worker && *in->worker && strcmp(in->worker, s->actor.login) != 0)) {
		int found = head ? worker_id(s, in->worker, &worker) : 0;
		if (found < 0)
			return svc_abort(s, "appointments_create");
		if (!found)
			return svc_fail(s, SVC_INVALID, "worker",
					head ? N_("Choisissez une assistante.")
					     : N_("Vous ne prenez rendez-vous que dans votre agenda."));
	}
	if (in->person_id < 0)
		return svc_fail(s, SVC_INVALID, "person_id", N_("Personne inconnue."));
	if (in->person_id > 0) {
		if (head)
			return svc_fail(s, SVC_INVALID, "person_id",
					N_("Le responsable ne prend que des premiers contacts, sans "
					   "nommer de personne."));
		int may = svc_may_open(s, ST_PERSON_ACCESS, in->person_id);
		if (may < 0)
			return svc_abort(s, "appointments_create");
		if (!may)
			return svc_refuse(s, "appointment.person_denied", "person", in->person_id);
	}
	char d1[DATE_LEN + 1], d2[DATE_LEN + 1];
	int m1 = 0, m2 = 0;
	if (agenda_datetime_parse(in->start, d1, &m1) != 0)
		return svc_fail(s, SVC_INVALID, "start",
				N_("Le début s'écrit AAAA-MM-JJTHH:MM."));
	if (agenda_datetime_parse(in->end, d2, &m2) != 0 || strcmp(d1, d2) != 0 || m2 <= m1)
		return svc_fail(s, SVC_INVALID, "end",
				N_("La fin s'écrit AAAA-MM-JJTHH:MM, le même jour, après le début."));
	int rc = in->mode && *in->mode ? reference_check(s, "mode", in->mode, 0) : SVC_INVALID;
	if (rc == SVC_ERROR)
		return rc;
	if (rc != SVC_OK)
		return svc_fail(s, SVC_INVALID, "mode", N_("Mode de rendez-vous inconnu."));
	if (in->site && *in->site && !line_ok(in->site, AGENDA_SITE_MAX))
		return svc_fail(s, SVC_INVALID, "site",
				N_("Le lieu fait au plus 200 caractères, sur une ligne."));
	char start[AGENDA_DATETIME_LEN + 1], end[AGENDA_DATETIME_LEN + 1], t[AGENDA_TIME_LEN + 1];
	agenda_time_format(m1, t);
	snprintf(start, sizeof start, "%sT%s", d1, t);
	agenda_time_format(m2, t);
	snprintf(end, sizeof end, "%sT%s", d2, t);

	int64_t clash = 0, new_id = 0;
	store_value o[] = {SV_INT(worker), SV_TEXT(start), SV_TEXT(end), SV_INT(0)};
	store_value p[] = {SV_INT(worker),
			   in->person_id > 0 ? SV_INT(in->person_id) : SV_NULL,
			   SV_TEXT(start),
			   SV_TEXT(end),
			   SV_TEXT(in->mode),
			   in->site && *in->site ? SV_TEXT(in->site) : SV_NULL,
			   SV_INT(s->actor.id),
			   SV_INT((int64_t)time(NULL))};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_APPOINTMENT_OVERLAPS, o, 4, svc_row_int, &clash) != STORE_OK)
		return svc_abort(s, "appointments_create");
	if (clash) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_INVALID, "start",
				N_("Ce rendez-vous chevauche un autre rendez-vous de l'agenda."));
	}
	char object[24];
	if (store_exec(svc_db(s), ST_APPOINTMENT_INSERT, p, 8, svc_row_int, &new_id) != STORE_OK ||
	    (snprintf(object, sizeof object, "%" PRId64, new_id),
	     svc_audit(s, "appointment.create", "appointment", object) != 0) ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "appointments_create");
	if (id)
		*id = new_id;
	return SVC_OK;
}

struct relay {
	appointment_fn fn;
	void *ctx;
	int64_t only; /* keep this id only (0: all) */
};

static int range_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	int64_t id = store_row_int(row, 0);
	if (r->only && id != r->only)
		return 0;
	const char *last = store_row_text(row, 4), *first = store_row_text(row, 5);
	char person[512];
	snprintf(person, sizeof person, "%s %s", last ? last : "", first ? first : "");
	int named = last != NULL;
	struct appointment_view v = {
		.id = id,
		.worker = store_row_text(row, 1),
		.worker_name = store_row_text(row, 2),
		.has_person = !store_row_is_null(row, 3),
		.person_id = named ? store_row_int(row, 3) : 0,
		.person = named ? person : NULL,
		.case_id = store_row_int(row, 12),
		.start = store_row_text(row, 6),
		.end = store_row_text(row, 7),
		.mode = store_row_text(row, 8),
		.site = store_row_text(row, 9),
		.status = store_row_text(row, 10),
		.intervention_id = store_row_int(row, 11),
	};
	return r->fn(r->ctx, &v);
}

/* Appointments of worker (0: all) starting on dates [from, to). */
static int appointments_range(svc *s, int64_t worker, int64_t viewer, const char *from,
			      const char *to, int64_t only, appointment_fn fn, void *ctx)
{
	char today[DATE_LEN + 1];
	date_today(today);
	struct relay r = {fn, ctx, only};
	store_value p[] = {SV_INT(worker), SV_TEXT(from), SV_TEXT(to), SV_INT(viewer),
			   SV_TEXT(today)};
	return store_exec(svc_db(s), ST_APPOINTMENTS_RANGE, p, 5, range_row, &r) == STORE_OK ? 0
											  : -1;
}

/* The person is named to a worker who may open it; the head never. */
static int64_t viewer_of(const svc *s)
{
	return !s->system && s->actor.role == ROLE_WORKER ? s->actor.id : 0;
}

int appointments_get(svc *s, int64_t id, appointment_fn fn, void *ctx)
{
	struct appt a;
	int rc = appt_gate(s, id, "appointment.read_denied", &a);
	if (rc != SVC_OK)
		return rc;
	char day[DATE_LEN + 1], next[DATE_LEN + 1], object[24];
	snprintf(day, sizeof day, "%.10s", a.start);
	date_add_days(day, 1, next);
	snprintf(object, sizeof object, "%" PRId64, id);
	if (svc_tx_begin(s) != STORE_OK ||
	    svc_audit(s, "appointment.read", "appointment", object) != 0 ||
	    appointments_range(s, a.worker_id, viewer_of(s), day, next, id, fn, ctx) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "appointments_get");
	return SVC_OK;
}

int appointments_set_status(svc *s, int64_t id, const char *status)
{
	struct appt a;
	int rc = appt_gate(s, id, "appointment.status_denied", &a);
	if (rc != SVC_OK)
		return rc;
	if (status_index(status) <= 0)
		return svc_fail(s, SVC_INVALID, "status",
				N_("Statut : honore, excuse, absent ou annule."));
	if (strcmp(a.status, "prevu") != 0)
		return svc_fail(s, SVC_INVALID, "status",
				N_("Seul un rendez-vous prévu change de statut."));
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	store_value p[] = {SV_INT(id), SV_TEXT(status), SV_NULL, SV_INT((int64_t)time(NULL))};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_APPOINTMENT_SET_STATUS, p, 4, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "appointment.status", "appointment", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "appointments_set_status");
	return SVC_OK;
}

static int case_row(void *ctx, const store_row *row)
{
	*(int64_t *)ctx = store_row_int(row, 0);
	return 1;
}

int appointments_intervention(svc *s, int64_t id, const char *kind, int64_t duration_minutes,
			      const char *notes, int64_t *intervention_id)
{
	struct appt a;
	int rc = appt_gate(s, id, "appointment.intervention_denied", &a);
	if (rc != SVC_OK)
		return rc;
	if (s->system || a.worker_id != s->actor.id)
		return svc_refuse(s, "appointment.intervention_denied", "appointment", id);
	if (strcmp(a.status, "prevu") != 0 &&
	    !(strcmp(a.status, "honore") == 0 && a.intervention_id == 0))
		return svc_fail(s, SVC_INVALID, "status",
				N_("Seul un rendez-vous prévu ou honoré sans intervention devient "
				   "une intervention."));
	if (!a.person_id)
		return svc_fail(s, SVC_INVALID, "person_id",
				N_("Un premier contact sans personne ne devient pas une intervention."));
	char today[DATE_LEN + 1];
	date_today(today);
	int64_t case_id = 0;
	store_value q[] = {SV_INT(a.person_id), SV_INT(s->actor.id), SV_TEXT(today)};
	if (store_exec(svc_db(s), ST_OPEN_CASE_OF_PERSON, q, 3, case_row, &case_id) != STORE_OK)
		return svc_abort(s, "appointments_intervention");
	if (!case_id)
		return svc_fail(s, SVC_INVALID, "case",
				N_("La personne n'a pas de suivi ouvert que vous pouvez compléter."));
	char day[DATE_LEN + 1];
	int m1 = 0, m2 = 0;
	agenda_datetime_parse(a.end, day, &m2);
	agenda_datetime_parse(a.start, day, &m1);
	struct intervention_input in = {
		.date = day,
		.mode = a.mode,
		.kind = kind,
		.duration_minutes = duration_minutes >= 0 ? duration_minutes : m2 - m1,
		.notes = notes,
		.private_note = NULL,
	};
	/* One transaction: the intervention and the honoured status. */
	if (svc_batch_begin(s) != SVC_OK)
		return svc_abort(s, "appointments_intervention");
	int64_t iid = 0;
	rc = interventions_create(s, case_id, &in, &iid);
	if (rc != SVC_OK) {
		svc_batch_end(s, 0);
		return rc;
	}
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	store_value p[] = {SV_INT(id), SV_TEXT("honore"), SV_INT(iid), SV_INT((int64_t)time(NULL))};
	if (store_exec(svc_db(s), ST_APPOINTMENT_SET_STATUS, p, 4, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "appointment.intervention", "appointment", object) != 0) {
		svc_batch_end(s, 0);
		log_error("appointments_intervention: store failure");
		return SVC_ERROR;
	}
	if (svc_batch_end(s, 1) != SVC_OK)
		return SVC_ERROR;
	if (intervention_id)
		*intervention_id = iid;
	return SVC_OK;
}

/* ---- reading the agenda ---- */

int agenda_collect(svc *s, int64_t worker, int64_t viewer, const char *from, const char *to,
		   occurrence_fn occ, appointment_fn appt, void *ctx)
{
	int rc = 0;
	struct listing l = {calloc(PERMANENCES_MAX, sizeof(struct listed)), 0};
	struct exceptions x = {NULL, NULL, NULL, 0, 0, 0};
	if (!l.items) {
		log_error("agenda: out of memory");
		abort();
	}
	store_value p[] = {SV_INT(0), SV_INT(worker)};
	if (occ && store_exec(svc_db(s), ST_PERMANENCE_LIST, p, 2, listed_row, &l) != STORE_OK) {
		rc = -1;
		goto out;
	}
	/* Occurrences day by day, permanences of a day by hour (the list's order). */
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
			if (occ(ctx, &v) != 0)
				rc = 1;
		}
	}
	if (rc == 0 && appt && appointments_range(s, worker, viewer, from, to, 0, appt, ctx) != 0)
		rc = -1;
out:
	exceptions_free(&x);
	listing_free(&l);
	return rc < 0 ? -1 : 0;
}

int agenda_read(svc *s, const char *worker, const char *from, const char *to, occurrence_fn occ,
		appointment_fn appt, void *ctx)
{
	if (!svc_may(s, ACT_APPOINTMENTS))
		return SVC_FORBIDDEN;
	int64_t wid = s->actor.id;
	const char *login = s->actor.login;
	if (!s->system && s->actor.role == ROLE_HEAD && !(worker && *worker)) {
		wid = 0; /* every worker's */
		login = NULL;
	} else if (!s->system && s->actor.role == ROLE_HEAD) {
		int found = worker_id(s, worker, &wid);
		if (found < 0)
			return svc_abort(s, "agenda_read");
		if (!found)
			return svc_fail(s, SVC_INVALID, "worker", N_("Choisissez une assistante."));
		login = worker;
	} else if (worker && *worker && strcmp(worker, s->actor.login) != 0) {
		return svc_fail(s, SVC_INVALID, "worker", N_("Vous ne lisez que votre agenda."));
	}
	if (!from || !to || !date_valid(from) || !date_valid(to) || date_cmp(from, to) >= 0 ||
	    date_days_between(from, to) > AGENDA_RANGE_MAX)
		return svc_fail(s, SVC_INVALID, "from",
				N_("La période est faite de dates valides, 62 jours au plus."));
	if (svc_tx_begin(s) != STORE_OK || svc_audit(s, "agenda.read", login ? "user" : NULL, login) != 0 ||
	    agenda_collect(s, wid, viewer_of(s), from, to, occ, appt, ctx) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "agenda_read");
	return SVC_OK;
}

/* ---- dashboard ---- */

struct board {
	dashboard_fn fn;
	void *ctx;
	const char *today;
};

static int board_row(void *ctx, const struct appointment_view *v)
{
	struct board *b = ctx;
	if (!v->status || strcmp(v->status, "prevu") != 0)
		return 0;
	char date[DATE_LEN + 1];
	snprintf(date, sizeof date, "%.10s", v->start ? v->start : "");
	if (!date_valid(date))
		return 0;
	const char *person = v->person ? v->person
			     : v->has_person ? _("Rendez-vous")
					     : _("Premier contact");
	struct dashboard_item it = {"appointment", v->case_id, person, date,
				    date_days_between(b->today, date), 1};
	return b->fn(b->ctx, &it);
}

int appointments_dashboard(svc *s, dashboard_fn fn, void *ctx)
{
	if (s->system || !s->signed_in ||
	    (s->actor.role != ROLE_WORKER && s->actor.role != ROLE_HEAD))
		return SVC_OK;
	char today[DATE_LEN + 1], end[DATE_LEN + 1];
	date_today(today);
	date_add_days(today, AGENDA_DASHBOARD_DAYS + 1, end);
	if (s->actor.role == ROLE_HEAD) {
		int64_t n = 0;
		store_value p[] = {SV_TEXT(today), SV_TEXT(end)};
		if (store_exec(svc_db(s), ST_APPOINTMENTS_COUNT, p, 2, svc_row_int, &n) != STORE_OK)
			return svc_abort(s, "appointments_dashboard");
		struct dashboard_item it = {.kind = "appointment", .count = n};
		fn(ctx, &it);
		return SVC_OK;
	}
	struct board b = {fn, ctx, today};
	if (svc_tx_begin(s) != STORE_OK ||
	    svc_audit(s, "appointment.dashboard", NULL, NULL) != 0 ||
	    appointments_range(s, s->actor.id, s->actor.id, today, end, 0, board_row, &b) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "appointments_dashboard");
	return SVC_OK;
}
