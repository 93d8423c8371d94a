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
	const char *date = req_form(req, "date");
	const char *start = req_form(req, "start"), *end = req_form(req, "end");
	struct appointment_input in = {
		.worker = req_form(req, "worker"),
		.mode = req_form(req, "mode"),
		.site = req_form(req, "site"),
	};
	const char *p = req_form(req, "person_id");
	int64_t person = 0;
	if (p && *p && text_parse_int(p, 1, INT64_MAX, &person) != 0)
		person = -1;
	in.person_id = person;
	if (!date || !date_valid(date)) {
		struct verr e = {"date", N_("La date est une date valide (AAAA-MM-JJ).")};
		web_agenda_page(req, resp, 422, "new", &e, NULL);
		return;
	}
	in.start = arena_printf(req->a, "%sT%s", date, start ? start : "");
	in.end = arena_printf(req->a, "%sT%s", date, end ? end : "");
	done(req, resp, appointments_create(req->svc, &in, NULL), "new");
}

void web_appointments_status(struct request *req, struct response *resp)
{
	int64_t id = req_param_id(req, 0);
	int rc = id ? appointments_set_status(req->svc, id, req_form(req, "status")) : SVC_NOT_FOUND;
	done(req, resp, rc, arena_printf(req->a, "status-%lld", (long long)id));
}

void web_appointments_intervention(struct request *req, struct response *resp)
{
	int64_t id = req_param_id(req, 0);
	int rc = id ? appointments_intervention(req->svc, id, req_form(req, "kind"), -1, NULL, NULL)
		    : SVC_NOT_FOUND;
	done(req, resp, rc, arena_printf(req->a, "intervention-%lld", (long long)id));
}
