/*
 * text — checked parsing and validation of untrusted text.
 * No atoi: every number is parsed with bounds and the whole string must
 * be consumed.
 */
#ifndef RELAIS_TEXT_H
#define RELAIS_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Parses a decimal integer in [min, max]; 0 or -1. */
int text_parse_int(const char *s, int64_t min, int64_t max, int64_t *out);
/* 1 when s is valid UTF-8 without control characters (tab and newline are
   allowed when multiline is set), 0 otherwise. */
int text_is_clean_utf8(const char *s, size_t len, int multiline);
/* Number of code points in a valid UTF-8 string. */
size_t text_utf8_chars(const char *s);
/* 1 when s is an acceptable form field: clean UTF-8 (text_is_clean_utf8,
   line breaks only when multiline) of at most max_chars code points.  A
   required field must hold more than spaces and line breaks; an optional
   one may be NULL or "". */
int text_field_ok(const char *s, size_t max_chars, int multiline, int required);
/*
 * Folds text for searching: lowercase, Latin accents removed (é→e, ç→c,
 * œ→oe, ß→ss…), anything else kept as is.  Writes into out (outlen bytes,
 * always NUL-terminated); the result is never longer than the input.
 */
void text_fold(const char *s, char *out, size_t outlen);

/* Bytes a LIKE pattern from text_like_pattern() needs at most. */
#define TEXT_LIKE_MAX (2 * 255 + 3)
/*
 * A SQL LIKE pattern matching folded text that contains q (folded, its
 * first 255 bytes): "%q%", with q's own % _ ! escaped by '!' (the
 * statement says ESCAPE '!').  q NULL or "" matches everything.  out holds
 * TEXT_LIKE_MAX bytes.
 */
void text_like_pattern(const char *q, char out[TEXT_LIKE_MAX]);

/* Splits "host:port" ("[v6]:port" too); 0 or -1. host has hostlen bytes. */
int text_parse_listen(const char *s, char *host, size_t hostlen, int *port);

#endif
