/*
 * internal — what the use cases share inside service/.  Not for adapters:
 * this is where the store comes in.
 */
#ifndef RELAIS_SERVICE_INTERNAL_H
#define RELAIS_SERVICE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "service/app.h"
#include "service/attachments.h"
#include "service/letters.h"
#include "service/policy.h"
#include "service/svc.h"
#include "store/store.h"
#include "support/buf.h"
#include "support/sec.h"

#define APP_ANCHOR_OLD_MAX 64 /* key rotations a database may go through */

struct app {
	struct app_config cfg;               /* copied; strings owned below */
	char *db;                            /* owned copy of cfg.db */
	char *key_file;                      /* owned copy of the key path */
	store_pool *pool;                    /* database connections */
	uint8_t audit_key[SEC_KEY_BYTES];    /* keys the audit hash chain */
	uint8_t text_key[SEC_KEY_BYTES];     /* encrypts free text at rest (support/box.h) */
	uint8_t record_key[SEC_KEY_BYTES];   /* keys the persons' secret record keys (svc_record_key) */
	uint8_t identity_key[SEC_KEY_BYTES]; /* keys the persons' identity index (persons.c) */
	uint8_t search_key[SEC_KEY_BYTES];   /* keys the names' blind index (persons_index.c) */
	uint8_t anchor_key[SEC_KEY_BYTES];   /* MACs the anchor lines (domain/audit_chain.h) */
	/* The anchor subkeys of the master keys before this one, oldest
	   first: they verify the anchor's older segments (a key rotation
	   starts a new one, audit.c). */
	uint8_t anchor_old[APP_ANCHOR_OLD_MAX][SEC_KEY_BYTES];
	size_t anchor_old_n;
	uint8_t recovery_key[SEC_KEY_BYTES]; /* keys the recovery codes' hashes (support/recovery.h) */
	struct anchor *anchor;               /* the open anchor file (anchor.c) */
	struct hashgate *gate;               /* bounds the password hashes at once (throttle.c) */
};

#define SVC_AAD_LEN 256
#define SVC_TAMPERED_PENDING 8 /* tampered values a call logs (the first ones) */

/* An access-log entry a page's read keeps for its end (svc_page_end). */
struct svc_entry {
	char *action, *object_type, *object_id; /* malloc'd; type and id may be NULL */
};

struct svc {
	app *app;
	store *db;                      /* from the pool, NULL until needed */
	int system;                     /* command line: every action allowed */
	int signed_in;                  /* actor is valid */
	struct actor actor;             /* the signed-in user */
	char session_hash[SEC_HASH_HEX_LEN + 1]; /* current session, "" if none */
	char csrf[SEC_TOKEN_LEN + 1];   /* the session's CSRF token */
	char client_addr[64];           /* "" when unknown */
	char user_agent[128];           /* the client's User-Agent, "" when unknown (sessions list) */
	char device_in[SEC_TOKEN_LEN + 1];  /* device cookie sent (throttle.h), "" if none */
	char device_new[SEC_TOKEN_LEN + 1]; /* device cookie issued by a sign-in, "" if none */
	int64_t retry_after;            /* seconds to wait after SVC_LOCKED / SVC_BUSY */
	struct verr err;                /* last validation error */
	int batch;                      /* inside svc_batch_begin(): one outer transaction */
	int batch_failed;               /* a write failed in the batch: it will roll back */
	int reading;                    /* inside svc_read_begin(): a snapshot, no writes */
	/* A page's read (svc_page_begin): its record was checked once, in the
	   page's snapshot, and its access-log entries wait for its end. */
	int page;                       /* inside svc_page_begin() */
	enum stmt page_check;           /* the record's check statement (ST__COUNT: no record) */
	int64_t page_id;                /* the record's id */
	char page_type[16];             /* its access-log object type, "" for no record */
	char page_object[24];           /* its access-log object id */
	char page_operation[48];        /* its access-log action */
	struct svc_entry *page_entries; /* the entries waiting for svc_page_end, malloc'd */
	size_t page_nentries, page_capentries;
	int64_t anchor_seq;             /* head appended by the open transaction, 0: none */
	char anchor_hash[SEC_HASH_HEX_LEN + 1]; /* its hash */
	/* The two-person rule (twoperson.h): while a confirmed proposal is
	   applied, its one action passes the policy and the rule (0: none). */
	enum action confirmed_action;
	int64_t proposal_id;            /* the proposal the last SVC_PENDING recorded */
	int tampered;                   /* sealed values read that did not open */
	int tampered_pending;           /* of which not yet in the access log */
	char tampered_aad[SVC_TAMPERED_PENDING][SVC_AAD_LEN]; /* their places */
};

