/* paging — see paging.h. */
#include "service/paging.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/date.h"

int page_from_query(struct page *p, const char *limit, const char *after)
{
	memset(p, 0, sizeof *p);
	p->limit = PAGE_LIMIT_DEFAULT;
	if (limit && *limit) {
		char *end = NULL;
		long n = strtol(limit, &end, 10);
		if (*end || end == limit || n < 1 || n > PAGE_LIMIT_MAX || limit[0] == '+' ||
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
	const char *digits = cursor + 11;
	if (*digits < '1' || *digits > '9' || strlen(digits) > 18)
		return -1;
	for (const char *c = digits; *c; c++)
		if (*c < '0' || *c > '9')
			return -1;
	*id = strtoll(digits, NULL, 10);
	return 0;
}
