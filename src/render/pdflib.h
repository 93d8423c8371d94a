/*
 * pdflib — cairo, pango and glib for the PDF documents,
 * loaded on first use (support/lazylib.h).
 *
 * Include it after every other header: each function below is redirected
 * to its pointer in the table, which pdflib_load fills; call that first
 * and give up on -1 (the libraries are missing: logged).  pdflib.c, which
 * fills the table, defines PDFLIB_TABLE to keep the names as they are.
 */
#ifndef RELAIS_PDFLIB_H
#define RELAIS_PDFLIB_H

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib-object.h>
#include <glib.h>
#include <pango/pangocairo.h>

/* Every function called, by name. */
#define PDFLIB_FUNCTIONS(X) \
	X(cairo_arc) \
	X(cairo_create) \
	X(cairo_destroy) \
	X(cairo_fill) \
	X(cairo_get_target) \
	X(cairo_line_to) \
	X(cairo_move_to) \
	X(cairo_pdf_surface_create_for_stream) \
	X(cairo_pdf_surface_set_metadata) \
	X(cairo_rectangle) \
	X(cairo_set_dash) \
	X(cairo_set_line_width) \
	X(cairo_set_source_rgb) \
	X(cairo_show_page) \
	X(cairo_status) \
	X(cairo_status_to_string) \
	X(cairo_stroke) \
	X(cairo_surface_destroy) \
	X(cairo_surface_finish) \
	X(cairo_surface_reference) \
	X(cairo_surface_status) \
	X(g_free) \
	X(g_markup_escape_text) \
	X(g_object_unref) \
	X(pango_cairo_create_layout) \
	X(pango_cairo_show_layout) \
	X(pango_font_description_free) \
	X(pango_font_description_from_string) \
	X(pango_font_description_set_absolute_size) \
	X(pango_font_description_set_weight) \
	X(pango_layout_get_size) \
	X(pango_layout_set_alignment) \
	X(pango_layout_set_font_description) \
	X(pango_layout_set_markup) \
	X(pango_layout_set_tabs) \
	X(pango_layout_set_text) \
	X(pango_layout_set_width) \
	X(pango_layout_set_wrap) \
	X(pango_tab_array_free) \
	X(pango_tab_array_new) \
	X(pango_tab_array_set_tab)

#define PDFLIB_FIELD(f) __typeof__(&f) f;
struct pdflib {
	PDFLIB_FUNCTIONS(PDFLIB_FIELD)
};
#undef PDFLIB_FIELD

extern struct pdflib pdflib;

/* 0 once the libraries are loaded, else -1 (logged). */
int pdflib_load(void);

#ifndef PDFLIB_TABLE
#undef cairo_arc
#define cairo_arc (pdflib.cairo_arc)
#undef cairo_create
#define cairo_create (pdflib.cairo_create)
#undef cairo_destroy
#define cairo_destroy (pdflib.cairo_destroy)
#undef cairo_fill
#define cairo_fill (pdflib.cairo_fill)
#undef cairo_get_target
#define cairo_get_target (pdflib.cairo_get_target)
#undef cairo_line_to
#define cairo_line_to (pdflib.cairo_line_to)
#undef cairo_move_to
#define cairo_move_to (pdflib.cairo_move_to)
#undef cairo_pdf_surface_create_for_stream
#define cairo_pdf_surface_create_for_stream (pdflib.cairo_pdf_surface_create_for_stream)
#undef cairo_pdf_surface_set_metadata
#define cairo_pdf_surface_set_metadata (pdflib.cairo_pdf_surface_set_metadata)
#undef cairo_rectangle
#define cairo_rectangle (pdflib.cairo_rectangle)
#undef cairo_set_dash
#define cairo_set_dash (pdflib.cairo_set_dash)
#undef cairo_set_line_width
#define cairo_set_line_width (pdflib.cairo_set_line_width)
#undef cairo_set_source_rgb
#define cairo_set_source_rgb (pdflib.cairo_set_source_rgb)
#undef cairo_show_page
#define cairo_show_page (pdflib.cairo_show_page)
#undef cairo_status
#define cairo_status (pdflib.cairo_status)
#undef cairo_status_to_string
#define cairo_status_to_string (pdflib.cairo_status_to_string)
#undef cairo_stroke
#define cairo_stroke (pdflib.cairo_stroke)
#undef cairo_surface_destroy
#define cairo_surface_destroy (pdflib.cairo_surface_destroy)
#undef cairo_surface_finish
#define cairo_surface_finish (pdflib.cairo_surface_finish)
#undef cairo_surface_reference
#define cairo_surface_reference (pdflib.cairo_surface_reference)
#undef cairo_surface_status
#define cairo_surface_status (pdflib.cairo_surface_status)
#undef g_free
#define g_free (pdflib.g_free)
#undef g_markup_escape_text
#define g_markup_escape_text (pdflib.g_markup_escape_text)
#undef g_object_unref
#define g_object_unref (pdflib.g_object_unref)
#undef pango_cairo_create_layout
#define pango_cairo_create_layout (pdflib.pango_cairo_create_layout)
#undef pango_cairo_show_layout
#define pango_cairo_show_layout (pdflib.pango_cairo_show_layout)
#undef pango_font_description_free
#define pango_font_description_free (pdflib.pango_font_description_free)
#undef pango_font_description_from_string
#define pango_font_description_from_string (pdflib.pango_font_description_from_string)
#undef pango_font_description_set_absolute_size
#define pango_font_description_set_absolute_size (pdflib.pango_font_description_set_absolute_size)
#undef pango_font_description_set_weight
#define pango_font_description_set_weight (pdflib.pango_font_description_set_weight)
#undef pango_layout_get_size
#define pango_layout_get_size (pdflib.pango_layout_get_size)
#undef pango_layout_set_alignment
#define pango_layout_set_alignment (pdflib.pango_layout_set_alignment)
#undef pango_layout_set_font_description
#define pango_layout_set_font_description (pdflib.pango_layout_set_font_description)
#undef pango_layout_set_markup
#define pango_layout_set_markup (pdflib.pango_layout_set_markup)
#undef pango_layout_set_tabs
#define pango_layout_set_tabs (pdflib.pango_layout_set_tabs)
#undef pango_layout_set_text
#define pango_layout_set_text (pdflib.pango_layout_set_text)
#undef pango_layout_set_width
#define pango_layout_set_width (pdflib.pango_layout_set_width)
#undef pango_layout_set_wrap
#define pango_layout_set_wrap (pdflib.pango_layout_set_wrap)
#undef pango_tab_array_free
#define pango_tab_array_free (pdflib.pango_tab_array_free)
#undef pango_tab_array_new
#define pango_tab_array_new (pdflib.pango_tab_array_new)
#undef pango_tab_array_set_tab
#define pango_tab_array_set_tab (pdflib.pango_tab_array_set_tab)
#endif

#endif
