/* actions — see actions.h. */
#include "service/actions.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "service/audit.h"
#include "service/corrections.h"
#include "service/internal.h"
#include "service/partners.h"
#include "service/organisations.h"
#include "service/reference.h"
#include "support/i18n.h"
#include "support/text.h"

#define YEAR_MIN 1990
#define YEAR_MAX 2100

const struct field actions_fields[ACTION__FIELDS] = {
	[ACTION_ORGANISATION] = {"organisation", FIELD_CODE, FIELD_REQUIRED, 0, 0,
				 N_("Organisation inconnue, ou que vous ne suivez pas."),
				 FIELD_AT(struct action_input, organisation)},
	[ACTION_DATE] = {"date", FIELD_DATE, FIELD_REQUIRED, 0, 0,
			 N_("Indiquez la date de l'action (AAAA-MM-JJ)."),
			 FIELD_AT(struct action_input, date)},
	[ACTION_TOPIC] = {"topic", FIELD_CODE, FIELD_REQUIRED, 0, 0, N_("Thème d'action inconnu."),
			  FIELD_AT(struct action_input, topic)},
	[ACTION_FORMAT] = {"format", FIELD_CODE, FIELD_REQUIRED, 0, 0,
			   N_("Format d'action inconnu."), FIELD_AT(struct action_input, format)},
	[ACTION_TITLE] = {"title", FIELD_LINE, FIELD_REQUIRED, 0, ACTION_TITLE_MAX,
			  N_("Le titre est obligatoire (200 caractères au plus)."),
			  FIELD_AT(struct action_input, title)},
	[ACTION_PARTICIPANTS] = {"participants", FIELD_INT, FIELD_REQUIRED, 0,
				 ACTION_PARTICIPANTS_MAX,
				 N_("Le nombre de participants est un entier positif ou nul."),
				 FIELD_AT(struct action_input, participants)},
	[ACTION_DURATION] = {"duration_minutes", FIELD_MINUTES, FIELD_REQUIRED, 0, 0, NULL,
			     FIELD_AT(struct action_input, duration_minutes)},
};

/* Refuses the value of field i, with the table's name and message. */
static int invalid(svc *s, int i)
{
	return svc_fail(s, SVC_INVALID, actions_fields[i].name, field_message(&actions_fields[i]));
}

/* A code checked against its list; the refusal names field i. */
static int code_in(svc *s, const char *list, const char *code, int i)
{
	int rc = code ? reference_check(s, list, code, 0) : SVC_INVALID;
	return rc == SVC_INVALID ? invalid(s, i) : rc;
}

/* The organisation of code if the caller may record actions there: its id,
   or 0. */
static int64_t org_for_write(svc *s, const char *code)
{
	int64_t id = 0;
	if (!code || organisations_lookup_id(s, code, &id) != SVC_OK || !id)
		return 0;
	if (s->system || s->actor.role == ROLE_HEAD)
		return id;
	int64_t n = 0;
	store_value p[] = {SV_INT(id), SV_INT(s->actor.id)};
	if (store_exec(svc_db(s), ST_ASSIGN_CHECK, p, 2, svc_row_int, &n) != STORE_OK)
		return 0;
	return n > 0 ? id : 0;
}

static int link_partners(store *db, int64_t action, const struct action_input *in)
{
	for (int i = 0; i < in->npartners; i++) {
		store_value p[] = {SV_INT(action), SV_INT(in->partners[i])};
		if (store_exec(db, ST_ACTION_PARTNER_INSERT, p, 2, NULL, NULL) != STORE_OK)
			return -1;
	}
	return 0;
}

/* SVC_OK when in may be an action of the caller, *org getting its
   organisation's id, else the refusal naming its field. */
