/*
 * money — amounts of money as the product keeps them: integer cents (an
 * int64_t), never a floating-point number.  Written the French way for
 * people ("1 234,50 €") and read back from what a person types in a form
 * ("1234,50", "1 234.5", "80").  Pure functions.
 */
#ifndef RELAIS_MONEY_H
#define RELAIS_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Bytes money_format() needs at most, NUL included. */
#define MONEY_TEXT_MAX 48

/*
 * The amount in euros the French way: groups of three digits separated by
 * a narrow no-break space (U+202F, as disclosure_label writes counts), a
 * decimal comma with two digits, a no-break space (U+00A0) then "€";
 * negative amounts start with "-": "0,00 €", "1 234,50 €", "-0,05 €".
 * Writes into out (outlen bytes; MONEY_TEXT_MAX is always enough) and
 * returns out; NULL when outlen is too small (out then holds "" when
 * outlen > 0).
 */
const char *money_format(int64_t cents, char *out, size_t outlen);

/*
 * Reads a non-negative amount in euros as typed: digits, optionally
 * grouped by spaces (ASCII, U+00A0 or U+202F), then optionally a comma or a
 * dot and one or two digits ("1 234,5" is 123450 cents).  No sign, no
 * currency sign.  0 and *cents set when the amount is at most max cents;
 * -1 otherwise.
 */
int money_parse(const char *s, int64_t max, int64_t *cents);

#endif
