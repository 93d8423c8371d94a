/*
 * fuzz_field — field_read, the one reader of every form field, JSON string
 * member and CSV cell.  The first byte chooses the field's type (low four
 * bits), whether it is required (bit 4) and its bounds (bits 5–7); the rest
 * is the text.  A value that is accepted must keep the type's promise.
 */
#include "fuzz.h"

#include "domain/date.h"
#include "domain/field.h"
#include "support/text.h"

struct dest {
	const char *str; /* the text types */
	int64_t n;       /* the number types */
	int yes;         /* FIELD_BOOL */
	int seen;        /* the presence flag */
};

/* Table bounds (min, max; 0, 0: the type's own). */
static const int64_t bounds[8][2] = {
	{0, 0}, {0, 1}, {1, 10}, {-50, 50}, {0, 100000}, {5, 5}, {0, INT64_MAX}, {100, 3},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned sel = data[0];
	enum field_type type = (enum field_type)(sel & 0x0F);
	if (type > FIELD_BOOL)
		return 0;
	struct field f = {
		.name = "champ",
		.type = type,
		.flags = sel & 0x10 ? FIELD_REQUIRED : 0,
		.min = bounds[sel >> 5][0],
		.max = bounds[sel >> 5][1],
		.message = NULL,
		.present = offsetof(struct dest, seen) + 1,
	};
	if (type <= FIELD_DATETIME)
		f.offset = offsetof(struct dest, str);
	else if (type == FIELD_BOOL)
		f.offset = offsetof(struct dest, yes);
	else
		f.offset = offsetof(struct dest, n);

	char *text = fuzz_cstr(data + 1, size - 1);
	struct dest d = {NULL, -7, -7, 0};
	struct verr e = {NULL, NULL};
	int rc = field_read(&f, text, &d, &e);
	if (rc != 0) {
		fuzz_check(rc == -1);
		fuzz_check(e.field == f.name && e.message && *e.message);
		fuzz_check(d.str == NULL && d.n == -7 && d.yes == -7 && !d.seen);
		/* What is kept to show the form again is the text itself, for
		   the text types and when there is some. */
		field_keep_text(&f, text, &d);
		fuzz_check(type <= FIELD_DATETIME && *text ? d.str == text : d.str == NULL);
		goto out;
	}
	if (!*text) {
		/* Absent or empty: nothing written, and only when optional. */
		fuzz_check(!(f.flags & FIELD_REQUIRED));
		fuzz_check(d.str == NULL && d.n == -7 && d.yes == -7 && !d.seen);
		goto out;
	}
	fuzz_check(d.seen == 1);
	int64_t min, max;
	switch (type) {
	case FIELD_TEXT:
	case FIELD_LINE:
		fuzz_check(d.str == text);
		fuzz_check(text_is_clean_utf8(text, strlen(text), type == FIELD_TEXT));
		fuzz_check(text_utf8_chars(text) <= field_max_chars(&f));
		if (type == FIELD_TEXT)
			fuzz_check(strchr(text, '\r') == NULL);
		break;
	case FIELD_CODE:
		fuzz_check(d.str == text);
		fuzz_check(strspn(text, "abcdefghijklmnopqrstuvwxyz0123456789._-") == strlen(text));
		fuzz_check(strlen(text) <= field_max_chars(&f));
		break;
	case FIELD_DATE:
		fuzz_check(d.str == text && date_valid(text));
		break;
	case FIELD_DATETIME:
		fuzz_check(d.str == text && strlen(text) == 16);
		break;
	case FIELD_BOOL:
		fuzz_check(d.yes == 0 || d.yes == 1);
		break;
	default:
		field_bounds(&f, &min, &max);
		fuzz_check(d.n >= min && d.n <= max);
	}
out:
	free(text);
	return 0;
}
