/*
 * persons_index — the sealed identity of a person and what finds it:
 * row-bound sealing of the identity columns, the blind index of the
 * names (keyed hashes of their folded prefixes), its rebuild, and
 * migration 19's one-time sealing of the clear columns.  See persons.h
 * and internal.h.
 */
#include "service/persons.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "domain/contact.h"
#include "domain/date.h"
#include "service/internal.h"
#include "support/log.h"
#include "support/text.h"

/* The sealed columns of persons, in the order of ST_PERSON_SEAL's $2…$8. */
static const char *const sealed_columns[] = {
	"persons.last_name", "persons.first_name", "persons.birth_date", "persons.job_title",
	"persons.phone",     "persons.email",      "persons.address",
};
#define SEALED_COLUMNS (sizeof sealed_columns / sizeof sealed_columns[0])
_Static_assert(SEALED_COLUMNS == PERSON_SEALED_COLUMNS, "one sealed column list");

/* ---- terms ---- */

/* The folded words of text (letters and digits, accents and case
   ignored), each ended by a NUL, into out (outlen bytes), then an empty
   word; and the joined word (all of them, no separator) into joined. */
static void fold_words(const char *text, char *out, size_t outlen, char *joined, size_t jlen)
{
	char folded[4 * PERSON_NAME_MAX + 1];
	text_fold(text ? text : "", folded, sizeof folded);
	size_t o = 0, j = 0;
	int in_word = 0;
	for (const char *c = folded;; c++) {
		int alnum = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9');
		if (alnum) {
			if (o + 2 < outlen) {
				out[o++] = *c;
				in_word = 1;
			}
			if (j + 1 < jlen)
				joined[j++] = *c;
		} else if (in_word) {
			out[o++] = '\0';
			in_word = 0;
		}
		if (!*c)
			break;
	}
	out[o] = '\0';
	joined[j] = '\0';
}

void persons_term(const uint8_t key[SEC_KEY_BYTES], const char *prefix, size_t len,
		  char out[PERSON_TERM_HEX + 1])
{
	unsigned char h[PERSON_TERM_BYTES];
	crypto_generichash(h, sizeof h, (const unsigned char *)prefix, len, key, SEC_KEY_BYTES);
	sodium_bin2hex(out, PERSON_TERM_HEX + 1, h, sizeof h);
}

struct terms {
	char (*t)[PERSON_TERM_HEX + 1];
	size_t n;
};

static void add_prefixes(const uint8_t key[SEC_KEY_BYTES], const char *word, struct terms *ts)
{
	size_t len = strlen(word);
	if (len > PERSON_TERM_PREFIX_MAX)
		len = PERSON_TERM_PREFIX_MAX;
	for (size_t k = PERSON_TERM_MIN; k <= len && ts->n < PERSON_TERMS_MAX; k++)
		persons_term(key, word, k, ts->t[ts->n++]);
}

static void add_name(const uint8_t key[SEC_KEY_BYTES], const char *name, struct terms *ts)
{
	char words[4 * PERSON_NAME_MAX + 2], joined[4 * PERSON_NAME_MAX + 1];
	fold_words(name, words, sizeof words, joined, sizeof joined);
	int n = 0;
	for (const char *w = words; *w; w += strlen(w) + 1, n++)
		add_prefixes(key, w, ts);
	if (n > 1)
		add_prefixes(key, joined, ts);
}

static int term_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

size_t persons_terms(const uint8_t key[SEC_KEY_BYTES], const char *last, const char *first,
		     char (*out)[PERSON_TERM_HEX + 1])
{
	struct terms ts = {out, 0};
	add_name(key, last, &ts);
	add_name(key, first, &ts);
	qsort(out, ts.n, sizeof *out, term_cmp);
	size_t n = 0;
	for (size_t i = 0; i < ts.n; i++)
		if (n == 0 || strcmp(out[n - 1], out[i]) != 0)
			memmove(out[n++], out[i], sizeof *out);
	return n;
}

