/* appointments — see appointments.h. */
#include "service/appointments.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/agenda.h"
#include "domain/date.h"
#include "service/corrections.h"
#include "service/internal.h"
#include "support/buf.h"
#include "service/interventions.h"
#include "service/reference.h"
#include "support/i18n.h"
#include "support/log.h"

const char *const appointments_statuses[APPOINTMENT_STATUSES] = {"prevu", "honore", "excuse",
								 "absent", "annule"};
static const char *const status_labels[APPOINTMENT_STATUSES] = {
	N_("Prévu"), N_("Honoré"), N_("Excusé"), N_("Absent"), N_("Annulé")};

static int status_index(const char *code)
{
	for (int i = 0; code && i < APPOINTMENT_STATUSES; i++)
		if (strcmp(appointments_statuses[i], code) == 0)
			return i;
	return -1;
}

const char *appointments_status_label(const char *code)
{
	int i = status_index(code);
	return i < 0 ? code : _(status_labels[i]);
}

const struct field appointments_fields[APPOINTMENT__FIELDS] = {
	[APPOINTMENT_WORKER] = {"worker", FIELD_LINE, 0, 0, 0, N_("Choisissez une assistante."),
				FIELD_AT(struct appointment_input, worker)},
	[APPOINTMENT_PERSON] = {"person_id", FIELD_ID, 0, 0, 0, N_("Personne inconnue."),
				FIELD_AT(struct appointment_input, person_id)},
	[APPOINTMENT_START] = {"start", FIELD_LINE, FIELD_REQUIRED, 0, 0,
			       N_("Le début s'écrit AAAA-MM-JJTHH:MM."),
			       FIELD_AT(struct appointment_input, start)},
	[APPOINTMENT_END] = {"end", FIELD_LINE, FIELD_REQUIRED, 0, 0,
			     N_("La fin s'écrit AAAA-MM-JJTHH:MM, le même jour, après le début."),
			     FIELD_AT(struct appointment_input, end)},
	[APPOINTMENT_MODE] = {"mode", FIELD_CODE, FIELD_REQUIRED, 0, 0,
			      N_("Mode de rendez-vous inconnu."),
			      FIELD_AT(struct appointment_input, mode)},
	[APPOINTMENT_SITE] = {"site", FIELD_LINE, 0, 0, APPOINTMENT_SITE_MAX,
			      N_("Le lieu fait au plus 200 caractères, sur une ligne."),
			      FIELD_AT(struct appointment_input, site)},
	[APPOINTMENT_CONTACT_NAME] = {"contact_name", FIELD_LINE, 0, 0, APPOINTMENT_CONTACT_MAX,
				      N_("Le nom de la personne fait au plus 200 caractères, sur "
					 "une ligne."),
				      FIELD_AT(struct appointment_input, contact_name)},
};

const struct field appointments_move_fields[APPOINTMENT_MOVE__FIELDS] = {
	[APPOINTMENT_MOVE_START] = {"start", FIELD_LINE, FIELD_REQUIRED, 0, 0,
				    N_("Le début s'écrit AAAA-MM-JJTHH:MM."),
				    FIELD_AT(struct appointment_move, start)},
	[APPOINTMENT_MOVE_END] = {"end", FIELD_LINE, FIELD_REQUIRED, 0, 0,
				  N_("La fin s'écrit AAAA-MM-JJTHH:MM, le même jour, après le "
				     "début."),
				  FIELD_AT(struct appointment_move, end)},
};

/* The reception (secrétariat): books for any worker, no records. */
static int reception(const svc *s)
{
	return !s->system && s->signed_in && s->actor.role == ROLE_RECEPTION;
}

const struct field appointments_day_fields[APPOINTMENT_DAY__FIELDS] = {
	[APPOINTMENT_DAY] = {"date", FIELD_DATE, FIELD_REQUIRED, 0, 0,
			     N_("La date est une date valide (AAAA-MM-JJ)."),
			     FIELD_AT(struct appointment_day, date)},
};

const struct field appointments_status_fields[APPOINTMENT_STATUS__FIELDS] = {
	[APPOINTMENT_STATUS] = {"status", FIELD_CODE, FIELD_REQUIRED, 0, 0,
				N_("Statut : honore, excuse, absent ou annule."),
				FIELD_AT(struct appointment_status, status)},
};

