/*
 * fuzz_request — any bytes as one or more HTTP requests, read by
 * libmicrohttpd (fuzz_http.h) and then by what the server reads of them
 * before a handler looks anything up: the method and path
 * (http_request_start), the route and its {…} segments (router_route) and
 * the id of an id route (req_param_id); the session cookie's shape
 * (auth_token_well_formed) and hash; the CSRF token from its header or the
 * form; the public form's cross-site check (Sec-Fetch-Site, Origin, Host);
 * each query parameter the pages and API read, through their parsers; the
 * query's unknown names (req_query_other); a form body through req_fields
 * and req_form_all.  Each answer must keep its promise.
 */
#include "fuzz_http.h"

#include "domain/agenda.h"
#include "domain/date.h"
#include "domain/field.h"
#include "service/auth.h"
#include "service/employee_requests.h"
#include "support/text.h"
#include "web/web.h"

/* The query parameters the pages and the API read (req_query). */
static const char *const query_names[] = {
	"age_bands", "audience", "cases",   "date",	"format",  "kind", "limit",
	"liste",     "month",    "organisation", "person", "persons", "publies", "q",
	"status",    "week",     "worker",  "year",
};
#define NQUERY (sizeof query_names / sizeof *query_names)

static void check_route(struct request *req)
{
	int known = 0;
	const struct route *r = router_route(req, &known);
	fuzz_check(req->nparams >= 0 && req->nparams <= HTTP_PARAMS_MAX);
	if (!r)
		return;
	fuzz_check(known);
	enum method m = req->method == M_HEAD ? M_GET : req->method;
	fuzz_check(r->method == m);
	int braces = 0;
	for (const char *p = r->pattern; *p; p++)
		braces += *p == '{';
	fuzz_check(req->nparams == braces);
	for (int i = 0; i < req->nparams; i++)
		fuzz_check(*req->params[i] && !strchr(req->params[i], '/'));
	if (r->flags & ROUTE_ID) {
		int64_t id = req_param_id(req, 0);
		fuzz_check(id >= 0);
		if (id) {
			char back[32];
			snprintf(back, sizeof back, "%lld", (long long)id);
			int64_t again = 0;
			fuzz_check(text_parse_int(back, 1, INT64_MAX, &again) == 0 && again == id);
		}
	}
}

static void check_cookie_csrf(struct request *req)
{
	const char *token = req_cookie(req, SESSION_COOKIE);
	if (auth_token_well_formed(token)) {
		fuzz_check(strlen(token) == SEC_TOKEN_LEN);
		char hash[SEC_HASH_HEX_LEN + 1];
		sec_token_hash(token, hash);
		fuzz_check(strlen(hash) == SEC_HASH_HEX_LEN);
	}
	const char *sent = req_header(req, "X-CSRF-Token");
	if (!sent)
		sent = req_form(req, CSRF_FIELD);
	static const char expected[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
	if (sent)
		fuzz_check(sec_streq(sent, expected) == (strcmp(sent, expected) == 0));
	int cross = web_cross_site(req);
	fuzz_check(cross == 0 || cross == 1);
	const char *site = req_header(req, "Sec-Fetch-Site");
	if (site && strcmp(site, "cross-site") == 0)
		fuzz_check(cross);
}

static void check_query(struct request *req)
{
	for (size_t i = 0; i < NQUERY; i++) {
		const char *v = req_query(req, query_names[i]);
		if (!v)
			continue;
		int64_t n;
		if (text_parse_int(v, 1990, 2100, &n) == 0)
			fuzz_check(n >= 1990 && n <= 2100);
		if (text_parse_int(v, 1, 1000, &n) == 0)
			fuzz_check(n >= 1 && n <= 1000);
		char monday[11];
		if (agenda_week_parse(v, monday) == 0)
			fuzz_check(date_valid(monday));
		(void)date_valid(v);
	}
	static const char *const allowed[] = {"year", "organisation", "format"};
	const char *other = req_query_other(req, allowed, sizeof allowed / sizeof *allowed);
	if (other) {
		for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
			fuzz_check(strcmp(other, allowed[i]) != 0);
	}
}

static void check_form(struct request *req)
{
	struct employee_request_fields in;
	memset(&in, 0, sizeof in);
	struct verr e = {NULL, NULL};
	if (req_fields(req, employee_requests_submit_fields, EMPREQ__FIELDS, &in, &e) != 0)
		fuzz_check(e.field && field_find(employee_requests_submit_fields, EMPREQ__FIELDS,
						 e.field) && e.message);
	int n = -1;
	const char **all = req_form_all(req, "domains", &n);
	fuzz_check(n >= 0 && all);
	for (int i = 0; i < n; i++)
		fuzz_check(all[i] != NULL);
}

static void fuzz_request(struct request *req)
{
	fuzz_check(req->method >= M_GET && req->method <= M_OTHER);
	check_route(req);
	check_cookie_csrf(req);
	check_query(req);
	check_form(req);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	fuzz_http_send(data, size);
	return 0;
}
