/*
 * odt — the letter templates' OpenDocument Text files (issue 16): checking
 * an uploaded archive, finding its merge fields, merging values into it.
 * Pure: bytes in, bytes out (libzip and libxml2), no store, no policy.
 *
 * An upload is a zip: it is refused when it holds more than
 * ODT_MAX_ENTRIES entries, an entry over ODT_MAX_ENTRY bytes, more than
 * ODT_MAX_TOTAL bytes once inflated, or an entry inflating more than
 * ODT_MAX_RATIO times its compressed size (a zip bomb), and when it is
 * not an OpenDocument text (its "mimetype" entry) or has no content.xml.
 * Sizes are checked as declared and again as read.
 *
 * A merge field is `{name}` written in the text, name being lower-case
 * letters, digits, '_' and '.' (ODT_FIELD_MAX bytes at most).  A word
 * processor cuts text into runs (<text:span>, a spell-check mark, a
 * tracked change's marker, a soft page break): the fields are found in
 * each paragraph's text as read, whatever the elements it is cut into.
 * The text of tracked deletions (<text:tracked-changes>) and of comments
 * (<office:annotation>) is not the letter's: it is neither scanned nor
 * merged.  content.xml and styles.xml (headers and footers) are read.  A
 * document type declaration is refused (no entity is ever expanded).
 */
#ifndef RELAIS_ODT_H
#define RELAIS_ODT_H

#include <stddef.h>

#include "support/buf.h"

#define ODT_MAX_ENTRIES 200
#define ODT_MAX_ENTRY ((size_t)8 << 20)  /* one inflated entry */
#define ODT_MAX_TOTAL ((size_t)32 << 20) /* all entries inflated */
#define ODT_MAX_RATIO 100                /* inflated / compressed, entries over 64 KiB */
#define ODT_FIELD_MAX 64

enum odt_rc {
	ODT_OK,
	ODT_NOT_ZIP,       /* not a zip archive, or a damaged one */
	ODT_TOO_MANY,      /* more than ODT_MAX_ENTRIES entries */
	ODT_TOO_BIG,       /* an entry or the whole over the limits */
	ODT_RATIO,         /* an entry inflates too much (zip bomb) */
	ODT_NOT_ODT,       /* no OpenDocument text mimetype, or no content.xml */
	ODT_BAD_XML,       /* content.xml or styles.xml does not parse (or has a DTD) */
	ODT_STOPPED,       /* a callback stopped the scan or the merge */
	ODT_ERROR,         /* out of resources, or libxml2 or libzip missing */
};

/* A French sentence for rc (a msgid: translate with _()). */
const char *odt_strerror(int rc);

/* Called once per distinct field name, in order of appearance; nonzero
   stops the scan (ODT_STOPPED). */
typedef int (*odt_field_fn)(void *ctx, const char *name);
/* The value merged for name (raw UTF-8: it is escaped when written), or
   NULL when there is none: the merge stops with ODT_STOPPED. */
typedef const char *(*odt_value_fn)(void *ctx, const char *name);

/* Checks the archive data[n] and calls fn for each field of its text.
   An enum odt_rc. */
int odt_scan(const void *data, size_t n, odt_field_fn fn, void *ctx);

/* The fields of one XML part (the scanner alone, for the fuzz driver). */
int odt_scan_xml(const char *xml, size_t n, odt_field_fn fn, void *ctx);

/* Merges: out gets a new archive, the template data[n] with each field
   replaced by value(name) (entries copied as they are, mimetype first and
   stored).  On ODT_STOPPED, missing (ODT_FIELD_MAX + 1 bytes) names the
   field that had no value.  An enum odt_rc. */
int odt_merge(const void *data, size_t n, odt_value_fn value, void *ctx, buf *out,
	      char missing[ODT_FIELD_MAX + 1]);

/* The text of the archive's content.xml, paragraphs on their own lines
   (a preview), into out.  An enum odt_rc. */
int odt_text(const void *data, size_t n, buf *out);

/* A flat OpenDocument text (one XML file, .fodt, as the shipped templates
   are committed) as a zipped .odt into out: mimetype, content.xml,
   styles.xml, meta.xml and the manifest.  An enum odt_rc. */
int odt_from_flat(const char *xml, size_t n, buf *out);

/* The templates shipped with relais (data/templates/<code>.fodt), zipped
   at build time (tools/fodt2odt.c, build/gen/letter_templates.c). */
struct odt_shipped {
	const char *code;          /* the file's stem: "attestation_suivi" */
	const unsigned char *odt;  /* the .odt's bytes */
	size_t len;
};
extern const struct odt_shipped letters_shipped[];
extern const int letters_shipped_count;

#endif