/* Rewrites the blind-index rows of person id; 0 or -1. */
static int index_write(store *db, const uint8_t key[SEC_KEY_BYTES], int64_t id, const char *last,
		       const char *first)
{
	store_value one[] = {SV_INT(id)};
	if (store_exec(db, ST_PERSON_TERMS_DELETE, one, 1, NULL, NULL) != STORE_OK)
		return -1;
	char (*t)[PERSON_TERM_HEX + 1] = malloc(PERSON_TERMS_MAX * sizeof *t);
	if (!t)
		log_fatal("out of memory");
	size_t n = persons_terms(key, last, first, t);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		store_value p[] = {SV_INT(id), SV_TEXT(t[i])};
		if (store_exec(db, ST_PERSON_TERM_INSERT, p, 2, NULL, NULL) != STORE_OK)
			rc = -1;
	}
	free(t);
	return rc;
}

/* ---- the identity key ---- */

/* Appends the folded letters and digits of text (accents and case
   ignored, spaces, hyphens and apostrophes dropped) and a separator. */
static void identity_part(const char *text, buf *b)
{
	char folded[4 * PERSON_NAME_MAX + 1];
	text_fold(text ? text : "", folded, sizeof folded);
	for (const char *c = folded; *c; c++)
		if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))
			buf_putc(b, *c);
	buf_putc(b, '\x1f');
}

int persons_identity_key(svc *s, const char *last, const char *first, const char *birth,
			 char out[SEC_HASH_HEX_LEN + 1])
{
	return persons_identity_key_with(s->app->identity_key, last, first, birth, out);
}

int persons_identity_key_with(const uint8_t key[SEC_KEY_BYTES], const char *last,
			      const char *first, const char *birth, char out[SEC_HASH_HEX_LEN + 1])
{
	out[0] = '\0';
	if (!last || !*last || !first || !*first || !birth || !date_valid(birth))
		return -1;
	buf b;
	buf_init(&b, 0);
	buf_puts(&b, "relais.identity.v1\x1f");
	identity_part(last, &b);
	identity_part(first, &b);
	buf_puts(&b, birth);
	sec_mac_hex(key, b.data, b.len, out);
	buf_free(&b);
	return 0;
}

int persons_contact_key(svc *s, enum person_key_kind kind, const char *value,
			char out[SEC_HASH_HEX_LEN + 1])
{
	return persons_contact_key_with(s->app->identity_key, kind, value, out);
}

int persons_contact_key_with(const uint8_t key[SEC_KEY_BYTES], enum person_key_kind kind,
			     const char *value, char out[SEC_HASH_HEX_LEN + 1])
{
	out[0] = '\0';
	if (!value)
		return -1;
	char norm[CONTACT_NORM_MAX];
	if (kind == PERSON_KEY_PHONE)
		contact_phone_norm(value, norm);
	else
		contact_email_norm(value, norm);
	if (!*norm)
		return -1;
	/* A domain per kind: a number never matches an address, nor an
	   identity, under the one subkey. */
	buf b;
	buf_init(&b, 0);
	buf_puts(&b, kind == PERSON_KEY_PHONE ? "relais.phone.v1\x1f" : "relais.email.v1\x1f");
	buf_puts(&b, norm);
	sec_mac_hex(key, b.data, b.len, out);
	sodium_memzero(b.data, b.len);
	sodium_memzero(norm, sizeof norm);
	buf_free(&b);
	return 0;
}

/* The three keyed indexes of person id from its identity: the statement
   ST_PERSON_KEYS_SET (a key NULL when its part is missing). */
static int keys_set(svc *s, int64_t id, const char *last, const char *first, const char *birth,
		    const char *phone, const char *email)
{
	char ik[SEC_HASH_HEX_LEN + 1], pk[SEC_HASH_HEX_LEN + 1], ek[SEC_HASH_HEX_LEN + 1];
	int full = persons_identity_key(s, last, first, birth, ik) == 0;
	int has_phone = persons_contact_key(s, PERSON_KEY_PHONE, phone, pk) == 0;
	int has_email = persons_contact_key(s, PERSON_KEY_EMAIL, email, ek) == 0;
	store_value k[] = {SV_INT(id), SV_TEXT(full ? ik : NULL), SV_TEXT(has_phone ? pk : NULL),
			   SV_TEXT(has_email ? ek : NULL)};
	return store_exec(svc_db(s), ST_PERSON_KEYS_SET, k, 4, NULL, NULL) == STORE_OK ? 0 : -1;
}

