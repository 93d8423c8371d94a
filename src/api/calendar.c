/* calendar — the private calendar feed over the API: its address, its
   revocation, and the feed itself (service/calendar.h). */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "service/app.h"
#include "service/calendar.h"

/* The feed's address: absolute when the request named a plausible host. */
static json_t *feed_json(struct request *req, const char *secret)
{
	const char *host = req_header(req, "Host");
	int ok = host && *host && strlen(host) <= 255;
	for (const char *p = host; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		     (*p >= '0' && *p <= '9') || strchr(".-:[]", *p) != NULL;
	int secure = app_config(svc_app(req->svc))->secure_cookies;
	char url[512];
	if (ok)
		snprintf(url, sizeof url, "%s://%s/calendar/%s.ics", secure ? "https" : "http", host,
			 secret);
	else
		snprintf(url, sizeof url, "/calendar/%s.ics", secret);
	return json_pack("{s:s}", "feed_url", url);
}

static void feed(struct request *req, struct response *resp, int revoke)
{
	char secret[CALENDAR_SECRET_LEN + 1];
	int rc = calendar_secret(req->svc, revoke, secret);
	if (rc != SVC_OK) {
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 200, feed_json(req, secret));
}

void api_calendar_get(struct request *req, struct response *resp)
{
	feed(req, resp, 0);
}

void api_calendar_revoke(struct request *req, struct response *resp)
{
	feed(req, resp, 1);
}

/* GET /calendar/{secret}.ics — no session: the secret is the key. */
void api_calendar_feed(struct request *req, struct response *resp)
{
	const char *file = req->params[0];
	size_t n = file ? strlen(file) : 0;
	char secret[CALENDAR_SECRET_LEN + 1];
	if (n != CALENDAR_SECRET_LEN + 4 || strcmp(file + CALENDAR_SECRET_LEN, ".ics") != 0) {
		resp_text(resp, 404, "text/plain; charset=utf-8", "not found\n");
		return;
	}
	memcpy(secret, file, CALENDAR_SECRET_LEN);
	secret[CALENDAR_SECRET_LEN] = '\0';
	int rc = calendar_render(req->svc, secret, &resp->body);
	if (rc != SVC_OK) {
		buf_reset(&resp->body);
		resp_text(resp, rc == SVC_NOT_FOUND ? 404 : 500, "text/plain; charset=utf-8",
			  rc == SVC_NOT_FOUND ? "not found\n" : "error\n");
		return;
	}
	resp->status = 200;
	resp->content_type = "text/calendar; charset=utf-8";
	resp_header(resp, "Cache-Control", "private, no-store");
}
