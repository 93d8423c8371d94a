/*
 * date — calendar dates as the product stores them: "YYYY-MM-DD" text,
 * which sorts and compares as it reads.  Pure functions.
 */
#ifndef RELAIS_DATE_H
#define RELAIS_DATE_H

#include <stdint.h>
#include <time.h>

#define DATE_LEN 10

/* 1 when s is a real calendar date written YYYY-MM-DD (years 1900–2199). */
int date_valid(const char *s);
/* Today in the process time zone, into out[DATE_LEN + 1]. */
void date_today(char out[DATE_LEN + 1]);
/* Year of a valid date. */
int date_year(const char *s);
/* <0, 0, >0 like strcmp, for valid dates. */
int date_cmp(const char *a, const char *b);
/* Days from a to b (b - a), for valid dates. */
int64_t date_days_between(const char *a, const char *b);
/* The valid date s moved by days (negative: earlier), into out. */
void date_add_days(const char *s, int64_t days, char out[DATE_LEN + 1]);
/* Days since 1970-01-01 of a valid date (proleptic Gregorian). */
int64_t date_to_days(const char *s);
/* The date `days` days after 1970-01-01 (negative: before), into
   out[DATE_LEN + 1]; days must fall within the years 1900–2199. */
void date_from_days(int64_t days, char out[DATE_LEN + 1]);
/* The French name of month 1–12 as a message id (translate it with _()),
   "" outside. */
const char *date_month_name(int month);
/* Its usual French abbreviation ("janv.", "avr.", "août"), untranslated
   (N_): for charts' axes. */
const char *date_month_abbr(int month);
/* The Unix time of 1 January, 0:00 in the process time zone, of the
   year of Unix time now (a yearly count: service/persons.h). */
int64_t date_year_start(int64_t now);
/* The broken-down local time of Unix time t, as localtime_r() gives it,
   into *out; 0, or -1 when t is out of range.  A page shows hundreds of
   times: each thread keeps the quarter hour last converted (glibc's
   localtime_r takes a process-wide lock on every call), and any time in
   it is that quarter's time plus the seconds since.  The process's time
   zone is set once at start-up (main.c). */
int date_local(int64_t t, struct tm *out);
/* "24/11/2026" from "2026-11-24" into out[11]; copies s when invalid. */
void date_french(const char *s, char out[11]);

#endif
