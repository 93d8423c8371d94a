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

void contact_phone_norm(const char *s, char out[CONTACT_NORM_MAX])
{
	char d[CONTACT_NORM_MAX];
	size_t n = 0;
	const char *p = s;
	while (*p == ' ')
		p++;
	int plus = *p == '+';
	for (; *p && n + 1 < sizeof d; p++)
		if (*p >= '0' && *p <= '9')
			d[n++] = *p;
	d[n] = '\0';
	/* The international prefix written 00 is the "+". */
	const char *digits = d;
	if (!plus && strncmp(digits, "00", 2) == 0) {
		plus = 1;
		digits += 2;
	}
	size_t o = 0;
	if (plus && strncmp(digits, "33", 2) == 0) {
		/* France: the national 0 instead of +33, once ("+33 (0)6…"). */
		digits += 2;
		while (*digits == '0')
			digits++;
		out[o++] = '0';
	} else if (plus && *digits) {
		out[o++] = '+';
	}
	/* At most n digits after one sign: within CONTACT_NORM_MAX. */
	while (*digits && o + 1 < CONTACT_NORM_MAX)
		out[o++] = *digits++;
	out[o] = '\0';
}

void contact_email_norm(const char *s, char out[CONTACT_NORM_MAX])
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = 0;
	for (; *s && n + 1 < CONTACT_NORM_MAX; s++)
		out[n++] = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
	while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		n--;
	out[n] = '\0';
}
