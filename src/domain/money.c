/* money — see money.h. */
#include "domain/money.h"

#include <stdio.h>
#include <string.h>

#include "domain/disclosure.h"

/* U+00A0 NO-BREAK SPACE before the currency sign. */
static const char nbsp_euro[] = "\xc2\xa0\xe2\x82\xac";

const char *money_format(int64_t cents, char *out, size_t outlen)
{
	/* Truncation towards zero keeps |euros| and |rest| within int64_t even
	   for INT64_MIN. */
	int64_t euros = cents / 100, rest = cents % 100;
	if (euros < 0)
		euros = -euros;
	if (rest < 0)
		rest = -rest;
	char group[DISCLOSURE_LABEL_MAX];
	disclosure_label(euros, 0, group, sizeof group);
	char tmp[MONEY_TEXT_MAX];
	int n = snprintf(tmp, sizeof tmp, "%s%s,%02d%s", cents < 0 ? "-" : "", group, (int)rest,
			 nbsp_euro);
	if (n < 0 || (size_t)n + 1 > outlen) {
		if (outlen > 0)
			out[0] = '\0';
		return NULL;
	}
	memcpy(out, tmp, (size_t)n + 1);
	return out;
}

/* The length of a group separator at s (a space, U+00A0 or U+202F), or 0. */
static size_t separator(const char *s)
{
	if (s[0] == ' ')
		return 1;
	if (strncmp(s, "\xc2\xa0", 2) == 0)
		return 2;
	if (strncmp(s, "\xe2\x80\xaf", 3) == 0)
		return 3;
	return 0;
}

int money_parse(const char *s, int64_t max, int64_t *cents)
{
	if (!s)
		return -1;
	int64_t euros = 0;
	int digits = 0;
	const char *p = s;
	for (;;) {
		if (*p >= '0' && *p <= '9') {
			if (euros > (INT64_MAX / 100 - 9) / 10)
				return -1;
			euros = euros * 10 + (*p++ - '0');
			digits++;
		} else if (digits && separator(p) && p[separator(p)] >= '0' &&
			   p[separator(p)] <= '9') {
			p += separator(p);
		} else {
			break;
		}
	}
	if (!digits)
		return -1;
	int64_t rest = 0;
	if (*p == ',' || *p == '.') {
		p++;
		int decimals = 0;
		while (*p >= '0' && *p <= '9' && decimals < 2) {
			rest = rest * 10 + (*p++ - '0');
			decimals++;
		}
		if (decimals == 0)
			return -1;
		if (decimals == 1)
			rest *= 10;
	}
	if (*p != '\0')
		return -1;
	int64_t v = euros * 100 + rest;
	if (v > max)
		return -1;
	*cents = v;
	return 0;
}
