/* employer_requests — see employer_requests.h. */
#include "domain/employer_requests.h"

#include <string.h>

#include "support/i18n.h"
#include "support/text.h"

int employer_requests_check(const char *subject, const char *message, const char *contact,
			    struct verr *e)
{
	if (!text_field_ok(subject, EMPLOYER_REQUESTS_SUBJECT_MAX, 0, 1))
		return verr_set(e, "subject", N_("L'objet est requis : 200 caractères au plus, sur "
						 "une ligne."));
	if (!text_field_ok(message, EMPLOYER_REQUESTS_MESSAGE_MAX, 1, 1))
		return verr_set(e, "message", N_("Le message est requis : 4 000 caractères au plus."));
	if (!text_field_ok(contact, EMPLOYER_REQUESTS_CONTACT_MAX, 0, 0))
		return verr_set(e, "contact", N_("Le contact fait au plus 200 caractères, sur une "
						 "ligne."));
	return 0;
}

int employer_requests_reply_check(const char *message, struct verr *e)
{
	if (!text_field_ok(message, EMPLOYER_REQUESTS_MESSAGE_MAX, 1, 1))
		return verr_set(e, "message", N_("La réponse est requise : 4 000 caractères au plus."));
	return 0;
}

int employer_requests_is_live(const char *status)
{
	return status && (strcmp(status, "open") == 0 || strcmp(status, "answered") == 0);
}
