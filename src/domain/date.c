/* date — see date.h. */
#include "domain/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_valid(const char *s)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!s || strlen(s) != DATE_LEN || s[4] != '-' || s[7] != '-' || !digits(s, 4) ||
	    !digits(s + 5, 2) || !digits(s + 8, 2))
		return 0;
	int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= days[m - 1] + (m == 2 && leap(y));
}

void date_today(char out[DATE_LEN + 1])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, DATE_LEN + 1, "%Y-%m-%d", &tm);
}

int date_year(const char *s)
{
	return num(s, 4);
}

int date_cmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

/* Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's civil algorithm. */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t date_days_between(const char *a, const char *b)
{
	return days_from_civil(num(b, 4), num(b + 5, 2), num(b + 8, 2)) -
	       days_from_civil(num(a, 4), num(a + 5, 2), num(a + 8, 2));
}

/* The civil date of a day count (the inverse of days_from_civil). */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void date_add_days(const char *d, int64_t n, char out[DATE_LEN + 1])
{
	int y, m, day;
	civil_from_days(days_from_civil(num(d, 4), num(d + 5, 2), num(d + 8, 2)) + n, &y, &m, &day);
	snprintf(out, DATE_LEN + 1, "%04d-%02d-%02d", y, m, day);
}

void date_french(const char *s, char out[11])
{
	if (!date_valid(s)) {
		snprintf(out, 11, "%s", s ? s : "");
		return;
	}
	snprintf(out, 11, "%.2s/%.2s/%.4s", s + 8, s + 5, s);
}
