/*
 * dashboard — what needs a worker's attention today, gathered from every
 * kind of record (cases, aids, orientations, sick leaves, shares…).  Each
 * record's service gives its lines through the same callback, and the home
 * page (web/home.c) lays them out.
 *
 * Secrecy: a worker's lines come from the cases she may open (référent or
 * live share) and link to the case; the head of service gets counts only —
 * one line per kind with case_id 0 and no person — never a name.  Other
 * roles get nothing (SVC_OK, no line).
 */
#ifndef RELAIS_DASHBOARD_H
#define RELAIS_DASHBOARD_H

#include <stdint.h>

#include "service/svc.h"

/* One line of the dashboard.  Strings valid during the callback only. */
struct dashboard_item {
	const char *kind;   /* stable code: "no_contact", "aid_waiting", "orientation_waiting",
			       "long_leave", "share_ending", "appointment"… */
	int64_t case_id;    /* the case to open; 0 on the head's count lines */
	const char *person; /* "Nom Prénom" of the case's person; NULL on count lines */
	const char *date;   /* YYYY-MM-DD the line is about (sent on, leave start…), or NULL */
	int64_t days;       /* days since that date (or until it, for what is coming) */
	int64_t count;      /* 1 on a worker's line; the number of lines on a head's line */
	const char *time;   /* HH:MM of an appointment, else NULL */
};

typedef int (*dashboard_fn)(void *ctx, const struct dashboard_item *item);

#define DASHBOARD_NO_CONTACT_DAYS 60 /* an open case without contact for this long */
#define DASHBOARD_SHARE_DAYS 7       /* shares that end within this many days */

/*
 * Every line of the caller's dashboard, kind by kind in a fixed order, in
 * one audited read: one transaction and one access-log entry,
 * "dashboard.read" (svc_page_begin, service/internal.h).  SVC_OK (also for roles that get
 * nothing) or SVC_ERROR.
 */
int dashboard_collect(svc *s, dashboard_fn fn, void *ctx);

#endif
