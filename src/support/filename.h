/*
 * filename — a file's name made safe to unpack: the entries of the person
 * archive (api/export.c, GET /api/v1/persons/{id}/export?format=zip).
 *
 * Each entry is "folder/name" with name made safe: '/', '\\', control
 * characters and the bytes of a broken UTF-8 sequence become '_', as does
 * the first dot of every "..", so that a name is one file in its folder
 * whatever the tool that unpacks it; cut to FILENAME_MAX_BYTES bytes on a
 * character boundary, its extension kept; "_" for a name of dots and
 * spaces, "document" for none; numbered when already taken ("lettre.pdf",
 * then "lettre (2).pdf").
 */
#ifndef RELAIS_FILENAME_H
#define RELAIS_FILENAME_H

#include <stddef.h>

#define FILENAME_MAX_BYTES 120 /* bytes of a file's name in its folder */

/* The safe form of a file name (see above) into out (FILENAME_MAX_BYTES + 1
   bytes at least). */
void filename_safe(const char *name, char *out, size_t len);

/* Whether path is already taken (non-zero: it is). */
typedef int (*filename_taken_fn)(void *ctx, const char *path);

/* "folder/safe" ("safe" when folder is NULL or ""), numbered " (2)",
   " (3)"… before the extension while taken says so; the caller frees it. */
char *filename_unique(const char *folder, const char *safe, filename_taken_fn taken, void *ctx);

#endif