const struct field appointments_intervention_fields[APPOINTMENT_INTERVENTION__FIELDS] = {
	[APPOINTMENT_KIND] = {"kind", FIELD_CODE, FIELD_REQUIRED, 0, 0,
			      N_("Type d'intervention inconnu."),
			      FIELD_AT(struct appointment_intervention, kind)},
	[APPOINTMENT_DURATION] = {"duration_minutes", FIELD_MINUTES, 0, 0, 0, NULL,
				  FIELD_AT(struct appointment_intervention, duration_minutes)},
	[APPOINTMENT_NOTES] = {"notes", FIELD_TEXT, 0, 0, 0, N_("Texte trop long ou non valide."),
			       FIELD_AT(struct appointment_intervention, notes)},
};

/* Refuses the value of field f, with the table's name and message. */
static int invalid(svc *s, const struct field *f)
{
	return svc_fail(s, SVC_INVALID, f->name, field_message(f));
}

/* Reads end (field f) after a start on day d1 at minute m1 into d2 and
   *m2: SVC_OK, or the refusal saying what is wrong — its format, another
   day, or not after the start. */
static int end_check(svc *s, const struct field *f, const char *end, const char *d1, int m1,
		     char d2[DATE_LEN + 1], int *m2)
{
	if (agenda_datetime_parse(end, d2, m2) != 0)
		return invalid(s, f);
	if (strcmp(d1, d2) != 0)
		return svc_fail(s, SVC_INVALID, f->name,
				N_("Un rendez-vous se termine le même jour que son début."));
	if (*m2 <= m1)
		return svc_fail(s, SVC_INVALID, f->name, N_("La fin doit être après le début."));
	return SVC_OK;
}

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
	a->id = store_row_int(row, APPOINTMENT_COL_ID);
	a->worker_id = store_row_int(row, APPOINTMENT_COL_WORKER_ID);
	svc_row_copy(row, APPOINTMENT_COL_WORKER_LOGIN, a->worker, sizeof a->worker);
	a->person_id = store_row_int(row, APPOINTMENT_COL_PERSON_ID);
	svc_row_copy(row, APPOINTMENT_COL_START_AT, a->start, sizeof a->start);
	svc_row_copy(row, APPOINTMENT_COL_END_AT, a->end, sizeof a->end);
	svc_row_copy(row, APPOINTMENT_COL_MODE, a->mode, sizeof a->mode);
	svc_row_copy(row, APPOINTMENT_COL_STATUS, a->status, sizeof a->status);
	a->intervention_id = store_row_int(row, APPOINTMENT_COL_INTERVENTION_ID);
	return 1;
}

/* The appointment id when the caller may see it (its worker, the head):
   SVC_OK, or SVC_NOT_FOUND (a refusal audited as `denied`).  As
   svc_gate_begin, the first step of every use case on one appointment (a
   write, or the read and its entry): the appointment read and checked in
   the transaction it opens, left open on SVC_OK only. */
static int appt_gate(svc *s, int64_t id, const char *denied, struct appt *a)
{
	if (!svc_may(s, ACT_APPOINTMENTS))
		return SVC_FORBIDDEN;
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, denied);
	memset(a, 0, sizeof *a);
	store_value q[] = {SV_INT(id)};
	if (store_exec(svc_db(s), ST_APPOINTMENT_GET, q, 1, appt_row, a) != STORE_OK)
		return svc_abort(s, denied);
	if (!a->id) {
		svc_tx_refused(s);
		return SVC_NOT_FOUND;
	}
	if (s->system || s->actor.role == ROLE_HEAD || reception(s) || a->worker_id == s->actor.id)
		return SVC_OK;
	return svc_refuse_in_tx(s, denied, "appointment", id);
}

/* appointments_create inside its transaction, which a failure may leave
   open. */