/*
 * The anchor file (audit.h): opened by app_open, appended to after each
 * commit that extended the chain (svc_tx_commit, svc_batch_end), one line
 * and one fsync a commit, under a lock.  anchor_open returns NULL with err.
 */
struct anchor *anchor_open(const char *path, const char *server_id, int use_syslog, char *err,
			   size_t errlen);
void anchor_close(struct anchor *an); /* accepts NULL */
const char *anchor_path(const struct anchor *an);
/* Appends one line of kind (enum audit_anchor_kind) for seq/hash, MACed
   with key, and syncs it: 0 or -1 (logged). */
int anchor_append(struct anchor *an, const uint8_t key[SEC_KEY_BYTES], int kind, int64_t seq,
		  const char *hash);
/* Appends the line of a key rotation ending with the chain at seq/hash,
   MACed under the former anchor subkey and under the new one. */
int anchor_append_rotation(struct anchor *an, const uint8_t old_key[SEC_KEY_BYTES],
			   const uint8_t new_key[SEC_KEY_BYTES], int64_t seq, const char *hash);

/*
 * The subkeys of a master key (app.c).  A key rotation (keys.c, relais key
 * rotate) moves every sealed value to the new master's text key, and the
 * persons' identity index to its identity key; the subkeys whose outputs
 * it cannot recompute (the access log's MACs, the anchor lines' MACs, the
 * bilan's record keys, the recovery codes' hashes) are carried over,
 * sealed under the new master's carry key (setting carried_keys).
 */
enum carried_key { CARRIED_AUDIT, CARRIED_RECORD, CARRIED_ANCHOR, CARRIED_RECOVERY,
		   CARRIED__COUNT };
struct subkeys {
	uint8_t text[SEC_KEY_BYTES];                     /* seals the values */
	uint8_t carry[SEC_KEY_BYTES];                    /* seals the carried subkeys */
	uint8_t carried[CARRIED__COUNT][SEC_KEY_BYTES]; /* by enum carried_key */
};
/* The subkeys derived from master (none carried). */
void app_subkeys(const uint8_t master[SEC_KEY_BYTES], struct subkeys *k);
/* Seals the known check value under text_key into the settings, when the
   database has none or replace is set; 0 or -1 with err. */
int app_key_check_write(store *s, const uint8_t text_key[SEC_KEY_BYTES], int replace, char *err,
			size_t errlen);
/* A setting's value into out[len] ("" when absent); a store rc. */
int app_setting_get(store *db, const char *name, char *out, size_t len);
int app_setting_put(store *db, const char *name, const char *value);
/* Replaces k->carried by the subkeys db carries (setting carried_keys),
   opened with k->carry, when it has them; 0, or -1 with err. */
int app_carried_load(store *db, struct subkeys *k, char *err, size_t errlen);
/* Writes k->carried sealed under k->carry; a store rc. */
int app_carried_save(store *db, const struct subkeys *k);
/* The anchor subkeys of the former master keys (oldest first, at most
   APP_ANCHOR_OLD_MAX) that db keeps sealed under carry, into keys; *n
   gets their number (0: never rotated).  0, or -1 with err. */
int app_anchor_old_load(store *db, const uint8_t carry[SEC_KEY_BYTES],
			uint8_t keys[][SEC_KEY_BYTES], size_t *n, char *err, size_t errlen);
