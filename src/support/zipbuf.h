/*
 * zipbuf — a zip archive written by libzip straight into a buf: the
 * archive is a libzip source (zip_source_function) whose bytes are the
 * buf's, so zip_close writes it there, with no copy of it held by libzip
 * (which would free it without zeroing) and none to read back.  The buf
 * keeps its cap: past it the writing fails and `over` says why.
 *
 * Entries are added as stored files from buffers the caller owns (libzip
 * reads them where they are, when the archive is closed: they must live
 * until zip_close or zip_discard), so that the caller can zero them after.
 */
#ifndef RELAIS_ZIPBUF_H
#define RELAIS_ZIPBUF_H

#include <stddef.h>
#include <stdint.h>

#include <zip.h>

#include "support/buf.h"

struct zipbuf {
	buf *out;	   /* the archive's bytes */
	size_t at;	   /* where libzip reads or writes next */
	int over;	   /* out went over its cap */
	zip_error_t error; /* the source's last error */
	int ready;	   /* libzip is loaded (support/ziplib.h): error was set up */
};

/* A new, empty archive that zip_close writes into out (its bytes
   replaced); zb holds the writing's state and must outlive the archive.
   NULL on failure (logged).  zipbuf_fini(zb) once the archive is closed
   or discarded, or after a failure. */
zip_t *zipbuf_open(struct zipbuf *zb, buf *out);
void zipbuf_fini(struct zipbuf *zb);

/* Adds data[n] (the caller's, kept until zip_close) as entry path, stored,
   its name UTF-8 (it must be), dated mtime (Unix seconds), a regular file
   rw-------: 0, or -1 (logged). */
int zipbuf_add_stored(zip_t *z, const char *path, const void *data, size_t n, int64_t mtime);

#endif
