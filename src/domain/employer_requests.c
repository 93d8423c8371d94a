/* request — see request.h. */
#include "domain/request.h"

#include <string.h>

#include "domain/contact.h"
#include "support/i18n.h"
#include "support/text.h"

/* Clean UTF-8 of 1..max characters (0 allowed when optional). */
static int text_ok(const char *s, size_t max, int multiline, int optional)
{
	if (!s || !*s)
		return optional;
	size_t n = strlen(s);
	if (!text_is_clean_utf8(s, n, multiline))
		return 0;
	return text_utf8_chars(s) <= max;
}

/* Not only spaces and line breaks. */
static int has_text(const char *s)
{
	return s && s[strspn(s, " \t\r\n")] != '\0';
}

int employer_request_check(const char *subject, const char *message, const char *contact,
			   struct verr *e)
{
	if (!has_text(subject) || !text_ok(subject, REQUEST_SUBJECT_MAX, 0, 0))
		return verr_set(e, "subject", N_("L'objet est requis : 200 caractères au plus, sur "
						 "une ligne."));
	if (!has_text(message) || !text_ok(message, REQUEST_MESSAGE_MAX, 1, 0))
		return verr_set(e, "message", N_("Le message est requis : 4 000 caractères au plus."));
	if (!text_ok(contact, REQUEST_CONTACT_MAX, 0, 1))
		return verr_set(e, "contact", N_("Le contact fait au plus 200 caractères, sur une "
						 "ligne."));
	return 0;
}

int request_reply_check(const char *message, struct verr *e)
{
	if (!has_text(message) || !text_ok(message, REQUEST_MESSAGE_MAX, 1, 0))
		return verr_set(e, "message", N_("La réponse est requise : 4 000 caractères au plus."));
	return 0;
}

int employer_request_is_live(const char *status)
{
	return status && (strcmp(status, "open") == 0 || strcmp(status, "answered") == 0);
}

int employee_contact_is_email(const char *contact)
{
	return contact && strchr(contact, '@') != NULL;
}

int employee_request_check(const struct employee_request_fields *f, struct verr *e)
{
	if (!has_text(f->last_name) || !text_ok(f->last_name, EMPLOYEE_NAME_MAX, 0, 0))
		return verr_set(e, "last_name", N_("Indiquez votre nom (100 caractères au plus)."));
	if (!has_text(f->first_name) || !text_ok(f->first_name, EMPLOYEE_NAME_MAX, 0, 0))
		return verr_set(e, "first_name",
				N_("Indiquez votre prénom (100 caractères au plus)."));
	if (!f->contact || !(employee_contact_is_email(f->contact) ? contact_email_ok(f->contact)
								  : contact_phone_ok(f->contact)))
		return verr_set(e, "contact", N_("Indiquez un numéro de téléphone ou une adresse "
						 "e-mail valide."));
	if (!f->preference ||
	    (strcmp(f->preference, "permanence") != 0 && strcmp(f->preference, "telephone") != 0))
		return verr_set(e, "preference",
				N_("Choisissez une rencontre à la permanence ou un appel."));
	if (!text_ok(f->message, EMPLOYEE_MESSAGE_MAX, 1, 1))
		return verr_set(e, "message", N_("Le message fait au plus 500 caractères."));
	if (!f->consent)
		return verr_set(e, "consent", N_("Cochez la case pour accepter d'être contacté(e) "
						 "par le service social."));
	return 0;
}

int request_rate_allows(int64_t client_last_hour, int64_t link_last_day)
{
	return client_last_hour < REQUEST_RATE_PER_CLIENT && link_last_day < REQUEST_RATE_PER_LINK;
}
