/* employee_requests — see employee_requests.h. */
#include "domain/employee_requests.h"

#include <string.h>

#include "domain/contact.h"
#include "support/i18n.h"
#include "support/text.h"

int employee_requests_contact_is_email(const char *contact)
{
	return contact && strchr(contact, '@') != NULL;
}

int employee_requests_check(const struct employee_request_fields *f, struct verr *e)
{
	if (!text_field_ok(f->last_name, EMPLOYEE_REQUESTS_NAME_MAX, 0, 1))
		return verr_set(e, "last_name", N_("Indiquez votre nom (100 caractères au plus)."));
	if (!text_field_ok(f->first_name, EMPLOYEE_REQUESTS_NAME_MAX, 0, 1))
		return verr_set(e, "first_name",
				N_("Indiquez votre prénom (100 caractères au plus)."));
	if (!f->contact ||
	    !(employee_requests_contact_is_email(f->contact) ? contact_email_ok(f->contact)
							      : contact_phone_ok(f->contact)))
		return verr_set(e, "contact", N_("Indiquez un numéro de téléphone ou une adresse "
						 "e-mail valide."));
	if (!f->preference ||
	    (strcmp(f->preference, "permanence") != 0 && strcmp(f->preference, "telephone") != 0))
		return verr_set(e, "preference",
				N_("Choisissez une rencontre à la permanence ou un appel."));
	if (!text_field_ok(f->message, EMPLOYEE_REQUESTS_MESSAGE_MAX, 1, 0))
		return verr_set(e, "message", N_("Le message fait au plus 500 caractères."));
	if (!f->consent)
		return verr_set(e, "consent", N_("Cochez la case pour accepter d'être contacté(e) "
						 "par le service social."));
	return 0;
}

int employee_requests_rate_allows(int64_t client_last_hour, int64_t link_last_day)
{
	return client_last_hour < EMPLOYEE_REQUESTS_RATE_PER_CLIENT &&
	       link_last_day < EMPLOYEE_REQUESTS_RATE_PER_LINK;
}
