/* account — see account.h. */
#include "domain/account.h"

#include <string.h>

#include "domain/role.h"
#include "support/i18n.h"
#include "support/sec.h"
#include "support/text.h"

int account_check_login(const char *login, struct verr *e)
{
	if (!login || !*login)
		return verr_set(e, "login", N_("L'identifiant est obligatoire."));
	size_t n = strlen(login);
	if (n < 2 || n > ACCOUNT_LOGIN_MAX)
		return verr_set(e, "login", N_("L'identifiant doit compter de 2 à 64 caractères."));
	for (const char *p = login; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		      c == '_'))
			return verr_set(e, "login",
					N_("L'identifiant ne peut contenir que des minuscules sans "
					   "accent, des chiffres, « . », « - » et « _ »."));
	}
	return 0;
}

int account_check_name(const char *name, struct verr *e)
{
	if (!name || !*name)
		return verr_set(e, "name", N_("Le nom est obligatoire."));
	size_t n = strlen(name);
	if (!text_is_clean_utf8(name, n, 0))
		return verr_set(e, "name", N_("Le nom contient des caractères non valides."));
	if (text_utf8_chars(name) > ACCOUNT_NAME_MAX)
		return verr_set(e, "name", N_("Le nom ne doit pas dépasser 200 caractères."));
	return 0;
}

int account_check_password(const char *password, struct verr *e)
{
	if (!password || !*password)
		return verr_set(e, "password", N_("Le mot de passe est obligatoire."));
	size_t n = strlen(password);
	if (n > ACCOUNT_PASSWORD_MAX || !text_is_clean_utf8(password, n, 0))
		return verr_set(e, "password", N_("Le mot de passe contient des caractères non valides "
						  "ou est trop long."));
	if (text_utf8_chars(password) < SEC_PASSWORD_MIN_CHARS)
		return verr_set(e, "password",
				N_("Le mot de passe doit compter au moins 12 caractères."));
	return 0;
}

int account_check_role(const char *role, struct verr *e)
{
	if (role_from_code(role) == ROLE_NONE)
		return verr_set(e, "role", N_("Rôle inconnu (admin, head, worker, reception, "
					      "employer ou auditor)."));
	return 0;
}
