/*
 * openapi — GET /api/v1/openapi.json: the JSON API described for
 * integrators as an OpenAPI 3.1 document, generated from the tables the
 * server runs on, so it cannot drift from them: the route table (one path
 * item per pattern, one operation per API route), the declared bodies
 * (struct route_input: a JSON Schema per field table) and the policy (the
 * roles of each operation's action).  Nothing is stored; the document is
 * built for each request, a few milliseconds of work.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "api/api.h"
#include "domain/field.h"
#include "domain/role.h"
#include "service/policy.h"
#include "support/buf.h"
#include "support/version.h"

#define TEXT_MAX 4096 /* cap on a generated name or description */

/* The error shape of every refusal (api.h), and the responses naming it. */
#define ERROR_SCHEMA "#/components/schemas/Error"

struct error_response {
	const char *status; /* the response's key */
	const char *name;   /* its name under components/responses */
	const char *text;   /* its description */
};

static const struct error_response error_responses[] = {
	{"400", "BadRequest", "The body is not a JSON object, or a query parameter is refused."},
	{"401", "Unauthorized", "No valid session: sign in with POST /api/v1/session."},
	{"403", "Forbidden", "The role may not do this, or the X-CSRF-Token header is missing "
			     "or wrong."},
	{"404", "NotFound", "No such record, or one the user may not see."},
	{"415", "UnsupportedMediaType", "A Content-Type other than application/json."},
	{"422", "Unprocessable", "A value is refused; error.field names it."},
};
enum { ERR_400, ERR_401, ERR_403, ERR_404, ERR_415, ERR_422 };

/* Path parameters whose values are numbers; every other one is a string
   (a code, a login, a list's name). */
struct param_kind {
	const char *name;
	int64_t min, max; /* max 0: none */
};

static const struct param_kind number_params[] = {
	{"id", 1, 0},     {"aid", 1, 0},      {"oid", 1, 0},   {"sid", 1, 0},
	{"leave", 1, 0},  {"period", 1, 0},   {"year", FIELD_YEAR_MIN, FIELD_YEAR_MAX},
};

/* The query parameters of particular operations, beyond paging's. */
static const struct {
	const char *pattern, *name, *description;
} query_params[] = {
	{"/api/v1/persons/{id}/timeline", "kinds",
	 "The kinds of entries to keep, separated by commas (consent, case, intervention, aid, "
	 "orientation, retention, appointment, share, document; the parameter may also repeat); "
	 "none: every kind. Another name: 400."},
};

static int state_changing(enum method m)
{
	return m != M_GET && m != M_HEAD;
}

static json_t *ref(const char *target)
{
	return json_pack("{s:s}", "$ref", target);
}

static json_t *error_response_ref(int which)
{
	char target[96];
	snprintf(target, sizeof target, "#/components/responses/%s", error_responses[which].name);
	return ref(target);
}

static json_t *components(void)
{
	json_t *error = json_pack(
		"{s:s, s:[s], s:{s:{s:s, s:[s,s], s:{s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s}}}}}",
		"type", "object", "required", "error", "properties", "error", "type", "object",
		"required", "code", "message", "properties", "code", "type", "string", "description",
		"A stable English code (not_found, invalid, forbidden…).", "message", "type", "string",
		"description", "A French sentence for the user.", "field", "type", "string",
		"description", "The refused member or parameter, when there is one.");
	json_t *responses = json_object();
	for (size_t i = 0; i < sizeof error_responses / sizeof error_responses[0]; i++)
		json_object_set_new(
			responses, error_responses[i].name,
			json_pack("{s:s, s:{s:{s:o}}}", "description", error_responses[i].text,
				  "content", "application/json", "schema", ref(ERROR_SCHEMA)));
	return json_pack(
		"{s:{s:o}, s:o, s:{s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s}}}", "schemas",
		"Error", error, "responses", responses, "securitySchemes", "session", "type", "apiKey",
		"in", "cookie", "name", SESSION_COOKIE, "description",
		"The session cookie set by POST /api/v1/session.", "csrf", "type", "apiKey", "in",
		"header", "name", "X-CSRF-Token", "description",
		"The csrf_token returned by POST /api/v1/session, on every state-changing request.");
}

