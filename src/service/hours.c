/* conventions — see conventions.h. */
#include "service/hours.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "service/audit.h"
#include "service/corrections.h"
#include "service/internal.h"
#include "service/organisations.h"
#include "service/reference.h"
#include "support/i18n.h"
#include "support/text.h"

const char *const hours_activities[HOURS_ACTIVITIES] = {
	"individuel", "collectif", "permanence", "trajet", "reunion", "administratif"};

static const char *const activity_labels[HOURS_ACTIVITIES] = {
	N_("Accompagnement individuel"), N_("Actions collectives"), N_("Permanences"),
	N_("Trajets"), N_("Réunions"), N_("Administratif")};

static int activity_index(const char *code)
{
	for (int i = 0; code && i < HOURS_ACTIVITIES; i++)
		if (strcmp(hours_activities[i], code) == 0)
			return i;
	return -1;
}

const char *hours_activity_label(const char *code)
{
	int i = activity_index(code);
	return i < 0 ? code : _(activity_labels[i]);
}

/* ---- conventions ---- */

static const char vacation_message[] =
	N_("La vacation dure entre un quart d'heure et 24 heures (ex. 3,5).");

const struct field conventions_fields[CONVENTION__FIELDS] = {
	[CONVENTION_KIND] = {"kind", FIELD_CODE, FIELD_REQUIRED, 0, 0,
			     N_("Type de convention : cotisation, permanence ou vacations."),
			     FIELD_AT(struct convention_input, kind)},
	[CONVENTION_STARTS_ON] = {"starts_on", FIELD_DATE, FIELD_REQUIRED, 0, 0,
				  N_("La date de début est une date valide (AAAA-MM-JJ)."),
				  FIELD_AT(struct convention_input, starts_on)},
	[CONVENTION_ENDS_ON] = {"ends_on", FIELD_DATE, FIELD_REQUIRED, 0, 0,
				N_("La date de fin est une date valide, après la date de début."),
				FIELD_AT(struct convention_input, ends_on)},
	[CONVENTION_HOURS] = {"hours_per_year", FIELD_INT, 0, 0, CONVENTION_HOURS_MAX,
			      N_("Le nombre d'heures par an est un entier entre 0 et 100 000."),
			      FIELD_AT(struct convention_input, hours_per_year)},
	[CONVENTION_NOTES] = {"notes", FIELD_TEXT, 0, 0, CONVENTION_NOTES_MAX,
			      N_("Les notes font au plus 2 000 caractères."),
			      FIELD_AT(struct convention_input, notes)},
	[CONVENTION_RATE_CENTS] = {"hourly_rate_cents", FIELD_INT, 0, 0, CONVENTION_RATE_MAX,
				   N_("Le tarif horaire est un nombre de centimes entre 0 et "
				      "10 000 000."),
				   FIELD_AT(struct convention_input, hourly_rate_cents)},
};

/* Hours typed like an amount ("3,5"): hundredths of an hour, up to a day. */
const struct field conventions_form_fields[CONVENTION_FORM__FIELDS] = {
	[CONVENTION_FORM_VACATION] = {CONVENTION_VACATION_NAME, FIELD_MONEY, 0, 1, 2400,
				      vacation_message,
				      FIELD_AT(struct convention_form_input, vacation_hundredths)},
	[CONVENTION_FORM_RATE] = {"hourly_rate", FIELD_MONEY, 0, 0, CONVENTION_RATE_MAX,
				  N_("Le tarif horaire s'écrit en euros, par exemple 62,50."),
				  FIELD_AT(struct convention_form_input, in.hourly_rate_cents)},
};

/* Refuses the value of field f, with the table's name and message. */
static int invalid(svc *s, const struct field *f)
{
	return svc_fail(s, SVC_INVALID, f->name, field_message(f));
}

