/* attachments (domain) — see attachments.h. */
#include "domain/attachments.h"

#include <string.h>
#include <strings.h>

/* The signatures kept: PDF's header, JPEG's SOI and first marker, PNG's
   eight bytes, a zip's local file header (ODF and OOXML are zips). */
static const struct {
	const char *kind;
	const unsigned char *magic;
	size_t len;
	const char *ext[3]; /* the names' extensions, NULL-ended */
	const char *type;   /* MIME type of a download */
} kinds[] = {
	{"pdf", (const unsigned char *)"%PDF-", 5, {".pdf", NULL, NULL}, "application/pdf"},
	{"jpeg", (const unsigned char *)"\xff\xd8\xff", 3, {".jpg", ".jpeg", NULL}, "image/jpeg"},
	{"png", (const unsigned char *)"\x89PNG\r\n\x1a\n", 8, {".png", NULL, NULL}, "image/png"},
	{"document", (const unsigned char *)"PK\x03\x04", 4, {".odt", ".docx", NULL},
	 "application/octet-stream"},
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

const char *attachment_kind_of(const unsigned char *head, size_t n)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (n >= kinds[i].len && memcmp(head, kinds[i].magic, kinds[i].len) == 0)
			return kinds[i].kind;
	return NULL;
}

int attachment_name_fits(const char *name, const char *kind)
{
	const char *dot = strrchr(name, '.');
	if (!dot || dot == name)
		return 1;
	for (size_t i = 0; i < NKINDS; i++) {
		if (strcmp(kinds[i].kind, kind) != 0)
			continue;
		for (int e = 0; kinds[i].ext[e]; e++)
			if (strcasecmp(dot, kinds[i].ext[e]) == 0)
				return 1;
	}
	return 0;
}

const char *attachment_kind_type(const char *kind)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].type;
	return "application/octet-stream";
}
