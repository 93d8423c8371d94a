/*
 * fuzz_ical — the calendar feed's TEXT writer: ical_text_line's escaping
 * and folding, read back by libical (an independent parser).  For the text
 * the product stores (clean UTF-8, line breaks allowed) the SUMMARY libical
 * reads must be the text itself, less the control characters the writer
 * drops by contract (all but the newline); every physical line holds at
 * most ICAL_LINE_OCTETS octets and ends with CRLF.  libical trims the
 * spaces around a value as it reads it (RFC 5545 keeps them, and TEXT has
 * no escape for a space), so they are left out of the comparison.
 */
#include "fuzz.h"

#include <libical/ical.h>

#include "domain/ical.h"
#include "support/buf.h"
#include "support/text.h"

static const char head[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//relais//fuzz//FR\r\n"
			   "BEGIN:VEVENT\r\nUID:1@fuzz\r\nDTSTAMP:20260101T000000Z\r\n";
static const char tail[] = "END:VEVENT\r\nEND:VCALENDAR\r\n";

/* Checks that every line of s ends with CRLF and fits ICAL_LINE_OCTETS. */
static void check_lines(const char *s)
{
	while (*s) {
		const char *crlf = strstr(s, "\r\n");
		fuzz_check(crlf != NULL);
		fuzz_check((size_t)(crlf - s) <= ICAL_LINE_OCTETS);
		fuzz_check(memchr(s, '\n', (size_t)(crlf - s)) == NULL);
		s = crlf + 2;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	buf b;
	buf_init(&b, 0);
	buf_puts(&b, head);
	size_t start = strlen(head);
	ical_text_line(&b, "SUMMARY", text);
	const char *all = buf_cstr(&b);
	if (!text_is_clean_utf8(text, strlen(text), 1))
		goto out; /* never stored: only must not crash */
	check_lines(all + start);
	buf_puts(&b, tail);

	char *want = fuzz_cstr((const uint8_t *)text, strlen(text));
	char *w = want;
	for (const char *p = text; *p; p++)
		if (*p == '\n' || (unsigned char)*p >= 0x20)
			*w++ = *p;
	while (w > want && w[-1] == ' ')
		w--;
	*w = '\0';
	const char *want_from = want + strspn(want, " ");

	icalcomponent *cal = icalparser_parse_string(buf_cstr(&b));
	fuzz_check(cal != NULL);
	icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	fuzz_check(ev != NULL);
	const char *got = icalcomponent_get_summary(ev);
	if (!got)
		got = "";
	if (strcmp(got, want_from) != 0)
		fuzz_fail("round trip: wrote \"%s\", libical read \"%s\"", want_from, got);
	icalcomponent_free(cal);
	free(want);
out:
	buf_free(&b);
	free(text);
	return 0;
}
