/* reference_cache — see reference_cache.h. */
#include "service/reference_cache.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store/statements.h"
#include "support/arena.h"
#include "support/log.h"

/* A version as stored: up to 19 decimal digits (or whatever was written
   by hand, compared as text), "" for none. */
#define VERSION_MAX 64

/* Every entry of every list as read under one version. */
struct snapshot {
	char version[VERSION_MAX];
	int holders;                  /* the cache while current, plus each reader */
	struct reference_item *items; /* malloc'd, ST_REF_LIST's order */
	size_t n, cap;
	arena *strings;               /* the items' strings */
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct snapshot *cache_current; /* NULL until a first read */

static void snapshot_free(struct snapshot *sn)
{
	if (!sn)
		return;
	free(sn->items);
	arena_free(sn->strings);
	free(sn);
}

/* Drops one holder of sn, freeing it with the last (under cache_lock). */
static void drop_locked(struct snapshot *sn)
{
	if (--sn->holders == 0)
		snapshot_free(sn);
}

/* The current copy if it was read under version, with one more holder
   (the caller's), else NULL. */
static struct snapshot *cache_take(const char *version)
{
	pthread_mutex_lock(&cache_lock);
	struct snapshot *sn = cache_current;
	if (sn && strcmp(sn->version, version) == 0)
		sn->holders++;
	else
		sn = NULL;
	pthread_mutex_unlock(&cache_lock);
	return sn;
}

/* Makes sn (held once by the caller) the current copy. */
static void cache_install(struct snapshot *sn)
{
	pthread_mutex_lock(&cache_lock);
	struct snapshot *old = cache_current;
	cache_current = sn;
	sn->holders++;
	if (old)
		drop_locked(old);
	pthread_mutex_unlock(&cache_lock);
}

static void cache_release(struct snapshot *sn)
{
	pthread_mutex_lock(&cache_lock);
	drop_locked(sn);
	pthread_mutex_unlock(&cache_lock);
}

static int version_row(void *ctx, const store_row *row)
{
	const char *v = store_row_text(row, SCALAR_COL_VALUE);
	snprintf(ctx, VERSION_MAX, "%s", v ? v : "");
	return 1;
}

/* The stored version into out ("" when none): a store rc. */
static int version_read(store *db, char out[VERSION_MAX])
{
	out[0] = '\0';
	store_value p[] = {SV_TEXT(REFERENCE_VERSION_SETTING)};
	return store_exec(db, ST_SETTING_GET, p, 1, version_row, out);
}

/* An entry of ST_REF_LIST's row (strings point into the row). */
static struct reference_item item_of(const store_row *row)
{
	struct reference_item it = {
		.list = store_row_text(row, REF_LIST_COL_LIST),
		.code = store_row_text(row, REF_LIST_COL_CODE),
		.label = store_row_text(row, REF_LIST_COL_LABEL),
		.parent = store_row_text(row, REF_LIST_COL_PARENT),
		.position = store_row_int(row, REF_LIST_COL_POSITION),
		.retired = store_row_int(row, REF_LIST_COL_RETIRED) != 0,
	};
	return it;
}

/* The walk without a copy (a database that has no version). */
struct direct {
	reference_fn fn;
	void *ctx;
};

static int direct_row(void *ctx, const store_row *row)
{
	struct direct *d = ctx;
	struct reference_item it = item_of(row);
	return d->fn(d->ctx, &it);
}

static int collect_row(void *ctx, const store_row *row)
{
	struct snapshot *sn = ctx;
	if (sn->n == sn->cap) {
		sn->cap = sn->cap ? 2 * sn->cap : 256;
		sn->items = realloc(sn->items, sn->cap * sizeof *sn->items);
		if (!sn->items)
			log_fatal("out of memory");
	}
	struct reference_item it = item_of(row);
	it.list = arena_strdup(sn->strings, it.list);
	it.code = arena_strdup(sn->strings, it.code);
	it.label = arena_strdup(sn->strings, it.label);
	it.parent = arena_strdup(sn->strings, it.parent);
	sn->items[sn->n++] = it;
	return 0;
}

int reference_cache_each(store *db, reference_fn fn, void *ctx)
{
	char version[VERSION_MAX];
	int rc = version_read(db, version);
	if (rc != STORE_OK)
		return rc;
	if (!version[0]) {
		struct direct d = {fn, ctx};
		return store_exec(db, ST_REF_LIST, NULL, 0, direct_row, &d);
	}
	struct snapshot *sn = cache_take(version);
	if (!sn) {
		/* Read after the version: what is read is at least as new as the
		   version it is tagged with, so a change committed in between
		   only makes the next reader read again. */
		sn = calloc(1, sizeof *sn);
		if (!sn)
			log_fatal("out of memory");
		snprintf(sn->version, sizeof sn->version, "%s", version);
		sn->holders = 1;
		sn->strings = arena_new();
		rc = store_exec(db, ST_REF_LIST, NULL, 0, collect_row, sn);
		if (rc != STORE_OK) {
			snapshot_free(sn);
			return rc;
		}
		cache_install(sn);
	}
	for (size_t i = 0; i < sn->n; i++)
		if (fn(ctx, &sn->items[i]) != 0)
			break;
	cache_release(sn);
	return STORE_OK;
}

/* A fresh random version: never 0, at most 2^63 - 1. */
int reference_version_bump(store *db)
{
	uint64_t r;
	do {
		randombytes_buf(&r, sizeof r);
		r >>= 1;
	} while (r == 0);
	char text[VERSION_MAX];
	snprintf(text, sizeof text, "%" PRIu64, r);
	store_value p[] = {SV_TEXT(REFERENCE_VERSION_SETTING), SV_TEXT(text)};
	return store_exec(db, ST_SETTING_PUT, p, 2, NULL, NULL);
}

int reference_version_init(store *db)
{
	char version[VERSION_MAX];
	int rc = version_read(db, version);
	if (rc != STORE_OK || version[0])
		return rc;
	return reference_version_bump(db);
}