static int action_check(svc *s, const struct action_input *in, int64_t *org)
{
	*org = org_for_write(s, in->organisation);
	if (!*org)
		return invalid(s, ACTION_ORGANISATION);
	if (!in->date || !date_valid(in->date) || date_year(in->date) < YEAR_MIN ||
	    date_year(in->date) > YEAR_MAX)
		return invalid(s, ACTION_DATE);
	int rc = code_in(s, "action_topic", in->topic, ACTION_TOPIC);
	if (rc != SVC_OK)
		return rc;
	rc = code_in(s, "action_format", in->format, ACTION_FORMAT);
	if (rc != SVC_OK)
		return rc;
	if (!in->title || !*in->title || !text_is_clean_utf8(in->title, strlen(in->title), 0) ||
	    text_utf8_chars(in->title) > ACTION_TITLE_MAX)
		return invalid(s, ACTION_TITLE);
	if (in->participants < 0 || in->participants > ACTION_PARTICIPANTS_MAX)
		return invalid(s, ACTION_PARTICIPANTS);
	if (in->duration_minutes < 0 || in->duration_minutes > ACTION_MINUTES_MAX)
		return invalid(s, ACTION_DURATION);
	if (in->npartners < 0 || in->npartners > ACTION_PARTNERS_MAX)
		return svc_fail(s, SVC_INVALID, ACTION_PARTNERS_NAME, N_("20 partenaires au plus."));
	for (int i = 0; i < in->npartners; i++) {
		rc = partners_lookup(s, in->partners[i]);
		if (rc == SVC_ERROR)
			return rc;
		if (rc != SVC_OK)
			return svc_fail(s, SVC_INVALID, ACTION_PARTNERS_NAME,
					N_("Partenaire inconnu de l'annuaire."));
	}
	return SVC_OK;
}

int actions_create(svc *s, const struct action_input *in, int64_t *id)
{
	if (!svc_may(s, ACT_COLLECTIVE_EDIT))
		return SVC_FORBIDDEN;
	int64_t org = 0;
	int rc = action_check(s, in, &org);
	if (rc != SVC_OK)
		return rc;
	store *db = svc_db(s);
	int64_t new_id = 0;
	store_value p[] = {SV_INT(org),
			   SV_TEXT(in->date),
			   SV_TEXT(in->topic),
			   SV_TEXT(in->format),
			   SV_TEXT(in->title),
			   SV_INT(in->participants),
			   SV_INT(in->duration_minutes),
			   SV_INT(s->actor.id),
			   SV_INT(time(NULL))};
	char object[24];
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(db, ST_ACTION_INSERT, p, 9, svc_row_int, &new_id) != STORE_OK ||
	    link_partners(db, new_id, in) != 0 ||
	    (snprintf(object, sizeof object, "%" PRId64, new_id),
	     svc_audit(s, "collective_action.create", "collective_action", object) != 0) ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "actions_create");
	if (id)
		*id = new_id;
	return SVC_OK;
}

struct relay {
	action_fn fn;
	void *ctx;
};

static int list_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	struct action_view v = {
		.id = store_row_int(row, ACTION_COL_ID),
		.organisation = store_row_text(row, ACTION_COL_ORG_CODE),
		.organisation_name = store_row_text(row, ACTION_COL_ORG_NAME),
		.date = store_row_text(row, ACTION_COL_HELD_ON),
		.topic = store_row_text(row, ACTION_COL_TOPIC),
		.format = store_row_text(row, ACTION_COL_FORMAT),
		.title = store_row_text(row, ACTION_COL_TITLE),
		.participants = store_row_int(row, ACTION_COL_PARTICIPANTS),
		.duration_minutes = store_row_int(row, ACTION_COL_DURATION_MINUTES),
		.partners = store_row_text(row, ACTION_COL_PARTNER_IDS),
	};
	return r->fn ? r->fn(r->ctx, &v) : 0;
}

