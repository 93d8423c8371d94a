/*
 * calendar — the address of the worker's private calendar feed
 * (service/calendar.h), asked for or renewed ("revoke") from the week page
 * (web/agenda.c), which shows it.  The feed itself is api/calendar.c.
 */
#include <string.h>

#include "service/app.h"
#include "service/calendar.h"
#include "web/web.h"

void web_calendar_secret(struct request *req, struct response *resp)
{
	/* Anything but 1 is refused by the field and shows the current address. */
	struct calendar_request in = {0};
	(void)req_fields(req, calendar_fields, CALENDAR__FIELDS, &in, NULL);
	char secret[CALENDAR_SECRET_LEN + 1];
	int rc = calendar_secret(req->svc, in.revoke == 1, secret);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	const char *host = req_header(req, "Host");
	int secure = app_config(svc_app(req->svc))->secure_cookies;
	int ok = host && *host && strlen(host) <= 255 &&
		 strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
			 strlen(host);
	const char *url = ok ? arena_printf(req->a, "%s://%s/calendar/%s.ics",
					    secure ? "https" : "http", host, secret)
			     : arena_printf(req->a, "/calendar/%s.ics", secret);
	web_agenda_page(req, resp, 200, NULL, NULL, url);
}