static int create_in_tx(svc *s, const struct appointment_input *in, int64_t *id)
{
	/* The head and the reception book in a worker's agenda. */
	int head = !s->system && (s->actor.role == ROLE_HEAD || reception(s));
	int64_t worker = s->actor.id;
	if (head || (in->worker && *in->worker && strcmp(in->worker, s->actor.login) != 0)) {
		int found = head ? svc_worker_find(s, in->worker, &worker) : 0;
		if (found < 0)
			return svc_abort(s, "appointments_create");
		if (!found)
			return head ? invalid(s, &appointments_fields[APPOINTMENT_WORKER])
				    : svc_fail(s, SVC_INVALID, appointments_fields[APPOINTMENT_WORKER].name,
					       N_("Vous ne prenez rendez-vous que dans votre agenda."));
	}
	if (in->person_id < 0)
		return invalid(s, &appointments_fields[APPOINTMENT_PERSON]);
	if (in->person_id > 0) {
		if (reception(s))
			return svc_fail(s, SVC_INVALID, appointments_fields[APPOINTMENT_PERSON].name,
					N_("Le secrétariat n'ouvre pas les dossiers : indiquez le nom "
					   "de la personne (contact_name)."));
		if (head)
			return svc_fail(s, SVC_INVALID, appointments_fields[APPOINTMENT_PERSON].name,
					N_("Le responsable ne prend que des premiers contacts, sans "
					   "nommer de personne."));
		int may = svc_may_open(s, ST_PERSON_ACCESS, in->person_id);
		if (may < 0)
			return svc_abort(s, "appointments_create");
		if (!may)
			return svc_refuse_in_tx(s, "appointment.person_denied", "person",
						in->person_id);
	}
	char d1[DATE_LEN + 1], d2[DATE_LEN + 1];
	int m1 = 0, m2 = 0;
	if (agenda_datetime_parse(in->start, d1, &m1) != 0)
		return invalid(s, &appointments_fields[APPOINTMENT_START]);
	int rc = end_check(s, &appointments_fields[APPOINTMENT_END], in->end, d1, m1, d2, &m2);
	if (rc != SVC_OK)
		return rc;
	rc = in->mode && *in->mode ? reference_check(s, "mode", in->mode, 0) : SVC_INVALID;
	if (rc == SVC_ERROR)
		return rc;
	if (rc != SVC_OK)
		return invalid(s, &appointments_fields[APPOINTMENT_MODE]);
	if (in->site && *in->site && !svc_line_ok(in->site, APPOINTMENT_SITE_MAX))
		return invalid(s, &appointments_fields[APPOINTMENT_SITE]);
	const char *contact = in->contact_name && *in->contact_name ? in->contact_name : NULL;
	if (contact && !reception(s))
		return svc_fail(s, SVC_INVALID, appointments_fields[APPOINTMENT_CONTACT_NAME].name,
				N_("Seul le secrétariat note le nom d'une personne sans dossier."));
	if (contact && !svc_line_ok(contact, APPOINTMENT_CONTACT_MAX))
		return invalid(s, &appointments_fields[APPOINTMENT_CONTACT_NAME]);
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
			   SV_INT((int64_t)time(NULL)),
			   SV_NULL};
	if (store_exec(svc_db(s), ST_APPOINTMENT_OVERLAPS, o, 4, svc_row_int, &clash) != STORE_OK)
		return svc_abort(s, "appointments_create");
	if (clash) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_INVALID, "start",
				N_("Ce rendez-vous chevauche un autre rendez-vous de l'agenda."));
	}
	char object[24];
	/* The name typed is sealed to the row once it is written. */
	buf sealed;
	buf_init(&sealed, 0);
	int sealed_rc = store_exec(svc_db(s), ST_APPOINTMENT_INSERT, p, 9, svc_row_int, &new_id);
	if (sealed_rc == STORE_OK && contact) {
		svc_seal_at(s, "appointments.contact_name", new_id, contact, &sealed);
		store_value c[] = {SV_INT(new_id), svc_sealed_value(&sealed)};
		sealed_rc = store_exec(svc_db(s), ST_APPOINTMENT_CONTACT_SEAL, c, 2, NULL, NULL);
	}
	buf_free(&sealed);
	if (sealed_rc != STORE_OK ||
	    (snprintf(object, sizeof object, "%" PRId64, new_id),
	     svc_audit(s, "appointment.create", "appointment", object) != 0) ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "appointments_create");
	if (id)
		*id = new_id;
	return SVC_OK;
}

