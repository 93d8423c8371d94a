/* filename — see filename.h. */
#include "support/filename.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/log.h"

/* Length of the UTF-8 sequence starting with byte c (1 for a stray byte). */
static size_t seq_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* The bytes of s that fit in max without cutting a character. */
static size_t fit(const char *s, size_t max)
{
	size_t n = 0;
	while (s[n]) {
		size_t k = seq_len((unsigned char)s[n]);
		for (size_t i = 1; i < k; i++)
			if (!s[n + i])
				k = i; /* a sequence cut short */
		if (n + k > max)
			break;
		n += k;
	}
	return n;
}

/* Whether p starts a whole UTF-8 sequence (an ASCII byte is one). */
static int whole_seq(const unsigned char *p)
{
	if (*p >= 0x80 && *p < 0xc0)
		return 0; /* a continuation byte without its start */
	size_t k = *p >= 0xf8 ? 0 : seq_len(*p);
	for (size_t i = 1; i < k; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return k != 0;
}

void filename_safe(const char *name, char *out, size_t len)
{
	size_t max = len - 1 < FILENAME_MAX_BYTES ? len - 1 : FILENAME_MAX_BYTES;
	name = name ? name : "";
	size_t n = strlen(name), o = 0;
	char *t = malloc(n + 1);
	if (!t)
		log_fatal("out of memory");
	for (const unsigned char *p = (const unsigned char *)name; *p;) {
		if (!whole_seq(p)) {
			t[o++] = '_';
			p++;
			continue;
		}
		for (size_t k = seq_len(*p); k-- > 0; p++)
			t[o++] = *p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\' ? '_' : (char)*p;
	}
	t[o] = '\0';
	for (char *dots; (dots = strstr(t, ".."));)
		*dots = '_';
	/* Too long: the start of the name, then its extension. */
	const char *dot = strrchr(t, '.');
	size_t ext = dot && dot != t && strlen(dot) <= 16 ? strlen(dot) : 0;
	if (o > max && ext < max) {
		size_t stem = fit(t, max - ext);
		snprintf(out, len, "%.*s%s", (int)stem, t, t + o - ext);
	} else {
		snprintf(out, len, "%.*s", (int)fit(t, max), t);
	}
	free(t);
	/* Nothing but dots and spaces ("", "."): not a file's name. */
	o = strlen(out);
	if (strspn(out, ". ") == o)
		snprintf(out, len, "%s", o ? "_" : "document");
}

char *filename_unique(const char *folder, const char *safe, filename_taken_fn taken, void *ctx)
{
	const char *dot = strrchr(safe, '.');
	if (!dot || dot == safe)
		dot = safe + strlen(safe);
	int stem = (int)(dot - safe);
	const char *sep = folder && *folder ? "/" : "";
	folder = folder ? folder : "";
	size_t len = strlen(folder) + strlen(safe) + 32;
	char *path = malloc(len);
	if (!path)
		log_fatal("out of memory");
	snprintf(path, len, "%s%s%s", folder, sep, safe);
	for (unsigned k = 2; taken(ctx, path); k++)
		snprintf(path, len, "%s%s%.*s (%u)%s", folder, sep, stem, safe, k, dot);
	return path;
}
