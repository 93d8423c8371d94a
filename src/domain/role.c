/* role — see role.h. */
#include "domain/role.h"

#include <string.h>

#include "support/i18n.h"

static const struct {
	const char *code;
	const char *label;
} roles[ROLE__COUNT] = {
	[ROLE_NONE] = {"none", N_("Non connecté")},
	[ROLE_ADMIN] = {"admin", N_("Administrateur")},
	[ROLE_HEAD] = {"head", N_("Responsable de service")},
	/* AS or CESF: the account holds no profession, so the label names both. */
	[ROLE_WORKER] = {"worker", N_("Travailleur social (AS ou CESF)")},
	[ROLE_EMPLOYER] = {"employer", N_("Contact employeur")},
	[ROLE_AUDITOR] = {"auditor", N_("Auditeur")},
	[ROLE_RECEPTION] = {"reception", N_("Secrétariat / accueil")},
};

enum role role_from_code(const char *code)
{
	if (!code)
		return ROLE_NONE;
	for (int r = ROLE_ADMIN; r < ROLE__COUNT; r++)
		if (strcmp(code, roles[r].code) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

const char *role_code(enum role r)
{
	return (r >= 0 && r < ROLE__COUNT) ? roles[r].code : "none";
}

const char *role_label(enum role r)
{
	return _((r >= 0 && r < ROLE__COUNT) ? roles[r].label : roles[ROLE_NONE].label);
}
