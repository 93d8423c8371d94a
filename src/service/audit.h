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

/*
 * What the DPO searches the log by (issue 17): a person (her entries, her
 * cases' and their records', her appointments'), an account, an action
 * code, a time range — never a name typed in.  Zero or NULL: any.
 */
struct audit_filter {
	int64_t person_id; /* 0: any */
	int64_t actor_id;  /* the account, 0: any */
	const char *action; /* an action code (domain/audit_labels.h), NULL or "": any */
	int64_t from;      /* Unix seconds, inclusive; 0: from the start */
	int64_t until;     /* Unix seconds, exclusive; 0: up to now */
};

/*
 * Reads a filter from the texts a form or a query gave (each may be NULL
 * or ""): person an id or the person's page link pasted (".../persons/12"),
 * account an id, action a labelled action code, from and to dates
 * AAAA-MM-JJ in the service's time zone (to inclusive).  0, or -1 with
 * *field naming the refused one ("person", "account", "action", "from",
 * "to") and *message its French refusal (a msgid: show it through _()).
 */
int audit_filter_read(const char *person, const char *account, const char *action,
		      const char *from, const char *to, struct audit_filter *f, const char **field,
		      const char **message);

/* One page of them (service/paging.h), newest first, and their number
   (policy: audit.read; the reading is logged as audit.read).  f may be
   NULL (every entry).  The cursor is the last entry's id; SVC_INVALID
   ("after") for one that is not. */
struct page;
int audit_page(svc *s, const struct audit_filter *f, struct page *pg, audit_row_fn fn,
	       void *ctx);

/* Every entry f selects, newest first, for an export in `format` ("csv",
   "json"): the export is itself logged (audit.export, naming the format and
   the filter, never a name).  Policy: audit.read. */
int audit_export(svc *s, const struct audit_filter *f, const char *format, audit_row_fn fn,
		 void *ctx);

/* The accounts the log can be filtered by, by login (policy: audit.read).
   Strings are valid during the callback only; return non-zero to stop. */
typedef int (*audit_account_fn)(void *ctx, int64_t id, const char *login, const char *name);
int audit_accounts(svc *s, audit_account_fn fn, void *ctx);
/* Every entry, oldest first, read a page at a time in constant memory
   (policy: audit.read). */
int audit_scan(svc *s, audit_row_fn fn, void *ctx);

/*
 * The report reads of employer accounts (issue 11): every read of a bilan
 * is audited as report.read with its parameters in the object (e.g.
 * "montreuil/2008/employer/v1/pdf"); an account reading more than the
 * configured number a day (serve --report-read-alert, default 20) may be
 * trying to difference or average the figures, and is flagged.
 */
struct report_read {
	int64_t at;         /* Unix seconds */
	const char *login;  /* the employer account */
	const char *object; /* organisation/year/audience/… as audited */
};
struct report_read_alert {
	const char *login;      /* the employer account */
	const char *day;        /* YYYY-MM-DD, the service's time zone */
	int64_t reads;          /* its report reads that day, > threshold */
};
/* Return non-zero to stop.  Strings are valid during the callback only. */
typedef int (*report_read_fn)(void *ctx, const struct report_read *r);
typedef int (*report_alert_fn)(void *ctx, const struct report_read_alert *a);

struct report_reads {
	int threshold;            /* out: the reads a day above which an alert is raised */
	report_alert_fn on_alert; /* each alert, by account then day (may be NULL) */
	report_read_fn on_read;   /* the latest reads, newest first (may be NULL) */
	void *ctx;                /* passed to both */
};

/* The alerts over the whole log, then the `limit` latest report reads of
   employer accounts (policy: audit.read; the consultation is audited). */
int audit_report_reads(svc *s, int limit, struct report_reads *out);

/*
 * Verification.  The chain is checked from its starting point (the latest
 * checkpoint of the retention purge, or the genesis), and compared with
 * what lives outside the database: the anchor files (each commit's head,
 * appended and synced next to the key file, see app.h), the head the
 * writer recorded, and the append-only triggers.  Each way of cutting the
 * log is named by a flag.
 */
