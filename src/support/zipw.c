/* zipw — see zipw.h. */
#include "support/zipw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "support/log.h"

#define SIG_LOCAL 0x04034b50u
#define SIG_DESCRIPTOR 0x08074b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u
#define FLAGS 0x0808u   /* bit 3: sizes in a data descriptor; bit 11: UTF-8 names */
#define VERSION 20u     /* 2.0: what the reader needs for a data descriptor */

struct zentry {
	char *path;
	uint32_t crc, size, offset;
	uint16_t time, date;
};

struct zipw {
	buf *out;
	struct zentry *e;
	size_t n, cap;
	int open; /* an entry is begun */
};

static void le16(buf *b, unsigned v)
{
	unsigned char c[2] = {(unsigned char)(v & 0xff), (unsigned char)((v >> 8) & 0xff)};
	buf_add(b, c, 2);
}

static void le32(buf *b, uint32_t v)
{
	unsigned char c[4] = {(unsigned char)(v & 0xff), (unsigned char)((v >> 8) & 0xff),
			      (unsigned char)((v >> 16) & 0xff), (unsigned char)((v >> 24) & 0xff)};
	buf_add(b, c, 4);
}

zipw *zipw_new(buf *out)
{
	zipw *z = calloc(1, sizeof *z);
	if (!z)
		log_fatal("out of memory");
	z->out = out;
	return z;
}

void zipw_free(zipw *z)
{
	if (!z)
		return;
	for (size_t i = 0; i < z->n; i++)
		free(z->e[i].path);
	free(z->e);
	free(z);
}

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

void zipw_safe_name(const char *name, char *out, size_t len)
{
	size_t max = len - 1 < ZIPW_NAME_MAX ? len - 1 : ZIPW_NAME_MAX;
	name = name ? name : "";
	size_t n = strlen(name), o = 0;
	char *t = malloc(n + 1);
	if (!t)
		log_fatal("out of memory");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		t[o++] = *p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\' ? '_' : (char)*p;
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

static int taken(const zipw *z, const char *path)
{
	for (size_t i = 0; i < z->n; i++)
		if (strcmp(z->e[i].path, path) == 0)
			return 1;
	return 0;
}

/* "folder/name", numbered " (2)", " (3)"… before the extension when taken. */
static char *unique_path(const zipw *z, const char *folder, const char *safe)
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
	for (unsigned k = 2; taken(z, path); k++)
		snprintf(path, len, "%s%s%.*s (%u)%s", folder, sep, stem, safe, k, dot);
	return path;
}

static void dos_time(int64_t mtime, uint16_t *t, uint16_t *d)
{
	time_t when = (time_t)mtime;
	struct tm tm;
	if (!localtime_r(&when, &tm) || tm.tm_year < 80) {
		*t = 0;
		*d = (1 << 5) | 1; /* 1980-01-01 */
		return;
	}
	*t = (uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
	*d = (uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

int zipw_begin(zipw *z, const char *folder, const char *name, int64_t mtime, const char **path)
{
	if (z->open && zipw_end(z) != 0)
		return -1;
	char safe[ZIPW_NAME_MAX + 1];
	zipw_safe_name(name, safe, sizeof safe);
	if (z->n == z->cap) {
		z->cap = z->cap ? 2 * z->cap : 16;
		z->e = realloc(z->e, z->cap * sizeof *z->e);
		if (!z->e)
			log_fatal("out of memory");
	}
	char *unique = unique_path(z, folder, safe);
	struct zentry *e = &z->e[z->n++];
	memset(e, 0, sizeof *e);
	e->path = unique;
	e->offset = (uint32_t)z->out->len;
	dos_time(mtime, &e->time, &e->date);
	e->crc = (uint32_t)crc32(0L, Z_NULL, 0);
	buf *b = z->out;
	size_t plen = strlen(e->path);
	le32(b, SIG_LOCAL);
	le16(b, VERSION);
	le16(b, FLAGS);
	le16(b, 0); /* stored */
	le16(b, e->time);
	le16(b, e->date);
	le32(b, 0); /* CRC and sizes: in the data descriptor */
	le32(b, 0);
	le32(b, 0);
	le16(b, (unsigned)plen);
	le16(b, 0);
	buf_add(b, e->path, plen);
	z->open = 1;
	if (path)
		*path = e->path;
	return b->overflow ? -1 : 0;
}

int zipw_data(zipw *z, const void *data, size_t n)
{
	if (!z->open)
		return -1;
	struct zentry *e = &z->e[z->n - 1];
	if (n > UINT32_MAX - e->size)
		return -1;
	e->crc = (uint32_t)crc32(e->crc, data, (uInt)n);
	e->size += (uint32_t)n;
	buf_add(z->out, data, n);
	return z->out->overflow ? -1 : 0;
}

int zipw_end(zipw *z)
{
	if (!z->open)
		return -1;
	z->open = 0;
	struct zentry *e = &z->e[z->n - 1];
	le32(z->out, SIG_DESCRIPTOR);
	le32(z->out, e->crc);
	le32(z->out, e->size);
	le32(z->out, e->size);
	return z->out->overflow ? -1 : 0;
}

int zipw_finish(zipw *z)
{
	if (z->open && zipw_end(z) != 0)
		return -1;
	buf *b = z->out;
	uint32_t start = (uint32_t)b->len;
	for (size_t i = 0; i < z->n; i++) {
		const struct zentry *e = &z->e[i];
		size_t plen = strlen(e->path);
		le32(b, SIG_CENTRAL);
		le16(b, (3u << 8) | VERSION); /* made by: Unix */
		le16(b, VERSION);
		le16(b, FLAGS);
		le16(b, 0);
		le16(b, e->time);
		le16(b, e->date);
		le32(b, e->crc);
		le32(b, e->size);
		le32(b, e->size);
		le16(b, (unsigned)plen);
		le16(b, 0); /* extra */
		le16(b, 0); /* comment */
		le16(b, 0); /* disk */
		le16(b, 0); /* internal attributes */
		le32(b, 0100600u << 16); /* external: a regular file, rw------- */
		le32(b, e->offset);
		buf_add(b, e->path, plen);
	}
	uint32_t size = (uint32_t)b->len - start;
	le32(b, SIG_END);
	le16(b, 0);
	le16(b, 0);
	le16(b, (unsigned)z->n);
	le16(b, (unsigned)z->n);
	le32(b, size);
	le32(b, start);
	le16(b, 0);
	return b->overflow || z->n > 0xffff ? -1 : 0;
}
