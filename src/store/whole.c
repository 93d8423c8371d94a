/* whole — see whole.h: the catalog, the integrity check, the emptiness of a target. */
#include "store/whole.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/backend.h"
#include "support/buf.h"
#include "support/log.h"

/* The columns of the catalog queries below. */
enum name_col { NAME_COL_NAME };
enum catalog_col {
	CAT_COL_NAME,
	CAT_COL_TYPE,
	CAT_COL_NOT_NULL,
	CAT_COL_PK,
	CAT_COL_BLOB,
	CAT_COL_REF,
};
enum count_col { COUNT_COL_N };
enum problem_col { PROBLEM_COL_TEXT };

/* Tables that `relais init` fills by itself: a target holding only them
   holds no data of its own. */
static const char *const init_tables[] = {"schema_migrations", "settings", "ref_items"};

/* 1 when name may be quoted into SQL: [a-z_][a-z0-9_]*, short. */
static int plain_name(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n >= STORE_NAME_MAX || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static int bad_name(store *s, const char *name)
{
	store_set_error(s, "not a plain table or column name: %.64s", name);
	return STORE_ERROR;
}

struct names {
	store_name_fn fn;
	void *ctx;
	store *s;
	int rc;
};

static int name_row(void *ctx, const store_row *row)
{
	struct names *n = ctx;
	const char *name = store_row_text(row, NAME_COL_NAME);
	if (!name || !plain_name(name)) {
		n->rc = bad_name(n->s, name ? name : "(null)");
		return 1;
	}
	return n->fn(n->ctx, name);
}

int store_tables(store *s, store_name_fn fn, void *ctx)
{
	const char *sql =
		s->be->kind == STORE_SQLITE
			? "SELECT name FROM sqlite_master WHERE type = 'table'"
			  " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
			: "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
			  " ORDER BY tablename COLLATE \"C\"";
	struct names n = {fn, ctx, s, STORE_OK};
	int rc = s->be->query_sql(s, "tables", sql, name_row, &n);
	return rc != STORE_OK ? rc : n.rc;
}

struct columns {
	struct store_column *cols;
	int max, n;
};

static void copy_text(const store_row *row, int col, char *out, size_t len)
{
	const char *t = store_row_text(row, col);
	snprintf(out, len, "%s", t ? t : "");
}

static int column_row(void *ctx, const store_row *row)
{
	struct columns *c = ctx;
	if (c->n >= c->max)
		return 1;
	struct store_column *col = &c->cols[c->n++];
	memset(col, 0, sizeof *col);
	copy_text(row, CAT_COL_NAME, col->name, sizeof col->name);
	copy_text(row, CAT_COL_TYPE, col->type, sizeof col->type);
	for (char *p = col->type; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	col->not_null = store_row_int(row, CAT_COL_NOT_NULL) != 0;
	col->pk = (int)store_row_int(row, CAT_COL_PK);
	col->blob = store_row_int(row, CAT_COL_BLOB) != 0;
	copy_text(row, CAT_COL_REF, col->ref, sizeof col->ref);
	return 0;
}

int store_table_columns(store *s, const char *table, struct store_column *cols, int max, int *n)
{
	*n = 0;
	if (!plain_name(table))
		return bad_name(s, table);
	buf sql;
	buf_init(&sql, 0);
	if (s->be->kind == STORE_SQLITE)
		buf_printf(&sql,
			   "SELECT c.name, c.type, c.\"notnull\", c.pk,"
			   " CASE WHEN upper(c.type) = 'BLOB' THEN 1 ELSE 0 END,"
			   " COALESCE((SELECT f.\"table\" || '(' || COALESCE(f.\"to\", 'id') || ')'"
			   " FROM pragma_foreign_key_list('%s') f WHERE f.\"from\" = c.name LIMIT 1), '')"
			   " FROM pragma_table_info('%s') c ORDER BY c.cid",
			   table, table);
	else
		buf_printf(&sql,
			   "SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
			   " CASE WHEN a.attnotnull THEN 1 ELSE 0 END,"
			   " COALESCE((SELECT k.n FROM pg_index i, unnest(i.indkey) WITH ORDINALITY"
			   " k(att, n) WHERE i.indrelid = a.attrelid AND i.indisprimary"
			   " AND k.att = a.attnum), 0),"
			   " CASE WHEN a.atttypid = 'bytea'::regtype THEN 1 ELSE 0 END,"
			   " COALESCE((SELECT cf.relname || '(' || af.attname || ')'"
			   " FROM pg_constraint c, unnest(c.conkey, c.confkey) u(k, f), pg_class cf,"
			   " pg_attribute af WHERE c.conrelid = a.attrelid AND c.contype = 'f'"
			   " AND u.k = a.attnum AND cf.oid = c.confrelid AND af.attrelid = c.confrelid"
			   " AND af.attnum = u.f LIMIT 1), '')"
			   " FROM pg_attribute a WHERE a.attrelid = '\"%s\"'::regclass AND a.attnum > 0"
			   " AND NOT a.attisdropped ORDER BY a.attnum",
			   table);
	struct columns c = {cols, max, 0};
	int rc = s->be->query_sql(s, "columns", buf_cstr(&sql), column_row, &c);
	buf_free(&sql);
	if (rc != STORE_OK)
		return rc;
	for (int i = 0; i < c.n; i++)
		if (!plain_name(cols[i].name))
			return bad_name(s, cols[i].name);
	if (c.n == 0 || c.n >= max) {
		store_set_error(s, "%s: %s", table, c.n ? "too many columns" : "no such table");
		return STORE_ERROR;
	}
	*n = c.n;
	return STORE_OK;
}

int store_table_scan(store *s, const char *table, store_row_fn fn, void *ctx)
{
	struct store_column cols[STORE_COLUMNS_MAX];
	int n = 0;
	int rc = store_table_columns(s, table, cols, STORE_COLUMNS_MAX, &n);
	if (rc != STORE_OK)
		return rc;
	buf sql;
	buf_init(&sql, 0);
	buf_puts(&sql, "SELECT ");
	for (int i = 0; i < n; i++)
		buf_printf(&sql, "%s\"%s\"", i ? ", " : "", cols[i].name);
	buf_printf(&sql, " FROM \"%s\" ORDER BY ", table);
	int keyed = 0;
	for (int k = 1; k <= n; k++)
		for (int i = 0; i < n; i++)
			if (cols[i].pk == k)
				buf_printf(&sql, "%s\"%s\"", keyed++ ? ", " : "", cols[i].name);
	for (int i = 0; !keyed && i < n; i++)
		buf_printf(&sql, "%s\"%s\"", i ? ", " : "", cols[i].name);
	rc = s->be->query_sql(s, table, buf_cstr(&sql), fn, ctx);
	buf_free(&sql);
	return rc;
}

static int count_row(void *ctx, const store_row *row)
{
	*(int64_t *)ctx = store_row_int(row, COUNT_COL_N);
	return 1;
}

int store_table_count(store *s, const char *table, int64_t *n)
{
	*n = 0;
	if (!plain_name(table))
		return bad_name(s, table);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM \"%s\"", table);
	return s->be->query_sql(s, table, sql, count_row, n);
}

/* ---- sealed values ---- */

/* The table names, read before any is looked into (one query at a time
   on a connection). */
struct table_list {
	char (*names)[STORE_NAME_MAX];
	size_t n, cap;
};

static int table_add(void *ctx, const char *name)
{
	struct table_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->names = realloc(l->names, l->cap * sizeof *l->names);
		if (!l->names)
			log_fatal("out of memory");
	}
	snprintf(l->names[l->n++], STORE_NAME_MAX, "%s", name);
	return 0;
}