/* "post", "get"…: the operation's key in its path item. */
static const char *operation_key(enum method m, char *out, size_t len)
{
	snprintf(out, len, "%s", method_name(m));
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

/* A unique name for code generators: the method and the pattern, each run
   of other characters as one '_' ("post_api_v1_cases_id_interventions"). */
static json_t *operation_id(const struct route *r)
{
	buf b;
	buf_init(&b, TEXT_MAX);
	char key[16];
	buf_puts(&b, operation_key(r->method, key, sizeof key));
	int gap = 1;
	for (const char *p = r->pattern; *p; p++) {
		if (isalnum((unsigned char)*p)) {
			if (gap)
				buf_putc(&b, '_');
			buf_putc(&b, (char)tolower((unsigned char)*p));
			gap = 0;
		} else {
			gap = 1;
		}
	}
	json_t *id = json_string(buf_cstr(&b));
	buf_free(&b);
	return id;
}

/* The tag grouping an operation: the first segment after /api/v1/. */
static json_t *operation_tag(const char *pattern)
{
	const char *s = pattern;
	if (strncmp(s, "/api/v1/", 8) == 0)
		s += 8;
	return json_stringn(s, strcspn(s, "/."));
}

static json_t *param_schema(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof number_params / sizeof number_params[0]; i++) {
		const struct param_kind *k = &number_params[i];
		if (strlen(k->name) != len || strncmp(k->name, name, len) != 0)
			continue;
		json_t *s = json_pack("{s:s, s:I}", "type", "integer", "minimum", (json_int_t)k->min);
		if (k->max)
			json_object_set_new(s, "maximum", json_integer(k->max));
		return s;
	}
	return json_pack("{s:s, s:i}", "type", "string", "minLength", 1);
}

/* The {name} segments of pattern, as path parameters. */
static json_t *path_parameters(const char *pattern)
{
	json_t *list = json_array();
	for (const char *p = strchr(pattern, '{'); p; p = strchr(p, '{')) {
		const char *close = strchr(p, '}');
		if (!close)
			break;
		size_t len = (size_t)(close - p - 1);
		json_array_append_new(list, json_pack("{s:s%, s:s, s:b, s:o}", "name", p + 1, len,
						      "in", "path", "required", 1, "schema",
						      param_schema(p + 1, len)));
		p = close + 1;
	}
	return list;
}

/* The JSON Schema of one declared field, as api_fields() reads it: null
   or absent means "not sent", so an optional field also accepts null. */
static json_t *field_schema(const struct field *f)
{
	json_t *s = json_object();
	const char *type = "string";
	int64_t min, max;
	switch (f->type) {
	case FIELD_TEXT:
		break;
	case FIELD_LINE:
		json_object_set_new(s, "pattern", json_string("^[^\\r\\n]*$"));
		break;
	case FIELD_CODE:
		json_object_set_new(s, "pattern", json_string("^[a-z0-9._-]*$"));
		break;
	case FIELD_DATE:
		json_object_set_new(s, "format", json_string("date"));
		break;
	case FIELD_DATETIME:
		json_object_set_new(
			s, "pattern",
			json_string("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"));
		break;
	case FIELD_BOOL:
		type = "boolean";
		break;
	case FIELD_INT:
	case FIELD_YEAR:
	case FIELD_MINUTES:
	case FIELD_MONEY:
	case FIELD_ID:
		type = "integer";
		field_bounds(f, &min, &max);
		json_object_set_new(s, "minimum", json_integer(min));
		if (max != INT64_MAX)
			json_object_set_new(s, "maximum", json_integer(max));
		break;
	}
	size_t chars = field_max_chars(f);
	if (chars)
		json_object_set_new(s, "maxLength", json_integer((json_int_t)chars));
	if (!strcmp(type, "string") && (f->flags & FIELD_REQUIRED))
		json_object_set_new(s, "minLength", json_integer(1));
	if (f->flags & FIELD_REQUIRED)
		json_object_set_new(s, "type", json_string(type));
	else
		json_object_set_new(s, "type", json_pack("[s,s]", type, "null"));
	buf d;
	buf_init(&d, TEXT_MAX);
	if (f->type == FIELD_MONEY)
		buf_puts(&d, "An amount in euro cents. ");
	else if (f->type == FIELD_MINUTES)
		buf_puts(&d, "A duration in minutes. ");
	buf_printf(&d, "Refused with: « %s »", field_message(f));
	json_object_set_new(s, "description", json_string(buf_cstr(&d)));
	buf_free(&d);
	return s;
}

