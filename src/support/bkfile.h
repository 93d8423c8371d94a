/*
 * bkfile — the encrypted backup file (relais backup / restore).
 *
 * Layout, every integer big-endian:
 *   "RELAISBK"                 8 bytes, the magic
 *   version                    1 byte (BKFILE_VERSION)
 *   header length              4 bytes, at most BKFILE_HEADER_MAX
 *   header                     "name=value\n" lines in clear (struct bk_header)
 *   secretstream header        24 bytes (crypto_secretstream_xchacha20poly1305)
 *   messages                   each: 4-byte length, then that many bytes of
 *                              ciphertext (a chunk of at most BKFILE_CHUNK
 *                              plain bytes + 17); the last is tagged FINAL.
 * The first message is authenticated together with everything before the
 * secretstream header (additional data), so a changed clear header does
 * not open.  A file cut short lacks its FINAL message; bytes after it are
 * refused too.  The key is a backup key of its own (a key file as the
 * master key's, support/sec.h), never the master key: the header names it
 * by a keyed hash (key_id) so a wrong key is told apart from a damaged file.
 */
#ifndef RELAIS_BKFILE_H
#define RELAIS_BKFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "support/sec.h"

#define BKFILE_VERSION 1
#define BKFILE_HEADER_MAX 4096
#define BKFILE_CHUNK 65536
#define BKFILE_KEY_ID_LEN 32 /* hex digits */

/* What the clear header says of the backup. */
struct bk_header {
	int version;                          /* format version (BKFILE_VERSION) */
	char kind[16];                        /* "sqlite" or "postgresql" */
	int64_t created;                      /* Unix seconds */
	int64_t audit_seq;                    /* the audit chain's last id at backup time (0: empty) */
	char audit_hash[SEC_HASH_HEX_LEN + 1]; /* its hash ("" when empty) */
	int schema;                           /* schema version of the database */
	char key_id[BKFILE_KEY_ID_LEN + 1];   /* names the backup key (filled by the writer) */
};

typedef struct bk_writer bk_writer;

/*
 * Starts a backup file on out (open for writing, at its start): writes the
 * clear header (h, key_id filled from key) and the stream header.  NULL
 * with err on a write error.  The writer does not close out.
 */
bk_writer *bk_write_open(FILE *out, const uint8_t key[SEC_KEY_BYTES], const struct bk_header *h,
			 char *err, size_t errlen);
/* Appends n bytes; 0 or -1 with err (the writer is then only good for
   bk_write_abort). */
int bk_write(bk_writer *w, const void *data, size_t n, char *err, size_t errlen);
/* Writes the FINAL message, flushes and frees w; 0 or -1 with err. */
int bk_write_close(bk_writer *w, char *err, size_t errlen);
/* Frees w without finishing the file (accepts NULL). */
void bk_write_abort(bk_writer *w);

/* Reads only the clear header (no key needed); 0 or -1 with a French err. */
int bk_read_header(FILE *in, struct bk_header *h, char *err, size_t errlen);

/* Receives the plain bytes in order; non-zero stops with an error. */
typedef int (*bk_sink_fn)(void *ctx, const void *data, size_t n);

/*
 * Reads a whole backup file from its start: the header into h, then every
 * plain byte to sink.  0 when the file is complete and authentic; -1 with
 * a French err when the key is not the backup's, the file was cut short,
 * altered, or the sink failed.  The sink may have received bytes before a
 * failure: only a 0 return vouches for them.
 */
int bk_read_all(FILE *in, const uint8_t key[SEC_KEY_BYTES], struct bk_header *h, bk_sink_fn sink,
		void *ctx, char *err, size_t errlen);

/* The key id of key (BKFILE_KEY_ID_LEN hex digits). */
void bk_key_id(const uint8_t key[SEC_KEY_BYTES], char out[BKFILE_KEY_ID_LEN + 1]);

#endif