int hours_conventions_create(svc *s, const char *organisation, const struct convention_input *in,
		       int64_t *id)
{
	if (!svc_may(s, ACT_CONVENTIONS_EDIT))
		return SVC_FORBIDDEN;
	int64_t org = 0;
	int rc = organisations_visible_id(s, organisation, &org);
	if (rc != SVC_OK)
		return rc;
	rc = in->kind && *in->kind ? reference_check(s, "convention_kind", in->kind, 0)
				   : SVC_INVALID;
	if (rc == SVC_ERROR)
		return rc;
	if (rc != SVC_OK)
		return invalid(s, &conventions_fields[CONVENTION_KIND]);
	if (!in->starts_on || !date_valid(in->starts_on))
		return invalid(s, &conventions_fields[CONVENTION_STARTS_ON]);
	if (!in->ends_on || !date_valid(in->ends_on) || date_cmp(in->ends_on, in->starts_on) < 0)
		return invalid(s, &conventions_fields[CONVENTION_ENDS_ON]);
	if (in->hours_per_year < -1 || in->hours_per_year > CONVENTION_HOURS_MAX)
		return invalid(s, &conventions_fields[CONVENTION_HOURS]);
	if (in->hours_per_year < 0 && strcmp(in->kind, "vacations") == 0)
		return svc_fail(s, SVC_INVALID, conventions_fields[CONVENTION_HOURS].name,
				N_("Des vacations s'achètent en heures : indiquez le nombre d'heures "
				   "par an."));
	if (in->hourly_rate_cents < -1 || in->hourly_rate_cents > CONVENTION_RATE_MAX)
		return invalid(s, &conventions_fields[CONVENTION_RATE_CENTS]);
	int64_t unit = in->vacation_minutes ? in->vacation_minutes : CONVENTION_VACATION_DEFAULT;
	if (unit < CONVENTION_VACATION_MIN || unit > CONVENTION_VACATION_MAX)
		return svc_fail(s, SVC_INVALID, CONVENTION_VACATION_NAME, vacation_message);
	if (in->notes && (!text_is_clean_utf8(in->notes, strlen(in->notes), 1) ||
			  text_utf8_chars(in->notes) > CONVENTION_NOTES_MAX))
		return invalid(s, &conventions_fields[CONVENTION_NOTES]);

	int64_t new_id = 0;
	store_value p[] = {SV_INT(org),
			   SV_TEXT(in->kind),
			   SV_TEXT(in->starts_on),
			   SV_TEXT(in->ends_on),
			   in->hours_per_year < 0 ? SV_NULL : SV_INT(in->hours_per_year),
			   in->hourly_rate_cents < 0 ? SV_NULL : SV_INT(in->hourly_rate_cents),
			   in->notes && *in->notes ? SV_TEXT(in->notes) : SV_NULL,
			   SV_INT(s->actor.id),
			   SV_INT((int64_t)time(NULL)),
			   SV_INT(unit)};
	char object[64];
	snprintf(object, sizeof object, "%s", organisation);
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_CONVENTION_INSERT, p, 10, svc_row_int, &new_id) != STORE_OK ||
	    svc_audit(s, "convention.create", "organisation", object) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "hours_conventions_create");
	if (id)
		*id = new_id;
	return SVC_OK;
}

struct relay {
	convention_fn fn;
	void *ctx;
};

static int convention_row(void *ctx, const store_row *row)
{
	struct relay *r = ctx;
	struct convention_view v = {
		.id = store_row_int(row, CONVENTION_COL_ID),
		.kind = store_row_text(row, CONVENTION_COL_KIND),
		.starts_on = store_row_text(row, CONVENTION_COL_STARTS_ON),
		.ends_on = store_row_text(row, CONVENTION_COL_ENDS_ON),
		.hours_per_year = store_row_is_null(row, CONVENTION_COL_HOURS_PER_YEAR)
					  ? -1
					  : store_row_int(row, CONVENTION_COL_HOURS_PER_YEAR),
		.hourly_rate_cents = store_row_is_null(row, CONVENTION_COL_HOURLY_RATE_CENTS)
					     ? -1
					     : store_row_int(row, CONVENTION_COL_HOURLY_RATE_CENTS),
		.notes = store_row_text(row, CONVENTION_COL_NOTES),
		.vacation_minutes = store_row_int(row, CONVENTION_COL_VACATION_MINUTES),
	};
	return r->fn(r->ctx, &v);
}