int store_row_key_columns(const struct store_column *cols, int n, int idx[STORE_KEY_COLUMNS])
{
	for (int i = 0; i < n; i++)
		if (strcmp(cols[i].name, "id") == 0) {
			idx[0] = i;
			return 1;
		}
	int nkeys = 0;
	for (int k = 1; k <= n; k++)
		for (int i = 0; i < n; i++)
			if (cols[i].pk == k) {
				if (nkeys == STORE_KEY_COLUMNS)
					return 0;
				idx[nkeys++] = i;
			}
	return nkeys;
}

static int sealed_keys(store *s, const char *table, const struct store_column *cols, int n,
		       struct store_sealed_target *t)
{
	int idx[STORE_KEY_COLUMNS];
	t->nkeys = store_row_key_columns(cols, n, idx);
	for (int k = 0; k < t->nkeys; k++)
		memcpy(t->keys[k], cols[idx[k]].name, STORE_NAME_MAX);
	if (t->nkeys > 0)
		return STORE_OK;
	store_set_error(s, "%s holds sealed values but no usable row key", table);
	return STORE_ERROR;
}

/* Tables whose BLOB columns are not values sealed under the text key:
   attachment_chunks holds each file's secretstream under the file's own
   key (service/attachments.h), which is itself sealed in attachments. */
static const char *const not_sealed_tables[] = {"attachment_chunks"};

