/*
 * fuzz_json — a JSON body as the API reads it: parsed as the router does
 * (jansson, duplicate keys refused, an object only), then its members read
 * by the project's helpers, api_fields over a table with every field type
 * and api_string, on a request with its own arena and no server.  A
 * refusal is a 422 whose body is a JSON error naming the field; an
 * acceptance leaves values within their fields' promises.
 */
#include "fuzz.h"

#include <jansson.h>

#include "api/api.h"
#include "domain/date.h"
#include "domain/field.h"
#include "http/http.h"
#include "support/arena.h"

struct body {
	const char *text, *line, *code, *date, *datetime;
	int64_t n, year, minutes, cents, id;
	int yes;
	int seen_n; /* presence of n */
};

static const struct field fields[] = {
	{"text", FIELD_TEXT, 0, 0, 0, NULL, FIELD_AT(struct body, text)},
	{"line", FIELD_LINE, 0, 0, 40, NULL, FIELD_AT(struct body, line)},
	{"code", FIELD_CODE, 0, 0, 0, NULL, FIELD_AT(struct body, code)},
	{"date", FIELD_DATE, 0, 0, 0, NULL, FIELD_AT(struct body, date)},
	{"datetime", FIELD_DATETIME, 0, 0, 0, NULL, FIELD_AT(struct body, datetime)},
	{"n", FIELD_INT, 0, -10, 10, NULL, FIELD_AT_SEEN(struct body, n, seen_n)},
	{"year", FIELD_YEAR, 0, 0, 0, NULL, FIELD_AT(struct body, year)},
	{"minutes", FIELD_MINUTES, 0, 0, 0, NULL, FIELD_AT(struct body, minutes)},
	{"cents", FIELD_MONEY, 0, 0, 100000, NULL, FIELD_AT(struct body, cents)},
	{"id", FIELD_ID, FIELD_REQUIRED, 0, 0, NULL, FIELD_AT(struct body, id)},
	{"yes", FIELD_BOOL, 0, 0, 0, NULL, FIELD_AT(struct body, yes)},
};
#define NFIELDS (sizeof fields / sizeof *fields)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		return 0;
	if (!json_is_object(j))
		goto out_json;
	struct request req = {0};
	struct response resp = {0};
	req.a = arena_new();
	req.is_api = 1;
	req.json = j;
	buf_init(&resp.body, HTTP_PAGE_MAX);

	int bad = 0;
	const char *s = api_string(j, "note", &req, &resp, &bad);
	fuzz_check(!bad || (resp.status == 422 && s == NULL));
	if (s)
		fuzz_check(strlen(s) == json_string_length(json_object_get(j, "note")));

	struct body b = {0};
	resp.status = 0;
	int rc = api_fields(&req, &resp, j, fields, NFIELDS, &b);
	if (rc != 0) {
		fuzz_check(rc == -1 && resp.status == 422);
		json_t *e = json_loads(buf_cstr(&resp.body), 0, &jerr);
		fuzz_check(e != NULL);
		const char *field = json_string_value(json_object_get(json_object_get(e, "error"),
								       "field"));
		fuzz_check(field && field_find(fields, NFIELDS, field));
		json_decref(e);
		goto out;
	}
	fuzz_check(b.id >= 1);
	fuzz_check(!b.date || date_valid(b.date));
	fuzz_check(!b.datetime || strlen(b.datetime) == 16);
	fuzz_check(!b.line || strlen(b.line) <= 4 * 40);
	fuzz_check(b.n >= -10 && b.n <= 10 && (b.seen_n || b.n == 0));
	fuzz_check(b.year == 0 || (b.year >= FIELD_YEAR_MIN && b.year <= FIELD_YEAR_MAX));
	fuzz_check(b.minutes >= 0 && b.minutes <= FIELD_MINUTES_MAX);
	fuzz_check(b.cents >= 0 && b.cents <= 100000);
	fuzz_check(b.yes == 0 || b.yes == 1);
out:
	buf_free(&resp.body);
	arena_free(req.a);
out_json:
	json_decref(j);
	return 0;
}
