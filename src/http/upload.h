/*
 * upload — a file sent with a form (multipart/form-data), received while
 * it arrives: its plain fields kept (small, capped), its one file spooled
 * to an unlinked temporary file encrypted under a key that lives only in
 * memory (support/bkfile.h's stream), so that neither the whole file in
 * memory nor its bytes in clear on disk.  Routes flagged ROUTE_UPLOAD get
 * one (req->upload) once the body is read; the handler then hands the
 * file's bytes to the service with upload_read().
 */
#ifndef RELAIS_UPLOAD_H
#define RELAIS_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#define UPLOAD_FIELD_MAX 4096 /* bytes of one plain field */
#define UPLOAD_HEAD 16        /* the file's first bytes kept for its type */

enum upload_error {
	UPLOAD_OK,
	UPLOAD_MALFORMED,  /* not a well-formed multipart body, or cut short */
	UPLOAD_TWO_FILES,  /* more than one file */
	UPLOAD_FIELD_LONG, /* a plain field over UPLOAD_FIELD_MAX */
	UPLOAD_SPOOL,      /* the temporary file could not be written */
};

struct upload_field {
	const char *name;
	const char *value;
	struct upload_field *next;
};

struct upload {
	enum upload_error error;  /* the first problem met, UPLOAD_OK if none */
	int has_file;             /* a part with a filename arrived */
	char filename[256];       /* as sent ("" when none) */
	uint64_t size;            /* the file's bytes */
	unsigned char head[UPLOAD_HEAD]; /* its first bytes */
	size_t head_len;
	struct upload_field *fields; /* the plain fields, last first (owned) */
};

/* A receiver for a body of this Content-Type, or NULL when it is not
   multipart/form-data.  Free with upload_free. */
struct upload *upload_new(const char *content_type);
/* Feeds the body's next n bytes (errors are kept in u->error). */
void upload_feed(struct upload *u, const char *data, size_t n);
/* Once the whole body was fed: sets UPLOAD_MALFORMED when it was cut short. */
void upload_end(struct upload *u);
/* The value of plain field name, or NULL. */
const char *upload_field(const struct upload *u, const char *name);
/*
 * Hands the file's bytes, decrypted from the spool, to sink in order
 * (pieces of at most 64 KiB).  0 when all were read and authentic; -1 when
 * the spool does not read back or sink returned non-zero.  Once only.
 */
int upload_read(struct upload *u, int (*sink)(void *ctx, const void *data, size_t n),
		void *ctx);
void upload_free(struct upload *u); /* accepts NULL; the spool goes with it */

/*
 * Keeps the upload's file on case req->id (service/attachments.h), with
 * the form's plain fields read through attachments_fields (its title):
 * the service's result; a refused field is SVC_INVALID with e set (the
 * service not called).  *id (may be NULL) gets the new attachment.
 * Call after upload_check().
 */
struct request;
struct verr;
int upload_attach(struct request *req, struct verr *e, int64_t *id);

struct response;
/*
 * The checks every upload route makes before the service sees the file:
 * answers 415 when the body was not multipart, 400 when it was malformed
 * or cut short, 413 when the file is over the limit, 422 when no file
 * came, naming field `file`.  0 when the file is there (req->upload), else
 * -1 after answering.
 */
int upload_check(struct request *req, struct response *resp);
/* upload_read with the upload as an opaque source (service/attachments.h). */
int upload_source(void *upload, int (*sink)(void *ctx, const void *data, size_t n), void *ctx);

#endif
