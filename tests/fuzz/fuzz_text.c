/* fuzz_text — the checked text helpers: text_parse_int with bounds from the
   first bytes, text_is_clean_utf8 and text_field_ok on the rest. */
#include "fuzz.h"

#include "support/text.h"

/* An independent reading of the rules (RFC 3629: no overlongs, no
   surrogates, nothing past U+10FFFF; no C0 or C1 controls but tab, CR and
   LF when multiline), to compare text_is_clean_utf8 with. */
static int utf8_ok(const unsigned char *s, size_t len, int multiline)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		if (c < 0x80) {
			if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t' || c == '\r'))) ||
			    c == 0x7F)
				return 0;
			i++;
			continue;
		}
		size_t n;
		uint32_t cp;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + n >= len)
			return 0;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp <= 0x9F))
			return 0;
		i += n + 1;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	/* First byte: bounds for the integer and the flags; second: max chars. */
	static const int64_t lims[][2] = {
		{0, 0}, {0, 100}, {-100, 100}, {1, INT64_MAX}, {INT64_MIN, INT64_MAX},
		{1990, 2100}, {0, 1440}, {-1, -1},
	};
	unsigned sel = data[0];
	const int64_t *lim = lims[sel % (sizeof lims / sizeof *lims)];
	int multiline = sel >> 3 & 1, required = sel >> 4 & 1;
	size_t max_chars = data[1];
	data += 2;
	size -= 2;
	char *s = fuzz_cstr(data, size);
	size_t len = strlen(s);

	int64_t n = 12345;
	if (text_parse_int(s, lim[0], lim[1], &n) == 0)
		fuzz_check(n >= lim[0] && n <= lim[1]);

	/* The raw bytes, NULs included: a NUL is a control character. */
	int clean = text_is_clean_utf8((const char *)data, size, multiline);
	fuzz_check(clean == utf8_ok(data, size, multiline));
	if (text_is_clean_utf8(s, len, multiline)) {
		size_t chars = text_utf8_chars(s);
		fuzz_check(chars <= len);
		int ok = text_field_ok(s, max_chars, multiline, required);
		int blank = strspn(s, " \t\r\n") == len;
		fuzz_check(ok == (chars <= max_chars && !(required && blank)));
	} else {
		fuzz_check(!text_field_ok(s, max_chars, multiline, required));
	}
	free(s);
	return 0;
}
