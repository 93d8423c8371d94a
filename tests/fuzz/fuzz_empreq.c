/*
 * fuzz_empreq — the public employee request form (POST /demande/{token},
 * no account): any bytes as the headers after the request line, then the
 * body, read by libmicrohttpd (fuzz_http.h) and by what the server runs
 * before the link's lookup: the route and its token, the cross-site check
 * (web_cross_site), the form reader over the form's fields (req_fields),
 * then, when nothing was refused, the domain's rules
 * (employee_requests_check) that employee_requests_submit applies.  An
 * accepted request has both names, a contact that is a valid phone number
 * or e-mail address, a known preference and the consent.
 */
#include "fuzz_http.h"

#include "domain/contact.h"
#include "domain/employee_requests.h"
#include "domain/field.h"
#include "service/employee_requests.h"
#include "support/text.h"
#include "web/web.h"

static void fuzz_request(struct request *req)
{
	int known = 0;
	const struct route *r = router_route(req, &known);
	if (!r || r->fn != web_employee_requests_submit)
		return;
	fuzz_check(req->nparams == 1 && *req->params[0]);
	int cross = web_cross_site(req);
	fuzz_check(cross == 0 || cross == 1);

	struct employee_request_fields in;
	memset(&in, 0, sizeof in);
	struct verr refused = {NULL, NULL};
	if (req_fields(req, employee_requests_submit_fields, EMPREQ__FIELDS, &in, &refused) != 0) {
		fuzz_check(refused.field && refused.message &&
			   field_find(employee_requests_submit_fields, EMPREQ__FIELDS,
				      refused.field));
		return;
	}
	struct verr e = {NULL, NULL};
	if (employee_requests_check(&in, &e) != 0) {
		fuzz_check(e.field && e.message &&
			   field_find(employee_requests_submit_fields, EMPREQ__FIELDS, e.field));
		return;
	}
	fuzz_check(in.last_name && *in.last_name && in.first_name && *in.first_name);
	fuzz_check(text_utf8_chars(in.last_name) <= EMPLOYEE_REQUESTS_NAME_MAX);
	fuzz_check(text_utf8_chars(in.first_name) <= EMPLOYEE_REQUESTS_NAME_MAX);
	fuzz_check(in.contact && (employee_requests_contact_is_email(in.contact)
					  ? contact_email_ok(in.contact)
					  : contact_phone_ok(in.contact)));
	fuzz_check(in.preference && (strcmp(in.preference, "permanence") == 0 ||
				     strcmp(in.preference, "telephone") == 0));
	fuzz_check(!in.message || text_utf8_chars(in.message) <= EMPLOYEE_REQUESTS_MESSAGE_MAX);
	fuzz_check(in.consent == 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	static const char line[] = "POST /demande/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde HTTP/1.1\r\n";
	char *msg = malloc(sizeof line + size);
	if (!msg)
		abort();
	memcpy(msg, line, sizeof line - 1);
	memcpy(msg + sizeof line - 1, data, size);
	fuzz_http_send(msg, sizeof line - 1 + size);
	free(msg);
	return 0;
}