static int declares(const struct route_input *in, const struct route *r)
{
	return in->method == r->method && strcmp(in->pattern, r->pattern) == 0;
}

/* The body of ROUTE_JSON route r: the fields of every input site declares
   for it (a route may read several tables), else any JSON object. */
static json_t *request_body(const struct http_site *site, const struct route *r)
{
	json_t *schema, *props = json_object(), *required = json_array();
	int declared = 0;
	for (int i = 0; i < site->ninputs; i++) {
		const struct route_input *in = &site->inputs[i];
		if (!declares(in, r))
			continue;
		declared = 1;
		for (size_t j = 0; j < in->nfields; j++) {
			const struct field *f = &in->fields[j];
			json_object_set_new(props, f->name, field_schema(f));
			if (f->flags & FIELD_REQUIRED)
				json_array_append_new(required, json_string(f->name));
		}
	}
	if (declared) {
		schema = json_pack("{s:s, s:o, s:o}", "type", "object", "properties", props,
				   "required", required);
	} else {
		json_decref(props);
		json_decref(required);
		schema = json_pack("{s:s, s:s}", "type", "object", "description",
				   "A JSON object; its members are described in the README.");
	}
	return json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content", "application/json",
			 "schema", schema);
}

/* The roles the policy lets through, as their codes, and one sentence
   saying so. */
static json_t *roles_of(enum action act, buf *description)
{
	json_t *roles = json_array();
	unsigned bits = policy_table[act].roles;
	if (bits & ROLE_BIT(ROLE_NONE)) {
		buf_puts(description, "Public: no session needed.");
		return roles;
	}
	buf_puts(description, "Roles: ");
	for (int r = ROLE_NONE + 1; r < ROLE__COUNT; r++) {
		if (!(bits & ROLE_BIT(r)))
			continue;
		if (json_array_size(roles))
			buf_puts(description, ", ");
		buf_puts(description, role_code((enum role)r));
		json_array_append_new(roles, json_string(role_code((enum role)r)));
	}
	buf_printf(description, " (policy action %s).", policy_action_name(act));
	return roles;
}

