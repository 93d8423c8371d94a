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

#include "service/svc.h"
#include "service/twoperson_rule.h"
#include "support/sec.h"

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