int appointments_create(svc *s, const struct appointment_input *in, int64_t *id)
{
	if (!svc_may(s, ACT_APPOINTMENTS))
		return SVC_FORBIDDEN;
	/* One transaction from the access to the person and the agenda's
	   overlaps to the new appointment (interventions_create). */
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "appointments_create");
	int rc = create_in_tx(s, in, id);
	if (rc != SVC_OK)
		svc_tx_refused(s);
	return rc;
}

struct relay {
	svc *s;
	appointment_fn fn;
	void *ctx;
	int64_t only;          /* keep this id only (0: all) */
	int64_t reception;     /* the reception account reading (0: not the reception) */
	const char *worker;    /* the worker reading her own agenda (NULL: not a worker) */
};

static int range_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	int64_t id = store_row_int(row, APPOINTMENT_RANGE_COL_ID);
	if (r->only && id != r->only)
		return 0;
	/* The names are NULL when the viewer may not open the person. */
	int named = !store_row_is_null(row, APPOINTMENT_RANGE_COL_PERSON_ID) &&
		    store_row_int(row, APPOINTMENT_RANGE_COL_VISIBLE) == 1;
	const char *last = named ? "" : NULL;
	char person[512] = "";
	if (named) {
		char *both = persons_full_name_of_row(r->s, row, APPOINTMENT_RANGE_COL_PERSON_ID,
						      APPOINTMENT_RANGE_COL_LAST_NAME,
						      APPOINTMENT_RANGE_COL_FIRST_NAME);
		snprintf(person, sizeof person, "%s", both);
		free(both);
	}
	/* A name typed by the reception: to that account and the worker. */
	char *contact = svc_unseal_col_at(r->s, "appointments.contact_name", id, row,
					  APPOINTMENT_RANGE_COL_CONTACT_NAME);
	const char *login = store_row_text(row, APPOINTMENT_RANGE_COL_WORKER_LOGIN);
	int own = r->reception && store_row_int(row, APPOINTMENT_RANGE_COL_CREATED_BY) == r->reception;
	if (!named && contact && (own || (r->worker && login && strcmp(login, r->worker) == 0))) {
		snprintf(person, sizeof person, "%s", contact);
		named = 1;
	}
	struct appointment_view v = {
		.id = id,
		.worker = store_row_text(row, APPOINTMENT_RANGE_COL_WORKER_LOGIN),
		.worker_name = store_row_text(row, APPOINTMENT_RANGE_COL_WORKER_NAME),
		.has_person = !store_row_is_null(row, APPOINTMENT_RANGE_COL_PERSON_ID),
		.person_id = named && last ? store_row_int(row, APPOINTMENT_RANGE_COL_PERSON_ID) : 0,
		.person = named ? person : NULL,
		.case_id = store_row_int(row, APPOINTMENT_RANGE_COL_OPEN_CASE_ID),
		.start = store_row_text(row, APPOINTMENT_RANGE_COL_START_AT),
		.end = store_row_text(row, APPOINTMENT_RANGE_COL_END_AT),
		.mode = store_row_text(row, APPOINTMENT_RANGE_COL_MODE),
		.site = store_row_text(row, APPOINTMENT_RANGE_COL_SITE),
		.status = store_row_text(row, APPOINTMENT_RANGE_COL_STATUS),
		.intervention_id = store_row_int(row, APPOINTMENT_RANGE_COL_INTERVENTION_ID),
	};
	if (r->reception) {
		/* The agenda without motives: no case, no intervention, no place
		   but for its own bookings. */
		v.case_id = 0;
		v.intervention_id = 0;
		if (!own)
			v.site = NULL;
	}
	int stop = r->fn(r->ctx, &v);
	free(contact);
	return stop;
}

/* Appointments of worker (0: all) starting on dates [from, to). */
static int appointments_range(svc *s, int64_t worker, int64_t viewer, const char *from,
			      const char *to, int64_t only, appointment_fn fn, void *ctx)
{
	char today[DATE_LEN + 1];
	date_today(today);
	struct relay r = {s, fn, ctx, only, reception(s) ? s->actor.id : 0, NULL};
	if (!s->system && s->signed_in && s->actor.role == ROLE_WORKER && viewer == s->actor.id)
		r.worker = s->actor.login;
	store_value p[] = {SV_INT(worker), SV_TEXT(from), SV_TEXT(to), SV_INT(viewer),
			   SV_TEXT(today)};
	return store_exec(svc_db(s), ST_APPOINTMENTS_RANGE, p, 5, range_row, &r) == STORE_OK ? 0
											  : -1;
}

