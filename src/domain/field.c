/* field — see field.h. */
#include "domain/field.h"

#include <string.h>

#include "domain/date.h"
#include "domain/money.h"
#include "support/text.h"

#define FIELD_TEXT_MAX 20000 /* characters of a free text by default */
#define FIELD_LINE_MAX 200   /* characters of a line by default */
#define FIELD_CODE_MAX 64    /* characters of a code by default */

/* The message of each type when the table gives none. */
static const char *const field_messages[] = {
	[FIELD_TEXT] = "Ce texte est trop long ou contient des caractères invalides.",
	[FIELD_LINE] = "Ce champ est trop long ou contient des caractères invalides.",
	[FIELD_CODE] = "Ce code n'existe pas.",
	[FIELD_DATE] = "La date s'écrit AAAA-MM-JJ.",
	[FIELD_DATETIME] = "La date et l'heure s'écrivent AAAA-MM-JJTHH:MM.",
	[FIELD_INT] = "Ce nombre est hors des bornes permises.",
	[FIELD_YEAR] = "L'année doit être comprise entre 1990 et 2100.",
	[FIELD_MINUTES] = "La durée est un nombre de minutes entre 0 et 1440.",
	[FIELD_MONEY] = "Le montant s'écrit en euros, par exemple 1 234,50.",
	[FIELD_ID] = "Cet enregistrement n'existe pas.",
	[FIELD_BOOL] = "Cochez la case ou laissez-la vide.",
};

const char *field_message(const struct field *f)
{
	return f->message ? f->message : field_messages[f->type];
}

void field_keep_text(const struct field *f, char *text, void *dest)
{
	if (text && *text && f->type <= FIELD_DATETIME)
		*(const char **)((char *)dest + f->offset) = text;
}

const struct field *field_find(const struct field *fields, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

static void seen(const struct field *f, void *dest)
{
	if (f->present)
		*(int *)((char *)dest + f->present - 1) = 1;
}

static int refuse(const struct field *f, struct verr *e)
{
	return verr_set(e, f->name, field_message(f));
}

static size_t text_max(const struct field *f, size_t fallback)
{
	return f->max > 0 ? (size_t)f->max : fallback;
}

/* The bounds of a number field: the type's, or the table's. */
static void bounds(const struct field *f, int64_t *min, int64_t *max)
{
	switch (f->type) {
	case FIELD_YEAR:
		*min = FIELD_YEAR_MIN, *max = FIELD_YEAR_MAX;
		break;
	case FIELD_MINUTES:
		*min = 0, *max = FIELD_MINUTES_MAX;
		break;
	case FIELD_ID:
		*min = 1, *max = INT64_MAX;
		break;
	case FIELD_BOOL:
		*min = 0, *max = 1;
		break;
	default:
		*min = f->min, *max = f->max > f->min ? f->max : INT64_MAX;
	}
}

int field_read_int(const struct field *f, int64_t n, void *dest, struct verr *e)
{
	int64_t min, max;
	bounds(f, &min, &max);
	if (n < min || n > max)
		return refuse(f, e);
	if (f->type == FIELD_BOOL)
		*(int *)((char *)dest + f->offset) = (int)n;
	else
		*(int64_t *)((char *)dest + f->offset) = n;
	seen(f, dest);
	return 0;
}

/* CR LF and lone CR become LF, in place. */
static void lf_only(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		if (*r == '\r') {
			*w++ = '\n';
			if (r[1] == '\n')
				r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

static int code_ok(const char *s, size_t max)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '.' ||
		      s[n] == '_' || s[n] == '-'))
			return 0;
	return n > 0 && n <= max;
}

static int datetime_ok(const char *s)
{
	char date[11];
	if (strlen(s) != 16 || s[10] != 'T' || s[13] != ':')
		return 0;
	memcpy(date, s, 10);
	date[10] = '\0';
	int64_t h, m;
	char hh[3] = {s[11], s[12], 0}, mm[3] = {s[14], s[15], 0};
	return date_valid(date) && text_parse_int(hh, 0, 23, &h) == 0 &&
	       text_parse_int(mm, 0, 59, &m) == 0;
}

int field_read(const struct field *f, char *text, void *dest, struct verr *e)
{
	if (!text || !*text) {
		if (text && (f->flags & FIELD_CLEARS) && f->type <= FIELD_DATETIME)
			*(const char **)((char *)dest + f->offset) = text; /* "": clear it */
		return f->flags & FIELD_REQUIRED ? refuse(f, e) : 0;
	}
	const char **str = (const char **)((char *)dest + f->offset);
	int64_t n, min, max;
	switch (f->type) {
	case FIELD_TEXT:
		lf_only(text);
		if (!text_field_ok(text, text_max(f, FIELD_TEXT_MAX), 1, 0))
			return refuse(f, e);
		*str = text;
		break;
	case FIELD_LINE:
		if (!text_field_ok(text, text_max(f, FIELD_LINE_MAX), 0, 0))
			return refuse(f, e);
		*str = text;
		break;
	case FIELD_CODE:
		if (!code_ok(text, text_max(f, FIELD_CODE_MAX)))
			return refuse(f, e);
		*str = text;
		break;
	case FIELD_DATE:
		if (!date_valid(text))
			return refuse(f, e);
		*str = text;
		break;
	case FIELD_DATETIME:
		if (!datetime_ok(text))
			return refuse(f, e);
		*str = text;
		break;
	case FIELD_MONEY:
		bounds(f, &min, &max);
		if (money_parse(text, max, &n) != 0 || n < min)
			return refuse(f, e);
		*(int64_t *)((char *)dest + f->offset) = n;
		break;
	case FIELD_BOOL:
		/* A checkbox's value ("1", or "on" without a value attribute);
		   anything else is not a yes. */
		if (strcmp(text, "1") == 0 || strcmp(text, "on") == 0 || strcmp(text, "true") == 0)
			return field_read_int(f, 1, dest, e);
		if (strcmp(text, "0") == 0 || strcmp(text, "off") == 0 || strcmp(text, "false") == 0)
			return field_read_int(f, 0, dest, e);
		return refuse(f, e);
	default:
		bounds(f, &min, &max);
		if (text_parse_int(text, min, max, &n) != 0)
			return refuse(f, e);
		*(int64_t *)((char *)dest + f->offset) = n;
	}
	seen(f, dest);
	return 0;
}

void field_bounds(const struct field *f, int64_t *min, int64_t *max)
{
	bounds(f, min, max);
}

size_t field_max_chars(const struct field *f)
{
	switch (f->type) {
	case FIELD_TEXT:
		return text_max(f, FIELD_TEXT_MAX);
	case FIELD_LINE:
		return text_max(f, FIELD_LINE_MAX);
	case FIELD_CODE:
		return text_max(f, FIELD_CODE_MAX);
	default:
		return 0;
	}
}
