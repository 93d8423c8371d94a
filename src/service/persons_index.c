/* persons_index — persons_index_rebuild (persons.h): the identity index
   recomputed under the current identity key. */
#include <stdlib.h>

#include <sodium.h>

#include "service/internal.h"
#include "service/persons.h"
#include "support/log.h"

struct index_rows {
	struct index_row {
		int64_t id;
		char key[SEC_HASH_HEX_LEN + 1];
	} *rows;
	size_t n, cap;
	const uint8_t *identity; /* the identity subkey */
};

static int index_row(void *ctx, const store_row *row)
{
	struct index_rows *u = ctx;
	struct index_row r = {store_row_int(row, IDENTITY_MISSING_COL_ID), ""};
	if (persons_identity_key_with(u->identity, store_row_text(row, IDENTITY_MISSING_COL_LAST_NAME),
				      store_row_text(row, IDENTITY_MISSING_COL_FIRST_NAME),
				      store_row_text(row, IDENTITY_MISSING_COL_BIRTH_DATE),
				      r.key) != 0)
		return 0;
	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 256;
		u->rows = realloc(u->rows, u->cap * sizeof *u->rows);
		if (!u->rows)
			log_fatal("out of memory");
	}
	u->rows[u->n++] = r;
	return 0;
}

int persons_index_write(store *db, const uint8_t key[SEC_KEY_BYTES], enum stmt select)
{
	struct index_rows u = {NULL, 0, 0, key};
	int rc = store_exec(db, select, NULL, 0, index_row, &u);
	for (size_t i = 0; rc == STORE_OK && i < u.n; i++) {
		store_value p[] = {SV_INT(u.rows[i].id), SV_TEXT(u.rows[i].key)};
		rc = store_exec(db, ST_PERSON_IDENTITY_SET, p, 2, NULL, NULL);
	}
	if (u.rows)
		sodium_memzero(u.rows, u.n * sizeof *u.rows);
	free(u.rows);
	return rc;
}

int persons_index_rebuild(svc *s)
{
	int rc = svc_tx_begin(s);
	if (rc == STORE_OK)
		rc = persons_index_write(svc_db(s), s->app->identity_key, ST_PERSONS_IDENTITY_ALL);
	if (rc == STORE_OK)
		rc = svc_tx_commit(s);
	if (rc != STORE_OK)
		svc_abort(s, "persons_index_rebuild");
	return rc == STORE_OK ? 0 : -1;
}
