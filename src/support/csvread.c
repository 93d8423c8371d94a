/* csvread — see csvread.h. */
#include "support/csvread.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <iconv.h>

#include "support/log.h"
#include "support/text.h"

struct reader {
	struct csv_table *t;
	size_t line;          /* line being fed */
	size_t record_line;   /* where the current record started, 0 before its first field */
	char *fields[CSV_FIELDS_MAX];
	size_t nfields;
	size_t cap;           /* records allocated */
	int too_many;         /* a record with more than CSV_FIELDS_MAX fields */
	size_t bad_line;      /* first line with invalid text, 0 if none */
};

static void on_field(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	if (!r->record_line)
		r->record_line = r->line;
	if (!text_is_clean_utf8(data ? data : "", len, 1) && !r->bad_line)
		r->bad_line = r->record_line;
	if (r->nfields >= CSV_FIELDS_MAX) {
		r->too_many = 1;
		return;
	}
	char *f = malloc(len + 1);
	if (!f)
		log_fatal("out of memory");
	if (len)
		memcpy(f, data, len);
	f[len] = '\0';
	r->fields[r->nfields++] = f;
}

static void on_record(int c, void *ctx)
{
	struct reader *r = ctx;
	(void)c;
	struct csv_table *t = r->t;
	if (t->nrecords == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		t->records = realloc(t->records, r->cap * sizeof *t->records);
		if (!t->records)
			log_fatal("out of memory");
	}
	struct csv_record *rec = &t->records[t->nrecords++];
	rec->line = r->record_line ? r->record_line : r->line;
	rec->nfields = r->nfields;
	rec->fields = malloc((r->nfields ? r->nfields : 1) * sizeof *rec->fields);
	if (!rec->fields)
		log_fatal("out of memory");
	memcpy(rec->fields, r->fields, r->nfields * sizeof *rec->fields);
	r->nfields = 0;
	r->record_line = 0;
}

/* Whether data is valid UTF-8; *multibyte set when it holds a character
   beyond ASCII. */
static int utf8_valid(const char *data, size_t n, int *multibyte)
{
	const unsigned char *p = (const unsigned char *)data, *end = p + n;
	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		size_t len = (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
		if (!len || (size_t)(end - p) < len || (len == 2 && *p < 0xC2))
			return 0;
		for (size_t i = 1; i < len; i++)
			if ((p[i] & 0xC0) != 0x80)
				return 0;
		*multibyte = 1;
		p += len;
	}
	return 1;
}

/* Windows-1252 is a guess (any byte string decodes), so it is taken only
   for text that reads as a Western European spreadsheet's: the letters of
   Latin-1 (less the Icelandic eth and thorn and the signs × ÷), the
   ligatures Œ œ, Ÿ, Š š Ž ž, and the punctuation French text uses
   (€ … ‘ ’ “ ” • – — ™ « » ° § ² ³ µ · © ®, no-break space).  Anything
   else is refused as not UTF-8, asking for a CSV UTF-8. */
static int cp1252_plausible(const char *data, size_t n)
{
	static const unsigned char extra[] = {0x80, 0x85, 0x8A, 0x8C, 0x8E, 0x91, 0x92, 0x93,
					      0x94, 0x95, 0x96, 0x97, 0x99, 0x9A, 0x9C, 0x9E,
					      0x9F, 0xA0, 0xA7, 0xA9, 0xAB, 0xAE, 0xB0, 0xB2,
					      0xB3, 0xB5, 0xB7, 0xB9, 0xBB};
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c < 0x80)
			continue;
		if (c >= 0xC0 && c != 0xD0 && c != 0xD7 && c != 0xDE && c != 0xF0 && c != 0xF7 &&
		    c != 0xFE)
			continue;
		if (!memchr(extra, c, sizeof extra))
			return 0;
	}
	return 1;
}

/* The line data (n bytes) from Windows-1252 into UTF-8 in *out (grown as
   needed; *cap its size).  The converted length, or -1 for a byte that
   Windows-1252 does not define. */
static ssize_t from_cp1252(iconv_t cd, const char *data, size_t n, char **out, size_t *cap)
{
	if (*cap < 3 * n + 1) { /* one byte gives at most three */
		*cap = 3 * n + 1;
		*out = realloc(*out, *cap);
		if (!*out)
			log_fatal("out of memory");
	}
	char *in = (char *)data, *o = *out;
	size_t left = n, room = *cap;
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &in, &left, &o, &room) == (size_t)-1)
		return -1;
	return (ssize_t)(o - *out);
}

