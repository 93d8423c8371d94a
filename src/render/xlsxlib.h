/*
 * xlsxlib — libxlsxwriter for the bilan's workbook,
 * loaded on first use (support/lazylib.h).
 *
 * Include it after every other header: each function below is redirected
 * to its pointer in the table, which xlsxlib_load fills; call that first
 * and give up on -1 (the libraries are missing: logged).  xlsxlib.c, which
 * fills the table, defines XLSXLIB_TABLE to keep the names as they are.
 */
#ifndef RELAIS_XLSXLIB_H
#define RELAIS_XLSXLIB_H

#include <xlsxwriter.h>

/* Every function called, by name. */
#define XLSXLIB_FUNCTIONS(X) \
	X(chart_add_series) \
	X(chart_axis_set_reverse) \
	X(chart_legend_set_position) \
	X(chart_series_set_categories) \
	X(chart_series_set_fill) \
	X(chart_series_set_values) \
	X(chart_title_set_name) \
	X(format_set_align) \
	X(format_set_bold) \
	X(format_set_bottom) \
	X(format_set_font_size) \
	X(format_set_num_format) \
	X(format_set_text_wrap) \
	X(lxw_strerror) \
	X(workbook_add_chart) \
	X(workbook_add_format) \
	X(workbook_add_worksheet) \
	X(workbook_close) \
	X(workbook_new) \
	X(workbook_set_properties) \
	X(worksheet_insert_chart_opt) \
	X(worksheet_set_column) \
	X(worksheet_write_number) \
	X(worksheet_write_string)

#define XLSXLIB_FIELD(f) __typeof__(&f) f;
struct xlsxlib {
	XLSXLIB_FUNCTIONS(XLSXLIB_FIELD)
};
#undef XLSXLIB_FIELD

extern struct xlsxlib xlsxlib;

/* 0 once the libraries are loaded, else -1 (logged). */
int xlsxlib_load(void);

#ifndef XLSXLIB_TABLE
#undef chart_add_series
#define chart_add_series (xlsxlib.chart_add_series)
#undef chart_axis_set_reverse
#define chart_axis_set_reverse (xlsxlib.chart_axis_set_reverse)
#undef chart_legend_set_position
#define chart_legend_set_position (xlsxlib.chart_legend_set_position)
#undef chart_series_set_categories
#define chart_series_set_categories (xlsxlib.chart_series_set_categories)
#undef chart_series_set_fill
#define chart_series_set_fill (xlsxlib.chart_series_set_fill)
#undef chart_series_set_values
#define chart_series_set_values (xlsxlib.chart_series_set_values)
#undef chart_title_set_name
#define chart_title_set_name (xlsxlib.chart_title_set_name)
#undef format_set_align
#define format_set_align (xlsxlib.format_set_align)
#undef format_set_bold
#define format_set_bold (xlsxlib.format_set_bold)
#undef format_set_bottom
#define format_set_bottom (xlsxlib.format_set_bottom)
#undef format_set_font_size
#define format_set_font_size (xlsxlib.format_set_font_size)
#undef format_set_num_format
#define format_set_num_format (xlsxlib.format_set_num_format)
#undef format_set_text_wrap
#define format_set_text_wrap (xlsxlib.format_set_text_wrap)
#undef lxw_strerror
#define lxw_strerror (xlsxlib.lxw_strerror)
#undef workbook_add_chart
#define workbook_add_chart (xlsxlib.workbook_add_chart)
#undef workbook_add_format
#define workbook_add_format (xlsxlib.workbook_add_format)
#undef workbook_add_worksheet
#define workbook_add_worksheet (xlsxlib.workbook_add_worksheet)
#undef workbook_close
#define workbook_close (xlsxlib.workbook_close)
#undef workbook_new
#define workbook_new (xlsxlib.workbook_new)
#undef workbook_set_properties
#define workbook_set_properties (xlsxlib.workbook_set_properties)
#undef worksheet_insert_chart_opt
#define worksheet_insert_chart_opt (xlsxlib.worksheet_insert_chart_opt)
#undef worksheet_set_column
#define worksheet_set_column (xlsxlib.worksheet_set_column)
#undef worksheet_write_number
#define worksheet_write_number (xlsxlib.worksheet_write_number)
#undef worksheet_write_string
#define worksheet_write_string (xlsxlib.worksheet_write_string)
#endif

#endif
