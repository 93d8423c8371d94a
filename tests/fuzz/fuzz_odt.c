/*
 * fuzz_odt — the letter templates' reader (domain/odt.h): the merge-field
 * scanner over one XML part (first byte even), and the whole archive's
 * checks, scan and merge (first byte odd) — bytes an uploader chooses.
 * Every field reported must be a well-formed name; a merge that succeeds
 * must give an archive that passes the checks again.
 */
#include "fuzz.h"

#include "domain/odt.h"

static int field_ok(void *ctx, const char *name)
{
	(void)ctx;
	size_t n = strlen(name);
	fuzz_check(n >= 1 && n <= ODT_FIELD_MAX);
	fuzz_check(name[0] >= 'a' && name[0] <= 'z');
	for (size_t i = 0; i < n; i++)
		fuzz_check((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
			   name[i] == '_' || name[i] == '.');
	return 0;
}

/* A value with markup in it, as a person's name may hold, and lines
   (written as line breaks), as the letterhead has. */
static const char *value_of(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "vide") == 0 ? NULL : "<text:p>&amp; « x »\nligne 2\n\nligne 4\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > ((size_t)1 << 20))
		return 0;
	const char *bytes = (const char *)data + 1;
	size_t n = size - 1;
	if ((data[0] & 1) == 0) {
		odt_scan_xml(bytes, n, field_ok, NULL);
		return 0;
	}
	if (odt_scan(bytes, n, field_ok, NULL) != ODT_OK)
		return 0;
	buf out, text;
	buf_init(&out, 0);
	buf_init(&text, 0);
	char missing[ODT_FIELD_MAX + 1];
	int rc = odt_merge(bytes, n, value_of, NULL, &out, missing);
	if (rc == ODT_OK)
		fuzz_check(odt_scan(out.data, out.len, NULL, NULL) == ODT_OK);
	else if (rc == ODT_STOPPED)
		fuzz_check(strcmp(missing, "vide") == 0);
	odt_text(bytes, n, &text);
	buf_free(&out);
	buf_free(&text);
	return 0;
}
