/* bkfile — see bkfile.h. */
#include "support/bkfile.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "support/i18n.h"
#include "support/log.h"
#include "support/text.h"

#define MAGIC "RELAISBK"
#define MAGIC_LEN 8
#define PREFIX_MAX (MAGIC_LEN + 1 + 4 + BKFILE_HEADER_MAX)
#define SS_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define SS_HEADERBYTES crypto_secretstream_xchacha20poly1305_HEADERBYTES

_Static_assert(SEC_KEY_BYTES == crypto_secretstream_xchacha20poly1305_KEYBYTES, "key size");

struct bk_writer {
	FILE *out;
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char prefix[PREFIX_MAX]; /* the clear part: the first message's AD */
	size_t prefix_len;
	int first;                        /* no message pushed yet */
	unsigned char plain[BKFILE_CHUNK];
	size_t have;                      /* bytes waiting in plain */
	unsigned char cipher[BKFILE_CHUNK + SS_ABYTES];
};

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

void bk_key_id(const uint8_t key[SEC_KEY_BYTES], char out[BKFILE_KEY_ID_LEN + 1])
{
	static const char what[] = "relais backup key id";
	unsigned char h[BKFILE_KEY_ID_LEN / 2];
	crypto_generichash(h, sizeof h, (const unsigned char *)what, sizeof what - 1, key,
			   SEC_KEY_BYTES);
	sodium_bin2hex(out, BKFILE_KEY_ID_LEN + 1, h, sizeof h);
}

static void write_failed(char *err, size_t errlen)
{
	snprintf(err, errlen, _("écriture du fichier de sauvegarde impossible : %s"),
		 strerror(errno));
}

bk_writer *bk_write_open(FILE *out, const uint8_t key[SEC_KEY_BYTES], const struct bk_header *h,
			 char *err, size_t errlen)
{
	bk_writer *w = calloc(1, sizeof *w);
	if (!w)
		log_fatal("out of memory");
	w->out = out;
	w->first = 1;
	char id[BKFILE_KEY_ID_LEN + 1];
	bk_key_id(key, id);
	char text[BKFILE_HEADER_MAX];
	int n = snprintf(text, sizeof text,
			 "format=%d\nkind=%s\ncreated=%" PRId64 "\naudit_seq=%" PRId64
			 "\naudit_hash=%s\nschema=%d\nkey_id=%s\n",
			 BKFILE_VERSION, h->kind, h->created, h->audit_seq, h->audit_hash, h->schema,
			 id);
	if (n < 0 || (size_t)n >= sizeof text)
		log_fatal("bkfile: header too long");
	memcpy(w->prefix, MAGIC, MAGIC_LEN);
	w->prefix[MAGIC_LEN] = BKFILE_VERSION;
	put32(w->prefix + MAGIC_LEN + 1, (uint32_t)n);
	memcpy(w->prefix + MAGIC_LEN + 5, text, (size_t)n);
	w->prefix_len = MAGIC_LEN + 5 + (size_t)n;
	unsigned char ss[SS_HEADERBYTES];
	crypto_secretstream_xchacha20poly1305_init_push(&w->st, ss, key);
	if (fwrite(w->prefix, 1, w->prefix_len, out) != w->prefix_len ||
	    fwrite(ss, 1, sizeof ss, out) != sizeof ss) {
		write_failed(err, errlen);
		bk_write_abort(w);
		return NULL;
	}
	return w;
}

/* Pushes the waiting bytes as one message with tag; 0 or -1. */
static int push(bk_writer *w, unsigned char tag, char *err, size_t errlen)
{
	unsigned long long clen = 0;
	crypto_secretstream_xchacha20poly1305_push(&w->st, w->cipher, &clen, w->plain, w->have,
						   w->first ? w->prefix : NULL,
						   w->first ? w->prefix_len : 0, tag);
	w->first = 0;
	w->have = 0;
	unsigned char len[4];
	put32(len, (uint32_t)clen);
	if (fwrite(len, 1, 4, w->out) != 4 || fwrite(w->cipher, 1, clen, w->out) != clen) {
		write_failed(err, errlen);
		return -1;
	}
	return 0;
}

