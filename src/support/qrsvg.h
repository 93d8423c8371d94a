/*
 * qrsvg — a QR code as an inline SVG image, with libqrencode: the second
 * factor's enrolment shows the otpauth:// URI this way (issue 13), so the
 * page needs no image request and no script.
 *
 * The symbol is encoded in 8-bit mode, case kept, at error correction
 * level M (15 % of the symbol recoverable: a screen photographed at an
 * angle), in the smallest version that holds the text.  The image is one
 * white <rect> and one <path> holding every dark module, with the quiet
 * zone of 4 modules the standard asks for around the symbol; user units are
 * modules (viewBox "0 0 W W" with W = modules + 8), width and height
 * QRSVG_PX_PER_MODULE pixels a module (CSS may resize it), role="img" and
 * the given aria-label, shape-rendering="crispEdges" so modules stay sharp.
 * The same text always gives the same bytes.
 */
#ifndef RELAIS_QRSVG_H
#define RELAIS_QRSVG_H

#include "support/buf.h"

#define QRSVG_QUIET 4          /* modules of quiet zone on each side */
#define QRSVG_PX_PER_MODULE 4  /* the image's default size */

/*
 * Appends the SVG of text's QR code to out.  label is the accessible name,
 * in the reader's language (the caller translates it), escaped here.
 * *version (when not NULL) receives the symbol's version, 1-40: the symbol
 * has 17 + 4 × version modules a side.  0, or -1 when the text is too long
 * for any QR code at level M or memory ran out; out is then unchanged.
 */
int qrsvg_render(buf *out, const char *text, const char *label, int *version);

#endif
