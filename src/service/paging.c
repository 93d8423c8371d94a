/* paging — see paging.h. */
#include "service/paging.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/date.h"
#include "service/paging_read.h"
#include "support/i18n.h"

int page_from_query(struct page *p, const char *limit, const char *after)
{
	return page_from_query_bounded(p, limit, after, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX);
}

int page_from_query_bounded(struct page *p, const char *limit, const char *after, int dflt,
			    int max)
{
	memset(p, 0, sizeof *p);
	p->limit = dflt;
	if (limit && *limit) {
		char *end = NULL;
		long n = strtol(limit, &end, 10);
		if (*end || end == limit || n < 1 || n > max || limit[0] == '+' ||
		    limit[0] == ' ')
			return -1;
		p->limit = (int)n;
	}
	if (after && *after) {
		size_t n = strlen(after);
		if (n > PAGE_CURSOR_LEN)
			return -1;
		for (size_t i = 0; i < n; i++)
			if (after[i] <= ' ' || after[i] > '~')
				return -1;
		memcpy(p->after, after, n + 1);
	}
	return 0;
}

void page_cursor_date_id(char out[PAGE_CURSOR_LEN + 1], const char *date, int64_t id)
{
	snprintf(out, PAGE_CURSOR_LEN + 1, "%s.%" PRId64, date ? date : "", id);
}

int page_cursor_date_id_parse(const char *cursor, char date[11], int64_t *id)
{
	if (!cursor || strlen(cursor) < 12 || cursor[10] != '.')
		return -1;
	memcpy(date, cursor, 10);
	date[10] = '\0';
	if (!date_valid(date))
		return -1;
	return page_cursor_id_parse(cursor + 11, id);
}

/* A number of 1 to 18 digits without a leading zero (0 alone when zero
   is allowed) up to end (NULL: the string's end): 0, or -1. */
static int parse_number(const char *digits, const char *end, int zero, int64_t *out)
{
	size_t n = end ? (size_t)(end - digits) : strlen(digits);
	if (n < 1 || n > 18 || (digits[0] == '0' && !(zero && n == 1)))
		return -1;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (digits[i] < '0' || digits[i] > '9')
			return -1;
		v = v * 10 + (digits[i] - '0');
	}
	if (!zero && v == 0)
		return -1;
	*out = v;
	return 0;
}

void page_cursor_int_id(char out[PAGE_CURSOR_LEN + 1], int64_t key, int64_t id)
{
	snprintf(out, PAGE_CURSOR_LEN + 1, "%" PRId64 ".%" PRId64, key, id);
}

int page_cursor_int_id_parse(const char *cursor, int64_t *key, int64_t *id)
{
	const char *dot = cursor ? strchr(cursor, '.') : NULL;
	if (!dot || parse_number(cursor, dot, 1, key) != 0)
		return -1;
	return page_cursor_id_parse(dot + 1, id);
}

void page_cursor_date_int_id(char out[PAGE_CURSOR_LEN + 1], const char *date, int64_t key,
			     int64_t id)
{
	snprintf(out, PAGE_CURSOR_LEN + 1, "%s.%" PRId64 ".%" PRId64, date ? date : "", key, id);
}

int page_cursor_date_int_id_parse(const char *cursor, char date[11], int64_t *key, int64_t *id)
{
	if (!cursor || strlen(cursor) < 14 || cursor[10] != '.')
		return -1;
	memcpy(date, cursor, 10);
	date[10] = '\0';
	if (!date_valid(date))
		return -1;
	return page_cursor_int_id_parse(cursor + 11, key, id);
}

void page_cursor_id(char out[PAGE_CURSOR_LEN + 1], int64_t id)
{
	snprintf(out, PAGE_CURSOR_LEN + 1, "%" PRId64, id);
}

int page_cursor_id_parse(const char *cursor, int64_t *id)
{
	return cursor ? parse_number(cursor, NULL, 0, id) : -1;
}

void page_read_start(struct page *p)
{
	p->more = 0;
	p->next[0] = '\0';
	p->total = 0;
	p->rows = 0;
}

int page_read_row(struct page *p)
{
	if (++p->rows > p->limit) {
		p->more = 1;
		return 1;
	}
	return 0;
}

void page_read_done(struct page *p)
{
	if (!p->more)
		p->next[0] = '\0';
}

int page_read(void *ctx, const store_row *row)
{
	struct page_read *r = ctx;
	if (page_read_row(r->pg))
		return 1;
	r->cursor(r->pg, row);
	return r->row(r->ctx, row);
}

int page_refuse_cursor(svc *s)
{
	return svc_fail(s, SVC_INVALID, "after",
			N_("Ce curseur de page n'est pas valide : repartez de la première page."));
}