int bk_write(bk_writer *w, const void *data, size_t n, char *err, size_t errlen)
{
	const unsigned char *p = data;
	while (n > 0) {
		size_t take = BKFILE_CHUNK - w->have;
		if (take > n)
			take = n;
		memcpy(w->plain + w->have, p, take);
		w->have += take;
		p += take;
		n -= take;
		if (w->have == BKFILE_CHUNK &&
		    push(w, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE, err, errlen) != 0)
			return -1;
	}
	return 0;
}

int bk_write_close(bk_writer *w, char *err, size_t errlen)
{
	int rc = push(w, crypto_secretstream_xchacha20poly1305_TAG_FINAL, err, errlen);
	if (rc == 0 && fflush(w->out) != 0) {
		write_failed(err, errlen);
		rc = -1;
	}
	bk_write_abort(w);
	return rc;
}

void bk_write_abort(bk_writer *w)
{
	if (!w)
		return;
	sodium_memzero(w, sizeof *w);
	free(w);
}

/* ---- reading ---- */

static void truncated(char *err, size_t errlen)
{
	snprintf(err, errlen,
		 _("fichier de sauvegarde tronqué : il s'arrête avant sa fin, il ne peut pas être "
		   "restauré"));
}

static void altered(char *err, size_t errlen)
{
	snprintf(err, errlen,
		 _("fichier de sauvegarde altéré : son contenu ne correspond plus à ce qui a été "
		   "chiffré, il ne peut pas être restauré"));
}

/* Copies the value of "name=" from the header text into out; 0 or -1. */
static int field(const char *text, const char *name, char *out, size_t outlen)
{
	size_t nl = strlen(name);
	for (const char *p = text; *p;) {
		const char *end = strchr(p, '\n');
		if (!end)
			return -1;
		if ((size_t)(end - p) > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
			size_t vl = (size_t)(end - p) - nl - 1;
			if (vl >= outlen)
				return -1;
			memcpy(out, p + nl + 1, vl);
			out[vl] = '\0';
			return 0;
		}
		p = end + 1;
	}
	return -1;
}

static int field_int(const char *text, const char *name, int64_t *out)
{
	char v[32];
	return field(text, name, v, sizeof v) == 0 &&
			       text_parse_int(v, 0, INT64_MAX, out) == 0
		       ? 0
		       : -1;
}

/* Reads magic, version and header into prefix (its length in *len) and h. */
static int read_prefix(FILE *in, unsigned char *prefix, size_t *len, struct bk_header *h,
		       char *err, size_t errlen)
{
	memset(h, 0, sizeof *h);
	size_t got = fread(prefix, 1, MAGIC_LEN + 5, in);
	if (got >= MAGIC_LEN && memcmp(prefix, MAGIC, MAGIC_LEN) != 0) {
		snprintf(err, errlen, _("ce fichier n'est pas une sauvegarde de relais"));
		return -1;
	}
	if (got < MAGIC_LEN + 5) {
		if (got < MAGIC_LEN)
			snprintf(err, errlen, _("ce fichier n'est pas une sauvegarde de relais"));
		else
			truncated(err, errlen);
		return -1;
	}
	if (prefix[MAGIC_LEN] != BKFILE_VERSION) {
		snprintf(err, errlen,
			 _("sauvegarde au format %d, que cette version de relais ne sait pas lire"),
			 prefix[MAGIC_LEN]);
		return -1;
	}
	uint32_t n = get32(prefix + MAGIC_LEN + 1);
	if (n == 0 || n >= BKFILE_HEADER_MAX) {
		altered(err, errlen);
		return -1;
	}
	if (fread(prefix + MAGIC_LEN + 5, 1, n, in) != n) {
		truncated(err, errlen);
		return -1;
	}
	*len = MAGIC_LEN + 5 + n;
	char text[BKFILE_HEADER_MAX];
	memcpy(text, prefix + MAGIC_LEN + 5, n);
	text[n] = '\0';
	int64_t version = 0, created = 0, seq = 0, schema = 0;
	if (memchr(text, '\0', n) || field_int(text, "format", &version) != 0 ||
	    field(text, "kind", h->kind, sizeof h->kind) != 0 ||
	    field_int(text, "created", &created) != 0 || field_int(text, "audit_seq", &seq) != 0 ||
	    field(text, "audit_hash", h->audit_hash, sizeof h->audit_hash) != 0 ||
	    (strcmp(h->kind, "sqlite") != 0 && strcmp(h->kind, "postgresql") != 0) ||
	    field_int(text, "schema", &schema) != 0 || schema > INT32_MAX ||
	    field(text, "key_id", h->key_id, sizeof h->key_id) != 0 || version != BKFILE_VERSION) {
		altered(err, errlen);
		return -1;
	}
	h->version = (int)version;
	h->created = created;
	h->audit_seq = seq;
	h->schema = (int)schema;
	return 0;
}

