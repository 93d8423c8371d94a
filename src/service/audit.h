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

struct audit_check {
	int64_t rows;      /* rows read */
	int64_t first_bad; /* id of the first broken row, 0 when the chain holds */
	const char *why;   /* what is wrong with it (static English text) */
};
/* Walks the whole chain (policy: audit.read). */
int audit_verify(svc *s, struct audit_check *out);

#endif
