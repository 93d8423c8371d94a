/* svc — see svc.h. */
#include "service/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/log.h"

svc *svc_open(app *a, const char *client_addr)
{
	svc *s = calloc(1, sizeof *s);
	if (!s)
		log_fatal("out of memory");
	s->app = a;
	if (client_addr)
		snprintf(s->client_addr, sizeof s->client_addr, "%s", client_addr);
	return s;
}

svc *svc_open_system(app *a)
{
	svc *s = svc_open(a, NULL);
	s->system = 1;
	return s;
}

void svc_close(svc *s)
{
	if (!s)
		return;
	if (s->db)
		store_pool_release(s->app->pool, s->db);
	free(s);
}

store *svc_db(svc *s)
{
	if (!s->db)
		s->db = store_pool_acquire(s->app->pool);
	return s->db;
}

const struct actor *svc_actor(const svc *s)
{
	return s->signed_in ? &s->actor : NULL;
}

const struct verr *svc_error(const svc *s)
{
	return &s->err;
}

app *svc_app(const svc *s)
{
	return s->app;
}

int svc_fail(svc *s, int rc, const char *field, const char *message)
{
	s->err.field = field;
	s->err.message = message;
	return rc;
}

int svc_may(const svc *s, enum action a)
{
	if (s->system)
		return 1;
	return policy_allows(s->signed_in ? s->actor.role : ROLE_NONE, a);
}

int svc_row_int(void *ctx, const store_row *row)
{
	*(int64_t *)ctx = store_row_int(row, 0);
	return 1;
}

int svc_abort(svc *s, const char *what)
{
	if (s->db) {
		log_error("%s: %s", what, store_errmsg(s->db));
		store_rollback(s->db);
	} else {
		log_error("%s: no database connection", what);
	}
	return SVC_ERROR;
}
