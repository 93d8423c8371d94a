/*
 * attachments — the papers a person brings, kept on their case: a file of
 * at most the server's upload limit, typed by its first bytes (PDF, JPEG,
 * PNG, or a zip as "document": ODT, DOCX), never opened nor parsed.
 *
 * At rest: the file is a libsodium secretstream (XChaCha20-Poly1305) under
 * a random key of its own, in chunks of ATTACHMENT_CHUNK plain bytes
 * (attachment_chunks: seq 0 the stream's header, then one message a row,
 * the last tagged FINAL, each bound to its attachment and place); that key,
 * the file's name and its title are sealed under the master key, bound to
 * the row (svc_seal_at), so key rotation re-wraps them with every sealed
 * value, and a backup carries them with the database.
 *
 * Who: the référent of the case and a live share, as for the case's notes;
 * anyone else gets SVC_NOT_FOUND (the refusal audited).  Every read and
 * write is in the access log (attachment.create, .list, .read, .delete).
 * A deletion keeps the row as a tombstone (name, title, who, when, the
 * reason sealed) and erases the key and the content.
 */
#ifndef RELAIS_ATTACHMENTS_H
#define RELAIS_ATTACHMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "domain/field.h"
#include "service/svc.h"

#define ATTACHMENT_CHUNK 65536
#define ATTACHMENT_NAME_MAX 255
#define ATTACHMENT_TITLE_MAX 200
#define ATTACHMENT_REASON_MAX 200

/* The plain fields sent with a file (the form, the API's multipart body),
   and the deletion's body, declared once (domain/field.h). */
struct attachment_form {
	const char *title; /* optional */
};
enum { ATT_TITLE, ATT__FIELDS };
extern const struct field attachments_fields[ATT__FIELDS];
struct attachment_delete_input {
	const char *reason; /* required */
};
enum { ATT_REASON, ATT_DELETE__FIELDS };
extern const struct field attachments_delete_fields[ATT_DELETE__FIELDS];

/* Receives a file's bytes in order; non-zero stops. */
typedef int (*attachment_sink_fn)(void *ctx, const void *data, size_t n);
/* Hands every byte of the file to sink (sink_ctx), in order: 0 when all
   were read, -1 otherwise (the upload is then refused, nothing kept). */
typedef int (*attachment_source_fn)(void *src, attachment_sink_fn sink, void *sink_ctx);

struct attachment_input {
	const char *file_name;     /* as sent; required */
	const char *title;         /* optional ("" or NULL: none) */
	uint64_t size;             /* the bytes the source will give */
	uint64_t size_max;         /* the server's limit */
	const unsigned char *head; /* the file's first bytes (for its type) */
	size_t head_len;
};

struct attachment_view {
	int64_t id;
	int64_t case_id;
	const char *kind;       /* pdf, jpeg, png, document */
	int64_t size;           /* bytes */
	int64_t created_at;     /* Unix seconds */
	const char *file_name;
	const char *title;      /* "" when none */
	const char *author;     /* login */
	int64_t deleted_at;     /* 0 when live */
	const char *deleted_by; /* login, "" when live */
};
typedef int (*attachment_fn)(void *ctx, const struct attachment_view *v);

/*
 * Keeps a file on case case_id (audited attachment.create), its bytes
 * read from source: SVC_INVALID naming "file" for an empty file, one over
 * size_max, a type not kept, a name that says another type, or bytes that
 * do not arrive whole (then nothing is kept); "title" for a title too long.
 */
int attachments_add(svc *s, int64_t case_id, const struct attachment_input *in,
		    attachment_source_fn source, void *src, int64_t *id);
/* The case's attachments, newest first, tombstones included (audited
   attachment.list). */
int attachments_list(svc *s, int64_t case_id, attachment_fn fn, void *ctx);
/* The person's attachments in the cases the caller may open, newest
   first (for the timeline and the export; the caller audits). */
int attachments_of_person(svc *s, int64_t person_id, attachment_fn fn, void *ctx);
/* Attachment id read (audited attachment.read): the checks, fn with its
   description and the access-log entry now, then *out gives its bytes as
   they are sent, a chunk decrypted at a time (attachments_reader_read: up
   to max bytes into out, their count, 0 at the end, -1 for content that
   does not open, logged as tampering) until attachments_reader_close.
   A tombstone is SVC_NOT_FOUND, a key that does not open SVC_ERROR.  The
   reader has a call of its own (s may be closed before it) and holds no
   database connection between two chunks. */
struct attachment_reader;
int attachments_open(svc *s, int64_t id, attachment_fn fn, void *ctx,
		     struct attachment_reader **out);
/* r: a struct attachment_reader (void *: a stream's callbacks, http.h). */
long attachments_reader_read(void *r, void *out, size_t max);
void attachments_reader_close(void *r); /* accepts NULL */
/* Deletes attachment id for a reason (1 to ATTACHMENT_REASON_MAX
   characters; audited attachment.delete): its key and content erased, its
   row kept as a tombstone.  SVC_NOT_FOUND for an attachment already deleted. */
int attachments_delete(svc *s, int64_t id, const char *reason);

#endif
