/*
 * render/pdfout — a PDF drawn with cairo into a buffer: the stream, the
 * metadata and the finishing that every PDF document shares (the bilan,
 * the bordereau d'élimination).
 */
#ifndef RELAIS_RENDER_PDFOUT_H
#define RELAIS_RENDER_PDFOUT_H

#include <cairo.h>

#include "support/buf.h"

/* A cairo context on a PDF of w × h points whose bytes are appended to out
   (which must outlive pdfout_close), titled title, created by relais. */
cairo_t *pdfout_open(buf *out, double w, double h, const char *title);

/* Ends the last page, finishes the PDF and frees cr.  0, or -1 (logged as
   `what`) when cairo failed or out overflowed. */
int pdfout_close(cairo_t *cr, buf *out, const char *what);

#endif
