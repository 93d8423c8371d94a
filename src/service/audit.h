/*
 * audit — the access log (CNIL): who did what to which record, when and
 * from where; never the content.  Append-only and hash-chained (see
 * domain/audit_chain.h).  Every use case that reads or writes personal
 * data calls svc_audit() (service/internal.h) inside its own transaction, so the entry and
 * the change commit or vanish together.
 */
#ifndef RELAIS_AUDIT_H
#define RELAIS_AUDIT_H

#include <stdint.h>

#include "service/svc.h"

/* One row as read back. Strings are valid during the callback only. */
struct audit_row {
	int64_t id;
	int64_t at;
	int64_t actor_id;        /* 0 when none */
	const char *actor_login; /* NULL when anonymous */
	const char *action;
	const char *object_type; /* may be NULL */
	const char *object_id;   /* may be NULL */
	const char *client_addr; /* may be NULL */
	const char *prev_hash;
	const char *hash;
};

/* Return non-zero to stop. */
typedef int (*audit_row_fn)(void *ctx, const struct audit_row *row);

/* The most recent entries, newest first (policy: audit.read). */
int audit_recent(svc *s, int limit, audit_row_fn fn, void *ctx);
/* Every entry, oldest first (policy: audit.read). */
int audit_scan(svc *s, audit_row_fn fn, void *ctx);

struct audit_check {
	int64_t rows;      /* rows read */
	int64_t first_bad; /* id of the first broken row, 0 when the chain holds */
	const char *why;   /* what is wrong with it (static English text) */
};
/* Walks the whole chain (policy: audit.read). */
int audit_verify(svc *s, struct audit_check *out);

#endif