static json_t *operation(const struct http_site *site, const struct route *r)
{
	buf d;
	buf_init(&d, TEXT_MAX);
	json_t *roles = roles_of(r->action, &d);
	int needs_session = policy_needs_session(r->action);
	int needs_csrf = needs_session && state_changing(r->method) && !(r->flags & ROUTE_NO_CSRF);
	json_t *op = json_pack("{s:o, s:[o], s:s, s:s, s:o}", "operationId", operation_id(r), "tags",
			       operation_tag(r->pattern), "description", buf_cstr(&d),
			       "x-relais-action", policy_action_name(r->action), "x-relais-roles",
			       roles);
	buf_free(&d);

	json_t *security = json_object();
	if (needs_session)
		json_object_set_new(security, "session", json_array());
	if (needs_csrf)
		json_object_set_new(security, "csrf", json_array());
	json_object_set_new(op, "security", json_pack("[o]", security));

	/* The router reads the body of the routes flagged ROUTE_JSON, and only
	   theirs: a JSON object, required. */
	if (r->flags & ROUTE_JSON)
		json_object_set_new(op, "requestBody", request_body(site, r));
	/* An upload (issue 16): a file read as it arrives, beside a title. */
	if (r->flags & ROUTE_UPLOAD)
		json_object_set_new(
			op, "requestBody",
			json_pack("{s:b, s:{s:{s:{s:s, s:{s:{s:s, s:s, s:s}, s:{s:s, s:i}},"
				  " s:[s]}}}}",
				  "required", 1, "content", "multipart/form-data", "schema", "type",
				  "object", "properties", "file", "type", "string", "format", "binary",
				  "description",
				  "One file (PDF, JPEG, PNG, ODT or DOCX, typed by its bytes; the name's "
				  "extension must agree), at most the server's --upload-max MiB (413 "
				  "beyond).",
				  "title", "type", "string", "maxLength", 200, "required", "file"));

	/* A paged list: its query parameters. */
	if (r->flags & ROUTE_PAGED)
		json_object_set_new(
			op, "parameters",
			json_pack("[{s:s, s:s, s:s, s:{s:s, s:i, s:i, s:i}},"
				  " {s:s, s:s, s:s, s:{s:s}}]",
				  "name", "limit", "in", "query", "description",
				  "Rows per page, in the list's stable order (the id breaks ties); the "
				  "answer's \"total\" counts them all.",
				  "schema", "type", "integer", "minimum", 1, "maximum", 200, "default", 50,
				  "name", "after", "in", "query", "description",
				  "The \"next\" of the page before (null on the last page): the page "
				  "after it, in a stable order.",
				  "schema", "type", "string"));
	for (size_t i = 0; i < sizeof query_params / sizeof query_params[0]; i++) {
		if (strcmp(query_params[i].pattern, r->pattern) != 0)
			continue;
		json_t *list = json_object_get(op, "parameters");
		if (!list) {
			list = json_array();
			json_object_set_new(op, "parameters", list);
		}
		json_array_append_new(list,
				      json_pack("{s:s, s:s, s:s, s:{s:s}}", "name", query_params[i].name,
						"in", "query", "description",
						query_params[i].description, "schema", "type", "string"));
	}

	json_t *responses = json_pack(
		"{s:{s:s, s:{s:{s:{s:s}}}}}", "2XX", "description",
		"Success: a JSON object (201 with {\"id\"} for a creation; 204 without a body for "
		"some deletions).",
		"content", "application/json", "schema", "type", "object");
	json_object_set_new(responses, "400", error_response_ref(ERR_400));
	if (needs_session)
		json_object_set_new(responses, "401", error_response_ref(ERR_401));
	if (needs_session || needs_csrf)
		json_object_set_new(responses, "403", error_response_ref(ERR_403));
	json_object_set_new(responses, "404", error_response_ref(ERR_404));
	if (r->flags & ROUTE_JSON)
		json_object_set_new(responses, "415", error_response_ref(ERR_415));
	if (state_changing(r->method) || (r->flags & ROUTE_PAGED))
		json_object_set_new(responses, "422", error_response_ref(ERR_422));
	json_object_set_new(responses, "default",
			    json_pack("{s:s, s:{s:{s:o}}}", "description",
				      "Any other refusal (405, 409, 413, 429…), same shape.",
				      "content", "application/json", "schema", ref(ERROR_SCHEMA)));
	json_object_set_new(op, "responses", responses);
	return op;
}

static json_t *paths(const struct http_site *site)
{
	json_t *out = json_object();
	for (int i = 0; i < site->nroutes; i++) {
		const struct route *r = &site->routes[i];
		if (!(r->flags & ROUTE_API))
			continue;
		json_t *item = json_object_get(out, r->pattern);
		if (!item) {
			item = json_object();
			json_t *params = path_parameters(r->pattern);
			if (json_array_size(params))
				json_object_set_new(item, "parameters", params);
			else
				json_decref(params);
			json_object_set_new(out, r->pattern, item);
		}
		char key[16];
		json_object_set_new(item, operation_key(r->method, key, sizeof key),
				    operation(site, r));
	}
	return out;
}

void api_openapi(struct request *req, struct response *resp)
{
	json_t *doc = json_pack(
		"{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o, s:o}", "openapi", "3.1.0", "info", "title",
		"relais", "version", RELAIS_VERSION, "description",
		"The JSON API of relais, generated from its route table, its declared inputs and "
		"its access policy. Sign in with POST /api/v1/session; send the session cookie on "
		"every call and the X-CSRF-Token header on every state-changing one. Error "
		"messages are in French.",
		"servers", "url", "/", "paths", paths(req->site), "components", components());
	if (!doc) {
		resp_svc_error(req, resp, SVC_ERROR);
		return;
	}
	api_send(resp, 200, doc);
}