int appointments_collect(svc *s, int64_t worker, int64_t viewer, const char *from,
			 const char *to, appointment_fn fn, void *ctx)
{
	return appointments_range(s, worker, viewer, from, to, 0, fn, ctx);
}

/* The person is named to a worker who may open it; the head never. */
int64_t appointments_viewer(const svc *s)
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
	if (svc_audit(s, "appointment.read", "appointment", object) != 0 ||
	    appointments_range(s, a.worker_id, appointments_viewer(s), day, next, id, fn, ctx) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "appointments_get");
	return SVC_OK;
}

int appointments_set_status(svc *s, int64_t id, const char *status)
{
	struct appt a;
	/* One transaction from the check to the write: the status read is
	   the one changed (interventions_create). */
	int rc = appt_gate(s, id, "appointment.status_denied", &a);
	if (rc != SVC_OK)
		return rc;
	if (status_index(status) <= 0)
		rc = invalid(s, &appointments_status_fields[APPOINTMENT_STATUS]);
	else if (strcmp(a.status, "prevu") != 0)
		rc = svc_fail(s, SVC_INVALID, "status",
			      N_("Seul un rendez-vous prévu change de statut."));
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		return rc;
	}
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	store_value p[] = {SV_INT(id), SV_TEXT(status), SV_NULL, SV_INT((int64_t)time(NULL))};
	if (store_exec(svc_db(s), ST_APPOINTMENT_SET_STATUS, p, 4, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "appointment.status", "appointment", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "appointments_set_status");
	return SVC_OK;
}

int appointments_move(svc *s, int64_t id, const char *start, const char *end)
{
	struct appt a;
	/* One transaction from the check to the write (interventions_create). */
	int rc = appt_gate(s, id, "appointment.move_denied", &a);
	if (rc != SVC_OK)
		return rc;
	char d1[DATE_LEN + 1], d2[DATE_LEN + 1];
	int m1 = 0, m2 = 0;
	if (strcmp(a.status, "prevu") != 0)
		rc = svc_fail(s, SVC_INVALID, "status",
			      N_("Seul un rendez-vous prévu change d'horaire."));
	else if (agenda_datetime_parse(start, d1, &m1) != 0)
		rc = invalid(s, &appointments_move_fields[APPOINTMENT_MOVE_START]);
	else
		rc = end_check(s, &appointments_move_fields[APPOINTMENT_MOVE_END], end, d1, m1, d2,
			       &m2);
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		return rc;
	}
	char from[AGENDA_DATETIME_LEN + 1], to[AGENDA_DATETIME_LEN + 1], t[AGENDA_TIME_LEN + 1];
	agenda_time_format(m1, t);
	snprintf(from, sizeof from, "%sT%s", d1, t);
	agenda_time_format(m2, t);
	snprintf(to, sizeof to, "%sT%s", d2, t);
	int64_t clash = 0;
	store_value o[] = {SV_INT(a.worker_id), SV_TEXT(from), SV_TEXT(to), SV_INT(id)};
	store_value p[] = {SV_INT(id), SV_TEXT(from), SV_TEXT(to), SV_INT((int64_t)time(NULL))};
	if (store_exec(svc_db(s), ST_APPOINTMENT_OVERLAPS, o, 4, svc_row_int, &clash) != STORE_OK)
		return svc_abort(s, "appointments_move");
	if (clash) {
		svc_tx_rollback(s);
		return svc_fail(s, SVC_INVALID, "start",
				N_("Ce rendez-vous chevauche un autre rendez-vous de l'agenda."));
	}
	char object[24];
	snprintf(object, sizeof object, "%" PRId64, id);
	if (store_exec(svc_db(s), ST_APPOINTMENT_MOVE, p, 4, NULL, NULL) != STORE_OK ||
	    svc_audit(s, "appointment.move", "appointment", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "appointments_move");
	return SVC_OK;
}

