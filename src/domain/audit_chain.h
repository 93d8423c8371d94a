/*
 * audit_chain — the hash chain of the access log (pure computation).
 *
 * Each row's hash is a keyed BLAKE2b-256 over its fields and the previous
 * row's hash, so changing, removing or inserting a row breaks every hash
 * after it; the key lives outside the database, so whoever can write the
 * database cannot recompute the chain.  The first row's prev_hash is
 * AUDIT_GENESIS.
 */
#ifndef RELAIS_AUDIT_CHAIN_H
#define RELAIS_AUDIT_CHAIN_H

#include <stdint.h>

#include "support/sec.h"

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

struct audit_entry {
	int64_t id;              /* 1, 2, 3… in order */
	int64_t at;              /* Unix seconds */
	int64_t actor_id;        /* user id, 0 when none (command line, anonymous) */
	const char *actor_login; /* login or "cli", NULL when anonymous */
	const char *action;      /* "session.create", "user.create"… */
	const char *object_type; /* "user", "session"… or NULL */
	const char *object_id;   /* the object's id or NULL; never content */
	const char *client_addr; /* client IP or NULL */
	const char *prev_hash;   /* hex hash of the row before */
};

/* The row's hash, hex, into out. */
void audit_entry_hash(const uint8_t key[SEC_KEY_BYTES], const struct audit_entry *e,
		      char out[SEC_HASH_HEX_LEN + 1]);

/*
 * The anchor: outside the database, each commit that extends the chain
 * appends its head to an append-only file (next to the key file), one
 * line a commit, keyed by a MAC under a key derived from the master key:
 *
 *   relais-anchor-v1 KIND SERVER SEQ HASH AT MAC
 *
 * KIND is "head" (a commit's head) or "restore" (the database was
 * restored from a backup whose head is SEQ/HASH: what came after it is
 * void), or "rotate": a key rotation ended with the chain at SEQ/HASH;
 * that line carries two MACs, "… AT MAC_OLD MAC_NEW", under the anchor
 * subkey of the old master key and under the new one: the lines before it
 * are MACed with the old subkey, the lines after it with the new one (a
 * chain of segments, one a master key).  SERVER names the writing server (letters, digits, '.', '_', '-');
 * AT is Unix seconds; MAC is the keyed BLAKE2b-256 of everything before it.
 * Whoever can write the database but lacks the key can neither cut the
 * chain unseen nor forge a line.
 */
#define AUDIT_ANCHOR_SERVER_MAX 64
#define AUDIT_ANCHOR_LINE_MAX 400

enum audit_anchor_kind { AUDIT_ANCHOR_HEAD, AUDIT_ANCHOR_RESTORE, AUDIT_ANCHOR_ROTATE };

struct audit_anchor {
	enum audit_anchor_kind kind;
	char server[AUDIT_ANCHOR_SERVER_MAX + 1];
	int64_t seq;
	char hash[SEC_HASH_HEX_LEN + 1];
	int64_t at;
};

/* 1 when s is a valid server id (1 to 64 of [A-Za-z0-9._-]). */
int audit_anchor_server_ok(const char *s);
/* The line with its MAC and a newline into out; its length, or -1 when
   a field is invalid, a is a rotation or out is too small. */
int audit_anchor_format(const uint8_t key[SEC_KEY_BYTES], const struct audit_anchor *a,
			char *out, size_t outlen);
/* A rotation line (a->kind AUDIT_ANCHOR_ROTATE), MACed under both keys. */
int audit_anchor_format_rotation(const uint8_t old_key[SEC_KEY_BYTES],
				 const uint8_t new_key[SEC_KEY_BYTES], const struct audit_anchor *a,
				 char *out, size_t outlen);
/* Parses one line (without or with its newline) without checking its
   MACs: 0 or -1 when malformed; macs[0] gets the MAC (a rotation's old
   key's), macs[1] a rotation's new key's MAC ("" for other kinds). */
int audit_anchor_split(const char *line, struct audit_anchor *out,
		       char macs[2][SEC_HASH_HEX_LEN + 1]);
/* 1 when mac is a's MAC under key. */
int audit_anchor_mac_ok(const uint8_t key[SEC_KEY_BYTES], const struct audit_anchor *a,
			const char *mac);
/* Parses one line and checks it under key: 0, -1 when malformed, -2 when
   well formed but no MAC of it is key's (a forged or altered line; a
   rotation line passes with either of its MACs). */
int audit_anchor_parse(const uint8_t key[SEC_KEY_BYTES], const char *line,
		       struct audit_anchor *out);

/*
 * A checkpoint: the retention purge removes the entries older than a year
 * and records the sequence and hash of the last one removed, MACed with
 * the audit key, so verification restarts from it.  The same MAC, with
 * another label, seals the mark of the last verified head (incremental
 * verification).
 */
void audit_checkpoint_mac(const uint8_t key[SEC_KEY_BYTES], const char *label, int64_t seq,
			  const char *hash, int64_t at, char out[SEC_HASH_HEX_LEN + 1]);

/* 1 when s is SEC_HASH_HEX_LEN lowercase hex digits. */
int audit_hash_ok(const char *s);

#endif
