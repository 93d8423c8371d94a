/*
 * appointments — the week page's appointment forms (web/agenda.c):
 * booking, a new status, an honoured appointment turned into an
 * intervention.  Each goes back to the week (and worker) it came from, or
 * shows the week again with the refusal next to the form concerned.
 */
#include <stdint.h>
#include <string.h>

#include "domain/agenda.h"
#include "domain/date.h"
#include "service/appointments.h"
#include "service/corrections.h"
#include "support/i18n.h"
#include "support/text.h"
#include "web/web.h"

/* Back to the week after a change, or the page again with the refusal. */
static void done(struct request *req, struct response *resp, int rc, const char *form)
{
	if (rc == SVC_OK) {
		const char *week = req_query(req, "week"), *worker = req_query(req, "worker");
		buf loc;
		buf_init(&loc, 1024);
		buf_puts(&loc, "/agenda");
		if (week && agenda_week_parse(week, (char[DATE_LEN + 1]){0}) == 0) {
			buf_puts(&loc, "?week=");
			buf_puts(&loc, week);
			if (worker && text_is_clean_utf8(worker, strlen(worker), 0) &&
			    strspn(worker, "abcdefghijklmnopqrstuvwxyz0123456789._-") ==
				    strlen(worker)) {
				buf_puts(&loc, "&worker=");
				buf_puts(&loc, worker);
			}
		}
		resp_redirect(resp, arena_strdup(req->a, buf_cstr(&loc)));
		buf_free(&loc);
	} else if (rc == SVC_INVALID || rc == SVC_CONFLICT) {
		web_agenda_page(req, resp, 422, form, svc_error(req->svc), NULL);
	} else {
		resp_svc_error(req, resp, rc);
	}
}

void web_appointments_create(struct request *req, struct response *resp)
{
	struct appointment_day day = {NULL};
	struct appointment_input in;
	memset(&in, 0, sizeof in);
	struct verr e;
	/* The day first, as before; then the service's order.  start and end
	   are typed HH:MM here, and joined to the day. */
	if (req_fields(req, appointments_day_fields, APPOINTMENT_DAY__FIELDS, &day, &e) != 0 ||
	    req_fields(req, appointments_fields, APPOINTMENT__FIELDS, &in, &e) != 0) {
		web_agenda_page(req, resp, 422, "new", &e, NULL);
		return;
	}
	in.start = arena_printf(req->a, "%sT%s", day.date, in.start);
	in.end = arena_printf(req->a, "%sT%s", day.date, in.end);
	done(req, resp, appointments_create(req->svc, &in, NULL), "new");
}

void web_appointments_status(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	const char *form = arena_printf(req->a, "status-%lld", (long long)id);
	struct appointment_status in = {NULL};
	struct verr e;
	if (req_fields(req, appointments_status_fields, APPOINTMENT_STATUS__FIELDS, &in, &e) != 0) {
		web_agenda_page(req, resp, 422, form, &e, NULL);
		return;
	}
	done(req, resp, appointments_set_status(req->svc, id, in.status), form);
}

void web_appointments_intervention(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	const char *form = arena_printf(req->a, "intervention-%lld", (long long)id);
	/* The page sends the kind and the notes: the appointment's length. */
	struct appointment_intervention in = {NULL, -1, NULL};
	struct verr e;
	if (req_fields(req, appointments_intervention_fields, APPOINTMENT_INTERVENTION__FIELDS, &in,
		       &e) != 0) {
		web_agenda_page(req, resp, 422, form, &e, NULL);
		return;
	}
	done(req, resp,
	     appointments_intervention(req->svc, id, in.kind, in.duration_minutes, in.notes, NULL),
	     form);
}

/* The page's move form: the day and the new start and end (HH:MM). */
void web_appointments_move(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	const char *form = arena_printf(req->a, "move-%lld", (long long)id);
	struct appointment_day day = {NULL};
	struct appointment_move in = {NULL, NULL};
	struct verr e;
	if (req_fields(req, appointments_day_fields, APPOINTMENT_DAY__FIELDS, &day, &e) != 0 ||
	    req_fields(req, appointments_move_fields, APPOINTMENT_MOVE__FIELDS, &in, &e) != 0) {
		web_agenda_page(req, resp, 422, form, &e, NULL);
		return;
	}
	in.start = arena_printf(req->a, "%sT%s", day.date, in.start);
	in.end = arena_printf(req->a, "%sT%s", day.date, in.end);
	done(req, resp, appointments_move(req->svc, id, in.start, in.end), form);
}

/* Deleting an appointment with its reason (service/corrections.h). */
void web_appointments_delete(struct request *req, struct response *resp)
{
	int64_t id = req->id;
	const char *form = arena_printf(req->a, "delete-%lld", (long long)id);
	struct correction_input in = {NULL};
	struct verr e;
	if (req_fields(req, corrections_fields, CORRECTION_INPUT__FIELDS, &in, &e) != 0) {
		web_agenda_page(req, resp, 422, form, &e, NULL);
		return;
	}
	done(req, resp, appointments_delete(req->svc, id, in.reason), form);
}
