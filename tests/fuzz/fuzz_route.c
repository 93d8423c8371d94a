/*
 * fuzz_route — the router on any method and path: "METHOD PATH" (the
 * first space splits them; a path without '/' at its start is tried as
 * sent) through method_parse and router_route over the application's
 * route table, then req_param_id on an id route, without libmicrohttpd
 * (the path as the server has it after libmicrohttpd's decoding).  A route
 * found has the method asked (HEAD as GET), one non-empty segment without
 * '/' per {…} of its pattern, and the pattern's fixed text around them; an
 * id is positive and reads back the same.
 */
#include "fuzz.h"

#include "http/http.h"
#include "routes/routes.h"
#include "support/text.h"

/* The pattern rebuilt from the route's segments equals the path. */
static void check_rebuilt(const struct route *r, const struct request *req)
{
	buf b;
	buf_init(&b, 1 << 20);
	int k = 0;
	for (const char *p = r->pattern; *p;) {
		if (*p == '{') {
			buf_puts(&b, req->params[k++]);
			p = strchr(p, '}') + 1;
		} else {
			buf_add(&b, p++, 1);
		}
	}
	fuzz_check(strcmp(buf_cstr(&b), req->path) == 0);
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	char *space = strchr(text, ' ');
	const char *method = "GET", *path = text;
	if (space) {
		*space = '\0';
		method = text;
		path = space + 1;
	}
	struct request req;
	memset(&req, 0, sizeof req);
	req.a = arena_new();
	req.method = method_parse(method);
	req.path = path;
	req.site = &relais_site;
	int known = 0;
	const struct route *r = router_route(&req, &known);
	fuzz_check(req.nparams >= 0 && req.nparams <= HTTP_PARAMS_MAX);
	if (r) {
		fuzz_check(known && r->method == (req.method == M_HEAD ? M_GET : req.method));
		fuzz_check(strcmp(method_name(r->method), method) == 0 ||
			   (req.method == M_HEAD && strcmp(method, "HEAD") == 0));
		int braces = 0;
		for (const char *p = r->pattern; *p; p++)
			braces += *p == '{';
		fuzz_check(req.nparams == braces);
		for (int i = 0; i < req.nparams; i++)
			fuzz_check(*req.params[i] && !strchr(req.params[i], '/'));
		check_rebuilt(r, &req);
		if (r->flags & ROUTE_ID) {
			int64_t id = req_param_id(&req, 0);
			fuzz_check(id >= 0);
			int64_t again = -1;
			fuzz_check((text_parse_int(req.params[0], 1, INT64_MAX, &again) == 0) ==
				   (id > 0));
			fuzz_check(!id || again == id);
		}
	} else {
		/* The same path with another method is known exactly when some
		   method finds a route for it. */
		int any = 0;
		for (int m = M_GET; m < M_OTHER && !any; m++) {
			struct request other = req;
			other.method = (enum method)m;
			int k = 0;
			any = router_route(&other, &k) != NULL;
		}
		fuzz_check(known == any);
	}
	arena_free(req.a);
	free(text);
	return 0;
}
