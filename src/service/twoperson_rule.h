/*
 * twoperson_rule — the two-person rule's switch and the recording of
 * proposals, for the use cases the rule covers (users.h, accounts.h,
 * caseloads.h): whether a change must wait for a second person, and the
 * proposal that then stands for it.  Confirming, refusing and listing them
 * is twoperson.h, which applies a confirmed change through those use cases
 * (so that this side depends on none of them).
 */
#ifndef RELAIS_TWOPERSON_RULE_H
#define RELAIS_TWOPERSON_RULE_H

#include <stdint.h>

#include "domain/role.h"
#include "service/svc.h"

#define TWOPERSON_SETTING "two_person_rule" /* settings: "off"; absent or "on": on */
#define TWOPERSON_TTL (14 * 24 * 3600)      /* a proposal left pending expires */
#define TWOPERSON_RECENT (30 * 24 * 3600)   /* decided proposals listed that long */

enum proposal_kind {
	PROPOSAL_ACCOUNT_CREATE,
	PROPOSAL_ACCOUNT_RESET,
	PROPOSAL_ACCOUNT_ENABLE,
	PROPOSAL_CASELOAD_TRANSFER,
	PROPOSAL_CASE_HANDOVER,
	PROPOSAL__KINDS
};

/* The stored code of a kind ("account_create"…), or NULL. */
const char *proposal_kind_code(enum proposal_kind k);
/* The kind of a stored code; PROPOSAL__KINDS when unknown. */
enum proposal_kind proposal_kind_parse(const char *code);

/* Whether the rule is on (*on 1) or switched off (0); any caller.  SVC_OK
   or SVC_ERROR. */
int twoperson_enabled(svc *s, int *on);

/* Switches the rule on or off: the command line only (SVC_FORBIDDEN for
   any other call, audited two_person.set_denied); audited two_person.on /
   two_person.off. */
int twoperson_set(svc *s, int on);

/* --- For the use cases that the rule covers (users, caseloads) --- */

/*
 * Whether a change concerning an account of role `concerned` must wait
 * for a second person: 1 when it must be proposed, 0 when it takes effect
 * now (the rule is off, the command line acts, a confirmed proposal is
 * being applied, or the role is neither worker nor head), -1 on a store
 * error.
 */
int twoperson_applies(svc *s, enum role concerned);

/* A proposal to record. */
struct proposal_new {
	enum proposal_kind kind;
	int64_t subject_id; /* the account concerned (reset, enable; the worker whose cases move), or 0 */
	int64_t target_id;  /* the receiving worker (transfer, hand-over), or 0 */
	int64_t case_id;    /* the case handed over, or 0 */
	const char *login, *name, *role; /* the account to create, or NULL */
};

/*
 * Records p as proposed by the signed-in actor (audited proposal.create,
 * one transaction) and answers SVC_PENDING; twoperson_pending_id() then
 * gives its id.  SVC_CONFLICT when the same change already awaits a
 * confirmation; SVC_ERROR.
 */
int twoperson_propose(svc *s, const struct proposal_new *p);
/*
 * For users_reset and users_set_active (re-enabling): SVC_OK when the
 * change of account id may take effect now (twoperson_applies 0 for its
 * role); else the proposal of kind is recorded and its answer returned
 * (SVC_PENDING, SVC_CONFLICT), or SVC_NOT_FOUND for an unknown id, or
 * SVC_ERROR.
 */
int twoperson_account_change(svc *s, enum proposal_kind kind, int64_t id);

/* The id recorded by the call's last SVC_PENDING, else 0. */
int64_t twoperson_pending_id(const svc *s);

#endif
