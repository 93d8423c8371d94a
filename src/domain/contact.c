/* contact — see contact.h. */
#include "domain/contact.h"

#include <string.h>

int contact_phone_ok(const char *s)
{
	if (strlen(s) > CONTACT_PHONE_MAX)
		return 0;
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" +.-()", *p))
			return 0;
	}
	return digits >= 4;
}

int contact_email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (strlen(s) > CONTACT_EMAIL_MAX || !at || at == s || strchr(at + 1, '@') ||
	    !strchr(at + 1, '.') || at[1] == '.' || s[strlen(s) - 1] == '.')
		return 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>')
			return 0;
	return 1;
}
