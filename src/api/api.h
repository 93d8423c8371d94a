/*
 * api — the JSON API under /api/v1.  Bodies are JSON objects (jansson);
 * errors have the shape {"error":{"code","message"[,"field"]}}.
 */
#ifndef RELAIS_API_H
#define RELAIS_API_H

#include <jansson.h>

#include "http/http.h"

/* The request body as a JSON object, or NULL after answering 400. The
   caller owns the result (json_decref). */
json_t *api_body(struct request *req, struct response *resp);
/* A string member, or NULL when absent; answers 422 naming the field
   and sets *bad when present but not a string. */
const char *api_string(json_t *obj, const char *key, struct request *req,
		       struct response *resp, int *bad);
/* Sends j (stolen) with status. */
void api_send(struct response *resp, int status, json_t *j);
/* {"login","name","role"} of a signed-in user. */
json_t *api_user_json(const struct actor *who);

/* Handlers (see each file). */
void api_session_create(struct request *req, struct response *resp);
void api_session_delete(struct request *req, struct response *resp);
void api_me(struct request *req, struct response *resp);
void api_users_list(struct request *req, struct response *resp);
void api_users_create(struct request *req, struct response *resp);
void api_audit_list(struct request *req, struct response *resp);
void api_audit_verify(struct request *req, struct response *resp);
void api_health(struct request *req, struct response *resp);

#endif
