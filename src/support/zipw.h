/*
 * zipw — writes a zip archive (PKWARE APPNOTE) into a buffer, one entry
 * after the other: stored entries (no compression: the files are PDFs,
 * images and documents already compressed), names in UTF-8 (flag bit 11),
 * each entry's CRC-32 and sizes in a data descriptor after its bytes
 * (flag bit 3), so an entry is written as its bytes arrive.  No zip64: an
 * archive stays under 4 GiB (its buffer's cap is far below).
 *
 * Names: each is "folder/name" with name made safe: '/', '\\' and control
 * characters become '_', as does the first dot of every "..", so that a
 * name is one file in its folder whatever the tool that unpacks it; cut to
 * ZIPW_NAME_MAX bytes on a character boundary, its extension kept; "_" for
 * a name of dots and spaces, "document" for none; numbered when already
 * taken ("lettre.pdf", then "lettre (2).pdf").
 */
#ifndef RELAIS_ZIPW_H
#define RELAIS_ZIPW_H

#include <stddef.h>
#include <stdint.h>

#include "support/buf.h"

#define ZIPW_NAME_MAX 120 /* bytes of a file's name in its folder */

typedef struct zipw zipw;

/* A writer appending to out (which keeps its cap: see zipw_*'s -1). */
zipw *zipw_new(buf *out);
void zipw_free(zipw *z); /* accepts NULL */

/* Starts entry folder/name (folder may be NULL or "": at the root), dated
   mtime (Unix seconds, local time).  The entry's path as written (valid
   until zipw_free) into *path when path is not NULL.  0, or -1 when the
   buffer is full. */
int zipw_begin(zipw *z, const char *folder, const char *name, int64_t mtime, const char **path);
/* Appends bytes to the entry begun; 0 or -1 (buffer full). */
int zipw_data(zipw *z, const void *data, size_t n);
/* Ends the entry (its data descriptor); 0 or -1. */
int zipw_end(zipw *z);
/* Writes the central directory and its end: the archive is complete.
   0 or -1. */
int zipw_finish(zipw *z);

/* The safe form of a file name (see above) into out (ZIPW_NAME_MAX + 1
   bytes at least). */
void zipw_safe_name(const char *name, char *out, size_t len);

#endif
