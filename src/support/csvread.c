/* csvread — see csvread.h. */
#include "support/csvread.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

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
	char *line = NULL;
	size_t cap = 0, total = 0;
	ssize_t n;
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
