/* text — see text.h. */
#include "support/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int text_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (!s || !*s)
		return -1;
	/* strtoll accepts leading spaces and '+': we do not. */
	if (!(s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
		return -1;
	errno = 0;
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return -1;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int text_is_clean_utf8(const char *s, size_t len, int multiline)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		unsigned c = *p;
		if (c < 0x80) {
			if (c == 0x7f || (c < 0x20 && !(multiline && (c == '\n' || c == '\t' || c == '\r'))))
				return 0;
			p++;
			continue;
		}
		size_t n;
		unsigned cp;
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if ((size_t)(end - p) <= n)
			return 0;
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		/* Overlong forms, surrogates, beyond U+10FFFF, C1 controls. */
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
			return 0;
		p += n + 1;
	}
	return 1;
}

size_t text_utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int text_field_ok(const char *s, size_t max_chars, int multiline, int required)
{
	if (required && !(s && s[strspn(s, " \t\r\n")] != '\0'))
		return 0;
	if (!s || !*s)
		return !required;
	return text_is_clean_utf8(s, strlen(s), multiline) && text_utf8_chars(s) <= max_chars;
}

/* Two-byte UTF-8 letters of Latin-1 Supplement and Latin Extended-A that
   fold to ASCII: code point, then its folding. */
static const struct {
	unsigned cp;
	const char *ascii;
} folds[] = {
	{0xc0, "a"}, {0xc1, "a"}, {0xc2, "a"}, {0xc3, "a"}, {0xc4, "a"}, {0xc5, "a"}, {0xc6, "ae"},
	{0xc7, "c"}, {0xc8, "e"}, {0xc9, "e"}, {0xca, "e"}, {0xcb, "e"}, {0xcc, "i"}, {0xcd, "i"},
	{0xce, "i"}, {0xcf, "i"}, {0xd1, "n"}, {0xd2, "o"}, {0xd3, "o"}, {0xd4, "o"}, {0xd5, "o"},
	{0xd6, "o"}, {0xd8, "o"}, {0xd9, "u"}, {0xda, "u"}, {0xdb, "u"}, {0xdc, "u"}, {0xdd, "y"},
	{0xdf, "ss"}, {0xe0, "a"}, {0xe1, "a"}, {0xe2, "a"}, {0xe3, "a"}, {0xe4, "a"}, {0xe5, "a"},
	{0xe6, "ae"}, {0xe7, "c"}, {0xe8, "e"}, {0xe9, "e"}, {0xea, "e"}, {0xeb, "e"}, {0xec, "i"},
	{0xed, "i"}, {0xee, "i"}, {0xef, "i"}, {0xf1, "n"}, {0xf2, "o"}, {0xf3, "o"}, {0xf4, "o"},
	{0xf5, "o"}, {0xf6, "o"}, {0xf8, "o"}, {0xf9, "u"}, {0xfa, "u"}, {0xfb, "u"}, {0xfc, "u"},
	{0xfd, "y"}, {0xff, "y"}, {0x152, "oe"}, {0x153, "oe"}, {0x178, "y"},
};

void text_fold(const char *s, char *out, size_t outlen)
{
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && o + 1 < outlen) {
		if (*p < 0x80) {
			out[o++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
			p++;
			continue;
		}
		if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
			unsigned cp = ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu);
			const char *ascii = NULL;
			for (size_t i = 0; i < sizeof folds / sizeof folds[0]; i++)
				if (folds[i].cp == cp)
					ascii = folds[i].ascii;
			if (ascii && o + strlen(ascii) < outlen) {
				/* Two bytes in, at most two out. */
				for (; *ascii; ascii++)
					out[o++] = *ascii;
				p += 2;
				continue;
			}
		}
		out[o++] = (char)*p++;
	}
	out[o] = '\0';
}

void text_like_pattern(const char *q, char out[TEXT_LIKE_MAX])
{
	char folded[256];
	text_fold(q ? q : "", folded, sizeof folded);
	size_t n = 0;
	out[n++] = '%';
	for (const char *p = folded; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '!')
			out[n++] = '!';
		out[n++] = *p;
	}
	out[n++] = '%';
	out[n] = '\0';
}

int text_parse_listen(const char *s, char *host, size_t hostlen, int *port)
{
	const char *colon;
	const char *h = s;
	size_t hl;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':')
			return -1;
		h = s + 1;
		hl = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -1;
		hl = (size_t)(colon - s);
	}
	if (hl == 0 || hl >= hostlen)
		return -1;
	int64_t p;
	if (text_parse_int(colon + 1, 0, 65535, &p) != 0)
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	*port = (int)p;
	return 0;
}
