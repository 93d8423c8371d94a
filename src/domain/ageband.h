/*
 * ageband — the age bands of the bilan's breakdown by age.
 *
 * Age is the report year minus the birth year (no month or day: the bilan
 * counts a calendar year).  Bands come from a list of ascending lower
 * bounds: the default 25,35,45,55 gives the keys "<25", "25-34", "35-44",
 * "45-54", "55+"; 35,56 gives "<35", "35-55", "56+".  A last key,
 * "unknown", counts persons without a usable birth date.  Pure functions,
 * no allocation: a struct ageband is a plain value the caller owns.
 */
#ifndef RELAIS_AGEBAND_H
#define RELAIS_AGEBAND_H

#include <stddef.h>

#define AGEBAND_BOUNDS_MAX 10              /* lower bounds in a list, at most */
#define AGEBAND_BOUND_MIN 1                /* smallest allowed bound (years) */
#define AGEBAND_BOUND_MAX 120              /* largest allowed bound (years) */
#define AGEBAND_KEYS_MAX (AGEBAND_BOUNDS_MAX + 2) /* bands + "unknown" */
#define AGEBAND_KEY_LEN 16                 /* bytes of one key, NUL included */
#define AGEBAND_DEFAULT "25,35,45,55"      /* the bounds of ageband_default() */

/* A parsed list of bounds and its keys; fill with ageband_parse() or
   ageband_default(). */
struct ageband {
	size_t nbounds;                              /* lower bounds, 1..AGEBAND_BOUNDS_MAX */
	int bounds[AGEBAND_BOUNDS_MAX];              /* strictly ascending, each 1..120 */
	char keys[AGEBAND_KEYS_MAX][AGEBAND_KEY_LEN]; /* nbounds + 2 keys, "unknown" last */
};

/*
 * Parses a list such as "35,56": 1 to AGEBAND_BOUNDS_MAX decimal integers
 * from 1 to 120, strictly ascending, separated by single commas, without
 * spaces or empty items.  Returns 0 with *out filled, or -1 with *out left
 * unchanged and a fixed English message in err (errlen bytes, may be NULL)
 * that the API layer translates; the message never quotes the input.
 */
int ageband_parse(const char *list, struct ageband *out, char *err, size_t errlen);

/* Fills *out with the default bands, AGEBAND_DEFAULT. */
void ageband_default(struct ageband *out);

/* Number of keys, "unknown" included (nbounds + 2). */
size_t ageband_count(const struct ageband *b);

/* Key i ("<25", "25-34", "55+", "unknown"), in b's storage; NULL when
   i >= ageband_count(b). */
const char *ageband_key(const struct ageband *b, size_t i);

/*
 * Index of the key that a person born on birth_date ("YYYY-MM-DD") falls
 * under in report_year.  NULL, "", an invalid date and a birth year after
 * the report year (a negative age, i.e. a data error) give the index of
 * "unknown" (ageband_count(b) - 1).
 */
size_t ageband_index(const struct ageband *b, int report_year, const char *birth_date);
/* The same from the birth year alone (all the bands need; the exact date
   is sealed): 0 or less is "unknown". */
size_t ageband_index_year(const struct ageband *b, int report_year, int birth_year);

#endif