/* The separator of a file, from its first line: ';' when it holds more
   semicolons than commas outside quotes (what French Excel writes), else
   ','. */
static char separator_of(const char *line, size_t n)
{
	size_t commas = 0, semicolons = 0;
	int quoted = 0;
	for (size_t i = 0; i < n; i++) {
		if (line[i] == '"')
			quoted = !quoted;
		else if (!quoted && line[i] == ',')
			commas++;
		else if (!quoted && line[i] == ';')
			semicolons++;
	}
	return semicolons > commas ? ';' : ',';
}

int csv_read_file(const char *path, struct csv_table *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	int rc = csv_read_stream(f, path, t, err, errlen);
	fclose(f);
	return rc;
}

int csv_read_stream(FILE *f, const char *name, struct csv_table *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	struct csv_parser p;
	struct reader r = {t, 0, 0, {0}, 0, 0, 0, 0};
	int rc = -1;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		snprintf(err, errlen, "cannot start the CSV parser");
		return -1;
	}
	char *line = NULL, *converted = NULL;
	size_t cap = 0, ccap = 0, total = 0;
	ssize_t n;
	/* The encoding: UTF-8 until a line is not, then Windows-1252 (what
	   French Excel writes as "CSV (séparateur : point-virgule)") when no
	   line before held a character beyond ASCII — else the file mixes
	   encodings and is refused below. */
	iconv_t cd = (iconv_t)-1;
	int multibyte = 0, bom = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		r.line++;
		total += (size_t)n;
		if (total > CSV_FILE_MAX) {
			snprintf(err, errlen, "the file is larger than 256 MiB");
			goto out;
		}
		const char *data = line;
		if (r.line == 1 && n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			data += 3;
			n -= 3;
		}
		if (r.line == 1 && separator_of(data, (size_t)n) == ';')
			csv_set_delim(&p, ';');
		if (r.line == 1 && data != line)
			bom = 1;
		int here = 0;
		if (cd == (iconv_t)-1 && utf8_valid(data, (size_t)n, &here)) {
			multibyte |= here;
		} else if (cd == (iconv_t)-1 && !multibyte && !bom) {
			cd = iconv_open("UTF-8", "WINDOWS-1252");
			if (cd == (iconv_t)-1) {
				snprintf(err, errlen, "cannot convert from Windows-1252: %s",
					 strerror(errno));
				goto out;
			}
		}
		if (cd != (iconv_t)-1) {
			n = cp1252_plausible(data, (size_t)n)
				    ? from_cp1252(cd, data, (size_t)n, &converted, &ccap)
				    : -1;
			if (n < 0) {
				snprintf(err, errlen,
					 "%zu: the text is neither UTF-8 nor Windows-1252 (save the "
					 "file as CSV UTF-8)",
					 r.line);
				goto out;
			}
			data = converted;
		}
		if (csv_parse(&p, data, (size_t)n, on_field, on_record, &r) != (size_t)n) {
			snprintf(err, errlen, "%zu: %s", r.line, csv_strerror(csv_error(&p)));
			goto out;
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "cannot read %s: %s", name, strerror(errno));
		goto out;
	}
	if (csv_fini(&p, on_field, on_record, &r) != 0) {
		snprintf(err, errlen, "%zu: %s", r.line, csv_strerror(csv_error(&p)));
		goto out;
	}
	if (r.too_many) {
		snprintf(err, errlen, "a line has more than %d columns", CSV_FIELDS_MAX);
		goto out;
	}
	if (r.bad_line) {
		snprintf(err, errlen, "%zu: the text is not valid UTF-8 (save the file as CSV UTF-8)",
			 r.bad_line);
		goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < r.nfields; i++)
		free(r.fields[i]);
	csv_free(&p);
	free(line);
	free(converted);
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	if (rc != 0)
		csv_table_free(t);
	return rc;
}

void csv_table_free(struct csv_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrecords; i++) {
		for (size_t k = 0; k < t->records[i].nfields; k++)
			free(t->records[i].fields[k]);
		free(t->records[i].fields);
	}
	free(t->records);
	memset(t, 0, sizeof *t);
}