int actions_list(svc *s, const char *organisation, int64_t year, action_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_COLLECTIVE_READ))
		return SVC_FORBIDDEN;
	if (year && (year < YEAR_MIN || year > YEAR_MAX))
		return svc_fail(s, SVC_INVALID, "year", N_("L'année doit être comprise entre 1990 et 2100."));
	int64_t org = 0, worker = 0;
	if (organisation && *organisation) {
		int rc = organisations_lookup_id(s, organisation, &org);
		if (rc == SVC_ERROR)
			return rc;
		if (!org)
			return SVC_OK; /* nothing to show, nothing told */
	}
	if (!s->system && s->actor.role == ROLE_EMPLOYER) {
		/* Its own organisation only: another one lists nothing. */
		if (org && org != s->actor.organisation_id)
			return SVC_OK;
		org = s->actor.organisation_id;
		if (!org)
			return SVC_OK;
	} else if (!s->system && s->actor.role == ROLE_WORKER) {
		worker = s->actor.id;
	}
	char first[16] = "0000-01-01", last[16] = "9999-12-31";
	if (year) {
		snprintf(first, sizeof first, "%04d-01-01", (int)year);
		snprintf(last, sizeof last, "%04d-12-31", (int)year);
	}
	struct relay r = {fn, ctx};
	store_value p[] = {SV_INT(org), SV_INT(worker), SV_TEXT(first), SV_TEXT(last)};
	if (store_exec(svc_db(s), ST_ACTION_LIST, p, 4, list_row, &r) != STORE_OK)
		return svc_abort(s, "actions_list");
	return SVC_OK;
}

/* ---- corrections (service/corrections.h) ---- */

/* An action as stored. */
struct stored_action {
	int found;
	int64_t organisation_id, participants, duration_minutes;
	char date[DATE_LEN + 1];
	char topic[64], format[64];
	char title[4 * ACTION_TITLE_MAX + 1];
};

static int stored_row(void *ctx, const store_row *row)
{
	struct stored_action *a = ctx;
	a->found = 1;
	a->organisation_id = store_row_int(row, ACTION_ROW_COL_ORGANISATION_ID);
	a->participants = store_row_int(row, ACTION_ROW_COL_PARTICIPANTS);
	a->duration_minutes = store_row_int(row, ACTION_ROW_COL_DURATION_MINUTES);
	const char *t;
	t = store_row_text(row, ACTION_ROW_COL_HELD_ON);
	snprintf(a->date, sizeof a->date, "%s", t ? t : "");
	t = store_row_text(row, ACTION_ROW_COL_TOPIC);
	snprintf(a->topic, sizeof a->topic, "%s", t ? t : "");
	t = store_row_text(row, ACTION_ROW_COL_FORMAT);
	snprintf(a->format, sizeof a->format, "%s", t ? t : "");
	t = store_row_text(row, ACTION_ROW_COL_TITLE);
	snprintf(a->title, sizeof a->title, "%s", t ? t : "");
	return 1;
}

/* The door of a correction or deletion of action id: whoever may record
   actions in its organisation (the head; a worker assigned there).  Anyone
   else: SVC_NOT_FOUND, audited as denied. */
static int correctable(svc *s, int64_t id, const char *denied, struct stored_action *a)
{
	memset(a, 0, sizeof *a);
	store_value k[] = {SV_INT(id)};
	if (store_exec(svc_db(s), ST_ACTION_ROW, k, 1, stored_row, a) != STORE_OK)
		return svc_abort(s, denied);
	int64_t n = 0;
	if (a->found && s->signed_in && svc_may(s, ACT_COLLECTIVE_EDIT) &&
	    s->actor.role != ROLE_HEAD) {
		store_value p[] = {SV_INT(a->organisation_id), SV_INT(s->actor.id)};
		if (store_exec(svc_db(s), ST_ASSIGN_CHECK, p, 2, svc_row_int, &n) != STORE_OK)
			return svc_abort(s, denied);
	}
	if (!a->found || !s->signed_in || !svc_may(s, ACT_COLLECTIVE_EDIT) ||
	    (s->actor.role != ROLE_HEAD && n == 0))
		return svc_refuse(s, denied, "collective_action", id);
	return SVC_OK;
}

