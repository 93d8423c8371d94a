/* render/pdfout — see pdfout.h. */
#include "render/pdfout.h"

#include <cairo-pdf.h>

#include "support/log.h"
/* last: it redirects the libraries' functions to their table */
#include "render/pdflib.h"

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	buf *out = closure;
	buf_add(out, data, length);
	return out->overflow ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

cairo_t *pdfout_open(buf *out, double w, double h, const char *title)
{
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(to_buf, out, w, h);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "relais");
	cairo_t *cr = cairo_create(surface);
	cairo_surface_destroy(surface); /* cr holds it */
	return cr;
}

int pdfout_close(cairo_t *cr, buf *out, const char *what)
{
	cairo_show_page(cr);
	cairo_surface_t *surface = cairo_surface_reference(cairo_get_target(cr));
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (st != CAIRO_STATUS_SUCCESS || out->overflow) {
		log_error("%s: %s", what, out->overflow ? "too large" : cairo_status_to_string(st));
		return -1;
	}
	return 0;
}