int bk_read_header(FILE *in, struct bk_header *h, char *err, size_t errlen)
{
	unsigned char prefix[PREFIX_MAX];
	size_t len = 0;
	return read_prefix(in, prefix, &len, h, err, errlen);
}

struct reader {
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char prefix[PREFIX_MAX];
	unsigned char cipher[BKFILE_CHUNK + SS_ABYTES];
	unsigned char plain[BKFILE_CHUNK];
};

int bk_read_all(FILE *in, const uint8_t key[SEC_KEY_BYTES], struct bk_header *h, bk_sink_fn sink,
		void *ctx, char *err, size_t errlen)
{
	int rc = -1;
	struct reader *r = calloc(1, sizeof *r);
	if (!r)
		log_fatal("out of memory");
	size_t plen = 0;
	if (read_prefix(in, r->prefix, &plen, h, err, errlen) != 0)
		goto out;
	char id[BKFILE_KEY_ID_LEN + 1];
	bk_key_id(key, id);
	if (!sec_streq(id, h->key_id)) {
		snprintf(err, errlen,
			 _("cette sauvegarde a été chiffrée avec une autre clé de sauvegarde : "
			   "donnez la clé utilisée lors de la sauvegarde (--backup-key)"));
		goto out;
	}
	unsigned char ss[SS_HEADERBYTES];
	if (fread(ss, 1, sizeof ss, in) != sizeof ss) {
		truncated(err, errlen);
		goto out;
	}
	if (crypto_secretstream_xchacha20poly1305_init_pull(&r->st, ss, key) != 0) {
		altered(err, errlen);
		goto out;
	}
	for (int first = 1;; first = 0) {
		unsigned char len[4];
		size_t got = fread(len, 1, 4, in);
		if (got != 4) {
			if (ferror(in))
				snprintf(err, errlen, _("lecture du fichier de sauvegarde impossible : %s"),
					 strerror(errno));
			else
				truncated(err, errlen);
			goto out;
		}
		uint32_t clen = get32(len);
		if (clen < SS_ABYTES || clen > sizeof r->cipher) {
			altered(err, errlen);
			goto out;
		}
		if (fread(r->cipher, 1, clen, in) != clen) {
			truncated(err, errlen);
			goto out;
		}
		unsigned long long mlen = 0;
		unsigned char tag = 0;
		if (crypto_secretstream_xchacha20poly1305_pull(&r->st, r->plain, &mlen, &tag,
							       r->cipher, clen,
							       first ? r->prefix : NULL,
							       first ? plen : 0) != 0) {
			altered(err, errlen);
			goto out;
		}
		if (mlen > 0 && sink(ctx, r->plain, (size_t)mlen) != 0) {
			snprintf(err, errlen, _("écriture des données restaurées impossible : %s"),
				 strerror(errno));
			goto out;
		}
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
			break;
	}
	/* Nothing may follow the final message. */
	if (fgetc(in) != EOF) {
		altered(err, errlen);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(r, sizeof *r);
	free(r);
	return rc;
}
