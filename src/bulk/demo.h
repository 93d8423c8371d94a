/*
 * demo — a realistic demonstration service, modelled on seed 003 (the CIG
 * Petite Couronne's workplace social service): 14 collectivités totalling
 * 11,367 agents in 2008, 8 social workers, activity from 2006 to 2009 such
 * that the 2008 bilan shows 590 persons followed (5.2 %), 82 % titulaires
 * or stagiaires, 96 % category C, 36 % living alone, 30 % single-parent
 * families, 68 % aged 35 to 55, and dependent parents as an emerging
 * theme.  Everything goes through the use cases (audited, encrypted) in one
 * transaction, the field records in the name of the worker who would have
 * written them (svc_act_as).  Command line only.
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

/*
 * Fills an empty service (no organisation yet, else SVC_CONFLICT) from a
 * seed (the same seed gives the same service); fn (may be NULL) receives
 * each account created, once.  SVC_OK; SVC_FORBIDDEN outside the command
 * line; SVC_ERROR (or the code of the use case that refused) with nothing
 * written.
 */
int demo_fill(svc *s, uint64_t seed, demo_account_fn fn, void *ctx);

#endif