/* ---- sealing ---- */

void persons_identity_sealed(svc *s, int64_t id, const struct person_identity *in,
			   buf b[PERSON_SEALED_COLUMNS], store_value out[PERSON_SEALED_COLUMNS])
{
	const char *const texts[SEALED_COLUMNS] = {in->last_name, in->first_name, in->birth_date,
						   in->job_title, in->phone,	  in->email,
						   in->address};
	for (size_t i = 0; i < SEALED_COLUMNS; i++) {
		buf_init(&b[i], 0);
		svc_seal_at(s, sealed_columns[i], id, texts[i], &b[i]);
		out[i] = svc_sealed_value(&b[i]);
	}
}

void persons_identity_sealed_free(buf b[PERSON_SEALED_COLUMNS])
{
	for (size_t i = 0; i < SEALED_COLUMNS; i++) {
		sodium_memzero(b[i].data, b[i].len);
		buf_free(&b[i]);
	}
}

int persons_identity_write(svc *s, int64_t id, const struct person_identity *in)
{
	buf b[SEALED_COLUMNS];
	store_value p[1 + SEALED_COLUMNS];
	p[0] = (store_value)SV_INT(id);
	persons_identity_sealed(s, id, in, b, p + 1);
	store *db = svc_db(s);
	int rc = store_exec(db, ST_PERSON_SEAL, p, (int)(1 + SEALED_COLUMNS), NULL, NULL) ==
				 STORE_OK
			 ? 0
			 : -1;
	persons_identity_sealed_free(b);
	if (rc == 0)
		rc = index_write(db, s->app->search_key, id, in->last_name, in->first_name);
	return rc;
}

void persons_names_of_row(svc *s, int64_t id, const store_row *row, int last_col, int first_col,
			  char **last, char **first)
{
	*last = svc_unseal_col_at(s, "persons.last_name", id, row, last_col);
	*first = svc_unseal_col_at(s, "persons.first_name", id, row, first_col);
	/* Anonymised by the purge: no sealed name left. */
	if (!*last) {
		*last = strdup("Anonyme");
		if (!*last)
			log_fatal("out of memory");
	}
	if (!*first) {
		*first = strdup("");
		if (!*first)
			log_fatal("out of memory");
	}
}

void persons_sort_key(const char *last, const char *first, char out[PERSON_SORT_KEY_LEN])
{
	char folded[4 * PERSON_NAME_MAX + 1];
	text_fold(last ? last : "", folded, sizeof folded);
	size_t n = (size_t)snprintf(out, PERSON_SORT_KEY_LEN, "%s\x1f", folded);
	text_fold(first ? first : "", folded, sizeof folded);
	if (n < PERSON_SORT_KEY_LEN)
		snprintf(out + n, PERSON_SORT_KEY_LEN - n, "%s", folded);
}

char *persons_full_name_of_row(svc *s, const store_row *row, int id_col, int last_col,
			       int first_col)
{
	char *last, *first;
	persons_names_of_row(s, store_row_int(row, id_col), row, last_col, first_col, &last, &first);
	size_t n = strlen(last) + strlen(first) + 2;
	char *both = malloc(n);
	if (!both)
		log_fatal("out of memory");
	snprintf(both, n, "%s%s%s", last, *first ? " " : "", first);
	free(last);
	free(first);
	return both;
}

/* ---- rebuild ---- */

struct named {
	int64_t id;
	char *last, *first, *birth, *phone, *email;
};

struct named_list {
	svc *s;
	struct named *v;
	size_t n, cap;
};

static int named_row(void *ctx, const store_row *row)
{
	struct named_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			log_fatal("out of memory");
	}
	struct named *p = &l->v[l->n++];
	p->id = store_row_int(row, IDENTITY_MISSING_COL_ID);
	p->last = svc_unseal_col_at(l->s, "persons.last_name", p->id, row,
				    IDENTITY_MISSING_COL_LAST_NAME);
	p->first = svc_unseal_col_at(l->s, "persons.first_name", p->id, row,
				     IDENTITY_MISSING_COL_FIRST_NAME);
	p->birth = svc_unseal_col_at(l->s, "persons.birth_date", p->id, row,
				     IDENTITY_MISSING_COL_BIRTH_DATE);
	p->phone = svc_unseal_col_at(l->s, "persons.phone", p->id, row, IDENTITY_MISSING_COL_PHONE);
	p->email = svc_unseal_col_at(l->s, "persons.email", p->id, row, IDENTITY_MISSING_COL_EMAIL);
	return 0;
}

