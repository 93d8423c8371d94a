/* scale — see scale.h. */
#include "service/scale.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "domain/date.h"
#include "service/internal.h"
#include "service/organisations.h"
#include "service/persons.h"
#include "store/bulk.h"
#include "support/log.h"
#include "support/text.h"

struct scale_writer {
	svc *s;                     /* the system call whose batch the rows join */
	store *db;                  /* s's connection */
	int64_t employees;          /* as asked, for the audit summary */
	int64_t now;                /* created_at of every row */
	char hash[SEC_PASSWORD_HASH_MAX]; /* the workers' shared hash, "" until the first */
	int failed;                 /* a row could not be written: only rollback remains */
	store_bulk *bulk;           /* persons, cases and what hangs off them; NULL until one */
	char (*terms)[PERSON_TERM_HEX + 1]; /* a person's blind-index terms (PERSON_TERMS_MAX) */
	struct scale_counts counts; /* what was written so far */
};

static int count_org(void *ctx, const struct org_info *o)
{
	(void)o;
	(*(int *)ctx)++;
	return 0;
}

int scale_check_empty(svc *s)
{
	int existing = 0;
	if (!s->system)
		return SVC_FORBIDDEN;
	if (organisations_list(s, count_org, &existing) != SVC_OK)
		return SVC_ERROR;
	if (existing)
		return svc_fail(s, SVC_CONFLICT, "db",
				"the database already holds organisations: demo fills an empty one");
	return SVC_OK;
}

int scale_begin(svc *s, int64_t employees, scale_writer **out)
{
	*out = NULL;
	int rc = scale_check_empty(s);
	if (rc != SVC_OK)
		return rc;
	if (employees < 1 || employees > SCALE_EMPLOYEES_MAX)
		return svc_fail(s, SVC_INVALID, "scale",
				"the number of employees must be from 1 to 10,000,000");
	int64_t now = (int64_t)time(NULL);
	store *db = svc_db(s);
	if (!db || store_bulk_prepare(db, 1) != STORE_OK) {
		log_error("demo --scale: %s", db ? store_errmsg(db) : "no database");
		return SVC_ERROR;
	}
	if (svc_batch_begin(s) != SVC_OK) {
		store_bulk_prepare(db, 0);
		return SVC_ERROR;
	}
	scale_writer *w = calloc(1, sizeof *w);
	if (!w)
		log_fatal("out of memory");
	w->s = s;
	w->db = db;
	w->employees = employees;
	w->now = now;
	w->terms = malloc(PERSON_TERMS_MAX * sizeof *w->terms);
	if (!w->terms)
		log_fatal("out of memory");
	*out = w;
	return SVC_OK;
}

/* Logs a failure of the store and marks the writer failed. */
static int note_failure(scale_writer *w, const char *what)
{
	log_error("demo --scale: %s: %s", what, store_errmsg(w->db));
	w->failed = 1;
	return SVC_ERROR;
}

/* Sends the bulk rows given so far (before a statement that may read them). */
static int bulk_close(scale_writer *w)
{
	if (!w->bulk)
		return SVC_OK;
	int rc = store_bulk_end(w->bulk);
	w->bulk = NULL;
	return rc == STORE_OK ? SVC_OK : note_failure(w, "bulk load");
}

/* The bulk load, started on first use. */
static store_bulk *bulk(scale_writer *w)
{
	if (w->failed)
		return NULL;
	if (!w->bulk && store_bulk_begin(w->db, &w->bulk) != STORE_OK) {
		note_failure(w, "bulk load");
		return NULL;
	}
	return w->bulk;
}

/* One bulk row of table t; on failure logs it and marks the writer failed. */
static int bulk_row(scale_writer *w, enum bulk_table t, const store_value *v, int n)
{
	store_bulk *b = bulk(w);
	if (!b)
		return SVC_ERROR;
	return store_bulk_row(b, t, v, n) == STORE_OK ? SVC_OK : note_failure(w, "bulk load");
}