int store_blobs_sealed(const char *table)
{
	for (size_t i = 0; i < sizeof not_sealed_tables / sizeof not_sealed_tables[0]; i++)
		if (strcmp(table, not_sealed_tables[i]) == 0)
			return 0;
	return 1;
}

int store_sealed_columns(store *s, store_sealed_fn fn, void *ctx)
{
	struct table_list l = {NULL, 0, 0};
	int rc = store_tables(s, table_add, &l);
	for (size_t t = 0; rc == STORE_OK && t < l.n; t++) {
		struct store_column cols[STORE_COLUMNS_MAX];
		struct store_sealed_target target;
		int n = 0, sealed = 0;
		if (!store_blobs_sealed(l.names[t]))
			continue;
		rc = store_table_columns(s, l.names[t], cols, STORE_COLUMNS_MAX, &n);
		for (int i = 0; rc == STORE_OK && i < n; i++)
			sealed |= cols[i].blob;
		if (rc != STORE_OK || !sealed)
			continue;
		if ((rc = sealed_keys(s, l.names[t], cols, n, &target)) != STORE_OK)
			break;
		memcpy(target.table, l.names[t], STORE_NAME_MAX);
		for (int i = 0; i < n; i++) {
			if (!cols[i].blob)
				continue;
			memcpy(target.column, cols[i].name, STORE_NAME_MAX);
			if (fn(ctx, &target) != 0) {
				free(l.names);
				return STORE_OK;
			}
		}
	}
	free(l.names);
	return rc;
}

static int bad_target(store *s, const struct store_sealed_target *t)
{
	if (!plain_name(t->table))
		return bad_name(s, t->table);
	if (!plain_name(t->column))
		return bad_name(s, t->column);
	if (t->nkeys < 1 || t->nkeys > STORE_KEY_COLUMNS)
		return bad_name(s, "(no key)");
	for (int k = 0; k < t->nkeys; k++)
		if (!plain_name(t->keys[k]))
			return bad_name(s, t->keys[k]);
	return STORE_OK;
}

int store_sealed_scan(store *s, const struct store_sealed_target *t, int64_t after, int limit,
		      store_row_fn fn, void *ctx)
{
	int rc = bad_target(s, t);
	if (rc != STORE_OK)
		return rc;
	buf sql;
	buf_init(&sql, 0);
	buf_puts(&sql, "SELECT ");
	for (int k = 0; k < t->nkeys; k++)
		buf_printf(&sql, "%sCAST(\"%s\" AS TEXT)", k ? " || '/' || " : "", t->keys[k]);
	/* Named apart: PostgreSQL names a cast after its column. */
	buf_printf(&sql, " AS sealed_key, \"%s\" AS sealed_value, ", t->column);
	if (t->nkeys == 1)
		buf_printf(&sql, "\"%s\" AS sealed_next", t->keys[0]);
	else
		buf_puts(&sql, "0 AS sealed_next");
	buf_printf(&sql, " FROM \"%s\" WHERE \"%s\" IS NOT NULL AND length(\"%s\") > 0",
		   t->table, t->column, t->column);
	if (t->nkeys == 1)
		buf_printf(&sql, " AND \"%s\" > %" PRId64, t->keys[0], after);
	buf_puts(&sql, " ORDER BY ");
	for (int k = 0; k < t->nkeys; k++)
		buf_printf(&sql, "%s\"%s\"", k ? ", " : "", t->keys[k]);
	buf_printf(&sql, " LIMIT %d", limit > 0 ? limit : 1);
	if (t->nkeys > 1)
		buf_printf(&sql, " OFFSET %" PRId64, after);
	rc = s->be->query_sql(s, t->table, buf_cstr(&sql), fn, ctx);
	buf_free(&sql);
	return rc;
}

int store_sealed_put(store *s, const struct store_sealed_target *t, const char *key,
		     const void *v, size_t n)
{
	int rc = bad_target(s, t);
	if (rc != STORE_OK)
		return rc;
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = v;
	buf sql;
	buf_init(&sql, 0);
	buf_printf(&sql, "UPDATE \"%s\" SET \"%s\" = %s", t->table, t->column,
		   s->be->kind == STORE_SQLITE ? "X'" : "decode('");
	for (size_t i = 0; i < n; i++) {
		buf_putc(&sql, hex[p[i] >> 4]);
		buf_putc(&sql, hex[p[i] & 15]);
	}
	buf_printf(&sql, "'%s WHERE ", s->be->kind == STORE_SQLITE ? "" : ", 'hex')");
	/* The key as scanned: integers joined by '/', one per key column. */
	const char *at = key;
	for (int k = 0; k < t->nkeys; k++) {
		size_t len = (at[0] == '-') + strspn(at + (at[0] == '-'), "0123456789");
		if (len == 0 || len > 20 || (k + 1 < t->nkeys ? at[len] != '/' : at[len] != '\0')) {
			buf_free(&sql);
			store_set_error(s, "%s: not a row key: %.64s", t->table, key);
			return STORE_ERROR;
		}
		buf_printf(&sql, "%s\"%s\" = %.*s", k ? " AND " : "", t->keys[k], (int)len, at);
		at += len + 1;
	}
	if (sql.overflow) {
		store_set_error(s, "%s.%s: the value is too long", t->table, t->column);
		rc = STORE_ERROR;
	} else {
		rc = s->be->exec_sql(s, t->table, buf_cstr(&sql));
	}
	buf_free(&sql);
	return rc;
}