static void named_free(struct named_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].last);
		free(l->v[i].first);
		free(l->v[i].birth);
		free(l->v[i].phone);
		free(l->v[i].email);
	}
	free(l->v);
}

int persons_index_rebuild(svc *s)
{
	store *db = svc_db(s);
	struct named_list l = {s, NULL, 0, 0};
	int tampered = s->tampered;
	int rc = store_exec(db, ST_PERSON_TERMS_CLEAR, NULL, 0, NULL, NULL) == STORE_OK &&
				 store_exec(db, ST_PERSONS_SEALED_NAMES, NULL, 0, named_row, &l) ==
					 STORE_OK
			 ? 0
			 : -1;
	/* A name that does not open would index the tampering marker. */
	if (rc == 0 && s->tampered != tampered) {
		log_error("persons index: %d sealed name(s) did not open: not rebuilt",
			  s->tampered - tampered);
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		struct named *p = &l.v[i];
		if (keys_set(s, p->id, p->last, p->first, p->birth, p->phone, p->email) != 0 ||
		    index_write(db, s->app->search_key, p->id, p->last, p->first) != 0)
			rc = -1;
	}
	named_free(&l);
	return rc;
}

int persons_identity_backfill(svc *s)
{
	store *db = svc_db(s);
	struct named_list l = {s, NULL, 0, 0};
	int rc = store_exec(db, ST_PERSONS_IDENTITY_MISSING, NULL, 0, named_row, &l) == STORE_OK
			 ? 0
			 : -1;
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		struct named *p = &l.v[i];
		if (keys_set(s, p->id, p->last, p->first, p->birth, p->phone, p->email) != 0)
			rc = -1;
	}
	named_free(&l);
	return rc;
}

/* ---- migration 19: the clear columns sealed in place ---- */

struct clear_person {
	int64_t id;
	char *col[6]; /* last, first, birth date, job title, phone, e-mail */
};

struct clear_list {
	struct clear_person *v;
	size_t n, cap;
	int ncols; /* text columns after the id */
};

static char *dup_or_null(const char *t)
{
	if (!t || !*t)
		return NULL;
	char *d = strdup(t);
	if (!d)
		log_fatal("out of memory");
	return d;
}

static int clear_row(void *ctx, const store_row *row)
{
	struct clear_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			log_fatal("out of memory");
	}
	struct clear_person *p = &l->v[l->n++];
	memset(p, 0, sizeof *p);
	p->id = store_row_int(row, SEAL_CLEAR_COL_ID);
	for (int i = 0; i < l->ncols; i++)
		p->col[i] = dup_or_null(store_row_text(row, SEAL_CLEAR_COL_FIRST_TEXT + i));
	return 0;
}