int hours_conventions_list(svc *s, const char *organisation, convention_fn fn, void *ctx)
{
	if (!svc_may(s, ACT_HOURS_READ))
		return SVC_FORBIDDEN;
	int64_t org = 0;
	int rc = organisations_visible_id(s, organisation, &org);
	if (rc != SVC_OK)
		return rc;
	struct relay r = {fn, ctx};
	store_value p[] = {SV_INT(org)};
	if (store_exec(svc_db(s), ST_CONVENTIONS_OF_ORG, p, 1, convention_row, &r) != STORE_OK)
		return svc_abort(s, "hours_conventions_list");
	return SVC_OK;
}

/* ---- time ---- */

const struct field times_fields[TIME__FIELDS] = {
	[TIME_ORGANISATION] = {"organisation", FIELD_CODE, FIELD_REQUIRED, 0, 0,
			       N_("Choisissez une organisation qui vous est confiée."),
			       FIELD_AT(struct time_input, organisation)},
	[TIME_DATE] = {"date", FIELD_DATE, FIELD_REQUIRED, 0, 0,
		       N_("La date est une date valide (AAAA-MM-JJ), au plus aujourd'hui."),
		       FIELD_AT(struct time_input, date)},
	[TIME_MINUTES] = {"minutes", FIELD_INT, FIELD_REQUIRED, 1, TIME_MINUTES_MAX,
			  N_("La durée est un nombre de minutes entre 1 et 1 440."),
			  FIELD_AT(struct time_input, minutes)},
	[TIME_ACTIVITY] = {"activity", FIELD_CODE, FIELD_REQUIRED, 0, 0,
			   N_("Activité : individuel, collectif, permanence, trajet, reunion ou "
			      "administratif."),
			   FIELD_AT(struct time_input, activity)},
};

/* SVC_OK when in may be a time entry of the caller, *org getting its
   organisation's id, else the refusal naming its field. */
static int time_check(svc *s, const struct time_input *in, int64_t *org)
{
	int rc = in->organisation && *in->organisation
			 ? organisations_visible_id(s, in->organisation, org)
			 : SVC_NOT_FOUND;
	if (rc == SVC_ERROR)
		return rc;
	if (rc != SVC_OK)
		return invalid(s, &times_fields[TIME_ORGANISATION]);
	char today[DATE_LEN + 1];
	date_today(today);
	if (!in->date || !date_valid(in->date) || date_cmp(in->date, today) > 0)
		return invalid(s, &times_fields[TIME_DATE]);
	if (in->minutes < 1 || in->minutes > TIME_MINUTES_MAX)
		return invalid(s, &times_fields[TIME_MINUTES]);
	if (activity_index(in->activity) < 0)
		return invalid(s, &times_fields[TIME_ACTIVITY]);
	return SVC_OK;
}

int hours_time_record(svc *s, const struct time_input *in, int64_t *id)
{
	if (!svc_may(s, ACT_TIME))
		return SVC_FORBIDDEN;
	int64_t org = 0;
	int rc = time_check(s, in, &org);
	if (rc != SVC_OK)
		return rc;
	int64_t new_id = 0;
	store_value p[] = {SV_INT(org),		SV_INT(s->actor.id),  SV_TEXT(in->date),
			   SV_INT(in->minutes), SV_TEXT(in->activity), SV_INT((int64_t)time(NULL))};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_TIME_INSERT, p, 6, svc_row_int, &new_id) != STORE_OK ||
	    svc_audit(s, "time.create", "organisation", in->organisation) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "hours_time_record");
	if (id)
		*id = new_id;
	return SVC_OK;
}

/* ---- corrections of a time entry (service/corrections.h) ---- */