/* ---- integrity ---- */

struct problems {
	buf *msg;
	int count;
};

static int problem_row(void *ctx, const store_row *row)
{
	struct problems *p = ctx;
	const char *t = store_row_text(row, PROBLEM_COL_TEXT);
	if (t && strcmp(t, "ok") == 0)
		return 0;
	if (p->count++ < 5)
		buf_printf(p->msg, "%s%s", p->msg->len ? "; " : "", t ? t : "?");
	return 0;
}

/* Reads every value of each table (PostgreSQL): a damaged page or toast
   value fails the query. */
static int read_whole(void *ctx, const char *table)
{
	store *s = ctx;
	char sql[256];
	int64_t n = 0;
	snprintf(sql, sizeof sql, "SELECT SUM(length(x::text)) FROM \"%s\" AS x", table);
	return s->be->query_sql(s, table, sql, count_row, &n) != STORE_OK;
}

int store_integrity(store *s, int *ok, char *msg, size_t msglen)
{
	*ok = 0;
	buf b;
	buf_init(&b, 0);
	struct problems p = {&b, 0};
	int rc;
	if (s->be->kind == STORE_SQLITE) {
		rc = s->be->query_sql(s, "integrity_check", "PRAGMA integrity_check", problem_row, &p);
		if (rc == STORE_OK)
			rc = s->be->query_sql(s, "foreign_key_check",
					      "SELECT 'foreign key broken in ' || \"table\" || ' row '"
					      " || rowid FROM pragma_foreign_key_check",
					      problem_row, &p);
	} else {
		rc = store_tables(s, read_whole, s);
		if (rc == STORE_OK)
			rc = s->be->query_sql(
				s, "constraints",
				"SELECT 'constraint not validated: ' || conname FROM pg_constraint c"
				" JOIN pg_namespace n ON n.oid = c.connamespace"
				" WHERE n.nspname = current_schema() AND NOT c.convalidated"
				" UNION ALL SELECT 'index not valid: ' || i.indexrelid::regclass::text"
				" FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
				" JOIN pg_namespace n ON n.oid = t.relnamespace"
				" WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready)",
				problem_row, &p);
	}
	if (rc == STORE_OK) {
		*ok = p.count == 0;
		snprintf(msg, msglen, "%s", p.count ? buf_cstr(&b) : "ok");
	} else {
		snprintf(msg, msglen, "%s", store_errmsg(s));
	}
	buf_free(&b);
	return rc;
}

/* ---- a restore target ---- */

struct holds {
	store *s;
	int rc;
	int64_t rows;
};

static int count_own(void *ctx, const char *table)
{
	struct holds *h = ctx;
	for (size_t i = 0; i < sizeof init_tables / sizeof init_tables[0]; i++)
		if (strcmp(table, init_tables[i]) == 0)
			return 0;
	int64_t n = 0;
	h->rc = store_table_count(h->s, table, &n);
	h->rows += n;
	return h->rc != STORE_OK || h->rows > 0;
}

int store_holds_data(const char *uri, char *err, size_t errlen)
{
	if (store_uri_kind(uri) == STORE_SQLITE) {
		struct stat st;
		if (stat(uri, &st) != 0) {
			if (errno == ENOENT)
				return 0;
			snprintf(err, errlen, "%s: %s", uri, strerror(errno));
			return -1;
		}
		if (st.st_size == 0)
			return 0;
	}
	store *s = NULL;
	if (store_open(uri, &s, err, errlen) != 0)
		return -1;
	struct holds h = {s, STORE_OK, 0};
	int rc = store_tables(s, count_own, &h);
	if (rc == STORE_OK)
		rc = h.rc;
	if (rc != STORE_OK)
		snprintf(err, errlen, "%s", store_errmsg(s));
	store_close(s);
	return rc != STORE_OK ? -1 : h.rows > 0;
}