/* Writes n of them sealed under carry; a store rc. */
int app_anchor_old_save(store *db, const uint8_t carry[SEC_KEY_BYTES],
			const uint8_t keys[][SEC_KEY_BYTES], size_t n);
/* The setting recording a key rotation's phase (service/keys.h); while it
   reads APP_ROTATION_VALUES app_open refuses, unless cfg.key_rotation. */
#define APP_KEY_ROTATION "key_rotation"
#define APP_ROTATION_VALUES "values"

/* Transactions of a use case.  Inside a batch (an import) they are part
   of the batch's one transaction: begin and commit do nothing, and a
   rollback marks the whole batch as failed. */
int svc_tx_begin(svc *s);
int svc_tx_commit(svc *s);
void svc_tx_rollback(svc *s);
/* Ends the transaction of a use case that refused its input (or found
   nothing to act on) before it wrote anything: rolled back, but inside a
   batch nothing of the use case is in the batch's transaction, so the
   batch goes on (an import reports every refused line, not an internal
   error after the first). */
void svc_tx_refused(svc *s);

/* The call's connection (taken from the pool on first use); NULL if the
   pool is closed. */
store *svc_db(svc *s);

/* Sets the error and returns rc. */
int svc_fail(svc *s, int rc, const char *field, const char *message);

/* 1 when the caller may perform action (system calls may do anything). */
int svc_may(const svc *s, enum action a);

/* Row callback storing the first column (SCALAR_COL_VALUE) as an integer
   into *(int64_t *)ctx and stopping: for COUNT(*) and RETURNING id. */
int svc_row_int(void *ctx, const store_row *row);
/* Copies column col of row (NULL as "") into out, truncated to len. */
void svc_row_copy(const store_row *row, int col, char *out, size_t len);

/* Seals free text under the associated data aad (support/box.h) into b:
   empty for NULL or "".  Use cases seal bound to the row (svc_seal_at). */
void svc_seal(svc *s, const char *aad, const char *text, buf *b);
/* A sealed text (svc_seal) as a statement parameter: NULL when empty.
   Points into b, which must outlive the statement. */
store_value svc_sealed_value(const buf *b);

/*
 * Row-bound sealing.  The associated data names the table, the column and
 * the row ("persons.last_name#42", svc_aad), so a sealed value copied to
 * another row or column does not open.  A value written with a new row
 * is sealed once the row's id is known (insert, then update, in the same
 * transaction).  A value that does not open is tampering, not emptiness:
 * it is logged, counted in s->tampered and read as SVC_TAMPERED_TEXT.
 */
#define SVC_TAMPERED_TEXT "[contenu altéré : ce texte chiffré ne s'ouvre pas]"
/* Writes "column#row" into out (SVC_AAD_LEN bytes); returns out. */
const char *svc_aad(char out[SVC_AAD_LEN], const char *column, int64_t row);
void svc_seal_at(svc *s, const char *column, int64_t row, const char *text, buf *b);
/* Caller frees; NULL when empty; SVC_TAMPERED_TEXT (a copy) when the value
   does not open under its place. */
char *svc_unseal_at(svc *s, const char *column, int64_t row, const void *data, size_t n);
/* Seals texts[i] (NULL or "": SQL NULL) for columns[i] bound to row id,
   and writes them with statement st, which takes (id, value 1, …, value
   n): for a new row, after its insert, in the same transaction (a NOT
   NULL column is inserted with SVC_SEAL_PENDING).  A store rc. */
#define SVC_SEAL_WRITE_MAX 4
#define SVC_SEAL_PENDING SV_BLOB("", 0)
int svc_seal_write(svc *s, enum stmt st, int64_t id, int n, const char *const columns[],
		   const char *const texts[]);
/* The same for a row whose key is not one `id`: key is its primary key's
   values joined by '/' (budget_lines: "budget_id/position"), as
   store/whole.h reads it. */