/* A time entry as stored. */
struct entry {
	int found;
	int64_t organisation_id, user_id, minutes;
	char date[DATE_LEN + 1];
	char activity[32];
};

static int entry_row(void *ctx, const store_row *row)
{
	struct entry *e = ctx;
	const char *date = store_row_text(row, TIME_ROW_COL_DATE),
		   *activity = store_row_text(row, TIME_ROW_COL_ACTIVITY);
	e->found = 1;
	e->organisation_id = store_row_int(row, TIME_ROW_COL_ORGANISATION_ID);
	e->user_id = store_row_int(row, TIME_ROW_COL_USER_ID);
	e->minutes = store_row_int(row, TIME_ROW_COL_MINUTES);
	snprintf(e->date, sizeof e->date, "%s", date ? date : "");
	snprintf(e->activity, sizeof e->activity, "%s", activity ? activity : "");
	return 1;
}

/* The door of a correction or deletion of time entry id: the worker who
   recorded it, still allowed to record time.  Anyone else: SVC_NOT_FOUND,
   audited as denied. */
static int entry_correctable(svc *s, int64_t id, const char *denied, struct entry *e)
{
	memset(e, 0, sizeof *e);
	store_value k[] = {SV_INT(id)};
	if (store_exec(svc_db(s), ST_TIME_ROW, k, 1, entry_row, e) != STORE_OK)
		return svc_abort(s, denied);
	if (!e->found || !s->signed_in || !svc_may(s, ACT_TIME) || e->user_id != s->actor.id)
		return svc_refuse(s, denied, "time_entry", id);
	return SVC_OK;
}

int hours_time_correct(svc *s, int64_t id, const struct time_input *in, const char *reason)
{
	struct entry e;
	int64_t org = 0;
	int rc = entry_correctable(s, id, "time_entry.correct_denied", &e);
	if (rc == SVC_OK)
		rc = time_check(s, in, &org);
	if (rc == SVC_OK)
		rc = corrections_check(s, reason);
	if (rc != SVC_OK)
		return rc;
	char fields[96] = "";
	corrections_field(fields, sizeof fields, e.organisation_id != org, "organisation");
	corrections_field(fields, sizeof fields, strcmp(e.date, in->date) != 0, "date");
	corrections_field(fields, sizeof fields, e.minutes != in->minutes, "minutes");
	corrections_field(fields, sizeof fields, strcmp(e.activity, in->activity) != 0,
			  "activity");
	store_value p[] = {SV_INT(id), SV_INT(org), SV_TEXT(in->date), SV_INT(in->minutes),
			   SV_TEXT(in->activity)};
	if (svc_tx_begin(s) != STORE_OK ||
	    store_exec(svc_db(s), ST_TIME_UPDATE, p, 5, NULL, NULL) != STORE_OK ||
	    corrections_record(s, "time_entry", id, 0, "edit", fields, reason) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "hours_time_correct");
	return SVC_OK;
}

int hours_time_delete(svc *s, int64_t id, const char *reason)
{
	struct entry e;
	int rc = entry_correctable(s, id, "time_entry.delete_denied", &e);
	if (rc == SVC_OK)
		rc = corrections_check(s, reason);
	if (rc != SVC_OK)
		return rc;
	static const enum stmt st[] = {ST_TIME_DELETE};
	return corrections_delete(s, "time_entry", id, 0, st, 1, reason, "hours_time_delete");
}

struct time_relay {
	time_fn fn;
	void *ctx;
};

static int time_row(void *ctx, const store_row *row)
{
	struct time_relay *r = ctx;
	struct time_view v = {
		.id = store_row_int(row, TIME_ROW_COL_ID),
		.date = store_row_text(row, TIME_ROW_COL_DATE),
		.minutes = store_row_int(row, TIME_ROW_COL_MINUTES),
		.activity = store_row_text(row, TIME_ROW_COL_ACTIVITY),
	};
	return r->fn(r->ctx, &v);
}

