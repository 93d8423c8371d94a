/*
 * demo — a realistic demonstration service, modelled on seed 003 (the CIG
 * Petite Couronne's workplace social service): 14 collectivités totalling
 * 11,367 agents in 2008, 8 social workers, activity over four years such
 * that the bilan of the year before last shows 590 persons followed
 * (5.2 %), 82 % titulaires or stagiaires, 96 % category C, 36 % living
 * alone, 30 % single-parent families, 68 % aged 35 to 55, and dependent
 * parents as an emerging theme.  The four years end with the year of
 * "today": the reference, today DEMO_REFERENCE_TODAY, is the service of
 * 2006–2009 (the 2008 bilan above); a later today moves that history by
 * whole years, cut at today as a real service would be (cases not yet
 * opened, closings, decisions and answers not yet come), and adds the
 * present: open cases seen in the last weeks but for a few, aids and
 * orientations waiting, this week's permanences and appointments,
 * employees' requests to be contacted.  Everything goes through the use
 * cases (audited, encrypted) in one transaction, the field records in the
 * name of the worker who would have written them (svc_act_as).  Command
 * line only.
 */
#ifndef RELAIS_DEMO_H
#define RELAIS_DEMO_H

#include <stdint.h>

#include "service/svc.h"

/* An account the demo created, reported once with its enrolment link's
   token and the TOTP secret (base32) the link proposes: for the demo
   only, so a person can try it with `oathtool --totp --base32 SECRET`. */
typedef void (*demo_account_fn)(void *ctx, const char *login, const char *role,
				const char *token, const char *totp_secret);

/* The today of the reference service, 2006–2009, and the earliest one. */
#define DEMO_REFERENCE_TODAY "2009-12-31"

/*
 * Fills an empty service (no organisation yet, else SVC_CONFLICT) from a
 * seed and today (YYYY-MM-DD, from DEMO_REFERENCE_TODAY to the real today;
 * NULL: the real today): the same seed and today give the same service.
 * fn (may be NULL) receives each account created, once.  Then publishes
 * the bilans of the years over by today.  SVC_OK; SVC_INVALID for another
 * today; SVC_FORBIDDEN outside the command line; SVC_ERROR (or the code
 * of the use case that refused) with nothing written.
 */
int demo_fill(svc *s, uint64_t seed, const char *today, demo_account_fn fn, void *ctx);

#endif
