/*
 * role — who a user is in the service (DESIGN §2).  One per account.
 */
#ifndef RELAIS_ROLE_H
#define RELAIS_ROLE_H

enum role {
	ROLE_NONE = 0, /* not signed in */
	ROLE_ADMIN,    /* administrateur: users, settings, reference lists */
	ROLE_HEAD,     /* responsable de service: aggregates, assignments */
	ROLE_WORKER,   /* assistant(e) de service social, CESF: case files */
	ROLE_EMPLOYER, /* contact RH of one client organisation */
	ROLE_AUDITOR,  /* reads the audit log only */
	ROLE_RECEPTION, /* secrétariat / accueil: books and moves appointments and
			   permanences; no case, no person */
	ROLE__COUNT
};

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL_SIGNED_IN                                                          \
	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_HEAD) | ROLE_BIT(ROLE_WORKER) |        \
	 ROLE_BIT(ROLE_EMPLOYER) | ROLE_BIT(ROLE_AUDITOR) | ROLE_BIT(ROLE_RECEPTION))

/* "worker" → ROLE_WORKER; ROLE_NONE for anything else. */
enum role role_from_code(const char *code);
/* Stable code ("worker"); "none" for ROLE_NONE. */
const char *role_code(enum role r);
/* French label, translatable ("Travailleur social (AS ou CESF)"). */
const char *role_label(enum role r);

#endif