/* A new id of table t for a bulk row. */
static int bulk_id(scale_writer *w, enum bulk_table t, int64_t *id)
{
	store_bulk *b = bulk(w);
	if (!b)
		return SVC_ERROR;
	return store_bulk_id(b, t, id) == STORE_OK ? SVC_OK : note_failure(w, "bulk load");
}

/* Runs statement id; on failure logs it and marks the writer failed. */
static int exec(scale_writer *w, enum stmt id, const store_value *p, int n, int64_t *out_id)
{
	if (w->failed || bulk_close(w) != SVC_OK)
		return SVC_ERROR;
	if (store_exec(w->db, id, p, n, out_id ? svc_row_int : NULL, out_id) == STORE_OK)
		return SVC_OK;
	log_error("demo --scale: %s: %s", stmt_table[id].name, store_errmsg(w->db));
	w->failed = 1;
	return SVC_ERROR;
}

int scale_org(scale_writer *w, const char *code, const char *name, int64_t headcount,
	      int first_year, int last_year, int64_t *id)
{
	int64_t org = 0;
	store_value p[] = {SV_TEXT(code), SV_TEXT(name), SV_TEXT("collectivite"),
			   SV_TEXT("Fonction publique territoriale"), SV_INT(w->now)};
	if (exec(w, ST_ORG_INSERT, p, 5, &org) != SVC_OK)
		return SVC_ERROR;
	for (int y = first_year; y <= last_year; y++) {
		store_value h[] = {SV_INT(org), SV_INT(y), SV_INT(headcount)};
		if (exec(w, ST_HEADCOUNT_PUT, h, 3, NULL) != SVC_OK)
			return SVC_ERROR;
	}
	w->counts.organisations++;
	if (id)
		*id = org;
	return SVC_OK;
}

int scale_worker(scale_writer *w, const char *login, const char *name, int64_t *id)
{
	if (w->failed)
		return SVC_ERROR;
	/* One hash of a password nobody is told: the accounts exist, hold
	   caseloads and appear in lists, but cannot be signed in to. */
	if (!w->hash[0]) {
		char password[24];
		sec_password_generate(password, 20);
		int rc = sec_password_hash(password, w->hash);
		sodium_memzero(password, sizeof password);
		if (rc != 0) {
			log_error("demo --scale: password hashing failed");
			w->hash[0] = '\0';
			w->failed = 1;
			return SVC_ERROR;
		}
	}
	store_value p[] = {SV_TEXT(login), SV_TEXT(name),   SV_TEXT("worker"),
			   SV_TEXT(w->hash), SV_INT(w->now), SV_NULL};
	int64_t user = 0;
	if (exec(w, ST_USER_INSERT, p, 6, &user) != SVC_OK)
		return SVC_ERROR;
	w->counts.workers++;
	if (id)
		*id = user;
	return SVC_OK;
}

int scale_assign(scale_writer *w, int64_t org_id, int64_t worker_id)
{
	store_value p[] = {SV_INT(org_id), SV_INT(worker_id)};
	return exec(w, ST_ASSIGN_INSERT, p, 2, NULL);
}

