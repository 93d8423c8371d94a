/* ageband — see ageband.h. */
#include "domain/ageband.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/date.h"
#include "support/text.h"

/* Longest item worth parsing: "120" is 3 digits; leading zeros are allowed
   by text_parse_int, a few more are tolerated, a long item is refused. */
#define AGEBAND_ITEM_MAX 8

static int ageband_fail(char *err, size_t errlen, const char *message)
{
	if (err && errlen > 0)
		snprintf(err, errlen, "%s", message);
	return -1;
}

/* Writes the keys of b from its bounds. */
static void ageband_make_keys(struct ageband *b)
{
	size_t n = b->nbounds;
	snprintf(b->keys[0], AGEBAND_KEY_LEN, "<%d", b->bounds[0]);
	for (size_t i = 0; i + 1 < n; i++)
		snprintf(b->keys[i + 1], AGEBAND_KEY_LEN, "%d-%d", b->bounds[i], b->bounds[i + 1] - 1);
	snprintf(b->keys[n], AGEBAND_KEY_LEN, "%d+", b->bounds[n - 1]);
	snprintf(b->keys[n + 1], AGEBAND_KEY_LEN, "%s", "unknown");
}

int ageband_parse(const char *list, struct ageband *out, char *err, size_t errlen)
{
	struct ageband b;
	memset(&b, 0, sizeof b);
	if (!list || !*list)
		return ageband_fail(err, errlen, "the list of age bands is empty");
	const char *p = list;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == 0)
			return ageband_fail(err, errlen, "the list of age bands has an empty item");
		if (b.nbounds == AGEBAND_BOUNDS_MAX)
			return ageband_fail(err, errlen, "the list of age bands has more than 10 bounds");
		char item[AGEBAND_ITEM_MAX + 1];
		int64_t v;
		if (len > AGEBAND_ITEM_MAX)
			return ageband_fail(err, errlen,
					    "an age band bound must be a whole number from 1 to 120");
		memcpy(item, p, len);
		item[len] = '\0';
		if (text_parse_int(item, AGEBAND_BOUND_MIN, AGEBAND_BOUND_MAX, &v) != 0)
			return ageband_fail(err, errlen,
					    "an age band bound must be a whole number from 1 to 120");
		if (b.nbounds > 0 && v <= b.bounds[b.nbounds - 1])
			return ageband_fail(err, errlen, "age band bounds must be strictly ascending");
		b.bounds[b.nbounds++] = (int)v;
		if (!comma)
			break;
		p = comma + 1;
	}
	ageband_make_keys(&b);
	*out = b;
	return 0;
}

void ageband_default(struct ageband *out)
{
	/* The constant is valid (the unit test checks it): parsing cannot fail. */
	(void)ageband_parse(AGEBAND_DEFAULT, out, NULL, 0);
}

size_t ageband_count(const struct ageband *b)
{
	return b->nbounds + 2;
}

const char *ageband_key(const struct ageband *b, size_t i)
{
	return i < ageband_count(b) ? b->keys[i] : NULL;
}

size_t ageband_index(const struct ageband *b, int report_year, const char *birth_date)
{
	if (!birth_date || !date_valid(birth_date))
		return b->nbounds + 1;
	return ageband_index_year(b, report_year, date_year(birth_date));
}

size_t ageband_index_year(const struct ageband *b, int report_year, int birth_year)
{
	size_t unknown = b->nbounds + 1;
	if (birth_year <= 0)
		return unknown;
	int age = report_year - birth_year;
	if (age < 0)
		return unknown;
	/* Key i (i >= 1) starts at bounds[i - 1]; key 0 is below bounds[0]. */
	size_t i = 0;
	while (i < b->nbounds && age >= b->bounds[i])
		i++;
	return i;
}