/* The partners of a stored action. */
struct partner_ids {
	int64_t id[ACTION_PARTNERS_MAX];
	int n, over; /* over: more than the array holds (then: changed) */
};

static int partner_id_row(void *ctx, const store_row *row)
{
	struct partner_ids *l = ctx;
	if (l->n < ACTION_PARTNERS_MAX)
		l->id[l->n++] = store_row_int(row, SCALAR_COL_VALUE);
	else
		l->over = 1;
	return 0;
}

/* Whether in names the same partners as were (in any order, duplicates
   ignored). */
static int same_partners(const struct partner_ids *was, const struct action_input *in)
{
	if (was->over)
		return 0;
	for (int i = 0; i < in->npartners; i++) {
		int found = 0;
		for (int j = 0; j < was->n && !found; j++)
			found = was->id[j] == in->partners[i];
		if (!found)
			return 0;
	}
	for (int j = 0; j < was->n; j++) {
		int found = 0;
		for (int i = 0; i < in->npartners && !found; i++)
			found = was->id[j] == in->partners[i];
		if (!found)
			return 0;
	}
	return 1;
}

int actions_correct(svc *s, int64_t id, const struct action_input *in, const char *reason)
{
	struct stored_action a;
	int64_t org = 0;
	int rc = correctable(s, id, "collective_action.correct_denied", &a);
	if (rc == SVC_OK)
		rc = action_check(s, in, &org);
	if (rc == SVC_OK)
		rc = corrections_check(s, reason);
	if (rc != SVC_OK)
		return rc;
	char fields[160] = "";
	corrections_field(fields, sizeof fields, a.organisation_id != org, "organisation");
	corrections_field(fields, sizeof fields, strcmp(a.date, in->date) != 0, "date");
	corrections_field(fields, sizeof fields, strcmp(a.topic, in->topic) != 0, "topic");
	corrections_field(fields, sizeof fields, strcmp(a.format, in->format) != 0, "format");
	corrections_field(fields, sizeof fields, strcmp(a.title, in->title) != 0, "title");
	corrections_field(fields, sizeof fields, a.participants != in->participants,
			  "participants");
	corrections_field(fields, sizeof fields, a.duration_minutes != in->duration_minutes,
			  "duration_minutes");
	/* The partners are replaced by the ones given, named when they differ
	   from the action's (the page sends them all back each time). */
	store *db = svc_db(s);
	struct partner_ids was;
	memset(&was, 0, sizeof was);
	store_value k[] = {SV_INT(id)};
	if (store_exec(db, ST_ACTION_PARTNER_IDS, k, 1, partner_id_row, &was) != STORE_OK)
		return svc_abort(s, "actions_correct");
	corrections_field(fields, sizeof fields, !same_partners(&was, in), ACTION_PARTNERS_NAME);
	store_value p[] = {SV_INT(id),
			   SV_INT(org),
			   SV_TEXT(in->date),
			   SV_TEXT(in->topic),
			   SV_TEXT(in->format),
			   SV_TEXT(in->title),
			   SV_INT(in->participants),
			   SV_INT(in->duration_minutes)};
	if (svc_tx_begin(s) != STORE_OK || store_exec(db, ST_ACTION_UPDATE, p, 8, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_ACTION_PARTNERS_CLEAR, k, 1, NULL, NULL) != STORE_OK ||
	    link_partners(db, id, in) != 0 ||
	    corrections_record(s, "collective_action", id, 0, "edit", fields, reason) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "actions_correct");
	return SVC_OK;
}

int actions_delete(svc *s, int64_t id, const char *reason)
{
	struct stored_action a;
	int rc = correctable(s, id, "collective_action.delete_denied", &a);
	if (rc == SVC_OK)
		rc = corrections_check(s, reason);
	if (rc != SVC_OK)
		return rc;
	static const enum stmt st[] = {ST_ACTION_PARTNERS_CLEAR, ST_ACTION_DELETE};
	return corrections_delete(s, "collective_action", id, 0, st, 2, reason, "actions_delete");
}
