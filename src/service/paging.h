/*
 * paging — one page of a list that grows, in a stable order (keyset
 * paging: the next page starts after the last row shown, so rows added
 * meanwhile neither repeat nor vanish).  The cursor is opaque to clients:
 * the service writes it and checks it when it comes back.
 */
#ifndef RELAIS_PAGING_H
#define RELAIS_PAGING_H

#include <stdint.h>

#define PAGE_LIMIT_DEFAULT 50
#define PAGE_LIMIT_MAX 200
#define PAGE_CURSOR_LEN 48

struct page {
	int limit;                         /* rows wanted (1…PAGE_LIMIT_MAX) */
	char after[PAGE_CURSOR_LEN + 1];   /* start after this cursor; "" for the first page */
	/* Set by the list: */
	int more;                          /* rows follow this page */
	char next[PAGE_CURSOR_LEN + 1];    /* the cursor of its last row ("" when none) */
	int64_t total;                     /* rows in the whole list */
	int rows;                          /* rows read so far (page_read_row) */
};

/*
 * Fills p from a request's "limit" and "after" (either may be NULL or "":
 * PAGE_LIMIT_DEFAULT, the first page).  0, or -1 when limit is not a
 * number in 1…PAGE_LIMIT_MAX or the cursor is too long or not printable
 * (the list itself refuses a cursor it did not write).
 */
int page_from_query(struct page *p, const char *limit, const char *after);
/* The same with a list's own default and bound: limit from 1 to max. */
int page_from_query_bounded(struct page *p, const char *limit, const char *after, int dflt,
			    int max);

/* A (date, id) cursor, for lists in date order: "YYYY-MM-DD.id". */
void page_cursor_date_id(char out[PAGE_CURSOR_LEN + 1], const char *date, int64_t id);
/* Reads one back: 0, or -1 when it is not one. */
int page_cursor_date_id_parse(const char *cursor, char date[11], int64_t *id);

/* A (date, integer, id) cursor, for lists in date order then in an order
   of their own within a day: "YYYY-MM-DD.N.id". */
void page_cursor_date_int_id(char out[PAGE_CURSOR_LEN + 1], const char *date, int64_t key,
			     int64_t id);
/* Reads one back: 0, or -1 when it is not one. */
int page_cursor_date_int_id_parse(const char *cursor, char date[11], int64_t *key, int64_t *id);

/* An (integer, id) cursor, for lists in time order (a Unix time): "N.id". */
void page_cursor_int_id(char out[PAGE_CURSOR_LEN + 1], int64_t key, int64_t id);
/* Reads one back: 0, or -1 when it is not one. */
int page_cursor_int_id_parse(const char *cursor, int64_t *key, int64_t *id);
/* An id alone, for lists in id order or whose key the list reads back by
   id: "id". */
void page_cursor_id(char out[PAGE_CURSOR_LEN + 1], int64_t id);
/* Reads one back: 0, or -1 when it is not one. */
int page_cursor_id_parse(const char *cursor, int64_t *id);

/*
 * Reading a page: the list asks the store for limit + 1 rows, calls
 * page_read_row for each (1 for the row past the page: p->more is set, stop
 * reading; 0 for a row of the page: write its cursor into p->next), and
 * page_read_done once read (p->next cleared on the last page).
 */
void page_read_start(struct page *p);
int page_read_row(struct page *p);
void page_read_done(struct page *p);

#endif
