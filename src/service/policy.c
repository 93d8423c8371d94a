/* policy — see policy.h.  DESIGN §2: what each role sees. */
#include "service/policy.h"

const struct policy_rule policy_table[ACT__COUNT] = {
	[ACT_PUBLIC] = {"public", ROLE_BIT(ROLE_NONE) | ROLES_ALL_SIGNED_IN},
	[ACT_SIGNED_IN] = {"signed_in", ROLES_ALL_SIGNED_IN},
	[ACT_USERS_READ] = {"users.read", ROLE_BIT(ROLE_ADMIN)},
	[ACT_USERS_CREATE] = {"users.create", ROLE_BIT(ROLE_ADMIN)},
	[ACT_AUDIT_READ] = {"audit.read", ROLE_BIT(ROLE_AUDITOR)},
	[ACT_REFERENCE_READ] = {"reference.read", ROLES_ALL_SIGNED_IN},
	[ACT_REFERENCE_EDIT] = {"reference.edit", ROLE_BIT(ROLE_ADMIN)},
	[ACT_ORGS_READ] = {"organisations.read",
			   ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_HEAD) | ROLE_BIT(ROLE_WORKER)},
	[ACT_ORGS_EDIT] = {"organisations.edit", ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_HEAD)},
	[ACT_ORGS_ASSIGN] = {"organisations.assign", ROLE_BIT(ROLE_HEAD)},
	[ACT_CASEWORK] = {"casework", ROLE_BIT(ROLE_WORKER)},
	[ACT_RECORD] = {"record", ROLES_ALL_SIGNED_IN},
	[ACT_CASELOADS] = {"caseloads", ROLE_BIT(ROLE_HEAD)},
	[ACT_REPORTS] = {"reports", ROLE_BIT(ROLE_HEAD) | ROLE_BIT(ROLE_EMPLOYER)},
	[ACT_BILAN_PUBLISH] = {"bilan.publish", ROLE_BIT(ROLE_HEAD)},
	[ACT_CONVENTIONS_EDIT] = {"conventions.edit", ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_HEAD)},
	[ACT_HOURS_READ] = {"hours.read", ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_HEAD) |
						  ROLE_BIT(ROLE_WORKER) | ROLE_BIT(ROLE_EMPLOYER)},
	[ACT_TIME] = {"time", ROLE_BIT(ROLE_WORKER)},
	/* Shared by the whole service; the employer and the auditor have no use for it. */
	[ACT_PARTNERS_READ] = {"partners.read",
			       ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_HEAD) | ROLE_BIT(ROLE_WORKER)},
	[ACT_PARTNERS_ADD] = {"partners.add",
			      ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_HEAD) | ROLE_BIT(ROLE_WORKER)},
	[ACT_PARTNERS_EDIT] = {"partners.edit", ROLE_BIT(ROLE_ADMIN)},
	[ACT_COLLECTIVE_READ] = {"collective_actions.read",
				 ROLE_BIT(ROLE_HEAD) | ROLE_BIT(ROLE_WORKER) | ROLE_BIT(ROLE_EMPLOYER)},
	[ACT_COLLECTIVE_EDIT] = {"collective_actions.edit", ROLE_BIT(ROLE_HEAD) | ROLE_BIT(ROLE_WORKER)},
	/* The reception (secrétariat) books permanences too. */
	[ACT_PERMANENCES_EDIT] = {"permanences.edit", ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_HEAD) |
							      ROLE_BIT(ROLE_RECEPTION)},
	[ACT_PERMANENCES_READ] = {"permanences.read", ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_HEAD) |
							      ROLE_BIT(ROLE_WORKER) |
							      ROLE_BIT(ROLE_EMPLOYER) |
							      ROLE_BIT(ROLE_RECEPTION)},
	[ACT_PERMANENCE_EXCEPTIONS] = {"permanences.exceptions", ROLE_BIT(ROLE_ADMIN) |
									 ROLE_BIT(ROLE_HEAD) |
									 ROLE_BIT(ROLE_WORKER) |
									 ROLE_BIT(ROLE_RECEPTION)},
	/* The reception books and moves any worker's appointments, persons
	   named only to it for its own bookings (service/appointments.h). */
	[ACT_APPOINTMENTS] = {"appointments", ROLE_BIT(ROLE_HEAD) | ROLE_BIT(ROLE_WORKER) |
						      ROLE_BIT(ROLE_RECEPTION)},
	[ACT_CALENDAR] = {"calendar", ROLE_BIT(ROLE_WORKER)},
	[ACT_REQUESTS_SEND] = {"requests.send", ROLE_BIT(ROLE_EMPLOYER)},
	[ACT_REQUESTS_READ] = {"requests.read",
			       ROLE_BIT(ROLE_HEAD) | ROLE_BIT(ROLE_WORKER) | ROLE_BIT(ROLE_EMPLOYER)},
	[ACT_REQUESTS_REPLY] = {"requests.reply", ROLE_BIT(ROLE_HEAD) | ROLE_BIT(ROLE_WORKER)},
	[ACT_REQUEST_LINKS] = {"request_links", ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_HEAD)},
	/* Names typed by employees: their organisation's workers only (the head: counts). */
	[ACT_EMPLOYEE_REQUESTS] = {"employee_requests", ROLE_BIT(ROLE_WORKER)},
	/* Who proposes (admin: accounts; head: transfers; référent: hand-overs) and who
	   confirms (head: accounts; the receiving worker: her new cases). */
	[ACT_PROPOSALS] = {"proposals",
			   ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_HEAD) | ROLE_BIT(ROLE_WORKER)},
	/* The référent asks (her requests listed), a head decides (rights.h). */
	[ACT_ERASURES] = {"erasures", ROLE_BIT(ROLE_HEAD) | ROLE_BIT(ROLE_WORKER)},
	/* Counts only, no personal data: the head, who answers for the files. */
	[ACT_RETENTION] = {"retention", ROLE_BIT(ROLE_HEAD)},
	/* Issue 16: the service's letter templates (no personal data). */
	[ACT_LETTER_TEMPLATES] = {"letter_templates.edit", ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_HEAD)},
	[ACT_LETTER_TEMPLATES_READ] = {"letter_templates.read", ROLE_BIT(ROLE_ADMIN) |
								  ROLE_BIT(ROLE_HEAD) |
								  ROLE_BIT(ROLE_WORKER)},
};

int policy_allows(enum role role, enum action action)
{
	if (action < 0 || action >= ACT__COUNT || role < 0 || role >= ROLE__COUNT)
		return 0;
	return (policy_table[action].roles & ROLE_BIT(role)) != 0;
}

int policy_needs_session(enum action action)
{
	return !policy_allows(ROLE_NONE, action);
}

const char *policy_action_name(enum action action)
{
	if (action < 0 || action >= ACT__COUNT)
		return "unknown";
	return policy_table[action].name;
}
