/*
 * lazylib — shared libraries loaded on first use.
 *
 * The libraries behind the PDF (cairo, pango and glib), the XLSX workbook
 * (libxlsxwriter), OpenID Connect (iddawc, rhonabwy) and PostgreSQL (libpq)
 * bring some sixty more shared objects with them: linked to the binary,
 * every process paid for loading them at start-up, though most never draw
 * a PDF and the default database is SQLite.  They are opened with dlopen
 * the first time a feature needs them instead, and the functions it calls
 * are found by name into a table of pointers (render/pdflib.h,
 * render/xlsxlib.h, support/oidclib.h, store/pqlib.h redirect each name to
 * its pointer).
 */
#ifndef RELAIS_LAZYLIB_H
#define RELAIS_LAZYLIB_H

#include <pthread.h>
#include <stddef.h>

/* A function of the table: its name and where its pointer goes. */
struct lazylib_fn {
	const char *name;
	size_t offset;
};

struct lazylib {
	const char *what;            /* for the log: "PDF (cairo, pango)" */
	const char *const *sonames;  /* opened in turn, NULL-terminated */
	const struct lazylib_fn *fns;
	size_t nfns;
	void *table;                 /* the pointers, filled by lazylib_load */
	pthread_mutex_t lock;
	int state;                   /* 0 not tried, 1 loaded, -1 failed (for good) */
};

#define LAZYLIB_INIT(what, sonames, fns, table)                                                \
	{(what), (sonames), (fns), sizeof(fns) / sizeof((fns)[0]), (table),                     \
	 PTHREAD_MUTEX_INITIALIZER, 0}

/* Opens l's libraries and fills its table, once; 0 when every function
   was found, else -1, the reason logged the first time (a library missing
   stays missing: later calls fail at once). */
int lazylib_load(struct lazylib *l);

#endif
