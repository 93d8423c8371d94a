/*
 * contact — how a phone number and an e-mail address are checked, for
 * persons and partners alike.  Pure functions.
 */
#ifndef RELAIS_CONTACT_H
#define RELAIS_CONTACT_H

#define CONTACT_PHONE_MAX 30  /* bytes */
#define CONTACT_EMAIL_MAX 254 /* bytes (RFC 5321) */

/* 1 when s is digits (at least 4), spaces and + . - ( ), 30 bytes at most. */
int contact_phone_ok(const char *s);
/* 1 when s looks like one address: local@domain.tld, no spaces, commas,
   semicolons or angle brackets, 254 bytes at most. */
int contact_email_ok(const char *s);

/* The forms compared to find a duplicate (service/persons.h's keyed
   indexes), so that one number or address typed two ways matches.
   CONTACT_NORM_MAX bytes with the NUL. */
#define CONTACT_NORM_MAX (CONTACT_EMAIL_MAX + 1)
/* A phone number's digits, a French one in its national form: "+33 6 12
   34 56 78", "0033 (0)6 12 34 56 78", "06.12.34.56.78" and "0612345678"
   all give "0612345678"; another country's keeps its "+" and code
   ("+44 20 7946 0958" gives "+442079460958").  "" when s has no digit. */
void contact_phone_norm(const char *s, char out[CONTACT_NORM_MAX]);
/* An e-mail address trimmed of spaces and lower-cased (ASCII): "
   Jean.Dupont@Exemple.FR " gives "jean.dupont@exemple.fr". */
void contact_email_norm(const char *s, char out[CONTACT_NORM_MAX]);

#endif
