/*
 * twoperson — the two-person rule (DESIGN §2b, separation of duties): no
 * single account can give itself access to case files.  An account for a
 * worker or a head, its reset and its re-enablement, a caseload transfer
 * and a case handed over take effect only once a second person confirms:
 *
 *   what                         proposed by        confirmed by
 *   account_create/reset/enable  the administrator  a head (not the account concerned)
 *   caseload_transfer            the head           the receiving worker
 *   case_handover                référent or head   the receiving worker
 *
 * The confirmer is always a different, active account with the role
 * entitled to confirm, neither the proposer nor the account concerned.  A
 * link (enrolment, reset) is issued only at confirmation and shown to the
 * confirmer alone.  The worker whose cases move sees the proposal and its
 * outcome ("the current référent is told").
 *
 * The operator's command line is not subject to the rule (it creates the
 * first head).  A one-person service may switch the rule off, from the
 * command line only (twoperson_set), audited; the auditor's page then
 * shows a permanent banner.
 *
 * Every proposal, confirmation, refusal and withdrawal is audited.
 */
#ifndef RELAIS_TWOPERSON_H
#define RELAIS_TWOPERSON_H

#include <stdint.h>

#include "domain/role.h"
#include "service/svc.h"
#include "support/sec.h"

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

/* --- The page of proposals (policy: proposals) --- */

/* One proposal as listed.  Strings valid during the callback only. */
struct proposal_view {
	int64_t id;
	enum proposal_kind kind;
	const char *status;         /* pending, confirmed, refused, withdrawn */
	const char *proposer;       /* login */
	const char *subject;        /* login of the account concerned, or NULL */
	const char *target;         /* login of the receiving worker, or NULL */
	int64_t case_id;            /* the case handed over, or 0 */
	const char *organisation;   /* the case's organisation's name, or NULL */
	const char *login, *name, *role; /* the account proposed, or NULL */
	int64_t created_at, decided_at;
	const char *decided_by;     /* login, or NULL */
	int may_decide;             /* the viewer may confirm or refuse it now */
	int mine;                   /* the viewer proposed it (she may withdraw it) */
	int about_me;               /* it concerns the viewer's account or cases */
};
typedef int (*proposal_fn)(void *ctx, const struct proposal_view *v);

/* What concerns the signed-in user, newest first: pending ones and those
   decided in the last TWOPERSON_RECENT seconds. */
int twoperson_list(svc *s, proposal_fn fn, void *ctx);

/* What a confirmation produced. */
struct proposal_outcome {
	enum proposal_kind kind;
	char login[65];                 /* the account created, reset or re-enabled */
	char token[SEC_TOKEN_LEN + 1];  /* its enrolment or reset link's token, "" for none:
					   shown to the confirmer only, once */
	int64_t cases, persons;         /* a transfer's counts */
	int64_t case_id;                /* a hand-over's case */
};

/*
 * Confirms proposal id as the signed-in user and applies it, in one
 * transaction (audited proposal.confirm beside the change's own entry).
 * SVC_NOT_FOUND when the viewer may not know it; SVC_FORBIDDEN when she
 * may not confirm it (its proposer, the account concerned, a role not
 * entitled, no second factor; audited proposal.confirm_denied);
 * SVC_CONFLICT when it was already decided, has expired or no longer
 * applies (the case changed référent…); SVC_INVALID from the change.
 * out (may be NULL) gets what it produced.
 */
int twoperson_confirm(svc *s, int64_t id, struct proposal_outcome *out);
/* Refuses it (same entitlement as confirming; audited proposal.refuse). */
int twoperson_refuse(svc *s, int64_t id);
/* Its proposer withdraws it (audited proposal.withdraw). */
int twoperson_withdraw(svc *s, int64_t id);

#endif