static void clear_free(struct clear_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		for (int c = 0; c < l->ncols; c++)
			if (l->v[i].col[c]) {
				sodium_memzero(l->v[i].col[c], strlen(l->v[i].col[c]));
				free(l->v[i].col[c]);
			}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static void progress(int tty, const char *what, size_t done, size_t total)
{
	if (!tty || total == 0)
		return;
	if (done != total && done % 256 != 0)
		return;
	int width = 40, filled = (int)((double)done / (double)total * width);
	fprintf(stderr, "\r%-12s [%.*s%*s] %zu/%zu", what, filled,
		"########################################", width - filled, "", done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

/* Seals one clear text column (shares.reason, appointments.contact_name)
   of list stmt into its sealed column by update; 0 or -1. */
static int seal_other(svc *s, enum stmt list, enum stmt update, const char *column, int tty,
		      const char *what)
{
	struct clear_list l = {NULL, 0, 0, 1};
	store *db = svc_db(s);
	if (store_exec(db, list, NULL, 0, clear_row, &l) != STORE_OK) {
		clear_free(&l);
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		buf b;
		buf_init(&b, 0);
		svc_seal_at(s, column, l.v[i].id, l.v[i].col[0], &b);
		store_value p[] = {SV_INT(l.v[i].id), svc_sealed_value(&b)};
		if (store_exec(db, update, p, 2, NULL, NULL) != STORE_OK)
			rc = -1;
		buf_free(&b);
		progress(tty, what, i + 1, l.n);
	}
	clear_free(&l);
	return rc;
}

static int pending_row(void *ctx, const store_row *row)
{
	*(int *)ctx = store_row_text(row, SCALAR_COL_VALUE) != NULL;
	return 1;
}

int persons_identity_seal(svc *s, int *sealed, char *err, size_t errlen)
{
	static const enum stmt drops[] = {
		ST_SEAL_DROP_LAST_NAME, ST_SEAL_DROP_FIRST_NAME, ST_SEAL_DROP_SEARCH_NAME,
		ST_SEAL_DROP_BIRTH_DATE, ST_SEAL_DROP_JOB_TITLE, ST_SEAL_DROP_PHONE,
		ST_SEAL_DROP_EMAIL, ST_SEAL_DROP_REASON, ST_SEAL_DROP_CONTACT_NAME,
	};
	*sealed = 0;
	store *db = svc_db(s);
	int pending = 0, tty = isatty(2);
	store_value name[] = {SV_TEXT("identity_seal_pending")};
	if (store_exec(db, ST_SETTING_GET, name, 1, pending_row, &pending) != STORE_OK) {
		snprintf(err, errlen, "cannot read the sealing setting: %s", store_errmsg(db));
		return -1;
	}
	if (!pending)
		return 0;
	struct clear_list l = {NULL, 0, 0, 6};
	const char *what = "";
	if (store_begin(db) != STORE_OK)
		goto fail;
	what = "reading the clear identities";
	if (store_exec(db, ST_SEAL_CLEAR_PERSONS, NULL, 0, clear_row, &l) != STORE_OK)
		goto fail;
	what = "sealing the persons";
	for (size_t i = 0; i < l.n; i++) {
		struct clear_person *p = &l.v[i];
		struct person_identity in = {p->col[0], p->col[1], p->col[2], p->col[3],
					     p->col[4], p->col[5], NULL};
		if (persons_identity_write(s, p->id, &in) != 0 ||
		    keys_set(s, p->id, in.last_name, in.first_name, in.birth_date, in.phone,
			     in.email) != 0)
			goto fail;
		progress(tty, "persons", i + 1, l.n);
	}
	*sealed = (int)l.n;
	clear_free(&l);
	what = "sealing the share reasons";
	if (seal_other(s, ST_SEAL_CLEAR_SHARES, ST_SHARE_REASON_SEAL, "shares.reason", tty,
		       "shares") != 0)
		goto fail;
	what = "sealing the appointments' contact names";
	if (seal_other(s, ST_SEAL_CLEAR_APPOINTMENTS, ST_APPOINTMENT_CONTACT_SEAL,
		       "appointments.contact_name", tty, "appointments") != 0)
		goto fail;
	what = "dropping the clear columns";
	for (size_t i = 0; i < sizeof drops / sizeof drops[0]; i++)
		if (store_exec(db, drops[i], NULL, 0, NULL, NULL) != STORE_OK)
			goto fail;
	if (store_exec(db, ST_SEAL_DONE, NULL, 0, NULL, NULL) != STORE_OK ||
	    store_commit(db) != STORE_OK)
		goto fail;
	/* No clear page left behind: the file rewritten, the log emptied. */
	what = "compacting";
	if (store_exec(db, ST_SEAL_COMPACT, NULL, 0, NULL, NULL) != STORE_OK ||
	    store_exec(db, ST_PURGE_CHECKPOINT, NULL, 0, NULL, NULL) != STORE_OK) {
		snprintf(err, errlen, "identity sealed, but %s failed: %s", what, store_errmsg(db));
		return -1;
	}
	return 0;
fail:
	snprintf(err, errlen, "migration 19, %s: %s (rolled back)", what, store_errmsg(db));
	store_rollback(db);
	clear_free(&l);
	*sealed = 0;
	return -1;
}
