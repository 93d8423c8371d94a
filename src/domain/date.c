/* date — see date.h. */
#include "domain/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "support/i18n.h"

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

int64_t date_to_days(const char *s)
{
	return days_from_civil(num(s, 4), num(s + 5, 2), num(s + 8, 2));
}

int64_t date_days_between(const char *a, const char *b)
{
	return date_to_days(b) - date_to_days(a);
}

/* The inverse of days_from_civil: counts in 400-year eras of 146,097 days
   from 0000-03-01, so that the leap day ends each year of the era. */
void date_from_days(int64_t days, char out[DATE_LEN + 1])
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;                              /* day of the era */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* year of the era */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);        /* day of the year, from March */
	int64_t mp = (5 * doy + 2) / 153;                             /* month, from March = 0 */
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int y = (int)(yoe + era * 400 + (m <= 2));
	snprintf(out, DATE_LEN + 1, "%04d-%02d-%02d", y, m, d);
}

void date_add_days(const char *s, int64_t days, char out[DATE_LEN + 1])
{
	date_from_days(date_to_days(s) + days, out);
}

const char *date_month_abbr(int month)
{
	static const char *const abbr[12] = {
		N_("janv."), N_("févr."), N_("mars"), N_("avr."),  N_("mai"),  N_("juin"),
		N_("juil."), N_("août"),  N_("sept."), N_("oct."), N_("nov."), N_("déc.")};
	return month >= 1 && month <= 12 ? abbr[month - 1] : "";
}

const char *date_month_name(int month)
{
	static const char *const names[12] = {
		N_("janvier"), N_("février"), N_("mars"),	  N_("avril"),	 N_("mai"),	 N_("juin"),
		N_("juillet"), N_("août"),    N_("septembre"), N_("octobre"), N_("novembre"), N_("décembre")};
	return month >= 1 && month <= 12 ? names[month - 1] : "";
}

void date_french(const char *s, char out[11])
{
	if (!date_valid(s)) {
		snprintf(out, 11, "%s", s ? s : "");
		return;
	}
	snprintf(out, 11, "%.2s/%.2s/%.4s", s + 8, s + 5, s);
}

/*
 * Nearly every zone's offset is a whole number of quarter hours and
 * changes on a quarter hour, so within the quarter [q, q + 900) the local
 * time is q's local time plus t - q: minutes and seconds only, the hour
 * never rolls over.  A quarter is kept only when both its ends have the
 * same offset and its start reads hh:00:00, :15:00, :30:00 or :45:00; any
 * other (Paris before 1911 at +0:09:21, Monrovia until 1972 at -0:44:30)
 * is converted at every call.
 */
#define QUARTER 900

int date_local(int64_t t, struct tm *out)
{
	static _Thread_local struct {
		int64_t start; /* the quarter's first second */
		int valid;
		struct tm tm;  /* its local time */
	} kept;
	int64_t q = t - ((t % QUARTER) + QUARTER) % QUARTER;

	if (!kept.valid || kept.start != q) {
		time_t a = (time_t)q, z = (time_t)(q + QUARTER - 1);
		struct tm ta, tz;
		if ((int64_t)a != q)
			return -1;
		kept.valid = 0;
		if (!localtime_r(&a, &ta))
			return -1;
		if (!localtime_r(&z, &tz) || tz.tm_gmtoff != ta.tm_gmtoff ||
		    tz.tm_isdst != ta.tm_isdst || ta.tm_sec != 0 || ta.tm_min % 15 != 0) {
			time_t tt = (time_t)t;
			return localtime_r(&tt, out) ? 0 : -1;
		}
		kept.start = q;
		kept.tm = ta;
		kept.valid = 1;
	}
	int rest = (int)(t - q);
	*out = kept.tm;
	out->tm_min += rest / 60;
	out->tm_sec = rest % 60;
	return 0;
}

int64_t date_year_start(int64_t now)
{
	time_t t = (time_t)now;
	struct tm tm;
	localtime_r(&t, &tm);
	struct tm jan = {0};
	jan.tm_year = tm.tm_year;
	jan.tm_mday = 1;
	jan.tm_isdst = -1;
	return (int64_t)mktime(&jan);
}
