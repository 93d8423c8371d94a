/* zipbuf — see zipbuf.h. */
#include "support/zipbuf.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "support/log.h"
/* Last: redirects libzip's functions to their table. */
#include "support/ziplib.h"

/* The archive's bytes as libzip sees them: a seekable file, empty at
   first.  libzip writes an entry's local header, its bytes, then seeks
   back to the header to fill in its CRC and sizes: a write lands over
   what is written, then after it. */
static zip_int64_t source(void *ctx, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct zipbuf *zb = ctx;
	buf *out = zb->out;
	zip_int64_t at;
	switch (cmd) {
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(
			ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
			ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
			ZIP_SOURCE_SUPPORTS, ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_COMMIT_WRITE,
			ZIP_SOURCE_ROLLBACK_WRITE, ZIP_SOURCE_WRITE, ZIP_SOURCE_SEEK_WRITE,
			ZIP_SOURCE_TELL_WRITE, ZIP_SOURCE_REMOVE, -1);
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->size = out->len;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof *st;
	}
	case ZIP_SOURCE_BEGIN_WRITE:
		buf_reset(out);
		zb->at = 0;
		return 0;
	case ZIP_SOURCE_OPEN:
		zb->at = 0;
		return 0;
	case ZIP_SOURCE_READ:
		len = len < out->len - zb->at ? len : out->len - zb->at;
		if (len)
			memcpy(data, out->data + zb->at, len);
		zb->at += len;
		return (zip_int64_t)len;
	case ZIP_SOURCE_WRITE: {
		size_t over = zb->at < out->len ? out->len - zb->at : 0;
		over = over < len ? over : len;
		if (over)
			memcpy(out->data + zb->at, data, over);
		buf_add(out, (const char *)data + over, len - over);
		if (out->overflow) {
			zb->over = 1;
			zip_error_set(&zb->error, ZIP_ER_WRITE, ENOSPC);
			return -1;
		}
		zb->at += len;
		return (zip_int64_t)len;
	}
	case ZIP_SOURCE_SEEK:
	case ZIP_SOURCE_SEEK_WRITE:
		at = zip_source_seek_compute_offset(zb->at, out->len, data, len, &zb->error);
		if (at < 0)
			return -1;
		zb->at = (size_t)at;
		return 0;
	case ZIP_SOURCE_TELL:
	case ZIP_SOURCE_TELL_WRITE:
		return (zip_int64_t)zb->at;
	case ZIP_SOURCE_ROLLBACK_WRITE:
	case ZIP_SOURCE_REMOVE:
		buf_reset(out);
		return 0;
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_COMMIT_WRITE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&zb->error, data, len);
	default:
		zip_error_set(&zb->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

zip_t *zipbuf_open(struct zipbuf *zb, buf *out)
{
	memset(zb, 0, sizeof *zb);
	zb->out = out;
	if (ziplib_load() != 0)
		return NULL;
	zb->ready = 1;
	zip_error_init(&zb->error);
	buf_reset(out);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_t *z = NULL;
	zip_source_t *src = zip_source_function_create(source, zb, &ze);
	if (src) {
		z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
		if (!z)
			zip_source_free(src);
	}
	if (!z)
		log_error("archive: %s", zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return z;
}

void zipbuf_fini(struct zipbuf *zb)
{
	if (zb->ready)
		zip_error_fini(&zb->error);
}

int zipbuf_add_stored(zip_t *z, const char *path, const void *data, size_t n, int64_t mtime)
{
	zip_source_t *src = zip_source_buffer(z, data, n, 0);
	zip_int64_t i = src ? zip_file_add(z, path, src, ZIP_FL_ENC_UTF_8) : -1;
	if (i < 0) {
		if (src)
			zip_source_free(src);
		log_error("archive: %s", zip_strerror(z));
		return -1;
	}
	if (zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0) != 0 ||
	    zip_file_set_mtime(z, (zip_uint64_t)i, (time_t)mtime, 0) != 0 ||
	    zip_file_set_external_attributes(z, (zip_uint64_t)i, 0, ZIP_OPSYS_UNIX,
					     (zip_uint32_t)0100600 << 16) != 0) {
		log_error("archive: %s", zip_strerror(z));
		return -1;
	}
	return 0;
}
