/* qrsvg — see qrsvg.h. */
#include "support/qrsvg.h"

#include <qrencode.h>

#include "support/html.h"

/*
 * Each horizontal run of dark modules is one closed rectangle,
 * "h<n>v1h-<n>z"; after "z" the current point is back at the run's start,
 * so the next run is reached by a relative move from there.  Rows are
 * read top to bottom, left to right.
 */
static void path_data(buf *out, const QRcode *qr)
{
	int w = qr->width;
	int px = 0, py = 0; /* the current point, in modules (0, 0: the image's corner) */
	for (int y = 0; y < w; y++) {
		const unsigned char *row = qr->data + (size_t)y * (size_t)w;
		for (int x = 0; x < w;) {
			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			int n = 1;
			while (x + n < w && (row[x + n] & 1))
				n++;
			int ax = x + QRSVG_QUIET, ay = y + QRSVG_QUIET;
			if (px == 0 && py == 0)
				buf_printf(out, "M%d %d", ax, ay);
			else
				buf_printf(out, "m%d %d", ax - px, ay - py);
			buf_printf(out, "h%dv1h-%dz", n, n);
			px = ax;
			py = ay;
			x += n;
		}
	}
}

int qrsvg_render(buf *out, const char *text, const char *label, int *version)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return -1;
	int side = qr->width + 2 * QRSVG_QUIET;
	int px = side * QRSVG_PX_PER_MODULE;
	buf_printf(out,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		   "height=\"%d\" role=\"img\" aria-label=\"",
		   side, side, px, px);
	html_attr(out, label);
	buf_printf(out,
		   "\" shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
		   "fill=\"#fff\"/><path fill=\"#000\" d=\"",
		   side, side);
	path_data(out, qr);
	buf_puts(out, "\"/></svg>");
	if (version)
		*version = qr->version;
	QRcode_free(qr);
	return 0;
}
