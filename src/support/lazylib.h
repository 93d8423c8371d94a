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

/* In a table's .c file, with LAZYLIB_STRUCT defined as its struct type:
   defines the table `name` (FUNCTIONS lists its functions as X(f)) and
   `int name_load(void)`, which opens the libraries named after `what`
   (the log's name for them) and fills the table, once. */
#define LAZYLIB_ENTRY(f) {#f, offsetof(LAZYLIB_STRUCT, f)},
#define LAZYLIB_DEFINE(name, FUNCTIONS, what, ...)                                            \
	LAZYLIB_STRUCT name;                                                                  \
	static const char *const name##_sonames[] = {__VA_ARGS__, NULL};                      \
	static const struct lazylib_fn name##_fns[] = {FUNCTIONS(LAZYLIB_ENTRY)};             \
	static struct lazylib name##_lib = LAZYLIB_INIT(what, name##_sonames, name##_fns, &name); \
	int name##_load(void)                                                                 \
	{                                                                                     \
		return lazylib_load(&name##_lib);                                             \
	}

/* Opens l's libraries and fills its table, once; 0 when every function
   was found, else -1, the reason logged the first time (a library missing
   stays missing: later calls fail at once). */
int lazylib_load(struct lazylib *l);

#endif