void svc_seal_keyed(svc *s, const char *column, const char *key, const char *text, buf *b);
char *svc_unseal_keyed(svc *s, const char *column, const char *key, const void *data, size_t n);
/* 1 when text is the marker svc_unseal_at() gives for a value that does
   not open (an update must not seal it as the text). */
int svc_is_tampered(const char *text);
/* svc_unseal_at() of blob column col of a store row. */
char *svc_unseal_col_at(svc *s, const char *column, int64_t rowid, const store_row *row, int col);

/* The names of person id unsealed from the blob columns last_col and
   first_col of row (both caller frees, never NULL): an anonymised person
   reads "Anonyme" and "". */
void persons_names_of_row(svc *s, int64_t id, const store_row *row, int last_col, int first_col,
			  char **last, char **first);
/* The key that sorts persons by name (strcmp): the folded last name, a
   separator, the folded first name, into out (PERSON_SORT_KEY_LEN bytes). */
#define PERSON_SORT_KEY_LEN (2 * (4 * 100 + 1))
void persons_sort_key(const char *last, const char *first, char out[PERSON_SORT_KEY_LEN]);
/* "Last First" of the person whose id is column id_col of row (the same
   unsealing); caller frees. */
char *persons_full_name_of_row(svc *s, const store_row *row, int id_col, int last_col,
			       int first_col);

/* Whether the signed-in worker may open record id according to check, a
   statement taking (id, user id, today) and counting matches: 1, 0, or -1
   on error.  System calls may open everything; other roles nothing. */
int svc_may_open(svc *s, enum stmt check, int64_t id);

/* Records a refused look at a record (action "…_denied", object type and
   id) and answers SVC_NOT_FOUND: the caller learns nothing, the auditor
   sees the attempt. */
int svc_refuse(svc *s, const char *action, const char *object_type, int64_t id);
/* The same inside the caller's open transaction, which it commits (the
   refusal is kept, nothing else was written). */
int svc_refuse_in_tx(svc *s, const char *action, const char *object_type, int64_t id);

/* The gate of a record attached to a case (policy record, then the
   secrecy), as the first step of a read or a write: opens the write
   transaction after the policy check and checks inside it that the caller
   may open record id of object type `type` according to check (see
   svc_may_open), so that the check and what it allows see one state.
   SVC_OK with the transaction open; otherwise none is left open — the
   refusal audited as `denied` and committed (SVC_NOT_FOUND), or nothing
   written (SVC_FORBIDDEN, SVC_ERROR). */
int svc_gate_begin(svc *s, enum stmt check, const char *type, int64_t id, const char *denied);
/* The same for reads that come before a write: opens a read snapshot
   (store_snapshot_begin) and checks the secrecy in it (check ST__COUNT:
   no check).  SVC_OK with the snapshot open (store_snapshot_end, or a
   rollback, ends it); otherwise none is left open — the refusal audited
   (SVC_NOT_FOUND), or SVC_ERROR logged as `what`. */
int svc_snapshot_gate(svc *s, enum stmt check, const char *type, int64_t id, const char *denied,
		      const char *what);

/*
 * One read per page (issue 15): the case page, the person page, the
 * dashboard and the caseload each run several use cases (the record, then
 * its sections), which on their own each check the secrecy, open a
 * transaction and write an access-log entry.  Inside a page they are the
 * page's loaders: svc_page_begin() opens one read snapshot
 * (store_snapshot_begin) on the request's own connection, checks there
 * that the caller may open record id of object type `type` with statement
 * check (refusals audited as `denied`, answering SVC_NOT_FOUND), and
 * remembers the page's one entry `operation` naming the record; until
 * svc_page_end(), a check of that record passes without a query
 * (svc_may_open), and an entry that names that record, or no record, is
 * the page's (svc_audit writes nothing).  Entries about other records (an
 * orientation expiring, a refusal, a sealed value that did not open) are
 * kept in order.  The reads take no write lock: pages are read side by
 * side, and the single writer (SQLite's group commit, the access log's
 * lock) is held only for the entries.  check ST__COUNT with type NULL: a
 * page of no one record (the dashboard).  The caller checks the policy
 * first.  SVC_OK, SVC_NOT_FOUND or SVC_ERROR (nothing left open).
 */