int hours_time_list(svc *s, const char *organisation, int year, time_fn fn, void *ctx)
{
	if (!s->signed_in || !svc_may(s, ACT_TIME))
		return SVC_FORBIDDEN;
	if (year < 1990 || year > 2100)
		return svc_fail(s, SVC_INVALID, "year",
				N_("L'année doit être comprise entre 1990 et 2100."));
	int64_t org = 0;
	int rc = organisations_visible_id(s, organisation, &org);
	if (rc != SVC_OK)
		return rc;
	char object[64], first[DATE_LEN + 1], last[DATE_LEN + 1];
	snprintf(object, sizeof object, "%s/%d", organisation, year);
	snprintf(first, sizeof first, "%04d-01-01", year);
	snprintf(last, sizeof last, "%04d-12-31", year);
	struct time_relay r = {fn, ctx};
	store_value p[] = {SV_INT(s->actor.id), SV_INT(org), SV_TEXT(first), SV_TEXT(last)};
	if (svc_tx_begin(s) != STORE_OK || svc_audit(s, "time.list", "organisation", object) != 0 ||
	    store_exec(svc_db(s), ST_TIMES_OF_USER, p, 4, time_row, &r) != STORE_OK ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "hours_time_list");
	return SVC_OK;
}

/* ---- consumption ---- */

struct period {
	char first[DATE_LEN + 1], last[DATE_LEN + 1];
	struct consumption *c;
	int64_t days;                           /* in the year */
	int64_t minutes[12][HOURS_ACTIVITIES];  /* spent, exact */
	int64_t unit[12];                       /* vacation minutes; 0: no convention */
};

/* The month 1–12 of a YYYY-MM-DD or YYYY-MM text, 0 when it has none. */
static int month_of(const char *date)
{
	if (strlen(date) < 7 || date[4] != '-' || date[5] < '0' || date[5] > '1' || date[6] < '0' ||
	    date[6] > '9')
		return 0;
	int m = (date[5] - '0') * 10 + (date[6] - '0');
	return m >= 1 && m <= 12 ? m : 0;
}

/* A convention's hours, prorated by the days it covers in the year; its
   vacation unit for the months it touches (rows come oldest first, so the
   convention that started last prevails). */
static int bought_row(void *ctx, const store_row *row)
{
	struct period *p = ctx;
	const char *from = store_row_text(row, BOUGHT_COL_STARTS_ON),
		   *to = store_row_text(row, BOUGHT_COL_ENDS_ON);
	if (!from || !to)
		return 0;
	if (date_cmp(from, p->first) < 0)
		from = p->first;
	if (date_cmp(to, p->last) > 0)
		to = p->last;
	for (int m = month_of(from); m && m <= month_of(to); m++)
		p->unit[m - 1] = store_row_int(row, BOUGHT_COL_VACATION_MINUTES);
	if (store_row_is_null(row, BOUGHT_COL_HOURS_PER_YEAR))
		return 0;
	double covered = (double)(date_days_between(from, to) + 1);
	p->c->bought +=
		(double)store_row_int(row, BOUGHT_COL_HOURS_PER_YEAR) * covered / (double)p->days;
	p->c->bought_set = 1;
	return 0;
}
static int spent_row(void *ctx, const store_row *row)
{
	struct period *p = ctx;
	const char *month = store_row_text(row, SPENT_COL_MONTH);
	int a = activity_index(store_row_text(row, SPENT_COL_ACTIVITY));
	int m = month ? month_of(month) : 0;
	if (!m || a < 0)
		return 0;
	p->minutes[m - 1][a] += store_row_int(row, SPENT_COL_MINUTES);
	return 0;
}

static double tenth(double x)
{
	return round(x * 10.0) / 10.0;
}

/* The months of year closed today: the ones before the running month. */
static int closed_months(int year)
{
	char today[DATE_LEN + 1];
	date_today(today);
	int now = date_year(today);
	return year < now ? 12 : year > now ? 0 : month_of(today) - 1;
}