static int case_row(void *ctx, const store_row *row)
{
	*(int64_t *)ctx = store_row_int(row, OPEN_CASE_COL_ID);
	return 1;
}

/* In appointments_intervention's transaction: appointment id read and
   checked (the caller's own, planned or honoured without an intervention,
   with a person) and the open case of that person the caller may complete,
   into *case_id.  SVC_OK, or the refusal (audited) or the invalid input. */
static int intervention_source(svc *s, int64_t id, struct appt *a, int64_t *case_id)
{
	int rc = appt_gate(s, id, "appointment.intervention_denied", a);
	if (rc != SVC_OK)
		return rc;
	if (s->system || a->worker_id != s->actor.id)
		return svc_refuse_in_tx(s, "appointment.intervention_denied", "appointment", id);
	if (strcmp(a->status, "prevu") != 0 &&
	    !(strcmp(a->status, "honore") == 0 && a->intervention_id == 0))
		return svc_fail(s, SVC_INVALID, "status",
				N_("Seul un rendez-vous prévu ou honoré sans intervention devient "
				   "une intervention."));
	if (!a->person_id)
		return svc_fail(s, SVC_INVALID, "person_id",
				N_("Un premier contact sans personne ne devient pas une intervention."));
	char today[DATE_LEN + 1];
	date_today(today);
	store_value q[] = {SV_INT(a->person_id), SV_INT(s->actor.id), SV_TEXT(today)};
	if (store_exec(svc_db(s), ST_OPEN_CASE_OF_PERSON, q, 3, case_row, case_id) != STORE_OK)
		return svc_abort(s, "appointments_intervention");
	if (!*case_id)
		return svc_fail(s, SVC_INVALID, "case",
				N_("La personne n'a pas de suivi ouvert que vous pouvez compléter."));
	return SVC_OK;
}

int appointments_intervention(svc *s, int64_t id, const char *kind, int64_t duration_minutes,
			      const char *notes, int64_t *intervention_id)
{
	/* One transaction from the check to the write: the appointment's
	   state read there (two conversions of one appointment cannot both
	   pass), the intervention and the honoured status written in it. */
	if (svc_batch_begin(s) != SVC_OK)
		return svc_abort(s, "appointments_intervention");
	struct appt a;
	int64_t case_id = 0;
	int rc = intervention_source(s, id, &a, &case_id);
	if (rc != SVC_OK) {
		/* A refusal's entry is kept; a failed batch rolls back. */
		if (svc_batch_end(s, 1) != SVC_OK && rc != SVC_ERROR)
			rc = SVC_ERROR;
		return rc;
	}
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
	char time[6] = "";
	if (v->start && strlen(v->start) >= 16)
		snprintf(time, sizeof time, "%.5s", v->start + 11);
	struct dashboard_item it = {"appointment", v->case_id, person, date,
				    date_days_between(b->today, date), 1, time[0] ? time : NULL};
	return b->fn(b->ctx, &it);
}

int appointments_dashboard(svc *s, dashboard_fn fn, void *ctx)
{
	if (s->system || !s->signed_in ||
	    (s->actor.role != ROLE_WORKER && s->actor.role != ROLE_HEAD))
		return SVC_OK;
	char today[DATE_LEN + 1], end[DATE_LEN + 1];
	date_today(today);
	date_add_days(today, APPOINTMENT_DASHBOARD_DAYS + 1, end);
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

int appointments_delete(svc *s, int64_t id, const char *reason)
{
	struct appt a;
	/* One transaction from the check to the write (interventions_create). */
	int rc = appt_gate(s, id, "appointment.delete_denied", &a);
	if (rc != SVC_OK)
		return rc;
	if (!s->signed_in)
		return svc_refuse_in_tx(s, "appointment.delete_denied", "appointment", id);
	rc = corrections_check(s, reason);
	if (rc != SVC_OK) {
		svc_tx_refused(s);
		return rc;
	}
	store_value k[] = {SV_INT(id)};
	if (store_exec(svc_db(s), ST_APPOINTMENT_DELETE, k, 1, NULL, NULL) != STORE_OK ||
	    corrections_record(s, "appointment", id, 0, "delete", "*", reason) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "appointments_delete");
	return SVC_OK;
}
