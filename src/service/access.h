/*
 * access — what the person's right of access adds to her file's records
 * (issue 17, item 4; RGPD art. 15): every change of her consents, her
 * appointments, and who read her file and when, from the access log (the recipients of her data).  The
 * document itself (JSON or PDF, api/export.c) gathers the rest through
 * each record's own use case.
 */
#ifndef RELAIS_ACCESS_H
#define RELAIS_ACCESS_H

#include <stdint.h>

#include "service/persons.h"
#include "service/svc.h"

/* One appointment of the person.  Strings valid during the callback. */
struct access_appointment {
	const char *start, *end; /* AAAA-MM-JJTHH:MM */
	const char *mode, *status;
	const char *worker; /* the worker's login */
};

/* One entry of the access log about her file: her, her cases, their
   records, her appointments. */
struct access_read {
	int64_t at;           /* Unix seconds */
	const char *login;    /* the account, NULL when none */
	const char *action;   /* the code (domain/audit_labels.h) */
	const char *object;   /* the object's code, may be NULL */
};

struct access_extras {
	int (*appointment)(void *ctx, const struct access_appointment *a); /* non-zero: stop */
	int (*read)(void *ctx, const struct access_read *r);               /* newest first */
	int (*consent)(void *ctx, const struct consent_change *c);         /* oldest first */
	void *ctx;
};

/* At most this many access-log entries in one document (newest first). */
#define ACCESS_READS_MAX 5000

/*
 * Every change of person id's consents (persons.h), oldest first, the
 * appointments of person id, oldest first, then the access log's
 * entries about her file, newest first — for whoever may open the person
 * (others: SVC_NOT_FOUND, the refusal audited as person.read_denied).  The
 * document is audited as person.access_document.  SVC_OK or an error.
 */
int access_extras(svc *s, int64_t id, const struct access_extras *x);

#endif