int scale_person(scale_writer *w, const struct scale_person *in, int64_t *id)
{
	char key[SEC_HASH_HEX_LEN + 1];
	int full = persons_identity_key(w->s, in->last_name, in->first_name, in->birth_date, key) == 0;
	int64_t person = 0;
	if (bulk_id(w, BULK_PERSONS, &person) != SVC_OK)
		return SVC_ERROR;
	/* Sealed like any person's, bound to the id given up front (no job,
	   phone, e-mail nor address). */
	struct person_identity ident = {in->last_name, in->first_name, in->birth_date,
					NULL,	       NULL,	       NULL,
					NULL};
	store_value p[BULK_PERSON__COUNT] = {
		[BULK_PERSON_ID] = SV_INT(person),
		[BULK_PERSON_ORGANISATION_ID] = SV_INT(in->organisation_id),
		[BULK_PERSON_REFERENT_ID] = SV_INT(in->referent_id),
		[BULK_PERSON_BIRTH_YEAR] =
			in->birth_date ? SV_INT(date_year(in->birth_date)) : SV_NULL,
		[BULK_PERSON_SEX] = SV_TEXT(in->sex),
		[BULK_PERSON_STATUS] = SV_TEXT(in->status),
		[BULK_PERSON_CATEGORY] = SV_TEXT(in->category),
		[BULK_PERSON_FAMILY_SITUATION] = SV_TEXT(in->family_situation),
		[BULK_PERSON_CONSENT_ACCOMPANIMENT_ON] = SV_TEXT(in->came_on),
		[BULK_PERSON_CONSENT_STATISTICS] = SV_INT(in->statistics),
		[BULK_PERSON_CONSENT_STATISTICS_ON] = SV_TEXT(in->came_on),
		[BULK_PERSON_IMPORT_REF] = SV_NULL,
		[BULK_PERSON_CREATED_AT] = SV_INT(w->now),
		[BULK_PERSON_UPDATED_AT] = SV_INT(w->now),
		[BULK_PERSON_IDENTITY_KEY] = SV_TEXT(full ? key : NULL),
		[BULK_PERSON_ACTIVE_FROM] = SV_TEXT(in->active_from),
		[BULK_PERSON_ACTIVE_TO] = SV_TEXT(in->active_to),
	};
	buf sealed[PERSON_SEALED_COLUMNS];
	persons_identity_sealed(w->s, person, &ident, sealed, p + BULK_PERSON_LAST_NAME);
	int rc = bulk_row(w, BULK_PERSONS, p, BULK_PERSON__COUNT);
	persons_identity_sealed_free(sealed);
	/* Its blind-index terms, as persons_identity_write() writes them. */
	size_t n = rc == SVC_OK ? persons_terms(w->s->app->search_key, in->last_name,
					       in->first_name, w->terms)
				: 0;
	for (size_t i = 0; i < n && rc == SVC_OK; i++) {
		store_value t[BULK_TERM__COUNT] = {SV_INT(person), SV_TEXT(w->terms[i])};
		rc = bulk_row(w, BULK_PERSON_TERMS, t, BULK_TERM__COUNT);
	}
	/* Her two consents, as persons_create() records them. */
	static const char *const kinds[] = {PERSON_CONSENT_KIND_ACCOMPANIMENT,
					    PERSON_CONSENT_KIND_STATISTICS};
	for (size_t k = 0; k < 2 && rc == SVC_OK; k++) {
		store_value c[BULK_CONSENT__COUNT] = {
			[BULK_CONSENT_PERSON_ID] = SV_INT(person),
			[BULK_CONSENT_KIND] = SV_TEXT(kinds[k]),
			[BULK_CONSENT_GIVEN] = SV_INT(k == 0 || in->statistics),
			[BULK_CONSENT_ON_DATE] = SV_TEXT(in->came_on),
			[BULK_CONSENT_RECORDED_AT] = SV_INT(w->now),
			[BULK_CONSENT_ACTOR_ID] = SV_NULL,
		};
		rc = bulk_row(w, BULK_CONSENTS, c, BULK_CONSENT__COUNT);
	}
	if (rc != SVC_OK)
		return SVC_ERROR;
	w->counts.persons++;
	if (id)
		*id = person;
	return SVC_OK;
}

