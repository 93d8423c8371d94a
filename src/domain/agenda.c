/* agenda — see agenda.h. */
#include "domain/agenda.h"

#include <stdio.h>
#include <string.h>

#include "domain/date.h"

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int agenda_time_parse(const char *s)
{
	if (!s || strlen(s) != AGENDA_TIME_LEN || s[2] != ':' || !digits(s, 2) || !digits(s + 3, 2))
		return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return -1;
	return h * 60 + m;
}

void agenda_time_format(int minutes, char out[AGENDA_TIME_LEN + 1])
{
	if (minutes < 0 || minutes > 1439)
		minutes = 0;
	snprintf(out, AGENDA_TIME_LEN + 1, "%02d:%02d", minutes / 60, minutes % 60);
}

int agenda_datetime_parse(const char *s, char date[11], int *minutes)
{
	if (!s)
		return -1;
	size_t n = strlen(s);
	if (n != AGENDA_DATETIME_LEN && !(n == AGENDA_DATETIME_LEN + 3 && s[16] == ':' &&
					  s[17] == '0' && s[18] == '0'))
		return -1;
	if (s[10] != 'T' && s[10] != ' ')
		return -1;
	char d[11], t[AGENDA_TIME_LEN + 1];
	memcpy(d, s, 10);
	d[10] = '\0';
	memcpy(t, s + 11, AGENDA_TIME_LEN);
	t[AGENDA_TIME_LEN] = '\0';
	int m = agenda_time_parse(t);
	if (!date_valid(d) || m < 0)
		return -1;
	memcpy(date, d, 11);
	*minutes = m;
	return 0;
}

int agenda_weekday(const char *date)
{
	/* 1970-01-01 was a Thursday (4). */
	int64_t d = date_to_days(date);
	int64_t w = ((d % 7) + 7 + 3) % 7; /* 0 Monday */
	return (int)w + 1;
}

void agenda_monday(const char *date, char out[11])
{
	date_add_days(date, -(agenda_weekday(date) - 1), out);
}

/* The Monday of ISO week 1 of year y: the week holding 4 January. */
static int64_t week1_monday(int y)
{
	char jan4[11];
	snprintf(jan4, sizeof jan4, "%04d-01-04", y);
	return date_to_days(jan4) - (agenda_weekday(jan4) - 1);
}

int agenda_week_parse(const char *spec, char monday[11])
{
	if (!spec || strlen(spec) != AGENDA_WEEK_LEN || !digits(spec, 4) || spec[4] != '-' ||
	    (spec[5] != 'W' && spec[5] != 'w') || !digits(spec + 6, 2))
		return -1;
	int y = (spec[0] - '0') * 1000 + (spec[1] - '0') * 100 + (spec[2] - '0') * 10 +
		(spec[3] - '0');
	int w = (spec[6] - '0') * 10 + (spec[7] - '0');
	if (y < 1901 || y > 2198 || w < 1)
		return -1;
	int64_t weeks = (week1_monday(y + 1) - week1_monday(y)) / 7;
	if (w > weeks)
		return -1;
	date_from_days(week1_monday(y) + (int64_t)(w - 1) * 7, monday);
	return 0;
}

void agenda_week_name(const char *date, char out[AGENDA_WEEK_LEN + 1])
{
	/* The ISO year is the year of the week's Thursday. */
	char mon[11], thu[11];
	agenda_monday(date, mon);
	date_add_days(mon, 3, thu);
	int y = date_year(thu);
	int w = (int)((date_to_days(mon) - week1_monday(y)) / 7) + 1;
	snprintf(out, AGENDA_WEEK_LEN + 1, "%04u-W%02u", (unsigned)y % 10000u, (unsigned)w % 100u);
}

int agenda_rule_ok(const struct agenda_rule *r)
{
	return r->weekday >= 1 && r->weekday <= 7 && r->start >= 0 && r->end <= 1439 &&
	       r->start < r->end &&
	       (r->every_weeks == 1 || r->every_weeks == 2 || r->every_weeks == 4) && r->from &&
	       date_valid(r->from) &&
	       (!r->until || (date_valid(r->until) && date_cmp(r->until, r->from) >= 0));
}

int agenda_first(const struct agenda_rule *r, char out[11])
{
	int shift = (r->weekday - agenda_weekday(r->from) + 7) % 7;
	date_add_days(r->from, shift, out);
	return r->until && date_cmp(out, r->until) > 0 ? -1 : 0;
}

int agenda_occurs(const struct agenda_rule *r, const char *date)
{
	char first[11];
	if (!date_valid(date) || agenda_weekday(date) != r->weekday || agenda_first(r, first) != 0)
		return 0;
	if (date_cmp(date, first) < 0 || (r->until && date_cmp(date, r->until) > 0))
		return 0;
	return (date_days_between(first, date) / 7) % r->every_weeks == 0;
}

int agenda_times_overlap(int s1, int e1, int s2, int e2)
{
	return s1 < e2 && s2 < e1;
}

int agenda_rules_overlap(const struct agenda_rule *a, const struct agenda_rule *b)
{
	if (a->weekday != b->weekday || !agenda_times_overlap(a->start, a->end, b->start, b->end))
		return 0;
	const char *lo = date_cmp(a->from, b->from) >= 0 ? a->from : b->from;
	const char *hi = !a->until ? b->until
			 : !b->until ? a->until
			 : date_cmp(a->until, b->until) <= 0 ? a->until : b->until;
	if (hi && date_cmp(lo, hi) > 0)
		return 0;
	char d[11];
	int shift = (a->weekday - agenda_weekday(lo) + 7) % 7;
	date_add_days(lo, shift, d);
	for (int i = 0; i < 4; i++) {
		if (hi && date_cmp(d, hi) > 0)
			return 0;
		if (agenda_occurs(a, d) && agenda_occurs(b, d))
			return 1;
		char next[11];
		date_add_days(d, 7, next);
		memcpy(d, next, sizeof d);
	}
	return 0;
}
