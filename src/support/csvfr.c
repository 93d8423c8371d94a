/* csvfr — see csvfr.h. */
#include "support/csvfr.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "support/csvwrite.h"

void csvfr_begin(buf *b)
{
	buf_puts(b, "\xEF\xBB\xBF");
}

void csvfr_text(buf *b, const char *text)
{
	csv_field_sep(b, text, ';');
}

void csvfr_int(buf *b, int64_t n)
{
	buf_printf(b, "%" PRId64, n);
}

void csvfr_decimal(buf *b, double value, int decimals)
{
	char text[64];
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	/* Printed in the C locale (i18n keeps LC_NUMERIC), then the point made
	   a comma. */
	snprintf(text, sizeof text, "%.*f", decimals, value);
	char *dot = strchr(text, '.');
	if (dot)
		*dot = ',';
	buf_puts(b, text);
}

void csvfr_sep(buf *b)
{
	buf_putc(b, ';');
}

void csvfr_end(buf *b)
{
	buf_puts(b, "\r\n");
}
