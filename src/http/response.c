/* response — the resp_* helpers of http.h. */
#include <string.h>

#include <jansson.h>

#include "http/http.h"
#include "service/throttle.h"
#include "support/i18n.h"
#include "support/log.h"

void resp_header(struct response *resp, const char *name, const char *value)
{
	if (resp->nheaders >= HTTP_HEADERS_MAX)
		log_fatal("too many response headers (adding %s)", name);
	resp->headers[resp->nheaders].name = name;
	resp->headers[resp->nheaders].value = value;
	resp->nheaders++;
}

void resp_text(struct response *resp, int status, const char *content_type, const char *text)
{
	resp->status = status;
	resp->content_type = content_type;
	buf_reset(&resp->body);
	buf_puts(&resp->body, text);
}

void resp_redirect(struct response *resp, const char *location)
{
	resp->status = 303;
	resp->content_type = "text/plain; charset=utf-8";
	buf_reset(&resp->body);
	resp_header(resp, "Location", location);
}

void resp_error(struct request *req, struct response *resp, int status, const char *code,
		const char *message, const char *field)
{
	if (!req->is_api && req->site && req->site->error_page) {
		req->site->error_page(req, resp, status, message);
		return;
	}
	json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);
	if (field)
		json_object_set_new(err, "field", json_string(field));
	json_t *root = json_pack("{s:o}", "error", err);
	char *text = json_dumps(root, JSON_COMPACT);
	resp->status = status;
	resp->content_type = "application/json";
	buf_reset(&resp->body);
	buf_puts(&resp->body, text);
	free(text);
	json_decref(root);
}

/* Answers for a request given up when memory ran out: built without
   allocating anything. */
static const char oom_json[] =
	"{\"error\":{\"code\":\"out_of_memory\",\"message\":\"Le serveur manque de mémoire "
	"et n'a pas pu terminer la demande ; rien n'a été enregistré à moitié. "
	"Réessayez dans un instant.\"}}";
static const char oom_html[] =
	"<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	"<title>Service momentanément indisponible</title></head>"
	"<body><main><h1>Service momentanément indisponible</h1>"
	"<p>Le serveur manque de mémoire et n'a pas pu terminer votre demande. Rien n'a été "
	"enregistré à moitié : rechargez la page pour voir ce qui a été pris en compte, puis "
	"réessayez dans un instant.</p></main></body></html>\n";

void resp_out_of_memory(const struct request *req, struct response *resp)
{
	buf_reset(&resp->body);
	resp->status = 503;
	resp->nheaders = 0;
	resp->headers[resp->nheaders].name = "Retry-After";
	resp->headers[resp->nheaders++].value = "5";
	if (req->is_api) {
		resp->content_type = "application/json";
		resp->static_body = oom_json;
		resp->static_len = sizeof oom_json - 1;
	} else {
		resp->content_type = "text/html; charset=utf-8";
		resp->static_body = oom_html;
		resp->static_len = sizeof oom_html - 1;
	}
}

/* How each service outcome reads over HTTP. */
static const struct {
	int status;
	const char *code;
	const char *message; /* French msgid; SVC_INVALID uses the service's own */
} svc_http[] = {
	[SVC_OK] = {200, "ok", N_("C'est fait.")},
	[SVC_INVALID] = {422, "invalid", N_("Une valeur n'est pas valide.")},
	[SVC_NOT_FOUND] = {404, "not_found", N_("Cette page n'existe pas.")},
	[SVC_FORBIDDEN] = {403, "forbidden", N_("Votre rôle ne permet pas cette action.")},
	[SVC_CONFLICT] = {409, "conflict", N_("Cet élément existe déjà.")},
	[SVC_LOCKED] = {429, "too_many_attempts",
			N_("Trop d'essais : patientez un moment avant de réessayer.")},
	[SVC_UNAUTHENTICATED] = {401, "unauthenticated", N_("Veuillez vous connecter.")},
	[SVC_BUSY] = {503, "busy",
		      N_("Le service est très sollicité : réessayez dans quelques secondes.")},
	[SVC_PENDING] = {202, "pending",
			N_("Enregistré : une seconde personne doit confirmer avant que cela prenne "
			   "effet.")},
	[SVC_ERROR] = {500, "internal_error",
		       N_("Une erreur interne est survenue ; rien n'a été enregistré.")},
};

void resp_svc_error(struct request *req, struct response *resp, int svc_rc)
{
	if (svc_rc < 0 || svc_rc > SVC_ERROR)
		svc_rc = SVC_ERROR;
	const struct verr *e = svc_error(req->svc);
	const char *message = svc_http[svc_rc].message;
	const char *field = NULL;
	/* A limit other than the sign-in's (SVC_LOCKED naming a field) says
	   its own message. */
	if ((svc_rc == SVC_INVALID || svc_rc == SVC_CONFLICT ||
	     (svc_rc == SVC_LOCKED && e->field)) &&
	    e->message) {
		message = e->message;
		field = e->field;
	}
	if ((svc_rc == SVC_LOCKED || svc_rc == SVC_BUSY) && auth_retry_after(req->svc) > 0)
		resp_header(resp, "Retry-After",
			    arena_printf(req->a, "%lld", (long long)auth_retry_after(req->svc)));
	resp_error(req, resp, svc_http[svc_rc].status, svc_http[svc_rc].code, _(message), field);
}

const char *session_cookie_name(const struct request *req)
{
	return app_config(svc_app(req->svc))->plain_http_cookie ? SESSION_COOKIE_PLAIN
								: SESSION_COOKIE;
}

void resp_session_cookie(struct request *req, struct response *resp, const char *token)
{
	int secure = !app_config(svc_app(req->svc))->plain_http_cookie;
	const char *cookie;
	if (token)
		cookie = arena_printf(req->a, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
				      session_cookie_name(req), token, secure ? "; Secure" : "");
	else
		cookie = arena_printf(req->a,
				      "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
				      session_cookie_name(req), secure ? "; Secure" : "");
	resp_header(resp, "Set-Cookie", cookie);
}
