/*
 * paging_read — reading one page of a list from the store (internal to
 * the service layer; service/paging.h is the part the adapters see).
 */
#ifndef RELAIS_PAGING_READ_H
#define RELAIS_PAGING_READ_H

#include "service/internal.h"
#include "service/paging.h"

/* A list's page being read: a store_row_fn's context (page_read). */
struct page_read {
	struct page *pg;
	/* Writes row's cursor into pg->next (page_cursor_*). */
	void (*cursor)(struct page *pg, const store_row *row);
	store_row_fn row; /* the list's own reader, for the page's rows */
	void *ctx;        /* its context */
};

/* A store_row_fn over a struct page_read: stops at the row past the page
   (pg->more set), else notes the row's cursor and hands it on. */
int page_read(void *ctx, const store_row *row);

/* SVC_INVALID naming "after": a cursor the list did not write. */
int page_refuse_cursor(svc *s);

#endif