int svc_page_begin(svc *s, enum stmt check, const char *type, int64_t id, const char *denied,
		   const char *operation);
/* Ends the page: when rc is SVC_OK, ends the snapshot and writes the
   page's entry then the others it kept, in one write transaction, durable
   before this returns — what was read is shown only then; else ends the
   snapshot and writes nothing.  Returns rc, or SVC_ERROR when the
   entries could not be written (the page must not be shown). */
int svc_page_end(svc *s, int rc);

/* Rolls back, logs what failed, returns SVC_ERROR. */
int svc_abort(svc *s, const char *what);

/*
 * Appends an access-log entry (service/audit.h) for the call's actor.  Must
 * run inside the caller's open transaction, so the entry and the change
 * commit or vanish together.  Returns 0 or -1 (the caller aborts).
 */
int svc_audit(svc *s, const char *action, const char *object_type, const char *object_id);
/* An entry's number and hash: the chain's tail, a checkpoint, a mark. */
struct audit_tail {
	int64_t seq;
	char hash[SEC_HASH_HEX_LEN + 1];
};
/* Row callback of ST_AUDIT_LAST and ST_AUDIT_HEAD_GET into a struct
   audit_tail (stops after the row). */
int svc_audit_tail_row(void *ctx, const store_row *row);
/* svc_audit() with a numeric object id. */
int svc_audit_id(svc *s, const char *action, const char *object_type, int64_t id);

/*
 * The secret record key of person id for the cell-key perturbation of the
 * bilan (domain/cellkey.h): a keyed hash (SipHash, crypto_shorthash) of the
 * id under a key derived from the master key.  Fixed for the person's
 * lifetime, random-looking, never stored nor exported: whoever copies the
 * database without the key file cannot compute it.
 */
uint32_t svc_record_key(const svc *s, int64_t person_id);

/* The id of the active worker account login, or 0 (none, not a worker,
   disabled, or a store error). */
int64_t svc_worker_id(svc *s, const char *login);
/* The same, telling a store error apart: 1 and *id set when login is an
   active worker account, 0 when it is not (NULL, empty or too long
   included), -1 on a store error. */
int svc_worker_find(svc *s, const char *login, int64_t *id);

/* 1 when t is a non-empty line of clean UTF-8 (no control character, no
   line break) of at most max_chars characters. */
int svc_line_ok(const char *t, size_t max_chars);

/* Deletes record_id of `kind` (in case case_id, 0: none) for reason in
   one transaction (service/corrections.h): runs the n statements of st, each keyed by record_id ($1)
   in order (its dependants first), then records the deletion
   (corrections_record, fields "*").  SVC_OK, or the abort's code;
   `where` names the caller in the log. */
int corrections_delete(svc *s, const char *kind, int64_t record_id, int64_t case_id,
		       const enum stmt *st, size_t n, const char *reason, const char *where);
/* The same in the caller's open transaction (its check made there), which
   it commits, or rolls back on failure. */
int corrections_delete_in_tx(svc *s, const char *kind, int64_t record_id, int64_t case_id,
			     const enum stmt *st, size_t n, const char *reason, const char *where);

/* The bytes of a live attachment and of a letter, for a use case that
   already checked the caller may open their person (service/documents.h):
   no check of their own, no access-log entry.  attachments_bytes: sink
   gets the file's bytes in order (SVC_NOT_FOUND for a tombstone, SVC_ERROR
   for content that does not open or a sink that stops).  letters_odt: fn
   (may be NULL) the letter's view, out its .odt (SVC_NOT_FOUND, SVC_CONFLICT
   for a document that does not open). */
int attachments_bytes(svc *s, int64_t id, attachment_sink_fn sink, void *ctx);
int letters_odt(svc *s, int64_t id, letter_fn fn, void *ctx, buf *out);

#endif
