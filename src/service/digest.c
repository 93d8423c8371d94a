/* digest — see digest.h. */
#include "service/digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/role.h"
#include "service/dashboard.h"
#include "service/internal.h"
#include "support/i18n.h"
#include "support/log.h"

int digest_email_set(svc *s, const char *login, const char *email)
{
	if (!svc_may(s, ACT_USERS_CREATE))
		return SVC_FORBIDDEN;
	if (email && !*email)
		email = NULL;
	if (email && !digest_address_valid(email))
		return svc_fail(s, SVC_INVALID, "email",
				_("Adresse électronique invalide (par exemple prenom.nom@exemple.fr)."));
	if (svc_tx_begin(s) != STORE_OK)
		return svc_abort(s, "digest_email_set");
	int64_t id = 0;
	store_value p[] = {SV_TEXT(login), email ? SV_TEXT(email) : SV_NULL};
	if (store_exec(svc_db(s), ST_USER_EMAIL_SET, p, 2, svc_row_int, &id) != STORE_OK)
		return svc_abort(s, "digest_email_set");
	if (id == 0) {
		svc_tx_rollback(s);
		return SVC_NOT_FOUND;
	}
	if (svc_audit_id(s, "user.email", "user", id) != 0 || svc_tx_commit(s) != STORE_OK)
		return svc_abort(s, "digest_email_set");
	return SVC_OK;
}

struct recipient {
	struct actor who;
	char email[DIGEST_ADDRESS_MAX + 1];
};

struct recipients {
	struct recipient *v;
	size_t n, cap;
	int failed;
};

static int recipient_row(void *ctx, const store_row *row)
{
	struct recipients *r = ctx;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct recipient *v = realloc(r->v, cap * sizeof *v);
		if (!v) {
			r->failed = 1;
			return 1;
		}
		r->v = v;
		r->cap = cap;
	}
	struct recipient *x = &r->v[r->n++];
	memset(x, 0, sizeof *x);
	x->who.id = store_row_int(row, DIGEST_RECIPIENT_COL_ID);
	svc_row_copy(row, DIGEST_RECIPIENT_COL_LOGIN, x->who.login, sizeof x->who.login);
	svc_row_copy(row, DIGEST_RECIPIENT_COL_NAME, x->who.name, sizeof x->who.name);
	x->who.role = role_from_code(store_row_text(row, DIGEST_RECIPIENT_COL_ROLE));
	x->who.organisation_id = store_row_int(row, DIGEST_RECIPIENT_COL_ORGANISATION_ID);
	svc_row_copy(row, DIGEST_RECIPIENT_COL_EMAIL, x->email, sizeof x->email);
	return 0;
}

static int count_line(void *ctx, const struct dashboard_item *it)
{
	digest_count(ctx, it->kind, it->count);
	return 0;
}

/* The dashboard of who, read in her name on a call of its own. */
static int counts_of(app *a, const struct actor *who, struct digest_counts *c)
{
	svc *as = svc_open(a, "relais digest");
	if (!as)
		return SVC_ERROR;
	as->signed_in = 1;
	as->actor = *who;
	memset(c, 0, sizeof *c);
	int rc = dashboard_collect(as, count_line, c);
	svc_close(as);
	return rc;
}

int digest_each(svc *s, digest_fn fn, void *ctx)
{
	if (!s->system)
		return SVC_FORBIDDEN;
	struct recipients r = {0};
	if (store_exec(svc_db(s), ST_DIGEST_RECIPIENTS, NULL, 0, recipient_row, &r) != STORE_OK ||
	    r.failed) {
		free(r.v);
		return svc_abort(s, "digest_each");
	}
	/* The connection goes back to the pool before the workers' reads. */
	svc_release_db(s);
	int rc = SVC_OK;
	for (size_t i = 0; i < r.n && rc == SVC_OK; i++) {
		const struct recipient *x = &r.v[i];
		if (!digest_address_valid(x->email)) {
			log_warn("digest: account %lld has an address a mail cannot go to: skipped",
				 (long long)x->who.id);
			continue;
		}
		struct digest_counts c;
		rc = counts_of(s->app, &x->who, &c);
		if (rc != SVC_OK)
			break;
		rc = fn(ctx, x->who.login, x->email, &c);
		if (rc != SVC_OK)
			break;
		if (svc_tx_begin(s) != STORE_OK || svc_audit_id(s, "digest.send", "user", x->who.id) != 0 ||
		    svc_tx_commit(s) != STORE_OK)
			rc = svc_abort(s, "digest_each");
		svc_release_db(s);
	}
	free(r.v);
	return rc;
}