/* The detailed form: every month, split by activity, to a tenth. */
static double detail(struct period *p)
{
	struct consumption *out = p->c;
	double total = 0;
	out->months = 12;
	for (int m = 0; m < 12; m++) {
		double month = 0;
		for (int a = 0; a < HOURS_ACTIVITIES; a++) {
			double h = (double)p->minutes[m][a] / 60.0;
			out->by_activity[a] += h;
			out->by_month[m][a] = tenth(h);
			month += h;
		}
		out->month_total[m] = tenth(month);
		total += month;
	}
	for (int a = 0; a < HOURS_ACTIVITIES; a++)
		out->by_activity[a] = tenth(out->by_activity[a]);
	return total;
}

/* The invoice: each closed month's minutes, all activities together,
   rounded up to the month's vacation unit (the whole hour without one). */
static double invoice(struct period *p)
{
	struct consumption *out = p->c;
	int64_t billed = 0;
	out->invoice_only = 1;
	out->months = closed_months(out->year);
	for (int m = 0; m < out->months; m++) {
		int64_t minutes = 0, unit = p->unit[m] > 0 ? p->unit[m] : 60;
		for (int a = 0; a < HOURS_ACTIVITIES; a++)
			minutes += p->minutes[m][a];
		minutes = (minutes + unit - 1) / unit * unit;
		out->month_total[m] = tenth((double)minutes / 60.0);
		billed += minutes;
	}
	return (double)billed / 60.0;
}

int hours_consumption_compute(svc *s, int64_t organisation_id, int year, int invoiced,
			      struct consumption *out)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	struct period p;
	memset(&p, 0, sizeof p);
	p.c = out;
	snprintf(p.first, sizeof p.first, "%04d-01-01", year);
	snprintf(p.last, sizeof p.last, "%04d-12-31", year);
	p.days = date_days_between(p.first, p.last) + 1;
	store_value v[] = {SV_INT(organisation_id), SV_TEXT(p.first), SV_TEXT(p.last)};
	store *db = svc_db(s);
	/* One organisation's rows are read through its index (issue 15). */
	int one = organisation_id != 0;
	if (store_exec(db, one ? ST_CONVENTIONS_ORG_IN_PERIOD : ST_CONVENTIONS_IN_PERIOD, v, 3,
		       bought_row, &p) != STORE_OK ||
	    store_exec(db, one ? ST_HOURS_ORG_SPENT : ST_HOURS_SPENT, v, 3, spent_row, &p) !=
		    STORE_OK)
		return -1;
	double total = invoiced ? invoice(&p) : detail(&p);
	out->spent = tenth(total);
	out->bought = tenth(out->bought);
	if (out->bought_set) {
		out->remaining = tenth(out->bought - total);
		if (out->bought > 0) {
			out->percent = tenth(total / out->bought * 100.0);
			out->alert = total >= out->bought ? 100 : total >= 0.8 * out->bought ? 80 : 0;
		} else {
			out->alert = total > 0 ? 100 : 0;
		}
	}
	return 0;
}

int hours_consumption_get(svc *s, const char *organisation, int year, struct consumption *out)
{
	memset(out, 0, sizeof *out);
	if (!svc_may(s, ACT_HOURS_READ))
		return SVC_FORBIDDEN;
	if (year < 1990 || year > 2100)
		return svc_fail(s, SVC_INVALID, "year",
				N_("L'année doit être comprise entre 1990 et 2100."));
	int64_t org = 0;
	int rc = organisations_visible_id(s, organisation, &org);
	if (rc != SVC_OK)
		return rc;
	/* An employer is billed, not informed (issue 11): the invoice. */
	int invoiced = !s->system && s->actor.role == ROLE_EMPLOYER;
	char object[64];
	snprintf(object, sizeof object, "%s/%d", organisation, year);
	if (svc_tx_begin(s) != STORE_OK ||
	    svc_audit(s, "consumption.read", "organisation", object) != 0 ||
	    hours_consumption_compute(s, org, year, invoiced, out) != 0 ||
	    svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "hours_consumption_get");
	return SVC_OK;
}
