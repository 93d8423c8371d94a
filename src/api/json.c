/* json — the API's helpers for bodies and answers. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "support/i18n.h"
#include "support/text.h"

const char *api_string(json_t *obj, const char *key, struct request *req,
		       struct response *resp, int *bad)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v)) {
		if (!*bad)
			resp_error(req, resp, 422, "invalid",
				   _("Ce champ doit être une chaîne de caractères."), key);
		*bad = 1;
		return NULL;
	}
	return json_string_value(v);
}

static int member(struct request *req, json_t *body, const struct field *f, void *dest,
		  struct verr *e)
{
	json_t *v = json_object_get(body, f->name);
	if (v && json_is_null(v) && (f->flags & FIELD_NULL_CLEARS))
		return field_read(f, arena_strdup(req->a, ""), dest, e);
	if (!v || json_is_null(v))
		return field_read(f, NULL, dest, e);
	switch (f->type) {
	case FIELD_INT:
	case FIELD_YEAR:
	case FIELD_MINUTES:
	case FIELD_MONEY:
	case FIELD_ID:
		if (!json_is_integer(v))
			return verr_set(e, f->name, field_message(f));
		return field_read_int(f, json_integer_value(v), dest, e);
	case FIELD_BOOL:
		if (!json_is_boolean(v))
			return verr_set(e, f->name, field_message(f));
		return field_read_int(f, json_is_true(v), dest, e);
	default:
		if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
			return verr_set(e, f->name, N_("Ce champ doit être une chaîne de caractères."));
		return field_read(f, arena_strdup(req->a, json_string_value(v)), dest, e);
	}
}

int api_fields(struct request *req, struct response *resp, json_t *body,
	       const struct field *fields, size_t n, void *dest)
{
	/* Every member read: the answer names the first refused, as ever, and
	   lists them all (issue 17). */
	json_t *errors = json_array();
	struct verr first = {NULL, NULL};
	for (size_t i = 0; i < n; i++) {
		struct verr e = {NULL, NULL};
		if (member(req, body, &fields[i], dest, &e) != 0) {
			if (!first.field)
				first = e;
			json_array_append_new(errors, json_pack("{s:s, s:s}", "field", e.field,
								"message", _(e.message)));
		}
	}
	if (!first.field) {
		json_decref(errors);
		return 0;
	}
	api_send(resp, 422,
		 json_pack("{s:{s:s, s:s, s:s}, s:o}", "error", "code", "invalid", "message",
			   _(first.message), "field", first.field, "errors", errors));
	return -1;
}

void api_send(struct response *resp, int status, json_t *j)
{
	/* 12 significant digits: 0.0519 rather than 0.051900000000000002. */
	char *text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(12));
	json_decref(j);
	resp->status = status;
	resp->content_type = "application/json";
	buf_reset(&resp->body);
	if (text)
		buf_puts(&resp->body, text);
	free(text);
}

void api_send_list(struct request *req, struct response *resp, int rc, const char *key,
		   json_t *list)
{
	if (rc != SVC_OK) {
		json_decref(list);
		resp_svc_error(req, resp, rc);
		return;
	}
	api_send(resp, 200, json_pack("{s:o}", key, list));
}

void api_send_created(struct request *req, struct response *resp, int rc, const int64_t *id)
{
	if (rc != SVC_OK)
		resp_svc_error(req, resp, rc);
	else
		api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)*id));
}

json_t *api_nullable(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *api_user_json(const struct actor *who)
{
	return json_pack("{s:s, s:s, s:s}", "login", who->login, "name", who->name, "role",
			 role_code(who->role));
}

void api_health(struct request *req, struct response *resp)
{
	(void)req;
	resp_text(resp, 200, "text/plain; charset=utf-8", "ok");
}