int scale_case(scale_writer *w, const struct scale_case *in, int64_t *id)
{
	int64_t case_id = 0;
	if (bulk_id(w, BULK_CASES, &case_id) != SVC_OK)
		return SVC_ERROR;
	store_value p[BULK_CASE__COUNT] = {
		[BULK_CASE_ID] = SV_INT(case_id),
		[BULK_CASE_PERSON_ID] = SV_INT(in->person_id),
		[BULK_CASE_REFERENT_ID] = SV_INT(in->referent_id),
		[BULK_CASE_OPENED_ON] = SV_TEXT(in->opened_on),
		[BULK_CASE_CLOSED_ON] = SV_TEXT(in->closed_on),
		[BULK_CASE_REFERRAL_SOURCE] = SV_TEXT(in->referral_source),
		[BULK_CASE_OUTCOME] = SV_TEXT(in->outcome),
		[BULK_CASE_IMPORT_REF] = SV_NULL,
		[BULK_CASE_CREATED_AT] = SV_INT(w->now),
		[BULK_CASE_UPDATED_AT] = SV_INT(w->now),
	};
	if (bulk_row(w, BULK_CASES, p, BULK_CASE__COUNT) != SVC_OK)
		return SVC_ERROR;
	w->counts.cases++;
	for (int k = 0; k < in->nthemes; k++) {
		store_value d[BULK_DOMAIN__COUNT] = {SV_INT(case_id), SV_TEXT(in->themes[k])};
		if (bulk_row(w, BULK_CASE_DOMAINS, d, BULK_DOMAIN__COUNT) != SVC_OK)
			return SVC_ERROR;
	}
	if (id)
		*id = case_id;
	return SVC_OK;
}

int scale_intervention(scale_writer *w, const struct scale_intervention *in)
{
	store_value p[BULK_IV__COUNT] = {
		[BULK_IV_CASE_ID] = SV_INT(in->case_id),
		[BULK_IV_AUTHOR_ID] = SV_INT(in->author_id),
		[BULK_IV_DATE] = SV_TEXT(in->date),
		[BULK_IV_MODE] = SV_TEXT(in->mode),
		[BULK_IV_KIND] = SV_TEXT(in->kind),
		[BULK_IV_DURATION_MINUTES] = SV_INT(in->duration_minutes),
		[BULK_IV_NOTES] = SV_NULL,
		[BULK_IV_PRIVATE_NOTE] = SV_NULL,
		[BULK_IV_CREATED_AT] = SV_INT(w->now),
	};
	if (bulk_row(w, BULK_INTERVENTIONS, p, BULK_IV__COUNT) != SVC_OK)
		return SVC_ERROR;
	w->counts.interventions++;
	return SVC_OK;
}

int scale_end(scale_writer *w, int commit, struct scale_counts *counts)
{
	svc *s = w->s;
	store *db = w->db;
	if (commit)
		bulk_close(w);
	else
		store_bulk_end(w->bulk); /* rolled back below */
	const struct scale_counts c = w->counts;
	int failed = w->failed;
	char summary[160];
	snprintf(summary, sizeof summary,
		 "employees=%" PRId64 " organisations=%" PRId64 " workers=%" PRId64
		 " persons=%" PRId64 " cases=%" PRId64 " interventions=%" PRId64,
		 w->employees, c.organisations, c.workers, c.persons, c.cases, c.interventions);
	sodium_memzero(w->hash, sizeof w->hash);
	free(w->terms);
	free(w);
	if (counts)
		memset(counts, 0, sizeof *counts);
	if (!commit || failed) {
		svc_batch_end(s, 0);
		store_bulk_prepare(db, 0);
		return commit ? SVC_ERROR : SVC_OK;
	}
	if (svc_audit(s, "demo.scale", "service", summary) != 0) {
		svc_abort(s, "demo.scale");
		svc_batch_end(s, 0);
		store_bulk_prepare(db, 0);
		return SVC_ERROR;
	}
	int end = svc_batch_end(s, 1);
	store_bulk_prepare(db, 0);
	if (end != SVC_OK)
		return SVC_ERROR;
	if (counts)
		*counts = c;
	return SVC_OK;
}