enum audit_tamper {
	AUDIT_TAIL_DELETED = 1 << 0,      /* entries after some point removed */
	AUDIT_TABLE_TRUNCATED = 1 << 1,   /* every entry gone (TRUNCATE, DELETE) */
	AUDIT_TRIGGERS_DROPPED = 1 << 2,  /* the append-only triggers missing or disabled */
	AUDIT_OLDER_COPY = 1 << 3,        /* an older copy of the database put back, no restore record */
	AUDIT_ANCHOR_FORGED = 1 << 4,     /* an anchor line whose MAC is wrong */
	AUDIT_ANCHOR_MISMATCH = 1 << 5,   /* an entry whose hash is not the one anchored */
	AUDIT_CHECKPOINT_FORGED = 1 << 6, /* a purge checkpoint whose MAC is wrong */
	AUDIT_ANCHOR_UNREADABLE = 1 << 7, /* an anchor file that cannot be read */
	/* The segments of the anchor, one a master key (a key rotation line,
	   MACed under the former key and the new one, between two). */
	AUDIT_ROTATION_ONE_KEY = 1 << 8,  /* a rotation line only one of whose MACs holds */
	AUDIT_ROTATION_MISSING = 1 << 9,  /* the key changes with no rotation line */
	AUDIT_ROTATION_MOVED = 1 << 10,   /* a rotation line away from its segments' boundary */
	AUDIT_SEGMENT_OLD_KEY = 1 << 11,  /* a line MACed with a former key after its rotation */
};
#define AUDIT_TAMPER_KINDS 12

struct audit_check {
	int64_t rows;      /* entries checked */
	int64_t first_bad; /* id of the first broken entry, 0 when the chain holds */
	const char *why;   /* what is wrong with it (static English text) */
	int64_t from;      /* the check started after this entry (0: the genesis) */
	int64_t head;      /* the database's last entry (0: none) */
	int64_t recorded;  /* the head the database recorded along the entries */
	int64_t anchored;  /* the last entry the anchors vouch for (0: none) */
	int64_t anchor_lines; /* anchor lines read */
	int64_t forged_line;  /* line number of the first forged anchor line (0: none) */
	int64_t segment_line; /* line number of the first line out of its key's segment (0: none) */
	unsigned tamper;      /* enum audit_tamper flags */
};

/* 1 when nothing is wrong. */
int audit_check_ok(const struct audit_check *c);
/* The French name of one flag (a gettext msgid: show it through _()). */
const char *audit_tamper_name(unsigned flag);

/* The whole chain against the service's own anchor file (policy:
   audit.read; the verification is audited). */
int audit_verify(svc *s, struct audit_check *out);
/*
 * The whole chain against the anchor files given (several servers, one
 * file each; n may be 0), for `relais audit verify --anchor F…` and
 * `relais check` (system calls only).
 */
int audit_verify_anchors(svc *s, const char *const *anchors, size_t n, struct audit_check *out);
/*
 * The auditor's page: from the last verified head (kept in the database
 * under a MAC) instead of the whole chain, against the tail of the
 * service's own anchor file; records the new verified head when all holds.
 */
int audit_verify_incremental(svc *s, struct audit_check *out);

/*
 * After `relais restore`: appends to the service's anchor file a signed
 * restore record naming the restored database's head ("restored from a
 * backup whose head is entry S, hash H"), so that verification accepts the
 * shorter chain as a restore, not as an older copy put back (system calls
 * only).  *seq (may be NULL) gets S.  SVC_OK or SVC_ERROR (logged).
 */
int audit_anchor_restore(svc *s, int64_t *seq);
/*
 * At the end of a key rotation (service/keys.c), before anything is
 * anchored under the new key: appends the rotation line naming the
 * chain's head, MACed under the former anchor subkey and the new one
 * (system calls only).  SVC_OK or SVC_ERROR (logged).
 */
int audit_anchor_rotation(svc *s);

/*
 * The access log's retention (DESIGN §2b: one year): removes the entries
 * older than a year before now, in one transaction with a checkpoint row
 * (sequence and hash of the last removed entry, MACed) and an audit.purge
 * entry; *purged gets how many went.  System calls only.
 */
#define AUDIT_RETENTION_SECONDS 31536000
int audit_retention(svc *s, int64_t now, int64_t *purged);

#endif
