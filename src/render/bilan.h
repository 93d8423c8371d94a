/*
 * doc/bilan — the annual bilan laid out once for every format that a
 * person reads: the page (web/bilan.c), the HTML, PDF and XLSX documents.
 * bilan_doc_build() turns a computed report (service/report.h) into French
 * text: the title, the key figures in sentences as in seed 003 ("590 agents
 * ont été accompagnés, soit 5,2 % de l'effectif"), one section per
 * breakdown with labelled rows, counts written the French way ("11 367",
 * "< 11" when hidden) and percentages, and the themes' trends.  The
 * writers below only draw what the model says, so no format can show a
 * figure that another hides.
 */
#ifndef RELAIS_DOC_BILAN_H
#define RELAIS_DOC_BILAN_H

#include <stddef.h>
#include <stdint.h>

#include "service/bilan.h"
#include "support/arena.h"
#include "support/buf.h"

#define BILAN_SECTIONS 17
#define BILAN_SENTENCES 6

/* One key of a breakdown. */
struct bilan_doc_row {
	const char *key;          /* reference code, age band key or "unknown" */
	const char *label;        /* French */
	int64_t count;            /* meaningless when hidden */
	int hidden;               /* published as "< 11" */
	const char *count_text;   /* "11 367", "< 11" */
	double percent;           /* of the section's total; < 0 when not published */
	const char *percent_text; /* "5,2 %" or "" */
};

/* One breakdown. */
struct bilan_doc_section {
	const char *id;            /* ASCII anchor and sheet name: "statut" */
	const char *title;         /* "Statut" */
	const char *sheet;         /* a name of at most 31 characters (XLSX) */
	const char *unit;          /* column of counts: "Agents", "Interventions" */
	const char *percent_title; /* "% des agents accompagnés" */
	const char *note;          /* why there are no rows (hidden or empty), else NULL */
	int skip_zero_bars;        /* long lists: charts leave out the zeros */
	size_t n;
	struct bilan_doc_row *rows;
};

/* One theme, this year against the previous one. */
struct bilan_doc_trend {
	const char *label;
	const char *previous_text, *current_text;
	int64_t previous, current;
	int previous_hidden, current_hidden;
	int published; /* both counts shown: it may be drawn */
	int emerging;
};

struct bilan_doc {
	const struct bilan *r;
	const char *scope;    /* "Tout le service" or the organisation's name */
	const char *title;    /* "Bilan 2008 — Tout le service" */
	const char *audience; /* "Service (tous les chiffres)" / "Employeur (protégé)" */
	const char *sentences[BILAN_SENTENCES];
	const char *suppression_note; /* employer audience only, else NULL */
	const char *trends_note;      /* what "emerging" means */
	const char *generated_on;     /* "24 novembre 2026" */
	struct bilan_doc_section sections[BILAN_SECTIONS];
	size_t nsections;
	struct bilan_doc_trend *trends;
	size_t ntrends, nemerging; /* nemerging: emerging and published */
};

/*
 * Lays out r (which must outlive d) in a; labels come from the reference
 * lists (any signed-in actor may read them).  SVC_OK or a service error.
 */
int bilan_doc_build(arena *a, svc *s, const struct bilan *r, struct bilan_doc *d);

/* French number writing shared with the other pages of the bilan. */
const char *bilan_doc_count(arena *a, int64_t n, int hidden); /* "11 367", "< 11" */
/* The published years of organisation (NULL: an employer's own), newest
   first: *latest the newest (0 when none), *list "2009, 2008" in the
   arena.  A service result code (bilan_publications). */
int bilan_doc_published_years(arena *a, svc *s, const char *organisation, int *latest,
			      const char **list);
const char *bilan_doc_decimal(arena *a, double x);            /* one decimal: "5,2" */
const char *bilan_doc_euros(arena *a, int64_t cents, int hidden); /* "12 345 €", "non publié" */

/* ---- writers ---- */

/* The body of the bilan as HTML (sections from <h2>), for the page and the
   document: key figures, notice, tables, SVG charts, trends. */
void bilan_html_body(const struct bilan_doc *d, buf *b);
/* A whole standalone HTML document (its own small stylesheet, no script). */
void bilan_html_document(const struct bilan_doc *d, buf *b);
/* A PDF document (cairo + pango): title page, key figures, a table and a
   chart per breakdown, trends.  0, or -1 (logged) when cairo failed. */
int bilan_pdf(const struct bilan_doc *d, buf *out);
/* A CSV for French spreadsheets (render/bilan_csvfr.c): BOM, ';', CRLF,
   French labels, decimal comma. */
void bilan_csvfr(const struct bilan_doc *d, buf *out);
/* An XLSX workbook (libxlsxwriter): a summary sheet, then one sheet per
   breakdown with its table and a bar chart, and the trends.  0 or -1. */
int bilan_xlsx(const struct bilan_doc *d, buf *out);

#endif
