/*
 * calendar — each worker's private iCalendar feed (RFC 5545): her
 * permanences and appointments of the next 12 months, with nothing about
 * a person — every appointment is "Rendez-vous service social", placed at
 * its site only (DESIGN §2b, discreet calendars).
 *
 * The feed's URL carries a secret: a keyed hash (master key) of the
 * worker's id and a random salt.  The database keeps the salt and the
 * hash of the secret (looked up like a session), never the secret itself;
 * revoking draws a new salt, and the old URL is "not found".
 */
#ifndef RELAIS_SERVICE_CALENDAR_H
#define RELAIS_SERVICE_CALENDAR_H

#include "domain/field.h"
#include "service/svc.h"
#include "support/buf.h"
#include "support/sec.h"

#define CALENDAR_SECRET_LEN SEC_HASH_HEX_LEN /* hex digits */
#define CALENDAR_DAYS 366                    /* the feed covers today and the next 12 months */
#define CALENDAR_PAST_DAYS 30                /* and the last month's appointments */

/* The caller's feed secret into out, created on first call (audited
   calendar.create) — or replaced when revoke is set (calendar.revoke). */
int calendar_secret(svc *s, int revoke, char out[CALENDAR_SECRET_LEN + 1]);

/* The week page's request for the address: revoke 1 renews it, 0 (or
   anything else) shows the current one. */
struct calendar_request {
	int64_t revoke;
};
enum { CALENDAR_REVOKE, CALENDAR__FIELDS };
extern const struct field calendar_fields[CALENDAR__FIELDS];

/* The feed of the worker holding secret, as text/calendar into out
   (audited calendar.feed); SVC_NOT_FOUND for an unknown or revoked
   secret, or an inactive account. */
int calendar_render(svc *s, const char *secret, buf *out);

#endif
