/* signin — the sign-in's guards of http.h (issue 13): device cookie,
   pre-session token bound to the form, Origin. */
#include <string.h>

#include "http/http.h"
#include "service/auth.h"
#include "service/throttle.h"

#define DEVICE_COOKIE "__Host-relais_device"
#define DEVICE_COOKIE_PLAIN "relais_device"
#define PRESESSION_COOKIE "__Host-relais_login"
#define PRESESSION_COOKIE_PLAIN "relais_login"

static int plain(const struct request *req)
{
	return app_config(svc_app(req->svc))->plain_http_cookie;
}

static const char *device_name(const struct request *req)
{
	return plain(req) ? DEVICE_COOKIE_PLAIN : DEVICE_COOKIE;
}

static const char *presession_name(const struct request *req)
{
	return plain(req) ? PRESESSION_COOKIE_PLAIN : PRESESSION_COOKIE;
}

static void set_cookie(struct request *req, struct response *resp, const char *name,
		       const char *value, const char *max_age)
{
	resp_header(resp, "Set-Cookie",
		    arena_printf(req->a, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%s%s",
				 name, value, max_age, plain(req) ? "" : "; Secure"));
}

void signin_prepare(struct request *req)
{
	auth_set_device(req->svc, req_cookie(req, device_name(req)));
}

void signin_succeeded(struct request *req, struct response *resp, const char *session_token)
{
	resp_session_cookie(req, resp, session_token);
	const char *device = auth_device_issued(req->svc);
	if (device[0])
		set_cookie(req, resp, device_name(req), device,
			   arena_printf(req->a, "%d", THROTTLE_DEVICE_MAX_AGE));
	if (req_cookie(req, presession_name(req)))
		set_cookie(req, resp, presession_name(req), "", "0");
}

const char *signin_form_token(struct request *req, struct response *resp)
{
	const char *had = req_cookie(req, presession_name(req));
	if (had && auth_token_well_formed(had))
		return had; /* the same page again, byte for byte */
	char *token = arena_alloc(req->a, SEC_TOKEN_LEN + 1);
	sec_token_new(token);
	resp_header(resp, "Set-Cookie",
		    arena_printf(req->a, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
				 presession_name(req), token, plain(req) ? "" : "; Secure"));
	return token;
}

int signin_origin_matches(const char *origin, const char *host)
{
	/* "null" is what browsers send under our no-referrer policy: the
	   pre-session token still has to match. */
	if (!origin || strcmp(origin, "null") == 0)
		return 1;
	if (!host || !*host)
		return 0;
	size_t skip;
	if (strncmp(origin, "https://", 8) == 0)
		skip = 8;
	else if (strncmp(origin, "http://", 7) == 0)
		skip = 7;
	else
		return 0;
	return strcmp(origin + skip, host) == 0;
}

int signin_origin_ok(struct request *req)
{
	const char *site = req_header(req, "Sec-Fetch-Site");
	if (site && strcmp(site, "cross-site") == 0)
		return 0;
	return signin_origin_matches(req_header(req, "Origin"), req_header(req, "Host"));
}

int signin_form_ok(struct request *req)
{
	const char *cookie = req_cookie(req, presession_name(req));
	const char *field = req_form(req, SIGNIN_TOKEN_FIELD);
	return signin_origin_ok(req) && cookie && field && auth_token_well_formed(cookie) &&
	       sec_streq(cookie, field);
}
